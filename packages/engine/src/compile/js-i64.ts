// Instructions of the JS tier that take or give an i64, as JS statements:
// generated code holds an i64 as two int32 variables, its low and high
// halves, so that i64 arithmetic needs no BigInt. The result `d` shares its
// variables with the first operand `x`, so each statement reads an operand
// half before it writes the same half of the result. Helpers that return an
// i64 give its low half and leave the high half in `W[0]`.
// https://webassembly.github.io/spec/core/exec/numerics.html

/** The variables of one instruction: halves of `d`, `x` and `y`. */
export interface I64Vars {
  /** The result: its low half, or the whole value when it is not an i64. */
  readonly dl: string;
  readonly dh: string;
  /** The first operand, as `dl` and `dh`. */
  readonly xl: string;
  readonly xh: string;
  /** The second operand (binary instructions). */
  readonly yl: string;
  readonly yh: string;
  /** The second operand when it is a constant known while generating. */
  readonly y: bigint | null;
}

type Template = (v: I64Vars) => string;

const u = (x: string): string => `(${x} >>> 0)`;

/** A comparison: `hiOp` on the high halves decides unless they are equal. */
function compare(hiOp: string, loOp: string, unsigned: boolean): Template {
  return ({ dl, xl, xh, yl, yh }) => {
    const hx = unsigned ? u(xh) : xh;
    const hy = unsigned ? u(yh) : yh;
    return `${dl} = ${hx} ${hiOp} ${hy} || (${xh} === ${yh} && ${u(xl)} ${loOp} ${u(yl)}) ? 1 : 0;`;
  };
}

/** A shift or rotation by a constant `k`, 0 <= k < 64. */
function shiftBy(op: 'shl' | 'shr_s' | 'shr_u' | 'rotl', k: number): Template {
  return ({ dl, dh, xl, xh }) => {
    if (k === 0) return '';
    const j = k & 31;
    switch (op) {
      case 'shl':
        return k < 32
          ? `${dh} = (${xh} << ${k}) | (${xl} >>> ${32 - k}); ${dl} = ${xl} << ${k};`
          : `${dh} = ${xl} << ${j}; ${dl} = 0;`;
      case 'shr_u':
        return k < 32
          ? `${dl} = (${xl} >>> ${k}) | (${xh} << ${32 - k}); ${dh} = ${xh} >>> ${k};`
          : `${dl} = (${xh} >>> ${j}) | 0; ${dh} = 0;`;
      case 'shr_s':
        return k < 32
          ? `${dl} = (${xl} >>> ${k}) | (${xh} << ${32 - k}); ${dh} = ${xh} >> ${k};`
          : `${dl} = ${xh} >> ${j}; ${dh} = ${xh} >> 31;`;
      case 'rotl': {
        // Rotating by 32 or more swaps the halves first.
        const [lo, hi] = k < 32 ? [xl, xh] : [xh, xl];
        if (j === 0) return `tmp = ${lo}; ${dh} = ${hi}; ${dl} = tmp;`;
        return `tmp = (${lo} << ${j}) | (${hi} >>> ${32 - j}); ${dh} = (${hi} << ${j}) | (${lo} >>> ${32 - j}); ${dl} = tmp;`;
      }
    }
  };
}

/** A shift or rotation: inline for a constant amount, else a helper. */
function shift(op: 'shl' | 'shr_s' | 'shr_u' | 'rotl' | 'rotr'): Template {
  return (v) => {
    if (v.y !== null) {
      const k = Number(v.y & 63n);
      return op === 'rotr'
        ? shiftBy('rotl', (64 - k) & 63)(v)
        : shiftBy(op, k)(v);
    }
    const helper = `${op === 'shr_s' ? 'shrS' : op === 'shr_u' ? 'shrU' : op}64`;
    return `${v.dl} = R.${helper}(${v.xl}, ${v.xh}, ${v.yl}); ${v.dh} = W[0];`;
  };
}

const helper2 =
  (name: string): Template =>
  ({ dl, dh, xl, xh, yl, yh }) =>
    `${dl} = R.${name}(${xl}, ${xh}, ${yl}, ${yh}); ${dh} = W[0];`;

/** From a number (in `xl`) to an i64, by helper. */
const fromNumber =
  (call: string): Template =>
  ({ dl, dh, xl }) =>
    `${dl} = R.${call.replace('$', xl)}; ${dh} = W[0];`;

/** Instructions with an i64 operand or result, by name. */
export const i64Ops: Readonly<Record<string, Template>> = {
  'i64.add': ({ dl, dh, xl, xh, yl, yh }) =>
    `tmp = (${xl} + ${yl}) | 0; ${dh} = (${xh} + ${yh} + (${u('tmp')} < ${u(xl)} ? 1 : 0)) | 0; ${dl} = tmp;`,
  'i64.sub': ({ dl, dh, xl, xh, yl, yh }) =>
    `tmp = (${xl} - ${yl}) | 0; ${dh} = (${xh} - ${yh} - (${u(xl)} < ${u(yl)} ? 1 : 0)) | 0; ${dl} = tmp;`,
  'i64.mul': ({ dl, dh, xl, xh, yl, yh }) =>
    `${dh} = R.mulHi64(${xl}, ${xh}, ${yl}, ${yh}); ${dl} = Math.imul(${xl}, ${yl});`,
  'i64.div_s': helper2('divS64'),
  'i64.div_u': helper2('divU64'),
  'i64.rem_s': helper2('remS64'),
  'i64.rem_u': helper2('remU64'),
  'i64.and': ({ dl, dh, xl, xh, yl, yh }) =>
    `${dl} = ${xl} & ${yl}; ${dh} = ${xh} & ${yh};`,
  'i64.or': ({ dl, dh, xl, xh, yl, yh }) =>
    `${dl} = ${xl} | ${yl}; ${dh} = ${xh} | ${yh};`,
  'i64.xor': ({ dl, dh, xl, xh, yl, yh }) =>
    `${dl} = ${xl} ^ ${yl}; ${dh} = ${xh} ^ ${yh};`,
  'i64.shl': shift('shl'),
  'i64.shr_s': shift('shr_s'),
  'i64.shr_u': shift('shr_u'),
  'i64.rotl': shift('rotl'),
  'i64.rotr': shift('rotr'),
  'i64.eq': ({ dl, xl, xh, yl, yh }) =>
    `${dl} = ${xl} === ${yl} && ${xh} === ${yh} ? 1 : 0;`,
  'i64.ne': ({ dl, xl, xh, yl, yh }) =>
    `${dl} = ${xl} !== ${yl} || ${xh} !== ${yh} ? 1 : 0;`,
  'i64.lt_s': compare('<', '<', false),
  'i64.lt_u': compare('<', '<', true),
  'i64.gt_s': compare('>', '>', false),
  'i64.gt_u': compare('>', '>', true),
  'i64.le_s': compare('<', '<=', false),
  'i64.le_u': compare('<', '<=', true),
  'i64.ge_s': compare('>', '>=', false),
  'i64.ge_u': compare('>', '>=', true),

  'i64.eqz': ({ dl, xl, xh }) => `${dl} = (${xl} | ${xh}) === 0 ? 1 : 0;`,
  'i64.clz': ({ dl, dh, xl, xh }) =>
    `${dl} = ${xh} !== 0 ? Math.clz32(${xh}) : 32 + Math.clz32(${xl}); ${dh} = 0;`,
  'i64.ctz': ({ dl, dh, xl, xh }) =>
    `${dl} = ${xl} !== 0 ? R.ctz32(${xl}) : 32 + R.ctz32(${xh}); ${dh} = 0;`,
  'i64.popcnt': ({ dl, dh, xl, xh }) =>
    `${dl} = R.popcnt32(${xl}) + R.popcnt32(${xh}); ${dh} = 0;`,
  'i64.extend8_s': ({ dl, dh, xl }) =>
    `${dl} = (${xl} << 24) >> 24; ${dh} = ${dl} >> 31;`,
  'i64.extend16_s': ({ dl, dh, xl }) =>
    `${dl} = (${xl} << 16) >> 16; ${dh} = ${dl} >> 31;`,
  'i64.extend32_s': ({ dl, dh, xl }) => `${dl} = ${xl}; ${dh} = ${dl} >> 31;`,
  'i64.extend_i32_s': ({ dl, dh, xl }) => `${dl} = ${xl}; ${dh} = ${dl} >> 31;`,
  'i64.extend_i32_u': ({ dl, dh, xl }) => `${dl} = ${xl}; ${dh} = 0;`,
  'i64.trunc_f32_s': fromNumber('truncI64($, true)'),
  'i64.trunc_f32_u': fromNumber('truncI64($, false)'),
  'i64.trunc_f64_s': fromNumber('truncI64($, true)'),
  'i64.trunc_f64_u': fromNumber('truncI64($, false)'),
  'i64.trunc_sat_f32_s': fromNumber('satI64($, true)'),
  'i64.trunc_sat_f32_u': fromNumber('satI64($, false)'),
  'i64.trunc_sat_f64_s': fromNumber('satI64($, true)'),
  'i64.trunc_sat_f64_u': fromNumber('satI64($, false)'),
  'i64.reinterpret_f64': fromNumber('f64Halves($)'),

  'i32.wrap_i64': ({ dl, xl }) => `${dl} = ${xl};`,
  'f32.convert_i64_s': ({ dl, xl, xh }) =>
    `${dl} = R.i64ToF32(${xl}, ${xh}, true);`,
  'f32.convert_i64_u': ({ dl, xl, xh }) =>
    `${dl} = R.i64ToF32(${xl}, ${xh}, false);`,
  // One rounding: the high half times 2^32 and the low half are exact.
  'f64.convert_i64_s': ({ dl, xl, xh }) =>
    `${dl} = ${xh} * 4294967296 + ${u(xl)};`,
  'f64.convert_i64_u': ({ dl, xl, xh }) =>
    `${dl} = ${u(xh)} * 4294967296 + ${u(xl)};`,
  'f64.reinterpret_i64': ({ dl, xl, xh }) =>
    `${dl} = R.f64FromHalves(${xl}, ${xh});`,
};

/** Loads of an i64: `A` is the address, `dv` the memory's DataView. */
export const i64Loads: Readonly<
  Record<string, [(dl: string, dh: string) => string, number]>
> = {
  'i64.load': [
    (dl, dh) =>
      `${dl} = dv.getInt32(A, true); ${dh} = dv.getInt32(A + 4, true);`,
    8,
  ],
  'i64.load8_s': [(dl, dh) => `${dl} = dv.getInt8(A); ${dh} = ${dl} >> 31;`, 1],
  'i64.load8_u': [(dl, dh) => `${dl} = dv.getUint8(A); ${dh} = 0;`, 1],
  'i64.load16_s': [
    (dl, dh) => `${dl} = dv.getInt16(A, true); ${dh} = ${dl} >> 31;`,
    2,
  ],
  'i64.load16_u': [(dl, dh) => `${dl} = dv.getUint16(A, true); ${dh} = 0;`, 2],
  'i64.load32_s': [
    (dl, dh) => `${dl} = dv.getInt32(A, true); ${dh} = ${dl} >> 31;`,
    4,
  ],
  'i64.load32_u': [(dl, dh) => `${dl} = dv.getInt32(A, true); ${dh} = 0;`, 4],
};

/** Stores of an i64 with halves `l` and `h`. */
export const i64Stores: Readonly<
  Record<string, [(l: string, h: string) => string, number]>
> = {
  'i64.store': [
    (l, h) => `dv.setInt32(A, ${l}, true); dv.setInt32(A + 4, ${h}, true);`,
    8,
  ],
  'i64.store8': [(l) => `dv.setInt8(A, ${l});`, 1],
  'i64.store16': [(l) => `dv.setInt16(A, ${l}, true);`, 2],
  'i64.store32': [(l) => `dv.setInt32(A, ${l}, true);`, 4],
};
