//! A page's content stream, written as PDF operators straight into bytes.
//!
//! Why by hand, not through printpdf's `Op`s (as before): we use ten operators (`w m l S BT Tf
//! Tc Tm TJ ET`, and `BDC`/`EMC` around a divided word), every one with numbers of a precision we
//! choose. printpdf turned each `Op` into a lopdf `Operation` of boxed `Object`s, and lopdf then
//! formatted each float by its shortest representation; the two steps were a third of the time
//! of writing a PDF, most of it allocation (`benches/pdf.rs`, perf). Writing the bytes here keeps
//! printpdf for what it does well — the document skeleton and page tree — and makes the stream a
//! pure function of the laid-out page, fixed-point numbers included (same input, same bytes).

use std::collections::BTreeSet;

use super::flow::Page;
use super::font::PdfFonts;
use super::Error;
use crate::fonts::Style;

/// The content stream of one page, uncompressed, and the faces it uses.
pub(crate) fn page_content(page: &Page, fonts: &PdfFonts, used: &mut BTreeSet<Style>) -> Result<Vec<u8>, Error> {
    let mut out = Content { b: Vec::with_capacity(page.runs.len() * 64 + page.rules.len() * 32 + 8) };
    if let Some(first) = page.rules.first() {
        out.fixed(first.width, 2);
        out.op(b"w");
        for r in &page.rules {
            out.fixed(r.x1, 2);
            out.fixed(r.y1, 2);
            out.op(b"m");
            out.fixed(r.x2, 2);
            out.fixed(r.y2, 2);
            out.op(b"l");
            out.op(b"S");
        }
    }
    if page.runs.is_empty() {
        return Ok(out.b);
    }
    out.op(b"BT");
    let mut cur: Option<(Style, f32)> = None;
    let mut cur_tc = 0.0f32;
    let mut glyphs = Vec::new();
    for run in &page.runs {
        let face = fonts.face(run.style);
        if cur != Some((run.style, run.size)) {
            out.b.push(b'/');
            out.b.extend_from_slice(face.tag.as_bytes());
            out.b.push(b' ');
            out.fixed(run.size, 2);
            out.op(b"Tf");
            cur = Some((run.style, run.size));
            used.insert(run.style);
        }
        // A divided word reads whole where it starts and not at all where it ends (ActualText,
        // ISO 32000-1 § 14.9.4), so copy and paste and text extraction give back the word.
        if let Some(actual) = &run.actual {
            out.b.extend_from_slice(b"/Span <</ActualText ");
            out.string(&utf16_text(actual));
            out.b.extend_from_slice(b">> ");
            out.op(b"BDC");
        }
        // Letter spacing, on the few lines that need it (flow's `TRACK_FROM`), reset after them.
        let tc = (run.char_extra * 1000.0).round() / 1000.0;
        if tc != cur_tc {
            out.fixed(tc, 3);
            out.op(b"Tc");
            cur_tc = tc;
        }
        out.b.extend_from_slice(b"1 0 0 1 ");
        out.fixed(run.x, 2);
        out.fixed(run.y, 2);
        out.op(b"Tm");
        // TJ numbers are thousandths of an em, negative moves right; the glyph ids go out as
        // literal strings, one per word group.
        let gap = -(run.space_extra * 1000.0 / run.size * 10.0).round() / 10.0;
        out.b.push(b'[');
        glyphs.clear();
        for c in run.text.chars() {
            let g = face.glyph(c).ok_or_else(|| Error::MissingGlyphs { chars: format!("{c} (U+{:04X})", c as u32) })?;
            glyphs.extend_from_slice(&g.gid.to_be_bytes());
            if c == ' ' && gap != 0.0 {
                out.string(&glyphs);
                out.fixed(gap, 1);
                glyphs.clear();
            }
        }
        if !glyphs.is_empty() {
            out.string(&glyphs);
        }
        out.b.extend_from_slice(b"] ");
        out.op(b"TJ");
        if run.actual.is_some() {
            out.op(b"EMC");
        }
    }
    out.op(b"ET");
    Ok(out.b)
}

/// A PDF text string's bytes: UTF-16BE with a byte order mark (empty stays empty).
pub(crate) fn utf16_text(s: &str) -> Vec<u8> {
    if s.is_empty() {
        return Vec::new();
    }
    let mut b = vec![0xFE, 0xFF];
    b.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
    b
}

struct Content {
    b: Vec<u8>,
}

impl Content {
    /// An operator and the line end that separates it from the next one's operands.
    fn op(&mut self, name: &[u8]) {
        self.b.extend_from_slice(name);
        self.b.push(b'\n');
    }

    /// `v` at `places` decimals, trailing zeros dropped, then a space: `12 `, `-0.5 `, `299.76 `.
    fn fixed(&mut self, v: f32, places: u32) {
        let scale = 10u64.pow(places);
        let n = (f64::from(v) * scale as f64).round() as i64;
        if n < 0 {
            self.b.push(b'-');
        }
        let n = n.unsigned_abs();
        self.int(n / scale);
        let mut frac = n % scale;
        if frac != 0 {
            let mut digits = places;
            while frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
            self.b.push(b'.');
            let at = self.b.len();
            self.b.resize(at + digits as usize, b'0');
            for slot in self.b[at..].iter_mut().rev() {
                *slot = b'0' + (frac % 10) as u8;
                frac /= 10;
            }
        }
        self.b.push(b' ');
    }

    fn int(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.b.extend_from_slice(&digits[i..]);
    }

    /// A literal string (ISO 32000-1 § 7.3.4.2): backslash, carriage return and parentheses
    /// without a partner are escaped, as lopdf's writer does; a balanced pair goes out as is.
    fn string(&mut self, s: &[u8]) {
        if !s.iter().any(|&c| matches!(c, b'(' | b')' | b'\\' | b'\r')) {
            self.b.push(b'(');
            self.b.extend_from_slice(s);
            self.b.push(b')');
            return;
        }
        let mut open = Vec::new();
        let mut escape = vec![false; s.len()];
        for (i, &c) in s.iter().enumerate() {
            match c {
                b'(' => open.push(i),
                b')' => match open.pop() {
                    Some(_) => {}
                    None => escape[i] = true,
                },
                b'\\' | b'\r' => escape[i] = true,
                _ => {}
            }
        }
        for i in open {
            escape[i] = true;
        }
        self.b.push(b'(');
        for (&c, &e) in s.iter().zip(&escape) {
            if e {
                self.b.push(b'\\');
                self.b.push(if c == b'\r' { b'r' } else { c });
            } else {
                self.b.push(c);
            }
        }
        self.b.push(b')');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(v: f32, places: u32) -> String {
        let mut c = Content { b: Vec::new() };
        c.fixed(v, places);
        String::from_utf8(c.b).unwrap()
    }

    fn string(s: &[u8]) -> Vec<u8> {
        let mut c = Content { b: Vec::new() };
        c.string(s);
        c.b
    }

    #[test]
    fn numbers_are_fixed_point_with_trailing_zeros_dropped() {
        assert_eq!(fixed(299.76, 2), "299.76 ");
        assert_eq!(fixed(14.0, 2), "14 ");
        assert_eq!(fixed(0.5, 2), "0.5 ");
        assert_eq!(fixed(-12.34, 1), "-12.3 ");
        assert_eq!(fixed(0.0251, 3), "0.025 ");
        assert_eq!(fixed(0.05, 2), "0.05 ");
        assert_eq!(fixed(-0.001, 2), "0 ");
        assert_eq!(fixed(1000.004, 2), "1000 ");
    }

    #[test]
    fn literal_strings_escape_what_a_reader_would_misread() {
        assert_eq!(string(b"ab"), b"(ab)");
        assert_eq!(string(b"a(b)c"), b"(a(b)c)");
        assert_eq!(string(b")("), b"(\\)\\()");
        assert_eq!(string(b"\\\r\n"), b"(\\\\\\r\n)");
        assert_eq!(string(b"(("), b"(\\(\\()");
    }

    #[test]
    fn what_lopdf_reads_back_is_what_was_written() {
        // lopdf's own content parser is the independent reader here.
        let mut c = Content { b: Vec::new() };
        c.string(&[0, b'(', 1, b'\\', b')', b')', b'\r', 0x29]);
        c.fixed(-3.5, 1);
        c.op(b"Tj");
        let parsed = lopdf::content::Content::decode(&c.b).unwrap();
        assert_eq!(parsed.operations.len(), 1);
        let op = &parsed.operations[0];
        assert_eq!(op.operator, "Tj");
        assert_eq!(
            op.operands[0],
            lopdf::Object::String(vec![0, b'(', 1, b'\\', b')', b')', b'\r', 0x29], lopdf::StringFormat::Literal)
        );
        assert_eq!(op.operands[1].as_float().unwrap(), -3.5);
    }
}
