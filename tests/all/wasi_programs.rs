//! Real C programs on hoist's WASI host, end to end: each program of
//! `tests/wasi/programs/` was built with clang and wasi-libc into a WASI
//! preview1 core module (`tests/wasi/build.sh`; the `.wasm` files are
//! committed), is adapted here into a component with the official preview1
//! adapter (`hoist::wasi::preview1::adapt`), and runs as a `wasi:cli`
//! command with its arguments, environment, stdin, captured stdout and
//! stderr, and a temporary directory preopened. The tests compare the
//! programs' output byte for byte, their exit codes (`I32Exit`), and what
//! they did to the host's directory.
//!
//! Sockets are not here: wasi-libc of 2022 (preview1) cannot create a
//! socket; see [`sockets`] and the `wasi_sockets` tests.

use std::collections::HashMap;
use std::path::Path;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hoist::component::{Component, Linker};
use hoist::wasi::filesystem::{DirPerms, FilePerms};
use hoist::wasi::pipe::{MemoryInputPipe, MemoryOutputPipe};
use hoist::wasi::preview1::{self, AdapterKind};
use hoist::wasi::{I32Exit, WasiCtxBuilder, WasiState};
use hoist::Store;

use crate::support::shared_engine as engine;
use crate::support::wasi::state;

/// The component of program `name`: its committed preview1 module,
/// adapted and compiled once per test process.
fn component(name: &str) -> Component {
    static CACHE: OnceLock<Mutex<HashMap<String, Component>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(c) = cache.lock().unwrap().get(name) {
        return c.clone();
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/wasi/programs")
        .join(format!("{name}.wasm"));
    let module = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run tests/wasi/build.sh)", path.display()));
    assert!(
        preview1::is_preview1_module(&module),
        "{name}.wasm is a preview1 module"
    );
    assert_eq!(preview1::kind_of(&module), AdapterKind::Command);
    let bytes = preview1::adapt(&module, AdapterKind::Command).expect("adapting");
    let component = Component::new(engine(), &bytes).expect("compiling the adapted component");
    cache
        .lock()
        .unwrap()
        .insert(name.to_string(), component.clone());
    component
}

/// How a run ended.
#[derive(Debug)]
enum Exit {
    /// `exit(n)`, or `wasi:cli/run` returning (0 for `ok`, 1 for `err`).
    Code(i32),
    /// A trap (or another error of the call that is not an exit).
    Trap(anyhow::Error),
}

/// What a run left behind.
#[derive(Debug)]
struct Outcome {
    exit: Exit,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Outcome {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// The exit code; panics (showing the output) on a trap.
    fn code(&self) -> i32 {
        match &self.exit {
            Exit::Code(c) => *c,
            Exit::Trap(e) => panic!(
                "the program trapped: {e:#}\nstdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            ),
        }
    }

    /// Asserts a clean exit with code 0 and returns stdout.
    fn success(&self) -> String {
        assert_eq!(
            self.code(),
            0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self.stdout()
    }

    /// The trap; panics if the program exited.
    fn trap(&self) -> &anyhow::Error {
        match &self.exit {
            Exit::Trap(e) => e,
            Exit::Code(c) => panic!(
                "expected a trap, the program exited with {c}\nstdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            ),
        }
    }
}

/// The builder of a run's context: `args` after `argv[0]` = `NAME.wasm`,
/// empty stdin, captured stdout (64 MiB) and stderr (1 MiB).
struct Setup {
    builder: WasiCtxBuilder,
    stdout: MemoryOutputPipe,
    stderr: MemoryOutputPipe,
}

fn setup(name: &str, args: &[&str]) -> Setup {
    let stdout = MemoryOutputPipe::new(64 << 20);
    let stderr = MemoryOutputPipe::new(1 << 20);
    let mut builder = WasiCtxBuilder::new();
    builder
        .arg(format!("{name}.wasm"))
        .args(args)
        .stdin(MemoryInputPipe::new(Vec::new()))
        .stdout(stdout.clone())
        .stderr(stderr.clone());
    Setup {
        builder,
        stdout,
        stderr,
    }
}

fn exit_of(result: anyhow::Result<Result<(), ()>>) -> Exit {
    match result {
        Ok(Ok(())) => Exit::Code(0),
        Ok(Err(())) => Exit::Code(1),
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(I32Exit(code)) => Exit::Code(*code),
            None => Exit::Trap(e),
        },
    }
}

/// Runs program `name` synchronously with the context of `setup`.
fn run_with(name: &str, mut setup: Setup) -> Outcome {
    let component = component(name);
    let mut linker = Linker::<WasiState>::new(engine());
    hoist::wasi::add_to_linker_sync(&mut linker).unwrap();
    let mut store = Store::new(engine(), state(&mut setup.builder));
    let (command, _instance) =
        hoist::wasi::sync::Command::instantiate(&mut store, &component, &linker)
            .expect("instantiating the command");
    let exit = exit_of(command.wasi_cli_run().call_run(&mut store));
    Outcome {
        exit,
        stdout: setup.stdout.contents(),
        stderr: setup.stderr.contents(),
    }
}

/// Runs program `name` with `args` and nothing else granted.
fn run(name: &str, args: &[&str]) -> Outcome {
    run_with(name, setup(name, args))
}

/// A temporary directory holding `sandbox/` (preopened as `/sandbox`)
/// and `outside.txt` next to it, out of the guest's reach.
struct Sandbox {
    root: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("sandbox")).unwrap();
        std::fs::write(root.path().join("outside.txt"), "outside\n").unwrap();
        Sandbox { root }
    }

    fn dir(&self) -> PathBuf {
        self.root.path().join("sandbox")
    }

    fn outside(&self) -> PathBuf {
        self.root.path().join("outside.txt")
    }

    /// `setup` with this sandbox preopened as `/sandbox`, with every
    /// permission.
    fn setup(&self, name: &str, args: &[&str]) -> Setup {
        let mut s = setup(name, args);
        s.builder
            .preopened_dir(self.dir(), "/sandbox", DirPerms::all(), FilePerms::all())
            .unwrap();
        s
    }

    /// The sorted names of a directory of the host's (`.` is the sandbox).
    fn names(&self, dir: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir().join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.dir().join(path))
            .unwrap_or_else(|e| panic!("reading {path} on the host: {e}"))
    }
}

/// Compares line by line, so that a failure shows the first difference.
#[track_caller]
fn assert_lines(actual: &str, expected: &str) {
    for (i, (a, e)) in actual.lines().zip(expected.lines()).enumerate() {
        assert_eq!(a, e, "line {} differs; the whole output:\n{actual}", i + 1);
    }
    assert_eq!(actual, expected, "the whole output differs");
}

// ---- args ---------------------------------------------------------------

#[test]
fn args() {
    let out = run("args", &["one", "two words", "", "ünïcödé ✓", "--flag=x"]).success();
    assert_eq!(
        out,
        "argc=6\n\
         argv[0]=[args.wasm]\n\
         argv[1]=[one]\n\
         argv[2]=[two words]\n\
         argv[3]=[]\n\
         argv[4]=[ünïcödé ✓]\n\
         argv[5]=[--flag=x]\n\
         argv[argc]=NULL\n"
    );
}

#[test]
fn args_none_at_all() {
    // Not even argv[0]: the embedder gave no arguments.
    let mut s = setup("args", &[]);
    s.builder = WasiCtxBuilder::new();
    s.builder.stdout(s.stdout.clone());
    assert_eq!(run_with("args", s).success(), "argc=0\nargv[argc]=NULL\n");
}

#[test]
fn args_many_and_long() {
    let long = "x".repeat(8000);
    let many: Vec<String> = (0..500).map(|i| format!("arg{i}")).collect();
    let mut args: Vec<&str> = many.iter().map(String::as_str).collect();
    args.push(&long);
    let out = run("args", &args).success();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 504);
    assert_eq!(lines[0], "argc=502");
    assert_eq!(lines[1], "argv[0]=[args.wasm]");
    assert_eq!(lines[500], "argv[499]=[arg498]");
    assert_eq!(lines[502], format!("argv[501]=[{long}]"));
    assert_eq!(lines[503], "argv[argc]=NULL");
}

#[test]
fn args_beyond_the_adapters_arena_trap() {
    // The preview1 adapter keeps arguments and environment in an arena of
    // about 64 KiB; beyond it the guest traps (the host stays up).
    let long = "x".repeat(100_000);
    let outcome = run("args", &[&long]);
    outcome.trap();
    assert_eq!(outcome.stdout(), "");
}

// ---- env ----------------------------------------------------------------

#[test]
fn env() {
    let mut s = setup(
        "env",
        &[
            "HOIST_GREETING",
            "EMPTY",
            "WITH_EQUALS",
            "UNICODE",
            "MISSING",
            "PATH",
        ],
    );
    s.builder
        .env("HOIST_GREETING", "hello world")
        .env("EMPTY", "")
        .env("WITH_EQUALS", "a=b=c")
        .env("UNICODE", "héllo ✓");
    assert_eq!(
        run_with("env", s).success(),
        "getenv(HOIST_GREETING)=[hello world]\n\
         getenv(EMPTY)=[]\n\
         getenv(WITH_EQUALS)=[a=b=c]\n\
         getenv(UNICODE)=[héllo ✓]\n\
         getenv(MISSING)=NULL\n\
         getenv(PATH)=NULL\n\
         environ[0]=[HOIST_GREETING=hello world]\n\
         environ[1]=[EMPTY=]\n\
         environ[2]=[WITH_EQUALS=a=b=c]\n\
         environ[3]=[UNICODE=héllo ✓]\n\
         count=4\n\
         after setenv: yes\n\
         after unsetenv(HOIST_GREETING): NULL\n"
    );
}

#[test]
fn env_nothing_inherited() {
    // The host process has variables (PATH, CARGO_*); the guest sees none.
    assert!(std::env::vars().count() > 0);
    assert_eq!(
        run("env", &["CARGO_PKG_NAME"]).success(),
        "getenv(CARGO_PKG_NAME)=NULL\ncount=0\nafter setenv: yes\n"
    );
}

#[test]
fn env_set_twice_keeps_the_last() {
    let mut s = setup("env", &["A"]);
    s.builder.env("A", "first").env("B", "b").env("A", "second");
    assert_eq!(
        run_with("env", s).success(),
        "getenv(A)=[second]\n\
         environ[0]=[B=b]\n\
         environ[1]=[A=second]\n\
         count=2\n\
         after setenv: yes\n\
         after unsetenv(B): NULL\n"
    );
}

// ---- exit codes -----------------------------------------------------------

#[test]
fn exit_codes() {
    for (mode, code, stdout) in [
        ("exit0", 0, "mode exit0\n"),
        ("exit3", 3, "mode exit3\n"),
        ("exit42", 42, "mode exit42\n"),
        ("exit255", 255, "mode exit255\n"),
        // The status is 8 bits wide, as on POSIX.
        ("exit256", 0, "mode exit256\n"),
        ("return0", 0, "mode return0\n"),
        ("return7", 7, "mode return7\n"),
        // stdio's buffers are flushed at exit, atexit handlers run.
        ("buffered", 5, "mode buffered\nbuffered, no newline"),
        ("atexit", 6, "mode atexit\natexit handler ran\n"),
    ] {
        let outcome = run("exit", &[mode]);
        assert_eq!(outcome.code(), code, "exit code of mode {mode}");
        assert_eq!(outcome.stdout(), stdout, "stdout of mode {mode}");
        assert_eq!(outcome.stderr(), "", "stderr of mode {mode}");
    }
    let outcome = run("exit", &["bogus"]);
    assert_eq!(outcome.code(), 100);
    assert_eq!(outcome.stderr(), "unknown mode `bogus`\n");
}

#[test]
fn abort_and_unreachable_trap() {
    for mode in ["abort", "unreachable"] {
        let outcome = run("exit", &[mode]);
        let trap = outcome.trap();
        assert!(trap.downcast_ref::<I32Exit>().is_none());
        assert_eq!(
            trap.downcast_ref::<hoist::Trap>(),
            Some(&hoist::Trap::Unreachable),
            "{mode}: {trap:#}"
        );
        assert_eq!(outcome.stdout(), format!("mode {mode}\n"));
    }
}

// ---- stdio ----------------------------------------------------------------

#[test]
fn stdin_to_stdout_transformed() {
    let mut s = setup("stdio", &["upper"]);
    s.builder.stdin(MemoryInputPipe::new(
        "Hello, World!\nsecond line\nno newline at the end",
    ));
    let outcome = run_with("stdio", s);
    assert_eq!(
        outcome.success(),
        "HELLO, WORLD!\nSECOND LINE\nNO NEWLINE AT THE END"
    );
    assert_eq!(outcome.stderr(), "read 47 bytes, 2 lines\n");
}

#[test]
fn stdin_empty() {
    let outcome = run("stdio", &["upper"]);
    assert_eq!(outcome.success(), "");
    assert_eq!(outcome.stderr(), "read 0 bytes, 0 lines\n");
}

#[test]
fn stdin_large() {
    // 3 MiB and a bit, in lines of 64 bytes.
    let line = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz.\n";
    let input = line.repeat(3 * 16384 + 7);
    let mut s = setup("stdio", &["upper"]);
    s.builder.stdin(MemoryInputPipe::new(input.clone()));
    let outcome = run_with("stdio", s);
    assert!(outcome.success() == input.to_uppercase());
    assert_eq!(
        outcome.stderr(),
        format!("read {} bytes, {} lines\n", input.len(), 3 * 16384 + 7)
    );
}

#[test]
fn stdout_large_write() {
    // 6 MiB in one fwrite: more than one `check-write` allows at once.
    let outcome = run("stdio", &["big", "6"]);
    assert_eq!(outcome.code(), 0, "stderr: {}", outcome.stderr());
    assert_eq!(outcome.stderr(), "wrote 6291456 of 6291456 bytes\n");
    assert_eq!(outcome.stdout.len(), 6 << 20);
    let pattern_ok = outcome
        .stdout
        .iter()
        .enumerate()
        .all(|(i, &b)| b == b'a' + (i % 26) as u8);
    assert!(pattern_ok, "the bytes arrived out of order or changed");
}

#[test]
fn stdout_full_pipe_fails_the_write() {
    // The pipe holds 1 MiB of the 3 written: the guest's write fails once
    // it is full, and the guest sees the failure.
    let mut s = setup("stdio", &["big", "3"]);
    let small = MemoryOutputPipe::new(1 << 20);
    s.builder.stdout(small.clone());
    s.stdout = small;
    let outcome = run_with("stdio", s);
    assert_eq!(outcome.code(), 1, "stderr: {}", outcome.stderr());
    // musl's fwrite counts nothing of a write(2) that failed part way.
    assert_eq!(outcome.stderr(), "wrote 0 of 3145728 bytes\n");
    assert_eq!(outcome.stdout.len(), 1 << 20);
    assert!(outcome
        .stdout
        .iter()
        .enumerate()
        .all(|(i, &b)| b == b'a' + (i % 26) as u8));
}

#[test]
fn output_before_a_trap_is_kept() {
    let outcome = run("stdio", &["trap"]);
    let trap = outcome.trap();
    assert_eq!(
        trap.downcast_ref::<hoist::Trap>(),
        Some(&hoist::Trap::Unreachable)
    );
    // What the guest wrote is there; what it only buffered is lost.
    assert_eq!(outcome.stdout(), "stdout before the trap\n");
    assert_eq!(outcome.stderr(), "stderr before the trap\n");
}

#[test]
fn stdio_is_not_a_terminal() {
    assert_eq!(run("stdio", &["isatty"]).success(), "isatty: 0 0 0\n");
}

// ---- filesystem ---------------------------------------------------------

const FS_ALL: &str = include_str!("../wasi/programs/fs-all.expected");

#[test]
fn filesystem_every_operation() {
    let sandbox = Sandbox::new();
    let outcome = run_with("fs", sandbox.setup("fs", &["all"]));
    assert_eq!(outcome.stderr(), "");
    assert_lines(&outcome.success(), FS_ALL);

    // What the program left on the host.
    assert_eq!(
        sandbox.names("."),
        ["a.txt", "b.txt", "d", "dangling", "hard", "many", "new.txt", "r2", "renamed", "tree"]
    );
    assert_eq!(sandbox.read("a.txt"), "hello");
    assert_eq!(sandbox.read("hard"), "hello");
    assert_eq!(sandbox.read("b.txt"), "XY23");
    assert_eq!(sandbox.read("d/moved.txt"), "short");
    assert_eq!(sandbox.names("d"), ["moved.txt"]);
    assert_eq!(sandbox.read("r2"), "first");
    assert_eq!(sandbox.names("renamed"), ["f"]);
    assert_eq!(sandbox.read("new.txt"), "made relative");
    assert_eq!(sandbox.names("tree"), ["a.txt", "b", "up", "z.txt"]);
    assert_eq!(sandbox.read("tree/b/c/deep.txt"), "deep!");
    assert_eq!(sandbox.names("many").len(), 100);
    assert_eq!(
        std::fs::read_link(sandbox.dir().join("dangling")).unwrap(),
        Path::new("nowhere")
    );
    assert_eq!(
        std::fs::read_link(sandbox.dir().join("tree/up")).unwrap(),
        Path::new("../a.txt")
    );
    let a = std::fs::metadata(sandbox.dir().join("a.txt")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let hard = std::fs::metadata(sandbox.dir().join("hard")).unwrap();
        assert_eq!((a.nlink(), a.ino()), (2, hard.ino()));
    }
    assert_eq!(
        a.modified().unwrap(),
        UNIX_EPOCH + Duration::new(1_234_567_890, 123_456_789)
    );
    // (Not the access time: the guest read the file after setting it, and
    // the host's `relatime` moved it.)
    let r2 = std::fs::metadata(sandbox.dir().join("r2")).unwrap();
    assert_eq!(
        r2.modified().unwrap(),
        UNIX_EPOCH + Duration::from_secs(1_500_000_000)
    );
    // Nothing happened outside the sandbox.
    let mut outside: Vec<String> = std::fs::read_dir(sandbox.root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    outside.sort();
    assert_eq!(outside, ["outside.txt", "sandbox"]);
}

#[test]
fn filesystem_read_only_preopen() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("existing.txt"), "read only\n").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let before = std::fs::metadata(dir.path().join("existing.txt")).unwrap();
    let mut s = setup("fs", &["ro"]);
    s.builder
        .preopened_dir(dir.path(), "/ro", DirPerms::READ, FilePerms::READ)
        .unwrap();
    let outcome = run_with("fs", s);
    assert_lines(
        &outcome.success(),
        include_str!("../wasi/programs/fs-ro.expected"),
    );
    // The host's directory is as it was.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["existing.txt", "sub"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("existing.txt")).unwrap(),
        "read only\n"
    );
    let after = std::fs::metadata(dir.path().join("existing.txt")).unwrap();
    assert_eq!(after.modified().unwrap(), before.modified().unwrap());
}

#[test]
fn filesystem_escapes_fail() {
    let sandbox = Sandbox::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink("../outside.txt", sandbox.dir().join("esc")).unwrap();
        symlink(sandbox.outside(), sandbox.dir().join("abs-host")).unwrap();
        symlink("..", sandbox.dir().join("up")).unwrap();
    }
    let outcome = run_with("fs", sandbox.setup("fs", &["escape"]));
    assert_lines(
        &outcome.success(),
        include_str!("../wasi/programs/fs-escape.expected"),
    );
    // outside.txt is untouched, nothing was made or moved next to it.
    assert_eq!(
        std::fs::read_to_string(sandbox.outside()).unwrap(),
        "outside\n"
    );
    let mut names: Vec<String> = std::fs::read_dir(sandbox.root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["outside.txt", "sandbox"]);
    assert_eq!(
        sandbox.names("."),
        ["abs-host", "esc", "inside.txt", "sub", "up"]
    );
}

#[test]
fn filesystem_no_preopen() {
    let outcome = run("fs", &["cat", "/sandbox/x"]);
    assert_eq!(outcome.success(), "/sandbox/x: ENOTCAPABLE\n");
}

#[test]
fn filesystem_preopen_as_dot() {
    // `--dir .` style: relative paths name the preopen's files.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.txt"), "from the host").unwrap();
    let mut s = setup("fs", &["write", "out.txt", "from the guest"]);
    s.builder
        .preopened_dir(dir.path(), ".", DirPerms::all(), FilePerms::all())
        .unwrap();
    assert_eq!(run_with("fs", s).success(), "out.txt: ok\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.txt")).unwrap(),
        "from the guest"
    );
    let mut s = setup("fs", &["cat", "in.txt"]);
    s.builder
        .preopened_dir(dir.path(), ".", DirPerms::all(), FilePerms::all())
        .unwrap();
    assert_eq!(run_with("fs", s).success(), "in.txt: [from the host]\n");
}

#[test]
fn filesystem_two_preopens() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::write(a.path().join("f"), "in a").unwrap();
    std::fs::write(b.path().join("f"), "in b").unwrap();
    for (path, expected) in [("/a/f", "/a/f: [in a]\n"), ("/b/f", "/b/f: [in b]\n")] {
        let mut s = setup("fs", &["cat", path]);
        s.builder
            .preopened_dir(a.path(), "/a", DirPerms::READ, FilePerms::READ)
            .unwrap()
            .preopened_dir(b.path(), "/b", DirPerms::READ, FilePerms::READ)
            .unwrap();
        assert_eq!(run_with("fs", s).success(), expected);
    }
}

// ---- clocks, random, poll -------------------------------------------------

#[test]
fn clocks() {
    let outcome = run("clocks", &[]);
    let out = outcome.success();
    let lines: Vec<&str> = out.lines().collect();
    // The guest's wall clock is the host's (give or take a few minutes of
    // a slow machine).
    let realtime: u64 = lines[0]
        .strip_prefix("realtime: ")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    let host = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(
        realtime.abs_diff(host) < 300,
        "guest {realtime}, host {host}"
    );
    let elapsed_line = lines
        .iter()
        .position(|l| l.starts_with("nanosleep elapsed ms: "))
        .unwrap_or_else(|| panic!("{out}"));
    let elapsed: u64 = lines[elapsed_line]["nanosleep elapsed ms: ".len()..]
        .parse()
        .unwrap_or_else(|_| panic!("{out}"));
    assert!(
        (10..30_000).contains(&elapsed),
        "10 ms of sleep took {elapsed} ms"
    );
    let mut rest = lines.clone();
    rest.remove(elapsed_line);
    rest.remove(0);
    assert_eq!(
        rest.join("\n"),
        "realtime nsec in range: yes\n\
         time() agrees: yes\n\
         gettimeofday agrees: yes\n\
         getres REALTIME: ok\n\
         getres MONOTONIC: ok\n\
         monotonic went back: 0 times\n\
         nanosleep: ok\n\
         nanosleep slept at least 10ms: yes\n\
         nanosleep 0: ok\n\
         nanosleep invalid: EINVAL\n\
         clock_nanosleep REALTIME abstime: ok"
    );
}

#[test]
fn random() {
    assert_eq!(
        run("random", &[]).success(),
        "getentropy 256: ok\n\
         getentropy 256 again: ok\n\
         getentropy non-zero: yes\n\
         getentropy calls differ: yes\n\
         getentropy 257: EIO\n\
         arc4random_buf non-zero: yes\n\
         arc4random_buf calls differ: yes\n\
         arc4random differ: yes\n\
         arc4random_uniform(10) < 10: yes\n"
    );
}

#[test]
fn random_source_is_the_embedders() {
    let hex = |seed: Option<u64>| {
        let mut s = setup("random", &["hex"]);
        if let Some(seed) = seed {
            s.builder
                .secure_random(hoist::wasi::random::Deterministic::new(seed));
        }
        run_with("random", s).success()
    };
    let (a, b, c) = (hex(Some(7)), hex(Some(7)), hex(Some(8)));
    assert_eq!(a.len(), 65, "{a}");
    assert_eq!(a, b, "the same seed gives the same bytes");
    assert_ne!(a, c);
    assert_ne!(hex(None), hex(None), "the OS source differs between runs");
}

#[test]
fn poll_and_sleep() {
    let mut s = setup("poll", &[]);
    s.builder.stdin(MemoryInputPipe::new("ping"));
    assert_eq!(
        run_with("poll", s).success(),
        "poll(none, 20ms): 0\n\
         poll slept at least 20ms: yes\n\
         usleep(15000): 0\n\
         usleep slept at least 15ms: yes\n\
         sleep(0): 0\n\
         poll(stdin IN, stdout OUT): 2\n\
         stdin: IN\n\
         stdout: OUT\n\
         read stdin: 4 [ping]\n\
         read stdin at end: 0\n\
         poll(stdin at end): 1 IN\n\
         poll(bad fd): -1 EBADF\n"
    );
}

// ---- sockets --------------------------------------------------------------

/// What a preview1 C program can do with sockets: nothing but `shutdown`
/// (and `recv`/`send`/`accept`, on which the official adapter traps) on a
/// descriptor it was given. Sockets are tested at the host level.
#[test]
fn sockets_not_creatable_from_preview1_c() {
    assert_eq!(
        run("sockets", &[]).success(),
        "shutdown(stdout): ENOTSOCK\nshutdown(bad fd): EBADF\n"
    );
}

#[test]
#[ignore = "wasi-libc of 2022 (preview1) has no socket(), bind() or connect(): a C program \
            cannot make a socket; sockets are covered by the host-level tests in \
            wasi_sockets"]
fn sockets_from_c() {}

// ---- async embedding ------------------------------------------------------

/// The same programs through `add_to_linker_async` and the async
/// `Command`, on a multi-threaded Tokio runtime: a guest that sleeps or
/// reads suspends its future instead of blocking the thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_embedding() {
    async fn run_async(name: &str, mut setup: Setup) -> Outcome {
        let component = component(name);
        let mut linker = Linker::<WasiState>::new(engine());
        hoist::wasi::add_to_linker_async(&mut linker).unwrap();
        let mut store = Store::new(engine(), state(&mut setup.builder));
        let (command, _instance) =
            hoist::wasi::Command::instantiate_async(&mut store, &component, &linker)
                .await
                .expect("instantiating the command");
        let exit = exit_of(command.wasi_cli_run().call_run(&mut store).await);
        Outcome {
            exit,
            stdout: setup.stdout.contents(),
            stderr: setup.stderr.contents(),
        }
    }

    let mut s = setup("stdio", &["upper"]);
    s.builder.stdin(MemoryInputPipe::new("async\n"));
    let outcome = run_async("stdio", s).await;
    assert_eq!(outcome.success(), "ASYNC\n");
    assert_eq!(outcome.stderr(), "read 6 bytes, 1 lines\n");

    let mut s = setup("poll", &[]);
    s.builder.stdin(MemoryInputPipe::new("ping"));
    let outcome = run_async("poll", s).await;
    assert!(
        outcome
            .success()
            .starts_with("poll(none, 20ms): 0\npoll slept at least 20ms: yes\n"),
        "{}",
        outcome.stdout()
    );

    let outcome = run_async("exit", setup("exit", &["exit42"])).await;
    assert_eq!(outcome.code(), 42);
    let outcome = run_async("stdio", setup("stdio", &["trap"])).await;
    assert_eq!(
        outcome.trap().downcast_ref::<hoist::Trap>(),
        Some(&hoist::Trap::Unreachable)
    );
    assert_eq!(outcome.stdout(), "stdout before the trap\n");

    // Two guests at once on one task, each sleeping.
    let start = std::time::Instant::now();
    let (a, b) = tokio::join!(
        run_async("clocks", setup("clocks", &[])),
        run_async("clocks", setup("clocks", &[]))
    );
    assert_eq!(a.code(), 0);
    assert_eq!(b.code(), 0);
    assert!(start.elapsed() < Duration::from_secs(60));
}
