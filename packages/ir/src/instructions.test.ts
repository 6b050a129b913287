import { describe, expect, it } from 'vitest';
import {
  instrByName,
  instrByOpcode,
  instrByPrefixedOpcode,
  instrsByText,
  instructions,
} from './instructions.js';

describe('the instruction table', () => {
  it('gives every opcode one row', () => {
    const seen = new Set<string>();
    for (const def of instructions) {
      const key = `${def.prefix ?? ''}:${def.code}`;
      expect(seen.has(key), `${def.name} reuses ${key}`).toBe(false);
      seen.add(key);
    }
  });

  it('numbers rows by their position', () => {
    instructions.forEach((def, i) => expect(def.id).toBe(i));
  });

  it('finds rows by opcode and by name', () => {
    expect(instrByOpcode(0x6a)?.name).toBe('i32.add');
    expect(instrByPrefixedOpcode(0xfd, 0x113)?.name).toBe(
      'i32x4.relaxed_dot_i8x16_i7x16_add_s',
    );
    expect(instrByPrefixedOpcode(0xfe, 0x4e)?.name).toBe(
      'i64.atomic.rmw32.cmpxchg_u',
    );
    expect(instrByPrefixedOpcode(0xfb, 30)?.name).toBe('i31.get_u');
    expect(instrByName('i64.store32')?.code).toBe(0x3e);
    expect(instrByName('i64.mul_wide_u')?.code).toBe(22);
  });

  it('covers every proposal in full', () => {
    const count = (prefix: number | null) =>
      instructions.filter((def) => def.prefix === prefix).length;
    // 0xfd: 236 SIMD opcodes (0x00-0xff less 20 unassigned) + 20 relaxed.
    expect(count(0xfd)).toBe(256);
    expect(count(0xfb)).toBe(31);
    expect(count(0xfe)).toBe(4 + 7 * 9);
    expect(count(0xfc)).toBe(18 + 4);
  });

  it('groups the keywords shared by several opcodes', () => {
    expect(instrsByText('select')?.map((def) => def.code)).toEqual([
      0x1b, 0x1c,
    ]);
    expect(instrsByText('ref.cast')?.map((def) => def.name)).toEqual([
      'ref.cast',
      'ref.cast.null',
    ]);
  });

  it('gives memory accesses their natural alignment', () => {
    expect(instrByName('v128.load')?.align).toBe(4);
    expect(instrByName('i64.load16_u')?.align).toBe(1);
    expect(instrByName('v128.load64_lane')?.immediates).toEqual([
      'memarg',
      'lane',
    ]);
  });
});
