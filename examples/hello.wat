;; Prints "Hello, world!" through WASI's fd_write.
;;   tswasm run examples/hello.wat
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 1)

  ;; The text at offset 16, and an iovec { buf = 16, len = 14 } at offset 0.
  (data (i32.const 16) "Hello, world!\n")
  (data (i32.const 0) "\10\00\00\00\0e\00\00\00")

  (func (export "_start")
    ;; fd_write(fd = 1 (stdout), iovs = 0, iovs_len = 1, nwritten = 8)
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
