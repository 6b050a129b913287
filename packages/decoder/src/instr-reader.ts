// The streaming instruction decoder. Opcodes and immediate kinds come from
// the instruction table of @tswasm/ir; this file only knows how each kind of
// immediate is encoded. It is the hot loop of decoding, so it avoids
// closures and per-instruction allocation: `nextInto` reads into objects the
// caller and the reader reuse, and `next` builds an `Instr` from them, sharing
// the `args` of common immediates.
// https://webassembly.github.io/spec/core/binary/instructions.html

import {
  type BlockType,
  type Catch,
  type FeatureOptions,
  type Features,
  type HeapType,
  type Immediate,
  type ImmediateKind,
  type InstrDef,
  type Instr,
  type MemArg,
  type U64,
  instructions,
  resolveFeatures,
} from '@tswasm/ir';
import { Reader } from './reader.js';
import {
  argsOfBlockType,
  argsOfMemarg,
  argsOfSmall,
  argsOfSmallI64,
  smallArgsLimit,
  smallI64Limit,
} from './shared-args.js';
import {
  isValTypeByte,
  readHeapType,
  readValType,
  readValTypes,
} from './types.js';

// Tables derived from the instruction table

const K_BLOCK_TYPE = 1;
const K_INDEX = 2; // label, func, type, local, global, elem, data, tag, field, u32
const K_MEMORY = 3;
const K_TABLE = 4;
const K_LABELS = 5;
const K_MEMARG = 6;
const K_I32 = 7;
const K_I64 = 8;
const K_F32 = 9;
const K_F64 = 10;
const K_V128 = 11;
const K_LANE = 12;
const K_HEAP_TYPE = 13;
const K_VAL_TYPES = 14;
const K_CAST_FLAGS = 15;
const K_CATCHES = 16;
const K_ZERO = 17;

const kindCodes: Record<ImmediateKind, number> = {
  blockType: K_BLOCK_TYPE,
  label: K_INDEX,
  labels: K_LABELS,
  func: K_INDEX,
  type: K_INDEX,
  table: K_TABLE,
  memory: K_MEMORY,
  local: K_INDEX,
  global: K_INDEX,
  elem: K_INDEX,
  data: K_INDEX,
  tag: K_INDEX,
  field: K_INDEX,
  u32: K_INDEX,
  memarg: K_MEMARG,
  i32: K_I32,
  i64: K_I64,
  f32: K_F32,
  f64: K_F64,
  v128: K_V128,
  lane: K_LANE,
  shuffle: K_V128,
  heapType: K_HEAP_TYPE,
  valTypes: K_VAL_TYPES,
  castFlags: K_CAST_FLAGS,
  catches: K_CATCHES,
  zero: K_ZERO,
};

/** Immediate kind codes by instruction id. */
const immediateCodes: readonly Uint8Array[] = instructions.map(
  (def) => new Uint8Array(def.immediates.map((kind) => kindCodes[kind])),
);

/** Single-byte opcodes. */
const singleByte: (InstrDef | undefined)[] = new Array<InstrDef | undefined>(
  256,
).fill(undefined);
/** Prefixed opcodes, by `prefix - 0xfb`. */
const prefixed: (InstrDef | undefined)[][] = [[], [], [], []];
for (const def of instructions) {
  if (def.prefix === null) singleByte[def.code] = def;
  else prefixed[def.prefix - 0xfb]![def.code] = def;
}
for (const table of prefixed) {
  for (let i = 0; i < table.length; i++) table[i] ??= undefined;
}

interface ResolvedFeatures {
  readonly features: Features;
  /** Which instruction ids the features enable. */
  readonly enabled: Uint8Array;
}

const resolvedCache = new WeakMap<FeatureOptions, ResolvedFeatures>();
const defaultResolved = resolve(undefined);

function resolve(options: FeatureOptions | undefined): ResolvedFeatures {
  const features = resolveFeatures(options);
  const enabled = new Uint8Array(instructions.length);
  for (const def of instructions) {
    enabled[def.id] = def.feature === null || features[def.feature] ? 1 : 0;
  }
  return { features, enabled };
}

/** Resolves feature options once per options object. */
function resolveCached(options: FeatureOptions | undefined): ResolvedFeatures {
  if (options === undefined) return defaultResolved;
  let resolved = resolvedCache.get(options);
  if (resolved === undefined) {
    resolved = resolve(options);
    resolvedCache.set(options, resolved);
  }
  return resolved;
}

const hex = (n: number): string => n.toString(16).padStart(2, '0');

const noArgs: readonly Immediate[] = Object.freeze([]);

/** `i64` immediates encoded in one byte (-64 to 63), by that byte. */
const oneByteI64: readonly bigint[] = Array.from({ length: 0x80 }, (_, b) =>
  BigInt(b < 0x40 ? b : b - 0x80),
);

/**
 * The `args` of an instruction with one immediate that `next` did not find
 * shared already: shared frozen arrays for small `i64` values and block
 * types without an index, and copies of the reader's own objects.
 */
function singleArgs(kind: number, value: Immediate): readonly Immediate[] {
  switch (kind) {
    case K_I64: {
      const n = value as bigint;
      return n >= 0n && n < smallI64Limit ? argsOfSmallI64(Number(n)) : [n];
    }
    case K_BLOCK_TYPE:
      return value === null || typeof value === 'string'
        ? argsOfBlockType(value as BlockType)
        : [value];
    default:
      return [own(kind, value)];
  }
}

/** A value the reader read, copied when it is the reader's own memarg. */
function own(kind: number, value: Immediate): Immediate {
  switch (kind) {
    case K_MEMARG: {
      const { align, offset, memory } = value as MemArg;
      return { align, offset, memory };
    }
    default:
      return value;
  }
}

/**
 * An instruction that {@link InstrReader.nextInto} fills in, one object for
 * many instructions. It is an `Instr`, so a checker can take it as one.
 */
export interface MutableInstr {
  /** The instruction's name, as in `Instr.op`. */
  op: string;
  /** The immediates; entries past the row's `immediates` are stale. */
  args: Immediate[];
  /** Byte offset of the opcode in the module binary. */
  offset: number;
}

/**
 * The memarg a reader refills. A class, not an object literal: V8 may
 * pretenure what a literal allocates, which made every later scavenge slow.
 */
class MutableMemArg implements MemArg {
  align = 0;
  offset: U64 = 0;
  memory = 0;
}

/** Options of {@link InstrReader}. */
export interface InstrReaderOptions {
  /** Offset of `bytes[0]` in the module binary, for `Instr.offset` and errors. */
  readonly offset?: number;
  /** Features whose instructions decode; others are illegal opcodes. */
  readonly features?: FeatureOptions;
}

/**
 * Decodes instructions one at a time from a function body or constant
 * expression, `end` and `else` included. It does not check block
 * structure (see `decodeFunctionBody`).
 * @see https://webassembly.github.io/spec/core/binary/instructions.html
 */
export class InstrReader {
  /** @internal */
  reader: Reader;
  /** @internal The row of the last instruction read. */
  last: InstrDef | undefined;
  private readonly enabled: Uint8Array;
  private readonly multiMemory: boolean;
  private readonly memory64: boolean;
  private readonly referenceTypes: boolean;
  /** The memarg `nextInto` refills. */
  private readonly memargSlot: MutableMemArg;
  /**
   * After reading an `i64` or a memarg, the key of its shared `args` for
   * `next`, or -1: the value of an `i64` from 0 to 63 in one byte;
   * `offset * 64 + align` of a memarg of memory 0 with an offset below 256.
   */
  private shareKey: number;

  /**
   * @param bytes the encoded instructions
   * @param options `offset`: absolute offset of `bytes[0]` (default 0);
   *   `features`: merged over the defaults
   */
  constructor(bytes: Uint8Array, options?: InstrReaderOptions) {
    this.reader = new Reader(bytes, 0, bytes.length, options?.offset ?? 0);
    this.last = undefined;
    const { features, enabled } = resolveCached(options?.features);
    this.enabled = enabled;
    this.multiMemory = features.multiMemory;
    this.memory64 = features.memory64;
    this.referenceTypes = features.referenceTypes;
    this.memargSlot = new MutableMemArg();
    this.shareKey = -1;
  }

  /** @internal Reads from an existing cursor (shared with the module decoder). */
  static over(reader: Reader, features: FeatureOptions): InstrReader {
    const ir = new InstrReader(new Uint8Array(0), { features });
    ir.reader = reader;
    return ir;
  }

  /** True when every byte has been read. */
  get done(): boolean {
    return this.reader.pos >= this.reader.end;
  }

  /** Absolute offset of the next instruction. */
  get position(): number {
    return this.reader.base + this.reader.pos;
  }

  /**
   * Decodes the next instruction.
   * @throws {DecodeError} on an unknown or disabled opcode, a malformed
   *   immediate, or the end of the bytes
   */
  next(): Instr {
    const r: Reader = this.reader;
    const start = r.pos;
    const def = this.opcode();
    const kinds = immediateCodes[def.id]!;
    let args: readonly Immediate[];
    switch (kinds.length) {
      case 0:
        args = noArgs;
        break;
      case 1: {
        const kind = kinds[0]!;
        if (kind === K_INDEX) {
          const value = r.u32();
          args = value < smallArgsLimit ? argsOfSmall(value) : [value];
          break;
        }
        const value = this.immediate(kind);
        const key = this.shareKey;
        if (typeof value === 'number') {
          args =
            value >= 0 && value < smallArgsLimit ? argsOfSmall(value) : [value];
        } else if (kind === K_I64 && key >= 0) {
          args = argsOfSmallI64(key);
        } else if (kind === K_MEMARG && key >= 0) {
          args = argsOfMemarg(key & 0x3f, key >> 6);
        } else {
          args = singleArgs(kind, value);
        }
        break;
      }
      default: {
        // Copied one by one: a second memarg would overwrite the first.
        const list: Immediate[] = [];
        for (let i = 0; i < kinds.length; i++) {
          const kind = kinds[i]!;
          list.push(own(kind, this.immediate(kind)));
        }
        args = list;
      }
    }
    return { op: def.name, args, offset: r.base + start };
  }

  /**
   * Decodes the next instruction into `out` without allocating (but for
   * the rare immediates that are lists of labels, types or catch clauses,
   * heap types with an index, `v128` constants and `i64`/`f64` values
   * beyond a byte): sets `out.op` and `out.offset`, and `out.args[i]` for
   * each immediate of the returned row, leaving any further entries of
   * `out.args` as they were. A memarg in `out.args` is an object of this
   * reader that the next call overwrites: copy what you keep. `next` reads
   * the same way into a fresh `Instr`.
   * @returns the instruction's row of the instruction table
   * @throws {DecodeError} as `next` does
   */
  nextInto(out: MutableInstr): InstrDef {
    const r: Reader = this.reader;
    const start = r.pos;
    const def = this.opcode();
    const kinds = immediateCodes[def.id]!;
    const n = kinds.length;
    if (n !== 0) {
      const args = out.args;
      // Indices are most immediates: read them without the dispatch.
      const kind = kinds[0]!;
      if (kind === K_INDEX) args[0] = r.u32();
      else args[0] = this.immediate(kind);
      for (let i = 1; i < n; i++) args[i] = this.immediate(kinds[i]!);
    }
    out.op = def.name;
    out.offset = r.base + start;
    return def;
  }

  /**
   * @internal Reads and checks the next instruction like `next` without
   * building it (eager body checks); returns its row.
   */
  skip(): InstrDef {
    const def = this.opcode();
    const kinds = immediateCodes[def.id]!;
    for (let i = 0; i < kinds.length; i++) this.immediate(kinds[i]!);
    return def;
  }

  /** Reads an opcode: its row, checked to be known and enabled. */
  private opcode(): InstrDef {
    const r: Reader = this.reader;
    const start = r.pos;
    if (start >= r.end) r.failEof();
    const byte = r.bytes[start]!;
    r.pos = start + 1;
    let def = singleByte[byte];
    if (def === undefined) {
      if (byte >= 0xfb && byte <= 0xfe) {
        const code = r.u32();
        def = prefixed[byte - 0xfb]![code];
        if (def === undefined || this.enabled[def.id] === 0) {
          r.fail(`illegal opcode ${hex(byte)} ${hex(code)}`, start);
        }
      } else {
        r.fail(`illegal opcode ${hex(byte)}`, start);
      }
    } else if (this.enabled[def.id] === 0) {
      r.fail(`illegal opcode ${hex(byte)}`, start);
    }
    this.last = def;
    return def;
  }

  /**
   * Reads one immediate. A memarg is this reader's own object, refilled
   * each time (see `own`).
   */
  private immediate(kind: number): Immediate {
    const r: Reader = this.reader;
    switch (kind) {
      case K_INDEX:
        return r.u32();
      case K_I32:
        return r.s32();
      case K_MEMARG:
        return this.memarg();
      case K_BLOCK_TYPE:
        return this.blockType();
      case K_I64: {
        const pos = r.pos;
        if (pos < r.end) {
          const b = r.bytes[pos]!;
          if (b < 0x80) {
            r.pos = pos + 1;
            this.shareKey = b < 0x40 ? b : -1;
            return oneByteI64[b]!;
          }
        }
        this.shareKey = -1;
        return r.s64();
      }
      case K_F32:
        return r.u32le();
      case K_F64:
        return r.u64le();
      case K_MEMORY:
        if (!this.multiMemory) {
          r.expect(0, 'zero byte expected');
          return 0;
        }
        return r.u32();
      case K_TABLE:
        if (!this.referenceTypes) {
          r.expect(0, 'zero byte expected');
          return 0;
        }
        return r.u32();
      case K_LABELS: {
        const n = r.u32();
        const labels: number[] = [];
        for (let i = 0; i < n; i++) labels.push(r.u32());
        return labels;
      }
      case K_V128:
        return r.take(16).slice();
      case K_LANE:
        return r.u8();
      case K_HEAP_TYPE:
        return readHeapType(r) satisfies HeapType;
      case K_VAL_TYPES:
        return readValTypes(r);
      case K_CAST_FLAGS: {
        const pos = r.pos;
        const flags = r.u8();
        if (flags > 3) r.fail('malformed br_on_cast flags', pos);
        return flags;
      }
      case K_CATCHES:
        return this.catches();
      case K_ZERO:
        r.expect(0, 'zero byte expected');
        return 0;
      default:
        throw new Error(`internal: immediate kind ${kind}`);
    }
  }

  private memarg(): MemArg {
    const r: Reader = this.reader;
    const pos = r.pos;
    const flags = r.u32();
    if (flags >= (this.multiMemory ? 0x80 : 0x40)) {
      r.fail('malformed memop flags', pos);
    }
    const memarg = this.memargSlot;
    const memory = flags >= 0x40 ? r.u32() : 0;
    const offset = this.memory64 ? r.u64() : r.u32();
    const align = flags & 0x3f;
    memarg.memory = memory;
    memarg.offset = offset;
    memarg.align = align;
    this.shareKey =
      memory === 0 && typeof offset === 'number' && offset < 256
        ? offset * 64 + align
        : -1;
    return memarg;
  }

  private blockType(): BlockType {
    const r: Reader = this.reader;
    const b = r.peek();
    if (b === 0x40) {
      r.pos++;
      return null;
    }
    if (isValTypeByte(b)) return readValType(r);
    const pos = r.pos;
    const index = r.s33();
    if (index < 0) r.fail('malformed block type', pos);
    return { typeIndex: index };
  }

  private catches(): Catch[] {
    const r: Reader = this.reader;
    const n = r.u32();
    const list: Catch[] = [];
    for (let i = 0; i < n; i++) {
      const pos = r.pos;
      const kind = r.u8();
      switch (kind) {
        case 0:
        case 1: {
          const tag = r.u32();
          const label = r.u32();
          list.push({ kind: kind === 0 ? 'catch' : 'catch_ref', tag, label });
          break;
        }
        case 2:
        case 3:
          list.push({
            kind: kind === 2 ? 'catch_all' : 'catch_all_ref',
            label: r.u32(),
          });
          break;
        default:
          r.fail('malformed catch clause', pos);
      }
    }
    return list;
  }
}
