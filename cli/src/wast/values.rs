//! Values in scripts: turning `.wast` arguments into [`Val`]s, and matching
//! the values a call returned against the results a script expects.
//!
//! Matching covers numbers (floats compared bit for bit), the NaN patterns
//! `nan:canonical` and `nan:arithmetic`, `ref.null`, `ref.extern N`,
//! `ref.func` and alternatives (`either`). What a directive does with a
//! mismatch (a failure with a message) is the runner's business, in `script`.
//! Vector (`v128`) and GC values are reported as unsupported, never guessed.

use anyhow::{anyhow, bail, Result};
use hoist::{ExternRef, Store, Val};
use wast::core::{AbstractHeapType, HeapType, NanPattern, WastArgCore, WastRetCore};
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
        WastArgCore::V128(_) => {
            bail!("expected a scalar argument, found a `v128` (SIMD is not supported)")
        }
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
        (WastRetCore::F32(e), Val::F32(a)) => match e {
            NanPattern::CanonicalNan => a & 0x7fff_ffff == F32_CANONICAL_NAN,
            NanPattern::ArithmeticNan => a & F32_CANONICAL_NAN == F32_CANONICAL_NAN,
            NanPattern::Value(v) => v.bits == *a,
        },
        (WastRetCore::F64(e), Val::F64(a)) => match e {
            NanPattern::CanonicalNan => a & 0x7fff_ffff_ffff_ffff == F64_CANONICAL_NAN,
            NanPattern::ArithmeticNan => a & F64_CANONICAL_NAN == F64_CANONICAL_NAN,
            NanPattern::Value(v) => v.bits == *a,
        },
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
        (WastRetCore::V128(_), _) => {
            return Err(anyhow!(
                "expected a scalar result pattern, found a `v128` pattern (SIMD is not supported)"
            ))
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
