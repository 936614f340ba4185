//! The component embedding API through real components: nested instance
//! exports and export indices, function type introspection, dynamic values of
//! every kind through `Func::call` (NaNs canonicalized when lifted),
//! `InstancePre` across stores, link-time errors (missing imports, mistyped
//! host functions, mistyped typed exports), components importing core
//! modules, component-to-component calls with strings in every pair of
//! encodings, and spilled parameters and results in both directions.

use anyhow::Result;
use hoist::component::{
    Component, ComponentExportIndex, Export, Instance, Linker, Type, Val, WasmList,
};
use hoist::{Engine, Module, Store, StoreContextMut};

use crate::support::{engine, BUMP_REALLOC};

/// Calls `f` with dynamic values, post-return included.
fn call<T: 'static>(
    store: &mut Store<T>,
    inst: &Instance,
    name: &str,
    args: &[Val],
) -> Result<Vec<Val>> {
    let f = inst
        .get_func(&mut *store, name)
        .unwrap_or_else(|| panic!("no function `{name}`"));
    let mut out = vec![Val::Bool(false); f.results(&*store).len()];
    f.call(&mut *store, args, &mut out)?;
    f.post_return(&mut *store)?;
    Ok(out)
}

fn instantiate(engine: &Engine, wat: &str) -> (Store<()>, Instance) {
    let component = Component::new(engine, wat).unwrap_or_else(|e| panic!("{e:#}\n{wat}"));
    let mut store = Store::new(engine, ());
    let inst = Linker::new(engine)
        .instantiate(&mut store, &component)
        .unwrap_or_else(|e| panic!("{e:#}"));
    (store, inst)
}

// ---------------------------------------------------------------------------
// Nested instance exports
// ---------------------------------------------------------------------------

const NESTED: &str = r#"(component
  (core module $m
    (func (export "double") (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
    (func (export "neg") (param i32) (result i32) i32.const 0 local.get 0 i32.sub))
  (core instance $i (instantiate $m))
  (func $double (param "x" u32) (result u32) (canon lift (core func $i "double")))
  (func $neg (param "x" s32) (result s32) (canon lift (core func $i "neg")))
  (instance $inner (export "neg" (func $neg)))
  (instance $outer (export "double" (func $double)) (export "inner" (instance $inner)))
  (export "math" (instance $outer))
  (export "double" (func $double)))"#;

#[test]
fn nested_instance_exports_are_reached_by_index() -> Result<()> {
    let engine = engine();
    let (mut store, inst) = instantiate(&engine, NESTED);
    let math = inst.get_export_index(&store, None, "math").unwrap();
    let double = inst
        .get_export_index(&store, Some(&math), "double")
        .unwrap();
    let inner = inst.get_export_index(&store, Some(&math), "inner").unwrap();
    let neg = inst.get_export_index(&store, Some(&inner), "neg").unwrap();

    // Dynamic and typed calls through the indices.
    let f = inst.get_func(&mut store, &double).unwrap();
    let mut out = [Val::U32(0)];
    f.call(&mut store, &[Val::U32(21)], &mut out)?;
    f.post_return(&mut store)?;
    assert_eq!(out[0], Val::U32(42));
    let neg_f = inst.get_typed_func::<(i32,), (i32,)>(&mut store, &neg)?;
    assert_eq!(neg_f.call(&mut store, (5,))?, (-5,));
    neg_f.post_return(&mut store)?;
    assert_eq!(
        inst.get_func(&mut store, &neg).unwrap().params(&store),
        [("x".to_string(), Type::S32)]
    );

    // What is not there, or not a function, is not found.
    assert!(inst.get_export_index(&store, None, "neg").is_none());
    assert!(inst.get_export_index(&store, Some(&math), "neg").is_none());
    assert!(inst.get_export_index(&store, Some(&math), "nope").is_none());
    assert!(inst.get_export_index(&store, Some(&double), "x").is_none());
    assert!(inst.get_func(&mut store, &math).is_none());
    assert!(inst.get_func(&mut store, &inner).is_none());
    assert!(inst.get_func(&mut store, "math").is_none());
    let err = inst
        .get_typed_func::<(u32,), (u32,)>(&mut store, &math)
        .unwrap_err();
    assert_eq!(err.to_string(), "the instance exports no function `math`");
    let err = inst
        .get_typed_func::<(u32,), (u32,)>(&mut store, "nope")
        .unwrap_err();
    assert_eq!(err.to_string(), "the instance exports no function `nope`");

    // A typed mismatch names the whole path.
    let err = inst
        .get_typed_func::<(u32,), (u32,)>(&mut store, &neg)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "type mismatch for export `math/inner/neg`: expected `func(x: s32) -> s32`, found \
         `(u32,) -> (u32,)`: parameter `x`: expected `s32`, found Rust type `u32`"
    );

    // Listing: the root, then inside `math`.
    let root: Vec<String> = inst
        .exports(&mut store, None)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(root, ["math", "double"]);
    let listed = inst.exports(&mut store, Some(&math));
    assert_eq!(listed.len(), 2);
    assert!(matches!(&listed[0], (n, Export::Func(_)) if n == "double"));
    match &listed[1] {
        (n, Export::Instance(idx)) => {
            assert_eq!(n, "inner");
            assert_eq!(idx, &inner);
        }
        other => panic!("{other:?}"),
    }

    // The root `double` and `math/double` are the same function of the same
    // instance; `call` runs post-return itself, so calls of either follow
    // one another directly.
    let root_double = inst.get_typed_func::<(u32,), (u32,)>(&mut store, "double")?;
    let nested_double = inst.get_typed_func::<(u32,), (u32,)>(&mut store, &double)?;
    assert_eq!(root_double.func(), nested_double.func());
    assert_eq!(root_double.call(&mut store, (4,))?, (8,));
    assert_eq!(nested_double.call(&mut store, (5,))?, (10,));
    assert_eq!(root_double.call(&mut store, (6,))?, (12,));

    // An index works for any instance of the component.
    let component = Component::new(&engine, NESTED)?;
    let other = Linker::new(&engine).instantiate(&mut store, &component)?;
    let f = other.get_typed_func::<(i32,), (i32,)>(&mut store, &neg)?;
    assert_eq!(f.call(&mut store, (-8,))?, (8,));
    f.post_return(&mut store)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Introspection
// ---------------------------------------------------------------------------

#[test]
fn func_params_and_results_describe_the_type() -> Result<()> {
    let wat = r#"(component
  (core module $m
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 64)
    (func (export "f") (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i64) (result i32) i32.const 0)
    (func (export "g")))
  (core instance $i (instantiate $m))
  (type $point' (record (field "x" f32) (field "y" f32)))
  (export $point "point" (type $point'))
  (type $color' (enum "red" "green"))
  (export $color "color" (type $color'))
  (type $perm' (flags "read" "write"))
  (export $perm "perm" (type $perm'))
  (func (export "f")
    (param "id" u8) (param "name" string) (param "pts" (list $point))
    (param "c" (option $color)) (param "p" $perm) (param "t" (tuple char s64))
    (result (result string (error $color)))
    (canon lift (core func $i "f") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
  (func (export "g") (canon lift (core func $i "g"))))"#;
    let engine = engine();
    let (mut store, inst) = instantiate(&engine, wat);
    let f = inst.get_func(&mut store, "f").unwrap();
    let point = Type::record([("x", Type::Float32), ("y", Type::Float32)])?;
    let color = Type::enumeration(["red", "green"])?;
    let perm = Type::flags(["read", "write"])?;
    let want = vec![
        ("id".to_string(), Type::U8),
        ("name".to_string(), Type::String),
        ("pts".to_string(), Type::list(point)?),
        ("c".to_string(), Type::option(color.clone())?),
        ("p".to_string(), perm),
        ("t".to_string(), Type::tuple([Type::Char, Type::S64])?),
    ];
    assert_eq!(f.params(&store), want);
    assert_eq!(
        f.results(&store),
        [Type::result(Some(Type::String), Some(color))?]
    );
    let shown: Vec<String> = f
        .params(&store)
        .iter()
        .map(|(n, t)| format!("{n}: {t}"))
        .collect();
    assert_eq!(
        shown,
        [
            "id: u8",
            "name: string",
            "pts: list<record { x: f32, y: f32 }>",
            "c: option<enum { red, green }>",
            "p: flags { read, write }",
            "t: tuple<char, s64>",
        ]
    );
    assert_eq!(
        f.results(&store)[0].to_string(),
        "result<string, enum { red, green }>"
    );
    // A function of no parameters and no results.
    let g = inst.get_func(&mut store, "g").unwrap();
    assert!(g.params(&store).is_empty());
    assert!(g.results(&store).is_empty());
    // The type is not just printed: it is what the typed API checks against.
    let err = inst
        .get_typed_func::<(u8, String, Vec<(f32, f32)>, Option<u32>, u32, (char, i64)), (Result<String, u8>,)>(&mut store, "f")
        .unwrap_err();
    assert!(err.to_string().contains("parameter `pts`: "), "{err:#}");
    Ok(())
}

// ---------------------------------------------------------------------------
// Dynamic values of every kind
// ---------------------------------------------------------------------------

/// The types echoed, each with a value and the type's name for the export:
/// `(name, WAT type or definition, needs a type export, value)`.
fn echo_cases() -> Vec<(&'static str, &'static str, bool, Val)> {
    let b = |v: Val| Some(Box::new(v));
    vec![
        ("bool", "bool", false, Val::Bool(true)),
        ("s8", "s8", false, Val::S8(-128)),
        ("u8", "u8", false, Val::U8(255)),
        ("s16", "s16", false, Val::S16(-12345)),
        ("u16", "u16", false, Val::U16(65535)),
        ("s32", "s32", false, Val::S32(i32::MIN)),
        ("u32", "u32", false, Val::U32(u32::MAX)),
        ("s64", "s64", false, Val::S64(i64::MIN + 1)),
        ("u64", "u64", false, Val::U64(u64::MAX - 1)),
        ("f32", "f32", false, Val::Float32(-1.5e-38)),
        ("f64", "f64", false, Val::Float64(f64::MAX)),
        ("f32-inf", "f32", false, Val::Float32(f32::NEG_INFINITY)),
        ("char", "char", false, Val::Char('\u{1F980}')),
        ("string", "string", false, Val::String("hé€😀\0end".into())),
        ("empty-string", "string", false, Val::String(String::new())),
        (
            "list",
            "(list u16)",
            false,
            Val::List(vec![Val::U16(1), Val::U16(0xFFFF), Val::U16(3)]),
        ),
        (
            "list-of-strings",
            "(list string)",
            false,
            Val::List(vec![Val::String("a".into()), Val::String(String::new()), Val::String("ccc".into())]),
        ),
        ("empty-list", "(list u64)", false, Val::List(vec![])),
        (
            "record",
            "(record (field \"name\" string) (field \"age\" u8) (field \"tags\" (list string)) (field \"score\" f64))",
            true,
            Val::Record(vec![
                ("name".into(), Val::String("ada".into())),
                ("age".into(), Val::U8(36)),
                ("tags".into(), Val::List(vec![Val::String("x".into())])),
                ("score".into(), Val::Float64(0.25)),
            ]),
        ),
        (
            "tuple",
            "(tuple u8 string f64 (tuple bool))",
            false,
            Val::Tuple(vec![
                Val::U8(1),
                Val::String("two".into()),
                Val::Float64(3.0),
                Val::Tuple(vec![Val::Bool(false)]),
            ]),
        ),
        (
            "variant-payload",
            "(variant (case \"none\") (case \"int\" s64) (case \"text\" string) (case \"pair\" (tuple u8 u8)))",
            true,
            Val::Variant("text".into(), b(Val::String("payload".into()))),
        ),
        (
            "variant-int",
            "(variant (case \"none\") (case \"int\" s64) (case \"text\" string) (case \"pair\" (tuple u8 u8)))",
            true,
            Val::Variant("int".into(), b(Val::S64(-7))),
        ),
        (
            "variant-empty",
            "(variant (case \"none\") (case \"int\" s64) (case \"text\" string) (case \"pair\" (tuple u8 u8)))",
            true,
            Val::Variant("none".into(), None),
        ),
        ("enum", "(enum \"red\" \"green\" \"blue\")", true, Val::Enum("blue".into())),
        (
            "option",
            "(option (option string))",
            false,
            Val::Option(b(Val::Option(b(Val::String("deep".into()))))),
        ),
        ("option-some-none", "(option (option string))", false, Val::Option(b(Val::Option(None)))),
        ("option-none", "(option (option string))", false, Val::Option(None)),
        ("result-ok", "(result u32 (error string))", false, Val::Result(Ok(b(Val::U32(9))))),
        (
            "result-err",
            "(result u32 (error string))",
            false,
            Val::Result(Err(b(Val::String("bad".into())))),
        ),
        ("result-empty", "(result)", false, Val::Result(Err(None))),
        ("result-err-only", "(result (error u8))", false, Val::Result(Ok(None))),
        (
            "flags",
            "(flags \"a\" \"b\" \"c\" \"d\" \"e\" \"f\" \"g\" \"h\" \"i\")",
            true,
            Val::Flags(vec!["a".into(), "h".into(), "i".into()]),
        ),
        ("flags-none", "(flags \"read\" \"write\")", true, Val::Flags(vec![])),
    ]
}

/// A component exporting, for each echo case `k`, `echo-k: func(x: T, n:
/// u32, p1..p16: u32) -> tuple<T, u32>`. The parameters always spill, and
/// the parameter block starts with the same layout as the result tuple, so
/// every core function is the identity on the block pointer: the values go
/// through the host's `store` and back through its `load`.
fn echo_component(cases: &[(&str, &str, bool, Val)]) -> String {
    let mut items = String::new();
    let pads: String = (1..=16).map(|i| format!("(param \"p{i}\" u32) ")).collect();
    for (name, ty, named, _) in cases {
        let ty_use = if *named {
            items.push_str(&format!(
                "  (type $t-{name}' {ty})\n  (export $t-{name} \"t-{name}\" (type $t-{name}'))\n"
            ));
            format!("$t-{name}")
        } else {
            ty.to_string()
        };
        items.push_str(&format!(
            "  (func (export \"echo-{name}\") (param \"x\" {ty_use}) (param \"n\" u32) {pads}\n    (result (tuple {ty_use} u32))\n    (canon lift (core func $i \"echo\") (memory (core memory $i \"mem\")) (realloc (core func $i \"realloc\"))))\n"
        ));
    }
    format!(
        r#"(component
  (core module $m
    (memory (export "mem") 1)
    {BUMP_REALLOC}
    (func (export "echo") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
{items})"#
    )
}

#[test]
fn every_kind_of_value_goes_through_func_call() -> Result<()> {
    let cases = echo_cases();
    let engine = engine();
    let (mut store, inst) = instantiate(&engine, &echo_component(&cases));
    for (i, (name, _, _, val)) in cases.iter().enumerate() {
        let mut args = vec![val.clone(), Val::U32(1000 + i as u32)];
        args.extend((1..=16).map(Val::U32));
        let out = call(&mut store, &inst, &format!("echo-{name}"), &args)
            .unwrap_or_else(|e| panic!("{name}: {e:#}"));
        assert_eq!(
            out,
            [Val::Tuple(vec![val.clone(), Val::U32(1000 + i as u32)])],
            "{name}"
        );
    }
    // The values are checked against the type by name: records by field,
    // variants by case, flags by flag.
    let bad: [(&str, Val, &str); 4] = [
        (
            "record",
            Val::Record(vec![
                ("name".into(), Val::String("x".into())),
                ("agee".into(), Val::U8(1)),
                ("tags".into(), Val::List(vec![])),
                ("score".into(), Val::Float64(0.0)),
            ]),
            "invalid parameter 0: expected record field `age`, found `agee`",
        ),
        (
            "variant-int",
            Val::Variant("float".into(), None),
            "invalid parameter 0: unknown case `float` for `variant { none, int(s64), text(string), pair(tuple<u8, u8>) }`",
        ),
        (
            "enum",
            Val::Enum("purple".into()),
            "invalid parameter 0: unknown case `purple` for `enum { red, green, blue }`",
        ),
        (
            "flags-none",
            Val::Flags(vec!["exec".into()]),
            "invalid parameter 0: unknown flag `exec` for `flags { read, write }`",
        ),
    ];
    for (name, val, msg) in bad {
        let mut args = vec![val, Val::U32(0)];
        args.extend((1..=16).map(Val::U32));
        let err = call(&mut store, &inst, &format!("echo-{name}"), &args).unwrap_err();
        assert_eq!(err.to_string(), msg);
        assert!(err.downcast_ref::<hoist::Trap>().is_none());
    }
    // Wrong argument counts and result slots are errors too.
    let f = inst.get_func(&mut store, "echo-u8").unwrap();
    let err = f
        .call(&mut store, &[Val::U8(1)], &mut [Val::Bool(false)])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the function takes 18 arguments, but 1 were given"
    );
    // The instance is still fine after all those host mistakes.
    let mut args = vec![Val::U8(5), Val::U32(6)];
    args.extend((1..=16).map(Val::U32));
    let out = call(&mut store, &inst, "echo-u8", &args)?;
    assert_eq!(out, [Val::Tuple(vec![Val::U8(5), Val::U32(6)])]);
    Ok(())
}

/// Flat lowering and lifting: scalars narrowed and sign-extended as the spec
/// says, `bool` from any non-zero value, unknown flag bits dropped, variant
/// payloads joined into shared slots, records flattened field by field.
#[test]
fn flat_values_follow_the_canonical_abi() -> Result<()> {
    let wat = r#"(component
  (core module $m
    (memory (export "mem") 1)
    (func (export "u8") (result i32) i32.const 0x1ff)
    (func (export "s8") (result i32) i32.const 0xff)
    (func (export "s16") (result i32) i32.const 0x18000)
    (func (export "bool") (result i32) i32.const 2)
    (func (export "flags") (result i32) i32.const 0xfffffffd)
    (func (export "id32") (param i32) (result i32) local.get 0)
    (func (export "id64") (param i64) (result i64) local.get 0)
    ;; (discriminant, joined i64 slot) -> the variant in memory at 32.
    (func (export "variant") (param i32 i64) (result i32)
      (i32.store8 (i32.const 32) (local.get 0))
      (i64.store (i32.const 40) (local.get 1))
      (i32.const 32))
    (func (export "sum") (param i32 i32 i32 i64 f32 f64) (result f64)
      (f64.add
        (f64.add
          (f64.add (f64.convert_i32_u (local.get 0)) (f64.convert_i32_s (local.get 1)))
          (f64.add (f64.convert_i32_u (local.get 2)) (f64.convert_i64_s (local.get 3))))
        (f64.add (f64.promote_f32 (local.get 4)) (local.get 5)))))
  (core instance $i (instantiate $m))
  (type $perm' (flags "a" "b" "c"))
  (export $perm "perm" (type $perm'))
  (type $v' (variant (case "w" u32) (case "f" f32) (case "d" u64) (case "none")))
  (export $v "v" (type $v'))
  (type $r' (record (field "a" u8) (field "b" s16) (field "c" u32) (field "d" s64) (field "e" f32) (field "f" f64)))
  (export $r "r" (type $r'))
  (func (export "u8") (result u8) (canon lift (core func $i "u8")))
  (func (export "s8") (result s8) (canon lift (core func $i "s8")))
  (func (export "s16") (result s16) (canon lift (core func $i "s16")))
  (func (export "bool") (result bool) (canon lift (core func $i "bool")))
  (func (export "flags") (result $perm) (canon lift (core func $i "flags")))
  (func (export "id-s8") (param "x" s8) (result s32) (canon lift (core func $i "id32")))
  (func (export "id-char") (param "x" char) (result u32) (canon lift (core func $i "id32")))
  (func (export "id-s64") (param "x" s64) (result s64) (canon lift (core func $i "id64")))
  (func (export "variant") (param "x" $v) (result $v)
    (canon lift (core func $i "variant") (memory (core memory $i "mem"))))
  (func (export "sum") (param "r" $r) (result f64) (canon lift (core func $i "sum"))))"#;
    let engine = engine();
    let (mut store, inst) = instantiate(&engine, wat);
    assert_eq!(call(&mut store, &inst, "u8", &[])?, [Val::U8(0xFF)]);
    assert_eq!(call(&mut store, &inst, "s8", &[])?, [Val::S8(-1)]);
    assert_eq!(call(&mut store, &inst, "s16", &[])?, [Val::S16(i16::MIN)]);
    assert_eq!(call(&mut store, &inst, "bool", &[])?, [Val::Bool(true)]);
    assert_eq!(
        call(&mut store, &inst, "flags", &[])?,
        [Val::Flags(vec!["a".into(), "c".into()])]
    );
    // An `s8` is sign-extended into its i32; a `char` is its scalar value.
    assert_eq!(
        call(&mut store, &inst, "id-s8", &[Val::S8(-2)])?,
        [Val::S32(-2)]
    );
    assert_eq!(
        call(&mut store, &inst, "id-char", &[Val::Char('€')])?,
        [Val::U32(0x20AC)]
    );
    assert_eq!(
        call(&mut store, &inst, "id-s64", &[Val::S64(i64::MIN)])?,
        [Val::S64(i64::MIN)]
    );
    // Every case of a variant whose payloads share one i64 slot.
    for v in [
        Val::Variant("w".into(), Some(Box::new(Val::U32(0xDEAD_BEEF)))),
        Val::Variant("f".into(), Some(Box::new(Val::Float32(-2.5)))),
        Val::Variant("d".into(), Some(Box::new(Val::U64(u64::MAX)))),
        Val::Variant("none".into(), None),
    ] {
        assert_eq!(
            call(&mut store, &inst, "variant", std::slice::from_ref(&v))?,
            [v]
        );
    }
    // A record is flattened field by field.
    let r = Val::Record(vec![
        ("a".into(), Val::U8(200)),
        ("b".into(), Val::S16(-300)),
        ("c".into(), Val::U32(4_000_000_000)),
        ("d".into(), Val::S64(-5_000_000_000)),
        ("e".into(), Val::Float32(0.5)),
        ("f".into(), Val::Float64(0.25)),
    ]);
    let want = 200.0 - 300.0 + 4_000_000_000.0 - 5_000_000_000.0 + 0.5 + 0.25;
    assert_eq!(call(&mut store, &inst, "sum", &[r])?, [Val::Float64(want)]);
    Ok(())
}

#[test]
fn nans_are_canonicalized_when_lifted() -> Result<()> {
    let wat = r#"(component
  (core module $m
    (memory (export "mem") 1)
    ;; A list<f32> of two NaNs at 64, a list<f64> of two NaNs at 80.
    (data (i32.const 64) "\01\00\a0\7f\00\00\c0\ff")
    (data (i32.const 80) "\01\00\00\00\00\00\f4\7f\00\00\00\00\00\00\f8\ff")
    (func (export "nan32") (result f32) (f32.reinterpret_i32 (i32.const 0x7fa00001)))
    (func (export "nan64") (result f64) (f64.reinterpret_i64 (i64.const 0xfff4000000000001)))
    (func (export "list32") (result i32)
      (i32.store (i32.const 0) (i32.const 64)) (i32.store (i32.const 4) (i32.const 2)) (i32.const 0))
    (func (export "list64") (result i32)
      (i32.store (i32.const 0) (i32.const 80)) (i32.store (i32.const 4) (i32.const 2)) (i32.const 0)))
  (core instance $i (instantiate $m))
  (func (export "nan32") (result f32) (canon lift (core func $i "nan32")))
  (func (export "nan64") (result f64) (canon lift (core func $i "nan64")))
  (func (export "list32") (result (list f32)) (canon lift (core func $i "list32") (memory (core memory $i "mem"))))
  (func (export "list64") (result (list f64)) (canon lift (core func $i "list64") (memory (core memory $i "mem")))))"#;
    let engine = engine();
    let (mut store, inst) = instantiate(&engine, wat);
    let bits32 = |v: &Val| match v {
        Val::Float32(f) => f.to_bits(),
        v => panic!("{v:?}"),
    };
    let bits64 = |v: &Val| match v {
        Val::Float64(f) => f.to_bits(),
        v => panic!("{v:?}"),
    };
    assert_eq!(
        bits32(&call(&mut store, &inst, "nan32", &[])?[0]),
        0x7fc0_0000
    );
    assert_eq!(
        bits64(&call(&mut store, &inst, "nan64", &[])?[0]),
        0x7ff8_0000_0000_0000
    );
    let Val::List(l) = &call(&mut store, &inst, "list32", &[])?[0] else {
        panic!()
    };
    assert_eq!(l.iter().map(bits32).collect::<Vec<_>>(), [0x7fc0_0000; 2]);
    let Val::List(l) = &call(&mut store, &inst, "list64", &[])?[0] else {
        panic!()
    };
    assert_eq!(
        l.iter().map(bits64).collect::<Vec<_>>(),
        [0x7ff8_0000_0000_0000; 2]
    );
    // The typed API canonicalizes the same way.
    let f = inst.get_typed_func::<(), (f32,)>(&mut store, "nan32")?;
    assert_eq!(f.call(&mut store, ())?.0.to_bits(), 0x7fc0_0000);
    f.post_return(&mut store)?;
    let f = inst.get_typed_func::<(), (Vec<f64>,)>(&mut store, "list64")?;
    let (l,) = f.call(&mut store, ())?;
    assert_eq!(
        l.iter().map(|f| f.to_bits()).collect::<Vec<_>>(),
        [0x7ff8_0000_0000_0000; 2]
    );
    f.post_return(&mut store)?;
    let f = inst.get_typed_func::<(), (WasmList<f32>,)>(&mut store, "list32")?;
    let (l,) = f.call(&mut store, ())?;
    let items = l.iter(&mut store).collect::<Result<Vec<f32>>>()?;
    assert_eq!(
        items.iter().map(|f| f.to_bits()).collect::<Vec<_>>(),
        [0x7fc0_0000; 2]
    );
    f.post_return(&mut store)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// InstancePre, link errors, typed mismatches
// ---------------------------------------------------------------------------

/// `run: func(x: u32) -> u32` returns `add(x, x)` from the host, and
/// `ns.scale(x)` for the nested import.
const IMPORTS: &str = r#"(component
  (import "add" (func $add (param "a" u32) (param "b" u32) (result u32)))
  (import "ns" (instance $ns (export "scale" (func (param "x" u32) (result u32)))))
  (alias export $ns "scale" (func $scale))
  (core func $add-core (canon lower (func $add)))
  (core func $scale-core (canon lower (func $scale)))
  (core module $m
    (import "" "add" (func $add (param i32 i32) (result i32)))
    (import "" "scale" (func $scale (param i32) (result i32)))
    (func (export "run") (param i32) (result i32)
      (call $scale (call $add (local.get 0) (local.get 0)))))
  (core instance $i (instantiate $m
    (with "" (instance (export "add" (func $add-core)) (export "scale" (func $scale-core))))))
  (func (export "run") (param "x" u32) (result u32) (canon lift (core func $i "run"))))"#;

/// A linker with `add` and `ns.scale` (multiplying by `k`), counting calls in
/// the store's data.
fn imports_linker(engine: &Engine) -> Linker<u32> {
    let mut linker = Linker::<u32>::new(engine);
    linker
        .root()
        .func_wrap(
            "add",
            |mut store: StoreContextMut<'_, u32>, (a, b): (u32, u32)| {
                *store.data_mut() += 1;
                Ok((a + b,))
            },
        )
        .unwrap();
    linker
        .instance("ns")
        .unwrap()
        .func_new("scale", |mut store, params, results| {
            *store.data_mut() += 1;
            let Val::U32(x) = params[0] else {
                anyhow::bail!("bad argument")
            };
            results[0] = Val::U32(x * 10);
            Ok(())
        })
        .unwrap();
    linker
}

#[test]
fn instance_pre_instantiates_in_many_stores() -> Result<()> {
    let engine = engine();
    let component = Component::new(&engine, IMPORTS)?;
    let pre = imports_linker(&engine).instantiate_pre(&component)?;
    assert_eq!(pre.component().import_names(), ["add", "ns"]);
    let mut a = Store::new(&engine, 0u32);
    let mut b = Store::new(&engine, 100u32);
    let ia = pre.instantiate(&mut a)?;
    let ib = pre.clone().instantiate(&mut b)?;
    let run_a = ia.get_typed_func::<(u32,), (u32,)>(&mut a, "run")?;
    let run_b = ib.get_typed_func::<(u32,), (u32,)>(&mut b, "run")?;
    assert_eq!(run_a.call(&mut a, (2,))?, (40,));
    run_a.post_return(&mut a)?;
    for x in [1, 3] {
        assert_eq!(run_b.call(&mut b, (x,))?, (20 * x,));
        run_b.post_return(&mut b)?;
    }
    // Each store's host functions saw only that store's calls.
    assert_eq!(*a.data(), 2);
    assert_eq!(*b.data(), 104);
    // A second instance in the same store is independent of the first.
    let ia2 = pre.instantiate(&mut a)?;
    assert_ne!(ia, ia2);
    let run_a2 = ia2.get_typed_func::<(u32,), (u32,)>(&mut a, "run")?;
    assert_eq!(run_a.call(&mut a, (1,))?, (20,));
    assert_eq!(run_a2.call(&mut a, (2,))?, (40,));
    run_a.post_return(&mut a)?;
    run_a2.post_return(&mut a)?;
    // Handles belong to their store.
    let wrong = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = run_a.call(&mut b, (1,));
    }));
    assert!(
        wrong.is_err(),
        "a function of store `a` was called in store `b`"
    );
    Ok(())
}

#[test]
fn missing_imports_are_named_at_link_time() {
    let engine = engine();
    let component = Component::new(&engine, IMPORTS).unwrap();
    // Nothing defined.
    let err = Linker::<u32>::new(&engine)
        .instantiate_pre(&component)
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "import `add` was not found in the linker: expected a function of type \
         `func(a: u32, b: u32) -> u32`"
    );
    // `add` defined, `ns` missing altogether.
    let mut linker = Linker::<u32>::new(&engine);
    linker
        .root()
        .func_wrap("add", |_: StoreContextMut<'_, u32>, (a, b): (u32, u32)| {
            Ok((a + b,))
        })
        .unwrap();
    let err = linker.instantiate_pre(&component).err().unwrap();
    assert_eq!(
        err.to_string(),
        "import `ns` was not found in the linker: expected an instance exporting `scale`"
    );
    // `ns` defined without `scale`.
    linker
        .instance("ns")
        .unwrap()
        .func_new("other", |_, _, _| Ok(()))
        .unwrap();
    let err = linker.instantiate_pre(&component).err().unwrap();
    assert_eq!(
        err.to_string(),
        "import `ns/scale` was not found in the linker: expected a function of type \
         `func(x: u32) -> u32`"
    );
    // Something of the wrong kind.
    let mut linker = Linker::<u32>::new(&engine);
    linker.instance("add").unwrap();
    let err = linker.instantiate_pre(&component).err().unwrap();
    assert_eq!(
        err.to_string(),
        "import `add` has the wrong type: expected func found instance"
    );
    // With everything defined, it links.
    imports_linker(&engine).instantiate_pre(&component).unwrap();
}

#[test]
fn mistyped_host_functions_are_named_at_link_time() {
    let engine = engine();
    let component = Component::new(&engine, IMPORTS).unwrap();
    let with_add = |define: &dyn Fn(&mut Linker<u32>)| {
        let mut linker = imports_linker(&engine);
        linker.allow_shadowing(true);
        define(&mut linker);
        linker
            .instantiate_pre(&component)
            .err()
            .map(|e| e.to_string())
    };
    let err = with_add(&|l| {
        l.root()
            .func_wrap(
                "add",
                |_: StoreContextMut<'_, u32>, (a, _b): (u32, String)| Ok((a,)),
            )
            .unwrap()
    });
    assert_eq!(
        err.as_deref(),
        Some(
            "type mismatch for import `add`: expected `func(a: u32, b: u32) -> u32`, found \
             `(u32, String) -> (u32,)`: parameter `b`: expected `u32`, found Rust type `String`"
        )
    );
    let err = with_add(&|l| {
        l.root()
            .func_wrap("add", |_: StoreContextMut<'_, u32>, (a, b): (u32, u32)| {
                Ok((a as u64 + b as u64,))
            })
            .unwrap()
    });
    assert_eq!(
        err.as_deref(),
        Some(
            "type mismatch for import `add`: expected `func(a: u32, b: u32) -> u32`, found \
             `(u32, u32) -> (u64,)`: result: expected `u32`, found Rust type `u64`"
        )
    );
    let err = with_add(&|l| {
        l.root()
            .func_wrap("add", |_: StoreContextMut<'_, u32>, (a,): (u32,)| Ok((a,)))
            .unwrap()
    });
    assert_eq!(
        err.as_deref(),
        Some(
            "type mismatch for import `add`: expected `func(a: u32, b: u32) -> u32`, found \
             `(u32,) -> (u32,)`: the function takes 2 parameters, the Rust parameter tuple has 1 elements"
        )
    );
    let err = with_add(&|l| {
        l.root()
            .func_wrap(
                "add",
                |_: StoreContextMut<'_, u32>, (_a, _b): (u32, u32)| Ok(()),
            )
            .unwrap()
    });
    assert_eq!(
        err.as_deref(),
        Some(
            "type mismatch for import `add`: expected `func(a: u32, b: u32) -> u32`, found \
             `(u32, u32) -> ()`: the function returns 1 results, the Rust result tuple has 0 elements"
        )
    );
    // Inside an instance import, the path is named.
    let err = with_add(&|l| {
        l.instance("ns")
            .unwrap()
            .func_wrap("scale", |_: StoreContextMut<'_, u32>, (x,): (i32,)| {
                Ok((x as u32,))
            })
            .unwrap()
    });
    assert_eq!(
        err.as_deref(),
        Some(
            "type mismatch for import `ns/scale`: expected `func(x: u32) -> u32`, found \
             `(i32,) -> (u32,)`: parameter `x`: expected `u32`, found Rust type `i32`"
        )
    );
}

#[test]
fn mistyped_typed_exports_name_the_export_and_both_types() -> Result<()> {
    let engine = engine();
    let component = Component::new(&engine, IMPORTS)?;
    let mut store = Store::new(&engine, 0u32);
    let inst = imports_linker(&engine).instantiate(&mut store, &component)?;
    let cases: [(Result<()>, &str); 4] = [
        (
            inst.get_typed_func::<(u64,), (u32,)>(&mut store, "run").map(drop),
            "type mismatch for export `run`: expected `func(x: u32) -> u32`, found `(u64,) -> (u32,)`: \
             parameter `x`: expected `u32`, found Rust type `u64`",
        ),
        (
            inst.get_typed_func::<(u32,), (String,)>(&mut store, "run").map(drop),
            "type mismatch for export `run`: expected `func(x: u32) -> u32`, found `(u32,) -> (String,)`: \
             result: expected `u32`, found Rust type `String`",
        ),
        (
            inst.get_typed_func::<(u32, u32), (u32,)>(&mut store, "run").map(drop),
            "type mismatch for export `run`: expected `func(x: u32) -> u32`, found `(u32, u32) -> (u32,)`: \
             the function takes 1 parameters, the Rust parameter tuple has 2 elements",
        ),
        (
            inst.get_typed_func::<(u32,), ()>(&mut store, "run").map(drop),
            "type mismatch for export `run`: expected `func(x: u32) -> u32`, found `(u32,) -> ()`: \
             the function returns 1 results, the Rust result tuple has 0 elements",
        ),
    ];
    for (r, msg) in cases {
        assert_eq!(r.unwrap_err().to_string(), msg);
    }
    // `Func::typed` checks the same way.
    let f = inst.get_func(&mut store, "run").unwrap();
    let err = f.typed::<(bool,), (u32,)>(&store).unwrap_err();
    assert_eq!(
        err.to_string(),
        "type mismatch for function: expected `func(x: u32) -> u32`, found `(bool,) -> (u32,)`: \
         parameter `x`: expected `u32`, found Rust type `bool`"
    );
    // And the right types work.
    let run = f.typed::<(u32,), (u32,)>(&store)?;
    assert_eq!(run.call(&mut store, (3,))?, (60,));
    run.post_return(&mut store)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Components importing core modules
// ---------------------------------------------------------------------------

/// Imports core module `lib` (exporting `answer` and memory `mem`),
/// instantiates it with an import of its own, lifts `answer`, and re-exports
/// the module.
const MODULE_IMPORT: &str = r#"(component
  (import "lib" (core module $lib
    (import "env" "base" (func (result i32)))
    (export "answer" (func (param i32) (result i32)))))
  (core module $env (func (export "base") (result i32) i32.const 40))
  (core instance $env (instantiate $env))
  (core instance $l (instantiate $lib (with "env" (instance $env))))
  (func (export "answer") (param "x" u32) (result u32) (canon lift (core func $l "answer")))
  (export "lib" (core module $lib)))"#;

const LIB: &str = r#"(module
  (import "env" "base" (func $base (result i32)))
  (func (export "answer") (param i32) (result i32) (i32.add (call $base) (local.get 0)))
  (memory (export "extra") 1))"#;

#[test]
fn linker_modules_satisfy_core_module_imports() -> Result<()> {
    let engine = engine();
    let component = Component::new(&engine, MODULE_IMPORT)?;
    let lib = Module::new(&engine, LIB)?;
    let mut linker = Linker::<()>::new(&engine);
    linker.root().module("lib", &lib)?;
    let mut store = Store::new(&engine, ());
    let inst = linker.instantiate(&mut store, &component)?;
    let answer = inst.get_typed_func::<(u32,), (u32,)>(&mut store, "answer")?;
    assert_eq!(answer.call(&mut store, (2,))?, (42,));
    answer.post_return(&mut store)?;
    // The re-exported module is the one the linker supplied.
    let exports = inst.exports(&mut store, None);
    let Some((_, Export::Module(m))) = exports.iter().find(|(n, _)| n == "lib") else {
        panic!("no module export: {exports:?}")
    };
    let names: Vec<String> = m.exports().map(|e| e.name().to_string()).collect();
    assert_eq!(names, ["answer", "extra"]);

    // A module missing the export, or with it at another type, is refused
    // at link time, naming the import and the export.
    for (wat, msg) in [
        (
            r#"(module (func (export "other")))"#,
            "module import `lib`: export `answer` was not found",
        ),
        (
            r#"(module (func (export "answer") (param i64) (result i32) i32.const 0))"#,
            "module import `lib`: export `answer` has type `func(i64) -> (i32)`, \
             expected `func(i32) -> (i32)`",
        ),
    ] {
        let mut linker = Linker::<()>::new(&engine);
        linker.root().module("lib", &Module::new(&engine, wat)?)?;
        let err = linker.instantiate_pre(&component).err().unwrap();
        assert_eq!(err.to_string(), msg);
    }
    // A function where a module is expected.
    let mut linker = Linker::<()>::new(&engine);
    linker.root().func_new("lib", |_, _, _| Ok(()))?;
    let err = linker.instantiate_pre(&component).err().unwrap();
    assert_eq!(
        err.to_string(),
        "import `lib` has the wrong type: expected module found func"
    );
    // A module whose imports the component's type does not promise (one
    // more import, or `env::base` of another kind or type) is refused at
    // link time too: the component would not supply them.
    for (import, msg) in [
        (
            r#"(import "env" "base" (func (result i32))) (import "other" "thing" (func))"#,
            "module import `lib`: the module's import `other::thing` is not defined by the import's type",
        ),
        (
            r#"(import "env" "base" (global i32))"#,
            "module import `lib`: its import `env::base`: expected global found func",
        ),
        (
            r#"(import "env" "base" (func (result i64)))"#,
            "module import `lib`: its import `env::base` has the wrong type: the module needs \
             `func() -> (i64)`, the import's type gives `func() -> (i32)`",
        ),
    ] {
        let wat = format!(
            r#"(module {import} (func (export "answer") (param i32) (result i32) local.get 0))"#
        );
        let mut linker = Linker::<()>::new(&engine);
        linker.root().module("lib", &Module::new(&engine, wat)?)?;
        let err = linker.instantiate_pre(&component).err().unwrap();
        assert_eq!(err.to_string(), msg);
    }
    // A module needing less than the type promises is fine.
    let frugal = Module::new(
        &engine,
        r#"(module (func (export "answer") (param i32) (result i32) local.get 0))"#,
    )?;
    let mut linker = Linker::<()>::new(&engine);
    linker.root().module("lib", &frugal)?;
    let mut store = Store::new(&engine, ());
    let inst = linker.instantiate(&mut store, &component)?;
    let answer = inst.get_typed_func::<(u32,), (u32,)>(&mut store, "answer")?;
    assert_eq!(answer.call(&mut store, (2,))?, (2,));
    Ok(())
}

#[test]
fn modules_inside_linker_instances() -> Result<()> {
    let wat = r#"(component
  (import "deps" (instance $deps
    (export "lib" (core module
      (export "seven" (func (result i32)))))))
  (alias export $deps "lib" (core module $lib))
  (core instance $l (instantiate $lib))
  (func (export "seven") (result u32) (canon lift (core func $l "seven"))))"#;
    let engine = engine();
    let component = Component::new(&engine, wat)?;
    let seven = Module::new(
        &engine,
        r#"(module (func (export "seven") (result i32) i32.const 7))"#,
    )?;
    let mut linker = Linker::<()>::new(&engine);
    linker.instance("deps")?.module("lib", &seven)?;
    let mut store = Store::new(&engine, ());
    let inst = linker.instantiate(&mut store, &component)?;
    let f = inst.get_typed_func::<(), (u32,)>(&mut store, "seven")?;
    assert_eq!(f.call(&mut store, ())?, (7,));
    f.post_return(&mut store)?;
    // Defining the same name twice is an error unless shadowing is allowed.
    let err = linker.instance("deps")?.module("lib", &seven).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`deps/lib` is already defined in this linker"
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Component to component, strings in every pair of encodings
// ---------------------------------------------------------------------------

/// A root component (strings in `enc_b`) relaying to a nested component `$A`
/// (strings in `enc_a`):
/// - `raw: func(s: string) -> tuple<u32, list<u8>>` returns the (tagged)
///   length `$A` received and the bytes of the string in `$A`'s memory;
/// - `echo: func(s: string) -> string` returns its argument.
fn relay(enc_a: &str, enc_b: &str) -> String {
    format!(
        r#"(component
  (component $A
    (core module $a
      (memory (export "mem") 1)
      {BUMP_REALLOC}
      (func $bytes (param $len i32) (result i32)
        {byte_length})
      (func (export "raw") (param $p i32) (param $len i32) (result i32)
        (i32.store (i32.const 0) (local.get $len))
        (i32.store (i32.const 4) (local.get $p))
        (i32.store (i32.const 8) (call $bytes (local.get $len)))
        (i32.const 0))
      (func (export "echo") (param $p i32) (param $len i32) (result i32)
        (i32.store (i32.const 16) (local.get $p))
        (i32.store (i32.const 20) (local.get $len))
        (i32.const 16)))
    (core instance $a (instantiate $a))
    (func (export "raw") (param "s" string) (result (tuple u32 (list u8)))
      (canon lift (core func $a "raw") (memory (core memory $a "mem"))
        (realloc (core func $a "realloc")) string-encoding={enc_a}))
    (func (export "echo") (param "s" string) (result string)
      (canon lift (core func $a "echo") (memory (core memory $a "mem"))
        (realloc (core func $a "realloc")) string-encoding={enc_a})))
  (instance $a (instantiate $A))
  (core module $libc (memory (export "mem") 1) {BUMP_REALLOC})
  (core instance $libc (instantiate $libc))
  (core func $raw-core (canon lower (func $a "raw") (memory (core memory $libc "mem"))
    (realloc (core func $libc "realloc")) string-encoding={enc_b}))
  (core func $echo-core (canon lower (func $a "echo") (memory (core memory $libc "mem"))
    (realloc (core func $libc "realloc")) string-encoding={enc_b}))
  (core module $b
    (import "" "raw" (func $raw (param i32 i32 i32)))
    (import "" "echo" (func $echo (param i32 i32 i32)))
    (func (export "raw") (param i32 i32) (result i32)
      (call $raw (local.get 0) (local.get 1) (i32.const 32)) (i32.const 32))
    (func (export "echo") (param i32 i32) (result i32)
      (call $echo (local.get 0) (local.get 1) (i32.const 48)) (i32.const 48)))
  (core instance $b (instantiate $b
    (with "" (instance (export "raw" (func $raw-core)) (export "echo" (func $echo-core))))))
  (func (export "raw") (param "s" string) (result (tuple u32 (list u8)))
    (canon lift (core func $b "raw") (memory (core memory $libc "mem"))
      (realloc (core func $libc "realloc")) string-encoding={enc_b}))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $b "echo") (memory (core memory $libc "mem"))
      (realloc (core func $libc "realloc")) string-encoding={enc_b})))"#,
        byte_length = match enc_a {
            "utf8" => "(local.get $len)",
            "utf16" => "(i32.shl (local.get $len) (i32.const 1))",
            _ => "(if (result i32) (i32.lt_s (local.get $len) (i32.const 0)) \
                    (then (i32.shl (i32.and (local.get $len) (i32.const 0x7fffffff)) (i32.const 1))) \
                    (else (local.get $len)))",
        }
    )
}

/// What a guest with string encoding `enc` holds for `s`: (tagged length, bytes).
fn encoded(enc: &str, s: &str) -> (u32, Vec<u8>) {
    let utf16: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    match enc {
        "utf8" => (s.len() as u32, s.as_bytes().to_vec()),
        "utf16" => (s.encode_utf16().count() as u32, utf16),
        _ if s.chars().all(|c| (c as u32) < 256) => (
            s.chars().count() as u32,
            s.chars().map(|c| c as u8).collect(),
        ),
        _ => (s.encode_utf16().count() as u32 | 1 << 31, utf16),
    }
}

#[test]
fn strings_between_components_in_every_pair_of_encodings() -> Result<()> {
    const ENCODINGS: [&str; 3] = ["utf8", "utf16", "latin1+utf16"];
    let texts = [
        "",
        "plain ascii",
        "latin-1: héllo wörld ÿ\u{0}",
        "bmp: €uro ✓ αβγ",
        "astral: 😀🦀 end",
        "é€",
    ];
    let engine = engine();
    for enc_a in ENCODINGS {
        for enc_b in ENCODINGS {
            let component = Component::new(&engine, relay(enc_a, enc_b))?;
            let mut store = Store::new(&engine, ());
            let inst = Linker::new(&engine).instantiate(&mut store, &component)?;
            let raw = inst.get_typed_func::<(&str,), ((u32, Vec<u8>),)>(&mut store, "raw")?;
            let echo = inst.get_typed_func::<(&str,), (String,)>(&mut store, "echo")?;
            for text in texts {
                let ((len, bytes),) = raw.call(&mut store, (text,))?;
                raw.post_return(&mut store)?;
                assert_eq!(
                    (len, bytes),
                    encoded(enc_a, text),
                    "{enc_b} -> {enc_a}: {text:?}"
                );
                let (back,) = echo.call(&mut store, (text,))?;
                echo.post_return(&mut store)?;
                assert_eq!(back, text, "{enc_b} -> {enc_a} -> {enc_b}");
                // The dynamic path agrees.
                let out = call(&mut store, &inst, "echo", &[Val::String(text.into())])?;
                assert_eq!(out, [Val::String(text.into())]);
            }
        }
    }
    Ok(())
}

/// A UTF-16-form `latin1+utf16` string that fits Latin-1 is stored as
/// Latin-1 by a `latin1+utf16` callee (`store_probably_utf16_to_latin1_or_utf16`).
#[test]
fn utf16_form_strings_are_deflated_to_latin1_between_compact_components() -> Result<()> {
    let wat = format!(
        r#"(component
  (component $A
    (core module $a
      (memory (export "mem") 1)
      {BUMP_REALLOC}
      (func (export "raw") (param $p i32) (param $len i32) (result i32)
        (i32.store (i32.const 0) (local.get $len))
        (i32.store (i32.const 4) (local.get $p))
        (i32.store (i32.const 8) (i32.and (local.get $len) (i32.const 0xff)))
        (i32.const 0)))
    (core instance $a (instantiate $a))
    (func (export "raw") (param "s" string) (result (tuple u32 (list u8)))
      (canon lift (core func $a "raw") (memory (core memory $a "mem"))
        (realloc (core func $a "realloc")) string-encoding=latin1+utf16)))
  (instance $a (instantiate $A))
  (core module $libc
    (memory (export "mem") 1)
    (data (i32.const 64) "h\00\e9\00!\00")
    {BUMP_REALLOC})
  (core instance $libc (instantiate $libc))
  (core func $raw-core (canon lower (func $a "raw") (memory (core memory $libc "mem"))
    (realloc (core func $libc "realloc")) string-encoding=latin1+utf16))
  (core module $b
    (import "" "raw" (func $raw (param i32 i32 i32)))
    (func (export "run") (result i32)
      (call $raw (i32.const 64) (i32.const 0x80000003) (i32.const 32)) (i32.const 32)))
  (core instance $b (instantiate $b (with "" (instance (export "raw" (func $raw-core))))))
  (func (export "run") (result (tuple u32 (list u8)))
    (canon lift (core func $b "run") (memory (core memory $libc "mem"))
      (realloc (core func $libc "realloc")))))"#
    );
    let engine = engine();
    let (mut store, inst) = instantiate(&engine, &wat);
    let run = inst.get_typed_func::<(), ((u32, Vec<u8>),)>(&mut store, "run")?;
    let ((len, bytes),) = run.call(&mut store, ())?;
    run.post_return(&mut store)?;
    assert_eq!(len, 3, "the callee got the Latin-1 form");
    assert_eq!(bytes, b"h\xe9!");
    Ok(())
}

// ---------------------------------------------------------------------------
// Spilled parameters and results
// ---------------------------------------------------------------------------

/// Ten parameters taking 17 flat values (so they spill), and a result tuple
/// of the same types (so it spills too):
/// `a: u8, b: u64, c: string, d: tuple<u32, u32, u32>, e: option<f64>,
/// f: list<u16>, g: char, h: result<u32, string>, i: s16, j: f32`.
const SPILL_PARAMS: &str = r#"(param "a" u8) (param "b" u64) (param "c" string) (param "d" (tuple u32 u32 u32))
    (param "e" (option f64)) (param "f" (list u16)) (param "g" char) (param "h" (result u32 (error string)))
    (param "i" s16) (param "j" f32)"#;
const SPILL_RESULT: &str = r#"(result (tuple u8 u64 string (tuple u32 u32 u32) (option f64) (list u16) char (result u32 (error string)) s16 f32))"#;

type Many = (
    u8,
    u64,
    String,
    (u32, u32, u32),
    Option<f64>,
    Vec<u16>,
    char,
    Result<u32, String>,
    i16,
    f32,
);

fn many() -> Many {
    (
        7,
        0x0102_0304_0506_0708,
        "hello".into(),
        (1, 2, 3),
        Some(2.5),
        vec![10, 20, 30],
        'λ',
        Err("bad".into()),
        -3,
        1.5,
    )
}

fn many_val() -> Vec<Val> {
    let (a, b, c, d, e, f, g, h, i, j) = many();
    vec![
        Val::U8(a),
        Val::U64(b),
        Val::String(c),
        Val::Tuple(vec![Val::U32(d.0), Val::U32(d.1), Val::U32(d.2)]),
        Val::Option(e.map(|x| Box::new(Val::Float64(x)))),
        Val::List(f.into_iter().map(Val::U16).collect()),
        Val::Char(g),
        Val::Result(match h {
            Ok(v) => Ok(Some(Box::new(Val::U32(v)))),
            Err(s) => Err(Some(Box::new(Val::String(s)))),
        }),
        Val::S16(i),
        Val::Float32(j),
    ]
}

/// The parameter block of [`many`] as the spec lays it out (88 bytes), with
/// its strings and lists at `heap`.
fn many_block(heap: u32) -> (Vec<u8>, Vec<u8>) {
    let mut block = vec![0u8; 88];
    let mut put = |at: usize, bytes: &[u8]| block[at..at + bytes.len()].copy_from_slice(bytes);
    put(0, &[7]);
    put(8, &0x0102_0304_0506_0708u64.to_le_bytes());
    put(16, &heap.to_le_bytes());
    put(20, &5u32.to_le_bytes());
    put(24, &[1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);
    put(40, &[1]);
    put(48, &2.5f64.to_le_bytes());
    put(56, &(heap + 8).to_le_bytes());
    put(60, &3u32.to_le_bytes());
    put(64, &('λ' as u32).to_le_bytes());
    put(68, &[1]);
    put(72, &(heap + 16).to_le_bytes());
    put(76, &3u32.to_le_bytes());
    put(80, &(-3i16).to_le_bytes());
    put(84, &1.5f32.to_le_bytes());
    let mut heap_bytes = b"hello\0\0\0".to_vec();
    heap_bytes.extend([10, 0, 20, 0, 30, 0, 0, 0]);
    heap_bytes.extend(b"bad");
    (block, heap_bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("\\{b:02x}")).collect()
}

#[test]
fn spilled_parameters_and_results_from_the_host() -> Result<()> {
    // `echo` returns the parameter block (the result tuple has its layout);
    // `block` returns the bytes of the last block `echo` got.
    let wat = format!(
        r#"(component
  (core module $m
    (memory (export "mem") 1)
    {BUMP_REALLOC}
    (global $block (mut i32) (i32.const 0))
    (func (export "echo") (param i32) (result i32) (global.set $block (local.get 0)) local.get 0)
    (func (export "block") (result i32)
      (i32.store (i32.const 0) (global.get $block))
      (i32.store (i32.const 4) (global.get $block))
      (i32.store (i32.const 8) (i32.const 88))
      (i32.const 0)))
  (core instance $i (instantiate $m))
  (func (export "echo") {SPILL_PARAMS} {SPILL_RESULT}
    (canon lift (core func $i "echo") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
  (func (export "block") (result (tuple u32 (list u8)))
    (canon lift (core func $i "block") (memory (core memory $i "mem")))))"#
    );
    let engine = engine();
    let (mut store, inst) = instantiate(&engine, &wat);
    let block = inst.get_typed_func::<(), ((u32, Vec<u8>),)>(&mut store, "block")?;
    let echo = inst.get_func(&mut store, "echo").unwrap();
    assert_eq!(echo.params(&store).len(), 10);

    // Dynamic.
    let mut out = [Val::Bool(false)];
    echo.call(&mut store, &many_val(), &mut out)?;
    echo.post_return(&mut store)?;
    assert_eq!(out[0], Val::Tuple(many_val()));
    let (bytes,) = block.call(&mut store, ())?;
    block.post_return(&mut store)?;
    let check_layout = |(ptr, bytes): (u32, Vec<u8>)| {
        let (want, _) = many_block(0);
        assert_eq!(bytes.len(), 88);
        for range in [0..1, 8..16, 20..36, 40..41, 48..56, 60..69, 76..82, 84..88] {
            assert_eq!(bytes[range.clone()], want[range.clone()], "bytes {range:?}");
        }
        // The spec allocates the block first, then the strings and lists
        // stored in it: with a bump allocator they come after it.
        let at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap());
        assert!(
            ptr + 88 <= at(16) && at(16) < at(56) && at(56) < at(72),
            "{ptr} {} {} {}",
            at(16),
            at(56),
            at(72)
        );
        ptr
    };
    let first = check_layout(bytes);

    // Typed.
    let echo = echo.typed::<Many, (Many,)>(&store)?;
    let (back,) = echo.call(&mut store, many())?;
    echo.post_return(&mut store)?;
    assert_eq!(back, many());
    let (bytes,) = block.call(&mut store, ())?;
    block.post_return(&mut store)?;
    // The typed block is a new allocation after the first call's.
    assert!(check_layout(bytes) > first);
    Ok(())
}

#[test]
fn spilled_parameters_and_results_from_the_guest() -> Result<()> {
    // The guest passes a hand-made parameter block at 256 (strings and
    // lists at 512) and a return pointer at 1024, and returns that.
    let (block, heap) = many_block(512);
    let wat = format!(
        r#"(component
  (import "take" (func $take {SPILL_PARAMS} {SPILL_RESULT}))
  (core module $libc
    (memory (export "mem") 1)
    (data (i32.const 256) "{block}")
    (data (i32.const 512) "{heap}")
    {BUMP_REALLOC})
  (core instance $libc (instantiate $libc))
  (core func $take-core (canon lower (func $take) (memory (core memory $libc "mem"))
    (realloc (core func $libc "realloc"))))
  (core module $m
    (import "" "take" (func $take (param i32 i32)))
    (func (export "run") (result i32)
      (call $take (i32.const 256) (i32.const 1024))
      (i32.const 1024)))
  (core instance $i (instantiate $m (with "" (instance (export "take" (func $take-core))))))
  (func (export "run") {SPILL_RESULT}
    (canon lift (core func $i "run") (memory (core memory $libc "mem")))))"#,
        block = hex(&block),
        heap = hex(&heap),
    );
    let engine = engine();
    let component = Component::new(&engine, &wat)?;

    // Dynamic host function: gets the values, returns them.
    let mut linker = Linker::<Vec<Val>>::new(&engine);
    linker
        .root()
        .func_new("take", |mut store, params, results| {
            *store.data_mut() = params.to_vec();
            results[0] = Val::Tuple(params.to_vec());
            Ok(())
        })?;
    let mut store = Store::new(&engine, Vec::new());
    let inst = linker.instantiate(&mut store, &component)?;
    let out = call(&mut store, &inst, "run", &[])?;
    assert_eq!(*store.data(), many_val());
    assert_eq!(out, [Val::Tuple(many_val())]);

    // Typed host function.
    let mut linker = Linker::<Option<Many>>::new(&engine);
    linker.root().func_wrap(
        "take",
        |mut store: StoreContextMut<'_, Option<Many>>, args: Many| {
            *store.data_mut() = Some(args.clone());
            Ok((args,))
        },
    )?;
    let mut store = Store::new(&engine, None);
    let inst = linker.instantiate(&mut store, &component)?;
    let run = inst.get_typed_func::<(), (Many,)>(&mut store, "run")?;
    let (back,) = run.call(&mut store, ())?;
    run.post_return(&mut store)?;
    assert_eq!(store.data().as_ref(), Some(&many()));
    assert_eq!(back, many());
    Ok(())
}

/// More than 16 flat parameters of one kind: 20 `u32`s through both paths,
/// dynamic only (a Rust tuple has at most 16 elements).
#[test]
fn twenty_scalar_parameters_spill() -> Result<()> {
    let params: String = (0..20).map(|i| format!("(param \"p{i}\" u32) ")).collect();
    let wat = format!(
        r#"(component
  (import "sum" (func $sum {params} (result u64)))
  (core module $libc (memory (export "mem") 1) {BUMP_REALLOC})
  (core instance $libc (instantiate $libc))
  (core func $sum-core (canon lower (func $sum) (memory (core memory $libc "mem"))))
  (core module $m
    (import "" "mem" (memory 1))
    (import "" "sum" (func $sum (param i32) (result i64)))
    ;; Sums the block it is given in guest code, then asks the host to
    ;; sum the same block, and returns both.
    (func (export "both") (param $p i32) (result i32)
      (local $i i32) (local $acc i64)
      (loop $l
        (local.set $acc (i64.add (local.get $acc)
          (i64.extend_i32_u (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 20))))
      (i64.store (i32.const 0) (local.get $acc))
      (i64.store (i32.const 8) (call $sum (local.get $p)))
      (i32.const 0)))
  (core instance $i (instantiate $m
    (with "" (instance (export "mem" (memory $libc "mem")) (export "sum" (func $sum-core))))))
  (func (export "both") {params} (result (tuple u64 u64))
    (canon lift (core func $i "both") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc")))))"#
    );
    let engine = engine();
    let component = Component::new(&engine, &wat)?;
    let mut linker = Linker::<u32>::new(&engine);
    linker
        .root()
        .func_new("sum", |mut store, params, results| {
            *store.data_mut() += 1;
            let mut acc = 0u64;
            for p in params {
                let Val::U32(x) = p else {
                    anyhow::bail!("not a u32: {p:?}")
                };
                acc += u64::from(*x);
            }
            results[0] = Val::U64(acc);
            Ok(())
        })?;
    let mut store = Store::new(&engine, 0);
    let inst = linker.instantiate(&mut store, &component)?;
    let args: Vec<Val> = (0..20).map(|i| Val::U32(u32::MAX - i)).collect();
    let want: u64 = (0..20).map(|i| u64::from(u32::MAX - i)).sum();
    let out = call(&mut store, &inst, "both", &args)?;
    assert_eq!(out, [Val::Tuple(vec![Val::U64(want), Val::U64(want)])]);
    assert_eq!(*store.data(), 1);
    Ok(())
}

/// `ComponentExportIndex` values compare by the export they name.
#[test]
fn export_indices_compare_by_path() {
    let engine = engine();
    let (store, inst) = instantiate(&engine, NESTED);
    let math = inst.get_export_index(&store, None, "math").unwrap();
    let a: ComponentExportIndex = inst
        .get_export_index(&store, Some(&math), "double")
        .unwrap();
    let b = inst
        .get_export_index(&store, Some(&math), "double")
        .unwrap();
    let root = inst.get_export_index(&store, None, "double").unwrap();
    assert_eq!(a, b);
    assert_ne!(a, root);
}

/// A host function's error comes back to the caller of the export with the
/// context "host function `NAME` failed", `NAME` being the import's path;
/// the host's own error stays reachable (`downcast_ref`, `root_cause`).
#[test]
fn host_errors_name_the_host_function() {
    #[derive(Debug)]
    struct DiskFull(u32);
    impl std::fmt::Display for DiskFull {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "disk {} is full", self.0)
        }
    }
    impl std::error::Error for DiskFull {}

    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
          (import "a:b/files" (instance $files
            (export "write" (func (param "n" u32)))
            (export "sync" (func))))
          (import "log" (func $log))
          (alias export $files "write" (func $write))
          (alias export $files "sync" (func $sync))
          (core func $write' (canon lower (func $write)))
          (core func $sync' (canon lower (func $sync)))
          (core func $log' (canon lower (func $log)))
          (core module $m
            (import "" "write" (func $write (param i32)))
            (import "" "sync" (func $sync))
            (import "" "log" (func $log))
            (func (export "write") i32.const 7 call $write)
            (func (export "sync") call $sync)
            (func (export "log") call $log))
          (core instance $i (instantiate $m (with "" (instance
            (export "write" (func $write'))
            (export "sync" (func $sync'))
            (export "log" (func $log'))))))
          (func (export "write") (canon lift (core func $i "write")))
          (func (export "sync") (canon lift (core func $i "sync")))
          (func (export "log") (canon lift (core func $i "log"))))"#,
    )
    .unwrap();
    let mut linker = Linker::<()>::new(&engine);
    let mut files = linker.instance("a:b/files").unwrap();
    files
        .func_wrap("write", |_, (n,): (u32,)| -> anyhow::Result<()> {
            Err(DiskFull(n).into())
        })
        .unwrap();
    files
        .func_new("sync", |_, _, _| anyhow::bail!("no disk"))
        .unwrap();
    linker
        .root()
        .func_wrap("log", |_, (): ()| -> anyhow::Result<()> {
            anyhow::bail!("log closed")
        })
        .unwrap();
    let cases: [(&str, &str, &str); 3] = [
        (
            "write",
            "host function `a:b/files#write` failed",
            "disk 7 is full",
        ),
        ("sync", "host function `a:b/files#sync` failed", "no disk"),
        ("log", "host function `log` failed", "log closed"),
    ];
    for (export, outer, inner) in cases {
        // A fresh instance each time: a host error poisons the instance.
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate(&mut store, &component).unwrap();
        let f = instance
            .get_typed_func::<(), ()>(&mut store, export)
            .unwrap();
        let err = f.call(&mut store, ()).unwrap_err();
        assert_eq!(err.to_string(), outer, "{err:#}");
        assert_eq!(err.root_cause().to_string(), inner, "{err:#}");
        if export == "write" {
            assert_eq!(err.downcast_ref::<DiskFull>().map(|d| d.0), Some(7));
        }
    }
}
