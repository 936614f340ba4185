//! Unbounded guest recursion traps with `Trap::StackOverflow` whatever
//! stack the call runs on, even when that stack is smaller than
//! `Config::max_wasm_stack` (`runtime/src/vm/stack.rs` clamps the limit to
//! the stack's real end, keeping a reserve for host code): on threads of
//! 64 KiB, 256 KiB and 2 MiB, on the test's own thread with a 64 MiB wasm
//! stack, and on fibers (async component calls, a host function on a fiber
//! running another store's wasm, an async call started from a host
//! function). Recursion comes as plain self-calls, self-calls with large
//! frames, mutual recursion through `call_indirect` and through a host
//! function that calls back into wasm. After each trap the same store, on
//! the same thread, runs wasm again, bounded recursion included.
//!
//! Without the clamp these tests do not fail politely: the process dies of
//! a stack overflow (past a thread's or a fiber's guard page), or a call
//! that should work traps at once. `recursion_traps_in_an_async_call_on_a_fiber`
//! passed before the clamp too (a fiber holds `max_wasm_stack` plus 1 MiB);
//! it guards the fiber's bounds, which a wrong clamp would break.

use std::sync::{Arc, Mutex};

use hoist::component::{self, Component};
use hoist::{Caller, Config, Engine, Extern, Instance, Linker, Module, Store, Trap};

use crate::support::engine_with;

/// A large `max_wasm_stack`: more than any stack in these tests holds.
const HUGE: usize = 64 << 20;

/// Values kept live across the recursive call of `big`, each spilled to
/// the frame: a frame of several KiB per call.
const BIG_FRAME_VALUES: usize = 1000;

/// The core module: recursions that never end, and `count`, which recurses
/// `n` deep and returns `n`.
fn core_wat() -> String {
    let mut big = String::new();
    // l_i = extend(p) * (i + 1), all live across the call, summed after it.
    for i in 0..BIG_FRAME_VALUES {
        big.push_str(&format!(
            "local.get 0 i64.extend_i32_u i64.const {} i64.mul local.set {}\n",
            i + 1,
            i + 1
        ));
    }
    big.push_str("local.get 0 i32.const 1 i32.add call $big i64.extend_i32_u\n");
    for i in 0..BIG_FRAME_VALUES {
        big.push_str(&format!("local.get {} i64.add\n", i + 1));
    }
    big.push_str("i32.wrap_i64\n");
    format!(
        r#"(module
  (import "host" "bounce" (func $bounce (param i32) (result i32)))
  (type $t (func (param i32) (result i32)))
  (table funcref (elem $ping $pong))
  (func $plain (export "plain") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add call $plain)
  (func $big (export "big") (param i32) (result i32) (local {locals})
    {big})
  (func $ping (export "indirect") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add i32.const 1 call_indirect (type $t))
  (func $pong (param i32) (result i32)
    local.get 0 i32.const 1 i32.add i32.const 0 call_indirect (type $t))
  (func (export "via_host") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add call $bounce)
  (func $count (export "count") (param i32) (result i32)
    local.get 0 i32.eqz
    if (result i32)
      i32.const 0
    else
      local.get 0 i32.const 1 i32.sub call $count i32.const 1 i32.add
    end))"#,
        locals = "i64 ".repeat(BIG_FRAME_VALUES),
    )
}

/// The recursions of [`core_wat`], each of which must trap.
const RECURSIONS: [&str; 4] = ["plain", "big", "indirect", "via_host"];

/// An engine whose `max_wasm_stack` is `max_wasm_stack` (the default when
/// `None`).
fn engine(max_wasm_stack: Option<usize>) -> Engine {
    let mut config = Config::new();
    if let Some(bytes) = max_wasm_stack {
        config.max_wasm_stack(bytes);
    }
    engine_with(&config)
}

/// A store with the core module instantiated, its `bounce` import calling
/// `via_host` again.
fn core_instance(engine: &Engine) -> (Store<()>, Instance) {
    let module = Module::new(engine, core_wat()).unwrap();
    let mut linker = Linker::new(engine);
    linker
        .func_wrap(
            "host",
            "bounce",
            |mut caller: Caller<'_, ()>, x: i32| -> anyhow::Result<i32> {
                let again = caller
                    .get_export("via_host")
                    .and_then(Extern::into_func)
                    .unwrap();
                again.typed::<i32, i32>(&caller)?.call(&mut caller, x)
            },
        )
        .unwrap();
    let mut store = Store::new(engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

/// Every recursion of [`RECURSIONS`] traps with a stack overflow, twice, and
/// after each trap the store runs `count` `depth` deep.
fn every_recursion_traps(store: &mut Store<()>, instance: &Instance, depth: i32) {
    let count = instance
        .get_typed_func::<i32, i32>(&mut *store, "count")
        .unwrap();
    assert_eq!(count.call(&mut *store, depth).unwrap(), depth);
    for name in RECURSIONS {
        let f = instance
            .get_typed_func::<i32, i32>(&mut *store, name)
            .unwrap();
        for round in 0..2 {
            let e = f.call(&mut *store, 0).unwrap_err();
            assert_eq!(
                e.downcast_ref::<Trap>(),
                Some(&Trap::StackOverflow),
                "{name}, round {round}: {e:#}"
            );
            assert_eq!(count.call(&mut *store, depth).unwrap(), depth, "{name}");
        }
    }
}

/// Runs [`every_recursion_traps`] on a new thread of `stack` bytes, with a
/// store made (and its module compiled) on the test's thread.
fn on_thread(stack: usize, max_wasm_stack: Option<usize>, depth: i32) {
    let engine = engine(max_wasm_stack);
    let (mut store, instance) = core_instance(&engine);
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || every_recursion_traps(&mut store, &instance, depth))
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn recursion_traps_on_a_64_kib_thread() {
    on_thread(64 << 10, Some(HUGE), 100);
    on_thread(64 << 10, None, 100);
}

#[test]
fn recursion_traps_on_a_256_kib_thread() {
    on_thread(256 << 10, Some(HUGE), 1000);
    on_thread(256 << 10, None, 1000);
}

#[test]
fn recursion_traps_on_a_2_mib_thread() {
    on_thread(2 << 20, Some(HUGE), 10_000);
    on_thread(2 << 20, None, 10_000);
}

#[test]
fn recursion_traps_on_the_test_thread_with_a_64_mib_wasm_stack() {
    let engine = engine(Some(HUGE));
    let (mut store, instance) = core_instance(&engine);
    every_recursion_traps(&mut store, &instance, 1000);
}

/// A component with the same unbounded and bounded recursions.
const COMPONENT: &str = r#"(component
  (core module $m
    (func $recurse (export "recurse") (param i32) (result i32)
      local.get 0 i32.const 1 i32.add call $recurse)
    (func $count (export "count") (param i32) (result i32)
      local.get 0 i32.eqz
      if (result i32)
        i32.const 0
      else
        local.get 0 i32.const 1 i32.sub call $count i32.const 1 i32.add
      end))
  (core instance $i (instantiate $m))
  (func (export "recurse") (param "x" u32) (result u32)
    (canon lift (core func $i "recurse")))
  (func (export "count") (param "n" u32) (result u32)
    (canon lift (core func $i "count"))))"#;

type CompFunc = component::TypedFunc<(u32,), (u32,)>;

/// A fresh instance of [`COMPONENT`] in `store`: its `recurse` and `count`.
fn component_funcs<T: 'static>(
    store: &mut Store<T>,
    linker: &component::Linker<T>,
    component: &Component,
) -> (CompFunc, CompFunc) {
    let instance = linker.instantiate(&mut *store, component).unwrap();
    let recurse = instance
        .get_typed_func::<(u32,), (u32,)>(&mut *store, "recurse")
        .unwrap();
    let count = instance
        .get_typed_func::<(u32,), (u32,)>(&mut *store, "count")
        .unwrap();
    (recurse, count)
}

fn assert_stack_overflow(e: anyhow::Error) {
    assert_eq!(
        e.downcast_ref::<Trap>(),
        Some(&Trap::StackOverflow),
        "{e:#}"
    );
}

#[test]
fn component_recursion_traps_on_a_64_kib_thread() {
    let engine = engine(Some(HUGE));
    let component = Component::new(&engine, COMPONENT).unwrap();
    let linker = component::Linker::<()>::new(&engine);
    let mut store = Store::new(&engine, ());
    // Instantiated here, and one call made here, which compiles the entry
    // trampoline of the function type (Cranelift needs more stack than the
    // small thread has): neither is what this test measures.
    let instances: Vec<_> = (0..3)
        .map(|_| component_funcs(&mut store, &linker, &component))
        .collect();
    let (_, warm) = component_funcs(&mut store, &linker, &component);
    assert_eq!(warm.call(&mut store, (1,)).unwrap(), (1,));
    warm.post_return(&mut store).unwrap();
    std::thread::Builder::new()
        .stack_size(64 << 10)
        .spawn(move || {
            // A trap leaves its instance unusable, so the store shows that
            // it still works through the next instance.
            for pair in instances.windows(2) {
                let ((recurse, _), (_, count)) = (pair[0], pair[1]);
                assert_stack_overflow(recurse.call(&mut store, (0,)).unwrap_err());
                let (n,) = count.call(&mut store, (100,)).unwrap();
                assert_eq!(n, 100);
                count.post_return(&mut store).unwrap();
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

/// An async call runs on a fiber: recursion there traps, and the store
/// runs the next async call (in a fresh instance, as a trap leaves a
/// component instance unusable).
#[test]
fn recursion_traps_in_an_async_call_on_a_fiber() {
    for max_wasm_stack in [None, Some(4 << 20)] {
        let engine = engine(max_wasm_stack);
        let component = Component::new(&engine, COMPONENT).unwrap();
        let linker = component::Linker::<()>::new(&engine);
        let mut store = Store::new(&engine, ());
        for _ in 0..2 {
            let (recurse, _) = component_funcs(&mut store, &linker, &component);
            let e = component::block_on(recurse.call_async(&mut store, (0,))).unwrap_err();
            assert_stack_overflow(e);
            let (_, count) = component_funcs(&mut store, &linker, &component);
            let (n,) = component::block_on(count.call_async(&mut store, (10_000,))).unwrap();
            assert_eq!(n, 10_000);
            count.post_return(&mut store).unwrap();
        }
    }
}

/// A component whose `run` calls the host's `deep`.
const CALLS_DEEP: &str = r#"(component
  (import "deep" (func $deep (result u32)))
  (core func $deep-lowered (canon lower (func $deep)))
  (core module $m
    (import "host" "deep" (func $deep (result i32)))
    (func (export "run") (result i32) call $deep))
  (core instance $i (instantiate $m
    (with "host" (instance (export "deep" (func $deep-lowered))))))
  (func (export "run") (result u32) (canon lift (core func $i "run"))))"#;

#[test]
fn a_host_function_on_a_fiber_runs_wasm_with_a_larger_stack_limit_than_the_fiber() {
    // The guest's engine sizes the fiber (default `max_wasm_stack` plus
    // host room: 1.5 MiB); the host function on it runs a store whose
    // engine allows 64 MiB, so only the fiber's own bounds stop it.
    let engine = Engine::default();
    let core_engine = self::engine(Some(HUGE));
    let core = Arc::new(Mutex::new(core_instance(&core_engine)));
    let component = Component::new(&engine, CALLS_DEEP).unwrap();
    let mut linker = component::Linker::<()>::new(&engine);
    let runs = core.clone();
    linker
        .root()
        .func_wrap_async("deep", move |_store, (): ()| {
            let core = runs.clone();
            Box::new(async move {
                let mut core = core.lock().unwrap();
                let (store, instance) = &mut *core;
                every_recursion_traps(store, instance, 1000);
                Ok((7u32,))
            })
        })
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let run = instance
        .get_typed_func::<(), (u32,)>(&mut store, "run")
        .unwrap();
    for _ in 0..2 {
        let (n,) = component::block_on(run.call_async(&mut store, ())).unwrap();
        assert_eq!(n, 7);
        run.post_return(&mut store).unwrap();
    }
}

#[test]
fn an_async_call_from_a_host_function_gets_a_limit_for_its_fiber() {
    // Core wasm on the test's thread calls a host function, which makes
    // an async call into a component of the same store: that call runs on
    // a fiber, where the limit the outer call set (for the thread's stack)
    // means nothing.
    let engine = engine(None);
    let component = Component::new(&engine, COMPONENT).unwrap();
    let clinker = component::Linker::<()>::new(&engine);
    let funcs: Arc<Mutex<Vec<(CompFunc, CompFunc)>>> = Arc::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "hop" (func $hop (result i32)))
            (func (export "enter") (result i32) call $hop))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    let queue = funcs.clone();
    linker
        .func_wrap(
            "host",
            "hop",
            move |mut caller: Caller<'_, ()>| -> anyhow::Result<i32> {
                let (recurse, count) = queue.lock().unwrap().pop().unwrap();
                let (n,) = component::block_on(count.call_async(&mut caller, (10_000,)))?;
                assert_eq!(n, 10_000);
                count.post_return(&mut caller)?;
                let e = component::block_on(recurse.call_async(&mut caller, (0,))).unwrap_err();
                assert_stack_overflow(e);
                Ok(1)
            },
        )
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let enter = instance
        .get_typed_func::<(), i32>(&mut store, "enter")
        .unwrap();
    for _ in 0..2 {
        let f = component_funcs(&mut store, &clinker, &component);
        funcs.lock().unwrap().push(f);
        assert_eq!(enter.call(&mut store, ()).unwrap(), 1);
    }
}
