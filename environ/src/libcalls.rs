//! The libcalls that compiled code reaches through the vmctx's libcall table:
//! their indices and Cranelift signatures.
//!
//! The Rust functions themselves live in `vm::libcalls`, which builds the table
//! in the order of [`Libcall::ALL`]. Every libcall takes the caller's vmctx first.

use cranelift_codegen::ir::{types, AbiParam, Signature, Type};
use cranelift_codegen::isa::CallConv;

/// A runtime function that compiled code calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Libcall {
    /// `(vmctx, memory, delta) -> old pages or -1`
    MemoryGrow,
    /// `(vmctx, memory, dst, value, len)`
    MemoryFill,
    /// `(vmctx, dst memory, dst, src memory, src, len)`
    MemoryCopy,
    /// `(vmctx, memory, data, dst, src, len)`
    MemoryInit,
    /// `(vmctx, data)`
    DataDrop,
    /// `(vmctx, table, index) -> ref`
    TableGet,
    /// `(vmctx, table, index, ref)`
    TableSet,
    /// `(vmctx, table, delta, init) -> old size or -1`
    TableGrow,
    /// `(vmctx, table, dst, ref, len)`
    TableFill,
    /// `(vmctx, dst table, src table, dst, src, len)`
    TableCopy,
    /// `(vmctx, table, elem, dst, src, len)`
    TableInit,
    /// `(vmctx, elem)`
    ElemDrop,
}

impl Libcall {
    /// Every libcall, in table order.
    pub const ALL: [Libcall; 12] = [
        Libcall::MemoryGrow,
        Libcall::MemoryFill,
        Libcall::MemoryCopy,
        Libcall::MemoryInit,
        Libcall::DataDrop,
        Libcall::TableGet,
        Libcall::TableSet,
        Libcall::TableGrow,
        Libcall::TableFill,
        Libcall::TableCopy,
        Libcall::TableInit,
        Libcall::ElemDrop,
    ];

    /// The index in the libcall table.
    #[inline]
    pub fn index(self) -> u32 {
        Libcall::ALL.iter().position(|l| *l == self).unwrap_or(0) as u32
    }

    /// Parameter types after the vmctx, and the result type.
    fn shape(self) -> (&'static [Type], Option<Type>) {
        use types::{I32, I64};
        match self {
            Libcall::MemoryGrow => (&[I32, I32], Some(I32)),
            Libcall::MemoryFill => (&[I32, I32, I32, I32], None),
            Libcall::MemoryCopy => (&[I32, I32, I32, I32, I32], None),
            Libcall::MemoryInit => (&[I32, I32, I32, I32, I32], None),
            Libcall::DataDrop => (&[I32], None),
            Libcall::TableGet => (&[I32, I32], Some(I64)),
            Libcall::TableSet => (&[I32, I32, I64], None),
            Libcall::TableGrow => (&[I32, I32, I64], Some(I32)),
            Libcall::TableFill => (&[I32, I32, I64, I32], None),
            Libcall::TableCopy => (&[I32, I32, I32, I32, I32], None),
            Libcall::TableInit => (&[I32, I32, I32, I32, I32], None),
            Libcall::ElemDrop => (&[I32], None),
        }
    }

    /// The Cranelift signature of this libcall.
    #[inline]
    pub fn signature(self, call_conv: CallConv) -> Signature {
        let mut sig = Signature::new(call_conv);
        sig.params.push(AbiParam::new(types::I64));
        let (params, result) = self.shape();
        sig.params.extend(params.iter().map(|t| AbiParam::new(*t)));
        sig.returns.extend(result.map(AbiParam::new));
        sig
    }
}
