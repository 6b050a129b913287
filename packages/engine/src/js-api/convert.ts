// ToWebAssemblyValue and ToJSValue of the JS API, over the engine's raw
// value encoding.
// https://webassembly.github.io/spec/js-api/#towebassemblyvalue

import { f32FromBits, f32ToBits, f64FromBits, f64ToBits } from '@tswasm/ir';
import {
  ExternI31,
  HostAnyRef,
  WasmArray,
  WasmException,
  WasmFunction,
  WasmStruct,
} from '../runtime/objects.js';
import type { CanonValType } from '../runtime/type-registry.js';

/** Maps functions to their JS wrappers and back (set up by web-assembly.ts). */
export interface FunctionBridge {
  wrap(fn: WasmFunction): (...args: unknown[]) => unknown;
  unwrap(value: unknown): WasmFunction | undefined;
}

/** The JS value of a raw wasm value. */
export function toJSValue(
  raw: unknown,
  type: CanonValType,
  bridge: FunctionBridge,
): unknown {
  switch (type) {
    case 'i32':
      return raw;
    case 'i64':
      return BigInt.asIntN(64, raw as bigint);
    case 'f32':
      return f32FromBits(raw as number);
    case 'f64':
      return f64FromBits(raw as bigint);
    case 'v128':
      throw new TypeError('v128 values cannot cross to JavaScript');
    default:
      if (raw === null) return null;
      if (raw instanceof WasmFunction) return bridge.wrap(raw);
      if (raw instanceof HostAnyRef) return raw.value;
      if (raw instanceof ExternI31) return raw.value;
      return raw;
  }
}

/** The raw wasm value of a JS value for `type`. */
export function toWebAssemblyValue(
  value: unknown,
  type: CanonValType,
  bridge: FunctionBridge,
): unknown {
  switch (type) {
    case 'i32':
      return toNumber(value) | 0;
    case 'i64':
      return toBigInt64(value);
    case 'f32':
      return f32ToBits(toNumber(value)) | 0;
    case 'f64':
      return f64ToBits(toNumber(value));
    case 'v128':
      throw new TypeError('v128 values cannot cross from JavaScript');
    default: {
      const heap = type.heap;
      if (value === null) {
        if (!type.nullable)
          throw new TypeError(
            'null is not a value of a non-nullable reference type',
          );
        return null;
      }
      if (heap === 'extern') return value;
      if (
        heap === 'noextern' ||
        heap === 'nofunc' ||
        heap === 'none' ||
        heap === 'noexn'
      ) {
        throw new TypeError('only null is a value of this type');
      }
      if (heap === 'exn')
        throw new TypeError('exnref values cannot cross from JavaScript');
      if (
        heap === 'func' ||
        (typeof heap === 'number' && bridge.unwrap(value) !== undefined)
      ) {
        const fn = bridge.unwrap(value);
        if (fn === undefined)
          throw new TypeError('expected an exported WebAssembly function');
        return fn;
      }
      // The `any` hierarchy: internalise.
      let internal: unknown;
      if (
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= -(2 ** 30) &&
        value < 2 ** 30 &&
        !Object.is(value, -0)
      ) {
        internal = value;
      } else if (value instanceof WasmStruct || value instanceof WasmArray) {
        internal = value;
      } else {
        internal = new HostAnyRef(value);
      }
      if (heap === 'any') return internal;
      const ok =
        heap === 'eq'
          ? typeof internal === 'number' ||
            internal instanceof WasmStruct ||
            internal instanceof WasmArray
          : heap === 'i31'
            ? typeof internal === 'number'
            : heap === 'struct'
              ? internal instanceof WasmStruct
              : heap === 'array'
                ? internal instanceof WasmArray
                : false;
      if (!ok && typeof heap !== 'number')
        throw new TypeError('value does not match the reference type');
      return internal;
    }
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'bigint')
    throw new TypeError('cannot convert a BigInt to a number');
  return Number(value);
}

function toBigInt64(value: unknown): bigint {
  if (typeof value === 'number')
    throw new TypeError('cannot convert a number to a BigInt');
  if (typeof value === 'bigint') return BigInt.asIntN(64, value);
  return BigInt.asIntN(64, BigInt(value as string | boolean));
}

void WasmException;
