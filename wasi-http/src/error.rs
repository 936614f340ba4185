//! Errors: [`HttpError`] and [`HeaderError`], what host functions return
//! where the WIT has `error-code` and `header-error` (the guest gets the
//! code, or traps), and the mapping of host failures (sockets, TLS,
//! `hyper`) to `error-code`s.
//!
//! The `error-code` type itself is generated ([`ErrorCode`]); this module
//! gives it `Display` and `std::error::Error`, so that it can travel
//! inside an `anyhow::Error` (a stream's `wasi:io/error.error`, where
//! `http-error-code` finds it again) and inside `hyper`'s errors (a body's
//! failure).

use std::error::Error as _;
use std::fmt;
use std::io;

use crate::bindings::wasi::http::types::{
    self as wit, DnsErrorPayload, ErrorCode, TlsAlertReceivedPayload,
};

/// Why a `wasi:http` operation whose WIT error is `error-code` did not
/// happen: a code the guest gets, or a trap.
#[derive(Debug)]
pub enum HttpError {
    /// An error the guest gets as an `error-code`.
    Code(ErrorCode),
    /// Something the guest must not survive (a bad handle, a child
    /// resource still alive): the call traps.
    Trap(anyhow::Error),
}

impl HttpError {
    /// A trap with `message`.
    pub fn trap(message: impl fmt::Display) -> HttpError {
        HttpError::Trap(anyhow::anyhow!("{message}"))
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::Code(code) => write!(f, "HTTP error: {code}"),
            HttpError::Trap(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for HttpError {}

impl From<ErrorCode> for HttpError {
    fn from(code: ErrorCode) -> HttpError {
        HttpError::Code(code)
    }
}

impl From<anyhow::Error> for HttpError {
    fn from(e: anyhow::Error) -> HttpError {
        HttpError::Trap(e)
    }
}

/// Why a change to a `fields` did not happen: a `header-error` the guest
/// gets, or a trap.
#[derive(Debug)]
pub enum HeaderError {
    /// An error the guest gets as a `header-error`.
    Code(wit::HeaderError),
    /// Something the guest must not survive (a bad handle, fields grown
    /// past the host's limit): the call traps.
    Trap(anyhow::Error),
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::Code(code) => write!(f, "header error: {code:?}"),
            HeaderError::Trap(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for HeaderError {}

impl From<wit::HeaderError> for HeaderError {
    fn from(code: wit::HeaderError) -> HeaderError {
        HeaderError::Code(code)
    }
}

impl From<anyhow::Error> for HeaderError {
    fn from(e: anyhow::Error) -> HeaderError {
        HeaderError::Trap(e)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::InternalError(Some(message)) => write!(f, "internal error: {message}"),
            ErrorCode::DnsError(DnsErrorPayload { rcode, info_code }) => {
                write!(f, "DNS error")?;
                if let Some(rcode) = rcode {
                    write!(f, ": {rcode}")?;
                }
                if let Some(info) = info_code {
                    write!(f, " (info code {info})")?;
                }
                Ok(())
            }
            other => write!(f, "{other:?}"),
        }
    }
}

impl std::error::Error for ErrorCode {}

/// A request body's failure, as the guest reading it gets it.
impl From<hyper::Error> for ErrorCode {
    fn from(e: hyper::Error) -> ErrorCode {
        hyper_error(&e)
    }
}

/// A body that cannot fail (`Full`, `Empty`) can be a request's.
impl From<std::convert::Infallible> for ErrorCode {
    fn from(never: std::convert::Infallible) -> ErrorCode {
        match never {}
    }
}

/// `internal-error` with `message`.
pub(crate) fn internal_error(message: impl fmt::Display) -> ErrorCode {
    ErrorCode::InternalError(Some(message.to_string()))
}

/// The `error-code` of a failed name lookup.
pub(crate) fn dns_error() -> ErrorCode {
    // The system resolver's failures carry no DNS response code; Wasmtime
    // reports them with this one, which guests have come to expect.
    ErrorCode::DnsError(DnsErrorPayload {
        rcode: Some("address not available".to_string()),
        info_code: None,
    })
}

/// The `error-code` of a failed connect (TLS handshake included), or of
/// a connection failing later.
pub(crate) fn connect_error(e: &io::Error) -> ErrorCode {
    use io::ErrorKind::*;
    // tokio-rustls reports TLS failures as I/O errors around rustls' own.
    if let Some(tls) = e.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()) {
        return tls_error(tls);
    }
    match e.kind() {
        ConnectionRefused => ErrorCode::ConnectionRefused,
        ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof => {
            ErrorCode::ConnectionTerminated
        }
        TimedOut => ErrorCode::ConnectionTimeout,
        AddrNotAvailable => dns_error(),
        NetworkUnreachable => ErrorCode::DestinationIpUnroutable,
        HostUnreachable => ErrorCode::DestinationUnavailable,
        PermissionDenied => ErrorCode::DestinationIpProhibited,
        _ => internal_error(format!("the connection failed: {e}")),
    }
}

/// The `error-code` of a TLS failure: the server's certificate is not
/// to be trusted (`TLS-certificate-error`), the server ended the
/// handshake with an alert (`TLS-alert-received`, with the alert), or
/// the handshake failed otherwise (`TLS-protocol-error`).
pub(crate) fn tls_error(e: &rustls::Error) -> ErrorCode {
    use rustls::Error::*;
    match e {
        InvalidCertificate(_) | NoCertificatesPresented | InvalidCertRevocationList(_) => {
            ErrorCode::TlsCertificateError
        }
        AlertReceived(alert) => ErrorCode::TlsAlertReceived(TlsAlertReceivedPayload {
            alert_id: Some(u8::from(*alert)),
            alert_message: Some(format!("{alert:?}")),
        }),
        _ => ErrorCode::TlsProtocolError,
    }
}

/// The `error-code` of a `hyper` failure: an `error-code` it carries (a
/// body of ours that failed), else what the failure was.
pub(crate) fn hyper_error(e: &hyper::Error) -> ErrorCode {
    let mut source = e.source();
    while let Some(cause) = source {
        if let Some(code) = cause.downcast_ref::<ErrorCode>() {
            return code.clone();
        }
        if let Some(io) = cause.downcast_ref::<io::Error>() {
            return connect_error(io);
        }
        source = cause.source();
    }
    if e.is_timeout() {
        ErrorCode::HttpResponseTimeout
    } else if e.is_incomplete_message() {
        ErrorCode::HttpResponseIncomplete
    } else if e.is_canceled() || e.is_closed() {
        ErrorCode::ConnectionTerminated
    } else {
        // Parse errors, protocol violations of the peer, and what hyper
        // does not classify.
        ErrorCode::HttpProtocolError
    }
}

/// The `error-code` a `wasi:io/error.error` carries, if any: what
/// `http-error-code` returns.
pub(crate) fn error_code_of(e: &anyhow::Error) -> Option<ErrorCode> {
    e.chain()
        .find_map(|cause| cause.downcast_ref::<ErrorCode>())
        .cloned()
}
