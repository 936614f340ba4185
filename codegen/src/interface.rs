//! One WIT interface as one Rust module: its types plus, when imported, a
//! `Host` trait and `add_to_linker`, or, when exported, a `Guest` struct
//! with `call_*` methods.
//!
//! Where the module sits and how modules nest is decided by `world`; the
//! mapping of types and functions is in `types` and `functions`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use wit_parser::{Function, InterfaceId};

use crate::context::Ctx;
use crate::types::doc_text;

impl Ctx<'_> {
    /// Definitions of every named type of the interface, in module `cur`.
    pub fn interface_types(&self, id: InterfaceId, cur: &[String]) -> TokenStream {
        let iface = &self.resolve.interfaces[id];
        let defs = iface.types.values().map(|ty| self.define(*ty, cur));
        quote!(#(#defs)*)
    }

    /// A host trait named `trait_name` declaring one method per function,
    /// plus the `convert_*` methods of the trappable errors they use.
    pub fn host_trait(
        &self,
        trait_name: &TokenStream,
        funcs: &[&Function],
        cur: &[String],
        doc: &str,
    ) -> TokenStream {
        let methods = funcs.iter().map(|f| self.host_method_decl(f, cur));
        let conversions = self
            .conversions(funcs)
            .into_iter()
            .map(|c| self.conversion_decl(&c, cur))
            .collect::<Vec<_>>();
        let supertrait = if self.opts.async_ {
            quote!(: Send)
        } else {
            TokenStream::new()
        };
        let doc = doc_text(doc);
        quote! {
            #doc
            pub trait #trait_name #supertrait {
                #(#methods)*
                #(#conversions)*
            }
        }
    }

    /// The body of an `add_to_linker` function registering `funcs` in the
    /// linker instance `instance_name` (or the root when `None`).
    pub fn add_to_linker_body(
        &self,
        funcs: &[&Function],
        cur: &[String],
        trait_path: &TokenStream,
        instance_name: Option<&str>,
        trace_name: &str,
    ) -> TokenStream {
        let wraps: Vec<TokenStream> = funcs
            .iter()
            .map(|f| self.func_wrap(f, cur, trait_path, trace_name))
            .collect();
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

    /// The items of an imported interface's module: types, `Host` and
    /// `add_to_linker`. `instance_name` is the name the component imports
    /// it under (`foo:foo/records`, `hot-cache`).
    pub fn import_module(
        &self,
        id: InterfaceId,
        cur: &[String],
        instance_name: &str,
    ) -> TokenStream {
        let iface = &self.resolve.interfaces[id];
        let types = self.interface_types(id, cur);
        let funcs: Vec<&Function> = iface.functions.values().collect();
        let host = self.host_trait(
            &quote!(Host),
            &funcs,
            cur,
            &format!("The host's implementation of the imported interface `{instance_name}`."),
        );
        let body = self.add_to_linker_body(
            &funcs,
            cur,
            &quote!(Host),
            Some(instance_name),
            instance_name,
        );
        let doc = doc_text(&format!(
            "Registers the functions of `{instance_name}` in `linker`, calling the `Host` \
             reached from the store data through `get`."
        ));
        let t_bound = self.store_data_bound();
        quote! {
            #types
            #host
            #doc
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                #t_bound
                U_: Host,
            {
                #body
            }
        }
    }

    /// The items of an exported interface's module: types and `Guest`.
    /// `export_name` is the name the component exports it under.
    pub fn export_module(&self, id: InterfaceId, cur: &[String], export_name: &str) -> TokenStream {
        let iface = &self.resolve.interfaces[id];
        let types = self.interface_types(id, cur);
        let location = format!("exported interface `{export_name}`");
        let funcs: Vec<_> = iface
            .functions
            .values()
            .map(|f| {
                self.export_func(
                    f,
                    cur,
                    &quote!(::core::option::Option::Some(index)),
                    &location,
                    export_name,
                )
            })
            .collect();
        let fields = funcs.iter().map(|f| &f.field);
        let field_names = funcs.iter().map(|f| &f.field);
        let inits = funcs.iter().map(|f| &f.init);
        let methods = funcs.iter().map(|f| &f.method);
        let struct_doc = doc_text(&format!(
            "Typed access to the functions of the exported interface `{export_name}`."
        ));
        let new_doc = doc_text(&format!(
            "Looks up and type-checks every function of `{export_name}` in `instance`, \
             where `index` is the export index of the interface itself."
        ));
        quote! {
            #types
            #struct_doc
            pub struct Guest {
                instance: ::hoist::component::Instance,
                #(#fields: ::hoist::component::ComponentExportIndex,)*
            }
            impl Guest {
                #new_doc
                #[allow(unused_mut, unused_variables)]
                pub fn new(
                    mut store: impl ::hoist::AsContextMut,
                    instance: &::hoist::component::Instance,
                    index: &::hoist::component::ComponentExportIndex,
                ) -> ::hoist::anyhow::Result<Guest> {
                    #(#inits)*
                    ::core::result::Result::Ok(Guest {
                        instance: instance.clone(),
                        #(#field_names,)*
                    })
                }
                #(#methods)*
            }
        }
    }
}
