//! Unit tests of the errors `hoist_codegen::generate` reports: bad WIT,
//! unknown worlds, option keys naming nothing, unsupported features.
//! Naming is tested in `naming.rs`, options in `options.rs`.

use std::path::PathBuf;

use hoist_codegen::Opts;

fn error(opts: Opts) -> String {
    match hoist_codegen::generate(&opts) {
        Ok(code) => panic!("expected an error, got:\n{code}"),
        Err(e) => format!("{e:#}"),
    }
}

fn inline(wit: &str) -> Opts {
    Opts {
        inline: Some(wit.to_string()),
        ..Default::default()
    }
}

const WIT: &str = "package a:b;
interface i {
  enum errno { bad }
  f: func() -> result<u32, errno>;
}
world w1 { import i; }
world w2 { export i; }";

#[test]
fn bad_wit_quotes_the_parser_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("hoist-codegen-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.wit");
    std::fs::write(
        &file,
        "package a:b;\n\ninterface i {\n  f: func() -> nope;\n}\n",
    )
    .unwrap();
    let message = error(Opts {
        path: vec![file.clone()],
        ..Default::default()
    });
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(message.contains("nope"), "{message}");
    assert!(message.contains("bad.wit:4:"), "{message}");

    let message = error(inline("package a:b;\ninterface i {\n  f: func(\n}"));
    assert!(message.contains("invalid inline WIT"), "{message}");
    assert!(message.contains("<inline>:4:"), "{message}");
}

#[test]
fn missing_file_is_an_error() {
    let message = error(Opts {
        path: vec![PathBuf::from("/definitely/not/here.wit")],
        ..Default::default()
    });
    assert!(message.contains("/definitely/not/here.wit"), "{message}");
}

#[test]
fn no_source_is_an_error() {
    assert!(error(Opts::default()).contains("no WIT source"));
}

#[test]
fn unknown_world_lists_the_worlds() {
    let message = error(Opts {
        world: Some("w3".to_string()),
        ..inline(WIT)
    });
    assert!(message.contains("unknown world `w3`"), "{message}");
    assert!(message.contains("a:b/w1, a:b/w2"), "{message}");

    let message = error(inline(WIT));
    assert!(message.contains("cannot pick a world"), "{message}");
    assert!(message.contains("a:b/w1, a:b/w2"), "{message}");
}

#[test]
fn bad_with_key_says_what_exists() {
    let message = error(Opts {
        world: Some("w1".to_string()),
        with: vec![("a:b/nope".to_string(), "crate::x".to_string())],
        ..inline(WIT)
    });
    assert!(message.contains("`with` key `a:b/nope`"), "{message}");
    assert!(message.contains("imported interfaces: a:b/i"), "{message}");

    // An exported interface is not something `with` can replace.
    let message = error(Opts {
        world: Some("w2".to_string()),
        with: vec![("a:b/i".to_string(), "crate::x".to_string())],
        ..inline(WIT)
    });
    assert!(message.contains("imported interfaces: none"), "{message}");

    let message = error(Opts {
        world: Some("w1".to_string()),
        with: vec![("a:b/i".to_string(), "not a path!".to_string())],
        ..inline(WIT)
    });
    assert!(message.contains("is not a Rust path"), "{message}");
}

#[test]
fn bad_trappable_key_says_what_exists() {
    let message = error(Opts {
        world: Some("w1".to_string()),
        trappable_error_type: vec![("a:b/i/errnoo".to_string(), "crate::E".to_string())],
        ..inline(WIT)
    });
    assert!(
        message.contains("`a:b/i/errnoo` names nothing"),
        "{message}"
    );
    assert!(message.contains("its types: errno"), "{message}");

    let message = error(Opts {
        world: Some("w1".to_string()),
        trappable_error_type: vec![("a:b/j/errno".to_string(), "crate::E".to_string())],
        ..inline(WIT)
    });
    assert!(message.contains("no interface `a:b/j`"), "{message}");
    assert!(message.contains("its interfaces: a:b/i"), "{message}");

    let message = error(Opts {
        world: Some("w1".to_string()),
        trappable_error_type: vec![("errno".to_string(), "crate::E".to_string())],
        ..inline(WIT)
    });
    assert!(message.contains("must look like"), "{message}");
}

#[test]
fn bad_additional_derive_is_an_error() {
    let message = error(Opts {
        world: Some("w1".to_string()),
        additional_derives: vec!["1nope".to_string()],
        ..inline(WIT)
    });
    assert!(message.contains("`1nope` is not a Rust path"), "{message}");
}

#[test]
fn resources_generate_markers_traits_and_handles() {
    // An imported interface's resource: a marker type, a `HostThing` trait
    // with the constructor, methods and `drop`, registered in the linker.
    let code = hoist_codegen::generate(&inline(
        "package a:b;
         interface r {
             resource thing { constructor(x: u32); get: func() -> u32; }
             make: func() -> thing;
         }
         world w { import r; export e; }
         interface e { resource gadget { constructor(); } use-it: func(g: borrow<gadget>); }",
    ))
    .unwrap();
    for needle in [
        "pub enum Thing {}",
        "pub trait HostThing",
        "fn new(",
        "self_: ::hoist::component::Resource<Thing>",
        "fn drop(",
        "pub trait Host: HostThing",
        "inst.resource(",
        "\"[method]thing.get\"",
        // The exported interface's resource is the guest's: `ResourceAny`.
        "pub type Gadget = ::hoist::component::ResourceAny;",
        "pub struct GuestGadget",
        "pub fn gadget(&self)",
        "pub fn call_constructor(",
        "g: ::hoist::component::ResourceAny",
    ] {
        assert!(code.contains(needle), "missing `{needle}` in:\n{code}");
    }

    // A world's own resource is the host's too.
    let code = hoist_codegen::generate(&inline(
        "package a:b;
         world w { resource res; export get: func() -> res; }",
    ))
    .unwrap();
    assert!(code.contains("pub enum Res {}"), "{code}");
    assert!(code.contains("pub trait HostRes"), "{code}");
}

#[test]
fn async_is_not_supported_yet() {
    let message = error(inline(
        "package a:b;
         interface s { f: func() -> stream<u8>; }
         world w { export s; }",
    ));
    assert_eq!(
        message,
        "async is not supported yet: interface a:b/s uses stream (in function f)"
    );

    let message = error(inline(
        "package a:b;
         interface s { f: async func(); }
         world w { import s; }",
    ));
    assert_eq!(
        message,
        "async is not supported yet: interface a:b/s has async function f"
    );
}

#[test]
fn names_colliding_with_generated_items() {
    let message = error(inline(
        "package a:b;
         interface i { record host { x: u32 } }
         world w { import i; }",
    ));
    assert!(
        message.contains("type `host` of interface a:b/i would collide with the generated `Host`"),
        "{message}"
    );
    let message = error(inline(
        "package a:b;
         world w { type w = u32; export f: func() -> w; }",
    ));
    assert!(
        message.contains("type `w` of world w would collide"),
        "{message}"
    );
}
