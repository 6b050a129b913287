// The whole test suite: install, build every package, check the dependency
// graph, then run every test once. This is what CI runs.
import { pnpm } from './pnpm.mjs';

pnpm('install', '--frozen-lockfile');
pnpm('exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
pnpm('exec', 'node', 'tools/check-deps.mjs');
pnpm('exec', 'vitest', 'run', ...process.argv.slice(2));
