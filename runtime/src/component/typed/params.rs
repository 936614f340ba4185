//! Parameter and result lists with Rust types: the traits a tuple implements
//! to be a typed function's parameters or results ([`ComponentNamedList`],
//! [`LowerNamedList`], [`LiftNamedList`]), and the whole-list conversions
//! that typed calls (`func.rs`) and typed host functions (`host.rs`) share:
//! flat, or through a spilled block in memory, as `abi/call.rs` describes.
//!
//! Nothing here allocates on the host for flat scalar lists: values go
//! straight between the tuple and the caller's slot array.

use super::context::{LiftContext, LowerContext};
use super::record::Fields;
use super::traits::rust_type_name;
use crate::component::abi::layout::SequenceLayout;
use crate::component::abi::lift::check_pointer;
use crate::component::abi::lower::check_destination;
use crate::component::abi::FuncAbi;
use crate::component::types::Type;
use crate::ValRaw;
use anyhow::{anyhow, Result};

/// A tuple of Rust types that stands for a function's parameter list or
/// result list: `()` for none, `(A,)` for one, up to 16 elements.
///
/// Implemented for tuples only; the element types are matched with the
/// list's types one by one (parameter names play no part).
pub trait ComponentNamedList {
    /// The number of elements.
    const LEN: usize;

    /// Checks element `index`'s Rust type against `ty`, as
    /// [`ComponentType::typecheck`](super::ComponentType::typecheck) does.
    fn typecheck_element(index: usize, ty: &Type) -> Result<()>;
}

/// A [`ComponentNamedList`] whose elements can all be lowered: the
/// parameters of a [`TypedFunc`](super::TypedFunc), the results of a typed
/// host function.
pub trait LowerNamedList: ComponentNamedList {
    /// Lowers each element, in order, as the next part of `fields` into
    /// the front of `dst`.
    fn lower_fields(
        &self,
        cx: &mut LowerContext<'_>,
        fields: &mut Fields<'_>,
        dst: &mut &mut [ValRaw],
    ) -> Result<()>;

    /// Stores each element, in order, as the next part of `fields` in the
    /// sequence at `base`.
    fn store_fields(
        &self,
        cx: &mut LowerContext<'_>,
        fields: &mut Fields<'_>,
        base: u32,
    ) -> Result<()>;
}

/// A [`ComponentNamedList`] whose elements can all be lifted: the results
/// of a [`TypedFunc`](super::TypedFunc), the parameters of a typed host
/// function.
pub trait LiftNamedList: ComponentNamedList + Sized {
    /// Lifts each element, in order, as the next part of `fields` from the
    /// front of `src`.
    fn lift_fields(
        cx: &LiftContext<'_>,
        fields: &mut Fields<'_>,
        src: &mut &[ValRaw],
    ) -> Result<Self>;

    /// Loads each element, in order, as the next part of `fields` from
    /// `bytes`, the whole sequence.
    fn load_fields(cx: &LiftContext<'_>, fields: &mut Fields<'_>, bytes: &[u8]) -> Result<Self>;
}

/// Checks the Rust lists `P` and `R` against a signature; the error is the
/// reason (callers add which function and both types).
pub(crate) fn typecheck_signature<P: ComponentNamedList, R: ComponentNamedList>(
    params: &[(String, Type)],
    results: &[Type],
) -> Result<()> {
    if P::LEN != params.len() {
        return Err(anyhow!(
            "the function takes {} parameters, the Rust parameter tuple has {} elements",
            params.len(),
            P::LEN
        ));
    }
    for (i, (name, ty)) in params.iter().enumerate() {
        P::typecheck_element(i, ty).map_err(|e| anyhow!("parameter `{name}`: {e}"))?;
    }
    if R::LEN != results.len() {
        return Err(anyhow!(
            "the function returns {} results, the Rust result tuple has {} elements",
            results.len(),
            R::LEN
        ));
    }
    for (i, ty) in results.iter().enumerate() {
        R::typecheck_element(i, ty).map_err(|e| anyhow!("result: {e}"))?;
    }
    Ok(())
}

/// The Rust signature `(params) -> (results)`, for messages.
pub(crate) fn describe<P, R>() -> String {
    format!("{} -> {}", rust_type_name::<P>(), rust_type_name::<R>())
}

/// How many core values a list takes when flat, or `None` if it spills.
fn flat_len(block: &SequenceLayout, spill: bool) -> Result<Option<usize>> {
    if spill {
        return Ok(None);
    }
    block
        .layout
        .flat_count()
        .map(Some)
        .ok_or_else(|| anyhow!("a flat list has too many flat values"))
}

/// How many core values the parameters of `abi` take (1 if they spill).
pub(crate) fn param_core_count(abi: &FuncAbi) -> Result<usize> {
    Ok(flat_len(abi.param_block(), abi.params_spill())?.unwrap_or(1))
}

/// How many core values the results of `abi` take in the caller's slots:
/// for a guest export, 1 if they spill (the pointer).
pub(crate) fn result_core_count(abi: &FuncAbi) -> Result<usize> {
    Ok(flat_len(abi.result_block(), abi.results_spill())?.unwrap_or(1))
}

/// Calling a guest export: lowers `params` into the core arguments `slots`
/// (flat, or into a block allocated with the callee's `realloc` whose
/// pointer is the one argument). Returns how many slots were written.
pub(crate) fn lower_params<P: LowerNamedList>(
    cx: &mut LowerContext<'_>,
    abi: &FuncAbi,
    params: &P,
    slots: &mut [ValRaw],
) -> Result<usize> {
    let block = abi.param_block();
    match flat_len(block, abi.params_spill())? {
        Some(n) => {
            let mut dst = slots
                .get_mut(..n)
                .ok_or_else(|| anyhow!("no room for {n} core arguments"))?;
            let mut fields = Fields::new(abi.params(), &[]);
            params.lower_fields(cx, &mut fields, &mut dst)?;
            fields.finish()?;
            Ok(n)
        }
        None => {
            let ptr = cx.realloc(block.layout.align, block.layout.size)?;
            let mut fields = Fields::new(abi.params(), &block.offsets);
            params.store_fields(cx, &mut fields, ptr)?;
            fields.finish()?;
            let slot = slots
                .first_mut()
                .ok_or_else(|| anyhow!("no room for the parameter pointer"))?;
            *slot = ValRaw::i32(ptr as i32);
            Ok(1)
        }
    }
}

/// Calling a guest export: lifts its results from its core results `core`
/// (flat, or a pointer to the result block).
pub(crate) fn lift_results<R: LiftNamedList>(
    cx: &LiftContext<'_>,
    abi: &FuncAbi,
    core: &[ValRaw],
) -> Result<R> {
    let block = abi.result_block();
    lift_list(
        cx,
        abi.results(),
        block,
        abi.results_spill(),
        core,
        "result block",
    )
}

/// A guest calling a typed host function: lifts the parameters from the
/// core arguments `args` (only the parameters' own: no return pointer).
pub(crate) fn lift_params<P: LiftNamedList>(
    cx: &LiftContext<'_>,
    abi: &FuncAbi,
    args: &[ValRaw],
) -> Result<P> {
    let block = abi.param_block();
    lift_list(
        cx,
        abi.params(),
        block,
        abi.params_spill(),
        args,
        "parameter block",
    )
}

/// A guest calling a typed host function: lowers its results into the
/// core result slots `slots`, or, if they spill, into the guest's return
/// area at `retptr`.
pub(crate) fn lower_results<R: LowerNamedList>(
    cx: &mut LowerContext<'_>,
    abi: &FuncAbi,
    results: &R,
    retptr: Option<u32>,
    slots: &mut [ValRaw],
) -> Result<()> {
    let block = abi.result_block();
    match (flat_len(block, abi.results_spill())?, retptr) {
        (Some(n), None) => {
            let mut dst = slots
                .get_mut(..n)
                .ok_or_else(|| anyhow!("no room for {n} core results"))?;
            let mut fields = Fields::new(abi.results(), &[]);
            results.lower_fields(cx, &mut fields, &mut dst)?;
            fields.finish()
        }
        (None, Some(ptr)) => {
            let layout = &block.layout;
            check_destination(cx.memory(), ptr, layout.align, layout.size, "return area")?;
            let mut fields = Fields::new(abi.results(), &block.offsets);
            results.store_fields(cx, &mut fields, ptr)?;
            fields.finish()
        }
        (None, None) => Err(anyhow!("the results spill but no return pointer was given")),
        (Some(_), Some(_)) => Err(anyhow!(
            "a return pointer was given but the results do not spill"
        )),
    }
}

/// Lifts a list from its flat values, or from the block the one flat
/// value points to (checked once: aligned and within memory).
fn lift_list<L: LiftNamedList>(
    cx: &LiftContext<'_>,
    types: &[Type],
    block: &SequenceLayout,
    spill: bool,
    flat: &[ValRaw],
    what: &str,
) -> Result<L> {
    match flat_len(block, spill)? {
        Some(n) => {
            if flat.len() != n {
                return Err(anyhow!("expected {n} core values, got {}", flat.len()));
            }
            let mut src = flat;
            let mut fields = Fields::new(types, &[]);
            let out = L::lift_fields(cx, &mut fields, &mut src)?;
            fields.finish()?;
            Ok(out)
        }
        None => {
            let ptr = match flat {
                [p] => p.get_i32() as u32,
                _ => return Err(anyhow!("expected the pointer to the {what}")),
            };
            let layout = &block.layout;
            check_pointer(cx.memory(), ptr, layout.align, layout.size, what)?;
            let bytes = cx.bytes(ptr, layout.size as usize)?;
            let mut fields = Fields::new(types, &block.offsets);
            let out = L::load_fields(cx, &mut fields, bytes)?;
            fields.finish()?;
            Ok(out)
        }
    }
}
