//! `wasi:sockets/network` and `instance-network`: the `network` resource
//! (the guest's capability to use the network, carrying what the embedder
//! allows), the mapping of host errors to `error-code`s, conversions
//! between WASI and Rust addresses, and the checks of addresses the spec
//! asks for.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use anyhow::Result;
use hoist_runtime::component::Resource;
use rustix::io::Errno;

use crate::bindings::wasi::sockets::instance_network;
use crate::bindings::wasi::sockets::network::{
    self as wit, ErrorCode, IpAddress, IpAddressFamily, IpSocketAddress, Ipv4SocketAddress,
    Ipv6SocketAddress,
};
use crate::sockets::{NetCtx, SocketAddrUse};
use crate::WasiView;

/// The host value behind a `network` handle: what the guest may do with
/// the network, as the context allowed when the handle was made.
pub struct Network {
    pub(crate) net: NetCtx,
}

impl<T: WasiView> wit::HostNetwork for T {
    async fn drop(&mut self, network: Resource<Network>) -> Result<()> {
        self.ctx().table.delete(network)?;
        Ok(())
    }
}

impl<T: WasiView> wit::Host for T {}

impl<T: WasiView> instance_network::Host for T {
    async fn instance_network(&mut self) -> Result<Resource<Network>> {
        let view = self.ctx();
        let net = view.ctx.net.clone();
        view.table.push(Network { net })
    }
}

/// The permission checks of a network's policy.
impl NetCtx {
    /// Whether the guest may use `addr` for `usage`: `access-denied` if not.
    pub(crate) async fn check(
        &self,
        addr: SocketAddr,
        usage: SocketAddrUse,
    ) -> Result<(), ErrorCode> {
        let Some(check) = &self.check else {
            return Err(ErrorCode::AccessDenied);
        };
        if check(addr, usage).await {
            Ok(())
        } else {
            Err(ErrorCode::AccessDenied)
        }
    }

    pub(crate) fn ip_name_lookup_allowed(&self) -> bool {
        self.ip_name_lookup.unwrap_or(self.check.is_some())
    }

    pub(crate) fn tcp_allowed(&self) -> bool {
        self.tcp
    }

    pub(crate) fn udp_allowed(&self) -> bool {
        self.udp
    }
}

/// The policy of the network at `network` (a bad handle traps).
pub(crate) fn policy<T: WasiView>(host: &mut T, network: &Resource<Network>) -> Result<NetCtx> {
    Ok(host.ctx().table.get(network)?.net.clone())
}

impl From<&std::io::Error> for ErrorCode {
    fn from(e: &std::io::Error) -> ErrorCode {
        if let Some(errno) = Errno::from_io_error(e) {
            return errno.into();
        }
        use std::io::ErrorKind as K;
        match e.kind() {
            K::PermissionDenied => ErrorCode::AccessDenied,
            K::AddrInUse => ErrorCode::AddressInUse,
            K::AddrNotAvailable => ErrorCode::AddressNotBindable,
            K::ConnectionRefused => ErrorCode::ConnectionRefused,
            K::ConnectionReset => ErrorCode::ConnectionReset,
            K::ConnectionAborted => ErrorCode::ConnectionAborted,
            K::TimedOut => ErrorCode::Timeout,
            K::HostUnreachable | K::NetworkUnreachable | K::NetworkDown => {
                ErrorCode::RemoteUnreachable
            }
            K::OutOfMemory => ErrorCode::OutOfMemory,
            K::InvalidInput => ErrorCode::InvalidArgument,
            K::WouldBlock | K::Interrupted => ErrorCode::WouldBlock,
            K::NotConnected => ErrorCode::InvalidState,
            K::Unsupported => ErrorCode::NotSupported,
            _ => ErrorCode::Unknown,
        }
    }
}

impl From<std::io::Error> for ErrorCode {
    fn from(e: std::io::Error) -> ErrorCode {
        ErrorCode::from(&e)
    }
}

impl From<Errno> for ErrorCode {
    fn from(errno: Errno) -> ErrorCode {
        match errno {
            Errno::ACCESS | Errno::PERM => ErrorCode::AccessDenied,
            Errno::ADDRINUSE => ErrorCode::AddressInUse,
            Errno::ADDRNOTAVAIL => ErrorCode::AddressNotBindable,
            Errno::CONNREFUSED => ErrorCode::ConnectionRefused,
            Errno::CONNRESET => ErrorCode::ConnectionReset,
            Errno::CONNABORTED => ErrorCode::ConnectionAborted,
            Errno::TIMEDOUT => ErrorCode::Timeout,
            Errno::HOSTUNREACH | Errno::HOSTDOWN | Errno::NETUNREACH | Errno::NETDOWN => {
                ErrorCode::RemoteUnreachable
            }
            #[cfg(target_os = "linux")]
            Errno::NONET => ErrorCode::RemoteUnreachable,
            Errno::NOMEM | Errno::NOBUFS => ErrorCode::OutOfMemory,
            Errno::MFILE | Errno::NFILE => ErrorCode::NewSocketLimit,
            Errno::INVAL => ErrorCode::InvalidArgument,
            Errno::WOULDBLOCK | Errno::INTR => ErrorCode::WouldBlock,
            #[allow(unreachable_patterns)]
            Errno::AGAIN => ErrorCode::WouldBlock,
            Errno::ALREADY => ErrorCode::ConcurrencyConflict,
            Errno::ISCONN | Errno::NOTCONN | Errno::DESTADDRREQ => ErrorCode::InvalidState,
            Errno::MSGSIZE => ErrorCode::DatagramTooLarge,
            Errno::OPNOTSUPP
            | Errno::NOPROTOOPT
            | Errno::PFNOSUPPORT
            | Errno::PROTONOSUPPORT
            | Errno::PROTOTYPE
            | Errno::SOCKTNOSUPPORT
            | Errno::AFNOSUPPORT => ErrorCode::NotSupported,
            _ => ErrorCode::Unknown,
        }
    }
}

impl From<IpSocketAddress> for SocketAddr {
    fn from(addr: IpSocketAddress) -> SocketAddr {
        match addr {
            IpSocketAddress::Ipv4(a) => {
                let (x0, x1, x2, x3) = a.address;
                SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::new(x0, x1, x2, x3), a.port))
            }
            IpSocketAddress::Ipv6(a) => {
                let (x0, x1, x2, x3, x4, x5, x6, x7) = a.address;
                SocketAddr::V6(SocketAddrV6::new(
                    Ipv6Addr::new(x0, x1, x2, x3, x4, x5, x6, x7),
                    a.port,
                    a.flow_info,
                    a.scope_id,
                ))
            }
        }
    }
}

impl From<SocketAddr> for IpSocketAddress {
    fn from(addr: SocketAddr) -> IpSocketAddress {
        match addr {
            SocketAddr::V4(a) => {
                let [x0, x1, x2, x3] = a.ip().octets();
                IpSocketAddress::Ipv4(Ipv4SocketAddress {
                    port: a.port(),
                    address: (x0, x1, x2, x3),
                })
            }
            SocketAddr::V6(a) => {
                let [x0, x1, x2, x3, x4, x5, x6, x7] = a.ip().segments();
                IpSocketAddress::Ipv6(Ipv6SocketAddress {
                    port: a.port(),
                    flow_info: a.flowinfo(),
                    address: (x0, x1, x2, x3, x4, x5, x6, x7),
                    scope_id: a.scope_id(),
                })
            }
        }
    }
}

impl From<IpAddr> for IpAddress {
    fn from(addr: IpAddr) -> IpAddress {
        match addr {
            IpAddr::V4(a) => {
                let [x0, x1, x2, x3] = a.octets();
                IpAddress::Ipv4((x0, x1, x2, x3))
            }
            IpAddr::V6(a) => {
                let [x0, x1, x2, x3, x4, x5, x6, x7] = a.segments();
                IpAddress::Ipv6((x0, x1, x2, x3, x4, x5, x6, x7))
            }
        }
    }
}

/// The `socket2` domain of a family.
pub(crate) fn domain(family: IpAddressFamily) -> socket2::Domain {
    match family {
        IpAddressFamily::Ipv4 => socket2::Domain::IPV4,
        IpAddressFamily::Ipv6 => socket2::Domain::IPV6,
    }
}

/// `addr` may be used by a socket of `family`: the same family, and on
/// IPv6 sockets (which are IPv6-only) neither an IPv4-mapped address
/// (`::ffff:a.b.c.d`) nor a deprecated IPv4-compatible one (`::a.b.c.d`).
/// `invalid-argument` otherwise.
pub(crate) fn check_family(addr: IpAddr, family: IpAddressFamily) -> Result<(), ErrorCode> {
    let ok = match (family, addr) {
        (IpAddressFamily::Ipv4, IpAddr::V4(_)) => true,
        (IpAddressFamily::Ipv6, IpAddr::V6(v6)) => {
            let ipv4_compatible = matches!(v6.segments(), [0, 0, 0, 0, 0, 0, _, _])
                && v6 != Ipv6Addr::UNSPECIFIED
                && v6 != Ipv6Addr::LOCALHOST;
            v6.to_ipv4_mapped().is_none() && !ipv4_compatible
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(ErrorCode::InvalidArgument)
    }
}

/// `addr` is a unicast address (not multicast, not IPv4 broadcast):
/// `invalid-argument` otherwise.
pub(crate) fn check_unicast(addr: IpAddr) -> Result<(), ErrorCode> {
    let unicast = match addr.to_canonical() {
        IpAddr::V4(v4) => !v4.is_multicast() && !v4.is_broadcast(),
        IpAddr::V6(v6) => !v6.is_multicast(),
    };
    if unicast {
        Ok(())
    } else {
        Err(ErrorCode::InvalidArgument)
    }
}

/// `addr` can be a remote address: a specific address (not `0.0.0.0` or
/// `::`) and a port other than 0. `invalid-argument` otherwise.
pub(crate) fn check_remote(addr: SocketAddr) -> Result<(), ErrorCode> {
    if addr.ip().to_canonical().is_unspecified() || addr.port() == 0 {
        Err(ErrorCode::InvalidArgument)
    } else {
        Ok(())
    }
}
