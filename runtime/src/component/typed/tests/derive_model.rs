//! Hand-written `ComponentType`, `Lower` and `Lift` impls for a record, a
//! variant, an enum and flags, written exactly as the derive macros
//! (`#[derive(ComponentType, Lift, Lower)]` with `#[component(record)]`,
//! `#[component(variant)]`, `#[component(enum)]`, and `flags!`) are to
//! generate them: each impl only delegates, through the helpers of
//! `typed/record.rs`, `typed/variant.rs` and `typed/flags.rs`, to the
//! impls of its fields and payloads. They are then sent through the
//! forwarder component in every string encoding.

use super::roundtrip::echo;
use crate::component::typed::{
    lift_case, lift_flags, load_case, load_flags, lower_case, lower_flags, store_case, store_flags,
    typecheck_enum, typecheck_flags, typecheck_record, typecheck_variant, Fields, LiftContext,
    LowerContext,
};
use crate::component::{ComponentType, Lift, Lower, Type};
use crate::ValRaw;
use anyhow::Result;

/// `record point { x: f32, y: f32 }`
#[derive(Clone, Debug, PartialEq)]
struct Point {
    x: f32,
    y: f32,
}

impl ComponentType for Point {
    fn typecheck(ty: &Type) -> Result<()> {
        typecheck_record::<Self>(
            ty,
            &[
                ("x", <f32 as ComponentType>::typecheck),
                ("y", <f32 as ComponentType>::typecheck),
            ],
        )
    }
}

impl Lower for Point {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, mut dst: &mut [ValRaw]) -> Result<()> {
        let mut fields = Fields::record(ty)?;
        fields.lower(cx, &self.x, &mut dst)?;
        fields.lower(cx, &self.y, &mut dst)
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        let mut fields = Fields::record(ty)?;
        fields.store(cx, &self.x, offset)?;
        fields.store(cx, &self.y, offset)
    }
}

impl Lift for Point {
    fn lift(cx: &LiftContext<'_>, ty: &Type, mut src: &[ValRaw]) -> Result<Self> {
        let mut fields = Fields::record(ty)?;
        Ok(Point {
            x: fields.lift(cx, &mut src)?,
            y: fields.lift(cx, &mut src)?,
        })
    }

    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        let mut fields = Fields::record(ty)?;
        Ok(Point {
            x: fields.load(cx, bytes)?,
            y: fields.load(cx, bytes)?,
        })
    }
}

/// `record person { name: string, age: u8, tags: list<string>, home: option<point> }`
#[derive(Clone, Debug, PartialEq)]
struct Person {
    name: String,
    age: u8,
    tags: Vec<String>,
    home: Option<Point>,
}

impl ComponentType for Person {
    fn typecheck(ty: &Type) -> Result<()> {
        typecheck_record::<Self>(
            ty,
            &[
                ("name", <String as ComponentType>::typecheck),
                ("age", <u8 as ComponentType>::typecheck),
                ("tags", <Vec<String> as ComponentType>::typecheck),
                ("home", <Option<Point> as ComponentType>::typecheck),
            ],
        )
    }
}

impl Lower for Person {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, mut dst: &mut [ValRaw]) -> Result<()> {
        let mut fields = Fields::record(ty)?;
        fields.lower(cx, &self.name, &mut dst)?;
        fields.lower(cx, &self.age, &mut dst)?;
        fields.lower(cx, &self.tags, &mut dst)?;
        fields.lower(cx, &self.home, &mut dst)
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        let mut fields = Fields::record(ty)?;
        fields.store(cx, &self.name, offset)?;
        fields.store(cx, &self.age, offset)?;
        fields.store(cx, &self.tags, offset)?;
        fields.store(cx, &self.home, offset)
    }
}

impl Lift for Person {
    fn lift(cx: &LiftContext<'_>, ty: &Type, mut src: &[ValRaw]) -> Result<Self> {
        let mut fields = Fields::record(ty)?;
        Ok(Person {
            name: fields.lift(cx, &mut src)?,
            age: fields.lift(cx, &mut src)?,
            tags: fields.lift(cx, &mut src)?,
            home: fields.lift(cx, &mut src)?,
        })
    }

    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        let mut fields = Fields::record(ty)?;
        Ok(Person {
            name: fields.load(cx, bytes)?,
            age: fields.load(cx, bytes)?,
            tags: fields.load(cx, bytes)?,
            home: fields.load(cx, bytes)?,
        })
    }
}

/// `variant shape { circle(f32), rect(point), path(list<point>), empty }`
#[derive(Clone, Debug, PartialEq)]
enum Shape {
    Circle(f32),
    Rect(Point),
    Path(Vec<Point>),
    Empty,
}

impl ComponentType for Shape {
    fn typecheck(ty: &Type) -> Result<()> {
        typecheck_variant::<Self>(
            ty,
            &[
                ("circle", Some(<f32 as ComponentType>::typecheck)),
                ("rect", Some(<Point as ComponentType>::typecheck)),
                ("path", Some(<Vec<Point> as ComponentType>::typecheck)),
                ("empty", None),
            ],
        )
    }
}

impl Lower for Shape {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        match self {
            Shape::Circle(p) => lower_case(cx, ty, 0, Some(p), dst),
            Shape::Rect(p) => lower_case(cx, ty, 1, Some(p), dst),
            Shape::Path(p) => lower_case(cx, ty, 2, Some(p), dst),
            Shape::Empty => lower_case::<()>(cx, ty, 3, None, dst),
        }
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        match self {
            Shape::Circle(p) => store_case(cx, ty, 0, Some(p), offset),
            Shape::Rect(p) => store_case(cx, ty, 1, Some(p), offset),
            Shape::Path(p) => store_case(cx, ty, 2, Some(p), offset),
            Shape::Empty => store_case::<()>(cx, ty, 3, None, offset),
        }
    }
}

impl Shape {
    /// The one match a derive generates for both `lift` and `load`.
    fn from_case(
        cx: &LiftContext<'_>,
        case: crate::component::typed::Case<'_, '_>,
    ) -> Result<Self> {
        Ok(match case.index() {
            0 => Shape::Circle(case.payload(cx)?),
            1 => Shape::Rect(case.payload(cx)?),
            2 => Shape::Path(case.payload(cx)?),
            3 => Shape::Empty,
            // `lift_case` / `load_case` already trapped on any other index.
            index => anyhow::bail!("`shape` has no case {index}"),
        })
    }
}

impl Lift for Shape {
    fn lift(cx: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        Shape::from_case(cx, lift_case(ty, src)?)
    }

    fn load(cx: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        Shape::from_case(cx, load_case(ty, bytes)?)
    }
}

/// `enum color { red, green, blue }`
#[derive(Clone, Copy, Debug, PartialEq)]
enum Color {
    Red,
    Green,
    Blue,
}

impl ComponentType for Color {
    fn typecheck(ty: &Type) -> Result<()> {
        typecheck_enum::<Self>(ty, &["red", "green", "blue"])
    }
}

impl Lower for Color {
    fn lower(&self, cx: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        lower_case::<()>(cx, ty, *self as u32, None, dst)
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        store_case::<()>(cx, ty, *self as u32, None, offset)
    }
}

impl Color {
    fn from_index(index: u32) -> Result<Color> {
        Ok(match index {
            0 => Color::Red,
            1 => Color::Green,
            2 => Color::Blue,
            index => anyhow::bail!("`color` has no case {index}"),
        })
    }
}

impl Lift for Color {
    fn lift(_: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        Color::from_index(lift_case(ty, src)?.index())
    }

    fn load(_: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        Color::from_index(load_case(ty, bytes)?.index())
    }
}

/// `flags perms { read, write, exec }`, as `flags!` is to generate it: a
/// bit word with one constant per flag.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Perms(u32);

impl Perms {
    const READ: Perms = Perms(1 << 0);
    const WRITE: Perms = Perms(1 << 1);
    const EXEC: Perms = Perms(1 << 2);
}

impl std::ops::BitOr for Perms {
    type Output = Perms;
    fn bitor(self, other: Perms) -> Perms {
        Perms(self.0 | other.0)
    }
}

impl ComponentType for Perms {
    fn typecheck(ty: &Type) -> Result<()> {
        typecheck_flags::<Self>(ty, &["read", "write", "exec"])
    }
}

impl Lower for Perms {
    fn lower(&self, _: &mut LowerContext<'_>, ty: &Type, dst: &mut [ValRaw]) -> Result<()> {
        lower_flags(ty, self.0, dst)
    }

    fn store(&self, cx: &mut LowerContext<'_>, ty: &Type, offset: u32) -> Result<()> {
        store_flags(cx, ty, self.0, offset)
    }
}

impl Lift for Perms {
    fn lift(_: &LiftContext<'_>, ty: &Type, src: &[ValRaw]) -> Result<Self> {
        lift_flags(ty, src).map(Perms)
    }

    fn load(_: &LiftContext<'_>, ty: &Type, bytes: &[u8]) -> Result<Self> {
        load_flags(ty, bytes).map(Perms)
    }
}

fn point_type() -> Result<Type> {
    Type::record([("x", Type::Float32), ("y", Type::Float32)])
}

fn person_type() -> Result<Type> {
    Type::record([
        ("name", Type::String),
        ("age", Type::U8),
        ("tags", Type::list(Type::String)?),
        ("home", Type::option(point_type()?)?),
    ])
}

fn shape_type() -> Result<Type> {
    Type::variant([
        ("circle", Some(Type::Float32)),
        ("rect", Some(point_type()?)),
        ("path", Some(Type::list(point_type()?)?)),
        ("empty", None),
    ])
}

#[test]
fn records_round_trip() -> Result<()> {
    echo(point_type()?, &[Point { x: 1.5, y: -2.0 }])?;
    echo(
        person_type()?,
        &[
            Person {
                name: "Ada ∂".into(),
                age: 36,
                tags: vec!["math".into(), "éngine".into()],
                home: Some(Point { x: 0.5, y: 51.5 }),
            },
            Person {
                name: String::new(),
                age: 0,
                tags: vec![],
                home: None,
            },
        ],
    )?;
    // In lists, records are stored in memory field by field.
    echo(
        Type::list(person_type()?)?,
        &[vec![Person {
            name: "🦀".into(),
            age: 9,
            tags: vec!["x".into()],
            home: None,
        }]],
    )
}

#[test]
fn variants_round_trip() -> Result<()> {
    let shapes = [
        Shape::Circle(2.5),
        Shape::Rect(Point { x: 1.0, y: 2.0 }),
        Shape::Path(vec![Point { x: 0.0, y: 0.0 }, Point { x: 3.0, y: 4.0 }]),
        Shape::Empty,
    ];
    echo(shape_type()?, &shapes)?;
    echo(Type::list(shape_type()?)?, &[shapes.to_vec()])
}

#[test]
fn enums_and_flags_round_trip() -> Result<()> {
    echo(
        Type::enumeration(["red", "green", "blue"])?,
        &[Color::Red, Color::Green, Color::Blue],
    )?;
    echo(
        Type::flags(["read", "write", "exec"])?,
        &[
            Perms(0),
            Perms::READ,
            Perms::WRITE | Perms::EXEC,
            Perms::READ | Perms::WRITE | Perms::EXEC,
        ],
    )
}

#[test]
fn derived_type_checks_name_what_differs() -> Result<()> {
    let renamed = Type::record([("x", Type::Float32), ("z", Type::Float32)])?;
    let err = Point::typecheck(&renamed).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected field `z` of `record { x: f32, z: f32 }`, found field `y` in Rust type `Point`"
    );
    let nested = Type::record([
        ("name", Type::String),
        ("age", Type::U8),
        ("tags", Type::list(Type::String)?),
        (
            "home",
            Type::option(Type::record([("x", Type::Float64), ("y", Type::Float32)])?)?,
        ),
    ])?;
    let err = Person::typecheck(&nested).unwrap_err();
    assert_eq!(
        err.to_string(),
        "record field `home`: option payload: record field `x`: expected `f64`, found Rust type `f32`"
    );
    let err = Color::typecheck(&Type::enumeration(["red", "green"])?).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected `enum { red, green }`, found Rust type `Color` with cases `red`, `green`, `blue`"
    );
    let err = Shape::typecheck(&point_type()?).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected `record { x: f32, y: f32 }`, found Rust type `Shape`"
    );
    Ok(())
}
