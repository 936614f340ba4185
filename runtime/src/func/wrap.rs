//! [`IntoFunc`]: turning Rust closures into host functions, with typed
//! parameters and results and an optional leading [`Caller`].
//!
//! Each closure type gets its own array shim (`typed_shim`), which reads the
//! arguments from the trampoline's `ValRaw` array, calls the closure inside
//! `catch_unwind` and writes the results back.

use super::typed::{WasmResults, WasmRet, WasmTy};
use super::{new_host, raise_on_failure, Caller, Func};
use crate::store::{StoreContextMut, StoreInner};
use crate::values::ValRaw;
use crate::vm::host::VMHostFuncContext;
use anyhow::Result;
use hoist_environ::types::FuncType;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

/// A definer of a host function: creates it in a given store.
pub(crate) type HostFuncDef<T> = Arc<dyn Fn(&mut StoreInner<T>) -> Result<Func> + Send + Sync>;

/// Closures that can become host functions: `Fn(A1, …, An) -> R` and
/// `Fn(Caller<T>, A1, …, An) -> R`, with `Ai: WasmTy` (n ≤ 16) and `R` results
/// or `anyhow::Result` of results.
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    /// The function type the closure gives.
    fn func_type(&self) -> FuncType;
    #[doc(hidden)]
    fn into_def(self) -> HostFuncDef<T>;
    /// Creates the host function in `store`.
    #[doc(hidden)]
    fn into_func(self, store: &mut StoreInner<T>) -> Result<Func>
    where
        Self: Sized,
    {
        (self.into_def())(store)
    }
}

macro_rules! into_func {
    ($($a:ident $i:tt)*) => {
        #[allow(non_snake_case, unused_variables, unused_mut)]
        impl<T: 'static, F, $($a: WasmTy,)* R: WasmRet> IntoFunc<T, ($($a,)*), R> for F
        where
            F: Fn($($a),*) -> R + Send + Sync + 'static,
        {
            fn func_type(&self) -> FuncType {
                FuncType::new(vec![$($a::valtype()),*], R::Results::valtypes())
            }
            fn into_def(self) -> HostFuncDef<T> {
                let f = move |_: Caller<'_, T>, $($a: $a),*| self($($a),*);
                IntoFunc::<T, (Caller<'static, T>, $($a,)*), R>::into_def(f)
            }
        }

        #[allow(non_snake_case, unused_variables, unused_mut)]
        impl<T: 'static, F, $($a: WasmTy,)* R: WasmRet> IntoFunc<T, (Caller<'static, T>, $($a,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
        {
            fn func_type(&self) -> FuncType {
                FuncType::new(vec![$($a::valtype()),*], R::Results::valtypes())
            }
            fn into_def(self) -> HostFuncDef<T> {
                let ty = FuncType::new(vec![$($a::valtype()),*], R::Results::valtypes());
                let f = Arc::new(self);
                // One result or none: wasm calls `native_shim` directly, with the
                // native signature; otherwise through the host trampoline.
                let native = if <R::Results as WasmResults>::NATIVE {
                    Some(native_shim::<T, F, $($a,)* R> as *const () as usize)
                } else {
                    None
                };
                Arc::new(move |store: &mut StoreInner<T>| {
                    let data = Arc::as_ptr(&f) as *const u8;
                    new_host(store, ty.clone(), shim::<T, F, $($a,)* R>, native.map(|n| n as *const u8), data, Box::new(f.clone()))
                })
            }
        }

        #[allow(non_snake_case, unused_variables, unused_mut)]
        unsafe extern "C" fn native_shim<T: 'static, F, $($a: WasmTy,)* R: WasmRet>(
            ctx: *mut VMHostFuncContext,
            caller: *mut u8,
            $($a: $a::Abi,)*
        ) -> <R::Results as WasmResults>::Native
        where
            F: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
        {
            let mut out = std::mem::MaybeUninit::uninit();
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| -> Result<()> {
                // SAFETY: wasm calls this through the funcref made in `into_def`,
                // passing the context as the callee vmctx; `data` points at the
                // `F` its `owner` keeps alive, and `store` at the owning store.
                let (f, store) = unsafe {
                    let ctx = &*ctx;
                    (&*(ctx.data as *const F), &mut *(ctx.store as *mut StoreInner<T>))
                };
                $(let $a = $a::from_abi($a, &mut store.opaque);)*
                let r = f(Caller { store: StoreContextMut { inner: &mut *store }, caller_vmctx: caller }, $($a),*);
                out.write(r.into_result()?.into_native(&store.opaque)?);
                Ok(())
            }));
            raise_on_failure(result);
            // SAFETY: `raise_on_failure` returned, so the closure completed and wrote `out`.
            unsafe { out.assume_init() }
        }

        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments)]
        unsafe extern "C" fn shim<T: 'static, F, $($a: WasmTy,)* R: WasmRet>(
            ctx: *mut VMHostFuncContext,
            caller: *mut u8,
            values: *mut ValRaw,
            len: usize,
        ) where
            F: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
        {
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| -> Result<()> {
                // SAFETY: the host trampoline passes the context it was called
                // with; `data` points at the `F` its `owner` keeps alive, and
                // `store` at the `StoreInner<T>` that owns the context.
                let (f, store) = unsafe {
                    let ctx = &*ctx;
                    (&*(ctx.data as *const F), &mut *(ctx.store as *mut StoreInner<T>))
                };
                // SAFETY: the trampoline's array holds `len` slots, at least one
                // per parameter and per result.
                let slots = unsafe { std::slice::from_raw_parts_mut(values, len) };
                $(let $a = $a::from_abi($a::abi_from_raw(slots[$i]), &mut store.opaque);)*
                let r = f(Caller { store: StoreContextMut { inner: &mut *store }, caller_vmctx: caller }, $($a),*);
                r.into_result()?.into_raw(&store.opaque, slots)
            }));
            raise_on_failure(result);
        }
    };
}

/// Generates the arity modules: the shim name must differ per arity.
macro_rules! arities {
    ($($m:ident: ($($a:ident $i:tt)*);)*) => {
        $(mod $m {
            use super::*;
            into_func!($($a $i)*);
        })*
    };
}

arities! {
    a0: ();
    a1: (A1 0);
    a2: (A1 0 A2 1);
    a3: (A1 0 A2 1 A3 2);
    a4: (A1 0 A2 1 A3 2 A4 3);
    a5: (A1 0 A2 1 A3 2 A4 3 A5 4);
    a6: (A1 0 A2 1 A3 2 A4 3 A5 4 A6 5);
    a7: (A1 0 A2 1 A3 2 A4 3 A5 4 A6 5 A7 6);
    a8: (A1 0 A2 1 A3 2 A4 3 A5 4 A6 5 A7 6 A8 7);
    a9: (A1 0 A2 1 A3 2 A4 3 A5 4 A6 5 A7 6 A8 7 A9 8);
    a10: (A1 0 A2 1 A3 2 A4 3 A5 4 A6 5 A7 6 A8 7 A9 8 A10 9);
    a11: (A1 0 A2 1 A3 2 A4 3 A5 4 A6 5 A7 6 A8 7 A9 8 A10 9 A11 10);
    a12: (A1 0 A2 1 A3 2 A4 3 A5 4 A6 5 A7 6 A8 7 A9 8 A10 9 A11 10 A12 11);
    a13: (A1 0 A2 1 A3 2 A4 3 A5 4 A6 5 A7 6 A8 7 A9 8 A10 9 A11 10 A12 11 A13 12);
    a14: (A1 0 A2 1 A3 2 A4 3 A5 4 A6 5 A7 6 A8 7 A9 8 A10 9 A11 10 A12 11 A13 12 A14 13);
    a15: (A1 0 A2 1 A3 2 A4 3 A5 4 A6 5 A7 6 A8 7 A9 8 A10 9 A11 10 A12 11 A13 12 A14 13 A15 14);
    a16: (A1 0 A2 1 A3 2 A4 3 A5 4 A6 5 A7 6 A8 7 A9 8 A10 9 A11 10 A12 11 A13 12 A14 13 A15 14 A16 15);
}
