//! For the hostile-input tests (`hostile_modules`, `hostile_components`):
//! deterministic random corruption of a binary (overwritten, flipped,
//! inserted, removed and duplicated bytes, long LEB128 runs), past its
//! 8-byte header so that the input still claims to be a module or component;
//! and the feature set of hoist's default configuration, for the reference
//! validator the tests compare hoist with.

/// A xorshift generator: the same corruptions on every run.
pub struct Rng(u64);

impl Rng {
    /// A generator with a fixed seed.
    pub fn new() -> Rng {
        Rng(0x9e37_79b9_7f4a_7c15)
    }

    /// The next pseudo-random number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// `wasm` with one to four random edits after its header.
pub fn corrupt(wasm: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut m = wasm.to_vec();
    let edits = 1 + rng.next() % 4;
    for _ in 0..edits {
        let at = 8 + (rng.next() as usize) % (m.len() - 8).max(1);
        match rng.next() % 7 {
            0 => m[at] = rng.next() as u8,
            1 => m[at] ^= 1 << (rng.next() % 8),
            2 => m[at] = [0x00, 0x7f, 0x80, 0xff][(rng.next() % 4) as usize],
            3 => m.insert(at, rng.next() as u8),
            4 if m.len() > 9 => {
                m.remove(at.min(m.len() - 1));
            }
            5 => {
                // Overwrite with a long LEB run.
                for b in m.iter_mut().skip(at).take(6) {
                    *b = 0xff;
                }
            }
            _ => {
                let end = (at + 1 + (rng.next() as usize) % 16).min(m.len());
                let chunk = m[at..end].to_vec();
                m.splice(at..at, chunk);
            }
        }
    }
    m
}

/// The `wasmparser` features of hoist's default configuration (without the
/// component model).
pub fn default_features() -> wasmparser::WasmFeatures {
    use wasmparser::WasmFeatures as F;
    F::FLOATS
        | F::GC_TYPES
        | F::MULTI_VALUE
        | F::BULK_MEMORY
        | F::REFERENCE_TYPES
        | F::SIGN_EXTENSION
        | F::SATURATING_FLOAT_TO_INT
        | F::MUTABLE_GLOBAL
        | F::MULTI_MEMORY
        | F::SIMD
}
