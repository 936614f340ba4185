//! Turning WIT names (kebab-case) into Rust identifiers.
//!
//! Types become `UpperCamelCase`, functions, fields and modules
//! `snake_case`, flag constants `SHOUTY_SNAKE_CASE`. Rust keywords are made
//! raw (`r#type`) and the few keywords that cannot be raw (`self`, `super`,
//! `crate`, `Self`, `_`) get a trailing underscore. Nothing here knows about
//! WIT structure; deciding *which* name an item gets lives in the
//! generating modules.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords of Rust 2021 (strict and reserved) that must be escaped to be
/// used as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Returns whether `name` is a Rust keyword (strict or reserved).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || name == "_"
}

/// Escapes a Rust identifier: keywords become `r#kw`, or `kw_` for those
/// that cannot be raw. Other names are returned unchanged.
///
/// ```
/// assert_eq!(hoist_codegen::names::escape("type"), "r#type");
/// assert_eq!(hoist_codegen::names::escape("self"), "self_");
/// assert_eq!(hoist_codegen::names::escape("apple"), "apple");
/// ```
pub fn escape(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if is_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// The `snake_case` form of a WIT name, unescaped (`"is-XML"` → `"is_xml"`).
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// The `UpperCamelCase` form of a WIT name (`"ludicrous-speed"` →
/// `"LudicrousSpeed"`).
pub fn upper_camel(name: &str) -> String {
    name.to_upper_camel_case()
}

/// The `SHOUTY_SNAKE_CASE` form of a WIT name (`"b0"` → `"B0"`).
pub fn shouty(name: &str) -> String {
    name.to_shouty_snake_case()
}

/// The escaped `snake_case` identifier text of a WIT name (functions,
/// fields, parameters, modules).
///
/// ```
/// assert_eq!(hoist_codegen::names::snake_name("kebab-case"), "kebab_case");
/// assert_eq!(hoist_codegen::names::snake_name("type"), "r#type");
/// ```
pub fn snake_name(name: &str) -> String {
    escape(&snake(name))
}

/// The escaped `UpperCamelCase` identifier text of a WIT name (types,
/// variant and enum cases, traits).
pub fn camel_name(name: &str) -> String {
    escape(&upper_camel(name))
}

/// The escaped `SHOUTY_SNAKE_CASE` identifier text of a WIT name (flag
/// constants).
pub fn shouty_name(name: &str) -> String {
    escape(&shouty(name))
}

/// Builds an identifier from already-escaped text (`r#` prefixes are turned
/// into raw identifiers).
pub fn ident(text: &str) -> Ident {
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(text, Span::call_site()),
    }
}

/// The `snake_case` identifier of a WIT name.
pub fn snake_ident(name: &str) -> Ident {
    ident(&snake_name(name))
}

/// The `UpperCamelCase` identifier of a WIT name.
pub fn camel_ident(name: &str) -> Ident {
    ident(&camel_name(name))
}

/// The `SHOUTY_SNAKE_CASE` identifier of a WIT name.
pub fn shouty_ident(name: &str) -> Ident {
    ident(&shouty_name(name))
}

/// A name usable where raw identifiers are not (e.g. `tracing` field
/// names): keywords get a trailing underscore instead of `r#`.
///
/// ```
/// assert_eq!(hoist_codegen::names::plain_snake_name("type"), "type_");
/// ```
pub fn plain_snake_name(name: &str) -> String {
    let s = snake(name);
    if is_keyword(&s) {
        format!("{s}_")
    } else {
        s
    }
}
