//! The reasons a WebAssembly call stops abnormally ([`Trap`]).
//!
//! Traps reach the embedder as an [`anyhow::Error`] that downcasts to [`Trap`].
//! This module only names them and maps Cranelift trap codes onto them; how a
//! trap is caught is the runtime's (`vm::traps`), and so are the examples
//! (on its re-export of [`Trap`]).

use cranelift_codegen::ir::TrapCode;
use std::fmt;

/// Each kind's own wording is its `Display`; the variants say when each
/// is raised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Trap {
    /// The `unreachable` instruction ran.
    Unreachable,
    /// A load or store was out of the bounds of a linear memory.
    MemoryOutOfBounds,
    /// An access was out of the bounds of a table.
    TableOutOfBounds,
    /// `call_indirect` found a null entry in the table.
    IndirectCallToNull,
    /// `call_indirect` found a function whose type differs from the expected one.
    BadSignature,
    /// Integer overflow, as in `i32.div_s` of `i32::MIN` by `-1`.
    IntegerOverflow,
    /// Integer division or remainder by zero.
    IntegerDivisionByZero,
    /// A float-to-int conversion of a NaN.
    BadConversionToInteger,
    /// The WebAssembly stack overflowed its limit (`Config::max_wasm_stack`).
    StackOverflow,
    /// A null reference was dereferenced.
    NullReference,
    /// A component instance was entered while it may not be (reentrance, or after a trap).
    CannotEnterComponent,
    /// A component instance called out (a lowered import) while it may not
    /// leave: from inside its `realloc` or `post-return`.
    CannotLeaveComponent,
    /// A canonical-ABI lift or lower found an invalid value that none of
    /// the more specific canonical-ABI kinds below describes (such as a
    /// handle table that is full).
    InvalidCanonicalValue,
    /// The store ran out of fuel (`Config::consume_fuel`, `Store::set_fuel`).
    OutOfFuel,
    /// The engine's epoch reached the store's deadline
    /// (`Config::epoch_interruption`, `Store::set_epoch_deadline`).
    Interrupt,
    /// Canonical ABI: a pointer a guest handed over (to a string, a list,
    /// spilled parameters or results, or returned by its `realloc`) is not
    /// aligned to what it points to.
    UnalignedPointer,
    /// Canonical ABI: a string, list or value a guest points to (or a block
    /// its `realloc` returned) does not lie within its linear memory, or a
    /// string or list is longer than the canonical ABI allows.
    PointerOutOfBounds,
    /// Canonical ABI: a string a guest handed over as UTF-8 is not valid
    /// UTF-8.
    InvalidUtf8,
    /// Canonical ABI: a string a guest handed over as UTF-16 (with
    /// `string-encoding=utf16`, or with `latin1+utf16` and the UTF-16 tag
    /// set) holds an unpaired surrogate. (A Latin-1 string cannot be
    /// invalid: every byte is a character.)
    InvalidUtf16,
    /// Canonical ABI: the discriminant of a `variant`, `enum`, `option` or
    /// `result` is not one of its cases. (A `bool` cannot be invalid: any
    /// non-zero value is true.)
    InvalidDiscriminant,
    /// Canonical ABI: a `char` is a surrogate or above U+10FFFF.
    InvalidChar,
    /// Canonical ABI: a resource handle is misused: an unknown or dropped
    /// index, a handle of another resource type, a borrowed handle where an
    /// owned one is required, dropping or moving an owned handle while it
    /// is lent out, or returning from a call still holding borrowed handles
    /// it was given.
    InvalidHandle,
}

impl Trap {
    /// The Cranelift trap code used in compiled code for this trap.
    #[doc(hidden)]
    #[inline]
    pub fn to_trap_code(self) -> TrapCode {
        match self {
            Trap::StackOverflow => TrapCode::STACK_OVERFLOW,
            Trap::IntegerOverflow => TrapCode::INTEGER_OVERFLOW,
            Trap::MemoryOutOfBounds => TrapCode::HEAP_OUT_OF_BOUNDS,
            Trap::IntegerDivisionByZero => TrapCode::INTEGER_DIVISION_BY_ZERO,
            Trap::BadConversionToInteger => TrapCode::BAD_CONVERSION_TO_INTEGER,
            other => TrapCode::unwrap_user(other.user_code()),
        }
    }

    fn user_code(self) -> u8 {
        match self {
            Trap::Unreachable => 1,
            Trap::TableOutOfBounds => 2,
            Trap::IndirectCallToNull => 3,
            Trap::BadSignature => 4,
            Trap::NullReference => 5,
            Trap::CannotEnterComponent => 6,
            Trap::InvalidCanonicalValue => 7,
            Trap::CannotLeaveComponent => 8,
            Trap::OutOfFuel => 9,
            Trap::Interrupt => 10,
            Trap::UnalignedPointer => 11,
            Trap::PointerOutOfBounds => 12,
            Trap::InvalidUtf8 => 13,
            Trap::InvalidUtf16 => 14,
            Trap::InvalidDiscriminant => 15,
            Trap::InvalidChar => 16,
            Trap::InvalidHandle => 17,
            // Reserved codes are handled in `to_trap_code`; never reached for them.
            _ => 255,
        }
    }

    /// Every trap kind.
    #[doc(hidden)]
    pub const ALL: [Trap; 22] = [
        Trap::Unreachable,
        Trap::MemoryOutOfBounds,
        Trap::TableOutOfBounds,
        Trap::IndirectCallToNull,
        Trap::BadSignature,
        Trap::IntegerOverflow,
        Trap::IntegerDivisionByZero,
        Trap::BadConversionToInteger,
        Trap::StackOverflow,
        Trap::NullReference,
        Trap::CannotEnterComponent,
        Trap::CannotLeaveComponent,
        Trap::InvalidCanonicalValue,
        Trap::OutOfFuel,
        Trap::Interrupt,
        Trap::UnalignedPointer,
        Trap::PointerOutOfBounds,
        Trap::InvalidUtf8,
        Trap::InvalidUtf16,
        Trap::InvalidDiscriminant,
        Trap::InvalidChar,
        Trap::InvalidHandle,
    ];
    /// Maps a Cranelift trap code back to the trap it stands for.
    #[doc(hidden)]
    #[inline]
    pub fn from_trap_code(code: TrapCode) -> Option<Trap> {
        Trap::ALL.into_iter().find(|t| t.to_trap_code() == code)
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let msg = match self {
            Trap::Unreachable => "wasm trap: `unreachable` instruction executed",
            Trap::MemoryOutOfBounds => "wasm trap: out of bounds memory access",
            Trap::TableOutOfBounds => "wasm trap: out of bounds table access (undefined element)",
            Trap::IndirectCallToNull => {
                "wasm trap: indirect call to a null table entry (uninitialized element)"
            }
            Trap::BadSignature => "wasm trap: indirect call type mismatch",
            Trap::IntegerOverflow => "wasm trap: integer overflow",
            Trap::IntegerDivisionByZero => "wasm trap: integer divide by zero",
            Trap::BadConversionToInteger => "wasm trap: invalid conversion to integer",
            Trap::StackOverflow => "wasm trap: call stack exhausted",
            Trap::NullReference => "wasm trap: null reference",
            Trap::CannotEnterComponent => "wasm trap: cannot enter component instance",
            Trap::CannotLeaveComponent => "wasm trap: cannot leave component instance",
            Trap::InvalidCanonicalValue => "wasm trap: invalid value in the canonical ABI",
            Trap::OutOfFuel => "wasm trap: all fuel consumed by WebAssembly",
            Trap::Interrupt => "wasm trap: interrupt (the epoch deadline was reached)",
            Trap::UnalignedPointer => "wasm trap: unaligned pointer in the canonical ABI",
            Trap::PointerOutOfBounds => {
                "wasm trap: pointer or length out of bounds in the canonical ABI"
            }
            Trap::InvalidUtf8 => "wasm trap: invalid UTF-8 string in the canonical ABI",
            Trap::InvalidUtf16 => "wasm trap: invalid UTF-16 string in the canonical ABI",
            Trap::InvalidDiscriminant => {
                "wasm trap: invalid variant discriminant in the canonical ABI"
            }
            Trap::InvalidChar => "wasm trap: invalid `char` value in the canonical ABI",
            Trap::InvalidHandle => "wasm trap: invalid resource handle in the canonical ABI",
        };
        f.write_str(msg)
    }
}

impl std::error::Error for Trap {}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ALL` lists every kind once, in declaration order: the match is
    /// exhaustive, so a new kind fails to compile here until it is listed.
    #[test]
    fn all_lists_every_trap() {
        let position = |t: Trap| match t {
            Trap::Unreachable => 0,
            Trap::MemoryOutOfBounds => 1,
            Trap::TableOutOfBounds => 2,
            Trap::IndirectCallToNull => 3,
            Trap::BadSignature => 4,
            Trap::IntegerOverflow => 5,
            Trap::IntegerDivisionByZero => 6,
            Trap::BadConversionToInteger => 7,
            Trap::StackOverflow => 8,
            Trap::NullReference => 9,
            Trap::CannotEnterComponent => 10,
            Trap::CannotLeaveComponent => 11,
            Trap::InvalidCanonicalValue => 12,
            Trap::OutOfFuel => 13,
            Trap::Interrupt => 14,
            Trap::UnalignedPointer => 15,
            Trap::PointerOutOfBounds => 16,
            Trap::InvalidUtf8 => 17,
            Trap::InvalidUtf16 => 18,
            Trap::InvalidDiscriminant => 19,
            Trap::InvalidChar => 20,
            Trap::InvalidHandle => 21,
        };
        for (i, t) in Trap::ALL.into_iter().enumerate() {
            assert_eq!(position(t), i, "`Trap::ALL[{i}]` is {t:?}");
        }
    }

    #[test]
    fn every_kind_has_its_own_wording() {
        let mut seen = std::collections::HashSet::new();
        for t in Trap::ALL {
            assert!(seen.insert(t.to_string()), "{t:?} shares its wording");
        }
    }

    #[test]
    fn trap_codes_round_trip() {
        for t in Trap::ALL {
            assert_eq!(Trap::from_trap_code(t.to_trap_code()), Some(t));
        }
    }
}
