// The examples in examples/ run here, as a user would run them.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSnippet } from './testing/snippets.js';
import { repoRoot, tswasm } from './testing/tswasm.js';

/** examples/c/wc.c built as its README says, or why it could not be. */
function buildWc(dir: string): { wasm: string } | { reason: string } {
  const wasm = join(dir, 'wc.wasm');
  const result = spawnSync(
    'clang',
    [
      '--target=wasm32-wasi',
      '-O2',
      '-o',
      wasm,
      join(repoRoot, 'examples/c/wc.c'),
    ],
    { encoding: 'utf8' },
  );
  if (result.error !== undefined) return { reason: 'clang is not installed' };
  if (result.status !== 0) {
    return { reason: `clang cannot build for wasm32-wasi: ${result.stderr}` };
  }
  return { wasm };
}

describe('examples', () => {
  it('embed.ts runs on the engine and catches the trap', async () => {
    const printed = await runSnippet(
      readFileSync(`${repoRoot}/examples/embed.ts`, 'utf8'),
      'embed.ts',
    );
    expect(printed).toEqual([
      'log: 3',
      'log: 2',
      'log: 1',
      'trap: out of fuel (outOfFuel) in func 2',
    ]);
  });

  it('c/wc.c, built with clang, runs with --dir and --env', (context) => {
    const dir = mkdtempSync(join(tmpdir(), 'tswasm-wc-'));
    const built = buildWc(dir);
    if ('reason' in built) {
      context.skip(built.reason);
      return;
    }
    writeFileSync(join(dir, 'secret.txt'), 'not for the guest\n');
    const files = mkdtempSync(join(dir, 'files-'));
    writeFileSync(join(files, 'note.txt'), 'one two\nthree\n');
    const result = tswasm([
      'run',
      '--dir',
      `${files}::/work`,
      '--env',
      'WC_PREFIX=counting',
      built.wasm,
      '/work/note.txt',
      '/work/../secret.txt',
    ]);
    expect(result.stdout).toBe(
      'counting\n      2       3      14 /work/note.txt\n',
    );
    // ENOTCAPABLE: `..` may not leave the preopen.
    expect(result.stderr).toBe(
      '/work/../secret.txt: Capabilities insufficient\n',
    );
    expect(result.status).toBe(1);
  });
});
