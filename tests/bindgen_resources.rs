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
        with: { "test:res/counters/counter": crate::mapped::MyCounter },
    });
}

use test::res::counters::{Counter, Host, HostCounter};

const GUEST: &str = r#"(component
  (import "test:res/counters" (instance $counters
    (export "counter" (type (sub resource)))
    (export "[constructor]counter" (func (param "start" u32) (result (own 0))))
    (export "[method]counter.get" (func (param "self" (borrow 0)) (result u32)))
    (export "[method]counter.bump" (func (param "self" (borrow 0)) (param "by" u32)))
    (export "sum" (func (param "a" (borrow 0)) (param "b" (borrow 0)) (result u32)))))
  (alias export $counters "counter" (type $counter))
  (core func $ctor (canon lower (func $counters "[constructor]counter")))
  (core func $get (canon lower (func $counters "[method]counter.get")))
  (core func $bump (canon lower (func $counters "[method]counter.bump")))
  (core func $sum (canon lower (func $counters "sum")))
  (core func $drop (canon resource.drop $counter))
  (core module $cm
    (import "" "ctor" (func $ctor (param i32) (result i32)))
    (import "" "get" (func $get (param i32) (result i32)))
    (import "" "bump" (func $bump (param i32 i32)))
    (import "" "sum" (func $sum (param i32 i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (func (export "run") (param i32) (result i32)
      (local $c i32) (local $r i32)
      local.get 0 call $ctor local.set $c
      local.get $c i32.const 5 call $bump
      local.get $c call $get
      local.get $c local.get $c call $sum
      i32.add local.set $r
      local.get $c call $drop
      local.get $r))
  (core instance $ci (instantiate $cm (with "" (instance
    (export "ctor" (func $ctor)) (export "get" (func $get)) (export "bump" (func $bump))
    (export "sum" (func $sum)) (export "drop" (func $drop))))))
  (func (export "run") (param "start" u32) (result u32) (canon lift (core func $ci "run")))

  (type $thing (resource (rep i32)))
  (export $thing' "thing" (type $thing))
  (core func $new (canon resource.new $thing))
  (core module $tm
    (import "" "new" (func $new (param i32) (result i32)))
    (func (export "ctor") (param i32) (result i32) local.get 0 call $new)
    (func (export "value") (param i32) (result i32) local.get 0)
    (func (export "make-twice") (param i32) (result i32)
      local.get 0 i32.const 2 i32.mul call $new))
  (core instance $ti (instantiate $tm (with "" (instance (export "new" (func $new))))))
  (func $thing-ctor (param "v" u32) (result (own $thing')) (canon lift (core func $ti "ctor")))
  (func $thing-value (param "self" (borrow $thing')) (result u32) (canon lift (core func $ti "value")))
  (func $make-twice (param "v" u32) (result (own $thing')) (canon lift (core func $ti "make-twice")))
  ;; A nested component gives the exported instance's functions types that
  ;; name its own `thing` export (as the component model requires).
  (component $shim
    (import "import-type-thing" (type $t (sub resource)))
    (import "import-ctor" (func $c (param "v" u32) (result (own $t))))
    (import "import-value" (func $v (param "self" (borrow $t)) (result u32)))
    (import "import-twice" (func $tw (param "v" u32) (result (own $t))))
    (export $te "thing" (type $t))
    (export "[constructor]thing" (func $c) (func (param "v" u32) (result (own $te))))
    (export "[method]thing.value" (func $v) (func (param "self" (borrow $te)) (result u32)))
    (export "make-twice" (func $tw) (func (param "v" u32) (result (own $te)))))
  (instance $things (instantiate $shim
    (with "import-type-thing" (type $thing'))
    (with "import-ctor" (func $thing-ctor))
    (with "import-value" (func $thing-value))
    (with "import-twice" (func $make-twice))))
  (export "test:res/things" (instance $things)))"#;

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
