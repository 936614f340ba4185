//! `proxy-component IN.wat OUT.wasm`: makes the core module `IN.wat` a
//! component of the `wasi:http/proxy@0.2.12` world (the `hoist serve`
//! benchmark's handlers, `benches/serve/`), as the serving tests make
//! theirs.

#[path = "../../../wasi-http/tests/support/component.rs"]
mod component;

use std::path::Path;

use anyhow::{bail, Context, Result};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = &args[..] else {
        bail!("usage: proxy-component IN.wat OUT.wasm");
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("the benches crate is in the workspace")?;
    let bytes = component::proxy_component(root, Path::new(input))?;
    std::fs::write(output, bytes).with_context(|| format!("writing `{output}`"))
}
