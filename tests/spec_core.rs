//! The core WebAssembly spec suite: every script in `$HOIST_TESTSUITE/core/`
//! (default `<workspace>/../shared/testsuite/core/`), run through the same
//! runner as `hoist wast`, once per bounds-check strategy.
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
    for (label, strategy) in [
        ("guard pages", BoundsChecks::GuardPages),
        ("explicit", BoundsChecks::Explicit),
    ] {
        let mut config = Config::new();
        config.bounds_checks(strategy);
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
