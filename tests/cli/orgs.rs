//! Organisations: a valid and a broken profile side by side; failures stay isolated.

use crate::util::*;
use std::path::Path;

/// A valid profile. BIN 990340000014: digits 9,9,0,3,4,0,0,0,0,0,1 weighted 1..11 sum to 70,
/// 70 mod 11 = 4, so the check digit is 4.
pub const VALID: &str = r#"
name_kk = "«Сынақ» әлеуметтік қызмет көрсету орталығы (ойдан шығарылған)"
bin = "990340000014"
address = "Сынақ көшесі, 1"
city = "Астана"
approval_date = "2024-01-15"

[head]
position = "Директор"
name = "Сынақова Әйгерім Нұрланқызы"

[[position]]
id = "carer"
title = "Үйде әлеуметтік күтім көрсету жөніндегі әлеуметтік қызметкер"
follows = { chapter = 3, paragraph = 2 }
headcount = 2

[[position]]
id = "director"
title = "Орталық директоры"
follows = { points = [1, 2, 3] }
headcount = 1

[[employee]]
name = "Құрманова Гүлнар Серікқызы"
position = "carer"
personnel_no = "001"
"#;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_broken_profile_fails_alone_and_the_good_one_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let orgs = dir.path().join("orgs");
    std::fs::create_dir(&orgs).unwrap();
    write(&orgs, "a-good.toml", VALID);
    write(&orgs, "b-bad.toml", &VALID.replace("990340000014", "990340000015").replace("Сынақ", "Қате"));
    let out = dir.path().join("out");
    let (code, _, err) = run(lauazym().args(["export", "--quiet", "--org"]).arg(&orgs).arg("--out").arg(&out));
    assert_eq!(code, 2, "an invalid profile is bad input: {err}");
    assert!(err.contains("b-bad.toml"), "the error names the file: {err}");
    assert!(err.to_lowercase().contains("bin") || err.contains("БСН"), "the error says what is wrong: {err}");
    let written = files(&out);
    assert!(written.iter().filter(|p| p.extension().is_some_and(|e| e == "pdf")).count() >= 2, "{written:?}");
    // Only one organisation folder (plus the manifest); the typical set is not asked for with --org.
    let tops: std::collections::BTreeSet<String> =
        written.iter().map(|p| p.components().next().unwrap().as_os_str().to_string_lossy().into_owned()).collect();
    assert_eq!(tops.len(), 2, "{tops:?}");
    assert!(tops.contains("manifest.json"));
}

#[test]
fn the_organisation_and_its_head_appear_on_the_printout() {
    let dir = tempfile::tempdir().unwrap();
    let profile = write(dir.path(), "org.toml", VALID);
    let out = dir.path().join("out");
    let (code, _, err) = run(lauazym()
        .args(["export", "--quiet", "--format", "pdf", "--kind", "job-description", "--org"])
        .arg(&profile)
        .arg("--out")
        .arg(&out));
    assert_eq!(code, 0, "{err}");
    let pdf = files(&out).into_iter().find(|p| p.extension().is_some_and(|e| e == "pdf")).unwrap();
    let text = norm(&pdftotext(&out.join(pdf)));
    for expected in ["БЕКІТЕМІН", "Директор", "Ә. Сынақова", "990340000014", "Нұсқаулықпен таныстым"]
    {
        assert!(text.contains(expected), "missing «{expected}» in:\n{text}");
    }
}

#[test]
fn jobs_one_and_two_give_identical_bytes_for_organisations() {
    let dir = tempfile::tempdir().unwrap();
    let profile = write(dir.path(), "org.toml", VALID);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (out, jobs) in [(&a, "1"), (&b, "2")] {
        let (code, _, err) =
            run(lauazym().args(["export", "--quiet", "--jobs", jobs, "--org"]).arg(&profile).arg("--out").arg(out));
        assert_eq!(code, 0, "{err}");
    }
    assert_eq!(std::fs::read(a.join("manifest.json")).unwrap(), std::fs::read(b.join("manifest.json")).unwrap());
}

#[test]
fn a_path_traversal_attempt_stays_inside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let evil = VALID
        .replace("name = \"Құрманова Гүлнар Серікқызы\"", "name = \"../../../../tmp/evil\"")
        .replace("personnel_no = \"001\"", "personnel_no = \"../../x\"");
    let profile = write(dir.path(), "..%2f..%2fevil.toml", &evil);
    let out = dir.path().join("deep/out");
    let (code, _, err) = run(lauazym().args(["export", "--quiet", "--org"]).arg(&profile).arg("--out").arg(&out));
    assert_eq!(code, 0, "{err}");
    for f in files(dir.path()) {
        assert!(
            f.starts_with("deep/out") || f.file_name().unwrap().to_string_lossy().ends_with(".toml"),
            "escaped: {f:?}"
        );
    }
    assert!(!Path::new("/tmp/evil").exists());
}
