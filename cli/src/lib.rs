//! Developer tools for hoist (placeholder; the `wast` runner lands here).
