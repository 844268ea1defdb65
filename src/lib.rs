//! lauazym: Kazakh legal acts → consolidated model → job-description documents (PDF, DOCX).
//!
//! Data flows one way, and each module knows only what is upstream of it:
//! `act` (published text → repaired text → typed instructions) → `model` (consolidation, provenance)
//! → `compose` (+ `org`: handlebars templates → a `doc` tree) → `pdf` | `docx` (bytes)
//! → `export` (the pipeline: jobs, atomic files, manifest; or one document in memory).
//! `doc`, the tree, imports nothing of the crate; the writers import only `doc` and `fonts`, so
//! nothing legal can reach them. The binary in `main.rs` is only the command line.

pub mod act;
pub mod compose;
mod deflate;
pub mod doc;
pub mod docx;
pub mod export;
pub mod fonts;
pub mod hyphen;
pub mod kk;
pub mod model;
pub mod org;
pub mod pdf;
#[cfg(feature = "serve")]
pub mod serve;
pub mod slug;

/// The seed act (Order No. 388 of 26.09.2022), shipped as data: official texts carry no copyright
/// in Kazakhstan (DOMAIN.md), and embedding it lets a bare install run with no files on disk.
pub const DEFAULT_ACT: (&str, &str) = ("acts/2022-09-26-388.txt", include_str!("../acts/2022-09-26-388.txt"));
