//! `hoist wit`, end to end: the `hoist` binary printing the WIT of a
//! component given as text, and refusing a core module, a missing file and
//! a bad command line with the documented exit codes.

use std::path::Path;
use std::process::Command;

fn hoist_wit(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hoist"))
        .arg("wit")
        .args(args)
        .output()
        .unwrap()
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
