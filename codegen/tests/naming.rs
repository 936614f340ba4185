//! Unit tests of `hoist_codegen::names` and of the names that reach the
//! generated code (keywords, kebab-case to snake/camel). Option and error
//! behaviour is tested in `options.rs` and `errors.rs`.

use hoist_codegen::names;
use hoist_codegen::Opts;

#[test]
fn kebab_to_snake_and_camel() {
    assert_eq!(names::snake_name("kebab-case"), "kebab_case");
    assert_eq!(names::snake_name("is-XML"), "is_xml");
    assert_eq!(names::snake_name("a0"), "a0");
    assert_eq!(names::camel_name("ludicrous-speed"), "LudicrousSpeed");
    assert_eq!(names::camel_name("is-XML"), "IsXml");
    assert_eq!(names::shouty_name("b10"), "B10");
    assert_eq!(names::shouty_name("read-write"), "READ_WRITE");
}

#[test]
fn keywords_are_escaped() {
    assert_eq!(names::snake_name("type"), "r#type");
    assert_eq!(names::snake_name("async"), "r#async");
    assert_eq!(names::snake_name("self"), "self_");
    assert_eq!(names::snake_name("super"), "super_");
    assert_eq!(names::camel_name("self"), "Self_");
    assert_eq!(names::snake_name("bool"), "bool");
    assert_eq!(names::plain_snake_name("type"), "type_");
    assert!(names::is_keyword("gen"));
    assert!(!names::is_keyword("apple"));
}

#[test]
fn identifiers_from_escaped_text() {
    assert_eq!(names::snake_ident("type").to_string(), "r#type");
    assert_eq!(names::camel_ident("my-type").to_string(), "MyType");
    assert_eq!(names::shouty_ident("b0").to_string(), "B0");
}

fn generate(wit: &str) -> String {
    hoist_codegen::generate(&Opts {
        inline: Some(wit.to_string()),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e:#}"))
}

#[test]
fn keywords_in_generated_code() {
    let code = generate(
        "package my:keywords;
         interface %type {
           record %self {
             %type: u32,
             %async: string,
           }
           variant %match { %impl(u32), %move }
           enum %super { %crate, %fn }
           flags %mod { %dyn, %static }
           %use: func(%self: %self, %where: %match) -> %super;
         }
         world %struct {
           import %type;
           export %type;
           export %loop: func(%in: u32);
         }",
    );
    syn::parse_file(&code).expect("generated code parses");
    for expected in [
        "pub mod r#type",
        "pub struct Self_",
        "pub r#type: u32",
        "#[component(name = \"type\")]",
        "pub r#async: ::std::string::String",
        "pub enum Match",
        "Impl(u32)",
        "pub enum Super",
        "Crate,",
        "const DYN;",
        "fn r#use(",
        "self_: Self_,",
        "r#where: Match,",
        "pub struct Struct",
        "pub fn call_loop(",
        "r#in: u32",
        "pub fn my_keywords_type(",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in:\n{code}");
    }
}

#[test]
fn module_and_accessor_names() {
    let code = generate(
        "package my-ns:my-pkg;
         interface the-iface { f-one: func(some-arg: u32) -> string; }
         world the-world {
           import the-iface;
           export the-iface;
           import inline-thing: interface { g: func(); }
         }",
    );
    for expected in [
        "pub mod my_ns",
        "pub mod my_pkg",
        "pub mod the_iface",
        "pub mod inline_thing",
        "fn f_one(",
        "some_arg: u32",
        "root.instance(\"my-ns:my-pkg/the-iface\")",
        "root.instance(\"inline-thing\")",
        "pub fn my_ns_my_pkg_the_iface(",
        ") -> &self::exports::my_ns::my_pkg::the_iface::Guest {",
        "pub fn call_f_one(",
        "pub struct TheWorld",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in:\n{code}");
    }
}

#[test]
fn wit_types_named_like_generic_parameters() {
    // Generated generics are `T_`/`U_`, which no WIT name maps to.
    let code = generate(
        "package a:b;
         interface i { type t = u16; type u = u32; f: func(x: t) -> u; }
         world w { import i; use i.{t}; import g: func(x: t); }",
    );
    for expected in [
        "pub type T = u16;",
        "pub type U = u32;",
        "(arg0,): (T,)",
        "add_to_linker<T_, U_>",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in:\n{code}");
    }
}

#[test]
fn package_named_like_the_crate_does_not_shadow_it() {
    // Package `hoist:kv` becomes `mod hoist`: the crate is always named
    // from the extern prelude, the module from the root with `self::`.
    let code = generate(
        "package hoist:kv;
         interface store { record entry { key: string } get: func(e: entry) -> string; }
         world w { import store; export store; }",
    );
    for expected in [
        "pub mod hoist {",
        "U_: self::hoist::kv::store::Host,",
        "self::hoist::kv::store::add_to_linker(linker, get)?;",
        "hoist_kv_store: self::exports::hoist::kv::store::Guest,",
        "linker: &mut ::hoist::component::Linker<T_>,",
        "::hoist::component::ComponentType,",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in:\n{code}");
    }
    // No path starts with a bare `hoist::`.
    let bare = code
        .match_indices("hoist::")
        .filter(|(i, _)| !code[..*i].ends_with("::"));
    assert_eq!(bare.count(), 0, "a bare `hoist::` path in:\n{code}");
}
