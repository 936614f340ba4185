;; The `res` world of `wit/` (test:res/res), written by hand: imports the
;; host resource `counter` and exports the guest resource `thing`. Used by
;; tests/all/bindgen_resources.rs and tests/all/component_host_helpers.rs.
(component
  (import "test:res/counters" (instance $counters
    (export "counter" (type (sub resource)))
    (export "[constructor]counter" (func (param "start" u32) (result (own 0))))
    (export "[method]counter.get" (func (param "self" (borrow 0)) (result u32)))
    (export "[method]counter.bump" (func (param "self" (borrow 0)) (param "by" u32)))
    (export "sum" (func (param "a" (borrow 0)) (param "b" (borrow 0)) (result u32)))))
  (alias export $counters "counter" (type $counter))
  (core func $ctor (canon lower (func $counters "[constructor]counter")))
  (core func $get (canon lower (func $counters "[method]counter.get")))
  (core func $bump (canon lower (func $counters "[method]counter.bump")))
  (core func $sum (canon lower (func $counters "sum")))
  (core func $drop (canon resource.drop $counter))
  (core module $cm
    (import "" "ctor" (func $ctor (param i32) (result i32)))
    (import "" "get" (func $get (param i32) (result i32)))
    (import "" "bump" (func $bump (param i32 i32)))
    (import "" "sum" (func $sum (param i32 i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (func (export "run") (param i32) (result i32)
      (local $c i32) (local $r i32)
      local.get 0 call $ctor local.set $c
      local.get $c i32.const 5 call $bump
      local.get $c call $get
      local.get $c local.get $c call $sum
      i32.add local.set $r
      local.get $c call $drop
      local.get $r))
  (core instance $ci (instantiate $cm (with "" (instance
    (export "ctor" (func $ctor)) (export "get" (func $get)) (export "bump" (func $bump))
    (export "sum" (func $sum)) (export "drop" (func $drop))))))
  (func (export "run") (param "start" u32) (result u32) (canon lift (core func $ci "run")))

  (type $thing (resource (rep i32)))
  (export $thing' "thing" (type $thing))
  (core func $new (canon resource.new $thing))
  (core module $tm
    (import "" "new" (func $new (param i32) (result i32)))
    (func (export "ctor") (param i32) (result i32) local.get 0 call $new)
    (func (export "value") (param i32) (result i32) local.get 0)
    (func (export "make-twice") (param i32) (result i32)
      local.get 0 i32.const 2 i32.mul call $new))
  (core instance $ti (instantiate $tm (with "" (instance (export "new" (func $new))))))
  (func $thing-ctor (param "v" u32) (result (own $thing')) (canon lift (core func $ti "ctor")))
  (func $thing-value (param "self" (borrow $thing')) (result u32) (canon lift (core func $ti "value")))
  (func $make-twice (param "v" u32) (result (own $thing')) (canon lift (core func $ti "make-twice")))
  ;; A nested component gives the exported instance's functions types that
  ;; name its own `thing` export (as the component model requires).
  (component $shim
    (import "import-type-thing" (type $t (sub resource)))
    (import "import-ctor" (func $c (param "v" u32) (result (own $t))))
    (import "import-value" (func $v (param "self" (borrow $t)) (result u32)))
    (import "import-twice" (func $tw (param "v" u32) (result (own $t))))
    (export $te "thing" (type $t))
    (export "[constructor]thing" (func $c) (func (param "v" u32) (result (own $te))))
    (export "[method]thing.value" (func $v) (func (param "self" (borrow $te)) (result u32)))
    (export "make-twice" (func $tw) (func (param "v" u32) (result (own $te)))))
  (instance $things (instantiate $shim
    (with "import-type-thing" (type $thing'))
    (with "import-ctor" (func $thing-ctor))
    (with "import-value" (func $thing-value))
    (with "import-twice" (func $make-twice))))
  (export "test:res/things" (instance $things)))