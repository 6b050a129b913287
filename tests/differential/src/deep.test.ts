// Deep nesting and unbounded recursion on our engine and on V8: 100,000
// nested blocks, ifs and loops compile and run alike, and runaway recursion
// traps on both sides ("call stack exhausted" against V8's RangeError).

import { Engine, Trap } from '@tswasm/engine';
import { watToWasm } from '@tswasm/text';
import { describe, expect, it } from 'vitest';
import { nativeModule } from './compare.js';

/** Unsigned LEB128. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** A module exporting `run: [] -> [i32]` with `body` (no locals, no final end). */
function moduleWithBody(body: readonly number[]): Uint8Array {
  const code = [0x00, ...body, 0x0b];
  const section = (id: number, content: readonly number[]): number[] => [
    id,
    ...leb(content.length),
    ...content,
  ];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [0x01, 0x60, 0x00, 0x01, 0x7f]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, 0x03, ...new TextEncoder().encode('run'), 0x00, 0x00]),
    ...section(10, [0x01, ...leb(code.length), ...code]),
  ]);
}

const depth = 100_000;
const nested = (open: readonly number[]): number[] => [
  ...new Array<readonly number[]>(depth).fill(open).flat(),
  ...new Array<number>(depth).fill(0x0b),
  0x41,
  0x07, // i32.const 7
];

describe('deep nesting on our engine and on V8', () => {
  const cases: [string, number[]][] = [
    ['blocks', nested([0x02, 0x40])],
    ['loops', nested([0x03, 0x40])],
    ['ifs', nested([0x41, 0x01, 0x04, 0x40])],
  ];
  for (const [name, body] of cases) {
    it(`${depth} nested ${name} return 7 on both`, () => {
      const bytes = moduleWithBody(body);
      const native = new WebAssembly.Instance(nativeModule(bytes)).exports[
        'run'
      ] as () => number;
      const engine = new Engine({ tier: 'interp' });
      expect(
        engine.invoke(engine.instantiate(engine.compile(bytes)), 'run', []),
      ).toEqual([{ type: 'i32', value: native() }]);
    });
  }

  it('runaway recursion traps on both (call stack exhausted / RangeError)', () => {
    const bytes = watToWasm(
      '(module (func $f (export "run") (param i32) (result i32) (call $f (i32.add (local.get 0) (i32.const 1)))))',
    );
    const native = new WebAssembly.Instance(nativeModule(bytes)).exports[
      'run'
    ] as (x: number) => number;
    expect(() => native(0)).toThrow(RangeError);
    const engine = new Engine({ tier: 'interp' });
    const instance = engine.instantiate(engine.compile(bytes));
    let trap: unknown = null;
    try {
      engine.invoke(instance, 'run', [{ type: 'i32', value: 0 }]);
    } catch (error) {
      trap = error;
    }
    expect(trap).toBeInstanceOf(Trap);
    expect((trap as Trap).kind).toBe('callStackExhausted');
  });
});
