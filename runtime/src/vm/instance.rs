//! [`Instance`]: a core instance's vmctx block and the state libcalls need.
//!
//! Allocation fills the vmctx as `hoist_environ::offsets` lays it out; `initialize`
//! runs the active element and data segments. The memories, tables and
//! globals it points to are owned by the store; this type owns the vmctx, the
//! passive segments and an `Arc` of the compiled module (which keeps the code
//! alive).

use super::memory::LinearMemory;
use super::table::Table;
use super::vmctx::{VMFuncRef, VMGlobalDefinition, VMStoreContext};
use crate::compiled::CompiledModule;
use crate::values::ValRaw;
use crate::Trap;
use hoist_environ::const_expr::{ConstContext, ConstExpr};
use hoist_environ::module_info::{DataKind, ElemKind};
use hoist_environ::offsets::{VMOffsets, VMCTX_MAGIC};
use std::alloc::Layout;
use std::sync::Arc;

/// What an instance is linked to; memories and tables list imported ones first,
/// then the defined ones the store allocated for it.
pub struct InstanceParts {
    /// Imported functions.
    pub funcs: Vec<VMFuncRef>,
    /// All memories.
    pub memories: Vec<*mut LinearMemory>,
    /// All tables.
    pub tables: Vec<*mut Table>,
    /// Imported globals.
    pub globals: Vec<*mut VMGlobalDefinition>,
}

/// A core instance's runtime state.
pub struct Instance {
    module: Arc<CompiledModule>,
    vmctx: *mut u8,
    layout: Layout,
    memories: Vec<*mut LinearMemory>,
    tables: Vec<*mut Table>,
    data: Vec<Option<Arc<[u8]>>>,
    elems: Vec<Option<Vec<usize>>>,
}

// SAFETY: the instance is owned by one store, which serialises all access; its
// raw pointers point at data the same store owns.
unsafe impl Send for Instance {}
// SAFETY: as above.
unsafe impl Sync for Instance {}

impl Instance {
    /// Allocates and fills the vmctx of an instance of `module`.
    pub fn new(
        module: Arc<CompiledModule>,
        parts: InstanceParts,
        store_ctx: &VMStoreContext,
    ) -> Box<Instance> {
        let off = &module.offsets;
        let info = &module.info;
        let layout =
            Layout::from_size_align(off.size().max(16) as usize, 16).expect("valid vmctx layout");
        // SAFETY: the layout has non-zero size.
        let vmctx = unsafe { std::alloc::alloc_zeroed(layout) };
        if vmctx.is_null() {
            std::alloc::handle_alloc_error(layout);
        }
        let mut inst = Box::new(Instance {
            module: module.clone(),
            vmctx,
            layout,
            memories: parts.memories,
            tables: parts.tables,
            data: Vec::new(),
            elems: Vec::new(),
        });
        let me: *mut Instance = &mut *inst;
        // SAFETY: every write below is at an offset `VMOffsets` computed for this
        // module, inside the `off.size()` bytes just allocated, with the type the
        // compiled code reads there.
        unsafe {
            write(vmctx, VMOffsets::MAGIC, VMCTX_MAGIC);
            write(
                vmctx,
                VMOffsets::STORE_CONTEXT,
                store_ctx as *const VMStoreContext,
            );
            write(vmctx, VMOffsets::LIBCALLS, super::libcalls::TABLE.as_ptr());
            write(vmctx, VMOffsets::INSTANCE, me);
            for (i, m) in inst.memories.iter().enumerate() {
                write(vmctx, off.memory(i as u32), (**m).definition());
            }
            for (i, t) in inst.tables.iter().enumerate() {
                write(vmctx, off.table(i as u32), (**t).definition());
            }
            for (i, g) in parts.globals.iter().enumerate() {
                write(vmctx, off.imported_global(i as u32), *g);
            }
            for (i, f) in parts.funcs.iter().enumerate() {
                write(vmctx, off.funcref(i as u32), *f);
            }
            for d in 0..info.num_defined_funcs() {
                let index = info.num_imported_funcs + d;
                let f = VMFuncRef {
                    native_call: module.func_ptr(d),
                    vmctx,
                    type_id: module.type_ids[info.funcs[index as usize] as usize],
                    _pad: 0,
                };
                write(vmctx, off.funcref(index), f);
            }
        }
        for (i, init) in info.global_inits.iter().enumerate() {
            let value = inst.eval(init);
            // SAFETY: defined global slots lie inside the vmctx.
            unsafe {
                write(
                    vmctx,
                    off.defined_global(i as u32),
                    VMGlobalDefinition { value },
                );
            }
        }
        inst.data = info.data.iter().map(|d| Some(d.bytes.clone())).collect();
        let elems = info
            .elems
            .iter()
            .map(|e| Some(e.items.iter().map(|i| inst.eval(i).get_ref()).collect()))
            .collect();
        inst.elems = elems;
        inst
    }

    /// Evaluates a constant expression in this instance: its globals are
    /// read where they live, so a `global.get` of an import sees the
    /// importer's value.
    pub fn eval(&self, e: &ConstExpr) -> ValRaw {
        // Every global and function of the instance is known, and parsing
        // refused expressions that do not leave one value: the default is
        // never used.
        e.eval(&mut InstanceConsts(self)).unwrap_or_default()
    }

    /// Runs the active element and data segments, in order, as the spec's
    /// instantiation does. A failing segment traps; earlier writes remain.
    pub fn initialize(&mut self) -> Result<(), Trap> {
        let info = &self.module.clone().info;
        for (i, e) in info.elems.iter().enumerate() {
            match &e.kind {
                ElemKind::Active { table, offset } => {
                    let dst = self.eval(offset).get_i32() as u32;
                    self.table_init(*table, i as u32, dst, 0, e.items.len() as u32)?;
                    self.elems[i] = None;
                }
                ElemKind::Declared => self.elems[i] = None,
                ElemKind::Passive => {}
            }
        }
        if !self.map_memory_images() {
            for (i, d) in info.data.iter().enumerate() {
                if let DataKind::Active { memory, offset } = &d.kind {
                    let dst = self.eval(offset).get_i32() as u32;
                    self.memory_init(*memory, i as u32, dst, 0, d.bytes.len() as u32)?;
                }
            }
        }
        for (i, d) in info.data.iter().enumerate() {
            if let DataKind::Active { .. } = d.kind {
                self.data[i] = None;
            }
        }
        Ok(())
    }

    /// Applies every active data segment at once by mapping the module's
    /// memory images, where it has them (no segment can trap then); whether
    /// it did. A memory whose image fails to map gets its segments copied.
    fn map_memory_images(&mut self) -> bool {
        let module = self.module.clone();
        let images = module.memory_images();
        if images.is_empty() {
            return false;
        }
        let imported = module.info.num_imported_memories;
        for (i, image) in images.iter().enumerate() {
            let Some(image) = image else { continue };
            let index = imported + i as u32;
            // SAFETY: memory pointers are valid for the instance's life, and
            // instantiation has exclusive access to its defined memories.
            let memory = unsafe { &mut *self.memory(index) };
            if !memory.map_image(image) {
                self.copy_segments_into(index);
            }
        }
        true
    }

    /// Copies the active data segments of memory `index` (all in bounds,
    /// as checked when the images were built).
    fn copy_segments_into(&mut self, index: u32) {
        let module = self.module.clone();
        for d in &module.info.data {
            let DataKind::Active { memory, offset } = &d.kind else {
                continue;
            };
            // Images are only built when every offset is static.
            let Some(offset) = offset.static_i32() else {
                continue;
            };
            if *memory == index {
                // SAFETY: as in `map_memory_images`.
                let m = unsafe { &mut *self.memory(index) };
                let start = offset as u32 as usize;
                m.data_mut()[start..start + d.bytes.len()].copy_from_slice(&d.bytes);
            }
        }
    }

    /// The compiled module.
    pub fn module(&self) -> &Arc<CompiledModule> {
        &self.module
    }

    /// The vmctx pointer.
    pub fn vmctx(&self) -> *mut u8 {
        self.vmctx
    }

    /// The funcref of function `index`, inside the vmctx.
    pub fn funcref(&self, index: u32) -> *mut VMFuncRef {
        // SAFETY: funcref slots lie inside the vmctx.
        unsafe {
            self.vmctx
                .add(self.module.offsets.funcref(index) as usize)
                .cast()
        }
    }

    /// A copy of the funcref of function `index` (imported or defined).
    pub fn funcref_value(&self, index: u32) -> VMFuncRef {
        // SAFETY: funcref slots lie inside the vmctx, and every one of them
        // was written when the instance was made (see `Instance::new`).
        unsafe { *self.funcref(index) }
    }

    /// The definition of global `index` (imported or defined).
    pub fn global_ptr(&self, index: u32) -> *mut VMGlobalDefinition {
        let info = &self.module.info;
        let off = &self.module.offsets;
        // SAFETY: both slots lie inside the vmctx; an imported slot holds a
        // pointer written at allocation.
        unsafe {
            if index < info.num_imported_globals {
                *self
                    .vmctx
                    .add(off.imported_global(index) as usize)
                    .cast::<*mut VMGlobalDefinition>()
            } else {
                self.vmctx
                    .add(off.defined_global(index - info.num_imported_globals) as usize)
                    .cast()
            }
        }
    }

    /// Memory `index`.
    pub fn memory(&self, index: u32) -> *mut LinearMemory {
        self.memories[index as usize]
    }

    /// Table `index`.
    pub fn table(&self, index: u32) -> *mut Table {
        self.tables[index as usize]
    }

    /// `memory.init`: copies from data segment `data` into memory `mem`.
    pub fn memory_init(
        &mut self,
        mem: u32,
        data: u32,
        dst: u32,
        src: u32,
        len: u32,
    ) -> Result<(), Trap> {
        let bytes: &[u8] = self.data[data as usize].as_deref().unwrap_or(&[]);
        let src_end = u64::from(src) + u64::from(len);
        if src_end > bytes.len() as u64 {
            return Err(Trap::MemoryOutOfBounds);
        }
        let bytes = bytes[src as usize..src_end as usize].to_vec();
        // SAFETY: memory pointers are valid for the instance's life and the store
        // gives libcalls exclusive access.
        let m = unsafe { &mut *self.memory(mem) };
        let range = mem_range(dst, len, m.data().len())?;
        m.data_mut()[range].copy_from_slice(&bytes);
        Ok(())
    }

    /// `table.init`: copies from element segment `elem` into table `table`.
    pub fn table_init(
        &mut self,
        table: u32,
        elem: u32,
        dst: u32,
        src: u32,
        len: u32,
    ) -> Result<(), Trap> {
        let items: &[usize] = self.elems[elem as usize].as_deref().unwrap_or(&[]);
        let s = super::table::checked_range(src, len, items.len())?;
        // SAFETY: table pointers are valid for the instance's life.
        let t = unsafe { &mut *self.table(table) };
        t.slice_mut(dst, len)?.copy_from_slice(&items[s]);
        Ok(())
    }

    /// `data.drop`.
    pub fn data_drop(&mut self, data: u32) {
        self.data[data as usize] = None;
    }

    /// `elem.drop`.
    pub fn elem_drop(&mut self, elem: u32) {
        self.elems[elem as usize] = None;
    }
}

/// What constant expressions read from an instance.
struct InstanceConsts<'a>(&'a Instance);

impl ConstContext for InstanceConsts<'_> {
    fn global(&mut self, index: u32) -> Option<ValRaw> {
        if index as usize >= self.0.module.info.globals.len() {
            return None;
        }
        // SAFETY: `index` is a global of this instance, so `global_ptr` is
        // valid for reads.
        Some(unsafe { (*self.0.global_ptr(index)).value })
    }

    fn func_ref(&mut self, index: u32) -> Option<ValRaw> {
        if index as usize >= self.0.module.info.funcs.len() {
            return None;
        }
        Some(ValRaw::reference(self.0.funcref(index) as usize))
    }
}

/// `start..start+len` if it lies within a memory of `bound` bytes.
pub fn mem_range(start: u32, len: u32, bound: usize) -> Result<std::ops::Range<usize>, Trap> {
    let end = u64::from(start) + u64::from(len);
    if end > bound as u64 {
        return Err(Trap::MemoryOutOfBounds);
    }
    Ok(start as usize..end as usize)
}

/// Writes `v` at `base + offset`.
///
/// # Safety
/// `base + offset` must be valid for a write of `T` and suitably aligned.
unsafe fn write<T>(base: *mut u8, offset: u32, v: T) {
    // SAFETY: per the contract.
    unsafe { base.add(offset as usize).cast::<T>().write(v) }
}

impl Drop for Instance {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout; compiled code of this
        // instance no longer runs (the store is being dropped).
        unsafe { std::alloc::dealloc(self.vmctx, self.layout) };
    }
}
