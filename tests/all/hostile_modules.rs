//! Hostile input never panics or crashes hoist: malformed binaries (every
//! prefix of real modules, deterministic random corruptions, huge counts,
//! huge and overlong LEB128 values, absurd limits, invalid UTF-8 names,
//! deeply nested blocks) give a clean `Err` from `Module::new`,
//! `Module::from_binary` and `Module::validate` that carries the byte offset
//! the validator reports; hoist accepts exactly what `wasmparser`'s validator
//! accepts with hoist's feature set. Modules that run off their memory, tables
//! or stack trap with the right `hoist::Trap`, and the store runs the next
//! call normally.
//!
//! Cases that could take the whole process down (allocation failure, native
//! stack exhaustion in the compiler) run in a child process, so that a crash is
//! reported as a failure of that test rather than of the test binary.

use hoist::{Config, Engine, Instance, Module, Store, Trap, Val};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::Command;

use crate::support::corrupt::{corrupt, default_features, Rng};
use crate::support::{bounds_check_engines, engine};

// ---- building binaries by hand ---------------------------------------------

fn leb(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

fn section(id: u8, body: &[u8]) -> Vec<u8> {
    let mut s = vec![id];
    s.extend(leb(body.len() as u64));
    s.extend_from_slice(body);
    s
}

fn module(sections: &[Vec<u8>]) -> Vec<u8> {
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    for s in sections {
        m.extend_from_slice(s);
    }
    m
}

fn name(bytes: &[u8]) -> Vec<u8> {
    let mut n = leb(bytes.len() as u64);
    n.extend_from_slice(bytes);
    n
}

/// A vector of `items`, prefixed by its count.
fn vec_of(items: &[Vec<u8>]) -> Vec<u8> {
    let mut v = leb(items.len() as u64);
    for i in items {
        v.extend_from_slice(i);
    }
    v
}

/// `(type (func))`, one function of that type with `body` (without the size
/// prefix), exported as "f".
fn one_function_module(locals_and_code: &[u8]) -> Vec<u8> {
    let types = section(1, &vec_of(&[vec![0x60, 0x00, 0x00]]));
    let funcs = section(3, &vec_of(&[vec![0x00]]));
    let exports = section(7, &vec_of(&[[name(b"f"), vec![0x00, 0x00]].concat()]));
    let mut body = leb(locals_and_code.len() as u64);
    body.extend_from_slice(locals_and_code);
    let code = section(10, &vec_of(&[body]));
    module(&[types, funcs, exports, code])
}

// ---- checking errors ---------------------------------------------------------

/// The feature set hoist validates with (see `Config`'s defaults).
fn reference_validator() -> wasmparser::Validator {
    wasmparser::Validator::new_with_features(default_features())
}

/// The offset in a message's "(at offset 0x…)", if there is one.
fn reported_offset(msg: &str) -> Option<u64> {
    let at = msg.rfind("(at offset 0x")?;
    let hex = &msg[at + "(at offset 0x".len()..];
    let end = hex.find(')')?;
    u64::from_str_radix(&hex[..end], 16).ok()
}

/// Checks that an error about `input` is clean: when the validator reported
/// it, the message carries an offset inside the input.
fn check_error(what: &str, e: &anyhow::Error, input: &[u8]) {
    let from_parser = e
        .chain()
        .any(|c| c.downcast_ref::<wasmparser::BinaryReaderError>().is_some());
    let msg = format!("{e:#}");
    assert!(!msg.is_empty(), "{what}: empty error message");
    if from_parser {
        let off =
            reported_offset(&msg).unwrap_or_else(|| panic!("{what}: no byte offset in `{msg}`"));
        assert!(
            off <= input.len() as u64,
            "{what}: offset {off:#x} is past the end of a {}-byte input: {msg}",
            input.len()
        );
    }
}

/// Compiles and validates `input` with hoist and compares with the reference
/// validator; returns whether hoist accepted it. Never panics on its own.
fn judge(engine: &Engine, what: &str, input: &[u8]) -> bool {
    let reference = reference_validator().validate_all(input);
    let compiled = Module::from_binary(engine, input);
    let validated = Module::validate(engine, input);
    if let Err(e) = &compiled {
        check_error(what, e, input);
    }
    if let Err(e) = &validated {
        check_error(what, e, input);
        // `validate` reports the validator's error directly.
        if reference.is_err() {
            let msg = e.to_string();
            assert!(
                reported_offset(&msg).is_some(),
                "{what}: validate said `{msg}`"
            );
        }
    }
    assert_eq!(
        compiled.is_ok(),
        validated.is_ok(),
        "{what}: from_binary and validate disagree: {:?} vs {:?}",
        compiled.as_ref().err().map(|e| format!("{e:#}")),
        validated.as_ref().err().map(|e| format!("{e:#}")),
    );
    assert_eq!(
        compiled.is_ok(),
        reference.is_ok(),
        "{what}: hoist {} but the validator {}",
        match &compiled {
            Ok(_) => "accepts".to_string(),
            Err(e) => format!("rejects ({e:#})"),
        },
        match &reference {
            Ok(_) => "accepts".to_string(),
            Err(e) => format!("rejects ({e})"),
        },
    );
    compiled.is_ok()
}

/// Modules exercising most sections, as inputs to truncate and corrupt.
fn real_modules() -> Vec<(&'static str, Vec<u8>)> {
    let full = wat::parse_str(
        r#"(module $m
            (type $bin (func (param i32 i32) (result i32)))
            (import "env" "log" (func $log (param i32)))
            (import "env" "g" (global $g (mut i64)))
            (import "env" "mem" (memory 1 4))
            (table $t 4 8 funcref)
            (table $ext 2 externref)
            (memory $m2 1)
            (global $counter (mut i32) (i32.const 0))
            (global $pi f64 (f64.const 3.14159))
            (export "add" (func $add))
            (export "t" (table $t))
            (export "counter" (global $counter))
            (start $init)
            (elem (table $t) (i32.const 0) func $add $sub)
            (elem $passive funcref (ref.func $add) (ref.null func))
            (elem declare func $init)
            (data (memory 0) (i32.const 8) "hello")
            (data $later "world")
            (func $init global.get $counter i32.const 1 i32.add global.set $counter)
            (func $add (type $bin) local.get 0 local.get 1 i32.add)
            (func $sub (type $bin) local.get 0 local.get 1 i32.sub)
            (func (export "run") (param $n i32) (result i32 i64) (local $i i32) (local f32)
                block $done
                    loop $top
                        local.get $i local.get $n i32.ge_s br_if $done
                        local.get $i call $log
                        local.get $i i32.const 1 i32.add local.set $i
                        br $top
                    end
                end
                local.get $i
                i32.const 1 table.get $t ref.is_null
                if (result i64) i64.const 1 else global.get $g end
                i32.const 16 i32.const 0 i32.const 5 memory.init $later
                data.drop $later
                i32.const 0 i32.const 1 i32.const 0 call_indirect $t (type $bin) drop)
        )"#,
    )
    .unwrap();
    let small = wat::parse_str(
        r#"(module (memory (export "m") 1) (func (export "f") (result i32) i32.const 7))"#,
    )
    .unwrap();
    let numeric = wat::parse_str(
        r#"(module
            (func (export "mix") (param i64 f32 f64) (result i32)
                local.get 0 i64.const 3 i64.rotl i32.wrap_i64
                local.get 1 i32.trunc_sat_f32_s i32.add
                local.get 2 f64.sqrt i32.trunc_sat_f64_u i32.xor
                i32.extend8_s))"#,
    )
    .unwrap();
    let simd = wat::parse_str(
        r#"(module (memory 1)
            (func (export "mix") (param $p i32) (param $v v128) (result v128)
                (local $a v128)
                local.get $p v128.load offset=16
                local.get $v i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
                local.get $p v128.load32_splat
                i32x4.dot_i16x8_s
                local.set $a
                local.get $a local.get $p i8x16.splat i8x16.swizzle
                f32x4.convert_i32x4_u i32x4.trunc_sat_f32x4_s
                local.set $a
                local.get $p local.get $a v128.store64_lane offset=8 1
                local.get $a i64x2.extend_low_i32x4_s
                v128.const f64x2 1.5 -0.0 f64x2.pmin
                i32x4.trunc_sat_f64x2_u_zero))"#,
    )
    .unwrap();
    let mut out = vec![
        ("full", full),
        ("small", small),
        ("numeric", numeric),
        ("simd", simd),
    ];
    // A generated module with many sections and bodies.
    let mut bytes = vec![0u8; 4096];
    let mut x = 0x1234_5678_9abc_def0u64;
    for b in bytes.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    let mut u = arbitrary::Unstructured::new(&bytes);
    let config = wasm_smith::Config {
        min_funcs: 4,
        min_types: 2,
        max_imports: 0,
        simd_enabled: true,
        relaxed_simd_enabled: false,
        threads_enabled: false,
        tail_call_enabled: false,
        gc_enabled: false,
        exceptions_enabled: false,
        memory64_enabled: false,
        extended_const_enabled: true,
        wide_arithmetic_enabled: false,
        custom_page_sizes_enabled: false,
        compact_imports_enabled: false,
        max_memories: 2,
        max_memory32_bytes: 65536 * 2,
        ..wasm_smith::Config::default()
    };
    let smith = wasm_smith::Module::new(config, &mut u).unwrap().to_bytes();
    out.push(("generated", smith));
    out
}

// ---- malformed binaries ------------------------------------------------------

#[test]
fn every_prefix_of_real_modules_is_handled() {
    let engine = engine();
    for (label, wasm) in real_modules() {
        if let Err(e) = reference_validator().validate_all(&wasm) {
            panic!("{label} itself must be valid: {e}");
        }
        assert!(judge(&engine, label, &wasm), "{label} itself must be valid");
        let mut accepted = 0;
        for len in 0..wasm.len() {
            let prefix = &wasm[..len];
            let what = format!("{label}[..{len}]");
            let r = catch_unwind(AssertUnwindSafe(|| judge(&engine, &what, prefix)));
            match r {
                Ok(ok) => accepted += usize::from(ok),
                Err(_) => panic!("{what}: hoist panicked"),
            }
            // `Module::new` goes through the text parser for inputs that do
            // not start with the magic number; it must fail cleanly as well.
            if len < 8 && len > 0 {
                assert!(
                    Module::new(&engine, prefix).is_err(),
                    "{what} via Module::new"
                );
            }
        }
        println!(
            "{label}: {} bytes, {accepted} prefixes accepted",
            wasm.len()
        );
        // Only prefixes that end exactly at a section boundary are valid, and
        // most prefixes end inside a section.
        assert!(
            accepted < wasm.len() / 4,
            "{label}: {accepted} prefixes accepted"
        );
    }
}

#[test]
fn random_corruptions_are_rejected_or_compile() {
    let engine = engine();
    let mut rng = Rng::new();
    let (mut accepted, mut rejected) = (0, 0);
    for (label, wasm) in real_modules() {
        for round in 0..1500 {
            let m = corrupt(&wasm, &mut rng);
            let what = format!("{label} corruption {round}");
            match catch_unwind(AssertUnwindSafe(|| judge(&engine, &what, &m))) {
                Ok(true) => accepted += 1,
                Ok(false) => rejected += 1,
                Err(_) => panic!("{what}: hoist panicked on {m:02x?}"),
            }
        }
    }
    println!("corruptions: {accepted} still valid and compiled, {rejected} rejected");
    assert!(
        rejected > accepted,
        "the corruptions hardly corrupted anything"
    );
}

#[test]
fn huge_counts_are_rejected_with_an_offset() {
    let engine = engine();
    // A type section claiming 2^32-1 entries, with none present.
    let types = module(&[section(1, &leb(0xffff_ffff))]);
    assert!(!judge(&engine, "huge type count", &types));
    // Functions declared without bodies, and more bodies than functions.
    let t = section(1, &vec_of(&[vec![0x60, 0, 0]]));
    let many_funcs = module(&[
        t.clone(),
        section(3, &[leb(100_000), vec![0; 100_000]].concat()),
    ]);
    assert!(!judge(&engine, "functions without code", &many_funcs));
    let code = section(10, &[leb(0xffff_fff0), vec![2, 0, 0x0b]].concat());
    let too_many_bodies = module(&[t.clone(), section(3, &vec_of(&[vec![0]])), code]);
    assert!(!judge(&engine, "huge body count", &too_many_bodies));
    // A local declaration with 2^32-1 locals, twice.
    let locals = [
        leb(2),
        leb(0xffff_ffff),
        vec![0x7f],
        leb(0xffff_ffff),
        vec![0x7f],
        vec![0x0b],
    ]
    .concat();
    assert!(!judge(
        &engine,
        "too many locals",
        &one_function_module(&locals)
    ));
    // Exactly at the locals limit is fine; one more is not.
    let at_limit = [leb(1), leb(50_000), vec![0x7e], vec![0x0b]].concat();
    assert!(judge(
        &engine,
        "50000 locals",
        &one_function_module(&at_limit)
    ));
    let over = [leb(1), leb(50_001), vec![0x7e], vec![0x0b]].concat();
    assert!(!judge(&engine, "50001 locals", &one_function_module(&over)));
    // A br_table with 2^32-1 targets.
    let br = [
        vec![0],
        vec![0x41, 0],
        vec![0x0e],
        leb(0xffff_ffff),
        vec![0x0b],
    ]
    .concat();
    assert!(!judge(&engine, "huge br_table", &one_function_module(&br)));
}

#[test]
fn huge_and_overlong_leb_values_are_rejected() {
    let engine = engine();
    // A section size of 2^63 (a ten-byte LEB).
    let mut m = module(&[]);
    m.push(1);
    m.extend(leb(1 << 63));
    assert!(!judge(&engine, "ten-byte section size", &m));
    // A section size past the end of the input.
    let mut m = module(&[]);
    m.push(1);
    m.extend(leb(0xffff_fff0));
    m.extend([1, 0x60, 0, 0]);
    assert!(!judge(&engine, "section size past the end", &m));
    // A u32 with bits beyond 32 in its fifth byte.
    let types = module(&[section(1, &[0xff, 0xff, 0xff, 0xff, 0x7f])]);
    assert!(!judge(&engine, "u32 too large", &types));
    // An overlong (six-byte) u32.
    let types = module(&[section(1, &[0x81, 0x80, 0x80, 0x80, 0x80, 0x00])]);
    assert!(!judge(&engine, "overlong u32", &types));
    // An i32.const whose LEB never ends.
    let body = [vec![0, 0x41], vec![0xff; 40]].concat();
    assert!(!judge(
        &engine,
        "unterminated i32.const",
        &one_function_module(&body)
    ));
    // An i64.const with 11 bytes.
    let body = [vec![0, 0x42], vec![0x80; 10], vec![0x00, 0x1a, 0x0b]].concat();
    assert!(!judge(
        &engine,
        "overlong i64.const",
        &one_function_module(&body)
    ));
    // A memarg offset larger than u32 in a 32-bit memory.
    let mem = section(5, &vec_of(&[vec![0x00, 0x01]]));
    let body = [vec![0, 0x41, 0, 0x28, 0x02], leb(1 << 40), vec![0x1a, 0x0b]].concat();
    let mut m = one_function_module(&body);
    // Insert the memory section after the function section (id order 1,3,5,7,10).
    let split = module(&[
        section(1, &vec_of(&[vec![0x60, 0x00, 0x00]])),
        section(3, &vec_of(&[vec![0x00]])),
    ])
    .len();
    m.splice(split..split, mem);
    assert!(!judge(&engine, "64-bit memarg offset", &m));
}

#[test]
fn absurd_limits_are_rejected_at_compile_time() {
    let engine = engine();
    let cases: [(&str, &str); 5] = [
        ("memory min 65537", "(module (memory 65537))"),
        ("memory max 65537", "(module (memory 1 65537))"),
        ("memory min > max", "(module (memory 2 1))"),
        ("table min > max", "(module (table 10 1 funcref))"),
        (
            "imported memory max 70000",
            r#"(module (import "a" "b" (memory 0 70000)))"#,
        ),
    ];
    for (what, wat) in cases {
        let bin = wat::parse_str(wat).unwrap();
        assert!(!judge(&engine, what, &bin), "{what} was accepted");
        let e = Module::new(&engine, wat).unwrap_err();
        assert!(
            reported_offset(&format!("{e:#}")).is_some(),
            "{what}: {e:#}"
        );
    }
    // The largest legal limits compile.
    for wat in [
        "(module (memory 0 65536))",
        "(module (table 0 0xffffffff funcref))",
        "(module (table 1 externref) (memory 1) (memory 2) (memory 3))",
    ] {
        Module::new(&engine, wat).unwrap_or_else(|e| panic!("{wat}: {e:#}"));
    }
}

#[test]
fn huge_table_maximum_grows_within_limits() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (table $t (export "t") 1 0xffffffff funcref)
            (func (export "grow") (param i32) (result i32)
                ref.null func local.get 0 table.grow $t)
            (func (export "size") (result i32) table.size $t))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = i.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    let size = i.get_typed_func::<(), i32>(&mut store, "size").unwrap();
    // A growth that would need gigabytes fails with -1 rather than aborting.
    assert_eq!(grow.call(&mut store, 0x7fff_ffff).unwrap(), -1);
    assert_eq!(grow.call(&mut store, -1).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 10).unwrap(), 1);
    assert_eq!(size.call(&mut store, ()).unwrap(), 11);
    let t = i.get_table(&mut store, "t").unwrap();
    assert!(t.grow(&mut store, u32::MAX, Val::FuncRef(None)).is_err());
    assert_eq!(t.size(&store), 11);
}

#[test]
fn invalid_utf8_names_are_rejected() {
    let engine = engine();
    let t = section(1, &vec_of(&[vec![0x60, 0, 0]]));
    let f = section(3, &vec_of(&[vec![0]]));
    let code = section(10, &vec_of(&[vec![2, 0, 0x0b]]));
    let bad = [0xff, 0xfe, b'x'];
    let overlong_slash = [0xc0, 0xaf];
    let surrogate = [0xed, 0xa0, 0x80];
    for (label, n) in [
        ("0xff", &bad[..]),
        ("overlong", &overlong_slash[..]),
        ("surrogate", &surrogate[..]),
    ] {
        // Export name.
        let e = section(7, &vec_of(&[[name(n), vec![0, 0]].concat()]));
        let m = module(&[t.clone(), f.clone(), e, code.clone()]);
        assert!(!judge(&engine, &format!("export name {label}"), &m));
        // Import module and field names.
        let i = section(2, &vec_of(&[[name(n), name(b"f"), vec![0, 0]].concat()]));
        assert!(!judge(
            &engine,
            &format!("import module {label}"),
            &module(&[t.clone(), i])
        ));
        let i = section(2, &vec_of(&[[name(b"m"), name(n), vec![0, 0]].concat()]));
        assert!(!judge(
            &engine,
            &format!("import field {label}"),
            &module(&[t.clone(), i])
        ));
        // Custom section name.
        let c = section(0, &[name(n), b"payload".to_vec()].concat());
        assert!(!judge(
            &engine,
            &format!("custom section {label}"),
            &module(&[c])
        ));
    }
    // A name whose length runs past the section.
    let e = section(7, &[leb(1), leb(1000), b"abc".to_vec()].concat());
    assert!(!judge(
        &engine,
        "name past the end",
        &module(&[t.clone(), f.clone(), e, code.clone()])
    ));
    // Valid non-ASCII names are fine and keep their spelling.
    let e = section(
        7,
        &vec_of(&[[name("héllo→".as_bytes()), vec![0, 0]].concat()]),
    );
    let m = module(&[t, f, e, code]);
    assert!(judge(&engine, "UTF-8 export name", &m));
    let module = Module::from_binary(&engine, &m).unwrap();
    assert_eq!(module.exports().next().unwrap().name(), "héllo→");
}

/// Runs the test called `name` alone in a child process when not already in
/// one; returns `true` in the child, which then runs the body.
fn isolated(name: &str) -> bool {
    const CHILD: &str = "HOIST_HOSTILE_CHILD";
    if std::env::var(CHILD).as_deref() == Ok(name) {
        return true;
    }
    // The test's full name in this binary: its path without the crate.
    let (_, module) = module_path!().split_once("::").unwrap();
    let test = format!("{module}::{name}");
    let out = Command::new(std::env::current_exe().unwrap())
        .args([&test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, name)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "`{name}` failed in its child process ({}):\n{stdout}\n{stderr}",
        out.status
    );
    false
}

/// A function nesting `depth` `block (result i32)`s, with a `br` out of the
/// innermost one.
fn nested_blocks(depth: usize) -> Vec<u8> {
    let mut code = vec![0];
    for _ in 0..depth {
        code.extend([0x02, 0x7f]); // block (result i32)
    }
    code.extend([0x41, 7]); // i32.const 7
    code.extend([0x0c, 0x00]); // br 0
    code.extend(std::iter::repeat_n(0x0b, depth));
    code.extend([0x1a, 0x0b]); // drop, end
    one_function_module(&code)
}

/// Compiles `wasm` (which the validator must accept) and calls its `f`.
fn compile_and_call(engine: &Engine, what: &str, wasm: &[u8]) -> anyhow::Result<()> {
    reference_validator()
        .validate_all(wasm)
        .unwrap_or_else(|e| panic!("{what} is invalid: {e}"));
    let t0 = std::time::Instant::now();
    let module = Module::from_binary(engine, wasm).unwrap_or_else(|e| panic!("{what}: {e:#}"));
    println!("{what}: compiled in {:?}", t0.elapsed());
    let mut store = Store::new(engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    i.get_typed_func::<(), ()>(&mut store, "f")
        .unwrap()
        .call(&mut store, ())
}

#[test]
fn deeply_nested_blocks_compile_and_run() {
    if !isolated("deeply_nested_blocks_compile_and_run") {
        return;
    }
    let engine = engine();
    for depth in [1_000usize, 10_000] {
        compile_and_call(
            &engine,
            &format!("{depth} nested blocks"),
            &nested_blocks(depth),
        )
        .unwrap();
    }
    // Deep nesting of loops and ifs, and of blocks in unreachable code.
    let depth = 4_000;
    let mut code = vec![0];
    for k in 0..depth {
        if k % 2 == 0 {
            code.extend([0x03, 0x40]); // loop
        } else {
            code.extend([0x41, 1, 0x04, 0x40]); // i32.const 1, if
        }
    }
    code.push(0x00); // unreachable
    for _ in 0..depth {
        code.extend([0x02, 0x40]); // dead blocks
    }
    code.extend(std::iter::repeat_n(0x0b, 2 * depth));
    code.push(0x0b);
    let e =
        compile_and_call(&engine, "nested loops and ifs", &one_function_module(&code)).unwrap_err();
    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::Unreachable));
    // Unbalanced nesting is an error with an offset.
    let mut code = vec![0];
    for _ in 0..10_000 {
        code.extend([0x02, 0x40]);
    }
    code.push(0x0b);
    assert!(!judge(
        &engine,
        "unclosed blocks",
        &one_function_module(&code)
    ));
}

/// Cranelift's optimiser takes time quadratic in the nesting depth, so
/// functions nested deeper than `MAX_OPTIMIZED_NESTING` compile without it
/// (at `OptLevel::Speed`, 100 000 nested blocks took about 20 s before).
#[test]
fn very_deep_nesting_compiles_in_bounded_time() {
    if !isolated("very_deep_nesting_compiles_in_bounded_time") {
        return;
    }
    let wasm = nested_blocks(100_000);
    for opt in [hoist::OptLevel::None, hoist::OptLevel::Speed] {
        let mut c = Config::new();
        c.cranelift_opt_level(opt);
        let engine = Engine::new(&c).unwrap();
        let t0 = std::time::Instant::now();
        compile_and_call(&engine, &format!("100 000 nested blocks at {opt:?}"), &wasm).unwrap();
        let took = t0.elapsed();
        assert!(took.as_secs() < 10, "{opt:?}: compiling took {took:?}");
    }
}

#[test]
fn huge_table_minimum_fails_instantiation_cleanly() {
    if !isolated("huge_table_minimum_fails_instantiation_cleanly") {
        return;
    }
    let engine = engine();
    // Valid (tables of up to 2^32-1 elements), but far too big to allocate.
    let module = Module::new(&engine, "(module (table 0xffffffff funcref))").unwrap();
    let mut store = Store::new(&engine, ());
    let e = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert!(!format!("{e:#}").is_empty());
    // The host API refuses the same size.
    let ty = hoist::TableType::new(hoist::ValType::FuncRef, u32::MAX, None);
    assert!(hoist::Table::new(&mut store, ty, Val::FuncRef(None)).is_err());
    // The store still works.
    let ok = Module::new(
        &engine,
        r#"(module (func (export "f") (result i32) i32.const 1))"#,
    )
    .unwrap();
    let i = Instance::new(&mut store, &ok, &[]).unwrap();
    let f = i.get_typed_func::<(), i32>(&mut store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), 1);
}

#[test]
fn largest_memories_instantiate_or_fail_cleanly() {
    if !isolated("largest_memories_instantiate_or_fail_cleanly") {
        return;
    }
    let engine = engine();
    // A full 4 GiB memory: reserved lazily, so it instantiates.
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") 65536)
            (func (export "last") (result i32) i32.const -1 i32.load8_u))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let m = i.get_memory(&mut store, "m").unwrap();
    assert_eq!(m.size(&store), 65536);
    let last = i.get_typed_func::<(), i32>(&mut store, "last").unwrap();
    assert_eq!(last.call(&mut store, ()).unwrap(), 0);
    // Many memories per instance, many instances: address space, not memory.
    let many = format!("(module {})", "(memory 1 1) ".repeat(100));
    let module = Module::new(&engine, &many).unwrap();
    for _ in 0..5 {
        Instance::new(&mut store, &module, &[]).unwrap();
    }
}

// ---- running off the end -------------------------------------------------------

/// Calls export `f` of `i` with `args`, expecting the trap `want`, then
/// checks that `ok` still returns 42.
fn traps_then_recovers(store: &mut Store<()>, i: Instance, f: &str, args: &[Val], want: Trap) {
    let func = i.get_func(&mut *store, f).unwrap();
    let mut out = vec![Val::I32(0); func.ty(&*store).results().len()];
    let e = func.call(&mut *store, args, &mut out).unwrap_err();
    assert_eq!(
        e.downcast_ref::<Trap>(),
        Some(&want),
        "`{f}{args:?}`: {e:#}"
    );
    let ok = i.get_typed_func::<(), i32>(&mut *store, "ok").unwrap();
    assert_eq!(ok.call(&mut *store, ()).unwrap(), 42, "after `{f}`");
}

#[test]
fn running_off_memory_traps_and_the_store_survives() {
    for (_, engine) in bounds_check_engines() {
        let module = Module::new(
            &engine,
            r#"(module
                (memory $a 1 2)
                (memory $b 0)
                (data $d "0123456789")
                (func (export "ok") (result i32) i32.const 42)
                (func (export "load") (param i32) (result i64) local.get 0 i64.load)
                (func (export "load_b") (param i32) (result i32) local.get 0 i32.load8_u $b)
                (func (export "store_off") (param i32) local.get 0 f64.const 1 f64.store offset=65530)
                (func (export "fill") (param i32 i32) local.get 0 i32.const 0 local.get 1 memory.fill)
                (func (export "copy_ab") (param i32 i32) local.get 0 local.get 1 i32.const 1 memory.copy $b $a)
                (func (export "init") (param i32 i32) local.get 0 local.get 1 i32.const 4 memory.init $d)
                (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))"#,
        )
        .unwrap();
        let mut store = Store::new(&engine, ());
        let i = Instance::new(&mut store, &module, &[]).unwrap();
        let s = &mut store;
        traps_then_recovers(s, i, "load", &[Val::I32(65529)], Trap::MemoryOutOfBounds);
        traps_then_recovers(s, i, "load", &[Val::I32(-8)], Trap::MemoryOutOfBounds);
        traps_then_recovers(s, i, "load_b", &[Val::I32(0)], Trap::MemoryOutOfBounds);
        traps_then_recovers(s, i, "store_off", &[Val::I32(0)], Trap::MemoryOutOfBounds);
        traps_then_recovers(
            s,
            i,
            "store_off",
            &[Val::I32(-65530)],
            Trap::MemoryOutOfBounds,
        );
        traps_then_recovers(
            s,
            i,
            "fill",
            &[Val::I32(1), Val::I32(-1)],
            Trap::MemoryOutOfBounds,
        );
        traps_then_recovers(
            s,
            i,
            "copy_ab",
            &[Val::I32(0), Val::I32(0)],
            Trap::MemoryOutOfBounds,
        );
        traps_then_recovers(
            s,
            i,
            "init",
            &[Val::I32(0), Val::I32(7)],
            Trap::MemoryOutOfBounds,
        );
        traps_then_recovers(
            s,
            i,
            "init",
            &[Val::I32(65534), Val::I32(0)],
            Trap::MemoryOutOfBounds,
        );
        // Zero-length operations at the very end are in bounds.
        let fill = i.get_typed_func::<(i32, i32), ()>(&mut *s, "fill").unwrap();
        fill.call(&mut *s, (65536, 0)).unwrap();
        traps_then_recovers(
            s,
            i,
            "fill",
            &[Val::I32(65537), Val::I32(0)],
            Trap::MemoryOutOfBounds,
        );
        // Growing to the maximum, then beyond it.
        let grow = i.get_typed_func::<i32, i32>(&mut *s, "grow").unwrap();
        assert_eq!(grow.call(&mut *s, 1).unwrap(), 1);
        assert_eq!(grow.call(&mut *s, 1).unwrap(), -1);
        assert_eq!(grow.call(&mut *s, i32::MAX).unwrap(), -1);
        let load = i.get_typed_func::<i32, i64>(&mut *s, "load").unwrap();
        assert_eq!(load.call(&mut *s, 131_064).unwrap(), 0);
        traps_then_recovers(s, i, "load", &[Val::I32(131_065)], Trap::MemoryOutOfBounds);
    }
}

#[test]
fn running_off_tables_traps_and_the_store_survives() {
    for (_, engine) in bounds_check_engines() {
        let module = Module::new(
            &engine,
            r#"(module
                (type $v (func (result i32)))
                (table $t 3 5 funcref)
                (table $u 1 externref)
                (elem $e func $ok)
                (func $ok (export "ok") (result i32) i32.const 42)
                (func (export "call") (param i32) (result i32) local.get 0 call_indirect $t (type $v))
                (func (export "get_u") (param i32) (result externref) local.get 0 table.get $u)
                (func (export "copy") (param i32 i32 i32)
                    local.get 0 local.get 1 local.get 2 table.copy $t $t)
                (func (export "init") (param i32 i32 i32)
                    local.get 0 local.get 1 local.get 2 table.init $t $e)
                (func (export "grow") (param i32) (result i32)
                    ref.null func local.get 0 table.grow $t))"#,
        )
        .unwrap();
        let mut store = Store::new(&engine, ());
        let i = Instance::new(&mut store, &module, &[]).unwrap();
        let s = &mut store;
        traps_then_recovers(s, i, "call", &[Val::I32(3)], Trap::TableOutOfBounds);
        traps_then_recovers(s, i, "call", &[Val::I32(-1)], Trap::TableOutOfBounds);
        traps_then_recovers(s, i, "call", &[Val::I32(0)], Trap::IndirectCallToNull);
        traps_then_recovers(s, i, "get_u", &[Val::I32(1)], Trap::TableOutOfBounds);
        let args = |a: i32, b: i32, c: i32| [Val::I32(a), Val::I32(b), Val::I32(c)];
        traps_then_recovers(s, i, "copy", &args(2, 0, 2), Trap::TableOutOfBounds);
        traps_then_recovers(s, i, "copy", &args(0, 1, -1), Trap::TableOutOfBounds);
        traps_then_recovers(s, i, "init", &args(0, 1, 1), Trap::TableOutOfBounds);
        traps_then_recovers(s, i, "init", &args(3, 0, 1), Trap::TableOutOfBounds);
        // In-bounds init, then the call through it works.
        let init = i
            .get_typed_func::<(i32, i32, i32), ()>(&mut *s, "init")
            .unwrap();
        init.call(&mut *s, (2, 0, 1)).unwrap();
        let call = i.get_typed_func::<i32, i32>(&mut *s, "call").unwrap();
        assert_eq!(call.call(&mut *s, 2).unwrap(), 42);
        let grow = i.get_typed_func::<i32, i32>(&mut *s, "grow").unwrap();
        assert_eq!(grow.call(&mut *s, 2).unwrap(), 3);
        assert_eq!(grow.call(&mut *s, 1).unwrap(), -1);
        traps_then_recovers(s, i, "call", &[Val::I32(5)], Trap::TableOutOfBounds);
        traps_then_recovers(s, i, "call", &[Val::I32(4)], Trap::IndirectCallToNull);
    }
}

#[test]
fn running_off_the_stack_traps_and_the_store_survives() {
    for (_, engine) in bounds_check_engines() {
        // Big frames (many live locals), recursion through a table, and
        // mutual recursion: all overflow, and each time the store recovers.
        let locals = "(local ".to_string() + &"i64 ".repeat(500) + ")";
        let sum: String = (0..500)
            .map(|k| format!("local.get {} i64.add ", k + 1))
            .collect();
        let wat = format!(
            r#"(module
                (type $r (func (param i64) (result i64)))
                (table 1 funcref)
                (elem (i32.const 0) func $via_table)
                (func (export "ok") (result i32) i32.const 42)
                (func $big (export "big") (param i64) (result i64) {locals}
                    local.get 0 i64.const 1 i64.add call $big {sum})
                (func $via_table (export "via_table") (param i64) (result i64)
                    local.get 0 i32.const 0 call_indirect (type $r))
                (func $ping (export "ping") (param i64) (result i64) local.get 0 call $pong)
                (func $pong (param i64) (result i64) local.get 0 call $ping i64.const 1 i64.add))"#
        );
        let module = Module::new(&engine, &wat).unwrap();
        let mut store = Store::new(&engine, ());
        let i = Instance::new(&mut store, &module, &[]).unwrap();
        for _ in 0..2 {
            for f in ["big", "via_table", "ping"] {
                traps_then_recovers(&mut store, i, f, &[Val::I64(0)], Trap::StackOverflow);
            }
        }
    }
}
