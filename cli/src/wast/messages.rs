//! Matching the message a script expects (`assert_trap`, `assert_exhaustion`)
//! against the error a call or instantiation returned.
//!
//! Matching is loose on wording and strict on kind: an error passes when it is
//! a [`Trap`] whose kind the spec phrase names (`"undefined element"` is
//! [`Trap::TableOutOfBounds`], `"uninitialized element 2"` is
//! [`Trap::IndirectCallToNull`], …), or when its text contains the expected
//! message. Which directives expect what is `script`'s business.

use hoist::Trap;

/// Spec phrases (as the reference interpreter prints them) and the trap each
/// one names. An expected message names a trap when it starts with its phrase.
const PHRASES: &[(&str, Trap)] = &[
    ("unreachable", Trap::Unreachable),
    ("out of bounds memory access", Trap::MemoryOutOfBounds),
    ("out of bounds table access", Trap::TableOutOfBounds),
    ("undefined element", Trap::TableOutOfBounds),
    ("uninitialized element", Trap::IndirectCallToNull),
    ("uninitialized", Trap::IndirectCallToNull),
    ("indirect call type mismatch", Trap::BadSignature),
    ("integer overflow", Trap::IntegerOverflow),
    ("integer divide by zero", Trap::IntegerDivisionByZero),
    (
        "invalid conversion to integer",
        Trap::BadConversionToInteger,
    ),
    ("call stack exhausted", Trap::StackOverflow),
    ("null reference", Trap::NullReference),
    ("null function reference", Trap::IndirectCallToNull),
    (
        "cannot enter component instance",
        Trap::CannotEnterComponent,
    ),
    (
        "cannot leave component instance",
        Trap::CannotLeaveComponent,
    ),
];

/// Messages of the component suite worded as another runtime words its
/// errors, and the trap each one names (hoist words these differently).
const OTHER_WORDINGS: &[(&str, Trap)] = &[
    ("wasm `unreachable` instruction executed", Trap::Unreachable),
    (
        "cannot remove owned resource while borrowed",
        Trap::InvalidCanonicalValue,
    ),
    ("handle index", Trap::InvalidCanonicalValue),
];

/// The trap `expected` names, if it is a known spec phrase (or another
/// runtime's wording of one).
pub fn named_trap(expected: &str) -> Option<Trap> {
    PHRASES
        .iter()
        .chain(OTHER_WORDINGS)
        .find(|(phrase, _)| expected.starts_with(phrase))
        .map(|(_, trap)| *trap)
}

/// Whether `error` is the trap that message `expected` describes.
pub fn is_expected_trap(error: &anyhow::Error, expected: &str) -> bool {
    let Some(trap) = find_trap(error) else {
        return false;
    };
    match named_trap(expected) {
        Some(named) => named == trap,
        None => trap.to_string().contains(expected),
    }
}

/// The [`Trap`] anywhere in `error`'s chain of causes.
pub fn find_trap(error: &anyhow::Error) -> Option<Trap> {
    error
        .chain()
        .find_map(|cause| cause.downcast_ref::<Trap>().copied())
}

/// `error` with its causes, on one line.
pub fn one_line(error: &anyhow::Error) -> String {
    format!("{error:#}").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_phrases_name_their_trap() {
        let oob = anyhow::Error::new(Trap::TableOutOfBounds);
        assert!(is_expected_trap(&oob, "undefined element"));
        assert!(is_expected_trap(&oob, "out of bounds table access"));
        assert!(!is_expected_trap(&oob, "uninitialized element"));
        let null = anyhow::Error::new(Trap::IndirectCallToNull);
        assert!(is_expected_trap(&null, "uninitialized element 2"));
        let div = anyhow::Error::new(Trap::IntegerDivisionByZero);
        assert!(!is_expected_trap(&div, "integer overflow"));
    }

    #[test]
    fn trap_display_contains_each_spec_phrase() {
        for (phrase, trap) in PHRASES {
            if *phrase == "uninitialized" || *phrase == "null function reference" {
                continue;
            }
            assert!(
                trap.to_string().contains(phrase),
                "`{trap}` does not contain `{phrase}`"
            );
        }
    }

    #[test]
    fn other_wordings_name_traps_by_kind() {
        let lent = anyhow::Error::new(Trap::InvalidCanonicalValue).context("handle 1 is lent");
        assert!(is_expected_trap(
            &lent,
            "cannot remove owned resource while borrowed"
        ));
        assert!(is_expected_trap(
            &lent,
            "handle index 1 used with the wrong type"
        ));
        assert!(!is_expected_trap(
            &lent,
            "wasm `unreachable` instruction executed"
        ));
        let unreachable = anyhow::Error::new(Trap::Unreachable);
        assert!(is_expected_trap(
            &unreachable,
            "wasm `unreachable` instruction executed"
        ));
    }

    #[test]
    fn errors_that_are_not_traps_never_match() {
        let e = anyhow::anyhow!("out of bounds memory access");
        assert!(!is_expected_trap(&e, "out of bounds memory access"));
    }

    #[test]
    fn component_instance_traps_are_told_apart() {
        let enter = anyhow::Error::new(Trap::CannotEnterComponent).context("reentrance");
        assert!(is_expected_trap(&enter, "cannot enter component instance"));
        assert!(!is_expected_trap(&enter, "cannot leave component instance"));
        let leave = anyhow::Error::new(Trap::CannotLeaveComponent);
        assert!(is_expected_trap(&leave, "cannot leave component instance"));
        assert!(!is_expected_trap(&leave, "cannot enter component instance"));
    }

    #[test]
    fn traps_are_found_behind_context() {
        let e = anyhow::Error::new(Trap::Unreachable).context("while instantiating");
        assert!(is_expected_trap(&e, "unreachable"));
    }
}
