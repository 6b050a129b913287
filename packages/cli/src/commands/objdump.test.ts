import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, tswasm } from '../testing/tswasm.js';

describe('tswasm objdump', () => {
  it('prints sections, details and a disassembly with byte offsets', () => {
    const result = tswasm(['objdump', '-d', 'examples/hello.wasm']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      readFileSync(fixture('hello.objdump.txt'), 'utf8'),
    );
  });

  it('lists sections with their offsets and sizes', () => {
    const { stdout } = tswasm(['objdump', 'examples/hello.wasm']);
    expect(stdout).toContain(
      '     Code start=0x0000005b end=0x0000006a (size=0x0000000f) count: 1\n',
    );
    expect(stdout).not.toContain('Code Disassembly:');
  });

  it('reads stdin for -', () => {
    const input = readFileSync(fixture('../../../examples/hello.wasm'));
    const result = tswasm(['objdump', '-'], { input });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^<stdin>:\tfile format wasm 0x1\n/);
  });

  it('reports a malformed binary with its offset', () => {
    const result = tswasm(['objdump', fixture('truncated.wasm')]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `${fixture('truncated.wasm')}:0x7: error: unexpected end\n`,
    );
  });
});

describe('tswasm objdump, text', () => {
  it('shows a text module as the binary it assembles to', () => {
    const fromText = tswasm(['objdump', '-d', 'examples/hello.wat']);
    expect(fromText.status).toBe(0);
    const fromBinary = tswasm(['objdump', '-d', 'examples/hello.wasm']);
    expect(fromText.stdout.replace('hello.wat:', 'hello.wasm:')).toBe(
      fromBinary.stdout,
    );
  });
});
