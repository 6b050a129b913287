// Every numeric instruction of the table with a fixed signature, on edge
// and random inputs, against V8's native WebAssembly (bit-exact; NaN
// results only need to be NaNs on both sides, as payloads of arithmetic
// NaNs are not deterministic).

import { type InstrDef, instructions } from '@tswasm/ir';
import { describe, expect, it } from 'vitest';
import { Engine, type WasmValue } from '../index.js';
import { wat } from '../test-wat.test-util.js';

type Num = 'i32' | 'i64' | 'f32' | 'f64';

const numeric = instructions.filter((d: InstrDef) =>
  d.prefix === null || (d.prefix === 0xfc && d.code <= 7)
    ? d.params !== null &&
      d.results !== null &&
      d.immediates.length === 0 &&
      d.results.length === 1 &&
      d.params.length > 0 &&
      d.params.every(
        (p) => p === 'i32' || p === 'i64' || p === 'f32' || p === 'f64',
      )
    : false,
);

const edges: Record<Num, readonly (number | bigint)[]> = {
  i32: [
    0, 1, -1, 2, 31, 32, 33, 0x7fffffff, -0x80000000, 0x12345678, -0x789abcde,
  ],
  i64: [
    0n,
    1n,
    -1n,
    63n,
    64n,
    65n,
    0x7fffffffffffffffn,
    -0x8000000000000000n,
    0x123456789abcdefn,
    -0xfedcba987654321n,
    0xffffffffn,
    0x100000000n,
  ],
  // f32/f64 as raw bits.
  f32: [
    0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
    0x4f000000, 0xcf000000, 0x5f000000, 0x3f000000, 0x3fc00000, 0x00000001,
    0x7f7fffff, 0x4b800001,
  ],
  f64: [
    0n,
    1n << 63n,
    0x3ff0000000000000n,
    0xbff0000000000000n,
    0x7ff0000000000000n,
    0xfff0000000000000n,
    0x7ff8000000000000n,
    0x41e0000000000000n,
    0xc1e0000000000000n,
    0x43e0000000000000n,
    0x3fe0000000000000n,
    0x3ff8000000000000n,
    1n,
    0x7fefffffffffffffn,
    0x4330000000000001n,
    0x41dfffffffc00000n,
  ],
};

let seed = 12345;
function random32(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed | 0;
}

function randomValue(t: Num): number | bigint {
  switch (t) {
    case 'i32':
      return random32();
    case 'i64':
      return BigInt.asIntN(
        64,
        (BigInt(random32()) << 32n) | BigInt(random32() >>> 0),
      );
    case 'f32':
      return random32() >>> 0;
    case 'f64':
      return BigInt.asUintN(
        64,
        (BigInt(random32()) << 32n) | BigInt(random32() >>> 0),
      );
  }
}

function toWasmValue(t: Num, v: number | bigint): WasmValue {
  switch (t) {
    case 'i32':
      return { type: 'i32', value: v as number };
    case 'i64':
      return { type: 'i64', value: v as bigint };
    case 'f32':
      return { type: 'f32', bits: v as number };
    case 'f64':
      return { type: 'f64', bits: v as bigint };
  }
}

// Native functions take and return floats as bits, through reinterpret.
function nativeParam(t: Num, i: number): string {
  if (t === 'f32') return `(f32.reinterpret_i32 (local.get ${i}))`;
  if (t === 'f64') return `(f64.reinterpret_i64 (local.get ${i}))`;
  return `(local.get ${i})`;
}
const bitsType = (t: Num): string =>
  t === 'f32' ? 'i32' : t === 'f64' ? 'i64' : t;
const bitsResult = (t: Num, expr: string): string =>
  t === 'f32'
    ? `(i32.reinterpret_f32 ${expr})`
    : t === 'f64'
      ? `(i64.reinterpret_f64 ${expr})`
      : expr;

const ours = new Engine();
const oursSource = `(module ${numeric
  .map((d, k) => {
    const params = d.params as Num[];
    return `(func (export "f${k}") ${params.map((p) => `(param ${p})`).join(' ')} (result ${d.results![0]}) ${params
      .map((_, i) => `(local.get ${i})`)
      .join(' ')} (${d.text}))`;
  })
  .join('\n')})`;
const nativeSource = `(module ${numeric
  .map((d, k) => {
    const params = d.params as Num[];
    const r = d.results![0] as Num;
    return `(func (export "f${k}") ${params.map((p) => `(param ${bitsType(p)})`).join(' ')} (result ${bitsType(r)}) ${bitsResult(
      r,
      `(${d.text} ${params.map((p, i) => nativeParam(p, i)).join(' ')})`,
    )})`;
  })
  .join('\n')})`;
const instance = ours.instantiate(ours.compile(wat(oursSource)));
const native = new globalThis.WebAssembly.Instance(
  new globalThis.WebAssembly.Module(
    wat(nativeSource) as Uint8Array<ArrayBuffer>,
  ),
).exports as Record<string, (...args: unknown[]) => unknown>;

function isNaNBits(t: Num, bits: number | bigint): boolean {
  if (t === 'f32') return ((bits as number) & 0x7fffffff) >>> 0 > 0x7f800000;
  if (t === 'f64')
    return ((bits as bigint) & 0x7fffffffffffffffn) > 0x7ff0000000000000n;
  return false;
}

function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return `trap: ${(e as Error).message}`;
  }
}

describe('numeric instructions against V8', () => {
  it(`agree on ${numeric.length} instructions`, () => {
    const mismatches: string[] = [];
    numeric.forEach((d, k) => {
      const params = d.params as Num[];
      const r = d.results![0] as Num;
      const inputs: (number | bigint)[][] = [];
      if (params.length === 1) {
        for (const x of edges[params[0]!]) inputs.push([x]);
      } else {
        for (const x of edges[params[0]!])
          for (const y of edges[params[1]!]) inputs.push([x, y]);
      }
      for (let i = 0; i < 60; i++) inputs.push(params.map(randomValue));
      for (const args of inputs) {
        const mine = outcome(() => {
          const [v] = instance.invoke(
            `f${k}`,
            args.map((a, i) => toWasmValue(params[i]!, a)),
          );
          return 'value' in v! ? v.value : 'bits' in v! ? v.bits : null;
        });
        const theirs = outcome(() => {
          const v = native[`f${k}`]!(
            ...args.map((a, i) =>
              params[i] === 'f32' ? (a as number) | 0 : a,
            ),
          );
          return r === 'f32'
            ? (v as number) >>> 0
            : r === 'f64'
              ? BigInt.asUintN(64, v as bigint)
              : v;
        });
        const trapText = (x: unknown) =>
          typeof x === 'string' ? x.replace(/^trap: /, '') : x;
        if (typeof mine === 'string' || typeof theirs === 'string') {
          // Both must trap; V8's messages differ in wording, so only the fact is compared.
          if ((typeof mine === 'string') !== (typeof theirs === 'string')) {
            mismatches.push(
              `${d.name}(${args.join(', ')}): ${String(trapText(mine))} vs ${String(trapText(theirs))}`,
            );
          }
          continue;
        }
        if (
          isNaNBits(r, mine as number | bigint) &&
          isNaNBits(r, theirs as number | bigint)
        )
          continue;
        if (mine !== theirs)
          mismatches.push(
            `${d.name}(${args.join(', ')}): ${String(mine)} vs ${String(theirs)}`,
          );
      }
    });
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});

describe('immediate operands and fused branches against V8', () => {
  const binary = numeric.filter(
    (d) =>
      d.params!.length === 2 &&
      (d.params![0] === 'i32' || d.params![0] === 'i64') &&
      d.params![0] === d.params![1],
  );
  const funcs: string[] = [];
  const calls: {
    name: string;
    def: InstrDef;
    y: number | bigint;
    shape: string;
  }[] = [];
  binary.forEach((d, k) => {
    const t = d.params![0] as Num;
    edges[t].forEach((y, j) => {
      const name = `c${k}_${j}`;
      funcs.push(
        `(func (export "${name}") (param ${t}) (result ${d.results![0]}) (${d.text} (local.get 0) (${t}.const ${String(y)})))`,
      );
      calls.push({ name, def: d, y, shape: 'const' });
      if (
        d.results![0] === 'i32' &&
        t === 'i32' &&
        /\.(eq|ne|[lg][te]_[su])$/.test(d.name)
      ) {
        const ifName = `if${k}_${j}`;
        funcs.push(
          `(func (export "${ifName}") (param i32) (result i32) (if (result i32) (${d.text} (local.get 0) (i32.const ${String(y)})) (then (i32.const 1)) (else (i32.const 0))))`,
        );
        calls.push({ name: ifName, def: d, y, shape: 'if' });
        const brName = `br${k}_${j}`;
        funcs.push(
          `(func (export "${brName}") (param i32 i32) (result i32) (block (result i32) (br_if 0 (i32.const 1) (${d.text} (local.get 0) (local.get 1))) (drop) (i32.const 0)))`,
        );
        calls.push({ name: brName, def: d, y, shape: 'br' });
      }
    });
  });
  const source = `(module ${funcs.join('\n')})`;
  const engine = new Engine();
  const mine = engine.instantiate(engine.compile(wat(source)));
  const theirs = new globalThis.WebAssembly.Instance(
    new globalThis.WebAssembly.Module(wat(source) as Uint8Array<ArrayBuffer>),
  ).exports as Record<string, (...args: unknown[]) => unknown>;

  it(`agree on ${calls.length} functions`, () => {
    const mismatches: string[] = [];
    for (const { name, def, y, shape } of calls) {
      const t = def.params![0] as Num;
      const xs = [...edges[t], randomValue(t), randomValue(t)];
      for (const x of xs) {
        const args = shape === 'br' ? [x, y] : [x];
        const a = outcome(() => {
          const [v] = mine.invoke(
            name,
            args.map((v) => toWasmValue(t, v)),
          );
          return 'value' in v! ? v.value : null;
        });
        const b = outcome(() => theirs[name]!(...args));
        const same =
          typeof a === 'string' || typeof b === 'string'
            ? typeof a === typeof b
            : a === b;
        if (!same)
          mismatches.push(
            `${name} ${def.name}(${String(x)}, ${String(y)}): ${String(a)} vs ${String(b)}`,
          );
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});
