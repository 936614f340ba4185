//! Pointer-like Rust types that stand for what they point to: `&T` (lower
//! only, which is what makes `&str` and `&[T]` work) and `Box<T>` (lower,
//! and lift when `T` is sized: `Box<str>` and `Box<[T]>` lower only).

use super::context::{LiftContext, LowerContext};
use super::traits::{ComponentType, Lift, Lower};
use crate::component::types::Type;
use crate::ValRaw;
use anyhow::Result;

impl<T: ComponentType + ?Sized> ComponentType for &T {
    fn typecheck(ty: &Type) -> Result<()> {
        T::typecheck(ty)
    }

    fn typecheck_payload(ty: Option<&Type>) -> Result<()> {
        T::typecheck_payload(ty)
    }
}

/// `Lower` for a pointer type that lowers what it points to.
macro_rules! lower_through {
    ($($ptr:ty),*) => {$(
        impl<T: Lower + ?Sized> Lower for $ptr {
            fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
                (**self).lower(cx, ty, dst)
            }

            fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
                (**self).store(cx, ty, offset)
            }

            fn lower_payload(
                &self,
                cx: &mut LowerContext<'_>,
                ty: Option<&Type>,
                dst: &mut [ValRaw],
            ) -> Result<()> {
                (**self).lower_payload(cx, ty, dst)
            }

            fn store_payload(
                &self,
                cx: &mut LowerContext<'_>,
                ty: Option<&Type>,
                offset: u32,
            ) -> Result<()> {
                (**self).store_payload(cx, ty, offset)
            }
        }
    )*};
}

lower_through!(&T, Box<T>);

impl<T: ComponentType + ?Sized> ComponentType for Box<T> {
    fn typecheck(ty: &Type) -> Result<()> {
        T::typecheck(ty)
    }

    fn typecheck_payload(ty: Option<&Type>) -> Result<()> {
        T::typecheck_payload(ty)
    }
}

impl<T: Lift> Lift for Box<T> {
    fn lift(cx: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        T::lift(cx, ty, src).map(Box::new)
    }

    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        T::load(cx, ty, bytes).map(Box::new)
    }

    fn lift_payload(cx: &LiftContext<'_>, ty: Option<&Type>, src: &[ValRaw]) -> Result<Self> {
        T::lift_payload(cx, ty, src).map(Box::new)
    }

    fn load_payload(cx: &LiftContext<'_>, ty: Option<&Type>, bytes: &[u8]) -> Result<Self> {
        T::load_payload(cx, ty, bytes).map(Box::new)
    }
}
