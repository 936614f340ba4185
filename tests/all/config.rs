//! `Config` has Wasmtime's switches, so that configuration code ported from
//! Wasmtime compiles, and each does what its documentation says:
//!
//! - the proposals hoist implements (`wasm_simd`, `wasm_multi_value`,
//!   `wasm_bulk_memory`, `wasm_reference_types`, `wasm_multi_memory`,
//!   `wasm_extended_const`) turned off refuse a module that uses them, with
//!   the validator's reason and the switch named;
//! - `wasm_component_model(false)` refuses components, naming the switch,
//!   and leaves core modules alone;
//! - the proposals hoist lacks (`wasm_relaxed_simd`, `wasm_threads`,
//!   `wasm_tail_call`, `wasm_gc`, `wasm_function_references`,
//!   `wasm_memory64`, `wasm_exceptions`) are accepted off, make
//!   `Engine::new` fail naming the setting when on, and a module using one
//!   is refused with the setting named;
//! - `cranelift_opt_level`, `consume_fuel`, `epoch_interruption` and
//!   `max_wasm_stack` take effect (in depth: `tests/all/interrupt.rs`,
//!   `tests/all/stack_limits.rs`);
//! - `async_support` and `debug_info` are accepted and change nothing.

use hoist::component::{block_on, Component, Linker};
use hoist::{Config, Engine, Instance, Module, OptLevel, Store, Trap};

use crate::support::engine_with as engine;

/// The full error of compiling `wat` as a module with `config`.
fn module_error(config: &Config, wat: &str) -> String {
    let e = Module::new(&engine(config), wat).expect_err("refused");
    format!("{e:#}")
}

/// A core module using one proposal, and the switch that turns it off.
struct Uses {
    setting: &'static str,
    off: fn(&mut Config) -> &mut Config,
    on: fn(&mut Config) -> &mut Config,
    wat: &'static str,
    /// What the validator says when the switch is off.
    reason: &'static str,
}

const IMPLEMENTED: &[Uses] = &[
    Uses {
        setting: "wasm_simd",
        off: |c| c.wasm_simd(false),
        on: |c| c.wasm_simd(true),
        wat: r#"(module (func (export "f") (result v128) v128.const i32x4 1 2 3 4))"#,
        reason: "SIMD support is not enabled",
    },
    Uses {
        setting: "wasm_multi_value",
        off: |c| c.wasm_multi_value(false),
        on: |c| c.wasm_multi_value(true),
        wat: r#"(module (func (export "f") (result i32 i32) i32.const 1 i32.const 2))"#,
        reason: "multi-value",
    },
    Uses {
        setting: "wasm_bulk_memory",
        off: |c| c.wasm_bulk_memory(false),
        on: |c| c.wasm_bulk_memory(true),
        wat: r#"(module (memory 1)
            (func (export "f") i32.const 0 i32.const 8 i32.const 4 memory.copy))"#,
        reason: "bulk memory support is not enabled",
    },
    Uses {
        setting: "wasm_reference_types",
        off: |c| c.wasm_reference_types(false),
        on: |c| c.wasm_reference_types(true),
        wat: r#"(module (func (export "f") (param externref)))"#,
        reason: "reference types support is not enabled",
    },
];

/// Each implemented proposal: on (the default, and turned on explicitly)
/// the module compiles; off it is refused, with the validator's reason and
/// `Config::<setting>(false)` in the error.
#[test]
fn implemented_proposals_turned_off_refuse_modules_naming_the_switch() {
    for u in IMPLEMENTED {
        Module::new(&Engine::default(), u.wat).unwrap_or_else(|e| panic!("{}: {e:#}", u.setting));
        let mut config = Config::new();
        (u.on)(&mut config);
        Module::new(&engine(&config), u.wat).unwrap_or_else(|e| panic!("{}: {e:#}", u.setting));

        let mut config = Config::new();
        (u.off)(&mut config);
        let msg = module_error(&config, u.wat);
        assert!(msg.contains(u.reason), "{}: {msg}", u.setting);
        assert!(
            msg.contains(&format!("(turned off by `Config::{}(false)`)", u.setting)),
            "{}: {msg}",
            u.setting
        );
        // `Module::validate` says the same.
        let wasm = wat::parse_str(u.wat).unwrap();
        let e = Module::validate(&engine(&config), &wasm).unwrap_err();
        assert!(
            e.to_string()
                .contains(&format!("`Config::{}(false)`", u.setting)),
            "{}: {e:#}",
            u.setting
        );
    }
}

/// The exact error of a v128 module with SIMD off: the reason, where, and
/// the switch.
#[test]
fn simd_off_refuses_a_v128_module_with_a_clear_error() {
    let mut config = Config::new();
    config.wasm_simd(false);
    assert_eq!(
        module_error(&config, r#"(module (func (param v128)))"#),
        "failed to parse WebAssembly module: SIMD support is not enabled (at offset 0xb) \
         (turned off by `Config::wasm_simd(false)`)"
    );
}

/// Multi-memory and extended constants, whose validator errors name no
/// proposal: off, the modules are refused; on, they compile.
#[test]
fn multi_memory_and_extended_const_can_be_turned_off() {
    let two_memories = r#"(module (memory 1) (memory 1))"#;
    let extended = r#"(module (global i32 (i32.add (i32.const 1) (i32.const 2))))"#;
    let mut config = Config::new();
    config.wasm_multi_memory(false);
    let msg = module_error(&config, two_memories);
    assert!(msg.contains("multiple memories"), "{msg}");
    config.wasm_multi_memory(true);
    Module::new(&engine(&config), two_memories).unwrap();

    config.wasm_extended_const(false);
    let msg = module_error(&config, extended);
    assert!(msg.contains("constant expression required"), "{msg}");
    config.wasm_extended_const(true);
    Module::new(&engine(&config), extended).unwrap();
}

const COMPONENT: &str = r#"(component
  (core module $m (func (export "add") (param i32 i32) (result i32)
      local.get 0 local.get 1 i32.add))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "add"))))"#;

/// `wasm_component_model(false)` refuses components (text and binary),
/// naming the switch; core modules still compile; on, the component works.
#[test]
fn component_model_off_refuses_components_naming_the_switch() {
    let mut config = Config::new();
    config.wasm_component_model(false);
    let engine_off = engine(&config);
    let e = Component::new(&engine_off, COMPONENT).unwrap_err();
    assert_eq!(
        format!("{e:#}"),
        "the component model is turned off for this engine \
         (`Config::wasm_component_model(false)`)"
    );
    let binary = wat::parse_str(COMPONENT).unwrap();
    let e = Component::from_binary(&engine_off, &binary).unwrap_err();
    assert!(
        e.to_string()
            .contains("Config::wasm_component_model(false)"),
        "{e:#}"
    );
    Module::new(&engine_off, r#"(module (func (export "f")))"#).unwrap();

    config.wasm_component_model(true);
    let engine_on = engine(&config);
    let component = Component::new(&engine_on, COMPONENT).unwrap();
    let mut store = Store::new(&engine_on, ());
    let instance = Linker::new(&engine_on)
        .instantiate(&mut store, &component)
        .unwrap();
    let add = instance
        .get_typed_func::<(u32, u32), (u32,)>(&mut store, "add")
        .unwrap();
    assert_eq!(add.call(&mut store, (40, 2)).unwrap(), (42,));
}

/// A component whose core module uses SIMD, with SIMD off: refused, and the
/// error names the switch.
#[test]
fn simd_off_refuses_a_component_using_v128() {
    let mut config = Config::new();
    config.wasm_simd(false);
    let e = Component::new(
        &engine(&config),
        r#"(component (core module $m (func (param v128))))"#,
    )
    .unwrap_err();
    let msg = format!("{e:#}");
    assert!(msg.contains("SIMD support is not enabled"), "{msg}");
    assert!(msg.contains("`Config::wasm_simd(false)`"), "{msg}");
}

/// A proposal hoist does not implement, with a module that uses it.
struct Lacks {
    setting: &'static str,
    set: fn(&mut Config, bool) -> &mut Config,
    /// How the error of `Engine::new` names the proposal.
    proposal: &'static str,
    /// A module using it, and what the validator says of it (`None`: the
    /// text format cannot even express it without the proposal).
    wat: Option<(&'static str, &'static str)>,
}

const UNSUPPORTED: &[Lacks] = &[
    Lacks {
        setting: "wasm_relaxed_simd",
        set: Config::wasm_relaxed_simd,
        proposal: "relaxed SIMD",
        wat: Some((
            r#"(module (func (param v128) (result v128)
                local.get 0 i32x4.relaxed_trunc_f32x4_s))"#,
            "relaxed SIMD support is not enabled",
        )),
    },
    Lacks {
        setting: "wasm_threads",
        set: Config::wasm_threads,
        proposal: "threads",
        wat: Some((r#"(module (memory 1 1 shared))"#, "threads must be enabled")),
    },
    Lacks {
        setting: "wasm_tail_call",
        set: Config::wasm_tail_call,
        proposal: "tail calls",
        wat: Some((
            r#"(module (func $f return_call $f))"#,
            "tail calls support is not enabled",
        )),
    },
    Lacks {
        setting: "wasm_gc",
        set: Config::wasm_gc,
        proposal: "garbage collection",
        wat: None,
    },
    Lacks {
        setting: "wasm_function_references",
        set: Config::wasm_function_references,
        proposal: "typed function references",
        wat: None,
    },
    Lacks {
        setting: "wasm_memory64",
        set: Config::wasm_memory64,
        proposal: "memory64",
        wat: Some((r#"(module (memory i64 1))"#, "memory64 must be enabled")),
    },
    Lacks {
        setting: "wasm_exceptions",
        set: Config::wasm_exceptions,
        proposal: "exception handling",
        wat: Some((r#"(module (tag))"#, "exceptions proposal not enabled")),
    },
];

/// Each proposal hoist lacks: off is accepted (the default, and set
/// explicitly); on, `Engine::new` fails with an error naming the setting;
/// a module using it is refused, naming the setting.
#[test]
fn unsupported_proposals_are_accepted_off_and_refused_on() {
    for u in UNSUPPORTED {
        let mut config = Config::new();
        (u.set)(&mut config, false);
        let off = engine(&config);
        if let Some((wat, reason)) = u.wat {
            let e = Module::new(&off, wat).unwrap_err();
            let msg = format!("{e:#}");
            assert!(msg.contains(reason), "{}: {msg}", u.setting);
            assert!(
                msg.contains(&format!(
                    "(hoist does not support it: `Config::{}`)",
                    u.setting
                )),
                "{}: {msg}",
                u.setting
            );
        }

        (u.set)(&mut config, true);
        let e = Engine::new(&config).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "`Config::{}(true)`: hoist does not support the {} proposal",
                u.setting, u.proposal
            )
        );
        // Turned off again, the same configuration is valid.
        (u.set)(&mut config, false);
        engine(&config);
    }
}

const RECURSE: &str = r#"(module
  (func $r (export "recurse") (param i32) (result i32)
    local.get 0 i32.eqz
    if (result i32) i32.const 0
    else local.get 0 i32.const 1 i32.sub call $r i32.const 1 i32.add end)
  (func (export "spin") (loop br 0)))"#;

/// Every optimisation level compiles code that computes the same result.
#[test]
fn every_cranelift_opt_level_runs() {
    for level in [OptLevel::None, OptLevel::Speed, OptLevel::SpeedAndSize] {
        let mut config = Config::new();
        config.cranelift_opt_level(level);
        let engine = engine(&config);
        let module = Module::new(&engine, RECURSE).unwrap();
        let mut store = Store::new(&engine, ());
        let i = Instance::new(&mut store, &module, &[]).unwrap();
        let f = i.get_typed_func::<i32, i32>(&mut store, "recurse").unwrap();
        assert_eq!(f.call(&mut store, 1000).unwrap(), 1000, "{level:?}");
    }
}

/// `consume_fuel`: on, an endless loop stops with `OutOfFuel`; off, fuel
/// cannot be set. `epoch_interruption`: on, a deadline reached stops it
/// with `Interrupt`.
#[test]
fn fuel_and_epochs_take_effect() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine_fuel = engine(&config);
    let module = Module::new(&engine_fuel, RECURSE).unwrap();
    let mut store = Store::new(&engine_fuel, ());
    store.set_fuel(10_000).unwrap();
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let spin = i.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let e = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::OutOfFuel), "{e:#}");
    config.consume_fuel(false);
    let mut store = Store::new(&engine(&config), ());
    assert!(store.set_fuel(10).is_err());

    let mut config = Config::new();
    config.epoch_interruption(true);
    let engine_epoch = engine(&config);
    let module = Module::new(&engine_epoch, RECURSE).unwrap();
    let mut store = Store::new(&engine_epoch, ());
    store.set_epoch_deadline(1);
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let spin = i.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    engine_epoch.increment_epoch();
    let e = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::Interrupt), "{e:#}");
}

/// `max_wasm_stack`: a recursion that fits the default stack overflows a
/// small one.
#[test]
fn max_wasm_stack_bounds_recursion() {
    // Frames of `recurse` are a few words: 5000 of them fit in the default
    // 512 KiB, not in 16 KiB.
    let depth = 5000;
    for (bytes, overflows) in [(None, false), (Some(16 * 1024), true)] {
        let mut config = Config::new();
        if let Some(bytes) = bytes {
            config.max_wasm_stack(bytes);
        }
        let engine = engine(&config);
        let module = Module::new(&engine, RECURSE).unwrap();
        let mut store = Store::new(&engine, ());
        let i = Instance::new(&mut store, &module, &[]).unwrap();
        let f = i.get_typed_func::<i32, i32>(&mut store, "recurse").unwrap();
        let result = f.call(&mut store, depth);
        if overflows {
            let e = result.unwrap_err();
            assert_eq!(
                e.downcast_ref::<Trap>(),
                Some(&Trap::StackOverflow),
                "{e:#}"
            );
        } else {
            assert_eq!(result.unwrap(), depth);
        }
    }
}

/// `async_support` and `debug_info`, either way, change nothing: synchronous
/// and async calls both work.
#[test]
fn async_support_and_debug_info_are_accepted_and_change_nothing() {
    for on in [false, true] {
        let mut config = Config::new();
        config.async_support(on).debug_info(on);
        let engine = engine(&config);
        let component = Component::new(&engine, COMPONENT).unwrap();
        let mut store = Store::new(&engine, ());
        let linker = Linker::new(&engine);
        let instance = linker.instantiate(&mut store, &component).unwrap();
        let add = instance
            .get_typed_func::<(u32, u32), (u32,)>(&mut store, "add")
            .unwrap();
        assert_eq!(add.call(&mut store, (1, 2)).unwrap(), (3,));
        let out = block_on(async {
            let instance = linker.instantiate_async(&mut store, &component).await?;
            let add = instance.get_typed_func::<(u32, u32), (u32,)>(&mut store, "add")?;
            add.call_async(&mut store, (20, 22)).await
        })
        .unwrap();
        assert_eq!(out, (42,));
    }
}

/// A configuration written for Wasmtime, every switch in one chain: it
/// compiles, and builds an engine that runs components.
#[test]
fn a_wasmtime_style_configuration_builds_an_engine() {
    let mut config = Config::new();
    config
        .wasm_component_model(true)
        .async_support(true)
        .debug_info(false)
        .cranelift_opt_level(OptLevel::Speed)
        .consume_fuel(false)
        .epoch_interruption(false)
        .max_wasm_stack(1 << 20)
        .wasm_multi_value(true)
        .wasm_bulk_memory(true)
        .wasm_reference_types(true)
        .wasm_simd(true)
        .wasm_relaxed_simd(false)
        .wasm_threads(false)
        .wasm_tail_call(false)
        .wasm_gc(false)
        .wasm_function_references(false)
        .wasm_memory64(false)
        .wasm_exceptions(false)
        .wasm_multi_memory(true)
        .wasm_extended_const(true);
    let engine = engine(&config);
    let component = Component::new(&engine, COMPONENT).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &component)
        .unwrap();
    let add = instance
        .get_typed_func::<(u32, u32), (u32,)>(&mut store, "add")
        .unwrap();
    assert_eq!(add.call(&mut store, (2, 3)).unwrap(), (5,));
}
