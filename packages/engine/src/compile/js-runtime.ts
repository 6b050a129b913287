// Helpers that generated JS-tier code calls through `R`: the operations that
// may trap or take more than one expression, float bit casts, i64s to and
// from bigints at calls, and indirect calls. Traps go through the same
// `trap(kind)` as the interpreter's.
// https://webassembly.github.io/spec/core/exec/numerics.html

import type {
  JsCallable,
  Memory,
  Table,
  WasmFunction,
} from '../runtime/objects.js';
import { Trap, trap } from '../runtime/trap.js';
import type { TypeRegistry } from '../runtime/type-registry.js';
import type { Interrupter } from '../interpret/interrupt.js';
import { nearest, quiet } from '../interpret/numeric.js';

const scratch = new ArrayBuffer(8);
const sI32 = new Int32Array(scratch);
const sF32 = new Float32Array(scratch);
const sF64 = new Float64Array(scratch);
const sU64 = new BigUint64Array(scratch);

// The JS tier holds an f32 as the f64 with the same sign, the exponent's
// extremes kept and the significand's bits on top: its value when it is not
// a NaN, and for a NaN a double with the same payload and quiet bit. Moves,
// `-x` and `Math.abs` keep a double's bits, so f32 bits survive them, while
// `Math.fround` (which every f32 arithmetic result goes through) makes a NaN
// quiet, as the spec's arithmetic NaN asks. A Float32Array would make a
// signalling NaN quiet on the way in or out.

/** The f32 with raw bits `bits` (signed or unsigned), in the JS tier's encoding. */
export function f32FromBits(bits: number): number {
  if ((bits & 0x7f800000) !== 0x7f800000 || (bits & 0x7fffff) === 0) {
    sI32[0] = bits;
    return sF32[0]!;
  }
  sI32[0] = bits << 29;
  sI32[1] = (bits & -0x80000000) | 0x7ff00000 | ((bits & 0x7fffff) >>> 3);
  return sF64[0]!;
}

/** The raw bits, as an int32, of f32 `x` in the JS tier's encoding. */
export function f32Bits(x: number): number {
  if (x === x) {
    sF32[0] = x;
    return sI32[0]!;
  }
  sF64[0] = x;
  const hi = sI32[1]!;
  const payload = ((hi & 0xfffff) << 3) | (sI32[0]! >>> 29);
  // A NaN whose payload lies below an f32's bits (no f32 operation makes
  // one) stays a NaN.
  return (hi & -0x80000000) | 0x7f800000 | (payload === 0 ? 0x400000 : payload);
}

/** The f64 with raw bits `bits` (unsigned or signed). */
export function f64FromBits(bits: bigint): number {
  sU64[0] = BigInt.asUintN(64, bits);
  return sF64[0]!;
}

/** The raw bits of f64 `x`, unsigned. */
export function f64BitsUnsigned(x: number): bigint {
  sF64[0] = x;
  return sU64[0]!;
}

const minI64 = -(1n << 63n);

/**
 * Where helpers that give an i64 leave its high half, returning the low
 * half: generated code reads it right after the call.
 */
const W = new Int32Array(1);

/** Returns `lo`, leaving `hi` in `W[0]`. */
function high(lo: number, hi: number): number {
  W[0] = hi;
  return lo | 0;
}

/** The i64 with halves `lo` and `hi`, signed. */
function i64Of(lo: number, hi: number): bigint {
  return (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
}

function u64Of(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** The low half of `x` (any bigint, taken modulo 2^64); the high half goes to `W[0]`. */
function low(x: bigint): number {
  W[0] = Number(BigInt.asIntN(32, x >> 32n));
  return Number(BigInt.asIntN(32, x));
}

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** The high half of the product of i64s `x` and `y`, from 16-bit pieces. */
function mulHi64(xl: number, xh: number, yl: number, yh: number): number {
  const a0 = xl & 0xffff;
  const a1 = xl >>> 16;
  const b0 = yl & 0xffff;
  const b1 = yl >>> 16;
  const m = a1 * b0 + ((a0 * b0) >>> 16);
  const n = a0 * b1 + (m & 0xffff);
  const carry = a1 * b1 + (m >>> 16) + (n >>> 16);
  return (carry + Math.imul(xl, yh) + Math.imul(xh, yl)) | 0;
}

function rotl64(xl: number, xh: number, k: number): number {
  if (k === 0) return high(xl, xh);
  if (k === 32) return high(xh, xl);
  const [lo, hi] = k < 32 ? [xl, xh] : [xh, xl];
  const j = k & 31;
  return high((lo << j) | (hi >>> (32 - j)), (hi << j) | (lo >>> (32 - j)));
}

function truncChecked(x: number, bits: number, signed: boolean): number {
  if (x !== x) trap('invalidConversion');
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) : 2 ** bits;
  if (!((bits === 64 && signed ? x >= min : x > min - 1) && x < max))
    trap('integerOverflow');
  return Math.trunc(x);
}

function truncSat(x: number, bits: number, signed: boolean): number {
  if (x !== x) return 0;
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) : 2 ** bits;
  if (x <= min) return min;
  if (x >= max) return max;
  return Math.trunc(x);
}

/** The helpers generated code reaches as `R`. */
export interface JsRuntime {
  readonly [name: string]: unknown;
}

/**
 * Makes the helpers for one engine (call_indirect needs its type registry,
 * interrupt checks its interrupter).
 */
export function makeRuntime(
  registry: TypeRegistry,
  callableOf: (fn: WasmFunction) => JsCallable,
  interrupter: Interrupter | null = null,
): JsRuntime {
  return {
    trap,
    /** The interrupt flag, the countdown to the next clock reading, and what checks call. */
    P: interrupter?.flag,
    K: interrupter?.countdown,
    poll(): void {
      interrupter!.poll();
    },
    nearest,
    quiet,
    f32: f32FromBits,
    f32Bits,
    f64: f64FromBits,
    divS32(a: number, b: number): number {
      if (b === 0) trap('divideByZero');
      if (a === -0x80000000 && b === -1) trap('integerOverflow');
      return (a / b) | 0;
    },
    divU32(a: number, b: number): number {
      if (b === 0) trap('divideByZero');
      return ((a >>> 0) / (b >>> 0)) | 0;
    },
    remS32(a: number, b: number): number {
      if (b === 0) trap('divideByZero');
      return (a % b) | 0;
    },
    remU32(a: number, b: number): number {
      if (b === 0) trap('divideByZero');
      return ((a >>> 0) % (b >>> 0)) | 0;
    },
    divS64(xl: number, xh: number, yl: number, yh: number): number {
      if ((yl | yh) === 0) trap('divideByZero');
      const a = i64Of(xl, xh);
      const b = i64Of(yl, yh);
      if (a === minI64 && b === -1n) trap('integerOverflow');
      return low(a / b);
    },
    divU64(xl: number, xh: number, yl: number, yh: number): number {
      if ((yl | yh) === 0) trap('divideByZero');
      return low(u64Of(xl, xh) / u64Of(yl, yh));
    },
    remS64(xl: number, xh: number, yl: number, yh: number): number {
      if ((yl | yh) === 0) trap('divideByZero');
      return low(i64Of(xl, xh) % i64Of(yl, yh));
    },
    remU64(xl: number, xh: number, yl: number, yh: number): number {
      if ((yl | yh) === 0) trap('divideByZero');
      return low(u64Of(xl, xh) % u64Of(yl, yh));
    },
    ctz32,
    popcnt32(x: number): number {
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) | 0;
    },
    mulHi64,
    shl64(xl: number, xh: number, y: number): number {
      const k = y & 63;
      if (k === 0) return high(xl, xh);
      if (k < 32) return high(xl << k, (xh << k) | (xl >>> (32 - k)));
      return high(0, xl << (k - 32));
    },
    shrU64(xl: number, xh: number, y: number): number {
      const k = y & 63;
      if (k === 0) return high(xl, xh);
      if (k < 32) return high((xl >>> k) | (xh << (32 - k)), xh >>> k);
      return high(xh >>> (k - 32), 0);
    },
    shrS64(xl: number, xh: number, y: number): number {
      const k = y & 63;
      if (k === 0) return high(xl, xh);
      if (k < 32) return high((xl >>> k) | (xh << (32 - k)), xh >> k);
      return high(xh >> (k - 32), xh >> 31);
    },
    rotl64(xl: number, xh: number, y: number): number {
      return rotl64(xl, xh, y & 63);
    },
    rotr64(xl: number, xh: number, y: number): number {
      return rotl64(xl, xh, (64 - (y & 63)) & 63);
    },
    /** Both f32 and f64 keep their sign in the double's sign bit. */
    copysign(a: number, b: number): number {
      sF64[0] = b;
      const negative = sI32[1]! < 0;
      sF64[0] = a;
      sI32[1] = negative ? sI32[1]! | -0x80000000 : sI32[1]! & 0x7fffffff;
      return sF64[0];
    },
    /** Reads f32 global `view` that holds a NaN, keeping its bits. */
    getF32Global(view: Float32Array): number {
      return f32FromBits(new Int32Array(view.buffer, view.byteOffset, 1)[0]!);
    },
    /** Writes NaN `x` to f32 global `view`, keeping its bits. */
    setF32Global(view: Float32Array, x: number): void {
      new Int32Array(view.buffer, view.byteOffset, 1)[0] = f32Bits(x);
    },
    truncI32(x: number, signed: boolean): number {
      return truncChecked(x, 32, signed) | 0;
    },
    satI32(x: number, signed: boolean): number {
      const t = truncSat(x, 32, signed);
      return signed
        ? t === 2 ** 31
          ? 0x7fffffff
          : t
        : t === 2 ** 32
          ? -1
          : t | 0;
    },
    truncI64(x: number, signed: boolean): number {
      return low(BigInt(truncChecked(x, 64, signed)));
    },
    satI64(x: number, signed: boolean): number {
      const t = truncSat(x, 64, signed);
      if (signed && t === 2 ** 63) return high(-1, 0x7fffffff);
      if (!signed && t === 2 ** 64) return high(-1, -1);
      return low(BigInt(t));
    },
    i64ToF32(xl: number, xh: number, signed: boolean): number {
      const v = signed ? i64Of(xl, xh) : u64Of(xl, xh);
      const neg = v < 0n;
      let m = neg ? -v : v;
      if (m < 1n << 53n) return Math.fround(neg ? -Number(m) : Number(m));
      // Round to odd at 53 bits first, so that rounding to f32 happens once.
      let shift = 0n;
      while (m >= 1n << 53n) {
        const sticky = m & 1n;
        m = (m >> 1n) | sticky;
        shift++;
      }
      const r = Math.fround(Number(m) * 2 ** Number(shift));
      return neg ? -r : r;
    },
    f64Halves(x: number): number {
      sF64[0] = x;
      return high(sI32[0]!, sI32[1]!);
    },
    f64FromHalves(xl: number, xh: number): number {
      sI32[0] = xl;
      sI32[1] = xh;
      return sF64[0]!;
    },
    /** The i64 with halves `xl` and `xh` as a bigint, for calls and results. */
    big: i64Of,
    /** The low half of i64 `x`; its high half goes to `W[0]`. */
    split(x: bigint): number {
      return low(BigInt.asIntN(64, x));
    },
    W,
    fill(mem: Memory, d: number, value: number, n: number): void {
      const start = d >>> 0;
      const end = start + (n >>> 0);
      if (end > mem.byteLength) trap('memoryOutOfBounds');
      mem.bytes.fill(value & 0xff, start, end);
    },
    copy(mem: Memory, d: number, s: number, n: number): void {
      const to = d >>> 0;
      const from = s >>> 0;
      const size = n >>> 0;
      if (to + size > mem.byteLength || from + size > mem.byteLength)
        trap('memoryOutOfBounds');
      mem.bytes.copyWithin(to, from, from + size);
    },
    Trap,
    leave(e: Trap, funcIndex: number, name?: string): void {
      if (e.wasmStack.length === 0) {
        e.funcIndex = funcIndex;
        e.offset = -1;
      }
      e.wasmStack.push(
        name === undefined
          ? { funcIndex, offset: -1 }
          : { funcIndex, offset: -1, name },
      );
    },
    indirect(table: Table, index: number, typeId: number): JsCallable {
      const i = index >>> 0;
      if (i >= table.elements.length) trap('undefinedElement');
      const f = table.elements[i] as WasmFunction | null;
      if (f === null) trap('uninitializedElement', String(i));
      if (f.typeId !== typeId && !registry.isSubtype(f.typeId, typeId))
        trap('indirectCallTypeMismatch');
      return callableOf(f);
    },
  };
}
