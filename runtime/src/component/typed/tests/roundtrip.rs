//! Every supported Rust type through the forwarder component (see `mod.rs`),
//! in all three string encodings: a typed call of `g` lowers the value into
//! the guest, the guest passes it to the typed host import `f`, which
//! records and returns it, and the result comes back out.

use super::{forwarder_component, ENCODINGS};
use crate::component::types::Type;
use crate::component::{Lift, Linker, Lower, WasmList, WasmStr};
use crate::{Engine, Store, StoreContextMut};
use anyhow::{Context, Result};
use std::fmt::Debug;

/// Echoes each of `values` (of component type `ty`) through the forwarder,
/// checking what the host saw and what came back.
pub(super) fn echo<T>(ty: Type, values: &[T]) -> Result<()>
where
    T: Lower + Lift + Clone + PartialEq + Debug + Send + Sync + 'static,
{
    let engine = Engine::default();
    for enc in ENCODINGS {
        let component = forwarder_component(
            &engine,
            std::slice::from_ref(&ty),
            std::slice::from_ref(&ty),
            enc,
        )?;
        let mut linker = Linker::<Vec<T>>::new(&engine);
        linker
            .root()
            .func_wrap("f", |mut store: StoreContextMut<'_, Vec<T>>, (x,): (T,)| {
                store.data_mut().push(x.clone());
                Ok((x,))
            })?;
        let mut store = Store::new(&engine, Vec::new());
        let instance = linker.instantiate(&mut store, &component)?;
        let g = instance.get_typed_func::<(T,), (T,)>(&mut store, "g")?;
        for v in values {
            let (out,) = g
                .call(&mut store, (v.clone(),))
                .with_context(|| format!("`{ty}` with {enc}: {v:?}"))?;
            g.post_return(&mut store)?;
            assert_eq!(&out, v, "`{ty}` with {enc}");
            assert_eq!(store.data().last(), Some(v), "`{ty}` with {enc}, host side");
        }
    }
    Ok(())
}

#[test]
fn scalars() -> Result<()> {
    echo(Type::Bool, &[true, false])?;
    echo(Type::U8, &[0u8, 1, 0xff])?;
    echo(Type::S8, &[0i8, -1, i8::MIN, i8::MAX])?;
    echo(Type::U16, &[0u16, 0xffff])?;
    echo(Type::S16, &[-1i16, i16::MIN])?;
    echo(Type::U32, &[0u32, u32::MAX])?;
    echo(Type::S32, &[-1i32, i32::MIN, i32::MAX])?;
    echo(Type::U64, &[0u64, u64::MAX])?;
    echo(Type::S64, &[-1i64, i64::MIN])?;
    echo(
        Type::Float32,
        &[0.0f32, -1.5, f32::INFINITY, f32::MIN_POSITIVE],
    )?;
    echo(Type::Float64, &[0.0f64, -1.5, f64::NEG_INFINITY, f64::MAX])?;
    echo(Type::Char, &['a', 'é', '∂', '🦀', '\u{10ffff}'])
}

#[test]
fn nan_is_canonicalized() -> Result<()> {
    let engine = Engine::default();
    let component = forwarder_component(
        &engine,
        &[Type::Float32, Type::Float64],
        &[Type::tuple([Type::Float32, Type::Float64])?],
        ENCODINGS[0],
    )?;
    let mut linker = Linker::<Vec<(u32, u64)>>::new(&engine);
    linker.root().func_wrap(
        "f",
        |mut store: StoreContextMut<'_, Vec<(u32, u64)>>, (a, b): (f32, f64)| {
            store.data_mut().push((a.to_bits(), b.to_bits()));
            Ok(((
                f32::from_bits(0xffc0_1234),
                f64::from_bits(0x7ff0_0000_0000_0001),
            ),))
        },
    )?;
    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &component)?;
    let g = instance.get_typed_func::<(f32, f64), ((f32, f64),)>(&mut store, "g")?;
    let ((a, b),) = g.call(
        &mut store,
        (
            f32::from_bits(0x7f80_0001),
            f64::from_bits(0xfff8_0000_0000_0002),
        ),
    )?;
    g.post_return(&mut store)?;
    assert_eq!(store.data(), &[(0x7fc0_0000, 0x7ff8_0000_0000_0000)]);
    assert_eq!(
        (a.to_bits(), b.to_bits()),
        (0x7fc0_0000, 0x7ff8_0000_0000_0000)
    );
    Ok(())
}

#[test]
fn strings() -> Result<()> {
    let texts: Vec<String> = ["", "ascii", "café ÿ", "∂x/∂t", "🦀 crab", "mixé ∂ 🦀"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    echo(Type::String, &texts)?;
    let long = "é".repeat(5000) + &"∂".repeat(5000);
    echo(Type::String, &[long])
}

#[test]
fn lists() -> Result<()> {
    echo(Type::list(Type::U8)?, &[vec![], vec![1u8, 2, 3]])?;
    echo(Type::list(Type::U32)?, &[vec![1u32, u32::MAX, 7]])?;
    echo(Type::list(Type::Float64)?, &[vec![1.5f64, -0.0]])?;
    echo(Type::list(Type::Bool)?, &[vec![true, false, true]])?;
    echo(Type::list(Type::Char)?, &[vec!['a', '🦀']])?;
    echo(
        Type::list(Type::String)?,
        &[vec!["one".to_string(), String::new(), "∂rei".to_string()]],
    )?;
    echo(
        Type::list(Type::list(Type::U16)?)?,
        &[vec![vec![1u16], vec![], vec![2, 3]]],
    )?;
    echo(
        Type::list(Type::tuple([Type::U8, Type::String])?)?,
        &[vec![(1u8, "a".to_string()), (2, "bé".to_string())]],
    )?;
    echo(
        Type::list(Type::option(Type::U64)?)?,
        &[vec![Some(1u64), None, Some(u64::MAX)]],
    )
}

#[test]
fn options_and_results() -> Result<()> {
    echo(Type::option(Type::U32)?, &[None, Some(7u32)])?;
    echo(
        Type::option(Type::String)?,
        &[None, Some("some".to_string())],
    )?;
    echo(
        Type::option(Type::option(Type::U8)?)?,
        &[None, Some(None), Some(Some(3u8))],
    )?;
    echo(
        Type::result(Some(Type::U32), Some(Type::String))?,
        &[Ok(5u32), Err("bad ∂".to_string())],
    )?;
    echo(
        Type::result(None, Some(Type::String))?,
        &[Ok(()), Err("no".to_string())],
    )?;
    echo(
        Type::result(Some(Type::String), None)?,
        &[Ok("yes".to_string()), Err(())],
    )?;
    echo(Type::result(None, None)?, &[Ok::<(), ()>(()), Err(())])?;
    // Joined slots: `f32` and `u64` share an `i64` slot.
    echo(
        Type::result(Some(Type::Float32), Some(Type::U64))?,
        &[Ok(1.25f32), Err(u64::MAX)],
    )
}

#[test]
fn tuples_and_boxes() -> Result<()> {
    echo(Type::tuple([Type::U8])?, &[(9u8,)])?;
    echo(
        Type::tuple([Type::U8, Type::String, Type::Float64])?,
        &[(1u8, "two".to_string(), 3.0f64)],
    )?;
    echo(Type::U32, &[Box::new(5u32)])?;
    echo(Type::String, &[Box::new("boxed".to_string())])
}

/// Nine strings flatten to 18 core values: the parameters spill into a
/// block the caller allocates, in both directions.
#[test]
fn spilled_parameters() -> Result<()> {
    let ty = Type::tuple(std::iter::repeat_n(Type::String, 9))?;
    let s = |t: &str| t.to_string();
    echo(
        ty,
        &[(
            s("a"),
            s("b"),
            s("ç"),
            s("∂"),
            s(""),
            s("f"),
            s("g"),
            s("🦀"),
            s("i"),
        )],
    )
}

/// Sixteen parameters of one flat value each: the most that are still
/// passed flat.
#[test]
fn sixteen_flat_parameters() -> Result<()> {
    type Sixteen = (
        u32,
        u32,
        u32,
        u32,
        u32,
        u32,
        u32,
        u32,
        u32,
        u32,
        u32,
        u32,
        u32,
        u32,
        u32,
        u32,
    );
    let engine = Engine::default();
    let params: Vec<Type> = std::iter::repeat_n(Type::U32, 16).collect();
    let component = forwarder_component(&engine, &params, &[Type::U64], ENCODINGS[0])?;
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .func_wrap("f", |_: StoreContextMut<'_, ()>, p: Sixteen| {
            let all = [
                p.0, p.1, p.2, p.3, p.4, p.5, p.6, p.7, p.8, p.9, p.10, p.11, p.12, p.13, p.14,
                p.15,
            ];
            Ok((all
                .iter()
                .enumerate()
                .map(|(i, x)| (i as u64 + 1) * u64::from(*x))
                .sum::<u64>(),))
        })?;
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component)?;
    let g = instance.get_typed_func::<Sixteen, (u64,)>(&mut store, "g")?;
    let (sum,) = g.call(&mut store, (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2))?;
    g.post_return(&mut store)?;
    assert_eq!(sum, (1..=16).sum::<u64>() + 16);
    Ok(())
}

#[test]
fn several_parameters_and_lower_only_types() -> Result<()> {
    let engine = Engine::default();
    let params = [Type::U32, Type::String, Type::list(Type::S16)?];
    let result = Type::tuple(params.clone())?;
    for enc in ENCODINGS {
        let component = forwarder_component(&engine, &params, std::slice::from_ref(&result), enc)?;
        let mut linker = Linker::<()>::new(&engine);
        linker.root().func_wrap(
            "f",
            |_: StoreContextMut<'_, ()>, (a, b, c): (u32, String, Vec<i16>)| Ok(((a, b, c),)),
        )?;
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate(&mut store, &component)?;
        let g = instance
            .get_typed_func::<(u32, &str, &[i16]), ((u32, String, Vec<i16>),)>(&mut store, "g")?;
        let ((a, b, c),) = g.call(&mut store, (7, "sept ∂", &[-1, 2, -3]))?;
        g.post_return(&mut store)?;
        assert_eq!(
            (a, b.as_str(), c.as_slice()),
            (7, "sept ∂", &[-1i16, 2, -3][..])
        );
    }
    Ok(())
}

#[test]
fn no_parameters_no_results() -> Result<()> {
    let engine = Engine::default();
    let component = forwarder_component(&engine, &[], &[], ENCODINGS[0])?;
    let mut linker = Linker::<u32>::new(&engine);
    linker
        .root()
        .func_wrap("f", |mut store: StoreContextMut<'_, u32>, (): ()| {
            *store.data_mut() += 1;
            Ok(())
        })?;
    let mut store = Store::new(&engine, 0);
    let instance = linker.instantiate(&mut store, &component)?;
    let g = instance.get_typed_func::<(), ()>(&mut store, "g")?;
    for _ in 0..3 {
        g.call(&mut store, ())?;
        g.post_return(&mut store)?;
    }
    assert_eq!(*store.data(), 3);
    Ok(())
}

/// `WasmStr` on both sides: the host reads the guest's string in place,
/// and the caller reads the result in place after the call (the forwarder
/// has no `post-return`, so the string is still there).
#[test]
fn wasm_str_in_every_encoding() -> Result<()> {
    let engine = Engine::default();
    for enc in ENCODINGS {
        let component = forwarder_component(&engine, &[Type::String], &[Type::String], enc)?;
        let mut linker = Linker::<()>::new(&engine);
        linker
            .root()
            .func_wrap("f", |store: StoreContextMut<'_, ()>, (s,): (WasmStr,)| {
                let text = s.to_str(&store)?;
                Ok((text.to_uppercase(),))
            })?;
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate(&mut store, &component)?;
        let g = instance.get_typed_func::<(&str,), (WasmStr,)>(&mut store, "g")?;
        for text in ["shout", "café", "∂ 🦀", ""] {
            let (out,) = g.call(&mut store, (text,))?;
            assert_eq!(out.to_str(&store)?, text.to_uppercase(), "{enc}");
            g.post_return(&mut store)?;
        }
    }
    Ok(())
}

/// `WasmList` on both sides, with zero-copy access to integer elements.
#[test]
fn wasm_list_in_place() -> Result<()> {
    let engine = Engine::default();
    for enc in ENCODINGS {
        let ty = Type::list(Type::U32)?;
        let component = forwarder_component(
            &engine,
            std::slice::from_ref(&ty),
            std::slice::from_ref(&ty),
            enc,
        )?;
        let mut linker = Linker::<()>::new(&engine);
        linker.root().func_wrap(
            "f",
            |mut store: StoreContextMut<'_, ()>, (l,): (WasmList<u32>,)| {
                let mut doubled: Vec<u32> = l.as_le_slice(&store).iter().map(|x| x * 2).collect();
                if let Some(first) = l.get(&mut store, 0) {
                    doubled.push(first?);
                }
                Ok((doubled,))
            },
        )?;
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate(&mut store, &component)?;
        let g = instance.get_typed_func::<(&[u32],), (WasmList<u32>,)>(&mut store, "g")?;
        let (out,) = g.call(&mut store, (&[1, 2, 3],))?;
        assert_eq!(out.as_le_slice(&store), &[2, 4, 6, 1]);
        assert_eq!(out.len(), 4);
        let items = out.iter(&mut store).collect::<Result<Vec<_>>>()?;
        assert_eq!(items, [2, 4, 6, 1]);
        assert!(out.get(&mut store, 4).is_none());
        g.post_return(&mut store)?;
    }
    Ok(())
}

#[test]
fn wasm_list_of_strings() -> Result<()> {
    let engine = Engine::default();
    let ty = Type::list(Type::String)?;
    for enc in ENCODINGS {
        let component = forwarder_component(
            &engine,
            std::slice::from_ref(&ty),
            std::slice::from_ref(&ty),
            enc,
        )?;
        let mut linker = Linker::<()>::new(&engine);
        linker.root().func_wrap(
            "f",
            |mut store: StoreContextMut<'_, ()>, (l,): (WasmList<WasmStr>,)| {
                let mut out = Vec::new();
                for s in l.iter(&mut store).collect::<Result<Vec<_>>>()? {
                    out.push(s.to_str(&store)?.chars().rev().collect::<String>());
                }
                Ok((out,))
            },
        )?;
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate(&mut store, &component)?;
        let g = instance.get_typed_func::<(Vec<String>,), (Vec<String>,)>(&mut store, "g")?;
        let (out,) = g.call(&mut store, (vec!["abc".into(), "∂é".into()],))?;
        g.post_return(&mut store)?;
        assert_eq!(out, ["cba", "é∂"], "{enc}");
    }
    Ok(())
}
