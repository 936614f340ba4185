//! The embedding API behaves as documented: `Memory` (`data`, `data_mut`,
//! `read`/`write` with bounds errors, `grow`, `size`), `Global` (`get`/`set`,
//! refusing immutable and mistyped sets), `Table` (`get`/`set`/`grow`),
//! `Linker` (`define`, `instance`, `instantiate_pre` used twice, duplicate and
//! missing definitions with messages naming `module::name` and the type),
//! `Module::imports`/`exports` with their types, and `ExternRef` values making
//! a round trip through wasm tables and functions.

use hoist::{
    Engine, ExternRef, ExternType, Func, FuncType, Global, GlobalType, Instance, Linker, Memory,
    MemoryType, Module, Mutability, Store, Table, TableType, Val, ValType,
};

use crate::support::engine;

// ---- Memory -------------------------------------------------------------------

#[test]
fn memory_data_read_write_and_bounds() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") 1 3) (data (i32.const 100) "\01\02\03\04")
            (func (export "load") (param i32) (result i32) local.get 0 i32.load)
            (func (export "size") (result i32) memory.size))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let m = i.get_memory(&mut store, "m").unwrap();
    assert_eq!(m.size(&store), 1);
    assert_eq!(m.data_size(&store), 65536);
    assert_eq!(m.data(&store).len(), 65536);
    assert_eq!(&m.data(&store)[100..104], &[1, 2, 3, 4]);
    assert_eq!(m.ty(&store), MemoryType::new(1, Some(3)));

    // Host writes are what wasm reads, and the other way round.
    m.data_mut(&mut store)[200..204].copy_from_slice(&0x1122_3344u32.to_le_bytes());
    let load = i.get_typed_func::<i32, i32>(&mut store, "load").unwrap();
    assert_eq!(load.call(&mut store, 200).unwrap(), 0x1122_3344);
    m.write(&mut store, 65532, &[9, 8, 7, 6]).unwrap();
    assert_eq!(load.call(&mut store, 65532).unwrap(), 0x0607_0809);
    let mut buf = [0u8; 4];
    m.read(&store, 100, &mut buf).unwrap();
    assert_eq!(buf, [1, 2, 3, 4]);
    // Zero-length accesses at the end are fine.
    m.read(&store, 65536, &mut []).unwrap();
    m.write(&mut store, 65536, &[]).unwrap();

    // Out of bounds: errors, and nothing is written.
    let e = m.read(&store, 65533, &mut buf).unwrap_err();
    assert!(e.to_string().contains("out of bounds"), "{e}");
    assert!(m.read(&store, usize::MAX, &mut buf).is_err());
    assert!(m.read(&store, 65537, &mut []).is_err());
    let e = m.write(&mut store, 65534, &[0xee; 4]).unwrap_err();
    assert!(e.to_string().contains("out of bounds"), "{e}");
    assert_eq!(
        &m.data(&store)[65534..],
        &[7, 6],
        "a failed write changed memory"
    );
    assert!(m.write(&mut store, usize::MAX - 1, &[1, 2, 3]).is_err());

    // Growing returns the old size, adds zeroed pages, and stops at the maximum.
    assert_eq!(m.grow(&mut store, 0).unwrap(), 1);
    assert_eq!(m.grow(&mut store, 2).unwrap(), 1);
    assert_eq!(m.size(&store), 3);
    assert_eq!(m.data_size(&store), 3 * 65536);
    assert!(m.data(&store)[65536..].iter().all(|b| *b == 0));
    let size = i.get_typed_func::<(), i32>(&mut store, "size").unwrap();
    assert_eq!(size.call(&mut store, ()).unwrap(), 3);
    let e = m.grow(&mut store, 1).unwrap_err();
    assert!(e.to_string().contains("grow"), "{e}");
    assert_eq!(m.size(&store), 3);
    m.write(&mut store, 3 * 65536 - 1, &[5]).unwrap();
    assert_eq!(load.call(&mut store, 3 * 65536 - 4).unwrap(), 0x0500_0000);
}

/// Memories of dropped stores are recycled (see `vm/memory.rs`): a new
/// memory must still start zeroed and sized by its own type, whatever the
/// previous user wrote and however far it grew. More rounds than the pool
/// holds, with memories dropped one by one and in batches.
#[test]
fn recycled_memories_start_zeroed_and_sized_by_their_type() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") 1 4)
            (func (export "load") (param i32) (result i32) local.get 0 i32.load)
            (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store))"#,
    )
    .unwrap();
    let dirty = |store: &mut Store<()>, i: &Instance| {
        let m = i.get_memory(&mut *store, "m").unwrap();
        assert_eq!(m.size(&*store), 1, "a fresh memory has its minimum size");
        assert!(
            m.data(&*store).iter().all(|&b| b == 0),
            "a fresh memory is zeroed"
        );
        let load = i.get_typed_func::<i32, i32>(&mut *store, "load").unwrap();
        let store_fn = i
            .get_typed_func::<(i32, i32), ()>(&mut *store, "store")
            .unwrap();
        // Beyond the first page traps, as the type says.
        assert!(load.call(&mut *store, 65536).is_err());
        store_fn.call(&mut *store, (8, -1)).unwrap();
        m.grow(&mut *store, 2).unwrap();
        assert_eq!(
            load.call(&mut *store, 3 * 65536 - 4).unwrap(),
            0,
            "grown pages are zeroed"
        );
        store_fn.call(&mut *store, (3 * 65536 - 4, 0x5a5a)).unwrap();
        assert_eq!(load.call(&mut *store, 3 * 65536 - 4).unwrap(), 0x5a5a);
    };
    for _ in 0..40 {
        let mut store = Store::new(&engine, ());
        let i = Instance::new(&mut store, &module, &[]).unwrap();
        dirty(&mut store, &i);
    }
    let mut batch: Vec<(Store<()>, Instance)> = (0..40)
        .map(|_| {
            let mut store = Store::new(&engine, ());
            let i = Instance::new(&mut store, &module, &[]).unwrap();
            (store, i)
        })
        .collect();
    for (store, i) in &mut batch {
        dirty(store, i);
    }
    drop(batch);
    for _ in 0..40 {
        let mut store = Store::new(&engine, ());
        let i = Instance::new(&mut store, &module, &[]).unwrap();
        dirty(&mut store, &i);
    }
}

/// Data segments that cannot trap are mapped from a per-module image,
/// copy-on-write (`vm/memory_image.rs`): each instance starts from the
/// segments (overlaps resolved in order), its writes stay its own, and a
/// recycled memory does not bring the image back to a module without data.
#[test]
fn data_segments_from_images_are_private_to_each_instance() {
    let engine = engine();
    let with_data = Module::new(
        &engine,
        r#"(module (memory (export "m") 2 3)
            (data (i32.const 8) "abcdefgh")
            (data (i32.const 12) "XY")
            (data (i32.const 70000) "far")
            (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store8))"#,
    )
    .unwrap();
    let without_data = Module::new(&engine, r#"(module (memory (export "m") 2 3))"#).unwrap();
    let expected = |data: &[u8]| {
        assert_eq!(&data[8..16], b"abcdXYgh");
        assert_eq!(&data[70000..70003], b"far");
        assert!(data[..8].iter().all(|&b| b == 0));
        assert!(data[16..70000].iter().all(|&b| b == 0));
        assert!(data[70003..].iter().all(|&b| b == 0));
    };
    let mut stores = Vec::new();
    for round in 0..3 {
        for i in 0..20u8 {
            let mut store = Store::new(&engine, ());
            let inst = Instance::new(&mut store, &with_data, &[]).unwrap();
            let m = inst.get_memory(&mut store, "m").unwrap();
            expected(m.data(&store));
            // Writes through wasm and through the host stay in this instance.
            let st = inst
                .get_typed_func::<(i32, i32), ()>(&mut store, "store")
                .unwrap();
            st.call(&mut store, (9, i32::from(b'0' + i % 10))).unwrap();
            m.data_mut(&mut store)[70001] = b'!';
            m.grow(&mut store, 1).unwrap();
            assert!(m.data(&store)[131072..].iter().all(|&b| b == 0));
            assert_eq!(m.data(&store)[9], b'0' + i % 10);
            assert_eq!(&m.data(&store)[70000..70003], b"f!r");
            if round == 1 {
                stores.push((store, m));
            }
        }
        // Memories that had an image, recycled into a module without data,
        // start zeroed.
        for _ in 0..20 {
            let mut store = Store::new(&engine, ());
            let inst = Instance::new(&mut store, &without_data, &[]).unwrap();
            let m = inst.get_memory(&mut store, "m").unwrap();
            assert!(m.data(&store).iter().all(|&b| b == 0), "round {round}");
        }
    }
    // The instances kept alive still see their own writes.
    for (i, (store, m)) in stores.iter().enumerate() {
        assert_eq!(m.data(store)[9], b'0' + (i % 10) as u8);
        assert_eq!(
            &m.data(store)[8..16],
            b"a0cdXYgh".map(|c| if c == b'0' { b'0' + (i % 10) as u8 } else { c })
        );
    }
}

/// A recycled memory keeps its image mapped for the next instance of the
/// same module (`vm/memory.rs`): that instance starts from the image, not
/// from what the previous one wrote, and an instance of another module
/// (another image, shorter, or none) never sees the first one's data.
#[test]
fn recycled_memories_keep_only_their_own_image() {
    let engine = engine();
    let module = |data: &str| {
        Module::new(
            &engine,
            format!(
                r#"(module (memory (export "m") 2)
                    {data}
                    (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store8))"#
            ),
        )
        .unwrap()
    };
    let long = module(r#"(data (i32.const 0) "LLLL") (data (i32.const 40000) "llll")"#);
    let short = module(r#"(data (i32.const 8) "SS")"#);
    let none = module("");
    let check = |m: &[u8], data: &[(usize, &[u8])]| {
        let mut expected = vec![0u8; m.len()];
        for (at, bytes) in data {
            expected[*at..*at + bytes.len()].copy_from_slice(bytes);
        }
        assert!(m == expected.as_slice(), "unexpected memory contents");
    };
    for _ in 0..40 {
        for (module, data) in [
            (&long, &[(0, &b"LLLL"[..]), (40000, &b"llll"[..])][..]),
            (&short, &[(8, &b"SS"[..])][..]),
            (&long, &[(0, &b"LLLL"[..]), (40000, &b"llll"[..])][..]),
            (&none, &[][..]),
        ] {
            let mut store = Store::new(&engine, ());
            let inst = Instance::new(&mut store, module, &[]).unwrap();
            let m = inst.get_memory(&mut store, "m").unwrap();
            check(m.data(&store), data);
            // Dirty the image's pages and others, through wasm and the host.
            let st = inst
                .get_typed_func::<(i32, i32), ()>(&mut store, "store")
                .unwrap();
            for at in [1, 9, 40001, 70000] {
                st.call(&mut store, (at, 0x7e)).unwrap();
            }
            m.data_mut(&mut store)[100_000] = 0x7f;
        }
    }
}

#[test]
fn host_memory_is_shared_with_importing_instances() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let m = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    assert_eq!(m.size(&store), 1);
    assert!(m.data(&store).iter().all(|b| *b == 0));
    let module = Module::new(
        &engine,
        r#"(module (import "" "m" (memory 1))
            (func (export "put") (param i32 i32) local.get 0 local.get 1 i32.store8)
            (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))"#,
    )
    .unwrap();
    let a = Instance::new(&mut store, &module, &[m.into()]).unwrap();
    let b = Instance::new(&mut store, &module, &[m.into()]).unwrap();
    let put_a = a
        .get_typed_func::<(i32, i32), ()>(&mut store, "put")
        .unwrap();
    let put_b = b
        .get_typed_func::<(i32, i32), ()>(&mut store, "put")
        .unwrap();
    put_a.call(&mut store, (10, 1)).unwrap();
    put_b.call(&mut store, (11, 2)).unwrap();
    assert_eq!(&m.data(&store)[10..12], &[1, 2]);
    // Growth from wasm is visible to the host and to the other instance.
    let grow = a.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 2).unwrap(), 1);
    assert_eq!(m.size(&store), 3);
    put_b.call(&mut store, (3 * 65536 - 1, 9)).unwrap();
    assert_eq!(*m.data(&store).last().unwrap(), 9);
    // A memory smaller than the import's minimum does not satisfy it.
    let small = Memory::new(&mut store, MemoryType::new(0, None)).unwrap();
    let e = Instance::new(&mut store, &module, &[small.into()]).unwrap_err();
    assert!(format!("{e:#}").contains("memory"), "{e:#}");
    // A minimum beyond 4 GiB is refused.
    assert!(Memory::new(&mut store, MemoryType::new(65537, None)).is_err());
}

// ---- Global ---------------------------------------------------------------------

#[test]
fn globals_get_set_and_refuse_bad_sets() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (import "" "g" (global $g (mut i32)))
            (global $c (export "c") i64 (i64.const -5))
            (global $v (export "v") (mut f32) (f32.const 1.5))
            (func (export "bump") global.get $g i32.const 1 i32.add global.set $g)
            (func (export "read_v") (result f32) global.get $v))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Var),
        Val::I32(41),
    )
    .unwrap();
    assert_eq!(g.ty(&store), GlobalType::new(ValType::I32, Mutability::Var));
    let i = Instance::new(&mut store, &module, &[g.into()]).unwrap();
    // Wasm writes the host's global in place.
    i.get_typed_func::<(), ()>(&mut store, "bump")
        .unwrap()
        .call(&mut store, ())
        .unwrap();
    assert_eq!(g.get(&mut store).i32(), Some(42));
    g.set(&mut store, Val::I32(100)).unwrap();
    i.get_typed_func::<(), ()>(&mut store, "bump")
        .unwrap()
        .call(&mut store, ())
        .unwrap();
    assert_eq!(g.get(&mut store).i32(), Some(101));

    let c = i.get_global(&mut store, "c").unwrap();
    assert_eq!(c.get(&mut store).i64(), Some(-5));
    assert_eq!(c.ty(&store).mutability(), Mutability::Const);
    let e = c.set(&mut store, Val::I64(1)).unwrap_err();
    assert!(e.to_string().contains("immutable"), "{e}");
    assert_eq!(
        c.get(&mut store).i64(),
        Some(-5),
        "an immutable global changed"
    );

    let v = i.get_global(&mut store, "v").unwrap();
    assert_eq!(v.get(&mut store).f32(), Some(1.5));
    v.set(&mut store, Val::from(-0.25f32)).unwrap();
    let read_v = i.get_typed_func::<(), f32>(&mut store, "read_v").unwrap();
    assert_eq!(read_v.call(&mut store, ()).unwrap(), -0.25);
    // NaN payloads survive a set and a get.
    v.set(&mut store, Val::F32(0x7fa0_0001)).unwrap();
    assert!(matches!(v.get(&mut store), Val::F32(0x7fa0_0001)));
    let e = v.set(&mut store, Val::I32(1)).unwrap_err();
    let msg = format!("{e:#}");
    assert!(msg.contains("f32") && msg.contains("i32"), "{msg}");
    // The same export twice is the same global.
    assert_eq!(i.get_global(&mut store, "v").unwrap(), v);
    // A global created with a value of the wrong type is refused.
    assert!(Global::new(
        &mut store,
        GlobalType::new(ValType::I64, Mutability::Const),
        Val::I32(0)
    )
    .is_err());
}

// ---- Table ------------------------------------------------------------------------

#[test]
fn tables_get_set_and_grow() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (type $v (func (result i32)))
            (table $t (export "t") 2 4 funcref)
            (elem (i32.const 0) func $seven)
            (func $seven (export "seven") (result i32) i32.const 7)
            (func (export "call") (param i32) (result i32) local.get 0 call_indirect (type $v))
            (func (export "size") (result i32) table.size $t))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let t = i.get_table(&mut store, "t").unwrap();
    assert_eq!(t.size(&store), 2);
    assert_eq!(t.ty(&store), TableType::new(ValType::FuncRef, 2, Some(4)));
    let seven = i.get_func(&mut store, "seven").unwrap();
    match t.get(&mut store, 0) {
        Some(Val::FuncRef(Some(f))) => assert_eq!(f, seven),
        other => panic!("element 0: {other:?}"),
    }
    assert!(matches!(t.get(&mut store, 1), Some(Val::FuncRef(None))));
    assert!(t.get(&mut store, 2).is_none());
    assert!(t.get(&mut store, u32::MAX).is_none());

    // A host function placed in the table is callable through call_indirect.
    let host = Func::wrap(&mut store, || 99i32);
    t.set(&mut store, 1, Val::FuncRef(Some(host))).unwrap();
    let call = i.get_typed_func::<i32, i32>(&mut store, "call").unwrap();
    assert_eq!(call.call(&mut store, 1).unwrap(), 99);
    let e = t.set(&mut store, 2, Val::FuncRef(None)).unwrap_err();
    assert!(e.to_string().contains("out of bounds"), "{e}");
    let e = t.set(&mut store, 0, Val::I32(0)).unwrap_err();
    assert!(format!("{e:#}").contains("funcref"), "{e:#}");

    // Growing fills the new slots and stops at the maximum.
    assert_eq!(t.grow(&mut store, 1, Val::FuncRef(Some(seven))).unwrap(), 2);
    assert_eq!(call.call(&mut store, 2).unwrap(), 7);
    let size = i.get_typed_func::<(), i32>(&mut store, "size").unwrap();
    assert_eq!(size.call(&mut store, ()).unwrap(), 3);
    assert!(t.grow(&mut store, 2, Val::FuncRef(None)).is_err());
    assert_eq!(t.grow(&mut store, 1, Val::FuncRef(None)).unwrap(), 3);
    assert_eq!(t.size(&store), 4);
    assert_eq!(t.ty(&store).minimum(), 4);

    // Host-made tables.
    let ht = Table::new(
        &mut store,
        TableType::new(ValType::ExternRef, 3, None),
        Val::ExternRef(None),
    )
    .unwrap();
    assert_eq!(ht.size(&store), 3);
    assert!(matches!(ht.get(&mut store, 2), Some(Val::ExternRef(None))));
    assert!(Table::new(
        &mut store,
        TableType::new(ValType::FuncRef, 1, None),
        Val::I32(0)
    )
    .is_err());
}

// ---- Linker -------------------------------------------------------------------------

const USES_ENV: &str = r#"(module
    (import "env" "add" (func $add (param i32 i32) (result i32)))
    (import "env" "base" (global $base i32))
    (import "env" "mem" (memory 1))
    (global $count (export "count") (mut i32) (i32.const 0))
    (func (export "run") (param i32) (result i32)
        global.get $count i32.const 1 i32.add global.set $count
        local.get 0 global.get $base call $add
        i32.const 0 i32.load i32.add))"#;

#[test]
fn linker_define_and_instantiate_pre_twice() {
    let engine = engine();
    let module = Module::new(&engine, USES_ENV).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "add", |a: i32, b: i32| a + b)
        .unwrap();
    let base = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(1000),
    )
    .unwrap();
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    mem.write(&mut store, 0, &5i32.to_le_bytes()).unwrap();
    linker
        .define(&store, "env", "base", base)
        .unwrap()
        .define(&store, "env", "mem", mem)
        .unwrap();
    assert!(
        matches!(linker.get(&mut store, "env", "base"), Some(hoist::Extern::Global(g)) if g == base)
    );
    assert!(linker.get(&mut store, "env", "nothing").is_none());

    let pre = linker.instantiate_pre(&module).unwrap();
    let a = pre.instantiate(&mut store).unwrap();
    let b = pre.instantiate(&mut store).unwrap();
    assert_ne!(a, b);
    let run_a = a.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    let run_b = b.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    assert_eq!(run_a.call(&mut store, 1).unwrap(), 1006);
    assert_eq!(run_a.call(&mut store, 2).unwrap(), 1007);
    assert_eq!(run_b.call(&mut store, 3).unwrap(), 1008);
    // Each instance has its own globals; they share the imported memory.
    let count_a = a.get_global(&mut store, "count").unwrap();
    let count_b = b.get_global(&mut store, "count").unwrap();
    assert_eq!(count_a.get(&mut store).i32(), Some(2));
    assert_eq!(count_b.get(&mut store).i32(), Some(1));
    assert_eq!(pre.module().imports().len(), 3);
}

#[test]
fn instantiate_pre_works_in_several_stores() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module (import "host" "get" (func $g (result i32)))
            (func (export "run") (result i32) call $g))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "get", |c: hoist::Caller<'_, i32>| *c.data())
        .unwrap();
    let pre = linker.instantiate_pre(&module).unwrap();
    for value in [1, 2, 3] {
        let mut store = Store::new(&engine, value);
        let i = pre.instantiate(&mut store).unwrap();
        let run = i.get_typed_func::<(), i32>(&mut store, "run").unwrap();
        assert_eq!(run.call(&mut store, ()).unwrap(), value);
    }
}

#[test]
fn linker_instance_exposes_every_export() {
    let engine = engine();
    let provider = Module::new(
        &engine,
        r#"(module
            (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
            (global (export "base") i32 (i32.const 10))
            (memory (export "mem") 1)
            (data (i32.const 0) "\02"))"#,
    )
    .unwrap();
    let module = Module::new(&engine, USES_ENV).unwrap();
    let mut store = Store::new(&engine, ());
    let p = Instance::new(&mut store, &provider, &[]).unwrap();
    let mut linker = Linker::new(&engine);
    linker.instance(&mut store, "env", p).unwrap();
    let i = linker.instantiate(&mut store, &module).unwrap();
    let run = i.get_typed_func::<i32, i32>(&mut store, "run").unwrap();
    assert_eq!(run.call(&mut store, 5).unwrap(), 17);
    // Defining the same instance again under the same name is a duplicate.
    let e = linker.instance(&mut store, "env", p).err().unwrap();
    assert!(e.to_string().contains("env::"), "{e}");
}

#[test]
fn linker_duplicate_definitions_are_errors_unless_shadowing() {
    let engine = engine();
    let mut store = Store::new(&engine, ());
    let mut linker: Linker<()> = Linker::new(&engine);
    linker.func_wrap("m", "f", || 1i32).unwrap();
    let e = linker.func_wrap("m", "f", || 2i32).err().unwrap();
    assert_eq!(e.to_string(), "`m::f` is already defined in this linker");
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(0),
    )
    .unwrap();
    let e = linker.define(&store, "m", "f", g).err().unwrap();
    assert!(e.to_string().contains("m::f"), "{e}");
    let e = linker
        .func_new("m", "f", FuncType::new([], []), |_, _, _| Ok(()))
        .err()
        .unwrap();
    assert!(e.to_string().contains("m::f"), "{e}");
    // The first definition is still the one used.
    let module = Module::new(
        &engine,
        r#"(module (import "m" "f" (func $f (result i32))) (func (export "r") (result i32) call $f))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &module).unwrap();
    let r = i.get_typed_func::<(), i32>(&mut store, "r").unwrap();
    assert_eq!(r.call(&mut store, ()).unwrap(), 1);
    // With shadowing allowed, the later definition wins.
    linker.allow_shadowing(true);
    linker.func_wrap("m", "f", || 2i32).unwrap();
    let i = linker.instantiate(&mut store, &module).unwrap();
    let r = i.get_typed_func::<(), i32>(&mut store, "r").unwrap();
    assert_eq!(r.call(&mut store, ()).unwrap(), 2);
}

#[test]
fn linker_missing_imports_name_the_import_and_its_type() {
    let engine = engine();
    let module = Module::new(&engine, USES_ENV).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker: Linker<()> = Linker::new(&engine);
    let e = linker.instantiate(&mut store, &module).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("env::add"), "{msg}");
    assert!(msg.contains("function"), "{msg}");
    assert!(msg.contains("func(i32, i32) -> (i32)"), "{msg}");
    linker
        .func_wrap("env", "add", |a: i32, b: i32| a + b)
        .unwrap();
    let e = linker.instantiate_pre(&module).err().unwrap();
    let msg = e.to_string();
    assert!(
        msg.contains("env::base") && msg.contains("global i32"),
        "{msg}"
    );
    let base = Global::new(
        &mut store,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(0),
    )
    .unwrap();
    linker.define(&store, "env", "base", base).unwrap();
    let e = linker.instantiate(&mut store, &module).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("env::mem") && msg.contains("memory 1"),
        "{msg}"
    );
}

// ---- Module types -------------------------------------------------------------------------

#[test]
fn module_imports_and_exports_report_their_types() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (import "a" "f" (func (param i64 f32) (result f64 i32)))
            (import "a" "g" (global (mut externref)))
            (import "b" "m" (memory 2 7))
            (import "b" "t" (table 3 externref))
            (func (export "h") (param funcref))
            (global (export "k") f64 (f64.const 0))
            (memory (export "mem") 1)
            (table (export "tab") 0 10 funcref)
            (export "f_again" (func 0)))"#,
    )
    .unwrap();
    let imports: Vec<(String, String, ExternType)> = module
        .imports()
        .map(|i| (i.module().to_string(), i.name().to_string(), i.ty()))
        .collect();
    assert_eq!(
        imports,
        vec![
            (
                "a".into(),
                "f".into(),
                ExternType::Func(FuncType::new(
                    [ValType::I64, ValType::F32],
                    [ValType::F64, ValType::I32]
                ))
            ),
            (
                "a".into(),
                "g".into(),
                ExternType::Global(GlobalType::new(ValType::ExternRef, Mutability::Var))
            ),
            (
                "b".into(),
                "m".into(),
                ExternType::Memory(MemoryType::new(2, Some(7)))
            ),
            (
                "b".into(),
                "t".into(),
                ExternType::Table(TableType::new(ValType::ExternRef, 3, None))
            ),
        ]
    );
    let exports: Vec<(String, ExternType)> = module
        .exports()
        .map(|e| (e.name().to_string(), e.ty()))
        .collect();
    assert_eq!(
        exports,
        vec![
            (
                "h".into(),
                ExternType::Func(FuncType::new([ValType::FuncRef], []))
            ),
            (
                "k".into(),
                ExternType::Global(GlobalType::new(ValType::F64, Mutability::Const))
            ),
            ("mem".into(), ExternType::Memory(MemoryType::new(1, None))),
            (
                "tab".into(),
                ExternType::Table(TableType::new(ValType::FuncRef, 0, Some(10)))
            ),
            (
                "f_again".into(),
                ExternType::Func(FuncType::new(
                    [ValType::I64, ValType::F32],
                    [ValType::F64, ValType::I32]
                ))
            ),
        ]
    );
    assert_eq!(module.exports().len(), 5);
    assert_eq!(
        module.get_export("mem"),
        Some(ExternType::Memory(MemoryType::new(1, None)))
    );
    assert!(module.get_export("missing").is_none());
    assert_eq!(module.imports().next().unwrap().ty().kind(), "function");
    // Types print the way error messages show them.
    assert_eq!(
        FuncType::new([ValType::I64, ValType::F32], [ValType::F64, ValType::I32]).to_string(),
        "func(i64, f32) -> (f64, i32)"
    );
    assert_eq!(
        GlobalType::new(ValType::ExternRef, Mutability::Var).to_string(),
        "global (mut externref)"
    );
    assert_eq!(MemoryType::new(2, Some(7)).to_string(), "memory 2 7");
    assert_eq!(
        TableType::new(ValType::FuncRef, 0, Some(10)).to_string(),
        "table 0 10 funcref"
    );
}

#[test]
fn instance_exports_match_the_module() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module (func (export "a")) (memory (export "b") 1) (global (export "c") i32 (i32.const 3)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let names: Vec<String> = i
        .exports(&mut store)
        .iter()
        .map(|e| e.name().to_string())
        .collect();
    assert_eq!(names, ["a", "b", "c"]);
    for e in i.exports(&mut store) {
        let name = e.name().to_string();
        let ext = e.into_extern();
        assert_eq!(Some(ext.ty(&store)), module.get_export(&name), "{name}");
    }
    assert!(
        i.get_func(&mut store, "b").is_none(),
        "a memory is not a function"
    );
    assert!(i.get_memory(&mut store, "a").is_none());
    assert!(i.get_export(&mut store, "zzz").is_none());
}

// ---- ExternRef -------------------------------------------------------------------------

#[test]
fn externref_round_trips_through_tables_and_functions() {
    let engine = engine();
    let module = Module::new(
        &engine,
        r#"(module
            (table $t (export "t") 4 externref)
            (global $last (export "last") (mut externref) (ref.null extern))
            (func (export "put") (param i32 externref) local.get 0 local.get 1 table.set $t)
            (func (export "take") (param i32) (result externref) local.get 0 table.get $t)
            (func (export "is_null") (param externref) (result i32) local.get 0 ref.is_null)
            (func (export "remember") (param externref) (result externref)
                local.get 0 global.set $last global.get $last))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let hello = ExternRef::new(&mut store, String::from("hello"));
    let number = ExternRef::new(&mut store, 42u64);

    let put = i
        .get_typed_func::<(i32, Option<ExternRef>), ()>(&mut store, "put")
        .unwrap();
    let take = i
        .get_typed_func::<i32, Option<ExternRef>>(&mut store, "take")
        .unwrap();
    put.call(&mut store, (0, Some(hello))).unwrap();
    put.call(&mut store, (3, Some(number))).unwrap();
    let back = take.call(&mut store, 0).unwrap().expect("not null");
    assert_eq!(back, hello);
    assert_eq!(
        back.data(&store)
            .downcast_ref::<String>()
            .map(String::as_str),
        Some("hello")
    );
    let back = take.call(&mut store, 3).unwrap().unwrap();
    assert_eq!(back.data(&store).downcast_ref::<u64>(), Some(&42));
    assert!(take.call(&mut store, 1).unwrap().is_none());

    // The table seen from the host holds the same references.
    let t = i.get_table(&mut store, "t").unwrap();
    match t.get(&mut store, 3) {
        Some(Val::ExternRef(Some(r))) => assert_eq!(r, number),
        other => panic!("{other:?}"),
    }
    t.set(&mut store, 2, Val::ExternRef(Some(hello))).unwrap();
    assert_eq!(take.call(&mut store, 2).unwrap(), Some(hello));

    // Through the dynamic API, a global, and ref.is_null.
    let is_null = i.get_func(&mut store, "is_null").unwrap();
    let mut out = [Val::I32(-1)];
    is_null
        .call(&mut store, &[Val::ExternRef(Some(number))], &mut out)
        .unwrap();
    assert_eq!(out[0].i32(), Some(0));
    is_null
        .call(&mut store, &[Val::ExternRef(None)], &mut out)
        .unwrap();
    assert_eq!(out[0].i32(), Some(1));
    let remember = i.get_func(&mut store, "remember").unwrap();
    let mut out = [Val::ExternRef(None)];
    remember
        .call(&mut store, &[Val::ExternRef(Some(hello))], &mut out)
        .unwrap();
    assert!(matches!(out[0], Val::ExternRef(Some(r)) if r == hello));
    let last = i.get_global(&mut store, "last").unwrap();
    assert!(matches!(last.get(&mut store), Val::ExternRef(Some(r)) if r == hello));

    // Through a host function.
    let host = Func::wrap(
        &mut store,
        |mut c: hoist::Caller<'_, ()>, r: Option<ExternRef>| {
            let text = r
                .and_then(|r| r.data(&c).downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Some(ExternRef::new(&mut c, text.len() as u32))
        },
    );
    let typed = host
        .typed::<Option<ExternRef>, Option<ExternRef>>(&store)
        .unwrap();
    let len = typed.call(&mut store, Some(hello)).unwrap().unwrap();
    assert_eq!(len.data(&store).downcast_ref::<u32>(), Some(&5));
}

#[test]
#[should_panic(expected = "does not belong to")]
fn handles_from_another_store_are_refused() {
    let engine = engine();
    let mut a = Store::new(&engine, ());
    let mut b = Store::new(&engine, ());
    let m = Memory::new(&mut a, MemoryType::new(1, None)).unwrap();
    let _ = m.size(&mut b);
}

#[test]
fn values_from_another_store_are_errors() {
    let engine = engine();
    let mut a = Store::new(&engine, ());
    let mut b = Store::new(&engine, ());
    let r = ExternRef::new(&mut a, 1u8);
    let g = Global::new(
        &mut b,
        GlobalType::new(ValType::ExternRef, Mutability::Var),
        Val::ExternRef(None),
    )
    .unwrap();
    let e = g.set(&mut b, Val::ExternRef(Some(r))).unwrap_err();
    assert!(format!("{e:#}").contains("another store"), "{e:#}");
    let f = Func::wrap(&mut a, || {});
    let t = Table::new(
        &mut b,
        TableType::new(ValType::FuncRef, 1, None),
        Val::FuncRef(None),
    )
    .unwrap();
    assert!(t.set(&mut b, 0, Val::FuncRef(Some(f))).is_err());
}

#[test]
fn store_data_and_engine() {
    let engine = engine();
    let mut store = Store::new(&engine, vec![1u8]);
    store.data_mut().push(2);
    assert_eq!(store.data(), &[1, 2]);
    assert!(Engine::same(store.engine(), &engine));
    assert!(!Engine::same(store.engine(), &Engine::default()));
    // A module from another engine cannot be instantiated here.
    let other = Module::new(&Engine::default(), "(module)").unwrap();
    let e = Instance::new(&mut store, &other, &[]).unwrap_err();
    assert!(e.to_string().contains("engine"), "{e}");
    assert_eq!(store.into_data(), vec![1, 2]);
}
