//! [`Module`]: a validated, compiled core WebAssembly module.
//!
//! Compilation itself is `compiled::compile_module`; this is the public handle
//! (cheap to clone, shareable across threads) and its type queries.

use crate::compiled::{self, CompiledModule};
use crate::engine::Engine;
use anyhow::{Context, Result};
use hoist_environ::types::{ExportType, ImportType};
use std::path::Path;
use std::sync::Arc;

/// A compiled core WebAssembly module.
///
/// ```
/// # fn main() -> anyhow::Result<()> {
/// use hoist_runtime::{Engine, Module};
/// let engine = Engine::default();
/// let module = Module::new(&engine, r#"(module (func (export "run") (param i32)))"#)?;
/// let names: Vec<_> = module.exports().map(|e| e.name().to_string()).collect();
/// assert_eq!(names, ["run"]);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Module {
    pub(crate) inner: Arc<CompiledModule>,
    pub(crate) engine: Engine,
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module")
            .field("imports", &self.inner.info.imports.len())
            .finish()
    }
}

impl Module {
    /// Compiles a module from its binary or `.wat` text.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let bytes =
            wat::parse_bytes(bytes.as_ref()).context("failed to parse the WebAssembly text")?;
        Module::from_binary(engine, &bytes)
    }

    /// Compiles a module from its binary.
    pub fn from_binary(engine: &Engine, binary: &[u8]) -> Result<Module> {
        let inner = compiled::compile_module(engine, binary)?;
        Ok(Module {
            inner: Arc::new(inner),
            engine: engine.clone(),
        })
    }

    /// Compiles the module in the file at `path` (binary or text).
    pub fn from_file(engine: &Engine, path: impl AsRef<Path>) -> Result<Module> {
        let path = path.as_ref();
        let bytes =
            std::fs::read(path).with_context(|| format!("failed to read {}", path.display()))?;
        Module::new(engine, bytes).with_context(|| format!("failed to compile {}", path.display()))
    }

    /// Validates a binary without compiling it. The error names the byte
    /// offset and the validator's reason (and the `Config` setting that
    /// turned the proposal off, when one did).
    pub fn validate(engine: &Engine, binary: &[u8]) -> Result<()> {
        let config = engine.config();
        let mut v = wasmparser::Validator::new_with_features(config.wasm_features());
        v.validate_all(binary)
            .map_err(|e| match config.explain_refusal(&e.to_string()) {
                Some(explained) => anyhow::anyhow!(explained),
                None => e.into(),
            })?;
        let mut info_check =
            wasmparser::Validator::new_with_features(engine.config().wasm_features());
        hoist_environ::module_info::ModuleInfo::parse(binary, &mut info_check, |_, _| {})?;
        Ok(())
    }

    /// The engine the module was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The imports, in order.
    pub fn imports(&self) -> impl ExactSizeIterator<Item = ImportType<'_>> + '_ {
        let info = &self.inner.info;
        info.imports
            .iter()
            .map(move |i| ImportType::new(&i.module, &i.name, info.entity_type(i.index)))
    }

    /// The exports, in order.
    pub fn exports(&self) -> impl ExactSizeIterator<Item = ExportType<'_>> + '_ {
        let info = &self.inner.info;
        info.exports
            .iter()
            .map(move |(name, idx)| ExportType::new(name, info.entity_type(*idx)))
    }

    /// The export called `name`, if any.
    pub fn get_export(&self, name: &str) -> Option<hoist_environ::types::ExternType> {
        let info = &self.inner.info;
        info.export_map.get(name).map(|i| info.entity_type(*i))
    }
}
