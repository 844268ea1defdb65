//! Who may send what: Host, cross-site writes, the token, body limits, paths, escaping, headers.

use crate::util::*;
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use lauazym::serve::limits;
use serde_json::json;

/// CWE-22: every parameter that names something on disk, with traversal attempts. All are 404
/// (refused, not cleaned up), and nothing outside the data folder is read or written.
#[tokio::test]
async fn path_traversal_is_refused_in_every_parameter() {
    let s = server();
    std::fs::write(s.dir.path().join("secret.toml"), "name_kk = 'outside'").unwrap();
    let hash = lauazym::serve::assets::url("app.css").split('/').nth(2).unwrap().to_string();
    let urls = [
        "/orgs/..%2Fsecret".to_string(),
        "/orgs/..%2F..%2Fsecret/documents".into(),
        "/orgs/%2e%2e/documents".into(),
        "/orgs/sample%2F..%2F..%2Fsecret/profile.toml".into(),
        "/orgs/..%2Fsecret/profile.toml".into(),
        "/orgs/..%2Fsecret/delete".into(),
        "/orgs/Sample".into(),
        "/api/v1/orgs/..%2Fsecret".into(),
        "/api/v1/orgs/..%5Csecret".into(),
        "/api/v1/orgs/sample%00".into(),
        "/api/v1/orgs/..%2Fsecret/export.zip".into(),
        "/api/v1/orgs/sample/document?kind=job-description&position=..%2F..%2Fx&format=pdf".into(),
        "/api/v1/orgs/sample/document?kind=job-description&position=director&employee=..%2F..%2Fx&format=pdf".into(),
        "/api/v1/orgs/sample/document?kind=change-sheet&position=director&act=..%2F388&format=pdf".into(),
        "/orgs/sample/document?kind=job-description&position=%2Fetc%2Fpasswd&format=pdf".into(),
        "/orgs/sample/preview?kind=job-description&position=..".into(),
        format!("/assets/{hash}/..%2F..%2FCargo.toml"),
        format!("/assets/{hash}/app.css%2F.."),
        "/assets/..%2F..%2Fsrc/main.rs".into(),
    ];
    for url in &urls {
        let a = s.get(url).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{url}: {}", a.text());
        assert!(!a.text().contains("outside"), "{url}");
    }
    // Writes with traversal ids create nothing anywhere.
    let (profile, v) = s.profile("sample").await;
    let a = s.put_json("/api/v1/orgs/..%2Fevil", &profile, Some(&v)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = s.post_json("/api/v1/orgs", &json!({ "id": "../evil", "profile": profile })).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.json()["error"]["problems"][0]["path"], "id");
    let a = s.post_form("/orgs", &[("id", "../../evil"), ("name_kk", "x")]).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let a = s.post_form("/orgs/..%2Fevil/delete", &[("version", &v)]).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = s
        .send(multipart(
            "/orgs/import",
            &[("id", "../evil")],
            "file",
            "../../evil.toml",
            lauazym::org::SAMPLE.1.as_bytes(),
        ))
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(s.org_files(), ["sample.toml"]);
    assert_eq!(list(s.dir.path()), ["data", "secret.toml"]);
    // An uploaded act is named by the server from its own identity, not by the file name given.
    // (With the folder's act removed, the upload replaces the embedded default, as --act does.)
    std::fs::remove_file(s.data().join("acts/2022-09-26-388.txt")).unwrap();
    s.state.reload_catalog();
    let rewrapped = include_bytes!("../fixtures/acts/seed-w72.txt");
    let a = s.send(multipart("/acts", &[], "file", "../../evil.txt", rewrapped)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(list(&s.data().join("acts")), ["2022-09-26-388.txt"]);
    assert_eq!(std::fs::read(s.data().join("acts/2022-09-26-388.txt")).unwrap(), rewrapped);
    assert_eq!(list(s.dir.path()), ["data", "secret.toml"]);
}

#[tokio::test]
async fn a_host_that_does_not_name_the_server_is_refused() {
    let s = server();
    for host in ["evil.example:8080", "127.0.0.1:9999", "localhost", "127.0.0.1.nip.io:8080"] {
        let r =
            axum::http::Request::builder().uri("/api/v1/orgs").header(header::HOST, host).body(Body::empty()).unwrap();
        let a = s.send(r).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{host}");
        assert!(a.json()["error"]["message"].as_str().unwrap().starts_with("Host:"));
    }
    let no_host = axum::http::Request::builder().uri("/orgs").body(Body::empty()).unwrap();
    assert_eq!(s.send(no_host).await.status, StatusCode::FORBIDDEN);
    assert_eq!(s.get("/orgs").await.status, StatusCode::OK);
}

/// CSRF: a cross-site page posting a form (or fetching) to the local server changes nothing.
#[tokio::test]
async fn cross_site_writes_are_rejected() {
    let s = server();
    let before = std::fs::read(s.data().join("orgs/sample.toml")).unwrap();
    let (_, v) = s.profile("sample").await;
    let body = format!("version={v}");
    let attempts = [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "http://evil.example"),
        ("origin", "null"),
    ];
    for (name, value) in attempts {
        let r = req(Method::POST, "/orgs/sample/delete")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(name, value)
            .body(Body::from(body.clone()))
            .unwrap();
        let a = s.send(r).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{name}: {value}");
        assert!(a.text().contains(if name == "origin" { "Origin" } else { "Sec-Fetch-Site" }), "{}", a.text());
    }
    // A cross-site HTML form cannot send JSON, and the API takes nothing else.
    let r = req(Method::PUT, "/api/v1/orgs/sample")
        .header(header::CONTENT_TYPE, "text/plain")
        .header(header::IF_MATCH, format!("\"{v}\""))
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(s.send(r).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(std::fs::read(s.data().join("orgs/sample.toml")).unwrap(), before);
    // The same form from our own page goes through.
    let a = s.post_form("/orgs/sample/delete", &[("version", &v)]).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.text());
}

#[tokio::test]
async fn off_loopback_every_request_needs_the_token() {
    let s = server_with_token("correct horse battery staple");
    let host = "192.168.1.10:8080";
    let get = |path: &str, auth: Option<&str>, cookie: Option<&str>| {
        let mut r = axum::http::Request::builder().uri(path).header(header::HOST, host);
        if let Some(a) = auth {
            r = r.header(header::AUTHORIZATION, a);
        }
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        r.body(Body::empty()).unwrap()
    };
    for path in ["/api/v1/orgs", "/api/v1/model", "/api/v1/orgs/sample/export.zip"] {
        assert_eq!(s.send(get(path, None, None)).await.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(s.send(get(path, Some("Bearer wrong"), None)).await.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(s.send(get(path, Some("Basic Y29ycmVjdA=="), None)).await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        s.send(get("/api/v1/orgs", Some("Bearer correct horse battery staple"), None)).await.status,
        StatusCode::OK
    );
    // Pages send the browser to the login page; nothing else is shown.
    let a = s.send(get("/orgs/sample", None, None)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(a.header("location"), "/login");
    assert_eq!(s.send(get("/login", None, None)).await.status, StatusCode::OK);
    let login = |token: &str| {
        axum::http::Request::builder()
            .method(Method::POST)
            .uri("/login")
            .header(header::HOST, host)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("token={}", enc(token))))
            .unwrap()
    };
    let bad = s.send(login("guess")).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert!(bad.header("set-cookie").is_empty());
    let ok = s.send(login("correct horse battery staple")).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let cookie = ok.header("set-cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("correct horse"), "the cookie must not carry the token itself");
    let pair = cookie.split(';').next().unwrap().to_string();
    let page = s.send(get("/orgs", None, Some(&pair))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text().contains("correct horse"));
    // The page cookie is not an API credential.
    assert_eq!(s.send(get("/api/v1/orgs", None, Some(&pair))).await.status, StatusCode::UNAUTHORIZED);
}

#[test]
fn a_non_loopback_address_without_a_token_is_refused() {
    let config = |listen: &str, token: Option<&str>| lauazym::serve::Config {
        listen: listen.parse().unwrap(),
        data: "d".into(),
        token: token.map(str::to_string),
        host_names: vec![],
    };
    assert!(lauazym::serve::check_config(&config("127.0.0.1:8080", None)).is_ok());
    assert!(lauazym::serve::check_config(&config("[::1]:8080", None)).is_ok());
    for addr in ["0.0.0.0:8080", "192.168.1.10:8080", "[::]:8080"] {
        let e = lauazym::serve::check_config(&config(addr, None)).unwrap_err();
        assert!(e.is_usage() && e.to_string().contains("access token"), "{addr}: {e}");
        assert!(lauazym::serve::check_config(&config(addr, Some("t0k3n"))).is_ok());
    }
    assert!(lauazym::serve::check_config(&config("0.0.0.0:8080", Some("  \n"))).is_err());
}

/// For each limit, one byte too many is a 413 carrying our JSON error (API) or our page.
#[tokio::test]
async fn oversize_bodies_are_refused_per_route() {
    let s = server();
    let (_, v) = s.profile("sample").await;
    let over = |n: usize| vec![b' '; n + 1];
    let r = req(Method::PUT, "/api/v1/orgs/sample")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::IF_MATCH, format!("\"{v}\""))
        .body(Body::from(over(limits::PROFILE)))
        .unwrap();
    let a = s.send(r).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.json()["error"]["kind"], "too-large");
    let r = req(Method::POST, "/api/v1/orgs")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(over(limits::PROFILE)))
        .unwrap();
    assert_eq!(s.send(r).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    // A form one byte over the profile limit.
    let mut body = b"name_kk=".to_vec();
    body.resize(limits::PROFILE + 1, b'a');
    let r = req(Method::POST, "/orgs/sample")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let a = s.send(r).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(a.text().contains("<html lang=\"kk\">"));
    // An act one byte over the upload limit (the whole multipart body).
    let big = vec![b'a'; limits::ACT_UPLOAD];
    let a = s.send(multipart("/acts", &[], "file", "big.txt", &big)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.text());
    let big = vec![b'a'; limits::PROFILE_IMPORT];
    let a = s.send(multipart("/orgs/import", &[("id", "big")], "file", "big.toml", &big)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = req(Method::POST, "/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(over(limits::LOGIN)))
        .unwrap();
    assert_eq!(s.send(r).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Any route, over the hard ceiling.
    let r = req(Method::POST, "/api/v1/orgs")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, (limits::CEILING + 1).to_string())
        .body(Body::from(over(limits::CEILING)))
        .unwrap();
    let a = s.send(r).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.json()["error"]["kind"], "too-large");
    assert_eq!(s.org_files(), ["sample.toml"]);
    assert_eq!(list(&s.data().join("acts")), ["2022-09-26-388.txt"]);
}

/// An organisation named like an attack is shown as text on every page that shows it.
#[tokio::test]
async fn hostile_names_are_escaped_everywhere() {
    let s = server();
    let hostile = "«Ақ жол» <script>alert(1)</script>&\"'";
    let (mut profile, _) = s.profile("sample").await;
    profile["name_kk"] = json!(hostile);
    profile["position"][0]["title"] = json!("<img src=x onerror=alert(2)>");
    profile["employee"][0]["name"] = json!("Сапарова <b>Айгүл</b> Бекқызы");
    let a = s.post_json("/api/v1/orgs", &json!({ "id": "aq-zhol", "profile": profile })).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    for page in [
        "/orgs",
        "/orgs/aq-zhol",
        "/orgs/aq-zhol/delete",
        "/orgs/aq-zhol/documents",
        "/orgs/aq-zhol/preview?kind=job-description&position=director",
    ] {
        let a = s.get(page).await;
        assert_eq!(a.status, StatusCode::OK, "{page}");
        let html = a.text();
        assert!(!html.contains("<script>alert"), "{page}");
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(!html.contains("<b>Айгүл"), "{page}");
        assert!(html.contains("&lt;script&gt;") || html.contains("&lt;img"), "{page}");
    }
    let html = s.get("/orgs").await.text();
    assert!(html.contains("«Ақ жол» &lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#x27;"), "{html}");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let s = server();
    let css = lauazym::serve::assets::url("app.css");
    for (path, immutable) in
        [("/orgs", false), ("/api/v1/orgs", false), (css.as_str(), true), ("/nope", false), ("/api/v1/nope", false)]
    {
        let a = s.get(path).await;
        let csp = a.header("content-security-policy");
        assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
        for part in
            ["script-src 'self'", "style-src 'self'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'"]
        {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert_eq!(a.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(a.header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(a.header("cross-origin-resource-policy"), "same-origin", "{path}");
        let cache = a.header("cache-control");
        if immutable {
            assert_eq!(cache, "public, max-age=31536000, immutable");
            assert_eq!(a.body, include_bytes!("../../web/app.css"));
        } else {
            assert_eq!(cache, "no-store", "{path}");
        }
    }
    assert_eq!(s.get("/nope").await.status, StatusCode::NOT_FOUND);
    assert_eq!(s.get("/api/v1/nope").await.json()["error"]["kind"], "not-found");
    // Framing is loosened only where the PDF preview needs it.
    let p = s.get("/orgs/sample/preview?kind=job-description&position=director").await;
    assert!(p.header("content-security-policy").contains("frame-src 'self'"));
    let pdf = s.get("/orgs/sample/document?kind=job-description&position=director&format=pdf").await;
    assert!(pdf.header("content-security-policy").contains("frame-ancestors 'self'"));
    assert!(pdf.header("content-disposition").starts_with("inline"));
}

#[test]
fn web_templates_never_use_triple_braces_or_inline_script() {
    for (name, src) in lauazym::serve::pages::template_sources() {
        assert!(!src.contains("{{{"), "templates/web/{name}.hbs uses triple braces");
        assert!(!has_event_attribute(src), "templates/web/{name}.hbs: an on…= attribute");
        assert!(!src.contains("javascript:"), "{name}");
        assert!(!src.contains("style=\""), "{name}: inline style");
        for line in src.lines() {
            assert!(!line.contains("<script") || line.contains(" src="), "templates/web/{name}.hbs: inline script");
        }
    }
}

/// ` onclick=`, ` onload=` …: an inline event handler.
fn has_event_attribute(src: &str) -> bool {
    src.match_indices(" on").any(|(i, _)| {
        let rest = &src[i + 3..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_lowercase()).collect();
        !name.is_empty() && rest[name.len()..].starts_with('=')
    })
}
