//! Schema order for docx-rs's XML.
//!
//! WordprocessingML declares the children of `pPr`, `rPr`, `style`, `sectPr` and `lvl` as
//! sequences, and Word drops or rejects children out of order (LibreOffice and python-docx do
//! not care, so it goes unnoticed). docx-rs writes e.g. `pPr` with `rPr` first, style `rPr` with
//! `sz` before `rFonts`, `sectPr` with the footer references last. This pass re-sorts the
//! children of those elements into the order of ECMA-376 Part 1 (§17.3.1.26, §17.3.2.28,
//! §17.7.4.17, §17.6.17, §17.9.6), keeping everything else byte for byte.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::ops::Range;

/// Children in schema order (local names, `w:` prefix).
const PPR: &[&str] = &[
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];
const RPR: &[&str] = &[
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rPrChange",
];
const STYLE: &[&str] = &[
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
];
const SECTPR: &[&str] = &[
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
];
const LVL: &[&str] = &[
    "start",
    "numFmt",
    "lvlRestart",
    "pStyle",
    "isLgl",
    "suff",
    "lvlText",
    "lvlPicBulletId",
    "legacy",
    "lvlJc",
    "pPr",
    "rPr",
];

fn order_of(name: &str) -> Option<&'static [&'static str]> {
    match name {
        "w:pPr" => Some(PPR),
        "w:rPr" => Some(RPR),
        "w:style" => Some(STYLE),
        "w:sectPr" => Some(SECTPR),
        "w:lvl" => Some(LVL),
        _ => None,
    }
}

/// Which order table, if any, sorts the children of the element named `name`.
fn reordered(name: &[u8]) -> Option<&'static [&'static str]> {
    std::str::from_utf8(name).ok().and_then(order_of)
}

/// docx-rs wrote XML that quick-xml cannot read: the part named here, where, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{part}: XML that does not parse at byte {at}: {reason}")]
pub struct XmlError {
    pub part: &'static str,
    pub at: u64,
    pub reason: String,
}

/// `xml` (the part named `part`) with the children of the elements above in schema order;
/// everything else is copied byte for byte. quick-xml reads the events; the text between the
/// elements we sort is copied by byte range, not re-serialised, so escapes, spacing and quotes
/// stay as docx-rs wrote them.
pub fn canonical(part: &'static str, xml: &str) -> Result<String, XmlError> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::with_capacity(xml.len());
    let mut copied = 0;
    loop {
        let start = position(&reader);
        let event = reader.read_event().map_err(|e| error(part, &reader, e))?;
        match event {
            Event::Start(e) => {
                if let Some(order) = reordered(e.name().as_ref()) {
                    out.push_str(&xml[copied..start]);
                    let open = start..position(&reader);
                    element(part, &mut reader, xml, open, Some(order), &mut out)?;
                    copied = position(&reader);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out.push_str(&xml[copied..]);
    Ok(out)
}

fn position(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

fn error(part: &'static str, reader: &Reader<&[u8]>, e: impl std::fmt::Display) -> XmlError {
    XmlError { part, at: reader.error_position(), reason: e.to_string() }
}

/// The element whose start tag is `xml[open]` and whose content the reader is at: its children
/// (each written whole), sorted by `order` if it has one (stable: unknown children and text
/// keep their order after the known ones), then its end tag.
fn element(
    part: &'static str,
    reader: &mut Reader<&[u8]>,
    xml: &str,
    open: Range<usize>,
    order: Option<&'static [&'static str]>,
    out: &mut String,
) -> Result<(), XmlError> {
    let rank = |name: &[u8]| {
        let order = order.unwrap_or(&[]);
        let local = name.strip_prefix(b"w:").unwrap_or(name);
        order.iter().position(|o| o.as_bytes() == local).unwrap_or(order.len())
    };
    let mut children: Vec<(usize, String)> = Vec::new();
    out.push_str(&xml[open]);
    loop {
        let start = position(reader);
        let event = reader.read_event().map_err(|e| error(part, reader, e))?;
        let end = position(reader);
        match event {
            Event::Start(e) => {
                let name = e.name();
                let mut child = String::new();
                element(part, reader, xml, start..end, reordered(name.as_ref()), &mut child)?;
                children.push((rank(name.as_ref()), child));
            }
            Event::Empty(e) => children.push((rank(e.name().as_ref()), xml[start..end].to_string())),
            Event::End(_) => {
                if order.is_some() {
                    children.sort_by_key(|c| c.0);
                }
                for (_, child) in &children {
                    out.push_str(child);
                }
                out.push_str(&xml[start..end]);
                return Ok(());
            }
            Event::Eof => {
                return Err(XmlError { part, at: reader.buffer_position(), reason: "an element is not closed".into() })
            }
            _ => children.push((usize::MAX, xml[start..end].to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_are_sorted_and_the_rest_kept() {
        let xml = r#"<?xml version="1.0"?><w:p w14:paraId="1"><w:pPr><w:rPr /><w:pStyle w:val="a>b" /><w:jc w:val="both" /></w:pPr><w:r><w:rPr><w:sz w:val="28" /><w:rFonts w:ascii="X" /></w:rPr><w:t xml:space="preserve">a &lt; b</w:t></w:r></w:p>"#;
        assert_eq!(
            canonical("test", xml).unwrap(),
            r#"<?xml version="1.0"?><w:p w14:paraId="1"><w:pPr><w:pStyle w:val="a>b" /><w:jc w:val="both" /><w:rPr /></w:pPr><w:r><w:rPr><w:rFonts w:ascii="X" /><w:sz w:val="28" /></w:rPr><w:t xml:space="preserve">a &lt; b</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn similar_names_are_left_alone() {
        let xml = r#"<w:styles><w:lvlText w:val="x" /><w:rPrDefault><w:rPr><w:sz /><w:rFonts /></w:rPr></w:rPrDefault></w:styles>"#;
        assert_eq!(
            canonical("test", xml).unwrap(),
            r#"<w:styles><w:lvlText w:val="x" /><w:rPrDefault><w:rPr><w:rFonts /><w:sz /></w:rPr></w:rPrDefault></w:styles>"#
        );
    }

    #[test]
    fn section_references_come_first() {
        let xml = r#"<w:sectPr><w:pgSz w:w="1" /><w:footerReference w:type="default" r:id="a" /><w:titlePg /><w:cols /></w:sectPr>"#;
        assert_eq!(
            canonical("test", xml).unwrap(),
            r#"<w:sectPr><w:footerReference w:type="default" r:id="a" /><w:pgSz w:w="1" /><w:cols /><w:titlePg /></w:sectPr>"#
        );
    }
}
