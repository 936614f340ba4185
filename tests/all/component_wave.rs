//! WAVE text for component values (`hoist::component::wave`, feature
//! `wave`): every kind of value written and read back, the errors for text
//! that does not fit its type (each naming what was expected and what was
//! found, and where), resource handles refused by name, and a call written
//! as `f(1, "two", [3])` made through the dynamic `Func::call` with its
//! result printed as WAVE.

use anyhow::Result;
use hoist::component::wave::FuncCall;
use hoist::component::{Component, Instance, Linker, Type, Val};
use hoist::{Engine, Store};

use crate::support::bump_realloc;

/// Checks that `text` parses as `want` of type `ty`, that `want` is written
/// as `written`, and that `written` parses back to `want`.
#[track_caller]
fn round_trip(ty: &Type, text: &str, want: Val, written: &str) {
    let got = Val::from_wave(ty, text).unwrap_or_else(|e| panic!("`{text}` as `{ty}`: {e}"));
    assert_eq!(got, want, "`{text}` as `{ty}`");
    let out = want.to_wave().unwrap_or_else(|e| panic!("{want:?}: {e}"));
    assert_eq!(out, written, "{want:?} written");
    let back = Val::from_wave(ty, &out).unwrap_or_else(|e| panic!("`{out}` back: {e}"));
    assert_eq!(back, want, "`{out}` read back");
}

/// `round_trip` for text that is written back unchanged.
#[track_caller]
fn same(ty: &Type, text: &str, want: Val) {
    round_trip(ty, text, want, text);
}

fn some(v: Val) -> Val {
    Val::Option(Some(Box::new(v)))
}

fn boxed(v: Val) -> Option<Box<Val>> {
    Some(Box::new(v))
}

/// The message of the error of parsing `text` as `ty`.
#[track_caller]
fn parse_error(ty: &Type, text: &str) -> String {
    match Val::from_wave(ty, text) {
        Ok(v) => panic!("`{text}` as `{ty}` parsed as {v:?}"),
        Err(e) => e.to_string(),
    }
}

// ---------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------

#[test]
fn bools_and_integers_round_trip_at_their_limits() {
    same(&Type::Bool, "true", Val::Bool(true));
    same(&Type::Bool, "false", Val::Bool(false));
    same(&Type::S8, "-128", Val::S8(i8::MIN));
    same(&Type::S8, "127", Val::S8(i8::MAX));
    same(&Type::U8, "255", Val::U8(u8::MAX));
    same(&Type::S16, "-32768", Val::S16(i16::MIN));
    same(&Type::U16, "65535", Val::U16(u16::MAX));
    same(&Type::S32, "-2147483648", Val::S32(i32::MIN));
    same(&Type::U32, "4294967295", Val::U32(u32::MAX));
    same(&Type::S64, "-9223372036854775808", Val::S64(i64::MIN));
    same(&Type::U64, "18446744073709551615", Val::U64(u64::MAX));
    same(&Type::U64, "0", Val::U64(0));
    // `-0` is zero, for unsigned types too.
    round_trip(&Type::U32, "-0", Val::U32(0), "0");
}

#[test]
fn floats_round_trip_with_nan_and_infinities() {
    same(&Type::Float32, "1.5", Val::Float32(1.5));
    same(&Type::Float32, "-0.25", Val::Float32(-0.25));
    same(&Type::Float32, "inf", Val::Float32(f32::INFINITY));
    same(&Type::Float32, "-inf", Val::Float32(f32::NEG_INFINITY));
    same(&Type::Float32, "nan", Val::Float32(f32::NAN));
    same(&Type::Float64, "0.1", Val::Float64(0.1));
    same(&Type::Float64, "-inf", Val::Float64(f64::NEG_INFINITY));
    same(&Type::Float64, "nan", Val::Float64(f64::NAN));
    round_trip(&Type::Float64, "1e3", Val::Float64(1000.0), "1000");
    round_trip(&Type::Float64, "2", Val::Float64(2.0), "2");

    // Any NaN is written `nan`, and read as the one canonical NaN.
    let odd_nan = f32::from_bits(0x7fa0_0001);
    assert_eq!(Val::Float32(odd_nan).to_wave().unwrap(), "nan");
    let Val::Float32(read) = Val::from_wave(&Type::Float32, "nan").unwrap() else {
        panic!("not an f32")
    };
    assert_eq!(read.to_bits(), 0x7fc0_0000);
    // Negative zero keeps its sign.
    let Val::Float64(z) = Val::from_wave(&Type::Float64, "-0").unwrap() else {
        panic!("not an f64")
    };
    assert!(z == 0.0 && z.is_sign_negative());
    assert_eq!(Val::Float64(-0.0).to_wave().unwrap(), "-0");
}

#[test]
fn chars_and_strings_round_trip_with_escapes() {
    same(&Type::Char, "'x'", Val::Char('x'));
    same(&Type::Char, "'☃'", Val::Char('☃'));
    same(&Type::Char, r"'\n'", Val::Char('\n'));
    same(&Type::Char, r"'\''", Val::Char('\''));
    same(&Type::Char, r"'\\'", Val::Char('\\'));
    round_trip(&Type::Char, r"'\u{1F44B}'", Val::Char('👋'), "'👋'");
    round_trip(&Type::Char, r"'\u{7}'", Val::Char('\u{7}'), r"'\u{7}'");

    same(
        &Type::String,
        r#""quote \" backslash \\ tab \t cr \r nl \n nul \u{0} snow ☃""#,
        Val::String("quote \" backslash \\ tab \t cr \r nl \n nul \0 snow ☃".into()),
    );
    same(&Type::String, r#""""#, Val::String(String::new()));
    round_trip(
        &Type::String,
        r#""\u{48}i \'x\'""#,
        Val::String("Hi 'x'".into()),
        r#""Hi \'x\'""#,
    );
    // A multi-line string: the lines between the delimiters.
    round_trip(
        &Type::String,
        "\"\"\"\nline one\n  line \"two\"\n\"\"\"",
        Val::String("line one\n  line \"two\"".into()),
        r#""line one\n  line \"two\"""#,
    );
}

#[test]
fn lists_records_and_tuples_round_trip() -> Result<()> {
    let list = Type::list(Type::U32)?;
    same(
        &list,
        "[1, 2, 3]",
        Val::List(vec![Val::U32(1), Val::U32(2), Val::U32(3)]),
    );
    same(&list, "[]", Val::List(vec![]));
    let nested = Type::list(Type::list(Type::String)?)?;
    same(
        &nested,
        r#"[["a"], [], ["b", "c"]]"#,
        Val::List(vec![
            Val::List(vec!["a".into()]),
            Val::List(vec![]),
            Val::List(vec!["b".into(), "c".into()]),
        ]),
    );

    let rec = Type::record([
        ("id", Type::U32),
        ("name", Type::String),
        ("limit", Type::option(Type::U8)?),
    ])?;
    let full = Val::Record(vec![
        ("id".into(), Val::U32(7)),
        ("name".into(), "x".into()),
        ("limit".into(), some(Val::U8(3))),
    ]);
    same(&rec, r#"{id: 7, name: "x", limit: some(3)}"#, full.clone());
    // Fields in any order; an option payload may stand for `some(..)`.
    round_trip(
        &rec,
        r#"{limit: 3, name: "x", id: 7}"#,
        full,
        r#"{id: 7, name: "x", limit: some(3)}"#,
    );
    // An absent `option` field is `none`, and `none` fields are left out.
    same(
        &rec,
        r#"{id: 7, name: "x"}"#,
        Val::Record(vec![
            ("id".into(), Val::U32(7)),
            ("name".into(), "x".into()),
            ("limit".into(), Val::Option(None)),
        ]),
    );
    let all_optional = Type::record([("a", Type::option(Type::Bool)?)])?;
    round_trip(
        &all_optional,
        "{a: none}",
        Val::Record(vec![("a".into(), Val::Option(None))]),
        "{:}",
    );

    let tuple = Type::tuple([Type::U8, Type::String, Type::Bool])?;
    same(
        &tuple,
        r#"(1, "x", true)"#,
        Val::Tuple(vec![Val::U8(1), "x".into(), Val::Bool(true)]),
    );
    Ok(())
}

#[test]
fn variants_and_enums_round_trip_with_and_without_payloads() -> Result<()> {
    let shape = Type::variant([
        ("circle", Some(Type::Float32)),
        ("rect", Some(Type::tuple([Type::U32, Type::U32])?)),
        ("point", None),
        // A case named like a keyword is written with `%`.
        ("inf", None),
    ])?;
    same(
        &shape,
        "circle(1.5)",
        Val::Variant("circle".into(), boxed(Val::Float32(1.5))),
    );
    same(
        &shape,
        "rect((2, 3))",
        Val::Variant(
            "rect".into(),
            boxed(Val::Tuple(vec![Val::U32(2), Val::U32(3)])),
        ),
    );
    same(&shape, "point", Val::Variant("point".into(), None));
    same(&shape, "%inf", Val::Variant("inf".into(), None));
    round_trip(
        &shape,
        "%point",
        Val::Variant("point".into(), None),
        "point",
    );

    let color = Type::enumeration(["red", "green", "none"])?;
    same(&color, "green", Val::Enum("green".into()));
    same(&color, "%none", Val::Enum("none".into()));
    Ok(())
}

#[test]
fn options_round_trip_nested_and_flattened() -> Result<()> {
    let opt = Type::option(Type::U8)?;
    same(&opt, "some(5)", some(Val::U8(5)));
    same(&opt, "none", Val::Option(None));
    round_trip(&opt, "5", some(Val::U8(5)), "some(5)");

    let nested = Type::option(Type::option(Type::U8)?)?;
    same(&nested, "some(none)", some(Val::Option(None)));
    same(&nested, "some(some(1))", some(some(Val::U8(1))));
    same(&nested, "none", Val::Option(None));
    Ok(())
}

#[test]
fn results_round_trip_with_and_without_payloads() -> Result<()> {
    let both = Type::result(Some(Type::U8), Some(Type::String))?;
    same(&both, "ok(1)", Val::Result(Ok(boxed(Val::U8(1)))));
    same(&both, r#"err("no")"#, Val::Result(Err(boxed("no".into()))));
    round_trip(&both, "1", Val::Result(Ok(boxed(Val::U8(1)))), "ok(1)");

    let neither = Type::result(None, None)?;
    same(&neither, "ok", Val::Result(Ok(None)));
    same(&neither, "err", Val::Result(Err(None)));

    let err_only = Type::result(None, Some(Type::U8))?;
    same(&err_only, "ok", Val::Result(Ok(None)));
    same(&err_only, "err(3)", Val::Result(Err(boxed(Val::U8(3)))));

    let ok_only = Type::result(Some(Type::Char), None)?;
    same(&ok_only, "ok('c')", Val::Result(Ok(boxed(Val::Char('c')))));
    same(&ok_only, "err", Val::Result(Err(None)));
    Ok(())
}

#[test]
fn flags_round_trip_in_type_order() -> Result<()> {
    let perm = Type::flags(["read", "write", "exec"])?;
    same(
        &perm,
        "{read, exec}",
        Val::Flags(vec!["read".into(), "exec".into()]),
    );
    round_trip(
        &perm,
        "{exec, read}",
        Val::Flags(vec!["read".into(), "exec".into()]),
        "{read, exec}",
    );
    same(&perm, "{}", Val::Flags(vec![]));
    Ok(())
}

#[test]
fn everything_at_once_round_trips() -> Result<()> {
    let ty = Type::list(Type::record([
        ("tag", Type::enumeration(["a", "b"])?),
        (
            "when",
            Type::option(Type::tuple([Type::S64, Type::Float64])?)?,
        ),
        ("why", Type::result(None, Some(Type::list(Type::Char)?))?),
        ("perm", Type::flags(["r", "w"])?),
    ])?)?;
    same(
        &ty,
        "[{tag: a, why: ok, perm: {}}, {tag: b, when: some((-1, 0.5)), why: err(['x', 'y']), perm: {r, w}}]",
        Val::List(vec![
            Val::Record(vec![
                ("tag".into(), Val::Enum("a".into())),
                ("when".into(), Val::Option(None)),
                ("why".into(), Val::Result(Ok(None))),
                ("perm".into(), Val::Flags(vec![])),
            ]),
            Val::Record(vec![
                ("tag".into(), Val::Enum("b".into())),
                (
                    "when".into(),
                    some(Val::Tuple(vec![Val::S64(-1), Val::Float64(0.5)])),
                ),
                (
                    "why".into(),
                    Val::Result(Err(boxed(Val::List(vec![
                        Val::Char('x'),
                        Val::Char('y'),
                    ])))),
                ),
                (
                    "perm".into(),
                    Val::Flags(vec!["r".into(), "w".into()]),
                ),
            ]),
        ]),
    );
    Ok(())
}

#[test]
fn wasm_wave_reads_and_writes_hoist_values_through_its_traits() -> Result<()> {
    use hoist::component::wasm_wave;
    let ty = Type::record([
        ("a", Type::list(Type::option(Type::U8)?)?),
        ("b", Type::flags(["x", "y"])?),
    ])?;
    let text = "{a: [1, none], b: {y}}";
    let via_trait: Val = wasm_wave::from_str(&ty, text)?;
    assert_eq!(via_trait, Val::from_wave(&ty, text)?);
    assert_eq!(
        wasm_wave::to_string(&via_trait)?,
        "{a: [some(1), none], b: {y}}"
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[test]
fn numbers_out_of_range_or_not_integers_are_named() {
    assert_eq!(
        parse_error(&Type::U8, "256"),
        "the number `256` is out of range for `u8` (at column 1)"
    );
    assert_eq!(
        parse_error(&Type::S8, "-129"),
        "the number `-129` is out of range for `s8` (at column 1)"
    );
    assert_eq!(
        parse_error(&Type::U32, "-1"),
        "the number `-1` is out of range for `u32` (at column 1)"
    );
    assert_eq!(
        parse_error(&Type::U64, "99999999999999999999999999999999999999999"),
        "the number `99999999999999999999999999999999999999999` is out of range for `u64` \
         (at column 1)"
    );
    assert_eq!(
        parse_error(&Type::U32, "1.5"),
        "expected `u32`, found the number `1.5`, which is not an integer (at column 1)"
    );
    assert_eq!(
        parse_error(&Type::S32, "inf"),
        "expected `s32`, found the number `inf`, which is not an integer (at column 1)"
    );
}

#[test]
fn mismatched_values_name_expected_type_and_found_text() -> Result<()> {
    assert_eq!(
        parse_error(&Type::String, "2"),
        "expected `string`, found the number `2` (at column 1)"
    );
    assert_eq!(
        parse_error(&Type::Bool, r#""true""#),
        r#"expected `bool`, found the string `"true"` (at column 1)"#
    );
    assert_eq!(
        parse_error(&Type::Char, r#""c""#),
        r#"expected `char`, found the string `"c"` (at column 1)"#
    );
    let list = Type::list(Type::U8)?;
    assert_eq!(
        parse_error(&list, r#"[1, 2, "x"]"#),
        r#"expected `u8`, found the string `"x"` (at column 8)"#
    );
    assert_eq!(
        parse_error(&list, "(1, 2)"),
        "expected `list<u8>`, found the tuple `(1, 2)` (at column 1)"
    );
    // Where, in text of several lines.
    assert_eq!(
        parse_error(&list, "[\n  1,\n  true,\n]"),
        "expected `u8`, found the bool `true` (at line 3, column 3)"
    );
    // An option whose payload does not fit either.
    assert_eq!(
        parse_error(&Type::option(Type::U8)?, "'c'"),
        "expected `option<u8>`, found the char `'c'` (at column 1)"
    );
    assert_eq!(
        parse_error(&Type::option(Type::option(Type::U8)?)?, "1"),
        "expected `option<option<u8>>`, found the number `1` (at column 1)"
    );
    // Long text is shortened.
    assert_eq!(
        parse_error(&Type::U8, &format!("\"{}\"", "a".repeat(50))),
        format!(
            "expected `u8`, found the string `\"{}...` (at column 1)",
            "a".repeat(36)
        )
    );
    Ok(())
}

#[test]
fn records_tuples_cases_and_flags_errors_name_what_is_wrong() -> Result<()> {
    let rec = Type::record([("id", Type::U32), ("name", Type::String)])?;
    assert_eq!(
        parse_error(&rec, "{id: 1}"),
        "missing record field `name: string` of `record { id: u32, name: string }` (at column 1)"
    );
    assert_eq!(
        parse_error(&rec, r#"{id: 1, name: "x", age: 3}"#),
        "unknown record field `age` for `record { id: u32, name: string }` (at column 25)"
    );
    assert_eq!(
        parse_error(&rec, r#"{id: 1, name: "x", id: 2}"#),
        r#"invalid WAVE: duplicate field: "id", found `id` (at column 20)"#
    );
    assert_eq!(
        parse_error(&rec, r#"{id: "1", name: "x"}"#),
        r#"expected `u32`, found the string `"1"` (at column 6)"#
    );

    let tuple = Type::tuple([Type::U8, Type::U8])?;
    assert_eq!(
        parse_error(&tuple, "(1, 2, 3)"),
        "expected `tuple<u8, u8>` (2 elements), found the tuple `(1, 2, 3)` with 3 elements \
         (at column 1)"
    );

    let shape = Type::variant([("circle", Some(Type::Float32)), ("point", None)])?;
    assert_eq!(
        parse_error(&shape, "square"),
        "unknown case `square` for `variant { circle(f32), point }` (at column 1)"
    );
    assert_eq!(
        parse_error(&shape, "circle"),
        "case `circle` needs a payload of type `f32`, found none (at column 1)"
    );
    assert_eq!(
        parse_error(&shape, "point(1)"),
        "case `point` has no payload, found the number `1` (at column 7)"
    );
    assert_eq!(
        parse_error(&Type::enumeration(["red", "green"])?, "blue"),
        "unknown case `blue` for `enum { red, green }` (at column 1)"
    );
    assert_eq!(
        parse_error(&Type::enumeration(["red", "green"])?, "red(1)"),
        "expected `enum { red, green }`, found the case `red(1)` (at column 1)"
    );

    let res = Type::result(None, Some(Type::String))?;
    assert_eq!(
        parse_error(&res, "ok(1)"),
        "`ok` has no payload, found the number `1` (at column 4)"
    );
    assert_eq!(
        parse_error(&res, "err"),
        "`err` needs a payload of type `string`, found none (at column 1)"
    );
    assert_eq!(
        parse_error(&Type::option(Type::U8)?, "some(-1)"),
        "the number `-1` is out of range for `u8` (at column 6)"
    );

    let perm = Type::flags(["read", "write"])?;
    assert_eq!(
        parse_error(&perm, "{read, exec}"),
        "unknown flag `exec` for `flags { read, write }` (at column 1)"
    );
    assert_eq!(
        parse_error(&perm, "read"),
        "expected `flags { read, write }`, found the label `read` (at column 1)"
    );
    Ok(())
}

#[test]
fn syntax_errors_say_what_and_where() -> Result<()> {
    let list = Type::list(Type::U8)?;
    assert_eq!(
        parse_error(&list, "[1, 2"),
        "invalid WAVE: unexpected end of input (at column 6)"
    );
    assert_eq!(
        parse_error(&Type::U8, "1 2"),
        "invalid WAVE: trailing characters after value, found `2` (at column 3)"
    );
    assert_eq!(
        parse_error(&list, "[1, , 2]"),
        "invalid WAVE: unexpected token, found `,` (at column 5)"
    );
    assert_eq!(
        parse_error(&Type::String, r#""bad \q escape""#),
        r#"invalid WAVE: invalid token, found `"bad \` (at column 1)"#
    );
    assert_eq!(
        parse_error(&Type::Char, "'ab'"),
        "invalid WAVE: invalid token, found `'ab'` (at column 1)"
    );
    assert_eq!(
        parse_error(&Type::U8, ""),
        "invalid WAVE: unexpected end of input (at column 1)"
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Function calls
// ---------------------------------------------------------------------------

#[test]
fn call_arguments_are_typed_by_the_parameters() -> Result<()> {
    let params = vec![
        ("a".to_string(), Type::U32),
        ("b".to_string(), Type::String),
        ("c".to_string(), Type::option(Type::Bool)?),
    ];
    let call = FuncCall::parse(r#"f(1, "two")"#)?;
    assert_eq!(call.name(), "f");
    assert_eq!(call.to_string(), r#"f(1, "two")"#);
    assert_eq!(
        call.args(&params)?,
        vec![Val::U32(1), "two".into(), Val::Option(None)]
    );
    assert_eq!(
        FuncCall::parse(r#"f(1, "two", true)"#)?.args(&params)?,
        vec![Val::U32(1), "two".into(), some(Val::Bool(true))]
    );

    let err = FuncCall::parse(r#"f(1, "two", true, 4)"#)?
        .args(&params)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "`f(a: u32, b: string, c: option<bool>)` takes 3 arguments, found 4"
    );
    let err = FuncCall::parse("f(1)")?.args(&params).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`f(a: u32, b: string, c: option<bool>)` takes 3 arguments, found 1: missing `b: string`"
    );
    let err = FuncCall::parse("f(1, 2)")?.args(&params).unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument 2 (`b`) of `f`: expected `string`, found the number `2` (at column 6)"
    );

    let none = FuncCall::parse("my:pkg/api.get-all@1.2.3()")?;
    assert_eq!(none.name(), "my:pkg/api.get-all@1.2.3");
    assert_eq!(none.args(&[])?, vec![]);

    let err = FuncCall::parse("f 1").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid WAVE: unexpected token, found `1` (at column 3)"
    );
    let err = FuncCall::parse("f(1").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid WAVE: unexpected end of input (at column 4)"
    );
    Ok(())
}

/// A component exporting `f: func(a: u32, b: string, c: list<u32>) -> out`,
/// `out` being `record { id: u32, name: string, sum: u32 }`: `id` is `a + 1`,
/// `name` is `b`, `sum` the sum of `c`.
const F: &str = concat!(
    r#"(component
  (core module $m
    (memory (export "mem") 1)"#,
    bump_realloc!(),
    r#"
    (func (export "f") (param $a i32) (param $bp i32) (param $bl i32) (param $cp i32) (param $cl i32)
      (result i32)
      (local $sum i32) (local $i i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $cl)))
          (local.set $sum (i32.add (local.get $sum)
            (i32.load (i32.add (local.get $cp) (i32.shl (local.get $i) (i32.const 2))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.store (i32.const 16) (i32.add (local.get $a) (i32.const 1)))
      (i32.store (i32.const 20) (local.get $bp))
      (i32.store (i32.const 24) (local.get $bl))
      (i32.store (i32.const 28) (local.get $sum))
      (i32.const 16)))
  (core instance $i (instantiate $m))
  (type $out' (record (field "id" u32) (field "name" string) (field "sum" u32)))
  (export $out "out" (type $out'))
  (func (export "f") (param "a" u32) (param "b" string) (param "c" (list u32)) (result $out)
    (canon lift (core func $i "f") (memory (core memory $i "mem"))
      (realloc (core func $i "realloc")))))"#
);

fn instantiate(engine: &Engine, wat: &str) -> Result<(Store<()>, Instance)> {
    let component = Component::new(engine, wat)?;
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine).instantiate(&mut store, &component)?;
    Ok((store, instance))
}

/// Parses `text` as a call of an export of `instance`, makes it through
/// `Func::call`, and returns its result as WAVE.
fn invoke(store: &mut Store<()>, instance: &Instance, text: &str) -> Result<String> {
    let call = FuncCall::parse(text)?;
    let func = instance
        .get_func(&mut *store, call.name())
        .ok_or_else(|| anyhow::anyhow!("no function `{}`", call.name()))?;
    let args = call.args_for(&*store, &func)?;
    let mut results = vec![Val::Bool(false); func.results(&*store).len()];
    func.call(&mut *store, &args, &mut results)?;
    func.post_return(&mut *store)?;
    let texts = results
        .iter()
        .map(Val::to_wave)
        .collect::<Result<Vec<_>>>()?;
    Ok(texts.join(", "))
}

#[test]
fn a_call_written_in_wave_runs_and_its_result_prints_as_wave() -> Result<()> {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, F)?;
    assert_eq!(
        invoke(&mut store, &instance, r#"f(1, "two", [3])"#)?,
        r#"{id: 2, name: "two", sum: 3}"#
    );
    assert_eq!(
        invoke(
            &mut store,
            &instance,
            r#"f(41, "tab\tand \"quotes\" ☃", [1, 2, 3, 4000000000])"#
        )?,
        r#"{id: 42, name: "tab\tand \"quotes\" ☃", sum: 4000000006}"#
    );
    assert_eq!(
        invoke(&mut store, &instance, r#"f(0, "", [])"#)?,
        r#"{id: 1, name: "", sum: 0}"#
    );

    // The same, by the parts a CLI uses.
    let call = FuncCall::parse(r#"f(1, "two", [3])"#)?;
    let f = instance.get_func(&mut store, call.name()).unwrap();
    assert_eq!(
        call.args_for(&store, &f)?,
        vec![Val::U32(1), "two".into(), Val::List(vec![Val::U32(3)])]
    );

    // Badly typed arguments fail before the call, naming the parameter.
    let err = invoke(&mut store, &instance, r#"f(1, 2, [3])"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument 2 (`b`) of `f`: expected `string`, found the number `2` (at column 6)"
    );
    let err = invoke(&mut store, &instance, r#"f(1, "two", [-3])"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument 3 (`c`) of `f`: the number `-3` is out of range for `u32` (at column 14)"
    );
    let err = invoke(&mut store, &instance, r#"f(1, "two")"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`f(a: u32, b: string, c: list<u32>)` takes 3 arguments, found 2: \
         missing `c: list<u32>`"
    );
    // The instance is still usable after those.
    assert_eq!(
        invoke(&mut store, &instance, r#"f(9, "x", [1, 1])"#)?,
        r#"{id: 10, name: "x", sum: 2}"#
    );
    Ok(())
}

/// A component with a resource `r`: `make(v) -> own<r>`, `get(borrow<r>)`.
const RES: &str = r#"(component
  (type $r (resource (rep i32)))
  (export $r' "r" (type $r))
  (core func $new (canon resource.new $r))
  (core module $m
    (import "" "new" (func $new (param i32) (result i32)))
    (func (export "make") (param i32) (result i32) local.get 0 call $new)
    (func (export "get") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m (with "" (instance (export "new" (func $new))))))
  (func (export "make") (param "v" u32) (result (own $r')) (canon lift (core func $i "make")))
  (func (export "get") (param "h" (borrow $r')) (result u32) (canon lift (core func $i "get"))))"#;

#[test]
fn resource_handles_are_refused_by_name() -> Result<()> {
    let engine = Engine::default();
    let (mut store, instance) = instantiate(&engine, RES)?;

    // Parsing: a handle parameter cannot be written.
    let get = instance.get_func(&mut store, "get").unwrap();
    let err = FuncCall::parse("get(1)")?
        .args_for(&store, &get)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument 1 (`h`) of `get`: resource handles cannot be written in WAVE: \
         cannot make a `borrow<resource 0>` of the number `1` (at column 5)"
    );
    let own = instance
        .get_func(&mut store, "make")
        .unwrap()
        .results(&store)[0]
        .clone();
    let err = Val::from_wave(&Type::option(own.clone())?, "some(1)").unwrap_err();
    assert_eq!(
        err.to_string(),
        "resource handles cannot be written in WAVE: cannot make a `own<resource 0>` of the \
         number `1` (at column 6)"
    );
    // ... though an `option` of one may be `none`.
    assert_eq!(
        Val::from_wave(&Type::option(own)?, "none")?,
        Val::Option(None)
    );

    // Writing: a handle the guest made.
    let make = instance.get_func(&mut store, "make").unwrap();
    let mut out = [Val::Bool(false)];
    make.call(&mut store, &[Val::U32(5)], &mut out)?;
    make.post_return(&mut store)?;
    let [handle] = out;
    assert!(matches!(handle, Val::Resource(_)));
    let err = handle.to_wave().unwrap_err();
    assert_eq!(
        err.to_string(),
        "resource handles cannot be written in WAVE: found an `own` handle"
    );
    let inside = Val::Tuple(vec![
        some(Val::U32(1)),
        some(Val::Record(vec![("h".into(), handle)])),
    ]);
    let err = inside.to_wave().unwrap_err();
    assert_eq!(
        err.to_string(),
        "resource handles cannot be written in WAVE: found an `own` handle \
         (in element 1 / payload of `some` / record field `h`)"
    );
    Ok(())
}
