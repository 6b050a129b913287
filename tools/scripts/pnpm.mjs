// Runs the pinned pnpm (from package.json's packageManager) through npx, so a
// fresh clone needs only Node and npm.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { packageManager } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
);

/** Runs `pnpm ...args` in the repository root; exits the process on failure. */
export function pnpm(...args) {
  run('npx', ['-y', packageManager, ...args]);
}

/** Runs a command in the repository root; exits the process on failure. */
export function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  pnpm(...process.argv.slice(2));
}
