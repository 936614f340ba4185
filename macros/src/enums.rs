//! The impls derived for a `#[component(enum)]` enum: the type check lists
//! the case names in order (the runtime's `typecheck_enum`); a value is
//! lowered as its case index without payload (`lower_case::<()>` /
//! `store_case::<()>`), and lifted from the index `lift_case` /
//! `load_case` read (they trap on an index out of range).
//!
//! A case's index is its position among the enum's cases; explicit Rust
//! discriminants play no part. The discriminant's width follows from the
//! checked type's layout, so more than 256 cases need nothing special.

use crate::derive::{local, rt, Case, Model, Trait};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl ComponentType`: `typecheck_enum` with the case names.
pub(crate) fn component_type(model: &Model, cases: &[Case]) -> TokenStream {
    let rt = rt();
    let header = model.impl_header(Trait::ComponentType);
    let ty = local("ty");
    let names = cases.iter().map(|c| &c.name.text);
    quote! {
        #[automatically_derived]
        #header {
            fn typecheck(#ty: &#rt::Type) -> #rt::Result<()> {
                #rt::typecheck_enum::<Self>(#ty, &[#(#names),*])
            }
        }
    }
}

/// `match self` giving the case's index.
fn index_of(cases: &[Case]) -> TokenStream {
    let unused = local("unused");
    let arms = cases.iter().enumerate().map(|(i, c)| {
        let pattern = c.pattern(&unused);
        let i = i as u32;
        quote!(#pattern => #i)
    });
    quote! {
        match self {
            #(#arms,)*
        }
    }
}

/// `impl Lower`: the case index, without payload.
pub(crate) fn lower(model: &Model, cases: &[Case]) -> TokenStream {
    let rt = rt();
    let header = model.impl_header(Trait::Lower);
    let (cx, ty, dst, offset) = (local("cx"), local("ty"), local("dst"), local("offset"));
    let index = index_of(cases);
    quote! {
        #[automatically_derived]
        #header {
            fn lower(
                &self,
                #cx: &mut #rt::LowerContext<'_>,
                #ty: &#rt::Type,
                #dst: &mut [#rt::ValRaw],
            ) -> #rt::Result<()> {
                #rt::lower_case::<()>(#cx, #ty, #index, ::core::option::Option::None, #dst)
            }

            fn store(
                &self,
                #cx: &mut #rt::LowerContext<'_>,
                #ty: &#rt::Type,
                #offset: ::core::primitive::u32,
            ) -> #rt::Result<()> {
                #rt::store_case::<()>(#cx, #ty, #index, ::core::option::Option::None, #offset)
            }
        }
    }
}

/// `impl Lift`: the case of the index read.
pub(crate) fn lift(model: &Model, cases: &[Case]) -> TokenStream {
    let rt = rt();
    let header = model.impl_header(Trait::Lift);
    let (ty, src, bytes, index) = (local("ty"), local("src"), local("bytes"), local("index"));
    let arms = cases.iter().enumerate().map(|(i, c)| {
        let i = i as u32;
        let value = c.construct(&quote!());
        quote!(#i => ::core::result::Result::Ok(#value))
    });
    let build = quote! {
        match #index {
            #(#arms,)*
            // `lift_case` and `load_case` have already trapped on any other
            // index; this arm is only reached with a type of the wrong
            // shape handed over by hand.
            #index => ::core::result::Result::Err(
                #rt::anyhow::anyhow!("`{}` has no case {}", #ty, #index),
            ),
        }
    };
    quote! {
        #[automatically_derived]
        #header {
            fn lift(
                _: &#rt::LiftContext<'_>,
                #ty: &#rt::Type,
                #src: &[#rt::ValRaw],
            ) -> #rt::Result<Self> {
                let #index = #rt::lift_case(#ty, #src)?.index();
                #build
            }

            fn load(
                _: &#rt::LiftContext<'_>,
                #ty: &#rt::Type,
                #bytes: &[::core::primitive::u8],
            ) -> #rt::Result<Self> {
                let #index = #rt::load_case(#ty, #bytes)?.index();
                #build
            }
        }
    }
}
