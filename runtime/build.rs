//! Builds the one C file of the runtime: the setjmp/longjmp pair that traps use
//! to leave WebAssembly frames (see `src/vm/traps.rs`).

fn main() {
    println!("cargo:rerun-if-changed=src/vm/helpers.c");
    cc::Build::new()
        .file("src/vm/helpers.c")
        .warnings(true)
        .compile("hoist_helpers");
}
