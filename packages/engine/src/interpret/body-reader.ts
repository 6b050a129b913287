// Reads a function body's instructions, one row of the instruction table
// at a time, from the module bytes or from an `Instr[]`.

import {
  type AbsHeapType,
  type BlockType,
  type Catch,
  type HeapType,
  type Immediate,
  type InstrDef,
  type MemArg,
  type ValType,
  instrByName,
  instrByOpcode,
  instrByPrefixedOpcode,
  isPrefix,
  type Func,
  type FuncBody,
} from '@tswasm/ir';

/** One instruction as the compiler sees it. */
export interface BodyInstr {
  readonly def: InstrDef;
  readonly args: readonly Immediate[];
  /** Byte offset in the module binary, -1 when unknown. */
  readonly offset: number;
}

const absHeapCodes: Record<number, AbsHeapType> = {
  0x70: 'func',
  0x6f: 'extern',
  0x6e: 'any',
  0x6d: 'eq',
  0x6c: 'i31',
  0x6b: 'struct',
  0x6a: 'array',
  0x71: 'none',
  0x72: 'noextern',
  0x73: 'nofunc',
  0x69: 'exn',
  0x74: 'noexn',
};

const noArgs: readonly Immediate[] = [];

/** A cursor over a body's bytes. */
class ByteReader {
  pos: number;
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array, pos: number) {
    this.bytes = bytes;
    this.pos = pos;
  }
  byte(): number {
    if (this.pos >= this.bytes.length)
      throw new Error('internal: unexpected end of function body');
    return this.bytes[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }
  /** A signed LEB128 of up to 64 bits, as a bigint. */
  sleb(): bigint {
    let result = 0n;
    let shift = 0n;
    let b: number;
    do {
      b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80);
    if (b & 0x40) result -= 1n << shift;
    return result;
  }
  s32(): number {
    return Number(BigInt.asIntN(32, this.sleb()));
  }
  heapType(): HeapType {
    const first = this.bytes[this.pos]!;
    const abs = absHeapCodes[first];
    if (abs !== undefined) {
      this.pos++;
      return abs;
    }
    return Number(this.sleb());
  }
  valType(): ValType {
    const b = this.byte();
    switch (b) {
      case 0x7f:
        return 'i32';
      case 0x7e:
        return 'i64';
      case 0x7d:
        return 'f32';
      case 0x7c:
        return 'f64';
      case 0x7b:
        return 'v128';
      case 0x63:
        return { kind: 'ref', nullable: true, heapType: this.heapType() };
      case 0x64:
        return { kind: 'ref', nullable: false, heapType: this.heapType() };
      default: {
        const abs = absHeapCodes[b];
        if (abs === undefined)
          throw new Error(`internal: bad value type 0x${b.toString(16)}`);
        return { kind: 'ref', nullable: true, heapType: abs };
      }
    }
  }
  blockType(): BlockType {
    const b = this.bytes[this.pos]!;
    if (b === 0x40) {
      this.pos++;
      return null;
    }
    if (b >= 0x40 && b < 0x80) return this.valType();
    return { typeIndex: Number(this.sleb()) };
  }
}

function readImmediate(r: ByteReader, kind: string): Immediate {
  switch (kind) {
    case 'blockType':
      return r.blockType();
    case 'labels': {
      const n = r.u32();
      const labels: number[] = [];
      for (let i = 0; i < n; i++) labels.push(r.u32());
      return labels;
    }
    case 'memarg': {
      let align = r.u32();
      let memory = 0;
      if (align & 0x40) {
        align -= 0x40;
        memory = r.u32();
      }
      const offset = r.u32();
      return { align, offset, memory } satisfies MemArg;
    }
    case 'i32':
      return r.s32();
    case 'i64':
      return BigInt.asIntN(64, r.sleb());
    case 'f32': {
      const b = r.bytes;
      const p = r.pos;
      r.pos += 4;
      return (
        (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0
      );
    }
    case 'f64': {
      const b = r.bytes;
      let v = 0n;
      for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[r.pos + i]!);
      r.pos += 8;
      return v;
    }
    case 'v128':
    case 'shuffle': {
      const v = r.bytes.slice(r.pos, r.pos + 16);
      r.pos += 16;
      return v;
    }
    case 'lane':
    case 'zero':
      return r.byte();
    case 'heapType':
      return r.heapType();
    case 'valTypes': {
      const n = r.u32();
      const types: ValType[] = [];
      for (let i = 0; i < n; i++) types.push(r.valType());
      return types;
    }
    case 'castFlags':
      return r.byte();
    case 'catches': {
      const n = r.u32();
      const catches: Catch[] = [];
      for (let i = 0; i < n; i++) {
        const k = r.byte();
        if (k === 0 || k === 1) {
          const tag = r.u32();
          catches.push({
            kind: k === 0 ? 'catch' : 'catch_ref',
            tag,
            label: r.u32(),
          });
        } else {
          catches.push({
            kind: k === 2 ? 'catch_all' : 'catch_all_ref',
            label: r.u32(),
          });
        }
      }
      return catches;
    }
    default:
      // Indices, labels and counts.
      return r.u32();
  }
}

/**
 * The instructions of a function body, the final `end` included.
 * @throws {Error} (internal) on bytes that validation would have rejected.
 */
export function readBody(func: Func): BodyInstr[] {
  const body: FuncBody = func.body;
  if (body.kind === 'instrs') {
    const out: BodyInstr[] = body.instrs.map((instr) => {
      const def = instrByName(instr.op);
      if (def === undefined)
        throw new Error(`internal: unknown instruction ${instr.op}`);
      return { def, args: instr.args, offset: instr.offset ?? -1 };
    });
    out.push({ def: instrByName('end')!, args: [], offset: -1 });
    return out;
  }
  const r = new ByteReader(body.bytes, 0);
  const out: BodyInstr[] = [];
  while (r.pos < body.bytes.length) {
    const offset = body.offset + r.pos;
    const b = r.byte();
    const def = isPrefix(b)
      ? instrByPrefixedOpcode(b, r.u32())
      : instrByOpcode(b);
    if (def === undefined)
      throw new Error(`internal: unknown opcode 0x${b.toString(16)}`);
    const args =
      def.immediates.length === 0
        ? noArgs
        : def.immediates.map((kind) => readImmediate(r, kind));
    out.push({ def, args, offset });
  }
  return out;
}
