//! Component directives of a script: compiling, instantiating and linking
//! components, invoking their exports with component values, and the host
//! items component scripts import (`host-return-two`, the `host` instance
//! with its functions, modules and resource types).
//!
//! Named component instances are registered in the component linker under
//! their name (without `$`), so later components can import them, as the
//! conformance scripts expect. Core directives stay in `script`.

use super::messages::{find_trap, is_expected_trap, one_line};
use anyhow::{anyhow, bail, ensure, Context as _, Result};
use hoist::component::{
    self, Component, Export, Linker, LinkerInstance, Resource, ResourceType, Val,
};
use hoist::{Engine, Module, Store};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use wast::component::WastVal;
use wast::token::Id;
use wast::{QuoteWat, WastArg, WastInvoke, WastRet, Wat};

/// The component part of a script's state.
pub struct Components {
    linker: Linker<()>,
    instances: HashMap<String, component::Instance>,
    current: Option<component::Instance>,
    definitions: HashMap<String, Component>,
    last_definition: Option<Component>,
    /// Definitions that failed for a reason that makes their uses skips.
    skipped_definitions: HashMap<String, String>,
}

impl Components {
    /// A fresh state with the host items defined.
    pub fn new(engine: &Engine) -> Result<Components> {
        let mut linker = Linker::new(engine);
        linker.allow_shadowing(true);
        define_host(engine, &mut linker)?;
        Ok(Components {
            linker,
            instances: HashMap::new(),
            current: None,
            definitions: HashMap::new(),
            last_definition: None,
            skipped_definitions: HashMap::new(),
        })
    }

    /// Whether `name` (or, with no name, the most recent instance) is a component instance.
    pub fn owns(&self, name: Option<Id<'_>>, core_is_newer: bool) -> bool {
        match name {
            Some(id) => self.instances.contains_key(id.name()),
            None => self.current.is_some() && !core_is_newer,
        }
    }

    /// After a directive making an instance (named `name`) failed: no
    /// component instance is current, and `name` names none.
    pub fn forget_instance(&mut self, name: Option<&str>) {
        self.current = None;
        if let Some(name) = name {
            self.instances.remove(name);
        }
    }

    /// After a definition named `name` failed: no component definition is
    /// the most recent one, and `name` names none.
    pub fn forget_definition(&mut self, name: Option<&str>) {
        self.last_definition = None;
        if let Some(name) = name {
            self.definitions.remove(name);
        }
    }

    /// `(component ...)`: compile, instantiate, register under its name.
    pub fn define_and_instantiate(
        &mut self,
        engine: &Engine,
        store: &mut Store<()>,
        wat: &mut QuoteWat<'_>,
    ) -> Result<()> {
        let name = wat.name().map(|n| n.name().to_string());
        let component = compile(engine, wat)?;
        self.instantiate(store, &component, name)
    }

    fn instantiate(
        &mut self,
        store: &mut Store<()>,
        component: &Component,
        name: Option<String>,
    ) -> Result<()> {
        let instance = self
            .linker
            .instantiate(&mut *store, component)
            .context("failed to instantiate the component")?;
        if let Some(name) = name {
            self.instances.insert(name.clone(), instance);
            let mut root = self.linker.root();
            let mut inst = root.instance(&name)?;
            register(&mut inst, store, instance, None)?;
        }
        self.current = Some(instance);
        Ok(())
    }

    /// `(component definition ...)`.
    pub fn define(&mut self, engine: &Engine, wat: &mut QuoteWat<'_>) -> Result<()> {
        let name = wat.name().map(|n| n.name().to_string());
        let component = match compile(engine, wat) {
            Ok(c) => c,
            Err(e) => {
                if let (Some(name), true) = (&name, needs_resources(&e)) {
                    self.skipped_definitions
                        .insert(name.clone(), format!("{e:#}"));
                }
                return Err(e);
            }
        };
        if let Some(name) = name {
            self.definitions.insert(name, component.clone());
        }
        self.last_definition = Some(component);
        Ok(())
    }

    /// `(component instance $i $def)`; returns false when `$def` is not a component.
    pub fn instantiate_definition(
        &mut self,
        store: &mut Store<()>,
        instance: Option<Id<'_>>,
        definition: Option<Id<'_>>,
    ) -> Option<Result<()>> {
        if let Some(reason) = definition.and_then(|id| self.skipped_definitions.get(id.name())) {
            return Some(Err(anyhow!("{reason}")));
        }
        let component = match definition {
            Some(id) => self.definitions.get(id.name())?.clone(),
            None => self.last_definition.clone()?,
        };
        Some(self.instantiate(store, &component, instance.map(|i| i.name().to_string())))
    }

    /// Calls an export of a component instance. The outer error is a script
    /// problem; the inner one is what the call returned.
    pub fn invoke(
        &mut self,
        store: &mut Store<()>,
        invoke: &WastInvoke<'_>,
    ) -> Result<Result<Vec<Val>>> {
        let instance = match invoke.module {
            Some(id) => *self
                .instances
                .get(id.name())
                .ok_or_else(|| anyhow!("no component instance `${}`", id.name()))?,
            None => self
                .current
                .ok_or_else(|| anyhow!("expected an earlier component instance, found none"))?,
        };
        let func = instance.get_func(&mut *store, invoke.name).ok_or_else(|| {
            anyhow!(
                "expected a function export named `{}`, found none",
                invoke.name
            )
        })?;
        let mut args = Vec::new();
        for arg in &invoke.args {
            let WastArg::Component(v) = arg else {
                bail!("expected a component value as argument, found a core value");
            };
            args.push(to_val(v)?);
        }
        let mut results: Vec<Val> = func
            .results(&*store)
            .iter()
            .map(|_| Val::Bool(false))
            .collect();
        let r = func.call(&mut *store, &args, &mut results);
        Ok(match r {
            Ok(()) => func.post_return(&mut *store).map(|()| results),
            Err(e) => Err(e),
        })
    }

    /// `assert_return` of a component invocation.
    pub fn assert_return(
        &mut self,
        store: &mut Store<()>,
        invoke: &WastInvoke<'_>,
        expected: &[WastRet<'_>],
    ) -> Result<()> {
        let actual = self
            .invoke(store, invoke)?
            .with_context(|| format!("expected `{}` to return, but it failed", invoke.name))?;
        if actual.len() != expected.len() {
            bail!(
                "expected {} results, found {}: {actual:?}",
                expected.len(),
                actual.len()
            );
        }
        for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
            let WastRet::Component(e) = e else {
                bail!("expected a component value as result {i}, found a core value");
            };
            let want = to_val(e)?;
            if *a != want {
                bail!("result {i}: expected {want:?}, found {a:?}");
            }
        }
        Ok(())
    }

    /// `assert_trap` of a component invocation.
    pub fn assert_trap(
        &mut self,
        store: &mut Store<()>,
        invoke: &WastInvoke<'_>,
        message: &str,
    ) -> Result<()> {
        match self.invoke(store, invoke)? {
            Ok(results) => bail!(
                "expected a trap ({message}), but `{}` returned {results:?}",
                invoke.name
            ),
            Err(e) if is_expected_trap(&e, message) => Ok(()),
            Err(e) => bail!("expected a trap ({message}), found: {}", one_line(&e)),
        }
    }

    /// `assert_trap` of a component instantiation.
    pub fn assert_instantiation_trap(
        &mut self,
        engine: &Engine,
        store: &mut Store<()>,
        wat: &mut Wat<'_>,
        message: &str,
    ) -> Result<()> {
        let component = compile_expecting(engine, wat, "expected the component to compile")?;
        match self.linker.instantiate(&mut *store, &component) {
            Ok(_) => bail!("expected a trap ({message}), but the component instantiated"),
            Err(e) if is_expected_trap(&e, message) => Ok(()),
            Err(e) => bail!("expected a trap ({message}), found: {}", one_line(&e)),
        }
    }

    /// `assert_unlinkable` of a component.
    pub fn assert_unlinkable(
        &mut self,
        engine: &Engine,
        store: &mut Store<()>,
        wat: &mut Wat<'_>,
        message: &str,
    ) -> Result<()> {
        let component = compile_expecting(
            engine,
            wat,
            "expected the component to compile (and then fail to link)",
        )?;
        match self.linker.instantiate(&mut *store, &component) {
            Ok(_) => bail!("expected a link error ({message}), but the component instantiated"),
            Err(e) => match find_trap(&e) {
                Some(trap) => bail!("expected a link error ({message}), found a trap: {trap}"),
                None => Ok(()),
            },
        }
    }
}

/// Compiles a component of an assertion; `what` says what the script expected.
fn compile_expecting(engine: &Engine, wat: &mut Wat<'_>, what: &'static str) -> Result<Component> {
    let bytes = wat.encode().map_err(|e| anyhow!("{}", e.message()))?;
    Component::from_binary(engine, &bytes).context(what)
}

/// Compiles a component from a script.
pub fn compile(engine: &Engine, wat: &mut QuoteWat<'_>) -> Result<Component> {
    let bytes = wat
        .encode()
        .map_err(|e| anyhow!("the component text is malformed: {}", e.message()))?;
    Component::from_binary(engine, &bytes)
}

/// Why directives whose components use resource types are skipped.
pub const RESOURCES_SKIP: &str = "uses a resource feature hoist does not support yet";

/// Whether `e` says a component failed because it uses resource types.
pub fn needs_resources(e: &anyhow::Error) -> bool {
    let text = format!("{e:#}");
    text.contains("resource") && text.contains("not supported")
}

/// Compiles a component binary, for assertions that expect it to fail.
pub fn compile_binary(engine: &Engine, bytes: &[u8]) -> Result<()> {
    Component::from_binary(engine, bytes).map(drop)
}

/// Defines every export of `instance` (inside exported instance `at`) in `into`.
fn register(
    into: &mut LinkerInstance<'_, ()>,
    store: &mut Store<()>,
    instance: component::Instance,
    at: Option<&component::ComponentExportIndex>,
) -> Result<()> {
    for (name, export) in instance.exports(&mut *store, at) {
        match export {
            Export::Func(f) => into.func_new(&name, move |mut store, params, results| {
                f.call(&mut store, params, results)?;
                f.post_return(&mut store)
            })?,
            Export::Module(m) => into.module(&name, &m)?,
            Export::Instance(index) => {
                let mut inner = into.instance(&name)?;
                register(&mut inner, store, instance, Some(&index))?;
            }
            Export::Type => {}
            Export::Resource(ty) => into.resource_type(&name, ty)?,
        }
    }
    Ok(())
}

/// The host items component scripts import.
fn define_host(engine: &Engine, linker: &mut Linker<()>) -> Result<()> {
    let mut root = linker.root();
    root.func_new("host-return-two", |_, _, results| {
        results[0] = Val::U32(2);
        Ok(())
    })?;
    let mut host = root.instance("host")?;
    host.func_new("return-three", |_, _, results| {
        results[0] = Val::U32(3);
        Ok(())
    })?;
    let module = Module::new(
        engine,
        r#"(module (func (export "f") (result i32) i32.const 101) (global (export "g") i32 (i32.const 100)))"#,
    )?;
    host.module("simple-module", &module)?;
    let mut nested = host.instance("nested")?;
    nested.func_new("return-four", |_, _, results| {
        results[0] = Val::U32(4);
        Ok(())
    })?;
    define_host_resources(&mut host)
}

/// The host's resource types of the `host` instance: `resource1` (also as
/// `resource1-again`) with a constructor, methods that check the handles
/// they get, and the count and last representation of its drops; and
/// `resource2`.
fn define_host_resources(host: &mut LinkerInstance<'_, ()>) -> Result<()> {
    struct Resource1;
    struct Resource2;
    // `(drops, last dropped representation)`.
    let drops = Arc::new(Mutex::new((0u32, 0u32)));
    for name in ["resource1", "resource1-again"] {
        let drops = drops.clone();
        host.resource(name, ResourceType::host::<Resource1>(), move |_, rep| {
            let mut d = drops.lock().map_err(|_| anyhow!("drop counter poisoned"))?;
            *d = (d.0 + 1, rep);
            Ok(())
        })?;
    }
    host.resource_type("resource2", ResourceType::host::<Resource2>())?;
    host.func_wrap("[constructor]resource1", |_, (rep,): (u32,)| {
        Ok((Resource::<Resource1>::new_own(rep),))
    })?;
    host.func_wrap(
        "[static]resource1.assert",
        |_, (r, rep): (Resource<Resource1>, u32)| {
            ensure!(r.owned(), "expected an owned handle");
            ensure!(
                r.rep() == rep,
                "expected representation {rep}, found {}",
                r.rep()
            );
            Ok(())
        },
    )?;
    let last = drops.clone();
    host.func_wrap("[static]resource1.last-drop", move |_, (): ()| {
        Ok((last.lock().map_err(|_| anyhow!("drop counter poisoned"))?.1,))
    })?;
    host.func_wrap("[static]resource1.drops", move |_, (): ()| {
        Ok((drops
            .lock()
            .map_err(|_| anyhow!("drop counter poisoned"))?
            .0,))
    })?;
    host.func_wrap(
        "[method]resource1.simple",
        |_, (this, rep): (Resource<Resource1>, u32)| {
            ensure!(!this.owned(), "expected a borrowed `self`");
            ensure!(
                this.rep() == rep,
                "expected representation {rep}, found {}",
                this.rep()
            );
            Ok(())
        },
    )?;
    host.func_wrap(
        "[method]resource1.take-borrow",
        |_, (this, b): (Resource<Resource1>, Resource<Resource1>)| {
            ensure!(!this.owned() && !b.owned(), "expected two borrowed handles");
            Ok(())
        },
    )?;
    host.func_wrap(
        "[method]resource1.take-own",
        |_, (this, b): (Resource<Resource1>, Resource<Resource1>)| {
            ensure!(!this.owned(), "expected a borrowed `self`");
            ensure!(b.owned(), "expected an owned argument");
            Ok(())
        },
    )?;
    Ok(())
}

/// The component value a script value stands for.
pub fn to_val(v: &WastVal<'_>) -> Result<Val> {
    Ok(match v {
        WastVal::Bool(b) => Val::Bool(*b),
        WastVal::U8(x) => Val::U8(*x),
        WastVal::S8(x) => Val::S8(*x),
        WastVal::U16(x) => Val::U16(*x),
        WastVal::S16(x) => Val::S16(*x),
        WastVal::U32(x) => Val::U32(*x),
        WastVal::S32(x) => Val::S32(*x),
        WastVal::U64(x) => Val::U64(*x),
        WastVal::S64(x) => Val::S64(*x),
        WastVal::F32(x) => Val::Float32(f32::from_bits(x.bits)),
        WastVal::F64(x) => Val::Float64(f64::from_bits(x.bits)),
        WastVal::Char(c) => Val::Char(*c),
        WastVal::String(s) => Val::String((*s).to_string()),
        WastVal::List(l) => Val::List(l.iter().map(to_val).collect::<Result<_>>()?),
        WastVal::Map(_) => bail!("`map` values are not supported"),
        WastVal::Record(fields) => Val::Record(
            fields
                .iter()
                .map(|(n, v)| Ok(((*n).to_string(), to_val(v)?)))
                .collect::<Result<_>>()?,
        ),
        WastVal::Tuple(t) => Val::Tuple(t.iter().map(to_val).collect::<Result<_>>()?),
        WastVal::Variant(n, v) => Val::Variant(
            (*n).to_string(),
            v.as_ref().map(|v| to_val(v).map(Box::new)).transpose()?,
        ),
        WastVal::Enum(n) => Val::Enum((*n).to_string()),
        WastVal::Option(v) => Val::Option(v.as_ref().map(|v| to_val(v).map(Box::new)).transpose()?),
        WastVal::Result(r) => Val::Result(match r {
            Ok(v) => Ok(v.as_ref().map(|v| to_val(v).map(Box::new)).transpose()?),
            Err(v) => Err(v.as_ref().map(|v| to_val(v).map(Box::new)).transpose()?),
        }),
        WastVal::Flags(f) => Val::Flags(f.iter().map(|s| (*s).to_string()).collect()),
    })
}
