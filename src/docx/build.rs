//! Document tree → `docx_rs::Docx`: page setup, styles, numbering, tables, footer.
//!
//! Formatting lives in named styles (Normal, Body, Small, Note, Heading1/2, ListItem); paragraphs
//! carry only a style id, plus an alignment or indent where the tree asks for something the
//! style does not give. Paragraph ids are numbered here from 1 per document instead of coming
//! from docx-rs's per-thread counter, so the bytes never depend on what a thread built before.

use crate::doc::{Align, Block, Document, List, ListStyle, Para, Signature, Size, Span, Table};
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Footer, IndentLevel, Level, LevelJc, LevelOverride,
    LevelSuffixType, LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Start, Style, StyleType, Tab, TabValueType, TableCell, TableRow, WidthType,
};

/// A4 in twentieths of a point.
pub const PAGE_WIDTH: u32 = 11906;
pub const PAGE_HEIGHT: u32 = 16838;
/// 30 mm left, 15 mm right, 20 mm top and bottom (DOMAIN.md, conventions of official documents).
pub const MARGIN_LEFT: i32 = 1701;
pub const MARGIN_RIGHT: i32 = 850;
pub const MARGIN_TOP: i32 = 1134;
pub const MARGIN_BOTTOM: i32 = 1134;
/// Distance of the footer (page number) from the page edge: 10 mm.
const FOOTER_DISTANCE: i32 = 567;
/// Width between the margins.
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT as u32 - MARGIN_RIGHT as u32;
/// First-line indent of body text: 12.5 mm.
pub const FIRST_LINE: i32 = 709;

/// Half-points.
const SIZE_NORMAL: usize = 28;
const SIZE_SMALL: usize = 22;

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
    // 1.15 lines, as the PDF writer sets them, so both formats paginate alike.
    let single = LineSpacing::new().before(0).after(0).line(276);
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
        .line_spacing(LineSpacing::new().after(120));
    let mut h1 = para(STYLE_HEADING1, "heading 1")
        .based_on(STYLE_NORMAL)
        .next(STYLE_BODY)
        .bold()
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(240).after(120))
        .outline_lvl(0);
    h1.paragraph_property = h1.paragraph_property.keep_next(true);
    let mut h2 = para(STYLE_HEADING2, "heading 2")
        .based_on(STYLE_NORMAL)
        .next(STYLE_BODY)
        .bold()
        .line_spacing(LineSpacing::new().before(120).after(60))
        .outline_lvl(1);
    h2.paragraph_property = h2.paragraph_property.keep_next(true);
    let list = para(STYLE_LIST, "List Paragraph").based_on(STYLE_NORMAL).align(AlignmentType::Both);
    let mut signature = para(STYLE_SIGNATURE, "Signature").based_on(STYLE_NORMAL);
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

/// One-level list definitions: "1)" then the text after a space, first line indented like body
/// text and the following lines at the margin, as Kazakh official documents number sub-points.
/// Hanging indent of list items (7.5 mm), room for "10)".
const LIST_INDENT: i32 = 425;

fn list_level(id: usize, format: &str, text: &str) -> AbstractNumbering {
    let level = Level::new(0, Start::new(1), NumberFormat::new(format), LevelText::new(text), LevelJc::new("left"))
        // A hanging indent, as the PDF writer lays lists out: the text wraps under the text,
        // not under the number.
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
pub fn parts(doc: &Document, family: &str) -> (Vec<u8>, Vec<u8>) {
    use docx_rs::BuildXML;
    let docx = document(doc, family);
    let mut xml = docx.document.build();
    let headers: Vec<bool> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) if emitted(t) => Some(t.header),
            _ => None,
        })
        .collect();
    if headers.contains(&true) {
        xml = repeat_headers(&xml, &headers);
    }
    if !headers.is_empty() {
        xml = grid_columns(&xml);
    }
    let canonical =
        |xml: Vec<u8>| super::order::canonical(std::str::from_utf8(&xml).expect("docx-rs writes UTF-8")).into_bytes();
    (canonical(xml), canonical(docx.numberings.build()))
}

/// docx-rs writes `<w:gridCol w:w="…" w:type="dxa" />`, but a grid column has no `w:type`
/// (CT_TblGridCol: only `w:w`, always twips); drop the attribute so strict readers accept it.
pub(super) fn grid_columns(xml: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(xml).expect("docx-rs writes UTF-8");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<w:gridCol ") {
        let end = at + rest[at..].find("/>").expect("empty element") + 2;
        out.push_str(&rest[..at]);
        out.push_str(&rest[at..end].replace(r#" w:type="dxa""#, ""));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// docx-rs cannot mark a header row: give the first row of each table flagged in `headers`
/// (top-level tables in document order) `w:tblHeader`, so Word and LibreOffice repeat it on
/// each page, as the PDF writer does.
pub(super) fn repeat_headers(xml: &[u8], headers: &[bool]) -> Vec<u8> {
    let text = std::str::from_utf8(xml).expect("docx-rs writes UTF-8");
    let mut out = String::with_capacity(text.len() + 64 * headers.len());
    let mut rest = text;
    for &header in headers {
        let Some(at) = rest.find("<w:tbl>") else { break };
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        rest = after;
        if header {
            let empty = "<w:trPr />";
            if let Some(tr) = rest.find(empty) {
                out.push_str(&rest[..tr]);
                out.push_str("<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>");
                rest = &rest[tr + empty.len()..];
            }
        }
        out.push_str(&rest[..7]);
        rest = &rest[7..];
    }
    out.push_str(rest);
    out.into_bytes()
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
            let header = table.header && r == 0;
            let mut cells = Vec::with_capacity(columns);
            for (c, width) in grid.iter().enumerate() {
                let mut cell = TableCell::new().width(*width, WidthType::Dxa);
                let paras = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                // A cell must hold a paragraph: docx-rs would add one with a duplicate paraId.
                if paras.is_empty() {
                    cell = cell.add_paragraph(self.paragraph().style(STYLE_SMALL));
                }
                for para in paras {
                    // Header cells are bold, as in the PDF.
                    let bold;
                    let para = if header {
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
    fn header_rows_repeat() {
        let xml = b"<w:body><w:tbl><w:tr><w:trPr /></w:tr><w:tr><w:trPr /></w:tr></w:tbl><w:tbl><w:tr><w:trPr /></w:tr></w:tbl></w:body>";
        let out = String::from_utf8(repeat_headers(xml, &[false, true])).unwrap();
        assert_eq!(
            out,
            "<w:body><w:tbl><w:tr><w:trPr /></w:tr><w:tr><w:trPr /></w:tr></w:tbl><w:tbl><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr></w:tbl></w:body>"
        );
    }

    #[test]
    fn grid_columns_have_no_type() {
        let xml = br#"<w:tblGrid><w:gridCol w:w="5262" w:type="dxa" /><w:gridCol w:w="1" w:type="dxa" /></w:tblGrid><w:tcW w:w="1" w:type="dxa" />"#;
        assert_eq!(
            String::from_utf8(grid_columns(xml)).unwrap(),
            r#"<w:tblGrid><w:gridCol w:w="5262" /><w:gridCol w:w="1" /></w:tblGrid><w:tcW w:w="1" w:type="dxa" />"#
        );
    }

    #[test]
    fn empty_tables_are_left_out() {
        let fonts = crate::fonts::FontSet::embedded();
        let empty = |rows: Vec<Vec<Vec<Para>>>, widths: Vec<u32>| {
            Block::Table(Table { widths, borders: true, header: true, rows })
        };
        let doc = Document {
            meta: crate::doc::Meta {
                title: String::new(),
                author: String::new(),
                subject: String::new(),
                lang: String::new(),
                identity: String::new(),
            },
            blocks: vec![empty(vec![], vec![1]), empty(vec![vec![]], vec![]), empty(vec![vec![vec![]]], vec![])],
        };
        let (xml, _) = parts(&doc, &fonts.family);
        let xml = String::from_utf8(xml).unwrap();
        assert_eq!(xml.matches("<w:tbl>").count(), 1, "{xml}");
        assert!(xml.contains("<w:tblHeader />"));
    }

    #[test]
    fn widths_fill_the_text_width() {
        let w = scale_widths(&[1, 2], 2);
        assert_eq!(w.iter().sum::<usize>(), TEXT_WIDTH as usize);
        assert!(w[1] > w[0]);
        assert_eq!(scale_widths(&[], 3).len(), 3);
    }
}
