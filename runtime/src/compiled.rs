//! A compiled module made runnable: the plain output of the compile-time
//! crate (`hoist_environ`: module info, vmctx layout, laid-out code) copied
//! into executable memory and registered with the trap handler, plus the
//! memory images built on first use.
//!
//! What the compiler does lives in `hoist_environ::compile`; this file only
//! orchestrates it with the engine (its ISAs and its type registry) and
//! loads the result.

use crate::config::Config;
use crate::vm::code_memory::CodeMemory;
use crate::vm::memory_image::MemoryImage;
use crate::vm::registry::{self, Registration};
use anyhow::{anyhow, bail, Result};
use cranelift_codegen::ir::Function;
use cranelift_codegen::isa::OwnedTargetIsa;
use hoist_environ::compile::{self, CodeSettings, CompiledCode};
use hoist_environ::module_info::ModuleInfo;
use hoist_environ::offsets::VMOffsets;
use std::sync::{Arc, OnceLock};

/// Builds the Cranelift ISA for the host from `config`.
pub fn build_isa(config: &Config) -> Result<OwnedTargetIsa> {
    compile::build_isa_at(config.opt_level)
}

/// A compiled module: its description and its machine code.
pub struct CompiledModule {
    /// What the module contains.
    pub info: ModuleInfo,
    /// The layout of its instances' vmctx.
    pub offsets: VMOffsets,
    /// Engine-wide type id of each module type.
    pub type_ids: Vec<u32>,
    code: CodeMemory,
    func_offsets: Vec<u32>,
    /// The initial contents of the defined memories, built on the first
    /// instantiation (see `vm::memory_image`).
    memory_images: OnceLock<Vec<Option<Arc<MemoryImage>>>>,
    _registration: Registration,
}

impl std::fmt::Debug for CompiledModule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompiledModule")
            .field("functions", &self.func_offsets.len())
            .finish()
    }
}

impl CompiledModule {
    /// The images of the defined memories, one per defined memory, or an
    /// empty list when the data segments are to be copied one by one.
    pub fn memory_images(&self) -> &[Option<Arc<MemoryImage>>] {
        self.memory_images
            .get_or_init(|| crate::vm::memory_image::images_for(&self.info))
    }

    /// The native entry point of defined function `defined`.
    pub fn func_ptr(&self, defined: u32) -> *const u8 {
        // SAFETY: offsets were computed inside the code buffer's bounds at layout.
        unsafe {
            self.code
                .as_ptr()
                .add(self.func_offsets[defined as usize] as usize)
        }
    }
}

/// Validates and compiles `wasm` for `engine`, then loads the code.
pub(crate) fn compile_module(engine: &crate::Engine, wasm: &[u8]) -> Result<CompiledModule> {
    let config = engine.config();
    // Validator messages that a proposal turned off explains name its switch.
    let explain = |message: String| anyhow!(config.explain_refusal(&message).unwrap_or(message));
    let mut validator = wasmparser::Validator::new_with_features(config.wasm_features());
    let mut bodies = Vec::new();
    let info = ModuleInfo::parse(wasm, &mut validator, |f, b| bodies.push((f, b)))
        // One line that carries the validator's reason and byte offset.
        .map_err(|e| explain(format!("failed to parse WebAssembly module: {e:#}")))?;
    let type_ids: Vec<u32> = info.types.iter().map(|t| engine.register_type(t)).collect();
    let offsets = VMOffsets::new(&info);
    let settings = CodeSettings {
        bounds: config.bounds_checks,
        memory_layout: config.memory_layout(),
        consume_fuel: config.consume_fuel,
        epoch_interruption: config.epoch_interruption,
        parallel: config.parallel_compilation,
    };
    let unoptimized = || engine.unoptimized_isa();
    let code = compile::compile_module_code(
        &info,
        &offsets,
        &type_ids,
        bodies,
        settings,
        engine.isa(),
        &unoptimized,
    )
    // Operators are validated there, so a proposal turned off is refused
    // there too.
    .map_err(|e| explain(format!("{e:#}")))?;
    CompiledModule::load(info, offsets, type_ids, code)
}

impl CompiledModule {
    /// Copies `code` into executable memory and registers its traps.
    pub(crate) fn load(
        info: ModuleInfo,
        offsets: VMOffsets,
        type_ids: Vec<u32>,
        code: CompiledCode,
    ) -> Result<CompiledModule> {
        let memory = CodeMemory::new(&code.buffer)?;
        let registration = registry::register(memory.range(), code.traps.into());
        Ok(CompiledModule {
            info,
            offsets,
            type_ids,
            code: memory,
            func_offsets: code.func_offsets,
            memory_images: OnceLock::new(),
            _registration: registration,
        })
    }
}

/// Compiles a standalone function (a trampoline) into its own code memory.
pub(crate) fn compile_standalone(
    engine: &crate::Engine,
    func: Function,
) -> Result<Arc<CodeMemory>> {
    let f = compile::compile_clif(engine.isa(), func)?;
    if !f.relocs.is_empty() {
        bail!("a trampoline must not contain relocations");
    }
    Ok(Arc::new(CodeMemory::new(&f.code)?))
}
