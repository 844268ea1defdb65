//! The data folder: the CLI's files, created on first start, written whole.

use crate::util::*;

#[tokio::test]
async fn the_first_start_seeds_the_folder_with_the_sample_and_the_default_act() {
    let s = server();
    assert_eq!(std::fs::read_to_string(s.data().join("orgs/sample.toml")).unwrap(), lauazym::org::SAMPLE.1);
    assert_eq!(std::fs::read_to_string(s.data().join("acts/2022-09-26-388.txt")).unwrap(), lauazym::DEFAULT_ACT.1);
    // A later start does not bring back what the office deleted.
    std::fs::remove_file(s.data().join("orgs/sample.toml")).unwrap();
    let again = lauazym::serve::AppState::new(&s.data(), s.state.access.clone()).unwrap();
    drop(again);
    assert!(s.org_files().is_empty());
}

#[tokio::test]
async fn debris_of_a_killed_write_is_swept_at_start_and_never_listed() {
    let s = server();
    std::fs::write(s.data().join("orgs/.sample.toml.999.0.lauazym-tmp"), "half a fi").unwrap();
    let state = lauazym::serve::AppState::new(&s.data(), s.state.access.clone()).unwrap();
    assert_eq!(s.org_files(), ["sample.toml"]);
    assert_eq!(state.store.org_ids().0, ["sample"]);
}

#[tokio::test]
async fn a_save_leaves_no_temporary_file() {
    let s = server();
    let (profile, v) = s.profile("sample").await;
    let a = s.put_json("/api/v1/orgs/sample", &profile, Some(&v)).await;
    assert_eq!(a.status, axum::http::StatusCode::OK);
    assert_eq!(s.org_files(), ["sample.toml"]);
}
