import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, repoRoot, tswasm } from '../testing/tswasm.js';

describe('tswasm wasm2wat', () => {
  it.each([
    ['examples/hello.wasm', []],
    ['examples/hello.wasm', ['--folded']],
    [fixture('invalid.wasm'), ['--no-check']],
  ])(
    'prints %s %s as text that assembles back to the same bytes',
    (path, flags) => {
      const printed = tswasm(['wasm2wat', ...flags, path]);
      expect(printed.stderr).toBe('');
      expect(printed.status).toBe(0);
      expect(printed.stdout).toMatch(/^\(module/);
      const assembled = tswasm(['wat2wasm', '--no-check', '-', '-o', '-'], {
        input: printed.stdout,
      });
      expect(assembled.stderr).toBe('');
      const original = readFileSync(
        path.startsWith('/') ? path : `${repoRoot}/${path}`,
      );
      expect(Buffer.from(assembled.stdoutBytes).equals(original)).toBe(true);
    },
  );

  it('folds instructions with --folded', () => {
    const flat = tswasm(['wasm2wat', 'examples/hello.wasm']).stdout;
    const folded = tswasm([
      'wasm2wat',
      '--folded',
      'examples/hello.wasm',
    ]).stdout;
    expect(flat).toMatch(/^\s*call 0/m);
    expect(folded).toMatch(/\(call 0/);
  });

  it('writes the text to -o', () => {
    const result = tswasm(['wasm2wat', 'examples/hello.wasm', '-o', '-']);
    expect(result.stdout).toBe(
      tswasm(['wasm2wat', 'examples/hello.wasm']).stdout,
    );
  });

  it('validates the module unless --no-check', () => {
    const result = tswasm(['wasm2wat', 'invalid.wasm'], { cwd: fixture('.') });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^invalid\.wasm: error: func 0 at 0x23: type mismatch: /,
    );
  });

  it('reports a malformed binary with its offset', () => {
    const result = tswasm(['wasm2wat', 'truncated.wasm'], {
      cwd: fixture('.'),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('truncated.wasm:0x7: error: unexpected end\n');
  });
});
