// The one instruction table. Every instruction tswasm knows is one row here:
// its opcode bytes, text name, immediate kinds, and (where fixed) operand and
// result types. The decoder, encoder, text parser, printer, validator and
// engine derive their tables from it; nothing else lists opcodes.
// https://webassembly.github.io/spec/core/binary/instructions.html

import type { Feature } from './features.js';
import type { ImmediateKind } from './instr.js';
import type { NumType } from './types.js';

/** The prefix byte of a multi-byte opcode. */
export type Prefix = 0xfb | 0xfc | 0xfd | 0xfe;

/**
 * An operand type in a fixed signature. `addr` stands for the address type
 * (`i32` or `i64`) of the instruction's memory.
 */
export type OperandType = NumType | 'v128' | 'addr';

/** One row of the instruction table. */
export interface InstrDef {
  /** Position in `instructions`; dense, stable within a release. */
  readonly id: number;
  /** Unique name; equal to `text` except where two opcodes share a keyword. */
  readonly name: string;
  /** The text-format keyword. */
  readonly text: string;
  readonly prefix: Prefix | null;
  /** The opcode byte, or the LEB128-encoded u32 after the prefix. */
  readonly code: number;
  readonly immediates: readonly ImmediateKind[];
  /** Operand types popped, bottom first; `null` where the validator has a rule of its own. */
  readonly params: readonly OperandType[] | null;
  /** Result types pushed; `null` where the validator has a rule of its own. */
  readonly results: readonly OperandType[] | null;
  /** Memory accesses: log2 of the natural alignment, the largest allowed. */
  readonly align: number | null;
  /** The proposal that introduced the instruction; `null` for WebAssembly 1.0. */
  readonly feature: Feature | null;
  /** Allowed in constant expressions (before features are considered). */
  readonly constant: boolean;
}

type Sig = readonly OperandType[] | null;

interface RowOptions {
  readonly text?: string;
  readonly align?: number;
  readonly constant?: boolean;
}

const rows: InstrDef[] = [];

function row(
  name: string,
  prefix: Prefix | null,
  code: number,
  feature: Feature | null,
  immediates: readonly ImmediateKind[],
  params: Sig,
  results: Sig,
  options: RowOptions = {},
): void {
  rows.push({
    id: rows.length,
    name,
    text: options.text ?? name,
    prefix,
    code,
    immediates,
    params,
    results,
    align: options.align ?? null,
    feature,
    constant: options.constant ?? false,
  });
}

/** Rows with fixed signatures: `[name, code, params, results]`. */
function simple(
  prefix: Prefix | null,
  feature: Feature | null,
  list: readonly (readonly [string, number, Sig, Sig])[],
): void {
  for (const [name, code, params, results] of list) {
    row(name, prefix, code, feature, [], params, results);
  }
}

const i32: readonly OperandType[] = ['i32'];
const i64: readonly OperandType[] = ['i64'];
const f32: readonly OperandType[] = ['f32'];
const f64: readonly OperandType[] = ['f64'];
const v128: readonly OperandType[] = ['v128'];
const none: readonly OperandType[] = [];
const i64i64: readonly OperandType[] = ['i64', 'i64'];
const v2: readonly OperandType[] = ['v128', 'v128'];
const v3: readonly OperandType[] = ['v128', 'v128', 'v128'];

// Control

row('unreachable', null, 0x00, null, [], null, null);
row('nop', null, 0x01, null, [], none, none);
row('block', null, 0x02, null, ['blockType'], null, null);
row('loop', null, 0x03, null, ['blockType'], null, null);
row('if', null, 0x04, null, ['blockType'], null, null);
row('else', null, 0x05, null, [], null, null);
row('try', null, 0x06, 'legacyExceptions', ['blockType'], null, null);
row('catch', null, 0x07, 'legacyExceptions', ['tag'], null, null);
row('throw', null, 0x08, 'exceptions', ['tag'], null, null);
row('rethrow', null, 0x09, 'legacyExceptions', ['label'], null, null);
row('throw_ref', null, 0x0a, 'exceptions', [], null, null);
row('end', null, 0x0b, null, [], null, null);
row('br', null, 0x0c, null, ['label'], null, null);
row('br_if', null, 0x0d, null, ['label'], null, null);
row('br_table', null, 0x0e, null, ['labels', 'label'], null, null);
row('return', null, 0x0f, null, [], null, null);
row('call', null, 0x10, null, ['func'], null, null);
row('call_indirect', null, 0x11, null, ['type', 'table'], null, null);
row('return_call', null, 0x12, 'tailCall', ['func'], null, null);
row(
  'return_call_indirect',
  null,
  0x13,
  'tailCall',
  ['type', 'table'],
  null,
  null,
);
row('call_ref', null, 0x14, 'functionReferences', ['type'], null, null);
row('return_call_ref', null, 0x15, 'tailCall', ['type'], null, null);
row('delegate', null, 0x18, 'legacyExceptions', ['label'], null, null);
row('catch_all', null, 0x19, 'legacyExceptions', [], null, null);
row(
  'try_table',
  null,
  0x1f,
  'exceptions',
  ['blockType', 'catches'],
  null,
  null,
);

// Parametric

row('drop', null, 0x1a, null, [], null, null);
row('select', null, 0x1b, null, [], null, null);
row('select.typed', null, 0x1c, 'referenceTypes', ['valTypes'], null, null, {
  text: 'select',
});

// Variables

row('local.get', null, 0x20, null, ['local'], null, null);
row('local.set', null, 0x21, null, ['local'], null, null);
row('local.tee', null, 0x22, null, ['local'], null, null);
row('global.get', null, 0x23, null, ['global'], null, null, { constant: true });
row('global.set', null, 0x24, null, ['global'], null, null);

// Tables

row('table.get', null, 0x25, 'referenceTypes', ['table'], null, null);
row('table.set', null, 0x26, 'referenceTypes', ['table'], null, null);

// Memory

function memory(
  name: string,
  prefix: Prefix | null,
  code: number,
  feature: Feature | null,
  align: number,
  params: Sig,
  results: Sig,
  extra: readonly ImmediateKind[] = [],
): void {
  row(name, prefix, code, feature, ['memarg', ...extra], params, results, {
    align,
  });
}

const loads: readonly (readonly [string, number, number, NumType])[] = [
  ['i32.load', 0x28, 2, 'i32'],
  ['i64.load', 0x29, 3, 'i64'],
  ['f32.load', 0x2a, 2, 'f32'],
  ['f64.load', 0x2b, 3, 'f64'],
  ['i32.load8_s', 0x2c, 0, 'i32'],
  ['i32.load8_u', 0x2d, 0, 'i32'],
  ['i32.load16_s', 0x2e, 1, 'i32'],
  ['i32.load16_u', 0x2f, 1, 'i32'],
  ['i64.load8_s', 0x30, 0, 'i64'],
  ['i64.load8_u', 0x31, 0, 'i64'],
  ['i64.load16_s', 0x32, 1, 'i64'],
  ['i64.load16_u', 0x33, 1, 'i64'],
  ['i64.load32_s', 0x34, 2, 'i64'],
  ['i64.load32_u', 0x35, 2, 'i64'],
];
for (const [name, code, align, type] of loads) {
  memory(name, null, code, null, align, ['addr'], [type]);
}
const stores: readonly (readonly [string, number, number, NumType])[] = [
  ['i32.store', 0x36, 2, 'i32'],
  ['i64.store', 0x37, 3, 'i64'],
  ['f32.store', 0x38, 2, 'f32'],
  ['f64.store', 0x39, 3, 'f64'],
  ['i32.store8', 0x3a, 0, 'i32'],
  ['i32.store16', 0x3b, 1, 'i32'],
  ['i64.store8', 0x3c, 0, 'i64'],
  ['i64.store16', 0x3d, 1, 'i64'],
  ['i64.store32', 0x3e, 2, 'i64'],
];
for (const [name, code, align, type] of stores) {
  memory(name, null, code, null, align, ['addr', type], none);
}
row('memory.size', null, 0x3f, null, ['memory'], null, null);
row('memory.grow', null, 0x40, null, ['memory'], null, null);

// Constants

row('i32.const', null, 0x41, null, ['i32'], none, i32, { constant: true });
row('i64.const', null, 0x42, null, ['i64'], none, i64, { constant: true });
row('f32.const', null, 0x43, null, ['f32'], none, f32, { constant: true });
row('f64.const', null, 0x44, null, ['f64'], none, f64, { constant: true });

// Numeric: comparisons, arithmetic, conversions

function unops(
  type: NumType,
  ops: readonly string[],
  first: number,
  to: Sig = null,
): void {
  ops.forEach((op, i) => {
    row(`${type}.${op}`, null, first + i, null, [], [type], to ?? [type]);
  });
}
function binops(
  type: NumType,
  ops: readonly string[],
  first: number,
  to: Sig = null,
): void {
  ops.forEach((op, i) => {
    row(`${type}.${op}`, null, first + i, null, [], [type, type], to ?? [type]);
  });
}

row('i32.eqz', null, 0x45, null, [], i32, i32);
binops(
  'i32',
  ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'],
  0x46,
  i32,
);
row('i64.eqz', null, 0x50, null, [], i64, i32);
binops(
  'i64',
  ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'],
  0x51,
  i32,
);
binops('f32', ['eq', 'ne', 'lt', 'gt', 'le', 'ge'], 0x5b, i32);
binops('f64', ['eq', 'ne', 'lt', 'gt', 'le', 'ge'], 0x61, i32);

const intUnops = ['clz', 'ctz', 'popcnt'];
const intBinops = [
  'add',
  'sub',
  'mul',
  'div_s',
  'div_u',
  'rem_s',
  'rem_u',
  'and',
  'or',
  'xor',
  'shl',
  'shr_s',
  'shr_u',
  'rotl',
  'rotr',
];
unops('i32', intUnops, 0x67);
binops('i32', intBinops, 0x6a);
unops('i64', intUnops, 0x79);
binops('i64', intBinops, 0x7c);
const floatUnops = ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt'];
const floatBinops = ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'];
unops('f32', floatUnops, 0x8b);
binops('f32', floatBinops, 0x92);
unops('f64', floatUnops, 0x99);
binops('f64', floatBinops, 0xa0);

simple(null, null, [
  ['i32.wrap_i64', 0xa7, i64, i32],
  ['i32.trunc_f32_s', 0xa8, f32, i32],
  ['i32.trunc_f32_u', 0xa9, f32, i32],
  ['i32.trunc_f64_s', 0xaa, f64, i32],
  ['i32.trunc_f64_u', 0xab, f64, i32],
  ['i64.extend_i32_s', 0xac, i32, i64],
  ['i64.extend_i32_u', 0xad, i32, i64],
  ['i64.trunc_f32_s', 0xae, f32, i64],
  ['i64.trunc_f32_u', 0xaf, f32, i64],
  ['i64.trunc_f64_s', 0xb0, f64, i64],
  ['i64.trunc_f64_u', 0xb1, f64, i64],
  ['f32.convert_i32_s', 0xb2, i32, f32],
  ['f32.convert_i32_u', 0xb3, i32, f32],
  ['f32.convert_i64_s', 0xb4, i64, f32],
  ['f32.convert_i64_u', 0xb5, i64, f32],
  ['f32.demote_f64', 0xb6, f64, f32],
  ['f64.convert_i32_s', 0xb7, i32, f64],
  ['f64.convert_i32_u', 0xb8, i32, f64],
  ['f64.convert_i64_s', 0xb9, i64, f64],
  ['f64.convert_i64_u', 0xba, i64, f64],
  ['f64.promote_f32', 0xbb, f32, f64],
  ['i32.reinterpret_f32', 0xbc, f32, i32],
  ['i64.reinterpret_f64', 0xbd, f64, i64],
  ['f32.reinterpret_i32', 0xbe, i32, f32],
  ['f64.reinterpret_i64', 0xbf, i64, f64],
]);
simple(null, 'signExtension', [
  ['i32.extend8_s', 0xc0, i32, i32],
  ['i32.extend16_s', 0xc1, i32, i32],
  ['i64.extend8_s', 0xc2, i64, i64],
  ['i64.extend16_s', 0xc3, i64, i64],
  ['i64.extend32_s', 0xc4, i64, i64],
]);

// Extended constant expressions: these may appear in constant expressions
// when `extendedConst` is on; the validator checks the feature.
for (const def of rows) {
  if (/^i(32|64)\.(add|sub|mul)$/.test(def.name)) {
    rows[def.id] = { ...def, constant: true };
  }
}

// References

row('ref.null', null, 0xd0, 'referenceTypes', ['heapType'], null, null, {
  constant: true,
});
row('ref.is_null', null, 0xd1, 'referenceTypes', [], null, null);
row('ref.func', null, 0xd2, 'referenceTypes', ['func'], null, null, {
  constant: true,
});
row('ref.eq', null, 0xd3, 'gc', [], null, null);
row('ref.as_non_null', null, 0xd4, 'functionReferences', [], null, null);
row('br_on_null', null, 0xd5, 'functionReferences', ['label'], null, null);
row('br_on_non_null', null, 0xd6, 'functionReferences', ['label'], null, null);

// GC (0xfb)

const gc = (
  name: string,
  code: number,
  immediates: readonly ImmediateKind[],
  options: RowOptions = {},
): void => row(name, 0xfb, code, 'gc', immediates, null, null, options);
gc('struct.new', 0, ['type'], { constant: true });
gc('struct.new_default', 1, ['type'], { constant: true });
gc('struct.get', 2, ['type', 'field']);
gc('struct.get_s', 3, ['type', 'field']);
gc('struct.get_u', 4, ['type', 'field']);
gc('struct.set', 5, ['type', 'field']);
gc('array.new', 6, ['type'], { constant: true });
gc('array.new_default', 7, ['type'], { constant: true });
gc('array.new_fixed', 8, ['type', 'u32'], { constant: true });
gc('array.new_data', 9, ['type', 'data']);
gc('array.new_elem', 10, ['type', 'elem']);
gc('array.get', 11, ['type']);
gc('array.get_s', 12, ['type']);
gc('array.get_u', 13, ['type']);
gc('array.set', 14, ['type']);
gc('array.len', 15, []);
gc('array.fill', 16, ['type']);
gc('array.copy', 17, ['type', 'type']);
gc('array.init_data', 18, ['type', 'data']);
gc('array.init_elem', 19, ['type', 'elem']);
gc('ref.test', 20, ['heapType']);
gc('ref.test.null', 21, ['heapType'], { text: 'ref.test' });
gc('ref.cast', 22, ['heapType']);
gc('ref.cast.null', 23, ['heapType'], { text: 'ref.cast' });
gc('br_on_cast', 24, ['castFlags', 'label', 'heapType', 'heapType']);
gc('br_on_cast_fail', 25, ['castFlags', 'label', 'heapType', 'heapType']);
gc('any.convert_extern', 26, [], { constant: true });
gc('extern.convert_any', 27, [], { constant: true });
gc('ref.i31', 28, [], { constant: true });
gc('i31.get_s', 29, []);
gc('i31.get_u', 30, []);

// 0xfc: saturating truncation, bulk memory, tables, wide arithmetic

simple(0xfc, 'saturatingFloatToInt', [
  ['i32.trunc_sat_f32_s', 0, f32, i32],
  ['i32.trunc_sat_f32_u', 1, f32, i32],
  ['i32.trunc_sat_f64_s', 2, f64, i32],
  ['i32.trunc_sat_f64_u', 3, f64, i32],
  ['i64.trunc_sat_f32_s', 4, f32, i64],
  ['i64.trunc_sat_f32_u', 5, f32, i64],
  ['i64.trunc_sat_f64_s', 6, f64, i64],
  ['i64.trunc_sat_f64_u', 7, f64, i64],
]);
row('memory.init', 0xfc, 8, 'bulkMemory', ['data', 'memory'], null, null);
row('data.drop', 0xfc, 9, 'bulkMemory', ['data'], none, none);
row('memory.copy', 0xfc, 10, 'bulkMemory', ['memory', 'memory'], null, null);
row('memory.fill', 0xfc, 11, 'bulkMemory', ['memory'], null, null);
row('table.init', 0xfc, 12, 'bulkMemory', ['elem', 'table'], null, null);
row('elem.drop', 0xfc, 13, 'bulkMemory', ['elem'], none, none);
row('table.copy', 0xfc, 14, 'bulkMemory', ['table', 'table'], null, null);
row('table.grow', 0xfc, 15, 'referenceTypes', ['table'], null, null);
row('table.size', 0xfc, 16, 'referenceTypes', ['table'], null, null);
row('table.fill', 0xfc, 17, 'referenceTypes', ['table'], null, null);
simple(0xfc, 'wideArithmetic', [
  ['i64.add128', 19, ['i64', 'i64', 'i64', 'i64'], i64i64],
  ['i64.sub128', 20, ['i64', 'i64', 'i64', 'i64'], i64i64],
  ['i64.mul_wide_s', 21, i64i64, i64i64],
  ['i64.mul_wide_u', 22, i64i64, i64i64],
]);

// SIMD (0xfd)

const simdLoads: readonly (readonly [string, number, number])[] = [
  ['v128.load', 0x00, 4],
  ['v128.load8x8_s', 0x01, 3],
  ['v128.load8x8_u', 0x02, 3],
  ['v128.load16x4_s', 0x03, 3],
  ['v128.load16x4_u', 0x04, 3],
  ['v128.load32x2_s', 0x05, 3],
  ['v128.load32x2_u', 0x06, 3],
  ['v128.load8_splat', 0x07, 0],
  ['v128.load16_splat', 0x08, 1],
  ['v128.load32_splat', 0x09, 2],
  ['v128.load64_splat', 0x0a, 3],
];
for (const [name, code, align] of simdLoads) {
  memory(name, 0xfd, code, 'simd', align, ['addr'], v128);
}
memory('v128.store', 0xfd, 0x0b, 'simd', 4, ['addr', 'v128'], none);
row('v128.const', 0xfd, 0x0c, 'simd', ['v128'], none, v128, { constant: true });
row('i8x16.shuffle', 0xfd, 0x0d, 'simd', ['shuffle'], v2, v128);
row('i8x16.swizzle', 0xfd, 0x0e, 'simd', [], v2, v128);
simple(0xfd, 'simd', [
  ['i8x16.splat', 0x0f, i32, v128],
  ['i16x8.splat', 0x10, i32, v128],
  ['i32x4.splat', 0x11, i32, v128],
  ['i64x2.splat', 0x12, i64, v128],
  ['f32x4.splat', 0x13, f32, v128],
  ['f64x2.splat', 0x14, f64, v128],
]);
const lanes: readonly (readonly [string, number, Sig, Sig])[] = [
  ['i8x16.extract_lane_s', 0x15, v128, i32],
  ['i8x16.extract_lane_u', 0x16, v128, i32],
  ['i8x16.replace_lane', 0x17, ['v128', 'i32'], v128],
  ['i16x8.extract_lane_s', 0x18, v128, i32],
  ['i16x8.extract_lane_u', 0x19, v128, i32],
  ['i16x8.replace_lane', 0x1a, ['v128', 'i32'], v128],
  ['i32x4.extract_lane', 0x1b, v128, i32],
  ['i32x4.replace_lane', 0x1c, ['v128', 'i32'], v128],
  ['i64x2.extract_lane', 0x1d, v128, i64],
  ['i64x2.replace_lane', 0x1e, ['v128', 'i64'], v128],
  ['f32x4.extract_lane', 0x1f, v128, f32],
  ['f32x4.replace_lane', 0x20, ['v128', 'f32'], v128],
  ['f64x2.extract_lane', 0x21, v128, f64],
  ['f64x2.replace_lane', 0x22, ['v128', 'f64'], v128],
];
for (const [name, code, params, results] of lanes) {
  row(name, 0xfd, code, 'simd', ['lane'], params, results);
}

/** SIMD rows `shape.op` with consecutive codes; `null` skips a code. */
function simd(
  shape: string,
  ops: readonly (string | null)[],
  first: number,
  params: Sig,
  results: Sig,
  feature: Feature = 'simd',
): void {
  ops.forEach((op, i) => {
    if (op !== null)
      row(`${shape}.${op}`, 0xfd, first + i, feature, [], params, results);
  });
}
const intCmp = [
  'eq',
  'ne',
  'lt_s',
  'lt_u',
  'gt_s',
  'gt_u',
  'le_s',
  'le_u',
  'ge_s',
  'ge_u',
];
const floatCmp = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];
simd('i8x16', intCmp, 0x23, v2, v128);
simd('i16x8', intCmp, 0x2d, v2, v128);
simd('i32x4', intCmp, 0x37, v2, v128);
simd('f32x4', floatCmp, 0x41, v2, v128);
simd('f64x2', floatCmp, 0x47, v2, v128);
row('v128.not', 0xfd, 0x4d, 'simd', [], v128, v128);
simd('v128', ['and', 'andnot', 'or', 'xor'], 0x4e, v2, v128);
row('v128.bitselect', 0xfd, 0x52, 'simd', [], v3, v128);
row('v128.any_true', 0xfd, 0x53, 'simd', [], v128, i32);
const laneMemory: readonly (readonly [string, number, number, boolean])[] = [
  ['v128.load8_lane', 0x54, 0, true],
  ['v128.load16_lane', 0x55, 1, true],
  ['v128.load32_lane', 0x56, 2, true],
  ['v128.load64_lane', 0x57, 3, true],
  ['v128.store8_lane', 0x58, 0, false],
  ['v128.store16_lane', 0x59, 1, false],
  ['v128.store32_lane', 0x5a, 2, false],
  ['v128.store64_lane', 0x5b, 3, false],
];
for (const [name, code, align, isLoad] of laneMemory) {
  memory(
    name,
    0xfd,
    code,
    'simd',
    align,
    ['addr', 'v128'],
    isLoad ? v128 : none,
    ['lane'],
  );
}
memory('v128.load32_zero', 0xfd, 0x5c, 'simd', 2, ['addr'], v128);
memory('v128.load64_zero', 0xfd, 0x5d, 'simd', 3, ['addr'], v128);
simple(0xfd, 'simd', [
  ['f32x4.demote_f64x2_zero', 0x5e, v128, v128],
  ['f64x2.promote_low_f32x4', 0x5f, v128, v128],
  ['i8x16.abs', 0x60, v128, v128],
  ['i8x16.neg', 0x61, v128, v128],
  ['i8x16.popcnt', 0x62, v128, v128],
  ['i8x16.all_true', 0x63, v128, i32],
  ['i8x16.bitmask', 0x64, v128, i32],
  ['i8x16.narrow_i16x8_s', 0x65, v2, v128],
  ['i8x16.narrow_i16x8_u', 0x66, v2, v128],
  ['f32x4.ceil', 0x67, v128, v128],
  ['f32x4.floor', 0x68, v128, v128],
  ['f32x4.trunc', 0x69, v128, v128],
  ['f32x4.nearest', 0x6a, v128, v128],
  ['i8x16.shl', 0x6b, ['v128', 'i32'], v128],
  ['i8x16.shr_s', 0x6c, ['v128', 'i32'], v128],
  ['i8x16.shr_u', 0x6d, ['v128', 'i32'], v128],
  ['i8x16.add', 0x6e, v2, v128],
  ['i8x16.add_sat_s', 0x6f, v2, v128],
  ['i8x16.add_sat_u', 0x70, v2, v128],
  ['i8x16.sub', 0x71, v2, v128],
  ['i8x16.sub_sat_s', 0x72, v2, v128],
  ['i8x16.sub_sat_u', 0x73, v2, v128],
  ['f64x2.ceil', 0x74, v128, v128],
  ['f64x2.floor', 0x75, v128, v128],
  ['i8x16.min_s', 0x76, v2, v128],
  ['i8x16.min_u', 0x77, v2, v128],
  ['i8x16.max_s', 0x78, v2, v128],
  ['i8x16.max_u', 0x79, v2, v128],
  ['f64x2.trunc', 0x7a, v128, v128],
  ['i8x16.avgr_u', 0x7b, v2, v128],
  ['i16x8.extadd_pairwise_i8x16_s', 0x7c, v128, v128],
  ['i16x8.extadd_pairwise_i8x16_u', 0x7d, v128, v128],
  ['i32x4.extadd_pairwise_i16x8_s', 0x7e, v128, v128],
  ['i32x4.extadd_pairwise_i16x8_u', 0x7f, v128, v128],
  ['i16x8.abs', 0x80, v128, v128],
  ['i16x8.neg', 0x81, v128, v128],
  ['i16x8.q15mulr_sat_s', 0x82, v2, v128],
  ['i16x8.all_true', 0x83, v128, i32],
  ['i16x8.bitmask', 0x84, v128, i32],
  ['i16x8.narrow_i32x4_s', 0x85, v2, v128],
  ['i16x8.narrow_i32x4_u', 0x86, v2, v128],
  ['i16x8.extend_low_i8x16_s', 0x87, v128, v128],
  ['i16x8.extend_high_i8x16_s', 0x88, v128, v128],
  ['i16x8.extend_low_i8x16_u', 0x89, v128, v128],
  ['i16x8.extend_high_i8x16_u', 0x8a, v128, v128],
  ['i16x8.shl', 0x8b, ['v128', 'i32'], v128],
  ['i16x8.shr_s', 0x8c, ['v128', 'i32'], v128],
  ['i16x8.shr_u', 0x8d, ['v128', 'i32'], v128],
  ['i16x8.add', 0x8e, v2, v128],
  ['i16x8.add_sat_s', 0x8f, v2, v128],
  ['i16x8.add_sat_u', 0x90, v2, v128],
  ['i16x8.sub', 0x91, v2, v128],
  ['i16x8.sub_sat_s', 0x92, v2, v128],
  ['i16x8.sub_sat_u', 0x93, v2, v128],
  ['f64x2.nearest', 0x94, v128, v128],
  ['i16x8.mul', 0x95, v2, v128],
  ['i16x8.min_s', 0x96, v2, v128],
  ['i16x8.min_u', 0x97, v2, v128],
  ['i16x8.max_s', 0x98, v2, v128],
  ['i16x8.max_u', 0x99, v2, v128],
  ['i16x8.avgr_u', 0x9b, v2, v128],
  ['i16x8.extmul_low_i8x16_s', 0x9c, v2, v128],
  ['i16x8.extmul_high_i8x16_s', 0x9d, v2, v128],
  ['i16x8.extmul_low_i8x16_u', 0x9e, v2, v128],
  ['i16x8.extmul_high_i8x16_u', 0x9f, v2, v128],
  ['i32x4.abs', 0xa0, v128, v128],
  ['i32x4.neg', 0xa1, v128, v128],
  ['i32x4.all_true', 0xa3, v128, i32],
  ['i32x4.bitmask', 0xa4, v128, i32],
  ['i32x4.extend_low_i16x8_s', 0xa7, v128, v128],
  ['i32x4.extend_high_i16x8_s', 0xa8, v128, v128],
  ['i32x4.extend_low_i16x8_u', 0xa9, v128, v128],
  ['i32x4.extend_high_i16x8_u', 0xaa, v128, v128],
  ['i32x4.shl', 0xab, ['v128', 'i32'], v128],
  ['i32x4.shr_s', 0xac, ['v128', 'i32'], v128],
  ['i32x4.shr_u', 0xad, ['v128', 'i32'], v128],
  ['i32x4.add', 0xae, v2, v128],
  ['i32x4.sub', 0xb1, v2, v128],
  ['i32x4.mul', 0xb5, v2, v128],
  ['i32x4.min_s', 0xb6, v2, v128],
  ['i32x4.min_u', 0xb7, v2, v128],
  ['i32x4.max_s', 0xb8, v2, v128],
  ['i32x4.max_u', 0xb9, v2, v128],
  ['i32x4.dot_i16x8_s', 0xba, v2, v128],
  ['i32x4.extmul_low_i16x8_s', 0xbc, v2, v128],
  ['i32x4.extmul_high_i16x8_s', 0xbd, v2, v128],
  ['i32x4.extmul_low_i16x8_u', 0xbe, v2, v128],
  ['i32x4.extmul_high_i16x8_u', 0xbf, v2, v128],
  ['i64x2.abs', 0xc0, v128, v128],
  ['i64x2.neg', 0xc1, v128, v128],
  ['i64x2.all_true', 0xc3, v128, i32],
  ['i64x2.bitmask', 0xc4, v128, i32],
  ['i64x2.extend_low_i32x4_s', 0xc7, v128, v128],
  ['i64x2.extend_high_i32x4_s', 0xc8, v128, v128],
  ['i64x2.extend_low_i32x4_u', 0xc9, v128, v128],
  ['i64x2.extend_high_i32x4_u', 0xca, v128, v128],
  ['i64x2.shl', 0xcb, ['v128', 'i32'], v128],
  ['i64x2.shr_s', 0xcc, ['v128', 'i32'], v128],
  ['i64x2.shr_u', 0xcd, ['v128', 'i32'], v128],
  ['i64x2.add', 0xce, v2, v128],
  ['i64x2.sub', 0xd1, v2, v128],
  ['i64x2.mul', 0xd5, v2, v128],
  ['i64x2.eq', 0xd6, v2, v128],
  ['i64x2.ne', 0xd7, v2, v128],
  ['i64x2.lt_s', 0xd8, v2, v128],
  ['i64x2.gt_s', 0xd9, v2, v128],
  ['i64x2.le_s', 0xda, v2, v128],
  ['i64x2.ge_s', 0xdb, v2, v128],
  ['i64x2.extmul_low_i32x4_s', 0xdc, v2, v128],
  ['i64x2.extmul_high_i32x4_s', 0xdd, v2, v128],
  ['i64x2.extmul_low_i32x4_u', 0xde, v2, v128],
  ['i64x2.extmul_high_i32x4_u', 0xdf, v2, v128],
  ['f32x4.abs', 0xe0, v128, v128],
  ['f32x4.neg', 0xe1, v128, v128],
  ['f32x4.sqrt', 0xe3, v128, v128],
  ['f32x4.add', 0xe4, v2, v128],
  ['f32x4.sub', 0xe5, v2, v128],
  ['f32x4.mul', 0xe6, v2, v128],
  ['f32x4.div', 0xe7, v2, v128],
  ['f32x4.min', 0xe8, v2, v128],
  ['f32x4.max', 0xe9, v2, v128],
  ['f32x4.pmin', 0xea, v2, v128],
  ['f32x4.pmax', 0xeb, v2, v128],
  ['f64x2.abs', 0xec, v128, v128],
  ['f64x2.neg', 0xed, v128, v128],
  ['f64x2.sqrt', 0xef, v128, v128],
  ['f64x2.add', 0xf0, v2, v128],
  ['f64x2.sub', 0xf1, v2, v128],
  ['f64x2.mul', 0xf2, v2, v128],
  ['f64x2.div', 0xf3, v2, v128],
  ['f64x2.min', 0xf4, v2, v128],
  ['f64x2.max', 0xf5, v2, v128],
  ['f64x2.pmin', 0xf6, v2, v128],
  ['f64x2.pmax', 0xf7, v2, v128],
  ['i32x4.trunc_sat_f32x4_s', 0xf8, v128, v128],
  ['i32x4.trunc_sat_f32x4_u', 0xf9, v128, v128],
  ['f32x4.convert_i32x4_s', 0xfa, v128, v128],
  ['f32x4.convert_i32x4_u', 0xfb, v128, v128],
  ['i32x4.trunc_sat_f64x2_s_zero', 0xfc, v128, v128],
  ['i32x4.trunc_sat_f64x2_u_zero', 0xfd, v128, v128],
  ['f64x2.convert_low_i32x4_s', 0xfe, v128, v128],
  ['f64x2.convert_low_i32x4_u', 0xff, v128, v128],
]);
simple(0xfd, 'relaxedSimd', [
  ['i8x16.relaxed_swizzle', 0x100, v2, v128],
  ['i32x4.relaxed_trunc_f32x4_s', 0x101, v128, v128],
  ['i32x4.relaxed_trunc_f32x4_u', 0x102, v128, v128],
  ['i32x4.relaxed_trunc_f64x2_s_zero', 0x103, v128, v128],
  ['i32x4.relaxed_trunc_f64x2_u_zero', 0x104, v128, v128],
  ['f32x4.relaxed_madd', 0x105, v3, v128],
  ['f32x4.relaxed_nmadd', 0x106, v3, v128],
  ['f64x2.relaxed_madd', 0x107, v3, v128],
  ['f64x2.relaxed_nmadd', 0x108, v3, v128],
  ['i8x16.relaxed_laneselect', 0x109, v3, v128],
  ['i16x8.relaxed_laneselect', 0x10a, v3, v128],
  ['i32x4.relaxed_laneselect', 0x10b, v3, v128],
  ['i64x2.relaxed_laneselect', 0x10c, v3, v128],
  ['f32x4.relaxed_min', 0x10d, v2, v128],
  ['f32x4.relaxed_max', 0x10e, v2, v128],
  ['f64x2.relaxed_min', 0x10f, v2, v128],
  ['f64x2.relaxed_max', 0x110, v2, v128],
  ['i16x8.relaxed_q15mulr_s', 0x111, v2, v128],
  ['i16x8.relaxed_dot_i8x16_i7x16_s', 0x112, v2, v128],
  ['i32x4.relaxed_dot_i8x16_i7x16_add_s', 0x113, v3, v128],
]);

// Threads: atomics (0xfe)

memory('memory.atomic.notify', 0xfe, 0x00, 'threads', 2, ['addr', 'i32'], i32);
memory(
  'memory.atomic.wait32',
  0xfe,
  0x01,
  'threads',
  2,
  ['addr', 'i32', 'i64'],
  i32,
);
memory(
  'memory.atomic.wait64',
  0xfe,
  0x02,
  'threads',
  3,
  ['addr', 'i64', 'i64'],
  i32,
);
row('atomic.fence', 0xfe, 0x03, 'threads', ['zero'], none, none);
const atomicAccess: readonly (readonly [string, NumType, number])[] = [
  ['i32', 'i32', 2],
  ['i64', 'i64', 3],
  ['i32_8', 'i32', 0],
  ['i32_16', 'i32', 1],
  ['i64_8', 'i64', 0],
  ['i64_16', 'i64', 1],
  ['i64_32', 'i64', 2],
];
/** The name of an atomic access: `i32.atomic.load`, `i64.atomic.rmw8.add_u`, ... */
function atomicName(access: string, op: string, rmw: boolean): string {
  const [type, bits] = access.split('_') as [string, string | undefined];
  if (bits === undefined)
    return rmw ? `${type}.atomic.rmw.${op}` : `${type}.atomic.${op}`;
  if (rmw) return `${type}.atomic.rmw${bits}.${op}_u`;
  return op === 'load'
    ? `${type}.atomic.load${bits}_u`
    : `${type}.atomic.store${bits}`;
}
atomicAccess.forEach(([access, type, align], i) => {
  memory(
    atomicName(access, 'load', false),
    0xfe,
    0x10 + i,
    'threads',
    align,
    ['addr'],
    [type],
  );
});
atomicAccess.forEach(([access, type, align], i) => {
  memory(
    atomicName(access, 'store', false),
    0xfe,
    0x17 + i,
    'threads',
    align,
    ['addr', type],
    none,
  );
});
['add', 'sub', 'and', 'or', 'xor', 'xchg'].forEach((op, j) => {
  atomicAccess.forEach(([access, type, align], i) => {
    memory(
      atomicName(access, op, true),
      0xfe,
      0x1e + j * 7 + i,
      'threads',
      align,
      ['addr', type],
      [type],
    );
  });
});
atomicAccess.forEach(([access, type, align], i) => {
  memory(
    atomicName(access, 'cmpxchg', true),
    0xfe,
    0x48 + i,
    'threads',
    align,
    ['addr', type, type],
    [type],
  );
});

// Lookups

/** Every instruction, indexed by `id`. */
export const instructions: readonly InstrDef[] = rows;

const byName = new Map<string, InstrDef>();
for (const def of rows) {
  if (byName.has(def.name))
    throw new Error(`internal: duplicate instruction ${def.name}`);
  byName.set(def.name, def);
}

/** The row named `name` (the unique name, not the text keyword). */
export function instrByName(name: string): InstrDef | undefined {
  return byName.get(name);
}

const byText = new Map<string, InstrDef[]>();
for (const def of rows) {
  const list = byText.get(def.text);
  if (list === undefined) byText.set(def.text, [def]);
  else list.push(def);
}

/**
 * The rows whose text keyword is `text`: one, except for `select`,
 * `ref.test` and `ref.cast`, whose variants the parser picks by their
 * immediates.
 */
export function instrsByText(text: string): readonly InstrDef[] | undefined {
  return byText.get(text);
}

const singleByte: (InstrDef | undefined)[] = new Array<InstrDef | undefined>(
  256,
).fill(undefined);
const prefixed = new Map<Prefix, (InstrDef | undefined)[]>([
  [0xfb, []],
  [0xfc, []],
  [0xfd, []],
  [0xfe, []],
]);
for (const def of rows) {
  if (def.prefix === null) singleByte[def.code] = def;
  else prefixed.get(def.prefix)![def.code] = def;
}

/** The row of a single-byte opcode, if any. */
export function instrByOpcode(code: number): InstrDef | undefined {
  return singleByte[code];
}

/** The row of a prefixed opcode, if any. */
export function instrByPrefixedOpcode(
  prefix: Prefix,
  code: number,
): InstrDef | undefined {
  return prefixed.get(prefix)?.[code];
}

/** True for the four prefix bytes. */
export function isPrefix(byte: number): byte is Prefix {
  return byte === 0xfb || byte === 0xfc || byte === 0xfd || byte === 0xfe;
}
