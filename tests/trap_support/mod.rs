//! Shared by the component tests that check traps (`tests/component_hostile.rs`,
//! `tests/component_adapters.rs`): assertions on the exact trap and message,
//! and on a poisoned instance.

#![allow(dead_code)]

use hoist::Trap;

/// The message of the error when entering an instance that trapped earlier.
pub const POISONED: &str = "cannot enter the component instance: it trapped earlier";

/// Asserts that `err` is the trap `want` with the message `msg`.
#[track_caller]
pub fn assert_trap(err: &anyhow::Error, want: Trap, msg: &str) {
    assert_eq!(
        err.downcast_ref::<Trap>(),
        Some(&want),
        "expected the trap {want:?}, got: {err:#}"
    );
    assert_eq!(err.to_string(), msg, "full error: {err:#}");
}

/// Asserts that `err` is `Trap::CannotEnterComponent` for a poisoned instance.
#[track_caller]
pub fn assert_poisoned_error(err: &anyhow::Error) {
    assert_trap(err, Trap::CannotEnterComponent, POISONED);
}
