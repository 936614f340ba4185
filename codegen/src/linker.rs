//! Registering host functions in a linker: the one emitter of the
//! functions that do it (an imported interface's `add_to_linker`, the
//! world's `add_to_linker` and `add_root_to_linker`), and the statements
//! of their bodies that open the linker instance and register resources
//! and functions (each function's `func_wrap` is built in `functions`).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use wit_parser::{Function, TypeId};

use crate::context::Ctx;
use crate::interface::resource_trait_name;
use crate::types::doc_text;

/// A linker function for host functions, as [`Ctx::host_items`] emits it:
/// its name and doc, where it registers and what tracing calls that place.
pub(crate) struct LinkTarget<'a> {
    /// The function's name: `add_to_linker`, `add_root_to_linker`.
    pub name: &'a str,
    /// The text of the function's doc comment.
    pub doc: String,
    /// The linker instance it registers in (the root when `None`).
    pub instance: Option<&'a str>,
    /// The name tracing spans give the instance.
    pub trace_name: &'a str,
}

impl Ctx<'_> {
    /// `pub fn <name><T_, U_>(linker, get) -> Result<()>` with the doc
    /// `doc`, requiring `bounds` of the host type `U_` (none when empty)
    /// and running `body`: every function that registers host functions
    /// in a linker, reaching the host from the store data through `get`.
    pub(crate) fn linker_fn(
        &self,
        name: &str,
        doc: &str,
        bounds: &[TokenStream],
        body: TokenStream,
    ) -> TokenStream {
        let name = format_ident!("{}", name);
        let doc = doc_text(doc);
        let t_bound = self.store_data_bound();
        let u_bound = if bounds.is_empty() {
            TokenStream::new()
        } else {
            quote!(U_: #(#bounds)+*,)
        };
        quote! {
            #doc
            pub fn #name<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                #t_bound
                #u_bound
            {
                #body
            }
        }
    }

    /// Registers resource `r` in the linker instance `inst`, its
    /// destructor calling `HostR::drop`.
    pub(crate) fn resource_registration(&self, r: TypeId, cur: &[String]) -> TokenStream {
        let wit_name = self.resolve.types[r].name.clone().unwrap_or_default();
        let lit = Literal::string(&wit_name);
        let marker = self.type_path(r, cur);
        let trait_name = resource_trait_name(&wit_name);
        let call = quote!(#trait_name::drop(get(store.data_mut()), ::hoist::component::Resource::new_own(rep)));
        let call = if self.opts.async_ {
            quote!(::hoist::component::block_on(#call))
        } else {
            call
        };
        quote! {
            inst.resource(
                #lit,
                ::hoist::component::ResourceType::host::<#marker>(),
                move |mut store: ::hoist::StoreContextMut<'_, T_>, rep: u32| #call,
            )?;
        }
    }

    /// The body of a linker function registering several groups of
    /// functions, each calling its own trait, after the statements `first`
    /// (resource registrations), in the linker instance `instance_name`
    /// (or the root when `None`).
    pub(crate) fn add_to_linker_groups(
        &self,
        groups: &[(Vec<&Function>, TokenStream)],
        first: Vec<TokenStream>,
        cur: &[String],
        instance_name: Option<&str>,
        trace_name: &str,
    ) -> TokenStream {
        let mut wraps: Vec<TokenStream> = first;
        for (funcs, trait_path) in groups {
            wraps.extend(
                funcs
                    .iter()
                    .map(|f| self.func_wrap(f, cur, trait_path, trace_name)),
            );
        }
        let open = match instance_name {
            Some(name) => {
                let name = Literal::string(name);
                if wraps.is_empty() {
                    quote! {
                        let mut root = linker.root();
                        root.instance(#name)?;
                    }
                } else {
                    quote! {
                        let mut root = linker.root();
                        let mut inst = root.instance(#name)?;
                    }
                }
            }
            None if wraps.is_empty() => TokenStream::new(),
            None => quote!(let mut inst = linker.root();),
        };
        let unused = if wraps.is_empty() {
            quote!(let _ = get;)
        } else {
            TokenStream::new()
        };
        quote! {
            #unused
            #open
            #(#wraps)*
            ::core::result::Result::Ok(())
        }
    }
}
