// Element and data segments: each has several binary encodings (flags 0-7
// and 0-2). The one a decoded segment came in is kept when it still fits;
// otherwise the smallest one that fits is chosen.
// https://webassembly.github.io/spec/core/binary/modules.html#element-section

import type { ConstExpr, DataSegment, ElemSegment, RefType } from '@tswasm/ir';
import { at } from './encode-error.js';
import { writeExpr } from './instrs.js';
import { writeRefType } from './types.js';
import type { ByteWriter } from './writer.js';

/** Bit 0: passive or declarative; bit 1: table index or declarative; bit 2: expressions. */
const passiveBit = 1;
const explicitBit = 2;
const exprsBit = 4;

/** `(ref func)`: the type of segments of function indices (flags 0-3). */
function isRefFunc(type: RefType): boolean {
  return !type.nullable && type.heapType === 'func';
}

/** `funcref`: the type flags 4 stands for. */
function isFuncref(type: RefType): boolean {
  return type.nullable && type.heapType === 'func';
}

/** The function index of an item `ref.func x`, or `undefined`. */
function funcIndexOf(item: ConstExpr): number | undefined {
  if (item.length !== 1) return undefined;
  const instr = item[0]!;
  if (instr.op !== 'ref.func' || instr.args.length !== 1) return undefined;
  const index = instr.args[0];
  return typeof index === 'number' ? index : undefined;
}

function fitsElemFlags(
  segment: ElemSegment,
  flags: number,
  indicesOnly: boolean,
): boolean {
  if (!Number.isInteger(flags) || flags < 0 || flags > 7) return false;
  const exprs = (flags & exprsBit) !== 0;
  if (!exprs && !(indicesOnly && isRefFunc(segment.type))) return false;
  const mode = segment.mode;
  switch (mode.kind) {
    case 'active':
      if ((flags & passiveBit) !== 0) return false;
      if ((flags & explicitBit) !== 0) return true;
      // Flags 0 and 4: table 0 and an implied type.
      return mode.table === 0 && (!exprs || isFuncref(segment.type));
    case 'passive':
      return (flags & (passiveBit | explicitBit)) === passiveBit;
    case 'declarative':
      return (
        (flags & (passiveBit | explicitBit)) === (passiveBit | explicitBit)
      );
  }
}

/** The flags an element segment is written with. */
export function elemFlags(segment: ElemSegment): number {
  const indicesOnly = segment.init.every(
    (item) => funcIndexOf(item) !== undefined,
  );
  if (
    segment.encoding !== undefined &&
    fitsElemFlags(segment, segment.encoding, indicesOnly)
  ) {
    return segment.encoding;
  }
  for (const flags of [0, 1, 2, 3, 4, 5, 6, 7]) {
    if (fitsElemFlags(segment, flags, indicesOnly)) return flags;
  }
  throw new Error('internal: no element segment encoding fits');
}

/** Writes an element segment. */
export function writeElemSegment(w: ByteWriter, segment: ElemSegment): void {
  const flags = elemFlags(segment);
  w.u32(flags);
  const mode = segment.mode;
  if (mode.kind === 'active') {
    if ((flags & explicitBit) !== 0) w.u32(mode.table);
    at(['mode', 'offset'], () => writeExpr(w, mode.offset));
  }
  const hasType = (flags & (passiveBit | explicitBit)) !== 0;
  if ((flags & exprsBit) === 0) {
    if (hasType) w.byte(0x00); // element kind: functions
    w.u32(segment.init.length);
    for (const item of segment.init) w.u32(funcIndexOf(item)!);
  } else {
    if (hasType) writeRefType(w, segment.type);
    w.u32(segment.init.length);
    segment.init.forEach((item, i) =>
      at(['init', i], () => writeExpr(w, item)),
    );
  }
}

function fitsDataFlags(segment: DataSegment, flags: number): boolean {
  const mode = segment.mode;
  switch (flags) {
    case 0:
      return mode.kind === 'active' && mode.memory === 0;
    case 1:
      return mode.kind === 'passive';
    case 2:
      return mode.kind === 'active';
    default:
      return false;
  }
}

/** The flags a data segment is written with. */
export function dataFlags(segment: DataSegment): number {
  if (
    segment.encoding !== undefined &&
    fitsDataFlags(segment, segment.encoding)
  ) {
    return segment.encoding;
  }
  return segment.mode.kind === 'passive'
    ? 1
    : segment.mode.memory === 0
      ? 0
      : 2;
}

/** Writes a data segment. */
export function writeDataSegment(w: ByteWriter, segment: DataSegment): void {
  const flags = dataFlags(segment);
  w.u32(flags);
  const mode = segment.mode;
  if (mode.kind === 'active') {
    if (flags === 2) w.u32(mode.memory);
    at(['mode', 'offset'], () => writeExpr(w, mode.offset));
  }
  w.u32(segment.bytes.length);
  w.bytes(segment.bytes);
}
