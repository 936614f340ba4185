//! Second pass of translation: instantiate the root component symbolically.
//!
//! Each component instantiation gets an environment of index spaces holding
//! symbolic definitions ([`Value`]s). Replaying a component's items in order
//! resolves every alias, outer alias, import and nested instantiation; core
//! instantiations and lowerings become [`Initializer`]s. What remains is a flat
//! list with no nesting.
//!
//! Each instantiation is a *scope* (a component instance of the spec). The
//! inliner records each scope's parent and computes, once, the scopes a call
//! enters (the spec's `entering_set`): for each `canon lift` when the host
//! calls it ([`Lifted::entering_set`]), and for each lowering of a lifted
//! function when the lowering scope calls it. A call at run time only walks
//! that short list.

use super::parse::{CanonOpts, CoreSort, Item, Parsed, Sort};
use super::{
    core_type, reexport, CoreDef, CoreInstanceArg, ExportDef, FuncDef, ImportPath, ImportTy,
    Initializer, Lifted, ModuleDef, ModuleSource, OptionsDef, ResourceDef, Translation,
};
use anyhow::{anyhow, bail, Context, Result};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// A nested component definition with the outer definitions it may alias.
#[derive(Clone)]
struct Closure {
    index: u32,
    outer: Option<Rc<Outer>>,
}

/// A snapshot of an enclosing component's modules, components and
/// resource types.
struct Outer {
    modules: Vec<ModuleDef>,
    components: Vec<Closure>,
    /// The validator's resource numbers bound so far, to the component's
    /// resource indices (outer aliases and types may name them).
    resources: HashMap<u32, u32>,
    parent: Option<Rc<Outer>>,
}

/// A component-level definition.
#[derive(Clone)]
enum Value {
    Module(ModuleDef),
    Func(FuncDef),
    Instance(Rc<InstanceDef>),
    Component(Closure),
    /// A type; a resource type carries its index among the component's.
    Type(Option<u32>),
}

enum InstanceDef {
    Import(ImportPath),
    Exports(Vec<(String, Value)>),
}

impl InstanceDef {
    fn export(&self, name: &str, sort: Sort) -> Result<Value> {
        match self {
            InstanceDef::Import(p) => {
                let mut path = p.clone();
                path.path.push(name.to_string());
                Ok(match sort {
                    Sort::Func => Value::Func(FuncDef::Import(path)),
                    Sort::Instance => Value::Instance(Rc::new(InstanceDef::Import(path))),
                    Sort::Module => Value::Module(ModuleDef::Import(path)),
                    // Resolved by the inliner, which knows the import's resources.
                    Sort::Type => Value::Type(None),
                    Sort::Component => {
                        bail!("components imported through instances are not supported by hoist")
                    }
                })
            }
            InstanceDef::Exports(list) => list
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| anyhow!("instance has no export named `{name}`")),
        }
    }
}

#[derive(Default)]
struct Env {
    modules: Vec<ModuleDef>,
    core_instances: Vec<CoreInstanceArg>,
    core_funcs: Vec<CoreDef>,
    core_tables: Vec<CoreDef>,
    core_memories: Vec<CoreDef>,
    core_globals: Vec<CoreDef>,
    components: Vec<Closure>,
    instances: Vec<Rc<InstanceDef>>,
    funcs: Vec<FuncDef>,
    /// The type index space: the resource index of each resource type.
    types: Vec<Option<u32>>,
    /// The validator's resource numbers bound to resource indices.
    resources: HashMap<u32, u32>,
    exports: Vec<(String, Value)>,
}

impl Env {
    fn get(&self, sort: Sort, index: u32) -> Result<Value> {
        let i = index as usize;
        let missing = || anyhow!("{sort:?} index {index} is out of range");
        Ok(match sort {
            Sort::Module => Value::Module(self.modules.get(i).ok_or_else(missing)?.clone()),
            Sort::Func => Value::Func(self.funcs.get(i).ok_or_else(missing)?.clone()),
            Sort::Instance => Value::Instance(self.instances.get(i).ok_or_else(missing)?.clone()),
            Sort::Component => {
                Value::Component(self.components.get(i).ok_or_else(missing)?.clone())
            }
            Sort::Type => Value::Type(*self.types.get(i).ok_or_else(missing)?),
        })
    }

    /// The component's resource index for validator resource `key`.
    fn resource(&self, key: u32) -> Result<u32> {
        self.resources
            .get(&key)
            .copied()
            .ok_or_else(|| anyhow!("resource type {key} is used before it is known"))
    }

    /// Binds validator resource `key` to resource index `slot`.
    fn bind(&mut self, key: Option<u32>, slot: Option<u32>) {
        if let (Some(k), Some(s)) = (key, slot) {
            self.resources.insert(k, s);
        }
    }

    fn push(&mut self, v: Value) {
        match v {
            Value::Module(m) => self.modules.push(m),
            Value::Func(f) => self.funcs.push(f),
            Value::Instance(i) => self.instances.push(i),
            Value::Component(c) => self.components.push(c),
            Value::Type(r) => self.types.push(r),
        }
    }

    fn core(&self, sort: CoreSort, index: u32) -> Result<CoreDef> {
        let list = match sort {
            CoreSort::Func => &self.core_funcs,
            CoreSort::Table => &self.core_tables,
            CoreSort::Memory => &self.core_memories,
            CoreSort::Global => &self.core_globals,
        };
        list.get(index as usize)
            .cloned()
            .ok_or_else(|| anyhow!("core {sort:?} index {index} is out of range"))
    }

    fn push_core(&mut self, sort: CoreSort, def: CoreDef) {
        match sort {
            CoreSort::Func => self.core_funcs.push(def),
            CoreSort::Table => self.core_tables.push(def),
            CoreSort::Memory => self.core_memories.push(def),
            CoreSort::Global => self.core_globals.push(def),
        }
    }

    fn options(&self, o: &CanonOpts) -> Result<OptionsDef> {
        Ok(OptionsDef {
            encoding: o.encoding,
            memory: o
                .memory
                .map(|m| self.core(CoreSort::Memory, m))
                .transpose()?,
            realloc: o
                .realloc
                .map(|f| self.core(CoreSort::Func, f))
                .transpose()?,
            post_return: o
                .post_return
                .map(|f| self.core(CoreSort::Func, f))
                .transpose()?,
        })
    }

    fn snapshot(&self, parent: Option<Rc<Outer>>) -> Rc<Outer> {
        Rc::new(Outer {
            modules: self.modules.clone(),
            components: self.components.clone(),
            resources: self.resources.clone(),
            parent,
        })
    }
}

struct Inliner<'a> {
    parsed: &'a Parsed,
    out: Translation,
    /// The parent of each scope (the scope whose `instance` definition
    /// instantiated it), `None` for the root.
    parents: Vec<Option<u32>>,
    /// The resource index of each resource type reached through a root
    /// import, by path.
    imported: HashMap<ImportPath, u32>,
    /// The shim modules added so far (see [`super::reexport`]), by text.
    shim_modules: HashMap<String, u32>,
}

/// Flattens the parsed components into initializers.
pub fn inline(parsed: Parsed) -> Result<Translation> {
    let root = parsed.components.len() as u32 - 1;
    let mut inliner = Inliner {
        parsed: &parsed,
        out: Translation {
            modules: parsed
                .modules
                .iter()
                .cloned()
                .map(ModuleSource::Binary)
                .collect(),
            initializers: Vec::new(),
            imports: Vec::new(),
            exports: Vec::new(),
            num_scopes: 0,
            num_core_instances: 0,
            num_lowered: 0,
            resources: Vec::new(),
            scope_parents: Vec::new(),
        },
        parents: Vec::new(),
        imported: HashMap::new(),
        shim_modules: HashMap::new(),
    };
    let env = inliner.instantiate(
        Closure {
            index: root,
            outer: None,
        },
        None,
        None,
    )?;
    let mut exports = Vec::new();
    for (name, value) in env.exports {
        let export = inliner
            .root_export(value)
            .with_context(|| format!("component export `{name}`"))?;
        exports.push((name, export));
    }
    inliner.out.exports = exports;
    inliner.out.scope_parents = inliner.parents.clone();
    Ok(inliner.out)
}

impl Inliner<'_> {
    /// What the root exports for `v`.
    fn root_export(&mut self, v: Value) -> Result<ExportDef> {
        Ok(match v {
            Value::Func(FuncDef::Import(path)) => ExportDef::Func(self.reexport(path)?),
            Value::Func(FuncDef::Lifted(l)) => ExportDef::Func(l),
            Value::Module(m) => ExportDef::Module(m),
            Value::Type(None) => ExportDef::Type,
            Value::Type(Some(r)) => ExportDef::Resource(r),
            Value::Component(_) => {
                bail!("exporting a component from the root component is not supported")
            }
            Value::Instance(i) => match &*i {
                InstanceDef::Import(path) => self.imported_instance(path)?,
                InstanceDef::Exports(list) => ExportDef::Instance(
                    list.iter()
                        .map(|(n, v)| {
                            let export = self
                                .root_export(v.clone())
                                .with_context(|| format!("instance export `{n}`"))?;
                            Ok((n.clone(), export))
                        })
                        .collect::<Result<_>>()?,
                ),
            },
        })
    }

    /// What the root exports for the imported instance at `path`: its
    /// functions through shims, the rest as it is.
    fn imported_instance(&mut self, path: &ImportPath) -> Result<ExportDef> {
        let ty = self.import_ty(path)?;
        let ImportTy::Instance(list) = ty else {
            bail!("expected an imported instance, found a {}", ty.kind());
        };
        let mut out = Vec::with_capacity(list.len());
        for (name, ty) in list {
            let mut p = path.clone();
            p.path.push(name.clone());
            let export = match ty {
                ImportTy::Func(_) => ExportDef::Func(self.reexport(p)?),
                ImportTy::Instance(_) => self.imported_instance(&p)?,
                ImportTy::Module { .. } => ExportDef::Module(ModuleDef::Import(p)),
                ImportTy::Type => ExportDef::Type,
                ImportTy::Resource(r) => ExportDef::Resource(r),
            };
            out.push((name, export));
        }
        Ok(ExportDef::Instance(out))
    }

    /// The type of the root import item at `path`.
    fn import_ty(&self, path: &ImportPath) -> Result<ImportTy> {
        self.out
            .imports
            .get(path.import as usize)
            .and_then(|(_, t)| t.at(&path.path))
            .cloned()
            .with_context(|| format!("no imported item at {path:?}"))
    }

    /// The index of shim module `text`, added on first use.
    fn shim_module(&mut self, text: String) -> u32 {
        let modules = &mut self.out.modules;
        *self.shim_modules.entry(text).or_insert_with_key(|text| {
            modules.push(ModuleSource::Text(text.clone()));
            modules.len() as u32 - 1
        })
    }

    /// Instantiates a core module that imports nothing, or only from `""`.
    fn instantiate_core(&mut self, module: u32, imports: Vec<(String, CoreDef)>) -> u32 {
        let args = if imports.is_empty() {
            Vec::new()
        } else {
            vec![(String::new(), CoreInstanceArg::Exports(imports))]
        };
        let index = self.out.num_core_instances;
        self.out.num_core_instances += 1;
        self.out.initializers.push(Initializer::InstantiateModule {
            module: ModuleDef::Static(module),
            args,
        });
        index
    }

    /// The lifted shim of the imported function at `path`: a scope of its
    /// own with a memory, the import lowered into it and lifted back (see
    /// [`super::reexport`]).
    fn reexport(&mut self, path: ImportPath) -> Result<Arc<Lifted>> {
        let ImportTy::Func(sig) = self.import_ty(&path)? else {
            bail!("expected an imported function at {path:?}");
        };
        let scope = self.out.num_scopes;
        self.out.num_scopes += 1;
        self.parents.push(None);
        let export = |instance: u32, name: &str| CoreDef::Export {
            instance,
            name: name.to_string(),
        };
        let memory_module = self.shim_module(reexport::memory_module());
        let mem = self.instantiate_core(memory_module, Vec::new());
        let options = OptionsDef {
            encoding: Default::default(),
            memory: Some(export(mem, "memory")),
            realloc: Some(export(mem, "realloc")),
            post_return: None,
        };
        let lowered = self.out.num_lowered;
        self.out.num_lowered += 1;
        self.out.initializers.push(Initializer::Lower {
            index: lowered,
            func: FuncDef::Import(path),
            sig: sig.clone(),
            options: options.clone(),
            core_ty: core_type(&sig, true)?,
            scope,
            entering_set: Box::default(),
        });
        let wrapper_module = self.shim_module(reexport::wrapper_module(&sig)?);
        let wrapper = self.instantiate_core(
            wrapper_module,
            vec![
                ("lowered".to_string(), CoreDef::Lowered(lowered)),
                ("realloc".to_string(), export(mem, "realloc")),
                ("reset".to_string(), export(mem, "reset")),
            ],
        );
        Ok(Arc::new(Lifted {
            sig,
            core: export(wrapper, "call"),
            options: OptionsDef {
                post_return: Some(export(wrapper, "post")),
                ..options
            },
            scope,
            entering_set: self.entering_set(scope, None),
            passes_borrows: true,
        }))
    }

    /// The scopes a call from `caller` (`None`: the host) into a function of
    /// `callee` enters: see [`super::entering_set`].
    fn entering_set(&self, callee: u32, caller: Option<u32>) -> Box<[u32]> {
        super::entering_set(&self.parents, callee, caller)
    }

    /// Instantiates component `c` as a child of scope `parent` (`None` for
    /// the root). `args` is `None` for the root (imports come from the host),
    /// else the instantiation arguments by name.
    fn instantiate(
        &mut self,
        c: Closure,
        args: Option<Vec<(String, Value)>>,
        parent: Option<u32>,
    ) -> Result<Env> {
        let scope = self.out.num_scopes;
        self.out.num_scopes += 1;
        self.parents.push(parent);
        let mut env = Env {
            resources: c
                .outer
                .as_ref()
                .map(|o| o.resources.clone())
                .unwrap_or_default(),
            ..Env::default()
        };
        let parsed = self.parsed;
        let component = parsed
            .components
            .get(c.index as usize)
            .context("component index out of range")?;
        for item in &component.items {
            match item {
                Item::Module(m) => env.modules.push(ModuleDef::Static(*m)),
                Item::CoreInstantiate { module, args } => {
                    let module = env
                        .modules
                        .get(*module as usize)
                        .cloned()
                        .context("module index out of range")?;
                    let args = args
                        .iter()
                        .map(|(n, i)| {
                            let inst = env
                                .core_instances
                                .get(*i as usize)
                                .cloned()
                                .context("core instance index out of range")?;
                            Ok((n.clone(), inst))
                        })
                        .collect::<Result<_>>()?;
                    let index = self.out.num_core_instances;
                    self.out.num_core_instances += 1;
                    self.out
                        .initializers
                        .push(Initializer::InstantiateModule { module, args });
                    env.core_instances.push(CoreInstanceArg::Instance(index));
                }
                Item::CoreInstanceExports(list) => {
                    let list = list
                        .iter()
                        .map(|(n, sort, i)| Ok((n.clone(), env.core(*sort, *i)?)))
                        .collect::<Result<_>>()?;
                    env.core_instances.push(CoreInstanceArg::Exports(list));
                }
                Item::CoreAlias {
                    sort,
                    instance,
                    name,
                } => {
                    let inst = env
                        .core_instances
                        .get(*instance as usize)
                        .context("core instance index out of range")?;
                    let def = match inst {
                        CoreInstanceArg::Instance(i) => CoreDef::Export {
                            instance: *i,
                            name: name.clone(),
                        },
                        CoreInstanceArg::Exports(list) => list
                            .iter()
                            .find(|(n, _)| n == name)
                            .map(|(_, d)| d.clone())
                            .with_context(|| format!("core instance has no export `{name}`"))?,
                    };
                    env.push_core(*sort, def);
                }
                Item::Alias {
                    sort,
                    instance,
                    name,
                    key,
                } => {
                    let inst = env
                        .instances
                        .get(*instance as usize)
                        .cloned()
                        .context("instance index out of range")?;
                    let mut v = inst.export(name, *sort)?;
                    if let (InstanceDef::Import(p), Value::Type(_)) = (&*inst, &v) {
                        let mut path = p.clone();
                        path.path.push(name.clone());
                        v = Value::Type(self.imported.get(&path).copied());
                    }
                    if let Value::Type(slot) = v {
                        env.bind(*key, slot);
                        v = Value::Type(slot.or_else(|| key.and_then(|k| env.resource(k).ok())));
                    }
                    env.push(v);
                }
                Item::OuterAlias { sort, count, index } => {
                    // `count` 0 is this component itself; 1 its parent, and so on.
                    let (modules, components) = if *count == 0 {
                        (env.modules.clone(), env.components.clone())
                    } else {
                        let mut outer = c.outer.clone();
                        for _ in 1..*count {
                            outer = outer.and_then(|o| o.parent.clone());
                        }
                        let o = outer.context("outer alias reaches past the root component")?;
                        (o.modules.clone(), o.components.clone())
                    };
                    match sort {
                        Sort::Module => env.modules.push(
                            modules
                                .get(*index as usize)
                                .cloned()
                                .context("outer module out of range")?,
                        ),
                        Sort::Component => env.components.push(
                            components
                                .get(*index as usize)
                                .cloned()
                                .context("outer component out of range")?,
                        ),
                        _ => {}
                    }
                }
                Item::Lift {
                    core_func,
                    sig,
                    opts,
                } => {
                    let lifted = Lifted {
                        sig: Arc::new(sig.map_resources(&mut |k| env.resource(k))?),
                        core: env.core(CoreSort::Func, *core_func)?,
                        options: env.options(opts)?,
                        scope,
                        entering_set: self.entering_set(scope, None),
                        passes_borrows: false,
                    };
                    env.funcs.push(FuncDef::Lifted(Arc::new(lifted)));
                }
                Item::Lower { func, sig, opts } => {
                    let sig = &Arc::new(sig.map_resources(&mut |k| env.resource(k))?);
                    let f = env
                        .funcs
                        .get(*func as usize)
                        .cloned()
                        .context("function index out of range")?;
                    let entering_set = match &f {
                        FuncDef::Lifted(l) => self.entering_set(l.scope, Some(scope)),
                        FuncDef::Import(_) => Box::default(),
                    };
                    let index = self.out.num_lowered;
                    self.out.num_lowered += 1;
                    self.out.initializers.push(Initializer::Lower {
                        index,
                        func: f,
                        sig: sig.clone(),
                        options: env.options(opts)?,
                        core_ty: core_type(sig, true)?,
                        scope,
                        entering_set,
                    });
                    env.core_funcs.push(CoreDef::Lowered(index));
                }
                Item::Component(i) => {
                    let outer = env.snapshot(c.outer.clone());
                    env.components.push(Closure {
                        index: *i,
                        outer: Some(outer),
                    });
                }
                Item::Instantiate {
                    component,
                    args: inst_args,
                    resources,
                } => {
                    let target = env
                        .components
                        .get(*component as usize)
                        .cloned()
                        .context("component index out of range")?;
                    let values = inst_args
                        .iter()
                        .map(|(n, sort, i)| Ok((n.clone(), env.get(*sort, *i)?)))
                        .collect::<Result<Vec<_>>>()?;
                    let child = self.instantiate(target, Some(values), Some(scope))?;
                    for (path, key) in resources {
                        let slot = export_at(&self.imported, &child.exports, path)?;
                        env.bind(Some(*key), slot);
                    }
                    env.instances
                        .push(Rc::new(InstanceDef::Exports(child.exports)));
                }
                Item::InstanceExports(list) => {
                    let list = list
                        .iter()
                        .map(|(n, sort, i)| Ok((n.clone(), env.get(*sort, *i)?)))
                        .collect::<Result<Vec<_>>>()?;
                    env.instances.push(Rc::new(InstanceDef::Exports(list)));
                }
                Item::Import { name, sort, ty } => {
                    let value = match &args {
                        Some(given) => match given.iter().find(|(n, _)| n == name) {
                            Some((_, v)) => {
                                bind_arg(&mut env, &self.imported, ty, v)?;
                                v.clone()
                            }
                            None if *sort == Sort::Type || *sort == Sort::Instance => {
                                Value::Instance(Rc::new(InstanceDef::Exports(Vec::new())))
                            }
                            None => bail!("missing instantiation argument `{name}`"),
                        },
                        None => {
                            if *sort == Sort::Component {
                                bail!("root-level component imports are not supported");
                            }
                            let import = self.out.imports.len() as u32;
                            let path = ImportPath {
                                import,
                                path: Vec::new(),
                            };
                            self.bind_import(&mut env, ty, &path);
                            let ty = ty.map_resources(&mut |k| env.resource(k))?;
                            self.out.imports.push((name.clone(), ty));
                            match sort {
                                Sort::Func => Value::Func(FuncDef::Import(path)),
                                Sort::Instance => {
                                    Value::Instance(Rc::new(InstanceDef::Import(path)))
                                }
                                Sort::Module => Value::Module(ModuleDef::Import(path)),
                                _ => Value::Type(None),
                            }
                        }
                    };
                    let value = if *sort == Sort::Type {
                        match ty {
                            ImportTy::Resource(k) => Value::Type(Some(env.resource(*k)?)),
                            _ => Value::Type(None),
                        }
                    } else {
                        value
                    };
                    env.push(value);
                }
                Item::Export {
                    name,
                    sort,
                    index,
                    key,
                } => {
                    let v = env.get(*sort, *index)?;
                    if let Value::Type(slot) = v {
                        env.bind(*key, slot);
                    }
                    env.exports.push((name.clone(), v.clone()));
                    env.push(v);
                }
                Item::Type(key) => {
                    let slot = key.and_then(|k| env.resources.get(&k).copied());
                    env.types.push(slot);
                }
                Item::ResourceDef { key, dtor } => {
                    let slot = self.out.resources.len() as u32;
                    self.out.resources.push(ResourceDef::Defined {
                        scope,
                        dtor: dtor.map(|f| env.core(CoreSort::Func, f)).transpose()?,
                    });
                    env.bind(Some(*key), Some(slot));
                    env.types.push(Some(slot));
                }
                Item::ResourceBuiltin { op, key } => {
                    let resource = env.resource(*key)?;
                    let index = self.out.num_lowered;
                    self.out.num_lowered += 1;
                    self.out.initializers.push(Initializer::Resource {
                        index,
                        op: *op,
                        resource,
                        scope,
                    });
                    env.core_funcs.push(CoreDef::Lowered(index));
                }
            }
        }
        Ok(env)
    }

    /// Binds the resources of root import type `ty` at `path`: each new
    /// resource gets an imported resource index; one already known (an
    /// `eq` bound to an earlier import) gets one more path that must supply
    /// the same resource type.
    fn bind_import(&mut self, env: &mut Env, ty: &ImportTy, path: &ImportPath) {
        match ty {
            ImportTy::Resource(key) => {
                let slot = match env.resources.get(key) {
                    Some(s) => {
                        if let Some(ResourceDef::Imported(paths)) =
                            self.out.resources.get_mut(*s as usize)
                        {
                            paths.push(path.clone());
                        }
                        *s
                    }
                    None => {
                        let s = self.out.resources.len() as u32;
                        self.out
                            .resources
                            .push(ResourceDef::Imported(vec![path.clone()]));
                        env.resources.insert(*key, s);
                        s
                    }
                };
                self.imported.insert(path.clone(), slot);
            }
            ImportTy::Instance(list) => {
                for (name, t) in list {
                    let mut p = path.clone();
                    p.path.push(name.clone());
                    self.bind_import(env, t, &p);
                }
            }
            _ => {}
        }
    }
}

/// Binds the resources of nested import type `ty` to those of `arg`, the
/// instantiation argument given for it.
/// Binds the resource types that import type `ty` names to those of the
/// instantiation argument `arg`. `imported` gives the resource index of
/// each resource type reached through a root import.
fn bind_arg(
    env: &mut Env,
    imported: &HashMap<ImportPath, u32>,
    ty: &ImportTy,
    arg: &Value,
) -> Result<()> {
    match (ty, arg) {
        (ImportTy::Resource(key), Value::Type(slot)) => env.bind(Some(*key), *slot),
        (ImportTy::Instance(list), Value::Instance(inst)) => match &**inst {
            InstanceDef::Exports(exports) => {
                for (name, t) in list {
                    if let Some((_, v)) = exports.iter().find(|(n, _)| n == name) {
                        bind_arg(env, imported, t, v)?;
                    }
                }
            }
            // A root import passed on: its resource types are known by path.
            InstanceDef::Import(path) => bind_imported(env, imported, list, path),
        },
        _ => {}
    }
    Ok(())
}

/// [`bind_arg`] for the imported instance at `path`, of type `list`.
fn bind_imported(
    env: &mut Env,
    imported: &HashMap<ImportPath, u32>,
    list: &[(String, ImportTy)],
    path: &ImportPath,
) {
    for (name, t) in list {
        let mut p = path.clone();
        p.path.push(name.clone());
        match t {
            ImportTy::Resource(key) => env.bind(Some(*key), imported.get(&p).copied()),
            ImportTy::Instance(inner) => bind_imported(env, imported, inner, &p),
            _ => {}
        }
    }
}

/// The resource index of the type at export path `path` of `exports`.
fn export_at(
    imported: &HashMap<ImportPath, u32>,
    exports: &[(String, Value)],
    path: &[String],
) -> Result<Option<u32>> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(None);
    };
    let v = exports
        .iter()
        .find(|(n, _)| n == first)
        .map(|(_, v)| v)
        .with_context(|| format!("instance has no export `{first}`"))?;
    match (v, rest.is_empty()) {
        (Value::Type(slot), true) => Ok(*slot),
        (Value::Instance(inner), false) => match &**inner {
            InstanceDef::Exports(list) => export_at(imported, list, rest),
            InstanceDef::Import(p) => {
                let mut p = p.clone();
                p.path.extend(rest.iter().cloned());
                Ok(imported.get(&p).copied())
            }
        },
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{translate, FuncDef, Initializer};

    /// The spec's example (`CanonicalABI.md`, `entering_set`): `P` (scope 0)
    /// instantiates `C2` (scope 1) and `C1` (scope 2); `P` calls `C1`, `C1`
    /// calls `C2`, `C2` calls back into `P`; `C3` (scope 3) holds `C4`
    /// (scope 4), whose export `P` calls.
    #[test]
    fn entering_sets_follow_the_spec_example() {
        let wat = r#"(component
  (core module $M2 (func (export "m2") (result i32) i32.const 42))
  (core instance $m2 (instantiate $M2))
  (func $m2 (result u32) (canon lift (core func $m2 "m2")))
  (component $Forward
    (import "next" (func $next (result u32)))
    (core func $next-core (canon lower (func $next)))
    (core module $m
      (import "" "next" (func $next (result i32)))
      (func (export "f") (result i32) call $next))
    (core instance $i (instantiate $m (with "" (instance (export "next" (func $next-core))))))
    (func (export "f") (result u32) (canon lift (core func $i "f"))))
  (instance $c2 (instantiate $Forward (with "next" (func $m2))))
  (instance $c1 (instantiate $Forward (with "next" (func $c2 "f"))))
  (component $Outer
    (component $Inner
      (core module $m (func (export "f") (result i32) i32.const 7))
      (core instance $i (instantiate $m))
      (func (export "f") (result u32) (canon lift (core func $i "f"))))
    (instance $inner (instantiate $Inner))
    (export "f" (func $inner "f")))
  (instance $c3 (instantiate $Outer))
  (core func $c1-f (canon lower (func $c1 "f")))
  (core func $c4-f (canon lower (func $c3 "f"))))"#;
        let bytes = wat::parse_str(wat).unwrap();
        let features =
            wasmparser::WasmFeatures::default() | wasmparser::WasmFeatures::COMPONENT_MODEL;
        let t = translate(features, &bytes).unwrap();
        assert_eq!(t.num_scopes, 5);
        // (lowering scope, callee scope, entering set, the callee's set from the host)
        let lowers: Vec<(u32, u32, Vec<u32>, Vec<u32>)> = t
            .initializers
            .iter()
            .filter_map(|i| match i {
                Initializer::Lower {
                    func: FuncDef::Lifted(l),
                    scope,
                    entering_set,
                    ..
                } => Some((
                    *scope,
                    l.scope,
                    entering_set.to_vec(),
                    l.entering_set.to_vec(),
                )),
                _ => None,
            })
            .collect();
        assert_eq!(
            lowers,
            [
                // C2 calls back into P: P is not entered again.
                (1, 0, vec![], vec![0]),
                // C1 calls its sibling C2: only C2 is entered.
                (2, 1, vec![1], vec![1, 0]),
                // P calls C1.
                (0, 2, vec![2], vec![2, 0]),
                // P calls its grandchild C4 through C3's re-export.
                (0, 4, vec![4, 3], vec![4, 3, 0]),
            ]
        );
    }
}
