// Declares one vitest test per spec file, grouped by directory, each run in
// the worker pool and compared with known-failures.json.
import { afterAll, describe, expect, it } from 'vitest';
import { compareWithKnown, loadKnownFailures } from './known-failures.mjs';
import { SpecPool } from './pool.mjs';
import { directoryOf } from './suite.mjs';

/** The longest a file may take, queueing in the pool included. */
const fileTimeoutMs = 900_000;

/** Declares the tests of `files` on `engine` (`tswasm`, `tswasm-js` or `v8`). */
export function defineSpecTests(
  engine: 'tswasm' | 'tswasm-js' | 'v8',
  files: readonly string[],
): void {
  const known = loadKnownFailures()[engine] ?? {};
  const pool = new SpecPool();
  afterAll(() => pool.close());
  const directories = new Map<string, string[]>();
  for (const file of files) {
    const dir = directoryOf(file);
    directories.set(dir, [...(directories.get(dir) ?? []), file]);
  }
  for (const [dir, inDir] of directories) {
    describe.concurrent(`${engine} ${dir === '.' ? 'core' : dir}`, () => {
      for (const file of inDir) {
        it(
          file,
          async () => {
            const result = await pool.run(file, engine);
            expect(compareWithKnown(result, known[file])).toEqual([]);
          },
          fileTimeoutMs,
        );
      }
    });
  }
}
