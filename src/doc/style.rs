//! The style sheet: every typographic decision about a printed document, made once and read by
//! both writers — the PDF writer in points, the DOCX writer in twips and half-points.
//!
//! As genpdf carries its `Style` down the element tree and typst resolves styles before any
//! exporter sees a frame, the writers do not decide typography: a 13 pt body, another indent or
//! more air above headings is one edit here, and the two formats cannot drift apart.
//! `tests/style_sheet.rs` renders every markup attribute in both formats and compares our PDF
//! with LibreOffice's rendering of our DOCX.

use super::{Align, Block, Document, Para, Size};
use std::collections::BTreeSet;

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

/// A4 with the margins of Kazakh official documents (DOMAIN.md, last section), in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    /// Distance of the page number's line from the bottom edge.
    pub footer: f32,
}

impl PageSetup {
    /// The same page in another unit, `per_mm` of it to the millimetre (`MM`: points).
    pub fn scaled(self, per_mm: f32) -> PageSetup {
        PageSetup {
            width: self.width * per_mm,
            height: self.height * per_mm,
            left: self.left * per_mm,
            right: self.right * per_mm,
            top: self.top * per_mm,
            bottom: self.bottom * per_mm,
            footer: self.footer * per_mm,
        }
    }
    /// Width between the margins, in the page's unit.
    pub fn text_width(&self) -> f32 {
        self.width - self.left - self.right
    }
    /// Height between the margins, in the page's unit.
    pub fn text_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}

pub const PAGE: PageSetup =
    PageSetup { width: 210.0, height: 297.0, left: 30.0, right: 15.0, top: 20.0, bottom: 20.0, footer: 10.0 };

/// Body text, points.
pub const BODY: f32 = 14.0;
/// Notes, table cells marked `small`, page numbers: points.
pub const SMALL: f32 = 11.0;
/// Line height as a multiple of the type size ("1.15 lines", Word's and LibreOffice's default).
pub const LEADING: f32 = 1.15;
/// First-line indent of body text (`::p indent`), millimetres.
pub const INDENT: f32 = 12.5;
/// Hanging indent of list items, millimetres: room for "10)" (the PDF widens it for "100)").
pub const HANG: f32 = 7.5;

/// The type size of a paragraph, points.
pub fn size(s: Size) -> f32 {
    match s {
        Size::Normal => BODY,
        Size::Small => SMALL,
    }
}

/// Vertical space around a block, points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spacing {
    pub before: f32,
    pub after: f32,
}

/// Headings: level 1 (the document's title lines) and level 2 (section headings). Both are kept
/// with what follows them.
pub fn heading_spacing(level: u8) -> Spacing {
    if level <= 1 {
        Spacing { before: 12.0, after: 4.0 }
    } else {
        Spacing { before: 8.0, after: 4.0 }
    }
}

/// A provenance note: a little air, so the small text does not read as part of the block above.
pub const NOTE: Spacing = Spacing { before: 4.0, after: 0.0 };
/// A signature line.
pub const SIGNATURE: Spacing = Spacing { before: 12.0, after: 0.0 };
/// A table (PDF; DOCX tables carry no spacing of their own).
pub const TABLE: Spacing = Spacing { before: 6.0, after: 6.0 };

/// Where a paragraph stands, for the rules that depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    Heading(u8),
    ListItem,
    Note,
    TableCell,
    /// A cell of a table's first row when the table has a header.
    TableHeader,
}

/// Whether every span of a paragraph in `role` is bold, whatever its own spans say: headings and
/// table header rows.
pub fn bold(role: Role) -> bool {
    matches!(role, Role::Heading(_) | Role::TableHeader)
}

/// A heading's alignment: what the markup asked (`::h1` is centred, `::h2` left by default,
/// `::h1 left` is left). Neither writer overrides it.
pub fn heading_align(para: &Para) -> Align {
    para.align
}

/// Index of a font face in per-face tables: regular 0, bold 1, italic 2, bold italic 3 (the order
/// of `fonts::Style`).
pub fn face(bold: bool, italic: bool) -> usize {
    usize::from(bold) + 2 * usize::from(italic)
}

impl Document {
    /// The characters each face draws (indexed by [`face`]), styled as the writers draw them:
    /// what a batch's font subsets must hold.
    pub fn chars_by_face(&self, sets: &mut [BTreeSet<char>; 4]) {
        fn para(sets: &mut [BTreeSet<char>; 4], p: &Para, role: Role) {
            for s in &p.spans {
                sets[face(s.bold || bold(role), s.italic)].extend(s.text.chars());
            }
        }
        for b in &self.blocks {
            match b {
                Block::Heading { level, para: p } => para(sets, p, Role::Heading(*level)),
                Block::Paragraph(p) => para(sets, p, Role::Body),
                Block::Note(p) => para(sets, p, Role::Note),
                Block::List(l) => l.items.iter().for_each(|p| para(sets, p, Role::ListItem)),
                Block::Table(t) => {
                    for (r, row) in t.rows.iter().enumerate() {
                        let role = if t.header && r == 0 { Role::TableHeader } else { Role::TableCell };
                        row.iter().flatten().for_each(|p| para(sets, p, role));
                    }
                }
                Block::Signature(s) => {
                    sets[face(false, false)].extend(s.label.chars().chain(s.name.chars()));
                }
                Block::PageBreak => {}
            }
        }
    }

    /// Every character of the document, in any face.
    pub fn chars(&self) -> BTreeSet<char> {
        let mut sets: [BTreeSet<char>; 4] = Default::default();
        self.chars_by_face(&mut sets);
        sets.into_iter().flatten().collect()
    }
}
