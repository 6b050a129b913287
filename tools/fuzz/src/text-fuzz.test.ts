// A bounded run of text-format fuzzing: mutated commands of the spec
// suite's .wast files, and deep nestings, must parse (parseWast, and
// parseWat for modules) or throw a ParseError whose span lies in the
// source and agrees with its offset, each within a second. Anything else
// (a TypeError, a RangeError from recursion, a hang) is a failure.

import { ParseError, parseWast, parseWat } from '@tswasm/text';
import { describe, expect, it } from 'vitest';
import { specSuiteDir } from './corpus.mjs';
import {
  Random,
  deepInputs,
  loadTextFiles,
  loadTextSeeds,
  mutateText,
} from './text-mutate.js';

const runSeed = 0x7e47_f022;
const chunks = 6;
const perChunk = 3_000;
const timeLimitMs = 1_000;

const seeds = loadTextSeeds();

/** Known failures: input name patterns and why they fail (bugs of @tswasm/text, reported, not fixed here). */
const knownFailures: readonly {
  readonly pattern: RegExp;
  readonly reason: string;
}[] = [];

/** Well-formed nestings of instructions, which must parse at any depth. */
const wellFormedDeep =
  /nested (folded blocks|flat blocks|folded i32\.add|ifs)$/;

let lastParsed = false;

/** The failure of one input, or null if it behaved; `lastParsed` says whether it parsed. */
function check(source: string, parse: (s: string) => unknown): string | null {
  const start = performance.now();
  let failure: string | null = null;
  lastParsed = false;
  try {
    parse(source);
    lastParsed = true;
  } catch (error) {
    failure = checkError(source, error);
  }
  const ms = performance.now() - start;
  if (failure === null && ms > timeLimitMs)
    failure = `took ${ms.toFixed(0)} ms`;
  return failure;
}

function checkError(source: string, error: unknown): string | null {
  if (!(error instanceof ParseError)) {
    return `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
  const { line, column, offset } = error.span;
  if (
    ![line, column, offset].every(Number.isInteger) ||
    line < 1 ||
    column < 1 ||
    offset < 0 ||
    offset > source.length
  ) {
    return `ParseError span ${line}:${column} @${offset} outside the source (${source.length} chars): ${error.message}`;
  }
  // Line and column must be those of the offset (lines end at \n).
  const before = source.slice(0, offset);
  const expectedLine = before.split('\n').length;
  const expectedColumn = offset - (before.lastIndexOf('\n') + 1) + 1;
  if (line !== expectedLine || column !== expectedColumn) {
    return `ParseError span ${line}:${column} does not match offset ${offset} (${expectedLine}:${expectedColumn}): ${error.message}`;
  }
  return null;
}

const isModule = (text: string): boolean =>
  /^\(module(?!\s+(?:binary|quote|definition|instance)\b)[\s$)]/.test(text) &&
  !/^\(module\s+\$\S+\s+(?:binary|quote)\b/.test(text);

interface Failure {
  readonly name: string;
  readonly failure: string;
  readonly input: string;
}

function show(f: Failure): string {
  const input =
    f.input.length > 300
      ? `${f.input.slice(0, 300)}… (${f.input.length} chars)`
      : f.input;
  return `${f.name}: ${f.failure}\n  input: ${JSON.stringify(input)}`;
}

function known(f: Failure): string | null {
  return (
    knownFailures.find((k) => k.pattern.test(`${f.name}: ${f.failure}`))
      ?.reason ?? null
  );
}

describe('parsing mutated text', () => {
  // Shown as skipped, with the reason, only where the suite is missing.
  if (seeds.length === 0)
    it.skip(`needs the spec suite at ${specSuiteDir} ($WASM_SPEC_TESTSUITE)`, () => {});

  for (let chunk = 0; chunk < chunks && seeds.length > 0; chunk++) {
    const first = chunk * perChunk;
    it(`inputs ${first}-${first + perChunk - 1}: parse or throw a located ParseError`, () => {
      const failures: Failure[] = [];
      let parsed = 0;
      let inputs = 0;
      for (let i = first; i < first + perChunk; i++) {
        const random = new Random(
          (runSeed ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0,
        );
        const seed = random.pick(seeds);
        const other = random.pick(seeds);
        const { text, applied } = mutateText(seed.text, random, other.text);
        const name = `input ${i} (${seed.name} by ${applied.join('+')})`;
        inputs++;
        const f = check(text, (s) => parseWast(s));
        if (f !== null)
          failures.push({ name: `${name} parseWast`, failure: f, input: text });
        if (lastParsed) parsed++;
        if (isModule(text)) {
          inputs++;
          const g = check(text, (s) => parseWat(s));
          if (g !== null)
            failures.push({
              name: `${name} parseWat`,
              failure: g,
              input: text,
            });
        }
      }
      const unknown = failures.filter((f) => known(f) === null);
      console.log(
        `text fuzz ${first}-${first + perChunk - 1}: ${inputs} inputs, ${parsed} parsed by parseWast, ${failures.length} failures (${failures.length - unknown.length} known)`,
      );
      expect(unknown.map(show)).toEqual([]);
    });
  }
});

describe('parsing mutated whole files', () => {
  const files = seeds.length > 0 ? loadTextFiles() : [];
  it.skipIf(files.length === 0)(
    '200 truncated or edited .wast files: parse or throw a located ParseError',
    () => {
      const failures: Failure[] = [];
      for (let i = 0; i < 200; i++) {
        const random = new Random(
          (runSeed ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0,
        );
        const file = random.pick(files);
        // Half are cut at a random point; half get one edit somewhere in the file.
        const cut = random.below(2) === 0;
        const text = cut
          ? file.text.slice(0, random.below(file.text.length + 1))
          : mutateText(file.text, random, random.pick(files).text).text;
        const f = check(text, (s) => parseWast(s));
        if (f !== null)
          failures.push({
            name: `file input ${i} (${file.name} ${cut ? 'truncated' : 'edited'})`,
            failure: f,
            input: text,
          });
      }
      expect(failures.filter((f) => known(f) === null).map(show)).toEqual([]);
    },
  );
});

describe('parsing deep nesting', () => {
  for (const depth of [1_000, 10_000, 100_000]) {
    for (const input of deepInputs(depth)) {
      const wellFormed = wellFormedDeep.test(input.name);
      it(`${input.name}: ${wellFormed ? 'parse' : 'parse or throw a located ParseError'}`, () => {
        const failures: Failure[] = [];
        const parseOrTooDeep =
          (parse: (s: string) => unknown) =>
          (s: string): void => {
            try {
              parse(s);
            } catch (error) {
              if (wellFormed && error instanceof ParseError)
                throw new Error(
                  `well-formed nesting rejected: ParseError "${error.message}"`,
                );
              throw error;
            }
          };
        const f = check(input.text, parseOrTooDeep(parseWast));
        if (f !== null)
          failures.push({
            name: `${input.name} parseWast`,
            failure: f,
            input: input.text,
          });
        if (!input.wast) {
          const g = check(input.text, parseOrTooDeep(parseWat));
          if (g !== null)
            failures.push({
              name: `${input.name} parseWat`,
              failure: g,
              input: input.text,
            });
        }
        const unknown = failures.filter((x) => known(x) === null);
        for (const x of failures)
          if (known(x) !== null)
            console.log(
              `known failure: ${x.name}: ${x.failure}\n  (${known(x)})`,
            );
        expect(unknown.map(show)).toEqual([]);
      });
    }
  }
});
