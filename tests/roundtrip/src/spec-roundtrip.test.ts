import { afterAll, describe, expect, it } from 'vitest';
import { type CorpusModule, specModules } from './corpus.js';
import { Summary, roundTrip } from './roundtrip.js';

const modules = specModules();
const byFile = new Map<string, CorpusModule[]>();
for (const module of modules) {
  const file = module.name.slice(0, module.name.lastIndexOf(':'));
  const list = byFile.get(file);
  if (list === undefined) byFile.set(file, [module]);
  else list.push(module);
}
const summary = new Summary();

describe('round trip of the spec suite’s binary modules', () => {
  it('finds the suite', () => {
    expect(modules.length).toBeGreaterThan(100);
  });

  for (const [file, list] of byFile) {
    it(`decode -> encode -> decode: ${file}`, () => {
      const failures: string[] = [];
      for (const module of list) {
        const outcome = roundTrip(module);
        summary.add(module, outcome);
        if (outcome.kind === 'failing')
          failures.push(`${module.name}: ${outcome.reason}`);
      }
      expect(failures).toEqual([]);
    });
  }

  afterAll(() => {
    console.log(summary.format('spec suite round trip'));
  });
});
