//! WASI preview1 core modules, run as components: a module importing
//! `wasi_snapshot_preview1` is wrapped, with the official preview1
//! adapter (crate `wasi-preview1-component-adapter-provider`), into a
//! component that imports WASI 0.2, which this crate hosts. There is one
//! WASI implementation, not two.

use anyhow::{Context, Result};

/// The name of the preview1 import module.
pub const PREVIEW1: &str = "wasi_snapshot_preview1";

/// Whether `bytes` is a core module (not a component) importing
/// `wasi_snapshot_preview1`. Text and malformed input are not.
pub fn is_preview1_module(bytes: &[u8]) -> bool {
    if !wasmparser::Parser::is_core_wasm(bytes) {
        return false;
    }
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        match payload {
            Ok(wasmparser::Payload::ImportSection(imports)) => {
                for group in imports {
                    let Ok(group) = group else { return false };
                    let module = match group {
                        wasmparser::Imports::Single(_, import) => import.module,
                        wasmparser::Imports::Compact1 { module, .. } => module,
                        wasmparser::Imports::Compact2 { module, .. } => module,
                    };
                    if module == PREVIEW1 {
                        return true;
                    }
                }
            }
            Ok(wasmparser::Payload::CodeSectionStart { .. }) | Err(_) => return false,
            Ok(_) => {}
        }
    }
    false
}

/// Which adapter a module needs: a command (it exports `_start`) runs
/// once through `wasi:cli/run`; a reactor exports its functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdapterKind {
    /// `wasi:cli/command`: `_start` becomes `wasi:cli/run`.
    Command,
    /// A library: exports stay functions, with `_initialize` run first.
    Reactor,
}

/// The component of the preview1 module `module`, adapted as `kind`.
pub fn adapt(module: &[u8], kind: AdapterKind) -> Result<Vec<u8>> {
    let adapter = match kind {
        AdapterKind::Command => {
            wasi_preview1_component_adapter_provider::WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER
        }
        AdapterKind::Reactor => {
            wasi_preview1_component_adapter_provider::WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER
        }
    };
    // The adapter's `proc_exit` reports every code but 0 as 1; the module
    // calls `exit-with-code` itself where it can, so `exit(42)` stays 42.
    // (Should that fail, the module is adapted as it is.)
    let with_codes = match exit_codes_kept(module, adapter) {
        Ok(Some(m)) => encode(&m, adapter).ok(),
        _ => None,
    };
    match with_codes {
        Some(component) => Ok(component),
        None => encode(module, adapter),
    }
}

fn encode(module: &[u8], adapter: &[u8]) -> Result<Vec<u8>> {
    wit_component::ComponentEncoder::default()
        .module(module)
        .context("reading the preview1 module to adapt it into a component")?
        .adapter(PREVIEW1, adapter)
        .context("loading the preview1 adapter")?
        .validate(true)
        .encode()
        .context("adapting the preview1 module into a component")
}

/// The interface and function the import `proc_exit` is renamed to by
/// [`exit_codes_kept`]: its core signature, `(i32) -> ()`, is the same.
const EXIT_INTERFACE: &str = "wasi:cli/exit@0.2.12";
const EXIT_WITH_CODE: &str = "exit-with-code";

/// `module` with its import `wasi_snapshot_preview1.proc_exit` renamed to
/// `wasi:cli/exit@0.2.12.exit-with-code`, and the WIT of that interface
/// (taken from the adapter's) embedded for `wit-component`; `None` when
/// the module does not import `proc_exit`. (A code above 255 keeps its
/// low 8 bits, as on POSIX.)
fn exit_codes_kept(module: &[u8], adapter: &[u8]) -> Result<Option<Vec<u8>>> {
    // The sections, walked by hand for the import section's header.
    let mut at = 8;
    let (section, content) = loop {
        anyhow::ensure!(at < module.len(), "no import section");
        let start = at;
        let id = module[at];
        at += 1;
        let size = read_leb(module, &mut at)?;
        let content = at..at.checked_add(size).context("bad section size")?;
        anyhow::ensure!(content.end <= module.len(), "truncated section");
        at = content.end;
        if id == 2 {
            break (start..content.end, content);
        }
    };
    let reader = wasmparser::ImportSectionReader::new(wasmparser::BinaryReader::new(
        &module[content.clone()],
        content.start as u64,
    ))?;
    let mut offsets = Vec::new();
    let mut target = None;
    for item in reader.into_iter_with_offsets() {
        let (offset, imports) = item?;
        if let wasmparser::Imports::Single(_, import) = imports {
            if import.module == PREVIEW1 && import.name == "proc_exit" {
                target = Some(offsets.len());
            }
        }
        offsets.push(usize::try_from(offset)?);
    }
    let Some(index) = target else { return Ok(None) };
    let (start, end) = (
        offsets[index],
        offsets.get(index + 1).copied().unwrap_or(content.end),
    );
    // After the two names comes the import's type, kept as it is.
    let mut ty = start;
    for _ in 0..2 {
        ty += read_leb(module, &mut ty)?;
    }
    anyhow::ensure!(ty <= end, "bad import");
    let mut body = module[content.start..start].to_vec();
    for name in [EXIT_INTERFACE, EXIT_WITH_CODE] {
        write_leb(&mut body, name.len());
        body.extend_from_slice(name.as_bytes());
    }
    body.extend_from_slice(&module[ty..content.end]);
    let mut out = module[..section.start].to_vec();
    out.push(2);
    write_leb(&mut out, body.len());
    out.extend_from_slice(&body);
    out.extend_from_slice(&module[section.end..]);

    // The module's world: the adapter's, reduced to the exit interface.
    let (_, mut bindgen) = wit_component::metadata::decode(adapter)?;
    let resolve = &mut bindgen.resolve;
    let keep: Vec<bool> = resolve.worlds[bindgen.world]
        .imports
        .keys()
        .map(|key| resolve.name_world_key(key) == EXIT_INTERFACE)
        .collect();
    let world = &mut resolve.worlds[bindgen.world];
    let mut keep = keep.into_iter();
    world.imports.retain(|_, _| keep.next().unwrap_or(false));
    world.exports.clear();
    // Named apart from the adapter's world, which is merged with it.
    let old_name = std::mem::replace(&mut world.name, "hoist-preview1-exit".to_string());
    if let Some(package) = world.package {
        let worlds = &mut resolve.packages[package].worlds;
        worlds.shift_remove(&old_name);
        worlds.insert("hoist-preview1-exit".to_string(), bindgen.world);
    }
    wit_component::embed_component_metadata(
        &mut out,
        &bindgen.resolve,
        bindgen.world,
        wit_component::StringEncoding::UTF8,
        false,
    )?;
    Ok(Some(out))
}

fn read_leb(bytes: &[u8], at: &mut usize) -> Result<usize> {
    let mut value = 0usize;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at).context("truncated module")?;
        *at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    anyhow::bail!("bad LEB128")
}

fn write_leb(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// The adapter a module needs: a command if it exports `_start`.
pub fn kind_of(module: &[u8]) -> AdapterKind {
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        if let Ok(wasmparser::Payload::ExportSection(exports)) = payload {
            for export in exports.into_iter().flatten() {
                if export.name == "_start" {
                    return AdapterKind::Command;
                }
            }
            return AdapterKind::Reactor;
        }
    }
    AdapterKind::Reactor
}
