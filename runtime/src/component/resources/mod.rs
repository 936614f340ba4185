//! Resources, one file per part: run-time resource types ([`ResourceType`]), the handle table of
//! each component instance (the spec's `handles` table of `ResourceHandle`s),
//! the handles the host holds ([`ResourceAny`] for any resource,
//! [`Resource`] for the host's own types), and the moves of handles that
//! lifting and lowering `own` and `borrow` make ([`ResourceCx`]).
//!
//! The built-ins `resource.new`, `resource.drop` and `resource.rep` are
//! here too, as functions of the store; `instance.rs` makes them into core
//! functions. Which resource types a component has is decided at compile
//! time (`translate/`); what an instance's are at run time is in
//! `store::InstanceData::resources`.
//!
//! Files: `resource_type` ([`ResourceType`]), `table` (handle tables),
//! `host` ([`ResourceAny`], [`Resource`]), `dtor` (destructors), `builtins`
//! (`resource.new`/`rep`/`drop`), `cx` ([`ResourceCx`]), `loans` (handles
//! lent to a call).

mod builtins;
mod cx;
mod dtor;
mod host;
mod loans;
mod resource_type;
mod table;

pub(crate) use builtins::*;
pub(crate) use cx::*;
pub(crate) use dtor::*;
pub(crate) use host::*;
pub use host::{Resource, ResourceAny};
pub(crate) use loans::*;
use resource_type::Kind;
pub use resource_type::ResourceType;
pub(crate) use table::*;
