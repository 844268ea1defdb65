//! The manifest: `out/manifest.json`, listing exactly what a run wrote — every file with its
//! SHA-256, size, page count and sources. Written last, atomically.

use super::files::write_atomic;
use super::plan::{Format, Kind};
use super::Error;
use crate::model::ActId;
use serde::Serialize;
use std::path::Path;

/// A manifest row.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub path: String,
    pub organisation: String,
    pub points: [u32; 3],
    pub position: String,
    pub employee: Option<String>,
    pub kind: Kind,
    pub format: Format,
    /// Pages as laid out by lauazym (PDF). A DOCX is paginated by the word processor: null.
    pub pages: Option<u32>,
    pub bytes: u64,
    pub sha256: String,
    pub acts: Vec<ActId>,
    pub sources: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub generator: String,
    pub acts: Vec<ActId>,
    /// Repairs and warnings of loading the acts (`lauazym check` lists them).
    pub review: crate::model::review::Summary,
    pub files: Vec<Entry>,
}

/// Lower-case hexadecimal, as `sha256sum` prints it.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Write the manifest atomically.
pub fn write_manifest(out: &Path, manifest: &Manifest) -> Result<(), Error> {
    let mut json = serde_json::to_vec_pretty(manifest).map_err(Error::Manifest)?;
    json.push(b'\n');
    write_atomic(&out.join("manifest.json"), &json)
}
