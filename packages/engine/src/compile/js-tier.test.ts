import { describe, expect, it } from 'vitest';
import { Engine, Trap, type WasmFunction, type WasmValue } from '../index.js';
import { wat } from '../test-wat.test-util.js';

const i32 = (value: number): WasmValue => ({ type: 'i32', value });
const i64 = (value: bigint): WasmValue => ({ type: 'i64', value });
const f32 = (bits: number): WasmValue => ({ type: 'f32', bits });
const f64 = (bits: bigint): WasmValue => ({ type: 'f64', bits });
const f64v = (x: number): WasmValue => ({
  type: 'f64',
  bits: new BigUint64Array(new Float64Array([x]).buffer)[0]!,
});

type Outcome = { ok: WasmValue[] } | { trap: string; kind: string };

/** Instantiates `source` on `tier` and runs each call, recording results or traps. */
function runOn(
  tier: 'interp' | 'js',
  source: string,
  calls: [string, WasmValue[]][],
  imports: (engine: Engine) => object = () => ({}),
): Outcome[] {
  const engine = new Engine({ tier });
  const instance = engine.instantiate(
    engine.compile(wat(source)),
    imports(engine) as Record<string, Record<string, WasmFunction>>,
  );
  return calls.map(([name, args]) => {
    try {
      return { ok: engine.invoke(instance, name, args) };
    } catch (e) {
      if (!(e instanceof Trap)) throw e;
      return { trap: e.message, kind: e.kind };
    }
  });
}

/** The tier that ran export `name` on the JS-tier engine: 'js' or 'interp'. */
function tierOf(source: string, names: string[]): Record<string, string> {
  const engine = new Engine({ tier: 'js' });
  const instance = engine.instantiate(engine.compile(wat(source)));
  const out: Record<string, string> = {};
  for (const name of names) {
    const fn = instance.exports.get(name) as WasmFunction;
    const args = fn.params.map((t): WasmValue =>
      t === 'i64'
        ? i64(0n)
        : t === 'f64'
          ? f64(0n)
          : t === 'f32'
            ? f32(0)
            : i32(0),
    );
    try {
      engine.invoke(instance, name, args);
    } catch {
      // Traps do not matter here.
    }
    out[name] = typeof fn.jsEntry === 'function' ? 'js' : 'interp';
  }
  return out;
}

function agree(
  source: string,
  calls: [string, WasmValue[]][],
  imports?: (engine: Engine) => object,
): Outcome[] {
  const interp = runOn('interp', source, calls, imports);
  const js = runOn('js', source, calls, imports);
  expect(js).toEqual(interp);
  return js;
}

const programs = `(module
  (memory 1)
  (table 4 funcref)
  (global $g (mut i32) (i32.const 7))
  (global $h (mut i64) (i64.const -3))
  (global $d (mut f64) (f64.const 1.5))
  (type $bin (func (param i32 i32) (result i32)))
  (elem (i32.const 0) $add $sub)
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func $fac (export "fac") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
  (func (export "fib") (param i32) (result i32) (local i32 i32 i32)
    (local.set 1 (i32.const 0)) (local.set 2 (i32.const 1))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get 0)))
      (local.set 3 (i32.add (local.get 1) (local.get 2)))
      (local.set 1 (local.get 2)) (local.set 2 (local.get 3))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br $next)))
    (local.get 1))
  (func (export "sum") (param i32) (result i32) (local i32 i32)
    (loop $fill
      (i32.store (i32.shl (local.get 1) (i32.const 2)) (local.get 1))
      (br_if $fill (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 1))) (local.get 0))))
    (local.set 1 (i32.const 0))
    (loop $add
      (local.set 2 (i32.add (local.get 2) (i32.load (i32.shl (local.get 1) (i32.const 2)))))
      (br_if $add (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 1))) (local.get 0))))
    (local.get 2))
  (func (export "grow") (param i32) (result i32 i32)
    (memory.grow (local.get 0))
    (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)) (i32.const 99))
    (i32.load (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4))))
  (func (export "load") (param i32) (result i64) (i64.load32_u offset=2 (local.get 0)))
  (func (export "store8") (param i32 i64) (result i32)
    (i64.store8 (local.get 0) (local.get 1)) (i32.load8_s (local.get 0)))
  (func (export "indirect") (param i32 i32 i32) (result i32)
    (call_indirect (type $bin) (local.get 1) (local.get 2) (local.get 0)))
  (func (export "switch") (param i32) (result i32)
    (block $c (block $b (block $a
      (br_table $a $b $c (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 20)))
    (i32.const 30))
  (func (export "multi") (param i32) (result i32)
    (local.get 0)
    (block (param i32) (result i32 i32) (i32.const 3))
    (i32.mul))
  (func (export "globals") (result i32 i64 f64)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (global.set $h (i64.mul (global.get $h) (i64.const 2)))
    (global.set $d (f64.mul (global.get $d) (f64.const 3)))
    (global.get $g) (global.get $h) (global.get $d))
  (func (export "select") (param i32) (result f32)
    (select (f32.const 1.25) (f32.const -2.5) (local.get 0)))
  (func (export "floats") (param f64) (result f64)
    (f64.add (f64.nearest (local.get 0))
      (f64.promote_f32 (f32.sqrt (f32.demote_f64 (local.get 0))))))
  (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "trunc64") (param f64) (result i64) (i64.trunc_f64_u (local.get 0)))
  (func (export "sat") (param f64) (result i64) (i64.trunc_sat_f64_s (local.get 0)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "div64") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (export "rem64") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "bits") (param i64) (result i64 i64 i64 i64)
    (i64.clz (local.get 0)) (i64.ctz (local.get 0)) (i64.popcnt (local.get 0))
    (i64.rotl (local.get 0) (i64.const 68)))
  (func (export "convert") (param i64) (result f32 f64)
    (f32.convert_i64_u (local.get 0)) (f64.convert_i64_s (local.get 0)))
  (func (export "unreachable") (unreachable))
  (func (export "nanPayload") (param f64 i32) (result f64 f64)
    (f64.floor (local.get 0))
    (select (local.get 0) (f64.const 1) (local.get 1)))
  (func (export "ifParams") (param i32 i32) (result i32)
    (local.get 0)
    (if (param i32) (result i32) (local.get 1)
      (then (i32.const 100) (i32.add))
      (else (i32.const 7) (i32.mul))))
  (func $growBy (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "loadAfterGrow") (result i32)
    (drop (call $growBy (i32.const 1)))
    (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)) (i32.const 5))
    (i32.load (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4))))
  (func (export "fill") (param i32 i32 i32) (result i32)
    (memory.fill (local.get 0) (local.get 1) (local.get 2))
    (memory.copy (i32.const 200) (local.get 0) (i32.const 8))
    (i32.load (i32.const 200)))
)`;

describe('the JS tier', () => {
  it('compiles functions it covers and gives the same results as the interpreter', () => {
    const out = agree(programs, [
      ['fac', [i64(20n)]],
      ['fib', [i32(40)]],
      ['sum', [i32(1000)]],
      ['grow', [i32(2)]],
      ['grow', [i32(70000)]],
      ['load', [i32(0)]],
      ['load', [i32(65534)]],
      ['store8', [i32(5), i64(0x1ffn)]],
      ['store8', [i32(-1), i64(1n)]],
      ['indirect', [i32(0), i32(5), i32(3)]],
      ['indirect', [i32(1), i32(5), i32(3)]],
      ['indirect', [i32(2), i32(5), i32(3)]],
      ['indirect', [i32(9), i32(5), i32(3)]],
      ['switch', [i32(0)]],
      ['switch', [i32(1)]],
      ['switch', [i32(2)]],
      ['switch', [i32(-1)]],
      ['multi', [i32(7)]],
      ['globals', []],
      ['globals', []],
      ['select', [i32(0)]],
      ['select', [i32(3)]],
      ['floats', [f64v(2.5)]],
      ['floats', [f64v(-1e300)]],
      ['trunc', [f64v(-2147483648.9)]],
      ['trunc', [f64v(2147483648)]],
      ['trunc', [f64v(NaN)]],
      ['trunc64', [f64v(1.8e19)]],
      ['trunc64', [f64v(-1)]],
      ['sat', [f64v(1e30)]],
      ['sat', [f64v(-Infinity)]],
      ['div', [i32(-2147483648), i32(-1)]],
      ['div', [i32(1), i32(0)]],
      ['div64', [i64(-(1n << 63n)), i64(-1n)]],
      ['div64', [i64(-7n), i64(2n)]],
      ['rem64', [i64(-1n), i64(10n)]],
      ['bits', [i64(0x00f0_0000_0000_0100n)]],
      ['bits', [i64(0n)]],
      ['convert', [i64(-1n)]],
      ['convert', [i64(0x7fff_ffff_ffff_fdffn)]],
      ['unreachable', []],
      ['nanPayload', [f64(0xfff4000000000001n), i32(1)]],
      ['ifParams', [i32(5), i32(1)]],
      ['ifParams', [i32(5), i32(0)]],
      ['loadAfterGrow', []],
      ['loadAfterGrow', []],
      ['fill', [i32(16), i32(0x1ab), i32(8)]],
      ['fill', [i32(-8), i32(1), i32(16)]],
    ]);
    expect(out.slice(-6, -2)).toEqual([
      { ok: [i32(105)] },
      { ok: [i32(35)] },
      { ok: [i32(5)] },
      { ok: [i32(5)] },
    ]);
    expect(out.at(-2)).toEqual({ ok: [i32(-1414812757)] });
    expect(out[41]).toEqual({
      ok: [f64(0x7ff8000000000000n), f64(0xfff4000000000001n)],
    });
    expect(out[0]).toEqual({ ok: [i64(2432902008176640000n)] });
    expect(out[12]).toEqual({
      trap: 'undefined element',
      kind: 'undefinedElement',
    });
    expect(out[11]).toEqual({
      trap: 'uninitialized element 2',
      kind: 'uninitializedElement',
    });
    const names = [
      'fac',
      'fib',
      'sum',
      'grow',
      'indirect',
      'switch',
      'multi',
      'globals',
      'bits',
      'ifParams',
      'loadAfterGrow',
      'fill',
    ];
    expect(Object.values(tierOf(programs, names))).toEqual(
      names.map(() => 'js'),
    );
  });

  it('runs functions it does not cover on the interpreter, and calls between tiers both ways', () => {
    const source = `(module
      (table 1 funcref)
      (func $double (export "double") (param i32) (result i32)
        (i32.mul (local.get 0) (i32.const 2)))
      (func $viaTable (export "viaTable") (param i32) (result i32)
        (table.set (i32.const 0) (ref.func $double))
        (call $double (local.get 0)))
      (func (export "outer") (param i32) (result i32)
        (i32.add (call $viaTable (local.get 0)) (i32.const 1))))`;
    expect(tierOf(source, ['double', 'viaTable', 'outer'])).toEqual({
      double: 'js',
      viaTable: 'interp',
      outer: 'js',
    });
    agree(source, [
      ['outer', [i32(20)]],
      ['viaTable', [i32(5)]],
    ]);
  });

  it('calls host functions, which may re-enter wasm', () => {
    const source = `(module
      (import "env" "twice" (func $twice (param i32) (result i32)))
      (func $inc (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func (export "run") (param i32) (result i32) (call $twice (local.get 0))))`;
    let instance: {
      invoke(name: string, args: WasmValue[]): WasmValue[];
    } | null = null;
    const imports = (engine: Engine) => ({
      env: {
        twice: engine.hostFunction(
          { params: ['i32'], results: ['i32'] },
          ([v]) => {
            const once = instance!.invoke('inc', [v!]);
            return instance!.invoke('inc', once);
          },
        ),
      },
    });
    for (const tier of ['interp', 'js'] as const) {
      const engine = new Engine({ tier });
      const inst = engine.instantiate(
        engine.compile(wat(source)),
        imports(engine),
      );
      instance = inst;
      expect(inst.invoke('run', [i32(40)])).toEqual([i32(42)]);
    }
  });

  it('lets host exceptions through unchanged', () => {
    const source = `(module
      (import "env" "fail" (func $fail))
      (func (export "run") (call $fail)))`;
    const error = new RangeError('host range error');
    const engine = new Engine({ tier: 'js' });
    const inst = engine.instantiate(engine.compile(wat(source)), {
      env: {
        fail: engine.hostFunction({ params: [], results: [] }, () => {
          throw error;
        }),
      },
    });
    expect(() => inst.invoke('run')).toThrow(error);
  });

  it('turns JS stack overflow into "call stack exhausted"', () => {
    const source = `(module
      (func $f (export "f") (param i64) (result i64)
        (i64.add (call $f (i64.add (local.get 0) (i64.const 1))) (i64.const 1))))`;
    const outcome = runOn('js', source, [['f', [i64(0n)]]]);
    expect(outcome).toEqual([
      { trap: 'call stack exhausted', kind: 'callStackExhausted' },
    ]);
    expect(tierOf(source, [])).toEqual({});
  });

  it('stays on the interpreter when the engine meters fuel', () => {
    const engine = new Engine({ tier: 'js', fuel: 1000 });
    const inst = engine.instantiate(
      engine.compile(wat(`(module (func (export "spin") (loop (br 0))))`)),
    );
    expect(() => inst.invoke('spin')).toThrow('out of fuel');
  });
});

describe('JS-tier traps', () => {
  it('record the wasm frames they leave, innermost first', () => {
    const engine = new Engine({ tier: 'js' });
    const instance = engine.instantiate(
      engine.compile(
        wat(`(module
          (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
          (func (export "outer") (param i32) (result i32) (call $inner (local.get 0))))`),
      ),
    );
    let trap: Trap | null = null;
    try {
      instance.invoke('outer', [i32(0)]);
    } catch (e) {
      trap = e as Trap;
    }
    expect(trap).toBeInstanceOf(Trap);
    expect(trap!.kind).toBe('divideByZero');
    expect(trap!.funcIndex).toBe(0);
    expect(trap!.wasmStack.map((f) => f.funcIndex)).toEqual([0, 1]);
  });
});

describe('JS-tier f32 values', () => {
  // Signalling NaNs (quiet bit clear), positive and negative, and a quiet NaN
  // with a payload.
  const sNaN = 0x7fa00001;
  const negSNaN = 0xffa00001;
  const qNaN = 0x7fc0f1e2;
  const source = `(module
    (import "env" "hostSNaN" (func $hostSNaN (result f32)))
    (memory 1)
    (table 1 funcref)
    (global $g (mut f32) (f32.const 0))
    (data (i32.const 0) "\\01\\00\\a0\\7f")
    (elem declare func $id)
    (func $id (param f32) (result f32) (local.get 0))
    (func $pair (param f32 f32) (result f32 f32) (local.get 1) (local.get 0))
    (func $interpId (param f32) (result f32)
      (table.set (i32.const 0) (ref.func $id))
      (local.get 0))
    (func (export "copy") (param i32 i32) (result i32)
      (f32.store (local.get 1) (f32.load (local.get 0)))
      (i32.load (local.get 1)))
    (func (export "load") (param i32) (result f32) (f32.load (local.get 0)))
    (func (export "store") (param i32 f32) (result i32)
      (f32.store offset=8 (local.get 0) (local.get 1))
      (i32.load offset=8 (local.get 0)))
    (func (export "param") (param f32) (result f32) (local.get 0))
    (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0)))
    (func (export "abs") (param f32) (result f32) (f32.abs (local.get 0)))
    (func (export "copysign") (param f32 f32) (result f32)
      (f32.copysign (local.get 0) (local.get 1)))
    (func (export "const") (result f32 f32)
      (f32.const nan:0x200001) (f32.const -nan:0x200001))
    (func (export "reinterpret") (param i32) (result i32 f32)
      (i32.reinterpret_f32 (f32.reinterpret_i32 (local.get 0)))
      (f32.reinterpret_i32 (local.get 0)))
    (func (export "select") (param f32 f32 i32) (result f32)
      (select (local.get 0) (local.get 1) (local.get 2)))
    (func (export "locals") (param f32) (result f32) (local f32 f32)
      (local.set 1 (local.get 0))
      (local.set 2 (local.tee 1 (local.get 1)))
      (local.get 2))
    (func (export "global") (param f32) (result f32 i32)
      (global.set $g (local.get 0))
      (global.get $g)
      (f32.store (i32.const 16) (global.get $g))
      (i32.load (i32.const 16)))
    (func (export "call") (param f32 f32) (result f32 f32 f32)
      (call $id (local.get 0))
      (call $pair (local.get 0) (local.get 1)))
    (func (export "callInterp") (param f32) (result f32) (call $interpId (local.get 0)))
    (func (export "callHost") (result f32) (call $hostSNaN))
    (func (export "arith") (param f32) (result f32 f32 f64)
      (f32.add (local.get 0) (f32.const 1))
      (f32.min (local.get 0) (f32.const 1))
      (f64.promote_f32 (local.get 0)))
    (func (export "loadArith") (result f32 i32) (local f32)
      (local.set 0 (f32.mul (f32.load (i32.const 0)) (f32.const 2)))
      (f32.store (i32.const 48) (local.get 0))
      (local.get 0)
      (i32.load (i32.const 48)))
    (func (export "localLater") (param f32) (result i32) (local f32 i32)
      (loop $l
        (f32.store (i32.const 64) (local.get 1))
        (local.set 1 (local.get 0))
        (local.set 2 (i32.add (local.get 2) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 2) (i32.const 2))))
      (i32.load (i32.const 64)))
    (func (export "chain3") (param f32) (result i32) (local f32 f32 f32 i32)
      (loop $l
        (local.set 3 (local.get 2))
        (local.set 2 (local.get 1))
        (local.set 1 (local.get 0))
        (local.set 4 (i32.add (local.get 4) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 4) (i32.const 3))))
      (f32.store (i32.const 64) (local.get 3))
      (i32.load (i32.const 64)))
    (func (export "chain4") (param f32) (result i32) (local f32 f32 f32 f32 i32)
      (loop $l
        (local.set 4 (local.get 3))
        (local.set 3 (local.get 2))
        (local.set 2 (local.get 1))
        (local.set 1 (local.get 0))
        (local.set 5 (i32.add (local.get 5) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 5) (i32.const 4))))
      (f32.store (i32.const 64) (local.get 4))
      (i32.load (i32.const 64)))
    (func (export "hot") (param i32) (result i32) (local i32)
      (loop $l
        (f32.store (i32.const 32)
          (f32.neg (f32.neg (select (f32.load (i32.const 0)) (f32.const 0) (i32.const 1)))))
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
      (i32.load (i32.const 32)))
  )`;
  const imports = (engine: Engine) => ({
    env: {
      hostSNaN: engine.hostFunction({ params: [], results: ['f32'] }, () => [
        f32(negSNaN),
      ]),
    },
  });
  const exports = [
    'copy',
    'load',
    'store',
    'param',
    'neg',
    'abs',
    'copysign',
    'const',
    'reinterpret',
    'select',
    'locals',
    'global',
    'call',
    'callInterp',
    'callHost',
    'arith',
    'loadArith',
    'localLater',
    'chain3',
    'chain4',
    'hot',
  ];

  it('compiles each exported function to JS', () => {
    const engine = new Engine({ tier: 'js' });
    const instance = engine.instantiate(
      engine.compile(wat(source)),
      imports(engine),
    );
    for (const name of exports) {
      const fn = instance.exports.get(name) as WasmFunction;
      const args = fn.params.map((t) => (t === 'i32' ? i32(0) : f32(0)));
      engine.invoke(instance, name, args);
      expect([name, typeof fn.jsEntry]).toEqual([name, 'function']);
    }
  });

  it('keeps signalling NaN bits through memory, params, bit operations, constants, locals, globals and calls', () => {
    const out = agree(
      source,
      [
        ['copy', [i32(0), i32(4)]],
        ['load', [i32(0)]],
        ['store', [i32(0), f32(negSNaN)]],
        ['store', [i32(0), f32(qNaN)]],
        ['param', [f32(sNaN)]],
        ['neg', [f32(sNaN)]],
        ['abs', [f32(negSNaN)]],
        ['copysign', [f32(sNaN), f32(0x80000000)]],
        ['copysign', [f32(negSNaN), f32(0)]],
        ['const', []],
        ['reinterpret', [i32(sNaN)]],
        ['select', [f32(sNaN), f32(0), i32(1)]],
        ['select', [f32(0), f32(negSNaN), i32(0)]],
        ['locals', [f32(negSNaN)]],
        ['global', [f32(sNaN)]],
        ['call', [f32(sNaN), f32(negSNaN)]],
        ['callInterp', [f32(negSNaN)]],
        ['callHost', []],
      ],
      imports,
    );
    expect(out).toEqual([
      { ok: [i32(sNaN)] },
      { ok: [f32(sNaN)] },
      { ok: [i32(negSNaN | 0)] },
      { ok: [i32(qNaN)] },
      { ok: [f32(sNaN)] },
      { ok: [f32(negSNaN)] },
      { ok: [f32(sNaN)] },
      { ok: [f32(negSNaN)] },
      { ok: [f32(sNaN)] },
      { ok: [f32(sNaN), f32(negSNaN)] },
      { ok: [i32(sNaN), f32(sNaN)] },
      { ok: [f32(sNaN)] },
      { ok: [f32(negSNaN)] },
      { ok: [f32(negSNaN)] },
      { ok: [f32(sNaN), i32(sNaN)] },
      { ok: [f32(sNaN), f32(negSNaN), f32(sNaN)] },
      { ok: [f32(negSNaN)] },
      { ok: [f32(negSNaN)] },
    ]);
  });

  it('gives quiet NaNs from arithmetic on a signalling NaN', () => {
    const isQuietNaN = (v: WasmValue): boolean =>
      v.type === 'f32'
        ? (v.bits & 0x7fc00000) === 0x7fc00000
        : v.type === 'i32'
          ? (v.value & 0x7fc00000) === 0x7fc00000
          : v.type === 'f64' &&
            (v.bits & 0x7ff8000000000000n) === 0x7ff8000000000000n;
    const out = runOn(
      'js',
      source,
      [
        ['arith', [f32(sNaN)]],
        ['loadArith', []],
      ],
      imports,
    );
    expect(out.map((o) => ('ok' in o ? o.ok.map(isQuietNaN) : o.trap))).toEqual(
      [
        [true, true, true],
        [true, true],
      ],
    );
  });

  it('keeps signalling NaNs that reach a local late, or through a chain of locals', () => {
    const out = agree(
      source,
      [
        ['localLater', [f32(sNaN)]],
        ['chain3', [f32(negSNaN)]],
        ['chain4', [f32(sNaN)]],
      ],
      imports,
    );
    expect(out).toEqual([
      { ok: [i32(sNaN)] },
      { ok: [i32(negSNaN | 0)] },
      { ok: [i32(sNaN)] },
    ]);
  });

  it('keeps the bits in code that V8 has optimised', () => {
    const out = runOn('js', source, [['hot', [i32(200000)]]], imports);
    expect(out).toEqual([{ ok: [i32(sNaN)] }]);
  });
});
