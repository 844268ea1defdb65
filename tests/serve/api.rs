//! The API as another system uses it: acts, model, organisations, one document, the ZIP.

use crate::util::*;
use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn acts_and_the_model_are_listed() {
    let s = server();
    let a = s.get("/api/v1/acts").await;
    assert_eq!(a.status, StatusCode::OK);
    let acts = a.json()["acts"].clone();
    assert_eq!(acts.as_array().unwrap().len(), 1);
    assert_eq!(acts[0]["act"]["id"]["number"], "388");
    assert_eq!(acts[0]["embedded"], true);
    assert_eq!(a.header("content-type"), "application/json");
    let m = s.get("/api/v1/model").await.json();
    assert_eq!(m["acts"][0]["id"]["date"], "2022-09-26");
    assert!(m["positions"].as_array().unwrap().len() >= 20);
}

#[tokio::test]
async fn an_organisation_is_read_changed_and_deleted_with_its_version() {
    let s = server();
    let orgs = s.get("/api/v1/orgs").await.json();
    assert_eq!(orgs["orgs"][0]["id"], "sample");
    let (mut profile, v1) = s.profile("sample").await;
    assert_eq!(v1.len(), 64);
    profile["city"] = json!("Астана");
    let a = s.put_json("/api/v1/orgs/sample", &profile, Some(&v1)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let v2 = a.etag();
    assert_ne!(v1, v2);
    let (read, v) = s.profile("sample").await;
    assert_eq!((read["city"].as_str(), v.as_str()), (Some("Астана"), v2.as_str()));
    // The CLI reads what the web wrote.
    let org = lauazym::org::load(&s.data().join("orgs/sample.toml")).unwrap();
    assert_eq!(org.city, "Астана");
    assert_eq!(org.employees.len(), 7);

    let del = s
        .send(
            req(Method::DELETE, "/api/v1/orgs/sample")
                .header("if-match", format!("\"{v2}\""))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    assert_eq!(s.get("/api/v1/orgs/sample").await.status, StatusCode::NOT_FOUND);
    // Deleting moves the file aside; nothing is destroyed.
    let kept = list(&s.data().join(".deleted"));
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].starts_with("sample-"));
}

#[tokio::test]
async fn a_new_organisation_is_created_once() {
    let s = server();
    let (profile, _) = s.profile("sample").await;
    let a = s.post_json("/api/v1/orgs", &json!({ "id": "second", "profile": profile })).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    assert_eq!(a.header("location"), "/api/v1/orgs/second");
    let again = s.post_json("/api/v1/orgs", &json!({ "id": "second", "profile": profile })).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.json()["error"]["kind"], "exists");
    assert_eq!(s.org_files(), ["sample.toml", "second.toml"]);
}

#[tokio::test]
async fn validation_errors_name_each_field_and_store_nothing() {
    let s = server();
    let (mut profile, v) = s.profile("sample").await;
    let before = std::fs::read(s.data().join("orgs/sample.toml")).unwrap();
    profile["bin"] = json!("123456789012");
    profile["approval_date"] = json!("2022-02-30");
    profile["position"][1]["headcount"] = json!(0);
    profile["employee"][2]["personnel_no"] = json!("0001");
    let a = s.put_json("/api/v1/orgs/sample", &profile, Some(&v)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.text());
    let e = a.json()["error"].clone();
    assert_eq!(e["kind"], "invalid");
    let paths: Vec<&str> = e["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["bin", "approval_date", "position[1].headcount", "employee[2].personnel_no"]);
    let messages: Vec<&str> =
        e["problems"].as_array().unwrap().iter().map(|p| p["message"].as_str().unwrap()).collect();
    // The CLI's own words.
    assert!(messages[0].starts_with("bin \"123456789012\" is not a valid BIN"), "{}", messages[0]);
    assert!(messages[3].contains("personnel number \"0001\" is used twice"), "{}", messages[3]);
    assert_eq!(std::fs::read(s.data().join("orgs/sample.toml")).unwrap(), before);
    assert_eq!(s.org_files(), ["sample.toml"]);
}

#[tokio::test]
async fn a_position_must_follow_a_typical_position_of_the_model() {
    let s = server();
    let (mut profile, v) = s.profile("sample").await;
    profile["position"][0]["follows"] = json!({ "points": [900] });
    let a = s.put_json("/api/v1/orgs/sample", &profile, Some(&v)).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = &a.json()["error"]["problems"][0];
    assert_eq!(p["path"], "position[0].follows");
    assert!(p["message"].as_str().unwrap().contains("no position of the model holds point 900"));
}

#[tokio::test]
async fn a_write_without_a_version_is_refused_and_concurrent_edits_do_not_overwrite() {
    let s = server();
    let (profile, v) = s.profile("sample").await;
    let a = s.put_json("/api/v1/orgs/sample", &profile, None).await;
    assert_eq!(a.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(a.json()["error"]["kind"], "version-required");
    let del = s.send(req(Method::DELETE, "/api/v1/orgs/sample").body(Body::empty()).unwrap()).await;
    assert_eq!(del.status, StatusCode::PRECONDITION_REQUIRED);

    // Two clients opened version v; both save at once.
    let mut first = profile.clone();
    first["city"] = json!("Бірінші");
    let mut second = profile.clone();
    second["city"] = json!("Екінші");
    let (a, b) = tokio::join!(
        s.put_json("/api/v1/orgs/sample", &first, Some(&v)),
        s.put_json("/api/v1/orgs/sample", &second, Some(&v))
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED]);
    let (winner, loser) = if a.status == StatusCode::OK { (&a, &b) } else { (&b, &a) };
    let err = loser.json()["error"].clone();
    assert_eq!(err["kind"], "conflict");
    assert_eq!(err["version"], winner.etag());
    let (stored, _) = s.profile("sample").await;
    let expected = if a.status == StatusCode::OK { "Бірінші" } else { "Екінші" };
    assert_eq!(stored["city"], expected);
}

#[tokio::test]
async fn one_document_is_rendered_as_pdf_or_docx() {
    let s = server();
    let a = s.get("/api/v1/orgs/sample/document?kind=job-description&position=social-worker-elderly&format=pdf").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.header("content-type"), "application/pdf");
    assert!(a.header("content-disposition").starts_with("attachment; filename=\"sample-sample-job-description-05-"));
    let text = pdftotext(&a.body);
    assert!(text.contains("ЛАУАЗЫМДЫҚ НҰСҚАУЛЫҚ") || text.contains("Лауазымдық нұсқаулық"), "{text}");
    assert!(
        text.contains("Тоқтарова Сәуле Қайратқызы") || text.contains("Қарттар мен мүгедектігі бар адамды күту"),
        "{text}"
    );
    let d = s.get("/api/v1/orgs/sample/document?kind=change-sheet&position=social-worker-elderly&act=388&employee=0021-toqtarova-saule-qairatqyzy&format=docx").await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.text());
    assert!(d.body.starts_with(b"PK"));
    // A document the export does not have is not found.
    let none = s.get("/api/v1/orgs/sample/document?kind=change-sheet&position=director&act=999&format=pdf").await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    let bad = s.get("/api/v1/orgs/sample/document?kind=poem&position=director").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["error"]["kind"], "bad-request");
}

#[tokio::test]
async fn the_documents_list_names_every_file_of_the_export() {
    let s = server();
    let a = s.get("/api/v1/orgs/sample/documents").await;
    assert_eq!(a.status, StatusCode::OK);
    let docs = a.json()["documents"].as_array().unwrap().clone();
    assert!(docs.iter().any(|d| d["path"] == "sample/job-description/01-direktor.pdf"), "{docs:?}");
    assert!(docs.iter().any(|d| d["employee"] == "0002-omarov-daulet-serikuly"));
}

#[tokio::test]
async fn the_zip_holds_the_whole_export_with_its_manifest_and_is_deterministic() {
    let s = server();
    let a = s.get("/api/v1/orgs/sample/export.zip").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.header("content-type"), "application/zip");
    let b = s.get("/api/v1/orgs/sample/export.zip").await;
    assert_eq!(a.body, b.body, "two exports of the same profile differ");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(a.body.clone())).unwrap();
    let names: Vec<String> = (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().to_string()).collect();
    assert_eq!(names[0], "manifest.json");
    let manifest: serde_json::Value = {
        let mut f = zip.by_name("manifest.json").unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).unwrap();
        serde_json::from_str(&s).unwrap()
    };
    let listed: Vec<&str> = manifest["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(listed.len() + 1, names.len());
    for n in &listed {
        assert!(names.iter().any(|x| x == n), "{n} listed but not in the ZIP");
    }
    assert!(listed.contains(&"sample/personnel/0002-omarov-daulet-serikuly/job-description.pdf"));
    // Sources name the data folder's files, never an absolute path of this machine.
    let sources = manifest["files"][0]["sources"].to_string();
    assert!(sources.contains("orgs/sample.toml") && !sources.contains(&s.data().display().to_string()), "{sources}");
    // The same PDF as the single-document call.
    let mut one = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("sample/job-description/01-direktor.pdf").unwrap(), &mut one).unwrap();
    let single = s.get("/api/v1/orgs/sample/document?kind=job-description&position=director&format=pdf").await;
    assert_eq!(one, single.body);
    // Nothing is left in the data folder's scratch area.
    assert!(!s.data().join(".tmp").exists() || list(&s.data().join(".tmp")).is_empty());
}
