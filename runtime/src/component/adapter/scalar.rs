//! [`ScalarAdapter`]: component-to-component calls whose parameters and
//! results are all scalars (`bool`, integers, floats, `char`, `enum`,
//! `flags`, or records and tuples of them) with nothing spilled: the
//! caller's core arguments become the callee's one slot at a time, with the
//! conversions of `slots.rs` (narrow integers wrapped and extended again,
//! `bool` to 0 or 1, NaNs canonicalized, undefined flag bits dropped, a bad
//! `char` or `enum` discriminant trapping), without memory or allocation.

use super::slots::{push_ops, SlotOp};
use crate::component::abi::{FuncAbi, MAX_FLAT_PARAMS};
use crate::component::func::{self, core_arity, Func};
use crate::component::store::ScopeId;
use crate::store::StoreOpaque;
use crate::ValRaw;
use anyhow::{bail, Result};

/// The conversions of a scalar-only function type, parameters and results.
#[derive(Debug)]
pub(crate) struct ScalarAdapter {
    params: Box<[SlotOp]>,
    /// Empty or one conversion (more results would spill).
    result: Option<SlotOp>,
}

impl ScalarAdapter {
    /// The adapter for functions of `abi`'s type, if every parameter and
    /// result is a scalar and none spills.
    pub(crate) fn new(abi: &FuncAbi) -> Option<ScalarAdapter> {
        if abi.params_spill() || abi.results_spill() {
            return None;
        }
        let mut params = Vec::new();
        for ty in abi.params() {
            push_ops(ty, &mut params)?;
        }
        let mut results = Vec::new();
        for ty in abi.results() {
            push_ops(ty, &mut results)?;
        }
        if params.len() > MAX_FLAT_PARAMS || results.len() > 1 {
            return None;
        }
        Some(ScalarAdapter {
            params: params.into(),
            result: results.first().copied(),
        })
    }

    /// Calls `callee` (entering the scopes `entering`) with the caller's core
    /// arguments in `slots`, and writes the result back into `slots[0]`.
    ///
    /// As in the general path, a bad argument traps before the callee is
    /// entered, and a bad result traps inside the call (which leaves the
    /// callee's instance unusable). The callee's `post-return` runs before
    /// this returns.
    pub(crate) fn call(
        &self,
        s: &mut StoreOpaque,
        callee: Func,
        entering: &[ScopeId],
        slots: &mut [ValRaw],
    ) -> Result<()> {
        let n = self.params.len();
        if slots.len() < n.max(usize::from(self.result.is_some())) {
            bail!(
                "a component-to-component call got {} core values for {n} parameters",
                slots.len()
            );
        }
        let mut values = [ValRaw::default(); MAX_FLAT_PARAMS];
        for ((value, slot), op) in values.iter_mut().zip(&*slots).zip(&*self.params) {
            *value = op.apply(*slot)?;
        }
        let result = func::call_from_guest(s, callee, entering, |s, site| {
            let (core_params, core_results) = core_arity(s, site.core);
            let wanted = usize::from(self.result.is_some());
            if core_params != n || core_results != wanted {
                bail!(
                    "the callee's core function takes {core_params} values and returns \
                     {core_results}, but its type flattens to {n} and {wanted}"
                );
            }
            let values = &mut values[..n.max(wanted)];
            site.call_core(s, values)?;
            Ok(match self.result {
                Some(op) => (Some(op.apply(values[0])?), Some(values[0])),
                None => (None, None),
            })
        })?;
        if let Some(v) = result {
            slots[0] = v;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::abi::{lift_flat, lower_flat, AbiOptions, NoMemory};
    use crate::component::typed::tests::proptests::scalar_leaf;
    use crate::component::types::Type;
    use proptest::prelude::*;

    fn scalar() -> impl Strategy<Value = Type> {
        scalar_leaf().prop_recursive(2, 12, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..4).prop_map(|ts| {
                    let fields = ts
                        .into_iter()
                        .enumerate()
                        .map(|(i, t)| (format!("f{i}"), t));
                    Type::record(fields).unwrap()
                }),
                prop::collection::vec(inner, 1..4).prop_map(|ts| Type::tuple(ts).unwrap()),
            ]
        })
    }

    /// Raw bits that hit the interesting cases often: small numbers (valid
    /// discriminants), surrogates, NaNs with payloads, out-of-width values.
    fn raw() -> impl Strategy<Value = u64> {
        prop_oneof![
            0u64..6,
            Just(0xd800),
            Just(0x11_0000),
            Just(0x7fc0_1234),
            Just(0x7ff8_0000_0000_1234),
            Just(0xffff_ffff),
            any::<u64>(),
        ]
    }

    proptest! {
        /// The fused conversions agree with the general path, lifting with
        /// `lift_flat` and lowering again with `lower_flat`: the same values,
        /// or both trap.
        #[test]
        fn fused_conversions_match_lifting_then_lowering(
            ty in scalar(),
            bits in prop::collection::vec(raw(), 16),
        ) {
            let abi = FuncAbi::new([ty.clone()], []).expect("a valid function type");
            let Some(adapter) = ScalarAdapter::new(&abi) else {
                // More than 16 flat values: the parameters spill.
                prop_assert!(abi.params_spill());
                return Ok(());
            };
            let flat = ty.flat_types().expect("scalars are flat");
            let input: Vec<ValRaw> = flat
                .iter()
                .zip(&bits)
                .map(|(ft, &b)| match ft {
                    crate::component::abi::layout::FlatType::I32 => ValRaw::i32(b as i32),
                    crate::component::abi::layout::FlatType::F32 => ValRaw::f32(b as u32),
                    crate::component::abi::layout::FlatType::I64 => ValRaw::i64(b as i64),
                    crate::component::abi::layout::FlatType::F64 => ValRaw::f64(b),
                })
                .collect();
            let fused: Result<Vec<u64>> = adapter
                .params
                .iter()
                .zip(&input)
                .map(|(op, v)| op.apply(*v).map(|v| v.get_u64()))
                .collect();
            let opts = AbiOptions::default();
            let general = lift_flat(&[], &opts, &ty, &input).and_then(|val| {
                let mut out = Vec::new();
                lower_flat(&mut NoMemory, &opts, &ty, &val, &mut out)?;
                Ok(out.iter().map(ValRaw::get_u64).collect::<Vec<u64>>())
            });
            match (fused, general) {
                (Ok(a), Ok(b)) => {
                    // Compare at each flat value's width: the bits above are
                    // not part of an `i32` or `f32`.
                    for ((a, b), ft) in a.iter().zip(&b).zip(flat) {
                        let wide = matches!(
                            ft,
                            crate::component::abi::layout::FlatType::I64 | crate::component::abi::layout::FlatType::F64
                        );
                        let mask = if wide { u64::MAX } else { u64::from(u32::MAX) };
                        prop_assert_eq!(a & mask, b & mask, "{} from {:?}", ty, input);
                    }
                }
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "{ty}: fused {a:?}, general {b:?}"),
            }
        }
    }

    #[test]
    fn only_scalar_signatures_get_an_adapter() -> Result<()> {
        let point = Type::record([("x", Type::U8), ("y", Type::Float64)])?;
        let abi = FuncAbi::new([point, Type::Char], [Type::flags(["a", "b"])?])?;
        let adapter = ScalarAdapter::new(&abi).expect("scalars only");
        assert_eq!(
            &*adapter.params,
            &[SlotOp::U8, SlotOp::F64, SlotOp::Char][..]
        );
        assert_eq!(adapter.result, Some(SlotOp::Flags(0b11)));
        for abi in [
            FuncAbi::new([Type::String], [])?,
            FuncAbi::new([], [Type::option(Type::U32)?])?,
            FuncAbi::new([], [Type::U32, Type::U32])?,
            FuncAbi::new(std::iter::repeat_n(Type::U32, 17), [])?,
        ] {
            assert!(ScalarAdapter::new(&abi).is_none(), "{abi:?}");
        }
        Ok(())
    }
}
