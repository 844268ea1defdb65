//! Document tree → `docx_rs::Docx`: page setup, styles, numbering, tables, footer.
//!
//! Formatting lives in named styles (Normal, Body, Small, Note, Heading1/2, ListItem); paragraphs
//! carry only a style id, plus an alignment or indent where the tree asks for something the
//! style does not give. Paragraph ids are numbered here from 1 per document instead of coming
//! from docx-rs's per-thread counter, so the bytes never depend on what a thread built before.

use crate::doc::style::{self, Role};
use crate::doc::{Align, Block, Document, List, ListStyle, Para, Signature, Size, Span, Table};
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Footer, IndentLevel, Level, LevelJc, LevelOverride,
    LevelSuffixType, LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Start, Style, StyleType, Tab, TabValueType, TableCell, TableRow, WidthType,
};

/// Millimetres of the style sheet → twentieths of a point (twips), rounded.
const fn twips(mm: f32) -> i32 {
    (mm * 1440.0 / 25.4 + 0.5) as i32
}

/// The style sheet's space before and after a paragraph, in twips (points × 20).
fn spacing(s: style::Spacing) -> LineSpacing {
    LineSpacing::new().before((s.before * 20.0).round() as u32).after((s.after * 20.0).round() as u32)
}

/// The style sheet's page (A4, margins of official documents) in twips: 11906 × 16838, margins
/// 1701 / 850 / 1134 / 1134, footer at 567.
pub const PAGE_WIDTH: u32 = twips(style::PAGE.width) as u32;
pub const PAGE_HEIGHT: u32 = twips(style::PAGE.height) as u32;
pub const MARGIN_LEFT: i32 = twips(style::PAGE.left);
pub const MARGIN_RIGHT: i32 = twips(style::PAGE.right);
pub const MARGIN_TOP: i32 = twips(style::PAGE.top);
pub const MARGIN_BOTTOM: i32 = twips(style::PAGE.bottom);
const FOOTER_DISTANCE: i32 = twips(style::PAGE.footer);
/// Width between the margins.
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT as u32 - MARGIN_RIGHT as u32;
/// First-line indent of body text (709).
pub const FIRST_LINE: i32 = twips(style::INDENT);

/// Type sizes in half-points (28, 22).
const SIZE_NORMAL: usize = (style::BODY * 2.0) as usize;
const SIZE_SMALL: usize = (style::SMALL * 2.0) as usize;
/// Line height in 240ths of a line (276 = 1.15 lines).
const LINE: i32 = (240.0 * style::LEADING + 0.5) as i32;

/// docx-rs always writes a built-in abstractNum/num with id 1 (CRATES.md), so ours start at 2.
const ABSTRACT_DECIMAL: usize = 2;
const ABSTRACT_DASH: usize = 3;
const FIRST_NUM_ID: usize = 2;

pub const STYLE_NORMAL: &str = "Normal";
pub const STYLE_BODY: &str = "Body";
pub const STYLE_SMALL: &str = "Small";
pub const STYLE_NOTE: &str = "Note";
pub const STYLE_HEADING1: &str = "Heading1";
pub const STYLE_HEADING2: &str = "Heading2";
pub const STYLE_LIST: &str = "ListItem";
pub const STYLE_SIGNATURE: &str = "Signature";
pub const STYLE_FOOTER: &str = "Footer";

/// Builds one document; owns the paragraph-id and numbering counters.
struct Builder {
    /// Always `Some` between calls; an `Option` so the by-value docx-rs builders can be applied.
    docx: Option<Docx>,
    next_para: u32,
    next_num: usize,
}

/// The page, styles, footer and abstract numberings every document shares. `family` is the
/// embedded font's family name.
pub fn base(family: &str) -> Docx {
    let fonts = RunFonts::new().ascii(family).hi_ansi(family).cs(family).east_asia(family);
    let margin = PageMargin {
        top: MARGIN_TOP,
        left: MARGIN_LEFT,
        bottom: MARGIN_BOTTOM,
        right: MARGIN_RIGHT,
        header: FOOTER_DISTANCE,
        footer: FOOTER_DISTANCE,
        gutter: 0,
    };
    // The style sheet's leading, as the PDF writer sets it, so both formats paginate alike.
    let single = LineSpacing::new().before(0).after(0).line(LINE);
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(margin)
        .default_fonts(fonts.clone())
        .default_size(SIZE_NORMAL)
        .default_line_spacing(single)
        .default_tab_stop(FIRST_LINE as usize);
    for style in styles(&fonts) {
        docx = docx.add_style(style);
    }
    docx = docx
        .add_abstract_numbering(list_level(ABSTRACT_DECIMAL, "decimal", "%1)"))
        .add_abstract_numbering(list_level(ABSTRACT_DASH, "bullet", "\u{2013}"));
    // Declared whether or not this document has a list, so the relationships part is the same
    // for every document (and can be compressed once, `package`).
    docx.document_rels.has_numberings = true;
    docx
}

fn styles(fonts: &RunFonts) -> Vec<Style> {
    let para = |id: &str, name: &str| Style::new(id, StyleType::Paragraph).name(name).q_format(true);
    // Also in docDefaults; repeated on Normal for readers that look only at the style.
    let normal = para(STYLE_NORMAL, "Normal").fonts(fonts.clone()).size(SIZE_NORMAL);
    let body = para(STYLE_BODY, "Body Text").based_on(STYLE_NORMAL).align(AlignmentType::Both).indent(
        None,
        Some(SpecialIndentType::FirstLine(FIRST_LINE)),
        None,
        None,
    );
    let small = para(STYLE_SMALL, "Small").based_on(STYLE_NORMAL).size(SIZE_SMALL);
    let note = para(STYLE_NOTE, "Note")
        .based_on(STYLE_SMALL)
        .next(STYLE_BODY)
        .align(AlignmentType::Both)
        .line_spacing(spacing(style::NOTE));
    let bold = |s: Style, role: Role| if style::bold(role) { s.bold() } else { s };
    let mut h1 = bold(para(STYLE_HEADING1, "heading 1"), Role::Heading(1))
        .based_on(STYLE_NORMAL)
        .next(STYLE_BODY)
        .align(AlignmentType::Center)
        .line_spacing(spacing(style::heading_spacing(1)))
        .outline_lvl(0);
    h1.paragraph_property = h1.paragraph_property.keep_next(true);
    let mut h2 = bold(para(STYLE_HEADING2, "heading 2"), Role::Heading(2))
        .based_on(STYLE_NORMAL)
        .next(STYLE_BODY)
        .line_spacing(spacing(style::heading_spacing(2)))
        .outline_lvl(1);
    h2.paragraph_property = h2.paragraph_property.keep_next(true);
    let list = para(STYLE_LIST, "List Paragraph").based_on(STYLE_NORMAL).align(AlignmentType::Both);
    let mut signature =
        para(STYLE_SIGNATURE, "Signature").based_on(STYLE_NORMAL).line_spacing(spacing(style::SIGNATURE));
    signature.paragraph_property = signature
        .paragraph_property
        .add_tab(Tab::new().val(TabValueType::Left).pos(SIGNATURE_LINE_END))
        .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH as usize));
    signature.paragraph_property = signature.paragraph_property.keep_next(false);
    let footer = para(STYLE_FOOTER, "footer").based_on(STYLE_NORMAL).size(SIZE_SMALL).align(AlignmentType::Center);
    vec![normal, body, small, note, h1, h2, list, signature, footer]
}

/// Where the underlined signature line ends (the name is right-aligned after it).
const SIGNATURE_LINE_END: usize = 6237;

/// Hanging indent of list items (the style sheet's 7.5 mm, room for "10)").
const LIST_INDENT: i32 = twips(style::HANG);

/// A one-level list definition: the marker at the margin, then a tab to the hanging indent, where
/// the text starts and wraps — as the PDF writer lays lists out.
fn list_level(id: usize, format: &str, text: &str) -> AbstractNumbering {
    let level = Level::new(0, Start::new(1), NumberFormat::new(format), LevelText::new(text), LevelJc::new("left"))
        .indent(Some(LIST_INDENT), Some(SpecialIndentType::Hanging(LIST_INDENT)), None, None)
        .suffix(LevelSuffixType::Tab);
    AbstractNumbering::new(id).add_level(level)
}

/// The whole document. docx-rs's thread-local paragraph counter is not used: every paragraph
/// gets an explicit id.
pub fn document(doc: &Document, family: &str) -> Docx {
    let mut b = Builder { docx: None, next_para: 1, next_num: FIRST_NUM_ID };
    // Page numbers from page 2: the title page has its own, empty, footer.
    let footer = Footer::new().add_paragraph(b.paragraph().style(STYLE_FOOTER).add_page_num(PageNum::new()));
    let first = Footer::new().add_paragraph(b.paragraph().style(STYLE_FOOTER));
    b.docx = Some(base(family).footer(footer).first_footer(first).title_pg());
    for block in &doc.blocks {
        b.block(block);
    }
    b.docx.take().expect("set above")
}

/// `word/document.xml` and `word/numbering.xml` of one document. Only these two parts are built:
/// `Docx::build` would also render every shared part and walk the tree for comments, images,
/// hyperlinks and duplicate paragraph ids, none of which we produce (ids are unique by
/// construction); `tests::parts_match_a_full_build` checks the bytes are the same.
pub fn parts(doc: &Document, family: &str) -> Result<(Vec<u8>, Vec<u8>), super::Error> {
    use docx_rs::BuildXML;
    let docx = document(doc, family);
    let mut xml = utf8(docx.document.build())?;
    let headers: Vec<bool> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) if emitted(t) => Some(t.header),
            _ => None,
        })
        .collect();
    if headers.contains(&true) {
        xml = repeat_headers(&xml, &headers)?;
    }
    if !headers.is_empty() {
        xml = grid_columns(&xml)?;
    }
    xml = soft_hyphens(xml);
    let numbering = utf8(docx.numberings.build())?;
    let document = super::order::canonical("word/document.xml", &xml)?;
    let numbering = super::order::canonical("word/numbering.xml", &numbering)?;
    Ok((document.into_bytes(), numbering.into_bytes()))
}

/// docx-rs's output is not what a fix-up expects: a docx-rs upgrade changed its XML, and the
/// fix-up named here needs updating. The document fails; the batch goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("docx-rs output changed ({fixup}: {what}); the fix-up `{fixup}` in src/docx/ needs updating")]
pub struct Fixup {
    pub fixup: &'static str,
    pub what: &'static str,
}

fn utf8(xml: Vec<u8>) -> Result<String, Fixup> {
    String::from_utf8(xml).map_err(|_| Fixup { fixup: "parts", what: "XML that is not UTF-8" })
}

/// docx-rs has no optional hyphen: the soft hyphens of the hyphenation pass reach its text as
/// U+00AD; end the text element there and put Word's own `w:softHyphen` (ECMA-376 Part 1
/// §17.3.3.29), which Word and LibreOffice break at and show only at a line end, and which
/// readers of the text (python-docx) skip. U+00AD can only occur in text content.
pub(super) fn soft_hyphens(text: String) -> String {
    const SHY: &str = "\u{AD}";
    if !text.contains(SHY) {
        return text;
    }
    text.replace(SHY, r#"</w:t><w:softHyphen /><w:t xml:space="preserve">"#)
}

/// docx-rs writes `<w:gridCol w:w="…" w:type="dxa" />`, but a grid column has no `w:type`
/// (CT_TblGridCol: only `w:w`, always twips); drop the attribute so strict readers accept it.
pub(super) fn grid_columns(text: &str) -> Result<String, Fixup> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<w:gridCol ") {
        let end = rest[at..]
            .find("/>")
            .map(|e| at + e + 2)
            .ok_or(Fixup { fixup: "grid_columns", what: "a w:gridCol that is not an empty element" })?;
        out.push_str(&rest[..at]);
        out.push_str(&rest[at..end].replace(r#" w:type="dxa""#, ""));
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// docx-rs cannot mark a header row: give the first row of each table flagged in `headers`
/// (top-level tables in document order) `w:tblHeader`, so Word and LibreOffice repeat it on
/// each page, as the PDF writer does.
pub(super) fn repeat_headers(text: &str, headers: &[bool]) -> Result<String, Fixup> {
    const TABLE: &str = "<w:tbl>";
    const EMPTY_ROW_PROPERTIES: &str = "<w:trPr />";
    let mut out = String::with_capacity(text.len() + 64 * headers.len());
    let mut rest = text;
    for &header in headers {
        let at = rest.find(TABLE).ok_or(Fixup { fixup: "repeat_headers", what: "fewer w:tbl than tables" })?;
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        out.push_str(TABLE);
        rest = &after[TABLE.len()..];
        if header {
            let tr = rest
                .find(EMPTY_ROW_PROPERTIES)
                .ok_or(Fixup { fixup: "repeat_headers", what: "no empty w:trPr in a header row" })?;
            out.push_str(&rest[..tr]);
            out.push_str("<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>");
            rest = &rest[tr + EMPTY_ROW_PROPERTIES.len()..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

thread_local! {
    /// Paragraphs created on this thread since docx-rs's own counter was last reset.
    static CREATED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// `Paragraph::new` still draws an id from docx-rs's thread-local `u32` counter (we overwrite
/// it), and that counter panics when exhausted; only `Docx::build` resets it. A long-lived
/// thread resets it by building an empty document every 2^30 paragraphs.
fn count_paragraph() {
    CREATED.with(|n| {
        n.set(n.get() + 1);
        if n.get() >= 1 << 30 {
            drop(Docx::new().build());
            n.set(0);
        }
    });
}

impl Builder {
    fn paragraph(&mut self) -> Paragraph {
        let id = self.next_para;
        self.next_para += 1;
        count_paragraph();
        Paragraph::new().id(format!("{id:08X}"))
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, para } => {
                let (style, natural) =
                    if *level <= 1 { (STYLE_HEADING1, Align::Center) } else { (STYLE_HEADING2, Align::Left) };
                let p = self.para(para, style, natural, false);
                self.push(p);
            }
            Block::Paragraph(para) => {
                let p = self.text_para(para);
                self.push(p);
            }
            Block::List(list) => self.list(list),
            Block::Table(table) => self.table(table),
            Block::Signature(sig) => {
                let p = self.signature(sig);
                self.push(p);
            }
            Block::Note(para) => {
                let p = self.para(para, STYLE_NOTE, Align::Justify, false);
                self.push(p);
            }
            Block::PageBreak => {
                let p = self.paragraph().add_run(Run::new().add_break(BreakType::Page));
                self.push(p);
            }
        }
    }

    fn push(&mut self, p: Paragraph) {
        self.docx = self.docx.take().map(|d| d.add_paragraph(p));
    }

    /// A body paragraph: Body (justified, indented) or Normal/Small, by what the tree asks.
    fn text_para(&mut self, para: &Para) -> Paragraph {
        match (para.size, para.indent) {
            (Size::Normal, true) => self.para(para, STYLE_BODY, Align::Justify, true),
            (Size::Normal, false) => self.para(para, STYLE_NORMAL, Align::Left, false),
            (Size::Small, indent) => self.para_indent(para, STYLE_SMALL, Align::Left, false, indent),
        }
    }

    /// `style` gives alignment `natural` and (if `indented`) the first-line indent; anything else
    /// the paragraph asks for is set on the paragraph.
    fn para(&mut self, para: &Para, style: &str, natural: Align, indented: bool) -> Paragraph {
        self.para_indent(para, style, natural, indented, para.indent)
    }

    fn para_indent(&mut self, para: &Para, style: &str, natural: Align, indented: bool, indent: bool) -> Paragraph {
        let mut p = self.paragraph().style(style);
        if para.align != natural {
            p = p.align(alignment(para.align));
        }
        if indent != indented {
            let first = if indent { FIRST_LINE } else { 0 };
            p = p.indent(None, Some(SpecialIndentType::FirstLine(first)), None, None);
        }
        add_spans(p, &para.spans)
    }

    fn list(&mut self, list: &List) {
        let num = self.next_num;
        self.next_num += 1;
        let (abstract_id, numbering) = match list.style {
            ListStyle::Numbered => (ABSTRACT_DECIMAL, true),
            ListStyle::Bulleted => (ABSTRACT_DASH, false),
        };
        let mut instance = Numbering::new(num, abstract_id);
        if numbering {
            instance = instance.add_override(LevelOverride::new(0).start(list.start as usize));
        }
        self.docx = self.docx.take().map(|d| d.add_numbering(instance));
        for item in &list.items {
            let style = if item.size == Size::Small { STYLE_SMALL } else { STYLE_LIST };
            let natural = if item.size == Size::Small { Align::Left } else { Align::Justify };
            // The level's own indent (first line 12.5 mm) stands for `indent`.
            let p = self.para_indent(item, style, natural, false, false);
            let p = p.numbering(NumberingId::new(num), IndentLevel::new(0));
            self.push(p);
        }
    }

    fn table(&mut self, table: &Table) {
        if !emitted(table) {
            return;
        }
        let columns = columns(table);
        let grid = scale_widths(&table.widths, columns);
        let mut rows = Vec::with_capacity(table.rows.len());
        for (r, row) in table.rows.iter().enumerate() {
            let role = if table.header && r == 0 { Role::TableHeader } else { Role::TableCell };
            let mut cells = Vec::with_capacity(columns);
            for (c, width) in grid.iter().enumerate() {
                let mut cell = TableCell::new().width(*width, WidthType::Dxa);
                let paras = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                // A cell must hold a paragraph: docx-rs would add one with a duplicate paraId.
                if paras.is_empty() {
                    cell = cell.add_paragraph(self.paragraph().style(STYLE_SMALL));
                }
                for para in paras {
                    // The style sheet's bold roles (header cells), as in the PDF.
                    let bold;
                    let para = if style::bold(role) {
                        bold = Para {
                            spans: para.spans.iter().map(|s| Span { bold: true, ..s.clone() }).collect(),
                            ..para.clone()
                        };
                        &bold
                    } else {
                        para
                    };
                    let p = match para.size {
                        Size::Small => self.para(para, STYLE_SMALL, Align::Left, false),
                        Size::Normal => self.para(para, STYLE_NORMAL, Align::Left, false),
                    };
                    cell = cell.add_paragraph(p);
                }
                cells.push(cell);
            }
            rows.push(TableRow::new(cells));
        }
        let t = if table.borders { docx_rs::Table::new(rows) } else { docx_rs::Table::without_borders(rows) };
        let total: usize = grid.iter().sum();
        let t = t.set_grid(grid).width(total, WidthType::Dxa).layout(docx_rs::TableLayoutType::Fixed);
        self.docx = self.docx.take().map(|d| d.add_table(t));
    }

    /// `label`, an underlined tab to the end of the signature line, a tab, `name` at the margin.
    fn signature(&mut self, sig: &Signature) -> Paragraph {
        self.paragraph()
            .style(STYLE_SIGNATURE)
            .add_run(Run::new().add_text(sig.label.as_str()))
            .add_run(Run::new().add_tab().underline("single"))
            .add_run(Run::new().add_tab().add_text(sig.name.as_str()))
    }
}

fn columns(table: &Table) -> usize {
    table.rows.iter().map(Vec::len).max().unwrap_or(0).max(table.widths.len())
}

/// A table without rows or columns is left out: Word rejects `w:tbl` without `w:tr` and `w:tr`
/// without `w:tc`.
fn emitted(table: &Table) -> bool {
    !table.rows.is_empty() && columns(table) > 0
}

/// Relative widths → twips summing to the text width (the last column takes the rounding).
fn scale_widths(widths: &[u32], columns: usize) -> Vec<usize> {
    if columns == 0 {
        return Vec::new();
    }
    let rel: Vec<u64> = (0..columns).map(|i| u64::from(widths.get(i).copied().unwrap_or(1).max(1))).collect();
    let sum: u64 = rel.iter().sum();
    let total = u64::from(TEXT_WIDTH);
    let mut out: Vec<usize> = rel.iter().map(|w| (w * total / sum) as usize).collect();
    let used: usize = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += total as usize - used;
    }
    out
}

fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        Align::Justify => AlignmentType::Both,
    }
}

/// Runs for the spans; a line feed inside a span becomes a line break.
fn add_spans(mut p: Paragraph, spans: &[Span]) -> Paragraph {
    for span in spans {
        let mut run = Run::new();
        for (i, line) in span.text.split('\n').enumerate() {
            if i > 0 {
                run = run.add_break(BreakType::TextWrapping);
            }
            if !line.is_empty() {
                run = run.add_text(line);
            }
        }
        if span.bold {
            run = run.bold();
        }
        if span.italic {
            run = run.italic();
        }
        p = p.add_run(run);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_style_sheet_in_word_units() {
        assert_eq!((PAGE_WIDTH, PAGE_HEIGHT), (11906, 16838), "A4");
        assert_eq!((MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM), (1701, 850, 1134, 1134));
        assert_eq!((FOOTER_DISTANCE, FIRST_LINE, LIST_INDENT), (567, 709, 425));
        assert_eq!((SIZE_NORMAL, SIZE_SMALL, LINE), (28, 22, 276));
    }

    #[test]
    fn header_rows_repeat() {
        let xml = "<w:body><w:tbl><w:tr><w:trPr /></w:tr><w:tr><w:trPr /></w:tr></w:tbl><w:tbl><w:tr><w:trPr /></w:tr></w:tbl></w:body>";
        let out = repeat_headers(xml, &[false, true]).unwrap();
        assert_eq!(
            out,
            "<w:body><w:tbl><w:tr><w:trPr /></w:tr><w:tr><w:trPr /></w:tr></w:tbl><w:tbl><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr></w:tbl></w:body>"
        );
    }

    #[test]
    fn grid_columns_have_no_type() {
        let xml = r#"<w:tblGrid><w:gridCol w:w="5262" w:type="dxa" /><w:gridCol w:w="1" w:type="dxa" /></w:tblGrid><w:tcW w:w="1" w:type="dxa" />"#;
        assert_eq!(
            grid_columns(xml).unwrap(),
            r#"<w:tblGrid><w:gridCol w:w="5262" /><w:gridCol w:w="1" /></w:tblGrid><w:tcW w:w="1" w:type="dxa" />"#
        );
    }

    #[test]
    fn output_a_fix_up_does_not_expect_is_an_error_not_a_panic() {
        let err = repeat_headers("<w:body><w:tbl><w:tr><w:trPr><w:jc /></w:trPr></w:tr></w:tbl></w:body>", &[true]);
        assert_eq!(err.unwrap_err().what, "no empty w:trPr in a header row");
        let err = repeat_headers("<w:body></w:body>", &[false]).unwrap_err();
        assert!(err.to_string().contains("repeat_headers") && err.to_string().contains("src/docx/"), "{err}");
        assert_eq!(grid_columns("<w:gridCol w:w=\"1\">").unwrap_err().fixup, "grid_columns");
    }

    #[test]
    fn empty_tables_are_left_out() {
        let fonts = crate::fonts::FontSet::embedded();
        let empty = |rows: Vec<Vec<Vec<Para>>>, widths: Vec<u32>| {
            Block::Table(Table { widths, borders: true, header: true, rows })
        };
        let doc = Document {
            meta: crate::doc::Meta::default(),
            blocks: vec![empty(vec![], vec![1]), empty(vec![vec![]], vec![]), empty(vec![vec![vec![]]], vec![])],
        };
        let (xml, _) = parts(&doc, &fonts.family).unwrap();
        let xml = String::from_utf8(xml).unwrap();
        assert_eq!(xml.matches("<w:tbl>").count(), 1, "{xml}");
        assert!(xml.contains("<w:tblHeader />"));
    }

    #[test]
    fn soft_hyphens_become_optional_hyphens_between_text_elements() {
        let fonts = crate::fonts::FontSet::embedded();
        let text = "Ұйым\u{AD}дас\u{AD}тыру жұмысы";
        let doc = Document {
            meta: crate::doc::Meta::default(),
            blocks: vec![Block::Paragraph(Para {
                align: Align::Justify,
                indent: true,
                size: crate::doc::Size::Normal,
                spans: vec![crate::doc::Span::plain(text)],
            })],
        };
        let (xml, _) = parts(&doc, &fonts.family).expect("docx-rs output as the fix-ups expect");
        let xml = String::from_utf8(xml).unwrap();
        assert!(!xml.contains('\u{AD}'), "{xml}");
        assert!(
            xml.contains(r#"<w:t xml:space="preserve">Ұйым</w:t><w:softHyphen /><w:t xml:space="preserve">дас</w:t><w:softHyphen /><w:t xml:space="preserve">тыру жұмысы</w:t>"#),
            "{xml}"
        );
        assert_eq!(soft_hyphens("<w:t>no change</w:t>".to_string()), "<w:t>no change</w:t>");
    }

    #[test]
    fn widths_fill_the_text_width() {
        let w = scale_widths(&[1, 2], 2);
        assert_eq!(w.iter().sum::<usize>(), TEXT_WIDTH as usize);
        assert!(w[1] > w[0]);
        assert_eq!(scale_widths(&[], 3).len(), 3);
    }
}
