//! Nesting generated items into `pub mod` blocks.
//!
//! Items are collected per module path (`["foo", "foo", "records"]`) and
//! rendered as nested modules, parents before children, siblings in the
//! order they were first added (so imports come before `exports`). What
//! the items are is decided elsewhere.

use proc_macro2::TokenStream;
use quote::quote;

use crate::names;

/// Items grouped by the module they belong to.
#[derive(Default)]
pub(crate) struct ModuleTree {
    /// Modules in the order they were first added.
    modules: Vec<(Vec<String>, Module)>,
}

#[derive(Default)]
struct Module {
    docs: TokenStream,
    items: Vec<TokenStream>,
}

impl ModuleTree {
    /// Adds `items` to the module at `path` (the root when empty), with
    /// inner doc attributes `docs` (kept from the first addition that has
    /// some).
    pub fn add(&mut self, path: &[String], docs: TokenStream, items: TokenStream) {
        let index = match self.modules.iter().position(|(p, _)| p.as_slice() == path) {
            Some(index) => index,
            None => {
                self.modules.push((path.to_vec(), Module::default()));
                self.modules.len() - 1
            }
        };
        let module = &mut self.modules[index].1;
        if module.docs.is_empty() {
            module.docs = docs;
        }
        module.items.push(items);
    }

    /// Renders the root items followed by every module.
    pub fn render(&self) -> TokenStream {
        let root = self.get(&[]).map(|m| m.items.clone()).unwrap_or_default();
        let children = self.children(&[]);
        quote!(#(#root)* #(#children)*)
    }

    /// The `pub mod` blocks directly below `prefix`.
    fn children(&self, prefix: &[String]) -> Vec<TokenStream> {
        let mut names: Vec<&String> = Vec::new();
        for (path, _) in &self.modules {
            if path.len() > prefix.len() && path.starts_with(prefix) {
                let name = &path[prefix.len()];
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
            .into_iter()
            .map(|name| {
                let mut path = prefix.to_vec();
                path.push(name.clone());
                let (mut docs, items) = match self.get(&path) {
                    Some(m) => (m.docs.clone(), m.items.clone()),
                    None => (TokenStream::new(), Vec::new()),
                };
                if docs.is_empty() {
                    // Namespace and package modules have no WIT docs of
                    // their own; say what they hold, so `missing_docs` holds.
                    let text = format!(" Bindings generated from WIT, for `{}`.", path.join("/"));
                    docs = quote!(#![doc = #text]);
                }
                let children = self.children(&path);
                let ident = names::ident(name);
                let allow = if prefix.is_empty() {
                    quote!(#[allow(clippy::all)])
                } else {
                    TokenStream::new()
                };
                quote! {
                    #allow
                    pub mod #ident {
                        #docs
                        #(#items)*
                        #(#children)*
                    }
                }
            })
            .collect()
    }

    fn get(&self, path: &[String]) -> Option<&Module> {
        self.modules
            .iter()
            .find(|(p, _)| p.as_slice() == path)
            .map(|(_, m)| m)
    }
}
