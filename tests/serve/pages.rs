//! The pages as an HR officer uses them: forms keep what was typed, errors stand by their fields.

use crate::util::*;
use axum::http::StatusCode;

fn sample_form(version: &str) -> Vec<(String, String)> {
    let org = lauazym::org::sample();
    let mut f: Vec<(String, String)> = vec![
        ("version".into(), version.into()),
        ("name_kk".into(), org.name_kk.clone()),
        ("bin".into(), org.bin.clone()),
        ("address".into(), org.address.clone()),
        ("city".into(), org.city.clone()),
        ("approval_date".into(), "2022-10-17".into()),
        ("head.position".into(), org.head.position.clone()),
        ("head.name".into(), org.head.name.clone()),
    ];
    for (i, p) in org.positions.iter().enumerate() {
        let first = match &p.follows {
            lauazym::org::Follows::Points(pts) => pts[0],
            lauazym::org::Follows::Paragraph { paragraph, .. } => [58, 61, 64, 67][*paragraph as usize - 1],
        };
        // The select's value is the first point of the typical position.
        let first = (first - 1) / 3 * 3 + 1;
        f.push((format!("position[{i}].id"), p.id.clone()));
        f.push((format!("position[{i}].title"), p.title.clone()));
        f.push((format!("position[{i}].follows"), first.to_string()));
        f.push((format!("position[{i}].headcount"), p.headcount.to_string()));
    }
    for (i, e) in org.employees.iter().enumerate() {
        f.push((format!("employee[{i}].name"), e.name.clone()));
        f.push((format!("employee[{i}].position"), e.position.clone()));
        f.push((format!("employee[{i}].personnel_no"), e.personnel_no.clone()));
    }
    f
}

fn set(f: &mut [(String, String)], key: &str, value: &str) {
    f.iter_mut().find(|(k, _)| k == key).unwrap().1 = value.to_string();
}

fn pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn every_page_renders_in_kazakh() {
    let s = server();
    for page in [
        "/orgs",
        "/orgs/new",
        "/orgs/sample",
        "/orgs/sample/delete",
        "/orgs/sample/documents",
        "/orgs/sample/preview?kind=job-description&position=director",
        "/orgs/sample/preview?kind=change-sheet&position=social-worker-elderly&act=388&employee=0021-toqtarova-saule-qairatqyzy",
        "/acts",
    ] {
        let a = s.get(page).await;
        assert_eq!(a.status, StatusCode::OK, "{page}: {}", a.text());
        let html = a.text();
        assert!(html.starts_with("<!doctype html>\n<html lang=\"kk\">"), "{page}");
        assert!(html.contains("Негізгі мазмұнға өту"), "{page}: the skip link");
    }
    assert_eq!(s.get("/").await.header("location"), "/orgs");
    // `follows` is chosen from the model's positions: the sample's elderly-care worker (chapter 3
    // § 2 = points 61–63) is preselected, labelled with its points.
    let form = s.get("/orgs/sample").await.text();
    assert!(form.contains("<option value=\"61\" selected>61–63 тт., 3-тарау 2 §"), "{form}");
    assert!(form.contains("<option value=\"social-worker-elderly\" selected>"), "{form}");
}

#[tokio::test]
async fn the_form_round_trips_the_sample_unchanged_in_meaning() {
    let s = server();
    let (_, v) = s.profile("sample").await;
    let f = sample_form(&v);
    let a = s.post_form("/orgs/sample", &pairs(&f)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.text());
    let org = lauazym::org::load(&s.data().join("orgs/sample.toml")).unwrap();
    let sample = lauazym::org::sample();
    assert_eq!(org.name_kk, sample.name_kk);
    assert_eq!(
        org.employees.iter().map(|e| &e.personnel_no).collect::<Vec<_>>(),
        sample.employees.iter().map(|e| &e.personnel_no).collect::<Vec<_>>()
    );
    let model = s.state.catalog().model.clone();
    let typical = |o: &lauazym::org::Organisation| {
        o.resolve(&model).unwrap().iter().map(|s| s.typical.points).collect::<Vec<_>>()
    };
    assert_eq!(typical(&org), typical(&sample));
}

#[tokio::test]
async fn errors_stand_beside_their_fields_and_the_typed_values_stay() {
    let s = server();
    let before = std::fs::read(s.data().join("orgs/sample.toml")).unwrap();
    let (_, v) = s.profile("sample").await;
    let mut f = sample_form(&v);
    set(&mut f, "bin", "123456789012");
    set(&mut f, "city", "Жаңа қала (typed)");
    set(&mut f, "position[1].headcount", "many");
    let a = s.post_form("/orgs/sample", &pairs(&f)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = a.text();
    assert!(html.contains("headcount must be a whole number"), "{html}");
    assert!(html.contains("value=\"Жаңа қала (typed)\""));
    assert!(html.contains("value=\"many\""));
    set(&mut f, "position[1].headcount", "1");
    let a = s.post_form("/orgs/sample", &pairs(&f)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = a.text();
    // The BIN field is marked and its message (the CLI's) is right after it.
    let at = html.find("id=\"f-bin\"").unwrap();
    let field = &html[at..at + 400];
    assert!(field.contains("aria-invalid=\"true\""), "{field}");
    assert!(html.contains("id=\"f-bin-err\">bin &quot;123456789012&quot; is not a valid BIN"), "{html}");
    assert!(html.contains("href=\"#f-bin\""), "the summary links to the field");
    assert_eq!(std::fs::read(s.data().join("orgs/sample.toml")).unwrap(), before);
}

#[tokio::test]
async fn a_second_save_from_the_same_version_is_refused_and_keeps_what_was_typed() {
    let s = server();
    let (_, v) = s.profile("sample").await;
    let mut first = sample_form(&v);
    set(&mut first, "city", "Бірінші қала");
    let mut second = sample_form(&v);
    set(&mut second, "city", "Екінші қала");
    assert_eq!(s.post_form("/orgs/sample", &pairs(&first)).await.status, StatusCode::SEE_OTHER);
    let a = s.post_form("/orgs/sample", &pairs(&second)).await;
    assert_eq!(a.status, StatusCode::PRECONDITION_FAILED);
    let html = a.text();
    assert!(html.contains("value=\"Екінші қала\""), "the second officer's input is kept");
    assert!(html.contains("басқа біреу сақтады"));
    assert_eq!(lauazym::org::load(&s.data().join("orgs/sample.toml")).unwrap().city, "Бірінші қала");
    // A form with no version at all is refused too.
    let mut none = sample_form("");
    set(&mut none, "city", "Үшінші");
    assert_eq!(s.post_form("/orgs/sample", &pairs(&none)).await.status, StatusCode::PRECONDITION_REQUIRED);
}

#[tokio::test]
async fn rows_are_added_and_removed_without_saving() {
    let s = server();
    let before = std::fs::read(s.data().join("orgs/sample.toml")).unwrap();
    let (_, v) = s.profile("sample").await;
    let mut f = sample_form(&v);
    f.push(("action".into(), "add-position".into()));
    let a = s.post_form("/orgs/sample", &pairs(&f)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.text().contains("name=\"position[6].title\""));
    f.pop();
    f.push(("action".into(), "remove-employee-0".into()));
    let html = s.post_form("/orgs/sample", &pairs(&f)).await.text();
    assert!(html.contains("name=\"employee[0].name\" type=\"text\" value=\"Омаров Дәулет Серікұлы\""), "{html}");
    assert!(html.contains("name=\"employee[5].name\"") && !html.contains("name=\"employee[6].name\""));
    assert_eq!(std::fs::read(s.data().join("orgs/sample.toml")).unwrap(), before);
}

#[tokio::test]
async fn a_new_organisation_from_the_form() {
    let s = server();
    let mut f = sample_form("");
    f.retain(|(k, _)| k != "version");
    f.push(("id".into(), "new-centre".into()));
    let a = s.post_form("/orgs", &pairs(&f)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.text());
    assert_eq!(a.header("location"), "/orgs/new-centre?saved=created");
    let again = s.post_form("/orgs", &pairs(&f)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.text().contains("already exists"));
}

#[tokio::test]
async fn a_bad_act_shows_its_line_and_nothing_is_stored() {
    let s = server();
    let bad = include_bytes!("../fixtures/acts/unknown-instruction.txt");
    let a = s.send(multipart("/acts", &[], "file", "bad.txt", bad)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = a.text();
    let e = lauazym::act::load("upload", bad).unwrap_err().to_string();
    let line: usize = e.split(':').nth(1).unwrap().parse().unwrap();
    assert!(html.contains(&format!("Жол {line}:")), "{html}");
    let offending = String::from_utf8_lossy(bad).lines().nth(line - 1).unwrap().trim().to_string();
    let shown = offending.replace('"', "&quot;");
    assert!(html.contains(shown.split_whitespace().take(3).collect::<Vec<_>>().join(" ").as_str()), "{html}");
    assert_eq!(list(&s.data().join("acts")), ["2022-09-26-388.txt"]);
    // The same act twice is refused too.
    let a = s.send(multipart("/acts", &[], "file", "again.txt", lauazym::DEFAULT_ACT.1.as_bytes())).await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.text());
    assert_eq!(list(&s.data().join("acts")), ["2022-09-26-388.txt"]);
}

#[tokio::test]
async fn a_toml_profile_is_imported_as_written() {
    let s = server();
    let text = lauazym::org::SAMPLE.1;
    let a = s.send(multipart("/orgs/import", &[("id", "imported")], "file", "x.toml", text.as_bytes())).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.text());
    assert_eq!(std::fs::read_to_string(s.data().join("orgs/imported.toml")).unwrap(), text);
    let broken = text.replace("bin = \"123456789013\"", "bin = \"12345\"");
    let a = s.send(multipart("/orgs/import", &[("id", "broken")], "file", "x.toml", broken.as_bytes())).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.text().contains("orgs/broken.toml: invalid organisation profile"), "{}", a.text());
    assert!(!s.data().join("orgs/broken.toml").exists());
}

#[tokio::test]
async fn a_workbook_is_imported_and_every_profile_downloads_as_one() {
    let s = server();
    let model = s.state.catalog().model.clone();
    let sample = lauazym::org::sample();
    let xlsx = lauazym::org::to_bytes(&sample, lauazym::org::Format::Xlsx, Some(&model)).unwrap();
    let a = s.send(multipart("/orgs/import", &[("id", "from-sheet")], "file", "C:\\Users\\hr\\Штат.xlsx", &xlsx)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.text());
    let stored = lauazym::org::load(&s.data().join("orgs/from-sheet.toml")).unwrap();
    assert_eq!((stored.name_kk.as_str(), stored.employees.len()), (sample.name_kk.as_str(), sample.employees.len()));
    // Stored as the canonical TOML profile.
    assert_eq!(std::fs::read_to_string(s.data().join("orgs/from-sheet.toml")).unwrap(), lauazym::org::to_toml(&stored));
    let d = s.get("/orgs/from-sheet/profile.xlsx").await;
    assert_eq!(d.status, StatusCode::OK);
    let back = lauazym::org::parse_bytes("back.xlsx", lauazym::org::Format::Xlsx, &d.body).unwrap();
    assert_eq!(back.positions.len(), sample.positions.len());
    // A broken workbook is refused with its sheet and cell, and nothing is stored.
    let a = s.send(multipart("/orgs/import", &[("id", "broken")], "file", "broken.xlsx", b"PK not a workbook")).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.text().contains("broken.xlsx"), "{}", a.text());
    assert!(!s.data().join("orgs/broken.toml").exists());
}

#[tokio::test]
async fn a_saved_form_is_stored_as_the_canonical_profile() {
    let s = server();
    let (profile, v) = s.profile("sample").await;
    let a = s.put_json("/api/v1/orgs/sample", &profile, Some(&v)).await;
    assert_eq!(a.status, StatusCode::OK);
    let text = std::fs::read_to_string(s.data().join("orgs/sample.toml")).unwrap();
    let org = lauazym::org::parse("orgs/sample.toml", &text).unwrap();
    assert_eq!(text, lauazym::org::to_toml(&org));
}
