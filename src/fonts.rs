//! Fonts: the four faces of one family, loaded once and shared by both writers.
//!
//! The default is Liberation Serif (Times New Roman metrics, covers ә ғ қ ң ө ұ ү һ і), embedded
//! in the binary from `fonts/` so a bare install needs no font on the machine. A folder with four
//! faces can replace it. A character a document needs and the font lacks would print as an empty
//! box (glyph 0), so `missing` lets callers refuse such a document with the list of characters.

pub mod program;

use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read font: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: not a TrueType/OpenType font: {reason}")]
    Parse { path: PathBuf, reason: String },
    #[error("{dir}: no font file for the {style} face (expected a name containing {hint})")]
    MissingFace { dir: PathBuf, style: &'static str, hint: &'static str },
    #[error("font {family} lacks glyphs for: {chars}")]
    Coverage { family: String, chars: String },
}

/// Which of the four faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub const ALL: [Style; 4] = [Style::Regular, Style::Bold, Style::Italic, Style::BoldItalic];

    pub fn of(bold: bool, italic: bool) -> Style {
        match (bold, italic) {
            (false, false) => Style::Regular,
            (true, false) => Style::Bold,
            (false, true) => Style::Italic,
            (true, true) => Style::BoldItalic,
        }
    }
    pub fn is_bold(self) -> bool {
        matches!(self, Style::Bold | Style::BoldItalic)
    }
    pub fn is_italic(self) -> bool {
        matches!(self, Style::Italic | Style::BoldItalic)
    }
    fn name(self) -> &'static str {
        match self {
            Style::Regular => "regular",
            Style::Bold => "bold",
            Style::Italic => "italic",
            Style::BoldItalic => "bold italic",
        }
    }
}

/// One face: its bytes (TrueType) and the names it carries.
#[derive(Debug, Clone)]
pub struct Face {
    pub style: Style,
    /// Family name from the font's `name` table (e.g. "Liberation Serif").
    pub family: String,
    /// PostScript name (e.g. "LiberationSerif-Bold").
    pub postscript: String,
    pub data: Arc<Vec<u8>>,
}

impl Face {
    pub fn from_bytes(style: Style, data: Vec<u8>, origin: &Path) -> Result<Face, Error> {
        let (family, postscript) = {
            let f = ttf_parser::Face::parse(&data, 0)
                .map_err(|e| Error::Parse { path: origin.to_path_buf(), reason: e.to_string() })?;
            let name = |id: u16| {
                f.names().into_iter().filter(|n| n.name_id == id && n.is_unicode()).find_map(|n| n.to_string())
            };
            let family = name(ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
                .or_else(|| name(ttf_parser::name_id::FAMILY))
                .unwrap_or_else(|| "Unnamed".to_string());
            let postscript = name(ttf_parser::name_id::POST_SCRIPT_NAME).unwrap_or_else(|| family.replace(' ', ""));
            (family, postscript)
        };
        Ok(Face { style, family, postscript, data: Arc::new(data) })
    }

    /// Parse the face (cheap: ttf-parser reads lazily).
    pub fn parse(&self) -> ttf_parser::Face<'_> {
        ttf_parser::Face::parse(&self.data, 0).expect("validated in Face::from_bytes")
    }
}

/// The four faces of the document font.
#[derive(Debug, Clone)]
pub struct FontSet {
    pub family: String,
    pub faces: [Face; 4],
}

const EMBEDDED: [(Style, &str, &[u8]); 4] = [
    (Style::Regular, "fonts/LiberationSerif-Regular.ttf", include_bytes!("../fonts/LiberationSerif-Regular.ttf")),
    (Style::Bold, "fonts/LiberationSerif-Bold.ttf", include_bytes!("../fonts/LiberationSerif-Bold.ttf")),
    (Style::Italic, "fonts/LiberationSerif-Italic.ttf", include_bytes!("../fonts/LiberationSerif-Italic.ttf")),
    (
        Style::BoldItalic,
        "fonts/LiberationSerif-BoldItalic.ttf",
        include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
    ),
];

impl FontSet {
    /// Liberation Serif, compiled into the binary.
    pub fn embedded() -> FontSet {
        let faces = EMBEDDED.map(|(style, path, bytes)| {
            Face::from_bytes(style, bytes.to_vec(), Path::new(path)).expect("embedded fonts are valid")
        });
        FontSet { family: faces[0].family.clone(), faces }
    }

    /// Four faces from a folder: file names containing `Regular`, `Bold`, `Italic`, `BoldItalic`
    /// (the usual `Family-Style.ttf` naming).
    pub fn from_dir(dir: &Path) -> Result<FontSet, Error> {
        let read = |p: &Path| std::fs::read(p).map_err(|source| Error::Read { path: p.to_path_buf(), source });
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|source| Error::Read { path: dir.to_path_buf(), source })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
                ext == "ttf" || ext == "otf"
            })
            .collect();
        files.sort();
        let pick = |style: Style| -> Result<Face, Error> {
            let stem = |p: &PathBuf| p.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_ascii_lowercase();
            let (hint, found) = match style {
                Style::BoldItalic => ("BoldItalic", files.iter().find(|p| stem(p).contains("bolditalic"))),
                Style::Bold => ("Bold", files.iter().find(|p| stem(p).contains("bold") && !stem(p).contains("italic"))),
                Style::Italic => {
                    ("Italic", files.iter().find(|p| stem(p).contains("italic") && !stem(p).contains("bold")))
                }
                Style::Regular => ("Regular", files.iter().find(|p| stem(p).contains("regular"))),
            };
            let path = found.ok_or(Error::MissingFace { dir: dir.to_path_buf(), style: style.name(), hint })?;
            Face::from_bytes(style, read(path)?, path)
        };
        let faces = [pick(Style::Regular)?, pick(Style::Bold)?, pick(Style::Italic)?, pick(Style::BoldItalic)?];
        Ok(FontSet { family: faces[0].family.clone(), faces })
    }

    pub fn face(&self, style: Style) -> &Face {
        &self.faces[style as usize]
    }

    /// Characters of `chars` that `style` has no glyph for (whitespace and control characters
    /// are not drawn, so they never count as missing).
    pub fn missing(&self, style: Style, chars: impl IntoIterator<Item = char>) -> Vec<char> {
        let face = self.face(style).parse();
        let mut missing: Vec<char> = chars
            .into_iter()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .filter(|&c| face.glyph_index(c).is_none())
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing
    }

    /// Fail with the list of characters some face lacks.
    pub fn check_coverage(&self, chars: &std::collections::BTreeSet<char>) -> Result<(), Error> {
        let mut all: Vec<char> = Style::ALL.iter().flat_map(|&s| self.missing(s, chars.iter().copied())).collect();
        all.sort_unstable();
        all.dedup();
        if all.is_empty() {
            Ok(())
        } else {
            let chars = all.iter().map(|c| format!("{c} (U+{:04X})", *c as u32)).collect::<Vec<_>>().join(", ");
            Err(Error::Coverage { family: self.family.clone(), chars })
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn faces_are_indexed_as_the_style_sheet_counts_them() {
        for style in Style::ALL {
            assert_eq!(style as usize, crate::doc::style::face(style.is_bold(), style.is_italic()));
        }
    }

    use super::*;

    #[test]
    fn liberation_serif_covers_the_kazakh_alphabet() {
        let fonts = FontSet::embedded();
        assert_eq!(fonts.family, "Liberation Serif");
        let kazakh: std::collections::BTreeSet<char> =
            "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯаәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя№«»–—"
                .chars()
                .collect();
        fonts.check_coverage(&kazakh).unwrap();
    }

    #[test]
    fn a_missing_glyph_is_named() {
        let fonts = FontSet::embedded();
        let err = fonts.check_coverage(&['ә', '\u{10FF}'].into_iter().collect()).unwrap_err();
        assert!(err.to_string().contains("U+10FF"), "{err}");
    }
}
