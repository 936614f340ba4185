//! `hoist bindgen PATH... [OPTIONS]`: prints the Rust code that
//! `hoist::component::bindgen!` generates for the same WIT and options,
//! formatted (the generator is `hoist-codegen`'s, as the macro's is), so
//! that the bindings can be read, or checked in. What is here is the
//! command line, mapped one to one onto the macro's options.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use hoist_codegen::{Opts, Ownership};

use crate::run::{option_value, split_flag};

/// The usage line of `hoist bindgen`.
pub const USAGE: &str = "usage: hoist bindgen PATH... [OPTIONS]

Prints the Rust code bindgen! generates for the WIT at PATH (a .wit file, or a
package directory with its deps/), formatted. The options are the macro's:
  --world NAME                      the world (needed when there are several)
  --inline WIT                      a WIT document, parsed after the PATHs
  --async                           async host traits and export calls
  --tracing                         a tracing span around every call
  --features A,B | --all-features   the @unstable gates to enable
  --with IFACE=RUST_PATH            take an interface's bindings from RUST_PATH
  --trappable-error-type WIT=RUST   a WIT error type reported as a Rust type
  --additional-derive RUST_PATH     a derive for every generated type
  --ownership owning|borrowing[-duplicate-if-necessary]";

/// Parses the arguments after `bindgen` into the generator's options.
pub fn parse(args: &[String]) -> Result<Opts> {
    let mut opts = Opts::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = split_flag(arg);
        match flag {
            "--world" => opts.world = Some(option_value(inline, &mut it, flag)?),
            "--inline" => opts.inline = Some(option_value(inline, &mut it, flag)?),
            "--async" => opts.async_ = true,
            "--tracing" => opts.tracing = true,
            "--all-features" => opts.all_features = true,
            "--features" => opts.features.extend(
                option_value(inline, &mut it, flag)?
                    .split(',')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .map(str::to_owned),
            ),
            "--with" | "--trappable-error-type" => {
                let value = option_value(inline, &mut it, flag)?;
                let Some((wit, rust)) = value.split_once('=') else {
                    bail!("expected WIT=RUST_PATH after `{flag}`, found `{value}`");
                };
                let pair = (wit.trim().to_owned(), rust.trim().to_owned());
                match flag {
                    "--with" => opts.with.push(pair),
                    _ => opts.trappable_error_type.push(pair),
                }
            }
            "--additional-derive" => opts
                .additional_derives
                .push(option_value(inline, &mut it, flag)?),
            "--ownership" => {
                opts.ownership = match option_value(inline, &mut it, flag)?.as_str() {
                    "owning" => Ownership::Owning,
                    "borrowing" => Ownership::Borrowing {
                        duplicate_if_necessary: false,
                    },
                    "borrowing-duplicate-if-necessary" => Ownership::Borrowing {
                        duplicate_if_necessary: true,
                    },
                    other => bail!(
                        "expected `owning`, `borrowing` or `borrowing-duplicate-if-necessary` \
                         after `--ownership`, found `{other}`"
                    ),
                }
            }
            s if s.starts_with('-') && s.len() > 1 => bail!("unknown option `{arg}`"),
            _ => opts.path.push(PathBuf::from(arg)),
        }
    }
    if opts.path.is_empty() && opts.inline.is_none() {
        bail!("expected a PATH to WIT (or --inline WIT)");
    }
    Ok(opts)
}

/// The bindings `opts` describe, formatted.
pub fn bindgen(opts: &Opts) -> Result<String> {
    hoist_codegen::generate(opts).context("generating the bindings")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_map_onto_the_macros() {
        let opts = parse(&args(&[
            "wit",
            "--world=w",
            "--async",
            "--tracing",
            "--features",
            "a, b",
            "--with",
            "wasi:io/poll=::other::poll",
            "--trappable-error-type=pkg:x/i/error=crate::MyError",
            "--additional-derive",
            "Hash",
            "--ownership",
            "borrowing",
        ]))
        .unwrap();
        assert_eq!(opts.path, [PathBuf::from("wit")]);
        assert_eq!(opts.world.as_deref(), Some("w"));
        assert!(opts.async_ && opts.tracing && !opts.all_features);
        assert_eq!(opts.features, ["a", "b"]);
        assert_eq!(opts.with, [("wasi:io/poll".into(), "::other::poll".into())]);
        assert_eq!(
            opts.trappable_error_type,
            [("pkg:x/i/error".into(), "crate::MyError".into())]
        );
        assert_eq!(opts.additional_derives, ["Hash"]);
        assert_eq!(
            opts.ownership,
            Ownership::Borrowing {
                duplicate_if_necessary: false
            }
        );
        for (bad, says) in [
            (&[][..], "expected a PATH"),
            (&["x", "--with", "nothing"][..], "expected WIT=RUST_PATH"),
            (&["x", "--ownership", "mine"][..], "expected `owning`"),
            (&["x", "--frobnicate"][..], "unknown option `--frobnicate`"),
            (&["x", "--world"][..], "expected a value after `--world`"),
        ] {
            let e = parse(&args(bad)).unwrap_err().to_string();
            assert!(e.contains(says), "{bad:?}: {e}");
        }
    }

    #[test]
    fn prints_what_the_macro_generates() {
        let opts = parse(&args(&[
            "--inline",
            "package t:t; world w { import log: func(msg: string); export run: func() -> u32; }",
        ]))
        .unwrap();
        let code = bindgen(&opts).unwrap();
        assert!(code.contains("pub struct W"), "{code}");
        assert!(code.contains("fn log("), "{code}");
        assert!(code.contains("fn call_run("), "{code}");
        let bad = parse(&args(&[
            "--inline",
            "package t:t; world w { import f: func(x: nope); }",
        ]))
        .unwrap();
        let e = format!("{:#}", bindgen(&bad).unwrap_err());
        assert!(e.contains("nope"), "{e}");
    }
}
