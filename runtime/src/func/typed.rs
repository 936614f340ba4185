//! Typed calls: [`TypedFunc`] and the traits that map Rust types to wasm
//! values ([`WasmTy`], [`WasmParams`], [`WasmResults`], [`WasmRet`]).
//!
//! When a function returns at most one value, `TypedFunc::call` calls the
//! compiled code directly through an `extern "C"` pointer whose Rust signature
//! matches the wasm one, with no allocation; otherwise it goes through the
//! entry trampoline with a `ValRaw` array.

use super::{invoke, Func};
use crate::store::{AsContextMut, StoreOpaque};
use crate::values::{ExternRef, ValRaw};
use anyhow::{bail, Result};
use hoist_environ::types::{FuncType, ValType};
use std::marker::PhantomData;
use std::mem::MaybeUninit;

/// A Rust type that is one wasm value.
pub trait WasmTy: Sized + 'static {
    /// The type passed in native calls.
    type Abi: Copy;
    /// The wasm type.
    fn valtype() -> ValType;
    /// To native form (checking the store of references).
    fn into_abi(self, store: &StoreOpaque) -> Result<Self::Abi>;
    /// From native form.
    fn from_abi(abi: Self::Abi, store: &mut StoreOpaque) -> Self;
    /// Native form to a raw slot.
    fn abi_to_raw(abi: Self::Abi) -> ValRaw;
    /// A raw slot to native form.
    fn abi_from_raw(raw: ValRaw) -> Self::Abi;
}

macro_rules! wasm_num {
    ($t:ty, $abi:ty, $vt:ident, |$x:ident| $to:expr, |$r:ident| $from:expr, $to_abi:expr, $from_abi:expr) => {
        impl WasmTy for $t {
            type Abi = $abi;
            fn valtype() -> ValType {
                ValType::$vt
            }
            #[inline]
            fn into_abi(self, _: &StoreOpaque) -> Result<$abi> {
                Ok($to_abi(self))
            }
            #[inline]
            fn from_abi(abi: $abi, _: &mut StoreOpaque) -> $t {
                $from_abi(abi)
            }
            #[inline]
            fn abi_to_raw($x: $abi) -> ValRaw {
                $to
            }
            #[inline]
            fn abi_from_raw($r: ValRaw) -> $abi {
                $from
            }
        }
    };
}

wasm_num!(
    i32,
    i32,
    I32,
    |x| ValRaw::i32(x),
    |r| r.get_i32(),
    |v| v,
    |a| a
);
wasm_num!(
    u32,
    i32,
    I32,
    |x| ValRaw::i32(x),
    |r| r.get_i32(),
    |v: u32| v as i32,
    |a: i32| a as u32
);
wasm_num!(
    i64,
    i64,
    I64,
    |x| ValRaw::i64(x),
    |r| r.get_i64(),
    |v| v,
    |a| a
);
wasm_num!(
    u64,
    i64,
    I64,
    |x| ValRaw::i64(x),
    |r| r.get_i64(),
    |v: u64| v as i64,
    |a: i64| a as u64
);
wasm_num!(
    f32,
    f32,
    F32,
    |x| ValRaw::f32(x.to_bits()),
    |r| f32::from_bits(r.get_f32()),
    |v| v,
    |a| a
);
wasm_num!(
    f64,
    f64,
    F64,
    |x| ValRaw::f64(x.to_bits()),
    |r| f64::from_bits(r.get_f64()),
    |v| v,
    |a| a
);

/// `v128` crosses native calls as the platform's 128-bit vector type, which
/// the C calling convention passes in a vector register, as Cranelift's does.
#[cfg(target_arch = "x86_64")]
impl WasmTy for crate::V128 {
    type Abi = std::arch::x86_64::__m128i;
    fn valtype() -> ValType {
        ValType::V128
    }
    #[inline]
    fn into_abi(self, _: &StoreOpaque) -> Result<Self::Abi> {
        // SAFETY: `u128` and `__m128i` are both 16 bytes of plain data with
        // no invalid bit patterns; on little-endian x86-64 byte 0 of both is
        // the lowest byte, lane 0.
        Ok(unsafe { std::mem::transmute::<u128, std::arch::x86_64::__m128i>(self.as_u128()) })
    }
    #[inline]
    fn from_abi(abi: Self::Abi, _: &mut StoreOpaque) -> Self {
        // SAFETY: as in `into_abi`, the other way round.
        crate::V128::new(unsafe { std::mem::transmute::<std::arch::x86_64::__m128i, u128>(abi) })
    }
    #[inline]
    fn abi_to_raw(abi: Self::Abi) -> ValRaw {
        // SAFETY: as in `into_abi`.
        ValRaw::v128(unsafe { std::mem::transmute::<std::arch::x86_64::__m128i, u128>(abi) })
    }
    #[inline]
    fn abi_from_raw(raw: ValRaw) -> Self::Abi {
        // SAFETY: as in `into_abi`.
        unsafe { std::mem::transmute::<u128, std::arch::x86_64::__m128i>(raw.get_v128()) }
    }
}

impl WasmTy for Option<Func> {
    type Abi = usize;
    fn valtype() -> ValType {
        ValType::FuncRef
    }
    fn into_abi(self, store: &StoreOpaque) -> Result<usize> {
        Ok(match self {
            None => 0,
            Some(f) => {
                if f.store != store.id {
                    bail!("a funcref argument belongs to another store");
                }
                f.to_raw(store)
            }
        })
    }
    fn from_abi(abi: usize, store: &mut StoreOpaque) -> Self {
        store.func_from_raw(abi)
    }
    fn abi_to_raw(abi: usize) -> ValRaw {
        ValRaw::reference(abi)
    }
    fn abi_from_raw(raw: ValRaw) -> usize {
        raw.get_ref()
    }
}

impl WasmTy for Option<ExternRef> {
    type Abi = usize;
    fn valtype() -> ValType {
        ValType::ExternRef
    }
    fn into_abi(self, store: &StoreOpaque) -> Result<usize> {
        Ok(match self {
            None => 0,
            Some(r) => {
                if r.store != store.id {
                    bail!("an externref argument belongs to another store");
                }
                r.index as usize + 1
            }
        })
    }
    fn from_abi(abi: usize, store: &mut StoreOpaque) -> Self {
        (abi != 0).then(|| ExternRef {
            store: store.id,
            index: (abi - 1) as u32,
        })
    }
    fn abi_to_raw(abi: usize) -> ValRaw {
        ValRaw::reference(abi)
    }
    fn abi_from_raw(raw: ValRaw) -> usize {
        raw.get_ref()
    }
}

/// The parameters of a typed call: `()`, one [`WasmTy`], or a tuple of up to 16.
pub trait WasmParams: 'static {
    /// The native form of all parameters.
    type Abi: Copy;
    /// The wasm parameter types.
    fn valtypes() -> Vec<ValType>;
    /// To native form.
    fn into_abi(self, store: &StoreOpaque) -> Result<Self::Abi>;
    /// Writes the native form into raw slots.
    fn store_raw(abi: Self::Abi, values: &mut [ValRaw]);
    /// Calls `code` natively with these parameters.
    ///
    /// # Safety
    /// `code` must be the native entry of a function whose wasm signature has
    /// exactly these parameters and a single result (or none) of native type `R`.
    unsafe fn invoke<R: Copy>(
        code: *const u8,
        callee: *mut u8,
        caller: *mut u8,
        abi: Self::Abi,
    ) -> R;
}

/// The results of a typed call: `()`, one [`WasmTy`], or a tuple of up to 16.
pub trait WasmResults: 'static {
    /// The native return type when `NATIVE`.
    type Native: Copy;
    /// Whether the results come back as one native return value (0 or 1 results).
    const NATIVE: bool;
    /// The wasm result types.
    fn valtypes() -> Vec<ValType>;
    /// From the native return value.
    fn from_native(n: Self::Native, store: &mut StoreOpaque) -> Self;
    /// From raw slots.
    fn from_raw(values: &[ValRaw], store: &mut StoreOpaque) -> Self;
    /// Into raw slots (for host functions' results).
    fn into_raw(self, store: &StoreOpaque, values: &mut [ValRaw]) -> Result<()>;
    /// Into the native return value (only called when `NATIVE`).
    fn into_native(self, store: &StoreOpaque) -> Result<Self::Native>;
}

/// What a host closure may return: results, or `anyhow::Result` of them.
pub trait WasmRet: 'static {
    /// The results.
    type Results: WasmResults;
    /// The results, or the host's error.
    fn into_result(self) -> Result<Self::Results>;
}

impl<R: WasmResults> WasmRet for R {
    type Results = R;
    fn into_result(self) -> Result<R> {
        Ok(self)
    }
}

impl<R: WasmResults> WasmRet for Result<R> {
    type Results = R;
    fn into_result(self) -> Result<R> {
        self
    }
}

impl<T: WasmTy> WasmParams for T {
    type Abi = T::Abi;
    fn valtypes() -> Vec<ValType> {
        vec![T::valtype()]
    }
    fn into_abi(self, store: &StoreOpaque) -> Result<T::Abi> {
        WasmTy::into_abi(self, store)
    }
    fn store_raw(abi: T::Abi, values: &mut [ValRaw]) {
        values[0] = T::abi_to_raw(abi);
    }
    unsafe fn invoke<R: Copy>(code: *const u8, callee: *mut u8, caller: *mut u8, abi: T::Abi) -> R {
        // SAFETY: per the trait contract, `code` has this native signature.
        unsafe {
            let f: unsafe extern "C" fn(*mut u8, *mut u8, T::Abi) -> R = std::mem::transmute(code);
            f(callee, caller, abi)
        }
    }
}

impl<T: WasmTy> WasmResults for T {
    type Native = T::Abi;
    const NATIVE: bool = true;
    fn valtypes() -> Vec<ValType> {
        vec![T::valtype()]
    }
    fn from_native(n: T::Abi, store: &mut StoreOpaque) -> T {
        T::from_abi(n, store)
    }
    fn from_raw(values: &[ValRaw], store: &mut StoreOpaque) -> T {
        T::from_abi(T::abi_from_raw(values[0]), store)
    }
    fn into_raw(self, store: &StoreOpaque, values: &mut [ValRaw]) -> Result<()> {
        values[0] = T::abi_to_raw(self.into_abi(store)?);
        Ok(())
    }
    fn into_native(self, store: &StoreOpaque) -> Result<T::Abi> {
        self.into_abi(store)
    }
}

macro_rules! tuples {
    (@native true) => { () };
    (@native true $t:ident) => { $t::Abi };
    (@native false $($t:ident)*) => { () };
    (@from_native true $n:ident $s:ident) => { () };
    (@from_native true $n:ident $s:ident $t:ident) => { ($t::from_abi($n, $s),) };
    (@from_native false $n:ident $s:ident $($t:ident)*) => { unreachable!("results of this arity come back through memory") };
    (@into_native true $v:ident $s:ident) => { Ok(()) };
    (@into_native true $v:ident $s:ident $t:ident) => { $v.0.into_abi($s) };
    (@into_native false $v:ident $s:ident $($t:ident)*) => { unreachable!("results of this arity go back through memory") };
    ($n:tt $native:tt $($t:ident $i:tt)*) => {
        #[allow(non_snake_case, unused_variables, unused_mut, clippy::unused_unit)]
        impl<$($t: WasmTy,)*> WasmParams for ($($t,)*) {
            type Abi = ($($t::Abi,)*);
            fn valtypes() -> Vec<ValType> {
                vec![$($t::valtype()),*]
            }
            fn into_abi(self, store: &StoreOpaque) -> Result<Self::Abi> {
                Ok(($(self.$i.into_abi(store)?,)*))
            }
            fn store_raw(abi: Self::Abi, values: &mut [ValRaw]) {
                $(values[$i] = $t::abi_to_raw(abi.$i);)*
            }
            unsafe fn invoke<R: Copy>(code: *const u8, callee: *mut u8, caller: *mut u8, abi: Self::Abi) -> R {
                // SAFETY: per the trait contract, `code` has this native signature.
                unsafe {
                    let f: unsafe extern "C" fn(*mut u8, *mut u8, $($t::Abi,)*) -> R = std::mem::transmute(code);
                    f(callee, caller, $(abi.$i,)*)
                }
            }
        }

        #[allow(non_snake_case, unused_variables, unused_mut, clippy::unused_unit)]
        impl<$($t: WasmTy,)*> WasmResults for ($($t,)*) {
            type Native = tuples!(@native $native $($t)*);
            const NATIVE: bool = $native;
            fn valtypes() -> Vec<ValType> {
                vec![$($t::valtype()),*]
            }
            fn from_native(n: Self::Native, store: &mut StoreOpaque) -> Self {
                tuples!(@from_native $native n store $($t)*)
            }
            fn from_raw(values: &[ValRaw], store: &mut StoreOpaque) -> Self {
                ($($t::from_abi($t::abi_from_raw(values[$i]), store),)*)
            }
            fn into_raw(self, store: &StoreOpaque, values: &mut [ValRaw]) -> Result<()> {
                $(values[$i] = $t::abi_to_raw(self.$i.into_abi(store)?);)*
                Ok(())
            }
            fn into_native(self, store: &StoreOpaque) -> Result<Self::Native> {
                tuples!(@into_native $native self store $($t)*)
            }
        }
    };
}

tuples!(0 true);
tuples!(1 true A 0);
tuples!(2 false A 0 B 1);
tuples!(3 false A 0 B 1 C 2);
tuples!(4 false A 0 B 1 C 2 D 3);
tuples!(5 false A 0 B 1 C 2 D 3 E 4);
tuples!(6 false A 0 B 1 C 2 D 3 E 4 F 5);
tuples!(7 false A 0 B 1 C 2 D 3 E 4 F 5 G 6);
tuples!(8 false A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7);
tuples!(9 false A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8);
tuples!(10 false A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9);
tuples!(11 false A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9 K 10);
tuples!(12 false A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9 K 10 L 11);
tuples!(13 false A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9 K 10 L 11 M 12);
tuples!(14 false A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9 K 10 L 11 M 12 N 13);
tuples!(15 false A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9 K 10 L 11 M 12 N 13 O 14);
tuples!(16 false A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9 K 10 L 11 M 12 N 13 O 14 P 15);

/// Checks that `ty` has exactly the parameters and results of `P` and `R`.
pub(crate) fn check_signature<P: WasmParams, R: WasmResults>(
    ty: &FuncType,
    what: &str,
) -> Result<()> {
    let want = FuncType::new(P::valtypes(), R::valtypes());
    if &want != ty {
        bail!("type mismatch for {what}: the Rust types give `{want}`, but its type is `{ty}`");
    }
    Ok(())
}

/// A function with a statically known type, for fast calls.
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine, Instance, Module, Store};
/// let engine = Engine::default();
/// let module = Module::new(&engine, r#"(module (func (export "add") (param i32 i32) (result i32)
///     local.get 0 local.get 1 i32.add))"#)?;
/// let mut store = Store::new(&engine, ());
/// let instance = Instance::new(&mut store, &module, &[])?;
/// let add = instance.get_typed_func::<(i32, i32), i32>(&mut store, "add")?;
/// assert_eq!(add.call(&mut store, (2, 3))?, 5);
/// # Ok(()) }
/// ```
pub struct TypedFunc<Params, Results> {
    func: Func,
    _marker: PhantomData<fn(Params) -> Results>,
}

impl<P, R> std::fmt::Debug for TypedFunc<P, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedFunc")
            .field("func", &self.func)
            .field("params", &std::any::type_name::<P>())
            .field("results", &std::any::type_name::<R>())
            .finish()
    }
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P, R> Copy for TypedFunc<P, R> {}

impl<P: WasmParams, R: WasmResults> TypedFunc<P, R> {
    pub(crate) fn new_unchecked(func: Func) -> Self {
        TypedFunc {
            func,
            _marker: PhantomData,
        }
    }

    /// The underlying function.
    pub fn func(&self) -> &Func {
        &self.func
    }

    /// Calls the function.
    pub fn call(&self, mut store: impl AsContextMut, params: P) -> Result<R> {
        self.call_opaque(&mut store.as_context_mut().inner.opaque, params)
    }

    /// [`TypedFunc::call`] on the untyped store, for the runtime's own calls
    /// (the canonical ABI's `realloc`).
    #[inline]
    pub(crate) fn call_opaque(&self, s: &mut StoreOpaque, params: P) -> Result<R> {
        s.check(self.func.store, "function");
        let funcref = s.funcs[self.func.index as usize].funcref;
        let abi = params.into_abi(s)?;
        // SAFETY: `funcref` points into data this store owns.
        let (code, vmctx) = unsafe { ((*funcref).native_call, (*funcref).vmctx) };
        if R::NATIVE {
            let mut out = MaybeUninit::<R::Native>::uninit();
            let outp = out.as_mut_ptr();
            // SAFETY: `get_typed_func`/`typed` checked that the function has
            // exactly `P`'s parameters and `R`'s single (or no) result, so the
            // native signature matches.
            invoke(s, || unsafe {
                outp.write(P::invoke::<R::Native>(code, vmctx, vmctx, abi))
            })?;
            // SAFETY: `invoke` returned Ok, so the call completed and wrote `out`.
            let native = unsafe { out.assume_init() };
            return Ok(R::from_native(native, s));
        }
        let np = P::valtypes().len();
        let nr = R::valtypes().len();
        let mut values = vec![ValRaw::default(); np.max(nr)];
        P::store_raw(abi, &mut values);
        let trampoline = match s.funcs[self.func.index as usize]
            .entry
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            0 => {
                // SAFETY: as above.
                let id = unsafe { (*funcref).type_id };
                let t = s.engine.entry_trampoline(id)?;
                s.funcs[self.func.index as usize]
                    .entry
                    .store(t, std::sync::atomic::Ordering::Relaxed);
                t
            }
            t => t,
        };
        let vals = values.as_mut_ptr();
        // SAFETY: the entry trampoline was compiled for this function's type and
        // `values` has a slot per parameter and result.
        invoke(s, || unsafe {
            let f: unsafe extern "C" fn(*const u8, *mut u8, *mut u8, *mut ValRaw) =
                std::mem::transmute(trampoline);
            f(code, vmctx, vmctx, vals)
        })?;
        Ok(R::from_raw(&values, s))
    }
}
