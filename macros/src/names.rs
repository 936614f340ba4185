//! Component-model names of Rust items: the default name of a field, case
//! or flag (its Rust identifier in kebab-case), the check that a name is a
//! valid component-model label, and the check that the names of one type
//! are unique.
//!
//! The component model's grammar for these names (its `label`) is words
//! joined by `-`, where each word is either all lower case (`[a-z][0-9a-z]*`)
//! or all upper case (`[A-Z][0-9A-Z]*`). Two names of one type clash when
//! they are equal ignoring ASCII case, as component validation compares
//! them.

use crate::errors::Errors;
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{Ident, LitStr};

/// A component-model name chosen for a Rust item, with where it came from
/// (for error messages and spans).
#[derive(Clone, Debug)]
pub(crate) struct Name {
    /// The name in the component type.
    pub(crate) text: String,
    /// The attribute's string literal when the name was given with
    /// `#[component(name = "...")]`, else the span of the Rust identifier.
    pub(crate) span: Span,
}

/// Splits an identifier (already without `r#`) into its words: at `_`, at a
/// lower-case letter or digit followed by an upper-case letter
/// (`fooBar`), and before the last capital of a run followed by a lower-case
/// letter (`HTTPServer` → `HTTP`, `Server`). Digits stay with the word they
/// follow.
fn words(ident: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in ident.split('_') {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let boundary = c.is_uppercase()
                && match prev {
                    Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                    Some(p) if p.is_uppercase() => next.is_some_and(char::is_lowercase),
                    _ => false,
                };
            if boundary && !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            word.push(c);
        }
        if !word.is_empty() {
            out.push(word);
        }
    }
    out
}

/// The default component-model name of a Rust identifier: its words in
/// lower case joined by `-` (`r#type` → `type`, `FooBar` → `foo-bar`,
/// `foo_bar` → `foo-bar`, `SOME_FLAG` → `some-flag`).
pub(crate) fn kebab(ident: &Ident) -> String {
    words(&ident.unraw().to_string())
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("-")
}

/// Why `name` is not a component-model label, or `None` if it is one.
pub(crate) fn label_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("a name cannot be empty".to_string());
    }
    for word in name.split('-') {
        let Some(first) = word.chars().next() else {
            return Some(
                "`-` must join two words (no leading, trailing or doubled `-`)".to_string(),
            );
        };
        if !first.is_ascii_alphabetic() {
            return Some(format!("the word `{word}` must start with an ASCII letter"));
        }
        let lower = word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        let upper = word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !lower && !upper {
            return Some(format!(
                "the word `{word}` must be all lower case or all upper case ASCII letters and digits"
            ));
        }
    }
    None
}

/// The component-model name of the Rust item `ident`: `renamed` (the
/// literal of its `#[component(name = "...")]`) if given, else the
/// identifier in kebab-case. `what` says what the item is ("field",
/// "case", "flag") for the error when the name is not a valid label.
pub(crate) fn name_of(ident: &Ident, renamed: Option<&LitStr>, what: &str) -> syn::Result<Name> {
    match renamed {
        Some(lit) => {
            let text = lit.value();
            if let Some(problem) = label_problem(&text) {
                return Err(syn::Error::new(
                    lit.span(),
                    format!(
                        "`{text}` is not a valid component-model name: {problem}; \
                         names are kebab-case words such as `my-{what}`"
                    ),
                ));
            }
            Ok(Name {
                text,
                span: lit.span(),
            })
        }
        None => {
            let text = kebab(ident);
            if let Some(problem) = label_problem(&text) {
                return Err(syn::Error::new(
                    ident.span(),
                    format!(
                        "the {what} `{ident}` has no valid component-model name by default \
                         (`{text}`: {problem}); give it one with `#[component(name = \"my-{what}\")]`"
                    ),
                ));
            }
            Ok(Name {
                text,
                span: ident.span(),
            })
        }
    }
}

/// Checks that no two of `names` (of the `what`s of one type, in order)
/// are equal ignoring ASCII case: the error is on the later one.
pub(crate) fn check_unique(names: &[(&Ident, &Name)], what: &str) -> syn::Result<()> {
    let mut errors = Errors::default();
    for (i, (ident, name)) in names.iter().enumerate() {
        let earlier = names[..i]
            .iter()
            .find(|(_, n)| n.text.eq_ignore_ascii_case(&name.text));
        if let Some((first, first_name)) = earlier {
            errors.push(syn::Error::new(
                name.span,
                format!(
                    "the {what}s `{first}` and `{ident}` are both named `{}` in the component \
                     type (names are compared ignoring case); rename one with \
                     `#[component(name = \"...\")]`",
                    if first_name.text == name.text {
                        name.text.clone()
                    } else {
                        format!("{}` / `{}", first_name.text, name.text)
                    }
                ),
            ));
        }
    }
    errors.finish(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kebab_of(s: &str) -> String {
        kebab(&syn::parse_str::<Ident>(s).expect("an identifier"))
    }

    #[test]
    fn default_names_are_kebab_case() {
        assert_eq!(kebab_of("r#type"), "type");
        assert_eq!(kebab_of("FooBar"), "foo-bar");
        assert_eq!(kebab_of("foo_bar"), "foo-bar");
        assert_eq!(kebab_of("READ"), "read");
        assert_eq!(kebab_of("SOME_FLAG"), "some-flag");
        assert_eq!(kebab_of("HTTPServer"), "http-server");
        assert_eq!(kebab_of("Utf8Text"), "utf8-text");
        assert_eq!(kebab_of("x"), "x");
        assert_eq!(kebab_of("_private"), "private");
        assert_eq!(kebab_of("V2_0"), "v2-0");
    }

    #[test]
    fn labels_follow_the_component_grammar() {
        for ok in ["a", "foo-bar", "HTTP-server", "utf8", "a1-B2"] {
            assert_eq!(label_problem(ok), None, "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "1a", "a-0", "fooBar", "a_b", "é"] {
            assert!(label_problem(bad).is_some(), "{bad}");
        }
    }
}
