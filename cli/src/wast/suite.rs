//! Running a whole conformance folder (`$HOIST_TESTSUITE/<kind>/`) for the
//! integration tests: where the suites are, and one pass over a folder that
//! writes what failed or was skipped and the summary lines to standard
//! error directly (past libtest's capture, so that a normal `cargo test`
//! run shows them).
//!
//! What a single script does is the runner's business (`mod.rs`).

use super::{collect_files, Counts, Runner, Suite, Summary};
use hoist::Config;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The conformance suites: `$HOIST_TESTSUITE`, or `../shared/testsuite` next
/// to the workspace root `root`.
pub fn suite_root(root: &Path) -> PathBuf {
    match std::env::var_os("HOIST_TESTSUITE") {
        Some(dir) => PathBuf::from(dir),
        None => root.join("../shared/testsuite"),
    }
}

/// Runs every `.wast` file of `dir` with `config`, writing each report that
/// has failures or skipped directives, the skipped files grouped by reason,
/// and the summary lines to standard error (through `std::io::stderr()`,
/// which libtest does not capture). Returns the counts of `suite`.
pub fn run_folder(dir: &Path, config: &Config, suite: Suite, label: &str) -> Counts {
    let files = collect_files(&[dir.to_path_buf()]).expect("the suite directory can be listed");
    assert!(!files.is_empty(), "no .wast files in {}", dir.display());
    let runner = Runner::new(config).expect("the engine can be created");
    let mut summary = Summary::default();
    let mut skipped_files: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut out = std::io::stderr();
    let _ = writeln!(out, "{label}, {} files", files.len());
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
            let _ = writeln!(out, "{report}");
        }
    }
    for (reason, names) in &skipped_files {
        let shown = if names.len() <= 4 {
            names.join(", ")
        } else {
            format!("{}, … and {} more", names[..3].join(", "), names.len() - 3)
        };
        let _ = writeln!(out, "  skipped {} files ({reason}): {shown}", names.len());
    }
    for line in summary.lines() {
        let _ = writeln!(out, "{line}");
    }
    summary.counts(suite)
}
