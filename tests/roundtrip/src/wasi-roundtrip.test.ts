import { afterAll, describe, expect, it } from 'vitest';
import { wasiModules } from './corpus.js';
import { Summary, roundTrip } from './roundtrip.js';

const modules = wasiModules();
const summary = new Summary();

describe('round trip of the WASI suite’s .wasm files', () => {
  it('finds the suite', () => {
    expect(modules.length).toBeGreaterThan(0);
  });

  for (const module of modules) {
    it(`decode -> encode -> decode: ${module.name}`, () => {
      const outcome = roundTrip(module);
      summary.add(module, outcome);
      expect(
        outcome.kind === 'failing' ? outcome.reason : outcome.kind,
      ).toMatch(/^(identical|equal)$/);
    });
  }

  afterAll(() => {
    console.log(summary.format('WASI suite round trip'));
  });
});
