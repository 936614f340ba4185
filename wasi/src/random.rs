//! `wasi:random`: secure and insecure random bytes, and the insecure
//! seed, from sources an embedder may replace ([`RandomSource`]).

use anyhow::{bail, Result};

use crate::bindings::wasi::random::{insecure, insecure_seed, random};
use crate::WasiView;

/// A source of random bytes.
pub trait RandomSource: Send + Sync {
    /// Fills `dest` with random bytes.
    fn fill_bytes(&mut self, dest: &mut [u8]);
}

/// The operating system's secure random source.
#[derive(Clone, Copy, Debug, Default)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if let Err(e) = getrandom::fill(dest) {
            // No secure source: nothing random may be handed out.
            panic!("hoist-wasi: the operating system's random source failed: {e}");
        }
    }
}

/// A fast generator that is not secure (xorshift64*), for
/// `wasi:random/insecure`, and for tests that need repeatable bytes.
#[derive(Clone, Debug)]
pub struct Deterministic {
    state: u64,
}

impl Deterministic {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Deterministic {
        Deterministic { state: seed | 1 }
    }

    fn next(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

impl RandomSource for Deterministic {
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.next().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

/// The most random bytes one call may ask for: the result is a list in
/// the guest's 32-bit memory, and a larger request only makes the host
/// allocate.
const MAX_BYTES: u64 = 1 << 30;

fn bytes(source: &mut dyn RandomSource, len: u64, func: &str) -> Result<Vec<u8>> {
    if len > MAX_BYTES {
        bail!("{func}: {len} bytes asked for; at most {MAX_BYTES} may be, in one call");
    }
    let mut out = vec![0; len as usize];
    source.fill_bytes(&mut out);
    Ok(out)
}

fn u64_from(source: &mut dyn RandomSource) -> u64 {
    let mut b = [0; 8];
    source.fill_bytes(&mut b);
    u64::from_le_bytes(b)
}

impl<T: WasiView> random::Host for T {
    async fn get_random_bytes(&mut self, len: u64) -> Result<Vec<u8>> {
        bytes(
            &mut *self.ctx().ctx.random,
            len,
            "wasi:random/random.get-random-bytes",
        )
    }

    async fn get_random_u64(&mut self) -> Result<u64> {
        Ok(u64_from(&mut *self.ctx().ctx.random))
    }
}

impl<T: WasiView> insecure::Host for T {
    async fn get_insecure_random_bytes(&mut self, len: u64) -> Result<Vec<u8>> {
        bytes(
            &mut *self.ctx().ctx.insecure_random,
            len,
            "wasi:random/insecure.get-insecure-random-bytes",
        )
    }

    async fn get_insecure_random_u64(&mut self) -> Result<u64> {
        Ok(u64_from(&mut *self.ctx().ctx.insecure_random))
    }
}

impl<T: WasiView> insecure_seed::Host for T {
    async fn insecure_seed(&mut self) -> Result<(u64, u64)> {
        Ok(self.ctx().ctx.insecure_seed)
    }
}
