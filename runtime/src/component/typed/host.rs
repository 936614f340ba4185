//! Typed host functions (`LinkerInstance::func_wrap`): the link-time type
//! check against the import, and the core function guests call, which lifts
//! the arguments straight out of the core argument slots into a Rust tuple,
//! calls the closure, and lowers its result tuple straight back (or into the
//! guest's return area when the results spill). With flat scalar parameters
//! and results, a call allocates nothing.
//!
//! Dynamic host functions (`func_new`) stay in `lowered.rs`.

use super::context::{LiftContext, LowerContext};
use super::params::{
    describe, lift_params, lower_results, param_core_count, result_core_count, typecheck_signature,
    LiftNamedList, LowerNamedList,
};
use crate::component::abi::lift::LiftHandles;
use crate::component::abi::FuncAbi;
use crate::component::lowered::{HostFunc, PreparedHost, TypedHostFunc};
use crate::component::resources::{finish_call, lift_lending};
use crate::component::store::{ResolvedOptions, StoreMemory};
use crate::func::HostSig;
use crate::store::{StoreContextMut, StoreInner};
use crate::ValRaw;
use anyhow::{anyhow, Result};
use hoist_environ::component::FuncSig;
use hoist_environ::types::FuncType;
use std::marker::PhantomData;
use std::sync::Arc;

/// A host closure taking `P` and returning `R`.
struct TypedHost<F, P, R> {
    func: F,
    _marker: PhantomData<fn(P) -> R>,
}

/// The linker's form of the typed host function `func`.
pub(crate) fn typed_host_func<T, P, R, F>(func: F) -> HostFunc<T>
where
    T: 'static,
    F: Fn(StoreContextMut<'_, T>, P) -> Result<R> + Send + Sync + 'static,
    P: LiftNamedList + 'static,
    R: LowerNamedList + 'static,
{
    HostFunc::Typed(Arc::new(TypedHost {
        func,
        _marker: PhantomData,
    }))
}

impl<T, F, P, R> TypedHostFunc<T> for TypedHost<F, P, R>
where
    T: 'static,
    F: Fn(StoreContextMut<'_, T>, P) -> Result<R> + Send + Sync + 'static,
    P: LiftNamedList + 'static,
    R: LowerNamedList + 'static,
{
    fn typecheck(&self, sig: &FuncSig) -> Result<()> {
        typecheck_signature::<P, R>(&sig.params, &sig.results)
    }

    fn describe(&self) -> String {
        describe::<P, R>()
    }

    fn prepare(
        self: Arc<Self>,
        abi: Arc<FuncAbi>,
        core_ty: &FuncType,
    ) -> Result<Arc<dyn PreparedHost<T>>> {
        let n_params = param_core_count(&abi)?;
        let n_results = if abi.results_spill() {
            0
        } else {
            result_core_count(&abi)?
        };
        let retptr_slot = abi.results_spill().then_some(n_params);
        let expected = n_params + usize::from(retptr_slot.is_some());
        if core_ty.params().len() != expected || core_ty.results().len() != n_results {
            return Err(anyhow!(
                "the lowered core type `{core_ty}` does not match the function's canonical ABI"
            ));
        }
        let shape = Shape {
            n_params,
            retptr_slot,
        };
        Ok(Arc::new(Prepared {
            host: self,
            abi,
            shape,
        }))
    }
}

/// A typed host function prepared for one lowering: its ABI and where
/// things are in the core slots.
struct Prepared<F, P, R> {
    host: Arc<TypedHost<F, P, R>>,
    abi: Arc<FuncAbi>,
    shape: Shape,
}

impl<T, F, P, R> PreparedHost<T> for Prepared<F, P, R>
where
    T: 'static,
    F: Fn(StoreContextMut<'_, T>, P) -> Result<R> + Send + Sync + 'static,
    P: LiftNamedList + 'static,
    R: LowerNamedList + 'static,
{
    fn make(
        self: Arc<Self>,
        store: &mut StoreInner<T>,
        sig: &HostSig,
        opts: ResolvedOptions,
    ) -> crate::Func {
        crate::func::new_raw_host_with(store, sig, move |caller, slots: &mut [ValRaw]| {
            self.host
                .call(caller.store, &self.abi, &opts, self.shape, slots)
        })
    }
}

/// Where things are in the core argument slots.
#[derive(Clone, Copy)]
struct Shape {
    /// How many slots the parameters take.
    n_params: usize,
    /// The slot of the return pointer, if the results spill.
    retptr_slot: Option<usize>,
}

impl<F, P, R> TypedHost<F, P, R>
where
    P: LiftNamedList,
    R: LowerNamedList,
{
    /// One call from the guest: `slots` holds the core arguments and
    /// receives the core results.
    fn call<T>(
        &self,
        store: StoreContextMut<'_, T>,
        abi: &FuncAbi,
        opts: &ResolvedOptions,
        shape: Shape,
        slots: &mut [ValRaw],
    ) -> Result<()>
    where
        F: Fn(StoreContextMut<'_, T>, P) -> Result<R>,
    {
        let inner = store.inner;
        inner.opaque.components.scopes.check_may_leave(opts.scope)?;
        let args = slots
            .get(..shape.n_params)
            .ok_or_else(|| anyhow!("too few core arguments"))?;
        let (params, loans) = lift_lending(&mut inner.opaque, opts, |mem, h| {
            let cx = LiftContext::with_handle(mem, &opts.abi, opts.memory);
            if abi.has_handles() {
                let cell = std::cell::RefCell::new(&mut *h as &mut dyn LiftHandles);
                lift_params::<P>(&cx.with_handles(&cell), abi, args)
            } else {
                lift_params::<P>(&cx, abi, args)
            }
        })?;
        let retptr = match shape.retptr_slot {
            Some(i) => Some(
                slots
                    .get(i)
                    .ok_or_else(|| anyhow!("missing the return pointer"))?
                    .get_i32() as u32,
            ),
            None => None,
        };
        let called = (self.func)(StoreContextMut { inner: &mut *inner }, params);
        finish_call(&mut inner.opaque.components, loans);
        let results = called?;
        let mut mem = StoreMemory::new(&mut inner.opaque, opts);
        let mut cx = LowerContext::new(&mut mem, &opts.abi);
        lower_results(&mut cx, abi, &results, retptr, slots)
    }
}
