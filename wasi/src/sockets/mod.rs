//! `wasi:sockets`: TCP and UDP over the host's network, and name lookup.
//!
//! A guest gets no network unless the embedder grants it, through the
//! [`WasiCtxBuilder`] methods here:
//!
//! - [`inherit_network`](WasiCtxBuilder::inherit_network) allows every
//!   address; [`socket_addr_check`](WasiCtxBuilder::socket_addr_check)
//!   asks a function of the embedder's, for each address a guest binds,
//!   connects or sends to ([`SocketAddrUse`]). Without either, binds,
//!   connects and sends fail with `access-denied`.
//! - [`allow_tcp`](WasiCtxBuilder::allow_tcp),
//!   [`allow_udp`](WasiCtxBuilder::allow_udp) and
//!   [`allow_ip_name_lookup`](WasiCtxBuilder::allow_ip_name_lookup) turn
//!   a protocol off (or name lookup on) as a whole. TCP and UDP are on by
//!   default, and so is name lookup once network access is granted.
//!
//! ```
//! use hoist::wasi::sockets::SocketAddrUse;
//! use hoist::wasi::WasiCtx;
//! // Loopback only, and no listening on privileged ports.
//! let ctx = WasiCtx::builder()
//!     .socket_addr_check(|addr, usage| {
//!         Box::pin(async move {
//!             let privileged = matches!(usage, SocketAddrUse::TcpBind | SocketAddrUse::UdpBind)
//!                 && addr.port() != 0
//!                 && addr.port() < 1024;
//!             addr.ip().is_loopback() && !privileged
//!         })
//!     })
//!     .build();
//! # drop(ctx);
//! ```
//!
//! Where things are: the `network` resource, error codes, addresses and
//! the permission checks in `network`; the socket options TCP and UDP
//! share in `options`; TCP sockets in `tcp` and their byte streams in
//! `tcp_stream`; UDP sockets and datagram streams in `udp`; name lookup
//! in `ip_name_lookup`.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

use crate::WasiCtxBuilder;

mod ip_name_lookup;
mod network;
mod options;
mod tcp;
mod tcp_stream;
mod udp;

pub use crate::bindings::wasi::sockets::network::ErrorCode;
pub use ip_name_lookup::ResolveAddressStream;
pub use network::Network;
pub use tcp::TcpSocket;
pub use udp::{IncomingDatagramStream, OutgoingDatagramStream, UdpSocket};

/// What a guest is about to do with a socket address, as the embedder's
/// [`socket_addr_check`](WasiCtxBuilder::socket_addr_check) is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SocketAddrUse {
    /// Binding a TCP socket to the (local) address.
    TcpBind,
    /// Connecting a TCP socket to the (remote) address.
    TcpConnect,
    /// Binding a UDP socket to the (local) address.
    UdpBind,
    /// Setting the (remote) address of a UDP socket's streams
    /// (`udp-socket.stream` with an address).
    UdpConnect,
    /// Sending a datagram to the (remote) address from unconnected
    /// streams.
    UdpOutgoingDatagram,
}

/// The embedder's check of an address (see
/// [`socket_addr_check`](WasiCtxBuilder::socket_addr_check)).
type SocketAddrCheck = Arc<
    dyn Fn(SocketAddr, SocketAddrUse) -> Pin<Box<dyn Future<Output = bool> + Send>> + Send + Sync,
>;

/// The network part of a [`WasiCtx`](crate::WasiCtx): what the guest may
/// do. A `network` resource carries a copy.
#[derive(Clone)]
pub(crate) struct NetCtx {
    /// Which addresses may be used; none without.
    check: Option<SocketAddrCheck>,
    /// Whether name lookup is allowed; `None`: when some network is.
    ip_name_lookup: Option<bool>,
    tcp: bool,
    udp: bool,
}

impl Default for NetCtx {
    fn default() -> NetCtx {
        NetCtx {
            check: None,
            ip_name_lookup: None,
            tcp: true,
            udp: true,
        }
    }
}

impl WasiCtxBuilder {
    /// Lets the guest use the host's network with every address: bind,
    /// connect, listen and send anywhere the host process can, and look
    /// names up. Replaces a [`socket_addr_check`](Self::socket_addr_check).
    pub fn inherit_network(&mut self) -> &mut Self {
        self.socket_addr_check(|_, _| Box::pin(async { true }))
    }

    /// Lets the guest use the host's network with the addresses `check`
    /// allows: it is called (and awaited) before each bind, connect and
    /// (UDP) send with the address and what it is for, and the guest gets
    /// `access-denied` when it answers `false`. Replaces
    /// [`inherit_network`](Self::inherit_network). Name lookup is allowed
    /// too, unless [`allow_ip_name_lookup`](Self::allow_ip_name_lookup)
    /// says otherwise.
    pub fn socket_addr_check<F>(&mut self, check: F) -> &mut Self
    where
        F: Fn(SocketAddr, SocketAddrUse) -> Pin<Box<dyn Future<Output = bool> + Send>>
            + Send
            + Sync
            + 'static,
    {
        self.ctx.net.check = Some(Arc::new(check));
        self
    }

    /// Whether the guest may look names up (`wasi:sockets/ip-name-lookup`).
    /// By default it may when it has network access
    /// ([`inherit_network`](Self::inherit_network),
    /// [`socket_addr_check`](Self::socket_addr_check)).
    pub fn allow_ip_name_lookup(&mut self, allow: bool) -> &mut Self {
        self.ctx.net.ip_name_lookup = Some(allow);
        self
    }

    /// Whether the guest may create TCP sockets (by default it may; they
    /// reach nothing without network access).
    pub fn allow_tcp(&mut self, allow: bool) -> &mut Self {
        self.ctx.net.tcp = allow;
        self
    }

    /// Whether the guest may create UDP sockets (by default it may; they
    /// reach nothing without network access).
    pub fn allow_udp(&mut self, allow: bool) -> &mut Self {
        self.ctx.net.udp = allow;
        self
    }
}

/// A socket error: a WASI `error-code` the guest gets, or a trap.
#[derive(Debug)]
pub enum SocketError {
    /// An error the guest gets as an `error-code`.
    Code(ErrorCode),
    /// Something the guest must not survive (a bad handle, more datagrams
    /// sent than `check-send` allowed): the call traps.
    Trap(anyhow::Error),
}

impl SocketError {
    /// A trap with `message`.
    pub fn trap(message: impl std::fmt::Display) -> SocketError {
        SocketError::Trap(anyhow::anyhow!("{message}"))
    }
}

impl std::fmt::Display for SocketError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SocketError::Code(code) => write!(f, "socket error: {code:?}"),
            SocketError::Trap(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for SocketError {}

impl From<ErrorCode> for SocketError {
    fn from(code: ErrorCode) -> SocketError {
        SocketError::Code(code)
    }
}

impl From<std::io::Error> for SocketError {
    fn from(e: std::io::Error) -> SocketError {
        SocketError::Code(ErrorCode::from(&e))
    }
}

impl From<rustix::io::Errno> for SocketError {
    fn from(e: rustix::io::Errno) -> SocketError {
        SocketError::Code(ErrorCode::from(e))
    }
}

impl From<anyhow::Error> for SocketError {
    fn from(e: anyhow::Error) -> SocketError {
        SocketError::Trap(e)
    }
}

/// Turns a [`SocketError`] into the guest's `error-code`, or a trap: what
/// every interface's `convert_error_code` does.
pub(crate) fn to_error_code(err: SocketError) -> anyhow::Result<ErrorCode> {
    match err {
        SocketError::Code(code) => Ok(code),
        SocketError::Trap(e) => Err(e),
    }
}

/// The result of a socket operation.
pub(crate) type SocketResult<T> = Result<T, SocketError>;

/// The resource table of `host`.
pub(crate) fn table<T: crate::WasiView + ?Sized>(
    host: &mut T,
) -> &mut hoist_runtime::component::ResourceTable {
    host.ctx().table
}

/// Runs `f` inside the Tokio runtime of WASI's I/O (see `runtime`): where
/// sockets are registered with Tokio and polled without a waker.
pub(crate) fn in_runtime<R>(f: impl FnOnce() -> R) -> R {
    let _entered = crate::runtime::handle().enter();
    f()
}

/// A context whose waker does nothing: for polling once, to see whether
/// something is ready now.
pub(crate) fn noop_context() -> std::task::Context<'static> {
    std::task::Context::from_waker(std::task::Waker::noop())
}
