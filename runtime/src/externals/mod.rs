//! The store-owned definitions other than functions, one file per kind
//! (`memory`: [`Memory`], `global`: [`Global`], `table`: [`Table`]), and
//! here [`Extern`], the sum of all four kinds with functions.
//!
//! Each handle is a `(store id, index)` pair into the store's lists; the data
//! itself is in `vm::memory`, `vm::table` and `vm::vmctx`.

use crate::store::{AsContext, StoreOpaque};
use crate::Func;
use hoist_environ::types::{ExternType, MemoryType, TableType};

mod global;
mod memory;
mod table;

pub use global::Global;
pub use memory::Memory;
pub use table::Table;

/// Anything that can be imported or exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A global.
    Global(Global),
    /// A table.
    Table(Table),
    /// A memory.
    Memory(Memory),
}

impl Extern {
    /// The function, if this is one.
    pub fn into_func(self) -> Option<Func> {
        if let Extern::Func(f) = self {
            Some(f)
        } else {
            None
        }
    }
    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<Memory> {
        if let Extern::Memory(m) = self {
            Some(m)
        } else {
            None
        }
    }
    /// The global, if this is one.
    pub fn into_global(self) -> Option<Global> {
        if let Extern::Global(g) = self {
            Some(g)
        } else {
            None
        }
    }
    /// The table, if this is one.
    pub fn into_table(self) -> Option<Table> {
        if let Extern::Table(t) = self {
            Some(t)
        } else {
            None
        }
    }
    /// The type of the definition.
    pub fn ty(&self, store: impl AsContext) -> ExternType {
        self.ty_in(&store.as_context().inner.opaque)
    }

    pub(crate) fn ty_in(&self, s: &StoreOpaque) -> ExternType {
        match self {
            Extern::Func(f) => {
                s.check(f.store, "function");
                ExternType::Func(s.funcs[f.index as usize].ty.clone())
            }
            Extern::Global(g) => {
                s.check(g.store, "global");
                ExternType::Global(s.globals[g.index as usize].ty)
            }
            Extern::Table(t) => {
                let vm = t.get_vm(s);
                ExternType::Table(TableType::new(
                    vm.ty().element(),
                    vm.size(),
                    vm.ty().maximum(),
                ))
            }
            Extern::Memory(m) => {
                let vm = m.get(s);
                ExternType::Memory(MemoryType::from_limits(vm.pages(), vm.ty().maximum()))
            }
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Extern {
        Extern::Func(f)
    }
}
impl From<Memory> for Extern {
    fn from(m: Memory) -> Extern {
        Extern::Memory(m)
    }
}
impl From<Global> for Extern {
    fn from(g: Global) -> Extern {
        Extern::Global(g)
    }
}
impl From<Table> for Extern {
    fn from(t: Table) -> Extern {
        Extern::Table(t)
    }
}
