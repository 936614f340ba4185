//! The typed component path allocates nothing on the host for flat scalar
//! parameters and results: neither a `TypedFunc` call (with its
//! `post_return`) nor the typed host function (`func_wrap`) the guest calls
//! on the way. A counting global allocator, counting only on the test's own
//! thread, checks it after a warm-up call (the first call compiles and
//! caches trampolines).

use hoist_runtime::component::{Component, Linker, Val};
use hoist_runtime::{Engine, Store, StoreContextMut};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting allocations made on threads that opted in.
struct Counting;

thread_local! {
    /// Whether this thread counts its allocations.
    static ENABLED: Cell<bool> = const { Cell::new(false) };
    /// How many allocations this thread made while counting.
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn note_allocation() {
    // `try_with`: never fails or allocates, even during thread teardown.
    if ENABLED.try_with(Cell::get).unwrap_or(false) {
        let _ = COUNT.try_with(|c| c.set(c.get() + 1));
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged, so `System`'s guarantees hold; counting touches only
// thread-local `Cell`s with const initializers, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_allocation();
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged (see the impl).
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How many allocations `body` makes on this thread.
fn allocations(body: impl FnOnce()) -> usize {
    COUNT.with(|c| c.set(0));
    ENABLED.with(|e| e.set(true));
    body();
    ENABLED.with(|e| e.set(false));
    COUNT.with(Cell::get)
}

/// `run(a, b, c, d)` calls the host's `scale(b, a)` and returns its result
/// (plus one if `c`); `pure(x, y)` stays in the guest.
const COMPONENT: &str = r#"(component
  (import "scale" (func $scale (param "x" f64) (param "k" s32) (result f64)))
  (core func $scale' (canon lower (func $scale)))
  (core module $m
    (import "" "scale" (func $scale (param f64 i32) (result f64)))
    (func (export "run") (param i32 f64 i32 i32) (result f64)
      (f64.add
        (call $scale (local.get 1) (local.get 0))
        (f64.convert_i32_u (local.get 2))))
    (func (export "pure") (param i64 i32) (result i64)
      (i64.add (local.get 0) (i64.extend_i32_u (local.get 1)))))
  (core instance $i (instantiate $m (with "" (instance (export "scale" (func $scale'))))))
  (func (export "run") (param "a" u32) (param "b" f64) (param "c" bool) (param "d" char)
    (result f64)
    (canon lift (core func $i "run")))
  (func (export "pure") (param "x" u64) (param "y" u8) (result u64)
    (canon lift (core func $i "pure"))))"#;

#[test]
fn typed_calls_with_flat_scalars_allocate_nothing() -> anyhow::Result<()> {
    let engine = Engine::default();
    let component = Component::new(&engine, COMPONENT)?;
    let mut linker = Linker::<u64>::new(&engine);
    linker.root().func_wrap(
        "scale",
        |mut store: StoreContextMut<'_, u64>, (x, k): (f64, i32)| {
            *store.data_mut() += 1;
            Ok((x * f64::from(k),))
        },
    )?;
    let mut store = Store::new(&engine, 0);
    let instance = linker.instantiate(&mut store, &component)?;
    let run = instance.get_typed_func::<(u32, f64, bool, char), (f64,)>(&mut store, "run")?;
    let pure = instance.get_typed_func::<(u64, u8), (u64,)>(&mut store, "pure")?;

    // Warm up: the first calls compile and cache trampolines.
    assert_eq!(run.call(&mut store, (3, 1.5, true, 'x'))?, (5.5,));
    run.post_return(&mut store)?;
    assert_eq!(pure.call(&mut store, (40, 2))?, (42,));
    pure.post_return(&mut store)?;

    let mut result = Ok(());
    let count = allocations(|| {
        result = (|| -> anyhow::Result<()> {
            for i in 0..1000u32 {
                let (r,) = run.call(&mut store, (i, 2.0, false, '∂'))?;
                run.post_return(&mut store)?;
                assert_eq!(r, 2.0 * f64::from(i));
                let (s,) = pure.call(&mut store, (u64::from(i), 1))?;
                pure.post_return(&mut store)?;
                assert_eq!(s, u64::from(i) + 1);
            }
            Ok(())
        })();
    });
    result?;
    assert_eq!(*store.data(), 1001, "the host function ran on every call");
    assert_eq!(
        count, 0,
        "typed calls with flat scalars allocated {count} times"
    );

    // The control: the dynamic path does allocate, so the counter counts.
    let dynamic = *pure.func();
    let mut out = [Val::U64(0)];
    let mut result = Ok(());
    let control = allocations(|| {
        result = dynamic
            .call(&mut store, &[Val::U64(1), Val::U8(2)], &mut out)
            .and_then(|()| dynamic.post_return(&mut store));
    });
    result?;
    assert_eq!(out[0], Val::U64(3));
    assert!(control > 0, "the dynamic call should have allocated");
    Ok(())
}
