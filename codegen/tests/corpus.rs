//! The WIT corpus test and the snapshot test.
//!
//! For every `.wit` file and WIT package directory in
//! `$HOIST_TESTSUITE/wit/` (default `<workspace>/../shared/testsuite`),
//! for every world of its package, bindings are generated with several
//! option sets and must parse as Rust. Entries in [`SKIPPED`] must fail,
//! with their listed reason, in every option set. The default-option
//! output is compared with `tests/snapshots/<entry>[-<world>].rs`
//! (`HOIST_BLESS=1` rewrites them). The naming and error unit tests live
//! in `naming.rs` and `errors.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hoist_codegen::Opts;

mod support;
use support::corpus::{corpus_entries, entry_name, option_sets, snapshot_name, worlds, SKIPPED};

/// The folder of WIT inputs, or `None` (after a loud message) when the
/// test suite is not there.
fn corpus_dir() -> Option<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = support::corpus::corpus_dir(&repo);
    if dir.is_none() {
        assert!(
            !support::corpus::suite_required(),
            "the WIT corpus was not found under $HOIST_TESTSUITE/wit, and CI or \
             HOIST_TESTSUITE is set"
        );
        println!("SKIPPED: the WIT corpus was not found (set HOIST_TESTSUITE)");
    }
    dir
}

#[test]
fn corpus_generates_parseable_rust() {
    let Some(dir) = corpus_dir() else { return };
    let mut skipped: BTreeMap<&str, &str> = SKIPPED.iter().copied().collect();
    let (mut passed, mut failed) = (0, Vec::new());
    for entry in corpus_entries(&dir) {
        let name = entry_name(&entry);
        let expected_failure = skipped.remove(name.as_str());
        let runs: Vec<(String, &str, Opts)> = match worlds(&entry) {
            Ok(worlds) => worlds
                .iter()
                .flat_map(|(world, keys)| {
                    option_sets(&entry, world, keys)
                        .into_iter()
                        .map(move |(set, opts)| (world.clone(), set, opts))
                })
                .collect(),
            // Bad WIT: run the default options once to check the message.
            Err(_) => vec![(
                "-".to_string(),
                "default",
                Opts {
                    path: vec![entry.clone()],
                    all_features: true,
                    ..Default::default()
                },
            )],
        };
        for (world, set, opts) in runs {
            let result = hoist_codegen::generate(&opts);
            match (expected_failure, result) {
                (None, Ok(code)) => match syn::parse_file(&code) {
                    Ok(_) => passed += 1,
                    Err(e) => failed.push(format!("{name} [{world}, {set}]: does not parse: {e}")),
                },
                (None, Err(e)) => failed.push(format!("{name} [{world}, {set}]: {e:#}")),
                (Some(reason), Ok(_)) => failed.push(format!(
                    "{name} [{world}, {set}]: listed as skipped ({reason}) but generates; \
                     remove it from SKIPPED"
                )),
                (Some(reason), Err(e)) => {
                    let message = format!("{e:#}");
                    if message.contains(reason) {
                        println!("skipped {name} [{world}, {set}]: {reason}");
                    } else {
                        failed.push(format!(
                            "{name} [{world}, {set}]: expected failure `{reason}`, got: {message}"
                        ));
                    }
                }
            }
        }
    }
    for (name, _) in skipped {
        failed.push(format!("{name}: listed in SKIPPED but not in the corpus"));
    }
    println!(
        "corpus: {passed} generated and parsed, {} skipped entries",
        SKIPPED.len()
    );
    assert!(failed.is_empty(), "corpus failures:\n{}", failed.join("\n"));
}

#[test]
fn snapshots_are_fresh() {
    let Some(dir) = corpus_dir() else { return };
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let bless = std::env::var_os("HOIST_BLESS").is_some_and(|v| v == "1");
    let mut expected = Vec::new();
    let mut stale = Vec::new();
    for entry in corpus_entries(&dir) {
        if SKIPPED.iter().any(|(n, _)| *n == entry_name(&entry)) {
            continue;
        }
        let worlds = worlds(&entry).expect("corpus entry not skipped must parse");
        for (world, _) in &worlds {
            let file = snapshot_name(&entry, world, worlds.len());
            let code = hoist_codegen::generate(&Opts {
                path: vec![entry.clone()],
                world: Some(world.clone()),
                all_features: true,
                ..Default::default()
            })
            .unwrap_or_else(|e| panic!("{}: {e:#}", entry.display()));
            let path = snapshots.join(&file);
            if bless {
                std::fs::create_dir_all(&snapshots).unwrap();
                std::fs::write(&path, &code).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(code.as_str()) {
                stale.push(file.clone());
            }
            expected.push(file);
        }
    }
    for existing in std::fs::read_dir(&snapshots).into_iter().flatten() {
        let existing = existing.unwrap().path();
        let file = entry_name(&existing);
        if !expected.contains(&file) {
            if bless {
                std::fs::remove_file(&existing).unwrap();
            } else {
                stale.push(format!("{file} (no longer produced)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale snapshots (rerun with HOIST_BLESS=1 and review the diff):\n{}",
        stale.join("\n")
    );
}
