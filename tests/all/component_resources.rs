//! Resources: types defined by a component and by the host, handles moving
//! between a guest's table and the host (`own` and `borrow`), destructors,
//! and the traps and errors for misused handles.

use hoist::component::{Component, Linker, ResourceAny, ResourceType, Val};
use hoist::{Engine, Store, Trap};

/// A component that defines resource `r` (rep: a u32 the guest chose) with
/// a destructor that counts its calls, and exports functions over it.
const GUEST: &str = r#"(component
  (core module $dtor
    (global $drops (export "drops") (mut i32) (i32.const 0))
    (func (export "dtor") (param i32)
      global.get $drops i32.const 1 i32.add global.set $drops))
  (core instance $d (instantiate $dtor))
  (type $r (resource (rep i32) (dtor (core func $d "dtor"))))
  (export $r' "r" (type $r))
  (core func $new (canon resource.new $r))
  (core func $rep (canon resource.rep $r))
  (core func $drop (canon resource.drop $r))
  (core module $m
    (import "" "new" (func $new (param i32) (result i32)))
    (import "" "rep" (func $rep (param i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (import "" "drops" (global $drops (mut i32)))
    (func (export "make") (param i32) (result i32) local.get 0 call $new)
    (func (export "get") (param i32) (result i32) local.get 0)
    (func (export "consume") (param i32) (result i32)
      (local $v i32)
      local.get 0 call $rep local.set $v
      local.get 0 call $drop
      local.get $v)
    (func (export "keep") (param i32) (result i32) local.get 0)
    (func (export "drop-handle") (param i32) local.get 0 call $drop)
    (func (export "rep-of") (param i32) (result i32) local.get 0 call $rep)
    (func (export "drops") (result i32) global.get $drops))
  (core instance $i (instantiate $m
    (with "" (instance
      (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))
      (export "drops" (global $d "drops"))))))
  (func (export "make") (param "v" u32) (result (own $r')) (canon lift (core func $i "make")))
  (func (export "get") (param "h" (borrow $r')) (result u32) (canon lift (core func $i "get")))
  (func (export "consume") (param "h" (own $r')) (result u32) (canon lift (core func $i "consume")))
  (func (export "drop-handle") (param "h" u32) (canon lift (core func $i "drop-handle")))
  (func (export "rep-of") (param "h" u32) (result u32) (canon lift (core func $i "rep-of")))
  (func (export "drops") (result u32) (canon lift (core func $i "drops"))))"#;

/// A core module and instance that make a handle with the imported
/// function `$make`, read it with `$peek` (a borrow) and drop it, as the
/// export `run`; the arguments name the three core functions to import.
macro_rules! client_core {
    ($make:literal, $peek:literal, $drop:literal) => {
        concat!(
            r#"(core module $m
            (import "" "make" (func $make (param i32) (result i32)))
            (import "" "peek" (func $peek (param i32) (result i32)))
            (import "" "drop" (func $drop (param i32)))
            (func (export "run") (param i32) (result i32)
              (local $h i32) (local $v i32)
              local.get 0 call $make local.set $h
              local.get $h call $peek local.set $v
              local.get $h call $drop
              local.get $v))
          (core instance $i (instantiate $m (with "" (instance
            (export "make" (func "#,
            $make,
            r#")) (export "peek" (func "#,
            $peek,
            r#")) (export "drop" (func "#,
            $drop,
            r#"))))))"#
        )
    };
}

fn call(
    store: &mut Store<()>,
    f: &hoist::component::Func,
    args: &[Val],
) -> anyhow::Result<Vec<Val>> {
    let mut out = vec![Val::Bool(false); f.results(&*store).len()];
    f.call(&mut *store, args, &mut out)?;
    f.post_return(&mut *store)?;
    Ok(out)
}

fn u32_of(v: &Val) -> u32 {
    match v {
        Val::U32(x) => *x,
        other => panic!("expected a u32, found {other:?}"),
    }
}

#[test]
fn guest_resources_move_between_guest_and_host() {
    let engine = Engine::default();
    let component = Component::new(&engine, GUEST).unwrap();
    let linker = Linker::new(&engine);
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let f = |store: &mut Store<()>, name: &str| instance.get_func(&mut *store, name).unwrap();
    let (make, get, consume, drops) = (
        f(&mut store, "make"),
        f(&mut store, "get"),
        f(&mut store, "consume"),
        f(&mut store, "drops"),
    );

    let out = call(&mut store, &make, &[Val::U32(7)]).unwrap();
    let Val::Resource(h) = out[0] else {
        panic!("expected a resource, found {:?}", out[0])
    };
    assert!(h.owned());
    // The type is this instance's `r`, exported under that name.
    let exported = instance.exports(&mut store, None);
    let r_ty = exported.iter().find_map(|(n, e)| match (n.as_str(), e) {
        ("r", hoist::component::Export::Resource(t)) => Some(*t),
        _ => None,
    });
    assert_eq!(r_ty, Some(h.ty()));

    // Lent to the guest that defines the type, a borrow arrives as the rep.
    let out = call(&mut store, &get, &[Val::Resource(h)]).unwrap();
    assert_eq!(u32_of(&out[0]), 7);
    // Passed on as `own`, the guest drops it: the destructor runs once.
    let out = call(&mut store, &consume, &[Val::Resource(h)]).unwrap();
    assert_eq!(u32_of(&out[0]), 7);
    assert_eq!(u32_of(&call(&mut store, &drops, &[]).unwrap()[0]), 1);
    // The host's copy moved with it: using it again is an error.
    let e = call(&mut store, &get, &[Val::Resource(h)]).unwrap_err();
    assert!(format!("{e:#}").contains("no longer valid"), "{e:#}");

    // Dropped by the host, an owned handle runs the guest's destructor too.
    let out = call(&mut store, &make, &[Val::U32(9)]).unwrap();
    let Val::Resource(h2) = out[0] else { panic!() };
    h2.resource_drop(&mut store).unwrap();
    assert_eq!(u32_of(&call(&mut store, &drops, &[]).unwrap()[0]), 2);
    assert!(h2.resource_drop(&mut store).is_err(), "dropped twice");
}

#[test]
fn bad_handles_trap() {
    let engine = Engine::default();
    let component = Component::new(&engine, GUEST).unwrap();
    let linker = Linker::new(&engine);
    for (name, arg, why) in [
        ("drop-handle", 0, "unknown handle index 0"),
        ("drop-handle", 5, "unknown handle index 5"),
        ("rep-of", 1, "unknown handle index 1"),
    ] {
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate(&mut store, &component).unwrap();
        let f = instance.get_func(&mut store, name).unwrap();
        let e = call(&mut store, &f, &[Val::U32(arg)]).unwrap_err();
        assert_eq!(
            e.downcast_ref::<Trap>(),
            Some(&Trap::InvalidHandle),
            "{e:#}"
        );
        assert!(format!("{e:#}").contains(why), "{name}({arg}): {e:#}");
    }
}

#[test]
fn host_resources_reach_the_guest_and_come_back() {
    struct Counter;
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        concat!(
            r#"(component
          (import "counter" (type $c (sub resource)))
          (import "make" (func $make (param "start" u32) (result (own $c))))
          (import "peek" (func $peek (param "c" (borrow $c)) (result u32)))
          (core func $make' (canon lower (func $make)))
          (core func $peek' (canon lower (func $peek)))
          (core func $drop (canon resource.drop $c))
"#,
            client_core!("$make'", "$peek'", "$drop"),
            r#"
          (func (export "run") (param "x" u32) (result u32) (canon lift (core func $i "run"))))"#
        ),
    )
    .unwrap();
    let mut linker = Linker::<Vec<String>>::new(&engine);
    let mut root = linker.root();
    root.resource(
        "counter",
        ResourceType::host::<Counter>(),
        |mut store, rep| {
            store.data_mut().push(format!("drop {rep}"));
            Ok(())
        },
    )
    .unwrap();
    root.func_new("make", |mut store, params, results| {
        let Val::U32(start) = params[0] else {
            anyhow::bail!("expected u32")
        };
        store.data_mut().push(format!("make {start}"));
        let r = hoist::component::Resource::<Counter>::new_own(start + 100);
        results[0] = Val::Resource(ResourceAny::try_from_resource(r, &mut store)?);
        Ok(())
    })
    .unwrap();
    root.func_new("peek", |mut store, params, results| {
        let Val::Resource(h) = params[0] else {
            anyhow::bail!("expected a handle")
        };
        assert!(!h.owned(), "a borrow");
        let r = h.try_into_resource::<Counter>(&mut store)?;
        store.data_mut().push(format!("peek {}", r.rep()));
        results[0] = Val::U32(r.rep());
        Ok(())
    })
    .unwrap();
    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let run = instance.get_func(&mut store, "run").unwrap();
    let mut out = [Val::U32(0)];
    run.call(&mut store, &[Val::U32(5)], &mut out).unwrap();
    run.post_return(&mut store).unwrap();
    assert_eq!(out[0], Val::U32(105));
    assert_eq!(store.data(), &["make 5", "peek 105", "drop 105"]);
}

#[test]
fn typed_calls_and_typed_host_functions_take_handles() {
    use hoist::component::Resource;
    struct Counter;
    let engine = Engine::default();

    // Guest resources through typed exports.
    let component = Component::new(&engine, GUEST).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &component)
        .unwrap();
    let make = instance
        .get_typed_func::<(u32,), (ResourceAny,)>(&mut store, "make")
        .unwrap();
    let get = instance
        .get_typed_func::<(ResourceAny,), (u32,)>(&mut store, "get")
        .unwrap();
    let consume = instance
        .get_typed_func::<(ResourceAny,), (u32,)>(&mut store, "consume")
        .unwrap();
    let (h,) = make.call(&mut store, (41,)).unwrap();
    make.post_return(&mut store).unwrap();
    assert_eq!(get.call(&mut store, (h,)).unwrap(), (41,));
    get.post_return(&mut store).unwrap();
    assert_eq!(consume.call(&mut store, (h,)).unwrap(), (41,));
    consume.post_return(&mut store).unwrap();
    assert!(get.call(&mut store, (h,)).is_err(), "moved into the guest");
    // A typed view of the wrong kind is refused up front.
    assert!(instance
        .get_typed_func::<(u32,), (u32,)>(&mut store, "make")
        .is_err());

    // Host resources through typed host functions.
    let component = Component::new(
        &engine,
        r#"(component
          (import "counter" (type $c (sub resource)))
          (import "make" (func $make (param "start" u32) (result (own $c))))
          (import "peek" (func $peek (param "c" (borrow $c)) (result u32)))
          (import "take" (func $take (param "c" (own $c)) (result u32)))
          (core func $make' (canon lower (func $make)))
          (core func $peek' (canon lower (func $peek)))
          (core func $take' (canon lower (func $take)))
          (core module $m
            (import "" "make" (func $make (param i32) (result i32)))
            (import "" "peek" (func $peek (param i32) (result i32)))
            (import "" "take" (func $take (param i32) (result i32)))
            (func (export "run") (param i32) (result i32)
              (local $h i32)
              local.get 0 call $make local.set $h
              local.get $h call $peek
              local.get $h call $take
              i32.add))
          (core instance $i (instantiate $m (with "" (instance
            (export "make" (func $make')) (export "peek" (func $peek')) (export "take" (func $take'))))))
          (func (export "run") (param "x" u32) (result u32) (canon lift (core func $i "run"))))"#,
    )
    .unwrap();
    let mut linker = Linker::<()>::new(&engine);
    let mut root = linker.root();
    root.resource("counter", ResourceType::host::<Counter>(), |_, _| Ok(()))
        .unwrap();
    root.func_wrap("make", |_, (start,): (u32,)| {
        Ok((Resource::<Counter>::new_own(start * 10),))
    })
    .unwrap();
    root.func_wrap("peek", |_, (c,): (Resource<Counter>,)| {
        assert!(!c.owned());
        Ok((c.rep() + 1,))
    })
    .unwrap();
    root.func_wrap("take", |_, (c,): (Resource<Counter>,)| {
        assert!(c.owned());
        Ok((c.rep() + 2,))
    })
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let run = instance
        .get_typed_func::<(u32,), (u32,)>(&mut store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, (3,)).unwrap(), (31 + 32,));
    run.post_return(&mut store).unwrap();
}

#[test]
fn a_borrow_kept_past_the_call_traps_and_lent_handles_cannot_be_dropped() {
    // The callee keeps the borrowed handle (never drops it): the call traps
    // when it returns.
    let engine = Engine::default();
    let keeper = Component::new(
        &engine,
        r#"(component
          (import "t" (type $t (sub resource)))
          (core module $m (func (export "keep") (param i32) (result i32) local.get 0))
          (core instance $i (instantiate $m))
          (func (export "keep") (param "h" (borrow $t)) (result u32)
            (canon lift (core func $i "keep"))))"#,
    )
    .unwrap();
    struct T;
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .resource("t", ResourceType::host::<T>(), |_, _| Ok(()))
        .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &keeper).unwrap();
    let keep = instance.get_func(&mut store, "keep").unwrap();
    let h = ResourceAny::try_from_resource(hoist::component::Resource::<T>::new_own(3), &mut store)
        .unwrap();
    let mut out = [Val::U32(0)];
    let e = keep
        .call(&mut store, &[Val::Resource(h)], &mut out)
        .unwrap_err();
    assert_eq!(
        e.downcast_ref::<Trap>(),
        Some(&Trap::InvalidHandle),
        "{e:#}"
    );
    assert!(format!("{e:#}").contains("borrowed"), "{e:#}");
    // The host still owns its handle: lending does not move it.
    assert!(h.owned());
    h.resource_drop(&mut store).unwrap();
}

#[test]
fn handles_cross_between_nested_components() {
    // `$A` defines `r` and exports a constructor and a getter; `$B` imports
    // them, makes one, reads it through a borrow and drops it, which runs
    // `$A`'s destructor; the root exports `$B`'s `run` and `$A`'s counter.
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        concat!(
            r#"(component
          (component $A
            (core module $dtor
              (global $drops (export "drops") (mut i32) (i32.const 0))
              (func (export "dtor") (param i32)
                global.get $drops local.get 0 i32.add global.set $drops))
            (core instance $d (instantiate $dtor))
            (type $r (resource (rep i32) (dtor (core func $d "dtor"))))
            (export $r' "r" (type $r))
            (core func $new (canon resource.new $r))
            (core module $m
              (import "" "new" (func $new (param i32) (result i32)))
              (import "" "drops" (global $drops (mut i32)))
              (func (export "make") (param i32) (result i32) local.get 0 call $new)
              (func (export "get") (param i32) (result i32) local.get 0 i32.const 1000 i32.add)
              (func (export "drops") (result i32) global.get $drops))
            (core instance $i (instantiate $m (with "" (instance
              (export "new" (func $new)) (export "drops" (global $d "drops"))))))
            (func (export "make") (param "v" u32) (result (own $r'))
              (canon lift (core func $i "make")))
            (func (export "get") (param "h" (borrow $r')) (result u32)
              (canon lift (core func $i "get")))
            (func (export "drops") (result u32) (canon lift (core func $i "drops"))))
          (component $B
            (import "a" (instance $a
              (export "r" (type (sub resource)))
              (export "make" (func (param "v" u32) (result (own 0))))
              (export "get" (func (param "h" (borrow 0)) (result u32)))))
            (alias export $a "r" (type $r))
            (core func $make (canon lower (func $a "make")))
            (core func $get (canon lower (func $a "get")))
            (core func $drop (canon resource.drop $r))
"#,
            client_core!("$make", "$get", "$drop"),
            r#"
            (func (export "run") (param "x" u32) (result u32) (canon lift (core func $i "run"))))
          (instance $a (instantiate $A))
          (instance $b (instantiate $B (with "a" (instance $a))))
          (export "run" (func $b "run"))
          (export "drops" (func $a "drops")))"#
        ),
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &component)
        .unwrap();
    let run = instance.get_func(&mut store, "run").unwrap();
    let drops = instance.get_func(&mut store, "drops").unwrap();
    // `get` sees the rep (5), as the defining component; the destructor
    // adds the rep to its counter.
    assert_eq!(
        call(&mut store, &run, &[Val::U32(5)]).unwrap(),
        [Val::U32(1005)]
    );
    assert_eq!(call(&mut store, &drops, &[]).unwrap(), [Val::U32(5)]);
    assert_eq!(
        call(&mut store, &run, &[Val::U32(7)]).unwrap(),
        [Val::U32(1007)]
    );
    assert_eq!(call(&mut store, &drops, &[]).unwrap(), [Val::U32(12)]);
}

#[test]
fn handles_of_the_wrong_kind_are_refused() {
    // Two resource types, and a guest that misuses handles on purpose.
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
          (type $a (resource (rep i32)))
          (type $b (resource (rep i32)))
          (export $a' "a" (type $a))
          (export $b' "b" (type $b))
          (core func $new-a (canon resource.new $a))
          (core func $rep-b (canon resource.rep $b))
          (core module $m
            (import "" "new-a" (func $new-a (param i32) (result i32)))
            (import "" "rep-b" (func $rep-b (param i32) (result i32)))
            (func (export "confuse") (result i32) i32.const 1 call $new-a call $rep-b)
            (func (export "make-a") (result i32) i32.const 1 call $new-a)
            (func (export "echo") (param i32) (result i32) local.get 0))
          (core instance $i (instantiate $m (with "" (instance
            (export "new-a" (func $new-a)) (export "rep-b" (func $rep-b))))))
          (func (export "confuse") (result u32) (canon lift (core func $i "confuse")))
          (func (export "make-a") (result (own $a')) (canon lift (core func $i "make-a")))
          (func (export "make-b") (result (own $b')) (canon lift (core func $i "make-a")))
          (func (export "take-a") (param "h" (own $a')) (result u32) (canon lift (core func $i "echo"))))"#,
    )
    .unwrap();
    let linker = Linker::new(&engine);
    let fresh = || {
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate(&mut store, &component).unwrap();
        (store, instance)
    };

    // `resource.rep` of a handle of another type traps.
    let (mut store, instance) = fresh();
    let f = instance.get_func(&mut store, "confuse").unwrap();
    let e = call(&mut store, &f, &[]).unwrap_err();
    assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::InvalidHandle));
    assert!(format!("{e:#}").contains("another resource type"), "{e:#}");

    // Returning an `a` handle as an `own<b>` traps when it is lifted.
    let (mut store, instance) = fresh();
    let f = instance.get_func(&mut store, "make-b").unwrap();
    let e = call(&mut store, &f, &[]).unwrap_err();
    assert!(format!("{e:#}").contains("another resource type"), "{e:#}");

    // The host passing a handle of the wrong type, a borrowed one where an
    // owned one is expected, or one from another store, is an error.
    let (mut store, instance) = fresh();
    let make_a = instance.get_func(&mut store, "make-a").unwrap();
    let take_a = instance.get_func(&mut store, "take-a").unwrap();
    let Val::Resource(a) = call(&mut store, &make_a, &[]).unwrap()[0] else {
        panic!()
    };
    struct Host;
    let host =
        ResourceAny::try_from_resource(hoist::component::Resource::<Host>::new_own(1), &mut store)
            .unwrap();
    let e = call(&mut store, &take_a, &[Val::Resource(host)]).unwrap_err();
    assert!(format!("{e:#}").contains("another resource type"), "{e:#}");
    let borrowed = ResourceAny::try_from_resource(
        hoist::component::Resource::<Host>::new_borrow(1),
        &mut store,
    )
    .unwrap();
    let e = call(&mut store, &take_a, &[Val::Resource(borrowed)]).unwrap_err();
    assert!(format!("{e:#}").contains("owned"), "{e:#}");
    let (mut other, other_instance) = fresh();
    let other_take = other_instance.get_func(&mut other, "take-a").unwrap();
    let e = call(&mut other, &other_take, &[Val::Resource(a)]).unwrap_err();
    assert!(format!("{e:#}").contains("another"), "{e:#}");
    // After all that, the right handle still works in its own store.
    assert_eq!(
        call(&mut store, &take_a, &[Val::Resource(a)]).unwrap(),
        [Val::U32(1)]
    );
}

#[test]
fn a_destructor_cannot_reenter_its_running_instance() {
    // The host, called by the instance that defines `r`, drops an `r` it
    // holds: running the destructor would reenter that instance, which
    // traps as a call would.
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
          (import "poke" (func $poke))
          (core func $poke' (canon lower (func $poke)))
          (core module $dtor (func (export "dtor") (param i32)))
          (core instance $d (instantiate $dtor))
          (type $r (resource (rep i32) (dtor (core func $d "dtor"))))
          (export $r' "r" (type $r))
          (core func $new (canon resource.new $r))
          (core module $m
            (import "" "new" (func $new (param i32) (result i32)))
            (import "" "poke" (func $poke))
            (func (export "make") (result i32) i32.const 1 call $new)
            (func (export "run") call $poke))
          (core instance $i (instantiate $m (with "" (instance
            (export "new" (func $new)) (export "poke" (func $poke'))))))
          (func (export "make") (result (own $r')) (canon lift (core func $i "make")))
          (func (export "run") (canon lift (core func $i "run"))))"#,
    )
    .unwrap();
    let mut linker = Linker::<Option<ResourceAny>>::new(&engine);
    linker
        .root()
        .func_new("poke", |mut store, _, _| {
            let held = store.data_mut().take().expect("a handle to drop");
            held.resource_drop(&mut store)
        })
        .unwrap();
    let mut store = Store::new(&engine, None);
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let make = instance.get_func(&mut store, "make").unwrap();
    let mut out = [Val::Bool(false)];
    make.call(&mut store, &[], &mut out).unwrap();
    make.post_return(&mut store).unwrap();
    let Val::Resource(h) = out[0] else { panic!() };
    *store.data_mut() = Some(h);
    let run = instance.get_func(&mut store, "run").unwrap();
    let e = run.call(&mut store, &[], &mut []).unwrap_err();
    assert_eq!(
        e.downcast_ref::<Trap>(),
        Some(&Trap::CannotEnterComponent),
        "{e:#}"
    );
    assert!(format!("{e:#}").contains("destructor"), "{e:#}");
}

/// A root-imported instance passed whole to a nested component that never
/// names its resource type itself (only its constructor's result does):
/// the type is the import's, also when the parent reaches it again through
/// the child's export of that instance. (Translation used to fail with
/// "resource type 1 is used before it is known".)
#[test]
fn an_imported_instance_passed_to_a_nested_component_keeps_its_resource_types() {
    struct Thing;
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
          (import "host" (instance $host
            (export "thing" (type $r (sub resource)))
            (export "[constructor]thing" (func (param "v" u32) (result (own $r))))))
          (component $inner
            (import "host" (instance $host
              (export "thing" (type $r (sub resource)))
              (export "[constructor]thing" (func (param "v" u32) (result (own $r))))))
            (alias export $host "[constructor]thing" (func $ctor))
            (core func $ctor' (canon lower (func $ctor)))
            (core module $m
              (import "" "ctor" (func $ctor (param i32) (result i32)))
              (func (export "make") (param i32) (result i32) local.get 0 call $ctor))
            (core instance $i (instantiate $m (with "" (instance (export "ctor" (func $ctor'))))))
            (func (export "make-index") (param "v" u32) (result u32)
              (canon lift (core func $i "make")))
            (export "host-again" (instance $host)))
          (instance $i (instantiate $inner (with "host" (instance $host))))
          (alias export $i "host-again" (instance $again))
          (alias export $again "thing" (type $r))
          (core func $drop (canon resource.drop $r))
          (core module $d
            (import "" "drop" (func $drop (param i32)))
            (func (export "drop-zero") i32.const 0 call $drop))
          (core instance $di (instantiate $d (with "" (instance (export "drop" (func $drop))))))
          (func (export "drop-zero") (canon lift (core func $di "drop-zero")))
          (export "make-index" (func $i "make-index")))"#,
    )
    .unwrap();
    let mut linker = Linker::<()>::new(&engine);
    let mut host = linker.instance("host").unwrap();
    host.resource_type("thing", ResourceType::host::<Thing>())
        .unwrap();
    host.func_wrap("[constructor]thing", |_, (v,): (u32,)| {
        Ok((hoist::component::Resource::<Thing>::new_own(v + 1),))
    })
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    // The nested component's constructor call puts handles in its own
    // table, from index 1.
    let make = instance.get_func(&mut store, "make-index").unwrap();
    for expected in 1..=2 {
        let out = call(&mut store, &make, &[Val::U32(41)]).unwrap();
        assert_eq!(out, [Val::U32(expected)]);
    }
    // The parent's own table knows no handle 0: dropping it traps.
    let drop_zero = instance.get_func(&mut store, "drop-zero").unwrap();
    let e = call(&mut store, &drop_zero, &[]).unwrap_err();
    assert_eq!(
        e.downcast_ref::<Trap>(),
        Some(&Trap::InvalidHandle),
        "{e:#}"
    );
    assert!(format!("{e:#}").contains("unknown handle index 0"), "{e:#}");
}

/// A start function that drops a resource runs its destructor: destructors
/// are in place before each core instance starts, not only once
/// instantiation ends (they used to be, so such drops skipped them).
#[test]
fn a_start_function_dropping_a_resource_runs_its_destructor() {
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
          (core module $d
            (global $drops (export "drops") (mut i32) (i32.const 0))
            (global $last (export "last") (mut i32) (i32.const -1))
            (func (export "dtor") (param i32)
              (global.set $drops (i32.add (global.get $drops) (i32.const 1)))
              (global.set $last (local.get 0))))
          (core instance $di (instantiate $d))
          (type $r (resource (rep i32) (dtor (core func $di "dtor"))))
          (core func $new (canon resource.new $r))
          (core func $drop (canon resource.drop $r))
          (core module $m
            (import "" "new" (func $new (param i32) (result i32)))
            (import "" "drop" (func $drop (param i32)))
            (func $start (call $drop (call $new (i32.const 77))))
            (start $start))
          (core instance (instantiate $m (with "" (instance
            (export "new" (func $new)) (export "drop" (func $drop))))))
          (core module $q
            (import "" "drops" (global $drops (mut i32)))
            (import "" "last" (global $last (mut i32)))
            (func (export "drops") (result i32) global.get $drops)
            (func (export "last") (result i32) global.get $last))
          (core instance $qi (instantiate $q (with "" (instance
            (export "drops" (global $di "drops")) (export "last" (global $di "last"))))))
          (func (export "drops") (result u32) (canon lift (core func $qi "drops")))
          (func (export "last") (result s32) (canon lift (core func $qi "last"))))"#,
    )
    .unwrap();
    let linker = Linker::<()>::new(&engine);
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let drops = instance.get_func(&mut store, "drops").unwrap();
    let last = instance.get_func(&mut store, "last").unwrap();
    assert_eq!(call(&mut store, &drops, &[]).unwrap(), [Val::U32(1)]);
    assert_eq!(call(&mut store, &last, &[]).unwrap(), [Val::S32(77)]);
}

/// An imported resource type tied to another by an `eq` bound need not be
/// given by the host; if it is, it must be the same type; and the type
/// itself must be given under one of its names.
#[test]
fn resource_imports_tied_by_eq_need_one_definition() {
    struct R1;
    struct R2;
    let engine = Engine::default();
    let component = Component::new(
        &engine,
        r#"(component
          (import "host" (instance $host
            (export "r1" (type $r1 (sub resource)))
            (export "r1-again" (type (eq $r1)))
            (export "make" (func (param "v" u32) (result (own $r1))))))
          (alias export $host "r1-again" (type $again))
          (alias export $host "make" (func $make))
          (core func $make' (canon lower (func $make)))
          (core func $drop (canon resource.drop $again))
          (core module $m
            (import "" "make" (func $make (param i32) (result i32)))
            (import "" "drop" (func $drop (param i32)))
            (func (export "run") (param i32) (result i32) (local $h i32)
              local.get 0 call $make local.tee $h
              call $drop local.get $h))
          (core instance $i (instantiate $m (with "" (instance
            (export "make" (func $make')) (export "drop" (func $drop))))))
          (func (export "run") (param "v" u32) (result u32) (canon lift (core func $i "run"))))"#,
    )
    .unwrap();
    let drops = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let linker_with = |names: &[(&str, ResourceType)]| {
        let mut linker = Linker::<()>::new(&engine);
        let mut host = linker.instance("host").unwrap();
        for (name, ty) in names {
            let drops = drops.clone();
            host.resource(name, *ty, move |_, rep| {
                drops.store(rep, std::sync::atomic::Ordering::SeqCst);
                Ok(())
            })
            .unwrap();
        }
        host.func_wrap("make", |_, (v,): (u32,)| {
            Ok((hoist::component::Resource::<R1>::new_own(v),))
        })
        .unwrap();
        linker
    };
    let r1 = ResourceType::host::<R1>();

    // Only `r1`: the handle made as `r1` is dropped as `r1-again`, and the
    // host's destructor for `r1` runs.
    let linker = linker_with(&[("r1", r1)]);
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let run = instance.get_func(&mut store, "run").unwrap();
    assert_eq!(
        call(&mut store, &run, &[Val::U32(9)]).unwrap(),
        [Val::U32(1)]
    );
    assert_eq!(drops.load(std::sync::atomic::Ordering::SeqCst), 9);

    // Both, the same type: fine.
    let linker = linker_with(&[("r1", r1), ("r1-again", r1)]);
    linker.instantiate_pre(&component).unwrap();

    // Both, different types: refused, naming both.
    let linker = linker_with(&[("r1", r1), ("r1-again", ResourceType::host::<R2>())]);
    let e = linker
        .instantiate_pre(&component)
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("mismatched resource types") && e.contains("host/r1-again"),
        "{e}"
    );

    // Only `r1-again` gives the type: fine too.
    let linker = linker_with(&[("r1-again", r1)]);
    linker.instantiate_pre(&component).unwrap();

    // Neither: refused, naming the type's import.
    let linker = linker_with(&[]);
    let e = linker
        .instantiate_pre(&component)
        .err()
        .unwrap()
        .to_string();
    assert_eq!(
        e,
        "import `host/r1` was not found in the linker: expected a resource type"
    );
}
