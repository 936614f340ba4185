//! Loads `examples/component.wat`, a component that imports `log: func(msg:
//! string)` and exports `greet: func(name: string) -> string`, links the import
//! to a Rust closure and calls the export with typed arguments.
//!
//! Run with `cargo run --example component`.

use hoist::component::{Component, Linker};
use hoist::{Engine, Store, StoreContextMut};

fn main() -> anyhow::Result<()> {
    let engine = Engine::default();
    let component = Component::from_file(
        &engine,
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/component.wat"),
    )?;

    // The host side of the `log` import: the store's data collects the lines.
    let mut linker = Linker::<Vec<String>>::new(&engine);
    linker.root().func_wrap(
        "log",
        |mut store: StoreContextMut<'_, Vec<String>>, (msg,): (String,)| {
            println!("guest logged: {msg}");
            store.data_mut().push(msg);
            Ok(())
        },
    )?;

    let mut store = Store::new(&engine, Vec::new());
    let instance = linker.instantiate(&mut store, &component)?;
    let greet = instance.get_typed_func::<(&str,), (String,)>(&mut store, "greet")?;
    for name in ["world", "WebAssembly components"] {
        // `call` lifts the result into a `String`, then runs the guest's
        // `post-return` (which resets its allocator), so the next call can follow.
        let (greeting,) = greet.call(&mut store, (name,))?;
        println!("greet({name:?}) = {greeting:?}");
    }
    println!("the host received {} log line(s)", store.data().len());
    Ok(())
}
