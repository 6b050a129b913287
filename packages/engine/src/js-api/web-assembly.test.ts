import { describe, expect, it } from 'vitest';
import { Trap, WebAssembly } from '../index.js';
import { wat } from '../test-wat.test-util.js';

describe('the WebAssembly namespace', () => {
  const bytes = wat(`(module
    (import "env" "log" (func $log (param i32 f64)))
    (import "env" "g" (global $g i64))
    (import "env" "mem" (memory 1 4))
    (func (export "run") (param i32) (result i64)
      (call $log (local.get 0) (f64.const 1.5))
      (i64.add (global.get $g) (i64.extend_i32_s (local.get 0))))
    (func (export "trap") (unreachable))
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (global (export "counter") (mut i32) (i32.const 7))
    (table (export "table") 2 funcref)
    (elem (i32.const 0) 1)
  )`);

  it('validates and reflects imports and exports with types', () => {
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(
      WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 2, 0, 0, 0])),
    ).toBe(false);
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.imports(module)).toEqual([
      {
        module: 'env',
        name: 'log',
        kind: 'func',
        type: { parameters: ['i32', 'f64'], results: [] },
      },
      {
        module: 'env',
        name: 'g',
        kind: 'global',
        type: { value: 'i64', mutable: false },
      },
      {
        module: 'env',
        name: 'mem',
        kind: 'memory',
        type: { minimum: 1, maximum: 4, shared: false },
      },
    ]);
    expect(
      WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]),
    ).toEqual([
      ['run', 'func'],
      ['trap', 'func'],
      ['load', 'func'],
      ['counter', 'global'],
      ['table', 'table'],
    ]);
  });

  it('instantiates with JS functions, BigInt globals and memories', async () => {
    const calls: unknown[][] = [];
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const { instance } = (await WebAssembly.instantiate(bytes, {
      env: {
        log: (...args: unknown[]) => calls.push(args),
        g: 40n,
        mem: memory,
      },
    })) as { instance: InstanceType<typeof WebAssembly.Instance> };
    const run = instance.exports['run'] as (x: number) => bigint;
    expect(run(2)).toBe(42n);
    expect(calls).toEqual([[2, 1.5]]);
    new Uint32Array(memory.buffer)[1] = 0xdeadbeef;
    expect((instance.exports['load'] as (x: number) => number)(4)).toBe(
      0xdeadbeef | 0,
    );
    const old = memory.buffer;
    expect(memory.grow(1)).toBe(1);
    expect(old.byteLength).toBe(0);
    expect(memory.buffer.byteLength).toBe(2 * 65536);
    expect(() => memory.grow(10)).toThrow(RangeError);
    const counter = instance.exports['counter'] as InstanceType<
      typeof WebAssembly.Global
    >;
    expect(counter.value).toBe(7);
    counter.value = 9;
    expect(counter.value).toBe(9);
    const table = instance.exports['table'] as InstanceType<
      typeof WebAssembly.Table
    >;
    expect(table.length).toBe(2);
    expect(table.get(0)).toBe(instance.exports['run']);
    expect(table.get(1)).toBe(null);
  });

  it('surfaces traps as RuntimeError with the Trap as cause', () => {
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, {
      env: {
        log: () => {},
        g: 0n,
        mem: new WebAssembly.Memory({ initial: 1, maximum: 2 }),
      },
    });
    try {
      (instance.exports['trap'] as () => void)();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WebAssembly.RuntimeError);
      expect((e as Error).message).toBe('unreachable');
      expect((e as Error).cause).toBeInstanceOf(Trap);
    }
  });

  it('throws LinkError, CompileError and TypeError where the JS API says', () => {
    const module = new WebAssembly.Module(bytes);
    expect(
      () =>
        new WebAssembly.Instance(module, { env: { log: 1, g: 0n, mem: null } }),
    ).toThrow(WebAssembly.LinkError);
    expect(
      () =>
        new WebAssembly.Instance(module, {
          env: { log: () => {}, g: 1, mem: null },
        }),
    ).toThrow(WebAssembly.LinkError);
    expect(() => new WebAssembly.Instance(module, {})).toThrow(TypeError);
    expect(() => new WebAssembly.Module(new Uint8Array([1, 2, 3]))).toThrow(
      WebAssembly.CompileError,
    );
    return expect(
      WebAssembly.compile(new Uint8Array([0, 97, 115, 109])),
    ).rejects.toBeInstanceOf(WebAssembly.CompileError);
  });

  it('passes exceptions between JS and wasm', () => {
    const tag = new WebAssembly.Tag({ parameters: ['i32'] });
    const module = new WebAssembly.Module(
      wat(`(module
        (import "env" "tag" (tag $t (param i32)))
        (import "env" "throws" (func $throws))
        (func (export "throw") (param i32) (throw $t (local.get 0)))
        (func (export "catch") (result i32)
          (block $h (result i32) (try_table (catch $t $h) (call $throws)) (i32.const -1))))`),
    );
    const instance = new WebAssembly.Instance(module, {
      env: {
        tag,
        throws: () => {
          // The JS API throws its exceptions as they are, not as Errors.
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw new WebAssembly.Exception(tag, [42]);
        },
      },
    });
    expect((instance.exports['catch'] as () => number)()).toBe(42);
    try {
      (instance.exports['throw'] as (x: number) => void)(7);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WebAssembly.Exception);
      const x = e as InstanceType<typeof WebAssembly.Exception>;
      expect(x.is(tag)).toBe(true);
      expect(x.getArg(tag, 0)).toBe(7);
    }
  });

  it('instantiates a compiled module through the second overload', async () => {
    const module = await WebAssembly.compile(
      wat(`(module (func (export "f") (result i32) (i32.const 3)))`),
    );
    const instance = (await WebAssembly.instantiate(module)) as InstanceType<
      typeof WebAssembly.Instance
    >;
    expect((instance.exports['f'] as () => number)()).toBe(3);
  });
});
