//! The HTTP API under `/api/v1`: JSON in, JSON (or document bytes) out, the pages' operations.
//!
//! Versions: `GET` of a profile answers its version as an `ETag`; `PUT` and `DELETE` must send
//! it back in `If-Match` (428 without, 412 with a stale one, whose body carries the current
//! version). Errors are `{"error": {"kind", "message", "problems": [{"path", "line", "column",
//! "message"}]}}` with the same messages as the CLI.

use super::error::Error;
use super::profile::Profile;
use super::render::{DocFormat, DocKind, DocRequest, Rendered};
use super::storage::{self, Expect, Store};
use super::{limit, limits, AppState};
use crate::export::Format;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/acts", get(acts))
        .route("/model", get(model))
        .route("/orgs", get(list).post(create))
        .route("/orgs/{id}", get(read).put(update).delete(remove))
        .route("/orgs/{id}/documents", get(documents))
        .route("/orgs/{id}/document", get(document))
        .route("/orgs/{id}/export.zip", get(export))
        .layer(limit(limits::PROFILE))
}

#[derive(Serialize)]
struct ActOut<'a> {
    file: &'a str,
    /// The same bytes as the act built into lauazym.
    embedded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    act: Option<&'a crate::model::ActInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

async fn acts(State(state): State<AppState>) -> Response {
    let c = state.catalog();
    let acts: Vec<ActOut> = c
        .files
        .iter()
        .map(|f| ActOut {
            file: &f.file,
            embedded: f.embedded,
            act: f.loaded.as_ref().ok(),
            error: f.loaded.as_ref().err().map(String::as_str),
        })
        .collect();
    Json(serde_json::json!({ "acts": acts, "problem": c.problem })).into_response()
}

async fn model(State(state): State<AppState>) -> Response {
    Json(&state.catalog().model).into_response()
}

#[derive(Serialize)]
struct OrgSummary {
    id: String,
    version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_kk: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

async fn list(State(state): State<AppState>) -> Response {
    let catalog = state.catalog();
    let (ids, _) = state.store.org_ids();
    let orgs: Vec<OrgSummary> = ids
        .into_iter()
        .filter_map(|id| {
            let s = state.store.read_org(&id).ok()?;
            let (name_kk, error) = match super::profile::check_text(&Store::org_file(&id), &s.text, &catalog.model) {
                Ok(o) => (Some(o.name_kk), None),
                Err(e) => (None, Some(e.to_string())),
            };
            Some(OrgSummary { id, version: s.version, name_kk, error })
        })
        .collect();
    Json(serde_json::json!({ "orgs": orgs })).into_response()
}

/// Parse a JSON body into our own error shape.
fn json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|e| Error::BadRequest(format!("the body is not a profile as JSON: {e}")))
}

/// The version a write names: `If-Match: "<version>"`.
pub fn if_match(headers: &HeaderMap) -> Result<String, Error> {
    let v = headers.get(header::IF_MATCH).ok_or(Error::VersionRequired)?;
    let v = v.to_str().map_err(|_| Error::VersionRequired)?.trim();
    let v = v.strip_prefix("W/").unwrap_or(v).trim_matches('"');
    if v.is_empty() {
        return Err(Error::VersionRequired);
    }
    Ok(v.to_string())
}

fn etag(version: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(&format!("\"{version}\"")).map_err(Error::internal)
}

/// Validate and store a profile (the one save path of the API and the pages).
pub async fn save(state: &AppState, id: &str, expect: Expect, mut profile: Profile) -> Result<String, Error> {
    if !storage::valid_id(id) {
        return Err(Error::Invalid {
            message: format!("id \"{id}\" may hold only a-z, 0-9 and '-' (e.g. \"{}\")", crate::slug::slug(id)),
            problems: vec![super::profile::form_problem(
                "id",
                &format!("may hold only a-z, 0-9 and '-' (e.g. \"{}\")", crate::slug::slug(id)),
            )],
        });
    }
    profile.template_dir = match &expect {
        Expect::Version(_) => state.store.read_org(id).ok().and_then(|s| super::profile::template_dir_of(&s.text)),
        Expect::New => None,
    };
    let catalog = state.catalog();
    let (_org, text) = super::profile::validate(&Store::org_file(id), &profile, &catalog.model)?;
    let version = state.store.save_org(id, &expect, text.as_bytes()).await?;
    state.cache.forget(id);
    Ok(version)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    id: String,
    profile: Profile,
}

async fn create(State(state): State<AppState>, body: Bytes) -> Result<Response, Error> {
    let body: CreateBody = json(&body)?;
    let version = save(&state, &body.id, Expect::New, body.profile).await?;
    let mut r = (StatusCode::CREATED, Json(serde_json::json!({ "id": body.id, "version": version }))).into_response();
    r.headers_mut().insert(header::ETAG, etag(&version)?);
    if let Ok(loc) = HeaderValue::from_str(&format!("/api/v1/orgs/{}", body.id)) {
        r.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(r)
}

async fn read(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, Error> {
    let stored = state.store.read_org(&id)?;
    let catalog = state.catalog();
    let org = super::profile::check_text(&Store::org_file(&id), &stored.text, &catalog.model)?;
    let profile = Profile::of(&org, super::profile::template_dir_of(&stored.text));
    let mut r = Json(serde_json::json!({ "id": id, "version": stored.version, "profile": profile })).into_response();
    r.headers_mut().insert(header::ETAG, etag(&stored.version)?);
    Ok(r)
}

async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Error> {
    if !storage::valid_id(&id) {
        return Err(Error::NotFound);
    }
    let version = if_match(&headers)?;
    let profile: Profile = json(&body)?;
    let version = save(&state, &id, Expect::Version(version), profile).await?;
    let mut r = Json(serde_json::json!({ "id": id, "version": version })).into_response();
    r.headers_mut().insert(header::ETAG, etag(&version)?);
    Ok(r)
}

async fn remove(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Result<Response, Error> {
    if !storage::valid_id(&id) {
        return Err(Error::NotFound);
    }
    let version = if_match(&headers)?;
    state.store.delete_org(&id, &version).await?;
    state.cache.forget(&id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn documents(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, Error> {
    let p = state.prepared(&id).await?;
    Ok(Json(serde_json::json!({ "id": id, "version": p.version, "documents": p.documents() })).into_response())
}

/// A document request from query parameters. Ids must already be slugs (else 404).
pub fn doc_request(q: &HashMap<String, String>) -> Result<DocRequest, Error> {
    let kind = match q.get("kind").map(String::as_str) {
        Some("job-description") => DocKind::JobDescription,
        Some("change-sheet") => DocKind::ChangeSheet,
        _ => return Err(Error::BadRequest("kind must be job-description or change-sheet".into())),
    };
    let format = match q.get("format").map(String::as_str) {
        Some("pdf") | None => DocFormat::Pdf,
        Some("docx") => DocFormat::Docx,
        _ => return Err(Error::BadRequest("format must be pdf or docx".into())),
    };
    let id = |key: &str| -> Result<Option<String>, Error> {
        match q.get(key).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) if storage::valid_id(v) => Ok(Some(v.clone())),
            Some(_) => Err(Error::NotFound),
        }
    };
    let position = id("position")?.ok_or_else(|| Error::BadRequest("position is required".into()))?;
    Ok(DocRequest { kind, position, act: id("act")?, employee: id("employee")?, format })
}

/// Render one document of organisation `id`.
pub async fn render(state: &AppState, id: &str, request: DocRequest) -> Result<Rendered, Error> {
    let p = state.prepared(id).await?;
    let catalog = state.catalog();
    // The semaphore is never closed, so acquiring only waits; were it closed, rendering
    // without a permit is still correct, only less fair.
    let _permit = state.renders.acquire().await.ok();
    tokio::task::spawn_blocking(move || p.render(&catalog.model, &request)).await?
}

/// The document as a response: inline (to preview) or as an attachment (to download).
pub fn document_response(id: &str, doc: Rendered, inline: bool) -> Response {
    let content_type = match doc.format {
        Format::Pdf => "application/pdf",
        Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    };
    let disposition = format!("{}; filename=\"{id}-{}\"", if inline { "inline" } else { "attachment" }, doc.file_name);
    let mut r = doc.bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Error> {
    let request = doc_request(&q)?;
    let doc = render(&state, &id, request).await?;
    Ok(document_response(&id, doc, false))
}

/// The organisation's whole export as a ZIP (bounded: at most `EXPORTS_AT_ONCE` at a time).
pub async fn export_zip(state: &AppState, id: &str) -> Result<Response, Error> {
    let p = state.prepared(id).await?;
    let _permit = state.exports.try_acquire().map_err(|_| Error::Busy)?;
    let catalog = state.catalog();
    let st = state.clone();
    let bytes = tokio::task::spawn_blocking(move || p.export_zip(&catalog.model, &st.store)).await??;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{id}-export.zip\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

async fn export(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, Error> {
    export_zip(&state, &id).await
}
