//! Matching the message a script expects (`assert_trap`, `assert_exhaustion`)
//! against the error a call or instantiation returned.
//!
//! Matching is loose on wording and strict on kind: an error passes when it is
//! a [`Trap`] whose kind the expected phrase names (`"undefined element"` is
//! [`Trap::TableOutOfBounds`], `"uninitialized element 2"` is
//! [`Trap::IndirectCallToNull`], `"string content out-of-bounds"` is
//! [`Trap::PointerOutOfBounds`], …), or, for a phrase that names no kind,
//! when the trap's own wording contains it. Which directives expect what is
//! `script`'s business.

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

/// Messages of the component suite worded as another runtime (Wasmtime)
/// words its errors, and the trap each one names: hoist words these
/// differently (each canonical-ABI kind has one wording, its [`Trap`]'s),
/// so they match by kind, never by text.
const OTHER_WORDINGS: &[(&str, Trap)] = &[
    ("wasm `unreachable` instruction executed", Trap::Unreachable),
    ("unaligned pointer", Trap::UnalignedPointer),
    ("string pointer not aligned", Trap::UnalignedPointer),
    ("string content out-of-bounds", Trap::PointerOutOfBounds),
    (
        "list pointer/length out of bounds",
        Trap::PointerOutOfBounds,
    ),
    (
        "realloc return: beyond end of memory",
        Trap::PointerOutOfBounds,
    ),
    ("invalid utf-8", Trap::InvalidUtf8),
    ("invalid utf-16", Trap::InvalidUtf16),
    ("invalid variant discriminant", Trap::InvalidDiscriminant),
    ("unexpected discriminant", Trap::InvalidDiscriminant),
    ("discriminant", Trap::InvalidDiscriminant),
    (
        "converted integer out of range for `char`",
        Trap::InvalidChar,
    ),
    (
        "cannot remove owned resource while borrowed",
        Trap::InvalidHandle,
    ),
    ("unknown handle index", Trap::InvalidHandle),
    ("handle index", Trap::InvalidHandle),
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
        let lent = anyhow::Error::new(Trap::InvalidHandle).context("handle 1 is lent");
        assert!(is_expected_trap(
            &lent,
            "cannot remove owned resource while borrowed"
        ));
        assert!(is_expected_trap(
            &lent,
            "handle index 1 used with the wrong type"
        ));
        assert!(is_expected_trap(&lent, "unknown handle index 2"));
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

    /// Each canonical-ABI check matches the other runtime's wordings of the
    /// same check, and no other's: the wording names the kind, and the
    /// kind must be the one hoist raised.
    #[test]
    fn canonical_abi_wordings_match_only_their_kind() {
        let cases: &[(Trap, &[&str])] = &[
            (
                Trap::UnalignedPointer,
                &["unaligned pointer", "string pointer not aligned to 2"],
            ),
            (
                Trap::PointerOutOfBounds,
                &[
                    "string content out-of-bounds",
                    "list pointer/length out of bounds of memory",
                    "realloc return: beyond end of memory",
                ],
            ),
            (Trap::InvalidUtf8, &["invalid utf-8 sequence"]),
            (
                Trap::InvalidUtf16,
                &["invalid utf-16: lone surrogate found"],
            ),
            (
                Trap::InvalidDiscriminant,
                &[
                    "invalid variant discriminant",
                    "discriminant 2 out of range [0..2)",
                ],
            ),
            (
                Trap::InvalidChar,
                &["converted integer out of range for `char`"],
            ),
            (
                Trap::InvalidHandle,
                &[
                    "unknown handle index 0",
                    "handle index 1 used with the wrong type",
                ],
            ),
        ];
        for (trap, wordings) in cases {
            // The context hoist adds must not matter: only the kind does.
            let err = anyhow::Error::new(*trap).context("string content out-of-bounds");
            for (other, other_wordings) in cases {
                for w in *other_wordings {
                    assert_eq!(
                        is_expected_trap(&err, w),
                        other == trap,
                        "{trap:?} against `{w}`"
                    );
                }
            }
            // hoist's own wording of the kind matches it too.
            assert!(is_expected_trap(&err, &trap.to_string()), "{trap:?}");
            assert!(wordings.iter().all(|w| named_trap(w) == Some(*trap)));
        }
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
