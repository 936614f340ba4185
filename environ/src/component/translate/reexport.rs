//! Root exports of imported functions: the core modules of the shim that
//! turns a host function back into a lifted one.
//!
//! A root component may export a function it imported, alone or inside an
//! imported instance. The spec passes the function value through unchanged;
//! hoist, whose exported functions are all lifted core functions, builds for
//! each such export a small component instance of its own (a *shim scope*):
//!
//! 1. a [`memory_module`] instance: a memory, a bump `realloc`, and `reset`;
//! 2. the import, lowered with that memory and `realloc` (UTF-8 strings);
//! 3. a [`wrapper_module`] instance: `call`, the lowered function with the
//!    lifted core type (it allocates the return area when results spill),
//!    and `post`, a `post-return` that frees everything with `reset`;
//! 4. `call`, lifted with the same options and `post` as its `post-return`.
//!
//! Every call path (dynamic, typed, `bindgen!`) then works unchanged. Each
//! re-exported function has its own scope and memory, so a host error in one
//! poisons only that one, and a host function may call another re-exported
//! function; calling itself again while it runs traps, as reentering any
//! component instance does. The inliner ([`super::inline`]) emits the
//! initializers; this file only writes the modules' text.

use super::{core_type, FuncSig};
use crate::component::FuncAbi;
use crate::ValType;
use anyhow::{bail, Result};
use std::fmt::Write;

/// The memory module, the same for every shim: `memory`, `realloc` (a bump
/// allocator that grows the memory and traps when it cannot) and `reset`.
/// The canonical ABI only allocates (old pointer and size 0), so `realloc`
/// never copies.
pub fn memory_module() -> String {
    // The arithmetic is in i64 so that no alignment or size wraps around.
    r#"(module
  (memory (export "memory") 0)
  (global $next (mut i64) (i64.const 0))
  (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
    (local $ptr i64) (local $end i64) (local $have i64)
    (local.set $ptr
      (i64.and
        (i64.add (global.get $next) (i64.extend_i32_u (i32.sub (local.get $align) (i32.const 1))))
        (i64.sub (i64.const 0) (i64.extend_i32_u (local.get $align)))))
    (local.set $end (i64.add (local.get $ptr) (i64.extend_i32_u (local.get $size))))
    (local.set $have (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16)))
    (if (i64.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow
                (i32.wrap_i64
                  (i64.shr_u (i64.add (i64.sub (local.get $end) (local.get $have)) (i64.const 65535))
                             (i64.const 16))))
              (i32.const -1))
          (then unreachable))))
    (global.set $next (local.get $end))
    (i32.wrap_i64 (local.get $ptr)))
  (func (export "reset") (global.set $next (i64.const 0))))"#
        .to_string()
}

/// `(param i32 f64 ...)` or `(result ...)`; empty for no types. Flattened
/// component types are numbers only.
fn list(kind: &str, types: &[ValType]) -> Result<String> {
    if types.is_empty() {
        return Ok(String::new());
    }
    let mut s = format!("({kind}");
    for t in types {
        s.push_str(match t {
            ValType::I32 => " i32",
            ValType::I64 => " i64",
            ValType::F32 => " f32",
            ValType::F64 => " f64",
            other => bail!("a flattened component type cannot be `{other}`"),
        });
    }
    s.push(')');
    Ok(s)
}

/// The wrapper module for a function of signature `sig`: it imports
/// `"" "lowered"` (the lowered import), `"" "realloc"` and `"" "reset"`, and
/// exports `call` (the lifted core type) and `post` (its `post-return`).
pub fn wrapper_module(sig: &FuncSig) -> Result<String> {
    let lowered = core_type(sig, true)?;
    let lifted = core_type(sig, false)?;
    let abi = FuncAbi::new(sig.param_types(), sig.results.clone())?;
    let mut s = String::from("(module\n");
    writeln!(
        s,
        "  (import \"\" \"lowered\" (func $lowered {} {}))",
        list("param", lowered.params())?,
        list("result", lowered.results())?
    )?;
    s.push_str(
        "  (import \"\" \"realloc\" (func $realloc (param i32 i32 i32 i32) (result i32)))\n",
    );
    s.push_str("  (import \"\" \"reset\" (func $reset))\n");
    writeln!(
        s,
        "  (func (export \"call\") {} {}",
        list("param", lifted.params())?,
        list("result", lifted.results())?
    )?;
    let args: String = (0..lifted.params().len())
        .map(|i| format!(" (local.get {i})"))
        .collect();
    if abi.results_spill() {
        // The lowered function writes the results to a return area that
        // the lifted one hands back by address.
        let block = &abi.result_block().layout;
        let ret = lifted.params().len();
        writeln!(s, "    (local i32)")?;
        writeln!(
            s,
            "    (local.set {ret} (call $realloc (i32.const 0) (i32.const 0) (i32.const {}) (i32.const {})))",
            block.align, block.size
        )?;
        writeln!(s, "    (call $lowered{args} (local.get {ret}))")?;
        writeln!(s, "    (local.get {ret}))")?;
    } else {
        writeln!(s, "    (call $lowered{args}))")?;
    }
    writeln!(
        s,
        "  (func (export \"post\") {} (call $reset)))",
        list("param", lifted.results())?
    )?;
    Ok(s)
}
