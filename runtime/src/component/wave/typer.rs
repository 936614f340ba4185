//! Typing parsed WAVE (`wasm-wave`'s untyped syntax tree) by a [`Type`],
//! with errors that name the expected type, what the text has instead and
//! where. `wasm-wave`'s own typing (through the traits) says `invalid value
//! type at 4..9`; the CLI's users need more.
//!
//! The rules are `wasm-wave`'s: an `option` or `result` payload may stand
//! for `some(..)` or `ok(..)` (unless it is an `option` or `result`
//! itself), and an absent `option` record field is `none`.

use super::plural;
use super::traits::{canonical_f32, canonical_f64};
use crate::component::types::{Flags, Record, Type};
use crate::component::values::Val;
use anyhow::{anyhow, Result};
use std::fmt;
use wasm_wave::ast::{Node, NodeType};
use wasm_wave::lex::Span;
use wasm_wave::parser::{ParserError, ParserErrorKind};

/// Where `span` starts in `src`: `at column C`, or `at line L, column C` in
/// text of several lines (both counted from 1, columns in characters).
fn location(src: &str, span: &Span) -> String {
    let before = src.get(..span.start).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    if src.contains('\n') {
        format!("at line {line}, column {column}")
    } else {
        format!("at column {column}")
    }
}

/// `text`, shortened to about 40 characters.
fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX - 3).collect();
        format!("{head}...")
    }
}

/// A syntax error of `wasm-wave`'s parser, with its place in `src`.
pub(super) fn syntax_error(src: &str, e: &ParserError) -> anyhow::Error {
    let span = e.span();
    let mut msg = format!("invalid WAVE: {}", e.kind());
    // An unexpected token's detail is the token's kind (`Comma`); the text
    // found says the same, better.
    let detail = e
        .detail()
        .filter(|_| e.kind() != ParserErrorKind::UnexpectedToken);
    if let Some(detail) = detail {
        msg.push_str(&format!(": {detail}"));
    } else if let Some(source) = std::error::Error::source(e) {
        msg.push_str(&format!(": {source}"));
    }
    let found = src.get(span.clone()).unwrap_or("");
    if !found.is_empty() && e.kind() != ParserErrorKind::UnexpectedEnd {
        msg.push_str(&format!(", found `{}`", excerpt(found)));
    }
    anyhow!("{msg} ({})", location(src, &span))
}

/// Types the nodes of parsed WAVE text `src`.
pub(super) struct Typer<'a> {
    pub(super) src: &'a str,
}

impl Typer<'_> {
    fn error(&self, node: &Node, msg: impl fmt::Display) -> anyhow::Error {
        anyhow!("{msg} ({})", location(self.src, &node.span()))
    }

    fn syntax(&self, e: ParserError) -> anyhow::Error {
        syntax_error(self.src, &e)
    }

    /// What `node` is, for messages: `the string `"x"``.
    fn found(&self, node: &Node) -> String {
        let text = excerpt(self.src.get(node.span()).unwrap_or(""));
        let what = match node.ty() {
            NodeType::BoolTrue | NodeType::BoolFalse => "the bool",
            NodeType::Number => "the number",
            NodeType::Char => "the char",
            NodeType::String | NodeType::MultilineString => "the string",
            NodeType::Tuple => "the tuple",
            NodeType::List => "the list",
            NodeType::TupleSet => "the record",
            NodeType::EmptySet => "the empty flags",
            NodeType::Label => "the label",
            NodeType::VariantWithPayload => "the case",
            NodeType::OptionSome | NodeType::OptionNone => "the option",
            NodeType::ResultOk | NodeType::ResultErr => "the result",
            NodeType::Flags => "the flags",
        };
        format!("{what} `{text}`")
    }

    fn mismatch(&self, ty: &Type, node: &Node) -> anyhow::Error {
        self.error(node, format!("expected `{ty}`, found {}", self.found(node)))
    }

    /// `node` as a value of `ty`.
    pub(super) fn value(&self, node: &Node, ty: &Type) -> Result<Val> {
        if let Type::Own(_) | Type::Borrow(_) = ty {
            return Err(self.error(
                node,
                format!(
                    "resource handles cannot be written in WAVE: cannot make a `{ty}` of {}",
                    self.found(node)
                ),
            ));
        }
        if !accepts(ty, node.ty()) {
            return Err(self.mismatch(ty, node));
        }
        let src = self.src;
        Ok(match ty {
            Type::Bool => Val::Bool(node.ty() == NodeType::BoolTrue),
            Type::S8 => Val::S8(self.int(node, ty)?),
            Type::U8 => Val::U8(self.int(node, ty)?),
            Type::S16 => Val::S16(self.int(node, ty)?),
            Type::U16 => Val::U16(self.int(node, ty)?),
            Type::S32 => Val::S32(self.int(node, ty)?),
            Type::U32 => Val::U32(self.int(node, ty)?),
            Type::S64 => Val::S64(self.int(node, ty)?),
            Type::U64 => Val::U64(self.int(node, ty)?),
            Type::Float32 => Val::Float32(canonical_f32(self.float(node, ty)?)),
            Type::Float64 => Val::Float64(canonical_f64(self.float(node, ty)?)),
            Type::Char => Val::Char(node.as_char(src).map_err(|e| self.syntax(e))?),
            Type::String => Val::String(node.as_str(src).map_err(|e| self.syntax(e))?.into()),
            Type::List(list) => Val::List(
                node.as_list()
                    .map_err(|e| self.syntax(e))?
                    .map(|n| self.value(n, list.ty()))
                    .collect::<Result<_>>()?,
            ),
            Type::Record(record) => self.record(node, record, ty)?,
            Type::Tuple(tuple) => {
                let nodes = node.as_tuple().map_err(|e| self.syntax(e))?;
                if nodes.len() != tuple.type_slice().len() {
                    let n = tuple.type_slice().len();
                    return Err(self.error(
                        node,
                        format!(
                            "expected `{ty}` ({n} element{}), found {} with {} element{}",
                            plural(n),
                            self.found(node),
                            nodes.len(),
                            plural(nodes.len())
                        ),
                    ));
                }
                Val::Tuple(
                    nodes
                        .zip(tuple.types())
                        .map(|(n, t)| self.value(n, t))
                        .collect::<Result<_>>()?,
                )
            }
            Type::Variant(variant) => {
                let (case, payload) = node.as_variant(src).map_err(|e| self.syntax(e))?;
                let Some((_, payload_ty)) = variant.case_index(case).and_then(|i| variant.case(i))
                else {
                    return Err(self.error(node, format!("unknown case `{case}` for `{ty}`")));
                };
                let payload = self.payload(node, &format!("case `{case}`"), payload_ty, payload)?;
                Val::Variant(case.to_string(), payload.map(Box::new))
            }
            Type::Enum(e) => {
                let case = node.as_enum(src).map_err(|e| self.syntax(e))?;
                if e.case_index(case).is_none() {
                    return Err(self.error(node, format!("unknown case `{case}` for `{ty}`")));
                }
                Val::Enum(case.to_string())
            }
            Type::Option(option) => Val::Option(match node.ty() {
                NodeType::OptionSome => {
                    let payload = node.as_option().map_err(|e| self.syntax(e))?;
                    self.payload(node, "`some`", Some(option.ty()), payload)?
                        .map(Box::new)
                }
                NodeType::OptionNone => None,
                // `accepts` let through only a payload that stands for `some(..)`.
                _ => Some(Box::new(self.value(node, option.ty())?)),
            }),
            Type::Result(result) => Val::Result(match node.ty() {
                NodeType::ResultOk | NodeType::ResultErr => {
                    match node.as_result().map_err(|e| self.syntax(e))? {
                        Ok(p) => Ok(self.payload(node, "`ok`", result.ok(), p)?.map(Box::new)),
                        Err(p) => Err(self.payload(node, "`err`", result.err(), p)?.map(Box::new)),
                    }
                }
                _ => match result.ok() {
                    Some(ok) => Ok(Some(Box::new(self.value(node, ok)?))),
                    None => return Err(self.mismatch(ty, node)),
                },
            }),
            Type::Flags(flags) => self.flags(node, flags, ty)?,
            Type::Own(_) | Type::Borrow(_) => unreachable!("handled above"),
        })
    }

    /// An integer of type `T` (`ty`): out-of-range and non-integer numbers
    /// are errors that say so.
    fn int<T: TryFrom<i128>>(&self, node: &Node, ty: &Type) -> Result<T> {
        let text = self.src.get(node.span()).unwrap_or("");
        let digits = text.strip_prefix('-').unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.error(
                node,
                format!(
                    "expected `{ty}`, found {}, which is not an integer",
                    self.found(node)
                ),
            ));
        }
        text.parse::<i128>()
            .ok()
            .and_then(|n| T::try_from(n).ok())
            .ok_or_else(|| {
                self.error(
                    node,
                    format!("the number `{text}` is out of range for `{ty}`"),
                )
            })
    }

    fn float<T: std::str::FromStr>(&self, node: &Node, ty: &Type) -> Result<T> {
        node.as_number(self.src)
            .map_err(|_| self.mismatch(ty, node))
    }

    /// A case's payload `payload` checked against the case's payload type.
    fn payload(
        &self,
        node: &Node,
        case: &str,
        ty: Option<&Type>,
        payload: Option<&Node>,
    ) -> Result<Option<Val>> {
        match (ty, payload) {
            (Some(t), Some(p)) => Ok(Some(self.value(p, t)?)),
            (None, None) => Ok(None),
            (Some(t), None) => Err(self.error(
                node,
                format!("{case} needs a payload of type `{t}`, found none"),
            )),
            (None, Some(p)) => {
                Err(self.error(p, format!("{case} has no payload, found {}", self.found(p))))
            }
        }
    }

    fn record(&self, node: &Node, record: &Record, ty: &Type) -> Result<Val> {
        let mut given: Vec<(&str, &Node)> = node
            .as_record(self.src)
            .map_err(|e| self.syntax(e))?
            .collect();
        let mut fields = Vec::with_capacity(record.field_types().len());
        for (name, fty) in record.fields() {
            let val = match given.iter().position(|(n, _)| *n == name) {
                Some(i) => {
                    let (_, n) = given.remove(i);
                    self.value(n, fty)?
                }
                None if matches!(fty, Type::Option(_)) => Val::Option(None),
                None => {
                    return Err(self.error(
                        node,
                        format!("missing record field `{name}: {fty}` of `{ty}`"),
                    ))
                }
            };
            fields.push((name.to_string(), val));
        }
        if let Some((extra, n)) = given.first() {
            return Err(self.error(n, format!("unknown record field `{extra}` for `{ty}`")));
        }
        Ok(Val::Record(fields))
    }

    fn flags(&self, node: &Node, flags: &Flags, ty: &Type) -> Result<Val> {
        let given = node.as_flags(self.src).map_err(|e| self.syntax(e))?;
        let mut set = vec![false; flags.len()];
        for name in given {
            match flags.index(name) {
                Some(i) => set[i as usize] = true,
                None => return Err(self.error(node, format!("unknown flag `{name}` for `{ty}`"))),
            }
        }
        Ok(Val::Flags(
            flags
                .names()
                .zip(set)
                .filter(|(_, on)| *on)
                .map(|(n, _)| n.to_string())
                .collect(),
        ))
    }
}

/// Whether a node of kind `node` can be a value of `ty` (its contents
/// aside). An `option`'s payload may stand for `some(..)`, a `result`'s
/// `ok` payload for `ok(..)`, unless it is an `option` or `result` itself.
fn accepts(ty: &Type, node: NodeType) -> bool {
    use NodeType as N;
    let flattens = |t: &Type| !matches!(t, Type::Option(_) | Type::Result(_)) && accepts(t, node);
    match ty {
        Type::Bool => matches!(node, N::BoolTrue | N::BoolFalse),
        Type::S8
        | Type::U8
        | Type::S16
        | Type::U16
        | Type::S32
        | Type::U32
        | Type::S64
        | Type::U64
        | Type::Float32
        | Type::Float64 => node == N::Number,
        Type::Char => node == N::Char,
        Type::String => matches!(node, N::String | N::MultilineString),
        Type::List(_) => node == N::List,
        Type::Record(_) => node == N::TupleSet,
        Type::Tuple(_) => node == N::Tuple,
        Type::Variant(_) => matches!(node, N::Label | N::VariantWithPayload),
        Type::Enum(_) => node == N::Label,
        Type::Option(o) => matches!(node, N::OptionSome | N::OptionNone) || flattens(o.ty()),
        Type::Result(r) => {
            matches!(node, N::ResultOk | N::ResultErr) || r.ok().is_some_and(flattens)
        }
        Type::Flags(_) => matches!(node, N::Flags | N::EmptySet),
        Type::Own(_) | Type::Borrow(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lines_and_characters() {
        assert_eq!(location("abc", &(2..3)), "at column 3");
        assert_eq!(location("é[1,\n  x]", &(8..9)), "at line 2, column 3");
        assert_eq!(excerpt(&"x".repeat(41)), format!("{}...", "x".repeat(37)));
    }
}
