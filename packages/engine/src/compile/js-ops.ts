// Numeric instructions of the JS tier as JS expression templates: `$a` is
// the first operand, `$b` the second (instructions on i64 are in js-i64.ts).
// i32 results are int32 numbers, f32 results numbers in the encoding
// js-runtime.ts describes: arithmetic goes through Math.fround, which also
// makes a NaN quiet, while abs, neg and copysign change the sign bit alone.
// Helpers that may trap or need more than one expression live on `R`.
// Rounding functions return a signalling NaN as it is: `R.quiet` makes it
// quiet, as the spec's arithmetic NaN requires.
// https://webassembly.github.io/spec/core/exec/numerics.html

const i32Cmp = (op: string, unsigned: boolean): string =>
  unsigned ? `(($a >>> 0) ${op} ($b >>> 0) ? 1 : 0)` : `($a ${op} $b ? 1 : 0)`;
const fCmp = (op: string): string => `($a ${op} $b ? 1 : 0)`;

/** Operators with two operands, by instruction name. */
export const binaryOps: Readonly<Record<string, string>> = {
  'i32.add': '(($a + $b) | 0)',
  'i32.sub': '(($a - $b) | 0)',
  'i32.mul': 'Math.imul($a, $b)',
  'i32.div_s': 'R.divS32($a, $b)',
  'i32.div_u': 'R.divU32($a, $b)',
  'i32.rem_s': 'R.remS32($a, $b)',
  'i32.rem_u': 'R.remU32($a, $b)',
  'i32.and': '($a & $b)',
  'i32.or': '($a | $b)',
  'i32.xor': '($a ^ $b)',
  'i32.shl': '($a << $b)',
  'i32.shr_s': '($a >> $b)',
  'i32.shr_u': '(($a >>> $b) | 0)',
  'i32.rotl': '(($a << $b) | ($a >>> (32 - ($b & 31))))',
  'i32.rotr': '(($a >>> $b) | ($a << (32 - ($b & 31))))',
  'i32.eq': i32Cmp('===', false),
  'i32.ne': i32Cmp('!==', false),
  'i32.lt_s': i32Cmp('<', false),
  'i32.lt_u': i32Cmp('<', true),
  'i32.gt_s': i32Cmp('>', false),
  'i32.gt_u': i32Cmp('>', true),
  'i32.le_s': i32Cmp('<=', false),
  'i32.le_u': i32Cmp('<=', true),
  'i32.ge_s': i32Cmp('>=', false),
  'i32.ge_u': i32Cmp('>=', true),

  'f32.add': 'Math.fround($a + $b)',
  'f32.sub': 'Math.fround($a - $b)',
  'f32.mul': 'Math.fround($a * $b)',
  'f32.div': 'Math.fround($a / $b)',
  'f32.min': 'Math.min($a, $b)',
  'f32.max': 'Math.max($a, $b)',
  'f32.copysign': 'R.copysign($a, $b)',
  'f32.eq': fCmp('==='),
  'f32.ne': fCmp('!=='),
  'f32.lt': fCmp('<'),
  'f32.gt': fCmp('>'),
  'f32.le': fCmp('<='),
  'f32.ge': fCmp('>='),

  'f64.add': '($a + $b)',
  'f64.sub': '($a - $b)',
  'f64.mul': '($a * $b)',
  'f64.div': '($a / $b)',
  'f64.min': 'Math.min($a, $b)',
  'f64.max': 'Math.max($a, $b)',
  'f64.copysign': 'R.copysign($a, $b)',
  'f64.eq': fCmp('==='),
  'f64.ne': fCmp('!=='),
  'f64.lt': fCmp('<'),
  'f64.gt': fCmp('>'),
  'f64.le': fCmp('<='),
  'f64.ge': fCmp('>='),
};

/** Operators with one operand, by instruction name. */
export const unaryOps: Readonly<Record<string, string>> = {
  'i32.eqz': '($a === 0 ? 1 : 0)',
  'i32.clz': 'Math.clz32($a)',
  'i32.ctz': 'R.ctz32($a)',
  'i32.popcnt': 'R.popcnt32($a)',
  'i32.extend8_s': '(($a << 24) >> 24)',
  'i32.extend16_s': '(($a << 16) >> 16)',
  'i32.trunc_f32_s': 'R.truncI32($a, true)',
  'i32.trunc_f32_u': 'R.truncI32($a, false)',
  'i32.trunc_f64_s': 'R.truncI32($a, true)',
  'i32.trunc_f64_u': 'R.truncI32($a, false)',
  'i32.trunc_sat_f32_s': 'R.satI32($a, true)',
  'i32.trunc_sat_f32_u': 'R.satI32($a, false)',
  'i32.trunc_sat_f64_s': 'R.satI32($a, true)',
  'i32.trunc_sat_f64_u': 'R.satI32($a, false)',
  'i32.reinterpret_f32': 'R.f32Bits($a)',

  'f32.abs': 'Math.abs($a)',
  'f32.neg': '(-$a)',
  'f32.ceil': 'R.quiet(Math.ceil($a))',
  'f32.floor': 'R.quiet(Math.floor($a))',
  'f32.trunc': 'R.quiet(Math.trunc($a))',
  'f32.nearest': 'R.quiet(R.nearest($a))',
  'f32.sqrt': 'Math.fround(Math.sqrt($a))',
  'f32.convert_i32_s': 'Math.fround($a)',
  'f32.convert_i32_u': 'Math.fround($a >>> 0)',
  'f32.demote_f64': 'Math.fround($a)',
  'f32.reinterpret_i32': 'R.f32($a)',

  'f64.abs': 'Math.abs($a)',
  'f64.neg': '(-$a)',
  'f64.ceil': 'R.quiet(Math.ceil($a))',
  'f64.floor': 'R.quiet(Math.floor($a))',
  'f64.trunc': 'R.quiet(Math.trunc($a))',
  'f64.nearest': 'R.quiet(R.nearest($a))',
  'f64.sqrt': 'Math.sqrt($a)',
  'f64.convert_i32_s': '($a)',
  'f64.convert_i32_u': '($a >>> 0)',
  'f64.promote_f32': 'Math.fround($a)',
};

/**
 * Instructions that read their f32 operands (for `f32.copysign`, the second)
 * only as numbers, so a signalling NaN read as quiet gives the same result:
 * the spec makes any NaN they produce from a NaN an arithmetic one.
 */
export const nanBlindOps: ReadonlySet<string> = new Set([
  'f32.add',
  'f32.sub',
  'f32.mul',
  'f32.div',
  'f32.min',
  'f32.max',
  'f32.eq',
  'f32.ne',
  'f32.lt',
  'f32.gt',
  'f32.le',
  'f32.ge',
  'f32.ceil',
  'f32.floor',
  'f32.trunc',
  'f32.nearest',
  'f32.sqrt',
  'i32.trunc_f32_s',
  'i32.trunc_f32_u',
  'i32.trunc_sat_f32_s',
  'i32.trunc_sat_f32_u',
  'i64.trunc_f32_s',
  'i64.trunc_f32_u',
  'i64.trunc_sat_f32_s',
  'i64.trunc_sat_f32_u',
  'f64.promote_f32',
]);

/** Instructions whose f32 result is never a signalling NaN. */
export const quietF32Ops: ReadonlySet<string> = new Set([
  'f32.add',
  'f32.sub',
  'f32.mul',
  'f32.div',
  'f32.min',
  'f32.max',
  'f32.ceil',
  'f32.floor',
  'f32.trunc',
  'f32.nearest',
  'f32.sqrt',
  'f32.convert_i32_s',
  'f32.convert_i32_u',
  'f32.convert_i64_s',
  'f32.convert_i64_u',
  'f32.demote_f64',
]);
