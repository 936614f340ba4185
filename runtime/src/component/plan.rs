//! Instantiation plans: the part of instantiating a component that depends
//! neither on the store nor on the instance, worked out once.
//!
//! [`Plan`] belongs to a [`Component`] and is made when it is compiled:
//! which definition fills each import of each core module the component
//! instantiates (an export of an earlier core instance, by its index in the
//! exporting module, or a lowered function), with the types checked; the
//! canonical ABI of every `canon lower` and `canon lift`, with the engine's
//! type id and host trampoline of each lowered core type and the fused
//! adapter of each component-to-component call; where canonical options
//! find their memory, `realloc` and `post-return`.
//!
//! [`Prepared`] belongs to an [`InstancePre`](super::InstancePre) and is
//! made when a linker resolves the component's imports: the host function
//! of each lowered import, prepared for that lowering's ABI and core type
//! (`TypedHostFunc::prepare`); the resource types the imports give; the
//! core modules among the imports.
//!
//! Instantiation (`instance.rs`) follows them, and falls back to resolving
//! by name, as it did before plans existed, wherever a plan has nothing: an
//! imported core module, a link whose types the plan could not check, an
//! ABI that fails. That path reports every error as it always did, at the
//! same point of instantiation.

use super::abi::FuncAbi;
use super::adapter::Adapter;
use super::compiled::Component;
use super::instance::ImportValue;
use super::lowered::{HostFunc, PreparedLowering};
use super::resources::Dtor;
use super::translate::{
    CoreDef, CoreInstanceArg, ExportDef, FuncDef, ImportPath, Initializer, Lifted, ModuleDef,
    OptionsDef, ResourceDef, Translation,
};
use super::ResourceType;
use crate::func::HostSig;
use crate::{Engine, Module};
use hoist_environ::module_info::EntityIndex;
use hoist_environ::types::{ExternType, FuncType, ValType};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Where a core definition comes from, resolved at compile time.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Source {
    /// Item `index` of core instance `instance` (an export of it).
    Entity {
        /// The core instance, in initializer order.
        instance: u32,
        /// The item, in the exporting module's index spaces.
        index: EntityIndex,
    },
    /// Lowered function `.0`.
    Lowered(u32),
}

/// The canonical options of a `canon lift` or `canon lower`, resolved.
#[derive(Clone, Debug, Default)]
pub(crate) struct OptionsPlan {
    pub memory: Option<Source>,
    pub realloc: Option<Source>,
    pub post_return: Option<Source>,
}

/// What a `canon lower` needs, worked out once; `None` where working it
/// out failed (instantiation then redoes it and reports the error).
pub(crate) struct LowerPlan {
    pub abi: Option<Arc<FuncAbi>>,
    /// The lowered core type, registered, with its host trampoline.
    pub sig: Option<HostSig>,
    pub options: Option<OptionsPlan>,
    /// For a lifted function: how the call crosses (`Adapter::new`).
    pub adapter: Option<Arc<Adapter>>,
}

/// What a `canon lift` needs, worked out once.
pub(crate) struct LiftedPlan {
    pub abi: Arc<FuncAbi>,
    pub core: Option<Source>,
    pub options: Option<OptionsPlan>,
}

/// The plan of one initializer.
pub(crate) enum Step {
    /// Instantiate the (static) module with these definitions, one per
    /// import of the module in its order, their types already checked.
    Instantiate(Box<[Source]>),
    /// A `canon lower`.
    Lower(LowerPlan),
    /// Nothing planned: do it as the initializer says.
    Unplanned,
}

/// A component's instantiation plan (see the module documentation).
pub(crate) struct Plan {
    /// One step per initializer of the translation, in order.
    pub steps: Box<[Step]>,
    /// The signatures of the resource built-ins: `[resource.new and
    /// resource.rep: (i32) -> i32, resource.drop: (i32) -> ()]`, if the
    /// component has any.
    pub resource_sigs: Option<Box<[HostSig; 2]>>,
    /// Every `canon lift` of the component, by the address of its `Lifted`.
    lifted: FxHashMap<usize, LiftedPlan>,
}

/// What the plan knows while it walks the initializers.
struct Known<'a> {
    modules: &'a [Module],
    /// The module of each core instance made so far (`None`: imported).
    instances: Vec<Option<&'a Module>>,
    /// The core type of each lowered function made so far.
    lowered: Vec<Option<FuncType>>,
}

impl Known<'_> {
    /// Where `def` comes from, and its type; `None` if it cannot be told
    /// at compile time.
    fn source(&self, def: &CoreDef) -> Option<(Source, ExternType)> {
        match def {
            CoreDef::Export { instance, name } => self.export(*instance, name),
            CoreDef::Lowered(i) => {
                let ty = self.lowered.get(*i as usize)?.clone()?;
                Some((Source::Lowered(*i), ExternType::Func(ty)))
            }
        }
    }

    /// Export `name` of core instance `instance`, and its type.
    fn export(&self, instance: u32, name: &str) -> Option<(Source, ExternType)> {
        let info = &self.instances.get(instance as usize)?.as_ref()?.inner.info;
        let index = *info.export_map.get(name)?;
        Some((Source::Entity { instance, index }, info.entity_type(index)))
    }

    /// The definitions of `module`'s imports, from `args`, if each one can
    /// be found and its type checks.
    fn instantiate(
        &self,
        module: &Module,
        args: &[(String, CoreInstanceArg)],
    ) -> Option<Box<[Source]>> {
        let info = &module.inner.info;
        let mut sources = Vec::with_capacity(info.imports.len());
        for import in &info.imports {
            let (_, arg) = args.iter().find(|(n, _)| *n == import.module)?;
            let (source, found) = match arg {
                CoreInstanceArg::Instance(i) => self.export(*i, &import.name)?,
                CoreInstanceArg::Exports(list) => {
                    let (_, def) = list.iter().find(|(n, _)| *n == import.name)?;
                    self.source(def)?
                }
            };
            // At run time a memory or table may only have grown past the
            // size its type gives, which the check allows too.
            if !crate::instance::matches(&info.entity_type(import.index), &found) {
                return None;
            }
            sources.push(source);
        }
        Some(sources.into())
    }

    /// Canonical options `o`, if each definition is found with its kind.
    fn options(&self, o: &OptionsDef) -> Option<OptionsPlan> {
        let mut plan = OptionsPlan::default();
        if let Some(d) = &o.memory {
            match self.source(d)? {
                (s, ExternType::Memory(_)) => plan.memory = Some(s),
                _ => return None,
            }
        }
        for (def, slot) in [
            (&o.realloc, &mut plan.realloc),
            (&o.post_return, &mut plan.post_return),
        ] {
            if let Some(d) = def {
                match self.source(d)? {
                    (s, ExternType::Func(_)) => *slot = Some(s),
                    _ => return None,
                }
            }
        }
        Some(plan)
    }
}

/// The core type of the resource built-ins: `(i32) -> i32` for `new` and
/// `rep`, `(i32) -> ()` for `drop`.
pub(crate) fn resource_builtin_type(returns: bool) -> FuncType {
    let results: &[ValType] = if returns { &[ValType::I32] } else { &[] };
    FuncType::new([ValType::I32], results.iter().copied())
}

impl Plan {
    /// The plan of `t`, whose static modules are `modules`.
    pub(crate) fn new(engine: &Engine, t: &Translation, modules: &[Module]) -> Plan {
        let mut known = Known {
            modules,
            instances: Vec::with_capacity(t.num_core_instances as usize),
            lowered: vec![None; t.num_lowered as usize],
        };
        let mut steps = Vec::with_capacity(t.initializers.len());
        let mut has_resources = false;
        for init in &t.initializers {
            steps.push(match init {
                Initializer::InstantiateModule { module, args } => {
                    let m = match module {
                        ModuleDef::Static(i) => known.modules.get(*i as usize),
                        ModuleDef::Import(_) => None,
                    };
                    let step = m
                        .and_then(|m| known.instantiate(m, args))
                        .map_or(Step::Unplanned, Step::Instantiate);
                    known.instances.push(m);
                    step
                }
                Initializer::Lower {
                    index,
                    func,
                    sig,
                    options,
                    core_ty,
                    ..
                } => {
                    let abi = FuncAbi::new(sig.param_types(), sig.results.clone())
                        .ok()
                        .map(Arc::new);
                    let adapter = match func {
                        FuncDef::Lifted(_) => abi.as_ref().and_then(Adapter::new).map(Arc::new),
                        FuncDef::Import(_) => None,
                    };
                    let step = Step::Lower(LowerPlan {
                        abi,
                        sig: HostSig::new(engine, core_ty.clone()).ok(),
                        options: known.options(options),
                        adapter,
                    });
                    if let Some(slot) = known.lowered.get_mut(*index as usize) {
                        *slot = Some(core_ty.clone());
                    }
                    step
                }
                Initializer::Resource { index, op, .. } => {
                    use super::translate::ResourceOp;
                    has_resources = true;
                    let returns = !matches!(op, ResourceOp::Drop);
                    if let Some(slot) = known.lowered.get_mut(*index as usize) {
                        *slot = Some(resource_builtin_type(returns));
                    }
                    Step::Unplanned
                }
            });
        }
        let resource_sigs = if has_resources {
            match (
                HostSig::new(engine, resource_builtin_type(true)),
                HostSig::new(engine, resource_builtin_type(false)),
            ) {
                (Ok(a), Ok(b)) => Some(Box::new([a, b])),
                _ => None,
            }
        } else {
            None
        };
        let mut lifted = FxHashMap::default();
        let mut add = |l: &Arc<Lifted>| {
            let key = Arc::as_ptr(l) as usize;
            if lifted.contains_key(&key) {
                return;
            }
            let Ok(abi) = FuncAbi::new(l.sig.param_types(), l.sig.results.clone()) else {
                return;
            };
            let core = known.source(&l.core).and_then(|(s, ty)| match ty {
                ExternType::Func(_) => Some(s),
                _ => None,
            });
            lifted.insert(
                key,
                LiftedPlan {
                    abi: Arc::new(abi),
                    core,
                    options: known.options(&l.options),
                },
            );
        };
        for init in &t.initializers {
            if let Initializer::Lower {
                func: FuncDef::Lifted(l),
                ..
            } = init
            {
                add(l);
            }
        }
        fn exports(list: &[(String, ExportDef)], add: &mut dyn FnMut(&Arc<Lifted>)) {
            for (_, def) in list {
                match def {
                    ExportDef::Func(l) => add(l),
                    ExportDef::Instance(inner) => exports(inner, add),
                    _ => {}
                }
            }
        }
        exports(&t.exports, &mut add);
        Plan {
            steps: steps.into(),
            resource_sigs,
            lifted,
        }
    }

    /// The plan of the `canon lift` `l`, if it has one.
    pub(crate) fn lifted(&self, l: &Arc<Lifted>) -> Option<&LiftedPlan> {
        self.lifted.get(&(Arc::as_ptr(l) as usize))
    }
}

/// How an instance gets one of its component's resource types.
pub(crate) enum ResourcePre {
    /// From the imports: this type, with the linker's destructor.
    Imported(ResourceType, Option<Dtor>),
    /// Defined anew by each instance, in this scope.
    Defined(u32),
}

/// What instantiating a component with the imports a linker resolved needs
/// (see the module documentation).
pub(crate) struct Prepared<T> {
    /// For each initializer: the host function a `canon lower` of an import
    /// lowers, prepared for it (`None` elsewhere, or if preparing failed).
    pub hosts: Box<[Option<PreparedLowering<T>>]>,
    /// How the instance gets each resource type, if all were found.
    pub resources: Option<Box<[ResourcePre]>>,
    /// The core modules among the imports, by path.
    pub imported_modules: Arc<[(ImportPath, Module)]>,
}

/// Records every core module among the imports, by path.
fn collect_modules<T>(
    value: &ImportValue<T>,
    path: &mut ImportPath,
    out: &mut Vec<(ImportPath, Module)>,
) {
    match value {
        ImportValue::Module(m) => out.push((path.clone(), m.clone())),
        ImportValue::Instance(map) => {
            for (name, v) in map {
                path.path.push(name.clone());
                collect_modules(v, path, out);
                path.path.pop();
            }
        }
        ImportValue::Func(_) | ImportValue::Resource(..) | ImportValue::None => {}
    }
}

impl<T: 'static> Prepared<T> {
    /// The preparation of `component` with `imports`, resolved for its
    /// root imports in order.
    pub(crate) fn new(component: &Component, imports: &[ImportValue<T>]) -> Prepared<T> {
        let t = &component.inner.translation;
        let plan = &component.inner.plan;
        let at = |p: &ImportPath| imports.get(p.import as usize)?.at(&p.path).ok();
        let hosts = t
            .initializers
            .iter()
            .zip(plan.steps.iter())
            .map(|(init, step)| {
                let (
                    Initializer::Lower {
                        func: FuncDef::Import(p),
                        ..
                    },
                    Step::Lower(LowerPlan {
                        abi: Some(abi),
                        sig: Some(sig),
                        ..
                    }),
                ) = (init, step)
                else {
                    return None;
                };
                match at(p)? {
                    ImportValue::Func(HostFunc::Dynamic(f)) => {
                        Some(PreparedLowering::Dynamic(f.clone()))
                    }
                    ImportValue::Func(HostFunc::Typed(f)) => f
                        .clone()
                        .prepare(abi.clone(), &sig.ty)
                        .ok()
                        .map(PreparedLowering::Typed),
                    _ => None,
                }
            })
            .collect();
        let resources = t
            .resources
            .iter()
            .map(|def| match def {
                ResourceDef::Imported(paths) => {
                    // As `instance::instantiate` does: the first import that
                    // was given the type.
                    let p = paths
                        .iter()
                        .find(|p| matches!(at(p), Some(ImportValue::Resource(..))))
                        .or(paths.first())?;
                    match at(p)? {
                        ImportValue::Resource(ty, dtor) => {
                            Some(ResourcePre::Imported(*ty, dtor.clone()))
                        }
                        _ => None,
                    }
                }
                ResourceDef::Defined { scope, .. } => Some(ResourcePre::Defined(*scope)),
            })
            .collect();
        let mut modules = Vec::new();
        for (i, value) in imports.iter().enumerate() {
            let mut path = ImportPath {
                import: i as u32,
                path: Vec::new(),
            };
            collect_modules(value, &mut path, &mut modules);
        }
        Prepared {
            hosts,
            resources,
            imported_modules: modules.into(),
        }
    }
}
