//! Fonts for the PDF writer, prepared once per batch and shared by every document.
//!
//! Each face is subset to the batch's characters, as the one font-program module of both
//! writers makes it (`fonts::program`: subsetter, then no hinting, `post` 3, a short `name`), and
//! compressed once; its `/W` widths and ToUnicode CMap are built from the same glyph map. The
//! subset glyph ids are assigned in character order, so the tag and bytes depend only on the
//! face and the character set (STYLE.md §6). A flat advance table answers `flow`'s width
//! questions without touching the font.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use crate::fonts::{Face, FontSet, Style};

use super::flow::Metrics;

/// Chars below this index are looked up in a flat table; the rest (– « » № …) by binary search.
const FLAT: usize = 0x500;

/// Glyph id in the subset and advance (thousandths of an em) of one character.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Glyph {
    pub gid: u16,
    pub adv: u16,
}

/// One face, ready to embed.
#[derive(Debug)]
pub(crate) struct PdfFace {
    /// Six capitals from a hash of the face and its glyph set: the resource name and subset tag.
    pub tag: String,
    pub postscript: String,
    flat: Vec<Glyph>,
    rest: Vec<(char, Glyph)>,
    /// The subset font program, deflated once.
    pub font_file: Vec<u8>,
    pub font_file_len: usize,
    /// The ToUnicode CMap, deflated once.
    pub to_unicode: Vec<u8>,
    /// `/W` array: `first [w …]` runs, subset gid order.
    pub widths: Vec<(u16, Vec<u16>)>,
    pub bbox: [i32; 4],
    pub ascent: i32,
    pub descent: i32,
    pub cap_height: i32,
    pub italic_angle: f32,
    pub flags: i64,
    pub stem_v: i64,
}

impl PdfFace {
    pub fn glyph(&self, c: char) -> Option<Glyph> {
        let i = c as usize;
        if i < FLAT {
            let g = self.flat[i];
            (g.gid != 0).then_some(g)
        } else {
            self.rest.binary_search_by_key(&c, |&(k, _)| k).ok().map(|k| self.rest[k].1)
        }
    }
}

/// The four faces subset to one batch's characters. `Send + Sync`: share it across threads.
#[derive(Debug)]
pub struct PdfFonts {
    pub(crate) faces: Vec<PdfFace>,
}

// Prepared once, shared by every worker thread of a batch.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<PdfFonts>();
};

impl Metrics for PdfFonts {
    fn advance(&self, style: Style, ch: char) -> Option<u16> {
        self.faces[style as usize].glyph(ch).map(|g| g.adv)
    }
}

impl PdfFonts {
    /// Subset every face to the glyphs of `chars` (the batch's characters; digits and the space
    /// are always added for page numbers and justification), build widths and ToUnicode, and
    /// compress the streams once.
    pub fn prepare(fonts: &FontSet, chars: &BTreeSet<char>) -> Result<PdfFonts, super::Error> {
        let mut all: BTreeSet<char> = chars.iter().copied().filter(|c| !c.is_control()).collect();
        if all.remove(&crate::hyphen::SOFT_HYPHEN) {
            all.insert('-');
        }
        all.extend('0'..='9');
        all.extend([' ', ')', '–']);
        let faces = Style::ALL.iter().map(|&s| prepare_face(fonts.face(s), &all)).collect::<Result<Vec<_>, _>>()?;
        Ok(PdfFonts { faces })
    }

    /// As `prepare`, but each face gets only the characters drawn in that face (from
    /// `Document::chars_by_face`): bold and italic are used for a few headings and notices, so their
    /// subsets — and every PDF of the batch — shrink to a fraction. A face with no characters is
    /// still prepared (digits only) and never embedded by a document that does not use it.
    pub fn prepare_styled(fonts: &FontSet, chars: &[BTreeSet<char>; 4]) -> Result<PdfFonts, super::Error> {
        let faces = Style::ALL
            .iter()
            .map(|&s| {
                let mut set: BTreeSet<char> = chars[s as usize].iter().copied().filter(|c| !c.is_control()).collect();
                // A soft hyphen draws nothing, or a hyphen where the line breaks.
                if set.remove(&crate::hyphen::SOFT_HYPHEN) {
                    set.insert('-');
                }
                set.extend('0'..='9');
                set.extend([' ', ')', '–']);
                prepare_face(fonts.face(s), &set)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PdfFonts { faces })
    }

    pub(crate) fn face(&self, style: Style) -> &PdfFace {
        &self.faces[style as usize]
    }
}

fn prepare_face(face: &Face, chars: &BTreeSet<char>) -> Result<PdfFace, super::Error> {
    let f = face.parse();
    let upem = f.units_per_em() as f32;
    let scale = |v: f32| (v * 1000.0 / upem).round() as i32;
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut flat = vec![Glyph::default(); FLAT];
    let mut rest = Vec::new();
    let mut mapped: Vec<(u16, char, u16)> = Vec::new(); // (new gid, char, advance)
    for &c in chars {
        let Some(old) = f.glyph_index(c) else { continue };
        let new = remapper.remap(old.0);
        let adv = scale(f.glyph_hor_advance(old).unwrap_or(0) as f32).max(0) as u16;
        let g = Glyph { gid: new, adv };
        if (c as usize) < FLAT {
            flat[c as usize] = g;
        } else {
            rest.push((c, g));
        }
        mapped.push((new, c, adv));
    }
    let program = crate::fonts::program::pdf_subset(face, &remapper)?;

    // Widths and ToUnicode keyed by subset gid (two chars may share a glyph: first one wins).
    mapped.sort_by_key(|&(g, c, _)| (g, c));
    mapped.dedup_by_key(|&mut (g, _, _)| g);
    let mut widths: Vec<(u16, Vec<u16>)> = Vec::new();
    for &(g, _, adv) in &mapped {
        match widths.last_mut() {
            Some((first, ws)) if *first as usize + ws.len() == g as usize => ws.push(adv),
            _ => widths.push((g, vec![adv])),
        }
    }

    let mut h = Sha256::new();
    h.update(face.postscript.as_bytes());
    for &(g, c, _) in &mapped {
        h.update(g.to_be_bytes());
        h.update((c as u32).to_be_bytes());
    }
    let tag: String = h.finalize().iter().take(6).map(|b| (b'A' + b % 26) as char).collect();

    let to_unicode = cmap(&tag, &mapped);
    let bb = f.global_bounding_box();
    let italic_angle = f.italic_angle();
    let ascent = scale(f.ascender() as f32);
    let descent = scale(f.descender() as f32);
    let cap_height = f.capital_height().map_or(ascent, |v| scale(v as f32));
    // Nonsymbolic (32), serif (2), italic (64).
    let flags = 32 | 2 | if face.style.is_italic() { 64 } else { 0 };
    Ok(PdfFace {
        postscript: face.postscript.clone(),
        flat,
        rest,
        font_file_len: program.len(),
        font_file: deflate(&program),
        to_unicode: deflate(to_unicode.as_bytes()),
        widths,
        bbox: [scale(bb.x_min as f32), scale(bb.y_min as f32), scale(bb.x_max as f32), scale(bb.y_max as f32)],
        ascent,
        descent,
        cap_height,
        italic_angle,
        flags,
        stem_v: if face.style.is_bold() { 120 } else { 80 },
        tag,
    })
}

/// Deflate what a batch compresses once (font programs, CMaps, the ICC profile): best ratio.
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    crate::deflate::once(data, 9, crate::deflate::Wrap::Zlib)
}

/// Deflate level of per-document streams. Measured on the two-page sample: level 3 gives
/// 15.7 KB against 15.4 KB at level 6, and is about a tenth faster; level 1 gives 16.5 KB.
pub(crate) const LEVEL: u32 = 3;

/// Per-document streams (page content); the bulk of a file is the precompressed font.
pub(crate) fn deflate_fast(data: &[u8]) -> Vec<u8> {
    crate::deflate::reused(data, LEVEL, crate::deflate::Wrap::Zlib)
}

fn cmap(tag: &str, mapped: &[(u16, char, u16)]) -> String {
    let mut s = format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /{tag}-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    );
    // Runs of consecutive glyph ids mapping to consecutive BMP chars (glyph ids follow char
    // order, so а..я is one run) become bfrange lines; the rest bfchar lines.
    let mut ranges: Vec<(u16, u16, u32)> = Vec::new(); // (first gid, last gid, first char)
    let mut singles: Vec<(u16, char)> = Vec::new();
    let mut i = 0;
    while i < mapped.len() {
        let (g0, c0, _) = mapped[i];
        let mut j = i;
        while j + 1 < mapped.len()
            && (c0 as u32) < 0xFFFF
            && mapped[j + 1].0 == mapped[j].0 + 1
            && mapped[j + 1].1 as u32 == mapped[j].1 as u32 + 1
            && mapped[j + 1].0 >> 8 == g0 >> 8
            && (mapped[j + 1].1 as u32) >> 8 == (c0 as u32) >> 8
        {
            j += 1;
        }
        if j > i {
            ranges.push((g0, mapped[j].0, c0 as u32));
        } else {
            singles.push((g0, c0));
        }
        i = j + 1;
    }
    for chunk in ranges.chunks(100) {
        s.push_str(&format!("{} beginbfrange\n", chunk.len()));
        for &(a, b, c) in chunk {
            s.push_str(&format!("<{a:04X}> <{b:04X}> <{c:04X}>\n"));
        }
        s.push_str("endbfrange\n");
    }
    for chunk in singles.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for &(g, c) in chunk {
            let mut buf = [0u16; 2];
            let utf16: String = c.encode_utf16(&mut buf).iter().map(|u| format!("{u:04X}")).collect();
            s.push_str(&format!("<{g:04X}> <{utf16}>\n"));
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_maps_kazakh_and_strips_hinting() {
        let fonts = FontSet::embedded();
        let chars: BTreeSet<char> = "Қазақстан әғқңөұүһі «»№–".chars().collect();
        let pf = PdfFonts::prepare(&fonts, &chars).unwrap();
        let reg = pf.face(Style::Regular);
        assert_eq!(reg.tag.len(), 6);
        assert!(reg.tag.chars().all(|c| c.is_ascii_uppercase()));
        for c in chars.iter().copied() {
            assert!(reg.glyph(c).is_some(), "{c}");
        }
        assert!(reg.glyph('\u{10FF}').is_none());
        assert!(reg.font_file.len() < 20_000, "{}", reg.font_file.len());
        // Same input, same tag and bytes.
        let again = PdfFonts::prepare(&fonts, &chars).unwrap();
        assert_eq!(again.face(Style::Regular).tag, reg.tag);
        assert_eq!(again.face(Style::Regular).font_file, reg.font_file);
        // Space advance of Liberation Serif is 0.25 em.
        assert_eq!(reg.glyph(' ').unwrap().adv, 250);
    }
}
