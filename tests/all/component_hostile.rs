//! Hostile guests, through real components: every value a guest hands to the
//! canonical ABI is checked as `CanonicalABI.md` says, in both directions
//! (results of an export the host calls, arguments of an import the guest
//! calls), on both the dynamic (`Val`) and the typed paths.
//!
//! Each case asserts the exact trap (the canonical ABI's kind of each
//! check for an invalid value: `Trap::UnalignedPointer`,
//! `Trap::PointerOutOfBounds`, `Trap::InvalidUtf8`, `Trap::InvalidUtf16`,
//! `Trap::InvalidDiscriminant`, `Trap::InvalidChar`, `Trap::InvalidHandle`;
//! the guest's own trap for a trapping `realloc` or
//! `post-return`, `Trap::CannotEnterComponent` for reentrance, also through
//! nested component instances, `Trap::CannotLeaveComponent` for an import
//! called from `realloc` or `post-return`) and its message, that a host
//! import fed a bad argument is never called, that the trapping instance is
//! poisoned afterwards, and that the store itself keeps working: an instance
//! made before the trap still answers, and a new one can be made and called.

use anyhow::Result;
use hoist::component::{
    Component, Func, Instance, LiftNamedList, Linker, ResourceAny, Val, WasmList, WasmStr,
};
use hoist::{Engine, Store, StoreContextMut, Trap};

use crate::support::traps::{assert_poisoned_error, assert_trap};
use crate::support::{engine, BUMP_REALLOC};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The store data of every test: what the host imports saw.
#[derive(Default)]
struct Host {
    /// How many times a host import ran.
    calls: u32,
    /// The arguments of the last dynamic host call.
    seen: Vec<Val>,
    /// A function for host imports to call back into (reentrance tests).
    target: Option<Func>,
    /// Errors a host import observed and swallowed.
    observed: Vec<anyhow::Error>,
}

/// The three `string-encoding=` options.
const ENCODINGS: [&str; 3] = ["utf8", "utf16", "latin1+utf16"];

/// The bit of a `latin1+utf16` length that marks the UTF-16 form.
const TAG: u32 = 1 << 31;

/// A `realloc` that answers `ptr` to every call.
fn fixed_realloc(ptr: &str) -> String {
    format!(r#"(func (export "realloc") (param i32 i32 i32 i32) (result i32) {ptr})"#)
}

/// The bystander: an instance made before the hostile one, in the same store.
const ADDER: &str = r#"(component
  (core module $m (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add"))))"#;

/// Calls the bystander instance `adder` and a freshly made one: the store
/// survived whatever happened to another instance.
#[track_caller]
fn assert_store_usable(store: &mut Store<Host>, adder: Instance) {
    let engine = store.engine().clone();
    let fresh = Linker::new(&engine)
        .instantiate(&mut *store, &Component::new(&engine, ADDER).unwrap())
        .unwrap();
    for (inst, a) in [(adder, 40), (fresh, 1)] {
        let add = inst
            .get_typed_func::<(u32, u32), (u32,)>(&mut *store, "add")
            .unwrap();
        assert_eq!(add.call(&mut *store, (a, 2)).unwrap(), (a + 2,));
        add.post_return(&mut *store).unwrap();
    }
}

/// One way of calling an export with no parameters, post-return included.
type Call = Box<dyn Fn(&mut Store<Host>, &Instance) -> Result<()>>;

/// Through `Func::call` with dynamic values.
fn dynamic(name: &'static str) -> Call {
    Box::new(move |store, inst| {
        let f = inst.get_func(&mut *store, name).expect("no such export");
        let mut out = vec![Val::Bool(false); f.results(&*store).len()];
        f.call(&mut *store, &[], &mut out)?;
        f.post_return(&mut *store)
    })
}

/// Through a `TypedFunc` returning `R`.
fn typed<R: LiftNamedList + 'static>(name: &'static str) -> Call {
    Box::new(move |store, inst| {
        let f = inst.get_typed_func::<(), R>(&mut *store, name)?;
        f.call(&mut *store, ())?;
        f.post_return(&mut *store)
    })
}

/// A store holding the bystander, and the instance of `wat` made with `linker`.
fn setup(engine: &Engine, linker: &Linker<Host>, wat: &str) -> (Store<Host>, Instance, Instance) {
    let mut store = Store::new(engine, Host::default());
    let adder = Linker::new(engine)
        .instantiate(&mut store, &Component::new(engine, ADDER).unwrap())
        .unwrap();
    let component = Component::new(engine, wat).unwrap_or_else(|e| panic!("{e:#}\n{wat}"));
    let inst = linker
        .instantiate(&mut store, &component)
        .unwrap_or_else(|e| panic!("{e:#}"));
    (store, inst, adder)
}

/// Calls export `name` of a fresh instance of `wat` (no imports) through each
/// of `calls`, expecting the trap `want` with message `msg` every time; then
/// checks that the instance is poisoned and that the store still works.
#[track_caller]
fn expect_trap(wat: &str, calls: &[Call], want: Trap, msg: &str) {
    let engine = engine();
    let linker = Linker::new(&engine);
    for call in calls {
        let (mut store, inst, adder) = setup(&engine, &linker, wat);
        let err = call(&mut store, &inst).unwrap_err();
        assert_trap(&err, want, msg);
        let again = call(&mut store, &inst).unwrap_err();
        assert_poisoned_error(&again);
        assert_store_usable(&mut store, adder);
    }
}

/// Calls the parameterless export `get` of a fresh instance of `wat` and
/// returns its one result.
#[track_caller]
fn get_ok(wat: &str) -> Val {
    let engine = engine();
    let (mut store, inst, _) = setup(&engine, &Linker::new(&engine), wat);
    let f = inst.get_func(&mut store, "get").unwrap();
    let mut out = [Val::Bool(false)];
    f.call(&mut store, &[], &mut out)
        .unwrap_or_else(|e| panic!("{e:#}"));
    f.post_return(&mut store).unwrap();
    // The instance can be entered again.
    f.call(&mut store, &[], &mut out).unwrap();
    f.post_return(&mut store).unwrap();
    out[0].clone()
}

/// A component exporting `get: func() -> {ty}`, lifted with
/// `string-encoding={enc}`; its core function runs `body`, which leaves an
/// `i32` (the flat result, or a pointer to the spilled results). The core
/// module has one page of memory holding `data`, and `$pair` stores a
/// `(pointer, length)` pair at 0 and returns 0.
fn export_result(ty: &str, enc: &str, body: &str, data: &str) -> String {
    format!(
        r#"(component
  (core module $m
    (memory (export "mem") 1)
    {data}
    {BUMP_REALLOC}
    (func $pair (param i32 i32) (result i32)
      (i32.store (i32.const 0) (local.get 0))
      (i32.store (i32.const 4) (local.get 1))
      (i32.const 0))
    (func (export "get") (result i32) {body}))
  (core instance $i (instantiate $m))
  (func (export "get") (result {ty})
    (canon lift (core func $i "get") (memory (core memory $i "mem"))
      (realloc (core func $i "realloc")) string-encoding={enc})))"#
    )
}

/// `export_result` for a string result at `ptr` with (tagged) length `len`.
fn string_result(enc: &str, ptr: u32, len: u32, data: &str) -> String {
    export_result(
        "string",
        enc,
        &format!("(call $pair (i32.const {ptr}) (i32.const {len}))"),
        data,
    )
}

/// The calls that lift a string result: dynamic, `String`, `WasmStr`.
fn string_calls() -> Vec<Call> {
    vec![
        dynamic("get"),
        typed::<(String,)>("get"),
        typed::<(WasmStr,)>("get"),
    ]
}

/// The calls that decode a string result (`WasmStr` decodes lazily).
fn decoding_string_calls() -> Vec<Call> {
    vec![dynamic("get"), typed::<(String,)>("get")]
}

/// A component importing `take: func(x: {ty})` (lowered with
/// `string-encoding={enc}` into a module with one page of memory holding
/// `data`) and exporting `run: func()`, whose core function pushes `args`
/// (of core types `core_params`) and calls `take`.
fn import_param(ty: &str, enc: &str, core_params: &str, args: &str, data: &str) -> String {
    format!(
        r#"(component
  (import "take" (func $take (param "x" {ty})))
  (core module $libc
    (memory (export "mem") 1)
    {data}
    {BUMP_REALLOC})
  (core instance $libc (instantiate $libc))
  (core func $take-core
    (canon lower (func $take) (memory (core memory $libc "mem"))
      (realloc (core func $libc "realloc")) string-encoding={enc}))
  (core module $m
    (import "" "take" (func $take (param {core_params})))
    (func (export "run") {args} call $take))
  (core instance $i (instantiate $m (with "" (instance (export "take" (func $take-core))))))
  (func (export "run") (canon lift (core func $i "run"))))"#
    )
}

/// One way of defining the host import `take`.
type Define = Box<dyn Fn(&mut Linker<Host>)>;

/// `take` with `func_new`, recording its arguments.
fn dynamic_take() -> Define {
    Box::new(|linker| {
        linker
            .root()
            .func_new("take", |mut store, params, _results| {
                let data = store.data_mut();
                data.calls += 1;
                data.seen = params.to_vec();
                Ok(())
            })
            .unwrap();
    })
}

/// `take` with `func_wrap`, taking `P`.
fn typed_take<P: LiftNamedList + 'static>() -> Define {
    Box::new(|linker| {
        linker
            .root()
            .func_wrap("take", |mut store: StoreContextMut<'_, Host>, _: P| {
                store.data_mut().calls += 1;
                Ok(())
            })
            .unwrap();
    })
}

/// The definitions of `take` for a string parameter.
fn string_takes() -> Vec<Define> {
    vec![dynamic_take(), typed_take::<(String,)>()]
}

/// Calls `run` of a fresh instance of `wat` with `take` defined by each of
/// `defines`, expecting the trap `want` with message `msg` before the host
/// runs; then checks poisoning and the store.
#[track_caller]
fn expect_import_trap(wat: &str, defines: &[Define], want: Trap, msg: &str) {
    let engine = engine();
    for define in defines {
        let mut linker = Linker::new(&engine);
        define(&mut linker);
        let (mut store, inst, adder) = setup(&engine, &linker, wat);
        let run = dynamic("run");
        let err = run(&mut store, &inst).unwrap_err();
        assert_trap(&err, want, msg);
        assert_eq!(store.data().calls, 0, "the host import ran");
        assert_poisoned_error(&run(&mut store, &inst).unwrap_err());
        assert_store_usable(&mut store, adder);
    }
}

/// Calls `run` of a fresh instance of `wat` with the dynamic `take`, and
/// returns what `take` received.
#[track_caller]
fn import_ok(wat: &str) -> Vec<Val> {
    let engine = engine();
    let mut linker = Linker::new(&engine);
    dynamic_take()(&mut linker);
    let (mut store, inst, _) = setup(&engine, &linker, wat);
    dynamic("run")(&mut store, &inst).unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(store.data().calls, 1);
    store.data().seen.clone()
}

/// A WAT data segment at `at` holding `bytes`.
fn data(at: u32, bytes: &[u8]) -> String {
    let escaped: String = bytes.iter().map(|b| format!("\\{b:02x}")).collect();
    format!(r#"(data (i32.const {at}) "{escaped}")"#)
}

/// `s` as little-endian UTF-16 bytes.
fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

// ---------------------------------------------------------------------------
// Strings lifted from the guest: host → guest results, guest → host arguments
// ---------------------------------------------------------------------------

/// Valid strings in every encoding lift, as controls for the hostile cases.
#[test]
fn valid_strings_lift_in_every_encoding() {
    let cases: [(&str, Vec<u8>, u32, &str); 5] = [
        ("utf8", "héllo €".as_bytes().to_vec(), 10, "héllo €"),
        ("utf16", utf16("h€\u{1F600}"), 4, "h€\u{1F600}"),
        ("latin1+utf16", vec![b'c', 0xE9, 0xFF], 3, "céÿ"),
        ("latin1+utf16", utf16("\u{3b1}\u{3b2}"), 2 | TAG, "αβ"),
        ("utf8", vec![], 0, ""),
    ];
    for (enc, bytes, len, want) in cases {
        let want = Val::String(want.to_string());
        let wat = string_result(enc, 64, len, &data(64, &bytes));
        assert_eq!(get_ok(&wat), want, "{enc}");
        let (core_params, args) = ("i32 i32", format!("(i32.const 64) (i32.const {len})"));
        let wat = import_param("string", enc, core_params, &args, &data(64, &bytes));
        assert_eq!(import_ok(&wat), [want], "{enc}");
    }
}

#[test]
fn strings_running_past_the_end_of_memory_trap() {
    // (encoding, pointer, tagged length, byte length)
    let cases = [
        ("utf8", 65530, 7, 7),
        ("utf16", 65530, 4, 8),
        ("latin1+utf16", 65530, 7, 7),
        ("latin1+utf16", 65530, 4 | TAG, 8),
        // The pointer alone is past the end.
        ("utf8", 0xFFFF_FF00, 1, 1),
    ];
    for (enc, ptr, len, bytes) in cases {
        let msg = format!("string: {bytes} bytes at {ptr:#x} exceed memory size 65536");
        let wat = string_result(enc, ptr, len, "");
        expect_trap(&wat, &string_calls(), Trap::PointerOutOfBounds, &msg);
        let args = format!("(i32.const {ptr}) (i32.const {len})");
        let wat = import_param("string", enc, "i32 i32", &args, "");
        expect_import_trap(&wat, &string_takes(), Trap::PointerOutOfBounds, &msg);
    }
}

#[test]
fn empty_strings_are_bounds_checked_too() {
    // An empty string may sit exactly at the end of memory ...
    for enc in ENCODINGS {
        let wat = string_result(enc, 65536, 0, "");
        assert_eq!(get_ok(&wat), Val::String(String::new()), "{enc}");
        let wat = import_param(
            "string",
            enc,
            "i32 i32",
            "(i32.const 65536) (i32.const 0)",
            "",
        );
        assert_eq!(import_ok(&wat), [Val::String(String::new())], "{enc}");
    }
    let wat = string_result("latin1+utf16", 65536, TAG, "");
    assert_eq!(get_ok(&wat), Val::String(String::new()));
    // ... but not beyond it (the spec checks `ptr + 0 <= len(memory)`).
    for (enc, ptr, len) in [
        ("utf8", 65537, 0),
        ("utf16", 65538, 0),
        ("latin1+utf16", 65538, 0),
        ("latin1+utf16", 65538, TAG),
        ("utf8", u32::MAX, 0),
    ] {
        let msg = format!("string: 0 bytes at {ptr:#x} exceed memory size 65536");
        let wat = string_result(enc, ptr, len, "");
        expect_trap(&wat, &string_calls(), Trap::PointerOutOfBounds, &msg);
        let args = format!("(i32.const {ptr}) (i32.const {len})");
        let wat = import_param("string", enc, "i32 i32", &args, "");
        expect_import_trap(&wat, &string_takes(), Trap::PointerOutOfBounds, &msg);
    }
}

#[test]
fn string_byte_lengths_beyond_the_maximum_trap() {
    // (encoding, tagged length, byte length): byte lengths up to 2^32 (past
    // `u32`) from lengths that fit in an `i32` register.
    let cases: [(&str, u32, u64); 5] = [
        ("utf8", u32::MAX, u64::from(u32::MAX)),
        ("utf8", 1 << 31, 1 << 31),
        ("utf16", 1 << 31, 1 << 32),
        ("utf16", u32::MAX, 2 * u64::from(u32::MAX)),
        ("latin1+utf16", u32::MAX, 2 * u64::from(u32::MAX ^ TAG)),
    ];
    for (enc, len, bytes) in cases {
        let msg = format!("string: byte length {bytes} exceeds the maximum of 2147483647");
        let wat = string_result(enc, 16, len, "");
        expect_trap(&wat, &string_calls(), Trap::PointerOutOfBounds, &msg);
        let args = format!("(i32.const 16) (i32.const {len})");
        let wat = import_param("string", enc, "i32 i32", &args, "");
        expect_import_trap(&wat, &string_takes(), Trap::PointerOutOfBounds, &msg);
    }
    // An untagged `latin1+utf16` length of 2^31 - 1 is within the maximum
    // (the tag bit is not part of the length), so the bounds check catches it.
    let wat = string_result("latin1+utf16", 16, TAG - 1, "");
    let msg = "string: 2147483647 bytes at 0x10 exceed memory size 65536";
    expect_trap(&wat, &string_calls(), Trap::PointerOutOfBounds, msg);
}

#[test]
fn misaligned_utf16_and_latin1_utf16_strings_trap() {
    for (enc, len) in [
        ("utf16", 1),
        ("utf16", 0),
        ("latin1+utf16", 1),
        ("latin1+utf16", 0),
        ("latin1+utf16", 1 | TAG),
    ] {
        let msg = "string: pointer 0x41 is not aligned to 2";
        let wat = string_result(enc, 65, len, "");
        expect_trap(&wat, &string_calls(), Trap::UnalignedPointer, msg);
        let args = format!("(i32.const 65) (i32.const {len})");
        let wat = import_param("string", enc, "i32 i32", &args, "");
        expect_import_trap(&wat, &string_takes(), Trap::UnalignedPointer, msg);
    }
    // UTF-8 has no alignment.
    let wat = string_result("utf8", 65, 1, &data(65, b"x"));
    assert_eq!(get_ok(&wat), Val::String("x".into()));
}

#[test]
fn invalid_string_contents_trap() {
    // (encoding, bytes, tagged length, message)
    let cases: Vec<(&str, Vec<u8>, u32, &str)> = vec![
        (
            "utf8",
            vec![b'a', 0xFF],
            2,
            "string: invalid utf-8 sequence of 1 bytes from index 1",
        ),
        // An overlong encoding of NUL.
        (
            "utf8",
            vec![0xC0, 0x80],
            2,
            "string: invalid utf-8 sequence of 1 bytes from index 0",
        ),
        // A surrogate encoded in UTF-8 (CESU-style).
        (
            "utf8",
            vec![0xED, 0xA0, 0x80],
            3,
            "string: invalid utf-8 sequence of 1 bytes from index 0",
        ),
        // A truncated sequence at the end.
        (
            "utf8",
            vec![b'o', b'k', 0xE2, 0x82],
            4,
            "string: incomplete utf-8 byte sequence from index 2",
        ),
        // A lone high surrogate followed by a letter, a lone low surrogate,
        // and a high surrogate at the very end.
        (
            "utf16",
            vec![0x00, 0xD8, b'a', 0],
            2,
            "string: unpaired surrogate 0xd800",
        ),
        (
            "utf16",
            vec![b'a', 0, 0x00, 0xDC],
            2,
            "string: unpaired surrogate 0xdc00",
        ),
        (
            "utf16",
            vec![b'a', 0, 0xFF, 0xDB],
            2,
            "string: unpaired surrogate 0xdbff",
        ),
        (
            "latin1+utf16",
            vec![0x3D, 0xD8, 0x3D, 0xD8, 0x00, 0xDE],
            3 | TAG,
            "string: unpaired surrogate 0xd83d",
        ),
    ];
    for (enc, bytes, len, msg) in cases {
        // Latin-1 cannot be invalid: a bad `latin1+utf16` string is UTF-16.
        let kind = if enc == "utf8" {
            Trap::InvalidUtf8
        } else {
            Trap::InvalidUtf16
        };
        let wat = string_result(enc, 64, len, &data(64, &bytes));
        expect_trap(&wat, &decoding_string_calls(), kind, msg);
        let args = format!("(i32.const 64) (i32.const {len})");
        let wat = import_param("string", enc, "i32 i32", &args, &data(64, &bytes));
        expect_import_trap(&wat, &string_takes(), kind, msg);

        // A `WasmStr` is checked for its place when lifted and for its
        // contents when read: the call succeeds, reading traps, and the
        // instance is not poisoned (nothing was handed over invalid yet).
        let wat = string_result(enc, 64, len, &data(64, &bytes));
        let engine = engine();
        let (mut store, inst, _) = setup(&engine, &Linker::new(&engine), &wat);
        let get = inst
            .get_typed_func::<(), (WasmStr,)>(&mut store, "get")
            .unwrap();
        let (s,) = get.call(&mut store, ()).unwrap();
        assert_trap(&s.to_str(&store).unwrap_err(), kind, msg);
        get.post_return(&mut store).unwrap();
        get.call(&mut store, ()).unwrap();
        get.post_return(&mut store).unwrap();
    }
}

/// A `latin1+utf16` string in its Latin-1 form decodes any byte; the same
/// bytes tagged as UTF-16 are code units.
#[test]
fn latin1_utf16_tagged_lengths_pick_the_form() {
    let bytes = [0xE9, 0x00, 0xFF, 0x00];
    let wat = string_result("latin1+utf16", 64, 4, &data(64, &bytes));
    assert_eq!(get_ok(&wat), Val::String("é\0ÿ\0".into()));
    let wat = string_result("latin1+utf16", 64, 2 | TAG, &data(64, &bytes));
    assert_eq!(get_ok(&wat), Val::String("éÿ".into()));
    // The tag means nothing to the other encodings: for UTF-16 it makes the
    // length huge, for UTF-8 too.
    let wat = string_result("utf16", 64, 2 | TAG, &data(64, &bytes));
    let msg = "string: byte length 4294967300 exceeds the maximum of 2147483647";
    expect_trap(&wat, &string_calls(), Trap::PointerOutOfBounds, msg);
    let wat = string_result("utf8", 64, 2 | TAG, &data(64, &bytes));
    let msg = "string: byte length 2147483650 exceeds the maximum of 2147483647";
    expect_trap(&wat, &string_calls(), Trap::PointerOutOfBounds, msg);
}

// ---------------------------------------------------------------------------
// Lists, variants, chars and return areas lifted from the guest
// ---------------------------------------------------------------------------

#[test]
fn lists_out_of_bounds_misaligned_or_too_long_trap() {
    // (element type, pointer, length, trap, message)
    let oob = Trap::PointerOutOfBounds;
    let unaligned = Trap::UnalignedPointer;
    let cases: [(&str, u32, u32, Trap, &str); 6] = [
        (
            "u64",
            16,
            1 << 29,
            oob,
            "list: byte length 4294967296 exceeds the maximum of 268435455",
        ),
        (
            "u8",
            16,
            1 << 28,
            oob,
            "list: byte length 268435456 exceeds the maximum of 268435455",
        ),
        (
            "u32",
            65532,
            2,
            oob,
            "list: 8 bytes at 0xfffc exceed memory size 65536",
        ),
        (
            "u32",
            17,
            1,
            unaligned,
            "list: pointer 0x11 is not aligned to 4",
        ),
        // Empty lists are checked for alignment and bounds as well.
        (
            "u32",
            18,
            0,
            unaligned,
            "list: pointer 0x12 is not aligned to 4",
        ),
        (
            "u32",
            65540,
            0,
            oob,
            "list: 0 bytes at 0x10004 exceed memory size 65536",
        ),
    ];
    for (elem, ptr, len, kind, msg) in cases {
        let ty = format!("(list {elem})");
        let body = format!("(call $pair (i32.const {ptr}) (i32.const {len}))");
        let wat = export_result(&ty, "utf8", &body, "");
        let calls = match elem {
            "u64" => vec![
                dynamic("get"),
                typed::<(Vec<u64>,)>("get"),
                typed::<(WasmList<u64>,)>("get"),
            ],
            "u8" => vec![
                dynamic("get"),
                typed::<(Vec<u8>,)>("get"),
                typed::<(WasmList<u8>,)>("get"),
            ],
            _ => vec![
                dynamic("get"),
                typed::<(Vec<u32>,)>("get"),
                typed::<(WasmList<u32>,)>("get"),
            ],
        };
        expect_trap(&wat, &calls, kind, msg);
        let args = format!("(i32.const {ptr}) (i32.const {len})");
        let wat = import_param(&ty, "utf8", "i32 i32", &args, "");
        let takes = match elem {
            "u64" => vec![dynamic_take(), typed_take::<(Vec<u64>,)>()],
            "u8" => vec![
                dynamic_take(),
                typed_take::<(Vec<u8>,)>(),
                typed_take::<(WasmList<u8>,)>(),
            ],
            _ => vec![dynamic_take(), typed_take::<(Vec<u32>,)>()],
        };
        expect_import_trap(&wat, &takes, kind, msg);
    }
    // Controls: an empty list at the very end of memory, and a full page.
    let wat = export_result(
        "(list u32)",
        "utf8",
        "(call $pair (i32.const 65536) (i32.const 0))",
        "",
    );
    assert_eq!(get_ok(&wat), Val::List(vec![]));
    let wat = export_result(
        "(list u8)",
        "utf8",
        "(call $pair (i32.const 0) (i32.const 65536))",
        "",
    );
    let Val::List(items) = get_ok(&wat) else {
        panic!()
    };
    assert_eq!(items.len(), 65536);
    // The first 8 bytes are the return area written by `$pair`: 0, then 65536.
    assert_eq!(items[..8], [0, 0, 0, 0, 0, 0, 1, 0].map(Val::U8));
}

/// A list of strings whose element strings are bad traps at the element.
#[test]
fn bad_strings_inside_lists_trap() {
    // list<string> at 64: [("ok" at 128), (7 bytes at 65533)].
    let mut block = Vec::new();
    for (p, l) in [(128u32, 2u32), (65533, 7)] {
        block.extend(p.to_le_bytes());
        block.extend(l.to_le_bytes());
    }
    let segs = format!("{} {}", data(64, &block), data(128, b"ok"));
    let body = "(call $pair (i32.const 64) (i32.const 2))";
    let wat = export_result("(list string)", "utf8", body, &segs);
    let msg = "string: 7 bytes at 0xfffd exceed memory size 65536";
    let calls = vec![dynamic("get"), typed::<(Vec<String>,)>("get")];
    expect_trap(&wat, &calls, Trap::PointerOutOfBounds, msg);
    let wat = import_param(
        "(list string)",
        "utf8",
        "i32 i32",
        "(i32.const 64) (i32.const 2)",
        &segs,
    );
    let takes = vec![dynamic_take(), typed_take::<(Vec<String>,)>()];
    expect_import_trap(&wat, &takes, Trap::PointerOutOfBounds, msg);
}

#[test]
fn bad_discriminants_trap() {
    // Flat: the discriminant is the core result itself.
    let flat: [(&str, u32, &str); 4] = [
        ("(enum \"a\" \"b\" \"c\")", 3, "[0..3)"),
        ("(enum \"a\" \"b\" \"c\")", 0xFFFF_FFFF, "[0..3)"),
        ("(result)", 2, "[0..2)"),
        ("(variant (case \"x\") (case \"y\"))", 7, "[0..2)"),
    ];
    for (ty, disc, range) in flat {
        let (ty_def, ty_use) = named(ty);
        let wat = export_result_named(&ty_def, &ty_use, &format!("(i32.const {disc})"));
        let msg = format!("discriminant {disc} out of range {range}");
        let mut calls = vec![dynamic("get")];
        if ty == "(result)" {
            calls.push(typed::<(Result<(), ()>,)>("get"));
        }
        expect_trap(&wat, &calls, Trap::InvalidDiscriminant, &msg);
    }
    // In memory: the discriminant byte of a spilled result.
    let spilled: [(&str, u8, &str); 4] = [
        ("(option u32)", 2, "[0..2)"),
        ("(result u32 (error string))", 2, "[0..2)"),
        ("(option (option u8))", 0xFF, "[0..2)"),
        (
            "(variant (case \"p\" u8) (case \"q\") (case \"r\" u64))",
            3,
            "[0..3)",
        ),
    ];
    for (ty, disc, range) in spilled {
        let (ty_def, ty_use) = named(ty);
        let body = format!("(i32.store8 (i32.const 0) (i32.const {disc})) (i32.const 0)");
        let wat = export_result_named(&ty_def, &ty_use, &body);
        let msg = format!("discriminant {disc} out of range {range}");
        let mut calls = vec![dynamic("get")];
        match ty {
            "(option u32)" => calls.push(typed::<(Option<u32>,)>("get")),
            "(result u32 (error string))" => calls.push(typed::<(Result<u32, String>,)>("get")),
            "(option (option u8))" => calls.push(typed::<(Option<Option<u8>>,)>("get")),
            _ => {}
        }
        expect_trap(&wat, &calls, Trap::InvalidDiscriminant, &msg);
    }
    // The nested discriminant of `option<option<u8>>`: the outer one is fine.
    let body = "(i32.store8 (i32.const 0) (i32.const 1)) (i32.store8 (i32.const 1) (i32.const 9)) (i32.const 0)";
    let wat = export_result("(option (option u8))", "utf8", body, "");
    let msg = "discriminant 9 out of range [0..2)";
    let calls = vec![dynamic("get"), typed::<(Option<Option<u8>>,)>("get")];
    expect_trap(&wat, &calls, Trap::InvalidDiscriminant, msg);

    // Guest → host, flat: `option<u32>` is (discriminant, payload).
    let wat = import_param(
        "(option u32)",
        "utf8",
        "i32 i32",
        "(i32.const 2) (i32.const 5)",
        "",
    );
    let takes = vec![dynamic_take(), typed_take::<(Option<u32>,)>()];
    let msg = "discriminant 2 out of range [0..2)";
    expect_import_trap(&wat, &takes, Trap::InvalidDiscriminant, msg);
    let wat = import_param(
        "(result u8 (error char))",
        "utf8",
        "i32 i32",
        "(i32.const 3) (i32.const 0)",
        "",
    );
    let takes = vec![dynamic_take(), typed_take::<(Result<u8, char>,)>()];
    let msg = "discriminant 3 out of range [0..2)";
    expect_import_trap(&wat, &takes, Trap::InvalidDiscriminant, msg);
    // Controls: the same fixtures with good discriminants.
    let wat = import_param(
        "(option u32)",
        "utf8",
        "i32 i32",
        "(i32.const 1) (i32.const 5)",
        "",
    );
    assert_eq!(import_ok(&wat), [Val::Option(Some(Box::new(Val::U32(5))))]);
    let body = "(i32.store8 (i32.const 0) (i32.const 1)) (i32.store8 (i32.const 1) (i32.const 1)) (i32.store8 (i32.const 2) (i32.const 7)) (i32.const 0)";
    let wat = export_result("(option (option u8))", "utf8", body, "");
    let some = |v| Val::Option(Some(Box::new(v)));
    assert_eq!(get_ok(&wat), some(some(Val::U8(7))));
}

/// Types that must be named to appear in an exported function's type
/// (enums, variants) get a type definition and export; others are used as is.
fn named(ty: &str) -> (String, String) {
    if ty.starts_with("(enum") || ty.starts_with("(variant") {
        (
            format!("(type $t' {ty}) (export $t \"t\" (type $t'))"),
            "$t".to_string(),
        )
    } else {
        (String::new(), ty.to_string())
    }
}

/// `export_result` with a type definition placed before the export.
fn export_result_named(ty_def: &str, ty_use: &str, body: &str) -> String {
    let plain = export_result(ty_use, "utf8", body, "");
    // Insert the type definition before the lifted function.
    plain.replacen(
        "\n  (func (export \"get\")",
        &format!("\n  {ty_def}\n  (func (export \"get\")"),
        1,
    )
}

#[test]
fn invalid_chars_trap() {
    for bits in [0xD800u32, 0xDFFF, 0x11_0000, 0xFFFF_FFFF] {
        let msg = format!("`char` bit pattern {bits:#x} is not a Unicode scalar value");
        // Flat result.
        let wat = export_result("char", "utf8", &format!("(i32.const {bits})"), "");
        let calls = vec![dynamic("get"), typed::<(char,)>("get")];
        expect_trap(&wat, &calls, Trap::InvalidChar, &msg);
        // In memory: the second element of a `list<char>`.
        let segs = data(
            64,
            &[b'a', 0, 0, 0]
                .into_iter()
                .chain(bits.to_le_bytes())
                .collect::<Vec<_>>(),
        );
        let wat = export_result(
            "(list char)",
            "utf8",
            "(call $pair (i32.const 64) (i32.const 2))",
            &segs,
        );
        let calls = vec![dynamic("get"), typed::<(Vec<char>,)>("get")];
        expect_trap(&wat, &calls, Trap::InvalidChar, &msg);
        // Guest → host.
        let wat = import_param("char", "utf8", "i32", &format!("(i32.const {bits})"), "");
        let takes = vec![dynamic_take(), typed_take::<(char,)>()];
        expect_import_trap(&wat, &takes, Trap::InvalidChar, &msg);
    }
    // The largest scalar value and the ones around the surrogates are fine.
    for c in ['\u{10FFFF}', '\u{D7FF}', '\u{E000}'] {
        let wat = export_result("char", "utf8", &format!("(i32.const {})", c as u32), "");
        assert_eq!(get_ok(&wat), Val::Char(c));
    }
}

#[test]
fn bad_return_areas_trap() {
    // A `string` result spills: the core result points at (pointer, length).
    for (ptr, kind, msg) in [
        (
            2u32,
            Trap::UnalignedPointer,
            "result block: pointer 0x2 is not aligned to 4",
        ),
        (
            65532,
            Trap::PointerOutOfBounds,
            "result block: 8 bytes at 0xfffc exceed memory size 65536",
        ),
        (
            u32::MAX - 3,
            Trap::PointerOutOfBounds,
            "result block: 8 bytes at 0xfffffffc exceed memory size 65536",
        ),
    ] {
        let wat = export_result("string", "utf8", &format!("(i32.const {ptr})"), "");
        expect_trap(&wat, &string_calls(), kind, msg);
    }
}

// ---------------------------------------------------------------------------
// Spilled parameters and return pointers of imports
// ---------------------------------------------------------------------------

/// `take17: func(17 × u32)`: the guest passes a pointer to the parameters.
fn spilled_import(ptr: u32) -> String {
    let params: String = (0..17).map(|i| format!("(param \"p{i}\" u32) ")).collect();
    format!(
        r#"(component
  (import "take17" (func $take (param "p" u32) {params}))
  (core module $libc (memory (export "mem") 1) {BUMP_REALLOC})
  (core instance $libc (instantiate $libc))
  (core func $take-core (canon lower (func $take) (memory (core memory $libc "mem"))))
  (core module $m
    (import "" "mem" (memory 1))
    (import "" "take" (func $take (param i32)))
    (func (export "run")
      (local $i i32)
      (loop $fill
        (i32.store (i32.add (i32.const 256) (i32.shl (local.get $i) (i32.const 2)))
                   (i32.mul (local.get $i) (i32.const 3)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $fill (i32.lt_u (local.get $i) (i32.const 18))))
      (call $take (i32.const {ptr}))))
  (core instance $i (instantiate $m
    (with "" (instance (export "mem" (memory $libc "mem")) (export "take" (func $take-core))))))
  (func (export "run") (canon lift (core func $i "run"))))"#
    )
}

#[test]
fn spilled_import_parameters_are_checked() {
    let engine = engine();
    // Control: the block at 256 holds 0, 3, 6, ...
    let mut linker = Linker::<Host>::new(&engine);
    linker
        .root()
        .func_new("take17", |mut store, params, _| {
            store.data_mut().seen = params.to_vec();
            Ok(())
        })
        .unwrap();
    let (mut store, inst, _) = setup(&engine, &linker, &spilled_import(256));
    dynamic("run")(&mut store, &inst).unwrap();
    let want: Vec<Val> = (0..18).map(|i| Val::U32(3 * i)).collect();
    assert_eq!(store.data().seen, want);

    for (ptr, kind, msg) in [
        (
            258u32,
            Trap::UnalignedPointer,
            "parameter block: pointer 0x102 is not aligned to 4",
        ),
        (
            65500,
            Trap::PointerOutOfBounds,
            "parameter block: 72 bytes at 0xffdc exceed memory size 65536",
        ),
    ] {
        let mut linker = Linker::<Host>::new(&engine);
        linker
            .root()
            .func_new("take17", |mut store, _, _| {
                store.data_mut().calls += 1;
                Ok(())
            })
            .unwrap();
        let (mut store, inst, adder) = setup(&engine, &linker, &spilled_import(ptr));
        let err = dynamic("run")(&mut store, &inst).unwrap_err();
        assert_trap(&err, kind, msg);
        assert_eq!(store.data().calls, 0);
        assert_store_usable(&mut store, adder);
    }
}

/// `get: func() -> string` imported; the guest passes `retptr` for the result.
fn string_returning_import(enc: &str, retptr: u32, realloc: &str) -> String {
    format!(
        r#"(component
  (import "get" (func $get (result string)))
  (core module $libc (memory (export "mem") 1) {realloc})
  (core instance $libc (instantiate $libc))
  (core func $get-core
    (canon lower (func $get) (memory (core memory $libc "mem"))
      (realloc (core func $libc "realloc")) string-encoding={enc}))
  (core module $m
    (import "" "mem" (memory 1))
    (import "" "get" (func $get (param i32)))
    (func (export "run") (result i32)
      (call $get (i32.const {retptr}))
      ;; The length the canonical ABI wrote.
      (i32.load (i32.add (i32.const {retptr}) (i32.const 4)))))
  (core instance $i (instantiate $m
    (with "" (instance (export "mem" (memory $libc "mem")) (export "get" (func $get-core))))))
  (func (export "run") (result u32) (canon lift (core func $i "run"))))"#
    )
}

/// A linker whose `get` counts its calls and returns `text`.
fn get_linker(engine: &Engine, text: &'static str) -> Linker<Host> {
    let mut linker = Linker::new(engine);
    linker
        .root()
        .func_wrap("get", move |mut store: StoreContextMut<'_, Host>, ()| {
            store.data_mut().calls += 1;
            Ok((text.to_string(),))
        })
        .unwrap();
    linker
}

#[test]
fn bad_import_return_pointers_trap_after_the_host_ran() {
    let engine = engine();
    for (retptr, kind, msg) in [
        (
            6u32,
            Trap::UnalignedPointer,
            "return area: pointer 0x6 is not aligned to 4",
        ),
        (
            65532,
            Trap::PointerOutOfBounds,
            "return area: 8 bytes at 0xfffc exceed memory size 65536",
        ),
    ] {
        let linker = get_linker(&engine, "hi");
        let wat = string_returning_import("utf8", retptr, BUMP_REALLOC);
        let (mut store, inst, adder) = setup(&engine, &linker, &wat);
        let err = dynamic("run")(&mut store, &inst).unwrap_err();
        assert_trap(&err, kind, msg);
        // The spec lowers results after the callee returned.
        assert_eq!(store.data().calls, 1);
        assert_poisoned_error(&dynamic("run")(&mut store, &inst).unwrap_err());
        assert_store_usable(&mut store, adder);
    }
}

// ---------------------------------------------------------------------------
// realloc
// ---------------------------------------------------------------------------

/// `put: func(x: {ty}) -> u32` whose core function returns the first core
/// argument (the pointer the canonical ABI got from `realloc`).
fn param_export(ty: &str, enc: &str, core_params: &str, realloc: &str) -> String {
    format!(
        r#"(component
  (core module $m
    (memory (export "mem") 1)
    {realloc}
    (func (export "put") (param {core_params}) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (func (export "put") (param "x" {ty}) (result u32)
    (canon lift (core func $i "put") (memory (core memory $i "mem"))
      (realloc (core func $i "realloc")) string-encoding={enc})))"#
    )
}

/// Calls `put(arg)` of a fresh instance of `wat` and returns the result or error.
fn put(wat: &str, arg: Val) -> (Store<Host>, Instance, Instance, Result<u32>) {
    let engine = engine();
    let (mut store, inst, adder) = setup(&engine, &Linker::new(&engine), wat);
    let f = inst.get_func(&mut store, "put").unwrap();
    let mut out = [Val::Bool(false)];
    let r = f.call(&mut store, &[arg], &mut out).map(|()| match out[0] {
        Val::U32(p) => p,
        ref v => panic!("{v:?}"),
    });
    if r.is_ok() {
        f.post_return(&mut store).unwrap();
    }
    (store, inst, adder, r)
}

/// `put(arg)` through `TypedFunc<(P,), (u32,)>`.
fn put_typed<P: hoist::component::LowerNamedList>(
    wat: &str,
    arg: P,
) -> (Store<Host>, Instance, Instance, Result<u32>) {
    let engine = engine();
    let (mut store, inst, adder) = setup(&engine, &Linker::new(&engine), wat);
    let f = inst.get_typed_func::<P, (u32,)>(&mut store, "put").unwrap();
    let r = f.call(&mut store, arg).map(|(p,)| p);
    if r.is_ok() {
        f.post_return(&mut store).unwrap();
    }
    (store, inst, adder, r)
}

/// Asserts that `r` is the trap `want`/`msg`, that `inst` is poisoned, and
/// that the store still works.
#[track_caller]
fn check_trapped(
    (mut store, inst, adder, r): (Store<Host>, Instance, Instance, Result<u32>),
    want: Trap,
    msg: &str,
) {
    assert_trap(&r.unwrap_err(), want, msg);
    let f = inst.get_func(&mut store, "put").unwrap();
    let mut out = [Val::Bool(false)];
    let err = f
        .call(&mut store, &[Val::String(String::new())], &mut out)
        .unwrap_err();
    assert_poisoned_error(&err);
    assert_store_usable(&mut store, adder);
}

#[test]
fn misaligned_realloc_results_trap() {
    let bad = fixed_realloc("(i32.const 1001)");
    // Strings: UTF-16 and latin1+utf16 need alignment 2; UTF-8 needs none.
    for enc in ["utf16", "latin1+utf16"] {
        let wat = param_export("string", enc, "i32 i32", &bad);
        let msg = "realloc result for a string: pointer 0x3e9 is not aligned to 2";
        check_trapped(
            put(&wat, Val::String("abc".into())),
            Trap::UnalignedPointer,
            msg,
        );
        check_trapped(put_typed(&wat, ("abc",)), Trap::UnalignedPointer, msg);
    }
    let wat = param_export("string", "utf8", "i32 i32", &bad);
    assert_eq!(put(&wat, Val::String("abc".into())).3.unwrap(), 1001);
    // Lists: the element alignment.
    let wat = param_export("(list u32)", "utf8", "i32 i32", &bad);
    let msg = "realloc result: pointer 0x3e9 is not aligned to 4";
    check_trapped(
        put(&wat, Val::List(vec![Val::U32(1)])),
        Trap::UnalignedPointer,
        msg,
    );
    check_trapped(put_typed(&wat, (vec![1u32],)), Trap::UnalignedPointer, msg);
    // Even for an empty list (the spec allocates it too).
    check_trapped(put(&wat, Val::List(vec![])), Trap::UnalignedPointer, msg);
    check_trapped(
        put_typed(&wat, (Vec::<u32>::new(),)),
        Trap::UnalignedPointer,
        msg,
    );
    let wat = param_export("(list u8)", "utf8", "i32 i32", &bad);
    assert_eq!(put(&wat, Val::List(vec![Val::U8(1)])).3.unwrap(), 1001);
    // Guest → host: the host's string result is stored through the guest's
    // realloc.
    let engine = engine();
    let wat = string_returning_import("utf16", 16, &bad);
    let (mut store, inst, adder) = setup(&engine, &get_linker(&engine, "abc"), &wat);
    let err = dynamic("run")(&mut store, &inst).unwrap_err();
    assert_trap(
        &err,
        Trap::UnalignedPointer,
        "realloc result for a string: pointer 0x3e9 is not aligned to 2",
    );
    assert_eq!(store.data().calls, 1);
    assert_poisoned_error(&dynamic("run")(&mut store, &inst).unwrap_err());
    assert_store_usable(&mut store, adder);
}

#[test]
fn out_of_bounds_realloc_results_trap() {
    let at_end = fixed_realloc("(i32.const 65536)");
    let past_end = fixed_realloc("(i32.const 65538)");
    // An empty string or list may be allocated exactly at the end ...
    for enc in ENCODINGS {
        let wat = param_export("string", enc, "i32 i32", &at_end);
        assert_eq!(
            put(&wat, Val::String(String::new())).3.unwrap(),
            65536,
            "{enc}"
        );
    }
    let wat = param_export("(list u64)", "utf8", "i32 i32", &at_end);
    assert_eq!(put(&wat, Val::List(vec![])).3.unwrap(), 65536);
    // ... but not past it, and nothing non-empty fits there.
    for enc in ENCODINGS {
        let wat = param_export("string", enc, "i32 i32", &past_end);
        let msg = "realloc result for a string: 0 bytes at 0x10002 exceed memory size 65536";
        check_trapped(
            put(&wat, Val::String(String::new())),
            Trap::PointerOutOfBounds,
            msg,
        );
        let wat = param_export("string", enc, "i32 i32", &at_end);
        let bytes = if enc == "utf16" { 4 } else { 2 };
        let msg = format!(
            "realloc result for a string: {bytes} bytes at 0x10000 exceed memory size 65536"
        );
        check_trapped(
            put(&wat, Val::String("ab".into())),
            Trap::PointerOutOfBounds,
            &msg,
        );
        check_trapped(put_typed(&wat, ("ab",)), Trap::PointerOutOfBounds, &msg);
    }
    let wat = param_export("(list u64)", "utf8", "i32 i32", &past_end);
    let msg = "realloc result: 0 bytes at 0x10008 exceed memory size 65536";
    // 65538 is not 8-aligned: alignment is checked first.
    check_trapped(
        put(&wat, Val::List(vec![])),
        Trap::UnalignedPointer,
        "realloc result: pointer 0x10002 is not aligned to 8",
    );
    let wat = param_export(
        "(list u64)",
        "utf8",
        "i32 i32",
        &fixed_realloc("(i32.const 65544)"),
    );
    check_trapped(put(&wat, Val::List(vec![])), Trap::PointerOutOfBounds, msg);
    // A pointer that wraps around the address space.
    let wat = param_export(
        "(list u8)",
        "utf8",
        "i32 i32",
        &fixed_realloc("(i32.const -1)"),
    );
    let msg = "realloc result: 2 bytes at 0xffffffff exceed memory size 65536";
    check_trapped(
        put(&wat, Val::List(vec![Val::U8(1), Val::U8(2)])),
        Trap::PointerOutOfBounds,
        msg,
    );
    check_trapped(
        put_typed(&wat, (vec![1u8, 2],)),
        Trap::PointerOutOfBounds,
        msg,
    );
}

/// A `realloc` that answers 4096 to its first call and `second` to the
/// second, and 8192 after.
fn second_call_realloc(second: &str) -> String {
    format!(
        r#"(global $n (mut i32) (i32.const 0))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (if (result i32) (i32.eq (global.get $n) (i32.const 1))
        (then (i32.const 4096))
        (else (if (result i32) (i32.eq (global.get $n) (i32.const 2))
          (then {second})
          (else (i32.const 8192))))))"#
    )
}

/// Transcoding calls `realloc` more than once; every result is checked.
#[test]
fn every_realloc_call_of_a_transcoding_is_checked() {
    // UTF-8 → UTF-16: a worst-case block, then a shrinking call. UTF-8 →
    // latin1+utf16 with a character above U+00FF: an optimistic Latin-1
    // block, then a growing call for UTF-16.
    let text = "a€";
    for (enc, size) in [("utf16", 4), ("latin1+utf16", 8)] {
        let wat = param_export(
            "string",
            enc,
            "i32 i32",
            &second_call_realloc("(i32.const 8193)"),
        );
        let msg = "realloc result for a string: pointer 0x2001 is not aligned to 2";
        check_trapped(
            put(&wat, Val::String(text.into())),
            Trap::UnalignedPointer,
            msg,
        );
        check_trapped(put_typed(&wat, (text,)), Trap::UnalignedPointer, msg);
        let wat = param_export(
            "string",
            enc,
            "i32 i32",
            &second_call_realloc("(i32.const 65534)"),
        );
        let msg =
            format!("realloc result for a string: {size} bytes at 0xfffe exceed memory size 65536");
        check_trapped(
            put(&wat, Val::String(text.into())),
            Trap::PointerOutOfBounds,
            &msg,
        );
        let wat = param_export(
            "string",
            enc,
            "i32 i32",
            &second_call_realloc("unreachable"),
        );
        let msg = "wasm trap: `unreachable` instruction executed";
        check_trapped(put(&wat, Val::String(text.into())), Trap::Unreachable, msg);
        // Control: a second answer that is fine.
        let wat = param_export(
            "string",
            enc,
            "i32 i32",
            &second_call_realloc("(i32.const 8192)"),
        );
        assert_eq!(
            put(&wat, Val::String(text.into())).3.unwrap(),
            8192,
            "{enc}"
        );
    }
    // A plain copy needs one call: the second answer is never asked for.
    let wat = param_export(
        "string",
        "utf8",
        "i32 i32",
        &second_call_realloc("unreachable"),
    );
    assert_eq!(put(&wat, Val::String(text.into())).3.unwrap(), 4096);
}

/// The spec does not check that allocations are disjoint: a `realloc` that
/// hands out the same block twice gets what it asked for, deterministically,
/// and nothing outside the guest's memory is touched.
#[test]
fn overlapping_realloc_results_are_not_checked() {
    let same = fixed_realloc("(i32.const 16)");
    let wat = format!(
        r#"(component
  (core module $m
    (memory (export "mem") 1)
    {same}
    ;; Both strings at the same place: return (p1 == p2, first byte, bytes 0..4).
    (func (export "two") (param $p1 i32) (param $l1 i32) (param $p2 i32) (param $l2 i32) (result i32)
      (i32.store (i32.const 1024) (i32.eq (local.get $p1) (local.get $p2)))
      (i32.store (i32.const 1028) (i32.load (local.get $p1)))
      (i32.store (i32.const 1032) (i32.const 16))
      (i32.store (i32.const 1036) (local.get $l1))
      (i32.const 1024)))
  (core instance $i (instantiate $m))
  (func (export "two") (param "a" string) (param "b" string) (result (tuple bool u32 (list u8)))
    (canon lift (core func $i "two") (memory (core memory $i "mem"))
      (realloc (core func $i "realloc")))))"#
    );
    let engine = engine();
    let (mut store, inst, adder) = setup(&engine, &Linker::new(&engine), &wat);
    let f = inst
        .get_typed_func::<(&str, &str), ((bool, u32, Vec<u8>),)>(&mut store, "two")
        .unwrap();
    let ((same_ptr, first, bytes),) = f.call(&mut store, ("abcd", "xy")).unwrap();
    f.post_return(&mut store).unwrap();
    assert!(same_ptr);
    // "xy" overwrote the start of "abcd".
    assert_eq!(first, u32::from_le_bytes(*b"xycd"));
    assert_eq!(bytes, b"xycd");
    assert_store_usable(&mut store, adder);
}

#[test]
fn trapping_realloc_traps_and_poisons() {
    let trapping = fixed_realloc("unreachable");
    let msg = "wasm trap: `unreachable` instruction executed";
    for enc in ENCODINGS {
        let wat = param_export("string", enc, "i32 i32", &trapping);
        check_trapped(put(&wat, Val::String("abc".into())), Trap::Unreachable, msg);
        check_trapped(put_typed(&wat, ("abc",)), Trap::Unreachable, msg);
    }
    let wat = param_export("(list u16)", "utf8", "i32 i32", &trapping);
    check_trapped(put(&wat, Val::List(vec![])), Trap::Unreachable, msg);
    // Guest → host: storing the host's result.
    let engine = engine();
    let wat = string_returning_import("utf8", 16, &trapping);
    let (mut store, inst, adder) = setup(&engine, &get_linker(&engine, "abc"), &wat);
    let err = dynamic("run")(&mut store, &inst).unwrap_err();
    assert_eq!(
        err.downcast_ref::<Trap>(),
        Some(&Trap::Unreachable),
        "{err:#}"
    );
    assert_eq!(store.data().calls, 1);
    assert_poisoned_error(&dynamic("run")(&mut store, &inst).unwrap_err());
    assert_store_usable(&mut store, adder);
}

/// A `realloc` may grow the memory (and so move the host's view of it):
/// every string is written where the guest asked, in every encoding.
#[test]
fn realloc_growing_memory_is_followed() {
    let growing = r#"
      (func (export "realloc") (param $old i32) (param $old_size i32) (param i32) (param $size i32) (result i32)
        (local $p i32)
        ;; Shrink in place; otherwise grow the memory for a fresh block and
        ;; move the old contents there.
        (if (i32.and (i32.ne (local.get $old) (i32.const 0)) (i32.le_u (local.get $size) (local.get $old_size)))
          (then (return (local.get $old))))
        (local.set $p
          (i32.mul (memory.grow (i32.add (i32.shr_u (local.get $size) (i32.const 16)) (i32.const 1)))
                   (i32.const 65536)))
        (memory.copy (local.get $p) (local.get $old) (local.get $old_size))
        (local.get $p))"#;
    // 70,000 characters: more than the memory the module starts with.
    let text: String = "é".repeat(35_000) + &"z".repeat(35_000);
    for enc in ENCODINGS {
        let wat = format!(
            r#"(component
  (core module $m
    (memory (export "mem") 1)
    {growing}
    ;; Returns the pointer, the length and the memory size in pages.
    (func (export "put") (param i32 i32) (result i32)
      (i32.store (i32.const 0) (local.get 0))
      (i32.store (i32.const 4) (local.get 1))
      (i32.store (i32.const 8) (memory.size))
      (i32.const 0))
    (func (export "peek") (param i32 i32) (result i32)
      (i32.store (i32.const 16) (local.get 0))
      (i32.store (i32.const 20) (local.get 1))
      (i32.const 16)))
  (core instance $i (instantiate $m))
  (func (export "peek") (param "p" u32) (param "n" u32) (result (list u8))
    (canon lift (core func $i "peek") (memory (core memory $i "mem"))))
  (func (export "put") (param "x" string) (result (tuple u32 u32 u32))
    (canon lift (core func $i "put") (memory (core memory $i "mem"))
      (realloc (core func $i "realloc")) string-encoding={enc})))"#
        );
        let engine = engine();
        let (mut store, inst, _) = setup(&engine, &Linker::new(&engine), &wat);
        let f = inst
            .get_typed_func::<(&str,), ((u32, u32, u32),)>(&mut store, "put")
            .unwrap();
        let ((ptr, len, pages),) = f.call(&mut store, (text.as_str(),)).unwrap();
        f.post_return(&mut store).unwrap();
        assert!(pages >= 3, "{enc}: {pages} pages");
        assert!(ptr >= 65536, "{enc}: {ptr:#x}");
        // Read what the guest got straight out of its memory.
        let want: Vec<u8> = match enc {
            "utf8" => text.as_bytes().to_vec(),
            "utf16" => utf16(&text),
            // All of it fits Latin-1.
            _ => text.chars().map(|c| c as u8).collect(),
        };
        let units = match enc {
            "utf8" => text.len(),
            _ => 70_000,
        };
        assert_eq!(len as usize, units, "{enc}");
        assert_eq!(
            peek(&mut store, &inst, ptr, want.len() as u32),
            want,
            "{enc}"
        );
    }
}

/// `len` bytes of the guest memory of `inst` at `ptr`, through its `peek`.
fn peek(store: &mut Store<Host>, inst: &Instance, ptr: u32, len: u32) -> Vec<u8> {
    let f = inst
        .get_typed_func::<(u32, u32), (Vec<u8>,)>(&mut *store, "peek")
        .unwrap();
    let (bytes,) = f.call(&mut *store, (ptr, len)).unwrap();
    f.post_return(&mut *store).unwrap();
    bytes
}

// ---------------------------------------------------------------------------
// post-return (inside the call), reentrance, poisoning
// ---------------------------------------------------------------------------

/// `get: func() -> string` with a `post-return` that runs `post`, and
/// `calls: func() -> u32` reading the global `$calls` (which `post` may
/// count its runs in).
fn with_post_return(post: &str) -> String {
    format!(
        r#"(component
  (core module $m
    (memory (export "mem") 1)
    (data (i32.const 0) "\08\00\00\00\02\00\00\00ok")
    (global $calls (mut i32) (i32.const 0))
    (func (export "get") (result i32) i32.const 0)
    (func (export "post") (param i32) {post})
    (func (export "other") (result i32) i32.const 5)
    (func (export "calls") (result i32) global.get $calls))
  (core instance $i (instantiate $m))
  (func (export "get") (result string)
    (canon lift (core func $i "get") (memory (core memory $i "mem"))
      (post-return (core func $i "post"))))
  (func (export "other") (result u32) (canon lift (core func $i "other")))
  (func (export "calls") (result u32) (canon lift (core func $i "calls"))))"#
    )
}

/// A trap in `post-return` is the error of the call that ran it (`call`
/// runs `post-return` before it returns): the results, already lifted, are
/// dropped, and the instance is poisoned.
#[test]
fn trap_in_post_return_fails_the_call_and_poisons_the_instance() {
    let engine = engine();
    let wat = with_post_return("unreachable");
    // Dynamic.
    let (mut store, inst, adder) = setup(&engine, &Linker::new(&engine), &wat);
    let get = inst.get_func(&mut store, "get").unwrap();
    let mut out = [Val::Bool(false)];
    let err = get.call(&mut store, &[], &mut out).unwrap_err();
    assert_trap(
        &err,
        Trap::Unreachable,
        "wasm trap: `unreachable` instruction executed",
    );
    assert_eq!(out[0], Val::Bool(false), "no result of a failed call");
    assert_poisoned_error(&get.call(&mut store, &[], &mut out).unwrap_err());
    let other = inst.get_func(&mut store, "other").unwrap();
    assert_poisoned_error(&other.call(&mut store, &[], &mut out).unwrap_err());
    // `post_return` is a no-op, even now.
    get.post_return(&mut store).unwrap();
    assert_store_usable(&mut store, adder);
    // Typed.
    let (mut store, inst, adder) = setup(&engine, &Linker::new(&engine), &wat);
    let get = inst
        .get_typed_func::<(), (String,)>(&mut store, "get")
        .unwrap();
    let err = get.call(&mut store, ()).unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Unreachable));
    assert_poisoned_error(&get.call(&mut store, ()).unwrap_err());
    assert_store_usable(&mut store, adder);
}

/// Each call runs `post-return` once, with the core result; `post_return`
/// afterwards runs nothing.
#[test]
fn post_return_gets_the_core_result_and_runs_once_per_call() {
    // The post-return traps unless it gets the core result (0), and counts
    // its runs.
    let engine = engine();
    let wat = with_post_return(
        "(if (local.get 0) (then unreachable)) (global.set $calls (i32.add (global.get $calls) (i32.const 1)))",
    );
    let (mut store, inst, _) = setup(&engine, &Linker::new(&engine), &wat);
    let get = inst
        .get_typed_func::<(), (String,)>(&mut store, "get")
        .unwrap();
    let calls = inst
        .get_typed_func::<(), (u32,)>(&mut store, "calls")
        .unwrap();
    for i in 1..=3 {
        assert_eq!(get.call(&mut store, ()).unwrap().0, "ok");
        assert_eq!(calls.call(&mut store, ()).unwrap(), (i,));
        get.post_return(&mut store).unwrap();
        get.post_return(&mut store).unwrap();
        assert_eq!(calls.call(&mut store, ()).unwrap(), (i,));
    }
}

/// With `post-return` run by `call`, calls of one instance follow each
/// other directly: the same function again, another one, dynamic or typed;
/// `post_return` of a function that was never called is no error either.
#[test]
fn calls_follow_each_other_without_post_return() {
    let engine = engine();
    let wat = with_post_return("(global.set $calls (i32.add (global.get $calls) (i32.const 1)))");
    let (mut store, inst, _) = setup(&engine, &Linker::new(&engine), &wat);
    let get = inst.get_func(&mut store, "get").unwrap();
    let other = inst
        .get_typed_func::<(), (u32,)>(&mut store, "other")
        .unwrap();
    other.post_return(&mut store).unwrap();
    let mut out = [Val::Bool(false)];
    get.call(&mut store, &[], &mut out).unwrap();
    assert_eq!(out[0], Val::String("ok".into()));
    out[0] = Val::Bool(false);
    get.call(&mut store, &[], &mut out).unwrap();
    assert_eq!(out[0], Val::String("ok".into()));
    assert_eq!(other.call(&mut store, ()).unwrap(), (5,));
    assert_eq!(other.call(&mut store, ()).unwrap(), (5,));
    let calls = inst
        .get_typed_func::<(), (u32,)>(&mut store, "calls")
        .unwrap();
    assert_eq!(
        calls.call(&mut store, ()).unwrap(),
        (2,),
        "one post-return per call of `get`"
    );
}

/// `outer: func()` calls the host's `callback`; `inner: func() -> u32` is a
/// plain export of the same instance.
const REENTRANT: &str = r#"(component
  (import "callback" (func $cb))
  (core func $cb-core (canon lower (func $cb)))
  (core module $m
    (import "" "cb" (func $cb))
    (func (export "outer") call $cb)
    (func (export "inner") (result i32) i32.const 7))
  (core instance $i (instantiate $m (with "" (instance (export "cb" (func $cb-core))))))
  (func (export "outer") (canon lift (core func $i "outer")))
  (func (export "inner") (result u32) (canon lift (core func $i "inner"))))"#;

/// The spec (`Store.lift`: `trap_if(not inst.may_enter_from(caller))`) traps
/// when the host reenters an instance that is still running; `post-return`
/// is not pending during the call, so it is the reentrance trap.
#[test]
fn reentering_an_instance_through_a_host_import_traps() {
    let engine = engine();
    let reentrance = "cannot enter the component instance: it is already running (reentrance)";
    for propagate in [true, false] {
        for typed_inner in [false, true] {
            let mut linker = Linker::<Host>::new(&engine);
            linker
                .root()
                .func_new("callback", move |mut store, _, _| {
                    store.data_mut().calls += 1;
                    let inner = store.data().target.unwrap();
                    let err = if typed_inner {
                        let f = inner.typed::<(), (u32,)>(&store).unwrap();
                        f.call(&mut store, ()).unwrap_err()
                    } else {
                        let mut out = [Val::Bool(false)];
                        inner.call(&mut store, &[], &mut out).unwrap_err()
                    };
                    if propagate {
                        Err(err)
                    } else {
                        store.data_mut().observed.push(err);
                        Ok(())
                    }
                })
                .unwrap();
            let (mut store, inst, adder) = setup(&engine, &linker, REENTRANT);
            let inner = inst.get_func(&mut store, "inner").unwrap();
            store.data_mut().target = Some(inner);
            let outer = inst.get_func(&mut store, "outer").unwrap();
            let result = outer.call(&mut store, &[], &mut []);
            assert_eq!(store.data().calls, 1);
            if propagate {
                // The trap reaches the host's caller, under the context
                // naming the host function it passed through, and the
                // instance is poisoned.
                let err = result.unwrap_err();
                assert_eq!(
                    err.to_string(),
                    "host function `callback` failed",
                    "{err:#}"
                );
                assert_eq!(
                    err.downcast_ref::<Trap>(),
                    Some(&Trap::CannotEnterComponent)
                );
                assert!(format!("{err:#}").contains(reentrance), "{err:#}");
                let mut out = [Val::Bool(false)];
                assert_poisoned_error(&inner.call(&mut store, &[], &mut out).unwrap_err());
            } else {
                // The host swallowed the error: the outer call completes, and
                // the refused reentrance changed nothing.
                result.unwrap();
                let err = store.data_mut().observed.pop().unwrap();
                assert_trap(&err, Trap::CannotEnterComponent, reentrance);
                outer.post_return(&mut store).unwrap();
                let mut out = [Val::Bool(false)];
                inner.call(&mut store, &[], &mut out).unwrap();
                inner.post_return(&mut store).unwrap();
                assert_eq!(out[0], Val::U32(7));
            }
            assert_store_usable(&mut store, adder);
        }
    }
}

/// While one instance runs, the host may call into another one.
#[test]
fn a_host_import_may_call_another_instance() {
    let engine = engine();
    let mut linker = Linker::<Host>::new(&engine);
    linker
        .root()
        .func_new("callback", |mut store, _, _| {
            let inner = store.data().target.unwrap();
            let mut out = [Val::Bool(false)];
            inner.call(&mut store, &[], &mut out)?;
            inner.post_return(&mut store)?;
            store.data_mut().seen = out.to_vec();
            Ok(())
        })
        .unwrap();
    let component = Component::new(&engine, REENTRANT).unwrap();
    let mut store = Store::new(&engine, Host::default());
    let a = linker.instantiate(&mut store, &component).unwrap();
    let b = linker.instantiate(&mut store, &component).unwrap();
    let b_inner = b.get_func(&mut store, "inner").unwrap();
    store.data_mut().target = Some(b_inner);
    let outer = a.get_func(&mut store, "outer").unwrap();
    outer.call(&mut store, &[], &mut []).unwrap();
    outer.post_return(&mut store).unwrap();
    assert_eq!(store.data().seen, [Val::U32(7)]);
}

#[test]
fn a_trap_poisons_only_the_trapping_instance() {
    let wat = r#"(component
  (core module $m
    (global $n (mut i32) (i32.const 0))
    (func (export "count") (result i32)
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.get $n))
    (func (export "boom") unreachable))
  (core instance $i (instantiate $m))
  (func (export "count") (result u32) (canon lift (core func $i "count")))
  (func (export "boom") (canon lift (core func $i "boom"))))"#;
    let engine = engine();
    let component = Component::new(&engine, wat).unwrap();
    let linker = Linker::<Host>::new(&engine);
    let mut store = Store::new(&engine, Host::default());
    let a = linker.instantiate(&mut store, &component).unwrap();
    let b = linker.instantiate(&mut store, &component).unwrap();
    let count = |store: &mut Store<Host>, i: Instance| -> Result<u32> {
        let f = i.get_typed_func::<(), (u32,)>(&mut *store, "count")?;
        let (n,) = f.call(&mut *store, ())?;
        f.post_return(&mut *store)?;
        Ok(n)
    };
    assert_eq!(count(&mut store, a).unwrap(), 1);
    assert_eq!(count(&mut store, b).unwrap(), 1);
    let boom = a.get_typed_func::<(), ()>(&mut store, "boom").unwrap();
    let err = boom.call(&mut store, ()).unwrap_err();
    assert_trap(
        &err,
        Trap::Unreachable,
        "wasm trap: `unreachable` instruction executed",
    );
    // `a` is poisoned for every export and every way of calling ...
    assert_poisoned_error(&count(&mut store, a).unwrap_err());
    assert_poisoned_error(&boom.call(&mut store, ()).unwrap_err());
    let f = a.get_func(&mut store, "count").unwrap();
    let mut out = [Val::Bool(false)];
    assert_poisoned_error(&f.call(&mut store, &[], &mut out).unwrap_err());
    // ... while `b` goes on from where it was, and new instances work.
    assert_eq!(count(&mut store, b).unwrap(), 2);
    assert_eq!(count(&mut store, b).unwrap(), 3);
    let c = linker.instantiate(&mut store, &component).unwrap();
    assert_eq!(count(&mut store, c).unwrap(), 1);
    assert_poisoned_error(&count(&mut store, a).unwrap_err());
}

/// A host value of the wrong type is the host's mistake: an error before the
/// guest runs, not a trap, and the instance stays usable.
#[test]
fn host_type_errors_do_not_poison() {
    let wat = param_export("(list u32)", "utf8", "i32 i32", BUMP_REALLOC);
    let (mut store, inst, _, r) = put(&wat, Val::List(vec![Val::U32(1), Val::String("x".into())]));
    let err = r.unwrap_err();
    assert_eq!(err.downcast_ref::<Trap>(), None, "{err:#}");
    assert_eq!(
        err.to_string(),
        "invalid parameter 0: type mismatch: expected `u32`, found a `string` value (in element 1)"
    );
    let f = inst.get_func(&mut store, "put").unwrap();
    let mut out = [Val::Bool(false)];
    f.call(&mut store, &[Val::List(vec![Val::U32(1)])], &mut out)
        .unwrap();
    f.post_return(&mut store).unwrap();
    assert_eq!(out[0], Val::U32(4096));
}

// ---------------------------------------------------------------------------
// Component to component
// ---------------------------------------------------------------------------

/// A root component whose `run: func() -> u32` calls `get: func() -> string`
/// of a nested component `$A`. `$A` lifts with `string-encoding={enc_a}` and
/// returns the `len` code units at 64 of its memory (`bytes`); the root
/// lowers with `string-encoding={enc_b}` and `realloc`, and `run` returns the
/// length it received.
fn component_pair(enc_a: &str, enc_b: &str, bytes: &[u8], len: u32, realloc: &str) -> String {
    let seg = data(64, bytes);
    format!(
        r#"(component
  (component $A
    (core module $a
      (memory (export "mem") 1)
      {seg}
      (func (export "get") (result i32)
        (i32.store (i32.const 0) (i32.const 64))
        (i32.store (i32.const 4) (i32.const {len}))
        (i32.const 0)))
    (core instance $a (instantiate $a))
    (func (export "get") (result string)
      (canon lift (core func $a "get") (memory (core memory $a "mem")) string-encoding={enc_a})))
  (instance $a (instantiate $A))
  (core module $libc (memory (export "mem") 1) {realloc})
  (core instance $libc (instantiate $libc))
  (core func $get-core
    (canon lower (func $a "get") (memory (core memory $libc "mem"))
      (realloc (core func $libc "realloc")) string-encoding={enc_b}))
  (core module $b
    (import "" "mem" (memory 1))
    (import "" "get" (func $get (param i32)))
    (func (export "run") (result i32)
      (call $get (i32.const 16))
      (i32.load (i32.const 20))))
  (core instance $b (instantiate $b
    (with "" (instance (export "mem" (memory $libc "mem")) (export "get" (func $get-core))))))
  (func (export "run") (result u32) (canon lift (core func $b "run"))))"#
    )
}

/// A string that one guest hands to another is checked on the way, whatever
/// the two encodings; the trap reaches the host, and the calling instance is
/// poisoned.
#[test]
fn bad_strings_between_components_trap() {
    for enc_b in ENCODINGS {
        // Control: a valid string goes through (and is transcoded).
        let wat = component_pair("utf16", enc_b, &utf16("ok€"), 3, BUMP_REALLOC);
        let engine = engine();
        let (mut store, inst, _) = setup(&engine, &Linker::new(&engine), &wat);
        let run = inst
            .get_typed_func::<(), (u32,)>(&mut store, "run")
            .unwrap();
        let want = match enc_b {
            "utf8" => 5,
            "utf16" => 3,
            _ => 3 | TAG,
        };
        assert_eq!(run.call(&mut store, ()).unwrap(), (want,), "{enc_b}");
        run.post_return(&mut store).unwrap();

        let cases: [(&str, Vec<u8>, u32, Trap, &str); 4] = [
            (
                "utf8",
                vec![0xF0, 0x28, 0x8C, 0x28],
                4,
                Trap::InvalidUtf8,
                "string: invalid utf-8 sequence of 1 bytes from index 0",
            ),
            (
                "utf16",
                vec![0x00, 0xDC],
                1,
                Trap::InvalidUtf16,
                "string: unpaired surrogate 0xdc00",
            ),
            (
                "latin1+utf16",
                vec![0x00, 0xD8],
                1 | TAG,
                Trap::InvalidUtf16,
                "string: unpaired surrogate 0xd800",
            ),
            (
                "utf8",
                vec![],
                70_000,
                Trap::PointerOutOfBounds,
                "string: 70000 bytes at 0x40 exceed memory size 65536",
            ),
        ];
        for (enc_a, bytes, len, kind, msg) in cases {
            let wat = component_pair(enc_a, enc_b, &bytes, len, BUMP_REALLOC);
            expect_trap(&wat, &[dynamic("run"), typed::<(u32,)>("run")], kind, msg);
        }
        // The caller's realloc is checked when the result is stored into it.
        if enc_b != "utf8" {
            let bad = fixed_realloc("(i32.const 1001)");
            let wat = component_pair("utf8", enc_b, b"abc", 3, &bad);
            let msg = "realloc result for a string: pointer 0x3e9 is not aligned to 2";
            expect_trap(&wat, &[dynamic("run")], Trap::UnalignedPointer, msg);
        }
        let wat = component_pair("utf8", enc_b, b"abc", 3, &fixed_realloc("unreachable"));
        let msg = "wasm trap: `unreachable` instruction executed";
        expect_trap(&wat, &[dynamic("run")], Trap::Unreachable, msg);
    }
}

/// A root component whose `run: func()` calls `f` of a nested component
/// `$A` (so through a fused adapter). `$A` lifts `f: func {f_ty}` from its
/// core function `a_core` (with one page of memory, a good `realloc` and
/// `$pair` as in [`export_result`]); the root lowers `f` with its own memory
/// and `realloc` (`realloc`) as a core function of type `core_ty`, which
/// `run` calls with `call`.
fn pair_through(f_ty: &str, a_core: &str, core_ty: &str, call: &str, realloc: &str) -> String {
    format!(
        r#"(component
  (component $A
    (core module $a
      (memory (export "mem") 1)
      {BUMP_REALLOC}
      (func $pair (param i32 i32) (result i32)
        (i32.store (i32.const 0) (local.get 0))
        (i32.store (i32.const 4) (local.get 1))
        (i32.const 0))
      {a_core})
    (core instance $a (instantiate $a))
    (func (export "f") {f_ty}
      (canon lift (core func $a "f") (memory (core memory $a "mem"))
        (realloc (core func $a "realloc")))))
  (instance $a (instantiate $A))
  (core module $libc (memory (export "mem") 1) {realloc})
  (core instance $libc (instantiate $libc))
  (core func $f-core
    (canon lower (func $a "f") (memory (core memory $libc "mem"))
      (realloc (core func $libc "realloc"))))
  (core module $b
    (import "" "f" (func $f {core_ty}))
    (func (export "run") {call}))
  (core instance $b (instantiate $b (with "" (instance (export "f" (func $f-core))))))
  (func (export "run") (canon lift (core func $b "run"))))"#
    )
}

/// Every canonical-ABI check on a value one component hands another traps
/// with the kind (and message) it has between a component and the host,
/// whether the fused adapter or the scalar one moves the value; the trap
/// reaches the host through `run`, dynamic or typed, and poisons the root.
#[test]
fn trap_kinds_between_components() {
    // How the root calls `f`: the core type it lowers `f` to, and the call.
    type Lowered = (&'static str, &'static str);
    let spilled: Lowered = ("(param i32)", "(call $f (i32.const 16))");
    let flat: Lowered = ("(result i32)", "(drop (call $f))");
    let good = BUMP_REALLOC.to_string();
    // (type of `f`'s result, body of `$A`'s core `f`, how the root calls
    // it, the root's realloc, trap, message)
    let cases: Vec<(&str, &str, Lowered, String, Trap, &str)> = vec![
        (
            "(list u32)",
            "(call $pair (i32.const 17) (i32.const 1))",
            spilled,
            good.clone(),
            Trap::UnalignedPointer,
            "list: pointer 0x11 is not aligned to 4",
        ),
        (
            "(list u32)",
            "(call $pair (i32.const 65532) (i32.const 2))",
            spilled,
            good.clone(),
            Trap::PointerOutOfBounds,
            "list: 8 bytes at 0xfffc exceed memory size 65536",
        ),
        (
            "string",
            "(call $pair (i32.const 65530) (i32.const 7))",
            spilled,
            good.clone(),
            Trap::PointerOutOfBounds,
            "string: 7 bytes at 0xfffa exceed memory size 65536",
        ),
        (
            "string",
            "(i32.store (i32.const 64) (i32.const 0xff61)) (call $pair (i32.const 64) (i32.const 2))",
            spilled,
            good.clone(),
            Trap::InvalidUtf8,
            "string: invalid utf-8 sequence of 1 bytes from index 1",
        ),
        (
            "(result)",
            "(i32.const 2)",
            flat,
            good.clone(),
            Trap::InvalidDiscriminant,
            "discriminant 2 out of range [0..2)",
        ),
        (
            "(option u32)",
            "(i32.store8 (i32.const 0) (i32.const 2)) (i32.const 0)",
            spilled,
            good.clone(),
            Trap::InvalidDiscriminant,
            "discriminant 2 out of range [0..2)",
        ),
        (
            "char",
            "(i32.const 0xd800)",
            flat,
            good.clone(),
            Trap::InvalidChar,
            "`char` bit pattern 0xd800 is not a Unicode scalar value",
        ),
        (
            "(list char)",
            "(i32.store (i32.const 64) (i32.const 0x110000)) (call $pair (i32.const 64) (i32.const 1))",
            spilled,
            good.clone(),
            Trap::InvalidChar,
            "`char` bit pattern 0x110000 is not a Unicode scalar value",
        ),
        // A good list, but the caller's `realloc` answers past the end of
        // its memory, or unaligned.
        (
            "(list u32)",
            "(call $pair (i32.const 64) (i32.const 1))",
            spilled,
            fixed_realloc("(i32.const 65536)"),
            Trap::PointerOutOfBounds,
            "realloc result: 4 bytes at 0x10000 exceed memory size 65536",
        ),
        (
            "(list u32)",
            "(call $pair (i32.const 64) (i32.const 1))",
            spilled,
            fixed_realloc("(i32.const 1001)"),
            Trap::UnalignedPointer,
            "realloc result: pointer 0x3e9 is not aligned to 4",
        ),
    ];
    for (ty, body, (core_ty, call), realloc, kind, msg) in cases {
        let a_core = format!(r#"(func (export "f") (result i32) {body})"#);
        let wat = pair_through(&format!("(result {ty})"), &a_core, core_ty, call, &realloc);
        expect_trap(&wat, &[dynamic("run"), typed::<()>("run")], kind, msg);
    }
    // An argument: an unaligned list pointer from the root traps before
    // `$A` is entered.
    let wat = pair_through(
        r#"(param "l" (list u32))"#,
        r#"(func (export "f") (param i32 i32))"#,
        "(param i32 i32)",
        "(call $f (i32.const 17) (i32.const 1))",
        BUMP_REALLOC,
    );
    let msg = "list: pointer 0x11 is not aligned to 4";
    expect_trap(
        &wat,
        &[dynamic("run"), typed::<()>("run")],
        Trap::UnalignedPointer,
        msg,
    );
    // Control: a good value goes through.
    let a_core = r#"(func (export "f") (result i32) (i32.const 0x41))"#;
    let wat = pair_through("(result char)", a_core, flat.0, flat.1, BUMP_REALLOC);
    let engine = engine();
    let (mut store, inst, _) = setup(&engine, &Linker::new(&engine), &wat);
    dynamic("run")(&mut store, &inst).unwrap();
}

/// A component defining resource `r`, whose `get: func() -> own<r>` returns
/// handle index 5, which its table does not hold.
const BAD_HANDLE: &str = r#"(component
  (type $r (resource (rep i32)))
  (export $r' "r" (type $r))
  (core module $a (func (export "get") (result i32) (i32.const 5)))
  (core instance $a (instantiate $a))
  (func (export "get") (result (own $r')) (canon lift (core func $a "get"))))"#;

/// The same handle, returned to another component (through the general
/// path: values with handles do not go through the fused adapter).
const BAD_HANDLE_BETWEEN_COMPONENTS: &str = r#"(component
  (component $A
    (type $r (resource (rep i32)))
    (export $r' "r" (type $r))
    (core module $a (func (export "get") (result i32) (i32.const 5)))
    (core instance $a (instantiate $a))
    (func (export "get") (result (own $r')) (canon lift (core func $a "get"))))
  (instance $a (instantiate $A))
  (core func $get-core (canon lower (func $a "get")))
  (core module $b
    (import "" "get" (func $get (result i32)))
    (func (export "run") (drop (call $get))))
  (core instance $b (instantiate $b (with "" (instance (export "get" (func $get-core))))))
  (func (export "run") (canon lift (core func $b "run"))))"#;

/// A handle index the guest's table does not hold is `Trap::InvalidHandle`,
/// lifted by the host (dynamic or typed) or by another component.
#[test]
fn bad_handle_indices_trap() {
    let msg = "unknown handle index 5";
    expect_trap(
        BAD_HANDLE,
        &[dynamic("get"), typed::<(ResourceAny,)>("get")],
        Trap::InvalidHandle,
        msg,
    );
    expect_trap(
        BAD_HANDLE_BETWEEN_COMPONENTS,
        &[dynamic("run"), typed::<()>("run")],
        Trap::InvalidHandle,
        msg,
    );
}

// ---------------------------------------------------------------------------
// Instance state: `may_leave`, and `may_enter` of nested instances
// ---------------------------------------------------------------------------

/// The message of the `may_leave` trap.
const CANNOT_LEAVE: &str =
    "cannot leave the component instance: its `realloc` or `post-return` is running, and they may not call imports";

/// A `ping` import, dynamic or typed, that counts its calls.
fn ping_linker(engine: &Engine, typed_ping: bool) -> Linker<Host> {
    let mut linker = Linker::<Host>::new(engine);
    if typed_ping {
        linker
            .root()
            .func_wrap("ping", |mut store: StoreContextMut<'_, Host>, ()| {
                store.data_mut().calls += 1;
                Ok(())
            })
            .unwrap();
    } else {
        linker
            .root()
            .func_new("ping", |mut store, _, _| {
                store.data_mut().calls += 1;
                Ok(())
            })
            .unwrap();
    }
    linker
}

/// `realloc` and `post-return` run with `may_leave` cleared: a call to an
/// import from inside them traps (`canon_lower`: `trap_if(not
/// inst.may_leave)`), the host function never runs, and the instance is
/// poisoned.
#[test]
fn imports_called_from_realloc_or_post_return_trap() {
    let wat = r#"(component
  (import "ping" (func $ping))
  (core func $ping-core (canon lower (func $ping)))
  (core module $m
    (import "" "ping" (func $ping))
    (memory (export "mem") 1)
    (data (i32.const 0) "\08\00\00\00\02\00\00\00ok")
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) call $ping i32.const 256)
    (func (export "put") (param i32 i32))
    (func (export "get") (result i32) i32.const 0)
    (func (export "post") (param i32) call $ping)
    (func (export "run") call $ping))
  (core instance $i (instantiate $m (with "" (instance (export "ping" (func $ping-core))))))
  (func (export "put") (param "s" string)
    (canon lift (core func $i "put") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
  (func (export "get") (result string)
    (canon lift (core func $i "get") (memory (core memory $i "mem")) (post-return (core func $i "post"))))
  (func (export "run") (canon lift (core func $i "run"))))"#;
    let engine = engine();
    for typed_ping in [false, true] {
        let linker = ping_linker(&engine, typed_ping);
        let (mut store, inst, adder) = setup(&engine, &linker, wat);
        let put = inst.get_func(&mut store, "put").unwrap();
        let err = put
            .call(&mut store, &[Val::String("x".into())], &mut [])
            .unwrap_err();
        assert_trap(&err, Trap::CannotLeaveComponent, CANNOT_LEAVE);
        assert_eq!(store.data().calls, 0);
        assert_poisoned_error(&dynamic("run")(&mut store, &inst).unwrap_err());
        assert_store_usable(&mut store, adder);

        let (mut store, inst, adder) = setup(&engine, &linker, wat);
        let get = inst
            .get_typed_func::<(), (String,)>(&mut store, "get")
            .unwrap();
        // `post-return` runs inside the call: its trap is the call's error.
        let err = get.call(&mut store, ()).unwrap_err();
        assert_trap(&err, Trap::CannotLeaveComponent, CANNOT_LEAVE);
        assert_eq!(store.data().calls, 0);
        assert_poisoned_error(&dynamic("run")(&mut store, &inst).unwrap_err());
        assert_store_usable(&mut store, adder);

        // Outside `realloc` and `post-return`, the same import may be called.
        let (mut store, inst, _) = setup(&engine, &linker, wat);
        dynamic("run")(&mut store, &inst).unwrap();
        assert_eq!(store.data().calls, 1);
    }
}

/// The guest's `realloc` that receives a host import's string result runs
/// with `may_leave` cleared too: calling an import from it traps after the
/// host function returned.
#[test]
fn imports_called_from_the_realloc_of_an_import_result_trap() {
    let wat = r#"(component
  (import "get" (func $get (result string)))
  (import "ping" (func $ping))
  (core func $ping-core (canon lower (func $ping)))
  (core module $libc
    (import "" "ping" (func $ping))
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) call $ping i32.const 256))
  (core instance $libc (instantiate $libc (with "" (instance (export "ping" (func $ping-core))))))
  (core func $get-core
    (canon lower (func $get) (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (core module $m
    (import "" "get" (func $get (param i32)))
    (func (export "run") (call $get (i32.const 16))))
  (core instance $i (instantiate $m (with "" (instance (export "get" (func $get-core))))))
  (func (export "run") (canon lift (core func $i "run"))))"#;
    let engine = engine();
    let mut linker = get_linker(&engine, "hi");
    linker
        .root()
        .func_new("ping", |mut store, _, _| {
            store.data_mut().calls += 100;
            Ok(())
        })
        .unwrap();
    let (mut store, inst, adder) = setup(&engine, &linker, wat);
    let err = dynamic("run")(&mut store, &inst).unwrap_err();
    assert_trap(&err, Trap::CannotLeaveComponent, CANNOT_LEAVE);
    // `get` ran; `ping` did not.
    assert_eq!(store.data().calls, 1);
    assert_poisoned_error(&dynamic("run")(&mut store, &inst).unwrap_err());
    assert_store_usable(&mut store, adder);
}

/// Between components, too: the callee's `realloc` (arguments), the
/// callee's `post-return`, and the caller's `realloc` (results) may not
/// call imports.
#[test]
fn imports_called_from_realloc_or_post_return_between_components_trap() {
    // `$Callee` takes and returns a string; `(which)` picks the function
    // that calls `ping`.
    let wat = |which: &str| {
        let realloc = |name: &str| {
            if name == which {
                "call $ping i32.const 256"
            } else {
                "i32.const 256"
            }
        };
        let post = if which == "post" { "call $ping" } else { "" };
        format!(
            r#"(component
  (import "ping" (func $ping))
  (component $Callee
    (import "ping" (func $ping))
    (core func $ping-core (canon lower (func $ping)))
    (core module $m
      (import "" "ping" (func $ping))
      (memory (export "mem") 1)
      (data (i32.const 0) "\08\00\00\00\02\00\00\00ok")
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) {callee_realloc})
      (func (export "echo") (param i32 i32) (result i32) i32.const 0)
      (func (export "post") (param i32) {post}))
    (core instance $i (instantiate $m (with "" (instance (export "ping" (func $ping-core))))))
    (func (export "echo") (param "s" string) (result string)
      (canon lift (core func $i "echo") (memory (core memory $i "mem"))
        (realloc (core func $i "realloc")) (post-return (core func $i "post")))))
  (instance $callee (instantiate $Callee (with "ping" (func $ping))))
  (core func $ping-core (canon lower (func $ping)))
  (core module $libc
    (import "" "ping" (func $ping))
    (memory (export "mem") 1)
    (data (i32.const 0) "hi")
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) {caller_realloc}))
  (core instance $libc (instantiate $libc (with "" (instance (export "ping" (func $ping-core))))))
  (core func $echo (canon lower (func $callee "echo") (memory (core memory $libc "mem"))
    (realloc (core func $libc "realloc"))))
  (core module $m
    (import "" "echo" (func $echo (param i32 i32 i32)))
    (func (export "run") (result i32) (call $echo (i32.const 0) (i32.const 2) (i32.const 16)) i32.const 0))
  (core instance $i (instantiate $m (with "" (instance (export "echo" (func $echo))))))
  (func (export "run") (result u32) (canon lift (core func $i "run"))))"#,
            callee_realloc = realloc("callee"),
            caller_realloc = realloc("caller"),
        )
    };
    let engine = engine();
    let linker = ping_linker(&engine, false);
    let (mut store, inst, _) = setup(&engine, &linker, &wat("none"));
    dynamic("run")(&mut store, &inst).unwrap();
    for which in ["callee", "post", "caller"] {
        let (mut store, inst, adder) = setup(&engine, &linker, &wat(which));
        let err = dynamic("run")(&mut store, &inst).unwrap_err();
        assert_trap(&err, Trap::CannotLeaveComponent, CANNOT_LEAVE);
        assert_eq!(store.data().calls, 0, "{which}");
        assert_poisoned_error(&dynamic("run")(&mut store, &inst).unwrap_err());
        assert_store_usable(&mut store, adder);
    }
}

/// Entering a child component instance also enters its parent
/// (`entering_set`): while the parent runs, the host may not call a child's
/// export that the parent re-exports.
#[test]
fn reentering_through_a_child_export_traps() {
    let wat = r#"(component
  (import "callback" (func $cb))
  (component $C
    (core module $m (func (export "seven") (result i32) i32.const 7))
    (core instance $i (instantiate $m))
    (func (export "seven") (result u32) (canon lift (core func $i "seven"))))
  (instance $c (instantiate $C))
  (core func $cb-core (canon lower (func $cb)))
  (core module $m (import "" "cb" (func $cb)) (func (export "outer") call $cb))
  (core instance $i (instantiate $m (with "" (instance (export "cb" (func $cb-core))))))
  (func (export "outer") (canon lift (core func $i "outer")))
  (export "seven" (func $c "seven")))"#;
    let engine = engine();
    let mut linker = Linker::<Host>::new(&engine);
    linker
        .root()
        .func_new("callback", |mut store, _, _| {
            let seven = store.data().target.unwrap();
            let mut out = [Val::Bool(false)];
            if let Err(e) = seven.call(&mut store, &[], &mut out) {
                store.data_mut().observed.push(e);
            } else {
                seven.post_return(&mut store)?;
            }
            Ok(())
        })
        .unwrap();
    let (mut store, inst, _) = setup(&engine, &linker, wat);
    let seven = inst.get_func(&mut store, "seven").unwrap();
    store.data_mut().target = Some(seven);
    let outer = inst.get_func(&mut store, "outer").unwrap();
    outer.call(&mut store, &[], &mut []).unwrap();
    outer.post_return(&mut store).unwrap();
    let err = store
        .data_mut()
        .observed
        .pop()
        .expect("the reentrant call succeeded");
    assert_trap(
        &err,
        Trap::CannotEnterComponent,
        "cannot enter the component instance: a component instance that contains it is running (reentrance)",
    );
    // Once the parent returned, the child's export may be called.
    let mut out = [Val::Bool(false)];
    seven.call(&mut store, &[], &mut out).unwrap();
    seven.post_return(&mut store).unwrap();
    assert_eq!(out[0], Val::U32(7));
}

/// The spec's example (`CanonicalABI.md`, `entering_set`): parent `P` holds
/// core instances `M1`, `M2` and child instances `C1`, `C2`. The call chain
/// host → M1 → C1 → C2 → M2 succeeds (donut wrapping: C2 calls back into a
/// function `P` lifted); M2 calling `C1` again (through `call_indirect`)
/// traps, since `C1` is running.
fn donut() -> &'static str {
    r#"(component
  (core module $M2
    (table (export "t") 1 funcref)
    (type $ft (func (result i32)))
    (global $again (mut i32) (i32.const 0))
    (func (export "set-again") (param i32) (global.set $again (local.get 0)))
    (func (export "m2") (result i32)
      (if (result i32) (global.get $again)
        (then (call_indirect (type $ft) (i32.const 0)))
        (else (i32.const 42)))))
  (core instance $m2 (instantiate $M2))
  (func $m2 (result u32) (canon lift (core func $m2 "m2")))
  ;; Calls its import `next` and returns what it answers.
  (component $Forward
    (import "next" (func $next (result u32)))
    (core func $next-core (canon lower (func $next)))
    (core module $m
      (import "" "next" (func $next (result i32)))
      (func (export "f") (result i32) call $next))
    (core instance $i (instantiate $m (with "" (instance (export "next" (func $next-core))))))
    (func (export "f") (result u32) (canon lift (core func $i "f"))))
  (instance $c2 (instantiate $Forward (with "next" (func $m2))))
  (instance $c1 (instantiate $Forward (with "next" (func $c2 "f"))))
  (core func $c1-f (canon lower (func $c1 "f")))
  (core module $M1
    (import "" "c1" (func $c1 (result i32)))
    (import "" "t" (table $t 1 funcref))
    (import "" "set-again" (func $set-again (param i32)))
    (elem (table $t) (i32.const 0) func $c1)
    (func (export "run") (param i32) (result i32) (call $set-again (local.get 0)) (call $c1)))
  (core instance $m1 (instantiate $M1 (with "" (instance
    (export "c1" (func $c1-f))
    (export "t" (table $m2 "t"))
    (export "set-again" (func $m2 "set-again"))))))
  (func (export "run") (param "again" bool) (result u32) (canon lift (core func $m1 "run")))
  (export "c1" (func $c1 "f")))"#
}

/// Donut wrapping: a parent calls into its child, which calls back into a
/// function the parent lifted. The spec allows it (the parent is subtracted
/// from the entering set because the caller is already inside it).
#[test]
fn a_child_may_call_back_into_its_parent() {
    let wat = r#"(component
  (core module $m2 (func (export "m2") (result i32) i32.const 42))
  (core instance $m2 (instantiate $m2))
  (func $m2 (result u32) (canon lift (core func $m2 "m2")))
  (component $C
    (import "back" (func $back (result u32)))
    (core func $back-core (canon lower (func $back)))
    (core module $c
      (import "" "back" (func $back (result i32)))
      (func (export "f") (result i32) call $back))
    (core instance $c (instantiate $c (with "" (instance (export "back" (func $back-core))))))
    (func (export "f") (result u32) (canon lift (core func $c "f"))))
  (instance $c (instantiate $C (with "back" (func $m2))))
  (core func $f-core (canon lower (func $c "f")))
  (core module $m1
    (import "" "f" (func $f (result i32)))
    (func (export "run") (result i32) call $f))
  (core instance $m1 (instantiate $m1 (with "" (instance (export "f" (func $f-core))))))
  (func (export "run") (result u32) (canon lift (core func $m1 "run"))))"#;
    let engine = engine();
    let (mut store, inst, _) = setup(&engine, &Linker::new(&engine), wat);
    let run = inst
        .get_typed_func::<(), (u32,)>(&mut store, "run")
        .unwrap();
    for _ in 0..2 {
        assert_eq!(
            run.call(&mut store, ()).map_err(|e| format!("{e:#}")),
            Ok((42,))
        );
        run.post_return(&mut store).unwrap();
    }
}

#[test]
fn the_spec_donut_example_allows_the_callback_and_traps_on_reentrance() {
    let engine = engine();
    let (mut store, inst, adder) = setup(&engine, &Linker::new(&engine), donut());
    let run = inst
        .get_typed_func::<(bool,), (u32,)>(&mut store, "run")
        .unwrap();
    // host → M1 → C1 → C2 → M2, twice: every call left what it entered.
    for _ in 0..2 {
        assert_eq!(run.call(&mut store, (false,)).unwrap(), (42,));
        run.post_return(&mut store).unwrap();
    }
    // The host may call the child directly, which enters `P` too and calls
    // back into it.
    let c1 = inst.get_typed_func::<(), (u32,)>(&mut store, "c1").unwrap();
    assert_eq!(c1.call(&mut store, ()).unwrap(), (42,));
    c1.post_return(&mut store).unwrap();
    // ... → M2 -X-> C1.
    let err = run.call(&mut store, (true,)).unwrap_err();
    assert_trap(
        &err,
        Trap::CannotEnterComponent,
        "cannot enter the component instance: it is already running (reentrance)",
    );
    assert_poisoned_error(&run.call(&mut store, (false,)).unwrap_err());
    assert_store_usable(&mut store, adder);
}

/// A call from the host into a child enters its parent too, and the other
/// way round; `call` runs `post-return` and leaves both before it returns,
/// so calls into either follow each other directly, with no `post_return`.
#[test]
fn calls_into_parent_and_child_follow_each_other() {
    let engine = engine();
    let (mut store, inst, _) = setup(&engine, &Linker::new(&engine), donut());
    let run = inst
        .get_typed_func::<(bool,), (u32,)>(&mut store, "run")
        .unwrap();
    let c1 = inst.get_typed_func::<(), (u32,)>(&mut store, "c1").unwrap();
    for _ in 0..2 {
        assert_eq!(c1.call(&mut store, ()).unwrap(), (42,));
        assert_eq!(run.call(&mut store, (false,)).unwrap(), (42,));
        assert_eq!(c1.call(&mut store, ()).unwrap(), (42,));
        assert_eq!(c1.call(&mut store, ()).unwrap(), (42,));
        assert_eq!(run.call(&mut store, (false,)).unwrap(), (42,));
        assert_eq!(run.call(&mut store, (false,)).unwrap(), (42,));
    }
    // The no-op `post_return` changes nothing either way.
    c1.post_return(&mut store).unwrap();
    run.post_return(&mut store).unwrap();
    assert_eq!(run.call(&mut store, (false,)).unwrap(), (42,));
}

/// A trap poisons the instance whose code trapped; when the host reached a
/// child through its parent's re-export, the parent did not run and stays
/// usable, while the child, and so every path into it, is closed.
#[test]
fn a_trap_in_a_child_poisons_the_child() {
    let wat = r#"(component
  (component $C
    (core module $m (func (export "boom") unreachable))
    (core instance $i (instantiate $m))
    (func (export "boom") (canon lift (core func $i "boom"))))
  (instance $c (instantiate $C))
  (core func $boom (canon lower (func $c "boom")))
  (core module $m
    (import "" "boom" (func $boom))
    (func (export "seven") (result i32) i32.const 7)
    (func (export "via") call $boom))
  (core instance $i (instantiate $m (with "" (instance (export "boom" (func $boom))))))
  (func (export "seven") (result u32) (canon lift (core func $i "seven")))
  (func (export "via") (canon lift (core func $i "via")))
  (export "boom" (func $c "boom")))"#;
    let engine = engine();
    let (mut store, inst, adder) = setup(&engine, &Linker::new(&engine), wat);
    let err = dynamic("boom")(&mut store, &inst).unwrap_err();
    assert_trap(
        &err,
        Trap::Unreachable,
        "wasm trap: `unreachable` instruction executed",
    );
    assert_poisoned_error(&dynamic("boom")(&mut store, &inst).unwrap_err());
    // The parent is not poisoned ...
    let seven = inst
        .get_typed_func::<(), (u32,)>(&mut store, "seven")
        .unwrap();
    assert_eq!(seven.call(&mut store, ()).unwrap(), (7,));
    seven.post_return(&mut store).unwrap();
    // ... but its path into the child is closed, and trapping there poisons it.
    let err = dynamic("via")(&mut store, &inst).unwrap_err();
    assert_poisoned_error(&err);
    assert_poisoned_error(&seven.call(&mut store, ()).unwrap_err());
    assert_store_usable(&mut store, adder);
}

/// A host import's error unwinds through guest frames, leaving the guest
/// half-way: the instance may not be entered again (as after a trap), and the
/// caller still gets the host's own error.
#[test]
fn a_host_error_inside_a_call_poisons_the_instance() -> Result<()> {
    #[derive(Debug)]
    struct HostFailure;
    impl std::fmt::Display for HostFailure {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("host failure")
        }
    }
    impl std::error::Error for HostFailure {}

    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
          (import "fail" (func $fail))
          (core module $m
            (import "host" "fail" (func $fail))
            (global $busy (mut i32) (i32.const 0))
            (func (export "run") (global.set $busy (i32.const 1)) (call $fail) (global.set $busy (i32.const 0)))
            (func (export "busy") (result i32) (global.get $busy)))
          (core func $fail' (canon lower (func $fail)))
          (core instance $i (instantiate $m (with "host" (instance (export "fail" (func $fail'))))))
          (func (export "run") (canon lift (core func $i "run")))
          (func (export "busy") (result u32) (canon lift (core func $i "busy"))))"#,
    )?;
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .func_new("fail", |_, _, _| Err(anyhow::Error::new(HostFailure)))?;
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component)?;
    let run = instance.get_func(&mut store, "run").expect("run");
    let err = run.call(&mut store, &[], &mut []).unwrap_err();
    assert!(
        err.downcast_ref::<HostFailure>().is_some(),
        "the host's error comes back: {err:#}"
    );
    let busy = instance.get_func(&mut store, "busy").expect("busy");
    let err = busy.call(&mut store, &[], &mut [Val::U32(0)]).unwrap_err();
    assert_eq!(
        err.downcast_ref::<Trap>(),
        Some(&Trap::CannotEnterComponent),
        "{err:#}"
    );
    // The store is still usable: a new instance works.
    let fresh = linker.instantiate(&mut store, &component)?;
    let busy = fresh.get_func(&mut store, "busy").expect("busy");
    let mut out = [Val::U32(7)];
    busy.call(&mut store, &[], &mut out)?;
    busy.post_return(&mut store)?;
    assert_eq!(out[0], Val::U32(0));
    Ok(())
}
