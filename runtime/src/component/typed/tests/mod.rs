//! Tests of the typed API through real components, and the component text
//! they are built from.
//!
//! The test component ([`forwarder`]) imports `f` and exports `g` of the same
//! type, where `g`'s core function passes its core arguments straight to
//! `f`'s lowered core function (adding the return area when results spill)
//! and returns its results. A typed call of `g` thus runs every direction of
//! the typed path: host → guest lowering (`TypedFunc`), guest → host lifting
//! and host → guest lowering (`func_wrap`), and guest → host lifting of the
//! results, with the given string encoding on both `canon lower` and
//! `canon lift`.
//!
//! - `roundtrip`: every supported Rust type through the forwarder;
//! - `derive_model`: hand-written impls of a record, a variant, an enum and
//!   flags, shaped as derives will generate them;
//! - `hostile`: guests handing over invalid values, and the exact traps;
//! - `mismatch`: type mismatches of typed functions and host functions, and
//!   reentrance;
//! - `post_return`: `post-return` inside the call, for typed, dynamic and
//!   async calls, and what it means for results left in guest memory.

mod derive_model;
mod hostile;
mod mismatch;
mod post_return;
pub(crate) mod proptests;
mod roundtrip;

use crate::component::abi::layout::FlatType;
use crate::component::abi::{AbiContext, FuncAbi, StringEncoding};
use crate::component::types::Type;
use crate::component::Component;
use crate::Engine;
use anyhow::Result;
use std::fmt::Write;

pub(super) const ENCODINGS: [StringEncoding; 3] = [
    StringEncoding::Utf8,
    StringEncoding::Utf16,
    StringEncoding::CompactUtf16,
];

/// Component text for types, naming every record, variant, enum and flags
/// type (as imports and exports of them require) by defining it and then
/// importing it as a type (`t0`, `t1`, ...).
#[derive(Default)]
struct TypeNamer {
    /// The definitions and type imports so far.
    defs: String,
    count: usize,
}

impl TypeNamer {
    /// A reference to `ty` in the component text format, defining and
    /// naming the types it needs first.
    fn name(&mut self, ty: &Type) -> String {
        let quoted = |names: &mut dyn Iterator<Item = &str>| {
            names
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let def = match ty {
            Type::List(l) => return format!("(list {})", self.name(l.ty())),
            Type::Tuple(t) => {
                let elems: Vec<String> = t.types().map(|t| self.name(t)).collect();
                return format!("(tuple {})", elems.join(" "));
            }
            Type::Option(o) => return format!("(option {})", self.name(o.ty())),
            Type::Result(r) => {
                let mut s = "(result".to_string();
                if let Some(ok) = r.ok() {
                    let _ = write!(s, " {}", self.name(ok));
                }
                if let Some(err) = r.err() {
                    let _ = write!(s, " (error {})", self.name(err));
                }
                return s + ")";
            }
            Type::Record(r) => {
                let mut s = "(record".to_string();
                for (name, t) in r.fields() {
                    let _ = write!(s, " (field {name:?} {})", self.name(t));
                }
                s + ")"
            }
            Type::Variant(v) => {
                let mut s = "(variant".to_string();
                for (name, t) in v.cases() {
                    match t {
                        Some(t) => {
                            let _ = write!(s, " (case {name:?} {})", self.name(t));
                        }
                        None => {
                            let _ = write!(s, " (case {name:?})");
                        }
                    }
                }
                s + ")"
            }
            Type::Enum(e) => format!("(enum {})", quoted(&mut e.names())),
            Type::Flags(f) => format!("(flags {})", quoted(&mut f.names())),
            primitive => return primitive.to_string(),
        };
        let i = self.count;
        self.count += 1;
        let _ = writeln!(
            self.defs,
            "  (type $d{i} {def})\n  (import \"t{i}\" (type $t{i} (eq $d{i})))"
        );
        format!("$t{i}")
    }
}

fn core_types(tys: &[FlatType]) -> String {
    tys.iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the forwarder's core `g` points `f` to write spilled results.
const RETURN_AREA: u32 = 16;

/// A bump allocator for the test components: `realloc` that copies the old
/// contents and grows memory as needed.
const LIBC: &str = r#"
  (core module $libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32)
        (param $new_size i32) (result i32)
      (local $ret i32) (local $end i32)
      (local.set $ret
        (i32.and
          (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
          (i32.xor (i32.sub (local.get $align) (i32.const 1)) (i32.const -1))))
      (local.set $end (i32.add (local.get $ret) (local.get $new_size)))
      (global.set $next (local.get $end))
      (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
        (then
          (drop (memory.grow
            (i32.shr_u
              (i32.add
                (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
                (i32.const 65535))
              (i32.const 16))))))
      (memory.copy (local.get $ret) (local.get $old)
        (select (local.get $old_size) (local.get $new_size)
          (i32.lt_u (local.get $old_size) (local.get $new_size))))
      (local.get $ret)))
  (core instance $libc (instantiate $libc))
"#;

/// A component importing `f` and exporting `g`, both `func(params) ->
/// results` (parameters named `p0`, `p1`, ...), where `g` forwards to `f`;
/// `encoding` is the string encoding of both the lowering and the lifting.
///
/// Records, variants, enums and flags are named by [`TypeNamer`].
pub(super) fn forwarder(params: &[Type], results: &[Type], encoding: StringEncoding) -> String {
    let abi = FuncAbi::new(params.to_vec(), results.to_vec()).expect("test types");
    let (lower_params, lower_results) = abi.core_signature(AbiContext::Lower);
    let (lift_params, lift_results) = abi.core_signature(AbiContext::Lift);
    let mut namer = TypeNamer::default();
    let names: Vec<String> = params
        .iter()
        .chain(results)
        .map(|t| namer.name(t))
        .collect();
    let types = namer.defs;
    let (param_names, result_names) = names.split_at(params.len());
    let mut func_ty = String::new();
    for (i, n) in param_names.iter().enumerate() {
        let _ = write!(func_ty, " (param \"p{i}\" {n})");
    }
    for n in result_names {
        let _ = write!(func_ty, " (result {n})");
    }
    let mut body = String::new();
    for i in 0..lift_params.len() {
        let _ = write!(body, " local.get {i}");
    }
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
            format!("(result {})", core_types(tys))
        }
    };
    let opts = format!(
        "(memory (core memory $libc \"mem\")) (realloc (core func $libc \"realloc\")) string-encoding={encoding}"
    );
    format!(
        r#"(component
{types}  (import "f" (func $f{func_ty}))
{LIBC}
  (core func $f' (canon lower (func $f) {opts}))
  (core module $m
    (import "" "f" (func $f (param {lp}) {lr}))
    (func (export "g") (param {gp}) {gr}{body}))
  (core instance $i (instantiate $m (with "" (instance (export "f" (func $f'))))))
  (func (export "g"){func_ty} (canon lift (core func $i "g") {opts}))
)"#,
        lp = core_types(&lower_params),
        lr = result_decl(&lower_results),
        gp = core_types(&lift_params),
        gr = result_decl(&lift_results),
    )
}

/// The forwarder compiled.
pub(super) fn forwarder_component(
    engine: &Engine,
    params: &[Type],
    results: &[Type],
    encoding: StringEncoding,
) -> Result<Component> {
    let text = forwarder(params, results, encoding);
    Component::new(engine, &text).map_err(|e| anyhow::anyhow!("{e:#}\n{text}"))
}

#[test]
fn forwarder_compiles_for_named_and_spilling_types() -> Result<()> {
    let engine = Engine::default();
    let rec = Type::record([("a", Type::U8), ("b", Type::String)])?;
    let many = Type::tuple(std::iter::repeat_n(Type::String, 9))?;
    for enc in ENCODINGS {
        forwarder_component(
            &engine,
            std::slice::from_ref(&rec),
            std::slice::from_ref(&rec),
            enc,
        )?;
        forwarder_component(&engine, &[many.clone(), Type::U8], &[Type::U8], enc)?;
        forwarder_component(&engine, &[], &[], enc)?;
    }
    Ok(())
}
