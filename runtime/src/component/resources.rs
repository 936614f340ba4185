//! Resources: run-time resource types ([`ResourceType`]), the handle table of
//! each component instance (the spec's `handles` table of `ResourceHandle`s),
//! the handles the host holds ([`ResourceAny`] for any resource,
//! [`Resource`] for the host's own types), and the moves of handles that
//! lifting and lowering `own` and `borrow` make ([`ResourceCx`]).
//!
//! The built-ins `resource.new`, `resource.drop` and `resource.rep` are
//! here too, as functions of the store; `instance.rs` makes them into core
//! functions. Which resource types a component has is decided at compile
//! time (`translate/`); what an instance's are at run time is in
//! `store::InstanceData::resources`.

use super::abi::lift::LiftHandles;
use super::store::{ComponentStore, ResolvedOptions, ScopeId};
use super::types::ResourceIndex;
use crate::store::{AsContextMut, StoreContextMut, StoreId, StoreInner, StoreOpaque};
use crate::Trap;
use anyhow::{anyhow, bail, Result};
use std::any::TypeId;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The most handles one table holds (the spec's `Table.MAX_LENGTH`).
const MAX_HANDLES: usize = (1 << 28) - 1;

/// A resource type at run time.
///
/// A host type is identified by its Rust type ([`ResourceType::host`]),
/// except those [`Linker::define_unknown_imports_as_traps`] makes up for
/// missing imports, each a type of its own; a type defined by a component
/// is made anew by each instantiation, so two instances of one component
/// have different resource types.
///
/// [`Linker::define_unknown_imports_as_traps`]: super::Linker::define_unknown_imports_as_traps
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResourceType(Kind);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Host(TypeId),
    /// A host type with no Rust type behind it, each one different
    /// ([`ResourceType::fresh_host`]).
    Fresh(u64),
    Guest {
        store: StoreId,
        instance: u32,
        index: u32,
    },
}

impl ResourceType {
    /// The resource type of host type `T`, as a component imports it when
    /// the linker defines it with [`LinkerInstance::resource`](super::LinkerInstance::resource).
    pub fn host<T: 'static>() -> ResourceType {
        ResourceType(Kind::Host(TypeId::of::<T>()))
    }

    /// A new host resource type, equal to no other: what
    /// [`Linker::define_unknown_imports_as_traps`](super::Linker::define_unknown_imports_as_traps)
    /// gives each missing resource import.
    pub(crate) fn fresh_host() -> ResourceType {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        ResourceType(Kind::Fresh(NEXT.fetch_add(1, Ordering::Relaxed)))
    }

    /// Resource type `index` defined by component instance `instance`.
    pub(crate) fn guest(store: StoreId, instance: u32, index: u32) -> ResourceType {
        ResourceType(Kind::Guest {
            store,
            instance,
            index,
        })
    }

    pub(crate) fn is_host(&self) -> bool {
        matches!(self.0, Kind::Host(_) | Kind::Fresh(_))
    }
}

/// A handle in a component instance's table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Handle {
    pub ty: ResourceType,
    pub rep: u32,
    pub own: bool,
    /// For a borrow: the call (an index into `ComponentStore::tasks`) whose
    /// borrow count it holds.
    pub task: Option<usize>,
    /// How many calls this handle is lent to right now.
    pub lends: u32,
}

/// One component instance's handles (the spec's `Table`): index 0 is never
/// used, freed indices are reused last-in first-out.
#[derive(Default, Debug)]
pub(crate) struct HandleTable {
    slots: Vec<Option<Handle>>,
    free: Vec<u32>,
}

impl HandleTable {
    fn get_mut(&mut self, index: u32) -> Result<&mut Handle> {
        match self.slots.get_mut(index as usize) {
            Some(Some(h)) => Ok(h),
            _ => Err(bad(format!("unknown handle index {index}"))),
        }
    }

    fn add(&mut self, h: Handle) -> Result<u32> {
        if self.slots.is_empty() {
            self.slots.push(None);
        }
        if let Some(i) = self.free.pop() {
            self.slots[i as usize] = Some(h);
            return Ok(i);
        }
        let i = self.slots.len();
        if i > MAX_HANDLES {
            return Err(super::abi::trap(
                Trap::InvalidCanonicalValue,
                "the handle table is full",
            ));
        }
        self.slots.push(Some(h));
        Ok(i as u32)
    }

    fn remove(&mut self, index: u32) -> Result<Handle> {
        let h = *self.get_mut(index)?;
        self.slots[index as usize] = None;
        self.free.push(index);
        Ok(h)
    }
}

/// A trap for a misused handle ([`Trap::InvalidHandle`]), with what was
/// wrong.
fn bad(why: String) -> anyhow::Error {
    super::abi::trap(Trap::InvalidHandle, why)
}

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
    store: StoreId,
    index: u32,
    generation: u32,
    ty: ResourceType,
    own: bool,
}

/// A slot of the store's table of host-held handles.
#[derive(Default)]
pub(crate) struct HostSlot {
    generation: u32,
    rep: Option<u32>,
}

/// The store's handles held by the host.
#[derive(Default)]
pub(crate) struct HostHandles {
    slots: Vec<HostSlot>,
    free: Vec<u32>,
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
    fn rep(&self, r: &ResourceAny) -> Result<u32> {
        match self.slots.get(r.index as usize) {
            Some(s) if s.generation == r.generation => s.rep.ok_or_else(dead),
            _ => Err(dead()),
        }
    }

    /// Ends handle `r` if it is still live: a borrow that typed lifting
    /// already ended is left alone, with no error built (this runs after
    /// every host call that borrowed a handle).
    fn end_if_live(&mut self, r: &ResourceAny) {
        let live = matches!(
            self.slots.get(r.index as usize),
            Some(s) if s.generation == r.generation && s.rep.is_some()
        );
        if live {
            let _ = self.take(r);
        }
    }

    /// Ends handle `r`, returning its representation.
    fn take(&mut self, r: &ResourceAny) -> Result<u32> {
        let rep = self.rep(r)?;
        let slot = &mut self.slots[r.index as usize];
        slot.rep = None;
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(r.index);
        Ok(rep)
    }
}

fn dead() -> anyhow::Error {
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
    rep: u32,
    own: bool,
    _marker: PhantomData<fn() -> T>,
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
            let enter = data.scope_ids(&super::translate::entering_set(parents, local, caller));
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
    /// [`Lifted::passes_borrows`]: super::translate::Lifted::passes_borrows
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

/// `canon resource.new`: a new owned handle to `rep` in `scope`'s table.
pub(crate) fn resource_new(
    s: &mut StoreOpaque,
    instance: u32,
    scope: ScopeId,
    ty: ResourceIndex,
    rep: u32,
) -> Result<u32> {
    s.components.scopes.check_may_leave(scope)?;
    let rt = s.components.instances[instance as usize].resources[ty.index() as usize].ty;
    s.components.table(scope).add(Handle {
        ty: rt,
        rep,
        own: true,
        task: None,
        lends: 0,
    })
}

/// `canon resource.rep`: the representation behind handle `index`.
pub(crate) fn resource_rep(
    s: &mut StoreOpaque,
    instance: u32,
    scope: ScopeId,
    ty: ResourceIndex,
    index: u32,
) -> Result<u32> {
    let rt = s.components.instances[instance as usize].resources[ty.index() as usize].ty;
    let h = *s.components.table(scope).get_mut(index)?;
    if h.ty != rt {
        return Err(bad(format!("handle {index} is of another resource type")));
    }
    Ok(h.rep)
}

/// `canon resource.drop`: ends handle `index`; an owned one runs the
/// type's destructor, a borrowed one gives its call's borrow back.
pub(crate) fn resource_drop<T: 'static>(
    store: &mut StoreInner<T>,
    instance: u32,
    scope: ScopeId,
    ty: ResourceIndex,
    index: u32,
) -> Result<()> {
    let s = &mut store.opaque;
    s.components.scopes.check_may_leave(scope)?;
    let res = &s.components.instances[instance as usize].resources[ty.index() as usize];
    let rt = res.ty;
    let table = s.components.table(scope);
    let h = *table.get_mut(index)?;
    if h.ty != rt {
        return Err(bad(format!("handle {index} is of another resource type")));
    }
    if h.lends != 0 {
        return Err(bad(format!(
            "handle {index} is lent to a call that has not returned"
        )));
    }
    table.remove(index)?;
    if !h.own {
        if let Some(t) = h.task {
            if let Some(n) = s.components.tasks.get_mut(t) {
                *n = n.saturating_sub(1);
            }
        }
        return Ok(());
    }
    let dtor = s.components.dtor_of(&rt);
    run_dtor(store, dtor, h.rep, Some(scope))
}

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

/// Handles lent to a call in progress (see [`ResourceCx::take_loans`]).
#[derive(Default)]
pub(crate) struct Loans {
    lenders: Vec<(ScopeId, u32)>,
    host_borrows: Vec<ResourceAny>,
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
