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

use hoist_codegen::{Opts, Ownership};
use wit_parser::{Resolve, Type, TypeDefKind, WorldItem};

/// Corpus entries that cannot be generated, with (a substring of) the
/// error every option set must fail with. Shrink this list on purpose
/// only.
const SKIPPED: &[(&str, &str)] = &[
    // wit-parser 0.263 rejects these WIT files outright.
    ("flags.wit", "cannot have more than 32 flags"),
    ("records.wit", "empty record"),
    ("simple-wasi.wit", "empty record"),
    ("use-paths.wit", "empty record"),
    ("variants.wit", "empty record"),
    ("worlds-with-types.wit", "empty record"),
    // Not supported by the generator yet.
    (
        "resources-export.wit",
        "resources are not supported yet: interface foo:foo/transitive-import uses resource y",
    ),
    (
        "resources-import.wit",
        "resources are not supported yet: interface foo:foo/resources uses resource bar",
    ),
    (
        "unstable-features.wit",
        "resources are not supported yet: interface foo:foo/the-interface uses resource bar",
    ),
    (
        "wat.wit",
        "resources are not supported yet: interface same:name/this-name-is-duplicated uses \
         resource this-name-is-duplicated",
    ),
];

/// The folder of WIT inputs, or `None` (after a loud message) when the
/// test suite is not there.
fn corpus_dir() -> Option<PathBuf> {
    let root = match std::env::var_os("HOIST_TESTSUITE") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/testsuite"),
    };
    let wit = root.join("wit");
    if wit.is_dir() {
        Some(wit)
    } else {
        println!("SKIPPED: WIT corpus {} not found", wit.display());
        None
    }
}

/// The `.wit` files and package directories of the corpus, sorted.
fn corpus_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read corpus dir")
        .map(|e| e.expect("read corpus entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "wit"))
        .collect();
    entries.sort();
    entries
}

fn entry_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The worlds of the entry's main package (every `@unstable` feature on),
/// each with the `trappable_error_type` keys the corpus uses for it: every
/// named type used as the error of a `result` returned by an imported
/// interface's function. `Err` is wit-parser's message.
fn worlds(path: &Path) -> Result<Vec<(String, Vec<String>)>, String> {
    let mut resolve = Resolve::new();
    resolve.all_features = true;
    let (pkg, _) = resolve
        .push_path(path)
        .map_err(|e| resolve.render_error(&e))?;
    let mut out = Vec::new();
    for (name, id) in &resolve.packages[pkg].worlds {
        let mut keys = Vec::new();
        for (key, item) in &resolve.worlds[*id].imports {
            let WorldItem::Interface { id: iface, .. } = item else {
                continue;
            };
            let iface = &resolve.interfaces[*iface];
            for func in iface.functions.values() {
                let Some(Type::Id(result)) = func.result else {
                    continue;
                };
                let TypeDefKind::Result(r) = &resolve.types[result].kind else {
                    continue;
                };
                let Some(Type::Id(err)) = r.err else {
                    continue;
                };
                if let Some(err_name) = &resolve.types[err].name {
                    let k = format!("{}/{}", resolve.name_world_key(key), err_name);
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
            }
        }
        out.push((name.clone(), keys));
    }
    Ok(out)
}

/// The option sets run on every world.
fn option_sets(path: &Path, world: &str, trappable: &[String]) -> Vec<(&'static str, Opts)> {
    let base = Opts {
        path: vec![path.to_path_buf()],
        world: Some(world.to_string()),
        all_features: true,
        ..Default::default()
    };
    let mut sets = vec![
        ("default", base.clone()),
        (
            "tracing",
            Opts {
                tracing: true,
                ..base.clone()
            },
        ),
        (
            "borrowing",
            Opts {
                ownership: Ownership::Borrowing {
                    duplicate_if_necessary: true,
                },
                ..base.clone()
            },
        ),
        (
            "async",
            Opts {
                async_: true,
                tracing: true,
                ..base.clone()
            },
        ),
    ];
    if !trappable.is_empty() {
        sets.push((
            "trappable_error_type",
            Opts {
                trappable_error_type: trappable
                    .iter()
                    .map(|k| (k.clone(), "crate::TrappableError".to_string()))
                    .collect(),
                ..base
            },
        ));
    }
    sets
}

/// The snapshot file of one world of one entry.
fn snapshot_name(entry: &Path, world: &str, worlds: usize) -> String {
    let stem = entry.file_stem().unwrap().to_string_lossy();
    if worlds == 1 {
        format!("{stem}.rs")
    } else {
        format!("{stem}-{world}.rs")
    }
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
