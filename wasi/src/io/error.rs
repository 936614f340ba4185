//! `wasi:io/error`: the `error` resource a failed stream operation hands
//! the guest, holding the host's error.

use hoist_runtime::component::Resource;

use crate::bindings::wasi::io::error::{Host, HostError};
use crate::WasiView;

/// The host value behind a guest's `wasi:io/error.error` handle.
#[derive(Debug)]
pub struct IoError(pub anyhow::Error);

impl<T: WasiView> HostError for T {
    async fn to_debug_string(&mut self, err: Resource<IoError>) -> anyhow::Result<String> {
        Ok(format!("{:?}", self.ctx().table.get(&err)?.0))
    }

    async fn drop(&mut self, err: Resource<IoError>) -> anyhow::Result<()> {
        self.ctx().table.delete(err)?;
        Ok(())
    }
}

impl<T: WasiView> Host for T {}
