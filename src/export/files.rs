//! Files: every document is written to a temporary name beside its target and renamed into
//! place, so an interrupted run leaves only complete files; the temporaries of a killed run are
//! swept at the start of the next one. No path given to us may leave the output folder.

use super::Error;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Suffix of temporary files; anything ending so under the output folder is debris of a killed run.
const TMP_SUFFIX: &str = ".lauazym-tmp";
static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Refuse any relative path that could leave the output folder.
pub fn contained(out: &Path, rel: &Path) -> Result<PathBuf, Error> {
    if rel.components().all(|c| matches!(c, Component::Normal(_))) && rel.components().next().is_some() {
        Ok(out.join(rel))
    } else {
        Err(Error::Escape(rel.to_path_buf()))
    }
}

/// Write `bytes` to `path` atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp =
        dir.join(format!(".{name}.{}.{}{TMP_SUFFIX}", std::process::id(), TMP_COUNTER.fetch_add(1, Ordering::Relaxed)));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

/// Remove temporaries left by a killed run (only our own suffix, only under `out`).
pub fn sweep_temporaries(out: &Path) -> usize {
    let mut removed = 0;
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file()
                && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') && n.ends_with(TMP_SUFFIX))
                && std::fs::remove_file(&p).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_output_folder_are_refused() {
        let out = Path::new("/tmp/out");
        assert!(contained(out, Path::new("org/job-description/01-x.pdf")).is_ok());
        for bad in ["../x.pdf", "/etc/passwd", "a/../../x", "", "./x"] {
            assert!(contained(out, Path::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn atomic_write_leaves_no_temporary_and_sweep_removes_debris() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b/doc.pdf");
        write_atomic(&target, b"%PDF").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"%PDF");
        assert_eq!(std::fs::read_dir(dir.path().join("a/b")).unwrap().count(), 1);
        std::fs::write(dir.path().join("a/.doc.pdf.1.2.lauazym-tmp"), b"half").unwrap();
        std::fs::write(dir.path().join("a/keep.tmp"), b"not ours").unwrap();
        assert_eq!(sweep_temporaries(dir.path()), 1);
        assert!(dir.path().join("a/keep.tmp").exists());
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        // The target is an existing directory: the rename fails, the temporary must go.
        std::fs::create_dir_all(dir.path().join("x/doc.pdf")).unwrap();
        assert!(write_atomic(&dir.path().join("x/doc.pdf"), b"data").is_err());
        assert_eq!(std::fs::read_dir(dir.path().join("x")).unwrap().count(), 1);
    }
}
