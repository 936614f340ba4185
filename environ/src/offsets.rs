//! [`VMOffsets`]: the one owner of the vmctx layout.
//!
//! The translator reads fields at these offsets in generated code, and the
//! runtime (`vm::instance`) fills them; both ask this module and nothing else.
//! The structs the fields hold are declared in `vm::vmctx`.
//!
//! Layout of an instance's vmctx (all offsets in bytes, pointer size 8):
//! ```text
//! 0   magic: u32 (+ padding)
//! 8   store context: *mut VMStoreContext   (stack limit, fuel, epoch deadline)
//! 16  libcalls: *const [usize; N]
//! 24  instance: *mut vm::Instance
//! 32  memories: [*mut VMMemoryDefinition; memories]   (imported and defined)
//! ..  tables: [*mut VMTableDefinition; tables]        (imported and defined)
//! ..  imported globals: [*mut VMGlobalDefinition; imported globals]
//! ..  defined globals: [VMGlobalDefinition; defined globals]  (16 bytes each, 16-aligned)
//! ..  funcrefs: [VMFuncRef; functions]               (imported ones copied in)
//! ```

use crate::module_info::ModuleInfo;

/// Size of a `VMFuncRef`: native code pointer, vmctx, type id (+ padding).
pub const FUNCREF_SIZE: u32 = 24;
/// Offset of the native code pointer in a `VMFuncRef`.
pub const FUNCREF_NATIVE_CALL: u32 = 0;
/// Offset of the callee vmctx in a `VMFuncRef`.
pub const FUNCREF_VMCTX: u32 = 8;
/// Offset of the engine-wide type id (`u32`) in a `VMFuncRef`.
pub const FUNCREF_TYPE_ID: u32 = 16;
/// Offset of `base` in a `VMMemoryDefinition`.
pub const MEMORY_BASE: u32 = 0;
/// Offset of `current_length` in a `VMMemoryDefinition`.
pub const MEMORY_LENGTH: u32 = 8;
/// Offset of `base` in a `VMTableDefinition`.
pub const TABLE_BASE: u32 = 0;
/// Offset of `current_elements` in a `VMTableDefinition`.
pub const TABLE_LENGTH: u32 = 8;
/// Offset of the stack limit in a `VMStoreContext`.
pub const STORE_CONTEXT_STACK_LIMIT: u32 = 0;
/// Offset of the fuel counter (`i64`, fuel used minus fuel given) in a
/// `VMStoreContext`.
pub const STORE_CONTEXT_FUEL: u32 = 8;
/// Offset of the epoch deadline (`u64`) in a `VMStoreContext`.
pub const STORE_CONTEXT_EPOCH_DEADLINE: u32 = 16;
/// Offset of the pointer to the engine's epoch counter in a `VMStoreContext`.
pub const STORE_CONTEXT_EPOCH_PTR: u32 = 24;

/// The magic number at offset 0 of every core instance's vmctx.
pub const VMCTX_MAGIC: u32 = u32::from_le_bytes(*b"hvmc");

/// The field offsets of one module's vmctx.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VMOffsets {
    num_memories: u32,
    num_tables: u32,
    num_imported_globals: u32,
    num_defined_globals: u32,
    num_funcs: u32,
    memories: u32,
    tables: u32,
    imported_globals: u32,
    defined_globals: u32,
    funcrefs: u32,
    size: u32,
}

impl VMOffsets {
    /// Offset of the magic number.
    pub const MAGIC: u32 = 0;
    /// Offset of the store context pointer.
    pub const STORE_CONTEXT: u32 = 8;
    /// Offset of the libcall table pointer.
    pub const LIBCALLS: u32 = 16;
    /// Offset of the back pointer to the runtime instance.
    pub const INSTANCE: u32 = 24;

    /// Computes the layout for `info`.
    #[inline]
    pub fn new(info: &ModuleInfo) -> VMOffsets {
        let num_memories = info.memories.len() as u32;
        let num_tables = info.tables.len() as u32;
        let num_imported_globals = info.num_imported_globals;
        let num_defined_globals = info.num_defined_globals();
        let num_funcs = info.funcs.len() as u32;
        let memories = 32;
        let tables = memories + 8 * num_memories;
        let imported_globals = tables + 8 * num_tables;
        let defined_globals = (imported_globals + 8 * num_imported_globals).next_multiple_of(16);
        let funcrefs = defined_globals + 16 * num_defined_globals;
        let size = (funcrefs + FUNCREF_SIZE * num_funcs).next_multiple_of(16);
        VMOffsets {
            num_memories,
            num_tables,
            num_imported_globals,
            num_defined_globals,
            num_funcs,
            memories,
            tables,
            imported_globals,
            defined_globals,
            funcrefs,
            size,
        }
    }

    /// Total size of the vmctx in bytes.
    #[inline]
    pub fn size(&self) -> u32 {
        self.size
    }

    /// Offset of the pointer to memory `index`'s definition.
    #[inline]
    pub fn memory(&self, index: u32) -> u32 {
        debug_assert!(index < self.num_memories);
        self.memories + 8 * index
    }

    /// Offset of the pointer to table `index`'s definition.
    #[inline]
    pub fn table(&self, index: u32) -> u32 {
        debug_assert!(index < self.num_tables);
        self.tables + 8 * index
    }

    /// Offset of the pointer to imported global `index`'s definition.
    #[inline]
    pub fn imported_global(&self, index: u32) -> u32 {
        debug_assert!(index < self.num_imported_globals);
        self.imported_globals + 8 * index
    }

    /// Offset of defined global `index` (counted among defined globals).
    #[inline]
    pub fn defined_global(&self, index: u32) -> u32 {
        debug_assert!(index < self.num_defined_globals);
        self.defined_globals + 16 * index
    }

    /// Offset of function `index`'s `VMFuncRef`.
    #[inline]
    pub fn funcref(&self, index: u32) -> u32 {
        debug_assert!(index < self.num_funcs);
        self.funcrefs + FUNCREF_SIZE * index
    }
}

/// Offset of the array-call shim pointer in a host function's context
/// (`vm::host::VMHostFuncContext`), read by host trampolines.
pub const HOST_CTX_ARRAY_CALL: u32 = 8;
/// Size of one `ValRaw` slot in the arrays that trampolines fill.
pub const VAL_RAW_SIZE: u32 = 16;
