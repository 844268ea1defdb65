//! Before anything is written: the pre-pass over every document tree, and the fonts of the
//! batch, prepared once and shared by every job.

use super::plan::Format;
use super::Error;
use crate::compose::documents::{self, Signers};
use crate::compose::PrintableOrg;
use crate::doc::Document;
use crate::model::Model;
use crate::{docx, fonts, pdf};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Characters per font face (indexed by `fonts::Style as usize`): what the fonts must cover.
pub type Chars = [BTreeSet<char>; 4];

/// What the pre-pass learns before anything is written.
pub struct Prepass {
    /// The characters each font face will draw.
    pub chars: Chars,
    /// Organisations (index into the slice given) whose templates fail to render.
    pub failed: Vec<TemplateFailure>,
}

/// An organisation whose templates fail to render: the first error, and how many more documents
/// failed the same way.
#[derive(Debug)]
pub struct TemplateFailure {
    pub org: usize,
    pub error: crate::compose::templates::Error,
    pub more: usize,
}

/// Render every distinct document tree once, before writing anything.
///
/// Distinct: not per format, not per personnel copy (those differ only by an employee's name,
/// added to the regular face). Two things come of it. Every PDF embeds subsets of exactly the
/// glyphs the batch draws in each face (bold and italic are used for a few headings only), at the
/// cost of rendering templates twice — a few per cent of writing. And a template that fails to
/// render is found before any file of its organisation is written: a template is an input, so its
/// organisation is refused whole, like a profile that does not load.
pub fn prepass(model: &Model, orgs: &[PrintableOrg]) -> Prepass {
    let per_org: Vec<(Chars, Option<TemplateFailure>)> = orgs
        .par_iter()
        .enumerate()
        .map(|(oi, o)| {
            let mut sets = Chars::default();
            let mut first = None;
            let mut failures = 0usize;
            let mut take = |doc: Result<Document, crate::compose::templates::Error>, sets: &mut Chars| match doc {
                Ok(doc) => doc.chars_by_face(sets),
                Err(e) => {
                    failures += 1;
                    first.get_or_insert(e);
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
            let failure = first.map(|error| TemplateFailure { org: oi, error, more: failures - 1 });
            (sets, failure)
        })
        .collect();
    let mut chars = Chars::default();
    let mut failed = Vec::new();
    for (sets, failure) in per_org {
        for (x, y) in chars.iter_mut().zip(sets) {
            x.extend(y);
        }
        failed.extend(failure);
    }
    Prepass { chars, failed }
}

/// The fonts of a batch, prepared once for the formats it writes and shared by every job.
pub struct BatchFonts {
    pdf: Option<pdf::PdfFonts>,
    docx: Option<docx::DocxFonts>,
    pdf_options: pdf::Options,
}

impl BatchFonts {
    /// Check coverage and prepare the fonts of `formats` for the characters `chars`.
    pub fn prepare(
        fonts: &fonts::FontSet,
        chars: &Chars,
        formats: &[Format],
        pdf_options: pdf::Options,
    ) -> Result<BatchFonts, Error> {
        let all: BTreeSet<char> = chars.iter().flatten().copied().collect();
        fonts.check_coverage(&all)?;
        Ok(BatchFonts {
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

    /// Write one document tree in `format`.
    pub fn write(&self, doc: &Document, format: Format) -> Result<Written, Error> {
        match format {
            Format::Pdf => {
                let fonts = self.pdf.as_ref().ok_or(Error::NotPrepared(format))?;
                let out = pdf::write(doc, fonts, &self.pdf_options)?;
                Ok(Written { bytes: out.bytes, pages: Some(out.pages) })
            }
            Format::Docx => {
                let fonts = self.docx.as_ref().ok_or(Error::NotPrepared(format))?;
                Ok(Written { bytes: docx::write(doc, fonts)?, pages: None })
            }
        }
    }

    /// The DOCX fonts, if prepared (for reports and benches).
    pub fn docx(&self) -> Option<&docx::DocxFonts> {
        self.docx.as_ref()
    }
}

/// A document written in memory.
#[derive(Debug, Clone)]
pub struct Written {
    pub bytes: Vec<u8>,
    /// Pages as laid out by lauazym (PDF); a DOCX is paginated by the word processor.
    pub pages: Option<u32>,
}
