//! The impls derived for a `#[component(variant)]` enum: the type check
//! lists the cases' names and payload type checks in order (the runtime's
//! `typecheck_variant`); lowering matches the value's case and hands its
//! index and payload to `lower_case` / `store_case`; lifting reads the case
//! with `lift_case` / `load_case` and builds the Rust case from its index,
//! lifting the payload through its own impl.
//!
//! A case's index is its position among the enum's cases (explicit Rust
//! discriminants play no part). The discriminant's width (one, two or four
//! bytes, by the case count) comes from the checked type's layout, so enums
//! of more than 256 cases need nothing special here.

use crate::derive::{local, rt, Case, Model, Trait};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl ComponentType`: `typecheck_variant` with each case's name and
/// `Some(<Payload as ComponentType>::typecheck)` or `None`.
pub(crate) fn component_type(model: &Model, cases: &[Case]) -> TokenStream {
    let rt = rt();
    let header = model.impl_header(Trait::ComponentType);
    let (ty, list) = (local("ty"), local("cases"));
    let checks = cases.iter().map(|c| {
        let name = &c.name.text;
        match &c.payload {
            Some(p) => quote! {
                (#name, ::core::option::Option::Some(<#p as #rt::ComponentType>::typecheck))
            },
            None => quote!((#name, ::core::option::Option::None)),
        }
    });
    quote! {
        #[automatically_derived]
        #header {
            fn typecheck(#ty: &#rt::Type) -> #rt::Result<()> {
                let #list: &[(
                    &::core::primitive::str,
                    ::core::option::Option<#rt::TypeCheck>,
                )] = &[#(#checks),*];
                #rt::typecheck_variant::<Self>(#ty, #list)
            }
        }
    }
}

/// The arms of `match self` for `lower` or `store`: each case's index and
/// payload passed to `helper` (`lower_case` or `store_case`) with the
/// trailing argument `last` (the slots or the offset).
fn lower_arms(
    cases: &[Case],
    helper: &TokenStream,
    cx: &syn::Ident,
    ty: &syn::Ident,
    last: &syn::Ident,
) -> Vec<TokenStream> {
    let payload = local("payload");
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
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
        })
        .collect()
}

/// `impl Lower`: the value's case lowered or stored by index, with its
/// payload.
pub(crate) fn lower(model: &Model, cases: &[Case]) -> TokenStream {
    let rt = rt();
    let header = model.impl_header(Trait::Lower);
    let (cx, ty, dst, offset) = (local("cx"), local("ty"), local("dst"), local("offset"));
    let store_arms = lower_arms(cases, &quote!(#rt::store_case), &cx, &ty, &offset);
    let lower_arms = lower_arms(cases, &quote!(#rt::lower_case), &cx, &ty, &dst);
    quote! {
        #[automatically_derived]
        #header {
            fn lower(
                &self,
                #cx: &mut #rt::LowerContext<'_>,
                #ty: &#rt::Type,
                #dst: &mut [#rt::ValRaw],
            ) -> #rt::Result<()> {
                match self {
                    #(#lower_arms,)*
                }
            }

            fn store(
                &self,
                #cx: &mut #rt::LowerContext<'_>,
                #ty: &#rt::Type,
                #offset: ::core::primitive::u32,
            ) -> #rt::Result<()> {
                match self {
                    #(#store_arms,)*
                }
            }
        }
    }
}

/// The `match` building the Rust case from the lifted or loaded `case`
/// (a `typed::Case`).
fn from_case(cases: &[Case], cx: &syn::Ident, ty: &syn::Ident, case: &syn::Ident) -> TokenStream {
    let rt = rt();
    let index = local("index");
    let arms = cases.iter().enumerate().map(|(i, c)| {
        let i = i as u32;
        let value = c.construct(&quote!(#case.payload(#cx)?));
        quote!(#i => ::core::result::Result::Ok(#value))
    });
    // A variant without payloads never reads the lift context.
    let touch_cx = if cases.iter().all(|c| c.payload.is_none()) {
        quote!(let _ = #cx;)
    } else {
        quote!()
    };
    quote! {
        #touch_cx
        match #case.index() {
            #(#arms,)*
            // `lift_case` and `load_case` have already trapped on any other
            // index; this arm is only reached with a type of the wrong
            // shape handed over by hand.
            #index => ::core::result::Result::Err(
                #rt::anyhow::anyhow!("`{}` has no case {}", #ty, #index),
            ),
        }
    }
}

/// `impl Lift`: the case read by `lift_case` / `load_case`, then built by
/// index with its payload lifted.
pub(crate) fn lift(model: &Model, cases: &[Case]) -> TokenStream {
    let rt = rt();
    let header = model.impl_header(Trait::Lift);
    let (cx, ty, src, bytes, case) = (
        local("cx"),
        local("ty"),
        local("src"),
        local("bytes"),
        local("case"),
    );
    let build = from_case(cases, &cx, &ty, &case);
    quote! {
        #[automatically_derived]
        #header {
            fn lift(
                #cx: &#rt::LiftContext<'_>,
                #ty: &#rt::Type,
                #src: &[#rt::ValRaw],
            ) -> #rt::Result<Self> {
                let #case = #rt::lift_case(#ty, #src)?;
                #build
            }

            fn load(
                #cx: &#rt::LiftContext<'_>,
                #ty: &#rt::Type,
                #bytes: &[::core::primitive::u8],
            ) -> #rt::Result<Self> {
                let #case = #rt::load_case(#ty, #bytes)?;
                #build
            }
        }
    }
}
