//! The world: which module each import and export goes to, the
//! world-level items (`<World>` struct, `<World>Imports` trait, world
//! types) and the final assembly into one token stream.
//!
//! The layout mirrors Wasmtime's `bindgen!`: `ns::pkg::iface` for imported
//! interfaces, `exports::ns::pkg::iface` for exported ones, a module named
//! after the import/export name for interfaces written inline in the world
//! (and for named imports of a package interface), and world-level items
//! at the root. Per-interface contents are built in `interface`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use wit_parser::{Function, InterfaceId, TypeId, WorldItem, WorldKey};

use crate::context::{relative_path, Ctx, ModPath};
use crate::linker::LinkTarget;
use crate::module_tree::ModuleTree;
use crate::names;
use crate::types::{doc_text, docs, inner_docs};

/// An import reaching the world-level `add_to_linker`: the module whose
/// `add_to_linker` and `Host` it uses.
struct LinkedImport {
    module: ModPath,
}

/// An exported interface: the world struct's field/accessor and its module.
struct ExportedInterface {
    accessor: Ident,
    module: ModPath,
    export_name: String,
}

impl Ctx<'_> {
    /// Generates the whole bindings file for the selected world.
    pub fn generate_world(&mut self) -> TokenStream {
        let resolve = self.resolve;
        let world = &resolve.worlds[self.world];
        let mut tree = ModuleTree::default();

        // Imports: decide every module first so type references between
        // interfaces resolve, then generate.
        let mut linked = Vec::new();
        let mut import_modules: Vec<(InterfaceId, Vec<String>, String)> = Vec::new();
        let mut root_imports: Vec<&Function> = Vec::new();
        let mut world_types: Vec<TypeId> = Vec::new();
        for (key, item) in &world.imports {
            match item {
                WorldItem::Interface { id, .. } => {
                    let instance_name = resolve.name_world_key(key);
                    let path = match key {
                        WorldKey::Interface(_) => match self.with.get(id) {
                            Some(path) => ModPath::External(path.clone()),
                            None => ModPath::Local(self.canonical_segments(*id)),
                        },
                        WorldKey::Name(name) => ModPath::Local(vec![names::snake_name(name)]),
                    };
                    self.iface_paths.entry(*id).or_insert_with(|| path.clone());
                    if let ModPath::Local(segments) = &path {
                        import_modules.push((*id, segments.clone(), instance_name));
                    }
                    linked.push(LinkedImport { module: path });
                }
                WorldItem::Function(func) => root_imports.push(func),
                WorldItem::Type { id, .. } => world_types.push(*id),
            }
        }
        for (id, segments, instance_name) in &import_modules {
            let docs = inner_docs(&resolve.interfaces[*id].docs);
            tree.add(
                segments,
                docs,
                self.import_module(*id, segments, instance_name),
            );
        }
        let import_paths = self.iface_paths.clone();

        // Exports: each exported interface takes over the type paths of
        // its interface for the exports generated after it.
        let mut exported = Vec::new();
        let mut root_exports: Vec<&Function> = Vec::new();
        for (key, item) in &world.exports {
            match item {
                WorldItem::Interface { id, .. } => {
                    let export_name = resolve.name_world_key(key);
                    let (mut segments, accessor) = match key {
                        WorldKey::Interface(_) => {
                            let segments = self.canonical_segments(*id);
                            let accessor = segments
                                .iter()
                                .map(|s| s.trim_start_matches("r#"))
                                .collect::<Vec<_>>()
                                .join("_");
                            (segments, accessor)
                        }
                        WorldKey::Name(name) => (vec![names::snake_name(name)], names::snake(name)),
                    };
                    segments.insert(0, "exports".to_string());
                    self.iface_paths
                        .insert(*id, ModPath::Local(segments.clone()));
                    self.exporting.insert(*id);
                    let docs = inner_docs(&resolve.interfaces[*id].docs);
                    tree.add(
                        &segments,
                        docs,
                        self.export_module(*id, &segments, &export_name),
                    );
                    exported.push(ExportedInterface {
                        accessor: names::ident(&names::escape(&accessor)),
                        module: ModPath::Local(segments),
                        export_name,
                    });
                }
                WorldItem::Function(func) => root_exports.push(func),
                WorldItem::Type { .. } => {}
            }
        }
        self.iface_paths = import_paths;
        self.exporting.clear();

        let root = self.world_root(
            &linked,
            &root_imports,
            &world_types,
            &exported,
            &root_exports,
        );
        tree.add(&[], TokenStream::new(), root);
        tree.render()
    }

    /// The world-level items: world types, the imports trait, the world
    /// struct and its methods.
    fn world_root(
        &self,
        linked: &[LinkedImport],
        root_imports: &[&Function],
        world_types: &[TypeId],
        exported: &[ExportedInterface],
        root_exports: &[&Function],
    ) -> TokenStream {
        let world = &self.resolve.worlds[self.world];
        let world_name = names::camel_ident(&world.name);
        let location = format!("world {}", world.name);
        let types = world_types.iter().map(|id| self.define(*id, &[]));

        // World-level imported functions.
        let imports_trait = format_ident!("{}Imports", world_name);
        let root_resources = self.resources_among(world_types.iter().copied());
        let has_root = !root_imports.is_empty() || !root_resources.is_empty();
        let (imports_trait_def, add_root) = if !has_root {
            (TokenStream::new(), TokenStream::new())
        } else {
            self.host_items(
                &quote!(#imports_trait),
                root_imports,
                &root_resources,
                &[],
                &if root_resources.is_empty() {
                    format!(
                        "The host's implementation of the functions world `{}` imports directly.",
                        world.name
                    )
                } else {
                    format!(
                        "The host's implementation of the functions and resources world `{}` \
                         imports directly.",
                        world.name
                    )
                },
                LinkTarget {
                    name: "add_root_to_linker",
                    doc: format!(
                        "Registers the functions world `{}` imports directly in the root of \
                         `linker`.",
                        world.name
                    ),
                    instance: None,
                    trace_name: &world.name,
                },
            )
        };

        // The world-level `add_to_linker`.
        let mut bounds = Vec::new();
        let mut calls = Vec::new();
        if has_root {
            bounds.push(quote!(#imports_trait));
            calls.push(quote!(Self::add_root_to_linker(linker, get)?;));
        }
        for import in linked {
            let prefix = relative_path(&[], &import.module);
            bounds.push(quote!(#prefix Host));
            calls.push(quote!(#prefix add_to_linker(linker, get)?;));
        }
        let unused = if calls.is_empty() {
            quote!(let _ = (linker, get);)
        } else {
            TokenStream::new()
        };
        let add_to_linker = self.linker_fn(
            "add_to_linker",
            &format!(
                "Registers everything world `{}` imports in `linker`, calling the host reached \
                 from the store data through `get`.",
                world.name
            ),
            &bounds,
            quote! {
                #unused
                #(#calls)*
                ::core::result::Result::Ok(())
            },
        );

        // Exports: fields, lookups, methods.
        let funcs: Vec<_> = root_exports
            .iter()
            .map(|f| {
                self.export_func(
                    f,
                    &[],
                    &quote!(::core::option::Option::None),
                    &location,
                    &world.name,
                )
            })
            .collect();
        let mut fields = Vec::new();
        let mut field_names = Vec::new();
        let mut inits = Vec::new();
        let mut methods = Vec::new();
        for f in &funcs {
            let field = &f.field;
            fields.push(quote!(#field: ::hoist::component::ComponentExportIndex));
            field_names.push(field.clone());
            inits.push(f.init.clone());
            methods.push(f.method.clone());
        }
        for e in exported {
            let accessor = &e.accessor;
            let prefix = relative_path(&[], &e.module);
            let name = Literal::string(&e.export_name);
            let missing = Literal::string(&format!(
                "no exported instance `{}` in {location}",
                e.export_name
            ));
            fields.push(quote!(#accessor: #prefix Guest));
            field_names.push(accessor.clone());
            inits.push(quote! {
                let #accessor = {
                    let index = instance
                        .get_export_index(store.as_context_mut(), ::core::option::Option::None, #name)
                        .ok_or_else(|| ::hoist::anyhow::anyhow!(#missing))?;
                    #prefix Guest::new(store.as_context_mut(), instance, &index)?
                };
            });
            let doc = doc_text(&format!(
                "The functions of the exported interface `{}`.",
                e.export_name
            ));
            methods.push(quote! {
                #doc
                pub fn #accessor(&self) -> &#prefix Guest {
                    &self.#accessor
                }
            });
        }

        let (instantiate, instantiate_pre) = self.instantiate_fns(&world.name);
        // The struct has a doc of its own (`struct_doc`) when the WIT has none.
        let world_docs = docs(&world.docs, String::new);
        let struct_doc = doc_text(&format!(
            "The exports of an instance of world `{}`, with the functions to link its imports \
             and to instantiate it.",
            world.name
        ));
        let separator = if world.docs.contents.is_some() {
            quote!(#[doc = ""])
        } else {
            TokenStream::new()
        };
        let new_doc = doc_text(&format!(
            "Looks up and type-checks the exports of world `{}` in an already created \
             `instance`.",
            world.name
        ));
        quote! {
            #(#types)*
            #imports_trait_def
            #world_docs
            #separator
            #struct_doc
            pub struct #world_name {
                instance: ::hoist::component::Instance,
                #(#fields,)*
            }
            impl #world_name {
                #add_to_linker
                #add_root
                #instantiate
                #instantiate_pre
                #new_doc
                #[allow(unused_mut, unused_variables)]
                pub fn new(
                    mut store: impl ::hoist::AsContextMut,
                    instance: &::hoist::component::Instance,
                ) -> ::hoist::anyhow::Result<Self> {
                    #(#inits)*
                    ::core::result::Result::Ok(Self {
                        instance: instance.clone(),
                        #(#field_names,)*
                    })
                }
                /// The instance these exports belong to.
                pub fn instance(&self) -> &::hoist::component::Instance {
                    &self.instance
                }
                #(#methods)*
            }
        }
    }

    /// `instantiate` and `instantiate_pre` (or their `_async` forms).
    fn instantiate_fns(&self, world: &str) -> (TokenStream, TokenStream) {
        let doc = doc_text(&format!(
            "Instantiates `component` with the imports registered in `linker` and looks up \
             the exports of world `{world}`. Returns the exports and the instance."
        ));
        let pre_doc = doc_text(&format!(
            "Instantiates a pre-linked component and looks up the exports of world \
             `{world}`. Returns the exports and the instance."
        ));
        if self.opts.async_ {
            (
                quote! {
                    #doc
                    pub async fn instantiate_async<T_: Send + 'static>(
                        mut store: impl ::hoist::AsContextMut<Data = T_>,
                        component: &::hoist::component::Component,
                        linker: &::hoist::component::Linker<T_>,
                    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
                        let instance = linker.instantiate_async(store.as_context_mut(), component).await?;
                        let exports = Self::new(store.as_context_mut(), &instance)?;
                        ::core::result::Result::Ok((exports, instance))
                    }
                },
                quote! {
                    #pre_doc
                    pub async fn instantiate_pre_async<T_: Send + 'static>(
                        mut store: impl ::hoist::AsContextMut<Data = T_>,
                        pre: &::hoist::component::InstancePre<T_>,
                    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
                        let instance = pre.instantiate_async(store.as_context_mut()).await?;
                        let exports = Self::new(store.as_context_mut(), &instance)?;
                        ::core::result::Result::Ok((exports, instance))
                    }
                },
            )
        } else {
            (
                quote! {
                    #doc
                    pub fn instantiate<T_: 'static>(
                        mut store: impl ::hoist::AsContextMut<Data = T_>,
                        component: &::hoist::component::Component,
                        linker: &::hoist::component::Linker<T_>,
                    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
                        let instance = linker.instantiate(store.as_context_mut(), component)?;
                        let exports = Self::new(store.as_context_mut(), &instance)?;
                        ::core::result::Result::Ok((exports, instance))
                    }
                },
                quote! {
                    #pre_doc
                    pub fn instantiate_pre<T_: 'static>(
                        mut store: impl ::hoist::AsContextMut<Data = T_>,
                        pre: &::hoist::component::InstancePre<T_>,
                    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
                        let instance = pre.instantiate(store.as_context_mut())?;
                        let exports = Self::new(store.as_context_mut(), &instance)?;
                        ::core::result::Result::Ok((exports, instance))
                    }
                },
            )
        }
    }
}
