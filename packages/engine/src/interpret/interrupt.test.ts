/// <reference types="node" />
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  Engine,
  type EngineOptions,
  Trap,
  type WasmFunction,
  type WasmValue,
} from '../index.js';
import { wat } from '../test-wat.test-util.js';
import { compileFunction } from './compile.js';
import { Op } from './ops.js';
import { generateJsFunction } from '../compile/js-codegen.js';

const i32 = (value: number): WasmValue => ({ type: 'i32', value });

const source = `(module
  (import "env" "tick" (func $tick (param i32)))
  (func $spin (export "spin")
    (loop $forever (br $forever)))
  (func (export "spinTicking") (local $i i32)
    (loop $forever
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (call $tick (local.get $i))
      (br $forever)))
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add
        (call $fib (i32.sub (local.get $n) (i32.const 1)))
        (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "sum") (param $n i32) (result i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $s)))`;

/** Function indices in `source` (import first). */
const spinIndex = 1;
const spinTickingIndex = 2;
const fibIndex = 3;

function setup(
  tier: 'interp' | 'js',
  options: EngineOptions,
  tick: (i: number) => void = () => {},
) {
  const engine = new Engine({ ...options, tier });
  const tickFn = engine.hostFunction({ params: ['i32'], results: [] }, ([v]) =>
    tick(v?.type === 'i32' ? v.value : -1),
  );
  const instance = engine.instantiate(engine.compile(wat(source)), {
    env: { tick: tickFn },
  });
  return { engine, instance };
}

function trapOf(f: () => unknown): Trap {
  try {
    f();
  } catch (e) {
    if (e instanceof Trap) return e;
    throw e;
  }
  throw new Error('expected a trap');
}

/** Which tier ran export `name` of `instance` (after a call). */
function tierRan(
  instance: ReturnType<typeof setup>['instance'],
  name: string,
): string {
  const fn = instance.exports.get(name) as WasmFunction;
  return typeof fn.jsEntry === 'function' ? 'js' : 'interp';
}

describe.each(['interp', 'js'] as const)('interrupts on tier %s', (tier) => {
  it('stops an infinite loop at the time limit', () => {
    const { instance } = setup(tier, { timeLimitMs: 50 });
    const start = performance.now();
    const t = trapOf(() => instance.invoke('spin'));
    const elapsed = performance.now() - start;
    expect(t.kind).toBe('interrupted');
    expect(t.message).toBe('interrupted (time limit exceeded)');
    expect(t.funcIndex).toBe(spinIndex);
    expect(t.wasmStack.map((f) => f.funcIndex)).toEqual([spinIndex]);
    expect(elapsed).toBeGreaterThanOrEqual(49);
    expect(elapsed).toBeLessThan(2000);
    expect(tierRan(instance, 'spin')).toBe(tier);
  });

  it('stops a loop whose host function sets the interrupt flag', () => {
    const flag = new Int32Array(1);
    let ticks = 0;
    const { instance } = setup(tier, { interrupt: flag }, (i) => {
      ticks = i;
      if (i === 1000) Atomics.store(flag, 0, 1);
    });
    const t = trapOf(() => instance.invoke('spinTicking'));
    expect(t.kind).toBe('interrupted');
    expect(t.message).toBe('interrupted');
    expect(t.funcIndex).toBe(spinTickingIndex);
    // The next loop head saw the flag.
    expect(ticks).toBe(1000);
    // The engine leaves the flag to the host.
    expect(flag[0]).toBe(1);
    expect(tierRan(instance, 'spinTicking')).toBe(tier);
  });

  it('stops a busy loop when a worker thread sets the flag', async () => {
    const flag = new Int32Array(new SharedArrayBuffer(8));
    // The worker waits until the loop is about to start (flag[1]), then
    // sets the flag 50 ms later.
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const flag = new Int32Array(workerData);
       Atomics.wait(flag, 1, 0);
       Atomics.wait(flag, 1, 1, 50);
       Atomics.store(flag, 0, 1);`,
      { eval: true, workerData: flag.buffer },
    );
    try {
      await new Promise((resolve) => worker.once('online', resolve));
      // A time limit only so that a failure cannot hang the suite.
      const { instance } = setup(tier, {
        interrupt: flag,
        timeLimitMs: 20_000,
      });
      Atomics.store(flag, 1, 1);
      Atomics.notify(flag, 1);
      const start = performance.now();
      const t = trapOf(() => instance.invoke('spin'));
      const elapsed = performance.now() - start;
      expect(t.message).toBe('interrupted');
      expect(elapsed).toBeGreaterThanOrEqual(40);
      expect(elapsed).toBeLessThan(5000);
      expect(tierRan(instance, 'spin')).toBe(tier);
    } finally {
      await worker.terminate();
    }
  });

  it('stops recursion without loops (checked at function entry)', () => {
    const { instance } = setup(tier, { timeLimitMs: 50 });
    const t = trapOf(() => instance.invoke('fib', [i32(60)]));
    expect(t.message).toBe('interrupted (time limit exceeded)');
    expect(t.funcIndex).toBe(fibIndex);
    expect(t.wasmStack.length).toBeGreaterThan(1);
    expect(t.wasmStack.every((f) => f.funcIndex === fibIndex)).toBe(true);
  });

  it('traps at entry while the flag is set, and runs again once it is cleared', () => {
    const flag = new Int32Array([1]);
    const { instance } = setup(tier, { interrupt: flag });
    const t = trapOf(() => instance.invoke('sum', [i32(10)]));
    expect(t.message).toBe('interrupted');
    Atomics.store(flag, 0, 0);
    expect(instance.invoke('sum', [i32(100)])).toEqual([i32(5050)]);
    expect(instance.invoke('fib', [i32(15)])).toEqual([i32(610)]);
  });

  it('gives each call from the host its own time limit', () => {
    const { instance } = setup(tier, { timeLimitMs: 100 });
    expect(trapOf(() => instance.invoke('spin')).kind).toBe('interrupted');
    expect(instance.invoke('sum', [i32(1000)])).toEqual([i32(500500)]);
    expect(trapOf(() => instance.invoke('fib', [i32(60)])).kind).toBe(
      'interrupted',
    );
    expect(instance.invoke('fib', [i32(20)])).toEqual([i32(6765)]);
  });

  it('counts calls back into wasm towards the outer call', () => {
    let engine: Engine | null = null;
    let spins = 0;
    const { instance, engine: e } = setup(tier, { timeLimitMs: 50 }, () => {
      spins++;
      // Each nested call runs 10 ms of the outer call's 50.
      const end = performance.now() + 10;
      while (performance.now() < end) {
        /* the host is busy */
      }
      engine!.invoke(instance, 'sum', [i32(10)]);
    });
    engine = e;
    const t = trapOf(() => instance.invoke('spinTicking'));
    expect(t.message).toBe('interrupted (time limit exceeded)');
    expect(spins).toBeGreaterThanOrEqual(4);
    expect(spins).toBeLessThan(20);
  });

  it('stops a start function', () => {
    const engine = new Engine({ tier, timeLimitMs: 20 });
    const module = engine.compile(
      wat(`(module (func $start (loop (br 0))) (start $start))`),
    );
    expect(trapOf(() => engine.instantiate(module)).kind).toBe('interrupted');
  });
});

describe('interrupt options', () => {
  it('work with fuel (on the interpreter)', () => {
    const flag = new Int32Array(1);
    const { instance } = setup(
      'js',
      { fuel: 1e12, interrupt: flag, timeLimitMs: 20 },
      (i) => {
        if (i === 10) Atomics.store(flag, 0, 1);
      },
    );
    expect(trapOf(() => instance.invoke('spinTicking')).message).toBe(
      'interrupted',
    );
    Atomics.store(flag, 0, 0);
    expect(trapOf(() => instance.invoke('spin')).message).toBe(
      'interrupted (time limit exceeded)',
    );
  });

  it('reject a negative time limit', () => {
    expect(() => new Engine({ timeLimitMs: -1 })).toThrow(RangeError);
    expect(() => new Engine({ timeLimitMs: NaN })).toThrow(RangeError);
  });

  it('add no checks to code when not set', () => {
    const engine = new Engine();
    const { info } = engine.compile(wat(source));
    const code = compileFunction(info, spinIndex, {
      fuel: false,
      interrupt: false,
    }).code;
    expect(code.includes(Op.interrupt)).toBe(false);
    expect(
      compileFunction(info, spinIndex, { fuel: false, interrupt: true }).code,
    ).toContain(Op.interrupt);
    expect(generateJsFunction(info, spinIndex)!.source).not.toContain('R.poll');
    expect(
      generateJsFunction(info, spinIndex, { flag: true, clock: false })!.source,
    ).toContain('P[0] !== 0');
  });
});
