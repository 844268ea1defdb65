//! Batch export: one job per (organisation, document, format), run in parallel with rayon.
//!
//! A job is data (its key and inputs), not a callback: planning is pure and testable, and a
//! failed job is a value carrying its key — never a panic, never a global flag (STYLE.md §5).
//! Every file is written to a temporary name beside its target and renamed into place, so an
//! interrupted run leaves only complete files; the temporaries of a killed run are swept at the
//! start of the next one. The manifest is written last, listing exactly what this run wrote.

use crate::layout::documents::{self, OrgCtx, Signers, StaffCtx};
use crate::layout::templates::Templates;
use crate::layout::Document;
use crate::model::{ActId, Model, Position};
use crate::{docx, fonts, org, pdf, slug};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    JobDescription,
    ChangeSheet,
}

/// Which documents to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds {
    pub job_description: bool,
    pub change_sheet: bool,
    pub personnel: bool,
}

impl Kinds {
    pub const ALL: Kinds = Kinds { job_description: true, change_sheet: true, personnel: true };
}

/// An organisation ready to print: its context, its staffed positions and its templates.
pub struct OrgJobs {
    pub ctx: OrgCtx,
    pub templates: Arc<Templates>,
    pub positions: Vec<StaffedPosition>,
    pub employees: Vec<EmployeeRef>,
    /// The profile file, for error messages and the manifest.
    pub source: String,
}

/// One position of an organisation (or of the typical set), resolved against the model.
pub struct StaffedPosition {
    /// 1-based order in the organisation's staff list (the `NN` of file names).
    pub number: usize,
    /// Index into `Model::positions`.
    pub typical: usize,
    pub slug: String,
    pub staff: StaffCtx,
}

pub struct EmployeeRef {
    pub name: String,
    pub personnel_no: String,
    /// Folder name: personnel number and name, transliterated (`0002-omarov-daulet`).
    pub slug: String,
    /// Index into `OrgJobs::positions`.
    pub position: usize,
}

/// One unit of work: one document in one format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Job {
    /// Relative path below the output folder; also the job's sort key.
    pub path: PathBuf,
    pub org: usize,
    pub position: usize,
    pub kind: Kind,
    /// For a change sheet: index into `Model::acts`.
    pub act: Option<usize>,
    /// For a personnel-file copy: index into `OrgJobs::employees`.
    pub employee: Option<usize>,
    pub format: Format,
}

/// A manifest row.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub path: String,
    pub organisation: String,
    pub points: [u32; 3],
    pub position: String,
    pub employee: Option<String>,
    pub kind: Kind,
    pub format: Format,
    /// Pages as laid out by lauazym (PDF). A DOCX is paginated by the word processor: null.
    pub pages: Option<u32>,
    pub bytes: u64,
    pub sha256: String,
    pub acts: Vec<ActId>,
    pub sources: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub generator: String,
    pub acts: Vec<ActId>,
    /// Repairs and warnings of loading the acts (`lauazym check` lists them).
    pub review: crate::model::review::Summary,
    pub files: Vec<Entry>,
}

/// A failed job: what it was for and why.
#[derive(Debug)]
pub struct Failure {
    pub path: String,
    pub source: String,
    pub error: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Layout(#[from] crate::layout::templates::Error),
    #[error(transparent)]
    Pdf(#[from] pdf::Error),
    #[error(transparent)]
    Docx(#[from] docx::Error),
    #[error(transparent)]
    Fonts(#[from] fonts::Error),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}: refusing a path outside the output folder")]
    Escape(PathBuf),
}

/// The fonts of a batch, prepared once and shared by every job.
pub struct Writers {
    pub pdf: Option<pdf::PdfFonts>,
    pub docx: Option<docx::DocxFonts>,
    pub pdf_options: pdf::Options,
}

/// What the pre-pass learns before anything is written.
pub struct Prepass {
    /// The characters each font face will draw (indexed by `fonts::Style as usize`).
    pub chars: [BTreeSet<char>; 4],
    /// Organisations (index into the slice given) whose templates fail to render, with the first
    /// error and how many documents it affects.
    pub failed: Vec<(usize, String)>,
}

/// Render every distinct document tree once, before writing anything.
///
/// Distinct: not per format, not per personnel copy (those differ only by an employee's name,
/// added to the regular face). Two things come of it. Every PDF embeds subsets of exactly the
/// glyphs the batch draws in each face (bold and italic are used for a few headings only), at the
/// cost of rendering templates twice — a few per cent of writing. And a template that fails to
/// render is found before any file of its organisation is written: a template is an input, so its
/// organisation is refused whole, like a profile that does not load.
pub fn prepass(model: &Model, orgs: &[OrgJobs]) -> Prepass {
    type Sets = [BTreeSet<char>; 4];
    let per_org: Vec<(Sets, Option<String>)> = orgs
        .par_iter()
        .map(|o| {
            let mut sets = Sets::default();
            let mut first: Option<String> = None;
            let mut failures = 0usize;
            let mut take = |doc: Result<Document, crate::layout::templates::Error>, sets: &mut Sets| match doc {
                Ok(doc) => pdf::collect_styled_chars(&doc, sets),
                Err(e) => {
                    failures += 1;
                    first.get_or_insert_with(|| e.to_string());
                }
            };
            for sp in &o.positions {
                let p = &model.positions[sp.typical];
                let staff = Signers::Staff;
                take(documents::job_description(&o.templates, model, p, &o.ctx, &sp.staff, &staff), &mut sets);
                for act in &model.acts {
                    let changes = documents::changes_for(model, &act.id, p);
                    if !changes.is_empty() {
                        take(
                            documents::change_sheet(&o.templates, model, act, &changes, p, &o.ctx, &sp.staff, &staff),
                            &mut sets,
                        );
                    }
                }
            }
            sets[fonts::Style::Regular as usize].extend(o.employees.iter().flat_map(|e| e.name.chars()));
            let error =
                first.map(|e| if failures > 1 { format!("{e} (and {} more documents)", failures - 1) } else { e });
            (sets, error)
        })
        .collect();
    let mut chars = Sets::default();
    let mut failed = Vec::new();
    for (i, (sets, error)) in per_org.into_iter().enumerate() {
        for (x, y) in chars.iter_mut().zip(sets) {
            x.extend(y);
        }
        if let Some(e) = error {
            failed.push((i, e));
        }
    }
    Prepass { chars, failed }
}

impl Writers {
    /// Check coverage and prepare the fonts of the requested formats, once for the whole batch.
    pub fn prepare(
        fonts: &fonts::FontSet,
        chars: &[BTreeSet<char>; 4],
        formats: &[Format],
        pdf_options: pdf::Options,
    ) -> Result<Writers, Error> {
        let all: BTreeSet<char> = chars.iter().flatten().copied().collect();
        fonts.check_coverage(&all)?;
        Ok(Writers {
            pdf: if formats.contains(&Format::Pdf) { Some(pdf::PdfFonts::prepare_styled(fonts, chars)?) } else { None },
            docx: if formats.contains(&Format::Docx) {
                let used = [true, !chars[1].is_empty(), !chars[2].is_empty(), !chars[3].is_empty()];
                Some(docx::DocxFonts::prepare_faces(fonts, &all, used)?)
            } else {
                None
            },
            pdf_options,
        })
    }
}

/// The typical documents of every position of the model, under the pseudo-organisation "typical".
pub fn typical(model: &Model, templates: Arc<Templates>) -> OrgJobs {
    let positions = model
        .positions
        .iter()
        .enumerate()
        .map(|(i, p)| StaffedPosition {
            number: i + 1,
            typical: i,
            slug: position_slug(p, None),
            staff: StaffCtx::default(),
        })
        .collect();
    OrgJobs { ctx: OrgCtx::typical(), templates, positions, employees: vec![], source: "typical".into() }
}

pub fn position_slug(p: &Position, own_title: Option<&str>) -> String {
    match own_title.or(p.title.as_ref().map(|t| t.text.as_str())) {
        Some(t) => slug::slug(t),
        None => format!("points-{}-{}", p.points[0], p.points[2]),
    }
}

/// Plan every job, sorted by output path.
pub fn plan(model: &Model, orgs: &[OrgJobs], kinds: Kinds, formats: &[Format]) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (oi, o) in orgs.iter().enumerate() {
        let base = PathBuf::from(&o.ctx.slug);
        for (pi, sp) in o.positions.iter().enumerate() {
            let p = &model.positions[sp.typical];
            let stem = format!("{:02}-{}", sp.number, sp.slug);
            for &format in formats {
                if kinds.job_description {
                    jobs.push(Job {
                        path: base.join("job-description").join(format!("{stem}.{}", format.ext())),
                        org: oi,
                        position: pi,
                        kind: Kind::JobDescription,
                        act: None,
                        employee: None,
                        format,
                    });
                }
                if kinds.change_sheet {
                    for (ai, a) in model.acts.iter().enumerate() {
                        if documents::changes_for(model, &a.id, p).is_empty() {
                            continue;
                        }
                        jobs.push(Job {
                            path: base
                                .join(format!("change-sheet-{}", slug::slug(&a.id.number)))
                                .join(format!("{stem}.{}", format.ext())),
                            org: oi,
                            position: pi,
                            kind: Kind::ChangeSheet,
                            act: Some(ai),
                            employee: None,
                            format,
                        });
                    }
                }
            }
        }
        if kinds.personnel {
            for (ei, e) in o.employees.iter().enumerate() {
                let dir = base.join("personnel").join(&e.slug);
                let p = &model.positions[o.positions[e.position].typical];
                for &format in formats {
                    jobs.push(Job {
                        path: dir.join(format!("job-description.{}", format.ext())),
                        org: oi,
                        position: e.position,
                        kind: Kind::JobDescription,
                        act: None,
                        employee: Some(ei),
                        format,
                    });
                    for (ai, a) in model.acts.iter().enumerate() {
                        if !documents::changes_for(model, &a.id, p).is_empty() {
                            jobs.push(Job {
                                path: dir.join(format!("change-sheet-{}.{}", slug::slug(&a.id.number), format.ext())),
                                org: oi,
                                position: e.position,
                                kind: Kind::ChangeSheet,
                                act: Some(ai),
                                employee: Some(ei),
                                format,
                            });
                        }
                    }
                }
            }
        }
    }
    jobs.sort();
    jobs
}

/// Build the document tree of a job.
pub fn document(model: &Model, orgs: &[OrgJobs], job: &Job) -> Result<Document, Error> {
    let o = &orgs[job.org];
    let sp = &o.positions[job.position];
    let p = &model.positions[sp.typical];
    let signers = match job.employee {
        Some(e) => Signers::One(&o.employees[e].name),
        None => Signers::Staff,
    };
    Ok(match (job.kind, job.act) {
        (Kind::ChangeSheet, Some(ai)) => {
            let act = &model.acts[ai];
            let changes = documents::changes_for(model, &act.id, p);
            documents::change_sheet(&o.templates, model, act, &changes, p, &o.ctx, &sp.staff, &signers)?
        }
        _ => documents::job_description(&o.templates, model, p, &o.ctx, &sp.staff, &signers)?,
    })
}

/// Render one job to bytes (and pages, for PDF).
pub fn render(model: &Model, orgs: &[OrgJobs], writers: &Writers, job: &Job) -> Result<(Vec<u8>, Option<u32>), Error> {
    let doc = document(model, orgs, job)?;
    match job.format {
        Format::Pdf => {
            let fonts = writers.pdf.as_ref().expect("PDF fonts prepared for a PDF job");
            let out = pdf::write(&doc, fonts, &writers.pdf_options)?;
            Ok((out.bytes, Some(out.pages)))
        }
        Format::Docx => {
            let fonts = writers.docx.as_ref().expect("DOCX fonts prepared for a DOCX job");
            Ok((docx::write(&doc, fonts)?, None))
        }
    }
}

/// Suffix of temporary files; anything ending so under the output folder is debris of a killed run.
const TMP_SUFFIX: &str = ".lauazym-tmp";
static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Refuse any relative path that could leave the output folder.
pub fn contained(out: &Path, rel: &Path) -> Result<PathBuf, Error> {
    if rel.components().all(|c| matches!(c, Component::Normal(_))) && rel.components().next().is_some() {
        Ok(out.join(rel))
    } else {
        Err(Error::Escape(rel.to_path_buf()))
    }
}

/// Write `bytes` to `path` atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp =
        dir.join(format!(".{name}.{}.{}{TMP_SUFFIX}", std::process::id(), TMP_COUNTER.fetch_add(1, Ordering::Relaxed)));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

/// Remove temporaries left by a killed run (only our own suffix, only under `out`).
pub fn sweep_temporaries(out: &Path) -> usize {
    let mut removed = 0;
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file()
                && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') && n.ends_with(TMP_SUFFIX))
                && std::fs::remove_file(&p).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
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

/// Run every job in parallel; `tick` is called once per finished job (progress bar).
pub fn run(
    model: &Model,
    orgs: &[OrgJobs],
    writers: &Writers,
    jobs: &[Job],
    out: &Path,
    tick: &(dyn Fn() + Sync),
) -> Outcome {
    let acts: Vec<ActId> = model.acts.iter().map(|a| a.id.clone()).collect();
    let mut sources: Vec<String> = model.base.iter().chain(model.acts.iter()).map(|a| a.file.clone()).collect();
    sources.dedup();
    let results: Vec<Result<Entry, Failure>> = jobs
        .par_iter()
        .map(|job| {
            let o = &orgs[job.org];
            let rel = job.path.to_string_lossy().replace('\\', "/");
            let fail = |e: Error| Failure { path: rel.clone(), source: o.source.clone(), error: e.to_string() };
            let result = (|| {
                let path = contained(out, &job.path)?;
                let (bytes, pages) = render(model, orgs, writers, job)?;
                write_atomic(&path, &bytes)?;
                let sp = &o.positions[job.position];
                let p = &model.positions[sp.typical];
                let mut srcs = sources.clone();
                srcs.push(o.source.clone());
                Ok(Entry {
                    path: rel.clone(),
                    organisation: o.ctx.slug.clone(),
                    points: p.points,
                    position: sp.slug.clone(),
                    employee: job.employee.map(|e| o.employees[e].personnel_no.clone()),
                    kind: job.kind,
                    format: job.format,
                    pages,
                    bytes: bytes.len() as u64,
                    sha256: hex(&Sha256::digest(&bytes)),
                    acts: match job.act {
                        Some(a) => vec![model.acts[a].id.clone()],
                        None => acts.clone(),
                    },
                    sources: srcs,
                })
            })()
            .map_err(fail);
            tick();
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
            Err(f) => failures.push(f),
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

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Write the manifest atomically.
pub fn write_manifest(out: &Path, manifest: &Manifest) -> Result<(), Error> {
    let mut json = serde_json::to_vec_pretty(manifest).expect("manifest serialises");
    json.push(b'\n');
    write_atomic(&out.join("manifest.json"), &json)
}

/// The context of a loaded organisation profile.
pub fn org_jobs(o: &org::Organisation, model: &Model, templates: Arc<Templates>) -> Result<OrgJobs, org::Error> {
    let staffed = o.resolve(model)?;
    let ctx = OrgCtx {
        slug: o.slug.clone(),
        name: o.name_kk.clone(),
        bin: Some(o.bin.to_string()),
        head_position: o.head.position.clone(),
        head_signature: o.head.initials_surname(),
        approval: true,
        approval_date: o
            .approval_date
            .map(|d| documents::date_plain(&d.to_string()))
            .unwrap_or_else(|| documents::BLANK_DATE.to_string()),
    };
    let index = |p: &crate::model::Position| model.positions.iter().position(|q| q.points == p.points).unwrap_or(0);
    let positions: Vec<StaffedPosition> = staffed
        .iter()
        .enumerate()
        .map(|(i, s)| StaffedPosition {
            number: i + 1,
            typical: index(s.typical),
            slug: position_slug(s.typical, Some(&s.position.title)),
            staff: StaffCtx {
                title: Some(s.position.title.clone()),
                department: s.position.department.clone(),
                headcount: Some(s.position.headcount),
                extra_duties: s.position.extra_duties.clone(),
                rights: s.position.rights.clone(),
                responsibilities: s.position.responsibilities.clone(),
                employees: s.employees.iter().map(|e| e.name.clone()).collect(),
            },
        })
        .collect();
    let employees = o
        .employees
        .iter()
        .filter_map(|e| {
            let position = staffed.iter().position(|s| s.position.id == e.position)?;
            Some(EmployeeRef {
                name: e.name.clone(),
                personnel_no: e.personnel_no.clone(),
                slug: e.slug.clone(),
                position,
            })
        })
        .collect();
    Ok(OrgJobs { ctx, templates, positions, employees, source: o.file.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_output_folder_are_refused() {
        let out = Path::new("/tmp/out");
        assert!(contained(out, Path::new("org/job-description/01-x.pdf")).is_ok());
        for bad in ["../x.pdf", "/etc/passwd", "a/../../x", "", "./x"] {
            assert!(contained(out, Path::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn atomic_write_leaves_no_temporary_and_sweep_removes_debris() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b/doc.pdf");
        write_atomic(&target, b"%PDF").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"%PDF");
        assert_eq!(std::fs::read_dir(dir.path().join("a/b")).unwrap().count(), 1);
        std::fs::write(dir.path().join("a/.doc.pdf.1.2.lauazym-tmp"), b"half").unwrap();
        std::fs::write(dir.path().join("a/keep.tmp"), b"not ours").unwrap();
        assert_eq!(sweep_temporaries(dir.path()), 1);
        assert!(dir.path().join("a/keep.tmp").exists());
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        // The target is an existing directory: the rename fails, the temporary must go.
        std::fs::create_dir_all(dir.path().join("x/doc.pdf")).unwrap();
        assert!(write_atomic(&dir.path().join("x/doc.pdf"), b"data").is_err());
        assert_eq!(std::fs::read_dir(dir.path().join("x")).unwrap().count(), 1);
    }
}
