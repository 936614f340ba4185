;; hoist-only workloads (no Wasmtime counterpart in ../shared/bench): calls
;; from one component instance into another, through `canon lower` of the
;; other's lifted export.
;; - `run-add(n)`: n calls of `add: func(u32, u32) -> u32` (scalars only: the
;;   fused path of runtime/src/component/adapter.rs); returns the sum 1..=n.
;; - `run-echo(n)`: n calls of `echo: func(string) -> string` with the 16-byte
;;   "hello, component" (strings: the general path, through dynamic values);
;;   returns n * (16 + 'h'), the echoed length plus its first byte.
(component
  (component $callee
    (core module $m
      (memory (export "memory") 1)
      (global $heap (mut i32) (i32.const 1024))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $p i32)
        (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
        (global.set $heap (i32.add (local.get $p) (local.get 3)))
        (local.get $p))
      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func (export "echo") (param i32 i32) (result i32)
        (i32.store (i32.const 16) (local.get 0))
        (i32.store (i32.const 20) (local.get 1))
        (i32.const 16))
      (func (export "post") (param i32) (global.set $heap (i32.const 1024))))
    (core instance $i (instantiate $m))
    (func (export "add") (param "a" u32) (param "b" u32) (result u32)
      (canon lift (core func $i "add")))
    (func (export "echo") (param "s" string) (result string)
      (canon lift (core func $i "echo") (memory (core memory $i "memory")) (realloc (core func $i "realloc")) (post-return (core func $i "post")))))
  (component $caller
    (import "add" (func $add (param "a" u32) (param "b" u32) (result u32)))
    (import "echo" (func $echo (param "s" string) (result string)))
    (core module $libc
      (memory (export "memory") 1)
      (global $heap (mut i32) (i32.const 1024))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $p i32)
        (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
        (global.set $heap (i32.add (local.get $p) (local.get 3)))
        (local.get $p))
      (data (i32.const 100) "hello, component")
      (func (export "reset") (global.set $heap (i32.const 1024))))
    (core instance $libc (instantiate $libc))
    (core func $add_c (canon lower (func $add)))
    (core func $echo_c (canon lower (func $echo) (memory (core memory $libc "memory")) (realloc (core func $libc "realloc"))))
    (core module $m
      (import "" "add" (func $add (param i32 i32) (result i32)))
      (import "" "echo" (func $echo (param i32 i32 i32)))
      (import "" "memory" (memory 1))
      (import "" "reset" (func $reset))
      (func (export "run_add") (param $n i32) (result i32)
        (local $acc i32)
        (block $d (loop $l
          (br_if $d (i32.eqz (local.get $n)))
          (local.set $acc (call $add (local.get $acc) (local.get $n)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l)))
        (local.get $acc))
      (func (export "run_echo") (param $n i32) (result i32)
        (local $acc i32)
        (block $d (loop $l
          (br_if $d (i32.eqz (local.get $n)))
          (call $echo (i32.const 100) (i32.const 16) (i32.const 200))
          (local.set $acc (i32.add (local.get $acc)
            (i32.add (i32.load offset=4 (i32.const 200)) (i32.load8_u (i32.load (i32.const 200))))))
          (call $reset)
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l)))
        (local.get $acc)))
    (core instance $i (instantiate $m (with "" (instance
      (export "add" (func $add_c)) (export "echo" (func $echo_c))
      (export "memory" (memory $libc "memory")) (export "reset" (func $libc "reset"))))))
    (func (export "run-add") (param "n" u32) (result u32) (canon lift (core func $i "run_add")))
    (func (export "run-echo") (param "n" u32) (result u32) (canon lift (core func $i "run_echo"))))
  (instance $a (instantiate $callee))
  (instance $b (instantiate $caller (with "add" (func $a "add")) (with "echo" (func $a "echo"))))
  (export "run-add" (func $b "run-add"))
  (export "run-echo" (func $b "run-echo")))
