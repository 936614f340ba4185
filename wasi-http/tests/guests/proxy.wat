;; The core module of the test guest of the serving side: a component of
;; the `wasi:http/proxy@0.2.12` world once `tests/support/guest.rs` has
;; embedded that world's WIT and wit-component has wrapped it. Its
;; `wasi:http/incoming-handler.handle` answers by path:
;;
;;   /trap         traps (`unreachable`) before setting the response
;;   /no-response  returns without setting the response
;;   /error        sets the error-code `connection-timeout`
;;   /late-trap    sets a 200 response, writes "partial", then traps
;;   /unfinished   sets a 200 response, writes "partial", then finishes the
;;                 body while its stream is still alive (which traps)
;;   /spin         loops for ever without waiting
;;   /hang         waits for ever (on a clock's pollable of u64::MAX ns)
;;   /trailers     echoes as below, with the header `trailer: x-checksum`,
;;                 and answers with the request's trailers (if any)
;;   /left-open    sets a 200 response, writes "partial", then returns
;;                 without finishing (or dropping) the body or its stream
;;   /dropped      sets a 200 response, writes "partial", drops the stream
;;                 and the body (unfinished), then returns
;;   /short        as /left-open, with a `content-length: 10` response
;;   anything else echoes: status 200, headers `x-method` (the method's
;;                 name), `x-path` (the path with query) and every value of
;;                 the request's `x-echo` as `x-echo`; the body is the
;;                 request's, streamed back 4096 bytes at a time.
;;
;; Memory: the return areas at 0..64, constant strings from 1024, the heap
;; (a bump allocator, reset before each read of the body) from 65536.
(module
  (import "wasi:http/types@0.2.12" "[constructor]fields" (func $fields (result i32)))
  (import "wasi:http/types@0.2.12" "[method]fields.append"
    (func $append (param i32 i32 i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]fields.get" (func $get (param i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]incoming-request.method"
    (func $method (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]incoming-request.path-with-query"
    (func $path (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]incoming-request.headers"
    (func $headers (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]incoming-request.consume"
    (func $consume (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]incoming-body.stream"
    (func $in_stream (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[constructor]outgoing-response"
    (func $response (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-response.body"
    (func $out_body (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-body.write"
    (func $out_stream (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[static]outgoing-body.finish"
    (func $finish (param i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[static]response-outparam.set"
    (func $set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[resource-drop]outgoing-body"
    (func $drop_out_body (param i32)))
  (import "wasi:io/streams@0.2.12" "[method]input-stream.blocking-read"
    (func $read (param i32 i64 i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.blocking-write-and-flush"
    (func $write (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream"
    (func $drop_out_stream (param i32)))
  (import "wasi:io/streams@0.2.12" "[resource-drop]input-stream"
    (func $drop_in_stream (param i32)))
  (import "wasi:http/types@0.2.12" "[static]incoming-body.finish"
    (func $in_finish (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]future-trailers.subscribe"
    (func $trailers_subscribe (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]future-trailers.get"
    (func $trailers_get (param i32 i32)))
  (import "wasi:clocks/monotonic-clock@0.2.12" "subscribe-duration"
    (func $sleep (param i64) (result i32)))
  (import "wasi:io/poll@0.2.12" "[method]pollable.block" (func $block (param i32)))

  (memory (export "memory") 2)
  (global $heap i32 (i32.const 65536))
  (global $next (mut i32) (i32.const 65536))

  ;; The methods' names by case, as (address, length) pairs at 1024.
  (data (i32.const 1024)
    "\00\05\00\00\03\00\00\00" "\03\05\00\00\04\00\00\00" "\07\05\00\00\04\00\00\00"
    "\0b\05\00\00\03\00\00\00" "\0e\05\00\00\06\00\00\00" "\14\05\00\00\07\00\00\00"
    "\1b\05\00\00\07\00\00\00" "\22\05\00\00\05\00\00\00" "\27\05\00\00\05\00\00\00")
  (data (i32.const 1280) "GETHEADPOSTPUTDELETECONNECTOPTIONSTRACEPATCH")
  (data (i32.const 1536) "x-method")
  (data (i32.const 1552) "x-path")
  (data (i32.const 1568) "x-echo")
  (data (i32.const 1584) "/trap")
  (data (i32.const 1600) "/no-response")
  (data (i32.const 1616) "/error")
  (data (i32.const 1632) "/late-trap")
  (data (i32.const 1648) "partial")
  (data (i32.const 1664) "/unfinished")
  (data (i32.const 1680) "/spin")
  (data (i32.const 1696) "/hang")
  (data (i32.const 1712) "/trailers")
  (data (i32.const 1728) "trailer")
  (data (i32.const 1744) "x-checksum")
  (data (i32.const 1760) "/left-open")
  (data (i32.const 1776) "/dropped")
  (data (i32.const 1792) "/short")
  (data (i32.const 1808) "content-length")
  (data (i32.const 1824) "10")

  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32) (local $end i32)
    (local.set $p (i32.and
      (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
      (i32.sub (i32.const 0) (local.get 2))))
    (local.set $end (i32.add (local.get $p) (local.get 3)))
    (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (if (i32.lt_s
              (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end)
                (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1)))
              (i32.const 0))
          (then unreachable))))
    (global.set $next (local.get $end))
    (local.get $p))

  ;; Whether the `len` bytes at `a` are the `len2` bytes at `b`.
  (func $eq (param $a i32) (param $len i32) (param $b i32) (param $len2 i32) (result i32)
    (local $i i32)
    (if (i32.ne (local.get $len) (local.get $len2)) (then (return (i32.const 0))))
    (block $done
      (loop $next
        (br_if $done (i32.eq (local.get $i) (local.get $len)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i)))
                    (i32.load8_u (i32.add (local.get $b) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; Appends the value (`ptr`, `len`) under `name` (`name_len` bytes) to
  ;; `fields`; traps on failure.
  (func $add (param $fields i32) (param $name i32) (param $name_len i32) (param $ptr i32)
    (param $len i32)
    (call $append (local.get $fields) (local.get $name) (local.get $name_len)
      (local.get $ptr) (local.get $len) (i32.const 0))
    (if (i32.load8_u (i32.const 0)) (then unreachable)))

  ;; Sets `out` to a 200 response with `fields` and returns the response's
  ;; body's output stream (the body's handle at 48).
  (func $respond (param $out i32) (param $fields i32) (result i32)
    (local $response i32)
    (local.set $response (call $response (local.get $fields)))
    (call $out_body (local.get $response) (i32.const 0))
    (if (i32.load8_u (i32.const 0)) (then unreachable))
    (i32.store (i32.const 48) (i32.load (i32.const 4)))
    (call $set (local.get $out) (i32.const 0) (local.get $response)
      (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
    (call $out_stream (i32.load (i32.const 48)) (i32.const 0))
    (if (i32.load8_u (i32.const 0)) (then unreachable))
    (i32.load (i32.const 4)))

  (func (export "wasi:http/incoming-handler@0.2.12#handle") (param $req i32) (param $out i32)
    (local $fields i32) (local $path i32) (local $path_len i32) (local $list i32)
    (local $count i32) (local $i i32) (local $in i32) (local $stream i32) (local $ptr i32)
    (local $len i32) (local $body i32) (local $trailers i32) (local $future i32)
    ;; The path decides.
    (call $path (local.get $req) (i32.const 0))
    (if (i32.load8_u (i32.const 0))
      (then
        (local.set $path (i32.load (i32.const 4)))
        (local.set $path_len (i32.load (i32.const 8)))))
    (if (call $eq (local.get $path) (local.get $path_len) (i32.const 1584) (i32.const 5))
      (then unreachable))
    (if (call $eq (local.get $path) (local.get $path_len) (i32.const 1600) (i32.const 12))
      (then (return)))
    (if (call $eq (local.get $path) (local.get $path_len) (i32.const 1616) (i32.const 6))
      (then
        ;; error-code case 8: connection-timeout.
        (call $set (local.get $out) (i32.const 1) (i32.const 8)
          (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
        (return)))
    (if (call $eq (local.get $path) (local.get $path_len) (i32.const 1680) (i32.const 5))
      (then (loop $ever (br $ever))))
    (if (call $eq (local.get $path) (local.get $path_len) (i32.const 1696) (i32.const 5))
      (then (call $block (call $sleep (i64.const -1))) (return)))
    (local.set $fields (call $fields))
    (if (call $eq (local.get $path) (local.get $path_len) (i32.const 1632) (i32.const 10))
      (then
        (local.set $stream (call $respond (local.get $out) (local.get $fields)))
        (call $write (local.get $stream) (i32.const 1648) (i32.const 7) (i32.const 0))
        unreachable))
    (if (call $eq (local.get $path) (local.get $path_len) (i32.const 1792) (i32.const 6))
      (then
        (call $add (local.get $fields) (i32.const 1808) (i32.const 14)
          (i32.const 1824) (i32.const 2))
        ;; Then as /left-open.
        (local.set $path (i32.const 1760))
        (local.set $path_len (i32.const 10))))
    (if (call $eq (local.get $path) (local.get $path_len) (i32.const 1760) (i32.const 10))
      (then
        (local.set $stream (call $respond (local.get $out) (local.get $fields)))
        (call $write (local.get $stream) (i32.const 1648) (i32.const 7) (i32.const 0))
        (if (i32.load8_u (i32.const 0)) (then unreachable))
        (return)))
    (if (call $eq (local.get $path) (local.get $path_len) (i32.const 1776) (i32.const 8))
      (then
        (local.set $stream (call $respond (local.get $out) (local.get $fields)))
        (call $write (local.get $stream) (i32.const 1648) (i32.const 7) (i32.const 0))
        (if (i32.load8_u (i32.const 0)) (then unreachable))
        (call $drop_out_stream (local.get $stream))
        (call $drop_out_body (i32.load (i32.const 48)))
        (return)))
    (if (call $eq (local.get $path) (local.get $path_len) (i32.const 1664) (i32.const 11))
      (then
        (local.set $stream (call $respond (local.get $out) (local.get $fields)))
        (call $write (local.get $stream) (i32.const 1648) (i32.const 7) (i32.const 0))
        (call $finish (i32.load (i32.const 48)) (i32.const 0) (i32.const 0) (i32.const 0))
        (return)))
    ;; (Decided now: reading the body reuses the heap the path is in.)
    (local.set $trailers
      (call $eq (local.get $path) (local.get $path_len) (i32.const 1712) (i32.const 9)))
    (if (local.get $trailers)
      (then (call $add (local.get $fields) (i32.const 1728) (i32.const 7)
        (i32.const 1744) (i32.const 10))))

    ;; x-method
    (call $method (local.get $req) (i32.const 0))
    (if (i32.eq (i32.load8_u (i32.const 0)) (i32.const 9))
      (then
        (local.set $ptr (i32.load (i32.const 4)))
        (local.set $len (i32.load (i32.const 8))))
      (else
        (local.set $i (i32.add (i32.const 1024)
          (i32.mul (i32.load8_u (i32.const 0)) (i32.const 8))))
        (local.set $ptr (i32.load (local.get $i)))
        (local.set $len (i32.load (i32.add (local.get $i) (i32.const 4))))))
    (call $add (local.get $fields) (i32.const 1536) (i32.const 8) (local.get $ptr) (local.get $len))
    ;; x-path
    (if (local.get $path)
      (then (call $add (local.get $fields) (i32.const 1552) (i32.const 6)
        (local.get $path) (local.get $path_len))))
    ;; x-echo, each value
    (call $get (call $headers (local.get $req)) (i32.const 1568) (i32.const 6) (i32.const 0))
    (local.set $list (i32.load (i32.const 0)))
    (local.set $count (i32.load (i32.const 4)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.eq (local.get $i) (local.get $count)))
        (local.set $ptr (i32.add (local.get $list) (i32.mul (local.get $i) (i32.const 8))))
        (call $add (local.get $fields) (i32.const 1568) (i32.const 6)
          (i32.load (local.get $ptr)) (i32.load (i32.add (local.get $ptr) (i32.const 4))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))

    (local.set $stream (call $respond (local.get $out) (local.get $fields)))
    ;; The request's body, streamed back.
    (call $consume (local.get $req) (i32.const 0))
    (if (i32.load8_u (i32.const 0)) (then unreachable))
    (local.set $body (i32.load (i32.const 4)))
    (call $in_stream (local.get $body) (i32.const 0))
    (if (i32.load8_u (i32.const 0)) (then unreachable))
    (local.set $in (i32.load (i32.const 4)))
    (block $end
      (loop $copy
        (global.set $next (global.get $heap))
        (call $read (local.get $in) (i64.const 4096) (i32.const 0))
        ;; An error (closed, or failed) ends the body.
        (br_if $end (i32.load8_u (i32.const 0)))
        (local.set $ptr (i32.load (i32.const 4)))
        (local.set $len (i32.load (i32.const 8)))
        (if (local.get $len)
          (then
            (call $write (local.get $stream) (local.get $ptr) (local.get $len) (i32.const 16))
            (if (i32.load8_u (i32.const 16)) (then unreachable))))
        (br $copy)))
    (call $drop_out_stream (local.get $stream))
    (if (local.get $trailers)
      (then
        ;; The request's trailers: option<result<result<option<trailers>,
        ;; error-code>>> at 64 (tags at 64, 72, 80, 88; the handle at 92).
        (call $drop_in_stream (local.get $in))
        (local.set $future (call $in_finish (local.get $body)))
        (call $block (call $trailers_subscribe (local.get $future)))
        (call $trailers_get (local.get $future) (i32.const 64))
        (if (i32.and
              (i32.and (i32.eq (i32.load8_u (i32.const 64)) (i32.const 1))
                       (i32.eqz (i32.load8_u (i32.const 72))))
              (i32.and (i32.eqz (i32.load8_u (i32.const 80)))
                       (i32.eq (i32.load8_u (i32.const 88)) (i32.const 1))))
          (then
            (call $finish (i32.load (i32.const 48)) (i32.const 1) (i32.load (i32.const 92))
              (i32.const 0))
            (if (i32.load8_u (i32.const 0)) (then unreachable))
            (return)))))
    (call $finish (i32.load (i32.const 48)) (i32.const 0) (i32.const 0) (i32.const 0))
    (if (i32.load8_u (i32.const 0)) (then unreachable)))
)
