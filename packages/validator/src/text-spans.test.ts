import type { Module } from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './validation-error.js';
import { validateModule } from './validate-module.js';

// The text parser is loaded by name at run time (as in spec-suite.test.ts),
// so that this package builds before it.
type ParseWat = (source: string) => Module;
const textPackage: string = '@tswasm/text';
const { parseWat } = (await import(textPackage)) as { parseWat: ParseWat };

function validationError(module: Module): ValidationError {
  try {
    validateModule(module);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('validation errors of modules from text', () => {
  it('carry the span of the offending instruction', () => {
    const module = parseWat(
      [
        '(module',
        '  (func $f (result i32)',
        '    (i32.add (i32.const 1) (f64.const 2))))',
      ].join('\n'),
    );
    const body = module.functions[0]!.body;
    expect(body.kind).toBe('instrs');
    const error = validationError(module);
    expect(error.message).toBe(
      'type mismatch: instruction requires [i32 i32] but stack has [i32 f64] (i32.add)',
    );
    expect(error.funcIndex).toBe(0);
    expect(error.instrIndex).toBe(2);
    expect(error.offset).toBeNull();
    expect(error.span).toEqual({ line: 3, column: 6, offset: 37 });
  });

  it('locate errors at a block end and in later functions', () => {
    const module = parseWat(
      [
        '(module',
        '  (func)',
        '  (func (result i32)',
        '    block (result i32)',
        '    end))',
      ].join('\n'),
    );
    const error = validationError(module);
    expect(error.funcIndex).toBe(1);
    expect(error.message).toMatch(/^type mismatch/);
    expect([error.span?.line, error.span?.column]).toEqual([5, 5]);
  });

  it('have no span at the implicit end of a body', () => {
    const error = validationError(parseWat('(module (func (result i32)))'));
    expect(error.funcIndex).toBe(0);
    expect(error.message).toMatch(/^type mismatch/);
    expect(error.span).toBeNull();
  });
});
