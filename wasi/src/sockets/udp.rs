//! `wasi:sockets/udp` and `udp-create-socket`: UDP sockets and their
//! datagram streams.
//!
//! A socket is `unbound`, `bind-in-progress` (`start-bind`), then `bound`
//! (`finish-bind`); bound, `stream` gives it a pair of datagram streams,
//! optionally tied to one remote address (a `connect` in POSIX terms).
//! Each call to `stream` replaces the pair: those made before answer
//! `invalid-state`. Receiving and sending are non-blocking (`try_recv_from`,
//! `try_send_to`); `check-send` permits a number of datagrams, and `send`
//! with more traps, as the spec says. The embedder's address check is
//! asked before a bind, a `stream` to an address, and each datagram sent
//! to an address of the guest's choosing.

use std::future::poll_fn;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::Poll;

use anyhow::Result;
use hoist_runtime::component::Resource;
use rustix::fd::{AsFd, BorrowedFd};
use rustix::io::Errno;
use socket2::{Protocol, SockAddr, Socket, Type};

use crate::bindings::wasi::sockets::network::{ErrorCode, IpAddressFamily, IpSocketAddress};
use crate::bindings::wasi::sockets::udp::{
    self as wit, HostIncomingDatagramStream, HostOutgoingDatagramStream, HostUdpSocket,
    IncomingDatagram, OutgoingDatagram,
};
use crate::bindings::wasi::sockets::udp_create_socket;
use crate::io::{Pollable, Subscribe};
use crate::runtime::BoxFuture;
use crate::sockets::network::{self, check_family, check_remote, Network};
use crate::sockets::{
    in_runtime, noop_context, options, table, to_error_code, NetCtx, SocketAddrUse, SocketError,
    SocketResult,
};
use crate::WasiView;

/// How many datagrams `check-send` permits and `receive` returns at most.
const MAX_DATAGRAMS: usize = 16;

/// The largest datagram received (the largest UDP payload).
const MAX_DATAGRAM_SIZE: usize = u16::MAX as usize;

/// The host value behind a `udp-socket` handle.
pub struct UdpSocket {
    family: IpAddressFamily,
    state: State,
}

enum State {
    Unbound(Socket),
    BindStarted(Arc<Bound>),
    Bound(Arc<Bound>),
    /// The socket could not be registered with Tokio after its bind.
    Gone,
}

/// A bound socket, shared with its streams.
struct Bound {
    socket: tokio::net::UdpSocket,
    family: IpAddressFamily,
    /// The policy of the network it was bound with: checks its later
    /// addresses.
    net: NetCtx,
    /// The remote address of the streams, if they have one.
    remote: std::sync::Mutex<Option<SocketAddr>>,
    /// Which pair of streams is the current one (see the module docs).
    generation: AtomicU64,
}

impl Bound {
    /// Whether streams of `generation` are still the current pair.
    fn check_current(&self, generation: u64) -> Result<(), ErrorCode> {
        if self.generation.load(Ordering::SeqCst) == generation {
            Ok(())
        } else {
            Err(ErrorCode::InvalidState)
        }
    }
}

impl UdpSocket {
    fn new(family: IpAddressFamily) -> Result<UdpSocket, ErrorCode> {
        let socket = Socket::new(network::domain(family), Type::DGRAM, Some(Protocol::UDP))?;
        socket.set_nonblocking(true)?;
        if family == IpAddressFamily::Ipv6 {
            // The spec: IPv6 sockets are IPv6-only.
            socket.set_only_v6(true)?;
        }
        Ok(UdpSocket {
            family,
            state: State::Unbound(socket),
        })
    }

    fn fd(&self) -> Result<BorrowedFd<'_>, ErrorCode> {
        match &self.state {
            State::Unbound(s) => Ok(s.as_fd()),
            State::BindStarted(b) | State::Bound(b) => Ok(b.socket.as_fd()),
            State::Gone => Err(ErrorCode::InvalidState),
        }
    }
}

impl Subscribe for UdpSocket {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        // No operation of the socket itself waits.
        Box::pin(async {})
    }
}

/// The host value behind an `incoming-datagram-stream` handle.
pub struct IncomingDatagramStream {
    bound: Arc<Bound>,
    generation: u64,
    remote: Option<SocketAddr>,
}

/// The host value behind an `outgoing-datagram-stream` handle.
pub struct OutgoingDatagramStream {
    bound: Arc<Bound>,
    generation: u64,
    remote: Option<SocketAddr>,
    /// How many datagrams the last `check-send` permitted.
    permit: usize,
}

impl Subscribe for IncomingDatagramStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        let bound = self.bound.clone();
        Box::pin(poll_fn(move |cx| {
            bound.socket.poll_recv_ready(cx).map(|_| ())
        }))
    }
}

impl Subscribe for OutgoingDatagramStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        let bound = self.bound.clone();
        Box::pin(poll_fn(move |cx| {
            bound.socket.poll_send_ready(cx).map(|_| ())
        }))
    }
}

impl<T: WasiView> HostUdpSocket for T {
    async fn start_bind(
        &mut self,
        this: Resource<UdpSocket>,
        network: Resource<Network>,
        local_address: IpSocketAddress,
    ) -> SocketResult<()> {
        let net = network::policy(self, &network)?;
        let addr = SocketAddr::from(local_address);
        let socket = table(self).get_mut(&this)?;
        match socket.state {
            State::Unbound(_) => {}
            State::BindStarted(_) => return Err(ErrorCode::ConcurrencyConflict.into()),
            State::Bound(_) | State::Gone => return Err(ErrorCode::InvalidState.into()),
        }
        check_family(addr.ip(), socket.family)?;
        net.check(addr, SocketAddrUse::UdpBind).await?;

        let socket = table(self).get_mut(&this)?;
        let State::Unbound(sock) = &socket.state else {
            return Err(ErrorCode::InvalidState.into());
        };
        sock.bind(&SockAddr::from(addr))
            .map_err(|e| match Errno::from_io_error(&e) {
                Some(Errno::AFNOSUPPORT) => ErrorCode::InvalidArgument,
                _ => ErrorCode::from(&e),
            })?;
        let State::Unbound(sock) = std::mem::replace(&mut socket.state, State::Gone) else {
            return Err(ErrorCode::InvalidState.into());
        };
        let udp = in_runtime(|| tokio::net::UdpSocket::from_std(sock.into()))?;
        socket.state = State::BindStarted(Arc::new(Bound {
            socket: udp,
            family: socket.family,
            net,
            remote: std::sync::Mutex::new(None),
            generation: AtomicU64::new(0),
        }));
        Ok(())
    }

    async fn finish_bind(&mut self, this: Resource<UdpSocket>) -> SocketResult<()> {
        let socket = table(self).get_mut(&this)?;
        let State::BindStarted(bound) = &socket.state else {
            return Err(ErrorCode::NotInProgress.into());
        };
        socket.state = State::Bound(bound.clone());
        Ok(())
    }

    async fn stream(
        &mut self,
        this: Resource<UdpSocket>,
        remote_address: Option<IpSocketAddress>,
    ) -> SocketResult<(
        Resource<IncomingDatagramStream>,
        Resource<OutgoingDatagramStream>,
    )> {
        let socket = table(self).get(&this)?;
        let State::Bound(bound) = &socket.state else {
            return Err(ErrorCode::InvalidState.into());
        };
        let bound = bound.clone();
        let remote = remote_address.map(SocketAddr::from);
        if let Some(addr) = remote {
            check_family(addr.ip(), socket.family)?;
            check_remote(addr)?;
            bound.net.check(addr, SocketAddrUse::UdpConnect).await?;
        }

        {
            let mut current = bound.remote.lock().unwrap_or_else(|e| e.into_inner());
            if current.take().is_some() {
                // Dissolve the association first (`connect(AF_UNSPEC)`);
                // some systems report an error for it and still do it.
                match rustix::net::connect_unspec(&bound.socket) {
                    Ok(()) | Err(Errno::AFNOSUPPORT | Errno::INVAL) => {}
                    Err(e) => return Err(e.into()),
                }
            }
            if let Some(addr) = remote {
                rustix::net::connect(&bound.socket, &addr).map_err(|e| match e {
                    Errno::CONNRESET | Errno::NETRESET => ErrorCode::RemoteUnreachable,
                    Errno::ADDRNOTAVAIL => ErrorCode::AddressInUse,
                    e => e.into(),
                })?;
                *current = Some(addr);
            }
        }
        let generation = bound.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let table = table(self);
        let incoming = table.push(IncomingDatagramStream {
            bound: bound.clone(),
            generation,
            remote,
        })?;
        let outgoing = table.push(OutgoingDatagramStream {
            bound,
            generation,
            remote,
            permit: 0,
        })?;
        Ok((incoming, outgoing))
    }

    async fn local_address(&mut self, this: Resource<UdpSocket>) -> SocketResult<IpSocketAddress> {
        let socket = table(self).get(&this)?;
        match &socket.state {
            State::Bound(bound) => Ok(bound.socket.local_addr()?.into()),
            _ => Err(ErrorCode::InvalidState.into()),
        }
    }

    async fn remote_address(&mut self, this: Resource<UdpSocket>) -> SocketResult<IpSocketAddress> {
        let socket = table(self).get(&this)?;
        let State::Bound(bound) = &socket.state else {
            return Err(ErrorCode::InvalidState.into());
        };
        let remote = *bound.remote.lock().unwrap_or_else(|e| e.into_inner());
        Ok(remote.ok_or(ErrorCode::InvalidState)?.into())
    }

    async fn address_family(&mut self, this: Resource<UdpSocket>) -> Result<IpAddressFamily> {
        Ok(table(self).get(&this)?.family)
    }

    async fn unicast_hop_limit(&mut self, this: Resource<UdpSocket>) -> SocketResult<u8> {
        let socket = table(self).get(&this)?;
        Ok(options::hop_limit(socket.fd()?, socket.family)?)
    }

    async fn set_unicast_hop_limit(
        &mut self,
        this: Resource<UdpSocket>,
        value: u8,
    ) -> SocketResult<()> {
        let socket = table(self).get(&this)?;
        Ok(options::set_hop_limit(socket.fd()?, socket.family, value)?)
    }

    async fn receive_buffer_size(&mut self, this: Resource<UdpSocket>) -> SocketResult<u64> {
        let socket = table(self).get(&this)?;
        Ok(options::receive_buffer_size(socket.fd()?)?)
    }

    async fn set_receive_buffer_size(
        &mut self,
        this: Resource<UdpSocket>,
        value: u64,
    ) -> SocketResult<()> {
        let socket = table(self).get(&this)?;
        Ok(options::set_receive_buffer_size(socket.fd()?, value)?)
    }

    async fn send_buffer_size(&mut self, this: Resource<UdpSocket>) -> SocketResult<u64> {
        let socket = table(self).get(&this)?;
        Ok(options::send_buffer_size(socket.fd()?)?)
    }

    async fn set_send_buffer_size(
        &mut self,
        this: Resource<UdpSocket>,
        value: u64,
    ) -> SocketResult<()> {
        let socket = table(self).get(&this)?;
        Ok(options::set_send_buffer_size(socket.fd()?, value)?)
    }

    async fn subscribe(&mut self, this: Resource<UdpSocket>) -> Result<Resource<Pollable>> {
        crate::io::subscribe(table(self), &this)
    }

    async fn drop(&mut self, this: Resource<UdpSocket>) -> Result<()> {
        table(self).delete(this)?;
        Ok(())
    }

    fn convert_error_code(&mut self, err: SocketError) -> Result<ErrorCode> {
        to_error_code(err)
    }
}

impl<T: WasiView> HostIncomingDatagramStream for T {
    async fn receive(
        &mut self,
        this: Resource<IncomingDatagramStream>,
        max_results: u64,
    ) -> SocketResult<Vec<IncomingDatagram>> {
        let stream = table(self).get(&this)?;
        stream.bound.check_current(stream.generation)?;
        let max = usize::try_from(max_results)
            .unwrap_or(usize::MAX)
            .min(MAX_DATAGRAMS);
        let mut datagrams = Vec::new();
        if max == 0 {
            return Ok(datagrams);
        }
        let mut buf = vec![0; MAX_DATAGRAM_SIZE];
        while datagrams.len() < max {
            match stream.bound.socket.try_recv_from(&mut buf) {
                Ok((n, from)) => {
                    // The system filters by the connected address, but
                    // datagrams queued before the connect may remain.
                    if stream.remote.is_some_and(|remote| remote != from) {
                        continue;
                    }
                    datagrams.push(IncomingDatagram {
                        data: buf[..n].to_vec(),
                        remote_address: from.into(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                // What was received is returned; the error comes next time.
                Err(_) if !datagrams.is_empty() => break,
                Err(e) => {
                    return Err(match Errno::from_io_error(&e) {
                        Some(Errno::CONNRESET | Errno::NETRESET) => ErrorCode::RemoteUnreachable,
                        _ => ErrorCode::from(&e),
                    }
                    .into());
                }
            }
        }
        Ok(datagrams)
    }

    async fn subscribe(
        &mut self,
        this: Resource<IncomingDatagramStream>,
    ) -> Result<Resource<Pollable>> {
        crate::io::subscribe(table(self), &this)
    }

    async fn drop(&mut self, this: Resource<IncomingDatagramStream>) -> Result<()> {
        table(self).delete(this)?;
        Ok(())
    }

    fn convert_error_code(&mut self, err: SocketError) -> Result<ErrorCode> {
        to_error_code(err)
    }
}

/// Where one datagram goes: `None` to the streams' remote address.
async fn destination(
    bound: &Bound,
    remote: Option<SocketAddr>,
    to: Option<IpSocketAddress>,
) -> Result<Option<SocketAddr>, ErrorCode> {
    let to = to.map(SocketAddr::from);
    match (remote, to) {
        (Some(_), None) => Ok(None),
        (Some(remote), Some(to)) if remote == to => Ok(None),
        // Connected streams send to their address only.
        (Some(_), Some(_)) => Err(ErrorCode::InvalidArgument),
        (None, None) => Err(ErrorCode::InvalidArgument),
        (None, Some(to)) => {
            check_family(to.ip(), bound.family)?;
            check_remote(to)?;
            bound
                .net
                .check(to, SocketAddrUse::UdpOutgoingDatagram)
                .await?;
            Ok(Some(to))
        }
    }
}

impl<T: WasiView> HostOutgoingDatagramStream for T {
    async fn check_send(&mut self, this: Resource<OutgoingDatagramStream>) -> SocketResult<u64> {
        let stream = table(self).get_mut(&this)?;
        stream.bound.check_current(stream.generation)?;
        let ready = in_runtime(|| stream.bound.socket.poll_send_ready(&mut noop_context()));
        stream.permit = match ready {
            Poll::Ready(Ok(())) => MAX_DATAGRAMS,
            Poll::Ready(Err(e)) => return Err(e.into()),
            Poll::Pending => 0,
        };
        Ok(stream.permit as u64)
    }

    async fn send(
        &mut self,
        this: Resource<OutgoingDatagramStream>,
        datagrams: Vec<OutgoingDatagram>,
    ) -> SocketResult<u64> {
        let stream = table(self).get_mut(&this)?;
        if datagrams.is_empty() {
            return Ok(0);
        }
        if datagrams.len() > stream.permit {
            return Err(SocketError::trap(format!(
                "wasi:sockets/udp.outgoing-datagram-stream.send: {} datagrams, but check-send permitted {}",
                datagrams.len(),
                stream.permit
            )));
        }
        // Each send needs a check-send of its own.
        stream.permit = 0;
        stream.bound.check_current(stream.generation)?;
        let bound = stream.bound.clone();
        let remote = stream.remote;
        let mut sent = 0;
        for datagram in datagrams {
            let result = match destination(&bound, remote, datagram.remote_address).await {
                Ok(None) => bound.socket.try_send(&datagram.data),
                Ok(Some(to)) => bound.socket.try_send_to(&datagram.data, to),
                Err(code) => {
                    if sent > 0 {
                        break;
                    }
                    return Err(code.into());
                }
            };
            match result {
                Ok(_) => sent += 1,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                // The spec: once one datagram went, no error.
                Err(_) if sent > 0 => break,
                Err(e) => {
                    return Err(match Errno::from_io_error(&e) {
                        Some(Errno::CONNRESET | Errno::NETRESET) => ErrorCode::RemoteUnreachable,
                        Some(Errno::ISCONN | Errno::DESTADDRREQ) => ErrorCode::InvalidArgument,
                        _ => ErrorCode::from(&e),
                    }
                    .into());
                }
            }
        }
        Ok(sent)
    }

    async fn subscribe(
        &mut self,
        this: Resource<OutgoingDatagramStream>,
    ) -> Result<Resource<Pollable>> {
        crate::io::subscribe(table(self), &this)
    }

    async fn drop(&mut self, this: Resource<OutgoingDatagramStream>) -> Result<()> {
        table(self).delete(this)?;
        Ok(())
    }

    fn convert_error_code(&mut self, err: SocketError) -> Result<ErrorCode> {
        to_error_code(err)
    }
}

impl<T: WasiView> wit::Host for T {}

impl<T: WasiView> udp_create_socket::Host for T {
    async fn create_udp_socket(
        &mut self,
        address_family: IpAddressFamily,
    ) -> SocketResult<Resource<UdpSocket>> {
        let view = self.ctx();
        if !view.ctx.net.udp_allowed() {
            return Err(ErrorCode::AccessDenied.into());
        }
        let socket = UdpSocket::new(address_family)?;
        Ok(view.table.push(socket)?)
    }

    fn convert_error_code(&mut self, err: SocketError) -> Result<ErrorCode> {
        to_error_code(err)
    }
}
