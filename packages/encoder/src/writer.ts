// A growable byte buffer with the binary format's value encodings.
// Every integer is written as the shortest LEB128 that holds it.
// https://webassembly.github.io/spec/core/binary/values.html

import type { U64 } from '@tswasm/ir';
import { EncodeError } from './encode-error.js';

const utf8 = new TextEncoder();
const two32 = 2 ** 32;

/** The number of bytes of the shortest unsigned LEB128 of a u32. */
export function u32Size(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

function fail(message: string): never {
  throw new EncodeError(message, []);
}

/**
 * Writes bytes and binary-format values to a buffer that grows as needed.
 * `finish` returns what was written.
 */
export class ByteWriter {
  private buffer: Uint8Array;
  private length = 0;

  /** @param capacity initial buffer size in bytes */
  constructor(capacity = 256) {
    this.buffer = new Uint8Array(Math.max(16, capacity));
  }

  /** Bytes written so far. */
  get byteLength(): number {
    return this.length;
  }

  /** Drops what was written after the first `length` bytes. */
  truncate(length: number): void {
    if (length < 0 || length > this.length)
      throw new RangeError(`cannot truncate ${this.length} bytes to ${length}`);
    this.length = length;
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  /** Writes one byte (the low 8 bits of `value`). */
  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** Writes raw bytes. */
  bytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /**
   * Writes an unsigned LEB128 u32.
   * @throws {EncodeError} unless `value` is an integer in [0, 2^32)
   */
  u32(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value >= two32) {
      fail(`integer out of range: ${String(value)} is not a u32`);
    }
    this.reserve(5);
    const buffer = this.buffer;
    let v = value;
    while (v >= 0x80) {
      buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    buffer[this.length++] = v;
  }

  /**
   * Writes a signed LEB128 s32. Values in [2^31, 2^32) are taken as their
   * two's complement, so both signed and unsigned spellings work.
   * @throws {EncodeError} unless `value` is an integer in [-2^31, 2^32)
   */
  s32(value: number): void {
    if (!Number.isInteger(value) || value < -(2 ** 31) || value >= two32) {
      fail(`integer out of range: ${String(value)} is not an i32`);
    }
    this.signed(value | 0);
  }

  /**
   * Writes a signed LEB128 s33 holding a non-negative type index, as block
   * types and heap types do.
   * @throws {EncodeError} unless `value` is an integer in [0, 2^32)
   */
  s33(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value >= two32) {
      fail(`integer out of range: ${String(value)} is not a type index`);
    }
    this.signed(value);
  }

  /** Signed LEB128 of an integer `number` (at most 2^53 in magnitude). */
  private signed(value: number): void {
    this.reserve(10);
    const buffer = this.buffer;
    let v = value;
    for (;;) {
      // ToInt32 keeps the low 7 bits right for any safe integer.
      const low = v & 0x7f;
      v = Math.floor(v / 0x80);
      if ((v === 0 && (low & 0x40) === 0) || (v === -1 && (low & 0x40) !== 0)) {
        buffer[this.length++] = low;
        return;
      }
      buffer[this.length++] = low | 0x80;
    }
  }

  /**
   * Writes a signed LEB128 s64. Values in [2^63, 2^64) are taken as their
   * two's complement.
   * @throws {EncodeError} unless `value` is a bigint in [-2^63, 2^64)
   */
  s64(value: bigint): void {
    if (typeof value !== 'bigint') {
      fail(`integer out of range: ${String(value)} is not an i64 bigint`);
    }
    if (value < -(1n << 63n) || value >= 1n << 64n) {
      fail(`integer out of range: ${value} is not an i64`);
    }
    let v = BigInt.asIntN(64, value);
    if (v >= -0x8000_0000n && v < 0x8000_0000n) {
      this.signed(Number(v));
      return;
    }
    this.reserve(10);
    for (;;) {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      if (
        (v === 0n && (low & 0x40) === 0) ||
        (v === -1n && (low & 0x40) !== 0)
      ) {
        this.buffer[this.length++] = low;
        return;
      }
      this.buffer[this.length++] = low | 0x80;
    }
  }

  /**
   * Writes an unsigned LEB128 u64.
   * @throws {EncodeError} unless `value` is an integer in [0, 2^64)
   */
  u64(value: U64): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value) || value < 0) {
        fail(`integer out of range: ${String(value)} is not a u64`);
      }
      this.reserve(10);
      let v = value;
      while (v >= 0x80) {
        this.buffer[this.length++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      this.buffer[this.length++] = v;
      return;
    }
    if (typeof value !== 'bigint' || value < 0n || value >= 1n << 64n) {
      fail(`integer out of range: ${String(value)} is not a u64`);
    }
    this.reserve(10);
    let v = value;
    while (v >= 0x80n) {
      this.buffer[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.length++] = Number(v);
  }

  /** Writes the raw bits of an f32, little-endian. */
  f32(bits: number): void {
    if (!Number.isInteger(bits) || bits < -(2 ** 31) || bits >= two32) {
      fail(`integer out of range: ${String(bits)} is not the bits of an f32`);
    }
    this.reserve(4);
    const b = this.buffer;
    b[this.length++] = bits;
    b[this.length++] = bits >>> 8;
    b[this.length++] = bits >>> 16;
    b[this.length++] = bits >>> 24;
  }

  /** Writes the raw bits of an f64, little-endian. */
  f64(bits: bigint): void {
    if (typeof bits !== 'bigint' || bits < -(1n << 63n) || bits >= 1n << 64n) {
      fail(`integer out of range: ${String(bits)} is not the bits of an f64`);
    }
    const unsigned = BigInt.asUintN(64, bits);
    const low = Number(unsigned & 0xffff_ffffn);
    const high = Number(unsigned >> 32n);
    this.f32(low);
    this.f32(high);
  }

  /** Writes a name: its UTF-8 length, then its UTF-8 bytes. */
  name(text: string): void {
    const bytes = utf8.encode(text);
    this.u32(bytes.length);
    this.bytes(bytes);
  }

  /**
   * Writes what `write` writes, preceded by its length as a u32 (sections,
   * function bodies).
   */
  sized(write: () => void): void {
    const start = this.length;
    write();
    const size = this.length - start;
    const prefix = u32Size(size);
    this.reserve(prefix);
    const buffer = this.buffer;
    buffer.copyWithin(start + prefix, start, this.length);
    let v = size;
    let at = start;
    while (v >= 0x80) {
      buffer[at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    buffer[at] = v;
    this.length += prefix;
  }

  /** The bytes written, as a new array. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
