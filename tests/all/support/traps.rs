//! Assertions on traps: the exact trap and message of an error, a poisoned
//! component instance, and the trap an error carries.

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

/// The trap `e` carries, if it is one.
pub fn trap_of(e: &anyhow::Error) -> Option<Trap> {
    e.downcast_ref::<Trap>().copied()
}
