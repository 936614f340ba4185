//! `bindgen!({ tracing: true })` emits what it promises: a span per export
//! call and per host call (named after the interface and function), with
//! the arguments and the result as `trace` events inside them. Checked with
//! a small recording subscriber on the committed `errors` guest, whose
//! `client.fetch` export calls the host's `store.get`.

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use hoist::component::{Component, Linker};
use hoist::tracing::field::{Field, Visit};
use hoist::tracing::span::{Attributes, Id, Record};
use hoist::tracing::{Event, Metadata, Subscriber};
use hoist::{Engine, Store};

mod bindings {
    ::hoist::bindgen!({
        world: "errors",
        path: "tests/guests/errors/wit",
        tracing: true,
    });
}

use bindings::hoist::errors::store::{self, Error, Failure};
use bindings::Errors;

/// `field = Debug` pairs of a span or an event.
#[derive(Default)]
struct Fields(Vec<(String, String)>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0
            .push((field.name().to_string(), format!("{value:?}")));
    }
}

impl Fields {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A recorded span: its name, fields and parent span (by index).
struct SpanRec {
    name: &'static str,
    fields: Fields,
    parent: Option<usize>,
}

/// A recorded event: its fields (with `message`) and the span it is in.
struct EventRec {
    fields: Fields,
    span: Option<usize>,
}

#[derive(Default)]
struct Log {
    spans: Vec<SpanRec>,
    events: Vec<EventRec>,
    /// The entered spans, innermost last.
    stack: Vec<usize>,
}

/// Records every span and event, at every level.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Log>>);

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let mut log = self.0.lock().unwrap();
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let parent = match attrs.parent() {
            Some(id) => Some(id.into_u64() as usize - 1),
            None if attrs.is_contextual() => log.stack.last().copied(),
            None => None,
        };
        log.spans.push(SpanRec {
            name: attrs.metadata().name(),
            fields,
            parent,
        });
        Id::from_u64(log.spans.len() as u64)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut log = self.0.lock().unwrap();
        let mut fields = Fields::default();
        event.record(&mut fields);
        let span = match event.parent() {
            Some(id) => Some(id.into_u64() as usize - 1),
            None if event.is_contextual() => log.stack.last().copied(),
            None => None,
        };
        log.events.push(EventRec { fields, span });
    }

    fn enter(&self, id: &Id) {
        self.0
            .lock()
            .unwrap()
            .stack
            .push(id.into_u64() as usize - 1);
    }

    fn exit(&self, _: &Id) {
        self.0.lock().unwrap().stack.pop();
    }
}

/// The host: a fixed map.
struct Host(HashMap<String, String>);

impl store::Host for Host {
    fn get(&mut self, key: String) -> anyhow::Result<Result<String, Error>> {
        Ok(self.0.get(&key).cloned().ok_or(Error::NotFound))
    }

    fn put(&mut self, key: String, value: String) -> anyhow::Result<Result<(), Failure>> {
        self.0.insert(key, value);
        Ok(Ok(()))
    }
}

#[test]
fn export_and_host_calls_get_spans_with_arguments_and_results() {
    let recorder = Recorder::default();
    let report = hoist::tracing::subscriber::with_default(recorder.clone(), || {
        let engine = Engine::default();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/guests/errors.wasm");
        let component = Component::from_file(&engine, path).unwrap();
        let mut linker = Linker::<Host>::new(&engine);
        Errors::add_to_linker(&mut linker, |h: &mut Host| h).unwrap();
        let host = Host(HashMap::from([("fruit".to_string(), "apple".to_string())]));
        let mut store = Store::new(&engine, host);
        let (errors, _) = Errors::instantiate(&mut store, &component, &linker).unwrap();
        errors
            .hoist_errors_client()
            .call_fetch(&mut store, "fruit".to_string())
            .unwrap()
    });
    assert_eq!(report, "ok: apple");

    let log = recorder.0.lock().unwrap();
    let find = |name: &str, function: &str| {
        log.spans
            .iter()
            .position(|s| {
                s.name == name && s.fields.get("function") == Some(&format!("{function:?}"))
            })
            .unwrap_or_else(|| panic!("no span `{name}` for function {function}"))
    };
    let export = find("hoist export call", "fetch");
    let host = find("hoist host call", "get");
    assert_eq!(
        log.spans[export].fields.get("module"),
        Some("\"hoist:errors/client\""),
        "the export span names the interface"
    );
    assert_eq!(
        log.spans[host].fields.get("module"),
        Some("\"hoist:errors/store\""),
        "the host span names the interface"
    );
    assert_eq!(
        log.spans[host].parent,
        Some(export),
        "the host call happens inside the export call"
    );

    let events_in = |span: usize| -> Vec<&Fields> {
        log.events
            .iter()
            .filter(|e| e.span == Some(span))
            .map(|e| &e.fields)
            .collect()
    };
    let export_events = events_in(export);
    assert_eq!(export_events.len(), 2, "a call and a return event");
    assert_eq!(export_events[0].get("message"), Some("call"));
    assert_eq!(export_events[0].get("key"), Some("\"fruit\""));
    assert_eq!(export_events[1].get("message"), Some("return"));
    assert_eq!(export_events[1].get("result"), Some("\"ok: apple\""));

    let host_events = events_in(host);
    assert_eq!(host_events.len(), 2, "a call and a return event");
    assert_eq!(host_events[0].get("key"), Some("\"fruit\""));
    assert_eq!(host_events[1].get("result"), Some("Ok(\"apple\")"));
}
