import { decodeModule } from '@tswasm/decoder';
import { encodeModule } from '@tswasm/encoder';
import { retainedShapes, shapeModuleBytes } from '@tswasm/ir';
import { parseWat } from '@tswasm/text';
import { describe, expect, it } from 'vitest';
import { FuncChecker } from './func-checker.js';
import { ModuleContext } from './module-context.js';
import {
  createModuleContext,
  validateFunction,
  validateModule,
} from './validate-module.js';

describe('retained shapes', () => {
  it('validates the small module once, on the first context built', () => {
    expect(retainedShapes('validator')).toBeUndefined();
    validateModule(decodeModule(shapeModuleBytes()));
    const kept = retainedShapes('validator');
    expect(kept).toBeDefined();
    createModuleContext(decodeModule(shapeModuleBytes()));
    validateModule(decodeModule(shapeModuleBytes()));
    expect(retainedShapes('validator')).toBe(kept);
  });

  it('keeps a context and a finished checker per mode', () => {
    const kept = retainedShapes('validator') ?? [];
    expect(kept[0]).toBeInstanceOf(ModuleContext);
    const checkers = kept.slice(1) as FuncChecker[];
    expect(checkers).toHaveLength(2);
    for (const checker of checkers) {
      expect(checker).toBeInstanceOf(FuncChecker);
      expect(checker.isDone).toBe(true);
    }
  });

  it('does not change what validation gives', () => {
    const module = decodeModule(shapeModuleBytes());
    const first = validateFunction(createModuleContext(module), 0);
    const second = validateFunction(createModuleContext(module), 0);
    expect(second).toEqual(first);
    expect(first.maxStackHeight).toBe(1);
    expect(first.blocks).toHaveLength(2);
  });

  it('holds the module its comment spells out', () => {
    const wat = `(module
      (type (func (param i32) (result i32)))
      (import "m" "g" (global (mut i32)))
      (memory 1)
      (global (mut i64) (i64.const 0))
      (func (export "f") (type 0) (local i64)
        (block (result i32) (i32.load offset=4 (local.get 0))))
      (data (i32.const 0) "a"))`;
    expect(shapeModuleBytes()).toEqual(encodeModule(parseWat(wat)));
  });
});
