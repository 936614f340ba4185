//! The `spectest` host module that spec scripts import from: print functions,
//! four globals, a table and a memory, as the reference interpreter defines
//! them.
//!
//! The print functions print nothing (a conformance run's output is its
//! report). Registering script instances under other names is `script`'s job.

use anyhow::Result;
use hoist::{
    Func, Global, GlobalType, Linker, Memory, MemoryType, Mutability, Store, Table, TableType, Val,
    ValType,
};

/// Defines every `spectest` export in `linker`, creating the definitions in `store`.
pub fn define<T: 'static>(linker: &mut Linker<T>, store: &mut Store<T>) -> Result<()> {
    const M: &str = "spectest";
    let print = Func::wrap(&mut *store, || {});
    linker.define(&*store, M, "print", print)?;
    let f = Func::wrap(&mut *store, |_: i32| {});
    linker.define(&*store, M, "print_i32", f)?;
    let f = Func::wrap(&mut *store, |_: i64| {});
    linker.define(&*store, M, "print_i64", f)?;
    let f = Func::wrap(&mut *store, |_: f32| {});
    linker.define(&*store, M, "print_f32", f)?;
    let f = Func::wrap(&mut *store, |_: f64| {});
    linker.define(&*store, M, "print_f64", f)?;
    let f = Func::wrap(&mut *store, |_: i32, _: f32| {});
    linker.define(&*store, M, "print_i32_f32", f)?;
    let f = Func::wrap(&mut *store, |_: f64, _: f64| {});
    linker.define(&*store, M, "print_f64_f64", f)?;

    let globals = [
        ("global_i32", ValType::I32, Val::I32(666)),
        ("global_i64", ValType::I64, Val::I64(666)),
        ("global_f32", ValType::F32, Val::from(666.6f32)),
        ("global_f64", ValType::F64, Val::from(666.6f64)),
    ];
    for (name, ty, value) in globals {
        let g = Global::new(&mut *store, GlobalType::new(ty, Mutability::Const), value)?;
        linker.define(&*store, M, name, g)?;
    }

    let table = Table::new(
        &mut *store,
        TableType::new(ValType::FuncRef, 10, Some(20)),
        Val::FuncRef(None),
    )?;
    linker.define(&*store, M, "table", table)?;
    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2)))?;
    linker.define(&*store, M, "memory", memory)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoist::{Engine, Module};

    #[test]
    fn a_module_can_import_everything_spectest_defines() {
        let engine = Engine::default();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        define(&mut linker, &mut store).unwrap();
        let module = Module::new(
            &engine,
            r#"(module
                (import "spectest" "print" (func))
                (import "spectest" "print_i32" (func (param i32)))
                (import "spectest" "print_i64" (func (param i64)))
                (import "spectest" "print_f32" (func (param f32)))
                (import "spectest" "print_f64" (func (param f64)))
                (import "spectest" "print_i32_f32" (func (param i32 f32)))
                (import "spectest" "print_f64_f64" (func (param f64 f64)))
                (import "spectest" "global_i32" (global i32))
                (import "spectest" "global_i64" (global i64))
                (import "spectest" "global_f32" (global f32))
                (import "spectest" "global_f64" (global f64))
                (import "spectest" "table" (table 10 20 funcref))
                (import "spectest" "memory" (memory 1 2)))"#,
        )
        .unwrap();
        linker.instantiate(&mut store, &module).unwrap();
    }
}
