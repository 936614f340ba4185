//! `wasi:filesystem/preopens`: the directories the embedder granted
//! (with `WasiCtxBuilder::preopened_dir`, in `filesystem`), each as a new
//! descriptor with the path the guest knows it by.

use anyhow::{Context, Result};
use hoist_runtime::component::Resource;

use crate::bindings::wasi::filesystem::preopens::Host;
use crate::bindings::wasi::filesystem::types::DescriptorFlags;
use crate::filesystem::Descriptor;
use crate::WasiView;

impl<T: WasiView> Host for T {
    async fn get_directories(&mut self) -> Result<Vec<(Resource<Descriptor>, String)>> {
        let view = self.ctx();
        let mut dirs = Vec::with_capacity(view.ctx.fs.preopens.len());
        for preopen in &view.ctx.fs.preopens {
            let descriptor = Descriptor::dir(
                preopen.dir.clone(),
                preopen.perms,
                preopen.file_perms,
                DescriptorFlags::empty(),
            );
            let handle = view
                .table
                .push(descriptor)
                .with_context(|| format!("cannot hand out the preopen {}", preopen.guest_path))?;
            dirs.push((handle, preopen.guest_path.clone()));
        }
        Ok(dirs)
    }
}
