//! The embedded font parts: subset, strip hinting, obfuscate (ECMA-376 Part 1, 17.8.1).
//!
//! allsorts subsets to the minimal installable table set (cmap, head, hhea, hmtx, maxp, name,
//! OS/2, post 3.0, loca, glyf) and leaves fpgm/prep/cvt out; the glyph programs that would call
//! them are stripped here, and the name table keeps only the records that identify the font.
//! Everything is derived from the font bytes, so the same font gives the same part and GUID.

use crate::fonts::Face;
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// What every document may need even when the batch did not use it, so that a user editing the
/// DOCX in Word keeps the embedded font: Latin, Russian and Kazakh letters, digits, punctuation.
pub fn base_chars() -> BTreeSet<char> {
    let mut set: BTreeSet<char> = (' '..='~').collect();
    set.extend('А'..='я');
    set.extend("ЁёӘәҒғҚқҢңӨөҰұҮүҺһІі".chars());
    set.extend("\u{a0}«»–—‘’‚“”„…№§°×±•".chars());
    set
}

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("font {postscript}: embedding is not permitted (OS/2 fsType {fs_type:#06x})")]
    NotEmbeddable { postscript: String, fs_type: u16 },
    #[error("font {postscript} lacks glyphs for: {chars}")]
    Coverage { postscript: String, chars: String },
    #[error("font {postscript}: cannot subset: {reason}")]
    Subset { postscript: String, reason: String },
}

/// One face ready to embed.
#[derive(Debug, Clone)]
pub struct FontPart {
    /// `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, the `w:fontKey`.
    pub key: String,
    /// The subset TrueType, obfuscated (the `.odttf` content).
    pub odttf: Vec<u8>,
    pub glyphs: usize,
}

/// Subset `face` to `chars` (whitespace and control characters the font lacks are skipped).
pub fn prepare_face(face: &Face, chars: &BTreeSet<char>) -> Result<FontPart, FontError> {
    let err = |reason: String| FontError::Subset { postscript: face.postscript.clone(), reason };
    let parsed = face.parse();
    if let Some(os2) = parsed.tables().os2 {
        let fs_type = os2.permissions();
        // Bit 1 (restricted licence) forbids embedding; bit 9 allows bitmaps only (we embed outlines).
        let raw = fs_type_raw(&face.data).unwrap_or(0);
        if matches!(fs_type, Some(ttf_parser::Permissions::Restricted)) || raw & 0x0200 != 0 {
            return Err(FontError::NotEmbeddable { postscript: face.postscript.clone(), fs_type: raw });
        }
    }
    let mut glyphs: BTreeSet<u16> = BTreeSet::from([0]);
    let mut missing = Vec::new();
    for &c in chars {
        match parsed.glyph_index(c) {
            Some(g) => {
                glyphs.insert(g.0);
            }
            None if c.is_whitespace() || c.is_control() => {}
            None => missing.push(format!("{c} (U+{:04X})", c as u32)),
        }
    }
    for c in base_chars() {
        if let Some(g) = parsed.glyph_index(c) {
            glyphs.insert(g.0);
        }
    }
    if !missing.is_empty() {
        return Err(FontError::Coverage { postscript: face.postscript.clone(), chars: missing.join(", ") });
    }
    let glyph_ids: Vec<u16> = glyphs.into_iter().collect();
    let font = ReadScope::new(&face.data).read::<FontData<'_>>().map_err(|e| err(e.to_string()))?;
    let provider = font.table_provider(0).map_err(|e| err(e.to_string()))?;
    let sub =
        subset(&provider, &glyph_ids, &SubsetProfile::Minimal, CmapTarget::Unicode).map_err(|e| err(e.to_string()))?;
    let ttf = strip(&sub).ok_or_else(|| err("malformed subset".to_string()))?;
    ttf_parser::Face::parse(&ttf, 0).map_err(|e| err(format!("subset does not parse: {e}")))?;
    let guid = guid(&ttf);
    let key = format_guid(&guid);
    let mut odttf = ttf;
    obfuscate(&mut odttf, &guid);
    Ok(FontPart { key, odttf, glyphs: glyph_ids.len() })
}

fn fs_type_raw(data: &[u8]) -> Option<u16> {
    let os2 = table(data, b"OS/2")?;
    Some(u16::from_be_bytes([*os2.get(8)?, *os2.get(9)?]))
}

/// A GUID from the font bytes (version-4 layout bits set), so the key is stable.
fn guid(ttf: &[u8]) -> [u8; 16] {
    let hash = Sha256::digest(ttf);
    let mut g = [0u8; 16];
    g.copy_from_slice(&hash[..16]);
    g[6] = (g[6] & 0x0f) | 0x40;
    g[8] = (g[8] & 0x3f) | 0x80;
    g
}

/// The GUID's bytes written in order as hex digits, 8-4-4-4-12.
fn format_guid(g: &[u8; 16]) -> String {
    let hex: String = g.iter().map(|b| format!("{b:02X}")).collect();
    format!("{{{}-{}-{}-{}-{}}}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// 17.8.1: the key is the GUID string's 16 bytes read from its end; the first 32 bytes of the
/// font are XORed with it. XOR is its own inverse, so this also de-obfuscates.
pub fn obfuscate(data: &mut [u8], guid: &[u8; 16]) {
    let key: Vec<u8> = guid.iter().rev().copied().collect();
    for (i, b) in data.iter_mut().take(32).enumerate() {
        *b ^= key[i % 16];
    }
}

/// Parse a `{…}` key back into its GUID bytes.
#[cfg(test)]
fn parse_key(key: &str) -> Option<[u8; 16]> {
    let hex: Vec<u8> = key.bytes().filter(u8::is_ascii_hexdigit).collect();
    if hex.len() != 32 {
        return None;
    }
    let mut g = [0u8; 16];
    for (i, pair) in hex.chunks(2).enumerate() {
        g[i] = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(g)
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}
fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

/// The tables of an sfnt, in directory order.
fn tables(data: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    let n = be16(data, 4)? as usize;
    (0..n)
        .map(|i| {
            let rec = 12 + 16 * i;
            let tag: [u8; 4] = data.get(rec..rec + 4)?.try_into().ok()?;
            let off = be32(data, rec + 8)? as usize;
            let len = be32(data, rec + 12)? as usize;
            Some((tag, data.get(off..off + len)?))
        })
        .collect()
}

fn table<'a>(data: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    tables(data)?.into_iter().find(|(t, _)| t == tag).map(|(_, d)| d)
}

/// Drop glyph instructions (the subset has no fpgm/prep/cvt for them to call), trim the name
/// table, and write the font again with fresh checksums.
fn strip(data: &[u8]) -> Option<Vec<u8>> {
    let mut out: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    let all = tables(data)?;
    let get = |tag: &[u8; 4]| all.iter().find(|(t, _)| t == tag).map(|(_, d)| *d);
    let mut head = get(b"head")?.to_vec();
    let long = be16(&head, 50)? == 1;
    let num_glyphs = be16(get(b"maxp")?, 4)? as usize;
    let (glyf, loca, long) = strip_glyf(get(b"glyf")?, get(b"loca")?, num_glyphs, long)?;
    head[50..52].copy_from_slice(&u16::from(long).to_be_bytes());
    head[8..12].copy_from_slice(&[0; 4]);
    for (tag, d) in &all {
        let d = match tag {
            b"head" => head.clone(),
            b"glyf" => glyf.clone(),
            b"loca" => loca.clone(),
            b"name" => trim_name(d)?,
            b"maxp" => {
                let mut m = d.to_vec();
                if m.len() >= 32 {
                    m[26..28].copy_from_slice(&[0, 0]); // maxSizeOfInstructions
                }
                m
            }
            _ => d.to_vec(),
        };
        out.push((*tag, d));
    }
    out.sort_by_key(|t| t.0);
    Some(write_sfnt(&out))
}

fn strip_glyf(glyf: &[u8], loca: &[u8], n: usize, long: bool) -> Option<(Vec<u8>, Vec<u8>, bool)> {
    let offset = |i: usize| -> Option<usize> {
        if long {
            be32(loca, 4 * i).map(|v| v as usize)
        } else {
            be16(loca, 2 * i).map(|v| 2 * v as usize)
        }
    };
    let mut out = Vec::with_capacity(glyf.len());
    let mut offsets = Vec::with_capacity(n + 1);
    for i in 0..n {
        offsets.push(out.len());
        let g = glyf.get(offset(i)?..offset(i + 1)?)?;
        if !g.is_empty() {
            let contours = be16(g, 0)? as i16;
            if contours >= 0 {
                let ins = 10 + 2 * contours as usize;
                let len = be16(g, ins)? as usize;
                let points = if contours == 0 { 0 } else { be16(g, ins - 2)? as usize + 1 };
                let outline = ins + 2 + len;
                let end = outline + simple_outline_len(g.get(outline..)?, points)?;
                out.extend_from_slice(g.get(..ins)?);
                out.extend_from_slice(&[0, 0]);
                out.extend_from_slice(g.get(outline..end)?);
            } else {
                let start = out.len();
                let mut at = 10;
                let mut last_flags_at;
                loop {
                    let flags = be16(g, at)?;
                    last_flags_at = at;
                    at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
                    at += match flags {
                        f if f & 0x0008 != 0 => 2,
                        f if f & 0x0040 != 0 => 4,
                        f if f & 0x0080 != 0 => 8,
                        _ => 0,
                    };
                    if flags & 0x0020 == 0 {
                        break;
                    }
                }
                out.extend_from_slice(g.get(..at)?);
                let flags = be16(g, last_flags_at)? & !0x0100;
                out[start + last_flags_at..start + last_flags_at + 2].copy_from_slice(&flags.to_be_bytes());
            }
            if out.len() % 2 == 1 {
                out.push(0);
            }
        }
    }
    offsets.push(out.len());
    let long = out.len() > 0x1FFFE;
    let mut loca = Vec::with_capacity((n + 1) * if long { 4 } else { 2 });
    for o in offsets {
        if long {
            loca.extend_from_slice(&(o as u32).to_be_bytes());
        } else {
            loca.extend_from_slice(&((o / 2) as u16).to_be_bytes());
        }
    }
    Some((out, loca, long))
}

/// Length of a simple glyph's flags and coordinates for `points` points (the data after it is
/// padding).
fn simple_outline_len(d: &[u8], points: usize) -> Option<usize> {
    let (mut at, mut n, mut xs, mut ys) = (0, 0, 0, 0);
    while n < points {
        let flags = *d.get(at)?;
        at += 1;
        let repeat = if flags & 0x08 != 0 {
            at += 1;
            usize::from(*d.get(at - 1)?) + 1
        } else {
            1
        };
        // x: short (1 byte) if bit 1, else 2 bytes unless "same" (bit 4); y likewise bits 2 and 5.
        let x = if flags & 0x02 != 0 {
            1
        } else if flags & 0x10 != 0 {
            0
        } else {
            2
        };
        let y = if flags & 0x04 != 0 {
            1
        } else if flags & 0x20 != 0 {
            0
        } else {
            2
        };
        xs += x * repeat;
        ys += y * repeat;
        n += repeat;
    }
    let len = at + xs + ys;
    (len <= d.len()).then_some(len)
}

/// Keep the English Windows records of copyright, family, subfamily, unique id, full name,
/// version, PostScript name and typographic family/subfamily (what Word and LibreOffice read);
/// drop the long licence text, translations and the Mac duplicates.
fn trim_name(name: &[u8]) -> Option<Vec<u8>> {
    let count = be16(name, 2)? as usize;
    let storage = be16(name, 4)? as usize;
    let mut kept = Vec::new();
    for i in 0..count {
        let r = 6 + 12 * i;
        let (platform, lang, id) = (be16(name, r)?, be16(name, r + 4)?, be16(name, r + 6)?);
        if platform == 3 && lang == 0x0409 && matches!(id, 0..=6 | 16 | 17) {
            let (len, off) = (be16(name, r + 8)? as usize, be16(name, r + 10)? as usize);
            kept.push((name.get(r..r + 8)?, name.get(storage + off..storage + off + len)?));
        }
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&(kept.len() as u16).to_be_bytes());
    out.extend_from_slice(&((6 + 12 * kept.len()) as u16).to_be_bytes());
    let mut strings = Vec::new();
    for (rec, s) in &kept {
        out.extend_from_slice(rec);
        out.extend_from_slice(&(s.len() as u16).to_be_bytes());
        out.extend_from_slice(&(strings.len() as u16).to_be_bytes());
        strings.extend_from_slice(s);
    }
    out.extend_from_slice(&strings);
    Some(out)
}

fn checksum(d: &[u8]) -> u32 {
    d.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// An sfnt from tables sorted by tag; `head` must have checkSumAdjustment zeroed.
fn write_sfnt(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let max_pow2 = 1u16 << (15 - n.leading_zeros() as u16);
    let search_range = max_pow2 * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&(max_pow2.trailing_zeros() as u16).to_be_bytes());
    out.extend_from_slice(&(n * 16 - search_range).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, d) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(d).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(d.len() as u32).to_be_bytes());
        offset += d.len().div_ceil(4) * 4;
    }
    for (tag, d) in tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(d);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    #[test]
    fn subset_is_a_valid_font_with_the_alphabets() {
        let fonts = FontSet::embedded();
        let face = &fonts.faces[0];
        let part = prepare_face(face, &"Ғылым".chars().collect()).unwrap();
        let mut ttf = part.odttf.clone();
        obfuscate(&mut ttf, &parse_key(&part.key).unwrap());
        let f = ttf_parser::Face::parse(&ttf, 0).unwrap();
        for c in base_chars() {
            assert!(f.glyph_index(c).is_some() || c == '\u{a0}', "{c:?}");
        }
        let name = f.names().into_iter().find(|n| n.name_id == 1 && n.is_unicode()).unwrap();
        assert_eq!(name.to_string().unwrap(), "Liberation Serif");
        assert!(ttf.len() < 40_000, "{}", ttf.len());
        assert!(f.glyph_index('ә').is_some());
        // Same bytes → same key.
        assert_eq!(prepare_face(face, &"Ғылым".chars().collect()).unwrap().key, part.key);
    }

    #[test]
    fn key_is_the_guid_reversed() {
        let g = parse_key("{00112233-4455-6677-8899-AABBCCDDEEFF}").unwrap();
        let mut d = [0u8; 40];
        obfuscate(&mut d, &g);
        assert_eq!(d[0], 0xFF);
        assert_eq!(d[15], 0x00);
        assert_eq!(d[16], 0xFF);
        assert_eq!(d[32], 0);
        assert_eq!(format_guid(&g), "{00112233-4455-6677-8899-AABBCCDDEEFF}");
    }

    #[test]
    fn a_restricted_font_is_refused() {
        let fonts = FontSet::embedded();
        let mut data = fonts.faces[0].data.to_vec();
        let n = be16(&data, 4).unwrap() as usize;
        let rec = (0..n).map(|i| 12 + 16 * i).find(|&r| &data[r..r + 4] == b"OS/2").unwrap();
        let off = be32(&data, rec + 8).unwrap() as usize;
        data[off + 8..off + 10].copy_from_slice(&0x0002u16.to_be_bytes());
        let face =
            Face::from_bytes(crate::fonts::Style::Regular, data, std::path::Path::new("restricted.ttf")).unwrap();
        let e = prepare_face(&face, &BTreeSet::new()).unwrap_err();
        assert!(matches!(e, FontError::NotEmbeddable { fs_type: 2, .. }), "{e}");
    }

    #[test]
    fn a_missing_character_is_named() {
        let fonts = FontSet::embedded();
        let e = prepare_face(&fonts.faces[0], &['\u{10FF}'].into_iter().collect()).unwrap_err();
        assert!(e.to_string().contains("U+10FF"), "{e}");
    }
}
