//! Shared helpers: a service on a temp data folder, driven through `app(state).oneshot(request)`.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use lauazym::serve::{app, guard::Access, AppState};
use std::path::{Path, PathBuf};
use tower::ServiceExt;

pub const HOST: &str = "127.0.0.1:8080";

pub struct Server {
    pub dir: tempfile::TempDir,
    pub state: AppState,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn header(&self, name: &str) -> String {
        self.headers.get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
    }
    pub fn etag(&self) -> String {
        self.header("etag").trim_matches('"').to_string()
    }
}

/// A loopback server on a fresh data folder (seeded with the sample).
pub fn server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let access = Access::for_address(HOST.parse().unwrap(), &[], None);
    let state = AppState::new(&dir.path().join("data"), access).unwrap();
    Server { dir, state }
}

/// A server as if bound to a LAN address, with an access token.
pub fn server_with_token(token: &str) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let access = Access::for_address("192.168.1.10:8080".parse().unwrap(), &[], Some(token));
    let state = AppState::new(&dir.path().join("data"), access).unwrap();
    Server { dir, state }
}

impl Server {
    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = app(self.state.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        Answer { status, headers, body }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(req(Method::GET, path).body(Body::empty()).unwrap()).await
    }

    pub async fn post_json(&self, path: &str, json: &serde_json::Value) -> Answer {
        self.send(
            req(Method::POST, path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string()))
                .unwrap(),
        )
        .await
    }

    pub async fn put_json(&self, path: &str, json: &serde_json::Value, if_match: Option<&str>) -> Answer {
        let mut r = req(Method::PUT, path).header(header::CONTENT_TYPE, "application/json");
        if let Some(v) = if_match {
            r = r.header(header::IF_MATCH, format!("\"{v}\""));
        }
        self.send(r.body(Body::from(json.to_string())).unwrap()).await
    }

    /// A same-origin form post, as the browser sends it.
    pub async fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> Answer {
        self.send(form_request(path, pairs)).await
    }

    /// The profile of `id` as the API gives it, and its version.
    pub async fn profile(&self, id: &str) -> (serde_json::Value, String) {
        let a = self.get(&format!("/api/v1/orgs/{id}")).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text());
        (a.json()["profile"].clone(), a.etag())
    }

    pub fn org_files(&self) -> Vec<String> {
        list(&self.data().join("orgs"))
    }
}

pub fn list(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

pub fn req(method: Method, path: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(path).header(header::HOST, HOST)
}

pub fn form_request(path: &str, pairs: &[(&str, &str)]) -> Request<Body> {
    let body: String = pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
    req(Method::POST, path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(header::ORIGIN, format!("http://{HOST}"))
        .body(Body::from(body))
        .unwrap()
}

/// Percent-encode for a form body.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A multipart body with one file field (and optional text fields).
pub fn multipart(
    path: &str,
    fields: &[(&str, &str)],
    file_field: &str,
    file_name: &str,
    bytes: &[u8],
) -> Request<Body> {
    let boundary = "lauazymTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    req(Method::POST, path)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap()
}

/// An external tool; a missing one fails the test with how to install it.
pub fn tool(name: &str) -> std::process::Command {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|d| d.join(name).is_file()))
        .unwrap_or(false);
    assert!(found, "`{name}` is not installed: run scripts/test.sh (apt-get install poppler-utils)");
    std::process::Command::new(name)
}

pub fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("d.pdf");
    std::fs::write(&p, pdf).unwrap();
    let out = tool("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(&p).arg("-").output().unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}
