//! `lauazym serve`: the local web application for HR officers and the HTTP API (`/api/v1`).
//!
//! A thin shell over the same library calls as the CLI: handlers parse the request, call
//! `org`/`act`/`export` through [`render`] and [`profile`], and answer. No law, layout or profile
//! rule lives here. [`app`] lists every route, so tests drive the whole request path with
//! `app(state).oneshot(request)` and no socket; [`run`] only binds, prints the address and serves.
//!
//! Layers, outermost first: [`respond`] (security headers on every answer, framework errors
//! turned into ours), the request timeout, the hard body ceiling, then [`guard`] (Host, cross-origin
//! writes, JSON-only API writes, the token), then the routes with their own body limits.

pub mod api;
pub mod assets;
pub mod error;
pub mod guard;
pub mod limits;
pub mod pages;
pub mod profile;
pub mod render;
pub mod storage;

use axum::extract::{DefaultBodyLimit, Path as UrlPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use error::Error;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The service's state: one clone-cheap handle.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: storage::Store,
    catalog: RwLock<Arc<render::Catalog>>,
    pub cache: render::Cache,
    pub access: guard::Access,
    pub exports: tokio::sync::Semaphore,
    /// One document render per core at a time ([`limits::renders_at_once`]).
    pub renders: tokio::sync::Semaphore,
    pub login_failures: std::sync::Mutex<std::collections::HashMap<String, u32>>,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Open (or create and seed) the data folder and load its acts.
    pub fn new(data: &Path, access: guard::Access) -> std::io::Result<AppState> {
        let store = storage::Store::open(data)?;
        let catalog = render::Catalog::load(&store, 0);
        Ok(AppState(Arc::new(Inner {
            store,
            catalog: RwLock::new(Arc::new(catalog)),
            cache: render::Cache::default(),
            access,
            exports: tokio::sync::Semaphore::new(limits::EXPORTS_AT_ONCE),
            renders: tokio::sync::Semaphore::new(limits::renders_at_once()),
            login_failures: Default::default(),
        })))
    }

    /// The current acts and model.
    pub fn catalog(&self) -> Arc<render::Catalog> {
        match self.catalog.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Reload the acts after one was added.
    pub fn reload_catalog(&self) {
        let generation = self.catalog().generation + 1;
        let fresh = Arc::new(render::Catalog::load(&self.store, generation));
        match self.catalog.write() {
            Ok(mut c) => *c = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
    }

    /// What is needed to render the documents of organisation `id` (built once per version).
    pub async fn prepared(&self, id: &str) -> Result<Arc<render::Prepared>, Error> {
        let stored = self.store.read_org(id)?;
        let catalog = self.catalog();
        if let Some(p) = self.cache.get(id, catalog.generation, &stored.version) {
            return Ok(p);
        }
        let state = self.clone();
        let id = id.to_string();
        tokio::task::spawn_blocking(move || {
            let p = Arc::new(render::Prepared::build(&state.store, &catalog, &id, &stored.text, &stored.version)?);
            state.cache.put(&id, p.clone());
            Ok(p)
        })
        .await?
    }
}

/// Every route of the service.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .route("/assets/{hash}/{name}", get(asset))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), guard_layer))
        // The hard ceiling for every body, whatever a route's own limit says.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(limits::CEILING))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits::REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn(respond))
        .with_state(state)
}

async fn not_found() -> Error {
    Error::NotFound
}

async fn asset(UrlPath((hash, name)): UrlPath<(String, String)>) -> Response {
    match assets::get(&hash, &name) {
        Some(a) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(a.content_type)),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            ],
            a.bytes,
        )
            .into_response(),
        None => Error::NotFound.into_response(),
    }
}

async fn guard_layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match guard::check(&state.access, request.method(), request.uri().path(), request.headers()) {
        guard::Verdict::Pass => next.run(request).await,
        guard::Verdict::Login => Redirect::to("/login").into_response(),
        refused => {
            refused.into_error().map(IntoResponse::into_response).unwrap_or_else(|| Error::Unauthorized.into_response())
        }
    }
}

/// Which frame rules a response needs; set by the two handlers that frame a PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// The preview page, which shows the PDF in an `<iframe>` of our own origin.
    FramesPdf,
    /// The inline PDF, which our own preview page frames.
    FramedBySelf,
}

/// The Content-Security-Policy of every answer. `default-src 'none'` and only what the pages use:
/// our own script and style files, inline `data:` images of the favicon, forms posting to
/// ourselves, no `<base>`, and no framing by anyone.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/// The preview page frames the PDF from our own origin: `frame-src 'self'` on that page only.
const CSP_FRAMES_PDF: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; frame-src 'self'";
/// The inline PDF may be framed by our own preview page: `frame-ancestors 'self'` on that answer
/// only (the browser's PDF viewer needs no other source).
const CSP_FRAMED: &str = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// The outermost layer: security headers on every answer, and framework errors (a body over its
/// limit, a wrong method) answered in our own two faces.
async fn respond(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let status = response.status();
    let ours = response.extensions().get::<Ours>().is_some();
    if !ours
        && (status == StatusCode::PAYLOAD_TOO_LARGE
            || status == StatusCode::METHOD_NOT_ALLOWED
            || status.as_u16() == 408)
    {
        let e = match status {
            StatusCode::PAYLOAD_TOO_LARGE => Error::TooLarge,
            StatusCode::METHOD_NOT_ALLOWED => Error::BadRequest("this address does not accept that method".into()),
            _ => Error::BadRequest("the request took too long".into()),
        };
        let mut fresh = if api { e.into_response() } else { pages::error_page(&e) };
        *fresh.status_mut() = status;
        response = fresh;
    }
    let framing = response.extensions().get::<Framing>().copied();
    let h = response.headers_mut();
    let csp = match framing {
        None => CSP,
        Some(Framing::FramesPdf) => CSP_FRAMES_PDF,
        Some(Framing::FramedBySelf) => CSP_FRAMED,
    };
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::HeaderName::from_static("cross-origin-resource-policy"), HeaderValue::from_static("same-origin"));
    h.insert(header::HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin"));
    h.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    );
    if framing != Some(Framing::FramedBySelf) {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    } else {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Marks a response built by our own error faces (so [`respond`] leaves it alone).
#[derive(Clone, Copy)]
pub struct Ours;

/// A route group's own body limit (under the hard ceiling).
pub fn limit(bytes: usize) -> DefaultBodyLimit {
    DefaultBodyLimit::max(bytes)
}

/// How `lauazym serve` was started.
pub struct Config {
    pub listen: SocketAddr,
    pub data: PathBuf,
    /// The access token (from a file or `LAUAZYM_TOKEN`); required off loopback.
    pub token: Option<String>,
    /// Extra names the server may be reached by (`Host` check), e.g. `hr-server.local`.
    pub host_names: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(
        "--listen {0} is not a loopback address: an access token is required (--token-file FILE or the \
LAUAZYM_TOKEN environment variable)"
    )]
    TokenRequired(SocketAddr),
    #[error("the access token is empty")]
    EmptyToken,
    #[error("{0}: cannot open the data folder: {1}")]
    Data(PathBuf, std::io::Error),
    #[error("{0}: cannot listen: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("serving: {0}")]
    Serve(std::io::Error),
}

impl StartError {
    /// Usage errors (exit 2) against failures of the machine (exit 1).
    pub fn is_usage(&self) -> bool {
        matches!(self, StartError::TokenRequired(_) | StartError::EmptyToken)
    }
}

/// Refuse a configuration that would serve other machines without a token.
pub fn check_config(config: &Config) -> Result<(), StartError> {
    if config.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(StartError::EmptyToken);
    }
    if !config.listen.ip().is_loopback() && config.token.is_none() {
        return Err(StartError::TokenRequired(config.listen));
    }
    Ok(())
}

/// Bind, print the address to open, and serve until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> Result<(), StartError> {
    check_config(&config)?;
    let listener =
        tokio::net::TcpListener::bind(config.listen).await.map_err(|e| StartError::Bind(config.listen, e))?;
    let bound = listener.local_addr().map_err(|e| StartError::Bind(config.listen, e))?;
    let token = config.token.as_deref().map(str::trim);
    let access = guard::Access::for_address(bound, &config.host_names, token);
    let state = AppState::new(&config.data, access).map_err(|e| StartError::Data(config.data.clone(), e))?;
    let shown = if bound.ip().is_unspecified() { SocketAddr::new([127, 0, 0, 1].into(), bound.port()) } else { bound };
    println!("lauazym serve: open http://{shown}/ (data folder {})", config.data.display());
    if token.is_some() {
        println!("lauazym serve: an access token is required; sign in at http://{shown}/login");
    }
    let app = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown()).await.map_err(StartError::Serve)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("lauazym serve: stopping");
}

/// Methods that change something (for the guard's cross-origin rule and the tests).
pub fn changes_state(m: &Method) -> bool {
    matches!(*m, Method::POST | Method::PUT | Method::PATCH | Method::DELETE)
}
