//! For the `derive` and `flags` tests: a small component
//! that imports `f: func(x: T) -> T` and exports `g` of the same type,
//! whose core `g` hands its core arguments to the lowered `f` and returns
//! its results; and [`echo`], which sends values through it with a typed
//! host function for `f` and a typed call of `g`.
//!
//! A typed call of `g` runs every direction of the typed path on the
//! derived impls: host → guest lowering (`TypedFunc::call`), guest → host
//! lifting and host → guest lowering (`func_wrap`), and guest → host
//! lifting of the result, from flat values or memory as the type requires.

use anyhow::{Context, Result};
use hoist::component::{Component, Lift, Linker, Lower, Type};
use hoist::{Engine, Store, StoreContextMut};
use hoist_environ::component::layout::FlatType;
use hoist_environ::component::{AbiContext, FuncAbi, StringEncoding};
use std::fmt::{Debug, Write};

/// The string encodings `echo` tries, on both `canon lower` and `canon lift`.
pub const ENCODINGS: [StringEncoding; 3] = [
    StringEncoding::Utf8,
    StringEncoding::Utf16,
    StringEncoding::CompactUtf16,
];

/// Component text for `ty`: records, variants, enums and flags are defined
/// and imported as named types (`t0`, `t1`, ...), as exported and imported
/// functions require; `defs` collects those definitions.
fn type_text(ty: &Type, defs: &mut String, count: &mut usize) -> String {
    let quoted = |names: Vec<&str>| {
        names
            .iter()
            .map(|n| format!("{n:?}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let def = match ty {
        Type::List(l) => return format!("(list {})", type_text(l.ty(), defs, count)),
        Type::Option(o) => return format!("(option {})", type_text(o.ty(), defs, count)),
        Type::Tuple(t) => {
            let parts: Vec<String> = t.types().map(|t| type_text(t, defs, count)).collect();
            return format!("(tuple {})", parts.join(" "));
        }
        Type::Result(r) => {
            let ok = r.ok().map(|t| format!(" {}", type_text(t, defs, count)));
            let err = r
                .err()
                .map(|t| format!(" (error {})", type_text(t, defs, count)));
            return format!(
                "(result{}{})",
                ok.unwrap_or_default(),
                err.unwrap_or_default()
            );
        }
        Type::Record(r) => {
            let mut s = String::from("(record");
            for (name, t) in r.fields() {
                let t = type_text(t, defs, count);
                let _ = write!(s, " (field {name:?} {t})");
            }
            s + ")"
        }
        Type::Variant(v) => {
            let mut s = String::from("(variant");
            for (name, t) in v.cases() {
                match t {
                    Some(t) => {
                        let t = type_text(t, defs, count);
                        let _ = write!(s, " (case {name:?} {t})");
                    }
                    None => {
                        let _ = write!(s, " (case {name:?})");
                    }
                }
            }
            s + ")"
        }
        Type::Enum(e) => format!("(enum {})", quoted(e.names().collect())),
        Type::Flags(f) => format!("(flags {})", quoted(f.names().collect())),
        primitive => return primitive.to_string(),
    };
    let i = *count;
    *count += 1;
    let _ = writeln!(
        defs,
        "  (type $d{i} {def})\n  (import \"t{i}\" (type $t{i} (eq $d{i})))"
    );
    format!("$t{i}")
}

fn core_list(tys: &[FlatType]) -> String {
    tys.iter().map(|t| format!(" {t}")).collect()
}

/// Memory and a bump `realloc` for the canonical options.
const LIBC: &str = r#"
  (core module $libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32)
        (param $size i32) (result i32)
      (local $at i32)
      (local.set $at
        (i32.and
          (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $at) (local.get $size)))
      (if (i32.gt_u (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
        (then
          (if (i32.eq (i32.const -1)
                (memory.grow
                  (i32.add
                    (i32.shr_u
                      (i32.sub (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
                      (i32.const 16))
                    (i32.const 1))))
            (then unreachable))))
      (memory.copy (local.get $at) (local.get $old)
        (select (local.get $old_size) (local.get $size)
          (i32.lt_u (local.get $old_size) (local.get $size))))
      (local.get $at)))
  (core instance $libc (instantiate $libc))
"#;

/// Where the core `g` points `f` to write its result when it spills.
const RETURN_AREA: u32 = 16;

/// The text of the component importing `f: func(x: ty) -> ty` and
/// exporting `g` of the same type that forwards to `f`, with `encoding`
/// on both the lowering and the lifting.
pub fn forwarder(ty: &Type, encoding: StringEncoding) -> String {
    let abi = FuncAbi::new([ty.clone()], [ty.clone()]).expect("a test type that fits");
    let (lower_params, lower_results) = abi.core_signature(AbiContext::Lower);
    let (lift_params, lift_results) = abi.core_signature(AbiContext::Lift);
    let (mut defs, mut count) = (String::new(), 0);
    let param = type_text(ty, &mut defs, &mut count);
    let result = type_text(ty, &mut defs, &mut count);
    let func = format!("(param \"x\" {param}) (result {result})");
    let mut body: String = (0..lift_params.len())
        .map(|i| format!(" local.get {i}"))
        .collect();
    if lower_params.len() > lift_params.len() {
        let _ = write!(body, " i32.const {RETURN_AREA}");
    }
    body.push_str(" call $f");
    if lower_results.is_empty() && !lift_results.is_empty() {
        let _ = write!(body, " i32.const {RETURN_AREA}");
    }
    let result_decl = |tys: &[FlatType]| {
        if tys.is_empty() {
            String::new()
        } else {
            format!("(result{})", core_list(tys))
        }
    };
    let opts = format!(
        "(memory (core memory $libc \"mem\")) (realloc (core func $libc \"realloc\")) \
         string-encoding={encoding}"
    );
    format!(
        r#"(component
{defs}  (import "f" (func $f {func}))
{LIBC}
  (core func $f' (canon lower (func $f) {opts}))
  (core module $m
    (import "" "f" (func $f (param{lp}) {lr}))
    (func (export "g") (param{gp}) {gr}{body}))
  (core instance $i (instantiate $m (with "" (instance (export "f" (func $f'))))))
  (func (export "g") {func} (canon lift (core func $i "g") {opts}))
)"#,
        lp = core_list(&lower_params),
        lr = result_decl(&lower_results),
        gp = core_list(&lift_params),
        gr = result_decl(&lift_results),
    )
}

/// The forwarder for `ty`, compiled.
pub fn forwarder_component(
    engine: &Engine,
    ty: &Type,
    encoding: StringEncoding,
) -> Result<Component> {
    let text = forwarder(ty, encoding);
    Component::new(engine, &text).with_context(|| format!("compiling\n{text}"))
}

/// Sends each of `values`, of the component type `ty`, through the
/// forwarder in every string encoding: `g` is called with it, `f` (a typed
/// host function) records what it received and returns it, and `g`
/// returns it. Both what the host saw and what came back must equal it.
pub fn echo<T>(ty: &Type, values: &[T]) -> Result<()>
where
    T: Lift + Lower + Clone + PartialEq + Debug + Send + Sync + 'static,
{
    let engine = Engine::default();
    for encoding in ENCODINGS {
        let component = forwarder_component(&engine, ty, encoding)?;
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
            let (back,) = g
                .call(&mut store, (v.clone(),))
                .with_context(|| format!("`{ty}` with {encoding}: {v:?}"))?;
            g.post_return(&mut store)?;
            assert_eq!(&back, v, "`{ty}` with {encoding}");
            assert_eq!(
                store.data().last(),
                Some(v),
                "`{ty}` with {encoding}, host side"
            );
        }
    }
    Ok(())
}

/// The error of instantiating the forwarder for the component type `ty`
/// with `f` defined as a typed host function of the Rust type `T`.
pub fn host_mismatch<T>(ty: &Type) -> Result<String>
where
    T: Lift + Lower + Send + Sync + 'static,
{
    let engine = Engine::default();
    let component = forwarder_component(&engine, ty, StringEncoding::Utf8)?;
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .func_wrap("f", |_: StoreContextMut<'_, ()>, (x,): (T,)| Ok((x,)))?;
    let mut store = Store::new(&engine, ());
    match linker.instantiate(&mut store, &component) {
        Ok(_) => anyhow::bail!("`{ty}` was accepted as the Rust type"),
        Err(e) => Ok(format!("{e:#}")),
    }
}

/// The error of [`Instance::get_typed_func`](hoist::component::Instance::get_typed_func)
/// for `g` of the forwarder for `ty` as a function of the Rust type `T`
/// (`f` is defined with the right Rust type `Right`).
pub fn export_mismatch<T, Right>(ty: &Type) -> Result<String>
where
    T: Lift + Lower + 'static,
    Right: Lift + Lower + Send + Sync + 'static,
{
    let engine = Engine::default();
    let component = forwarder_component(&engine, ty, StringEncoding::Utf8)?;
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .func_wrap("f", |_: StoreContextMut<'_, ()>, (x,): (Right,)| Ok((x,)))?;
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component)?;
    match instance.get_typed_func::<(T,), (T,)>(&mut store, "g") {
        Ok(_) => anyhow::bail!("`{ty}` was accepted as the Rust type"),
        Err(e) => Ok(format!("{e:#}")),
    }
}
