//! The `bindgen!` options that shape the generated Rust rather than its
//! behaviour, end to end on the committed `errors` guest:
//! `ownership: Borrowing` (export calls take `&str`), `with` (a second
//! invocation reuses the first one's `store` module: its types, `Host`
//! trait and `add_to_linker`), and `additional_derives` (the generated
//! types gain the derives: checked by using them).

use std::collections::{BTreeSet, HashMap};

use hoist::component::{Component, Linker};
use hoist::{Engine, Store};

/// Bindings whose export calls borrow their string arguments, and whose
/// types also derive `PartialOrd`, `Ord` and `Hash`.
mod borrowing {
    ::hoist::bindgen!({
        world: "errors",
        path: "tests/guests/errors/wit",
        ownership: Borrowing { duplicate_if_necessary: true },
        additional_derives: [PartialOrd, Ord, Hash],
    });
}

/// Bindings that take `hoist:errors/store` from `borrowing` instead of
/// generating it again.
mod reusing {
    ::hoist::bindgen!({
        world: "errors",
        path: "tests/guests/errors/wit",
        with: { "hoist:errors/store": crate::bindgen_options::borrowing::hoist::errors::store },
    });
}

use borrowing::hoist::errors::store::{self, Error, Failure};

/// A map-backed store; one implementation serves both bindings.
#[derive(Default)]
struct Host(HashMap<String, String>);

impl store::Host for Host {
    fn get(&mut self, key: String) -> anyhow::Result<Result<String, Error>> {
        Ok(self.0.get(&key).cloned().ok_or(Error::NotFound))
    }

    fn put(&mut self, key: String, value: String) -> anyhow::Result<Result<(), Failure>> {
        if key.is_empty() {
            return Ok(Err(Failure::Timeout(3)));
        }
        self.0.insert(key, value);
        Ok(Ok(()))
    }
}

fn setup() -> (Engine, Component) {
    let engine = Engine::default();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/guests/errors.wasm");
    let component = Component::from_file(&engine, path).unwrap();
    (engine, component)
}

#[test]
fn borrowing_export_calls_take_str() {
    let (engine, component) = setup();
    let mut linker = Linker::<Host>::new(&engine);
    borrowing::Errors::add_to_linker(&mut linker, |h: &mut Host| h).unwrap();
    let mut store = Store::new(&engine, Host::default());
    let (errors, _) = borrowing::Errors::instantiate(&mut store, &component, &linker).unwrap();
    let client = errors.hoist_errors_client();
    let key: &str = "fruit";
    assert_eq!(client.call_save(&mut store, key, "apple").unwrap(), "ok");
    assert_eq!(
        client.call_save(&mut store, "", "x").unwrap(),
        "err: timeout 3"
    );
    assert_eq!(client.call_fetch(&mut store, key).unwrap(), "ok: apple");
    assert_eq!(
        client.call_fetch_raw(&mut store, "pear").unwrap(),
        Err(Error::NotFound)
    );
}

#[test]
fn with_reuses_another_invocation_s_interface() {
    let (engine, component) = setup();
    let mut linker = Linker::<Host>::new(&engine);
    // `reusing`'s world links the import through `borrowing`'s module, so
    // the one `store::Host` implementation serves it.
    reusing::Errors::add_to_linker(&mut linker, |h: &mut Host| h).unwrap();
    let mut store = Store::new(&engine, Host::default());
    let (errors, _) = reusing::Errors::instantiate(&mut store, &component, &linker).unwrap();
    let client = errors.hoist_errors_client();
    // `reusing` has the default ownership: owned arguments.
    let saved: String = client
        .call_save(&mut store, "k".to_string(), "v".to_string())
        .unwrap();
    assert_eq!(saved, "ok");
    // The error type in `reusing`'s client is `borrowing`'s, not a copy.
    let raw: Result<String, Error> = client
        .call_fetch_raw(&mut store, "missing".to_string())
        .unwrap();
    assert_eq!(raw, Err(Error::NotFound));
}

#[test]
fn additional_derives_are_on_the_generated_types() {
    // `Ord` comes from `additional_derives`, and so does `Hash` on the
    // variant (the enum derives it by default; the generator does not
    // derive it twice).
    let errors: BTreeSet<Error> = [Error::Denied, Error::NotFound, Error::Denied]
        .into_iter()
        .collect();
    assert_eq!(
        errors.into_iter().collect::<Vec<_>>(),
        [Error::NotFound, Error::Denied]
    );
    let mut failures = vec![
        Failure::Unknown,
        Failure::Message("b".to_string()),
        Failure::Timeout(2),
        Failure::Message("a".to_string()),
    ];
    failures.sort();
    assert_eq!(
        failures,
        [
            Failure::Timeout(2),
            Failure::Message("a".to_string()),
            Failure::Message("b".to_string()),
            Failure::Unknown,
        ]
    );
    let set: std::collections::HashSet<Failure> = failures.into_iter().collect();
    assert_eq!(set.len(), 4);
}
