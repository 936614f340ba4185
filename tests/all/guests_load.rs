//! The C guest components in `tests/guests/` (built from WIT by
//! `tests/guests/build.sh` with `wit-bindgen c`, clang and
//! `wasm-tools component new`) compile, link and run on hoist through the
//! dynamic API: every import is a `func_new` host function over `Val`s, and
//! every export is called with `Val`s.
//!
//! `everything` and `everything-utf16` run the same checks: each
//! `roundtrip-*` export passes its arguments to the matching `host-*` import
//! and returns what the host answered, so a test checks both that the host
//! saw exactly the arguments and that the guest returned exactly the host's
//! answer (the host transforms values with [`bump`]).

use anyhow::{bail, Result};
use hoist::component::{Component, Instance, Linker, Val};
use hoist::{Engine, Store, StoreContextMut};
use std::path::PathBuf;

fn guest(engine: &Engine, name: &str) -> Component {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "guests",
        &format!("{name}.wasm"),
    ]
    .iter()
    .collect();
    Component::from_file(engine, &path).unwrap_or_else(|e| panic!("{}: {e:#}", path.display()))
}

/// Calls export `func` of exported instance `iface` (or of the root when
/// `iface` is empty), post-return included; the single result, or `None`.
fn call<T: 'static>(
    store: &mut Store<T>,
    inst: &Instance,
    iface: &str,
    func: &str,
    args: &[Val],
) -> Result<Option<Val>> {
    let parent = if iface.is_empty() {
        None
    } else {
        Some(
            inst.get_export_index(&*store, None, iface)
                .unwrap_or_else(|| panic!("no export `{iface}`")),
        )
    };
    let index = inst
        .get_export_index(&*store, parent.as_ref(), func)
        .unwrap_or_else(|| panic!("no export `{iface}#{func}`"));
    let f = inst.get_func(&mut *store, &index).unwrap();
    let mut out = vec![Val::Bool(false); f.results(&*store).len()];
    f.call(&mut *store, args, &mut out)?;
    f.post_return(&mut *store)?;
    Ok(out.pop())
}

// ---------------------------------------------------------------------------
// Building values
// ---------------------------------------------------------------------------

fn s(v: &str) -> Val {
    Val::String(v.to_string())
}

fn rec(fields: &[(&str, Val)]) -> Val {
    Val::Record(
        fields
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect(),
    )
}

fn list(items: impl IntoIterator<Item = Val>) -> Val {
    Val::List(items.into_iter().collect())
}

fn some(v: Val) -> Val {
    Val::Option(Some(Box::new(v)))
}

fn none() -> Val {
    Val::Option(None)
}

fn ok(v: Option<Val>) -> Val {
    Val::Result(Ok(v.map(Box::new)))
}

fn err(v: Option<Val>) -> Val {
    Val::Result(Err(v.map(Box::new)))
}

fn flags(names: &[&str]) -> Val {
    Val::Flags(names.iter().map(|n| n.to_string()).collect())
}

fn point(x: i32, y: i32) -> Val {
    rec(&[("x", Val::S32(x)), ("y", Val::S32(y))])
}

fn rect(a: (i32, i32), b: (i32, i32), label: &str) -> Val {
    rec(&[
        ("top-left", point(a.0, a.1)),
        ("bottom-right", point(b.0, b.1)),
        ("label", s(label)),
    ])
}

fn person(name: &str, age: u8, nick: Option<&str>, tags: &[&str]) -> Val {
    rec(&[
        ("name", s(name)),
        ("age", Val::U8(age)),
        ("nick", nick.map(|n| some(s(n))).unwrap_or_else(none)),
        ("tags", list(tags.iter().map(|t| s(t)))),
    ])
}

fn scalars(seed: u8, c: char) -> Val {
    rec(&[
        ("a-bool", Val::Bool(seed.is_multiple_of(2))),
        ("a-u8", Val::U8(u8::MAX - seed)),
        ("a-s8", Val::S8(i8::MIN + seed as i8)),
        ("a-u16", Val::U16(u16::MAX - seed as u16)),
        ("a-s16", Val::S16(i16::MIN + seed as i16)),
        ("a-u32", Val::U32(u32::MAX - seed as u32)),
        ("a-s32", Val::S32(i32::MIN + seed as i32)),
        ("a-u64", Val::U64(u64::MAX - seed as u64)),
        ("a-s64", Val::S64(i64::MIN + seed as i64)),
        ("a-f32", Val::Float32(1.5 + seed as f32)),
        ("a-f64", Val::Float64(-2.25 - seed as f64)),
        ("a-char", Val::Char(c)),
    ])
}

fn shape(case: &str, payload: Option<Val>) -> Val {
    Val::Variant(case.to_string(), payload.map(Box::new))
}

const FLAGS1: &[&str] = &["only"];
const FLAGS5: &[&str] = &["a", "b", "c", "d", "e"];
const FLAGS12: &[&str] = &[
    "b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11",
];

fn flags32_names() -> Vec<String> {
    (0..32).map(|i| format!("c{i}")).collect()
}

// ---------------------------------------------------------------------------
// The host side of `everything`
// ---------------------------------------------------------------------------

/// The host's transformation of a value: integers plus one (wrapping),
/// floats doubled, booleans negated, chars to the next scalar value (when
/// there is one), strings and lists reversed, and everything inside
/// aggregates transformed likewise. Enums, flags and handles stay as they are.
fn bump(v: &Val) -> Val {
    match v {
        Val::Bool(b) => Val::Bool(!b),
        Val::S8(x) => Val::S8(x.wrapping_add(1)),
        Val::U8(x) => Val::U8(x.wrapping_add(1)),
        Val::S16(x) => Val::S16(x.wrapping_add(1)),
        Val::U16(x) => Val::U16(x.wrapping_add(1)),
        Val::S32(x) => Val::S32(x.wrapping_add(1)),
        Val::U32(x) => Val::U32(x.wrapping_add(1)),
        Val::S64(x) => Val::S64(x.wrapping_add(1)),
        Val::U64(x) => Val::U64(x.wrapping_add(1)),
        Val::Float32(x) => Val::Float32(x * 2.0),
        Val::Float64(x) => Val::Float64(x * 2.0),
        Val::Char(c) => Val::Char(char::from_u32(*c as u32 + 1).unwrap_or(*c)),
        Val::String(s) => Val::String(s.chars().rev().collect()),
        Val::List(l) => Val::List(l.iter().rev().map(bump).collect()),
        Val::Record(f) => Val::Record(f.iter().map(|(n, v)| (n.clone(), bump(v))).collect()),
        Val::Tuple(t) => Val::Tuple(t.iter().map(bump).collect()),
        Val::Variant(c, p) => Val::Variant(c.clone(), p.as_deref().map(|p| Box::new(bump(p)))),
        Val::Enum(c) => Val::Enum(c.clone()),
        Val::Option(o) => Val::Option(o.as_deref().map(|p| Box::new(bump(p)))),
        Val::Result(r) => Val::Result(match r {
            Ok(p) => Ok(p.as_deref().map(|p| Box::new(bump(p)))),
            Err(p) => Err(p.as_deref().map(|p| Box::new(bump(p)))),
        }),
        Val::Flags(f) => Val::Flags(f.clone()),
        Val::Resource(r) => Val::Resource(*r),
    }
}

/// The flags of `all` that are not in `set`, in declaration order.
fn complement(set: &Val, all: &[String]) -> Val {
    let Val::Flags(set) = set else {
        panic!("not flags: {set:?}")
    };
    Val::Flags(all.iter().filter(|n| !set.contains(n)).cloned().collect())
}

/// An order-sensitive checksum of a `scalars` record (no NaNs expected).
fn checksum(v: &Val) -> u64 {
    let Val::Record(fields) = v else {
        panic!("not a record: {v:?}")
    };
    fields.iter().fold(0u64, |h, (_, f)| {
        let bits = match f {
            Val::Bool(b) => *b as u64,
            Val::U8(x) => *x as u64,
            Val::S8(x) => *x as i64 as u64,
            Val::U16(x) => *x as u64,
            Val::S16(x) => *x as i64 as u64,
            Val::U32(x) => *x as u64,
            Val::S32(x) => *x as i64 as u64,
            Val::U64(x) => *x,
            Val::S64(x) => *x as u64,
            Val::Float32(x) => x.to_bits() as u64,
            Val::Float64(x) => x.to_bits(),
            Val::Char(c) => *c as u64,
            other => panic!("not a scalar: {other:?}"),
        };
        h.wrapping_mul(31).wrapping_add(bits)
    })
}

/// What host function `name` of `hoist:everything/host` answers to `params`.
fn host_answer(name: &str, params: &[Val]) -> Result<Option<Val>> {
    let p0 = || params[0].clone();
    Ok(Some(match name {
        "tick" => return Ok(None),
        "host-ints" => Val::Tuple(params.iter().map(bump).collect()),
        "host-floats" => Val::Tuple(params.iter().map(bump).collect()),
        "host-toggle" => match p0() {
            Val::Variant(c, None) if c == "on" => shape("off", None),
            Val::Variant(c, None) if c == "off" => shape("on", None),
            other => bail!("bad toggle {other:?}"),
        },
        "host-color" => match p0() {
            Val::Enum(c) => Val::Enum(
                match c.as_str() {
                    "red" => "blue",
                    "green" => "red",
                    "blue" => "green",
                    _ => bail!("bad color {c}"),
                }
                .to_string(),
            ),
            other => bail!("bad color {other:?}"),
        },
        "host-flags" => {
            let names = |l: &[&str]| l.iter().map(|n| n.to_string()).collect::<Vec<_>>();
            rec(&[
                ("one", complement(&params[0], &names(FLAGS1))),
                ("five", complement(&params[1], &names(FLAGS5))),
                ("twelve", complement(&params[2], &names(FLAGS12))),
                ("thirty-two", complement(&params[3], &flags32_names())),
            ])
        }
        "host-result-unit" => match p0() {
            Val::Bool(true) => ok(None),
            Val::Bool(false) => err(None),
            other => bail!("bad bool {other:?}"),
        },
        "host-result-ok" => match p0() {
            Val::U32(x) if x % 2 == 0 => ok(Some(Val::U32(x / 2))),
            Val::U32(_) => err(None),
            other => bail!("bad u32 {other:?}"),
        },
        "host-result-err" => match p0() {
            Val::U32(0) => err(Some(s("zero"))),
            Val::U32(_) => ok(None),
            other => bail!("bad u32 {other:?}"),
        },
        "host-result-both" => match p0() {
            Val::String(t) => match t.parse::<u64>() {
                Ok(n) => ok(Some(Val::U64(n))),
                Err(_) => err(Some(s(&format!("not a number: {t}")))),
            },
            other => bail!("bad string {other:?}"),
        },
        "host-spill" => {
            Val::U64(checksum(&params[0]).wrapping_mul(1_000_003) ^ checksum(&params[1]))
        }
        "host-point" | "host-rect" | "host-scalars" | "host-char" | "host-bool" | "host-string"
        | "host-strings" | "host-bytes" | "host-shape" | "host-option-string"
        | "host-option-u32" | "host-option-point" | "host-mixed" | "host-people" => {
            bump(&params[0])
        }
        _ => bail!("unknown host function {name}"),
    }))
}

const HOST_FUNCS: &[&str] = &[
    "tick",
    "host-point",
    "host-rect",
    "host-scalars",
    "host-ints",
    "host-floats",
    "host-char",
    "host-bool",
    "host-string",
    "host-strings",
    "host-bytes",
    "host-shape",
    "host-toggle",
    "host-color",
    "host-flags",
    "host-option-string",
    "host-option-u32",
    "host-option-point",
    "host-result-unit",
    "host-result-ok",
    "host-result-err",
    "host-result-both",
    "host-mixed",
    "host-people",
    "host-spill",
];

#[derive(Default)]
struct Host {
    ticks: u32,
    log: Vec<String>,
    /// The last call to a `host-*` function: its name and arguments.
    last: Option<(String, Vec<Val>)>,
}

fn everything_linker(engine: &Engine) -> Result<Linker<Host>> {
    let mut linker = Linker::<Host>::new(engine);
    {
        let mut host = linker.instance("hoist:everything/host")?;
        for &name in HOST_FUNCS {
            host.func_new(
                name,
                move |mut store: StoreContextMut<'_, Host>, params, results| {
                    let data = store.data_mut();
                    if name == "tick" {
                        data.ticks += 1;
                    }
                    data.last = Some((name.to_string(), params.to_vec()));
                    let answer = host_answer(name, params)?;
                    match (answer, results) {
                        (None, []) => {}
                        (Some(v), [slot]) => *slot = v,
                        (a, r) => bail!("{name}: answer {a:?} for {} result slots", r.len()),
                    }
                    Ok(())
                },
            )?;
        }
    }
    linker.root().func_new("log", |mut store, params, _| {
        let [Val::String(msg)] = params else {
            bail!("log: bad arguments {params:?}")
        };
        store.data_mut().log.push(msg.clone());
        Ok(())
    })?;
    Ok(linker)
}

struct Everything {
    store: Store<Host>,
    inst: Instance,
    utf16: bool,
}

const GUEST: &str = "hoist:everything/guest";

impl Everything {
    fn new(name: &str) -> Everything {
        let engine = Engine::default();
        let component = guest(&engine, name);
        let mut store = Store::new(&engine, Host::default());
        let inst = everything_linker(&engine)
            .unwrap()
            .instantiate(&mut store, &component)
            .unwrap_or_else(|e| panic!("instantiating {name}: {e:#}"));
        Everything {
            store,
            inst,
            utf16: name.ends_with("utf16"),
        }
    }

    fn call(&mut self, func: &str, args: &[Val]) -> Option<Val> {
        call(&mut self.store, &self.inst, GUEST, func, args)
            .unwrap_or_else(|e| panic!("{func}{args:?}: {e:#}"))
    }

    /// `roundtrip-NAME(args)`: the host saw `args` in `host-NAME` and the
    /// guest returned the host's answer.
    fn roundtrip(&mut self, name: &str, args: &[Val]) {
        self.store.data_mut().last = None;
        let got = self.call(&format!("roundtrip-{name}"), args);
        let host = format!("host-{name}");
        let (seen_name, seen_args) = self
            .store
            .data_mut()
            .last
            .take()
            .expect("the host was not called");
        assert_eq!(seen_name, host);
        assert_eq!(seen_args, args, "{host}: the host saw other arguments");
        assert_eq!(
            got,
            host_answer(&host, args).unwrap(),
            "roundtrip-{name}{args:?}"
        );
    }
}

fn check_everything(name: &str) {
    let mut g = Everything::new(name);

    g.roundtrip("point", &[point(-5, i32::MAX)]);
    g.roundtrip("rect", &[rect((1, 2), (3, 4), "héllo wörld 🦀")]);
    g.roundtrip("rect", &[rect((0, 0), (0, 0), "")]);
    g.roundtrip("scalars", &[scalars(0, 'z')]);
    g.roundtrip("scalars", &[scalars(7, '🦀')]);
    g.roundtrip(
        "ints",
        &[
            Val::U8(u8::MAX),
            Val::S8(i8::MIN),
            Val::U16(u16::MAX),
            Val::S16(-1),
            Val::U32(u32::MAX),
            Val::S32(i32::MAX),
            Val::U64(u64::MAX),
            Val::S64(i64::MAX),
        ],
    );
    g.roundtrip("floats", &[Val::Float32(1.25), Val::Float64(-0.5)]);
    g.roundtrip("floats", &[Val::Float32(f32::NAN), Val::Float64(f64::NAN)]);
    g.roundtrip(
        "floats",
        &[Val::Float32(f32::INFINITY), Val::Float64(f64::NEG_INFINITY)],
    );
    for c in ['a', '\u{D7FF}', 'é', '🦀', '\u{10FFFF}'] {
        g.roundtrip("char", &[Val::Char(c)]);
    }
    g.roundtrip("bool", &[Val::Bool(true)]);
    g.roundtrip("bool", &[Val::Bool(false)]);
    for text in ["", "abc", "héllo 🦀 wörld", &"0123456789🦀".repeat(1000)] {
        g.roundtrip("string", &[s(text)]);
    }
    g.roundtrip("strings", &[list([])]);
    g.roundtrip("strings", &[list([s("a"), s(""), s("🦀🦀"), s("ünïcödé")])]);
    g.roundtrip("bytes", &[list([])]);
    g.roundtrip("bytes", &[list((0..=255u8).map(Val::U8))]);
    g.roundtrip("shape", &[shape("circle", Some(Val::Float64(2.5)))]);
    g.roundtrip(
        "shape",
        &[shape("rectangle", Some(rect((-1, -2), (5, 6), "box")))],
    );
    g.roundtrip("shape", &[shape("dot", None)]);
    g.roundtrip("shape", &[shape("named", Some(s("π")))]);
    g.roundtrip("toggle", &[shape("on", None)]);
    g.roundtrip("toggle", &[shape("off", None)]);
    for c in ["red", "green", "blue"] {
        g.roundtrip("color", &[Val::Enum(c.to_string())]);
    }
    let f32_all = flags32_names();
    let f32_all: Vec<&str> = f32_all.iter().map(String::as_str).collect();
    g.roundtrip("flags", &[flags(&[]), flags(&[]), flags(&[]), flags(&[])]);
    g.roundtrip(
        "flags",
        &[
            flags(FLAGS1),
            flags(FLAGS5),
            flags(FLAGS12),
            flags(&f32_all),
        ],
    );
    g.roundtrip(
        "flags",
        &[
            flags(&["only"]),
            flags(&["a", "c", "e"]),
            flags(&["b0", "b11"]),
            flags(&["c0", "c15", "c16", "c31"]),
        ],
    );
    g.roundtrip("option-string", &[none()]);
    g.roundtrip("option-string", &[some(s(""))]);
    g.roundtrip("option-string", &[some(s("maybe 🦀"))]);
    g.roundtrip("option-u32", &[none()]);
    g.roundtrip("option-u32", &[some(Val::U32(u32::MAX))]);
    g.roundtrip("option-point", &[none()]);
    g.roundtrip("option-point", &[some(point(3, -3))]);
    g.roundtrip("result-unit", &[Val::Bool(true)]);
    g.roundtrip("result-unit", &[Val::Bool(false)]);
    g.roundtrip("result-ok", &[Val::U32(4)]);
    g.roundtrip("result-ok", &[Val::U32(5)]);
    g.roundtrip("result-err", &[Val::U32(0)]);
    g.roundtrip("result-err", &[Val::U32(7)]);
    g.roundtrip("result-both", &[s("18446744073709551615")]);
    g.roundtrip("result-both", &[s("x🦀")]);
    g.roundtrip(
        "mixed",
        &[Val::Tuple(vec![Val::U8(7), s("tuple"), Val::Float64(0.5)])],
    );
    let alice = person("alice", 30, Some("al"), &["a", "b"]);
    let bob = person("bob", 255, None, &[]);
    let carol = person("carol 🦀", 0, Some(""), &["", "ü"]);
    g.roundtrip("people", &[list([])]);
    g.roundtrip(
        "people",
        &[list([alice.clone(), bob.clone(), carol.clone()])],
    );
    g.roundtrip("spill", &[scalars(1, 'q'), scalars(2, 'é')]);

    // Computed by the guest.
    let longs = [1i64, 2, -3, i64::MAX, 1];
    let sum = longs.iter().fold(0i64, |a, b| a.wrapping_add(*b));
    assert_eq!(
        g.call("sum-list", &[list(longs.map(Val::S64))]),
        Some(Val::S64(sum))
    );
    assert_eq!(g.call("sum-list", &[list([])]), Some(Val::S64(0)));
    assert_eq!(
        g.call(
            "sum-points",
            &[list([point(1, 2), point(10, 20), point(-100, 5)])]
        ),
        Some(point(-89, 27))
    );
    assert_eq!(
        g.call(
            "concat-strings",
            &[list([s("a"), s("🦀"), s("c")]), s(", ")]
        ),
        Some(s("a, 🦀, c"))
    );
    assert_eq!(g.call("concat-strings", &[list([]), s("-")]), Some(s("")));
    let all = rec(&[
        ("one", flags(FLAGS1)),
        ("five", flags(FLAGS5)),
        ("twelve", flags(FLAGS12)),
        ("thirty-two", flags(&f32_all)),
    ]);
    assert_eq!(g.call("count-flags", &[all]), Some(Val::U32(50)));
    let some_flags = rec(&[
        ("one", flags(&[])),
        ("five", flags(&["b", "d"])),
        ("twelve", flags(&["b11"])),
        ("thirty-two", flags(&["c31", "c0"])),
    ]);
    assert_eq!(g.call("count-flags", &[some_flags]), Some(Val::U32(5)));
    assert_eq!(g.call("count-chars", &[s("héllo 🦀")]), Some(Val::U32(7)));
    assert_eq!(g.call("count-chars", &[s("")]), Some(Val::U32(0)));
    assert_eq!(
        g.call("greet", std::slice::from_ref(&alice)),
        Some(s("hello, alice (al): 30 #a #b"))
    );
    assert_eq!(
        g.call("greet", std::slice::from_ref(&bob)),
        Some(s("hello, bob: 255"))
    );
    assert_eq!(
        g.call("greet", std::slice::from_ref(&carol)),
        Some(s("hello, carol 🦀 (): 0 # #ü"))
    );
    assert_eq!(
        g.call("area", &[shape("circle", Some(Val::Float64(2.0)))]),
        Some(Val::Float64(12.0))
    );
    assert_eq!(
        g.call(
            "area",
            &[shape("rectangle", Some(rect((1, 2), (4, 6), "r")))]
        ),
        Some(Val::Float64(12.0))
    );
    assert_eq!(
        g.call("area", &[shape("dot", None)]),
        Some(Val::Float64(0.0))
    );
    // The length of the name in the guest's code units.
    let units = if g.utf16 { 2.0 } else { 4.0 };
    assert_eq!(
        g.call("area", &[shape("named", Some(s("🦀")))]),
        Some(Val::Float64(units))
    );
    let people = list([alice.clone(), bob.clone(), carol.clone()]);
    assert_eq!(
        g.call("find-person", &[people.clone(), s("bob")]),
        Some(some(bob.clone()))
    );
    assert_eq!(
        g.call("find-person", &[people.clone(), s("carol 🦀")]),
        Some(some(carol))
    );
    assert_eq!(g.call("find-person", &[people, s("dave")]), Some(none()));
    match g.call("nan32", &[]) {
        Some(Val::Float32(x)) => assert!(x.is_nan()),
        other => panic!("nan32: {other:?}"),
    }
    match g.call("nan64", &[]) {
        Some(Val::Float64(x)) => assert!(x.is_nan()),
        other => panic!("nan64: {other:?}"),
    }
    assert_eq!(
        g.call("is-nan", &[Val::Float64(f64::NAN)]),
        Some(Val::Bool(true))
    );
    assert_eq!(
        g.call("is-nan", &[Val::Float64(1.0)]),
        Some(Val::Bool(false))
    );
    assert_eq!(
        g.call("divide", &[Val::S32(7), Val::S32(-2)]),
        Some(ok(Some(Val::S32(-3))))
    );
    assert_eq!(
        g.call("divide", &[Val::S32(1), Val::S32(0)]),
        Some(err(Some(s("division by zero"))))
    );
    assert_eq!(
        g.call("divide", &[Val::S32(i32::MIN), Val::S32(-1)]),
        Some(err(Some(s("overflow"))))
    );
    for (from, to) in [("red", "green"), ("green", "blue"), ("blue", "red")] {
        assert_eq!(
            g.call("next-color", &[Val::Enum(from.into())]),
            Some(Val::Enum(to.into()))
        );
    }
    assert_eq!(
        g.call("repeat", &[s("ab🦀"), Val::U32(10_000)]),
        Some(s(&"ab🦀".repeat(10_000)))
    );
    assert_eq!(g.call("repeat", &[s("x"), Val::U32(0)]), Some(s("")));

    // Instance state and the host's state.
    assert_eq!(g.call("ticks", &[]), Some(Val::U32(0)));
    assert_eq!(g.call("tick-n", &[Val::U32(5)]), None);
    assert_eq!(g.call("ticks", &[]), Some(Val::U32(5)));
    assert_eq!(g.store.data().ticks, 5);

    // The world's root export and import.
    let done = call(&mut g.store, &g.inst, "", "run", &[s("tests 🦀")]).unwrap();
    assert_eq!(done, Some(s("done tests 🦀")));
    assert_eq!(g.store.data().log, ["run tests 🦀"]);

    // Many calls in one instance: the guest's allocator and the generated
    // post-returns free what each call allocated.
    for i in 0..300u32 {
        let text = "ü🦀".repeat(i as usize % 37);
        let strings = list((0..i % 5).map(|j| s(&format!("{j}{text}"))));
        g.roundtrip("strings", &[strings]);
    }
}

#[test]
fn everything_utf8_runs_on_hoist() {
    check_everything("everything");
}

#[test]
fn everything_utf16_runs_on_hoist() {
    check_everything("everything-utf16");
}

#[test]
fn everything_guests_have_the_worlds_imports_and_exports() {
    let engine = Engine::default();
    for name in ["everything", "everything-utf16"] {
        let c = guest(&engine, name);
        assert_eq!(
            c.import_names(),
            ["hoist:everything/types", "hoist:everything/host", "log"],
            "{name}"
        );
        assert_eq!(
            c.export_names(),
            ["run", "hoist:everything/guest"],
            "{name}"
        );
    }
    let c = guest(&engine, "errors");
    assert_eq!(c.import_names(), ["hoist:errors/store"]);
    assert_eq!(c.export_names(), ["hoist:errors/client"]);
}

// ---------------------------------------------------------------------------
// `errors`
// ---------------------------------------------------------------------------

/// The host's own failure (not a WIT error value): it traps the guest and
/// comes back out of the export call as itself.
#[derive(Debug, PartialEq)]
struct StoreOnFire(String);

impl std::fmt::Display for StoreOnFire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the store is on fire ({})", self.0)
    }
}

impl std::error::Error for StoreOnFire {}

fn errors_linker(engine: &Engine) -> Result<Linker<()>> {
    let mut linker = Linker::<()>::new(engine);
    let mut store = linker.instance("hoist:errors/store")?;
    store.func_new("get", |_, params, results| {
        let [Val::String(key)] = params else {
            bail!("get: bad arguments {params:?}")
        };
        results[0] = match key.as_str() {
            "a" => ok(Some(s("apple"))),
            "missing" => err(Some(Val::Enum("not-found".into()))),
            "secret" => err(Some(Val::Enum("denied".into()))),
            _ => return Err(StoreOnFire(key.clone()).into()),
        };
        Ok(())
    })?;
    store.func_new("put", |_, params, results| {
        let [Val::String(key), Val::String(_)] = params else {
            bail!("put: bad arguments {params:?}")
        };
        results[0] = match key.as_str() {
            "slow" => err(Some(shape("timeout", Some(Val::U32(30))))),
            "bad" => err(Some(shape("message", Some(s("bad key 🦀"))))),
            "?" => err(Some(shape("unknown", None))),
            "boom" => return Err(StoreOnFire(key.clone()).into()),
            _ => ok(None),
        };
        Ok(())
    })?;
    Ok(linker)
}

fn errors_instance() -> (Store<()>, Instance) {
    let engine = Engine::default();
    let component = guest(&engine, "errors");
    let mut store = Store::new(&engine, ());
    let inst = errors_linker(&engine)
        .unwrap()
        .instantiate(&mut store, &component)
        .unwrap();
    (store, inst)
}

const CLIENT: &str = "hoist:errors/client";

#[test]
fn errors_guest_sees_wit_error_values() -> Result<()> {
    let (mut store, inst) = errors_instance();
    let mut c = |f: &str, args: &[Val]| call(&mut store, &inst, CLIENT, f, args).unwrap();
    assert_eq!(c("fetch", &[s("a")]), Some(s("ok: apple")));
    assert_eq!(c("fetch", &[s("missing")]), Some(s("err: not-found")));
    assert_eq!(c("fetch", &[s("secret")]), Some(s("err: denied")));
    assert_eq!(c("fetch-raw", &[s("a")]), Some(ok(Some(s("apple")))));
    assert_eq!(
        c("fetch-raw", &[s("secret")]),
        Some(err(Some(Val::Enum("denied".into()))))
    );
    assert_eq!(c("save", &[s("k"), s("v")]), Some(s("ok")));
    assert_eq!(c("save", &[s("slow"), s("v")]), Some(s("err: timeout 30")));
    assert_eq!(
        c("save", &[s("bad"), s("v")]),
        Some(s("err: message bad key 🦀"))
    );
    assert_eq!(c("save", &[s("?"), s("v")]), Some(s("err: unknown")));
    assert_eq!(c("save-raw", &[s("k"), s("v")]), Some(ok(None)));
    assert_eq!(
        c("save-raw", &[s("bad"), s("v")]),
        Some(err(Some(shape("message", Some(s("bad key 🦀"))))))
    );
    assert_eq!(c("calls", &[]), Some(Val::U32(11)));
    Ok(())
}

#[test]
fn errors_guest_fails_when_the_host_fails() {
    for (func, args) in [
        ("fetch", vec![s("boom")]),
        ("fetch-raw", vec![s("boom")]),
        ("save", vec![s("boom"), s("v")]),
        ("save-raw", vec![s("boom"), s("v")]),
    ] {
        let (mut store, inst) = errors_instance();
        let e = call(&mut store, &inst, CLIENT, func, &args).unwrap_err();
        // The host's error itself, for a `trappable_error_type` to recover.
        assert_eq!(
            e.downcast_ref::<StoreOnFire>(),
            Some(&StoreOnFire("boom".into())),
            "{func}: {e:#}"
        );
    }
}
