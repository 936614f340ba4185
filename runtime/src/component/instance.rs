//! Component [`Instance`]s: instantiation (walking the translation's
//! initializers against resolved imports) and export lookup.
//!
//! Lowered functions become core host functions (see `lower`); lifted ones
//! become component [`Func`]s on demand.

use super::abi::{AbiOptions, FuncAbi};
use super::compiled::Component;
use super::func::Func;
use super::lowered::{lower_host, lower_lifted, lower_prepared, Entry, HostFunc};
use super::plan::{OptionsPlan, Prepared, ResourcePre, Source, Step};
use super::resources::{Dtor, InstanceResource};
use super::store::{FuncData, InstanceData, ResolvedOptions, ScopeId};
use super::translate::{
    CoreDef, CoreInstanceArg, ExportDef, FuncDef, ImportPath, Initializer, Lifted, ModuleDef,
    OptionsDef, ResourceDef,
};
use super::types::ResourceIndex;
use crate::store::{AsContextMut, StoreId, StoreInner, StoreOpaque};
use crate::{Extern, Module};
use anyhow::{anyhow, bail, Context, Result};
use std::collections::HashMap;
use std::sync::Arc;

/// An instance of a component in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instance {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

/// What an export of a component instance is.
#[derive(Clone, Debug)]
pub enum Export {
    /// A function.
    Func(Func),
    /// An instance; list its exports with [`Instance::exports`].
    Instance(ComponentExportIndex),
    /// A core module.
    Module(Module),
    /// A type.
    Type,
    /// A resource type (define it in a linker with
    /// [`LinkerInstance::resource_type`](super::LinkerInstance::resource_type)
    /// to pass it on).
    Resource(super::ResourceType),
}

/// Identifies an export of a component, possibly inside exported instances,
/// for repeated lookups.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ComponentExportIndex {
    path: Vec<String>,
}

/// A definition supplied for a root import.
pub(crate) enum ImportValue<T> {
    Func(HostFunc<T>),
    Instance(HashMap<String, ImportValue<T>>),
    Module(Module),
    Resource(super::ResourceType, Option<super::resources::Dtor>),
    None,
}

impl<T> ImportValue<T> {
    pub(crate) fn at(&self, path: &[String]) -> Result<&ImportValue<T>> {
        let mut cur = self;
        for name in path {
            cur = match cur {
                ImportValue::Instance(map) => map
                    .get(name)
                    .ok_or_else(|| anyhow!("import has no export named `{name}`"))?,
                _ => {
                    bail!("import path goes through something that is not an instance at `{name}`")
                }
            };
        }
        Ok(cur)
    }
}

fn resolve_core(s: &mut StoreOpaque, inst: u32, def: &CoreDef) -> Result<Extern> {
    let data = &s.components.instances[inst as usize];
    match def {
        CoreDef::Export { instance, name } => {
            let core = data.core[*instance as usize];
            core.get_export_opaque(s, name)
                .ok_or_else(|| anyhow!("core instance has no export named `{name}`"))
        }
        CoreDef::Lowered(i) => data.lowered[*i as usize]
            .map(Extern::Func)
            .ok_or_else(|| anyhow!("lowered function {i} is used before it is defined")),
    }
}

/// What `src` (planned for instance `inst`'s component) is in the store,
/// `None` if the instance does not have it yet.
fn resolve_source(s: &mut StoreOpaque, inst: u32, src: Source) -> Option<Extern> {
    let data = &s.components.instances[inst as usize];
    match src {
        Source::Entity { instance, index } => {
            let core = *data.core.get(instance as usize)?;
            Some(core.export_entity(s, index))
        }
        Source::Lowered(i) => data
            .lowered
            .get(i as usize)
            .copied()
            .flatten()
            .map(Extern::Func),
    }
}

/// Options resolved from their plan, `None` if an item is missing.
fn resolve_planned_options(
    s: &mut StoreOpaque,
    inst: u32,
    scope: u32,
    plan: &OptionsPlan,
    o: &OptionsDef,
) -> Option<ResolvedOptions> {
    let mut r = ResolvedOptions {
        scope: s.components.instances[inst as usize].scope(scope),
        instance: inst,
        abi: AbiOptions::new(o.encoding),
        ..Default::default()
    };
    if let Some(m) = plan.memory {
        r.memory = Some(resolve_source(s, inst, m)?.into_memory()?);
    }
    if let Some(f) = plan.realloc {
        r.realloc = Some(resolve_source(s, inst, f)?.into_func()?);
    }
    if let Some(f) = plan.post_return {
        r.post_return = Some(resolve_source(s, inst, f)?.into_func()?);
    }
    Some(r)
}

/// Instantiates the static module `module` of instance `inst`'s component
/// with the imports its plan found, `sources`.
fn instantiate_planned(
    s: &mut StoreOpaque,
    inst: u32,
    module: &Module,
    sources: &[Source],
) -> Result<crate::Instance> {
    let mut linked = crate::instance::Linked::for_module(module);
    for src in sources {
        let data = &s.components.instances[inst as usize];
        match *src {
            Source::Entity { instance, index } => {
                let core = *data
                    .core
                    .get(instance as usize)
                    .context("a core instance is used before it is made")?;
                linked.export(s, core, index);
            }
            Source::Lowered(i) => {
                let f = data
                    .lowered
                    .get(i as usize)
                    .copied()
                    .flatten()
                    .ok_or_else(|| anyhow!("lowered function {i} is used before it is defined"))?;
                linked.func(s, f);
            }
        }
    }
    crate::instance::instantiate_linked(s, module, linked)
}

/// Gives each resource type the component defines its destructor, once the
/// destructor's core function exists: before each core instantiation (a
/// start function may drop resources) and at the end.
fn attach_dtors(s: &mut StoreOpaque, inst: u32, t: &super::translate::Translation) -> Result<()> {
    for (index, def) in t.resources.iter().enumerate() {
        let ResourceDef::Defined {
            dtor: Some(d),
            scope,
        } = def
        else {
            continue;
        };
        let data = &s.components.instances[inst as usize];
        let exists = match d {
            CoreDef::Export { instance, .. } => (*instance as usize) < data.core.len(),
            CoreDef::Lowered(i) => data.lowered.get(*i as usize).is_some_and(|f| f.is_some()),
        };
        if !exists || data.resources[index].dtor.is_some() {
            continue;
        }
        let func = resolve_core(s, inst, d)?
            .into_func()
            .context("a resource destructor is not a function")?;
        let data = &s.components.instances[inst as usize];
        let dtor = Dtor::Guest {
            func,
            instance: inst,
            scope: data.scope(*scope),
            local: *scope,
        };
        s.components.instances[inst as usize].resources[index].dtor = Some(dtor);
    }
    Ok(())
}

/// Resolves the options `o` of a `canon lift` or `canon lower` of scope
/// `scope` in instance `inst`.
pub(crate) fn resolve_options(
    s: &mut StoreOpaque,
    inst: u32,
    scope: u32,
    o: &OptionsDef,
) -> Result<ResolvedOptions> {
    let mut r = ResolvedOptions {
        scope: s.components.instances[inst as usize].scope(scope),
        instance: inst,
        abi: AbiOptions::new(o.encoding),
        ..Default::default()
    };
    if let Some(m) = &o.memory {
        r.memory = Some(
            resolve_core(s, inst, m)?
                .into_memory()
                .context("`memory` option is not a memory")?,
        );
    }
    if let Some(f) = &o.realloc {
        r.realloc = Some(
            resolve_core(s, inst, f)?
                .into_func()
                .context("`realloc` option is not a function")?,
        );
    }
    if let Some(f) = &o.post_return {
        r.post_return = Some(
            resolve_core(s, inst, f)?
                .into_func()
                .context("`post-return` option is not a function")?,
        );
    }
    Ok(r)
}

/// The component function for `lifted` in instance `inst`, made on first use.
pub(crate) fn lifted_func(s: &mut StoreOpaque, inst: u32, lifted: &Arc<Lifted>) -> Result<Func> {
    let key = Arc::as_ptr(lifted) as usize;
    if let Some(i) = s.components.instances[inst as usize].funcs.get(&key) {
        return Ok(Func {
            store: s.id,
            index: *i,
        });
    }
    let component = s.components.instances[inst as usize].component.clone();
    let plan = component.inner.plan.lifted(lifted);
    let core = match plan
        .and_then(|p| p.core)
        .and_then(|src| resolve_source(s, inst, src)?.into_func())
    {
        Some(f) => f,
        None => resolve_core(s, inst, &lifted.core)?
            .into_func()
            .context("lifted definition is not a function")?,
    };
    let planned = plan.and_then(|p| {
        let o = p.options.as_ref()?;
        resolve_planned_options(s, inst, lifted.scope, o, &lifted.options)
    });
    let opts = match planned {
        Some(o) => o,
        None => resolve_options(s, inst, lifted.scope, &lifted.options)?,
    };
    let abi = match plan {
        Some(p) => p.abi.clone(),
        None => Arc::new(FuncAbi::new(
            lifted.sig.param_types(),
            lifted.sig.results.clone(),
        )?),
    };
    let index = s.components.funcs.len() as u32;
    let entering = s.components.instances[inst as usize].scope_ids(&lifted.entering_set);
    s.components.funcs.push(FuncData {
        entering,
        lifted: lifted.clone(),
        abi,
        core,
        opts,
    });
    s.components.instances[inst as usize]
        .funcs
        .insert(key, index);
    Ok(Func { store: s.id, index })
}

/// The core function of resource built-in `op` on resource type `ty`, for
/// code of `scope` in instance `inst`; `sigs`: the plan's signatures of
/// the built-ins (`Plan::resource_sigs`).
fn resource_builtin<T: 'static>(
    store: &mut StoreInner<T>,
    inst: u32,
    scope: super::store::ScopeId,
    ty: ResourceIndex,
    op: super::translate::ResourceOp,
    sigs: Option<&[crate::func::HostSig; 2]>,
) -> crate::Func {
    use super::translate::ResourceOp;
    let returns = !matches!(op, ResourceOp::Drop);
    let body = move |caller: crate::Caller<'_, T>, slots: &mut [crate::ValRaw]| {
        let inner = &mut *caller.store.inner;
        let arg = slots[0].get_i32() as u32;
        match op {
            ResourceOp::New => {
                let h = super::resources::resource_new(&mut inner.opaque, inst, scope, ty, arg)?;
                slots[0] = crate::ValRaw::i32(h as i32);
            }
            ResourceOp::Rep => {
                let rep = super::resources::resource_rep(&mut inner.opaque, inst, scope, ty, arg)?;
                slots[0] = crate::ValRaw::i32(rep as i32);
            }
            ResourceOp::Drop => super::resources::resource_drop(inner, inst, scope, ty, arg)?,
        }
        Ok(())
    };
    match sigs {
        Some(sigs) => crate::func::new_raw_host_with(store, &sigs[usize::from(!returns)], body),
        None => {
            let core_ty = super::plan::resource_builtin_type(returns);
            crate::func::new_raw_host(store, core_ty, body).expect("compiling a host trampoline")
        }
    }
}

/// The resource type an instance gets from its imports: `ty`, whose
/// destructor (the linker's) the store learns.
fn imported_resource(
    s: &mut StoreOpaque,
    ty: super::ResourceType,
    dtor: Option<&Dtor>,
) -> InstanceResource {
    if let Some(d) = dtor {
        let known = &mut s.components.host_dtors;
        if !known.iter().any(|(t, _)| *t == ty) {
            known.push((ty, d.clone()));
        }
    }
    InstanceResource {
        ty,
        scope: None,
        dtor: dtor.cloned(),
    }
}

/// Instantiates `component` with `imports` (the root imports, resolved by
/// a linker), following the component's plan and the linker's
/// preparation `prepared` (see `plan.rs`) wherever they have something.
pub(crate) fn instantiate<T: 'static>(
    store: &mut StoreInner<T>,
    component: &Component,
    imports: &[ImportValue<T>],
    prepared: &Prepared<T>,
) -> Result<Instance> {
    if !crate::Engine::same(&store.opaque.engine, component.engine()) {
        bail!("cannot instantiate a component compiled for another engine");
    }
    let t = &component.inner.translation;
    let plan = &component.inner.plan;
    let inst = store.opaque.components.instances.len() as u32;
    store.opaque.components.instances.push(InstanceData {
        component: component.clone(),
        core: Vec::with_capacity(t.num_core_instances as usize),
        lowered: vec![None; t.num_lowered as usize],
        scope_base: store.opaque.components.scopes.add(t.num_scopes),
        funcs: Default::default(),
        imported_modules: prepared.imported_modules.clone(),
        resources: Vec::new(),
    });
    // Room for the core functions instantiation makes, at once.
    let lowered = t.num_lowered as usize;
    store.opaque.funcs.reserve(lowered);
    store.opaque.func_by_ref.reserve(lowered);
    store.opaque.host_funcs.reserve(lowered);
    let store_id = store.opaque.id;
    let mut resources = Vec::with_capacity(t.resources.len());
    let defined = |s: &StoreOpaque, index: usize, scope: u32| InstanceResource {
        ty: super::ResourceType::guest(store_id, inst, index as u32),
        scope: Some(s.components.instances[inst as usize].scope(scope)),
        // Set once the core instance holding the destructor exists.
        dtor: None,
    };
    if let Some(list) = &prepared.resources {
        for (index, r) in list.iter().enumerate() {
            resources.push(match r {
                ResourcePre::Imported(ty, dtor) => {
                    imported_resource(&mut store.opaque, *ty, dtor.as_ref())
                }
                ResourcePre::Defined(scope) => defined(&store.opaque, index, *scope),
            });
        }
    } else {
        for (index, def) in t.resources.iter().enumerate() {
            resources.push(match def {
                ResourceDef::Imported(paths) => {
                    // The first import that was given the type (imports tied to
                    // it by `eq` bounds need not all be given).
                    let p = paths
                        .iter()
                        .find(|p| {
                            imports
                                .get(p.import as usize)
                                .and_then(|root| root.at(&p.path).ok())
                                .is_some_and(|v| matches!(v, ImportValue::Resource(..)))
                        })
                        .or(paths.first())
                        .context("an imported resource without an import")?;
                    let root = imports
                        .get(p.import as usize)
                        .context("import index out of range")?;
                    match root.at(&p.path)? {
                        ImportValue::Resource(ty, dtor) => {
                            imported_resource(&mut store.opaque, *ty, dtor.as_ref())
                        }
                        _ => bail!(
                            "expected a resource type for import `{}`",
                            t.imports[p.import as usize].0
                        ),
                    }
                }
                ResourceDef::Defined { scope, .. } => defined(&store.opaque, index, *scope),
            });
        }
    }
    store.opaque.components.instances[inst as usize].resources = resources;
    let import_at = |p: &ImportPath| -> Result<&ImportValue<T>> {
        let root = imports
            .get(p.import as usize)
            .context("import index out of range")?;
        root.at(&p.path)
            .with_context(|| format!("in import `{}`", t.imports[p.import as usize].0))
    };
    let resource_sigs = plan.resource_sigs.as_deref();
    for (i, init) in t.initializers.iter().enumerate() {
        let step = plan.steps.get(i).unwrap_or(&Step::Unplanned);
        match init {
            Initializer::InstantiateModule { module, args } => {
                // Its start function may drop resources.
                attach_dtors(&mut store.opaque, inst, t)?;
                if let (Step::Instantiate(sources), ModuleDef::Static(m)) = (step, module) {
                    let module = &component.inner.modules[*m as usize];
                    let core = instantiate_planned(&mut store.opaque, inst, module, sources)?;
                    store.opaque.components.instances[inst as usize]
                        .core
                        .push(core);
                    continue;
                }
                let module = match module {
                    ModuleDef::Static(i) => component.inner.modules[*i as usize].clone(),
                    ModuleDef::Import(p) => match import_at(p)? {
                        ImportValue::Module(m) => m.clone(),
                        _ => bail!(
                            "expected a core module for import `{}`",
                            t.imports[p.import as usize].0
                        ),
                    },
                };
                let mut externs = Vec::new();
                for import in module.imports() {
                    let arg = args
                        .iter()
                        .find(|(n, _)| n == import.module())
                        .map(|(_, a)| a)
                        .with_context(|| {
                            format!(
                                "no instance supplies core import module `{}`",
                                import.module()
                            )
                        })?;
                    let s = &mut store.opaque;
                    let ext = match arg {
                        CoreInstanceArg::Instance(i) => {
                            let core = s.components.instances[inst as usize].core[*i as usize];
                            core.get_export_opaque(s, import.name())
                        }
                        CoreInstanceArg::Exports(list) => {
                            match list.iter().find(|(n, _)| n == import.name()) {
                                Some((_, d)) => Some(resolve_core(s, inst, d)?),
                                None => None,
                            }
                        }
                    };
                    externs.push(ext.with_context(|| {
                        format!(
                            "core import `{}::{}` was not found",
                            import.module(),
                            import.name()
                        )
                    })?);
                }
                let core = crate::instance::instantiate(&mut store.opaque, &module, &externs)?;
                store.opaque.components.instances[inst as usize]
                    .core
                    .push(core);
            }
            Initializer::Lower {
                index,
                func,
                sig,
                options,
                core_ty,
                scope,
                entering_set,
            } => {
                let lp = match step {
                    Step::Lower(lp) => Some(lp),
                    _ => None,
                };
                let planned = lp.and_then(|lp| {
                    let o = lp.options.as_ref()?;
                    resolve_planned_options(&mut store.opaque, inst, *scope, o, options)
                });
                let opts = match planned {
                    Some(o) => o,
                    None => resolve_options(&mut store.opaque, inst, *scope, options)?,
                };
                let planned = lp.and_then(|lp| Some((lp.abi.as_ref()?, lp.sig.as_ref()?, lp)));
                let prepared = prepared.hosts.get(i).and_then(Option::as_ref);
                let f = match (func, planned, prepared) {
                    (FuncDef::Import(_), Some((abi, sig, _)), Some(host)) => {
                        lower_prepared(store, host, abi, sig, opts)
                    }
                    (FuncDef::Import(p), _, _) => {
                        let abi = Arc::new(FuncAbi::new(sig.param_types(), sig.results.clone())?);
                        match import_at(p)? {
                            ImportValue::Func(h) => {
                                lower_host(store, h.clone(), abi, opts, core_ty.clone())?
                            }
                            _ => bail!(
                                "expected a function for import `{}`",
                                t.imports[p.import as usize].0
                            ),
                        }
                    }
                    (FuncDef::Lifted(l), planned, _) => {
                        let (abi, adapter, sig) = match planned {
                            Some((abi, sig, lp)) => (abi.clone(), lp.adapter.clone(), sig.clone()),
                            None => {
                                let abi =
                                    Arc::new(FuncAbi::new(sig.param_types(), sig.results.clone())?);
                                let adapter = super::adapter::Adapter::new(&abi).map(Arc::new);
                                let sig = crate::func::HostSig::new(
                                    &store.opaque.engine,
                                    core_ty.clone(),
                                )?;
                                (abi, adapter, sig)
                            }
                        };
                        let callee = lifted_func(&mut store.opaque, inst, l)?;
                        let entry = if l.scope == *scope {
                            Entry::SameInstance
                        } else {
                            let data = &store.opaque.components.instances[inst as usize];
                            Entry::Enters(data.scope_ids(entering_set))
                        };
                        lower_lifted(store, callee, abi, opts, &sig, entry, adapter)
                    }
                };
                store.opaque.components.instances[inst as usize].lowered[*index as usize] = Some(f);
            }
            Initializer::Resource {
                index,
                op,
                resource,
                scope,
            } => {
                let scope: ScopeId = store.opaque.components.instances[inst as usize].scope(*scope);
                let f = resource_builtin(
                    store,
                    inst,
                    scope,
                    ResourceIndex::new(*resource),
                    *op,
                    resource_sigs,
                );
                store.opaque.components.instances[inst as usize].lowered[*index as usize] = Some(f);
            }
        }
    }
    attach_dtors(&mut store.opaque, inst, t)?;
    Ok(Instance {
        store: store.opaque.id,
        index: inst,
    })
}

impl Instance {
    fn export_def<'a>(&self, s: &'a StoreOpaque, path: &[String]) -> Option<&'a ExportDef> {
        s.check(self.store, "component instance");
        let component = &s.components.instances[self.index as usize].component;
        let mut list = component.export_defs();
        let mut found: Option<&'a ExportDef> = None;
        for name in path {
            if let Some(def) = found {
                // Only instances have exports to go further into.
                let ExportDef::Instance(inner) = def else {
                    return None;
                };
                list = inner;
            }
            // The exact name, else a semver-compatible one: a host asking
            // for `wasi:cli/run@0.2.12` finds a guest's `wasi:cli/run@0.2.0`.
            let entry = list.iter().find(|(n, _)| n == name).or_else(|| {
                let other =
                    super::versions::newest_compatible(name, list.iter().map(|(n, _)| n.as_str()))?;
                list.iter().find(|(n, _)| n == other)
            })?;
            found = Some(&entry.1);
        }
        found
    }

    /// The exports at the root, or inside exported instance `instance`, with
    /// what each one is.
    pub fn exports(
        &self,
        mut store: impl AsContextMut,
        instance: Option<&ComponentExportIndex>,
    ) -> Vec<(String, Export)> {
        let s = &mut store.as_context_mut().inner.opaque;
        let base = instance.map(|i| i.path.clone()).unwrap_or_default();
        let defs: Vec<(String, ExportDef)> = if base.is_empty() {
            s.check(self.store, "component instance");
            s.components.instances[self.index as usize]
                .component
                .export_defs()
                .to_vec()
        } else {
            match self.export_def(s, &base) {
                Some(ExportDef::Instance(list)) => list.clone(),
                _ => return Vec::new(),
            }
        };
        let mut out = Vec::with_capacity(defs.len());
        for (name, def) in defs {
            let mut path = base.clone();
            path.push(name.clone());
            let export = match def {
                ExportDef::Func(l) => match lifted_func(s, self.index, &l) {
                    Ok(f) => Export::Func(f),
                    Err(_) => continue,
                },
                ExportDef::Instance(_) => Export::Instance(ComponentExportIndex { path }),
                ExportDef::Module(m) => match self.module(s, &m) {
                    Some(m) => Export::Module(m),
                    None => continue,
                },
                ExportDef::Type => Export::Type,
                ExportDef::Resource(r) => Export::Resource(
                    s.components.instances[self.index as usize].resources[r as usize].ty,
                ),
            };
            out.push((name, export));
        }
        out
    }

    fn module(&self, s: &StoreOpaque, def: &ModuleDef) -> Option<Module> {
        let data = &s.components.instances[self.index as usize];
        match def {
            ModuleDef::Static(i) => data.component.inner.modules.get(*i as usize).cloned(),
            ModuleDef::Import(p) => data
                .imported_modules
                .iter()
                .find(|(q, _)| q == p)
                .map(|(_, m)| m.clone()),
        }
    }

    /// The index of export `name`, inside exported instance `instance` if given.
    /// A versioned interface name (`wasi:cli/run@0.2.12`) with no export of
    /// its exact name finds the newest semver-compatible one, by the
    /// [`Linker`](super::Linker)'s rule.
    pub fn get_export_index(
        &self,
        store: impl crate::AsContext,
        instance: Option<&ComponentExportIndex>,
        name: &str,
    ) -> Option<ComponentExportIndex> {
        let mut path = instance.map(|i| i.path.clone()).unwrap_or_default();
        path.push(name.to_string());
        self.export_def(&store.as_context().inner.opaque, &path)?;
        Some(ComponentExportIndex { path })
    }

    /// The exported function at `export` (a name, or an index from
    /// [`Instance::get_export_index`]).
    pub fn get_func(
        &self,
        mut store: impl AsContextMut,
        export: impl InstanceExportLookup,
    ) -> Option<Func> {
        let s = &mut store.as_context_mut().inner.opaque;
        self.func_at(s, &export.path())
    }

    /// The exported function at the export path `path`.
    pub(crate) fn func_at(&self, s: &mut StoreOpaque, path: &[String]) -> Option<Func> {
        let lifted = match self.export_def(s, path)? {
            ExportDef::Func(l) => l.clone(),
            _ => return None,
        };
        lifted_func(s, self.index, &lifted).ok()
    }

    /// The run-time resource type behind resource index `index` of this
    /// instance's component (the index that `own` and `borrow` types name).
    pub fn resource_type(
        &self,
        store: impl crate::AsContext,
        index: ResourceIndex,
    ) -> Option<super::ResourceType> {
        let c = store.as_context();
        let s = &c.inner.opaque;
        s.check(self.store, "component instance");
        s.components.instances[self.index as usize]
            .resources
            .get(index.index() as usize)
            .map(|r| r.ty)
    }

    /// The names of the root exports.
    pub fn export_names(&self, store: impl crate::AsContext) -> Vec<String> {
        let c = store.as_context();
        let s = &c.inner.opaque;
        s.check(self.store, "component instance");
        s.components.instances[self.index as usize]
            .component
            .export_defs()
            .iter()
            .map(|(n, _)| n.clone())
            .collect()
    }
}

/// Ways to name an export: a `&str` (a root export) or a [`ComponentExportIndex`].
pub trait InstanceExportLookup {
    /// The export's path of names.
    fn path(&self) -> Vec<String>;
}

impl InstanceExportLookup for &str {
    fn path(&self) -> Vec<String> {
        vec![self.to_string()]
    }
}

impl InstanceExportLookup for &String {
    fn path(&self) -> Vec<String> {
        vec![(*self).clone()]
    }
}

impl InstanceExportLookup for &ComponentExportIndex {
    fn path(&self) -> Vec<String> {
        self.path.clone()
    }
}

impl InstanceExportLookup for ComponentExportIndex {
    fn path(&self) -> Vec<String> {
        self.path.clone()
    }
}
