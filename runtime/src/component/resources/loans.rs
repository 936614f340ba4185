//! Loans: the handles lent to a call in progress, and how a call gives
//! them back when it returns ([`finish_call`], [`lift_lending`]).

use super::*;
use crate::component::abi::lift::LiftHandles;
use crate::component::store::{ComponentStore, ResolvedOptions, ScopeId};
use crate::store::StoreOpaque;
use anyhow::Result;

/// Handles lent to a call in progress (see [`ResourceCx::take_loans`]).
#[derive(Default)]
pub(crate) struct Loans {
    pub(super) lenders: Vec<(ScopeId, u32)>,
    pub(super) host_borrows: Vec<ResourceAny>,
}

/// Ends what a call borrowed once it returns: lent handles are given back
/// and the host's borrowed handles end.
#[inline]
pub(crate) fn finish_call(components: &mut ComponentStore, loans: Loans) {
    if loans.lenders.is_empty() && loans.host_borrows.is_empty() {
        return;
    }
    for (scope, index) in loans.lenders {
        if let Ok(h) = components.table(scope).get_mut(index) {
            h.lends = h.lends.saturating_sub(1);
        }
    }
    for r in loans.host_borrows {
        components.host_handles.end_if_live(&r);
    }
}

/// Runs `lift` over the bytes of `opts`' memory and the handle table of its
/// scope, and returns what it lifted with what it lent for the call (give
/// that back with [`finish_call`] when the call returns). If lifting fails,
/// the loans are given back at once.
#[inline]
pub(crate) fn lift_lending<R>(
    s: &mut StoreOpaque,
    opts: &ResolvedOptions,
    lift: impl FnOnce(&[u8], &mut dyn LiftHandles) -> Result<R>,
) -> Result<(R, Loans)> {
    let (mem, mut handles) = lift_parts(s, opts);
    let lifted = lift(mem, &mut handles);
    let loans = handles.take_loans();
    match lifted {
        Ok(r) => Ok((r, loans)),
        Err(e) => {
            finish_call(&mut s.components, loans);
            Err(e)
        }
    }
}

/// The bytes of `opts`' memory and a [`ResourceCx`] for its scope, borrowed
/// from `s` together, for lifting.
#[inline]
pub(crate) fn lift_parts<'a>(
    s: &'a mut StoreOpaque,
    opts: &ResolvedOptions,
) -> (&'a [u8], ResourceCx<'a>) {
    let StoreOpaque {
        memories,
        components,
        id,
        ..
    } = s;
    let mem: &[u8] = match opts.memory {
        Some(m) => memories[m.index as usize].data(),
        None => &[],
    };
    let cx = ResourceCx {
        components,
        store: *id,
        instance: opts.instance,
        scope: opts.scope,
        lenders: Vec::new(),
        host_borrows: Vec::new(),
    };
    (mem, cx)
}
