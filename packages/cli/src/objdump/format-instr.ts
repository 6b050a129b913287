// One instruction as a line of disassembly: its text keyword and immediates,
// driven by the instruction table's immediate kinds.

import {
  type BlockType,
  type Catch,
  type ConstExpr,
  type HeapType,
  type ImmediateKind,
  type Instr,
  type MemArg,
  type ValType,
  f32FromBits,
  f64FromBits,
  formatHeapType,
  formatValType,
  instrByName,
} from '@tswasm/ir';

/** Names to show beside indices (`call 3 <fd_write>`). */
export interface NameLookup {
  func(index: number): string | undefined;
}

const noNames: NameLookup = { func: () => undefined };

function formatBlockType(type: BlockType): string {
  if (type === null) return '';
  if (typeof type === 'object' && 'typeIndex' in type) {
    return `(type ${type.typeIndex})`;
  }
  return `(result ${formatValType(type)})`;
}

/** A float as the text format writes it, NaN payloads included. */
function formatFloat(
  value: number,
  bits: bigint,
  mantissaBits: number,
): string {
  const sign =
    bits >> BigInt(mantissaBits + (mantissaBits === 23 ? 8 : 11)) ? '-' : '';
  if (Number.isNaN(value)) {
    const payload = bits & ((1n << BigInt(mantissaBits)) - 1n);
    return `${sign}nan:0x${payload.toString(16)}`;
  }
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

function formatCatch(clause: Catch): string {
  return clause.kind === 'catch' || clause.kind === 'catch_ref'
    ? `(${clause.kind} ${clause.tag} ${clause.label})`
    : `(${clause.kind} ${clause.label})`;
}

function formatMemArg(arg: MemArg, naturalAlign: number | null): string {
  const parts: string[] = [];
  if (arg.memory !== 0) parts.push(String(arg.memory));
  if (BigInt(arg.offset) !== 0n) parts.push(`offset=${arg.offset}`);
  if (naturalAlign === null || arg.align !== naturalAlign) {
    parts.push(`align=${2 ** arg.align}`);
  }
  return parts.join(' ');
}

function formatImmediate(
  kind: ImmediateKind,
  value: unknown,
  naturalAlign: number | null,
  names: NameLookup,
): string {
  switch (kind) {
    case 'blockType':
      return formatBlockType(value as BlockType);
    case 'labels':
      return (value as readonly number[]).join(' ');
    case 'func': {
      const name = names.func(value as number);
      return name === undefined ? String(value) : `${String(value)} <${name}>`;
    }
    case 'label':
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
    case 'lane':
    case 'castFlags':
    case 'i32':
    case 'i64':
      return String(value);
    case 'memarg':
      return formatMemArg(value as MemArg, naturalAlign);
    case 'f32':
      return formatFloat(
        f32FromBits(value as number),
        BigInt(value as number),
        23,
      );
    case 'f64':
      return formatFloat(f64FromBits(value as bigint), value as bigint, 52);
    case 'v128': {
      const bytes = value as Uint8Array;
      const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
      const lanes = [0, 4, 8, 12].map(
        (i) => `0x${view.getUint32(i, true).toString(16).padStart(8, '0')}`,
      );
      return `i32x4 ${lanes.join(' ')}`;
    }
    case 'shuffle':
      return Array.from(value as Uint8Array).join(' ');
    case 'heapType':
      return formatHeapType(value as HeapType);
    case 'valTypes':
      return (value as readonly ValType[])
        .map((t) => `(result ${formatValType(t)})`)
        .join(' ');
    case 'catches':
      return (value as readonly Catch[]).map(formatCatch).join(' ');
    case 'zero':
      return '';
  }
}

/** `i32.load offset=8`, `call 3 <fd_write>`, `br_table 0 1 2`. */
export function formatInstr(instr: Instr, names: NameLookup = noNames): string {
  const def = instrByName(instr.op);
  if (def === undefined) return instr.op;
  const parts = [def.text];
  def.immediates.forEach((kind, i) => {
    const text = formatImmediate(kind, instr.args[i], def.align, names);
    if (text !== '') parts.push(text);
  });
  return parts.join(' ');
}

/** A constant expression on one line: `i32.const 8`, or several joined by `; `. */
export function formatConstExpr(expr: ConstExpr): string {
  return expr.map((instr) => formatInstr(instr)).join('; ');
}
