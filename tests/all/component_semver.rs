//! Semver matching of versioned import names by the component `Linker`,
//! end to end with guests written in the text format: an import
//! `ns:pkg/iface@X.Y.Z` is served by the definition of its exact name, else
//! by the newest semver-compatible one (same major from 1.0.0 on, same
//! minor below it, `0.0.z` and pre-releases exact only), in either
//! direction (an import newer than the definition matches too); at the
//! root and in nested instances, for functions as for instances; through
//! `instantiate_pre`; with clear errors naming the import and the versions
//! the linker has; and `define_unknown_imports_as_traps` stubs only what
//! the compatible definition lacks.

use anyhow::Result;
use hoist::component::{Component, Linker};
use hoist::{Engine, Store};

/// A component importing instance `name` with `get: func() -> u32`, and
/// exporting `run`, which returns what `get` returns.
fn importing(name: &str) -> String {
    format!(
        r#"(component
  (import "{name}" (instance $i (export "get" (func (result u32)))))
  (core func $get (canon lower (func $i "get")))
  (core module $m (import "" "get" (func $get (result i32)))
    (func (export "run") (result i32) call $get))
  (core instance $ci (instantiate $m (with "" (instance (export "get" (func $get))))))
  (func (export "run") (result u32) (canon lift (core func $ci "run"))))"#
    )
}

/// A linker defining, for each `(name, value)`, instance `name` whose `get`
/// returns `value`.
fn linker_with(engine: &Engine, defs: &[(&str, u32)]) -> Linker<()> {
    let mut linker = Linker::new(engine);
    for &(name, value) in defs {
        linker
            .instance(name)
            .unwrap()
            .func_wrap("get", move |_, (): ()| Ok((value,)))
            .unwrap();
    }
    linker
}

/// Instantiates `component` with `linker` and returns what `run` returns.
fn run(linker: &Linker<()>, component: &Component) -> Result<u32> {
    let mut store = Store::new(linker.engine(), ());
    let instance = linker.instantiate(&mut store, component)?;
    let run = instance.get_typed_func::<(), (u32,)>(&mut store, "run")?;
    let (v,) = run.call(&mut store, ())?;
    run.post_return(&mut store)?;
    Ok(v)
}

/// What `run` returns when a component importing `import` is linked
/// against instances `defs`; the link error (`{:#}`) if it fails.
fn run_import(import: &str, defs: &[(&str, u32)]) -> Result<u32, String> {
    let engine = Engine::default();
    let component = Component::new(&engine, importing(import)).unwrap();
    let linker = linker_with(&engine, defs);
    run(&linker, &component).map_err(|e| format!("{e:#}"))
}

#[track_caller]
fn assert_link_error(import: &str, defs: &[(&str, u32)], expected: &[&str]) {
    let err = match run_import(import, defs) {
        Ok(v) => panic!("`{import}` linked against {defs:?} (and returned {v})"),
        Err(e) => e,
    };
    for part in expected {
        assert!(err.contains(part), "expected `{part}` in: {err}");
    }
}

#[test]
fn an_import_at_0_2_0_runs_the_host_instance_at_0_2_12() {
    assert_eq!(
        run_import("wasi:io/streams@0.2.0", &[("wasi:io/streams@0.2.12", 12)]),
        Ok(12)
    );
}

#[test]
fn an_import_newer_than_the_definition_matches_on_the_same_minor() {
    assert_eq!(
        run_import("wasi:io/streams@0.2.12", &[("wasi:io/streams@0.2.0", 20)]),
        Ok(20)
    );
}

#[test]
fn versions_from_1_0_0_match_within_the_major() {
    assert_eq!(
        run_import("test:x/api@1.0.0", &[("test:x/api@1.3.0", 130)]),
        Ok(130)
    );
    assert_eq!(
        run_import("test:x/api@1.3.0", &[("test:x/api@1.0.0", 100)]),
        Ok(100)
    );
}

#[test]
fn another_major_does_not_match_and_the_error_lists_the_versions() {
    assert_link_error(
        "test:x/api@1.0.0",
        &[("test:x/api@2.1.0", 210), ("test:x/api@2.0.0", 200)],
        &[
            "import `test:x/api@1.0.0` was not found in the linker",
            "the linker defines `test:x/api` only at `@2.0.0`, `@2.1.0`, none semver-compatible",
        ],
    );
    assert_link_error(
        "test:x/api@2.0.0",
        &[("test:x/api@1.0.0", 100)],
        &[
            "import `test:x/api@2.0.0` was not found in the linker",
            "only at `@1.0.0`",
        ],
    );
}

#[test]
fn another_minor_below_1_0_0_does_not_match() {
    assert_link_error(
        "test:x/api@0.2.0",
        &[("test:x/api@0.3.0", 30), ("test:x/api@0.1.9", 19)],
        &[
            "import `test:x/api@0.2.0` was not found in the linker",
            "only at `@0.1.9`, `@0.3.0`",
        ],
    );
}

#[test]
fn versions_0_0_z_and_pre_releases_match_only_themselves() {
    assert_link_error(
        "test:x/api@0.0.1",
        &[("test:x/api@0.0.2", 2)],
        &[
            "import `test:x/api@0.0.1` was not found",
            "only at `@0.0.2`",
        ],
    );
    assert_eq!(
        run_import(
            "test:x/api@0.0.1",
            &[("test:x/api@0.0.1", 1), ("test:x/api@0.0.2", 2)]
        ),
        Ok(1)
    );
    assert_link_error(
        "test:x/api@1.0.0-rc.1",
        &[("test:x/api@1.0.0", 100)],
        &["import `test:x/api@1.0.0-rc.1` was not found"],
    );
    assert_link_error(
        "test:x/api@1.0.0",
        &[("test:x/api@1.0.0-rc.1", 99)],
        &["import `test:x/api@1.0.0` was not found"],
    );
}

#[test]
fn names_without_a_version_match_only_themselves() {
    assert_link_error(
        "test:x/api",
        &[("test:x/api@1.0.0", 100)],
        &[
            "import `test:x/api` was not found in the linker",
            "only at `@1.0.0`",
        ],
    );
    assert_link_error(
        "test:x/api@1.0.0",
        &[("test:x/api", 1)],
        &["import `test:x/api@1.0.0` was not found in the linker"],
    );
    // Another interface of the same package is not a version of this one.
    assert_link_error(
        "test:x/api@1.0.0",
        &[("test:x/api2@1.0.0", 1)],
        &["import `test:x/api@1.0.0` was not found in the linker: expected an instance exporting `get`"],
    );
}

#[test]
fn the_exact_version_wins_over_a_newer_compatible_one() {
    let defs = [("test:x/api@1.3.0", 130), ("test:x/api@1.0.0", 100)];
    assert_eq!(run_import("test:x/api@1.0.0", &defs), Ok(100));
    assert_eq!(run_import("test:x/api@1.3.0", &defs), Ok(130));
    let defs = [("wasi:io/streams@0.2.0", 0), ("wasi:io/streams@0.2.12", 12)];
    assert_eq!(run_import("wasi:io/streams@0.2.0", &defs), Ok(0));
}

#[test]
fn the_newest_compatible_version_is_picked_among_several() {
    // Numerically newest (`0.2.12` > `0.2.5`, which is not how the strings
    // sort), on the import's line only.
    let defs = [
        ("test:x/api@0.2.3", 3),
        ("test:x/api@0.2.12", 12),
        ("test:x/api@0.2.5", 5),
        ("test:x/api@0.3.0", 30),
        ("test:x/api@1.9.0", 190),
        ("test:x/api@1.10.2", 1102),
        ("test:x/api@1.2.0", 120),
        ("test:x/api@2.0.0", 200),
    ];
    assert_eq!(run_import("test:x/api@0.2.0", &defs), Ok(12));
    assert_eq!(run_import("test:x/api@0.2.4", &defs), Ok(12));
    assert_eq!(run_import("test:x/api@0.3.7", &defs), Ok(30));
    assert_eq!(run_import("test:x/api@1.0.0", &defs), Ok(1102));
    assert_eq!(run_import("test:x/api@1.99.0", &defs), Ok(1102));
}

#[test]
fn root_functions_and_nested_instances_match_by_version_too() {
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
  (import "test:x/f@1.0.0" (func $f (result u32)))
  (import "test:x/outer@0.2.0" (instance $outer
    (export "test:x/inner@1.1.0" (instance
      (export "g" (func (result u32)))))))
  (alias export $outer "test:x/inner@1.1.0" (instance $inner))
  (core func $f' (canon lower (func $f)))
  (core func $g' (canon lower (func $inner "g")))
  (core module $m
    (import "" "f" (func $f (result i32)))
    (import "" "g" (func $g (result i32)))
    (func (export "run") (result i32) call $f i32.const 1000 i32.mul call $g i32.add))
  (core instance $ci (instantiate $m (with "" (instance
    (export "f" (func $f')) (export "g" (func $g'))))))
  (func (export "run") (result u32) (canon lift (core func $ci "run"))))"#,
    )
    .unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .func_wrap("test:x/f@1.4.0", |_, (): ()| Ok((7u32,)))
        .unwrap();
    linker
        .instance("test:x/outer@0.2.9")
        .unwrap()
        .instance("test:x/inner@1.0.3")
        .unwrap()
        .func_wrap("g", |_, (): ()| Ok((3u32,)))
        .unwrap();
    // Resolved once by `instantiate_pre`, instantiated twice.
    let pre = linker.instantiate_pre(&component).unwrap();
    let mut store = Store::new(&engine, ());
    for _ in 0..2 {
        let instance = pre.instantiate(&mut store).unwrap();
        let run = instance
            .get_typed_func::<(), (u32,)>(&mut store, "run")
            .unwrap();
        assert_eq!(run.call(&mut store, ()).unwrap(), (7003,));
        run.post_return(&mut store).unwrap();
    }

    // A nested instance on another major is not found, and says so.
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .func_wrap("test:x/f@1.4.0", |_, (): ()| Ok((7u32,)))
        .unwrap();
    linker
        .instance("test:x/outer@0.2.9")
        .unwrap()
        .instance("test:x/inner@2.0.0")
        .unwrap()
        .func_wrap("g", |_, (): ()| Ok((3u32,)))
        .unwrap();
    let err = format!("{:#}", linker.instantiate_pre(&component).err().unwrap());
    assert!(
        err.contains("import `test:x/outer@0.2.0/test:x/inner@1.1.0` was not found in the linker"),
        "{err}"
    );
    assert!(err.contains("only at `@2.0.0`"), "{err}");
}

#[test]
fn a_compatible_definition_is_still_type_checked() {
    let engine = Engine::default();
    let component = Component::new(&engine, importing("test:x/api@1.0.0")).unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker
        .instance("test:x/api@1.2.0")
        .unwrap()
        .func_wrap("get", |_, (): ()| Ok(("no".to_string(),)))
        .unwrap();
    let err = format!("{:#}", linker.instantiate_pre(&component).err().unwrap());
    assert!(
        err.contains("type mismatch for import `test:x/api@1.0.0/get`"),
        "{err}"
    );
    // A compatible definition lacking a function the import needs.
    let mut linker = Linker::<()>::new(&engine);
    linker.instance("test:x/api@1.2.0").unwrap();
    let err = format!("{:#}", linker.instantiate_pre(&component).err().unwrap());
    assert!(
        err.contains("import `test:x/api@1.0.0/get` was not found in the linker"),
        "{err}"
    );
}

/// A component importing instance `name` with `get` and `other`, exporting
/// `run` (calls `get`) and `call-other`.
fn importing_two(name: &str) -> String {
    format!(
        r#"(component
  (import "{name}" (instance $i
    (export "get" (func (result u32)))
    (export "other" (func (result u32)))))
  (core func $get (canon lower (func $i "get")))
  (core func $other (canon lower (func $i "other")))
  (core module $m
    (import "" "get" (func $get (result i32)))
    (import "" "other" (func $other (result i32)))
    (func (export "run") (result i32) call $get)
    (func (export "call-other") (result i32) call $other))
  (core instance $ci (instantiate $m (with "" (instance
    (export "get" (func $get)) (export "other" (func $other))))))
  (func (export "run") (result u32) (canon lift (core func $ci "run")))
  (func (export "call-other") (result u32) (canon lift (core func $ci "call-other"))))"#
    )
}

#[test]
fn stubs_fill_in_only_what_the_compatible_definition_lacks() {
    let engine = Engine::default();
    let component = Component::new(&engine, importing_two("wasi:io/streams@0.2.0")).unwrap();
    let mut linker = linker_with(&engine, &[("wasi:io/streams@0.2.12", 12)]);
    linker.define_unknown_imports_as_traps(&component).unwrap();
    // `get` is still the host's.
    assert_eq!(run(&linker, &component).unwrap(), 12);
    // `other` was stubbed; calling it fails naming the import.
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let other = instance
        .get_typed_func::<(), (u32,)>(&mut store, "call-other")
        .unwrap();
    let err = format!("{:#}", other.call(&mut store, ()).unwrap_err());
    assert!(
        err.contains("import `wasi:io/streams@0.2.0#other` was not defined by the host"),
        "{err}"
    );
}
