//! The socket options TCP and UDP sockets share: the unicast hop limit
//! (`IP_TTL`, `IPV6_UNICAST_HOPS`) and the kernel's buffer sizes
//! (`SO_RCVBUF`, `SO_SNDBUF`), with the validation the spec asks for and
//! the platforms' differences smoothed.

use rustix::fd::AsFd;
use rustix::io::Errno;
use rustix::net::sockopt;

use crate::bindings::wasi::sockets::network::{ErrorCode, IpAddressFamily};

/// The hop limit of unicast packets the socket sends.
pub(crate) fn hop_limit(fd: impl AsFd, family: IpAddressFamily) -> Result<u8, ErrorCode> {
    match family {
        IpAddressFamily::Ipv4 => {
            let ttl = sockopt::ip_ttl(fd)?;
            Ok(u8::try_from(ttl).unwrap_or(u8::MAX))
        }
        IpAddressFamily::Ipv6 => Ok(sockopt::ipv6_unicast_hops(fd)?),
    }
}

/// Sets the hop limit: 0 is `invalid-argument` (the systems disagree on
/// it, so it is refused here).
pub(crate) fn set_hop_limit(
    fd: impl AsFd,
    family: IpAddressFamily,
    value: u8,
) -> Result<(), ErrorCode> {
    if value == 0 {
        return Err(ErrorCode::InvalidArgument);
    }
    match family {
        IpAddressFamily::Ipv4 => sockopt::set_ip_ttl(fd, value.into())?,
        IpAddressFamily::Ipv6 => sockopt::set_ipv6_unicast_hops(fd, Some(value))?,
    }
    Ok(())
}

/// Linux reports twice the size set (room for its bookkeeping); halving
/// gives back about what the guest asked for.
fn reported_size(value: usize) -> u64 {
    let value = if cfg!(target_os = "linux") {
        value / 2
    } else {
        value
    };
    u64::try_from(value).unwrap_or(u64::MAX)
}

/// The value the system is asked for: at least 1, at most `i32::MAX`.
fn requested_size(value: u64) -> Result<usize, ErrorCode> {
    if value == 0 {
        return Err(ErrorCode::InvalidArgument);
    }
    let max = i32::MAX as u64;
    // Fits: at most i32::MAX.
    Ok(value.min(max) as usize)
}

/// Whether a buffer size the system refused may be taken as a hint it
/// clamped: the BSDs refuse sizes beyond their limit with `ENOBUFS`.
fn size_result(result: rustix::io::Result<()>) -> Result<(), ErrorCode> {
    match result {
        Ok(()) | Err(Errno::NOBUFS) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// `SO_RCVBUF`.
pub(crate) fn receive_buffer_size(fd: impl AsFd) -> Result<u64, ErrorCode> {
    Ok(reported_size(sockopt::socket_recv_buffer_size(fd)?))
}

/// Sets `SO_RCVBUF`: 0 is `invalid-argument`; other sizes are hints the
/// system may clamp.
pub(crate) fn set_receive_buffer_size(fd: impl AsFd, value: u64) -> Result<(), ErrorCode> {
    let value = requested_size(value)?;
    size_result(sockopt::set_socket_recv_buffer_size(fd, value))
}

/// `SO_SNDBUF`.
pub(crate) fn send_buffer_size(fd: impl AsFd) -> Result<u64, ErrorCode> {
    Ok(reported_size(sockopt::socket_send_buffer_size(fd)?))
}

/// Sets `SO_SNDBUF`: 0 is `invalid-argument`; other sizes are hints the
/// system may clamp.
pub(crate) fn set_send_buffer_size(fd: impl AsFd, value: u64) -> Result<(), ErrorCode> {
    let value = requested_size(value)?;
    size_result(sockopt::set_socket_send_buffer_size(fd, value))
}
