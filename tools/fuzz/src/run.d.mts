import type { Seed } from './corpus.mjs';

/** Seed modules split into those that decode and the rest. */
export interface PreparedSeeds {
  readonly valid: readonly Seed[];
  readonly invalid: readonly Seed[];
}
/** One failing input, replayable with `--seed seed --first iteration --iterations 1`. */
export interface FuzzFailure {
  readonly seed: number;
  readonly iteration: number;
  readonly from: string;
  readonly mutations: readonly string[];
  readonly failure: string;
  readonly hex: string;
}
export interface FuzzStats {
  readonly iterations: number;
  readonly decoded: number;
  readonly rejected: number;
  readonly failures: readonly FuzzFailure[];
  readonly slowestMs: number;
  readonly totalMs: number;
}
export declare function prepareSeeds(seeds: readonly Seed[]): PreparedSeeds;
export declare function variantAt(
  seeds: PreparedSeeds,
  seed: number,
  i: number,
): { bytes: Uint8Array; applied: string[]; seedName: string };
export declare function runFuzz(options: {
  seeds: PreparedSeeds;
  seed: number;
  iterations: number;
  first?: number;
  onFailure?: (failure: FuzzFailure) => void;
}): FuzzStats;
