//! The one place where `serve` calls the export pipeline: acts → model, a profile → its
//! documents, one document → bytes, an organisation → a ZIP of its whole export.
//!
//! A thin adapter over `batch` (prepass, `Writers::prepare`, `plan`, `render`, `run`), used in
//! the same order as `lauazym export --org orgs/<id>.toml` uses it, so a document previewed in the
//! browser has the same bytes as the file the CLI writes for that organisation alone. What is
//! prepared for an organisation (its jobs, and the font subsets of exactly the glyphs its
//! documents draw) is kept per profile version, so one document per request costs only its own
//! layout and writing.

use super::error::Error;
use super::storage::Store;
use crate::batch::{self, Format, Job, Kind, Kinds, OrgJobs, Writers};
use crate::layout::templates::Templates;
use crate::model::{ActInfo, Model};
use crate::{act, fonts, org, pdf, slug};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// An act file in the data folder, as the Acts page shows it.
pub struct ActFile {
    pub file: String,
    /// Loaded: its identity; or why it did not load.
    pub loaded: Result<ActInfo, String>,
    /// Same bytes as the act embedded in the binary.
    pub embedded: bool,
    /// A file of the data folder (false: the embedded default, used while the folder has none).
    pub on_disk: bool,
}

/// The acts and the model built from them; replaced whole when an act is added.
pub struct Catalog {
    /// Bumped on every reload, so what was prepared for an older model is not reused.
    pub generation: u64,
    pub files: Vec<ActFile>,
    pub acts: Vec<act::Act>,
    pub model: Model,
    /// Why the folder's acts could not be consolidated (the embedded default is used instead).
    pub problem: Option<String>,
}

impl Catalog {
    /// Load every `acts/*.txt` of the data folder (the embedded default when there is none) and
    /// consolidate them. An act that does not load is listed with its error and left out.
    pub fn load(store: &Store, generation: u64) -> Catalog {
        let stored = store.acts().unwrap_or_default();
        let mut files = Vec::new();
        let mut acts = Vec::new();
        for (file, bytes) in &stored {
            let embedded = bytes.as_slice() == crate::DEFAULT_ACT.1.as_bytes();
            match act::load(file, bytes) {
                Ok(a) => {
                    files.push(ActFile { file: file.clone(), loaded: Ok(a.info.clone()), embedded, on_disk: true });
                    acts.push(a);
                }
                Err(e) => {
                    files.push(ActFile { file: file.clone(), loaded: Err(e.to_string()), embedded, on_disk: true })
                }
            }
        }
        let default = || act::load(crate::DEFAULT_ACT.0, crate::DEFAULT_ACT.1.as_bytes());
        if acts.is_empty() {
            if let Ok(a) = default() {
                files.push(ActFile {
                    file: crate::DEFAULT_ACT.0.into(),
                    loaded: Ok(a.info.clone()),
                    embedded: true,
                    on_disk: false,
                });
                acts.push(a);
            }
        }
        match crate::model::consolidate(None, &acts) {
            Ok(model) => Catalog { generation, files, acts, model, problem: None },
            Err(e) => {
                let acts: Vec<act::Act> = default().into_iter().collect();
                let model = crate::model::consolidate(None, &acts).unwrap_or_else(|_| empty_model());
                Catalog { generation, files, acts, model, problem: Some(e.to_string()) }
            }
        }
    }
}

fn empty_model() -> Model {
    Model { base: None, acts: vec![], corner: None, positions: vec![], changes: vec![], inferences: vec![] }
}

/// The server's name for an act: its date and number (`acts/2022-09-26-388.txt`).
pub fn act_file_name(info: &ActInfo) -> String {
    format!("acts/{}.txt", slug::slug(&format!("{} {}", info.id.date, info.id.number)))
}

/// Check an uploaded act: it must load, and consolidate with the acts already in the data folder
/// (as `--act` does on the command line, an uploaded act replaces the embedded default while the
/// folder has none). Returns the server's file name for it. Nothing is stored here.
pub fn check_act_upload(catalog: &Catalog, bytes: &[u8]) -> Result<String, Error> {
    let shown = "upload";
    let first = act::load(shown, bytes).map_err(|e| act_error(&e, bytes))?;
    let file = act_file_name(&first.info);
    let named = act::load(&file, bytes).map_err(|e| act_error(&e, bytes))?;
    let mut acts: Vec<act::Act> =
        catalog.acts.iter().filter(|a| catalog_has_file(catalog, &a.info.file)).cloned().collect();
    if acts.iter().any(|a| a.info.file == file) {
        return Err(Error::Exists(format!("{file} is already loaded")));
    }
    acts.push(named);
    crate::model::consolidate(None, &acts).map_err(|e| Error::Act {
        message: e.to_string(),
        line: None,
        text: None,
    })?;
    Ok(file)
}

fn catalog_has_file(c: &Catalog, file: &str) -> bool {
    c.files.iter().any(|f| f.file == file && f.loaded.is_ok() && f.on_disk)
}

/// The loader's error, with the offending line of the upload when it names one.
fn act_error(e: &act::Error, bytes: &[u8]) -> Error {
    let line = match e {
        act::Error::NotUtf8 { line, .. }
        | act::Error::Binary { line, .. }
        | act::Error::Header { line, .. }
        | act::Error::Instruction { line, .. }
        | act::Error::Base { line, .. } => Some(*line),
        _ => None,
    };
    let text = line.and_then(|n| {
        let s = String::from_utf8_lossy(bytes);
        s.lines().nth(n.saturating_sub(1) as usize).map(|l| l.chars().take(300).collect::<String>())
    });
    Error::Act { message: e.to_string(), line, text }
}

/// Everything needed to render any document of one organisation.
pub struct Prepared {
    pub generation: u64,
    pub version: String,
    pub org: org::Organisation,
    jobs: Vec<OrgJobs>,
    pub plan: Vec<Job>,
    writers: Writers,
}

/// Which document: the API's `kind`, `position`, `act`, `employee`, `format`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocRequest {
    pub kind: DocKind,
    /// The staff position's id.
    pub position: String,
    /// For a change sheet: the amending act's number (as a slug, `388`).
    #[serde(default)]
    pub act: Option<String>,
    /// For a personnel-file copy: the employee's folder name (`0002-omarov-daulet-serikuly`).
    #[serde(default)]
    pub employee: Option<String>,
    pub format: DocFormat,
}

/// `batch::Kind` as a request names it (`job-description`, `change-sheet`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    JobDescription,
    ChangeSheet,
}

impl From<DocKind> for Kind {
    fn from(k: DocKind) -> Kind {
        match k {
            DocKind::JobDescription => Kind::JobDescription,
            DocKind::ChangeSheet => Kind::ChangeSheet,
        }
    }
}

/// `batch::Format` as a request names it (`pdf`, `docx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocFormat {
    Pdf,
    Docx,
}

impl From<DocFormat> for Format {
    fn from(f: DocFormat) -> Format {
        match f {
            DocFormat::Pdf => Format::Pdf,
            DocFormat::Docx => Format::Docx,
        }
    }
}

/// A rendered document.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub format: Format,
    /// The server's name for it: `<org>-<kind folder>-<file>` (ASCII, no separators).
    pub file_name: String,
}

/// One document of a plan, described for pages and the API.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocRef {
    pub kind: Kind,
    pub position: String,
    pub act: Option<String>,
    pub employee: Option<String>,
    pub format: Format,
    /// The path it has in the export (and the ZIP).
    pub path: String,
}

impl Prepared {
    /// Prepare `text` (the stored profile of `id`) against `catalog`: as the CLI does it for one
    /// organisation.
    pub fn build(store: &Store, catalog: &Catalog, id: &str, text: &str, version: &str) -> Result<Prepared, Error> {
        let file = Store::org_file(id);
        let org = super::profile::check_text(&file, text, &catalog.model)?;
        let templates = match &org.template_dir {
            Some(dir) => {
                let dir = batch::contained(store.root(), dir).map_err(|_| {
                    Error::BadRequest(format!("{file}: template_dir must be a folder inside the data folder"))
                })?;
                let (t, _warnings) =
                    Templates::load(Some(&dir)).map_err(|e| Error::BadRequest(format!("{file}: {e}")))?;
                Arc::new(t)
            }
            None => embedded_templates(),
        };
        let jobs =
            vec![batch::org_jobs(&org, &catalog.model, templates).map_err(|e| Error::BadRequest(e.to_string()))?];
        let pre = batch::prepass(&catalog.model, &jobs);
        if let Some((_, e)) = pre.failed.first() {
            return Err(Error::BadRequest(format!("{file}: nothing can be written for this organisation: {e}")));
        }
        let writers = Writers::prepare(
            &fonts::FontSet::embedded(),
            &pre.chars,
            &[Format::Pdf, Format::Docx],
            pdf::Options::default(),
        )
        .map_err(|e| Error::BadRequest(format!("{file}: {e}")))?;
        let plan = batch::plan(&catalog.model, &jobs, Kinds::ALL, &[Format::Pdf, Format::Docx]);
        Ok(Prepared { generation: catalog.generation, version: version.to_string(), org, jobs, plan, writers })
    }

    /// The plan's jobs as references (pages list them; the API returns them).
    pub fn documents(&self, model: &Model) -> Vec<DocRef> {
        self.plan.iter().map(|j| self.doc_ref(model, j)).collect()
    }

    fn doc_ref(&self, model: &Model, j: &Job) -> DocRef {
        DocRef {
            kind: j.kind,
            position: self.org.positions[j.position].id.clone(),
            act: j.act.map(|a| slug::slug(&model.acts[a].id.number)),
            employee: j.employee.map(|e| self.jobs[0].employees[e].slug.clone()),
            format: j.format,
            path: j.path.to_string_lossy().replace('\\', "/"),
        }
    }

    /// The job a request names, if the organisation's export has it.
    fn find(&self, model: &Model, r: &DocRequest) -> Option<&Job> {
        self.plan.iter().find(|j| {
            let d = self.doc_ref(model, j);
            d.kind == Kind::from(r.kind)
                && d.position == r.position
                && d.act == r.act
                && d.employee == r.employee
                && d.format == Format::from(r.format)
        })
    }

    /// Render one document in memory (blocking: call from `spawn_blocking`).
    pub fn render(&self, model: &Model, r: &DocRequest) -> Result<Rendered, Error> {
        let job = self.find(model, r).ok_or(Error::NotFound)?;
        let (bytes, _pages) = batch::render(model, &self.jobs, &self.writers, job)
            .map_err(|e| Error::internal(format!("{}: {e}", job.path.display())))?;
        let file_name = job.path.to_string_lossy().replace(['/', '\\'], "-");
        Ok(Rendered { bytes, format: job.format, file_name })
    }

    /// The organisation's whole export as a ZIP: every file `lauazym export` writes for it, and
    /// its `manifest.json`. Deterministic: entries in path order, dated 1980-01-01, mode 0644.
    /// Written through a scratch folder inside the data folder by `batch::run` itself, so the
    /// files and the manifest are exactly the CLI's.
    pub fn export_zip(&self, model: &Model, store: &Store) -> Result<Vec<u8>, Error> {
        let scratch = store.scratch().map_err(Error::internal)?;
        let result = (|| {
            let outcome = batch::run(model, &self.jobs, &self.writers, &self.plan, &scratch, &|| {});
            if let Some(f) = outcome.failures.first() {
                return Err(Error::internal(format!("{} ({} failed): {}", f.path, outcome.failures.len(), f.error)));
            }
            batch::write_manifest(&scratch, &outcome.manifest).map_err(Error::internal)?;
            let mut names: Vec<String> = outcome.manifest.files.iter().map(|e| e.path.clone()).collect();
            names.push("manifest.json".into());
            names.sort();
            zip_files(&scratch, &names)
        })();
        let _ = std::fs::remove_dir_all(&scratch);
        result
    }
}

fn zip_files(dir: &Path, names: &[String]) -> Result<Vec<u8>, Error> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in names {
        let bytes = std::fs::read(dir.join(name)).map_err(|e| Error::internal(format!("{name}: {e}")))?;
        w.start_file(name.as_str(), options).map_err(Error::internal)?;
        w.write_all(&bytes).map_err(Error::internal)?;
    }
    Ok(w.finish().map_err(Error::internal)?.into_inner())
}

fn embedded_templates() -> Arc<Templates> {
    static T: std::sync::OnceLock<Arc<Templates>> = std::sync::OnceLock::new();
    T.get_or_init(|| Arc::new(Templates::embedded())).clone()
}

/// Prepared organisations, by id, each valid for one profile version and one catalog.
#[derive(Default)]
pub struct Cache(Mutex<HashMap<String, Arc<Prepared>>>);

impl Cache {
    pub fn get(&self, id: &str, generation: u64, version: &str) -> Option<Arc<Prepared>> {
        let map = self.0.lock().ok()?;
        map.get(id).filter(|p| p.generation == generation && p.version == version).cloned()
    }

    pub fn put(&self, id: &str, p: Arc<Prepared>) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(id.to_string(), p);
        }
    }

    pub fn forget(&self, id: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(id);
        }
    }
}
