// A bounded run of validation fuzzing: valid modules with a mutated function
// body (or a changed module field), encoded and decoded again, must validate
// or throw a ValidationError, each within a second. When only one body
// changed, the error must name that function (funcIndex, imports counted)
// and an offset inside its code. Anything else (a TypeError, a RangeError,
// a DecodeError from the validator, a hang) is a failure.

import { DecodeError, decodeModule } from '@tswasm/decoder';
import { EncodeError, encodeModule } from '@tswasm/encoder';
import { everyFeature } from '@tswasm/ir';
import { ValidationError, validateModule } from '@tswasm/validator';
import { describe, expect, it } from 'vitest';
import { Random } from './text-mutate.js';
import {
  importedFunctions,
  loadValidSeeds,
  mutateModule,
} from './validate-mutate.js';

const runSeed = 0x7a11_da7e;
const chunks = 6;
const perChunk = 2_000;
const timeLimitMs = 1_000;

const seeds = loadValidSeeds({ textModules: 1_500 });

/** Known failures: a pattern over `name: failure`, and why (bugs of @tswasm/validator, reported, not fixed here). */
const knownFailures: readonly {
  readonly pattern: RegExp;
  readonly reason: string;
}[] = [];

interface Stats {
  valid: number;
  invalid: number;
  malformed: number;
}

/** The failure of one variant, or null. Counts outcomes in `stats`. */
function check(
  bytes: Uint8Array,
  bodyOf: number | null,
  stats: Stats,
): string | null {
  let module;
  try {
    module = decodeModule(bytes, { features: everyFeature, eagerBodies: true });
  } catch (error) {
    if (!(error instanceof DecodeError))
      return `decodeModule threw ${describeError(error)}`;
    // Not well formed: the decoder fuzzer covers these.
    stats.malformed++;
    return null;
  }
  const start = performance.now();
  let failure: string | null = null;
  try {
    validateModule(module, { features: everyFeature });
    stats.valid++;
  } catch (error) {
    if (!(error instanceof ValidationError)) {
      failure = `validateModule threw ${describeError(error)}`;
    } else {
      stats.invalid++;
      failure = bodyOf === null ? null : checkLocation(error, module, bodyOf);
    }
  }
  const ms = performance.now() - start;
  if (failure === null && ms > timeLimitMs)
    failure = `validateModule took ${ms.toFixed(0)} ms`;
  return failure;
}

/** An error in the body of defined function `bodyOf` must say so, with an offset within its code. */
function checkLocation(
  error: ValidationError,
  module: ReturnType<typeof decodeModule>,
  bodyOf: number,
): string | null {
  const funcIndex = importedFunctions(module) + bodyOf;
  const f = module.functions[bodyOf]!;
  if (error.funcIndex !== funcIndex) {
    return `ValidationError "${error.message}" has funcIndex ${error.funcIndex}, the changed body is function ${funcIndex}`;
  }
  if (f.body.kind !== 'bytes') return null;
  const first = f.offset ?? f.body.offset;
  const end = f.body.offset + f.body.bytes.length;
  if (
    error.offset === null ||
    !Number.isInteger(error.offset) ||
    error.offset < first ||
    error.offset > end
  ) {
    return `ValidationError "${error.message}" in function ${funcIndex} has offset ${error.offset}, outside its code [${first}, ${end}]`;
  }
  return null;
}

function describeError(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}

function known(text: string): string | null {
  return knownFailures.find((k) => k.pattern.test(text))?.reason ?? null;
}

describe('validating mutated modules', () => {
  it('has valid seed modules (spec suite, WASI suite, text package output)', () => {
    expect(seeds.length).toBeGreaterThan(100);
  });

  for (let chunk = 0; chunk < chunks && seeds.length > 0; chunk++) {
    const first = chunk * perChunk;
    it(`variants ${first}-${first + perChunk - 1}: validate or throw a located ValidationError`, () => {
      const stats: Stats = { valid: 0, invalid: 0, malformed: 0 };
      const failures: string[] = [];
      let unencodable = 0;
      for (let i = first; i < first + perChunk; i++) {
        const random = new Random(
          (runSeed ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0,
        );
        const seed = random.pick(seeds);
        const other = random.pick(seeds);
        const variant = mutateModule(seed.module, random, other.module);
        let bytes: Uint8Array;
        try {
          bytes = encodeModule(variant.module);
        } catch (error) {
          if (!(error instanceof EncodeError))
            failures.push(
              `variant ${i} (${seed.name} by ${variant.applied.join('+')}): encodeModule threw ${describeError(error)}`,
            );
          unencodable++;
          continue;
        }
        const failure = check(bytes, variant.bodyOf, stats);
        if (failure !== null) {
          const text = `variant ${i} (${seed.name} by ${variant.applied.join('+')}): ${failure}`;
          if (known(text) === null) failures.push(text);
        }
      }
      console.log(
        `validate fuzz ${first}-${first + perChunk - 1}: ${stats.valid} valid, ${stats.invalid} invalid, ` +
          `${stats.malformed} malformed, ${unencodable} not encodable, ${failures.length} failures`,
      );
      expect(failures.slice(0, 30)).toEqual([]);
      expect(stats.valid + stats.invalid).toBeGreaterThan(perChunk / 4);
    });
  }
});

/** Unsigned LEB128. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** A module with one `[] -> []` function whose body is `body` (without locals or the final end). */
function moduleWithBody(body: readonly number[]): Uint8Array {
  const code = [0x00, ...body, 0x0b];
  const entry = [...leb(code.length), ...code];
  const section = (id: number, content: number[]): number[] => [
    id,
    ...leb(content.length),
    ...content,
  ];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [0x01, 0x60, 0x00, 0x00]),
    ...section(3, [0x01, 0x00]),
    ...section(10, [0x01, ...entry]),
  ]);
}

describe('validating deep nesting', () => {
  const depth = 100_000;
  const cases: [string, number[]][] = [
    [
      `${depth} nested blocks`,
      [
        ...new Array<number[]>(depth).fill([0x02, 0x40]).flat(),
        ...new Array<number>(depth).fill(0x0b),
      ],
    ],
    [
      `${depth} nested loops, then a type error`,
      [
        ...new Array<number[]>(depth).fill([0x03, 0x40]).flat(),
        0x6a,
        ...new Array<number>(depth).fill(0x0b),
      ],
    ],
    [
      `${depth} nested ifs`,
      [
        ...new Array<number[]>(depth).fill([0x41, 0x01, 0x04, 0x40]).flat(),
        ...new Array<number>(depth).fill(0x0b),
      ],
    ],
  ];
  for (const [name, body] of cases) {
    it(`${name}: validates or throws a located ValidationError`, () => {
      const stats: Stats = { valid: 0, invalid: 0, malformed: 0 };
      expect(check(moduleWithBody(body), 0, stats)).toBeNull();
      expect(stats.malformed).toBe(0);
    });
  }
});
