//! The handles the host holds: [`ResourceAny`] (any resource type, as
//! `Val::Resource`) and [`Resource<T>`] (a host type `T`), with the store's
//! table of host handles behind them.

use super::*;
use crate::store::{AsContextMut, StoreId};
use anyhow::{anyhow, bail, Result};
use std::marker::PhantomData;

/// A handle the host holds: to a resource of any type, owned or borrowed.
///
/// The host gets one when a guest returns an `own<R>` or passes a
/// `borrow<R>` to a host function; it passes it back as an argument or a
/// result. An owned handle moves: after it is passed to a guest (or
/// dropped with [`ResourceAny::resource_drop`]), copies of it are dead and
/// using one is an error. A borrowed one is valid only until the host
/// function that received it returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResourceAny {
    pub(super) store: StoreId,
    pub(super) index: u32,
    pub(super) generation: u32,
    pub(super) ty: ResourceType,
    pub(super) own: bool,
}

/// A slot of the store's table of host-held handles.
#[derive(Default)]
pub(crate) struct HostSlot {
    pub(super) generation: u32,
    pub(super) rep: Option<u32>,
}

/// The store's handles held by the host.
#[derive(Default)]
pub(crate) struct HostHandles {
    pub(super) slots: Vec<HostSlot>,
    pub(super) free: Vec<u32>,
}

impl HostHandles {
    pub(crate) fn insert(
        &mut self,
        store: StoreId,
        ty: ResourceType,
        rep: u32,
        own: bool,
    ) -> ResourceAny {
        let index = match self.free.pop() {
            Some(i) => i,
            None => {
                self.slots.push(HostSlot::default());
                self.slots.len() as u32 - 1
            }
        };
        let slot = &mut self.slots[index as usize];
        slot.rep = Some(rep);
        ResourceAny {
            store,
            index,
            generation: slot.generation,
            ty,
            own,
        }
    }

    /// The representation of live handle `r`.
    pub(super) fn rep(&self, r: &ResourceAny) -> Result<u32> {
        match self.slots.get(r.index as usize) {
            Some(s) if s.generation == r.generation => s.rep.ok_or_else(dead),
            _ => Err(dead()),
        }
    }

    /// Ends handle `r` if it is still live: a borrow that typed lifting
    /// already ended is left alone, with no error built (this runs after
    /// every host call that borrowed a handle).
    pub(super) fn end_if_live(&mut self, r: &ResourceAny) {
        let live = matches!(
            self.slots.get(r.index as usize),
            Some(s) if s.generation == r.generation && s.rep.is_some()
        );
        if live {
            let _ = self.take(r);
        }
    }

    /// Ends handle `r`, returning its representation.
    pub(super) fn take(&mut self, r: &ResourceAny) -> Result<u32> {
        let rep = self.rep(r)?;
        let slot = &mut self.slots[r.index as usize];
        slot.rep = None;
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(r.index);
        Ok(rep)
    }
}

pub(crate) fn dead() -> anyhow::Error {
    anyhow!(
        "the resource handle is no longer valid: an owned handle was already passed on or \
         dropped, or a borrowed one outlived the call that lent it"
    )
}

impl ResourceAny {
    /// The handle's resource type.
    pub fn ty(&self) -> ResourceType {
        self.ty
    }

    /// Whether the handle owns its resource (else it borrows it).
    pub fn owned(&self) -> bool {
        self.own
    }

    /// Drops the handle. For an owned handle this runs the resource type's
    /// destructor (the guest's `dtor`, or the host's), as `resource.drop`
    /// does; a borrowed one just ends.
    pub fn resource_drop<T: 'static>(self, mut store: impl AsContextMut<Data = T>) -> Result<()> {
        let inner = &mut *store.as_context_mut().inner;
        let s = &mut inner.opaque;
        s.check(self.store, "resource");
        let rep = s.components.host_handles.take(&self)?;
        if !self.own {
            return Ok(());
        }
        let dtor = s.components.dtor_of(&self.ty);
        run_dtor(inner, dtor, rep, None)
    }

    /// This handle as a host resource of type `T`, if that is its type.
    /// The handle is ended: the [`Resource`] takes its place.
    pub fn try_into_resource<T: 'static>(
        self,
        mut store: impl AsContextMut,
    ) -> Result<Resource<T>> {
        if self.ty != ResourceType::host::<T>() {
            bail!(
                "the handle's resource type is not the host type `{}`",
                std::any::type_name::<T>()
            );
        }
        let s = &mut store.as_context_mut().inner.opaque;
        s.check(self.store, "resource");
        let rep = s.components.host_handles.take(&self)?;
        Ok(Resource {
            rep,
            own: self.own,
            _marker: PhantomData,
        })
    }

    /// A host-held handle for host resource `r`.
    pub fn try_from_resource<T: 'static>(
        r: Resource<T>,
        mut store: impl AsContextMut,
    ) -> Result<ResourceAny> {
        let s = &mut store.as_context_mut().inner.opaque;
        let id = s.id;
        Ok(s.components
            .host_handles
            .insert(id, ResourceType::host::<T>(), r.rep, r.own))
    }
}

/// A handle to a resource of host type `T`: the host's own representation
/// of it (a `u32` the host chooses, typically an index into its own table)
/// and whether it is owned or borrowed.
pub struct Resource<T> {
    pub(super) rep: u32,
    pub(super) own: bool,
    pub(super) _marker: PhantomData<fn() -> T>,
}

impl<T> Resource<T> {
    /// An owned handle to the host's resource `rep`.
    pub fn new_own(rep: u32) -> Resource<T> {
        Resource {
            rep,
            own: true,
            _marker: PhantomData,
        }
    }

    /// A borrowed handle to the host's resource `rep`.
    pub fn new_borrow(rep: u32) -> Resource<T> {
        Resource {
            rep,
            own: false,
            _marker: PhantomData,
        }
    }

    /// The host's representation.
    pub fn rep(&self) -> u32 {
        self.rep
    }

    /// Whether the handle owns the resource.
    pub fn owned(&self) -> bool {
        self.own
    }
}

impl<T> Clone for Resource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Resource<T> {}

impl<T> std::fmt::Debug for Resource<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resource")
            .field("type", &std::any::type_name::<T>())
            .field("rep", &self.rep)
            .field("own", &self.own)
            .finish()
    }
}

impl<T> PartialEq for Resource<T> {
    fn eq(&self, other: &Self) -> bool {
        self.rep == other.rep && self.own == other.own
    }
}

impl<T> Eq for Resource<T> {}

impl<T> std::hash::Hash for Resource<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.rep, self.own).hash(state);
    }
}
