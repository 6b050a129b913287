// Instructions, written from the instruction table: the opcode bytes and
// the immediate kinds of each row, so no opcode is listed here.
// https://webassembly.github.io/spec/core/binary/instructions.html

import {
  type BlockType,
  type Catch,
  type HeapType,
  type Immediate,
  type ImmediateKind,
  type InstrDef,
  type Instr,
  type MemArg,
  type ValType,
  instrByName,
  instructions,
} from '@tswasm/ir';
import { EncodeError } from './encode-error.js';
import { writeHeapType, writeValType } from './types.js';
import { ByteWriter } from './writer.js';

function fail(message: string): never {
  throw new EncodeError(message, []);
}

function isIndex(value: Immediate | undefined): value is number {
  return typeof value === 'number';
}

function index(value: Immediate | undefined, kind: ImmediateKind): number {
  if (!isIndex(value)) fail(`malformed immediate: ${kind} needs a number`);
  return value;
}

function byteImmediate(
  value: Immediate | undefined,
  kind: ImmediateKind,
): number {
  const n = index(value, kind);
  if (!Number.isInteger(n) || n < 0 || n > 0xff) {
    fail(`integer out of range: ${kind} ${n} is not a byte`);
  }
  return n;
}

function sixteenBytes(
  value: Immediate | undefined,
  kind: ImmediateKind,
): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== 16) {
    fail(`malformed immediate: ${kind} needs 16 bytes`);
  }
  return value;
}

function isValType(value: unknown): value is ValType {
  return (
    typeof value === 'string' ||
    (typeof value === 'object' &&
      value !== null &&
      'kind' in value &&
      value.kind === 'ref')
  );
}

function writeBlockType(w: ByteWriter, value: Immediate | undefined): void {
  const type = value as BlockType | undefined;
  if (type === null) {
    w.byte(0x40);
  } else if (isValType(type)) {
    writeValType(w, type);
  } else if (typeof type === 'object' && 'typeIndex' in type) {
    w.s33(type.typeIndex);
  } else {
    fail('malformed immediate: blockType');
  }
}

function writeMemArg(w: ByteWriter, value: Immediate | undefined): void {
  const memarg = value as MemArg | undefined;
  if (typeof memarg !== 'object' || memarg === null || !('align' in memarg)) {
    fail('malformed immediate: memarg');
  }
  const { align, offset, memory } = memarg;
  if (!Number.isInteger(align) || align < 0 || align >= 0x40) {
    fail(`integer out of range: alignment 2^${align}`);
  }
  // Bit 6 of the flags says a memory index follows (multi-memory).
  if (memory === 0) {
    w.u32(align);
  } else {
    w.u32(align | 0x40);
    w.u32(memory);
  }
  w.u64(offset);
}

const catchCodes = {
  catch: 0x00,
  catch_ref: 0x01,
  catch_all: 0x02,
  catch_all_ref: 0x03,
} as const;

function writeCatches(w: ByteWriter, value: Immediate | undefined): void {
  if (!Array.isArray(value)) fail('malformed immediate: catches');
  const catches = value as readonly Catch[];
  w.u32(catches.length);
  for (const clause of catches) {
    const code = catchCodes[clause.kind] as number | undefined;
    if (code === undefined)
      fail(`malformed immediate: catch ${String(clause.kind)}`);
    w.byte(code);
    if (clause.kind === 'catch' || clause.kind === 'catch_ref')
      w.u32(clause.tag);
    w.u32(clause.label);
  }
}

/** Writes one immediate of the given kind. */
function writeImmediate(
  w: ByteWriter,
  kind: ImmediateKind,
  value: Immediate | undefined,
): void {
  switch (kind) {
    case 'blockType':
      writeBlockType(w, value);
      return;
    case 'label':
    case 'func':
    case 'type':
    case 'table':
    case 'memory':
    case 'local':
    case 'global':
    case 'elem':
    case 'data':
    case 'tag':
    case 'field':
    case 'u32':
      w.u32(index(value, kind));
      return;
    case 'labels': {
      if (!Array.isArray(value)) fail('malformed immediate: labels');
      const labels = value as readonly number[];
      w.u32(labels.length);
      for (const label of labels) w.u32(label);
      return;
    }
    case 'memarg':
      writeMemArg(w, value);
      return;
    case 'i32':
      w.s32(index(value, kind));
      return;
    case 'i64':
      if (typeof value !== 'bigint')
        fail('malformed immediate: i64 needs a bigint');
      w.s64(value);
      return;
    case 'f32':
      w.f32(index(value, kind));
      return;
    case 'f64':
      if (typeof value !== 'bigint')
        fail('malformed immediate: f64 needs bigint bits');
      w.f64(value);
      return;
    case 'v128':
    case 'shuffle':
      w.bytes(sixteenBytes(value, kind));
      return;
    case 'lane':
    case 'castFlags':
    case 'zero':
      w.byte(byteImmediate(value, kind));
      return;
    case 'heapType':
      writeHeapType(w, value as HeapType);
      return;
    case 'valTypes': {
      if (!Array.isArray(value)) fail('malformed immediate: valTypes');
      const types = value as readonly ValType[];
      w.u32(types.length);
      for (const type of types) writeValType(w, type);
      return;
    }
    case 'catches':
      writeCatches(w, value);
      return;
  }
}

function lookUp(op: string): InstrDef {
  const def = instrByName(op);
  if (def === undefined) fail(`unknown operator: ${op}`);
  return def;
}

/** Writes one instruction: its opcode, then its immediates. */
export function writeInstr(w: ByteWriter, instr: Instr): void {
  writeInstrRow(w, lookUp(instr.op), instr.args);
}

/**
 * Writes one instruction of row `def` with immediates `args` (in the
 * table's order): for producers that know the row, without a lookup.
 * @throws {EncodeError} for a malformed immediate.
 */
export function writeInstrRow(
  w: ByteWriter,
  def: InstrDef,
  args: readonly Immediate[],
): void {
  if (def.prefix === null) {
    w.byte(def.code);
  } else {
    w.byte(def.prefix);
    w.u32(def.code);
  }
  const kinds = def.immediates;
  if (args.length !== kinds.length) {
    fail(
      `malformed immediate: ${def.name} takes ${kinds.length} immediates, not ${args.length}`,
    );
  }
  for (let i = 0; i < kinds.length; i++) writeImmediate(w, kinds[i]!, args[i]);
}

/**
 * Writes instructions followed by the final `end`, prefixing an instruction
 * that fails with its index in `path`.
 */
export function writeExpr(w: ByteWriter, instrs: readonly Instr[]): void {
  let i = 0;
  try {
    for (; i < instrs.length; i++) writeInstr(w, instrs[i]!);
  } catch (error) {
    if (error instanceof EncodeError) {
      throw new EncodeError(error.message, [i, ...error.path], {
        cause: error,
      });
    }
    throw error;
  }
  w.byte(0x0b);
}

/** Ids of the rows that take a data index (they need a data count section). */
const usesDataIndex: ReadonlySet<number> = new Set(
  instructions
    .filter((def) => def.immediates.includes('data'))
    .map((def) => def.id),
);

/** True when an instruction names a data segment (`memory.init`, ...). */
export function hasDataIndex(instrs: readonly Instr[]): boolean {
  for (const instr of instrs) {
    const def = instrByName(instr.op);
    if (def !== undefined && usesDataIndex.has(def.id)) return true;
  }
  return false;
}

/**
 * Encodes an instruction sequence (a function body or a constant
 * expression, without its final `end`) and appends the `end`.
 * @throws {EncodeError} for an unknown instruction or a malformed immediate;
 *   its `path` starts with the instruction's index.
 * @see https://webassembly.github.io/spec/core/binary/instructions.html#expressions
 */
export function encodeInstrs(instrs: readonly Instr[]): Uint8Array {
  const w = new ByteWriter();
  writeExpr(w, instrs);
  return w.finish();
}

/**
 * Encodes a constant expression (a global's or segment's initialiser)
 * followed by its `end`; the same as `encodeInstrs`.
 * @throws {EncodeError} as `encodeInstrs` does.
 */
export function encodeConstExpr(expr: readonly Instr[]): Uint8Array {
  return encodeInstrs(expr);
}
