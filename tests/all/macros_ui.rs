//! Compile-fail tests of the derives, `flags!` and `bindgen!`
//! (`tests/ui/*.rs`, each
//! with its expected errors in a `.stderr` beside it), and compile-pass
//! tests (`tests/ui/pass/*.rs`) of using them from a crate that names only
//! `hoist`.
//!
//! Regenerate the expected errors with `TRYBUILD=overwrite cargo test
//! --test all -- macros_ui::` and review the diff.

#[test]
fn macros_ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
