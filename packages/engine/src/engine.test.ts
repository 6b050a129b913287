import { describe, expect, it } from 'vitest';
import {
  Engine,
  LinkError,
  Trap,
  UncaughtException,
  type WasmValue,
} from './index.js';
import { wat } from './test-wat.test-util.js';

const i32 = (value: number): WasmValue => ({ type: 'i32', value });
const i64 = (value: bigint): WasmValue => ({ type: 'i64', value });
const f32 = (bits: number): WasmValue => ({ type: 'f32', bits });
const f64 = (bits: bigint): WasmValue => ({ type: 'f64', bits });

function setup(source: string, imports = {}, options = {}) {
  const engine = new Engine(options);
  const instance = engine.instantiate(engine.compile(wat(source)), imports);
  const call = (name: string, ...args: WasmValue[]) =>
    engine.invoke(instance, name, args);
  const one = (name: string, ...args: WasmValue[]) => {
    const r = call(name, ...args)[0]!;
    return 'value' in r ? r.value : 'bits' in r ? r.bits : r.bytes;
  };
  return { engine, instance, call, one };
}

function trapOf(f: () => unknown): Trap {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(Trap);
    return e as Trap;
  }
  throw new Error('expected a trap');
}

describe('i32 and i64 numerics', () => {
  const { one } = setup(`(module
    (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
    (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
    (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
    (func (export "i64.mul") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
    (func (export "i64.div_s") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
    (func (export "i64.rem_u") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
    (func (export "i64.shr_s") (param i64 i64) (result i64) (i64.shr_s (local.get 0) (local.get 1)))
    (func (export "i64.rotr") (param i64 i64) (result i64) (i64.rotr (local.get 0) (local.get 1)))
    (func (export "i64.lt_u") (param i64 i64) (result i32) (i64.lt_u (local.get 0) (local.get 1)))
    (func (export "i64.clz") (param i64) (result i64) (i64.clz (local.get 0)))
    (func (export "i64.sub") (param i64 i64) (result i64) (i64.sub (local.get 0) (local.get 1)))
  )`);
  it('divides and traps like the spec', () => {
    expect(one('div_s', i32(-7), i32(2))).toBe(-3);
    expect(one('rem_s', i32(-7), i32(2))).toBe(-1);
    expect(one('rem_s', i32(-2147483648), i32(-1))).toBe(0);
    expect(one('div_u', i32(-1), i32(2))).toBe(0x7fffffff);
    expect(trapOf(() => one('div_s', i32(1), i32(0))).message).toBe(
      'integer divide by zero',
    );
    expect(trapOf(() => one('div_s', i32(-2147483648), i32(-1))).message).toBe(
      'integer overflow',
    );
    expect(
      trapOf(() => one('i64.div_s', i64(-(1n << 63n)), i64(-1n))).kind,
    ).toBe('integerOverflow');
  });
  it('computes 64-bit arithmetic on halves', () => {
    expect(one('i64.mul', i64(0x123456789n), i64(0xabcdef123n))).toBe(
      BigInt.asIntN(64, 0x123456789n * 0xabcdef123n),
    );
    expect(one('i64.mul', i64(-3n), i64(7n))).toBe(-21n);
    expect(one('i64.div_s', i64(-(10n ** 15n)), i64(7n))).toBe(
      -(10n ** 15n) / 7n,
    );
    expect(one('i64.rem_u', i64(-1n), i64(10n))).toBe((2n ** 64n - 1n) % 10n);
    expect(one('i64.shr_s', i64(-(2n ** 40n)), i64(36n))).toBe(-16n);
    expect(one('i64.rotr', i64(1n), i64(1n))).toBe(-(2n ** 63n));
    expect(one('i64.lt_u', i64(1n), i64(-1n))).toBe(1);
    expect(one('i64.clz', i64(1n))).toBe(63n);
    expect(one('i64.sub', i64(0n), i64(1n))).toBe(-1n);
    expect(one('rotl', i32(0x80000001), i32(1))).toBe(3);
  });
});

describe('float numerics', () => {
  const { one } = setup(`(module
    (func (export "f32.neg") (param f32) (result f32) (f32.neg (local.get 0)))
    (func (export "f32.id") (param f32) (result f32) (local.get 0))
    (func (export "f64.copysign") (param f64 f64) (result f64) (f64.copysign (local.get 0) (local.get 1)))
    (func (export "f32.add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
    (func (export "f64.nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
    (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
    (func (export "trunc_u64") (param f64) (result i64) (i64.trunc_f64_u (local.get 0)))
    (func (export "sat") (param f32) (result i64) (i64.trunc_sat_f32_s (local.get 0)))
    (func (export "conv") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
    (func (export "reinterpret") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
    (func (export "f32.min") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
    (func (export "load-store") (param f32) (result f32) (f32.store (i32.const 8) (local.get 0)) (f32.load (i32.const 8)))
    (memory 1)
  )`);
  const bits32 = (x: number) =>
    new Uint32Array(new Float32Array([x]).buffer)[0]!;
  const bits64 = (x: number) =>
    new BigUint64Array(new Float64Array([x]).buffer)[0]!;
  it('keeps signalling NaN payloads through bit operations', () => {
    expect(one('f32.neg', f32(0x7fa00001))).toBe(0xffa00001);
    expect(one('f32.id', f32(0x7fa00001))).toBe(0x7fa00001);
    expect(one('reinterpret', f32(0x7f800001))).toBe(0x7f800001);
    expect(one('load-store', f32(0xff800123))).toBe(0xff800123);
    expect(one('f64.copysign', f64(0x7ff0000000000001n), f64(1n << 63n))).toBe(
      0xfff0000000000001n,
    );
  });
  it('rounds like IEEE 754', () => {
    expect(one('f32.add', f32(bits32(0.1)), f32(bits32(0.2)))).toBe(
      bits32(Math.fround(Math.fround(0.1) + Math.fround(0.2))),
    );
    expect(one('f64.nearest', f64(bits64(2.5)))).toBe(bits64(2));
    expect(one('f64.nearest', f64(bits64(-0.5)))).toBe(bits64(-0));
    expect(one('f64.nearest', f64(bits64(3.5)))).toBe(bits64(4));
    expect(one('conv', i64(0xffffffffffffffffn))).toBe(
      bits32(18446744073709551616),
    );
    expect(one('conv', i64(0x8000008000000001n))).toBe(
      bits32(9223373136366403584),
    );
    expect(one('f32.min', f32(bits32(0)), f32(bits32(-0)))).toBe(bits32(-0));
  });
  it('traps on invalid conversions and saturates', () => {
    expect(one('trunc', f64(bits64(-2147483648.9)))).toBe(-2147483648);
    expect(trapOf(() => one('trunc', f64(bits64(NaN)))).message).toBe(
      'invalid conversion to integer',
    );
    expect(trapOf(() => one('trunc', f64(bits64(2147483648)))).message).toBe(
      'integer overflow',
    );
    expect(one('trunc_u64', f64(bits64(2 ** 63)))).toBe(-(2n ** 63n));
    expect(one('sat', f32(bits32(1e30)))).toBe(2n ** 63n - 1n);
    expect(one('sat', f32(bits32(-1e30)))).toBe(-(2n ** 63n));
    expect(one('sat', f32(bits32(NaN)))).toBe(0n);
  });
});

describe('control flow', () => {
  const { one, call } = setup(`(module
    (func (export "switch") (param i32) (result i32)
      (block $d (block $c (block $b (block $a
        (br_table $a $b $c $d (local.get 0)))
        (return (i32.const 10)))
        (return (i32.const 11)))
        (return (i32.const 12)))
      (i32.const 13))
    (func (export "multi") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
    (func (export "block-params") (result i32)
      (i32.const 1) (i32.const 2)
      (block (param i32 i32) (result i32) (i32.add)))
    (func (export "br-value") (param i32) (result i32)
      (block (result i32) (br_if 0 (i32.const 7) (local.get 0)) (drop) (i32.const 8)))
    (func (export "tee") (param i32) (result i32) (local i32)
      (local.get 0) (local.set 1 (i32.const 5)) (local.tee 0 (i32.add (local.get 1) (local.get 0))) (i32.add))
    (func (export "alias") (param i32) (result i32)
      (local.get 0) (local.set 0 (i32.const 100)) (local.get 0) (i32.sub))
    (func (export "select") (param i32) (result i64) (select (i64.const 1) (i64.const 2) (local.get 0)))
  )`);
  it('branches through br_table with a default', () => {
    expect([0, 1, 2, 3, 99].map((i) => one('switch', i32(i)))).toEqual([
      10, 11, 12, 13, 13,
    ]);
  });
  it('returns several values and passes block parameters', () => {
    expect(call('multi', i32(1), i32(2))).toEqual([i32(2), i32(1)]);
    expect(one('block-params')).toBe(3);
  });
  it('carries values on conditional branches', () => {
    expect(one('br-value', i32(1))).toBe(7);
    expect(one('br-value', i32(0))).toBe(8);
  });
  it('keeps operand order when locals change under the stack', () => {
    expect(one('tee', i32(3))).toBe(3 + 8);
    expect(one('alias', i32(1))).toBe(1 - 100);
    expect(one('select', i32(0))).toBe(2n);
  });
});

describe('calls', () => {
  const src = `(module
    (type $ii (func (param i32) (result i32)))
    (type $v (func))
    (table 3 funcref)
    (elem (i32.const 0) $double $nop)
    (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
    (func $nop (type $v))
    (func (export "indirect") (param i32 i32) (result i32) (call_indirect (type $ii) (local.get 1) (local.get 0)))
    (func $count (export "count") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $count (i32.sub (local.get 0) (i32.const 1)))))))
    (func $tail (export "tail") (param i32 i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (local.get 1))
        (else (return_call $tail (i32.sub (local.get 0) (i32.const 1)) (i32.add (local.get 1) (i32.const 1))))))
    (func (export "forever") (call 0 (i32.const 1)) (drop))
  )`;
  it('checks call_indirect types and elements', () => {
    const { one } = setup(src);
    expect(one('indirect', i32(0), i32(21))).toBe(42);
    expect(trapOf(() => one('indirect', i32(1), i32(0))).message).toBe(
      'indirect call type mismatch',
    );
    expect(trapOf(() => one('indirect', i32(2), i32(0))).message).toBe(
      'uninitialized element 2',
    );
    expect(trapOf(() => one('indirect', i32(3), i32(0))).message).toBe(
      'undefined element',
    );
  });
  it('runs 100,000 nested wasm calls without using the JS stack', () => {
    const { one } = setup(src);
    expect(one('count', i32(100_000))).toBe(100_000);
  });
  it('runs a million tail calls in constant frames', () => {
    const { one } = setup(src, {}, { maxCallDepth: 100 });
    expect(one('tail', i32(1_000_000), i32(0))).toBe(1_000_000);
  });
  it('traps with "call stack exhausted" at the depth limit', () => {
    const { one } = setup(src, {}, { maxCallDepth: 1000 });
    const t = trapOf(() => one('count', i32(5000)));
    expect(t.kind).toBe('callStackExhausted');
    expect(t.message).toBe('call stack exhausted');
    expect(one('count', i32(900))).toBe(900);
  });
});

describe('memory', () => {
  const src = `(module
    (memory (export "mem") 1 3)
    (data (i32.const 16) "\\01\\02\\03\\04")
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "load8") (param i32) (result i64) (i64.load8_s offset=1 (local.get 0)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "size") (result i32) (memory.size))
    (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  )`;
  it('loads, with exact bounds checks', () => {
    const { one } = setup(src);
    expect(one('load', i32(16))).toBe(0x04030201);
    expect(one('load8', i32(17))).toBe(3n);
    expect(one('load', i32(65532))).toBe(0);
    const t = trapOf(() => one('load', i32(65533)));
    expect(t.message).toBe('out of bounds memory access');
    expect(trapOf(() => one('load', i32(-1))).kind).toBe('memoryOutOfBounds');
  });
  it('grows up to the declared and the engine maximum', () => {
    const { one } = setup(src);
    expect(one('grow', i32(1))).toBe(1);
    expect(one('size')).toBe(2);
    expect(one('load', i32(131068))).toBe(0);
    expect(one('grow', i32(2))).toBe(-1);
    const limited = setup(src, {}, { maxMemoryPages: 1 });
    expect(limited.one('grow', i32(1))).toBe(-1);
  });
  it('fills and copies with bounds checks', () => {
    const { one, call } = setup(src);
    call('fill', i32(100), i32(0xab), i32(4));
    expect(one('load', i32(100))).toBe(0xabababab | 0);
    call('copy', i32(101), i32(100), i32(4));
    expect(one('load', i32(101))).toBe(0xabababab | 0);
    expect(trapOf(() => call('fill', i32(65535), i32(0), i32(2))).message).toBe(
      'out of bounds memory access',
    );
  });
  it('rejects a module whose data does not fit', () => {
    const engine = new Engine();
    const m = engine.compile(
      wat(`(module (memory 1) (data (i32.const 65535) "ab"))`),
    );
    expect(() => engine.instantiate(m)).toThrow('out of bounds memory access');
  });
});

describe('tables and references', () => {
  const { one, call } = setup(`(module
    (table $t (export "t") 2 10 funcref)
    (table $e 1 externref)
    (func $f (result i32) (i32.const 9))
    (elem declare func $f)
    (func (export "grow") (param i32) (result i32) (table.grow $t (ref.func $f) (local.get 0)))
    (func (export "size") (result i32) (table.size $t))
    (func (export "call") (param i32) (result i32) (call_indirect $t (result i32) (local.get 0)))
    (func (export "set-ext") (param externref) (table.set $e (i32.const 0) (local.get 0)))
    (func (export "get-ext") (result externref) (table.get $e (i32.const 0)))
    (func (export "is-null") (param externref) (result i32) (ref.is_null (local.get 0)))
    (func (export "oob") (table.get $e (i32.const 5)) (drop))
  )`);
  it('grows and calls through grown elements', () => {
    expect(one('grow', i32(3))).toBe(2);
    expect(one('size')).toBe(5);
    expect(one('call', i32(4))).toBe(9);
    expect(one('grow', i32(100))).toBe(-1);
  });
  it('carries any host value as externref', () => {
    const host = { any: 'thing' };
    call('set-ext', { type: 'ref', value: host });
    expect(call('get-ext')[0]).toEqual({ type: 'ref', value: host });
    expect(one('is-null', { type: 'ref', value: null })).toBe(1);
    expect(trapOf(() => call('oob')).message).toBe(
      'out of bounds table access',
    );
  });
});

describe('linking', () => {
  it('calls host functions and lets their exceptions through unchanged', () => {
    const engine = new Engine();
    const seen: number[] = [];
    const log = engine.hostFunction({ params: ['i32'], results: [] }, ([v]) => {
      seen.push((v as { value: number }).value);
    });
    const boom = engine.hostFunction({ params: [], results: [] }, () => {
      throw new RangeError('from the host');
    });
    const m = engine.compile(
      wat(`(module
      (import "env" "log" (func $log (param i32)))
      (import "env" "boom" (func $boom))
      (func (export "run") (call $log (i32.const 7)) (call $log (i32.const 8)))
      (func (export "boom") (call $boom)))`),
    );
    const inst = engine.instantiate(m, { env: { log, boom } });
    engine.invoke(inst, 'run', []);
    expect(seen).toEqual([7, 8]);
    expect(() => engine.invoke(inst, 'boom', [])).toThrow(RangeError);
    expect(() => engine.invoke(inst, 'boom', [])).toThrow('from the host');
  });
  it('re-enters wasm from host functions, deeply', () => {
    const engine = new Engine();
    const down = engine.hostFunction(
      { params: ['i32'], results: ['i32'] },
      ([v]) => inst.invoke('count', [v!]),
    );
    const inst = engine.instantiate(
      engine.compile(
        wat(`(module (import "env" "down" (func $down (param i32) (result i32)))
          (func $deep (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))))
          (func (export "count") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (call $deep (i32.const 3000))
                (call $down (i32.sub (local.get 0) (i32.const 1))))))))`),
      ),
      { env: { down } },
    );
    expect(inst.invoke('count', [i32(200)])).toEqual([i32(200 * 3000)]);
  });
  it('reports unknown and incompatible imports', () => {
    const engine = new Engine();
    const m = engine.compile(
      wat(`(module (import "env" "f" (func (param i32))))`),
    );
    expect(() => engine.instantiate(m, {})).toThrow(LinkError);
    expect(() => engine.instantiate(m, {})).toThrow('unknown import');
    const wrong = engine.hostFunction(
      { params: ['i64'], results: [] },
      () => {},
    );
    try {
      engine.instantiate(m, { env: { f: wrong } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LinkError);
      expect((e as LinkError).message).toMatch(/^incompatible import type/);
      expect((e as LinkError).module).toBe('env');
      expect((e as LinkError).field).toBe('f');
    }
  });
  it('shares memories and functions between instances', () => {
    const engine = new Engine();
    const a = engine.instantiate(
      engine.compile(
        wat(
          `(module (memory (export "m") 1) (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))`,
        ),
      ),
    );
    const b = engine.instantiate(
      engine.compile(
        wat(`(module (import "a" "m" (memory 1)) (import "a" "inc" (func $inc (param i32) (result i32)))
        (func (export "run") (result i32) (i32.store (i32.const 0) (call $inc (i32.const 41))) (i32.load (i32.const 0))))`),
      ),
      { a: Object.fromEntries(a.exports) },
    );
    expect(engine.invoke(b, 'run', [])).toEqual([i32(42)]);
  });
  it('runs the start function and applies segments in order', () => {
    const engine = new Engine();
    const m = engine.compile(
      wat(`(module (memory 1) (global $g (mut i32) (i32.const 0))
      (func $start (global.set $g (i32.const 5)))
      (start $start)
      (func (export "g") (result i32) (global.get $g)))`),
    );
    const inst = engine.instantiate(m);
    expect(engine.invoke(inst, 'g', [])).toEqual([i32(5)]);
    expect(inst.invoke('g')).toEqual([i32(5)]);
    expect(() => inst.invoke('nope')).toThrow('no exported function nope');
  });
});

describe('engine options', () => {
  it('defaults to the interpreter and documented limits', () => {
    const engine = new Engine();
    expect(engine.tier).toBe('interp');
    expect(engine.maxCallDepth).toBe(200_000);
    expect(engine.maxMemoryPages).toBe(65536);
    expect(engine.fuel).toBe(Infinity);
  });
  it('rejects modules compiled by another engine', () => {
    const a = new Engine();
    const b = new Engine();
    expect(() => b.instantiate(a.compile(wat('(module)')))).toThrow(
      'another engine',
    );
  });
});

describe('traps and limits', () => {
  it('locates traps: function index, byte offset, wasm stack', () => {
    const { call } = setup(`(module
      (func $inner (unreachable))
      (func $outer (export "run") (call $inner)))`);
    const t = trapOf(() => call('run'));
    expect(t.message).toBe('unreachable');
    expect(t.funcIndex).toBe(0);
    expect(t.offset).toBeGreaterThan(0);
    expect(t.wasmStack.map((f) => f.funcIndex)).toEqual([0, 1]);
  });
  it('runs out of fuel in an infinite loop', () => {
    const { engine, call } = setup(
      `(module (func (export "spin") (loop (br 0))))`,
      {},
      { fuel: 100_000 },
    );
    const t = trapOf(() => call('spin'));
    expect(t.kind).toBe('outOfFuel');
    expect(t.message).toBe('out of fuel');
    expect(engine.fuel).toBe(0);
  });
  it('never surfaces a JS RangeError for deep recursion', () => {
    const { call } = setup(`(module (func $f (export "f") (call $f)))`);
    const t = trapOf(() => call('f'));
    expect(t.kind).toBe('callStackExhausted');
  });
});

describe('exceptions', () => {
  const { one, call } = setup(`(module
    (tag $e (param i32))
    (func $throw (param i32) (throw $e (local.get 0)))
    (func (export "catch") (param i32) (result i32)
      (block $h (result i32)
        (try_table (catch $e $h) (call $throw (local.get 0)))
        (i32.const -1)))
    (func (export "catch-all") (result i32)
      (block $h (try_table (catch_all $h) (call $throw (i32.const 1))) (return (i32.const 0)))
      (i32.const 2))
    (func (export "uncaught") (call $throw (i32.const 3))))`);
  it('catches by tag across frames', () => {
    expect(one('catch', i32(42))).toBe(42);
    expect(one('catch-all')).toBe(2);
  });
  it('lets uncaught exceptions out to the embedder, with tag and values', () => {
    expect(() => call('uncaught')).toThrow(UncaughtException);
    try {
      call('uncaught');
    } catch (e) {
      expect((e as UncaughtException).values).toEqual([i32(3)]);
      expect((e as UncaughtException).tag.params).toEqual(['i32']);
    }
  });
});
