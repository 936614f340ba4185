//! [`TypedFunc`]: a component function called with Rust parameter and result
//! types, checked once against the function's type
//! ([`Instance::get_typed_func`], [`Func::typed`]).
//!
//! A call follows the same protocol as a dynamic one (the shared
//! `func::call_with`: `may_enter`, `post-return` after the results are
//! lifted, poisoning after a trap); in between, the arguments are lowered
//! straight into a slot array on the stack and the results lifted straight
//! out of it, so a call with flat scalar parameters and results allocates
//! nothing.

use super::context::{LiftContext, LowerContext};
use super::params::{
    describe, lift_results, lower_params, typecheck_signature, LiftNamedList, LowerNamedList,
};
use crate::component::abi::lift::LiftHandles;
use crate::component::abi::MAX_FLAT_PARAMS;
use crate::component::func::{call_with, core_arity, CallSite};
use crate::component::instance::{Instance, InstanceExportLookup};
use crate::component::resources::lift_parts;
use crate::component::store::StoreMemory;
use crate::component::Func;
use crate::store::{AsContext, AsContextMut, StoreOpaque};
use crate::ValRaw;
use anyhow::{anyhow, Result};
use std::marker::PhantomData;

/// A component function with statically known parameter and result types:
/// tuples of Rust types (`()` for none, `(R,)` for one result).
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine, Store};
/// use hoist_runtime::component::{Component, Linker};
/// let engine = Engine::default();
/// let component = Component::new(&engine, r#"(component
///     (core module $m (func (export "add") (param i32 i32) (result i32)
///         local.get 0 local.get 1 i32.add))
///     (core instance $i (instantiate $m))
///     (func (export "add") (param "a" u32) (param "b" u32) (result u32)
///         (canon lift (core func $i "add"))))"#)?;
/// let mut store = Store::new(&engine, ());
/// let instance = Linker::new(&engine).instantiate(&mut store, &component)?;
/// let add = instance.get_typed_func::<(u32, u32), (u32,)>(&mut store, "add")?;
/// assert_eq!(add.call(&mut store, (40, 2))?, (42,));
/// assert_eq!(add.call(&mut store, (1, 2))?, (3,));
///
/// let err = instance.get_typed_func::<(i32, u32), (u32,)>(&mut store, "add").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "type mismatch for export `add`: expected `func(a: u32, b: u32) -> u32`, \
///      found `(i32, u32) -> (u32,)`: parameter `a`: expected `u32`, found Rust type `i32`"
/// );
/// # Ok(()) }
/// ```
pub struct TypedFunc<Params, Results> {
    func: Func,
    _marker: PhantomData<fn(Params) -> Results>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, R> Copy for TypedFunc<P, R> {}

impl<P, R> std::fmt::Debug for TypedFunc<P, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedFunc")
            .field("func", &self.func)
            .finish()
    }
}

/// Checks `func`'s type against `P` and `R`; `what` names it in the error.
fn check<P: LowerNamedList, R: LiftNamedList>(
    s: &StoreOpaque,
    func: Func,
    what: &str,
) -> Result<()> {
    s.check(func.store, "component function");
    let sig = &s.components.funcs[func.index as usize].lifted.sig;
    typecheck_signature::<P, R>(&sig.params, &sig.results).map_err(|e| {
        anyhow!(
            "type mismatch for {what}: expected `{sig}`, found `{}`: {e}",
            describe::<P, R>()
        )
    })
}

impl<P: LowerNamedList, R: LiftNamedList> TypedFunc<P, R> {
    /// `func` as a typed function, checked against `P` and `R`; `what` names
    /// it in the error.
    fn new(s: &StoreOpaque, func: Func, what: &str) -> Result<TypedFunc<P, R>> {
        check::<P, R>(s, func, what)?;
        Ok(TypedFunc {
            func,
            _marker: PhantomData,
        })
    }

    /// The underlying dynamic function.
    pub fn func(&self) -> &Func {
        &self.func
    }

    /// Calls the function.
    ///
    /// # Post-return
    ///
    /// The results are lifted into `R`, then the guest's `post-return` (if
    /// the function has one) runs, and then the call returns, as in Wasmtime
    /// 48: the instance can be called again at once, and nothing is left
    /// for the caller to do ([`TypedFunc::post_return`] is a no-op kept for
    /// ported code). An error of `post-return` (a trap) is the call's error.
    ///
    /// Owned results (`String`, `Vec<T>`, records of them) are copied out
    /// before `post-return`. Results that point into guest memory
    /// ([`WasmStr`](super::WasmStr), [`WasmList`](super::WasmList)) are
    /// still allowed, as in Wasmtime, and read lazily: where they point was
    /// checked when they were lifted, and every read checks it again against
    /// the memory as it is then, so a read is always sound; but
    /// `post-return` has already run, and may have freed or overwritten the
    /// bytes, so they hold what the guest left there. Lift `String` or
    /// `Vec<T>` for the values the guest returned.
    ///
    /// # Errors
    ///
    /// A trap (in the guest, in its `post-return`, or an invalid value it
    /// hands over) poisons the instance: every later call fails. The
    /// instance's `may_enter` refuses a call while another call into it
    /// runs (a host function calling back into its caller).
    pub fn call(&self, mut store: impl AsContextMut, params: P) -> Result<R> {
        let s = &mut store.as_context_mut().inner.opaque;
        call_with(s, self.func, |s, site| call_typed(s, site, &params))
    }

    /// Does nothing and returns `Ok(())`: [`TypedFunc::call`] runs the
    /// guest's `post-return` itself, as Wasmtime 48's does. Kept so that
    /// code written for the older explicit protocol compiles; calls to it
    /// can be removed.
    #[inline]
    pub fn post_return(&self, _store: impl AsContextMut) -> Result<()> {
        Ok(())
    }
}

/// Lowers `params`, calls the core function, and lifts the results; returns
/// them with the core result that `post-return` gets.
fn call_typed<P: LowerNamedList, R: LiftNamedList>(
    s: &mut StoreOpaque,
    site: &CallSite,
    params: &P,
) -> Result<(R, Option<ValRaw>)> {
    let CallSite {
        abi, opts, core, ..
    } = site;
    // A lifted core function takes at most MAX_FLAT_PARAMS values and
    // returns at most one.
    let mut slots = [ValRaw::default(); MAX_FLAT_PARAMS];
    let (n_params, n_results) = core_arity(s, *core);
    let lowered = {
        let mut mem = StoreMemory::new(s, opts);
        let mut cx = LowerContext::new(&mut mem, &opts.abi);
        lower_params(&mut cx, abi, params, &mut slots)?
    };
    if lowered != n_params {
        return Err(anyhow!(
            "the core function takes {n_params} values, {lowered} were lowered"
        ));
    }
    let values = slots
        .get_mut(..n_params.max(n_results))
        .ok_or_else(|| anyhow!("the core function has too many parameters or results"))?;
    site.call_core(s, values)?;
    let results = values.get(..n_results).unwrap_or(&[]);
    let (mem, mut handles) = lift_parts(s, opts);
    let out = if abi.has_handles() {
        let handles = std::cell::RefCell::new(&mut handles as &mut dyn LiftHandles);
        let cx = LiftContext::with_handle(mem, &opts.abi, opts.memory).with_handles(&handles);
        lift_results::<R>(&cx, abi, results)?
    } else {
        lift_results::<R>(
            &LiftContext::with_handle(mem, &opts.abi, opts.memory),
            abi,
            results,
        )?
    };
    Ok((out, results.first().copied()))
}

impl Instance {
    /// The exported function at `export` (a name, or an index from
    /// [`Instance::get_export_index`]) as a [`TypedFunc`], its type checked
    /// against `Params` and `Results` once, here. The error of a mismatch
    /// names the export, its type and the Rust types, and says what differs.
    pub fn get_typed_func<Params, Results>(
        &self,
        mut store: impl AsContextMut,
        export: impl InstanceExportLookup,
    ) -> Result<TypedFunc<Params, Results>>
    where
        Params: LowerNamedList,
        Results: LiftNamedList,
    {
        let s = &mut store.as_context_mut().inner.opaque;
        let path = export.path();
        let name = path.join("/");
        let func = self
            .func_at(s, &path)
            .ok_or_else(|| anyhow!("the instance exports no function `{name}`"))?;
        TypedFunc::new(s, func, &format!("export `{name}`"))
    }
}

impl Func {
    /// This function as a [`TypedFunc`], its type checked against `Params`
    /// and `Results`.
    pub fn typed<Params, Results>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<Params, Results>>
    where
        Params: LowerNamedList,
        Results: LiftNamedList,
    {
        TypedFunc::new(&store.as_context().inner.opaque, *self, "function")
    }
}
