//! `hoist-bench`: times hoist on the shared workload set
//! (`shared/bench/workloads`), following the contract of the Wasmtime peer
//! harness (`shared/bench/README.md`) so that the two can be compared side by
//! side (`shared/bench/compare.sh`).
//!
//! This file holds the command line, the workload registry and the report;
//! the timing method is in `measure.rs`, the core-module workloads in
//! `core.rs`, the component ones in `comp.rs`, the
//! component-to-component ones in `c2c.rs`, native Rust baselines
//! of two core workloads in `native.rs`, and the WASI command workloads
//! (compared with Wasmtime by `benches/wasi-compare.sh`) in `wasi.rs`.
//!
//! For each selected workload the harness sets it up (load, instantiate),
//! checks its results against the known answers, then measures it and prints
//! one stdout line, `name median_ns_per_op iterations`. A workload whose
//! set-up, check or measurement fails is reported on stderr and skipped; the
//! run goes on and exits with status 1 at the end. A workload that hoist
//! cannot run yet (the `comp_*` component workloads, until hoist has a
//! component model) prints nothing, and is not an error.
//!
//! Adding a workload: write its set-up function (a `fn(&Ctx) ->
//! Result<Bench>` that checks results before returning the timed body) and
//! list it in [`WORKLOADS`]. Core workloads live in `core.rs`, component
//! workloads in `comp.rs`, native baselines in `native.rs`.

#![warn(missing_docs)]

mod c2c;
mod comp;
mod core;
mod measure;
mod native;
mod wasi;

use anyhow::{bail, ensure, Context, Result};
use hoist::{Config, Engine, Module};
use measure::{measure, Bench, Outcome};
use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// What every set-up function gets.
pub struct Ctx {
    /// The engine of the default configuration, shared by most workloads.
    pub engine: Engine,
    /// The folder holding the workload files.
    pub dir: PathBuf,
}

impl Ctx {
    /// Compiles the workload module `{dir}/{name}.wat` on [`Ctx::engine`].
    pub fn module(&self, name: &str) -> Result<Module> {
        let path = self.dir.join(format!("{name}.wat"));
        Module::from_file(&self.engine, &path)
            .with_context(|| format!("loading core module {}", path.display()))
    }
}

/// Sets a workload up, checks its results and returns it ready to time.
pub type Setup = fn(&Ctx) -> Result<Bench>;

/// Whether hoist can run a workload.
#[derive(Clone, Copy)]
pub enum Runner {
    /// It runs, with this set-up.
    Ready(Setup),
    /// It cannot run yet, for this reason; it prints nothing.
    Pending(&'static str),
}

/// One entry of the registry.
pub struct Workload {
    /// The name shared with the peer harness (and the workload file's stem).
    pub name: &'static str,
    /// How to run it, if hoist can.
    pub runner: Runner,
}

/// Shorthand for a registry entry hoist can run.
const fn ready(name: &'static str, setup: Setup) -> Workload {
    Workload {
        name,
        runner: Runner::Ready(setup),
    }
}

/// Shorthand for a registry entry hoist cannot run yet.
const fn pending(name: &'static str, why: &'static str) -> Workload {
    Workload {
        name,
        runner: Runner::Pending(why),
    }
}

/// Every workload, in the peer's order (the component-to-component ones
/// after the `comp_*`), then the native baselines and the WASI workloads.
pub const WORKLOADS: &[Workload] = &[
    ready("core_nop", core::core_nop),
    ready("core_fib", core::core_fib),
    ready("core_sieve", core::core_sieve),
    ready("core_host_call", core::core_host_call),
    ready("core_compile", core::core_compile),
    ready("core_compile_serial", core::core_compile_serial),
    ready("comp_nop", comp::comp_nop),
    ready("comp_add", comp::comp_add),
    ready("comp_string_echo_1m", comp::comp_string_echo_1m),
    ready("comp_string_echo_16b", comp::comp_string_echo_16b),
    ready("comp_list_sum", comp::comp_list_sum),
    ready("comp_list_records", comp::comp_list_records),
    ready("comp_host_import", comp::comp_host_import),
    ready("comp_instantiate", comp::comp_instantiate),
    ready("c2c_add", c2c::c2c_add),
    ready("c2c_string_echo_16b", c2c::c2c_string_echo_16b),
    pending(
        "core_load_cached",
        "Module::deserialize: hoist has no precompiled artifacts yet",
    ),
    ready("native_fib", native::native_fib),
    ready("native_sieve", native::native_sieve),
    ready("wasi_hello", wasi::wasi_hello),
    ready("wasi_copy_64m", wasi::wasi_copy_64m),
    ready("wasi_stdout_64m", wasi::wasi_stdout_64m),
];

/// The configuration every report names.
const CONFIG_LABEL: &str = "Config::default()";

const USAGE: &str = "usage: hoist-bench [--workloads DIR] [--filter NAME|PREFIX*[,..]] \
[--min-time SECS] [--json PATH] [--check] [--list]

  --workloads DIR   the workload files (default: ../shared/bench/workloads from the workspace root)
  --filter F[,..]   only workloads named F, or starting with P for P*; repeatable
  --min-time SECS   measured time per workload (default 0.5)
  --json PATH       also write a JSON report
  --check           set up and check results only, no timing
  --list            print the names of the workloads hoist can run

stdout: one line per workload, `name median_ns_per_op iterations`.
Exit status: 0, 1 if any workload failed, 2 for bad arguments.";

/// The parsed command line.
struct Args {
    dir: PathBuf,
    filters: Vec<String>,
    min_time: Duration,
    json: Option<PathBuf>,
    check_only: bool,
}

/// What the command line asks for.
enum Command {
    Run(Args),
    List,
    Help,
}

/// The default workloads folder: `../shared/bench/workloads` from the
/// workspace root (this crate's parent).
fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bench/workloads")
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Command> {
    let mut args = Args {
        dir: default_dir(),
        filters: Vec::new(),
        min_time: Duration::from_millis(500),
        json: None,
        check_only: false,
    };
    let mut list = false;
    while let Some(arg) = argv.next() {
        let mut value = || argv.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--workloads" => args.dir = value()?.into(),
            "--filter" => {
                let v = value()?;
                args.filters
                    .extend(v.split(',').filter(|f| !f.is_empty()).map(String::from));
            }
            "--min-time" => {
                let v = value()?;
                let secs: f64 = v
                    .parse()
                    .with_context(|| format!("--min-time: {v:?} is not a number"))?;
                ensure!(
                    secs.is_finite() && secs > 0.0,
                    "--min-time must be a positive number of seconds, got {v}"
                );
                args.min_time = Duration::from_secs_f64(secs);
            }
            "--json" => args.json = Some(value()?.into()),
            "--check" => args.check_only = true,
            "--list" => list = true,
            "-h" | "--help" => return Ok(Command::Help),
            other => bail!("unknown argument {other:?}"),
        }
    }
    for f in &args.filters {
        ensure!(
            WORKLOADS.iter().any(|w| filter_matches(f, w.name)),
            "--filter {f:?} matches no workload (known: {})",
            WORKLOADS
                .iter()
                .map(|w| w.name)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(if list {
        Command::List
    } else {
        Command::Run(args)
    })
}

/// A filter is a workload name, or a prefix followed by `*`.
fn filter_matches(filter: &str, name: &str) -> bool {
    match filter.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == filter,
    }
}

/// Turns a caught panic's payload into a message.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic with a non-string payload".to_string()
    }
}

/// Runs `f`, turning a panic into an error so that one broken workload
/// cannot stop the others.
fn guarded<R>(f: impl FnOnce() -> Result<R>) -> Result<R> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => bail!("panicked: {}", panic_message(&*payload)),
    }
}

/// Sets up, checks and (unless `check_only`) measures one workload.
fn run_one(cx: &Ctx, setup: Setup, args: &Args) -> Result<Option<Outcome>> {
    guarded(|| {
        let mut bench = setup(cx)?;
        if args.check_only {
            return Ok(None);
        }
        measure(&mut bench, args.min_time).map(Some)
    })
}

/// A JSON string literal.
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The JSON report: the peer's fields, plus the failures of this run.
fn json_report(min_time: Duration, results: &[Outcome], failures: &[(&str, String)]) -> String {
    let rows: Vec<String> = results
        .iter()
        .map(|r| {
            format!(
                "    {{\"name\": {}, \"median_ns_per_op\": {:.3}, \"iterations\": {}, \
                 \"samples\": {}, \"batch\": {}, \"min_ns_per_op\": {:.3}, \
                 \"max_ns_per_op\": {:.3}, \"op\": {}}}",
                json_str(r.name),
                r.median_ns,
                r.iterations,
                r.samples,
                r.batch,
                r.min_ns,
                r.max_ns,
                json_str(r.op)
            )
        })
        .collect();
    let failed: Vec<String> = failures
        .iter()
        .map(|(name, err)| {
            format!(
                "    {{\"name\": {}, \"error\": {}}}",
                json_str(name),
                json_str(err)
            )
        })
        .collect();
    format!(
        "{{\n  \"runtime\": \"hoist\",\n  \"runtime_version\": {},\n  \"config\": {},\n  \
         \"min_time_s\": {},\n  \"results\": [\n{}\n  ],\n  \"failures\": [\n{}\n  ]\n}}\n",
        json_str(env!("CARGO_PKG_VERSION")),
        json_str(CONFIG_LABEL),
        min_time.as_secs_f64(),
        rows.join(",\n"),
        failed.join(",\n")
    )
}

/// Runs the selected workloads; returns whether all of them passed.
fn run(args: &Args) -> Result<bool> {
    let cx = Ctx {
        engine: Engine::new(&Config::default()).context("creating the default engine")?,
        dir: args.dir.clone(),
    };
    eprintln!(
        "hoist {} | {CONFIG_LABEL} | min time {:?} per workload | {}",
        env!("CARGO_PKG_VERSION"),
        args.min_time,
        args.dir.display()
    );
    let mut results = Vec::new();
    let mut failures = Vec::new();
    let selected = WORKLOADS.iter().filter(|w| {
        args.filters.is_empty() || args.filters.iter().any(|f| filter_matches(f, w.name))
    });
    for w in selected {
        let setup = match w.runner {
            Runner::Ready(setup) => setup,
            Runner::Pending(why) => {
                eprintln!("{}: skipped ({why})", w.name);
                continue;
            }
        };
        match run_one(&cx, setup, args) {
            Ok(None) => eprintln!("{}: ok", w.name),
            Ok(Some(r)) => {
                println!("{} {:.2} {}", r.name, r.median_ns, r.iterations);
                // A pipe would otherwise hold the line back until exit.
                let _ = std::io::stdout().flush();
                results.push(r);
            }
            Err(e) => {
                eprintln!("{}: FAILED: {e:#}", w.name);
                failures.push((w.name, format!("{e:#}")));
            }
        }
    }
    if let Some(path) = &args.json {
        std::fs::write(path, json_report(args.min_time, &results, &failures))
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    if !failures.is_empty() {
        eprintln!(
            "{} workload(s) failed: {}",
            failures.len(),
            failures
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(failures.is_empty())
}

fn main() -> ExitCode {
    let command = match parse_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("hoist-bench: {e:#}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Help => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Command::List => {
            for w in WORKLOADS {
                match w.runner {
                    Runner::Ready(_) => println!("{}", w.name),
                    Runner::Pending(why) => eprintln!("{} (not run: {why})", w.name),
                }
            }
            ExitCode::SUCCESS
        }
        Command::Run(args) => match run(&args) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => {
                eprintln!("hoist-bench: {e:#}");
                ExitCode::FAILURE
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn filters_match_names_and_prefixes() {
        assert!(filter_matches("core_fib", "core_fib"));
        assert!(!filter_matches("core_fib", "core_fib2"));
        assert!(filter_matches("core_*", "core_sieve"));
        assert!(filter_matches("*", "native_fib"));
        assert!(!filter_matches("comp_*", "core_nop"));
    }

    #[test]
    fn registry_names_are_unique() {
        let mut names: Vec<_> = WORKLOADS.iter().map(|w| w.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), WORKLOADS.len());
    }

    #[test]
    fn parses_options() {
        let Command::Run(a) = parse(&[
            "--filter",
            "core_fib,native_*",
            "--min-time",
            "0.25",
            "--check",
        ])
        .unwrap() else {
            panic!("expected a run");
        };
        assert_eq!(a.filters, ["core_fib", "native_*"]);
        assert_eq!(a.min_time, Duration::from_millis(250));
        assert!(a.check_only);
        assert!(matches!(parse(&["--list"]).unwrap(), Command::List));
    }

    #[test]
    fn rejects_bad_options() {
        assert!(parse(&["--filter", "nope"]).is_err());
        assert!(parse(&["--min-time", "0"]).is_err());
        assert!(parse(&["--min-time"]).is_err());
        assert!(parse(&["--frobnicate"]).is_err());
        // A pending workload is still a known name.
        assert!(parse(&["--filter", "comp_nop"]).is_ok());
    }

    #[test]
    fn panics_become_errors() {
        let err = guarded::<()>(|| panic!("kaboom")).unwrap_err();
        assert!(err.to_string().contains("kaboom"));
    }

    #[test]
    fn json_escapes() {
        assert_eq!(json_str("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
