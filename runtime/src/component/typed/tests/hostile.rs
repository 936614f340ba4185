//! Guests handing invalid values to the typed path: each is a trap of the
//! check's kind ([`Trap::PointerOutOfBounds`], [`Trap::InvalidUtf8`], …)
//! with an exact message, never a panic, and the instance is poisoned
//! afterwards.

use crate::component::{Component, Linker, WasmList, WasmStr};
use crate::{Engine, Store, StoreContextMut, Trap};
use anyhow::Result;

/// A component whose export `g` (of type `func() -> {result}`) runs
/// `body` over a memory holding `data` at address 16.
fn returning(result: &str, core_result: &str, data: &str, body: &str, encoding: &str) -> String {
    format!(
        r#"(component
  (core module $m
    (memory (export "mem") 1)
    (data (i32.const 16) "{data}")
    (func (export "g") (result {core_result}) {body}))
  (core instance $i (instantiate $m))
  (func (export "g") (result {result})
    (canon lift (core func $i "g") (memory (core memory $i "mem")) string-encoding={encoding})))"#
    )
}

/// Instantiates `text` with an empty linker.
fn instance(text: &str) -> Result<(Store<()>, crate::component::Instance)> {
    let engine = Engine::default();
    let component = Component::new(&engine, text)?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &component)?;
    Ok((store, instance))
}

/// Checks that `err` is the trap `kind` with exactly `msg`.
fn assert_trap(err: anyhow::Error, kind: Trap, msg: &str) {
    assert_eq!(err.downcast_ref::<Trap>(), Some(&kind), "{err:?}");
    assert_eq!(err.to_string(), msg);
}

#[test]
fn out_of_bounds_list_traps_and_poisons() -> Result<()> {
    // (pointer 0xfff0, length 100): 400 bytes past the end of one page.
    let text = returning(
        "(list u32)",
        "i32",
        r"\f0\ff\00\00\64\00\00\00",
        "i32.const 16",
        "utf8",
    );
    let msg = "list: 400 bytes at 0xfff0 exceed memory size 65536";
    let (mut store, instance) = instance(&text)?;
    let g = instance.get_typed_func::<(), (Vec<u32>,)>(&mut store, "g")?;
    assert_trap(
        g.call(&mut store, ()).unwrap_err(),
        Trap::PointerOutOfBounds,
        msg,
    );
    let err = g.call(&mut store, ()).unwrap_err();
    assert_eq!(
        err.downcast_ref::<Trap>(),
        Some(&Trap::CannotEnterComponent)
    );
    assert_eq!(
        err.to_string(),
        "cannot enter the component instance: it trapped earlier"
    );
    // A lazily read list checks its block when lifted, too.
    let (mut store, instance) = self::instance(&text)?;
    let g = instance.get_typed_func::<(), (WasmList<u32>,)>(&mut store, "g")?;
    assert_trap(
        g.call(&mut store, ()).unwrap_err(),
        Trap::PointerOutOfBounds,
        msg,
    );
    Ok(())
}

#[test]
fn unaligned_result_pointer_traps() -> Result<()> {
    let text = returning("(list u32)", "i32", "", "i32.const 17", "utf8");
    let (mut store, instance) = instance(&text)?;
    let g = instance.get_typed_func::<(), (Vec<u32>,)>(&mut store, "g")?;
    assert_trap(
        g.call(&mut store, ()).unwrap_err(),
        Trap::UnalignedPointer,
        "result block: pointer 0x11 is not aligned to 4",
    );
    Ok(())
}

#[test]
fn invalid_utf8_traps() -> Result<()> {
    // (pointer 24, length 2), then the bytes ff fe at 24.
    let text = returning(
        "string",
        "i32",
        r"\18\00\00\00\02\00\00\00\ff\fe",
        "i32.const 16",
        "utf8",
    );
    let msg = "string: invalid utf-8 sequence of 1 bytes from index 0";
    let (mut store, instance) = instance(&text)?;
    let g = instance.get_typed_func::<(), (String,)>(&mut store, "g")?;
    assert_trap(g.call(&mut store, ()).unwrap_err(), Trap::InvalidUtf8, msg);
    // A `WasmStr` is lifted fine and fails when read.
    let (mut store, instance) = self::instance(&text)?;
    let g = instance.get_typed_func::<(), (WasmStr,)>(&mut store, "g")?;
    let (s,) = g.call(&mut store, ())?;
    assert_trap(s.to_str(&store).unwrap_err(), Trap::InvalidUtf8, msg);
    g.post_return(&mut store)?;
    Ok(())
}

#[test]
fn unpaired_surrogate_traps() -> Result<()> {
    // (pointer 24, length 1 code unit), then 0xd800 at 24.
    let text = returning(
        "string",
        "i32",
        r"\18\00\00\00\01\00\00\00\00\d8",
        "i32.const 16",
        "utf16",
    );
    let (mut store, instance) = instance(&text)?;
    let g = instance.get_typed_func::<(), (String,)>(&mut store, "g")?;
    assert_trap(
        g.call(&mut store, ()).unwrap_err(),
        Trap::InvalidUtf16,
        "string: unpaired surrogate 0xd800",
    );
    Ok(())
}

#[test]
fn bad_discriminants_trap() -> Result<()> {
    // `result` flattens to one i32: the discriminant.
    let text = returning("(result)", "i32", "", "i32.const 2", "utf8");
    let (mut store, instance) = instance(&text)?;
    let g = instance.get_typed_func::<(), (Result<(), ()>,)>(&mut store, "g")?;
    assert_trap(
        g.call(&mut store, ()).unwrap_err(),
        Trap::InvalidDiscriminant,
        "discriminant 2 out of range [0..2)",
    );
    // `option<u8>` spills: its discriminant is read from memory.
    let text = returning("(option u8)", "i32", r"\07", "i32.const 16", "utf8");
    let (mut store, instance) = self::instance(&text)?;
    let g = instance.get_typed_func::<(), (Option<u8>,)>(&mut store, "g")?;
    assert_trap(
        g.call(&mut store, ()).unwrap_err(),
        Trap::InvalidDiscriminant,
        "discriminant 7 out of range [0..2)",
    );
    Ok(())
}

#[test]
fn invalid_char_traps() -> Result<()> {
    let text = returning("char", "i32", "", "i32.const 0xd800", "utf8");
    let (mut store, instance) = instance(&text)?;
    let g = instance.get_typed_func::<(), (char,)>(&mut store, "g")?;
    assert_trap(
        g.call(&mut store, ()).unwrap_err(),
        Trap::InvalidChar,
        "`char` bit pattern 0xd800 is not a Unicode scalar value",
    );
    Ok(())
}

/// A guest passing a bad string to a typed host function: the host's lift
/// traps, and the trap comes out of the call that entered the guest.
#[test]
fn bad_argument_to_host_traps() -> Result<()> {
    let text = r#"(component
  (import "f" (func $f (param "s" string)))
  (core module $libc (memory (export "mem") 1))
  (core instance $libc (instantiate $libc))
  (core func $f' (canon lower (func $f) (memory (core memory $libc "mem"))))
  (core module $m
    (import "" "f" (func $f (param i32 i32)))
    (func (export "g") (call $f (i32.const 0xfffe) (i32.const 10))))
  (core instance $i (instantiate $m (with "" (instance (export "f" (func $f'))))))
  (func (export "g") (canon lift (core func $i "g"))))"#;
    let engine = Engine::default();
    let component = Component::new(&engine, text)?;
    let mut linker = Linker::<bool>::new(&engine);
    linker.root().func_wrap(
        "f",
        |mut store: StoreContextMut<'_, bool>, (_,): (String,)| {
            *store.data_mut() = true;
            Ok(())
        },
    )?;
    let mut store = Store::new(&engine, false);
    let instance = linker.instantiate(&mut store, &component)?;
    let g = instance.get_typed_func::<(), ()>(&mut store, "g")?;
    assert_trap(
        g.call(&mut store, ()).unwrap_err(),
        Trap::PointerOutOfBounds,
        "string: 10 bytes at 0xfffe exceed memory size 65536",
    );
    assert!(!store.data(), "the host function must not run");
    Ok(())
}

/// A guest `realloc` returning a misaligned block while a typed call
/// lowers a list into it.
#[test]
fn misaligned_realloc_traps() -> Result<()> {
    let text = r#"(component
  (core module $m
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 3)
    (func (export "g") (param i32 i32)))
  (core instance $i (instantiate $m))
  (func (export "g") (param "l" (list u32))
    (canon lift (core func $i "g") (memory (core memory $i "mem"))
      (realloc (core func $i "realloc")))))"#;
    let (mut store, instance) = instance(text)?;
    let g = instance.get_typed_func::<(&[u32],), ()>(&mut store, "g")?;
    assert_trap(
        g.call(&mut store, (&[1, 2],)).unwrap_err(),
        Trap::UnalignedPointer,
        "realloc result: pointer 0x3 is not aligned to 4",
    );
    Ok(())
}
