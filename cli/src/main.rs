//! The `hoist` command-line tool (placeholder).
fn main() {}
