//! Helpers shared by the generator's integration tests.

pub mod corpus;
