//! Every size and time limit of the service, named once, with the input it was sized from.
//!
//! Each body limit is applied with `DefaultBodyLimit::max` on its own route group, under an
//! outer hard ceiling (`RequestBodyLimitLayer`) that covers every body, so a route that forgot
//! its limit still cannot be sent more than [`CEILING`].

/// An act upload: the loader's own limit (`act::MAX_BYTES`, 8 MB), plus room for the multipart
/// envelope (boundaries and part headers, well under 4 KB). A published act is ~60 KB
/// (`acts/2022-09-26-388.txt` is 62 314 bytes), so 8 MB is only a guard against non-acts.
pub const ACT_UPLOAD: usize = crate::act::MAX_BYTES + 4 * 1024;

/// A profile sent as JSON (API) or as a form (pages): the sample profile is 4.8 KB of TOML for
/// six positions and seven employees; a large social-services centre has a few hundred staff, so
/// 256 KB leaves ~50× headroom over the sample while refusing anything that is plainly no profile.
pub const PROFILE: usize = 256 * 1024;

/// A profile imported as a file (TOML or spreadsheet) through a multipart form: an XLSX of the
/// same few hundred rows is mostly zip overhead and stays far below 1 MB.
pub const PROFILE_IMPORT: usize = 1024 * 1024;

/// The login form: one token field.
pub const LOGIN: usize = 4 * 1024;

/// The hard ceiling for any request body, whatever the route: above the largest limit, so that
/// each route's own limit is the one that answers, and a route that forgot its limit still
/// cannot be sent more.
pub const CEILING: usize = ACT_UPLOAD + 64 * 1024;

/// Whole-organisation ZIP exports running at once: each uses every core through rayon, so more
/// than two at a time only queue inside rayon while holding their memory.
pub const EXPORTS_AT_ONCE: usize = 2;

/// Documents rendered at once (one per core). Rendering is pure CPU work on the blocking pool;
/// with 32 clients and no bound, 32 threads shared 2 cores and the slowest request waited for all
/// of them (p99 219 ms in `cargo bench --bench serve`). Requests beyond this wait their turn in
/// the async runtime, which costs nothing while they wait.
pub fn renders_at_once() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// A request that takes longer is answered 408; a whole export of the sample takes well under a
/// second, a large organisation a few seconds.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Failed logins from one address before every further try is slowed down.
pub const LOGIN_FREE_TRIES: u32 = 3;

/// The delay added per failed try beyond the free ones (capped at [`LOGIN_MAX_DELAY`]).
pub const LOGIN_DELAY_STEP: std::time::Duration = std::time::Duration::from_millis(500);
pub const LOGIN_MAX_DELAY: std::time::Duration = std::time::Duration::from_secs(5);
