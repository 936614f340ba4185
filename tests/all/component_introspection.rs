//! `Component::imports` and `Component::exports`: the type of each import
//! and export of a compiled component ([`ComponentItem`]), before anything
//! is linked, and how they agree with the instantiated component.

use hoist::component::{Component, ComponentItem, Export, Linker, ResourceType, Type};
use hoist::{Engine, ExternType, Module, Store};

const COMPONENT: &str = r#"(component
  (import "log" (func $log (param "msg" string)))
  (import "env" (instance $env
    (export "t" (type (sub resource)))
    (export "now" (func (result u64)))
    (export "inner" (instance (export "f" (func (param "x" u32) (result u32)))))))
  (import "helper" (core module $helper (export "f" (func (result i32)))))
  (alias export $env "t" (type $t))
  (type $point (record (field "x" s32) (field "y" s32)))
  (export $point' "point" (type $point))
  (type $mine (resource (rep i32)))
  (export $mine' "mine" (type $mine))
  (core module $m
    (memory (export "mem") 1)
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "mid") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (func $add (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "add")))
  (func $mid (param "p" $point') (result s32)
    (canon lift (core func $i "add")))
  (export "add" (func $add))
  (export "mid" (func $mid))
  (export "log-again" (func $log))
  (export "env-again" (instance $env))
  (export "m" (core module $m))
  (export "helper-again" (core module $helper))
  (instance $bundle (export "add" (func $add)) (export "t" (type $t)))
  (export "bundle" (instance $bundle)))"#;

fn func(item: &ComponentItem) -> String {
    match item {
        ComponentItem::Func(sig) => sig.to_string(),
        other => panic!("expected a function, found {other:?}"),
    }
}

fn instance(item: &ComponentItem) -> &[(String, ComponentItem)] {
    match item {
        ComponentItem::Instance(list) => list,
        other => panic!("expected an instance, found {other:?}"),
    }
}

#[test]
fn imports_are_listed_in_order_with_their_types() -> anyhow::Result<()> {
    let engine = Engine::default();
    let component = Component::new(&engine, COMPONENT)?;
    let imports: Vec<_> = component.imports().collect();
    let names: Vec<&str> = imports.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["log", "env", "helper"]);
    assert_eq!(func(&imports[0].1), "func(msg: string)");

    let env = instance(&imports[1].1);
    assert_eq!(env.len(), 3);
    assert!(matches!(env[0], (ref n, ComponentItem::Resource(_)) if n == "t"));
    assert_eq!(func(&env[1].1), "func() -> u64");
    let inner = instance(&env[2].1);
    assert_eq!(func(&inner[0].1), "func(x: u32) -> u32");

    let ComponentItem::Module {
        imports: mi,
        exports: me,
    } = &imports[2].1
    else {
        panic!("expected a module, found {:?}", imports[2].1);
    };
    assert!(mi.is_empty());
    assert_eq!(me.len(), 1);
    assert_eq!(me[0].0, "f");
    assert!(matches!(me[0].1, ExternType::Func(_)));
    Ok(())
}

#[test]
fn exports_are_listed_in_order_with_their_types() -> anyhow::Result<()> {
    let engine = Engine::default();
    let component = Component::new(&engine, COMPONENT)?;
    let exports: Vec<_> = component.exports().collect();
    let names: Vec<&str> = exports.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "point",
            "mine",
            "add",
            "mid",
            "log-again",
            "env-again",
            "m",
            "helper-again",
            "bundle"
        ]
    );
    assert_eq!(exports[0].1, ComponentItem::Type);
    assert!(matches!(exports[1].1, ComponentItem::Resource(_)));
    assert_eq!(func(&exports[2].1), "func(a: u32, b: u32) -> u32");
    let ComponentItem::Func(mid) = &exports[3].1 else {
        panic!("expected a function")
    };
    assert_eq!(mid.params[0].0, "p");
    assert!(matches!(mid.params[0].1, Type::Record(_)), "{mid}");
    assert_eq!(mid.results, [Type::S32]);
    // A re-exported import has the import's type.
    assert_eq!(func(&exports[4].1), "func(msg: string)");
    let env_again = instance(&exports[5].1);
    let env_import = component.imports().nth(1).unwrap().1;
    assert_eq!(env_again, instance(&env_import));

    let ComponentItem::Module {
        imports,
        exports: mexports,
    } = &exports[6].1
    else {
        panic!("expected a module, found {:?}", exports[6].1);
    };
    assert!(imports.is_empty());
    let mnames: Vec<&str> = mexports.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(mnames, ["mem", "add", "mid"]);
    assert!(matches!(mexports[0].1, ExternType::Memory(_)));
    let helper_import = component.imports().nth(2).unwrap().1;
    assert_eq!(exports[7].1, helper_import);

    let bundle = instance(&exports[8].1);
    assert_eq!(func(&bundle[0].1), "func(a: u32, b: u32) -> u32");
    assert!(matches!(bundle[1].1, ComponentItem::Resource(_)));
    Ok(())
}

/// The types listed before instantiation are those of the running instance.
#[test]
fn the_listed_types_match_the_instance() -> anyhow::Result<()> {
    struct HostT;
    let engine = Engine::default();
    let component = Component::new(&engine, COMPONENT)?;
    let mut linker = Linker::<()>::new(&engine);
    linker
        .root()
        .func_wrap("log", |_, (_msg,): (String,)| Ok(()))?;
    let mut env = linker.instance("env")?;
    env.resource_type("t", ResourceType::host::<HostT>())?;
    env.func_wrap("now", |_, (): ()| Ok((7u64,)))?;
    env.instance("inner")?
        .func_wrap("f", |_, (x,): (u32,)| Ok((x,)))?;
    linker.root().module(
        "helper",
        &Module::new(
            &engine,
            r#"(module (func (export "f") (result i32) i32.const 1))"#,
        )?,
    )?;
    let mut store = Store::new(&engine, ());
    let inst = linker.instantiate(&mut store, &component)?;

    for (name, item) in component.exports() {
        match item {
            ComponentItem::Func(sig) => {
                let f = inst.get_func(&mut store, name).unwrap();
                assert_eq!(f.params(&store), sig.params, "{name}");
                assert_eq!(f.results(&store), sig.results, "{name}");
            }
            ComponentItem::Resource(index) => {
                let listed = inst.resource_type(&store, index).unwrap();
                let exported = inst
                    .exports(&mut store, None)
                    .into_iter()
                    .find_map(|(n, e)| match e {
                        Export::Resource(t) if n == name => Some(t),
                        _ => None,
                    })
                    .unwrap();
                assert_eq!(listed, exported, "{name}");
            }
            _ => {}
        }
    }
    // The imported resource type, through the instance exported again.
    let ComponentItem::Instance(env) = component.imports().nth(1).unwrap().1 else {
        panic!("an instance import")
    };
    let ComponentItem::Resource(t) = env[0].1 else {
        panic!("a resource")
    };
    assert_eq!(
        inst.resource_type(&store, t),
        Some(ResourceType::host::<HostT>())
    );
    Ok(())
}
