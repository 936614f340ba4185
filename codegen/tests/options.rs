//! Tests of what each option of `hoist_codegen::Opts` does to the output:
//! trappable errors, `with`, additional derives, tracing, async,
//! borrowing, features, the list of files read, and the type rules.
//! Naming is tested in `naming.rs`, errors in `errors.rs`, the corpus in
//! `corpus.rs`.

use hoist_codegen::{Opts, Ownership};

const WIT: &str = "package a:b;
/// Files.
interface fs {
  /// An error code.
  enum errno { bad, worse }
  /// What `fstat` returns.
  record stat {
    /// Size in bytes.
    size: u64,
    mtime: f64,
  }
  record point { x: s32, y: s32 }
  flags perms { read, write-ok }
  variant v { a(string), b }
  type names = list<string>;
  open: func(path: string, names: names, o: option<list<u8>>) -> result<u32, errno>;
  fstat: func(fd: u32) -> result<stat, errno>;
}
interface user {
  use fs.{errno, stat as st};
  go: func(s: st) -> result<_, errno>;
}
world w {
  import fs;
  import user;
  export user;
  import log: func(msg: string) -> result<_, string>;
  /// Runs the program.
  export run: func(args: list<string>, name: string) -> u32;
}";

fn generate(opts: Opts) -> String {
    let code = hoist_codegen::generate(&Opts {
        inline: Some(WIT.to_string()),
        ..opts
    })
    .unwrap_or_else(|e| panic!("{e:#}"));
    syn::parse_file(&code).expect("generated code parses");
    code
}

/// `text` without whitespace, so that checks do not depend on how
/// prettyplease wraps lines.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_contains(code: &str, expected: &[&str]) {
    let squashed = squash(code);
    for e in expected {
        assert!(squashed.contains(&squash(e)), "missing `{e}` in:\n{code}");
    }
}

fn assert_lacks(code: &str, unexpected: &[&str]) {
    let squashed = squash(code);
    for e in unexpected {
        assert!(
            !squashed.contains(&squash(e)),
            "unexpected `{e}` in:\n{code}"
        );
    }
}

#[test]
fn default_shape() {
    let code = generate(Opts::default());
    assert_contains(
        &code,
        &[
            // Host methods return anyhow results.
            "pub trait Host {",
            "-> ::hoist::anyhow::Result<::core::result::Result<u32, Errno>>;",
            "pub trait WImports {",
            "pub fn add_root_to_linker<T_, U_>(",
            "U_: WImports + self::a::b::fs::Host + self::a::b::user::Host,",
            "root.instance(\"a:b/fs\")?",
            "inst.func_wrap(",
            "pub fn instantiate<T_: 'static>(",
            "pub fn instantiate_pre<T_: 'static>(",
            ") -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)>",
            "pub fn call_run(",
            "args: ::std::vec::Vec<::std::string::String>,",
            "let (ret0,) = callee.call(store.as_context_mut(), (args, name))?;\n::core::result::Result::Ok(ret0)",
            "pub fn a_b_user(&self) -> &self::exports::a::b::user::Guest",
            // Used types are re-exported, not redefined.
            "pub use super::super::super::a::b::fs::Stat as St;",
            "pub use super::super::super::super::a::b::fs::Errno;",
            // Types and their derives.
            "#[component(record)]",
            "#[derive(Clone, Debug, PartialEq, Copy)]\n            pub struct Stat",
            "#[derive(Clone, Debug, PartialEq, Copy, Eq)]\n            pub struct Point",
            "#[derive(Clone, Debug, PartialEq, Eq)]\n            pub enum V",
            "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]",
            "#[repr(u8)]",
            "::hoist::component::flags!",
            "const WRITE_OK;",
            "#[component(name = \"write-ok\")]",
            "pub type Names = ::std::vec::Vec<::std::string::String>;",
            // Docs.
            "//! Files.",
            "/// An error code.",
            "/// Size in bytes.",
            "/// Runs the program.",
        ],
    );
    // `call` runs the guest's `post-return` itself: generated code does not.
    assert_lacks(&code, &["convert_", "tracing", "async", "post_return"]);
}

#[test]
fn trappable_error_type() {
    let code = generate(Opts {
        trappable_error_type: vec![("a:b/fs/errno".to_string(), "crate::MyError".to_string())],
        ..Default::default()
    });
    assert_contains(
        &code,
        &[
            ") -> ::core::result::Result<u32, crate::MyError>;",
            ") -> ::core::result::Result<Stat, crate::MyError>;",
            "fn convert_errno(",
            "err: crate::MyError,",
            ") -> ::hoist::anyhow::Result<Errno>;",
            // `user` uses the same error through `use`.
            "fn go(&mut self, s: St) -> ::core::result::Result<(), crate::MyError>;",
            "Host::convert_errno(host, e)?",
        ],
    );
    // The world-level `log` returns `result<_, string>`: untouched.
    assert_contains(
        &code,
        &["-> ::hoist::anyhow::Result<::core::result::Result<(), ::std::string::String>>;"],
    );
    // The key may name the type through the interface that `use`s it.
    let code = generate(Opts {
        trappable_error_type: vec![("a:b/user/errno".to_string(), "crate::MyError".to_string())],
        ..Default::default()
    });
    assert_contains(&code, &["fn convert_errno("]);
}

#[test]
fn with_replaces_an_interface() {
    let code = generate(Opts {
        with: vec![("a:b/fs".to_string(), "::other::fs".to_string())],
        ..Default::default()
    });
    assert_contains(
        &code,
        &[
            "U_: WImports + ::other::fs::Host + self::a::b::user::Host,",
            "::other::fs::add_to_linker(linker, get)?;",
            "pub use ::other::fs::Stat as St;",
        ],
    );
    assert_lacks(&code, &["pub mod fs", "pub enum Errno"]);
}

#[test]
fn additional_derives_reach_every_type() {
    let code = generate(Opts {
        additional_derives: vec!["serde::Serialize".to_string(), "Clone".to_string()],
        ..Default::default()
    });
    assert_contains(
        &code,
        &[
            "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]",
            "#[derive(Clone, Debug, PartialEq, Copy, serde::Serialize)]",
            "#[derive(serde::Serialize)]",
        ],
    );
    assert_lacks(&code, &["Clone, Clone"]);
}

#[test]
fn tracing_wraps_calls() {
    let code = generate(Opts {
        tracing: true,
        ..Default::default()
    });
    assert_contains(
        &code,
        &[
            "::hoist::tracing::span!",
            "\"hoist host call\"",
            "\"hoist export call\"",
            "let _enter = span.enter();",
            "::hoist::tracing::event!",
            "path = ::hoist::tracing::field::debug(&arg0)",
            "result = ::hoist::tracing::field::debug(&r)",
            "args = ::hoist::tracing::field::debug(&args)",
        ],
    );
}

#[test]
fn async_host_and_exports() {
    let code = generate(Opts {
        async_: true,
        tracing: true,
        ..Default::default()
    });
    assert_contains(
        &code,
        &[
            "pub trait Host: Send {",
            "impl ::core::future::Future<",
            "inst.func_wrap_async(",
            "::std::boxed::Box::new(",
            "::hoist::tracing::Instrument::instrument(",
            ".await",
            "pub async fn call_run(",
            "mut store: impl ::hoist::AsContextMut<Data: Send>,",
            "callee.call_async(store.as_context_mut(), (args, name)).await?",
            "pub async fn instantiate_async<T_: Send + 'static>(",
            "pub async fn instantiate_pre_async<T_: Send + 'static>(",
            "parent: &span,",
        ],
    );
    assert_lacks(
        &code,
        &[
            "span.enter()",
            "inst.func_wrap(",
            "pub fn instantiate<",
            "post_return",
        ],
    );
}

#[test]
fn borrowing_export_arguments() {
    for duplicate_if_necessary in [false, true] {
        let code = generate(Opts {
            ownership: Ownership::Borrowing {
                duplicate_if_necessary,
            },
            ..Default::default()
        });
        assert_contains(
            &code,
            &[
                "args: &[&str],",
                "name: &str,",
                ".get_typed_func::<(&[&str], &str),",
                // Host functions still receive owned values.
                "msg: ::std::string::String,",
            ],
        );
    }
}

#[test]
fn unstable_features() {
    let wit = "package a:b;
        world w {
          @unstable(feature = shiny)
          import shiny: func();
          import plain: func();
        }";
    let gen = |features: Vec<String>, all_features: bool| {
        hoist_codegen::generate(&Opts {
            inline: Some(wit.to_string()),
            features,
            all_features,
            ..Default::default()
        })
        .unwrap()
    };
    assert!(!gen(vec![], false).contains("fn shiny("));
    assert!(gen(vec!["shiny".to_string()], false).contains("fn shiny("));
    assert!(gen(vec![], true).contains("fn shiny("));
}

#[test]
fn files_read_are_reported() {
    let dir = std::env::temp_dir().join(format!("hoist-codegen-deps-{}", std::process::id()));
    let dep = dir.join("deps/dep");
    std::fs::create_dir_all(&dep).unwrap();
    std::fs::write(
        dep.join("dep.wit"),
        "package my:dep;\ninterface t { f: func(); }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("main.wit"),
        "package my:main;\nworld w { import my:dep/t; }\n",
    )
    .unwrap();
    let (code, files) = hoist_codegen::generate_with_deps(&Opts {
        path: vec![dir.clone()],
        ..Default::default()
    })
    .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(code.contains("pub mod dep"), "{code}");
    let mut names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["dep.wit", "main.wit"]);
    assert!(files.iter().all(|f| f.starts_with(&dir)));

    // Inline sources read no file.
    let (_, files) = hoist_codegen::generate_with_deps(&Opts {
        inline: Some(WIT.to_string()),
        ..Default::default()
    })
    .unwrap();
    assert!(files.is_empty());
}

#[test]
fn inline_can_use_packages_from_path() {
    let dir = std::env::temp_dir().join(format!("hoist-codegen-mixed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("dep.wit");
    std::fs::write(&file, "package my:dep;\ninterface t { f: func(); }\n").unwrap();
    let result = hoist_codegen::generate(&Opts {
        path: vec![file],
        inline: Some("package my:main;\nworld w { import my:dep/t; }".to_string()),
        world: Some("my:main/w".to_string()),
        ..Default::default()
    });
    std::fs::remove_dir_all(&dir).unwrap();
    let code = result.unwrap_or_else(|e| panic!("{e:#}"));
    assert!(code.contains("root.instance(\"my:dep/t\")"), "{code}");
}
