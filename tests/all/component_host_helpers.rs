//! Two host-side helpers, end to end with guests written in the text format:
//!
//! - [`Linker::define_unknown_imports_as_traps`]: missing function imports
//!   (at the root, in imported instances, in nested instances) are stubbed
//!   with functions that fail when called, naming the import, and poison
//!   the instance like any host error; functions the linker defines are
//!   kept (partially defined instances get only their missing functions);
//!   missing resource-type imports get new host types, one per imported
//!   type (distinct, shared by imports tied with `eq`), and the linker's own
//!   are kept; core-module imports, and names defined with the wrong kind,
//!   are left alone so linking still fails naming them; calling it twice is
//!   harmless.
//! - [`ResourceTable`]: a host resource type whose values live in a table in
//!   the store data, driven by a guest (constructor, borrow methods, drops
//!   through the linker's destructor), by hand and through `bindgen!`'s
//!   `HostCounter` trait; and the table's errors (a handle of the wrong
//!   type, a stale handle) coming back through a guest's call.

use crate::support::traps::assert_poisoned_error;
use anyhow::Result;
use hoist::component::{Component, Instance, Linker, Resource, ResourceTable, ResourceType, Val};
use hoist::{Engine, Module, Store};
use std::any::type_name;

/// Calls export `name` of `instance` with `u32` arguments and one `u32`
/// result (or none, giving 0), running `post_return` after a success.
fn call(
    store: &mut Store<impl Sized + 'static>,
    instance: &Instance,
    name: &str,
    args: &[u32],
) -> Result<u32> {
    let f = instance
        .get_func(&mut *store, name)
        .unwrap_or_else(|| panic!("no export `{name}`"));
    let params: Vec<Val> = args.iter().map(|a| Val::U32(*a)).collect();
    let n = f.results(&*store).len();
    let mut out = vec![Val::U32(0); n];
    f.call(&mut *store, &params, &mut out)?;
    f.post_return(&mut *store)?;
    Ok(match out.first() {
        Some(Val::U32(v)) => *v,
        None => 0,
        Some(other) => panic!("`{name}` returned {other:?}"),
    })
}

/// Asserts that `err` is the failure of a stubbed import named `name`,
/// a host function of the same name.
#[track_caller]
fn assert_stub_error(err: &anyhow::Error, name: &str) {
    assert_stub_error_in(err, name, name);
}

/// Asserts that `err` is the failure of a stubbed import named `name`,
/// host function `host_name` of the linker (another name when a
/// semver-compatible definition serves the import).
#[track_caller]
fn assert_stub_error_in(err: &anyhow::Error, name: &str, host_name: &str) {
    let full = format!("{err:#}");
    let not_defined = format!("import `{name}` was not defined by the host");
    assert!(
        full.contains(&not_defined),
        "expected `{not_defined}` in: {full}"
    );
    assert!(
        full.contains(&format!("host function `{host_name}` failed")),
        "expected the host function's context in: {full}"
    );
    assert!(
        err.root_cause().to_string().starts_with(&not_defined),
        "root cause: {}",
        err.root_cause()
    );
}

// ---------------------------------------------------------------------------
// define_unknown_imports_as_traps
// ---------------------------------------------------------------------------

/// Imports two root functions (`used`, called by `call-used`; `unused`,
/// never lowered), an interface instance with `f` and `g`, and an instance
/// `test:x/outer` with a nested instance `inner` exporting `h`. The export
/// `safe` touches no import.
const STUBBED: &str = r#"(component
  (import "used" (func $used (param "x" u32) (result u32)))
  (import "unused" (func $unused (param "s" string) (result string)))
  (import "test:x/iface" (instance $iface
    (export "f" (func (param "x" u32) (result u32)))
    (export "g" (func (result u32)))))
  (import "test:x/outer" (instance $outer
    (export "inner" (instance
      (export "h" (func (result u32)))))))
  (alias export $outer "inner" (instance $inner))
  (core func $used' (canon lower (func $used)))
  (core func $f' (canon lower (func $iface "f")))
  (core func $g' (canon lower (func $iface "g")))
  (core func $h' (canon lower (func $inner "h")))
  (core module $m
    (import "" "used" (func $used (param i32) (result i32)))
    (import "" "f" (func $f (param i32) (result i32)))
    (import "" "g" (func $g (result i32)))
    (import "" "h" (func $h (result i32)))
    (func (export "safe") (param i32) (result i32) local.get 0 i32.const 1 i32.add)
    (func (export "call-used") (param i32) (result i32) local.get 0 call $used)
    (func (export "call-f") (param i32) (result i32) local.get 0 call $f)
    (func (export "call-g") (result i32) call $g)
    (func (export "call-h") (result i32) call $h))
  (core instance $i (instantiate $m (with "" (instance
    (export "used" (func $used')) (export "f" (func $f'))
    (export "g" (func $g')) (export "h" (func $h'))))))
  (func (export "safe") (param "x" u32) (result u32) (canon lift (core func $i "safe")))
  (func (export "call-used") (param "x" u32) (result u32) (canon lift (core func $i "call-used")))
  (func (export "call-f") (param "x" u32) (result u32) (canon lift (core func $i "call-f")))
  (func (export "call-g") (result u32) (canon lift (core func $i "call-g")))
  (func (export "call-h") (result u32) (canon lift (core func $i "call-h"))))"#;

/// `(export, args, name of the stubbed import it calls)` for [`STUBBED`].
const CALLERS: [(&str, &[u32], &str); 4] = [
    ("call-used", &[5], "used"),
    ("call-f", &[5], "test:x/iface#f"),
    ("call-g", &[], "test:x/iface#g"),
    ("call-h", &[], "test:x/outer/inner#h"),
];

fn link_err<T: 'static>(linker: &Linker<T>, component: &Component) -> String {
    match linker.instantiate_pre(component) {
        Ok(_) => panic!("linking succeeded"),
        Err(e) => format!("{e:#}"),
    }
}

#[test]
fn stubbed_imports_link_and_fail_naming_the_import_only_when_called() {
    let engine = Engine::default();
    let component = Component::new(&engine, STUBBED).unwrap();
    let mut linker = Linker::<()>::new(&engine);
    // Without the stubs the component does not link.
    let e = link_err(&linker, &component);
    assert!(
        e.contains("import `used` was not found in the linker"),
        "{e}"
    );

    linker.define_unknown_imports_as_traps(&component).unwrap();
    let mut store = Store::new(&engine, ());
    for (export, args, name) in CALLERS {
        // A fresh instance each time: the failed call poisons its instance.
        let instance = linker.instantiate(&mut store, &component).unwrap();
        assert_eq!(call(&mut store, &instance, "safe", &[41]).unwrap(), 42);
        let err = call(&mut store, &instance, export, args).unwrap_err();
        assert_stub_error(&err, name);
        // Poisoned, like after any host error: both the export that failed
        // and the one that never touches an import.
        assert_poisoned_error(&call(&mut store, &instance, "safe", &[1]).unwrap_err());
        assert_poisoned_error(&call(&mut store, &instance, export, args).unwrap_err());
    }
    // The store still works: a new instance runs.
    let instance = linker.instantiate(&mut store, &component).unwrap();
    assert_eq!(call(&mut store, &instance, "safe", &[7]).unwrap(), 8);
}

#[test]
fn functions_the_linker_defines_are_kept() {
    let engine = Engine::default();
    let component = Component::new(&engine, STUBBED).unwrap();
    // With and without shadowing: a stub never replaces a definition.
    for shadowing in [false, true] {
        let mut linker = Linker::<()>::new(&engine);
        linker.allow_shadowing(shadowing);
        linker
            .root()
            .func_wrap("used", |_, (x,): (u32,)| Ok((x * 3,)))
            .unwrap();
        linker.define_unknown_imports_as_traps(&component).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate(&mut store, &component).unwrap();
        assert_eq!(call(&mut store, &instance, "call-used", &[5]).unwrap(), 15);
        assert_eq!(call(&mut store, &instance, "call-used", &[7]).unwrap(), 21);
        // The others were stubbed.
        let err = call(&mut store, &instance, "call-f", &[1]).unwrap_err();
        assert_stub_error(&err, "test:x/iface#f");
    }
}

#[test]
fn a_partially_defined_instance_gets_only_its_missing_functions_stubbed() {
    let engine = Engine::default();
    let component = Component::new(&engine, STUBBED).unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker
        .instance("test:x/iface")
        .unwrap()
        .func_wrap("f", |_, (x,): (u32,)| Ok((x + 100,)))
        .unwrap();
    linker
        .instance("test:x/outer")
        .unwrap()
        .instance("inner")
        .unwrap()
        .func_wrap("h", |_, (): ()| Ok((77u32,)))
        .unwrap();
    // Partially defined: `g` (and the root functions) are missing.
    let e = link_err(&linker, &component);
    assert!(e.contains("import `used` was not found"), "{e}");

    linker.define_unknown_imports_as_traps(&component).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    assert_eq!(call(&mut store, &instance, "call-f", &[1]).unwrap(), 101);
    assert_eq!(call(&mut store, &instance, "call-h", &[]).unwrap(), 77);
    assert_eq!(call(&mut store, &instance, "call-f", &[2]).unwrap(), 102);
    let err = call(&mut store, &instance, "call-g", &[]).unwrap_err();
    assert_stub_error(&err, "test:x/iface#g");
    assert_poisoned_error(&call(&mut store, &instance, "call-f", &[1]).unwrap_err());

    // The root function was stubbed too.
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let err = call(&mut store, &instance, "call-used", &[1]).unwrap_err();
    assert_stub_error(&err, "used");
}

/// Imports a root resource type `r` with a function `make` returning one,
/// and `wasi:io/error@0.2.12` with resource `error`, its method
/// `to-debug-string` and a function `make-error`; re-exports both types
/// (`r`, `error`); `seven` touches no import, `call-make` and
/// `call-make-error` call the functions.
const RESOURCES: &str = r#"(component
  (import "r" (type $r (sub resource)))
  (import "make" (func $make (result (own $r))))
  (import "wasi:io/error@0.2.12" (instance $err
    (export "error" (type (sub resource)))
    (export "[method]error.to-debug-string" (func (param "self" (borrow 0)) (result string)))
    (export "make-error" (func (result (own 0))))))
  (alias export $err "error" (type $error))
  (core func $make' (canon lower (func $make)))
  (core func $make-error' (canon lower (func $err "make-error")))
  (core module $m
    (import "" "make" (func $make (result i32)))
    (import "" "make-error" (func $make-error (result i32)))
    (func (export "seven") (result i32) i32.const 7)
    (func (export "call-make") (result i32) call $make)
    (func (export "call-make-error") (result i32) call $make-error))
  (core instance $i (instantiate $m (with "" (instance
    (export "make" (func $make')) (export "make-error" (func $make-error'))))))
  (export "r" (type $r))
  (export "error" (type $error))
  (func (export "seven") (result u32) (canon lift (core func $i "seven")))
  (func (export "call-make") (result u32) (canon lift (core func $i "call-make")))
  (func (export "call-make-error") (result u32) (canon lift (core func $i "call-make-error"))))"#;

/// The resource types `instance` exports, by name.
fn exported_types(store: &mut Store<()>, instance: &Instance) -> Vec<(String, ResourceType)> {
    instance
        .exports(&mut *store, None)
        .into_iter()
        .filter_map(|(n, e)| match e {
            hoist::component::Export::Resource(t) => Some((n, t)),
            _ => None,
        })
        .collect()
}

#[test]
fn missing_resource_type_imports_get_new_host_types() {
    let engine = Engine::default();
    let component = Component::new(&engine, RESOURCES).unwrap();
    let mut linker = Linker::<()>::new(&engine);
    let e = link_err(&linker, &component);
    assert!(
        e.contains("import `make` was not found in the linker"),
        "{e}"
    );

    linker.define_unknown_imports_as_traps(&component).unwrap();
    let mut store = Store::new(&engine, ());
    for (export, name) in [
        ("call-make", "make"),
        ("call-make-error", "wasi:io/error@0.2.12#make-error"),
    ] {
        let instance = linker.instantiate(&mut store, &component).unwrap();
        assert_eq!(call(&mut store, &instance, "seven", &[]).unwrap(), 7);
        let err = call(&mut store, &instance, export, &[]).unwrap_err();
        assert_stub_error(&err, name);
    }
}

#[test]
fn stubbed_resource_types_are_new_and_distinct() {
    let engine = Engine::default();
    let component = Component::new(&engine, RESOURCES).unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker.define_unknown_imports_as_traps(&component).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let types = exported_types(&mut store, &instance);
    let [(r_name, r), (error_name, error)] = &types[..] else {
        panic!("exported types: {types:?}");
    };
    assert_eq!((r_name.as_str(), error_name.as_str()), ("r", "error"));
    assert_ne!(r, error);
    // Not some host type a host could name either.
    for t in [r, error] {
        assert_ne!(*t, ResourceType::host::<()>());
    }
    // Defined once in the linker: every instantiation gets the same ones.
    let again = linker.instantiate(&mut store, &component).unwrap();
    assert_eq!(exported_types(&mut store, &again), types);

    // Another linker makes new ones.
    let mut other = Linker::<()>::new(&engine);
    other.define_unknown_imports_as_traps(&component).unwrap();
    let third = other.instantiate(&mut store, &component).unwrap();
    for ((_, a), (_, b)) in exported_types(&mut store, &third).iter().zip(&types) {
        assert_ne!(a, b);
    }
}

#[test]
fn resource_type_imports_tied_by_eq_get_one_type() {
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
  (import "a" (type $a (sub resource)))
  (import "b" (type $b (eq $a)))
  (import "test:x/res" (instance $ri
    (export "t" (type (sub resource)))))
  (alias export $ri "t" (type $t))
  (export "a" (type $a))
  (export "b" (type $b))
  (export "t" (type $t)))"#,
    )
    .unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker.define_unknown_imports_as_traps(&component).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let types = exported_types(&mut store, &instance);
    let [(_, a), (_, b), (_, t)] = &types[..] else {
        panic!("exported types: {types:?}");
    };
    assert_eq!(a, b);
    assert_ne!(a, t);
}

#[test]
fn resource_types_the_linker_defines_are_kept() {
    let engine = Engine::default();
    let component = Component::new(&engine, RESOURCES).unwrap();
    struct R;
    struct E;
    // At the exact name, and at a semver-compatible one.
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .resource_type("r", ResourceType::host::<R>())
        .unwrap();
    linker
        .instance("wasi:io/error@0.2.0")
        .unwrap()
        .resource_type("error", ResourceType::host::<E>())
        .unwrap();
    linker.define_unknown_imports_as_traps(&component).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    assert_eq!(
        exported_types(&mut store, &instance),
        [
            ("r".to_string(), ResourceType::host::<R>()),
            ("error".to_string(), ResourceType::host::<E>()),
        ]
    );
    // Its functions were stubbed.
    let err = call(&mut store, &instance, "call-make-error", &[]).unwrap_err();
    assert_stub_error_in(
        &err,
        "wasi:io/error@0.2.12#make-error",
        "wasi:io/error@0.2.0#make-error",
    );
}

#[test]
fn core_module_imports_are_not_stubbed() {
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
  (import "m" (core module $cm (export "nine" (func (result i32)))))
  (import "log" (func $log (param "x" u32)))
  (core instance $ci (instantiate $cm))
  (func (export "nine") (result u32) (canon lift (core func $ci "nine"))))"#,
    )
    .unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker.define_unknown_imports_as_traps(&component).unwrap();
    let e = link_err(&linker, &component);
    assert!(
        e.contains("import `m` was not found in the linker: expected a core module"),
        "{e}"
    );

    let module = Module::new(
        &engine,
        r#"(module (func (export "nine") (result i32) i32.const 9))"#,
    )
    .unwrap();
    linker.root().module("m", &module).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    assert_eq!(call(&mut store, &instance, "nine", &[]).unwrap(), 9);
}

#[test]
fn names_defined_with_the_wrong_kind_are_left_alone() {
    let engine = Engine::default();
    let component = Component::new(&engine, STUBBED).unwrap();
    let stub = |_: hoist::StoreContextMut<'_, ()>, _: &[Val], _: &mut [Val]| Ok(());

    // An instance where a function is imported.
    let mut linker = Linker::<()>::new(&engine);
    linker.instance("used").unwrap();
    linker.define_unknown_imports_as_traps(&component).unwrap();
    let e = link_err(&linker, &component);
    assert!(
        e.contains("import `used` has the wrong type: expected func found instance"),
        "{e}"
    );

    // A function where an instance is imported.
    let mut linker = Linker::<()>::new(&engine);
    linker.root().func_new("test:x/iface", stub).unwrap();
    linker.define_unknown_imports_as_traps(&component).unwrap();
    let e = link_err(&linker, &component);
    assert!(
        e.contains("import `test:x/iface` has the wrong type: expected instance found func"),
        "{e}"
    );

    // Inside an instance: an instance where a function is imported, and a
    // function where a nested instance is imported.
    let mut linker = Linker::<()>::new(&engine);
    linker
        .instance("test:x/iface")
        .unwrap()
        .instance("g")
        .unwrap();
    linker.define_unknown_imports_as_traps(&component).unwrap();
    let e = link_err(&linker, &component);
    assert!(
        e.contains("import `test:x/iface/g` has the wrong type: expected func found instance"),
        "{e}"
    );
    let mut linker = Linker::<()>::new(&engine);
    linker
        .instance("test:x/outer")
        .unwrap()
        .func_new("inner", stub)
        .unwrap();
    linker.define_unknown_imports_as_traps(&component).unwrap();
    let e = link_err(&linker, &component);
    assert!(
        e.contains("import `test:x/outer/inner` has the wrong type: expected instance found func"),
        "{e}"
    );
}

#[test]
fn stubbing_twice_is_harmless() {
    let engine = Engine::default();
    let component = Component::new(&engine, STUBBED).unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .func_wrap("used", |_, (x,): (u32,)| Ok((x + 1,)))
        .unwrap();
    linker.define_unknown_imports_as_traps(&component).unwrap();
    linker.define_unknown_imports_as_traps(&component).unwrap();
    let mut store = Store::new(&engine, ());
    for (export, args, name) in CALLERS {
        let instance = linker.instantiate(&mut store, &component).unwrap();
        assert_eq!(call(&mut store, &instance, "safe", &[1]).unwrap(), 2);
        match export {
            "call-used" => assert_eq!(call(&mut store, &instance, export, args).unwrap(), 6),
            _ => assert_stub_error(
                &call(&mut store, &instance, export, args).unwrap_err(),
                name,
            ),
        }
    }

    // The stubs are ordinary definitions: defining the name afterwards is a
    // duplicate, unless shadowing is allowed (and then the host's replaces
    // the stub).
    let e = linker
        .instance("test:x/iface")
        .unwrap()
        .func_wrap("g", |_, (): ()| Ok((5u32,)))
        .unwrap_err();
    assert!(
        format!("{e:#}").contains("`test:x/iface/g` is already defined"),
        "{e:#}"
    );
    linker.allow_shadowing(true);
    linker
        .instance("test:x/iface")
        .unwrap()
        .func_wrap("g", |_, (): ()| Ok((5u32,)))
        .unwrap();
    linker.define_unknown_imports_as_traps(&component).unwrap();
    let instance = linker.instantiate(&mut store, &component).unwrap();
    assert_eq!(call(&mut store, &instance, "call-g", &[]).unwrap(), 5);
}

// ---------------------------------------------------------------------------
// ResourceTable, by hand
// ---------------------------------------------------------------------------

/// A host counter, kept in the [`ResourceTable`].
#[derive(Debug)]
struct Counter {
    value: u32,
}

/// The store data: the table, the `(rep, value)` of each counter the
/// destructor deleted, and the table's length seen inside `sum`.
#[derive(Default)]
struct Host {
    table: ResourceTable,
    dropped: Vec<(u32, u32)>,
    len_in_sum: Vec<usize>,
}

/// Imports host resource `counter` with a constructor `make`, and borrow
/// methods `bump`, `get` and `sum`. Exports each of them over the guest's
/// handle numbers (plain `u32`s), `drop` of a handle, and `run`, which does
/// all of it in one call.
const COUNTERS: &str = r#"(component
  (import "counter" (type $c (sub resource)))
  (import "make" (func $make (param "v" u32) (result (own $c))))
  (import "bump" (func $bump (param "self" (borrow $c)) (param "by" u32)))
  (import "get" (func $get (param "self" (borrow $c)) (result u32)))
  (import "sum" (func $sum (param "a" (borrow $c)) (param "b" (borrow $c)) (result u32)))
  (core func $make' (canon lower (func $make)))
  (core func $bump' (canon lower (func $bump)))
  (core func $get' (canon lower (func $get)))
  (core func $sum' (canon lower (func $sum)))
  (core func $drop (canon resource.drop $c))
  (core module $m
    (import "" "make" (func $make (param i32) (result i32)))
    (import "" "bump" (func $bump (param i32 i32)))
    (import "" "get" (func $get (param i32) (result i32)))
    (import "" "sum" (func $sum (param i32 i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (func (export "make") (param i32) (result i32) local.get 0 call $make)
    (func (export "bump") (param i32 i32) local.get 0 local.get 1 call $bump)
    (func (export "get") (param i32) (result i32) local.get 0 call $get)
    (func (export "sum") (param i32 i32) (result i32) local.get 0 local.get 1 call $sum)
    (func (export "drop") (param i32) local.get 0 call $drop)
    ;; Counters v, v+1, v+2; bump them by 10, 20, 30; then
    ;; sum(a, b) + get(c) * 1000; drop all three.
    (func (export "run") (param $v i32) (result i32)
      (local $a i32) (local $b i32) (local $c i32) (local $r i32)
      local.get $v call $make local.set $a
      local.get $v i32.const 1 i32.add call $make local.set $b
      local.get $v i32.const 2 i32.add call $make local.set $c
      local.get $a i32.const 10 call $bump
      local.get $b i32.const 20 call $bump
      local.get $c i32.const 30 call $bump
      local.get $a local.get $b call $sum
      local.get $c call $get i32.const 1000 i32.mul
      i32.add local.set $r
      local.get $a call $drop
      local.get $b call $drop
      local.get $c call $drop
      local.get $r))
  (core instance $i (instantiate $m (with "" (instance
    (export "make" (func $make')) (export "bump" (func $bump'))
    (export "get" (func $get')) (export "sum" (func $sum'))
    (export "drop" (func $drop))))))
  (func (export "make") (param "v" u32) (result u32) (canon lift (core func $i "make")))
  (func (export "bump") (param "h" u32) (param "by" u32) (canon lift (core func $i "bump")))
  (func (export "get") (param "h" u32) (result u32) (canon lift (core func $i "get")))
  (func (export "sum") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "sum")))
  (func (export "drop") (param "h" u32) (canon lift (core func $i "drop")))
  (func (export "run") (param "v" u32) (result u32) (canon lift (core func $i "run"))))"#;

fn counters_linker(engine: &Engine) -> Linker<Host> {
    let mut linker = Linker::<Host>::new(engine);
    let mut root = linker.root();
    root.resource(
        "counter",
        ResourceType::host::<Counter>(),
        |mut store, rep| {
            let host = store.data_mut();
            let counter = host.table.delete(Resource::<Counter>::new_own(rep))?;
            host.dropped.push((rep, counter.value));
            Ok(())
        },
    )
    .unwrap();
    root.func_wrap("make", |mut store, (v,): (u32,)| {
        Ok((store.data_mut().table.push(Counter { value: v })?,))
    })
    .unwrap();
    root.func_wrap("bump", |mut store, (c, by): (Resource<Counter>, u32)| {
        assert!(!c.owned(), "methods borrow");
        store.data_mut().table.get_mut(&c)?.value += by;
        Ok(())
    })
    .unwrap();
    root.func_wrap("get", |store, (c,): (Resource<Counter>,)| {
        Ok((store.data().table.get(&c)?.value,))
    })
    .unwrap();
    root.func_wrap(
        "sum",
        |mut store, (a, b): (Resource<Counter>, Resource<Counter>)| {
            let host = store.data_mut();
            host.len_in_sum.push(host.table.len());
            Ok((host.table.get(&a)?.value + host.table.get(&b)?.value,))
        },
    )
    .unwrap();
    linker
}

/// The value in slot `rep` of the store's table.
fn value_at(store: &Store<Host>, rep: u32) -> u32 {
    store
        .data()
        .table
        .get(&Resource::<Counter>::new_borrow(rep))
        .unwrap()
        .value
}

#[test]
fn a_resource_table_backs_a_host_resource_used_by_a_guest() {
    let engine = Engine::default();
    let component = Component::new(&engine, COUNTERS).unwrap();
    let linker = counters_linker(&engine);
    let mut store = Store::new(&engine, Host::default());
    let inst = linker.instantiate(&mut store, &component).unwrap();
    let len = |store: &Store<Host>| store.data().table.len();

    // Three counters, one per call: the table grows.
    assert!(store.data().table.is_empty());
    let a = call(&mut store, &inst, "make", &[10]).unwrap();
    assert_eq!(len(&store), 1);
    let b = call(&mut store, &inst, "make", &[20]).unwrap();
    assert_eq!(len(&store), 2);
    let c = call(&mut store, &inst, "make", &[30]).unwrap();
    assert_eq!(len(&store), 3);

    // Bumps (through `get_mut`) are seen by later calls (through `get`).
    call(&mut store, &inst, "bump", &[a, 5]).unwrap();
    call(&mut store, &inst, "bump", &[b, 7]).unwrap();
    call(&mut store, &inst, "bump", &[a, 1]).unwrap();
    assert_eq!(call(&mut store, &inst, "get", &[a]).unwrap(), 16);
    assert_eq!(call(&mut store, &inst, "get", &[b]).unwrap(), 27);
    assert_eq!(call(&mut store, &inst, "get", &[c]).unwrap(), 30);
    assert_eq!(call(&mut store, &inst, "sum", &[a, c]).unwrap(), 46);
    assert_eq!(call(&mut store, &inst, "sum", &[b, b]).unwrap(), 54);
    assert_eq!(store.data().len_in_sum, [3, 3]);
    // The host sees the same values in the table (the reps are its slots).
    assert_eq!(
        [
            value_at(&store, 0),
            value_at(&store, 1),
            value_at(&store, 2)
        ],
        [16, 27, 30]
    );
    assert_eq!(len(&store), 3, "reading and bumping adds nothing");

    // The guest drops `b`: the destructor deletes it from the table.
    call(&mut store, &inst, "drop", &[b]).unwrap();
    assert_eq!(len(&store), 2);
    assert_eq!(store.data().dropped, [(1, 27)]);
    assert!(store
        .data()
        .table
        .get(&Resource::<Counter>::new_borrow(1))
        .is_err());

    // A new counter reuses the freed slot, with its own value.
    let d = call(&mut store, &inst, "make", &[40]).unwrap();
    assert_eq!(len(&store), 3);
    assert_eq!(call(&mut store, &inst, "get", &[d]).unwrap(), 40);
    assert_eq!(value_at(&store, 1), 40);
    assert_eq!(call(&mut store, &inst, "get", &[a]).unwrap(), 16);

    for h in [a, c, d] {
        call(&mut store, &inst, "drop", &[h]).unwrap();
    }
    assert!(store.data().table.is_empty());
    assert_eq!(store.data().dropped, [(1, 27), (0, 16), (2, 30), (1, 40)]);

    // All of it inside one guest call: three values live during `sum`,
    // none after. (100+10) + (101+20) + (102+30) * 1000.
    store.data_mut().dropped.clear();
    assert_eq!(call(&mut store, &inst, "run", &[100]).unwrap(), 132_231);
    assert_eq!(store.data().len_in_sum, [3, 3, 3]);
    assert!(store.data().table.is_empty());
    // The freed slots were reused, last freed first (1, 2, then 0); each
    // value was deleted with its bumps.
    let mut dropped = store.data().dropped.clone();
    dropped.sort();
    assert_eq!(dropped, [(0, 132), (1, 110), (2, 121)]);
}

// ---------------------------------------------------------------------------
// ResourceTable, through bindgen!
// ---------------------------------------------------------------------------

/// The `res` world of `tests/guests/res/wit`, with the host's own type for
/// `counter` (as in `tests/all/bindgen_resources.rs`).
mod mapped {
    /// What a `counter` handle stands for, kept in a `ResourceTable`.
    pub struct MyCounter {
        pub value: u32,
    }
    hoist::bindgen!({
        world: "res",
        path: "tests/guests/res/wit",
        with: { "test:res/counters/counter": crate::component_host_helpers::mapped::MyCounter },
    });
}

use mapped::test::res::counters::{Host as _, HostCounter as _};
use mapped::MyCounter;

/// The guest of `tests/all/bindgen_resources.rs`: `run(start)` makes a counter
/// at `start`, bumps it by 5, and returns `get + sum(c, c)`, dropping it.
const GUEST: &str = include_str!("../guests/res/component.wat");

/// The host of the bindgen test: counters in a table, the values the
/// destructor deleted, and the table's length seen inside `sum`.
#[derive(Default)]
struct TableHost {
    table: ResourceTable,
    dropped: Vec<u32>,
    len_in_sum: Vec<usize>,
}

impl mapped::test::res::counters::HostCounter for TableHost {
    fn new(&mut self, start: u32) -> Result<Resource<MyCounter>> {
        self.table.push(MyCounter { value: start })
    }

    fn get(&mut self, self_: Resource<MyCounter>) -> Result<u32> {
        assert!(!self_.owned(), "methods borrow");
        Ok(self.table.get(&self_)?.value)
    }

    fn bump(&mut self, self_: Resource<MyCounter>, by: u32) -> Result<()> {
        self.table.get_mut(&self_)?.value += by;
        Ok(())
    }

    fn drop(&mut self, rep: Resource<MyCounter>) -> Result<()> {
        let counter = self.table.delete(rep)?;
        self.dropped.push(counter.value);
        Ok(())
    }
}

impl mapped::test::res::counters::Host for TableHost {
    fn sum(&mut self, a: Resource<MyCounter>, b: Resource<MyCounter>) -> Result<u32> {
        self.len_in_sum.push(self.table.len());
        Ok(self.table.get(&a)?.value + self.table.get(&b)?.value)
    }
}

#[test]
fn bindgen_host_resources_kept_in_a_resource_table() {
    let engine = Engine::default();
    let component = Component::new(&engine, GUEST).unwrap();
    let mut linker = Linker::new(&engine);
    mapped::Res::add_to_linker(&mut linker, |h: &mut TableHost| h).unwrap();
    let mut store = Store::new(&engine, TableHost::default());
    let (res, _) = mapped::Res::instantiate(&mut store, &component, &linker).unwrap();

    // (1 + 5) + 2 * (1 + 5), the bump seen by `get` and `sum`.
    assert_eq!(res.call_run(&mut store, 1).unwrap(), 18);
    assert_eq!(store.data().dropped, [6]);
    assert_eq!(store.data().len_in_sum, [1]);
    assert!(store.data().table.is_empty());

    // Again: the freed slot is reused, and the table is empty again.
    assert_eq!(res.call_run(&mut store, 10).unwrap(), 45);
    assert_eq!(store.data().dropped, [6, 15]);
    assert_eq!(store.data().len_in_sum, [1, 1]);
    assert!(store.data().table.is_empty());

    // A value the host keeps itself is unaffected by the guest's counters.
    let kept = store
        .data_mut()
        .table
        .push(MyCounter { value: 99 })
        .unwrap();
    assert_eq!(res.call_run(&mut store, 0).unwrap(), 15);
    assert_eq!(store.data().len_in_sum, [1, 1, 2]);
    assert_eq!(store.data().table.len(), 1);
    assert_eq!(store.data().table.get(&kept).unwrap().value, 99);
    assert_eq!(store.data_mut().table.delete(kept).unwrap().value, 99);
    assert!(store.data().table.is_empty());

    // The trait methods also work on the table directly.
    let host = store.data_mut();
    let c = host.new(3).unwrap();
    host.bump(Resource::new_borrow(c.rep()), 4).unwrap();
    assert_eq!(host.sum(c, c).unwrap(), 14);
    host.drop(c).unwrap();
    assert!(host.table.is_empty());
}

// ---------------------------------------------------------------------------
// ResourceTable misuse, through a guest's call
// ---------------------------------------------------------------------------

struct A(u32);
struct B(#[allow(dead_code)] u32);

/// Imports host resource `a` with `make-a`, `read` (correct), `read-as-b`
/// (looks the value up as a `B`) and `forget` (deletes the value while
/// the guest still holds its handle, through an owned handle the host
/// makes: the borrowed one it receives cannot delete). `wrong-type` reads a new `a` as a
/// `B`; `stale` forgets a new `a`, then reads it.
const MISUSE: &str = r#"(component
  (import "a" (type $a (sub resource)))
  (import "make-a" (func $make (param "v" u32) (result (own $a))))
  (import "read" (func $read (param "x" (borrow $a)) (result u32)))
  (import "read-as-b" (func $read-b (param "x" (borrow $a)) (result u32)))
  (import "forget" (func $forget (param "x" (borrow $a))))
  (core func $make' (canon lower (func $make)))
  (core func $read' (canon lower (func $read)))
  (core func $read-b' (canon lower (func $read-b)))
  (core func $forget' (canon lower (func $forget)))
  (core module $m
    (import "" "make" (func $make (param i32) (result i32)))
    (import "" "read" (func $read (param i32) (result i32)))
    (import "" "read-b" (func $read-b (param i32) (result i32)))
    (import "" "forget" (func $forget (param i32)))
    (func (export "ok") (param i32) (result i32) local.get 0 call $make call $read)
    (func (export "wrong-type") (param i32) (result i32) local.get 0 call $make call $read-b)
    (func (export "stale") (param i32) (result i32) (local $h i32)
      local.get 0 call $make local.set $h
      local.get $h call $forget
      local.get $h call $read))
  (core instance $i (instantiate $m (with "" (instance
    (export "make" (func $make')) (export "read" (func $read'))
    (export "read-b" (func $read-b')) (export "forget" (func $forget'))))))
  (func (export "ok") (param "v" u32) (result u32) (canon lift (core func $i "ok")))
  (func (export "wrong-type") (param "v" u32) (result u32) (canon lift (core func $i "wrong-type")))
  (func (export "stale") (param "v" u32) (result u32) (canon lift (core func $i "stale"))))"#;

#[test]
fn resource_table_errors_fail_the_guests_call() {
    let engine = Engine::default();
    let component = Component::new(&engine, MISUSE).unwrap();
    let mut linker = Linker::<ResourceTable>::new(&engine);
    let mut root = linker.root();
    root.resource("a", ResourceType::host::<A>(), |mut store, rep| {
        store.data_mut().delete(Resource::<A>::new_own(rep))?;
        Ok(())
    })
    .unwrap();
    root.func_wrap("make-a", |mut store, (v,): (u32,)| {
        Ok((store.data_mut().push(A(v))?,))
    })
    .unwrap();
    root.func_wrap("read", |store, (x,): (Resource<A>,)| {
        Ok((store.data().get(&x)?.0,))
    })
    .unwrap();
    root.func_wrap("read-as-b", |store, (x,): (Resource<A>,)| {
        Ok((store.data().get(&Resource::<B>::new_borrow(x.rep()))?.0,))
    })
    .unwrap();
    root.func_wrap("forget", |mut store, (x,): (Resource<A>,)| {
        // The borrowed handle cannot delete; the host forges an owned one
        // to delete the value behind the guest's back.
        if store.data_mut().delete(x).is_ok() {
            anyhow::bail!("a borrowed handle deleted the value");
        }
        store.data_mut().delete(Resource::<A>::new_own(x.rep()))?;
        Ok(())
    })
    .unwrap();
    let mut store = Store::new(&engine, ResourceTable::new());

    // The correct use works (the guest never drops its handle: one value
    // stays in the table).
    let inst = linker.instantiate(&mut store, &component).unwrap();
    assert_eq!(call(&mut store, &inst, "ok", &[5]).unwrap(), 5);
    assert_eq!(store.data().len(), 1);

    // A handle of `A` looked up as a `B`.
    let inst = linker.instantiate(&mut store, &component).unwrap();
    let err = call(&mut store, &inst, "wrong-type", &[6]).unwrap_err();
    let full = format!("{err:#}");
    let msg = format!(
        "resource 1 holds a `{}`, not the `{}` the handle names",
        type_name::<A>(),
        type_name::<B>()
    );
    assert!(full.contains("host function `read-as-b` failed"), "{full}");
    assert!(full.contains(&msg), "expected `{msg}` in: {full}");
    assert_eq!(err.root_cause().to_string(), msg);
    // The failed lookup removed nothing.
    assert_eq!(store.data().len(), 2);
    let a = Resource::<A>::new_borrow(1);
    assert_eq!(store.data().get(&a).unwrap().0, 6);
    assert_poisoned_error(&call(&mut store, &inst, "ok", &[1]).unwrap_err());

    // A handle whose value the host deleted.
    let inst = linker.instantiate(&mut store, &component).unwrap();
    let err = call(&mut store, &inst, "stale", &[7]).unwrap_err();
    let full = format!("{err:#}");
    let msg = format!(
        "resource 2 (a `{}`) is not in the table: it was deleted or never pushed",
        type_name::<A>()
    );
    assert!(full.contains("host function `read` failed"), "{full}");
    assert!(full.contains(&msg), "expected `{msg}` in: {full}");
    assert_eq!(err.root_cause().to_string(), msg);
    assert_eq!(store.data().len(), 2);
    assert_poisoned_error(&call(&mut store, &inst, "ok", &[1]).unwrap_err());
}
