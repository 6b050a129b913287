;; Sieve of Eratosthenes over a byte array, repeated: loads, stores, loops.
(module
  (memory 2)
  (func $sieve (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $count i32)
    (memory.fill (i32.const 0) (i32.const 1) (local.get $n))
    (local.set $i (i32.const 2))
    (block $done
      (loop $outer
        (br_if $done (i32.gt_u (i32.mul (local.get $i) (local.get $i)) (local.get $n)))
        (if (i32.load8_u (local.get $i))
          (then
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $inner_done
              (loop $inner
                (br_if $inner_done (i32.ge_u (local.get $j) (local.get $n)))
                (i32.store8 (local.get $j) (i32.const 0))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $inner)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.set $i (i32.const 2))
    (block $done2
      (loop $count_loop
        (br_if $done2 (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $count (i32.add (local.get $count) (i32.load8_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $count_loop)))
    (local.get $count))
  (func (export "main") (result i32)
    (local $k i32) (local $r i32)
    (loop $rep
      (local.set $r (call $sieve (i32.const 100000)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $rep (i32.lt_u (local.get $k) (i32.const 10))))
    (local.get $r)))
