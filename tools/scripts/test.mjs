// The whole test suite: install, build and typecheck every package, check the
// dependency graph, lint and formatting, then run every test once. This is what CI runs. It closes with a
// line `tests: N passed, N failed, N skipped`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pnpm, tryPnpm } from './pnpm.mjs';

pnpm('install', '--frozen-lockfile');
pnpm('exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
pnpm('exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only');
pnpm('exec', 'node', 'tools/check-deps.mjs');
pnpm('exec', 'eslint', '.');
pnpm('exec', 'prettier', '--check', '--log-level=warn', '.');

const dir = mkdtempSync(join(tmpdir(), 'tswasm-test-'));
const results = join(dir, 'results.json');
const status = tryPnpm(
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}`,
  ...process.argv.slice(2),
);
let summary = 'tests: no results';
try {
  const json = JSON.parse(readFileSync(results, 'utf8'));
  const skipped = json.numPendingTests + json.numTodoTests;
  // A test file that fails before running any test counts as one failure.
  const broken = json.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length;
  const failed = json.numFailedTests + broken;
  summary = `tests: ${json.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
} catch {
  // vitest did not get far enough to write results; its output says why.
}
rmSync(dir, { recursive: true, force: true });
console.log(summary);
process.exit(status);
