//! Loading WIT: parsing the sources of [`Opts`] into a `wit_parser::Resolve`
//! and selecting the world to generate.
//!
//! Only parsing, world selection and the list of files read live here;
//! checking that the world uses supported features is in `errors`, and
//! nothing here produces Rust code.

use std::path::PathBuf;

use anyhow::{anyhow, bail, Result};
use wit_parser::{PackageId, Resolve, WorldId};

use crate::opts::Opts;

/// A parsed set of WIT packages with the selected world.
pub(crate) struct Loaded {
    /// Every package read, main packages and dependencies.
    pub resolve: Resolve,
    /// The world bindings are generated for.
    pub world: WorldId,
    /// Every file read from disk, for rebuild tracking.
    pub files: Vec<PathBuf>,
}

/// Parses the sources named by `opts` and selects `opts.world`.
///
/// WIT errors are rendered with their file, line and a snippet, as
/// `wit-parser` prints them.
pub(crate) fn load(opts: &Opts) -> Result<Loaded> {
    let mut resolve = Resolve::new();
    resolve.all_features = opts.all_features;
    for feature in &opts.features {
        resolve.features.insert(feature.clone());
    }
    let mut main_packages = Vec::new();
    let mut files = Vec::new();
    for path in &opts.path {
        match resolve.push_path(path) {
            Ok((pkg, sources)) => {
                main_packages.push(pkg);
                files.extend(sources.paths().map(PathBuf::from));
            }
            Err(e) => bail!(
                "invalid WIT in {}: {}",
                path.display(),
                resolve.render_error(&e)
            ),
        }
    }
    if let Some(text) = &opts.inline {
        match resolve.push_str("<inline>", text) {
            Ok(pkg) => main_packages.push(pkg),
            Err(e) => bail!("invalid inline WIT: {}", resolve.render_error(&e)),
        }
    }
    if main_packages.is_empty() {
        bail!("no WIT source given: set `path` or `inline`");
    }
    files.sort();
    files.dedup();
    let world = select_world(&resolve, &main_packages, opts.world.as_deref())?;
    Ok(Loaded {
        resolve,
        world,
        files,
    })
}

/// Wraps `Resolve::select_world`, adding the list of available worlds to
/// its error.
fn select_world(resolve: &Resolve, main: &[PackageId], world: Option<&str>) -> Result<WorldId> {
    resolve.select_world(main, world).map_err(|e| {
        let mut available: Vec<String> = main
            .iter()
            .flat_map(|pkg| {
                resolve.packages[*pkg]
                    .worlds
                    .keys()
                    .map(move |name| resolve.id_of_name(*pkg, name))
            })
            .collect();
        available.sort();
        let available = if available.is_empty() {
            "none".to_string()
        } else {
            available.join(", ")
        };
        match world {
            Some(name) => anyhow!("unknown world `{name}`: {e}; available worlds: {available}"),
            None => anyhow!("cannot pick a world: {e}; available worlds: {available}"),
        }
    })
}
