//! The component [`Linker`]: host functions, instances and core modules by
//! name (nested instances to any depth), resolved against a component's
//! imports with link-time type checks; [`InstancePre`] is the result of that
//! resolution, instantiable many times. Which definition serves a
//! versioned import name is decided in `versions.rs`.

use super::compiled::Component;
use super::instance::{instantiate, ImportValue, Instance};
use super::lowered::{HostFn, HostFunc};
use super::plan::Prepared;
use super::resources::{Dtor, HostDtor, ResourceType};
use super::translate::{ImportPath, ImportTy, ResourceDef};
use super::typed::host::typed_host_func;
use super::typed::{LiftNamedList, LowerNamedList};
use super::values::Val;
use super::versions;
use crate::store::{AsContextMut, StoreContextMut};
use crate::{Engine, Module};
use anyhow::{anyhow, bail, Context as _, Result};
use std::collections::HashMap;
use std::sync::Arc;

enum Def<T> {
    Func(HostFunc<T>),
    Instance(Map<T>),
    Module(Module),
    Resource(ResourceType, Option<Dtor>),
}

struct Map<T> {
    items: HashMap<String, Def<T>>,
}

impl<T> Default for Map<T> {
    fn default() -> Self {
        Map {
            items: HashMap::new(),
        }
    }
}

impl<T> Map<T> {
    /// The name of the definition that serves an import named `name`:
    /// `name` itself if defined, else the newest semver-compatible one
    /// (see [`Linker`], "Versions").
    fn find(&self, name: &str) -> Option<&str> {
        if let Some((key, _)) = self.items.get_key_value(name) {
            return Some(key);
        }
        versions::newest_compatible(name, self.items.keys().map(String::as_str))
    }

    /// The definition that serves an import named `name` ([`Map::find`]).
    fn get(&self, name: &str) -> Option<&Def<T>> {
        self.find(name).map(|key| &self.items[key])
    }

    /// The definition that serves the import at `segments` (an import's
    /// name, then the names of the exports of imported instances down to
    /// it), looked up by [`Map::get`] at each step.
    fn get_path(&self, segments: &[&str]) -> Option<&Def<T>> {
        let (last, instances) = segments.split_last()?;
        let mut map = self;
        for name in instances {
            match map.get(name)? {
                Def::Instance(inner) => map = inner,
                _ => return None,
            }
        }
        map.get(last)
    }

    /// For the message when nothing serves import `name`: the versions at
    /// which this map defines the name, if any, none of them compatible.
    fn versions_hint(&self, name: &str) -> String {
        let others = versions::other_versions(name, self.items.keys().map(String::as_str));
        if others.is_empty() {
            return String::new();
        }
        let base = name.split_once('@').map_or(name, |(base, _)| base);
        let list: Vec<String> = others.iter().map(|v| format!("`@{v}`")).collect();
        format!(
            " (the linker defines `{base}` only at {}, none semver-compatible with the import)",
            list.join(", ")
        )
    }
}

/// Host definitions for component imports.
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine, Store};
/// use hoist_runtime::component::{Component, Linker, Val};
/// let engine = Engine::default();
/// let component = Component::new(&engine, r#"(component
///     (import "double" (func $d (param "x" u32) (result u32)))
///     (core func $d' (canon lower (func $d)))
///     (core module $m (import "" "d" (func $d (param i32) (result i32)))
///         (func (export "run") (param i32) (result i32) local.get 0 call $d))
///     (core instance $i (instantiate $m (with "" (instance (export "d" (func $d'))))))
///     (func (export "run") (param "x" u32) (result u32) (canon lift (core func $i "run"))))"#)?;
/// let mut linker = Linker::<()>::new(&engine);
/// linker.root().func_new("double", |_store, params, results| {
///     let Val::U32(x) = params[0] else { anyhow::bail!("expected u32") };
///     results[0] = Val::U32(x * 2);
///     Ok(())
/// })?;
/// let mut store = Store::new(&engine, ());
/// let instance = linker.instantiate(&mut store, &component)?;
/// let run = instance.get_func(&mut store, "run").unwrap();
/// let mut out = [Val::U32(0)];
/// run.call(&mut store, &[Val::U32(21)], &mut out)?;
/// assert_eq!(out[0], Val::U32(42));
/// # Ok(()) }
/// ```
///
/// # Versions
///
/// An import whose name is an interface name with a version
/// (`ns:pkg/iface@X.Y.Z`, at the root or inside an imported instance, for
/// instances, functions and resource types alike) is served by the
/// definition of exactly that name if the linker has one, else by the
/// newest definition of the same interface whose version is
/// semver-compatible with the import's:
///
/// - from 1.0.0 on, the same major version (`@1.0.0` and `@1.3.0` match,
///   `@1.0.0` and `@2.0.0` do not);
/// - below 1.0.0, the same minor version (`@0.2.0` and `@0.2.12` match,
///   `@0.2.0` and `@0.3.0` do not);
/// - `0.0.z` versions and pre-releases (`@1.0.0-rc.1`) match only
///   themselves.
///
/// The rule goes both ways, as Wasmtime's does: an import `@0.2.12` is
/// served by a definition `@0.2.0` too, and the link-time type check then
/// decides whether the definition has what the import needs. A canonical
/// version (`@1`, `@0.2`) matches the newest definition of its line.
/// Defining names is always by the exact name given.
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine, Store};
/// use hoist_runtime::component::{Component, Linker};
/// let engine = Engine::default();
/// let component = Component::new(&engine, r#"(component
///     (import "wasi:random/random@0.2.0" (instance $r
///         (export "get-random-u64" (func (result u64)))))
///     (core func $get (canon lower (func $r "get-random-u64")))
///     (core module $m (import "" "get" (func $get (result i64)))
///         (func (export "run") (result i64) call $get))
///     (core instance $i (instantiate $m (with "" (instance (export "get" (func $get))))))
///     (func (export "run") (result u64) (canon lift (core func $i "run"))))"#)?;
/// let mut linker = Linker::<()>::new(&engine);
/// linker
///     .instance("wasi:random/random@0.2.12")?
///     .func_wrap("get-random-u64", |_, (): ()| Ok((4u64,)))?;
/// let mut store = Store::new(&engine, ());
/// let instance = linker.instantiate(&mut store, &component)?;
/// let run = instance.get_typed_func::<(), (u64,)>(&mut store, "run")?;
/// assert_eq!(run.call(&mut store, ())?, (4,));
/// # Ok(()) }
/// ```
pub struct Linker<T> {
    engine: Engine,
    root: Map<T>,
    allow_shadowing: bool,
}

/// A view of one (possibly nested) instance of a [`Linker`], to define names in.
pub struct LinkerInstance<'a, T> {
    map: &'a mut Map<T>,
    path: Vec<String>,
    allow_shadowing: bool,
}

impl<T: 'static> Linker<T> {
    /// An empty linker.
    pub fn new(engine: &Engine) -> Linker<T> {
        Linker {
            engine: engine.clone(),
            root: Map::default(),
            allow_shadowing: false,
        }
    }

    /// Whether a later definition may replace an earlier one of the same
    /// name (default: no, it is an error).
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.allow_shadowing = allow;
        self
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The root namespace, where the component's top-level imports are defined.
    pub fn root(&mut self) -> LinkerInstance<'_, T> {
        LinkerInstance {
            map: &mut self.root,
            path: Vec::new(),
            allow_shadowing: self.allow_shadowing,
        }
    }

    /// Defines (or opens) the instance `name` at the root.
    pub fn instance(&mut self, name: &str) -> Result<LinkerInstance<'_, T>> {
        let root = LinkerInstance {
            map: &mut self.root,
            path: Vec::new(),
            allow_shadowing: self.allow_shadowing,
        };
        root.into_instance(name)
    }

    /// Defines each function `component` imports that this linker does not
    /// define yet, inside imported instances too, as a host function that
    /// fails when called, with an error naming the import. Useful to run a
    /// component whose unused imports the host does not provide.
    ///
    /// Each imported resource type the linker does not define gets a new
    /// host resource type of its own, equal to no other (imports that the
    /// component ties together with `eq` bounds share one). Its handles can
    /// only come from the stubbed functions, so none ever exists.
    ///
    /// What the linker already serves (see [`Linker`], "Versions") is kept:
    /// a stub for a function of an imported instance served by a
    /// semver-compatible definition goes into that definition. Core module
    /// imports are left as they are: linking still fails on a missing one,
    /// naming it. So does an import whose name is defined with the wrong
    /// kind.
    ///
    /// ```
    /// # fn main() -> anyhow::Result<()> {
    /// use hoist_runtime::{Engine, Store};
    /// use hoist_runtime::component::{Component, Linker};
    /// let engine = Engine::default();
    /// let component = Component::new(&engine, r#"(component
    ///     (import "wasi:cli/environment" (instance $env
    ///         (export "get-arguments" (func (result (list string))))))
    ///     (core module $m (func (export "seven") (result i32) i32.const 7))
    ///     (core instance $i (instantiate $m))
    ///     (func (export "seven") (result u32) (canon lift (core func $i "seven"))))"#)?;
    /// let mut linker = Linker::<()>::new(&engine);
    /// linker.define_unknown_imports_as_traps(&component)?;
    /// let mut store = Store::new(&engine, ());
    /// let instance = linker.instantiate(&mut store, &component)?;
    /// let seven = instance.get_typed_func::<(), (u32,)>(&mut store, "seven")?;
    /// assert_eq!(seven.call(&mut store, ())?, (7,));
    /// # Ok(()) }
    /// ```
    pub fn define_unknown_imports_as_traps(&mut self, component: &Component) -> Result<()> {
        // A new type for each of the component's imported resource types
        // that none of its imports (several, with `eq` bounds) is given.
        let t = &component.inner.translation;
        let mut fresh = HashMap::new();
        for (index, def) in t.resources.iter().enumerate() {
            let ResourceDef::Imported(paths) = def else {
                continue;
            };
            let given = paths.iter().any(|p| {
                let segments = import_segments(component, p);
                matches!(self.root.get_path(&segments), Some(Def::Resource(..)))
            });
            if !given {
                fresh.insert(index as u32, ResourceType::fresh_host());
            }
        }
        let mut root = self.root();
        for (name, ty) in component.import_tys() {
            root.stub_missing(name, name, ty, &fresh)?;
        }
        Ok(())
    }

    /// Resolves `component`'s imports, checking their types once.
    pub fn instantiate_pre(&self, component: &Component) -> Result<InstancePre<T>> {
        if !Engine::same(&self.engine, component.engine()) {
            bail!("the component was compiled for another engine than the linker's");
        }
        let mut imports = Vec::new();
        for (name, ty) in component.import_tys() {
            imports.push(resolve(&self.root, name, ty, name)?);
        }
        check_resources(component, &imports, &self.root)?;
        let prepared = Prepared::new(component, &imports);
        Ok(InstancePre {
            component: component.clone(),
            imports: Arc::new(imports),
            prepared: Arc::new(prepared),
        })
    }

    /// Instantiates `component` in `store`.
    pub fn instantiate(
        &self,
        store: impl AsContextMut<Data = T>,
        component: &Component,
    ) -> Result<Instance> {
        self.instantiate_pre(component)?.instantiate(store)
    }
}

/// Whether an import of type `ty` needs no definition: a type, or an instance
/// whose exports (recursively) are only types.
fn needs_nothing(ty: &ImportTy) -> bool {
    match ty {
        ImportTy::Type => true,
        ImportTy::Instance(exports) => exports.iter().all(|(_, t)| needs_nothing(t)),
        ImportTy::Func(_) | ImportTy::Module { .. } | ImportTy::Resource(_) => false,
    }
}

/// What a definition for an import of type `ty` must be, for messages.
fn expected(ty: &ImportTy) -> String {
    match ty {
        ImportTy::Func(sig) => format!("a function of type `{sig}`"),
        ImportTy::Instance(exports) => {
            let names: Vec<String> = exports
                .iter()
                .filter(|(_, t)| !needs_nothing(t))
                .map(|(n, _)| format!("`{n}`"))
                .collect();
            format!("an instance exporting {}", names.join(", "))
        }
        ImportTy::Module { .. } => "a core module".to_string(),
        ImportTy::Type => "a type".to_string(),
        ImportTy::Resource(_) => "a resource type".to_string(),
    }
}

/// The names from the root down to the import at `p`: the root import's,
/// then those of the exports of imported instances.
fn import_segments<'c>(component: &'c Component, p: &'c ImportPath) -> Vec<&'c str> {
    let root = component.import_tys()[p.import as usize].0.as_str();
    let mut segments = vec![root];
    segments.extend(p.path.iter().map(String::as_str));
    segments
}

/// Checks that the imports bound to one resource type of the component (by
/// `eq` bounds) were given one resource type.
fn check_resources<T>(
    component: &Component,
    imports: &[ImportValue<T>],
    root: &Map<T>,
) -> Result<()> {
    let t = &component.inner.translation;
    let name = |p: &ImportPath| import_segments(component, p).join("/");
    for def in &t.resources {
        let ResourceDef::Imported(paths) = def else {
            continue;
        };
        let mut first: Option<(ResourceType, String)> = None;
        for p in paths {
            let given = imports
                .get(p.import as usize)
                .and_then(|v| v.at(&p.path).ok());
            let ty = match given {
                Some(ImportValue::Resource(ty, _)) => ty,
                // Tied by an `eq` bound to one that is given: not needed.
                Some(ImportValue::None) => continue,
                _ => bail!("import `{}` was not given a resource type", name(p)),
            };
            match &first {
                None => first = Some((*ty, name(p))),
                Some((t0, n0)) if t0 != ty => bail!(
                    "mismatched resource types: imports `{n0}` and `{}` must be the same resource type, and are not",
                    name(p)
                ),
                Some(_) => {}
            }
        }
        if first.is_none() {
            let p = paths
                .first()
                .context("an imported resource type without an import")?;
            let segments = import_segments(component, p);
            let (last, instances) = segments.split_last().context("an empty import path")?;
            let hint = match root.get_path(instances) {
                _ if instances.is_empty() => root.versions_hint(last),
                Some(Def::Instance(map)) => map.versions_hint(last),
                _ => String::new(),
            };
            bail!(
                "import `{}` was not found in the linker: expected a resource type{hint}",
                name(p)
            );
        }
    }
    Ok(())
}

/// The kind of a core item, as a word for messages.
fn extern_kind(ty: &crate::ExternType) -> &'static str {
    match ty {
        crate::ExternType::Func(_) => "func",
        crate::ExternType::Table(_) => "table",
        crate::ExternType::Memory(_) => "memory",
        crate::ExternType::Global(_) => "global",
    }
}

/// What serves the import `key` of `map` of type `ty` (`name`: its full
/// name, for messages).
fn resolve<T>(map: &Map<T>, key: &str, ty: &ImportTy, name: &str) -> Result<ImportValue<T>> {
    Ok(match (ty, map.get(key)) {
        (ImportTy::Type, _) => ImportValue::None,
        (ImportTy::Resource(_), Some(Def::Resource(ty, dtor))) => {
            ImportValue::Resource(*ty, dtor.clone())
        }
        // Whether some import tied to it gives the type is checked once
        // all imports are resolved (`check_resources`).
        (ImportTy::Resource(_), None) => ImportValue::None,
        (ty, None) if needs_nothing(ty) => ImportValue::None,
        (_, None) => bail!(
            "import `{name}` was not found in the linker: expected {}{}",
            expected(ty),
            map.versions_hint(key)
        ),
        (ImportTy::Func(sig), Some(Def::Func(f))) => {
            if let HostFunc::Typed(typed) = f {
                typed.typecheck(sig).map_err(|e| {
                    anyhow!(
                        "type mismatch for import `{name}`: expected `{sig}`, found `{}`: {e}",
                        typed.describe()
                    )
                })?;
            }
            ImportValue::Func(f.clone())
        }
        (ImportTy::Instance(exports), Some(Def::Instance(map))) => {
            let mut out = HashMap::new();
            for (export, ety) in exports {
                let full = format!("{name}/{export}");
                let v = resolve(map, export, ety, &full)?;
                out.insert(export.clone(), v);
            }
            ImportValue::Instance(out)
        }
        (ImportTy::Module { imports, exports }, Some(Def::Module(m))) => {
            for (ename, ety) in exports {
                match m.get_export(ename) {
                    Some(found) if crate::instance::matches(ety, &found) => {}
                    Some(found) => bail!(
                        "module import `{name}`: export `{ename}` has type `{found}`, expected `{ety}`"
                    ),
                    None => bail!("module import `{name}`: export `{ename}` was not found"),
                }
            }
            // The component supplies what `imports` declares: each import of
            // the module must be among them, with a type the module accepts.
            for need in m.imports() {
                let (module, field) = (need.module(), need.name());
                let Some((_, _, given)) = imports
                    .iter()
                    .find(|(im, iname, _)| im == module && iname == field)
                else {
                    bail!(
                        "module import `{name}`: the module's import `{module}::{field}` is not defined by the import's type"
                    );
                };
                let needed = need.ty();
                if extern_kind(&needed) != extern_kind(given) {
                    bail!(
                        "module import `{name}`: its import `{module}::{field}`: expected {} found {}",
                        extern_kind(&needed),
                        extern_kind(given)
                    );
                }
                if !crate::instance::matches(&needed, given) {
                    bail!(
                        "module import `{name}`: its import `{module}::{field}` has the wrong type: the module needs `{needed}`, the import's type gives `{given}`"
                    );
                }
            }
            ImportValue::Module(m.clone())
        }
        (expected, Some(found)) => {
            let found_kind = match found {
                Def::Func(_) => "func",
                Def::Instance(_) => "instance",
                Def::Module(_) => "module",
                Def::Resource(..) => "resource type",
            };
            bail!(
                "import `{name}` has the wrong type: expected {} found {found_kind}",
                expected.kind()
            )
        }
    })
}

impl<'a, T: 'static> LinkerInstance<'a, T> {
    fn insert(&mut self, name: &str, def: Def<T>) -> Result<()> {
        if self.map.items.contains_key(name) && !self.allow_shadowing {
            let mut full = self.path.clone();
            full.push(name.to_string());
            bail!("`{}` is already defined in this linker", full.join("/"));
        }
        self.map.items.insert(name.to_string(), def);
        Ok(())
    }

    /// Defines what [`Linker::define_unknown_imports_as_traps`] defines for
    /// import `name` of type `ty`, in this instance or in the definition
    /// that serves it. `what` is how errors name the import: its path in
    /// the component, `/` between instances, `#` before a function.
    /// `fresh`: the new type of each imported resource type to define.
    fn stub_missing(
        &mut self,
        name: &str,
        what: &str,
        ty: &ImportTy,
        fresh: &HashMap<u32, ResourceType>,
    ) -> Result<()> {
        let found = self.map.find(name).map(str::to_string);
        match (ty, found.as_ref().map(|key| &self.map.items[key])) {
            (ImportTy::Func(_), None) => {
                let what = what.to_string();
                self.func_new(name, move |_, _, _| {
                    bail!("import `{what}` was not defined by the host (define_unknown_imports_as_traps stubbed it)")
                })
            }
            (ImportTy::Instance(exports), None | Some(Def::Instance(_))) => {
                let mut inner = self.instance(found.as_deref().unwrap_or(name))?;
                for (export, ty) in exports {
                    let sep = if matches!(ty, ImportTy::Func(_)) {
                        '#'
                    } else {
                        '/'
                    };
                    inner.stub_missing(export, &format!("{what}{sep}{export}"), ty, fresh)?;
                }
                Ok(())
            }
            (ImportTy::Resource(index), None) => match fresh.get(index) {
                Some(ty) => self.resource_type(name, *ty),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// How errors of host function `name` of this instance name it:
    /// `name` at the root, else `instance#name` (`a:b/iface#f`).
    fn host_func_name(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}#{name}", self.path.join("/"))
        }
    }

    /// Defines the host function `name`, working on dynamic values. The
    /// closure gets one value per parameter and fills one slot per result.
    ///
    /// An error it returns ends the call and comes back to the caller with
    /// the context "host function `NAME` failed" (the error itself is still
    /// reachable with `downcast_ref` and `root_cause`).
    pub fn func_new(
        &mut self,
        name: &str,
        func: impl Fn(StoreContextMut<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<()> {
        let what = self.host_func_name(name);
        let func: Arc<HostFn<T>> = Arc::new(move |store, params, results| {
            func(store, params, results).with_context(|| format!("host function `{what}` failed"))
        });
        self.insert(name, Def::Func(HostFunc::Dynamic(func)))
    }

    /// Defines the host function `name` with Rust parameter and result types:
    /// the closure takes the store and a tuple of the parameters, and returns
    /// a tuple of the results (`()` for none, `(R,)` for one).
    ///
    /// The types are checked against the import's type when a component is
    /// linked ([`Linker::instantiate_pre`]); a mismatch names the import,
    /// its type and the Rust types. Lifting the arguments and lowering the
    /// results go straight between the core values and the Rust values (see
    /// [`Lift`](super::Lift) and [`Lower`](super::Lower)). An error the
    /// closure returns comes back as [`LinkerInstance::func_new`] says.
    ///
    /// ```
    /// # fn main() -> anyhow::Result<()> {
    /// use hoist_runtime::{Engine, Store, StoreContextMut};
    /// use hoist_runtime::component::{Component, Linker};
    /// let engine = Engine::default();
    /// let component = Component::new(&engine, r#"(component
    ///     (import "add" (func $add (param "a" u32) (param "b" u32) (result u32)))
    ///     (core func $add' (canon lower (func $add)))
    ///     (core module $m (import "" "add" (func $add (param i32 i32) (result i32)))
    ///         (func (export "run") (param i32) (result i32)
    ///             local.get 0 local.get 0 call $add))
    ///     (core instance $i (instantiate $m (with "" (instance (export "add" (func $add'))))))
    ///     (func (export "double") (param "x" u32) (result u32)
    ///         (canon lift (core func $i "run"))))"#)?;
    /// let mut linker = Linker::<u32>::new(&engine);
    /// linker.root().func_wrap("add", |mut store: StoreContextMut<'_, u32>, (a, b): (u32, u32)| {
    ///     *store.data_mut() += 1;
    ///     Ok((a + b,))
    /// })?;
    /// let mut store = Store::new(&engine, 0);
    /// let instance = linker.instantiate(&mut store, &component)?;
    /// let double = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "double")?;
    /// assert_eq!(double.call(&mut store, (21,))?, (42,));
    /// assert_eq!(*store.data(), 1);
    /// # Ok(()) }
    /// ```
    pub fn func_wrap<Params, Results, F>(&mut self, name: &str, func: F) -> Result<()>
    where
        F: Fn(StoreContextMut<'_, T>, Params) -> Result<Results> + Send + Sync + 'static,
        Params: LiftNamedList + 'static,
        Results: LowerNamedList + 'static,
    {
        let what = self.host_func_name(name);
        let func = move |store: StoreContextMut<'_, T>, params: Params| {
            func(store, params).with_context(|| format!("host function `{what}` failed"))
        };
        self.insert(name, Def::Func(typed_host_func(func)))
    }

    /// Defines resource type `name`: the host type `ty` (see
    /// [`ResourceType::host`]), whose owned handles a guest drops by calling
    /// `dtor` with the handle's representation. A type a component instance
    /// exported (from [`Instance::exports`](super::Instance::exports)) can
    /// be defined too; its destructor is the guest's, and `dtor` is not
    /// called for it.
    pub fn resource(
        &mut self,
        name: &str,
        ty: ResourceType,
        dtor: impl Fn(StoreContextMut<'_, T>, u32) -> Result<()> + Send + Sync + 'static,
    ) -> Result<()> {
        let dtor: Arc<HostDtor<T>> = Arc::new(dtor);
        let dtor = ty.is_host().then(|| Dtor::Host(Arc::new(dtor)));
        self.insert(name, Def::Resource(ty, dtor))
    }

    /// Defines resource type `name` without a destructor (for a host type,
    /// dropping an owned handle does nothing).
    pub fn resource_type(&mut self, name: &str, ty: ResourceType) -> Result<()> {
        self.insert(name, Def::Resource(ty, None))
    }

    /// Defines core module `name`, for components that import core modules.
    pub fn module(&mut self, name: &str, module: &Module) -> Result<()> {
        self.insert(name, Def::Module(module.clone()))
    }

    /// Defines (or opens, if already defined) the nested instance `name`.
    pub fn instance(&mut self, name: &str) -> Result<LinkerInstance<'_, T>> {
        open_instance(
            &mut *self.map,
            self.path.clone(),
            name,
            self.allow_shadowing,
        )
    }

    /// Like [`LinkerInstance::instance`], consuming this view.
    pub fn into_instance(self, name: &str) -> Result<LinkerInstance<'a, T>> {
        open_instance(self.map, self.path, name, self.allow_shadowing)
    }
}

/// A component whose imports were resolved by a [`Linker`].
pub struct InstancePre<T> {
    component: Component,
    imports: Arc<Vec<ImportValue<T>>>,
    /// What instantiation needs of the imports, worked out once.
    prepared: Arc<Prepared<T>>,
}

impl<T> Clone for InstancePre<T> {
    fn clone(&self) -> Self {
        InstancePre {
            component: self.component.clone(),
            imports: self.imports.clone(),
            prepared: self.prepared.clone(),
        }
    }
}

impl<T: 'static> InstancePre<T> {
    /// The component.
    pub fn component(&self) -> &Component {
        &self.component
    }

    /// Instantiates the component in `store`.
    pub fn instantiate(&self, mut store: impl AsContextMut<Data = T>) -> Result<Instance> {
        let ctx = store.as_context_mut();
        instantiate(ctx.inner, &self.component, &self.imports, &self.prepared)
    }
}

/// Opens instance `name` of `map`, creating it if needed (or, with shadowing
/// allowed, replacing a definition of another kind).
fn open_instance<'a, T>(
    map: &'a mut Map<T>,
    mut path: Vec<String>,
    name: &str,
    allow_shadowing: bool,
) -> Result<LinkerInstance<'a, T>> {
    path.push(name.to_string());
    let entry = map
        .items
        .entry(name.to_string())
        .or_insert_with(|| Def::Instance(Map::default()));
    if allow_shadowing && !matches!(entry, Def::Instance(_)) {
        *entry = Def::Instance(Map::default());
    }
    match entry {
        Def::Instance(map) => Ok(LinkerInstance {
            map,
            path,
            allow_shadowing,
        }),
        _ => bail!(
            "`{}` is already defined as something other than an instance",
            path.join("/")
        ),
    }
}
