//! One document in memory: what the web service renders per request.
//!
//! A request names a document as a person would — the position's number in the staff list, the
//! amending act's number, the employee's personnel number — not by indices, so it can come from a
//! URL or a form. It is checked against the organisation and the model, then composed and written
//! exactly as the batch writes it (same tree, same bytes as the file `export` writes).

use super::plan::{path_of, plan_org, DocKind, DocRef, Format, Kind, Kinds};
use super::prepare::BatchFonts;
use super::run::tree;
use super::Error;
use crate::compose::documents::changes_for;
use crate::compose::PrintableOrg;
use crate::model::Model;
use serde::Serialize;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Which document of an organisation, in which format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRequest {
    pub kind: Kind,
    /// The position's number in the organisation's staff list, from 1 (the `NN` of file names).
    pub position: usize,
    /// For a change sheet: the amending act's number (`"388"`).
    pub act: Option<String>,
    /// For a personnel-file copy: the employee's personnel number (the employee must hold
    /// `position`).
    pub employee: Option<String>,
    pub format: Format,
}

/// A document of an organisation, as `documents` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    /// Where `export` writes it, relative to the output folder (`sample/job-description/01-….pdf`).
    pub path: String,
    pub request: DocumentRequest,
}

/// A document written in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// Pages as laid out (PDF); `None` for a DOCX.
    pub pages: Option<u32>,
    /// Where `export` would write it, relative to the output folder.
    pub path: String,
    /// The last part of `path`, for a download's file name (`01-leumettik-kyzmetker.pdf`).
    pub file_name: String,
    pub media_type: &'static str,
}

/// A request that names no document of the organisation, or a document that fails.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error("{org}: no position number {number} (the staff list has {count})")]
    UnknownPosition { org: String, number: usize, count: usize },
    #[error("no amending act number {number} is loaded (loaded: {known})")]
    UnknownAct { number: String, known: String },
    #[error("a change sheet needs the amending act's number")]
    MissingAct,
    #[error("a job description is not per act (act {number} given)")]
    UnexpectedAct { number: String },
    #[error("act {act} does not change position {position}: it has no change sheet")]
    NoChanges { act: String, position: usize },
    #[error("{org}: no employee with personnel number {number}")]
    UnknownEmployee { org: String, number: String },
    #[error("{org}: employee {number} holds position {holds}, not {asked}")]
    OtherPosition { org: String, number: String, holds: usize, asked: usize },
    #[error(transparent)]
    Render(#[from] Error),
    #[error("internal error (a bug; please report it with this request): {0}")]
    Panic(String),
}

/// Every document of one organisation (personnel-file copies included when `kinds` says so), in
/// the order of their paths.
pub fn documents(model: &Model, org: &PrintableOrg, kinds: Kinds, formats: &[Format]) -> Vec<Listed> {
    let mut jobs = plan_org(model, org, 0, kinds, formats);
    jobs.sort();
    jobs.into_iter()
        .map(|job| Listed {
            path: job.path.to_string_lossy().replace('\\', "/"),
            request: DocumentRequest {
                kind: job.doc.kind.kind(),
                position: org.positions[job.doc.position].number,
                act: match job.doc.kind {
                    DocKind::ChangeSheet { act } => Some(model.acts[act].id.number.clone()),
                    DocKind::JobDescription => None,
                },
                employee: job.doc.employee.map(|e| org.employees[e].personnel_no.clone()),
                format: job.format,
            },
        })
        .collect()
}

/// Check `request` against the organisation and the model: the document it names.
pub fn resolve(model: &Model, org: &PrintableOrg, request: &DocumentRequest) -> Result<DocRef, RequestError> {
    let position = org.positions.iter().position(|sp| sp.number == request.position).ok_or_else(|| {
        RequestError::UnknownPosition { org: org.source.clone(), number: request.position, count: org.positions.len() }
    })?;
    let kind = match (request.kind, &request.act) {
        (Kind::JobDescription, None) => DocKind::JobDescription,
        (Kind::JobDescription, Some(number)) => return Err(RequestError::UnexpectedAct { number: number.clone() }),
        (Kind::ChangeSheet, None) => return Err(RequestError::MissingAct),
        (Kind::ChangeSheet, Some(number)) => {
            let act =
                model.acts.iter().position(|a| a.id.number == *number).ok_or_else(|| RequestError::UnknownAct {
                    number: number.clone(),
                    known: model.acts.iter().map(|a| a.id.number.as_str()).collect::<Vec<_>>().join(", "),
                })?;
            let p = &model.positions[org.positions[position].typical];
            if changes_for(model, &model.acts[act].id, p).is_empty() {
                return Err(RequestError::NoChanges { act: number.clone(), position: request.position });
            }
            DocKind::ChangeSheet { act }
        }
    };
    let employee = match &request.employee {
        None => None,
        Some(number) => {
            let e = org
                .employees
                .iter()
                .position(|e| e.personnel_no == *number)
                .ok_or_else(|| RequestError::UnknownEmployee { org: org.source.clone(), number: number.clone() })?;
            let holds = org.employees[e].position;
            if holds != position {
                return Err(RequestError::OtherPosition {
                    org: org.source.clone(),
                    number: number.clone(),
                    holds: org.positions[holds].number,
                    asked: request.position,
                });
            }
            Some(e)
        }
    };
    Ok(DocRef { position, kind, employee })
}

/// Compose and write one document in memory: the same bytes `export` writes to its file.
/// A panic on the way becomes `RequestError::Panic`, so a service thread survives it.
pub fn render_document(
    model: &Model,
    org: &PrintableOrg,
    fonts: &BatchFonts,
    request: &DocumentRequest,
) -> Result<Rendered, RequestError> {
    let doc = resolve(model, org, request)?;
    let format = request.format;
    let written = catch_unwind(AssertUnwindSafe(|| fonts.write(&tree(model, org, &doc)?, format)))
        .map_err(|payload| RequestError::Panic(super::run::panic_message(payload.as_ref())))??;
    let path = path_of(model, org, &doc, format).to_string_lossy().replace('\\', "/");
    let file_name = path.rsplit('/').next().unwrap_or(&path).to_string();
    Ok(Rendered { bytes: written.bytes, pages: written.pages, path, file_name, media_type: format.media_type() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::seed_model;
    use crate::export::{load, Inputs, Options};
    use crate::fonts::FontSet;

    fn request(kind: Kind, position: usize, act: Option<&str>, employee: Option<&str>) -> DocumentRequest {
        DocumentRequest {
            kind,
            position,
            act: act.map(str::to_string),
            employee: employee.map(str::to_string),
            format: Format::Pdf,
        }
    }

    #[test]
    fn one_document_in_memory_is_the_file_the_batch_writes() {
        let model = seed_model();
        let dir = tempfile::tempdir().unwrap();
        let inputs = Inputs { model, orgs: vec![], typical: false };
        let report = crate::export::export(&inputs, &Options::new(dir.path()), &|_| ()).unwrap();
        let loaded = load(&inputs);
        let fonts = BatchFonts::prepare(&FontSet::embedded(), &loaded.chars, &Format::ALL, Default::default()).unwrap();
        let org = &loaded.orgs[0];
        let listed = documents(model, org, Kinds::ALL, &Format::ALL);
        assert_eq!(listed.len(), report.manifest.files.len(), "the listing is the batch's plan");
        assert!(listed.iter().any(|l| l.request.employee.is_some()) && listed.iter().any(|l| l.request.act.is_some()));
        for l in &listed {
            let doc = render_document(model, org, &fonts, &l.request).unwrap();
            assert_eq!(doc.path, l.path);
            assert!(l.path.ends_with(&doc.file_name));
            assert_eq!(doc.media_type, l.request.format.media_type());
            assert!(std::fs::read(dir.path().join(&l.path)).unwrap() == doc.bytes, "{} differs from the file", l.path);
        }
    }

    #[test]
    fn a_request_naming_no_document_says_what_is_wrong() {
        let model = seed_model();
        let loaded = load(&Inputs { model, orgs: vec![], typical: false });
        let org = &loaded.orgs[0];
        let employee = &org.employees[0];
        let holds = org.positions[employee.position].number;
        let elsewhere = org.positions.iter().find(|p| p.number != holds).unwrap().number;
        let act = model.acts[0].id.number.as_str();
        let unchanged = org.positions.iter().find(|sp| crate::export::changing_acts(model, sp.typical).is_empty());
        let mut cases = vec![
            (request(Kind::JobDescription, 99, None, None), "no position number 99"),
            (request(Kind::ChangeSheet, 1, None, None), "needs the amending act"),
            (request(Kind::ChangeSheet, 1, Some("999"), None), "no amending act number 999"),
            (request(Kind::JobDescription, 1, Some(act), None), "not per act"),
            (request(Kind::JobDescription, holds, None, Some("no-such")), "no employee with personnel number no-such"),
            (request(Kind::JobDescription, elsewhere, None, Some(&employee.personnel_no)), "holds position"),
        ];
        if let Some(sp) = unchanged {
            cases.push((request(Kind::ChangeSheet, sp.number, Some(act), None), "has no change sheet"));
        }
        for (req, expected) in cases {
            let err = resolve(model, org, &req).unwrap_err().to_string();
            assert!(err.contains(expected), "{req:?}: «{err}» lacks «{expected}»");
        }
        let ok = request(Kind::JobDescription, holds, None, Some(&employee.personnel_no));
        assert!(resolve(model, org, &ok).is_ok());
    }
}
