//! The data folder: the CLI's own files (`orgs/<id>.toml`, `acts/<name>.txt`), written safely.
//!
//! The server names every file: an organisation's id must already be a valid slug (else the
//! answer is 404 — refused, not cleaned up), and an uploaded act is named from its own identity.
//! Each write goes to a temporary file beside its target, is flushed to disk (`sync_all`: a
//! profile is the only copy of an office's work) and renamed into place, so a killed server
//! leaves the old file or the new one, never half of one; debris of a killed write is swept at
//! start. The version of a profile is the SHA-256 of its bytes; check-and-rename runs under one
//! lock per data folder, so of two saves from the same version only the first wins.

use super::error::Error;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The suffix `export::sweep_temporaries` recognises (`.<name>.<pid>.<n>.lauazym-tmp`).
const TMP_SUFFIX: &str = ".lauazym-tmp";
static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Whether `id` can name a file as it is: a non-empty slug (`[a-z0-9-]`, at most 60 characters).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= crate::slug::MAX_LEN && crate::slug::slug(id) == id
}

/// The version of stored bytes.
pub fn version(bytes: &[u8]) -> String {
    crate::export::hex(&Sha256::digest(bytes))
}

/// Write `bytes` to `path` atomically and durably: temporary file, `sync_all`, rename, then the
/// folder is synced so the rename itself survives a power cut.
pub fn write_durable(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp =
        dir.join(format!(".{name}.{}.{}{TMP_SUFFIX}", std::process::id(), TMP_COUNTER.fetch_add(1, Ordering::Relaxed)));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// What a write expects to replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// Nothing: the id must be free.
    New,
    /// The stored file must still have this version.
    Version(String),
}

pub struct Store {
    root: PathBuf,
    lock: tokio::sync::Mutex<()>,
}

/// A stored profile: its text and version.
pub struct Stored {
    pub text: String,
    pub version: String,
}

impl Store {
    /// Open the data folder, creating it on first start with the sample organisation and the
    /// default act, so the CLI (`lauazym export --org DIR/orgs --act DIR/acts/…`) reads the same.
    pub fn open(root: &Path) -> std::io::Result<Store> {
        let fresh = !root.join("orgs").exists() && !root.join("acts").exists();
        std::fs::create_dir_all(root.join("orgs"))?;
        std::fs::create_dir_all(root.join("acts"))?;
        if fresh {
            write_durable(&root.join(crate::org::SAMPLE.0), crate::org::SAMPLE.1.as_bytes())?;
            write_durable(&root.join(crate::DEFAULT_ACT.0), crate::DEFAULT_ACT.1.as_bytes())?;
        }
        crate::export::sweep_temporaries(root);
        let _ = std::fs::remove_dir_all(root.join(".tmp"));
        Ok(Store { root: root.to_path_buf(), lock: tokio::sync::Mutex::new(()) })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A scratch folder inside the data folder (same file system, so renames stay atomic).
    pub fn scratch(&self) -> std::io::Result<PathBuf> {
        let dir = self.root.join(".tmp").join(format!(
            "{}-{}",
            std::process::id(),
            TMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }

    /// The profile file of `id` relative to the data folder (`orgs/<id>.toml`), as it is named
    /// in messages and manifests. `id` must be valid.
    pub fn org_file(id: &str) -> String {
        format!("orgs/{id}.toml")
    }

    fn org_path(&self, id: &str) -> Result<PathBuf, Error> {
        if !valid_id(id) {
            return Err(Error::NotFound);
        }
        Ok(self.root.join("orgs").join(format!("{id}.toml")))
    }

    /// Ids of the stored profiles, sorted; files whose names are not valid ids are skipped (and
    /// returned second, so the page can say so).
    pub fn org_ids(&self) -> (Vec<String>, Vec<String>) {
        let mut ids = Vec::new();
        let mut skipped = Vec::new();
        if let Ok(rd) = std::fs::read_dir(self.root.join("orgs")) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let Some(stem) = name.strip_suffix(".toml") else { continue };
                if name.starts_with('.') {
                    continue;
                }
                if valid_id(stem) {
                    ids.push(stem.to_string());
                } else {
                    skipped.push(name);
                }
            }
        }
        ids.sort();
        skipped.sort();
        (ids, skipped)
    }

    pub fn read_org(&self, id: &str) -> Result<Stored, Error> {
        let path = self.org_path(id)?;
        match std::fs::read(&path) {
            Ok(bytes) => {
                let version = version(&bytes);
                let text = String::from_utf8(bytes)
                    .map_err(|_| Error::BadRequest(format!("{}: not UTF-8 text", Self::org_file(id))))?;
                Ok(Stored { text, version })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NotFound),
            Err(e) => Err(Error::internal(format!("{}: {e}", path.display()))),
        }
    }

    fn current_version(path: &Path) -> Result<Option<String>, Error> {
        match std::fs::read(path) {
            Ok(b) => Ok(Some(version(&b))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::internal(format!("{}: {e}", path.display()))),
        }
    }

    /// Store a profile that has already been validated, if the stored one is still `expect`.
    pub async fn save_org(&self, id: &str, expect: &Expect, bytes: &[u8]) -> Result<String, Error> {
        let path = self.org_path(id)?;
        let _guard = self.lock.lock().await;
        match (expect, Self::current_version(&path)?) {
            (Expect::New, Some(_)) => {
                return Err(Error::Exists(format!("an organisation with id \"{id}\" already exists")))
            }
            (Expect::Version(_), None) => return Err(Error::NotFound),
            (Expect::Version(want), Some(have)) if *want != have => return Err(Error::Conflict { current: have }),
            _ => {}
        }
        write_durable(&path, bytes).map_err(|e| Error::internal(format!("{}: {e}", path.display())))?;
        Ok(version(bytes))
    }

    /// Delete a profile of version `expect`: it is moved to `.deleted/<id>-<version>.toml`, not
    /// destroyed, so a mistaken click loses nothing.
    pub async fn delete_org(&self, id: &str, expect: &str) -> Result<(), Error> {
        let path = self.org_path(id)?;
        let _guard = self.lock.lock().await;
        match Self::current_version(&path)? {
            None => return Err(Error::NotFound),
            Some(have) if have != expect => return Err(Error::Conflict { current: have }),
            Some(_) => {}
        }
        let bin = self.root.join(".deleted");
        let io = |e: std::io::Error| Error::internal(format!("{}: {e}", path.display()));
        std::fs::create_dir_all(&bin).map_err(io)?;
        std::fs::rename(&path, bin.join(format!("{id}-{}.toml", &expect[..expect.len().min(12)]))).map_err(io)?;
        Ok(())
    }

    /// The act files (`acts/*.txt`), sorted by name, with their bytes.
    pub fn acts(&self) -> std::io::Result<Vec<(String, Vec<u8>)>> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(self.root.join("acts"))?.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".txt") && !name.starts_with('.') {
                out.push((format!("acts/{name}"), std::fs::read(e.path())?));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Store an act that has already loaded and consolidated, under the name the server chose.
    pub async fn add_act(&self, file: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = crate::export::contained(&self.root, Path::new(file)).map_err(|_| Error::NotFound)?;
        let _guard = self.lock.lock().await;
        if path.exists() {
            return Err(Error::Exists(format!("{file} already exists")));
        }
        write_durable(&path, bytes).map_err(|e| Error::internal(format!("{}: {e}", path.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_or_nothing() {
        for ok in ["sample", "org-2", "a"] {
            assert!(valid_id(ok), "{ok}");
        }
        for bad in ["", "..", "../x", "a/b", "Sample", "a.toml", "a b", "%2e%2e", "ақ-жол", "-a", "a-"] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn durable_write_replaces_whole_files_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("orgs/x.toml");
        write_durable(&p, b"one").unwrap();
        write_durable(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path().join("orgs")).unwrap().count(), 1);
    }
}
