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
use hoist_cli::wast::{collect_files, Runner, Summary};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn suite_root() -> PathBuf {
    match std::env::var_os("HOIST_TESTSUITE") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/testsuite"),
    }
}

fn main() {
    let dir = suite_root().join("core");
    if !dir.is_dir() {
        println!(
            "SKIPPED: conformance suite not found at {} (set HOIST_TESTSUITE)",
            dir.display()
        );
        return;
    }
    let files =
        collect_files(std::slice::from_ref(&dir)).expect("the suite directory can be listed");
    assert!(!files.is_empty(), "no .wast files in {}", dir.display());

    let mut passed = 0;
    let mut failed = 0;
    for (label, strategy) in [
        ("guard pages", BoundsChecks::GuardPages),
        ("explicit", BoundsChecks::Explicit),
    ] {
        let mut config = Config::new();
        config.bounds_checks(strategy);
        let runner = Runner::new(&config).expect("the engine can be created");
        let mut summary = Summary::default();
        let mut skipped_files: BTreeMap<String, Vec<String>> = BTreeMap::new();
        println!("spec_core: bounds checks = {label}, {} files", files.len());
        for file in &files {
            let report = runner.run_file(file);
            summary.add(&report);
            let name = file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            if let Some(reason) = &report.file_skipped {
                skipped_files.entry(reason.clone()).or_default().push(name);
            } else if !report.failures.is_empty() || !report.skipped.is_empty() {
                println!("{report}");
            }
        }
        for (reason, names) in &skipped_files {
            let shown = if names.len() <= 4 {
                names.join(", ")
            } else {
                format!("{}, … and {} more", names[..3].join(", "), names.len() - 3)
            };
            println!("  skipped {} files ({reason}): {shown}", names.len());
        }
        for line in summary.lines() {
            println!("{line}");
        }
        let core = summary.counts(hoist_cli::wast::Suite::Core);
        passed += core.passed;
        failed += core.failed;
    }
    println!("{passed} passed, {failed} failed");
    assert_eq!(failed, 0, "{failed} spec directives failed (see above)");
}
