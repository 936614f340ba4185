//! WIT functions in Rust: host-trait methods and their `func_wrap`
//! registration (imports), and typed `call_*` methods (exports), including
//! the trappable-error conversion and `tracing` instrumentation.
//!
//! The rule for host methods: every method returns
//! `hoist::anyhow::Result<R>` (an `Err` traps the guest), except functions
//! whose WIT result is `result<T, E>` with `E` registered as a trappable
//! error type, which return `Result<T, UserError>` instead. Traits, structs
//! and modules that hold these methods are assembled in `interface` and
//! `world`; type mapping is in `types`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use wit_parser::{Function, FunctionKind, Type, TypeDefKind, TypeId};

use crate::context::{Ctx, Trappable};
use crate::names;
use crate::types::{docs, Mode};

/// How a host method reports its result.
enum HostRet<'a> {
    /// `hoist::anyhow::Result<R>`.
    Plain,
    /// `Result<T, UserError>`, converted by `convert_<err>`.
    Trappable {
        ok: Option<Type>,
        err: TypeId,
        user: &'a Trappable,
    },
}

/// A trappable error type used by some host method of a trait, for which
/// the trait declares a `convert_*` method.
pub(crate) struct Conversion {
    /// De-aliased WIT error type.
    pub err: TypeId,
    /// Method name (`convert_errno`).
    pub method: Ident,
}

/// Names of locals the generated `call_*` methods use, which parameters
/// must not shadow.
const EXPORT_RESERVED: &[&str] = &["store", "callee", "span", "ret0"];

/// The Rust name of `func` in its host trait: `new` for a resource's
/// constructor, the method's own name for a method or static function of a
/// resource, else the function's name.
pub(crate) fn method_name(func: &Function) -> Ident {
    match func.kind {
        FunctionKind::Constructor(_) => format_ident!("new"),
        _ => names::snake_ident(func.item_name()),
    }
}

impl Ctx<'_> {
    /// The part of export method names that names `func`: the function's
    /// name, or for a function of a resource the resource's name and the
    /// method's (`counter_new`, `counter_get`).
    fn export_stem(&self, func: &Function) -> String {
        match func.kind.resource() {
            Some(r) => {
                let resource =
                    names::snake(self.resolve.types[r].name.as_deref().unwrap_or("resource"));
                let method = match func.kind {
                    FunctionKind::Constructor(_) => "new".to_string(),
                    _ => names::snake(func.item_name()),
                };
                format!("{resource}_{method}")
            }
            None => names::snake(&func.name),
        }
    }

    /// The trappable-error shape of `func`, when its result is
    /// `result<T, E>` with `E` registered by the user.
    fn host_ret(&self, func: &Function) -> HostRet<'_> {
        let Some(Type::Id(id)) = &func.result else {
            return HostRet::Plain;
        };
        let TypeDefKind::Result(result) = &self.resolve.types[self.dealias(*id)].kind else {
            return HostRet::Plain;
        };
        let Some(Type::Id(err)) = result.err else {
            return HostRet::Plain;
        };
        match self.trappable.get(&self.dealias(err)) {
            Some(user) => HostRet::Trappable {
                ok: result.ok,
                err,
                user,
            },
            None => HostRet::Plain,
        }
    }

    /// The conversions (one per trappable error type) needed by `funcs`.
    pub fn conversions(&self, funcs: &[&Function]) -> Vec<Conversion> {
        let mut out: Vec<Conversion> = Vec::new();
        for func in funcs {
            if let HostRet::Trappable { err, user, .. } = self.host_ret(func) {
                let err = self.dealias(err);
                if !out.iter().any(|c| c.err == err) {
                    let method = format_ident!("convert_{}", names::snake(&user.wit_name));
                    out.push(Conversion { err, method });
                }
            }
        }
        out
    }

    /// The declaration of `convert_*` in a host trait.
    pub fn conversion_decl(&self, conv: &Conversion, cur: &[String]) -> TokenStream {
        let user = &self.trappable[&conv.err].rust;
        let wit = self.type_path(conv.err, cur);
        let method = &conv.method;
        let text = format!(
            "Turns the error a method of this trait returned into the WIT `{}` value given \
             back to the guest (`Ok`), or into a trap (`Err`).",
            self.trappable[&conv.err].wit_name
        );
        let doc = crate::types::doc_text(&text);
        quote! {
            #doc
            fn #method(&mut self, err: #user) -> ::hoist::anyhow::Result<#wit>;
        }
    }

    /// The declaration of the host-trait method for `func`.
    pub fn host_method_decl(&self, func: &Function, cur: &[String]) -> TokenStream {
        let name = method_name(func);
        let params = func.params.iter().map(|p| {
            let pname = names::snake_ident(&p.name);
            let ty = self.ty(&p.ty, cur, Mode::Owned);
            quote!(#pname: #ty)
        });
        let ret = match self.host_ret(func) {
            HostRet::Plain => {
                let r = self.optional(func.result.as_ref(), cur, Mode::Owned);
                quote!(::hoist::anyhow::Result<#r>)
            }
            HostRet::Trappable { ok, user, .. } => {
                let ok = self.optional(ok.as_ref(), cur, Mode::Owned);
                let user = &user.rust;
                quote!(::core::result::Result<#ok, #user>)
            }
        };
        let ret = if self.opts.async_ {
            quote!(impl ::core::future::Future<Output = #ret> + Send)
        } else {
            ret
        };
        let docs = docs(&func.docs, || format!("The WIT function `{}`.", func.name));
        quote! {
            #docs
            fn #name(&mut self, #(#params),*) -> #ret;
        }
    }

    /// The statement registering `func` on the `LinkerInstance` named
    /// `inst`, calling `trait_path::method` on the host reached through
    /// `get`. `instance_name` is only used for tracing.
    pub fn func_wrap(
        &self,
        func: &Function,
        cur: &[String],
        trait_path: &TokenStream,
        instance_name: &str,
    ) -> TokenStream {
        let wit_name = Literal::string(&func.name);
        let method = method_name(func);
        let args: Vec<Ident> = (0..func.params.len())
            .map(|i| format_ident!("arg{}", i))
            .collect();
        let tys = func.params.iter().map(|p| self.ty(&p.ty, cur, Mode::Owned));
        let conv = self.conversions(&[func]);
        let await_ = if self.opts.async_ {
            quote!(.await)
        } else {
            TokenStream::new()
        };
        let call = quote!(#trait_path::#method(host, #(#args),*) #await_);
        let (compute, results_ty) = match (&conv[..], &func.result) {
            ([conv], _) => {
                let convert = &conv.method;
                let call = quote!(#trait_path::#method(&mut *host, #(#args),*) #await_);
                let ty = self.optional(func.result.as_ref(), cur, Mode::Owned);
                (
                    quote! {
                        let r = match #call {
                            ::core::result::Result::Ok(v) => ::core::result::Result::Ok(v),
                            ::core::result::Result::Err(e) => ::core::result::Result::Err(#trait_path::#convert(host, e)?),
                        };
                    },
                    quote!((#ty,)),
                )
            }
            (_, Some(ty)) => {
                let ty = self.ty(ty, cur, Mode::Owned);
                (quote!(let r = #call?;), quote!((#ty,)))
            }
            (_, None) => (quote!(let r = #call?;), quote!(())),
        };
        let ret_value = if func.result.is_some() {
            quote!(::core::result::Result::Ok((r,)))
        } else {
            quote!(::core::result::Result::Ok(r))
        };
        let params_ty = quote!((#(#tys,)*));
        let pattern = quote!((#(#args,)*));
        let tracing = self.opts.tracing;
        let span = self.call_span("hoist host call", instance_name, &wit_name);
        // The events are children of `span`: entered around the body of a
        // sync host function, and the future's own span (`instrument`) in
        // an async one.
        let (event_call, event_ret) = if tracing {
            (
                call_event(func, &args, &TokenStream::new()),
                quote!(::hoist::tracing::event!(::hoist::tracing::Level::TRACE, result = ::hoist::tracing::field::debug(&r), "return");),
            )
        } else {
            (TokenStream::new(), TokenStream::new())
        };
        let body = quote! {
            let host = get(caller.data_mut());
            #event_call
            #compute
            #event_ret
            #ret_value
        };
        if self.opts.async_ {
            let fut = quote!(async move { #body });
            let fut = if tracing {
                quote!(::hoist::tracing::Instrument::instrument(#fut, span))
            } else {
                fut
            };
            quote! {
                inst.func_wrap_async(
                    #wit_name,
                    move |mut caller: ::hoist::StoreContextMut<'_, T_>, #pattern: #params_ty| {
                        #span
                        ::std::boxed::Box::new(#fut)
                    },
                )?;
            }
        } else {
            let enter = if tracing {
                quote!(let _enter = span.enter();)
            } else {
                TokenStream::new()
            };
            quote! {
                inst.func_wrap(
                    #wit_name,
                    move |mut caller: ::hoist::StoreContextMut<'_, T_>, #pattern: #params_ty| -> ::hoist::anyhow::Result<#results_ty> {
                        #span
                        #enter
                        #body
                    },
                )?;
            }
        }
    }

    /// The pieces of an export function: the field holding its export
    /// index, the statements initialising it in `new`, and its `call_*`
    /// method. `parent` is the tokens of the instance export index
    /// (`None` or `Some(index)`); `location` names the world or exported
    /// interface in error messages, and `module` (its plain name) in
    /// tracing.
    pub fn export_func(
        &self,
        func: &Function,
        cur: &[String],
        parent: &TokenStream,
        location: &str,
        module: &str,
    ) -> ExportFunc {
        let wit_name = Literal::string(&func.name);
        let field = format_ident!("{}_index", self.export_stem(func));
        let params: Vec<Ident> = func
            .params
            .iter()
            .map(|p| {
                let name = names::snake(&p.name);
                if EXPORT_RESERVED.contains(&name.as_str()) {
                    format_ident!("{}_", name)
                } else {
                    names::snake_ident(&p.name)
                }
            })
            .collect();
        let param_mode = if self.borrowing() {
            Mode::Borrowed
        } else {
            Mode::Owned
        };
        let param_tys: Vec<TokenStream> = func
            .params
            .iter()
            .map(|p| self.ty(&p.ty, cur, param_mode))
            .collect();
        let result_ty = self.optional(func.result.as_ref(), cur, Mode::Owned);
        let results_tuple = if func.result.is_some() {
            quote!((#result_ty,))
        } else {
            quote!(())
        };
        let params_tuple = quote!((#(#param_tys,)*));
        let missing = Literal::string(&format!(
            "no exported function `{}` in {location}",
            func.name
        ));
        let init = quote! {
            let #field = instance
                .get_export_index(store.as_context_mut(), #parent, #wit_name)
                .ok_or_else(|| ::hoist::anyhow::anyhow!(#missing))?;
            instance.get_typed_func::<#params_tuple, #results_tuple>(store.as_context_mut(), &#field)?;
        };

        // A resource's functions are methods of its `GuestR` view, which
        // reaches the `Guest` holding the export indices as `self.guest`.
        let (method, recv) = match func.kind {
            FunctionKind::Constructor(_) => (format_ident!("call_constructor"), quote!(self.guest)),
            FunctionKind::Method(_) | FunctionKind::Static(_) => (
                format_ident!("call_{}", names::snake(func.item_name())),
                quote!(self.guest),
            ),
            _ => (
                format_ident!("call_{}", self.export_stem(func)),
                quote!(self),
            ),
        };
        let docs = docs(&func.docs, || format!("The WIT function `{}`.", func.name));
        let tracing = self.opts.tracing;
        let asyncness = self.opts.async_;
        let span = self.call_span("hoist export call", module, &wit_name);
        let parent_span = if asyncness {
            quote!(parent: &span,)
        } else {
            TokenStream::new()
        };
        let enter = if tracing && !asyncness {
            quote!(let _enter = span.enter();)
        } else {
            TokenStream::new()
        };
        let (event_call, event_ret) = if tracing {
            let ret = if func.result.is_some() {
                quote!(::hoist::tracing::event!(#parent_span ::hoist::tracing::Level::TRACE, result = ::hoist::tracing::field::debug(&ret0), "return");)
            } else {
                quote!(::hoist::tracing::event!(#parent_span ::hoist::tracing::Level::TRACE, "return");)
            };
            (call_event(func, &params, &parent_span), ret)
        } else {
            (TokenStream::new(), TokenStream::new())
        };
        let (rets, ret_expr) = if func.result.is_some() {
            (quote!((ret0,)), quote!(ret0))
        } else {
            (quote!(()), quote!(()))
        };
        // `call`/`call_async` run the guest's `post-return` themselves, after
        // lifting the (owned) results.
        let (call, async_kw, store_ty) = if asyncness {
            (
                quote!(callee.call_async(store.as_context_mut(), (#(#params,)*)).await?),
                quote!(async),
                quote!(impl ::hoist::AsContextMut<Data: Send>),
            )
        } else {
            (
                quote!(callee.call(store.as_context_mut(), (#(#params,)*))?),
                TokenStream::new(),
                quote!(impl ::hoist::AsContextMut),
            )
        };
        let method = quote! {
            #docs
            pub #async_kw fn #method(
                &self,
                mut store: #store_ty,
                #(#params: #param_tys,)*
            ) -> ::hoist::anyhow::Result<#result_ty> {
                #span
                #enter
                #event_call
                let callee = #recv
                    .instance
                    .get_typed_func::<#params_tuple, #results_tuple>(store.as_context_mut(), &#recv.#field)?;
                let #rets = #call;
                #event_ret
                ::core::result::Result::Ok(#ret_expr)
            }
        };
        ExportFunc {
            field,
            init,
            method,
        }
    }

    /// When tracing is on, the statement creating `span`, the span named
    /// `name` (`hoist host call`, `hoist export call`) of a call of the
    /// function `function` of `module`; else nothing.
    fn call_span(&self, name: &str, module: &str, function: &Literal) -> TokenStream {
        if !self.opts.tracing {
            return TokenStream::new();
        }
        let module = Literal::string(module);
        quote! {
            let span = ::hoist::tracing::span!(
                ::hoist::tracing::Level::TRACE,
                #name,
                module = #module,
                function = #function
            );
        }
    }
}

/// The tracing event `call` of `func`, with each argument (the locals
/// `args`) as a field named after its parameter; `parent` is empty or
/// `parent: &span,`.
fn call_event(func: &Function, args: &[Ident], parent: &TokenStream) -> TokenStream {
    let fields = func.params.iter().zip(args).map(|(p, arg)| {
        let field = format_ident!("{}", names::plain_snake_name(&p.name));
        quote!(#field = ::hoist::tracing::field::debug(&#arg),)
    });
    quote!(::hoist::tracing::event!(#parent ::hoist::tracing::Level::TRACE, #(#fields)* "call");)
}

/// The pieces `export_func` returns.
pub(crate) struct ExportFunc {
    /// Name of the field holding the export index.
    pub field: Ident,
    /// Statements defining the local `field` inside `new`.
    pub init: TokenStream,
    /// The `call_*` method.
    pub method: TokenStream,
}
