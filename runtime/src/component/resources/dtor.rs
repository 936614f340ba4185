//! Destructors: what runs when the last owned handle of a resource goes
//! ([`Dtor`], a guest function or a host closure), the per-instance
//! resource entries that hold them, and [`run_dtor`], which enters the
//! defining instance as a call would.

use super::*;
use crate::component::store::{ComponentStore, ScopeId};
use crate::store::{StoreContextMut, StoreInner};
use crate::Trap;
use anyhow::{anyhow, Result};
use std::sync::Arc;

/// A host destructor, as the linker takes it.
pub(crate) type HostDtor<T> = dyn Fn(StoreContextMut<'_, T>, u32) -> Result<()> + Send + Sync;

/// A destructor of a resource type.
#[derive(Clone)]
pub(crate) enum Dtor {
    /// The host's, given to the linker: an `Arc<HostDtor<T>>` for the
    /// store's `T`.
    Host(Arc<dyn std::any::Any + Send + Sync>),
    /// A core function of the defining component (`(dtor ...)`), of scope
    /// `scope` (the translation's index `local`) of instance `instance`.
    Guest {
        func: crate::Func,
        instance: u32,
        scope: ScopeId,
        local: u32,
    },
}

/// What an instance knows of one of its component's resource types.
#[derive(Clone)]
pub(crate) struct InstanceResource {
    pub ty: ResourceType,
    /// The scope that defined it (the spec's `rt.impl`), for guest types.
    pub scope: Option<ScopeId>,
    pub dtor: Option<Dtor>,
}

/// Runs destructor `dtor` on `rep`. `from` is the scope whose code dropped
/// the handle (`None` for the host): a guest destructor of that very scope
/// runs without entering it again.
pub(crate) fn run_dtor<T: 'static>(
    store: &mut StoreInner<T>,
    dtor: Option<Dtor>,
    rep: u32,
    from: Option<ScopeId>,
) -> Result<()> {
    match dtor {
        None => Ok(()),
        Some(Dtor::Host(f)) => {
            let f = f.downcast_ref::<Arc<HostDtor<T>>>().ok_or_else(|| {
                anyhow!("the resource's destructor was defined for another store type")
            })?;
            f(StoreContextMut { inner: store }, rep)
        }
        Some(Dtor::Guest {
            func,
            instance,
            scope,
            local,
        }) => {
            let s = &mut store.opaque;
            // As for a call from the dropping scope into the defining one
            // (the spec lifts the destructor and lowers it into the
            // dropper): the scopes entered are the defining scope and its
            // ancestors, minus those the dropper is inside. A dropper of
            // another instance, or the host, is inside none of them.
            let data = &s.components.instances[instance as usize];
            let parents = &data.component.inner.translation.scope_parents;
            let caller = from.and_then(|f| {
                let rel = f.0.checked_sub(data.scope_base.0)?;
                ((rel as usize) < parents.len()).then_some(rel)
            });
            let enter = data.scope_ids(&crate::component::translate::entering_set(
                parents, local, caller,
            ));
            if !s.components.scopes.try_enter(scope, &enter) {
                return Err(anyhow::Error::new(Trap::CannotEnterComponent).context(
                    "cannot run the resource's destructor: its component instance may not be entered",
                ));
            }
            let mut args = [crate::ValRaw::i32(rep as i32)];
            let result = func.call_raw(s, &mut args);
            if result.is_err() {
                s.components.scopes.get_mut(scope).poisoned = true;
            }
            s.components.scopes.leave(&enter);
            result
        }
    }
}

impl ComponentStore {
    /// The destructor of resource type `ty`, wherever it was defined.
    pub(crate) fn dtor_of(&self, ty: &ResourceType) -> Option<Dtor> {
        match ty.0 {
            Kind::Guest {
                instance, index, ..
            } => self.instances[instance as usize].resources[index as usize]
                .dtor
                .clone(),
            Kind::Host(_) | Kind::Fresh(_) => self
                .host_dtors
                .iter()
                .find(|(t, _)| t == ty)
                .map(|(_, d)| d.clone()),
        }
    }

    /// The handle table of `scope`.
    /// Ends the borrowed handles that call `task` lowered into `scope` and
    /// that are still there, as `resource.drop` would: for a callee that
    /// only passes borrows on (see [`Lifted::passes_borrows`]).
    ///
    /// [`Lifted::passes_borrows`]: crate::component::translate::Lifted::passes_borrows
    pub(crate) fn end_borrows(&mut self, scope: ScopeId, task: usize) {
        let table = self.table(scope);
        let mut ended = 0;
        for index in 0..table.slots.len() {
            if let Some(h) = table.slots[index] {
                if !h.own && h.task == Some(task) && h.lends == 0 {
                    table.slots[index] = None;
                    table.free.push(index as u32);
                    ended += 1;
                }
            }
        }
        if let Some(n) = self.tasks.get_mut(task) {
            *n = n.saturating_sub(ended);
        }
    }

    pub(crate) fn table(&mut self, scope: ScopeId) -> &mut HandleTable {
        let i = scope.0 as usize;
        if self.tables.len() <= i {
            self.tables.resize_with(i + 1, HandleTable::default);
        }
        &mut self.tables[i]
    }
}
