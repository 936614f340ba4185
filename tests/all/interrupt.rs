//! Bounding how long guests run: fuel (`Config::consume_fuel`,
//! `Store::set_fuel`) and epoch interruption (`Config::epoch_interruption`,
//! `Engine::increment_epoch`, `Store::set_epoch_deadline`). Runaway loops
//! and recursion trap with `Trap::OutOfFuel` or `Trap::Interrupt`, the count
//! is deterministic, the store stays usable, and component calls are bound
//! the same way.

use hoist::component::{Component, Linker as ComponentLinker};
use hoist::{Config, Engine, Instance, Module, Store, Trap};

use crate::support::engine_with;
use crate::support::traps::trap_of;

const GUEST: &str = r#"(module
    (func (export "spin") (loop br 0))
    (func $count (export "count") (param i32) (result i32)
      (local $i i32)
      (loop $l
        local.get $i i32.const 1 i32.add local.set $i
        local.get $i local.get 0 i32.lt_u br_if $l)
      local.get $i)
    (func $down (export "recurse") (param i32) (result i32)
      local.get 0 i32.eqz
      if (result i32) i32.const 0
      else local.get 0 i32.const 1 i32.sub call $down i32.const 1 i32.add end))"#;

fn engine(fuel: bool, epochs: bool) -> Engine {
    let mut config = Config::new();
    config.consume_fuel(fuel).epoch_interruption(epochs);
    engine_with(&config)
}

#[test]
fn fuel_stops_an_endless_loop_and_can_be_refilled() {
    let engine = engine(true, false);
    let module = Module::new(&engine, GUEST).unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let spin = i.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let count = i.get_typed_func::<i32, i32>(&mut store, "count").unwrap();

    // A new store has no fuel: the first function entry traps.
    assert_eq!(store.get_fuel().unwrap(), 0);
    let e = count.call(&mut store, 1).unwrap_err();
    assert_eq!(trap_of(&e), Some(Trap::OutOfFuel), "{e:#}");

    store.set_fuel(100_000).unwrap();
    let e = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(trap_of(&e), Some(Trap::OutOfFuel), "{e:#}");
    assert_eq!(e.to_string(), "wasm trap: all fuel consumed by WebAssembly");
    assert_eq!(store.get_fuel().unwrap(), 0, "the loop used it all");

    // Refilled, the store runs finite code again, and the use is counted.
    store.set_fuel(100_000).unwrap();
    assert_eq!(count.call(&mut store, 1000).unwrap(), 1000);
    let used = 100_000 - store.get_fuel().unwrap();
    // Eight counted operators per iteration (the `loop` and `end` are free).
    assert!((8000..8100).contains(&used), "used {used}");
    // The same call uses the same fuel: the count is deterministic.
    store.set_fuel(100_000).unwrap();
    count.call(&mut store, 1000).unwrap();
    assert_eq!(100_000 - store.get_fuel().unwrap(), used);

    // Not enough for 1000 iterations: traps part of the way.
    store.set_fuel(used / 2).unwrap();
    let e = count.call(&mut store, 1000).unwrap_err();
    assert_eq!(trap_of(&e), Some(Trap::OutOfFuel));
}

#[test]
fn fuel_bounds_recursion_without_loops() {
    let engine = engine(true, false);
    let module = Module::new(&engine, GUEST).unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let recurse = i.get_typed_func::<i32, i32>(&mut store, "recurse").unwrap();
    store.set_fuel(1_000_000).unwrap();
    assert_eq!(recurse.call(&mut store, 100).unwrap(), 100);
    // Each level costs fuel at its entry, so a small budget stops it early.
    store.set_fuel(50).unwrap();
    let e = recurse.call(&mut store, 1000).unwrap_err();
    assert_eq!(trap_of(&e), Some(Trap::OutOfFuel), "{e:#}");
}

#[test]
fn fuel_needs_the_config() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let e = store.set_fuel(10).unwrap_err();
    assert!(e.to_string().contains("consume_fuel"), "{e}");
    assert!(store.get_fuel().is_err());
    // Without fuel the endless loop is only stopped by other means; a
    // finite one runs as usual.
    let module = Module::new(&engine, GUEST).unwrap();
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let count = i.get_typed_func::<i32, i32>(&mut store, "count").unwrap();
    assert_eq!(count.call(&mut store, 10).unwrap(), 10);
}

#[test]
fn another_thread_interrupts_an_endless_loop() {
    let engine = engine(false, true);
    let module = Module::new(&engine, GUEST).unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let spin = i.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    let count = i.get_typed_func::<i32, i32>(&mut store, "count").unwrap();

    // The deadline starts at epoch 0, which has come: calls trap at once.
    let e = count.call(&mut store, 1).unwrap_err();
    assert_eq!(trap_of(&e), Some(Trap::Interrupt), "{e:#}");

    // One tick from now: the loop spins until another thread ticks.
    store.set_epoch_deadline(1);
    assert_eq!(count.call(&mut store, 1000).unwrap(), 1000);
    let ticker = {
        let engine = engine.clone();
        std::thread::spawn(move || engine.increment_epoch())
    };
    let e = spin.call(&mut store, ()).unwrap_err();
    ticker.join().unwrap();
    assert_eq!(trap_of(&e), Some(Trap::Interrupt), "{e:#}");

    // A new deadline lets the store run again.
    store.set_epoch_deadline(10);
    assert_eq!(count.call(&mut store, 5).unwrap(), 5);
}

#[test]
fn epochs_interrupt_recursion_and_host_ticks_between_calls() {
    let engine = engine(false, true);
    let module = Module::new(&engine, GUEST).unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let recurse = i.get_typed_func::<i32, i32>(&mut store, "recurse").unwrap();
    store.set_epoch_deadline(2);
    assert_eq!(recurse.call(&mut store, 50).unwrap(), 50);
    engine.increment_epoch();
    assert_eq!(recurse.call(&mut store, 50).unwrap(), 50, "one tick left");
    engine.increment_epoch();
    let e = recurse.call(&mut store, 50).unwrap_err();
    assert_eq!(trap_of(&e), Some(Trap::Interrupt));
}

#[test]
fn component_calls_are_bounded_too() {
    let mut config = Config::new();
    config.consume_fuel(true).epoch_interruption(true);
    let engine = Engine::new(&config).unwrap();
    let component = Component::new(
        &engine,
        r#"(component
            (core module $m (func (export "spin") (loop br 0)))
            (core instance $i (instantiate $m))
            (func (export "spin") (canon lift (core func $i "spin"))))"#,
    )
    .unwrap();
    let linker = ComponentLinker::new(&engine);
    for by_fuel in [true, false] {
        let mut store = Store::new(&engine, ());
        if by_fuel {
            store.set_fuel(10_000).unwrap();
            store.set_epoch_deadline(u64::MAX / 2);
        } else {
            store.set_fuel(u64::MAX).unwrap();
            store.set_epoch_deadline(1);
        }
        let instance = linker.instantiate(&mut store, &component).unwrap();
        let spin = instance
            .get_typed_func::<(), ()>(&mut store, "spin")
            .unwrap();
        let ticker = (!by_fuel).then(|| {
            let engine = engine.clone();
            std::thread::spawn(move || engine.increment_epoch())
        });
        let e = spin.call(&mut store, ()).unwrap_err();
        if let Some(t) = ticker {
            t.join().unwrap();
        }
        let want = if by_fuel {
            Trap::OutOfFuel
        } else {
            Trap::Interrupt
        };
        assert_eq!(trap_of(&e), Some(want), "{e:#}");
    }
}
