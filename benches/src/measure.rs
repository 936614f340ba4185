//! The timing method shared by every workload.
//!
//! A [`Bench`] owns a closure that repeats its operation a requested number
//! of times ("units") and returns only the time spent on them, so that work
//! which must not be timed (making a fresh `Store`, dropping a `Module`) can
//! happen inside the closure but outside the clock.
//!
//! [`measure`] follows the shared bench contract (`shared/bench/README.md`):
//!
//! 1. warm up for at least [`MIN_WARM_UP`] (or a fifth of the measured time,
//!    if that is longer), growing the batch until one batch lasts about
//!    [`SAMPLE_TARGET`];
//! 2. size the batch so that one sample takes about [`SAMPLE_TARGET`]
//!    (a single unit when one unit is longer than that);
//! 3. take samples until at least `min_time` has been measured *and* there
//!    are at least [`MIN_SAMPLES`] samples;
//! 4. report the median of the per-sample nanoseconds per operation.
//!
//! Workload definitions live in `core.rs` and `native.rs`; this file knows
//! nothing about WebAssembly.

use anyhow::Result;
use std::time::{Duration, Instant};

/// The length one sample aims for.
pub const SAMPLE_TARGET: Duration = Duration::from_millis(10);

/// The fewest samples a report is ever based on.
pub const MIN_SAMPLES: usize = 5;

/// The shortest warm-up, whatever `--min-time` says.
pub const MIN_WARM_UP: Duration = Duration::from_millis(100);

/// Runs `units` repetitions of an operation and returns the time they took.
pub type Body = Box<dyn FnMut(u64) -> Result<Duration>>;

/// A workload that is set up, checked and ready to be timed.
pub struct Bench {
    /// The workload name, as printed on stdout and written to JSON.
    pub name: &'static str,
    /// A human description of one reported operation.
    pub op: &'static str,
    /// How many reported operations one unit performs (for example
    /// 1,000,000 import calls per `run(1000000)`); per-op figures divide by it.
    pub ops_per_unit: u64,
    /// The timed closure.
    pub body: Body,
}

impl Bench {
    /// A bench whose unit is `ops_per_unit` operations of kind `op`.
    pub fn new(
        name: &'static str,
        op: &'static str,
        ops_per_unit: u64,
        body: impl FnMut(u64) -> Result<Duration> + 'static,
    ) -> Bench {
        Bench {
            name,
            op,
            ops_per_unit,
            body: Box::new(body),
        }
    }
}

/// The statistics of one measured workload.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The workload name.
    pub name: &'static str,
    /// What one operation is.
    pub op: &'static str,
    /// The median over samples of nanoseconds per operation (the headline).
    pub median_ns: f64,
    /// The fastest sample, in nanoseconds per operation.
    pub min_ns: f64,
    /// The slowest sample, in nanoseconds per operation.
    pub max_ns: f64,
    /// The operations measured over all samples (warm-up not counted).
    pub iterations: u64,
    /// The number of samples.
    pub samples: usize,
    /// Units per sample, as calibrated after warm-up.
    pub batch: u64,
}

/// How many units fit in one [`SAMPLE_TARGET`] when one unit takes
/// `secs_per_unit` seconds (at least one).
fn units_per_sample(secs_per_unit: f64) -> u64 {
    let units = SAMPLE_TARGET.as_secs_f64() / secs_per_unit.max(1e-12);
    (units.ceil() as u64).max(1)
}

/// Warms `bench` up, calibrates its batch, then samples it for at least
/// `min_time` and returns the statistics. Fails on the first error of the
/// body (a trap, a failed compilation...).
pub fn measure(bench: &mut Bench, min_time: Duration) -> Result<Outcome> {
    let warm_up = (min_time / 5).max(MIN_WARM_UP);
    let start = Instant::now();
    let mut batch: u64 = 1;
    let secs_per_unit = loop {
        let took = (bench.body)(batch)?;
        let per_unit = took.as_secs_f64() / batch as f64;
        if took >= SAMPLE_TARGET {
            if start.elapsed() >= warm_up {
                break per_unit;
            }
        } else {
            // Grow geometrically (x2 .. x100) toward one target-sized batch,
            // so that a mis-estimate on a cold first run cannot overshoot.
            let want = units_per_sample(per_unit);
            batch = want.clamp(batch.saturating_mul(2), batch.saturating_mul(100));
        }
    };
    let batch = units_per_sample(secs_per_unit);

    let ops_per_sample = batch.saturating_mul(bench.ops_per_unit).max(1);
    let mut per_op = Vec::new();
    let mut measured = Duration::ZERO;
    while measured < min_time || per_op.len() < MIN_SAMPLES {
        let took = (bench.body)(batch)?;
        measured += took;
        per_op.push(took.as_nanos() as f64 / ops_per_sample as f64);
    }
    let samples = per_op.len();
    let iterations = ops_per_sample * samples as u64;
    per_op.sort_by(f64::total_cmp);
    Ok(Outcome {
        name: bench.name,
        op: bench.op,
        median_ns: median(&per_op),
        min_ns: per_op[0],
        max_ns: per_op[samples - 1],
        iterations,
        samples,
        batch,
    })
}

/// The median of a sorted, non-empty slice (mean of the middle two when the
/// length is even).
fn median(sorted: &[f64]) -> f64 {
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

/// Times `units` back-to-back runs of `op`, the body of most workloads.
pub fn time_units(units: u64, mut op: impl FnMut() -> Result<()>) -> Result<Duration> {
    let start = Instant::now();
    for _ in 0..units {
        op()?;
    }
    Ok(start.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_lengths() {
        assert_eq!(median(&[1.0, 2.0, 9.0]), 2.0);
        assert_eq!(median(&[1.0, 2.0, 4.0, 9.0]), 3.0);
    }

    #[test]
    fn batch_is_at_least_one_unit() {
        assert_eq!(units_per_sample(1.0), 1);
        assert_eq!(units_per_sample(0.001), 10);
    }

    #[test]
    fn measure_meets_the_minimums() {
        let mut bench = Bench::new("spin", "a short sleep", 3, |n| {
            time_units(n, || {
                std::thread::sleep(Duration::from_micros(200));
                Ok(())
            })
        });
        let out = measure(&mut bench, Duration::from_millis(60)).unwrap();
        assert!(out.samples >= MIN_SAMPLES);
        assert_eq!(out.iterations, out.batch * 3 * out.samples as u64);
        assert!(out.min_ns <= out.median_ns && out.median_ns <= out.max_ns);
        // 200 µs per unit of three ops: at least ~66 µs per op.
        assert!(out.median_ns > 60_000.0, "{}", out.median_ns);
    }

    #[test]
    fn measure_propagates_errors() {
        let mut bench = Bench::new("fails", "nothing", 1, |_| anyhow::bail!("boom"));
        let err = measure(&mut bench, Duration::from_millis(10)).unwrap_err();
        assert_eq!(err.to_string(), "boom");
    }
}
