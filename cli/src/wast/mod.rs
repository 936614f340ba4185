//! The `.wast` script runner behind `hoist wast` and the conformance tests.
//!
//! A [`Runner`] holds an engine; [`Runner::run_file`] parses one script with
//! the `wast` crate, runs its directives in a fresh store and returns a
//! [`FileReport`]; a [`Summary`] adds reports up per [`Suite`] and prints the
//! closing lines (`core: N passed, M failed, K skipped`).
//!
//! What is counted:
//! - *passed* / *failed*: directives (each `module`, `register`, `invoke`,
//!   `assert_*`, …) that did or did not do what the script expects; a script
//!   that fails to parse counts as one failure;
//! - *skipped*: whole files hoist cannot run (scripts whose `;;!` header
//!   needs a proposal hoist lacks) plus single directives it cannot run (component
//!   modules, threads, exceptions), each with its reason.
//!
//! This file holds the runner and the reports. Executing a directive is in
//! `script`, the `spectest` module in `spectest`, value matching in `values`,
//! trap-message matching in `messages`, and the feature set a script runs
//! with (the engine's defaults, or WebAssembly 2.0 for the 2.0 spec suite,
//! changed by its `;;!` header) and the skip decision for whole files in
//! `features`.

mod component;
mod features;
mod messages;
mod script;
mod spectest;
pub mod suite;
mod values;

use anyhow::{Context as _, Result};
use features::Baseline;
use hoist::{Config, Engine};
use script::{Outcome, Script};
use std::collections::HashMap;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, Wat};

/// Which summary line a script counts towards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Suite {
    /// Core WebAssembly scripts.
    Core,
    /// Component-model scripts (any script with a `component` in it).
    Component,
}

impl Suite {
    /// The label of the suite's summary line.
    pub fn label(self) -> &'static str {
        match self {
            Suite::Core => "core",
            Suite::Component => "component",
        }
    }
}

/// A directive that did not do what the script expects.
#[derive(Clone, Debug)]
pub struct Failure {
    /// 1-based line of the directive (0 when the file could not be read).
    pub line: usize,
    /// 1-based column of the directive.
    pub column: usize,
    /// The directive's keyword, e.g. `assert_return`.
    pub directive: &'static str,
    /// What was expected and what happened.
    pub message: String,
}

/// A directive that was not run.
#[derive(Clone, Debug)]
pub struct Skipped {
    /// 1-based line of the directive.
    pub line: usize,
    /// 1-based column of the directive.
    pub column: usize,
    /// The directive's keyword.
    pub directive: &'static str,
    /// Why it was not run.
    pub reason: String,
}

/// The result of running one script.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The script's path, as given.
    pub path: PathBuf,
    /// The summary line it counts towards.
    pub suite: Suite,
    /// Directives that passed.
    pub passed: usize,
    /// Directives that failed.
    pub failures: Vec<Failure>,
    /// Directives that were not run.
    pub skipped: Vec<Skipped>,
    /// Set when the whole file was not run, with the reason.
    pub file_skipped: Option<String>,
}

impl FileReport {
    fn new(path: &Path, suite: Suite) -> FileReport {
        FileReport {
            path: path.to_path_buf(),
            suite,
            passed: 0,
            failures: Vec::new(),
            skipped: Vec::new(),
            file_skipped: None,
        }
    }

    /// This file's contribution to its suite's counts.
    pub fn counts(&self) -> Counts {
        Counts {
            passed: self.passed,
            failed: self.failures.len(),
            skipped: self.skipped.len() + usize::from(self.file_skipped.is_some()),
        }
    }
}

impl fmt::Display for FileReport {
    /// `path: N passed, M failed` (or `path: skipped (reason)`), then one line
    /// per failure and per skipped directive.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        if let Some(reason) = &self.file_skipped {
            return write!(f, "{path}: skipped ({reason})");
        }
        write!(
            f,
            "{path}: {} passed, {} failed",
            self.passed,
            self.failures.len()
        )?;
        for s in &self.skipped {
            write!(
                f,
                "\n  {path}:{}:{}: {} skipped: {}",
                s.line, s.column, s.directive, s.reason
            )?;
        }
        for x in &self.failures {
            write!(
                f,
                "\n  {path}:{}:{}: {} failed: {}",
                x.line, x.column, x.directive, x.message
            )?;
        }
        Ok(())
    }
}

/// Passed, failed and skipped counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Directives that passed.
    pub passed: usize,
    /// Directives that failed.
    pub failed: usize,
    /// Files and directives that were skipped.
    pub skipped: usize,
}

impl fmt::Display for Counts {
    /// `N passed, M failed, K skipped`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }
}

/// Counts added up over many files, per suite.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    core: Counts,
    component: Option<Counts>,
}

impl Summary {
    /// Adds one file's counts.
    pub fn add(&mut self, report: &FileReport) {
        let c = report.counts();
        let total = match report.suite {
            Suite::Core => &mut self.core,
            Suite::Component => self.component.get_or_insert_with(Counts::default),
        };
        total.passed += c.passed;
        total.failed += c.failed;
        total.skipped += c.skipped;
    }

    /// The counts of `suite`.
    pub fn counts(&self, suite: Suite) -> Counts {
        match suite {
            Suite::Core => self.core,
            Suite::Component => self.component.unwrap_or_default(),
        }
    }

    /// Whether any directive failed.
    pub fn any_failed(&self) -> bool {
        self.core.failed > 0 || self.component.is_some_and(|c| c.failed > 0)
    }

    /// The closing lines: `component: …` when component scripts ran, then
    /// always `core: N passed, M failed, K skipped` last.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(c) = self.component {
            out.push(format!("{}: {c}", Suite::Component.label()));
        }
        out.push(format!("{}: {}", Suite::Core.label(), self.core));
        out
    }
}

/// Runs scripts. Each script runs in a fresh store, in an engine with the
/// base configuration's proposals (the engine's defaults), or the
/// WebAssembly 2.0 ones for the scripts of the 2.0 spec suite, changed by
/// what its `;;!` header turns on or off (see `features`; engines are built
/// once per feature set and reused).
pub struct Runner {
    base: Config,
    /// Folders (canonical paths) whose scripts start from WebAssembly 2.0.
    wasm2_folders: Vec<PathBuf>,
    engines: Mutex<HashMap<EngineKey, Engine>>,
}

/// What an engine of a [`Runner`] is built for: a baseline, then the
/// features turned on and those turned off.
type EngineKey = (Baseline, Vec<&'static str>, Vec<&'static str>);

impl Runner {
    /// A runner whose engines are built from `config`: its code-generation
    /// settings (such as bounds checks) and its proposals, which a script's
    /// header may turn on or off.
    ///
    /// The scripts directly inside the core spec suite's folder,
    /// `<suite>/core` (the suite being `$HOIST_TESTSUITE`, or else
    /// `../shared/testsuite` next to this workspace, as
    /// [`suite::suite_root`] finds it), are the WebAssembly 2.0 suite: they
    /// start from the 2.0 feature set instead (see
    /// [`wasm2_folder`](Runner::wasm2_folder)).
    pub fn new(config: &Config) -> Result<Runner> {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut runner = Runner {
            base: config.clone(),
            wasm2_folders: Vec::new(),
            engines: Mutex::new(HashMap::new()),
        };
        runner.wasm2_folder(&suite::suite_root(&workspace).join("core"));
        runner.engine(Baseline::Defaults, &[], &[])?;
        Ok(runner)
    }

    /// Runs the scripts directly inside folder `dir` (when it exists) from
    /// the WebAssembly 2.0 feature set, as the scripts of a 2.0 spec suite
    /// without headers expect: the base configuration with the proposals
    /// beyond 2.0 turned off, before what a header changes.
    pub fn wasm2_folder(&mut self, dir: &Path) -> &mut Self {
        if let Ok(dir) = dir.canonicalize() {
            self.wasm2_folders.push(dir);
        }
        self
    }

    /// The feature set the script at `path` starts from.
    fn baseline(&self, path: &Path) -> Baseline {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        match folder.canonicalize() {
            Ok(f) if self.wasm2_folders.contains(&f) => Baseline::Wasm2,
            _ => Baseline::Defaults,
        }
    }

    /// The engine for scripts that start from `baseline` and turn
    /// `enabled` on and `disabled` off.
    fn engine(
        &self,
        baseline: Baseline,
        enabled: &[&'static str],
        disabled: &[&'static str],
    ) -> Result<Engine> {
        let key = (baseline, enabled.to_vec(), disabled.to_vec());
        let mut engines = self.engines.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = engines.get(&key) {
            return Ok(e.clone());
        }
        let config = features::configure(&self.base, baseline, enabled, disabled);
        let engine = Engine::new(&config).context("failed to create the engine")?;
        engines.insert(key, engine.clone());
        Ok(engine)
    }

    /// Reads and runs the script at `path`. An unreadable file is one failure.
    pub fn run_file(&self, path: &Path) -> FileReport {
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => self.run_text(path, &text),
                Err(e) => failed_file(path, format!("expected UTF-8 text, found {e}")),
            },
            Err(e) => failed_file(path, format!("failed to read the file: {e}")),
        }
    }

    /// Runs the script `text`; `path` names it in the report.
    pub fn run_text(&self, path: &Path, text: &str) -> FileReport {
        let suite_guess = if text.contains("(component") {
            Suite::Component
        } else {
            Suite::Core
        };
        let mut report = FileReport::new(path, suite_guess);
        let plan = match features::plan(text) {
            Ok(p) => p,
            Err(reason) => {
                report.file_skipped = Some(reason);
                return report;
            }
        };
        // The spec scripts test names with right-to-left overrides and the like.
        let mut lexer = Lexer::new(text);
        lexer.allow_confusing_unicode(true);
        let buf = match ParseBuffer::new_with_lexer(lexer) {
            Ok(buf) => buf,
            Err(e) => return parse_failure(report, text, &e),
        };
        let wast = match catch_unwind(AssertUnwindSafe(|| parser::parse::<Wast<'_>>(&buf))) {
            Ok(Ok(wast)) => wast,
            Ok(Err(e)) => return parse_failure(report, text, &e),
            Err(panic) => {
                report.failures.push(Failure {
                    line: 1,
                    column: 1,
                    directive: "parse",
                    message: format!("the parser panicked: {}", panic_message(&*panic)),
                });
                return report;
            }
        };
        report.suite = if wast.directives.iter().any(is_component_directive) {
            Suite::Component
        } else {
            Suite::Core
        };
        let script = self
            .engine(self.baseline(path), &plan.enabled, &plan.disabled)
            .and_then(|engine| Script::new(&engine));
        let mut script = match script {
            Ok(s) => s,
            Err(e) => return failed_file(path, messages::one_line(&e)),
        };
        for directive in wast.directives {
            let (line, col) = directive.span().linecol_in(text);
            let (line, column) = (line + 1, col + 1);
            let name = directive_name(&directive);
            let outcome =
                catch_unwind(AssertUnwindSafe(|| script.run(directive))).unwrap_or_else(|panic| {
                    Outcome::Fail(format!("hoist panicked: {}", panic_message(&*panic)))
                });
            // A failure that is a use of a feature hoist lacks is a skip.
            let outcome = match outcome {
                Outcome::Fail(message) => match features::lacking_in(&plan.lacking, &message) {
                    Some(reason) => Outcome::Skip(reason),
                    None => Outcome::Fail(message),
                },
                other => other,
            };
            match outcome {
                Outcome::Pass => report.passed += 1,
                Outcome::Fail(message) => report.failures.push(Failure {
                    line,
                    column,
                    directive: name,
                    message,
                }),
                Outcome::Skip(reason) => report.skipped.push(Skipped {
                    line,
                    column,
                    directive: name,
                    reason,
                }),
            }
        }
        report
    }
}

/// The `.wast` files named by `paths`: files as given, directories expanded
/// to their `*.wast` files in name order.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files = Vec::new();
            for entry in std::fs::read_dir(p)
                .with_context(|| format!("failed to list directory {}", p.display()))?
            {
                let path = entry?.path();
                if path.extension().is_some_and(|e| e == "wast") {
                    files.push(path);
                }
            }
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn failed_file(path: &Path, message: String) -> FileReport {
    let mut report = FileReport::new(path, Suite::Core);
    report.failures.push(Failure {
        line: 0,
        column: 0,
        directive: "file",
        message,
    });
    report
}

fn parse_failure(mut report: FileReport, text: &str, e: &wast::Error) -> FileReport {
    let (line, col) = e.span().linecol_in(text);
    report.failures.push(Failure {
        line: line + 1,
        column: col + 1,
        directive: "parse",
        message: format!("the script is malformed: {}", e.message()),
    });
    report
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a non-string panic payload)".to_string()
    }
}

fn is_component_directive(d: &WastDirective<'_>) -> bool {
    let quote = |q: &QuoteWat<'_>| {
        matches!(
            q,
            QuoteWat::Wat(Wat::Component(_)) | QuoteWat::QuoteComponent(..)
        )
    };
    match d {
        WastDirective::Module(q)
        | WastDirective::ModuleDefinition(q)
        | WastDirective::AssertInvalid { module: q, .. }
        | WastDirective::AssertMalformed { module: q, .. } => quote(q),
        WastDirective::AssertUnlinkable { module, .. } => matches!(module, Wat::Component(_)),
        WastDirective::AssertTrap {
            exec: WastExecute::Wat(w),
            ..
        }
        | WastDirective::AssertReturn {
            exec: WastExecute::Wat(w),
            ..
        } => matches!(w, Wat::Component(_)),
        _ => false,
    }
}

/// The keyword of a directive, for reports.
fn directive_name(d: &WastDirective<'_>) -> &'static str {
    match d {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> FileReport {
        let runner = Runner::new(&Config::new()).unwrap();
        runner.run_text(Path::new("test.wast"), text)
    }

    #[test]
    fn a_passing_script_counts_each_directive() {
        let r = run(r#"
            (module (func (export "add") (param i32 i32) (result i32)
                local.get 0 local.get 1 i32.add))
            (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
            (assert_trap (module (func $f unreachable) (start $f)) "unreachable")
            (assert_invalid (module (func (result i32))) "type mismatch")
            (assert_malformed (module quote "(func") "unexpected end")
        "#);
        assert_eq!(
            r.counts(),
            Counts {
                passed: 5,
                failed: 0,
                skipped: 0
            },
            "{r}"
        );
    }

    #[test]
    fn definitions_instances_registration_and_globals() {
        let r = run(r#"
            (module definition $D (global (export "g") (mut i32) (i32.const 5))
                (func (export "inc") (global.set 0 (i32.add (global.get 0) (i32.const 1)))))
            (module instance $A $D)
            (module instance $B $D)
            (invoke $A "inc")
            (assert_return (get $A "g") (i32.const 6))
            (assert_return (get $B "g") (i32.const 5))
            (register "b" $B)
            (module (import "b" "g" (global (mut i32))) (func (export "read") (result i32) global.get 0))
            (assert_return (invoke "read") (i32.const 5))
            (assert_unlinkable (module (import "b" "g" (global i32))) "incompatible import type")
            (assert_unlinkable (module (import "b" "nope" (func))) "unknown import")
            (assert_trap (module (memory 0) (data (i32.const 1) "x")) "out of bounds memory access")
        "#);
        assert_eq!(
            r.counts(),
            Counts {
                passed: 12,
                failed: 0,
                skipped: 0
            },
            "{r}"
        );
    }

    #[test]
    fn a_wrong_trap_is_a_failure() {
        let r = run(r#"
            (module (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0))))
            (assert_trap (invoke "div" (i32.const 0)) "integer overflow")
            (assert_trap (invoke "div" (i32.const 1)) "integer divide by zero")
            (assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
        "#);
        assert_eq!(
            r.counts(),
            Counts {
                passed: 2,
                failed: 2,
                skipped: 0
            },
            "{r}"
        );
    }

    #[test]
    fn failures_name_their_position_and_directive() {
        let r = run("(module (func (export \"f\") (result i32) i32.const 1))\n(assert_return (invoke \"f\") (i32.const 2))");
        assert_eq!(r.failures.len(), 1, "{r}");
        let f = &r.failures[0];
        assert_eq!((f.line, f.column, f.directive), (2, 2, "assert_return"));
        assert!(
            f.message
                .contains("expected i32.const 2, found i32.const 1"),
            "{}",
            f.message
        );
    }

    #[test]
    fn malformed_scripts_are_failures_not_panics() {
        for text in [
            "(module",
            "(assert_return (invoke \"nope\"))",
            "(register \"x\" $none)",
            "\u{0}",
        ] {
            let r = run(text);
            assert_eq!(r.counts().passed, 0, "{r}");
            assert!(!r.failures.is_empty(), "{r}");
        }
    }

    #[test]
    fn component_scripts_count_as_components() {
        let r = run(r#"(component
            (core module $m (func (export "f") (result i32) i32.const 7))
            (core instance $i (instantiate $m))
            (func (export "seven") (result u32) (canon lift (core func $i "f"))))
            (assert_return (invoke "seven") (u32.const 7))
            (assert_trap (invoke "seven") "unreachable")"#);
        assert_eq!(r.suite, Suite::Component);
        assert!(r.file_skipped.is_none());
        let mut s = Summary::default();
        s.add(&r);
        assert_eq!(
            s.lines(),
            [
                "component: 2 passed, 1 failed, 0 skipped",
                "core: 0 passed, 0 failed, 0 skipped"
            ]
        );
    }

    /// The messages of `r`'s failures, in order.
    fn failure_messages(r: &FileReport) -> Vec<&str> {
        r.failures.iter().map(|f| f.message.as_str()).collect()
    }

    #[test]
    fn a_failed_module_leaves_no_current_instance() {
        // The second module traps in its start function: the directives
        // after it fail for want of an instance, instead of reading the
        // first module's `f` (1) and reporting a wrong value.
        let r = run(r#"
            (module $M (func (export "f") (result i32) i32.const 1))
            (module $M (func (export "f") (result i32) i32.const 2)
              (func $s unreachable) (start $s))
            (assert_return (invoke "f") (i32.const 2))
            (assert_return (invoke $M "f") (i32.const 2))
            (register "m")
            (module (func (export "f") (result i32) i32.const 3))
            (assert_return (invoke "f") (i32.const 3))
        "#);
        assert_eq!(
            r.counts(),
            Counts {
                passed: 3,
                failed: 4,
                skipped: 0
            },
            "{r}"
        );
        let messages = failure_messages(&r);
        assert!(messages[0].contains("unreachable"), "{r}");
        assert!(messages[1].contains("the most recent module failed"), "{r}");
        assert!(
            messages[2].contains("expected an instance named `$M`"),
            "{r}"
        );
        assert!(messages[3].contains("the most recent module failed"), "{r}");
        assert!(
            !messages.iter().any(|m| m.contains("found i32.const 1")),
            "{r}"
        );
    }

    #[test]
    fn a_failed_component_leaves_no_current_instance_either() {
        // A core module, then a component, then a component that fails to
        // instantiate: the bare invocation reaches neither older instance.
        let r = run(r#"
            (module (func (export "seven") (result i32) i32.const 1))
            (component
              (core module $m (func (export "f") (result i32) i32.const 7))
              (core instance $i (instantiate $m))
              (func (export "seven") (result u32) (canon lift (core func $i "f"))))
            (assert_return (invoke "seven") (u32.const 7))
            (component
              (core module $m (func $s unreachable) (start $s)
                (func (export "f") (result i32) i32.const 8))
              (core instance $i (instantiate $m))
              (func (export "seven") (result u32) (canon lift (core func $i "f"))))
            (assert_return (invoke "seven") (u32.const 8))
            (module definition $D (func (export "f") (result i32) i32.const 1))
            (module definition $D (func (export "f") (result i32)))
            (module instance $I $D)
        "#);
        assert_eq!(
            r.counts(),
            Counts {
                passed: 4,
                failed: 4,
                skipped: 0
            },
            "{r}"
        );
        let messages = failure_messages(&r);
        assert!(messages[0].contains("unreachable"), "{r}");
        assert!(messages[1].contains("the most recent module failed"), "{r}");
        assert!(messages[3].contains("found none"), "{r}");
    }

    #[test]
    fn another_runtimes_restriction_is_a_skip_only_where_hoist_lifts_it() {
        // hoist accepts the re-export: the directive is skipped, with why.
        let r = run(r#"(assert_invalid
              (component (import "f" (func $f)) (export "g" (func $f)))
              "component export `g` is a reexport of an imported function which is not implemented")"#);
        assert_eq!(r.counts().skipped, 1, "{r}");
        assert!(
            r.skipped[0].reason.contains("export a function it imports"),
            "{r}"
        );
        // Any other valid component under `assert_invalid` still fails.
        let r = run(r#"(assert_invalid
              (component (import "f" (func $f)) (export "g" (func $f)))
              "some other message")"#);
        assert_eq!(r.counts().failed, 1, "{r}");
    }
}
