// Helpers that generated JS-tier code calls through `R`: the operations that
// may trap or take more than one expression, float bit casts, and indirect
// calls. Traps go through the same `trap(kind)` as the interpreter's.
// https://webassembly.github.io/spec/core/exec/numerics.html

import type {
  JsCallable,
  Memory,
  Table,
  WasmFunction,
} from '../runtime/objects.js';
import { Trap, trap } from '../runtime/trap.js';
import type { TypeRegistry } from '../runtime/type-registry.js';
import { nearest, quiet } from '../interpret/numeric.js';

const scratch = new ArrayBuffer(8);
const sI32 = new Int32Array(scratch);
const sF32 = new Float32Array(scratch);
const sF64 = new Float64Array(scratch);
const sI64 = new BigInt64Array(scratch);
const sU64 = new BigUint64Array(scratch);

/** The f32 with raw bits `bits`. */
export function f32FromBits(bits: number): number {
  sI32[0] = bits;
  return sF32[0]!;
}

/** The raw bits of f32 `x`, as an int32. */
export function f32Bits(x: number): number {
  sF32[0] = x;
  return sI32[0]!;
}

/** The f64 with raw bits `bits` (unsigned or signed). */
export function f64FromBits(bits: bigint): number {
  sU64[0] = BigInt.asUintN(64, bits);
  return sF64[0]!;
}

/** The raw bits of f64 `x`, as a signed 64-bit bigint. */
export function f64Bits(x: number): bigint {
  sF64[0] = x;
  return sI64[0]!;
}

/** The raw bits of f64 `x`, unsigned. */
export function f64BitsUnsigned(x: number): bigint {
  sF64[0] = x;
  return sU64[0]!;
}

const minI64 = -(1n << 63n);

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

/** Makes the helpers for one engine (call_indirect needs its type registry). */
export function makeRuntime(
  registry: TypeRegistry,
  callableOf: (fn: WasmFunction) => JsCallable,
): JsRuntime {
  return {
    trap,
    nearest,
    quiet,
    f32: f32FromBits,
    f32Bits,
    f64: f64FromBits,
    f64Bits,
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
    divS64(a: bigint, b: bigint): bigint {
      if (b === 0n) trap('divideByZero');
      if (a === minI64 && b === -1n) trap('integerOverflow');
      return a / b;
    },
    divU64(a: bigint, b: bigint): bigint {
      if (b === 0n) trap('divideByZero');
      return BigInt.asIntN(64, BigInt.asUintN(64, a) / BigInt.asUintN(64, b));
    },
    remS64(a: bigint, b: bigint): bigint {
      if (b === 0n) trap('divideByZero');
      return a % b;
    },
    remU64(a: bigint, b: bigint): bigint {
      if (b === 0n) trap('divideByZero');
      return BigInt.asIntN(64, BigInt.asUintN(64, a) % BigInt.asUintN(64, b));
    },
    ctz32(x: number): number {
      return x === 0 ? 32 : 31 - Math.clz32(x & -x);
    },
    popcnt32(x: number): number {
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) | 0;
    },
    clz64(x: bigint): bigint {
      const hi = Number(BigInt.asIntN(32, x >> 32n));
      if (hi !== 0) return BigInt(Math.clz32(hi));
      return BigInt(32 + Math.clz32(Number(BigInt.asIntN(32, x))));
    },
    ctz64(x: bigint): bigint {
      const lo = Number(BigInt.asIntN(32, x));
      if (lo !== 0) return BigInt(31 - Math.clz32(lo & -lo));
      const hi = Number(BigInt.asIntN(32, x >> 32n));
      return hi === 0 ? 64n : BigInt(63 - Math.clz32(hi & -hi));
    },
    popcnt64(x: bigint): bigint {
      let n = 0;
      for (const w of [
        Number(BigInt.asIntN(32, x)),
        Number(BigInt.asIntN(32, x >> 32n)),
      ]) {
        let v = w - ((w >>> 1) & 0x55555555);
        v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
        n += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
      }
      return BigInt(n);
    },
    rotl64(a: bigint, b: bigint): bigint {
      const k = b & 63n;
      const u = BigInt.asUintN(64, a);
      return BigInt.asIntN(64, (u << k) | (u >> ((64n - k) & 63n)));
    },
    rotr64(a: bigint, b: bigint): bigint {
      const k = b & 63n;
      const u = BigInt.asUintN(64, a);
      return BigInt.asIntN(64, (u >> k) | (u << ((64n - k) & 63n)));
    },
    copysign32(a: number, b: number): number {
      sF32[0] = a;
      const x = sI32[0]! & 0x7fffffff;
      sF32[0] = b;
      sI32[0] = x | (sI32[0]! & -0x80000000);
      return sF32[0];
    },
    copysign64(a: number, b: number): number {
      sF64[0] = b;
      const negative = sI32[1]! < 0;
      sF64[0] = a;
      sI32[1] = negative ? sI32[1]! | -0x80000000 : sI32[1]! & 0x7fffffff;
      return sF64[0];
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
    truncI64(x: number, signed: boolean): bigint {
      return BigInt.asIntN(64, BigInt(truncChecked(x, 64, signed)));
    },
    satI64(x: number, signed: boolean): bigint {
      const t = truncSat(x, 64, signed);
      if (signed && t === 2 ** 63) return (1n << 63n) - 1n;
      if (!signed && t === 2 ** 64) return -1n;
      return BigInt.asIntN(64, BigInt(t));
    },
    i64ToF32(a: bigint, signed: boolean): number {
      const v = signed ? a : BigInt.asUintN(64, a);
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
