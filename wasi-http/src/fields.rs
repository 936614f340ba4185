//! `wasi:http/types.fields`: header and trailer fields, [`Fields`], with
//! the spec's validation (names are tokens, values hold no CR, LF, NUL or
//! other control characters but tab), the embedder's forbidden names, and
//! immutability (fields a request or response holds cannot change).

use hoist_runtime::component::Resource;
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::bindings::wasi::http::types::{self as wit, HostFields};
use crate::{HeaderError, WasiHttpView};

/// The host value behind a guest's `fields` handle: names and values in
/// the order they were added, with the names' original case.
#[derive(Clone, Debug, Default)]
pub struct Fields {
    entries: Vec<(String, Vec<u8>)>,
    /// How many bytes the names and values take, against `limit`.
    size: usize,
    /// `None`: immutable.
    limit: Option<usize>,
}

/// The accounting size of one entry: its bytes, plus a little, so that
/// empty values count too.
fn entry_size(name: &str, value: &[u8]) -> usize {
    name.len() + value.len() + 32
}

/// Whether `name` is a field name: an RFC 9110 token.
pub fn is_valid_field_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// Whether `value` is a field value: no control character but tab (so no
/// CR, LF or NUL) and no DEL; bytes from 0x80 (`obs-text`) are allowed.
pub fn is_valid_field_value(value: &[u8]) -> bool {
    value
        .iter()
        .all(|&b| (b >= 0x20 && b != 0x7f) || b == b'\t')
}

/// Whether `value` is a `content-length`: digits only.
fn is_valid_content_length(value: &[u8]) -> bool {
    !value.is_empty() && value.iter().all(u8::is_ascii_digit)
}

impl Fields {
    /// Empty fields that may grow to `limit` bytes of names and values.
    pub fn new_mutable(limit: usize) -> Fields {
        Fields {
            entries: Vec::new(),
            size: 0,
            limit: Some(limit),
        }
    }

    /// Immutable fields holding `map` (as received from a peer), less the
    /// names `forbidden` says a guest may not see.
    pub fn from_header_map(map: &HeaderMap, forbidden: impl Fn(&HeaderName) -> bool) -> Fields {
        let mut fields = Fields::default();
        for (name, value) in map {
            if forbidden(name) {
                continue;
            }
            fields.size += entry_size(name.as_str(), value.as_bytes());
            fields
                .entries
                .push((name.as_str().to_owned(), value.as_bytes().to_vec()));
        }
        fields
    }

    /// The names and values, in order.
    pub fn entries(&self) -> &[(String, Vec<u8>)] {
        &self.entries
    }

    /// The values of `name` (compared without regard to case).
    pub fn get(&self, name: &str) -> impl Iterator<Item = &[u8]> + '_ {
        let name = name.to_owned();
        self.entries
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(&name))
            .map(|(_, v)| v.as_slice())
    }

    /// Whether `set`, `append` and `delete` may change these fields.
    pub fn is_mutable(&self) -> bool {
        self.limit.is_some()
    }

    /// Makes these fields immutable (given to a request or response).
    pub(crate) fn freeze(&mut self) {
        self.limit = None;
    }

    /// Makes these fields mutable, up to `limit` bytes (a guest's copy).
    pub(crate) fn thaw(&mut self, limit: usize) {
        self.limit = Some(limit);
    }

    /// The fields as a `HeaderMap` (names lowercased), to send.
    pub fn to_header_map(&self) -> Result<HeaderMap, http::Error> {
        let mut map = HeaderMap::with_capacity(self.entries.len());
        for (name, value) in &self.entries {
            map.try_append(
                HeaderName::from_bytes(name.as_bytes())?,
                HeaderValue::from_bytes(value)?,
            )?;
        }
        Ok(map)
    }

    /// The value of `content-length`, if there is one; `Err` for an
    /// invalid one.
    pub(crate) fn content_length(&self) -> Result<Option<u64>, ()> {
        let mut values = self.get("content-length");
        let Some(value) = values.next() else {
            return Ok(None);
        };
        if values.next().is_some() || !is_valid_content_length(value) {
            return Err(());
        }
        std::str::from_utf8(value)
            .ok()
            .and_then(|v| v.parse().ok())
            .map(Some)
            .ok_or(())
    }

    /// The room left under the limit, or `immutable`.
    fn limit(&self) -> Result<usize, HeaderError> {
        self.limit
            .ok_or(HeaderError::Code(wit::HeaderError::Immutable))
    }

    /// Adds `values` for `name`, after checks.
    fn push_all(&mut self, name: &str, values: Vec<Vec<u8>>) -> Result<(), HeaderError> {
        let limit = self.limit()?;
        let added: usize = values.iter().map(|v| entry_size(name, v)).sum();
        if self.size.saturating_add(added) > limit {
            return Err(HeaderError::Trap(anyhow::anyhow!(
                "wasi:http/types.fields: the fields would hold more than the host's limit of \
                 {limit} bytes of names and values"
            )));
        }
        self.size += added;
        for value in values {
            self.entries.push((name.to_owned(), value));
        }
        Ok(())
    }

    /// Removes every value of `name`.
    fn remove_all(&mut self, name: &str) {
        let mut removed = 0;
        self.entries.retain(|(n, v)| {
            let keep = !n.eq_ignore_ascii_case(name);
            if !keep {
                removed += entry_size(n, v);
            }
            keep
        });
        self.size -= removed;
    }
}

/// Checks a name a guest gives to change fields: syntax, then the
/// embedder's forbidden names.
fn check_name<T: WasiHttpView>(host: &mut T, name: &str) -> Result<(), HeaderError> {
    if !is_valid_field_name(name) {
        return Err(wit::HeaderError::InvalidSyntax.into());
    }
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| HeaderError::Code(wit::HeaderError::InvalidSyntax))?;
    if host.http_ctx().hooks.is_forbidden_header(&name) {
        return Err(wit::HeaderError::Forbidden.into());
    }
    Ok(())
}

/// Checks values a guest gives for `name`.
fn check_values(name: &str, values: &[Vec<u8>]) -> Result<(), HeaderError> {
    if !values.iter().all(|v| is_valid_field_value(v)) {
        return Err(wit::HeaderError::InvalidSyntax.into());
    }
    if name.eq_ignore_ascii_case("content-length")
        && (values.len() > 1 || !values.iter().all(|v| is_valid_content_length(v)))
    {
        // One value, digits only: anything else makes the body's framing
        // ambiguous.
        return Err(wit::HeaderError::InvalidSyntax.into());
    }
    Ok(())
}

impl<T: WasiHttpView> HostFields for T {
    async fn new(&mut self) -> anyhow::Result<Resource<Fields>> {
        let limit = self.http_ctx().field_size_limit;
        self.ctx().table.push(Fields::new_mutable(limit))
    }

    async fn from_list(
        &mut self,
        entries: Vec<(String, Vec<u8>)>,
    ) -> Result<Resource<Fields>, HeaderError> {
        let mut fields = Fields::new_mutable(self.http_ctx().field_size_limit);
        for (name, value) in entries {
            check_name(self, &name)?;
            check_values(&name, std::slice::from_ref(&value))?;
            if name.eq_ignore_ascii_case("content-length")
                && fields.get("content-length").next().is_some()
            {
                return Err(wit::HeaderError::InvalidSyntax.into());
            }
            fields.push_all(&name, vec![value])?;
        }
        Ok(self.ctx().table.push(fields)?)
    }

    async fn get(
        &mut self,
        fields: Resource<Fields>,
        name: String,
    ) -> anyhow::Result<Vec<Vec<u8>>> {
        let fields = self.ctx().table.get(&fields)?;
        Ok(fields.get(&name).map(<[u8]>::to_vec).collect())
    }

    async fn has(&mut self, fields: Resource<Fields>, name: String) -> anyhow::Result<bool> {
        let fields = self.ctx().table.get(&fields)?;
        Ok(fields.get(&name).next().is_some())
    }

    async fn set(
        &mut self,
        fields: Resource<Fields>,
        name: String,
        values: Vec<Vec<u8>>,
    ) -> Result<(), HeaderError> {
        self.ctx().table.get(&fields)?.limit()?;
        check_name(self, &name)?;
        check_values(&name, &values)?;
        let fields = self.ctx().table.get_mut(&fields)?;
        let before = fields.clone();
        fields.remove_all(&name);
        if let Err(e) = fields.push_all(&name, values) {
            *fields = before;
            return Err(e);
        }
        Ok(())
    }

    async fn delete(&mut self, fields: Resource<Fields>, name: String) -> Result<(), HeaderError> {
        self.ctx().table.get(&fields)?.limit()?;
        check_name(self, &name)?;
        self.ctx().table.get_mut(&fields)?.remove_all(&name);
        Ok(())
    }

    async fn append(
        &mut self,
        fields: Resource<Fields>,
        name: String,
        value: Vec<u8>,
    ) -> Result<(), HeaderError> {
        self.ctx().table.get(&fields)?.limit()?;
        check_name(self, &name)?;
        check_values(&name, std::slice::from_ref(&value))?;
        let fields = self.ctx().table.get_mut(&fields)?;
        if name.eq_ignore_ascii_case("content-length") && fields.get(&name).next().is_some() {
            return Err(wit::HeaderError::InvalidSyntax.into());
        }
        fields.push_all(&name, vec![value])
    }

    async fn entries(
        &mut self,
        fields: Resource<Fields>,
    ) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
        Ok(self.ctx().table.get(&fields)?.entries.clone())
    }

    async fn clone(&mut self, fields: Resource<Fields>) -> anyhow::Result<Resource<Fields>> {
        let limit = self.http_ctx().field_size_limit;
        let mut copy = self.ctx().table.get(&fields)?.clone();
        copy.thaw(limit.max(copy.size));
        self.ctx().table.push(copy)
    }

    async fn drop(&mut self, fields: Resource<Fields>) -> anyhow::Result<()> {
        self.ctx().table.delete(fields)?;
        Ok(())
    }

    fn convert_header_error(&mut self, err: HeaderError) -> anyhow::Result<wit::HeaderError> {
        match err {
            HeaderError::Code(code) => Ok(code),
            HeaderError::Trap(e) => Err(e),
        }
    }
}
