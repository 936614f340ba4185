//! Compile time: everything that runs once per module and produces plain data
//! plus one block of machine code.
//!
//! `module_info` reads the binary (its constant expressions with
//! `const_expr`), `translate` turns each function body into CLIF, this file
//! compiles the functions (in parallel), lays them out and patches their
//! calls, and `trampolines` builds the per-type entry and host trampolines.
//! Nothing here touches a store or an instance.

pub mod const_expr;
pub mod libcalls;
pub mod memory_layout;
pub mod module_info;
pub mod offsets;
pub mod trampolines;
pub mod translate;

pub use translate::clif_type;

/// Default size of the guard region after a 32-bit memory's 4 GiB
/// reservation (`Config::memory_guard_size`); accesses whose static offset
/// plus size fit in it need no explicit bounds check (see `memory_layout`).
pub const GUARD_SIZE: u64 = 2 << 30;

use crate::config::{Config, OptLevel};
use crate::vm::code_memory::CodeMemory;
use crate::vm::memory_image::MemoryImage;
use crate::vm::registry::{self, Registration};
use crate::Trap;
use anyhow::{anyhow, bail, Context as _, Result};
use cranelift_codegen::binemit::Reloc;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{ExternalName, Function};
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::FinalizedRelocTarget;
use cranelift_frontend::FunctionBuilderContext;
use module_info::ModuleInfo;
use offsets::VMOffsets;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Functions nesting control frames deeper than this compile without
/// optimisation: Cranelift's optimiser takes time quadratic in the nesting
/// depth (100 000 nested blocks take about 20 s), which a hostile module
/// could use to stall compilation. Real code stays far below.
pub const MAX_OPTIMIZED_NESTING: usize = 2048;

/// Builds the Cranelift ISA for the host from `config`.
pub fn build_isa(config: &Config) -> Result<OwnedTargetIsa> {
    build_isa_at(config.opt_level)
}

/// Builds the Cranelift ISA for the host at optimisation level
/// `opt_level` (the other settings do not depend on the configuration).
pub fn build_isa_at(opt_level: OptLevel) -> Result<OwnedTargetIsa> {
    let mut flags = settings::builder();
    let opt = match opt_level {
        OptLevel::None => "none",
        OptLevel::Speed => "speed",
        OptLevel::SpeedAndSize => "speed_and_size",
    };
    flags.set("opt_level", opt)?;
    flags.set("enable_multi_ret_implicit_sret", "true")?;
    flags.set("preserve_frame_pointers", "true")?;
    flags.set(
        "enable_verifier",
        if cfg!(debug_assertions) {
            "true"
        } else {
            "false"
        },
    )?;
    flags.set("enable_probestack", "false")?;
    flags.set("enable_heap_access_spectre_mitigation", "false")?;
    flags.set("enable_table_access_spectre_mitigation", "false")?;
    let isa = cranelift_native::builder()
        .map_err(|e| anyhow!("host is not supported by Cranelift: {e}"))?;
    Ok(isa.finish(settings::Flags::new(flags))?)
}

/// One function's machine code before layout.
pub(crate) struct CompiledFunc {
    pub code: Vec<u8>,
    /// `(offset, kind, defined function index, addend)` of calls to other functions.
    pub relocs: Vec<(u32, Reloc, u32, i64)>,
    pub traps: Vec<(u32, Trap)>,
    pub alignment: u32,
}

/// Compiles one CLIF function with `isa`.
pub(crate) fn compile_clif(
    isa: &dyn cranelift_codegen::isa::TargetIsa,
    func: Function,
) -> Result<CompiledFunc> {
    compile_clif_in(&mut cranelift_codegen::Context::new(), isa, func)
}

/// [`compile_clif`] reusing `ctx` (and its allocations) from earlier functions.
pub(crate) fn compile_clif_in(
    ctx: &mut cranelift_codegen::Context,
    isa: &dyn cranelift_codegen::isa::TargetIsa,
    func: Function,
) -> Result<CompiledFunc> {
    let names = func.params.user_named_funcs().clone();
    ctx.clear();
    ctx.func = func;
    let compiled = ctx
        .compile(isa, &mut ControlPlane::default())
        .map_err(|e| {
            anyhow!(
                "Cranelift failed to compile function `{}`: {:?}",
                e.func.name,
                e.inner
            )
        })?;
    let mut relocs = Vec::new();
    for r in compiled.buffer.relocs() {
        let FinalizedRelocTarget::ExternalName(ExternalName::User(name)) = &r.target else {
            bail!(
                "unexpected relocation target {:?} in compiled code",
                r.target
            );
        };
        let target = names[*name].index;
        relocs.push((r.offset, r.kind, target, r.addend));
    }
    let traps = compiled
        .buffer
        .traps()
        .iter()
        .map(|t| {
            let trap = Trap::from_trap_code(t.code).unwrap_or(Trap::Unreachable);
            (t.offset, trap)
        })
        .collect();
    Ok(CompiledFunc {
        code: compiled.code_buffer().to_vec(),
        relocs,
        traps,
        alignment: compiled.buffer.alignment.max(16),
    })
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

/// Validates and compiles `wasm` for `engine`.
pub(crate) fn compile_module(engine: &crate::Engine, wasm: &[u8]) -> Result<CompiledModule> {
    let config = engine.config();
    let mut validator = wasmparser::Validator::new_with_features(config.wasm_features());
    let mut bodies = Vec::new();
    let info = ModuleInfo::parse(wasm, &mut validator, |f, b| bodies.push((f, b)))
        // One line that carries the validator's reason and byte offset.
        .map_err(|e| {
            let message = format!("failed to parse WebAssembly module: {e:#}");
            anyhow!(config.explain_refusal(&message).unwrap_or(message))
        })?;
    let type_ids: Vec<u32> = info.types.iter().map(|t| engine.register_type(t)).collect();
    let offsets = VMOffsets::new(&info);
    let isa = engine.isa();
    let env = translate::FuncEnv {
        info: &info,
        offsets: &offsets,
        type_ids: &type_ids,
        bounds: config.bounds_checks,
        memory_layout: memory_layout::MemoryLayout::new(config),
        call_conv: isa.default_call_conv(),
        frontend_config: isa.frontend_config(),
        consume_fuel: config.consume_fuel,
        epoch_interruption: config.epoch_interruption,
    };

    let n = bodies.len();
    let bodies: Vec<_> = bodies.into_iter().map(|b| Mutex::new(Some(b))).collect();
    let results: Vec<Mutex<Option<Result<CompiledFunc>>>> =
        (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut fctx = FunctionBuilderContext::new();
        let mut cctx = cranelift_codegen::Context::new();
        let mut allocs = wasmparser::FuncValidatorAllocations::default();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                break;
            }
            let taken = bodies[i].lock().unwrap_or_else(|e| e.into_inner()).take();
            let Some((func, body)) = taken else { continue };
            let result = (|| -> Result<CompiledFunc> {
                let mut v = func.into_validator(std::mem::take(&mut allocs));
                v.validate(&body)?;
                allocs = v.into_allocations();
                let (clif, depth) =
                    translate::translate_function(&env, i as u32, &body, &mut fctx)?;
                if depth > MAX_OPTIMIZED_NESTING {
                    compile_clif_in(&mut cctx, engine.unoptimized_isa()?, clif)
                } else {
                    compile_clif_in(&mut cctx, isa, clif)
                }
            })();
            *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
        }
    };
    let threads = if config.parallel_compilation {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(n.max(1))
    } else {
        1
    };
    if threads <= 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 1..threads {
                s.spawn(work);
            }
            work();
        });
    }
    let mut funcs = Vec::with_capacity(n);
    for (i, r) in results.into_iter().enumerate() {
        let r = r.into_inner().unwrap_or_else(|e| e.into_inner());
        let f = r
            .ok_or_else(|| anyhow!("function {i} was not compiled"))?
            .map_err(|e| {
                // Operators are validated here, so a proposal turned off is
                // refused here too: name its switch.
                let message = format!(
                    "failed to compile function {}: {e:#}",
                    i as u32 + info.num_imported_funcs
                );
                anyhow!(config.explain_refusal(&message).unwrap_or(message))
            })?;
        funcs.push(f);
    }
    let (buffer, func_offsets, traps) = link(&funcs)?;
    let code = CodeMemory::new(&buffer)?;
    let registration = registry::register(code.range(), traps.into());
    Ok(CompiledModule {
        info,
        offsets,
        type_ids,
        code,
        func_offsets,
        memory_images: OnceLock::new(),
        _registration: registration,
    })
}

/// Laid-out code: the buffer, each function's offset and the sorted trap table.
pub(crate) type Linked = (Vec<u8>, Vec<u32>, Vec<(u32, Trap)>);

/// Lays functions out in one buffer and patches their calls to each other.
/// Returns the buffer, each function's offset and the sorted trap table.
pub(crate) fn link(funcs: &[CompiledFunc]) -> Result<Linked> {
    let mut buffer = Vec::new();
    let mut offsets = Vec::with_capacity(funcs.len());
    let mut traps = Vec::new();
    for f in funcs {
        let start = buffer.len().next_multiple_of(f.alignment as usize);
        buffer.resize(start, 0xcc);
        let start = u32::try_from(start).context("compiled code is larger than 4 GiB")?;
        offsets.push(start);
        buffer.extend_from_slice(&f.code);
        traps.extend(f.traps.iter().map(|(o, t)| (start + o, *t)));
    }
    for (f, start) in funcs.iter().zip(&offsets) {
        for (offset, kind, target, addend) in &f.relocs {
            let site = (*start + *offset) as i64;
            let target = *offsets
                .get(*target as usize)
                .ok_or_else(|| anyhow!("call to unknown function {target}"))?
                as i64;
            match kind {
                Reloc::X86CallPCRel4 | Reloc::X86PCRel4 => {
                    let value = i32::try_from(target + addend - site)
                        .context("call distance exceeds 2 GiB")?;
                    buffer[site as usize..site as usize + 4].copy_from_slice(&value.to_le_bytes());
                }
                Reloc::Arm64Call => {
                    let delta = (target + addend - site) >> 2;
                    let at = site as usize;
                    let insn = u32::from_le_bytes(buffer[at..at + 4].try_into().expect("4 bytes"));
                    let insn = (insn & 0xfc00_0000) | (delta as u32 & 0x03ff_ffff);
                    buffer[at..at + 4].copy_from_slice(&insn.to_le_bytes());
                }
                other => bail!("unsupported relocation kind {other:?} in compiled code"),
            }
        }
    }
    traps.sort_by_key(|(o, _)| *o);
    Ok((buffer, offsets, traps))
}

/// Compiles standalone functions (trampolines) into their own code memory.
pub(crate) fn compile_standalone(
    engine: &crate::Engine,
    func: Function,
) -> Result<Arc<CodeMemory>> {
    let f = compile_clif(engine.isa(), func)?;
    if !f.relocs.is_empty() {
        bail!("a trampoline must not contain relocations");
    }
    Ok(Arc::new(CodeMemory::new(&f.code)?))
}
