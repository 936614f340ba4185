//! [`ResourceTable`]: where a host keeps the values behind the resources it
//! hands to guests, so that a [`Resource<T>`]'s representation finds its `T`.
//!
//! Only the host's side lives here: the guests' handle tables, and the
//! moving of handles in and out of them, are in `resources`.

use super::resources::Resource;
use anyhow::{anyhow, bail, Result};
use std::any::{type_name, Any};

/// One slot: a value and its type's name (for messages), or the next free
/// slot.
enum Slot {
    Full {
        value: Box<dyn Any + Send + Sync>,
        type_name: &'static str,
    },
    Free {
        next: Option<u32>,
    },
}

/// A table of host values of any types, each reached through the
/// [`Resource<T>`] that [`push`](ResourceTable::push) returned: the handle's
/// representation is the value's slot, so a host function receiving a
/// handle from a guest looks the value up with [`get`](ResourceTable::get).
///
/// A handle of the wrong type, or one whose value was deleted, gives an
/// error, never another value of a different type. Deleted slots are
/// reused, so a handle kept after its value was deleted may find a newer
/// value of the same type: delete a value when the guest drops its last
/// handle (the linker's destructor for the resource type), as below.
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine, Store};
/// use hoist_runtime::component::{Component, Linker, Resource, ResourceTable, ResourceType};
///
/// struct Counter(u32);
///
/// let engine = Engine::default();
/// let component = Component::new(&engine, r#"(component
///     (import "counter" (type $c (sub resource)))
///     (import "make" (func $make (param "v" u32) (result (own $c))))
///     (import "bump" (func $bump (param "c" (borrow $c)) (result u32)))
///     (core func $make' (canon lower (func $make)))
///     (core func $bump' (canon lower (func $bump)))
///     (core func $drop (canon resource.drop $c))
///     (core module $m
///         (import "" "make" (func $make (param i32) (result i32)))
///         (import "" "bump" (func $bump (param i32) (result i32)))
///         (import "" "drop" (func $drop (param i32)))
///         (func (export "run") (param i32) (result i32) (local $c i32) (local $r i32)
///             local.get 0 call $make local.set $c
///             local.get $c call $bump drop
///             local.get $c call $bump local.set $r
///             local.get $c call $drop
///             local.get $r))
///     (core instance $i (instantiate $m (with "" (instance
///         (export "make" (func $make')) (export "bump" (func $bump'))
///         (export "drop" (func $drop))))))
///     (func (export "run") (param "v" u32) (result u32)
///         (canon lift (core func $i "run"))))"#)?;
///
/// let mut linker = Linker::<ResourceTable>::new(&engine);
/// let mut root = linker.root();
/// root.resource("counter", ResourceType::host::<Counter>(), |mut store, rep| {
///     // The guest dropped its handle: the value goes.
///     store.data_mut().delete(Resource::<Counter>::new_own(rep))?;
///     Ok(())
/// })?;
/// root.func_wrap("make", |mut store, (v,): (u32,)| Ok((store.data_mut().push(Counter(v))?,)))?;
/// root.func_wrap("bump", |mut store, (c,): (Resource<Counter>,)| {
///     let counter = store.data_mut().get_mut(&c)?;
///     counter.0 += 1;
///     Ok((counter.0,))
/// })?;
///
/// let mut store = Store::new(&engine, ResourceTable::new());
/// let instance = linker.instantiate(&mut store, &component)?;
/// let run = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "run")?;
/// assert_eq!(run.call(&mut store, (40,))?, (42,));
/// assert!(store.data().is_empty());
/// # Ok(()) }
/// ```
#[derive(Default)]
pub struct ResourceTable {
    slots: Vec<Slot>,
    free: Option<u32>,
    len: usize,
}

impl std::fmt::Debug for ResourceTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResourceTable")
            .field("len", &self.len)
            .field("capacity", &self.slots.len())
            .finish()
    }
}

impl ResourceTable {
    /// An empty table.
    pub fn new() -> ResourceTable {
        ResourceTable::default()
    }

    /// How many values the table holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the table holds no value.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Stores `value` and returns an owned handle to it. Fails only when
    /// the table already holds `u32::MAX` values.
    pub fn push<T: Send + Sync + 'static>(&mut self, value: T) -> Result<Resource<T>> {
        let full = Slot::Full {
            value: Box::new(value),
            type_name: type_name::<T>(),
        };
        let index = match self.free {
            Some(i) => {
                let slot = &mut self.slots[i as usize];
                let Slot::Free { next } = *slot else {
                    bail!("the resource table's free list is corrupt at slot {i}");
                };
                self.free = next;
                *slot = full;
                i
            }
            None => {
                let i = u32::try_from(self.slots.len())
                    .ok()
                    .filter(|i| *i < u32::MAX)
                    .ok_or_else(|| anyhow!("the resource table is full ({} values)", self.len))?;
                self.slots.push(full);
                i
            }
        };
        self.len += 1;
        Ok(Resource::new_own(index))
    }

    /// The value in slot `rep`, if it is a `T`.
    fn value<T: 'static>(&self, rep: u32) -> Result<&T> {
        match self.slots.get(rep as usize) {
            Some(Slot::Full { value, type_name }) => value
                .downcast_ref()
                .ok_or_else(|| wrong_type::<T>(rep, type_name)),
            _ => Err(missing::<T>(rep)),
        }
    }

    /// The value behind `resource` (an owned or a borrowed handle).
    pub fn get<T: 'static>(&self, resource: &Resource<T>) -> Result<&T> {
        self.value(resource.rep())
    }

    /// The value behind `resource`, to change it.
    pub fn get_mut<T: 'static>(&mut self, resource: &Resource<T>) -> Result<&mut T> {
        let rep = resource.rep();
        match self.slots.get_mut(rep as usize) {
            Some(Slot::Full { value, type_name }) => {
                let type_name = *type_name;
                value
                    .downcast_mut()
                    .ok_or_else(|| wrong_type::<T>(rep, type_name))
            }
            _ => Err(missing::<T>(rep)),
        }
    }

    /// Removes the value behind `resource` and returns it; its slot is
    /// reused by a later [`push`](ResourceTable::push). Only an owned
    /// handle deletes: a borrowed one is an error, as the owner still uses
    /// the value.
    pub fn delete<T: 'static>(&mut self, resource: Resource<T>) -> Result<T> {
        let rep = resource.rep();
        self.value::<T>(rep)?;
        if !resource.owned() {
            bail!(
                "resource {rep} (a `{}`) cannot be deleted through a borrowed handle",
                type_name::<T>()
            );
        }
        let slot = std::mem::replace(
            &mut self.slots[rep as usize],
            Slot::Free { next: self.free },
        );
        self.free = Some(rep);
        self.len -= 1;
        match slot {
            Slot::Full { value, type_name } => value
                .downcast()
                .map(|b| *b)
                .map_err(|_| wrong_type::<T>(rep, type_name)),
            Slot::Free { .. } => Err(missing::<T>(rep)),
        }
    }
}

fn wrong_type<T>(rep: u32, found: &str) -> anyhow::Error {
    anyhow!(
        "resource {rep} holds a `{found}`, not the `{}` the handle names",
        type_name::<T>()
    )
}

fn missing<T>(rep: u32) -> anyhow::Error {
    anyhow!(
        "resource {rep} (a `{}`) is not in the table: it was deleted or never pushed",
        type_name::<T>()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_several_types_come_back_by_handle() {
        let mut t = ResourceTable::new();
        let a = t.push(String::from("a")).unwrap();
        let b = t.push(7u64).unwrap();
        assert!(a.owned());
        assert_eq!(t.len(), 2);
        assert_eq!(t.get(&a).unwrap(), "a");
        *t.get_mut(&b).unwrap() += 1;
        assert_eq!(*t.get(&Resource::<u64>::new_borrow(b.rep())).unwrap(), 8);
        assert_eq!(t.delete(b).unwrap(), 8);
        assert_eq!(t.delete(a).unwrap(), "a");
        assert!(t.is_empty());
    }

    #[test]
    fn a_handle_of_the_wrong_type_or_a_deleted_value_is_an_error() {
        let mut t = ResourceTable::new();
        let a = t.push(1u32).unwrap();
        let wrong = Resource::<String>::new_own(a.rep());
        let e = t.get(&wrong).unwrap_err().to_string();
        assert!(e.contains("holds a `u32`") && e.contains("String"), "{e}");
        assert!(t.delete(wrong).is_err());
        assert_eq!(t.len(), 1, "a failed delete removes nothing");
        let e = t.delete(Resource::<u32>::new_borrow(a.rep())).unwrap_err();
        assert!(e.to_string().contains("borrowed handle"), "{e}");
        assert_eq!(t.len(), 1, "a borrow deletes nothing");
        t.delete(a).unwrap();
        let e = t.get(&a).unwrap_err().to_string();
        assert!(e.contains("not in the table"), "{e}");
        assert!(t.get_mut(&a).is_err());
        assert!(t.delete(a).is_err());
        assert!(t.get(&Resource::<u32>::new_own(99)).is_err());
    }

    #[test]
    fn deleted_slots_are_reused_last_freed_first() {
        let mut t = ResourceTable::new();
        let h: Vec<_> = (0..4u32).map(|i| t.push(i).unwrap()).collect();
        t.delete(h[1]).unwrap();
        t.delete(h[3]).unwrap();
        assert_eq!(t.push(10u32).unwrap().rep(), 3);
        assert_eq!(t.push(11u32).unwrap().rep(), 1);
        assert_eq!(t.push(12u32).unwrap().rep(), 4);
        assert_eq!(t.len(), 5);
        assert_eq!(*t.get(&h[0]).unwrap(), 0);
        assert_eq!(*t.get(&Resource::<u32>::new_own(1)).unwrap(), 11);
    }
}
