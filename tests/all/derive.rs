//! `#[derive(ComponentType, Lift, Lower)]` through a real component: derived
//! records, variants and enums (nested, generic, renamed, with strings,
//! lists and options, and with more than 256 cases) sent through the
//! forwarder of `support::derive` in every string encoding; the wider
//! discriminant in memory; and the runtime's type-check errors for Rust
//! types that do not match.

#![deny(warnings)]

use crate::support::derive::{echo, export_mismatch, host_mismatch};
use anyhow::Result;
use hoist::component::__internal::{AbiOptions, GuestMemory, LiftContext, LowerContext};
use hoist::component::{ComponentType, Lift, Lower, Type};

/// `record { x: f32, y: f32 }`
#[derive(ComponentType, Lift, Lower, Clone, Debug, PartialEq)]
#[component(record)]
struct Point {
    x: f32,
    y: f32,
}

/// A record of strings, lists, options and a nested record, with a
/// renamed field and a raw identifier.
#[derive(ComponentType, Lift, Lower, Clone, Debug, PartialEq)]
#[component(record)]
struct Person {
    full_name: String,
    age: u8,
    tags: Vec<String>,
    home: Option<Point>,
    #[component(name = "kind")]
    r#type: Color,
    r#loop: Vec<Option<(u16, char)>>,
}

/// `enum { red, green, blue, deep-purple }`
#[derive(ComponentType, Lift, Lower, Clone, Copy, Debug, PartialEq, Eq)]
#[component(enum)]
enum Color {
    Red,
    Green,
    // Explicit discriminants play no part: the case index is the position.
    Blue = 7,
    DeepPurple,
}

/// A variant with and without payloads, in every way Rust writes a case
/// without one.
#[derive(ComponentType, Lift, Lower, Clone, Debug, PartialEq)]
#[component(variant)]
enum Shape {
    Circle(f32),
    #[component(name = "rectangle")]
    Rect(Point),
    Path(Vec<Point>),
    Empty,
    Nothing(),
    Void {},
    Labelled((String, Option<Color>)),
}

/// A generic record: implemented when `A` and `B` are.
#[derive(ComponentType, Lift, Lower, Clone, Debug, PartialEq)]
#[component(record)]
struct Pair<A, B>
where
    A: Clone,
{
    first: A,
    second: B,
}

/// A generic variant.
#[derive(ComponentType, Lift, Lower, Clone, Debug, PartialEq)]
#[component(variant)]
enum Maybe<T> {
    Just(T),
    Nope,
}

/// A variant without any payload (not an `enum`: a component `variant`).
#[derive(ComponentType, Lift, Lower, Clone, Copy, Debug, PartialEq)]
#[component(variant)]
enum Toggle {
    On,
    Off,
}

fn point_type() -> Result<Type> {
    Type::record([("x", Type::Float32), ("y", Type::Float32)])
}

fn color_type() -> Result<Type> {
    Type::enumeration(["red", "green", "blue", "deep-purple"])
}

fn person_type() -> Result<Type> {
    Type::record([
        ("full-name", Type::String),
        ("age", Type::U8),
        ("tags", Type::list(Type::String)?),
        ("home", Type::option(point_type()?)?),
        ("kind", color_type()?),
        (
            "loop",
            Type::list(Type::option(Type::tuple([Type::U16, Type::Char])?)?)?,
        ),
    ])
}

fn shape_type() -> Result<Type> {
    Type::variant([
        ("circle", Some(Type::Float32)),
        ("rectangle", Some(point_type()?)),
        ("path", Some(Type::list(point_type()?)?)),
        ("empty", None),
        ("nothing", None),
        ("void", None),
        (
            "labelled",
            Some(Type::tuple([Type::String, Type::option(color_type()?)?])?),
        ),
    ])
}

fn ada() -> Person {
    Person {
        full_name: "Ada ∂ Lovelace 🦀".into(),
        age: 36,
        tags: vec!["math".into(), "éngine".into(), String::new()],
        home: Some(Point { x: 0.5, y: 51.5 }),
        r#type: Color::DeepPurple,
        r#loop: vec![Some((1, 'x')), None, Some((u16::MAX, '🦀'))],
    }
}

#[test]
fn records_round_trip() -> Result<()> {
    echo(&point_type()?, &[Point { x: 1.5, y: -2.0 }])?;
    let nobody = Person {
        full_name: String::new(),
        age: 0,
        tags: vec![],
        home: None,
        r#type: Color::Red,
        r#loop: vec![],
    };
    echo(&person_type()?, &[ada(), nobody.clone()])?;
    // In a list, records are stored in memory field by field.
    echo(&Type::list(person_type()?)?, &[vec![ada(), nobody], vec![]])
}

#[test]
fn generic_records_round_trip() -> Result<()> {
    let ty = Type::record([("first", Type::U8), ("second", Type::String)])?;
    echo(
        &ty,
        &[Pair {
            first: 7u8,
            second: "seven".to_string(),
        }],
    )?;
    let nested = Type::record([("first", point_type()?), ("second", Type::list(ty)?)])?;
    echo(
        &nested,
        &[Pair {
            first: Point { x: 1.0, y: 2.0 },
            second: vec![
                Pair {
                    first: 1u8,
                    second: "one".to_string(),
                },
                Pair {
                    first: 2,
                    second: "twö".to_string(),
                },
            ],
        }],
    )
}

#[test]
fn variants_round_trip() -> Result<()> {
    let shapes = vec![
        Shape::Circle(2.5),
        Shape::Rect(Point { x: 1.0, y: 2.0 }),
        Shape::Path(vec![Point { x: 0.0, y: 0.0 }, Point { x: 3.0, y: 4.0 }]),
        Shape::Empty,
        Shape::Nothing(),
        Shape::Void {},
        Shape::Labelled(("label ∂".to_string(), Some(Color::Blue))),
        Shape::Labelled((String::new(), None)),
    ];
    echo(&shape_type()?, &shapes)?;
    echo(&Type::list(shape_type()?)?, &[shapes])?;
    let toggle = Type::variant([("on", None), ("off", None)])?;
    echo(&toggle, &[Toggle::On, Toggle::Off])?;
    echo(&Type::list(toggle)?, &[vec![Toggle::Off, Toggle::On]])
}

#[test]
fn generic_variants_round_trip() -> Result<()> {
    let ty = |payload: Type| Type::variant([("just", Some(payload)), ("nope", None)]);
    echo(&ty(Type::U64)?, &[Maybe::Just(u64::MAX), Maybe::Nope])?;
    echo(
        &ty(Type::String)?,
        &[Maybe::Just("just ∂".to_string()), Maybe::Nope],
    )?;
    echo(
        &ty(ty(point_type()?)?)?,
        &[
            Maybe::Just(Maybe::Just(Point { x: 1.0, y: 1.0 })),
            Maybe::Just(Maybe::Nope),
            Maybe::Nope,
        ],
    )
}

#[test]
fn enums_round_trip() -> Result<()> {
    let all = [Color::Red, Color::Green, Color::Blue, Color::DeepPurple];
    echo(&color_type()?, &all)?;
    echo(&Type::list(color_type()?)?, &[all.to_vec()])
}

/// A test memory: `bytes` only, `realloc` fails.
struct Bytes(Vec<u8>);

impl GuestMemory for Bytes {
    fn bytes(&self) -> &[u8] {
        &self.0
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }

    fn realloc(&mut self, _: u32, _: u32, _: u32, _: u32) -> Result<u32> {
        anyhow::bail!("no allocation in this test")
    }
}

/// `value` stored at offset 8 of a fresh memory, and its bytes.
fn stored<T: Lower>(ty: &Type, value: &T) -> Result<Vec<u8>> {
    let opts = AbiOptions::default();
    let mut mem = Bytes(vec![0xaa; 64]);
    value.store(&mut LowerContext::new(&mut mem, &opts), ty, 8)?;
    Ok(mem.0[8..8 + ty.size() as usize].to_vec())
}

/// The value loaded from `bytes`.
fn loaded<T: Lift>(ty: &Type, bytes: &[u8]) -> Result<T> {
    let opts = AbiOptions::default();
    T::load(&LiftContext::new(&[], &opts), ty, bytes)
}

/// Enums of 300 cases: `BigVariant`, whose cases alternate between a
/// `u16` payload and none, and `BigEnum`. Their discriminants take two
/// bytes.
macro_rules! many_cases {
    ($($with:ident $without:ident)*) => {
        #[derive(ComponentType, Lift, Lower, Clone, Debug, PartialEq)]
        #[component(variant)]
        enum BigVariant {
            $($with(u16), $without,)*
        }

        #[derive(ComponentType, Lift, Lower, Clone, Copy, Debug, PartialEq)]
        #[component(enum)]
        enum BigEnum {
            $($with, $without,)*
        }
    };
}

many_cases! {
    C0 C1 C2 C3 C4 C5 C6 C7 C8 C9 C10 C11 C12 C13 C14 C15 C16 C17 C18 C19 C20 C21 C22 C23 C24
    C25 C26 C27 C28 C29 C30 C31 C32 C33 C34 C35 C36 C37 C38 C39 C40 C41 C42 C43 C44 C45 C46 C47
    C48 C49 C50 C51 C52 C53 C54 C55 C56 C57 C58 C59 C60 C61 C62 C63 C64 C65 C66 C67 C68 C69 C70
    C71 C72 C73 C74 C75 C76 C77 C78 C79 C80 C81 C82 C83 C84 C85 C86 C87 C88 C89 C90 C91 C92 C93
    C94 C95 C96 C97 C98 C99 C100 C101 C102 C103 C104 C105 C106 C107 C108 C109 C110 C111 C112
    C113 C114 C115 C116 C117 C118 C119 C120 C121 C122 C123 C124 C125 C126 C127 C128 C129 C130
    C131 C132 C133 C134 C135 C136 C137 C138 C139 C140 C141 C142 C143 C144 C145 C146 C147 C148
    C149 C150 C151 C152 C153 C154 C155 C156 C157 C158 C159 C160 C161 C162 C163 C164 C165 C166
    C167 C168 C169 C170 C171 C172 C173 C174 C175 C176 C177 C178 C179 C180 C181 C182 C183 C184
    C185 C186 C187 C188 C189 C190 C191 C192 C193 C194 C195 C196 C197 C198 C199 C200 C201 C202
    C203 C204 C205 C206 C207 C208 C209 C210 C211 C212 C213 C214 C215 C216 C217 C218 C219 C220
    C221 C222 C223 C224 C225 C226 C227 C228 C229 C230 C231 C232 C233 C234 C235 C236 C237 C238
    C239 C240 C241 C242 C243 C244 C245 C246 C247 C248 C249 C250 C251 C252 C253 C254 C255 C256
    C257 C258 C259 C260 C261 C262 C263 C264 C265 C266 C267 C268 C269 C270 C271 C272 C273 C274
    C275 C276 C277 C278 C279 C280 C281 C282 C283 C284 C285 C286 C287 C288 C289 C290 C291 C292
    C293 C294 C295 C296 C297 C298 C299
}

fn big_variant_type() -> Result<Type> {
    Type::variant((0..300).map(|i| (format!("c{i}"), (i % 2 == 0).then_some(Type::U16))))
}

fn big_enum_type() -> Result<Type> {
    Type::enumeration((0..300).map(|i| format!("c{i}")))
}

#[test]
fn variants_of_more_than_256_cases_round_trip() -> Result<()> {
    let ty = big_variant_type()?;
    let values = [
        BigVariant::C0(1),
        BigVariant::C1,
        BigVariant::C254(254),
        BigVariant::C255,
        BigVariant::C256(0xbeef),
        BigVariant::C257,
        BigVariant::C298(u16::MAX),
        BigVariant::C299,
    ];
    echo(&ty, &values)?;
    echo(&Type::list(ty.clone())?, &[values.to_vec()])?;
    // The discriminant is a little-endian `u16`, then the payload.
    assert_eq!(stored(&ty, &BigVariant::C256(0xbeef))?, [0, 1, 0xef, 0xbe]);
    assert_eq!(stored(&ty, &BigVariant::C299)?[..2], [43, 1]);
    assert_eq!(
        loaded::<BigVariant>(&ty, &[0x2a, 0x01, 0x34, 0x12])?,
        BigVariant::C298(0x1234)
    );
    let err = loaded::<BigVariant>(&ty, &[0x2c, 0x01, 0, 0]).unwrap_err();
    assert_eq!(
        err.downcast_ref::<hoist::Trap>(),
        Some(&hoist::Trap::InvalidDiscriminant),
        "{err}"
    );
    Ok(())
}

#[test]
fn enums_of_more_than_256_cases_round_trip() -> Result<()> {
    let ty = big_enum_type()?;
    let values = [BigEnum::C0, BigEnum::C255, BigEnum::C256, BigEnum::C299];
    echo(&ty, &values)?;
    echo(&Type::list(ty.clone())?, &[values.to_vec()])?;
    assert_eq!(stored(&ty, &BigEnum::C256)?, [0, 1]);
    assert_eq!(loaded::<BigEnum>(&ty, &[0x2b, 0x01])?, BigEnum::C299);
    let err = loaded::<BigEnum>(&ty, &[0x2c, 0x01]).unwrap_err();
    assert_eq!(
        err.downcast_ref::<hoist::Trap>(),
        Some(&hoist::Trap::InvalidDiscriminant)
    );
    assert_eq!(err.to_string(), "discriminant 300 out of range [0..300)");
    Ok(())
}

#[test]
fn small_discriminants_take_one_byte() -> Result<()> {
    assert_eq!(stored(&color_type()?, &Color::DeepPurple)?, [3]);
    assert_eq!(stored(&color_type()?, &Color::Blue)?, [2]);
    assert_eq!(loaded::<Color>(&color_type()?, &[2])?, Color::Blue);
    Ok(())
}

/// `Point`, but the component calls its second field `z`.
#[test]
fn a_renamed_field_is_a_type_error() -> Result<()> {
    let ty = Type::record([("x", Type::Float32), ("z", Type::Float32)])?;
    let message =
        "expected field `z` of `record { x: f32, z: f32 }`, found field `y` in Rust type `Point`";
    assert_eq!(Point::typecheck(&ty).unwrap_err().to_string(), message);
    let err = host_mismatch::<Point>(&ty)?;
    assert!(err.contains(message), "{err}");
    Ok(())
}

#[test]
fn a_missing_case_is_a_type_error() -> Result<()> {
    // The component has a case `other` that `Toggle` lacks.
    let ty = Type::variant([("on", None), ("off", None), ("other", None)])?;
    let message =
        "expected `variant { on, off, other }` (3 cases), found Rust type `Toggle` with 2 cases";
    let err = export_mismatch::<Toggle, Three>(&ty)?;
    assert!(err.contains(message), "{err}");
    let err = host_mismatch::<Toggle>(&ty)?;
    assert!(err.contains(message), "{err}");
    // The enum's cases, in order.
    let err = Color::typecheck(&Type::enumeration(["red", "green", "blue"])?).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected `enum { red, green, blue }`, found Rust type `Color` with cases `red`, `green`, `blue`, `deep-purple`"
    );
    Ok(())
}

/// The Rust type that does match `variant { on, off, other }`.
#[derive(ComponentType, Lift, Lower, Clone, Copy, Debug, PartialEq)]
#[component(variant)]
enum Three {
    On,
    Off,
    Other,
}

#[test]
fn nested_type_errors_name_the_path() -> Result<()> {
    let ty = Type::record([
        ("full-name", Type::String),
        ("age", Type::U8),
        ("tags", Type::list(Type::String)?),
        (
            "home",
            Type::option(Type::record([("x", Type::Float64), ("y", Type::Float32)])?)?,
        ),
        ("kind", color_type()?),
        (
            "loop",
            Type::list(Type::option(Type::tuple([Type::U16, Type::Char])?)?)?,
        ),
    ])?;
    let message = "record field `home`: option payload: record field `x`: expected `f64`, found Rust type `f32`";
    assert_eq!(Person::typecheck(&ty).unwrap_err().to_string(), message);
    let err = host_mismatch::<Person>(&ty)?;
    assert!(err.contains(message), "{err}");
    // A payload of the wrong type, and a case whose payload is missing.
    let err = Shape::typecheck(&Type::variant([
        ("circle", Some(Type::Float64)),
        ("rectangle", Some(point_type()?)),
        ("path", Some(Type::list(point_type()?)?)),
        ("empty", None),
        ("nothing", None),
        ("void", None),
        ("labelled", None),
    ])?)
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "case `circle`: expected `f64`, found Rust type `f32`"
    );
    let err =
        <Maybe<u8>>::typecheck(&Type::variant([("just", None), ("nope", None)])?).unwrap_err();
    assert_eq!(
        err.to_string(),
        "case `just`: expected no payload, found one in Rust type `Maybe<u8>`"
    );
    Ok(())
}

#[test]
fn derived_and_component_kinds_must_agree() -> Result<()> {
    let err = Shape::typecheck(&point_type()?).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected `record { x: f32, y: f32 }`, found Rust type `Shape`"
    );
    // A variant without payloads is not an enum, nor the other way round.
    assert!(Toggle::typecheck(&Type::enumeration(["on", "off"])?).is_err());
    assert!(Color::typecheck(&Type::variant([
        ("red", None),
        ("green", None),
        ("blue", None),
        ("deep-purple", None)
    ])?)
    .is_err());
    Ok(())
}
