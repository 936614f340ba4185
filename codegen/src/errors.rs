//! Rejecting WIT the generator does not support yet, with messages that
//! name the interface and item responsible.
//!
//! Async (`future`, `stream`, `error-context`, `async func`), `map` and
//! fixed-length lists are reported here before any code is generated. Errors about bad WIT
//! (from `wit-parser`) are rendered in `source`, and errors about option
//! keys in `keys`. Type names that would collide with generated items
//! (`Host`, `Guest`, the world struct) are rejected here too.

use anyhow::{bail, Result};
use wit_parser::{Function, FunctionKind, Resolve, Type, TypeDefKind, TypeId, WorldItem, WorldKey};

/// What makes a type or function unsupported.
enum Unsupported {
    /// An async construct (`future`, `stream`, `error-context`).
    Async(&'static str),
    /// A `map<K, V>`.
    Map,
    /// A `list<T, N>`.
    FixedList,
}

/// Checks that everything the world imports and exports can be generated.
pub(crate) fn check_world(resolve: &Resolve, world_id: wit_parser::WorldId) -> Result<()> {
    check_features(resolve, world_id)?;
    check_names(resolve, world_id)
}

/// Rejects WIT type names that would collide with the items generated
/// next to them (`Host`, `Guest`, the world struct and its imports trait).
fn check_names(resolve: &Resolve, world_id: wit_parser::WorldId) -> Result<()> {
    let world = &resolve.worlds[world_id];
    let world_struct = crate::names::upper_camel(&world.name);
    let reserved_root = [world_struct.clone(), format!("{world_struct}Imports")];
    for (key, item) in world.imports.iter().chain(world.exports.iter()) {
        match item {
            WorldItem::Interface { id, .. } => {
                for name in resolve.interfaces[*id].types.keys() {
                    let rust = crate::names::upper_camel(name);
                    if rust == "Host" || rust == "Guest" {
                        bail!(
                            "type `{name}` of interface {} would collide with the generated \
                             `{rust}` item; rename it in the WIT",
                            resolve.name_world_key(key)
                        );
                    }
                }
            }
            WorldItem::Type { id, .. } => {
                let name = resolve.types[*id].name.clone().unwrap_or_default();
                let rust = crate::names::upper_camel(&name);
                if reserved_root.contains(&rust) {
                    bail!(
                        "type `{name}` of world {} would collide with the generated `{rust}` \
                         item; rename it in the WIT",
                        world.name
                    );
                }
            }
            WorldItem::Function(_) => {}
        }
    }
    Ok(())
}

/// Rejects the features the generator does not support yet.
fn check_features(resolve: &Resolve, world_id: wit_parser::WorldId) -> Result<()> {
    let world = &resolve.worlds[world_id];
    let items = world
        .imports
        .iter()
        .map(|item| ("import", item))
        .chain(world.exports.iter().map(|item| ("export", item)));
    for (direction, (key, item)) in items {
        match item {
            WorldItem::Interface { id, .. } => {
                let iface = &resolve.interfaces[*id];
                let what = match resolve.id_of(*id) {
                    Some(name) => format!("interface {name}"),
                    None => format!(
                        "interface `{}` ({direction}ed by world {})",
                        resolve.name_world_key(key),
                        world.name
                    ),
                };
                for (name, ty) in &iface.types {
                    if let Some(reason) = check_def(resolve, *ty) {
                        bail!(message(&what, &format!("type {name}"), reason));
                    }
                }
                for func in iface.functions.values() {
                    check_function(resolve, &what, func)?;
                }
            }
            WorldItem::Function(func) => {
                check_function(resolve, &format!("world {}", world.name), func)?;
            }
            WorldItem::Type { id, .. } => {
                if let Some(reason) = check_def(resolve, *id) {
                    let name = match key {
                        WorldKey::Name(name) => name.clone(),
                        WorldKey::Interface(_) => resolve.name_world_key(key),
                    };
                    bail!(message(
                        &format!("world {}", world.name),
                        &format!("type {name}"),
                        reason
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Checks one function's kind, parameters and result.
fn check_function(resolve: &Resolve, what: &str, func: &Function) -> Result<()> {
    let item = format!("function {}", func.name);
    if func.kind.is_async() {
        bail!("async is not supported yet: {what} has async {item}");
    }
    if !matches!(
        func.kind,
        FunctionKind::Freestanding
            | FunctionKind::Constructor(_)
            | FunctionKind::Method(_)
            | FunctionKind::Static(_)
    ) {
        bail!("this kind of function is not supported yet: {what} has {item}");
    }
    let types = func.params.iter().map(|p| &p.ty).chain(func.result.iter());
    for ty in types {
        if let Some(reason) = check_type(resolve, ty) {
            bail!(message(what, &item, reason));
        }
    }
    Ok(())
}

/// Formats the message for `reason` found in `item` of `what`.
fn message(what: &str, item: &str, reason: Unsupported) -> String {
    match reason {
        Unsupported::Async(kind) => {
            format!("async is not supported yet: {what} uses {kind} (in {item})")
        }
        Unsupported::Map => {
            format!("map types are not supported yet: {what} uses a map (in {item})")
        }
        Unsupported::FixedList => format!(
            "fixed-length lists are not supported yet: {what} uses a fixed-length list (in {item})"
        ),
    }
}

/// The first unsupported construct inside `ty`, if any.
fn check_type(resolve: &Resolve, ty: &Type) -> Option<Unsupported> {
    match ty {
        Type::ErrorContext => Some(Unsupported::Async("error-context")),
        Type::Id(id) => check_def(resolve, *id),
        _ => None,
    }
}

/// The first unsupported construct inside the definition `id`, if any.
fn check_def(resolve: &Resolve, id: TypeId) -> Option<Unsupported> {
    let def = &resolve.types[id];
    let inner = |types: &mut dyn Iterator<Item = &Type>| {
        let mut found = None;
        for t in types {
            found = check_type(resolve, t);
            if found.is_some() {
                break;
            }
        }
        found
    };
    match &def.kind {
        TypeDefKind::Resource | TypeDefKind::Handle(_) => None,
        TypeDefKind::Future(_) => Some(Unsupported::Async("future")),
        TypeDefKind::Stream(_) => Some(Unsupported::Async("stream")),
        TypeDefKind::Map(_, _) => Some(Unsupported::Map),
        TypeDefKind::FixedLengthList(_, _) => Some(Unsupported::FixedList),
        TypeDefKind::Record(r) => inner(&mut r.fields.iter().map(|f| &f.ty)),
        TypeDefKind::Variant(v) => inner(&mut v.cases.iter().flat_map(|c| c.ty.as_ref())),
        TypeDefKind::Tuple(t) => inner(&mut t.types.iter()),
        TypeDefKind::Option(t) | TypeDefKind::List(t) | TypeDefKind::Type(t) => {
            check_type(resolve, t)
        }
        TypeDefKind::Result(r) => inner(&mut r.ok.iter().chain(r.err.iter())),
        // `Unknown` only exists in unresolved packages.
        TypeDefKind::Flags(_) | TypeDefKind::Enum(_) | TypeDefKind::Unknown => None,
    }
}
