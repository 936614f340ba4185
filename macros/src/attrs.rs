//! The `#[component(..)]` attributes: on a derived type, which component
//! type it is (`record`, `variant` or `enum`); on a field, a case or a flag,
//! its component-model name (`name = "kebab-name"`).
//!
//! Several `#[component(..)]` attributes on one item are read as one list.
//! Anything else in them is an error that says what is accepted where.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, LitStr, Meta};

/// The kind of component type a derived Rust type stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `#[component(record)]`: a struct with named fields.
    Record,
    /// `#[component(variant)]`: an enum whose cases carry zero or one
    /// payload.
    Variant,
    /// `#[component(enum)]`: an enum whose cases carry nothing.
    Enum,
}

impl Kind {
    /// The word written in `#[component(..)]`.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Kind::Record => "record",
            Kind::Variant => "variant",
            Kind::Enum => "enum",
        }
    }
}

/// The `#[component(..)]` attributes among `attrs`, checked to be lists.
fn component_attrs(attrs: &[Attribute]) -> impl Iterator<Item = syn::Result<&Attribute>> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("component"))
        .map(|a| match &a.meta {
            Meta::List(_) => Ok(a),
            _ => Err(syn::Error::new_spanned(
                a,
                "`#[component]` needs arguments: write `#[component(record)]`, \
                 `#[component(variant)]` or `#[component(enum)]` on a type, and \
                 `#[component(name = \"kebab-name\")]` on a field, case or flag",
            )),
        })
}

/// Reads the kind of a derived type from its attributes: `None` if no
/// `#[component(..)]` names one. Errors: an unknown option, `name = ..` on
/// the type, or two kinds.
pub(crate) fn type_kind(attrs: &[Attribute]) -> syn::Result<Option<(Kind, Span)>> {
    let mut kind: Option<(Kind, Span)> = None;
    for attr in component_attrs(attrs) {
        attr?.parse_nested_meta(|meta| {
            let path = &meta.path;
            let found = if path.is_ident("record") {
                Kind::Record
            } else if path.is_ident("variant") {
                Kind::Variant
            } else if path.is_ident("enum") {
                Kind::Enum
            } else if path.is_ident("name") {
                return Err(meta.error(
                    "`name = ..` renames a field or a case, so it goes on the field or case; \
                     the type's own name is not part of its component type. On the type write \
                     `#[component(record)]`, `#[component(variant)]` or `#[component(enum)]`",
                ));
            } else {
                return Err(meta.error(format!(
                    "unknown option `{}` of `#[component(..)]` on a type: write \
                     `#[component(record)]`, `#[component(variant)]` or `#[component(enum)]`",
                    quote::quote!(#path).to_string().replace(' ', "")
                )));
            };
            if let Some((earlier, _)) = kind {
                return Err(meta.error(format!(
                    "a type is one kind of component type, but both `{}` and `{}` are given: \
                     keep one `#[component(..)]`",
                    earlier.word(),
                    found.word()
                )));
            }
            kind = Some((found, path.span()));
            Ok(())
        })?;
    }
    Ok(kind)
}

/// Reads the `#[component(name = "...")]` of a field, case or flag
/// (`what`: which of them, for messages). Errors: any other option, or two
/// names.
pub(crate) fn member_name(attrs: &[Attribute], what: &str) -> syn::Result<Option<LitStr>> {
    let mut name: Option<LitStr> = None;
    for attr in component_attrs(attrs) {
        attr?.parse_nested_meta(|meta| {
            let path = &meta.path;
            if path.is_ident("name") {
                if !meta.input.peek(syn::Token![=]) {
                    return Err(meta.error(format!(
                        "write the {what}'s component-model name as `name = \"kebab-name\"`"
                    )));
                }
                let lit: LitStr = meta.value()?.parse().map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        format!("the {what}'s name is a string: `name = \"kebab-name\"`"),
                    )
                })?;
                if name.is_some() {
                    return Err(syn::Error::new(
                        lit.span(),
                        format!("the {what} is already renamed: keep one `name = \"..\"`"),
                    ));
                }
                name = Some(lit);
                Ok(())
            } else if path.is_ident("record") || path.is_ident("variant") || path.is_ident("enum") {
                Err(meta.error(format!(
                    "`#[component({})]` goes on the type, not on a {what}; on a {what} only \
                     `#[component(name = \"kebab-name\")]` is accepted",
                    quote::quote!(#path)
                )))
            } else {
                Err(meta.error(format!(
                    "unknown option `{}` of `#[component(..)]` on a {what}: only \
                     `name = \"kebab-name\"` is accepted here",
                    quote::quote!(#path).to_string().replace(' ', "")
                )))
            }
        })?;
    }
    Ok(name)
}
