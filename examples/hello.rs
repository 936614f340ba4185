//! Loads `examples/hello.wat`, links a host import that reads a string out of
//! the guest's memory, and calls two exports.
//!
//! Run with `cargo run --example hello`.

use hoist::{Caller, Engine, Linker, Module, Store};

fn main() -> anyhow::Result<()> {
    let engine = Engine::default();
    let module = Module::from_file(
        &engine,
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/hello.wat"),
    )?;

    let mut linker = Linker::new(&engine);
    linker.func_wrap(
        "host",
        "print",
        |mut caller: Caller<'_, Vec<String>>, ptr: i32, len: i32| {
            let memory = caller
                .get_export("memory")
                .and_then(|e| e.into_memory())
                .ok_or_else(|| anyhow::anyhow!("no memory export"))?;
            let mut bytes = vec![0; len as usize];
            memory.read(&caller, ptr as usize, &mut bytes)?;
            let text = String::from_utf8(bytes)?;
            println!("guest says: {text}");
            caller.data_mut().push(text);
            anyhow::Ok(())
        },
    )?;

    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &module)?;
    instance
        .get_typed_func::<(), ()>(&mut store, "run")?
        .call(&mut store, ())?;
    let fib = instance.get_typed_func::<i32, i32>(&mut store, "fib")?;
    println!("fib(20) = {}", fib.call(&mut store, 20)?);
    println!("the host received {} message(s)", store.data().len());
    Ok(())
}
