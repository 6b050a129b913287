// Values crossing between the host and the stack, in the raw encoding:
// i32 as number, i64 as bigint, f32 as its raw bits (number), f64 as its
// raw bits (bigint), v128 as 16 bytes, references as they are.

import type { CanonValType } from '../runtime/type-registry.js';

interface Stack {
  I: Int32Array;
  refs: unknown[];
}

/** Writes `value` of `type` at word `w`; returns the next free word. */
export function writeRaw(
  m: Stack,
  w: number,
  type: CanonValType,
  value: unknown,
): number {
  const I = m.I;
  switch (type) {
    case 'i32':
    case 'f32':
      I[w] = Number(value) | 0;
      I[w + 1] = 0;
      return w + 2;
    case 'i64':
    case 'f64': {
      const v = BigInt.asUintN(64, value as bigint);
      I[w] = Number(v & 0xffffffffn) | 0;
      I[w + 1] = Number(v >> 32n) | 0;
      return w + 2;
    }
    case 'v128': {
      const b = value as Uint8Array;
      for (let i = 0; i < 4; i++) {
        I[w + i] =
          b[i * 4]! |
          (b[i * 4 + 1]! << 8) |
          (b[i * 4 + 2]! << 16) |
          (b[i * 4 + 3]! << 24);
      }
      return w + 4;
    }
    default:
      m.refs[w] = value;
      return w + 2;
  }
}

/** Reads a value of `type` at word `w`. */
export function readRaw(m: Stack, w: number, type: CanonValType): unknown {
  const I = m.I;
  switch (type) {
    case 'i32':
      return I[w]!;
    case 'f32':
      return I[w]! >>> 0;
    case 'i64':
      return (BigInt(I[w + 1]!) << 32n) | BigInt(I[w]! >>> 0);
    case 'f64':
      return (BigInt(I[w + 1]! >>> 0) << 32n) | BigInt(I[w]! >>> 0);
    case 'v128': {
      const b = new Uint8Array(16);
      for (let i = 0; i < 4; i++) {
        const x = I[w + i]!;
        b[i * 4] = x;
        b[i * 4 + 1] = x >> 8;
        b[i * 4 + 2] = x >> 16;
        b[i * 4 + 3] = x >> 24;
      }
      return b;
    }
    default:
      return m.refs[w];
  }
}
