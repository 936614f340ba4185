//! [`MemoryLayout`]: how much address space each linear memory takes, and
//! what compiled code may conclude from it.
//!
//! Plain data read from the runtime's `Config`: the translator asks it whether an
//! access needs an explicit bounds check and whether a memory's base can
//! move; `vm::memory` asks it how much to reserve. One owner, so that the
//! code's assumptions and the mappings agree.
//!
//! A memory reserves `reservation` bytes (more if its minimum is larger)
//! followed by `guard` bytes of `PROT_NONE`. With the defaults (4 GiB and
//! 2 GiB) every 32-bit index plus a static offset of up to 2 GiB lands in
//! the reservation or its guard, so such accesses need no check. A smaller
//! reservation keeps that guarantee only for the offsets that
//! `reservation + guard - 4 GiB` still covers; every other access gets an
//! explicit check against the memory's current length, chosen per access
//! at compile time. A memory that grows past its reservation moves to a
//! larger one (unless `Config::memory_may_move(false)`), so code reloads
//! the base of such a memory at each access instead of once per call.

/// Default size of the guard region after a 32-bit memory's 4 GiB
/// reservation (`Config::memory_guard_size`); accesses whose static offset
/// plus size fit in it need no explicit bounds check (see `memory_layout`).
pub const GUARD_SIZE: u64 = 2 << 30;

/// Size of a wasm page.
const WASM_PAGE: u64 = 65536;
/// The 32-bit index space.
const INDEX_SPACE: u64 = 1 << 32;

/// How linear memories are laid out in the address space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryLayout {
    /// Bytes reserved per memory before the guard (a multiple of 64 KiB).
    pub reservation: u64,
    /// Bytes of guard region after the reservation.
    pub guard: u64,
    /// Whether a memory that outgrows its reservation moves to a larger
    /// one (otherwise the grow fails).
    pub may_move: bool,
}

impl MemoryLayout {
    /// A layout reserving `reservation` bytes (rounded up to whole wasm
    /// pages) and `guard` bytes of guard per memory; `may_move` says whether
    /// a memory that outgrows its reservation moves.
    #[inline]
    pub fn new(reservation: u64, guard: u64, may_move: bool) -> MemoryLayout {
        MemoryLayout {
            reservation: reservation
                .checked_next_multiple_of(WASM_PAGE)
                .unwrap_or(u64::MAX - WASM_PAGE + 1),
            guard,
            may_move,
        }
    }

    /// Whether the guard region catches every out-of-bounds `size`-byte
    /// access at any 32-bit index plus `offset`: the highest such access
    /// must end inside the reservation and its guard.
    #[inline]
    pub fn guard_covers(&self, offset: u64, size: u64) -> bool {
        let mapped = self.reservation.saturating_add(self.guard);
        offset.saturating_add(size) <= mapped.saturating_sub(INDEX_SPACE)
    }

    /// Whether a memory whose maximum is `maximum_pages` (`None`: the 32-bit
    /// limit) may move when it grows, so that code must reload its base.
    #[inline]
    pub fn base_may_move(&self, maximum_pages: Option<u64>) -> bool {
        let max_bytes = maximum_pages
            .unwrap_or(u64::MAX)
            .min(INDEX_SPACE / WASM_PAGE)
            * WASM_PAGE;
        self.may_move && max_bytes > self.reservation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(reservation: u64, guard: u64) -> MemoryLayout {
        MemoryLayout::new(reservation, guard, true)
    }

    #[test]
    fn the_default_layout_covers_offsets_up_to_the_guard() {
        let l = layout(4 << 30, GUARD_SIZE);
        assert_eq!((l.reservation, l.guard), (4 << 30, 2 << 30));
        assert!(l.guard_covers(0, 8));
        assert!(l.guard_covers((2 << 30) - 8, 8));
        assert!(!l.guard_covers((2 << 30) - 7, 8));
        assert!(!l.base_may_move(None));
    }

    #[test]
    fn a_small_reservation_covers_nothing_and_moves_memories_that_can_outgrow_it() {
        let l = layout(16 * WASM_PAGE, WASM_PAGE);
        assert!(!l.guard_covers(0, 1));
        assert!(l.base_may_move(None));
        assert!(l.base_may_move(Some(17)));
        assert!(!l.base_may_move(Some(16)));
        assert!(!MemoryLayout::new(16 * WASM_PAGE, WASM_PAGE, false).base_may_move(None));
    }

    #[test]
    fn reservation_and_guard_together_can_cover_the_index_space() {
        // 3 GiB + 2 GiB covers 4 GiB plus offsets below 1 GiB.
        let l = layout(3 << 30, 2 << 30);
        assert!(l.guard_covers((1 << 30) - 4, 4));
        assert!(!l.guard_covers(1 << 30, 4));
        assert_eq!(layout(1, 0).reservation, WASM_PAGE);
    }
}
