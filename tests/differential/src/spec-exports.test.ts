// Differential testing on the spec suite's modules: the script's own
// invocations and edge-value calls of every numeric export, on our engine
// (interpreter tier) and on V8's native WebAssembly.

import { describe, expect, it } from 'vitest';
import { runSpecExports, specFiles, specSuiteDir } from './run-spec-exports.js';

const files = specFiles();
const chunks = 4;
const callsPerExport = 2;

describe('spec suite exports on our engine and on V8', () => {
  // Shown as skipped, with the reason, only where the suite is missing.
  if (files.length === 0)
    it.skip(`needs the spec suite at ${specSuiteDir} ($WASM_SPEC_TESTSUITE)`, () => {});

  for (let chunk = 0; chunk < chunks && files.length > 0; chunk++) {
    const part = files.filter((_, i) => i % chunks === chunk);
    it(`files ${chunk + 1}/${chunks}: every call agrees`, () => {
      const { tally, stats } = runSpecExports({
        files: part,
        callsPerExport,
        known: [],
      });
      const skipped = [...stats.skipped]
        .map(([why, n]) => `\n  skipped ${n}: ${why}`)
        .join('');
      console.log(
        `${tally.summary(`spec exports ${chunk + 1}/${chunks}`)}\n  ${stats.files} files, ${stats.modules} modules${skipped}`,
      );
      expect(stats.problems).toEqual([]);
      expect(tally.disagreements).toEqual([]);
      expect(tally.calls).toBeGreaterThan(1000);
    });
  }
});
