//! `post-return` runs inside the call, as in Wasmtime 48: after the results
//! are lifted and before `call` returns, for typed, dynamic and async calls
//! alike; `post_return`/`post_return_async` are no-ops; a trap in
//! `post-return` is the call's error and poisons the instance; results that
//! stay in guest memory (`WasmStr`, `WasmList`) see what `post-return` left.

use crate::component::{block_on, Component, Linker, Val, WasmList, WasmStr};
use crate::{Engine, Store, Trap};
use anyhow::Result;

/// `next(x) = x + 1` with a `post-return` that adds the core result to
/// `acc` and counts its runs in `posts`; `add(a, b)` without one.
const COUNTING: &str = r#"(component
  (core module $m
    (global $acc (mut i32) (i32.const 0))
    (global $posts (mut i32) (i32.const 0))
    (func (export "next") (param i32) (result i32) local.get 0 i32.const 1 i32.add)
    (func (export "post") (param i32)
      global.get $acc local.get 0 i32.add global.set $acc
      global.get $posts i32.const 1 i32.add global.set $posts)
    (func (export "acc") (result i32) global.get $acc)
    (func (export "posts") (result i32) global.get $posts)
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
  (core instance $i (instantiate $m))
  (func (export "next") (param "x" u32) (result u32)
    (canon lift (core func $i "next") (post-return (core func $i "post"))))
  (func (export "acc") (result u32) (canon lift (core func $i "acc")))
  (func (export "posts") (result u32) (canon lift (core func $i "posts")))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "add"))))"#;

fn instantiate(text: &str) -> Result<(Store<()>, crate::component::Instance)> {
    let engine = Engine::default();
    let component = Component::new(&engine, text)?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &component)?;
    Ok((store, instance))
}

/// `(acc, posts)` as the guest has them.
fn counters(store: &mut Store<()>, instance: &crate::component::Instance) -> Result<(u32, u32)> {
    let acc = instance.get_typed_func::<(), (u32,)>(&mut *store, "acc")?;
    let posts = instance.get_typed_func::<(), (u32,)>(&mut *store, "posts")?;
    Ok((acc.call(&mut *store, ())?.0, posts.call(&mut *store, ())?.0))
}

/// Each call runs `post-return` once, with its own core result, before it
/// returns; `post_return` afterwards runs nothing more.
#[test]
fn call_runs_post_return_once_with_the_core_result() -> Result<()> {
    let (mut store, instance) = instantiate(COUNTING)?;
    let next = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "next")?;
    assert_eq!(next.call(&mut store, (41,))?, (42,));
    assert_eq!(counters(&mut store, &instance)?, (42, 1));
    // The no-op: nothing runs, nothing fails.
    next.post_return(&mut store)?;
    next.post_return(&mut store)?;
    assert_eq!(counters(&mut store, &instance)?, (42, 1));

    // A dynamic call of the same function.
    let dynamic = *next.func();
    let mut out = [Val::U32(0)];
    dynamic.call(&mut store, &[Val::U32(1)], &mut out)?;
    assert_eq!(out, [Val::U32(2)]);
    dynamic.post_return(&mut store)?;
    assert_eq!(counters(&mut store, &instance)?, (44, 2));

    // Async calls, typed and dynamic.
    block_on(async {
        assert_eq!(next.call_async(&mut store, (9,)).await?, (10,));
        next.post_return_async(&mut store).await?;
        dynamic
            .call_async(&mut store, &[Val::U32(99)], &mut out)
            .await?;
        dynamic.post_return_async(&mut store).await
    })?;
    assert_eq!(out, [Val::U32(100)]);
    assert_eq!(counters(&mut store, &instance)?, (154, 4));
    Ok(())
}

/// Calls follow each other with nothing in between, typed and dynamic
/// views of one function interleaved; `post_return` before any call is no
/// error.
#[test]
fn calls_follow_each_other_without_post_return() -> Result<()> {
    let (mut store, instance) = instantiate(COUNTING)?;
    let add = instance.get_typed_func::<(u32, u32), (u32,)>(&mut store, "add")?;
    add.post_return(&mut store)?;
    assert_eq!(add.call(&mut store, (1, 2))?, (3,));
    assert_eq!(add.call(&mut store, (u32::MAX, 2))?, (1,));
    let dynamic = *add.func();
    let mut out = [Val::U32(0)];
    dynamic.call(&mut store, &[Val::U32(20), Val::U32(22)], &mut out)?;
    assert_eq!(out, [Val::U32(42)]);
    assert_eq!(add.call(&mut store, (5, 6))?, (11,));
    Ok(())
}

/// A wrong number of result slots is refused before the guest runs: no
/// `post-return` either.
#[test]
fn wrong_result_slots_are_refused_before_the_call() -> Result<()> {
    let (mut store, instance) = instantiate(COUNTING)?;
    let next = instance.get_func(&mut store, "next").expect("exported");
    let err = next.call(&mut store, &[Val::U32(1)], &mut []).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the function returns 1 values, but 0 result slots were given"
    );
    assert_eq!(counters(&mut store, &instance)?, (0, 0));
    Ok(())
}

/// `greet` copies "hello" to address 24 and returns it as a `string` (and,
/// lifted the same way, `bytes` as a `list<u8>`); its `post-return`
/// overwrites the returned bytes with `X`.
const OVERWRITING: &str = r#"(component
  (core module $m
    (memory (export "mem") 1)
    (data (i32.const 16) "\18\00\00\00\05\00\00\00")
    (data (i32.const 64) "hello")
    (func (export "greet") (result i32)
      (memory.copy (i32.const 24) (i32.const 64) (i32.const 5))
      i32.const 16)
    (func (export "post") (param $ret i32)
      (memory.fill
        (i32.load (local.get $ret))
        (i32.const 0x58)
        (i32.load offset=4 (local.get $ret)))))
  (core instance $i (instantiate $m))
  (func (export "greet") (result string)
    (canon lift (core func $i "greet") (memory (core memory $i "mem"))
      (post-return (core func $i "post"))))
  (func (export "bytes") (result (list u8))
    (canon lift (core func $i "greet") (memory (core memory $i "mem"))
      (post-return (core func $i "post")))))"#;

/// Owned results are lifted before `post-return` runs, so they hold what
/// the guest returned; `WasmStr` and `WasmList` results are read after it,
/// from memory as `post-return` left it (soundly: still in bounds, still
/// validated), as in Wasmtime.
#[test]
fn results_are_lifted_before_post_return() -> Result<()> {
    let (mut store, instance) = instantiate(OVERWRITING)?;
    let owned = instance.get_typed_func::<(), (String,)>(&mut store, "greet")?;
    let in_place = instance.get_typed_func::<(), (WasmStr,)>(&mut store, "greet")?;
    for _ in 0..2 {
        assert_eq!(owned.call(&mut store, ())?, ("hello".to_string(),));
    }
    let mut out = [Val::Bool(false)];
    instance
        .get_func(&mut store, "greet")
        .expect("exported")
        .call(&mut store, &[], &mut out)?;
    assert_eq!(out, [Val::String("hello".into())]);
    let (text,) = in_place.call(&mut store, ())?;
    assert_eq!(text.to_str(&store)?, "XXXXX");

    let bytes = instance.get_typed_func::<(), (Vec<u8>,)>(&mut store, "bytes")?;
    assert_eq!(bytes.call(&mut store, ())?, (b"hello".to_vec(),));
    let list = instance.get_typed_func::<(), (WasmList<u8>,)>(&mut store, "bytes")?;
    let (items,) = list.call(&mut store, ())?;
    assert_eq!(items.as_le_slice(&store), b"XXXXX");
    Ok(())
}

/// A trap in `post-return` is the call's error (its results are dropped),
/// and the instance is poisoned, as after any trap.
#[test]
fn a_trap_in_post_return_fails_the_call_and_poisons() -> Result<()> {
    let (mut store, instance) = instantiate(
        r#"(component
  (core module $m
    (func (export "f") (result i32) i32.const 7)
    (func (export "post") (param i32) unreachable))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32)
    (canon lift (core func $i "f") (post-return (core func $i "post")))))"#,
    )?;
    let f = instance.get_typed_func::<(), (u32,)>(&mut store, "f")?;
    let err = f.call(&mut store, ()).unwrap_err();
    assert_eq!(
        err.downcast_ref::<Trap>(),
        Some(&Trap::Unreachable),
        "{err:?}"
    );
    let err = f.call(&mut store, ()).unwrap_err();
    assert_eq!(
        err.downcast_ref::<Trap>(),
        Some(&Trap::CannotEnterComponent),
        "{err:?}"
    );
    assert!(
        format!("{err:#}").contains("cannot enter the component instance: it trapped earlier"),
        "{err:#}"
    );
    Ok(())
}
