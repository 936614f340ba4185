//! What several test modules share: engines, the bump `realloc` of the
//! guests written in the text format, where the conformance suites are (and
//! what to do when they are not), and writing past libtest's capture; the
//! trap assertions ([`traps`]), the random corruption of binaries
//! ([`corrupt`]), the forwarder component of the derive and `flags!` tests
//! ([`derive`]) and the scaffolding of the WASI tests ([`wasi`]).

pub mod corrupt;
pub mod derive;
pub mod traps;
pub mod wasi;

use hoist::{BoundsChecks, Config, Engine};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A new engine with the default configuration.
pub fn engine() -> Engine {
    Engine::default()
}

/// A new engine with `config`, which must be valid.
pub fn engine_with(config: &Config) -> Engine {
    Engine::new(config).expect("a valid configuration")
}

/// One engine with the default configuration for the whole test binary,
/// for tests that compile the same guests again and again.
pub fn shared_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::default)
}

/// One engine per bounds-checking strategy, named for messages.
pub fn bounds_check_engines() -> Vec<(&'static str, Engine)> {
    [
        ("guard pages", BoundsChecks::GuardPages),
        ("explicit", BoundsChecks::Explicit),
    ]
    .into_iter()
    .map(|(name, b)| {
        let mut c = Config::new();
        c.bounds_checks(b);
        (name, engine_with(&c))
    })
    .collect()
}

/// Expands to the text of [`BUMP_REALLOC`], for `concat!` in a `const`.
macro_rules! bump_realloc {
    () => {
        r#"
    (global $next (mut i32) (i32.const 4096))
    (global $last (mut i32) (i32.const 0))
    (global $last_size (mut i32) (i32.const 0))
    (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (if (i32.and (i32.ne (local.get $old) (i32.const 0)) (i32.le_u (local.get $size) (local.get $old_size)))
        (then (return (local.get $old))))
      (local.set $p
        (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                 (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $p) (local.get $size)))
      (memory.copy (local.get $p) (local.get $old) (local.get $old_size))
      (global.set $last (local.get $p))
      (global.set $last_size (local.get $size))
      (local.get $p))"#
    };
}
pub(crate) use bump_realloc;

/// A well-behaved bump `realloc` for a core module with one page of memory,
/// to put inside its `(core module ...)`: blocks from 4096 up, aligned as
/// asked, shrinking in place and moving (with a copy) to grow. It also
/// remembers the last block it handed out in the globals `$last` and
/// `$last_size`.
pub const BUMP_REALLOC: &str = bump_realloc!();

/// Writes `line` to the process's standard error directly, so that libtest
/// does not capture it: a summary or a skip that a normal `cargo test` run
/// must show.
pub fn say(line: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// The conformance suite folder `kind` (`core`, `component`, ...) of
/// `$HOIST_TESTSUITE` (default `<workspace>/../shared/testsuite`), when it
/// is there.
///
/// When it is not: with `CI` or `HOIST_TESTSUITE` set, the suite was meant
/// to run, and the test fails; with neither, the test is skipped loudly (a
/// line on standard error, past the capture) and this returns `None`.
pub fn suite_dir(kind: &str) -> Option<PathBuf> {
    let root = hoist_cli::wast::suite::suite_root(Path::new(env!("CARGO_MANIFEST_DIR")));
    let dir = root.join(kind);
    if dir.is_dir() {
        return Some(dir);
    }
    let wanted: Vec<&str> = ["CI", "HOIST_TESTSUITE"]
        .into_iter()
        .filter(|v| std::env::var_os(v).is_some())
        .collect();
    assert!(
        wanted.is_empty(),
        "conformance suite not found at {} ({} set: the suite must be there)",
        dir.display(),
        wanted.join(" and ")
    );
    say(format_args!(
        "SKIPPED: conformance suite not found at {} (set HOIST_TESTSUITE)",
        dir.display()
    ));
    None
}
