//! [`StoreLimiter`]: the embedder's [`ResourceLimiter`] as a store without
//! its `T` reaches it, from the API and from libcalls alike.
//!
//! `Store::limiter` takes a closure from the store's data to a limiter
//! (`FnMut(&mut T) -> &mut dyn ResourceLimiter`). This type keeps that
//! closure with `T` erased, and a pointer to the data it applies to; the
//! store context points at it so that `memory.grow` and `table.grow` find it
//! from a vmctx. The grow protocol (ask, grow, report a failure) is here
//! too, in [`ask_memory`] and [`ask_table`], so that every grow path asks
//! the same way.

use crate::ResourceLimiter;
use anyhow::Result;

/// The erased closure: applies the embedder's closure to the data at the
/// pointer and passes the limiter it returns to the callback.
type Erased = dyn FnMut(*mut u8, &mut dyn FnMut(&mut dyn ResourceLimiter)) + Send + Sync;

/// A store's limiter, with the store's data type erased.
pub struct StoreLimiter {
    /// The store's data (`T`), inside the store's box: its address is
    /// stable for the store's life.
    data: *mut u8,
    call: Box<Erased>,
}

// SAFETY: `data` points into the store that owns this limiter, and is used
// only while that store is borrowed exclusively (by whoever asks the
// limiter); the closure is `Send + Sync`.
unsafe impl Send for StoreLimiter {}
// SAFETY: as above; a shared `StoreLimiter` gives no access at all.
unsafe impl Sync for StoreLimiter {}

impl StoreLimiter {
    /// The limiter that `get` returns for the `T` at `data`.
    ///
    /// `data` must point at the data of the store that will own the
    /// result, and stay valid (and not otherwise borrowed whenever the
    /// limiter is asked) for that store's life.
    pub fn new<T: 'static>(
        data: *mut T,
        mut get: impl (FnMut(&mut T) -> &mut dyn ResourceLimiter) + Send + Sync + 'static,
    ) -> StoreLimiter {
        let call = move |data: *mut u8, op: &mut dyn FnMut(&mut dyn ResourceLimiter)| {
            // SAFETY: `data` is the `*mut T` given to `new` (only `with`
            // passes it), which its caller keeps valid and unborrowed while
            // the store is asked for its limiter.
            let data = unsafe { &mut *data.cast::<T>() };
            op(get(data));
        };
        StoreLimiter {
            data: data.cast(),
            call: Box::new(call),
        }
    }

    /// Runs `op` on the embedder's limiter.
    pub fn with<R>(&mut self, op: impl FnOnce(&mut dyn ResourceLimiter) -> R) -> R {
        let mut op = Some(op);
        let mut out = None;
        (self.call)(self.data, &mut |limiter| {
            if let Some(op) = op.take() {
                out = Some(op(limiter));
            }
        });
        out.expect("the limiter closure runs its callback once")
    }
}

/// Asks `limiter` (if any) whether a memory may grow from `current` to
/// `desired` bytes, then runs `grow` if it may. `Ok(Some)` is `grow`'s
/// result, `Ok(None)` a refusal or a failure the limiter let pass quietly,
/// `Err` an error that must trap (the limiter's own, or one it made of
/// `grow`'s failure).
pub fn ask_memory<R>(
    limiter: Option<&mut StoreLimiter>,
    current: usize,
    desired: Option<usize>,
    maximum: Option<usize>,
    grow: impl FnOnce() -> Result<R>,
) -> Result<Option<R>> {
    ask(
        limiter,
        |l, desired| l.memory_growing(current, desired, maximum),
        |l, e| l.memory_grow_failed(e),
        desired,
        "overflow calculating the size of a memory",
        grow,
    )
}

/// As [`ask_memory`], for a table of `current` elements growing to
/// `desired`.
pub fn ask_table<R>(
    limiter: Option<&mut StoreLimiter>,
    current: usize,
    desired: Option<usize>,
    maximum: Option<usize>,
    grow: impl FnOnce() -> Result<R>,
) -> Result<Option<R>> {
    ask(
        limiter,
        |l, desired| l.table_growing(current, desired, maximum),
        |l, e| l.table_grow_failed(e),
        desired,
        "overflow calculating the size of a table",
        grow,
    )
}

fn ask<R>(
    mut limiter: Option<&mut StoreLimiter>,
    growing: impl FnOnce(&mut dyn ResourceLimiter, usize) -> Result<bool>,
    failed: impl FnOnce(&mut dyn ResourceLimiter, anyhow::Error) -> Result<()>,
    desired: Option<usize>,
    overflow: &str,
    grow: impl FnOnce() -> Result<R>,
) -> Result<Option<R>> {
    let Some(desired) = desired else {
        if let Some(l) = limiter {
            l.with(|l| failed(l, anyhow::anyhow!("{overflow}")))?;
        }
        return Ok(None);
    };
    if let Some(l) = limiter.as_deref_mut() {
        if !l.with(|l| growing(l, desired))? {
            return Ok(None);
        }
    }
    match grow() {
        Ok(r) => Ok(Some(r)),
        Err(e) => {
            if let Some(l) = limiter {
                l.with(|l| failed(l, e))?;
            }
            Ok(None)
        }
    }
}
