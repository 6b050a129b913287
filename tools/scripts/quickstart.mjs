// Installs, builds and runs tswasm on the bundled example.
import { pnpm } from './pnpm.mjs';

pnpm('install', '--frozen-lockfile');
pnpm('exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
pnpm(
  'exec',
  'node',
  'packages/cli/dist/bin.js',
  'objdump',
  'examples/hello.wasm',
);
