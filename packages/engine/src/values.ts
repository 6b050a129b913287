// Values at the embedder API: exact, typed, with raw float bits.

import type { CanonValType } from './runtime/type-registry.js';

/**
 * A value passed to or returned from wasm by the embedder API. Floats are
 * raw IEEE 754 bits, so NaN payloads survive; references are `null`, our
 * function objects (`WasmFunction`), GC objects, i31 values (numbers), or
 * any host value (externref).
 */
export type WasmValue =
  | { readonly type: 'i32'; readonly value: number }
  | { readonly type: 'i64'; readonly value: bigint }
  | { readonly type: 'f32'; readonly bits: number }
  | { readonly type: 'f64'; readonly bits: bigint }
  | { readonly type: 'v128'; readonly bytes: Uint8Array }
  | { readonly type: 'ref'; readonly value: unknown };

/** The raw encoding of a `WasmValue` (see `Machine.invoke`). */
export function toRaw(v: WasmValue): unknown {
  switch (v.type) {
    case 'i32':
      return v.value | 0;
    case 'i64':
      return BigInt.asIntN(64, v.value);
    case 'f32':
      return v.bits | 0;
    case 'f64':
      return BigInt.asUintN(64, v.bits);
    case 'v128':
      return v.bytes;
    case 'ref':
      return v.value;
  }
}

/** A raw value of `type` as a `WasmValue`. */
export function fromRaw(raw: unknown, type: CanonValType): WasmValue {
  switch (type) {
    case 'i32':
      return { type: 'i32', value: (raw as number) | 0 };
    case 'i64':
      return { type: 'i64', value: BigInt.asIntN(64, raw as bigint) };
    case 'f32':
      return { type: 'f32', bits: (raw as number) >>> 0 };
    case 'f64':
      return { type: 'f64', bits: BigInt.asUintN(64, raw as bigint) };
    case 'v128':
      return { type: 'v128', bytes: raw as Uint8Array };
    default:
      return { type: 'ref', value: raw };
  }
}
