import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, repoRoot, tswasm } from '../testing/tswasm.js';

describe('tswasm wat2wasm', () => {
  it('assembles examples/hello.wat to exactly the committed examples/hello.wasm', () => {
    const result = tswasm(['wat2wasm', 'examples/hello.wat', '-o', '-']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const committed = readFileSync(join(repoRoot, 'examples/hello.wasm'));
    // If this fails, regenerate it:
    //   node packages/cli/dist/bin.js wat2wasm examples/hello.wat
    expect(Buffer.from(result.stdoutBytes).equals(committed)).toBe(true);
  });

  it('writes IN.wasm beside IN.wat without -o, and reads stdin for -', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tswasm-wat2wasm-'));
    const expected = readFileSync(join(repoRoot, 'examples/hello.wasm'));
    copyFileSync(join(repoRoot, 'examples/hello.wat'), join(dir, 'hello.wat'));
    expect(tswasm(['wat2wasm', 'hello.wat'], { cwd: dir }).status).toBe(0);
    expect(readFileSync(join(dir, 'hello.wasm'))).toEqual(expected);

    const result = tswasm(['wat2wasm', '-', '-o', join(dir, 'out.wasm')], {
      input: readFileSync(join(dir, 'hello.wat')),
    });
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, 'out.wasm'))).toEqual(expected);
  });

  it('keeps branch hints, as a metadata.code.branch_hint section', () => {
    const result = tswasm(['wat2wasm', '-', '-o', '-'], {
      input: Buffer.from(
        '(module (func (param i32)\n' +
          '  (block (@metadata.code.branch_hint "\\01") (br_if 0 (local.get 0)))))',
      ),
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const text = Buffer.from(result.stdoutBytes).toString('latin1');
    expect(text).toContain('metadata.code.branch_hint');
  });

  it('reports a malformed module with its line, column, source line and caret', () => {
    const result = tswasm(['wat2wasm', 'malformed.wat', '-o', '-'], {
      cwd: fixture('.'),
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'malformed.wat:4:6: error: unknown operator i32.frobnicate\n' +
        '    (i32.frobnicate)))\n' +
        '     ^\n',
    );
  });

  it('validates the module unless --no-check', () => {
    const checked = tswasm(['wat2wasm', 'invalid.wat', '-o', '-'], {
      cwd: fixture('.'),
    });
    expect(checked.status).toBe(1);
    expect(checked.stderr).toMatch(
      /^invalid\.wat(:\d+:\d+)?: error: func 0: type mismatch: /,
    );
    const unchecked = tswasm(
      ['wat2wasm', '--no-check', 'invalid.wat', '-o', '-'],
      {
        cwd: fixture('.'),
      },
    );
    expect(unchecked.status).toBe(0);
    expect(
      Buffer.from(unchecked.stdoutBytes).equals(
        readFileSync(fixture('invalid.wasm')),
      ),
    ).toBe(true);
  });

  it('writes a name section with the $names for --debug-names', () => {
    const text =
      '(module $m (func $f (param $x i32) (local $y i64)) (global $g i32 (i32.const 0)))';
    const plain = tswasm(['wat2wasm', '-', '-o', '-'], { input: text });
    expect(plain.status).toBe(0);
    expect(Buffer.from(plain.stdoutBytes).includes('name')).toBe(false);
    const named = tswasm(['wat2wasm', '--debug-names', '-', '-o', '-'], {
      input: text,
    });
    expect(named.stderr).toBe('');
    expect(named.status).toBe(0);
    const bytes = Buffer.from(named.stdoutBytes);
    // The same sections, then a name section: its header, "name", and the
    // subsections module 0 "m", functions 1 {0 "f"}, locals 2 {0 {0 "x",
    // 1 "y"}}, globals 7 {0 "g"}.
    const section = Buffer.from([
      0x00, 0x20, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x00, 0x02, 0x01, 0x6d, 0x01,
      0x04, 0x01, 0x00, 0x01, 0x66, 0x02, 0x09, 0x01, 0x00, 0x02, 0x00, 0x01,
      0x78, 0x01, 0x01, 0x79, 0x07, 0x04, 0x01, 0x00, 0x01, 0x67,
    ]);
    expect(bytes).toEqual(Buffer.concat([plain.stdoutBytes, section]));
    const printed = tswasm(['wasm2wat', '-', '-o', '-'], { input: bytes });
    expect(printed.stdout).toContain('(func $f (type 0) (param $x i32)');
  });

  it('takes feature flags', () => {
    const simd = '(module (func (drop (v128.const i32x4 0 0 0 0))))';
    expect(tswasm(['wat2wasm', '-', '-o', '-'], { input: simd }).status).toBe(
      0,
    );
    const result = tswasm(['wat2wasm', '--disable-simd', '-', '-o', '-'], {
      input: simd,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^<stdin>:1:\d+: error: /);
  });
});
