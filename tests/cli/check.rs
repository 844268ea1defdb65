//! `lauazym check`: validation without writing.

use crate::orgs::VALID;
use crate::util::*;

#[test]
fn the_embedded_default_checks_clean() {
    let (code, out, err) = run(lauazym().arg("check"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 problem"), "{out}");
}

#[test]
fn problems_point_into_the_files_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let bad_toml = dir.path().join("syntax.toml");
    std::fs::write(&bad_toml, "name_kk = \"x\"\nbin = \n").unwrap();
    let bad_emp = dir.path().join("employee.toml");
    std::fs::write(&bad_emp, VALID.replace("position = \"carer\"", "position = \"no-such-position\"")).unwrap();
    let bad_act = dir.path().join("act.txt");
    std::fs::write(&bad_act, "").unwrap();
    let (code, _, err) =
        run(lauazym().current_dir(dir.path()).arg("check").arg("--org").arg(&bad_toml).arg("--org").arg(&bad_emp));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("syntax.toml") && err.contains("2:"), "TOML errors carry line:column: {err}");
    assert!(err.contains("employee.toml") && err.contains("no-such-position"), "{err}");
    let (code, _, err) = run(lauazym().current_dir(dir.path()).arg("check").arg("--act").arg(&bad_act));
    assert_eq!(code, 2);
    assert!(err.contains("act.txt"), "{err}");
    assert_eq!(files(dir.path()).len(), 3, "check wrote nothing");
}
