//! A core module of the `wasi:http/proxy@0.2.12` world made a component:
//! the WIT of that world (hoist-wasi's and hoist-wasi-http's vendored
//! WIT) embedded in the module and wrapped by wit-component. Shared by
//! the serving tests (through `serving.rs`) and the `hoist serve`
//! benchmark's `proxy-component` tool, which include this file by path.

use std::path::Path;

use anyhow::{Context, Result};

/// The component of the core module in `module` (binary or text), with
/// the vendored WIT of the workspace at `root`.
pub fn proxy_component(root: &Path, module: &Path) -> Result<Vec<u8>> {
    let mut resolve = wit_parser::Resolve::default();
    resolve
        .push_dir(root.join("wasi/wit"))
        .context("loading hoist-wasi's WIT")?;
    resolve
        .push_dir(root.join("wasi-http/wit"))
        .context("loading hoist-wasi-http's WIT")?;
    let package = resolve
        .package_names
        .iter()
        .find(|(name, _)| name.namespace == "wasi" && name.name == "http")
        .map(|(_, id)| *id)
        .context("the wasi:http package")?;
    let world = resolve
        .select_world(&[package], Some("proxy"))
        .context("the world wasi:http/proxy")?;
    let mut module =
        wat::parse_file(module).with_context(|| format!("reading `{}`", module.display()))?;
    wit_component::embed_component_metadata(
        &mut module,
        &resolve,
        world,
        wit_component::StringEncoding::UTF8,
        false,
    )
    .context("embedding the WIT")?;
    wit_component::ComponentEncoder::default()
        .module(&module)
        .context("reading the module")?
        .validate(true)
        .encode()
        .context("making the component")
}
