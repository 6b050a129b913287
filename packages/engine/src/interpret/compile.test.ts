import { describe, expect, it } from 'vitest';
import { Engine, type WasmValue } from '../index.js';
import { wat } from '../test-wat.test-util.js';

// Peepholes hold only in straight-line code: where control joins (the end
// of a block or an `if` arm reached by a branch or the other arm, a loop
// head), the code before the label is not the only way to get there.
const source = `(module
  ;; The else arm ends with a comparison; the then arm reaches the same end.
  (func (export "ifArmBrIf") (result i32) (local i32)
    (block $l (result i32)
      (drop (br_if $l (i32.const 31)
        (if (result i32) (i32.const 1)
          (then (i32.const 1))
          (else (i32.eqz (local.get 0))))))
      (i32.const 7)))

  (func (export "ifArmIf") (result i32) (local i32)
    (if (result i32)
      (if (result i32) (i32.const 1)
        (then (i32.const 1))
        (else (i32.lt_s (local.get 0) (i32.const -1))))
      (then (i32.const 31))
      (else (i32.const 7))))

  ;; The block ends with a comparison; an inner br_if reaches the same end.
  (func (export "blockEndBrIf") (param i32) (result i32)
    (block $l (result i32)
      (drop (br_if $l (i32.const 31)
        (block $in (result i32)
          (drop (br_if $in (i32.const 1) (local.get 0)))
          (i32.eqz (i32.const 5)))))
      (i32.const 7)))

  (func (export "blockEndCompare") (param i32 i32) (result i32)
    (block $l (result i32)
      (drop (br_if $l (i32.const 31)
        (block $in (result i32)
          (br_if $in (i32.const 1) (local.get 0))
          (drop)
          (i32.gt_u (local.get 1) (i32.const 10)))))
      (i32.const 7)))

  ;; A result written straight into a local must not skip the local.set
  ;; at a loop head that the back edge reaches with another value.
  (func (export "loopParamSet") (result i32) (local $x i32) (local $n i32)
    (local.set $n (i32.const 3))
    (i32.add (local.get $n) (local.get $n))
    (loop $loop (param i32)
      (local.set $x)
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (drop (br_if $loop (local.get $n) (local.get $n))))
    (local.get $x))

  ;; A comparison before a loop head feeds the loop's br_if only once.
  (func (export "loopParamBrIf") (param i32) (result i32) (local $n i32)
    (i32.eqz (local.get 0))
    (loop $loop (param i32) (result i32)
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $loop (i32.lt_u (local.get $n) (i32.const 4)))
      (drop)
      (local.get $n)))
)`;

const i32 = (value: number): WasmValue => ({ type: 'i32', value });

describe.each([
  ['without fuel', {}],
  ['with fuel', { fuel: 1_000_000 }],
])('peepholes at labels (%s)', (_, options) => {
  const engine = new Engine(options);
  const instance = engine.instantiate(engine.compile(wat(source)));
  const run = (name: string, ...args: number[]): WasmValue | undefined =>
    instance.invoke(
      name,
      args.map((value) => ({ type: 'i32', value })),
    )[0];

  it('does not fuse a comparison that ends an if arm into the br_if after the if', () => {
    expect(run('ifArmBrIf')).toEqual(i32(31));
  });

  it('does not fuse a comparison that ends an if arm into the if after it', () => {
    expect(run('ifArmIf')).toEqual(i32(31));
  });

  it('does not fuse a comparison that ends a block reached by a branch', () => {
    expect(run('blockEndBrIf', 1)).toEqual(i32(31));
    expect(run('blockEndBrIf', 0)).toEqual(i32(7));
    expect(run('blockEndCompare', 1, 0)).toEqual(i32(31));
    expect(run('blockEndCompare', 0, 0)).toEqual(i32(7));
    expect(run('blockEndCompare', 0, 11)).toEqual(i32(31));
  });

  it('keeps the local.set at a loop head that a back edge reaches', () => {
    expect(run('loopParamSet')).toEqual(i32(1));
  });

  it('does not fuse a comparison before a loop head into the loop', () => {
    expect(run('loopParamBrIf', 0)).toEqual(i32(4));
    expect(run('loopParamBrIf', 1)).toEqual(i32(4));
  });
});

describe('deep operand stacks', () => {
  it('compiles a branch that moves values above 200,000 operands', () => {
    const n = 200_000;
    const engine = new Engine();
    const instance = engine.instantiate(
      engine.compile(
        wat(`(module (func (export "f") (param i32) (result i32)
          ${'i32.const 1 '.repeat(n)}
          (block (result i32) (i32.const 7) (local.get 0) (br_if 0) (drop) (i32.const 8))
          ${'i32.add '.repeat(n)}))`),
      ),
    );
    const one: WasmValue = { type: 'i32', value: 1 };
    const zero: WasmValue = { type: 'i32', value: 0 };
    expect(instance.invoke('f', [one])).toEqual([
      { type: 'i32', value: n + 7 },
    ]);
    expect(instance.invoke('f', [zero])).toEqual([
      { type: 'i32', value: n + 8 },
    ]);
  });
});
