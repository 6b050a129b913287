;; Quicksort of 100,000 pseudo-random i32s (recursive, loads and stores), then a check.
(module
  (memory 8)
  (func $qsort (param $lo i32) (param $hi i32)
    (local $i i32) (local $j i32) (local $p i32) (local $t i32)
    (if (i32.ge_s (local.get $lo) (local.get $hi)) (then (return)))
    (local.set $p (i32.load (i32.shl (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)) (i32.const 2))))
    (local.set $i (local.get $lo))
    (local.set $j (local.get $hi))
    (loop $part
      (block $i_done
        (loop $li
          (br_if $i_done (i32.ge_s (i32.load (i32.shl (local.get $i) (i32.const 2))) (local.get $p)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $li)))
      (block $j_done
        (loop $lj
          (br_if $j_done (i32.le_s (i32.load (i32.shl (local.get $j) (i32.const 2))) (local.get $p)))
          (local.set $j (i32.sub (local.get $j) (i32.const 1)))
          (br $lj)))
      (if (i32.le_s (local.get $i) (local.get $j))
        (then
          (local.set $t (i32.load (i32.shl (local.get $i) (i32.const 2))))
          (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.load (i32.shl (local.get $j) (i32.const 2))))
          (i32.store (i32.shl (local.get $j) (i32.const 2)) (local.get $t))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (local.set $j (i32.sub (local.get $j) (i32.const 1)))))
      (br_if $part (i32.le_s (local.get $i) (local.get $j))))
    (call $qsort (local.get $lo) (local.get $j))
    (call $qsort (local.get $i) (local.get $hi)))
  (func (export "main") (result i32)
    (local $i i32) (local $x i32) (local $ok i32) (local $n i32)
    (local.set $n (i32.const 100000))
    (local.set $x (i32.const 42))
    (loop $fill
      (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
      (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
      (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $x))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (local.get $n))))
    (call $qsort (i32.const 0) (i32.sub (local.get $n) (i32.const 1)))
    (local.set $ok (i32.const 1))
    (local.set $i (i32.const 1))
    (loop $check
      (if (i32.gt_s (i32.load (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 2)))
                    (i32.load (i32.shl (local.get $i) (i32.const 2))))
        (then (local.set $ok (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $check (i32.lt_u (local.get $i) (local.get $n))))
    (i32.add (local.get $ok) (i32.load (i32.const 200000)))))
