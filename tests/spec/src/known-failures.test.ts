import { describe, expect, it } from 'vitest';
import {
  compareWithKnown,
  entryFor,
  formatRanges,
  parseRanges,
} from './known-failures.mjs';

const result = (lines: number[], error: string | null = null) => ({
  file: 'x.wast',
  passed: 10,
  failed: lines.length,
  unsupported: 0,
  error,
  durationMs: 0,
  problems: lines.map((line) => ({
    line,
    column: 1,
    kind: 'assert_return',
    status: 'failed',
    reason: 'expected [(i32.const 1)], got [(i32.const 2)]',
  })),
});

describe('known failures', () => {
  it('writes lines as ranges and reads them back', () => {
    expect(formatRanges([1, 2, 3, 7, 9, 10])).toBe('1-3,7,9-10');
    expect(parseRanges('1-3,7,9-10')).toEqual([1, 2, 3, 7, 9, 10]);
    expect(parseRanges('')).toEqual([]);
  });

  it('accepts a result that is exactly as listed', () => {
    const entry = entryFor(result([3, 4]));
    expect(entry).toMatchObject({ lines: '3-4', count: 2 });
    expect(compareWithKnown(result([3, 4]), entry ?? undefined)).toEqual([]);
    expect(compareWithKnown(result([]), undefined)).toEqual([]);
  });

  it('reports unlisted failures as regressions', () => {
    const problems = compareWithKnown(result([3, 5]), {
      lines: '3',
      count: 1,
      reason: '',
    });
    expect(problems).toEqual([
      'regression: x.wast:5:1: assert_return failed: expected [(i32.const 1)], got [(i32.const 2)]',
    ]);
    expect(compareWithKnown(result([], 'timed out'), undefined)[0]).toMatch(
      /^regression: the file no longer runs/,
    );
  });

  it('reports listed failures that now pass, so the list shrinks', () => {
    expect(
      compareWithKnown(result([3]), { lines: '3-4', count: 2, reason: '' })[0],
    ).toMatch(/^listed as failing but now pass: lines 4;/);
    expect(compareWithKnown(result([3]), { error: 'ParseError' })[0]).toMatch(
      /^the file now runs/,
    );
  });
});
