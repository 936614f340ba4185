//! Writes `$OUT_DIR/corpus.rs`: one module per (corpus entry, world,
//! option set), each holding a `hoist::bindgen!` invocation on that world
//! with those options, plus the tables `RUNS` and `SKIPPED` that the
//! crate's test reports. The corpus and its option sets come from
//! `codegen/tests/support/corpus.rs`, shared with the generator's own
//! corpus test. Without the corpus (no `HOIST_TESTSUITE`, no
//! `../shared/testsuite`) the file has no runs and `CORPUS_DIR` is `None`.

use std::fmt::Write as _;
use std::path::Path;

use hoist_codegen::{Opts, Ownership};

#[path = "../../codegen/tests/support/corpus.rs"]
mod corpus;

/// A Rust string literal for `s`.
fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// The `bindgen!` input that asks for what `opts` describes.
fn invocation(opts: &Opts) -> String {
    let mut out = String::from("hoist::bindgen!({\n");
    let paths: Vec<String> = opts
        .path
        .iter()
        .map(|p| lit(&p.to_string_lossy()))
        .collect();
    writeln!(out, "    path: [{}],", paths.join(", ")).unwrap();
    if let Some(world) = &opts.world {
        writeln!(out, "    world: {},", lit(world)).unwrap();
    }
    writeln!(out, "    all_features: {},", opts.all_features).unwrap();
    writeln!(out, "    tracing: {},", opts.tracing).unwrap();
    writeln!(out, "    async: {},", opts.async_).unwrap();
    if let Ownership::Borrowing {
        duplicate_if_necessary,
    } = opts.ownership
    {
        writeln!(
            out,
            "    ownership: Borrowing {{ duplicate_if_necessary: {duplicate_if_necessary} }},"
        )
        .unwrap();
    }
    if !opts.trappable_error_type.is_empty() {
        out.push_str("    trappable_error_type: {\n");
        for (wit, rust) in &opts.trappable_error_type {
            writeln!(out, "        {} => {rust},", lit(wit)).unwrap();
        }
        out.push_str("    },\n");
    }
    out.push_str("});\n");
    out
}

/// A Rust module name for one run.
fn module_name(entry: &str, world: &str, set: &str) -> String {
    let clean = |s: &str| {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect::<String>()
    };
    format!("{}_{}_{}", clean(entry), clean(world), clean(set))
}

fn main() {
    println!("cargo:rerun-if-env-changed=HOIST_TESTSUITE");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../../codegen/tests/support/corpus.rs");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = String::new();
    let mut runs = Vec::new();
    let mut skipped = Vec::new();
    let dir = corpus::corpus_dir(&repo);
    if let Some(dir) = &dir {
        println!("cargo:rerun-if-changed={}", dir.display());
        for entry in corpus::corpus_entries(dir) {
            let name = corpus::entry_name(&entry);
            if let Some(reason) = corpus::skip_reason(&name) {
                skipped.push((name, reason.to_string()));
                continue;
            }
            // An entry that does not parse is reported by the crate's test
            // (as a run that did not happen) rather than by a panic here.
            let worlds = match corpus::worlds(&entry) {
                Ok(worlds) => worlds,
                Err(e) => {
                    skipped.push((name, format!("UNEXPECTED: wit-parser fails: {e}")));
                    continue;
                }
            };
            for (world, keys) in worlds {
                for (set, opts) in corpus::option_sets(&entry, &world, &keys) {
                    let module = module_name(&name, &world, set);
                    writeln!(
                        out,
                        "/// `{name}`, world `{world}`, option set `{set}`.\n\
                         #[allow(dead_code, unused_imports, clippy::all)]\n\
                         pub mod {module} {{\n{}}}\n",
                        invocation(&opts)
                    )
                    .unwrap();
                    runs.push((name.clone(), world.clone(), set));
                }
            }
        }
    }
    writeln!(
        out,
        "/// The corpus folder the runs were generated from, if it was found.\n\
         pub const CORPUS_DIR: Option<&str> = {};",
        match &dir {
            Some(d) => format!("Some({})", lit(&d.to_string_lossy())),
            None => "None".to_string(),
        }
    )
    .unwrap();
    out.push_str("/// Every run compiled into this crate: (entry, world, option set).\n");
    out.push_str("pub const RUNS: &[(&str, &str, &str)] = &[\n");
    for (entry, world, set) in &runs {
        writeln!(out, "    ({}, {}, {}),", lit(entry), lit(world), lit(set)).unwrap();
    }
    out.push_str("];\n");
    out.push_str("/// Corpus entries not compiled, with the reason.\n");
    out.push_str("pub const SKIPPED: &[(&str, &str)] = &[\n");
    for (entry, reason) in &skipped {
        writeln!(out, "    ({}, {}),", lit(entry), lit(reason)).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("corpus.rs");
    std::fs::write(&dest, out).unwrap();
}
