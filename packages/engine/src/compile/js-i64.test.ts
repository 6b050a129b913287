import { describe, expect, it } from 'vitest';
import { Engine, Trap, type WasmFunction, type WasmValue } from '../index.js';
import { wat } from '../test-wat.test-util.js';

const i32 = (value: number): WasmValue => ({ type: 'i32', value });
const i64 = (value: bigint): WasmValue => ({ type: 'i64', value });
const f64 = (bits: bigint): WasmValue => ({ type: 'f64', bits });

/** i64 values at the edges of both halves, and some random ones. */
const values: bigint[] = [
  0n,
  1n,
  -1n,
  5n,
  -7n,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x100000000n,
  -0x100000000n,
  0x7fffffffffffffffn,
  -0x8000000000000000n,
  -0x7fffffffffffffffn,
  0x123456789abcdef0n,
];
let seed = 0x2545f491;
for (let i = 0; i < 6; i++) {
  let v = 0n;
  for (let j = 0; j < 4; j++) {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    v = (v << 16n) | BigInt((seed >>> 8) & 0xffff);
  }
  values.push(BigInt.asIntN(64, v));
}

const binary = [
  'add',
  'sub',
  'mul',
  'div_s',
  'div_u',
  'rem_s',
  'rem_u',
  'and',
  'or',
  'xor',
  'shl',
  'shr_s',
  'shr_u',
  'rotl',
  'rotr',
];
const compare = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u'];
const compare2 = ['le_s', 'le_u', 'ge_s', 'ge_u'];
const shifts = ['shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
const amounts = [0, 1, 5, 31, 32, 33, 47, 63, 64, 100, -1];
const unary: [string, string, string][] = [
  ['i64.eqz', 'i64', 'i32'],
  ['i64.clz', 'i64', 'i64'],
  ['i64.ctz', 'i64', 'i64'],
  ['i64.popcnt', 'i64', 'i64'],
  ['i64.extend8_s', 'i64', 'i64'],
  ['i64.extend16_s', 'i64', 'i64'],
  ['i64.extend32_s', 'i64', 'i64'],
  ['i32.wrap_i64', 'i64', 'i32'],
  ['f32.convert_i64_s', 'i64', 'f32'],
  ['f32.convert_i64_u', 'i64', 'f32'],
  ['f64.convert_i64_s', 'i64', 'f64'],
  ['f64.convert_i64_u', 'i64', 'f64'],
  ['f64.reinterpret_i64', 'i64', 'f64'],
];

const source = `(module
  (memory 1)
  (global $g (mut i64) (i64.const 0))
  ${binary.map((op) => `(func (export "${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (local.get 1)))`).join('\n')}
  ${[...compare, ...compare2].map((op) => `(func (export "${op}") (param i64 i64) (result i32) (i64.${op} (local.get 0) (local.get 1)))`).join('\n')}
  ${shifts
    .flatMap((op) =>
      amounts.map(
        (k) =>
          `(func (export "${op}${k}") (param i64) (result i64) (i64.${op} (local.get 0) (i64.const ${k})))`,
      ),
    )
    .join('\n')}
  ${unary.map(([op, p, r]) => `(func (export "${op}") (param ${p}) (result ${r}) (${op} (local.get 0)))`).join('\n')}
  (func (export "fromI32") (param i32) (result i64 i64)
    (i64.extend_i32_s (local.get 0)) (i64.extend_i32_u (local.get 0)))
  (func (export "fromF64") (param f64) (result i64 i64 i64 i64 i64)
    (i64.reinterpret_f64 (local.get 0))
    (i64.trunc_sat_f64_s (local.get 0)) (i64.trunc_sat_f64_u (local.get 0))
    (i64.trunc_sat_f32_s (f32.demote_f64 (local.get 0)))
    (i64.trunc_sat_f32_u (f32.demote_f64 (local.get 0))))
  (func (export "trunc") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
  (func (export "memory") (param i64) (result i64 i64 i64 i64 i64 i64 i64)
    (i64.store (i32.const 8) (local.get 0))
    (i64.store32 (i32.const 20) (local.get 0))
    (i64.load (i32.const 8))
    (i64.load8_s (i32.const 15)) (i64.load8_u (i32.const 15))
    (i64.load16_s (i32.const 14)) (i64.load16_u (i32.const 14))
    (i64.load32_s (i32.const 12)) (i64.load32_u offset=4 (i32.const 8)))
  (func $swap (param i64 i64) (result i64 i64) (local.get 1) (local.get 0))
  (func $one (param i64) (result i64) (global.set $g (local.get 0)) (global.get $g))
  (func (export "flow") (param i64 i64 i32) (result i64 i64 i64)
    (local i64)
    (local.set 3 (select (local.get 0) (local.get 1) (local.get 2)))
    (call $swap (local.get 3) (call $one (local.get 1)))
    (if (param i64) (result i64) (local.get 2)
      (then (i64.add (i64.const 1)))
      (else (i64.sub (i64.const 1))))
    (block (result i64)
      (br_if 0 (local.get 0) (local.get 2))
      (drop)
      (local.get 1)))
  (func (export "loop") (param i64 i32) (result i64)
    (local.get 0)
    (loop (param i64) (result i64)
      (i64.rotl (i64.const 13))
      (i64.mul (i64.const 0x9e3779b97f4a7c15))
      (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))
      (br_if 0)))
)`;

type Outcome = { ok: WasmValue[] } | { trap: string };

function runAll(tier: 'interp' | 'js', calls: [string, WasmValue[]][]) {
  const engine = new Engine({ tier });
  const instance = engine.instantiate(engine.compile(wat(source)));
  const outcomes = calls.map(([name, args]): Outcome => {
    try {
      return { ok: engine.invoke(instance, name, args) };
    } catch (e) {
      if (!(e instanceof Trap)) throw e;
      return { trap: e.message };
    }
  });
  const onInterp = [...instance.exports.keys()].filter(
    (name) =>
      typeof (instance.exports.get(name) as WasmFunction).jsEntry !==
      'function',
  );
  return { outcomes, onInterp };
}

function agree(calls: [string, WasmValue[]][]): void {
  const interp = runAll('interp', calls);
  const js = runAll('js', calls);
  expect(js.onInterp.filter((n) => calls.some(([c]) => c === n))).toEqual([]);
  for (let i = 0; i < calls.length; i++)
    expect([calls[i], js.outcomes[i]]).toEqual([calls[i], interp.outcomes[i]]);
}

describe('JS-tier i64', () => {
  it('gives the interpreter results for binary instructions and comparisons', () => {
    const calls: [string, WasmValue[]][] = [];
    for (const op of [...binary, ...compare, ...compare2])
      for (const x of values)
        for (const y of values) calls.push([op, [i64(x), i64(y)]]);
    agree(calls);
  });

  it('shifts and rotates by constants inline like by variables', () => {
    const calls: [string, WasmValue[]][] = [];
    for (const op of shifts)
      for (const k of amounts)
        for (const x of values) {
          calls.push([`${op}${k}`, [i64(x)]]);
          calls.push([op, [i64(x), i64(BigInt(k))]]);
        }
    agree(calls);
  });

  it('gives the interpreter results for unary instructions and conversions', () => {
    const calls: [string, WasmValue[]][] = [];
    for (const [op] of unary)
      for (const x of values) calls.push([op, [i64(x)]]);
    for (const x of [0, 1, -1, 0x7fffffff, -0x80000000, 12345678])
      calls.push(['fromI32', [i32(x)]]);
    const doubles = [
      0,
      -0.5,
      1.5,
      -1,
      2 ** 63,
      -(2 ** 63),
      2 ** 64,
      1e300,
      -1e19,
      2 ** 53 + 2,
      NaN,
    ];
    for (const d of doubles) {
      const bits = new BigUint64Array(new Float64Array([d]).buffer)[0]!;
      calls.push(['fromF64', [f64(bits)]]);
      calls.push(['trunc', [f64(bits)]]);
    }
    agree(calls);
  });

  it('loads, stores, selects, branches, loops and calls with i64 values', () => {
    const calls: [string, WasmValue[]][] = [];
    for (const x of values) {
      calls.push(['memory', [i64(x)]]);
      calls.push(['loop', [i64(x), i32(5)]]);
      for (const y of values.slice(0, 6))
        for (const c of [0, 1]) calls.push(['flow', [i64(x), i64(y), i32(c)]]);
    }
    agree(calls);
  });
});
