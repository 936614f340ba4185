//! [`WasiCtx`], what one guest may use through WASI, and
//! [`WasiCtxBuilder`], which makes it.
//!
//! The builder's filesystem and network methods (`preopened_dir`,
//! `inherit_network`, ...) are with the code they configure, in
//! `filesystem` and `sockets`.

use crate::cli::{Stderr, Stdin, StdinStream, Stdout, StdoutStream};
use crate::clocks::{HostMonotonicClock, HostWallClock, SystemMonotonicClock, SystemWallClock};
use crate::io::pipe::{ClosedInputStream, SinkOutputStream};
use crate::random::{Deterministic, OsRandom, RandomSource};

/// What one guest may use through WASI: arguments, environment, stdio,
/// preopened directories, network access, clocks and random sources.
/// Made with [`WasiCtx::builder`]; by default a guest gets nothing of the
/// host's (no arguments, no environment, closed stdin, discarded output,
/// no directories, no network) and the real clocks and random sources.
pub struct WasiCtx {
    pub(crate) args: Vec<String>,
    pub(crate) env: Vec<(String, String)>,
    pub(crate) initial_cwd: Option<String>,
    pub(crate) stdin: Box<dyn StdinStream>,
    pub(crate) stdout: Box<dyn StdoutStream>,
    pub(crate) stderr: Box<dyn StdoutStream>,
    pub(crate) wall_clock: Box<dyn HostWallClock>,
    pub(crate) monotonic_clock: Box<dyn HostMonotonicClock>,
    pub(crate) random: Box<dyn RandomSource>,
    pub(crate) insecure_random: Box<dyn RandomSource>,
    pub(crate) insecure_seed: (u64, u64),
    pub(crate) fs: crate::filesystem::FsCtx,
    pub(crate) net: crate::sockets::NetCtx,
}

impl WasiCtx {
    /// A builder of a context, starting from nothing granted.
    pub fn builder() -> WasiCtxBuilder {
        WasiCtxBuilder::new()
    }
}

impl std::fmt::Debug for WasiCtx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WasiCtx")
            .field("args", &self.args)
            .field("env", &self.env)
            .field("initial_cwd", &self.initial_cwd)
            .finish_non_exhaustive()
    }
}

/// Builds a [`WasiCtx`]; each method grants or sets one thing.
///
/// ```
/// use hoist::wasi::{pipe::MemoryOutputPipe, WasiCtxBuilder};
/// let stdout = MemoryOutputPipe::new(1 << 20);
/// let ctx = WasiCtxBuilder::new()
///     .args(["app.wasm", "--verbose"])
///     .env("LANG", "C")
///     .stdout(stdout.clone())
///     .inherit_stderr()
///     .build();
/// # drop(ctx);
/// ```
pub struct WasiCtxBuilder {
    pub(crate) ctx: WasiCtx,
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        WasiCtxBuilder::new()
    }
}

impl WasiCtxBuilder {
    /// A builder granting nothing (see [`WasiCtx`]).
    pub fn new() -> WasiCtxBuilder {
        let mut seed = [0; 16];
        OsRandom.fill_bytes(&mut seed);
        let (a, b) = seed.split_at(8);
        let insecure_seed = (
            u64::from_le_bytes(a.try_into().unwrap_or_default()),
            u64::from_le_bytes(b.try_into().unwrap_or_default()),
        );
        WasiCtxBuilder {
            ctx: WasiCtx {
                args: Vec::new(),
                env: Vec::new(),
                initial_cwd: None,
                stdin: Box::new(ClosedInputStream),
                stdout: Box::new(SinkOutputStream),
                stderr: Box::new(SinkOutputStream),
                wall_clock: Box::new(SystemWallClock),
                monotonic_clock: Box::new(SystemMonotonicClock::default()),
                random: Box::new(OsRandom),
                insecure_random: Box::new(Deterministic::new(insecure_seed.0 ^ insecure_seed.1)),
                insecure_seed,
                fs: Default::default(),
                net: Default::default(),
            },
        }
    }

    /// Appends one argument (the first is the program's name, `argv[0]`).
    pub fn arg(&mut self, arg: impl AsRef<str>) -> &mut Self {
        self.ctx.args.push(arg.as_ref().to_owned());
        self
    }

    /// Appends arguments.
    pub fn args(&mut self, args: impl IntoIterator<Item = impl AsRef<str>>) -> &mut Self {
        for arg in args {
            self.arg(arg);
        }
        self
    }

    /// Appends the host process's arguments.
    pub fn inherit_args(&mut self) -> &mut Self {
        self.args(std::env::args())
    }

    /// Sets one environment variable.
    pub fn env(&mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> &mut Self {
        let (name, value) = (name.as_ref(), value.as_ref());
        self.ctx.env.retain(|(n, _)| n != name);
        self.ctx.env.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets environment variables.
    pub fn envs(
        &mut self,
        vars: impl IntoIterator<Item = (impl AsRef<str>, impl AsRef<str>)>,
    ) -> &mut Self {
        for (name, value) in vars {
            self.env(name, value);
        }
        self
    }

    /// Sets every environment variable of the host process (those whose
    /// name and value are Unicode).
    pub fn inherit_env(&mut self) -> &mut Self {
        self.envs(std::env::vars())
    }

    /// The working directory the guest is told it starts in.
    pub fn initial_cwd(&mut self, dir: impl AsRef<str>) -> &mut Self {
        self.ctx.initial_cwd = Some(dir.as_ref().to_owned());
        self
    }

    /// The guest's stdin.
    pub fn stdin(&mut self, stdin: impl StdinStream + 'static) -> &mut Self {
        self.ctx.stdin = Box::new(stdin);
        self
    }

    /// The guest's stdout.
    pub fn stdout(&mut self, stdout: impl StdoutStream + 'static) -> &mut Self {
        self.ctx.stdout = Box::new(stdout);
        self
    }

    /// The guest's stderr.
    pub fn stderr(&mut self, stderr: impl StdoutStream + 'static) -> &mut Self {
        self.ctx.stderr = Box::new(stderr);
        self
    }

    /// The guest's stdin is the host process's.
    pub fn inherit_stdin(&mut self) -> &mut Self {
        self.stdin(Stdin)
    }

    /// The guest's stdout is the host process's.
    pub fn inherit_stdout(&mut self) -> &mut Self {
        self.stdout(Stdout)
    }

    /// The guest's stderr is the host process's.
    pub fn inherit_stderr(&mut self) -> &mut Self {
        self.stderr(Stderr)
    }

    /// The guest's stdin, stdout and stderr are the host process's.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self.inherit_stdin().inherit_stdout().inherit_stderr()
    }

    /// Replaces the wall clock.
    pub fn wall_clock(&mut self, clock: impl HostWallClock + 'static) -> &mut Self {
        self.ctx.wall_clock = Box::new(clock);
        self
    }

    /// Replaces the monotonic clock.
    pub fn monotonic_clock(&mut self, clock: impl HostMonotonicClock + 'static) -> &mut Self {
        self.ctx.monotonic_clock = Box::new(clock);
        self
    }

    /// Replaces the source of `wasi:random/random`.
    pub fn secure_random(&mut self, random: impl RandomSource + 'static) -> &mut Self {
        self.ctx.random = Box::new(random);
        self
    }

    /// Replaces the source of `wasi:random/insecure`.
    pub fn insecure_random(&mut self, random: impl RandomSource + 'static) -> &mut Self {
        self.ctx.insecure_random = Box::new(random);
        self
    }

    /// Sets what `wasi:random/insecure-seed` returns.
    pub fn insecure_random_seed(&mut self, seed: (u64, u64)) -> &mut Self {
        self.ctx.insecure_seed = seed;
        self
    }

    /// The context, leaving this builder with a fresh one.
    pub fn build(&mut self) -> WasiCtx {
        std::mem::take(self).ctx
    }
}
