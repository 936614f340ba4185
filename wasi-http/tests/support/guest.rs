//! The test guest of the serving side, made a component: the core module
//! `tests/guests/proxy.wat` with the WIT of world `wasi:http/proxy@0.2.12`
//! (hoist-wasi's and hoist-wasi-http's vendored WIT) embedded, wrapped by
//! wit-component. Shared by hoist-wasi-http's tests and hoist-cli's
//! `tests/serve.rs` (which includes this file by path).

use std::path::Path;

/// The bytes of the proxy test component (see `tests/guests/proxy.wat`
/// for what it answers).
pub fn proxy_component() -> Vec<u8> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = crate_dir.parent().expect("the crate is in the workspace");
    let http = root.join("wasi-http");
    let mut resolve = wit_parser::Resolve::default();
    resolve
        .push_dir(root.join("wasi/wit"))
        .expect("loading hoist-wasi's WIT");
    resolve
        .push_dir(http.join("wit"))
        .expect("loading hoist-wasi-http's WIT");
    let package = resolve
        .package_names
        .iter()
        .find(|(name, _)| name.namespace == "wasi" && name.name == "http")
        .map(|(_, id)| *id)
        .expect("the wasi:http package");
    let world = resolve
        .select_world(&[package], Some("proxy"))
        .expect("the world wasi:http/proxy");
    let mut module = wat::parse_file(http.join("tests/guests/proxy.wat")).expect("proxy.wat");
    wit_component::embed_component_metadata(
        &mut module,
        &resolve,
        world,
        wit_component::StringEncoding::UTF8,
        false,
    )
    .expect("embedding the WIT");
    wit_component::ComponentEncoder::default()
        .module(&module)
        .expect("reading the module")
        .validate(true)
        .encode()
        .expect("making the component")
}
