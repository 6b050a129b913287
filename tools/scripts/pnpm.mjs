// Runs the pinned pnpm (from package.json's packageManager) through npx, so a
// fresh clone needs only Node and npm.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const { packageManager } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
);
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  NO_UPDATE_NOTIFIER: '1',
  npm_config_update_notifier: 'false',
};

/** Runs `pnpm ...args` in the repository root and returns its exit status. */
export function tryPnpm(...args) {
  const result = spawnSync('npx', ['-y', packageManager, ...args], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** Runs `pnpm ...args` in the repository root; exits the process on failure. */
export function pnpm(...args) {
  const status = tryPnpm(...args);
  if (status !== 0) process.exit(status);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  pnpm(...process.argv.slice(2));
}
