//! The font program both writers embed: one face subset, its hinting stripped and its tables
//! tidied by one set of rules, read with `read-fonts` and written with `write-fonts`.
//!
//! Each writer picks its glyphs and its subsetter, because they need different fonts:
//! - the PDF embeds a CIDFontType2 addressed by glyph id, so `subsetter` renumbers the glyphs
//!   in the order the writer gives (character order: compact `/W` runs and ToUnicode ranges) and
//!   leaves out `cmap`, which a PDF viewer does not read ([`pdf_subset`]);
//! - the DOCX embeds a font Word and LibreOffice install for the document, so `allsorts` keeps
//!   the installable table set, `cmap` and `OS/2` included ([`docx_subset`]).
//!
//! Both results then pass through [`slim`], the one place that decides what an embedded font
//! program carries (what was two hand-written sfnt rewriters that disagreed on all four points):
//! - **no TrueType hinting**: `fpgm`, `prep`, `cvt `, `cvar`, `hdmx`, `LTSH`, `VDMX` and `gasp`
//!   are dropped and every glyph's instructions removed (viewers and word processors rasterise
//!   at print or screen resolution without them; they were a third of the bytes). The outlines
//!   are re-encoded by `write-fonts` (points unchanged, padded to 2 bytes, short `loca` when it
//!   fits); `maxp`'s hinting limits are zeroed as fontTools' subsetter does without hinting;
//! - **`post` format 3**: no glyph names (text comes back through ToUnicode or `cmap`);
//! - **`name`** from the original face by one rule, whatever each subsetter kept (`subsetter`
//!   keeps the licence text and URLs, `allsorts` its own choice): the English Windows records of copyright, family, subfamily, unique id, full name,
//!   version, PostScript name and typographic family/subfamily, which Word, LibreOffice and strict
//!   parsers read; the licence text, URLs, translations and Mac duplicates are left out;
//! - `head` and the table directory (checksums, table order) are written by `write-fonts`.
//!
//! No table is parsed or assembled by hand here: offsets, checksums and encodings are the
//! crates'. A font without `glyf` (CFF outlines) has no TrueType instructions: its outlines are
//! kept as they are, and only the other rules apply.

use std::collections::BTreeSet;

use write_fonts::read::tables::glyf::Glyph as ReadGlyph;
use write_fonts::read::types::{GlyphId, NameId, Tag};
use write_fonts::read::{FontRef, ReadError, TableProvider};
use write_fonts::tables::glyf::{CompositeGlyph, GlyfLocaBuilder, Glyph};
use write_fonts::tables::name::{Name, NameRecord};
use write_fonts::tables::post::Post;
use write_fonts::types::Version16Dot16;
use write_fonts::{FontBuilder, OffsetMarker};

use super::Face;

/// A font program that could not be read, subset or written again.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("font {postscript}: cannot read {what}: {source}")]
    Read { postscript: String, what: &'static str, source: ReadError },
    #[error("font {postscript}: cannot subset: {reason}")]
    Subset { postscript: String, reason: String },
    #[error("font {postscript}: cannot write {what}: {reason}")]
    Write { postscript: String, what: String, reason: String },
}

/// Tables that serve only TrueType hinting.
const HINTING: [&[u8; 4]; 8] = [b"fpgm", b"prep", b"cvt ", b"cvar", b"hdmx", b"LTSH", b"VDMX", b"gasp"];

/// Name records kept (see the module documentation).
const NAME_IDS: [u16; 9] = [0, 1, 2, 3, 4, 5, 6, 16, 17];

/// The PDF's subset: the glyphs `remapper` numbered (glyph 0 first, then in the order they were
/// remapped), without `cmap`, slimmed.
pub fn pdf_subset(face: &Face, remapper: &subsetter::GlyphRemapper) -> Result<Vec<u8>, Error> {
    let subset = subsetter::subset(&face.data, 0, remapper)
        .map_err(|e| Error::Subset { postscript: face.postscript.clone(), reason: e.to_string() })?;
    slim(&subset, face)
}

/// The DOCX's subset: `glyphs` (ascending, glyph 0 included) with the installable tables and a
/// Unicode `cmap`, slimmed.
pub fn docx_subset(face: &Face, glyphs: &BTreeSet<u16>) -> Result<Vec<u8>, Error> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    let err = |reason: String| Error::Subset { postscript: face.postscript.clone(), reason };
    let ids: Vec<u16> = glyphs.iter().copied().collect();
    let font = ReadScope::new(&face.data).read::<FontData<'_>>().map_err(|e| err(e.to_string()))?;
    let provider = font.table_provider(0).map_err(|e| err(e.to_string()))?;
    let sub = subset(&provider, &ids, &SubsetProfile::Minimal, CmapTarget::Unicode).map_err(|e| err(e.to_string()))?;
    slim(&sub, face)
}

/// `subset` (a subset of `face`) under the rules of the module documentation.
pub fn slim(subset: &[u8], face: &Face) -> Result<Vec<u8>, Error> {
    let read = |what: &'static str| {
        let postscript = face.postscript.clone();
        move |source: ReadError| Error::Read { postscript, what, source }
    };
    let write = |what: &str| {
        let postscript = face.postscript.clone();
        let what = what.to_string();
        move |reason: String| Error::Write { postscript, what, reason }
    };
    let font = FontRef::new(subset).map_err(read("the subset"))?;
    let original = FontRef::new(&face.data).map_err(read("the face"))?;
    let mut out = FontBuilder::new();
    let mut head: write_fonts::tables::head::Head =
        write_fonts::from_obj::ToOwnedTable::to_owned_table(&font.head().map_err(read("head"))?);
    if font.table_data(Tag::new(b"glyf")).is_some() {
        let (glyf, loca, format) = glyf_without_instructions(&font).map_err(read("glyf"))?;
        head.index_to_loc_format = format as i16;
        out.add_table(&glyf).map_err(|e| write("glyf")(e.to_string()))?;
        out.add_table(&loca).map_err(|e| write("loca")(e.to_string()))?;
    }
    out.add_table(&head).map_err(|e| write("head")(e.to_string()))?;

    let mut maxp: write_fonts::tables::maxp::Maxp =
        write_fonts::from_obj::ToOwnedTable::to_owned_table(&font.maxp().map_err(read("maxp"))?);
    if maxp.max_zones.is_some() {
        maxp.max_zones = Some(1);
        maxp.max_twilight_points = Some(0);
        maxp.max_storage = Some(0);
        maxp.max_function_defs = Some(0);
        maxp.max_instruction_defs = Some(0);
        maxp.max_stack_elements = Some(0);
        maxp.max_size_of_instructions = Some(0);
    }
    out.add_table(&maxp).map_err(|e| write("maxp")(e.to_string()))?;

    if let Ok(post) = font.post() {
        let mut post: Post = write_fonts::from_obj::ToOwnedTable::to_owned_table(&post);
        post.version = Version16Dot16::VERSION_3_0;
        post.num_glyphs = None;
        post.glyph_name_index = None;
        post.string_data = None;
        out.add_table(&post).map_err(|e| write("post")(e.to_string()))?;
    }

    let name = identifying_names(&original).map_err(read("name"))?;
    out.add_table(&name).map_err(|e| write("name")(e.to_string()))?;

    let done = [b"glyf", b"loca", b"head", b"maxp", b"post", b"name"];
    for record in font.table_directory().table_records() {
        let tag = record.tag();
        if HINTING.iter().chain(&done).any(|t| tag == Tag::new(t)) {
            continue;
        }
        if let Some(data) = font.table_data(tag) {
            out.add_raw(tag, data.as_bytes());
        }
    }
    Ok(out.build())
}

/// Every glyph again, in the same order, without instructions.
fn glyf_without_instructions(
    font: &FontRef<'_>,
) -> Result<
    (write_fonts::tables::glyf::Glyf, write_fonts::tables::loca::Loca, write_fonts::tables::loca::LocaFormat),
    ReadError,
> {
    use write_fonts::from_obj::ToOwnedTable;
    let glyf = font.glyf()?;
    let loca = font.loca(None)?;
    let count = font.maxp()?.num_glyphs();
    let mut builder = GlyfLocaBuilder::new();
    for gid in 0..count {
        let glyph = match loca.get_glyf(GlyphId::new(u32::from(gid)), &glyf)? {
            None => Glyph::Empty,
            Some(ReadGlyph::Simple(g)) => {
                let mut g: write_fonts::tables::glyf::SimpleGlyph = g.to_owned_table();
                g.instructions.clear();
                Glyph::from(g)
            }
            Some(ReadGlyph::Composite(g)) => {
                let g: CompositeGlyph = g.to_owned_table();
                // Rebuilt from its components (whose flags write-fonts derives), which drops the
                // instructions; the bounding box stays the glyph's own.
                let bbox = g.bbox;
                match CompositeGlyph::try_from_iter(g.components().iter().map(|c| (c.clone(), bbox))) {
                    Ok(mut rebuilt) => {
                        rebuilt.bbox = bbox;
                        Glyph::Composite(rebuilt)
                    }
                    // Never an empty glyph in its place: a letter would vanish from the page.
                    Err(_) => return Err(ReadError::MalformedData("a composite glyph that cannot be rebuilt")),
                }
            }
        };
        builder.add_glyph(&glyph).map_err(|_| ReadError::MalformedData("a glyph that does not validate"))?;
    }
    Ok(builder.build())
}

/// The records of `NAME_IDS` on the Windows platform in US English, from the original face.
fn identifying_names(original: &FontRef<'_>) -> Result<Name, ReadError> {
    let name = original.name()?;
    let data = name.string_data();
    let mut records = Vec::new();
    for r in name.name_record() {
        let (platform, encoding, lang, id) = (r.platform_id(), r.encoding_id(), r.language_id(), r.name_id());
        if platform == 3 && matches!(encoding, 1 | 10) && lang == 0x0409 && NAME_IDS.contains(&id.to_u16()) {
            let text: String = r.string(data)?.chars().collect();
            records.push(NameRecord::new(platform, encoding, lang, NameId::new(id.to_u16()), OffsetMarker::new(text)));
        }
    }
    records.sort_by_key(|r| (r.platform_id, r.encoding_id, r.language_id, r.name_id));
    Ok(Name::new(records))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{FontSet, Style};

    /// The outline of `glyph` as drawn (components resolved) and its advance.
    fn drawn(font: &ttf_parser::Face<'_>, glyph: ttf_parser::GlyphId) -> String {
        struct Pen(String);
        impl ttf_parser::OutlineBuilder for Pen {
            fn move_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("M{x} {y}");
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("L{x} {y}");
            }
            fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
                self.0 += &format!("Q{x1} {y1} {x} {y}");
            }
            fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
                self.0 += &format!("C{x1} {y1} {x2} {y2} {x} {y}");
            }
            fn close(&mut self) {
                self.0 += "Z";
            }
        }
        let mut pen = Pen(String::new());
        let bbox = font.outline_glyph(glyph, &mut pen);
        format!("{bbox:?} {} {:?}", pen.0, font.glyph_hor_advance(glyph))
    }

    fn instructions(data: &[u8]) -> usize {
        let font = FontRef::new(data).unwrap();
        let (glyf, loca) = (font.glyf().unwrap(), font.loca(None).unwrap());
        (0..font.maxp().unwrap().num_glyphs())
            .map(|g| match loca.get_glyf(GlyphId::new(u32::from(g)), &glyf).unwrap() {
                None => 0,
                Some(ReadGlyph::Simple(s)) => s.instructions().len(),
                Some(ReadGlyph::Composite(c)) => c.instructions().map_or(0, <[u8]>::len),
            })
            .sum()
    }

    fn remapper(face: &Face, chars: &str) -> subsetter::GlyphRemapper {
        let f = face.parse();
        let mut r = subsetter::GlyphRemapper::new();
        for c in chars.chars() {
            r.remap(f.glyph_index(c).unwrap().0);
        }
        r
    }

    #[test]
    fn both_subsets_keep_every_outline_and_lose_the_hinting() {
        let fonts = FontSet::embedded();
        // Ё and Й are composites in Liberation Serif; the rest simple glyphs.
        let text = "Қазақстан ӘҒҚҢӨҰҮҺІ ЁЙёй «»№–";
        for style in Style::ALL {
            let face = fonts.face(style);
            let remapper = remapper(face, text);
            let raw = subsetter::subset(&face.data, 0, &remapper).unwrap();
            let pdf = pdf_subset(face, &remapper).unwrap();
            let glyphs: BTreeSet<u16> =
                std::iter::once(0).chain(text.chars().map(|c| face.parse().glyph_index(c).unwrap().0)).collect();
            let docx = docx_subset(face, &glyphs).unwrap();
            assert!(instructions(&raw) > 0, "the subsetter's output had hinting");
            // Every character draws exactly as in the original face, in both programs.
            let original = face.parse();
            let (p, d) = (ttf_parser::Face::parse(&pdf, 0).unwrap(), ttf_parser::Face::parse(&docx, 0).unwrap());
            for c in text.chars() {
                let old = original.glyph_index(c).unwrap();
                let in_pdf = ttf_parser::GlyphId(remapper.get(old.0).unwrap());
                let in_docx = d.glyph_index(c).unwrap_or_else(|| panic!("{c} in the DOCX cmap"));
                assert_eq!(drawn(&p, in_pdf), drawn(&original, old), "{c} {style:?} (PDF)");
                assert_eq!(drawn(&d, in_docx), drawn(&original, old), "{c} {style:?} (DOCX)");
            }
            for slim in [&pdf, &docx] {
                assert_eq!(instructions(slim), 0);
                let font = FontRef::new(slim).unwrap();
                for t in HINTING {
                    assert!(font.table_data(Tag::new(t)).is_none(), "{}", String::from_utf8_lossy(t));
                }
                assert_eq!(font.post().unwrap().version(), Version16Dot16::VERSION_3_0);
                assert_eq!(font.maxp().unwrap().max_size_of_instructions(), Some(0));
                let f = ttf_parser::Face::parse(slim, 0).unwrap();
                let family = f.names().into_iter().find(|n| n.name_id == 1 && n.is_unicode()).unwrap();
                assert_eq!(family.to_string().unwrap(), "Liberation Serif");
                let ids: BTreeSet<u16> = f.names().into_iter().map(|n| n.name_id).collect();
                assert!(ids.iter().all(|id| NAME_IDS.contains(id)), "{ids:?}");
                assert!(ids.contains(&6), "PostScript name");
            }
            // The PDF subset keeps the remapper's glyph ids (and adds the components of
            // composite glyphs after them), and has no cmap.
            let f = ttf_parser::Face::parse(&pdf, 0).unwrap();
            assert!(f.number_of_glyphs() >= remapper.num_gids());
            assert!(f.tables().cmap.is_none());
        }
    }

    #[test]
    fn the_same_subset_gives_the_same_bytes() {
        let fonts = FontSet::embedded();
        let face = fonts.face(Style::Regular);
        let r = remapper(face, "Қазақ");
        assert_eq!(pdf_subset(face, &r).unwrap(), pdf_subset(face, &r).unwrap());
    }
}
