//! [`ResourceCx`]: the moves of handles between a guest's table and the
//! host while values cross (the spec's `lift_own`, `lift_borrow`,
//! `lower_own`, `lower_borrow`).

use super::*;
use crate::component::abi::lift::LiftHandles;
use crate::component::store::{ComponentStore, ScopeId};
use crate::component::types::ResourceIndex;
use crate::store::StoreId;
use anyhow::{bail, Result};

/// Moves handles between a guest's table and the host while values cross
/// (the spec's `lift_own`, `lift_borrow`, `lower_own`, `lower_borrow`), for
/// the guest side in scope `scope` of instance `instance`.
pub(crate) struct ResourceCx<'a> {
    pub components: &'a mut ComponentStore,
    pub store: StoreId,
    pub instance: u32,
    pub scope: ScopeId,
    /// Handles lent for the current host call (scope, index): their lend
    /// counts drop when it returns.
    pub lenders: Vec<(ScopeId, u32)>,
    /// Host handles that borrow for the current call: they end with it.
    pub host_borrows: Vec<ResourceAny>,
}

impl ResourceCx<'_> {
    fn resource(&self, ty: ResourceIndex) -> &InstanceResource {
        &self.components.instances[self.instance as usize].resources[ty.index() as usize]
    }

    /// `lift_own`: the guest gives up its handle `index`; the host gets it.
    pub fn lift_own(&mut self, index: u32, ty: ResourceIndex) -> Result<ResourceAny> {
        let rt = self.resource(ty).ty;
        let table = self.components.table(self.scope);
        let h = *table.get_mut(index)?;
        if h.ty != rt {
            return Err(bad(format!("handle {index} is of another resource type")));
        }
        if !h.own {
            return Err(bad(format!("handle {index} is borrowed, not owned")));
        }
        if h.lends != 0 {
            return Err(bad(format!(
                "handle {index} is lent to a call that has not returned"
            )));
        }
        table.remove(index)?;
        Ok(self
            .components
            .host_handles
            .insert(self.store, rt, h.rep, true))
    }

    /// `lift_borrow`: the guest lends handle `index` for the current call.
    pub fn lift_borrow(&mut self, index: u32, ty: ResourceIndex) -> Result<ResourceAny> {
        let rt = self.resource(ty).ty;
        let h = self.components.table(self.scope).get_mut(index)?;
        if h.ty != rt {
            return Err(bad(format!("handle {index} is of another resource type")));
        }
        h.lends += 1;
        let rep = h.rep;
        self.lenders.push((self.scope, index));
        let r = self
            .components
            .host_handles
            .insert(self.store, rt, rep, false);
        self.host_borrows.push(r);
        Ok(r)
    }

    /// Checks that host handle `r` may go where type `ty` is expected, and
    /// returns its representation.
    fn host_rep(&self, r: &ResourceAny, ty: ResourceIndex, own: bool) -> Result<u32> {
        if r.store != self.store {
            bail!("the resource handle belongs to another store");
        }
        let rt = self.resource(ty).ty;
        if r.ty != rt {
            bail!("the resource handle is of another resource type than the one expected");
        }
        if own && !r.own {
            bail!("expected an owned resource handle, found a borrowed one");
        }
        self.components.host_handles.rep(r)
    }

    /// `lower_own`: the host's owned handle `r` moves into the guest's table.
    pub fn lower_own(&mut self, r: &ResourceAny, ty: ResourceIndex) -> Result<u32> {
        self.host_rep(r, ty, true)?;
        let rep = self.components.host_handles.take(r)?;
        self.components.table(self.scope).add(Handle {
            ty: r.ty,
            rep,
            own: true,
            task: None,
            lends: 0,
        })
    }

    /// `lower_borrow`: the guest borrows `r` for the current call; a guest
    /// that defined the resource type gets the representation itself.
    pub fn lower_borrow(&mut self, r: &ResourceAny, ty: ResourceIndex) -> Result<u32> {
        let rep = self.host_rep(r, ty, false)?;
        if self.resource(ty).scope == Some(self.scope) {
            return Ok(rep);
        }
        let task = self.components.tasks.len().checked_sub(1);
        if let Some(t) = task {
            self.components.tasks[t] += 1;
        }
        self.components.table(self.scope).add(Handle {
            ty: r.ty,
            rep,
            own: false,
            task,
            lends: 0,
        })
    }

    /// What the lifting lent for the call, to give back with
    /// [`finish_call`] when it returns.
    #[inline]
    pub fn take_loans(&mut self) -> Loans {
        Loans {
            lenders: std::mem::take(&mut self.lenders),
            host_borrows: std::mem::take(&mut self.host_borrows),
        }
    }
}

impl LiftHandles for ResourceCx<'_> {
    fn lift_own(&mut self, index: u32, ty: ResourceIndex) -> Result<ResourceAny> {
        ResourceCx::lift_own(self, index, ty)
    }

    fn lift_borrow(&mut self, index: u32, ty: ResourceIndex) -> Result<ResourceAny> {
        ResourceCx::lift_borrow(self, index, ty)
    }

    fn take_host(&mut self, r: &ResourceAny) -> Result<u32> {
        self.components.host_handles.take(r)
    }
}
