//! Compile time for components: from a component binary to one flat, ordered
//! list of [`Initializer`]s plus the root's imports and exports.
//!
//! `parse` walks the validated binary into one `parse::StaticComponent` per
//! component (nested ones included), resolving every function type through the
//! validator; `inline` then instantiates the root symbolically, resolving
//! imports, aliases, outer aliases and nested instantiations, so that nested
//! components disappear and instantiation only walks the list; `reexport`
//! writes the small core modules of the shims through which the root
//! exports functions it imports. The output is plain data: no store, no
//! pointers.

mod inline;
mod parse;
pub use parse::ResourceOp;
mod reexport;

use super::layout::FlatType;
use super::types::Type;
use super::StringEncoding;
use crate::types::FuncType;
use anyhow::Result;
use std::sync::Arc;

/// A component function's signature, with its types resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct FuncSig {
    /// Named parameters.
    pub params: Vec<(String, Type)>,
    /// The result, if any (zero or one).
    pub results: Vec<Type>,
}

impl FuncSig {
    /// This signature with resource numbers replaced by `f` of them.
    #[inline]
    pub fn map_resources(&self, f: &mut dyn FnMut(u32) -> Result<u32>) -> Result<FuncSig> {
        Ok(FuncSig {
            params: self
                .params
                .iter()
                .map(|(n, t)| Ok((n.clone(), t.map_resources(f)?)))
                .collect::<Result<_>>()?,
            results: self
                .results
                .iter()
                .map(|t| t.map_resources(f))
                .collect::<Result<_>>()?,
        })
    }

    /// The parameter types.
    #[inline]
    pub fn param_types(&self) -> Vec<Type> {
        self.params.iter().map(|(_, t)| t.clone()).collect()
    }
}

impl std::fmt::Display for FuncSig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "func(")?;
        for (i, (name, ty)) in self.params.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{name}: {ty}")?;
        }
        write!(f, ")")?;
        if let Some(r) = self.results.first() {
            write!(f, " -> {r}")?;
        }
        Ok(())
    }
}

/// The type of one root import (or of an export of an imported instance).
#[derive(Clone, Debug)]
pub enum ImportTy {
    /// A function.
    Func(Arc<FuncSig>),
    /// An instance with these exports.
    Instance(Vec<(String, ImportTy)>),
    /// A core module, with its imports and exports.
    Module {
        /// `(module, name, type)` of each import.
        imports: Vec<(String, String, crate::ExternType)>,
        /// `(name, type)` of each export.
        exports: Vec<(String, crate::ExternType)>,
    },
    /// A type (nothing to supply at run time).
    Type,
    /// A resource type (the host supplies one), by its index among the
    /// component's resource types.
    Resource(u32),
}

impl ImportTy {
    /// This type with resource numbers replaced by `f` of them.
    #[inline]
    pub fn map_resources(&self, f: &mut dyn FnMut(u32) -> Result<u32>) -> Result<ImportTy> {
        Ok(match self {
            ImportTy::Func(sig) => ImportTy::Func(Arc::new(sig.map_resources(f)?)),
            ImportTy::Instance(list) => ImportTy::Instance(
                list.iter()
                    .map(|(n, t)| Ok((n.clone(), t.map_resources(f)?)))
                    .collect::<Result<_>>()?,
            ),
            ImportTy::Resource(r) => ImportTy::Resource(f(*r)?),
            other => other.clone(),
        })
    }

    /// The type at `path` below this one (through instance exports).
    #[inline]
    pub fn at(&self, path: &[String]) -> Option<&ImportTy> {
        let mut cur = self;
        for name in path {
            let ImportTy::Instance(list) = cur else {
                return None;
            };
            cur = &list.iter().find(|(n, _)| n == name)?.1;
        }
        Some(cur)
    }

    /// The kind of item, as a word for messages.
    #[inline]
    pub fn kind(&self) -> &'static str {
        match self {
            ImportTy::Func(_) => "func",
            ImportTy::Instance(_) => "instance",
            ImportTy::Module { .. } => "module",
            ImportTy::Type => "type",
            ImportTy::Resource(_) => "resource type",
        }
    }
}

/// A path to an item reached through a root import: the import's index, then
/// export names of nested instances.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImportPath {
    /// Index into [`Translation::imports`].
    pub import: u32,
    /// Export names below the import.
    pub path: Vec<String>,
}

/// A core definition as seen at run time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CoreDef {
    /// The export `name` of runtime core instance `instance`.
    Export {
        /// Index of the core instance, in initializer order.
        instance: u32,
        /// Export name.
        name: String,
    },
    /// The core function made by lowering number `.0`.
    Lowered(u32),
}

/// Canonical options with their definitions resolved.
#[derive(Clone, Debug, Default)]
pub struct OptionsDef {
    /// The string encoding.
    pub encoding: StringEncoding,
    /// The memory, if given.
    pub memory: Option<CoreDef>,
    /// The `realloc` function, if given.
    pub realloc: Option<CoreDef>,
    /// The `post-return` function, if given.
    pub post_return: Option<CoreDef>,
}

/// A component function as a definition.
#[derive(Clone, Debug)]
pub enum FuncDef {
    /// A function of a root import.
    Import(ImportPath),
    /// A core function lifted with canonical options.
    Lifted(Arc<Lifted>),
}

/// A `canon lift`, resolved.
#[derive(Debug)]
pub struct Lifted {
    /// The function's signature.
    pub sig: Arc<FuncSig>,
    /// The core function called.
    pub core: CoreDef,
    /// How values cross.
    pub options: OptionsDef,
    /// The component instance (scope) the function belongs to.
    pub scope: u32,
    /// The scopes a call from the host enters (the spec's
    /// `entering_set(None)`): `scope` and its ancestors, innermost first.
    pub entering_set: Box<[u32]>,
    /// Whether the scope only passes borrowed handles on (the shim of a
    /// re-exported import): those a call lowered into it end when it
    /// returns, where any other callee must drop them itself.
    pub passes_borrows: bool,
}

/// A core module as a definition.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ModuleDef {
    /// Static module `.0` of [`Translation::modules`].
    Static(u32),
    /// A module of a root import.
    Import(ImportPath),
}

/// The instance a core module's imports are taken from, by module name.
#[derive(Clone, Debug)]
pub enum CoreInstanceArg {
    /// A runtime core instance.
    Instance(u32),
    /// An instance made of these definitions.
    Exports(Vec<(String, CoreDef)>),
}

/// One step of instantiation.
#[derive(Clone, Debug)]
pub enum Initializer {
    /// Instantiate a core module; the new core instance gets the next index.
    InstantiateModule {
        /// The module.
        module: ModuleDef,
        /// Import module name → the instance that supplies it.
        args: Vec<(String, CoreInstanceArg)>,
    },
    /// Make core function `Lowered(index)` from a component function.
    Lower {
        /// The index of the lowered function.
        index: u32,
        /// The function lowered.
        func: FuncDef,
        /// Its signature.
        sig: Arc<FuncSig>,
        /// How values cross.
        options: OptionsDef,
        /// The core signature the lowered function has.
        core_ty: FuncType,
        /// The component instance (scope) doing the lowering: the caller.
        scope: u32,
        /// For a lifted function, the scopes the call enters (the spec's
        /// `entering_set(caller)`): the callee's scope and its ancestors,
        /// minus the caller's scope and its ancestors, innermost first. It
        /// is empty when the callee belongs to the caller or to one of its
        /// ancestors (a child calling back into its parent: donut wrapping),
        /// and for a host import.
        entering_set: Box<[u32]>,
    },
    /// Make core function `Lowered(index)`: a resource built-in.
    Resource {
        /// The index of the core function.
        index: u32,
        /// Which built-in.
        op: parse::ResourceOp,
        /// The resource type it works on.
        resource: u32,
        /// The scope whose handle table it works on.
        scope: u32,
    },
}

/// A resource type of the component.
#[derive(Clone, Debug)]
pub enum ResourceDef {
    /// Supplied by the host: each of these root import paths must give it
    /// (more than one when `eq` bounds tie imports together).
    Imported(Vec<ImportPath>),
    /// Defined by the component instance (scope) `scope`, anew for each
    /// instantiation.
    Defined {
        /// The defining scope (the spec's `rt.impl`).
        scope: u32,
        /// The destructor, a core function of the scope.
        dtor: Option<CoreDef>,
    },
}

/// An export of the root component.
#[derive(Clone, Debug)]
pub enum ExportDef {
    /// A function: always a lifted one (the shim of a re-exported import
    /// included).
    Func(Arc<Lifted>),
    /// An instance and its exports.
    Instance(Vec<(String, ExportDef)>),
    /// A core module.
    Module(ModuleDef),
    /// A type.
    Type,
    /// A resource type, by its index among the component's.
    Resource(u32),
}

/// Where the bytes of one of a component's core modules come from.
#[derive(Clone, Debug)]
pub enum ModuleSource {
    /// A byte range of the component binary: a module the component defines.
    Binary(std::ops::Range<usize>),
    /// Text hoist wrote: the shims of re-exported imports (see `reexport`).
    Text(String),
}

/// A translated component.
#[derive(Debug)]
pub struct Translation {
    /// The core modules defined anywhere in the component, then those hoist
    /// adds.
    pub modules: Vec<ModuleSource>,
    /// What instantiation does, in order.
    pub initializers: Vec<Initializer>,
    /// The root imports and their types.
    pub imports: Vec<(String, ImportTy)>,
    /// The root exports.
    pub exports: Vec<(String, ExportDef)>,
    /// How many component instances (scopes) instantiation creates.
    pub num_scopes: u32,
    /// How many core instances instantiation creates.
    pub num_core_instances: u32,
    /// How many lowered functions instantiation creates (resource
    /// built-ins included).
    pub num_lowered: u32,
    /// The component's resource types; `own` and `borrow` types name them
    /// by index.
    pub resources: Vec<ResourceDef>,
    /// The parent of each scope (the scope whose `instance` definition
    /// instantiated it), `None` for the root.
    pub scope_parents: Vec<Option<u32>>,
}

/// The scopes a call from scope `caller` (`None`: the host) into a function
/// of scope `callee` enters (the spec's `entering_set`): the callee's scope
/// and its ancestors, minus the caller's scope and its ancestors, innermost
/// first. `parents` gives each scope's parent.
#[inline]
pub fn entering_set(parents: &[Option<u32>], callee: u32, caller: Option<u32>) -> Box<[u32]> {
    let chain = |scope: u32| {
        std::iter::successors(Some(scope), |s| parents.get(*s as usize).copied().flatten())
    };
    let inside: Vec<u32> = match caller {
        Some(c) => chain(c).collect(),
        None => Vec::new(),
    };
    chain(callee).filter(|s| !inside.contains(s)).collect()
}

/// Validates and translates a component binary.
#[inline]
pub fn translate(features: wasmparser::WasmFeatures, bytes: &[u8]) -> Result<Translation> {
    let parsed = parse::parse(features, bytes)?;
    inline::inline(parsed)
}

/// The core type of a lowered (`lower = true`) or lifted function.
#[inline]
pub fn core_type(sig: &FuncSig, lower: bool) -> Result<FuncType> {
    use super::AbiContext;
    let abi = super::FuncAbi::new(sig.param_types(), sig.results.clone())?;
    let (p, r) = abi.core_signature(if lower {
        AbiContext::Lower
    } else {
        AbiContext::Lift
    });
    let conv = |t: &FlatType| t.to_val_type();
    Ok(FuncType::new(p.iter().map(conv), r.iter().map(conv)))
}
