//! Root exports of imported functions (re-exports), through the public API.
//!
//! A component may export a function it imported: alone, inside an imported
//! instance that it exports whole, or through a nested component that
//! passes the import back out. hoist serves each such export through a
//! *shim* (`environ/src/component/translate/reexport.rs`): a component
//! instance scope of its own with a small memory (bump `realloc`, reset by
//! the lifted function's `post-return`), the host import lowered into it
//! with UTF-8 strings, and a wrapper lifted back as the export. Covered:
//!
//! - strings (empty, non-ASCII, NUL, long) through a re-exported
//!   `func(string) -> string`, typed and dynamic, many calls in a row with
//!   `post_return` (a no-op) between, and calls straight after one another
//!   with none (each call runs the shim's `post-return` itself);
//! - spilled results (a tuple and a record of strings, lists and numbers,
//!   written through the wrapper's return area) and spilled parameters (9
//!   strings, a tuple of 17 `u32`, a record) round-trip exactly;
//! - values of every shape (variants whose cases flatten differently,
//!   enums, flags, options, results, nested lists, records) echo exactly,
//!   and a `func()` of no parameters and no results works;
//! - the shim's memory is reclaimed by `post-return`: 4200 calls that each
//!   pass and return 1 MiB (8.2 GiB in all) through its 4 GiB memory
//!   succeed;
//! - an imported instance exported whole, with functions, a plain type, a
//!   resource type, a core module and a nested instance: reached through
//!   `get_export_index`, listed by `Instance::exports`; a function of it
//!   exported a second time on its own, and its nested instance exported
//!   on its own;
//! - a nested component (and a grandchild) passing imports back out;
//!   re-exports next to the component's own core code (which lowers the
//!   same import), and two instances of one component in one store;
//! - host resources: the exported resource type, `own` results and `own`
//!   parameters, `borrow` parameters, the host's destructor;
//! - a host error comes back to the caller with its text; the failing
//!   re-export is then poisoned (its shim trapped), the instance's other
//!   re-exports (other shims, the same import exported twice included)
//!   still work;
//! - reentrance: the host function behind re-export A may call re-export B;
//!   calling A again from inside A is the reentrance trap (swallowed, it
//!   changes nothing; returned, it poisons A only);
//! - link-time checks (missing, mistyped or wrong-kind imports) and
//!   `get_typed_func` type checks name the import or export.

use anyhow::{anyhow, Result};
use hoist::component::{
    Component, ComponentType, Export, Func, Lift, Linker, Lower, Resource, ResourceAny,
    ResourceType, Type, Val,
};
use hoist::{Engine, Store, Trap};

use crate::support::traps::{assert_poisoned_error, assert_trap};

/// The message of the reentrance trap.
const REENTRANCE: &str = "cannot enter the component instance: it is already running (reentrance)";

/// Strings worth sending: empty, ASCII, Latin-1, CJK, astral-plane, a NUL,
/// and a long one.
fn sample_strings() -> Vec<String> {
    vec![
        String::new(),
        "a".to_string(),
        "hello".to_string(),
        "héllo wörld, ça va ?".to_string(),
        "日本語のテキスト".to_string(),
        "🦀 crab 🦀 and 𝄞".to_string(),
        "nul\0inside".to_string(),
        "x".repeat(70_000) + "é",
    ]
}

/// Asserts `got == want` without printing long values whole: their
/// lengths and the first byte where they differ.
#[track_caller]
fn assert_same<T: PartialEq + std::fmt::Debug>(got: &T, want: &T, what: &str) {
    if got != want {
        let (g, w) = (format!("{got:?}"), format!("{want:?}"));
        let at = g.bytes().zip(w.bytes()).take_while(|(a, b)| a == b).count();
        let near = |s: &str| {
            let from = (0..=at.saturating_sub(40).min(s.len()))
                .rev()
                .find(|&i| s.is_char_boundary(i))
                .unwrap_or(0);
            s[from..].chars().take(80).collect::<String>()
        };
        panic!(
            "{what}: values differ ({} and {} bytes of Debug text) from byte {at}:\n got: ...{}\nwant: ...{}",
            g.len(),
            w.len(),
            near(&g),
            near(&w)
        );
    }
}

/// Calls `f` dynamically and runs its `post-return`.
fn call(store: &mut Store<impl Sized>, f: &Func, args: &[Val]) -> Result<Vec<Val>> {
    let mut out = vec![Val::Bool(false); f.results(&*store).len()];
    f.call(&mut *store, args, &mut out)?;
    f.post_return(&mut *store)?;
    Ok(out)
}

// ---------------------------------------------------------------------------
// 1. Strings, typed and dynamic
// ---------------------------------------------------------------------------

const GREET: &str = r#"(component
  (import "greet" (func $g (param "name" string) (result string)))
  (export "greet2" (func $g)))"#;

#[test]
fn a_reexported_string_function_round_trips_typed_and_dynamic() -> Result<()> {
    let engine = Engine::default();
    let component = Component::new(&engine, GREET)?;
    let mut linker = Linker::<Vec<String>>::new(&engine);
    linker
        .root()
        .func_wrap("greet", |mut store, (name,): (String,)| {
            store.data_mut().push(name.clone());
            Ok((format!("hello, {name}!"),))
        })?;
    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &component)?;

    // The export has the import's signature.
    let func = instance.get_func(&mut store, "greet2").unwrap();
    assert_eq!(func.params(&store), [("name".to_string(), Type::String)]);
    assert_eq!(func.results(&store), [Type::String]);

    let typed = instance.get_typed_func::<(String,), (String,)>(&mut store, "greet2")?;
    let mut expected_seen = Vec::new();
    for round in 0..3 {
        for s in sample_strings() {
            // Typed.
            let (r,) = typed.call(&mut store, (s.clone(),))?;
            typed.post_return(&mut store)?;
            assert_same(
                &r,
                &format!("hello, {s}!"),
                &format!("typed, round {round}"),
            );
            // Dynamic.
            let out = call(&mut store, &func, &[Val::String(s.clone())])?;
            assert_same(
                &out,
                &vec![Val::String(format!("hello, {s}!"))],
                &format!("dynamic, round {round}"),
            );
            expected_seen.push(s.clone());
            expected_seen.push(s);
        }
    }
    // The host saw every argument exactly.
    assert_same(store.data(), &expected_seen, "the host's arguments");

    // As for any export, `call` runs the `post-return` itself (Wasmtime
    // 48's protocol): calls follow one another with nothing in between, and
    // each reaches the host.
    let n = store.data().len();
    let (r,) = typed.call(&mut store, ("one".to_string(),))?;
    assert_eq!(r, "hello, one!");
    let (r,) = typed.call(&mut store, ("two".to_string(),))?;
    assert_eq!(r, "hello, two!");
    let mut out = [Val::Bool(false)];
    func.call(&mut store, &[Val::String("three".into())], &mut out)?;
    assert_eq!(out, [Val::String("hello, three!".into())]);
    assert_eq!(store.data()[n..], ["one", "two", "three"]);
    Ok(())
}

// ---------------------------------------------------------------------------
// 2. Spilled parameters and results
// ---------------------------------------------------------------------------

/// `record { first: string, last: string, nick: string, age: u32, tags: list<string> }`
#[derive(ComponentType, Lift, Lower, Clone, Debug, PartialEq)]
#[component(record)]
struct Person {
    first: String,
    last: String,
    nick: String,
    age: u32,
    tags: Vec<String>,
}

const SPILLED: &str = r#"(component
  (type $person' (record (field "first" string) (field "last" string) (field "nick" string)
                         (field "age" u32) (field "tags" (list string))))
  (import "person" (type $person (eq $person')))
  (type $wide (tuple u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32))
  (import "trio" (func $trio (param "s" string) (param "n" u64) (result (tuple string u64 (list u8)))))
  (import "who" (func $who (param "first" string) (param "last" string) (result $person)))
  (import "cat9" (func $cat9
    (param "a" string) (param "b" string) (param "c" string) (param "d" string) (param "e" string)
    (param "f" string) (param "g" string) (param "h" string) (param "i" string) (result string)))
  (import "wide" (func $wide (param "w" $wide) (result $wide)))
  (import "echo-person" (func $echo-person (param "p" $person) (param "extra" string) (result $person)))
  (export "person2" (type $person))
  (export "trio2" (func $trio))
  (export "who2" (func $who))
  (export "cat9-2" (func $cat9))
  (export "wide2" (func $wide))
  (export "echo-person2" (func $echo-person)))"#;

#[test]
fn spilled_parameters_and_results_round_trip() -> Result<()> {
    let engine = Engine::default();
    let component = Component::new(&engine, SPILLED)?;
    let mut linker = Linker::<()>::new(&engine);
    let mut root = linker.root();
    root.func_wrap("trio", |_, (s, n): (String, u64)| {
        let bytes: Vec<u8> = s.bytes().rev().collect();
        Ok(((s.to_uppercase(), n.wrapping_mul(3), bytes),))
    })?;
    root.func_wrap("who", |_, (first, last): (String, String)| {
        Ok((Person {
            nick: first.chars().take(1).chain(last.chars().take(1)).collect(),
            age: (first.len() + last.len()) as u32,
            tags: vec![first.clone(), String::new(), last.clone(), "ü🦀".into()],
            first,
            last,
        },))
    })?;
    root.func_wrap(
        "cat9",
        |_,
         (a, b, c, d, e, f, g, h, i): (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
        )| { Ok(([a, b, c, d, e, f, g, h, i].join("|"),)) },
    )?;
    root.func_new("wide", |_, params, results| {
        let Val::Tuple(items) = &params[0] else {
            return Err(anyhow!("expected a tuple, found {:?}", params[0]));
        };
        // Reversed, each plus its position times 1000.
        let out = items
            .iter()
            .rev()
            .enumerate()
            .map(|(i, v)| match v {
                Val::U32(x) => Ok(Val::U32(x + 1000 * i as u32)),
                other => Err(anyhow!("expected a u32, found {other:?}")),
            })
            .collect::<Result<Vec<_>>>()?;
        results[0] = Val::Tuple(out);
        Ok(())
    })?;
    root.func_wrap("echo-person", |_, (mut p, extra): (Person, String)| {
        p.tags.push(extra);
        p.age += 1;
        Ok((p,))
    })?;
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component)?;

    // A spilled tuple result, typed and dynamic.
    let trio =
        instance.get_typed_func::<(String, u64), ((String, u64, Vec<u8>),)>(&mut store, "trio2")?;
    let trio_dyn = instance.get_func(&mut store, "trio2").unwrap();
    for (k, s) in sample_strings().into_iter().enumerate() {
        let n = u64::MAX - k as u64;
        let ((up, m, bytes),) = trio.call(&mut store, (s.clone(), n))?;
        trio.post_return(&mut store)?;
        assert_same(&up, &s.to_uppercase(), "trio2 string");
        assert_eq!(m, n.wrapping_mul(3));
        assert_same(&bytes, &s.bytes().rev().collect::<Vec<u8>>(), "trio2 list");

        let out = call(
            &mut store,
            &trio_dyn,
            &[Val::String(s.clone()), Val::U64(n)],
        )?;
        assert_same(
            &out,
            &vec![Val::Tuple(vec![
                Val::String(s.to_uppercase()),
                Val::U64(n.wrapping_mul(3)),
                Val::List(s.bytes().rev().map(Val::U8).collect()),
            ])],
            "trio2, dynamic",
        );
    }

    // A spilled record result with several strings and a list of strings.
    let who = instance.get_typed_func::<(String, String), (Person,)>(&mut store, "who2")?;
    for (first, last) in [("Ada", "Lovelace"), ("Ærøskøbing", "日本"), ("x", "y")] {
        let (p,) = who.call(&mut store, (first.to_string(), last.to_string()))?;
        who.post_return(&mut store)?;
        let nick: String = first.chars().take(1).chain(last.chars().take(1)).collect();
        assert_eq!(
            p,
            Person {
                first: first.to_string(),
                last: last.to_string(),
                nick,
                age: (first.len() + last.len()) as u32,
                tags: vec![first.into(), String::new(), last.into(), "ü🦀".into()],
            }
        );
    }

    // Spilled parameters: 9 strings are 18 flat values.
    let cat9 = instance.get_typed_func::<(
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
    ), (String,)>(&mut store, "cat9-2")?;
    let words: Vec<String> = ["α", "", "bb", "ccc", "🦀", "", "é", "ж", "end"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for _ in 0..3 {
        let w = words.clone();
        let (joined,) = cat9.call(
            &mut store,
            (
                w[0].clone(),
                w[1].clone(),
                w[2].clone(),
                w[3].clone(),
                w[4].clone(),
                w[5].clone(),
                w[6].clone(),
                w[7].clone(),
                w[8].clone(),
            ),
        )?;
        cat9.post_return(&mut store)?;
        assert_eq!(joined, words.join("|"));
    }
    let cat9_dyn = instance.get_func(&mut store, "cat9-2").unwrap();
    let args: Vec<Val> = words.iter().cloned().map(Val::String).collect();
    assert_eq!(
        call(&mut store, &cat9_dyn, &args)?,
        [Val::String(words.join("|"))]
    );

    // Spilled parameters and result: a tuple of 17 u32, dynamically.
    let wide = instance.get_func(&mut store, "wide2").unwrap();
    for base in [0u32, 7, u32::MAX - 20_000] {
        let input: Vec<u32> = (0..17).map(|i| base + i * 3).collect();
        let out = call(
            &mut store,
            &wide,
            &[Val::Tuple(input.iter().copied().map(Val::U32).collect())],
        )?;
        let want: Vec<Val> = input
            .iter()
            .rev()
            .enumerate()
            .map(|(i, x)| Val::U32(x + 1000 * i as u32))
            .collect();
        assert_eq!(out, [Val::Tuple(want)]);
    }

    // A spilled record parameter (with a list of strings) and result.
    let echo =
        instance.get_typed_func::<(Person, String), (Person,)>(&mut store, "echo-person2")?;
    let p = Person {
        first: "Grace".into(),
        last: "Hopper".into(),
        nick: "Amazing Grace ✨".into(),
        age: 85,
        tags: vec!["cobol".into(), String::new(), "𝄞".into()],
    };
    for _ in 0..3 {
        let (q,) = echo.call(&mut store, (p.clone(), "navy".into()))?;
        echo.post_return(&mut store)?;
        let mut want = p.clone();
        want.tags.push("navy".into());
        want.age += 1;
        assert_eq!(q, want);
    }
    Ok(())
}

/// Values of every kind of type, echoed by a dynamic host function through
/// re-exports `echo-K2: func(x: T) -> T` (`T` named by an imported type
/// where the component model wants a name): variants whose cases flatten
/// to different core types, nested options and lists, 32 flags; and a function of no parameters
/// and no results.
#[test]
fn values_of_every_shape_echo_through_reexports() -> Result<()> {
    let b = |v: Val| Some(Box::new(v));
    let variant = r#"(variant (case "none") (case "f" f32) (case "d" f64) (case "big" u64) (case "text" string) (case "pair" (tuple u8 string)))"#;
    let flags: String = (0..32).map(|i| format!(" \"f{i}\"")).collect();
    let cases: Vec<(&str, String, bool, Val)> = vec![
        ("bool", "bool".into(), false, Val::Bool(true)),
        ("s8", "s8".into(), false, Val::S8(-128)),
        ("u16", "u16".into(), false, Val::U16(65535)),
        ("s64", "s64".into(), false, Val::S64(i64::MIN)),
        ("f32", "f32".into(), false, Val::Float32(-1.5)),
        ("f64", "f64".into(), false, Val::Float64(f64::MAX)),
        ("char", "char".into(), false, Val::Char('🦀')),
        ("string", "string".into(), false, Val::String("ünïcödé".into())),
        ("var-none", variant.into(), true, Val::Variant("none".into(), None)),
        ("var-f", variant.into(), true, Val::Variant("f".into(), b(Val::Float32(2.5)))),
        ("var-d", variant.into(), true, Val::Variant("d".into(), b(Val::Float64(-0.125)))),
        ("var-big", variant.into(), true, Val::Variant("big".into(), b(Val::U64(u64::MAX)))),
        ("var-text", variant.into(), true, Val::Variant("text".into(), b(Val::String("t€xt".into())))),
        (
            "var-pair",
            variant.into(),
            true,
            Val::Variant("pair".into(), b(Val::Tuple(vec![Val::U8(9), Val::String("p".into())]))),
        ),
        ("enum", r#"(enum "red" "green" "blue")"#.into(), true, Val::Enum("blue".into())),
        (
            "flags",
            format!("(flags{flags})"),
            true,
            Val::Flags(vec!["f0".into(), "f8".into(), "f17".into(), "f31".into()]),
        ),
        (
            "option",
            "(option (option string))".into(),
            false,
            Val::Option(b(Val::Option(b(Val::String("deep".into()))))),
        ),
        ("option-inner-none", "(option (option string))".into(), false, Val::Option(b(Val::Option(None)))),
        ("option-none", "(option (option string))".into(), false, Val::Option(None)),
        ("result-ok", "(result u32 (error string))".into(), false, Val::Result(Ok(b(Val::U32(9))))),
        (
            "result-err",
            "(result u32 (error string))".into(),
            false,
            Val::Result(Err(b(Val::String("bad".into())))),
        ),
        ("result-bare", "(result)".into(), false, Val::Result(Err(None))),
        (
            "lists",
            "(list (list string))".into(),
            false,
            Val::List(vec![
                Val::List(vec![]),
                Val::List(vec![Val::String("a".into()), Val::String("".into())]),
                Val::List(vec![Val::String("日本".into())]),
            ]),
        ),
        ("empty-list", "(list u64)".into(), false, Val::List(vec![])),
        (
            "record",
            r#"(record (field "name" string) (field "age" u8) (field "score" f64) (field "tags" (list string)))"#.into(),
            true,
            Val::Record(vec![
                ("name".into(), Val::String("ada".into())),
                ("age".into(), Val::U8(36)),
                ("score".into(), Val::Float64(0.25)),
                ("tags".into(), Val::List(vec![Val::String("x".into())])),
            ]),
        ),
    ];
    let mut wat = String::from("(component\n");
    for (k, (_, ty, named, _)) in cases.iter().enumerate() {
        let ty = if *named {
            wat.push_str(&format!(
                "  (type $t{k}' {ty})\n  (import \"t{k}\" (type $t{k} (eq $t{k}')))\n"
            ));
            format!("$t{k}")
        } else {
            ty.clone()
        };
        wat.push_str(&format!(
            "  (import \"echo-{k}\" (func $e{k} (param \"x\" {ty}) (result {ty})))\n  (export \"echo-{k}2\" (func $e{k}))\n"
        ));
    }
    wat.push_str("  (import \"ping\" (func $ping))\n  (export \"ping2\" (func $ping)))");
    let engine = Engine::default();
    let component = Component::new(&engine, &wat)?;
    let mut linker = Linker::<u32>::new(&engine);
    let mut root = linker.root();
    for k in 0..cases.len() {
        root.func_new(&format!("echo-{k}"), |mut store, params, results| {
            *store.data_mut() += 1;
            results[0] = params[0].clone();
            Ok(())
        })?;
    }
    root.func_wrap("ping", |mut store, (): ()| {
        *store.data_mut() += 1000;
        Ok(())
    })?;
    let mut store = Store::new(&engine, 0);
    let instance = linker.instantiate(&mut store, &component)?;
    for round in 0..2 {
        for (k, (name, _, _, v)) in cases.iter().enumerate() {
            let f = instance
                .get_func(&mut store, &*format!("echo-{k}2"))
                .unwrap();
            let out = call(&mut store, &f, std::slice::from_ref(v))
                .unwrap_or_else(|e| panic!("{name}: {e:#}"));
            assert_eq!(&out[0], v, "{name}, round {round}");
        }
    }
    assert_eq!(*store.data(), 2 * cases.len() as u32);
    // No parameters and no results.
    let ping = instance.get_typed_func::<(), ()>(&mut store, "ping2")?;
    for _ in 0..3 {
        ping.call(&mut store, ())?;
        ping.post_return(&mut store)?;
    }
    assert_eq!(*store.data(), 2 * cases.len() as u32 + 3000);
    Ok(())
}

// ---------------------------------------------------------------------------
// 3. `post-return` reclaims the shim's memory
// ---------------------------------------------------------------------------

/// The shim's memory is a 32-bit one (4 GiB at most) with a bump allocator
/// that only `post-return` resets. Each call here allocates the 1 MiB
/// argument and the 1 MiB result in it, so 4200 calls (8.2 GiB in all)
/// exhaust it after about 2048 calls unless `post-return` frees them; no
/// `post_return` is called here: each `call` runs it.
#[test]
fn post_return_reclaims_the_shim_memory() -> Result<()> {
    const CALLS: usize = 4200;
    const SIZE: usize = 1 << 20;
    let engine = Engine::default();
    let component = Component::new(&engine, GREET)?;
    let mut linker = Linker::<usize>::new(&engine);
    linker
        .root()
        .func_wrap("greet", |mut store, (name,): (String,)| {
            *store.data_mut() += 1;
            // Check the tag the caller put first, and answer with the
            // argument changed at both ends, without copying it twice.
            let mut bytes = name.into_bytes();
            assert_eq!(bytes.len(), SIZE);
            let last = bytes.len() - 1;
            bytes[last] = b'!';
            bytes[0] = b'>';
            Ok((String::from_utf8(bytes)?,))
        })?;
    let mut store = Store::new(&engine, 0);
    let instance = linker.instantiate(&mut store, &component)?;
    let f = instance.get_typed_func::<(String,), (String,)>(&mut store, "greet2")?;
    // Built once: filling 1 MiB char by char in a debug build would cost
    // more than all the calls.
    let base = ".".repeat(SIZE);
    let started = std::time::Instant::now();
    for i in 0..CALLS {
        let tag = format!("<{i:08}");
        let mut s = base.clone();
        s.replace_range(..tag.len(), &tag);
        let (r,) = f
            .call(&mut store, (s,))
            .unwrap_or_else(|e| panic!("call {i} failed: {e:#}"));
        assert_eq!(r.len(), SIZE);
        assert_eq!(&r[1..tag.len()], &tag[1..], "call {i}");
        assert!(r.starts_with('>') && r.ends_with('!'), "call {i}");
    }
    assert_eq!(*store.data(), CALLS);
    eprintln!("{CALLS} calls of 1 MiB in {:?}", started.elapsed());
    Ok(())
}

// ---------------------------------------------------------------------------
// 4. An imported instance exported whole
// ---------------------------------------------------------------------------

const WHOLE: &str = r#"(component
  (import "host" (instance $h
    (type $pt (record (field "x" s32) (field "y" s32)))
    (export "point" (type $p (eq $pt)))
    (export "r" (type $r (sub resource)))
    (export "add" (func (param "a" u32) (param "b" u32) (result u32)))
    (export "shout" (func (param "s" string) (result string)))
    (export "flip" (func (param "p" $p) (result $p)))
    (export "rep" (func (param "h" (own $r)) (result u32)))
    (export "m" (core module (export "seven" (func (result i32)))))
    (export "inner" (instance
      (export "twice" (func (param "x" u64) (result u64)))
      (export "hello" (func (result string)))))))
  (alias export $h "add" (func $add))
  (alias export $h "inner" (instance $inner))
  (export "host2" (instance $h))
  (export "add-again" (func $add))
  (export "inner2" (instance $inner)))"#;

/// `record { x: s32, y: s32 }`
#[derive(ComponentType, Lift, Lower, Clone, Copy, Debug, PartialEq)]
#[component(record)]
struct Point {
    x: i32,
    y: i32,
}

struct HostR;

#[test]
fn an_imported_instance_exported_whole() -> Result<()> {
    let engine = Engine::default();
    let component = Component::new(&engine, WHOLE)?;
    let mut linker = Linker::<Vec<String>>::new(&engine);
    let mut h = linker.instance("host")?;
    h.resource("r", ResourceType::host::<HostR>(), |mut store, rep| {
        store.data_mut().push(format!("drop {rep}"));
        Ok(())
    })?;
    h.func_wrap("add", |mut store, (a, b): (u32, u32)| {
        store.data_mut().push(format!("add {a} {b}"));
        Ok((a.wrapping_add(b),))
    })?;
    h.func_wrap("shout", |_, (s,): (String,)| Ok((s.to_uppercase() + "!",)))?;
    h.func_wrap("flip", |_, (p,): (Point,)| Ok((Point { x: p.y, y: -p.x },)))?;
    h.func_wrap("rep", |_, (r,): (Resource<HostR>,)| Ok((r.rep() * 2,)))?;
    h.module(
        "m",
        &hoist::Module::new(
            &engine,
            r#"(module (func (export "seven") (result i32) i32.const 7))"#,
        )?,
    )?;
    let mut inner = h.instance("inner")?;
    inner.func_wrap("twice", |mut store, (x,): (u64,)| {
        store.data_mut().push(format!("twice {x}"));
        Ok((x * 2,))
    })?;
    inner.func_wrap("hello", |_, (): ()| Ok(("hi from inner".to_string(),)))?;
    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &component)?;

    // The root lists the instance, the lone function and the nested
    // instance; the instance lists everything the import has, in order.
    let root = instance.exports(&mut store, None);
    let names: Vec<&str> = root.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["host2", "add-again", "inner2"]);
    let host2 = instance
        .get_export_index(&mut store, None, "host2")
        .unwrap();
    assert!(matches!(&root[0].1, Export::Instance(i) if *i == host2));
    assert!(matches!(root[1].1, Export::Func(_)));
    assert!(matches!(root[2].1, Export::Instance(_)));

    let listed = instance.exports(&mut store, Some(&host2));
    let names: Vec<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["point", "r", "add", "shout", "flip", "rep", "m", "inner"]
    );
    assert!(matches!(listed[0].1, Export::Type));
    assert!(
        matches!(listed[1].1, Export::Resource(t) if t == ResourceType::host::<HostR>()),
        "{:?}",
        listed[1].0
    );
    for (name, e) in &listed[2..6] {
        assert!(matches!(e, Export::Func(_)), "{name}");
    }
    let Export::Module(m) = &listed[6].1 else {
        panic!("`m` is not a module")
    };
    assert!(m.get_export("seven").is_some());
    let Export::Instance(inner_index) = &listed[7].1 else {
        panic!("`inner` is not an instance")
    };
    let inner_listed = instance.exports(&mut store, Some(inner_index));
    let names: Vec<&str> = inner_listed.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["twice", "hello"]);

    // Functions reached by index, typed and dynamic, several times.
    let add = instance
        .get_export_index(&mut store, Some(&host2), "add")
        .unwrap();
    let add = instance.get_typed_func::<(u32, u32), (u32,)>(&mut store, &add)?;
    for (a, b) in [(2, 3), (u32::MAX, 2), (0, 0)] {
        assert_eq!(add.call(&mut store, (a, b))?, (a.wrapping_add(b),));
        add.post_return(&mut store)?;
    }
    let shout = instance
        .get_export_index(&mut store, Some(&host2), "shout")
        .unwrap();
    let shout = instance.get_func(&mut store, &shout).unwrap();
    assert_eq!(
        call(&mut store, &shout, &[Val::String("ça".into())])?,
        [Val::String("ÇA!".into())]
    );
    let flip = instance
        .get_export_index(&mut store, Some(&host2), "flip")
        .unwrap();
    let flip = instance.get_typed_func::<(Point,), (Point,)>(&mut store, &flip)?;
    assert_eq!(
        flip.call(&mut store, (Point { x: 3, y: -7 },))?,
        (Point { x: -7, y: -3 },)
    );
    flip.post_return(&mut store)?;
    let rep = instance
        .get_export_index(&mut store, Some(&host2), "rep")
        .unwrap();
    let rep = instance.get_typed_func::<(ResourceAny,), (u32,)>(&mut store, &rep)?;
    let handle = ResourceAny::try_from_resource(Resource::<HostR>::new_own(21), &mut store)?;
    assert_eq!(rep.call(&mut store, (handle,))?, (42,));
    rep.post_return(&mut store)?;
    // The handle moved to the host function.
    assert!(handle.resource_drop(&mut store).is_err());

    // A function listed by `exports` is callable as it is.
    let Export::Func(listed_add) = &listed[2].1 else {
        unreachable!()
    };
    assert_eq!(
        call(&mut store, listed_add, &[Val::U32(40), Val::U32(2)])?,
        [Val::U32(42)]
    );

    // The nested instance, through `host2` and through its own export.
    let inner = instance
        .get_export_index(&mut store, Some(&host2), "inner")
        .unwrap();
    let twice = instance
        .get_export_index(&mut store, Some(&inner), "twice")
        .unwrap();
    assert_eq!(
        &twice,
        &instance
            .get_export_index(&mut store, Some(inner_index), "twice")
            .unwrap()
    );
    let twice = instance.get_typed_func::<(u64,), (u64,)>(&mut store, &twice)?;
    assert_eq!(twice.call(&mut store, (21,))?, (42,));
    twice.post_return(&mut store)?;
    let inner2 = instance
        .get_export_index(&mut store, None, "inner2")
        .unwrap();
    let twice2 = instance
        .get_export_index(&mut store, Some(&inner2), "twice")
        .unwrap();
    let twice2 = instance.get_typed_func::<(u64,), (u64,)>(&mut store, &twice2)?;
    assert_eq!(twice2.call(&mut store, (5,))?, (10,));
    twice2.post_return(&mut store)?;
    let hello = instance
        .get_export_index(&mut store, Some(&inner2), "hello")
        .unwrap();
    let hello = instance.get_typed_func::<(), (String,)>(&mut store, &hello)?;
    assert_eq!(hello.call(&mut store, ())?, ("hi from inner".to_string(),));
    hello.post_return(&mut store)?;

    // The same import exported alone.
    let add_again = instance.get_typed_func::<(u32, u32), (u32,)>(&mut store, "add-again")?;
    assert_eq!(add_again.call(&mut store, (1, 1))?, (2,));
    add_again.post_return(&mut store)?;

    // Names that are not there.
    assert!(instance
        .get_export_index(&mut store, Some(&host2), "nope")
        .is_none());
    assert!(instance
        .get_export_index(&mut store, Some(&inner2), "add")
        .is_none());
    // A type is not a function.
    let point = instance
        .get_export_index(&mut store, Some(&host2), "point")
        .unwrap();
    assert!(instance.get_func(&mut store, &point).is_none());

    assert_eq!(
        store.data(),
        &[
            "add 2 3",
            &format!("add {} 2", u32::MAX),
            "add 0 0",
            "add 40 2",
            "twice 21",
            "twice 5",
            "add 1 1"
        ]
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// 5. Through nested components
// ---------------------------------------------------------------------------

#[test]
fn a_nested_component_passes_the_import_back_out() -> Result<()> {
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
          (import "f" (func $f (param "x" u32) (result string)))
          (import "svc" (instance $svc (export "g" (func (param "s" string) (result u32)))))
          (component $C
            (import "g" (func $g (param "x" u32) (result string)))
            (import "i" (instance $i (export "g" (func (param "s" string) (result u32)))))
            (component $D
              (import "h" (func $h (param "x" u32) (result string)))
              (export "deep" (func $h)))
            (instance $d (instantiate $D (with "h" (func $g))))
            (export "h" (func $g))
            (export "i2" (instance $i))
            (export "deep" (func $d "deep")))
          (instance $c (instantiate $C (with "g" (func $f)) (with "i" (instance $svc))))
          (export "f2" (func $c "h"))
          (export "svc2" (instance $c "i2"))
          (export "deep" (func $c "deep")))"#,
    )?;
    let mut linker = Linker::<Vec<String>>::new(&engine);
    linker.root().func_wrap("f", |mut store, (x,): (u32,)| {
        store.data_mut().push(format!("f {x}"));
        Ok((format!("<{x}>"),))
    })?;
    linker
        .instance("svc")?
        .func_wrap("g", |mut store, (s,): (String,)| {
            store.data_mut().push(format!("g {s}"));
            Ok((s.chars().count() as u32,))
        })?;
    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &component)?;
    let f2 = instance.get_typed_func::<(u32,), (String,)>(&mut store, "f2")?;
    let deep = instance.get_typed_func::<(u32,), (String,)>(&mut store, "deep")?;
    for x in [0, 7, u32::MAX] {
        assert_eq!(f2.call(&mut store, (x,))?, (format!("<{x}>"),));
        f2.post_return(&mut store)?;
        let y = x.wrapping_add(1);
        assert_eq!(deep.call(&mut store, (y,))?, (format!("<{y}>"),));
        deep.post_return(&mut store)?;
    }
    let svc2 = instance.get_export_index(&mut store, None, "svc2").unwrap();
    let g = instance
        .get_export_index(&mut store, Some(&svc2), "g")
        .unwrap();
    let g = instance.get_func(&mut store, &g).unwrap();
    assert_eq!(
        call(&mut store, &g, &[Val::String("añb🦀".into())])?,
        [Val::U32(4)]
    );
    assert_eq!(
        store.data(),
        &[
            "f 0",
            "f 1",
            "f 7",
            "f 8",
            &format!("f {}", u32::MAX),
            "f 0",
            "g añb🦀"
        ]
    );
    Ok(())
}

/// Store data of [`reexports_beside_the_component_s_own_code`].
#[derive(Default)]
struct Mixed {
    log: Vec<String>,
    /// A re-export for the host's `log` to call while it runs.
    target: Option<Func>,
}

/// Re-exports next to a component's own core code: the root lowers `log`
/// for its own lifted `run` and also re-exports it, and a child with core
/// code of its own does the same with `shout`. Both paths reach the host,
/// the host may call the re-export while the root's code runs, and two
/// instances of the component have shims of their own.
#[test]
fn reexports_beside_the_component_s_own_code() -> Result<()> {
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
          (import "log" (func $log (param "s" string)))
          (import "shout" (func $shout (param "s" string) (result string)))
          (core module $mem
            (memory (export "mem") 1)
            (global $next (mut i32) (i32.const 1024))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              (local.set $p (global.get $next))
              (global.set $next (i32.add (local.get $p) (local.get 3)))
              (local.get $p)))
          (core instance $mi (instantiate $mem))
          (core func $log' (canon lower (func $log) (memory (core memory $mi "mem")) (realloc (core func $mi "realloc"))))
          (core module $m
            (import "" "log" (func $log (param i32 i32)))
            (import "" "mem" (memory 1))
            (data (i32.const 0) "from the guest")
            (func (export "run") (result i32)
              (call $log (i32.const 0) (i32.const 14))
              (i32.const 42)))
          (core instance $i (instantiate $m (with "" (instance
            (export "log" (func $log')) (export "mem" (memory $mi "mem"))))))
          (func (export "run") (result u32) (canon lift (core func $i "run")))
          (component $child
            (import "shout" (func $shout (param "s" string) (result string)))
            (core module $k (func (export "seven") (result i32) i32.const 7))
            (core instance $ki (instantiate $k))
            (func (export "seven") (result u32) (canon lift (core func $ki "seven")))
            (export "shout" (func $shout)))
          (instance $c (instantiate $child (with "shout" (func $shout))))
          (export "log2" (func $log))
          (export "shout2" (func $c "shout"))
          (export "seven" (func $c "seven")))"#,
    )?;
    let mut linker = Linker::<Mixed>::new(&engine);
    linker
        .root()
        .func_wrap("log", |mut store, (s,): (String,)| {
            if s == "fail" {
                return Err(anyhow!("log refused"));
            }
            store.data_mut().log.push(s.clone());
            if let Some(target) = store.data().target.filter(|_| s == "from the guest") {
                // The re-export of this very import, while the root's `run`
                // (another scope) waits for us.
                let f = target.typed::<(String,), ()>(&store)?;
                f.call(&mut store, ("nested".to_string(),))?;
                f.post_return(&mut store)?;
            }
            Ok(())
        })?;
    linker
        .root()
        .func_wrap("shout", |_, (s,): (String,)| Ok((s.to_uppercase(),)))?;
    let mut store = Store::new(&engine, Mixed::default());
    let one = linker.instantiate(&mut store, &component)?;
    let two = linker.instantiate(&mut store, &component)?;
    let typed = |store: &mut Store<Mixed>, i: hoist::component::Instance| -> Result<_> {
        Ok((
            i.get_typed_func::<(), (u32,)>(&mut *store, "run")?,
            i.get_typed_func::<(String,), ()>(&mut *store, "log2")?,
            i.get_typed_func::<(String,), (String,)>(&mut *store, "shout2")?,
            i.get_typed_func::<(), (u32,)>(&mut *store, "seven")?,
        ))
    };
    let (run1, log1, shout1, seven1) = typed(&mut store, one)?;
    let (run2, log2, shout2, _) = typed(&mut store, two)?;

    // The root's own path, calling the re-export from inside.
    store.data_mut().target = Some(one.get_func(&mut store, "log2").unwrap());
    assert_eq!(run1.call(&mut store, ())?, (42,));
    run1.post_return(&mut store)?;
    assert_eq!(store.data().log, ["from the guest", "nested"]);
    store.data_mut().target = None;
    // The re-export directly; the child's own export and its re-export.
    log1.call(&mut store, ("direct".into(),))?;
    log1.post_return(&mut store)?;
    assert_eq!(
        shout1.call(&mut store, ("ça".into(),))?,
        ("ÇA".to_string(),)
    );
    shout1.post_return(&mut store)?;
    assert_eq!(seven1.call(&mut store, ())?, (7,));
    seven1.post_return(&mut store)?;

    // A host error poisons instance one's `log2` shim only: not the root's
    // own `run` (which lowers the same import), not instance two.
    let e = log1.call(&mut store, ("fail".into(),)).unwrap_err();
    assert!(format!("{e:#}").contains("log refused"), "{e:#}");
    assert_poisoned_error(&log1.call(&mut store, ("again".into(),)).unwrap_err());
    assert_eq!(run1.call(&mut store, ())?, (42,));
    run1.post_return(&mut store)?;
    log2.call(&mut store, ("two".into(),))?;
    log2.post_return(&mut store)?;
    assert_eq!(run2.call(&mut store, ())?, (42,));
    run2.post_return(&mut store)?;
    assert_eq!(shout2.call(&mut store, ("b".into(),))?, ("B".to_string(),));
    shout2.post_return(&mut store)?;
    assert_eq!(
        store.data().log,
        [
            "from the guest",
            "nested",
            "direct",
            "from the guest",
            "two",
            "from the guest"
        ]
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// 6. Host resources
// ---------------------------------------------------------------------------

struct Counter;

const RESOURCES: &str = r#"(component
  (import "r" (type $r (sub resource)))
  (import "make" (func $make (param "v" u32) (result (own $r))))
  (import "peek" (func $peek (param "h" (borrow $r)) (result u32)))
  (import "take" (func $take (param "h" (own $r)) (result u32)))
  (export $r' "r2" (type $r))
  (export "make2" (func $make))
  (export "peek2" (func $peek))
  (export "take2" (func $take)))"#;

fn resource_linker(engine: &Engine) -> Result<Linker<Vec<String>>> {
    let mut linker = Linker::<Vec<String>>::new(engine);
    let mut root = linker.root();
    root.resource("r", ResourceType::host::<Counter>(), |mut store, rep| {
        store.data_mut().push(format!("drop {rep}"));
        Ok(())
    })?;
    root.func_wrap("make", |mut store, (v,): (u32,)| {
        store.data_mut().push(format!("make {v}"));
        Ok((Resource::<Counter>::new_own(v + 100),))
    })?;
    root.func_wrap("peek", |mut store, (h,): (Resource<Counter>,)| {
        assert!(!h.owned(), "peek gets a borrow");
        store.data_mut().push(format!("peek {}", h.rep()));
        Ok((h.rep() + 1,))
    })?;
    root.func_wrap("take", |mut store, (h,): (Resource<Counter>,)| {
        assert!(h.owned(), "take gets an own");
        store.data_mut().push(format!("take {}", h.rep()));
        Ok((h.rep() + 2,))
    })?;
    Ok(linker)
}

/// A store logging the host's calls, an instance of [`RESOURCES`], and its
/// typed `make2`.
#[allow(clippy::type_complexity)]
fn resources_instance() -> Result<(
    Store<Vec<String>>,
    hoist::component::Instance,
    hoist::component::TypedFunc<(u32,), (ResourceAny,)>,
)> {
    let engine = Engine::default();
    let component = Component::new(&engine, RESOURCES)?;
    let linker = resource_linker(&engine)?;
    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &component)?;
    let make = instance.get_typed_func::<(u32,), (ResourceAny,)>(&mut store, "make2")?;
    Ok((store, instance, make))
}

/// The export's resource type, `own` results and `own` parameters.
#[test]
fn host_resources_through_reexports() -> Result<()> {
    let (mut store, instance, make) = resources_instance()?;
    let take = instance.get_typed_func::<(ResourceAny,), (u32,)>(&mut store, "take2")?;

    // The exported type is the host's.
    let r2 = instance
        .exports(&mut store, None)
        .into_iter()
        .find_map(|(n, e)| match (n.as_str(), e) {
            ("r2", Export::Resource(t)) => Some(t),
            _ => None,
        });
    assert_eq!(r2, Some(ResourceType::host::<Counter>()));

    // `own` results, dropped by the host: its destructor runs once each.
    let mut handles = Vec::new();
    for v in 0..5 {
        let (h,) = make.call(&mut store, (v,))?;
        make.post_return(&mut store)?;
        assert!(h.owned());
        assert_eq!(h.ty(), ResourceType::host::<Counter>());
        handles.push(h);
    }
    for h in handles.into_iter().rev() {
        h.resource_drop(&mut store)?;
        assert!(h.resource_drop(&mut store).is_err(), "dropped twice");
    }

    // `own` parameters: the handle moves to the host function, whether
    // it came from `make2` or from the host itself.
    let (h,) = make.call(&mut store, (7,))?;
    make.post_return(&mut store)?;
    assert_eq!(take.call(&mut store, (h,))?, (109,));
    take.post_return(&mut store)?;
    assert!(take.call(&mut store, (h,)).is_err(), "moved away");
    assert!(h.resource_drop(&mut store).is_err(), "moved away");
    let mine = ResourceAny::try_from_resource(Resource::<Counter>::new_own(50), &mut store)?;
    assert_eq!(take.call(&mut store, (mine,))?, (52,));
    take.post_return(&mut store)?;

    // Dynamically, and into a typed host `Resource` and back.
    let make_dyn = instance.get_func(&mut store, "make2").unwrap();
    let take_dyn = instance.get_func(&mut store, "take2").unwrap();
    let Val::Resource(h) = call(&mut store, &make_dyn, &[Val::U32(9)])?[0] else {
        panic!("expected a resource")
    };
    let r = h.try_into_resource::<Counter>(&mut store)?;
    assert_eq!(r.rep(), 109);
    let h = ResourceAny::try_from_resource(r, &mut store)?;
    assert_eq!(
        call(&mut store, &take_dyn, &[Val::Resource(h)])?,
        [Val::U32(111)]
    );
    // A borrowed handle where an `own` is expected is refused.
    let lent = ResourceAny::try_from_resource(Resource::<Counter>::new_borrow(3), &mut store)?;
    let mut out = [Val::Bool(false)];
    let e = take_dyn
        .call(&mut store, &[Val::Resource(lent)], &mut out)
        .unwrap_err();
    assert!(format!("{e:#}").contains("owned"), "{e:#}");

    assert_eq!(
        store.data(),
        &[
            "make 0", "make 1", "make 2", "make 3", "make 4", "drop 104", "drop 103", "drop 102",
            "drop 101", "drop 100", "make 7", "take 107", "take 50", "make 9", "take 109"
        ]
    );
    Ok(())
}

/// `borrow` parameters: the host lends a handle through the re-export. The
/// shim's scope receives the borrowed handle and passes it on to the
/// lowered import; the handle ends when the call returns (the shim passes
/// borrows through, as the spec passes the function through unchanged).
#[test]
fn borrowed_host_resources_through_reexports() -> Result<()> {
    let (mut store, instance, make) = resources_instance()?;
    let peek = instance.get_typed_func::<(ResourceAny,), (u32,)>(&mut store, "peek2")?;

    let (h,) = make.call(&mut store, (5,))?;
    make.post_return(&mut store)?;
    for _ in 0..3 {
        assert_eq!(peek.call(&mut store, (h,))?, (106,));
        peek.post_return(&mut store)?;
    }
    assert!(h.owned(), "lending does not move the handle");
    h.resource_drop(&mut store)?;
    assert!(peek.call(&mut store, (h,)).is_err(), "dropped");

    // Dynamically, with a handle the host made itself.
    let peek_dyn = instance.get_func(&mut store, "peek2").unwrap();
    let mine = ResourceAny::try_from_resource(Resource::<Counter>::new_own(40), &mut store)?;
    assert_eq!(
        call(&mut store, &peek_dyn, &[Val::Resource(mine)])?,
        [Val::U32(41)]
    );
    mine.resource_drop(&mut store)?;

    assert_eq!(
        store.data(),
        &["make 5", "peek 105", "peek 105", "peek 105", "drop 105", "peek 40", "drop 40"]
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// 7. Host errors
// ---------------------------------------------------------------------------

/// The error the failing host function returns.
#[derive(Debug)]
struct HostSaysNo(u32);

impl std::fmt::Display for HostSaysNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the host says no to {}", self.0)
    }
}

impl std::error::Error for HostSaysNo {}

#[test]
fn a_host_error_comes_back_and_poisons_only_its_shim() -> Result<()> {
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
          (import "svc" (instance $s
            (export "fail" (func (param "x" u32) (result string)))
            (export "ok" (func (param "x" u32) (result string)))))
          (alias export $s "fail" (func $fail))
          (export "svc2" (instance $s))
          (export "fail-again" (func $fail)))"#,
    )?;
    let mut linker = Linker::<u32>::new(&engine);
    let mut svc = linker.instance("svc")?;
    svc.func_wrap("fail", |mut store, (x,): (u32,)| -> Result<(String,)> {
        *store.data_mut() += 1;
        Err(HostSaysNo(x).into())
    })?;
    svc.func_wrap("ok", |mut store, (x,): (u32,)| {
        *store.data_mut() += 1;
        Ok((format!("ok {x}"),))
    })?;
    let mut store = Store::new(&engine, 0);
    let instance = linker.instantiate(&mut store, &component)?;
    let svc2 = instance.get_export_index(&mut store, None, "svc2").unwrap();
    let fail = instance
        .get_export_index(&mut store, Some(&svc2), "fail")
        .unwrap();
    let fail = instance.get_typed_func::<(u32,), (String,)>(&mut store, &fail)?;
    let ok = instance
        .get_export_index(&mut store, Some(&svc2), "ok")
        .unwrap();
    let ok = instance.get_typed_func::<(u32,), (String,)>(&mut store, &ok)?;

    assert_eq!(ok.call(&mut store, (1,))?, ("ok 1".to_string(),));
    ok.post_return(&mut store)?;

    // The host's error comes back, its text and value reachable.
    let e = fail.call(&mut store, (7,)).unwrap_err();
    assert_eq!(*store.data(), 2);
    assert!(format!("{e:#}").contains("the host says no to 7"), "{e:#}");
    assert_eq!(
        e.downcast_ref::<HostSaysNo>().map(|h| h.0),
        Some(7),
        "{e:#}"
    );
    // Under the context naming the host function, as for any import.
    assert_eq!(e.to_string(), "host function `svc#fail` failed", "{e:#}");
    assert_eq!(e.root_cause().to_string(), "the host says no to 7");

    // The failed function's shim trapped: it is poisoned, and the host
    // function is not called again.
    let e = fail.call(&mut store, (8,)).unwrap_err();
    assert_poisoned_error(&e);
    let mut out = [Val::Bool(false)];
    let fail_dyn_idx = instance
        .get_export_index(&mut store, Some(&svc2), "fail")
        .unwrap();
    let fail_dyn = instance.get_func(&mut store, &fail_dyn_idx).unwrap();
    assert_poisoned_error(
        &fail_dyn
            .call(&mut store, &[Val::U32(9)], &mut out)
            .unwrap_err(),
    );
    assert_eq!(*store.data(), 2);

    // The other function of the same imported instance is another shim:
    // it still works, several times.
    for x in 2..5 {
        assert_eq!(ok.call(&mut store, (x,))?, (format!("ok {x}"),));
        ok.post_return(&mut store)?;
    }
    // So does the same import exported a second time: its own shim. It
    // reaches the host, which fails again, and is poisoned in turn.
    let again = instance.get_typed_func::<(u32,), (String,)>(&mut store, "fail-again")?;
    let e = again.call(&mut store, (10,)).unwrap_err();
    assert_eq!(
        e.downcast_ref::<HostSaysNo>().map(|h| h.0),
        Some(10),
        "{e:#}"
    );
    assert_poisoned_error(&again.call(&mut store, (11,)).unwrap_err());
    assert_eq!(*store.data(), 6);
    assert_eq!(ok.call(&mut store, (5,))?, ("ok 5".to_string(),));
    ok.post_return(&mut store)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// 8. Reentrance
// ---------------------------------------------------------------------------

/// What the host function behind `a2` does.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Calls `b2` (another re-export) and uses its result.
    CallB,
    /// Calls `a2` again, keeps the error and returns normally.
    ReenterSwallow,
    /// Calls `a2` again and returns the error.
    ReenterPropagate,
}

struct Reenter {
    mode: Mode,
    a: Option<Func>,
    b: Option<Func>,
    observed: Vec<anyhow::Error>,
}

#[test]
fn reentrance_through_reexports() -> Result<()> {
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
          (import "a" (func $a (param "x" u32) (result string)))
          (import "b" (func $b (param "s" string) (result string)))
          (export "a2" (func $a))
          (export "b2" (func $b)))"#,
    )?;
    let mut linker = Linker::<Reenter>::new(&engine);
    linker.root().func_wrap("a", |mut store, (x,): (u32,)| {
        let (a, b) = (store.data().a.unwrap(), store.data().b.unwrap());
        match store.data().mode {
            Mode::CallB => {
                // Typed for one half, dynamic for the other.
                let from_b = if x % 2 == 0 {
                    let b = b.typed::<(String,), (String,)>(&store)?;
                    let (r,) = b.call(&mut store, (format!("x={x}"),))?;
                    b.post_return(&mut store)?;
                    r
                } else {
                    let mut out = [Val::Bool(false)];
                    b.call(&mut store, &[Val::String(format!("x={x}"))], &mut out)?;
                    b.post_return(&mut store)?;
                    let Val::String(r) = &out[0] else {
                        unreachable!()
                    };
                    r.clone()
                };
                Ok((format!("a({from_b})"),))
            }
            Mode::ReenterSwallow | Mode::ReenterPropagate => {
                let a = a.typed::<(u32,), (String,)>(&store)?;
                let e = a.call(&mut store, (x + 1,)).unwrap_err();
                if store.data().mode == Mode::ReenterPropagate {
                    return Err(e);
                }
                store.data_mut().observed.push(e);
                Ok(("swallowed".to_string(),))
            }
        }
    })?;
    linker
        .root()
        .func_wrap("b", |_, (s,): (String,)| Ok((format!("b[{s}]"),)))?;
    let mut store = Store::new(
        &engine,
        Reenter {
            mode: Mode::CallB,
            a: None,
            b: None,
            observed: Vec::new(),
        },
    );
    let instance = linker.instantiate(&mut store, &component)?;
    let a = instance.get_func(&mut store, "a2").unwrap();
    let b = instance.get_func(&mut store, "b2").unwrap();
    store.data_mut().a = Some(a);
    store.data_mut().b = Some(b);
    let a_typed = a.typed::<(u32,), (String,)>(&store)?;

    // A's host function calls B, many times over.
    for x in 0..10 {
        assert_eq!(a_typed.call(&mut store, (x,))?, (format!("a(b[x={x}])"),));
        a_typed.post_return(&mut store)?;
    }

    // Calling A from inside A is the reentrance trap; swallowed, it changes
    // nothing: A completes and works afterwards.
    store.data_mut().mode = Mode::ReenterSwallow;
    assert_eq!(a_typed.call(&mut store, (1,))?, ("swallowed".to_string(),));
    a_typed.post_return(&mut store)?;
    let e = store.data_mut().observed.pop().unwrap();
    assert_trap(&e, Trap::CannotEnterComponent, REENTRANCE);
    store.data_mut().mode = Mode::CallB;
    assert_eq!(a_typed.call(&mut store, (3,))?, ("a(b[x=3])".to_string(),));
    a_typed.post_return(&mut store)?;

    // Returned by the host function, the trap ends A's call and poisons A;
    // B is another shim and still works.
    store.data_mut().mode = Mode::ReenterPropagate;
    let e = a_typed.call(&mut store, (1,)).unwrap_err();
    assert_eq!(
        e.downcast_ref::<Trap>(),
        Some(&Trap::CannotEnterComponent),
        "{e:#}"
    );
    assert!(format!("{e:#}").contains(REENTRANCE), "{e:#}");
    assert_poisoned_error(&a_typed.call(&mut store, (1,)).unwrap_err());
    assert_eq!(
        call(&mut store, &b, &[Val::String("after".into())])?,
        [Val::String("b[after]".into())]
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// 9. Link-time checks
// ---------------------------------------------------------------------------

/// Re-exports `greet` alone and the instance `host` (with `add`) whole.
const GREET_AND_ADD: &str = r#"(component
  (import "greet" (func $g (param "name" string) (result string)))
  (import "host" (instance $h (export "add" (func (param "a" u32) (param "b" u32) (result u32)))))
  (export "greet2" (func $g))
  (export "host2" (instance $h)))"#;

#[test]
fn link_time_checks_still_apply() -> Result<()> {
    let engine = Engine::default();
    let component = Component::new(&engine, GREET_AND_ADD)?;
    let err = |linker: &Linker<()>| -> String {
        let mut store = Store::new(&engine, ());
        match linker.instantiate(&mut store, &component) {
            Ok(_) => panic!("instantiation should have failed"),
            Err(e) => format!("{e:#}"),
        }
    };
    let good_add = |linker: &mut Linker<()>| -> Result<()> {
        linker
            .instance("host")?
            .func_wrap("add", |_, (a, b): (u32, u32)| Ok((a + b,)))
    };

    // Missing function.
    let mut linker = Linker::<()>::new(&engine);
    good_add(&mut linker)?;
    let e = err(&linker);
    assert!(e.contains("import `greet` was not found"), "{e}");

    // Mistyped function.
    let mut linker = Linker::<()>::new(&engine);
    good_add(&mut linker)?;
    linker
        .root()
        .func_wrap("greet", |_, (x,): (u32,)| Ok((x,)))?;
    let e = err(&linker);
    assert!(e.contains("type mismatch for import `greet`"), "{e}");

    // Not a function at all.
    let mut linker = Linker::<()>::new(&engine);
    good_add(&mut linker)?;
    linker.instance("greet")?;
    let e = err(&linker);
    assert!(e.contains("import `greet` has the wrong type"), "{e}");

    // Missing and mistyped functions in the instance exported whole.
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .func_wrap("greet", |_, (s,): (String,)| Ok((s,)))?;
    linker.instance("host")?;
    let e = err(&linker);
    assert!(e.contains("import `host/add` was not found"), "{e}");
    linker
        .instance("host")?
        .func_wrap("add", |_, (a,): (u64,)| Ok((a,)))?;
    let e = err(&linker);
    assert!(e.contains("type mismatch for import `host/add`"), "{e}");

    // And with everything right, it instantiates and works.
    let mut linker = Linker::<()>::new(&engine);
    good_add(&mut linker)?;
    linker
        .root()
        .func_wrap("greet", |_, (s,): (String,)| Ok((s,)))?;
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component)?;
    let g = instance.get_typed_func::<(String,), (String,)>(&mut store, "greet2")?;
    assert_eq!(g.call(&mut store, ("ok".into(),))?, ("ok".to_string(),));
    g.post_return(&mut store)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// 10. Typed-func type checks
// ---------------------------------------------------------------------------

#[test]
fn typed_views_of_reexports_are_type_checked() -> Result<()> {
    let engine = Engine::default();
    let component = Component::new(&engine, GREET_AND_ADD)?;
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .func_wrap("greet", |_, (s,): (String,)| Ok((s,)))?;
    linker
        .instance("host")?
        .func_wrap("add", |_, (a, b): (u32, u32)| Ok((a + b,)))?;
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component)?;

    let e = instance
        .get_typed_func::<(u32,), (String,)>(&mut store, "greet2")
        .unwrap_err();
    assert!(format!("{e:#}").contains("greet2"), "{e:#}");
    let e = instance
        .get_typed_func::<(String,), (u32,)>(&mut store, "greet2")
        .unwrap_err();
    assert!(format!("{e:#}").contains("greet2"), "{e:#}");
    let e = instance
        .get_typed_func::<(String, String), (String,)>(&mut store, "greet2")
        .unwrap_err();
    assert!(format!("{e:#}").contains("greet2"), "{e:#}");

    let host2 = instance
        .get_export_index(&mut store, None, "host2")
        .unwrap();
    let add = instance
        .get_export_index(&mut store, Some(&host2), "add")
        .unwrap();
    let e = instance
        .get_typed_func::<(u32, u64), (u32,)>(&mut store, &add)
        .unwrap_err();
    assert!(format!("{e:#}").contains("host2/add"), "{e:#}");
    // `Func::typed` checks too.
    let f = instance.get_func(&mut store, &add).unwrap();
    assert!(f.typed::<(u32, u32), (u64,)>(&store).is_err());

    // An instance is not a function.
    let e = instance
        .get_typed_func::<(), ()>(&mut store, "host2")
        .unwrap_err();
    assert!(format!("{e:#}").contains("host2"), "{e:#}");

    // The right types pass, and the calls work.
    let add = instance.get_typed_func::<(u32, u32), (u32,)>(&mut store, &add)?;
    assert_eq!(add.call(&mut store, (20, 22))?, (42,));
    add.post_return(&mut store)?;
    Ok(())
}
