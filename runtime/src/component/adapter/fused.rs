//! [`FusedAdapter`]: a component-to-component call of any function type
//! without resource handles, moving parameters and results with
//! [`Transfer`] instead of dynamic values.
//!
//! The steps, in the spec's order:
//! 1. check the caller's arguments (flat values, or the spilled block they
//!    point to) as lifting them would, before the callee is entered, so that
//!    a bad argument traps without running any callee code;
//! 2. enter the callee and move the arguments into it (allocating with its
//!    `realloc`; a spilled block first);
//! 3. call the callee's core function;
//! 4. check the results, then move them into the caller (flat, or into the
//!    caller's return area, allocating with the caller's `realloc`);
//! 5. run the callee's `post-return`, and leave.
//!
//! A trap from step 2 on leaves the callee unusable, as any trap inside a
//! call does. The callee's `post-return` runs after the results are in the
//! caller's memory, as the spec orders it (and as the general path of
//! `lowered.rs` does too), so the callee may free them there.
//!
//! [`StoreSides`] gives a transfer the two memories of a store.

use super::transfer::{FlatOut, Sides, Transfer};
use crate::component::abi::layout::SequenceLayout;
use crate::component::abi::lift::{check_pointer, FlatReader};
use crate::component::abi::lower::check_destination;
use crate::component::abi::memory::{
    checked_realloc, offset_ptr, read_slice, slice_mut, AllocPurpose, GuestMemory,
};
use crate::component::abi::FuncAbiExt;
use crate::component::abi::{AbiContext, AbiOptions, FuncAbi};
use crate::component::func::{self, core_arity, Func};
use crate::component::store::{memory_bytes, ResolvedOptions, ScopeId, StoreMemory};
use crate::component::types::Type;
use crate::store::StoreOpaque;
use crate::{Memory, ValRaw};
use anyhow::{anyhow, bail, Result};
use std::sync::Arc;

/// The source and destination memories of a transfer inside one store: the
/// destination through its options (memory and `realloc`), the source by
/// its memory alone.
pub(crate) struct StoreSides<'a> {
    dst: StoreMemory<'a>,
    src: Option<Memory>,
}

impl<'a> StoreSides<'a> {
    /// Reading `src`'s memory and writing `dst`'s.
    pub(crate) fn new(
        s: &'a mut StoreOpaque,
        src: &ResolvedOptions,
        dst: &ResolvedOptions,
    ) -> Self {
        StoreSides {
            dst: StoreMemory::new(s, dst),
            src: src.memory,
        }
    }
}

impl Sides for StoreSides<'_> {
    fn src(&self) -> &[u8] {
        memory_bytes(self.dst.store, self.src)
    }

    fn dst(&mut self) -> &mut dyn GuestMemory {
        &mut self.dst
    }

    fn copy(&mut self, src_ptr: u32, dst_ptr: u32, len: u32) -> Result<()> {
        let len = len as usize;
        if len == 0 {
            return Ok(());
        }
        let (Some(src), Some(dst)) = (self.src, self.dst.memory) else {
            bail!("a string or list is copied between guests, but a side has no memory");
        };
        let memories = &mut self.dst.store.memories;
        let missing = || anyhow!("a canonical option names a memory the store does not have");
        if src.index == dst.index {
            // One memory on both sides (never between two component
            // instances, which cannot share memories, but safe anyway).
            let mem = memories
                .get_mut(src.index as usize)
                .ok_or_else(missing)?
                .data_mut();
            read_slice(mem, src_ptr, len)?;
            slice_mut(mem, dst_ptr, len)?;
            let from = src_ptr as usize;
            mem.copy_within(from..from + len, dst_ptr as usize);
            return Ok(());
        }
        let [from, to] = memories
            .get_disjoint_mut([src.index as usize, dst.index as usize])
            .map_err(|_| missing())?;
        let from = read_slice(from.data(), src_ptr, len)?;
        slice_mut(to.data_mut(), dst_ptr, len)?.copy_from_slice(from);
        Ok(())
    }
}

/// A component-to-component call of one function type without resource
/// handles.
#[derive(Debug)]
pub(crate) struct FusedAdapter {
    abi: Arc<FuncAbi>,
}

impl FusedAdapter {
    /// The adapter for functions of `abi`'s type, unless a parameter or
    /// result holds a resource handle (handles move between tables, which
    /// the general path does).
    pub(crate) fn new(abi: &Arc<FuncAbi>) -> Option<FusedAdapter> {
        if abi.has_handles() {
            return None;
        }
        Some(FusedAdapter { abi: abi.clone() })
    }

    /// Calls `callee` (entering the scopes `entering`) from a guest with
    /// options `caller`, with the caller's core arguments in `slots`; flat
    /// results are written back to the front of `slots`.
    pub(crate) fn call(
        &self,
        s: &mut StoreOpaque,
        callee: Func,
        entering: &[ScopeId],
        caller: &ResolvedOptions,
        slots: &mut [ValRaw],
    ) -> Result<()> {
        let abi = &*self.abi;
        let (n_args, _) = abi.core_counts(AbiContext::Lower);
        let args = slots
            .get(..n_args)
            .ok_or_else(|| anyhow!("expected {n_args} core arguments, got {}", slots.len()))?;
        let retptr = abi.retptr(args);
        let own_args = &args[..n_args - usize::from(retptr.is_some())];
        let params = Values::params(abi);
        let results = Values::results(abi);
        // 1. The caller's arguments, checked as lifting would.
        params.check(
            &mut StoreSides::new(s, caller, caller),
            caller.abi,
            own_args,
        )?;
        let mut values = FlatOut::default();
        let mut out = FlatOut::default();
        func::call_from_guest(s, callee, entering, |s, site| {
            // 2. Into the callee.
            let mut sides = StoreSides::new(s, caller, &site.opts);
            params.transfer(
                &mut sides,
                caller.abi,
                site.opts.abi,
                own_args,
                None,
                &mut values,
            )?;
            // 3. The call.
            let (core_params, core_results) = core_arity(s, site.core);
            if values.as_slice().len() != core_params || core_results > 1 {
                bail!(
                    "the callee's core function takes {core_params} values and returns \
                     {core_results}, but its type flattens to {} and at most 1",
                    values.as_slice().len()
                );
            }
            let width = core_params.max(core_results);
            site.call_core(s, &mut values.slots_mut()[..width])?;
            let core_result = (core_results == 1).then(|| values.slots_mut()[0]);
            // 4. Back into the caller.
            let flat = core_result.as_slice();
            results.check(
                &mut StoreSides::new(s, &site.opts, &site.opts),
                site.opts.abi,
                flat,
            )?;
            let mut sides = StoreSides::new(s, &site.opts, caller);
            results.transfer(
                &mut sides,
                site.opts.abi,
                caller.abi,
                flat,
                retptr,
                &mut out,
            )?;
            Ok(((), core_result))
        })?;
        for (slot, v) in slots.iter_mut().zip(out.as_slice()) {
            *slot = *v;
        }
        Ok(())
    }
}

/// A parameter or result list of a function type, with how it is passed.
pub(crate) struct Values<'a> {
    types: &'a [Type],
    block: &'a SequenceLayout,
    spill: bool,
    /// "parameter block" or "result block", for messages.
    what: &'static str,
}

impl<'a> Values<'a> {
    /// The parameters of `abi`.
    pub(crate) fn params(abi: &'a FuncAbi) -> Values<'a> {
        Values {
            types: abi.params(),
            block: abi.param_block(),
            spill: abi.params_spill(),
            what: "parameter block",
        }
    }

    /// The results of `abi`.
    pub(crate) fn results(abi: &'a FuncAbi) -> Values<'a> {
        Values {
            types: abi.results(),
            block: abi.result_block(),
            spill: abi.results_spill(),
            what: "result block",
        }
    }

    /// Checks the values given by `flat` (or the block it points to) in the
    /// source of `sides`, a guest with options `src`, as lifting them would.
    pub(crate) fn check<S: Sides>(
        &self,
        sides: &mut S,
        src: AbiOptions,
        flat: &[ValRaw],
    ) -> Result<()> {
        let mut check = Transfer::check(sides, src);
        if self.spill {
            let ptr = spilled_pointer(flat, self.what)?;
            let (align, size) = (self.block.layout.align, self.block.layout.size);
            check_pointer(check.src_bytes(), ptr, align, size, self.what)?;
            for (ty, off) in self.types.iter().zip(self.block.offsets.iter()) {
                check.mem(ty, offset_ptr(ptr, *off)?, 0)?;
            }
        } else {
            let mut reader = FlatReader::new(flat);
            let mut scratch = FlatOut::default();
            for ty in self.types {
                check.flat(ty, &mut reader, &mut scratch)?;
            }
            reader.finish()?;
        }
        Ok(())
    }

    /// Moves the values (checked by [`Values::check`]) from the source of
    /// `sides` to its destination: flat values to `out`, or a spilled block
    /// to `dst_block` (the caller's return area, for results) or to a block
    /// allocated with the destination's `realloc` (for parameters), whose
    /// pointer goes to `out`.
    pub(crate) fn transfer<S: Sides>(
        &self,
        sides: &mut S,
        src: AbiOptions,
        dst: AbiOptions,
        flat: &[ValRaw],
        dst_block: Option<u32>,
        out: &mut FlatOut,
    ) -> Result<()> {
        let mut t = Transfer::new(sides, src, dst, true);
        if self.spill {
            let (align, size) = (self.block.layout.align, self.block.layout.size);
            let from = spilled_pointer(flat, self.what)?;
            let to = match dst_block {
                Some(ptr) => {
                    check_destination(t.dst(), ptr, align, size, "return area")?;
                    ptr
                }
                None => {
                    let ptr = checked_realloc(t.dst(), 0, 0, align, size, AllocPurpose::Other)?;
                    out.push(ValRaw::i32(ptr as i32))?;
                    ptr
                }
            };
            for (ty, off) in self.types.iter().zip(self.block.offsets.iter()) {
                t.mem(ty, offset_ptr(from, *off)?, offset_ptr(to, *off)?)?;
            }
        } else {
            let mut reader = FlatReader::new(flat);
            for ty in self.types {
                t.flat(ty, &mut reader, out)?;
            }
            reader.finish()?;
        }
        Ok(())
    }
}

/// The pointer to a spilled block: the only core value.
fn spilled_pointer(flat: &[ValRaw], what: &str) -> Result<u32> {
    flat.first()
        .map(|v| v.get_i32() as u32)
        .ok_or_else(|| anyhow!("missing the pointer to the {what}"))
}
