//! `Option<T>` (`option<T>`) and `Result<T, E>` (`result<T, E>`, with `()`
//! for an absent side: `Result<(), E>` is `result<_, E>`, `Result<T, ()>` is
//! `result<T>`, `Result<(), ()>` is `result`), both through the variant case
//! helpers of `variant.rs`.

use super::context::{LiftContext, LowerContext};
use super::traits::{mismatch, ComponentType, Lift, Lower};
use super::variant::{lift_case, load_case, lower_case, store_case};
use crate::component::types::Type;
use crate::ValRaw;
use anyhow::{anyhow, Result};

impl<T: ComponentType> ComponentType for Option<T> {
    fn typecheck(ty: &Type) -> Result<()> {
        match ty {
            Type::Option(o) => T::typecheck(o.ty()).map_err(|e| anyhow!("option payload: {e}")),
            _ => Err(mismatch::<Self>(ty)),
        }
    }
}

impl<T: Lower> Lower for Option<T> {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        match self {
            None => lower_case::<T>(cx, ty, 0, None, dst),
            Some(v) => lower_case(cx, ty, 1, Some(v), dst),
        }
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        match self {
            None => store_case::<T>(cx, ty, 0, None, offset),
            Some(v) => store_case(cx, ty, 1, Some(v), offset),
        }
    }
}

impl<T: Lift> Lift for Option<T> {
    fn lift(cx: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        let case = lift_case(ty, src)?;
        match case.index() {
            0 => Ok(None),
            _ => case.payload(cx).map(Some),
        }
    }

    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        let case = load_case(ty, bytes)?;
        match case.index() {
            0 => Ok(None),
            _ => case.payload(cx).map(Some),
        }
    }
}

impl<T: ComponentType, E: ComponentType> ComponentType for Result<T, E> {
    fn typecheck(ty: &Type) -> Result<()> {
        match ty {
            Type::Result(r) => {
                T::typecheck_payload(r.ok()).map_err(|e| anyhow!("result `ok`: {e}"))?;
                E::typecheck_payload(r.err()).map_err(|e| anyhow!("result `error`: {e}"))
            }
            _ => Err(mismatch::<Self>(ty)),
        }
    }
}

impl<T: Lower, E: Lower> Lower for Result<T, E> {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        match self {
            Ok(v) => lower_case(cx, ty, 0, Some(v), dst),
            Err(e) => lower_case(cx, ty, 1, Some(e), dst),
        }
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        match self {
            Ok(v) => store_case(cx, ty, 0, Some(v), offset),
            Err(e) => store_case(cx, ty, 1, Some(e), offset),
        }
    }
}

impl<T: Lift, E: Lift> Lift for Result<T, E> {
    fn lift(cx: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        let case = lift_case(ty, src)?;
        Ok(match case.index() {
            0 => Ok(case.payload(cx)?),
            _ => Err(case.payload(cx)?),
        })
    }

    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        let case = load_case(ty, bytes)?;
        Ok(match case.index() {
            0 => Ok(case.payload(cx)?),
            _ => Err(case.payload(cx)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::abi::memory::VecMemory;
    use crate::component::abi::AbiOptions;

    fn flat_round_trip<T: Lower + Lift>(ty: &Type, v: &T) -> Result<T> {
        let opts = AbiOptions::default();
        let mut mem = VecMemory::new(16);
        let n = ty.layout().flat_count().unwrap_or(0);
        let mut slots = vec![ValRaw::default(); n];
        v.lower(&mut LowerContext::new(&mut mem, &opts), ty, &mut slots)?;
        T::lift(&LiftContext::new(&mem.data, &opts), ty, &slots)
    }

    #[test]
    fn absent_sides_are_unit() -> Result<()> {
        let ty = Type::result(None, Some(Type::String))?;
        <Result<(), String>>::typecheck(&ty)?;
        assert_eq!(flat_round_trip(&ty, &Ok::<(), String>(()))?, Ok(()));
        let e: Result<(), String> = Err("bad".into());
        assert_eq!(flat_round_trip(&ty, &e)?, e);
        let bare = Type::result(None, None)?;
        <Result<(), ()>>::typecheck(&bare)?;
        assert_eq!(flat_round_trip(&bare, &Err::<(), ()>(()))?, Err(()));
        Ok(())
    }

    #[test]
    fn typecheck_names_the_side() -> Result<()> {
        let ty = Type::result(Some(Type::U8), None)?;
        let err = <Result<u8, String>>::typecheck(&ty).unwrap_err();
        assert_eq!(
            err.to_string(),
            "result `error`: expected no payload, found Rust type `String`"
        );
        let err = <Result<(), ()>>::typecheck(&ty).unwrap_err();
        assert_eq!(
            err.to_string(),
            "result `ok`: expected a payload of type `u8`, found `()`"
        );
        let err = <Option<u8>>::typecheck(&Type::option(Type::S8)?).unwrap_err();
        assert_eq!(
            err.to_string(),
            "option payload: expected `s8`, found Rust type `u8`"
        );
        Ok(())
    }

    #[test]
    fn options_nest() -> Result<()> {
        let ty = Type::option(Type::option(Type::U32)?)?;
        for v in [None, Some(None), Some(Some(5u32))] {
            assert_eq!(flat_round_trip(&ty, &v)?, v);
        }
        Ok(())
    }
}
