//! Round-trip property tests: random component types and values through the
//! forwarder component (see `mod.rs`), whose export `g` hands its argument to
//! the host import `f` and returns what `f` returns.
//!
//! - dynamic: a random `Type` and a random `Val` of it, with `func_new` on the
//!   host side and `Func::call` from the host;
//! - typed: a fixed set of Rust types with random values, with `func_wrap` and
//!   `TypedFunc`.
//!
//! Each case runs in all three string encodings; the value that comes back,
//! and the value the host import saw, must equal the value sent.

use super::{forwarder_component, ENCODINGS};
use crate::component::types::Type;
use crate::component::values::Val;
use crate::component::{Lift, Linker, Lower};
use crate::{Engine, Store, StoreContextMut};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::fmt::Debug;

/// Distinct field, case and flag names.
fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("n{i}")).collect()
}

/// A random scalar type: a primitive other than `string`, an `enum` or a
/// `flags`.
pub(crate) fn scalar_leaf() -> impl Strategy<Value = Type> {
    prop_oneof![
        Just(Type::Bool),
        Just(Type::U8),
        Just(Type::S8),
        Just(Type::U16),
        Just(Type::S16),
        Just(Type::U32),
        Just(Type::S32),
        Just(Type::U64),
        Just(Type::S64),
        Just(Type::Float32),
        Just(Type::Float64),
        Just(Type::Char),
        (1usize..4).prop_map(|n| Type::enumeration(names(n)).expect("valid enum")),
        (1usize..33).prop_map(|n| Type::flags(names(n)).expect("valid flags")),
    ]
}

fn leaf() -> impl Strategy<Value = Type> {
    prop_oneof![13 => scalar_leaf(), 1 => Just(Type::String)]
}

pub(crate) fn any_type() -> impl Strategy<Value = Type> {
    leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|t| Type::list(t).expect("valid list")),
            prop::collection::vec(inner.clone(), 1..4)
                .prop_map(
                    |ts| Type::record(names(ts.len()).into_iter().zip(ts)).expect("valid record")
                ),
            prop::collection::vec(inner.clone(), 1..4)
                .prop_map(|ts| Type::tuple(ts).expect("valid tuple")),
            prop::collection::vec(prop::option::of(inner.clone()), 1..4).prop_map(|cs| {
                Type::variant(names(cs.len()).into_iter().zip(cs)).expect("valid variant")
            }),
            inner
                .clone()
                .prop_map(|t| Type::option(t).expect("valid option")),
            (prop::option::of(inner.clone()), prop::option::of(inner))
                .prop_map(|(ok, err)| Type::result(ok, err).expect("valid result")),
        ]
    })
}

/// A random value of `ty`.
pub(crate) fn value_of(ty: &Type) -> BoxedStrategy<Val> {
    match ty {
        Type::Bool => any::<bool>().prop_map(Val::Bool).boxed(),
        Type::U8 => any::<u8>().prop_map(Val::U8).boxed(),
        Type::S8 => any::<i8>().prop_map(Val::S8).boxed(),
        Type::U16 => any::<u16>().prop_map(Val::U16).boxed(),
        Type::S16 => any::<i16>().prop_map(Val::S16).boxed(),
        Type::U32 => any::<u32>().prop_map(Val::U32).boxed(),
        Type::S32 => any::<i32>().prop_map(Val::S32).boxed(),
        Type::U64 => any::<u64>().prop_map(Val::U64).boxed(),
        Type::S64 => any::<i64>().prop_map(Val::S64).boxed(),
        Type::Float32 => any::<f32>().prop_map(Val::Float32).boxed(),
        Type::Float64 => any::<f64>().prop_map(Val::Float64).boxed(),
        Type::Char => any::<char>().prop_map(Val::Char).boxed(),
        Type::String => any::<String>().prop_map(Val::String).boxed(),
        Type::Own(_) | Type::Borrow(_) => unreachable!("the generator makes no handle types"),
        Type::List(l) => prop::collection::vec(value_of(l.ty()), 0..4)
            .prop_map(Val::List)
            .boxed(),
        Type::Record(r) => {
            let fields: Vec<(String, Type)> = r
                .fields()
                .map(|(n, t)| (n.to_string(), t.clone()))
                .collect();
            let strategies: Vec<_> = fields.iter().map(|(_, t)| value_of(t)).collect();
            strategies
                .prop_map(move |vals| {
                    Val::Record(fields.iter().map(|(n, _)| n.clone()).zip(vals).collect())
                })
                .boxed()
        }
        Type::Tuple(t) => {
            let strategies: Vec<_> = t.types().map(value_of).collect();
            strategies.prop_map(Val::Tuple).boxed()
        }
        Type::Variant(v) => {
            let cases: Vec<BoxedStrategy<Val>> = v
                .cases()
                .map(|(n, t)| {
                    let n = n.to_string();
                    match t {
                        Some(t) => value_of(t)
                            .prop_map(move |p| Val::Variant(n.clone(), Some(Box::new(p))))
                            .boxed(),
                        None => Just(Val::Variant(n, None)).boxed(),
                    }
                })
                .collect();
            prop::strategy::Union::new(cases).boxed()
        }
        Type::Enum(e) => {
            let names: Vec<String> = e.names().map(str::to_string).collect();
            prop::sample::select(names).prop_map(Val::Enum).boxed()
        }
        Type::Option(o) => prop::option::of(value_of(o.ty()))
            .prop_map(|v| Val::Option(v.map(Box::new)))
            .boxed(),
        Type::Result(r) => {
            let side = |t: Option<&Type>| match t {
                Some(t) => value_of(t).prop_map(|v| Some(Box::new(v))).boxed(),
                None => Just(None).boxed(),
            };
            prop_oneof![
                side(r.ok()).prop_map(|v| Val::Result(Ok(v))),
                side(r.err()).prop_map(|v| Val::Result(Err(v))),
            ]
            .boxed()
        }
        Type::Flags(f) => {
            let names: Vec<String> = f.names().map(str::to_string).collect();
            prop::sample::subsequence(names.clone(), 0..=names.len())
                .prop_map(Val::Flags)
                .boxed()
        }
    }
}

/// Canonical NaNs come back from a lift: compare floats as the spec does.
fn same(a: &Val, b: &Val) -> bool {
    a == b
}

#[test]
fn dynamic_values_round_trip_through_a_guest_and_the_host() {
    let engine = Engine::default();
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config {
        cases: 40,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = any_type()
        .prop_flat_map(|ty| (Just(ty.clone()), prop::collection::vec(value_of(&ty), 1..4)));
    runner
        .run(&strategy, |(ty, values)| {
            for enc in ENCODINGS {
                let component = forwarder_component(
                    &engine,
                    std::slice::from_ref(&ty),
                    std::slice::from_ref(&ty),
                    enc,
                )
                .map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
                let mut linker = Linker::<Vec<Val>>::new(&engine);
                linker
                    .root()
                    .func_new("f", |mut store, params, results| {
                        store.data_mut().push(params[0].clone());
                        results[0] = params[0].clone();
                        Ok(())
                    })
                    .map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
                let mut store = Store::new(&engine, Vec::new());
                let instance = linker
                    .instantiate(&mut store, &component)
                    .map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
                let g = instance.get_func(&mut store, "g").expect("export g");
                for v in &values {
                    let mut out = [Val::Bool(false)];
                    g.call(&mut store, std::slice::from_ref(v), &mut out)
                        .map_err(|e| TestCaseError::fail(format!("`{ty}` with {enc}: {e:#}")))?;
                    g.post_return(&mut store)
                        .map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
                    calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    prop_assert!(
                        same(&out[0], v),
                        "`{}` with {}: sent {:?}, got {:?}",
                        ty,
                        enc,
                        v,
                        out[0]
                    );
                    prop_assert!(
                        same(store.data().last().expect("host saw it"), v),
                        "host side of `{}`",
                        ty
                    );
                }
            }
            Ok(())
        })
        .expect("round trips hold");
    // 40 cases, three encodings, at least one value each.
    assert!(calls.into_inner() >= 120, "the property ran too few calls");
}

fn typed_round_trip<T>(ty: Type, strategy: impl Strategy<Value = Vec<T>>)
where
    T: Lower + Lift + Clone + PartialEq + Debug + Send + Sync + 'static,
{
    let engine = Engine::default();
    let components: Vec<_> = ENCODINGS
        .iter()
        .map(|enc| {
            forwarder_component(
                &engine,
                std::slice::from_ref(&ty),
                std::slice::from_ref(&ty),
                *enc,
            )
            .expect("the forwarder compiles")
        })
        .collect();
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |values| {
            for (component, enc) in components.iter().zip(ENCODINGS) {
                let mut linker = Linker::<Vec<T>>::new(&engine);
                linker
                    .root()
                    .func_wrap("f", |mut store: StoreContextMut<'_, Vec<T>>, (x,): (T,)| {
                        store.data_mut().push(x.clone());
                        Ok((x,))
                    })
                    .map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
                let mut store = Store::new(&engine, Vec::new());
                let instance = linker
                    .instantiate(&mut store, component)
                    .map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
                let g = instance
                    .get_typed_func::<(T,), (T,)>(&mut store, "g")
                    .map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
                for v in &values {
                    let (out,) = g
                        .call(&mut store, (v.clone(),))
                        .map_err(|e| TestCaseError::fail(format!("`{ty}` with {enc}: {e:#}")))?;
                    g.post_return(&mut store)
                        .map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
                    prop_assert_eq!(&out, v);
                    prop_assert_eq!(store.data().last(), Some(v));
                }
            }
            Ok(())
        })
        .expect("typed round trips hold");
}

fn vals<T: Debug>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Vec<T>> {
    prop::collection::vec(s, 1..4)
}

#[test]
fn typed_values_round_trip_through_a_guest_and_the_host() -> anyhow::Result<()> {
    typed_round_trip(Type::U8, vals(any::<u8>()));
    typed_round_trip(Type::S64, vals(any::<i64>()));
    typed_round_trip(Type::Char, vals(any::<char>()));
    typed_round_trip(Type::String, vals(any::<String>()));
    typed_round_trip(
        Type::list(Type::String)?,
        vals(prop::collection::vec(any::<String>(), 0..4)),
    );
    typed_round_trip(
        Type::option(Type::tuple([Type::U16, Type::String])?)?,
        vals(prop::option::of((any::<u16>(), any::<String>()))),
    );
    typed_round_trip(
        Type::result(Some(Type::list(Type::U32)?), Some(Type::String))?,
        vals(prop_oneof![
            prop::collection::vec(any::<u32>(), 0..8).prop_map(Ok),
            any::<String>().prop_map(Err)
        ]),
    );
    typed_round_trip(
        Type::tuple([
            Type::Bool,
            Type::S32,
            Type::list(Type::option(Type::Char)?)?,
        ])?,
        vals((
            any::<bool>(),
            any::<i32>(),
            prop::collection::vec(prop::option::of(any::<char>()), 0..4),
        )),
    );
    Ok(())
}
