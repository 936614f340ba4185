//! `wasi:io/poll`: pollables, and waiting for several at once.
//!
//! A [`Pollable`] refers to the resource it was made from (a stream, a
//! socket, a timer) by its slot in the table. Asking it for readiness
//! borrows that resource only long enough to get a `'static` future from
//! it ([`Subscribe::ready`]), so `poll` can wait on thousands of futures
//! with no borrow of the table held across the wait.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use anyhow::{anyhow, bail, Result};
use hoist_runtime::component::{Resource, ResourceTable};

use crate::bindings::wasi::io::poll::{Host, HostPollable};
use crate::runtime::BoxFuture;
use crate::WasiView;

/// What a guest can wait for: a resource whose readiness is a future.
pub trait Subscribe: Send + Sync + 'static {
    /// A future that completes once the resource is ready (has data, has
    /// room, has failed or closed, or its time has come). It must not
    /// borrow the resource: it is awaited while the guest may use it.
    fn ready(&mut self) -> BoxFuture<'static, ()>;
}

/// Gets the readiness future of the resource in table slot `rep`.
type MakeFuture = fn(&mut ResourceTable, u32) -> Result<BoxFuture<'static, ()>>;

/// The host value behind a guest's `wasi:io/poll.pollable` handle.
pub struct Pollable {
    /// The table slot of the resource it waits on.
    index: u32,
    make_future: MakeFuture,
    /// Deletes the resource with the pollable, for pollables that own it
    /// (a timer).
    remove_with: Option<fn(&mut ResourceTable, u32) -> Result<()>>,
}

/// Makes a pollable for the resource `parent` (which stays in the table),
/// and puts it in the table.
pub fn subscribe<T: Subscribe>(
    table: &mut ResourceTable,
    parent: &Resource<T>,
) -> Result<Resource<Pollable>> {
    // Check the handle now, so that a bad one fails here.
    table.get(parent)?;
    table.push(Pollable {
        index: parent.rep(),
        make_future: future_of::<T>,
        remove_with: None,
    })
}

/// Puts `value` in the table with a pollable that owns it: dropping the
/// pollable deletes it.
pub(crate) fn subscribe_owned<T: Subscribe>(
    table: &mut ResourceTable,
    value: T,
) -> Result<Resource<Pollable>> {
    let owned = table.push(value)?;
    table.push(Pollable {
        index: owned.rep(),
        make_future: future_of::<T>,
        remove_with: Some(|table, rep| {
            table.delete(Resource::<T>::new_own(rep))?;
            Ok(())
        }),
    })
}

fn future_of<T: Subscribe>(table: &mut ResourceTable, rep: u32) -> Result<BoxFuture<'static, ()>> {
    let parent = table
        .get_mut(&Resource::<T>::new_borrow(rep))
        .map_err(|e| e.context("a pollable outlived the resource it was subscribed to"))?;
    Ok(parent.ready())
}

/// The readiness future of the pollable `p`.
fn readiness(table: &mut ResourceTable, p: &Resource<Pollable>) -> Result<BoxFuture<'static, ()>> {
    let pollable = table.get(p)?;
    let (index, make) = (pollable.index, pollable.make_future);
    make(table, index)
}

/// Polls every future once; ready when at least one is, with the indices
/// of those that are.
struct FirstReady {
    futures: Vec<Option<BoxFuture<'static, ()>>>,
}

impl Future for FirstReady {
    type Output = Vec<u32>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Vec<u32>> {
        let mut ready = Vec::new();
        for (i, slot) in self.futures.iter_mut().enumerate() {
            let Some(future) = slot else { continue };
            if future.as_mut().poll(cx).is_ready() {
                *slot = None;
                // The list's length was checked against u32 before.
                ready.push(i as u32);
            }
        }
        if ready.is_empty() {
            Poll::Pending
        } else {
            Poll::Ready(ready)
        }
    }
}

impl<T: WasiView> HostPollable for T {
    async fn ready(&mut self, p: Resource<Pollable>) -> Result<bool> {
        let future = readiness(self.ctx().table, &p)?;
        let mut first = crate::runtime::in_tokio(FirstReady {
            futures: vec![Some(future)],
        });
        let mut cx = Context::from_waker(std::task::Waker::noop());
        Ok(Pin::new(&mut first).poll(&mut cx).is_ready())
    }

    async fn block(&mut self, p: Resource<Pollable>) -> Result<()> {
        let future = readiness(self.ctx().table, &p)?;
        crate::runtime::in_tokio(future).await;
        Ok(())
    }

    async fn drop(&mut self, p: Resource<Pollable>) -> Result<()> {
        let table = self.ctx().table;
        let pollable = table.delete(p)?;
        if let Some(remove) = pollable.remove_with {
            remove(table, pollable.index)?;
        }
        Ok(())
    }
}

impl<T: WasiView> Host for T {
    async fn poll(&mut self, pollables: Vec<Resource<Pollable>>) -> Result<Vec<u32>> {
        if pollables.is_empty() {
            bail!("wasi:io/poll.poll: the list of pollables is empty");
        }
        u32::try_from(pollables.len())
            .map_err(|_| anyhow!("wasi:io/poll.poll: more pollables than a u32 indexes"))?;
        let table = self.ctx().table;
        let mut futures = Vec::with_capacity(pollables.len());
        for p in &pollables {
            futures.push(Some(readiness(table, p)?));
        }
        Ok(crate::runtime::in_tokio(FirstReady { futures }).await)
    }
}
