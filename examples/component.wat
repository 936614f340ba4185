;; The component behind `cargo run --example component`.
;;
;; Imports `log: func(msg: string)` from the host and exports
;; `greet: func(name: string) -> string`, which builds "Hello, NAME!" in its
;; own memory, logs it through the host, and returns it.
(component
  (import "log" (func $log (param "msg" string)))

  (core module $libc
    (memory (export "memory") 1)
    ;; A bump allocator; `post-return` resets it after each call.
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $ptr i32)
      (local.set $ptr
        (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                 (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $ptr) (local.get $size)))
      (if (i32.gt_u (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
        (then (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))))
      (local.get $ptr))
    (func (export "reset") (param i32) (global.set $next (i32.const 1024))))
  (core instance $libc (instantiate $libc))

  (core func $log-lowered
    (canon lower (func $log) (memory (core memory $libc "memory")) (realloc (core func $libc "realloc"))))

  (core module $app
    (import "libc" "memory" (memory 1))
    (import "libc" "realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
    (import "host" "log" (func $log (param i32 i32)))
    (data (i32.const 16) "Hello, ")
    (func (export "greet") (param $name i32) (param $len i32) (result i32)
      (local $out i32) (local $total i32)
      (local.set $total (i32.add (local.get $len) (i32.const 8)))
      (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $total)))
      (memory.copy (local.get $out) (i32.const 16) (i32.const 7))
      (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $name) (local.get $len))
      (i32.store8 (i32.sub (i32.add (local.get $out) (local.get $total)) (i32.const 1)) (i32.const 33))
      (call $log (local.get $out) (local.get $total))
      ;; The return area holds (pointer, length) of the result.
      (i32.store (i32.const 0) (local.get $out))
      (i32.store (i32.const 4) (local.get $total))
      (i32.const 0)))
  (core instance $app (instantiate $app
    (with "libc" (instance $libc))
    (with "host" (instance (export "log" (func $log-lowered))))))

  (func (export "greet") (param "name" string) (result string)
    (canon lift (core func $app "greet")
      (memory (core memory $libc "memory"))
      (realloc (core func $libc "realloc"))
      (post-return (core func $libc "reset")))))
