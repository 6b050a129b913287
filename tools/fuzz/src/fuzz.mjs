#!/usr/bin/env node
// The long decoder fuzzer:
//   node tools/fuzz/src/fuzz.mjs [--iterations N] [--seed S] [--first I]
// Mutates the spec and WASI suites' modules and checks that every variant
// decodes or throws a located DecodeError, within a second, and that what
// decodes re-encodes to a fixed point. Prints each failing input as hex with
// its seed and iteration (`--seed S --first I --iterations 1` replays it)
// and exits 1 if there was any. Build the decoder and encoder first.

import { loadSeeds } from './corpus.mjs';
import { prepareSeeds, runFuzz } from './run.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`--${name} needs a non-negative integer`);
    process.exit(2);
  }
  return value;
}

const iterations = option('iterations', 100_000);
const seed = option('seed', Date.now() % 2 ** 32);
const first = option('first', 0);

const seeds = prepareSeeds(loadSeeds());
if (seeds.valid.length === 0) {
  console.error('no seed modules: set WASM_SPEC_TESTSUITE or WASI_TESTSUITE');
  process.exit(2);
}
console.log(
  `fuzzing ${iterations} variants of ${seeds.valid.length} + ${seeds.invalid.length} modules,` +
    ` --seed ${seed} --first ${first}`,
);

const chunk = 10_000;
const total = {
  iterations: 0,
  decoded: 0,
  rejected: 0,
  failures: 0,
  slowestMs: 0,
  totalMs: 0,
};
for (let done = 0; done < iterations; done += chunk) {
  const stats = runFuzz({
    seeds,
    seed,
    first: first + done,
    iterations: Math.min(chunk, iterations - done),
    onFailure: (failure) => {
      console.log(
        `FAIL --seed ${failure.seed} --first ${failure.iteration} --iterations 1` +
          ` (from ${failure.from}, ${failure.mutations.join('+')}): ${failure.failure}\n${failure.hex}`,
      );
    },
  });
  total.iterations += stats.iterations;
  total.decoded += stats.decoded;
  total.rejected += stats.rejected;
  total.failures += stats.failures.length;
  total.slowestMs = Math.max(total.slowestMs, stats.slowestMs);
  total.totalMs += stats.totalMs;
  console.log(
    `${total.iterations} variants: ${total.decoded} decoded, ${total.rejected} rejected, ` +
      `${total.failures} failing; slowest ${total.slowestMs.toFixed(1)} ms, ${(total.totalMs / 1000).toFixed(1)} s`,
  );
}
process.exit(total.failures > 0 ? 1 : 0);
