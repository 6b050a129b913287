import { describe, expect, it } from 'vitest';
import { fixture, tswasm } from './testing/tswasm.js';

describe('tswasm validate, text spans', () => {
  it('reports an invalid instruction with its line, column and a caret', () => {
    const result = tswasm(['validate', 'invalid.wat'], { cwd: fixture('.') });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'invalid.wat:3:6: error: func 0: type mismatch: instruction requires [i32 i32] but stack has [i32 f64] (i32.add)\n' +
        '    (i32.add (i32.const 1) (f64.const 2))))\n' +
        '     ^\n',
    );
  });
});
