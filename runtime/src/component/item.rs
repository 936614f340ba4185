//! [`ComponentItem`]: the type of one import or export of a compiled
//! [`Component`], for a host to inspect a component before it links or
//! instantiates it.
//!
//! Not here: checking imports against definitions (`linker`), or the
//! exports of a running instance (`instance`).

use super::compiled::Component;
use super::translate::{ExportDef, FuncSig, ImportTy, ModuleDef};
use super::types::ResourceIndex;
use crate::ExternType;

/// The type of an import or export of a component.
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine};
/// use hoist_runtime::component::{Component, ComponentItem, Type};
/// let engine = Engine::default();
/// let component = Component::new(&engine, r#"(component
///     (import "log" (func (param "msg" string)))
///     (core module $m (func (export "add") (param i32 i32) (result i32)
///         local.get 0 local.get 1 i32.add))
///     (core instance $i (instantiate $m))
///     (func (export "add") (param "a" u32) (param "b" u32) (result u32)
///         (canon lift (core func $i "add"))))"#)?;
/// let (name, ComponentItem::Func(log)) = component.imports().next().unwrap() else {
///     panic!("a function import")
/// };
/// assert_eq!((name, log.params[0].1.clone()), ("log", Type::String));
/// let exports: Vec<_> = component.exports().collect();
/// let ComponentItem::Func(add) = &exports[0].1 else { panic!("a function export") };
/// assert_eq!(add.to_string(), "func(a: u32, b: u32) -> u32");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum ComponentItem {
    /// A function, with its named parameters and its result.
    Func(FuncSig),
    /// An instance, with its exports in order.
    Instance(Vec<(String, ComponentItem)>),
    /// A core module.
    Module {
        /// `(module, name, type)` of each import.
        imports: Vec<(String, String, ExternType)>,
        /// `(name, type)` of each export.
        exports: Vec<(String, ExternType)>,
    },
    /// A type other than a resource type.
    Type,
    /// A resource type, by its index in the component: the index that the
    /// `own` and `borrow` types of the functions name.
    /// [`Instance::resource_type`](super::Instance::resource_type) gives
    /// the run-time type once the component is instantiated.
    Resource(ResourceIndex),
}

impl ComponentItem {
    fn of_import(ty: &ImportTy) -> ComponentItem {
        match ty {
            ImportTy::Func(sig) => ComponentItem::Func((**sig).clone()),
            ImportTy::Instance(list) => ComponentItem::Instance(
                list.iter()
                    .map(|(n, t)| (n.clone(), ComponentItem::of_import(t)))
                    .collect(),
            ),
            ImportTy::Module { imports, exports } => ComponentItem::Module {
                imports: imports.clone(),
                exports: exports.clone(),
            },
            ImportTy::Type => ComponentItem::Type,
            ImportTy::Resource(r) => ComponentItem::Resource(ResourceIndex::new(*r)),
        }
    }

    fn of_export(component: &Component, def: &ExportDef) -> ComponentItem {
        match def {
            ExportDef::Func(lifted) => ComponentItem::Func((*lifted.sig).clone()),
            ExportDef::Instance(list) => ComponentItem::Instance(
                list.iter()
                    .map(|(n, d)| (n.clone(), ComponentItem::of_export(component, d)))
                    .collect(),
            ),
            ExportDef::Module(ModuleDef::Static(i)) => {
                match component.inner.modules.get(*i as usize) {
                    Some(m) => ComponentItem::Module {
                        imports: m
                            .imports()
                            .map(|i| (i.module().to_string(), i.name().to_string(), i.ty()))
                            .collect(),
                        exports: m
                            .exports()
                            .map(|e| (e.name().to_string(), e.ty()))
                            .collect(),
                    },
                    None => ComponentItem::Module {
                        imports: Vec::new(),
                        exports: Vec::new(),
                    },
                }
            }
            ExportDef::Module(ModuleDef::Import(path)) => component
                .import_tys()
                .get(path.import as usize)
                .and_then(|(_, t)| t.at(&path.path))
                .map(ComponentItem::of_import)
                .unwrap_or(ComponentItem::Module {
                    imports: Vec::new(),
                    exports: Vec::new(),
                }),
            ExportDef::Type => ComponentItem::Type,
            ExportDef::Resource(r) => ComponentItem::Resource(ResourceIndex::new(*r)),
        }
    }
}

impl Component {
    /// The root imports, in order, with their types.
    pub fn imports(&self) -> impl ExactSizeIterator<Item = (&str, ComponentItem)> + '_ {
        self.import_tys()
            .iter()
            .map(|(n, t)| (n.as_str(), ComponentItem::of_import(t)))
    }

    /// The root exports, in order, with their types.
    pub fn exports(&self) -> impl ExactSizeIterator<Item = (&str, ComponentItem)> + '_ {
        self.export_defs()
            .iter()
            .map(|(n, d)| (n.as_str(), ComponentItem::of_export(self, d)))
    }
}
