//! PDF writer (printpdf): document tree → PDF bytes.
//!
//! `flow` lays the document out into pages of positioned runs (pure, testable with a fake font);
//! `font` subsets the faces once per batch into [`PdfFonts`]; `emit` turns pages into printpdf
//! operations and finishes the objects with lopdf; `pdfa` holds the PDF/A-2b parts. It reads only
//! `layout` and `fonts`, and knows nothing of law.

pub mod emit;
pub mod flow;
pub mod font;
mod pdfa;

pub use font::PdfFonts;

use std::collections::BTreeSet;

use crate::doc::{Block, Document, Para};

#[derive(Debug, Default, Clone)]
pub struct Options {
    /// PDF/A-2b: XMP identification, sRGB output intent (see `pdfa` for what is unverified).
    pub pdfa: bool,
}

/// A written PDF.
#[derive(Debug, Clone)]
pub struct Output {
    pub bytes: Vec<u8>,
    pub pages: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the font lacks glyphs for: {chars}")]
    MissingGlyphs { chars: String },
    #[error("block {block} ({what}) does not fit on an empty page")]
    BlockTooTall { block: usize, what: &'static str },
    #[error("font: {0}")]
    Font(String),
    #[error("PDF assembly: {0}")]
    Pdf(String),
}

impl From<flow::FlowError> for Error {
    fn from(e: flow::FlowError) -> Error {
        match e {
            flow::FlowError::MissingGlyphs { chars } => Error::MissingGlyphs { chars },
            flow::FlowError::BlockTooTall { block, what } => Error::BlockTooTall { block, what },
        }
    }
}

/// Lay out and write one document with fonts prepared for its batch.
pub fn write(doc: &Document, fonts: &PdfFonts, opts: &Options) -> Result<Output, Error> {
    let g = flow::Geometry::a4();
    let pages = flow::flow(doc, fonts, &g)?;
    let bytes = emit::emit(&doc.meta, &pages, &g, fonts, opts)?;
    Ok(Output { bytes, pages: pages.len() as u32 })
}

/// Add the characters `doc` draws to `set`: gather them over a batch, then call
/// [`PdfFonts::prepare`] once. (List markers, page numbers and the en dash are added by
/// `prepare` itself.)
/// Add the characters of `doc` to per-face sets (indexed by `Style as usize`), styled as the flow
/// draws them: headings and table header rows in bold, other text as its spans say.
pub fn collect_styled_chars(doc: &Document, sets: &mut [BTreeSet<char>; 4]) {
    fn para(sets: &mut [BTreeSet<char>; 4], p: &Para, force_bold: bool) {
        for s in &p.spans {
            sets[crate::fonts::Style::of(s.bold || force_bold, s.italic) as usize].extend(s.text.chars());
        }
    }
    let regular = crate::fonts::Style::Regular as usize;
    for b in &doc.blocks {
        match b {
            Block::Heading { para: p, .. } => para(sets, p, true),
            Block::Paragraph(p) | Block::Note(p) => para(sets, p, false),
            Block::List(l) => l.items.iter().for_each(|p| para(sets, p, false)),
            Block::Table(t) => {
                for (r, row) in t.rows.iter().enumerate() {
                    row.iter().flatten().for_each(|p| para(sets, p, t.header && r == 0));
                }
            }
            Block::Signature(s) => {
                sets[regular].extend(s.label.chars());
                sets[regular].extend(s.name.chars());
            }
            Block::PageBreak => {}
        }
    }
}

pub fn collect_chars(doc: &Document, set: &mut BTreeSet<char>) {
    fn para(set: &mut BTreeSet<char>, p: &Para) {
        for s in &p.spans {
            set.extend(s.text.chars());
        }
    }
    for b in &doc.blocks {
        match b {
            Block::Heading { para: p, .. } | Block::Paragraph(p) | Block::Note(p) => para(set, p),
            Block::List(l) => l.items.iter().for_each(|p| para(set, p)),
            Block::Table(t) => t.rows.iter().flatten().flatten().for_each(|p| para(set, p)),
            Block::Signature(s) => {
                set.extend(s.label.chars());
                set.extend(s.name.chars());
            }
            Block::PageBreak => {}
        }
    }
}
