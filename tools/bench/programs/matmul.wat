;; f64 matrix multiply, C = A * B with n = 64, repeated.
(module
  (memory 2)
  (global $n i32 (i32.const 64))
  (func $init
    (local $i i32) (local $total i32)
    (local.set $total (i32.mul (global.get $n) (global.get $n)))
    (loop $l
      (f64.store (i32.shl (local.get $i) (i32.const 3))
        (f64.convert_i32_s (i32.rem_u (local.get $i) (i32.const 7))))
      (f64.store (i32.add (i32.const 32768) (i32.shl (local.get $i) (i32.const 3)))
        (f64.div (f64.convert_i32_s (i32.rem_u (local.get $i) (i32.const 5))) (f64.const 3)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $total)))))
  (func $mul
    (local $i i32) (local $j i32) (local $k i32) (local $sum f64)
    (loop $li
      (local.set $j (i32.const 0))
      (loop $lj
        (local.set $sum (f64.const 0))
        (local.set $k (i32.const 0))
        (loop $lk
          (local.set $sum (f64.add (local.get $sum)
            (f64.mul
              (f64.load (i32.shl (i32.add (i32.mul (local.get $i) (global.get $n)) (local.get $k)) (i32.const 3)))
              (f64.load offset=32768 (i32.shl (i32.add (i32.mul (local.get $k) (global.get $n)) (local.get $j)) (i32.const 3))))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $lk (i32.lt_u (local.get $k) (global.get $n))))
        (f64.store offset=65536 (i32.shl (i32.add (i32.mul (local.get $i) (global.get $n)) (local.get $j)) (i32.const 3)) (local.get $sum))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $lj (i32.lt_u (local.get $j) (global.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $li (i32.lt_u (local.get $i) (global.get $n)))))
  (func (export "main") (result i32)
    (local $r i32) (local $i i32) (local $sum f64)
    (call $init)
    (loop $rep
      (call $mul)
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rep (i32.lt_u (local.get $r) (i32.const 8))))
    (loop $s
      (local.set $sum (f64.add (local.get $sum) (f64.load offset=65536 (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $s (i32.lt_u (local.get $i) (i32.const 4096))))
    (i32.trunc_f64_s (local.get $sum))))
