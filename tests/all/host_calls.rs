//! Calls across the host/wasm boundary: host errors come back to the caller as
//! the very error the host returned, host panics resume as panics in the
//! caller, calls nest (host → wasm → host → wasm, also into another store),
//! host functions see the calling instance's exports through `Caller`,
//! dynamic (`Func::new`) and typed host functions work, multiple results cross
//! in both directions, and type mismatches (typed views, imports) fail with
//! messages that name what is wrong.

use hoist::{
    Caller, Engine, Extern, Func, FuncType, Instance, Linker, Module, Store, Trap, Val, ValType,
};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A host error type that callers can recognise by downcasting.
#[derive(Debug, PartialEq, Eq)]
struct HostFailure {
    code: u32,
}

impl std::fmt::Display for HostFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "host failure {}", self.code)
    }
}

impl std::error::Error for HostFailure {}

/// A module importing `host::f: [i32] -> i32`, calling it directly and
/// through two wasm frames, plus a working `ok` export.
const CALLS_HOST: &str = r#"(module
    (import "host" "f" (func $f (param i32) (result i32)))
    (func (export "direct") (param i32) (result i32) local.get 0 call $f)
    (func $mid (param i32) (result i32) local.get 0 call $f i32.const 1 i32.add)
    (func (export "nested") (param i32) (result i32) local.get 0 call $mid i32.const 1 i32.add)
    (func (export "ok") (result i32) i32.const 42))"#;

fn instantiate_with_f(
    engine: &Engine,
    f: impl Fn(Caller<'_, ()>, i32) -> anyhow::Result<i32> + Send + Sync + 'static,
) -> (Store<()>, Instance) {
    let module = Module::new(engine, CALLS_HOST).unwrap();
    let mut linker = Linker::new(engine);
    linker.func_wrap("host", "f", f).unwrap();
    let mut store = Store::new(engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

#[test]
fn host_error_reaches_the_caller_as_the_same_error() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate_with_f(&engine, |_, x| {
        if x < 0 {
            Err(anyhow::Error::new(HostFailure {
                code: x.unsigned_abs(),
            }))
        } else {
            Ok(x * 2)
        }
    });
    for export in ["direct", "nested"] {
        let f = instance
            .get_typed_func::<i32, i32>(&mut store, export)
            .unwrap();
        let err = f.call(&mut store, -7).unwrap_err();
        assert_eq!(
            err.downcast_ref::<HostFailure>(),
            Some(&HostFailure { code: 7 }),
            "{export}: got {err:#}"
        );
        assert!(
            err.downcast_ref::<Trap>().is_none(),
            "a host error is not a trap"
        );
        // The dynamic path returns it too.
        let func = instance.get_func(&mut store, export).unwrap();
        let mut out = [Val::I32(0)];
        let err = func
            .call(&mut store, &[Val::I32(-9)], &mut out)
            .unwrap_err();
        assert_eq!(
            err.downcast_ref::<HostFailure>(),
            Some(&HostFailure { code: 9 })
        );
        // The store keeps working.
        assert_eq!(
            f.call(&mut store, 5).unwrap(),
            if export == "direct" { 10 } else { 12 }
        );
    }
}

#[test]
fn host_error_with_context_keeps_its_chain() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate_with_f(&engine, |_, _| {
        Err(anyhow::Error::new(HostFailure { code: 3 }).context("while doing host work"))
    });
    let f = instance
        .get_typed_func::<i32, i32>(&mut store, "nested")
        .unwrap();
    let err = f.call(&mut store, 1).unwrap_err();
    assert_eq!(err.to_string(), "while doing host work");
    assert_eq!(err.root_cause().to_string(), "host failure 3");
    assert_eq!(
        err.downcast_ref::<HostFailure>(),
        Some(&HostFailure { code: 3 })
    );
}

#[test]
fn host_panic_resumes_in_the_caller_and_the_store_survives() {
    let engine = Engine::default();
    let (mut store, instance) = instantiate_with_f(&engine, |_, x| {
        if x == 13 {
            panic!("host function saw {x}");
        }
        Ok(x + 100)
    });
    let nested = instance
        .get_typed_func::<i32, i32>(&mut store, "nested")
        .unwrap();
    for round in 0..3 {
        let r = catch_unwind(AssertUnwindSafe(|| nested.call(&mut store, 13)));
        let payload = r.expect_err("the panic must resume in the caller");
        let msg = payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        assert_eq!(msg, "host function saw 13", "round {round}");
        // The same store still runs wasm and host code.
        assert_eq!(nested.call(&mut store, 1).unwrap(), 103);
        let ok = instance
            .get_typed_func::<(), i32>(&mut store, "ok")
            .unwrap();
        assert_eq!(ok.call(&mut store, ()).unwrap(), 42);
    }
    // Through the dynamic call path as well.
    let direct = instance.get_func(&mut store, "direct").unwrap();
    let r = catch_unwind(AssertUnwindSafe(|| {
        let mut out = [Val::I32(0)];
        direct.call(&mut store, &[Val::I32(13)], &mut out)
    }));
    assert!(r.is_err());
    let mut out = [Val::I32(0)];
    direct.call(&mut store, &[Val::I32(2)], &mut out).unwrap();
    assert_eq!(out[0].i32(), Some(102));
}

#[test]
fn panic_in_a_dynamic_host_function_resumes() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let ty = FuncType::new([], []);
    let f = Func::new(&mut store, ty, |_, _, _| panic!("dynamic boom"));
    let module = Module::new(
        &engine,
        r#"(module (import "" "f" (func $f)) (func (export "run") call $f))"#,
    )
    .unwrap();
    let i = Instance::new(&mut store, &module, &[f.into()]).unwrap();
    let run = i.get_typed_func::<(), ()>(&mut store, "run").unwrap();
    let payload = catch_unwind(AssertUnwindSafe(|| run.call(&mut store, ()))).unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"dynamic boom"));
}

#[test]
fn nested_host_and_wasm_calls() {
    // wasm `down(n)` calls host `h(n)`, which calls wasm `down(n - 1)` through
    // the caller's exports, until n reaches 0: 2n+1 alternating frames.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "h" (func $h (param i32) (result i32)))
            (global $depth (export "depth") (mut i32) (i32.const 0))
            (func (export "down") (param i32) (result i32)
                global.get $depth i32.const 1 i32.add global.set $depth
                local.get 0 i32.eqz
                if (result i32) i32.const 1000
                else local.get 0 call $h i32.const 1 i32.add
                end))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "h", |mut caller: Caller<'_, Vec<i32>>, n: i32| {
            caller.data_mut().push(n);
            let down = caller
                .get_export("down")
                .and_then(Extern::into_func)
                .expect("down is exported");
            let down = down.typed::<i32, i32>(&caller)?;
            Ok(down.call(&mut caller, n - 1)? * 2)
        })
        .unwrap();
    let mut store = Store::new(&engine, Vec::new());
    let i = linker.instantiate(&mut store, &module).unwrap();
    let down = i.get_typed_func::<i32, i32>(&mut store, "down").unwrap();
    // f(0) = 1000, f(n) = 2 f(n-1) + 1.
    let mut want = 1000;
    for _ in 0..5 {
        want = want * 2 + 1;
    }
    assert_eq!(down.call(&mut store, 5).unwrap(), want);
    assert_eq!(store.data(), &[5, 4, 3, 2, 1]);
    let depth = i.get_global(&mut store, "depth").unwrap();
    assert_eq!(depth.get(&mut store).i32(), Some(6));
}

#[test]
fn a_trap_in_inner_wasm_can_be_handled_by_the_host() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "try" (func $try (param i32) (result i32)))
            (func (export "inner") (param i32) (result i32)
                local.get 0 i32.eqz if unreachable end
                i32.const 100 local.get 0 i32.div_u)
            (func (export "outer") (param i32) (result i32)
                local.get 0 call $try i32.const 1 i32.add))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "try",
            |mut caller: Caller<'_, Vec<String>>, x: i32| {
                let inner = caller
                    .get_export("inner")
                    .and_then(Extern::into_func)
                    .unwrap();
                let inner = inner.typed::<i32, i32>(&caller)?;
                match inner.call(&mut caller, x) {
                    Ok(v) => Ok(v),
                    Err(e) if x == 0 => {
                        // Swallow the trap and return a value instead.
                        caller.data_mut().push(e.to_string());
                        Ok(-1)
                    }
                    // Propagate it: the outer caller sees the original trap.
                    Err(e) => Err(e),
                }
            },
        )
        .unwrap();
    let mut store = Store::new(&engine, Vec::new());
    let i = linker.instantiate(&mut store, &module).unwrap();
    let outer = i.get_typed_func::<i32, i32>(&mut store, "outer").unwrap();
    assert_eq!(outer.call(&mut store, 0).unwrap(), 0);
    assert_eq!(store.data().len(), 1);
    assert!(
        store.data()[0].contains("unreachable"),
        "{:?}",
        store.data()
    );
    assert_eq!(outer.call(&mut store, 4).unwrap(), 26);
    // Called directly, the same function traps.
    let inner = i.get_typed_func::<i32, i32>(&mut store, "inner").unwrap();
    let e = inner.call(&mut store, 0).unwrap_err();
    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::Unreachable));
}

#[test]
fn a_trap_in_inner_wasm_propagates_through_the_host() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "call_back" (func $cb))
            (func (export "boom") unreachable)
            (func (export "outer") (result i32) call $cb i32.const 5))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "call_back", |mut caller: Caller<'_, ()>| {
            let boom = caller
                .get_export("boom")
                .and_then(Extern::into_func)
                .unwrap();
            boom.typed::<(), ()>(&caller)?.call(&mut caller, ())
        })
        .unwrap();
    let mut store = Store::new(&engine, ());
    let i = linker.instantiate(&mut store, &module).unwrap();
    let outer = i.get_typed_func::<(), i32>(&mut store, "outer").unwrap();
    for _ in 0..3 {
        let e = outer.call(&mut store, ()).unwrap_err();
        assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::Unreachable));
    }
}

#[test]
fn stack_overflow_through_host_recursion_traps() {
    // wasm → host → wasm → host … forever: the overflow is caught and the
    // store works afterwards.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "again" (func $again))
            (func (export "spin") call $again)
            (func (export "ok") (result i32) i32.const 42))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "again", |mut caller: Caller<'_, u32>| {
            *caller.data_mut() += 1;
            let spin = caller
                .get_export("spin")
                .and_then(Extern::into_func)
                .unwrap();
            spin.typed::<(), ()>(&caller)?.call(&mut caller, ())
        })
        .unwrap();
    // Run on a thread with a large native stack: the host frames are big
    // in a debug build and are not counted against the wasm stack limit.
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let mut store = Store::new(&engine, 0u32);
            let i = linker.instantiate(&mut store, &module).unwrap();
            let spin = i.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
            let e = spin.call(&mut store, ()).unwrap_err();
            assert_eq!(
                e.downcast_ref::<Trap>(),
                Some(&Trap::StackOverflow),
                "{e:#}"
            );
            assert!(*store.data() > 10, "recursed only {} times", store.data());
            let ok = i.get_typed_func::<(), i32>(&mut store, "ok").unwrap();
            assert_eq!(ok.call(&mut store, ()).unwrap(), 42);
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn caller_get_export_reads_and_writes_memory() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "upper" (func $upper (param i32 i32)))
            (memory (export "memory") 1)
            (data (i32.const 16) "hello, host")
            (func (export "run") i32.const 16 i32.const 11 call $upper))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "upper",
            |mut caller: Caller<'_, String>, ptr: i32, len: i32| {
                let mem = caller
                    .get_export("memory")
                    .and_then(Extern::into_memory)
                    .ok_or_else(|| anyhow::anyhow!("no memory"))?;
                let mut buf = vec![0; len as usize];
                mem.read(&caller, ptr as usize, &mut buf)?;
                let text = String::from_utf8(buf)?;
                mem.write(&mut caller, ptr as usize, text.to_uppercase().as_bytes())?;
                *caller.data_mut() = text;
                // An export that does not exist is `None`, not a panic.
                assert!(caller.get_export("missing").is_none());
                anyhow::Ok(())
            },
        )
        .unwrap();
    let mut store = Store::new(&engine, String::new());
    let i = linker.instantiate(&mut store, &module).unwrap();
    i.get_typed_func::<(), ()>(&mut store, "run")
        .unwrap()
        .call(&mut store, ())
        .unwrap();
    assert_eq!(store.data(), "hello, host");
    let mem = i.get_memory(&mut store, "memory").unwrap();
    assert_eq!(&mem.data(&store)[16..27], b"HELLO, HOST");
}

#[test]
fn caller_of_a_host_function_called_from_the_host_has_no_exports() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let f = Func::wrap(&mut store, |mut caller: Caller<'_, ()>| -> i32 {
        caller.get_export("memory").is_some() as i32
    });
    let typed = f.typed::<(), i32>(&store).unwrap();
    assert_eq!(typed.call(&mut store, ()).unwrap(), 0);
}

#[test]
fn dynamic_host_functions() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, 0i64);
    let ty = FuncType::new(
        [ValType::I32, ValType::I64, ValType::F64],
        [ValType::I64, ValType::F64],
    );
    let f = Func::new(&mut store, ty.clone(), |mut caller, params, results| {
        let a = params[0].i32().unwrap();
        let b = params[1].i64().unwrap();
        let c = params[2].f64().unwrap();
        *caller.data_mut() += 1;
        results[0] = Val::I64(i64::from(a) + b);
        results[1] = Val::from(c * 2.0);
        Ok(())
    });
    assert_eq!(f.ty(&store), ty);
    // Called directly.
    let mut out = [Val::I64(0), Val::F64(0)];
    f.call(
        &mut store,
        &[Val::I32(2), Val::I64(40), Val::from(1.25)],
        &mut out,
    )
    .unwrap();
    assert_eq!(out[0].i64(), Some(42));
    assert_eq!(out[1].f64(), Some(2.5));
    // Called from wasm.
    let module = Module::new(
        &engine,
        r#"(module
            (import "" "f" (func $f (param i32 i64 f64) (result i64 f64)))
            (func (export "run") (result i64 f64)
                i32.const -1 i64.const 10 f64.const 3 call $f))"#,
    )
    .unwrap();
    let i = Instance::new(&mut store, &module, &[f.into()]).unwrap();
    let run = i
        .get_typed_func::<(), (i64, f64)>(&mut store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), (9, 6.0));
    assert_eq!(*store.data(), 2);
}

#[test]
fn dynamic_host_function_returning_a_mistyped_value_fails() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let f = Func::new(
        &mut store,
        FuncType::new([], [ValType::I32]),
        |_, _, results| {
            results[0] = Val::I64(1);
            Ok(())
        },
    );
    let mut out = [Val::I32(0)];
    let e = f.call(&mut store, &[], &mut out).unwrap_err();
    let msg = format!("{e:#}");
    assert!(msg.contains("i32") && msg.contains("i64"), "{msg}");
    // Wrong argument types and counts are caught before the call.
    let g = Func::wrap(&mut store, |x: i32| x);
    let e = g.call(&mut store, &[Val::I64(1)], &mut out).unwrap_err();
    assert!(format!("{e:#}").contains("expected i32"), "{e:#}");
    let e = g.call(&mut store, &[], &mut out).unwrap_err();
    assert!(format!("{e:#}").contains("takes 1 arguments"), "{e:#}");
}

#[test]
fn multi_value_results_through_call_and_typed_func() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "split" (func $split (param i64) (result i32 i32)))
            (func (export "four") (param i32) (result i32 i64 f32 f64)
                local.get 0
                local.get 0 i64.extend_i32_s i64.const 1 i64.shl
                local.get 0 f32.convert_i32_s f32.const 0.5 f32.add
                f64.const -1.25)
            (func (export "swap") (param i32 i32) (result i32 i32) local.get 1 local.get 0)
            (func (export "via_host") (param i64) (result i32 i32)
                local.get 0 call $split))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "split", |x: i64| ((x >> 32) as i32, x as i32))
        .unwrap();
    let mut store = Store::new(&engine, ());
    let i = linker.instantiate(&mut store, &module).unwrap();

    let four = i.get_func(&mut store, "four").unwrap();
    let mut out = vec![Val::I32(0); 4];
    four.call(&mut store, &[Val::I32(-3)], &mut out).unwrap();
    assert_eq!(out[0].i32(), Some(-3));
    assert_eq!(out[1].i64(), Some(-6));
    assert_eq!(out[2].f32(), Some(-2.5));
    assert_eq!(out[3].f64(), Some(-1.25));
    let typed = i
        .get_typed_func::<i32, (i32, i64, f32, f64)>(&mut store, "four")
        .unwrap();
    assert_eq!(typed.call(&mut store, 7).unwrap(), (7, 14, 7.5, -1.25));

    let swap = i
        .get_typed_func::<(i32, i32), (i32, i32)>(&mut store, "swap")
        .unwrap();
    assert_eq!(swap.call(&mut store, (1, 2)).unwrap(), (2, 1));

    let via = i
        .get_typed_func::<i64, (i32, i32)>(&mut store, "via_host")
        .unwrap();
    assert_eq!(
        via.call(&mut store, 0x1234_5678_9abc_def0).unwrap(),
        (0x1234_5678, 0x9abc_def0u32 as i32)
    );

    // Too little room for the results is an error, not memory corruption.
    let mut short = vec![Val::I32(0); 3];
    let e = four
        .call(&mut store, &[Val::I32(1)], &mut short)
        .unwrap_err();
    assert!(format!("{e:#}").contains("returns 4 values"), "{e:#}");
}

#[test]
fn host_function_with_many_parameters_and_results() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let f = Func::wrap(
        &mut store,
        |a: i32, b: i64, c: f32, d: f64, e: i32, f: i64, g: f32, h: f64, i: i32, j: i64| {
            (
                a as i64 + b + f + j + e as i64 + i as i64,
                c as f64 + d + g as f64 + h,
                i32::MAX,
            )
        },
    );
    let typed = f
        .typed::<(i32, i64, f32, f64, i32, i64, f32, f64, i32, i64), (i64, f64, i32)>(&store)
        .unwrap();
    let r = typed
        .call(&mut store, (1, 2, 0.5, 0.25, 3, 4, 1.0, 2.0, 5, 6))
        .unwrap();
    assert_eq!(r, (21, 3.75, i32::MAX));
}

#[test]
fn typed_func_mismatch_names_the_export_and_both_types() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (func (export "widen") (param i32) (result i64) local.get 0 i64.extend_i32_u))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let e = i
        .get_typed_func::<i64, i64>(&mut store, "widen")
        .err()
        .unwrap();
    let msg = format!("{e:#}");
    assert!(msg.contains("widen"), "{msg}");
    assert!(msg.contains("func(i64) -> (i64)"), "{msg}");
    assert!(msg.contains("func(i32) -> (i64)"), "{msg}");
    // Results are checked too, including their count.
    let e = i
        .get_typed_func::<i32, (i64, i32)>(&mut store, "widen")
        .err()
        .unwrap();
    let msg = format!("{e:#}");
    assert!(
        msg.contains("func(i32) -> (i64, i32)") && msg.contains("widen"),
        "{msg}"
    );
    // The right types work.
    let ok = i.get_typed_func::<i32, i64>(&mut store, "widen").unwrap();
    assert_eq!(ok.call(&mut store, -1).unwrap(), 0xffff_ffff);
    // A missing export is named too.
    let e = i
        .get_typed_func::<(), ()>(&mut store, "nope")
        .err()
        .unwrap();
    assert!(e.to_string().contains("nope"), "{e}");
}

#[test]
fn wrongly_typed_imports_fail_at_instantiation_naming_the_import() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "add" (func (param i32 i32) (result i32)))
            (import "env" "g" (global (mut i64))))"#,
    )
    .unwrap();

    // Through a linker: a host function of the wrong type.
    let mut linker: Linker<()> = Linker::new(&engine);
    linker
        .func_wrap("env", "add", |a: i64, b: i64| a + b)
        .unwrap();
    let mut store = Store::new(&engine, ());
    let g = hoist::Global::new(
        &mut store,
        hoist::GlobalType::new(ValType::I64, hoist::Mutability::Var),
        Val::I64(0),
    )
    .unwrap();
    linker.define(&store, "env", "g", g).unwrap();
    let e = linker.instantiate(&mut store, &module).unwrap_err();
    let msg = format!("{e:#}");
    assert!(msg.contains("env::add"), "{msg}");
    assert!(msg.contains("func(i32, i32) -> (i32)"), "{msg}");
    assert!(msg.contains("func(i64, i64) -> (i64)"), "{msg}");

    // Through `Instance::new`: a global of the wrong mutability, and a
    // function where a global is expected.
    let add = Func::wrap(&mut store, |a: i32, b: i32| a + b);
    let konst = hoist::Global::new(
        &mut store,
        hoist::GlobalType::new(ValType::I64, hoist::Mutability::Const),
        Val::I64(0),
    )
    .unwrap();
    let e = Instance::new(&mut store, &module, &[add.into(), konst.into()]).unwrap_err();
    let msg = format!("{e:#}");
    assert!(
        msg.contains("env::g") && msg.contains("global (mut i64)"),
        "{msg}"
    );
    let e = Instance::new(&mut store, &module, &[add.into(), add.into()]).unwrap_err();
    let msg = format!("{e:#}");
    assert!(msg.contains("env::g") && msg.contains("function"), "{msg}");
    // Too few imports.
    let e = Instance::new(&mut store, &module, &[add.into()]).unwrap_err();
    assert!(format!("{e:#}").contains("2 imports"), "{e:#}");
    // The right ones instantiate.
    Instance::new(&mut store, &module, &[add.into(), g.into()]).unwrap();
}

#[test]
fn host_functions_are_per_store_and_see_their_own_data() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "host" "bump" (func $b (result i32)))
            (func (export "run") (result i32) call $b))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "bump", |mut c: Caller<'_, i32>| {
            *c.data_mut() += 1;
            *c.data()
        })
        .unwrap();
    let mut a = Store::new(&engine, 0);
    let mut b = Store::new(&engine, 100);
    let ia = linker.instantiate(&mut a, &module).unwrap();
    let ib = linker.instantiate(&mut b, &module).unwrap();
    let ra = ia.get_typed_func::<(), i32>(&mut a, "run").unwrap();
    let rb = ib.get_typed_func::<(), i32>(&mut b, "run").unwrap();
    assert_eq!(ra.call(&mut a, ()).unwrap(), 1);
    assert_eq!(rb.call(&mut b, ()).unwrap(), 101);
    assert_eq!(ra.call(&mut a, ()).unwrap(), 2);
    assert_eq!((*a.data(), *b.data()), (2, 101));
}

#[test]
fn a_host_function_can_run_wasm_in_another_store() {
    // Store A's host function drives an instance in store B: B's traps,
    // including a stack overflow, come back to the host function, and A's
    // wasm carries on.
    let engine = Engine::default();
    let inner = Module::new(
        &engine,
        r#"(module
            (func $spin (export "spin") call $spin)
            (func (export "boom") unreachable)
            (func (export "add1") (param i32) (result i32) local.get 0 i32.const 1 i32.add))"#,
    )
    .unwrap();
    let mut b = Store::new(&engine, ());
    let bi = Instance::new(&mut b, &inner, &[]).unwrap();
    let b = std::sync::Mutex::new(b);
    let outer = Module::new(
        &engine,
        r#"(module
            (import "host" "other" (func $other (param i32) (result i32)))
            (func (export "run") (param i32) (result i32) local.get 0 call $other i32.const 10 i32.add))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "other",
            move |mut caller: Caller<'_, Vec<String>>, x: i32| {
                let mut b = b.lock().unwrap();
                let name = match x {
                    0 => "spin",
                    1 => "boom",
                    _ => "add1",
                };
                if x > 1 {
                    let f = bi.get_typed_func::<i32, i32>(&mut *b, name)?;
                    return f.call(&mut *b, x);
                }
                let f = bi.get_typed_func::<(), ()>(&mut *b, name)?;
                let e = f.call(&mut *b, ()).unwrap_err();
                caller.data_mut().push(
                    e.downcast_ref::<Trap>()
                        .map(|t| format!("{t:?}"))
                        .unwrap_or_default(),
                );
                Ok(-1)
            },
        )
        .unwrap();
    let mut a = Store::new(&engine, Vec::new());
    let ai = linker.instantiate(&mut a, &outer).unwrap();
    let run = ai.get_typed_func::<i32, i32>(&mut a, "run").unwrap();
    assert_eq!(run.call(&mut a, 0).unwrap(), 9);
    assert_eq!(run.call(&mut a, 1).unwrap(), 9);
    assert_eq!(run.call(&mut a, 5).unwrap(), 16);
    assert_eq!(run.call(&mut a, 0).unwrap(), 9);
    assert_eq!(a.data(), &["StackOverflow", "Unreachable", "StackOverflow"]);
}
