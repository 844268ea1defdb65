//! Who may send what: the checks run on every request before routing.
//!
//! Each rule is a pure function over header values, with its own table of cases below; the
//! middleware [`check`] only applies them in order — Host (DNS rebinding), cross-origin writes
//! (CSRF), the API's JSON-only writes, then the access token when one is configured.

use super::error::Error;
use axum::http::{header, HeaderMap, Method};
use sha2::{Digest, Sha256};
use std::net::{IpAddr, SocketAddr};
use subtle::ConstantTimeEq;

/// The session cookie the browser gets at `/login` in exchange for the token.
pub const SESSION_COOKIE: &str = "lauazym_session";

/// What the guard needs to know, fixed at start.
#[derive(Clone, Debug)]
pub struct Access {
    /// `Host` values accepted, lower case, each with the port (`127.0.0.1:8080`).
    pub hosts: Vec<String>,
    /// The port the server is bound to (for the unspecified-address rule of [`host_allowed`]).
    pub port: u16,
    /// Bound to `0.0.0.0` or `[::]`: any IP literal with our port names us too.
    pub any_ip: bool,
    /// SHA-256 of the access token, when one is required (off loopback).
    pub token: Option<[u8; 32]>,
}

impl Access {
    /// The `Host` values that name a server bound to `addr`, plus the extra names given.
    pub fn for_address(addr: SocketAddr, names: &[String], token: Option<&str>) -> Access {
        let port = addr.port();
        let mut hosts: Vec<String> = Vec::new();
        if addr.ip().is_loopback() {
            hosts.extend([format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")]);
        } else if !addr.ip().is_unspecified() {
            hosts.push(match addr.ip() {
                IpAddr::V4(ip) => format!("{ip}:{port}"),
                IpAddr::V6(ip) => format!("[{ip}]:{port}"),
            });
        }
        hosts.extend(names.iter().map(|n| format!("{}:{port}", n.to_ascii_lowercase())));
        Access { hosts, port, any_ip: addr.ip().is_unspecified(), token: token.map(digest) }
    }
}

pub fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// The `Host` header must name the bound address. A DNS-rebinding page reaches a loopback server
/// under its own domain name, so its requests carry that name here and are refused.
pub fn host_allowed(host: Option<&str>, access: &Access) -> bool {
    let Some(host) = host else { return false };
    let host = host.to_ascii_lowercase();
    if access.hosts.contains(&host) {
        return true;
    }
    // Bound to every interface: an IP literal (never a name, so no rebinding) with our port.
    if access.any_ip {
        if let Ok(addr) = host.parse::<SocketAddr>() {
            return addr.port() == access.port;
        }
    }
    false
}

/// Cross-origin protection for state-changing requests, after Go 1.25's `CrossOriginProtection`
/// (as ported by tower-csrf): `Sec-Fetch-Site` of `same-origin` or `none` passes and any other
/// value is refused; without it, an `Origin` must name this host; a request with neither header
/// is not from a browser and passes. The error names the header that refused.
pub fn cross_origin_ok(
    method: &Method,
    sec_fetch_site: Option<&str>,
    origin: Option<&str>,
    host: &str,
) -> Result<(), &'static str> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    if let Some(site) = sec_fetch_site {
        return match site {
            "same-origin" | "none" => Ok(()),
            _ => Err("Sec-Fetch-Site: a cross-site request may not change anything here"),
        };
    }
    match origin {
        None => Ok(()),
        Some(o) if o.eq_ignore_ascii_case(&format!("http://{host}")) => Ok(()),
        Some(_) => Err("Origin: the request comes from another site"),
    }
}

/// An API write must be JSON: a cross-site HTML form cannot send `application/json`.
pub fn is_json(content_type: Option<&str>) -> bool {
    content_type.and_then(|ct| ct.split(';').next()).is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

/// Compare a presented token with the expected digest in constant time.
pub fn token_ok(expected: &[u8; 32], presented: &str) -> bool {
    bool::from(digest(presented).ct_eq(expected))
}

/// The session cookie's value for a token: a digest of it, so the token itself is never stored
/// in the browser.
pub fn session_value(expected: &[u8; 32]) -> String {
    let mut h = Sha256::new();
    h.update(b"lauazym-session\0");
    h.update(expected);
    crate::export::hex(&h.finalize())
}

fn session_ok(expected: &[u8; 32], presented: &str) -> bool {
    bool::from(session_value(expected).as_bytes().ct_eq(presented.as_bytes()))
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| kv.trim().strip_prefix(name)?.strip_prefix('='))
}

/// Whether the request carries the token: a Bearer header, or (for pages) the session cookie.
pub fn authorised(expected: &[u8; 32], headers: &HeaderMap, api: bool) -> bool {
    if let Some(t) = bearer(headers) {
        return token_ok(expected, t);
    }
    !api && cookie(headers, SESSION_COOKIE).is_some_and(|c| session_ok(expected, c))
}

/// What the guard decided.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    /// A page asked for without a session: send the browser to the login page.
    Login,
    Refuse(String, Refusal),
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Refusal {
    Forbidden,
    Unauthorized,
    UnsupportedMediaType,
}

impl Verdict {
    pub fn into_error(self) -> Option<Error> {
        match self {
            Verdict::Refuse(m, Refusal::Forbidden) => Some(Error::Forbidden(m)),
            Verdict::Refuse(_, Refusal::Unauthorized) => Some(Error::Unauthorized),
            Verdict::Refuse(m, Refusal::UnsupportedMediaType) => Some(Error::UnsupportedMediaType(m)),
            _ => None,
        }
    }
}

/// Every rule, in order, over one request's method, path and headers.
pub fn check(access: &Access, method: &Method, path: &str, headers: &HeaderMap) -> Verdict {
    let get = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let host = get(header::HOST);
    if !host_allowed(host, access) {
        return Verdict::Refuse(
            "Host: this server answers only to the address it listens on".into(),
            Refusal::Forbidden,
        );
    }
    let host = host.unwrap_or_default();
    if let Err(why) =
        cross_origin_ok(method, get(header::HeaderName::from_static("sec-fetch-site")), get(header::ORIGIN), host)
    {
        return Verdict::Refuse(why.into(), Refusal::Forbidden);
    }
    let api = path == "/api" || path.starts_with("/api/");
    if api && matches!(*method, Method::POST | Method::PUT | Method::PATCH) && !is_json(get(header::CONTENT_TYPE)) {
        return Verdict::Refuse(
            "Content-Type: the API accepts only application/json".into(),
            Refusal::UnsupportedMediaType,
        );
    }
    if let Some(expected) = &access.token {
        let public = path == "/login" || path.starts_with("/assets/");
        if !public && !authorised(expected, headers, api) {
            return if !api && *method == Method::GET {
                Verdict::Login
            } else {
                Verdict::Refuse(String::new(), Refusal::Unauthorized)
            };
        }
    }
    Verdict::Pass
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn loopback() -> Access {
        Access::for_address("127.0.0.1:8080".parse().unwrap(), &[], None)
    }

    #[test]
    fn host_must_name_the_bound_address() {
        let a = loopback();
        let on_all = Access::for_address("0.0.0.0:8080".parse().unwrap(), &["hr.office.kz".into()], Some("t"));
        let cases: &[(&Access, Option<&str>, bool)] = &[
            (&a, Some("127.0.0.1:8080"), true),
            (&a, Some("localhost:8080"), true),
            (&a, Some("LOCALHOST:8080"), true),
            (&a, Some("[::1]:8080"), true),
            (&a, Some("127.0.0.1:8081"), false),
            (&a, Some("localhost"), false),
            (&a, Some("evil.example:8080"), false), // DNS rebinding
            (&a, Some("127.0.0.1.nip.io:8080"), false),
            (&a, None, false),
            (&on_all, Some("192.168.1.10:8080"), true),
            (&on_all, Some("hr.office.kz:8080"), true),
            (&on_all, Some("192.168.1.10:9999"), false),
            (&on_all, Some("evil.example:8080"), false),
        ];
        for (access, host, want) in cases {
            assert_eq!(host_allowed(*host, access), *want, "{host:?}");
        }
    }

    #[test]
    fn cross_origin_writes_are_refused() {
        let h = "127.0.0.1:8080";
        let cases: &[(Method, Option<&str>, Option<&str>, bool)] = &[
            (Method::GET, Some("cross-site"), Some("http://evil.example"), true), // safe method
            (Method::POST, Some("same-origin"), None, true),
            (Method::POST, Some("none"), None, true), // typed in the address bar / bookmark
            (Method::POST, Some("cross-site"), None, false),
            (Method::POST, Some("same-site"), Some("http://127.0.0.1:8080"), false),
            (Method::DELETE, None, Some("http://127.0.0.1:8080"), true),
            (Method::PUT, None, Some("http://evil.example"), false),
            (Method::POST, None, Some("null"), false),
            (Method::POST, None, None, true), // curl, another system: not a browser
        ];
        for (m, site, origin, want) in cases {
            assert_eq!(cross_origin_ok(m, *site, *origin, h).is_ok(), *want, "{m} {site:?} {origin:?}");
        }
    }

    #[test]
    fn api_writes_must_be_json() {
        assert!(is_json(Some("application/json")));
        assert!(is_json(Some("application/json; charset=utf-8")));
        assert!(is_json(Some("Application/JSON")));
        for bad in [None, Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("multipart/form-data")] {
            assert!(!is_json(bad), "{bad:?}");
        }
    }

    #[test]
    fn tokens_compare_by_digest() {
        let d = digest("s3cret-token");
        assert!(token_ok(&d, "s3cret-token"));
        for bad in ["", "s3cret-toke", "s3cret-token ", "S3CRET-TOKEN"] {
            assert!(!token_ok(&d, bad), "{bad:?}");
        }
        assert_ne!(session_value(&d), "s3cret-token");
    }

    #[test]
    fn token_is_asked_on_every_route_but_login_and_assets() {
        let mut a = loopback();
        a.token = Some(digest("t"));
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert_eq!(check(&a, &Method::GET, "/orgs", &h), Verdict::Login);
        assert!(matches!(check(&a, &Method::GET, "/api/v1/orgs", &h), Verdict::Refuse(_, Refusal::Unauthorized)));
        assert_eq!(check(&a, &Method::GET, "/login", &h), Verdict::Pass);
        assert_eq!(check(&a, &Method::GET, "/assets/0123/app.css", &h), Verdict::Pass);
        let mut with = h.clone();
        with.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer t"));
        assert_eq!(check(&a, &Method::GET, "/api/v1/orgs", &with), Verdict::Pass);
        let mut wrong = h.clone();
        wrong.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer x"));
        assert!(matches!(check(&a, &Method::GET, "/api/v1/orgs", &wrong), Verdict::Refuse(..)));
        let mut cookie = h.clone();
        cookie.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; {SESSION_COOKIE}={}", session_value(&digest("t")))).unwrap(),
        );
        assert_eq!(check(&a, &Method::GET, "/orgs", &cookie), Verdict::Pass);
        // The cookie is for pages; API clients send the token.
        assert!(matches!(check(&a, &Method::GET, "/api/v1/orgs", &cookie), Verdict::Refuse(..)));
    }
}
