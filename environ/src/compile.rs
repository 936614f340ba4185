//! Machine code out of CLIF: the Cranelift ISA for the host, the parallel
//! compilation of a module's function bodies, and their layout into one
//! block of code with calls patched and a sorted trap table.
//!
//! The output ([`CompiledCode`]) is plain data: bytes, offsets and traps.
//! Copying it into executable memory and registering its traps for the
//! signal handler is the runtime's work.

use crate::memory_layout::MemoryLayout;
use crate::module_info::ModuleInfo;
use crate::offsets::VMOffsets;
use crate::translate::{self, FuncEnv};
use crate::tunables::{BoundsChecks, OptLevel};
use crate::Trap;
use anyhow::{anyhow, bail, Context as _, Result};
use cranelift_codegen::binemit::Reloc;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{ExternalName, Function};
use cranelift_codegen::isa::{OwnedTargetIsa, TargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::FinalizedRelocTarget;
use cranelift_frontend::FunctionBuilderContext;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Functions nesting control frames deeper than this compile without
/// optimisation: Cranelift's optimiser takes time quadratic in the nesting
/// depth (100 000 nested blocks take about 20 s), which a hostile module
/// could use to stall compilation. Real code stays far below.
pub const MAX_OPTIMIZED_NESTING: usize = 2048;

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
pub struct CompiledFunc {
    /// The function's machine code.
    pub code: Vec<u8>,
    /// `(offset, kind, defined function index, addend)` of calls to other functions.
    pub relocs: Vec<(u32, Reloc, u32, i64)>,
    /// `(offset, trap)` of the instructions that may trap.
    pub traps: Vec<(u32, Trap)>,
    /// The alignment the code needs.
    pub alignment: u32,
}

/// Compiles one CLIF function with `isa`.
pub fn compile_clif(
    isa: &dyn cranelift_codegen::isa::TargetIsa,
    func: Function,
) -> Result<CompiledFunc> {
    compile_clif_in(&mut cranelift_codegen::Context::new(), isa, func)
}

/// [`compile_clif`] reusing `ctx` (and its allocations) from earlier functions.
pub fn compile_clif_in(
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

/// Laid-out code: the buffer, each function's offset and the sorted trap table.
pub type Linked = (Vec<u8>, Vec<u32>, Vec<(u32, Trap)>);

/// Lays functions out in one buffer and patches their calls to each other.
/// Returns the buffer, each function's offset and the sorted trap table.
pub fn link(funcs: &[CompiledFunc]) -> Result<Linked> {
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

/// The machine code of a module's defined functions, laid out in one
/// block: plain data, ready to be copied into executable memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompiledCode {
    /// The code, functions at their offsets, padding between them.
    pub buffer: Vec<u8>,
    /// The offset of each defined function in `buffer`.
    pub func_offsets: Vec<u32>,
    /// `(offset, trap)` for every instruction that may trap, sorted by offset.
    pub traps: Vec<(u32, Trap)>,
}

/// What the function translation reads besides the module: the settings
/// that change the generated code.
#[derive(Clone, Copy, Debug)]
pub struct CodeSettings {
    /// How memory accesses are kept in bounds.
    pub bounds: BoundsChecks,
    /// How the memories are laid out in the address space.
    pub memory_layout: MemoryLayout,
    /// Whether functions count fuel.
    pub consume_fuel: bool,
    /// Whether loops and function entries check the epoch deadline.
    pub epoch_interruption: bool,
    /// Whether function bodies are compiled on several threads.
    pub parallel: bool,
}

/// Validates, translates and compiles the function `bodies` of the module
/// `info` (in the order `ModuleInfo::parse` handed them out), then lays them
/// out. `type_ids` gives each module type the id that `call_indirect`
/// compares signatures by; `unoptimized` is the ISA for functions nesting
/// deeper than [`MAX_OPTIMIZED_NESTING`]. A failure names the function by
/// its index in the module's function space.
pub fn compile_module_code<'a>(
    info: &ModuleInfo,
    offsets: &VMOffsets,
    type_ids: &[u32],
    bodies: Vec<(
        wasmparser::FuncToValidate<wasmparser::ValidatorResources>,
        wasmparser::FunctionBody<'a>,
    )>,
    settings: CodeSettings,
    isa: &dyn TargetIsa,
    unoptimized: &(dyn Fn() -> Result<&'a dyn TargetIsa> + Sync),
) -> Result<CompiledCode> {
    let env = FuncEnv {
        info,
        offsets,
        type_ids,
        bounds: settings.bounds,
        memory_layout: settings.memory_layout,
        call_conv: isa.default_call_conv(),
        frontend_config: isa.frontend_config(),
        consume_fuel: settings.consume_fuel,
        epoch_interruption: settings.epoch_interruption,
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
                    compile_clif_in(&mut cctx, unoptimized()?, clif)
                } else {
                    compile_clif_in(&mut cctx, isa, clif)
                }
            })();
            *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
        }
    };
    let threads = if settings.parallel {
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
                anyhow!(
                    "failed to compile function {}: {e:#}",
                    i as u32 + info.num_imported_funcs
                )
            })?;
        funcs.push(f);
    }
    let (buffer, func_offsets, traps) = link(&funcs)?;
    Ok(CompiledCode {
        buffer,
        func_offsets,
        traps,
    })
}
