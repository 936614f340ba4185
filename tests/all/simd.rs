//! Fixed-width SIMD through the embedding API: `v128` values cross the
//! host boundary intact (dynamic calls, host functions, globals), vector
//! accesses out of bounds trap under both bounds strategies, and an engine
//! with SIMD turned off rejects `v128` with a clear error. The operators
//! themselves are covered by the `simd_*` spec scripts (`tests/all/spec_core.rs`).

use hoist::{
    BoundsChecks, Config, Engine, Func, FuncType, Global, GlobalType, Instance, Linker, Module,
    Mutability, Store, Trap, Val, ValType,
};

/// Lanes 0..16 hold 0x00, 0x11, …, 0xff: every byte distinct, so a swapped
/// or truncated lane shows.
const PATTERN: u128 = 0xffee_ddcc_bbaa_9988_7766_5544_3322_1100;

#[test]
fn v128_values_cross_dynamic_calls_intact() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (func (export "swap_halves") (param v128) (result v128)
              local.get 0 local.get 0
              i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7)
            (func (export "add") (param v128 v128 i32) (result v128 i32)
              local.get 0 local.get 1 i32x4.add local.get 2))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let i = Instance::new(&mut store, &module, &[]).unwrap();
    let swap = i.get_func(&mut store, "swap_halves").unwrap();
    assert_eq!(
        swap.ty(&store),
        FuncType::new([ValType::V128], [ValType::V128])
    );
    let mut out = [Val::I32(0)];
    swap.call(&mut store, &[Val::V128(PATTERN)], &mut out)
        .unwrap();
    assert_eq!(out[0].v128(), Some(PATTERN.rotate_left(64)));

    let add = i.get_func(&mut store, "add").unwrap();
    let a = u128::from_le_bytes(
        [1u32, 2, 3, u32::MAX]
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect::<Vec<u8>>()
            .try_into()
            .unwrap(),
    );
    let mut out = [Val::I32(0), Val::I32(0)];
    add.call(
        &mut store,
        &[Val::V128(a), Val::V128(a), Val::I32(7)],
        &mut out,
    )
    .unwrap();
    let sum = out[0].v128().unwrap().to_le_bytes();
    let lanes: Vec<u32> = sum
        .chunks(4)
        .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(lanes, [2, 4, 6, u32::MAX - 1], "lane-wise add, wrapping");
    assert_eq!(out[1].i32(), Some(7));

    // A mistyped argument is refused before wasm runs.
    let e = swap
        .call(&mut store, &[Val::I64(1)], &mut [Val::I32(0)])
        .unwrap_err();
    let msg = format!("{e:#}");
    assert!(msg.contains("v128") && msg.contains("i64"), "{msg}");
}

#[test]
fn host_functions_take_and_return_v128() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "reverse" (func $rev (param v128 i32) (result v128)))
            (func (export "twice") (param v128) (result v128)
              local.get 0 i32.const 1 call $rev
              i32.const 2 call $rev))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, Vec::<(u128, i32)>::new());
    let mut linker = Linker::new(&engine);
    let reverse = Func::new(
        &mut store,
        FuncType::new([ValType::V128, ValType::I32], [ValType::V128]),
        |mut caller, params, results| {
            let v = params[0].v128().expect("a v128 argument");
            let tag = params[1].i32().expect("an i32 argument");
            caller.data_mut().push((v, tag));
            results[0] = Val::V128(u128::from_le_bytes({
                let mut b = v.to_le_bytes();
                b.reverse();
                b
            }));
            Ok(())
        },
    );
    linker.define(&store, "host", "reverse", reverse).unwrap();
    let i = linker.instantiate(&mut store, &module).unwrap();
    let twice = i.get_func(&mut store, "twice").unwrap();
    let mut out = [Val::I32(0)];
    twice
        .call(&mut store, &[Val::V128(PATTERN)], &mut out)
        .unwrap();
    assert_eq!(out[0].v128(), Some(PATTERN), "reversed twice");
    let reversed = u128::from_le_bytes({
        let mut b = PATTERN.to_le_bytes();
        b.reverse();
        b
    });
    assert_eq!(store.data(), &[(PATTERN, 1), (reversed, 2)]);
}

#[test]
fn v128_globals_read_and_written_from_both_sides() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "g" (global $g (mut v128)))
            (global $c (export "c") v128 (v128.const i64x2 -1 2))
            (func (export "bump") global.get $g global.get $c i64x2.add global.set $g))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::V128, Mutability::Var),
        Val::V128(PATTERN),
    )
    .unwrap();
    let i = Instance::new(&mut store, &module, &[g.into()]).unwrap();
    let c = i.get_global(&mut store, "c").unwrap();
    let c_bits = (2u128 << 64) | u128::from(u64::MAX);
    assert_eq!(c.get(&mut store).v128(), Some(c_bits));
    i.get_func(&mut store, "bump")
        .unwrap()
        .call(&mut store, &[], &mut [])
        .unwrap();
    let lo = (PATTERN as u64).wrapping_add(u64::MAX);
    let hi = ((PATTERN >> 64) as u64).wrapping_add(2);
    assert_eq!(
        g.get(&mut store).v128(),
        Some((u128::from(hi) << 64) | u128::from(lo))
    );
    g.set(&mut store, Val::V128(0)).unwrap();
    assert_eq!(g.get(&mut store).v128(), Some(0));
    assert!(g.set(&mut store, Val::I32(0)).is_err(), "mistyped set");
}

#[test]
fn vector_accesses_out_of_bounds_trap_under_both_strategies() {
    for strategy in [BoundsChecks::GuardPages, BoundsChecks::Explicit] {
        let mut config = Config::new();
        config.bounds_checks(strategy);
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(
            &engine,
            r#"(module (memory 1)
                (func (export "load") (param i32) (result v128) local.get 0 v128.load)
                (func (export "store_lane") (param i32)
                  local.get 0 v128.const i64x2 1 2 v128.store64_lane 1)
                (func (export "splat") (param i32) (result v128)
                  local.get 0 v128.load32_splat offset=65532))"#,
        )
        .unwrap();
        let mut store = Store::new(&engine, ());
        let i = Instance::new(&mut store, &module, &[]).unwrap();
        let load = i.get_func(&mut store, "load").unwrap();
        let mut out = [Val::I32(0)];
        // The last 16 bytes are in bounds; one byte further is not.
        load.call(&mut store, &[Val::I32(65520)], &mut out).unwrap();
        for bad in [65521, -1] {
            let e = load
                .call(&mut store, &[Val::I32(bad)], &mut out)
                .unwrap_err();
            assert_eq!(
                e.downcast_ref::<Trap>(),
                Some(&Trap::MemoryOutOfBounds),
                "{strategy:?}, v128.load at {bad}: {e:#}"
            );
        }
        let store_lane = i.get_func(&mut store, "store_lane").unwrap();
        store_lane
            .call(&mut store, &[Val::I32(65528)], &mut [])
            .unwrap();
        let e = store_lane
            .call(&mut store, &[Val::I32(65529)], &mut [])
            .unwrap_err();
        assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
        let splat = i.get_func(&mut store, "splat").unwrap();
        splat.call(&mut store, &[Val::I32(0)], &mut out).unwrap();
        let e = splat
            .call(&mut store, &[Val::I32(1)], &mut out)
            .unwrap_err();
        assert_eq!(e.downcast_ref::<Trap>(), Some(&Trap::MemoryOutOfBounds));
        // The store stays usable after the traps.
        load.call(&mut store, &[Val::I32(0)], &mut out).unwrap();
    }
}

#[test]
fn simd_can_be_turned_off() {
    let mut config = Config::new();
    config.wasm_simd(false);
    let engine = Engine::new(&config).unwrap();
    let e = Module::new(
        &engine,
        r#"(module (func (result v128) v128.const i32x4 0 0 0 0))"#,
    )
    .unwrap_err();
    let msg = format!("{e:#}");
    assert!(msg.to_lowercase().contains("simd"), "{msg}");
}

#[test]
fn typed_calls_and_typed_host_functions_with_v128() {
    use hoist::V128;
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "mix" (func $mix (param i32 v128 f64) (result v128)))
            (func (export "id") (param v128) (result v128) local.get 0)
            (func (export "mixed") (param i32 v128 f64) (result v128)
              local.get 0 local.get 1 local.get 2 call $mix)
            (func (export "pair") (param v128) (result v128 i32)
              local.get 0 local.get 0 i8x16.bitmask))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "mix", |a: i32, v: V128, f: f64| -> V128 {
            // Lane 0 (low 32 bits) gets `a`, lane 3 gets the f64's low bits.
            let bits = v.as_u128() & !0xffff_ffffu128 & !(0xffff_ffffu128 << 96);
            V128::new(bits | u128::from(a as u32) | (u128::from(f.to_bits() as u32) << 96))
        })
        .unwrap();
    let i = linker.instantiate(&mut store, &module).unwrap();

    let id = i.get_typed_func::<V128, V128>(&mut store, "id").unwrap();
    assert_eq!(
        id.call(&mut store, V128::new(PATTERN)).unwrap(),
        V128::new(PATTERN)
    );

    let mixed = i
        .get_typed_func::<(i32, V128, f64), V128>(&mut store, "mixed")
        .unwrap();
    let got = mixed
        .call(
            &mut store,
            (-2, V128::new(PATTERN), f64::from_bits(0x1234_5678)),
        )
        .unwrap()
        .as_u128();
    assert_eq!(got as u32, (-2i32) as u32, "lane 0 from the i32");
    assert_eq!((got >> 96) as u32, 0x1234_5678, "lane 3 from the f64");
    assert_eq!(
        (got >> 32) as u64,
        (PATTERN >> 32) as u64,
        "lanes 1 and 2 pass through"
    );

    // Two results come back through memory rather than registers.
    let pair = i
        .get_typed_func::<V128, (V128, i32)>(&mut store, "pair")
        .unwrap();
    let (v, mask) = pair.call(&mut store, V128::new(PATTERN)).unwrap();
    assert_eq!(v, V128::new(PATTERN));
    // Bytes 0x88..0xff (lanes 8..15) have their top bit set.
    assert_eq!(mask, 0xff00);

    // The typed view is checked against the function's real type.
    let e = i.get_typed_func::<i64, V128>(&mut store, "id").unwrap_err();
    let msg = format!("{e:#}");
    assert!(msg.contains("v128") && msg.contains("i64"), "{msg}");
}
