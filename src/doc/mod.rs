//! The document tree: the one shape both writers read (pandoc's readers → AST → writers).
//!
//! It knows nothing of law, organisations, fonts or file formats, and imports nothing of the
//! crate: `compose` builds trees, `pdf` and `docx` read them, and the compiler keeps it so. Templates (handlebars, `templates/`) render a
//! small markup that `markup` parses into this tree; `pdf` and `docx` turn it into bytes. Writers
//! `match` every `Block` variant with no catch-all arm, so a new block does not compile until both
//! writers handle it.

use serde::Serialize;

/// One printable document: metadata plus a flat list of blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
}

/// Metadata the writers put into the file (PDF Info/XMP, DOCX core properties).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Meta {
    pub title: String,
    /// The organisation (or "lauazym" for typical documents).
    pub author: String,
    pub subject: String,
    /// BCP 47 language tag of the text, `kk-KZ`.
    pub lang: String,
    /// A stable identity (org slug, kind, position, acts): hashed into PDF `/ID` and DOCX ids so
    /// the same input gives the same bytes.
    pub identity: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Span { text: text.into(), bold: false, italic: false }
    }
    pub fn bold(text: impl Into<String>) -> Self {
        Span { text: text.into(), bold: true, italic: false }
    }
}

/// Type size of a paragraph: body text, or the smaller size of notes and table cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Size {
    Normal,
    Small,
}

/// A paragraph: the unit of line breaking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Para {
    pub align: Align,
    /// Indent the first line (body text of Kazakh official documents is indented ~1.25 cm).
    pub indent: bool,
    pub size: Size,
    pub spans: Vec<Span>,
}

impl Para {
    /// The paragraph's text without styles (for tests and text comparisons).
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListStyle {
    /// `1)`, `2)`, … starting at `List::start`.
    Numbered,
    /// An en dash before each item.
    Bulleted,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct List {
    pub style: ListStyle,
    pub start: u32,
    pub items: Vec<Para>,
}

/// A table; cells hold paragraphs. Widths are relative (they are scaled to the text width).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub widths: Vec<u32>,
    pub borders: bool,
    /// The first row is a header (bold, repeated on a new page by the PDF writer).
    pub header: bool,
    pub rows: Vec<Vec<Vec<Para>>>,
}

/// A signature line: `label ____________ name`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    pub label: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// Kept with the next block on the same page.
    Heading {
        level: u8,
        para: Para,
    },
    Paragraph(Para),
    List(List),
    Table(Table),
    Signature(Signature),
    /// A small footnote-style note (provenance: which act, point and abzac).
    Note(Para),
    PageBreak,
}

pub mod markup;
pub mod style;
