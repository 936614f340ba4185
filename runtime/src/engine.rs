//! [`Engine`]: the shared, thread-safe compilation environment.
//!
//! It holds the configuration, the Cranelift ISA, the engine-wide registry of
//! function types (each distinct type gets a `u32` id that `call_indirect`
//! compares) and the cache of per-type trampolines.

use crate::compiled;
use crate::config::Config;
use crate::vm::code_memory::CodeMemory;
use anyhow::Result;
use cranelift_codegen::isa::{OwnedTargetIsa, TargetIsa};
use hoist_environ::trampolines;
use hoist_environ::types::FuncType;
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// A compilation environment shared by modules and stores.
///
/// Cloning is cheap (an `Arc`); an `Engine` is `Send + Sync`.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<EngineInner>,
}

struct EngineInner {
    config: Config,
    isa: OwnedTargetIsa,
    /// The ISA at `OptLevel::None`, for functions nested too deeply to
    /// optimise (see `hoist_environ::compile::MAX_OPTIMIZED_NESTING`); built when needed.
    unoptimized_isa: OnceLock<OwnedTargetIsa>,
    types: RwLock<TypeRegistry>,
    /// The epoch counter that code compiled with epoch interruption reads.
    epoch: std::sync::atomic::AtomicU64,
    trampolines: Mutex<FxHashMap<(TrampolineKind, u32), Trampoline>>,
}

/// A compiled trampoline: its address and the code memory that holds it.
type Trampoline = (usize, Arc<CodeMemory>);

#[derive(Default)]
struct TypeRegistry {
    ids: FxHashMap<FuncType, u32>,
    types: Vec<FuncType>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum TrampolineKind {
    Entry,
    Host,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("config", &self.inner.config)
            .finish()
    }
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new(&Config::default()).expect("the default configuration is valid for the host")
    }
}

impl Engine {
    /// An engine with `config`. Fails when Cranelift does not support the
    /// host, or when `config` turns on a proposal hoist does not implement
    /// (the error names the setting, e.g. `Config::wasm_threads(true)`).
    pub fn new(config: &Config) -> Result<Engine> {
        config.check_supported()?;
        let isa = compiled::build_isa(config)?;
        Ok(Engine {
            inner: Arc::new(EngineInner {
                config: config.clone(),
                isa,
                unoptimized_isa: OnceLock::new(),
                types: RwLock::new(TypeRegistry::default()),
                epoch: std::sync::atomic::AtomicU64::new(0),
                trampolines: Mutex::new(FxHashMap::default()),
            }),
        })
    }

    /// Advances the engine's epoch by one. Code of any store of this engine
    /// compiled with [`Config::epoch_interruption`] traps with
    /// [`Trap::Interrupt`](crate::Trap::Interrupt) at its next check once the
    /// epoch reaches the store's deadline. Cheap, and safe to call from any
    /// thread (a timer thread, typically).
    pub fn increment_epoch(&self) {
        self.inner
            .epoch
            .fetch_add(1, std::sync::atomic::Ordering::Release);
    }

    /// The engine's epoch counter.
    pub(crate) fn epoch(&self) -> &std::sync::atomic::AtomicU64 {
        &self.inner.epoch
    }

    /// Whether two handles are the same engine.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    pub(crate) fn config(&self) -> &Config {
        &self.inner.config
    }

    pub(crate) fn isa(&self) -> &dyn TargetIsa {
        &*self.inner.isa
    }

    /// The engine's ISA without optimisation.
    pub(crate) fn unoptimized_isa(&self) -> Result<&dyn TargetIsa> {
        if let Some(isa) = self.inner.unoptimized_isa.get() {
            return Ok(&**isa);
        }
        let isa = hoist_environ::compile::build_isa_at(crate::OptLevel::None)?;
        Ok(&**self.inner.unoptimized_isa.get_or_init(|| isa))
    }

    /// The engine-wide id of `ty`, registering it on first sight.
    pub(crate) fn register_type(&self, ty: &FuncType) -> u32 {
        if let Some(id) = self
            .inner
            .types
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .ids
            .get(ty)
        {
            return *id;
        }
        let mut reg = self.inner.types.write().unwrap_or_else(|e| e.into_inner());
        if let Some(id) = reg.ids.get(ty) {
            return *id;
        }
        let id = reg.types.len() as u32;
        reg.types.push(ty.clone());
        reg.ids.insert(ty.clone(), id);
        id
    }

    /// The type registered as `id`.
    pub(crate) fn type_of(&self, id: u32) -> FuncType {
        self.inner
            .types
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .types[id as usize]
            .clone()
    }

    fn trampoline(&self, kind: TrampolineKind, type_id: u32) -> Result<usize> {
        let mut cache = self
            .inner
            .trampolines
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some((ptr, _)) = cache.get(&(kind, type_id)) {
            return Ok(*ptr);
        }
        let ty = self.type_of(type_id);
        let isa = self.isa();
        let func = match kind {
            TrampolineKind::Entry => {
                trampolines::entry_trampoline(&ty, isa.default_call_conv(), isa.frontend_config())
            }
            TrampolineKind::Host => {
                trampolines::host_trampoline(&ty, isa.default_call_conv(), isa.frontend_config())
            }
        };
        let code = compiled::compile_standalone(self, func)?;
        let ptr = code.as_ptr() as usize;
        cache.insert((kind, type_id), (ptr, code));
        Ok(ptr)
    }

    /// Address of the entry trampoline for type `type_id`.
    pub(crate) fn entry_trampoline(&self, type_id: u32) -> Result<usize> {
        self.trampoline(TrampolineKind::Entry, type_id)
    }

    /// Address of the host trampoline for type `type_id`.
    pub(crate) fn host_trampoline(&self, type_id: u32) -> Result<usize> {
        self.trampoline(TrampolineKind::Host, type_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoist_environ::types::ValType;

    #[test]
    fn equal_types_share_an_id() {
        let e = Engine::default();
        let a = e.register_type(&FuncType::new([ValType::I32], []));
        let b = e.register_type(&FuncType::new([ValType::I32], []));
        let c = e.register_type(&FuncType::new([ValType::I64], []));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn engine_is_send_and_sync() {
        assert_send_sync::<Engine>();
    }
}
