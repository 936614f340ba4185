//! [`VMHostFuncContext`]: what a host function looks like to compiled code.
//!
//! A host function's `VMFuncRef` points at a host trampoline (compiled per
//! type, see `hoist_environ::trampolines`) and at this context as its vmctx. The
//! trampoline spills the arguments into a `ValRaw` array and calls
//! `array_call`, a Rust shim monomorphised for the closure (see `func`).

use super::vmctx::VMFuncRef;
use crate::values::ValRaw;
use std::any::Any;

/// The signature of a host function's array shim.
pub type ArrayCall = unsafe extern "C" fn(*mut VMHostFuncContext, *mut u8, *mut ValRaw, usize);

/// Magic number at the start of every host function context.
pub const HOST_CTX_MAGIC: u32 = u32::from_le_bytes(*b"hhfc");

/// A host function's context, owned (boxed) by its store.
#[repr(C)]
pub struct VMHostFuncContext {
    magic: u32,
    _pad: u32,
    /// The shim the host trampoline calls (offset `HOST_CTX_ARRAY_CALL`).
    pub array_call: ArrayCall,
    /// The reference handed to wasm; its vmctx is this context.
    pub funcref: VMFuncRef,
    /// The store (`StoreInner<T>`, erased) the function belongs to.
    pub store: *mut u8,
    /// The closure, cast back to its type by the shim that was made for it.
    pub data: *const u8,
    /// Owns what `data` points to.
    pub owner: Box<dyn Any + Send + Sync>,
    /// The function's type.
    pub ty: hoist_environ::types::FuncType,
}

impl VMHostFuncContext {
    /// A boxed context whose funcref points back at itself.
    pub fn new(
        array_call: ArrayCall,
        native_call: *const u8,
        type_id: u32,
        store: *mut u8,
        data: *const u8,
        owner: Box<dyn Any + Send + Sync>,
        ty: hoist_environ::types::FuncType,
    ) -> Box<VMHostFuncContext> {
        let mut ctx = Box::new(VMHostFuncContext {
            magic: HOST_CTX_MAGIC,
            _pad: 0,
            array_call,
            funcref: VMFuncRef {
                native_call,
                vmctx: std::ptr::null_mut(),
                type_id,
                _pad: 0,
            },
            store,
            data,
            owner,
            ty,
        });
        let me: *mut VMHostFuncContext = &mut *ctx;
        ctx.funcref.vmctx = me.cast();
        ctx
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn array_call_is_where_trampolines_read_it() {
        assert_eq!(
            std::mem::offset_of!(VMHostFuncContext, array_call) as u32,
            hoist_environ::offsets::HOST_CTX_ARRAY_CALL
        );
    }
}
