// The small module and script whose parses keep the parser's hidden
// classes alive (see `retainShapes` in @tswasm/ir).

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
