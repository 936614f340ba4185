//! What the tests of the serving side share (hoist-wasi-http's
//! `tests/proxy.rs` and hoist-cli's `tests/serve.rs`, which include this
//! file by path): the test guest made a component ([`proxy_component`]:
//! the core module `tests/guests/proxy.wat` made a component of world
//! `wasi:http/proxy@0.2.12` by `component.rs`); a large request body made
//! as it is sent ([`Counting`]); a body with trailers ([`WithTrailers`]);
//! a time limit ([`bounded`]).

use std::convert::Infallible;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use hoist::wasi::http::bytes::Bytes;
use hoist::wasi::http::http_body::{Body, Frame};

#[path = "component.rs"]
mod component;

/// The bytes of the proxy test component (see `tests/guests/proxy.wat`
/// for what it answers).
pub fn proxy_component() -> Vec<u8> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = crate_dir.parent().expect("the crate is in the workspace");
    component::proxy_component(root, &root.join("wasi-http/tests/guests/proxy.wat"))
        .expect("making the proxy test component")
}

/// A body of `total` bytes, each its offset's low byte, in frames of
/// `frame` bytes made as they are polled.
pub struct Counting {
    /// How many bytes were sent.
    pub sent: usize,
    /// How many bytes the body has.
    pub total: usize,
    /// The size of a frame.
    pub frame: usize,
}

impl Body for Counting {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let start = self.sent;
        let end = self.total.min(start + self.frame);
        if start == end {
            return Poll::Ready(None);
        }
        self.sent = end;
        let frame: Vec<u8> = (start..end).map(|n| n as u8).collect();
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(frame)))))
    }
}

/// A body of one chunk of data, then trailers.
#[allow(
    dead_code,
    reason = "not every test crate including this file sends trailers"
)]
pub struct WithTrailers {
    /// The data, until sent.
    pub data: Option<Bytes>,
    /// The trailers, until sent.
    pub trailers: Option<hoist::wasi::http::http::HeaderMap>,
}

impl Body for WithTrailers {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if let Some(data) = self.data.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        Poll::Ready(self.trailers.take().map(|t| Ok(Frame::trailers(t))))
    }
}

/// `future`, failing the test after 30 seconds.
pub async fn bounded<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(30), future)
        .await
        .expect("did not finish within 30 seconds")
}
