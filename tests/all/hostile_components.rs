//! Hostile component binaries never panic or crash hoist: every prefix of
//! real components and deterministic random corruptions of them give a
//! clean `Err` from `Component::new`, or a component that hoist then
//! instantiates and calls without panicking (any failure being an `Err`).
//!
//! The inputs are the C guest components of `tests/guests` (toolchain
//! output: many sections, imports, a large core module), the example
//! component, and hand-written components with nested components, resources,
//! strings and lists passed between instances, and every string encoding.
//! hoist must accept exactly what `wasmparser`'s validator accepts with the
//! component model on, except the valid constructs it does not support yet,
//! which it rejects with an error naming them ([`UNSUPPORTED`]). Components
//! that compile are instantiated, their function imports stubbed with
//! `define_unknown_imports_as_traps` (so re-exported imports run through
//! their shims), and each exported function is called with a default value
//! of each parameter type, then `post_return`, with fuel so that a corrupted
//! loop cannot run forever.

use hoist::component::{Component, Linker, Type, Val};
use hoist::{Engine, Store};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::support::corrupt::{corrupt, default_features, Rng};
use crate::support::engine_with;

/// Nested components passing strings, lists, records, variants and
/// resources to each other, in three string encodings; no imports.
const NESTED: &str = r#"(component
  (component $Callee
    (type $res (resource (rep i32)))
    (export $r "r" (type $res))
    (core func $new (canon resource.new $res))
    (core module $m
      (import "" "new" (func $new (param i32) (result i32)))
      (memory (export "mem") 1)
      (global $heap (mut i32) (i32.const 1024))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $p i32)
        (local.set $p (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))
        (global.set $heap (i32.add (local.get $p) (local.get 3)))
        (local.get $p))
      (func (export "make") (result i32) (call $new (i32.const 7)))
      (func (export "echo") (param i32 i32) (result i32)
        (i32.store (i32.const 16) (local.get 0))
        (i32.store (i32.const 20) (local.get 1))
        (i32.const 16))
      (func (export "sum") (param i32 i32) (result i64)
        (local $acc i64)
        (block $d (loop $l
          (br_if $d (i32.eqz (local.get 1)))
          (local.set $acc (i64.add (local.get $acc) (i64.load32_u (local.get 0))))
          (local.set 0 (i32.add (local.get 0) (i32.const 4)))
          (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
          (br $l)))
        (local.get $acc))
      (func (export "pick") (param i32 i32 i32) (result i32) (local.get 0))
      (func (export "post") (param i32)))
    (core instance $i (instantiate $m (with "" (instance (export "new" (func $new))))))
    (type $v' (variant (case "a" u8) (case "b" string) (case "c")))
    (export $v "v" (type $v'))
    (func (export "make") (result (own $r)) (canon lift (core func $i "make")))
    (func (export "echo") (param "s" string) (result string)
      (canon lift (core func $i "echo") (memory (core memory $i "mem"))
        (realloc (core func $i "realloc")) (post-return (core func $i "post"))))
    (func (export "sum") (param "l" (list u32)) (result u64)
      (canon lift (core func $i "sum") (memory (core memory $i "mem"))
        (realloc (core func $i "realloc"))))
    (func (export "pick") (param "v" $v) (result u32)
      (canon lift (core func $i "pick") (memory (core memory $i "mem"))
        (realloc (core func $i "realloc")) string-encoding=utf16)))
  (instance $callee (instantiate $Callee))
  (component $Caller
    (import "r" (type $r (sub resource)))
    (type $v' (variant (case "a" u8) (case "b" string) (case "c")))
    (import "v" (type $v (eq $v')))
    (import "make" (func $make (result (own $r))))
    (import "echo" (func $echo (param "s" string) (result string)))
    (import "sum" (func $sum (param "l" (list u32)) (result u64)))
    (import "pick" (func $pick (param "v" $v) (result u32)))
    (core module $libc
      (memory (export "mem") 1)
      (global $heap (mut i32) (i32.const 1024))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $p i32)
        (local.set $p (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))
        (global.set $heap (i32.add (local.get $p) (local.get 3)))
        (local.get $p)))
    (core instance $libc (instantiate $libc))
    (core func $c-make (canon lower (func $make)))
    (core func $c-echo (canon lower (func $echo) (memory (core memory $libc "mem"))
      (realloc (core func $libc "realloc")) string-encoding=latin1+utf16))
    (core func $c-sum (canon lower (func $sum) (memory (core memory $libc "mem"))))
    (core func $c-pick (canon lower (func $pick) (memory (core memory $libc "mem"))))
    (core func $drop (canon resource.drop $r))
    (core module $m
      (import "" "make" (func $make (result i32)))
      (import "" "echo" (func $echo (param i32 i32 i32)))
      (import "" "sum" (func $sum (param i32 i32) (result i64)))
      (import "" "pick" (func $pick (param i32 i32 i32) (result i32)))
      (import "" "drop" (func $drop (param i32)))
      (import "" "mem" (memory 1))
      (data (i32.const 64) "hello")
      (data (i32.const 72) "\01\00\00\00\02\00\00\00")
      (func (export "run") (param $n i32) (result i64)
        (local $h i32)
        (local.set $h (call $make))
        (call $echo (i32.const 64) (i32.add (local.get $n) (i32.const 5)) (i32.const 32))
        (call $drop (local.get $h))
        (i64.add
          (call $sum (i32.const 72) (i32.const 2))
          (i64.extend_i32_u (call $pick (i32.const 1) (i32.const 64) (i32.const 5))))))
    (core instance $i (instantiate $m (with "" (instance
      (export "make" (func $c-make)) (export "echo" (func $c-echo))
      (export "sum" (func $c-sum)) (export "pick" (func $c-pick))
      (export "drop" (func $drop)) (export "mem" (memory $libc "mem"))))))
    (func (export "run") (param "n" u32) (result u64) (canon lift (core func $i "run"))))
  (instance $caller (instantiate $Caller
    (with "r" (type $callee "r")) (with "v" (type $callee "v"))
    (with "make" (func $callee "make")) (with "echo" (func $callee "echo"))
    (with "sum" (func $callee "sum")) (with "pick" (func $callee "pick"))))
  (export "run" (func $caller "run"))
  (export "echo" (func $callee "echo"))
  (export "sum" (func $callee "sum")))"#;

/// The components to cut and corrupt, as binaries.
fn real_components() -> Vec<(&'static str, Vec<u8>)> {
    let file = |path: &str| std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    vec![
        ("nested", wat::parse_str(NESTED).expect("valid text")),
        (
            "example",
            wat::parse_file("examples/component.wat").expect("valid text"),
        ),
        ("reexports", wat::parse_str(REEXPORTS).expect("valid text")),
        ("errors.wasm", file("tests/guests/errors.wasm")),
        ("everything.wasm", file("tests/guests/everything.wasm")),
    ]
}

/// Imports re-exported whole and one by one, next to a lifted function, and
/// passed through a nested component.
const REEXPORTS: &str = r#"(component
  (import "f" (func $f (param "s" string) (param "l" (list u16)) (result (tuple string u64 (list u8)))))
  (import "host" (instance $h
    (export "add" (func (param "a" u32) (param "b" u32) (result u32)))
    (export "pair" (func (param "p" (tuple u8 string)) (result (option string))))))
  (component $pass
    (import "g" (func $g (param "s" string) (param "l" (list u16)) (result (tuple string u64 (list u8)))))
    (export "g" (func $g)))
  (instance $p (instantiate $pass (with "g" (func $f))))
  (core module $m (func (export "seven") (result i32) i32.const 7))
  (core instance $i (instantiate $m))
  (func (export "seven") (result u32) (canon lift (core func $i "seven")))
  (export "f2" (func $f))
  (export "g2" (func $p "g"))
  (export "host2" (instance $h)))"#;

/// The validator with hoist's default features and the component model.
fn reference_validator() -> wasmparser::Validator {
    wasmparser::Validator::new_with_features(
        default_features() | wasmparser::WasmFeatures::COMPONENT_MODEL,
    )
}

/// A plain value of `ty`, or `None` for a handle (which cannot be made up).
fn default_of(ty: &Type) -> Option<Val> {
    Some(match ty {
        Type::Bool => Val::Bool(false),
        Type::S8 => Val::S8(0),
        Type::U8 => Val::U8(0),
        Type::S16 => Val::S16(0),
        Type::U16 => Val::U16(0),
        Type::S32 => Val::S32(0),
        Type::U32 => Val::U32(0),
        Type::S64 => Val::S64(0),
        Type::U64 => Val::U64(0),
        Type::Float32 => Val::Float32(0.0),
        Type::Float64 => Val::Float64(0.0),
        Type::Char => Val::Char('x'),
        Type::String => Val::String("hostile".into()),
        Type::List(_) => Val::List(Vec::new()),
        Type::Record(r) => Val::Record(
            r.fields()
                .map(|(n, t)| Some((n.to_string(), default_of(t)?)))
                .collect::<Option<_>>()?,
        ),
        Type::Tuple(t) => Val::Tuple(t.types().map(default_of).collect::<Option<_>>()?),
        Type::Variant(v) => {
            let (name, payload) = v.cases().next()?;
            let payload = match payload {
                Some(t) => Some(Box::new(default_of(t)?)),
                None => None,
            };
            Val::Variant(name.to_string(), payload)
        }
        Type::Enum(e) => Val::Enum(e.names().next()?.to_string()),
        Type::Option(_) => Val::Option(None),
        Type::Result(r) => Val::Result(Ok(match r.ok() {
            Some(t) => Some(Box::new(default_of(t)?)),
            None => None,
        })),
        Type::Flags(_) => Val::Flags(Vec::new()),
        Type::Own(_) | Type::Borrow(_) => return None,
    })
}

/// Fuel for one instantiation and its calls: far more than the real
/// components need.
const FUEL: u64 = 10_000_000;

/// The engine: fuel on, so that corrupted guests cannot run forever.
fn engine() -> Engine {
    let mut config = hoist::Config::default();
    config.consume_fuel(true);
    engine_with(&config)
}

/// Instantiates `component` (if it has no imports) and calls each exported
/// function once; returns how many calls returned normally. Every failure
/// must be an `Err`, which is the point.
fn exercise(engine: &Engine, component: &Component) -> usize {
    let mut linker = Linker::new(engine);
    // Stubs for function and resource-type imports; module imports stay
    // missing, and such components fail to link.
    if linker.define_unknown_imports_as_traps(component).is_err() {
        return 0;
    }
    let mut store = Store::new(engine, ());
    // A corruption can make an endless loop: fuel ends it.
    store.set_fuel(FUEL).expect("fuel is on");
    let Ok(instance) = linker.instantiate(&mut store, component) else {
        return 0;
    };
    let mut ok = 0;
    for name in instance.export_names(&store) {
        let Some(f) = instance.get_func(&mut store, &name) else {
            continue;
        };
        let params: Option<Vec<Val>> = f
            .params(&store)
            .iter()
            .map(|(_, t)| default_of(t))
            .collect();
        let Some(params) = params else { continue };
        let mut results = vec![Val::Bool(false); f.results(&store).len()];
        if f.call(&mut store, &params, &mut results).is_ok() && f.post_return(&mut store).is_ok() {
            ok += 1;
        }
    }
    ok
}

/// Calls that returned normally in [`exercise`], over a test.
static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Valid components that hoist rejects with a clear error because it does
/// not support them yet: the error's words, and what is missing.
const UNSUPPORTED: &[(&str, &str)] = &[(
    "exporting a component from the root component is not supported",
    "the root component exporting a component",
)];

/// Compiles `input` with hoist, compares acceptance with the validator,
/// and exercises what compiles; returns whether hoist accepted it. A panic
/// inside hoist fails the test with the input.
fn judge(engine: &Engine, what: &str, input: &[u8]) -> bool {
    let reference = reference_validator().validate_all(input);
    let compiled = catch_unwind(AssertUnwindSafe(|| Component::from_binary(engine, input)))
        .unwrap_or_else(|_| panic!("{what}: Component::from_binary panicked on {input:02x?}"));
    match (&compiled, &reference) {
        (Ok(c), Ok(_)) => {
            let calls = catch_unwind(AssertUnwindSafe(|| exercise(engine, c)))
                .unwrap_or_else(|_| panic!("{what}: running it panicked; input {input:02x?}"));
            CALLS.fetch_add(calls, std::sync::atomic::Ordering::Relaxed);
        }
        (Err(e), Err(_)) => {
            let msg = format!("{e:#}");
            assert!(!msg.is_empty(), "{what}: empty error message");
        }
        (Ok(_), Err(e)) => panic!("{what}: hoist accepts what the validator rejects: {e}"),
        (Err(e), Ok(_)) => {
            let msg = format!("{e:#}");
            assert!(
                UNSUPPORTED.iter().any(|(words, _)| msg.contains(words)),
                "{what}: hoist rejects what the validator accepts: {msg}"
            );
        }
    }
    compiled.is_ok()
}

#[test]
fn the_inputs_are_valid_and_run() {
    let engine = engine();
    for (label, wasm) in real_components() {
        let component = Component::from_binary(&engine, &wasm)
            .unwrap_or_else(|e| panic!("{label} must compile: {e:#}"));
        if label == "reexports" {
            // `seven` returns; `f2` and `g2` reach the stubbed import
            // through their shims and fail.
            assert_eq!(exercise(&engine, &component), 1, "{label}");
        }
        if label == "nested" {
            // run(0) = 1 + 2 (the list) + 1 (case "b", with "hello"); echo
            // and sum run too.
            assert_eq!(exercise(&engine, &component), 3, "{label}");
            let mut store = Store::new(&engine, ());
            store.set_fuel(FUEL).unwrap();
            let instance = Linker::new(&engine)
                .instantiate(&mut store, &component)
                .unwrap();
            let run = instance
                .get_typed_func::<(u32,), (u64,)>(&mut store, "run")
                .unwrap();
            assert_eq!(run.call(&mut store, (0,)).unwrap(), (4,));
        }
    }
}

#[test]
fn every_prefix_of_real_components_is_handled() {
    let engine = engine();
    for (label, wasm) in real_components() {
        // Every byte boundary of the small ones; about 1500 evenly spread
        // boundaries of the large ones.
        let step = (wasm.len() / 1500).max(1);
        let mut accepted = 0;
        for len in (0..wasm.len()).step_by(step) {
            let what = format!("{label}[..{len}]");
            accepted += usize::from(judge(&engine, &what, &wasm[..len]));
        }
        println!(
            "{label}: {} bytes, {accepted} prefixes accepted",
            wasm.len()
        );
    }
}

#[test]
fn random_corruptions_are_rejected_or_run() {
    let engine = engine();
    let mut rng = Rng::new();
    let (mut accepted, mut rejected) = (0, 0);
    for (label, wasm) in real_components() {
        // The large guests compile a large core module each time.
        let rounds = if wasm.len() > 20_000 { 300 } else { 2000 };
        for round in 0..rounds {
            let m = corrupt(&wasm, &mut rng);
            let what = format!("{label} corruption {round}");
            if judge(&engine, &what, &m) {
                accepted += 1;
            } else {
                rejected += 1;
            }
        }
    }
    let calls = CALLS.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "corruptions: {accepted} still valid and compiled, {rejected} rejected; \
         {calls} calls of their exports returned"
    );
    assert!(
        rejected > accepted,
        "the corruptions hardly corrupted anything"
    );
}
