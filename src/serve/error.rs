//! One error type for the service, with two faces: JSON under `/api/v1`, an HTML page elsewhere.
//!
//! Every variant maps to its status in one `match` ([`Error::status`]). The message is the
//! library's own (the CLI prints the same words); an internal failure answers a generic message
//! and its cause goes to the server log only, so no response carries an absolute path or io text.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A problem with one field of a profile (or one line of a file), as the API reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// The field, as a path into the profile's JSON/TOML shape: `bin`, `head.name`,
    /// `position[2].follows`, `employee[0].personnel_no`; empty when the problem is the whole
    /// profile.
    pub path: String,
    /// Where the CLI would point in the TOML file (line, column), when there is one.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    /// A profile that does not validate; every problem, each with its field.
    #[error("{message}")]
    Invalid { message: String, problems: Vec<FieldProblem> },
    /// An act (or an act set) that does not load; the offending line when there is one.
    #[error("{message}")]
    Act { message: String, line: Option<u32>, text: Option<String> },
    /// The stored version is not the one the client last saw.
    #[error("the profile was changed by someone else since you opened it (current version {current})")]
    Conflict { current: String },
    #[error("a write needs the version it replaces (If-Match header or the form's version field)")]
    VersionRequired,
    #[error("{0}")]
    Exists(String),
    #[error("the request body is larger than this address accepts")]
    TooLarge,
    #[error("{0}")]
    Forbidden(String),
    #[error("an access token is required (Authorization: Bearer …, or sign in at /login)")]
    Unauthorized,
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// The cause is logged, never sent.
    #[error("internal error")]
    Internal(String),
}

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::Invalid { .. } | Error::Act { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Conflict { .. } => StatusCode::PRECONDITION_FAILED,
            Error::VersionRequired => StatusCode::PRECONDITION_REQUIRED,
            Error::Exists(_) => StatusCode::CONFLICT,
            Error::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::Unauthorized => StatusCode::UNAUTHORIZED,
            Error::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short machine-readable name of the variant.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NotFound => "not-found",
            Error::BadRequest(_) => "bad-request",
            Error::Invalid { .. } => "invalid",
            Error::Act { .. } => "act",
            Error::Conflict { .. } => "conflict",
            Error::VersionRequired => "version-required",
            Error::Exists(_) => "exists",
            Error::TooLarge => "too-large",
            Error::Forbidden(_) => "forbidden",
            Error::Unauthorized => "unauthorized",
            Error::UnsupportedMediaType(_) => "unsupported-media-type",
            Error::Busy => "busy",
            Error::Internal(_) => "internal",
        }
    }

    /// Log the cause of an internal error and answer the generic one.
    pub fn internal(cause: impl std::fmt::Display) -> Error {
        Error::Internal(cause.to_string())
    }

    pub fn body(&self) -> ErrorBody<'_> {
        let (problems, line, text, version) = match self {
            Error::Invalid { problems, .. } => (problems.as_slice(), None, None, None),
            Error::Act { line, text, .. } => (&[][..], *line, text.as_deref(), None),
            Error::Conflict { current } => (&[][..], None, None, Some(current.as_str())),
            _ => (&[][..], None, None, None),
        };
        ErrorBody { kind: self.kind(), message: self.to_string(), problems, line, text, version }
    }

    fn log(&self) {
        if let Error::Internal(cause) = self {
            eprintln!("lauazym serve: internal error: {cause}");
        }
    }
}

#[derive(Serialize)]
pub struct ErrorBody<'a> {
    pub kind: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub problems: &'a [FieldProblem],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    /// For a conflict: the version now stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<&'a str>,
}

/// The JSON face: `{"error": {"kind", "message", …}}`.
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        self.log();
        let body = serde_json::json!({ "error": self.body() });
        let mut response = (self.status(), axum::Json(body)).into_response();
        if let Error::Conflict { current } = &self {
            if let Ok(v) = HeaderValue::from_str(&format!("\"{current}\"")) {
                response.headers_mut().insert(header::ETAG, v);
            }
        }
        response
    }
}

impl From<axum::extract::multipart::MultipartError> for Error {
    fn from(e: axum::extract::multipart::MultipartError) -> Error {
        // A limit hit below the multipart parser (the hard ceiling) reaches us as a failed read.
        let mut source: Option<&dyn std::error::Error> = Some(&e);
        let mut over_limit = false;
        while let Some(s) = source {
            over_limit |= s.to_string().contains("length limit exceeded");
            source = s.source();
        }
        if over_limit || e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Error::TooLarge
        } else {
            Error::BadRequest(format!("the uploaded form could not be read: {}", e.body_text()))
        }
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(e: tokio::task::JoinError) -> Error {
        Error::internal(format!("a rendering task failed: {e}"))
    }
}
