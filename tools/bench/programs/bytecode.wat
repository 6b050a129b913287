;; A tiny bytecode interpreter (switch-heavy, br_table). The program in
;; memory counts a register down from N, summing into an accumulator.
;; Ops: 0 halt, 1 dec r0, 2 acc += r0, 3 jnz r0 -> 1, 4 acc ^= acc<<1, 5 nop
(module
  (memory 1)
  (data (i32.const 0) "\01\02\05\04\03")
  (func $run (param $n i32) (result i32)
    (local $pc i32) (local $r0 i32) (local $acc i32)
    (local.set $r0 (local.get $n))
    (block $halt
      (loop $dispatch
        (block $op5 (block $op4 (block $op3 (block $op2 (block $op1 (block $op0
          (br_table $op0 $op1 $op2 $op3 $op4 $op5 $op0 (i32.load8_u (local.get $pc))))
          ;; 0: halt
          (br $halt))
          ;; 1: dec
          (local.set $r0 (i32.sub (local.get $r0) (i32.const 1)))
          (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
          (br $dispatch))
          ;; 2: acc += r0
          (local.set $acc (i32.add (local.get $acc) (local.get $r0)))
          (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
          (br $dispatch))
          ;; 3: jnz r0 -> 0, else halt (pc = 5 holds 0)
          (local.set $pc (select (i32.const 0) (i32.const 5) (local.get $r0)))
          (br $dispatch))
          ;; 4: acc ^= acc << 1
          (local.set $acc (i32.xor (local.get $acc) (i32.shl (local.get $acc) (i32.const 1))))
          (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
          (br $dispatch))
        ;; 5: nop
        (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
        (br $dispatch)))
    (local.get $acc))
  (func (export "main") (result i32)
    (call $run (i32.const 600000))))
