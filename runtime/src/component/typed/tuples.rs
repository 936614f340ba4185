//! Tuples with Rust types: `(A,)` to 16 elements as `tuple<...>` values, the
//! same tuples (and `()`) as parameter and result lists
//! ([`ComponentNamedList`], [`LowerNamedList`], [`LiftNamedList`]), and `()`
//! itself, which is no component value but stands for "no payload" in a
//! `result` (so `Result<(), E>` is `result<_, E>`).
//!
//! Both uses walk the elements with [`Fields`]: over the tuple type's
//! elements, or over a function's parameter or result types.

use super::context::{LiftContext, LowerContext};
use super::params::{ComponentNamedList, LiftNamedList, LowerNamedList};
use super::record::{tuple_fields, typecheck_tuple, Fields};
use super::traits::{wrong_type, ComponentType, Lift, Lower, TypeCheck};
use crate::component::types::Type;
use crate::ValRaw;
use anyhow::{anyhow, Result};

impl ComponentType for () {
    /// `()` is no component value type: this always fails.
    fn typecheck(ty: &Type) -> Result<()> {
        Err(anyhow!(
            "expected `{ty}`, found Rust type `()` (which stands for no value)"
        ))
    }

    /// `()` stands for an absent payload, and only for that.
    fn typecheck_payload(ty: Option<&Type>) -> Result<()> {
        match ty {
            None => Ok(()),
            Some(ty) => Err(anyhow!("expected a payload of type `{ty}`, found `()`")),
        }
    }
}

impl Lower for () {
    fn lower(&self, _: &mut LowerContext<'_>, ty: &Type, _: &mut [ValRaw]) -> Result<()> {
        Err(wrong_type::<()>(ty))
    }

    fn store(&self, _: &mut LowerContext<'_>, ty: &Type, _: u32) -> Result<()> {
        Err(wrong_type::<()>(ty))
    }

    fn lower_payload(
        &self,
        cx: &mut LowerContext<'_>,
        ty: Option<&Type>,
        dst: &mut [ValRaw],
    ) -> Result<()> {
        match ty {
            None => Ok(()),
            Some(ty) => self.lower(cx, ty, dst),
        }
    }

    fn store_payload(
        &self,
        cx: &mut LowerContext<'_>,
        ty: Option<&Type>,
        offset: u32,
    ) -> Result<()> {
        match ty {
            None => Ok(()),
            Some(ty) => self.store(cx, ty, offset),
        }
    }
}

impl Lift for () {
    fn lift(_: &LiftContext<'_>, ty: &Type, _: &[ValRaw]) -> Result<Self> {
        Err(wrong_type::<()>(ty))
    }

    fn load(_: &LiftContext<'_>, ty: &Type, _: &[u8]) -> Result<Self> {
        Err(wrong_type::<()>(ty))
    }

    fn lift_payload(cx: &LiftContext<'_>, ty: Option<&Type>, src: &[ValRaw]) -> Result<Self> {
        match ty {
            None => Ok(()),
            Some(ty) => Self::lift(cx, ty, src),
        }
    }

    fn load_payload(cx: &LiftContext<'_>, ty: Option<&Type>, bytes: &[u8]) -> Result<Self> {
        match ty {
            None => Ok(()),
            Some(ty) => Self::load(cx, ty, bytes),
        }
    }
}

/// Tuples of `$n` elements as lists (`()` included).
macro_rules! named_lists {
    ($n:literal $(, $T:ident $i:tt)*) => {
        impl<$($T: ComponentType),*> ComponentNamedList for ($($T,)*) {
            const LEN: usize = $n;

            fn typecheck_element(index: usize, _ty: &Type) -> Result<()> {
                match index {
                    $($i => $T::typecheck(_ty),)*
                    _ => Err(anyhow!("a tuple of {} elements has no element {index}", $n)),
                }
            }
        }

        impl<$($T: Lower),*> LowerNamedList for ($($T,)*) {
            fn lower_fields(
                &self,
                _cx: &mut LowerContext<'_>,
                _fields: &mut Fields<'_>,
                _dst: &mut &mut [ValRaw],
            ) -> Result<()> {
                $(_fields.lower(_cx, &self.$i, _dst)?;)*
                Ok(())
            }

            fn store_fields(
                &self,
                _cx: &mut LowerContext<'_>,
                _fields: &mut Fields<'_>,
                _base: u32,
            ) -> Result<()> {
                $(_fields.store(_cx, &self.$i, _base)?;)*
                Ok(())
            }
        }

        impl<$($T: Lift),*> LiftNamedList for ($($T,)*) {
            fn lift_fields(
                _cx: &LiftContext<'_>,
                _fields: &mut Fields<'_>,
                _src: &mut &[ValRaw],
            ) -> Result<Self> {
                Ok(($(_fields.lift::<$T>(_cx, _src)?,)*))
            }

            fn load_fields(
                _cx: &LiftContext<'_>,
                _fields: &mut Fields<'_>,
                _bytes: &[u8],
            ) -> Result<Self> {
                Ok(($(_fields.load::<$T>(_cx, _bytes)?,)*))
            }
        }
    };
}

/// Tuples of `$n` (at least one) elements as `tuple<...>` values.
macro_rules! tuple_values {
    ($n:literal $(, $T:ident $i:tt)+) => {
        impl<$($T: ComponentType),+> ComponentType for ($($T,)+) {
            fn typecheck(ty: &Type) -> Result<()> {
                let checks: [TypeCheck; $n] = [$(<$T as ComponentType>::typecheck),+];
                typecheck_tuple::<Self>(ty, &checks)
            }
        }

        impl<$($T: Lower),+> Lower for ($($T,)+) {
            fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, mut dst: &mut [ValRaw]) -> Result<()> {
                let mut fields = tuple_fields::<Self>(ty)?;
                self.lower_fields(cx, &mut fields, &mut dst)?;
                fields.finish()
            }

            fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
                let mut fields = tuple_fields::<Self>(ty)?;
                self.store_fields(cx, &mut fields, offset)?;
                fields.finish()
            }
        }

        impl<$($T: Lift),+> Lift for ($($T,)+) {
            fn lift(cx: &LiftContext<'_>, ty: &Type, mut src: &[ValRaw]) -> Result<Self> {
                let mut fields = tuple_fields::<Self>(ty)?;
                let out = Self::lift_fields(cx, &mut fields, &mut src)?;
                fields.finish()?;
                Ok(out)
            }

            fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
                let mut fields = tuple_fields::<Self>(ty)?;
                let out = Self::load_fields(cx, &mut fields, bytes)?;
                fields.finish()?;
                Ok(out)
            }
        }
    };
}

macro_rules! tuples {
    ($($n:literal: $($T:ident $i:tt),*;)*) => {$(
        named_lists!($n $(, $T $i)*);
        tuple_values!($n $(, $T $i)*);
    )*};
}

named_lists!(0);

tuples! {
    1: A 0;
    2: A 0, B 1;
    3: A 0, B 1, C 2;
    4: A 0, B 1, C 2, D 3;
    5: A 0, B 1, C 2, D 3, E 4;
    6: A 0, B 1, C 2, D 3, E 4, F 5;
    7: A 0, B 1, C 2, D 3, E 4, F 5, G 6;
    8: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7;
    9: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8;
    10: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9;
    11: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10;
    12: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11;
    13: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12;
    14: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13;
    15: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14;
    16: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::abi::memory::VecMemory;
    use crate::component::abi::AbiOptions;

    #[test]
    fn tuples_round_trip_flat_and_in_memory() -> Result<()> {
        let ty = Type::tuple([Type::U8, Type::String, Type::Float64])?;
        let value = (7u8, "seven".to_string(), 7.5f64);
        let opts = AbiOptions::default();
        let mut mem = VecMemory::new(64);
        let mut slots = [ValRaw::default(); 4];
        value.lower(&mut LowerContext::new(&mut mem, &opts), &ty, &mut slots)?;
        let back = <(u8, String, f64)>::lift(&LiftContext::new(&mem.data, &opts), &ty, &slots)?;
        assert_eq!(back, value);
        value.store(&mut LowerContext::new(&mut mem, &opts), &ty, 8)?;
        let back = <(u8, String, f64)>::load(
            &LiftContext::new(&mem.data, &opts),
            &ty,
            &mem.data[8..8 + ty.size() as usize],
        )?;
        assert_eq!(back, value);
        Ok(())
    }

    #[test]
    fn tuple_typecheck_messages() -> Result<()> {
        let ty = Type::tuple([Type::U8, Type::U8])?;
        <(u8, u8)>::typecheck(&ty)?;
        let err = <(u8,)>::typecheck(&ty).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected `tuple<u8, u8>`, found Rust type `(u8,)` of 1 elements"
        );
        let err = <(u8, i8)>::typecheck(&ty).unwrap_err();
        assert_eq!(
            err.to_string(),
            "tuple element 1: expected `u8`, found Rust type `i8`"
        );
        let err = <()>::typecheck(&ty).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected `tuple<u8, u8>`, found Rust type `()` (which stands for no value)"
        );
        Ok(())
    }

    #[test]
    fn sixteen_elements_are_supported() -> Result<()> {
        let ty = Type::tuple(std::iter::repeat_n(Type::U32, 16))?;
        type Sixteen = (
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
            u32,
        );
        let value: Sixteen = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        let opts = AbiOptions::default();
        let mut mem = VecMemory::new(0);
        let mut slots = [ValRaw::default(); 16];
        value.lower(&mut LowerContext::new(&mut mem, &opts), &ty, &mut slots)?;
        assert_eq!(slots[15].get_i32(), 16);
        let back = Sixteen::lift(&LiftContext::new(&[], &opts), &ty, &slots)?;
        assert_eq!((back.0, back.7, back.15), (1, 8, 16));
        assert_eq!(<Sixteen as ComponentNamedList>::LEN, 16);
        Ok(())
    }
}
