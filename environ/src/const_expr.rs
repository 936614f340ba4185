//! [`ConstExpr`]: the constant expressions of globals, segment offsets and
//! element items, read from the binary, and their evaluation.
//!
//! An expression is a short sequence of [`ConstOp`]s run on a value stack:
//! constants, `ref.null`, `ref.func`, `global.get`, and the arithmetic of the
//! extended-const proposal (`i32`/`i64` `add`, `sub`, `mul`, wrapping). The
//! usual case, a single operator, is kept without a heap allocation.
//!
//! Evaluation is total: parsing rejects sequences that do not leave exactly
//! one value on the stack, and the arithmetic wraps. What an expression
//! reads from its instance (globals and function references) the caller
//! supplies through [`ConstContext`]; the vmctx itself is the runtime's
//! business (`vm::instance`).

use crate::ValRaw;
use anyhow::{bail, Context as _, Result};

/// One operator of a constant expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ConstOp {
    /// `i32.const`
    I32Const(i32),
    /// `i64.const`
    I64Const(i64),
    /// `f32.const`, as bits.
    F32Const(u32),
    /// `f64.const`, as bits.
    F64Const(u64),
    /// `v128.const`, lane 0 in the lowest bits.
    V128Const(u128),
    /// `ref.null`
    RefNull,
    /// `ref.func`
    RefFunc(u32),
    /// `global.get`
    GlobalGet(u32),
    /// `i32.add`, wrapping.
    I32Add,
    /// `i32.sub`, wrapping.
    I32Sub,
    /// `i32.mul`, wrapping.
    I32Mul,
    /// `i64.add`, wrapping.
    I64Add,
    /// `i64.sub`, wrapping.
    I64Sub,
    /// `i64.mul`, wrapping.
    I64Mul,
}

impl ConstOp {
    /// How many values the operator pops and pushes.
    fn arity(self) -> (usize, usize) {
        match self {
            ConstOp::I32Add
            | ConstOp::I32Sub
            | ConstOp::I32Mul
            | ConstOp::I64Add
            | ConstOp::I64Sub
            | ConstOp::I64Mul => (2, 1),
            _ => (0, 1),
        }
    }

    /// The operator `op` of a binary, or `None` for one that is not
    /// allowed in a constant expression (`end` included).
    fn from_operator(op: &wasmparser::Operator<'_>) -> Option<ConstOp> {
        use wasmparser::Operator as O;
        Some(match *op {
            O::I32Const { value } => ConstOp::I32Const(value),
            O::I64Const { value } => ConstOp::I64Const(value),
            O::F32Const { value } => ConstOp::F32Const(value.bits()),
            O::F64Const { value } => ConstOp::F64Const(value.bits()),
            O::V128Const { value } => ConstOp::V128Const(value.i128() as u128),
            O::RefNull { .. } => ConstOp::RefNull,
            O::RefFunc { function_index } => ConstOp::RefFunc(function_index),
            O::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
            O::I32Add => ConstOp::I32Add,
            O::I32Sub => ConstOp::I32Sub,
            O::I32Mul => ConstOp::I32Mul,
            O::I64Add => ConstOp::I64Add,
            O::I64Sub => ConstOp::I64Sub,
            O::I64Mul => ConstOp::I64Mul,
            _ => return None,
        })
    }

    /// Applies a binary operator to `a` (pushed first) and `b`; `None` for
    /// an operator that is not binary.
    fn binary(self, a: ValRaw, b: ValRaw) -> Option<ValRaw> {
        Some(match self {
            ConstOp::I32Add => ValRaw::i32(a.get_i32().wrapping_add(b.get_i32())),
            ConstOp::I32Sub => ValRaw::i32(a.get_i32().wrapping_sub(b.get_i32())),
            ConstOp::I32Mul => ValRaw::i32(a.get_i32().wrapping_mul(b.get_i32())),
            ConstOp::I64Add => ValRaw::i64(a.get_i64().wrapping_add(b.get_i64())),
            ConstOp::I64Sub => ValRaw::i64(a.get_i64().wrapping_sub(b.get_i64())),
            ConstOp::I64Mul => ValRaw::i64(a.get_i64().wrapping_mul(b.get_i64())),
            _ => return None,
        })
    }
}

/// What a constant expression reads from the instance it runs in.
pub trait ConstContext {
    /// The value of global `index`, or `None` when it is not known (as at
    /// compile time, before any instance exists).
    fn global(&mut self, index: u32) -> Option<ValRaw>;
    /// The reference to function `index`, or `None` when it is not known.
    fn func_ref(&mut self, index: u32) -> Option<ValRaw>;
}

/// The context of compile time: no global and no function is known, so
/// only expressions built from constants evaluate.
struct Static;

impl ConstContext for Static {
    fn global(&mut self, _: u32) -> Option<ValRaw> {
        None
    }
    fn func_ref(&mut self, _: u32) -> Option<ValRaw> {
        None
    }
}

/// A constant expression as used by globals, offsets and element items: a
/// sequence of [`ConstOp`]s that leaves exactly one value.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstExpr(Repr);

#[derive(Clone, Debug, PartialEq)]
enum Repr {
    /// The usual expression: one operator.
    One(ConstOp),
    /// Two or more operators.
    Many(Box<[ConstOp]>),
}

impl ConstExpr {
    /// `ref.func index` (the items of an element segment that lists
    /// function indices).
    #[inline]
    pub fn ref_func(index: u32) -> ConstExpr {
        ConstExpr(Repr::One(ConstOp::RefFunc(index)))
    }

    /// Reads `expr` from a binary. Fails on an operator that has no place
    /// in a constant expression and on a sequence that does not leave
    /// exactly one value (both of which the validator rejects first).
    #[inline]
    pub fn parse(expr: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr> {
        let mut reader = expr.get_operators_reader();
        let mut ops = Vec::new();
        let mut depth = 0usize;
        loop {
            let op = reader.read().context("reading a constant expression")?;
            if let wasmparser::Operator::End = op {
                break;
            }
            let Some(c) = ConstOp::from_operator(&op) else {
                bail!("unsupported instruction in a constant expression: {op:?}");
            };
            let (pops, pushes) = c.arity();
            depth = match depth.checked_sub(pops) {
                Some(d) => d + pushes,
                None => bail!("constant expression pops from an empty stack at {c:?}"),
            };
            ops.push(c);
        }
        if !reader.eof() {
            bail!("constant expression continues after its `end`");
        }
        if depth != 1 {
            bail!("constant expression leaves {depth} values, not one");
        }
        Ok(match <[ConstOp; 1]>::try_from(ops) {
            Ok([op]) => ConstExpr(Repr::One(op)),
            Err(ops) => ConstExpr(Repr::Many(ops.into_boxed_slice())),
        })
    }

    /// The operators, in order.
    #[inline]
    pub fn ops(&self) -> &[ConstOp] {
        match &self.0 {
            Repr::One(op) => std::slice::from_ref(op),
            Repr::Many(ops) => ops,
        }
    }

    /// The value of the expression in `cx`, or `None` when it reads a global
    /// or function `cx` does not know.
    #[inline]
    pub fn eval(&self, cx: &mut impl ConstContext) -> Option<ValRaw> {
        let ops = match &self.0 {
            Repr::One(op) => return Self::leaf(cx, *op),
            Repr::Many(ops) => ops,
        };
        let mut stack: Vec<ValRaw> = Vec::with_capacity(ops.len());
        for &op in ops.iter() {
            if op.arity().0 == 2 {
                let b = stack.pop()?;
                let a = stack.pop()?;
                stack.push(op.binary(a, b)?);
            } else {
                stack.push(Self::leaf(cx, op)?);
            }
        }
        match stack.as_slice() {
            [v] => Some(*v),
            _ => None,
        }
    }

    /// The value of a pushing operator.
    fn leaf(cx: &mut impl ConstContext, op: ConstOp) -> Option<ValRaw> {
        Some(match op {
            ConstOp::I32Const(v) => ValRaw::i32(v),
            ConstOp::I64Const(v) => ValRaw::i64(v),
            ConstOp::F32Const(v) => ValRaw::f32(v),
            ConstOp::F64Const(v) => ValRaw::f64(v),
            ConstOp::V128Const(v) => ValRaw::v128(v),
            ConstOp::RefNull => ValRaw::reference(0),
            ConstOp::RefFunc(f) => cx.func_ref(f)?,
            ConstOp::GlobalGet(g) => cx.global(g)?,
            _ => return None,
        })
    }

    /// The value of the expression when it depends on no instance (reads no
    /// global and no function), as known at compile time.
    #[inline]
    pub fn static_value(&self) -> Option<ValRaw> {
        self.eval(&mut Static)
    }

    /// [`ConstExpr::static_value`] of an `i32` expression (a 32-bit memory's
    /// or table's offset).
    #[inline]
    pub fn static_i32(&self) -> Option<i32> {
        self.static_value().map(|v| v.get_i32())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constant expression of a global with `init` (text), parsed.
    fn parse(ty: &str, init: &str) -> Result<ConstExpr> {
        let wasm = wat::parse_str(format!(
            "(module (import \"\" \"g\" (global i32)) (global {ty} {init}))"
        ))
        .unwrap();
        let mut result = None;
        for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
            if let wasmparser::Payload::GlobalSection(r) = payload.unwrap() {
                let g = r.into_iter().next().unwrap().unwrap();
                result = Some(ConstExpr::parse(&g.init_expr));
            }
        }
        result.unwrap()
    }

    struct Globals(i32);

    impl ConstContext for Globals {
        fn global(&mut self, _: u32) -> Option<ValRaw> {
            Some(ValRaw::i32(self.0))
        }
        fn func_ref(&mut self, f: u32) -> Option<ValRaw> {
            Some(ValRaw::reference(f as usize + 1000))
        }
    }

    #[test]
    fn single_operators_need_no_stack() {
        let e = parse("i64", "(i64.const -7)").unwrap();
        assert_eq!(e.ops(), [ConstOp::I64Const(-7)]);
        assert_eq!(e.static_value().map(|v| v.get_i64()), Some(-7));
        let e = parse("funcref", "(ref.func 0)");
        // Function 0 does not exist, but parsing needs no validation.
        let e = e.unwrap();
        assert_eq!(e.static_value(), None);
        assert_eq!(e.eval(&mut Globals(0)).map(|v| v.get_ref()), Some(1000));
    }

    #[test]
    fn arithmetic_runs_on_a_stack_and_wraps() {
        let e = parse(
            "i32",
            "(i32.add (i32.sub (i32.mul (i32.const 20) (i32.const 2)) (i32.const 2)) (i32.const 4))",
        )
        .unwrap();
        assert_eq!(e.ops().len(), 7);
        assert_eq!(e.static_i32(), Some(42));
        let e = parse("i32", "(i32.mul (i32.const 0x10000) (i32.const 0x10001))").unwrap();
        assert_eq!(e.static_i32(), Some(0x10000));
        let e = parse(
            "i64",
            "(i64.sub (i64.const 0) (i64.const 0x7fffffffffffffff))",
        )
        .unwrap();
        assert_eq!(e.static_value().map(|v| v.get_i64()), Some(-i64::MAX));
        let e = parse(
            "i64",
            "(i64.sub (i64.const -2) (i64.const 0x7fffffffffffffff))",
        )
        .unwrap();
        assert_eq!(e.static_value().map(|v| v.get_i64()), Some(i64::MAX));
    }

    #[test]
    fn global_reads_make_an_expression_dynamic() {
        let e = parse("i32", "(i32.add (global.get 0) (i32.const 16))").unwrap();
        assert_eq!(e.static_i32(), None);
        assert_eq!(e.eval(&mut Globals(100)).map(|v| v.get_i32()), Some(116));
        assert_eq!(
            e.eval(&mut Globals(i32::MAX)).map(|v| v.get_i32()),
            Some(i32::MIN + 15)
        );
    }

    #[test]
    fn ill_formed_sequences_are_refused() {
        // Not valid wasm, but parsing does not validate: it must refuse them.
        for (ty, init) in [
            ("i32", "(i32.add)"),
            ("i32", "(i32.const 1) (i32.add)"),
            ("i32", "(i32.const 1) (i32.const 2)"),
            ("i32", ""),
            ("i32", "(i32.ctz (i32.const 1))"),
            ("i32", "(i32.div_s (i32.const 1) (i32.const 1))"),
        ] {
            assert!(parse(ty, init).is_err(), "{init} was accepted");
        }
    }
}
