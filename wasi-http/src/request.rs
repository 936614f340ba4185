//! Requests: `outgoing-request` (what a guest builds to send: method,
//! scheme, authority, path with query, immutable headers, a body taken
//! once), `request-options` (its timeouts) and `incoming-request` (what
//! a guest serving HTTP receives; made by the host).

use std::str::FromStr;
use std::time::Duration;

use hoist_runtime::component::Resource;

use crate::bindings::wasi::http::types::{
    HostIncomingRequest, HostOutgoingRequest, HostRequestOptions, Method, Scheme,
};
use crate::body::{BodyKind, IncomingBody, OutgoingBody, OutgoingBodyReceiver};
use crate::{Fields, HyperIncomingBody, WasiHttpView};

/// The host value behind a guest's `outgoing-request` handle.
#[derive(Debug)]
pub struct OutgoingRequest {
    pub(crate) method: Method,
    pub(crate) scheme: Option<Scheme>,
    pub(crate) authority: Option<String>,
    pub(crate) path_with_query: Option<String>,
    /// Immutable.
    pub(crate) headers: Fields,
    /// The receiving end of the body, once the guest asked for the body.
    pub(crate) body: Option<OutgoingBodyReceiver>,
    body_taken: bool,
}

/// The host value behind a guest's `request-options` handle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// How long connecting may take.
    pub connect_timeout: Option<Duration>,
    /// How long the response's head may take to arrive.
    pub first_byte_timeout: Option<Duration>,
    /// How long the response's body may pause between frames.
    pub between_bytes_timeout: Option<Duration>,
}

/// The host value behind a guest's `incoming-request` handle: a request
/// a guest serving HTTP receives.
#[derive(Debug)]
pub struct IncomingRequest {
    method: http::Method,
    scheme: Scheme,
    authority: String,
    path_with_query: Option<String>,
    headers: Fields,
    body: Option<IncomingBody>,
}

impl IncomingRequest {
    /// The guest's view of `request`, received over `scheme`: its
    /// authority from the URI, else from the `host` header; its headers
    /// less those `forbidden` names; its body read as the guest asks.
    pub fn new(
        scheme: Scheme,
        request: http::Request<HyperIncomingBody>,
        forbidden: impl Fn(&http::HeaderName) -> bool,
    ) -> anyhow::Result<IncomingRequest> {
        let (parts, body) = request.into_parts();
        let authority = match parts.uri.authority() {
            Some(authority) => authority.to_string(),
            None => match parts.headers.get(http::header::HOST) {
                Some(host) => host.to_str()?.to_owned(),
                None => anyhow::bail!("the HTTP request has no authority and no host header"),
            },
        };
        Ok(IncomingRequest {
            method: parts.method,
            scheme,
            authority,
            path_with_query: parts.uri.path_and_query().map(|p| p.as_str().to_owned()),
            headers: Fields::from_header_map(&parts.headers, forbidden),
            body: Some(IncomingBody::new(body)),
        })
    }
}

/// The WIT method of an `http` one.
pub(crate) fn to_wit_method(method: &http::Method) -> Method {
    match *method {
        http::Method::GET => Method::Get,
        http::Method::HEAD => Method::Head,
        http::Method::POST => Method::Post,
        http::Method::PUT => Method::Put,
        http::Method::DELETE => Method::Delete,
        http::Method::CONNECT => Method::Connect,
        http::Method::OPTIONS => Method::Options,
        http::Method::TRACE => Method::Trace,
        http::Method::PATCH => Method::Patch,
        ref other => Method::Other(other.as_str().to_owned()),
    }
}

/// The `http` method of a WIT one; `None` for an invalid `other`.
pub(crate) fn from_wit_method(method: &Method) -> Option<http::Method> {
    Some(match method {
        Method::Get => http::Method::GET,
        Method::Head => http::Method::HEAD,
        Method::Post => http::Method::POST,
        Method::Put => http::Method::PUT,
        Method::Delete => http::Method::DELETE,
        Method::Connect => http::Method::CONNECT,
        Method::Options => http::Method::OPTIONS,
        Method::Trace => http::Method::TRACE,
        Method::Patch => http::Method::PATCH,
        Method::Other(other) => http::Method::from_bytes(other.as_bytes()).ok()?,
    })
}

/// Whether `path` is a path with query an HTTP request may have: empty,
/// or from `/` or `?`, in URI syntax.
fn is_valid_path_with_query(path: &str) -> bool {
    path.is_empty()
        || ((path.starts_with('/') || path.starts_with('?'))
            && http::uri::PathAndQuery::from_str(path).is_ok())
}

/// A duration in nanoseconds, as WIT's `duration` has it.
fn nanos(duration: Option<Duration>) -> Option<u64> {
    duration.map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

impl<T: WasiHttpView> HostOutgoingRequest for T {
    async fn new(
        &mut self,
        headers: Resource<Fields>,
    ) -> anyhow::Result<Resource<OutgoingRequest>> {
        let table = self.ctx().table;
        let mut headers = table.delete(headers)?;
        headers.freeze();
        table.push(OutgoingRequest {
            method: Method::Get,
            scheme: None,
            authority: None,
            path_with_query: None,
            headers,
            body: None,
            body_taken: false,
        })
    }

    async fn body(
        &mut self,
        request: Resource<OutgoingRequest>,
    ) -> anyhow::Result<Result<Resource<OutgoingBody>, ()>> {
        let table = self.ctx().table;
        let request = table.get_mut(&request)?;
        if request.body_taken {
            return Ok(Err(()));
        }
        let Ok(content_length) = request.headers.content_length() else {
            return Ok(Err(()));
        };
        let (body, receiver) = OutgoingBody::new(BodyKind::Request, content_length);
        request.body_taken = true;
        request.body = Some(receiver);
        Ok(Ok(table.push(body)?))
    }

    async fn method(&mut self, request: Resource<OutgoingRequest>) -> anyhow::Result<Method> {
        Ok(self.ctx().table.get(&request)?.method.clone())
    }

    async fn set_method(
        &mut self,
        request: Resource<OutgoingRequest>,
        method: Method,
    ) -> anyhow::Result<Result<(), ()>> {
        let request = self.ctx().table.get_mut(&request)?;
        if from_wit_method(&method).is_none() {
            return Ok(Err(()));
        }
        request.method = method;
        Ok(Ok(()))
    }

    async fn path_with_query(
        &mut self,
        request: Resource<OutgoingRequest>,
    ) -> anyhow::Result<Option<String>> {
        Ok(self.ctx().table.get(&request)?.path_with_query.clone())
    }

    async fn set_path_with_query(
        &mut self,
        request: Resource<OutgoingRequest>,
        path_with_query: Option<String>,
    ) -> anyhow::Result<Result<(), ()>> {
        let request = self.ctx().table.get_mut(&request)?;
        if path_with_query
            .as_deref()
            .is_some_and(|p| !is_valid_path_with_query(p))
        {
            return Ok(Err(()));
        }
        request.path_with_query = path_with_query;
        Ok(Ok(()))
    }

    async fn scheme(
        &mut self,
        request: Resource<OutgoingRequest>,
    ) -> anyhow::Result<Option<Scheme>> {
        Ok(self.ctx().table.get(&request)?.scheme.clone())
    }

    async fn set_scheme(
        &mut self,
        request: Resource<OutgoingRequest>,
        scheme: Option<Scheme>,
    ) -> anyhow::Result<Result<(), ()>> {
        let request = self.ctx().table.get_mut(&request)?;
        if let Some(Scheme::Other(other)) = &scheme {
            if http::uri::Scheme::from_str(other).is_err() {
                return Ok(Err(()));
            }
        }
        request.scheme = scheme;
        Ok(Ok(()))
    }

    async fn authority(
        &mut self,
        request: Resource<OutgoingRequest>,
    ) -> anyhow::Result<Option<String>> {
        Ok(self.ctx().table.get(&request)?.authority.clone())
    }

    async fn set_authority(
        &mut self,
        request: Resource<OutgoingRequest>,
        authority: Option<String>,
    ) -> anyhow::Result<Result<(), ()>> {
        let request = self.ctx().table.get_mut(&request)?;
        if authority
            .as_deref()
            .is_some_and(|a| http::uri::Authority::from_str(a).is_err())
        {
            return Ok(Err(()));
        }
        request.authority = authority;
        Ok(Ok(()))
    }

    async fn headers(
        &mut self,
        request: Resource<OutgoingRequest>,
    ) -> anyhow::Result<Resource<Fields>> {
        let table = self.ctx().table;
        let headers = table.get(&request)?.headers.clone();
        table.push(headers)
    }

    async fn drop(&mut self, request: Resource<OutgoingRequest>) -> anyhow::Result<()> {
        self.ctx().table.delete(request)?;
        Ok(())
    }
}

impl<T: WasiHttpView> HostRequestOptions for T {
    async fn new(&mut self) -> anyhow::Result<Resource<RequestOptions>> {
        self.ctx().table.push(RequestOptions::default())
    }

    async fn connect_timeout(
        &mut self,
        options: Resource<RequestOptions>,
    ) -> anyhow::Result<Option<u64>> {
        Ok(nanos(self.ctx().table.get(&options)?.connect_timeout))
    }

    async fn set_connect_timeout(
        &mut self,
        options: Resource<RequestOptions>,
        duration: Option<u64>,
    ) -> anyhow::Result<Result<(), ()>> {
        self.ctx().table.get_mut(&options)?.connect_timeout = duration.map(Duration::from_nanos);
        Ok(Ok(()))
    }

    async fn first_byte_timeout(
        &mut self,
        options: Resource<RequestOptions>,
    ) -> anyhow::Result<Option<u64>> {
        Ok(nanos(self.ctx().table.get(&options)?.first_byte_timeout))
    }

    async fn set_first_byte_timeout(
        &mut self,
        options: Resource<RequestOptions>,
        duration: Option<u64>,
    ) -> anyhow::Result<Result<(), ()>> {
        self.ctx().table.get_mut(&options)?.first_byte_timeout = duration.map(Duration::from_nanos);
        Ok(Ok(()))
    }

    async fn between_bytes_timeout(
        &mut self,
        options: Resource<RequestOptions>,
    ) -> anyhow::Result<Option<u64>> {
        Ok(nanos(self.ctx().table.get(&options)?.between_bytes_timeout))
    }

    async fn set_between_bytes_timeout(
        &mut self,
        options: Resource<RequestOptions>,
        duration: Option<u64>,
    ) -> anyhow::Result<Result<(), ()>> {
        self.ctx().table.get_mut(&options)?.between_bytes_timeout =
            duration.map(Duration::from_nanos);
        Ok(Ok(()))
    }

    async fn drop(&mut self, options: Resource<RequestOptions>) -> anyhow::Result<()> {
        self.ctx().table.delete(options)?;
        Ok(())
    }
}

impl<T: WasiHttpView> HostIncomingRequest for T {
    async fn method(&mut self, request: Resource<IncomingRequest>) -> anyhow::Result<Method> {
        Ok(to_wit_method(&self.ctx().table.get(&request)?.method))
    }

    async fn path_with_query(
        &mut self,
        request: Resource<IncomingRequest>,
    ) -> anyhow::Result<Option<String>> {
        Ok(self.ctx().table.get(&request)?.path_with_query.clone())
    }

    async fn scheme(
        &mut self,
        request: Resource<IncomingRequest>,
    ) -> anyhow::Result<Option<Scheme>> {
        Ok(Some(self.ctx().table.get(&request)?.scheme.clone()))
    }

    async fn authority(
        &mut self,
        request: Resource<IncomingRequest>,
    ) -> anyhow::Result<Option<String>> {
        Ok(Some(self.ctx().table.get(&request)?.authority.clone()))
    }

    async fn headers(
        &mut self,
        request: Resource<IncomingRequest>,
    ) -> anyhow::Result<Resource<Fields>> {
        let table = self.ctx().table;
        let headers = table.get(&request)?.headers.clone();
        table.push(headers)
    }

    async fn consume(
        &mut self,
        request: Resource<IncomingRequest>,
    ) -> anyhow::Result<Result<Resource<IncomingBody>, ()>> {
        let table = self.ctx().table;
        match table.get_mut(&request)?.body.take() {
            Some(body) => Ok(Ok(table.push(body)?)),
            None => Ok(Err(())),
        }
    }

    async fn drop(&mut self, request: Resource<IncomingRequest>) -> anyhow::Result<()> {
        self.ctx().table.delete(request)?;
        Ok(())
    }
}
