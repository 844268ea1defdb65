//! The zip package: docx-rs's parts, patched where docx-rs falls short, compressed in a fixed
//! order with a fixed timestamp.
//!
//! Only three parts differ between documents: `word/document.xml`, `word/numbering.xml` and
//! `docProps/core.xml`. Everything else (styles, settings, font table, footers, the obfuscated
//! fonts) is the same for a given font, so `Template::new` builds, patches and compresses it
//! once per batch into a small zip, and `Template::write` copies those entries raw (no
//! decompression, no recompression) around the three fresh ones.

use super::archive::{self, Entry};
use super::build;
use super::font::FontPart;
use crate::doc::{Document, Meta};
use docx_rs::XMLDocx;
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

/// The parts every document shares, as docx-rs writes them (before our patches), in package
/// order. `document.xml`, `numbering.xml` and `core.xml` are left out.
pub fn shared_parts(xml: &XMLDocx) -> Vec<(String, Vec<u8>)> {
    let mut parts = vec![
        ("[Content_Types].xml".to_string(), xml.content_type.clone()),
        ("_rels/.rels".to_string(), xml.rels.clone()),
        ("docProps/app.xml".to_string(), xml.doc_props.app.clone()),
        ("word/_rels/document.xml.rels".to_string(), xml.document_rels.clone()),
        ("word/styles.xml".to_string(), xml.styles.clone()),
        ("word/settings.xml".to_string(), xml.settings.clone()),
        ("word/fontTable.xml".to_string(), xml.font_table.clone()),
    ];
    // Footer relationships list images only; we have none, so they are left out. So are the
    // empty comments, footnotes and custom properties (see `patch`).
    for (i, f) in xml.footers.iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), f.clone()));
    }
    parts
}

impl Template {
    pub fn new(family: &str, fonts: &[Option<FontPart>; 4]) -> Template {
        let empty = Document {
            meta: Meta {
                title: String::new(),
                author: String::new(),
                subject: String::new(),
                lang: String::new(),
                identity: String::new(),
            },
            blocks: Vec::new(),
        };
        let xml = build::document(&empty, family).build();
        let mut entries = Vec::new();
        let mut after: Vec<&'static [&'static str]> = Vec::new();
        for (name, data) in shared_parts(&xml) {
            let data = patch(&name, data, family, fonts);
            after.push(match name.as_str() {
                "docProps/app.xml" => &[CORE, DOCUMENT],
                "word/styles.xml" => &[NUMBERING],
                _ => &[],
            });
            entries.push(Entry::deflate(name, &data, TEMPLATE_LEVEL));
        }
        entries.push(Entry::deflate("word/_rels/fontTable.xml.rels", font_rels(fonts).as_bytes(), TEMPLATE_LEVEL));
        after.push(&[]);
        for (i, part) in fonts.iter().enumerate().filter_map(|(i, p)| Some((i, p.as_ref()?))) {
            entries.push(Entry::deflate(format!("word/fonts/font{}.odttf", i + 1), &part.odttf, TEMPLATE_LEVEL));
            after.push(&[]);
        }
        Template { entries, after }
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

/// Our changes to docx-rs's shared parts.
fn patch(name: &str, data: Vec<u8>, family: &str, fonts: &[Option<FontPart>; 4]) -> Vec<u8> {
    let text = String::from_utf8(data).expect("docx-rs writes UTF-8");
    let text = match name {
        "[Content_Types].xml" => {
            let mut t = text;
            for gone in UNUSED_TYPES {
                t = remove_element(&t, gone);
            }
            insert_after_open(
                &t,
                "<Types",
                r#"<Default Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"/>"#,
            )
        }
        "_rels/.rels" => remove_element(&text, r#"Target="docProps/custom.xml""#),
        "word/_rels/document.xml.rels" => remove_element(&text, r#"Target="commentsExtended.xml""#),
        "word/styles.xml" => styles(&text),
        "word/settings.xml" => settings(&text),
        "word/fontTable.xml" => font_table(family, fonts),
        _ => text,
    };
    let text = if name == "word/styles.xml" || name.starts_with("word/footer") {
        super::order::canonical(&text)
    } else {
        text
    };
    text.into_bytes()
}

/// Parts docx-rs always declares that stay empty for us (no comments, custom properties,
/// images); dropping them saves ~2 KB per package.
const UNUSED_TYPES: [&str; 8] = [
    r#"PartName="/docProps/custom.xml""#,
    r#"PartName="/word/comments.xml""#,
    r#"PartName="/word/commentsExtended.xml""#,
    r#"Extension="png""#,
    r#"Extension="jpeg""#,
    r#"Extension="jpg""#,
    r#"Extension="bmp""#,
    r#"Extension="gif""#,
];

/// Remove the empty element whose start tag contains `marker` (no-op if absent).
fn remove_element(text: &str, marker: &str) -> String {
    let Some(at) = text.find(marker) else { return text.to_string() };
    let start = text[..at].rfind('<').expect("inside a tag");
    let end = at + text[at..].find("/>").expect("empty element") + 2;
    format!("{}{}", &text[..start], &text[end..])
}

/// Insert `what` right after the start tag that begins with `open`.
fn insert_after_open(text: &str, open: &str, what: &str) -> String {
    let start = text.find(open).expect("element present");
    let end = start + text[start..].find('>').expect("tag closed") + 1;
    format!("{}{}{}", &text[..end], what, &text[end..])
}

/// The text is Kazakh (docDefaults `w:lang`), and our Normal is the one default paragraph
/// style: docx-rs always writes an empty Normal of its own before the added styles.
fn styles(text: &str) -> String {
    let lang = r#"<w:lang w:val="kk-KZ" w:eastAsia="kk-KZ" w:bidi="kk-KZ" />"#;
    let start = text.find("<w:rPrDefault>").expect("docDefaults written");
    let rpr_end = start + text[start..].find("</w:rPr>").expect("rPr written");
    let mut out = format!("{}{}{}", &text[..rpr_end], lang, &text[rpr_end..]);
    let builtin = r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>"#;
    out = out.replacen(builtin, "", 1);
    let normal = r#"w:styleId="Normal""#;
    if let Some(at) = out.find(normal) {
        out.insert_str(at, r#"w:default="1" "#);
    }
    out
}

/// `embedTrueTypeFonts` and `defaultTabStop` in schema order (zoom, embedTrueTypeFonts, …,
/// defaultTabStop, …, compat); docx-rs writes the tab stop first.
fn settings(text: &str) -> String {
    let take = |text: &mut String, open: &str| -> String {
        let Some(start) = text.find(open) else { return String::new() };
        let end = start + text[start..].find("/>").expect("empty element") + 2;
        let el = text[start..end].to_string();
        text.replace_range(start..end, "");
        el
    };
    let mut out = text.to_string();
    let tab = take(&mut out, "<w:defaultTabStop");
    let zoom = take(&mut out, "<w:zoom");
    insert_after_open(&out, "<w:settings", &format!("{zoom}<w:embedTrueTypeFonts/>{tab}"))
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
        let xml = String::from_utf8(build::base(&fonts.family).build().styles).unwrap();
        let out = styles(&xml);
        assert_eq!(out.matches(r#"w:styleId="Normal""#).count(), 1, "{out}");
        assert!(out.contains(r#"w:default="1" w:styleId="Normal"><w:name w:val="Normal" /><w:rPr><w:sz"#), "{out}");
        assert!(out.contains(r#"<w:lang w:val="kk-KZ""#));
    }

    #[test]
    fn settings_in_schema_order() {
        let s = r#"<?xml version="1.0"?><w:settings xmlns:w="x"><w:defaultTabStop w:val="709" /><w:zoom w:percent="100" /><w:compat /></w:settings>"#;
        let out = settings(s);
        let z = out.find("<w:zoom").unwrap();
        let e = out.find("<w:embedTrueTypeFonts").unwrap();
        let t = out.find("<w:defaultTabStop").unwrap();
        let c = out.find("<w:compat").unwrap();
        assert!(z < e && e < t && t < c, "{out}");
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
