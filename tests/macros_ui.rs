//! Compile-fail tests of the derives and `flags!` (`tests/ui/*.rs`, each
//! with its expected errors in a `.stderr` beside it), and compile-pass
//! tests (`tests/ui/pass/*.rs`) of using them from a crate that names only
//! `hoist`.
//!
//! Regenerate the expected errors with `TRYBUILD=overwrite cargo test
//! --test derive_ui` and review the diff.

#[test]
fn derive_and_flags_ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
