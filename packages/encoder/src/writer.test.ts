import { describe, expect, it } from 'vitest';
import { EncodeError } from './encode-error.js';
import { ByteWriter, u32Size } from './writer.js';

function bytesOf(write: (w: ByteWriter) => void): number[] {
  const w = new ByteWriter(1);
  write(w);
  return [...w.finish()];
}

describe('ByteWriter', () => {
  it('writes the shortest unsigned LEB128 of a u32', () => {
    expect(bytesOf((w) => w.u32(0))).toEqual([0x00]);
    expect(bytesOf((w) => w.u32(127))).toEqual([0x7f]);
    expect(bytesOf((w) => w.u32(128))).toEqual([0x80, 0x01]);
    expect(bytesOf((w) => w.u32(624485))).toEqual([0xe5, 0x8e, 0x26]);
    expect(bytesOf((w) => w.u32(0xffff_ffff))).toEqual([
      0xff, 0xff, 0xff, 0xff, 0x0f,
    ]);
  });

  it('agrees with u32Size at every length boundary', () => {
    for (const n of [
      0, 0x7f, 0x80, 0x3fff, 0x4000, 0x1f_ffff, 0x20_0000, 0xfff_ffff,
      0x1000_0000,
    ]) {
      expect(bytesOf((w) => w.u32(n)).length).toBe(u32Size(n));
    }
  });

  it('writes the shortest signed LEB128 of an s32', () => {
    expect(bytesOf((w) => w.s32(0))).toEqual([0x00]);
    expect(bytesOf((w) => w.s32(63))).toEqual([0x3f]);
    expect(bytesOf((w) => w.s32(64))).toEqual([0xc0, 0x00]);
    expect(bytesOf((w) => w.s32(-1))).toEqual([0x7f]);
    expect(bytesOf((w) => w.s32(-64))).toEqual([0x40]);
    expect(bytesOf((w) => w.s32(-65))).toEqual([0xbf, 0x7f]);
    expect(bytesOf((w) => w.s32(-123456))).toEqual([0xc0, 0xbb, 0x78]);
    expect(bytesOf((w) => w.s32(0x7fff_ffff))).toEqual([
      0xff, 0xff, 0xff, 0xff, 0x07,
    ]);
    expect(bytesOf((w) => w.s32(-0x8000_0000))).toEqual([
      0x80, 0x80, 0x80, 0x80, 0x78,
    ]);
  });

  it('takes an s32 spelled unsigned as its two’s complement', () => {
    expect(bytesOf((w) => w.s32(0xffff_ffff))).toEqual([0x7f]);
  });

  it('writes type indices as non-negative s33', () => {
    expect(bytesOf((w) => w.s33(0))).toEqual([0x00]);
    expect(bytesOf((w) => w.s33(64))).toEqual([0xc0, 0x00]);
    expect(bytesOf((w) => w.s33(0xffff_ffff))).toEqual([
      0xff, 0xff, 0xff, 0xff, 0x0f,
    ]);
  });

  it('writes the shortest signed LEB128 of an s64', () => {
    expect(bytesOf((w) => w.s64(0n))).toEqual([0x00]);
    expect(bytesOf((w) => w.s64(-1n))).toEqual([0x7f]);
    expect(bytesOf((w) => w.s64(0x8000_0000n))).toEqual([
      0x80, 0x80, 0x80, 0x80, 0x08,
    ]);
    expect(bytesOf((w) => w.s64(0x7fff_ffff_ffff_ffffn))).toEqual([
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00,
    ]);
    expect(bytesOf((w) => w.s64(-0x8000_0000_0000_0000n))).toEqual([
      0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f,
    ]);
    expect(bytesOf((w) => w.s64(0xffff_ffff_ffff_ffffn))).toEqual([0x7f]);
  });

  it('writes u64s given as numbers or bigints alike', () => {
    expect(bytesOf((w) => w.u64(0))).toEqual([0x00]);
    expect(bytesOf((w) => w.u64(2 ** 32))).toEqual([
      0x80, 0x80, 0x80, 0x80, 0x10,
    ]);
    expect(bytesOf((w) => w.u64(2n ** 32n))).toEqual([
      0x80, 0x80, 0x80, 0x80, 0x10,
    ]);
    expect(bytesOf((w) => w.u64(Number.MAX_SAFE_INTEGER))).toEqual(
      bytesOf((w) => w.u64(BigInt(Number.MAX_SAFE_INTEGER))),
    );
    expect(bytesOf((w) => w.u64(0xffff_ffff_ffff_ffffn))).toEqual([
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
    ]);
  });

  it('writes float bits little-endian', () => {
    expect(bytesOf((w) => w.f32(0x3f80_0000))).toEqual([
      0x00, 0x00, 0x80, 0x3f,
    ]);
    expect(bytesOf((w) => w.f64(0x7ff8_0000_0000_0001n))).toEqual([
      0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x7f,
    ]);
  });

  it('writes names as UTF-8 with their byte length', () => {
    expect(bytesOf((w) => w.name('é'))).toEqual([0x02, 0xc3, 0xa9]);
    expect(bytesOf((w) => w.name(''))).toEqual([0x00]);
  });

  it('prefixes sized contents with their length, however long', () => {
    const long = bytesOf((w) =>
      w.sized(() => w.bytes(new Uint8Array(200).fill(7))),
    );
    expect(long.slice(0, 3)).toEqual([0xc8, 0x01, 7]);
    expect(long.length).toBe(202);
    expect(bytesOf((w) => w.sized(() => undefined))).toEqual([0x00]);
  });

  it('rejects integers out of range with an EncodeError', () => {
    expect(() => bytesOf((w) => w.u32(-1))).toThrow(EncodeError);
    expect(() => bytesOf((w) => w.u32(2 ** 32))).toThrow(EncodeError);
    expect(() => bytesOf((w) => w.u32(1.5))).toThrow(EncodeError);
    expect(() => bytesOf((w) => w.s32(2 ** 32))).toThrow(EncodeError);
    expect(() => bytesOf((w) => w.s64(1n << 64n))).toThrow(EncodeError);
    expect(() => bytesOf((w) => w.u64(-1n))).toThrow(EncodeError);
    expect(() => bytesOf((w) => w.u64(2 ** 60))).toThrow(
      /integer out of range/,
    );
  });

  it('truncates to a length it has written', () => {
    const w = new ByteWriter();
    w.bytes(new Uint8Array([1, 2, 3]));
    w.truncate(1);
    w.byte(9);
    expect([...w.finish()]).toEqual([1, 9]);
    expect(() => w.truncate(3)).toThrow(RangeError);
    expect(() => w.truncate(-1)).toThrow(RangeError);
  });
});
