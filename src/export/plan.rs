//! Planning: which documents a batch makes, as data — one job per (organisation, document,
//! format), each with its output path. Pure, so it is tested without writing anything.

use crate::compose::documents::changes_for;
use crate::compose::PrintableOrg;
use crate::model::Model;
use crate::slug;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Pdf, Format::Docx];

    pub fn ext(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// The IANA media type, for HTTP responses.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

/// One document of one organisation, by indices into its `PrintableOrg` and the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocRef {
    /// Index into `PrintableOrg::positions`.
    pub position: usize,
    pub kind: DocKind,
    /// For a personnel-file copy: index into `PrintableOrg::employees`.
    pub employee: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    JobDescription,
    /// The changes of one amending act (index into `Model::acts`).
    ChangeSheet {
        act: usize,
    },
}

impl DocKind {
    pub fn kind(self) -> Kind {
        match self {
            DocKind::JobDescription => Kind::JobDescription,
            DocKind::ChangeSheet { .. } => Kind::ChangeSheet,
        }
    }
}

/// One unit of work: one document in one format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Job {
    /// Relative path below the output folder; also the job's sort key.
    pub path: PathBuf,
    /// Index into the batch's organisations.
    pub org: usize,
    pub doc: DocRef,
    pub format: Format,
}

/// Plan every job of every organisation, sorted by output path.
pub fn plan(model: &Model, orgs: &[PrintableOrg], kinds: Kinds, formats: &[Format]) -> Vec<Job> {
    let mut jobs: Vec<Job> =
        orgs.iter().enumerate().flat_map(|(oi, o)| plan_org(model, o, oi, kinds, formats)).collect();
    jobs.sort();
    jobs
}

/// The jobs of one organisation (`index`: its place in the batch), in planning order.
pub fn plan_org(model: &Model, o: &PrintableOrg, index: usize, kinds: Kinds, formats: &[Format]) -> Vec<Job> {
    // Which amending acts change each position: asked once per position, not per format or copy.
    let acts_of: Vec<Vec<usize>> = o.positions.iter().map(|sp| changing_acts(model, sp.typical)).collect();
    let mut docs = Vec::new();
    for (pi, _) in o.positions.iter().enumerate() {
        for &format in formats {
            if kinds.job_description {
                docs.push((DocRef { position: pi, kind: DocKind::JobDescription, employee: None }, format));
            }
            if kinds.change_sheet {
                for &act in &acts_of[pi] {
                    docs.push((DocRef { position: pi, kind: DocKind::ChangeSheet { act }, employee: None }, format));
                }
            }
        }
    }
    if kinds.personnel {
        for (ei, e) in o.employees.iter().enumerate() {
            for &format in formats {
                let employee = Some(ei);
                docs.push((DocRef { position: e.position, kind: DocKind::JobDescription, employee }, format));
                for &act in &acts_of[e.position] {
                    docs.push((DocRef { position: e.position, kind: DocKind::ChangeSheet { act }, employee }, format));
                }
            }
        }
    }
    docs.into_iter()
        .map(|(doc, format)| Job { path: path_of(model, o, &doc, format), org: index, doc, format })
        .collect()
}

/// The amending acts (indices into `Model::acts`) that change typical position `typical`: the
/// change sheets it has.
pub fn changing_acts(model: &Model, typical: usize) -> Vec<usize> {
    let p = &model.positions[typical];
    (0..model.acts.len()).filter(|&ai| !changes_for(model, &model.acts[ai].id, p).is_empty()).collect()
}

/// Where a document goes below the output folder:
/// `<org>/job-description/NN-<position>.pdf`, `<org>/change-sheet-<act>/NN-<position>.pdf`, and
/// the personnel-file copies `<org>/personnel/<employee>/{job-description,change-sheet-<act>}.pdf`.
pub fn path_of(model: &Model, o: &PrintableOrg, doc: &DocRef, format: Format) -> PathBuf {
    let base = PathBuf::from(&o.ctx.slug);
    let ext = format.ext();
    let act = |a: usize| slug::slug(&model.acts[a].id.number);
    match doc.employee {
        None => {
            let sp = &o.positions[doc.position];
            let file = format!("{:02}-{}.{ext}", sp.number, sp.slug);
            match doc.kind {
                DocKind::JobDescription => base.join("job-description").join(file),
                DocKind::ChangeSheet { act: a } => base.join(format!("change-sheet-{}", act(a))).join(file),
            }
        }
        Some(e) => {
            let dir = base.join("personnel").join(&o.employees[e].slug);
            match doc.kind {
                DocKind::JobDescription => dir.join(format!("job-description.{ext}")),
                DocKind::ChangeSheet { act: a } => dir.join(format!("change-sheet-{}.{ext}", act(a))),
            }
        }
    }
}
