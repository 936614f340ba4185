//! `wasi:sockets/ip-name-lookup`: names to addresses.
//!
//! `resolve-addresses` never blocks: an IP address in text is answered at
//! once; a domain name is checked (and a Unicode one turned to ASCII with
//! Punycode), then looked up by the system's resolver on a blocking thread
//! of the runtime, and the stream is ready when the answer is there.
//! Addresses come out in the resolver's order, without duplicates, and
//! never as IPv4-mapped IPv6 addresses. Without permission (see
//! `WasiCtxBuilder::allow_ip_name_lookup`) every valid name gets
//! `access-denied`; invalid ones get `invalid-argument` first.

use std::collections::VecDeque;
use std::future::{poll_fn, Future};
use std::net::{IpAddr, Ipv6Addr, ToSocketAddrs};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use anyhow::Result;
use hoist_runtime::component::Resource;

use crate::bindings::wasi::sockets::ip_name_lookup::{Host, HostResolveAddressStream};
use crate::bindings::wasi::sockets::network::{ErrorCode, IpAddress};
use crate::io::{Pollable, Subscribe};
use crate::runtime::BoxFuture;
use crate::sockets::network::{self, Network};
use crate::sockets::{in_runtime, noop_context, table, to_error_code, SocketError, SocketResult};
use crate::WasiView;

/// The host value behind a `resolve-address-stream` handle.
pub struct ResolveAddressStream {
    lookup: Arc<Mutex<Lookup>>,
}

enum Lookup {
    /// The resolver is at work.
    Pending(tokio::task::JoinHandle<Result<Vec<IpAddr>, ErrorCode>>),
    /// The addresses not yet returned, or why there are none.
    Done(Result<VecDeque<IpAddr>, ErrorCode>),
}

/// Ready once the lookup is done.
fn poll_lookup(lookup: &Mutex<Lookup>, cx: &mut Context<'_>) -> Poll<()> {
    let mut lookup = lookup.lock().unwrap_or_else(|e| e.into_inner());
    let Lookup::Pending(task) = &mut *lookup else {
        return Poll::Ready(());
    };
    let result = match Pin::new(task).poll(cx) {
        Poll::Pending => return Poll::Pending,
        Poll::Ready(Ok(result)) => result,
        Poll::Ready(Err(_)) => Err(ErrorCode::PermanentResolverFailure),
    };
    *lookup = Lookup::Done(result.map(|addrs| {
        let mut unique = VecDeque::with_capacity(addrs.len());
        for addr in addrs {
            let addr = addr.to_canonical();
            if !unique.contains(&addr) {
                unique.push_back(addr);
            }
        }
        unique
    }));
    Poll::Ready(())
}

impl Subscribe for ResolveAddressStream {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        let lookup = self.lookup.clone();
        Box::pin(poll_fn(move |cx| poll_lookup(&lookup, cx)))
    }
}

/// What a name given to `resolve-addresses` is.
#[derive(Debug, PartialEq)]
enum Name {
    Ip(IpAddr),
    /// A domain name, in ASCII.
    Domain(String),
}

/// Parses `name`: an IP address (an IPv6 one with or without brackets) or
/// a domain name; `invalid-argument` for anything else.
fn parse_name(name: &str) -> Result<Name, ErrorCode> {
    if let Ok(ip) = name.parse::<IpAddr>() {
        return Ok(Name::Ip(ip));
    }
    if let Some(inner) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        return inner
            .parse::<Ipv6Addr>()
            .map(|ip| Name::Ip(IpAddr::V6(ip)))
            .map_err(|_| ErrorCode::InvalidArgument);
    }
    domain_to_ascii(name).map(Name::Domain)
}

/// A domain name in ASCII: labels of letters, digits, `-` and `_`, at
/// most 63 bytes each and 253 in all, lowercased; a label with other
/// letters is lowercased and Punycode-encoded (`xn--...`). A final dot is
/// allowed. `invalid-argument` for anything else.
fn domain_to_ascii(name: &str) -> Result<String, ErrorCode> {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() {
        return Err(ErrorCode::InvalidArgument);
    }
    let mut out = String::with_capacity(name.len());
    for label in name.split('.') {
        if label.is_empty() {
            return Err(ErrorCode::InvalidArgument);
        }
        let ascii_ok = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        let encoded = if label.is_ascii() {
            if !label.chars().all(ascii_ok) {
                return Err(ErrorCode::InvalidArgument);
            }
            label.to_ascii_lowercase()
        } else {
            let lower: Vec<char> = label.chars().flat_map(char::to_lowercase).collect();
            let allowed = |c: &char| {
                if c.is_ascii() {
                    ascii_ok(*c)
                } else {
                    !c.is_whitespace() && !c.is_control()
                }
            };
            if !lower.iter().all(allowed) {
                return Err(ErrorCode::InvalidArgument);
            }
            let mut encoded = String::from("xn--");
            encoded.push_str(&punycode(&lower).ok_or(ErrorCode::InvalidArgument)?);
            encoded
        };
        if encoded.len() > 63 {
            return Err(ErrorCode::InvalidArgument);
        }
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(&encoded);
    }
    if out.len() > 253 {
        return Err(ErrorCode::InvalidArgument);
    }
    Ok(out)
}

/// The Punycode encoding of `input` (RFC 3492), without the `xn--`
/// prefix; `None` on overflow.
fn punycode(input: &[char]) -> Option<String> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;

    fn adapt(mut delta: u32, points: u32, first: bool) -> u32 {
        delta /= if first { DAMP } else { 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    }

    fn digit(d: u32) -> char {
        // d < 36: a letter or a digit.
        if d < 26 {
            char::from(b'a' + d as u8)
        } else {
            char::from(b'0' + (d - 26) as u8)
        }
    }

    let mut out: String = input.iter().filter(|c| c.is_ascii()).collect();
    let basic = u32::try_from(out.len()).ok()?;
    if basic > 0 {
        out.push('-');
    }
    let total = u32::try_from(input.len()).ok()?;
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    while handled < total {
        let m = input.iter().map(|&c| c as u32).filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in input {
            let c = c as u32;
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(out)
}

/// The `error-code` of a failed lookup, from the resolver's message (the
/// standard library keeps only that of `getaddrinfo`'s error).
fn lookup_error(e: &std::io::Error) -> ErrorCode {
    let message = e.to_string();
    if message.contains("Temporary failure") || message.contains("try again") {
        ErrorCode::TemporaryResolverFailure
    } else if message.contains("Non-recoverable") {
        ErrorCode::PermanentResolverFailure
    } else if message.contains("Memory allocation") {
        ErrorCode::OutOfMemory
    } else {
        ErrorCode::NameUnresolvable
    }
}

/// Looks `domain` up on a blocking thread.
fn lookup(domain: String) -> tokio::task::JoinHandle<Result<Vec<IpAddr>, ErrorCode>> {
    crate::runtime::handle().spawn_blocking(move || {
        let addrs = (domain.as_str(), 0)
            .to_socket_addrs()
            .map_err(|e| lookup_error(&e))?;
        let addrs: Vec<IpAddr> = addrs.map(|a| a.ip()).collect();
        if addrs.is_empty() {
            return Err(ErrorCode::NameUnresolvable);
        }
        Ok(addrs)
    })
}

impl<T: WasiView> Host for T {
    async fn resolve_addresses(
        &mut self,
        network: Resource<Network>,
        name: String,
    ) -> SocketResult<Resource<ResolveAddressStream>> {
        let net = network::policy(self, &network)?;
        let name = parse_name(&name)?;
        if !net.ip_name_lookup_allowed() {
            return Err(ErrorCode::AccessDenied.into());
        }
        let lookup = match name {
            Name::Ip(ip) => Lookup::Done(Ok(VecDeque::from([ip.to_canonical()]))),
            Name::Domain(domain) => Lookup::Pending(lookup(domain)),
        };
        Ok(table(self).push(ResolveAddressStream {
            lookup: Arc::new(Mutex::new(lookup)),
        })?)
    }

    fn convert_error_code(&mut self, err: SocketError) -> Result<ErrorCode> {
        to_error_code(err)
    }
}

impl<T: WasiView> HostResolveAddressStream for T {
    async fn resolve_next_address(
        &mut self,
        this: Resource<ResolveAddressStream>,
    ) -> SocketResult<Option<IpAddress>> {
        let stream = table(self).get(&this)?;
        if in_runtime(|| poll_lookup(&stream.lookup, &mut noop_context())).is_pending() {
            return Err(ErrorCode::WouldBlock.into());
        }
        let mut lookup = stream.lookup.lock().unwrap_or_else(|e| e.into_inner());
        match &mut *lookup {
            Lookup::Done(Ok(addrs)) => Ok(addrs.pop_front().map(IpAddress::from)),
            Lookup::Done(Err(code)) => Err((*code).into()),
            Lookup::Pending(_) => Err(ErrorCode::WouldBlock.into()),
        }
    }

    async fn subscribe(
        &mut self,
        this: Resource<ResolveAddressStream>,
    ) -> Result<Resource<Pollable>> {
        crate::io::subscribe(table(self), &this)
    }

    async fn drop(&mut self, this: Resource<ResolveAddressStream>) -> Result<()> {
        table(self).delete(this)?;
        Ok(())
    }

    fn convert_error_code(&mut self, err: SocketError) -> Result<ErrorCode> {
        to_error_code(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode_matches_rfc_3492() {
        let encode = |s: &str| punycode(&s.chars().collect::<Vec<_>>()).unwrap();
        assert_eq!(encode("bücher"), "bcher-kva");
        assert_eq!(encode("münchen"), "mnchen-3ya");
        assert_eq!(encode("例え"), "r8jz45g");
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(
            parse_name("Bücher.Example."),
            Ok(Name::Domain("xn--bcher-kva.example".into()))
        );
        assert_eq!(parse_name("[::1]"), Ok(Name::Ip("::1".parse().unwrap())));
        for bad in [
            "",
            ".",
            "a..b",
            "a b",
            "a/b",
            "[::1",
            "x".repeat(64).as_str(),
        ] {
            assert_eq!(parse_name(bad), Err(ErrorCode::InvalidArgument), "{bad:?}");
        }
    }
}
