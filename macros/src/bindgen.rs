//! Parsing of `bindgen!` input into `hoist_codegen::Opts`, and the expansion:
//! the generated code plus `include_bytes!` of every WIT file read (so that
//! editing one rebuilds the crate).

use hoist_codegen::{Opts, Ownership};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::{Path, PathBuf};
use syn::parse::{Parse, ParseStream};
use syn::{braced, bracketed, token, Ident, LitBool, LitStr, Token};

struct Input {
    opts: Opts,
    /// The whole input, where an error no option is to blame for points.
    span: Span,
    /// Where options were written, so that an error about one points at
    /// it: (text that an error about it contains, span).
    blame: Vec<(String, Span)>,
}

impl Input {
    /// The span an error message from the generator should point at.
    fn span_for(&self, message: &str) -> Span {
        self.blame
            .iter()
            .find(|(needle, _)| message.contains(needle.as_str()))
            .map_or(self.span, |(_, span)| *span)
    }
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_string()))
}

fn rel(p: &str) -> PathBuf {
    let p = Path::new(p);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        manifest_dir().join(p)
    }
}

/// A Rust path written in the macro, as text.
fn path_text(p: &syn::Path) -> String {
    quote!(#p).to_string().replace(' ', "")
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let span = input.span();
        let mut opts = Opts::default();
        let mut blame = Vec::new();
        if input.peek(LitStr) {
            let first: LitStr = input.parse()?;
            if input.peek(Token![in]) {
                input.parse::<Token![in]>()?;
                let path: LitStr = input.parse()?;
                opts.world = Some(first.value());
                opts.path.push(rel(&path.value()));
            } else {
                opts.path.push(rel(&first.value()));
            }
            return Ok(Input {
                opts,
                span,
                blame: Vec::new(),
            });
        }
        let content;
        braced!(content in input);
        while !content.is_empty() {
            let key: Ident = if content.peek(Token![async]) {
                content.parse::<Token![async]>()?;
                Ident::new("async", Span::call_site())
            } else {
                content.parse()?
            };
            content.parse::<Token![:]>()?;
            match key.to_string().as_str() {
                "world" => {
                    let world: LitStr = content.parse()?;
                    blame.push(("unknown world".to_string(), world.span()));
                    opts.world = Some(world.value());
                }
                "path" => {
                    if content.peek(token::Bracket) {
                        let list;
                        bracketed!(list in content);
                        for p in list.parse_terminated(|s: ParseStream<'_>| s.parse::<LitStr>(), Token![,])? {
                            opts.path.push(rel(&p.value()));
                        }
                    } else {
                        opts.path.push(rel(&content.parse::<LitStr>()?.value()));
                    }
                }
                "inline" => {
                    let inline: LitStr = content.parse()?;
                    blame.push(("invalid inline WIT".to_string(), inline.span()));
                    opts.inline = Some(inline.value());
                }
                "tracing" => opts.tracing = content.parse::<LitBool>()?.value,
                "async" => opts.async_ = content.parse::<LitBool>()?.value,
                "all_features" => opts.all_features = content.parse::<LitBool>()?.value,
                "features" => {
                    let list;
                    bracketed!(list in content);
                    for f in list.parse_terminated(|s: ParseStream<'_>| s.parse::<LitStr>(), Token![,])? {
                        opts.features.push(f.value());
                    }
                }
                "trappable_error_type" | "with" => {
                    let map;
                    braced!(map in content);
                    while !map.is_empty() {
                        let k: LitStr = map.parse()?;
                        blame.insert(0, (format!("key `{}`", k.value()), k.span()));
                        if key == "with" {
                            map.parse::<Token![:]>()?;
                        } else {
                            map.parse::<Token![=>]>()?;
                        }
                        let v: syn::Path = map.parse()?;
                        let entry = (k.value(), path_text(&v));
                        if key == "with" {
                            opts.with.push(entry);
                        } else {
                            opts.trappable_error_type.push(entry);
                        }
                        if map.is_empty() {
                            break;
                        }
                        map.parse::<Token![,]>()?;
                    }
                }
                "additional_derives" => {
                    let list;
                    bracketed!(list in content);
                    for p in list.parse_terminated(syn::Path::parse_mod_style, Token![,])? {
                        opts.additional_derives.push(path_text(&p));
                    }
                }
                "ownership" => {
                    let kind: Ident = content.parse()?;
                    opts.ownership = match kind.to_string().as_str() {
                        "Owning" => Ownership::Owning,
                        "Borrowing" => {
                            let mut duplicate_if_necessary = false;
                            if content.peek(token::Brace) {
                                let inner;
                                braced!(inner in content);
                                let k: Ident = inner.parse()?;
                                if k != "duplicate_if_necessary" {
                                    return Err(syn::Error::new(k.span(), "expected `duplicate_if_necessary`"));
                                }
                                inner.parse::<Token![:]>()?;
                                duplicate_if_necessary = inner.parse::<LitBool>()?.value;
                            }
                            Ownership::Borrowing { duplicate_if_necessary }
                        }
                        _ => {
                            return Err(syn::Error::new(
                                kind.span(),
                                "expected `Owning` or `Borrowing { duplicate_if_necessary: bool }`",
                            ))
                        }
                    };
                }
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown `bindgen!` option `{other}`; expected one of: world, path, inline, \
                             trappable_error_type, with, additional_derives, tracing, ownership, async, \
                             features, all_features"
                        ),
                    ))
                }
            }
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        if opts.path.is_empty() && opts.inline.is_none() {
            opts.path.push(manifest_dir().join("wit"));
        }
        Ok(Input { opts, span, blame })
    }
}

/// Expands one `bindgen!` invocation.
pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let input: Input = syn::parse2(input)?;
    let (code, files) = hoist_codegen::generate_with_deps(&input.opts).map_err(|e| {
        let message = format!("{e:#}");
        syn::Error::new(input.span_for(&message), message)
    })?;
    let deps = files.iter().filter_map(|f| f.to_str()).map(|f| {
        quote!(
            const _: &[u8] = include_bytes!(#f);
        )
    });
    let body: TokenStream = if std::env::var("HOIST_DEBUG_BINDGEN").is_ok_and(|v| v == "1") {
        let dir = std::env::var("OUT_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| std::env::temp_dir().join("hoist-bindgen"));
        let _ = std::fs::create_dir_all(&dir);
        let name = input
            .opts
            .world
            .clone()
            .unwrap_or_else(|| "world".to_string())
            .replace([':', '/', '@'], "_");
        // Several invocations in one crate may name the same world: the
        // hash of the output keeps their files apart.
        let hash = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            code.hash(&mut h);
            h.finish()
        };
        let file = dir.join(format!("hoist-bindgen-{name}-{hash:016x}.rs"));
        std::fs::write(&file, &code)
            .map_err(|e| syn::Error::new(input.span, format!("writing {}: {e}", file.display())))?;
        let f = file.to_string_lossy().to_string();
        quote!(include!(#f);)
    } else {
        code.parse().map_err(|e| {
            syn::Error::new(input.span, format!("generated code does not tokenize: {e}"))
        })?
    };
    Ok(quote! {
        #body
        #(#deps)*
    })
}
