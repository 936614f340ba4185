//! The impls derived for a `#[component(record)]` struct: the type check
//! lists the fields' names and type checks in order (the runtime's
//! `typecheck_record`), and lowering and lifting walk the fields in order
//! with the runtime's `Fields`, each field through its own impl.

use crate::derive::{local, rt, Field, Model, Trait};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl ComponentType`: `typecheck_record` with each field's name and
/// `<FieldType as ComponentType>::typecheck`.
pub(crate) fn component_type(model: &Model, fields: &[Field]) -> TokenStream {
    let rt = rt();
    let header = model.impl_header(Trait::ComponentType);
    let (ty, list) = (local("ty"), local("fields"));
    let checks = fields.iter().map(|f| {
        let name = &f.name.text;
        let fty = &f.ty;
        quote!((#name, <#fty as #rt::ComponentType>::typecheck))
    });
    quote! {
        #[automatically_derived]
        #header {
            fn typecheck(#ty: &#rt::Type) -> #rt::Result<()> {
                let #list: &[(&::core::primitive::str, #rt::TypeCheck)] = &[#(#checks),*];
                #rt::typecheck_record::<Self>(#ty, #list)
            }
        }
    }
}

/// `impl Lower`: each field lowered into its share of the flat slots, or
/// stored at its offset, in order.
pub(crate) fn lower(model: &Model, fields: &[Field]) -> TokenStream {
    let rt = rt();
    let header = model.impl_header(Trait::Lower);
    let (cx, ty, dst, offset, walk) = (
        local("cx"),
        local("ty"),
        local("dst"),
        local("offset"),
        local("fields"),
    );
    let idents: Vec<_> = fields.iter().map(|f| &f.ident).collect();
    quote! {
        #[automatically_derived]
        #header {
            fn lower(
                &self,
                #cx: &mut #rt::LowerContext<'_>,
                #ty: &#rt::Type,
                mut #dst: &mut [#rt::ValRaw],
            ) -> #rt::Result<()> {
                let mut #walk = #rt::Fields::record(#ty)?;
                #( #walk.lower(#cx, &self.#idents, &mut #dst)?; )*
                ::core::result::Result::Ok(())
            }

            fn store(
                &self,
                #cx: &mut #rt::LowerContext<'_>,
                #ty: &#rt::Type,
                #offset: ::core::primitive::u32,
            ) -> #rt::Result<()> {
                let mut #walk = #rt::Fields::record(#ty)?;
                #( #walk.store(#cx, &self.#idents, #offset)?; )*
                ::core::result::Result::Ok(())
            }
        }
    }
}

/// `impl Lift`: the struct built from its fields, each lifted from its
/// share of the flat values or loaded from its offset, in order.
pub(crate) fn lift(model: &Model, fields: &[Field]) -> TokenStream {
    let rt = rt();
    let header = model.impl_header(Trait::Lift);
    let (cx, ty, src, bytes, walk) = (
        local("cx"),
        local("ty"),
        local("src"),
        local("bytes"),
        local("fields"),
    );
    let idents: Vec<_> = fields.iter().map(|f| &f.ident).collect();
    quote! {
        #[automatically_derived]
        #header {
            fn lift(
                #cx: &#rt::LiftContext<'_>,
                #ty: &#rt::Type,
                mut #src: &[#rt::ValRaw],
            ) -> #rt::Result<Self> {
                let mut #walk = #rt::Fields::record(#ty)?;
                ::core::result::Result::Ok(Self {
                    #( #idents: #walk.lift(#cx, &mut #src)?, )*
                })
            }

            fn load(
                #cx: &#rt::LiftContext<'_>,
                #ty: &#rt::Type,
                #bytes: &[::core::primitive::u8],
            ) -> #rt::Result<Self> {
                let mut #walk = #rt::Fields::record(#ty)?;
                ::core::result::Result::Ok(Self {
                    #( #idents: #walk.load(#cx, #bytes)?, )*
                })
            }
        }
    }
}
