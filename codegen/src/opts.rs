//! The options that drive one run of the generator: [`Opts`] and
//! [`Ownership`].
//!
//! This module only describes *what* to generate; loading WIT lives in
//! `source`, and the code that reads these options lives in the generating
//! modules (`types`, `functions`, `interface`, `world`).

use std::path::PathBuf;

/// Everything `hoist_codegen::generate` needs to know to turn WIT into Rust.
///
/// At least one source must be given: a non-empty [`Opts::path`] or an
/// [`Opts::inline`] document (or both). The packages named by the sources are
/// the "main" packages in which [`Opts::world`] is looked up.
#[derive(Clone, Debug, Default)]
pub struct Opts {
    /// The world to generate bindings for: a plain name (`"the-world"`) when
    /// there is one main package, or a qualified one
    /// (`"foo:foo/the-world"`, `"foo:foo/the-world@1.0.0"`). `None` picks the
    /// only world of the only main package.
    pub world: Option<String>,

    /// WIT sources on disk. Each entry is either a single `.wit` file or a
    /// directory holding a WIT package, whose `deps/` folder (if any) is
    /// loaded first.
    pub path: Vec<PathBuf>,

    /// A WIT document given as a string, parsed after every entry of
    /// [`Opts::path`] (so it may `use` packages loaded from there).
    pub inline: Option<String>,

    /// Enables the named `@unstable(feature = ...)` gates of the WIT.
    pub features: Vec<String>,

    /// Enables every `@unstable` gate of the WIT.
    pub all_features: bool,

    /// WIT error types that host functions report with a Rust error type of
    /// the user's instead, as `(WIT type, Rust path)` pairs.
    ///
    /// The WIT type is named `"<interface>/<type>"`, where `<interface>` is
    /// the interface's id (`"foo:foo/iface"`, with `@version` when the
    /// package has one) or, for an interface written inline in a world, its
    /// import name. Host methods whose WIT result is `result<T, type>` then
    /// return `Result<T, RustPath>`, and the host trait gains a
    /// `convert_<type>` method turning a `RustPath` into either the WIT
    /// error value (returned to the guest) or a trap. The Rust path is
    /// pasted verbatim into nested modules, so it should be absolute
    /// (`crate::...` or `::some_crate::...`).
    pub trappable_error_type: Vec<(String, String)>,

    /// Imported interfaces whose bindings already exist elsewhere, as
    /// `(interface id, Rust module path)` pairs such as
    /// `("wasi:io/poll", "::wasi_bindings::io::poll")`. No module is
    /// generated for them; their types, `Host` trait and `add_to_linker` are
    /// taken from the given module. The path is pasted verbatim into nested
    /// modules, so it should be absolute.
    pub with: Vec<(String, String)>,

    /// Extra derives (Rust paths such as `"serde::Serialize"`) put on every
    /// generated record, variant, enum and flags type.
    pub additional_derives: Vec<String>,

    /// Wraps every host call and export call in a `tracing` span and logs
    /// arguments and results at trace level through `hoist::tracing`.
    pub tracing: bool,

    /// How export calls take string and list arguments.
    pub ownership: Ownership,

    /// Generates async host traits (methods returning `impl Future`) and
    /// async export calls and instantiation.
    pub async_: bool,
}

/// How arguments of export calls (host → guest) are passed.
///
/// Host functions (guest → host) always receive owned values: the data is
/// copied out of guest memory anyway.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Ownership {
    /// Export calls take owned `String`s and `Vec<T>`s.
    #[default]
    Owning,
    /// Export calls borrow strings and lists: `string` becomes `&str` and
    /// `list<T>` becomes `&[T]` (recursively inside `option`, `result`,
    /// `tuple` and `list`).
    ///
    /// Named types (records, variants, aliases) are always generated once,
    /// owned, so `duplicate_if_necessary` does not change the output yet; it
    /// is kept so that callers can state the intent Wasmtime's option of the
    /// same name expresses (a borrowed twin for types used both as
    /// parameter and as result).
    Borrowing {
        /// Generate a borrowed twin of named types used both as argument and
        /// result (not acted on yet, see above).
        duplicate_if_necessary: bool,
    },
}
