//! `wasi:http/outgoing-handler.handle`: turns a guest's
//! `outgoing-request` into an `http::Request`, hands it to the
//! embedder's [`WasiHttpHooks::send_request`](crate::WasiHttpHooks),
//! and gives the guest a `future-incoming-response` of the outcome. With
//! `wasi:http/types`' free function, `http-error-code`.

use hoist_runtime::component::Resource;
use hoist_wasi::io::IoError;
use http_body_util::BodyExt;

use crate::bindings::wasi::http::outgoing_handler;
use crate::bindings::wasi::http::types::{self as wit, Scheme};
use crate::error::{error_code_of, internal_error};
use crate::request::from_wit_method;
use crate::{
    ErrorCode, FutureIncomingResponse, HttpError, OutgoingRequest, OutgoingRequestConfig,
    RequestOptions, WasiHttpView,
};

/// The `http::Request` of a guest's request, with the absolute URI and
/// `host` header, and how to send it.
fn to_http(
    request: OutgoingRequest,
    options: Option<RequestOptions>,
) -> Result<
    (
        http::Request<crate::HyperOutgoingBody>,
        OutgoingRequestConfig,
    ),
    ErrorCode,
> {
    let content_length = request
        .headers
        .content_length()
        .map_err(|()| internal_error("the request's content-length is invalid"))?;
    if request.body.is_none() && content_length.is_some_and(|n| n != 0) {
        // Nothing can be written: the body cannot have that size.
        return Err(ErrorCode::HttpRequestBodySize(Some(0)));
    }
    let method = from_wit_method(&request.method).ok_or(ErrorCode::HttpRequestMethodInvalid)?;
    let scheme = match request.scheme {
        // Wasmtime's default, so that a guest relying on it is not sent
        // in clear text where it would be encrypted there.
        None | Some(Scheme::Https) => http::uri::Scheme::HTTPS,
        Some(Scheme::Http) => http::uri::Scheme::HTTP,
        Some(Scheme::Other(_)) => return Err(ErrorCode::HttpProtocolError),
    };
    let authority = request.authority.ok_or(ErrorCode::HttpRequestUriInvalid)?;
    // An empty path is `/`; a query alone is the root's.
    let path = match request.path_with_query.as_deref().unwrap_or("") {
        "" => "/".to_owned(),
        query if query.starts_with('?') => format!("/{query}"),
        path => path.to_owned(),
    };
    let uri = http::Uri::builder()
        .scheme(scheme.clone())
        .authority(authority.as_str())
        .path_and_query(path)
        .build()
        .map_err(|_| ErrorCode::HttpRequestUriInvalid)?;
    let mut headers = request
        .headers
        .to_header_map()
        .map_err(|e| internal_error(format!("the request's headers: {e}")))?;
    let host =
        http::HeaderValue::from_str(&authority).map_err(|_| ErrorCode::HttpRequestUriInvalid)?;
    headers.insert(http::header::HOST, host);
    let body = match request.body {
        Some(body) => body.boxed_unsync(),
        None => http_body_util::Empty::new()
            .map_err(|never| match never {})
            .boxed_unsync(),
    };
    let mut http_request = http::Request::new(body);
    *http_request.method_mut() = method;
    *http_request.uri_mut() = uri;
    *http_request.headers_mut() = headers;
    let options = options.unwrap_or_default();
    let default = OutgoingRequestConfig::DEFAULT_TIMEOUT;
    let config = OutgoingRequestConfig {
        use_tls: scheme == http::uri::Scheme::HTTPS,
        connect_timeout: options.connect_timeout.unwrap_or(default),
        first_byte_timeout: options.first_byte_timeout.unwrap_or(default),
        between_bytes_timeout: options.between_bytes_timeout.unwrap_or(default),
    };
    Ok((http_request, config))
}

impl<T: WasiHttpView> outgoing_handler::Host for T {
    async fn handle(
        &mut self,
        request: Resource<OutgoingRequest>,
        options: Option<Resource<RequestOptions>>,
    ) -> Result<Resource<FutureIncomingResponse>, HttpError> {
        let table = self.ctx().table;
        let options = match options {
            // Owned: the guest gives the options up.
            Some(options) => Some(table.delete(options)?),
            None => None,
        };
        let request = table.delete(request)?;
        let (request, config) = to_http(request, options)?;
        let future = self.http_ctx().hooks.send_request(request, config)?;
        Ok(self
            .ctx()
            .table
            .push(FutureIncomingResponse::spawn(future))?)
    }

    fn convert_error_code(&mut self, err: HttpError) -> anyhow::Result<ErrorCode> {
        match err {
            HttpError::Code(code) => Ok(code),
            HttpError::Trap(e) => Err(e),
        }
    }
}

impl<T: WasiHttpView> wit::Host for T {
    async fn http_error_code(
        &mut self,
        err: Resource<IoError>,
    ) -> anyhow::Result<Option<ErrorCode>> {
        Ok(error_code_of(&self.ctx().table.get(&err)?.0))
    }
}
