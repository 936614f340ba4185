//! `directory-entry-stream`: [`ReaddirIterator`], a directory's entries
//! read one at a time as the guest asks, without `.` and `..`.
//!
//! Making one (`read-directory`, with its permission check) is in
//! `descriptor`.

use std::sync::Mutex;

use anyhow::Result;
use hoist_runtime::component::Resource;

use crate::bindings::wasi::filesystem::types::{
    DirectoryEntry, ErrorCode, HostDirectoryEntryStream,
};
use crate::filesystem::errors::convert_error_code;
use crate::filesystem::stat::descriptor_type;
use crate::filesystem::FsError;
use crate::WasiView;

/// The host value behind a `directory-entry-stream` handle: an open
/// listing of one directory, read lazily.
pub struct ReaddirIterator(Mutex<cap_std::fs::ReadDir>);

impl ReaddirIterator {
    pub(crate) fn new(entries: cap_std::fs::ReadDir) -> ReaddirIterator {
        ReaddirIterator(Mutex::new(entries))
    }

    /// The next entry; `None` at the end. An entry whose name is not
    /// Unicode is an `illegal-byte-sequence` error, and the listing goes
    /// on after it.
    pub(crate) fn next_entry(&mut self) -> Result<Option<DirectoryEntry>, FsError> {
        let entries = self.0.get_mut().unwrap_or_else(|e| e.into_inner());
        let Some(entry) = entries.next() else {
            return Ok(None);
        };
        let entry = entry?;
        let r#type = descriptor_type(entry.file_type()?);
        let name = entry
            .file_name()
            .into_string()
            .map_err(|_| ErrorCode::IllegalByteSequence)?;
        Ok(Some(DirectoryEntry { r#type, name }))
    }
}

impl std::fmt::Debug for ReaddirIterator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReaddirIterator").finish_non_exhaustive()
    }
}

impl<T: WasiView> HostDirectoryEntryStream for T {
    async fn read_directory_entry(
        &mut self,
        stream: Resource<ReaddirIterator>,
    ) -> Result<Option<DirectoryEntry>, FsError> {
        self.ctx().table.get_mut(&stream)?.next_entry()
    }

    async fn drop(&mut self, stream: Resource<ReaddirIterator>) -> Result<()> {
        self.ctx().table.delete(stream)?;
        Ok(())
    }

    fn convert_error_code(&mut self, err: FsError) -> Result<ErrorCode> {
        convert_error_code(err)
    }
}
