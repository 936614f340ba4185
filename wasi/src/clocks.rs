//! `wasi:clocks`: the wall clock and the monotonic clock, which an
//! embedder may replace ([`HostWallClock`], [`HostMonotonicClock`]), and
//! the monotonic clock's timers as pollables.

use std::time::{Duration, SystemTime};

use anyhow::Result;
use hoist_runtime::component::Resource;

use crate::bindings::wasi::clocks::{monotonic_clock, wall_clock};
use crate::io::{Pollable, Subscribe};
use crate::runtime::{in_tokio, BoxFuture};
use crate::WasiView;

/// A source of wall-clock time (`wasi:clocks/wall-clock`).
pub trait HostWallClock: Send + Sync {
    /// The clock's resolution.
    fn resolution(&self) -> Duration;
    /// The time since the Unix epoch.
    fn now(&self) -> Duration;
}

/// A source of monotonic time (`wasi:clocks/monotonic-clock`), in
/// nanoseconds from an arbitrary start.
pub trait HostMonotonicClock: Send + Sync {
    /// The clock's resolution, in nanoseconds.
    fn resolution(&self) -> u64;
    /// The current instant, in nanoseconds.
    fn now(&self) -> u64;
}

/// The host's real wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemWallClock;

impl HostWallClock for SystemWallClock {
    fn resolution(&self) -> Duration {
        Duration::from_nanos(1)
    }

    fn now(&self) -> Duration {
        // A clock set before 1970 reads as the epoch.
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
    }
}

/// The host's real monotonic clock, counting from when it was made.
#[derive(Clone, Copy, Debug)]
pub struct SystemMonotonicClock {
    start: std::time::Instant,
}

impl Default for SystemMonotonicClock {
    fn default() -> Self {
        SystemMonotonicClock {
            start: std::time::Instant::now(),
        }
    }
}

impl HostMonotonicClock for SystemMonotonicClock {
    fn resolution(&self) -> u64 {
        1
    }

    fn now(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
}

/// A timer: ready once its deadline has passed (on the host's real
/// clock, however far the guest's clock was from it).
pub(crate) struct Deadline(Option<tokio::time::Instant>);

impl Deadline {
    /// A deadline `nanos` from now; never, if that is beyond what the
    /// host's clock can represent.
    pub(crate) fn after(nanos: u64) -> Deadline {
        Deadline(tokio::time::Instant::now().checked_add(Duration::from_nanos(nanos)))
    }
}

impl Subscribe for Deadline {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        match self.0 {
            // The timer is made inside the future: making it registers
            // with the current Tokio runtime, which `in_tokio` enters only
            // when polling (a synchronous caller is in none before that).
            // Tokio's timers count in milliseconds: a deadline that has
            // passed is ready now, not at the timer driver's next tick.
            Some(at) if at <= tokio::time::Instant::now() => Box::pin(async {}),
            Some(at) => Box::pin(in_tokio(async move { tokio::time::sleep_until(at).await })),
            None => Box::pin(std::future::pending()),
        }
    }
}

impl<T: WasiView> monotonic_clock::Host for T {
    async fn now(&mut self) -> Result<u64> {
        Ok(self.ctx().ctx.monotonic_clock.now())
    }

    async fn resolution(&mut self) -> Result<u64> {
        Ok(self.ctx().ctx.monotonic_clock.resolution())
    }

    async fn subscribe_instant(&mut self, when: u64) -> Result<Resource<Pollable>> {
        let view = self.ctx();
        let now = view.ctx.monotonic_clock.now();
        crate::io::poll::subscribe_owned(view.table, Deadline::after(when.saturating_sub(now)))
    }

    async fn subscribe_duration(&mut self, when: u64) -> Result<Resource<Pollable>> {
        crate::io::poll::subscribe_owned(self.ctx().table, Deadline::after(when))
    }
}

impl<T: WasiView> wall_clock::Host for T {
    async fn now(&mut self) -> Result<wall_clock::Datetime> {
        Ok(datetime(self.ctx().ctx.wall_clock.now()))
    }

    async fn resolution(&mut self) -> Result<wall_clock::Datetime> {
        Ok(datetime(self.ctx().ctx.wall_clock.resolution()))
    }
}

fn datetime(d: Duration) -> wall_clock::Datetime {
    wall_clock::Datetime {
        seconds: d.as_secs(),
        nanoseconds: d.subsec_nanos(),
    }
}
