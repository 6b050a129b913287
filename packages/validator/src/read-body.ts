// Feeds a binary function body to a checker, one instruction at a time,
// without building an `Instr` per instruction.
//
// Validating a large module is dominated by materialising instructions (an
// object, an `args` array, a bigint per `i64.const`) that die at once. So
// the instructions that make up nearly all real code, in their usual
// encodings (opcodes and LEB128 immediates short enough that no encoding
// rule can be broken), are read here into one reused `Instr`; everything
// else (other immediates, long or truncated LEB128s, unknown opcodes) is
// handed to the decoder's `InstrReader`, which decodes it or throws the
// `DecodeError`. Malformation is therefore judged by the decoder alone.

import { InstrReader } from '@tswasm/decoder';
import {
  type BlockType,
  type Immediate,
  type InstrDef,
  type ValType,
  instructions,
} from '@tswasm/ir';
import type { FuncChecker } from './func-checker.js';
import type { ModuleContext } from './module-context.js';

// Immediate kinds this file reads itself.
const U32 = 1; // indices, labels, counts
const ZERO_INDEX = 2; // memory/table index: only a 0 byte here
const S32 = 3;
const S64 = 4;
const F32 = 5;
const F64 = 6;
const MEMARG = 7;
const BLOCK_TYPE = 8;
const LANE = 9;
const ZERO = 10;

/** Kind codes by instruction id; `null` when an immediate needs the decoder. */
const fastKinds: (Uint8Array | null)[] = instructions.map((def) => {
  const codes = new Uint8Array(def.immediates.length);
  for (const [i, kind] of def.immediates.entries()) {
    switch (kind) {
      case 'label':
      case 'func':
      case 'type':
      case 'local':
      case 'global':
      case 'elem':
      case 'data':
      case 'tag':
      case 'field':
      case 'u32':
        codes[i] = U32;
        break;
      case 'memory':
      case 'table':
        codes[i] = ZERO_INDEX;
        break;
      case 'i32':
        codes[i] = S32;
        break;
      case 'i64':
        codes[i] = S64;
        break;
      case 'f32':
        codes[i] = F32;
        break;
      case 'f64':
        codes[i] = F64;
        break;
      case 'memarg':
        codes[i] = MEMARG;
        break;
      case 'blockType':
        codes[i] = BLOCK_TYPE;
        break;
      case 'lane':
        codes[i] = LANE;
        break;
      case 'zero':
        codes[i] = ZERO;
        break;
      case 'labels':
      case 'v128':
      case 'shuffle':
      case 'heapType':
      case 'valTypes':
      case 'castFlags':
      case 'catches':
        return null;
    }
  }
  return codes;
});

const singleByte: (InstrDef | undefined)[] = new Array<InstrDef | undefined>(
  256,
).fill(undefined);
/** Prefixed opcodes below 0x80 (one-byte LEB128), by `prefix - 0xfb`. */
const prefixed: (InstrDef | undefined)[][] = [0, 1, 2, 3].map(() =>
  new Array<InstrDef | undefined>(128).fill(undefined),
);
for (const def of instructions) {
  if (def.prefix === null) singleByte[def.code] = def;
  else if (def.code < 0x80) prefixed[def.prefix - 0xfb]![def.code] = def;
}

/** Block types by their one-byte encodings. */
const blockTypes = new Map<number, BlockType>([
  [0x40, null],
  [0x7f, 'i32' satisfies ValType],
  [0x7e, 'i64' satisfies ValType],
  [0x7d, 'f32' satisfies ValType],
  [0x7c, 'f64' satisfies ValType],
  [0x7b, 'v128' satisfies ValType],
]);

interface MutableInstr {
  op: string;
  args: Immediate[];
  offset: number;
}

interface MutableMemArg {
  align: number;
  offset: number;
  memory: number;
}

/**
 * Checks the instructions of `bytes` (a body's code after its locals, the
 * final `end` included; `offset` is the offset of `bytes[0]` in the module).
 * @throws {DecodeError} if the bytes are not well-formed instructions.
 */
export function readBody(
  ctx: ModuleContext,
  bytes: Uint8Array,
  offset: number,
  checker: FuncChecker,
): void {
  const enabled = ctx.enabledInstrs;
  const end = bytes.length;
  // One instruction object, refilled for every instruction read here; the
  // checker keeps nothing of it.
  const args: Immediate[] = [0, 0];
  const instr: MutableInstr = { op: '', args, offset: 0 };
  const memarg: MutableMemArg = { align: 0, offset: 0, memory: 0 };
  let pos = 0;
  while (pos < end) {
    const start = pos;
    let def = singleByte[bytes[pos]!];
    pos++;
    if (def === undefined) {
      const prefix = bytes[start]!;
      if (prefix >= 0xfb && prefix <= 0xfe && pos < end && bytes[pos]! < 0x80) {
        def = prefixed[prefix - 0xfb]![bytes[pos]!];
        pos++;
      }
    }
    const kinds = def === undefined ? null : fastKinds[def.id]!;
    if (def === undefined || kinds === null || enabled[def.id] === 0) {
      pos = decodeOne(ctx, bytes, offset, start, checker);
      continue;
    }
    // Immediates; `pos = -1` hands the instruction to the decoder.
    for (let k = 0; k < kinds.length && pos >= 0; k++) {
      const kind = kinds[k]!;
      switch (kind) {
        case U32:
        case S32: {
          // At most 4 bytes: no encoding rule of LEB128 can be broken.
          let value = 0;
          let shift = 0;
          let byte = 0x80;
          while (shift < 28 && pos < end) {
            byte = bytes[pos++]!;
            value |= (byte & 0x7f) << shift;
            shift += 7;
            if (byte < 0x80) break;
          }
          if (byte >= 0x80) {
            pos = -1;
            break;
          }
          if (kind === S32 && shift < 32 && (byte & 0x40) !== 0) {
            value |= -1 << shift;
          }
          args[k] = kind === U32 ? value >>> 0 : value;
          break;
        }
        case ZERO_INDEX:
          if (pos < end && bytes[pos] === 0) {
            args[k] = 0;
            pos++;
          } else pos = -1;
          break;
        case S64: {
          // At most 9 bytes; the value is not needed for validation.
          let count = 0;
          let byte = 0x80;
          while (count < 9 && pos < end) {
            byte = bytes[pos++]!;
            count++;
            if (byte < 0x80) break;
          }
          if (byte >= 0x80) pos = -1;
          else args[k] = 0n;
          break;
        }
        case F32:
          if (pos + 4 <= end) {
            args[k] = 0;
            pos += 4;
          } else pos = -1;
          break;
        case F64:
          if (pos + 8 <= end) {
            args[k] = 0n;
            pos += 8;
          } else pos = -1;
          break;
        case MEMARG: {
          // Flags below 0x40 (memory 0) and an offset of at most 4 bytes.
          if (pos >= end || bytes[pos]! >= 0x40) {
            pos = -1;
            break;
          }
          const align = bytes[pos++]!;
          let value = 0;
          let shift = 0;
          let byte = 0x80;
          while (shift < 28 && pos < end) {
            byte = bytes[pos++]!;
            value |= (byte & 0x7f) << shift;
            shift += 7;
            if (byte < 0x80) break;
          }
          if (byte >= 0x80) {
            pos = -1;
            break;
          }
          memarg.align = align;
          memarg.offset = value >>> 0;
          args[k] = memarg;
          break;
        }
        case BLOCK_TYPE: {
          const type = pos < end ? blockTypes.get(bytes[pos]!) : undefined;
          if (type === undefined) pos = -1;
          else {
            args[k] = type;
            pos++;
          }
          break;
        }
        case LANE:
          if (pos < end) args[k] = bytes[pos++]!;
          else pos = -1;
          break;
        case ZERO:
          if (pos < end && bytes[pos] === 0) {
            args[k] = 0;
            pos++;
          } else pos = -1;
          break;
      }
    }
    if (pos < 0) {
      pos = decodeOne(ctx, bytes, offset, start, checker);
      continue;
    }
    instr.op = def.name;
    instr.offset = offset + start;
    checker.step(instr, def);
  }
}

/**
 * Decodes the instruction at `start` with the decoder and checks it;
 * returns the position after it.
 */
function decodeOne(
  ctx: ModuleContext,
  bytes: Uint8Array,
  offset: number,
  start: number,
  checker: FuncChecker,
): number {
  const reader = new InstrReader(bytes.subarray(start), {
    offset: offset + start,
    features: ctx.features,
  });
  const instr = reader.next();
  // The reader keeps the row of the instruction it just read (an internal
  // field, hence the check); it saves a lookup by name.
  const def = (reader as { readonly last?: InstrDef }).last;
  checker.step(instr, def?.name === instr.op ? def : undefined);
  return reader.position - offset;
}
