//! The code `bindgen!` generates from the WASI 0.2 WIT in `wit/`: one
//! module per interface (`wasi::io::streams`, ...), each with its types,
//! its `Host` traits and its `add_to_linker`.
//!
//! Every resource maps to the host's own type (the `with` keys), so that a
//! `Resource<T>` handle finds its value in the [`ResourceTable`]; the error
//! types that carry host errors are trappable (`trappable_error_type`).
//! The host traits are async and implemented, once, for every
//! [`WasiView`](crate::WasiView) in the modules named after the interfaces.
//!
//! [`ResourceTable`]: hoist_runtime::component::ResourceTable

hoist_macros::bindgen!({
    world: "hoist:wasi/host",
    path: "wit",
    async: true,
    trappable_error_type: {
        "wasi:io/streams/stream-error" => crate::io::StreamError,
        "wasi:sockets/network/error-code" => crate::sockets::SocketError,
        "wasi:filesystem/types/error-code" => crate::filesystem::FsError,
    },
    with: {
        "wasi:io/error/error": crate::io::IoError,
        "wasi:io/poll/pollable": crate::io::Pollable,
        "wasi:io/streams/input-stream": crate::io::DynInputStream,
        "wasi:io/streams/output-stream": crate::io::DynOutputStream,
        "wasi:cli/terminal-input/terminal-input": crate::cli::TerminalInput,
        "wasi:cli/terminal-output/terminal-output": crate::cli::TerminalOutput,
        "wasi:sockets/network/network": crate::sockets::Network,
        "wasi:sockets/tcp/tcp-socket": crate::sockets::TcpSocket,
        "wasi:sockets/udp/udp-socket": crate::sockets::UdpSocket,
        "wasi:sockets/udp/incoming-datagram-stream": crate::sockets::IncomingDatagramStream,
        "wasi:sockets/udp/outgoing-datagram-stream": crate::sockets::OutgoingDatagramStream,
        "wasi:sockets/ip-name-lookup/resolve-address-stream": crate::sockets::ResolveAddressStream,
        "wasi:filesystem/types/descriptor": crate::filesystem::Descriptor,
        "wasi:filesystem/types/directory-entry-stream": crate::filesystem::ReaddirIterator,
    },
});
