//! `bindgen!({ async: true })` end to end, on the committed `errors` guest
//! (`tests/guests/errors.wasm`): the generated host trait is implemented
//! with `async fn`s whose futures wait on the test, the generated
//! `call_*` futures are polled by hand, and the test checks that a call is
//! `Pending` exactly while the host waits, then completes with what the
//! guest made of the host's answer (a WIT error value included, through
//! `trappable_error_type`).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use hoist::component::{Component, Linker};
use hoist::{Engine, Store};

mod bindings {
    ::hoist::bindgen!({
        world: "errors",
        path: "tests/guests/errors/wit",
        async: true,
        trappable_error_type: { "hoist:errors/store/error" => crate::bindgen_async::StoreError },
    });
}

use bindings::hoist::errors::store::{self, Error, Failure};
use bindings::Errors;

/// The error type of the host's `get`.
#[derive(Debug)]
pub enum StoreError {
    /// No such key: the guest gets `error.not-found`.
    NotFound,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not found")
    }
}

impl std::error::Error for StoreError {}

/// A gate the host's futures wait at until the test opens it.
#[derive(Clone, Default)]
struct Gate(Arc<Mutex<(bool, Vec<Waker>)>>);

impl Gate {
    fn open(&self) {
        let mut g = self.0.lock().unwrap();
        g.0 = true;
        for w in g.1.drain(..) {
            w.wake();
        }
    }

    fn close(&self) {
        self.0.lock().unwrap().0 = false;
    }

    fn wait(&self) -> impl Future<Output = ()> + Send + 'static {
        let gate = self.clone();
        std::future::poll_fn(move |cx| {
            let mut g = gate.0.lock().unwrap();
            if g.0 {
                Poll::Ready(())
            } else {
                g.1.push(cx.waker().clone());
                Poll::Pending
            }
        })
    }
}

/// The store data: a key-value map behind a gate.
#[derive(Default)]
struct Host {
    values: HashMap<String, String>,
    gate: Gate,
    gets: usize,
}

impl store::Host for Host {
    async fn get(&mut self, key: String) -> Result<String, StoreError> {
        self.gate.wait().await;
        self.gets += 1;
        self.values.get(&key).cloned().ok_or(StoreError::NotFound)
    }

    async fn put(&mut self, key: String, value: String) -> anyhow::Result<Result<(), Failure>> {
        self.gate.wait().await;
        if key.is_empty() {
            return Ok(Err(Failure::Message("empty key".to_string())));
        }
        self.values.insert(key, value);
        Ok(Ok(()))
    }

    fn convert_error(&mut self, err: StoreError) -> anyhow::Result<Error> {
        match err {
            StoreError::NotFound => Ok(Error::NotFound),
        }
    }
}

/// Counts wake-ups.
struct CountingWaker(AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn poll<F: Future + ?Sized>(fut: Pin<&mut F>, waker: &Arc<CountingWaker>) -> Poll<F::Output> {
    let waker = Waker::from(waker.clone());
    fut.poll(&mut Context::from_waker(&waker))
}

/// Polls `fut` while the gate is closed (it must stay pending), then opens
/// the gate and polls it to completion; the output.
fn gated<F: Future>(gate: &Gate, fut: F) -> F::Output {
    let waker = Arc::new(CountingWaker(AtomicUsize::new(0)));
    let mut fut = std::pin::pin!(fut);
    gate.close();
    assert!(
        poll(fut.as_mut(), &waker).is_pending(),
        "the call waits for the host"
    );
    assert!(poll(fut.as_mut(), &waker).is_pending(), "and keeps waiting");
    gate.open();
    assert!(
        waker.0.load(Ordering::SeqCst) >= 1,
        "opening the gate woke the call"
    );
    loop {
        if let Poll::Ready(out) = poll(fut.as_mut(), &waker) {
            return out;
        }
    }
}

#[test]
fn async_host_functions_suspend_generated_export_calls() {
    let engine = Engine::default();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/guests/errors.wasm");
    let component = Component::from_file(&engine, path).unwrap();
    let mut linker = Linker::<Host>::new(&engine);
    Errors::add_to_linker(&mut linker, |h: &mut Host| h).unwrap();
    let mut store = Store::new(&engine, Host::default());
    let gate = store.data().gate.clone();
    gate.open();
    let (errors, _instance) =
        hoist::component::block_on(Errors::instantiate_async(&mut store, &component, &linker))
            .unwrap();
    let client = errors.hoist_errors_client();

    let saved = gated(
        &gate,
        client.call_save(&mut store, "fruit".to_string(), "apple".to_string()),
    );
    assert_eq!(saved.unwrap(), "ok");
    let refused = gated(
        &gate,
        client.call_save(&mut store, String::new(), "x".to_string()),
    );
    assert_eq!(refused.unwrap(), "err: message empty key");

    let found = gated(&gate, client.call_fetch(&mut store, "fruit".to_string()));
    assert_eq!(found.unwrap(), "ok: apple");
    let missing = gated(&gate, client.call_fetch_raw(&mut store, "pear".to_string()));
    assert!(matches!(missing.unwrap(), Err(Error::NotFound)));
    assert_eq!(store.data().gets, 2);

    // A call that never waits completes on its first poll.
    let calls = hoist::component::block_on(client.call_calls(&mut store)).unwrap();
    assert_eq!(calls, 4);
}
