//! Whole-call conversions: a function's parameters and results to and from
//! the core values of its `canon lift` or `canon lower` core function (the
//! spec's `flatten_functype`, `lift_flat_values` and `lower_flat_values`, for
//! synchronous functions).
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
//! # Directions
//!
//! - Calling a guest export: [`FuncAbi::lower_params`] into the callee's
//!   memory, call the core function, then [`FuncAbi::lift_results`].
//! - A guest calling a host import: [`FuncAbi::lift_params`] from the
//!   caller's memory, run the host function, then [`FuncAbi::lower_results`],
//!   which writes through the return pointer ([`FuncAbi::retptr`]) or returns
//!   the flat results.

use super::layout::{
    sequence_layout, FlatType, FlatTypes, SequenceLayout, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS,
};
use super::lift::{check_pointer, FlatReader, LiftHandles, Lifter};
use super::lower::{check_destination, Lowerer};
use super::memory::{checked_realloc, offset_ptr, AllocPurpose, GuestMemory};
use super::options::AbiOptions;
use super::strings::SourceEncoding;
use crate::component::types::Type;
use crate::component::values::Val;
use crate::ValRaw;
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
    pub fn params(&self) -> &[Type] {
        &self.params
    }

    /// The result types.
    pub fn results(&self) -> &[Type] {
        &self.results
    }

    /// The layout of the parameters as one block (a tuple of the parameter
    /// types), used when they spill.
    pub fn param_block(&self) -> &SequenceLayout {
        &self.param_block
    }

    /// The layout of the results as one block (a tuple of the result types),
    /// used when they spill.
    pub fn result_block(&self) -> &SequenceLayout {
        &self.result_block
    }

    /// Whether the parameters are passed through memory (more than
    /// [`MAX_FLAT_PARAMS`] flat values).
    pub fn params_spill(&self) -> bool {
        flat_within(&self.param_block, MAX_FLAT_PARAMS).is_none()
    }

    /// Whether the results are passed through memory (more than
    /// [`MAX_FLAT_RESULTS`] flat values).
    pub fn results_spill(&self) -> bool {
        flat_within(&self.result_block, MAX_FLAT_RESULTS).is_none()
    }

    /// The core parameter and result types of the `canon lift` or `canon
    /// lower` core function of this function type (see the module docs).
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
    fn param_core_count(&self) -> usize {
        flat_within(&self.param_block, MAX_FLAT_PARAMS).map_or(1, FlatTypes::len)
    }

    /// Calling a guest export: lowers `vals` into the core arguments of its
    /// `canon lift` core function, allocating in the callee's memory (and, if
    /// the parameters spill, allocating their block with `realloc` and
    /// passing its pointer).
    pub fn lower_params(
        &self,
        mem: &mut dyn GuestMemory,
        opts: &AbiOptions,
        vals: &[Val],
    ) -> Result<Vec<ValRaw>> {
        self.lower_params_from(mem, opts, vals, Vec::new())
    }

    /// [`FuncAbi::lower_params`] for strings lifted from another guest:
    /// `sources` are their source encodings in order (from
    /// [`FuncAbi::lift_params_tracked`]), which pick the spec's transcoding.
    pub fn lower_params_from(
        &self,
        mem: &mut dyn GuestMemory,
        opts: &AbiOptions,
        vals: &[Val],
        sources: Vec<SourceEncoding>,
    ) -> Result<Vec<ValRaw>> {
        typecheck_all(&self.params, vals, "parameter")?;
        let mut lower = Lowerer::new(mem, opts).with_sources(sources);
        let mut out = Vec::with_capacity(self.param_core_count());
        if self.params_spill() {
            let block = &self.param_block;
            let ptr = checked_realloc(
                lower.memory(),
                0,
                0,
                block.layout.align,
                block.layout.size,
                AllocPurpose::Other,
            )?;
            for ((ty, val), off) in self.params.iter().zip(vals).zip(block.offsets.iter()) {
                lower.store(ty, val, offset_ptr(ptr, *off)?)?;
            }
            out.push(ValRaw::i32(ptr as i32));
        } else {
            for (ty, val) in self.params.iter().zip(vals) {
                lower.lower_flat(ty, val, &mut out)?;
            }
        }
        Ok(out)
    }

    /// Calling a guest export: lifts the results from the core results `flat`
    /// of its `canon lift` core function (a pointer into `mem` if the results
    /// spill).
    pub fn lift_results(&self, mem: &[u8], opts: &AbiOptions, flat: &[ValRaw]) -> Result<Vec<Val>> {
        self.lift_results_tracked(mem, opts, flat, None)
            .map(|(v, _)| v)
    }

    /// [`FuncAbi::lift_results`], also returning the source encodings of the
    /// strings lifted, in order.
    /// Handles are lifted out of `handles`.
    pub(crate) fn lift_results_tracked<'a>(
        &self,
        mem: &'a [u8],
        opts: &AbiOptions,
        flat: &[ValRaw],
        handles: Option<&'a mut (dyn LiftHandles + 'a)>,
    ) -> Result<(Vec<Val>, Vec<SourceEncoding>)> {
        let (_, core_results) = self.core_counts(AbiContext::Lift);
        check_count(flat.len(), core_results, "results")?;
        lift_block_tracked(
            Lifter::new(mem, opts).with_handles(handles),
            mem,
            &self.results,
            &self.result_block,
            self.results_spill(),
            flat,
            "result block",
        )
    }

    /// A guest calling a host import: lifts the parameters from `args`, all
    /// the core arguments of the `canon lower` core function (including the
    /// trailing return pointer, if any, which is ignored here).
    pub fn lift_params(&self, mem: &[u8], opts: &AbiOptions, args: &[ValRaw]) -> Result<Vec<Val>> {
        self.lift_params_tracked(mem, opts, args, None)
            .map(|(v, _)| v)
    }

    /// [`FuncAbi::lift_params`], also returning the source encodings of the
    /// strings lifted, in order.
    /// Handles are lifted out of `handles`.
    pub(crate) fn lift_params_tracked<'a>(
        &self,
        mem: &'a [u8],
        opts: &AbiOptions,
        args: &[ValRaw],
        handles: Option<&'a mut (dyn LiftHandles + 'a)>,
    ) -> Result<(Vec<Val>, Vec<SourceEncoding>)> {
        let (core_params, _) = self.core_counts(AbiContext::Lower);
        check_count(args.len(), core_params, "arguments")?;
        let own = args.get(..self.param_core_count()).unwrap_or(&[]);
        lift_block_tracked(
            Lifter::new(mem, opts).with_handles(handles),
            mem,
            &self.params,
            &self.param_block,
            self.params_spill(),
            own,
            "parameter block",
        )
    }

    /// The return pointer among the core arguments `args` of the `canon
    /// lower` core function: the last one, if the results spill.
    pub fn retptr(&self, args: &[ValRaw]) -> Option<u32> {
        if self.results_spill() {
            args.last().map(|v| v.get_i32() as u32)
        } else {
            None
        }
    }

    /// A guest calling a host import: lowers the host's results `vals`. If
    /// the results spill, they are stored at `retptr` (which must then be
    /// given, see [`FuncAbi::retptr`]) and nothing is appended to `out`;
    /// otherwise their flat values are appended to `out`.
    pub fn lower_results(
        &self,
        mem: &mut dyn GuestMemory,
        opts: &AbiOptions,
        vals: &[Val],
        retptr: Option<u32>,
        out: &mut Vec<ValRaw>,
    ) -> Result<()> {
        self.lower_results_from(mem, opts, vals, retptr, out, Vec::new())
    }

    /// [`FuncAbi::lower_results`] for strings lifted from another guest, with
    /// their source encodings in order (see [`FuncAbi::lower_params_from`]).
    pub fn lower_results_from(
        &self,
        mem: &mut dyn GuestMemory,
        opts: &AbiOptions,
        vals: &[Val],
        retptr: Option<u32>,
        out: &mut Vec<ValRaw>,
        sources: Vec<SourceEncoding>,
    ) -> Result<()> {
        typecheck_all(&self.results, vals, "result")?;
        let spill = self.results_spill();
        match (spill, retptr) {
            (true, Some(ptr)) => {
                let block = &self.result_block;
                check_destination(
                    mem,
                    ptr,
                    block.layout.align,
                    block.layout.size,
                    "return area",
                )?;
                let mut lower = Lowerer::new(mem, opts).with_sources(sources);
                for ((ty, val), off) in self.results.iter().zip(vals).zip(block.offsets.iter()) {
                    lower.store(ty, val, offset_ptr(ptr, *off)?)?;
                }
                Ok(())
            }
            (false, None) => {
                let mut lower = Lowerer::new(mem, opts).with_sources(sources);
                for (ty, val) in self.results.iter().zip(vals) {
                    lower.lower_flat(ty, val, out)?;
                }
                Ok(())
            }
            (true, None) => Err(anyhow!("the results spill but no return pointer was given")),
            (false, Some(_)) => Err(anyhow!(
                "a return pointer was given but the results do not spill"
            )),
        }
    }
}

/// Lifts a parameter or result list, from flat values or from the block that
/// the single flat value points to; also returns the source encodings of the
/// strings lifted, in order.
fn lift_block_tracked(
    lift: Lifter<'_>,
    mem: &[u8],
    types: &[Type],
    block: &SequenceLayout,
    spill: bool,
    flat: &[ValRaw],
    what: &str,
) -> Result<(Vec<Val>, Vec<SourceEncoding>)> {
    let vals = lift_block_with(&lift, mem, types, block, spill, flat, what)?;
    Ok((vals, lift.take_sources()))
}

fn lift_block_with(
    lift: &Lifter<'_>,
    mem: &[u8],
    types: &[Type],
    block: &SequenceLayout,
    spill: bool,
    flat: &[ValRaw],
    what: &str,
) -> Result<Vec<Val>> {
    if spill {
        let ptr = flat
            .first()
            .map(|v| v.get_i32() as u32)
            .ok_or_else(|| anyhow!("missing the pointer to the {what}"))?;
        check_pointer(mem, ptr, block.layout.align, block.layout.size, what)?;
        types
            .iter()
            .zip(block.offsets.iter())
            .map(|(ty, off)| lift.load(ty, offset_ptr(ptr, *off)?))
            .collect()
    } else {
        let mut src = FlatReader::new(flat);
        let vals = types
            .iter()
            .map(|ty| lift.lift_flat(ty, &mut src))
            .collect::<Result<Vec<_>>>()?;
        src.finish()?;
        Ok(vals)
    }
}

fn check_count(given: usize, expected: usize, what: &str) -> Result<()> {
    if given == expected {
        Ok(())
    } else {
        Err(anyhow!("expected {expected} core {what}, got {given}"))
    }
}

fn typecheck_all(types: &[Type], vals: &[Val], what: &str) -> Result<()> {
    if types.len() != vals.len() {
        return Err(anyhow!(
            "expected {} {what}s, got {}",
            types.len(),
            vals.len()
        ));
    }
    for (i, (ty, val)) in types.iter().zip(vals).enumerate() {
        val.typecheck(ty)
            .map_err(|e| anyhow!("invalid {what} {i}: {e:#}"))?;
    }
    Ok(())
}

/// The core parameter and result types of the `canon lift` or `canon lower`
/// core function for a function taking `params` and returning `results`
/// (see the module docs).
pub fn core_signature(
    params: &[Type],
    results: &[Type],
    context: AbiContext,
) -> Result<(Vec<FlatType>, Vec<FlatType>)> {
    Ok(FuncAbi::new(params.to_vec(), results.to_vec())?.core_signature(context))
}

/// [`FuncAbi::lower_params`] for a function with parameter types `types`.
/// (Computes the parameter block layout on each call; keep a [`FuncAbi`] to
/// avoid that.)
pub fn lower_params(
    mem: &mut dyn GuestMemory,
    opts: &AbiOptions,
    types: &[Type],
    vals: &[Val],
) -> Result<Vec<ValRaw>> {
    FuncAbi::new(types.to_vec(), [])?.lower_params(mem, opts, vals)
}

/// [`FuncAbi::lift_results`] for a function with result types `types`.
pub fn lift_results(
    mem: &[u8],
    opts: &AbiOptions,
    types: &[Type],
    flat: &[ValRaw],
) -> Result<Vec<Val>> {
    FuncAbi::new([], types.to_vec())?.lift_results(mem, opts, flat)
}

/// [`FuncAbi::lift_params`] for a function with parameter types `types`,
/// where `flat` holds only the core arguments of the parameters: without the
/// trailing return pointer that a function with spilling results also gets.
pub fn lift_params(
    mem: &[u8],
    opts: &AbiOptions,
    types: &[Type],
    flat: &[ValRaw],
) -> Result<Vec<Val>> {
    FuncAbi::new(types.to_vec(), [])?.lift_params(mem, opts, flat)
}

/// [`FuncAbi::lower_results`] for a function with result types `types`.
pub fn lower_results(
    mem: &mut dyn GuestMemory,
    opts: &AbiOptions,
    types: &[Type],
    vals: &[Val],
    retptr: Option<u32>,
    out: &mut Vec<ValRaw>,
) -> Result<()> {
    FuncAbi::new([], types.to_vec())?.lower_results(mem, opts, vals, retptr, out)
}
