// Edge values of each numeric type, as the raw bits both sides are called
// with: integers that sit on the boundaries of signed and unsigned ranges,
// and floats that are zeros, infinities, NaNs (quiet, signalling, with
// payloads and signs), subnormals, and the limits of integer conversions.

import type { Random } from './random.js';

export type NumType = 'i32' | 'i64' | 'f32' | 'f64';

/** A value as raw bits: i32 and f32 as unsigned numbers, i64 and f64 as unsigned bigints. */
export type Bits = number | bigint;

export const i32Edges: readonly number[] = [
  0, 1, 2, 7, 31, 32, 33, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
  0x10000, 0xfff8, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
];

export const i64Edges: readonly bigint[] = [
  0n,
  1n,
  2n,
  31n,
  32n,
  63n,
  64n,
  65n,
  0xffn,
  0xffffn,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x100000000n,
  0x7fffffffffffffffn,
  0x8000000000000000n,
  0x8000000000000001n,
  0xfffffffffffffffen,
  0xffffffffffffffffn,
  0xffffffff80000000n,
];

export const f32Edges: readonly number[] = [
  0x00000000,
  0x80000000, // ±0
  0x7f800000,
  0xff800000, // ±inf
  0x7fc00000,
  0xffc00000, // canonical NaNs
  0x7fa00000,
  0x7f800001,
  0xffbfffff, // signalling NaNs
  0x7fc00001,
  0xfff00000, // quiet NaNs with payloads
  0x00000001,
  0x80000001,
  0x007fffff, // subnormals
  0x00800000,
  0x7f7fffff,
  0xff7fffff, // min normal, ±max
  0x3f800000,
  0xbf800000,
  0x3f000000,
  0xbf000000, // ±1, ±0.5
  0x3fc00000,
  0x40200000,
  0xc0200000, // 1.5, ±2.5
  0x4effffff,
  0x4f000000,
  0xcf000000,
  0xcf000001, // around ±2^31
  0x4f800000,
  0x4f7fffff, // around 2^32
  0x5effffff,
  0x5f000000,
  0xdf000000,
  0xdf000001,
  0x5f800000, // around ±2^63, 2^64
  0x4b000001,
  0x4b800000, // integers at the edge of f32 precision
];

export const f64Edges: readonly bigint[] = [
  0x0000000000000000n,
  0x8000000000000000n,
  0x7ff0000000000000n,
  0xfff0000000000000n,
  0x7ff8000000000000n,
  0xfff8000000000000n,
  0x7ff4000000000000n,
  0x7ff0000000000001n,
  0xfff7ffffffffffffn,
  0x7ff8000000000001n,
  0xfffe000000000000n,
  0x0000000000000001n,
  0x8000000000000001n,
  0x000fffffffffffffn,
  0x0010000000000000n,
  0x7fefffffffffffffn,
  0xffefffffffffffffn,
  0x3ff0000000000000n,
  0xbff0000000000000n,
  0x3fe0000000000000n,
  0xbfe0000000000000n,
  0x3ff8000000000000n,
  0x4004000000000000n,
  0xc004000000000000n,
  0x41dfffffffc00000n,
  0x41e0000000000000n,
  0xc1e0000000000000n,
  0xc1e0000000200000n,
  0x41efffffffe00000n,
  0x41f0000000000000n,
  0x43dfffffffffffffn,
  0x43e0000000000000n,
  0xc3e0000000000000n,
  0xc3e0000000000001n,
  0x43f0000000000000n,
  0x4330000000000001n,
  0x3810000000000000n,
  0x36a0000000000000n,
];

/** An edge value of `type` (sometimes a random one), as raw bits. */
export function edgeBits(type: NumType, random: Random): Bits {
  const fresh = random.chance(0.2);
  switch (type) {
    case 'i32':
      return fresh ? random.u32() : random.pick(i32Edges);
    case 'i64':
      return fresh ? random.u64() : random.pick(i64Edges);
    case 'f32':
      return fresh ? random.u32() : random.pick(f32Edges);
    case 'f64':
      return fresh ? random.u64() : random.pick(f64Edges);
  }
}

/** Whether raw bits of a float type are a NaN. */
export function isNaNBits(type: 'f32' | 'f64', bits: Bits): boolean {
  if (type === 'f32') {
    const b = Number(bits) >>> 0;
    return (b & 0x7f800000) === 0x7f800000 && (b & 0x007fffff) !== 0;
  }
  const b = BigInt.asUintN(64, BigInt(bits));
  return (
    (b & 0x7ff0000000000000n) === 0x7ff0000000000000n &&
    (b & 0x000fffffffffffffn) !== 0n
  );
}

/** Whether a NaN's quiet bit is set (an arithmetic NaN, as the spec requires of arithmetic results). */
export function isQuietNaNBits(type: 'f32' | 'f64', bits: Bits): boolean {
  if (type === 'f32') return ((Number(bits) >>> 0) & 0x00400000) !== 0;
  return (BigInt.asUintN(64, BigInt(bits)) & 0x0008000000000000n) !== 0n;
}

/** A WAT literal for raw float bits: `nan:0x…` for NaNs, `inf`, or a decimal that rounds back exactly. */
export function floatLiteral(type: 'f32' | 'f64', bits: Bits): string {
  const isF32 = type === 'f32';
  const b = isF32
    ? BigInt(Number(bits) >>> 0)
    : BigInt.asUintN(64, BigInt(bits));
  const signBit = isF32 ? 1n << 31n : 1n << 63n;
  const sign = (b & signBit) !== 0n ? '-' : '';
  if (isNaNBits(type, bits)) {
    const payload = b & (isF32 ? 0x7fffffn : 0xfffffffffffffn);
    return `${sign}nan:0x${payload.toString(16)}`;
  }
  let value: number;
  if (isF32) {
    const view = new DataView(new ArrayBuffer(4));
    view.setUint32(0, Number(b));
    value = view.getFloat32(0);
  } else {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, b);
    value = view.getFloat64(0);
  }
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}
