//! The embedded font parts: which glyphs, the licence check, and obfuscation (ECMA-376 Part 1,
//! 17.8.1).
//!
//! The font program itself (an installable subset, without hinting, with the identifying
//! names) comes from the module both writers share, `fonts::program`. Everything is derived
//! from the font bytes, so the same font gives the same part and GUID.

use crate::fonts::{program, Face};
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
    #[error(transparent)]
    Program(#[from] program::Error),
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
    let parsed = face.parse();
    if let Some(os2) = parsed.tables().os2 {
        let fs_type = os2.permissions();
        // Bit 1 (restricted licence) forbids embedding; bit 9 allows bitmaps only (we embed outlines).
        let raw = fs_type_bits(&face.data);
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
    let ttf = program::docx_subset(face, &glyphs)?;
    let guid = guid(&ttf);
    let key = format_guid(&guid);
    let mut odttf = ttf;
    obfuscate(&mut odttf, &guid);
    Ok(FontPart { key, odttf, glyphs: glyphs.len() })
}

/// OS/2 `fsType`, the embedding licence bits (0 if the font has no OS/2 table).
fn fs_type_bits(data: &[u8]) -> u16 {
    use write_fonts::read::{FontRef, TableProvider};
    FontRef::new(data).and_then(|f| f.os2()).map_or(0, |os2| os2.fs_type())
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
        let os2 = write_fonts::read::FontRef::new(&data)
            .unwrap()
            .table_directory()
            .table_records()
            .iter()
            .find(|r| r.tag() == write_fonts::read::types::Tag::new(b"OS/2"))
            .unwrap()
            .offset() as usize;
        // fsType is at byte 8 of OS/2; 0x0002 is "restricted licence".
        data[os2 + 8..os2 + 10].copy_from_slice(&0x0002u16.to_be_bytes());
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
