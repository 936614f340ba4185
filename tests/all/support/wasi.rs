//! The scaffolding of the WASI tests (`wasi_host`, `wasi_sockets`,
//! `wasi_http`, `wasi_filesystem`, `wasi_programs`): a host state from a
//! context builder, a component instantiated with every WASI interface
//! linked, tests bounded in time, borrowed handles as a guest passes them,
//! and whole writes and reads of streams through the host traits.

use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use anyhow::Result;
use hoist::component::{Component, Instance, Linker, Resource};
use hoist::wasi::bindings::wasi::io::streams::{self, HostInputStream, HostOutputStream};
use hoist::wasi::io::{DynInputStream, DynOutputStream, IoError, StreamError};
use hoist::wasi::runtime::block_on;
use hoist::wasi::{WasiCtxBuilder, WasiState, WasiView};
use hoist::Store;

/// The host state of a store, with the context `builder` makes.
pub fn state(builder: &mut WasiCtxBuilder) -> WasiState {
    WasiState::new(builder.build())
}

/// Instantiates the component `wat` with every WASI interface linked
/// (`add_to_linker_sync`), in a new store with the context of `ctx`.
pub fn instantiate(wat: &str, ctx: &mut WasiCtxBuilder) -> Result<(Store<WasiState>, Instance)> {
    let engine = super::engine();
    let component = Component::new(&engine, wat)?;
    let mut linker = Linker::<WasiState>::new(&engine);
    hoist::wasi::add_to_linker_sync(&mut linker)?;
    let mut store = Store::new(&engine, state(ctx));
    let instance = linker.instantiate(&mut store, &component)?;
    Ok((store, instance))
}

/// Runs `test` on a thread of its own; fails if it takes over a minute.
pub fn bounded(test: impl FnOnce() + Send + 'static) {
    let (done, finished) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        test();
        let _ = done.send(());
    });
    match finished.recv_timeout(Duration::from_secs(60)) {
        Ok(()) => thread.join().unwrap(),
        Err(RecvTimeoutError::Disconnected) => {
            if let Err(panic) = thread.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(RecvTimeoutError::Timeout) => panic!("the test did not finish within a minute"),
    }
}

/// A borrowed handle of `r`, as a guest's method call passes `self`.
pub fn borrow<T>(r: Resource<T>) -> Resource<T> {
    Resource::new_borrow(r.rep())
}

/// Writes all of `bytes` to the stream `s` as a guest's
/// `blocking-write-and-flush` does, 4096 bytes at a time.
pub fn write_all<H: WasiView>(h: &mut H, s: Resource<DynOutputStream>, bytes: &[u8]) {
    for chunk in bytes.chunks(4096) {
        block_on(HostOutputStream::blocking_write_and_flush(
            h,
            borrow(s),
            chunk.to_vec(),
        ))
        .unwrap();
    }
}

/// Reads the stream `s` to its end: what was read, and the `error`
/// resource of a failed read (as the guest gets it), which ends it too.
/// A trap fails the test.
pub fn read_all<H: WasiView>(
    h: &mut H,
    s: Resource<DynInputStream>,
) -> (Vec<u8>, Option<Resource<IoError>>) {
    let mut out = Vec::new();
    loop {
        match block_on(HostInputStream::blocking_read(h, borrow(s), 65536)) {
            Ok(bytes) => out.extend(bytes),
            Err(StreamError::Closed) => return (out, None),
            Err(StreamError::LastOperationFailed(e)) => {
                let wit =
                    HostInputStream::convert_stream_error(h, StreamError::LastOperationFailed(e))
                        .unwrap();
                let streams::StreamError::LastOperationFailed(e) = wit else {
                    panic!("a failed read is last-operation-failed")
                };
                return (out, Some(e));
            }
            Err(StreamError::Trap(e)) => panic!("a read trapped: {e:#}"),
        }
    }
}
