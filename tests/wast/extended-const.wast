;; Extended constant expressions: i32/i64 add, sub and mul in constant
;; expressions (global initialisers, data and element offsets, element
;; items), mixed with constants and global.get of imported globals.
;; Written for hoist after the proposal's overview; run with the engine's
;; default features (no header).

;; Globals: arithmetic of constants, folded and flat, wrapping.

(module
  (global (export "i32-add") i32 (i32.add (i32.const 1) (i32.const 2)))
  (global (export "i32-sub") i32 (i32.sub (i32.const 1) (i32.const 2)))
  (global (export "i32-mul") i32 (i32.mul (i32.const -3) (i32.const 5)))
  (global (export "i32-nest") i32
    (i32.mul (i32.add (i32.const 2) (i32.const 3)) (i32.sub (i32.const 10) (i32.const 1))))
  (global (export "i32-flat") i32
    i32.const 7 i32.const 6 i32.mul i32.const 2 i32.sub)
  (global (export "i32-add-wrap") i32 (i32.add (i32.const 0x7fffffff) (i32.const 1)))
  (global (export "i32-sub-wrap") i32 (i32.sub (i32.const 0x80000000) (i32.const 1)))
  (global (export "i32-mul-wrap") i32 (i32.mul (i32.const 0x12345678) (i32.const 0x100)))

  (global (export "i64-add") i64 (i64.add (i64.const 1) (i64.const 2)))
  (global (export "i64-sub") i64 (i64.sub (i64.const 1) (i64.const 2)))
  (global (export "i64-mul") i64 (i64.mul (i64.const -3) (i64.const 5)))
  (global (export "i64-nest") i64
    (i64.sub (i64.mul (i64.const 0x100000000) (i64.const 3)) (i64.add (i64.const 1) (i64.const 1))))
  (global (export "i64-add-wrap") i64
    (i64.add (i64.const 0x7fffffffffffffff) (i64.const 1)))
  (global (export "i64-sub-wrap") i64
    (i64.sub (i64.const 0x8000000000000000) (i64.const 1)))
  (global (export "i64-mul-wrap") i64
    (i64.mul (i64.const 0x123456789) (i64.const 0x100000000)))

  ;; Mutable globals may start from a computed value too.
  (global $m (mut i32) (i32.add (i32.const 100) (i32.const 11)))
  (func (export "get-m") (result i32) (global.get $m))
  (func (export "bump-m") (global.set $m (i32.add (global.get $m) (i32.const 1))))
)

(assert_return (get "i32-add") (i32.const 3))
(assert_return (get "i32-sub") (i32.const -1))
(assert_return (get "i32-mul") (i32.const -15))
(assert_return (get "i32-nest") (i32.const 45))
(assert_return (get "i32-flat") (i32.const 40))
(assert_return (get "i32-add-wrap") (i32.const 0x80000000))
(assert_return (get "i32-sub-wrap") (i32.const 0x7fffffff))
(assert_return (get "i32-mul-wrap") (i32.const 0x34567800))
(assert_return (get "i64-add") (i64.const 3))
(assert_return (get "i64-sub") (i64.const -1))
(assert_return (get "i64-mul") (i64.const -15))
(assert_return (get "i64-nest") (i64.const 0x2fffffffe))
(assert_return (get "i64-add-wrap") (i64.const 0x8000000000000000))
(assert_return (get "i64-sub-wrap") (i64.const 0x7fffffffffffffff))
(assert_return (get "i64-mul-wrap") (i64.const 0x2345678900000000))
(assert_return (invoke "get-m") (i32.const 111))
(invoke "bump-m")
(assert_return (invoke "get-m") (i32.const 112))

;; Globals computed from imported globals (spectest's are 666).

(module
  (import "spectest" "global_i32" (global $g32 i32))
  (import "spectest" "global_i64" (global $g64 i64))
  (global (export "a") i32 (i32.add (global.get $g32) (i32.const 42)))
  (global (export "b") i32 (i32.sub (global.get $g32) (global.get $g32)))
  (global (export "c") i32 (i32.mul (global.get $g32) (i32.const -2)))
  (global (export "d") i64 (i64.add (global.get $g64) (i64.const 42)))
  (global (export "e") i64 (i64.sub (i64.const 0) (global.get $g64)))
  (global (export "f") i64 (i64.mul (global.get $g64) (global.get $g64)))
  (global (export "g") i32
    global.get $g32 i32.const 2 i32.mul global.get $g32 i32.sub i32.const 1 i32.add)
)

(assert_return (get "a") (i32.const 708))
(assert_return (get "b") (i32.const 0))
(assert_return (get "c") (i32.const -1332))
(assert_return (get "d") (i64.const 708))
(assert_return (get "e") (i64.const -666))
(assert_return (get "f") (i64.const 443556))
(assert_return (get "g") (i32.const 667))

;; A base exported by one module and imported by another.

(module $base
  (global (export "memory_base") i32 (i32.const 1024))
  (global (export "table_base") i32 (i32.const 2))
)
(register "base" $base)

;; Data segments at computed offsets.

(module
  (import "base" "memory_base" (global $mb i32))
  (memory 1)
  (data (offset global.get $mb i32.const 16 i32.add) "\2a\00\00\00")
  (data (offset (i32.mul (i32.const 4) (i32.const 8))) "\07\00\00\00")
  (data (offset (i32.sub (i32.const 0x10000) (i32.const 4))) "\ff\ff\ff\ff")
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
)

(assert_return (invoke "load" (i32.const 1040)) (i32.const 42))
(assert_return (invoke "load" (i32.const 1024)) (i32.const 0))
(assert_return (invoke "load" (i32.const 32)) (i32.const 7))
(assert_return (invoke "load" (i32.const 65532)) (i32.const -1))

;; Element segments at computed offsets, with function indices and with
;; element expressions.

(module
  (import "base" "table_base" (global $tb i32))
  (type $t (func (result i32)))
  (table 10 funcref)
  (func $one (type $t) (i32.const 1))
  (func $two (type $t) (i32.const 2))
  (func $three (type $t) (i32.const 3))
  (elem (offset global.get $tb i32.const 1 i32.add) func $one $two)
  (elem (table 0) (offset (i32.mul (global.get $tb) (i32.const 3))) funcref
    (item ref.func $three) (item ref.null func))
  (elem (table 0) (offset (i32.sub (i32.const 10) (i32.const 1))) func $two)
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0)))
)

(assert_return (invoke "call" (i32.const 3)) (i32.const 1))
(assert_return (invoke "call" (i32.const 4)) (i32.const 2))
(assert_return (invoke "call" (i32.const 6)) (i32.const 3))
(assert_return (invoke "call" (i32.const 9)) (i32.const 2))
(assert_trap (invoke "call" (i32.const 2)) "uninitialized element")
(assert_trap (invoke "call" (i32.const 7)) "uninitialized element")

;; Computed offsets out of bounds trap at instantiation.

(assert_trap
  (module
    (import "base" "memory_base" (global $mb i32))
    (memory 0)
    (data (offset (i32.add (global.get $mb) (i32.const 1))) "a")
  )
  "out of bounds memory access"
)

(assert_trap
  (module
    (memory 1)
    (data (offset (i32.sub (i32.const 0x10000) (i32.const 1))) "ab")
  )
  "out of bounds memory access"
)

(assert_trap
  (module
    (memory 1)
    (data (offset (i32.sub (i32.const 0) (i32.const 1))) "a")
  )
  "out of bounds memory access"
)

(assert_trap
  (module
    (import "base" "table_base" (global $tb i32))
    (table 3 funcref)
    (func $f)
    (elem (offset (i32.add (global.get $tb) (i32.const 1))) func $f)
  )
  "out of bounds table access"
)

;; Empty segments at a computed offset equal to the size are fine.

(module
  (import "base" "table_base" (global $tb i32))
  (memory 1)
  (table 4 funcref)
  (data (offset (i32.mul (i32.const 0x100) (i32.const 0x100))) "")
  (elem (offset (i32.add (global.get $tb) (i32.const 2))) func)
)

;; Validation: operand types are checked.

(assert_invalid
  (module (global i32 (i32.add (i32.const 1) (i64.const 2))))
  "type mismatch"
)

(assert_invalid
  (module (global i64 (i64.mul (i64.const 1) (i32.const 2))))
  "type mismatch"
)

(assert_invalid
  (module (global i64 (i32.sub (i32.const 1) (i32.const 2))))
  "type mismatch"
)

(assert_invalid
  (module (memory 1) (data (i64.add (i64.const 0) (i64.const 0)) ""))
  "type mismatch"
)

(assert_invalid
  (module (table 1 funcref) (elem (i32.add (i32.const 0)) func))
  "type mismatch"
)

(assert_invalid
  (module (global i32 (i32.const 1) (i32.const 2) (i32.const 3) (i32.add)))
  "type mismatch"
)

;; Validation: other operators stay non-constant.

(assert_invalid
  (module (global i32 (i32.div_s (i32.const 4) (i32.const 2))))
  "constant expression required"
)

(assert_invalid
  (module (global i32 (i32.and (i32.const 4) (i32.const 2))))
  "constant expression required"
)

(assert_invalid
  (module (global i64 (i64.shl (i64.const 4) (i64.const 2))))
  "constant expression required"
)

(assert_invalid
  (module (global f32 (f32.add (f32.const 1) (f32.const 2))))
  "constant expression required"
)

;; Validation: a mutable global still cannot be read.

(assert_invalid
  (module
    (import "spectest" "global_mut" (global $g (mut i32)))
    (global i32 (i32.add (global.get $g) (i32.const 1)))
  )
  "constant expression required"
)
