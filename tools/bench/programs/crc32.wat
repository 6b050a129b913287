;; Table-driven CRC-32 over a 64 KiB buffer, repeated: byte loads, shifts, xors.
(module
  (memory 2)
  (func $make_table
    (local $n i32) (local $c i32) (local $k i32)
    (loop $ln
      (local.set $c (local.get $n))
      (local.set $k (i32.const 0))
      (loop $lk
        (local.set $c
          (if (result i32) (i32.and (local.get $c) (i32.const 1))
            (then (i32.xor (i32.const 0xedb88320) (i32.shr_u (local.get $c) (i32.const 1))))
            (else (i32.shr_u (local.get $c) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $lk (i32.lt_u (local.get $k) (i32.const 8))))
      (i32.store offset=65536 (i32.shl (local.get $n) (i32.const 2)) (local.get $c))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $ln (i32.lt_u (local.get $n) (i32.const 256)))))
  (func $fill
    (local $i i32) (local $x i32)
    (local.set $x (i32.const 12345))
    (loop $l
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store8 (local.get $i) (i32.shr_u (local.get $x) (i32.const 16)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 65536)))))
  (func $crc (param $len i32) (result i32)
    (local $c i32) (local $i i32)
    (local.set $c (i32.const -1))
    (loop $l
      (local.set $c
        (i32.xor
          (i32.load offset=65536
            (i32.shl (i32.and (i32.xor (local.get $c) (i32.load8_u (local.get $i))) (i32.const 255)) (i32.const 2)))
          (i32.shr_u (local.get $c) (i32.const 8))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $len))))
    (i32.xor (local.get $c) (i32.const -1)))
  (func (export "main") (result i32)
    (local $r i32) (local $acc i32)
    (call $make_table)
    (call $fill)
    (loop $rep
      (local.set $acc (i32.xor (local.get $acc) (call $crc (i32.const 65536))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rep (i32.lt_u (local.get $r) (i32.const 31))))
    (local.get $acc)))
