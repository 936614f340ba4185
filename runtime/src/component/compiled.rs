//! [`Component`]: a validated, translated and compiled component.
//!
//! Translation (`translate/`) produces the flat initializer list; this file
//! compiles the core modules the component defines with the core JIT and
//! keeps both behind an `Arc`, so that a `Component` is cheap to clone and
//! shareable across threads.

use super::translate::{self, ExportDef, ImportTy, ModuleSource, Translation};
use crate::{Engine, Module};
use anyhow::{anyhow, bail, Context, Result};
use std::path::Path;
use std::sync::Arc;

/// A compiled WebAssembly component.
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::Engine;
/// use hoist_runtime::component::Component;
/// let engine = Engine::default();
/// let component = Component::new(&engine, r#"(component
///     (core module $m (func (export "f") (result i32) i32.const 7))
///     (core instance $i (instantiate $m))
///     (func (export "seven") (result u32) (canon lift (core func $i "f"))))"#)?;
/// assert_eq!(component.export_names(), ["seven"]);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Component {
    pub(crate) inner: Arc<ComponentInner>,
}

pub(crate) struct ComponentInner {
    pub engine: Engine,
    pub translation: Translation,
    pub modules: Vec<Module>,
    /// What instantiation does that depends on nothing else (`plan.rs`).
    pub plan: super::plan::Plan,
}

impl std::fmt::Debug for Component {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Component")
            .field("imports", &self.inner.translation.imports.len())
            .field("exports", &self.inner.translation.exports.len())
            .finish()
    }
}

impl Component {
    /// Compiles a component from its binary or text form.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Component> {
        let bytes =
            wat::parse_bytes(bytes.as_ref()).context("failed to parse the component text")?;
        Component::from_binary(engine, &bytes)
    }

    /// Compiles a component from its binary.
    /// Fails, naming the setting, when the engine's configuration turns the
    /// component model off (`Config::wasm_component_model(false)`).
    pub fn from_binary(engine: &Engine, binary: &[u8]) -> Result<Component> {
        let config = engine.config();
        if !config.features.component_model {
            bail!(
                "the component model is turned off for this engine \
                 (`Config::wasm_component_model(false)`)"
            );
        }
        let features = config.wasm_features() | wasmparser::WasmFeatures::COMPONENT_MODEL;
        let translation = translate::translate(features, binary)
            .map_err(|e| match config.explain_refusal(&format!("{e:#}")) {
                Some(explained) => anyhow!(explained),
                None => e,
            })
            .context("failed to translate the component")?;
        let mut modules = Vec::with_capacity(translation.modules.len());
        for (i, source) in translation.modules.iter().enumerate() {
            let m = match source {
                ModuleSource::Binary(range) => {
                    let bytes = binary
                        .get(range.clone())
                        .context("core module range out of bounds")?;
                    Module::from_binary(engine, bytes)
                }
                ModuleSource::Text(text) => Module::new(engine, text),
            }
            .with_context(|| format!("failed to compile core module {i} of the component"))?;
            modules.push(m);
        }
        let plan = super::plan::Plan::new(engine, &translation, &modules);
        Ok(Component {
            inner: Arc::new(ComponentInner {
                engine: engine.clone(),
                translation,
                modules,
                plan,
            }),
        })
    }

    /// Compiles the component in the file at `path` (binary or text).
    pub fn from_file(engine: &Engine, path: impl AsRef<Path>) -> Result<Component> {
        let path = path.as_ref();
        let bytes =
            std::fs::read(path).with_context(|| format!("failed to read {}", path.display()))?;
        Component::new(engine, bytes)
            .with_context(|| format!("failed to compile {}", path.display()))
    }

    /// The engine the component was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The names of the root imports, in order.
    pub fn import_names(&self) -> Vec<&str> {
        self.inner
            .translation
            .imports
            .iter()
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// The names of the root exports, in order.
    pub fn export_names(&self) -> Vec<&str> {
        self.inner
            .translation
            .exports
            .iter()
            .map(|(n, _)| n.as_str())
            .collect()
    }

    pub(crate) fn import_tys(&self) -> &[(String, ImportTy)] {
        &self.inner.translation.imports
    }

    pub(crate) fn export_defs(&self) -> &[(String, ExportDef)] {
        &self.inner.translation.exports
    }
}
