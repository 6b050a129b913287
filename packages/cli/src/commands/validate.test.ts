import { describe, expect, it } from 'vitest';
import { fixture, tswasm } from '../testing/tswasm.js';

describe('tswasm validate', () => {
  it('prints nothing for a valid module', () => {
    const result = tswasm(['validate', 'examples/hello.wasm']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('says so with --verbose', () => {
    const result = tswasm(['validate', '-v', 'examples/hello.wasm']);
    expect(result.stdout).toBe('examples/hello.wasm: valid\n');
  });

  it('reports a malformed binary with its offset', () => {
    const result = tswasm(['validate', 'truncated.wasm'], {
      cwd: fixture('.'),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('truncated.wasm:0x7: error: unexpected end\n');
  });

  it('reports an invalid function with its index and offset', () => {
    const result = tswasm(['validate', 'invalid.wasm'], { cwd: fixture('.') });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^invalid\.wasm: error: func 0 at 0x23: type mismatch: /,
    );
  });
});

describe('tswasm validate, text', () => {
  it('validates a text module', () => {
    const result = tswasm(['validate', 'examples/hello.wat']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('reports an invalid text module with its function', () => {
    const result = tswasm(['validate', 'invalid.wat'], { cwd: fixture('.') });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^invalid\.wat(:\d+:\d+)?: error: func 0: type mismatch: /,
    );
  });

  it('validates every file given, stopping at the first error', () => {
    const result = tswasm(
      [
        'validate',
        '-v',
        '../../../examples/hello.wasm',
        'truncated.wasm',
        'invalid.wasm',
      ],
      { cwd: fixture('.') },
    );
    expect(result.stdout).toBe('../../../examples/hello.wasm: valid\n');
    expect(result.stderr).toBe('truncated.wasm:0x7: error: unexpected end\n');
    expect(result.status).toBe(1);
  });
});
