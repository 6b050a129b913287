// Runs a TypeScript example (from the README or examples/) as a user's file
// would run: importing the packages by name, from the repository root.

import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { vi } from 'vitest';
import { repoRoot } from './tswasm.js';

let scratch: string | null = null;

/**
 * A directory whose node_modules is the CLI's, which depends on every
 * package, so that bare `@tswasm/...` imports resolve.
 */
function scratchDir(): string {
  if (scratch === null) {
    scratch = mkdtempSync(join(tmpdir(), 'tswasm-example-'));
    symlinkSync(
      join(repoRoot, 'packages/cli/node_modules'),
      join(scratch, 'node_modules'),
      'dir',
    );
  }
  return scratch;
}

/** Runs `code` as the module `name`; resolves to the lines it logged. */
export async function runSnippet(
  code: string,
  name: string,
): Promise<string[]> {
  const file = join(scratchDir(), name);
  writeFileSync(file, code);
  const printed: string[] = [];
  const log = vi
    .spyOn(console, 'log')
    .mockImplementation((...args: unknown[]) => {
      printed.push(format(...args));
    });
  const cwd = process.cwd();
  process.chdir(repoRoot);
  try {
    await import(file);
  } finally {
    process.chdir(cwd);
    log.mockRestore();
  }
  return printed;
}
