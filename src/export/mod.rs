//! The export pipeline as a library call: organisation profiles in, files and a typed report out.
//!
//! The command line (`lauazym export`, `check`), the benches and the web service all call this;
//! none re-implements the sequence. Two entry points:
//!
//! **A whole batch** — load the profiles and their templates, refuse slug collisions, pre-pass
//! every document tree (fonts' characters, template errors), prepare the fonts once, plan, run in
//! parallel, write the manifest:
//! ```no_run
//! use lauazym::export::{self, Inputs, Options};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let model: lauazym::model::Model = unimplemented!();
//! let inputs = Inputs { model: &model, orgs: vec!["orgs/".into()], typical: false };
//! let report = export::export(&inputs, &Options::new("out"), &|_progress| ())?;
//! for failure in &report.failures {
//!     eprintln!("{}: {}", failure.path, failure.error);
//! }
//! std::process::exit(report.status().exit_code());
//! # }
//! ```
//! Every problem is in the [`Report`]: input errors (a profile or template that does not load;
//! nothing of that organisation is written) and per-document failures (a panic included: it
//! becomes that document's failure, and the others are still written). `Err` is only for what
//! stops the whole batch: fonts that cannot be prepared, an output folder that cannot be made.
//!
//! **One document in memory** (the web service): load once, prepare fonts once, then render any
//! number of documents, from any thread:
//! ```no_run
//! use lauazym::export::{self, BatchFonts, DocumentRequest, Format, Inputs, Kind};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let model: lauazym::model::Model = unimplemented!();
//! let loaded = export::load(&Inputs { model: &model, orgs: vec!["data/orgs".into()], typical: false });
//! let fonts = BatchFonts::prepare(&lauazym::fonts::FontSet::embedded(), &loaded.chars, &Format::ALL, Default::default())?;
//! let org = &loaded.orgs[0];
//! let request = DocumentRequest { kind: Kind::JobDescription, position: 1, act: None, employee: None, format: Format::Pdf };
//! let doc = export::render_document(&model, org, &fonts, &request)?;
//! // doc.bytes, doc.file_name, doc.media_type
//! # Ok(()) }
//! ```
//! [`documents`] lists the documents of one organisation as requests with their file names.
//! Fonts are subset to the characters they were prepared for (`loaded.chars`, which covers every
//! document of the loaded organisations); a document with other characters fails with the list of
//! missing glyphs, so prepare again after adding or editing an organisation.
//!
//! Files: `plan` (which documents, where), `prepare` (pre-pass and fonts), `run` (parallel jobs,
//! panics caught), `files` (atomic writes, containment), `manifest`, `one` (one document).

mod files;
mod manifest;
mod one;
mod plan;
mod prepare;
mod run;

pub use files::{contained, sweep_temporaries, write_atomic};
pub use manifest::{hex, write_manifest, Entry, Manifest};
pub use one::{documents, render_document, resolve, DocumentRequest, Listed, Rendered, RequestError};
pub use plan::{changing_acts, path_of, plan, plan_org, DocKind, DocRef, Format, Job, Kind, Kinds};
pub use prepare::{prepass, BatchFonts, Chars, Prepass, TemplateFailure, Written};
pub use run::{render, run, tree, Failure, JobError, Outcome, Totals};

use crate::compose::{self, templates, PrintableOrg, Templates};
use crate::model::Model;
use crate::{docx, fonts, org, pdf};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to print: the consolidated model, and the organisations.
pub struct Inputs<'a> {
    pub model: &'a Model,
    /// Organisation profiles: files, or folders of them. Empty: the embedded sample organisation.
    pub orgs: Vec<PathBuf>,
    /// Also the typical documents of every position (under `typical/`).
    pub typical: bool,
}

/// How to print it.
#[derive(Debug, Clone)]
pub struct Options {
    /// The output folder (created if needed).
    pub out: PathBuf,
    pub formats: Vec<Format>,
    pub kinds: Kinds,
    pub pdf: pdf::Options,
    /// A folder with the four faces of another font family; `None`: the embedded one.
    pub font_dir: Option<PathBuf>,
    /// Worker threads; `None`: the current rayon pool (one per core by default).
    pub jobs: Option<usize>,
}

impl Options {
    /// Every document, both formats, the embedded font, into `out`.
    pub fn new(out: impl Into<PathBuf>) -> Options {
        Options {
            out: out.into(),
            formats: Format::ALL.to_vec(),
            kinds: Kinds::ALL,
            pdf: pdf::Options::default(),
            font_dir: None,
            jobs: None,
        }
    }
}

/// What the pipeline tells its caller as it goes (for a progress bar). Called from worker
/// threads, in no particular order.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// The plan is made: this many documents will be written.
    Planned { documents: usize },
    /// One document is done (`ok`: written; otherwise it is among the report's failures).
    Done { path: &'a str, ok: bool },
}

/// What stops a whole batch, or fails one document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Templates(#[from] templates::Error),
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
    #[error("no {} fonts were prepared for this batch", .0.ext().to_uppercase())]
    NotPrepared(Format),
    #[error("serialising the manifest: {0}")]
    Manifest(serde_json::Error),
    #[error("setting up worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
}

/// An input that does not load: nothing of its organisation is written, the others go on.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The profile does not load, or names positions the model lacks.
    #[error(transparent)]
    Profile(#[from] org::Error),
    /// The profile's own template folder does not load.
    #[error("{file}: {source}")]
    Templates { file: String, source: templates::Error },
    /// Two profiles would write into the same folder.
    #[error("{file}: organisation folder `{slug}` is already used by {first}")]
    SlugTaken { file: String, slug: String, first: String },
    /// The templates load but fail to render (found by the pre-pass, before anything is written).
    #[error("{file}: nothing written for this organisation: {error}{}", more_documents(*.more))]
    Render { file: String, error: templates::Error, more: usize },
}

fn more_documents(more: usize) -> String {
    if more > 0 {
        format!(" (and {more} more documents)")
    } else {
        String::new()
    }
}

/// The organisations of a batch, ready to print.
pub struct Loaded {
    pub orgs: Vec<PrintableOrg>,
    /// The characters every document of `orgs` draws, per face (for [`BatchFonts::prepare`]).
    pub chars: Chars,
    /// Inputs refused, sorted by message.
    pub errors: Vec<InputError>,
    /// Not errors, but worth reading (a template file that matches no template name).
    pub warnings: Vec<String>,
}

/// Load every profile (or the sample) with its templates, refuse slug collisions, add the typical
/// set if asked, and pre-pass every document tree: organisations whose templates fail to render
/// are refused here, before anything is written.
pub fn load(inputs: &Inputs) -> Loaded {
    let model = inputs.model;
    let embedded = Arc::new(Templates::embedded());
    let profiles: Vec<Result<org::Organisation, org::Error>> = if inputs.orgs.is_empty() {
        vec![Ok(org::sample())]
    } else {
        inputs.orgs.iter().flat_map(|p| org::load_all(p)).collect()
    };
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut orgs = Vec::new();
    for profile in profiles {
        let result = profile.map_err(InputError::from).and_then(|o| {
            let templates = match &o.template_dir {
                Some(dir) => {
                    let (t, w) = Templates::load(Some(dir))
                        .map_err(|source| InputError::Templates { file: o.file.clone(), source })?;
                    warnings.extend(w);
                    Arc::new(t)
                }
                None => embedded.clone(),
            };
            Ok(compose::printable(&o, model, templates)?)
        });
        match result {
            Ok(o) => orgs.push(o),
            Err(e) => errors.push(e),
        }
    }
    if inputs.typical {
        orgs.push(compose::typical(model, embedded));
    }
    let mut loaded = Loaded::from_orgs(model, orgs);
    loaded.errors.extend(errors);
    loaded.errors.sort_by_cached_key(|e| e.to_string());
    loaded.warnings = warnings;
    loaded
}

impl Loaded {
    /// Organisations already in hand (the typical set, a service's cache, a bench's synthetic
    /// ones): refuse slug collisions, then pre-pass every document tree.
    pub fn from_orgs(model: &Model, mut orgs: Vec<PrintableOrg>) -> Loaded {
        let mut errors = Vec::new();
        // Two profiles with the same slug would overwrite each other's files.
        let mut seen = std::collections::BTreeMap::new();
        orgs.retain(|o: &PrintableOrg| match seen.insert(o.ctx.slug.clone(), o.source.clone()) {
            Some(first) => {
                errors.push(InputError::SlugTaken { file: o.source.clone(), slug: o.ctx.slug.clone(), first });
                false
            }
            None => true,
        });
        let pre = prepass(model, &orgs);
        for failure in pre.failed.into_iter().rev() {
            let o = orgs.remove(failure.org);
            errors.push(InputError::Render { file: o.source, error: failure.error, more: failure.more });
        }
        errors.sort_by_cached_key(|e| e.to_string());
        Loaded { orgs, chars: pre.chars, errors, warnings: Vec::new() }
    }
}

/// What a batch did.
#[derive(Debug)]
pub struct Report {
    /// Inputs refused (their organisations wrote nothing), sorted by message.
    pub errors: Vec<InputError>,
    pub warnings: Vec<String>,
    /// Documents planned. Zero: nothing was touched, not even the output folder.
    pub planned: usize,
    /// Every file written.
    pub manifest: Manifest,
    /// Documents that failed, sorted by path; the others were written.
    pub failures: Vec<Failure>,
    /// The manifest could not be written (the documents were).
    pub manifest_error: Option<Error>,
    pub totals: Totals,
}

/// How a batch ended, as the command line's exit code says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything written.
    Ok,
    /// Some documents (or the manifest) failed; every other document was written.
    SomeFailed,
    /// An input (profile, template) did not load; the other organisations were written.
    BadInput,
}

impl Status {
    /// 0, 1, 2.
    pub fn exit_code(self) -> i32 {
        match self {
            Status::Ok => 0,
            Status::SomeFailed => 1,
            Status::BadInput => 2,
        }
    }
}

impl Report {
    pub fn status(&self) -> Status {
        if !self.errors.is_empty() {
            Status::BadInput
        } else if !self.failures.is_empty() || self.manifest_error.is_some() {
            Status::SomeFailed
        } else {
            Status::Ok
        }
    }
}

/// Run the whole export (see the module documentation).
pub fn export(inputs: &Inputs, options: &Options, progress: &(dyn Fn(Progress) + Sync)) -> Result<Report, Error> {
    match options.jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()?
            .install(|| export_here(inputs, options, progress)),
        None => export_here(inputs, options, progress),
    }
}

fn export_here(inputs: &Inputs, options: &Options, progress: &(dyn Fn(Progress) + Sync)) -> Result<Report, Error> {
    // The font folder first: a wrong `--font-dir` is reported before any profile is read.
    let fontset = match &options.font_dir {
        Some(dir) => fonts::FontSet::from_dir(dir)?,
        None => fonts::FontSet::embedded(),
    };
    write_loaded(inputs.model, load(inputs), &fontset, options, progress)
}

/// The writing half of [`export`], for organisations already loaded: prepare the fonts, plan,
/// run, write the manifest. (`options.font_dir` and `options.jobs` are not read: `fontset` is
/// given, and it runs on the current rayon pool.)
pub fn write_loaded(
    model: &Model,
    loaded: Loaded,
    fontset: &fonts::FontSet,
    options: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report, Error> {
    write_hooked(model, loaded, fontset, options, progress, &|_| ())
}

/// `write_loaded` with a hook called at the start of every job (see `run::run_hooked`).
fn write_hooked(
    model: &Model,
    loaded: Loaded,
    fontset: &fonts::FontSet,
    options: &Options,
    progress: &(dyn Fn(Progress) + Sync),
    before: &(dyn Fn(&Job) + Sync),
) -> Result<Report, Error> {
    let fonts = BatchFonts::prepare(fontset, &loaded.chars, &options.formats, options.pdf.clone())?;
    let jobs = plan(model, &loaded.orgs, options.kinds, &options.formats);
    let mut report = Report {
        errors: loaded.errors,
        warnings: loaded.warnings,
        planned: jobs.len(),
        manifest: Manifest { generator: String::new(), acts: vec![], review: Default::default(), files: vec![] },
        failures: vec![],
        manifest_error: None,
        totals: Totals::default(),
    };
    if jobs.is_empty() {
        // Nothing to write (every profile failed, or nothing asked for): touch nothing.
        return Ok(report);
    }
    let out: &Path = &options.out;
    std::fs::create_dir_all(out).map_err(|source| Error::Io { path: out.to_path_buf(), source })?;
    sweep_temporaries(out);
    progress(Progress::Planned { documents: jobs.len() });
    let outcome = run::run_hooked(model, &loaded.orgs, &fonts, &jobs, out, progress, before);
    report.manifest_error = write_manifest(out, &outcome.manifest).err();
    report.manifest = outcome.manifest;
    report.failures = outcome.failures;
    report.totals = outcome.totals;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::OnceLock;

    /// The seed act's model, loaded once for every test of the module.
    pub(crate) fn seed_model() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        M.get_or_init(|| {
            let act = crate::act::load(crate::DEFAULT_ACT.0, crate::DEFAULT_ACT.1.as_bytes()).expect("seed loads");
            crate::model::consolidate(None, &[act]).expect("seed consolidates")
        })
    }

    fn sample_inputs(model: &Model) -> Inputs<'_> {
        Inputs { model, orgs: vec![], typical: false }
    }

    #[test]
    fn a_panic_in_one_job_fails_that_document_only_and_the_batch_says_so() {
        let model = seed_model();
        let dir = tempfile::tempdir().unwrap();
        let options = Options { formats: vec![Format::Pdf], ..Options::new(dir.path()) };
        let loaded = load(&sample_inputs(model));
        let planned = plan(model, &loaded.orgs, options.kinds, &options.formats);
        let victim = planned[planned.len() / 2].path.clone();
        let done = AtomicUsize::new(0);
        let progress = |p: Progress| {
            if let Progress::Done { .. } = p {
                done.fetch_add(1, Ordering::Relaxed);
            }
        };
        let report = write_hooked(model, loaded, &fonts::FontSet::embedded(), &options, &progress, &|job| {
            if job.path == victim {
                panic!("injected fault");
            }
        })
        .unwrap();

        assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
        let failure = &report.failures[0];
        assert_eq!(failure.path, victim.to_string_lossy());
        assert_eq!(failure.source, "orgs/sample.toml", "the failure names its inputs");
        assert!(matches!(&failure.error, JobError::Panic(m) if m == "injected fault"), "{}", failure.error);
        assert!(failure.error.to_string().contains("injected fault"));
        // Every other document is written and listed; the victim is neither.
        assert_eq!(report.manifest.files.len(), planned.len() - 1);
        assert_eq!(done.load(Ordering::Relaxed), planned.len(), "progress hears of every job");
        assert!(!dir.path().join(&victim).exists());
        for entry in &report.manifest.files {
            assert!(dir.path().join(&entry.path).is_file(), "{} missing", entry.path);
        }
        assert_eq!(report.status(), Status::SomeFailed);
        assert_eq!(report.status().exit_code(), 1);
    }

    #[test]
    fn a_clean_batch_ends_ok_and_writes_its_manifest() {
        let model = seed_model();
        let dir = tempfile::tempdir().unwrap();
        let options = Options {
            formats: vec![Format::Docx],
            kinds: Kinds { job_description: true, change_sheet: false, personnel: false },
            ..Options::new(dir.path())
        };
        let report = export(&sample_inputs(model), &options, &|_| ()).unwrap();
        assert_eq!(report.status(), Status::Ok);
        assert!(report.planned > 0 && report.failures.is_empty());
        assert_eq!(report.manifest.files.len(), report.planned);
        assert!(dir.path().join("manifest.json").is_file());
    }

    #[test]
    fn nothing_to_write_touches_nothing() {
        let model = seed_model();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("never-made");
        let inputs = Inputs { model, orgs: vec![dir.path().join("no-such-profile.toml")], typical: false };
        let report = export(&inputs, &Options::new(&out), &|_| ()).unwrap();
        assert_eq!(report.planned, 0);
        assert_eq!(report.status(), Status::BadInput);
        assert!(report.errors[0].to_string().contains("no-such-profile.toml"), "{}", report.errors[0]);
        assert!(!out.exists());
    }

    #[test]
    fn two_profiles_with_one_slug_are_refused_the_second_time() {
        let model = seed_model();
        let first = compose::printable(&org::sample(), model, Arc::new(Templates::embedded())).unwrap();
        let mut second = compose::printable(&org::sample(), model, Arc::new(Templates::embedded())).unwrap();
        second.source = "other/sample.toml".into();
        let loaded = Loaded::from_orgs(model, vec![first, second]);
        assert_eq!(loaded.orgs.len(), 1);
        assert_eq!(
            loaded.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["other/sample.toml: organisation folder `sample` is already used by orgs/sample.toml"]
        );
    }
}
