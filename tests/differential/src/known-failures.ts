// Bugs of ours that the differential tests found, each with a minimal
// reproducer. Open ones list the generated programs they make disagree with
// V8: those disagreements are counted and reported, not hidden, and the
// reproducer test says when the bug is fixed. Fixed ones stay as
// regression tests: the reproducer must agree with V8.

import type { KnownFailure } from './run-generated.js';

/** A known bug: why, a reproducer module, and the export call that shows it. */
export interface KnownBug extends KnownFailure {
  readonly id: string;
  /** A module in WAT whose export `run` (no arguments) returns `expected` by the spec. */
  readonly reproducer: string;
  readonly expected: number;
}

/** Open bugs. */
export const knownBugs: readonly KnownBug[] = [];

/** Fixed bugs, kept as regression tests. */
export const fixedBugs: readonly KnownBug[] = [
  {
    id: 'if-lt-inverse',
    reason:
      '@tswasm/engine interpreter: `if` on i32.lt_s takes the branch of i32.lt_u and vice versa ' +
      '(the inverse-comparison table maps lt_s to ge_u and lt_u to ge_s)',
    reproducer: `(module (func (export "run") (result i32) (local i32)
      (local.set 0 (i32.const -1))
      (if (result i32) (i32.lt_s (local.get 0) (i32.const 0)) (then (i32.const 1)) (else (i32.const 0)))))`,
    expected: 1,
    seeds: [],
  },
  {
    id: 'br-if-fuses-compare-across-if-end',
    reason:
      '@tswasm/engine interpreter: a comparison that ends an `if` arm or a block is fused into the br_if that ' +
      'consumes the result even when the end is also reached another way (the other arm, or a branch to the ' +
      'block), so a br_if then decides on a comparison that was not what reached it',
    reproducer: `(module (func (export "run") (result i32) (local i32)
      (block $l (result i32)
        (drop (br_if $l (i32.const 31)
          (if (result i32) (i32.const 1) (then (i32.const 1)) (else (i32.eqz (local.get 0))))))
        (i32.const 7))))`,
    expected: 31,
    seeds: [],
  },
  {
    id: 'br-if-fuses-compare-across-block-end',
    reason:
      '@tswasm/engine interpreter: a comparison that ends a block is fused into the br_if after the block ' +
      'even when an inner br_if to the block reaches its end with another value',
    reproducer: `(module (func (export "run") (result i32) (local i32)
      (block $l (result i32)
        (drop (br_if $l (i32.const 31)
          (block $in (result i32)
            (drop (br_if $in (i32.const 1) (i32.const 1)))
            (i32.eqz (i32.const 5)))))
        (i32.const 7))))`,
    expected: 31,
    seeds: [],
  },
  {
    id: 'local-set-patched-across-loop-head',
    reason:
      '@tswasm/engine interpreter: a local.set at the head of a loop with parameters is folded into the ' +
      'instruction before the loop, so the values that the back edge brings are never stored',
    reproducer: `(module (func (export "run") (result i32) (local $x i32) (local $n i32)
      (local.set $n (i32.const 3))
      (i32.add (local.get $n) (local.get $n))
      (loop $loop (param i32)
        (local.set $x)
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (drop (br_if $loop (local.get $n) (local.get $n))))
      (local.get $x)))`,
    expected: 1,
    seeds: [],
  },
];
