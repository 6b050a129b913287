// Differential testing on generated programs: our engine (interpreter tier)
// and V8's native WebAssembly run the same random valid programs with the
// same edge-value arguments, and must agree on every result (as bits), every
// trap kind, and the contents of memory after every call.

import { Engine } from '@tswasm/engine';
import { watToWasm } from '@tswasm/text';
import { describe, expect, it } from 'vitest';
import { nativeModule } from './compare.js';
import { fixedBugs, knownBugs, type KnownBug } from './known-failures.js';
import { runGenerated } from './run-generated.js';

const chunks = 6;
const programsPerChunk = 100;
const callsPerExport = 6;
const firstSeed = 1;

describe('generated programs on our engine and on V8', () => {
  for (let chunk = 0; chunk < chunks; chunk++) {
    const from = firstSeed + chunk * programsPerChunk;
    const to = from + programsPerChunk - 1;
    it(`programs ${from}-${to} agree, apart from known bugs`, async () => {
      const problems: string[] = [];
      const disagreeing = new Set<number>();
      const tally = await runGenerated({
        firstSeed: from,
        programs: programsPerChunk,
        callsPerExport,
        known: knownBugs,
        problems,
        disagreeing,
      });
      console.log(tally.summary(`generated ${from}-${to}`));
      for (const bug of knownBugs) {
        const stale = bug.seeds.filter(
          (s) => s >= from && s <= to && !disagreeing.has(s),
        );
        if (stale.length > 0)
          console.log(
            `known bug ${bug.id}: programs ${stale.join(', ')} now agree`,
          );
      }
      expect(problems).toEqual([]);
      expect(tally.disagreements).toEqual([]);
      expect(tally.calls).toBeGreaterThan(programsPerChunk * callsPerExport);
    });
  }
});

// Only while some open bug has seeds: there is nothing to check otherwise.
const describeKnownBugs = knownBugs.some((bug) => bug.seeds.length > 0)
  ? describe
  : describe.skip;
describeKnownBugs('generated programs that showed known bugs', () => {
  for (const bug of knownBugs) {
    for (const seed of bug.seeds) {
      it(`program ${seed} disagrees only by known bug ${bug.id}`, async () => {
        const problems: string[] = [];
        const disagreeing = new Set<number>();
        const tally = await runGenerated({
          firstSeed: seed,
          programs: 1,
          callsPerExport,
          known: knownBugs,
          problems,
          disagreeing,
        });
        console.log(tally.summary(`program ${seed}`));
        if (!disagreeing.has(seed))
          console.log(
            `program ${seed} now agrees: known bug ${bug.id} may be fixed`,
          );
        expect(problems).toEqual([]);
        expect(tally.disagreements).toEqual([]);
      });
    }
  }
});

/** The reproducer's `run()` on V8 and on ours. */
function runReproducer(bug: KnownBug): { native: number; ours: number | null } {
  const bytes = watToWasm(bug.reproducer);
  const native = new WebAssembly.Instance(nativeModule(bytes));
  const engine = new Engine({ tier: 'interp' });
  const [result] = engine.invoke(
    engine.instantiate(engine.compile(bytes)),
    'run',
    [],
  );
  return {
    native: (native.exports['run'] as () => number)(),
    ours: result?.type === 'i32' ? result.value : null,
  };
}

describe('bugs found by differential testing', () => {
  for (const bug of knownBugs) {
    it(`${bug.id} (open): ${bug.reason}`, () => {
      const { native, ours } = runReproducer(bug);
      expect(native).toBe(bug.expected);
      if (ours === bug.expected)
        console.log(
          `known bug ${bug.id} is fixed: move it to fixedBugs in known-failures.ts`,
        );
    });
  }
  for (const bug of fixedBugs) {
    it(`${bug.id} (fixed) stays fixed: ${bug.reason}`, () => {
      expect(runReproducer(bug)).toEqual({
        native: bug.expected,
        ours: bug.expected,
      });
    });
  }
});
