// Numeric literals: integers of every width and floats with exact
// round-to-nearest-even, as raw bits.
// https://webassembly.github.io/spec/core/text/values.html

const decDigits = /^[0-9](?:_?[0-9])*$/;
const hexDigits = /^[0-9A-Fa-f](?:_?[0-9A-Fa-f])*$/;

/** The magnitude of an unsigned literal (`123`, `0x7f`, with `_`), or `null`. */
export function parseNat(text: string): bigint | null {
  if (text.startsWith('0x')) {
    const digits = text.slice(2);
    if (!hexDigits.test(digits)) return null;
    return BigInt('0x' + digits.replaceAll('_', ''));
  }
  if (!decDigits.test(text)) return null;
  return BigInt(text.replaceAll('_', ''));
}

/** A small unsigned literal as a number, or `null`. */
export function parseU32Text(text: string): number | null {
  // The common case: plain decimal digits.
  if (text.length < 10 && /^[0-9]+$/.test(text)) return Number(text);
  const value = parseNat(text);
  if (value === null || value > 0xffffffffn) return null;
  return Number(value);
}

/** Result of an integer literal: its value, or why it is not one. */
export type IntResult = bigint | 'syntax' | 'range';

/**
 * An integer literal of `bits` width (signed or unsigned range), as the
 * unsigned bit pattern.
 */
export function parseIntLiteral(text: string, bits: number): IntResult {
  let sign = 0;
  let body = text;
  const first = text.charCodeAt(0);
  if (first === 0x2d) {
    sign = -1;
    body = text.slice(1);
  } else if (first === 0x2b) {
    sign = 1;
    body = text.slice(1);
  }
  const magnitude = parseNat(body);
  if (magnitude === null) return 'syntax';
  const limit = 1n << BigInt(bits);
  if (sign === 0) {
    if (magnitude >= limit) return 'range';
    return magnitude;
  }
  const half = limit >> 1n;
  if (sign > 0) {
    if (magnitude >= half) return 'range';
    return magnitude;
  }
  if (magnitude > half) return 'range';
  return BigInt.asUintN(bits, -magnitude);
}

// Floats

interface FloatFormat {
  readonly mantissaBits: number;
  readonly exponentBits: number;
}
const f32Format: FloatFormat = { mantissaBits: 23, exponentBits: 8 };
const f64Format: FloatFormat = { mantissaBits: 52, exponentBits: 11 };

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Rounds num/den (positive) to the nearest float of `format`, ties to even,
 * and returns the bits without sign, or `null` on overflow to infinity.
 */
function roundRational(
  num: bigint,
  den: bigint,
  format: FloatFormat,
): bigint | null {
  if (num === 0n) return 0n;
  const m = format.mantissaBits;
  const bias = (1 << (format.exponentBits - 1)) - 1;
  const minExp = 1 - bias;
  // e such that 2^e <= num/den < 2^(e+1)
  let e = bitLength(num) - bitLength(den);
  if (e >= 0 ? num < den << BigInt(e) : num << BigInt(-e) < den) e--;
  if (e < minExp) e = minExp;
  // q = num/den * 2^(m-e), rounded to nearest even
  const shift = m - e;
  let n = num;
  let d = den;
  if (shift >= 0) n <<= BigInt(shift);
  else d <<= BigInt(-shift);
  let q = n / d;
  const r = n - q * d;
  const twice = r * 2n;
  if (twice > d || (twice === d && (q & 1n) === 1n)) q++;
  if (q >= 1n << BigInt(m + 1)) {
    q >>= 1n;
    e++;
  }
  if (q < 1n << BigInt(m)) {
    // Subnormal (or rounded up into the smallest normal by the carry above).
    return q;
  }
  const biased = e + bias;
  if (biased >= (1 << format.exponentBits) - 1) return null;
  return (BigInt(biased) << BigInt(m)) | (q - (1n << BigInt(m)));
}

const hexFloat =
  /^0x([0-9A-Fa-f](?:_?[0-9A-Fa-f])*)?(?:\.([0-9A-Fa-f](?:_?[0-9A-Fa-f])*)?)?(?:[pP]([+-]?[0-9](?:_?[0-9])*))?$/;
const decFloat =
  /^([0-9](?:_?[0-9])*)(?:\.([0-9](?:_?[0-9])*)?)?(?:[eE]([+-]?[0-9](?:_?[0-9])*))?$/;

/** Result of a float literal: its bits, or why it is not one. */
export type FloatResult = bigint | 'syntax' | 'range';

/**
 * A float literal as raw bits of f32 (`bits` 32) or f64 (64): decimal or
 * hexadecimal, `inf`, `nan`, `nan:0x…`, with optional sign.
 */
export function parseFloatLiteral(text: string, bits: 32 | 64): FloatResult {
  const format = bits === 32 ? f32Format : f64Format;
  let negative = false;
  let body = text;
  const first = text.charCodeAt(0);
  if (first === 0x2d || first === 0x2b) {
    negative = first === 0x2d;
    body = text.slice(1);
  }
  const signBit = negative ? 1n << BigInt(bits - 1) : 0n;
  const m = BigInt(format.mantissaBits);
  const expAll = ((1n << BigInt(format.exponentBits)) - 1n) << m;
  if (body === 'inf') return signBit | expAll;
  if (body === 'nan') return signBit | expAll | (1n << (m - 1n));
  if (body.startsWith('nan:0x')) {
    const payload = parseNat(body.slice(4));
    if (payload === null) return 'syntax';
    if (payload === 0n || payload >= 1n << m) return 'range';
    return signBit | expAll | payload;
  }
  let magnitude: bigint | null;
  if (body.startsWith('0x')) {
    const match = hexFloat.exec(body);
    if (match === null || (match[1] === undefined && match[2] === undefined))
      return 'syntax';
    if (match[1] === undefined) return 'syntax';
    const whole = match[1].replaceAll('_', '');
    const frac = (match[2] ?? '').replaceAll('_', '');
    let exp = match[3] === undefined ? 0 : clampExponent(match[3]);
    const num = BigInt('0x' + whole + frac);
    exp -= 4 * frac.length;
    magnitude =
      exp >= 0
        ? roundRational(num << BigInt(exp), 1n, format)
        : roundRational(num, 1n << BigInt(-exp), format);
  } else {
    const match = decFloat.exec(body);
    if (match === null) return 'syntax';
    const whole = match[1]!.replaceAll('_', '');
    const frac = (match[2] ?? '').replaceAll('_', '');
    const exp = match[3] === undefined ? 0 : clampExponent(match[3]);
    if (bits === 64 && Math.abs(exp) < 100000) {
      // JavaScript's string-to-number conversion rounds correctly to f64.
      const value = Number(`${whole}.${frac}e${exp}`);
      if (!Number.isFinite(value)) return 'range';
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, value);
      return signBit | view.getBigUint64(0);
    }
    magnitude = roundDecimal(whole + frac, exp - frac.length, format);
  }
  if (magnitude === null) return 'range';
  return signBit | magnitude;
}

/** Exponents beyond this saturate: every finite literal is far smaller. */
function clampExponent(text: string): number {
  const value = Number(text.replaceAll('_', ''));
  return Math.max(-20_000, Math.min(20_000, value));
}

/** digits * 10^exp rounded to `format`. */
function roundDecimal(
  digits: string,
  exp: number,
  format: FloatFormat,
): bigint | null {
  const trimmed = digits.replace(/^0+/, '');
  if (trimmed === '') return 0n;
  const num = BigInt(trimmed);
  // Far outside the range: avoid building huge powers of ten.
  const magnitude10 = trimmed.length + exp;
  const maxDecimal = format.exponentBits === 8 ? 40 : 310;
  const minDecimal = format.exponentBits === 8 ? -47 : -326;
  if (magnitude10 > maxDecimal) return null;
  if (magnitude10 < minDecimal) return 0n;
  if (exp >= 0) return roundRational(num * 10n ** BigInt(exp), 1n, format);
  return roundRational(num, 10n ** BigInt(-exp), format);
}

/** The f32 bits of a literal as an unsigned 32-bit number. */
export function parseF32(text: string): number | 'syntax' | 'range' {
  const result = parseFloatLiteral(text, 32);
  return typeof result === 'bigint' ? Number(result) : result;
}
