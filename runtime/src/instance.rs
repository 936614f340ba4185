//! [`Instance`]: instantiating a module in a store, and looking up its exports.
//!
//! Import matching (types and limits) and the spec's instantiation order
//! (allocate, run element and data segments, call `start`) live here; the
//! vmctx itself is built by `vm::instance`.

use crate::externals::{Extern, Global, Memory, Table};
use crate::func::{invoke, Func, TypedFunc, WasmParams, WasmResults};
use crate::module::Module;
use crate::store::{AsContextMut, StoreId, StoreOpaque};
use crate::vm::instance::{Instance as VmInstance, InstanceParts};
use crate::vm::memory::LinearMemory;
use crate::vm::table::Table as VmTable;
use anyhow::{anyhow, bail, Context, Result};
use hoist_environ::module_info::EntityIndex;
use hoist_environ::types::{ExternType, MemoryType, TableType};

/// An instance of a module in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instance {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

/// One export of an instance.
#[derive(Clone, Debug)]
pub struct Export {
    name: String,
    definition: Extern,
}

impl Export {
    /// The export's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The exported definition.
    pub fn into_extern(self) -> Extern {
        self.definition
    }
}

/// Whether a definition of type `found` satisfies an import of type `expected`.
pub(crate) fn matches(expected: &ExternType, found: &ExternType) -> bool {
    fn limits(emin: u64, emax: Option<u64>, fmin: u64, fmax: Option<u64>) -> bool {
        fmin >= emin
            && match (emax, fmax) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(e), Some(f)) => f <= e,
            }
    }
    match (expected, found) {
        (ExternType::Func(e), ExternType::Func(f)) => e == f,
        (ExternType::Global(e), ExternType::Global(f)) => e == f,
        (ExternType::Memory(e), ExternType::Memory(f)) => {
            limits(e.minimum(), e.maximum(), f.minimum(), f.maximum())
        }
        (ExternType::Table(e), ExternType::Table(f)) => {
            e.element() == f.element()
                && limits(
                    e.minimum().into(),
                    e.maximum().map(Into::into),
                    f.minimum().into(),
                    f.maximum().map(Into::into),
                )
        }
        _ => false,
    }
}

impl Instance {
    /// Instantiates `module` with `imports`, given in the module's import order.
    pub fn new(
        mut store: impl AsContextMut,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance> {
        let s = &mut store.as_context_mut().inner.opaque;
        instantiate(s, module, imports)
    }

    /// The export `name`, if there is one.
    pub fn get_export(&self, mut store: impl AsContextMut, name: &str) -> Option<Extern> {
        let s = &mut store.as_context_mut().inner.opaque;
        self.get_export_opaque(s, name)
    }

    pub(crate) fn get_export_opaque(&self, s: &mut StoreOpaque, name: &str) -> Option<Extern> {
        s.check(self.store, "instance");
        let module = s.instances[self.index as usize].module().clone();
        let index = *module.info.export_map.get(name)?;
        Some(self.export_entity(s, index))
    }

    pub(crate) fn export_entity(&self, s: &mut StoreOpaque, index: EntityIndex) -> Extern {
        let inst = &s.instances[self.index as usize];
        match index {
            EntityIndex::Func(f) => {
                let funcref = inst.funcref(f);
                let i = s.push_func(funcref);
                Extern::Func(Func {
                    store: s.id,
                    index: i,
                })
            }
            EntityIndex::Memory(m) => Extern::Memory(Memory {
                store: s.id,
                index: s.instance_memories[self.index as usize][m as usize],
            }),
            EntityIndex::Table(t) => Extern::Table(Table {
                store: s.id,
                index: s.instance_tables[self.index as usize][t as usize],
            }),
            EntityIndex::Global(g) => {
                let def = inst.global_ptr(g);
                let ty = inst.module().info.globals[g as usize];
                if let Some(i) = s.global_by_ptr.get(&(def as usize)) {
                    return Extern::Global(Global {
                        store: s.id,
                        index: *i,
                    });
                }
                let global = s.push_global(def, ty);
                s.global_by_ptr.insert(def as usize, global.index);
                Extern::Global(global)
            }
        }
    }

    /// All exports, in order.
    pub fn exports(&self, mut store: impl AsContextMut) -> Vec<Export> {
        let s = &mut store.as_context_mut().inner.opaque;
        s.check(self.store, "instance");
        let module = s.instances[self.index as usize].module().clone();
        module
            .info
            .exports
            .iter()
            .map(|(name, idx)| Export {
                name: name.clone(),
                definition: self.export_entity(s, *idx),
            })
            .collect()
    }

    /// The exported function `name`.
    pub fn get_func(&self, store: impl AsContextMut, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported function `name` with a static type, checked against its type.
    pub fn get_typed_func<Params: WasmParams, Results: WasmResults>(
        &self,
        mut store: impl AsContextMut,
        name: &str,
    ) -> Result<TypedFunc<Params, Results>> {
        let f = self
            .get_func(&mut store, name)
            .ok_or_else(|| anyhow!("failed to find a function export named `{name}`"))?;
        let ty = f.ty(&store);
        crate::func::check_signature::<Params, Results>(&ty, &format!("export `{name}`"))?;
        Ok(TypedFunc::new_unchecked(f))
    }

    /// The exported memory `name`.
    pub fn get_memory(&self, store: impl AsContextMut, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported global `name`.
    pub fn get_global(&self, store: impl AsContextMut, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported table `name`.
    pub fn get_table(&self, store: impl AsContextMut, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }
}

pub(crate) fn instantiate(
    s: &mut StoreOpaque,
    module: &Module,
    imports: &[Extern],
) -> Result<Instance> {
    if !crate::Engine::same(&s.engine, &module.engine) {
        bail!("cannot instantiate a module compiled for another engine");
    }
    let info = &module.inner.info;
    if imports.len() != info.imports.len() {
        bail!(
            "the module needs {} imports, but {} were given",
            info.imports.len(),
            imports.len()
        );
    }
    let mut linked = Linked::for_module(module);
    for (import, ext) in info.imports.iter().zip(imports) {
        let expected = info.entity_type(import.index);
        let found = ext.ty_in(s);
        if !matches(&expected, &found) {
            bail!(
                "incompatible import type for `{}::{}`: expected {} `{expected}`, found {} `{found}`",
                import.module,
                import.name,
                expected.kind(),
                found.kind()
            );
        }
        match ext {
            Extern::Func(f) => linked.func(s, *f),
            Extern::Memory(m) => {
                linked.parts.memories.push(m.vm(s));
                linked.mem_indices.push(m.index);
            }
            Extern::Table(t) => {
                linked.parts.tables.push(t.vm(s));
                linked.table_indices.push(t.index);
            }
            Extern::Global(g) => linked.parts.globals.push(g.vm(s)),
        }
    }
    instantiate_linked(s, module, linked)
}

/// The imports of an instance about to be made, in the module's import
/// order, their types checked.
pub(crate) struct Linked {
    parts: InstanceParts,
    mem_indices: Vec<u32>,
    table_indices: Vec<u32>,
}

impl Linked {
    /// Room for the items of `module`.
    pub(crate) fn for_module(module: &Module) -> Linked {
        let info = &module.inner.info;
        Linked {
            parts: InstanceParts {
                funcs: Vec::with_capacity(info.num_imported_funcs as usize),
                memories: Vec::with_capacity(info.memories.len()),
                tables: Vec::with_capacity(info.tables.len()),
                globals: Vec::with_capacity(info.num_imported_globals as usize),
            },
            mem_indices: Vec::with_capacity(info.memories.len()),
            table_indices: Vec::with_capacity(info.tables.len()),
        }
    }

    /// Imports function `f`.
    pub(crate) fn func(&mut self, s: &StoreOpaque, f: Func) {
        s.check(f.store, "function");
        // SAFETY: the funcref points at data this store owns.
        self.parts
            .funcs
            .push(unsafe { *s.funcs[f.index as usize].funcref });
    }

    /// Imports item `index` of instance `instance` (an export of it).
    pub(crate) fn export(&mut self, s: &mut StoreOpaque, instance: Instance, index: EntityIndex) {
        s.check(instance.store, "instance");
        let i = instance.index as usize;
        match index {
            EntityIndex::Func(f) => self.parts.funcs.push(s.instances[i].funcref_value(f)),
            EntityIndex::Memory(m) => {
                let m = s.instance_memories[i][m as usize];
                self.parts.memories.push(&mut *s.memories[m as usize]);
                self.mem_indices.push(m);
            }
            EntityIndex::Table(t) => {
                let t = s.instance_tables[i][t as usize];
                self.parts.tables.push(&mut *s.tables[t as usize]);
                self.table_indices.push(t);
            }
            EntityIndex::Global(g) => self.parts.globals.push(s.instances[i].global_ptr(g)),
        }
    }
}

/// Instantiates `module` with the imports `linked` (given, and checked, for
/// this module).
pub(crate) fn instantiate_linked(
    s: &mut StoreOpaque,
    module: &Module,
    linked: Linked,
) -> Result<Instance> {
    if !crate::Engine::same(&s.engine, &module.engine) {
        bail!("cannot instantiate a module compiled for another engine");
    }
    let info = &module.inner.info;
    let Linked {
        mut parts,
        mut mem_indices,
        mut table_indices,
    } = linked;
    let defined_memories = &info.memories[info.num_imported_memories as usize..];
    let defined_tables = &info.tables[info.num_imported_tables as usize..];
    s.check_counts(1, defined_memories.len(), defined_tables.len())?;
    let layout = s.engine.config().memory_layout();
    // The images `vm::Instance::initialize` maps (none: it copies).
    let images = module.inner.memory_images();
    for (i, ty) in defined_memories.iter().enumerate() {
        let index = info.num_imported_memories as usize + i;
        // (Only a limiter reads the description.)
        if s.limiter.is_some() {
            s.allow_new_memory(ty, &format!("memory {index}"))?;
        }
        let mut mem = LinearMemory::for_image(
            MemoryType::from_limits(ty.minimum(), ty.maximum()),
            &layout,
            images.get(i).and_then(Option::as_ref),
        )
        .context("failed to allocate a linear memory")?;
        parts.memories.push(&mut *mem);
        mem_indices.push(s.memories.len() as u32);
        s.memories.push(mem);
    }
    for (i, ty) in defined_tables.iter().enumerate() {
        let index = info.num_imported_tables as usize + i;
        if s.limiter.is_some() {
            s.allow_new_table(ty, &format!("table {index}"))?;
        }
        let mut table = VmTable::new(TableType::new(ty.element(), ty.minimum(), ty.maximum()), 0)
            .context("failed to allocate a table")?;
        parts.tables.push(&mut *table);
        table_indices.push(s.tables.len() as u32);
        s.tables.push(table);
    }
    let mut vm = VmInstance::new(module.inner.clone(), parts, &s.ctx);
    let init = vm.initialize();
    let index = s.instances.len() as u32;
    s.instances.push(vm);
    s.instance_memories.push(mem_indices);
    s.instance_tables.push(table_indices);
    init.map_err(anyhow::Error::new)?;
    if let Some(start) = info.start {
        let funcref = s.instances[index as usize].funcref(start);
        // SAFETY: `funcref` was just written for this instance; `start` has type
        // `[] -> []` (validated), so the native signature is `(vmctx, vmctx)`.
        unsafe {
            let code = (*funcref).native_call;
            let vmctx = (*funcref).vmctx;
            let f: unsafe extern "C" fn(*mut u8, *mut u8) = std::mem::transmute(code);
            invoke(s, || f(vmctx, vmctx))?;
        }
    }
    Ok(Instance { store: s.id, index })
}
