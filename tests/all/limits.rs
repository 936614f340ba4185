//! Resource limits and memory reservations, as a host ported from Wasmtime
//! uses them: `StoreLimits` and custom `ResourceLimiter`s refusing memory
//! and table grows (-1 to the guest, an error to the host, a trap when
//! asked to or when the limiter errs), initial sizes and instance counts
//! (core modules, and the core instances a component makes) failing
//! instantiation; and `Config::memory_reservation`/`memory_guard_size`:
//! 30 000 live memories in one process, explicit bounds checks where the
//! guard no longer covers the index space, and memories that move when
//! they outgrow their reservation (or refuse to, with
//! `memory_may_move(false)`).

use anyhow::{anyhow, Result};
use hoist::component::{Component, Linker as ComponentLinker};
use hoist::{
    BoundsChecks, Config, Engine, Instance, Memory, MemoryType, Module, ResourceLimiter, Store,
    StoreLimits, StoreLimitsBuilder, Table, TableType, Trap, Val, ValType,
};

use crate::support::suite_dir;
use crate::support::traps::trap_of;

const PAGE: usize = 65536;

/// One page of memory (maximum `max`), with `grow`, `size`, `load8`, `store8`
/// and a table of 1 funcref with `table_grow`.
fn module(engine: &Engine, memory: &str) -> Result<Module> {
    Module::new(
        engine,
        format!(
            r#"(module
                (memory (export "memory") {memory})
                (table (export "table") 1 funcref)
                (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
                (func (export "size") (result i32) memory.size)
                (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
                (func (export "store8") (param i32 i32) local.get 0 local.get 1 i32.store8)
                (func (export "table_grow") (param i32) (result i32)
                  ref.null func local.get 0 table.grow))"#
        ),
    )
}

fn limited(engine: &Engine, limits: StoreLimits) -> Store<StoreLimits> {
    let mut store = Store::new(engine, limits);
    store.limiter(|limits| limits);
    store
}

#[test]
fn store_limits_memory_size_refuses_a_grow_with_minus_one_and_leaves_the_memory_unchanged(
) -> Result<()> {
    let engine = Engine::default();
    let module = module(&engine, "1")?;
    let mut store = limited(
        &engine,
        StoreLimitsBuilder::new().memory_size(2 * PAGE).build(),
    );
    let instance = Instance::new(&mut store, &module, &[])?;
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow")?;
    let size = instance.get_typed_func::<(), i32>(&mut store, "size")?;
    let store8 = instance.get_typed_func::<(i32, i32), ()>(&mut store, "store8")?;
    let load8 = instance.get_typed_func::<i32, i32>(&mut store, "load8")?;
    store8.call(&mut store, (100, 7))?;

    assert_eq!(grow.call(&mut store, 1)?, 1, "2 pages are within the limit");
    assert_eq!(grow.call(&mut store, 1)?, -1, "3 pages are not");
    assert_eq!(size.call(&mut store, ())?, 2);
    assert_eq!(load8.call(&mut store, 100)?, 7);
    let e = load8.call(&mut store, 2 * PAGE as i32).unwrap_err();
    assert_eq!(trap_of(&e), Some(Trap::MemoryOutOfBounds));

    // The host's grow is refused too, with an error.
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    let e = memory.grow(&mut store, 1).unwrap_err();
    assert!(e.to_string().contains("failed to grow memory"), "{e:#}");
    assert_eq!(memory.size(&store), 2);
    // A grow by 0 is not a grow: it succeeds at any size.
    assert_eq!(grow.call(&mut store, 0)?, 2);
    Ok(())
}

#[test]
fn trap_on_grow_failure_turns_a_refused_grow_into_a_trap() -> Result<()> {
    let engine = Engine::default();
    let module = module(&engine, "1")?;
    let limits = StoreLimitsBuilder::new()
        .memory_size(PAGE)
        .table_elements(1)
        .trap_on_grow_failure(true)
        .build();
    let mut store = limited(&engine, limits);
    let instance = Instance::new(&mut store, &module, &[])?;
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow")?;
    let e = grow.call(&mut store, 1).unwrap_err();
    assert!(
        format!("{e:#}").contains("forcing trap when growing memory to 131072 bytes"),
        "{e:#}"
    );
    let table_grow = instance.get_typed_func::<i32, i32>(&mut store, "table_grow")?;
    let e = table_grow.call(&mut store, 1).unwrap_err();
    assert!(
        format!("{e:#}").contains("forcing trap when growing table to 2 elements"),
        "{e:#}"
    );
    // The store is still usable, the memory unchanged.
    let size = instance.get_typed_func::<(), i32>(&mut store, "size")?;
    assert_eq!(size.call(&mut store, ())?, 1);

    // Past the declared maximum the grow fails after the limiter allowed
    // it: `memory_grow_failed` makes that a trap too.
    let module = module_with_max(&engine)?;
    let mut store = limited(
        &engine,
        StoreLimitsBuilder::new().trap_on_grow_failure(true).build(),
    );
    let instance = Instance::new(&mut store, &module, &[])?;
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow")?;
    assert!(grow.call(&mut store, 2).is_err());
    Ok(())
}

fn module_with_max(engine: &Engine) -> Result<Module> {
    module(engine, "1 2")
}

/// Records what it is asked and refuses with an error past `limit` bytes.
struct Recorder {
    limit: usize,
    memory_calls: Vec<(usize, usize, Option<usize>)>,
    table_calls: Vec<(usize, usize, Option<usize>)>,
    failures: Vec<String>,
}

#[derive(Debug)]
struct OverBudget(usize);

impl std::fmt::Display for OverBudget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "over budget: {} bytes", self.0)
    }
}

impl std::error::Error for OverBudget {}

impl ResourceLimiter for Recorder {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool> {
        self.memory_calls.push((current, desired, maximum));
        if desired > self.limit {
            return Err(OverBudget(desired).into());
        }
        Ok(true)
    }

    fn memory_grow_failed(&mut self, error: anyhow::Error) -> Result<()> {
        self.failures.push(error.to_string());
        Ok(())
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool> {
        self.table_calls.push((current, desired, maximum));
        Ok(desired <= 3)
    }
}

#[test]
fn a_custom_limiter_sees_current_desired_and_maximum_and_its_error_reaches_the_caller() -> Result<()>
{
    let engine = Engine::default();
    let module = module(&engine, "1 8")?;
    let mut store = Store::new(
        &engine,
        Recorder {
            limit: 4 * PAGE,
            memory_calls: Vec::new(),
            table_calls: Vec::new(),
            failures: Vec::new(),
        },
    );
    store.limiter(|r| r);
    let instance = Instance::new(&mut store, &module, &[])?;
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow")?;
    assert_eq!(grow.call(&mut store, 2)?, 1);
    let e = grow.call(&mut store, 2).unwrap_err();
    assert_eq!(
        e.downcast_ref::<OverBudget>().map(|o| o.0),
        Some(5 * PAGE),
        "{e:#}"
    );
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    assert_eq!(memory.size(&store), 3, "the refused grow changed nothing");
    // The host's grow asks the same limiter, and gets its error.
    let e = memory.grow(&mut store, 5).unwrap_err();
    assert!(e.downcast_ref::<OverBudget>().is_some(), "{e:#}");
    // Above the maximum (8 pages): allowed by the limiter, refused by the
    // memory, reported to `memory_grow_failed`, -1 to the guest.
    store.data_mut().limit = usize::MAX;
    assert_eq!(grow.call(&mut store, 6)?, -1);

    let r = store.data();
    assert_eq!(
        r.memory_calls,
        [
            (0, PAGE, Some(8 * PAGE)),
            (PAGE, 3 * PAGE, Some(8 * PAGE)),
            (3 * PAGE, 5 * PAGE, Some(8 * PAGE)),
            (3 * PAGE, 8 * PAGE, Some(8 * PAGE)),
            (3 * PAGE, 9 * PAGE, Some(8 * PAGE)),
        ]
    );
    assert_eq!(r.failures.len(), 1);
    assert!(r.failures[0].contains("maximum"), "{:?}", r.failures);
    assert_eq!(r.table_calls, [(0, 1, None)]);
    Ok(())
}

#[test]
fn table_limits_refuse_grows_from_the_guest_and_the_host_and_initial_sizes() -> Result<()> {
    let engine = Engine::default();
    let module = module(&engine, "1")?;
    let mut store = limited(&engine, StoreLimitsBuilder::new().table_elements(3).build());
    let instance = Instance::new(&mut store, &module, &[])?;
    let table_grow = instance.get_typed_func::<i32, i32>(&mut store, "table_grow")?;
    assert_eq!(table_grow.call(&mut store, 2)?, 1);
    assert_eq!(table_grow.call(&mut store, 1)?, -1);
    let table = instance.get_table(&mut store, "table").unwrap();
    assert_eq!(table.size(&store), 3);
    assert!(table.grow(&mut store, 1, Val::FuncRef(None)).is_err());
    assert_eq!(table.size(&store), 3);

    let big = Module::new(&engine, "(module (table 4 funcref))")?;
    let e = Instance::new(&mut store, &big, &[]).unwrap_err();
    let message = format!("{e:#}");
    assert!(
        message.contains("table 0") && message.contains("4 elements"),
        "{message}"
    );
    let e = Table::new(
        &mut store,
        TableType::new(ValType::FuncRef, 4, None),
        Val::FuncRef(None),
    )
    .unwrap_err();
    assert!(format!("{e:#}").contains("4 elements"), "{e:#}");
    assert!(Table::new(
        &mut store,
        TableType::new(ValType::FuncRef, 3, None),
        Val::FuncRef(None)
    )
    .is_ok());

    // Without a limiter the same grows succeed.
    let mut free = Store::new(&engine, ());
    let instance = Instance::new(&mut free, &module, &[])?;
    let table_grow = instance.get_typed_func::<i32, i32>(&mut free, "table_grow")?;
    assert_eq!(table_grow.call(&mut free, 10)?, 1);
    Ok(())
}

#[test]
fn instance_memory_and_table_counts_limit_core_instantiation() -> Result<()> {
    let engine = Engine::default();
    let module = module(&engine, "1")?;
    let mut store = limited(&engine, StoreLimitsBuilder::new().instances(2).build());
    Instance::new(&mut store, &module, &[])?;
    Instance::new(&mut store, &module, &[])?;
    let e = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert!(
        e.to_string().contains("instance count too high at 3"),
        "{e:#}"
    );

    let mut store = limited(&engine, StoreLimitsBuilder::new().memories(2).build());
    Memory::new(&mut store, MemoryType::new(1, None))?;
    Instance::new(&mut store, &module, &[])?;
    let e = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert!(
        e.to_string().contains("memory count too high at 3"),
        "{e:#}"
    );
    assert!(Memory::new(&mut store, MemoryType::new(0, None)).is_err());
    // A module without memories still instantiates.
    Instance::new(&mut store, &Module::new(&engine, "(module)")?, &[])?;

    let mut store = limited(&engine, StoreLimitsBuilder::new().tables(1).build());
    Instance::new(&mut store, &module, &[])?;
    let e = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert!(e.to_string().contains("table count too high at 2"), "{e:#}");
    Ok(())
}

/// A component that instantiates three core modules.
const THREE_CORE_INSTANCES: &str = r#"(component
  (core module $m (func (export "f") (result i32) i32.const 7))
  (core instance $a (instantiate $m))
  (core instance $b (instantiate $m))
  (core instance $c (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $c "f"))))"#;

#[test]
fn the_core_instances_a_component_makes_count_against_the_instance_limit() -> Result<()> {
    let engine = Engine::default();
    let component = Component::new(&engine, THREE_CORE_INSTANCES)?;
    let linker = ComponentLinker::new(&engine);

    let mut store = limited(&engine, StoreLimitsBuilder::new().instances(2).build());
    let e = linker.instantiate(&mut store, &component).unwrap_err();
    assert!(
        format!("{e:#}").contains("instance count too high at 3"),
        "{e:#}"
    );

    let mut store = limited(&engine, StoreLimitsBuilder::new().instances(5).build());
    let instance = linker.instantiate(&mut store, &component)?;
    let f = instance.get_typed_func::<(), (u32,)>(&mut store, "f")?;
    assert_eq!(f.call(&mut store, ())?, (7,));
    let e = linker.instantiate(&mut store, &component).unwrap_err();
    assert!(
        format!("{e:#}").contains("instance count too high at 6"),
        "{e:#}"
    );
    Ok(())
}

#[test]
fn an_initial_memory_over_the_limit_fails_instantiation_naming_the_memory_and_the_limit(
) -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        "(module (memory (export \"a\") 1) (memory (export \"b\") 17))",
    )?;
    let mut store = limited(
        &engine,
        StoreLimitsBuilder::new().memory_size(1 << 20).build(),
    );
    let e = Instance::new(&mut store, &module, &[]).unwrap_err();
    let message = e.to_string();
    assert!(message.contains("memory 1"), "{message}");
    assert!(message.contains("17 pages (1114112 bytes)"), "{message}");
    assert!(message.contains("memory limit"), "{message}");

    let e = Memory::new(&mut store, MemoryType::new(17, None)).unwrap_err();
    assert!(e.to_string().contains("1114112 bytes"), "{e:#}");
    assert!(Memory::new(&mut store, MemoryType::new(16, None)).is_ok());

    // A limiter's error at instantiation is the instantiation's error.
    let mut store = Store::new(
        &engine,
        Recorder {
            limit: PAGE,
            memory_calls: Vec::new(),
            table_calls: Vec::new(),
            failures: Vec::new(),
        },
    );
    store.limiter(|r| r);
    let e = Instance::new(&mut store, &module, &[]).unwrap_err();
    assert!(e.downcast_ref::<OverBudget>().is_some(), "{e:#}");
    Ok(())
}

#[test]
fn a_limiter_error_in_a_nested_call_reaches_the_outer_caller() -> Result<()> {
    // wasm → host → wasm grows: the error unwinds both activations.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "reenter" (func $reenter))
            (memory 1)
            (func (export "outer") call $reenter)
            (func (export "grow") (result i32) i32.const 100 memory.grow))"#,
    )?;
    let mut linker = hoist::Linker::new(&engine);
    linker.func_wrap(
        "host",
        "reenter",
        |mut caller: hoist::Caller<'_, StoreLimits>| -> Result<()> {
            let grow = caller
                .get_export("grow")
                .and_then(|e| e.into_func())
                .ok_or_else(|| anyhow!("no grow"))?;
            let grow = grow.typed::<(), i32>(&caller)?;
            grow.call(&mut caller, ())?;
            Ok(())
        },
    )?;
    let mut store = limited(
        &engine,
        StoreLimitsBuilder::new()
            .memory_size(PAGE)
            .trap_on_grow_failure(true)
            .build(),
    );
    let instance = linker.instantiate(&mut store, &module)?;
    let outer = instance.get_typed_func::<(), ()>(&mut store, "outer")?;
    let e = outer.call(&mut store, ()).unwrap_err();
    assert!(format!("{e:#}").contains("forcing trap"), "{e:#}");
    Ok(())
}

/// An engine whose memories reserve 16 pages plus a 1-page guard.
fn small_reservation_engine(may_move: bool) -> Result<Engine> {
    let mut config = Config::new();
    config
        .memory_reservation(16 * PAGE as u64)
        .memory_guard_size(PAGE as u64)
        .memory_may_move(may_move);
    Engine::new(&config)
}

#[test]
fn thirty_thousand_live_memories_fit_in_one_process_with_a_small_reservation() -> Result<()> {
    // With the default 4 GiB reservation and 2 GiB guard these would need
    // 30 000 × 6 GiB ≈ 176 TiB of address space, more than the 128 TiB a
    // process has on x86-64: instantiation fails after about 21 800.
    let engine = small_reservation_engine(true)?;
    let module = module(&engine, "1")?;
    let mut store = Store::new(&engine, ());
    let mut memories = Vec::with_capacity(30_000);
    for i in 0..30_000 {
        let instance =
            Instance::new(&mut store, &module, &[]).map_err(|e| anyhow!("instance {i}: {e:#}"))?;
        let memory = instance.get_memory(&mut store, "memory").unwrap();
        memory.data_mut(&mut store)[i % PAGE] = (i % 251) as u8 + 1;
        memories.push((instance, memory));
    }
    // Every memory is its own, alive, and still checked and growable.
    for (i, (_, memory)) in memories.iter().enumerate().step_by(997) {
        assert_eq!(memory.data(&store)[i % PAGE], (i % 251) as u8 + 1);
    }
    let (instance, memory) = memories[12_345];
    let load8 = instance.get_typed_func::<i32, i32>(&mut store, "load8")?;
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow")?;
    assert_eq!(load8.call(&mut store, 12_345)?, 12_345 % 251 + 1);
    let e = load8.call(&mut store, PAGE as i32).unwrap_err();
    assert_eq!(trap_of(&e), Some(Trap::MemoryOutOfBounds));
    assert_eq!(grow.call(&mut store, 40)?, 1);
    assert_eq!(memory.size(&store), 41);
    assert_eq!(load8.call(&mut store, 12_345)?, 12_345 % 251 + 1);
    assert_eq!(load8.call(&mut store, 41 * PAGE as i32 - 1)?, 0);
    Ok(())
}

#[test]
fn with_a_small_reservation_no_access_reaches_past_its_memory() -> Result<()> {
    // Memories mapped next to each other, 17 pages apart: with the guard
    // trusted for the whole index space, an index of 17 pages from one
    // memory would land in its neighbour. Explicit checks trap instead,
    // whatever `BoundsChecks` says.
    for strategy in [BoundsChecks::GuardPages, BoundsChecks::Explicit] {
        let mut config = Config::new();
        config
            .memory_reservation(16 * PAGE as u64)
            .memory_guard_size(PAGE as u64)
            .bounds_checks(strategy);
        let engine = Engine::new(&config)?;
        let module = Module::new(
            &engine,
            r#"(module
                (memory (export "memory") 1)
                (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
                (func (export "load_far") (param i32) (result i32)
                  local.get 0 i32.load offset=0x7ffffff0)
                (func (export "store8") (param i32 i32) local.get 0 local.get 1 i32.store8))"#,
        )?;
        let mut store = Store::new(&engine, ());
        let mut instances = Vec::new();
        for i in 0..32 {
            let instance = Instance::new(&mut store, &module, &[])?;
            let memory = instance.get_memory(&mut store, "memory").unwrap();
            memory.data_mut(&mut store).fill(i + 1);
            instances.push(instance);
        }
        for instance in &instances {
            let load8 = instance.get_typed_func::<i32, i32>(&mut store, "load8")?;
            let store8 = instance.get_typed_func::<(i32, i32), ()>(&mut store, "store8")?;
            let load_far = instance.get_typed_func::<i32, i32>(&mut store, "load_far")?;
            for k in 1..=32u32 {
                let index = (k * 17 * PAGE as u32) as i32;
                let e = load8.call(&mut store, index).unwrap_err();
                assert_eq!(
                    trap_of(&e),
                    Some(Trap::MemoryOutOfBounds),
                    "{strategy:?} {k}"
                );
                let e = store8.call(&mut store, (index, 0xee)).unwrap_err();
                assert_eq!(
                    trap_of(&e),
                    Some(Trap::MemoryOutOfBounds),
                    "{strategy:?} {k}"
                );
            }
            for index in [PAGE as i32, 16 * PAGE as i32, -1] {
                let e = load8.call(&mut store, index).unwrap_err();
                assert_eq!(trap_of(&e), Some(Trap::MemoryOutOfBounds));
            }
            let e = load_far.call(&mut store, 0).unwrap_err();
            assert_eq!(trap_of(&e), Some(Trap::MemoryOutOfBounds));
        }
        for (i, instance) in instances.iter().enumerate() {
            let memory = instance.get_memory(&mut store, "memory").unwrap();
            assert!(
                memory.data(&store).iter().all(|b| *b == i as u8 + 1),
                "memory {i} was written from outside"
            );
        }
    }
    Ok(())
}

#[test]
fn a_memory_that_outgrows_its_reservation_moves_and_keeps_its_contents() -> Result<()> {
    let engine = small_reservation_engine(true)?;
    // Grows one page at a time from inside wasm, writing each new page and
    // checking every earlier one after each grow: the base must be
    // reloaded after every `memory.grow`, in the same function.
    let module = Module::new(
        &engine,
        r#"(module
            (memory (export "memory") 1)
            (func (export "grow_and_fill") (param $pages i32) (result i32)
              (local $p i32) (local $q i32)
              (i32.store8 (i32.const 0) (i32.const 1))
              (block $done
                (loop $grow
                  (br_if $done (i32.ge_u (local.get $p) (local.get $pages)))
                  (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
                    (then (return (i32.const -1))))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  ;; the last byte of the new page gets the page number
                  (i32.store8
                    (i32.sub (i32.mul (i32.add (local.get $p) (i32.const 1)) (i32.const 65536))
                             (i32.const 1))
                    (local.get $p))
                  (local.set $q (i32.const 1))
                  (block $checked
                    (loop $check
                      (br_if $checked (i32.gt_u (local.get $q) (local.get $p)))
                      (if (i32.ne
                            (i32.load8_u
                              (i32.sub (i32.mul (i32.add (local.get $q) (i32.const 1))
                                                (i32.const 65536))
                                       (i32.const 1)))
                            (i32.and (local.get $q) (i32.const 255)))
                        (then (return (i32.sub (i32.const 0) (i32.add (local.get $q) (i32.const 1))))))
                      (local.set $q (i32.add (local.get $q) (i32.const 1)))
                      (br $check)))
                  (br $grow)))
              (i32.add (memory.size) (i32.load8_u (i32.const 0))))
            (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let grow_and_fill = instance.get_typed_func::<i32, i32>(&mut store, "grow_and_fill")?;
    let load8 = instance.get_typed_func::<i32, i32>(&mut store, "load8")?;
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    let before = memory.data(&store).as_ptr() as usize;
    // 1 + 100 pages: past the 16-page reservation, so it moves (more than once).
    assert_eq!(grow_and_fill.call(&mut store, 100)?, 101 + 1);
    assert_ne!(memory.data(&store).as_ptr() as usize, before, "it moved");
    assert_eq!(memory.size(&store), 101);
    let e = load8.call(&mut store, 101 * PAGE as i32).unwrap_err();
    assert_eq!(trap_of(&e), Some(Trap::MemoryOutOfBounds));
    assert_eq!(load8.call(&mut store, 101 * PAGE as i32 - 1)?, 100);

    // The host's grow moves it as well, and what the host wrote stays.
    memory.data_mut(&mut store)[5] = 55;
    assert_eq!(memory.grow(&mut store, 200)?, 101);
    assert_eq!(memory.data(&store)[5], 55);
    assert_eq!(load8.call(&mut store, 5)?, 55);
    assert_eq!(load8.call(&mut store, 301 * PAGE as i32 - 1)?, 0);
    Ok(())
}

#[test]
fn an_imported_memory_that_moves_is_seen_moved_by_every_importer() -> Result<()> {
    let engine = small_reservation_engine(true)?;
    let mut store = Store::new(&engine, ());
    let memory = Memory::new(&mut store, MemoryType::new(1, None))?;
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "memory" (memory 1))
            (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
            (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
            (func (export "store8") (param i32 i32) local.get 0 local.get 1 i32.store8))"#,
    )?;
    let a = Instance::new(&mut store, &module, &[memory.into()])?;
    let b = Instance::new(&mut store, &module, &[memory.into()])?;
    let grow_a = a.get_typed_func::<i32, i32>(&mut store, "grow")?;
    let store_a = a.get_typed_func::<(i32, i32), ()>(&mut store, "store8")?;
    let load_b = b.get_typed_func::<i32, i32>(&mut store, "load8")?;
    store_a.call(&mut store, (10, 42))?;
    assert_eq!(grow_a.call(&mut store, 63)?, 1);
    store_a.call(&mut store, (64 * PAGE as i32 - 1, 9))?;
    assert_eq!(load_b.call(&mut store, 10)?, 42);
    assert_eq!(load_b.call(&mut store, 64 * PAGE as i32 - 1)?, 9);
    assert_eq!(memory.data(&store)[64 * PAGE - 1], 9);
    Ok(())
}

#[test]
fn with_memory_may_move_off_a_grow_past_the_reservation_returns_minus_one() -> Result<()> {
    let engine = small_reservation_engine(false)?;
    let module = module(&engine, "1")?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow")?;
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    let base = memory.data(&store).as_ptr() as usize;
    assert_eq!(
        grow.call(&mut store, 15)?,
        1,
        "16 pages fit in the reservation"
    );
    assert_eq!(grow.call(&mut store, 1)?, -1, "17 do not");
    assert_eq!(memory.size(&store), 16);
    assert_eq!(memory.data(&store).as_ptr() as usize, base);
    let e = memory.grow(&mut store, 1).unwrap_err();
    assert!(format!("{e:#}").contains("failed to grow memory"), "{e:#}");
    // A minimum above the reservation reserves the minimum.
    let big = Module::new(&engine, "(module (memory (export \"memory\") 40))")?;
    let instance = Instance::new(&mut store, &big, &[])?;
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    assert_eq!(memory.data(&store).len(), 40 * PAGE);
    Ok(())
}

#[test]
fn the_core_spec_suite_passes_when_every_memory_may_move() {
    // Reservation and guard 0: every memory that grows moves (its capacity
    // doubling) and every access is checked explicitly, although the
    // configuration asks for guard pages.
    use hoist_cli::wast::Runner;
    let Some(dir) = suite_dir("core") else {
        return;
    };
    let mut config = Config::new();
    config
        .bounds_checks(BoundsChecks::GuardPages)
        .memory_reservation(0)
        .memory_guard_size(0);
    let runner = Runner::new(&config).expect("engine");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wast"))
        .collect();
    files.sort();
    let (mut passed, mut failed) = (0, 0);
    for file in &files {
        let report = runner.run_file(file);
        if !report.failures.is_empty() {
            println!("{report}");
        }
        passed += report.counts().passed;
        failed += report.counts().failed;
    }
    println!("core, every memory movable: {passed} passed, {failed} failed");
    assert_eq!(failed, 0);
    // As `spec_core` counts them.
    assert_eq!(passed, 53997);
}
