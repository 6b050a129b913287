import { describe, expect, it } from 'vitest';
import { emptyModule } from './module.js';
import type { SubType } from './types.js';
import { flattenTypes } from './module-index.js';

describe('flattenTypes', () => {
  const type: SubType = {
    final: true,
    supertypes: [],
    composite: { kind: 'func', params: [], results: [] },
  };

  it('lists the types of every rec group in order', () => {
    const other: SubType = { ...type, final: false };
    const module = {
      ...emptyModule(),
      types: [{ types: [type] }, { types: [other, type] }],
    };
    expect(flattenTypes(module)).toEqual([type, other, type]);
  });

  it('takes a rec group of a million types (the JS API limit)', () => {
    const module = {
      ...emptyModule(),
      types: [{ types: new Array<SubType>(1_000_000).fill(type) }],
    };
    expect(flattenTypes(module).length).toBe(1_000_000);
  });
});
