// Random modules through encode -> decode: every instruction row, type
// form, limit flag and segment mode must come back as it was generated.

import { decodeFunctionBody, decodeModule } from '@tswasm/decoder';
import { encodeModule } from '@tswasm/encoder';
import {
  type Instr,
  type Module,
  everyFeature,
  instructions,
} from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { firstDifference } from './compare-modules.js';
import { Random, randomModule } from './random-module.js';

function withoutEncoding<T extends { readonly encoding?: number }>(
  segment: T,
): T {
  const copy: { encoding?: number } = { ...segment };
  delete copy.encoding;
  return copy as T;
}

/** The decoded module with bodies as instructions and no encoding hints. */
function normalise(module: Module): Module {
  return {
    ...module,
    functions: module.functions.map((func) => ({
      ...func,
      body: {
        kind: 'instrs',
        instrs: decodeFunctionBody(func, { features: everyFeature }),
      },
    })),
    elements: module.elements.map(withoutEncoding),
    datas: module.datas.map(withoutEncoding),
  };
}

const count = 600;

describe('random modules', () => {
  it(`come back from encode -> decode (${count} modules)`, () => {
    const failures: string[] = [];
    const seen = new Set<string>();
    let instrCount = 0;
    for (let seed = 1; seed <= count; seed++) {
      const module = randomModule(new Random(seed));
      for (const func of module.functions) {
        for (const instr of (func.body as { instrs: readonly Instr[] }).instrs)
          seen.add(instr.op);
        instrCount += (func.body as { instrs: readonly Instr[] }).instrs.length;
      }
      try {
        const bytes = encodeModule(module);
        const decoded = decodeModule(bytes, {
          features: everyFeature,
          eagerBodies: true,
        });
        const difference = firstDifference(module, normalise(decoded));
        if (difference !== null) failures.push(`seed ${seed}: ${difference}`);
        else if (firstDifference(encodeModule(decoded), bytes) !== null)
          failures.push(`seed ${seed}: not a fixed point`);
      } catch (error) {
        failures.push(
          `seed ${seed}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        );
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
    const missing = instructions
      .filter((def) => !seen.has(def.name))
      .map((def) => def.name);
    console.log(
      `${instrCount} instructions, ${seen.size} of ${instructions.length} rows`,
    );
    expect(missing).toEqual([]);
  });
});
