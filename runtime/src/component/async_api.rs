//! The async face of the component API: host functions written as futures
//! ([`LinkerInstance::func_wrap_async`]) and the `*_async` twins of
//! instantiation and export calls, which `bindgen!({ async: true })`
//! generates code against.
//!
//! How the futures run is described in the component module's
//! documentation ("Async calls"), where users read it.
//!
//! What lives elsewhere: the synchronous calls and linker (`func.rs`,
//! `typed/func.rs`, `linker.rs`); stacks and switching (`vm/fiber.rs`).

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

use anyhow::{anyhow, Result};

use super::{
    Component, Func, Instance, InstancePre, LiftNamedList, Linker, LinkerInstance, LowerNamedList,
    TypedFunc, Val,
};
use crate::store::{AsContextMut, StoreContextMut};
use crate::vm::fiber::{self, FiberFuture, Suspender};

/// Wakes a thread parked in [`block_on`].
struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs `future` to completion on the current thread, parking the thread
/// while it is pending. A small executor for hosts that have none, and what
/// async host functions reached from synchronous calls run on.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(out) => return out,
            // A spurious unpark only costs one more poll.
            Poll::Pending => thread::park(),
        }
    }
}

/// Runs `func`, which may run guest code, as a future: on a fiber where
/// there are fibers, else right away.
async fn on_fiber<'a, R: Send + 'a>(
    max_wasm_stack: usize,
    func: impl FnOnce() -> Result<R> + Send + 'a,
) -> Result<R> {
    if !fiber::SUPPORTED {
        return func();
    }
    FiberFuture::new(max_wasm_stack + HOST_STACK, func)?.await
}

/// Stack for host code on a fiber, above the guest's `max_wasm_stack`.
const HOST_STACK: usize = 1 << 20;

/// The future an async host function returns: it may borrow the store
/// context it was given.
pub type HostFuture<'a, R> = Box<dyn Future<Output = Result<R>> + Send + 'a>;

impl<T: 'static> LinkerInstance<'_, T> {
    /// Defines `name` as a host function written as a future, otherwise
    /// like [`LinkerInstance::func_wrap`]: parameters and results are
    /// tuples, and an error ends the call and comes back to the caller.
    ///
    /// The future is driven to completion where the guest calls the import
    /// (see the [component module documentation](crate::component#async-calls) for what that means).
    ///
    /// ```
    /// # fn main() -> anyhow::Result<()> {
    /// use hoist_runtime::component::{Component, Linker};
    /// use hoist_runtime::{Engine, Store};
    /// let engine = Engine::default();
    /// let component = Component::new(&engine, r#"(component
    ///   (import "double" (func $double (param "x" u32) (result u32)))
    ///   (core func $d (canon lower (func $double)))
    ///   (core module $m
    ///     (import "" "double" (func $d (param i32) (result i32)))
    ///     (func (export "run") (param i32) (result i32) local.get 0 call $d))
    ///   (core instance $i (instantiate $m (with "" (instance (export "double" (func $d))))))
    ///   (func (export "run") (param "x" u32) (result u32) (canon lift (core func $i "run"))))"#)?;
    /// let mut linker = Linker::<()>::new(&engine);
    /// linker.root().func_wrap_async("double", |_store, (x,): (u32,)| {
    ///     Box::new(async move { Ok((x * 2,)) })
    /// })?;
    /// let mut store = Store::new(&engine, ());
    /// let (result,) = hoist_runtime::component::block_on(async {
    ///     let instance = linker.instantiate_async(&mut store, &component).await?;
    ///     let run = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "run")?;
    ///     run.call_async(&mut store, (21,)).await
    /// })?;
    /// assert_eq!(result, 42);
    /// # Ok(()) }
    /// ```
    pub fn func_wrap_async<Params, Results, F>(&mut self, name: &str, func: F) -> Result<()>
    where
        F: for<'a> Fn(StoreContextMut<'a, T>, Params) -> HostFuture<'a, Results>
            + Send
            + Sync
            + 'static,
        Params: LiftNamedList + 'static,
        Results: LowerNamedList + 'static,
    {
        self.func_wrap(name, move |store, params| {
            let mut future = Box::into_pin(func(store, params));
            if Suspender::on_fiber() {
                fiber::block_on_fiber(future.as_mut()).unwrap_or_else(|fiber::Cancelled| {
                    Err(anyhow!(
                        "cancelled: the future of the async call was dropped before it completed"
                    ))
                })
            } else {
                block_on(future)
            }
        })
    }
}

/// The guest stack limit of the store's engine (`Config::max_wasm_stack`).
fn max_wasm_stack<T>(store: &StoreContextMut<'_, T>) -> usize {
    store.engine().config().max_wasm_stack
}

impl<T: Send + 'static> Linker<T> {
    /// Instantiates `component` in `store`, as [`Linker::instantiate`]
    /// does, with start functions and the async host functions they call
    /// run as the [component module documentation](crate::component#async-calls) describes.
    pub async fn instantiate_async(
        &self,
        mut store: impl AsContextMut<Data = T>,
        component: &Component,
    ) -> Result<Instance> {
        let store = store.as_context_mut();
        let stack = max_wasm_stack(&store);
        on_fiber(stack, move || self.instantiate(store, component)).await
    }
}

impl<T: Send + 'static> InstancePre<T> {
    /// Instantiates the pre-linked component in `store`, as
    /// [`InstancePre::instantiate`] does; see [`Linker::instantiate_async`].
    pub async fn instantiate_async(
        &self,
        mut store: impl AsContextMut<Data = T>,
    ) -> Result<Instance> {
        let store = store.as_context_mut();
        let stack = max_wasm_stack(&store);
        on_fiber(stack, move || self.instantiate(store)).await
    }
}

impl<P, R> TypedFunc<P, R>
where
    P: LowerNamedList + Send,
    R: LiftNamedList + Send,
{
    /// Calls the function, as [`TypedFunc::call`] does, with the guest
    /// suspended while an async host function it calls waits (see the
    /// [component module documentation](crate::component#async-calls)).
    /// The guest's `post-return` runs as part of the call, after the
    /// results are lifted.
    pub async fn call_async<D: Send>(
        &self,
        mut store: impl AsContextMut<Data = D>,
        params: P,
    ) -> Result<R> {
        let store = store.as_context_mut();
        let stack = max_wasm_stack(&store);
        on_fiber(stack, move || self.call(store, params)).await
    }

    /// Does nothing and returns `Ok(())`, as [`TypedFunc::post_return`]:
    /// [`TypedFunc::call_async`] runs the guest's `post-return` itself.
    /// Kept so that ported code compiles.
    pub async fn post_return_async(&self, _store: impl AsContextMut) -> Result<()> {
        Ok(())
    }
}

impl Func {
    /// Calls the function, as [`Func::call`] does, with the guest suspended
    /// while an async host function it calls waits (see the [component module
    /// documentation](crate::component#async-calls)). The guest's
    /// `post-return` runs as part of the call, after the results are lifted.
    pub async fn call_async<D: Send>(
        &self,
        mut store: impl AsContextMut<Data = D>,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let store = store.as_context_mut();
        let stack = max_wasm_stack(&store);
        on_fiber(stack, move || self.call(store, params, results)).await
    }

    /// Does nothing and returns `Ok(())`, as [`Func::post_return`]:
    /// [`Func::call_async`] runs the guest's `post-return` itself. Kept so
    /// that ported code compiles.
    pub async fn post_return_async(&self, _store: impl AsContextMut) -> Result<()> {
        Ok(())
    }
}
