//! The developer tools of the `hoist` binary, end to end: `hoist wit`
//! printing the WIT of a component given as text, `hoist bindgen` printing
//! the bindings of a WIT file, and both refusing what they cannot take (a
//! core module, a missing file, invalid WIT, a bad command line) with the
//! documented exit codes (1: the input, 2: the command line).

use std::path::Path;
use std::process::Command;

fn hoist(command: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hoist"))
        .arg(command)
        .args(args)
        .output()
        .unwrap()
}

fn hoist_wit(args: &[&str]) -> std::process::Output {
    hoist("wit", args)
}

#[test]
fn prints_a_components_world_and_refuses_what_is_not_one() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let component = dir.join("wit-test-component.wat");
    std::fs::write(
        &component,
        r#"(component
             (import "log" (func (param "msg" string)))
             (core module $m (func (export "f") (param i32 i32) (result i32) (local.get 0)))
             (core instance $i (instantiate $m))
             (func (export "dist") (param "a" s32) (param "b" s32) (result s32)
               (canon lift (core func $i "f"))))"#,
    )
    .unwrap();
    let out = hoist_wit(&[component.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("import log: func(msg: string);"), "{text}");
    assert!(
        text.contains("export dist: func(a: s32, b: s32) -> s32;"),
        "{text}"
    );

    let module = dir.join("wit-test-module.wat");
    std::fs::write(&module, "(module)").unwrap();
    let out = hoist_wit(&[module.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("found a core module"));

    let out = hoist_wit(&["no-such-file.wasm"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read `no-such-file.wasm`"));

    assert_eq!(hoist_wit(&[]).status.code(), Some(2));
    assert_eq!(hoist_wit(&["a", "b"]).status.code(), Some(2));
}

#[test]
fn bindgen_prints_the_macros_bindings_and_refuses_bad_wit() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let wit = dir.join("dev-tools-bindgen.wit");
    std::fs::write(
        &wit,
        "package demo:app;\n\
         interface greet { greet: func(name: string) -> string; }\n\
         world host-side { import greet; export run: func() -> u32; }\n\
         world other { export stop: func(); }\n",
    )
    .unwrap();
    let path = wit.to_str().unwrap();
    let out = hoist("bindgen", &[path, "--world", "host-side", "--async"]);
    let code = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(code.contains("pub struct HostSide"), "{code}");
    assert!(code.contains("pub mod greet"), "{code}");
    assert!(code.contains("async fn call_run"), "{code}");
    // Two worlds: which one must be said, and the error says so.
    let out = hoist("bindgen", &[path]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("world"), "{stderr}");

    let bad = dir.join("dev-tools-bad.wit");
    std::fs::write(
        &bad,
        "package demo:bad;\nworld w { import f: func(x: nope); }\n",
    )
    .unwrap();
    let out = hoist("bindgen", &[bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));

    assert_eq!(hoist("bindgen", &[]).status.code(), Some(2));
    assert_eq!(
        hoist("bindgen", &[path, "--ownership", "x"]).status.code(),
        Some(2)
    );
}
