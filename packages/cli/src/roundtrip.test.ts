// `tswasm wat2wasm`, then `tswasm wasm2wat`, then `tswasm wat2wasm` again,
// over every text module of the spec suite: the two binaries must be
// identical. The subcommands run in process through `main` (spawning the
// binary for each of several thousand modules would take minutes).

import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { everyFeature } from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { plainStyle } from './diagnostics.js';
import type { Io } from './io.js';
import { main } from './main.js';
import { specSuite } from './testing/tswasm.js';

/** Directories of the suite not run, with the reason. */
const unsupported: Readonly<Record<string, string>> = {
  'proposals/custom-descriptors':
    'the custom descriptors proposal is not implemented',
};

function* wastFiles(dir: string): Generator<string> {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(relative(specSuite, path) in unsupported)) yield* wastFiles(path);
    } else if (entry.name.endsWith('.wast')) {
      yield path;
    }
  }
}

/**
 * The S-expression that starts at `start` (an opening parenthesis), skipping
 * strings and comments.
 */
function sexpAt(source: string, start: number): string {
  let depth = 0;
  let i = start;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '"') {
      for (i++; i < source.length && source[i] !== '"'; i++) {
        if (source[i] === '\\') i++;
      }
    } else if (c === ';' && source[i + 1] === ';') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '(' && source[i + 1] === ';') {
      let nesting = 1;
      for (i += 2; i < source.length && nesting > 0; i++) {
        if (source.startsWith('(;', i)) {
          nesting++;
          i++;
        } else if (source.startsWith(';)', i)) {
          nesting--;
          i++;
        }
      }
      continue;
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && --depth === 0) {
      return source.slice(start, i + 1);
    }
    i++;
  }
  throw new Error(`unclosed S-expression at offset ${start}`);
}

/** Runs `tswasm ...args` in process; resolves to the exit code and stderr. */
async function tswasmInProcess(
  args: readonly string[],
): Promise<{ status: number; stderr: string }> {
  let stderr = '';
  const io: Io = {
    stdout: { write: () => true },
    stderr: {
      write: (chunk) => {
        stderr += String(chunk);
        return true;
      },
    },
    stdin: process.stdin,
    env: {},
    style: plainStyle,
  };
  return { status: await main(args, io), stderr };
}

describe('round trip over the spec suite', () => {
  it('wat2wasm, wasm2wat, wat2wasm gives identical bytes for every module', async () => {
    const { parseWast } = await import('@tswasm/text');
    const dir = mkdtempSync(join(tmpdir(), 'tswasm-roundtrip-'));
    const wat = join(dir, 'module.wat');
    const first = join(dir, 'first.wasm');
    const printed = join(dir, 'printed.wat');
    const second = join(dir, 'second.wasm');
    let modules = 0;
    const failures: string[] = [];
    for (const path of wastFiles(specSuite)) {
      const name = relative(specSuite, path);
      const source = readFileSync(path, 'utf8');
      const script = parseWast(source, {
        filename: name,
        features: everyFeature,
      });
      for (const command of script.commands) {
        if (command.kind !== 'module' || command.definition) continue;
        if (command.module.kind !== 'text') continue;
        modules++;
        const where = `${name}:${command.module.span.line}`;
        writeFileSync(wat, sexpAt(source, command.module.span.offset));
        const steps = [
          ['wat2wasm', '--enable-all', '--no-check', wat, '-o', first],
          ['wasm2wat', '--enable-all', '--no-check', first, '-o', printed],
          ['wat2wasm', '--enable-all', '--no-check', printed, '-o', second],
        ];
        let failed = false;
        for (const args of steps) {
          const result = await tswasmInProcess(args);
          if (result.status !== 0) {
            failures.push(`${where}: tswasm ${args[0]!}: ${result.stderr}`);
            failed = true;
            break;
          }
        }
        if (!failed && !readFileSync(first).equals(readFileSync(second))) {
          failures.push(`${where}: the binaries differ`);
        }
      }
    }
    console.log(
      `round trip: ${modules - failures.length} of ${modules} modules identical`,
    );
    expect(modules).toBeGreaterThan(1000);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 600_000);
});
