//! Faults: a folder that cannot be written, a full disk, a process killed mid-write. Afterwards
//! only complete files exist, the manifest lists only what exists, and the next run repairs the rest.

use crate::util::*;
use std::path::Path;

/// Every file below `out` that is not a temporary is complete: PDFs pass qpdf, DOCX zips test OK.
fn assert_only_complete_files(out: &Path) {
    for f in files(out) {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".lauazym-tmp") {
            continue;
        }
        let path = out.join(&f);
        match f.extension().and_then(|e| e.to_str()) {
            Some("pdf") => {
                let ok = tool("qpdf").arg("--check").arg(&path).output().unwrap().status.success();
                assert!(ok, "{f:?} is not a complete PDF");
            }
            Some("docx") => {
                let script = "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(1 if z.testzip() else 0)";
                let ok = tool("python3").args(["-c", script]).arg(&path).output().unwrap().status.success();
                assert!(ok, "{f:?} is not a complete DOCX");
            }
            _ => {}
        }
    }
}

/// If there is a manifest, it lists only files that exist, with their true hashes.
fn assert_manifest_truthful(out: &Path) {
    let Ok(bytes) = std::fs::read(out.join("manifest.json")) else { return };
    let m: serde_json::Value = serde_json::from_slice(&bytes).expect("a manifest is never partial");
    for f in m["files"].as_array().unwrap() {
        let path = out.join(f["path"].as_str().unwrap());
        assert!(path.is_file(), "manifest lists a missing file {path:?}");
        assert_eq!(f["sha256"].as_str().unwrap(), sha256_hex(&path));
    }
}

fn temporaries(out: &Path) -> usize {
    files(out).iter().filter(|f| f.to_string_lossy().ends_with(".lauazym-tmp")).count()
}

fn export(out: &Path) -> (i32, String, String) {
    run(lauazym().args(["export", "--quiet", "--out"]).arg(out))
}

#[test]
fn a_folder_that_cannot_be_written_fails_only_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("typical")).unwrap();
    // A file where a folder must go: unwritable even for root, which ignores permission bits.
    std::fs::write(out.join("typical/job-description"), "in the way").unwrap();
    let (code, _, err) = export(&out);
    assert_eq!(code, 1, "some documents failed: {err}");
    assert!(err.contains("typical/job-description/"), "failures name their files: {err}");
    let written = files(&out);
    assert!(written.iter().any(|f| f.to_string_lossy().contains("change-sheet")), "other documents are still written");
    assert_eq!(temporaries(&out), 0);
    assert_only_complete_files(&out);
    assert_manifest_truthful(&out);
    // Clear the obstacle: the next run writes everything.
    std::fs::remove_file(out.join("typical/job-description")).unwrap();
    let (code, _, err) = export(&out);
    assert_eq!(code, 0, "{err}");
    assert_manifest_truthful(&out);
}

#[test]
fn a_process_killed_mid_write_leaves_only_complete_files_and_the_next_run_repairs_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // The kernel kills the process (SIGXFSZ) while it writes the first file above 12 KiB.
    let bin = env!("CARGO_BIN_EXE_lauazym");
    let status = tool("bash")
        .arg("-c")
        .arg(format!("ulimit -f 12; exec '{bin}' export --quiet --jobs 1 --out '{}'", out.display()))
        .status()
        .unwrap();
    assert!(!status.success(), "the size limit must stop the run");
    assert_only_complete_files(&out);
    assert_manifest_truthful(&out);
    let (code, _, err) = export(&out);
    assert_eq!(code, 0, "{err}");
    assert_eq!(temporaries(&out), 0, "the next run sweeps the debris");
    assert_manifest_truthful(&out);
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let listed = m["files"].as_array().unwrap().len();
    assert_eq!(listed + 1, files(&out).len(), "every file listed, nothing else left");
}

#[test]
fn a_full_disk_fails_the_documents_that_do_not_fit_and_leaves_no_partial_file() {
    // A real full disk: a 256 KiB tmpfs (CI runs as root, which may mount).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("small-disk");
    std::fs::create_dir(&out).unwrap();
    let mounted = tool("mount").args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"]).arg(&out).status().unwrap().success();
    assert!(mounted, "mounting a small tmpfs needs root (CI runs as root)");
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(&out);
    let (code, _, err) = export(&out);
    assert_ne!(code, 0, "a full disk is reported");
    assert!(err.contains("No space left") || err.contains("space"), "{err}");
    assert_eq!(temporaries(&out), 0, "failed writes remove their temporaries");
    assert_only_complete_files(&out);
    assert_manifest_truthful(&out);
    // More room: the next run writes everything.
    assert!(tool("mount").args(["-o", "remount,size=64m"]).arg(&out).status().unwrap().success());
    let (code, _, err) = export(&out);
    assert_eq!(code, 0, "{err}");
    assert_manifest_truthful(&out);
}
