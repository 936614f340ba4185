//! Component-to-component calls through hoist's two adapters
//! (`runtime/src/component/adapter`), checked through the public API with
//! real nested components: the scalar adapter (scalar-only signatures: a
//! fixed conversion of each core value, no dynamic values) and the fused
//! adapter (any other type without resource handles: each value moved from
//! one guest's memory to the other's in one walk).
//!
//! **The scalar adapter** (first section, [`adapters_wat`]). An outer
//! component holds a `$Callee` component, whose exports take and return
//! every scalar type (`bool`, `s8`..`u64`, `f32`, `f64`, `char`, an `enum`,
//! `flags`, records and tuples of them), and a `$Caller` component that
//! imports them and calls them from its core code with raw, possibly
//! invalid, core values that the host chooses; the values the other side
//! received come back through `u32`/`u64` functions, so the host sees their
//! exact bits. Covered, in both directions (arguments into the callee,
//! results back into the caller):
//!
//! - narrow integers are wrapped to their width and zero- or sign-extended,
//!   a `bool` becomes 0 or 1, `flags` keep only their defined bits;
//! - NaNs come out canonical, other floats unchanged bit for bit;
//! - an invalid `char` or `enum` discriminant traps (`Trap::InvalidChar`,
//!   `Trap::InvalidDiscriminant`): a bad argument before the callee is
//!   entered (the callee stays usable), a bad result inside the call (the
//!   callee is poisoned; the caller, whose core code trapped, is poisoned in
//!   both cases);
//! - a 16-flat-value signature of records and tuples is converted field by
//!   field;
//! - the scalar adapter agrees with the other paths, on every scalar type
//!   and raw value, traps and poisoning included: the same functions with a
//!   leading `string` parameter (not scalar-only) and with a leading
//!   `borrow` parameter (handles: through dynamic values).
//!
//! **The fused adapter** (second section, [`fused_wat`]). A `$Caller`
//! calls a `$Callee` with strings, lists, spilled parameters and a spilled
//! result; both count their `realloc` calls, and the caller's can be armed
//! to trap. Covered:
//!
//! - strings in every pair of string encodings (`utf8`, `utf16`,
//!   `latin1+utf16`) come back intact, with exactly the `realloc` calls of
//!   the spec's transcoding on each side;
//! - a bad argument (invalid UTF-8 or UTF-16, out of bounds, unaligned, an
//!   invalid `char` in a list) traps before the callee is entered: its
//!   `realloc` is not called and it stays usable;
//! - a bad string result traps before the caller's `realloc` is called and
//!   poisons the callee;
//! - the callee's `post-return` runs after its results are in the caller's
//!   memory (it overwrites them in its own);
//! - lists of integers, of records with strings and of `char`s, 18 flat
//!   parameter values (a parameter block, allocated first, then its strings
//!   in order) and a result through the caller's return pointer arrive
//!   intact.
//!
//! **The general path** (last section, [`HANDLE_ECHO`]): a function with a
//! resource handle goes through dynamic values, and its callee's
//! `post-return` too runs only after the results are in the caller.

use anyhow::Result;
use hoist::component::{Component, Instance, Linker, Val};
use hoist::{Store, Trap};

use crate::support::shared_engine as engine;
use crate::support::traps::{assert_poisoned_error, assert_trap};

/// The canonical NaNs (`CANONICAL_FLOAT32_NAN` and `CANONICAL_FLOAT64_NAN`
/// of `runtime/src/component/abi/lift.rs`).
const CANONICAL_F32_NAN: u32 = 0x7fc0_0000;
const CANONICAL_F64_NAN: u64 = 0x7ff8_0000_0000_0000;

// ---------------------------------------------------------------------------
// The components
// ---------------------------------------------------------------------------

/// The core type a scalar flattens to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Core {
    I32,
    I64,
    F32,
    F64,
}

impl Core {
    fn name(self) -> &'static str {
        match self {
            Core::I32 => "i32",
            Core::I64 => "i64",
            Core::F32 => "f32",
            Core::F64 => "f64",
        }
    }

    /// Whether the value travels to and from the host as 64 bits.
    fn is_wide(self) -> bool {
        matches!(self, Core::I64 | Core::F64)
    }

    /// The integer core type holding the value's bits.
    fn bits(self) -> &'static str {
        if self.is_wide() {
            "i64"
        } else {
            "i32"
        }
    }

    /// The component type of the bits, as the host sees them.
    fn bits_ty(self) -> &'static str {
        if self.is_wide() {
            "u64"
        } else {
            "u32"
        }
    }

    /// `expr`, of this core type, as its bits.
    fn to_bits(self, expr: &str) -> String {
        match self {
            Core::I32 | Core::I64 => expr.to_string(),
            Core::F32 => format!("(i32.reinterpret_f32 {expr})"),
            Core::F64 => format!("(i64.reinterpret_f64 {expr})"),
        }
    }

    /// The value of this core type with the bits `expr`.
    fn with_bits(self, expr: &str) -> String {
        match self {
            Core::I32 | Core::I64 => expr.to_string(),
            Core::F32 => format!("(f32.reinterpret_i32 {expr})"),
            Core::F64 => format!("(f64.reinterpret_i64 {expr})"),
        }
    }

    /// `expr`, of this core type, as an `i64` (for the callee's `$last`).
    fn to_i64(self, expr: &str) -> String {
        match self {
            Core::I32 | Core::F32 => format!("(i64.extend_i32_u {})", self.to_bits(expr)),
            Core::I64 | Core::F64 => self.to_bits(expr),
        }
    }
}

/// A scalar type under test: the name of its functions, its component type
/// (`$e` and `$fl` are the enum and flags defined in both components), and
/// its core type.
struct Scalar {
    name: &'static str,
    ty: &'static str,
    core: Core,
}

const fn scalar(name: &'static str, ty: &'static str, core: Core) -> Scalar {
    Scalar { name, ty, core }
}

const SCALARS: &[Scalar] = &[
    scalar("bool", "bool", Core::I32),
    scalar("u8", "u8", Core::I32),
    scalar("s8", "s8", Core::I32),
    scalar("u16", "u16", Core::I32),
    scalar("s16", "s16", Core::I32),
    scalar("u32", "u32", Core::I32),
    scalar("s32", "s32", Core::I32),
    scalar("u64", "u64", Core::I64),
    scalar("s64", "s64", Core::I64),
    scalar("f32", "f32", Core::F32),
    scalar("f64", "f64", Core::F64),
    scalar("char", "char", Core::I32),
    scalar("enum", "$e", Core::I32),
    scalar("flags", "$fl", Core::I32),
];

/// The enum (3 cases) and flags (3 members) types, as defined in each
/// component.
const ENUM: &str = r#"(enum "a" "b" "c")"#;
const FLAGS: &str = r#"(flags "x" "y" "z")"#;

/// One `(quad)` of the 16-flat-value signature: `u8, f32, s64, bool`.
const QUAD: &str = r#"(record (field "p" u8) (field "q" f32) (field "r" s64) (field "s" bool))"#;
const QUAD_TUPLE: &str = "(tuple u8 f32 s64 bool)";

/// The raw core arguments `$Caller` passes in the 16-flat-value call, in
/// order (each `quad` is `u8, f32, s64, bool`), as the constants of their
/// core types.
const WIDE_ARGS: [&str; 16] = [
    // a: record quad
    "(i32.const 0x1ff)",
    "(f32.reinterpret_i32 (i32.const 0x7fc01234))",
    "(i64.const -5)",
    "(i32.const 2)",
    // b: tuple quad
    "(i32.const 0xffffff80)",
    "(f32.const 1.5)",
    "(i64.const 0x123456789abcdef0)",
    "(i32.const 0)",
    // c: record quad
    "(i32.const 0x100)",
    "(f32.reinterpret_i32 (i32.const 0x80000000))",
    "(i64.const 0x7fffffffffffffff)",
    "(i32.const 0x100)",
    // d: tuple quad
    "(i32.const 0x7f)",
    "(f32.reinterpret_i32 (i32.const 0xff800001))",
    "(i64.const -1)",
    "(i32.const -1)",
];

/// What the callee receives for [`WIDE_ARGS`], each as the `i64` it stores
/// (32-bit values zero-extended).
const WIDE_SEEN: [u64; 16] = [
    0xff,
    CANONICAL_F32_NAN as u64,
    -5i64 as u64,
    1,
    0x80,
    0x3fc0_0000,
    0x1234_5678_9abc_def0,
    0,
    0,
    0x8000_0000,
    0x7fff_ffff_ffff_ffff,
    1,
    0x7f,
    CANONICAL_F32_NAN as u64,
    u64::MAX,
    1,
];

/// One way for `$Caller` to call a function of `$Callee`: the functions of
/// a path take the path's leading parameters before the scalar under test.
struct Path {
    /// The prefix of the functions' names.
    prefix: &'static str,
    /// The leading parameters, in the component type.
    lead: &'static str,
    /// The leading core parameters.
    lead_core: &'static str,
    /// The leading core arguments `$Caller` passes.
    lead_args: &'static str,
    /// The options of `$Callee`'s `canon lift`.
    lift_opts: &'static str,
    /// The options of `$Caller`'s `canon lower`.
    lower_opts: &'static str,
}

/// The paths: scalars only (the scalar adapter); a leading empty `string`
/// (not scalar-only: the string adapter, or whatever else hoist uses for
/// such functions); a leading `borrow` of a resource (handles are moved
/// between the instances' tables through dynamic values).
const PATHS: [Path; 3] = [
    Path {
        prefix: "",
        lead: "",
        lead_core: "",
        lead_args: "",
        lift_opts: "",
        lower_opts: "",
    },
    Path {
        prefix: "gen-",
        lead: r#"(param "s" string) "#,
        lead_core: "i32 i32 ",
        lead_args: "(i32.const 0) (i32.const 0) ",
        lift_opts: r#"(memory (core memory $i "mem")) (realloc (core func $i "realloc"))"#,
        lower_opts: r#"(memory (core memory $libc "mem"))"#,
    },
    Path {
        prefix: "dyn-",
        lead: r#"(param "h" (borrow $r)) "#,
        lead_core: "i32 ",
        lead_args: "(call $handle) ",
        lift_opts: "",
        lower_opts: "",
    },
];

impl Path {
    /// How many core parameters come before the scalar under test.
    fn lead_count(&self) -> usize {
        self.lead_core.split_whitespace().count()
    }
}

/// A function that `$Callee` exports and `$Caller` imports, lowers, and
/// calls from its own export `call-NAME`.
struct Import<'a> {
    /// Its name, the path's prefix included.
    name: &'a str,
    /// How it is called.
    path: &'a Path,
    /// Its parameters after the path's leading ones, and its result.
    params: String,
    result: &'a str,
    /// The same as core types.
    core_params: &'a str,
    core_result: &'a str,
    /// The body of `$Callee`'s core function.
    body: String,
    /// The parameters of `call-NAME`, in the component and core types.
    call_params: String,
    call_core_params: &'a str,
    /// The body of `$Caller`'s core function for `call-NAME`.
    call: String,
    /// The result of `call-NAME`, in the component and core types.
    call_result: &'a str,
    call_core_result: &'a str,
}

/// The text of the outer component's pieces, gathered function by function.
#[derive(Default)]
struct Parts {
    callee_core: String,
    callee_lifts: String,
    caller_imports: String,
    caller_lowers: String,
    caller_core_imports: String,
    caller_core_funcs: String,
    caller_with: String,
    caller_lifts: String,
    outer_with: String,
    outer_exports: String,
}

impl Parts {
    /// Adds the function `f` to `$Callee` and `$Caller`, and `call-NAME` to
    /// the outer component's exports.
    fn add(&mut self, f: &Import<'_>) {
        let Import { name, path, .. } = *f;
        let params = format!("{}{}", path.lead, f.params);
        let core_params = format!("{}{}", path.lead_core, f.core_params);
        let (result, core_result) = (f.result, f.core_result);
        let (lift_opts, lower_opts) = (path.lift_opts, path.lower_opts);
        self.callee_core.push_str(&format!(
            "      (func (export \"{name}\") (param {core_params}) (result {core_result})\n        {})\n",
            f.body
        ));
        self.callee_lifts.push_str(&format!(
            "    (func (export \"{name}\") {params} (result {result})\n      \
             (canon lift (core func $i \"{name}\") {lift_opts}))\n"
        ));
        self.caller_imports.push_str(&format!(
            "    (import \"{name}\" (func $f-{name} {params} (result {result})))\n"
        ));
        self.caller_lowers.push_str(&format!(
            "    (core func $c-{name} (canon lower (func $f-{name}) {lower_opts}))\n"
        ));
        self.caller_core_imports.push_str(&format!(
            "      (import \"\" \"{name}\" (func $c-{name} (param {core_params}) (result {core_result})))\n"
        ));
        self.caller_core_funcs.push_str(&format!(
            "      (func (export \"call-{name}\") (param {}) (result {})\n        {})\n",
            f.call_core_params, f.call_core_result, f.call
        ));
        self.caller_with
            .push_str(&format!("        (export \"{name}\" (func $c-{name}))\n"));
        self.caller_lifts.push_str(&format!(
            "    (func (export \"call-{name}\") {} (result {})\n      \
             (canon lift (core func $i \"call-{name}\")))\n",
            f.call_params, f.call_result
        ));
        self.outer_with.push_str(&format!(
            "    (with \"{name}\" (func $callee \"{name}\"))\n"
        ));
        self.outer_exports.push_str(&format!(
            "  (export \"call-{name}\" (func $caller \"call-{name}\"))\n"
        ));
    }

    /// Re-exports `$Callee`'s `name` from the outer component as
    /// `callee-NAME`.
    fn export_callee(&mut self, name: &str) {
        self.outer_exports.push_str(&format!(
            "  (export \"callee-{name}\" (func $callee \"{name}\"))\n"
        ));
    }
}

/// The outer component. For each scalar `T` of [`SCALARS`], `$Callee`
/// exports
///
/// - `in-T: func(x: T) -> bits`, which stores `x` into its `$last` global and
///   returns its bits (`u32` or `u64`);
/// - `out-T: func(r: bits) -> T`, which returns the bits `r` as they are
///   (possibly invalid for `T`);
/// - `gen-in-T`, `gen-out-T`, `dyn-in-T` and `dyn-out-T`, the same with the
///   leading parameters of the other [`PATHS`] (ignored);
///
/// and `last: func() -> u64`; `wide` (16 flat parameters, result `u8`) and
/// `seen: func(i: u32) -> u64` (the `i`th value `wide` received); `pair:
/// func(x: u8, b: bool) -> u32`, `gen-pair` and `dyn-pair`, which return `x
/// | b << 16` of the raw values they received; and resource `r` with `make:
/// func() -> own<r>`.
///
/// `$Caller` imports all of them and exports `call-NAME` for each: the
/// arguments of `call-in-*` (and `call-pair`) are the raw bits passed on,
/// and every result is the raw bits received back; `call-wide` passes the
/// constants [`WIDE_ARGS`]; the `dyn-*` calls pass a handle from `make`
/// (made once). `$Caller` also exports `alive: func() -> u32`, which calls
/// nothing. The outer component re-exports `$Caller`'s functions (`alive`
/// as `caller-alive`), and `$Callee`'s `last`, `seen`, `pair` and its
/// scalar-only `in-T` and `out-T` as `callee-NAME` (except those of the
/// enum and flags, whose types it does not export).
fn adapters_wat() -> String {
    let mut parts = Parts::default();
    for s in SCALARS {
        let (c, bits, bits_ty, ty) = (s.core.name(), s.core.bits(), s.core.bits_ty(), s.ty);
        for path in &PATHS {
            // The value's index among the callee's core parameters.
            let value = format!("(local.get {})", path.lead_count());
            let lead_args = path.lead_args;
            for dir in ["in", "out"] {
                let name = format!("{}{dir}-{}", path.prefix, s.name);
                let f = if dir == "in" {
                    Import {
                        name: &name,
                        path,
                        params: format!(r#"(param "x" {ty})"#),
                        result: bits_ty,
                        core_params: c,
                        core_result: bits,
                        body: format!(
                            "(global.set $last {}) {}",
                            s.core.to_i64(&value),
                            s.core.to_bits(&value)
                        ),
                        call_params: format!(r#"(param "raw" {bits_ty})"#),
                        call_core_params: bits,
                        call: format!(
                            "(call $c-{name} {lead_args}{})",
                            s.core.with_bits("(local.get 0)")
                        ),
                        call_result: bits_ty,
                        call_core_result: bits,
                    }
                } else {
                    Import {
                        name: &name,
                        path,
                        params: format!(r#"(param "r" {bits_ty})"#),
                        result: ty,
                        core_params: bits,
                        core_result: c,
                        body: s.core.with_bits(&value),
                        call_params: format!(r#"(param "raw" {bits_ty})"#),
                        call_core_params: bits,
                        call: s
                            .core
                            .to_bits(&format!("(call $c-{name} {lead_args}(local.get 0))")),
                        call_result: bits_ty,
                        call_core_result: bits,
                    }
                };
                parts.add(&f);
                if path.prefix.is_empty() && !matches!(s.name, "enum" | "flags") {
                    parts.export_callee(&name);
                }
            }
        }
    }
    for path in &PATHS {
        let (at, lead_args) = (path.lead_count(), path.lead_args);
        let name = format!("{}pair", path.prefix);
        parts.add(&Import {
            name: &name,
            path,
            params: r#"(param "x" u8) (param "b" bool)"#.to_string(),
            result: "u32",
            core_params: "i32 i32",
            core_result: "i32",
            body: format!(
                "(i32.or (local.get {at}) (i32.shl (local.get {}) (i32.const 16)))",
                at + 1
            ),
            call_params: r#"(param "x" u32) (param "b" u32)"#.to_string(),
            call_core_params: "i32 i32",
            call: format!("(call $c-{name} {lead_args}(local.get 0) (local.get 1))"),
            call_result: "u32",
            call_core_result: "i32",
        });
    }
    parts.export_callee("pair");
    let Parts {
        callee_core,
        callee_lifts,
        caller_imports,
        caller_lowers,
        caller_core_imports,
        caller_core_funcs,
        caller_with,
        caller_lifts,
        outer_with,
        outer_exports,
    } = parts;

    let wide_params = format!(
        r#"(param "a" $quad) (param "b" {QUAD_TUPLE}) (param "c" $quad) (param "d" {QUAD_TUPLE})"#
    );
    let wide_core = "i32 f32 i64 i32 i32 f32 i64 i32 i32 f32 i64 i32 i32 f32 i64 i32";
    let wide_core_types: Vec<&str> = wide_core.split(' ').collect();
    let wide_stores: String = wide_core_types
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let core = match *t {
                "i32" => Core::I32,
                "i64" => Core::I64,
                _ => Core::F32,
            };
            format!(
                "(i64.store (i32.const {}) {})",
                1024 + 8 * k,
                core.to_i64(&format!("(local.get {k})"))
            )
        })
        .collect();
    let wide_args = WIDE_ARGS.join(" ");

    format!(
        r#"(component
  (component $Callee
    (type $res (resource (rep i32)))
    (export $r "r" (type $res))
    (core func $new (canon resource.new $res))
    (core module $m
      (import "" "new" (func $new (param i32) (result i32)))
      (memory (export "mem") 1)
      (global $last (mut i64) (i64.const -1))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 256))
      (func (export "last") (result i64) (global.get $last))
      (func (export "make") (result i32) (call $new (i32.const 0)))
      (func (export "wide") (param {wide_core}) (result i32) {wide_stores} (i32.const 0x1234))
      (func (export "seen") (param i32) (result i64)
        (i64.load (i32.add (i32.const 1024) (i32.shl (local.get 0) (i32.const 3)))))
{callee_core}    )
    (core instance $i (instantiate $m (with "" (instance (export "new" (func $new))))))
    (type $e' {ENUM})
    (export $e "e" (type $e'))
    (type $fl' {FLAGS})
    (export $fl "fl" (type $fl'))
    (type $quad' {QUAD})
    (export $quad "quad" (type $quad'))
    (func (export "last") (result u64) (canon lift (core func $i "last")))
    (func (export "make") (result (own $r)) (canon lift (core func $i "make")))
    (func (export "wide") {wide_params} (result u8) (canon lift (core func $i "wide")))
    (func (export "seen") (param "i" u32) (result u64) (canon lift (core func $i "seen")))
{callee_lifts}  )
  (instance $callee (instantiate $Callee))

  (component $Caller
    (type $e' {ENUM})
    (import "e" (type $e (eq $e')))
    (type $fl' {FLAGS})
    (import "fl" (type $fl (eq $fl')))
    (type $quad' {QUAD})
    (import "quad" (type $quad (eq $quad')))
    (import "r" (type $r (sub resource)))
    (import "make" (func $f-make (result (own $r))))
    (import "wide" (func $f-wide {wide_params} (result u8)))
{caller_imports}    (core module $libc (memory (export "mem") 1))
    (core instance $libc (instantiate $libc))
    (core func $c-make (canon lower (func $f-make)))
    (core func $c-wide (canon lower (func $f-wide)))
{caller_lowers}    (core module $m
      (import "" "make" (func $c-make (result i32)))
      (import "" "wide" (func $c-wide (param {wide_core}) (result i32)))
{caller_core_imports}      ;; A handle to a resource of `$Callee`, for the `dyn-*` functions.
      (global $h (mut i32) (i32.const 0))
      (func $handle (result i32)
        (if (i32.eqz (global.get $h)) (then (global.set $h (call $c-make))))
        (global.get $h))
      (func (export "alive") (result i32) (i32.const 1))
      (func (export "call-wide") (result i32) (call $c-wide {wide_args}))
{caller_core_funcs}    )
    (core instance $i (instantiate $m (with "" (instance
        (export "make" (func $c-make))
        (export "wide" (func $c-wide))
{caller_with}      ))))
    (func (export "alive") (result u32) (canon lift (core func $i "alive")))
    (func (export "call-wide") (result u32) (canon lift (core func $i "call-wide")))
{caller_lifts}  )
  (instance $caller (instantiate $Caller
    (with "e" (type $callee "e"))
    (with "fl" (type $callee "fl"))
    (with "quad" (type $callee "quad"))
    (with "r" (type $callee "r"))
    (with "make" (func $callee "make"))
    (with "wide" (func $callee "wide"))
{outer_with}  ))
  (export "caller-alive" (func $caller "alive"))
  (export "call-wide" (func $caller "call-wide"))
  (export "callee-last" (func $callee "last"))
  (export "callee-seen" (func $callee "seen"))
{outer_exports})"#
    )
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Compiles `wat`, panicking with the error and the text.
fn compile(wat: &str) -> Component {
    Component::new(engine(), wat).unwrap_or_else(|e| panic!("{e:#}\n{wat}"))
}

/// The compiled [`adapters_wat`], shared by all tests.
fn compiled() -> &'static Component {
    static COMPILED: std::sync::OnceLock<Component> = std::sync::OnceLock::new();
    COMPILED.get_or_init(|| compile(&adapters_wat()))
}

/// A fresh instance of [`adapters_wat`] (or of another component) in its
/// own store.
struct Fixture {
    store: Store<()>,
    inst: Instance,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture::of(compiled())
    }

    fn of(component: &Component) -> Fixture {
        let engine = engine();
        let mut store = Store::new(engine, ());
        let inst = Linker::new(engine)
            .instantiate(&mut store, component)
            .unwrap_or_else(|e| panic!("{e:#}"));
        Fixture { store, inst }
    }

    /// Calls export `name` with `args`, post-return included.
    fn call(&mut self, name: &str, args: &[Val]) -> Result<Vec<Val>> {
        let f = self
            .inst
            .get_func(&mut self.store, name)
            .unwrap_or_else(|| panic!("no export `{name}`"));
        let mut out = vec![Val::Bool(false); f.results(&self.store).len()];
        f.call(&mut self.store, args, &mut out)?;
        f.post_return(&mut self.store)?;
        Ok(out)
    }

    /// Calls export `name`, which returns a `u32` or a `u64`, with `args`;
    /// returns the result's bits.
    fn call_bits(&mut self, name: &str, args: &[Val]) -> Result<u64> {
        match self.call(name, args)?.as_slice() {
            [Val::U32(v)] => Ok(u64::from(*v)),
            [Val::U64(v)] => Ok(*v),
            other => panic!("`{name}` returned {other:?}"),
        }
    }

    /// Has `$Caller` call its import `name` with the raw bits `raw` (an
    /// `in-*` function) or have it return them (an `out-*` function);
    /// returns the raw bits `$Caller`'s core code received back.
    fn raw(&mut self, name: &str, raw: u64) -> Result<u64> {
        let export = format!("call-{name}");
        let f = self
            .inst
            .get_func(&mut self.store, &export)
            .unwrap_or_else(|| panic!("no export `{export}`"));
        let arg = match f.params(&self.store)[0].1 {
            hoist::component::Type::U64 => Val::U64(raw),
            _ => Val::U32(u32::try_from(raw).expect("32-bit raw value")),
        };
        self.call_bits(&export, &[arg])
    }

    /// The last value an `in-*` function of `$Callee` received (as an `i64`,
    /// 32-bit values zero-extended; -1 before any), asked from the host.
    fn last(&mut self) -> Result<u64> {
        self.call_bits("callee-last", &[])
    }

    /// Whether `$Caller` can still be entered (`Ok`) or is poisoned (the
    /// error).
    fn caller_alive(&mut self) -> Result<()> {
        assert_eq!(self.call("caller-alive", &[])?, [Val::U32(1)]);
        Ok(())
    }
}

/// Asserts that `r` failed because its instance (`what`) was poisoned.
#[track_caller]
fn assert_poisoned<T: std::fmt::Debug>(r: Result<T>, what: &str) {
    match r {
        Ok(v) => panic!("{what} is not poisoned: the call returned {v:?}"),
        Err(err) => assert_poisoned_error(&err),
    }
}

/// The message of the trap (`Trap::InvalidChar`) for the `char` bits `bits`.
fn bad_char(bits: u64) -> String {
    format!("`char` bit pattern {bits:#x} is not a Unicode scalar value")
}

/// The message of the trap (`Trap::InvalidDiscriminant`) for the
/// discriminant `disc` of the 3-case enum.
fn bad_enum(disc: u64) -> String {
    format!("discriminant {disc} out of range [0..3)")
}

/// Checks both directions of scalar `name` for each `(raw, want)`: the
/// callee's `in-NAME` receives `want` when the caller passes `raw` (as the
/// echo and the callee's `last` say), and the caller receives `want` when
/// the callee's `out-NAME` returns `raw`.
#[track_caller]
fn assert_converts(name: &str, cases: &[(u64, u64)]) {
    let mut fx = Fixture::new();
    for &(raw, want) in cases {
        let got = fx.raw(&format!("in-{name}"), raw).unwrap();
        assert_eq!(got, want, "in-{name}: the callee got {got:#x} for {raw:#x}");
        assert_eq!(fx.last().unwrap(), want, "in-{name}({raw:#x}): `last`");
        let got = fx.raw(&format!("out-{name}"), raw).unwrap();
        assert_eq!(
            got, want,
            "out-{name}: the caller got {got:#x} for {raw:#x}"
        );
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

/// Narrow integers are wrapped to their width and zero- or sign-extended,
/// `bool`s become 0 or 1 (any non-zero `i32` is true), and 32- and 64-bit
/// integers pass unchanged, in both directions.
#[test]
fn narrow_integers_and_bools_are_normalized() {
    assert_converts(
        "u8",
        &[(0x1ff, 0xff), (0xffff_ff80, 0x80), (0x7f, 0x7f), (0x100, 0)],
    );
    assert_converts(
        "s8",
        &[
            (0x180, 0xffff_ff80),
            (0xff, 0xffff_ffff),
            (0x7f, 0x7f),
            (0xffff_fe7f, 0x7f),
        ],
    );
    assert_converts(
        "u16",
        &[(0x1_8000, 0x8000), (0xffff_ffff, 0xffff), (0x1234, 0x1234)],
    );
    assert_converts(
        "s16",
        &[
            (0x1_8000, 0xffff_8000),
            (0x1_7fff, 0x7fff),
            (0xffff, 0xffff_ffff),
        ],
    );
    assert_converts(
        "bool",
        &[
            (2, 1),
            (0x100, 1),
            (0x8000_0000, 1),
            (0xffff_ffff, 1),
            (1, 1),
            (0, 0),
        ],
    );
    for name in ["u32", "s32"] {
        assert_converts(
            name,
            &[(0xdead_beef, 0xdead_beef), (0xffff_ffff, 0xffff_ffff)],
        );
    }
    for name in ["u64", "s64"] {
        assert_converts(
            name,
            &[
                (0xdead_beef_0123_4567, 0xdead_beef_0123_4567),
                (u64::MAX, u64::MAX),
            ],
        );
    }
}

/// NaNs, whatever their sign and payload (quiet or signaling), come out as
/// the canonical NaN; every other float passes bit for bit.
#[test]
fn nans_are_canonicalized_and_other_floats_kept() {
    let mut f32s = vec![];
    for nan in [
        0x7fc0_1234u32,
        0xffc0_0000,
        0x7f80_0001,
        0xffff_ffff,
        0x7fc0_0000,
    ] {
        assert!(f32::from_bits(nan).is_nan());
        f32s.push((u64::from(nan), u64::from(CANONICAL_F32_NAN)));
    }
    for x in [
        1.5f32,
        -0.0,
        0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::MAX,
    ] {
        f32s.push((u64::from(x.to_bits()), u64::from(x.to_bits())));
    }
    // The smallest subnormal.
    f32s.push((1, 1));
    assert_converts("f32", &f32s);

    let mut f64s = vec![];
    for nan in [
        0x7ff8_0000_0000_1234u64,
        0xfff8_0000_0000_0000,
        0x7ff0_0000_0000_0001,
        u64::MAX,
        0x7ff8_0000_0000_0000,
    ] {
        assert!(f64::from_bits(nan).is_nan());
        f64s.push((nan, CANONICAL_F64_NAN));
    }
    for x in [
        1.5f64,
        -0.0,
        0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MIN,
    ] {
        f64s.push((x.to_bits(), x.to_bits()));
    }
    f64s.push((1, 1));
    assert_converts("f64", &f64s);
}

/// `flags` with 3 members keep only their 3 bits.
#[test]
fn flags_keep_only_their_defined_bits() {
    assert_converts(
        "flags",
        &[
            (0xffff_ffff, 0b111),
            (0b1010, 0b010),
            (0x8000_0005, 0b101),
            (0b111, 0b111),
            (0, 0),
        ],
    );
}

/// Shared by the `char` and `enum` tests: `good` pass in both directions;
/// each of `bad` traps (`kind`) with `msg(bad)`, as an argument before the callee is
/// entered (the callee's `last` is unchanged and it stays usable, while the
/// caller, whose core code trapped, is poisoned), and as a result inside the
/// callee (which is poisoned, and the caller too).
#[track_caller]
fn assert_checked(name: &str, good: &[u64], bad: &[u64], kind: Trap, msg: fn(u64) -> String) {
    let cases: Vec<(u64, u64)> = good.iter().map(|&v| (v, v)).collect();
    assert_converts(name, &cases);
    for &bits in bad {
        // A bad argument.
        let mut fx = Fixture::new();
        assert_eq!(fx.raw(&format!("in-{name}"), good[0]).unwrap(), good[0]);
        let err = fx.raw(&format!("in-{name}"), bits).unwrap_err();
        assert_trap(&err, kind, &msg(bits));
        assert_eq!(
            fx.last().unwrap(),
            good[0],
            "in-{name}({bits:#x}): the callee was not entered and can still be"
        );
        assert_eq!(
            fx.call_bits("callee-in-u8", &[Val::U8(7)]).unwrap(),
            7,
            "in-{name}({bits:#x}): the callee is usable"
        );
        assert_poisoned(
            fx.caller_alive(),
            &format!("in-{name}({bits:#x}): the caller"),
        );

        // A bad result.
        let mut fx = Fixture::new();
        let err = fx.raw(&format!("out-{name}"), bits).unwrap_err();
        assert_trap(&err, kind, &msg(bits));
        let what = format!("out-{name}({bits:#x}): the callee");
        assert_poisoned(fx.last(), &what);
        assert_poisoned(fx.call("callee-in-u8", &[Val::U8(7)]), &what);
        assert_poisoned(
            fx.caller_alive(),
            &format!("out-{name}({bits:#x}): the caller"),
        );
    }
}

/// A `char` must be a Unicode scalar value: a surrogate or a value above
/// U+10FFFF traps; from the caller without entering the callee, from the
/// callee poisoning it.
#[test]
fn invalid_chars_trap_and_bad_results_poison_the_callee() {
    assert_checked(
        "char",
        &[0x1_f600, 0, 0x41, 0xd7ff, 0xe000, 0x10_ffff],
        &[0xd800, 0xdfff, 0x11_0000, 0xffff_ffff],
        Trap::InvalidChar,
        bad_char,
    );
    // The host calls the callee directly, too.
    let mut fx = Fixture::new();
    assert_eq!(
        fx.call_bits("callee-in-char", &[Val::Char('\u{1f600}')])
            .unwrap(),
        0x1_f600
    );
}

/// An `enum` discriminant must be below the number of cases (3).
#[test]
fn enum_discriminants_out_of_range_trap() {
    assert_checked(
        "enum",
        &[2, 0, 1],
        &[3, 4, 0xffff_ffff],
        Trap::InvalidDiscriminant,
        bad_enum,
    );
}

/// A signature of 16 flat values (records and tuples of `u8, f32, s64,
/// bool`, the most that is passed flat) is converted position by position;
/// its `u8` result too.
#[test]
fn records_and_tuples_of_16_flat_values_are_converted_field_by_field() {
    let mut fx = Fixture::new();
    // The callee returned 0x1234 as a `u8`.
    assert_eq!(fx.call("call-wide", &[]).unwrap(), [Val::U32(0x34)]);
    for (i, want) in WIDE_SEEN.iter().enumerate() {
        let got = fx.call_bits("callee-seen", &[Val::U32(i as u32)]).unwrap();
        assert_eq!(
            got, *want,
            "flat value {i}: the caller passed {}, the callee got {got:#x}",
            WIDE_ARGS[i]
        );
    }
    // Both instances are still usable.
    fx.caller_alive().unwrap();
    assert_eq!(fx.call("call-wide", &[]).unwrap(), [Val::U32(0x34)]);
}

/// What one call of the differential test did, and the state it left:
/// the result bits or the trap (kind and message), the callee's `last`
/// afterwards (or why it could not be called), and whether the caller can
/// still be entered.
#[derive(Debug, PartialEq)]
struct Outcome {
    result: Result<u64, (Option<Trap>, String)>,
    last: Result<u64, (Option<Trap>, String)>,
    caller: Result<(), (Option<Trap>, String)>,
}

fn describe(err: anyhow::Error) -> (Option<Trap>, String) {
    (err.downcast_ref::<Trap>().copied(), err.to_string())
}

/// Calls `name` through `fx` with `raw`, and replaces `fx` with a fresh
/// instance if the call failed.
fn outcome(fx: &mut Fixture, name: &str, raw: u64) -> Outcome {
    let result = fx.raw(name, raw).map_err(describe);
    let last = fx.last().map_err(describe);
    let caller = fx.caller_alive().map_err(describe);
    if result.is_err() {
        *fx = Fixture::new();
    }
    Outcome {
        result,
        last,
        caller,
    }
}

/// The raw values the differential test passes as `bits`.
fn raw_values(core: Core) -> Vec<u64> {
    if core.is_wide() {
        vec![
            0,
            1,
            2,
            0xff,
            0x1ff,
            0x1_0000_0001,
            0x8000_0000_0000_0000,
            1.5f64.to_bits(),
            (-0.0f64).to_bits(),
            f64::INFINITY.to_bits(),
            0x7ff8_0000_0000_1234,
            0x7ff0_0000_0000_0001,
            0xfff8_0000_0000_0000,
            u64::MAX,
        ]
    } else {
        vec![
            0,
            1,
            2,
            3,
            0x7f,
            0x80,
            0xff,
            0x100,
            0x1ff,
            0x7fff,
            0x8000,
            0x1_8000,
            0xd7ff,
            0xd800,
            0xdfff,
            0x1_f600,
            0x10_ffff,
            0x11_0000,
            0x3fc0_0000,
            0x7f80_0000,
            0x7fc0_1234,
            0x7f80_0001,
            0x8000_0000,
            0xffc0_0000,
            0xffff_ffff,
        ]
    }
}

/// The scalar adapter agrees with the other ways of calling: for every
/// scalar type and raw value, in both directions, the same function with a
/// leading `string` parameter and with a leading `borrow` parameter (neither
/// scalar-only; the `borrow` goes through dynamic values) gives the same
/// result, or the same trap with the same message, and leaves the callee
/// and the caller in the same state.
#[test]
fn the_scalar_adapter_agrees_with_the_general_paths() {
    let mut fixtures: Vec<Fixture> = PATHS.iter().map(|_| Fixture::new()).collect();
    for s in SCALARS {
        for dir in ["in", "out"] {
            for raw in raw_values(s.core) {
                let name = format!("{dir}-{}", s.name);
                let outcomes: Vec<Outcome> = PATHS
                    .iter()
                    .zip(&mut fixtures)
                    .map(|(path, fx)| outcome(fx, &format!("{}{name}", path.prefix), raw))
                    .collect();
                for (path, o) in PATHS.iter().zip(&outcomes).skip(1) {
                    assert_eq!(
                        &outcomes[0], o,
                        "{name}({raw:#x}): scalar-only (left) and `{}{name}` (right)",
                        path.prefix
                    );
                }
            }
        }
    }
}

/// Two narrow parameters at once: `pair: func(x: u8, b: bool) -> u32`
/// (scalar-only) and the same with a leading `string` or `borrow` parameter
/// normalize the same raw arguments the same way, as the host's own
/// lowering of the normalized values does.
#[test]
fn u8_and_bool_arguments_agree_between_the_paths() {
    let mut fx = Fixture::new();
    for x in [0u32, 0x7f, 0x80, 0xff, 0x100, 0x1ff, 0xffff_ffff] {
        for b in [0u32, 1, 2, 0x100, 0x8000_0000, 0xffff_ffff] {
            let want = u64::from(x & 0xff | u32::from(b != 0) << 16);
            let args = [Val::U32(x), Val::U32(b)];
            for path in PATHS {
                let got = fx
                    .call_bits(&format!("call-{}pair", path.prefix), &args)
                    .unwrap();
                assert_eq!(got, want, "{}pair: x = {x:#x}, b = {b:#x}", path.prefix);
            }
            let host = fx
                .call_bits("callee-pair", &[Val::U8(x as u8), Val::Bool(b != 0)])
                .unwrap();
            assert_eq!(host, want, "from the host: x = {x:#x}, b = {b:#x}");
        }
    }
}

// ---------------------------------------------------------------------------
// The fused adapter: strings, lists, spilled parameters and results
// ---------------------------------------------------------------------------

/// A bump allocator that counts its calls (`realloc-calls`) and, once armed
/// (`arm` with a non-zero value), traps instead of allocating.
const COUNTING_REALLOC: &str = r#"
    (global $next (mut i32) (i32.const 4096))
    (global $reallocs (mut i32) (i32.const 0))
    (global $armed (mut i32) (i32.const 0))
    (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (if (global.get $armed) (then unreachable))
      (global.set $reallocs (i32.add (global.get $reallocs) (i32.const 1)))
      (if (i32.and (i32.ne (local.get $old) (i32.const 0)) (i32.le_u (local.get $size) (local.get $old_size)))
        (then (return (local.get $old))))
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $p) (local.get $size)))
      (memory.copy (local.get $p) (local.get $old) (local.get $old_size))
      (local.get $p))
    (func (export "arm") (param i32) (global.set $armed (local.get 0)))
    (func (export "realloc-calls") (result i32) (global.get $reallocs))"#;

/// The string encodings of the canonical options.
const ENCODINGS: [&str; 3] = ["utf8", "utf16", "latin1+utf16"];

/// The outer component of the fused-adapter tests: `$Caller` (strings in
/// `lower`, on its `canon lower` and `canon lift`) calls `$Callee` (strings
/// in `lift`), whose functions, all lifted from core functions that hand
/// back what they were given (or fixed data), are:
///
/// - `echo: func(s: string) -> string`, whose `post-return` counts its runs
///   (`posts: func() -> u32`) and fills the returned string's bytes with
///   `X` (`last-bytes: func() -> list<u8>` reads them afterwards);
/// - `bad-string: func(p: u32, len: u32) -> string`: `p` and `len` as they
///   are (the data at 200 is `\ff\fe`, at 600 `héllo`);
/// - `u16s`, `recs` and `chars`, echoes of `list<u16>`, `list<rec>` (`rec`
///   is `record { a: u8, b: string }`) and `list<char>`;
/// - `concat: func(s0: string, .., s8: string) -> string` (18 flat values:
///   spilled), the concatenation of its UTF-8 arguments, which traps unless
///   they were allocated after their block, in order;
/// - `triple: func() -> tuple<string, u64, string>` (spilled), the constant
///   `("héllo", 0x0123456789abcdef, "wörld 😀")`;
/// - `realloc-calls: func() -> u32`, the calls of its `realloc`.
///
/// `$Caller` imports them all and exports, re-exported by the outer
/// component: `run-echo: func(s: string) -> tuple<string, u32>` (`echo`'s
/// result and the calls of `$Caller`'s own `realloc` during the call);
/// `send: func(p: u32, len: u32) -> u32`, which passes its memory's raw
/// `p` and `len` to `echo` (at 200 its memory holds `ok\ff\fe\00\d8`) and
/// returns the length it got back; `fetch: func(p: u32, len: u32, armed:
/// u32) -> u32`, which arms its `realloc` if `armed`, calls `bad-string`
/// and returns the length it got; `run-u16s`, `run-recs`, `run-chars`,
/// `run-concat` and `run-triple`, which pass their arguments on and return
/// the results; `bad-chars: func() -> u32`, which passes `chars` the list
/// `['A', 0xd800]` it wrote. `$Callee`'s `echo`, `posts`, `last-bytes` and
/// `realloc-calls` are re-exported as `callee-NAME`.
fn fused_wat(lower: &str, lift: &str) -> String {
    let strings: String = (0..9)
        .map(|i| format!(r#"(param "s{i}" string) "#))
        .collect();
    let list = |ty: &str| format!(r#"(param "l" (list {ty})) (result (list {ty}))"#);
    let (u16s, recs, chars) = (list("u16"), list("$rec"), list("char"));
    let concat = format!("{strings}(result string)");
    let echo = r#"(param "s" string) (result string)"#;
    let raw = r#"(param "p" u32) (param "len" u32) (result string)"#;
    let triple = "(result (tuple string u64 string))";
    let post = r#" (post-return (core func $i "post-echo"))"#;
    // Name, type, the callee's core function and its extra options, and
    // the core parameters of the lowered function.
    let funcs = [
        ("echo", echo, "pair", post, "i32 i32 i32"),
        ("bad-string", raw, "pair", "", "i32 i32 i32"),
        ("u16s", &u16s, "pair", "", "i32 i32 i32"),
        ("recs", &recs, "pair", "", "i32 i32 i32"),
        ("chars", &chars, "pair", "", "i32 i32 i32"),
        ("concat", &concat, "concat", "", "i32 i32"),
        ("triple", triple, "triple", "", "i32"),
    ];
    let lift_opts = format!(
        r#"(memory (core memory $i "mem")) (realloc (core func $i "realloc")) string-encoding={lift}"#
    );
    let lower_opts = format!(
        r#"(memory (core memory $libc "mem")) (realloc (core func $libc "realloc")) string-encoding={lower}"#
    );
    let mut p = Parts::default();
    for (name, ty, core, extra, core_params) in funcs {
        p.callee_lifts.push_str(&format!(
            "    (func (export \"{name}\") {ty}\n      (canon lift (core func $i \"{core}\") {lift_opts}{extra}))\n"
        ));
        p.caller_imports
            .push_str(&format!("    (import \"{name}\" (func $f-{name} {ty}))\n"));
        p.caller_lowers.push_str(&format!(
            "    (core func $c-{name} (canon lower (func $f-{name}) {lower_opts}))\n"
        ));
        p.caller_core_imports.push_str(&format!(
            "      (import \"\" \"{name}\" (func $c-{name} (param {core_params})))\n"
        ));
        p.caller_with
            .push_str(&format!("        (export \"{name}\" (func $c-{name}))\n"));
        p.outer_with.push_str(&format!(
            "    (with \"{name}\" (func $callee \"{name}\"))\n"
        ));
    }
    // The caller's exports, and whether they take the options.
    let run_echo = r#"(param "s" string) (result (tuple string u32))"#;
    let send = r#"(param "p" u32) (param "len" u32) (result u32)"#;
    let fetch = r#"(param "p" u32) (param "len" u32) (param "armed" u32) (result u32)"#;
    let exports = [
        ("run-echo", run_echo, true),
        ("send", send, false),
        ("fetch", fetch, false),
        ("bad-chars", "(result u32)", false),
        ("run-u16s", &u16s, true),
        ("run-recs", &recs, true),
        ("run-chars", &chars, true),
        ("run-concat", &concat, true),
        ("run-triple", triple, true),
    ];
    for (name, ty, opts) in exports {
        let opts = if opts { lower_opts.as_str() } else { "" };
        p.caller_lifts.push_str(&format!(
            "    (func (export \"{name}\") {ty}\n      (canon lift (core func $i \"{name}\") {opts}))\n"
        ));
        // Typed by the outer component's export of `rec`.
        p.outer_exports.push_str(&format!(
            "  (export \"{name}\" (func $caller \"{name}\") (func {ty}))\n"
        ));
    }
    for name in ["echo", "posts", "last-bytes", "realloc-calls"] {
        p.export_callee(name);
    }
    // The length in bytes of a string of `lift` with (tagged) length `$len`.
    let byte_length = match lift {
        "utf8" => "(local.get $len)",
        "utf16" => "(i32.shl (local.get $len) (i32.const 1))",
        _ => {
            "(if (result i32) (i32.lt_s (local.get $len) (i32.const 0)) \
              (then (i32.shl (i32.and (local.get $len) (i32.const 0x7fffffff)) (i32.const 1))) \
              (else (local.get $len)))"
        }
    };
    let rec = r#"(record (field "a" u8) (field "b" string))"#;
    let Parts {
        callee_lifts,
        caller_imports,
        caller_lowers,
        caller_core_imports,
        caller_with,
        caller_lifts,
        outer_with,
        outer_exports,
        ..
    } = p;
    format!(
        r#"(component
  (component $Callee
    (type $rec' {rec})
    (export $rec "rec" (type $rec'))
    (core module $m
      (memory (export "mem") 1)
      {COUNTING_REALLOC}
      (global $posts (mut i32) (i32.const 0))
      (data (i32.const 200) "\ff\fe")
      (data (i32.const 600) "h\c3\a9llo")
      (data (i32.const 620) "w\c3\b6rld \f0\9f\98\80")
      (func $bytes (param $len i32) (result i32) {byte_length})
      (func (export "pair") (param i32 i32) (result i32)
        (i32.store (i32.const 16) (local.get 0)) (i32.store (i32.const 20) (local.get 1)) (i32.const 16))
      (func (export "post-echo") (param $r i32)
        (global.set $posts (i32.add (global.get $posts) (i32.const 1)))
        (memory.fill (i32.load (local.get $r)) (i32.const 0x58)
          (call $bytes (i32.load offset=4 (local.get $r)))))
      (func (export "posts") (result i32) (global.get $posts))
      (func (export "last-bytes") (result i32)
        (i32.store (i32.const 24) (i32.load (i32.const 16)))
        (i32.store (i32.const 28) (call $bytes (i32.load (i32.const 20))))
        (i32.const 24))
      (func (export "concat") (param $blk i32) (result i32)
        (local $i i32) (local $at i32) (local $out i32) (local $len i32) (local $end i32)
        (local.set $out (i32.const 1024))
        (local.set $end (i32.add (local.get $blk) (i32.const 72)))
        (loop $next
          (local.set $at (i32.add (local.get $blk) (i32.shl (local.get $i) (i32.const 3))))
          ;; Allocated after the block and the previous strings, or trap.
          (if (i32.lt_u (i32.load (local.get $at)) (local.get $end)) (then unreachable))
          (local.set $end (i32.load (local.get $at)))
          (local.set $len (i32.load offset=4 (local.get $at)))
          (memory.copy (local.get $out) (i32.load (local.get $at)) (local.get $len))
          (local.set $out (i32.add (local.get $out) (local.get $len)))
          (br_if $next (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 9))))
        (i32.store (i32.const 16) (i32.const 1024))
        (i32.store (i32.const 20) (i32.sub (local.get $out) (i32.const 1024)))
        (i32.const 16))
      (func (export "triple") (result i32)
        (i32.store (i32.const 512) (i32.const 600)) (i32.store (i32.const 516) (i32.const 6))
        (i64.store (i32.const 520) (i64.const 0x0123456789abcdef))
        (i32.store (i32.const 528) (i32.const 620)) (i32.store (i32.const 532) (i32.const 11))
        (i32.const 512)))
    (core instance $i (instantiate $m))
    (func (export "posts") (result u32) (canon lift (core func $i "posts")))
    (func (export "realloc-calls") (result u32) (canon lift (core func $i "realloc-calls")))
    (func (export "last-bytes") (result (list u8)) (canon lift (core func $i "last-bytes") {lift_opts}))
{callee_lifts}  )
  (instance $callee (instantiate $Callee))

  (component $Caller
    (type $rec' {rec})
    (import "rec" (type $rec (eq $rec')))
{caller_imports}    (core module $libc
      (memory (export "mem") 1)
      (data (i32.const 200) "ok\ff\fe\00\d8")
      {COUNTING_REALLOC})
    (core instance $libc (instantiate $libc))
{caller_lowers}    (core module $m
      (import "libc" "mem" (memory 1))
      (import "libc" "arm" (func $arm (param i32)))
      (import "libc" "realloc-calls" (func $reallocs (result i32)))
{caller_core_imports}      (func (export "run-echo") (param i32 i32) (result i32)
        (local $n i32)
        (local.set $n (call $reallocs))
        (call $c-echo (local.get 0) (local.get 1) (i32.const 32))
        (i32.store (i32.const 40) (i32.sub (call $reallocs) (local.get $n)))
        (i32.const 32))
      (func (export "send") (param i32 i32) (result i32)
        (call $c-echo (local.get 0) (local.get 1) (i32.const 32)) (i32.load (i32.const 36)))
      (func (export "fetch") (param i32 i32 i32) (result i32)
        (call $arm (local.get 2))
        (call $c-bad-string (local.get 0) (local.get 1) (i32.const 32)) (i32.load (i32.const 36)))
      (func (export "bad-chars") (result i32)
        (i32.store (i32.const 128) (i32.const 0x41)) (i32.store (i32.const 132) (i32.const 0xd800))
        (call $c-chars (i32.const 128) (i32.const 2) (i32.const 32)) (i32.const 1))
      (func (export "run-concat") (param i32) (result i32)
        (call $c-concat (local.get 0) (i32.const 32)) (i32.const 32))
      (func (export "run-triple") (result i32) (call $c-triple (i32.const 64)) (i32.const 64))
      (func (export "run-u16s") (param i32 i32) (result i32)
        (call $c-u16s (local.get 0) (local.get 1) (i32.const 32)) (i32.const 32))
      (func (export "run-recs") (param i32 i32) (result i32)
        (call $c-recs (local.get 0) (local.get 1) (i32.const 32)) (i32.const 32))
      (func (export "run-chars") (param i32 i32) (result i32)
        (call $c-chars (local.get 0) (local.get 1) (i32.const 32)) (i32.const 32)))
    (core instance $i (instantiate $m (with "libc" (instance $libc)) (with "" (instance
{caller_with}      ))))
{caller_lifts}  )
  (instance $caller (instantiate $Caller
    (with "rec" (type $callee "rec"))
{outer_with}  ))
  (export $rec "rec" (type $callee "rec"))
{outer_exports})"#
    )
}

/// A fresh instance of [`fused_wat`]`(lower, lift)`.
fn fused(lower: &str, lift: &str) -> Fixture {
    Fixture::of(&compile(&fused_wat(lower, lift)))
}

impl Fixture {
    /// How many times `$Callee`'s `realloc` has been called.
    fn callee_reallocs(&mut self) -> Result<u64> {
        self.call_bits("callee-realloc-calls", &[])
    }

    /// Calls `name` with `args` and returns its only result.
    fn call1(&mut self, name: &str, args: Vec<Val>) -> Result<Val> {
        let mut out = self.call(name, &args)?;
        assert_eq!(out.len(), 1, "`{name}` returned {out:?}");
        Ok(out.remove(0))
    }
}

/// A `string` value.
fn s(text: &str) -> Val {
    Val::String(text.into())
}

/// How many `realloc` calls the spec's `store_string_into_range` makes to
/// store `text`, held in encoding `from`, into a guest with encoding `to`
/// (a `latin1+utf16` guest holds text that fits Latin-1 as Latin-1).
fn reallocs(from: &str, to: &str, text: &str) -> u64 {
    let latin1 = text.chars().all(|c| u32::from(c) < 256);
    let (ascii, utf16) = (text.is_ascii(), text.encode_utf16().count());
    // The source's simple encoding and length in code units.
    let (src, units) = match from {
        "utf8" => ("utf8", text.len()),
        "latin1+utf16" if latin1 => ("latin1", text.chars().count()),
        _ => ("utf16", utf16),
    };
    let more = |b: bool| u64::from(b);
    match (to, src) {
        // `store_string_copy`.
        ("utf8", "utf8") | ("utf16", "utf16" | "latin1") | ("latin1+utf16", "latin1") => 1,
        // `store_string_to_utf8`: the worst case at the first non-ASCII
        // character, then shrinking.
        ("utf8", _) => {
            let worst = if src == "latin1" { 2 } else { 3 } * units;
            1 + more(!ascii) * (1 + more(worst > text.len()))
        }
        // `store_utf8_to_utf16`: shrinking if non-ASCII.
        ("utf16", _) => 1 + more(!ascii),
        // `store_probably_utf16_to_latin1_or_utf16` (text in the UTF-16
        // form does not fit Latin-1).
        (_, "utf16") if from == "latin1+utf16" => 1,
        // `store_string_to_latin1_or_utf16`.
        _ if latin1 => 1 + more(text.chars().count() < units),
        _ => 2 + more(units > utf16),
    }
}

/// The message of the trap (`Trap::PointerOutOfBounds`) for a string of
/// `len` bytes at `ptr`, beyond the end of a one-page memory.
fn out_of_bounds(len: u32, ptr: u32) -> String {
    format!("string: {len} bytes at {ptr:#x} exceed memory size 65536")
}

/// The bytes a string takes in a guest with encoding `enc`.
fn byte_len(enc: &str, text: &str) -> usize {
    match enc {
        "utf8" => text.len(),
        "latin1+utf16" if text.chars().all(|c| u32::from(c) < 256) => text.chars().count(),
        _ => 2 * text.encode_utf16().count(),
    }
}

/// Strings go from a caller to a callee and back in every pair of string
/// encodings: the host gets its string back, each side's `realloc` is
/// called as the spec's transcoding asks (the callee's for the argument,
/// the caller's for the result), and the callee's `post-return` ran after
/// the result was copied (it filled the callee's copy with `X`).
#[test]
fn fused_strings_round_trip_in_every_pair_of_encodings() {
    let texts = [
        "",
        "plain ascii",
        "é",
        "latin-1: héllo wörld ÿ",
        "€",
        "bmp: €uro ✓ αβγ",
        "😀",
        "astral: 😀🦀 end",
    ];
    for lower in ENCODINGS {
        for lift in ENCODINGS {
            let mut fx = fused(lower, lift);
            for (n, text) in (1..).zip(texts) {
                let what = format!("{lower} -> {lift} -> {lower}: {text:?}");
                let before = fx.callee_reallocs().unwrap();
                let back = fx.call1("run-echo", vec![s(text)]).unwrap();
                let callee = reallocs(lower, lift, text);
                let caller = reallocs(lift, lower, text);
                assert_eq!(
                    back,
                    Val::Tuple(vec![s(text), Val::U32(caller as u32)]),
                    "{what}"
                );
                assert_eq!(
                    fx.callee_reallocs().unwrap() - before,
                    callee,
                    "{what}: callee"
                );
                assert_eq!(fx.call_bits("callee-posts", &[]).unwrap(), n, "{what}");
                let scrubbed = vec![Val::U8(b'X'); byte_len(lift, text)];
                assert_eq!(
                    fx.call1("callee-last-bytes", vec![]).unwrap(),
                    Val::List(scrubbed),
                    "{what}: the callee's copy after `post-return`"
                );
            }
        }
    }
}

/// A string argument that lifting rejects (invalid UTF-8 or UTF-16, out of
/// bounds, unaligned) traps before the callee is entered: its `realloc` is
/// not called and it stays usable; the caller, whose core code trapped, is
/// poisoned.
#[test]
fn fused_bad_string_arguments_trap_before_the_callee_is_entered() {
    let bad_utf8 = "string: invalid utf-8 sequence of 1 bytes from index 0";
    let surrogate = "string: unpaired surrogate 0xd800";
    let oob = Trap::PointerOutOfBounds;
    let cases = [
        ("utf8", 202, 2, Trap::InvalidUtf8, bad_utf8),
        ("utf8", 0xffff_fff0, 4, oob, &out_of_bounds(4, 0xffff_fff0)),
        ("utf8", 65534, 4, oob, &out_of_bounds(4, 65534)),
        ("utf16", 204, 1, Trap::InvalidUtf16, surrogate),
        (
            "utf16",
            201,
            1,
            Trap::UnalignedPointer,
            "string: pointer 0xc9 is not aligned to 2",
        ),
        (
            "latin1+utf16",
            204,
            0x8000_0001,
            Trap::InvalidUtf16,
            surrogate,
        ),
    ];
    for (enc, p, len, kind, msg) in cases {
        let what = format!("{enc}: send({p:#x}, {len:#x})");
        let mut fx = fused(enc, "utf8");
        // A good string, one code unit at 200 ("o", or U+6B6F from "ok" in
        // UTF-16), is passed and allocated in the callee.
        let good = if enc == "utf16" { "\u{6b6f}" } else { "o" };
        assert_eq!(
            fx.call("send", &[Val::U32(200), Val::U32(1)]).unwrap(),
            [Val::U32(1)]
        );
        let allocs = reallocs(enc, "utf8", good);
        assert_eq!(fx.callee_reallocs().unwrap(), allocs, "{what}");
        let err = fx.call("send", &[Val::U32(p), Val::U32(len)]).unwrap_err();
        assert_trap(&err, kind, msg);
        assert_eq!(
            fx.callee_reallocs().unwrap(),
            allocs,
            "{what}: the callee's realloc"
        );
        assert_eq!(fx.call_bits("callee-posts", &[]).unwrap(), 1, "{what}");
        assert_eq!(
            fx.call1("callee-echo", vec![s("ok")]).unwrap(),
            s("ok"),
            "{what}"
        );
        assert_poisoned(
            fx.call("send", &[Val::U32(200), Val::U32(1)]),
            &format!("{what}: the caller"),
        );
    }
}

/// A string result that lifting rejects traps inside the call, before the
/// caller's `realloc` is called (it is armed to trap with `unreachable`),
/// and poisons the callee (and the caller).
#[test]
fn fused_bad_string_results_trap_before_the_caller_allocates() {
    // Unarmed, a good result is copied; armed, the copy's allocation traps.
    let mut fx = fused("utf8", "utf8");
    assert_eq!(
        fx.call("fetch", &[Val::U32(600), Val::U32(6), Val::U32(0)])
            .unwrap(),
        [Val::U32(6)]
    );
    let err = fx
        .call("fetch", &[Val::U32(600), Val::U32(6), Val::U32(1)])
        .unwrap_err();
    assert_trap(
        &err,
        Trap::Unreachable,
        "wasm trap: `unreachable` instruction executed",
    );

    let cases = [
        (
            200,
            2,
            Trap::InvalidUtf8,
            "string: invalid utf-8 sequence of 1 bytes from index 0",
        ),
        (
            0xffff_0000,
            5,
            Trap::PointerOutOfBounds,
            &out_of_bounds(5, 0xffff_0000),
        ),
    ];
    for (p, len, kind, msg) in cases {
        let what = format!("bad-string({p:#x}, {len})");
        let mut fx = fused("utf8", "utf8");
        let args = [Val::U32(p), Val::U32(len), Val::U32(1)];
        let err = fx.call("fetch", &args).unwrap_err();
        assert_trap(&err, kind, msg);
        assert_poisoned(fx.callee_reallocs(), &format!("{what}: the callee"));
        assert_poisoned(
            fx.call("callee-echo", &[s("ok")]),
            &format!("{what}: the callee"),
        );
        assert_poisoned(fx.call("fetch", &args), &format!("{what}: the caller"));
    }
}

/// The callee's `post-return` runs after its result is copied into the
/// caller: it overwrites the callee's copy with `X`, and the caller has the
/// original.
#[test]
fn fused_post_return_runs_after_the_results_are_copied() {
    let mut fx = fused("utf8", "utf8");
    assert_eq!(fx.call_bits("callee-posts", &[]).unwrap(), 0);
    let back = fx.call1("run-echo", vec![s("kept intact")]).unwrap();
    assert_eq!(back, Val::Tuple(vec![s("kept intact"), Val::U32(1)]));
    assert_eq!(fx.call_bits("callee-posts", &[]).unwrap(), 1);
    assert_eq!(
        fx.call1("callee-last-bytes", vec![]).unwrap(),
        Val::List(vec![Val::U8(b'X'); 11])
    );
}

/// `list<u16>`, `list<record { a: u8, b: string }>` and `list<char>` go to
/// the callee and back intact (the callee allocates the list, then each
/// string, in order); a `list<char>` holding a surrogate traps before the
/// callee is entered.
#[test]
fn fused_lists_round_trip_and_bad_chars_trap_before_the_callee() {
    let rec = |a: u8, b: &str| Val::Record(vec![("a".into(), Val::U8(a)), ("b".into(), s(b))]);
    let texts = ["", "héllo", "😀"];
    let lists = [
        ("run-u16s", vec![]),
        (
            "run-u16s",
            [0, 1, 0x8000, 0xffff, 0x1234].map(Val::U16).to_vec(),
        ),
        (
            "run-recs",
            (0..).zip(texts).map(|(a, b)| rec(a * 0x7f, b)).collect(),
        ),
        (
            "run-chars",
            ['A', 'é', '\u{d7ff}', '\u{e000}', '😀']
                .map(Val::Char)
                .to_vec(),
        ),
    ];
    for (lower, lift) in [("utf8", "utf8"), ("utf16", "latin1+utf16")] {
        let mut fx = fused(lower, lift);
        for (name, list) in &lists {
            let what = format!("{lower} -> {lift}: {name}");
            // The list, then (for `run-recs`) each string.
            let mut allocs = 1;
            if *name == "run-recs" {
                allocs += texts.iter().map(|t| reallocs(lower, lift, t)).sum::<u64>();
            }
            let before = fx.callee_reallocs().unwrap();
            let back = fx.call1(name, vec![Val::List(list.clone())]).unwrap();
            assert_eq!(back, Val::List(list.clone()), "{what}");
            assert_eq!(fx.callee_reallocs().unwrap() - before, allocs, "{what}");
        }
        let before = fx.callee_reallocs().unwrap();
        let err = fx.call("bad-chars", &[]).unwrap_err();
        assert_trap(&err, Trap::InvalidChar, &bad_char(0xd800));
        assert_eq!(
            fx.callee_reallocs().unwrap(),
            before,
            "the callee was not entered"
        );
        assert_poisoned(fx.call("bad-chars", &[]), "the caller");
    }
}

/// Nine strings (18 flat values) are passed through a parameter block: the
/// callee allocates it, then each string, and gets them all in order.
#[test]
fn fused_spilled_parameters_reach_the_callee() {
    let mut fx = fused("utf8", "utf8");
    let args = ["a", "bb", "", "héllo", "€", "😀", "x y", "ÿ", "end"];
    let back = fx.call1("run-concat", args.map(s).to_vec()).unwrap();
    assert_eq!(back, s(&args.concat()));
    assert_eq!(fx.callee_reallocs().unwrap(), 10);
}

/// A spilled result (`tuple<string, u64, string>`) is written through the
/// caller's return pointer, its strings copied into the caller's memory.
#[test]
fn fused_spilled_results_reach_the_caller() {
    let mut fx = fused("utf8", "utf8");
    let want = Val::Tuple(vec![
        s("héllo"),
        Val::U64(0x0123_4567_89ab_cdef),
        s("wörld 😀"),
    ]);
    for _ in 0..2 {
        assert_eq!(fx.call1("run-triple", vec![]).unwrap(), want);
    }
}

// ---------------------------------------------------------------------------
// The general path (resource handles): post-return after delivery
// ---------------------------------------------------------------------------

/// A `$Callee` with a resource `r` and `echo: func(h: borrow<r>, s: string)
/// -> string`, whose `post-return` overwrites the returned bytes with `X`;
/// a `$Caller` whose `run(s, arm) -> string` makes an `r`, calls `echo`
/// with a borrow of it (so the call goes through dynamic values, not the
/// fused adapter) and returns what it got; with `arm`, the caller's
/// `realloc` traps from then on.
const HANDLE_ECHO: &str = r#"(component
  (component $Callee
    (type $res (resource (rep i32)))
    (export $r "r" (type $res))
    (core func $new (canon resource.new $res))
    (core module $m
      (import "" "new" (func $new (param i32) (result i32)))
      (memory (export "mem") 1)
      (global $heap (mut i32) (i32.const 1024))
      (global $posts (mut i32) (i32.const 0))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $p i32)
        (local.set $p (global.get $heap))
        (global.set $heap (i32.add (global.get $heap) (i32.add (local.get 3) (i32.const 8))))
        (local.get $p))
      (func (export "make") (result i32) (call $new (i32.const 7)))
      (func (export "echo") (param i32 i32 i32) (result i32)
        (i32.store (i32.const 16) (local.get 1))
        (i32.store (i32.const 20) (local.get 2))
        (i32.const 16))
      (func (export "post") (param $ret i32)
        (global.set $posts (i32.add (global.get $posts) (i32.const 1)))
        (memory.fill (i32.load (local.get $ret)) (i32.const 0x58) (i32.load offset=4 (local.get $ret))))
      (func (export "posts") (result i32) (global.get $posts)))
    (core instance $i (instantiate $m (with "" (instance (export "new" (func $new))))))
    (func (export "make") (result (own $r)) (canon lift (core func $i "make")))
    (func (export "echo") (param "h" (borrow $r)) (param "s" string) (result string)
      (canon lift (core func $i "echo") (memory (core memory $i "mem"))
        (realloc (core func $i "realloc")) (post-return (core func $i "post"))))
    (func (export "posts") (result u32) (canon lift (core func $i "posts"))))
  (instance $callee (instantiate $Callee))
  (component $Caller
    (import "r" (type $r (sub resource)))
    (import "make" (func $make (result (own $r))))
    (import "echo" (func $echo (param "h" (borrow $r)) (param "s" string) (result string)))
    (core module $libc
      (memory (export "mem") 1)
      (global $heap (mut i32) (i32.const 1024))
      (global $armed (mut i32) (i32.const 0))
      (func (export "arm") (global.set $armed (i32.const 1)))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $p i32)
        (if (global.get $armed) (then (unreachable)))
        (local.set $p (global.get $heap))
        (global.set $heap (i32.add (global.get $heap) (i32.add (local.get 3) (i32.const 8))))
        (local.get $p)))
    (core instance $libc (instantiate $libc))
    (core func $c-make (canon lower (func $make)))
    (core func $c-echo (canon lower (func $echo) (memory (core memory $libc "mem"))
      (realloc (core func $libc "realloc"))))
    (core func $drop (canon resource.drop $r))
    (core module $m
      (import "" "make" (func $make (result i32)))
      (import "" "echo" (func $echo (param i32 i32 i32 i32)))
      (import "" "drop" (func $drop (param i32)))
      (import "" "mem" (memory 1))
      (import "" "arm" (func $arm))
      (func (export "run") (param $ptr i32) (param $len i32) (param $arm i32) (result i32)
        (local $h i32)
        (local.set $h (call $make))
        (if (local.get $arm) (then (call $arm)))
        (call $echo (local.get $h) (local.get $ptr) (local.get $len) (i32.const 32))
        (call $drop (local.get $h))
        (i32.const 32)))
    (core instance $i (instantiate $m (with "" (instance
      (export "make" (func $c-make)) (export "echo" (func $c-echo))
      (export "drop" (func $drop)) (export "mem" (memory $libc "mem"))
      (export "arm" (func $libc "arm"))))))
    (func (export "run") (param "s" string) (param "arm" bool) (result string)
      (canon lift (core func $i "run") (memory (core memory $libc "mem"))
        (realloc (core func $libc "realloc")))))
  (instance $caller (instantiate $Caller
    (with "r" (type $callee "r")) (with "make" (func $callee "make"))
    (with "echo" (func $callee "echo"))))
  (export "run" (func $caller "run"))
  (export "posts" (func $callee "posts")))"#;

/// Through the general path too, the callee's `post-return` runs after its
/// results are in the caller's memory, as the spec orders it: it
/// overwrites them in its own memory, and it does not run at all when
/// lowering the results into the caller traps (the trap then poisons the
/// callee, as with the fused adapter).
#[test]
fn handle_calls_run_post_return_after_the_results_are_delivered() -> Result<()> {
    let mut fx = Fixture::of(&compile(HANDLE_ECHO));
    for (n, text) in ["kept intact", "é€😀"].into_iter().enumerate() {
        assert_eq!(fx.call("run", &[s(text), Val::Bool(false)])?, [s(text)]);
        assert_eq!(fx.call("posts", &[])?, [Val::U32(n as u32 + 1)]);
    }
    let err = fx
        .call("run", &[s("lost"), Val::Bool(true)])
        .expect_err("the caller's realloc traps");
    assert_eq!(
        err.downcast_ref::<Trap>(),
        Some(&Trap::Unreachable),
        "{err:#}"
    );
    assert_poisoned(fx.call("posts", &[]), "the callee");
    Ok(())
}
