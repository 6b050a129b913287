// Keeps V8's hidden classes of the parser's objects alive between parses.
//
// V8 keeps the map (hidden class) of a class instance or object literal
// alive only while some object has it: a map hangs off its parent map by a
// weak transition. When a full garbage collection finds no instance of,
// say, the parser's classes (between two parses), it frees their maps and
// throws away every optimized function that checks for them; the next
// parse then runs unoptimized code until V8 optimizes it again (a third
// more time on a 48 MB module, `--trace-deopt` reporting "weak objects").
// One small module parsed in each mode, kept for the life of the package,
// keeps those maps alive.

/** Objects of small parses, by what parsed them; filled on first use. */
const retained = new Map<string, readonly unknown[]>();

/** A small module using the common shapes: types, memargs, blocks, folded and flat code. */
export const shapeSource = `(module $m
  (type $t (func (param i32) (result i32)))
  (import "m" "g" (global $g (mut i32)))
  (memory 1) (table 1 funcref)
  (global $h (mut i64) (i64.const 0))
  (func $f (export "f") (type $t) (local $x i64) (local f32)
    local.get 0 i32.load offset=4 align=4 i32.const 1 i32.add
    block $b (result i32) i32.const 1 br_if $b end drop
    (call_indirect (type $t) (i32.const 0) (i32.const 0)) drop
    (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2)))
    (i32.store (local.get 0) (i32.const 2))
    loop $l br_if $l (i32.eqz (local.get 0)) end
    (select (local.get 0) (i32.const 3) (i32.const 4)))
  (elem (i32.const 0) func $f)
  (data (i32.const 0) "a\\00"))`;

/**
 * Runs `parse` (a small parse returning the objects to keep) once per
 * `key`, keeping what it returns.
 */
export function retainShapes(
  key: string,
  parse: () => readonly unknown[],
): void {
  if (!retained.has(key)) retained.set(key, parse());
}
