// SIMD: the 0xfd instructions, lane by lane over scratch vectors. A v128 is
// four words on the stack, lanes little-endian. Relaxed SIMD instructions
// take their deterministic choice (the same result as the non-relaxed
// instruction they relax).

import { instructions } from '@tswasm/ir';
import type { Instance } from '../runtime/instance.js';
import type { Memory } from '../runtime/objects.js';
import { trap } from '../runtime/trap.js';
import type { Machine } from './machine.js';
import { nearest, quiet } from './numeric.js';

/** A memory access resolved by the caller. */
export interface SimdAccess {
  readonly ea: number;
  readonly mem: Memory;
  readonly dst: number;
  readonly operand: (k: number) => number;
  readonly next: number;
  readonly name: string;
}

interface Vec {
  readonly i8: Int8Array;
  readonly u8: Uint8Array;
  readonly i16: Int16Array;
  readonly u16: Uint16Array;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly i64: BigInt64Array;
  readonly u64: BigUint64Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
}

function vec(): Vec {
  const b = new ArrayBuffer(16);
  return {
    i8: new Int8Array(b),
    u8: new Uint8Array(b),
    i16: new Int16Array(b),
    u16: new Uint16Array(b),
    i32: new Int32Array(b),
    u32: new Uint32Array(b),
    i64: new BigInt64Array(b),
    u64: new BigUint64Array(b),
    f32: new Float32Array(b),
    f64: new Float64Array(b),
  };
}

const A = vec();
const B = vec();
const C = vec();
const R = vec();

const names: readonly string[] = instructions.map((d) => d.name);

type IntView = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32';
const bitsOf: Record<string, number> = {
  i8x16: 8,
  i16x8: 16,
  i32x4: 32,
  i64x2: 64,
  f32x4: 32,
  f64x2: 64,
};

function get(I: Int32Array, w: number, v: Vec): void {
  const i32 = v.i32;
  i32[0] = I[w]!;
  i32[1] = I[w + 1]!;
  i32[2] = I[w + 2]!;
  i32[3] = I[w + 3]!;
}

function put(I: Int32Array, w: number, v: Vec): void {
  const i32 = v.i32;
  I[w] = i32[0]!;
  I[w + 1] = i32[1]!;
  I[w + 2] = i32[2]!;
  I[w + 3] = i32[3]!;
}

function sat(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function views(shape: string, signed: boolean): IntView {
  switch (shape) {
    case 'i8x16':
      return signed ? 'i8' : 'u8';
    case 'i16x8':
      return signed ? 'i16' : 'u16';
    default:
      return signed ? 'i32' : 'u32';
  }
}

/** Integer lane binary operations for 8/16/32-bit lanes. */
function intBinary(shape: string, op: string): boolean {
  const n = 128 / bitsOf[shape]!;
  const signedView = views(shape, true);
  const unsignedView = views(shape, false);
  const bits = bitsOf[shape]!;
  const sMin = -(2 ** (bits - 1));
  const sMax = 2 ** (bits - 1) - 1;
  const uMax = 2 ** bits - 1;
  const a = A[signedView];
  const b = B[signedView];
  const au = A[unsignedView];
  const bu = B[unsignedView];
  const r = R[signedView];
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xu = au[i]!;
    const yu = bu[i]!;
    let v: number;
    switch (op) {
      case 'add':
        v = x + y;
        break;
      case 'sub':
        v = x - y;
        break;
      case 'mul':
        v = bits === 32 ? Math.imul(x, y) : x * y;
        break;
      case 'min_s':
        v = Math.min(x, y);
        break;
      case 'min_u':
        v = Math.min(xu, yu);
        break;
      case 'max_s':
        v = Math.max(x, y);
        break;
      case 'max_u':
        v = Math.max(xu, yu);
        break;
      case 'avgr_u':
        v = Math.floor((xu + yu + 1) / 2);
        break;
      case 'add_sat_s':
        v = sat(x + y, sMin, sMax);
        break;
      case 'add_sat_u':
        v = sat(xu + yu, 0, uMax);
        break;
      case 'sub_sat_s':
        v = sat(x - y, sMin, sMax);
        break;
      case 'sub_sat_u':
        v = sat(xu - yu, 0, uMax);
        break;
      case 'eq':
        v = x === y ? -1 : 0;
        break;
      case 'ne':
        v = x !== y ? -1 : 0;
        break;
      case 'lt_s':
        v = x < y ? -1 : 0;
        break;
      case 'lt_u':
        v = xu < yu ? -1 : 0;
        break;
      case 'gt_s':
        v = x > y ? -1 : 0;
        break;
      case 'gt_u':
        v = xu > yu ? -1 : 0;
        break;
      case 'le_s':
        v = x <= y ? -1 : 0;
        break;
      case 'le_u':
        v = xu <= yu ? -1 : 0;
        break;
      case 'ge_s':
        v = x >= y ? -1 : 0;
        break;
      case 'ge_u':
        v = xu >= yu ? -1 : 0;
        break;
      case 'q15mulr_sat_s':
      case 'relaxed_q15mulr_s':
        v = sat(Math.floor((x * y + 0x4000) / 0x8000), sMin, sMax);
        break;
      default:
        return false;
    }
    r[i] = v;
  }
  return true;
}

function i64Binary(op: string): boolean {
  const a = A.i64;
  const b = B.i64;
  const r = R.i64;
  for (let i = 0; i < 2; i++) {
    const x = a[i]!;
    const y = b[i]!;
    let v: bigint;
    switch (op) {
      case 'add':
        v = x + y;
        break;
      case 'sub':
        v = x - y;
        break;
      case 'mul':
        v = x * y;
        break;
      case 'eq':
        v = x === y ? -1n : 0n;
        break;
      case 'ne':
        v = x !== y ? -1n : 0n;
        break;
      case 'lt_s':
        v = x < y ? -1n : 0n;
        break;
      case 'gt_s':
        v = x > y ? -1n : 0n;
        break;
      case 'le_s':
        v = x <= y ? -1n : 0n;
        break;
      case 'ge_s':
        v = x >= y ? -1n : 0n;
        break;
      default:
        return false;
    }
    r[i] = BigInt.asIntN(64, v);
  }
  return true;
}

function floatBinary(shape: string, op: string): boolean {
  const is32 = shape === 'f32x4';
  const n = is32 ? 4 : 2;
  const a = is32 ? A.f32 : A.f64;
  const b = is32 ? B.f32 : B.f64;
  const r = is32 ? R.f32 : R.f64;
  const ri = is32 ? R.i32 : null;
  const r64 = R.i64;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    let v: number;
    let mask: boolean | null = null;
    switch (op) {
      case 'add':
        v = x + y;
        break;
      case 'sub':
        v = x - y;
        break;
      case 'mul':
        v = x * y;
        break;
      case 'div':
        v = x / y;
        break;
      case 'min':
      case 'relaxed_min':
        v = Math.min(x, y);
        break;
      case 'max':
      case 'relaxed_max':
        v = Math.max(x, y);
        break;
      case 'pmin':
        v = y < x ? y : x;
        break;
      case 'pmax':
        v = x < y ? y : x;
        break;
      case 'eq':
        mask = x === y;
        v = 0;
        break;
      case 'ne':
        mask = x !== y;
        v = 0;
        break;
      case 'lt':
        mask = x < y;
        v = 0;
        break;
      case 'gt':
        mask = x > y;
        v = 0;
        break;
      case 'le':
        mask = x <= y;
        v = 0;
        break;
      case 'ge':
        mask = x >= y;
        v = 0;
        break;
      default:
        return false;
    }
    if (mask !== null) {
      if (ri !== null) ri[i] = mask ? -1 : 0;
      else r64[i] = mask ? -1n : 0n;
    } else if (op === 'pmin' || op === 'pmax') {
      // The chosen operand's bits, NaN payload included.
      const src = (op === 'pmin' ? y < x : x < y) ? B : A;
      if (is32) R.i32[i] = src.i32[i]!;
      else R.i64[i] = src.i64[i]!;
    } else {
      r[i] = v;
    }
  }
  return true;
}

function floatUnary(shape: string, op: string): boolean {
  const is32 = shape === 'f32x4';
  const n = is32 ? 4 : 2;
  if (op === 'abs' || op === 'neg') {
    if (is32) {
      for (let i = 0; i < 4; i++)
        R.i32[i] =
          op === 'abs' ? A.i32[i]! & 0x7fffffff : A.i32[i]! ^ -0x80000000;
    } else {
      for (let i = 0; i < 2; i++) {
        R.i32[2 * i] = A.i32[2 * i]!;
        R.i32[2 * i + 1] =
          op === 'abs'
            ? A.i32[2 * i + 1]! & 0x7fffffff
            : A.i32[2 * i + 1]! ^ -0x80000000;
      }
    }
    return true;
  }
  const a = is32 ? A.f32 : A.f64;
  const r = is32 ? R.f32 : R.f64;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    switch (op) {
      case 'sqrt':
        r[i] = Math.sqrt(x);
        break;
      case 'ceil':
        r[i] = quiet(Math.ceil(x));
        break;
      case 'floor':
        r[i] = quiet(Math.floor(x));
        break;
      case 'trunc':
        r[i] = quiet(Math.trunc(x));
        break;
      case 'nearest':
        r[i] = quiet(nearest(x));
        break;
      default:
        return false;
    }
  }
  return true;
}

function shift(shape: string, op: string, count: number): void {
  const bits = bitsOf[shape]!;
  const s = count & (bits - 1);
  if (bits === 64) {
    for (let i = 0; i < 2; i++) {
      const x = A.i64[i]!;
      R.i64[i] =
        op === 'shl'
          ? BigInt.asIntN(64, x << BigInt(s))
          : op === 'shr_s'
            ? x >> BigInt(s)
            : BigInt.asIntN(64, A.u64[i]! >> BigInt(s));
    }
    return;
  }
  const n = 128 / bits;
  const sv = views(shape, true);
  const uv = views(shape, false);
  for (let i = 0; i < n; i++) {
    R[sv][i] =
      op === 'shl'
        ? A[sv][i]! << s
        : op === 'shr_s'
          ? A[sv][i]! >> s
          : A[uv][i]! >>> s;
  }
}

/** Truncation of a float to a saturated integer lane. */
function truncSat(x: number, signed: boolean): number {
  if (x !== x) return 0;
  if (signed)
    return x <= -2147483648
      ? -2147483648
      : x >= 2147483647
        ? 2147483647
        : Math.trunc(x);
  return x <= 0 ? 0 : x >= 4294967295 ? -1 : Math.trunc(x) | 0;
}

/** Runs the SIMD instruction at `pc`; returns the pc of the next one. */
export function execSimd(
  m: Machine,
  inst: Instance,
  c: Int32Array,
  pc: number,
  fp: number,
  access?: SimdAccess,
): number {
  void inst;
  const I = m.I;
  if (access !== undefined) return simdMemory(m, access);
  const name = names[c[pc]!]!;
  const dst = fp + c[pc + 1]!;
  const at = (k: number): number => fp + c[pc + 2 + k]!;
  const dot = name.indexOf('.');
  const shape = name.slice(0, dot);
  const op = name.slice(dot + 1);
  const def = instructions[c[pc]!]!;
  const nOps = def.params!.length;
  const immAt = pc + 2 + nOps;
  const vecParam = (k: number): boolean => def.params![k] === 'v128';
  if (nOps > 0 && vecParam(0)) get(I, at(0), A);
  if (nOps > 1 && vecParam(1)) get(I, at(1), B);
  if (nOps > 2 && vecParam(2)) get(I, at(2), C);
  const next =
    immAt +
    def.immediates.reduce(
      (s, k) =>
        s + (k === 'lane' ? 1 : k === 'v128' || k === 'shuffle' ? 4 : 0),
      0,
    );
  const bits = bitsOf[shape] ?? 0;

  switch (name) {
    case 'v128.const':
      for (let i = 0; i < 4; i++) I[dst + i] = c[immAt + i]!;
      return next;
    case 'i8x16.shuffle': {
      const lanes = new Uint8Array(
        Int32Array.from(c.subarray(immAt, immAt + 4)).buffer,
      );
      for (let i = 0; i < 16; i++) {
        const l = lanes[i]!;
        R.u8[i] = l < 16 ? A.u8[l]! : B.u8[l - 16]!;
      }
      put(I, dst, R);
      return next;
    }
    case 'i8x16.swizzle':
    case 'i8x16.relaxed_swizzle':
      for (let i = 0; i < 16; i++) {
        const l = B.u8[i]!;
        R.u8[i] = l < 16 ? A.u8[l]! : 0;
      }
      put(I, dst, R);
      return next;
    case 'v128.not':
      for (let i = 0; i < 4; i++) R.i32[i] = ~A.i32[i]!;
      put(I, dst, R);
      return next;
    case 'v128.and':
    case 'v128.andnot':
    case 'v128.or':
    case 'v128.xor':
      for (let i = 0; i < 4; i++) {
        const x = A.i32[i]!;
        const y = B.i32[i]!;
        R.i32[i] =
          op === 'and'
            ? x & y
            : op === 'andnot'
              ? x & ~y
              : op === 'or'
                ? x | y
                : x ^ y;
      }
      put(I, dst, R);
      return next;
    case 'v128.bitselect':
    case 'i8x16.relaxed_laneselect':
    case 'i16x8.relaxed_laneselect':
    case 'i32x4.relaxed_laneselect':
    case 'i64x2.relaxed_laneselect':
      for (let i = 0; i < 4; i++)
        R.i32[i] = (A.i32[i]! & C.i32[i]!) | (B.i32[i]! & ~C.i32[i]!);
      put(I, dst, R);
      return next;
    case 'v128.any_true':
      I[dst] = (A.i32[0]! | A.i32[1]! | A.i32[2]! | A.i32[3]!) !== 0 ? 1 : 0;
      return next;
  }

  switch (op) {
    case 'splat': {
      const s = at(0);
      if (shape === 'i64x2' || shape === 'f64x2') {
        for (let i = 0; i < 4; i += 2) {
          R.i32[i] = I[s]!;
          R.i32[i + 1] = I[s + 1]!;
        }
      } else {
        const n = 128 / bits;
        const v = views(shape, true);
        for (let i = 0; i < n; i++) R[v][i] = I[s]!;
      }
      put(I, dst, R);
      return next;
    }
    case 'extract_lane':
    case 'extract_lane_s':
    case 'extract_lane_u': {
      const lane = c[immAt]!;
      if (bits === 64) {
        I[dst] = A.i32[lane * 2]!;
        I[dst + 1] = A.i32[lane * 2 + 1]!;
      } else if (shape === 'f32x4' || shape === 'i32x4') {
        I[dst] = A.i32[lane]!;
      } else {
        I[dst] = A[views(shape, op !== 'extract_lane_u')][lane]!;
      }
      return next;
    }
    case 'replace_lane': {
      const lane = c[immAt]!;
      const s = at(1);
      for (let i = 0; i < 4; i++) R.i32[i] = A.i32[i]!;
      if (bits === 64) {
        R.i32[lane * 2] = I[s]!;
        R.i32[lane * 2 + 1] = I[s + 1]!;
      } else {
        R[views(shape, true)][lane] = I[s]!;
      }
      put(I, dst, R);
      return next;
    }
    case 'shl':
    case 'shr_s':
    case 'shr_u':
      shift(shape, op, I[at(1)]!);
      put(I, dst, R);
      return next;
    case 'all_true':
    case 'bitmask': {
      const n = 128 / bits;
      let all = 1;
      let mask = 0;
      for (let i = 0; i < n; i++) {
        const neg =
          bits === 64 ? A.i64[i]! < 0n : A[views(shape, true)][i]! < 0;
        const zero =
          bits === 64 ? A.i64[i] === 0n : A[views(shape, true)][i] === 0;
        if (zero) all = 0;
        if (neg) mask |= 1 << i;
      }
      I[dst] = op === 'all_true' ? all : mask;
      return next;
    }
    case 'abs':
    case 'neg':
      if (shape.startsWith('f')) break;
      if (bits === 64) {
        for (let i = 0; i < 2; i++) {
          const x = A.i64[i]!;
          R.i64[i] = BigInt.asIntN(64, op === 'neg' || x < 0n ? -x : x);
        }
      } else {
        const v = views(shape, true);
        for (let i = 0; i < 128 / bits; i++) {
          const x = A[v][i]!;
          R[v][i] = op === 'neg' || x < 0 ? -x : x;
        }
      }
      put(I, dst, R);
      return next;
    case 'popcnt':
      for (let i = 0; i < 16; i++) {
        let x = A.u8[i]!;
        let n = 0;
        while (x) {
          n += x & 1;
          x >>= 1;
        }
        R.u8[i] = n;
      }
      put(I, dst, R);
      return next;
  }

  if (shape.startsWith('f')) {
    if (floatBinary(shape, op) || floatUnary(shape, op)) {
      put(I, dst, R);
      return next;
    }
  } else if (bits === 64 ? i64Binary(op) : intBinary(shape, op)) {
    put(I, dst, R);
    return next;
  }

  // Conversions and the rest.
  const narrowBits = bits / 2;
  switch (op) {
    case 'narrow_i16x8_s':
    case 'narrow_i16x8_u':
    case 'narrow_i32x4_s':
    case 'narrow_i32x4_u': {
      const signed = op.endsWith('_s');
      const from = views(shape === 'i8x16' ? 'i16x8' : 'i32x4', true);
      const to = views(shape, signed);
      const n = 128 / bits / 2;
      const lo = signed ? -(2 ** (bits - 1)) : 0;
      const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
      for (let i = 0; i < n; i++) {
        R[to][i] = sat(A[from][i]!, lo, hi);
        R[to][i + n] = sat(B[from][i]!, lo, hi);
      }
      put(I, dst, R);
      return next;
    }
  }
  void narrowBits;
  const ext =
    /^(extend|extmul|extadd_pairwise)_(low_|high_)?i(8x16|16x8|32x4)_(s|u)$/.exec(
      op,
    );
  if (ext !== null) {
    const [, kind, half, fromShape, sign] = ext;
    const from = `i${fromShape}`;
    const signed = sign === 's';
    const n = 128 / bits;
    const high = half === 'high_';
    const read = (v: Vec, i: number): number | bigint => {
      if (from === 'i32x4') return signed ? v.i32[i]! : v.u32[i]!;
      return v[views(from, signed)][i]!;
    };
    for (let i = 0; i < n; i++) {
      let value: number | bigint;
      if (kind === 'extadd_pairwise')
        value = (read(A, 2 * i) as number) + (read(A, 2 * i + 1) as number);
      else {
        const j = high ? i + n : i;
        value =
          kind === 'extend'
            ? read(A, j)
            : bits === 64
              ? BigInt(read(A, j)) * BigInt(read(B, j))
              : (read(A, j) as number) * (read(B, j) as number);
      }
      if (bits === 64) R.i64[i] = BigInt.asIntN(64, BigInt(value));
      else if (bits === 32) R.i32[i] = Number(value) | 0;
      else R.i16[i] = Number(value);
    }
    put(I, dst, R);
    return next;
  }
  switch (name) {
    case 'i32x4.dot_i16x8_s':
      for (let i = 0; i < 4; i++)
        R.i32[i] =
          (A.i16[2 * i]! * B.i16[2 * i]! +
            A.i16[2 * i + 1]! * B.i16[2 * i + 1]!) |
          0;
      break;
    case 'i16x8.relaxed_dot_i8x16_i7x16_s':
      for (let i = 0; i < 8; i++)
        R.i16[i] =
          A.i8[2 * i]! * B.i8[2 * i]! + A.i8[2 * i + 1]! * B.i8[2 * i + 1]!;
      break;
    case 'i32x4.relaxed_dot_i8x16_i7x16_add_s':
      for (let i = 0; i < 4; i++) {
        let s = 0;
        for (let k = 0; k < 4; k++) s += A.i8[4 * i + k]! * B.i8[4 * i + k]!;
        R.i32[i] = (s + C.i32[i]!) | 0;
      }
      break;
    case 'i32x4.trunc_sat_f32x4_s':
    case 'i32x4.trunc_sat_f32x4_u':
    case 'i32x4.relaxed_trunc_f32x4_s':
    case 'i32x4.relaxed_trunc_f32x4_u':
      for (let i = 0; i < 4; i++)
        R.i32[i] = truncSat(A.f32[i]!, name.endsWith('_s'));
      break;
    case 'i32x4.trunc_sat_f64x2_s_zero':
    case 'i32x4.trunc_sat_f64x2_u_zero':
    case 'i32x4.relaxed_trunc_f64x2_s_zero':
    case 'i32x4.relaxed_trunc_f64x2_u_zero':
      for (let i = 0; i < 2; i++)
        R.i32[i] = truncSat(A.f64[i]!, name.includes('_s_'));
      R.i32[2] = 0;
      R.i32[3] = 0;
      break;
    case 'f32x4.convert_i32x4_s':
      for (let i = 0; i < 4; i++) R.f32[i] = A.i32[i]!;
      break;
    case 'f32x4.convert_i32x4_u':
      for (let i = 0; i < 4; i++) R.f32[i] = A.u32[i]!;
      break;
    case 'f64x2.convert_low_i32x4_s':
      for (let i = 0; i < 2; i++) R.f64[i] = A.i32[i]!;
      break;
    case 'f64x2.convert_low_i32x4_u':
      for (let i = 0; i < 2; i++) R.f64[i] = A.u32[i]!;
      break;
    case 'f32x4.demote_f64x2_zero':
      for (let i = 0; i < 2; i++) R.f32[i] = A.f64[i]!;
      R.i32[2] = 0;
      R.i32[3] = 0;
      break;
    case 'f64x2.promote_low_f32x4':
      for (let i = 0; i < 2; i++) R.f64[i] = A.f32[i]!;
      break;
    case 'f32x4.relaxed_madd':
    case 'f32x4.relaxed_nmadd':
      for (let i = 0; i < 4; i++)
        R.f32[i] =
          (op === 'relaxed_madd' ? 1 : -1) * A.f32[i]! * B.f32[i]! + C.f32[i]!;
      break;
    case 'f64x2.relaxed_madd':
    case 'f64x2.relaxed_nmadd':
      for (let i = 0; i < 2; i++)
        R.f64[i] =
          (op === 'relaxed_madd' ? 1 : -1) * A.f64[i]! * B.f64[i]! + C.f64[i]!;
      break;
    default:
      throw new Error(
        `internal: SIMD instruction ${name} is not supported by the interpreter`,
      );
  }
  put(I, dst, R);
  return next;
}

/** SIMD loads and stores. */
function simdMemory(m: Machine, a: SimdAccess): number {
  const I = m.I;
  const name = a.name;
  const bytes = a.mem.bytes;
  const check = (size: number): void => {
    if (a.ea + size > bytes.length) trap('memoryOutOfBounds');
  };
  const ea = a.ea;
  switch (name) {
    case 'v128.load':
      check(16);
      for (let i = 0; i < 16; i++) R.u8[i] = bytes[ea + i]!;
      break;
    case 'v128.store':
      check(16);
      get(I, a.operand(1), A);
      bytes.set(A.u8, ea);
      return a.next;
    case 'v128.load8x8_s':
    case 'v128.load8x8_u':
    case 'v128.load16x4_s':
    case 'v128.load16x4_u':
    case 'v128.load32x2_s':
    case 'v128.load32x2_u': {
      check(8);
      for (let i = 0; i < 8; i++) A.u8[i] = bytes[ea + i]!;
      const signed = name.endsWith('_s');
      if (name.includes('8x8'))
        for (let i = 0; i < 8; i++) R.i16[i] = signed ? A.i8[i]! : A.u8[i]!;
      else if (name.includes('16x4'))
        for (let i = 0; i < 4; i++) R.i32[i] = signed ? A.i16[i]! : A.u16[i]!;
      else
        for (let i = 0; i < 2; i++)
          R.i64[i] = signed ? BigInt(A.i32[i]!) : BigInt(A.u32[i]!);
      break;
    }
    case 'v128.load8_splat':
    case 'v128.load16_splat':
    case 'v128.load32_splat':
    case 'v128.load64_splat': {
      const size = parseInt(name.slice(9), 10) / 8;
      check(size);
      for (let i = 0; i < 16; i++) R.u8[i] = bytes[ea + (i % size)]!;
      break;
    }
    case 'v128.load32_zero':
    case 'v128.load64_zero': {
      const size = name === 'v128.load32_zero' ? 4 : 8;
      check(size);
      R.u8.fill(0);
      for (let i = 0; i < size; i++) R.u8[i] = bytes[ea + i]!;
      break;
    }
    default: {
      // load/store N_lane: [id, dst, addr, vec, offset, memory, offsetHi, lane]
      const size =
        parseInt(name.slice(name.startsWith('v128.load') ? 9 : 10), 10) / 8;
      check(size);
      const laneIndex = m.laneImmediate;
      get(I, a.operand(1), A);
      if (name.startsWith('v128.load')) {
        for (let i = 0; i < 16; i++) R.u8[i] = A.u8[i]!;
        for (let i = 0; i < size; i++)
          R.u8[laneIndex * size + i] = bytes[ea + i]!;
        break;
      }
      for (let i = 0; i < size; i++)
        bytes[ea + i] = A.u8[laneIndex * size + i]!;
      return a.next;
    }
  }
  put(I, a.dst, R);
  return a.next;
}
