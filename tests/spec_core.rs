//! The core WebAssembly spec suite: every script in `$HOIST_TESTSUITE/core/`
//! (default `<workspace>/../shared/testsuite/core/`), run through the same
//! runner as `hoist wast`, once per bounds-check strategy (the second time
//! with fuel and epoch checks compiled in as well).
//!
//! A `harness = false` test, so that its summary reaches the `cargo test`
//! output whatever the capture settings: per strategy a header and the line
//! `core: N passed, M failed, K skipped`, then the failing files' reports,
//! and last the plain `N passed, M failed` over both strategies. It fails when
//! any directive failed. A missing suite is a loud skip, not a failure.

use hoist::{BoundsChecks, Config};
use hoist_cli::wast::suite::{run_folder, suite_root};
use hoist_cli::wast::Suite;
use std::path::Path;

fn main() {
    let dir = suite_root(Path::new(env!("CARGO_MANIFEST_DIR"))).join("core");
    if !dir.is_dir() {
        println!(
            "SKIPPED: conformance suite not found at {} (set HOIST_TESTSUITE)",
            dir.display()
        );
        return;
    }
    let mut passed = 0;
    let mut failed = 0;
    // The second run also compiles fuel and epoch checks into every
    // function and loop (with budgets no script reaches): they must not
    // change what any script does.
    for (label, strategy, checks) in [
        ("guard pages", BoundsChecks::GuardPages, false),
        (
            "explicit, with fuel and epoch checks",
            BoundsChecks::Explicit,
            true,
        ),
    ] {
        let mut config = Config::new();
        config
            .bounds_checks(strategy)
            .consume_fuel(checks)
            .epoch_interruption(checks);
        let counts = run_folder(
            &dir,
            &config,
            Suite::Core,
            &format!("spec_core: bounds checks = {label}"),
        );
        passed += counts.passed;
        failed += counts.failed;
    }
    println!("{passed} passed, {failed} failed");
    assert_eq!(failed, 0, "{failed} spec directives failed (see above)");
}
