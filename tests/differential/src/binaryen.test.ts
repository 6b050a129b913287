// Differential testing on binaryen's random valid modules (`wasm-opt -ttf`):
// logged values, results and traps of every export, on our engine
// (interpreter tier) and on V8's native WebAssembly.

import { describe, expect, it } from 'vitest';
import { hasBinaryen, runBinaryen } from './run-binaryen.js';

const modules = 60;

describe('binaryen fuzz modules on our engine and on V8', () => {
  it.skipIf(!hasBinaryen)(
    `${modules} modules log, return and trap alike (needs Debian binaryen: apt-get install binaryen)`,
    () => {
      const result = runBinaryen({ firstSeed: 1, count: modules });
      console.log(
        `binaryen: ${result.modules} modules, ${result.calls} calls, ${result.events} events, ` +
          `${result.agreeingModules} modules agree, ${result.disagreements.length} disagree`,
      );
      expect(result.problems).toEqual([]);
      expect(result.disagreements).toEqual([]);
      expect(result.calls).toBeGreaterThan(modules);
    },
  );
});
