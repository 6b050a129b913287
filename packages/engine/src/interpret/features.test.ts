import {
  type Instr,
  type Module,
  type RecGroup,
  type ValType,
  anyref,
  emptyModule,
  refType,
} from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { Engine, Trap, WasmStruct, type WasmValue } from '../index.js';
import { wat } from '../test-wat.test-util.js';

const i32 = (value: number): WasmValue => ({ type: 'i32', value });
const i64 = (value: bigint): WasmValue => ({ type: 'i64', value });

function setup(source: string, options = {}) {
  const engine = new Engine(options);
  const instance = engine.instantiate(engine.compile(wat(source)));
  return {
    engine,
    instance,
    call: (name: string, ...args: WasmValue[]) => instance.invoke(name, args),
  };
}

describe('GC', () => {
  // wabt.js has no GC text syntax: the module is built as IR.
  const ins = (op: string, ...args: Instr['args']): Instr => ({ op, args });
  const fn = (params: ValType[], results: ValType[]): RecGroup => ({
    types: [
      {
        final: true,
        supertypes: [],
        composite: { kind: 'func', params, results },
      },
    ],
  });
  const point = refType(0, false);
  const module: Module = {
    ...emptyModule(),
    types: [
      {
        types: [
          {
            final: true,
            supertypes: [],
            composite: {
              kind: 'struct',
              fields: [
                { storage: 'i32', mutable: true },
                { storage: 'i64', mutable: false },
              ],
            },
          },
        ],
      },
      {
        types: [
          {
            final: true,
            supertypes: [],
            composite: {
              kind: 'array',
              element: { storage: 'i8', mutable: true },
            },
          },
        ],
      },
      fn(['i32'], [point]),
      fn([refType(0)], ['i32']),
      fn([], ['i32']),
      fn([anyref], ['i32']),
      fn(['i32'], ['i32']),
    ],
    functions: [
      {
        typeIndex: 2,
        locals: [],
        body: {
          kind: 'instrs',
          instrs: [
            ins('local.get', 0),
            ins('i64.const', -5n),
            ins('struct.new', 0),
          ],
        },
      },
      {
        typeIndex: 3,
        locals: [],
        body: {
          kind: 'instrs',
          instrs: [ins('local.get', 0), ins('struct.get', 0, 0)],
        },
      },
      {
        typeIndex: 4,
        locals: [{ count: 1, type: refType(1, false) }],
        body: {
          kind: 'instrs',
          instrs: [
            ins('i32.const', 200),
            ins('i32.const', 3),
            ins('array.new', 1),
            ins('local.set', 0),
            ins('local.get', 0),
            ins('i32.const', 1),
            ins('i32.const', -1),
            ins('array.set', 1),
            ins('local.get', 0),
            ins('i32.const', 1),
            ins('array.get_s', 1),
            ins('local.get', 0),
            ins('i32.const', 0),
            ins('array.get_u', 1),
            ins('i32.add'),
          ],
        },
      },
      {
        typeIndex: 5,
        locals: [],
        body: {
          kind: 'instrs',
          instrs: [ins('local.get', 0), ins('ref.test', 0)],
        },
      },
      {
        typeIndex: 6,
        locals: [],
        body: {
          kind: 'instrs',
          instrs: [ins('local.get', 0), ins('ref.i31'), ins('i31.get_s')],
        },
      },
    ],
    exports: ['point', 'x', 'bytes', 'cast', 'i31'].map((name, index) => ({
      name,
      kind: 'func' as const,
      index,
    })),
  };
  const engine = new Engine();
  const instance = engine.instantiate(engine.compileModule(module));
  const call = (name: string, ...args: WasmValue[]) =>
    instance.invoke(name, args);
  it('makes structs and arrays, reads packed fields signed and unsigned', () => {
    const [p] = call('point', i32(7));
    expect((p as { value: unknown }).value).toBeInstanceOf(WasmStruct);
    expect(call('x', p!)).toEqual([i32(7)]);
    expect(call('bytes')).toEqual([i32(-1 + 200)]);
    expect(call('cast', p!)).toEqual([i32(1)]);
    expect(call('cast', { type: 'ref', value: null })).toEqual([i32(0)]);
    expect(call('i31', i32(0x7fffffff))).toEqual([i32(-1)]);
  });
  it('traps on null structure access', () => {
    expect(() => call('x', { type: 'ref', value: null })).toThrow(
      'null structure reference',
    );
  });
});

describe('SIMD', () => {
  const { call } = setup(`(module
    (func (export "dot") (param i32 i32 i32 i32) (result i32)
      (i32x4.extract_lane 0
        (i32x4.add
          (i32x4.mul (i32x4.splat (local.get 0)) (i32x4.splat (local.get 1)))
          (i32x4.replace_lane 0 (v128.const i32x4 0 0 0 0) (local.get 2)))))
    (func (export "sat") (result i32)
      (i8x16.extract_lane_u 3 (i8x16.add_sat_u (v128.const i8x16 250 250 250 250 0 0 0 0 0 0 0 0 0 0 0 0) (i8x16.splat (i32.const 10)))))
    (func (export "shuffle") (result i64)
      (i64x2.extract_lane 0 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
        (v128.const i64x2 1 2) (v128.const i64x2 3 4)))))`);
  it('computes lane-wise', () => {
    expect(call('dot', i32(3), i32(4), i32(5), i32(0))).toEqual([i32(17)]);
    expect(call('sat')).toEqual([i32(255)]);
    expect(call('shuffle')).toEqual([i64(2n)]);
  });
});

describe('memory64 and multi-memory', () => {
  const { call } = setup(`(module
    (memory $a i64 1)
    (memory $b 1)
    (func (export "store") (param i64 i32) (i32.store $a (local.get 0) (local.get 1)))
    (func (export "load") (param i64) (result i32) (i32.load $a (local.get 0)))
    (func (export "copy") (memory.copy $b $a (i32.const 0) (i64.const 0) (i32.const 4)))
    (func (export "load-b") (result i32) (i32.load $b (i32.const 0))))`);
  it('addresses with 64 bits and copies between memories', () => {
    call('store', i64(8n), i32(99));
    expect(call('load', i64(8n))).toEqual([i32(99)]);
    expect(() => call('load', i64(1n << 40n))).toThrow(
      'out of bounds memory access',
    );
    call('store', i64(0n), i32(1234));
    call('copy');
    expect(call('load-b')).toEqual([i32(1234)]);
  });
});

describe('exceptions with references', () => {
  const { call } = setup(`(module
    (tag $e (param i64))
    (func $thrower (throw $e (i64.const 77)))
    (func (export "rethrow-caught") (result i64)
      (block $outer (result i64)
        (try_table (catch $e $outer)
          (block $h (result exnref)
            (try_table (catch_all_ref $h) (call $thrower))
            (unreachable))
          (throw_ref))
        (unreachable))))`);
  it('rethrows a caught exnref to an outer handler', () => {
    expect(call('rethrow-caught')).toEqual([i64(77n)]);
  });
});

describe('fuel', () => {
  it('counts calls as well as loops, and can be refilled', () => {
    const { engine, call } = setup(
      `(module (func $f (param i32) (result i32) (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (call $f (i32.sub (local.get 0) (i32.const 1))))))
        (func (export "run") (param i32) (result i32) (call $f (local.get 0))))`,
      { fuel: 1000 },
    );
    expect(call('run', i32(10))).toEqual([i32(0)]);
    const t = (() => {
      try {
        call('run', i32(1_000_000));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(t).toBeInstanceOf(Trap);
    expect((t as Trap).kind).toBe('outOfFuel');
    engine.fuel = 1000;
    expect(call('run', i32(5))).toEqual([i32(0)]);
  });
});

describe('tail calls through tables', () => {
  const { call } = setup(
    `(module
    (type $t (func (param i64 i64) (result i64)))
    (table funcref (elem $even))
    (func $even (type $t)
      (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
        (else (return_call_indirect (type $t) (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 2)) (i32.const 0)))))
    (func (export "run") (param i64) (result i64) (return_call $even (local.get 0) (i64.const 0))))`,
    { maxCallDepth: 50 },
  );
  it('keeps the frame stack flat', () => {
    expect(call('run', i64(300_000n))).toEqual([i64(600_000n)]);
  });
});
