//! One WIT interface as one Rust module: its types plus, when imported, a
//! `Host` trait (with one `HostR` supertrait per resource `R`, holding the
//! resource's constructor, methods and `drop`) and `add_to_linker`, or,
//! when exported, a `Guest` struct with `call_*` methods and, per resource
//! `R`, a `GuestR` view (`guest.r().call_constructor(..)`,
//! `.call_<method>(..)`), as Wasmtime's bindings have.
//!
//! Where the module sits and how modules nest is decided by `world`; the
//! mapping of types and functions is in `types` and `functions`, and the
//! linker function's body in `linker`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use wit_parser::{Function, InterfaceId, TypeDefKind, TypeId};

use crate::context::Ctx;
use crate::linker::LinkTarget;
use crate::types::doc_text;

impl Ctx<'_> {
    /// Definitions of every named type of the interface, in module `cur`.
    pub fn interface_types(&self, id: InterfaceId, cur: &[String]) -> TokenStream {
        let iface = &self.resolve.interfaces[id];
        let defs = iface.types.values().map(|ty| self.define(*ty, cur));
        quote!(#(#defs)*)
    }

    /// A host trait named `trait_name` declaring one method per function
    /// (plus the `convert_*` methods of the trappable errors they use), with
    /// supertraits and extra items (a resource trait's `drop`).
    fn host_trait_with(
        &self,
        trait_name: &TokenStream,
        funcs: &[&Function],
        cur: &[String],
        doc: &str,
        supertraits: &[TokenStream],
        extra: TokenStream,
    ) -> TokenStream {
        let methods = funcs.iter().map(|f| self.host_method_decl(f, cur));
        let conversions = self
            .conversions(funcs)
            .into_iter()
            .map(|c| self.conversion_decl(&c, cur))
            .collect::<Vec<_>>();
        let mut bounds: Vec<TokenStream> = supertraits.to_vec();
        if self.opts.async_ {
            bounds.push(quote!(Send));
        }
        let supertrait = if bounds.is_empty() {
            TokenStream::new()
        } else {
            quote!(: #(#bounds)+*)
        };
        let doc = doc_text(doc);
        quote! {
            #doc
            pub trait #trait_name #supertrait {
                #(#methods)*
                #extra
                #(#conversions)*
            }
        }
    }

    /// The host side of `funcs` and of the resources `resources` they
    /// belong to: the trait `trait_name` (free functions, with one `HostR`
    /// supertrait per resource) preceded by the resource traits, and the
    /// linker function `target` that registers all of it, requiring
    /// `trait_name` of the host.
    pub fn host_items(
        &self,
        trait_name: &TokenStream,
        funcs: &[&Function],
        resources: &[TypeId],
        cur: &[String],
        doc: &str,
        target: LinkTarget<'_>,
    ) -> (TokenStream, TokenStream) {
        let free: Vec<&Function> = funcs
            .iter()
            .copied()
            .filter(|f| f.kind.resource().is_none())
            .collect();
        let supertraits: Vec<TokenStream> = resources
            .iter()
            .map(|r| {
                let name =
                    resource_trait_name(self.resolve.types[*r].name.as_deref().unwrap_or(""));
                quote!(#name)
            })
            .collect();
        let mut groups = vec![(free.clone(), trait_name.clone())];
        let mut traits = Vec::new();
        for (r, name) in resources.iter().zip(&supertraits) {
            let own: Vec<&Function> = funcs
                .iter()
                .copied()
                .filter(|f| f.kind.resource() == Some(*r))
                .collect();
            traits.push(self.resource_trait(*r, &own, cur));
            groups.push((own, name.clone()));
        }
        let host = self.host_trait_with(
            trait_name,
            &free,
            cur,
            doc,
            &supertraits,
            TokenStream::new(),
        );
        let registrations = resources
            .iter()
            .map(|r| self.resource_registration(*r, cur))
            .collect();
        let body = self.add_to_linker_groups(
            &groups,
            registrations,
            cur,
            target.instance,
            target.trace_name,
        );
        let linker_fn = self.linker_fn(
            target.name,
            &target.doc,
            std::slice::from_ref(trait_name),
            body,
        );
        (quote!(#(#traits)* #host), linker_fn)
    }

    /// The resources among the types `types`.
    pub fn resources_among(&self, types: impl IntoIterator<Item = TypeId>) -> Vec<TypeId> {
        types
            .into_iter()
            .filter(|t| matches!(self.resolve.types[*t].kind, TypeDefKind::Resource))
            .collect()
    }

    /// The host trait of resource `r` (`HostR`): its functions and `drop`.
    fn resource_trait(&self, r: TypeId, funcs: &[&Function], cur: &[String]) -> TokenStream {
        let wit_name = self.resolve.types[r].name.clone().unwrap_or_default();
        let marker = self.type_path(r, cur);
        let trait_name = resource_trait_name(&wit_name);
        let ret = quote!(::hoist::anyhow::Result<()>);
        let ret = if self.opts.async_ {
            quote!(impl ::core::future::Future<Output = #ret> + Send)
        } else {
            ret
        };
        let drop = quote! {
            #[doc = " Drops the resource `rep`, whose last owned handle a guest dropped."]
            fn drop(&mut self, rep: ::hoist::component::Resource<#marker>) -> #ret;
        };
        self.host_trait_with(
            &quote!(#trait_name),
            funcs,
            cur,
            &format!("The host's implementation of resource `{wit_name}`."),
            &[],
            drop,
        )
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
        let resources = self.resources_among(iface.types.values().copied());
        let (host, add_to_linker) = self.host_items(
            &quote!(Host),
            &funcs,
            &resources,
            cur,
            &format!("The host's implementation of the imported interface `{instance_name}`."),
            LinkTarget {
                name: "add_to_linker",
                doc: format!(
                    "Registers the functions of `{instance_name}` in `linker`, calling the \
                     `Host` reached from the store data through `get`."
                ),
                instance: Some(instance_name),
                trace_name: instance_name,
            },
        );
        quote! {
            #types
            #host
            #add_to_linker
        }
    }

    /// The items of an exported interface's module: types, `Guest` (the
    /// free functions) and one `GuestR` view per resource `R` (its
    /// constructor and methods, reached with `Guest::r()`).
    /// `export_name` is the name the component exports it under.
    pub fn export_module(&self, id: InterfaceId, cur: &[String], export_name: &str) -> TokenStream {
        let iface = &self.resolve.interfaces[id];
        let types = self.interface_types(id, cur);
        let location = format!("exported interface `{export_name}`");
        let all: Vec<&Function> = iface.functions.values().collect();
        let export = |f: &Function| {
            self.export_func(
                f,
                cur,
                &quote!(::core::option::Option::Some(index)),
                &location,
                export_name,
            )
        };
        let funcs: Vec<_> = all.iter().map(|f| export(f)).collect();
        let fields = funcs.iter().map(|f| &f.field);
        let field_names = funcs.iter().map(|f| &f.field);
        let inits = funcs.iter().map(|f| &f.init);
        let free_methods = all
            .iter()
            .zip(&funcs)
            .filter(|(f, _)| f.kind.resource().is_none())
            .map(|(_, e)| &e.method);
        let views = self
            .resources_among(iface.types.values().copied())
            .into_iter()
            .map(|r| {
                let wit = self.resolve.types[r].name.clone().unwrap_or_default();
                let view = format_ident!("Guest{}", crate::names::upper_camel(&wit));
                let mut accessor = crate::names::snake(&wit);
                if accessor == "new" || accessor == "instance" {
                    accessor.push('_');
                }
                let accessor = crate::names::ident(&crate::names::escape(&accessor));
                let methods = all
                    .iter()
                    .zip(&funcs)
                    .filter(|(f, _)| f.kind.resource() == Some(r))
                    .map(|(_, e)| &e.method);
                let view_doc = doc_text(&format!(
                    "Typed access to the constructor and methods of resource `{wit}` of \
                     `{export_name}`; handles to it are `ResourceAny`s."
                ));
                let accessor_doc = doc_text(&format!("The functions of resource `{wit}`."));
                quote! {
                    #view_doc
                    pub struct #view<'a> {
                        guest: &'a Guest,
                    }
                    impl #view<'_> {
                        #(#methods)*
                    }
                    impl Guest {
                        #accessor_doc
                        pub fn #accessor(&self) -> #view<'_> {
                            #view { guest: self }
                        }
                    }
                }
            });
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
                #(#free_methods)*
            }
            #(#views)*
        }
    }
}

/// The name of the host trait of resource `wit_name`: `HostCounter`.
pub(crate) fn resource_trait_name(wit_name: &str) -> proc_macro2::Ident {
    format_ident!("Host{}", crate::names::upper_camel(wit_name))
}
