// Matching results against `assert_return` expectations, and formatting
// values for failure reasons.
// https://github.com/WebAssembly/spec/blob/main/interpreter/script/run.ml

import { f32FromBits, f64FromBits } from '@tswasm/ir';
import type { Expected, ExpectedNumber } from '@tswasm/text';
import type { WastValue } from './adapter.js';

// NaN patterns
// https://webassembly.github.io/spec/core/exec/numerics.html#nan-propagation

const f32Exponent = 0x7f80_0000;
const f32Quiet = 0x0040_0000;
const f32NoSign = 0x7fff_ffff;
const f64Exponent = 0x7ff0_0000_0000_0000n;
const f64Quiet = 0x0008_0000_0000_0000n;
const f64NoSign = 0x7fff_ffff_ffff_ffffn;

/** True for the canonical NaN of f32, either sign. */
export function isCanonicalNan32(bits: number): boolean {
  return (bits & f32NoSign) === (f32Exponent | f32Quiet);
}

/** True for an arithmetic NaN of f32 (quiet bit set), either sign. */
export function isArithmeticNan32(bits: number): boolean {
  return (bits & (f32Exponent | f32Quiet)) === (f32Exponent | f32Quiet);
}

/** True for the canonical NaN of f64, either sign. */
export function isCanonicalNan64(bits: bigint): boolean {
  return (bits & f64NoSign) === (f64Exponent | f64Quiet);
}

/** True for an arithmetic NaN of f64 (quiet bit set), either sign. */
export function isArithmeticNan64(bits: bigint): boolean {
  return (bits & (f64Exponent | f64Quiet)) === (f64Exponent | f64Quiet);
}

// Matching

/** True if `actual` satisfies `expected` (an `assert_return` result). */
export function matchesExpected(
  expected: Expected,
  actual: WastValue,
): boolean {
  switch (expected.type) {
    case 'either':
      return expected.options.some((option) => matchesExpected(option, actual));
    case 'v128':
      return actual.type === 'v128' && sameBytes(expected.bytes, actual.bytes);
    case 'v128.lanes':
      return actual.type === 'v128' && matchesLanes(expected, actual.bytes);
    case 'ref.null':
      return actual.type === 'ref.null';
    case 'ref.extern':
    case 'ref.host':
      return actual.type === expected.type && actual.value === expected.value;
    case 'ref.kind':
      return matchesRefKind(expected.kind, actual);
    case 'i8':
    case 'i16':
      // Only lanes of a v128 have these types.
      return false;
    case 'i32':
    case 'i64':
    case 'f32':
    case 'f64':
      return matchesNumber(expected, actual);
  }
}

type RefPattern = Extract<Expected, { type: 'ref.kind' }>['kind'];

function matchesRefKind(kind: RefPattern, actual: WastValue): boolean {
  if (kind === 'null') return actual.type === 'ref.null';
  if (actual.type === 'ref.extern') return kind === 'extern';
  if (actual.type === 'ref.host') return kind === 'any';
  if (actual.type !== 'ref') return false;
  switch (kind) {
    case 'any':
      return (
        actual.kind === 'any' ||
        actual.kind === 'i31' ||
        actual.kind === 'struct' ||
        actual.kind === 'array'
      );
    case 'eq':
      return (
        actual.kind === 'i31' ||
        actual.kind === 'struct' ||
        actual.kind === 'array'
      );
    case 'func':
    case 'extern':
    case 'i31':
    case 'struct':
    case 'array':
    case 'exn':
      return actual.kind === kind;
  }
}

function matchesNumber(expected: ExpectedNumber, actual: WastValue): boolean {
  if (actual.type !== expected.type) return false;
  if ('nan' in expected) {
    if (actual.type === 'f32') {
      return expected.nan === 'canonical'
        ? isCanonicalNan32(actual.bits)
        : isArithmeticNan32(actual.bits);
    }
    if (actual.type === 'f64') {
      const bits = BigInt.asUintN(64, actual.bits);
      return expected.nan === 'canonical'
        ? isCanonicalNan64(bits)
        : isArithmeticNan64(bits);
    }
    return false;
  }
  switch (expected.type) {
    case 'i32':
      return (
        actual.type === 'i32' && (actual.value | 0) === (expected.value | 0)
      );
    case 'i64':
      return (
        actual.type === 'i64' &&
        BigInt.asUintN(64, actual.value) === BigInt.asUintN(64, expected.value)
      );
    case 'f32':
      return actual.type === 'f32' && actual.bits >>> 0 === expected.bits >>> 0;
    case 'f64':
      return (
        actual.type === 'f64' &&
        BigInt.asUintN(64, actual.bits) === BigInt.asUintN(64, expected.bits)
      );
  }
}

type Lanes = Extract<Expected, { type: 'v128.lanes' }>;

const laneBytes: Record<Lanes['shape'], number> = {
  i8x16: 1,
  i16x8: 2,
  i32x4: 4,
  i64x2: 8,
  f32x4: 4,
  f64x2: 8,
};

/** The lanes of `bytes` in `shape`, as exact lane values. */
export function splitLanes(
  shape: Lanes['shape'],
  bytes: Uint8Array,
): WastValue[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = laneBytes[shape];
  const lanes: WastValue[] = [];
  for (let offset = 0; offset + size <= 16; offset += size) {
    switch (shape) {
      case 'i8x16':
        lanes.push({ type: 'i32', value: view.getUint8(offset) });
        break;
      case 'i16x8':
        lanes.push({ type: 'i32', value: view.getUint16(offset, true) });
        break;
      case 'i32x4':
        lanes.push({ type: 'i32', value: view.getInt32(offset, true) });
        break;
      case 'i64x2':
        lanes.push({ type: 'i64', value: view.getBigInt64(offset, true) });
        break;
      case 'f32x4':
        lanes.push({ type: 'f32', bits: view.getUint32(offset, true) });
        break;
      case 'f64x2':
        lanes.push({ type: 'f64', bits: view.getBigUint64(offset, true) });
        break;
    }
  }
  return lanes;
}

function matchesLanes(expected: Lanes, bytes: Uint8Array): boolean {
  if (bytes.length !== 16) return false;
  const actual = splitLanes(expected.shape, bytes);
  if (actual.length !== expected.lanes.length) return false;
  return expected.lanes.every((lane, i) => {
    const value = actual[i];
    if (value === undefined) return false;
    switch (lane.type) {
      case 'i8':
        return value.type === 'i32' && (lane.value & 0xff) === value.value;
      case 'i16':
        return value.type === 'i32' && (lane.value & 0xffff) === value.value;
      case 'i32':
      case 'i64':
      case 'f32':
      case 'f64':
        return matchesNumber(lane, value);
    }
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

// Formatting

const hex = (value: number | bigint, digits: number): string =>
  `0x${value.toString(16).padStart(digits, '0')}`;

/** A value as a script constant would spell it, e.g. `(f32.const 1.5)`. */
export function formatValue(value: WastValue | Expected): string {
  switch (value.type) {
    case 'i8':
    case 'i16':
    case 'i32':
      return `(${value.type}.const ${value.value})`;
    case 'i64':
      return `(i64.const ${BigInt.asIntN(64, value.value)})`;
    case 'f32':
      if ('nan' in value) return `(f32.const nan:${value.nan})`;
      return `(f32.const ${formatFloat(f32FromBits(value.bits), hex(value.bits >>> 0, 8))})`;
    case 'f64':
      if ('nan' in value) return `(f64.const nan:${value.nan})`;
      return `(f64.const ${formatFloat(
        f64FromBits(value.bits),
        hex(BigInt.asUintN(64, value.bits), 16),
      )})`;
    case 'v128':
      return `(v128.const i8x16 ${Array.from(value.bytes, (byte) => hex(byte, 2)).join(' ')})`;
    case 'v128.lanes':
      return `(v128.const ${value.shape} ${value.lanes
        .map((lane) => formatValue(lane).replace(/^\(\w+\.const (.*)\)$/, '$1'))
        .join(' ')})`;
    case 'ref.null':
      return `(ref.null ${String(value.heapType)})`;
    case 'ref.extern':
    case 'ref.host':
      return `(${value.type} ${value.value})`;
    case 'ref.kind':
      return `(ref.${value.kind})`;
    case 'ref':
      return `(ref.${value.kind})`;
    case 'either':
      return `(either ${value.options.map(formatValue).join(' ')})`;
  }
}

function formatFloat(value: number, bits: string): string {
  return Number.isNaN(value) ? `nan (${bits})` : `${value} (${bits})`;
}

/** A list of values, e.g. `[(i32.const 1) (f64.const 0 (0x0…))]`. */
export function formatValues(
  values: readonly (WastValue | Expected)[],
): string {
  return `[${values.map(formatValue).join(' ')}]`;
}
