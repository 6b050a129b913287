// Numeric helpers of the interpreter: 64-bit integers as two 32-bit halves
// (low word first) in an Int32Array, and float conversions with the exact
// rounding and trapping the spec asks for.
// https://webassembly.github.io/spec/core/exec/numerics.html

import { trap } from '../runtime/trap.js';

/** The high 32 bits of the unsigned 64-bit product of two u32 values. */
export function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const t = a1 * b0 + ((a0 * b0) >>> 16);
  const w1 = (t & 0xffff) + a0 * b1;
  return (a1 * b1 + Math.floor(t / 65536) + Math.floor(w1 / 65536)) | 0;
}

/** Number of trailing zeros of a 32-bit value. */
export function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** Number of set bits of a 32-bit value. */
export function popcnt32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The signed 64-bit value at word `a`, as a bigint. */
export function getI64(I: Int32Array, a: number): bigint {
  return (BigInt(I[a + 1]!) << 32n) | BigInt(I[a]! >>> 0);
}

/** Stores a 64-bit value (taken modulo 2^64) at word `d`. */
export function setI64(I: Int32Array, d: number, v: bigint): void {
  I[d] = Number(BigInt.asIntN(32, v));
  I[d + 1] = Number(BigInt.asIntN(32, v >> 32n));
}

/** i64 multiplication. */
export function mul64(I: Int32Array, d: number, a: number, b: number): void {
  const alo = I[a]!;
  const ahi = I[a + 1]!;
  const blo = I[b]!;
  const bhi = I[b + 1]!;
  const hi = (mulhu(alo, blo) + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
  I[d] = Math.imul(alo, blo);
  I[d + 1] = hi;
}

/** i64 division and remainder, `op`: 0 div_s, 1 div_u, 2 rem_s, 3 rem_u. */
export function divrem64(
  I: Int32Array,
  d: number,
  a: number,
  b: number,
  op: number,
): void {
  const alo = I[a]!;
  const ahi = I[a + 1]!;
  const blo = I[b]!;
  const bhi = I[b + 1]!;
  if (blo === 0 && bhi === 0) trap('divideByZero');
  const signed = op === 0 || op === 2;
  if (
    signed ? ahi === alo >> 31 && bhi === blo >> 31 : ahi === 0 && bhi === 0
  ) {
    const x = signed ? alo : alo >>> 0;
    const y = signed ? blo : blo >>> 0;
    const r = op < 2 ? Math.trunc(x / y) : x % y;
    I[d] = r | 0;
    I[d + 1] =
      r < 0 || Object.is(r, -0)
        ? r === 0
          ? 0
          : -1
        : signed
          ? 0
          : Math.floor(r / 4294967296) | 0;
    return;
  }
  let x = getI64(I, a);
  let y = getI64(I, b);
  if (!signed) {
    x = BigInt.asUintN(64, x);
    y = BigInt.asUintN(64, y);
  } else if (op === 0 && x === -(1n << 63n) && y === -1n) {
    trap('integerOverflow');
  }
  setI64(I, d, op < 2 ? x / y : x % y);
}

/** i64 shifts and rotations by `count` (mod 64), `op`: 0 shl, 1 shr_s, 2 shr_u, 3 rotl, 4 rotr. */
export function shift64(
  I: Int32Array,
  d: number,
  a: number,
  count: number,
  op: number,
): void {
  let lo = I[a]!;
  let hi = I[a + 1]!;
  let s = count & 63;
  if (op === 3 || op === 4) {
    if (op === 4) s = (64 - s) & 63;
    if (s >= 32) {
      const t = lo;
      lo = hi;
      hi = t;
      s -= 32;
    }
    if (s !== 0) {
      const nlo = (lo << s) | (hi >>> (32 - s));
      const nhi = (hi << s) | (lo >>> (32 - s));
      lo = nlo;
      hi = nhi;
    }
  } else if (s !== 0) {
    if (op === 0) {
      if (s < 32) {
        hi = (hi << s) | (lo >>> (32 - s));
        lo = lo << s;
      } else {
        hi = lo << (s - 32);
        lo = 0;
      }
    } else if (op === 1) {
      if (s < 32) {
        lo = (lo >>> s) | (hi << (32 - s));
        hi = hi >> s;
      } else {
        lo = hi >> (s - 32);
        hi = hi >> 31;
      }
    } else if (s < 32) {
      lo = (lo >>> s) | (hi << (32 - s));
      hi = hi >>> s;
    } else {
      lo = hi >>> (s - 32);
      hi = 0;
    }
  }
  I[d] = lo;
  I[d + 1] = hi;
}

/** The f64 value of the i64 at word `a`, signed or unsigned, rounded once. */
export function i64ToF64(I: Int32Array, a: number, signed: boolean): number {
  const hi = signed ? I[a + 1]! : I[a + 1]! >>> 0;
  return hi * 4294967296 + (I[a]! >>> 0);
}

/** The f32 value of the i64 at word `a`, rounded once (round to odd at 53 bits first). */
export function i64ToF32(I: Int32Array, a: number, signed: boolean): number {
  let v = getI64(I, a);
  if (!signed) v = BigInt.asUintN(64, v);
  const neg = v < 0n;
  let m = neg ? -v : v;
  if (m < 1n << 53n) return Math.fround(neg ? -Number(m) : Number(m));
  let shift = 0n;
  while (m >= 1n << 53n) {
    const sticky = m & 1n;
    m = (m >> 1n) | sticky;
    shift++;
  }
  const r = Math.fround(Number(m) * 2 ** Number(shift));
  return neg ? -r : r;
}

/**
 * Truncates `x` to an integer of `bits` (32 or 64), signed or not; traps on
 * NaN and out-of-range values unless `saturate`. Writes the result at `d`
 * (one word for 32 bits, two for 64).
 */
export function truncate(
  I: Int32Array,
  d: number,
  x: number,
  bits: number,
  signed: boolean,
  saturate: boolean,
): void {
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) : 2 ** bits;
  let t: number;
  if (x !== x) {
    if (!saturate) trap('invalidConversion');
    t = 0;
  } else if (!((bits === 64 && signed ? x >= min : x > min - 1) && x < max)) {
    if (!saturate) trap('integerOverflow');
    t = x < 0 ? min : max - 1;
  } else {
    t = Math.trunc(x);
  }
  if (bits === 32) {
    I[d] = t | 0;
    return;
  }
  if (t === max - 1 && saturate && x >= max) {
    // 2^63 - 1 and 2^64 - 1 are not doubles.
    I[d] = -1;
    I[d + 1] = signed ? 0x7fffffff : -1;
    return;
  }
  const hi = Math.floor(t / 4294967296);
  I[d] = (t - hi * 4294967296) | 0;
  I[d + 1] = hi | 0;
}

/** Round to nearest, ties to even. */
export function nearest(x: number): number {
  const r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/** `x`, with a NaN made quiet (some Math functions return a signalling NaN as it is). */
export function quiet(x: number): number {
  return x === x ? x : NaN;
}
