// Small WASI commands in WAT, assembled at test time.

/** Writes "hello\n" to stdout and returns (exit code 0). */
export const HELLO_WAT = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello\\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`;

/** Exits with the code given as its first argument's first digit (args_get), via proc_exit. */
export const EXIT_WAT = `(module
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $args_get (i32.const 0) (i32.const 64)))
    ;; argv[1][0] - '0'
    (call $proc_exit (i32.sub (i32.load8_u (i32.load (i32.const 4))) (i32.const 48)))
    unreachable))`;

/** Copies stdin to stdout in 4-byte reads until end of input. */
export const CAT_WAT = `(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $again
      (i32.store (i32.const 0) (i32.const 64))
      (i32.store (i32.const 4) (i32.const 4))
      (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
      (if (i32.eqz (i32.load (i32.const 8))) (then return))
      (i32.store (i32.const 4) (i32.load (i32.const 8)))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 12)))
      (br $again))))`;

/**
 * Creates "out.bin" in the first preopen (fd 3) and writes 1 KiB chunks to it
 * until fd_write fails, then exits with that errno.
 */
export const FILL_WAT = `(module
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "out.bin")
  (func (export "_start") (local $fd i32) (local $err i32)
    (local.set $err (call $path_open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 7)
      (i32.const 9) (i64.const 0x40) (i64.const 0) (i32.const 0) (i32.const 16)))
    (if (local.get $err) (then (call $proc_exit (i32.add (i32.const 100) (local.get $err)))))
    (local.set $fd (i32.load (i32.const 16)))
    (i32.store (i32.const 24) (i32.const 1024))
    (i32.store (i32.const 28) (i32.const 1024))
    (loop $again
      (local.set $err (call $fd_write (local.get $fd) (i32.const 24) (i32.const 1) (i32.const 32)))
      (br_if $again (i32.eqz (local.get $err))))
    (call $proc_exit (local.get $err))))`;

/** Opens files until path_open fails, then exits with that errno. */
export const OPEN_MANY_WAT = `(module
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) ".")
  (func (export "_start") (local $err i32)
    (loop $again
      (local.set $err (call $path_open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 1)
        (i32.const 2) (i64.const 0x4000) (i64.const 0) (i32.const 0) (i32.const 16)))
      (br_if $again (i32.eqz (local.get $err))))
    (call $proc_exit (local.get $err))))`;
