//! `wasi:sockets/tcp` and `tcp-create-socket`: TCP sockets and the state
//! machine the spec describes.
//!
//! A socket is `unbound`, then `bind-in-progress` (`start-bind`) and
//! `bound` (`finish-bind`); from there `listen-in-progress` and
//! `listening`, or (from `unbound` too) `connect-in-progress` and
//! `connected`; a failed connect leaves it `closed`. A method called in
//! the wrong state gets `invalid-state`, or `concurrency-conflict` while
//! another operation is in progress; a `finish-*` without its `start-*`
//! gets `not-in-progress`, and `would-block` while the system is not done
//! (a connect, an incoming connection to accept). The socket is a
//! `socket2` socket until it connects or listens, then a Tokio stream or
//! listener; the options are set on its descriptor in every state.
//!
//! The byte streams of a connection are in `tcp_stream`.

use std::future::poll_fn;
use std::io;
use std::net::{Shutdown, SocketAddr};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use anyhow::Result;
use hoist_runtime::component::Resource;
use rustix::fd::{AsFd, BorrowedFd};
use rustix::io::Errno;
use rustix::net::sockopt;
use socket2::{Protocol, SockAddr, Socket, Type};

use crate::bindings::wasi::sockets::network::{ErrorCode, IpAddressFamily, IpSocketAddress};
use crate::bindings::wasi::sockets::tcp::{self as wit, HostTcpSocket, ShutdownType};
use crate::bindings::wasi::sockets::tcp_create_socket;
use crate::io::{DynInputStream, DynOutputStream, Pollable, Subscribe};
use crate::runtime::BoxFuture;
use crate::sockets::network::{self, check_family, check_remote, check_unicast, Network};
use crate::sockets::tcp_stream::{self, Connection};
use crate::sockets::{
    in_runtime, noop_context, options, table, to_error_code, SocketAddrUse, SocketError,
    SocketResult,
};
use crate::WasiView;

/// The listen backlog unless the guest sets one (as Rust's `std`).
const DEFAULT_BACKLOG: u32 = 128;

const NANOS_PER_SEC: u64 = 1_000_000_000;

/// The host value behind a `tcp-socket` handle.
pub struct TcpSocket {
    family: IpAddressFamily,
    state: State,
    /// The backlog `listen` is given.
    backlog: u32,
}

/// Where a socket is in its life (see the module documentation).
enum State {
    Unbound(Socket),
    BindStarted(Socket),
    Bound(Socket),
    ListenStarted(Arc<Listener>),
    Listening(Arc<Listener>),
    Connecting(Arc<Connection>),
    Connected(Arc<Connection>),
    Closed,
}

/// A listening socket, and the connection its readiness accepted while
/// the guest was not asking (handed out by the next `accept`).
struct Listener {
    listener: tokio::net::TcpListener,
    accepted: Mutex<Option<io::Result<tokio::net::TcpStream>>>,
}

impl Listener {
    /// Ready once a connection (or an error) is there to accept.
    fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut accepted = self.accepted.lock().unwrap_or_else(|e| e.into_inner());
        if accepted.is_some() {
            return Poll::Ready(());
        }
        match self.listener.poll_accept(cx) {
            Poll::Ready(result) => {
                *accepted = Some(result.map(|(stream, _)| stream));
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }

    /// A connection, if one is there now.
    fn try_accept(&self) -> Option<io::Result<tokio::net::TcpStream>> {
        in_runtime(|| match self.poll_ready(&mut noop_context()) {
            Poll::Ready(()) => self
                .accepted
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take(),
            Poll::Pending => None,
        })
    }
}

impl TcpSocket {
    /// A new, unbound socket of `family`.
    fn new(family: IpAddressFamily) -> Result<TcpSocket, ErrorCode> {
        let socket = Socket::new(network::domain(family), Type::STREAM, Some(Protocol::TCP))?;
        socket.set_nonblocking(true)?;
        if family == IpAddressFamily::Ipv6 {
            // The spec: IPv6 sockets are IPv6-only.
            socket.set_only_v6(true)?;
        }
        Ok(TcpSocket {
            family,
            state: State::Unbound(socket),
            backlog: DEFAULT_BACKLOG,
        })
    }

    /// The socket's descriptor, for its options.
    fn fd(&self) -> Result<BorrowedFd<'_>, ErrorCode> {
        match &self.state {
            State::Unbound(s) | State::BindStarted(s) | State::Bound(s) => Ok(s.as_fd()),
            State::ListenStarted(l) | State::Listening(l) => Ok(l.listener.as_fd()),
            State::Connecting(c) | State::Connected(c) => Ok(c.stream.as_fd()),
            State::Closed => Err(ErrorCode::InvalidState),
        }
    }

    /// The error of starting an operation now: another one is in progress,
    /// or the socket is past the state `ok` says it may be in.
    fn busy_or_invalid(&self) -> ErrorCode {
        match self.state {
            State::BindStarted(_) | State::ListenStarted(_) | State::Connecting(_) => {
                ErrorCode::ConcurrencyConflict
            }
            _ => ErrorCode::InvalidState,
        }
    }
}

impl Subscribe for TcpSocket {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        match &self.state {
            State::Connecting(conn) => {
                let conn = conn.clone();
                Box::pin(poll_fn(move |cx| {
                    conn.stream.poll_write_ready(cx).map(|_| ())
                }))
            }
            State::Listening(listener) => {
                let listener = listener.clone();
                Box::pin(poll_fn(move |cx| listener.poll_ready(cx)))
            }
            // Nothing else waits.
            _ => Box::pin(async {}),
        }
    }
}

/// The `error-code` of a failed `bind`.
fn bind_error(e: io::Error) -> ErrorCode {
    match Errno::from_io_error(&e) {
        // Our checks should have caught a wrong family already.
        Some(Errno::AFNOSUPPORT) => ErrorCode::InvalidArgument,
        _ => ErrorCode::from(&e),
    }
}

/// The `error-code` of a failed `connect`.
fn connect_error(e: io::Error) -> ErrorCode {
    match Errno::from_io_error(&e) {
        // No ephemeral port left for the implicit bind.
        Some(Errno::ADDRNOTAVAIL) => ErrorCode::AddressInUse,
        Some(Errno::AFNOSUPPORT) => ErrorCode::InvalidArgument,
        _ => ErrorCode::from(&e),
    }
}

/// The `error-code` of a failed `accept`: Linux reports the errors of a
/// connection that failed before it was accepted, which the spec calls
/// `connection-aborted`.
fn accept_error(e: io::Error) -> ErrorCode {
    match Errno::from_io_error(&e) {
        #[cfg(target_os = "linux")]
        Some(
            Errno::CONNRESET
            | Errno::NETRESET
            | Errno::HOSTUNREACH
            | Errno::HOSTDOWN
            | Errno::NETDOWN
            | Errno::NETUNREACH
            | Errno::PROTO
            | Errno::NOPROTOOPT
            | Errno::NONET
            | Errno::OPNOTSUPP,
        ) => ErrorCode::ConnectionAborted,
        _ => ErrorCode::from(&e),
    }
}

/// A keep-alive time the systems accept: at least a second (less would
/// round to 0), at most Linux's limit (`i16::MAX` seconds).
fn keep_alive_time(nanos: u64) -> Result<Duration, ErrorCode> {
    if nanos == 0 {
        return Err(ErrorCode::InvalidArgument);
    }
    let nanos = nanos.clamp(NANOS_PER_SEC, i16::MAX as u64 * NANOS_PER_SEC);
    Ok(Duration::from_nanos(nanos))
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// Pushes the streams of a new connection into the table.
fn push_streams<T: WasiView>(
    host: &mut T,
    conn: &Arc<Connection>,
) -> Result<(Resource<DynInputStream>, Resource<DynOutputStream>)> {
    let (input, output) = conn.streams();
    let table = table(host);
    let input = table.push(Box::new(input) as DynInputStream)?;
    let output = table.push(Box::new(output) as DynOutputStream)?;
    Ok((input, output))
}

impl<T: WasiView> HostTcpSocket for T {
    async fn start_bind(
        &mut self,
        this: Resource<TcpSocket>,
        network: Resource<Network>,
        local_address: IpSocketAddress,
    ) -> SocketResult<()> {
        let net = network::policy(self, &network)?;
        let addr = SocketAddr::from(local_address);
        let socket = table(self).get_mut(&this)?;
        if !matches!(socket.state, State::Unbound(_)) {
            return Err(socket.busy_or_invalid().into());
        }
        check_family(addr.ip(), socket.family)?;
        check_unicast(addr.ip())?;
        net.check(addr, SocketAddrUse::TcpBind).await?;

        let socket = table(self).get_mut(&this)?;
        let State::Unbound(sock) = &socket.state else {
            return Err(socket.busy_or_invalid().into());
        };
        // The spec: a bind is not to be hindered by the TIME_WAIT of a
        // recently closed socket on the same address.
        let _ = sock.set_reuse_address(true);
        sock.bind(&SockAddr::from(addr)).map_err(bind_error)?;
        socket.state = match std::mem::replace(&mut socket.state, State::Closed) {
            State::Unbound(sock) => State::BindStarted(sock),
            other => other,
        };
        Ok(())
    }

    async fn finish_bind(&mut self, this: Resource<TcpSocket>) -> SocketResult<()> {
        let socket = table(self).get_mut(&this)?;
        socket.state = match std::mem::replace(&mut socket.state, State::Closed) {
            State::BindStarted(sock) => State::Bound(sock),
            other => {
                socket.state = other;
                return Err(ErrorCode::NotInProgress.into());
            }
        };
        Ok(())
    }

    async fn start_connect(
        &mut self,
        this: Resource<TcpSocket>,
        network: Resource<Network>,
        remote_address: IpSocketAddress,
    ) -> SocketResult<()> {
        let net = network::policy(self, &network)?;
        let addr = SocketAddr::from(remote_address);
        let socket = table(self).get_mut(&this)?;
        if !matches!(socket.state, State::Unbound(_) | State::Bound(_)) {
            return Err(socket.busy_or_invalid().into());
        }
        check_unicast(addr.ip())?;
        check_remote(addr)?;
        check_family(addr.ip(), socket.family)?;
        net.check(addr, SocketAddrUse::TcpConnect).await?;

        let socket = table(self).get_mut(&this)?;
        let sock = match std::mem::replace(&mut socket.state, State::Closed) {
            State::Unbound(sock) | State::Bound(sock) => sock,
            other => {
                socket.state = other;
                return Err(socket.busy_or_invalid().into());
            }
        };
        // From here a failure leaves the socket closed, as the spec says.
        match sock.connect(&SockAddr::from(addr)) {
            Ok(()) => {}
            Err(e) if Errno::from_io_error(&e) == Some(Errno::INPROGRESS) => {}
            Err(e) => return Err(connect_error(e).into()),
        }
        let stream = in_runtime(|| tokio::net::TcpStream::from_std(sock.into()))?;
        socket.state = State::Connecting(Connection::new(stream));
        Ok(())
    }

    async fn finish_connect(
        &mut self,
        this: Resource<TcpSocket>,
    ) -> SocketResult<(Resource<DynInputStream>, Resource<DynOutputStream>)> {
        let socket = table(self).get_mut(&this)?;
        let State::Connecting(conn) = &socket.state else {
            return Err(ErrorCode::NotInProgress.into());
        };
        let conn = conn.clone();
        let result = match in_runtime(|| conn.stream.poll_write_ready(&mut noop_context())) {
            Poll::Pending => return Err(ErrorCode::WouldBlock.into()),
            Poll::Ready(Err(e)) => Err(e),
            // Writable: connected, or failed (`SO_ERROR` says).
            Poll::Ready(Ok(())) => match conn.stream.take_error() {
                Ok(None) => Ok(()),
                Ok(Some(e)) | Err(e) => Err(e),
            },
        };
        if let Err(e) = result {
            socket.state = State::Closed;
            return Err(connect_error(e).into());
        }
        socket.state = State::Connected(conn.clone());
        Ok(push_streams(self, &conn)?)
    }

    async fn start_listen(&mut self, this: Resource<TcpSocket>) -> SocketResult<()> {
        let socket = table(self).get_mut(&this)?;
        let State::Bound(sock) = &socket.state else {
            return Err(socket.busy_or_invalid().into());
        };
        // Fits: the backlog is at most i32::MAX.
        sock.listen(socket.backlog as i32)?;
        let State::Bound(sock) = std::mem::replace(&mut socket.state, State::Closed) else {
            return Err(ErrorCode::InvalidState.into());
        };
        let listener = in_runtime(|| tokio::net::TcpListener::from_std(sock.into()))?;
        socket.state = State::ListenStarted(Arc::new(Listener {
            listener,
            accepted: Mutex::new(None),
        }));
        Ok(())
    }

    async fn finish_listen(&mut self, this: Resource<TcpSocket>) -> SocketResult<()> {
        let socket = table(self).get_mut(&this)?;
        socket.state = match std::mem::replace(&mut socket.state, State::Closed) {
            State::ListenStarted(listener) => State::Listening(listener),
            other => {
                socket.state = other;
                return Err(ErrorCode::NotInProgress.into());
            }
        };
        Ok(())
    }

    async fn accept(
        &mut self,
        this: Resource<TcpSocket>,
    ) -> SocketResult<(
        Resource<TcpSocket>,
        Resource<DynInputStream>,
        Resource<DynOutputStream>,
    )> {
        let socket = table(self).get_mut(&this)?;
        let State::Listening(listener) = &socket.state else {
            return Err(ErrorCode::InvalidState.into());
        };
        let family = socket.family;
        let stream = match listener.try_accept() {
            None => return Err(ErrorCode::WouldBlock.into()),
            Some(Err(e)) => return Err(accept_error(e).into()),
            Some(Ok(stream)) => stream,
        };
        // The options the spec says are inherited from the listener are,
        // by the systems this runs on.
        let conn = Connection::new(stream);
        let client = TcpSocket {
            family,
            state: State::Connected(conn.clone()),
            backlog: DEFAULT_BACKLOG,
        };
        let client = table(self).push(client)?;
        let (input, output) = push_streams(self, &conn)?;
        Ok((client, input, output))
    }

    async fn local_address(&mut self, this: Resource<TcpSocket>) -> SocketResult<IpSocketAddress> {
        let socket = table(self).get(&this)?;
        let addr = match &socket.state {
            State::Bound(sock) => sock.local_addr()?.as_socket(),
            State::ListenStarted(l) | State::Listening(l) => Some(l.listener.local_addr()?),
            State::Connecting(c) | State::Connected(c) => Some(c.stream.local_addr()?),
            State::Unbound(_) | State::BindStarted(_) | State::Closed => None,
        };
        Ok(addr.ok_or(ErrorCode::InvalidState)?.into())
    }

    async fn remote_address(&mut self, this: Resource<TcpSocket>) -> SocketResult<IpSocketAddress> {
        let socket = table(self).get(&this)?;
        match &socket.state {
            State::Connected(c) => Ok(c.stream.peer_addr()?.into()),
            _ => Err(ErrorCode::InvalidState.into()),
        }
    }

    async fn is_listening(&mut self, this: Resource<TcpSocket>) -> Result<bool> {
        let socket = table(self).get(&this)?;
        Ok(matches!(socket.state, State::Listening(_)))
    }

    async fn address_family(&mut self, this: Resource<TcpSocket>) -> Result<IpAddressFamily> {
        Ok(table(self).get(&this)?.family)
    }

    async fn set_listen_backlog_size(
        &mut self,
        this: Resource<TcpSocket>,
        value: u64,
    ) -> SocketResult<()> {
        if value == 0 {
            return Err(ErrorCode::InvalidArgument.into());
        }
        // Clamped, as the systems do.
        let value = u32::try_from(value)
            .unwrap_or(u32::MAX)
            .clamp(1, i32::MAX as u32);
        let socket = table(self).get_mut(&this)?;
        match &socket.state {
            State::Unbound(_) | State::BindStarted(_) | State::Bound(_) => {}
            State::ListenStarted(l) | State::Listening(l) => {
                // Listening again changes the backlog where the system
                // allows it. Fits: at most i32::MAX.
                rustix::net::listen(&l.listener, value as i32)
                    .map_err(|_| ErrorCode::NotSupported)?;
            }
            State::Connecting(_) | State::Connected(_) | State::Closed => {
                return Err(ErrorCode::InvalidState.into());
            }
        }
        socket.backlog = value;
        Ok(())
    }

    async fn keep_alive_enabled(&mut self, this: Resource<TcpSocket>) -> SocketResult<bool> {
        let socket = table(self).get(&this)?;
        Ok(sockopt::socket_keepalive(socket.fd()?)?)
    }

    async fn set_keep_alive_enabled(
        &mut self,
        this: Resource<TcpSocket>,
        value: bool,
    ) -> SocketResult<()> {
        let socket = table(self).get(&this)?;
        Ok(sockopt::set_socket_keepalive(socket.fd()?, value)?)
    }

    async fn keep_alive_idle_time(&mut self, this: Resource<TcpSocket>) -> SocketResult<u64> {
        let socket = table(self).get(&this)?;
        Ok(nanos(sockopt::tcp_keepidle(socket.fd()?)?))
    }

    async fn set_keep_alive_idle_time(
        &mut self,
        this: Resource<TcpSocket>,
        value: u64,
    ) -> SocketResult<()> {
        let value = keep_alive_time(value)?;
        let socket = table(self).get(&this)?;
        Ok(sockopt::set_tcp_keepidle(socket.fd()?, value)?)
    }

    async fn keep_alive_interval(&mut self, this: Resource<TcpSocket>) -> SocketResult<u64> {
        let socket = table(self).get(&this)?;
        Ok(nanos(sockopt::tcp_keepintvl(socket.fd()?)?))
    }

    async fn set_keep_alive_interval(
        &mut self,
        this: Resource<TcpSocket>,
        value: u64,
    ) -> SocketResult<()> {
        let value = keep_alive_time(value)?;
        let socket = table(self).get(&this)?;
        Ok(sockopt::set_tcp_keepintvl(socket.fd()?, value)?)
    }

    async fn keep_alive_count(&mut self, this: Resource<TcpSocket>) -> SocketResult<u32> {
        let socket = table(self).get(&this)?;
        Ok(sockopt::tcp_keepcnt(socket.fd()?)?)
    }

    async fn set_keep_alive_count(
        &mut self,
        this: Resource<TcpSocket>,
        value: u32,
    ) -> SocketResult<()> {
        if value == 0 {
            return Err(ErrorCode::InvalidArgument.into());
        }
        // Linux's limit, the lowest of the systems'.
        let value = value.min(i8::MAX as u32);
        let socket = table(self).get(&this)?;
        Ok(sockopt::set_tcp_keepcnt(socket.fd()?, value)?)
    }

    async fn hop_limit(&mut self, this: Resource<TcpSocket>) -> SocketResult<u8> {
        let socket = table(self).get(&this)?;
        Ok(options::hop_limit(socket.fd()?, socket.family)?)
    }

    async fn set_hop_limit(&mut self, this: Resource<TcpSocket>, value: u8) -> SocketResult<()> {
        let socket = table(self).get(&this)?;
        Ok(options::set_hop_limit(socket.fd()?, socket.family, value)?)
    }

    async fn receive_buffer_size(&mut self, this: Resource<TcpSocket>) -> SocketResult<u64> {
        let socket = table(self).get(&this)?;
        Ok(options::receive_buffer_size(socket.fd()?)?)
    }

    async fn set_receive_buffer_size(
        &mut self,
        this: Resource<TcpSocket>,
        value: u64,
    ) -> SocketResult<()> {
        let socket = table(self).get(&this)?;
        Ok(options::set_receive_buffer_size(socket.fd()?, value)?)
    }

    async fn send_buffer_size(&mut self, this: Resource<TcpSocket>) -> SocketResult<u64> {
        let socket = table(self).get(&this)?;
        Ok(options::send_buffer_size(socket.fd()?)?)
    }

    async fn set_send_buffer_size(
        &mut self,
        this: Resource<TcpSocket>,
        value: u64,
    ) -> SocketResult<()> {
        let socket = table(self).get(&this)?;
        Ok(options::set_send_buffer_size(socket.fd()?, value)?)
    }

    async fn subscribe(&mut self, this: Resource<TcpSocket>) -> Result<Resource<Pollable>> {
        crate::io::subscribe(self.ctx().table, &this)
    }

    async fn shutdown(
        &mut self,
        this: Resource<TcpSocket>,
        shutdown_type: ShutdownType,
    ) -> SocketResult<()> {
        let socket = table(self).get(&this)?;
        let State::Connected(conn) = &socket.state else {
            return Err(ErrorCode::InvalidState.into());
        };
        let how = match shutdown_type {
            ShutdownType::Receive => Shutdown::Read,
            ShutdownType::Send => Shutdown::Write,
            ShutdownType::Both => Shutdown::Both,
        };
        tcp_stream::shutdown(conn, how);
        Ok(())
    }

    async fn drop(&mut self, this: Resource<TcpSocket>) -> Result<()> {
        // Streams still open keep the connection.
        table(self).delete(this)?;
        Ok(())
    }

    fn convert_error_code(&mut self, err: SocketError) -> Result<ErrorCode> {
        to_error_code(err)
    }
}

impl<T: WasiView> wit::Host for T {}

impl<T: WasiView> tcp_create_socket::Host for T {
    async fn create_tcp_socket(
        &mut self,
        address_family: IpAddressFamily,
    ) -> SocketResult<Resource<TcpSocket>> {
        let view = self.ctx();
        if !view.ctx.net.tcp_allowed() {
            return Err(ErrorCode::AccessDenied.into());
        }
        let socket = TcpSocket::new(address_family)?;
        Ok(view.table.push(socket)?)
    }

    fn convert_error_code(&mut self, err: SocketError) -> Result<ErrorCode> {
        to_error_code(err)
    }
}
