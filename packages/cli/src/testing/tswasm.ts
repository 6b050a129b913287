// Runs the built `tswasm` binary as a user would, for the tests.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built executable. */
export const binPath: string = fileURLToPath(
  new URL('../../dist/bin.js', import.meta.url),
);

/** The repository root. */
export const repoRoot: string = fileURLToPath(
  new URL('../../../../', import.meta.url),
);

/** A fixture file of the CLI's tests. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
}

/** The spec test suite's directory, if present. */
export const specSuite: string =
  process.env['WASM_SPEC_TESTSUITE'] ??
  resolve(repoRoot, '../shared/testsuite');

/** What a run of the binary did. */
export interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: Uint8Array;
}

/** Options for one run. */
export interface RunOptions {
  readonly input?: string | Uint8Array;
  /** Variables to set, or with `undefined` to unset. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

/** Runs `tswasm ...args`, without colours unless `env` asks for them. */
export function tswasm(
  args: readonly string[],
  options: RunOptions = {},
): Result {
  if (!existsSync(binPath)) throw new Error(`${binPath} is not built`);
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input,
    env: Object.fromEntries(
      Object.entries({
        PATH: process.env['PATH'] ?? '',
        NO_COLOR: '1',
        ...options.env,
      }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    timeout: 60_000,
  });
  return {
    status: result.status,
    stdout: result.stdout.toString('utf8'),
    stderr: result.stderr.toString('utf8'),
    stdoutBytes: new Uint8Array(result.stdout),
  };
}
