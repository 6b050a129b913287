import { instrByName, instructions } from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import source from './machine.ts?raw';
import { Op } from './ops.js';

const cases = [...source.matchAll(/case (\d+) \/\* ([^*]+?) \*\/:/g)].map(
  (m) => [Number(m[1]), m[2]!] as const,
);

describe('the dispatch loop', () => {
  it("labels every case of an instruction of the table with that row's id", () => {
    const rows = cases.filter(([n]) => n < 1000);
    expect(rows.length).toBeGreaterThan(150);
    for (const [n, name] of rows)
      expect([name, instrByName(name)?.id]).toEqual([name, n]);
  });
  it("numbers the interpreter's own instructions above the table", () => {
    expect(instructions.length).toBeLessThan(1000);
    for (const [name, value] of Object.entries(Op)) {
      // memSlow runs in misc.ts, from the default case.
      if (value >= 1000 && name !== 'memSlow')
        expect(
          cases.some(([n]) => n === value),
          name,
        ).toBe(true);
    }
  });
});
