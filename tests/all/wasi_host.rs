//! The WASI host's own behaviour, through its embedding API: replaced
//! clocks and random sources seen by a guest, arguments and environment,
//! `exit` as an `I32Exit` error, version matching of WASI imports (a guest
//! importing 0.2.0 served by the host's 0.2.12), and the stream and poll
//! rules of `wasi:io` that a guest may break (writes beyond `check-write`,
//! closed streams, failed writes, thousands of pollables, pollables
//! outliving their stream, bad handles), each an error or a trap, never a
//! host panic. The host traits are called directly where a hand-written
//! component could not break the rule (a guest cannot forge handles: the
//! canonical ABI checks them first).

use std::time::Duration;

use anyhow::Result;
use hoist::component::Resource;
use hoist::wasi::bindings::wasi::clocks::monotonic_clock::Host as MonotonicHost;
use hoist::wasi::bindings::wasi::io::error::HostError;
use hoist::wasi::bindings::wasi::io::poll::{Host as PollHost, HostPollable};
use hoist::wasi::bindings::wasi::io::streams::{
    HostInputStream, HostOutputStream, StreamError as WitStreamError,
};
use hoist::wasi::clocks::{HostMonotonicClock, HostWallClock};
use hoist::wasi::io::{DynInputStream, DynOutputStream, StreamError};
use hoist::wasi::pipe::{ClosedInputStream, MemoryInputPipe, MemoryOutputPipe};
use hoist::wasi::random::{Deterministic, RandomSource};
use hoist::wasi::runtime::block_on;
use hoist::wasi::{I32Exit, WasiCtx, WasiState};

use crate::support::bump_realloc;
use crate::support::wasi::{borrow, instantiate, state};

/// A wall clock stopped at a fixed time.
struct FixedWall(Duration);
impl HostWallClock for FixedWall {
    fn resolution(&self) -> Duration {
        Duration::from_millis(1)
    }
    fn now(&self) -> Duration {
        self.0
    }
}

/// A monotonic clock stopped at a fixed instant.
struct FixedMonotonic(u64);
impl HostMonotonicClock for FixedMonotonic {
    fn resolution(&self) -> u64 {
        1000
    }
    fn now(&self) -> u64 {
        self.0
    }
}

/// A component reading the random, clock and environment interfaces, at
/// WASI versions older than the host's.
const READER: &str = concat!(
    r#"(component
  (import "wasi:random/random@0.2.0" (instance $random
    (export "get-random-u64" (func (result u64)))))
  (import "wasi:random/insecure-seed@0.2.3" (instance $seed
    (export "insecure-seed" (func (result (tuple u64 u64))))))
  (import "wasi:clocks/monotonic-clock@0.2.1" (instance $mono
    (export "now" (func (result u64)))
    (export "resolution" (func (result u64)))))
  (import "wasi:clocks/wall-clock@0.2.0" (instance $wall
    (type $dt (record (field "seconds" u64) (field "nanoseconds" u32)))
    (export "datetime" (type $dt' (eq $dt)))
    (export "now" (func (result $dt')))))
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "get-arguments" (func (result (list string))))
    (export "get-environment" (func (result (list (tuple string string)))))
    (export "initial-cwd" (func (result (option string))))))
  (import "wasi:cli/exit@0.2.0" (instance $exit
    (export "exit" (func (param "status" (result))))))
  (core module $mem
    (memory (export "memory") 1)"#,
    bump_realloc!(),
    r#")
  (core instance $mem (instantiate $mem))
  (alias core export $mem "memory" (core memory $memory))
  (alias core export $mem "realloc" (core func $realloc))
  (core func $rand (canon lower (func $random "get-random-u64")))
  (core func $seed (canon lower (func $seed "insecure-seed") (memory $memory)))
  (core func $now (canon lower (func $mono "now")))
  (core func $wall (canon lower (func $wall "now") (memory $memory)))
  (core func $args (canon lower (func $env "get-arguments") (memory $memory) (realloc $realloc)))
  (core func $exit (canon lower (func $exit "exit")))
  (core module $m
    (import "" "memory" (memory 1))
    (import "" "rand" (func $rand (result i64)))
    (import "" "seed" (func $seed (param i32)))
    (import "" "now" (func $now (result i64)))
    (import "" "wall" (func $wall (param i32)))
    (import "" "args" (func $args (param i32)))
    (import "" "exit" (func $exit (param i32)))
    (func (export "rand") (result i64) call $rand)
    (func (export "seed") (result i32) (call $seed (i32.const 16)) (i32.const 16))
    (func (export "now") (result i64) call $now)
    (func (export "wall") (result i32) (call $wall (i32.const 32)) (i32.const 32))
    (func (export "args") (result i32) (call $args (i32.const 48)) (i32.const 48))
    (func (export "exit") (param i32) (call $exit (local.get 0)) unreachable))
  (core instance $i (instantiate $m (with "" (instance
    (export "memory" (memory $memory))
    (export "rand" (func $rand)) (export "seed" (func $seed)) (export "now" (func $now))
    (export "wall" (func $wall)) (export "args" (func $args)) (export "exit" (func $exit))))))
  (func (export "rand") (result u64) (canon lift (core func $i "rand")))
  (func (export "seed") (result (tuple u64 u64)) (canon lift (core func $i "seed") (memory $memory)))
  (func (export "now") (result u64) (canon lift (core func $i "now")))
  (func (export "wall") (result (tuple u64 u32)) (canon lift (core func $i "wall") (memory $memory)))
  (func (export "args") (result (list string)) (canon lift (core func $i "args") (memory $memory)))
  (func (export "exit") (param "failed" bool) (canon lift (core func $i "exit")))
)"#
);

#[test]
fn a_guest_sees_the_replaced_random_source_and_seed() -> Result<()> {
    let (mut store, instance) = instantiate(
        READER,
        WasiCtx::builder()
            .secure_random(Deterministic::new(7))
            .insecure_random_seed((11, 22)),
    )?;
    let mut expected = Deterministic::new(7);
    let mut bytes = [0; 8];
    expected.fill_bytes(&mut bytes);
    let rand = instance.get_typed_func::<(), (u64,)>(&mut store, "rand")?;
    assert_eq!(rand.call(&mut store, ())?.0, u64::from_le_bytes(bytes));
    rand.post_return(&mut store)?;
    expected.fill_bytes(&mut bytes);
    assert_eq!(rand.call(&mut store, ())?.0, u64::from_le_bytes(bytes));
    rand.post_return(&mut store)?;

    let seed = instance.get_typed_func::<(), ((u64, u64),)>(&mut store, "seed")?;
    assert_eq!(seed.call(&mut store, ())?.0, (11, 22));
    Ok(())
}

#[test]
fn a_guest_sees_the_replaced_clocks() -> Result<()> {
    let (mut store, instance) = instantiate(
        READER,
        WasiCtx::builder()
            .wall_clock(FixedWall(Duration::new(1_700_000_000, 123)))
            .monotonic_clock(FixedMonotonic(42_000)),
    )?;
    let now = instance.get_typed_func::<(), (u64,)>(&mut store, "now")?;
    assert_eq!(now.call(&mut store, ())?.0, 42_000);
    now.post_return(&mut store)?;
    let wall = instance.get_func(&mut store, "wall").unwrap();
    let mut out = [hoist::component::Val::Bool(false)];
    wall.call(&mut store, &[], &mut out)?;
    assert_eq!(
        out[0],
        hoist::component::Val::Tuple(vec![
            hoist::component::Val::U64(1_700_000_000),
            hoist::component::Val::U32(123),
        ])
    );
    Ok(())
}

#[test]
fn a_guest_sees_its_arguments() -> Result<()> {
    let (mut store, instance) = instantiate(READER, WasiCtx::builder().args(["prog", "a b", "ü"]))?;
    let args = instance.get_typed_func::<(), (Vec<String>,)>(&mut store, "args")?;
    assert_eq!(args.call(&mut store, ())?.0, ["prog", "a b", "ü"]);
    Ok(())
}

#[test]
fn exit_reaches_the_host_as_i32_exit() -> Result<()> {
    // The guest passes its bool on as the discriminant of `exit`'s
    // `result`: false is `ok`.
    for (failed, code) in [(false, 0), (true, 1)] {
        let (mut store, instance) = instantiate(READER, &mut WasiCtx::builder())?;
        let exit = instance.get_typed_func::<(bool,), ()>(&mut store, "exit")?;
        let err = exit.call(&mut store, (failed,)).unwrap_err();
        assert_eq!(
            err.downcast_ref::<I32Exit>(),
            Some(&I32Exit(code)),
            "{err:?}"
        );
    }
    Ok(())
}

#[test]
fn an_import_of_a_wasi_version_the_host_lacks_in_major_fails_to_link() {
    let wat = r#"(component
      (import "wasi:random/random@1.0.0" (instance
        (export "get-random-u64" (func (result u64))))))"#;
    let err = instantiate(wat, &mut WasiCtx::builder())
        .err()
        .expect("must not link");
    let message = format!("{err:#}");
    assert!(message.contains("wasi:random/random@1.0.0"), "{message}");
}

// ---- Streams and pollables, through the host traits -------------------------

fn push_out(
    h: &mut WasiState,
    s: impl hoist::wasi::io::OutputStream + 'static,
) -> Resource<DynOutputStream> {
    h.table.push(Box::new(s) as DynOutputStream).unwrap()
}

fn push_in(
    h: &mut WasiState,
    s: impl hoist::wasi::io::InputStream + 'static,
) -> Resource<DynInputStream> {
    h.table.push(Box::new(s) as DynInputStream).unwrap()
}

#[test]
fn writes_within_check_write_arrive_and_beyond_it_trap() -> Result<()> {
    let mut h = state(&mut WasiCtx::builder());
    let pipe = MemoryOutputPipe::new(10);
    let s = push_out(&mut h, pipe.clone());
    let permit = block_on(HostOutputStream::check_write(&mut h, borrow(s))).unwrap();
    assert_eq!(permit, 10);
    block_on(HostOutputStream::write(
        &mut h,
        borrow(s),
        b"hello".to_vec(),
    ))
    .unwrap();
    assert_eq!(pipe.contents(), b"hello");
    let err = block_on(HostOutputStream::write(&mut h, borrow(s), vec![b'x'; 6])).unwrap_err();
    match err {
        StreamError::Trap(e) => assert!(format!("{e}").contains("check-write allowed 5"), "{e}"),
        other => panic!("expected a trap, found {other:?}"),
    }
    assert_eq!(
        pipe.contents(),
        b"hello",
        "nothing of a refused write arrives"
    );
    Ok(())
}

#[test]
fn blocking_write_and_flush_takes_at_most_4096_bytes() {
    let mut h = state(&mut WasiCtx::builder());
    let pipe = MemoryOutputPipe::new(1 << 20);
    let s = push_out(&mut h, pipe.clone());
    block_on(HostOutputStream::blocking_write_and_flush(
        &mut h,
        borrow(s),
        vec![1; 4096],
    ))
    .unwrap();
    assert_eq!(pipe.contents().len(), 4096);
    let err = block_on(HostOutputStream::blocking_write_and_flush(
        &mut h,
        borrow(s),
        vec![1; 4097],
    ))
    .unwrap_err();
    assert!(matches!(err, StreamError::Trap(_)), "{err:?}");
}

#[test]
fn a_failed_write_gives_the_guest_an_error_resource() -> Result<()> {
    let mut h = state(&mut WasiCtx::builder());
    let s = push_out(&mut h, MemoryOutputPipe::new(4));
    let err = block_on(HostOutputStream::write(&mut h, borrow(s), vec![0; 1])).err();
    assert!(err.is_none());
    // The permit is 3 now; a pipe that refuses what it allowed fails the
    // operation rather than trapping.
    let failing = block_on(HostOutputStream::write_zeroes(&mut h, borrow(s), 3));
    assert!(failing.is_ok());
    let err = block_on(HostOutputStream::write(&mut h, borrow(s), vec![0; 1])).unwrap_err();
    let wit = HostOutputStream::convert_stream_error(&mut h, err)?;
    let WitStreamError::LastOperationFailed(e) = wit else {
        panic!("expected last-operation-failed, found {wit:?}");
    };
    let text = block_on(HostError::to_debug_string(&mut h, borrow(e)))?;
    assert!(text.contains("at most 4 bytes"), "{text}");
    block_on(HostError::drop(&mut h, e))?;
    Ok(())
}

#[test]
fn reads_end_with_closed() -> Result<()> {
    let mut h = state(&mut WasiCtx::builder());
    let s = push_in(&mut h, MemoryInputPipe::new("abcdef"));
    assert_eq!(
        block_on(HostInputStream::read(&mut h, borrow(s), 4)).unwrap(),
        b"abcd"
    );
    assert_eq!(
        block_on(HostInputStream::skip(&mut h, borrow(s), 1)).unwrap(),
        1
    );
    assert_eq!(
        block_on(HostInputStream::blocking_read(&mut h, borrow(s), 10)).unwrap(),
        b"f"
    );
    let err = block_on(HostInputStream::read(&mut h, borrow(s), 1)).unwrap_err();
    assert!(matches!(err, StreamError::Closed), "{err:?}");
    let wit = HostInputStream::convert_stream_error(&mut h, err)?;
    assert!(matches!(wit, WitStreamError::Closed));

    let closed = push_in(&mut h, ClosedInputStream);
    let err = block_on(HostInputStream::blocking_read(&mut h, borrow(closed), 1)).unwrap_err();
    assert!(matches!(err, StreamError::Closed), "{err:?}");
    Ok(())
}

#[test]
fn bad_handles_are_errors() {
    let mut h = state(&mut WasiCtx::builder());
    let bogus = Resource::<DynInputStream>::new_borrow(12345);
    let err = block_on(HostInputStream::read(&mut h, bogus, 1)).unwrap_err();
    assert!(matches!(err, StreamError::Trap(_)), "{err:?}");
    // A handle to a value of another type.
    let out = push_out(&mut h, MemoryOutputPipe::new(1));
    let wrong = Resource::<DynInputStream>::new_borrow(out.rep());
    let err = block_on(HostInputStream::read(&mut h, wrong, 1)).unwrap_err();
    assert!(matches!(err, StreamError::Trap(_)), "{err:?}");
    let err = block_on(PollHost::poll(&mut h, vec![Resource::new_borrow(999)])).unwrap_err();
    assert!(format!("{err:#}").contains("999"), "{err:#}");
}

#[test]
fn poll_over_thousands_of_pollables_returns_the_ready_ones() -> Result<()> {
    let mut h = state(&mut WasiCtx::builder());
    let mut pollables = Vec::new();
    let mut ready = Vec::new();
    for i in 0..5000u32 {
        // Every seventh is due now; the others in an hour.
        let nanos = if i % 7 == 0 { 0 } else { 3_600_000_000_000 };
        pollables.push(block_on(MonotonicHost::subscribe_duration(&mut h, nanos))?);
        if i % 7 == 0 {
            ready.push(i);
        }
    }
    let borrows: Vec<_> = pollables.iter().copied().map(borrow).collect();
    let mut got = block_on(PollHost::poll(&mut h, borrows))?;
    got.sort();
    assert_eq!(got, ready);
    assert!(!block_on(HostPollable::ready(
        &mut h,
        borrow(pollables[1])
    ))?);
    assert!(block_on(HostPollable::ready(&mut h, borrow(pollables[0])))?);
    let before = h.table.len();
    for p in pollables {
        block_on(HostPollable::drop(&mut h, p))?;
    }
    // A timer's pollable owns its timer: both go.
    assert_eq!(h.table.len(), before - 10_000);
    Ok(())
}

#[test]
fn poll_waits_for_a_timer() -> Result<()> {
    let mut h = state(&mut WasiCtx::builder());
    let p = block_on(MonotonicHost::subscribe_duration(&mut h, 20_000_000))?;
    let start = std::time::Instant::now();
    assert_eq!(block_on(PollHost::poll(&mut h, vec![borrow(p)]))?, [0]);
    assert!(
        start.elapsed() >= Duration::from_millis(19),
        "{:?}",
        start.elapsed()
    );
    block_on(HostPollable::block(&mut h, borrow(p)))?;
    Ok(())
}

#[test]
fn poll_of_nothing_traps() {
    let mut h = state(&mut WasiCtx::builder());
    let err = block_on(PollHost::poll(&mut h, Vec::new())).unwrap_err();
    assert!(format!("{err}").contains("empty"), "{err}");
}

#[test]
fn a_pollable_that_outlives_its_stream_is_an_error() -> Result<()> {
    let mut h = state(&mut WasiCtx::builder());
    let s = push_in(&mut h, MemoryInputPipe::new("x"));
    let p = block_on(HostInputStream::subscribe(&mut h, borrow(s)))?;
    assert!(block_on(HostPollable::ready(&mut h, borrow(p)))?);
    block_on(HostInputStream::drop(&mut h, s))?;
    let err = block_on(HostPollable::ready(&mut h, borrow(p))).unwrap_err();
    assert!(format!("{err:#}").contains("outlived"), "{err:#}");
    Ok(())
}
