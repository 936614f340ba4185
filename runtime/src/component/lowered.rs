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
use crate::component::abi::FuncAbiExt;
use crate::func::{Caller, HostSig};
use crate::store::{StoreContextMut, StoreInner};
use crate::ValRaw;
use anyhow::Result;
use hoist_environ::types::FuncType;
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

    /// Prepares this function for a lowering of ABI `abi` and core type
    /// `core_ty`: once per lowering of a linked component
    /// ([`Prepared`](super::plan::Prepared)), not once per instance.
    fn prepare(
        self: Arc<Self>,
        abi: Arc<FuncAbi>,
        core_ty: &FuncType,
    ) -> Result<Arc<dyn PreparedHost<T>>>;
}

/// A typed host function prepared for one lowering.
pub(crate) trait PreparedHost<T>: Send + Sync {
    /// The core function guests of one instance call: `opts` are the
    /// instance's canonical options, `sig` the lowering's core type.
    fn make(
        self: Arc<Self>,
        store: &mut StoreInner<T>,
        sig: &HostSig,
        opts: ResolvedOptions,
    ) -> crate::Func;
}

/// A host function ready to be lowered: a dynamic one, or a typed one
/// prepared for the lowering.
pub(crate) enum PreparedLowering<T> {
    Dynamic(Arc<HostFn<T>>),
    Typed(Arc<dyn PreparedHost<T>>),
}

/// The core function for a lowering of `host` (prepared for it) of ABI
/// `abi` and core signature `sig`, for a guest of options `opts`.
pub(crate) fn lower_prepared<T: 'static>(
    store: &mut StoreInner<T>,
    host: &PreparedLowering<T>,
    abi: &Arc<FuncAbi>,
    sig: &HostSig,
    opts: ResolvedOptions,
) -> crate::Func {
    match host {
        PreparedLowering::Dynamic(f) => {
            let n_params = sig.ty.params().len();
            let shim = dynamic_host(f.clone(), abi.clone(), opts, n_params);
            crate::func::new_raw_host_with(store, sig, shim)
        }
        PreparedLowering::Typed(f) => f.clone().make(store, sig, opts),
    }
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
        HostFunc::Typed(f) => {
            let sig = HostSig::new(&store.opaque.engine, core_ty)?;
            return Ok(f.prepare(abi, &sig.ty)?.make(store, &sig, opts));
        }
    };
    let n_params = core_ty.params().len();
    crate::func::new_raw_host(store, core_ty, dynamic_host(func, abi, opts, n_params))
}

/// The body of the core function that calls the dynamic host function
/// `func` (of `n_params` core parameters).
fn dynamic_host<T: 'static>(
    func: Arc<HostFn<T>>,
    abi: Arc<FuncAbi>,
    opts: ResolvedOptions,
    n_params: usize,
) -> impl Fn(Caller<'_, T>, &mut [ValRaw]) -> Result<()> + Send + Sync + 'static {
    move |caller, slots: &mut [ValRaw]| {
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
    }
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

/// A core function of signature `sig` that calls component function
/// `callee` (of another component instance) from the scope `opts.scope`,
/// entering as `entry` says, through `adapter` if there is one for `abi`
/// (`Adapter::new`).
pub(crate) fn lower_lifted<T: 'static>(
    store: &mut StoreInner<T>,
    callee: Func,
    abi: Arc<FuncAbi>,
    opts: ResolvedOptions,
    sig: &HostSig,
    entry: Entry,
    adapter: Option<Arc<Adapter>>,
) -> crate::Func {
    let n_params = sig.ty.params().len();
    crate::func::new_raw_host_with(store, sig, move |caller, slots: &mut [ValRaw]| {
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
