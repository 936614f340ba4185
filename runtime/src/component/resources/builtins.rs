//! The built-ins `resource.new`, `resource.rep` and `resource.drop`, as
//! functions of the store (`instance.rs` makes them into core functions).

use super::*;
use crate::component::store::ScopeId;
use crate::component::types::ResourceIndex;
use crate::store::{StoreInner, StoreOpaque};
use anyhow::Result;

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
