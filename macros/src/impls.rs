//! What every impl the derives and `flags!` generate shares: the path of
//! the runtime's helpers, hygienic locals, the impl headers of
//! `ComponentType`, `Lift` and `Lower` (type parameters bound by the
//! trait), and those impls' methods with their signatures written once:
//! each kind (`record`, `variant`, `flags`) gives only the bodies.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Generics, Ident};

/// Which of the three traits an impl implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Trait {
    /// `ComponentType`: the type check.
    ComponentType,
    /// `Lift`: from core values and guest memory.
    Lift,
    /// `Lower`: to core values and guest memory.
    Lower,
}

impl Trait {
    /// The path of the trait, for impls and bounds.
    pub(crate) fn path(self) -> TokenStream {
        let rt = rt();
        match self {
            Trait::ComponentType => quote!(#rt::ComponentType),
            Trait::Lift => quote!(#rt::Lift),
            Trait::Lower => quote!(#rt::Lower),
        }
    }
}

/// The module generated code takes everything of hoist's from: the hidden
/// `__internal` module of the facade, so that a crate depending only on
/// `hoist` can use the derives and `flags!`.
pub(crate) fn rt() -> TokenStream {
    quote!(::hoist::component::__internal)
}

/// An identifier for a local of generated code, hygienic so that it never
/// meets a name of the user's.
pub(crate) fn local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// The body of one generated `lower`, `store`, `lift` or `load`, and how
/// the method binds the parameters the body may leave unused or advance.
pub(crate) struct Body {
    /// The method's statements.
    code: TokenStream,
    /// Whether the body reads the context `cx` (else it is bound to `_`).
    uses_cx: bool,
    /// Whether the body advances the slots `dst` or `src` (bound `mut`).
    advances: bool,
}

impl Body {
    /// A body reading the context and not advancing the slots.
    pub(crate) fn new(code: TokenStream) -> Body {
        Body {
            code,
            uses_cx: true,
            advances: false,
        }
    }

    /// The same body, never reading the context.
    pub(crate) fn without_cx(self) -> Body {
        Body {
            uses_cx: false,
            ..self
        }
    }

    /// The same body, advancing the slice of slots it is given.
    pub(crate) fn advancing(self) -> Body {
        Body {
            advances: true,
            ..self
        }
    }

    /// The context parameter's pattern: `cx`, or `_` when unused.
    fn cx(&self) -> TokenStream {
        if self.uses_cx {
            let cx = local("cx");
            quote!(#cx)
        } else {
            quote!(_)
        }
    }

    /// The pattern of the slot parameter `name`: `mut` when advanced.
    fn slots(&self, name: &str) -> TokenStream {
        let slots = local(name);
        if self.advances {
            quote!(mut #slots)
        } else {
            quote!(#slots)
        }
    }
}

/// The Rust type impls are generated for: a derive's input, or a flags
/// type (without generics).
pub(crate) struct ImplFor<'a> {
    /// The type's name.
    pub(crate) ident: &'a Ident,
    /// Its generics.
    pub(crate) generics: &'a Generics,
}

impl ImplFor<'_> {
    /// `impl<..> Trait for Type<..> where ..`, with every type parameter
    /// bound by `tr` (the type implements a trait when its parameters do).
    fn header(&self, tr: Trait) -> TokenStream {
        let mut generics = self.generics.clone();
        let bound = tr.path();
        let params: Vec<Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
        if !params.is_empty() {
            let clause = generics.make_where_clause();
            for p in params {
                clause.predicates.push(syn::parse_quote!(#p: #bound));
            }
        }
        let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
        let ident = self.ident;
        quote!(impl #impl_generics #bound for #ident #ty_generics #where_clause)
    }

    /// `impl ComponentType` whose `typecheck` hands the type `ty` and the
    /// members' `entries` to the runtime's `helper` (`typecheck_record`,
    /// ...). Entries of type `entry` (a name with a type check) are
    /// listed in a local of that slice type, which turns each function
    /// item into a `TypeCheck` pointer; without `entry` they are names,
    /// passed inline.
    pub(crate) fn component_type(
        &self,
        helper: &str,
        entry: Option<TokenStream>,
        entries: impl Iterator<Item = TokenStream>,
    ) -> TokenStream {
        let rt = rt();
        let header = self.header(Trait::ComponentType);
        let helper = format_ident!("{}", helper);
        let ty = local("ty");
        let check = match entry {
            Some(entry) => {
                let list = local("list");
                quote! {
                    let #list: &[#entry] = &[#(#entries),*];
                    #rt::#helper::<Self>(#ty, #list)
                }
            }
            None => quote!(#rt::#helper::<Self>(#ty, &[#(#entries),*])),
        };
        quote! {
            #[automatically_derived]
            #header {
                fn typecheck(#ty: &#rt::Type) -> #rt::Result<()> {
                    #check
                }
            }
        }
    }

    /// `impl Lower` with the bodies of `lower` (into the flat slots `dst`)
    /// and `store` (at `offset` of guest memory), both given `cx` and the
    /// checked type `ty`.
    pub(crate) fn lower(&self, lower: Body, store: Body) -> TokenStream {
        let rt = rt();
        let header = self.header(Trait::Lower);
        let ty = local("ty");
        let offset = local("offset");
        let (lower_cx, dst) = (lower.cx(), lower.slots("dst"));
        let (store_cx, lower, store) = (store.cx(), lower.code, store.code);
        quote! {
            #[automatically_derived]
            #header {
                fn lower(
                    &self,
                    #lower_cx: &mut #rt::LowerContext<'_>,
                    #ty: &#rt::Type,
                    #dst: &mut [#rt::ValRaw],
                ) -> #rt::Result<()> {
                    #lower
                }

                fn store(
                    &self,
                    #store_cx: &mut #rt::LowerContext<'_>,
                    #ty: &#rt::Type,
                    #offset: ::core::primitive::u32,
                ) -> #rt::Result<()> {
                    #store
                }
            }
        }
    }

    /// `impl Lift` with the bodies of `lift` (from the flat values `src`)
    /// and `load` (from the guest memory `bytes`), both given `cx` and the
    /// checked type `ty`.
    pub(crate) fn lift(&self, lift: Body, load: Body) -> TokenStream {
        let rt = rt();
        let header = self.header(Trait::Lift);
        let ty = local("ty");
        let bytes = local("bytes");
        let (lift_cx, src) = (lift.cx(), lift.slots("src"));
        let (load_cx, lift, load) = (load.cx(), lift.code, load.code);
        quote! {
            #[automatically_derived]
            #header {
                fn lift(
                    #lift_cx: &#rt::LiftContext<'_>,
                    #ty: &#rt::Type,
                    #src: &[#rt::ValRaw],
                ) -> #rt::Result<Self> {
                    #lift
                }

                fn load(
                    #load_cx: &#rt::LiftContext<'_>,
                    #ty: &#rt::Type,
                    #bytes: &[::core::primitive::u8],
                ) -> #rt::Result<Self> {
                    #load
                }
            }
        }
    }
}
