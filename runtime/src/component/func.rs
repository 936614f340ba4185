//! [`Func`]: a component function exported by an instance, called with
//! dynamic [`Val`]s, and `post_return`.
//!
//! The call protocol lives here (`call_with`, shared with the typed calls of
//! `typed/`): the `may_enter` check, lowering the arguments with the callee's
//! options, the core call, lifting the results, and the pending
//! `post-return`. Lifting and lowering themselves are `abi/` (dynamic values)
//! and `typed/` (Rust types).

use super::abi::FuncAbi;
use super::store::{memory_bytes, FuncData, ResolvedOptions, StoreMemory};
use super::types::Type;
use super::values::Val;
use crate::store::{AsContext, AsContextMut, StoreId, StoreOpaque};
use crate::{Trap, ValRaw};
use anyhow::{anyhow, bail, Result};
use std::sync::Arc;

/// A function exported by a component instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Func {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Func {
    fn data<'a>(&self, s: &'a StoreOpaque) -> &'a FuncData {
        s.check(self.store, "component function");
        &s.components.funcs[self.index as usize]
    }

    /// The parameter names and types.
    pub fn params(&self, store: impl AsContext) -> Vec<(String, Type)> {
        self.data(&store.as_context().inner.opaque)
            .lifted
            .sig
            .params
            .clone()
    }

    /// The result types (zero or one).
    pub fn results(&self, store: impl AsContext) -> Vec<Type> {
        self.data(&store.as_context().inner.opaque)
            .lifted
            .sig
            .results
            .clone()
    }

    /// Calls the function. `results` must have one slot per result. After a
    /// successful call, [`Func::post_return`] must be called before the
    /// instance can be entered again.
    pub fn call(
        &self,
        mut store: impl AsContextMut,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let s = &mut store.as_context_mut().inner.opaque;
        let out = call(s, *self, params)?;
        if results.len() != out.len() {
            bail!(
                "the function returns {} values, but {} result slots were given",
                out.len(),
                results.len()
            );
        }
        for (slot, v) in results.iter_mut().zip(out) {
            *slot = v;
        }
        Ok(())
    }

    /// Runs the guest's `post-return` for the last call (if it has one) and
    /// lets the instance be entered again.
    pub fn post_return(&self, mut store: impl AsContextMut) -> Result<()> {
        post_return(&mut store.as_context_mut().inner.opaque, *self)
    }
}

/// The scope flags of `f`'s instance.
fn scope_of(s: &StoreOpaque, f: Func) -> (usize, usize) {
    let d = &s.components.funcs[f.index as usize];
    (d.instance as usize, d.lifted.scope as usize)
}

/// What a call needs of the function it calls, copied out of the store so
/// that the call can use the store mutably (no allocation: an `Arc` and
/// handles).
pub(crate) struct CallSite {
    /// The function's canonical-ABI shape.
    pub abi: Arc<FuncAbi>,
    /// Its `canon lift` options.
    pub opts: ResolvedOptions,
    /// The lifted core function.
    pub core: crate::Func,
    /// Set once the core function has been entered: an error after that
    /// (a trap, or a host import's error) leaves the guest half-way, so the
    /// instance may not be entered again.
    pub entered: std::cell::Cell<bool>,
}

impl CallSite {
    /// Calls the lifted core function with raw values, noting that the guest
    /// was entered.
    pub(crate) fn call_core(&self, s: &mut StoreOpaque, values: &mut [ValRaw]) -> Result<()> {
        self.entered.set(true);
        self.core.call_raw(s, values)
    }
}

/// The call protocol of a lifted function, shared by dynamic and typed
/// calls: checks that the instance may be entered (not poisoned, no
/// `post-return` pending, not already running), clears `may_enter`, runs
/// `body` (lower the arguments, call the core function, lift the results),
/// and then either leaves `post-return` pending with the core result `body`
/// returned, or, on failure, poisons the instance after a trap or lets it be
/// entered again after any other error.
pub(crate) fn call_with<R>(
    s: &mut StoreOpaque,
    f: Func,
    body: impl FnOnce(&mut StoreOpaque, &CallSite) -> Result<(R, Option<ValRaw>)>,
) -> Result<R> {
    s.check(f.store, "component function");
    let (inst, scope) = scope_of(s, f);
    let flags = s.components.instances[inst].scopes[scope];
    if flags.poisoned {
        return Err(anyhow::Error::new(Trap::CannotEnterComponent)
            .context("cannot enter the component instance: it trapped earlier"));
    }
    if flags.pending.is_some() {
        bail!("cannot call a function of this component instance before `post_return` of its previous call");
    }
    if !flags.may_enter {
        return Err(anyhow::Error::new(Trap::CannotEnterComponent)
            .context("cannot enter the component instance: it is already running (reentrance)"));
    }
    let d = &s.components.funcs[f.index as usize];
    let site = CallSite {
        abi: d.abi.clone(),
        opts: d.opts.clone(),
        core: d.core,
        entered: std::cell::Cell::new(false),
    };
    s.components.instances[inst].scopes[scope].may_enter = false;
    let result = body(s, &site);
    let flags = &mut s.components.instances[inst].scopes[scope];
    match result {
        Ok((out, core_result)) => {
            flags.pending = Some(f.index);
            s.components.funcs[f.index as usize].last_result = core_result;
            Ok(out)
        }
        Err(e) => {
            // A trap, or any error once the guest runs (a host import's error
            // unwinds through guest frames), leaves the instance unusable; an
            // error found before entering (a badly typed argument) does not.
            if site.entered.get() || e.downcast_ref::<Trap>().is_some() {
                flags.poisoned = true;
            } else {
                flags.may_enter = true;
            }
            Err(e)
        }
    }
}

/// The number of core parameters and results of core function `core`.
pub(crate) fn core_arity(s: &StoreOpaque, core: crate::Func) -> (usize, usize) {
    let ty = &s.funcs[core.index as usize].ty;
    (ty.params().len(), ty.results().len())
}

/// Calls `f` with dynamic arguments, leaving its `post-return` pending.
pub(crate) fn call(s: &mut StoreOpaque, f: Func, params: &[Val]) -> Result<Vec<Val>> {
    call_with(s, f, |s, site| {
        let CallSite {
            abi, opts, core, ..
        } = site;
        if params.len() != abi.params().len() {
            bail!(
                "the function takes {} arguments, but {} were given",
                abi.params().len(),
                params.len()
            );
        }
        let mut values = abi.lower_params(&mut StoreMemory::new(s, opts), &opts.abi, params)?;
        let (n_params, n_results) = core_arity(s, *core);
        values.resize(n_params.max(n_results).max(values.len()), ValRaw::default());
        site.call_core(s, &mut values)?;
        values.truncate(n_results);
        let lifted = abi.lift_results(memory_bytes(s, opts.memory), &opts.abi, &values)?;
        Ok((lifted, values.first().copied()))
    })
}

/// [`call`] for arguments lifted from another guest: `sources` are the source
/// encodings of their strings, and the result strings' source encodings are
/// returned too, so that strings are transcoded as the spec says.
pub(crate) fn call_tracked(
    s: &mut StoreOpaque,
    f: Func,
    params: &[Val],
    sources: Vec<crate::component::abi::SourceEncoding>,
) -> Result<(Vec<Val>, Vec<crate::component::abi::SourceEncoding>)> {
    let mut result_sources = Vec::new();
    let vals = call_with(s, f, |s, site| {
        let CallSite {
            abi, opts, core, ..
        } = site;
        if params.len() != abi.params().len() {
            bail!(
                "the function takes {} arguments, but {} were given",
                abi.params().len(),
                params.len()
            );
        }
        let mut values =
            abi.lower_params_from(&mut StoreMemory::new(s, opts), &opts.abi, params, sources)?;
        let (n_params, n_results) = core_arity(s, *core);
        values.resize(n_params.max(n_results).max(values.len()), ValRaw::default());
        site.call_core(s, &mut values)?;
        values.truncate(n_results);
        let (lifted, srcs) =
            abi.lift_results_tracked(memory_bytes(s, opts.memory), &opts.abi, &values)?;
        result_sources = srcs;
        Ok((lifted, values.first().copied()))
    })?;
    Ok((vals, result_sources))
}

/// Runs `f`'s pending `post-return`.
pub(crate) fn post_return(s: &mut StoreOpaque, f: Func) -> Result<()> {
    s.check(f.store, "component function");
    let (inst, scope) = scope_of(s, f);
    let flags = s.components.instances[inst].scopes[scope];
    if flags.pending != Some(f.index) {
        return Err(anyhow!(
            "`post_return` called without a preceding call of this function"
        ));
    }
    let d = &mut s.components.funcs[f.index as usize];
    // The post-return function takes the core result (if any) and returns
    // nothing; one slot is room enough either way.
    let mut args = [d.last_result.take().unwrap_or_default()];
    let post = d.opts.post_return;
    s.components.instances[inst].scopes[scope].pending = None;
    if let Some(p) = post {
        if let Err(e) = p.call_raw(s, &mut args) {
            s.components.instances[inst].scopes[scope].poisoned = true;
            return Err(e);
        }
    }
    s.components.instances[inst].scopes[scope].may_enter = true;
    Ok(())
}
