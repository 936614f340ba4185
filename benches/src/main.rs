//! The hoist benchmark harness (placeholder).
fn main() {}
