//! [`Linker`]: names definitions by `(module, name)` and resolves a module's
//! imports against them; [`InstancePre`] is a module whose imports were
//! resolved once, ready to be instantiated many times.
//!
//! Host functions defined in a linker are created anew in each store that
//! instantiates through it.

use crate::externals::Extern;
use crate::func::{new_dynamic, Caller, IntoFunc};
use crate::instance::{instantiate, matches, Instance};
use crate::module::Module;
use crate::store::{AsContextMut, StoreInner};
use crate::values::Val;
use crate::Func;
use anyhow::{bail, Result};
use hoist_environ::types::{ExternType, FuncType};
use std::collections::HashMap;
use std::sync::Arc;

type HostDef<T> = Arc<dyn Fn(&mut StoreInner<T>) -> Result<Func> + Send + Sync>;

enum Definition<T> {
    Extern(Extern),
    Host(HostDef<T>, FuncType),
}

impl<T> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Definition::Extern(e) => Definition::Extern(*e),
            Definition::Host(h, t) => Definition::Host(h.clone(), t.clone()),
        }
    }
}

/// Definitions by module and field name, used to satisfy imports.
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine, Linker, Module, Store};
/// let engine = Engine::default();
/// let module = Module::new(&engine, r#"(module
///     (import "host" "double" (func $d (param i32) (result i32)))
///     (func (export "run") (param i32) (result i32) local.get 0 call $d))"#)?;
/// let mut linker = Linker::new(&engine);
/// linker.func_wrap("host", "double", |x: i32| x * 2)?;
/// let mut store = Store::new(&engine, ());
/// let instance = linker.instantiate(&mut store, &module)?;
/// let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
/// assert_eq!(run.call(&mut store, 21)?, 42);
/// # Ok(()) }
/// ```
pub struct Linker<T> {
    engine: crate::Engine,
    defs: HashMap<(String, String), Definition<T>>,
    allow_shadowing: bool,
}

impl<T: 'static> Linker<T> {
    /// An empty linker for `engine`.
    pub fn new(engine: &crate::Engine) -> Linker<T> {
        Linker {
            engine: engine.clone(),
            defs: HashMap::new(),
            allow_shadowing: false,
        }
    }

    /// The engine.
    pub fn engine(&self) -> &crate::Engine {
        &self.engine
    }

    /// Whether a later definition may replace an earlier one of the same name.
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.allow_shadowing = allow;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<()> {
        let key = (module.to_string(), name.to_string());
        if !self.allow_shadowing && self.defs.contains_key(&key) {
            bail!("`{module}::{name}` is already defined in this linker");
        }
        self.defs.insert(key, def);
        Ok(())
    }

    /// Defines `module::name` as `item`, which belongs to `store`.
    pub fn define(
        &mut self,
        store: impl crate::AsContext<Data = T>,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self> {
        let item = item.into();
        let _ = item.ty(&store);
        self.insert(module, name, Definition::Extern(item))?;
        Ok(self)
    }

    /// Defines `module::name` as a host function from a typed closure.
    pub fn func_wrap<Params, Args>(
        &mut self,
        module: &str,
        name: &str,
        func: impl IntoFunc<T, Params, Args>,
    ) -> Result<&mut Self> {
        let ty = func.func_type();
        let def = func.into_def();
        self.insert(module, name, Definition::Host(def, ty))?;
        Ok(self)
    }

    /// Defines `module::name` as a host function of type `ty` on dynamic values.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        let func = Arc::new(func);
        let t = ty.clone();
        let def: HostDef<T> =
            Arc::new(move |store: &mut StoreInner<T>| new_dynamic(store, t.clone(), func.clone()));
        self.insert(module, name, Definition::Host(def, ty))?;
        Ok(self)
    }

    /// Defines every export of `instance` under the module name `module`.
    pub fn instance(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        instance: Instance,
    ) -> Result<&mut Self> {
        for export in instance.exports(&mut store) {
            let name = export.name().to_string();
            self.insert(module, &name, Definition::Extern(export.into_extern()))?;
        }
        Ok(self)
    }

    /// The definition of `module::name` in `store`, if any.
    pub fn get(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Option<Extern> {
        let def = self.defs.get(&(module.to_string(), name.to_string()))?;
        resolve(store.as_context_mut().inner, def).ok()
    }

    fn lookup(&self, module: &Module) -> Result<Vec<Definition<T>>> {
        let mut out = Vec::new();
        for import in module.imports() {
            let key = (import.module().to_string(), import.name().to_string());
            let Some(def) = self.defs.get(&key) else {
                bail!(
                    "unknown import: `{}::{}` has not been defined (expected {} `{}`)",
                    import.module(),
                    import.name(),
                    import.ty().kind(),
                    import.ty()
                );
            };
            if let Definition::Host(_, ty) = def {
                let found = ExternType::Func(ty.clone());
                if !matches(&import.ty(), &found) {
                    bail!(
                        "incompatible import type for `{}::{}`: expected {} `{}`, found function `{ty}`",
                        import.module(),
                        import.name(),
                        import.ty().kind(),
                        import.ty()
                    );
                }
            }
            out.push(def.clone());
        }
        Ok(out)
    }

    /// Instantiates `module`, resolving its imports by name.
    pub fn instantiate(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance> {
        self.instantiate_pre(module)?.instantiate(&mut store)
    }

    /// Resolves `module`'s imports once, for many instantiations.
    pub fn instantiate_pre(&self, module: &Module) -> Result<InstancePre<T>> {
        Ok(InstancePre {
            module: module.clone(),
            defs: Arc::new(self.lookup(module)?),
        })
    }
}

fn resolve<T>(store: &mut StoreInner<T>, def: &Definition<T>) -> Result<Extern> {
    Ok(match def {
        Definition::Extern(e) => *e,
        Definition::Host(make, _) => Extern::Func(make(store)?),
    })
}

/// A module with its imports resolved, ready to instantiate.
pub struct InstancePre<T> {
    module: Module,
    defs: Arc<Vec<Definition<T>>>,
}

impl<T> Clone for InstancePre<T> {
    fn clone(&self) -> Self {
        InstancePre {
            module: self.module.clone(),
            defs: self.defs.clone(),
        }
    }
}

impl<T: 'static> InstancePre<T> {
    /// The module.
    pub fn module(&self) -> &Module {
        &self.module
    }

    /// Instantiates the module in `store`.
    pub fn instantiate(&self, mut store: impl AsContextMut<Data = T>) -> Result<Instance> {
        let ctx = store.as_context_mut();
        let inner = &mut *ctx.inner;
        let mut imports = Vec::with_capacity(self.defs.len());
        for def in self.defs.iter() {
            imports.push(resolve(inner, def)?);
        }
        instantiate(&mut inner.opaque, &self.module, &imports)
    }
}
