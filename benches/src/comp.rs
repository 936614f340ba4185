//! The component workloads (`comp_*`), run on hoist.
//!
//! As in `core`, each set-up function loads its component, checks the results
//! the shared contract lists, and returns a [`Bench`] timing one operation.
//! hoist's `TypedFunc::call` runs the guest's `post-return` itself, as
//! Wasmtime 48's does, so every timed call includes it on both sides.

use crate::measure::{time_units, Bench};
use crate::Ctx;
use anyhow::{ensure, Context, Result};
use hoist::component::__internal::{typecheck_record, Fields, LowerContext};
use hoist::component::{Component, ComponentType, Instance, Linker, Lower, Type};
use hoist::{Store, ValRaw};
use std::hint::black_box;
use std::time::Instant;

/// The loop count of `comp_host_import`'s `run`.
const LOOP_N: u32 = 1_000_000;
/// `sum(0..LOOP_N) mod 2^32`.
const LOOP_EXPECTED: u32 = 1_783_293_664;
/// Elements of the `comp_list_sum` list.
const LIST_LEN: u32 = 1_000_000;
/// Records of the `comp_list_records` list.
const RECORDS_LEN: usize = 10_000;

impl Ctx {
    /// Compiles the workload component `{dir}/{name}.wat`.
    pub fn component(&self, name: &str) -> Result<Component> {
        let path = self.dir.join(format!("{name}.wat"));
        Component::from_file(&self.engine, &path)
            .with_context(|| format!("loading component {}", path.display()))
    }
}

/// Instantiates a component without imports in a fresh store.
fn instantiate_plain(cx: &Ctx, name: &str) -> Result<(Store<()>, Instance)> {
    let component = cx.component(name)?;
    let linker = Linker::<()>::new(&cx.engine);
    let mut store = Store::new(&cx.engine, ());
    let instance = linker
        .instantiate(&mut store, &component)
        .with_context(|| format!("instantiating {name}"))?;
    Ok((store, instance))
}

/// `comp_nop`: a typed call of `nop: func()` (its post-return included).
pub fn comp_nop(cx: &Ctx) -> Result<Bench> {
    let (mut store, instance) = instantiate_plain(cx, "comp_nop")?;
    let f = instance.get_typed_func::<(), ()>(&mut store, "nop")?;
    f.call(&mut store, ())?;
    Ok(Bench::new(
        "comp_nop",
        "typed call nop() incl. post-return",
        1,
        move |units| time_units(units, || f.call(&mut store, ())),
    ))
}

/// `comp_add`: a typed call of `add: func(a: u32, b: u32) -> u32`.
pub fn comp_add(cx: &Ctx) -> Result<Bench> {
    let (mut store, instance) = instantiate_plain(cx, "comp_add")?;
    let f = instance.get_typed_func::<(u32, u32), (u32,)>(&mut store, "add")?;
    for (a, b, want) in [(2u32, 3u32, 5u32), (u32::MAX, 2, 1), (1 << 31, 1 << 31, 0)] {
        let (got,) = f.call(&mut store, (a, b))?;
        ensure!(
            got == want,
            "comp_add: add({a}, {b}) returned {got}, expected {want}"
        );
    }
    Ok(Bench::new(
        "comp_add",
        "typed call add(a, b)",
        1,
        move |units| {
            time_units(units, || {
                black_box(f.call(&mut store, black_box((40, 2)))?);
                Ok(())
            })
        },
    ))
}

fn string_echo(cx: &Ctx, name: &'static str, op: &'static str, len: usize) -> Result<Bench> {
    let (mut store, instance) = instantiate_plain(cx, "comp_string_echo")?;
    let f = instance.get_typed_func::<(&str,), (String,)>(&mut store, "echo")?;
    let input: String = (0..len).map(|i| (b'!' + (i % 94) as u8) as char).collect();
    // The typed function's parameter type borrows for `'static`, as the peer's does.
    let input: &'static str = Box::leak(input.into_boxed_str());
    for s in ["", "x", input] {
        let (got,) = f.call(&mut store, (s,))?;
        ensure!(
            got == s,
            "{name}: echo returned a different string ({} bytes in, {} out)",
            s.len(),
            got.len()
        );
    }
    Ok(Bench::new(name, op, 1, move |units| {
        time_units(units, || {
            black_box(f.call(&mut store, (black_box(input),))?);
            Ok(())
        })
    }))
}

/// `comp_string_echo_1m`: `echo(s)` with 1 MiB of ASCII.
pub fn comp_string_echo_1m(cx: &Ctx) -> Result<Bench> {
    string_echo(
        cx,
        "comp_string_echo_1m",
        "typed call echo(s), s = 1 MiB ASCII",
        1 << 20,
    )
}

/// `comp_string_echo_16b`: `echo(s)` with 16 bytes.
pub fn comp_string_echo_16b(cx: &Ctx) -> Result<Bench> {
    string_echo(
        cx,
        "comp_string_echo_16b",
        "typed call echo(s), s = 16 bytes ASCII",
        16,
    )
}

/// `comp_list_sum`: `sum(l)` of a `list<u32>` of 10⁶ elements.
pub fn comp_list_sum(cx: &Ctx) -> Result<Bench> {
    let (mut store, instance) = instantiate_plain(cx, "comp_list_sum")?;
    let f = instance.get_typed_func::<(&[u32],), (u64,)>(&mut store, "sum")?;
    let list: &'static [u32] = Box::leak((0..LIST_LEN).collect::<Vec<u32>>().into_boxed_slice());
    let small: &[u32] = &[u32::MAX, u32::MAX, 7];
    for l in [&[][..], small, list] {
        let want: u64 = l.iter().map(|&x| u64::from(x)).sum();
        let (got,) = f.call(&mut store, (l,))?;
        ensure!(
            got == want,
            "comp_list_sum: sum of {} elements returned {got}, expected {want}",
            l.len()
        );
    }
    ensure!(
        list.iter().map(|&x| u64::from(x)).sum::<u64>() == 499_999_500_000,
        "comp_list_sum: wrong total"
    );
    Ok(Bench::new(
        "comp_list_sum",
        "typed call sum(l), l = list<u32> of 1000000",
        1,
        move |units| {
            time_units(units, || {
                black_box(f.call(&mut store, (black_box(list),))?);
                Ok(())
            })
        },
    ))
}

/// The host side of `record point { x: f64, y: f64, tag: string }` (lowered only).
struct Point {
    x: f64,
    y: f64,
    tag: String,
}

impl ComponentType for Point {
    fn typecheck(ty: &Type) -> Result<()> {
        typecheck_record::<Self>(
            ty,
            &[
                ("x", f64::typecheck),
                ("y", f64::typecheck),
                ("tag", String::typecheck),
            ],
        )
    }
}

impl Lower for Point {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, mut dst: &mut [ValRaw]) -> Result<()> {
        let mut fields = Fields::record(ty)?;
        fields.lower(cx, &self.x, &mut dst)?;
        fields.lower(cx, &self.y, &mut dst)?;
        fields.lower(cx, &self.tag, &mut dst)
    }
    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        let mut fields = Fields::record(ty)?;
        fields.store(cx, &self.x, offset)?;
        fields.store(cx, &self.y, offset)?;
        fields.store(cx, &self.tag, offset)
    }
}

fn points(len: usize) -> Vec<Point> {
    (0..len)
        .map(|i| Point {
            x: ((i * 37) % 101) as f64 * 0.5,
            y: ((i * 53) % 97) as f64 * 0.5,
            tag: match i % 4 {
                0 => String::new(),
                1 => format!("alpha-{i}"),
                2 => format!("beta-{i}"),
                _ => format!("a{i}"),
            },
        })
        .collect()
}

/// The guest's predicate, computed on the host for checking.
fn expected_count(points: &[Point]) -> u32 {
    points
        .iter()
        .filter(|p| p.x < p.y && p.tag.starts_with('a'))
        .count() as u32
}

/// `comp_list_records`: `count(l)` over 10⁴ `point` records.
pub fn comp_list_records(cx: &Ctx) -> Result<Bench> {
    let (mut store, instance) = instantiate_plain(cx, "comp_list_records")?;
    let f = instance.get_typed_func::<(&[Point],), (u32,)>(&mut store, "count")?;
    let list: &'static [Point] = Box::leak(points(RECORDS_LEN).into_boxed_slice());
    for l in [&list[..0], &list[..10], list] {
        let want = expected_count(l);
        let (got,) = f.call(&mut store, (l,))?;
        ensure!(
            got == want,
            "comp_list_records: count over {} points returned {got}, expected {want}",
            l.len()
        );
    }
    Ok(Bench::new(
        "comp_list_records",
        "typed call count(l), l = list<point> of 10000",
        1,
        move |units| {
            time_units(units, || {
                black_box(f.call(&mut store, (black_box(list),))?);
                Ok(())
            })
        },
    ))
}

/// `comp_host_import`: one `host-add` import call through `canon lower`,
/// measured as `run(10⁶)` divided by 10⁶.
pub fn comp_host_import(cx: &Ctx) -> Result<Bench> {
    let component = cx.component("comp_host_import")?;
    let mut linker = Linker::<()>::new(&cx.engine);
    linker
        .root()
        .func_wrap("host-add", |_store, (a, b): (u32, u32)| {
            Ok((a.wrapping_add(b),))
        })?;
    let mut store = Store::new(&cx.engine, ());
    let instance = linker.instantiate(&mut store, &component)?;
    let f = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "run")?;
    for (n, want) in [(0u32, 0u32), (5, 10), (LOOP_N, LOOP_EXPECTED)] {
        let (got,) = f.call(&mut store, (n,))?;
        ensure!(
            got == want,
            "comp_host_import: run({n}) returned {got}, expected {want}"
        );
    }
    Ok(Bench::new(
        "comp_host_import",
        "one host-add import call via canon lower (run(1000000) / 1000000)",
        u64::from(LOOP_N),
        move |units| {
            time_units(units, || {
                black_box(f.call(&mut store, (black_box(LOOP_N),))?);
                Ok(())
            })
        },
    ))
}

/// `comp_instantiate`: `InstancePre::instantiate` of a small component into
/// a fresh store (stores made outside the timed region).
pub fn comp_instantiate(cx: &Ctx) -> Result<Bench> {
    let component = cx.component("comp_instantiate")?;
    let linker = Linker::<()>::new(&cx.engine);
    let pre = linker.instantiate_pre(&component)?;
    {
        let mut store = Store::new(&cx.engine, ());
        let instance = pre.instantiate(&mut store)?;
        let f = instance.get_typed_func::<(&str,), (u32,)>(&mut store, "len")?;
        let (got,) = f.call(&mut store, ("hello, world",))?;
        ensure!(
            got == 12,
            "comp_instantiate: len(\"hello, world\") returned {got}, expected 12"
        );
    }
    let engine = cx.engine.clone();
    Ok(Bench::new(
        "comp_instantiate",
        "InstancePre::instantiate into a fresh Store (store made untimed)",
        1,
        move |units| {
            let mut stores: Vec<Store<()>> = (0..units).map(|_| Store::new(&engine, ())).collect();
            let t = Instant::now();
            for store in &mut stores {
                black_box(pre.instantiate(store)?);
            }
            let d = t.elapsed();
            drop(stores);
            Ok(d)
        },
    ))
}
