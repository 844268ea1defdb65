//! The one place where `serve` calls the export pipeline: acts → model, a profile → its
//! documents, one document → bytes, an organisation → a ZIP of its whole export.
//!
//! A thin adapter over the `export` library (`Loaded::from_orgs`, `BatchFonts::prepare`,
//! `documents`, `render_document`, `plan` + `run`), used as `lauazym export --org orgs/<id>.toml` uses it, so a document previewed in the
//! browser has the same bytes as the file the CLI writes for that organisation alone. What is
//! prepared for an organisation (its jobs, and the font subsets of exactly the glyphs its
//! documents draw) is kept per profile version, so one document per request costs only its own
//! layout and writing.

use super::error::Error;
use super::storage::Store;
use crate::compose::{self, PrintableOrg, Templates};
use crate::export::{self, BatchFonts, Format, Kind, Kinds, Listed};
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
    Model {
        review: Default::default(),
        base: None,
        acts: vec![],
        corner: None,
        positions: vec![],
        changes: vec![],
        inferences: vec![],
    }
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
    printable: PrintableOrg,
    fonts: BatchFonts,
    listed: Vec<Listed>,
}

/// Which document: the API's `kind`, `position`, `act`, `employee`, `format`, named by the
/// profile's own ids (all slugs, so a URL can carry them as they are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRequest {
    pub kind: DocKind,
    /// The staff position's id.
    pub position: String,
    /// For a change sheet: the amending act's number (as a slug, `388`).
    pub act: Option<String>,
    /// For a personnel-file copy: the employee's folder name (`0002-omarov-daulet-serikuly`).
    pub employee: Option<String>,
    pub format: DocFormat,
}

/// `export::Kind` as a request names it (`job-description`, `change-sheet`).
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

/// `export::Format` as a request names it (`pdf`, `docx`).
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
    /// The server's name for it: its export path with `-` for `/` (ASCII, no separators).
    pub file_name: String,
}

/// One document of an organisation's export, described for pages and the API.
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
    /// Prepare `text` (the stored profile of `id`) against `catalog`, as `lauazym export --org`
    /// loads one organisation: its templates, the pre-pass, and fonts subset to exactly the
    /// glyphs its documents draw (so a preview has the bytes of the exported file).
    pub fn build(store: &Store, catalog: &Catalog, id: &str, text: &str, version: &str) -> Result<Prepared, Error> {
        let file = Store::org_file(id);
        let org = super::profile::check_text(&file, text, &catalog.model)?;
        let printable = printable_of(store, &org, &catalog.model)?;
        let loaded = export::Loaded::from_orgs(&catalog.model, vec![printable]);
        if let Some(e) = loaded.errors.first() {
            return Err(Error::BadRequest(e.to_string()));
        }
        let fonts =
            BatchFonts::prepare(&fonts::FontSet::embedded(), &loaded.chars, &Format::ALL, pdf::Options::default())
                .map_err(|e| Error::BadRequest(format!("{file}: {e}")))?;
        let Some(printable) = loaded.orgs.into_iter().next() else {
            return Err(Error::internal(format!("{file}: the loaded organisation vanished")));
        };
        let listed = export::documents(&catalog.model, &printable, Kinds::ALL, &Format::ALL);
        Ok(Prepared { generation: catalog.generation, version: version.to_string(), org, printable, fonts, listed })
    }

    /// Every document of the export, as references (pages list them; the API returns them).
    pub fn documents(&self) -> Vec<DocRef> {
        self.listed
            .iter()
            .map(|l| {
                let r = &l.request;
                DocRef {
                    kind: r.kind,
                    position: self
                        .org
                        .positions
                        .get(r.position.wrapping_sub(1))
                        .map_or(String::new(), |p| p.id.clone()),
                    act: r.act.as_deref().map(slug::slug),
                    employee: r.employee.as_ref().and_then(|no| {
                        self.org.employees.iter().find(|e| &e.personnel_no == no).map(|e| e.slug.clone())
                    }),
                    format: r.format,
                    path: l.path.clone(),
                }
            })
            .collect()
    }

    /// The library's request for ours: staff id → number, act slug → number, employee folder →
    /// personnel number. Anything the organisation or the model lacks is not found.
    fn request(&self, model: &Model, r: &DocRequest) -> Result<export::DocumentRequest, Error> {
        let position = self.org.positions.iter().position(|p| p.id == r.position).ok_or(Error::NotFound)? + 1;
        let act = match &r.act {
            None => None,
            Some(a) => Some(
                model.acts.iter().find(|x| slug::slug(&x.id.number) == *a).ok_or(Error::NotFound)?.id.number.clone(),
            ),
        };
        let employee = match &r.employee {
            None => None,
            Some(e) => {
                Some(self.org.employees.iter().find(|x| x.slug == *e).ok_or(Error::NotFound)?.personnel_no.clone())
            }
        };
        Ok(export::DocumentRequest { kind: r.kind.into(), position, act, employee, format: r.format.into() })
    }

    /// Whether the export has the document `r` names (in any format).
    pub fn has(&self, model: &Model, r: &DocRequest) -> bool {
        self.request(model, r).is_ok_and(|q| {
            self.listed.iter().any(|l| {
                l.request.kind == q.kind
                    && l.request.position == q.position
                    && l.request.act == q.act
                    && l.request.employee == q.employee
            })
        })
    }

    /// Render one document in memory (blocking: call from `spawn_blocking`).
    pub fn render(&self, model: &Model, r: &DocRequest) -> Result<Rendered, Error> {
        let request = self.request(model, r)?;
        let doc = export::render_document(model, &self.printable, &self.fonts, &request).map_err(|e| match e {
            export::RequestError::Render(_) | export::RequestError::Panic(_) => Error::internal(e),
            // The request names no document of this organisation.
            _ => Error::NotFound,
        })?;
        Ok(Rendered { bytes: doc.bytes, format: request.format, file_name: doc.path.replace(['/', '\\'], "-") })
    }

    /// The organisation's whole export as a ZIP: every file `lauazym export` writes for it, and
    /// its `manifest.json`. Deterministic: entries in path order, dated 1980-01-01, mode 0644.
    /// Written through a scratch folder inside the data folder by `export::run` itself, with the
    /// fonts already prepared, so the files and the manifest are exactly the CLI's.
    pub fn export_zip(&self, model: &Model, store: &Store) -> Result<Vec<u8>, Error> {
        let scratch = store.scratch().map_err(Error::internal)?;
        let result = (|| {
            let orgs = std::slice::from_ref(&self.printable);
            let jobs = export::plan(model, orgs, Kinds::ALL, &Format::ALL);
            let outcome = export::run(model, orgs, &self.fonts, &jobs, &scratch, &|_| {});
            if let Some(f) = outcome.failures.first() {
                return Err(Error::internal(format!("{} ({} failed): {}", f.path, outcome.failures.len(), f.error)));
            }
            export::write_manifest(&scratch, &outcome.manifest).map_err(Error::internal)?;
            let mut names: Vec<String> = outcome.manifest.files.iter().map(|e| e.path.clone()).collect();
            names.push("manifest.json".into());
            names.sort();
            zip_files(&scratch, &names)
        })();
        let _ = std::fs::remove_dir_all(&scratch);
        result
    }
}

/// The organisation resolved for printing, with its own templates if it names a folder (which
/// must lie inside the data folder).
fn printable_of(store: &Store, org: &org::Organisation, model: &Model) -> Result<PrintableOrg, Error> {
    let templates = match &org.template_dir {
        Some(dir) => {
            let dir = export::contained(store.root(), dir).map_err(|_| {
                Error::BadRequest(format!("{}: template_dir must be a folder inside the data folder", org.file))
            })?;
            let (t, _warnings) =
                Templates::load(Some(&dir)).map_err(|e| Error::BadRequest(format!("{}: {e}", org.file)))?;
            Arc::new(t)
        }
        None => embedded_templates(),
    };
    compose::printable(org, model, templates).map_err(|e| Error::BadRequest(e.to_string()))
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
