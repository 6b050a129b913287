// Runs one spec file at a time for the pool (pool.mjs): a child process, so
// a hanging or crashing engine can be stopped and files run on every core.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featuresFor, testsuiteDir, v8Features } from './suite.mjs';

/**
 * @typedef {object} SpecResult what one file gave
 * @property {string} file relative to the suite, `/`-separated
 * @property {number} passed
 * @property {number} failed
 * @property {number} unsupported
 * @property {string | null} error why the file could not run at all
 * @property {number} durationMs how long the file took in its worker
 * @property {{ line: number, column: number, kind: string, status: string, reason: string | null }[]} problems
 *   the commands that did not pass
 */

/**
 * Runs `file` (relative to the suite) on `engine` (`tswasm`: our engine's
 * interpreter, `tswasm-js`: its JS tier, `v8`: Node's WebAssembly) and
 * returns its totals and the commands that did not pass.
 */
/**
 * @param {string} file
 * @param {string} engine
 * @returns {Promise<SpecResult>}
 */
export async function runSpecFile(file, engine) {
  const start = performance.now();
  try {
    const wast = await import('@tswasm/wast');
    const features =
      engine === 'v8'
        ? { ...featuresFor(file), ...v8Features }
        : featuresFor(file);
    let adapter;
    if (engine === 'v8') {
      adapter = wast.nativeAdapter();
    } else {
      const { tswasmAdapter } = await import('@tswasm/cli');
      const tier = engine === 'tswasm-js' ? 'js' : 'interp';
      adapter = await tswasmAdapter(features, { tier });
    }
    const source = readFileSync(join(testsuiteDir(), file), 'utf8');
    const result = wast.runWast(source, adapter, { filename: file, features });
    return {
      file,
      passed: result.passed,
      failed: result.failed,
      unsupported: result.unsupported,
      error: result.error,
      durationMs: Math.round(performance.now() - start),
      problems: result.commands
        .filter((command) => command.status !== 'passed')
        .map(({ line, column, kind, status, reason }) => ({
          line,
          column,
          kind,
          status,
          reason,
        })),
    };
  } catch (error) {
    return {
      file,
      passed: 0,
      failed: 1,
      unsupported: 0,
      durationMs: Math.round(performance.now() - start),
      error: `cannot run: ${error instanceof Error ? error.message : String(error)}`,
      problems: [],
    };
  }
}

process.on('message', async ({ id, file, engine }) => {
  process.send?.({ id, result: await runSpecFile(file, engine) });
});
