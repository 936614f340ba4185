//! [`FuncAbi`]: the canonical-ABI shape of a component function type, the
//! half of the spec's `flatten_functype` that compile time needs: the
//! parameter and result blocks' layouts, whether they spill, and the core
//! signature of the `canon lift` or `canon lower` core function. Moving
//! values through that signature (lifting and lowering) is the runtime's.
//!
//! # Core signatures
//!
//! Let `P` be the flat types of all parameters in order and `R` those of all
//! results. Parameters *spill* when `P` has more than [`MAX_FLAT_PARAMS`] (16)
//! types, results when `R` has more than [`MAX_FLAT_RESULTS`] (1).
//!
//! | | core params | core results |
//! | --- | --- | --- |
//! | `canon lift` ([`AbiContext::Lift`]: a guest export) | `P`, or `[i32]` (pointer to the parameters, allocated by the caller through the callee's `realloc`) if they spill | `R`, or `[i32]` (pointer to the results in the callee's memory) if they spill |
//! | `canon lower` ([`AbiContext::Lower`]: an import the guest calls) | `P`, or `[i32]` (pointer to the parameters in the guest's memory) if they spill; then, if results spill, one more `i32`: the return pointer the callee writes results to | `R`, or `[]` if they spill |
//!
//! A spilled parameter or result block is laid out as a tuple of the
//! parameter (or result) types; its pointer must be aligned for that tuple and
//! the tuple must lie within memory, or the call traps.
//!

use super::layout::{
    sequence_layout, FlatType, FlatTypes, SequenceLayout, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS,
};
use super::types::Type;
use anyhow::{anyhow, Result};

/// Which canonical definition a core function belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AbiContext {
    /// `canon lift`: the core function implements a component function.
    Lift,
    /// `canon lower`: the core function is made from a component function.
    Lower,
}

/// The canonical-ABI shape of one component function type: parameter and
/// result types with their flat types and spilled layouts, computed once.
#[derive(Clone, Debug)]
pub struct FuncAbi {
    params: Box<[Type]>,
    results: Box<[Type]>,
    param_block: SequenceLayout,
    result_block: SequenceLayout,
    /// Whether a parameter or result holds a resource handle.
    handles: bool,
}

/// The flat types if there are at most `max` of them.
fn flat_within(block: &SequenceLayout, max: usize) -> Option<&FlatTypes> {
    block.layout.flat.as_ref().filter(|f| f.len() <= max)
}

impl FuncAbi {
    /// The ABI of a function taking `params` and returning `results`. Errors
    /// only if a spilled block would not fit in 32 bits.
    #[inline]
    pub fn new(
        params: impl IntoIterator<Item = Type>,
        results: impl IntoIterator<Item = Type>,
    ) -> Result<FuncAbi> {
        let params: Box<[Type]> = params.into_iter().collect();
        let results: Box<[Type]> = results.into_iter().collect();
        let param_block = sequence_layout(params.iter().map(Type::layout))
            .ok_or_else(|| anyhow!("function parameters are too large for the canonical ABI"))?;
        let result_block = sequence_layout(results.iter().map(Type::layout))
            .ok_or_else(|| anyhow!("function results are too large for the canonical ABI"))?;
        let handles = params.iter().chain(results.iter()).any(Type::has_handles);
        Ok(FuncAbi {
            params,
            results,
            param_block,
            result_block,
            handles,
        })
    }

    /// Whether a parameter or result holds an `own` or `borrow` handle (so
    /// that calls need the handle tables).
    #[inline]
    pub fn has_handles(&self) -> bool {
        self.handles
    }

    /// The parameter types.
    #[inline]
    pub fn params(&self) -> &[Type] {
        &self.params
    }

    /// The result types.
    #[inline]
    pub fn results(&self) -> &[Type] {
        &self.results
    }

    /// The layout of the parameters as one block (a tuple of the parameter
    /// types), used when they spill.
    #[inline]
    pub fn param_block(&self) -> &SequenceLayout {
        &self.param_block
    }

    /// The layout of the results as one block (a tuple of the result types),
    /// used when they spill.
    #[inline]
    pub fn result_block(&self) -> &SequenceLayout {
        &self.result_block
    }

    /// Whether the parameters are passed through memory (more than
    /// [`MAX_FLAT_PARAMS`] flat values).
    #[inline]
    pub fn params_spill(&self) -> bool {
        flat_within(&self.param_block, MAX_FLAT_PARAMS).is_none()
    }

    /// Whether the results are passed through memory (more than
    /// [`MAX_FLAT_RESULTS`] flat values).
    #[inline]
    pub fn results_spill(&self) -> bool {
        flat_within(&self.result_block, MAX_FLAT_RESULTS).is_none()
    }

    /// The core parameter and result types of the `canon lift` or `canon
    /// lower` core function of this function type (see the module docs).
    #[inline]
    pub fn core_signature(&self, context: AbiContext) -> (Vec<FlatType>, Vec<FlatType>) {
        let mut params = match flat_within(&self.param_block, MAX_FLAT_PARAMS) {
            Some(flat) => flat.as_slice().to_vec(),
            None => vec![FlatType::I32],
        };
        let results = match flat_within(&self.result_block, MAX_FLAT_RESULTS) {
            Some(flat) => flat.as_slice().to_vec(),
            None => match context {
                AbiContext::Lift => vec![FlatType::I32],
                AbiContext::Lower => {
                    params.push(FlatType::I32);
                    Vec::new()
                }
            },
        };
        (params, results)
    }

    /// How many core parameters and results [`FuncAbi::core_signature`]
    /// gives, without building it.
    #[inline]
    pub fn core_counts(&self, context: AbiContext) -> (usize, usize) {
        let params = self.param_core_count();
        match flat_within(&self.result_block, MAX_FLAT_RESULTS) {
            Some(flat) => (params, flat.len()),
            None => match context {
                AbiContext::Lift => (params, 1),
                AbiContext::Lower => (params + 1, 0),
            },
        }
    }

    /// How many core values the parameters themselves take (1 if spilled),
    /// not counting a `canon lower` return pointer.
    #[inline]
    pub fn param_core_count(&self) -> usize {
        flat_within(&self.param_block, MAX_FLAT_PARAMS).map_or(1, FlatTypes::len)
    }
}
