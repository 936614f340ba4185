//! [`Func`]: a component function exported by an instance, called with
//! dynamic [`Val`]s.
//!
//! The call protocol lives here (`call_with`, shared with the typed calls of
//! `typed/`, and `call_from_guest` for component-to-component calls): the
//! `may_enter` check of the scopes the call enters, lowering the arguments
//! with the callee's options, the core call, lifting the results into owned
//! values, and then the callee's `post-return`, before the call returns (as
//! Wasmtime 48 does for the host; the spec's order for a guest caller).
//! The flags themselves are `store.rs`; lifting and lowering are `abi/`
//! (dynamic values) and `typed/` (Rust types).

use super::abi::FuncAbi;
use super::resources::lift_parts;
use super::store::{
    call_without_leaving, ComponentStore, FuncData, ResolvedOptions, ScopeId, Scopes, StoreMemory,
};
use super::types::Type;
use super::values::Val;
use crate::component::abi::FuncAbiExt;
use crate::store::{AsContext, AsContextMut, StoreId, StoreOpaque};
use crate::{Trap, ValRaw};
use anyhow::{bail, Result};
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

    /// Calls the function. `results` must have one slot per result.
    ///
    /// The results are lifted into owned [`Val`]s, then the guest's
    /// `post-return` (if the function has one) runs, and then the call
    /// returns: the instance can be called again at once, and nothing is
    /// left for the caller to do ([`Func::post_return`] is a no-op kept for
    /// ported code). An error of `post-return` (a trap) is the call's error,
    /// and poisons the instance like any trap. A wrong number of result
    /// slots is an error before the guest runs.
    pub fn call(
        &self,
        mut store: impl AsContextMut,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let s = &mut store.as_context_mut().inner.opaque;
        // Checked before the call: the guest does not run for results that
        // could not be handed back.
        let n = self.data(s).lifted.sig.results.len();
        if results.len() != n {
            bail!(
                "the function returns {n} values, but {} result slots were given",
                results.len()
            );
        }
        let out = call(s, *self, params)?;
        for (slot, v) in results.iter_mut().zip(out) {
            *slot = v;
        }
        Ok(())
    }

    /// Does nothing and returns `Ok(())`: [`Func::call`] runs the guest's
    /// `post-return` itself, as Wasmtime 48's does. Kept so that code
    /// written for the older explicit protocol compiles; calls to it can be
    /// removed.
    #[inline]
    pub fn post_return(&self, _store: impl AsContextMut) -> Result<()> {
        Ok(())
    }
}

/// Runs `op` on the store's scope flags, with the scope `f` belongs to and
/// the scopes a call of `f` enters: `guest`, the entering set of a
/// component-to-component call, or for a call from the host (`None`) `f`'s
/// own scope and its ancestors. Borrows, never copies, the set.
#[inline]
fn with_entering<R>(
    s: &mut StoreOpaque,
    f: Func,
    guest: Option<&[ScopeId]>,
    op: impl FnOnce(&mut Scopes, ScopeId, &[ScopeId]) -> R,
) -> R {
    let ComponentStore { funcs, scopes, .. } = &mut s.components;
    let d = &funcs[f.index as usize];
    op(scopes, d.opts.scope, guest.unwrap_or(&d.entering))
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

/// The call protocol of a lifted function called by the host, shared by
/// dynamic and typed calls: checks that the call may enter `f`'s scope and
/// its ancestors (none poisoned, none already running), enters them, runs
/// `body` (lower the arguments, call the core function, lift the results
/// into owned values), runs `f`'s `post-return` with the core result `body`
/// returned, and leaves the scopes. A failure (of `body` after the guest ran,
/// a trap, or a trap in `post-return`) poisons `f`'s scope.
#[inline]
pub(crate) fn call_with<R>(
    s: &mut StoreOpaque,
    f: Func,
    body: impl FnOnce(&mut StoreOpaque, &CallSite) -> Result<(R, Option<ValRaw>)>,
) -> Result<R> {
    s.check(f.store, "component function");
    let (out, core_result) = run(s, f, None, body)?;
    finish(s, f, None, core_result).map(|()| out)
}

/// The call protocol of a lifted function called by another component
/// instance through a lowered function: like [`call_with`], but it enters
/// the scopes `entering` (the spec's `entering_set(caller)`, computed at
/// translation time; empty for a child calling back into its parent).
pub(crate) fn call_from_guest<R>(
    s: &mut StoreOpaque,
    f: Func,
    entering: &[ScopeId],
    body: impl FnOnce(&mut StoreOpaque, &CallSite) -> Result<(R, Option<ValRaw>)>,
) -> Result<R> {
    let (out, core_result) = run(s, f, Some(entering), body)?;
    finish(s, f, Some(entering), core_result).map(|()| out)
}

/// The end of a successful call of `f`: runs its `post-return` (if any, with
/// `may_leave` of its scope cleared) on the core result, then leaves the
/// scopes the call entered (`guest`, or for a call from the host `f`'s scope
/// and its ancestors), poisoning `f`'s scope if `post-return` failed.
#[inline]
fn finish(
    s: &mut StoreOpaque,
    f: Func,
    guest: Option<&[ScopeId]>,
    core_result: Option<ValRaw>,
) -> Result<()> {
    let d = &s.components.funcs[f.index as usize];
    let (post, scope) = (d.opts.post_return, d.opts.scope);
    let result = match post {
        // The post-return function takes the core result (if any) and
        // returns nothing; one slot is room enough either way.
        Some(p) => call_without_leaving(s, scope, |s| {
            p.call_raw(s, &mut [core_result.unwrap_or_default()])
        }),
        None => Ok(()),
    };
    leave(s, f, guest, result.is_err());
    result
}

/// Leaves the scopes a call of `f` entered (`guest`, or for a call from the
/// host `f`'s scope and its ancestors), poisoning `f`'s scope first if
/// `poison`.
fn leave(s: &mut StoreOpaque, f: Func, guest: Option<&[ScopeId]>, poison: bool) {
    with_entering(s, f, guest, |scopes, callee, entering| {
        if poison {
            scopes.get_mut(callee).poisoned = true;
        }
        scopes.leave(entering);
    });
}

/// The part of a call both protocols share: the entry check, entering, and
/// `body`. On success the scopes stay entered; on failure they are left,
/// and `f`'s scope is poisoned if the guest ran or a trap occurred.
fn run<R>(
    s: &mut StoreOpaque,
    f: Func,
    guest: Option<&[ScopeId]>,
    body: impl FnOnce(&mut StoreOpaque, &CallSite) -> Result<(R, Option<ValRaw>)>,
) -> Result<(R, Option<ValRaw>)> {
    if !with_entering(s, f, guest, |scopes, callee, entering| {
        scopes.try_enter(callee, entering)
    }) {
        return Err(s.components.why_not_enter(f.index, guest));
    }
    let d = &s.components.funcs[f.index as usize];
    let site = CallSite {
        abi: d.abi.clone(),
        opts: d.opts.clone(),
        core: d.core,
        entered: std::cell::Cell::new(false),
    };
    // The call's task: borrowed handles lowered into the callee count here,
    // and must all be dropped before it returns.
    let handles = site.abi.has_handles();
    let task = s.components.tasks.len();
    if handles {
        s.components.tasks.push(0);
    }
    let mut result = body(s, &site);
    if handles && s.components.funcs[f.index as usize].lifted.passes_borrows {
        s.components.end_borrows(site.opts.scope, task);
    }
    let borrows = if handles {
        s.components.tasks.pop().unwrap_or(0)
    } else {
        0
    };
    if result.is_ok() && borrows > 0 {
        result = Err(anyhow::Error::new(Trap::InvalidHandle).context(format!(
            "the callee returned while still holding {borrows} borrowed resource handle(s) \
             it was given; it must drop them first"
        )));
    }
    if let Err(e) = &result {
        // A trap, or any error once the guest runs (a host import's error
        // unwinds through guest frames), leaves the instance unusable; an
        // error found before entering (a badly typed argument) does not.
        let poison = site.entered.get() || e.downcast_ref::<Trap>().is_some();
        leave(s, f, guest, poison);
    }
    result
}

/// The number of core parameters and results of core function `core`.
pub(crate) fn core_arity(s: &StoreOpaque, core: crate::Func) -> (usize, usize) {
    let ty = &s.funcs[core.index as usize].ty;
    (ty.params().len(), ty.results().len())
}

/// Calls `f` with dynamic arguments (its `post-return` included).
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
        let (mem, mut handles) = lift_parts(s, opts);
        let (lifted, _) = abi.lift_results_tracked(mem, &opts.abi, &values, Some(&mut handles))?;
        Ok((lifted, values.first().copied()))
    })
}

/// A call of `f` from another guest, entering the scopes `entering`:
/// `sources` are the source encodings of the arguments' strings, so that
/// strings are transcoded as the spec says. The lifted results, with their
/// strings' source encodings, go to `deliver` (which lowers them into the
/// caller) before `f`'s `post-return` runs, in the spec's order.
pub(crate) fn call_tracked(
    s: &mut StoreOpaque,
    f: Func,
    entering: &[ScopeId],
    params: &[Val],
    sources: Vec<crate::component::abi::SourceEncoding>,
    deliver: impl FnOnce(
        &mut StoreOpaque,
        Vec<Val>,
        Vec<crate::component::abi::SourceEncoding>,
    ) -> Result<()>,
) -> Result<()> {
    call_from_guest(s, f, entering, |s, site| {
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
        let (mem, mut handles) = lift_parts(s, opts);
        let (lifted, result_sources) =
            abi.lift_results_tracked(mem, &opts.abi, &values, Some(&mut handles))?;
        deliver(s, lifted, result_sources)?;
        Ok(((), values.first().copied()))
    })
}
