//! Fixed-width SIMD operators (`v128`): constants, lanes, shuffles, vector
//! loads and stores, and the lane-wise integer and float arithmetic.
//!
//! Every `v128` on the operand stack, in locals, globals and block
//! parameters is an `i8x16` in CLIF. An operator casts its operands to the
//! lane shape it works on and its result back to `i8x16`; on x86-64 these
//! casts cost nothing (the register is the same). Scalar operators are in
//! `numeric`; what addresses memory beyond computing the address is in `env`.

use super::Translator;
use crate::Trap;
use anyhow::Result;
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types::{F32X4, F64X2, I16, I16X8, I32, I32X4, I64, I64X2, I8, I8X16},
    ConstantData, Endianness, InstBuilder, MemFlagsData, Type, Value,
};
use wasmparser::{MemArg, Operator};

/// The flags of a `v128` access to linear memory.
fn heap_flags() -> MemFlagsData {
    MemFlagsData::new()
        .with_endianness(Endianness::Little)
        .with_trap_code(Some(Trap::MemoryOutOfBounds.to_trap_code()))
}

/// Lane order for casts between vector shapes: wasm's, little-endian.
fn cast_flags() -> MemFlagsData {
    MemFlagsData::new().with_endianness(Endianness::Little)
}

/// How a vector load fills the vector.
#[derive(Clone, Copy)]
enum VLoad {
    /// Eight 8-bit, four 16-bit or two 32-bit lanes, widened: the CLIF
    /// load gives the wide shape directly.
    Extend(fn(&mut Translator<'_, '_>, MemFlagsData, Value) -> Value),
    /// One scalar of this type, copied into every lane.
    Splat(Type),
    /// One scalar of this type into lane 0, the other lanes zero.
    Zero(Type),
}

impl Translator<'_, '_> {
    /// `v` (an `i8x16`) seen as a vector of shape `ty`.
    fn as_shape(&mut self, v: Value, ty: Type) -> Value {
        if self.b.func.dfg.value_type(v) == ty {
            v
        } else {
            self.b.ins().bitcast(ty, cast_flags(), v)
        }
    }

    /// Pushes `v`, a vector of any shape, as the canonical `i8x16`.
    fn push_vector(&mut self, v: Value) {
        let v = self.as_shape(v, I8X16);
        self.stack.push(v);
    }

    fn pop_shape(&mut self, ty: Type) -> Value {
        let v = self.pop();
        self.as_shape(v, ty)
    }

    fn vunop(&mut self, ty: Type, f: impl FnOnce(&mut Self, Value) -> Value) {
        let a = self.pop_shape(ty);
        let v = f(self, a);
        self.push_vector(v);
    }

    fn vbinop(&mut self, ty: Type, f: impl FnOnce(&mut Self, Value, Value) -> Value) {
        let b = self.pop_shape(ty);
        let a = self.pop_shape(ty);
        let v = f(self, a, b);
        self.push_vector(v);
    }

    fn vicmp(&mut self, ty: Type, cc: IntCC) {
        self.vbinop(ty, |t, a, b| t.b.ins().icmp(cc, a, b));
    }

    fn vfcmp(&mut self, ty: Type, cc: FloatCC) {
        self.vbinop(ty, |t, a, b| t.b.ins().fcmp(cc, a, b));
    }

    /// A shift of every lane by an `i32` amount taken modulo the lane width.
    fn vshift(&mut self, ty: Type, f: fn(&mut Self, Value, Value) -> Value) {
        let amount = self.pop();
        let masked = self
            .b
            .ins()
            .band_imm_u(amount, i64::from(ty.lane_bits() - 1));
        let a = self.pop_shape(ty);
        let v = f(self, a, masked);
        self.push_vector(v);
    }

    /// `all_true`: whether every lane of shape `ty` is non-zero, as `i32`.
    fn all_true(&mut self, ty: Type) {
        let a = self.pop_shape(ty);
        let c = self.b.ins().vall_true(a);
        let v = self.b.ins().uextend(I32, c);
        self.stack.push(v);
    }

    /// `bitmask`: the top bit of each lane of shape `ty`, as `i32`.
    fn bitmask(&mut self, ty: Type) {
        let a = self.pop_shape(ty);
        let v = self.b.ins().vhigh_bits(I32, a);
        self.stack.push(v);
    }

    /// `splat` of a scalar of type `scalar` into shape `ty`.
    fn splat(&mut self, ty: Type) {
        let x = self.pop();
        let lane = self.narrow_scalar(x, ty.lane_type());
        let v = self.b.ins().splat(ty, lane);
        self.push_vector(v);
    }

    /// `x` (an `i32` for narrow integer lanes) as a value of `lane`.
    fn narrow_scalar(&mut self, x: Value, lane: Type) -> Value {
        if self.b.func.dfg.value_type(x) == lane {
            x
        } else {
            self.b.ins().ireduce(lane, x)
        }
    }

    fn extract_lane(&mut self, ty: Type, lane: u8, extend: Option<bool>) {
        let a = self.pop_shape(ty);
        let x = self.b.ins().extractlane(a, lane);
        let v = match extend {
            Some(true) => self.b.ins().sextend(I32, x),
            Some(false) => self.b.ins().uextend(I32, x),
            None => x,
        };
        self.stack.push(v);
    }

    fn replace_lane(&mut self, ty: Type, lane: u8) {
        let x = self.pop();
        let a = self.pop_shape(ty);
        let x = self.narrow_scalar(x, ty.lane_type());
        let v = self.b.ins().insertlane(a, x, lane);
        self.push_vector(v);
    }

    /// A vector constant of shape `ty`.
    fn vconst(&mut self, ty: Type, bytes: [u8; 16]) -> Value {
        let c = self
            .b
            .func
            .dfg
            .constants
            .insert(ConstantData::from(&bytes[..]));
        self.b.ins().vconst(ty, c)
    }

    /// The native address of a `size`-byte access described by `m`.
    fn vaddr(&mut self, m: &MemArg, size: u64) -> Value {
        let index = self.pop();
        self.heap_addr(super::env::mem_index(m), index, m.offset, size)
    }

    fn vload(&mut self, m: &MemArg, kind: VLoad) {
        let f = heap_flags();
        let v = match kind {
            VLoad::Extend(load) => {
                let addr = self.vaddr(m, 8);
                load(self, f, addr)
            }
            VLoad::Splat(scalar) => {
                let addr = self.vaddr(m, u64::from(scalar.bytes()));
                let x = self.b.ins().load(scalar, f, addr, 0);
                self.b
                    .ins()
                    .splat(scalar.by(128 / scalar.bits()).expect("lanes"), x)
            }
            VLoad::Zero(scalar) => {
                let addr = self.vaddr(m, u64::from(scalar.bytes()));
                let x = self.b.ins().load(scalar, f, addr, 0);
                let shape = scalar.by(128 / scalar.bits()).expect("lanes");
                self.b.ins().scalar_to_vector(shape, x)
            }
        };
        self.push_vector(v);
    }

    /// `v128.loadN_lane`: replaces lane `lane` of shape `ty` with memory.
    fn load_lane(&mut self, m: &MemArg, ty: Type, lane: u8) {
        let a = self.pop_shape(ty);
        let addr = self.vaddr(m, u64::from(ty.lane_type().bytes()));
        let x = self.b.ins().load(ty.lane_type(), heap_flags(), addr, 0);
        let v = self.b.ins().insertlane(a, x, lane);
        self.push_vector(v);
    }

    /// `v128.storeN_lane`: stores lane `lane` of shape `ty`.
    fn store_lane(&mut self, m: &MemArg, ty: Type, lane: u8) {
        let a = self.pop_shape(ty);
        let addr = self.vaddr(m, u64::from(ty.lane_type().bytes()));
        let x = self.b.ins().extractlane(a, lane);
        self.b.ins().store(heap_flags(), x, addr, 0);
    }

    /// `extmul`: the products of the low or high halves, widened.
    fn extmul(&mut self, ty: Type, high: bool, signed: bool) {
        self.vbinop(ty, |t, a, b| {
            let (a, b) = (t.widen(a, high, signed), t.widen(b, high, signed));
            t.b.ins().imul(a, b)
        });
    }

    fn widen(&mut self, a: Value, high: bool, signed: bool) -> Value {
        match (high, signed) {
            (false, true) => self.b.ins().swiden_low(a),
            (true, true) => self.b.ins().swiden_high(a),
            (false, false) => self.b.ins().uwiden_low(a),
            (true, false) => self.b.ins().uwiden_high(a),
        }
    }

    /// `extend_low`/`extend_high` of shape `ty` to lanes twice as wide.
    fn extend(&mut self, ty: Type, high: bool, signed: bool) {
        self.vunop(ty, |t, a| t.widen(a, high, signed));
    }

    /// `extadd_pairwise`: sums of adjacent lanes, widened.
    fn extadd_pairwise(&mut self, ty: Type, signed: bool) {
        self.vunop(ty, |t, a| {
            let lo = t.widen(a, false, signed);
            let hi = t.widen(a, true, signed);
            t.b.ins().iadd_pairwise(lo, hi)
        });
    }

    /// `pmin`/`pmax`: `b < a ? b : a` and `a < b ? b : a`, lane by lane.
    fn pminmax(&mut self, ty: Type, max: bool) {
        self.vbinop(ty, |t, a, b| {
            let mask = if max {
                t.b.ins().fcmp(FloatCC::LessThan, a, b)
            } else {
                t.b.ins().fcmp(FloatCC::LessThan, b, a)
            };
            let mask = t.as_shape(mask, ty);
            t.b.ins().bitselect(mask, b, a)
        });
    }

    /// Translates `op` if it is a SIMD operator; returns whether it was.
    pub(super) fn simd_op(&mut self, op: &Operator<'_>) -> Result<bool> {
        use Operator as O;
        match *op {
            O::V128Const { value } => {
                let v = self.vconst(I8X16, *value.bytes());
                self.stack.push(v);
            }
            O::V128Load { memarg } => {
                let addr = self.vaddr(&memarg, 16);
                let v = self.b.ins().load(I8X16, heap_flags(), addr, 0);
                self.stack.push(v);
            }
            O::V128Store { memarg } => {
                let v = self.pop();
                let addr = self.vaddr(&memarg, 16);
                self.b.ins().store(heap_flags(), v, addr, 0);
            }
            O::V128Load8x8S { memarg } => self.vload(
                &memarg,
                VLoad::Extend(|t, f, a| t.b.ins().sload8x8(f, a, 0)),
            ),
            O::V128Load8x8U { memarg } => self.vload(
                &memarg,
                VLoad::Extend(|t, f, a| t.b.ins().uload8x8(f, a, 0)),
            ),
            O::V128Load16x4S { memarg } => self.vload(
                &memarg,
                VLoad::Extend(|t, f, a| t.b.ins().sload16x4(f, a, 0)),
            ),
            O::V128Load16x4U { memarg } => self.vload(
                &memarg,
                VLoad::Extend(|t, f, a| t.b.ins().uload16x4(f, a, 0)),
            ),
            O::V128Load32x2S { memarg } => self.vload(
                &memarg,
                VLoad::Extend(|t, f, a| t.b.ins().sload32x2(f, a, 0)),
            ),
            O::V128Load32x2U { memarg } => self.vload(
                &memarg,
                VLoad::Extend(|t, f, a| t.b.ins().uload32x2(f, a, 0)),
            ),
            O::V128Load8Splat { memarg } => self.vload(&memarg, VLoad::Splat(I8)),
            O::V128Load16Splat { memarg } => self.vload(&memarg, VLoad::Splat(I16)),
            O::V128Load32Splat { memarg } => self.vload(&memarg, VLoad::Splat(I32)),
            O::V128Load64Splat { memarg } => self.vload(&memarg, VLoad::Splat(I64)),
            O::V128Load32Zero { memarg } => self.vload(&memarg, VLoad::Zero(I32)),
            O::V128Load64Zero { memarg } => self.vload(&memarg, VLoad::Zero(I64)),
            O::V128Load8Lane { memarg, lane } => self.load_lane(&memarg, I8X16, lane),
            O::V128Load16Lane { memarg, lane } => self.load_lane(&memarg, I16X8, lane),
            O::V128Load32Lane { memarg, lane } => self.load_lane(&memarg, I32X4, lane),
            O::V128Load64Lane { memarg, lane } => self.load_lane(&memarg, I64X2, lane),
            O::V128Store8Lane { memarg, lane } => self.store_lane(&memarg, I8X16, lane),
            O::V128Store16Lane { memarg, lane } => self.store_lane(&memarg, I16X8, lane),
            O::V128Store32Lane { memarg, lane } => self.store_lane(&memarg, I32X4, lane),
            O::V128Store64Lane { memarg, lane } => self.store_lane(&memarg, I64X2, lane),

            O::I8x16Shuffle { lanes } => {
                let b = self.pop();
                let a = self.pop();
                let mask = self
                    .b
                    .func
                    .dfg
                    .immediates
                    .push(ConstantData::from(&lanes[..]));
                let v = self.b.ins().shuffle(a, b, mask);
                self.stack.push(v);
            }
            O::I8x16Swizzle => self.vbinop(I8X16, |t, a, b| t.b.ins().swizzle(a, b)),
            O::I8x16Splat => self.splat(I8X16),
            O::I16x8Splat => self.splat(I16X8),
            O::I32x4Splat => self.splat(I32X4),
            O::I64x2Splat => self.splat(I64X2),
            O::F32x4Splat => self.splat(F32X4),
            O::F64x2Splat => self.splat(F64X2),
            O::I8x16ExtractLaneS { lane } => self.extract_lane(I8X16, lane, Some(true)),
            O::I8x16ExtractLaneU { lane } => self.extract_lane(I8X16, lane, Some(false)),
            O::I16x8ExtractLaneS { lane } => self.extract_lane(I16X8, lane, Some(true)),
            O::I16x8ExtractLaneU { lane } => self.extract_lane(I16X8, lane, Some(false)),
            O::I32x4ExtractLane { lane } => self.extract_lane(I32X4, lane, None),
            O::I64x2ExtractLane { lane } => self.extract_lane(I64X2, lane, None),
            O::F32x4ExtractLane { lane } => self.extract_lane(F32X4, lane, None),
            O::F64x2ExtractLane { lane } => self.extract_lane(F64X2, lane, None),
            O::I8x16ReplaceLane { lane } => self.replace_lane(I8X16, lane),
            O::I16x8ReplaceLane { lane } => self.replace_lane(I16X8, lane),
            O::I32x4ReplaceLane { lane } => self.replace_lane(I32X4, lane),
            O::I64x2ReplaceLane { lane } => self.replace_lane(I64X2, lane),
            O::F32x4ReplaceLane { lane } => self.replace_lane(F32X4, lane),
            O::F64x2ReplaceLane { lane } => self.replace_lane(F64X2, lane),

            O::I8x16Eq => self.vicmp(I8X16, IntCC::Equal),
            O::I8x16Ne => self.vicmp(I8X16, IntCC::NotEqual),
            O::I8x16LtS => self.vicmp(I8X16, IntCC::SignedLessThan),
            O::I8x16LtU => self.vicmp(I8X16, IntCC::UnsignedLessThan),
            O::I8x16GtS => self.vicmp(I8X16, IntCC::SignedGreaterThan),
            O::I8x16GtU => self.vicmp(I8X16, IntCC::UnsignedGreaterThan),
            O::I8x16LeS => self.vicmp(I8X16, IntCC::SignedLessThanOrEqual),
            O::I8x16LeU => self.vicmp(I8X16, IntCC::UnsignedLessThanOrEqual),
            O::I8x16GeS => self.vicmp(I8X16, IntCC::SignedGreaterThanOrEqual),
            O::I8x16GeU => self.vicmp(I8X16, IntCC::UnsignedGreaterThanOrEqual),
            O::I16x8Eq => self.vicmp(I16X8, IntCC::Equal),
            O::I16x8Ne => self.vicmp(I16X8, IntCC::NotEqual),
            O::I16x8LtS => self.vicmp(I16X8, IntCC::SignedLessThan),
            O::I16x8LtU => self.vicmp(I16X8, IntCC::UnsignedLessThan),
            O::I16x8GtS => self.vicmp(I16X8, IntCC::SignedGreaterThan),
            O::I16x8GtU => self.vicmp(I16X8, IntCC::UnsignedGreaterThan),
            O::I16x8LeS => self.vicmp(I16X8, IntCC::SignedLessThanOrEqual),
            O::I16x8LeU => self.vicmp(I16X8, IntCC::UnsignedLessThanOrEqual),
            O::I16x8GeS => self.vicmp(I16X8, IntCC::SignedGreaterThanOrEqual),
            O::I16x8GeU => self.vicmp(I16X8, IntCC::UnsignedGreaterThanOrEqual),
            O::I32x4Eq => self.vicmp(I32X4, IntCC::Equal),
            O::I32x4Ne => self.vicmp(I32X4, IntCC::NotEqual),
            O::I32x4LtS => self.vicmp(I32X4, IntCC::SignedLessThan),
            O::I32x4LtU => self.vicmp(I32X4, IntCC::UnsignedLessThan),
            O::I32x4GtS => self.vicmp(I32X4, IntCC::SignedGreaterThan),
            O::I32x4GtU => self.vicmp(I32X4, IntCC::UnsignedGreaterThan),
            O::I32x4LeS => self.vicmp(I32X4, IntCC::SignedLessThanOrEqual),
            O::I32x4LeU => self.vicmp(I32X4, IntCC::UnsignedLessThanOrEqual),
            O::I32x4GeS => self.vicmp(I32X4, IntCC::SignedGreaterThanOrEqual),
            O::I32x4GeU => self.vicmp(I32X4, IntCC::UnsignedGreaterThanOrEqual),
            O::I64x2Eq => self.vicmp(I64X2, IntCC::Equal),
            O::I64x2Ne => self.vicmp(I64X2, IntCC::NotEqual),
            O::I64x2LtS => self.vicmp(I64X2, IntCC::SignedLessThan),
            O::I64x2GtS => self.vicmp(I64X2, IntCC::SignedGreaterThan),
            O::I64x2LeS => self.vicmp(I64X2, IntCC::SignedLessThanOrEqual),
            O::I64x2GeS => self.vicmp(I64X2, IntCC::SignedGreaterThanOrEqual),
            O::F32x4Eq => self.vfcmp(F32X4, FloatCC::Equal),
            O::F32x4Ne => self.vfcmp(F32X4, FloatCC::NotEqual),
            O::F32x4Lt => self.vfcmp(F32X4, FloatCC::LessThan),
            O::F32x4Gt => self.vfcmp(F32X4, FloatCC::GreaterThan),
            O::F32x4Le => self.vfcmp(F32X4, FloatCC::LessThanOrEqual),
            O::F32x4Ge => self.vfcmp(F32X4, FloatCC::GreaterThanOrEqual),
            O::F64x2Eq => self.vfcmp(F64X2, FloatCC::Equal),
            O::F64x2Ne => self.vfcmp(F64X2, FloatCC::NotEqual),
            O::F64x2Lt => self.vfcmp(F64X2, FloatCC::LessThan),
            O::F64x2Gt => self.vfcmp(F64X2, FloatCC::GreaterThan),
            O::F64x2Le => self.vfcmp(F64X2, FloatCC::LessThanOrEqual),
            O::F64x2Ge => self.vfcmp(F64X2, FloatCC::GreaterThanOrEqual),

            O::V128Not => self.vunop(I8X16, |t, a| t.b.ins().bnot(a)),
            O::V128And => self.vbinop(I8X16, |t, a, b| t.b.ins().band(a, b)),
            O::V128AndNot => self.vbinop(I8X16, |t, a, b| t.b.ins().band_not(a, b)),
            O::V128Or => self.vbinop(I8X16, |t, a, b| t.b.ins().bor(a, b)),
            O::V128Xor => self.vbinop(I8X16, |t, a, b| t.b.ins().bxor(a, b)),
            O::V128Bitselect => {
                let c = self.pop();
                let (a, b) = self.pop2();
                let v = self.b.ins().bitselect(c, a, b);
                self.stack.push(v);
            }
            O::V128AnyTrue => {
                let a = self.pop();
                let c = self.b.ins().vany_true(a);
                let v = self.b.ins().uextend(I32, c);
                self.stack.push(v);
            }

            O::I8x16Abs => self.vunop(I8X16, |t, a| t.b.ins().iabs(a)),
            O::I16x8Abs => self.vunop(I16X8, |t, a| t.b.ins().iabs(a)),
            O::I32x4Abs => self.vunop(I32X4, |t, a| t.b.ins().iabs(a)),
            O::I64x2Abs => self.vunop(I64X2, |t, a| t.b.ins().iabs(a)),
            O::I8x16Neg => self.vunop(I8X16, |t, a| t.b.ins().ineg(a)),
            O::I16x8Neg => self.vunop(I16X8, |t, a| t.b.ins().ineg(a)),
            O::I32x4Neg => self.vunop(I32X4, |t, a| t.b.ins().ineg(a)),
            O::I64x2Neg => self.vunop(I64X2, |t, a| t.b.ins().ineg(a)),
            O::I8x16Popcnt => self.vunop(I8X16, |t, a| t.b.ins().popcnt(a)),
            O::I8x16AllTrue => self.all_true(I8X16),
            O::I16x8AllTrue => self.all_true(I16X8),
            O::I32x4AllTrue => self.all_true(I32X4),
            O::I64x2AllTrue => self.all_true(I64X2),
            O::I8x16Bitmask => self.bitmask(I8X16),
            O::I16x8Bitmask => self.bitmask(I16X8),
            O::I32x4Bitmask => self.bitmask(I32X4),
            O::I64x2Bitmask => self.bitmask(I64X2),

            O::I8x16NarrowI16x8S => self.vbinop(I16X8, |t, a, b| t.b.ins().snarrow(a, b)),
            O::I8x16NarrowI16x8U => self.vbinop(I16X8, |t, a, b| t.b.ins().unarrow(a, b)),
            O::I16x8NarrowI32x4S => self.vbinop(I32X4, |t, a, b| t.b.ins().snarrow(a, b)),
            O::I16x8NarrowI32x4U => self.vbinop(I32X4, |t, a, b| t.b.ins().unarrow(a, b)),
            O::I16x8ExtendLowI8x16S => self.extend(I8X16, false, true),
            O::I16x8ExtendHighI8x16S => self.extend(I8X16, true, true),
            O::I16x8ExtendLowI8x16U => self.extend(I8X16, false, false),
            O::I16x8ExtendHighI8x16U => self.extend(I8X16, true, false),
            O::I32x4ExtendLowI16x8S => self.extend(I16X8, false, true),
            O::I32x4ExtendHighI16x8S => self.extend(I16X8, true, true),
            O::I32x4ExtendLowI16x8U => self.extend(I16X8, false, false),
            O::I32x4ExtendHighI16x8U => self.extend(I16X8, true, false),
            O::I64x2ExtendLowI32x4S => self.extend(I32X4, false, true),
            O::I64x2ExtendHighI32x4S => self.extend(I32X4, true, true),
            O::I64x2ExtendLowI32x4U => self.extend(I32X4, false, false),
            O::I64x2ExtendHighI32x4U => self.extend(I32X4, true, false),

            O::I8x16Shl => self.vshift(I8X16, |t, a, n| t.b.ins().ishl(a, n)),
            O::I8x16ShrS => self.vshift(I8X16, |t, a, n| t.b.ins().sshr(a, n)),
            O::I8x16ShrU => self.vshift(I8X16, |t, a, n| t.b.ins().ushr(a, n)),
            O::I16x8Shl => self.vshift(I16X8, |t, a, n| t.b.ins().ishl(a, n)),
            O::I16x8ShrS => self.vshift(I16X8, |t, a, n| t.b.ins().sshr(a, n)),
            O::I16x8ShrU => self.vshift(I16X8, |t, a, n| t.b.ins().ushr(a, n)),
            O::I32x4Shl => self.vshift(I32X4, |t, a, n| t.b.ins().ishl(a, n)),
            O::I32x4ShrS => self.vshift(I32X4, |t, a, n| t.b.ins().sshr(a, n)),
            O::I32x4ShrU => self.vshift(I32X4, |t, a, n| t.b.ins().ushr(a, n)),
            O::I64x2Shl => self.vshift(I64X2, |t, a, n| t.b.ins().ishl(a, n)),
            O::I64x2ShrS => self.vshift(I64X2, |t, a, n| t.b.ins().sshr(a, n)),
            O::I64x2ShrU => self.vshift(I64X2, |t, a, n| t.b.ins().ushr(a, n)),

            O::I8x16Add => self.vbinop(I8X16, |t, a, b| t.b.ins().iadd(a, b)),
            O::I16x8Add => self.vbinop(I16X8, |t, a, b| t.b.ins().iadd(a, b)),
            O::I32x4Add => self.vbinop(I32X4, |t, a, b| t.b.ins().iadd(a, b)),
            O::I64x2Add => self.vbinop(I64X2, |t, a, b| t.b.ins().iadd(a, b)),
            O::I8x16Sub => self.vbinop(I8X16, |t, a, b| t.b.ins().isub(a, b)),
            O::I16x8Sub => self.vbinop(I16X8, |t, a, b| t.b.ins().isub(a, b)),
            O::I32x4Sub => self.vbinop(I32X4, |t, a, b| t.b.ins().isub(a, b)),
            O::I64x2Sub => self.vbinop(I64X2, |t, a, b| t.b.ins().isub(a, b)),
            O::I16x8Mul => self.vbinop(I16X8, |t, a, b| t.b.ins().imul(a, b)),
            O::I32x4Mul => self.vbinop(I32X4, |t, a, b| t.b.ins().imul(a, b)),
            O::I64x2Mul => self.vbinop(I64X2, |t, a, b| t.b.ins().imul(a, b)),
            O::I8x16AddSatS => self.vbinop(I8X16, |t, a, b| t.b.ins().sadd_sat(a, b)),
            O::I8x16AddSatU => self.vbinop(I8X16, |t, a, b| t.b.ins().uadd_sat(a, b)),
            O::I8x16SubSatS => self.vbinop(I8X16, |t, a, b| t.b.ins().ssub_sat(a, b)),
            O::I8x16SubSatU => self.vbinop(I8X16, |t, a, b| t.b.ins().usub_sat(a, b)),
            O::I16x8AddSatS => self.vbinop(I16X8, |t, a, b| t.b.ins().sadd_sat(a, b)),
            O::I16x8AddSatU => self.vbinop(I16X8, |t, a, b| t.b.ins().uadd_sat(a, b)),
            O::I16x8SubSatS => self.vbinop(I16X8, |t, a, b| t.b.ins().ssub_sat(a, b)),
            O::I16x8SubSatU => self.vbinop(I16X8, |t, a, b| t.b.ins().usub_sat(a, b)),
            O::I8x16MinS => self.vbinop(I8X16, |t, a, b| t.b.ins().smin(a, b)),
            O::I8x16MinU => self.vbinop(I8X16, |t, a, b| t.b.ins().umin(a, b)),
            O::I8x16MaxS => self.vbinop(I8X16, |t, a, b| t.b.ins().smax(a, b)),
            O::I8x16MaxU => self.vbinop(I8X16, |t, a, b| t.b.ins().umax(a, b)),
            O::I16x8MinS => self.vbinop(I16X8, |t, a, b| t.b.ins().smin(a, b)),
            O::I16x8MinU => self.vbinop(I16X8, |t, a, b| t.b.ins().umin(a, b)),
            O::I16x8MaxS => self.vbinop(I16X8, |t, a, b| t.b.ins().smax(a, b)),
            O::I16x8MaxU => self.vbinop(I16X8, |t, a, b| t.b.ins().umax(a, b)),
            O::I32x4MinS => self.vbinop(I32X4, |t, a, b| t.b.ins().smin(a, b)),
            O::I32x4MinU => self.vbinop(I32X4, |t, a, b| t.b.ins().umin(a, b)),
            O::I32x4MaxS => self.vbinop(I32X4, |t, a, b| t.b.ins().smax(a, b)),
            O::I32x4MaxU => self.vbinop(I32X4, |t, a, b| t.b.ins().umax(a, b)),
            O::I8x16AvgrU => self.vbinop(I8X16, |t, a, b| t.b.ins().avg_round(a, b)),
            O::I16x8AvgrU => self.vbinop(I16X8, |t, a, b| t.b.ins().avg_round(a, b)),
            O::I16x8Q15MulrSatS => self.vbinop(I16X8, |t, a, b| t.b.ins().sqmul_round_sat(a, b)),
            O::I16x8ExtAddPairwiseI8x16S => self.extadd_pairwise(I8X16, true),
            O::I16x8ExtAddPairwiseI8x16U => self.extadd_pairwise(I8X16, false),
            O::I32x4ExtAddPairwiseI16x8S => self.extadd_pairwise(I16X8, true),
            O::I32x4ExtAddPairwiseI16x8U => self.extadd_pairwise(I16X8, false),
            O::I16x8ExtMulLowI8x16S => self.extmul(I8X16, false, true),
            O::I16x8ExtMulHighI8x16S => self.extmul(I8X16, true, true),
            O::I16x8ExtMulLowI8x16U => self.extmul(I8X16, false, false),
            O::I16x8ExtMulHighI8x16U => self.extmul(I8X16, true, false),
            O::I32x4ExtMulLowI16x8S => self.extmul(I16X8, false, true),
            O::I32x4ExtMulHighI16x8S => self.extmul(I16X8, true, true),
            O::I32x4ExtMulLowI16x8U => self.extmul(I16X8, false, false),
            O::I32x4ExtMulHighI16x8U => self.extmul(I16X8, true, false),
            O::I64x2ExtMulLowI32x4S => self.extmul(I32X4, false, true),
            O::I64x2ExtMulHighI32x4S => self.extmul(I32X4, true, true),
            O::I64x2ExtMulLowI32x4U => self.extmul(I32X4, false, false),
            O::I64x2ExtMulHighI32x4U => self.extmul(I32X4, true, false),
            O::I32x4DotI16x8S => self.vbinop(I16X8, |t, a, b| {
                let lo = {
                    let (x, y) = (t.b.ins().swiden_low(a), t.b.ins().swiden_low(b));
                    t.b.ins().imul(x, y)
                };
                let hi = {
                    let (x, y) = (t.b.ins().swiden_high(a), t.b.ins().swiden_high(b));
                    t.b.ins().imul(x, y)
                };
                t.b.ins().iadd_pairwise(lo, hi)
            }),

            O::F32x4Ceil => self.vunop(F32X4, |t, a| t.b.ins().ceil(a)),
            O::F32x4Floor => self.vunop(F32X4, |t, a| t.b.ins().floor(a)),
            O::F32x4Trunc => self.vunop(F32X4, |t, a| t.b.ins().trunc(a)),
            O::F32x4Nearest => self.vunop(F32X4, |t, a| t.b.ins().nearest(a)),
            O::F32x4Abs => self.vunop(F32X4, |t, a| t.b.ins().fabs(a)),
            O::F32x4Neg => self.vunop(F32X4, |t, a| t.b.ins().fneg(a)),
            O::F32x4Sqrt => self.vunop(F32X4, |t, a| t.b.ins().sqrt(a)),
            O::F32x4Add => self.vbinop(F32X4, |t, a, b| t.b.ins().fadd(a, b)),
            O::F32x4Sub => self.vbinop(F32X4, |t, a, b| t.b.ins().fsub(a, b)),
            O::F32x4Mul => self.vbinop(F32X4, |t, a, b| t.b.ins().fmul(a, b)),
            O::F32x4Div => self.vbinop(F32X4, |t, a, b| t.b.ins().fdiv(a, b)),
            O::F32x4Min => self.vbinop(F32X4, |t, a, b| t.b.ins().fmin(a, b)),
            O::F32x4Max => self.vbinop(F32X4, |t, a, b| t.b.ins().fmax(a, b)),
            O::F32x4PMin => self.pminmax(F32X4, false),
            O::F32x4PMax => self.pminmax(F32X4, true),
            O::F64x2Ceil => self.vunop(F64X2, |t, a| t.b.ins().ceil(a)),
            O::F64x2Floor => self.vunop(F64X2, |t, a| t.b.ins().floor(a)),
            O::F64x2Trunc => self.vunop(F64X2, |t, a| t.b.ins().trunc(a)),
            O::F64x2Nearest => self.vunop(F64X2, |t, a| t.b.ins().nearest(a)),
            O::F64x2Abs => self.vunop(F64X2, |t, a| t.b.ins().fabs(a)),
            O::F64x2Neg => self.vunop(F64X2, |t, a| t.b.ins().fneg(a)),
            O::F64x2Sqrt => self.vunop(F64X2, |t, a| t.b.ins().sqrt(a)),
            O::F64x2Add => self.vbinop(F64X2, |t, a, b| t.b.ins().fadd(a, b)),
            O::F64x2Sub => self.vbinop(F64X2, |t, a, b| t.b.ins().fsub(a, b)),
            O::F64x2Mul => self.vbinop(F64X2, |t, a, b| t.b.ins().fmul(a, b)),
            O::F64x2Div => self.vbinop(F64X2, |t, a, b| t.b.ins().fdiv(a, b)),
            O::F64x2Min => self.vbinop(F64X2, |t, a, b| t.b.ins().fmin(a, b)),
            O::F64x2Max => self.vbinop(F64X2, |t, a, b| t.b.ins().fmax(a, b)),
            O::F64x2PMin => self.pminmax(F64X2, false),
            O::F64x2PMax => self.pminmax(F64X2, true),

            O::I32x4TruncSatF32x4S => {
                self.vunop(F32X4, |t, a| t.b.ins().fcvt_to_sint_sat(I32X4, a))
            }
            O::I32x4TruncSatF32x4U => {
                self.vunop(F32X4, |t, a| t.b.ins().fcvt_to_uint_sat(I32X4, a))
            }
            O::F32x4ConvertI32x4S => self.vunop(I32X4, |t, a| t.b.ins().fcvt_from_sint(F32X4, a)),
            O::F32x4ConvertI32x4U => self.vunop(I32X4, |t, a| t.b.ins().fcvt_from_uint(F32X4, a)),
            O::I32x4TruncSatF64x2SZero => self.vunop(F64X2, |t, a| {
                let wide = t.b.ins().fcvt_to_sint_sat(I64X2, a);
                // Zero as an `i64x2` constant: the form Cranelift's x86-64
                // backend lowers (it has no general 64-to-32-bit narrowing).
                let zero = t.vconst(I64X2, [0; 16]);
                t.b.ins().snarrow(wide, zero)
            }),
            O::I32x4TruncSatF64x2UZero => self.vunop(F64X2, |t, a| {
                let wide = t.b.ins().fcvt_to_uint_sat(I64X2, a);
                // Zero as an `i64x2` constant: the form Cranelift's x86-64
                // backend lowers (it has no general 64-to-32-bit narrowing).
                let zero = t.vconst(I64X2, [0; 16]);
                t.b.ins().uunarrow(wide, zero)
            }),
            O::F64x2ConvertLowI32x4S => self.vunop(I32X4, |t, a| {
                let wide = t.b.ins().swiden_low(a);
                t.b.ins().fcvt_from_sint(F64X2, wide)
            }),
            O::F64x2ConvertLowI32x4U => self.vunop(I32X4, |t, a| {
                let wide = t.b.ins().uwiden_low(a);
                t.b.ins().fcvt_from_uint(F64X2, wide)
            }),
            O::F32x4DemoteF64x2Zero => self.vunop(F64X2, |t, a| t.b.ins().fvdemote(a)),
            O::F64x2PromoteLowF32x4 => self.vunop(F32X4, |t, a| t.b.ins().fvpromote_low(a)),
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// The zero `v128`, for locals.
pub(super) fn zero_vector(b: &mut cranelift_frontend::FunctionBuilder<'_>) -> Value {
    let c = b
        .func
        .dfg
        .constants
        .insert(ConstantData::from(&[0u8; 16][..]));
    b.ins().vconst(I8X16, c)
}
