import { describe, expect, it } from 'vitest';
import { formatValue, matchesExpected } from './values.js';

describe('matchesExpected', () => {
  it('tells canonical from arithmetic NaNs of either sign', () => {
    const canonical = { type: 'f32', nan: 'canonical' } as const;
    const arithmetic = { type: 'f32', nan: 'arithmetic' } as const;
    expect(matchesExpected(canonical, { type: 'f32', bits: 0xffc00000 })).toBe(
      true,
    );
    expect(matchesExpected(canonical, { type: 'f32', bits: 0x7fc00001 })).toBe(
      false,
    );
    expect(matchesExpected(arithmetic, { type: 'f32', bits: 0x7fc00001 })).toBe(
      true,
    );
    expect(matchesExpected(arithmetic, { type: 'f32', bits: 0x7fa00000 })).toBe(
      false,
    );
    expect(
      matchesExpected(
        { type: 'f64', nan: 'canonical' },
        { type: 'f64', bits: 0xfff8000000000000n },
      ),
    ).toBe(true);
    expect(
      matchesExpected(
        { type: 'f64', nan: 'arithmetic' },
        { type: 'f64', bits: 0x7ff4000000000000n },
      ),
    ).toBe(false);
  });

  it('compares integers whatever their sign convention', () => {
    expect(
      matchesExpected(
        { type: 'i32', value: -1 },
        { type: 'i32', value: 0xffffffff },
      ),
    ).toBe(true);
    expect(
      matchesExpected(
        { type: 'i64', value: -1n },
        { type: 'i64', value: 0xffffffffffffffffn },
      ),
    ).toBe(true);
    expect(
      matchesExpected({ type: 'i32', value: 1 }, { type: 'i64', value: 1n }),
    ).toBe(false);
  });

  it('compares v128 lanes by shape, with NaN patterns per lane', () => {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setUint32(0, 0x7fc00000, true);
    new DataView(bytes.buffer).setUint16(4, 0xffff, true);
    const actual = { type: 'v128', bytes } as const;
    expect(
      matchesExpected(
        {
          type: 'v128.lanes',
          shape: 'f32x4',
          lanes: [
            { type: 'f32', nan: 'canonical' },
            { type: 'f32', bits: 0xffff },
            { type: 'f32', bits: 0 },
            { type: 'f32', bits: 0 },
          ],
        },
        actual,
      ),
    ).toBe(true);
    expect(
      matchesExpected(
        {
          type: 'v128.lanes',
          shape: 'i16x8',
          lanes: [0, 0x7fc0, -1, 0, 0, 0, 0, 0].map((value) => ({
            type: 'i16',
            value,
          })),
        },
        actual,
      ),
    ).toBe(true);
  });

  it('matches references by kind, host number and either', () => {
    const struct = { type: 'ref', kind: 'struct' } as const;
    expect(matchesExpected({ type: 'ref.kind', kind: 'eq' }, struct)).toBe(
      true,
    );
    expect(matchesExpected({ type: 'ref.kind', kind: 'any' }, struct)).toBe(
      true,
    );
    expect(matchesExpected({ type: 'ref.kind', kind: 'array' }, struct)).toBe(
      false,
    );
    expect(
      matchesExpected(
        { type: 'ref.kind', kind: 'null' },
        { type: 'ref.null', heapType: 'none' },
      ),
    ).toBe(true);
    expect(
      matchesExpected(
        { type: 'ref.null', heapType: 'func' },
        { type: 'ref.null', heapType: 'nofunc' },
      ),
    ).toBe(true);
    expect(
      matchesExpected(
        { type: 'ref.extern', value: 1 },
        { type: 'ref.extern', value: 1 },
      ),
    ).toBe(true);
    expect(
      matchesExpected(
        { type: 'ref.extern', value: 1 },
        { type: 'ref.host', value: 1 },
      ),
    ).toBe(false);
    expect(
      matchesExpected(
        { type: 'ref.kind', kind: 'extern' },
        { type: 'ref.extern', value: 2 },
      ),
    ).toBe(true);
    expect(
      matchesExpected(
        {
          type: 'either',
          options: [
            { type: 'i32', value: 1 },
            { type: 'i32', value: 2 },
          ],
        },
        { type: 'i32', value: 2 },
      ),
    ).toBe(true);
  });
});

describe('formatValue', () => {
  it('spells values as script constants with their bits', () => {
    expect(formatValue({ type: 'f32', bits: 0x7fa00000 })).toBe(
      '(f32.const nan (0x7fa00000))',
    );
    expect(formatValue({ type: 'i64', value: 0xffffffffffffffffn })).toBe(
      '(i64.const -1)',
    );
    expect(formatValue({ type: 'ref.kind', kind: 'func' })).toBe('(ref.func)');
  });
});
