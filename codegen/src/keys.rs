//! Resolving the string keys of [`Opts`](crate::Opts) (`with`,
//! `trappable_error_type`, `additional_derives`) against the selected
//! world.
//!
//! A key that names nothing is an error saying which key it was and what
//! exists instead. Using the resolved tables to generate code is done
//! elsewhere (`context`, `functions`, `world`).

use std::collections::HashMap;

use anyhow::{anyhow, bail, Context as _, Result};
use proc_macro2::TokenStream;
use quote::ToTokens;
use wit_parser::{InterfaceId, Resolve, TypeId, WorldItem, WorldKey};

use crate::context::{Ctx, Trappable};

/// Fills `ctx.with`, `ctx.with_resources`, `ctx.trappable` and
/// `ctx.derives` from the options.
pub(crate) fn resolve_keys(ctx: &mut Ctx<'_>) -> Result<()> {
    let ifaces = world_interfaces(ctx.resolve, ctx.world);
    let world_name = ctx.resolve.worlds[ctx.world].name.clone();

    for (key, path) in &ctx.opts.with {
        let found = ifaces
            .iter()
            .find(|i| i.import && i.by_id && i.names.iter().any(|n| n == key));
        // `<interface>/<resource>`: the host's own Rust type for a resource.
        if found.is_none() {
            if let Some(r) = imported_resource(ctx.resolve, &ifaces, key) {
                let path = parse_path(path).with_context(|| format!("`with` value for `{key}`"))?;
                ctx.with_resources.insert(r, path);
                continue;
            }
        }
        let Some(found) = found else {
            let mut imported: Vec<&str> = ifaces
                .iter()
                .filter(|i| i.import && i.by_id)
                .map(|i| i.names[0].as_str())
                .collect();
            imported.sort();
            imported.dedup();
            bail!(
                "`with` key `{key}` names no interface imported by world {world_name} (nor a \
                 resource of one, as `interface/resource`); imported interfaces: {}",
                list(&imported)
            );
        };
        let path = parse_path(path).with_context(|| format!("`with` value for `{key}`"))?;
        ctx.with.insert(found.id, path);
    }

    let mut trappable = HashMap::new();
    for (key, path) in &ctx.opts.trappable_error_type {
        let ty = find_type(ctx.resolve, &ifaces, key, &world_name)?;
        let rust = parse_path(path)
            .with_context(|| format!("`trappable_error_type` value for `{key}`"))?;
        let wit_name = ctx.resolve.types[ty].name.clone().unwrap_or_default();
        trappable.insert(ctx.dealias(ty), Trappable { rust, wit_name });
    }
    ctx.trappable = trappable;

    let mut derives = Vec::new();
    for derive in &ctx.opts.additional_derives {
        derives.push(parse_path(derive).with_context(|| "`additional_derives` entry")?);
    }
    ctx.derives = derives;
    Ok(())
}

/// An interface reachable from the world, with the names a key may use.
struct WorldInterface {
    id: InterfaceId,
    /// Accepted spellings: `ns:pkg/iface@version`, then `ns:pkg/iface`
    /// (or the import/export name of an inline interface).
    names: Vec<String>,
    /// Imported (rather than exported).
    import: bool,
    /// Keyed by the interface's id rather than by a plain name.
    by_id: bool,
}

fn world_interfaces(resolve: &Resolve, world: wit_parser::WorldId) -> Vec<WorldInterface> {
    let world = &resolve.worlds[world];
    let imports = world.imports.iter().map(|i| (true, i));
    let exports = world.exports.iter().map(|e| (false, e));
    let mut out = Vec::new();
    for (import, (key, item)) in imports.chain(exports) {
        let WorldItem::Interface { id, .. } = item else {
            continue;
        };
        let mut names = vec![resolve.name_world_key(key)];
        if let WorldKey::Interface(_) = key {
            let iface = &resolve.interfaces[*id];
            if let (Some(pkg), Some(name)) = (iface.package, &iface.name) {
                let pkg = &resolve.packages[pkg].name;
                names.push(format!("{}:{}/{}", pkg.namespace, pkg.name, name));
            }
        }
        out.push(WorldInterface {
            id: *id,
            names,
            import,
            by_id: matches!(key, WorldKey::Interface(_)),
        });
    }
    out
}

/// The resource named by `key` (`<imported interface>/<resource>`), if it
/// names one.
fn imported_resource(resolve: &Resolve, ifaces: &[WorldInterface], key: &str) -> Option<TypeId> {
    let (iface_name, type_name) = key.rsplit_once('/')?;
    let iface = ifaces
        .iter()
        .find(|i| i.import && i.names.iter().any(|n| n == iface_name))?;
    let ty = *resolve.interfaces[iface.id].types.get(type_name)?;
    matches!(resolve.types[ty].kind, wit_parser::TypeDefKind::Resource).then_some(ty)
}

/// Finds the type named by a `trappable_error_type` key
/// (`"<interface>/<type>"`).
fn find_type(
    resolve: &Resolve,
    ifaces: &[WorldInterface],
    key: &str,
    world_name: &str,
) -> Result<TypeId> {
    let (iface_name, type_name) = key.rsplit_once('/').ok_or_else(|| {
        anyhow!("`trappable_error_type` key `{key}` must look like `ns:pkg/interface/type`")
    })?;
    let Some(iface) = ifaces
        .iter()
        .find(|i| i.names.iter().any(|n| n == iface_name))
    else {
        let mut known: Vec<&str> = ifaces.iter().map(|i| i.names[0].as_str()).collect();
        known.sort();
        known.dedup();
        bail!(
            "`trappable_error_type` key `{key}` names nothing: world {world_name} has no \
             interface `{iface_name}`; its interfaces: {}",
            list(&known)
        );
    };
    let types = &resolve.interfaces[iface.id].types;
    types.get(type_name).copied().ok_or_else(|| {
        let known: Vec<&str> = types.keys().map(String::as_str).collect();
        anyhow!(
            "`trappable_error_type` key `{key}` names nothing: interface `{iface_name}` has no \
             type `{type_name}`; its types: {}",
            list(&known)
        )
    })
}

/// Parses a user-supplied Rust path.
fn parse_path(text: &str) -> Result<TokenStream> {
    let path: syn::Path =
        syn::parse_str(text).map_err(|e| anyhow!("`{text}` is not a Rust path: {e}"))?;
    Ok(path.to_token_stream())
}

fn list(items: &[&str]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}
