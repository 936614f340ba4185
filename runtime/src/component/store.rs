//! The per-store state of component instances and component functions, kept
//! in `StoreOpaque::components`, and [`StoreMemory`], the bridge that lets the
//! canonical ABI read a guest's memory and call its `realloc` through a store.
//!
//! The instance state of the spec lives here, and only here: every component
//! instance of the spec (a *scope*: the root of an instantiation, or a nested
//! component instance inside it) of every instance in the store has its
//! [`ScopeFlags`] in one table, [`Scopes`], addressed by [`ScopeId`].
//! [`Scopes::try_enter`] and [`Scopes::leave`] apply a call's entering set,
//! precomputed at translation time, to it (the spec's `may_enter_from`,
//! `enter_from` and `leave_to`), and [`ComponentStore::why_not_enter`] says
//! why a call was refused. [`Scopes::check_may_leave`] and
//! [`call_without_leaving`] are the two halves of `may_leave`. Which calls do
//! what is `func.rs` and `lowered.rs`.

use super::abi::{AbiOptions, FuncAbi, GuestMemory};
use super::translate::Lifted;
use super::Component;
use crate::store::StoreOpaque;
use crate::{Memory, Trap};
use anyhow::{anyhow, Result};
use std::sync::Arc;

/// All component state of one store.
#[derive(Default)]
pub struct ComponentStore {
    pub(crate) instances: Vec<InstanceData>,
    pub(crate) funcs: Vec<FuncData>,
    /// The flags of every scope of every instance.
    pub(crate) scopes: Scopes,
    /// The handle table of every scope, by `ScopeId` (grown on first use).
    pub(crate) tables: Vec<super::resources::HandleTable>,
    /// The handles the host holds.
    pub(crate) host_handles: super::resources::HostHandles,
    /// The destructors of host resource types, as the linkers gave them.
    pub(crate) host_dtors: Vec<(super::ResourceType, super::resources::Dtor)>,
    /// For each call from the host (or another component) in progress,
    /// innermost last: how many borrowed handles its callee still holds.
    pub(crate) tasks: Vec<u32>,
}

/// Runs `call`, a call of a core function of `scope` for the canonical ABI
/// itself (its `realloc` or its `post-return`), with the scope's
/// `may_leave` cleared, so that an import it calls traps; the flag is set
/// again whatever the outcome. (It was set before: such calls never nest,
/// since nothing can be called from inside them.)
#[inline]
pub(crate) fn call_without_leaving<R>(
    store: &mut StoreOpaque,
    scope: ScopeId,
    call: impl FnOnce(&mut StoreOpaque) -> R,
) -> R {
    store.components.scopes.get_mut(scope).may_leave = false;
    let result = call(store);
    store.components.scopes.get_mut(scope).may_leave = true;
    result
}

/// One component instance.
pub(crate) struct InstanceData {
    pub component: Component,
    pub core: Vec<crate::Instance>,
    pub lowered: Vec<Option<crate::Func>>,
    /// The [`ScopeId`] of the root scope; scope `i` of the translation is
    /// `scope_base + i`.
    pub scope_base: ScopeId,
    /// Component functions already made for a `Lifted` (by its address).
    pub funcs: rustc_hash::FxHashMap<usize, u32>,
    /// The core modules among the imports, for exports that re-export them.
    pub imported_modules: Arc<[(super::translate::ImportPath, crate::Module)]>,
    /// The component's resource types as this instance has them.
    pub resources: Vec<super::resources::InstanceResource>,
}

impl InstanceData {
    /// The store-wide id of scope `scope` of the translation.
    pub fn scope(&self, scope: u32) -> ScopeId {
        ScopeId(self.scope_base.0 + scope)
    }

    /// The store-wide ids of the translation's scopes `scopes`.
    pub fn scope_ids(&self, scopes: &[u32]) -> Box<[ScopeId]> {
        scopes.iter().map(|s| self.scope(*s)).collect()
    }
}

/// One component instance of the spec in a store: an index into [`Scopes`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ScopeId(pub u32);

/// The flags of one component instance (scope) of the spec.
///
/// `may_enter` is false whenever the scope is entered (by a running call,
/// its `post-return` included) or poisoned; so a call checks `may_enter` of
/// the scopes it enters on its fast path, and looks at the rest only to say
/// why it may not enter ([`ComponentStore::why_not_enter`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScopeFlags {
    /// Cleared while a call that enters the scope runs (until its
    /// `post-return` has run), and for good after a trap.
    pub may_enter: bool,
    /// Cleared while the scope's `realloc` or `post-return` runs: they may
    /// not call imports.
    pub may_leave: bool,
    /// Set after a trap: every later call fails.
    pub poisoned: bool,
}

impl Default for ScopeFlags {
    fn default() -> Self {
        ScopeFlags {
            may_enter: true,
            may_leave: true,
            poisoned: false,
        }
    }
}

/// The flags of every scope in a store, each instance's scopes side by side.
#[derive(Default)]
pub(crate) struct Scopes(Vec<ScopeFlags>);

impl Scopes {
    /// Adds `n` fresh scopes and returns the id of the first.
    pub fn add(&mut self, n: u32) -> ScopeId {
        let first = ScopeId(self.0.len() as u32);
        self.0
            .resize(self.0.len() + n as usize, ScopeFlags::default());
        first
    }

    /// The flags of `scope`.
    pub fn get_mut(&mut self, scope: ScopeId) -> &mut ScopeFlags {
        &mut self.0[scope.0 as usize]
    }

    fn get(&self, scope: ScopeId) -> &ScopeFlags {
        &self.0[scope.0 as usize]
    }

    /// Traps unless code of `scope` may call out of it: a lowered function
    /// (a host import, or another component's export) called from the
    /// scope's `realloc` or `post-return` traps (the spec's `canon_lower`:
    /// `trap_if(not inst.may_leave)`).
    #[inline]
    pub fn check_may_leave(&self, scope: ScopeId) -> Result<()> {
        if self.get(scope).may_leave {
            Ok(())
        } else {
            Err(cannot_leave())
        }
    }

    /// Enters the scopes `entering` for a call into a function of scope
    /// `callee` (the spec's `may_enter_from` and `enter_from`; see
    /// [`Lifted::entering_set`]), or returns false, changing nothing, if one
    /// of them may not be entered or the callee is poisoned. The callee is
    /// looked at apart because it is not in the set when the caller is
    /// inside it (donut wrapping).
    #[inline]
    pub fn try_enter(&mut self, callee: ScopeId, entering: &[ScopeId]) -> bool {
        if self.get(callee).poisoned {
            return false;
        }
        for (i, s) in entering.iter().enumerate() {
            let flags = self.get_mut(*s);
            if !flags.may_enter {
                // Undo: the scopes entered so far were enterable before.
                for s in &entering[..i] {
                    self.get_mut(*s).may_enter = true;
                }
                return false;
            }
            flags.may_enter = false;
        }
        true
    }

    /// Leaves the scopes `entering` again (the spec's `leave_to`), except
    /// poisoned ones, which stay closed.
    #[inline]
    pub fn leave(&mut self, entering: &[ScopeId]) {
        for s in entering {
            let flags = self.get_mut(*s);
            flags.may_enter = !flags.poisoned;
        }
    }
}

impl ComponentStore {
    /// Why a call into function `f` may not enter its scopes (`guest`, or
    /// for a call from the host `f`'s scope and its ancestors) when
    /// [`Scopes::try_enter`] refused, looking at `f`'s own scope first: a
    /// poisoned scope or a reentered one (a trap either way).
    #[cold]
    #[inline(never)]
    pub(crate) fn why_not_enter(&self, f: u32, guest: Option<&[ScopeId]>) -> anyhow::Error {
        let d = &self.funcs[f as usize];
        let (callee, entering) = (d.opts.scope, guest.unwrap_or(&d.entering));
        let flags = |s: ScopeId| self.scopes.get(s);
        let all = || std::iter::once(callee).chain(entering.iter().copied());
        let whose = |s: ScopeId| {
            if s == callee {
                "it"
            } else {
                "a component instance that contains it"
            }
        };
        let cannot_enter = |why: String| {
            anyhow::Error::new(Trap::CannotEnterComponent)
                .context(format!("cannot enter the component instance: {why}"))
        };
        if let Some(s) = all().find(|s| flags(*s).poisoned) {
            return cannot_enter(format!("{} trapped earlier", whose(s)));
        }
        let s = all().find(|s| !flags(*s).may_enter).unwrap_or(callee);
        let running = if s == callee {
            "it is already running"
        } else {
            "a component instance that contains it is running"
        };
        cannot_enter(format!("{running} (reentrance)"))
    }
}

/// The `may_leave` trap.
#[cold]
#[inline(never)]
fn cannot_leave() -> anyhow::Error {
    anyhow::Error::new(Trap::CannotLeaveComponent).context(
        "cannot leave the component instance: its `realloc` or `post-return` \
         is running, and they may not call imports",
    )
}

/// Canonical options resolved to store handles.
#[derive(Clone, Debug, Default)]
pub(crate) struct ResolvedOptions {
    /// The scope of the `canon lift` or `canon lower` that gave the options:
    /// the owner of `memory`, `realloc` and `post-return`.
    pub scope: ScopeId,
    /// The component instance (index in the store) the scope belongs to.
    pub instance: u32,
    pub memory: Option<Memory>,
    pub realloc: Option<crate::Func>,
    pub post_return: Option<crate::Func>,
    pub abi: AbiOptions,
}

/// One lifted function made callable.
pub(crate) struct FuncData {
    /// The scopes a call from the host enters ([`Lifted::entering_set`]);
    /// the function's own scope is `opts.scope`.
    pub entering: Box<[ScopeId]>,
    pub lifted: Arc<Lifted>,
    pub abi: Arc<FuncAbi>,
    pub core: crate::Func,
    pub opts: ResolvedOptions,
}

/// A guest's memory and `realloc` reached through the store.
pub(crate) struct StoreMemory<'a> {
    pub store: &'a mut StoreOpaque,
    pub memory: Option<Memory>,
    pub realloc: Option<crate::Func>,
    /// The scope `realloc` belongs to (its `may_leave` is cleared while it
    /// runs), whose handle table lowered handles go to.
    pub scope: ScopeId,
    /// The component instance of `scope`.
    pub instance: u32,
}

impl<'a> StoreMemory<'a> {
    /// The memory and realloc of `opts` in `store`.
    pub fn new(store: &'a mut StoreOpaque, opts: &ResolvedOptions) -> StoreMemory<'a> {
        StoreMemory {
            store,
            memory: opts.memory,
            realloc: opts.realloc,
            scope: opts.scope,
            instance: opts.instance,
        }
    }
}

/// The bytes of `memory` (empty when there is none).
pub(crate) fn memory_bytes(store: &StoreOpaque, memory: Option<Memory>) -> &[u8] {
    match memory {
        Some(m) => store.memories[m.index as usize].data(),
        None => &[],
    }
}

impl GuestMemory for StoreMemory<'_> {
    fn bytes(&self) -> &[u8] {
        memory_bytes(self.store, self.memory)
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        match self.memory {
            Some(m) => self.store.memories[m.index as usize].data_mut(),
            None => &mut [],
        }
    }

    fn realloc(&mut self, old_ptr: u32, old_size: u32, align: u32, new_size: u32) -> Result<u32> {
        let f = self.realloc.ok_or_else(|| {
            anyhow!("the canonical ABI needs to allocate, but no `realloc` option was given")
        })?;
        // Validation made `realloc` a `(i32, i32, i32, i32) -> i32`
        // function: it is called natively, without a trampoline.
        let f = crate::TypedFunc::<(i32, i32, i32, i32), i32>::new_unchecked(f);
        let args = (
            old_ptr as i32,
            old_size as i32,
            align as i32,
            new_size as i32,
        );
        let ptr = call_without_leaving(self.store, self.scope, |s| f.call_opaque(s, args))?;
        Ok(ptr as u32)
    }

    fn lower_handle(
        &mut self,
        r: &super::ResourceAny,
        ty: super::ResourceIndex,
        own: bool,
    ) -> Result<u32> {
        let store = self.store.id;
        let mut cx = super::resources::ResourceCx {
            components: &mut self.store.components,
            store,
            instance: self.instance,
            scope: self.scope,
            lenders: Vec::new(),
            host_borrows: Vec::new(),
        };
        if own {
            cx.lower_own(r, ty)
        } else {
            cx.lower_borrow(r, ty)
        }
    }

    fn host_handle(
        &mut self,
        ty: super::ResourceType,
        rep: u32,
        own: bool,
    ) -> Result<super::ResourceAny> {
        let id = self.store.id;
        Ok(self.store.components.host_handles.insert(id, ty, rep, own))
    }
}
