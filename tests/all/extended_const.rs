//! Extended constant expressions (`i32`/`i64` `add`, `sub`, `mul` in
//! constant expressions, on by default): globals initialised by them wrap
//! as the operators do; expressions reading imported globals take each
//! instance's import; data and element segments land at computed offsets,
//! whether known at compile time (memory images) or only per instance;
//! computed offsets out of bounds trap at instantiation; long expressions
//! evaluate without trouble; `Config::wasm_extended_const(false)` refuses
//! them; and `tests/wast/extended-const.wast` passes in the `hoist wast`
//! runner with the engine's default features.

use hoist::{
    Config, Engine, Global, GlobalType, Instance, Module, Mutability, Store, Trap, Val, ValType,
};
use hoist_cli::wast::Runner;
use std::path::Path;

/// A module built from WebAssembly text with `wat`.
fn module(engine: &Engine, text: &str) -> Module {
    let wasm = wat::parse_str(text).unwrap();
    Module::new(engine, wasm).unwrap()
}

/// An immutable global holding `value`.
fn global(store: &mut Store<()>, value: Val) -> Global {
    let ty = match value {
        Val::I64(_) => ValType::I64,
        _ => ValType::I32,
    };
    Global::new(store, GlobalType::new(ty, Mutability::Const), value).unwrap()
}

/// The value of the exported global `name`.
fn get(store: &mut Store<()>, instance: &Instance, name: &str) -> Val {
    instance.get_global(&mut *store, name).unwrap().get(store)
}

// ---- Globals ------------------------------------------------------------------

#[test]
fn globals_are_initialised_by_wrapping_arithmetic() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
            (global (export "add") i32 (i32.add (i32.const 40) (i32.const 2)))
            (global (export "sub") i32 (i32.sub (i32.const 1) (i32.const 3)))
            (global (export "mul") i32 (i32.mul (i32.const -6) (i32.const 7)))
            (global (export "add_wraps") i32 (i32.add (i32.const 0x7fffffff) (i32.const 1)))
            (global (export "mul_wraps") i32 (i32.mul (i32.const 0x10000) (i32.const 0x10001)))
            (global (export "mul_big") i32 (i32.mul (i32.const 0x7fffffff) (i32.const 0x7fffffff)))
            (global (export "nested") i32
                (i32.add (i32.sub (i32.mul (i32.const 20) (i32.const 2)) (i32.const 2)) (i32.const 4)))
            ;; The flat form toolchains emit.
            (global (export "flat") i32 i32.const 10 i32.const 3 i32.sub i32.const 5 i32.mul)
            (global (export "add64") i64 (i64.add (i64.const 0x100000000) (i64.const 1)))
            (global (export "sub64") i64 (i64.sub (i64.const 3) (i64.const 10)))
            (global (export "sub64_wraps") i64
                (i64.sub (i64.const 0x8000000000000000) (i64.const 1)))
            (global (export "mul64") i64 (i64.mul (i64.const -3) (i64.const 7)))
            (global (export "mul64_wraps") i64
                (i64.mul (i64.const 0x100000000) (i64.const 0x100000001)))
            (global (export "nested64") i64
                (i64.add (i64.mul (i64.const 6) (i64.const 7)) (i64.sub (i64.const 0) (i64.const 2)))))"#,
    );
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &m, &[]).unwrap();
    let i32s = [
        ("add", 42),
        ("sub", -2),
        ("mul", -42),
        ("add_wraps", i32::MIN),
        ("mul_wraps", 0x10000),
        ("mul_big", 1),
        ("nested", 42),
        ("flat", 35),
    ];
    for (name, want) in i32s {
        assert_eq!(get(&mut store, &i, name).i32(), Some(want), "{name}");
    }
    let i64s = [
        ("add64", 0x1_0000_0001),
        ("sub64", -7),
        ("sub64_wraps", i64::MAX),
        ("mul64", -21),
        ("mul64_wraps", 0x1_0000_0000),
        ("nested64", 40),
    ];
    for (name, want) in i64s {
        assert_eq!(get(&mut store, &i, name).i64(), Some(want), "{name}");
    }
}

#[test]
fn expressions_reading_imported_globals_take_each_instances_import() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
            (import "env" "base" (global $base i32))
            (import "env" "base64" (global $base64 i64))
            (global (export "plus16") i32 (i32.add (global.get $base) (i32.const 16)))
            (global (export "square") i32 (i32.mul (global.get $base) (global.get $base)))
            (global (export "minus100") i64 (i64.sub (global.get $base64) (i64.const 100)))
            (global (export "flat") i32
                global.get $base i32.const 3 i32.mul global.get $base i32.sub))"#,
    );
    let mut store = Store::new(&engine, ());
    for (base, base64) in [(1024, 50i64), (-20, i64::MIN), (0x10000, 7)] {
        let b = global(&mut store, Val::I32(base));
        let b64 = global(&mut store, Val::I64(base64));
        let i = Instance::new(&mut store, &m, &[b.into(), b64.into()]).unwrap();
        assert_eq!(get(&mut store, &i, "plus16").i32(), Some(base + 16));
        assert_eq!(
            get(&mut store, &i, "square").i32(),
            Some(base.wrapping_mul(base))
        );
        assert_eq!(
            get(&mut store, &i, "minus100").i64(),
            Some(base64.wrapping_sub(100))
        );
        assert_eq!(get(&mut store, &i, "flat").i32(), Some(2 * base));
    }
}

#[test]
fn long_expressions_evaluate() {
    // 10,000 constants summed by 9,999 additions, flat: a deep stack.
    let n = 10_000;
    let mut init = String::new();
    for k in 1..=n {
        init.push_str(&format!("i32.const {k} "));
    }
    init.push_str(&"i32.add ".repeat(n - 1));
    let text = format!(r#"(module (global (export "sum") i32 {init}))"#);
    let engine = Engine::default();
    let m = module(&engine, &text);
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &m, &[]).unwrap();
    assert_eq!(get(&mut store, &i, "sum").i32(), Some(50_005_000));
}

// ---- Segments -----------------------------------------------------------------

#[test]
fn data_segments_land_at_offsets_computed_from_an_imported_base() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
            (import "env" "__memory_base" (global $base i32))
            (memory (export "mem") 1)
            (data (offset global.get $base i32.const 16 i32.add) "hello")
            (data (offset (i32.mul (global.get $base) (i32.const 2))) "xy"))"#,
    );
    let mut store = Store::new(&engine, ());
    // The same module twice: the offsets are not baked into the module.
    for base in [1024, 4000] {
        let b = global(&mut store, Val::I32(base));
        let i = Instance::new(&mut store, &m, &[b.into()]).unwrap();
        let mem = i.get_memory(&mut store, "mem").unwrap();
        let data = mem.data(&store);
        let at = base as usize + 16;
        assert_eq!(&data[at..at + 5], b"hello", "base {base}");
        assert_eq!(&data[2 * base as usize..][..2], b"xy", "base {base}");
        let written = data.iter().filter(|b| **b != 0).count();
        assert_eq!(written, 7, "base {base}: bytes written elsewhere");
    }
}

#[test]
fn data_segments_land_at_static_computed_offsets() {
    // No global read: the offsets are known at compile time, so the module
    // gets memory images. A second module mixes in an import-dependent
    // offset, so its segments are copied one by one, in order.
    let engine = Engine::default();
    let images = module(
        &engine,
        r#"(module
            (memory (export "mem") 1)
            (data (offset (i32.mul (i32.const 100) (i32.const 4))) "abc")
            (data (offset (i32.sub (i32.const 0x10000) (i32.const 2))) "yz")
            (data (offset (i32.add (i32.const 401) (i32.const 0))) "B"))"#,
    );
    let mixed = module(
        &engine,
        r#"(module
            (import "env" "base" (global $base i32))
            (memory (export "mem") 1)
            (data (offset (i32.mul (i32.const 100) (i32.const 4))) "abc")
            (data (offset (i32.add (global.get $base) (i32.const 1))) "B"))"#,
    );
    let mut store = Store::new(&engine, ());
    for _ in 0..2 {
        let i = Instance::new(&mut store, &images, &[]).unwrap();
        let mem = i.get_memory(&mut store, "mem").unwrap();
        assert_eq!(&mem.data(&store)[400..403], b"aBc");
        assert_eq!(&mem.data(&store)[65534..], b"yz");
        // Each instance has its own copy of the image.
        mem.data_mut(&mut store)[400] = b'!';
    }
    let b = global(&mut store, Val::I32(400));
    let i = Instance::new(&mut store, &mixed, &[b.into()]).unwrap();
    let mem = i.get_memory(&mut store, "mem").unwrap();
    assert_eq!(&mem.data(&store)[400..403], b"aBc");
}

#[test]
fn element_segments_land_at_offsets_computed_from_an_imported_base() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
            (import "env" "__table_base" (global $tb i32))
            (type $t (func (result i32)))
            (table (export "t") 8 funcref)
            (func $f42 (type $t) i32.const 42)
            (func $f7 (type $t) i32.const 7)
            (func $f9 (type $t) i32.const 9)
            (elem (offset global.get $tb i32.const 2 i32.add) func $f42 $f7)
            ;; Element expressions, at a static computed offset.
            (elem (table 0) (offset (i32.mul (i32.const 3) (i32.const 2))) funcref
                (item ref.func $f9) (item ref.null func))
            (func (export "call") (param i32) (result i32)
                local.get 0 call_indirect (type $t)))"#,
    );
    let mut store = Store::new(&engine, ());
    for tb in [0, 1] {
        let g = global(&mut store, Val::I32(tb));
        let i = Instance::new(&mut store, &m, &[g.into()]).unwrap();
        let call = i.get_typed_func::<i32, i32>(&mut store, "call").unwrap();
        assert_eq!(call.call(&mut store, tb + 2).unwrap(), 42, "base {tb}");
        assert_eq!(call.call(&mut store, tb + 3).unwrap(), 7, "base {tb}");
        assert_eq!(call.call(&mut store, 6).unwrap(), 9, "base {tb}");
        for empty in [tb + 1, 7] {
            let e = call.call(&mut store, empty).unwrap_err();
            assert!(e.downcast_ref::<Trap>().is_some(), "base {tb}: {e}");
        }
    }
}

#[test]
fn computed_offsets_out_of_bounds_trap_at_instantiation() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    // An import-dependent offset past the end of memory.
    let data = module(
        &engine,
        r#"(module
            (import "env" "base" (global $base i32))
            (memory 1)
            (data (offset global.get $base i32.const 16 i32.add) "hello"))"#,
    );
    let b = global(&mut store, Val::I32(65536 - 20));
    let e = Instance::new(&mut store, &data, &[b.into()]).unwrap_err();
    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
    assert!(e.to_string().contains("out of bounds memory access"), "{e}");
    // A base that makes the offset wrap round to a small number is fine.
    let b = global(&mut store, Val::I32(-16));
    let i = Instance::new(&mut store, &data, &[b.into()]);
    assert!(i.is_ok(), "offset -16 + 16 = 0 was refused");

    // A static offset that wraps to 0xffff_ffff: no memory image, a trap.
    let wrapped = module(
        &engine,
        r#"(module (memory 1) (data (i32.sub (i32.const 0) (i32.const 1)) "a"))"#,
    );
    let e = Instance::new(&mut store, &wrapped, &[]).unwrap_err();
    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));

    // A table offset past the end.
    let elem = module(
        &engine,
        r#"(module
            (import "env" "base" (global $tb i32))
            (table 4 funcref)
            (func $f)
            (elem (offset (i32.add (global.get $tb) (i32.const 2))) func $f $f))"#,
    );
    let tb = global(&mut store, Val::I32(2));
    let e = Instance::new(&mut store, &elem, &[tb.into()]).unwrap_err();
    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::TableOutOfBounds));
    assert!(e.to_string().contains("out of bounds table access"), "{e}");
    let tb = global(&mut store, Val::I32(0));
    assert!(Instance::new(&mut store, &elem, &[tb.into()]).is_ok());
}

// ---- Configuration -------------------------------------------------------------

#[test]
fn extended_const_can_be_turned_off() {
    let wasm = wat::parse_str(
        r#"(module
            (import "env" "__memory_base" (global $base i32))
            (memory 1)
            (data (offset global.get $base i32.const 16 i32.add) "hello"))"#,
    )
    .unwrap();
    let plain = wat::parse_str(r#"(module (global i32 (i32.const 1)))"#).unwrap();
    assert!(Module::new(&Engine::default(), &wasm).is_ok());
    let mut config = Config::new();
    config.wasm_extended_const(false);
    let engine = Engine::new(&config).unwrap();
    let e = Module::new(&engine, &wasm).unwrap_err();
    let msg = format!("{e:#}");
    assert!(msg.contains("constant expression required"), "{msg}");
    // Single-operator expressions are still accepted.
    assert!(Module::new(&engine, &plain).is_ok());
    // Turned back on, the module compiles again.
    config.wasm_extended_const(true);
    let engine = Engine::new(&config).unwrap();
    assert!(Module::new(&engine, &wasm).is_ok());
}

// ---- Script ---------------------------------------------------------------------

#[test]
fn extended_const_script_passes_in_the_wast_runner() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wast/extended-const.wast");
    let runner = Runner::new(&Config::new()).unwrap();
    let report = runner.run_file(&path);
    assert_eq!(report.file_skipped, None, "{report}");
    assert!(report.failures.is_empty(), "{report}");
    assert!(report.skipped.is_empty(), "{report}");
    assert!(report.passed >= 40, "too few directives ran: {report}");
}
