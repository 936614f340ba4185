;; The module behind `cargo run --example hello`: it imports a host function
;; that receives a greeting from linear memory, and exports `run`, which
;; writes the greeting and calls the host, and `fib`.
(module
  (import "host" "print" (func $print (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "Hello from WebAssembly!")
  (func (export "run")
    (call $print (i32.const 16) (i32.const 23)))
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
