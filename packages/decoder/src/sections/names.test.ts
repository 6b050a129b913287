import { describe, expect, it } from 'vitest';
import {
  module,
  name,
  section,
  u32,
  vec,
} from '../binary-builder.test.util.js';
import { decodeModule } from '../decode-module.js';
import { decodeNameSection } from './names.js';

const sub = (id: number, content: readonly number[]): number[] => [
  id,
  ...u32(content.length),
  ...content,
];
const nameMap = (entries: readonly (readonly [number, string])[]): number[] =>
  vec(entries.map(([index, text]) => [...u32(index), ...name(text)]));

describe('the name section', () => {
  it('decodes the module, function and local names', () => {
    const names = decodeNameSection(
      new Uint8Array([
        ...sub(0, name('mod')),
        ...sub(
          1,
          nameMap([
            [0, 'f'],
            [3, 'g'],
          ]),
        ),
        ...sub(2, vec([[...u32(3), ...nameMap([[1, 'x']])]])),
      ]),
    );
    expect(names).toEqual({
      module: 'mod',
      functions: new Map([
        [0, 'f'],
        [3, 'g'],
      ]),
      locals: new Map([[3, new Map([[1, 'x']])]]),
    });
  });

  it('decodes the extended subsections 3-11', () => {
    const bytes: number[] = [];
    for (let id = 3; id <= 11; id++) {
      const indirect = id === 3 || id === 10;
      bytes.push(
        ...sub(
          id,
          indirect
            ? vec([[0x00, ...nameMap([[0, `n${id}`]])]])
            : nameMap([[0, `n${id}`]]),
        ),
      );
    }
    const names = decodeNameSection(new Uint8Array(bytes));
    expect(names?.labels?.get(0)?.get(0)).toBe('n3');
    expect(names?.types?.get(0)).toBe('n4');
    expect(names?.tables?.get(0)).toBe('n5');
    expect(names?.memories?.get(0)).toBe('n6');
    expect(names?.globals?.get(0)).toBe('n7');
    expect(names?.elements?.get(0)).toBe('n8');
    expect(names?.datas?.get(0)).toBe('n9');
    expect(names?.fields?.get(0)?.get(0)).toBe('n10');
    expect(names?.tags?.get(0)).toBe('n11');
  });

  it('drops a malformed subsection but keeps the others', () => {
    const names = decodeNameSection(
      new Uint8Array([
        ...sub(1, [0x01, 0x00, 0x01, 0xff]),
        ...sub(0, name('kept')),
      ]),
    );
    expect(names).toEqual({ module: 'kept' });
  });

  it('never fails the module for a malformed name section', () => {
    const m = decodeModule(
      module(section(0, [...name('name'), 0x01, 0x7f, 0x00])),
    );
    expect(m.names).toBeNull();
    expect(m.customs).toHaveLength(1);
    const good = decodeModule(
      module(section(0, [...name('name'), ...sub(0, name('m'))])),
    );
    expect(good.names).toEqual({ module: 'm' });
  });
});
