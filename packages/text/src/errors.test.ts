/// <reference types="node" />
// Error quality: every folder under fixtures/_error_ holds a malformed
// input.wat and, in error.txt, the exact `line:column message` expected.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ParseError } from './parse-error.js';
import { parseWat } from './parse-wat.js';

const root = join(
  dirname(fileURLToPath(import.meta.url)),
  '../fixtures/_error_',
);
const cases = readdirSync(root).sort();

describe('parse errors', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of cases) {
    it(`reports ${name}`, () => {
      const source = readFileSync(join(root, name, 'input.wat'), 'utf8');
      const expected = readFileSync(
        join(root, name, 'error.txt'),
        'utf8',
      ).trim();
      let error: unknown = null;
      try {
        parseWat(source, {
          filename: 'input.wat',
          features: { legacyExceptions: true, customPageSizes: true },
        });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ParseError);
      const parseError = error as ParseError;
      expect(
        `${parseError.line}:${parseError.column} ${parseError.message}`,
      ).toBe(expected);
      expect(parseError.filename).toBe('input.wat');
      expect(parseError.message).not.toMatch(/\d+:\d+/);
      expect(source.slice(0, parseError.offset).split('\n').length).toBe(
        parseError.line,
      );
    });
  }
});
