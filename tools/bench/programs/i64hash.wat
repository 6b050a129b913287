;; splitmix64 / xorshift-multiply hashing: 64-bit multiplies, shifts, xors.
(module
  (func (export "main") (result i64)
    (local $state i64) (local $z i64) (local $acc i64) (local $i i32)
    (local.set $state (i64.const 0x9e3779b97f4a7c15))
    (loop $l
      (local.set $state (i64.add (local.get $state) (i64.const 0x9e3779b97f4a7c15)))
      (local.set $z (local.get $state))
      (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 30))) (i64.const 0xbf58476d1ce4e5b9)))
      (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 27))) (i64.const 0x94d049bb133111eb)))
      (local.set $z (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 31))))
      (local.set $acc (i64.add (i64.rotl (local.get $acc) (i64.const 5)) (local.get $z)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000))))
    (local.get $acc)))
