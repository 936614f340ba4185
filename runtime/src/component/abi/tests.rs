//! Tests of the canonical ABI against [`VecMemory`]: round trips of every type
//! through flat values, memory and whole calls in all three string encodings
//! (hand-picked and randomly generated), and every hostile input the spec
//! traps on, each with its exact error.

use super::call::{AbiContext, FuncAbi, FuncAbiExt};
use super::layout::FlatType::{self, F32, F64, I32, I64};
use super::lift::{lift_flat, load, MAX_LIST_BYTE_LENGTH};
use super::lower::{lower_flat, store};
use super::memory::{GuestMemory, NoMemory, Step, VecMemory};
use super::options::{AbiOptions, StringEncoding};
use super::strings::{
    load_string_from_range, store_string_into_range, SourceEncoding, MAX_STRING_BYTE_LENGTH,
    UTF16_TAG,
};
use crate::component::types::Type;
use crate::component::values::Val;
use crate::{Trap, ValRaw};
use anyhow::Result;
use std::fmt::Debug;

const ENCODINGS: [StringEncoding; 3] = [
    StringEncoding::Utf8,
    StringEncoding::Utf16,
    StringEncoding::CompactUtf16,
];

fn opts(encoding: StringEncoding) -> AbiOptions {
    AbiOptions::new(encoding)
}

fn utf8() -> AbiOptions {
    opts(StringEncoding::Utf8)
}

/// Asserts `r` is the canonical-ABI trap `kind` whose message contains
/// `needle` (and whose alternate form ends in the kind's wording).
#[track_caller]
fn assert_trap<T: Debug>(r: Result<T>, kind: Trap, needle: &str) {
    let err = r.expect_err("expected a trap");
    assert_eq!(err.downcast_ref::<Trap>(), Some(&kind), "{err:#}");
    let msg = err.to_string();
    assert!(msg.contains(needle), "`{msg}` does not contain `{needle}`");
    assert!(format!("{err:#}").ends_with(&kind.to_string()));
}

/// Asserts `r` is an error that is not a trap, whose message contains `needle`.
#[track_caller]
fn assert_plain_error<T: Debug>(r: Result<T>, needle: &str) {
    let err = r.expect_err("expected an error");
    assert!(
        err.downcast_ref::<Trap>().is_none(),
        "unexpected trap: {err:#}"
    );
    let msg = format!("{err:#}");
    assert!(msg.contains(needle), "`{msg}` does not contain `{needle}`");
}

fn some(v: Val) -> Option<Box<Val>> {
    Some(Box::new(v))
}

fn s(text: &str) -> Val {
    Val::String(text.to_string())
}

fn raw32(v: u32) -> ValRaw {
    ValRaw::i32(v as i32)
}

/// A memory with `bytes` at address 0 followed by `extra` zero bytes.
fn memory_with(bytes: &[u8], extra: usize) -> VecMemory {
    let mut mem = VecMemory::new(bytes.len() + extra);
    mem.data[..bytes.len()].copy_from_slice(bytes);
    mem
}

/// Stores `val` at a fresh block and loads it back; also lowers and lifts it flat.
#[track_caller]
fn round_trip(ty: &Type, val: &Val, o: &AbiOptions) {
    let mut mem = VecMemory::new(0);
    let ptr = mem.realloc(0, 0, ty.align(), ty.size()).unwrap();
    store(&mut mem, o, ty, val, ptr).unwrap_or_else(|e| panic!("store {ty}: {e:#}"));
    let back = load(&mem.data, o, ty, ptr).unwrap_or_else(|e| panic!("load {ty}: {e:#}"));
    assert_eq!(
        &back, val,
        "memory round trip of `{ty}` ({:?})",
        o.string_encoding
    );

    if let Some(flat_types) = ty.flat_types() {
        let mut out = Vec::new();
        lower_flat(&mut mem, o, ty, val, &mut out).unwrap_or_else(|e| panic!("lower {ty}: {e:#}"));
        assert_eq!(out.len(), flat_types.len(), "flat count of `{ty}`");
        let back = lift_flat(&mem.data, o, ty, &out).unwrap_or_else(|e| panic!("lift {ty}: {e:#}"));
        assert_eq!(&back, val, "flat round trip of `{ty}`");
    }
}

/// Round trips `vals` as the parameters and as the results of a function,
/// in both call directions.
#[track_caller]
fn call_round_trip(types: &[Type], vals: &[Val], o: &AbiOptions) {
    let abi = FuncAbi::new(types.to_vec(), types.to_vec()).unwrap();
    let mut mem = VecMemory::new(0);

    // Host calls a guest export: params lowered, the guest's view of them
    // is what a `canon lower` of the same type lifts.
    let args = abi.lower_params(&mut mem, o, vals).unwrap();
    let (core_params, _) = abi.core_signature(AbiContext::Lift);
    assert_eq!(args.len(), core_params.len());
    let mut lower_args = args.clone();
    let retptr = if abi.results_spill() {
        let block = &abi.result_block().layout;
        let p = mem.realloc(0, 0, block.align, block.size).unwrap();
        lower_args.push(raw32(p));
        Some(p)
    } else {
        None
    };
    let lifted = abi.lift_params(&mem.data, o, &lower_args).unwrap();
    assert_eq!(lifted, vals);
    assert_eq!(abi.retptr(&lower_args), retptr);

    // The host import returns `vals`; the caller lifts them as results.
    let mut out = Vec::new();
    abi.lower_results(&mut mem, o, vals, retptr, &mut out)
        .unwrap();
    let results = match retptr {
        Some(p) => {
            assert!(out.is_empty());
            vec![raw32(p)]
        }
        None => out,
    };
    let back = abi.lift_results(&mem.data, o, &results).unwrap();
    assert_eq!(back, vals);
}

fn sample_types_and_values() -> Result<Vec<(Type, Vec<Val>)>> {
    let point = Type::record([("x", Type::U8), ("y", Type::U64), ("z", Type::Float32)])?;
    let shape = Type::variant([
        ("circle", Some(Type::Float32)),
        ("square", Some(Type::U64)),
        ("pair", Some(Type::tuple([Type::U32, Type::Float64])?)),
        ("none", None),
    ])?;
    let big_enum = Type::enumeration((0..300).map(|i| format!("c{i}")))?;
    let flags9 = Type::flags((0..9).map(|i| format!("f{i}")))?;
    let flags32 = Type::flags((0..32).map(|i| format!("f{i}")))?;
    let strings = [
        "",
        "hello",
        "héllo wörld",
        "ÿ\u{80}",
        "€uro",
        "a\u{100}b",
        "😀 astral 𝄞",
        "Ë┛",
    ];
    Ok(vec![
        (Type::Bool, vec![Val::Bool(true), Val::Bool(false)]),
        (
            Type::S8,
            vec![Val::S8(i8::MIN), Val::S8(-1), Val::S8(i8::MAX)],
        ),
        (Type::U8, vec![Val::U8(0), Val::U8(u8::MAX)]),
        (Type::S16, vec![Val::S16(i16::MIN), Val::S16(i16::MAX)]),
        (Type::U16, vec![Val::U16(u16::MAX)]),
        (Type::S32, vec![Val::S32(i32::MIN), Val::S32(-5)]),
        (Type::U32, vec![Val::U32(u32::MAX)]),
        (Type::S64, vec![Val::S64(i64::MIN), Val::S64(i64::MAX)]),
        (Type::U64, vec![Val::U64(u64::MAX)]),
        (
            Type::Float32,
            vec![
                Val::Float32(1.5),
                Val::Float32(-0.0),
                Val::Float32(f32::INFINITY),
                Val::Float32(f32::NAN),
                Val::Float32(f32::from_bits(0xffc0_1234)),
            ],
        ),
        (
            Type::Float64,
            vec![
                Val::Float64(-2.25),
                Val::Float64(f64::NEG_INFINITY),
                Val::Float64(f64::from_bits(0x7ff0_0000_0000_0001)),
            ],
        ),
        (
            Type::Char,
            ['a', '\0', '\u{D7FF}', '\u{E000}', '\u{10FFFF}', 'é']
                .map(Val::Char)
                .to_vec(),
        ),
        (Type::String, strings.iter().map(|t| s(t)).collect()),
        (
            Type::list(Type::U8)?,
            vec![Val::List(vec![]), Val::List(vec![Val::U8(1), Val::U8(2)])],
        ),
        (
            Type::list(Type::String)?,
            vec![Val::List(strings.iter().map(|t| s(t)).collect())],
        ),
        (
            Type::list(Type::list(Type::U16)?)?,
            vec![Val::List(vec![
                Val::List(vec![]),
                Val::List(vec![Val::U16(7), Val::U16(8), Val::U16(9)]),
            ])],
        ),
        (
            point.clone(),
            vec![Val::Record(vec![
                ("x".into(), Val::U8(1)),
                ("y".into(), Val::U64(2)),
                ("z".into(), Val::Float32(3.0)),
            ])],
        ),
        (
            Type::tuple([Type::Char, Type::String, Type::S16])?,
            vec![Val::Tuple(vec![Val::Char('x'), s("tuple"), Val::S16(-3)])],
        ),
        (
            shape,
            vec![
                Val::Variant("circle".into(), some(Val::Float32(0.5))),
                Val::Variant("square".into(), some(Val::U64(1 << 40))),
                Val::Variant(
                    "pair".into(),
                    some(Val::Tuple(vec![Val::U32(9), Val::Float64(f64::NAN)])),
                ),
                Val::Variant("none".into(), None),
            ],
        ),
        (
            big_enum,
            vec![Val::Enum("c0".into()), Val::Enum("c299".into())],
        ),
        (
            Type::option(Type::option(Type::U8)?)?,
            vec![
                Val::Option(None),
                Val::Option(some(Val::Option(None))),
                Val::Option(some(Val::Option(some(Val::U8(4))))),
            ],
        ),
        (
            Type::result(Some(Type::String), Some(Type::U8))?,
            vec![
                Val::Result(Ok(some(s("fine")))),
                Val::Result(Err(some(Val::U8(1)))),
            ],
        ),
        (
            Type::result(None, Some(point))?,
            vec![Val::Result(Ok(None))],
        ),
        (
            Type::result(None, None)?,
            vec![Val::Result(Ok(None)), Val::Result(Err(None))],
        ),
        (
            Type::flags(["a"])?,
            vec![Val::Flags(vec![]), Val::Flags(vec!["a".into()])],
        ),
        (flags9, vec![Val::Flags(vec!["f0".into(), "f8".into()])]),
        (
            flags32,
            vec![Val::Flags(vec!["f0".into(), "f17".into(), "f31".into()])],
        ),
    ])
}

#[test]
fn every_type_round_trips_in_every_encoding() -> Result<()> {
    for (ty, vals) in sample_types_and_values()? {
        for val in &vals {
            for enc in ENCODINGS {
                round_trip(&ty, val, &opts(enc));
            }
        }
    }
    Ok(())
}

#[test]
fn every_type_round_trips_through_calls() -> Result<()> {
    let samples = sample_types_and_values()?;
    for enc in ENCODINGS {
        let o = opts(enc);
        for (ty, vals) in &samples {
            for val in vals {
                call_round_trip(std::slice::from_ref(ty), std::slice::from_ref(val), &o);
            }
        }
        // All first values at once: the parameters spill.
        let types: Vec<Type> = samples.iter().map(|(t, _)| t.clone()).collect();
        let vals: Vec<Val> = samples.iter().map(|(_, v)| v[0].clone()).collect();
        call_round_trip(&types, &vals, &o);
        call_round_trip(&[], &[], &o);
    }
    Ok(())
}

#[test]
fn memory_and_flat_layout_match_the_spec() -> Result<()> {
    // record { a: u8, b: option<u16>, c: u64, d: flags { x, y }, e: result<f32, char> }
    // a @0, b @2 (payload @4), c @8, d @16, e @20 (payload @24); size 32, align 8.
    let ty = Type::record([
        ("a", Type::U8),
        ("b", Type::option(Type::U16)?),
        ("c", Type::U64),
        ("d", Type::flags(["x", "y"])?),
        ("e", Type::result(Some(Type::Float32), Some(Type::Char))?),
    ])?;
    assert_eq!((ty.size(), ty.align()), (32, 8));
    let val = Val::Record(vec![
        ("a".into(), Val::U8(0xaa)),
        ("b".into(), Val::Option(some(Val::U16(0x1234)))),
        ("c".into(), Val::U64(0x0102_0304_0506_0708)),
        ("d".into(), Val::Flags(vec!["y".into()])),
        ("e".into(), Val::Result(Err(some(Val::Char('Z'))))),
    ]);
    let mut mem = VecMemory::new(0);
    let ptr = mem.realloc(0, 0, 8, 32)?;
    store(&mut mem, &utf8(), &ty, &val, ptr)?;
    #[rustfmt::skip]
    let expected = [
        0xaa, 0, 1, 0, 0x34, 0x12, 0, 0,
        8, 7, 6, 5, 4, 3, 2, 1,
        2, 0, 0, 0, 1, 0, 0, 0,
        b'Z', 0, 0, 0, 0, 0, 0, 0,
    ];
    assert_eq!(mem.data, expected);

    let mut out = Vec::new();
    lower_flat(&mut mem, &utf8(), &ty, &val, &mut out)?;
    assert_eq!(
        ty.flat_types(),
        Some(&[I32, I32, I32, I64, I32, I32, I32][..])
    );
    let expected = [
        raw32(0xaa),
        raw32(1),
        raw32(0x1234),
        ValRaw::i64(0x0102_0304_0506_0708),
        raw32(2),
        raw32(1),
        raw32(u32::from('Z')),
    ];
    assert_eq!(out, expected);

    // list<string> in utf16: the list block first, then each string.
    let ty = Type::list(Type::String)?;
    let mut mem = VecMemory::new(0);
    let mut out = Vec::new();
    let o = opts(StringEncoding::Utf16);
    lower_flat(&mut mem, &o, &ty, &Val::List(vec![s("hi")]), &mut out)?;
    assert_eq!(out, vec![raw32(0), raw32(1)]);
    assert_eq!(mem.data, [8, 0, 0, 0, 2, 0, 0, 0, b'h', 0, b'i', 0]);
    assert_eq!(
        mem.calls.iter().map(|c| c.0).collect::<Vec<_>>(),
        [(0, 0, 4, 8), (0, 0, 2, 4)]
    );
    Ok(())
}

#[test]
fn nan_is_canonicalized() -> Result<()> {
    let v = lift_flat(&[], &utf8(), &Type::Float32, &[ValRaw::f32(0x7fa0_0001)])?;
    let Val::Float32(f) = v else { panic!() };
    assert_eq!(f.to_bits(), 0x7fc0_0000);
    let mem = memory_with(&0xfff0_0000_0000_0001u64.to_le_bytes(), 0);
    let Val::Float64(f) = load(&mem.data, &utf8(), &Type::Float64, 0)? else {
        panic!()
    };
    assert_eq!(f.to_bits(), 0x7ff8_0000_0000_0000);
    // Lowering writes the canonical NaN too.
    let mut out = Vec::new();
    let mut mem = VecMemory::new(0);
    lower_flat(
        &mut mem,
        &utf8(),
        &Type::Float32,
        &Val::Float32(f32::from_bits(0xffff_ffff)),
        &mut out,
    )?;
    assert_eq!(out[0].get_f32(), 0x7fc0_0000);
    Ok(())
}

#[test]
fn core_signatures_follow_flatten_functype() -> Result<()> {
    // Every signature checked here also checks `FuncAbi::core_counts`.
    let sig = |p: &[Type], r: &[Type], c| {
        let abi = FuncAbi::new(p.to_vec(), r.to_vec()).unwrap();
        let sig = abi.core_signature(c);
        assert_eq!(
            abi.core_counts(c),
            (sig.0.len(), sig.1.len()),
            "{p:?} -> {r:?}"
        );
        sig
    };
    assert_eq!(sig(&[], &[], AbiContext::Lift), (vec![], vec![]));
    assert_eq!(
        sig(&[Type::U32, Type::Float64], &[Type::U64], AbiContext::Lift),
        (vec![I32, F64], vec![I64])
    );
    // A string result spills: a pointer for `lift`, a return pointer for `lower`.
    assert_eq!(
        sig(
            &[Type::U32, Type::String],
            &[Type::String],
            AbiContext::Lift
        ),
        (vec![I32, I32, I32], vec![I32])
    );
    assert_eq!(
        sig(
            &[Type::U32, Type::String],
            &[Type::String],
            AbiContext::Lower
        ),
        (vec![I32, I32, I32, I32], vec![])
    );
    let sixteen = vec![Type::U32; 16];
    assert_eq!(sig(&sixteen, &[], AbiContext::Lift).0.len(), 16);
    let seventeen = vec![Type::U32; 17];
    assert_eq!(sig(&seventeen, &[], AbiContext::Lift).0, vec![I32]);
    assert_eq!(
        sig(&seventeen, &[Type::Float32], AbiContext::Lower),
        (vec![I32], vec![F32])
    );
    // Variants join their payloads.
    let v = Type::variant([("a", Some(Type::Float32)), ("b", Some(Type::U32))])?;
    assert_eq!(sig(&[v], &[], AbiContext::Lift).0, vec![I32, I32]);
    let v = Type::variant([("a", Some(Type::Float32)), ("b", Some(Type::Float64))])?;
    assert_eq!(sig(&[v], &[], AbiContext::Lift).0, vec![I32, I64]);
    let flat: Vec<FlatType> = sig(&[Type::flags(["a"])?], &[], AbiContext::Lift).0;
    assert_eq!(flat, vec![I32]);
    Ok(())
}

#[test]
fn joined_variant_slots_coerce_as_the_spec_says() -> Result<()> {
    let ty = Type::variant([
        ("a", Some(Type::Float32)),
        ("b", Some(Type::U64)),
        ("c", Some(Type::Bool)),
        ("d", None),
    ])?;
    assert_eq!(ty.flat_types(), Some(&[I32, I64][..]));
    let mut mem = VecMemory::new(0);
    let mut out = Vec::new();
    lower_flat(
        &mut mem,
        &utf8(),
        &ty,
        &Val::Variant("a".into(), some(Val::Float32(1.5))),
        &mut out,
    )?;
    assert_eq!(
        out,
        vec![raw32(0), ValRaw::i64(i64::from(1.5f32.to_bits()))]
    );
    out.clear();
    lower_flat(
        &mut mem,
        &utf8(),
        &ty,
        &Val::Variant("d".into(), None),
        &mut out,
    )?;
    assert_eq!(out, vec![raw32(3), ValRaw::i64(0)]);

    // An `f32` in an `i64` slot: the high bits are wrapped away.
    let slot = ValRaw::u64(0xdead_beef_0000_0000 | u64::from(1.5f32.to_bits()));
    let v = lift_flat(&[], &utf8(), &ty, &[raw32(0), slot])?;
    assert_eq!(v, Val::Variant("a".into(), some(Val::Float32(1.5))));
    // A `bool` in an `i64` slot looks only at the low 32 bits.
    let v = lift_flat(&[], &utf8(), &ty, &[raw32(2), ValRaw::u64(1 << 40)])?;
    assert_eq!(v, Val::Variant("c".into(), some(Val::Bool(false))));
    Ok(())
}

#[test]
fn lifting_keeps_only_the_low_bits_and_any_nonzero_is_true() -> Result<()> {
    let o = utf8();
    let lift = |ty: &Type, v: ValRaw| lift_flat(&[], &o, ty, &[v]).unwrap();
    assert_eq!(lift(&Type::Bool, raw32(2)), Val::Bool(true));
    assert_eq!(lift(&Type::Bool, raw32(0x8000_0000)), Val::Bool(true));
    assert_eq!(lift(&Type::U8, raw32(0x1ff)), Val::U8(0xff));
    assert_eq!(lift(&Type::S8, raw32(0x80)), Val::S8(-128));
    assert_eq!(lift(&Type::S16, raw32(0x1_8000)), Val::S16(-32768));
    assert_eq!(lift(&Type::U16, raw32(u32::MAX)), Val::U16(0xffff));
    assert_eq!(lift(&Type::S32, raw32(u32::MAX)), Val::S32(-1));
    assert_eq!(lift(&Type::S64, ValRaw::u64(u64::MAX)), Val::S64(-1));
    let mem = memory_with(&[0xfe], 0);
    assert_eq!(load(&mem.data, &o, &Type::Bool, 0)?, Val::Bool(true));
    Ok(())
}

#[test]
fn invalid_chars_trap() -> Result<()> {
    let o = utf8();
    for bits in [0xD800u32, 0xDFFF, 0x11_0000, u32::MAX] {
        assert_trap(
            lift_flat(&[], &o, &Type::Char, &[raw32(bits)]),
            Trap::InvalidChar,
            &format!("`char` bit pattern {bits:#x} is not a Unicode scalar value"),
        );
        let mem = memory_with(&bits.to_le_bytes(), 0);
        assert_trap(
            load(&mem.data, &o, &Type::Char, 0),
            Trap::InvalidChar,
            "`char` bit pattern",
        );
    }
    Ok(())
}

#[test]
fn bad_discriminants_trap() -> Result<()> {
    let o = utf8();
    let v = Type::variant([("a", Some(Type::U32)), ("b", None)])?;
    assert_trap(
        lift_flat(&[], &o, &v, &[raw32(2), raw32(0)]),
        Trap::InvalidDiscriminant,
        "discriminant 2 out of range [0..2)",
    );
    let mem = memory_with(&[2, 0, 0, 0, 0, 0, 0, 0], 0);
    assert_trap(
        load(&mem.data, &o, &v, 0),
        Trap::InvalidDiscriminant,
        "discriminant 2 out of range [0..2)",
    );

    let e = Type::enumeration(["case0", "case1", "case2"])?;
    assert_trap(
        lift_flat(&[], &o, &e, &[raw32(3)]),
        Trap::InvalidDiscriminant,
        "out of range",
    );
    // The flat discriminant is the whole i32, not its low byte.
    assert_trap(
        lift_flat(&[], &o, &e, &[raw32(0x100)]),
        Trap::InvalidDiscriminant,
        "discriminant 256 out of range [0..3)",
    );

    let big = Type::enumeration((0..300).map(|i| format!("c{i}")))?;
    let mem = memory_with(&300u16.to_le_bytes(), 0);
    assert_trap(
        load(&mem.data, &o, &big, 0),
        Trap::InvalidDiscriminant,
        "discriminant 300 out of range [0..300)",
    );

    let opt = Type::option(Type::U8)?;
    let mem = memory_with(&[2, 0], 0);
    assert_trap(
        load(&mem.data, &o, &opt, 0),
        Trap::InvalidDiscriminant,
        "discriminant 2 out of range [0..2)",
    );
    let res = Type::result(None, None)?;
    assert_trap(
        lift_flat(&[], &o, &res, &[raw32(u32::MAX)]),
        Trap::InvalidDiscriminant,
        "out of range",
    );
    Ok(())
}

#[test]
fn flag_bits_beyond_the_defined_ones_are_ignored() -> Result<()> {
    // `definitions.py`'s `unpack_flags_from_int` reads only the defined bits.
    let o = utf8();
    let f = Type::flags(["a", "b", "c"])?;
    let v = lift_flat(&[], &o, &f, &[raw32(0xffff_fffd)])?;
    assert_eq!(v, Val::Flags(vec!["a".into(), "c".into()]));
    let mem = memory_with(&[0xf8], 0);
    assert_eq!(load(&mem.data, &o, &f, 0)?, Val::Flags(vec![]));
    let f9 = Type::flags((0..9).map(|i| format!("f{i}")))?;
    let mem = memory_with(&[0x00, 0xff], 0);
    assert_eq!(load(&mem.data, &o, &f9, 0)?, Val::Flags(vec!["f8".into()]));
    Ok(())
}

#[test]
fn string_pointers_and_lengths_are_checked() -> Result<()> {
    let mem = VecMemory::new(64);
    let m = &mem.data;
    for enc in [StringEncoding::Utf16, StringEncoding::CompactUtf16] {
        assert_trap(
            load_string_from_range(m, enc, 1, 1),
            Trap::UnalignedPointer,
            "is not aligned to 2",
        );
        // Also when empty.
        assert_trap(
            load_string_from_range(m, enc, 3, 0),
            Trap::UnalignedPointer,
            "is not aligned to 2",
        );
    }
    for enc in ENCODINGS {
        assert_trap(
            load_string_from_range(m, enc, 62, 3),
            Trap::PointerOutOfBounds,
            "string: ",
        );
        // Empty at the very end is fine; one past it is not.
        assert_eq!(load_string_from_range(m, enc, 64, 0)?.0, "");
        assert_trap(
            load_string_from_range(m, enc, 66, 0),
            Trap::PointerOutOfBounds,
            "string: ",
        );
        assert_trap(
            load_string_from_range(m, enc, u32::MAX - 1, 0),
            Trap::PointerOutOfBounds,
            "string: ",
        );
    }
    // Byte lengths over the maximum trap before anything else.
    let over = "exceeds the maximum of 2147483647";
    assert_trap(
        load_string_from_range(m, StringEncoding::Utf8, 0, MAX_STRING_BYTE_LENGTH + 1),
        Trap::PointerOutOfBounds,
        over,
    );
    assert_trap(
        load_string_from_range(m, StringEncoding::Utf16, 1, 0x4000_0000),
        Trap::PointerOutOfBounds,
        over,
    );
    assert_trap(
        load_string_from_range(m, StringEncoding::CompactUtf16, 0, 0xc000_0000),
        Trap::PointerOutOfBounds,
        over,
    );
    // Just at the maximum, the bounds decide.
    assert_trap(
        load_string_from_range(m, StringEncoding::Utf8, 0, MAX_STRING_BYTE_LENGTH),
        Trap::PointerOutOfBounds,
        "string: 2147483647 bytes at 0x0 exceed memory size",
    );
    // A flat string lifts the same way.
    assert_trap(
        lift_flat(
            m,
            &opts(StringEncoding::Utf16),
            &Type::String,
            &[raw32(5), raw32(1)],
        ),
        Trap::UnalignedPointer,
        "is not aligned to 2",
    );
    Ok(())
}

#[test]
fn invalid_encodings_trap() {
    let bad_utf8 = memory_with(&[b'a', 0xff, 0xc3], 0);
    assert_trap(
        load_string_from_range(&bad_utf8.data, StringEncoding::Utf8, 0, 3),
        Trap::InvalidUtf8,
        "string: invalid utf-8",
    );
    // A surrogate encoded in UTF-8 is invalid too.
    let surrogate = memory_with(&[0xed, 0xa0, 0x80], 0);
    assert_trap(
        load_string_from_range(&surrogate.data, StringEncoding::Utf8, 0, 3),
        Trap::InvalidUtf8,
        "string: invalid utf-8",
    );
    let lone = memory_with(&[0x41, 0x00, 0x00, 0xd8, 0x41, 0x00], 0);
    assert_trap(
        load_string_from_range(&lone.data, StringEncoding::Utf16, 0, 3),
        Trap::InvalidUtf16,
        "string: unpaired surrogate 0xd800",
    );
    assert_trap(
        load_string_from_range(&lone.data, StringEncoding::CompactUtf16, 0, 3 | UTF16_TAG),
        Trap::InvalidUtf16,
        "unpaired surrogate",
    );
    // Latin-1 decodes every byte.
    let latin1 = memory_with(&[0xff, 0x80], 0);
    let (text, src) =
        load_string_from_range(&latin1.data, StringEncoding::CompactUtf16, 0, 2).unwrap();
    assert_eq!(text, "\u{ff}\u{80}");
    assert_eq!(src, SourceEncoding::CompactLatin1);
}

#[test]
fn list_pointers_and_lengths_are_checked() -> Result<()> {
    let o = utf8();
    let mem = VecMemory::new(64);
    let lift =
        |ty: &Type, ptr: u32, len: u32| lift_flat(&mem.data, &o, ty, &[raw32(ptr), raw32(len)]);
    let words = Type::list(Type::U32)?;
    assert_trap(
        lift(&words, 2, 1),
        Trap::UnalignedPointer,
        "list: pointer 0x2 is not aligned to 4",
    );
    assert_trap(
        lift(&words, 2, 0),
        Trap::UnalignedPointer,
        "is not aligned to",
    );
    assert_trap(lift(&words, 60, 2), Trap::PointerOutOfBounds, "list: ");
    assert_trap(lift(&words, 68, 0), Trap::PointerOutOfBounds, "list: ");
    assert_eq!(lift(&words, 64, 0)?, Val::List(vec![]));
    // Byte lengths that overflow u32, or exceed the spec's maximum.
    let longs = Type::list(Type::U64)?;
    assert_trap(
        lift(&longs, 0, 0x2000_0000),
        Trap::PointerOutOfBounds,
        "list: byte length 4294967296 exceeds the maximum of 268435455",
    );
    assert_trap(
        lift(&longs, 0, u32::MAX),
        Trap::PointerOutOfBounds,
        "exceeds the maximum",
    );
    let bytes = Type::list(Type::U8)?;
    assert_trap(
        lift(&bytes, 0, MAX_LIST_BYTE_LENGTH + 1),
        Trap::PointerOutOfBounds,
        "exceeds the maximum",
    );
    assert_trap(
        lift(&bytes, 0, MAX_LIST_BYTE_LENGTH),
        Trap::PointerOutOfBounds,
        "exceed memory size",
    );
    // The same from memory.
    let mut m = memory_with(&[2, 0, 0, 0, 1, 0, 0, 0], 8);
    assert_trap(
        load(&m.data, &o, &words, 0),
        Trap::UnalignedPointer,
        "is not aligned to",
    );
    m.data[..4].copy_from_slice(&12u32.to_le_bytes());
    m.data[4..8].copy_from_slice(&2u32.to_le_bytes());
    assert_trap(
        load(&m.data, &o, &words, 0),
        Trap::PointerOutOfBounds,
        "list: ",
    );
    Ok(())
}

#[test]
fn top_level_pointers_are_checked() -> Result<()> {
    let o = utf8();
    let mut mem = VecMemory::new(16);
    assert_trap(
        load(&mem.data, &o, &Type::U32, 2),
        Trap::UnalignedPointer,
        "u32: pointer 0x2 is not aligned to 4",
    );
    assert_trap(
        load(&mem.data, &o, &Type::U64, 16),
        Trap::PointerOutOfBounds,
        "exceed memory size",
    );
    assert_trap(
        load(&mem.data, &o, &Type::U8, u32::MAX),
        Trap::PointerOutOfBounds,
        "exceed memory size",
    );
    assert_trap(
        store(&mut mem, &o, &Type::U16, &Val::U16(1), 1),
        Trap::UnalignedPointer,
        "is not aligned to",
    );
    assert_trap(
        store(&mut mem, &o, &Type::U64, &Val::U64(1), 16),
        Trap::PointerOutOfBounds,
        "exceed memory size",
    );
    store(&mut mem, &o, &Type::U64, &Val::U64(1), 8)?;
    Ok(())
}

#[test]
fn bad_realloc_results_trap_for_lists() -> Result<()> {
    let o = utf8();
    let words = Type::list(Type::U32)?;
    let val = Val::List(vec![Val::U32(1)]);
    let mut out = Vec::new();

    let mut mem = VecMemory::with_script(8, &[Step::Misalign]);
    assert_trap(
        lower_flat(&mut mem, &o, &words, &val, &mut out),
        Trap::UnalignedPointer,
        "realloc result: pointer 0x9 is not aligned to 4",
    );
    let mut mem = VecMemory::with_script(8, &[Step::OutOfBounds]);
    assert_trap(
        lower_flat(&mut mem, &o, &words, &val, &mut out),
        Trap::PointerOutOfBounds,
        "realloc result: ",
    );
    // Even an empty list is allocated, and its pointer checked
    // (adapter.wast: `list<result>` with a realloc returning -1 and a memory
    // of size 0; the element alignment is 1, so only the bounds check fails).
    let results = Type::list(Type::result(None, None)?)?;
    let mut mem = VecMemory::with_script(0, &[Step::Raw(u32::MAX)]);
    assert_trap(
        lower_flat(&mut mem, &o, &results, &Val::List(vec![]), &mut out),
        Trap::PointerOutOfBounds,
        "realloc result: ",
    );
    assert_eq!(mem.calls, vec![((0, 0, 1, 0), u32::MAX)]);
    // With a 4-aligned element type, the alignment is checked first.
    let mut mem = VecMemory::with_script(0, &[Step::Raw(u32::MAX)]);
    assert_trap(
        lower_flat(&mut mem, &o, &words, &Val::List(vec![]), &mut out),
        Trap::UnalignedPointer,
        "realloc result: pointer 0xffffffff is not aligned to 4",
    );
    // A trapping realloc is passed on unchanged.
    let mut mem = VecMemory::with_script(0, &[Step::Fail]);
    assert_plain_error(
        lower_flat(&mut mem, &o, &words, &val, &mut out),
        "realloc trapped",
    );
    Ok(())
}

#[test]
fn overlapping_realloc_results_are_not_trusted() -> Result<()> {
    // A realloc that hands out the same block again: the spec does not trap,
    // the stores simply overwrite each other, in the spec's order.
    let o = utf8();
    let ty = Type::list(Type::String)?;
    let val = Val::List(vec![s("ab"), s("cd")]);
    let mut mem = VecMemory::with_script(0, &[Step::Fixed(0), Step::Fixed(0), Step::Fixed(0)]);
    let mut out = Vec::new();
    lower_flat(&mut mem, &o, &ty, &val, &mut out)?;
    assert_eq!(out, vec![raw32(0), raw32(2)]);
    assert_eq!(
        mem.data,
        [b'c', b'd', 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0]
    );
    // Lifting that back finds the first string's pointer overwritten by "cd".
    assert_trap(
        lift_flat(&mem.data, &o, &ty, &out),
        Trap::PointerOutOfBounds,
        "string: ",
    );
    Ok(())
}

#[test]
fn bad_realloc_results_trap_for_strings() -> Result<()> {
    for enc in ENCODINGS {
        let o = opts(enc);
        let mut out = Vec::new();
        let mut mem = VecMemory::with_script(0, &[Step::OutOfBounds]);
        assert_trap(
            lower_flat(&mut mem, &o, &Type::String, &s("hi"), &mut out),
            Trap::PointerOutOfBounds,
            "string: ",
        );
    }
    let mut out = Vec::new();
    let mut mem = VecMemory::with_script(0, &[Step::Misalign]);
    assert_trap(
        lower_flat(
            &mut mem,
            &opts(StringEncoding::Utf16),
            &Type::String,
            &s("hi"),
            &mut out,
        ),
        Trap::UnalignedPointer,
        "is not aligned to",
    );
    Ok(())
}

/// The arguments of one `realloc` call.
type ReallocArgs = (u32, u32, u32, u32);

/// The realloc calls made to store `text` from `src` in `dst`, and the result.
fn transcode(
    dst: StringEncoding,
    text: &str,
    src: SourceEncoding,
) -> (Vec<ReallocArgs>, (u32, u32)) {
    let mut mem = VecMemory::new(0);
    let (ptr, len) = store_string_into_range(&mut mem, dst, text, src).unwrap();
    let (back, _) = load_string_from_range(&mem.data, dst, ptr, len).unwrap();
    assert_eq!(back, text, "{src:?} -> {dst:?}");
    (
        mem.calls.iter().map(|(args, _)| *args).collect(),
        (ptr, len),
    )
}

#[test]
fn transcoding_allocates_as_the_spec_does() {
    use SourceEncoding as S;
    use StringEncoding as D;
    // utf8 -> utf8 and utf16 -> utf16: exact copies.
    assert_eq!(transcode(D::Utf8, "héllo", S::Utf8).0, [(0, 0, 1, 6)]);
    assert_eq!(transcode(D::Utf16, "a€", S::Utf16).0, [(0, 0, 2, 4)]);
    // utf8 -> utf16: worst case 2 bytes per byte, then shrink.
    assert_eq!(transcode(D::Utf16, "hello", S::Utf8).0, [(0, 0, 2, 10)]);
    assert_eq!(
        transcode(D::Utf16, "àà", S::Utf8).0,
        [(0, 0, 2, 8), (0, 8, 2, 4)]
    );
    // utf16 -> utf8: optimistic, worst case 3 bytes per unit, then shrink.
    assert_eq!(transcode(D::Utf8, "ab", S::Utf16).0, [(0, 0, 1, 2)]);
    let (calls, (_, len)) = transcode(D::Utf8, "a€", S::Utf16);
    assert_eq!(calls, [(0, 0, 1, 2), (0, 2, 1, 6), (2, 6, 1, 4)]);
    assert_eq!(len, 4);
    // latin1 -> utf8: worst case 2 bytes per character (no shrink needed here).
    assert_eq!(
        transcode(D::Utf8, "é", S::CompactLatin1).0,
        [(0, 0, 1, 1), (0, 1, 1, 2)]
    );
    // utf8 -> latin1+utf16: Latin-1 fits, shrink from the utf8 length.
    let (calls, (_, len)) = transcode(D::CompactUtf16, "hé", S::Utf8);
    assert_eq!(calls, [(0, 0, 2, 3), (0, 3, 2, 2)]);
    assert_eq!(len, 2);
    // utf8 -> latin1+utf16: inflate to utf16 at the first wide character.
    let (calls, (_, len)) = transcode(D::CompactUtf16, "Ë┛", S::Utf8);
    assert_eq!(calls, [(0, 0, 2, 5), (0, 5, 2, 10), (6, 10, 2, 4)]);
    assert_eq!(len, 2 | UTF16_TAG);
    // utf16 -> latin1+utf16: no shrink when every unit became utf16.
    let (calls, (_, len)) = transcode(D::CompactUtf16, "x€", S::Utf16);
    assert_eq!(calls, [(0, 0, 2, 2), (0, 2, 2, 4)]);
    assert_eq!(len, 2 | UTF16_TAG);
    // latin1+utf16 (utf16 form) -> latin1+utf16: deflated to Latin-1 if possible.
    let (calls, (_, len)) = transcode(D::CompactUtf16, "AA", S::CompactUtf16);
    assert_eq!(calls, [(0, 0, 2, 4), (0, 4, 2, 2)]);
    assert_eq!(len, 2);
    let (calls, (_, len)) = transcode(D::CompactUtf16, "A€", S::CompactUtf16);
    assert_eq!(calls, [(0, 0, 2, 4)]);
    assert_eq!(len, 2 | UTF16_TAG);
    // latin1 -> latin1+utf16 and latin1 -> utf16: exact copies.
    assert_eq!(
        transcode(D::CompactUtf16, "ÿ", S::CompactLatin1).0,
        [(0, 0, 2, 1)]
    );
    assert_eq!(transcode(D::Utf16, "ÿ", S::CompactLatin1).0, [(0, 0, 2, 2)]);
    // Every source into every destination round trips.
    let texts = ["", "ascii", "lätin", "wide €", "astral 😀"];
    for dst in ENCODINGS {
        for text in texts {
            for src in [S::Utf8, S::Utf16, S::CompactUtf16] {
                transcode(dst, text, src);
            }
            if text.chars().all(|c| u32::from(c) < 256) {
                transcode(dst, text, S::CompactLatin1);
            }
        }
    }
}

#[test]
fn transcoding_checks_every_realloc_result() {
    use SourceEncoding as S;
    use StringEncoding as D;
    // utf8 -> utf16: the shrinking realloc returns an unaligned pointer.
    let mut mem = VecMemory::with_script(0, &[Step::Fixed(2), Step::Raw(3)]);
    assert_trap(
        store_string_into_range(&mut mem, D::Utf16, "àà", S::Utf8),
        Trap::UnalignedPointer,
        "is not aligned to",
    );
    // utf8 -> latin1+utf16, as in strings.wast: aligned, aligned, then unaligned.
    let mut mem = VecMemory::with_script(0, &[Step::Fixed(2), Step::Fixed(4), Step::Raw(3)]);
    assert_trap(
        store_string_into_range(&mut mem, D::CompactUtf16, "Ë┛", S::Utf8),
        Trap::UnalignedPointer,
        "is not aligned to",
    );
    let args: Vec<_> = mem.calls.iter().map(|c| c.0).collect();
    assert_eq!(args, [(0, 0, 2, 5), (2, 5, 2, 10), (4, 10, 2, 4)]);
    // ... or the inflating realloc is out of bounds.
    let mut mem = VecMemory::with_script(0, &[Step::Fixed(2), Step::Raw(-2i32 as u32)]);
    assert_trap(
        store_string_into_range(&mut mem, D::CompactUtf16, "Ë┛", S::Utf8),
        Trap::PointerOutOfBounds,
        "string: ",
    );
    // latin1+utf16 -> latin1+utf16 deflation asks for, and checks, alignment 2.
    let mut mem = VecMemory::with_script(0, &[Step::Fixed(2), Step::Raw(3)]);
    assert_trap(
        store_string_into_range(&mut mem, D::CompactUtf16, "AA", S::CompactUtf16),
        Trap::UnalignedPointer,
        "is not aligned to",
    );
    assert_eq!(mem.calls[1].0, (2, 4, 2, 2));
    // utf16 -> utf8: the worst-case realloc is out of bounds.
    let mut mem = VecMemory::with_script(0, &[Step::Behave, Step::OutOfBounds]);
    assert_trap(
        store_string_into_range(&mut mem, D::Utf8, "a€", S::Utf16),
        Trap::PointerOutOfBounds,
        "string: ",
    );
    // A source that is not Latin-1 is a host error, not a trap.
    let mut mem = VecMemory::new(0);
    assert_plain_error(
        store_string_into_range(&mut mem, D::Utf8, "€", S::CompactLatin1),
        "above U+00FF",
    );
}

#[test]
fn spilled_blocks_are_checked() -> Result<()> {
    let o = utf8();
    let params = vec![Type::U64; 17];
    let results = vec![Type::U32, Type::U32];
    let abi = FuncAbi::new(params.clone(), results.clone())?;
    assert!(abi.params_spill() && abi.results_spill());
    let mut mem = VecMemory::new(256);

    // A guest calling an import: its parameter pointer and return pointer.
    assert_trap(
        abi.lift_params(&mem.data, &o, &[raw32(4), raw32(0)]),
        Trap::UnalignedPointer,
        "parameter block: pointer 0x4 is not aligned to 8",
    );
    assert_trap(
        abi.lift_params(&mem.data, &o, &[raw32(200), raw32(0)]),
        Trap::PointerOutOfBounds,
        "parameter block: 136 bytes",
    );
    let vals = vec![Val::U32(1), Val::U32(2)];
    let mut out = Vec::new();
    assert_trap(
        abi.lower_results(&mut mem, &o, &vals, Some(2), &mut out),
        Trap::UnalignedPointer,
        "return area: pointer 0x2 is not aligned",
    );
    assert_trap(
        abi.lower_results(&mut mem, &o, &vals, Some(252), &mut out),
        Trap::PointerOutOfBounds,
        "return area: ",
    );
    abi.lower_results(&mut mem, &o, &vals, Some(248), &mut out)?;
    assert_eq!(&mem.data[248..], &[1, 0, 0, 0, 2, 0, 0, 0]);
    assert_plain_error(
        abi.lower_results(&mut mem, &o, &vals, None, &mut out),
        "no return pointer",
    );

    // Calling an export: its result pointer, and the realloc for the parameters.
    assert_trap(
        abi.lift_results(&mem.data, &o, &[raw32(1)]),
        Trap::UnalignedPointer,
        "result block: pointer",
    );
    assert_trap(
        abi.lift_results(&mem.data, &o, &[raw32(256)]),
        Trap::PointerOutOfBounds,
        "result block: ",
    );
    assert_eq!(abi.lift_results(&mem.data, &o, &[raw32(248)])?, vals);
    let args: Vec<Val> = (0..17).map(Val::U64).collect();
    let mut mem = VecMemory::with_script(0, &[Step::Misalign]);
    assert_trap(
        abi.lower_params(&mut mem, &o, &args),
        Trap::UnalignedPointer,
        "realloc result: pointer",
    );
    let mut mem = VecMemory::with_script(0, &[Step::OutOfBounds]);
    assert_trap(
        abi.lower_params(&mut mem, &o, &args),
        Trap::PointerOutOfBounds,
        "realloc result: ",
    );
    let mut mem = VecMemory::new(0);
    let core = abi.lower_params(&mut mem, &o, &args)?;
    assert_eq!(mem.calls, vec![((0, 0, 8, 136), 0)]);
    assert_eq!(core, vec![raw32(0)]);
    Ok(())
}

#[test]
fn ill_typed_host_values_are_errors_before_any_guest_code_runs() -> Result<()> {
    let o = utf8();
    let abi = FuncAbi::new([Type::String, Type::list(Type::U8)?], [])?;
    let mut mem = VecMemory::new(0);
    let bad = [s("fine"), Val::List(vec![Val::U16(1)])];
    assert_plain_error(
        abi.lower_params(&mut mem, &o, &bad),
        "invalid parameter 1: type mismatch: expected `u8`, found a `u16` value (in element 0)",
    );
    assert!(mem.calls.is_empty());
    assert_plain_error(
        abi.lower_params(&mut mem, &o, &[s("x")]),
        "expected 2 parameters, got 1",
    );
    assert_plain_error(
        abi.lift_params(&mem.data, &o, &[raw32(0)]),
        "expected 4 core arguments, got 1",
    );
    // No memory: allocating is an error, not a trap.
    assert_plain_error(
        lower_flat(&mut NoMemory, &o, &Type::String, &s("x"), &mut Vec::new()),
        "no `realloc`",
    );
    let mut out = Vec::new();
    lower_flat(&mut NoMemory, &o, &Type::U8, &Val::U8(1), &mut out)?;
    assert_eq!(out, vec![raw32(1)]);
    Ok(())
}

/// A small deterministic generator for the randomized round trips.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }

    fn char(&mut self) -> char {
        let ranges: [(u32, u32); 4] = [
            (0, 0x7f),
            (0x80, 0xff),
            (0x100, 0xd7ff),
            (0x1_0000, 0x10_ffff),
        ];
        let (lo, hi) = ranges[self.below(4) as usize];
        char::from_u32(lo + self.below(u64::from(hi - lo + 1)) as u32).unwrap_or('?')
    }

    fn string(&mut self) -> String {
        let len = self.below(12);
        let kind = self.below(3);
        (0..len)
            .map(|_| match kind {
                0 => char::from(b'a' + self.below(26) as u8),
                1 => char::from(self.below(256) as u8),
                _ => self.char(),
            })
            .collect()
    }

    fn names(&mut self, max: u64) -> Vec<String> {
        (0..1 + self.below(max)).map(|i| format!("n{i}")).collect()
    }

    fn ty(&mut self, depth: u32) -> Type {
        if depth == 0 || self.chance(3) {
            return [
                Type::Bool,
                Type::S8,
                Type::U8,
                Type::S16,
                Type::U16,
                Type::S32,
                Type::U32,
                Type::S64,
                Type::U64,
                Type::Float32,
                Type::Float64,
                Type::Char,
                Type::String,
            ][self.below(13) as usize]
                .clone();
        }
        let d = depth - 1;
        let ty = match self.below(8) {
            0 => Type::list(self.ty(d)),
            1 => {
                let fields: Vec<_> = self.names(7).into_iter().map(|n| (n, self.ty(d))).collect();
                Type::record(fields)
            }
            2 => {
                let n = 1 + self.below(7);
                let types: Vec<_> = (0..n).map(|_| self.ty(d)).collect();
                Type::tuple(types)
            }
            3 => {
                let cases: Vec<_> = self
                    .names(5)
                    .into_iter()
                    .map(|n| (n, (!self.chance(3)).then(|| self.ty(d))))
                    .collect();
                Type::variant(cases)
            }
            4 => {
                let max = if self.chance(4) { 400 } else { 5 };
                Type::enumeration(self.names(max))
            }
            5 => Type::option(self.ty(d)),
            6 => {
                let ok = (!self.chance(3)).then(|| self.ty(d));
                let err = (!self.chance(3)).then(|| self.ty(d));
                Type::result(ok, err)
            }
            _ => Type::flags(self.names(32)),
        };
        ty.expect("generated types are valid")
    }

    fn val(&mut self, ty: &Type) -> Val {
        match ty {
            Type::Bool => Val::Bool(self.chance(2)),
            Type::S8 => Val::S8(self.next() as i8),
            Type::U8 => Val::U8(self.next() as u8),
            Type::S16 => Val::S16(self.next() as i16),
            Type::U16 => Val::U16(self.next() as u16),
            Type::S32 => Val::S32(self.next() as i32),
            Type::U32 => Val::U32(self.next() as u32),
            Type::S64 => Val::S64(self.next() as i64),
            Type::U64 => Val::U64(self.next()),
            Type::Float32 => Val::Float32(f32::from_bits(self.next() as u32)),
            Type::Float64 => Val::Float64(f64::from_bits(self.next())),
            Type::Char => Val::Char(self.char()),
            Type::String => Val::String(self.string()),
            Type::Own(_) | Type::Borrow(_) => unreachable!("the generator makes no handle types"),
            Type::List(l) => {
                let n = self.below(4);
                Val::List((0..n).map(|_| self.val(l.ty())).collect())
            }
            Type::Record(r) => Val::Record(
                r.fields()
                    .map(|(n, t)| (n.to_string(), self.val(t)))
                    .collect(),
            ),
            Type::Tuple(t) => Val::Tuple(t.types().map(|t| self.val(t)).collect()),
            Type::Variant(v) => {
                let (name, ty) = v.case(self.below(v.cases().len() as u64) as u32).unwrap();
                Val::Variant(name.to_string(), ty.map(|t| Box::new(self.val(t))))
            }
            Type::Enum(e) => Val::Enum(
                e.name(self.below(e.names().len() as u64) as u32)
                    .unwrap()
                    .to_string(),
            ),
            Type::Option(o) => Val::Option((!self.chance(3)).then(|| Box::new(self.val(o.ty())))),
            Type::Result(r) => {
                if self.chance(2) {
                    Val::Result(Ok(r.ok().map(|t| Box::new(self.val(t)))))
                } else {
                    Val::Result(Err(r.err().map(|t| Box::new(self.val(t)))))
                }
            }
            Type::Flags(f) => Val::Flags(
                f.names()
                    .filter(|_| self.chance(2))
                    .map(str::to_string)
                    .collect::<Vec<_>>(),
            ),
        }
    }
}

#[test]
fn random_values_round_trip() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut wide, mut variants) = (0, 0);
    for _ in 0..400 {
        let ty = rng.ty(4);
        let val = rng.val(&ty);
        val.typecheck(&ty).unwrap();
        wide += usize::from(ty.flat_types().is_none());
        variants += usize::from(ty.variant_layout().is_some());
        for enc in ENCODINGS {
            round_trip(&ty, &val, &opts(enc));
        }
    }
    // The generator reaches both flat and memory-only types.
    assert!(
        wide > 20 && variants > 40,
        "{wide} wide, {variants} variants"
    );
}

#[test]
fn random_calls_round_trip() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut spilled, mut flat) = (0, 0);
    for _ in 0..150 {
        let n = rng.below(6) as usize;
        let types: Vec<Type> = (0..n).map(|_| rng.ty(3)).collect();
        let vals: Vec<Val> = types.iter().map(|t| rng.val(t)).collect();
        let enc = ENCODINGS[rng.below(3) as usize];
        call_round_trip(&types, &vals, &opts(enc));
        if FuncAbi::new(types, []).unwrap().params_spill() {
            spilled += 1;
        } else {
            flat += 1;
        }
    }
    assert!(spilled > 10 && flat > 10, "{spilled} spilled, {flat} flat");
}

#[test]
fn random_bytes_never_panic() {
    // Lifting arbitrary memory and flat values must trap or succeed, never panic.
    let mut rng = Rng(0xdead_beef_cafe_f00d);
    for _ in 0..300 {
        let ty = rng.ty(4);
        let mut mem = VecMemory::new(128);
        for b in mem.data.iter_mut() {
            *b = if rng.chance(2) {
                rng.below(4) as u8
            } else {
                rng.next() as u8
            };
        }
        for enc in ENCODINGS {
            let o = opts(enc);
            let ptr = rng.below(140) as u32;
            let _ = load(&mem.data, &o, &ty, ptr);
            if let Some(flat) = ty.flat_types() {
                let vals: Vec<ValRaw> = flat
                    .iter()
                    .map(|_| match rng.below(3) {
                        0 => raw32(rng.below(130) as u32),
                        1 => raw32(rng.below(4) as u32),
                        _ => ValRaw::u64(rng.next()),
                    })
                    .collect();
                let _ = lift_flat(&mem.data, &o, &ty, &vals);
            }
        }
    }
}
