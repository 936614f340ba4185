//! The front of the three derives (`ComponentType`, `Lift`, `Lower`): the
//! Rust type is read and checked into a [`Model`] (which component type it
//! is, and its fields or cases with their component-model names), and each
//! derive hands the model to the file of its kind (`record`, or `variant`
//! for variants and enums) for its one impl, written with the shared
//! impl emitters of `impls`.
//!
//! Every derive checks the whole input, so each reports the same errors on
//! their own; the compiler shows an error repeated with the same span and
//! message once.

use crate::attrs::{self, Kind};
use crate::errors::Errors;
use crate::impls::{ImplFor, Trait};
use crate::names::{self, Name};
use crate::{record, variant};
use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Generics, Ident};

/// A record field: its Rust identifier, component-model name and type.
pub(crate) struct Field {
    pub(crate) ident: Ident,
    pub(crate) name: Name,
    pub(crate) ty: syn::Type,
}

/// How a case of a Rust enum is written, which its patterns and
/// constructors follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// `Case`
    Unit,
    /// `Case(..)`
    Tuple,
    /// `Case { .. }` (only without fields)
    Braced,
}

/// A case of a variant or enum: its Rust identifier, component-model name,
/// payload type (if any) and how it is written.
pub(crate) struct Case {
    pub(crate) ident: Ident,
    pub(crate) name: Name,
    pub(crate) payload: Option<syn::Type>,
    pub(crate) style: Style,
}

impl Case {
    /// The pattern matching this case, binding its payload (if any) to
    /// `binding`: written as the constructor is.
    pub(crate) fn pattern(&self, binding: &Ident) -> TokenStream {
        self.construct(&quote!(#binding))
    }

    /// The expression constructing this case, with `payload` (an
    /// expression) as its payload if it has one.
    pub(crate) fn construct(&self, payload: &TokenStream) -> TokenStream {
        let ident = &self.ident;
        match (self.style, &self.payload) {
            (_, Some(_)) => quote!(Self::#ident(#payload)),
            (Style::Unit, None) => quote!(Self::#ident),
            (Style::Tuple, None) => quote!(Self::#ident()),
            (Style::Braced, None) => quote!(Self::#ident {}),
        }
    }
}

/// What a derive input stands for.
pub(crate) enum Shape {
    /// `#[component(record)]`
    Record(Vec<Field>),
    /// `#[component(variant)]`
    Variant(Vec<Case>),
    /// `#[component(enum)]`
    Enum(Vec<Case>),
}

/// A checked derive input.
pub(crate) struct Model {
    pub(crate) ident: Ident,
    pub(crate) generics: Generics,
    pub(crate) shape: Shape,
}

impl Model {
    /// The type the impls are for.
    pub(crate) fn impl_for(&self) -> ImplFor<'_> {
        ImplFor {
            ident: &self.ident,
            generics: &self.generics,
        }
    }
}

/// Runs derive `tr` on `input`: the impl, or the errors as
/// `compile_error!`s.
pub(crate) fn expand(input: TokenStream, tr: Trait) -> TokenStream {
    let result = syn::parse2::<DeriveInput>(input)
        .and_then(|input| model(&input))
        .map(|model| match (&model.shape, tr) {
            (Shape::Record(fields), Trait::ComponentType) => record::component_type(&model, fields),
            (Shape::Record(fields), Trait::Lower) => record::lower(&model, fields),
            (Shape::Record(fields), Trait::Lift) => record::lift(&model, fields),
            (Shape::Variant(cases), Trait::ComponentType) => variant::component_type(&model, cases),
            (Shape::Variant(cases), Trait::Lower) => variant::lower(&model, cases),
            (Shape::Variant(cases), Trait::Lift) => variant::lift(&model, cases),
            // An enum is lowered and lifted as a variant without payloads.
            (Shape::Enum(cases), Trait::ComponentType) => {
                variant::enum_component_type(&model, cases)
            }
            (Shape::Enum(cases), Trait::Lower) => variant::lower(&model, cases),
            (Shape::Enum(cases), Trait::Lift) => variant::lift(&model, cases),
        });
    result.unwrap_or_else(syn::Error::into_compile_error)
}

const KINDS_HELP: &str = "`#[component(record)]` on a struct with named fields, \
     `#[component(variant)]` on an enum whose cases have zero or one payload, \
     or `#[component(enum)]` on an enum whose cases have none";

/// Reads and checks a derive input.
fn model(input: &DeriveInput) -> syn::Result<Model> {
    let ident = &input.ident;
    let kind = attrs::type_kind(&input.attrs)?;
    let shape = match (&input.data, kind) {
        (Data::Union(_), _) => {
            return Err(syn::Error::new(
                ident.span(),
                format!(
                    "a union cannot stand for a component type: use a struct or an enum with {KINDS_HELP}"
                ),
            ))
        }
        (Data::Struct(_), None) => {
            return Err(syn::Error::new(
                ident.span(),
                format!(
                    "add `#[component(record)]` to `{ident}` to derive a component record \
                     from its named fields"
                ),
            ))
        }
        (Data::Enum(_), None) => {
            return Err(syn::Error::new(
                ident.span(),
                format!(
                    "add `#[component(variant)]` (cases with zero or one payload) or \
                     `#[component(enum)]` (cases without payloads) to `{ident}` to say which \
                     component type it stands for"
                ),
            ))
        }
        (Data::Struct(s), Some((Kind::Record, _))) => {
            Shape::Record(record_fields(ident, &s.fields)?)
        }
        (Data::Struct(_), Some((kind, span))) => {
            return Err(syn::Error::new(
                span,
                format!(
                    "`#[component({})]` is for enums; a struct with named fields is a \
                     component record: write `#[component(record)]`",
                    kind.word()
                ),
            ))
        }
        (Data::Enum(_), Some((Kind::Record, span))) => {
            return Err(syn::Error::new(
                span,
                "`#[component(record)]` is for structs with named fields; for an enum write \
                 `#[component(variant)]` (cases with zero or one payload) or \
                 `#[component(enum)]` (cases without payloads)",
            ))
        }
        (Data::Enum(e), Some((kind, _))) => {
            let cases = cases(ident, kind, e.variants.iter())?;
            if kind == Kind::Variant {
                Shape::Variant(cases)
            } else {
                Shape::Enum(cases)
            }
        }
    };
    Ok(Model {
        ident: ident.clone(),
        generics: input.generics.clone(),
        shape,
    })
}

/// The fields of a `#[component(record)]` struct.
fn record_fields(ident: &Ident, fields: &Fields) -> syn::Result<Vec<Field>> {
    let named = match fields {
        Fields::Named(named) => named,
        Fields::Unnamed(unnamed) => {
            return Err(syn::Error::new(
                unnamed.span(),
                format!(
                    "a component record's fields have names, but `{ident}` is a tuple struct: \
                     give its fields names (`struct {ident} {{ name: Type, .. }}`), or use a \
                     Rust tuple `(A, B, ..)` where a component `tuple` is meant"
                ),
            ))
        }
        Fields::Unit => {
            return Err(syn::Error::new(
                ident.span(),
                format!(
                    "a component record has at least one field, but `{ident}` is a unit \
                     struct: give it named fields (`struct {ident} {{ name: Type, .. }}`)"
                ),
            ))
        }
    };
    if named.named.is_empty() {
        return Err(syn::Error::new(
            named.brace_token.span.join(),
            format!(
                "a component record has at least one field (the component model has no \
                 empty records): give `{ident}` a named field"
            ),
        ));
    }
    let mut errors = Errors::default();
    let mut out = Vec::new();
    for field in &named.named {
        let Some(fident) = field.ident.clone() else {
            // Named fields always have identifiers.
            continue;
        };
        let renamed = errors.take(attrs::member_name(&field.attrs, "field"));
        let Some(renamed) = renamed else { continue };
        if let Some(name) = errors.take(names::name_of(&fident, renamed.as_ref(), "field")) {
            out.push(Field {
                ident: fident,
                name,
                ty: field.ty.clone(),
            });
        }
    }
    let pairs: Vec<(&Ident, &Name)> = out.iter().map(|f| (&f.ident, &f.name)).collect();
    errors.take(names::check_unique(&pairs, "field"));
    errors.finish(out)
}

/// The cases of a `#[component(variant)]` or `#[component(enum)]` enum.
fn cases<'a>(
    ident: &Ident,
    kind: Kind,
    variants: impl ExactSizeIterator<Item = &'a syn::Variant>,
) -> syn::Result<Vec<Case>> {
    if variants.len() == 0 {
        return Err(syn::Error::new(
            ident.span(),
            format!(
                "a component {} has at least one case, but `{ident}` has none",
                kind.word()
            ),
        ));
    }
    let mut errors = Errors::default();
    let mut out = Vec::new();
    for v in variants {
        let renamed = errors.take(attrs::member_name(&v.attrs, "case"));
        let (payload, style) = match (&v.fields, kind) {
            (Fields::Unit, _) => (None, Style::Unit),
            (Fields::Unnamed(f), _) if f.unnamed.is_empty() => (None, Style::Tuple),
            (Fields::Named(f), _) if f.named.is_empty() => (None, Style::Braced),
            (Fields::Unnamed(f), Kind::Variant) if f.unnamed.len() == 1 => {
                (Some(f.unnamed[0].ty.clone()), Style::Tuple)
            }
            (Fields::Unnamed(f), Kind::Variant) => {
                let types: Vec<String> = f
                    .unnamed
                    .iter()
                    .map(|f| {
                        let ty = &f.ty;
                        quote!(#ty).to_string()
                    })
                    .collect();
                errors.push(syn::Error::new(
                    f.span(),
                    format!(
                        "a variant case has at most one payload, but `{}` has {}: make them one \
                         tuple, `{}(({}))`, or one record struct",
                        v.ident,
                        f.unnamed.len(),
                        v.ident,
                        types.join(", ")
                    ),
                ));
                continue;
            }
            (Fields::Named(f), Kind::Variant) => {
                errors.push(syn::Error::new(
                    f.span(),
                    format!(
                        "a variant case's payload is one unnamed field: write `{}(Payload)`, \
                         with a `#[component(record)]` struct as the payload for named fields",
                        v.ident
                    ),
                ));
                continue;
            }
            (fields, _) => {
                errors.push(syn::Error::new(
                    fields.span(),
                    format!(
                        "the cases of a component `enum` carry no payload, but `{}` has one: \
                         remove it, or use `#[component(variant)]` on `{ident}` for cases with \
                         payloads",
                        v.ident
                    ),
                ));
                continue;
            }
        };
        let Some(renamed) = renamed else { continue };
        if let Some(name) = errors.take(names::name_of(&v.ident, renamed.as_ref(), "case")) {
            out.push(Case {
                ident: v.ident.clone(),
                name,
                payload,
                style,
            });
        }
    }
    let pairs: Vec<(&Ident, &Name)> = out.iter().map(|c| (&c.ident, &c.name)).collect();
    errors.take(names::check_unique(&pairs, "case"));
    errors.finish(out)
}
