//! [`WasiView`]: how the WASI host finds its state in a store's data.
//!
//! The state itself ([`WasiCtx`]) is built in `ctx`.

use hoist_runtime::component::ResourceTable;

use crate::WasiCtx;

/// The WASI state of one store: the context and the table of resources
/// (streams, files, sockets, pollables) that guests hold handles to.
pub struct WasiCtxView<'a> {
    /// What the guest may use: arguments, environment, stdio,
    /// directories, network, clocks and random sources.
    pub ctx: &'a mut WasiCtx,
    /// The host values behind the guest's WASI handles.
    pub table: &'a mut ResourceTable,
}

/// Store data that hosts WASI: implement it for your store's `T` and call
/// [`add_to_linker_sync`](crate::add_to_linker_sync) or
/// [`add_to_linker_async`](crate::add_to_linker_async).
///
/// ```
/// use hoist::component::ResourceTable;
/// use hoist::wasi::{WasiCtx, WasiCtxView, WasiView};
///
/// struct MyState {
///     ctx: WasiCtx,
///     table: ResourceTable,
/// }
///
/// impl WasiView for MyState {
///     fn ctx(&mut self) -> WasiCtxView<'_> {
///         WasiCtxView { ctx: &mut self.ctx, table: &mut self.table }
///     }
/// }
/// ```
pub trait WasiView: Send {
    /// The WASI context and resource table of this store.
    fn ctx(&mut self) -> WasiCtxView<'_>;
}

impl<T: ?Sized + WasiView> WasiView for &mut T {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        T::ctx(self)
    }
}

impl<T: ?Sized + WasiView> WasiView for Box<T> {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        T::ctx(self)
    }
}

/// The simplest store data that hosts WASI: a context and its table, for
/// hosts that keep nothing else in the store (a `hoist run`, a test).
/// Hosts with state of their own implement [`WasiView`] for their type.
///
/// ```
/// use hoist::wasi::{WasiCtx, WasiState};
/// let state = WasiState::new(WasiCtx::builder().inherit_stdio().build());
/// # drop(state);
/// ```
pub struct WasiState {
    /// The WASI context.
    pub ctx: WasiCtx,
    /// The resources guests hold handles to.
    pub table: ResourceTable,
}

impl WasiState {
    /// The state of `ctx`, with an empty table.
    pub fn new(ctx: WasiCtx) -> WasiState {
        WasiState {
            ctx,
            table: ResourceTable::new(),
        }
    }
}

impl WasiView for WasiState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}
