//! The impls derived for a `#[component(record)]` struct: the type check
//! lists the fields' names and type checks in order (the runtime's
//! `typecheck_record`), and lowering and lifting walk the fields in order
//! with the runtime's `Fields`, each field through its own impl.

use crate::derive::{Field, Model};
use crate::impls::{local, rt, Body};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl ComponentType`: `typecheck_record` with each field's name and
/// `<FieldType as ComponentType>::typecheck`.
pub(crate) fn component_type(model: &Model, fields: &[Field]) -> TokenStream {
    let rt = rt();
    let checks = fields.iter().map(|f| {
        let name = &f.name.text;
        let fty = &f.ty;
        quote!((#name, <#fty as #rt::ComponentType>::typecheck))
    });
    model.impl_for().component_type(
        "typecheck_record",
        Some(quote!((&::core::primitive::str, #rt::TypeCheck))),
        checks,
    )
}

/// `impl Lower`: each field lowered into its share of the flat slots, or
/// stored at its offset, in order.
pub(crate) fn lower(model: &Model, fields: &[Field]) -> TokenStream {
    let rt = rt();
    let (cx, ty, dst, offset, walk) = (
        local("cx"),
        local("ty"),
        local("dst"),
        local("offset"),
        local("fields"),
    );
    let idents: Vec<_> = fields.iter().map(|f| &f.ident).collect();
    model.impl_for().lower(
        Body::new(quote! {
            let mut #walk = #rt::Fields::record(#ty)?;
            #( #walk.lower(#cx, &self.#idents, &mut #dst)?; )*
            ::core::result::Result::Ok(())
        })
        .advancing(),
        Body::new(quote! {
            let mut #walk = #rt::Fields::record(#ty)?;
            #( #walk.store(#cx, &self.#idents, #offset)?; )*
            ::core::result::Result::Ok(())
        }),
    )
}

/// `impl Lift`: the struct built from its fields, each lifted from its
/// share of the flat values or loaded from its offset, in order.
pub(crate) fn lift(model: &Model, fields: &[Field]) -> TokenStream {
    let rt = rt();
    let (cx, ty, src, bytes, walk) = (
        local("cx"),
        local("ty"),
        local("src"),
        local("bytes"),
        local("fields"),
    );
    let idents: Vec<_> = fields.iter().map(|f| &f.ident).collect();
    model.impl_for().lift(
        Body::new(quote! {
            let mut #walk = #rt::Fields::record(#ty)?;
            ::core::result::Result::Ok(Self {
                #( #idents: #walk.lift(#cx, &mut #src)?, )*
            })
        })
        .advancing(),
        Body::new(quote! {
            let mut #walk = #rt::Fields::record(#ty)?;
            ::core::result::Result::Ok(Self {
                #( #idents: #walk.load(#cx, #bytes)?, )*
            })
        }),
    )
}
