import { describe, expect, it } from 'vitest';
import { DecodeError } from './decode-error.js';
import { Reader } from './reader.js';

const reader = (bytes: readonly number[], base = 0): Reader =>
  new Reader(new Uint8Array(bytes), 0, bytes.length, base);

function failure(read: () => unknown): { message: string; offset: number } {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    const { message, offset } = error as DecodeError;
    return { message, offset };
  }
  throw new Error('expected a DecodeError');
}

describe('Reader: unsigned LEB128', () => {
  it('reads one-byte and multi-byte u32s', () => {
    expect(reader([0x00]).u32()).toBe(0);
    expect(reader([0x7f]).u32()).toBe(127);
    expect(reader([0x80, 0x01]).u32()).toBe(128);
    expect(reader([0xff, 0xff, 0xff, 0xff, 0x0f]).u32()).toBe(0xffff_ffff);
  });

  it('accepts redundant zero padding up to five bytes', () => {
    const r = reader([0x83, 0x80, 0x80, 0x80, 0x00]);
    expect(r.u32()).toBe(3);
    expect(r.pos).toBe(5);
  });

  it('reports a u32 with unused bits set in its fifth byte', () => {
    expect(failure(() => reader([0xff, 0xff, 0xff, 0xff, 0x1f]).u32())).toEqual(
      {
        message: 'integer too large',
        offset: 4,
      },
    );
  });

  it('reports a sixth byte as too long, at that byte', () => {
    expect(
      failure(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x00], 100).u32()),
    ).toEqual({ message: 'integer representation too long', offset: 105 });
  });

  it('reports the offset of a truncated LEB128', () => {
    expect(failure(() => reader([0x80, 0x80], 10).u32())).toEqual({
      message: 'unexpected end of section or function',
      offset: 12,
    });
  });

  it('reads u64s as numbers when safe and bigints above', () => {
    expect(reader([0x80, 0x80, 0x04]).u64()).toBe(65536);
    const max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    expect(reader(max).u64()).toBe(0xffff_ffff_ffff_ffffn);
    expect(
      failure(() => reader([...max.slice(0, 9), 0x02]).u64()).message,
    ).toBe('integer too large');
  });
});

describe('Reader: signed LEB128', () => {
  it('sign-extends one-byte values', () => {
    expect(reader([0x7f]).s32()).toBe(-1);
    expect(reader([0x40]).s32()).toBe(-64);
    expect(reader([0x3f]).s32()).toBe(63);
  });

  it('reads the extremes of s32', () => {
    expect(reader([0x80, 0x80, 0x80, 0x80, 0x78]).s32()).toBe(-0x8000_0000);
    expect(reader([0xff, 0xff, 0xff, 0xff, 0x07]).s32()).toBe(0x7fff_ffff);
  });

  it('rejects a fifth s32 byte that is not a sign extension', () => {
    expect(failure(() => reader([0xff, 0xff, 0xff, 0xff, 0x4f]).s32())).toEqual(
      {
        message: 'integer too large',
        offset: 4,
      },
    );
    expect(
      failure(() => reader([0x80, 0x80, 0x80, 0x80, 0x70]).s32()).message,
    ).toBe('integer too large');
  });

  it('reads s64 values as bigints, short and long', () => {
    expect(reader([0x7f]).s64()).toBe(-1n);
    expect(reader([0xc0, 0xbb, 0x78]).s64()).toBe(-123456n);
    const min = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f];
    expect(reader(min).s64()).toBe(-(2n ** 63n));
    const max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00];
    expect(reader(max).s64()).toBe(2n ** 63n - 1n);
  });

  it('sign-extends s64 values of every length', () => {
    for (const value of [
      -1n,
      -64n,
      -65n,
      -(2n ** 27n),
      -(2n ** 28n) - 5n,
      -(2n ** 34n),
      -(2n ** 41n) - 1n,
      -(2n ** 55n),
      -(2n ** 62n) - 3n,
      2n ** 28n,
      2n ** 62n,
    ]) {
      const bytes: number[] = [];
      let v = value;
      for (;;) {
        const byte = Number(v & 0x7fn);
        v >>= 7n;
        const done =
          (v === 0n && (byte & 0x40) === 0) ||
          (v === -1n && (byte & 0x40) !== 0);
        bytes.push(done ? byte : byte | 0x80);
        if (done) break;
      }
      expect(reader(bytes).s64(), String(value)).toBe(value);
      if (bytes.length === 10) continue;
      // The same value padded to ten bytes.
      const padded = bytes.map((b) => b | 0x80);
      while (padded.length < 9) padded.push(value < 0n ? 0xff : 0x80);
      padded.push(value < 0n ? 0x7f : 0x00);
      expect(reader(padded).s64(), `${value} padded`).toBe(value);
    }
  });

  it('rejects s64 values with a bad tenth byte or an eleventh', () => {
    const ten = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80];
    expect(failure(() => reader([...ten, 0x01]).s64()).message).toBe(
      'integer too large',
    );
    expect(failure(() => reader([...ten, 0x80, 0x00]).s64())).toEqual({
      message: 'integer representation too long',
      offset: 10,
    });
  });

  it('reads s33 beyond the i32 range', () => {
    expect(reader([0xff, 0xff, 0xff, 0xff, 0x0f]).s33()).toBe(0xffff_ffff);
    expect(reader([0x80, 0x80, 0x80, 0x80, 0x70]).s33()).toBe(-(2 ** 32));
  });
});

describe('Reader: fixed width, names and lengths', () => {
  it('reads little-endian float bits', () => {
    expect(reader([0x00, 0x00, 0x80, 0x3f]).u32le()).toBe(0x3f80_0000);
    expect(reader([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]).u64le()).toBe(
      0x3ff0_0000_0000_0000n,
    );
  });

  it('decodes ASCII and multi-byte UTF-8 names', () => {
    expect(reader([0x03, 0x61, 0x62, 0x63]).name()).toBe('abc');
    expect(reader([0x03, 0xe2, 0x82, 0xac]).name()).toBe('€');
    expect(reader([0x03, 0xef, 0xbb, 0xbf]).name()).toBe('\ufeff');
  });

  it('rejects malformed UTF-8 at the name', () => {
    const r = reader([0x00, 0x02, 0xc0, 0x80], 7);
    r.pos = 1;
    expect(failure(() => r.name())).toEqual({
      message: 'malformed UTF-8 encoding',
      offset: 8,
    });
    expect(failure(() => reader([0x03, 0xed, 0xa0, 0x80]).name()).message).toBe(
      'malformed UTF-8 encoding',
    );
  });

  it('rejects a length beyond the remaining bytes', () => {
    expect(failure(() => reader([0x05, 0x61]).name())).toEqual({
      message: 'length out of bounds',
      offset: 0,
    });
  });
});
