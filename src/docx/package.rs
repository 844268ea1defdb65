//! The zip package: docx-rs's parts, patched where docx-rs falls short, compressed in a fixed
//! order with a fixed timestamp.
//!
//! Only three parts differ between documents: `word/document.xml`, `word/numbering.xml` and
//! `docProps/core.xml`. Everything else is the same for a given font: the reviewed part files
//! of `src/docx/parts/` (content types, relationships, settings, footers), `styles.xml` from the
//! style sheet, and the font table with the obfuscated fonts. `Template::new` compresses them
//! once per batch into a small zip, and `Template::write` copies those entries raw (no
//! decompression, no recompression) around the three fresh ones.

use super::archive::{self, Entry};
use super::build::{self, Fixup};
use super::font::FontPart;
use crate::doc::Meta;
use sha2::{Digest, Sha256};

/// Deflate level of the shared parts, compressed once per batch. (Zopfli, tried through the
/// zip crate, saved only 1.6 % of the font parts for 1.9 s per batch.)
const TEMPLATE_LEVEL: u32 = 9;

const CORE: &str = "docProps/core.xml";
const DOCUMENT: &str = "word/document.xml";
const NUMBERING: &str = "word/numbering.xml";

/// The shared parts, compressed, in package order.
#[derive(Debug, Clone)]
pub struct Template {
    entries: Vec<Entry>,
    /// Per entry: the fresh parts to write right after it.
    after: Vec<&'static [&'static str]>,
}

/// One shared part that is data, not code: a reviewed file in `src/docx/parts/`, indented for
/// reading and stored without the indentation (see [`compact`]).
struct Fixed {
    name: &'static str,
    xml: &'static str,
}

/// The parts that depend on nothing: what docx-rs wrote for them, with our changes applied once
/// and reviewed (no comment, custom-property or image parts; `obfuscatedFont` declared;
/// `embedTrueTypeFonts` in schema order in the settings). `styles.xml` is not among them: it
/// is built from the style sheet (`doc::style`), the one source of sizes and spacing; nor is
/// the font table, which names the batch's font and its keys.
const CONTENT_TYPES: Fixed = Fixed { name: "[Content_Types].xml", xml: include_str!("parts/content-types.xml") };
const PACKAGE_RELS: Fixed = Fixed { name: "_rels/.rels", xml: include_str!("parts/package.rels") };
const APP: Fixed = Fixed { name: "docProps/app.xml", xml: include_str!("parts/app.xml") };
const DOCUMENT_RELS: Fixed =
    Fixed { name: "word/_rels/document.xml.rels", xml: include_str!("parts/document.xml.rels") };
/// `defaultTabStop` is the style sheet's first-line indent (a test holds them together).
const SETTINGS: Fixed = Fixed { name: "word/settings.xml", xml: include_str!("parts/settings.xml") };
/// Page numbers from page 2 (`build::document` refers to both footers by these ids).
const FOOTER: Fixed = Fixed { name: "word/footer1.xml", xml: include_str!("parts/footer-numbered.xml") };
const FOOTER_TITLE_PAGE: Fixed = Fixed { name: "word/footer2.xml", xml: include_str!("parts/footer-title-page.xml") };

/// A part file without the line breaks and indentation it has for review: the files break
/// lines only between tags, so this gives the bytes docx-rs would write.
fn compact(xml: &str) -> String {
    xml.lines().map(str::trim_start).collect()
}

impl Template {
    pub fn new(family: &str, fonts: &[Option<FontPart>; 4]) -> Result<Template, super::Error> {
        let mut t = Template { entries: Vec::new(), after: Vec::new() };
        for part in [CONTENT_TYPES, PACKAGE_RELS] {
            t.push(part.name, compact(part.xml).as_bytes(), &[]);
        }
        t.push(APP.name, compact(APP.xml).as_bytes(), &[CORE, DOCUMENT]);
        t.push(DOCUMENT_RELS.name, compact(DOCUMENT_RELS.xml).as_bytes(), &[]);
        t.push("word/styles.xml", styles(family)?.as_bytes(), &[NUMBERING]);
        t.push(SETTINGS.name, compact(SETTINGS.xml).as_bytes(), &[]);
        t.push("word/fontTable.xml", font_table(family, fonts).as_bytes(), &[]);
        for part in [FOOTER, FOOTER_TITLE_PAGE] {
            t.push(part.name, compact(part.xml).as_bytes(), &[]);
        }
        t.push("word/_rels/fontTable.xml.rels", font_rels(fonts).as_bytes(), &[]);
        for (i, part) in fonts.iter().enumerate().filter_map(|(i, p)| Some((i, p.as_ref()?))) {
            t.push(&format!("word/fonts/font{}.odttf", i + 1), &part.odttf, &[]);
        }
        Ok(t)
    }

    fn push(&mut self, name: &str, data: &[u8], after: &'static [&'static str]) {
        self.entries.push(Entry::deflate(name.to_string(), data, TEMPLATE_LEVEL));
        self.after.push(after);
    }

    /// Name, size and compressed size of each shared entry (for benches and reports).
    pub fn entries(&self) -> Vec<(String, u64, u64)> {
        self.entries.iter().map(|e| (e.name.clone(), u64::from(e.size), e.data.len() as u64)).collect()
    }

    /// The package for one document, given its three fresh parts.
    pub fn write(&self, meta: &Meta, document: &[u8], numbering: &[u8]) -> Vec<u8> {
        let core = archive::deflate_fresh(CORE, core_xml(meta).as_bytes());
        let document = archive::deflate_fresh(DOCUMENT, document);
        let numbering = archive::deflate_fresh(NUMBERING, numbering);
        let mut order: Vec<&Entry> = Vec::with_capacity(self.entries.len() + 3);
        let mut capacity = 22;
        for (entry, after) in self.entries.iter().zip(&self.after) {
            order.push(entry);
            for &name in *after {
                order.push(match name {
                    CORE => &core,
                    DOCUMENT => &document,
                    _ => &numbering,
                });
            }
        }
        for e in &order {
            capacity += e.data.len() + 2 * e.name.len() + 76;
        }
        archive::write(&order, capacity)
    }
}

/// `styles.xml`: docx-rs's, from the style sheet, with what docx-rs cannot write. The text is
/// Kazakh (docDefaults `w:lang`), and our Normal is the one default paragraph style: docx-rs
/// always writes an empty Normal of its own before the added styles. Then schema order.
fn styles(family: &str) -> Result<String, super::Error> {
    let fixup = |what| super::Error::Fixup(Fixup { fixup: "styles", what });
    let text = String::from_utf8(build::base(family).build().styles).map_err(|_| fixup("XML that is not UTF-8"))?;
    let lang = r#"<w:lang w:val="kk-KZ" w:eastAsia="kk-KZ" w:bidi="kk-KZ" />"#;
    let start = text.find("<w:rPrDefault>").ok_or(fixup("no w:rPrDefault"))?;
    let rpr_end = start + text[start..].find("</w:rPr>").ok_or(fixup("no w:rPr in w:rPrDefault"))?;
    let mut out = format!("{}{}{}", &text[..rpr_end], lang, &text[rpr_end..]);
    let builtin = r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>"#;
    out = out.replacen(builtin, "", 1);
    let normal = r#"w:styleId="Normal""#;
    let at = out.find(normal).ok_or(fixup("no Normal style"))?;
    out.insert_str(at, r#"w:default="1" "#);
    if out.matches(normal).count() != 1 {
        return Err(fixup("a second Normal style (docx-rs's own was not recognised)"));
    }
    Ok(super::order::canonical("word/styles.xml", &out)?)
}

fn font_table(family: &str, fonts: &[Option<FontPart>; 4]) -> String {
    let family = escape(family);
    let embeds = ["embedRegular", "embedBold", "embedItalic", "embedBoldItalic"]
        .iter()
        .zip(fonts)
        .enumerate()
        .filter_map(|(i, (el, part))| {
            Some(format!(r#"<w:{el} r:id="rId{}" w:fontKey="{}"/>"#, i + 1, part.as_ref()?.key))
        })
        .collect::<String>();
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
            r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
            r#"<w:font w:name="{family}"><w:charset w:val="CC"/><w:family w:val="roman"/>"#,
            r#"<w:pitch w:val="variable"/>{embeds}</w:font></w:fonts>"#
        ),
        family = family,
        embeds = embeds
    )
}

fn font_rels(fonts: &[Option<FontPart>; 4]) -> String {
    let rels: String = (1..=4)
        .filter(|i| fonts[i - 1].is_some())
        .map(|i| {
            format!(
                r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/font" Target="fonts/font{i}.odttf"/>"#
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    )
}

/// Title, author (the organisation), subject, language and an identifier hashed from the
/// document's identity; no dates, so no clock (STYLE.md §6).
fn core_xml(meta: &Meta) -> String {
    let id: String = Sha256::digest(meta.identity.as_bytes())[..16].iter().map(|b| format!("{b:02x}")).collect();
    let lang = if meta.lang.is_empty() { "kk-KZ" } else { meta.lang.as_str() };
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{author}</dc:creator>",
            "<dc:identifier>urn:lauazym:{id}</dc:identifier><dc:language>{lang}</dc:language>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision></cp:coreProperties>"
        ),
        title = escape(&meta.title),
        subject = escape(&meta.subject),
        author = escape(&meta.author),
        id = id,
        lang = escape(lang),
    )
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_default_normal_style() {
        let fonts = crate::fonts::FontSet::embedded();
        let out = styles(&fonts.family).unwrap();
        assert_eq!(out.matches(r#"w:styleId="Normal""#).count(), 1, "{out}");
        assert!(out.contains(r#"w:default="1" w:styleId="Normal"><w:name w:val="Normal" />"#), "{out}");
        assert!(out.contains(r#"<w:lang w:val="kk-KZ""#));
    }

    const FIXED: [Fixed; 7] = [CONTENT_TYPES, PACKAGE_RELS, APP, DOCUMENT_RELS, SETTINGS, FOOTER, FOOTER_TITLE_PAGE];

    #[test]
    fn the_part_files_are_well_formed_in_schema_order_and_broken_only_between_tags() {
        for part in FIXED {
            let xml = compact(part.xml);
            let mut reader = quick_xml::Reader::from_str(&xml);
            let mut depth = 0i32;
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                    Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("{}: {e} at {}", part.name, reader.error_position()),
                }
            }
            assert_eq!(depth, 0, "{}", part.name);
            assert_eq!(super::super::order::canonical(part.name, &xml).unwrap(), xml, "{} in schema order", part.name);
            for line in part.xml.lines() {
                let line = line.trim_start();
                assert!(line.starts_with('<') && line.ends_with('>'), "{}: {line}", part.name);
            }
        }
        let settings = compact(SETTINGS.xml);
        let at = |el: &str| settings.find(el).unwrap_or_else(|| panic!("{el}"));
        assert!(
            at("<w:zoom") < at("<w:embedTrueTypeFonts/>") && at("<w:embedTrueTypeFonts/>") < at("<w:defaultTabStop")
        );
        assert!(at("<w:defaultTabStop") < at("<w:compat>"));
    }

    #[test]
    fn the_tab_stop_is_the_first_line_indent_of_the_style_sheet() {
        let twips = build::FIRST_LINE;
        assert!(compact(SETTINGS.xml).contains(&format!(r#"<w:defaultTabStop w:val="{twips}" />"#)), "{twips}");
    }

    #[test]
    fn every_relationship_a_document_refers_to_is_declared() {
        let fonts = crate::fonts::FontSet::embedded();
        let (document, _) = build::parts(&super::super::tests::sample(), &fonts.family).unwrap();
        let document = String::from_utf8(document).unwrap();
        let rels = compact(DOCUMENT_RELS.xml);
        let ids: Vec<&str> = document.split(r#"r:id=""#).skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
        assert!(ids.len() >= 2, "the two footers: {ids:?}");
        for id in ids {
            assert!(rels.contains(&format!(r#"Id="{id}""#)), "{id} not in document.xml.rels");
        }
        // The footer with the page number is the default one; the title page's is empty.
        assert!(compact(FOOTER.xml).contains("<w:instrText>PAGE</w:instrText>"));
        assert!(!compact(FOOTER_TITLE_PAGE.xml).contains("PAGE"));
    }

    #[test]
    fn core_properties_are_escaped() {
        let meta = Meta {
            title: "A & B <c>".into(),
            author: "«Ұйым»".into(),
            subject: String::new(),
            lang: "kk-KZ".into(),
            identity: "x".into(),
        };
        let xml = core_xml(&meta);
        assert!(xml.contains("<dc:title>A &amp; B &lt;c&gt;</dc:title>"));
        assert!(xml.contains("<dc:creator>«Ұйым»</dc:creator>"));
    }
}
