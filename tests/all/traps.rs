//! Every `Trap` kind that core WebAssembly can raise reaches the embedder as
//! that `hoist::Trap` (by downcast), with a `Display` that says what happened,
//! and leaves the store usable: each test calls a working export after the
//! trap. Every test runs under both `BoundsChecks::GuardPages` and
//! `BoundsChecks::Explicit`. Every kind (the component model's and the
//! canonical ABI's too, whose traps `component_hostile.rs` provokes) has a
//! wording of its own, and the older kinds keep theirs.

use hoist::{Config, Engine, Instance, Module, Store, Trap, Val};

use crate::support::bounds_check_engines as engines;

/// Instantiates `wat` (which must export `ok: [] -> i32` returning 42) in a
/// fresh store and runs `check` on it.
fn with_instance(wat: &str, check: impl Fn(&str, &mut Store<()>, Instance)) {
    for (name, engine) in engines() {
        let module = Module::new(&engine, wat).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        check(name, &mut store, instance);
        // The store still runs wasm after whatever `check` did.
        let ok = instance
            .get_typed_func::<(), i32>(&mut store, "ok")
            .unwrap();
        assert_eq!(
            ok.call(&mut store, ()).unwrap(),
            42,
            "[{name}] store unusable"
        );
    }
}

/// Calls export `f` with `args` through the dynamic API and returns the trap.
fn trap_of(store: &mut Store<()>, instance: Instance, f: &str, args: &[Val]) -> Trap {
    let func = instance
        .get_func(&mut *store, f)
        .unwrap_or_else(|| panic!("no export {f}"));
    let mut results = vec![Val::I32(0); func.ty(&*store).results().len()];
    let err = func
        .call(&mut *store, args, &mut results)
        .expect_err(&format!("`{f}` should trap"));
    *err.downcast_ref::<Trap>()
        .unwrap_or_else(|| panic!("`{f}` failed with a non-trap error: {err:#}"))
}

/// Asserts that calling `f(args)` traps with `want`, and that the error's
/// message contains `phrase`.
fn expect_trap(
    mode: &str,
    store: &mut Store<()>,
    instance: Instance,
    f: &str,
    args: &[Val],
    want: Trap,
) {
    let got = trap_of(store, instance, f, args);
    assert_eq!(got, want, "[{mode}] `{f}{args:?}`");
}

const OK: &str = r#"(func (export "ok") (result i32) i32.const 42)"#;

#[test]
fn unreachable_traps() {
    let wat = format!(
        r#"(module {OK}
            (func (export "f") unreachable)
            (func $deep (param i32) (result i32)
                local.get 0
                if (result i32)
                    local.get 0 i32.const 1 i32.sub call $deep
                else
                    unreachable
                end)
            (func (export "deep") (result i32) i32.const 50 call $deep))"#
    );
    with_instance(&wat, |m, s, i| {
        expect_trap(m, s, i, "f", &[], Trap::Unreachable);
        // A trap 50 frames down unwinds all of them.
        expect_trap(m, s, i, "deep", &[], Trap::Unreachable);
        // Through the typed path as well.
        let f = i.get_typed_func::<(), ()>(&mut *s, "f").unwrap();
        let e = f.call(&mut *s, ()).unwrap_err();
        assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::Unreachable));
    });
    assert!(Trap::Unreachable.to_string().contains("unreachable"));
}

#[test]
fn memory_out_of_bounds_traps() {
    let wat = format!(
        r#"(module {OK}
            (memory (export "mem") 1 3)
            (func (export "load32") (param i32) (result i32) local.get 0 i32.load)
            (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
            (func (export "load64_off") (param i32) (result i64)
                local.get 0 i64.load offset=0xfffffff0)
            (func (export "store16") (param i32) local.get 0 i32.const 7 i32.store16)
            (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
            (func (export "fill") (param i32 i32) local.get 0 i32.const 1 local.get 1 memory.fill)
            (func (export "copy") (param i32 i32 i32)
                local.get 0 local.get 1 local.get 2 memory.copy))"#
    );
    with_instance(&wat, |m, s, i| {
        let mem = i.get_memory(&mut *s, "mem").unwrap();
        mem.data_mut(&mut *s)[65535] = 0xab;
        let load8 = i.get_typed_func::<i32, i32>(&mut *s, "load8").unwrap();
        let load32 = i.get_typed_func::<i32, i32>(&mut *s, "load32").unwrap();
        // The last byte is in bounds; a 4-byte load straddling the end is not.
        assert_eq!(load8.call(&mut *s, 65535).unwrap(), 0xab, "[{m}]");
        assert_eq!(load32.call(&mut *s, 65532).unwrap(), 0xab00_0000u32 as i32);
        for addr in [65533, 65536, 1 << 20, -1, i32::MIN] {
            expect_trap(
                m,
                s,
                i,
                "load32",
                &[Val::I32(addr)],
                Trap::MemoryOutOfBounds,
            );
        }
        expect_trap(
            m,
            s,
            i,
            "load8",
            &[Val::I32(65536)],
            Trap::MemoryOutOfBounds,
        );
        expect_trap(
            m,
            s,
            i,
            "store16",
            &[Val::I32(65535)],
            Trap::MemoryOutOfBounds,
        );
        // A static offset beyond the guard region still traps.
        expect_trap(
            m,
            s,
            i,
            "load64_off",
            &[Val::I32(0)],
            Trap::MemoryOutOfBounds,
        );
        expect_trap(
            m,
            s,
            i,
            "load64_off",
            &[Val::I32(-1)],
            Trap::MemoryOutOfBounds,
        );
        // Bulk operations trap without writing anything.
        expect_trap(
            m,
            s,
            i,
            "fill",
            &[Val::I32(65000), Val::I32(1000)],
            Trap::MemoryOutOfBounds,
        );
        assert_eq!(mem.data(&*s)[65000], 0, "[{m}] a trapping fill wrote");
        expect_trap(
            m,
            s,
            i,
            "copy",
            &[Val::I32(0), Val::I32(65530), Val::I32(10)],
            Trap::MemoryOutOfBounds,
        );
        // After growing, the same address is in bounds.
        let grow = i.get_typed_func::<i32, i32>(&mut *s, "grow").unwrap();
        assert_eq!(grow.call(&mut *s, 1).unwrap(), 1);
        assert_eq!(load32.call(&mut *s, 65536).unwrap(), 0, "[{m}]");
        expect_trap(
            m,
            s,
            i,
            "load32",
            &[Val::I32(131_070)],
            Trap::MemoryOutOfBounds,
        );
        // Growing past the maximum fails with -1 rather than trapping.
        assert_eq!(grow.call(&mut *s, 2).unwrap(), -1);
        assert_eq!(mem.size(&*s), 2);
    });
    let msg = Trap::MemoryOutOfBounds.to_string();
    assert!(msg.contains("out of bounds memory"), "{msg}");
}

#[test]
fn table_out_of_bounds_traps() {
    let wat = format!(
        r#"(module {OK}
            (type $t (func (result i32)))
            (table $tab 2 10 funcref)
            (elem (table $tab) (i32.const 0) func $ok2)
            (func $ok2 (result i32) i32.const 2)
            (func (export "call") (param i32) (result i32)
                local.get 0 call_indirect (type $t))
            (func (export "get") (param i32) (result funcref) local.get 0 table.get $tab)
            (func (export "set") (param i32) local.get 0 ref.null func table.set $tab)
            (func (export "fill") (param i32 i32)
                local.get 0 ref.null func local.get 1 table.fill $tab)
            (func (export "init") (param i32)
                local.get 0 i32.const 0 i32.const 1 table.init $tab $e)
            (elem $e func $ok2))"#
    );
    with_instance(&wat, |m, s, i| {
        let call = i.get_typed_func::<i32, i32>(&mut *s, "call").unwrap();
        assert_eq!(call.call(&mut *s, 0).unwrap(), 2, "[{m}]");
        for idx in [2, 3, -1] {
            expect_trap(m, s, i, "call", &[Val::I32(idx)], Trap::TableOutOfBounds);
            expect_trap(m, s, i, "get", &[Val::I32(idx)], Trap::TableOutOfBounds);
            expect_trap(m, s, i, "set", &[Val::I32(idx)], Trap::TableOutOfBounds);
        }
        expect_trap(
            m,
            s,
            i,
            "fill",
            &[Val::I32(1), Val::I32(2)],
            Trap::TableOutOfBounds,
        );
        expect_trap(m, s, i, "init", &[Val::I32(2)], Trap::TableOutOfBounds);
        // The failed fill left element 1 alone and element 0 still works.
        assert_eq!(call.call(&mut *s, 0).unwrap(), 2);
    });
    let msg = Trap::TableOutOfBounds.to_string();
    assert!(msg.contains("out of bounds table"), "{msg}");
}

#[test]
fn indirect_call_to_null_traps() {
    let wat = format!(
        r#"(module {OK}
            (type $t (func (result i32)))
            (table 4 funcref)
            (elem (i32.const 1) func $two)
            (func $two (result i32) i32.const 2)
            (func (export "call") (param i32) (result i32)
                local.get 0 call_indirect (type $t))
            (func (export "clear") (param i32) local.get 0 ref.null func table.set 0))"#
    );
    with_instance(&wat, |m, s, i| {
        expect_trap(m, s, i, "call", &[Val::I32(0)], Trap::IndirectCallToNull);
        let call = i.get_typed_func::<i32, i32>(&mut *s, "call").unwrap();
        assert_eq!(call.call(&mut *s, 1).unwrap(), 2);
        // Clearing a filled slot makes it null too.
        let clear = i.get_typed_func::<i32, ()>(&mut *s, "clear").unwrap();
        clear.call(&mut *s, 1).unwrap();
        expect_trap(m, s, i, "call", &[Val::I32(1)], Trap::IndirectCallToNull);
    });
    let msg = Trap::IndirectCallToNull.to_string();
    assert!(msg.contains("null"), "{msg}");
}

#[test]
fn bad_signature_traps() {
    let wat = format!(
        r#"(module {OK}
            (type $r_i32 (func (result i32)))
            (type $p_i32 (func (param i32) (result i32)))
            (type $r_i64 (func (result i64)))
            (table 3 funcref)
            (elem (i32.const 0) func $a $b $c)
            (func $a (result i32) i32.const 1)
            (func $b (param i32) (result i32) local.get 0)
            (func $c (result i64) i64.const 3)
            (func (export "call") (param i32) (result i32)
                local.get 0 call_indirect (type $r_i32)))"#
    );
    with_instance(&wat, |m, s, i| {
        let call = i.get_typed_func::<i32, i32>(&mut *s, "call").unwrap();
        assert_eq!(call.call(&mut *s, 0).unwrap(), 1);
        expect_trap(m, s, i, "call", &[Val::I32(1)], Trap::BadSignature);
        expect_trap(m, s, i, "call", &[Val::I32(2)], Trap::BadSignature);
    });
    // Structurally equal types from different modules match: no trap.
    for (_, engine) in engines() {
        let callee = Module::new(
            &engine,
            r#"(module (table (export "t") 1 funcref) (elem (i32.const 0) func $f)
                (func $f (result i32) i32.const 9))"#,
        )
        .unwrap();
        let caller = Module::new(
            &engine,
            r#"(module (import "m" "t" (table 1 funcref)) (type $t (func (result i32)))
                (func (export "call") (result i32) i32.const 0 call_indirect (type $t)))"#,
        )
        .unwrap();
        let mut s = Store::new(&engine, ());
        let a = Instance::new(&mut s, &callee, &[]).unwrap();
        let t = a.get_table(&mut s, "t").unwrap();
        let b = Instance::new(&mut s, &caller, &[t.into()]).unwrap();
        let f = b.get_typed_func::<(), i32>(&mut s, "call").unwrap();
        assert_eq!(f.call(&mut s, ()).unwrap(), 9);
    }
    let msg = Trap::BadSignature.to_string();
    assert!(msg.contains("type mismatch"), "{msg}");
}

#[test]
fn integer_overflow_traps() {
    let wat = format!(
        r#"(module {OK}
            (func (export "div32") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
            (func (export "div64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.div_s)
            (func (export "rem32") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_s)
            (func (export "trunc32") (param f32) (result i32) local.get 0 i32.trunc_f32_s)
            (func (export "trunc64u") (param f64) (result i64) local.get 0 i64.trunc_f64_u))"#
    );
    with_instance(&wat, |m, s, i| {
        expect_trap(
            m,
            s,
            i,
            "div32",
            &[Val::I32(i32::MIN), Val::I32(-1)],
            Trap::IntegerOverflow,
        );
        expect_trap(
            m,
            s,
            i,
            "div64",
            &[Val::I64(i64::MIN), Val::I64(-1)],
            Trap::IntegerOverflow,
        );
        expect_trap(
            m,
            s,
            i,
            "trunc32",
            &[Val::from(3e9f32)],
            Trap::IntegerOverflow,
        );
        expect_trap(
            m,
            s,
            i,
            "trunc32",
            &[Val::from(f32::NEG_INFINITY)],
            Trap::IntegerOverflow,
        );
        expect_trap(
            m,
            s,
            i,
            "trunc64u",
            &[Val::from(-1.0f64)],
            Trap::IntegerOverflow,
        );
        // `rem_s` of the same operands is defined: 0.
        let rem = i
            .get_typed_func::<(i32, i32), i32>(&mut *s, "rem32")
            .unwrap();
        assert_eq!(rem.call(&mut *s, (i32::MIN, -1)).unwrap(), 0, "[{m}]");
        // Just inside the range converts.
        let t = i.get_typed_func::<f32, i32>(&mut *s, "trunc32").unwrap();
        assert_eq!(t.call(&mut *s, -2147483648.0).unwrap(), i32::MIN);
        let t = i.get_typed_func::<f64, i64>(&mut *s, "trunc64u").unwrap();
        assert_eq!(t.call(&mut *s, -0.9).unwrap(), 0);
    });
    let msg = Trap::IntegerOverflow.to_string();
    assert!(msg.contains("integer overflow"), "{msg}");
}

#[test]
fn integer_division_by_zero_traps() {
    let wat = format!(
        r#"(module {OK}
            (func (export "div_u") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_u)
            (func (export "div_s") (param i64 i64) (result i64) local.get 0 local.get 1 i64.div_s)
            (func (export "rem_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_s)
            (func (export "rem_u") (param i64 i64) (result i64) local.get 0 local.get 1 i64.rem_u))"#
    );
    with_instance(&wat, |m, s, i| {
        expect_trap(
            m,
            s,
            i,
            "div_u",
            &[Val::I32(1), Val::I32(0)],
            Trap::IntegerDivisionByZero,
        );
        expect_trap(
            m,
            s,
            i,
            "div_s",
            &[Val::I64(-1), Val::I64(0)],
            Trap::IntegerDivisionByZero,
        );
        expect_trap(
            m,
            s,
            i,
            "rem_s",
            &[Val::I32(i32::MIN), Val::I32(0)],
            Trap::IntegerDivisionByZero,
        );
        expect_trap(
            m,
            s,
            i,
            "rem_u",
            &[Val::I64(0), Val::I64(0)],
            Trap::IntegerDivisionByZero,
        );
        let div = i
            .get_typed_func::<(i32, i32), i32>(&mut *s, "div_u")
            .unwrap();
        assert_eq!(div.call(&mut *s, (-1, 2)).unwrap(), i32::MAX, "[{m}]");
    });
    let msg = Trap::IntegerDivisionByZero.to_string();
    assert!(msg.contains("divide by zero"), "{msg}");
}

#[test]
fn bad_conversion_to_integer_traps() {
    let wat = format!(
        r#"(module {OK}
            (func (export "i32_f32") (param f32) (result i32) local.get 0 i32.trunc_f32_u)
            (func (export "i64_f64") (param f64) (result i64) local.get 0 i64.trunc_f64_s)
            (func (export "sat") (param f32) (result i32) local.get 0 i32.trunc_sat_f32_s))"#
    );
    with_instance(&wat, |m, s, i| {
        expect_trap(
            m,
            s,
            i,
            "i32_f32",
            &[Val::from(f32::NAN)],
            Trap::BadConversionToInteger,
        );
        expect_trap(
            m,
            s,
            i,
            "i64_f64",
            &[Val::from(f64::NAN)],
            Trap::BadConversionToInteger,
        );
        // A NaN with a payload and the sign bit set is still a NaN.
        expect_trap(
            m,
            s,
            i,
            "i64_f64",
            &[Val::F64(0xfff0_0000_dead_beef)],
            Trap::BadConversionToInteger,
        );
        // The saturating form does not trap: NaN becomes 0.
        let sat = i.get_typed_func::<f32, i32>(&mut *s, "sat").unwrap();
        assert_eq!(sat.call(&mut *s, f32::NAN).unwrap(), 0, "[{m}]");
        assert_eq!(sat.call(&mut *s, 1e20).unwrap(), i32::MAX);
    });
    let msg = Trap::BadConversionToInteger.to_string();
    assert!(msg.contains("invalid conversion to integer"), "{msg}");
}

#[test]
fn stack_overflow_traps_and_recovers() {
    let wat = format!(
        r#"(module {OK}
            (func $forever (export "forever") call $forever)
            (func $fat (export "fat") (param i64) (result i64)
                (local i64 i64 i64 i64 i64 i64 i64 i64)
                local.get 0 call $fat local.get 1 i64.add)
            (func $count (export "count") (param i32) (result i32)
                local.get 0
                if (result i32)
                    local.get 0 i32.const 1 i32.sub call $count i32.const 1 i32.add
                else
                    i32.const 0
                end))"#
    );
    with_instance(&wat, |m, s, i| {
        expect_trap(m, s, i, "forever", &[], Trap::StackOverflow);
        // A normal call succeeds, recursing deeply but within the limit…
        let count = i.get_typed_func::<i32, i32>(&mut *s, "count").unwrap();
        assert_eq!(count.call(&mut *s, 1000).unwrap(), 1000, "[{m}]");
        // …and then the overflow traps again, the same way, repeatedly.
        for _ in 0..3 {
            expect_trap(m, s, i, "forever", &[], Trap::StackOverflow);
            expect_trap(m, s, i, "fat", &[Val::I64(1)], Trap::StackOverflow);
            assert_eq!(count.call(&mut *s, 10).unwrap(), 10);
        }
        // Typed calls get the same trap.
        let f = i.get_typed_func::<(), ()>(&mut *s, "forever").unwrap();
        let e = f.call(&mut *s, ()).unwrap_err();
        assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::StackOverflow));
    });
    let msg = Trap::StackOverflow.to_string();
    assert!(msg.contains("stack"), "{msg}");
}

#[test]
fn a_smaller_stack_limit_overflows_sooner() {
    let wat = r#"(module
        (func $count (export "count") (param i32) (result i32)
            local.get 0
            if (result i32)
                local.get 0 i32.const 1 i32.sub call $count i32.const 1 i32.add
            else
                i32.const 0
            end))"#;
    let mut small = Config::new();
    small.max_wasm_stack(16 * 1024);
    let engine = Engine::new(&small).unwrap();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let count = i.get_typed_func::<i32, i32>(&mut store, "count").unwrap();
    assert_eq!(count.call(&mut store, 10).unwrap(), 10);
    // 5000 frames do not fit in 16 KiB, but fit in the default 512 KiB.
    let e = count.call(&mut store, 5000).unwrap_err();
    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::StackOverflow));
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let count = i.get_typed_func::<i32, i32>(&mut store, "count").unwrap();
    assert_eq!(count.call(&mut store, 5000).unwrap(), 5000);
}

#[test]
fn traps_in_start_and_segments_fail_instantiation() {
    for (m, engine) in engines() {
        let mut store = Store::new(&engine, ());
        let start = Module::new(&engine, r#"(module (func $s unreachable) (start $s))"#).unwrap();
        let e = Instance::new(&mut store, &start, &[]).unwrap_err();
        assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::Unreachable), "[{m}]");

        let data = Module::new(
            &engine,
            r#"(module (memory 1) (data (i32.const 65535) "ab"))"#,
        )
        .unwrap();
        let e = Instance::new(&mut store, &data, &[]).unwrap_err();
        assert_eq!(
            e.downcast_ref::<Trap>(),
            Some(&Trap::MemoryOutOfBounds),
            "[{m}]"
        );

        let elem = Module::new(
            &engine,
            r#"(module (table 1 funcref) (func $f) (elem (i32.const 1) func $f))"#,
        )
        .unwrap();
        let e = Instance::new(&mut store, &elem, &[]).unwrap_err();
        assert_eq!(
            e.downcast_ref::<Trap>(),
            Some(&Trap::TableOutOfBounds),
            "[{m}]"
        );

        // The store still instantiates and runs modules.
        let ok = Module::new(&engine, format!("(module {OK})")).unwrap();
        let i = Instance::new(&mut store, &ok, &[]).unwrap();
        let f = i.get_typed_func::<(), i32>(&mut store, "ok").unwrap();
        assert_eq!(f.call(&mut store, ()).unwrap(), 42);
    }
}

/// Every kind, core and component, the canonical ABI's included.
const ALL: [Trap; 22] = [
    Trap::Unreachable,
    Trap::MemoryOutOfBounds,
    Trap::TableOutOfBounds,
    Trap::IndirectCallToNull,
    Trap::BadSignature,
    Trap::IntegerOverflow,
    Trap::IntegerDivisionByZero,
    Trap::BadConversionToInteger,
    Trap::StackOverflow,
    Trap::NullReference,
    Trap::CannotEnterComponent,
    Trap::CannotLeaveComponent,
    Trap::InvalidCanonicalValue,
    Trap::OutOfFuel,
    Trap::Interrupt,
    Trap::UnalignedPointer,
    Trap::PointerOutOfBounds,
    Trap::InvalidUtf8,
    Trap::InvalidUtf16,
    Trap::InvalidDiscriminant,
    Trap::InvalidChar,
    Trap::InvalidHandle,
];

/// The wording of each kind that existed before the canonical ABI's got
/// their own is part of the interface (embedders and scripts match on it):
/// it stays as it was.
#[test]
fn the_wording_of_older_kinds_is_stable() {
    let wordings = [
        (
            Trap::Unreachable,
            "wasm trap: `unreachable` instruction executed",
        ),
        (
            Trap::MemoryOutOfBounds,
            "wasm trap: out of bounds memory access",
        ),
        (
            Trap::TableOutOfBounds,
            "wasm trap: out of bounds table access (undefined element)",
        ),
        (
            Trap::IndirectCallToNull,
            "wasm trap: indirect call to a null table entry (uninitialized element)",
        ),
        (Trap::BadSignature, "wasm trap: indirect call type mismatch"),
        (Trap::IntegerOverflow, "wasm trap: integer overflow"),
        (
            Trap::IntegerDivisionByZero,
            "wasm trap: integer divide by zero",
        ),
        (
            Trap::BadConversionToInteger,
            "wasm trap: invalid conversion to integer",
        ),
        (Trap::StackOverflow, "wasm trap: call stack exhausted"),
        (Trap::NullReference, "wasm trap: null reference"),
        (
            Trap::CannotEnterComponent,
            "wasm trap: cannot enter component instance",
        ),
        (
            Trap::CannotLeaveComponent,
            "wasm trap: cannot leave component instance",
        ),
        (
            Trap::InvalidCanonicalValue,
            "wasm trap: invalid value in the canonical ABI",
        ),
        (
            Trap::OutOfFuel,
            "wasm trap: all fuel consumed by WebAssembly",
        ),
        (
            Trap::Interrupt,
            "wasm trap: interrupt (the epoch deadline was reached)",
        ),
    ];
    for (trap, want) in wordings {
        assert_eq!(trap.to_string(), want, "{trap:?}");
    }
}

#[test]
fn every_trap_message_is_distinct_and_prefixed() {
    let all = ALL;
    let msgs: Vec<String> = all.iter().map(|t| t.to_string()).collect();
    for (t, m) in all.iter().zip(&msgs) {
        assert!(m.starts_with("wasm trap: "), "{t:?}: {m}");
        assert_eq!(
            msgs.iter().filter(|x| *x == m).count(),
            1,
            "{t:?}: {m} is not unique"
        );
    }
}
