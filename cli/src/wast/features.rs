//! Deciding what a script runs with: the feature set it starts from and
//! the `;;! feature = true|false` header lines that change it.
//!
//! A script starts from the engine's defaults (the runner's base
//! [`Config`]: by default the WebAssembly 2.0 proposals, SIMD included,
//! plus multi-memory and extended constant expressions), and its header
//! turns supported proposals on or off from there. One set of scripts
//! starts elsewhere, chosen by where they live rather than by what they
//! say: the WebAssembly 2.0 spec suite (`<suite>/core`, see
//! [`Baseline::Wasm2`]) carries no headers, yet asserts that modules with
//! two memories are invalid (`memory.wast`, `imports.wast`) and that a
//! memory index written as a long LEB128 zero is malformed (`binary.wast`),
//! which holds only with multi-memory off. Its scripts start from the 2.0
//! set instead: the base with every proposal beyond 2.0 turned off.
//!
//! A script that needs a proposal hoist lacks is skipped with the reason
//! returned here, unless that proposal is one whose uses the validator
//! names ([`PER_DIRECTIVE`]): then the script runs, and [`lacking_in`]
//! tells which failures are those uses, to skip them one by one. Building
//! engines and running directives are the runner's business.

use hoist::Config;

/// The proposals a header may turn on or off that hoist supports: those
/// beyond WebAssembly 2.0 it has, and the 2.0 ones.
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

/// The feature set a script starts from, before its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Baseline {
    /// The engine's defaults: the runner's base configuration as given.
    Defaults,
    /// WebAssembly 2.0: the base configuration with the proposals beyond
    /// 2.0 that hoist has (multi-memory, extended constant expressions)
    /// turned off. For the 2.0 spec suite, whose scripts expect them
    /// refused and say so in no header (see the module documentation).
    Wasm2,
}

/// How to run a script.
#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    /// Features the header turns on, sorted.
    pub enabled: Vec<&'static str>,
    /// Features the header turns off, sorted.
    pub disabled: Vec<&'static str>,
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
///
/// Turning off a proposal hoist lacks is no reason to skip: it is off.
pub fn plan(text: &str) -> Result<Plan, String> {
    let mut enabled = Vec::new();
    let mut disabled = Vec::new();
    let mut lacking = Vec::new();
    let mut missing = Vec::new();
    for (f, on) in header(text) {
        let supported = SUPPORTED.iter().find(|s| **s == f);
        match (supported, on) {
            (Some(s), true) => enabled.push(*s),
            (Some(s), false) => disabled.push(*s),
            (None, false) => {}
            (None, true) => match PER_DIRECTIVE.iter().find(|(p, _)| *p == f) {
                Some((p, _)) => lacking.push(*p),
                None => missing.push(f),
            },
        }
    }
    match missing.as_slice() {
        [] => {
            for list in [&mut enabled, &mut disabled, &mut lacking] {
                list.sort_unstable();
                list.dedup();
            }
            Ok(Plan {
                enabled,
                disabled,
                lacking,
            })
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

/// `base` at `baseline`, then with `enabled` turned on and `disabled`
/// turned off (names returned by [`plan`]). Every other setting keeps
/// `base`'s value.
pub fn configure(base: &Config, baseline: Baseline, enabled: &[&str], disabled: &[&str]) -> Config {
    let mut config = base.clone();
    if baseline == Baseline::Wasm2 {
        config.wasm_multi_memory(false).wasm_extended_const(false);
    }
    let changes = enabled
        .iter()
        .map(|f| (*f, true))
        .chain(disabled.iter().map(|f| (*f, false)));
    for (f, on) in changes {
        match f {
            "multi_memory" => config.wasm_multi_memory(on),
            "extended_const" => config.wasm_extended_const(on),
            "simd" => config.wasm_simd(on),
            "reference_types" => config.wasm_reference_types(on),
            "bulk_memory" => config.wasm_bulk_memory(on),
            "multi_value" => config.wasm_multi_value(on),
            "sign_extension" => config.wasm_sign_extension(on),
            "saturating_float_to_int" | "nontrapping_float_to_int" => {
                config.wasm_saturating_float_to_int(on)
            }
            "mutable_global" => config.wasm_mutable_global(on),
            _ => &mut config,
        };
    }
    config
}

/// The features that the header lines of `text` turn on (`true`) or off
/// (`false`), in order.
///
/// The header is the run of `;;!` lines at the top of the file (blank lines
/// and ordinary comments may sit between them). A line reads
/// `;;! name = true` or `;;! name = false`; other values change nothing.
pub fn header(text: &str) -> Vec<(&str, bool)> {
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
        match value.trim() {
            "true" => out.push((name.trim(), true)),
            "false" => out.push((name.trim(), false)),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_turn_features_on_and_off() {
        let text = ";;! multi_memory = true\n;; a comment\n;;! gc = true\n;;! simd = false\n;;! x = maybe\n(module)\n;;! exceptions = true\n";
        assert_eq!(
            header(text),
            [("multi_memory", true), ("gc", true), ("simd", false)]
        );
    }

    fn enabled(names: &[&'static str]) -> Result<Plan, String> {
        Ok(Plan {
            enabled: names.to_vec(),
            disabled: Vec::new(),
            lacking: Vec::new(),
        })
    }

    #[test]
    fn a_header_turns_supported_features_off_and_ignores_others_off() {
        let p =
            plan(";;! simd = false\n;;! multi_memory = false\n;;! gc = false\n(module)").unwrap();
        assert_eq!(p.enabled, Vec::<&str>::new());
        assert_eq!(p.disabled, ["multi_memory", "simd"]);
    }

    /// Whether an engine of `config` accepts a module with two memories.
    fn accepts_two_memories(config: &Config) -> bool {
        let engine = hoist::Engine::new(config).unwrap();
        hoist::Module::new(&engine, "(module (memory 0) (memory 0))").is_ok()
    }

    #[test]
    fn scripts_start_from_the_engine_defaults_or_from_2_0() {
        let base = Config::default();
        assert!(accepts_two_memories(&configure(
            &base,
            Baseline::Defaults,
            &[],
            &[]
        )));
        assert!(!accepts_two_memories(&configure(
            &base,
            Baseline::Wasm2,
            &[],
            &[]
        )));
        assert!(!accepts_two_memories(&configure(
            &base,
            Baseline::Defaults,
            &[],
            &["multi_memory"]
        )));
        assert!(accepts_two_memories(&configure(
            &base,
            Baseline::Wasm2,
            &["multi_memory"],
            &[]
        )));
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
