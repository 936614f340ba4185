//! The per-store state of component instances and component functions, kept
//! in `StoreOpaque::components`, and [`StoreMemory`], the bridge that lets the
//! canonical ABI read a guest's memory and call its `realloc` through a store.

use super::abi::{AbiOptions, FuncAbi, GuestMemory};
use super::translate::Lifted;
use super::Component;
use crate::store::StoreOpaque;
use crate::{Memory, ValRaw};
use anyhow::{anyhow, Result};
use std::collections::HashMap;
use std::sync::Arc;

/// All component state of one store.
#[derive(Default)]
pub struct ComponentStore {
    pub(crate) instances: Vec<InstanceData>,
    pub(crate) funcs: Vec<FuncData>,
}

/// One component instance.
pub(crate) struct InstanceData {
    pub component: Component,
    pub core: Vec<crate::Instance>,
    pub lowered: Vec<Option<crate::Func>>,
    pub scopes: Vec<ScopeFlags>,
    /// Component functions already made for a `Lifted` (by its address).
    pub funcs: HashMap<usize, u32>,
    /// The core modules among the imports, for exports that re-export them.
    pub imported_modules: Vec<(super::translate::ImportPath, crate::Module)>,
}

/// The flags of one component instance (scope) of the spec.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScopeFlags {
    /// Cleared while a call into the instance runs (until `post_return`) and
    /// for good after a trap.
    pub may_enter: bool,
    /// Set after a trap: every later call fails.
    pub poisoned: bool,
    /// The function whose `post_return` is due, if any.
    pub pending: Option<u32>,
}

impl Default for ScopeFlags {
    fn default() -> Self {
        ScopeFlags {
            may_enter: true,
            poisoned: false,
            pending: None,
        }
    }
}

/// Canonical options resolved to store handles.
#[derive(Clone, Debug, Default)]
pub(crate) struct ResolvedOptions {
    pub memory: Option<Memory>,
    pub realloc: Option<crate::Func>,
    pub post_return: Option<crate::Func>,
    pub abi: AbiOptions,
}

/// One lifted function made callable.
pub(crate) struct FuncData {
    pub instance: u32,
    pub lifted: Arc<Lifted>,
    pub abi: Arc<FuncAbi>,
    pub core: crate::Func,
    pub opts: ResolvedOptions,
    /// The core result of the last call, for `post-return` (a lifted core
    /// function returns at most one value: the result, or a pointer to the
    /// spilled results).
    pub last_result: Option<ValRaw>,
}

/// A guest's memory and `realloc` reached through the store.
pub(crate) struct StoreMemory<'a> {
    pub store: &'a mut StoreOpaque,
    pub memory: Option<Memory>,
    pub realloc: Option<crate::Func>,
}

impl<'a> StoreMemory<'a> {
    /// The memory and realloc of `opts` in `store`.
    pub fn new(store: &'a mut StoreOpaque, opts: &ResolvedOptions) -> StoreMemory<'a> {
        StoreMemory {
            store,
            memory: opts.memory,
            realloc: opts.realloc,
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
        let mut vals = [
            ValRaw::i32(old_ptr as i32),
            ValRaw::i32(old_size as i32),
            ValRaw::i32(align as i32),
            ValRaw::i32(new_size as i32),
        ];
        f.call_raw(self.store, &mut vals)?;
        Ok(vals[0].get_i32() as u32)
    }
}
