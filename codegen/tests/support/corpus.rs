//! The WIT corpus of `$HOIST_TESTSUITE/wit/`: where it is, its entries, the
//! worlds of each entry, the entries that cannot be generated and the
//! option sets every world is generated with.
//!
//! Shared by the generator's own corpus test (`codegen/tests/corpus.rs`,
//! which checks that the output parses and matches the snapshots) and by
//! the build script of `tests/bindgen-corpus`, which compiles every run
//! through `bindgen!` against the real API. Running the generator lives in
//! those two places, not here.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use hoist_codegen::{Opts, Ownership};
use wit_parser::{Resolve, Type, TypeDefKind, WorldItem};

/// Corpus entries that cannot be generated, with (a substring of) the
/// error every option set must fail with. Shrink this list on purpose
/// only.
pub const SKIPPED: &[(&str, &str)] = &[
    // wit-parser 0.263 rejects these WIT files outright.
    ("flags.wit", "cannot have more than 32 flags"),
    ("records.wit", "empty record"),
    ("simple-wasi.wit", "empty record"),
    ("use-paths.wit", "empty record"),
    ("variants.wit", "empty record"),
    ("worlds-with-types.wit", "empty record"),
];

/// The reason `entry` (a file or folder name of the corpus) is skipped, if
/// it is.
pub fn skip_reason(entry: &str) -> Option<&'static str> {
    SKIPPED.iter().find(|(n, _)| *n == entry).map(|(_, r)| *r)
}

/// The folder of WIT inputs, or `None` when the test suite is not there.
/// `repo_root` is the workspace root, used when `HOIST_TESTSUITE` is unset
/// (default: `<repo_root>/../shared/testsuite`).
pub fn corpus_dir(repo_root: &Path) -> Option<PathBuf> {
    let root = match std::env::var_os("HOIST_TESTSUITE") {
        Some(dir) => PathBuf::from(dir),
        None => repo_root.join("../shared/testsuite"),
    };
    let wit = root.join("wit");
    wit.is_dir().then_some(wit)
}

/// Whether a missing corpus is a failure rather than a skip: under CI
/// (`CI` set) or when `HOIST_TESTSUITE` names where it should be, as for
/// the other conformance suites.
pub fn suite_required() -> bool {
    std::env::var_os("CI").is_some() || std::env::var_os("HOIST_TESTSUITE").is_some()
}

/// The `.wit` files and package directories of the corpus, sorted.
pub fn corpus_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read corpus dir")
        .map(|e| e.expect("read corpus entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "wit"))
        .collect();
    entries.sort();
    entries
}

/// The file or folder name of a corpus entry.
pub fn entry_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The worlds of the entry's main package (every `@unstable` feature on),
/// each with the `trappable_error_type` keys the corpus uses for it: every
/// named type used as the error of a `result` returned by an imported
/// interface's function. `Err` is wit-parser's message.
pub fn worlds(path: &Path) -> Result<Vec<(String, Vec<String>)>, String> {
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

/// The Rust error type the `trappable_error_type` option set maps every
/// WIT error type to.
pub const TRAPPABLE_RUST_TYPE: &str = "crate::TrappableError";

/// The option sets run on every world: `default`, `tracing`, `borrowing`,
/// `async` (with tracing), and `trappable_error_type` when the world
/// imports a function returning a named error type.
pub fn option_sets(path: &Path, world: &str, trappable: &[String]) -> Vec<(&'static str, Opts)> {
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
                    .map(|k| (k.clone(), TRAPPABLE_RUST_TYPE.to_string()))
                    .collect(),
                ..base
            },
        ));
    }
    sets
}

/// The snapshot file of one world of one entry.
pub fn snapshot_name(entry: &Path, world: &str, worlds: usize) -> String {
    let stem = entry.file_stem().unwrap().to_string_lossy();
    if worlds == 1 {
        format!("{stem}.rs")
    } else {
        format!("{stem}-{world}.rs")
    }
}
