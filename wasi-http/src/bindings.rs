//! The code `bindgen!` generates from the `wasi:http` 0.2 WIT: the modules
//! `wasi::http::types` and `wasi::http::outgoing_handler`, each with its
//! types, its `Host` traits and its `add_to_linker`.
//!
//! The WASI packages `wasi:http` uses are hoist-wasi's: the WIT is loaded
//! from `../wasi/wit` first, and the `with` keys make `wasi:io` and
//! `wasi:clocks/monotonic-clock` the modules of
//! [`hoist_wasi::bindings`], so a stream or pollable made here is the same
//! host type, in the same table, as one made by hoist-wasi. Every
//! `wasi:http` resource maps to this crate's own type; `error-code` and
//! `header-error` are trappable (host functions return [`HttpError`] and
//! [`HeaderError`]). The host traits are async and implemented, once, for
//! every [`WasiHttpView`](crate::WasiHttpView), in the modules named
//! after the resources (`fields`, `request`, `response`, `body`) and in
//! `handler`.
//!
//! [`HttpError`]: crate::HttpError
//! [`HeaderError`]: crate::HeaderError

hoist_macros::bindgen!({
    world: "hoist:wasi-http/host",
    path: ["../wasi/wit", "wit"],
    async: true,
    trappable_error_type: {
        "wasi:http/types/error-code" => crate::HttpError,
        "wasi:http/types/header-error" => crate::HeaderError,
    },
    with: {
        "wasi:io/error": ::hoist_wasi::bindings::wasi::io::error,
        "wasi:io/poll": ::hoist_wasi::bindings::wasi::io::poll,
        "wasi:io/streams": ::hoist_wasi::bindings::wasi::io::streams,
        "wasi:clocks/monotonic-clock": ::hoist_wasi::bindings::wasi::clocks::monotonic_clock,
        "wasi:http/types/fields": crate::Fields,
        "wasi:http/types/incoming-request": crate::IncomingRequest,
        "wasi:http/types/outgoing-request": crate::OutgoingRequest,
        "wasi:http/types/request-options": crate::RequestOptions,
        "wasi:http/types/response-outparam": crate::ResponseOutparam,
        "wasi:http/types/incoming-response": crate::IncomingResponse,
        "wasi:http/types/incoming-body": crate::IncomingBody,
        "wasi:http/types/future-trailers": crate::FutureTrailers,
        "wasi:http/types/outgoing-response": crate::OutgoingResponse,
        "wasi:http/types/outgoing-body": crate::OutgoingBody,
        "wasi:http/types/future-incoming-response": crate::FutureIncomingResponse,
    },
});
