//! `bindgen!` on every world of the WIT corpus (`$HOIST_TESTSUITE/wit/`),
//! in every option set, compiled against hoist's real API.
//!
//! The build script writes one module per run (see `build.rs`); that this
//! crate compiles is the test. The unit test below reports the counts and
//! fails when a corpus entry that should generate was left out. What each
//! generated item looks like is checked by the snapshot test of
//! `hoist-codegen`; what it does, by the end-to-end tests of the facade
//! (`tests/bindgen_*.rs`).

/// The Rust error type of the `trappable_error_type` option set: every WIT
/// error type of the corpus maps to it.
#[derive(Debug)]
pub struct TrappableError;

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_corpus_world_compiles_in_every_option_set() {
        let Some(dir) = CORPUS_DIR else {
            assert!(
                std::env::var_os("CI").is_none() && std::env::var_os("HOIST_TESTSUITE").is_none(),
                "the WIT corpus was not found when this crate was built, and CI or \
                 HOIST_TESTSUITE is set"
            );
            println!(
                "SKIPPED: the WIT corpus was not found when this crate was built \
                 (set HOIST_TESTSUITE to the shared test suite); no bindings were compiled"
            );
            return;
        };
        let unexpected: Vec<_> = SKIPPED
            .iter()
            .filter(|(_, reason)| reason.starts_with("UNEXPECTED"))
            .collect();
        for (entry, reason) in SKIPPED {
            println!("skipped {entry}: {reason}");
        }
        let mut sets: Vec<&str> = RUNS.iter().map(|(_, _, set)| *set).collect();
        sets.sort();
        sets.dedup();
        println!(
            "bindgen corpus ({dir}): {} runs compiled over option sets {sets:?}, {} entries skipped",
            RUNS.len(),
            SKIPPED.len()
        );
        assert!(
            unexpected.is_empty(),
            "entries that should generate: {unexpected:?}"
        );
        assert!(!RUNS.is_empty(), "the corpus at {dir} produced no runs");
        for set in ["default", "tracing", "borrowing", "trappable_error_type"] {
            assert!(sets.contains(&set), "no run used option set `{set}`");
        }
    }
}
