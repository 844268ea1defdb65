//! The small markup that templates render, parsed into the document tree.
//!
//! Why not HTML: law text is full of quotes, «», `(`, `;` and `№`, and HTML escaping would make
//! every template reader think about entities. This markup is line-based and has only four special
//! characters (`\ * / :`), which `escape` neutralises in every value a template inserts:
//!
//! ```text
//! ::h1 center              heading (level 1 or 2), content = following lines joined by a space
//! ::p justify indent       paragraph: left|center|right|justify, `indent`, `small`
//! ::note                   small provenance note
//! ::list numbered 3        one item per line (numbered from 3) — or `::list bulleted`
//! ::table 40,60 borders header
//! ::row
//! ::cell                   a cell holds `::p` blocks (or plain lines = one paragraph each)
//! ::end                    closes the table
//! ::signature              line 1 = label, line 2 = name
//! ::pagebreak
//! ```
//! Inline: `**bold**` and `//italic//`. Blank lines are ignored, so templates can breathe.
//! Errors name the line of the *rendered* markup and the template that produced it.

use super::{Align, Block, List, ListStyle, Para, Signature, Size, Span, Table};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("template {template}: rendered line {line}: {what}: `{text}`")]
pub struct Error {
    pub template: String,
    pub line: usize,
    pub text: String,
    pub what: String,
}

/// Escape a value so that it reads back as exactly its text: backslash the special characters,
/// and fold line breaks into spaces (a value can never start a directive or a new item).
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '\\' | '*' | '/' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Parse inline markup into spans.
fn inline(text: &str) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    let flush = |cur: &mut String, spans: &mut Vec<Span>, bold: bool, italic: bool| {
        if cur.is_empty() {
            return;
        }
        match spans.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(cur),
            _ => spans.push(Span { text: cur.clone(), bold, italic }),
        }
        cur.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                flush(&mut cur, &mut spans, bold, italic);
                bold = !bold;
            }
            '/' if chars.peek() == Some(&'/') => {
                chars.next();
                flush(&mut cur, &mut spans, bold, italic);
                italic = !italic;
            }
            _ => cur.push(c),
        }
    }
    flush(&mut cur, &mut spans, bold, italic);
    spans
}

/// Collapse runs of spaces inside a paragraph (templates indent for readability). A line that
/// starts with closing punctuation joins without a space, so a partial that ends its line can be
/// followed by the sentence's full stop.
fn join_lines(lines: &[&str]) -> String {
    let mut s = String::new();
    for l in lines {
        for (i, w) in l.split(' ').filter(|w| !w.is_empty()).enumerate() {
            let glue = i == 0 && w.starts_with(['.', ',', ';', ':', ')', '»']);
            if !s.is_empty() && !glue {
                s.push(' ');
            }
            s.push_str(w);
        }
    }
    s
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Heading(u8),
    Para,
    Note,
    List(ListStyle, u32),
    Signature,
}

struct Open<'a> {
    kind: Kind,
    align: Align,
    indent: bool,
    size: Size,
    line: usize,
    lines: Vec<&'a str>,
}

struct TableBuild {
    table: Table,
    line: usize,
}

/// Parse rendered markup. `template` names the template in errors.
pub fn parse(template: &str, src: &str) -> Result<Vec<Block>, Error> {
    let err = |line: usize, text: &str, what: &str| Error {
        template: template.to_string(),
        line,
        text: text.trim().to_string(),
        what: what.to_string(),
    };
    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<Open> = None;
    let mut table: Option<TableBuild> = None;

    // Close the open block, pushing it into the current table cell or the document.
    let close =
        |open: &mut Option<Open>, table: &mut Option<TableBuild>, blocks: &mut Vec<Block>| -> Result<(), Error> {
            let Some(o) = open.take() else { return Ok(()) };
            let para = |align, indent, size, text: &str| Para { align, indent, size, spans: inline(text) };
            if let Some(t) = table.as_mut() {
                let cell = t.table.rows.last_mut().and_then(|r| r.last_mut()).ok_or_else(|| {
                    err(o.line, o.lines.first().copied().unwrap_or(""), "text inside a table must be in a ::cell")
                })?;
                match o.kind {
                    Kind::Para | Kind::Note => cell.push(para(o.align, o.indent, o.size, &join_lines(&o.lines))),
                    _ => return Err(err(o.line, "", "only ::p may stand in a table cell")),
                }
                return Ok(());
            }
            let block = match o.kind {
                Kind::Heading(level) => {
                    Block::Heading { level, para: para(o.align, false, Size::Normal, &join_lines(&o.lines)) }
                }
                Kind::Para => Block::Paragraph(para(o.align, o.indent, o.size, &join_lines(&o.lines))),
                Kind::Note => Block::Note(para(o.align, false, Size::Small, &join_lines(&o.lines))),
                Kind::List(style, start) => Block::List(List {
                    style,
                    start,
                    items: o
                        .lines
                        .iter()
                        .map(|l| l.trim())
                        .filter(|l| !l.is_empty())
                        .map(|l| para(o.align, false, o.size, l))
                        .collect(),
                }),
                Kind::Signature => {
                    let text: Vec<String> =
                        o.lines.iter().map(|l| join_lines(&[l])).filter(|l| !l.is_empty()).collect();
                    if text.len() > 2 {
                        return Err(err(o.line, &text.join(" / "), "a ::signature has a label line and a name line"));
                    }
                    let plain = |s: Option<&String>| {
                        s.map(|s| inline(s).into_iter().map(|sp| sp.text).collect()).unwrap_or_default()
                    };
                    Block::Signature(Signature { label: plain(text.first()), name: plain(text.get(1)) })
                }
            };
            // An empty heading or paragraph is a template with nothing to say: drop it, do not print a gap.
            let empty = match &block {
                Block::Heading { para, .. } | Block::Paragraph(para) | Block::Note(para) => para.spans.is_empty(),
                Block::List(l) => l.items.is_empty(),
                _ => false,
            };
            if !empty {
                blocks.push(block);
            }
            Ok(())
        };

    for (i, raw) in src.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let Some(directive) = trimmed.strip_prefix("::") else {
            match open.as_mut() {
                Some(o) => o.lines.push(trimmed),
                None if table.as_ref().is_some_and(|t| !t.table.rows.is_empty()) => {
                    // A plain line in a cell is a paragraph of its own.
                    open = Some(Open {
                        kind: Kind::Para,
                        align: Align::Left,
                        indent: false,
                        size: Size::Normal,
                        line,
                        lines: vec![trimmed],
                    });
                    close(&mut open, &mut table, &mut blocks)?;
                }
                None => return Err(err(line, raw, "text before any block directive (e.g. ::p)")),
            }
            continue;
        };
        close(&mut open, &mut table, &mut blocks)?;
        let mut words = directive.split_whitespace();
        let name = words.next().unwrap_or("");
        let args: Vec<&str> = words.collect();
        let mut align = Align::Justify;
        let mut indent = false;
        let mut size = Size::Normal;
        let mut numbers: Vec<u32> = Vec::new();
        let mut flags: Vec<&str> = Vec::new();
        for a in &args {
            match *a {
                "left" => align = Align::Left,
                "center" => align = Align::Center,
                "right" => align = Align::Right,
                "justify" => align = Align::Justify,
                "indent" => indent = true,
                "small" => size = Size::Small,
                "numbered" | "bulleted" | "borders" | "header" => flags.push(a),
                other => {
                    let parsed: Result<Vec<u32>, _> = other.split(',').map(str::parse::<u32>).collect();
                    match parsed {
                        Ok(n) => numbers.extend(n),
                        Err(_) => return Err(err(line, raw, &format!("unknown option `{other}` of ::{name}"))),
                    }
                }
            }
        }
        let mut start = |kind: Kind, default_align: Align| {
            let explicit = args.iter().any(|a| matches!(*a, "left" | "center" | "right" | "justify"));
            open = Some(Open {
                kind,
                align: if explicit { align } else { default_align },
                indent,
                size,
                line,
                lines: vec![],
            });
        };
        match name {
            "h1" => start(Kind::Heading(1), Align::Center),
            "h2" => start(Kind::Heading(2), Align::Left),
            "p" => start(Kind::Para, Align::Justify),
            "note" => start(Kind::Note, Align::Left),
            "signature" => start(Kind::Signature, Align::Left),
            "list" => {
                let style = if flags.contains(&"bulleted") { ListStyle::Bulleted } else { ListStyle::Numbered };
                start(Kind::List(style, numbers.first().copied().unwrap_or(1)), Align::Justify)
            }
            "pagebreak" => blocks.push(Block::PageBreak),
            "table" => {
                if table.is_some() {
                    return Err(err(line, raw, "a table inside a table"));
                }
                if numbers.is_empty() {
                    return Err(err(line, raw, "::table needs its column widths, e.g. ::table 40,60"));
                }
                table = Some(TableBuild {
                    table: Table {
                        widths: numbers.clone(),
                        borders: flags.contains(&"borders"),
                        header: flags.contains(&"header"),
                        rows: vec![],
                    },
                    line,
                });
            }
            "row" => match table.as_mut() {
                Some(t) => t.table.rows.push(vec![]),
                None => return Err(err(line, raw, "::row outside a ::table")),
            },
            "cell" => match table.as_mut().and_then(|t| t.table.rows.last_mut()) {
                Some(row) => row.push(vec![]),
                None => return Err(err(line, raw, "::cell outside a ::row")),
            },
            "end" => match table.take() {
                Some(t) => {
                    let cols = t.table.widths.len();
                    if let Some((r, row)) = t.table.rows.iter().enumerate().find(|(_, row)| row.len() != cols) {
                        return Err(err(
                            t.line,
                            "",
                            &format!("row {} has {} cells, the table has {cols} columns", r + 1, row.len()),
                        ));
                    }
                    blocks.push(Block::Table(t.table));
                }
                None => return Err(err(line, raw, "::end without a ::table")),
            },
            other => return Err(err(line, raw, &format!("unknown directive ::{other}"))),
        }
    }
    close(&mut open, &mut table, &mut blocks)?;
    if let Some(t) = table {
        return Err(err(t.line, "::table", "table not closed with ::end"));
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(src: &str) -> Block {
        let mut b = parse("t", src).unwrap();
        assert_eq!(b.len(), 1, "{b:?}");
        b.remove(0)
    }

    #[test]
    fn escaped_values_read_back_as_their_exact_text() {
        for value in [
            "«Үлгі» ЖШС",
            "\"Неке (ерлі-зайыптылық)\" туралы",
            "a < b & c > d",
            "2/3 **x** //y// \\z",
            "::h1 ұрлық",
            "Білуге тиіс:",
        ] {
            let src = format!("::p\n{}\n", escape(value));
            let Block::Paragraph(p) = one(&src) else { panic!() };
            assert_eq!(p.text(), value);
            assert!(p.spans.iter().all(|s| !s.bold && !s.italic), "{value}: {p:?}");
        }
    }

    #[test]
    fn a_value_with_a_line_break_cannot_open_a_directive() {
        let src = format!("::p\n{}\n", escape("бірінші\n::pagebreak"));
        assert_eq!(parse("t", &src).unwrap().len(), 1);
    }

    #[test]
    fn bold_and_italic_spans() {
        let Block::Paragraph(p) = one("::p\nМен **БЕКІТЕМІН** //қол//") else { panic!() };
        assert_eq!(p.spans.len(), 4);
        assert!(p.spans[1].bold && p.spans[1].text == "БЕКІТЕМІН");
        assert!(p.spans[3].italic);
    }

    #[test]
    fn paragraph_lines_join_with_single_spaces_and_default_alignments_apply() {
        assert_eq!(
            one("::p indent\n  бір   екі\n үш\n"),
            Block::Paragraph(Para {
                align: Align::Justify,
                indent: true,
                size: Size::Normal,
                spans: vec![Span::plain("бір екі үш")]
            })
        );
        let Block::Heading { level: 1, para } = one("::h1\nЛАУАЗЫМДЫҚ НҰСҚАУЛЫҚ") else { panic!() };
        assert_eq!(para.align, Align::Center);
    }

    #[test]
    fn a_line_of_closing_punctuation_joins_without_a_space() {
        let Block::Paragraph(p) = one("::p\nНегіздеме: бұйрық\n.\n") else { panic!() };
        assert_eq!(p.text(), "Негіздеме: бұйрық.");
    }

    #[test]
    fn lists_take_one_item_per_line() {
        let Block::List(l) = one("::list numbered 3\nбірінші\nекінші\n") else { panic!() };
        assert_eq!((l.style, l.start, l.items.len()), (ListStyle::Numbered, 3, 2));
    }

    #[test]
    fn tables_hold_paragraphs_in_cells() {
        let Block::Table(t) = one(
            "::table 50,50\n::row\n::cell\n::cell\n::p right\nБЕКІТЕМІН\nДиректор\n::p right\nА. Сапарова\n::end\n",
        ) else {
            panic!()
        };
        assert_eq!(t.widths, vec![50, 50]);
        assert!(t.rows[0][0].is_empty());
        assert_eq!(t.rows[0][1].len(), 2);
        assert_eq!(t.rows[0][1][0].text(), "БЕКІТЕМІН Директор");
        assert_eq!(t.rows[0][1][0].align, Align::Right);
    }

    #[test]
    fn errors_name_template_line_and_text() {
        let e = parse("job-description.hbs", "::p\nok\n::frobnicate\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.to_string().contains("job-description.hbs") && e.to_string().contains("::frobnicate"), "{e}");
        assert!(parse("t", "stray text").unwrap_err().what.contains("before any block"));
        assert!(parse("t", "::table 50,50\n::row\n::cell\n").unwrap_err().what.contains("not closed"));
        assert!(parse("t", "::table 50,50\n::row\n::cell\n::end\n").unwrap_err().what.contains("columns"));
        assert!(parse("t", "::row\n").is_err());
    }

    #[test]
    fn signature_has_label_and_name() {
        assert_eq!(
            one("::signature\nДиректор\nА. Сапарова\n"),
            Block::Signature(Signature { label: "Директор".into(), name: "А. Сапарова".into() })
        );
    }

    #[test]
    fn empty_paragraphs_are_dropped() {
        assert!(parse("t", "::p\n\n::h2\n").unwrap().is_empty());
    }
}
