//! Runs a WASI command from Rust: `cargo run --example wasi [ARGS...]`.
//! The guest, examples/wasi-hello.wasm, is a WASI preview1 module built
//! from wasi-hello.c (tests/wasi/build.sh); it is adapted into a component
//! first. A component file would be used as it is.

use hoist::component::{Component, Linker};
use hoist::wasi::{preview1, I32Exit, WasiCtx, WasiState};
use hoist::{Engine, Store};

fn main() -> anyhow::Result<()> {
    let mut bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/wasi-hello.wasm"
    ))?;
    if preview1::is_preview1_module(&bytes) {
        bytes = preview1::adapt(&bytes, preview1::kind_of(&bytes))?;
    }
    let engine = Engine::default();
    let component = Component::new(&engine, &bytes)?;
    let mut linker = Linker::<WasiState>::new(&engine);
    hoist::wasi::add_to_linker_sync(&mut linker)?;
    let ctx = WasiCtx::builder()
        .inherit_stdio()
        .arg("wasi-hello.wasm")
        .args(std::env::args().skip(1))
        .env("GREETING", "hello from the host")
        .build();
    let mut store = Store::new(&engine, WasiState::new(ctx));
    let (command, _) = hoist::wasi::sync::Command::instantiate(&mut store, &component, &linker)?;
    let code = match command.wasi_cli_run().call_run(&mut store) {
        Ok(Ok(())) => 0,
        Ok(Err(())) => 1,
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(I32Exit(code)) => *code,
            None => return Err(e),
        },
    };
    std::process::exit(code)
}
