//! One script's state (store, linker, named instances and module
//! definitions) and the execution of its directives, one at a time.
//!
//! Each directive ends in an [`Outcome`]; counting outcomes, catching panics
//! and reporting positions is the runner's job (`mod.rs`). Matching values is
//! in `values`, matching trap messages in `messages`.

use super::component::{self, Components};
use super::messages::{find_trap, is_expected_trap, one_line};
use super::{spectest, values};
use anyhow::{anyhow, bail, Context as _, Result};
use hoist::{Engine, Instance, Linker, Module, Store, Val};
use std::collections::HashMap;
use wast::token::Id;
use wast::{QuoteWat, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

/// How one directive ended.
#[derive(Debug)]
pub enum Outcome {
    /// It did what the script expects.
    Pass,
    /// It did not; the message says what was expected and what happened.
    Fail(String),
    /// It was not run, for the reason given.
    Skip(String),
}

impl From<Result<()>> for Outcome {
    fn from(r: Result<()>) -> Outcome {
        match r {
            Ok(()) => Outcome::Pass,
            Err(e) => Outcome::Fail(one_line(&e)),
        }
    }
}

/// The state of one running script.
pub struct Script {
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    /// Instances by their `$name`.
    instances: HashMap<String, Instance>,
    /// The most recent instance, used by directives that name none.
    current: Option<Instance>,
    /// Whether the most recent directive that makes an instance (core or
    /// component) failed, leaving no instance current.
    current_failed: bool,
    /// Modules from `module definition`, by their `$name`.
    definitions: HashMap<String, Module>,
    /// The most recent `module definition`.
    last_definition: Option<Module>,
    /// Component instances and definitions.
    components: Components,
    /// Whether the most recent instance is a core one (else a component).
    core_is_newer: bool,
}

/// The fuel a script may use in all, when the engine consumes fuel: about
/// ten seconds of the slowest code.
const SCRIPT_FUEL: u64 = 10_000_000_000;

impl Script {
    /// A fresh script state in `engine`, with `spectest` defined.
    pub fn new(engine: &Engine) -> Result<Script> {
        let mut store = Store::new(engine, ());
        // With an engine that consumes fuel or checks epochs, a script gets
        // a budget that no spec script comes near, so that an endless loop
        // ends as a failed directive instead of a hung run. (`set_fuel`
        // fails only when the engine counts no fuel.)
        let _ = store.set_fuel(SCRIPT_FUEL);
        store.set_epoch_deadline(u64::MAX / 2);
        let mut linker = Linker::new(engine);
        linker.allow_shadowing(true);
        spectest::define(&mut linker, &mut store).context("failed to define `spectest`")?;
        Ok(Script {
            engine: engine.clone(),
            store,
            linker,
            instances: HashMap::new(),
            current: None,
            current_failed: false,
            definitions: HashMap::new(),
            last_definition: None,
            components: Components::new(engine)?,
            core_is_newer: true,
        })
    }

    /// Runs one directive.
    pub fn run(&mut self, directive: WastDirective<'_>) -> Outcome {
        match directive {
            WastDirective::Module(mut module) => {
                let name = module.name().map(|id| id.name().to_string());
                let component = is_component(&module);
                self.core_is_newer = !component;
                let r = if component {
                    self.components.define_and_instantiate(
                        &self.engine,
                        &mut self.store,
                        &mut module,
                    )
                } else {
                    self.define_and_instantiate(&mut module, name.as_deref())
                };
                self.after_instance(&r, name.as_deref());
                outcome(r, component)
            }
            WastDirective::ModuleDefinition(mut module) => {
                let name = module.name().map(|id| id.name().to_string());
                let component = is_component(&module);
                let r = if component {
                    self.components.define(&self.engine, &mut module)
                } else {
                    self.define(&mut module, name.as_deref())
                };
                if r.is_err() {
                    self.forget_definition(name.as_deref());
                }
                outcome(r, component)
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                let name = instance.map(|id| id.name().to_string());
                let r = self
                    .components
                    .instantiate_definition(&mut self.store, instance, module);
                let component = r.is_some();
                self.core_is_newer = !component;
                let r = match r {
                    Some(r) => r,
                    None => self.instantiate_definition(name.as_deref(), module),
                };
                self.after_instance(&r, name.as_deref());
                outcome(r, component)
            }
            WastDirective::Register { name, module, .. } => self.register(name, module).into(),
            WastDirective::Invoke(invoke) => {
                // A bare action that traps fails the script, as in the
                // reference interpreter.
                if self.components.owns(invoke.module, self.core_is_newer) {
                    return component_outcome(
                        self.components
                            .invoke(&mut self.store, &invoke)
                            .and_then(|r| r.map(drop)),
                    );
                }
                self.invoke(&invoke).and_then(|r| r.map(drop)).into()
            }
            WastDirective::AssertReturn { exec, results, .. } => {
                if let WastExecute::Invoke(invoke) = &exec {
                    if self.components.owns(invoke.module, self.core_is_newer) {
                        return component_outcome(self.components.assert_return(
                            &mut self.store,
                            invoke,
                            &results,
                        ));
                    }
                }
                self.assert_return(exec, &results).into()
            }
            WastDirective::AssertTrap { exec, message, .. } => {
                if let WastExecute::Wat(mut w @ Wat::Component(_)) = exec {
                    return component_outcome(self.components.assert_instantiation_trap(
                        &self.engine,
                        &mut self.store,
                        &mut w,
                        message,
                    ));
                }
                if let WastExecute::Invoke(invoke) = &exec {
                    if self.components.owns(invoke.module, self.core_is_newer) {
                        return component_outcome(self.components.assert_trap(
                            &mut self.store,
                            invoke,
                            message,
                        ));
                    }
                }
                self.assert_trap(exec, message).into()
            }
            WastDirective::AssertExhaustion { call, message, .. } => {
                self.assert_exhaustion(&call, message).into()
            }
            WastDirective::AssertMalformed {
                mut module,
                message,
                ..
            } => expect_compile_error(&self.engine, &mut module, "a malformed", message).into(),
            WastDirective::AssertInvalid {
                mut module,
                message,
                ..
            } => {
                let outcome =
                    expect_compile_error(&self.engine, &mut module, "an invalid", message);
                match (outcome, lifted_restriction(message)) {
                    (Err(_), Some(reason)) => Outcome::Skip(reason.to_string()),
                    (outcome, _) => outcome.into(),
                }
            }
            WastDirective::AssertUnlinkable {
                mut module,
                message,
                ..
            } => {
                if let Wat::Component(_) = module {
                    return component_outcome(self.components.assert_unlinkable(
                        &self.engine,
                        &mut self.store,
                        &mut module,
                        message,
                    ));
                }
                self.assert_unlinkable(&mut module, message).into()
            }
            WastDirective::AssertInvalidCustom { .. }
            | WastDirective::AssertMalformedCustom { .. } => Outcome::Skip(
                "hoist ignores custom sections, so it does not check their contents".to_string(),
            ),
            WastDirective::AssertException { .. } => {
                Outcome::Skip("exceptions are not supported".to_string())
            }
            WastDirective::AssertSuspension { .. } => {
                Outcome::Skip("stack switching is not supported".to_string())
            }
            WastDirective::Thread(_) | WastDirective::Wait { .. } => {
                Outcome::Skip("threads are not supported".to_string())
            }
        }
    }

    fn compile(&self, module: &mut QuoteWat<'_>) -> Result<Module> {
        let bytes = encode(module)?;
        Module::from_binary(&self.engine, &bytes)
    }

    fn define_and_instantiate(
        &mut self,
        module: &mut QuoteWat<'_>,
        name: Option<&str>,
    ) -> Result<()> {
        let module = self.compile(module)?;
        let instance = self
            .linker
            .instantiate(&mut self.store, &module)
            .context("failed to instantiate the module")?;
        if let Some(name) = name {
            self.instances.insert(name.to_string(), instance);
        }
        self.current = Some(instance);
        Ok(())
    }

    fn define(&mut self, module: &mut QuoteWat<'_>, name: Option<&str>) -> Result<()> {
        let module = self.compile(module)?;
        if let Some(name) = name {
            self.definitions.insert(name.to_string(), module.clone());
        }
        self.last_definition = Some(module);
        Ok(())
    }

    /// After a directive that makes an instance (named `name`) ended in
    /// `r`. On failure, no instance is current and `name` names none (core
    /// or component): later directives then fail as consequences of this
    /// failure, instead of running against an older instance and reporting
    /// its values.
    fn after_instance(&mut self, r: &Result<()>, name: Option<&str>) {
        self.current_failed = r.is_err();
        if r.is_err() {
            self.current = None;
            if let Some(name) = name {
                self.instances.remove(name);
            }
            self.components.forget_instance(name);
        }
    }

    /// After a definition named `name` failed: neither it nor an older
    /// definition is what a later `module instance` finds by that name, or
    /// without one.
    fn forget_definition(&mut self, name: Option<&str>) {
        self.last_definition = None;
        if let Some(name) = name {
            self.definitions.remove(name);
        }
        self.components.forget_definition(name);
    }

    fn instantiate_definition(
        &mut self,
        instance: Option<&str>,
        module: Option<Id<'_>>,
    ) -> Result<()> {
        let definition = match module {
            Some(id) => self.definitions.get(id.name()).cloned().ok_or_else(|| {
                anyhow!(
                    "expected a module definition named `${}`, found none",
                    id.name()
                )
            })?,
            None => self
                .last_definition
                .clone()
                .ok_or_else(|| anyhow!("expected an earlier module definition, found none"))?,
        };
        let inst = self
            .linker
            .instantiate(&mut self.store, &definition)
            .context("failed to instantiate the module definition")?;
        if let Some(name) = instance {
            self.instances.insert(name.to_string(), inst);
        }
        self.current = Some(inst);
        Ok(())
    }

    fn instance(&self, name: Option<Id<'_>>) -> Result<Instance> {
        match name {
            Some(id) => self.instances.get(id.name()).copied().ok_or_else(|| {
                anyhow!(
                    "expected an instance named `${}`, found none (a module that failed does not define one)",
                    id.name()
                )
            }),
            None => self.current.ok_or_else(|| {
                if self.current_failed {
                    anyhow!("expected a current instance, found none: the most recent module failed")
                } else {
                    anyhow!("expected an earlier module instance, found none")
                }
            }),
        }
    }

    fn register(&mut self, as_name: &str, module: Option<Id<'_>>) -> Result<()> {
        let instance = self.instance(module)?;
        self.linker
            .instance(&mut self.store, as_name, instance)
            .with_context(|| format!("failed to register the instance as `{as_name}`"))?;
        Ok(())
    }

    /// Calls an export. The outer error is a script problem (no such export,
    /// bad arguments); the inner one is what the call itself returned.
    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Result<Vec<Val>>> {
        let instance = self.instance(invoke.module)?;
        let func = instance
            .get_func(&mut self.store, invoke.name)
            .ok_or_else(|| {
                anyhow!(
                    "expected a function export named `{}`, found none",
                    invoke.name
                )
            })?;
        let mut args = Vec::with_capacity(invoke.args.len());
        for (i, arg) in invoke.args.iter().enumerate() {
            args.push(
                values::to_val(&mut self.store, arg)
                    .with_context(|| format!("argument {i} of `{}`", invoke.name))?,
            );
        }
        let ty = func.ty(&self.store);
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        Ok(func
            .call(&mut self.store, &args, &mut results)
            .map(|()| results))
    }

    fn get_global(&mut self, module: Option<Id<'_>>, name: &str) -> Result<Val> {
        let instance = self.instance(module)?;
        let global = instance
            .get_global(&mut self.store, name)
            .ok_or_else(|| anyhow!("expected a global export named `{name}`, found none"))?;
        Ok(global.get(&mut self.store))
    }

    fn assert_return(&mut self, exec: WastExecute<'_>, expected: &[WastRet<'_>]) -> Result<()> {
        let actual = match exec {
            WastExecute::Invoke(invoke) => self
                .invoke(&invoke)?
                .with_context(|| format!("expected `{}` to return, but it failed", invoke.name))?,
            WastExecute::Get { module, global, .. } => vec![self.get_global(module, global)?],
            WastExecute::Wat(mut wat) => {
                let bytes = wat.encode().map_err(|e| anyhow!("{}", e.message()))?;
                let module = Module::from_binary(&self.engine, &bytes)?;
                self.linker
                    .instantiate(&mut self.store, &module)
                    .context("expected the module to instantiate")?;
                Vec::new()
            }
        };
        values::check_results(&self.store, expected, &actual)
    }

    fn assert_trap(&mut self, exec: WastExecute<'_>, message: &str) -> Result<()> {
        let error = match exec {
            WastExecute::Invoke(invoke) => match self.invoke(&invoke)? {
                Ok(results) => bail!(
                    "expected a trap ({message}), but `{}` returned [{}]",
                    invoke.name,
                    results
                        .iter()
                        .map(|v| values::describe(&self.store, v))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Err(e) => e,
            },
            WastExecute::Wat(mut wat) => {
                let bytes = wat.encode().map_err(|e| anyhow!("{}", e.message()))?;
                let module = Module::from_binary(&self.engine, &bytes)
                    .context("expected the module to compile (and then trap)")?;
                match self.linker.instantiate(&mut self.store, &module) {
                    Ok(_) => bail!("expected a trap ({message}), but the module instantiated"),
                    Err(e) => e,
                }
            }
            WastExecute::Get { global, .. } => {
                bail!("expected a trap ({message}), but reading global `{global}` cannot trap")
            }
        };
        if is_expected_trap(&error, message) {
            Ok(())
        } else {
            bail!("expected a trap ({message}), found: {}", one_line(&error))
        }
    }

    fn assert_exhaustion(&mut self, invoke: &WastInvoke<'_>, message: &str) -> Result<()> {
        match self.invoke(invoke)? {
            Ok(_) => bail!(
                "expected resource exhaustion ({message}), but `{}` returned",
                invoke.name
            ),
            Err(e) if is_expected_trap(&e, message) => Ok(()),
            Err(e) => bail!(
                "expected resource exhaustion ({message}), found: {}",
                one_line(&e)
            ),
        }
    }

    fn assert_unlinkable(&mut self, wat: &mut Wat<'_>, message: &str) -> Result<()> {
        let bytes = wat.encode().map_err(|e| anyhow!("{}", e.message()))?;
        let module = Module::from_binary(&self.engine, &bytes)
            .context("expected the module to compile (and then fail to link)")?;
        match self.linker.instantiate(&mut self.store, &module) {
            Ok(_) => bail!("expected a link error ({message}), but the module instantiated"),
            Err(e) => match find_trap(&e) {
                Some(trap) => bail!("expected a link error ({message}), found a trap: {trap}"),
                None => Ok(()),
            },
        }
    }
}

/// The outcome of a directive that defines or instantiates a component
/// (see [`component_outcome`]) or, when `component` is false, a module.
fn outcome(r: Result<()>, component: bool) -> Outcome {
    if component {
        component_outcome(r)
    } else {
        r.into()
    }
}

/// The outcome of a component directive: a failure caused by resource types,
/// which hoist does not support yet, is a skip with that reason.
fn component_outcome(r: Result<()>) -> Outcome {
    match r {
        Err(e) if component::needs_resources(&e) => {
            Outcome::Skip(component::RESOURCES_SKIP.to_string())
        }
        other => other.into(),
    }
}

/// Whether a module directive holds a component.
fn is_component(module: &QuoteWat<'_>) -> bool {
    matches!(
        module,
        QuoteWat::Wat(Wat::Component(_)) | QuoteWat::QuoteComponent(..)
    )
}

/// The binary of a module, from text, quoted text or `binary` strings.
fn encode(module: &mut QuoteWat<'_>) -> Result<Vec<u8>> {
    module
        .encode()
        .map_err(|e| anyhow!("the module text is malformed: {}", e.message()))
}

/// `assert_invalid` messages in the component suite that state another
/// runtime's limits, not the spec's, with why hoist accepts those components:
/// such a directive is skipped when its component compiles.
const LIFTED_RESTRICTIONS: &[(&str, &str)] = &[(
    "is a reexport of an imported function which is not implemented",
    "the spec lets a root component export a function it imports, and hoist \
     supports that; the script asserts another runtime's limitation",
)];

/// Why an `assert_invalid` with `message` may compile in hoist, if it may.
fn lifted_restriction(message: &str) -> Option<&'static str> {
    LIFTED_RESTRICTIONS
        .iter()
        .find(|(m, _)| message.contains(m))
        .map(|(_, why)| *why)
}

/// Passes when `module` fails to encode or compile; any error counts, since
/// the spec's wording differs from the validator's.
fn expect_compile_error(
    engine: &Engine,
    module: &mut QuoteWat<'_>,
    what: &str,
    message: &str,
) -> Result<()> {
    let Ok(bytes) = module.encode() else {
        return Ok(());
    };
    if is_component(module) {
        return match component::compile_binary(engine, &bytes) {
            Ok(()) => bail!("expected {what} component ({message}), but it compiled"),
            Err(_) => Ok(()),
        };
    }
    match Module::from_binary(engine, &bytes) {
        Ok(_) => bail!("expected {what} module ({message}), but it compiled"),
        Err(_) => Ok(()),
    }
}
