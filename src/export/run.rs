//! Running a plan: every job in parallel (rayon), each one's tree composed, written and saved on
//! its own. A failed job is a value carrying its path and inputs — and so is a job that panics:
//! its panic is caught (`catch_unwind`) and becomes that document's failure, so a bug met by one
//! document (a library's unexpected output, say) never stops the others.

use super::files::{contained, write_atomic};
use super::manifest::{hex, Entry, Manifest};
use super::plan::{DocKind, DocRef, Job};
use super::prepare::{BatchFonts, Written};
use super::{Error, Progress};
use crate::compose::documents::{self, Signers};
use crate::compose::PrintableOrg;
use crate::doc::Document;
use crate::model::{ActId, Model};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// A failed job: what it was for and why.
#[derive(Debug)]
pub struct Failure {
    /// The file it would have written, relative to the output folder.
    pub path: String,
    /// The organisation's profile file (or "typical").
    pub source: String,
    pub error: JobError,
}

/// Why one document failed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Error(#[from] Error),
    /// A bug, met by this document only: the panic's message.
    #[error("internal error (a bug; please report it with this document's inputs): {0}")]
    Panic(String),
}

/// Totals for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    pub documents: usize,
    pub pages: u64,
    pub bytes: u64,
}

pub struct Outcome {
    pub manifest: Manifest,
    pub failures: Vec<Failure>,
    pub totals: Totals,
}

/// Compose the document tree of one document of `o`.
pub fn tree(model: &Model, o: &PrintableOrg, doc: &DocRef) -> Result<Document, Error> {
    let sp = &o.positions[doc.position];
    let p = &model.positions[sp.typical];
    let signers = match doc.employee {
        Some(e) => Signers::One(&o.employees[e].name),
        None => Signers::Staff,
    };
    Ok(match doc.kind {
        DocKind::ChangeSheet { act } => {
            let act = &model.acts[act];
            let changes = documents::changes_for(model, &act.id, p);
            documents::change_sheet(&o.templates, model, act, &changes, p, &o.ctx, &sp.staff, &signers)?
        }
        DocKind::JobDescription => documents::job_description(&o.templates, model, p, &o.ctx, &sp.staff, &signers)?,
    })
}

/// Compose and write one job in memory.
pub fn render(model: &Model, orgs: &[PrintableOrg], fonts: &BatchFonts, job: &Job) -> Result<Written, Error> {
    let doc = tree(model, &orgs[job.org], &job.doc)?;
    fonts.write(&doc, job.format)
}

/// Run every job in parallel into `out`; `progress` hears of each finished one.
pub fn run(
    model: &Model,
    orgs: &[PrintableOrg],
    fonts: &BatchFonts,
    jobs: &[Job],
    out: &Path,
    progress: &(dyn Fn(Progress) + Sync),
) -> Outcome {
    run_hooked(model, orgs, fonts, jobs, out, progress, &|_| ())
}

/// `run`, calling `before` at the start of each job: the seam through which a test makes one job
/// panic, as a bug in a writer or a library would.
pub(super) fn run_hooked(
    model: &Model,
    orgs: &[PrintableOrg],
    fonts: &BatchFonts,
    jobs: &[Job],
    out: &Path,
    progress: &(dyn Fn(Progress) + Sync),
    before: &(dyn Fn(&Job) + Sync),
) -> Outcome {
    let acts: Vec<ActId> = model.acts.iter().map(|a| a.id.clone()).collect();
    let mut sources: Vec<String> = model.base.iter().chain(model.acts.iter()).map(|a| a.file.clone()).collect();
    sources.dedup();
    // Boxed: a failure (its typed error) is far larger than the entry of a written file.
    let results: Vec<Result<Entry, Box<Failure>>> = jobs
        .par_iter()
        .map(|job| {
            let o = &orgs[job.org];
            let rel = job.path.to_string_lossy().replace('\\', "/");
            let one = || -> Result<Entry, Error> {
                before(job);
                let path = contained(out, &job.path)?;
                let written = render(model, orgs, fonts, job)?;
                write_atomic(&path, &written.bytes)?;
                let sp = &o.positions[job.doc.position];
                let mut srcs = sources.clone();
                srcs.push(o.source.clone());
                Ok(Entry {
                    path: rel.clone(),
                    organisation: o.ctx.slug.clone(),
                    points: model.positions[sp.typical].points,
                    position: sp.slug.clone(),
                    employee: job.doc.employee.map(|e| o.employees[e].personnel_no.clone()),
                    kind: job.doc.kind.kind(),
                    format: job.format,
                    pages: written.pages,
                    bytes: written.bytes.len() as u64,
                    sha256: hex(&Sha256::digest(&written.bytes)),
                    acts: match job.doc.kind {
                        DocKind::ChangeSheet { act } => vec![model.acts[act].id.clone()],
                        DocKind::JobDescription => acts.clone(),
                    },
                    sources: srcs,
                })
            };
            // Nothing the closure borrows is left half-updated by a panic: it only reads shared
            // data and writes its own file (atomically), so carrying on after one is sound.
            let result = match catch_unwind(AssertUnwindSafe(one)) {
                Ok(r) => r.map_err(JobError::Error),
                Err(payload) => Err(JobError::Panic(panic_message(payload.as_ref()))),
            }
            .map_err(|error| Box::new(Failure { path: rel.clone(), source: o.source.clone(), error }));
            progress(Progress::Done { path: &rel, ok: result.is_ok() });
            result
        })
        .collect();
    let mut files = Vec::new();
    let mut failures = Vec::new();
    let mut totals = Totals::default();
    for r in results {
        match r {
            Ok(e) => {
                totals.documents += 1;
                totals.pages += u64::from(e.pages.unwrap_or(0));
                totals.bytes += e.bytes;
                files.push(e);
            }
            Err(f) => failures.push(*f),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    failures.sort_by(|a, b| a.path.cmp(&b.path));
    Outcome {
        manifest: Manifest {
            generator: format!("lauazym {}", env!("CARGO_PKG_VERSION")),
            acts,
            review: model.review.summary(),
            files,
        },
        failures,
        totals,
    }
}

/// The text of a panic: `panic!("…")` carries a `&str` or a `String`.
pub(super) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}
