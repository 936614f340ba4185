//! [`Global`]: a global in a store, read and written as a [`Val`].

use crate::store::{AsContext, AsContextMut, StoreOpaque};
use crate::values::Val;
use crate::vm::vmctx::VMGlobalDefinition;
use crate::StoreId;
use anyhow::{bail, Result};
use hoist_environ::types::{GlobalType, Mutability};

/// A global in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Global {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Global {
    /// A new global of type `ty` holding `value`.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, value: Val) -> Result<Global> {
        let s = &mut store.as_context_mut().inner.opaque;
        let raw = s.val_to_raw(&value, ty.content(), &|| {
            "the initial value of a global".to_string()
        })?;
        let mut def = Box::new(VMGlobalDefinition { value: raw });
        let ptr: *mut VMGlobalDefinition = &mut *def;
        s.host_globals.push(def);
        Ok(s.push_global(ptr, ty))
    }

    /// The global's type.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        let s = store.as_context();
        s.inner.opaque.check(self.store, "global");
        s.inner.opaque.globals[self.index as usize].ty
    }

    /// The current value.
    pub fn get(&self, mut store: impl AsContextMut) -> Val {
        let s = &mut store.as_context_mut().inner.opaque;
        s.check(self.store, "global");
        let g = &s.globals[self.index as usize];
        let (ty, def) = (g.ty, g.def);
        // SAFETY: `def` points at a global definition this store owns.
        let raw = unsafe { (*def).value };
        s.val_from_raw(raw, ty.content())
    }

    /// Sets the value; fails for immutable globals and mistyped values.
    pub fn set(&self, mut store: impl AsContextMut, value: Val) -> Result<()> {
        let s = &mut store.as_context_mut().inner.opaque;
        s.check(self.store, "global");
        let g = &s.globals[self.index as usize];
        let (ty, def) = (g.ty, g.def);
        if ty.mutability() == Mutability::Const {
            bail!("cannot set an immutable global of type `{ty}`");
        }
        let raw = s.val_to_raw(&value, ty.content(), &|| {
            "the new value of a global".to_string()
        })?;
        // SAFETY: as in `get`.
        unsafe { (*def).value = raw };
        Ok(())
    }

    pub(crate) fn vm(&self, s: &StoreOpaque) -> *mut VMGlobalDefinition {
        s.check(self.store, "global");
        s.globals[self.index as usize].def
    }
}

impl StoreOpaque {
    pub(crate) fn push_global(&mut self, def: *mut VMGlobalDefinition, ty: GlobalType) -> Global {
        self.globals.push(crate::store::GlobalEntry { def, ty });
        Global {
            store: self.id,
            index: self.globals.len() as u32 - 1,
        }
    }
}
