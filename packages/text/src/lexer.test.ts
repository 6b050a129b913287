import { describe, expect, it } from 'vitest';
import { type Token, TokenKind, type TokenStream, tokenize } from './lexer.js';
import { ParseError } from './parse-error.js';
import { referenceTokenize } from './reference-lexer.test.util.js';
import { readSuiteFile, suiteFiles } from './suite.test.util.js';

type Outcome = { tokens: Token[] } | { error: string; offset: number };

function all(stream: TokenStream): Token[] {
  return stream.slice(0, stream.length);
}

function run(lex: () => Token[]): Outcome {
  try {
    return { tokens: lex() };
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return { error: error.message, offset: error.offset };
  }
}

function same(source: string): void {
  const ours = run(() => all(tokenize(source)));
  const reference = run(() => referenceTokenize(source));
  expect(ours, JSON.stringify(source.slice(0, 200))).toEqual(reference);
}

/** A seeded PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters that start, end or change tokens.
const interesting = [
  '"',
  '\\',
  '(',
  ')',
  ';',
  ';;',
  '(;',
  ';)',
  '$',
  '$"',
  '(@',
  '@',
  '\n',
  '\r',
  '\t',
  ' ',
  ',',
  '{',
  'a',
  '0',
  '-',
  '\u00e9',
  '\u{1f600}',
  '\u0000',
  '\u007f',
];

describe('tokenize', () => {
  it('gives the chevrotain reference lexer’s tokens for every suite file', () => {
    const files = suiteFiles();
    let tokens = 0;
    for (const file of files) {
      const source = readSuiteFile(file);
      const ours = all(tokenize(source));
      expect(ours, file).toEqual(referenceTokenize(source));
      tokens += ours.length;
    }
    console.log(
      `lexer: ${files.length} suite files, ${tokens} tokens equal to the reference`,
    );
    expect(files.length).toBeGreaterThan(250);
  });

  it('gives the reference lexer’s tokens or error for mutated sources', () => {
    const next = random(20261125);
    const sources = suiteFiles().map(readSuiteFile);
    let errors = 0;
    const cases = 6000;
    for (let n = 0; n < cases; n++) {
      const source = sources[Math.floor(next() * sources.length)]!;
      const start = Math.floor(next() * Math.max(1, source.length - 400));
      let text = source.slice(start, start + 1 + Math.floor(next() * 400));
      const edits = 1 + Math.floor(next() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * (text.length + 1));
        const insert = interesting[Math.floor(next() * interesting.length)]!;
        text =
          next() < 0.3
            ? text.slice(0, at) + text.slice(at + 1)
            : text.slice(0, at) + insert + text.slice(at);
      }
      const reference = run(() => referenceTokenize(text));
      if ('error' in reference) errors++;
      expect(
        run(() => all(tokenize(text))),
        JSON.stringify(text),
      ).toEqual(reference);
    }
    // Both outcomes are exercised.
    expect(errors).toBeGreaterThan(cases / 10);
    expect(errors).toBeLessThan(cases - cases / 10);
  });

  it.each([
    ['(module)', 3],
    ['"a\\"b" $"x y" (@a "x") ;; c\n(; (; ;) ;)x', 6],
    ['a ;b', 2],
    ['0x1_0 -inf nan:0x1 +1', 4],
  ])('agrees with the reference on %j', (source, count) => {
    same(source);
    expect(tokenize(source).length).toBe(count);
  });

  it.each([
    ['"abc', 'unclosed string', 0],
    ['x "a\nb"', 'unclosed string', 2],
    ['(; (; ;)', 'unclosed comment', 0],
    ['a"b"', 'unknown operator', 1],
    ['1"x" \u0001', 'illegal character', 5],
    ['a\ud800', 'malformed UTF-8 encoding', 1],
  ])('rejects %j like the reference', (source, message, offset) => {
    same(source);
    expect(run(() => all(tokenize(source)))).toEqual({
      error: message,
      offset,
    });
  });

  it('interns keywords and plain ids: one string per word', () => {
    const stream = tokenize('(i32.add $x) (i32.add $x) $"q"');
    expect(stream.kind(1)).toBe(TokenKind.keyword);
    expect(stream.image(1)).toBe('i32.add');
    expect(stream.word(1)).toBe(stream.word(5));
    expect(stream.word(2)).toBe(stream.word(6));
    expect(stream.plainIdName(2)).toBe('x');
    expect(stream.word(8)).toBe(-1);
    expect(stream.image(8)).toBe('$"q"');
  });
});
