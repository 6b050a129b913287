import { describe, expect, it } from 'vitest';
import { Memory, pageSize } from './objects.js';

describe('Memory', () => {
  it.each([
    ['64 KiB pages', 16, pageSize],
    ['1-byte pages', 0, 1],
  ])(
    'grows with %s: keeps the bytes, detaches the old buffer',
    (_, pageSizeLog2, size) => {
      const memory = new Memory(16, 40, 65536, { pageSizeLog2 });
      memory.bytes[1] = 42;
      memory.view.setInt32(16 * size - 4, -7, true);
      const old = memory.buffer;
      expect(memory.grow(4)).toBe(16);
      expect(memory.pages).toBe(20);
      expect(memory.byteLength).toBe(20 * size);
      expect(memory.buffer).not.toBe(old);
      expect(old.byteLength).toBe(0);
      // Fixed-length, as the JS API's Memory.buffer is.
      expect((memory.buffer as { resizable?: boolean }).resizable).not.toBe(
        true,
      );
      expect(memory.bytes[1]).toBe(42);
      expect(memory.view.getInt32(16 * size - 4, true)).toBe(-7);
      expect(memory.view.byteLength).toBe(20 * size);
      expect(memory.bytes.length).toBe(20 * size);
      memory.view.setInt32(20 * size - 4, 9, true);
      expect(memory.bytes[20 * size - 4]).toBe(9);
    },
  );

  it('grows up to the declared maximum capped by the limit', () => {
    const memory = new Memory(1, 4, 3, {});
    expect(memory.maxPages).toBe(3);
    expect(memory.grow(3)).toBe(-1);
    expect(memory.grow(0)).toBe(1);
    expect(memory.grow(2)).toBe(1);
    expect(memory.grow(1)).toBe(-1);
    expect(memory.byteLength).toBe(3 * pageSize);
  });

  it('grows a memory without a declared maximum', () => {
    const memory = new Memory(0, null, 65536, {});
    expect(memory.byteLength).toBe(0);
    expect(memory.grow(1)).toBe(0);
    memory.bytes[pageSize - 1] = 1;
    expect(memory.grow(1)).toBe(1);
    expect(memory.bytes[pageSize - 1]).toBe(1);
    expect(memory.byteLength).toBe(2 * pageSize);
  });
});
