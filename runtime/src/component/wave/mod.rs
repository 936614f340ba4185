//! WAVE, the WebAssembly Value Encoding, for component values: [`Val`] to
//! and from text such as `{name: "x", tags: [a, b], limit: some(3)}`, and
//! function calls such as `f(1, "two", [3])` ([`FuncCall`], what
//! `hoist run --invoke` takes).
//!
//! ```
//! # fn main() -> anyhow::Result<()> {
//! use hoist_runtime::component::{Type, Val};
//! let ty = Type::record([("name", Type::String), ("tags", Type::list(Type::Char)?)])?;
//! let val = Val::from_wave(&ty, r#"{name: "x\ty", tags: ['a', 'b']}"#)?;
//! assert_eq!(val.to_wave()?, r#"{name: "x\ty", tags: ['a', 'b']}"#);
//! # Ok(()) }
//! ```
//!
//! The `wasm-wave` crate's traits are implemented for hoist's model
//! ([`WasmValue`](wasm_wave::wasm::WasmValue) for [`Val`],
//! [`WasmType`](wasm_wave::wasm::WasmType) for [`Type`],
//! [`WasmFunc`](wasm_wave::wasm::WasmFunc) for
//! [`FuncSig`](super::FuncSig)), so its writer and parser (re-exported as
//! [`wasm_wave`]) work on hoist values directly. The functions here parse
//! with `wasm-wave`'s syntax and rules (an `option` or `result` payload may
//! stand for `some(..)` or `ok(..)`; an absent `option` record field or
//! trailing argument is `none`), but type the value themselves, so that an
//! error names the expected type, what the text has instead, and where:
//!
//! ```text
//! argument 2 (`b`) of `f`: expected `string`, found the number `2` (at column 6)
//! ```
//!
//! Resource handles (`own`, `borrow`) have no WAVE encoding: writing or
//! parsing one is an error that names the handle type.
//!
//! - `typer`: typing parsed WAVE by a [`Type`], and the error messages;
//! - `traits`: the `wasm-wave` traits for hoist's values and types.
//!
//! Not here: checking a `Val` against a `Type` (`values.rs`), or the CLI.

mod traits;
mod typer;

use super::types::Type;
use super::values::Val;
use super::Func;
use crate::store::AsContext;
use anyhow::{anyhow, Result};
use std::fmt;
use typer::{syntax_error, Typer};
use wasm_wave::ast::Node;
use wasm_wave::untyped::{UntypedFuncCall, UntypedValue};

impl Val {
    /// This value as WAVE text.
    ///
    /// Errors: the value holds a resource handle (`Val::Resource`), which
    /// WAVE cannot write.
    ///
    /// ```
    /// # fn main() -> anyhow::Result<()> {
    /// use hoist_runtime::component::Val;
    /// let v = Val::List(vec![
    ///     Val::Option(Some(Box::new(Val::String("a\"b".into())))),
    ///     Val::Option(None),
    /// ]);
    /// assert_eq!(v.to_wave()?, r#"[some("a\"b"), none]"#);
    /// # Ok(()) }
    /// ```
    pub fn to_wave(&self) -> Result<String> {
        let mut path = Vec::new();
        if let Some(handle) = find_resource(self, &mut path) {
            let at = if path.is_empty() {
                String::new()
            } else {
                format!(" (in {})", path.join(" / "))
            };
            return Err(anyhow!(
                "resource handles cannot be written in WAVE: found {handle}{at}"
            ));
        }
        wasm_wave::to_string(self).map_err(|e| anyhow!("cannot write the value as WAVE: {e}"))
    }

    /// Parses WAVE text as a value of type `ty`.
    ///
    /// Errors say what was expected, what the text has instead and where
    /// (`expected `u8`, found the string `"x"` (at column 2)`), or what is
    /// wrong with the syntax.
    ///
    /// ```
    /// # fn main() -> anyhow::Result<()> {
    /// use hoist_runtime::component::{Type, Val};
    /// let ty = Type::list(Type::U8)?;
    /// assert_eq!(
    ///     Val::from_wave(&ty, "[1, 2]")?,
    ///     Val::List(vec![Val::U8(1), Val::U8(2)])
    /// );
    /// let err = Val::from_wave(&ty, r#"[1, "x"]"#).unwrap_err();
    /// assert_eq!(err.to_string(), r#"expected `u8`, found the string `"x"` (at column 5)"#);
    /// # Ok(()) }
    /// ```
    pub fn from_wave(ty: &Type, text: &str) -> Result<Val> {
        let untyped = UntypedValue::parse(text).map_err(|e| syntax_error(text, &e))?;
        Typer { src: text }.value(untyped.node(), ty)
    }
}

/// A function call written in WAVE, `name(arg, ...)`: parsed, but its
/// arguments not yet typed.
///
/// [`FuncCall::args`] types the arguments by a function's parameters; an
/// argument list may leave out trailing `option` parameters, which are
/// `none`.
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::component::wave::FuncCall;
/// use hoist_runtime::component::{Type, Val};
/// let call = FuncCall::parse(r#"greet("you", [3])"#)?;
/// assert_eq!(call.name(), "greet");
/// let params = [
///     ("who".to_string(), Type::String),
///     ("times".to_string(), Type::list(Type::U32)?),
///     ("loud".to_string(), Type::option(Type::Bool)?),
/// ];
/// assert_eq!(
///     call.args(&params)?,
///     [
///         Val::String("you".into()),
///         Val::List(vec![Val::U32(3)]),
///         Val::Option(None),
///     ]
/// );
/// # Ok(()) }
/// ```
pub struct FuncCall {
    call: UntypedFuncCall<'static>,
}

impl FuncCall {
    /// Parses `name(arg, ...)`. The name is a WIT name (`f`, `get-item`),
    /// optionally in an interface (`api.get-item`) of a package with a
    /// version (`my:pkg/api.get-item@1.0.0`); the arguments are WAVE values,
    /// typed later by [`FuncCall::args`].
    ///
    /// ```
    /// use hoist_runtime::component::wave::FuncCall;
    /// assert_eq!(FuncCall::parse("run()").unwrap().name(), "run");
    /// let err = FuncCall::parse("run(1,").err().unwrap();
    /// assert_eq!(err.to_string(), "invalid WAVE: unexpected end of input (at column 7)");
    /// ```
    pub fn parse(text: &str) -> Result<FuncCall> {
        let call = UntypedFuncCall::parse(text).map_err(|e| syntax_error(text, &e))?;
        Ok(FuncCall {
            call: call.into_owned(),
        })
    }

    /// The function's name, as written.
    ///
    /// ```
    /// use hoist_runtime::component::wave::FuncCall;
    /// assert_eq!(FuncCall::parse("get-item(1)").unwrap().name(), "get-item");
    /// ```
    pub fn name(&self) -> &str {
        self.call.name()
    }

    /// The arguments, typed by the parameters `params` (name and type of
    /// each, as [`Func::params`] and [`FuncSig::params`](super::FuncSig::params) give them).
    ///
    /// Errors name the argument and, as [`Val::from_wave`]'s do, the
    /// expected type and what was found; or say how many arguments the
    /// function takes.
    ///
    /// ```
    /// # fn main() -> anyhow::Result<()> {
    /// use hoist_runtime::component::wave::FuncCall;
    /// use hoist_runtime::component::Type;
    /// let params = [("x".to_string(), Type::U32), ("y".to_string(), Type::Bool)];
    /// let err = FuncCall::parse("f(1, 2)")?.args(&params).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "argument 2 (`y`) of `f`: expected `bool`, found the number `2` (at column 6)"
    /// );
    /// let err = FuncCall::parse("f(1)")?.args(&params).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "`f(x: u32, y: bool)` takes 2 arguments, found 1: missing `y: bool`"
    /// );
    /// # Ok(()) }
    /// ```
    pub fn args(&self, params: &[(String, Type)]) -> Result<Vec<Val>> {
        let src = self.call.source();
        let nodes: Vec<&Node> = match self.call.params_node() {
            Some(tuple) => tuple
                .as_tuple()
                .map_err(|e| syntax_error(src, &e))?
                .collect(),
            None => Vec::new(),
        };
        let name = self.name();
        let signature = || {
            let list = params
                .iter()
                .map(|(n, t)| format!("{n}: {t}"))
                .collect::<Vec<_>>()
                .join(", ");
            format!("`{name}({list})`")
        };
        if nodes.len() > params.len() {
            return Err(anyhow!(
                "{} takes {} argument{}, found {}",
                signature(),
                params.len(),
                plural(params.len()),
                nodes.len()
            ));
        }
        let typer = Typer { src };
        let mut args = Vec::with_capacity(params.len());
        for (i, (pname, ty)) in params.iter().enumerate() {
            let arg = match nodes.get(i) {
                Some(node) => typer
                    .value(node, ty)
                    .map_err(|e| anyhow!("argument {} (`{pname}`) of `{name}`: {e}", i + 1))?,
                None if matches!(ty, Type::Option(_)) => Val::Option(None),
                None => {
                    return Err(anyhow!(
                        "{} takes {} argument{}, found {}: missing `{pname}: {ty}`",
                        signature(),
                        params.len(),
                        plural(params.len()),
                        nodes.len()
                    ))
                }
            };
            args.push(arg);
        }
        Ok(args)
    }

    /// The arguments, typed by the parameters of `func`
    /// ([`FuncCall::args`] with [`Func::params`]).
    ///
    /// ```
    /// # fn main() -> anyhow::Result<()> {
    /// use hoist_runtime::component::wave::FuncCall;
    /// use hoist_runtime::component::{Component, Linker, Val};
    /// use hoist_runtime::{Engine, Store};
    /// let engine = Engine::default();
    /// let component = Component::new(&engine, r#"(component
    ///     (core module $m (func (export "add") (param i32 i32) (result i32)
    ///         local.get 0 local.get 1 i32.add))
    ///     (core instance $i (instantiate $m))
    ///     (func (export "add") (param "a" u32) (param "b" u32) (result u32)
    ///         (canon lift (core func $i "add"))))"#)?;
    /// let mut store = Store::new(&engine, ());
    /// let instance = Linker::new(&engine).instantiate(&mut store, &component)?;
    /// let call = FuncCall::parse("add(40, 2)")?;
    /// let add = instance.get_func(&mut store, call.name()).unwrap();
    /// let args = call.args_for(&store, &add)?;
    /// let mut results = [Val::U32(0)];
    /// add.call(&mut store, &args, &mut results)?;
    /// assert_eq!(results[0].to_wave()?, "42");
    /// # Ok(()) }
    /// ```
    pub fn args_for(&self, store: impl AsContext, func: &Func) -> Result<Vec<Val>> {
        self.args(&func.params(store))
    }
}

impl fmt::Display for FuncCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.call.fmt(f)
    }
}

impl fmt::Debug for FuncCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FuncCall")
            .field(&self.call.source())
            .finish()
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The first resource handle in `val`, described (`an `own` handle`), with
/// the path to it in `path`.
fn find_resource(val: &Val, path: &mut Vec<String>) -> Option<&'static str> {
    let inside = |step: String, v: &Val, path: &mut Vec<String>| {
        path.push(step);
        let found = find_resource(v, path);
        if found.is_none() {
            path.pop();
        }
        found
    };
    match val {
        Val::Resource(r) if r.owned() => Some("an `own` handle"),
        Val::Resource(_) => Some("a `borrow` handle"),
        Val::List(vs) | Val::Tuple(vs) => vs
            .iter()
            .enumerate()
            .find_map(|(i, v)| inside(format!("element {i}"), v, path)),
        Val::Record(fields) => fields
            .iter()
            .find_map(|(n, v)| inside(format!("record field `{n}`"), v, path)),
        Val::Variant(case, Some(v)) => inside(format!("payload of case `{case}`"), v, path),
        Val::Option(Some(v)) => inside("payload of `some`".into(), v, path),
        Val::Result(Ok(Some(v))) => inside("payload of `ok`".into(), v, path),
        Val::Result(Err(Some(v))) => inside("payload of `err`".into(), v, path),
        _ => None,
    }
}
