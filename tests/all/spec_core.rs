//! The core WebAssembly spec suite: every script in `$HOIST_TESTSUITE/core/`
//! (default `<workspace>/../shared/testsuite/core/`), run through the same
//! runner as `hoist wast`, once per bounds-check strategy (the second time
//! with fuel and epoch checks compiled in as well).
//!
//! The summary goes to standard error directly, past libtest's capture, so
//! that a normal `cargo test` run shows it: per strategy a header and the
//! line `core: N passed, M failed, K skipped`, then the failing files'
//! reports, and last the plain `N passed, M failed` over both strategies.
//! The test fails when any directive failed. A missing suite fails it under
//! CI or with `HOIST_TESTSUITE` set, and is a loud skip otherwise
//! ([`suite_dir`]).

use crate::support::{say, suite_dir};
use hoist::{BoundsChecks, Config};
use hoist_cli::wast::suite::run_folder;
use hoist_cli::wast::Suite;

#[test]
fn core_suite_passes_under_both_bounds_checks() {
    let Some(dir) = suite_dir("core") else {
        return;
    };
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
    say(format_args!("{passed} passed, {failed} failed"));
    assert_eq!(failed, 0, "{failed} spec directives failed (see above)");
}
