//! [`ResourceType`]: a resource type at run time (a host type, a type
//! defined by a component instance, or one made up for a missing import).

use crate::store::StoreId;
use std::any::TypeId;
use std::sync::atomic::{AtomicU64, Ordering};

/// A resource type at run time.
///
/// A host type is identified by its Rust type ([`ResourceType::host`]),
/// except those [`Linker::define_unknown_imports_as_traps`] makes up for
/// missing imports, each a type of its own; a type defined by a component
/// is made anew by each instantiation, so two instances of one component
/// have different resource types.
///
/// [`Linker::define_unknown_imports_as_traps`]: crate::component::Linker::define_unknown_imports_as_traps
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResourceType(pub(super) Kind);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Kind {
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
    /// the linker defines it with [`LinkerInstance::resource`](crate::component::LinkerInstance::resource).
    pub fn host<T: 'static>() -> ResourceType {
        ResourceType(Kind::Host(TypeId::of::<T>()))
    }

    /// A new host resource type, equal to no other: what
    /// [`Linker::define_unknown_imports_as_traps`](crate::component::Linker::define_unknown_imports_as_traps)
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
