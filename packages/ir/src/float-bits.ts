// Float immediates are kept as raw bits (so NaN payloads survive); these
// convert between bits and JavaScript numbers.

const scratch = new DataView(new ArrayBuffer(8));

/** The f32 value of raw bits (a NaN's payload is lost in the `number`). */
export function f32FromBits(bits: number): number {
  scratch.setUint32(0, bits >>> 0, true);
  return scratch.getFloat32(0, true);
}

/** The raw bits of `value` rounded to f32. */
export function f32ToBits(value: number): number {
  scratch.setFloat32(0, value, true);
  return scratch.getUint32(0, true);
}

/** The f64 value of raw bits (a NaN's payload may be lost in the `number`). */
export function f64FromBits(bits: bigint): number {
  scratch.setBigUint64(0, BigInt.asUintN(64, bits), true);
  return scratch.getFloat64(0, true);
}

/** The raw bits of an f64 value. */
export function f64ToBits(value: number): bigint {
  scratch.setFloat64(0, value, true);
  return scratch.getBigUint64(0, true);
}
