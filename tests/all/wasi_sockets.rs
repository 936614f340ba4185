//! `hoist::wasi`'s `wasi:sockets`, called through the generated host
//! traits the way a guest's calls reach them, on loopback only:
//!
//! - TCP: listen, connect, accept, bytes both ways through the streams
//!   (enough to fill the kernel's buffers), bytes left in a stream's buffer
//!   reaching a peer while the guest waits on something else, `shutdown`;
//!   the state machine's errors (`not-in-progress`, `concurrency-conflict`,
//!   `invalid-state`, a refused connect leaving the socket closed) and bad
//!   handles trapping.
//! - Permissions: nothing without a grant; an address check refusing one
//!   port, and what it is asked; TCP, UDP and name lookup turned off.
//! - UDP: an echo through datagram streams, connected and not; the
//!   `check-send` permits (more datagrams trap); the destination rules;
//!   streams replaced by a later `stream`.
//! - Name lookup of `localhost`, of addresses in text, of invalid names.
//! - The validation of addresses and socket options.
//! - A guest (a component in the text format) binding a TCP socket through
//!   `add_to_linker_sync`, with and without a grant.
//!
//! Each test runs on a thread of its own and fails after a minute.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use hoist::component::Resource;
use hoist::wasi::bindings::wasi::io::poll::HostPollable;
use hoist::wasi::bindings::wasi::io::streams::{HostInputStream, HostOutputStream};
use hoist::wasi::bindings::wasi::sockets::instance_network::Host as _;
use hoist::wasi::bindings::wasi::sockets::ip_name_lookup::{Host as _, HostResolveAddressStream};
use hoist::wasi::bindings::wasi::sockets::network::{
    ErrorCode, IpAddress, IpAddressFamily, IpSocketAddress,
};
use hoist::wasi::bindings::wasi::sockets::tcp::{HostTcpSocket, ShutdownType};
use hoist::wasi::bindings::wasi::sockets::tcp_create_socket::Host as _;
use hoist::wasi::bindings::wasi::sockets::udp::{
    HostIncomingDatagramStream, HostOutgoingDatagramStream, HostUdpSocket, IncomingDatagram,
    OutgoingDatagram,
};
use hoist::wasi::bindings::wasi::sockets::udp_create_socket::Host as _;
use hoist::wasi::io::{DynInputStream, DynOutputStream, Pollable, StreamError};
use hoist::wasi::runtime::block_on;
use hoist::wasi::sockets::{
    IncomingDatagramStream, Network, OutgoingDatagramStream, SocketAddrUse, SocketError, TcpSocket,
    UdpSocket,
};
use hoist::wasi::{WasiCtx, WasiCtxBuilder, WasiState};

use crate::support::wasi::{borrow as b, bounded, instantiate, read_all, state, write_all};

/// A host with the whole network.
fn networked() -> WasiState {
    state(WasiCtx::builder().inherit_network())
}

/// The error code of a call that must fail with one.
fn code<T: std::fmt::Debug>(result: Result<T, SocketError>) -> ErrorCode {
    match result {
        Err(SocketError::Code(code)) => code,
        Err(SocketError::Trap(e)) => panic!("expected an error code, got a trap: {e:#}"),
        Ok(v) => panic!("expected an error code, got Ok({v:?})"),
    }
}

/// The value of a call that must succeed.
fn ok<T>(result: Result<T, SocketError>) -> T {
    match result {
        Ok(v) => v,
        Err(e) => panic!("expected success, got {e}"),
    }
}

/// Whether a call trapped.
fn trapped<T: std::fmt::Debug>(result: Result<T, SocketError>) -> bool {
    matches!(result, Err(SocketError::Trap(_)))
}

fn v4(ip: Ipv4Addr, port: u16) -> IpSocketAddress {
    SocketAddr::from((ip, port)).into()
}

fn v6(ip: Ipv6Addr, port: u16) -> IpSocketAddress {
    SocketAddr::V6(SocketAddrV6::new(ip, port, 0, 0)).into()
}

fn loopback(port: u16) -> IpSocketAddress {
    v4(Ipv4Addr::LOCALHOST, port)
}

fn port_of(addr: IpSocketAddress) -> u16 {
    SocketAddr::from(addr).port()
}

fn network(h: &mut WasiState) -> Resource<Network> {
    block_on(h.instance_network()).unwrap()
}

fn tcp_socket(h: &mut WasiState) -> Resource<TcpSocket> {
    ok(block_on(h.create_tcp_socket(IpAddressFamily::Ipv4)))
}

fn udp_socket(h: &mut WasiState) -> Resource<UdpSocket> {
    ok(block_on(h.create_udp_socket(IpAddressFamily::Ipv4)))
}

/// Blocks until the pollable `p` is ready (it is dropped after).
fn wait(h: &mut WasiState, p: Resource<Pollable>) {
    block_on(HostPollable::block(h, b(p))).unwrap();
    block_on(HostPollable::drop(h, p)).unwrap();
}

/// Calls `op` until it stops answering `would-block`, waiting on the
/// socket's pollable in between.
fn retry<T>(
    h: &mut WasiState,
    subscribe: impl Fn(&mut WasiState) -> Resource<Pollable>,
    mut op: impl FnMut(&mut WasiState) -> Result<T, SocketError>,
) -> Result<T, SocketError> {
    loop {
        match op(h) {
            Err(SocketError::Code(ErrorCode::WouldBlock)) => {
                let p = subscribe(h);
                wait(h, p);
            }
            other => return other,
        }
    }
}

/// A listening TCP socket on 127.0.0.1, and its port.
fn listener(h: &mut WasiState, net: Resource<Network>) -> (Resource<TcpSocket>, u16) {
    let s = tcp_socket(h);
    ok(block_on(HostTcpSocket::start_bind(
        h,
        b(s),
        b(net),
        loopback(0),
    )));
    ok(block_on(HostTcpSocket::finish_bind(h, b(s))));
    ok(block_on(HostTcpSocket::start_listen(h, b(s))));
    ok(block_on(HostTcpSocket::finish_listen(h, b(s))));
    let port = port_of(ok(block_on(HostTcpSocket::local_address(h, b(s)))));
    assert_ne!(port, 0);
    (s, port)
}

type Streams = (Resource<DynInputStream>, Resource<DynOutputStream>);

fn tcp_pollable(s: Resource<TcpSocket>) -> impl Fn(&mut WasiState) -> Resource<Pollable> {
    move |h| block_on(HostTcpSocket::subscribe(h, b(s))).unwrap()
}

/// Connects `s` to 127.0.0.1:`port`.
fn connect(
    h: &mut WasiState,
    net: Resource<Network>,
    s: Resource<TcpSocket>,
    port: u16,
) -> Streams {
    ok(block_on(HostTcpSocket::start_connect(
        h,
        b(s),
        b(net),
        loopback(port),
    )));
    ok(retry(h, tcp_pollable(s), |h| {
        block_on(HostTcpSocket::finish_connect(h, b(s)))
    }))
}

/// Accepts a connection on `listener`.
fn accept(h: &mut WasiState, listener: Resource<TcpSocket>) -> (Resource<TcpSocket>, Streams) {
    let (s, input, output) = ok(retry(h, tcp_pollable(listener), |h| {
        block_on(HostTcpSocket::accept(h, b(listener)))
    }));
    (s, (input, output))
}

/// Reads exactly `len` bytes from `input`.
fn receive_exactly(h: &mut WasiState, input: Resource<DynInputStream>, len: usize) -> Vec<u8> {
    let mut got = Vec::new();
    while got.len() < len {
        let want = (len - got.len()) as u64;
        let bytes = block_on(HostInputStream::blocking_read(h, b(input), want)).unwrap();
        got.extend(bytes);
    }
    got
}

/// Reads from `input` until its end, which must come (not a failed read).
fn read_to_end(h: &mut WasiState, input: Resource<DynInputStream>) -> Vec<u8> {
    let (got, failed) = read_all(h, input);
    assert!(failed.is_none(), "a read failed after {} bytes", got.len());
    got
}

#[test]
fn tcp_listen_connect_accept_exchange_and_shutdown() {
    bounded(|| {
        let mut h = networked();
        let h = &mut h;
        let net = network(h);
        let (listen, port) = listener(h, net);
        assert!(block_on(HostTcpSocket::is_listening(h, b(listen))).unwrap());
        ok(block_on(HostTcpSocket::set_keep_alive_enabled(
            h,
            b(listen),
            true,
        )));

        let client = tcp_socket(h);
        let (c_in, c_out) = connect(h, net, client, port);
        let (server, (s_in, s_out)) = accept(h, listen);

        // Each end's remote address is the other's local one.
        let client_local = ok(block_on(HostTcpSocket::local_address(h, b(client))));
        let server_remote = ok(block_on(HostTcpSocket::remote_address(h, b(server))));
        assert_eq!(client_local, server_remote);
        assert_eq!(
            ok(block_on(HostTcpSocket::remote_address(h, b(client)))),
            loopback(port)
        );
        assert!(!block_on(HostTcpSocket::is_listening(h, b(server))).unwrap());
        assert_eq!(
            block_on(HostTcpSocket::address_family(h, b(server))).unwrap(),
            IpAddressFamily::Ipv4
        );
        // Inherited from the listener.
        assert!(ok(block_on(HostTcpSocket::keep_alive_enabled(
            h,
            b(server)
        ))));

        // Client to server.
        write_all(h, c_out, b"hello from the client");
        assert_eq!(receive_exactly(h, s_in, 21), b"hello from the client");

        // Server to client: more than the kernel's buffers hold, written
        // with check-write and write while the client reads, so that
        // writes wait in the stream's own buffer.
        let message: Vec<u8> = (0..24u32 << 20).map(|i| (i % 251) as u8).collect();
        let mut received = Vec::with_capacity(message.len());
        let mut written = 0;
        let mut waited = false;
        while written < message.len() {
            let permit = block_on(HostOutputStream::check_write(h, b(s_out))).unwrap() as usize;
            if permit == 0 {
                waited = true;
                // Drain the client a little, then wait for room.
                let bytes = block_on(HostInputStream::read(h, b(c_in), 1 << 20)).unwrap();
                received.extend(bytes);
                let p = block_on(HostOutputStream::subscribe(h, b(s_out))).unwrap();
                if block_on(HostPollable::ready(h, b(p))).unwrap() {
                    block_on(HostPollable::drop(h, p)).unwrap();
                } else {
                    block_on(HostPollable::drop(h, p)).unwrap();
                    let p = block_on(HostInputStream::subscribe(h, b(c_in))).unwrap();
                    wait(h, p);
                }
                continue;
            }
            let n = permit.min(message.len() - written);
            block_on(HostOutputStream::write(
                h,
                b(s_out),
                message[written..written + n].to_vec(),
            ))
            .unwrap();
            written += n;
        }
        assert!(waited, "24 MiB went without the writer ever waiting");
        block_on(HostOutputStream::flush(h, b(s_out))).unwrap();

        // The server is done sending: the client reads the rest, then the end.
        ok(block_on(HostTcpSocket::shutdown(
            h,
            b(server),
            ShutdownType::Send,
        )));
        ok(block_on(HostTcpSocket::shutdown(
            h,
            b(server),
            ShutdownType::Send,
        )));
        received.extend(read_to_end(h, c_in));
        assert_eq!(received.len(), message.len());
        assert!(received == message, "the bytes differ");
        // Writing after the shutdown: the stream is closed.
        assert!(matches!(
            block_on(HostOutputStream::check_write(h, b(s_out))),
            Err(StreamError::Closed)
        ));

        // The client still sends; then it stops receiving.
        write_all(h, c_out, b"still here");
        assert_eq!(receive_exactly(h, s_in, 10), b"still here");
        ok(block_on(HostTcpSocket::shutdown(
            h,
            b(client),
            ShutdownType::Receive,
        )));
        assert!(matches!(
            block_on(HostInputStream::read(h, b(c_in), 10)),
            Err(StreamError::Closed)
        ));

        // Dropping the client's output stream sends the server the end.
        block_on(HostOutputStream::drop(h, c_out)).unwrap();
        assert_eq!(read_to_end(h, s_in), b"");

        // Shutdown is for connected sockets only.
        assert_eq!(
            code(block_on(HostTcpSocket::shutdown(
                h,
                b(listen),
                ShutdownType::Both
            ))),
            ErrorCode::InvalidState
        );
        for s in [client, server, listen] {
            block_on(HostTcpSocket::drop(h, s)).unwrap();
        }
    });
}

#[test]
fn tcp_state_machine_errors() {
    bounded(|| {
        let mut h = networked();
        let h = &mut h;
        let net = network(h);
        let s = tcp_socket(h);

        // Nothing started: nothing to finish.
        for result in [
            block_on(HostTcpSocket::finish_bind(h, b(s))),
            block_on(HostTcpSocket::finish_listen(h, b(s))),
        ] {
            assert_eq!(code(result), ErrorCode::NotInProgress);
        }
        assert_eq!(
            code(block_on(HostTcpSocket::finish_connect(h, b(s)))),
            ErrorCode::NotInProgress
        );
        // Unbound: no listening, accepting, addresses or shutdown.
        assert_eq!(
            code(block_on(HostTcpSocket::start_listen(h, b(s)))),
            ErrorCode::InvalidState
        );
        assert_eq!(
            code(block_on(HostTcpSocket::accept(h, b(s)))),
            ErrorCode::InvalidState
        );
        assert_eq!(
            code(block_on(HostTcpSocket::local_address(h, b(s)))),
            ErrorCode::InvalidState
        );
        assert_eq!(
            code(block_on(HostTcpSocket::remote_address(h, b(s)))),
            ErrorCode::InvalidState
        );
        assert_eq!(
            code(block_on(HostTcpSocket::shutdown(
                h,
                b(s),
                ShutdownType::Both
            ))),
            ErrorCode::InvalidState
        );

        // Bind in progress: a second bind or a connect conflicts with it.
        ok(block_on(HostTcpSocket::start_bind(
            h,
            b(s),
            b(net),
            loopback(0),
        )));
        assert_eq!(
            code(block_on(HostTcpSocket::start_bind(
                h,
                b(s),
                b(net),
                loopback(0)
            ))),
            ErrorCode::ConcurrencyConflict
        );
        assert_eq!(
            code(block_on(HostTcpSocket::start_connect(
                h,
                b(s),
                b(net),
                loopback(1)
            ))),
            ErrorCode::ConcurrencyConflict
        );
        assert_eq!(
            code(block_on(HostTcpSocket::local_address(h, b(s)))),
            ErrorCode::InvalidState
        );
        ok(block_on(HostTcpSocket::finish_bind(h, b(s))));
        assert_eq!(
            code(block_on(HostTcpSocket::finish_bind(h, b(s)))),
            ErrorCode::NotInProgress
        );
        // Bound once and for all.
        assert_eq!(
            code(block_on(HostTcpSocket::start_bind(
                h,
                b(s),
                b(net),
                loopback(0)
            ))),
            ErrorCode::InvalidState
        );
        // Bound, not listening: nothing to accept.
        assert_eq!(
            code(block_on(HostTcpSocket::accept(h, b(s)))),
            ErrorCode::InvalidState
        );

        // Listening: no connecting, and accept would block.
        ok(block_on(HostTcpSocket::start_listen(h, b(s))));
        assert_eq!(
            code(block_on(HostTcpSocket::start_listen(h, b(s)))),
            ErrorCode::ConcurrencyConflict
        );
        assert!(!block_on(HostTcpSocket::is_listening(h, b(s))).unwrap());
        ok(block_on(HostTcpSocket::finish_listen(h, b(s))));
        assert_eq!(
            code(block_on(HostTcpSocket::start_listen(h, b(s)))),
            ErrorCode::InvalidState
        );
        let port = port_of(ok(block_on(HostTcpSocket::local_address(h, b(s)))));
        assert_eq!(
            code(block_on(HostTcpSocket::start_connect(
                h,
                b(s),
                b(net),
                loopback(port)
            ))),
            ErrorCode::InvalidState
        );
        assert_eq!(
            code(block_on(HostTcpSocket::accept(h, b(s)))),
            ErrorCode::WouldBlock
        );

        // Connecting twice: a conflict while in progress, then invalid.
        let c = tcp_socket(h);
        ok(block_on(HostTcpSocket::start_connect(
            h,
            b(c),
            b(net),
            loopback(port),
        )));
        assert_eq!(
            code(block_on(HostTcpSocket::start_connect(
                h,
                b(c),
                b(net),
                loopback(port)
            ))),
            ErrorCode::ConcurrencyConflict
        );
        assert_eq!(
            code(block_on(HostTcpSocket::start_bind(
                h,
                b(c),
                b(net),
                loopback(0)
            ))),
            ErrorCode::ConcurrencyConflict
        );
        let (c_in, c_out) = ok(retry(h, tcp_pollable(c), |h| {
            block_on(HostTcpSocket::finish_connect(h, b(c)))
        }));
        assert_eq!(
            code(block_on(HostTcpSocket::finish_connect(h, b(c)))),
            ErrorCode::NotInProgress
        );
        assert_eq!(
            code(block_on(HostTcpSocket::start_connect(
                h,
                b(c),
                b(net),
                loopback(port)
            ))),
            ErrorCode::InvalidState
        );
        assert_eq!(
            code(block_on(HostTcpSocket::start_listen(h, b(c)))),
            ErrorCode::InvalidState
        );
        assert_eq!(
            code(block_on(HostTcpSocket::set_listen_backlog_size(
                h,
                b(c),
                10
            ))),
            ErrorCode::InvalidState
        );
        block_on(HostInputStream::drop(h, c_in)).unwrap();
        block_on(HostOutputStream::drop(h, c_out)).unwrap();

        // A refused connect leaves the socket closed.
        let free_port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap().port()
        };
        let refused = tcp_socket(h);
        let result = block_on(HostTcpSocket::start_connect(
            h,
            b(refused),
            b(net),
            loopback(free_port),
        ))
        .and_then(|()| {
            retry(h, tcp_pollable(refused), |h| {
                block_on(HostTcpSocket::finish_connect(h, b(refused)))
            })
        });
        assert_eq!(code(result), ErrorCode::ConnectionRefused);
        assert_eq!(
            code(block_on(HostTcpSocket::finish_connect(h, b(refused)))),
            ErrorCode::NotInProgress
        );
        assert_eq!(
            code(block_on(HostTcpSocket::start_connect(
                h,
                b(refused),
                b(net),
                loopback(port)
            ))),
            ErrorCode::InvalidState
        );
        assert_eq!(
            code(block_on(HostTcpSocket::keep_alive_enabled(h, b(refused)))),
            ErrorCode::InvalidState
        );

        // Bad handles trap; so does dropping through a borrowed one.
        let bogus = Resource::<TcpSocket>::new_borrow(4000);
        assert!(trapped(block_on(HostTcpSocket::local_address(h, bogus))));
        assert!(trapped(block_on(HostTcpSocket::start_bind(
            h,
            b(s),
            Resource::new_borrow(4001),
            loopback(0)
        ))));
        assert!(block_on(HostTcpSocket::is_listening(h, bogus)).is_err());
        assert!(block_on(HostTcpSocket::drop(h, b(s))).is_err());
        // A UDP socket is no TCP socket.
        let u = udp_socket(h);
        assert!(trapped(block_on(HostTcpSocket::local_address(
            h,
            Resource::new_borrow(u.rep())
        ))));
        block_on(HostTcpSocket::drop(h, s)).unwrap();
        assert!(block_on(HostTcpSocket::drop(h, s)).is_err());
    });
}

#[test]
fn address_validation() {
    bounded(|| {
        let mut h = networked();
        let h = &mut h;
        let net = network(h);
        let t4 = tcp_socket(h);
        let t6 = ok(block_on(h.create_tcp_socket(IpAddressFamily::Ipv6)));
        let mapped = Ipv4Addr::LOCALHOST.to_ipv6_mapped();
        let cases: Vec<(Resource<TcpSocket>, IpSocketAddress)> = vec![
            // Wrong family.
            (t4, v6(Ipv6Addr::LOCALHOST, 0)),
            (t6, loopback(0)),
            // IPv4-mapped IPv6 addresses, on IPv6-only sockets.
            (t6, v6(mapped, 0)),
            // Not unicast.
            (t4, v4(Ipv4Addr::new(224, 0, 0, 1), 0)),
            (t4, v4(Ipv4Addr::BROADCAST, 0)),
            (t6, v6("ff02::1".parse().unwrap(), 0)),
        ];
        for (s, addr) in &cases {
            assert_eq!(
                code(block_on(HostTcpSocket::start_bind(h, b(*s), b(net), *addr))),
                ErrorCode::InvalidArgument,
                "bind to {addr:?}"
            );
        }
        let remotes = [
            (t4, v4(Ipv4Addr::UNSPECIFIED, 80)),
            (t4, loopback(0)),
            (t4, v4(Ipv4Addr::new(224, 0, 0, 1), 80)),
            (t4, v6(Ipv6Addr::LOCALHOST, 80)),
            (t6, v6(Ipv6Addr::UNSPECIFIED, 80)),
            (t6, v6(mapped, 80)),
            (t6, loopback(80)),
        ];
        for (s, addr) in remotes {
            assert_eq!(
                code(block_on(HostTcpSocket::start_connect(
                    h,
                    b(s),
                    b(net),
                    addr
                ))),
                ErrorCode::InvalidArgument,
                "connect to {addr:?}"
            );
        }
        // The sockets are still unbound and usable.
        ok(block_on(HostTcpSocket::start_bind(
            h,
            b(t4),
            b(net),
            loopback(0),
        )));
        ok(block_on(HostTcpSocket::finish_bind(h, b(t4))));

        // UDP: the family when binding, and remote addresses.
        let u = udp_socket(h);
        assert_eq!(
            code(block_on(HostUdpSocket::start_bind(
                h,
                b(u),
                b(net),
                v6(Ipv6Addr::LOCALHOST, 0)
            ))),
            ErrorCode::InvalidArgument
        );
        ok(block_on(HostUdpSocket::start_bind(
            h,
            b(u),
            b(net),
            loopback(0),
        )));
        ok(block_on(HostUdpSocket::finish_bind(h, b(u))));
        for addr in [
            v4(Ipv4Addr::UNSPECIFIED, 80),
            loopback(0),
            v6(Ipv6Addr::LOCALHOST, 80),
        ] {
            assert_eq!(
                code(block_on(HostUdpSocket::stream(h, b(u), Some(addr)))),
                ErrorCode::InvalidArgument,
                "stream to {addr:?}"
            );
        }
    });
}

#[test]
fn no_network_without_a_grant() {
    bounded(|| {
        let mut h = state(&mut WasiCtx::builder());
        let h = &mut h;
        let net = network(h);
        // Sockets can be made; they reach nothing.
        let t = tcp_socket(h);
        assert_eq!(
            code(block_on(HostTcpSocket::start_bind(
                h,
                b(t),
                b(net),
                loopback(0)
            ))),
            ErrorCode::AccessDenied
        );
        assert_eq!(
            code(block_on(HostTcpSocket::start_connect(
                h,
                b(t),
                b(net),
                loopback(80)
            ))),
            ErrorCode::AccessDenied
        );
        // Denied, the socket is as it was.
        assert_eq!(
            code(block_on(HostTcpSocket::finish_bind(h, b(t)))),
            ErrorCode::NotInProgress
        );
        let u = udp_socket(h);
        assert_eq!(
            code(block_on(HostUdpSocket::start_bind(
                h,
                b(u),
                b(net),
                loopback(0)
            ))),
            ErrorCode::AccessDenied
        );
        assert_eq!(
            code(block_on(h.resolve_addresses(b(net), "localhost".into()))),
            ErrorCode::AccessDenied
        );
        // Options are no network use.
        ok(block_on(HostTcpSocket::set_keep_alive_enabled(
            h,
            b(t),
            true,
        )));

        // Protocols turned off.
        let mut h = state(
            WasiCtx::builder()
                .inherit_network()
                .allow_tcp(false)
                .allow_udp(false)
                .allow_ip_name_lookup(false),
        );
        let net = network(&mut h);
        assert_eq!(
            code(block_on(h.create_tcp_socket(IpAddressFamily::Ipv4))),
            ErrorCode::AccessDenied
        );
        assert_eq!(
            code(block_on(h.create_udp_socket(IpAddressFamily::Ipv4))),
            ErrorCode::AccessDenied
        );
        assert_eq!(
            code(block_on(h.resolve_addresses(b(net), "127.0.0.1".into()))),
            ErrorCode::AccessDenied
        );
    });
}

#[test]
fn an_address_check_refusing_one_port() {
    bounded(|| {
        // Port 1 at first: no listener here uses it.
        let refused = Arc::new(AtomicU16::new(1));
        let asked: Arc<Mutex<Vec<(SocketAddr, SocketAddrUse)>>> = Arc::default();
        let mut h = {
            let (refused, asked) = (refused.clone(), asked.clone());
            state(WasiCtx::builder().socket_addr_check(move |addr, usage| {
                asked.lock().unwrap().push((addr, usage));
                let allowed = addr.port() != refused.load(Ordering::SeqCst);
                Box::pin(async move { allowed })
            }))
        };
        let h = &mut h;
        let net = network(h);
        let (open, open_port) = listener(h, net);
        let (closed, closed_port) = listener(h, net);
        refused.store(closed_port, Ordering::SeqCst);
        asked.lock().unwrap().clear();

        // Connecting to the refused port is denied; to the other, allowed.
        let c = tcp_socket(h);
        assert_eq!(
            code(block_on(HostTcpSocket::start_connect(
                h,
                b(c),
                b(net),
                loopback(closed_port)
            ))),
            ErrorCode::AccessDenied
        );
        let (c_in, c_out) = connect(h, net, c, open_port);
        let _ = accept(h, open);
        assert_eq!(
            *asked.lock().unwrap(),
            [
                (
                    SocketAddr::from((Ipv4Addr::LOCALHOST, closed_port)),
                    SocketAddrUse::TcpConnect
                ),
                (
                    SocketAddr::from((Ipv4Addr::LOCALHOST, open_port)),
                    SocketAddrUse::TcpConnect
                ),
            ]
        );
        block_on(HostInputStream::drop(h, c_in)).unwrap();
        block_on(HostOutputStream::drop(h, c_out)).unwrap();

        // Binding to it is denied too, for TCP and UDP.
        block_on(HostTcpSocket::drop(h, closed)).unwrap();
        let t = tcp_socket(h);
        assert_eq!(
            code(block_on(HostTcpSocket::start_bind(
                h,
                b(t),
                b(net),
                loopback(closed_port)
            ))),
            ErrorCode::AccessDenied
        );
        let u = udp_socket(h);
        assert_eq!(
            code(block_on(HostUdpSocket::start_bind(
                h,
                b(u),
                b(net),
                loopback(closed_port)
            ))),
            ErrorCode::AccessDenied
        );

        // UDP: streams to it, and datagrams to it, are denied.
        ok(block_on(HostUdpSocket::start_bind(
            h,
            b(u),
            b(net),
            loopback(0),
        )));
        ok(block_on(HostUdpSocket::finish_bind(h, b(u))));
        assert_eq!(
            code(block_on(HostUdpSocket::stream(
                h,
                b(u),
                Some(loopback(closed_port))
            ))),
            ErrorCode::AccessDenied
        );
        let (_incoming, outgoing) = ok(block_on(HostUdpSocket::stream(h, b(u), None)));
        let permit = udp_permit(h, outgoing);
        assert!(permit >= 1);
        let datagram = OutgoingDatagram {
            data: b"no".to_vec(),
            remote_address: Some(loopback(closed_port)),
        };
        assert_eq!(
            code(block_on(HostOutgoingDatagramStream::send(
                h,
                b(outgoing),
                vec![datagram]
            ))),
            ErrorCode::AccessDenied
        );
        let uses: Vec<SocketAddrUse> = asked.lock().unwrap().iter().map(|(_, u)| *u).collect();
        assert_eq!(
            uses[uses.len() - 5..],
            [
                SocketAddrUse::TcpBind,
                SocketAddrUse::UdpBind,
                SocketAddrUse::UdpBind,
                SocketAddrUse::UdpConnect,
                SocketAddrUse::UdpOutgoingDatagram,
            ]
        );
    });
}

/// Waits for `check-send` to permit something, and returns the permit.
fn udp_permit(h: &mut WasiState, out: Resource<OutgoingDatagramStream>) -> u64 {
    loop {
        let permit = ok(block_on(HostOutgoingDatagramStream::check_send(h, b(out))));
        if permit > 0 {
            return permit;
        }
        let p = block_on(HostOutgoingDatagramStream::subscribe(h, b(out))).unwrap();
        wait(h, p);
    }
}

/// Receives `n` datagrams from `incoming`, waiting as needed.
fn udp_receive(
    h: &mut WasiState,
    incoming: Resource<IncomingDatagramStream>,
    n: usize,
) -> Vec<IncomingDatagram> {
    let mut got = Vec::new();
    while got.len() < n {
        let batch = ok(block_on(HostIncomingDatagramStream::receive(
            h,
            b(incoming),
            (n - got.len()) as u64,
        )));
        if batch.is_empty() {
            let p = block_on(HostIncomingDatagramStream::subscribe(h, b(incoming))).unwrap();
            wait(h, p);
        }
        got.extend(batch);
    }
    got
}

fn bound_udp(h: &mut WasiState, net: Resource<Network>) -> (Resource<UdpSocket>, IpSocketAddress) {
    let u = udp_socket(h);
    assert_eq!(
        code(block_on(HostUdpSocket::finish_bind(h, b(u)))),
        ErrorCode::NotInProgress
    );
    assert_eq!(
        code(block_on(HostUdpSocket::stream(h, b(u), None))),
        ErrorCode::InvalidState
    );
    ok(block_on(HostUdpSocket::start_bind(
        h,
        b(u),
        b(net),
        loopback(0),
    )));
    assert_eq!(
        code(block_on(HostUdpSocket::start_bind(
            h,
            b(u),
            b(net),
            loopback(0)
        ))),
        ErrorCode::ConcurrencyConflict
    );
    ok(block_on(HostUdpSocket::finish_bind(h, b(u))));
    assert_eq!(
        code(block_on(HostUdpSocket::start_bind(
            h,
            b(u),
            b(net),
            loopback(0)
        ))),
        ErrorCode::InvalidState
    );
    let addr = ok(block_on(HostUdpSocket::local_address(h, b(u))));
    assert_ne!(port_of(addr), 0);
    (u, addr)
}

#[test]
fn udp_echo_through_datagram_streams() {
    bounded(|| {
        let mut h = networked();
        let h = &mut h;
        let net = network(h);
        let (server, server_addr) = bound_udp(h, net);
        let (client, client_addr) = bound_udp(h, net);

        let (s_in, s_out) = ok(block_on(HostUdpSocket::stream(h, b(server), None)));
        let (c_in, c_out) = ok(block_on(HostUdpSocket::stream(
            h,
            b(client),
            Some(server_addr),
        )));
        assert_eq!(
            ok(block_on(HostUdpSocket::remote_address(h, b(client)))),
            server_addr
        );
        assert_eq!(
            code(block_on(HostUdpSocket::remote_address(h, b(server)))),
            ErrorCode::InvalidState
        );

        // The client sends two datagrams to its remote address.
        let permit = udp_permit(h, c_out);
        assert!(permit >= 2, "permit {permit}");
        let datagrams = vec![
            OutgoingDatagram {
                data: b"ping one".to_vec(),
                remote_address: None,
            },
            OutgoingDatagram {
                data: b"ping two".to_vec(),
                remote_address: Some(server_addr),
            },
        ];
        assert_eq!(
            ok(block_on(HostOutgoingDatagramStream::send(
                h,
                b(c_out),
                datagrams
            ))),
            2
        );

        // The server gets them, from the client's address, and echoes.
        assert!(ok(block_on(HostIncomingDatagramStream::receive(h, b(s_in), 0))).is_empty());
        let got = udp_receive(h, s_in, 2);
        assert_eq!(got[0].data, b"ping one");
        assert_eq!(got[1].data, b"ping two");
        assert!(got.iter().all(|d| d.remote_address == client_addr));
        udp_permit(h, s_out);
        let echoes = got
            .into_iter()
            .map(|d| OutgoingDatagram {
                data: [b"echo: ".as_slice(), &d.data].concat(),
                remote_address: Some(d.remote_address),
            })
            .collect();
        assert_eq!(
            ok(block_on(HostOutgoingDatagramStream::send(
                h,
                b(s_out),
                echoes
            ))),
            2
        );
        let got = udp_receive(h, c_in, 2);
        assert_eq!(got[0].data, b"echo: ping one");
        assert_eq!(got[1].data, b"echo: ping two");
        assert!(got.iter().all(|d| d.remote_address == server_addr));

        // The permits: each send needs a check-send, for as many as it sends.
        let one = || {
            vec![OutgoingDatagram {
                data: vec![1],
                remote_address: None,
            }]
        };
        assert!(trapped(block_on(HostOutgoingDatagramStream::send(
            h,
            b(c_out),
            one()
        ))));
        let permit = udp_permit(h, c_out) as usize;
        let too_many = (0..=permit).flat_map(|_| one()).collect();
        assert!(trapped(block_on(HostOutgoingDatagramStream::send(
            h,
            b(c_out),
            too_many
        ))));
        assert_eq!(
            ok(block_on(HostOutgoingDatagramStream::send(
                h,
                b(c_out),
                vec![]
            ))),
            0
        );

        // Destinations: connected streams send to their address only;
        // the others need a valid one.
        udp_permit(h, c_out);
        let elsewhere = vec![OutgoingDatagram {
            data: vec![1],
            remote_address: Some(loopback(port_of(server_addr).wrapping_add(1).max(1))),
        }];
        assert_eq!(
            code(block_on(HostOutgoingDatagramStream::send(
                h,
                b(c_out),
                elsewhere
            ))),
            ErrorCode::InvalidArgument
        );
        for to in [None, Some(loopback(0)), Some(v4(Ipv4Addr::UNSPECIFIED, 9))] {
            udp_permit(h, s_out);
            let datagram = vec![OutgoingDatagram {
                data: vec![1],
                remote_address: to,
            }];
            assert_eq!(
                code(block_on(HostOutgoingDatagramStream::send(
                    h,
                    b(s_out),
                    datagram
                ))),
                ErrorCode::InvalidArgument,
                "to {to:?}"
            );
        }

        // A new pair of streams replaces the old one.
        let (s_in2, s_out2) = ok(block_on(HostUdpSocket::stream(
            h,
            b(server),
            Some(client_addr),
        )));
        assert_eq!(
            code(block_on(HostIncomingDatagramStream::receive(h, b(s_in), 1))),
            ErrorCode::InvalidState
        );
        assert_eq!(
            code(block_on(HostOutgoingDatagramStream::check_send(
                h,
                b(s_out)
            ))),
            ErrorCode::InvalidState
        );
        assert_eq!(
            ok(block_on(HostUdpSocket::remote_address(h, b(server)))),
            client_addr
        );
        udp_permit(h, s_out2);
        let hello = vec![OutgoingDatagram {
            data: b"again".to_vec(),
            remote_address: None,
        }];
        assert_eq!(
            ok(block_on(HostOutgoingDatagramStream::send(
                h,
                b(s_out2),
                hello
            ))),
            1
        );
        assert_eq!(udp_receive(h, c_in, 1)[0].data, b"again");
        // Back to no remote address.
        let (_s_in3, _s_out3) = ok(block_on(HostUdpSocket::stream(h, b(server), None)));
        assert_eq!(
            code(block_on(HostUdpSocket::remote_address(h, b(server)))),
            ErrorCode::InvalidState
        );

        for s in [s_in, s_in2] {
            block_on(HostIncomingDatagramStream::drop(h, s)).unwrap();
        }
        for s in [s_out, s_out2] {
            block_on(HostOutgoingDatagramStream::drop(h, s)).unwrap();
        }
        block_on(HostUdpSocket::drop(h, server)).unwrap();
    });
}

/// Every address `name` resolves to.
fn resolve(
    h: &mut WasiState,
    net: Resource<Network>,
    name: &str,
) -> Result<Vec<IpAddr>, ErrorCode> {
    let stream = match block_on(h.resolve_addresses(b(net), name.into())) {
        Ok(stream) => stream,
        Err(e) => return Err(code::<()>(Err(e))),
    };
    let mut addrs = Vec::new();
    loop {
        let next = retry(
            h,
            |h| block_on(HostResolveAddressStream::subscribe(h, b(stream))).unwrap(),
            |h| block_on(HostResolveAddressStream::resolve_next_address(h, b(stream))),
        );
        match next {
            Ok(Some(IpAddress::Ipv4((a, b, c, d)))) => addrs.push(Ipv4Addr::new(a, b, c, d).into()),
            Ok(Some(IpAddress::Ipv6((a, b, c, d, e, f, g, i)))) => {
                addrs.push(Ipv6Addr::new(a, b, c, d, e, f, g, i).into())
            }
            Ok(None) => break,
            Err(e) => {
                block_on(HostResolveAddressStream::drop(h, stream)).unwrap();
                return Err(code::<()>(Err(e)));
            }
        }
    }
    block_on(HostResolveAddressStream::drop(h, stream)).unwrap();
    Ok(addrs)
}

#[test]
fn ip_name_lookup() {
    bounded(|| {
        let mut h = networked();
        let h = &mut h;
        let net = network(h);
        let localhost = resolve(h, net, "localhost").unwrap();
        assert!(!localhost.is_empty());
        assert!(localhost.iter().all(IpAddr::is_loopback), "{localhost:?}");
        let mut unique = localhost.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), localhost.len());

        // Addresses in text come back as they are (IPv4-mapped ones as IPv4).
        assert_eq!(
            resolve(h, net, "127.0.0.1"),
            Ok(vec![Ipv4Addr::LOCALHOST.into()])
        );
        assert_eq!(resolve(h, net, "::1"), Ok(vec![Ipv6Addr::LOCALHOST.into()]));
        assert_eq!(
            resolve(h, net, "[::1]"),
            Ok(vec![Ipv6Addr::LOCALHOST.into()])
        );
        assert_eq!(
            resolve(h, net, "::ffff:127.0.0.1"),
            Ok(vec![Ipv4Addr::LOCALHOST.into()])
        );

        for name in [
            "",
            "not a name",
            "a..b",
            "exa mple.com",
            "host/path",
            "[::1",
            &"x".repeat(64),
        ] {
            assert_eq!(
                resolve(h, net, name),
                Err(ErrorCode::InvalidArgument),
                "{name:?}"
            );
        }
        assert!(trapped(block_on(h.resolve_addresses(
            Resource::new_borrow(4000),
            "localhost".into()
        ))));
    });
}

#[test]
fn socket_options() {
    bounded(|| {
        let mut h = networked();
        let h = &mut h;
        let net = network(h);
        let t = tcp_socket(h);
        let second = 1_000_000_000;
        // Zero is refused.
        for result in [
            block_on(HostTcpSocket::set_keep_alive_idle_time(h, b(t), 0)),
            block_on(HostTcpSocket::set_keep_alive_interval(h, b(t), 0)),
            block_on(HostTcpSocket::set_keep_alive_count(h, b(t), 0)),
            block_on(HostTcpSocket::set_hop_limit(h, b(t), 0)),
            block_on(HostTcpSocket::set_receive_buffer_size(h, b(t), 0)),
            block_on(HostTcpSocket::set_send_buffer_size(h, b(t), 0)),
            block_on(HostTcpSocket::set_listen_backlog_size(h, b(t), 0)),
        ] {
            assert_eq!(code(result), ErrorCode::InvalidArgument);
        }
        // Values are set, clamped where the systems would fail.
        ok(block_on(HostTcpSocket::set_keep_alive_enabled(
            h,
            b(t),
            true,
        )));
        assert!(ok(block_on(HostTcpSocket::keep_alive_enabled(h, b(t)))));
        ok(block_on(HostTcpSocket::set_keep_alive_enabled(
            h,
            b(t),
            false,
        )));
        assert!(!ok(block_on(HostTcpSocket::keep_alive_enabled(h, b(t)))));
        ok(block_on(HostTcpSocket::set_keep_alive_idle_time(
            h,
            b(t),
            42 * second,
        )));
        assert_eq!(
            ok(block_on(HostTcpSocket::keep_alive_idle_time(h, b(t)))),
            42 * second
        );
        ok(block_on(HostTcpSocket::set_keep_alive_idle_time(
            h,
            b(t),
            1,
        )));
        assert_eq!(
            ok(block_on(HostTcpSocket::keep_alive_idle_time(h, b(t)))),
            second
        );
        ok(block_on(HostTcpSocket::set_keep_alive_interval(
            h,
            b(t),
            7 * second,
        )));
        assert_eq!(
            ok(block_on(HostTcpSocket::keep_alive_interval(h, b(t)))),
            7 * second
        );
        ok(block_on(HostTcpSocket::set_keep_alive_interval(
            h,
            b(t),
            u64::MAX,
        )));
        assert_eq!(
            ok(block_on(HostTcpSocket::keep_alive_interval(h, b(t)))),
            i16::MAX as u64 * second
        );
        ok(block_on(HostTcpSocket::set_keep_alive_count(h, b(t), 5)));
        assert_eq!(ok(block_on(HostTcpSocket::keep_alive_count(h, b(t)))), 5);
        ok(block_on(HostTcpSocket::set_keep_alive_count(
            h,
            b(t),
            u32::MAX,
        )));
        assert_eq!(ok(block_on(HostTcpSocket::keep_alive_count(h, b(t)))), 127);
        ok(block_on(HostTcpSocket::set_hop_limit(h, b(t), 42)));
        assert_eq!(ok(block_on(HostTcpSocket::hop_limit(h, b(t)))), 42);
        ok(block_on(HostTcpSocket::set_receive_buffer_size(
            h,
            b(t),
            65536,
        )));
        let size = ok(block_on(HostTcpSocket::receive_buffer_size(h, b(t))));
        assert!((4096..=1 << 20).contains(&size), "receive buffer {size}");
        ok(block_on(HostTcpSocket::set_send_buffer_size(
            h,
            b(t),
            u64::MAX,
        )));
        assert!(ok(block_on(HostTcpSocket::send_buffer_size(h, b(t)))) > 0);
        ok(block_on(HostTcpSocket::set_listen_backlog_size(
            h,
            b(t),
            u64::MAX,
        )));
        // Options hold on a listening socket too, and the backlog changes.
        ok(block_on(HostTcpSocket::start_bind(
            h,
            b(t),
            b(net),
            loopback(0),
        )));
        ok(block_on(HostTcpSocket::finish_bind(h, b(t))));
        ok(block_on(HostTcpSocket::start_listen(h, b(t))));
        ok(block_on(HostTcpSocket::finish_listen(h, b(t))));
        assert_eq!(ok(block_on(HostTcpSocket::hop_limit(h, b(t)))), 42);
        ok(block_on(HostTcpSocket::set_listen_backlog_size(
            h,
            b(t),
            16,
        )));

        // IPv6 sockets use the IPv6 option for the hop limit.
        let t6 = ok(block_on(h.create_tcp_socket(IpAddressFamily::Ipv6)));
        assert_eq!(
            block_on(HostTcpSocket::address_family(h, b(t6))).unwrap(),
            IpAddressFamily::Ipv6
        );
        ok(block_on(HostTcpSocket::set_hop_limit(h, b(t6), 9)));
        assert_eq!(ok(block_on(HostTcpSocket::hop_limit(h, b(t6)))), 9);

        // UDP, before and after binding.
        let u = udp_socket(h);
        assert_eq!(
            code(block_on(HostUdpSocket::set_unicast_hop_limit(h, b(u), 0))),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(block_on(HostUdpSocket::set_receive_buffer_size(h, b(u), 0))),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(block_on(HostUdpSocket::set_send_buffer_size(h, b(u), 0))),
            ErrorCode::InvalidArgument
        );
        ok(block_on(HostUdpSocket::set_unicast_hop_limit(h, b(u), 7)));
        ok(block_on(HostUdpSocket::start_bind(
            h,
            b(u),
            b(net),
            loopback(0),
        )));
        ok(block_on(HostUdpSocket::finish_bind(h, b(u))));
        assert_eq!(ok(block_on(HostUdpSocket::unicast_hop_limit(h, b(u)))), 7);
        ok(block_on(HostUdpSocket::set_send_buffer_size(
            h,
            b(u),
            32768,
        )));
        assert!(ok(block_on(HostUdpSocket::send_buffer_size(h, b(u)))) >= 1024);
        assert!(ok(block_on(HostUdpSocket::receive_buffer_size(h, b(u)))) > 0);
        assert_eq!(
            block_on(HostUdpSocket::address_family(h, b(u))).unwrap(),
            IpAddressFamily::Ipv4
        );
    });
}

/// A guest that binds a TCP socket to `a.b.c.d:port` through the linker:
/// `instance-network`, `create-tcp-socket`, `start-bind`, `finish-bind`.
/// It returns 0 when bound, else 1000 + the error code of the creation, 1
/// + that of `start-bind`, 100 + that of `finish-bind`.
const BINDER: &str = r#"(component $C
  (import "wasi:sockets/network@0.2.12" (instance $network
    (export "network" (type (sub resource)))
    (type $ec (enum "unknown" "access-denied" "not-supported" "invalid-argument" "out-of-memory"
      "timeout" "concurrency-conflict" "not-in-progress" "would-block" "invalid-state"
      "new-socket-limit" "address-not-bindable" "address-in-use" "remote-unreachable"
      "connection-refused" "connection-reset" "connection-aborted" "datagram-too-large"
      "name-unresolvable" "temporary-resolver-failure" "permanent-resolver-failure"))
    (export "error-code" (type (eq $ec)))
    (type $fam (enum "ipv4" "ipv6"))
    (export "ip-address-family" (type (eq $fam)))
    (type $sa4 (record (field "port" u16) (field "address" (tuple u8 u8 u8 u8))))
    (export "ipv4-socket-address" (type $sa4' (eq $sa4)))
    (type $sa6 (record (field "port" u16) (field "flow-info" u32)
      (field "address" (tuple u16 u16 u16 u16 u16 u16 u16 u16)) (field "scope-id" u32)))
    (export "ipv6-socket-address" (type $sa6' (eq $sa6)))
    (type $sa (variant (case "ipv4" $sa4') (case "ipv6" $sa6')))
    (export "ip-socket-address" (type (eq $sa)))))
  (alias export $network "network" (type $net))
  (alias export $network "error-code" (type $ec))
  (alias export $network "ip-address-family" (type $fam))
  (alias export $network "ip-socket-address" (type $sa))
  (import "wasi:sockets/instance-network@0.2.12" (instance $inet
    (alias outer $C $net (type $net))
    (export "network" (type $net' (eq $net)))
    (export "instance-network" (func (result (own $net'))))))
  (import "wasi:sockets/tcp@0.2.12" (instance $tcp
    (alias outer $C $net (type $net))
    (export "network" (type $net' (eq $net)))
    (alias outer $C $ec (type $ec))
    (export "error-code" (type $ec' (eq $ec)))
    (alias outer $C $sa (type $sa))
    (export "ip-socket-address" (type $sa' (eq $sa)))
    (export "tcp-socket" (type $sock (sub resource)))
    (export "[method]tcp-socket.start-bind" (func (param "self" (borrow $sock))
      (param "network" (borrow $net')) (param "local-address" $sa')
      (result (result (error $ec')))))
    (export "[method]tcp-socket.finish-bind" (func (param "self" (borrow $sock))
      (result (result (error $ec')))))))
  (alias export $tcp "tcp-socket" (type $sock))
  (import "wasi:sockets/tcp-create-socket@0.2.12" (instance $create
    (alias outer $C $sock (type $sock))
    (export "tcp-socket" (type $sock' (eq $sock)))
    (alias outer $C $ec (type $ec))
    (export "error-code" (type $ec' (eq $ec)))
    (alias outer $C $fam (type $fam))
    (export "ip-address-family" (type $fam' (eq $fam)))
    (export "create-tcp-socket" (func (param "address-family" $fam')
      (result (result (own $sock') (error $ec')))))))
  (core module $mem (memory (export "memory") 1))
  (core instance $mem (instantiate $mem))
  (alias core export $mem "memory" (core memory $memory))
  (core func $inet (canon lower (func $inet "instance-network")))
  (core func $create (canon lower (func $create "create-tcp-socket") (memory $memory)))
  (core func $start (canon lower (func $tcp "[method]tcp-socket.start-bind") (memory $memory)))
  (core func $finish (canon lower (func $tcp "[method]tcp-socket.finish-bind") (memory $memory)))
  (core module $m
    (import "" "memory" (memory 1))
    (import "" "inet" (func $inet (result i32)))
    (import "" "create" (func $create (param i32 i32)))
    (import "" "start" (func $start (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
    (import "" "finish" (func $finish (param i32 i32)))
    (func (export "bind") (param $port i32) (param $a i32) (param $b i32) (param $c i32) (param $d i32)
      (result i32)
      (local $net i32) (local $sock i32)
      (local.set $net (call $inet))
      (call $create (i32.const 0) (i32.const 100))
      (if (i32.load8_u (i32.const 100))
        (then (return (i32.add (i32.const 1000) (i32.load8_u (i32.const 104))))))
      (local.set $sock (i32.load (i32.const 104)))
      (call $start (local.get $sock) (local.get $net) (i32.const 0)
        (local.get $port) (local.get $a) (local.get $b) (local.get $c) (local.get $d)
        (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
        (i32.const 200))
      (if (i32.load8_u (i32.const 200))
        (then (return (i32.add (i32.const 1) (i32.load8_u (i32.const 201))))))
      (call $finish (local.get $sock) (i32.const 200))
      (if (i32.load8_u (i32.const 200))
        (then (return (i32.add (i32.const 100) (i32.load8_u (i32.const 201))))))
      (i32.const 0)))
  (core instance $i (instantiate $m (with "" (instance
    (export "memory" (memory $memory)) (export "inet" (func $inet)) (export "create" (func $create))
    (export "start" (func $start)) (export "finish" (func $finish))))))
  (func (export "bind") (param "port" u16) (param "a" u8) (param "b" u8) (param "c" u8)
    (param "d" u8) (result u32)
    (canon lift (core func $i "bind"))))"#;

/// What `BINDER` returns for `a.b.c.d:port` in a store with `ctx`.
fn guest_bind(ctx: &mut WasiCtxBuilder, addr: [u8; 4], port: u16) -> u32 {
    let (mut store, instance) = instantiate(BINDER, ctx).unwrap();
    let bind = instance
        .get_typed_func::<(u16, u8, u8, u8, u8), (u32,)>(&mut store, "bind")
        .unwrap();
    let [a, b, c, d] = addr;
    bind.call(&mut store, (port, a, b, c, d)).unwrap().0
}

#[test]
fn a_guest_binds_through_the_linker() {
    bounded(|| {
        // access-denied (1) from start-bind without a grant.
        assert_eq!(
            guest_bind(&mut WasiCtx::builder(), [127, 0, 0, 1], 0),
            1 + 1
        );
        assert_eq!(
            guest_bind(WasiCtx::builder().inherit_network(), [127, 0, 0, 1], 0),
            0
        );
        // invalid-argument (3): not a unicast address.
        assert_eq!(
            guest_bind(WasiCtx::builder().inherit_network(), [224, 0, 0, 1], 0),
            1 + 3
        );
        // access-denied (1) from create-tcp-socket with TCP off.
        assert_eq!(
            guest_bind(
                WasiCtx::builder().inherit_network().allow_tcp(false),
                [127, 0, 0, 1],
                0
            ),
            1000 + 1
        );
    });
}

#[test]
fn written_bytes_go_while_the_guest_waits_elsewhere() {
    bounded(|| {
        let mut h = networked();
        let h = &mut h;
        let net = network(h);
        let (listen, port) = listener(h, net);
        let client = tcp_socket(h);
        let (c_in, _c_out) = connect(h, net, client, port);
        let (_server, (_s_in, s_out)) = accept(h, listen);

        // Write until the kernel's buffers and the stream's own are full,
        // never flushing or waiting on the output stream.
        let mut written = 0usize;
        loop {
            let permit = block_on(HostOutputStream::check_write(h, b(s_out))).unwrap() as usize;
            if permit == 0 {
                break;
            }
            let bytes = (written..written + permit)
                .map(|i| (i % 253) as u8)
                .collect();
            block_on(HostOutputStream::write(h, b(s_out), bytes)).unwrap();
            written += permit;
        }
        // The client, waiting on its input only, gets every byte.
        let got = receive_exactly(h, c_in, written);
        assert!(got.iter().enumerate().all(|(i, &x)| x == (i % 253) as u8));
        let p = block_on(HostOutputStream::subscribe(h, b(s_out))).unwrap();
        assert!(block_on(HostPollable::ready(h, b(p))).unwrap());
    });
}
