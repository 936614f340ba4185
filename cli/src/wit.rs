//! `hoist wit FILE`: prints the WIT of a component (its world, in the
//! package wit-component names for it, with the packages it uses nested
//! after it), or of a WIT package encoded as wasm. FILE may be binary or
//! text. Decoding is wit-component's; what is here is reading the file
//! and saying clearly what it is not.

use std::path::Path;

use anyhow::{bail, Context, Result};

/// The usage line of `hoist wit`.
pub const USAGE: &str = "usage: hoist wit FILE

Prints the WIT of FILE: a component's world (with the packages it uses), or a WIT
package encoded as wasm. FILE may be binary or text (.wat).";

/// The WIT text of the component or encoded WIT package `bytes`.
pub fn wit_of(bytes: &[u8]) -> Result<String> {
    if wasmparser::Parser::is_core_wasm(bytes) {
        bail!("expected a component, found a core module: a core module has no WIT");
    }
    if !wasmparser::Parser::is_component(bytes) {
        bail!("expected a component (binary or text), found neither");
    }
    let decoded = wit_component::decode(bytes).context("decoding the component's types as WIT")?;
    let resolve = decoded.resolve();
    let main = decoded.package();
    let nested: Vec<_> = resolve
        .packages
        .iter()
        .map(|(id, _)| id)
        .filter(|id| *id != main)
        .collect();
    let mut printer = wit_component::WitPrinter::default();
    printer
        .print(resolve, main, &nested)
        .context("printing the WIT")?;
    Ok(printer.output.to_string())
}

/// Reads `path` (binary, or text turned binary) and returns its WIT.
pub fn wit_of_file(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let bytes = wat::parse_bytes(&bytes)
        .with_context(|| format!("`{}` is neither wasm binary nor text", path.display()))?;
    wit_of(&bytes).with_context(|| format!("`{}`", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_component_prints_its_world_and_a_module_is_refused() {
        let component = wat::parse_str(
            r#"(component
                (import "host" (func (param "x" u32) (result string)))
                (core module $m
                  (func (export "f") (param i32 i32) (result i32) (local.get 0)))
                (core instance $i (instantiate $m))
                (func (export "add-one") (param "a" u32) (param "b" u32) (result u32)
                  (canon lift (core func $i "f"))))"#,
        )
        .unwrap();
        let wit = wit_of(&component).unwrap();
        assert!(wit.contains("world "), "{wit}");
        assert!(
            wit.contains("import host: func(x: u32) -> string;"),
            "{wit}"
        );
        assert!(
            wit.contains("export add-one: func(a: u32, b: u32) -> u32;"),
            "{wit}"
        );

        let module = wat::parse_str("(module)").unwrap();
        let e = wit_of(&module).unwrap_err().to_string();
        assert!(e.contains("found a core module"), "{e}");
        let e = wit_of(b"not wasm at all").unwrap_err().to_string();
        assert!(e.contains("expected a component"), "{e}");
    }
}
