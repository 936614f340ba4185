//! The component-model conformance suite: every script in
//! `$HOIST_TESTSUITE/component/` (default
//! `<workspace>/../shared/testsuite/component/`), run through the same runner
//! as `hoist wast`.
//!
//! The summary goes to standard error directly, past libtest's capture:
//! the skipped files and directives with their reasons, the line
//! `component: N passed, M failed, K skipped`, and the plain `N passed, M
//! failed`. The test fails when any directive failed. A missing suite fails
//! it under CI or with `HOIST_TESTSUITE` set, and is a loud skip otherwise
//! ([`suite_dir`]).

use crate::support::{say, suite_dir};
use hoist::Config;
use hoist_cli::wast::suite::run_folder;
use hoist_cli::wast::Suite;

#[test]
fn component_suite_passes() {
    let Some(dir) = suite_dir("component") else {
        return;
    };
    let counts = run_folder(&dir, &Config::new(), Suite::Component, "spec_component");
    say(format_args!(
        "{} passed, {} failed",
        counts.passed, counts.failed
    ));
    assert_eq!(
        counts.failed, 0,
        "{} component directives failed (see above)",
        counts.failed
    );
}
