//! The typed API of resources: [`ResourceAny`] (a handle to a resource of
//! any type) and [`Resource<T>`] (a handle to a host resource of type `T`)
//! as parameters and results of typed calls and typed host functions.
//!
//! Both stand for `own<R>` and `borrow<R>` alike; the handle's own
//! ownership and the resource type are checked when it is lowered (a
//! borrowed handle cannot go where an `own` is expected, a handle of another
//! type is refused). The handle tables themselves are `component::resources`.

use super::context::{array, LiftContext, LowerContext};
use super::traits::{mismatch, wrong_slots, ComponentType, Lift, Lower};
use crate::component::resources::{Resource, ResourceAny};
use crate::component::types::{ResourceIndex, Type};
use crate::ValRaw;
use anyhow::{bail, Result};

/// The resource type and ownership of handle type `ty`.
fn handle_type<T>(ty: &Type) -> Result<(ResourceIndex, bool)> {
    match ty {
        Type::Own(r) => Ok((*r, true)),
        Type::Borrow(r) => Ok((*r, false)),
        _ => Err(mismatch::<T>(ty)),
    }
}

fn one(ty: &Type, src: &[ValRaw]) -> Result<u32> {
    match src {
        [v] => Ok(v.get_i32() as u32),
        _ => Err(wrong_slots(ty, src.len())),
    }
}

impl ComponentType for ResourceAny {
    fn typecheck(ty: &Type) -> Result<()> {
        handle_type::<Self>(ty).map(drop)
    }
}

impl Lower for ResourceAny {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        let (r, own) = handle_type::<Self>(ty)?;
        let [slot] = dst else {
            return Err(wrong_slots(ty, dst.len()));
        };
        *slot = ValRaw::i32(cx.lower_handle(self, r, own)? as i32);
        Ok(())
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        let (r, own) = handle_type::<Self>(ty)?;
        let index = cx.lower_handle(self, r, own)?;
        cx.write(offset, index.to_le_bytes())
    }
}

impl Lift for ResourceAny {
    fn lift(cx: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        let (r, own) = handle_type::<Self>(ty)?;
        cx.lift_handle(one(ty, src)?, r, own)
    }

    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        let (r, own) = handle_type::<Self>(ty)?;
        cx.lift_handle(u32::from_le_bytes(array(bytes)?), r, own)
    }
}

/// A host resource crosses as a [`ResourceAny`] of its host type, made
/// for the crossing and ended by it.
impl<T: 'static> ComponentType for Resource<T> {
    fn typecheck(ty: &Type) -> Result<()> {
        handle_type::<Self>(ty).map(drop)
    }
}

impl<T: 'static> Lower for Resource<T> {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        let any = cx.host_handle(*self)?;
        any.lower(cx, ty, dst)
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        let any = cx.host_handle(*self)?;
        any.store(cx, ty, offset)
    }
}

impl<T: 'static> Lift for Resource<T> {
    fn lift(cx: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        let any = ResourceAny::lift(cx, ty, src)?;
        cx.host_resource(any)
    }

    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        let any = ResourceAny::load(cx, ty, bytes)?;
        cx.host_resource(any)
    }
}

impl LowerContext<'_> {
    /// A host-held handle for `r`, to lower.
    fn host_handle<T: 'static>(&mut self, r: Resource<T>) -> Result<ResourceAny> {
        self.memory().host_handle(
            crate::component::ResourceType::host::<T>(),
            r.rep(),
            r.owned(),
        )
    }
}

impl LiftContext<'_> {
    /// The host resource behind the lifted handle `any`.
    fn host_resource<T: 'static>(&self, any: ResourceAny) -> Result<Resource<T>> {
        if any.ty() != crate::component::ResourceType::host::<T>() {
            bail!(
                "expected a handle to a host resource of type `{}`, found one of another resource type",
                std::any::type_name::<T>()
            );
        }
        let rep = self.take_host_handle(&any)?;
        Ok(if any.owned() {
            Resource::new_own(rep)
        } else {
            Resource::new_borrow(rep)
        })
    }
}
