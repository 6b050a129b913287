import { type Module, retainedShapes, shapeModuleBytes } from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { decodeModule } from './decode-module.js';
import { decodeFunctionBody } from './expr.js';

describe('retained shapes', () => {
  it('decodes the small module once, on the first decodeModule', () => {
    expect(retainedShapes('decoder')).toBeUndefined();
    decodeModule(shapeModuleBytes());
    const kept = retainedShapes('decoder');
    expect(kept).toBeDefined();
    decodeModule(shapeModuleBytes(), { eagerBodies: true });
    decodeModule(shapeModuleBytes());
    expect(retainedShapes('decoder')).toBe(kept);
  });

  it('keeps the small module decoded lazily and eagerly', () => {
    const kept = retainedShapes('decoder') ?? [];
    const [lazy, eager] = kept as [Module, Module];
    expect(lazy).toEqual(decodeModule(shapeModuleBytes()));
    expect(eager).toEqual(lazy);
    expect(lazy.functions).toHaveLength(1);
    expect(lazy.imports).toHaveLength(1);
    expect(lazy.datas).toHaveLength(1);
    expect(kept).toContainEqual(decodeFunctionBody(lazy.functions[0]!));
  });

  it('does not change what decoding gives', () => {
    const bytes = shapeModuleBytes();
    const first = decodeModule(bytes);
    const second = decodeModule(bytes, { eagerBodies: true });
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(decodeFunctionBody(first.functions[0]!).map((i) => i.op)).toEqual([
      'block',
      'local.get',
      'i32.load',
      'end',
    ]);
    expect(retainedShapes('decoder')).not.toContain(first);
  });
});
