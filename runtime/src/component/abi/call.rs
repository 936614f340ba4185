//! Whole-call conversions: a function's parameters and results to and from
//! the core values of its `canon lift` or `canon lower` core function (the
//! spec's `flatten_functype`, `lift_flat_values` and `lower_flat_values`, for
//! synchronous functions).
//!
//! The shape of a function type (its blocks, whether they spill, its core
//! signature) is [`FuncAbi`], computed at compile time by the compile-time
//! crate; this file adds the conversions as the [`FuncAbiExt`] methods.
//!
//! # Directions
//!
//! - Calling a guest export: [`FuncAbiExt::lower_params`] into the callee's
//!   memory, call the core function, then [`FuncAbiExt::lift_results`].
//! - A guest calling a host import: [`FuncAbiExt::lift_params`] from the
//!   caller's memory, run the host function, then [`FuncAbiExt::lower_results`],
//!   which writes through the return pointer ([`FuncAbiExt::retptr`]) or returns
//!   the flat results.

use super::layout::SequenceLayout;
use super::lift::{check_pointer, FlatReader, LiftHandles, Lifter};
use super::lower::{check_destination, Lowerer};
use super::memory::{checked_realloc, offset_ptr, AllocPurpose, GuestMemory};
use super::options::AbiOptions;
use super::strings::SourceEncoding;
use crate::component::types::Type;
use crate::component::values::Val;
use crate::ValRaw;
use anyhow::{anyhow, Result};
pub use hoist_environ::component::func_abi::{AbiContext, FuncAbi};

/// Moving values through a [`FuncAbi`]: the lifting and lowering of whole
/// parameter and result lists (see the module docs for the directions).
pub(crate) trait FuncAbiExt {
    /// Calling a guest export: lowers `vals` into the core arguments of its
    /// `canon lift` core function, allocating in the callee's memory (and, if
    /// the parameters spill, allocating their block with `realloc` and
    /// passing its pointer).
    fn lower_params(
        &self,
        mem: &mut dyn GuestMemory,
        opts: &AbiOptions,
        vals: &[Val],
    ) -> Result<Vec<ValRaw>> {
        self.lower_params_from(mem, opts, vals, Vec::new())
    }

    /// [`FuncAbiExt::lower_params`] for strings lifted from another guest:
    /// `sources` are their source encodings in order (from
    /// [`FuncAbiExt::lift_params_tracked`]), which pick the spec's transcoding.
    fn lower_params_from(
        &self,
        mem: &mut dyn GuestMemory,
        opts: &AbiOptions,
        vals: &[Val],
        sources: Vec<SourceEncoding>,
    ) -> Result<Vec<ValRaw>>;

    /// Calling a guest export: lifts the results from the core results `flat`
    /// of its `canon lift` core function (a pointer into `mem` if the results
    /// spill).
    #[cfg(test)]
    fn lift_results(&self, mem: &[u8], opts: &AbiOptions, flat: &[ValRaw]) -> Result<Vec<Val>> {
        self.lift_results_tracked(mem, opts, flat, None)
            .map(|(v, _)| v)
    }

    /// [`FuncAbiExt::lift_results`], also returning the source encodings of the
    /// strings lifted, in order.
    /// Handles are lifted out of `handles`.
    fn lift_results_tracked<'a>(
        &self,
        mem: &'a [u8],
        opts: &AbiOptions,
        flat: &[ValRaw],
        handles: Option<&'a mut (dyn LiftHandles + 'a)>,
    ) -> Result<(Vec<Val>, Vec<SourceEncoding>)>;

    /// A guest calling a host import: lifts the parameters from `args`, all
    /// the core arguments of the `canon lower` core function (including the
    /// trailing return pointer, if any, which is ignored here).
    #[cfg(test)]
    fn lift_params(&self, mem: &[u8], opts: &AbiOptions, args: &[ValRaw]) -> Result<Vec<Val>> {
        self.lift_params_tracked(mem, opts, args, None)
            .map(|(v, _)| v)
    }

    /// [`FuncAbiExt::lift_params`], also returning the source encodings of the
    /// strings lifted, in order.
    /// Handles are lifted out of `handles`.
    fn lift_params_tracked<'a>(
        &self,
        mem: &'a [u8],
        opts: &AbiOptions,
        args: &[ValRaw],
        handles: Option<&'a mut (dyn LiftHandles + 'a)>,
    ) -> Result<(Vec<Val>, Vec<SourceEncoding>)>;

    /// The return pointer among the core arguments `args` of the `canon
    /// lower` core function: the last one, if the results spill.
    fn retptr(&self, args: &[ValRaw]) -> Option<u32>;

    /// A guest calling a host import: lowers the host's results `vals`. If
    /// the results spill, they are stored at `retptr` (which must then be
    /// given, see [`FuncAbiExt::retptr`]) and nothing is appended to `out`;
    /// otherwise their flat values are appended to `out`.
    fn lower_results(
        &self,
        mem: &mut dyn GuestMemory,
        opts: &AbiOptions,
        vals: &[Val],
        retptr: Option<u32>,
        out: &mut Vec<ValRaw>,
    ) -> Result<()> {
        self.lower_results_from(mem, opts, vals, retptr, out, Vec::new())
    }

    /// [`FuncAbiExt::lower_results`] for strings lifted from another guest, with
    /// their source encodings in order (see [`FuncAbiExt::lower_params_from`]).
    fn lower_results_from(
        &self,
        mem: &mut dyn GuestMemory,
        opts: &AbiOptions,
        vals: &[Val],
        retptr: Option<u32>,
        out: &mut Vec<ValRaw>,
        sources: Vec<SourceEncoding>,
    ) -> Result<()>;
}

impl FuncAbiExt for FuncAbi {
    fn lower_params_from(
        &self,
        mem: &mut dyn GuestMemory,
        opts: &AbiOptions,
        vals: &[Val],
        sources: Vec<SourceEncoding>,
    ) -> Result<Vec<ValRaw>> {
        typecheck_all(self.params(), vals, "parameter")?;
        let mut lower = Lowerer::new(mem, opts).with_sources(sources);
        let mut out = Vec::with_capacity(self.param_core_count());
        if self.params_spill() {
            let block = self.param_block();
            let ptr = checked_realloc(
                lower.memory(),
                0,
                0,
                block.layout.align,
                block.layout.size,
                AllocPurpose::Other,
            )?;
            for ((ty, val), off) in self.params().iter().zip(vals).zip(block.offsets.iter()) {
                lower.store(ty, val, offset_ptr(ptr, *off)?)?;
            }
            out.push(ValRaw::i32(ptr as i32));
        } else {
            for (ty, val) in self.params().iter().zip(vals) {
                lower.lower_flat(ty, val, &mut out)?;
            }
        }
        Ok(out)
    }

    fn lift_results_tracked<'a>(
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
            self.results(),
            self.result_block(),
            self.results_spill(),
            flat,
            "result block",
        )
    }

    fn lift_params_tracked<'a>(
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
            self.params(),
            self.param_block(),
            self.params_spill(),
            own,
            "parameter block",
        )
    }

    fn retptr(&self, args: &[ValRaw]) -> Option<u32> {
        if self.results_spill() {
            args.last().map(|v| v.get_i32() as u32)
        } else {
            None
        }
    }

    fn lower_results_from(
        &self,
        mem: &mut dyn GuestMemory,
        opts: &AbiOptions,
        vals: &[Val],
        retptr: Option<u32>,
        out: &mut Vec<ValRaw>,
        sources: Vec<SourceEncoding>,
    ) -> Result<()> {
        typecheck_all(self.results(), vals, "result")?;
        let spill = self.results_spill();
        match (spill, retptr) {
            (true, Some(ptr)) => {
                let block = self.result_block();
                check_destination(
                    mem,
                    ptr,
                    block.layout.align,
                    block.layout.size,
                    "return area",
                )?;
                let mut lower = Lowerer::new(mem, opts).with_sources(sources);
                for ((ty, val), off) in self.results().iter().zip(vals).zip(block.offsets.iter()) {
                    lower.store(ty, val, offset_ptr(ptr, *off)?)?;
                }
                Ok(())
            }
            (false, None) => {
                let mut lower = Lowerer::new(mem, opts).with_sources(sources);
                for (ty, val) in self.results().iter().zip(vals) {
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
