//! `hoist run`: runs a WASI command component, a WASI preview1 core
//! module (adapted into a component, so the one WASI host serves both),
//! or one exported function of a component (`--invoke`, WAVE syntax).
//!
//! Parsing the command line is [`RunOptions::parse`]; running is
//! [`run`], which returns the process exit code the way `wasmtime run`
//! does: the guest's `exit(n)` code, 1 when `wasi:cli/run` returns an
//! error, 134 (128 + SIGABRT) for a trap. The WASI host itself is
//! `hoist::wasi`; `.wast` scripts are `wast`'s.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use hoist::component::wave::FuncCall;
use hoist::component::{Component, Func, Linker, Val};
use hoist::wasi::http::WasiHttpState;
use hoist::wasi::{preview1, I32Exit, WasiCtxBuilder};
use hoist::{Engine, Store};

/// The usage line of `hoist run`.
pub const USAGE: &str = "usage: hoist run [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]... \
[--invoke 'NAME(ARGS...)'] [-S OPTION[=VALUE]]... FILE [ARGS...]

  --dir HOST[::GUEST]  give the guest the host directory HOST, as GUEST (default: HOST)
  --env NAME[=VALUE]   set an environment variable (no VALUE: the host's own)
  --invoke EXPR        call an exported function, e.g. 'add(1, 2)' or 'greet(\"you\")',
                       and print its results in WAVE
  -S inherit-network   let the guest use the host's network (also -S tcp, -S udp,
                       -S allow-ip-name-lookup; each takes =y or =n)
  -S http              give the guest wasi:http (types, outgoing-handler): it may send
                       HTTP requests to any http:// address
FILE is a component or a core module, binary or text (.wat); the arguments after it
reach the guest, after FILE itself as argv[0].";

/// The exit code for a trap: 128 + SIGABRT, as `wasmtime run` uses.
pub const TRAP_EXIT_CODE: i32 = 134;

/// What `hoist run` was asked to do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Preopened directories: host path and guest path.
    pub dirs: Vec<(PathBuf, String)>,
    /// Environment variables.
    pub env: Vec<(String, String)>,
    /// A call to make instead of `wasi:cli/run`.
    pub invoke: Option<String>,
    /// Network access (`-S inherit-network`).
    pub inherit_network: bool,
    /// `wasi:http` (`-S http`): `types` and `outgoing-handler`.
    pub http: bool,
    /// The file to run.
    pub file: PathBuf,
    /// The guest's arguments after `argv[0]`.
    pub args: Vec<String>,
}

impl RunOptions {
    /// Parses the arguments after `run`.
    pub fn parse(args: &[String]) -> Result<RunOptions> {
        let mut opts = RunOptions::default();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let (flag, inline) = split_flag(arg);
            match flag {
                "--dir" | "--env" => {
                    grant_option(flag, inline, &mut it, &mut opts.dirs, &mut opts.env)?
                }
                "--invoke" => opts.invoke = Some(option_value(inline, &mut it, flag)?),
                "-S" => {
                    let v = option_value(None, &mut it, "-S")?;
                    opts.wasi_option(&v)?;
                }
                s if s.starts_with("-S") && s.len() > 2 => opts.wasi_option(&arg[2..])?,
                s if s.starts_with('-') && s.len() > 1 => {
                    bail!("unknown option `{arg}`")
                }
                _ => {
                    opts.file = PathBuf::from(arg);
                    opts.args = it.cloned().collect();
                    return Ok(opts);
                }
            }
        }
        bail!("expected a FILE to run")
    }

    /// One `-S` option: a comma-separated list of `name[=y|n]`.
    fn wasi_option(&mut self, list: &str) -> Result<()> {
        for item in list.split(',') {
            let (name, on) = match item.split_once('=') {
                Some((n, "y" | "yes" | "true")) => (n, true),
                Some((n, "n" | "no" | "false")) => (n, false),
                Some((n, v)) => bail!("-S {n}: expected y or n, found `{v}`"),
                None => (item, true),
            };
            match name {
                "inherit-network" | "tcp" | "udp" | "allow-ip-name-lookup" | "network" => {
                    self.inherit_network |= on
                }
                "http" => self.http = on,
                // The host provides all of WASI 0.2 anyway.
                "cli" | "common" | "preview2" => {}
                other => bail!(
                    "-S: unknown WASI option `{other}` (known: inherit-network, tcp, udp, \
                     allow-ip-name-lookup, http, cli)"
                ),
            }
        }
        Ok(())
    }
}

/// `--flag=value` split into the flag and its inline value; any other
/// argument whole.
pub(crate) fn split_flag(arg: &str) -> (&str, Option<String>) {
    match arg.split_once('=') {
        Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
        _ => (arg, None),
    }
}

/// The value of option `flag`: `inline`, else the next argument.
pub(crate) fn option_value(
    inline: Option<String>,
    it: &mut std::slice::Iter<'_, String>,
    flag: &str,
) -> Result<String> {
    match inline {
        Some(v) => Ok(v),
        None => it
            .next()
            .cloned()
            .ok_or_else(|| anyhow!("expected a value after `{flag}`")),
    }
}

/// Takes the option `--dir` or `--env` (`flag`, with its value `inline`
/// or next in `it`) into `dirs` or `env`: what `hoist run` and
/// `hoist serve` grant a guest alike.
pub(crate) fn grant_option(
    flag: &str,
    inline: Option<String>,
    it: &mut std::slice::Iter<'_, String>,
    dirs: &mut Vec<(PathBuf, String)>,
    env: &mut Vec<(String, String)>,
) -> Result<()> {
    let value = option_value(inline, it, flag)?;
    match flag {
        "--dir" => dirs.push(dir_option(&value)),
        _ => env.extend(env_option(&value)),
    }
    Ok(())
}

/// A `--dir HOST[::GUEST]` value: the host path and the guest's.
fn dir_option(value: &str) -> (PathBuf, String) {
    match value.split_once("::") {
        Some((host, guest)) => (PathBuf::from(host), guest.to_string()),
        None => (PathBuf::from(value), value.to_string()),
    }
}

/// A `--env NAME[=VALUE]` value: the variable, or none when it names a
/// variable the host does not have.
fn env_option(value: &str) -> Option<(String, String)> {
    match value.split_once('=') {
        Some((name, v)) => Some((name.to_string(), v.to_string())),
        None => std::env::var(value).ok().map(|v| (value.to_string(), v)),
    }
}

/// A WASI context builder granting the preopened `dirs` (host path,
/// guest path) and the environment `env`.
pub(crate) fn wasi_builder(
    dirs: &[(PathBuf, String)],
    env: &[(String, String)],
) -> Result<WasiCtxBuilder> {
    let mut builder = WasiCtxBuilder::new();
    builder.envs(env.iter().map(|(n, v)| (n, v)));
    for (host, guest) in dirs {
        builder.preopened_dir(
            host,
            guest,
            hoist::wasi::filesystem::DirPerms::all(),
            hoist::wasi::filesystem::FilePerms::all(),
        )?;
    }
    Ok(builder)
}

/// Reads `path` as a component (a preview1 core module is adapted into
/// one), from binary or text.
pub fn load_component(engine: &Engine, path: &Path) -> Result<Component> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let bytes = if bytes.starts_with(b"\0asm") {
        bytes
    } else {
        wat::parse_bytes(&bytes)
            .with_context(|| format!("`{}` is neither wasm binary nor text", path.display()))?
            .into_owned()
    };
    let bytes = if wasmparser::Parser::is_core_wasm(&bytes) {
        if !preview1::is_preview1_module(&bytes) {
            bail!(
                "`{}` is a core module that does not import `{}`: hoist run runs components \
                 and WASI preview1 modules",
                path.display(),
                preview1::PREVIEW1
            );
        }
        preview1::adapt(&bytes, preview1::kind_of(&bytes))?
    } else {
        bytes
    };
    Component::new(engine, &bytes).with_context(|| format!("compiling `{}`", path.display()))
}

/// Runs what `opts` says and returns the process exit code. Errors are
/// the host's before the guest starts (a file that cannot be read or
/// compiled); once it runs, failures are reported on stderr and become
/// the exit code (a trap is [`TRAP_EXIT_CODE`]).
pub fn run(opts: &RunOptions) -> Result<i32> {
    let engine = Engine::default();
    let component = load_component(&engine, &opts.file)?;
    let mut linker = Linker::<WasiHttpState>::new(&engine);
    hoist::wasi::add_to_linker_sync(&mut linker)?;
    if opts.http {
        hoist::wasi::http::add_only_http_to_linker(&mut linker)?;
    }

    let mut builder = wasi_builder(&opts.dirs, &opts.env)?;
    builder.inherit_stdio();
    builder.arg(opts.file.to_string_lossy());
    builder.args(&opts.args);
    if opts.inherit_network {
        builder.inherit_network();
    }
    let mut store = Store::new(&engine, WasiHttpState::new(builder.build()));

    let outcome = match &opts.invoke {
        None => run_command(&mut store, &component, &linker),
        Some(call) => invoke(&mut store, &component, &linker, call),
    };
    Ok(exit_code(outcome))
}

/// The exit code of a guest's run, printing a trap's error.
fn exit_code(outcome: Result<i32>) -> i32 {
    let e = match outcome {
        Ok(code) => return code,
        Err(e) => e,
    };
    if let Some(exit) = e.downcast_ref::<I32Exit>() {
        return exit.0;
    }
    eprintln!("error: {e:#}");
    // A trap is the guest's fault; anything else (a missing export, a bad
    // `--invoke`, a host failure) is an error of the run.
    if e.downcast_ref::<hoist::Trap>().is_some() {
        TRAP_EXIT_CODE
    } else {
        1
    }
}

fn run_command(
    store: &mut Store<WasiHttpState>,
    component: &Component,
    linker: &Linker<WasiHttpState>,
) -> Result<i32> {
    // Said before instantiating, which would fail first on the proxy
    // world's `wasi:http` imports (without `-S http`).
    let exports = |prefix: &str| {
        component
            .exports()
            .any(|(name, _)| name.starts_with(prefix))
    };
    if exports("wasi:http/incoming-handler@") && !exports("wasi:cli/run@") {
        bail!(
            "the component exports `wasi:http/incoming-handler`, not `wasi:cli/run`: it is a \
             wasi:http/proxy component, to serve with `hoist serve`"
        );
    }
    let instance = linker.instantiate(&mut *store, component)?;
    let command = hoist::wasi::sync::Command::new(&mut *store, &instance).context(
        "the component exports no `wasi:cli/run` to run (use --invoke to call a function)",
    )?;
    match command.wasi_cli_run().call_run(&mut *store)? {
        Ok(()) => Ok(0),
        Err(()) => Ok(1),
    }
}

/// Finds the exported function `name`: at the root, or `iface#func` inside
/// an exported instance.
fn find_func(
    store: &mut Store<WasiHttpState>,
    instance: &hoist::component::Instance,
    name: &str,
) -> Result<Func> {
    if let Some(f) = instance.get_func(&mut *store, name) {
        return Ok(f);
    }
    if let Some((iface, func)) = name.rsplit_once('#') {
        if let Some(index) = instance.get_export_index(&mut *store, None, iface) {
            if let Some(index) = instance.get_export_index(&mut *store, Some(&index), func) {
                if let Some(f) = instance.get_func(&mut *store, &index) {
                    return Ok(f);
                }
            }
        }
    }
    let names = instance.export_names(&mut *store);
    bail!(
        "--invoke: the component exports no function `{name}` (its exports: {})",
        names.join(", ")
    )
}

fn invoke(
    store: &mut Store<WasiHttpState>,
    component: &Component,
    linker: &Linker<WasiHttpState>,
    text: &str,
) -> Result<i32> {
    let call = FuncCall::parse(text).context("--invoke")?;
    let instance = linker.instantiate(&mut *store, component)?;
    let func = find_func(store, &instance, call.name())?;
    let params = call.args_for(&mut *store, &func).context("--invoke")?;
    let mut results = vec![Val::Bool(false); func.results(&mut *store).len()];
    func.call(&mut *store, &params, &mut results)?;
    for value in &results {
        println!("{}", value.to_wave()?);
    }
    func.post_return(&mut *store)?;
    Ok(0)
}
