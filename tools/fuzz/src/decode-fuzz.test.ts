// A bounded run of the decoder fuzzer (the long one is fuzz.mjs): mutated
// spec and WASI modules must decode or throw a DecodeError located within
// the input, each within a second, and what decodes must re-encode to a
// fixed point.

import { describe, expect, it } from 'vitest';
import { loadSeeds } from './corpus.mjs';
import { type FuzzStats, prepareSeeds, runFuzz } from './run.mjs';

const seed = 0x7357_5eed;
const chunks = 10;
const perChunk = 5_000;

const seeds = prepareSeeds(loadSeeds());

function describeFailures(stats: FuzzStats): string[] {
  return stats.failures.map(
    (f) =>
      `${f.failure} (node tools/fuzz/src/fuzz.mjs --seed ${f.seed} --first ${f.iteration} --iterations 1; ` +
      `from ${f.from} by ${f.mutations.join('+')})\n${f.hex}`,
  );
}

describe('decoding mutated modules', () => {
  it('has seed modules that decode', () => {
    expect(seeds.valid.length).toBeGreaterThan(50);
  });

  for (let chunk = 0; chunk < chunks; chunk++) {
    const first = chunk * perChunk;
    it(`variants ${first}-${first + perChunk - 1}: decode or throw a located DecodeError, and re-encode`, () => {
      const stats = runFuzz({ seeds, seed, first, iterations: perChunk });
      console.log(
        `fuzz ${first}-${first + perChunk - 1}: ${stats.decoded} decoded, ${stats.rejected} rejected, ` +
          `slowest ${stats.slowestMs.toFixed(1)} ms, ${(stats.totalMs / 1000).toFixed(1)} s`,
      );
      expect(stats.iterations).toBe(perChunk);
      expect(describeFailures(stats)).toEqual([]);
    });
  }
});
