//! `bindgen!` with resources, end to end: a component (written by hand in
//! the text format) imports a host resource `counter` through the generated
//! `HostCounter` trait and exports a resource `thing` that the host uses
//! through the generated `GuestThing` view (`thing().call_constructor`,
//! `call_value`) and `ResourceAny` handles.

use hoist::component::{Component, Linker, Resource, ResourceAny};
use hoist::{Engine, Store};

hoist::bindgen!({
    world: "res",
    path: "tests/guests/res/wit",
});

/// The same world with the host's own type for `counter` (a `with` key
/// naming the resource): handles are `Resource<MyCounter>`.
mod mapped {
    pub struct MyCounter;
    hoist::bindgen!({
        world: "res",
        path: "tests/guests/res/wit",
        with: { "test:res/counters/counter": crate::bindgen_resources::mapped::MyCounter },
    });
}

use test::res::counters::{Counter, Host, HostCounter};

const GUEST: &str = include_str!("../guests/res/component.wat");

/// The host's counters: a table of values, and a log of what happened.
#[derive(Default)]
struct Counters {
    values: Vec<Option<u32>>,
    log: Vec<String>,
}

impl Counters {
    fn value(&self, c: &Resource<Counter>) -> anyhow::Result<u32> {
        self.values
            .get(c.rep() as usize)
            .copied()
            .flatten()
            .ok_or_else(|| anyhow::anyhow!("no counter {}", c.rep()))
    }
}

impl HostCounter for Counters {
    fn new(&mut self, start: u32) -> anyhow::Result<Resource<Counter>> {
        self.values.push(Some(start));
        self.log.push(format!("new {start}"));
        Ok(Resource::new_own(self.values.len() as u32 - 1))
    }

    fn get(&mut self, self_: Resource<Counter>) -> anyhow::Result<u32> {
        assert!(!self_.owned(), "methods borrow");
        self.value(&self_)
    }

    fn bump(&mut self, self_: Resource<Counter>, by: u32) -> anyhow::Result<()> {
        let v = self.value(&self_)?;
        self.values[self_.rep() as usize] = Some(v + by);
        Ok(())
    }

    fn drop(&mut self, rep: Resource<Counter>) -> anyhow::Result<()> {
        self.log.push(format!("drop {}", self.value(&rep)?));
        self.values[rep.rep() as usize] = None;
        Ok(())
    }
}

impl Host for Counters {
    fn sum(&mut self, a: Resource<Counter>, b: Resource<Counter>) -> anyhow::Result<u32> {
        Ok(self.value(&a)? + self.value(&b)?)
    }
}

/// A host for the `mapped` bindings: one counter value per rep.
#[derive(Default)]
struct Mapped(Vec<u32>);

impl mapped::test::res::counters::HostCounter for Mapped {
    fn new(&mut self, start: u32) -> anyhow::Result<Resource<mapped::MyCounter>> {
        self.0.push(start);
        Ok(Resource::new_own(self.0.len() as u32 - 1))
    }
    fn get(&mut self, c: Resource<mapped::MyCounter>) -> anyhow::Result<u32> {
        Ok(self.0[c.rep() as usize])
    }
    fn bump(&mut self, c: Resource<mapped::MyCounter>, by: u32) -> anyhow::Result<()> {
        self.0[c.rep() as usize] += by;
        Ok(())
    }
    fn drop(&mut self, _: Resource<mapped::MyCounter>) -> anyhow::Result<()> {
        Ok(())
    }
}

impl mapped::test::res::counters::Host for Mapped {
    fn sum(
        &mut self,
        a: Resource<mapped::MyCounter>,
        b: Resource<mapped::MyCounter>,
    ) -> anyhow::Result<u32> {
        Ok(self.0[a.rep() as usize] + self.0[b.rep() as usize])
    }
}

#[test]
fn a_with_key_gives_a_resource_the_hosts_own_type() {
    let engine = Engine::default();
    let component = Component::new(&engine, GUEST).unwrap();
    let mut linker = Linker::new(&engine);
    mapped::Res::add_to_linker(&mut linker, |m: &mut Mapped| m).unwrap();
    let mut store = Store::new(&engine, Mapped::default());
    let (res, _) = mapped::Res::instantiate(&mut store, &component, &linker).unwrap();
    assert_eq!(res.call_run(&mut store, 1).unwrap(), 18);
}

#[test]
fn generated_resource_bindings_work_both_ways() {
    let engine = Engine::default();
    let component = Component::new(&engine, GUEST).unwrap();
    let mut linker = Linker::new(&engine);
    Res::add_to_linker(&mut linker, |c: &mut Counters| c).unwrap();
    let mut store = Store::new(&engine, Counters::default());
    let (res, _) = Res::instantiate(&mut store, &component, &linker).unwrap();

    // The guest uses the host's counter: (3 + 5) + 2 * (3 + 5).
    assert_eq!(res.call_run(&mut store, 3).unwrap(), 24);
    assert_eq!(store.data().log, ["new 3", "drop 8"]);

    // The host uses the guest's things.
    let things = res.test_res_things();
    let t: ResourceAny = things.thing().call_constructor(&mut store, 7).unwrap();
    assert_eq!(things.thing().call_value(&mut store, t).unwrap(), 7);
    let twice = things.call_make_twice(&mut store, 21).unwrap();
    assert_eq!(things.thing().call_value(&mut store, twice).unwrap(), 42);
    t.resource_drop(&mut store).unwrap();
    twice.resource_drop(&mut store).unwrap();
}
