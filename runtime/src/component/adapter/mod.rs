//! Fused adapters: component-to-component calls that move parameters and
//! results straight from one guest to the other, without dynamic values.
//!
//! A component function lowered into another component instance must lift
//! its arguments with the caller's options and lower them with the callee's
//! (and the results the other way). [`Adapter::new`] picks, once per
//! lowered function:
//! - `scalar`: every parameter and result a scalar (records and tuples of
//!   them too) and nothing spilled: a fixed conversion of each core value,
//!   no memory, no allocation;
//! - `fused`: any other type without resource handles: one walk per value
//!   (`transfer.rs`) from the caller's memory into the callee's;
//! - none, for types with handles: `lowered.rs` goes through dynamic values,
//!   moving handles between the instances' tables.
//!
//! Both adapters trap exactly where lifting and lowering do, and call
//! `realloc` with the same arguments in the same order; their tests compare
//! them with the general path.

mod fused;
mod scalar;
mod slots;
mod transfer;

#[cfg(test)]
mod tests;

use crate::component::abi::FuncAbi;
use crate::component::func::Func;
use crate::component::store::{ResolvedOptions, ScopeId};
use crate::store::StoreOpaque;
use crate::ValRaw;
use anyhow::Result;
use fused::FusedAdapter;
use scalar::ScalarAdapter;
use std::sync::Arc;

/// How a lowered component function calls into another instance.
#[derive(Debug)]
pub(crate) enum Adapter {
    /// Scalars only.
    Scalar(ScalarAdapter),
    /// Anything without resource handles.
    Fused(FusedAdapter),
}

impl Adapter {
    /// The adapter for functions of `abi`'s type, or `None` if the type
    /// holds resource handles.
    pub(crate) fn new(abi: &Arc<FuncAbi>) -> Option<Adapter> {
        ScalarAdapter::new(abi)
            .map(Adapter::Scalar)
            .or_else(|| FusedAdapter::new(abi).map(Adapter::Fused))
    }

    /// Calls `callee`, entering the scopes `entering`, from a guest with
    /// options `caller` whose core arguments are `slots`; writes the flat
    /// results to the front of `slots`.
    pub(crate) fn call(
        &self,
        s: &mut StoreOpaque,
        callee: Func,
        entering: &[ScopeId],
        caller: &ResolvedOptions,
        slots: &mut [ValRaw],
    ) -> Result<()> {
        match self {
            Adapter::Scalar(a) => a.call(s, callee, entering, slots),
            Adapter::Fused(a) => a.call(s, callee, entering, caller, slots),
        }
    }
}
