//! [`Func`]: a function in a store, wasm or host, and [`Caller`], the view of
//! the store that host functions get.
//!
//! Dynamic calls (`Func::call`) go through the per-type entry trampoline. Host
//! functions are a `VMHostFuncContext` plus a shim monomorphised for the
//! closure; typed wrappers and the typed call path live in `typed` and `wrap`.

mod typed;
mod wrap;

pub(crate) use typed::check_signature;
pub use typed::{TypedFunc, WasmParams, WasmResults, WasmRet, WasmTy};
pub use wrap::IntoFunc;

use crate::store::{
    AsContext, AsContextMut, StoreContext, StoreContextMut, StoreId, StoreInner, StoreOpaque,
};
use crate::values::{Val, ValRaw};
use crate::vm::host::{ArrayCall, VMHostFuncContext};
use crate::vm::traps::{self, catch_traps, UnwindReason};
use crate::{Extern, Instance};
use anyhow::{bail, Result};
use hoist_environ::types::FuncType;
use std::panic::AssertUnwindSafe;

/// A WebAssembly or host function that belongs to a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Func {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Func {
    /// A host function of type `ty` that receives and returns dynamic values.
    ///
    /// ```
    /// # fn main() -> anyhow::Result<()> {
    /// use hoist_runtime::{Engine, Func, FuncType, Store, Val, ValType};
    /// let mut store = Store::new(&Engine::default(), ());
    /// let ty = FuncType::new([ValType::I32], [ValType::I32]);
    /// let double = Func::new(&mut store, ty, |_caller, params, results| {
    ///     results[0] = Val::I32(params[0].i32().unwrap() * 2);
    ///     Ok(())
    /// });
    /// let mut out = [Val::I32(0)];
    /// double.call(&mut store, &[Val::I32(21)], &mut out)?;
    /// assert_eq!(out[0].i32(), Some(42));
    /// # Ok(()) }
    /// ```
    pub fn new<T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Func {
        let func = std::sync::Arc::new(func);
        new_dynamic(store.as_context_mut().inner, ty, func).expect("compiling a host trampoline")
    }

    /// A host function from a Rust closure whose parameter and result types
    /// give the wasm type. The closure may take a [`Caller`] first.
    ///
    /// ```
    /// # fn main() -> anyhow::Result<()> {
    /// use hoist_runtime::{Engine, Func, Store};
    /// let mut store = Store::new(&Engine::default(), ());
    /// let add = Func::wrap(&mut store, |a: i32, b: i32| a.wrapping_add(b));
    /// let typed = add.typed::<(i32, i32), i32>(&store)?;
    /// assert_eq!(typed.call(&mut store, (1, 2))?, 3);
    /// # Ok(()) }
    /// ```
    pub fn wrap<T: 'static, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        func: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let inner = store.as_context_mut().inner;
        func.into_func(inner).expect("compiling a host trampoline")
    }

    /// The function's type.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let s = store.as_context();
        s.inner.opaque.check(self.store, "function");
        s.inner.opaque.funcs[self.index as usize].ty.clone()
    }

    /// Calls the function with dynamic values. `results` must have room for
    /// every result.
    pub fn call(
        &self,
        mut store: impl AsContextMut,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let ctx = store.as_context_mut();
        let s = &mut ctx.inner.opaque;
        s.check(self.store, "function");
        let ty = s.funcs[self.index as usize].ty.clone();
        if params.len() != ty.params().len() {
            bail!(
                "function of type `{ty}` takes {} arguments, but {} were given",
                ty.params().len(),
                params.len()
            );
        }
        if results.len() < ty.results().len() {
            bail!(
                "function of type `{ty}` returns {} values, but room for {} was given",
                ty.results().len(),
                results.len()
            );
        }
        let mut values = vec![ValRaw::default(); ty.params().len().max(ty.results().len())];
        for (i, (p, t)) in params.iter().zip(ty.params()).enumerate() {
            values[i] = s.val_to_raw(p, *t, &|| format!("argument {i}"))?;
        }
        self.call_raw(s, &mut values)?;
        for (i, t) in ty.results().iter().enumerate() {
            results[i] = s.val_from_raw(values[i], *t);
        }
        Ok(())
    }

    /// Calls with raw values: `values` holds the arguments on entry and the
    /// results on return, and has a slot for each of both.
    pub(crate) fn call_raw(&self, s: &mut StoreOpaque, values: &mut [ValRaw]) -> Result<()> {
        s.check(self.store, "function");
        let entry = &s.funcs[self.index as usize];
        let funcref = entry.funcref;
        debug_assert!(values.len() >= entry.ty.params().len().max(entry.ty.results().len()));
        let trampoline = match entry.entry.load(std::sync::atomic::Ordering::Relaxed) {
            0 => {
                // SAFETY: `funcref` points into data this store owns.
                let id = unsafe { (*funcref).type_id };
                let t = s.engine.entry_trampoline(id)?;
                s.funcs[self.index as usize]
                    .entry
                    .store(t, std::sync::atomic::Ordering::Relaxed);
                t
            }
            t => t,
        };
        // SAFETY: `trampoline` was compiled for exactly this function's type and
        // takes `(code, callee_vmctx, caller_vmctx, values)`; `values` has a slot
        // for every parameter and result.
        unsafe {
            let f: unsafe extern "C" fn(*const u8, *mut u8, *mut u8, *mut ValRaw) =
                std::mem::transmute(trampoline);
            let code = (*funcref).native_call;
            let vmctx = (*funcref).vmctx;
            let vals = values.as_mut_ptr();
            invoke(s, || f(code, vmctx, vmctx, vals))
        }
    }

    /// A typed view of this function, checked against its type.
    pub fn typed<Params: WasmParams, Results: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<Params, Results>> {
        let ty = self.ty(&store);
        typed::check_signature::<Params, Results>(&ty, "function")?;
        Ok(TypedFunc::new_unchecked(*self))
    }

    /// The raw funcref, for tables and globals.
    pub(crate) fn to_raw(self, store: &StoreOpaque) -> usize {
        store.check(self.store, "function");
        store.funcs[self.index as usize].funcref as usize
    }
}

/// Runs `body` (a call into wasm) under trap handling, turning an unwind into
/// the error the embedder sees.
#[inline]
pub(crate) fn invoke(store: &StoreOpaque, body: impl FnOnce()) -> Result<()> {
    catch_traps(&store.ctx, store.engine.config().max_wasm_stack, body).map_err(traps::into_error)
}

/// A host function's core type with what the engine knows about it: its
/// engine-wide id and its host trampoline, looked up once (component
/// instantiation makes the same host functions over and over).
#[derive(Clone, Debug)]
pub(crate) struct HostSig {
    pub ty: FuncType,
    pub type_id: u32,
    pub trampoline: usize,
}

impl HostSig {
    /// Registers `ty` with `engine` and compiles (or finds) its trampoline.
    pub(crate) fn new(engine: &crate::Engine, ty: FuncType) -> Result<HostSig> {
        let type_id = engine.register_type(&ty);
        let trampoline = engine.host_trampoline(type_id)?;
        Ok(HostSig {
            ty,
            type_id,
            trampoline,
        })
    }
}

/// Registers a host function in `store`.
pub(crate) fn new_host<T>(
    store: &mut StoreInner<T>,
    ty: FuncType,
    array_call: ArrayCall,
    native_call: Option<*const u8>,
    data: *const u8,
    owner: Box<dyn std::any::Any + Send + Sync>,
) -> Result<Func> {
    let engine = &store.opaque.engine;
    let type_id = engine.register_type(&ty);
    let trampoline = match native_call {
        Some(n) => n as usize,
        None => engine.host_trampoline(type_id)?,
    };
    let sig = HostSig {
        ty,
        type_id,
        trampoline,
    };
    Ok(new_host_with(store, &sig, array_call, data, owner))
}

/// Registers a host function of signature `sig` in `store`.
pub(crate) fn new_host_with<T>(
    store: &mut StoreInner<T>,
    sig: &HostSig,
    array_call: ArrayCall,
    data: *const u8,
    owner: Box<dyn std::any::Any + Send + Sync>,
) -> Func {
    let store_ptr = store as *mut StoreInner<T> as *mut u8;
    let ctx = VMHostFuncContext::new(
        array_call,
        sig.trampoline as *const u8,
        sig.type_id,
        store_ptr,
        data,
        owner,
        sig.ty.clone(),
    );
    let funcref = &ctx.funcref as *const _;
    store.opaque.host_funcs.push(ctx);
    let index = store.opaque.push_new_func(funcref, sig.ty.clone());
    Func {
        store: store.opaque.id,
        index,
    }
}

/// Creates a host function that works on raw values: the closure gets the
/// arguments in the slice and leaves the results there (the slice has a slot
/// for each of both).
pub(crate) fn new_raw_host<T: 'static, F>(
    store: &mut StoreInner<T>,
    ty: FuncType,
    func: F,
) -> Result<Func>
where
    F: Fn(Caller<'_, T>, &mut [ValRaw]) -> Result<()> + Send + Sync + 'static,
{
    let func = Box::new(func);
    let data = &*func as *const F as *const u8;
    new_host(store, ty, raw_shim::<T, F>, None, data, func)
}

/// [`new_raw_host`] with the signature looked up already.
pub(crate) fn new_raw_host_with<T: 'static, F>(
    store: &mut StoreInner<T>,
    sig: &HostSig,
    func: F,
) -> Func
where
    F: Fn(Caller<'_, T>, &mut [ValRaw]) -> Result<()> + Send + Sync + 'static,
{
    let func = Box::new(func);
    let data = &*func as *const F as *const u8;
    new_host_with(store, sig, raw_shim::<T, F>, data, func)
}

unsafe extern "C" fn raw_shim<T: 'static, F>(
    ctx: *mut VMHostFuncContext,
    caller: *mut u8,
    values: *mut ValRaw,
    len: usize,
) where
    F: Fn(Caller<'_, T>, &mut [ValRaw]) -> Result<()> + Send + Sync + 'static,
{
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| -> Result<()> {
        // SAFETY: as in `dynamic_shim`; the trampoline's array has `len` slots.
        let (f, store, slots) = unsafe {
            let ctx = &*ctx;
            (
                &*(ctx.data as *const F),
                &mut *(ctx.store as *mut StoreInner<T>),
                std::slice::from_raw_parts_mut(values, len),
            )
        };
        f(
            Caller {
                store: StoreContextMut { inner: store },
                caller_vmctx: caller,
            },
            slots,
        )
    }));
    raise_on_failure(result);
}

/// Creates a dynamic host function from a shared closure (also used by `Linker`).
pub(crate) fn new_dynamic<T: 'static, F>(
    store: &mut StoreInner<T>,
    ty: FuncType,
    func: std::sync::Arc<F>,
) -> Result<Func>
where
    F: Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
{
    let data = std::sync::Arc::as_ptr(&func) as *const u8;
    new_host(store, ty, dynamic_shim::<T, F>, None, data, Box::new(func))
}

unsafe extern "C" fn dynamic_shim<T: 'static, F>(
    ctx: *mut VMHostFuncContext,
    caller: *mut u8,
    values: *mut ValRaw,
    _len: usize,
) where
    F: Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
{
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| -> Result<()> {
        // SAFETY: the host trampoline passes the context it was called with;
        // `data` points at an `F` kept alive by `owner`, and `store` at the
        // `StoreInner<T>` that owns the context, which wasm was entered from.
        let (f, store, ty) = unsafe {
            let ctx = &*ctx;
            (
                &*(ctx.data as *const F),
                &mut *(ctx.store as *mut StoreInner<T>),
                &*(&ctx.ty as *const FuncType),
            )
        };
        let mut params = Vec::with_capacity(ty.params().len());
        for (i, t) in ty.params().iter().enumerate() {
            // SAFETY: the trampoline's array has a slot per parameter.
            let raw = unsafe { *values.add(i) };
            params.push(store.opaque.val_from_raw(raw, *t));
        }
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        f(
            Caller {
                store: StoreContextMut { inner: &mut *store },
                caller_vmctx: caller,
            },
            &params,
            &mut results,
        )?;
        for (i, (r, t)) in results.iter().zip(ty.results()).enumerate() {
            let raw = store
                .opaque
                .val_to_raw(r, *t, &|| format!("result {i} of a host function"))?;
            // SAFETY: the trampoline's array has a slot per result.
            unsafe { *values.add(i) = raw };
        }
        Ok(())
    }));
    raise_on_failure(result);
}

/// Unwinds into the innermost activation when a host function failed.
#[inline(always)]
pub(crate) fn raise_on_failure(result: std::thread::Result<Result<()>>) {
    if let Ok(Ok(())) = result {
        return;
    }
    raise_failure(result)
}

/// The slow half of [`raise_on_failure`].
#[cold]
#[inline(never)]
fn raise_failure(result: std::thread::Result<Result<()>>) {
    let reason = match result {
        Ok(Ok(())) => return,
        Ok(Err(e)) => UnwindReason::Host(e),
        Err(panic) => UnwindReason::Panic(panic),
    };
    // SAFETY: called by host shims, which wasm called inside `catch_traps`; the
    // shim's own values were dropped by the time this runs.
    unsafe { traps::raise(reason) }
}

/// The store as a host function sees it while wasm calls it.
pub struct Caller<'a, T> {
    pub(crate) store: StoreContextMut<'a, T>,
    pub(crate) caller_vmctx: *mut u8,
}

impl<T> Caller<'_, T> {
    /// The host data.
    pub fn data(&self) -> &T {
        &self.store.inner.data
    }

    /// The host data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.store.inner.data
    }

    /// The export `name` of the calling instance, if the caller is wasm and has one.
    pub fn get_export(&mut self, name: &str) -> Option<Extern> {
        if self.caller_vmctx.is_null() {
            return None;
        }
        let s = &mut self.store.inner.opaque;
        let vmctx = self.caller_vmctx;
        let index = s.instances.iter().position(|i| i.vmctx() == vmctx)?;
        Instance {
            store: s.id,
            index: index as u32,
        }
        .get_export_opaque(s, name)
    }
}

impl<T> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext {
            inner: self.store.inner,
        }
    }
}

impl<T> AsContextMut for Caller<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut {
            inner: self.store.inner,
        }
    }
}
