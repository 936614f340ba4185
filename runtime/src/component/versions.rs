//! Semver matching of versioned interface names (`ns:pkg/iface@1.2.3`) for
//! the [`Linker`](super::Linker)'s lookups: which of the names a linker
//! defines serves an import's name. What the definitions are, and the type
//! checks of a match, are the linker's business, not this file's.
//!
//! Each versioned name is on a *track*: its name with the version cut to
//! what semver calls compatible (the Explainer's canonical version):
//!
//! - `a:b/c@1.2.3` is on `a:b/c@1` (major ≥ 1: the same major);
//! - `a:b/c@0.2.3` is on `a:b/c@0.2` (major 0, minor ≥ 1: the same minor);
//! - `a:b/c@0.0.3`, and a pre-release such as `a:b/c@1.0.0-rc.1`, is on no
//!   track: it matches only itself;
//! - a canonical name (`a:b/c@1`, `a:b/c@0.2`) is on its own track, as
//!   version `1.0.0` (`0.2.0`).
//!
//! An import is served by the definition of its exact name if there is one,
//! else by the newest definition on its track. The match goes both ways: an
//! import `@0.2.12` is served by a definition `@0.2.0` too (the type check
//! then decides whether what the import needs is there).

use semver::Version;

/// The track of `name` and the version `name` has on it, or `None` when
/// `name` matches only itself (no version, `0.0.z`, a pre-release, or a
/// version that is not semver).
pub(crate) fn track(name: &str) -> Option<(&str, Version)> {
    let at = name.find('@')?;
    let v = &name[at + 1..];
    let Ok(version) = Version::parse(v) else {
        // A canonical version is its own track.
        return Some((name, canonical(v)?));
    };
    if !version.pre.is_empty() {
        return None;
    }
    let first_dot = v.find('.')?;
    let cut = if version.major != 0 {
        first_dot
    } else if version.minor != 0 {
        first_dot + 1 + v[first_dot + 1..].find('.')?
    } else {
        return None;
    };
    Some((&name[..at + 1 + cut], version))
}

/// The version of canonical version `v` (`N` with N ≥ 1, or `0.N` with
/// N ≥ 1), or `None` if `v` is not one.
fn canonical(v: &str) -> Option<Version> {
    let number = |s: &str| -> Option<u64> {
        let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if digits && !s.starts_with('0') {
            s.parse().ok()
        } else {
            None
        }
    };
    match v.split_once('.') {
        None => Some(Version::new(number(v)?, 0, 0)),
        Some(("0", minor)) => Some(Version::new(0, number(minor)?, 0)),
        Some(_) => None,
    }
}

/// The newest of `defined` on the track of `name` (see the file's doc), or
/// `None` if `name` is on no track or none of `defined` is on it. Whether
/// `name` itself is defined is for the caller to check first.
pub(crate) fn newest_compatible<'a>(
    name: &str,
    defined: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let (want, _) = track(name)?;
    defined
        .into_iter()
        .filter_map(|d| {
            let (t, version) = track(d)?;
            (t == want).then_some((version, d))
        })
        // Ties (versions that differ only in build metadata compare by it)
        // are broken by the name, so the choice never depends on the order.
        .max()
        .map(|(_, d)| d)
}

/// For the message when no definition serves import `name`: the versions
/// of the other names in `defined` for `name`'s interface (the same name
/// before the `@`), oldest first; empty when there are none.
pub(crate) fn other_versions<'a>(
    name: &str,
    defined: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let base = name.split_once('@').map_or(name, |(base, _)| base);
    let mut found: Vec<(Option<Version>, &str)> = defined
        .into_iter()
        .filter_map(|d| {
            let (b, v) = d.split_once('@')?;
            let version = Version::parse(v).ok().or_else(|| canonical(v));
            (b == base && d != name).then_some((version, v))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, v)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::{newest_compatible, other_versions, track};

    fn track_of(name: &str) -> Option<&str> {
        track(name).map(|(t, _)| t)
    }

    #[test]
    fn tracks_cut_the_version_to_what_semver_calls_compatible() {
        assert_eq!(track_of("f"), None);
        assert_eq!(track_of("a:b/c"), None);
        assert_eq!(track_of("a:b/c@1.0.0"), Some("a:b/c@1"));
        assert_eq!(track_of("a:b/c@1.3.2"), Some("a:b/c@1"));
        assert_eq!(track_of("a:b/c@12.3.2+build.7"), Some("a:b/c@12"));
        assert_eq!(track_of("a:b/c@0.2.0"), Some("a:b/c@0.2"));
        assert_eq!(track_of("a:b/c@0.2.12"), Some("a:b/c@0.2"));
        assert_eq!(track_of("a:b/c@0.10.1+x.y"), Some("a:b/c@0.10"));
        assert_eq!(track_of("a:b/c@0.0.1"), None);
        assert_eq!(track_of("a:b/c@1.0.0-rc.1"), None);
        assert_eq!(track_of("a:b/c@0.2.0-rc.1"), None);
        assert_eq!(track_of("a:b/c@1"), Some("a:b/c@1"));
        assert_eq!(track_of("a:b/c@0.2"), Some("a:b/c@0.2"));
        assert_eq!(track_of("a:b/c@0"), None);
        assert_eq!(track_of("a:b/c@0.0"), None);
        assert_eq!(track_of("a:b/c@01"), None);
        assert_eq!(track_of("a:b/c@1.2"), None);
        assert_eq!(track_of("a:b/c@x"), None);
    }

    #[test]
    fn the_newest_on_the_track_is_chosen() {
        let defined = [
            "a:b/c@0.2.0",
            "a:b/c@0.2.12",
            "a:b/c@0.2.3",
            "a:b/c@0.3.0",
            "a:b/c@1.0.0",
            "a:b/d@0.2.20",
        ];
        let pick = |name| newest_compatible(name, defined);
        assert_eq!(pick("a:b/c@0.2.1"), Some("a:b/c@0.2.12"));
        assert_eq!(pick("a:b/c@0.2.99"), Some("a:b/c@0.2.12"));
        assert_eq!(pick("a:b/c@0.2"), Some("a:b/c@0.2.12"));
        assert_eq!(pick("a:b/c@0.3.5"), Some("a:b/c@0.3.0"));
        assert_eq!(pick("a:b/c@1.4.0"), Some("a:b/c@1.0.0"));
        assert_eq!(pick("a:b/c@0.1.0"), None);
        assert_eq!(pick("a:b/c@2.0.0"), None);
        assert_eq!(pick("a:b/c"), None);
        assert_eq!(newest_compatible("a:b/c@0.0.2", ["a:b/c@0.0.1"]), None);
    }

    #[test]
    fn other_versions_are_listed_oldest_first() {
        let defined = ["a:b/c@1.3.0", "a:b/c@1.0.0", "a:b/c", "a:b/cd@2.0.0", "x"];
        assert_eq!(other_versions("a:b/c@2.0.0", defined), ["1.0.0", "1.3.0"]);
        assert_eq!(other_versions("a:b/c", defined), ["1.0.0", "1.3.0"]);
        assert!(other_versions("x", defined).is_empty());
    }
}
