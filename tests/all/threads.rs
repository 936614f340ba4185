//! hoist is usable from several threads: one `Engine` and one `Module` are
//! shared by threads that each have their own store; a `Store<T>` moves to
//! another thread and back with its instances intact; and many threads
//! compile, instantiate and run at the same time, including traps (caught by
//! the signal handler on the thread that faulted) and stack overflows.

use hoist::{Caller, Engine, Instance, Linker, Module, Store, Trap};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

const WAT: &str = r#"(module
    (import "host" "tid" (func $tid (result i32)))
    (memory (export "mem") 1)
    (global $calls (export "calls") (mut i32) (i32.const 0))
    (func $fib (export "fib") (param i32) (result i32)
        global.get $calls i32.const 1 i32.add global.set $calls
        local.get 0 i32.const 2 i32.lt_u
        if (result i32) local.get 0
        else
            local.get 0 i32.const 1 i32.sub call $fib
            local.get 0 i32.const 2 i32.sub call $fib
            i32.add
        end)
    (func (export "stamp") (param i32) i32.const 0 local.get 0 i32.store)
    (func (export "read") (result i32) i32.const 0 i32.load)
    (func (export "who") (result i32) call $tid)
    (func (export "oob") (result i32) i32.const 65536 i32.load)
    (func (export "div0") (param i32) (result i32) i32.const 1 local.get 0 i32.div_s)
    (func $deep (export "deep") (param i32) (result i32)
        local.get 0 i32.const 1 i32.add call $deep))"#;

fn fib(n: i32) -> i32 {
    if n < 2 {
        n
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

fn linker(engine: &Engine) -> Linker<i32> {
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("host", "tid", |caller: Caller<'_, i32>| *caller.data())
        .unwrap();
    linker
}

fn assert_send_sync<T: Send + Sync>() {}
fn assert_send<T: Send>() {}

#[test]
fn handles_are_send_and_sync() {
    assert_send_sync::<Engine>();
    assert_send_sync::<Module>();
    assert_send_sync::<Linker<i32>>();
    assert_send_sync::<hoist::InstancePre<i32>>();
    assert_send::<Store<i32>>();
    assert_send::<Store<Vec<String>>>();
    assert_send_sync::<hoist::Func>();
    assert_send_sync::<Instance>();
    assert_send_sync::<hoist::anyhow::Error>();
}

#[test]
fn one_engine_and_module_shared_by_many_threads() {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    let linker = Arc::new(linker(&engine));
    let handles: Vec<_> = (0..6)
        .map(|t| {
            let (engine, module, linker) = (engine.clone(), module.clone(), linker.clone());
            thread::spawn(move || {
                let mut store = Store::new(&engine, t);
                let i = linker.instantiate(&mut store, &module).unwrap();
                let f = i.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
                let n = 15 + t % 5;
                assert_eq!(f.call(&mut store, n).unwrap(), fib(n));
                // Each thread's host data and memory are its own.
                let who = i.get_typed_func::<(), i32>(&mut store, "who").unwrap();
                assert_eq!(who.call(&mut store, ()).unwrap(), t);
                let stamp = i.get_typed_func::<i32, ()>(&mut store, "stamp").unwrap();
                stamp.call(&mut store, t * 1000).unwrap();
                thread::yield_now();
                let read = i.get_typed_func::<(), i32>(&mut store, "read").unwrap();
                assert_eq!(read.call(&mut store, ()).unwrap(), t * 1000);
                let calls = i.get_global(&mut store, "calls").unwrap();
                calls.get(&mut store).i32().unwrap()
            })
        })
        .collect();
    for (t, h) in handles.into_iter().enumerate() {
        let calls = h.join().unwrap();
        // fib(n) makes 2 fib(n+1) - 1 calls.
        let n = 15 + t as i32 % 5;
        assert_eq!(calls, 2 * fib(n + 1) - 1, "thread {t}");
    }
}

#[test]
fn a_store_moves_to_another_thread_and_back() {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    let mut store = Store::new(&engine, 7);
    let i = linker(&engine).instantiate(&mut store, &module).unwrap();
    let stamp = i.get_typed_func::<i32, ()>(&mut store, "stamp").unwrap();
    stamp.call(&mut store, 123).unwrap();

    let main_thread = thread::current().id();
    let mut store = thread::spawn(move || {
        assert_ne!(thread::current().id(), main_thread);
        // The instance, its memory and the host function work here.
        let read = i.get_typed_func::<(), i32>(&mut store, "read").unwrap();
        assert_eq!(read.call(&mut store, ()).unwrap(), 123);
        let who = i.get_typed_func::<(), i32>(&mut store, "who").unwrap();
        assert_eq!(who.call(&mut store, ()).unwrap(), 7);
        // Traps are caught on this thread too.
        let oob = i.get_typed_func::<(), i32>(&mut store, "oob").unwrap();
        let e = oob.call(&mut store, ()).unwrap_err();
        assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
        let deep = i.get_typed_func::<i32, i32>(&mut store, "deep").unwrap();
        let e = deep.call(&mut store, 0).unwrap_err();
        assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::StackOverflow));
        stamp.call(&mut store, 456).unwrap();
        *store.data_mut() = 8;
        store
    })
    .join()
    .unwrap();

    // Back on the first thread, with the changes made over there.
    let read = i.get_typed_func::<(), i32>(&mut store, "read").unwrap();
    assert_eq!(read.call(&mut store, ()).unwrap(), 456);
    let who = i.get_typed_func::<(), i32>(&mut store, "who").unwrap();
    assert_eq!(who.call(&mut store, ()).unwrap(), 8);
    let fib_f = i.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
    assert_eq!(fib_f.call(&mut store, 10).unwrap(), 55);
}

#[test]
fn many_threads_instantiate_run_and_trap_at_once() {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    let pre = Arc::new(linker(&engine).instantiate_pre(&module).unwrap());
    let threads = 8;
    let start = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads as i32)
        .map(|t| {
            let (engine, pre, start) = (engine.clone(), pre.clone(), start.clone());
            thread::spawn(move || {
                start.wait();
                let mut traps = 0;
                for round in 0..25 {
                    let mut store = Store::new(&engine, t);
                    let i = pre.instantiate(&mut store).unwrap();
                    let fib_f = i.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
                    assert_eq!(fib_f.call(&mut store, 12).unwrap(), 144);
                    let oob = i.get_typed_func::<(), i32>(&mut store, "oob").unwrap();
                    let e = oob.call(&mut store, ()).unwrap_err();
                    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
                    let div = i.get_typed_func::<i32, i32>(&mut store, "div0").unwrap();
                    let e = div.call(&mut store, 0).unwrap_err();
                    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::IntegerDivisionByZero));
                    if round % 5 == t % 5 {
                        let deep = i.get_typed_func::<i32, i32>(&mut store, "deep").unwrap();
                        let e = deep.call(&mut store, 0).unwrap_err();
                        assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::StackOverflow));
                        traps += 1;
                    }
                    // After the traps, the instance still works.
                    let who = i.get_typed_func::<(), i32>(&mut store, "who").unwrap();
                    assert_eq!(who.call(&mut store, ()).unwrap(), t);
                    traps += 2;
                }
                traps
            })
        })
        .collect();
    let total: i32 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(total, threads as i32 * (50 + 5));
}

#[test]
fn traps_are_caught_while_other_threads_compile_and_drop_modules() {
    // Compiling registers code for the signal handler and dropping a module
    // unregisters it; a trap on another thread at the same moment must still
    // be recognised as a trap.
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    let pre = Arc::new(linker(&engine).instantiate_pre(&module).unwrap());
    let stop = Arc::new(AtomicBool::new(false));
    let compiled = Arc::new(AtomicUsize::new(0));
    let compilers: Vec<_> = (0..2)
        .map(|k| {
            let (engine, stop, compiled) = (engine.clone(), stop.clone(), compiled.clone());
            thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    let wat = format!(
                        r#"(module (func (export "f") (result i32) i32.const {n} i32.const {k} i32.add))"#
                    );
                    let m = Module::new(&engine, &wat).unwrap();
                    drop(m);
                    n += 1;
                    compiled.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let trappers: Vec<_> = (0..2)
        .map(|t| {
            let (engine, pre) = (engine.clone(), pre.clone());
            thread::spawn(move || {
                let mut store = Store::new(&engine, t);
                let i = pre.instantiate(&mut store).unwrap();
                let oob = i.get_typed_func::<(), i32>(&mut store, "oob").unwrap();
                let div = i.get_typed_func::<i32, i32>(&mut store, "div0").unwrap();
                for _ in 0..3000 {
                    let e = oob.call(&mut store, ()).unwrap_err();
                    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
                    let e = div.call(&mut store, 0).unwrap_err();
                    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::IntegerDivisionByZero));
                }
            })
        })
        .collect();
    let results: Vec<_> = trappers.into_iter().map(|h| h.join()).collect();
    stop.store(true, Ordering::Relaxed);
    for c in compilers {
        c.join().unwrap();
    }
    for r in results {
        r.unwrap();
    }
    assert!(compiled.load(Ordering::Relaxed) > 0);
}

#[test]
fn modules_compile_in_parallel_on_several_threads() {
    let engine = Engine::default();
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let engine = engine.clone();
            thread::spawn(move || {
                // A module with many functions, so that compilation itself
                // also fans out over worker threads.
                let funcs: String = (0..40)
                    .map(|k| {
                        format!(
                            "(func (export \"f{k}\") (param i32) (result i32) local.get 0 i32.const {} i32.mul)",
                            k + t
                        )
                    })
                    .collect();
                let module = Module::new(&engine, format!("(module {funcs})")).unwrap();
                let mut store = Store::new(&engine, ());
                let i = Instance::new(&mut store, &module, &[]).unwrap();
                for k in 0..40 {
                    let f = i
                        .get_typed_func::<i32, i32>(&mut store, &format!("f{k}"))
                        .unwrap();
                    assert_eq!(f.call(&mut store, 3).unwrap(), 3 * (k + t));
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn a_module_compiled_on_one_thread_runs_on_another() {
    let engine = Engine::default();
    let module = thread::spawn({
        let engine = engine.clone();
        move || Module::new(&engine, WAT).unwrap()
    })
    .join()
    .unwrap();
    let mut store = Store::new(&engine, 3);
    let i = linker(&engine).instantiate(&mut store, &module).unwrap();
    let f = i.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
    assert_eq!(f.call(&mut store, 20).unwrap(), 6765);
    // The thread that compiled the module has exited; its code lives on.
    let e = i
        .get_typed_func::<(), i32>(&mut store, "oob")
        .unwrap()
        .call(&mut store, ())
        .unwrap_err();
    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
}
