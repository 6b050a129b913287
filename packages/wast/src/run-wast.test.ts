import { describe, expect, it } from 'vitest';
import { nativeAdapter } from './native/native-adapter.js';
import { runWast } from './run-script.js';

const options = { filename: 'test.wast', features: { memory64: false } };

describe('runWast', () => {
  it('parses a script and runs every kind of module', () => {
    const source = [
      '(module $m (func (export "f") (result i32) (i32.const 7)))',
      '(assert_return (invoke "f") (i32.const 7))',
      '(module binary "\\00asm" "\\01\\00\\00\\00")',
      '(module quote "(func (export \\"g\\") (result f32) (f32.const -nan:0x1))")',
      '(assert_return (invoke "g") (f32.const -nan:0x1))',
      '(assert_return (invoke $m "f") (i32.const 7))',
      '(assert_malformed (module quote "(func (i32.const))") "unexpected token")',
      '(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")',
    ].join('\n');
    const result = runWast(source, nativeAdapter(), options);
    expect(result.error).toBeNull();
    expect(result.commands.map((c) => [c.location, c.status])).toEqual([
      ['test.wast:1:1', 'passed'],
      ['test.wast:2:1', 'passed'],
      ['test.wast:3:1', 'passed'],
      ['test.wast:4:1', 'passed'],
      ['test.wast:5:1', 'passed'],
      ['test.wast:6:1', 'passed'],
      ['test.wast:7:1', 'passed'],
      ['test.wast:8:1', 'passed'],
    ]);
    expect(result.summary).toBe('8 passed, 0 failed');
  });

  it('reports a script that does not parse as one failure', () => {
    const result = runWast('(module', nativeAdapter(), options);
    expect(result.summary).toBe('0 passed, 1 failed');
    expect(result.error).toMatch(/^ParseError at 1:\d+: /);
  });
});
