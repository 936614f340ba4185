//! The component-model conformance suite: every script in
//! `$HOIST_TESTSUITE/component/` (default
//! `<workspace>/../shared/testsuite/component/`), run through the same runner
//! as `hoist wast`.
//!
//! A `harness = false` test that prints the skipped files and directives with
//! their reasons, the line `component: N passed, M failed, K skipped`, and the
//! plain `N passed, M failed`; it fails when any directive failed. A missing
//! suite is a loud skip, not a failure.

use hoist::Config;
use hoist_cli::wast::suite::{run_folder, suite_root};
use hoist_cli::wast::Suite;
use std::path::Path;

fn main() {
    let dir = suite_root(Path::new(env!("CARGO_MANIFEST_DIR"))).join("component");
    if !dir.is_dir() {
        println!(
            "SKIPPED: conformance suite not found at {} (set HOIST_TESTSUITE)",
            dir.display()
        );
        return;
    }
    let counts = run_folder(&dir, &Config::new(), Suite::Component, "spec_component");
    println!("{} passed, {} failed", counts.passed, counts.failed);
    assert_eq!(
        counts.failed, 0,
        "{} component directives failed (see above)",
        counts.failed
    );
}
