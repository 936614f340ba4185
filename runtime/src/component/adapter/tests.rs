//! The fused adapter against the general path, on random function types and
//! values: parameters or results are lowered into a source memory, then
//! moved to a destination memory twice, once by lifting to dynamic values
//! and lowering them again (`FuncAbi`'s tracked lift and lower, what
//! `lowered.rs` does) and once by [`Values`]. Both must give the same core
//! values, the same destination bytes and the same `realloc` calls, or both
//! fail with the same message.
//!
//! Half of the cases corrupt the source memory first (random bytes
//! overwritten), so that the traps (bad pointers, lengths, encodings,
//! discriminants, chars) are compared too, and some destinations' `realloc`
//! misbehave.

use super::fused::Values;
use super::transfer::{FlatOut, Sides};
use crate::component::abi::memory::{read_slice, slice_mut, GuestMemory, Step, VecMemory};
use crate::component::abi::FuncAbiExt;
use crate::component::abi::{lower_flat, store, AbiOptions, FuncAbi, StringEncoding};
use crate::component::typed::tests::proptests::{any_type, value_of};
use crate::component::types::Type;
use crate::component::values::Val;
use crate::ValRaw;
use anyhow::Result;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Two separate in-memory guests.
struct VecSides {
    src: VecMemory,
    dst: VecMemory,
}

impl Sides for VecSides {
    fn src(&self) -> &[u8] {
        &self.src.data
    }

    fn dst(&mut self) -> &mut dyn GuestMemory {
        &mut self.dst
    }

    fn copy(&mut self, src_ptr: u32, dst_ptr: u32, len: u32) -> Result<()> {
        let from = read_slice(&self.src.data, src_ptr, len as usize)?;
        slice_mut(&mut self.dst.data, dst_ptr, len as usize)?.copy_from_slice(from);
        Ok(())
    }
}

const ENCODINGS: [StringEncoding; 3] = [
    StringEncoding::Utf8,
    StringEncoding::Utf16,
    StringEncoding::CompactUtf16,
];

/// Where the results are written in the destination when they spill: below
/// the destination's first allocation, which starts at its initial size.
const RETURN_AREA: u32 = 0;
const DST_SIZE: usize = 4096;

/// One case: a list of types and values, which end of a call they are, the
/// encodings, and what goes wrong.
#[derive(Debug, Clone)]
struct Case {
    types: Vec<Type>,
    vals: Vec<Val>,
    results: bool,
    src: StringEncoding,
    dst: StringEncoding,
    /// `(where, byte)` overwrites of the source memory.
    corrupt: Vec<(prop::sample::Index, u8)>,
    /// A core value replaced by other bits.
    corrupt_flat: Option<(prop::sample::Index, u64)>,
    /// The destination's `realloc` behaviours, call by call.
    script: Vec<Step>,
}

fn case() -> impl Strategy<Value = Case> {
    let types = prop::collection::vec(any_type(), 0..4);
    (types, any::<bool>(), 0..3usize, 0..3usize, any::<bool>())
        .prop_flat_map(|(types, results, src, dst, corrupt)| {
            // Small numbers (discriminants, lengths), pointers near the
            // source's data, surrogates, anything.
            let bits = prop_oneof![0u64..8, 60u64..200, Just(0xd800), any::<u64>()];
            let corrupt_flat = if corrupt {
                prop::option::of((any::<prop::sample::Index>(), bits)).boxed()
            } else {
                Just(None).boxed()
            };
            // Results are at most one value per function type in WIT, but
            // the canonical ABI takes any number: keep them all.
            let vals: Vec<_> = types.iter().map(value_of).collect();
            let corrupt = if corrupt {
                prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4).boxed()
            } else {
                Just(Vec::new()).boxed()
            };
            let step = prop_oneof![
                8 => Just(Step::Behave),
                1 => Just(Step::Misalign),
                1 => Just(Step::OutOfBounds),
                1 => Just(Step::Fail),
            ];
            (
                Just(types),
                vals,
                Just(results),
                Just(ENCODINGS[src]),
                Just(ENCODINGS[dst]),
                corrupt,
                corrupt_flat,
                prop::collection::vec(step, 0..3),
            )
        })
        .prop_map(
            |(types, vals, results, src, dst, corrupt, corrupt_flat, script)| Case {
                types,
                vals,
                results,
                src,
                dst,
                corrupt,
                corrupt_flat,
                script,
            },
        )
}

/// What a transfer produced: the destination's core values, bytes and
/// `realloc` calls, or the error message.
type Outcome =
    std::result::Result<(Vec<ValRaw>, Vec<u8>, Vec<((u32, u32, u32, u32), u32)>), String>;

/// Lowers the case's values into a fresh source memory as the guest that
/// holds them would have: flat values, or a block they point to.
fn source(case: &Case, abi: &FuncAbi) -> Result<(VecMemory, Vec<ValRaw>)> {
    let opts = AbiOptions::new(case.src);
    let mut mem = VecMemory::new(64);
    let flat = if case.results {
        if abi.results_spill() {
            let block = abi.result_block();
            let ptr = mem.realloc(0, 0, block.layout.align, block.layout.size)?;
            for ((ty, val), off) in case.types.iter().zip(&case.vals).zip(block.offsets.iter()) {
                store(&mut mem, &opts, ty, val, ptr + off)?;
            }
            vec![ValRaw::i32(ptr as i32)]
        } else {
            let mut out = Vec::new();
            for (ty, val) in case.types.iter().zip(&case.vals) {
                lower_flat(&mut mem, &opts, ty, val, &mut out)?;
            }
            out
        }
    } else {
        abi.lower_params(&mut mem, &opts, &case.vals)?
    };
    // Only the allocated bytes (from 64 on) hold anything.
    let used = mem.data.len().saturating_sub(64);
    for (at, byte) in &case.corrupt {
        if used > 0 {
            mem.data[64 + at.index(used)] = *byte;
        }
    }
    let mut flat = flat;
    if let (Some((at, bits)), false) = (case.corrupt_flat, flat.is_empty()) {
        let i = at.index(flat.len());
        flat[i] = ValRaw::u64(bits);
    }
    Ok((mem, flat))
}

fn destination(case: &Case) -> VecMemory {
    VecMemory::with_script(DST_SIZE, &case.script)
}

/// The general path: lift to `Val`s, lower them again.
fn general(case: &Case, abi: &FuncAbi, src: &VecMemory, flat: &[ValRaw]) -> Outcome {
    let (src_opts, dst_opts) = (AbiOptions::new(case.src), AbiOptions::new(case.dst));
    let mut dst = destination(case);
    let run = |dst: &mut VecMemory| -> Result<Vec<ValRaw>> {
        if case.results {
            let (vals, sources) = abi.lift_results_tracked(&src.data, &src_opts, flat, None)?;
            let retptr = abi.results_spill().then_some(RETURN_AREA);
            let mut out = Vec::new();
            abi.lower_results_from(dst, &dst_opts, &vals, retptr, &mut out, sources)?;
            Ok(out)
        } else {
            let (vals, sources) = abi.lift_params_tracked(&src.data, &src_opts, flat, None)?;
            abi.lower_params_from(dst, &dst_opts, &vals, sources)
        }
    };
    match run(&mut dst) {
        Ok(out) => Ok((out, dst.data, dst.calls)),
        Err(e) => Err(format!("{e:#}")),
    }
}

/// The fused path: check, then transfer.
fn fused(case: &Case, abi: &FuncAbi, src: VecMemory, flat: &[ValRaw]) -> Outcome {
    let (src_opts, dst_opts) = (AbiOptions::new(case.src), AbiOptions::new(case.dst));
    let values = if case.results {
        Values::results(abi)
    } else {
        Values::params(abi)
    };
    let mut sides = VecSides {
        src,
        dst: destination(case),
    };
    let mut out = FlatOut::default();
    let retptr = (case.results && abi.results_spill()).then_some(RETURN_AREA);
    let run = values
        .check(&mut sides, src_opts, flat)
        .and_then(|()| values.transfer(&mut sides, src_opts, dst_opts, flat, retptr, &mut out));
    match run {
        Ok(()) => Ok((out.as_slice().to_vec(), sides.dst.data, sides.dst.calls)),
        Err(e) => Err(format!("{e:#}")),
    }
}

/// Runs one case through both paths and compares them.
fn compare(case: &Case) -> std::result::Result<(), TestCaseError> {
    let abi = FuncAbi::new(
        if case.results {
            vec![]
        } else {
            case.types.clone()
        },
        if case.results {
            case.types.clone()
        } else {
            vec![]
        },
    )
    .map_err(|e| TestCaseError::reject(format!("{e:#}")))?;
    if abi.has_handles() {
        return Err(TestCaseError::reject("handles"));
    }
    let (src, flat) = source(case, &abi).map_err(|e| TestCaseError::reject(format!("{e:#}")))?;
    let general = general(case, &abi, &src, &flat);
    let fused = fused(case, &abi, src, &flat);
    match (&general, &fused) {
        (Ok(g), Ok(f)) => {
            prop_assert_eq!(&g.0, &f.0, "core values");
            prop_assert_eq!(&g.2, &f.2, "realloc calls");
            prop_assert!(g.1 == f.1, "destination bytes differ");
        }
        (Err(g), Err(f)) => prop_assert_eq!(g, f, "error messages"),
        _ => prop_assert!(false, "general {general:?}\nfused {fused:?}"),
    }
    Ok(())
}

#[test]
fn fused_transfers_match_lifting_then_lowering() {
    let mut runner = TestRunner::new(Config {
        cases: 1024,
        ..Config::default()
    });
    runner
        .run(&case(), |case| compare(&case))
        .expect("fused and general paths agree");
}

/// A few cases the generator rarely makes: strings of each encoding into
/// each other, and a spilled parameter list.
#[test]
fn strings_in_every_pair_of_encodings_and_spilled_blocks() {
    let text = "aé€😀";
    let mut cases = Vec::new();
    for src in ENCODINGS {
        for dst in ENCODINGS {
            for results in [false, true] {
                cases.push(Case {
                    types: vec![Type::String, Type::list(Type::String).unwrap()],
                    vals: vec![
                        Val::String(text.into()),
                        Val::List(vec![
                            Val::String("latin1 ÿ".into()),
                            Val::String(String::new()),
                        ]),
                    ],
                    results,
                    src,
                    dst,
                    corrupt: vec![],
                    corrupt_flat: None,
                    script: vec![],
                });
            }
        }
    }
    cases.push(Case {
        types: vec![Type::U64; 20],
        vals: (0..20).map(Val::U64).collect(),
        results: false,
        src: StringEncoding::Utf8,
        dst: StringEncoding::Utf8,
        corrupt: vec![],
        corrupt_flat: None,
        script: vec![],
    });
    for case in cases {
        compare(&case).unwrap_or_else(|e| panic!("{case:?}: {e}"));
    }
}
