//! Proc-macros of hoist (placeholder until the component bindings land).
