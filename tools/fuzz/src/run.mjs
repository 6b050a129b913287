// A fuzzing run: for each iteration, pick a seed module and mutate it with a
// PRNG seeded from (run seed, iteration), so any iteration can be replayed
// on its own, then check the variant.

import { DecodeError, decodeModule } from '@tswasm/decoder';
import { everyFeature } from '@tswasm/ir';
import { checkInput, toHex } from './check.mjs';
import { Random, iterationSeed, mutate } from './mutate.mjs';

/**
 * Splits seed modules into those that decode and the rest; variants are
 * mostly made from the former, which reach further into the decoder.
 * @param {{ name: string, bytes: Uint8Array }[]} seeds
 */
export function prepareSeeds(seeds) {
  const valid = [];
  const invalid = [];
  for (const seed of seeds) {
    try {
      decodeModule(seed.bytes, { features: everyFeature, eagerBodies: true });
      valid.push(seed);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      invalid.push(seed);
    }
  }
  return { valid, invalid };
}

/**
 * The variant of iteration `i` of a run seeded `seed`.
 * @param {{ valid: { name: string, bytes: Uint8Array }[], invalid: { name: string, bytes: Uint8Array }[] }} seeds
 */
export function variantAt(seeds, seed, i) {
  const random = new Random(iterationSeed(seed, i));
  const pool =
    random.next() < 0.85 || seeds.invalid.length === 0
      ? seeds.valid
      : seeds.invalid;
  const base = pool[random.below(pool.length)];
  const other = seeds.valid[random.below(seeds.valid.length)];
  const { bytes, applied } = mutate(base.bytes, random, other.bytes);
  return { bytes, applied, seedName: base.name };
}

/**
 * Runs `iterations` iterations from `first` on.
 * @param {{ seeds: ReturnType<typeof prepareSeeds>, seed: number, iterations: number,
 *   first?: number, onFailure?: (failure: object) => void }} options
 * @returns {{ iterations: number, decoded: number, rejected: number, failures: object[],
 *   slowestMs: number, totalMs: number }}
 */
export function runFuzz({ seeds, seed, iterations, first = 0, onFailure }) {
  const stats = {
    iterations: 0,
    decoded: 0,
    rejected: 0,
    failures: [],
    slowestMs: 0,
    totalMs: 0,
  };
  const started = performance.now();
  for (let i = first; i < first + iterations; i++) {
    const { bytes, applied, seedName } = variantAt(seeds, seed, i);
    const { outcome, failure, ms } = checkInput(bytes);
    stats.iterations++;
    stats[outcome]++;
    stats.slowestMs = Math.max(stats.slowestMs, ms);
    if (failure !== null) {
      const report = {
        seed,
        iteration: i,
        from: seedName,
        mutations: applied,
        failure,
        hex: toHex(bytes),
      };
      stats.failures.push(report);
      onFailure?.(report);
    }
  }
  stats.totalMs = performance.now() - started;
  return stats;
}
