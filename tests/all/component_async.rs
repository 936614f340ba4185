//! Async host functions and the `*_async` calls (`component/async_api.rs`,
//! `vm/fiber.rs`): a guest waiting on a host future suspends, so the call's
//! future returns `Pending` and completes on a later poll, possibly on
//! another thread; several suspended calls interleave on one thread; traps,
//! host errors, panics, stack overflow and cancellation behave as in
//! synchronous calls; and a synchronous call of an async host function
//! still works.
//!
//! The tests poll futures by hand (a tiny executor below) so that they can
//! assert exactly when a call is pending.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use hoist::component::{Component, HostFuture, Instance, Linker, TypedFunc};
use hoist::{Engine, Store, StoreContextMut, Trap};

/// A value the test hands to a waiting host future: a one-shot slot with
/// the waker of whoever waits on it.
#[derive(Default)]
struct Slot {
    value: Option<u32>,
    waker: Option<Waker>,
    waiting: bool,
}

/// The store data: the slot the `wait` import waits on.
#[derive(Clone, Default)]
struct Host {
    slot: Arc<Mutex<Slot>>,
}

impl Host {
    fn fill(&self, v: u32) {
        let mut slot = self.slot.lock().unwrap();
        slot.value = Some(v);
        if let Some(w) = slot.waker.take() {
            w.wake();
        }
    }

    fn waiting(&self) -> bool {
        self.slot.lock().unwrap().waiting
    }
}

/// Resolves when the slot is filled, with its value.
struct WaitSlot(Arc<Mutex<Slot>>);

impl Future for WaitSlot {
    type Output = u32;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let mut slot = self.0.lock().unwrap();
        match slot.value.take() {
            Some(v) => {
                slot.waiting = false;
                Poll::Ready(v)
            }
            None => {
                slot.waiting = true;
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
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

/// Polls `fut` once with a counting waker.
fn poll_once<F: Future + Unpin>(fut: &mut F, waker: &Arc<CountingWaker>) -> Poll<F::Output> {
    let waker = Waker::from(waker.clone());
    let mut cx = Context::from_waker(&waker);
    Pin::new(fut).poll(&mut cx)
}

const GUEST: &str = r#"(component
  (import "wait" (func $wait (param "x" u32) (result u32)))
  (core func $wait-lowered (canon lower (func $wait)))
  (core module $m
    (import "host" "wait" (func $wait (param i32) (result i32)))
    ;; wait(x) + 1
    (func (export "run") (param i32) (result i32)
      local.get 0 call $wait i32.const 1 i32.add)
    ;; wait(x), then trap
    (func (export "run-then-trap") (param i32) (result i32)
      local.get 0 call $wait drop unreachable)
    ;; infinite recursion
    (func $recurse (export "recurse") (param i32) (result i32)
      local.get 0 i32.const 1 i32.add call $recurse))
  (core instance $i (instantiate $m
    (with "host" (instance (export "wait" (func $wait-lowered))))))
  (func (export "run") (param "x" u32) (result u32)
    (canon lift (core func $i "run")))
  (func (export "run-then-trap") (param "x" u32) (result u32)
    (canon lift (core func $i "run-then-trap")))
  (func (export "recurse") (param "x" u32) (result u32)
    (canon lift (core func $i "recurse"))))"#;

/// A linker whose `wait(x)` host function waits for the slot and returns
/// `x * 1000 + value`; the value 999 makes it fail instead, and 666 makes
/// it panic.
fn linker(engine: &Engine) -> Linker<Host> {
    let mut linker = Linker::<Host>::new(engine);
    linker
        .root()
        .func_wrap_async(
            "wait",
            |store: StoreContextMut<'_, Host>, (x,): (u32,)| -> HostFuture<'_, (u32,)> {
                let slot = store.data().slot.clone();
                Box::new(async move {
                    let v = WaitSlot(slot).await;
                    match v {
                        999 => anyhow::bail!("the host gave up on {x}"),
                        666 => panic!("the host panicked on {x}"),
                        v => Ok((x * 1000 + v,)),
                    }
                })
            },
        )
        .unwrap();
    linker
}

fn setup() -> (Store<Host>, Instance, Host) {
    let engine = Engine::default();
    let component = Component::new(&engine, GUEST).unwrap();
    let host = Host::default();
    let mut store = Store::new(&engine, host.clone());
    let instance =
        hoist::component::block_on(linker(&engine).instantiate_async(&mut store, &component))
            .unwrap();
    (store, instance, host)
}

fn typed(store: &mut Store<Host>, instance: &Instance, name: &str) -> TypedFunc<(u32,), (u32,)> {
    instance
        .get_typed_func::<(u32,), (u32,)>(&mut *store, name)
        .unwrap()
}

#[test]
fn a_waiting_host_future_suspends_the_call_until_it_is_woken() {
    let (mut store, instance, host) = setup();
    let run = typed(&mut store, &instance, "run");
    let waker = Arc::new(CountingWaker(AtomicUsize::new(0)));
    {
        let mut call = Box::pin(run.call_async(&mut store, (7,)));
        assert!(poll_once(&mut call, &waker).is_pending());
        assert!(host.waiting(), "the host future is the one waiting");
        // Polling again without a value stays pending (the guest is not
        // rerun: it is suspended inside the import).
        assert!(poll_once(&mut call, &waker).is_pending());
        assert_eq!(waker.0.load(Ordering::SeqCst), 0);
        host.fill(5);
        assert_eq!(
            waker.0.load(Ordering::SeqCst),
            1,
            "filling the slot woke the task"
        );
        match poll_once(&mut call, &waker) {
            Poll::Ready(r) => assert_eq!(r.unwrap(), (7006,)),
            Poll::Pending => panic!("the call is still pending after its host future resolved"),
        }
    }
    run.post_return(&mut store).unwrap();
    // The instance is usable again, through a synchronous call too: the
    // async host function then runs to completion on this thread.
    host.fill(1);
    assert_eq!(run.call(&mut store, (2,)).unwrap(), (2002,));
    run.post_return(&mut store).unwrap();
}

#[test]
fn suspended_calls_interleave_on_one_thread() {
    let (mut store_a, instance_a, host_a) = setup();
    let (mut store_b, instance_b, host_b) = setup();
    let run_a = typed(&mut store_a, &instance_a, "run");
    let run_b = typed(&mut store_b, &instance_b, "run");
    let waker = Arc::new(CountingWaker(AtomicUsize::new(0)));
    let mut a = Box::pin(run_a.call_async(&mut store_a, (1,)));
    let mut b = Box::pin(run_b.call_async(&mut store_b, (2,)));
    assert!(poll_once(&mut a, &waker).is_pending());
    assert!(poll_once(&mut b, &waker).is_pending());
    host_b.fill(20);
    // `b` finishes first although `a` suspended first.
    assert!(poll_once(&mut a, &waker).is_pending());
    let Poll::Ready(rb) = poll_once(&mut b, &waker) else {
        panic!("b is ready")
    };
    assert_eq!(rb.unwrap(), (2021,));
    host_a.fill(10);
    let Poll::Ready(ra) = poll_once(&mut a, &waker) else {
        panic!("a is ready")
    };
    assert_eq!(ra.unwrap(), (1011,));
}

#[test]
fn a_suspended_call_resumes_on_another_thread_and_traps_there() {
    let (mut store, instance, host) = setup();
    let run = typed(&mut store, &instance, "run-then-trap");
    let waker = Arc::new(CountingWaker(AtomicUsize::new(0)));
    let mut call = Box::pin(run.call_async(&mut store, (3,)));
    assert!(poll_once(&mut call, &waker).is_pending());
    host.fill(4);
    let result = std::thread::scope(|s| {
        s.spawn(move || {
            let waker = Arc::new(CountingWaker(AtomicUsize::new(0)));
            match poll_once(&mut call, &waker) {
                Poll::Ready(r) => r,
                Poll::Pending => panic!("still pending on the other thread"),
            }
        })
        .join()
        .unwrap()
    });
    let err = result.unwrap_err();
    assert_eq!(
        err.downcast_ref::<Trap>(),
        Some(&Trap::Unreachable),
        "{err:#}"
    );
    // The trap poisoned the instance, as in a synchronous call.
    let err = run.call(&mut store, (1,)).unwrap_err();
    assert!(
        format!("{err:#}").contains("cannot enter the component instance"),
        "{err:#}"
    );
}

#[test]
fn host_errors_and_panics_inside_a_suspended_call() {
    let (mut store, instance, host) = setup();
    let run = typed(&mut store, &instance, "run");
    let waker = Arc::new(CountingWaker(AtomicUsize::new(0)));
    {
        let mut call = Box::pin(run.call_async(&mut store, (9,)));
        assert!(poll_once(&mut call, &waker).is_pending());
        host.fill(999);
        let Poll::Ready(r) = poll_once(&mut call, &waker) else {
            panic!("ready")
        };
        let err = r.unwrap_err();
        assert!(
            format!("{err:#}").contains("the host gave up on 9"),
            "{err:#}"
        );
    }

    let (mut store, instance, host) = setup();
    let run = typed(&mut store, &instance, "run");
    let mut call = Box::pin(run.call_async(&mut store, (8,)));
    assert!(poll_once(&mut call, &waker).is_pending());
    host.fill(666);
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = poll_once(&mut call, &waker);
    }))
    .unwrap_err();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert_eq!(message, "the host panicked on 8");
}

#[test]
fn dropping_a_suspended_call_cancels_it() {
    let (mut store, instance, host) = setup();
    let run = typed(&mut store, &instance, "run");
    let waker = Arc::new(CountingWaker(AtomicUsize::new(0)));
    let mut call = Box::pin(run.call_async(&mut store, (5,)));
    assert!(poll_once(&mut call, &waker).is_pending());
    drop(call);
    // The cancelled host call failed inside the guest, which poisons the
    // instance; the store itself stays usable for new instances.
    let err = run.call(&mut store, (1,)).unwrap_err();
    assert!(
        format!("{err:#}").contains("cannot enter the component instance"),
        "{err:#}"
    );
    let engine = store.engine().clone();
    let component = Component::new(&engine, GUEST).unwrap();
    let fresh = linker(&engine).instantiate(&mut store, &component).unwrap();
    let run = typed(&mut store, &fresh, "run");
    host.fill(3);
    assert_eq!(run.call(&mut store, (1,)).unwrap(), (1004,));
    run.post_return(&mut store).unwrap();
}

#[test]
fn stack_overflow_on_a_fiber_is_a_trap() {
    let (mut store, instance, _host) = setup();
    let recurse = typed(&mut store, &instance, "recurse");
    let err = hoist::component::block_on(recurse.call_async(&mut store, (0,))).unwrap_err();
    assert_eq!(
        err.downcast_ref::<Trap>(),
        Some(&Trap::StackOverflow),
        "{err:#}"
    );
}

#[test]
fn many_calls_in_a_row_reuse_fiber_stacks() {
    let (mut store, instance, host) = setup();
    let run = typed(&mut store, &instance, "run");
    let waker = Arc::new(CountingWaker(AtomicUsize::new(0)));
    for i in 0..200 {
        let mut call = Box::pin(run.call_async(&mut store, (i,)));
        assert!(poll_once(&mut call, &waker).is_pending());
        host.fill(i);
        let Poll::Ready(r) = poll_once(&mut call, &waker) else {
            panic!("ready")
        };
        assert_eq!(r.unwrap(), (i * 1000 + i + 1,));
        drop(call);
        run.post_return(&mut store).unwrap();
    }
}
