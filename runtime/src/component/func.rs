//! [`Func`]: a component function exported by an instance, called with
//! dynamic [`Val`]s, and `post_return`.
//!
//! The call protocol lives here: the `may_enter` check, lowering the
//! arguments with the callee's options, the core call, lifting the results,
//! and the pending `post-return`. Lifting and lowering themselves are `abi/`.

use super::store::{memory_bytes, FuncData, StoreMemory};
use super::types::Type;
use super::values::Val;
use crate::store::{AsContext, AsContextMut, StoreId, StoreOpaque};
use crate::{Trap, ValRaw};
use anyhow::{anyhow, bail, Result};

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

/// Calls `f` with dynamic arguments, leaving its `post-return` pending.
pub(crate) fn call(s: &mut StoreOpaque, f: Func, params: &[Val]) -> Result<Vec<Val>> {
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
    let (abi, opts, core) = (d.abi.clone(), d.opts.clone(), d.core);
    if params.len() != abi.params().len() {
        bail!(
            "the function takes {} arguments, but {} were given",
            abi.params().len(),
            params.len()
        );
    }
    s.components.instances[inst].scopes[scope].may_enter = false;
    let result = (|| -> Result<(Vec<Val>, Vec<ValRaw>)> {
        let flat = abi.lower_params(&mut StoreMemory::new(s, &opts), &opts.abi, params)?;
        let ty = s.funcs[core.index as usize].ty.clone();
        let mut values = flat;
        let n_results = ty.results().len();
        values.resize(
            ty.params().len().max(n_results).max(values.len()),
            ValRaw::default(),
        );
        core.call_raw(s, &mut values)?;
        values.truncate(n_results);
        let lifted = abi.lift_results(memory_bytes(s, opts.memory), &opts.abi, &values)?;
        Ok((lifted, values))
    })();
    let flags = &mut s.components.instances[inst].scopes[scope];
    match result {
        Ok((vals, core_results)) => {
            flags.pending = Some(f.index);
            s.components.funcs[f.index as usize].last_results = core_results;
            Ok(vals)
        }
        Err(e) => {
            if e.downcast_ref::<Trap>().is_some() {
                flags.poisoned = true;
            } else {
                flags.may_enter = true;
            }
            Err(e)
        }
    }
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
    let mut args = std::mem::take(&mut d.last_results);
    let post = d.opts.post_return;
    s.components.instances[inst].scopes[scope].pending = None;
    if let Some(p) = post {
        if args.is_empty() {
            args.push(ValRaw::default());
        }
        if let Err(e) = p.call_raw(s, &mut args) {
            s.components.instances[inst].scopes[scope].poisoned = true;
            return Err(e);
        }
    }
    s.components.instances[inst].scopes[scope].may_enter = true;
    Ok(())
}
