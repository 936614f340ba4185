//! The host side of the `everything` world for `bindgen_everything.rs`:
//! [`HostState`] implements the generated `Host` traits, answering each
//! `host-*` call with a value computed from its arguments ([`Bump`] and the
//! answer functions) and recording the arguments it received.

use anyhow::Result;
use std::any::Any;

use super::bindings::hoist::everything::types::{
    AllFlags, Color, Flags1, Flags12, Flags32, Flags5, Ints, Mixed, Person, Point, Rect, Scalars,
    Shape, Toggle,
};
use super::bindings::hoist::everything::{host, types};
use super::bindings::EverythingImports;

/// The host's transformation of a value it is handed: integers plus one
/// (wrapping), floats doubled, booleans negated, chars to the next scalar
/// value (when there is one), strings and lists reversed, and everything
/// inside aggregates transformed likewise.
pub trait Bump {
    /// The transformed value.
    fn bump(&self) -> Self;
}

macro_rules! bump_integers {
    ($($t:ty),*) => {
        $(impl Bump for $t {
            fn bump(&self) -> Self {
                self.wrapping_add(1)
            }
        })*
    };
}

bump_integers!(u8, i8, u16, i16, u32, i32, u64, i64);

impl Bump for f32 {
    fn bump(&self) -> Self {
        self * 2.0
    }
}

impl Bump for f64 {
    fn bump(&self) -> Self {
        self * 2.0
    }
}

impl Bump for bool {
    fn bump(&self) -> Self {
        !self
    }
}

impl Bump for char {
    fn bump(&self) -> Self {
        char::from_u32(*self as u32 + 1).unwrap_or(*self)
    }
}

impl Bump for String {
    fn bump(&self) -> Self {
        self.chars().rev().collect()
    }
}

impl<T: Bump> Bump for Vec<T> {
    fn bump(&self) -> Self {
        self.iter().rev().map(Bump::bump).collect()
    }
}

impl<T: Bump> Bump for Option<T> {
    fn bump(&self) -> Self {
        self.as_ref().map(Bump::bump)
    }
}

impl<A: Bump, B: Bump> Bump for (A, B) {
    fn bump(&self) -> Self {
        (self.0.bump(), self.1.bump())
    }
}

impl<A: Bump, B: Bump, C: Bump> Bump for (A, B, C) {
    fn bump(&self) -> Self {
        (self.0.bump(), self.1.bump(), self.2.bump())
    }
}

impl Bump for Ints {
    fn bump(&self) -> Self {
        let (a, b, c, d, e, f, g, h) = *self;
        (
            a.bump(),
            b.bump(),
            c.bump(),
            d.bump(),
            e.bump(),
            f.bump(),
            g.bump(),
            h.bump(),
        )
    }
}

impl Bump for Point {
    fn bump(&self) -> Self {
        Point {
            x: self.x.bump(),
            y: self.y.bump(),
        }
    }
}

impl Bump for Rect {
    fn bump(&self) -> Self {
        Rect {
            top_left: self.top_left.bump(),
            bottom_right: self.bottom_right.bump(),
            label: self.label.bump(),
        }
    }
}

impl Bump for Scalars {
    fn bump(&self) -> Self {
        Scalars {
            a_bool: self.a_bool.bump(),
            a_u8: self.a_u8.bump(),
            a_s8: self.a_s8.bump(),
            a_u16: self.a_u16.bump(),
            a_s16: self.a_s16.bump(),
            a_u32: self.a_u32.bump(),
            a_s32: self.a_s32.bump(),
            a_u64: self.a_u64.bump(),
            a_s64: self.a_s64.bump(),
            a_f32: self.a_f32.bump(),
            a_f64: self.a_f64.bump(),
            a_char: self.a_char.bump(),
        }
    }
}

impl Bump for Person {
    fn bump(&self) -> Self {
        Person {
            name: self.name.bump(),
            age: self.age.bump(),
            nick: self.nick.bump(),
            tags: self.tags.bump(),
        }
    }
}

impl Bump for Shape {
    fn bump(&self) -> Self {
        match self {
            Shape::Circle(r) => Shape::Circle(r.bump()),
            Shape::Rectangle(r) => Shape::Rectangle(r.bump()),
            Shape::Dot => Shape::Dot,
            Shape::Named(n) => Shape::Named(n.bump()),
        }
    }
}

/// The host's answer to `host-toggle`: the other state.
pub fn flip(t: Toggle) -> Toggle {
    match t {
        Toggle::On => Toggle::Off,
        Toggle::Off => Toggle::On,
    }
}

/// The host's answer to `host-color`: the previous color (the guest's
/// `next-color` goes the other way).
pub fn previous(c: Color) -> Color {
    match c {
        Color::Red => Color::Blue,
        Color::Green => Color::Red,
        Color::Blue => Color::Green,
    }
}

/// The host's answer to `host-flags`: each set complemented.
pub fn complement(a: Flags1, b: Flags5, c: Flags12, d: Flags32) -> AllFlags {
    AllFlags {
        one: !a,
        five: !b,
        twelve: !c,
        thirty_two: !d,
    }
}

/// The host's answer to `host-result-ok`: half of an even number, `err`
/// for an odd one.
pub fn halve(x: u32) -> Result<u32, ()> {
    if x.is_multiple_of(2) {
        Ok(x / 2)
    } else {
        Err(())
    }
}

/// The host's answer to `host-result-err`: `err("zero")` for 0.
pub fn nonzero(x: u32) -> Result<(), String> {
    if x == 0 {
        Err("zero".to_string())
    } else {
        Ok(())
    }
}

/// The host's answer to `host-result-both`: the number `s` spells.
pub fn parse(s: &str) -> Result<u64, String> {
    s.parse().map_err(|_| format!("not a number: {s}"))
}

/// An order-sensitive checksum of a `scalars` record.
fn checksum(s: &Scalars) -> u64 {
    [
        s.a_bool as u64,
        s.a_u8 as u64,
        s.a_s8 as i64 as u64,
        s.a_u16 as u64,
        s.a_s16 as i64 as u64,
        s.a_u32 as u64,
        s.a_s32 as i64 as u64,
        s.a_u64,
        s.a_s64 as u64,
        s.a_f32.to_bits() as u64,
        s.a_f64.to_bits(),
        s.a_char as u64,
    ]
    .iter()
    .fold(0u64, |h, bits| h.wrapping_mul(31).wrapping_add(*bits))
}

/// The host's answer to `host-spill`.
pub fn spill(a: &Scalars, b: &Scalars) -> u64 {
    checksum(a).wrapping_mul(1_000_003) ^ checksum(b)
}

// ---------------------------------------------------------------------------
// The host
// ---------------------------------------------------------------------------

/// The store data: the host's state, and the calls it received.
#[derive(Default)]
pub struct HostState {
    /// How many times `host.tick` was called.
    pub ticks: u32,
    /// The messages of the world's root import `log`.
    pub log: Vec<String>,
    /// Every call to a `host-*` function since the last check: its WIT name
    /// and its arguments (a tuple when there are several).
    pub seen: Vec<(&'static str, Box<dyn Any + Send>)>,
}

impl HostState {
    /// Records that `func` received `args`, and passes on `answer`.
    fn saw<A: Any + Send, R>(&mut self, func: &'static str, args: A, answer: R) -> Result<R> {
        self.seen.push((func, Box::new(args)));
        Ok(answer)
    }
}

impl types::Host for HostState {}

impl host::Host for HostState {
    fn tick(&mut self) -> Result<()> {
        self.ticks += 1;
        Ok(())
    }

    fn host_point(&mut self, p: Point) -> Result<Point> {
        self.saw("host-point", p, p.bump())
    }

    fn host_rect(&mut self, r: Rect) -> Result<Rect> {
        let answer = r.bump();
        self.saw("host-rect", r, answer)
    }

    fn host_scalars(&mut self, s: Scalars) -> Result<Scalars> {
        self.saw("host-scalars", s, s.bump())
    }

    fn host_ints(
        &mut self,
        a: u8,
        b: i8,
        c: u16,
        d: i16,
        e: u32,
        f: i32,
        g: u64,
        h: i64,
    ) -> Result<Ints> {
        let args = (a, b, c, d, e, f, g, h);
        self.saw("host-ints", args, args.bump())
    }

    fn host_floats(&mut self, a: f32, b: f64) -> Result<(f32, f64)> {
        self.saw("host-floats", (a, b), (a, b).bump())
    }

    fn host_char(&mut self, c: char) -> Result<char> {
        self.saw("host-char", c, c.bump())
    }

    fn host_bool(&mut self, b: bool) -> Result<bool> {
        self.saw("host-bool", b, b.bump())
    }

    fn host_string(&mut self, s: String) -> Result<String> {
        let answer = s.bump();
        self.saw("host-string", s, answer)
    }

    fn host_strings(&mut self, l: Vec<String>) -> Result<Vec<String>> {
        let answer = l.bump();
        self.saw("host-strings", l, answer)
    }

    fn host_bytes(&mut self, l: Vec<u8>) -> Result<Vec<u8>> {
        let answer = l.bump();
        self.saw("host-bytes", l, answer)
    }

    fn host_shape(&mut self, s: Shape) -> Result<Shape> {
        let answer = s.bump();
        self.saw("host-shape", s, answer)
    }

    fn host_toggle(&mut self, t: Toggle) -> Result<Toggle> {
        self.saw("host-toggle", t, flip(t))
    }

    fn host_color(&mut self, c: Color) -> Result<Color> {
        self.saw("host-color", c, previous(c))
    }

    fn host_flags(&mut self, a: Flags1, b: Flags5, c: Flags12, d: Flags32) -> Result<AllFlags> {
        self.saw("host-flags", (a, b, c, d), complement(a, b, c, d))
    }

    fn host_option_string(&mut self, o: Option<String>) -> Result<Option<String>> {
        let answer = o.bump();
        self.saw("host-option-string", o, answer)
    }

    fn host_option_u32(&mut self, o: Option<u32>) -> Result<Option<u32>> {
        self.saw("host-option-u32", o, o.bump())
    }

    fn host_option_point(&mut self, o: Option<Point>) -> Result<Option<Point>> {
        self.saw("host-option-point", o, o.bump())
    }

    fn host_result_unit(&mut self, ok: bool) -> Result<Result<(), ()>> {
        self.saw("host-result-unit", ok, if ok { Ok(()) } else { Err(()) })
    }

    fn host_result_ok(&mut self, x: u32) -> Result<Result<u32, ()>> {
        self.saw("host-result-ok", x, halve(x))
    }

    fn host_result_err(&mut self, x: u32) -> Result<Result<(), String>> {
        self.saw("host-result-err", x, nonzero(x))
    }

    fn host_result_both(&mut self, s: String) -> Result<Result<u64, String>> {
        let answer = parse(&s);
        self.saw("host-result-both", s, answer)
    }

    fn host_mixed(&mut self, t: Mixed) -> Result<Mixed> {
        let answer = t.bump();
        self.saw("host-mixed", t, answer)
    }

    fn host_people(&mut self, p: Vec<Person>) -> Result<Vec<Person>> {
        let answer = p.bump();
        self.saw("host-people", p, answer)
    }

    fn host_spill(&mut self, a: Scalars, b: Scalars) -> Result<u64> {
        self.saw("host-spill", (a, b), spill(&a, &b))
    }
}

impl EverythingImports for HostState {
    fn log(&mut self, msg: String) -> Result<()> {
        self.log.push(msg);
        Ok(())
    }
}
