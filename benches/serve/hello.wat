;; The hello-world handler of the `hoist serve` benchmark
;; (benches/serve-compare.sh): a core module of the `wasi:http/proxy@0.2.12`
;; world, made a component by `proxy-component`. Every request is answered
;; 200 with `content-type: text/plain` and the body "Hello, world!\n"; the
;; request's body is not read.
(module
  (import "wasi:http/types@0.2.12" "[constructor]fields" (func $fields (result i32)))
  (import "wasi:http/types@0.2.12" "[method]fields.append"
    (func $append (param i32 i32 i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[constructor]outgoing-response"
    (func $response (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-response.body"
    (func $body (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-body.write"
    (func $stream (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[static]outgoing-body.finish"
    (func $finish (param i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[static]response-outparam.set"
    (func $set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.blocking-write-and-flush"
    (func $write (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream"
    (func $drop_stream (param i32)))

  (memory (export "memory") 1)
  (data (i32.const 1024) "content-type")
  (data (i32.const 1040) "text/plain")
  (data (i32.const 1056) "Hello, world!\n")

  ;; Nothing is allocated in this guest's memory but by the host's
  ;; results, which fit the scratch area at 4096.
  (global $next (mut i32) (i32.const 4096))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
      (i32.sub (i32.const 0) (local.get 2))))
    (global.set $next (i32.add (local.get $p) (local.get 3)))
    (if (i32.gt_u (global.get $next) (i32.const 65536)) (then unreachable))
    (local.get $p))

  (func (export "wasi:http/incoming-handler@0.2.12#handle") (param $req i32) (param $out i32)
    (local $headers i32) (local $response i32) (local $body i32) (local $stream i32)
    (global.set $next (i32.const 4096))
    (local.set $headers (call $fields))
    (call $append (local.get $headers) (i32.const 1024) (i32.const 12)
      (i32.const 1040) (i32.const 10) (i32.const 0))
    (if (i32.load8_u (i32.const 0)) (then unreachable))
    (local.set $response (call $response (local.get $headers)))
    (call $body (local.get $response) (i32.const 0))
    (if (i32.load8_u (i32.const 0)) (then unreachable))
    (local.set $body (i32.load (i32.const 4)))
    (call $set (local.get $out) (i32.const 0) (local.get $response)
      (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
    (call $stream (local.get $body) (i32.const 0))
    (if (i32.load8_u (i32.const 0)) (then unreachable))
    (local.set $stream (i32.load (i32.const 4)))
    (call $write (local.get $stream) (i32.const 1056) (i32.const 14) (i32.const 0))
    (if (i32.load8_u (i32.const 0)) (then unreachable))
    (call $drop_stream (local.get $stream))
    (call $finish (local.get $body) (i32.const 0) (i32.const 0) (i32.const 0))
    (if (i32.load8_u (i32.const 0)) (then unreachable)))
)
