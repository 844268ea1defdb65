//! DOCX writer (docx-rs): document tree → DOCX bytes.
//!
//! It reads only `layout::Document` and the `fonts::FontSet`; it knows nothing of acts or
//! organisations. docx-rs builds the WordprocessingML (`build`); what docx-rs lacks — font
//! embedding, title and author, `w:lang`, schema order in settings, compressed and dated zip
//! entries — is done on its parts before zipping (`package`, `archive`), and `order` puts the
//! children of docx-rs's `pPr`, `rPr`, `style`, `sectPr` and `lvl` into schema order, which Word
//! needs. The font subset (`font`), obfuscation and all parts shared by every document are
//! prepared and compressed once per batch (`DocxFonts`) and copied raw into each package, so a
//! document costs its own XML only: `document.xml`, `numbering.xml`, `core.xml`.
//!
//! Determinism: paragraph ids are numbered per document by `build` (not docx-rs's thread-local
//! counter), font GUIDs are hashes of the font bytes, core properties carry no dates, zip
//! entries are written in a fixed order dated 1980-01-01.

mod archive;
mod build;
mod font;
mod order;
mod package;

use crate::doc::Document;
use crate::fonts::FontSet;
use std::collections::BTreeSet;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Font(#[from] font::FontError),
    #[error(transparent)]
    Fixup(#[from] build::Fixup),
    #[error("docx-rs wrote XML the fix-ups cannot read: {0}")]
    Xml(#[from] order::XmlError),
}

/// The embedded font and every package part that does not depend on the document, prepared
/// once per batch. `Send + Sync`: share one across rayon threads.
#[derive(Debug, Clone)]
pub struct DocxFonts {
    family: String,
    template: package::Template,
    faces: Vec<FaceInfo>,
}

/// Sizes of one embedded face, for reports and benches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceInfo {
    pub postscript: String,
    pub glyphs: usize,
    /// The subset TrueType.
    pub bytes: usize,
    /// Its compressed size in the package.
    pub compressed: usize,
}

impl DocxFonts {
    /// Subset each face to the Kazakh, Russian and Latin alphabets, digits and punctuation plus
    /// `chars` (so edits in Word keep the font), obfuscate (ECMA-376 17.8.1) and deflate once;
    /// reuse the bytes.
    pub fn prepare(fonts: &FontSet, chars: &BTreeSet<char>) -> Result<DocxFonts, Error> {
        DocxFonts::prepare_faces(fonts, chars, [true; 4])
    }

    /// As `prepare`, embedding only the faces marked `used` (indexed by `fonts::Style`; the
    /// regular face always). A batch that never prints bold italic does not carry it in every
    /// file: Word and LibreOffice synthesise a style whose face is missing.
    pub fn prepare_faces(fonts: &FontSet, chars: &BTreeSet<char>, used: [bool; 4]) -> Result<DocxFonts, Error> {
        let mut parts: [Option<font::FontPart>; 4] = Default::default();
        // Word and LibreOffice draw a hyphen where a line breaks at an optional hyphen.
        let mut with_hyphen;
        let chars = if chars.contains(&crate::hyphen::SOFT_HYPHEN) {
            with_hyphen = chars.clone();
            with_hyphen.insert('-');
            &with_hyphen
        } else {
            chars
        };
        for (n, face) in fonts.faces.iter().enumerate() {
            if n == 0 || used[n] {
                parts[n] = Some(font::prepare_face(face, chars)?);
            }
        }
        let template = package::Template::new(&fonts.family, &parts)?;
        let entries = template.entries();
        let faces = parts
            .iter()
            .zip(&fonts.faces)
            .enumerate()
            .filter_map(|(n, (part, face))| Some((n, (part.as_ref()?, face))))
            .map(|(n, (part, face))| {
                let name = format!("word/fonts/font{}.odttf", n + 1);
                let compressed = entries.iter().find(|e| e.0 == name).map_or(0, |e| e.2 as usize);
                FaceInfo {
                    postscript: face.postscript.clone(),
                    glyphs: part.glyphs,
                    bytes: part.odttf.len(),
                    compressed,
                }
            })
            .collect();
        Ok(DocxFonts { family: fonts.family.clone(), template, faces })
    }

    /// The embedded faces: glyph counts and sizes.
    pub fn faces(&self) -> &[FaceInfo] {
        &self.faces
    }
}

/// One document as DOCX bytes. Same document and fonts → same bytes, on any thread.
pub fn write(doc: &Document, fonts: &DocxFonts) -> Result<Vec<u8>, Error> {
    let (document, numbering) = build::parts(doc, &fonts.family)?;
    Ok(fonts.template.write(&doc.meta, &document, &numbering))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Align, Block, List, ListStyle, Meta, Para, Signature, Size, Span, Table};
    use std::sync::OnceLock;

    fn fonts() -> &'static DocxFonts {
        static F: OnceLock<DocxFonts> = OnceLock::new();
        F.get_or_init(|| DocxFonts::prepare(&FontSet::embedded(), &BTreeSet::new()).unwrap())
    }

    fn para(text: &str) -> Para {
        Para { align: Align::Justify, indent: true, size: Size::Normal, spans: vec![Span::plain(text)] }
    }

    pub(crate) fn sample() -> Document {
        let cell =
            |t: &str| vec![Para { align: Align::Left, indent: false, size: Size::Small, spans: vec![Span::plain(t)] }];
        Document {
            meta: Meta {
                title: "Лауазымдық нұсқаулық".into(),
                author: "«Ұйым» КММ".into(),
                subject: String::new(),
                lang: "kk-KZ".into(),
                identity: "org/job/1".into(),
            },
            blocks: vec![
                Block::Table(Table {
                    widths: vec![1, 1],
                    borders: false,
                    header: false,
                    rows: vec![vec![vec![], cell("БЕКІТЕМІН")]],
                }),
                Block::Heading {
                    level: 1,
                    para: Para {
                        align: Align::Center,
                        indent: false,
                        size: Size::Normal,
                        spans: vec![Span::bold("Әлеуметтік қызметкер")],
                    },
                },
                Block::Paragraph(para("Жалпы ережелер.")),
                Block::List(List { style: ListStyle::Numbered, start: 3, items: vec![para("бір"), para("екі")] }),
                Block::List(List { style: ListStyle::Bulleted, start: 1, items: vec![para("үш")] }),
                Block::Signature(Signature {
                    label: "Нұсқаулықпен таныстым:".into(), name: "А. Б. Сәрсенов".into()
                }),
                Block::Note(para("Ескерту.")),
                Block::PageBreak,
                Block::Table(Table {
                    widths: vec![1, 3],
                    borders: true,
                    header: true,
                    rows: vec![vec![cell("a"), cell("b")]],
                }),
            ],
        }
    }

    #[test]
    fn parts_match_a_full_build() {
        let f = fonts();
        let full = build::document(&sample(), &f.family).build();
        let (document, numbering) = build::parts(&sample(), &f.family).unwrap();
        // The sample's second table has a header row, which `parts` marks after docx-rs, and
        // grid columns lose docx-rs's invalid `w:type`.
        let full_document = std::str::from_utf8(&full.document).unwrap();
        let expected = build::grid_columns(&build::repeat_headers(full_document, &[false, true]).unwrap()).unwrap();
        let expected = order::canonical("word/document.xml", &expected).unwrap().into_bytes();
        let numbering_expected = order::canonical("word/numbering.xml", std::str::from_utf8(&full.numberings).unwrap())
            .unwrap()
            .into_bytes();
        assert!(document == expected, "document.xml differs from Docx::build");
        assert!(document != full.document);
        assert!(numbering == numbering_expected, "numbering.xml differs from Docx::build");
    }

    #[test]
    fn same_document_same_bytes_across_threads() {
        let f = fonts();
        let doc = sample();
        let one = write(&doc, f).unwrap();
        assert_eq!(one, write(&doc, f).unwrap());
        let other = std::thread::spawn(move || write(&sample(), fonts()).unwrap()).join().unwrap();
        assert_eq!(one, other);
    }

    #[test]
    fn every_declared_part_is_in_the_package() {
        use std::io::Read;
        let bytes = write(&sample(), fonts()).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = zip.file_names().map(str::to_string).collect();
        let mut read = |name: &str| {
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        let attr = |text: &str, key: &str| -> Vec<String> {
            text.split(key).skip(1).map(|rest| rest[..rest.find('"').unwrap()].to_string()).collect()
        };
        for part in attr(&read("[Content_Types].xml"), "PartName=\"/") {
            assert!(names.contains(&part), "{part} declared, not present: {names:?}");
        }
        for (rels, base) in
            [("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word/"), ("word/_rels/fontTable.xml.rels", "word/")]
        {
            for target in attr(&read(rels), "Target=\"") {
                let path = format!("{base}{target}");
                assert!(names.contains(&path), "{rels} → {path} missing: {names:?}");
            }
        }
    }

    #[test]
    fn fonts_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<DocxFonts>();
    }
}
