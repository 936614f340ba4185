//! A host for a component written against a WIT world, through the typed
//! bindings `hoist::bindgen!` generates from that world.
//!
//! The guest is `tests/guests/errors.wasm` (world `hoist:errors/errors` in
//! `tests/guests/errors/wit/errors.wit`): it imports a key-value `store`
//! and exports a `client` that calls the store and describes what it got.
//! This host implements the store with a `HashMap`. Its `get` returns a
//! Rust error type of its own, registered with `trappable_error_type`: the
//! generated `convert_error` decides which errors the guest sees as WIT
//! `error` values and which ones fail the call.
//!
//! Run with `cargo run --example bindgen`.

use std::collections::HashMap;

use hoist::component::{Component, Linker};
use hoist::{Engine, Store};

// The generated bindings go in a module of their own: the package
// `hoist:errors` becomes a module `hoist::errors`, which would shadow the
// `hoist` crate at the root of this file.
mod bindings {
    ::hoist::bindgen!({
        world: "errors",
        path: "tests/guests/errors/wit",
        // `store.get` returns `result<string, error>`: the host method
        // returns `Result<String, StoreError>` instead.
        trappable_error_type: { "hoist:errors/store/error" => crate::StoreError },
    });
}

use bindings::hoist::errors::store::{self, Error, Failure};
use bindings::Errors;

/// What can go wrong in the host's `get`.
#[derive(Debug)]
pub enum StoreError {
    /// No value under the key: the guest gets `error.not-found`.
    NotFound,
    /// The key is private: the guest gets `error.denied`.
    Denied,
    /// The disk failed: no WIT value says so, the guest traps.
    Disk(std::io::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::NotFound => f.write_str("not found"),
            StoreError::Denied => f.write_str("denied"),
            StoreError::Disk(e) => write!(f, "disk error: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// The store data: the host's side of `hoist:errors/store`.
#[derive(Default)]
struct KeyValueStore {
    values: HashMap<String, String>,
}

impl store::Host for KeyValueStore {
    fn get(&mut self, key: String) -> Result<String, StoreError> {
        match key.as_str() {
            "password" => Err(StoreError::Denied),
            "broken" => Err(StoreError::Disk(std::io::Error::other("bad sector"))),
            _ => self.values.get(&key).cloned().ok_or(StoreError::NotFound),
        }
    }

    fn put(&mut self, key: String, value: String) -> anyhow::Result<Result<(), Failure>> {
        if key.is_empty() {
            // A WIT error value, returned to the guest.
            return Ok(Err(Failure::Message("empty key".to_string())));
        }
        self.values.insert(key, value);
        Ok(Ok(()))
    }

    fn convert_error(&mut self, err: StoreError) -> anyhow::Result<Error> {
        match err {
            StoreError::NotFound => Ok(Error::NotFound),
            StoreError::Denied => Ok(Error::Denied),
            // `Err` traps the guest: the export call fails with this error.
            disk @ StoreError::Disk(_) => Err(disk.into()),
        }
    }
}

fn main() -> anyhow::Result<()> {
    let engine = Engine::default();
    let component = Component::from_file(
        &engine,
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/guests/errors.wasm"),
    )?;

    // Link every import of the world to the `KeyValueStore` in the store.
    let mut linker = Linker::<KeyValueStore>::new(&engine);
    Errors::add_to_linker(&mut linker, |host: &mut KeyValueStore| host)?;

    let mut store = Store::new(&engine, KeyValueStore::default());
    let (errors, _instance) = Errors::instantiate(&mut store, &component, &linker)?;
    let client = errors.hoist_errors_client();

    for (key, value) in [("fruit", "apple"), ("", "nothing")] {
        let report = client.call_save(&mut store, key.to_string(), value.to_string())?;
        println!("save({key:?}, {value:?}) -> {report}");
    }
    for key in ["fruit", "vegetable", "password"] {
        let report = client.call_fetch(&mut store, key.to_string())?;
        println!("fetch({key:?}) -> {report}");
    }
    println!(
        "the guest made {} store calls",
        client.call_calls(&mut store)?
    );

    // A host failure traps the guest: the call returns the host's error,
    // and the instance may not be entered again.
    let failure = client
        .call_fetch(&mut store, "broken".to_string())
        .unwrap_err();
    println!("fetch(\"broken\") failed: {failure:#}");
    let after = client.call_calls(&mut store).unwrap_err();
    println!("then calls() failed: {after:#}");
    Ok(())
}
