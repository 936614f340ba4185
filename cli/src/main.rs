//! The `hoist` command-line tool.
//!
//! `hoist run [OPTIONS] FILE [ARGS...]` runs a WASI command component or a
//! WASI preview1 module, or calls one exported function (`--invoke`), and
//! exits with the guest's exit code (see `hoist_cli::run`).
//!
//! `hoist serve [--addr HOST:PORT] [--dir ...] [--env ...] FILE` serves a
//! component of the `wasi:http/proxy` world over HTTP/1.1 until Ctrl-C
//! (see `hoist_cli::serve`); it exits with 1 when it cannot start.
//!
//! `hoist wit FILE` prints the WIT of a component (see `hoist_cli::wit`).
//!
//! `hoist bindgen PATH... [OPTIONS]` prints the Rust code `bindgen!`
//! generates for that WIT (see `hoist_cli::bindgen`).
//!
//! `hoist wast [--bounds-checks explicit|guard] [--fuel] FILE...` runs `.wast` scripts
//! (directories are expanded to their `*.wast` files), prints one report per
//! file and closes with `core: N passed, M failed, K skipped`, where N and M
//! count directives and K counts skipped files plus skipped directives (each
//! printed with its reason). It exits with 1 when a directive failed and 2 on
//! a usage error. The runner itself is `hoist_cli::wast`.

use hoist::{BoundsChecks, Config};
use hoist_cli::wast::{collect_files, Runner, Summary};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: hoist run [OPTIONS] FILE [ARGS...]   (hoist run --help)\n       hoist serve [--addr HOST:PORT] [OPTIONS] FILE   (hoist serve --help)\n       hoist wit FILE\n       hoist bindgen PATH... [OPTIONS]   (hoist bindgen --help)\n       hoist wast [--bounds-checks explicit|guard] [--fuel] FILE...\n\n  --fuel  count fuel, so that a script stops after 10^10 operators instead of hanging";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("serve") => serve(&args[1..]),
        Some("wast") => wast(&args[1..]),
        Some("wit") => wit(&args[1..]),
        Some("bindgen") => bindgen(&args[1..]),
        Some("-V" | "--version") => {
            println!("hoist {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!(
            "expected the command `run`, `serve`, `wit`, `bindgen` or `wast`, found `{other}`"
        )),
        None => usage_error("expected a command"),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::from(2)
}

fn run(args: &[String]) -> ExitCode {
    if matches!(args.first().map(String::as_str), Some("-h" | "--help")) {
        println!("{}", hoist_cli::run::USAGE);
        return ExitCode::SUCCESS;
    }
    let opts = match hoist_cli::run::RunOptions::parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e:#}\n{}", hoist_cli::run::USAGE);
            return ExitCode::from(2);
        }
    };
    match hoist_cli::run::run(&opts) {
        // Exit codes are 8 bits wide on Unix; `exit` keeps what the guest
        // asked for, as `wasmtime run` does.
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn serve(args: &[String]) -> ExitCode {
    use hoist_cli::serve;
    if matches!(args.first().map(String::as_str), Some("-h" | "--help")) {
        println!("{}", serve::USAGE);
        return ExitCode::SUCCESS;
    }
    let opts = match serve::ServeOptions::parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e:#}\n{}", serve::USAGE);
            return ExitCode::from(2);
        }
    };
    match serve::serve(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn wit(args: &[String]) -> ExitCode {
    use hoist_cli::wit;
    let file = match args {
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{}", wit::USAGE);
            return ExitCode::SUCCESS;
        }
        [file] if !file.starts_with('-') => file,
        _ => {
            eprintln!("error: expected one FILE\n{}", wit::USAGE);
            return ExitCode::from(2);
        }
    };
    match wit::wit_of_file(std::path::Path::new(file)) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn bindgen(args: &[String]) -> ExitCode {
    use hoist_cli::bindgen;
    if matches!(args.first().map(String::as_str), Some("-h" | "--help")) {
        println!("{}", bindgen::USAGE);
        return ExitCode::SUCCESS;
    }
    let opts = match bindgen::parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e:#}\n{}", bindgen::USAGE);
            return ExitCode::from(2);
        }
    };
    match bindgen::bindgen(&opts) {
        Ok(code) => {
            print!("{code}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn wast(args: &[String]) -> ExitCode {
    let mut config = Config::new();
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = match arg.as_str() {
            "--bounds-checks" => match it.next() {
                Some(v) => v.as_str(),
                None => return usage_error("expected a strategy after `--bounds-checks`"),
            },
            a if a.starts_with("--bounds-checks=") => &a["--bounds-checks=".len()..],
            "--fuel" => {
                config.consume_fuel(true);
                continue;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            a if a.starts_with('-') && a.len() > 1 => {
                return usage_error(&format!("unknown option `{a}`"))
            }
            path => {
                paths.push(PathBuf::from(path));
                continue;
            }
        };
        let strategy = match value {
            "explicit" => BoundsChecks::Explicit,
            "guard" | "guard-pages" => BoundsChecks::GuardPages,
            other => {
                return usage_error(&format!(
                    "expected `explicit` or `guard` after `--bounds-checks`, found `{other}`"
                ))
            }
        };
        config.bounds_checks(strategy);
    }
    if paths.is_empty() {
        return usage_error("expected at least one FILE");
    }
    let files = match collect_files(&paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
    let runner = match Runner::new(&config) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
    let mut summary = Summary::default();
    for file in &files {
        let report = runner.run_file(file);
        println!("{report}");
        summary.add(&report);
    }
    for line in summary.lines() {
        println!("{line}");
    }
    if summary.any_failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
