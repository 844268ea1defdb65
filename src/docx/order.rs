//! Schema order for docx-rs's XML.
//!
//! WordprocessingML declares the children of `pPr`, `rPr`, `style`, `sectPr` and `lvl` as
//! sequences, and Word drops or rejects children out of order (LibreOffice and python-docx do
//! not care, so it goes unnoticed). docx-rs writes e.g. `pPr` with `rPr` first, style `rPr` with
//! `sz` before `rFonts`, `sectPr` with the footer references last. This pass re-sorts the
//! children of those elements into the order of ECMA-376 Part 1 (§17.3.1.26, §17.3.2.28,
//! §17.7.4.17, §17.6.17, §17.9.6), keeping everything else byte for byte.

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

/// `xml` with the children of the elements above in schema order. Input is docx-rs output:
/// well-formed, no comments or CDATA. Only those elements are parsed; the text between them is
/// copied as it is (a document is mostly runs, so this keeps the pass cheap).
pub fn canonical(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut copied = 0;
    let mut pos = 0;
    while let Some(i) = xml[pos..].find('<') {
        let at = pos + i;
        if reordered(&xml[at..]) {
            out.push_str(&xml[copied..at]);
            let (node, next) = parse(xml, at);
            write(&node, &mut out);
            copied = next;
            pos = next;
        } else {
            pos = at + 1;
        }
    }
    out.push_str(&xml[copied..]);
    out
}

/// Does `tag` (starting at its `<`) open one of the elements whose children we sort?
fn reordered(tag: &str) -> bool {
    let Some(rest) = tag.strip_prefix("<w:") else { return false };
    ["pPr", "rPr", "style", "sectPr", "lvl"].iter().any(|name| {
        rest.strip_prefix(name).and_then(|r| r.bytes().next()).is_some_and(|c| matches!(c, b' ' | b'>' | b'/'))
    })
}

enum Node<'a> {
    Text(&'a str),
    Element { name: &'a str, open: &'a str, children: Vec<Node<'a>>, close: &'a str },
}

/// End of the tag starting at `at` (the index after its `>`), skipping quoted attribute values.
fn tag_end(xml: &str, at: usize) -> usize {
    let bytes = xml.as_bytes();
    let mut quote = None;
    let mut i = at + 1;
    while i < bytes.len() {
        match (bytes[i], quote) {
            (b'"' | b'\'', None) => quote = Some(bytes[i]),
            (q, Some(open)) if q == open => quote = None,
            (b'>', None) => return i + 1,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

fn parse(xml: &str, at: usize) -> (Node<'_>, usize) {
    let bytes = xml.as_bytes();
    if bytes[at] != b'<' {
        let end = xml[at..].find('<').map_or(xml.len(), |i| at + i);
        return (Node::Text(&xml[at..end]), end);
    }
    let end = tag_end(xml, at);
    let open = &xml[at..end];
    // Declarations, processing instructions and stray end tags pass through as text.
    if open.starts_with("<?") || open.starts_with("<!") || open.starts_with("</") {
        return (Node::Text(open), end);
    }
    let name_end = open[1..].find(|c: char| c.is_whitespace() || c == '/' || c == '>').map_or(open.len(), |i| i + 1);
    let name = &open[1..name_end];
    if open.ends_with("/>") {
        return (Node::Element { name, open, children: Vec::new(), close: "" }, end);
    }
    let mut children = Vec::new();
    let mut pos = end;
    while pos < xml.len() {
        if xml[pos..].starts_with("</") {
            let close_end = tag_end(xml, pos);
            return (Node::Element { name, open, children, close: &xml[pos..close_end] }, close_end);
        }
        let (child, next) = parse(xml, pos);
        children.push(child);
        pos = next;
    }
    (Node::Element { name, open, children, close: "" }, pos)
}

fn write(node: &Node<'_>, out: &mut String) {
    match node {
        Node::Text(t) => out.push_str(t),
        Node::Element { name, open, children, close } => {
            out.push_str(open);
            match order_of(name) {
                Some(order) if children.len() > 1 => {
                    let rank = |n: &Node<'_>| match n {
                        Node::Element { name, .. } => {
                            let local = name.strip_prefix("w:").unwrap_or(name);
                            order.iter().position(|o| *o == local).unwrap_or(order.len())
                        }
                        Node::Text(_) => order.len(),
                    };
                    let mut sorted: Vec<&Node<'_>> = children.iter().collect();
                    sorted.sort_by_key(|n| rank(n));
                    for child in sorted {
                        write(child, out);
                    }
                }
                _ => {
                    for child in children {
                        write(child, out);
                    }
                }
            }
            out.push_str(close);
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
            canonical(xml),
            r#"<?xml version="1.0"?><w:p w14:paraId="1"><w:pPr><w:pStyle w:val="a>b" /><w:jc w:val="both" /><w:rPr /></w:pPr><w:r><w:rPr><w:rFonts w:ascii="X" /><w:sz w:val="28" /></w:rPr><w:t xml:space="preserve">a &lt; b</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn similar_names_are_left_alone() {
        let xml = r#"<w:styles><w:lvlText w:val="x" /><w:rPrDefault><w:rPr><w:sz /><w:rFonts /></w:rPr></w:rPrDefault></w:styles>"#;
        assert_eq!(
            canonical(xml),
            r#"<w:styles><w:lvlText w:val="x" /><w:rPrDefault><w:rPr><w:rFonts /><w:sz /></w:rPr></w:rPrDefault></w:styles>"#
        );
    }

    #[test]
    fn section_references_come_first() {
        let xml = r#"<w:sectPr><w:pgSz w:w="1" /><w:footerReference w:type="default" r:id="a" /><w:titlePg /><w:cols /></w:sectPr>"#;
        assert_eq!(
            canonical(xml),
            r#"<w:sectPr><w:footerReference w:type="default" r:id="a" /><w:pgSz w:w="1" /><w:cols /><w:titlePg /></w:sectPr>"#
        );
    }
}
