//! `hoist run`, end to end: the `hoist` binary run as a process on the
//! committed WASI test programs (`tests/wasi/programs/*.wasm`, preview1
//! modules built from C, see `tests/wasi/build.sh`) and on components
//! written here in the component text format. The tests check what the
//! process prints and its exit status.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace's root: the programs' paths are given relative to it.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// `hoist ARGS...`, run in the workspace's root with a clean environment
/// plus `env`.
fn hoist(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hoist"));
    command.args(args).current_dir(root()).env_clear();
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("running hoist")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The exit code; panics (showing the output) when there is none.
fn code(out: &Output) -> i32 {
    out.status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {:?}\n{}", out.status, stderr(out)))
}

#[track_caller]
fn assert_success(out: &Output) -> String {
    assert_eq!(
        code(out),
        0,
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
    assert_eq!(stderr(out), "");
    stdout(out)
}

/// A fresh directory of this test's own under Cargo's temporary directory.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-run-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A component, in text, whose `wasi:cli/run` writes a line to stdout
/// through `wasi:cli/stdout` and `wasi:io/streams`.
const HELLO_WAT: &str = r#"(component $hello
  (import "wasi:io/error@0.2.0" (instance $io-error
    (export "error" (type (sub resource)))))
  (alias export $io-error "error" (type $error))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "output-stream" (type $os (sub resource)))
    (alias outer $hello $error (type $error-outer))
    (export "error" (type $err (eq $error-outer)))
    (type $stream-error (variant
      (case "last-operation-failed" (own $err))
      (case "closed")))
    (export "stream-error" (type $se (eq $stream-error)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8))
            (result (result (error $se)))))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (alias outer $hello $output-stream (type $os-outer))
    (export "output-stream" (type $os (eq $os-outer)))
    (export "get-stdout" (func (result (own $os))))))

  (core module $mem (memory (export "memory") 1))
  (core instance $mem (instantiate $mem))
  (alias core export $mem "memory" (core memory $memory))

  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core func $write (canon lower
    (func $streams "[method]output-stream.blocking-write-and-flush")
    (memory $memory)))

  (core module $main
    (import "host" "memory" (memory 1))
    (import "host" "get-stdout" (func $get-stdout (result i32)))
    (import "host" "write" (func $write (param i32 i32 i32 i32)))
    (data (i32.const 16) "hello from a component in text\n")
    (func (export "run") (result i32)
      (call $write (call $get-stdout) (i32.const 16) (i32.const 31) (i32.const 64))
      ;; 0: ok, 1: err, as wasi:cli/run's result
      (i32.load8_u (i32.const 64))))
  (core instance $main (instantiate $main
    (with "host" (instance
      (export "memory" (memory $memory))
      (export "get-stdout" (func $get-stdout))
      (export "write" (func $write))))))

  (func $run (result (result))
    (canon lift (core func $main "run")))
  (instance $run-instance (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-instance)))"#;

/// A component exporting `f: func(a: u32, b: string, c: list<u32>) ->
/// string`, which returns `b` repeated `a + sum(c)` times.
const F_WAT: &str = r#"(component
  (core module $m
    (memory (export "memory") 1)
    (global $bump (mut i32) (i32.const 1024))
    (func $realloc (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $ptr i32)
      (local.set $ptr (i32.and
        (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get 2))))
      (global.set $bump (i32.add (local.get $ptr) (local.get 3)))
      (if (i32.gt_u (global.get $bump) (i32.mul (memory.size) (i32.const 65536)))
        (then (drop (memory.grow (i32.add (i32.const 1) (i32.shr_u
          (i32.sub (global.get $bump) (i32.mul (memory.size) (i32.const 65536)))
          (i32.const 16)))))))
      (local.get $ptr))
    ;; f(a, b, c) = b repeated a + sum(c) times
    (func (export "f") (param $a i32) (param $b i32) (param $blen i32) (param $c i32) (param $clen i32)
      (result i32)
      (local $n i32) (local $i i32) (local $out i32) (local $len i32)
      (local.set $n (local.get $a))
      (block $done (loop $sum
        (br_if $done (i32.ge_u (local.get $i) (local.get $clen)))
        (local.set $n (i32.add (local.get $n)
          (i32.load (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sum)))
      (local.set $len (i32.mul (local.get $blen) (local.get $n)))
      (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $len)))
      (local.set $i (i32.const 0))
      (block $done (loop $copy
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (memory.copy (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $blen)))
          (local.get $b) (local.get $blen))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
      (i32.store (i32.const 8) (local.get $out))
      (i32.store (i32.const 12) (local.get $len))
      (i32.const 8)))
  (core instance $i (instantiate $m))
  (func (export "f") (param "a" u32) (param "b" string) (param "c" (list u32)) (result string)
    (canon lift (core func $i "f") (memory (core memory $i "memory"))
      (realloc (core func $i "realloc")))))"#;

// ---- arguments and exit codes -----------------------------------------------

#[test]
fn argv0_is_the_file_as_given() {
    let out = hoist(
        &["run", "tests/wasi/programs/args.wasm", "a", "b c", ""],
        &[],
    );
    assert_eq!(
        assert_success(&out),
        "argc=4\n\
         argv[0]=[tests/wasi/programs/args.wasm]\n\
         argv[1]=[a]\n\
         argv[2]=[b c]\n\
         argv[3]=[]\n\
         argv[argc]=NULL\n"
    );
    // Options after FILE are the guest's.
    let out = hoist(
        &["run", "./tests/wasi/programs/args.wasm", "--env", "X=1"],
        &[],
    );
    assert_eq!(
        assert_success(&out),
        "argc=3\n\
         argv[0]=[./tests/wasi/programs/args.wasm]\n\
         argv[1]=[--env]\n\
         argv[2]=[X=1]\n\
         argv[argc]=NULL\n"
    );
}

#[test]
fn exit_codes_are_the_process_status() {
    for (mode, status) in [
        ("exit0", 0),
        ("exit3", 3),
        ("exit42", 42),
        ("return7", 7),
        ("exit255", 255),
    ] {
        let out = hoist(&["run", "tests/wasi/programs/exit.wasm", mode], &[]);
        assert_eq!(code(&out), status, "mode {mode}: stderr {}", stderr(&out));
        assert_eq!(stdout(&out), format!("mode {mode}\n"));
        assert_eq!(stderr(&out), "", "mode {mode}");
    }
}

#[test]
fn a_trap_is_134_with_an_error() {
    for mode in ["abort", "unreachable"] {
        let out = hoist(&["run", "tests/wasi/programs/exit.wasm", mode], &[]);
        assert_eq!(code(&out), 134, "mode {mode}");
        assert_eq!(stdout(&out), format!("mode {mode}\n"));
        let err = stderr(&out);
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains("unreachable"), "{err}");
    }
}

#[test]
fn stdin_and_stdout_are_the_processes() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_hoist"))
        .args(["run", "tests/wasi/programs/stdio.wasm", "upper"])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"piped through\nhoist run\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "PIPED THROUGH\nHOIST RUN\n");
    assert_eq!(stderr(&out), "read 24 bytes, 2 lines\n");
}

// ---- environment and directories ------------------------------------------

#[test]
fn env_given_and_inherited() {
    let out = hoist(
        &[
            "run",
            "--env",
            "A=B",
            "--env=EMPTY=",
            "--env",
            "FROM_HOST",
            "--env",
            "NOT_IN_HOST",
            "tests/wasi/programs/env.wasm",
            "A",
            "FROM_HOST",
            "NOT_IN_HOST",
            "OTHER_HOST_VAR",
        ],
        &[
            ("FROM_HOST", "inherited value"),
            ("OTHER_HOST_VAR", "not passed"),
        ],
    );
    assert_eq!(
        assert_success(&out),
        "getenv(A)=[B]\n\
         getenv(FROM_HOST)=[inherited value]\n\
         getenv(NOT_IN_HOST)=NULL\n\
         getenv(OTHER_HOST_VAR)=NULL\n\
         environ[0]=[A=B]\n\
         environ[1]=[EMPTY=]\n\
         environ[2]=[FROM_HOST=inherited value]\n\
         count=3\n\
         after setenv: yes\n\
         after unsetenv(A): NULL\n"
    );
}

#[test]
fn dir_host_as_guest() {
    let dir = temp_dir("dir");
    std::fs::write(dir.join("in.txt"), "from the host").unwrap();
    let spec = format!("{}::/data", dir.display());
    let out = hoist(
        &[
            "run",
            "--dir",
            &spec,
            "tests/wasi/programs/fs.wasm",
            "cat",
            "/data/in.txt",
        ],
        &[],
    );
    assert_eq!(assert_success(&out), "/data/in.txt: [from the host]\n");
    let out = hoist(
        &[
            "run",
            &format!("--dir={spec}"),
            "tests/wasi/programs/fs.wasm",
            "write",
            "/data/out.txt",
            "from the guest",
        ],
        &[],
    );
    assert_eq!(assert_success(&out), "/data/out.txt: ok\n");
    assert_eq!(
        std::fs::read_to_string(dir.join("out.txt")).unwrap(),
        "from the guest"
    );
    // Without GUEST, the guest path is the host path.
    let host = dir.to_str().unwrap();
    let file = format!("{host}/in.txt");
    let out = hoist(
        &[
            "run",
            "--dir",
            host,
            "tests/wasi/programs/fs.wasm",
            "cat",
            &file,
        ],
        &[],
    );
    assert_eq!(assert_success(&out), format!("{file}: [from the host]\n"));
    // Without --dir, nothing.
    let out = hoist(
        &["run", "tests/wasi/programs/fs.wasm", "cat", "/data/in.txt"],
        &[],
    );
    assert_eq!(assert_success(&out), "/data/in.txt: ENOTCAPABLE\n");
}

#[test]
fn dir_that_does_not_exist() {
    let out = hoist(
        &[
            "run",
            "--dir",
            "/no/such/dir::/data",
            "tests/wasi/programs/args.wasm",
        ],
        &[],
    );
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("/no/such/dir"), "{}", stderr(&out));
}

// ---- components in text, --invoke -----------------------------------------

#[test]
fn a_wat_component() {
    let dir = temp_dir("wat");
    std::fs::write(dir.join("hello.wat"), HELLO_WAT).unwrap();
    let path = dir.join("hello.wat");
    let out = hoist(&["run", path.to_str().unwrap()], &[]);
    assert_eq!(assert_success(&out), "hello from a component in text\n");
}

#[test]
fn invoke_prints_wave() {
    let dir = temp_dir("invoke");
    let path = dir.join("f.wat");
    std::fs::write(&path, F_WAT).unwrap();
    let path = path.to_str().unwrap();
    for (call, result) in [
        (r#"f(1, "two", [3])"#, r#""twotwotwotwo""#),
        (r#"f(0, "x", [1, 2, 3])"#, r#""xxxxxx""#),
        (r#"f(2, "é\n\"q\"", [])"#, r#""é\n\"q\"é\n\"q\"""#),
        (r#"f(1, "", [])"#, r#""""#),
        (r#"f(0, "none", [])"#, r#""""#),
    ] {
        let out = hoist(&["run", "--invoke", call, path], &[]);
        assert_eq!(assert_success(&out), format!("{result}\n"), "{call}");
    }
}

#[test]
fn invoke_errors() {
    let dir = temp_dir("invoke-errors");
    let path = dir.join("f.wat");
    std::fs::write(&path, F_WAT).unwrap();
    let path = path.to_str().unwrap();
    for (call, message) in [
        (
            r#"f(1, "two")"#,
            "error: --invoke: `f(a: u32, b: string, c: list<u32>)` takes 3 arguments, found 2: \
             missing `c: list<u32>`\n",
        ),
        (
            "g()",
            "error: --invoke: the component exports no function `g` (its exports: f)\n",
        ),
        (
            r#"f(1, "two", [3"#,
            "error: --invoke: invalid WAVE: unexpected end of input (at column 15)\n",
        ),
    ] {
        let out = hoist(&["run", "--invoke", call, path], &[]);
        assert_eq!(stdout(&out), "", "{call}");
        assert_eq!(stderr(&out), message, "{call}");
        // A bad --invoke is the caller's error, not the guest's trap.
        assert_eq!(code(&out), 1, "{call}");
    }
    // Running a component that has no wasi:cli/run.
    let out = hoist(&["run", path], &[]);
    assert!(
        stderr(&out).contains("exports no `wasi:cli/run`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(code(&out), 1);
}

// ---- usage errors -----------------------------------------------------------

#[test]
fn unknown_option_is_a_usage_error() {
    let out = hoist(&["run", "--bogus", "tests/wasi/programs/args.wasm"], &[]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(
        err.starts_with("error: unknown option `--bogus`\nusage: hoist run "),
        "{err}"
    );
    let out = hoist(&["run"], &[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).starts_with("error: expected a FILE to run\nusage: hoist run "));
    let out = hoist(&["run", "--env"], &[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).starts_with("error: expected a value after `--env`\n"));
}

#[test]
fn missing_file() {
    let out = hoist(&["run", "no/such/file.wasm"], &[]);
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "error: cannot read `no/such/file.wasm`: No such file or directory (os error 2)\n"
    );
}

#[test]
fn not_wasm() {
    let dir = temp_dir("not-wasm");
    let path = dir.join("garbage.wasm");
    std::fs::write(&path, "this is not (wasm").unwrap();
    let out = hoist(&["run", path.to_str().unwrap()], &[]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("is neither wasm binary nor text"),
        "{}",
        stderr(&out)
    );
}
