//! The impls derived for a `#[component(variant)]` or `#[component(enum)]`
//! enum. The type check lists the cases in order: their names and payload
//! type checks for a variant (the runtime's `typecheck_variant`), their
//! names for an enum (`typecheck_enum`). Both are lowered and lifted alike,
//! an enum being a variant whose cases carry no payload: lowering matches
//! the value's case and hands its index and payload to `lower_case` /
//! `store_case`; lifting reads the case with `lift_case` / `load_case`
//! (which trap on an index out of range) and builds the Rust case from its
//! index, lifting the payload through its own impl.
//!
//! A case's index is its position among the enum's cases (explicit Rust
//! discriminants play no part). The discriminant's width (one, two or four
//! bytes, by the case count) comes from the checked type's layout, so enums
//! of more than 256 cases need nothing special here.

use crate::derive::{Case, Model};
use crate::impls::{local, rt, Body};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl ComponentType` of a variant: `typecheck_variant` with each case's
/// name and `Some(<Payload as ComponentType>::typecheck)` or `None`.
pub(crate) fn component_type(model: &Model, cases: &[Case]) -> TokenStream {
    let rt = rt();
    let checks = cases.iter().map(|c| {
        let name = &c.name.text;
        match &c.payload {
            Some(p) => quote! {
                (#name, ::core::option::Option::Some(<#p as #rt::ComponentType>::typecheck))
            },
            None => quote!((#name, ::core::option::Option::None)),
        }
    });
    model.impl_for().component_type(
        "typecheck_variant",
        Some(quote! {(
            &::core::primitive::str,
            ::core::option::Option<#rt::TypeCheck>,
        )}),
        checks,
    )
}

/// `impl ComponentType` of an enum: `typecheck_enum` with the case names.
pub(crate) fn enum_component_type(model: &Model, cases: &[Case]) -> TokenStream {
    let names = cases.iter().map(|c| {
        let name = &c.name.text;
        quote!(#name)
    });
    model
        .impl_for()
        .component_type("typecheck_enum", None, names)
}

/// The `match self` of `lower` or `store`: each case's index and payload
/// passed to `helper` (`lower_case` or `store_case`) with the trailing
/// argument `last` (the slots or the offset).
fn lower_match(cases: &[Case], helper: TokenStream, last: &str) -> TokenStream {
    let (cx, ty, last, payload) = (local("cx"), local("ty"), local(last), local("payload"));
    let arms = cases.iter().enumerate().map(|(i, case)| {
        let index = i as u32;
        let pattern = case.pattern(&payload);
        if case.payload.is_some() {
            quote! {
                #pattern => #helper(
                    #cx, #ty, #index, ::core::option::Option::Some(#payload), #last,
                )
            }
        } else {
            quote! {
                #pattern => #helper::<()>(#cx, #ty, #index, ::core::option::Option::None, #last)
            }
        }
    });
    quote! {
        match self {
            #(#arms,)*
        }
    }
}

/// `impl Lower`: the value's case lowered or stored by index, with its
/// payload.
pub(crate) fn lower(model: &Model, cases: &[Case]) -> TokenStream {
    let rt = rt();
    model.impl_for().lower(
        Body::new(lower_match(cases, quote!(#rt::lower_case), "dst")),
        Body::new(lower_match(cases, quote!(#rt::store_case), "offset")),
    )
}

/// The body building the Rust case from the case `read` (`lift_case` or
/// `load_case`, given the checked type and `slots`) returns.
fn from_case(cases: &[Case], read: TokenStream, slots: &str) -> Body {
    let rt = rt();
    let (cx, ty, slots, case, index) = (
        local("cx"),
        local("ty"),
        local(slots),
        local("case"),
        local("index"),
    );
    let arms = cases.iter().enumerate().map(|(i, c)| {
        let i = i as u32;
        let value = c.construct(&quote!(#case.payload(#cx)?));
        quote!(#i => ::core::result::Result::Ok(#value))
    });
    let code = quote! {
        let #case = #read(#ty, #slots)?;
        match #case.index() {
            #(#arms,)*
            // `lift_case` and `load_case` have already trapped on any other
            // index; this arm is only reached with a type of the wrong
            // shape handed over by hand.
            #index => ::core::result::Result::Err(
                #rt::anyhow::anyhow!("`{}` has no case {}", #ty, #index),
            ),
        }
    };
    // Cases without payloads (an enum's) never read the lift context.
    if cases.iter().all(|c| c.payload.is_none()) {
        Body::new(code).without_cx()
    } else {
        Body::new(code)
    }
}

/// `impl Lift`: the case read by `lift_case` / `load_case`, then built by
/// index with its payload lifted.
pub(crate) fn lift(model: &Model, cases: &[Case]) -> TokenStream {
    let rt = rt();
    model.impl_for().lift(
        from_case(cases, quote!(#rt::lift_case), "src"),
        from_case(cases, quote!(#rt::load_case), "bytes"),
    )
}
