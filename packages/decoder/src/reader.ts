// A byte cursor over a module binary that always knows its offset, with the
// LEB128 and fixed-width readers of the binary format. Every failure goes
// through `fail`, so every error carries the offset of the byte at fault.
// https://webassembly.github.io/spec/core/binary/values.html

import type { U64 } from '@tswasm/ir';
import { DecodeError } from './decode-error.js';

/** The message for running out of bytes inside a section or function. */
export const unexpectedEndOfSection = 'unexpected end of section or function';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A cursor over `bytes[pos..end)`. `base` is the offset of `bytes[0]` in the
 * module binary, so that errors report module offsets. Fields are public so
 * that hot loops can read bytes directly.
 */
export class Reader {
  readonly bytes: Uint8Array;
  /** Index into `bytes` of the next byte to read. */
  pos: number;
  /** Index into `bytes` just past the last readable byte. */
  end: number;
  /** Offset of `bytes[0]` in the module binary. */
  readonly base: number;
  /** The message for reading past `end`. */
  eofMessage: string;
  private view: DataView | undefined;

  constructor(
    bytes: Uint8Array,
    pos = 0,
    end: number = bytes.length,
    base = 0,
  ) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
    this.base = base;
    this.eofMessage = unexpectedEndOfSection;
    this.view = undefined;
  }

  /** Module offset of the next byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Throws a {@link DecodeError} at `pos` (an index into `bytes`). */
  fail(message: string, pos: number = this.pos): never {
    throw new DecodeError(message, this.base + pos);
  }

  /** Throws the end-of-input error at `end`. */
  failEof(): never {
    throw new DecodeError(this.eofMessage, this.base + this.end);
  }

  /** One byte. */
  u8(): number {
    const pos = this.pos;
    if (pos >= this.end) this.failEof();
    this.pos = pos + 1;
    return this.bytes[pos]!;
  }

  /** The next byte without consuming it, or -1 at the end. */
  peek(): number {
    return this.pos < this.end ? this.bytes[this.pos]! : -1;
  }

  /** Consumes one byte that must be `byte`; `message` otherwise. */
  expect(byte: number, message: string): void {
    const pos = this.pos;
    if (this.u8() !== byte) this.fail(message, pos);
  }

  /** `n` bytes as a view into the input (not a copy). */
  take(n: number): Uint8Array {
    const pos = this.pos;
    if (n > this.end - pos) {
      this.pos = this.end;
      this.failEof();
    }
    this.pos = pos + n;
    return this.bytes.subarray(pos, pos + n);
  }

  /** `bytes[start..end)` as a view (not a copy); no bounds checks. */
  slice(start: number, end: number): Uint8Array {
    return this.bytes.subarray(start, end);
  }

  /** Skips `n` bytes. */
  skip(n: number): void {
    if (n > this.end - this.pos) this.failEof();
    this.pos += n;
  }

  // LEB128
  //
  // As in the reference interpreter: a byte past the width is "integer
  // representation too long" (reported at that byte), and unused bits of
  // the last byte that are not a zero or sign extension are "integer too
  // large" (reported at the last byte).

  /** An unsigned 32-bit LEB128 as a non-negative number. */
  u32(): number {
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.bytes[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.u32Slow();
  }

  private u32Slow(): number {
    const bytes = this.bytes;
    const end = this.end;
    let pos = this.pos;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= end) {
        this.pos = end;
        this.failEof();
      }
      const b = bytes[pos++]!;
      if (shift === 28 && (b & 0x70) !== 0) {
        this.fail('integer too large', pos - 1);
      }
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        return result >>> 0;
      }
    }
    return this.fail('integer representation too long', pos);
  }

  /**
   * A byte length (u32) that must not exceed the bytes left: "length out of
   * bounds" otherwise. Sizes of sections, code entries and names are read
   * so; vector counts are plain u32s (their items run out of bytes first).
   */
  len32(): number {
    const pos = this.pos;
    const n = this.u32();
    if (n > this.end - this.pos) this.fail('length out of bounds', pos);
    return n;
  }

  /** A signed 32-bit LEB128. */
  s32(): number {
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.bytes[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return (b << 25) >> 25;
      }
    }
    return this.s32Slow();
  }

  private s32Slow(): number {
    const bytes = this.bytes;
    const end = this.end;
    let pos = this.pos;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= end) {
        this.pos = end;
        this.failEof();
      }
      const b = bytes[pos++]!;
      if (shift === 28) {
        // The last byte: bits 3-6 must extend the sign bit (bit 3).
        const high = b & 0x78;
        if (high !== 0 && high !== 0x78)
          this.fail('integer too large', pos - 1);
      }
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        const unused = 32 - shift - 7;
        return unused > 0 ? (result << unused) >> unused : result | 0;
      }
    }
    return this.fail('integer representation too long', pos);
  }

  /**
   * A signed 33-bit LEB128 (block types, heap types) as a number; the width
   * check of the last byte follows the reference interpreter.
   */
  s33(): number {
    let result = 0;
    let mul = 1;
    let remaining = 33;
    for (;;) {
      if (remaining <= 0) this.fail('integer representation too long');
      const b = this.u8();
      if (remaining < 7) {
        const mask = (-1 << (remaining - 1)) & 0x7f;
        const high = b & mask;
        if (high !== 0 && high !== mask) {
          this.fail('integer too large', this.pos - 1);
        }
      }
      result += (b & 0x7f) * mul;
      mul *= 128;
      remaining -= 7;
      if ((b & 0x80) === 0) {
        if ((b & 0x40) !== 0) result -= mul;
        return result;
      }
    }
  }

  /** A signed 64-bit LEB128 as a bigint. */
  s64(): bigint {
    const bytes = this.bytes;
    // Up to 7 bytes (49 bits) are exact in a double: no bigint arithmetic.
    let result = 0;
    let mul = 1;
    let pos = this.pos;
    const stop = Math.min(this.end, pos + 7);
    while (pos < stop) {
      const b = bytes[pos++]!;
      result += (b & 0x7f) * mul;
      mul *= 128;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        return BigInt((b & 0x40) === 0 ? result : result - mul);
      }
    }
    return this.s64Slow();
  }

  private s64Slow(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let remaining = 64; ; remaining -= 7) {
      if (remaining <= 0) this.fail('integer representation too long');
      const b = this.u8();
      if (remaining < 7) {
        const mask = (-1 << (remaining - 1)) & 0x7f;
        const high = b & mask;
        if (high !== 0 && high !== mask) {
          this.fail('integer too large', this.pos - 1);
        }
      }
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        // Sign-extend from the last byte's sign bit.
        if ((b & 0x40) !== 0 && shift < 64n) result -= 1n << shift;
        return BigInt.asIntN(64, result);
      }
    }
  }

  /**
   * An unsigned 64-bit LEB128: a number up to `Number.MAX_SAFE_INTEGER`, a
   * bigint above.
   */
  u64(): U64 {
    const bytes = this.bytes;
    // Up to 7 bytes (49 bits) are exact in a double: no bigint arithmetic.
    let result = 0;
    let mul = 1;
    let pos = this.pos;
    const stop = Math.min(this.end, pos + 7);
    while (pos < stop) {
      const b = bytes[pos++]!;
      result += (b & 0x7f) * mul;
      mul *= 128;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        return result;
      }
    }
    return this.u64Slow();
  }

  private u64Slow(): U64 {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; ; i++) {
      if (i === 10) this.fail('integer representation too long');
      const b = this.u8();
      if (i === 9 && (b & 0x7e) !== 0) {
        this.fail('integer too large', this.pos - 1);
      }
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) break;
    }
    return result <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(result) : result;
  }

  /** A little-endian 32-bit word as an unsigned number (f32 bits). */
  u32le(): number {
    const pos = this.pos;
    if (this.end - pos < 4) {
      this.pos = this.end;
      this.failEof();
    }
    const b = this.bytes;
    this.pos = pos + 4;
    return (
      (b[pos]! |
        (b[pos + 1]! << 8) |
        (b[pos + 2]! << 16) |
        (b[pos + 3]! << 24)) >>>
      0
    );
  }

  /** A little-endian 64-bit word as an unsigned bigint (f64 bits). */
  u64le(): bigint {
    const pos = this.pos;
    if (this.end - pos < 8) {
      this.pos = this.end;
      this.failEof();
    }
    this.pos = pos + 8;
    const bytes = this.bytes;
    this.view ??= new DataView(
      bytes.buffer,
      bytes.byteOffset,
      bytes.byteLength,
    );
    return this.view.getBigUint64(pos, true);
  }

  /** A name: a length-prefixed UTF-8 string. */
  name(): string {
    const start = this.pos;
    const n = this.len32();
    const bytes = this.bytes;
    const pos = this.pos;
    if (n > this.end - pos) this.failEof();
    this.pos = pos + n;
    // Most names are short ASCII; TextDecoder's call overhead dominates them.
    if (n <= 32) {
      let ascii = true;
      for (let i = pos; i < pos + n; i++) {
        if (bytes[i]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        let s = '';
        for (let i = pos; i < pos + n; i++) s += String.fromCharCode(bytes[i]!);
        return s;
      }
    }
    try {
      return utf8.decode(bytes.subarray(pos, pos + n));
    } catch {
      return this.fail('malformed UTF-8 encoding', start);
    }
  }
}
