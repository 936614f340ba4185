//! Values in scripts: turning `.wast` arguments into [`Val`]s, and matching
//! the values a call returned against the results a script expects.
//!
//! Matching covers numbers (floats compared bit for bit), the NaN patterns
//! `nan:canonical` and `nan:arithmetic`, vectors lane by lane (with NaN
//! patterns per float lane), `ref.null`, `ref.extern N`, `ref.func` and
//! alternatives (`either`). What a directive does with a mismatch (a failure
//! with a message) is the runner's business, in `script`. GC values are
//! reported as unsupported, never guessed.

use anyhow::{anyhow, bail, Result};
use hoist::{ExternRef, Store, Val};
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

/// The bits of a canonical `f32` NaN, without the sign.
const F32_CANONICAL_NAN: u32 = 0x7fc0_0000;
/// The bits of a canonical `f64` NaN, without the sign.
const F64_CANONICAL_NAN: u64 = 0x7ff8_0000_0000_0000;

/// The value that script argument `arg` stands for.
///
/// `ref.extern N` becomes a new externref in `store` holding `N` as a `u32`;
/// [`matches`] reads it back from there.
pub fn to_val<T>(store: &mut Store<T>, arg: &WastArg<'_>) -> Result<Val> {
    let WastArg::Core(arg) = arg else {
        bail!("expected a core value as argument, found a component value");
    };
    Ok(match arg {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::RefNull(ty) => match null_kind(ty)? {
            RefKind::Func => Val::FuncRef(None),
            RefKind::Extern => Val::ExternRef(None),
        },
        WastArgCore::RefExtern(n) => Val::ExternRef(Some(ExternRef::new(&mut *store, *n))),
        WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
        WastArgCore::RefHost(_) => {
            bail!(
                "expected a funcref or externref argument, found `ref.host` (GC is not supported)"
            )
        }
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RefKind {
    Func,
    Extern,
}

fn null_kind(ty: &HeapType<'_>) -> Result<RefKind> {
    match ty {
        HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Func | AbstractHeapType::NoFunc,
        } => Ok(RefKind::Func),
        HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern,
        } => Ok(RefKind::Extern),
        other => bail!("expected `func` or `extern` as the type of `ref.null`, found `{other:?}`"),
    }
}

/// Whether a `ref.null` pattern of type `ty` (any type when absent) admits `kind`.
fn null_of(ty: &Option<HeapType<'_>>, kind: RefKind) -> Result<bool> {
    match ty {
        None => Ok(true),
        Some(t) => Ok(null_kind(t)? == kind),
    }
}

/// Checks that `actual` matches `expected`, value by value. The error says
/// which result differs, what was expected and what was found.
pub fn check_results<T>(store: &Store<T>, expected: &[WastRet<'_>], actual: &[Val]) -> Result<()> {
    if expected.len() != actual.len() {
        bail!(
            "expected {} results, found {}: {}",
            expected.len(),
            actual.len(),
            describe_all(store, actual)
        );
    }
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        let WastRet::Core(e) = e else {
            bail!("result {i}: expected a core value pattern, found a component value");
        };
        if !matches(store, e, a)? {
            bail!(
                "result {i}: expected {}, found {}",
                describe_pattern(e),
                describe(store, a)
            );
        }
    }
    Ok(())
}

/// Whether value `actual` matches pattern `expected`.
pub fn matches<T>(store: &Store<T>, expected: &WastRetCore<'_>, actual: &Val) -> Result<bool> {
    Ok(match (expected, actual) {
        (WastRetCore::I32(e), Val::I32(a)) => e == a,
        (WastRetCore::I64(e), Val::I64(a)) => e == a,
        (WastRetCore::F32(e), Val::F32(a)) => f32_matches(e, *a),
        (WastRetCore::F64(e), Val::F64(a)) => f64_matches(e, *a),
        (WastRetCore::V128(e), Val::V128(a)) => v128_matches(e, *a),
        (WastRetCore::RefNull(ty), Val::FuncRef(r)) => r.is_none() && null_of(ty, RefKind::Func)?,
        (WastRetCore::RefNull(ty), Val::ExternRef(r)) => {
            r.is_none() && null_of(ty, RefKind::Extern)?
        }
        (WastRetCore::RefExtern(n), Val::ExternRef(Some(r))) => match n {
            None => true,
            Some(n) => extern_payload(store, r) == Some(*n),
        },
        // Which function a non-null funcref is cannot be named from a script
        // in a way the host API could compare, so any non-null funcref matches.
        (WastRetCore::RefFunc(_), Val::FuncRef(r)) => r.is_some(),
        (WastRetCore::Either(options), a) => {
            for option in options {
                if matches(store, option, a)? {
                    return Ok(true);
                }
            }
            false
        }
        (
            WastRetCore::RefHost(_)
            | WastRetCore::RefAny
            | WastRetCore::RefEq
            | WastRetCore::RefArray
            | WastRetCore::RefStruct
            | WastRetCore::RefI31
            | WastRetCore::RefI31Shared,
            _,
        ) => {
            return Err(anyhow!(
                "expected a core 2.0 result pattern, found a GC reference pattern (GC is not supported)"
            ))
        }
        _ => false,
    })
}

fn f32_matches(e: &NanPattern<wast::token::F32>, a: u32) -> bool {
    match e {
        NanPattern::CanonicalNan => a & 0x7fff_ffff == F32_CANONICAL_NAN,
        NanPattern::ArithmeticNan => a & F32_CANONICAL_NAN == F32_CANONICAL_NAN,
        NanPattern::Value(v) => v.bits == a,
    }
}

fn f64_matches(e: &NanPattern<wast::token::F64>, a: u64) -> bool {
    match e {
        NanPattern::CanonicalNan => a & 0x7fff_ffff_ffff_ffff == F64_CANONICAL_NAN,
        NanPattern::ArithmeticNan => a & F64_CANONICAL_NAN == F64_CANONICAL_NAN,
        NanPattern::Value(v) => v.bits == a,
    }
}

/// The lanes of `v` that are `N` bytes wide, lane 0 first, as raw bits.
fn lanes<const N: usize>(v: u128) -> impl Iterator<Item = u64> {
    let bytes = v.to_le_bytes();
    (0..16 / N).map(move |i| {
        let mut lane = [0u8; 8];
        lane[..N].copy_from_slice(&bytes[i * N..i * N + N]);
        u64::from_le_bytes(lane)
    })
}

/// Whether vector `a` matches pattern `e`, lane by lane.
fn v128_matches(e: &V128Pattern, a: u128) -> bool {
    match e {
        V128Pattern::I8x16(e) => lanes::<1>(a).zip(e).all(|(a, e)| a as u8 == *e as u8),
        V128Pattern::I16x8(e) => lanes::<2>(a).zip(e).all(|(a, e)| a as u16 == *e as u16),
        V128Pattern::I32x4(e) => lanes::<4>(a).zip(e).all(|(a, e)| a as u32 == *e as u32),
        V128Pattern::I64x2(e) => lanes::<8>(a).zip(e).all(|(a, e)| a == *e as u64),
        V128Pattern::F32x4(e) => lanes::<4>(a).zip(e).all(|(a, e)| f32_matches(e, a as u32)),
        V128Pattern::F64x2(e) => lanes::<8>(a).zip(e).all(|(a, e)| f64_matches(e, a)),
    }
}

/// The `u32` a script's `ref.extern N` put into `r`, if it holds one.
fn extern_payload<T>(store: &Store<T>, r: &ExternRef) -> Option<u32> {
    r.data(store).downcast_ref::<u32>().copied()
}

/// A value as a script would write it, e.g. `i32.const 7` or `ref.extern 3`.
pub fn describe<T>(store: &Store<T>, v: &Val) -> String {
    match v {
        Val::I32(x) => format!("i32.const {x}"),
        Val::I64(x) => format!("i64.const {x}"),
        Val::F32(bits) => format!("f32.const {} (bits {bits:#010x})", f32::from_bits(*bits)),
        Val::F64(bits) => format!("f64.const {} (bits {bits:#018x})", f64::from_bits(*bits)),
        Val::V128(bits) => {
            let lanes: Vec<String> = lanes::<4>(*bits).map(|l| format!("{l:#010x}")).collect();
            format!("v128.const i32x4 {}", lanes.join(" "))
        }
        Val::FuncRef(None) => "ref.null func".to_string(),
        Val::FuncRef(Some(_)) => "ref.func".to_string(),
        Val::ExternRef(None) => "ref.null extern".to_string(),
        Val::ExternRef(Some(r)) => match extern_payload(store, r) {
            Some(n) => format!("ref.extern {n}"),
            None => "ref.extern (a host value)".to_string(),
        },
    }
}

fn describe_all<T>(store: &Store<T>, vals: &[Val]) -> String {
    let parts: Vec<String> = vals.iter().map(|v| describe(store, v)).collect();
    format!("[{}]", parts.join(", "))
}

/// A result pattern as a script would write it.
pub fn describe_pattern(p: &WastRetCore<'_>) -> String {
    fn nan<T>(p: &NanPattern<T>, ty: &str, value: impl Fn(&T) -> String) -> String {
        match p {
            NanPattern::CanonicalNan => format!("{ty}.const nan:canonical"),
            NanPattern::ArithmeticNan => format!("{ty}.const nan:arithmetic"),
            NanPattern::Value(v) => format!("{ty}.const {}", value(v)),
        }
    }
    match p {
        WastRetCore::I32(x) => format!("i32.const {x}"),
        WastRetCore::I64(x) => format!("i64.const {x}"),
        WastRetCore::F32(p) => nan(p, "f32", |v| {
            format!("{} (bits {:#010x})", f32::from_bits(v.bits), v.bits)
        }),
        WastRetCore::F64(p) => nan(p, "f64", |v| {
            format!("{} (bits {:#018x})", f64::from_bits(v.bits), v.bits)
        }),
        WastRetCore::RefNull(Some(t)) => match null_kind(t) {
            Ok(RefKind::Func) => "ref.null func".to_string(),
            Ok(RefKind::Extern) => "ref.null extern".to_string(),
            Err(_) => format!("ref.null {t:?}"),
        },
        WastRetCore::RefNull(None) => "ref.null".to_string(),
        WastRetCore::RefExtern(Some(n)) => format!("ref.extern {n}"),
        WastRetCore::RefExtern(None) => "ref.extern".to_string(),
        WastRetCore::RefFunc(_) => "ref.func".to_string(),
        WastRetCore::Either(options) => {
            let parts: Vec<String> = options.iter().map(describe_pattern).collect();
            format!("either ({})", parts.join(") ("))
        }
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoist::Engine;
    use wast::token::{F32, F64};

    fn f32p(p: NanPattern<F32>) -> WastRetCore<'static> {
        WastRetCore::F32(p)
    }

    #[test]
    fn canonical_nan_accepts_either_sign_only() {
        let store = Store::new(&Engine::default(), ());
        let canon = f32p(NanPattern::CanonicalNan);
        assert!(matches(&store, &canon, &Val::F32(0x7fc0_0000)).unwrap());
        assert!(matches(&store, &canon, &Val::F32(0xffc0_0000)).unwrap());
        assert!(!matches(&store, &canon, &Val::F32(0x7fc0_0001)).unwrap());
        assert!(!matches(&store, &canon, &Val::F32(0x7f80_0001)).unwrap());
    }

    #[test]
    fn arithmetic_nan_needs_the_quiet_bit() {
        let store = Store::new(&Engine::default(), ());
        let arith = WastRetCore::F64(NanPattern::ArithmeticNan);
        assert!(matches(&store, &arith, &Val::F64(0x7ff8_0000_0000_0001)).unwrap());
        assert!(matches(&store, &arith, &Val::F64(0xfff8_0000_0000_0000)).unwrap());
        assert!(!matches(&store, &arith, &Val::F64(0x7ff0_0000_0000_0001)).unwrap());
        assert!(!matches(&store, &arith, &Val::F64(1.0f64.to_bits())).unwrap());
    }

    #[test]
    fn floats_compare_bit_for_bit() {
        let store = Store::new(&Engine::default(), ());
        let zero = WastRetCore::F64(NanPattern::Value(F64 { bits: 0 }));
        assert!(matches(&store, &zero, &Val::F64(0)).unwrap());
        assert!(!matches(&store, &zero, &Val::F64((-0.0f64).to_bits())).unwrap());
    }

    #[test]
    fn extern_refs_compare_their_payload() {
        let mut store = Store::new(&Engine::default(), ());
        let v = to_val(&mut store, &WastArg::Core(WastArgCore::RefExtern(7))).unwrap();
        assert!(matches(&store, &WastRetCore::RefExtern(Some(7)), &v).unwrap());
        assert!(!matches(&store, &WastRetCore::RefExtern(Some(8)), &v).unwrap());
        assert!(!matches(&store, &WastRetCore::RefNull(None), &v).unwrap());
        assert!(matches(&store, &WastRetCore::RefNull(None), &Val::ExternRef(None)).unwrap());
    }

    #[test]
    fn results_of_the_wrong_type_do_not_match() {
        let store = Store::new(&Engine::default(), ());
        assert!(!matches(&store, &WastRetCore::I32(0), &Val::I64(0)).unwrap());
        let e = check_results(
            &store,
            &[WastRet::Core(WastRetCore::I32(1))],
            &[Val::I32(2)],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("expected i32.const 1, found i32.const 2"), "{e}");
    }
}
