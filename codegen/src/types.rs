//! WIT types in Rust: references to types (`ty`) and definitions of named
//! types (`define`), with the derive rules.
//!
//! Records, variants, enums and flags become Rust types deriving hoist's
//! `ComponentType`/`Lift`/`Lower`; aliases become `pub type`, and types
//! `use`d from another interface become `pub use` of the original.
//! Anonymous types map onto Rust's tuples, `Option`, `Result` and `Vec`.
//! A resource of an imported interface becomes an uninhabited marker type,
//! and handles to it `hoist::component::Resource<Marker>`; a resource of an
//! exported interface is the guest's, and handles to it are
//! `hoist::component::ResourceAny`. Futures, streams and maps never reach
//! this module: `errors` rejects them first. Function signatures are in
//! `functions`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use wit_parser::{Docs, Type, TypeDefKind, TypeId};

use crate::context::{relative_path, Ctx, ModPath};
use crate::names;

/// Whether a type appears as an owned value or as a borrowed argument of an
/// export call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `String`, `Vec<T>`.
    Owned,
    /// `&str`, `&[T]` (used for export arguments under
    /// `Ownership::Borrowing`).
    Borrowed,
}

/// `#[doc = ...]` attributes for WIT docs (one per line, so prettyplease
/// prints them as `///` comments); where the WIT has none, `fallback` (so
/// that generated code passes `missing_docs` in the user's crate).
pub(crate) fn docs(docs: &Docs, fallback: impl FnOnce() -> String) -> TokenStream {
    match docs.contents.as_deref() {
        Some(text) if !text.trim().is_empty() => doc_lines(Some(text), false),
        _ => doc_lines(Some(&fallback()), false),
    }
}

/// `#![doc = ...]` inner attributes for WIT docs (printed as `//!`).
pub(crate) fn inner_docs(docs: &Docs) -> TokenStream {
    doc_lines(docs.contents.as_deref(), true)
}

/// `#[doc]` attributes for an arbitrary text.
pub(crate) fn doc_text(text: &str) -> TokenStream {
    doc_lines(Some(text), false)
}

fn doc_lines(text: Option<&str>, inner: bool) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let lines = text.trim_end().lines().map(|line| {
        let line = Literal::string(&format!(" {}", line.trim_end()));
        if inner {
            quote!(#![doc = #line])
        } else {
            quote!(#[doc = #line])
        }
    });
    quote!(#(#lines)*)
}

impl Ctx<'_> {
    /// The Rust type of `ty` as seen from module `cur`.
    pub fn ty(&self, ty: &Type, cur: &[String], mode: Mode) -> TokenStream {
        match ty {
            Type::Bool => quote!(bool),
            Type::U8 => quote!(u8),
            Type::U16 => quote!(u16),
            Type::U32 => quote!(u32),
            Type::U64 => quote!(u64),
            Type::S8 => quote!(i8),
            Type::S16 => quote!(i16),
            Type::S32 => quote!(i32),
            Type::S64 => quote!(i64),
            Type::F32 => quote!(f32),
            Type::F64 => quote!(f64),
            Type::Char => quote!(char),
            Type::String => match mode {
                Mode::Owned => quote!(::std::string::String),
                Mode::Borrowed => quote!(&str),
            },
            // Rejected by `errors::check_world` before generation starts.
            Type::ErrorContext => quote!(()),
            Type::Id(id) => {
                let def = &self.resolve.types[*id];
                if def.name.is_some() {
                    self.type_path(*id, cur)
                } else {
                    self.anonymous(&def.kind, cur, mode)
                }
            }
        }
    }

    /// The Rust type of an anonymous (structural) WIT type.
    fn anonymous(&self, kind: &TypeDefKind, cur: &[String], mode: Mode) -> TokenStream {
        match kind {
            TypeDefKind::Tuple(tuple) => {
                let types = tuple.types.iter().map(|t| self.ty(t, cur, mode));
                quote!((#(#types,)*))
            }
            TypeDefKind::Option(t) => {
                let t = self.ty(t, cur, mode);
                quote!(::core::option::Option<#t>)
            }
            TypeDefKind::Result(r) => {
                let ok = self.optional(r.ok.as_ref(), cur, mode);
                let err = self.optional(r.err.as_ref(), cur, mode);
                quote!(::core::result::Result<#ok, #err>)
            }
            TypeDefKind::List(t) => {
                let t = self.ty(t, cur, mode);
                match mode {
                    Mode::Owned => quote!(::std::vec::Vec<#t>),
                    Mode::Borrowed => quote!(&[#t]),
                }
            }
            TypeDefKind::Type(t) => self.ty(t, cur, mode),
            TypeDefKind::Handle(wit_parser::Handle::Own(r) | wit_parser::Handle::Borrow(r)) => {
                self.handle(*r, cur)
            }
            // Records, variants, enums and flags always have names; the
            // remaining kinds are rejected by `errors::check_world`.
            _ => quote!(()),
        }
    }

    /// The Rust type of a handle (`own` or `borrow`) to resource `r`.
    pub fn handle(&self, r: TypeId, cur: &[String]) -> TokenStream {
        let r = self.dealias(r);
        let guest = match self.resolve.types[r].owner {
            wit_parser::TypeOwner::Interface(id) => self.exporting.contains(&id),
            _ => false,
        };
        if guest {
            quote!(::hoist::component::ResourceAny)
        } else {
            let marker = self.type_path(r, cur);
            quote!(::hoist::component::Resource<#marker>)
        }
    }

    /// `ty`, or `()` when absent (the `_` of `result<_, E>`).
    pub fn optional(&self, ty: Option<&Type>, cur: &[String], mode: Mode) -> TokenStream {
        match ty {
            Some(t) => self.ty(t, cur, mode),
            None => quote!(()),
        }
    }

    /// Whether every value of `ty` can be `Copy` (no strings or lists).
    pub fn is_copy(&self, ty: &Type) -> bool {
        match ty {
            Type::String => false,
            Type::Id(id) => self.def_all(*id, &|ctx, t| ctx.is_copy(t)),
            _ => true,
        }
    }

    /// Whether `ty` can be `Eq` (no floats anywhere inside).
    pub fn is_eq(&self, ty: &Type) -> bool {
        match ty {
            Type::F32 | Type::F64 => false,
            Type::Id(id) => self.def_all(*id, &|ctx, t| ctx.is_eq(t)),
            _ => true,
        }
    }

    /// Applies `pred` to every type directly inside the definition `id`;
    /// `list` fails `is_copy` on its own.
    fn def_all(&self, id: TypeId, pred: &dyn Fn(&Self, &Type) -> bool) -> bool {
        match &self.resolve.types[id].kind {
            TypeDefKind::Record(r) => r.fields.iter().all(|f| pred(self, &f.ty)),
            TypeDefKind::Variant(v) => v
                .cases
                .iter()
                .flat_map(|c| c.ty.as_ref())
                .all(|t| pred(self, t)),
            TypeDefKind::Tuple(t) => t.types.iter().all(|t| pred(self, t)),
            TypeDefKind::Option(t) | TypeDefKind::Type(t) => pred(self, t),
            TypeDefKind::Result(r) => r.ok.iter().chain(r.err.iter()).all(|t| pred(self, t)),
            // A list is never `Copy`; for `Eq` its element decides.
            TypeDefKind::List(t) => pred(self, &Type::String) && pred(self, t),
            TypeDefKind::Enum(_) | TypeDefKind::Flags(_) | TypeDefKind::Handle(_) => true,
            _ => false,
        }
    }

    /// The derive list for a record or variant: `Clone, Debug, PartialEq`,
    /// plus `Copy` and `Eq` when every contained type allows them, plus the
    /// additional derives.
    fn value_derives<'t>(&self, types: impl Iterator<Item = &'t Type> + Clone) -> TokenStream {
        let mut derives = vec![quote!(Clone), quote!(Debug), quote!(PartialEq)];
        if types.clone().all(|t| self.is_copy(t)) {
            derives.push(quote!(Copy));
        }
        if types.clone().all(|t| self.is_eq(t)) {
            derives.push(quote!(Eq));
        }
        self.with_additional(derives)
    }

    /// Appends the additional derives that are not already in `derives`.
    fn with_additional(&self, mut derives: Vec<TokenStream>) -> TokenStream {
        for extra in &self.derives {
            if !derives.iter().any(|d| d.to_string() == extra.to_string()) {
                derives.push(extra.clone());
            }
        }
        quote!(#[derive(#(#derives),*)])
    }

    /// The definition of the named type `id` inside module `cur`.
    pub fn define(&self, id: TypeId, cur: &[String]) -> TokenStream {
        let def = &self.resolve.types[id];
        let wit_name = def.name.as_deref().unwrap_or("anonymous");
        let name = names::camel_ident(wit_name);
        let docs = docs(&def.docs, || format!("The WIT type `{wit_name}`."));
        let component_derive = quote! {
            #[derive(::hoist::component::ComponentType, ::hoist::component::Lift, ::hoist::component::Lower)]
        };
        match &def.kind {
            TypeDefKind::Record(record) => {
                let derives = self.value_derives(record.fields.iter().map(|f| &f.ty));
                let fields = record.fields.iter().map(|field| {
                    let fname = names::snake_ident(&field.name);
                    let rename = rename_attr(&fname.to_string(), &field.name);
                    let ty = self.ty(&field.ty, cur, Mode::Owned);
                    let docs = self::docs(&field.docs, || format!("The field `{}`.", field.name));
                    quote! { #docs #rename pub #fname: #ty }
                });
                quote! {
                    #docs
                    #component_derive
                    #[component(record)]
                    #derives
                    pub struct #name { #(#fields,)* }
                }
            }
            TypeDefKind::Variant(variant) => {
                let derives = self.value_derives(variant.cases.iter().flat_map(|c| c.ty.as_ref()));
                let cases = variant.cases.iter().map(|case| {
                    let cname = names::camel_ident(&case.name);
                    let lit = Literal::string(&case.name);
                    let docs = self::docs(&case.docs, || format!("The case `{}`.", case.name));
                    match &case.ty {
                        Some(ty) => {
                            let ty = self.ty(ty, cur, Mode::Owned);
                            quote! { #docs #[component(name = #lit)] #cname(#ty) }
                        }
                        None => quote! { #docs #[component(name = #lit)] #cname },
                    }
                });
                quote! {
                    #docs
                    #component_derive
                    #[component(variant)]
                    #derives
                    pub enum #name { #(#cases,)* }
                }
            }
            TypeDefKind::Enum(enum_) => {
                let derives = self.with_additional(vec![
                    quote!(Clone),
                    quote!(Copy),
                    quote!(Debug),
                    quote!(PartialEq),
                    quote!(Eq),
                    quote!(Hash),
                ]);
                let repr = match enum_.cases.len() {
                    0..=256 => quote!(u8),
                    257..=65536 => quote!(u16),
                    _ => quote!(u32),
                };
                let cases = enum_.cases.iter().map(|case| {
                    let cname = names::camel_ident(&case.name);
                    let lit = Literal::string(&case.name);
                    let docs = self::docs(&case.docs, || format!("The case `{}`.", case.name));
                    quote! { #docs #[component(name = #lit)] #cname }
                });
                quote! {
                    #docs
                    #component_derive
                    #[component(enum)]
                    #derives
                    #[repr(#repr)]
                    pub enum #name { #(#cases,)* }
                }
            }
            TypeDefKind::Flags(flags) => {
                // `flags!` derives these itself.
                let builtin = ["Clone", "Copy", "Debug", "PartialEq", "Eq", "Hash"];
                let extra: Vec<&TokenStream> = self
                    .derives
                    .iter()
                    .filter(|d| !builtin.contains(&d.to_string().as_str()))
                    .collect();
                let extra = if extra.is_empty() {
                    TokenStream::new()
                } else {
                    quote!(#[derive(#(#extra),*)])
                };
                let consts = flags.flags.iter().map(|flag| {
                    let fname = names::shouty_ident(&flag.name);
                    let lit = Literal::string(&flag.name);
                    let docs = self::docs(&flag.docs, || format!("The flag `{}`.", flag.name));
                    quote! { #docs #[component(name = #lit)] const #fname; }
                });
                quote! {
                    ::hoist::component::flags! {
                        #docs
                        #extra
                        #name { #(#consts)* }
                    }
                }
            }
            TypeDefKind::Resource => {
                let guest = match def.owner {
                    wit_parser::TypeOwner::Interface(id) => self.exporting.contains(&id),
                    _ => false,
                };
                if guest {
                    quote! {
                        #docs
                        #[doc = " A resource the guest implements: handles to it are `ResourceAny`s."]
                        pub type #name = ::hoist::component::ResourceAny;
                    }
                } else if let Some(user) = self.with_resources.get(&id) {
                    quote! {
                        #docs
                        #[doc = " A resource the host implements with its own type (`with`)."]
                        pub type #name = #user;
                    }
                } else {
                    quote! {
                        #docs
                        #[doc = " A resource the host implements: handles to it are"]
                        #[doc = " `hoist::component::Resource<Self>`, and the host's trait for it"]
                        #[doc = " has its methods."]
                        pub enum #name {}
                    }
                }
            }
            TypeDefKind::Type(Type::Id(target)) if self.is_foreign(*target, def.owner) => {
                // A type `use`d from another interface (or world): re-export
                // the original instead of defining a copy.
                let target_def = &self.resolve.types[*target];
                let target_name =
                    names::camel_ident(target_def.name.as_deref().unwrap_or("anonymous"));
                let prefix = relative_path(cur, &self.owner_path(target_def.owner));
                if target_name == name {
                    quote! { #docs pub use #prefix #target_name; }
                } else {
                    quote! { #docs pub use #prefix #target_name as #name; }
                }
            }
            kind => {
                let ty = match kind {
                    TypeDefKind::Type(t) => self.ty(t, cur, Mode::Owned),
                    other => self.anonymous(other, cur, Mode::Owned),
                };
                quote! { #docs pub type #name = #ty; }
            }
        }
    }

    /// Whether the named type `target` lives in a different owner than
    /// `owner` (so an alias to it is a `use` across interfaces).
    fn is_foreign(&self, target: TypeId, owner: wit_parser::TypeOwner) -> bool {
        let target = &self.resolve.types[target];
        target.name.is_some() && target.owner != owner && {
            // Two owners mapped to the same module (never happens for
            // generated modules, but be safe) need no re-export.
            !matches!((self.owner_path(target.owner), self.owner_path(owner)),
                (ModPath::Local(a), ModPath::Local(b)) if a == b)
        }
    }
}

/// `#[component(name = "...")]` when the Rust name differs from the WIT
/// name (raw identifiers count as different, so the derive never has to
/// strip `r#`).
fn rename_attr(rust: &str, wit: &str) -> TokenStream {
    if rust == wit {
        TokenStream::new()
    } else {
        let lit = Literal::string(wit);
        quote!(#[component(name = #lit)])
    }
}
