//! First pass of translation: walk the component binary with the validator and
//! record, per component (the root and every nested one), its definitions in
//! order as [`Item`]s, with function types resolved to [`FuncSig`]s.
//!
//! No definition is resolved against another here; that is `inline`'s job.

use super::{FuncSig, ImportTy};
use crate::component::types::{ResourceKeys, TypeConverter};
use crate::component::StringEncoding;
use anyhow::{bail, Context, Result};
use std::sync::Arc;
use wasmparser::{
    CanonicalFunction, CanonicalOption, ComponentAlias, ComponentExternalKind,
    ComponentOuterAliasKind, ComponentTypeRef, ExternalKind, Parser, Payload, ValidPayload,
    Validator,
};

/// The core index spaces that aliases and exports fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoreSort {
    /// Functions.
    Func,
    /// Tables.
    Table,
    /// Memories.
    Memory,
    /// Globals.
    Global,
}

impl CoreSort {
    fn from_kind(kind: ExternalKind) -> Result<CoreSort> {
        Ok(match kind {
            ExternalKind::Func | ExternalKind::FuncExact => CoreSort::Func,
            ExternalKind::Table => CoreSort::Table,
            ExternalKind::Memory => CoreSort::Memory,
            ExternalKind::Global => CoreSort::Global,
            ExternalKind::Tag => bail!("core tags (exceptions) are not supported by hoist"),
        })
    }
}

/// The component-level index spaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// Core modules.
    Module,
    /// Component functions.
    Func,
    /// Types.
    Type,
    /// Component instances.
    Instance,
    /// Components.
    Component,
}

impl Sort {
    fn from_kind(kind: ComponentExternalKind) -> Result<Sort> {
        Ok(match kind {
            ComponentExternalKind::Module => Sort::Module,
            ComponentExternalKind::Func => Sort::Func,
            ComponentExternalKind::Type => Sort::Type,
            ComponentExternalKind::Instance => Sort::Instance,
            ComponentExternalKind::Component => Sort::Component,
            ComponentExternalKind::Value => bail!("component values are not supported by hoist"),
        })
    }
}

/// Parsed canonical options (indices still unresolved).
#[derive(Clone, Debug, Default)]
pub struct CanonOpts {
    pub encoding: StringEncoding,
    pub memory: Option<u32>,
    pub realloc: Option<u32>,
    pub post_return: Option<u32>,
}

/// One definition of a component, in order.
#[derive(Clone, Debug)]
pub enum Item {
    /// A core module (index into all static modules).
    Module(u32),
    /// `(core instance (instantiate m (with name i)...))`.
    CoreInstantiate {
        module: u32,
        args: Vec<(String, u32)>,
    },
    /// `(core instance (export ...)...)`.
    CoreInstanceExports(Vec<(String, CoreSort, u32)>),
    /// An alias of a core instance's export.
    CoreAlias {
        sort: CoreSort,
        instance: u32,
        name: String,
    },
    /// An alias of a component instance's export (`key`: the resource the
    /// new type index stands for, when it is one).
    Alias {
        sort: Sort,
        instance: u32,
        name: String,
        key: Option<u32>,
    },
    /// An outer alias of a module or component (types are not tracked).
    OuterAlias { sort: Sort, count: u32, index: u32 },
    /// `canon lift`.
    Lift {
        core_func: u32,
        sig: Arc<FuncSig>,
        opts: CanonOpts,
    },
    /// `canon lower`.
    Lower {
        func: u32,
        sig: Arc<FuncSig>,
        opts: CanonOpts,
    },
    /// A nested component (index into all static components).
    Component(u32),
    /// `(instance (instantiate c (with name item)...))`; `resources` are
    /// the resource types among the new instance's exports (by export
    /// path), which the validator numbers afresh for each instantiation.
    Instantiate {
        component: u32,
        args: Vec<(String, Sort, u32)>,
        resources: Vec<(Vec<String>, u32)>,
    },
    /// `(instance (export ...)...)`.
    InstanceExports(Vec<(String, Sort, u32)>),
    /// An import.
    Import {
        name: String,
        sort: Sort,
        ty: ImportTy,
    },
    /// An export (also a new index in its sort; `key` as for `Alias`).
    Export {
        name: String,
        sort: Sort,
        index: u32,
        key: Option<u32>,
    },
    /// A type definition or an outer alias of one: only counted, with the
    /// resource it stands for, when it is one.
    Type(Option<u32>),
    /// `(type (resource (rep i32) (dtor f)?))`: a resource type defined by
    /// each instantiation.
    ResourceDef { key: u32, dtor: Option<u32> },
    /// `canon resource.new`, `resource.drop` or `resource.rep` of a resource
    /// type: a new core function.
    ResourceBuiltin { op: ResourceOp, key: u32 },
}

/// The resource built-ins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceOp {
    /// `resource.new`: `(rep: i32) -> i32`.
    New,
    /// `resource.drop`: `(handle: i32)`.
    Drop,
    /// `resource.rep`: `(handle: i32) -> i32`.
    Rep,
}

/// One component's definitions.
#[derive(Debug, Default)]
pub struct StaticComponent {
    pub items: Vec<Item>,
}

/// All components of a binary; the root is the last one.
#[derive(Debug)]
pub struct Parsed {
    pub components: Vec<StaticComponent>,
    pub modules: Vec<std::ops::Range<usize>>,
}

#[derive(Default)]
struct Frame {
    component: StaticComponent,
    funcs: u32,
}

/// Validates `bytes` and records its components.
pub fn parse(features: wasmparser::WasmFeatures, bytes: &[u8]) -> Result<Parsed> {
    let mut validator = Validator::new_with_features(features);
    let mut stack: Vec<Frame> = Vec::new();
    let mut components = Vec::new();
    let mut modules = Vec::new();
    let mut module_depth = 0u32;
    let mut keys = ResourceKeys::default();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload?;
        let valid = validator.payload(&payload)?;
        if let ValidPayload::End(_) = valid {
            if module_depth > 0 {
                module_depth -= 1;
                continue;
            }
            let frame = stack.pop().context("unbalanced component nesting")?;
            components.push(frame.component);
            if let Some(parent) = stack.last_mut() {
                parent
                    .component
                    .items
                    .push(Item::Component(components.len() as u32 - 1));
            }
            continue;
        }
        if module_depth > 0 {
            continue;
        }
        match payload {
            Payload::Version { encoding, .. } => match encoding {
                wasmparser::Encoding::Component => stack.push(Frame::default()),
                wasmparser::Encoding::Module => {
                    if stack.is_empty() {
                        bail!("expected a component, found a core module");
                    }
                }
            },
            Payload::ModuleSection {
                unchecked_range, ..
            } => {
                modules.push(unchecked_range.start as usize..unchecked_range.end as usize);
                top(&mut stack)?
                    .component
                    .items
                    .push(Item::Module(modules.len() as u32 - 1));
                module_depth += 1;
            }
            Payload::ComponentSection { .. } => {}
            Payload::InstanceSection(reader) => {
                let items = &mut top(&mut stack)?.component.items;
                for inst in reader {
                    match inst? {
                        wasmparser::Instance::Instantiate { module_index, args } => {
                            items.push(Item::CoreInstantiate {
                                module: module_index,
                                args: args.iter().map(|a| (a.name.to_string(), a.index)).collect(),
                            })
                        }
                        wasmparser::Instance::FromExports(exports) => {
                            let list = exports
                                .iter()
                                .map(|e| {
                                    Ok((e.name.to_string(), CoreSort::from_kind(e.kind)?, e.index))
                                })
                                .collect::<Result<_>>()?;
                            items.push(Item::CoreInstanceExports(list));
                        }
                    }
                }
            }
            Payload::ComponentInstanceSection(reader) => {
                let types = validator
                    .types(0)
                    .context("validator has no current component")?;
                let first = types.component_instance_count() - reader.count();
                let items = &mut top(&mut stack)?.component.items;
                for (n, inst) in reader.into_iter().enumerate() {
                    match inst? {
                        wasmparser::ComponentInstance::Instantiate {
                            component_index,
                            args,
                        } => {
                            let args = args
                                .iter()
                                .map(|a| {
                                    Ok((a.name.to_string(), Sort::from_kind(a.kind)?, a.index))
                                })
                                .collect::<Result<_>>()?;
                            let id = types.component_instance_at(first + n as u32);
                            let mut resources = Vec::new();
                            instance_resources(
                                &types,
                                id,
                                &mut Vec::new(),
                                &mut keys,
                                &mut resources,
                            );
                            items.push(Item::Instantiate {
                                component: component_index,
                                args,
                                resources,
                            });
                        }
                        wasmparser::ComponentInstance::FromExports(exports) => {
                            let list = exports
                                .iter()
                                .map(|e| {
                                    Ok((e.name.name.to_string(), Sort::from_kind(e.kind)?, e.index))
                                })
                                .collect::<Result<_>>()?;
                            items.push(Item::InstanceExports(list));
                        }
                    }
                }
            }
            Payload::ComponentAliasSection(reader) => {
                let types = validator
                    .types(0)
                    .context("validator has no current component")?;
                let aliases = reader.into_iter().collect::<Result<Vec<_>, _>>()?;
                let new_types = aliases.iter().filter(|a| alias_makes_type(a)).count() as u32;
                let mut next_type = types.component_type_count() - new_types;
                let frame = top(&mut stack)?;
                for alias in aliases {
                    let key = if alias_makes_type(&alias) {
                        next_type += 1;
                        resource_key(&types, next_type - 1, &mut keys)
                    } else {
                        None
                    };
                    let item = match alias {
                        ComponentAlias::InstanceExport {
                            kind,
                            instance_index,
                            name,
                        } => {
                            let sort = Sort::from_kind(kind)?;
                            Item::Alias {
                                sort,
                                instance: instance_index,
                                name: name.to_string(),
                                key,
                            }
                        }
                        ComponentAlias::CoreInstanceExport {
                            kind,
                            instance_index,
                            name,
                        } => Item::CoreAlias {
                            sort: CoreSort::from_kind(kind)?,
                            instance: instance_index,
                            name: name.to_string(),
                        },
                        ComponentAlias::Outer { kind, count, index } => match kind {
                            ComponentOuterAliasKind::CoreModule => Item::OuterAlias {
                                sort: Sort::Module,
                                count,
                                index,
                            },
                            ComponentOuterAliasKind::Component => Item::OuterAlias {
                                sort: Sort::Component,
                                count,
                                index,
                            },
                            ComponentOuterAliasKind::Type => Item::Type(key),
                            ComponentOuterAliasKind::CoreType => continue,
                        },
                    };
                    if let Item::Alias {
                        sort: Sort::Func, ..
                    } = item
                    {
                        frame.funcs += 1;
                    }
                    frame.component.items.push(item);
                }
            }
            Payload::ComponentTypeSection(reader) => {
                let types = validator
                    .types(0)
                    .context("validator has no current component")?;
                let first = types.component_type_count() - reader.count();
                let items = &mut top(&mut stack)?.component.items;
                for (n, ty) in reader.into_iter().enumerate() {
                    let key = resource_key(&types, first + n as u32, &mut keys);
                    items.push(match (ty?, key) {
                        (wasmparser::ComponentType::Resource { dtor, .. }, Some(key)) => {
                            Item::ResourceDef { key, dtor }
                        }
                        (_, key) => Item::Type(key),
                    });
                }
            }
            Payload::CoreTypeSection(_) => {}
            Payload::ComponentCanonicalSection(reader) => {
                let types = validator
                    .types(0)
                    .context("validator has no current component")?;
                let frame = stack
                    .last_mut()
                    .context("canonical section outside a component")?;
                for canon in reader {
                    let canon = canon?;
                    let builtin = match &canon {
                        CanonicalFunction::ResourceNew { resource } => {
                            Some((ResourceOp::New, *resource))
                        }
                        CanonicalFunction::ResourceDrop { resource } => {
                            Some((ResourceOp::Drop, *resource))
                        }
                        CanonicalFunction::ResourceRep { resource } => {
                            Some((ResourceOp::Rep, *resource))
                        }
                        _ => None,
                    };
                    if let Some((op, ty)) = builtin {
                        let key = resource_key(&types, ty, &mut keys)
                            .context("a resource built-in names a type that is not a resource")?;
                        frame
                            .component
                            .items
                            .push(Item::ResourceBuiltin { op, key });
                        continue;
                    }
                    let mut conv = TypeConverter::with_resources(types, &mut keys);
                    match canon {
                        CanonicalFunction::Lift {
                            core_func_index,
                            options,
                            ..
                        } => {
                            let id = types.component_function_at(frame.funcs);
                            frame.funcs += 1;
                            let sig = func_sig(&mut conv, &types[id])?;
                            let opts = canon_opts(&options)?;
                            frame.component.items.push(Item::Lift {
                                core_func: core_func_index,
                                sig,
                                opts,
                            });
                        }
                        CanonicalFunction::Lower {
                            func_index,
                            options,
                        } => {
                            let id = types.component_function_at(func_index);
                            let sig = func_sig(&mut conv, &types[id])?;
                            let opts = canon_opts(&options)?;
                            frame.component.items.push(Item::Lower {
                                func: func_index,
                                sig,
                                opts,
                            });
                        }
                        other => bail!(
                            "canonical built-in `{}` is not supported by hoist",
                            canon_name(&other)
                        ),
                    }
                }
            }
            Payload::ComponentStartSection { .. } => {
                bail!("component start functions are not supported by hoist")
            }
            Payload::ComponentImportSection(reader) => {
                let types = validator
                    .types(0)
                    .context("validator has no current component")?;
                let mut conv = TypeConverter::with_resources(types, &mut keys);
                let frame = stack
                    .last_mut()
                    .context("import section outside a component")?;
                for import in reader {
                    let import = import?;
                    let name = import.name.name.to_string();
                    let sort = match import.ty {
                        ComponentTypeRef::Module(_) => Sort::Module,
                        ComponentTypeRef::Func(_) => Sort::Func,
                        ComponentTypeRef::Value(_) => {
                            bail!("component values are not supported by hoist")
                        }
                        ComponentTypeRef::Type(_) => Sort::Type,
                        ComponentTypeRef::Instance(_) => Sort::Instance,
                        ComponentTypeRef::Component(_) => Sort::Component,
                    };
                    let ty = match types.component_item_for_import(import.name.name) {
                        Some(item) => import_ty(&mut conv, &types, &item.ty)?,
                        None => ImportTy::Type,
                    };
                    if sort == Sort::Func {
                        frame.funcs += 1;
                    }
                    frame.component.items.push(Item::Import { name, sort, ty });
                }
            }
            Payload::ComponentExportSection(reader) => {
                let types = validator
                    .types(0)
                    .context("validator has no current component")?;
                let exports = reader.into_iter().collect::<Result<Vec<_>, _>>()?;
                let new_types = exports
                    .iter()
                    .filter(|e| e.kind == ComponentExternalKind::Type)
                    .count() as u32;
                let mut next_type = types.component_type_count() - new_types;
                let frame = top(&mut stack)?;
                for export in exports {
                    let sort = Sort::from_kind(export.kind)?;
                    if sort == Sort::Func {
                        frame.funcs += 1;
                    }
                    let key = if sort == Sort::Type {
                        next_type += 1;
                        resource_key(&types, next_type - 1, &mut keys)
                    } else {
                        None
                    };
                    frame.component.items.push(Item::Export {
                        name: export.name.name.to_string(),
                        sort,
                        index: export.index,
                        key,
                    });
                }
            }
            Payload::CustomSection(_) => {}
            Payload::End(_) => {}
            other => {
                if let Some((id, _)) = other.as_section() {
                    bail!("unexpected section {id} in a component");
                }
            }
        }
    }
    if components.is_empty() {
        bail!("the binary holds no component");
    }
    Ok(Parsed {
        components,
        modules,
    })
}

/// The number of the resource that type index `index` of the current
/// component stands for, if it is a resource type.
fn resource_key(
    types: &wasmparser::types::TypesRef<'_>,
    index: u32,
    keys: &mut ResourceKeys,
) -> Option<u32> {
    match types.component_any_type_at(index) {
        wasmparser::component_types::ComponentAnyTypeId::Resource(r) => {
            Some(keys.key(r.resource()))
        }
        _ => None,
    }
}

/// Whether an alias adds to the component's type index space.
fn alias_makes_type(a: &ComponentAlias<'_>) -> bool {
    match a {
        ComponentAlias::InstanceExport { kind, .. } => *kind == ComponentExternalKind::Type,
        ComponentAlias::Outer { kind, .. } => *kind == ComponentOuterAliasKind::Type,
        ComponentAlias::CoreInstanceExport { .. } => false,
    }
}

/// Collects the resource types among the exports of instance type `id`
/// (and of its exported instances), with their export paths.
fn instance_resources(
    types: &wasmparser::types::TypesRef<'_>,
    id: wasmparser::component_types::ComponentInstanceTypeId,
    path: &mut Vec<String>,
    keys: &mut ResourceKeys,
    out: &mut Vec<(Vec<String>, u32)>,
) {
    use wasmparser::component_types::{ComponentAnyTypeId, ComponentEntityType as E};
    for (name, item) in types[id].exports.iter() {
        path.push(name.clone());
        match &item.ty {
            E::Type {
                referenced: ComponentAnyTypeId::Resource(r),
                ..
            } => out.push((path.clone(), keys.key(r.resource()))),
            E::Instance(inner) => instance_resources(types, *inner, path, keys, out),
            _ => {}
        }
        path.pop();
    }
}

fn top(stack: &mut [Frame]) -> Result<&mut Frame> {
    stack.last_mut().context("section outside of a component")
}

fn canon_name(f: &CanonicalFunction) -> String {
    let dbg = format!("{f:?}");
    dbg.split([' ', '{', '('])
        .next()
        .unwrap_or("unknown")
        .to_string()
}

fn canon_opts(options: &[CanonicalOption]) -> Result<CanonOpts> {
    let mut opts = CanonOpts::default();
    for o in options {
        match o {
            CanonicalOption::UTF8 => opts.encoding = StringEncoding::Utf8,
            CanonicalOption::UTF16 => opts.encoding = StringEncoding::Utf16,
            CanonicalOption::CompactUTF16 => opts.encoding = StringEncoding::CompactUtf16,
            CanonicalOption::Memory(m) => opts.memory = Some(*m),
            CanonicalOption::Realloc(r) => opts.realloc = Some(*r),
            CanonicalOption::PostReturn(p) => opts.post_return = Some(*p),
            other => bail!("canonical option `{other:?}` is not supported by hoist"),
        }
    }
    Ok(opts)
}

fn func_sig(
    conv: &mut TypeConverter<'_>,
    ty: &wasmparser::component_types::ComponentFuncType,
) -> Result<Arc<FuncSig>> {
    if ty.async_ {
        bail!("async component functions are not supported by hoist");
    }
    let params = ty
        .params
        .iter()
        .map(|(name, t)| Ok((name.as_str().to_string(), conv.convert(t)?)))
        .collect::<Result<_>>()?;
    let results = ty
        .result
        .iter()
        .map(|t| conv.convert(t))
        .collect::<Result<_>>()?;
    Ok(Arc::new(FuncSig { params, results }))
}

fn import_ty(
    conv: &mut TypeConverter<'_>,
    types: &wasmparser::types::TypesRef<'_>,
    ty: &wasmparser::component_types::ComponentEntityType,
) -> Result<ImportTy> {
    use wasmparser::component_types::ComponentEntityType as E;
    Ok(match ty {
        E::Func(id) => ImportTy::Func(func_sig(conv, &types[*id])?),
        E::Instance(id) => {
            let inst = &types[*id];
            let mut exports = Vec::new();
            for (name, item) in inst.exports.iter() {
                exports.push((name.clone(), import_ty(conv, types, &item.ty)?));
            }
            ImportTy::Instance(exports)
        }
        E::Module(id) => {
            let m = &types[*id];
            let ext = |t: &wasmparser::types::EntityType| -> Result<crate::ExternType> {
                Ok(match t {
                    wasmparser::types::EntityType::Func(f)
                    | wasmparser::types::EntityType::FuncExact(f) => {
                        let sub = &types[*f];
                        match &sub.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(ft) => {
                                crate::ExternType::Func(crate::FuncType::from_wasm(ft)?)
                            }
                            _ => bail!("only function types are supported by hoist"),
                        }
                    }
                    wasmparser::types::EntityType::Table(t) => {
                        crate::ExternType::Table(crate::TableType::from_wasm(t)?)
                    }
                    wasmparser::types::EntityType::Memory(m) => {
                        crate::ExternType::Memory(crate::MemoryType::from_wasm(m)?)
                    }
                    wasmparser::types::EntityType::Global(g) => {
                        crate::ExternType::Global(crate::GlobalType::from_wasm(g)?)
                    }
                    wasmparser::types::EntityType::Tag(_) => {
                        bail!("tags are not supported by hoist")
                    }
                })
            };
            ImportTy::Module {
                imports: m
                    .imports
                    .iter()
                    .map(|((module, name), t)| Ok((module.clone(), name.clone(), ext(t)?)))
                    .collect::<Result<_>>()?,
                exports: m
                    .exports
                    .iter()
                    .map(|(n, t)| Ok((n.clone(), ext(t)?)))
                    .collect::<Result<_>>()?,
            }
        }
        E::Type { referenced, .. } => match referenced {
            wasmparser::component_types::ComponentAnyTypeId::Resource(r) => {
                ImportTy::Resource(conv.resource_key(r.resource())?)
            }
            _ => ImportTy::Type,
        },
        E::Value(_) => bail!("component values are not supported by hoist"),
        E::Component(_) => ImportTy::Type,
    })
}
