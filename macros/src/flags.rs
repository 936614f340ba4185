//! `flags!`: the declaration of a Rust type for a component `flags` type.
//!
//! ```text
//! flags! {
//!     /// docs and other outer attributes, such as #[derive(Default)]
//!     [visibility] Name {
//!         /// docs
//!         #[component(name = "kebab-name")]
//!         const MEMBER;
//!         ...
//!     }
//!     ... more declarations
//! }
//! ```
//!
//! Each declaration becomes a struct holding the set as one bit word (`u8`,
//! `u16` or `u32`, the smallest that fits, as the canonical ABI stores it),
//! flag `i` being bit `i`; one associated constant per member; the set
//! operations; a `Debug` listing the members set; and the component traits
//! through the runtime's flags helpers. Bits beyond the members are never
//! set: `Not` and lifting mask them off.
//!
//! The struct is `pub` unless a visibility is written (as Wasmtime's
//! `flags!` declares it).

use crate::attrs;
use crate::errors::Errors;
use crate::impls::{local, rt, Body, ImplFor};
use crate::names::{self, Name};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::{braced, Attribute, Generics, Ident, Token, Visibility};

/// The most members a component `flags` type has.
const MAX_FLAGS: usize = 32;

/// All the declarations of one `flags!`.
struct Input(Vec<Decl>);

/// One flags type: `attrs vis Name { members }`.
struct Decl {
    attrs: Vec<Attribute>,
    vis: Visibility,
    ident: Ident,
    members: Vec<Member>,
}

/// One flag: `attrs const NAME;`.
struct Member {
    attrs: Vec<Attribute>,
    ident: Ident,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut decls = Vec::new();
        while !input.is_empty() {
            decls.push(input.parse()?);
        }
        if decls.is_empty() {
            return Err(input
                .error("declare a flags type: `flags! { Name { const FIRST; const SECOND; } }`"));
        }
        Ok(Input(decls))
    }
}

impl Parse for Decl {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        if input.peek(Token![struct]) {
            return Err(input.error(
                "write the flags type's name without `struct`: `flags! { Name { const FIRST; } }`",
            ));
        }
        let ident: Ident = input.parse()?;
        let content;
        braced!(content in input);
        let mut members = Vec::new();
        while !content.is_empty() {
            let attrs = content.call(Attribute::parse_outer)?;
            if !content.peek(Token![const]) {
                return Err(content.error("a flag is declared as `const NAME;`"));
            }
            content.parse::<Token![const]>()?;
            let ident: Ident = content.parse()?;
            if !content.peek(Token![;]) {
                return Err(content.error(format!(
                    "a flag is only named: end it with `;` (`const {ident};`); its bit is its \
                     position"
                )));
            }
            content.parse::<Token![;]>()?;
            members.push(Member { attrs, ident });
        }
        Ok(Decl {
            attrs,
            vis,
            ident,
            members,
        })
    }
}

/// Expands `flags!`: the declarations, or the errors as `compile_error!`s.
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let result = syn::parse2::<Input>(input).and_then(|Input(decls)| {
        let mut out = TokenStream::new();
        let mut errors = Errors::default();
        for decl in &decls {
            out.extend(errors.take(declaration(decl)));
        }
        errors.finish(out)
    });
    result.unwrap_or_else(syn::Error::into_compile_error)
}

/// A member checked: its Rust identifier, component-model name and doc
/// attributes.
struct Flag<'a> {
    ident: &'a Ident,
    name: Name,
    docs: Vec<&'a Attribute>,
}

/// Checks a member's attributes and names it.
fn flag(member: &Member) -> syn::Result<Flag<'_>> {
    let mut docs = Vec::new();
    for attr in &member.attrs {
        if attr.path().is_ident("doc") {
            docs.push(attr);
        } else if !attr.path().is_ident("component") {
            return Err(syn::Error::new_spanned(
                attr,
                "a flag takes doc comments and `#[component(name = \"kebab-name\")]`, no other \
                 attributes",
            ));
        }
    }
    let renamed = attrs::member_name(&member.attrs, "flag")?;
    let name = names::name_of(&member.ident, renamed.as_ref(), "flag")?;
    Ok(Flag {
        ident: &member.ident,
        name,
        docs,
    })
}

/// One flags type's code.
fn declaration(decl: &Decl) -> syn::Result<TokenStream> {
    let ident = &decl.ident;
    let count = decl.members.len();
    if count == 0 || count > MAX_FLAGS {
        return Err(syn::Error::new(
            ident.span(),
            format!(
                "`{ident}` has {count} flags, but a component `flags` type has 1 to {MAX_FLAGS} \
                 (the component model's limit: see `flags` in the spec's Explainer.md, and \
                 the canonical ABI, which passes flags as one `i32`); {}",
                if count == 0 {
                    "declare at least one `const NAME;`"
                } else {
                    "split the members into several flags types"
                }
            ),
        ));
    }
    let mut flags = Vec::with_capacity(count);
    let mut errors = Errors::default();
    for (i, m) in decl.members.iter().enumerate() {
        if let Some(earlier) = decl.members[..i].iter().find(|e| e.ident == m.ident) {
            errors.push(syn::Error::new(
                m.ident.span(),
                format!(
                    "the flag `{}` is declared twice: give the constants different names",
                    earlier.ident
                ),
            ));
            continue;
        }
        flags.extend(errors.take(flag(m)));
    }
    let pairs: Vec<(&Ident, &Name)> = flags.iter().map(|f| (f.ident, &f.name)).collect();
    errors.take(names::check_unique(&pairs, "flag"));
    errors.finish(())?;
    Ok(generate(decl, &flags))
}

/// The bit word of a flags type of `count` members: its Rust type, and a
/// literal of that type.
fn word(count: usize) -> (TokenStream, fn(u32) -> Literal) {
    match count {
        0..=8 => (quote!(::core::primitive::u8), |v| {
            Literal::u8_suffixed(v as u8)
        }),
        9..=16 => (quote!(::core::primitive::u16), |v| {
            Literal::u16_suffixed(v as u16)
        }),
        _ => (quote!(::core::primitive::u32), Literal::u32_suffixed),
    }
}

/// The code of a checked flags type.
fn generate(decl: &Decl, flags: &[Flag<'_>]) -> TokenStream {
    let rt = rt();
    let Decl {
        attrs, vis, ident, ..
    } = decl;
    let vis = match vis {
        Visibility::Inherited => quote!(pub),
        vis => quote!(#vis),
    };
    let count = flags.len();
    let (bits_ty, lit) = word(count);
    let all_u32 = if count >= 32 {
        u32::MAX
    } else {
        (1u32 << count) - 1
    };
    let all = lit(all_u32);
    let bits = format_ident!("bits");

    let consts = flags.iter().enumerate().map(|(i, f)| {
        let Flag {
            ident: c,
            docs,
            name,
        } = f;
        let bit = lit(1u32 << i);
        let doc = if docs.is_empty() {
            let text = format!(" The flag `{}` (bit {i}).", name.text);
            quote!(#[doc = #text])
        } else {
            quote!(#(#docs)*)
        };
        quote! {
            #doc
            #vis const #c: Self = Self { #bits: #bit };
        }
    });

    // The bit word as the runtime's `u32`, and back (only ever given bits
    // masked to the members).
    let (to_u32, from_u32): (TokenStream, Box<dyn Fn(TokenStream) -> TokenStream>) = if count > 16 {
        (quote!(self.#bits), Box::new(|v| v))
    } else {
        (
            quote!(::core::primitive::u32::from(self.#bits)),
            Box::new({
                let bits_ty = bits_ty.clone();
                move |v| quote!((#v) as #bits_ty)
            }),
        )
    };
    let (cx, ty, dst, offset, src, bytes, f, sep, member, set) = (
        local("cx"),
        local("ty"),
        local("dst"),
        local("offset"),
        local("src"),
        local("bytes"),
        local("f"),
        local("sep"),
        local("member"),
        local("set"),
    );
    let all_32 = Literal::u32_suffixed(all_u32);
    let lifted = from_u32(quote!(#set & #all_32));

    let rust_names = flags.iter().map(|f| f.ident.to_string());
    let members = flags.iter().map(|f| f.ident);
    let component_names = flags.iter().map(|f| &f.name.text);
    let ident_text = ident.to_string();

    let impl_for = ImplFor {
        ident,
        generics: &Generics::default(),
    };
    let component_type = impl_for.component_type(
        "typecheck_flags",
        None,
        component_names.map(|name| quote!(#name)),
    );
    let lower = impl_for.lower(
        Body::new(quote!(#rt::lower_flags(#ty, #to_u32, #dst))).without_cx(),
        Body::new(quote!(#rt::store_flags(#cx, #ty, #to_u32, #offset))),
    );
    let lift = impl_for.lift(
        Body::new(quote! {
            let #set = #rt::lift_flags(#ty, #src)?;
            ::core::result::Result::Ok(Self { #bits: #lifted })
        })
        .without_cx(),
        Body::new(quote! {
            let #set = #rt::load_flags(#ty, #bytes)?;
            ::core::result::Result::Ok(Self { #bits: #lifted })
        })
        .without_cx(),
    );

    let binary = [
        (quote!(BitOr), quote!(bitor), quote!(|)),
        (quote!(BitAnd), quote!(bitand), quote!(&)),
        (quote!(BitXor), quote!(bitxor), quote!(^)),
    ]
    .into_iter()
    .map(|(tr, method, op)| {
        let assign_tr = format_ident!("{}Assign", tr.to_string());
        let assign_method = format_ident!("{}_assign", method.to_string());
        let rhs = local("rhs");
        quote! {
            #[automatically_derived]
            impl ::core::ops::#tr for #ident {
                type Output = Self;
                fn #method(self, #rhs: Self) -> Self {
                    Self { #bits: self.#bits #op #rhs.#bits }
                }
            }

            #[automatically_derived]
            impl ::core::ops::#assign_tr for #ident {
                fn #assign_method(&mut self, #rhs: Self) {
                    *self = ::core::ops::#tr::#method(*self, #rhs);
                }
            }
        }
    });

    quote! {
        #(#attrs)*
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash,
        )]
        #vis struct #ident {
            #bits: #bits_ty,
        }

        impl #ident {
            #(#consts)*

            /// The set of no flags.
            #vis const fn empty() -> Self {
                Self { #bits: 0 }
            }

            /// The set of every flag.
            #vis const fn all() -> Self {
                Self { #bits: #all }
            }

            /// Whether every flag of `other` is in `self`.
            #vis const fn contains(&self, other: Self) -> ::core::primitive::bool {
                self.#bits & other.#bits == other.#bits
            }

            /// Whether no flag is set.
            #vis const fn is_empty(&self) -> ::core::primitive::bool {
                self.#bits == 0
            }
        }

        #(#binary)*

        #[automatically_derived]
        impl ::core::ops::Not for #ident {
            type Output = Self;
            /// The flags not in `self` (only the declared ones).
            fn not(self) -> Self {
                Self { #bits: !self.#bits & #all }
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Debug for #ident {
            fn fmt(&self, #f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #f.write_str(#ident_text)?;
                #f.write_str("(")?;
                let mut #sep = "";
                for (#member, #set) in [#((#rust_names, Self::#members)),*] {
                    if self.contains(#set) {
                        #f.write_str(#sep)?;
                        #f.write_str(#member)?;
                        #sep = " | ";
                    }
                }
                #f.write_str(")")
            }
        }

        #component_type
        #lower
        #lift
    }
}
