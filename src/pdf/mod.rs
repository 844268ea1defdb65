//! PDF writer (printpdf): document tree → PDF bytes.
//!
//! `flow` lays the document out into pages of positioned runs (pure, testable with a fake font);
//! `font` subsets the faces once per batch into [`PdfFonts`]; `content` writes each page's
//! operators; `emit` puts them into printpdf's page tree and finishes the objects with lopdf;
//! `pdfa` holds the PDF/A-2b parts. It reads only
//! `doc` (the tree and its style sheet) and `fonts`, and knows nothing of law.

mod content;
pub mod emit;
pub mod flow;
pub mod font;
mod pdfa;

pub use font::PdfFonts;

use crate::doc::Document;

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
    #[error(transparent)]
    Font(#[from] crate::fonts::program::Error),
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
    let g = flow::a4();
    let pages = flow::flow(doc, fonts, &g)?;
    let bytes = emit::emit(&doc.meta, &pages, &g, fonts, opts)?;
    Ok(Output { bytes, pages: pages.len() as u32 })
}
