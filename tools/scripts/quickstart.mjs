// Installs, builds and runs tswasm on the bundled example: a WASI program in
// the text format that prints "Hello, world!".
import { pnpm } from './pnpm.mjs';

pnpm('install', '--frozen-lockfile');
pnpm('exec', 'turbo', 'run', 'build', '--output-logs=errors-only');
pnpm('exec', 'node', 'packages/cli/dist/bin.js', 'run', 'examples/hello.wat');
