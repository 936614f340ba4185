//! Type mismatches of typed functions (at `get_typed_func`) and typed host
//! functions (at link time), and reentrance, refused as for dynamic calls.
//! (`post-return` and the call protocol around it: `post_return.rs`.)

use super::{forwarder_component, ENCODINGS};
use crate::component::types::Type;
use crate::component::{Component, Linker, TypedFunc};
use crate::{Engine, Store, StoreContextMut, Trap};
use anyhow::Result;

fn add_component(engine: &Engine) -> Result<Component> {
    Component::new(
        engine,
        r#"(component
  (core module $m (func (export "add") (param i32 i32) (result i32)
      local.get 0 local.get 1 i32.add))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "add"))))"#,
    )
}

#[test]
fn typed_func_mismatches_name_the_export_and_both_types() -> Result<()> {
    let engine = Engine::default();
    let component = add_component(&engine)?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &component)?;
    let head = "type mismatch for export `add`: expected `func(a: u32, b: u32) -> u32`";
    let cases = [
        (
            instance
                .get_typed_func::<(u32, i64), (u32,)>(&mut store, "add")
                .unwrap_err(),
            "found `(u32, i64) -> (u32,)`: parameter `b`: expected `u32`, found Rust type `i64`",
        ),
        (
            instance
                .get_typed_func::<(u32,), (u32,)>(&mut store, "add")
                .unwrap_err(),
            "found `(u32,) -> (u32,)`: the function takes 2 parameters, the Rust parameter \
             tuple has 1 elements",
        ),
        (
            instance
                .get_typed_func::<(u32, u32), ()>(&mut store, "add")
                .unwrap_err(),
            "found `(u32, u32) -> ()`: the function returns 1 results, the Rust result tuple \
             has 0 elements",
        ),
        (
            instance
                .get_typed_func::<(u32, u32), (String,)>(&mut store, "add")
                .unwrap_err(),
            "found `(u32, u32) -> (String,)`: result: expected `u32`, found Rust type `String`",
        ),
    ];
    for (err, tail) in cases {
        assert_eq!(err.to_string(), format!("{head}, {tail}"));
    }
    let err = instance
        .get_typed_func::<(), ()>(&mut store, "nope")
        .unwrap_err();
    assert_eq!(err.to_string(), "the instance exports no function `nope`");
    let func = instance.get_func(&mut store, "add").expect("export");
    let err = func.typed::<(u32, u32), (i32,)>(&store).unwrap_err();
    assert_eq!(
        err.to_string(),
        "type mismatch for function: expected `func(a: u32, b: u32) -> u32`, found \
         `(u32, u32) -> (i32,)`: result: expected `u32`, found Rust type `i32`"
    );
    let typed = func.typed::<(u32, u32), (u32,)>(&store)?;
    assert_eq!(typed.call(&mut store, (2, 3))?, (5,));
    typed.post_return(&mut store)?;
    Ok(())
}

#[test]
fn host_function_mismatches_fail_at_link_time() -> Result<()> {
    let engine = Engine::default();
    let ty = Type::list(Type::String)?;
    let component = forwarder_component(
        &engine,
        std::slice::from_ref(&ty),
        std::slice::from_ref(&ty),
        ENCODINGS[0],
    )?;
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .func_wrap("f", |_: StoreContextMut<'_, ()>, (x,): (Vec<u32>,)| {
            Ok((x,))
        })?;
    let err = linker
        .instantiate_pre(&component)
        .err()
        .expect("a mismatch");
    assert_eq!(
        err.to_string(),
        "type mismatch for import `f`: expected `func(p0: list<string>) -> list<string>`, found \
         `(Vec<u32>,) -> (Vec<u32>,)`: parameter `p0`: list element: expected `string`, found \
         Rust type `u32`"
    );
    Ok(())
}

#[test]
fn nested_import_mismatch_names_the_path() -> Result<()> {
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
  (import "host" (instance $h (export "log" (func (param "msg" string)))))
  (alias export $h "log" (func $log))
  (core module $libc (memory (export "mem") 1))
  (core instance $libc (instantiate $libc))
  (core func $log' (canon lower (func $log) (memory (core memory $libc "mem")))))"#,
    )?;
    let mut linker = Linker::<()>::new(&engine);
    linker
        .instance("host")?
        .func_wrap("log", |_: StoreContextMut<'_, ()>, (_,): (u32,)| Ok(()))?;
    let err = linker
        .instantiate_pre(&component)
        .err()
        .expect("a mismatch");
    assert_eq!(
        err.to_string(),
        "type mismatch for import `host/log`: expected `func(msg: string)`, found \
         `(u32,) -> ()`: parameter `msg`: expected `string`, found Rust type `u32`"
    );
    Ok(())
}

/// A host function calling back into the instance that called it: the
/// instance may not be entered while it runs.
#[test]
fn reentrance_is_refused() -> Result<()> {
    type Data = Option<TypedFunc<(), ()>>;
    let engine = Engine::default();
    let component = forwarder_component(&engine, &[], &[], ENCODINGS[0])?;
    let mut linker = Linker::<Data>::new(&engine);
    linker
        .root()
        .func_wrap("f", |mut store: StoreContextMut<'_, Data>, (): ()| {
            let g = store.data().expect("set before the call");
            let err = g.call(&mut store, ()).unwrap_err();
            assert_eq!(
                err.downcast_ref::<Trap>(),
                Some(&Trap::CannotEnterComponent)
            );
            Err::<(), _>(err)
        })?;
    let mut store = Store::new(&engine, None);
    let instance = linker.instantiate(&mut store, &component)?;
    let g = instance.get_typed_func::<(), ()>(&mut store, "g")?;
    *store.data_mut() = Some(g);
    let err = g.call(&mut store, ()).unwrap_err();
    // The refusal, passed on by the host function under its name.
    assert_eq!(err.to_string(), "host function `f` failed");
    assert_eq!(
        err.root_cause().to_string(),
        "wasm trap: cannot enter component instance"
    );
    assert!(
        format!("{err:#}")
            .contains("cannot enter the component instance: it is already running (reentrance)"),
        "{err:#}"
    );
    Ok(())
}
