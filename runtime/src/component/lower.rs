//! `canon lower` at run time: core functions that guests call, made from a
//! host function ([`lower_host`]) or from another component's lifted
//! function ([`lower_lifted`], a component-to-component call: through a
//! fused adapter (`adapter/`), or through dynamic values when the function
//! type holds resource handles).
//!
//! Both first trap if the calling scope may not leave (its `realloc` or
//! `post-return` is running: `may_leave`), then lift the guest's core
//! arguments with the lowering options, call, and lower the results back
//! (into the guest's return area if they spill). Host functions defined with
//! Rust types ([`TypedHostFunc`]) make their own core function, in
//! `typed/host.rs`, with the same `may_leave` check.

use super::abi::FuncAbi;
use super::adapter::Adapter;
use super::func::{self, Func};
use super::resources::{finish_call, lift_lending};
use super::store::{ResolvedOptions, ScopeId, StoreMemory};
use super::translate::FuncSig;
use super::values::Val;
use crate::store::{StoreContextMut, StoreInner};
use crate::types::FuncType;
use crate::ValRaw;
use anyhow::Result;
use std::sync::Arc;

/// A host function as the component linker holds it.
pub(crate) type HostFn<T> =
    dyn Fn(StoreContextMut<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync;

/// A host function defined with Rust types (`LinkerInstance::func_wrap`):
/// checked against the import's type at link time, and lowered into a core
/// function that lifts and lowers with those types directly (`typed/host.rs`).
pub(crate) trait TypedHostFunc<T>: Send + Sync {
    /// Checks the Rust types against the import's signature; the error says
    /// what differs (the caller names the import and both types).
    fn typecheck(&self, sig: &FuncSig) -> Result<()>;

    /// The Rust signature, for messages: `(params) -> (results)`.
    fn describe(&self) -> String;

    /// The core function guests call.
    fn lower(
        self: Arc<Self>,
        store: &mut StoreInner<T>,
        abi: Arc<FuncAbi>,
        opts: ResolvedOptions,
        core_ty: FuncType,
    ) -> Result<crate::Func>;
}

/// A host function: dynamic (`func_new`) or typed (`func_wrap`).
pub(crate) enum HostFunc<T> {
    /// Works on [`Val`]s.
    Dynamic(Arc<HostFn<T>>),
    /// Works on Rust types, with a static signature.
    Typed(Arc<dyn TypedHostFunc<T>>),
}

impl<T> Clone for HostFunc<T> {
    fn clone(&self) -> Self {
        match self {
            HostFunc::Dynamic(f) => HostFunc::Dynamic(f.clone()),
            HostFunc::Typed(f) => HostFunc::Typed(f.clone()),
        }
    }
}

/// Writes lowered results into the core result slots.
fn write_results(slots: &mut [ValRaw], out: &[ValRaw]) {
    for (slot, v) in slots.iter_mut().zip(out) {
        *slot = *v;
    }
}

/// A core function that calls host function `host`; `opts.scope` is the
/// calling scope.
pub(crate) fn lower_host<T: 'static>(
    store: &mut StoreInner<T>,
    host: HostFunc<T>,
    abi: Arc<FuncAbi>,
    opts: ResolvedOptions,
    core_ty: FuncType,
) -> Result<crate::Func> {
    let func = match host {
        HostFunc::Dynamic(f) => f,
        HostFunc::Typed(f) => return f.lower(store, abi, opts, core_ty),
    };
    let n_params = core_ty.params().len();
    crate::func::new_raw_host(store, core_ty, move |caller, slots: &mut [ValRaw]| {
        let inner = caller.store.inner;
        inner.opaque.components.scopes.check_may_leave(opts.scope)?;
        let args = &slots[..n_params];
        let ((params, _), loans) = lift_lending(&mut inner.opaque, &opts, |mem, h| {
            abi.lift_params_tracked(mem, &opts.abi, args, Some(h))
        })?;
        let retptr = abi.retptr(args);
        let mut results: Vec<Val> = abi.results().iter().map(|_| Val::Bool(false)).collect();
        let called = func(
            StoreContextMut { inner: &mut *inner },
            &params,
            &mut results,
        );
        finish_call(&mut inner.opaque.components, loans);
        called?;
        let mut out = Vec::new();
        abi.lower_results(
            &mut StoreMemory::new(&mut inner.opaque, &opts),
            &opts.abi,
            &results,
            retptr,
            &mut out,
        )?;
        write_results(slots, &out);
        Ok(())
    })
}

/// How a lowered component function enters its callee.
pub(crate) enum Entry {
    /// The callee belongs to the calling scope itself: the call traps.
    ///
    /// The spec's `entering_set` is empty here, so its `may_enter` check
    /// alone would let the call through; the component-model conformance
    /// suite (`adapter.wast`) expects `cannot enter component instance`, and
    /// hoist follows it.
    SameInstance,
    /// The callee belongs to another scope; the call enters these scopes
    /// (empty when the callee's scope contains the caller's: donut wrapping).
    Enters(Box<[ScopeId]>),
}

/// A core function that calls component function `callee` (of another
/// component instance) from the scope `opts.scope`, entering as `entry` says.
pub(crate) fn lower_lifted<T: 'static>(
    store: &mut StoreInner<T>,
    callee: Func,
    abi: Arc<FuncAbi>,
    opts: ResolvedOptions,
    core_ty: FuncType,
    entry: Entry,
) -> Result<crate::Func> {
    let n_params = core_ty.params().len();
    let adapter = Adapter::new(&abi);
    crate::func::new_raw_host(store, core_ty, move |caller, slots: &mut [ValRaw]| {
        let s = &mut caller.store.inner.opaque;
        s.components.scopes.check_may_leave(opts.scope)?;
        let entering = match &entry {
            Entry::SameInstance => {
                return Err(anyhow::Error::new(crate::Trap::CannotEnterComponent)
                    .context("cannot enter component instance: a component called its own export"))
            }
            Entry::Enters(scopes) => scopes,
        };
        if let Some(adapter) = &adapter {
            return adapter.call(s, callee, entering, &opts, slots);
        }
        let args = &slots[..n_params];
        let ((params, sources), loans) = lift_lending(s, &opts, |mem, h| {
            abi.lift_params_tracked(mem, &opts.abi, args, Some(h))
        })?;
        let retptr = abi.retptr(args);
        let mut out = Vec::new();
        let called =
            func::call_tracked(s, callee, entering, &params, sources, |s, results, from| {
                abi.lower_results_from(
                    &mut StoreMemory::new(s, &opts),
                    &opts.abi,
                    &results,
                    retptr,
                    &mut out,
                    from,
                )
            });
        finish_call(&mut s.components, loans);
        called?;
        write_results(slots, &out);
        Ok(())
    })
}
