//! Deciding what a script needs: the `;;! feature = true` header lines a
//! script may open with.
//!
//! A script runs with the engine's default proposals (the WebAssembly 2.0
//! ones, SIMD included, and extended constant expressions) except
//! multi-memory, which the 2.0 scripts expect to be refused, and, on top,
//! the proposals its header turns on; one that needs a proposal hoist
//! lacks is skipped with the reason returned here, unless that proposal is
//! one whose uses the validator names ([`PER_DIRECTIVE`]): then the script
//! runs, and [`lacking_in`] tells which failures are those uses, to skip
//! them one by one. Building engines and running directives are the
//! runner's business.

use hoist::Config;

/// The proposals a header may turn on that hoist supports: those beyond
/// WebAssembly 2.0 it has, and the 2.0 ones (always on, so naming them is
/// harmless).
const SUPPORTED: &[&str] = &[
    "multi_memory",
    "extended_const",
    "simd",
    "reference_types",
    "bulk_memory",
    "multi_value",
    "sign_extension",
    "saturating_float_to_int",
    "nontrapping_float_to_int",
    "mutable_global",
    // Not a WebAssembly feature: marks scripts that use a lot of memory
    // (gigabyte strings), which hoist runs all the same.
    "hogs_memory",
];

/// Proposals hoist lacks whose uses the validator reports with these
/// messages (with the proposal off): a script asking for one still runs,
/// and only the directives that use it are skipped.
const PER_DIRECTIVE: &[(&str, &[&str])] = &[
    (
        "exceptions",
        &[
            "exceptions proposal not enabled",
            "exceptions support is not enabled",
        ],
    ),
    (
        "component_model_async",
        &[
            "requires the component model async feature",
            "require the component model async feature",
            "requires the component model async stackful feature",
            "requires the component model more async builtins feature",
        ],
    ),
];

/// How to run a script.
#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    /// Features to turn on beyond the 2.0 baseline.
    pub enabled: Vec<&'static str>,
    /// Features of [`PER_DIRECTIVE`] the script asks for.
    pub lacking: Vec<&'static str>,
}

/// Why a directive that failed with `message` is a skip: it uses one of
/// the `lacking` features (see [`PER_DIRECTIVE`]).
pub fn lacking_in(lacking: &[&str], message: &str) -> Option<String> {
    PER_DIRECTIVE
        .iter()
        .filter(|(f, _)| lacking.contains(f))
        .find(|(_, markers)| markers.iter().any(|m| message.contains(m)))
        .map(|(f, _)| format!("uses feature `{f}`, which hoist does not support"))
}

/// How to run a script with `text`, or why hoist cannot run it.
pub fn plan(text: &str) -> Result<Plan, String> {
    let mut enabled = Vec::new();
    let mut lacking = Vec::new();
    let mut missing = Vec::new();
    for f in required_features(text) {
        if let Some(s) = SUPPORTED.iter().find(|s| **s == f) {
            enabled.push(*s);
        } else if let Some((p, _)) = PER_DIRECTIVE.iter().find(|(p, _)| *p == f) {
            lacking.push(*p);
        } else {
            missing.push(f);
        }
    }
    match missing.as_slice() {
        [] => {
            enabled.sort_unstable();
            enabled.dedup();
            lacking.dedup();
            Ok(Plan { enabled, lacking })
        }
        [one] => Err(format!(
            "needs feature `{one}`, which hoist does not support"
        )),
        many => Err(format!(
            "needs features `{}`, which hoist does not support",
            many.join("`, `")
        )),
    }
}

/// `base` without multi-memory (see the module documentation), with
/// `features` (names returned by [`plan`]) turned on. Every other proposal
/// keeps `base`'s setting: scripts run with the engine's defaults.
pub fn configure(base: &Config, features: &[&str]) -> Config {
    let mut config = base.clone();
    config.wasm_multi_memory(false);
    for f in features {
        match *f {
            "multi_memory" => config.wasm_multi_memory(true),
            "extended_const" => config.wasm_extended_const(true),
            "simd" => config.wasm_simd(true),
            "reference_types" => config.wasm_reference_types(true),
            "bulk_memory" => config.wasm_bulk_memory(true),
            "multi_value" => config.wasm_multi_value(true),
            "sign_extension" => config.wasm_sign_extension(true),
            "saturating_float_to_int" | "nontrapping_float_to_int" => {
                config.wasm_saturating_float_to_int(true)
            }
            "mutable_global" => config.wasm_mutable_global(true),
            _ => &mut config,
        };
    }
    config
}

/// The features that the header lines of `text` turn on, in order.
///
/// The header is the run of `;;!` lines at the top of the file (blank lines
/// and ordinary comments may sit between them). A line reads
/// `;;! name = true`; other values turn nothing on.
pub fn required_features(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(directive) = line.strip_prefix(";;!") else {
            if line.starts_with(";;") {
                continue;
            }
            break;
        };
        let Some((name, value)) = directive.split_once('=') else {
            continue;
        };
        if value.trim() == "true" {
            out.push(name.trim());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_name_features() {
        let text = ";;! multi_memory = true\n;; a comment\n;;! gc = true\n;;! simd = false\n(module)\n;;! exceptions = true\n";
        assert_eq!(required_features(text), ["multi_memory", "gc"]);
    }

    fn enabled(names: &[&'static str]) -> Result<Plan, String> {
        Ok(Plan {
            enabled: names.to_vec(),
            lacking: Vec::new(),
        })
    }

    #[test]
    fn unsupported_features_skip_the_file() {
        assert_eq!(
            plan(";;! multi_memory = true\n(module)"),
            enabled(&["multi_memory"])
        );
        assert_eq!(plan("(module)"), enabled(&[]));
        assert_eq!(plan(";;! simd = true\n(module)"), enabled(&["simd"]));
        assert_eq!(
            plan(";;! gc = true\n(module)"),
            Err("needs feature `gc`, which hoist does not support".to_string())
        );
        assert_eq!(
            plan(";;! gc = true\n;;! exceptions = true\n(module)"),
            Err("needs feature `gc`, which hoist does not support".to_string())
        );
    }

    #[test]
    fn per_directive_features_run_the_file_and_name_their_failures() {
        let p = plan(";;! reference_types = true\n;;! exceptions = true\n(module)").unwrap();
        assert_eq!(p.enabled, ["reference_types"]);
        assert_eq!(p.lacking, ["exceptions"]);
        assert_eq!(
            lacking_in(
                &p.lacking,
                "failed: exceptions proposal not enabled (at offset 0x1d)"
            ),
            Some("uses feature `exceptions`, which hoist does not support".to_string())
        );
        assert_eq!(lacking_in(&p.lacking, "type mismatch"), None);
        assert_eq!(lacking_in(&[], "exceptions proposal not enabled"), None);
    }
}
