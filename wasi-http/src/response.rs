//! Responses: `future-incoming-response` (a sent request's response to
//! come), `incoming-response` (its status, immutable headers, a body
//! consumed once), and the serving side's `outgoing-response` and
//! `response-outparam`.

use std::sync::{Arc, Mutex, MutexGuard};

use hoist_runtime::component::Resource;
use hoist_wasi::io::{Pollable, Subscribe};
use hoist_wasi::runtime::BoxFuture;
use http_body_util::BodyExt;
use tokio::sync::{oneshot, Notify};

use crate::bindings::wasi::http::types::{
    HostFutureIncomingResponse, HostIncomingResponse, HostOutgoingResponse, HostResponseOutparam,
};
use crate::body::{BodyKind, IncomingBody, OutgoingBody, OutgoingBodyReceiver};
use crate::error::internal_error;
use crate::{
    ErrorCode, Fields, HyperIncomingBody, HyperOutgoingBody, SendRequestFuture, WasiHttpView,
};

/// The host value behind a guest's `incoming-response` handle.
#[derive(Debug)]
pub struct IncomingResponse {
    status: u16,
    /// Immutable.
    headers: Fields,
    body: Option<IncomingBody>,
}

/// What a sent request gives, once it has.
type Outcome = Result<http::Response<HyperIncomingBody>, ErrorCode>;

enum SlotState {
    Pending,
    Ready(Outcome),
    Taken,
}

/// Where the task sending a request leaves its outcome.
struct Slot {
    state: Mutex<SlotState>,
    ready: Notify,
}

impl Slot {
    fn lock(&self) -> MutexGuard<'_, SlotState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Leaves `outcome`, unless one is there.
    fn set(&self, outcome: Outcome) {
        let mut state = self.lock();
        if matches!(*state, SlotState::Pending) {
            *state = SlotState::Ready(outcome);
        }
        drop(state);
        self.ready.notify_waiters();
    }
}

/// Leaves an error in the slot if the task ends without an outcome (it
/// panicked, or its runtime shut down).
struct SlotGuard(Arc<Slot>);

impl Drop for SlotGuard {
    fn drop(&mut self) {
        self.0.set(Err(internal_error(
            "the task sending the request ended without a response",
        )));
    }
}

/// Aborts a task when dropped.
#[derive(Debug)]
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The host value behind a guest's `future-incoming-response` handle: a
/// request being sent by a task of its own, which dropping the handle
/// cancels.
pub struct FutureIncomingResponse {
    slot: Arc<Slot>,
    _task: AbortOnDrop,
}

impl std::fmt::Debug for FutureIncomingResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FutureIncomingResponse")
            .finish_non_exhaustive()
    }
}

impl FutureIncomingResponse {
    /// Runs `future` on hoist-wasi's Tokio runtime; its outcome is what
    /// the guest gets.
    pub(crate) fn spawn(future: SendRequestFuture) -> FutureIncomingResponse {
        let slot = Arc::new(Slot {
            state: Mutex::new(SlotState::Pending),
            ready: Notify::new(),
        });
        let guard = SlotGuard(slot.clone());
        let task = hoist_wasi::runtime::handle().spawn(async move {
            let outcome = future.await;
            guard.0.set(outcome);
        });
        FutureIncomingResponse {
            slot,
            _task: AbortOnDrop(task.abort_handle()),
        }
    }
}

impl Subscribe for FutureIncomingResponse {
    fn ready(&mut self) -> BoxFuture<'static, ()> {
        let slot = self.slot.clone();
        Box::pin(async move {
            loop {
                let notified = slot.ready.notified();
                if !matches!(*slot.lock(), SlotState::Pending) {
                    return;
                }
                notified.await;
            }
        })
    }
}

impl<T: WasiHttpView> HostFutureIncomingResponse for T {
    async fn subscribe(
        &mut self,
        future: Resource<FutureIncomingResponse>,
    ) -> anyhow::Result<Resource<Pollable>> {
        hoist_wasi::io::subscribe(self.ctx().table, &future)
    }

    async fn get(
        &mut self,
        future: Resource<FutureIncomingResponse>,
    ) -> anyhow::Result<Option<Result<Result<Resource<IncomingResponse>, ErrorCode>, ()>>> {
        let outcome = {
            let slot = self.ctx().table.get(&future)?.slot.clone();
            let mut state = slot.lock();
            match std::mem::replace(&mut *state, SlotState::Taken) {
                SlotState::Pending => {
                    *state = SlotState::Pending;
                    return Ok(None);
                }
                SlotState::Taken => return Ok(Some(Err(()))),
                SlotState::Ready(outcome) => outcome,
            }
        };
        let response = match outcome {
            Ok(response) => response,
            Err(code) => return Ok(Some(Ok(Err(code)))),
        };
        let (parts, body) = response.into_parts();
        let hooks = &self.http_ctx().hooks;
        let headers =
            Fields::from_header_map(&parts.headers, |name| hooks.is_forbidden_header(name));
        let response = IncomingResponse {
            status: parts.status.as_u16(),
            headers,
            body: Some(IncomingBody::new(body)),
        };
        Ok(Some(Ok(Ok(self.ctx().table.push(response)?))))
    }

    async fn drop(&mut self, future: Resource<FutureIncomingResponse>) -> anyhow::Result<()> {
        self.ctx().table.delete(future)?;
        Ok(())
    }
}

impl<T: WasiHttpView> HostIncomingResponse for T {
    async fn status(&mut self, response: Resource<IncomingResponse>) -> anyhow::Result<u16> {
        Ok(self.ctx().table.get(&response)?.status)
    }

    async fn headers(
        &mut self,
        response: Resource<IncomingResponse>,
    ) -> anyhow::Result<Resource<Fields>> {
        let table = self.ctx().table;
        let headers = table.get(&response)?.headers.clone();
        table.push(headers)
    }

    async fn consume(
        &mut self,
        response: Resource<IncomingResponse>,
    ) -> anyhow::Result<Result<Resource<IncomingBody>, ()>> {
        let table = self.ctx().table;
        match table.get_mut(&response)?.body.take() {
            Some(body) => Ok(Ok(table.push(body)?)),
            None => Ok(Err(())),
        }
    }

    async fn drop(&mut self, response: Resource<IncomingResponse>) -> anyhow::Result<()> {
        self.ctx().table.delete(response)?;
        Ok(())
    }
}

/// The host value behind a guest's `outgoing-response` handle: the
/// response a guest serving HTTP builds.
#[derive(Debug)]
pub struct OutgoingResponse {
    status: http::StatusCode,
    /// Immutable.
    headers: Fields,
    body: Option<OutgoingBodyReceiver>,
    body_taken: bool,
}

impl OutgoingResponse {
    /// The response as `hyper` sends it.
    pub fn into_http(self) -> Result<http::Response<HyperOutgoingBody>, http::Error> {
        let mut response = http::Response::builder().status(self.status);
        if let Some(headers) = response.headers_mut() {
            *headers = self.headers.to_header_map()?;
        }
        response.body(match self.body {
            Some(body) => body.boxed_unsync(),
            None => http_body_util::Empty::new()
                .map_err(|never| match never {})
                .boxed_unsync(),
        })
    }
}

/// Where a guest serving HTTP puts its response (or error): the host
/// value behind a `response-outparam` handle.
#[derive(Debug)]
pub struct ResponseOutparam {
    sender: oneshot::Sender<Result<http::Response<HyperOutgoingBody>, ErrorCode>>,
}

impl ResponseOutparam {
    /// An outparam whose response arrives at `sender`'s receiver.
    pub fn new(
        sender: oneshot::Sender<Result<http::Response<HyperOutgoingBody>, ErrorCode>>,
    ) -> ResponseOutparam {
        ResponseOutparam { sender }
    }
}

impl<T: WasiHttpView> HostOutgoingResponse for T {
    async fn new(
        &mut self,
        headers: Resource<Fields>,
    ) -> anyhow::Result<Resource<OutgoingResponse>> {
        let table = self.ctx().table;
        let mut headers = table.delete(headers)?;
        headers.freeze();
        table.push(OutgoingResponse {
            status: http::StatusCode::OK,
            headers,
            body: None,
            body_taken: false,
        })
    }

    async fn status_code(&mut self, response: Resource<OutgoingResponse>) -> anyhow::Result<u16> {
        Ok(self.ctx().table.get(&response)?.status.as_u16())
    }

    async fn set_status_code(
        &mut self,
        response: Resource<OutgoingResponse>,
        status: u16,
    ) -> anyhow::Result<Result<(), ()>> {
        let response = self.ctx().table.get_mut(&response)?;
        match http::StatusCode::from_u16(status) {
            Ok(status) => {
                response.status = status;
                Ok(Ok(()))
            }
            Err(_) => Ok(Err(())),
        }
    }

    async fn headers(
        &mut self,
        response: Resource<OutgoingResponse>,
    ) -> anyhow::Result<Resource<Fields>> {
        let table = self.ctx().table;
        let headers = table.get(&response)?.headers.clone();
        table.push(headers)
    }

    async fn body(
        &mut self,
        response: Resource<OutgoingResponse>,
    ) -> anyhow::Result<Result<Resource<OutgoingBody>, ()>> {
        let handle_returned = self.http_ctx().handle_returned.clone();
        let table = self.ctx().table;
        let response = table.get_mut(&response)?;
        if response.body_taken {
            return Ok(Err(()));
        }
        let Ok(content_length) = response.headers.content_length() else {
            return Ok(Err(()));
        };
        let (mut body, receiver) = OutgoingBody::new(BodyKind::Response, content_length);
        body.end_when_handle_returns(handle_returned);
        response.body_taken = true;
        response.body = Some(receiver);
        Ok(Ok(table.push(body)?))
    }

    async fn drop(&mut self, response: Resource<OutgoingResponse>) -> anyhow::Result<()> {
        self.ctx().table.delete(response)?;
        Ok(())
    }
}

impl<T: WasiHttpView> HostResponseOutparam for T {
    async fn set(
        &mut self,
        param: Resource<ResponseOutparam>,
        response: Result<Resource<OutgoingResponse>, ErrorCode>,
    ) -> anyhow::Result<()> {
        let table = self.ctx().table;
        let response = match response {
            Ok(response) => Ok(table.delete(response)?.into_http()?),
            Err(code) => Err(code),
        };
        let param = table.delete(param)?;
        // The receiver is gone when the host stopped waiting.
        let _ = param.sender.send(response);
        Ok(())
    }

    async fn drop(&mut self, param: Resource<ResponseOutparam>) -> anyhow::Result<()> {
        self.ctx().table.delete(param)?;
        Ok(())
    }
}
