//! Flow: the document tree → pages of positioned runs and rules (pure, no PDF).
//!
//! Line breaking takes its opportunities from UAX #14 (`unicode-linebreak`) and its widths from a
//! [`Metrics`] table (advances in thousandths of an em), so it can be tested with a fixed-advance
//! fake font. Pagination keeps headings with what follows, avoids widows and orphans, repeats a
//! table's header row, and refuses a block that cannot fit an empty page. It knows nothing of PDF
//! objects; `emit` turns its pages into printpdf operations.

use std::collections::BTreeSet;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use crate::doc::style::{self, Role};
use crate::doc::{Align, Block, Document, ListStyle, Para, Signature, Size, Span, Table};
use crate::fonts::Style;
use crate::hyphen::{is_letter, SOFT_HYPHEN};

pub use crate::doc::style::{BODY, LEADING, MM, SMALL};

/// Page size and margins in points: the style sheet's page (`style::PageSetup`, millimetres)
/// scaled once, so the PDF's geometry cannot drift from the sheet's.
pub type Geometry = style::PageSetup;

/// The style sheet's page (A4 with the margins of Kazakh official documents) in points.
pub fn a4() -> Geometry {
    style::PAGE.scaled(MM)
}

/// The style sheet's indents, in points (sizes, leading and spacing: `doc::style`).
const INDENT: f32 = style::INDENT * MM;
/// List items of at most this many lines stay on one page.
const SHORT_ITEM: usize = 4;
const HANG: f32 = style::HANG * MM;
const CELL_PAD: f32 = 1.5 * MM;
const RULE: f32 = 0.5;

/// Advances of the faces, in thousandths of an em. `None`: the face has no glyph for the char.
pub trait Metrics {
    fn advance(&self, style: Style, ch: char) -> Option<u16>;
}

/// A run of text in one face and size on one baseline. `x`, `y` are the baseline start in PDF
/// coordinates (origin bottom left). `space_extra` is added after every U+0020 (justification).
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub style: Style,
    pub text: String,
    pub space_extra: f32,
    /// Letter spacing (PDF `Tc`): added after every glyph, spaces included; zero except on a
    /// justified line that its spaces alone would leave too loose (see `TRACK_FROM`).
    pub char_extra: f32,
    /// Natural width (without `space_extra`), points.
    pub width: f32,
    /// What extraction should read instead of the drawn text (PDF `ActualText`): the whole word
    /// on the run that ends in a hyphenation hyphen, nothing on its continuation.
    pub actual: Option<String>,
}

/// A straight thin line (table borders, signature line).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub runs: Vec<Run>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FlowError {
    #[error("the fonts lack glyphs for: {chars}")]
    MissingGlyphs { chars: String },
    #[error("block {block} ({what}) is taller than an empty page")]
    BlockTooTall { block: usize, what: &'static str },
}

/// Lay out the document into pages.
pub fn flow(doc: &Document, m: &dyn Metrics, g: &Geometry) -> Result<Vec<Page>, FlowError> {
    let mut b = Builder { m, g, units: Vec::new(), missing: BTreeSet::new() };
    for (i, block) in doc.blocks.iter().enumerate() {
        b.block(i, block);
    }
    if !b.missing.is_empty() {
        let chars = b.missing.iter().map(|c| format!("{c} (U+{:04X})", *c as u32)).collect::<Vec<_>>().join(", ");
        return Err(FlowError::MissingGlyphs { chars });
    }
    let mut pages = paginate(&b.units, g)?;
    let total = pages.len();
    if total > 1 {
        for (n, page) in pages.iter_mut().enumerate().skip(1) {
            let text = (n + 1).to_string();
            let width = measure(m, Style::Regular, SMALL, &text, &mut BTreeSet::new());
            let x = g.left + (g.text_width() - width) / 2.0;
            let y = g.bottom / 2.0 - SMALL * 0.3;
            page.runs.push(Run {
                x,
                y,
                size: SMALL,
                style: Style::Regular,
                text,
                space_extra: 0.0,
                char_extra: 0.0,
                width,
                actual: None,
            });
        }
    }
    Ok(pages)
}

fn measure(m: &dyn Metrics, style: Style, size: f32, text: &str, missing: &mut BTreeSet<char>) -> f32 {
    let mut em = 0u32;
    for c in text.chars() {
        em += adv(m, style, c, missing) as u32;
    }
    em as f32 * size / 1000.0
}

/// Whether a char is drawn: soft hyphens (drawn only as the hyphen a break adds) and control
/// characters are not.
fn is_drawn(c: char) -> bool {
    !(c.is_control() || c == SOFT_HYPHEN)
}

/// The drawn characters of `s`. Most text has nothing to drop: it is copied in one piece (no
/// control char is below 0x20 or 0x7F, and C1 controls and U+00AD all begin with byte 0xC2).
fn drawn(s: &str) -> String {
    if s.bytes().any(|b| b < 0x20 || b == 0x7F || b == 0xC2) {
        s.chars().filter(|&c| is_drawn(c)).collect()
    } else {
        s.to_owned()
    }
}

fn adv(m: &dyn Metrics, style: Style, c: char, missing: &mut BTreeSet<char>) -> u16 {
    // A soft hyphen is invisible unless a line breaks at it; then the breaker adds a hyphen.
    if !is_drawn(c) {
        return 0;
    }
    match m.advance(style, c) {
        Some(a) => a,
        None => {
            missing.insert(c);
            0
        }
    }
}

/// A slice of the page stack: items relative to its top (`y` downwards from the unit's top).
#[derive(Debug, Clone, Default)]
struct Unit {
    height: f32,
    space_before: f32,
    runs: Vec<Run>,
    rules: Vec<Rule>,
    keep_with_next: bool,
    /// A unit to repeat first when this one opens a page (a table's header row).
    repeat: Option<usize>,
    page_break: bool,
    block: usize,
    what: &'static str,
}

struct Builder<'a> {
    m: &'a dyn Metrics,
    g: &'a Geometry,
    units: Vec<Unit>,
    missing: BTreeSet<char>,
}

/// One broken line: byte ranges into the paragraph text, already trimmed of trailing spaces.
#[derive(Debug)]
struct Line {
    start: usize,
    end: usize,
    width: f32,
    spaces: u32,
    justify: bool,
    /// The line ends at a soft hyphen: a hyphen is drawn after it (and counted in `width`).
    hyphen: bool,
}

/// Word spaces of justified text stretch by this share of a space at badness 100 (TeX's plain
/// format: half a space) and shrink by at most this share (TeX's Computer Modern and Times: a
/// third). A fifth, as before, left paragraphs whose last word would come up by a point or two
/// with the line before it 3–4 spaces wide; a third is still a tight line.
const STRETCH: f32 = 0.5;
const SHRINK: f32 = 1.0 / 3.0;
/// A justified line whose spaces would grow beyond this many spaces (a word gap over twice the
/// space) gives the excess to letter spacing first, up to `TRACK_MAX` em between letters, and
/// only the rest to its spaces. The breaker chooses as if by spaces alone, so this touches only
/// lines it cannot avoid: a paragraph's last but one line when the last word (never divided) is
/// too long to come up, as in two-line list items (`емдеу-профилактикалық, … ұйымдастыру` /
/// `негіздерін;`). A fortieth of an em (a tenth of a space) is below what a reader sees as
/// spaced letters, and it keeps every word gap of the default export within three spaces.
const TRACK_FROM: f32 = 1.0;
const TRACK_MAX: f32 = 0.025;
/// Spaces stretched by more than this many spaces are tried only when nothing tighter exists,
/// and a line whose word gaps would still be wider is set with its natural spaces instead.
const LOOSE: f32 = 3.0;
/// Demerits (Knuth and Plass; TeX's `\linepenalty`, `\hyphenpenalty`, `\doublehyphendemerits`).
const LINE_PENALTY: f32 = 10.0;
const HYPHEN_PENALTY: f32 = 50.0;
const DOUBLE_HYPHEN: f32 = 10_000.0;
/// Letters a division carries to the next line at least. The hyphenator gives every point the
/// orthography allows (two letters on each side, for the DOCX, whose readers cannot shrink a
/// space); total fit can, so it leaves out the points that would start a line with a two-letter
/// syllable (`ка, геронтология`), which reads like a word of its own.
const TAIL_MIN: usize = 3;

/// What a break candidate of total fit follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brk {
    /// Spaces (or the start of the text).
    Normal,
    /// An explicit hyphen (`іс-`): no glyph added, but it counts as a hyphenated line.
    Hard,
    /// A soft hyphen: a hyphen is drawn if the line breaks here.
    Soft,
    /// A forced break or the end of the text.
    End,
}

/// A break candidate: the next line starts at `pos`; this one ends at `end` (trailing spaces
/// trimmed); spaces are counted from the start of the text; `hyphen` is the width a break adds.
#[derive(Debug, Clone, Copy)]
struct Cand {
    pos: usize,
    end: usize,
    kind: Brk,
    spaces_pos: u32,
    spaces_end: u32,
    hyphen: f32,
}

/// Spaces in a prefix of the text, counted incrementally (positions only grow).
#[derive(Default)]
struct SpaceCount {
    at: usize,
    n: u32,
}

impl SpaceCount {
    fn upto(&mut self, text: &str, to: usize) -> u32 {
        if to > self.at {
            self.n += text.as_bytes()[self.at..to].iter().filter(|&&b| b == b' ').count() as u32;
            self.at = to;
        }
        self.n
    }
}

/// Whether the rest of a divided word, `rest` from the division on, is shorter than `TAIL_MIN`
/// letters.
fn short_tail(rest: &str) -> bool {
    let letters = rest.chars().take_while(|&c| c == SOFT_HYPHEN || is_letter(c)).filter(|&c| c != SOFT_HYPHEN);
    letters.take(TAIL_MIN).count() < TAIL_MIN
}

/// Where a line's runs split for a word divided at its end or start, and what extraction reads.
#[derive(Debug, Default)]
struct Split {
    /// The line ends with a divided word starting at this byte, to be read as this whole word.
    head: Option<(usize, String)>,
    /// The line starts with the rest of a divided word, ending at this byte; it reads as nothing.
    tail: Option<usize>,
}

/// The split of line `k` of `lines`.
fn hyphen_split(flat: &Flat, lines: &[Line], k: usize) -> Split {
    let text = &flat.text;
    let word_end = |l: &Line| text[l.start..l.end].find(' ').map_or(l.end, |i| l.start + i);
    let line = &lines[k];
    let mut split = Split::default();
    if let (true, Some(next)) = (line.hyphen, lines.get(k + 1)) {
        let start = text[line.start..line.end].rfind(' ').map_or(line.start, |i| line.start + i + 1);
        let word = drawn(&text[start..line.end]) + &drawn(&text[next.start..word_end(next)]);
        split.head = Some((start, word));
    }
    if k > 0 && lines[k - 1].hyphen {
        split.tail = Some(word_end(line));
    }
    split
}

/// A paragraph's characters with their styles, flattened.
struct Flat {
    text: String,
    /// Style per span: (start byte, style).
    styles: Vec<(usize, Style)>,
    /// Advance (thousandths of an em) of everything before each byte offset: any substring's
    /// width is one subtraction, however often the breaker asks.
    prefix: Vec<u32>,
}

impl Flat {
    fn new(spans: &[Span], force_bold: bool) -> Flat {
        let mut text = String::new();
        let mut styles = Vec::new();
        for s in spans {
            let style = Style::of(s.bold || force_bold, s.italic);
            if styles.last().map(|&(_, st)| st) != Some(style) {
                styles.push((text.len(), style));
            }
            text.push_str(&s.text);
        }
        if styles.is_empty() {
            styles.push((0, Style::Regular));
        }
        Flat { text, styles, prefix: Vec::new() }
    }
    fn style_at(&self, byte: usize) -> Style {
        let i = self.styles.partition_point(|&(s, _)| s <= byte);
        self.styles[i.saturating_sub(1)].1
    }
}

impl Builder<'_> {
    /// Flatten spans and measure every char once.
    fn flat(&mut self, spans: &[Span], force_bold: bool) -> Flat {
        let mut flat = Flat::new(spans, force_bold);
        let mut prefix = vec![0u32; flat.text.len() + 1];
        let mut sum = 0u32;
        let mut k = 0;
        for (i, c) in flat.text.char_indices() {
            while k + 1 < flat.styles.len() && flat.styles[k + 1].0 <= i {
                k += 1;
            }
            for b in &mut prefix[i..i + c.len_utf8()] {
                *b = sum;
            }
            sum += adv(self.m, flat.styles[k].1, c, &mut self.missing) as u32;
        }
        prefix[flat.text.len()] = sum;
        flat.prefix = prefix;
        flat
    }

    fn width_of(&self, flat: &Flat, start: usize, end: usize, size: f32) -> f32 {
        (flat.prefix[end] - flat.prefix[start]) as f32 * size / 1000.0
    }

    /// Break `flat` into lines: the first `first` points wide, the rest `rest`. Justified text
    /// is broken as a whole paragraph ([`Self::break_justified`]), other text first-fit.
    fn break_lines(&mut self, flat: &Flat, size: f32, align: Align, first: f32, rest: f32) -> Vec<Line> {
        if align == Align::Justify {
            if let Some(lines) = self.break_justified(flat, size, first, rest) {
                return lines;
            }
        }
        self.break_first_fit(flat, size, first, rest)
    }

    /// First fit: each line takes as many words as fit; a word wider than the line is broken
    /// by characters.
    fn break_first_fit(&mut self, flat: &Flat, size: f32, first: f32, rest: f32) -> Vec<Line> {
        let text = &flat.text;
        let mut lines = Vec::new();
        let mut line_start = 0usize;
        // Width of the current line up to the last accepted segment (content, spaces included).
        let mut cur = 0.0f32;
        let mut seg_start = 0usize;
        let avail = |n: usize| if n == 0 { first } else { rest };
        let push = |lines: &mut Vec<Line>, b: &mut Self, start: usize, end: usize, justify: bool| {
            let end = start + text[start..end].trim_end_matches([' ', '\n', '\r', '\u{2028}', '\u{2029}']).len();
            let width = b.width_of(flat, start, end, size);
            let spaces = text[start..end].bytes().filter(|&c| c == b' ').count() as u32;
            lines.push(Line { start, end, width, spaces, justify, hyphen: false });
        };
        for (brk, kind) in linebreaks(text) {
            // Ragged text is not hyphenated: a soft hyphen is no break opportunity here.
            if brk == 0 || text[..brk].ends_with(SOFT_HYPHEN) {
                continue;
            }
            let seg = &text[seg_start..brk];
            let content_end = seg_start + seg.trim_end_matches([' ', '\n', '\r', '\u{2028}', '\u{2029}']).len();
            let seg_content = self.width_of(flat, seg_start, content_end, size);
            let seg_full = seg_content + self.width_of(flat, content_end, brk, size);
            let limit = avail(lines.len());
            if cur + seg_content > limit + 0.001 && line_start < seg_start {
                // Does not fit after what the line already holds: break before it.
                push(&mut lines, self, line_start, seg_start, true);
                line_start = seg_start;
                cur = 0.0;
            }
            let limit = avail(lines.len());
            if seg_content > limit + 0.001 && line_start == seg_start {
                // A word wider than the line: break it by characters.
                let mut w = 0.0f32;
                let mut chunk_start = seg_start;
                for (i, c) in text[seg_start..content_end].char_indices() {
                    let at = seg_start + i;
                    let cw = self.width_of(flat, at, at + c.len_utf8(), size);
                    if w + cw > avail(lines.len()) + 0.001 && at > chunk_start {
                        push(&mut lines, self, chunk_start, at, false);
                        chunk_start = at;
                        w = 0.0;
                    }
                    w += cw;
                }
                line_start = chunk_start;
                cur = w + (seg_full - seg_content);
            } else {
                cur += seg_full;
            }
            seg_start = brk;
            if kind == BreakOpportunity::Mandatory && brk < text.len() {
                push(&mut lines, self, line_start, brk, false);
                line_start = brk;
                cur = 0.0;
            }
        }
        if line_start < text.len() || lines.is_empty() {
            push(&mut lines, self, line_start, text.len(), false);
        }
        lines
    }

    /// Total fit (Knuth and Plass): the breaks of a justified paragraph are chosen together,
    /// minimising the demerits of all its lines. Breaks are the spaces, explicit hyphens and the
    /// soft hyphens the hyphenation pass put in. A word space stretches at a cost growing with the
    /// cube of the stretch and shrinks to `1 - SHRINK` of a space at most; a break at a hyphen costs
    /// a penalty, more on the second line in a row and is refused on a third; a paragraph's (or a
    /// forced line's) last word is never divided. The last line is free at any length up to the
    /// measure and, like TeX's, may shrink its spaces to fill it (then it is justified) when that
    /// spares the line before it. `None` when a word is wider than the line: first fit then breaks
    /// it by characters.
    fn break_justified(&mut self, flat: &Flat, size: f32, first: f32, rest: f32) -> Option<Vec<Line>> {
        let text = &flat.text;
        let space = self.m.advance(Style::Regular, ' ').unwrap_or(250) as f32 * size / 1000.0;
        let mut lines: Vec<Line> = Vec::new();
        let mut spaces = SpaceCount::default();
        let mut chunk = vec![Cand { pos: 0, end: 0, kind: Brk::Normal, spaces_pos: 0, spaces_end: 0, hyphen: 0.0 }];
        for (brk, kind) in linebreaks(text) {
            if brk == 0 {
                continue;
            }
            let prev = chunk.last().map_or(0, |c| c.pos);
            let end = prev.max(text[..brk].trim_end_matches([' ', '\n', '\r', '\u{2028}', '\u{2029}']).len());
            let last = kind == BreakOpportunity::Mandatory || brk == text.len();
            let kind = if last {
                Brk::End
            } else if text[..brk].ends_with(SOFT_HYPHEN) {
                if short_tail(&text[brk..]) {
                    continue;
                }
                Brk::Soft
            } else if text[..brk].ends_with(['-', '\u{2010}']) {
                Brk::Hard
            } else {
                Brk::Normal
            };
            let hyphen = match kind {
                Brk::Soft => adv(self.m, flat.style_at(brk - 1), '-', &mut self.missing) as f32 * size / 1000.0,
                _ => 0.0,
            };
            let spaces_end = spaces.upto(text, end);
            let spaces_pos = spaces.upto(text, brk);
            chunk.push(Cand { pos: brk, end, kind, spaces_pos, spaces_end, hyphen });
            if last {
                let avail_first = if lines.is_empty() { first } else { rest };
                let fit = self
                    .total_fit(flat, &chunk, size, space, avail_first, rest, true)
                    .or_else(|| self.total_fit(flat, &chunk, size, space, avail_first, rest, false))?;
                lines.extend(fit);
                chunk = vec![Cand {
                    pos: brk,
                    end: brk,
                    kind: Brk::Normal,
                    spaces_pos,
                    spaces_end: spaces_pos,
                    hyphen: 0.0,
                }];
            }
        }
        if lines.is_empty() {
            lines.push(Line { start: 0, end: 0, width: 0.0, spaces: 0, justify: false, hyphen: false });
        }
        Some(lines)
    }

    /// The best lines for one stretch of text without forced breaks: `chunk[0]` is its start,
    /// the last candidate its end.
    /// With `loose` set, lines whose spaces would stretch beyond `LOOSE` spaces are not even
    /// tried (most candidates of a line are such, so this is most of the speed); a paragraph with
    /// no solution then is solved again without the limit.
    #[allow(clippy::too_many_arguments)]
    fn total_fit(
        &self,
        flat: &Flat,
        c: &[Cand],
        size: f32,
        space: f32,
        first: f32,
        rest: f32,
        loose: bool,
    ) -> Option<Vec<Line>> {
        let m = c.len() - 1;
        // Never a soft hyphen in the last word.
        let last_space = (1..m).rev().find(|&k| c[k].kind == Brk::Normal).unwrap_or(0);
        let usable = |k: usize| !(c[k].kind == Brk::Soft && k > last_space);
        // best[k][h]: least demerits of lines ending at candidate k, the last h of them at hyphens.
        let mut best = vec![[f32::INFINITY; 3]; m + 1];
        let mut from = vec![[(0u32, 0u8); 3]; m + 1];
        best[0][0] = 0.0;
        let mut lo = 0;
        for b in 1..=m {
            if !usable(b) {
                continue;
            }
            let at_hyphen = matches!(c[b].kind, Brk::Soft | Brk::Hard);
            let fits = |a: usize| {
                let width = self.width_of(flat, c[a].pos, c[b].end, size) + c[b].hyphen;
                let sp = c[b].spaces_end - c[a].spaces_pos;
                let avail = if a == 0 { first } else { rest };
                (width, sp, avail, width <= avail + sp as f32 * SHRINK * space + 0.001)
            };
            // The first start from which the line fits only moves forward as `b` does.
            while lo < b && !fits(lo).3 {
                lo += 1;
            }
            for a in lo..b {
                // No line ends there, or no way of reaching it: nothing to measure.
                if !usable(a) || best[a].iter().all(|d| d.is_infinite()) {
                    continue;
                }
                let (width, sp, avail, _) = fits(a);
                if loose && b < m && avail - width > (sp as f32 * LOOSE).max(1.0) * space {
                    break; // starting later only makes the line looser
                }
                let badness = if width > avail {
                    100.0 * ((width - avail) / (sp as f32 * SHRINK * space)).powi(3)
                } else if b == m {
                    0.0
                } else {
                    // Badness is not capped: a line twice as loose costs eight times more, so a
                    // paragraph spreads its slack rather than leave one line with holes. A line of
                    // one word, which cannot be justified at all, costs as if it had one space:
                    // with a cap it came out cheaper than a loose line of several words, and an
                    // unhyphenated list item began with `мекемеде` alone on its line.
                    100.0 * ((avail - width) / (sp.max(1) as f32 * STRETCH * space)).powi(3)
                };
                // A word over three lines would leave a middle line that is all continuation.
                if c[b].kind == Brk::Soft && c[a].kind == Brk::Soft && sp == 0 {
                    continue;
                }
                for h in 0..3 {
                    let d0 = best[a][h];
                    if d0.is_infinite() {
                        continue;
                    }
                    let h2 = if at_hyphen { h + 1 } else { 0 };
                    if h2 > 2 {
                        continue;
                    }
                    let mut d = (LINE_PENALTY + badness).powi(2);
                    if at_hyphen {
                        d += HYPHEN_PENALTY * HYPHEN_PENALTY + if h > 0 { DOUBLE_HYPHEN } else { 0.0 };
                    }
                    if d0 + d < best[b][h2] {
                        best[b][h2] = d0 + d;
                        from[b][h2] = (a as u32, h as u8);
                    }
                }
            }
        }
        let (mut h, mut d) = (0usize, f32::INFINITY);
        for (k, &v) in best[m].iter().enumerate() {
            if v < d {
                (h, d) = (k, v);
            }
        }
        if d.is_infinite() {
            return None;
        }
        let mut ends = Vec::new();
        let mut b = m;
        while b > 0 {
            let (a, h0) = from[b][h];
            ends.push((a as usize, b));
            b = a as usize;
            h = h0 as usize;
        }
        Some(
            ends.into_iter()
                .rev()
                .map(|(a, b)| Line {
                    start: c[a].pos,
                    end: c[b].end,
                    width: self.width_of(flat, c[a].pos, c[b].end, size) + c[b].hyphen,
                    spaces: c[b].spaces_end - c[a].spaces_pos,
                    justify: b < m || self.width_of(flat, c[a].pos, c[b].end, size) > if a == 0 { first } else { rest },
                    hyphen: c[b].kind == Brk::Soft,
                })
                .collect(),
        )
    }

    fn hyphen_width(&mut self, style: Style, size: f32) -> f32 {
        adv(self.m, style, '-', &mut self.missing) as f32 * size / 1000.0
    }

    /// Runs of one line, positioned at `x0` on a baseline `dy` below the unit's top.
    #[allow(clippy::too_many_arguments)]
    fn line_runs(
        &mut self,
        flat: &Flat,
        line: &Line,
        split: &Split,
        size: f32,
        x0: f32,
        avail: f32,
        align: Align,
        dy: f32,
    ) -> Vec<Run> {
        // Negative only for a justified line that shrinks its spaces (total fit allows a little).
        let slack = avail - line.width;
        let (mut x, extra, track) = match align {
            Align::Left => (x0, 0.0, 0.0),
            Align::Center => (x0 + slack.max(0.0) / 2.0, 0.0, 0.0),
            Align::Right => (x0 + slack.max(0.0), 0.0, 0.0),
            Align::Justify if line.justify && line.spaces > 0 => {
                let space = self.m.advance(Style::Regular, ' ').unwrap_or(250) as f32 * size / 1000.0;
                // Glyphs are counted only for a line loose enough to need them.
                let gaps = if slack > line.spaces as f32 * TRACK_FROM * space {
                    let glyphs = flat.text[line.start..line.end].chars().filter(|&c| is_drawn(c));
                    (glyphs.count() + line.hyphen as usize).saturating_sub(1)
                } else {
                    0
                };
                let (extra, track) = spread(slack, line.spaces, gaps as u32, space, TRACK_MAX * size);
                if space + extra + 2.0 * track > LOOSE * space {
                    // Rather a short line than holes: where no breaks keep the gaps within
                    // `LOOSE` spaces (a two-line item whose long last word may not be divided),
                    // the line keeps its natural spaces and ends short of the margin.
                    (x0, 0.0, 0.0)
                } else {
                    (x0, extra, track)
                }
            }
            Align::Justify => (x0, 0.0, 0.0),
        };
        let mut runs = Vec::new();
        let mut start = line.start;
        while start < line.end {
            let style = flat.style_at(start);
            let i = flat.styles.partition_point(|&(s, _)| s <= start);
            let mut end = flat.styles.get(i).map_or(line.end, |&(s, _)| s.min(line.end));
            // A divided word is a run of its own, so extraction can read it whole.
            for cut in [split.head.as_ref().map(|h| h.0), split.tail].into_iter().flatten() {
                if cut > start && cut < end {
                    end = cut;
                }
            }
            let mut text = drawn(&flat.text[start..end]);
            let mut width = self.width_of(flat, start, end, size);
            let spaces = text.bytes().filter(|&c| c == b' ').count() as f32;
            let actual = match (&split.head, split.tail) {
                (Some((h, word)), _) if start >= *h => Some(if start == *h { word.clone() } else { String::new() }),
                (_, Some(t)) if end <= t => Some(String::new()),
                _ => None,
            };
            if line.hyphen && end == line.end {
                text.push('-');
                width += self.hyphen_width(style, size);
            }
            let glyphs = text.chars().count() as f32;
            if !text.is_empty() {
                runs.push(Run { x, y: dy, size, style, text, space_extra: extra, char_extra: track, width, actual });
            }
            x += width + spaces * extra + glyphs * track;
            start = end;
        }
        runs
    }

    /// Lay out a paragraph as units of one line each (for pagination), with widow/orphan control.
    #[allow(clippy::too_many_arguments)]
    fn para_units(
        &mut self,
        block: usize,
        what: &'static str,
        flat: &Flat,
        size: f32,
        align: Align,
        x_first: f32,
        x_rest: f32,
        right: f32,
        keep_all: bool,
    ) -> Vec<Unit> {
        let lh = size * LEADING;
        let lines = self.break_lines(flat, size, align, right - x_first, right - x_rest);
        let n = lines.len();
        let mut units = Vec::with_capacity(n);
        for (k, line) in lines.iter().enumerate() {
            let x0 = if k == 0 { x_first } else { x_rest };
            let split = hyphen_split(flat, &lines, k);
            let runs = self.line_runs(flat, line, &split, size, x0, right - x0, align, baseline(size));
            // Orphan: the first line keeps with the second; widow: the last but one with the last;
            // a hyphenated line with the next, so no word is divided across a page.
            let keep = keep_all || (n >= 2 && (k == 0 || k + 2 == n)) || line.hyphen;
            units.push(Unit { height: lh, runs, keep_with_next: keep, block, what, ..Unit::default() });
        }
        units
    }

    fn block(&mut self, i: usize, block: &Block) {
        let g = *self.g;
        let (left, right) = (g.left, g.width - g.right);
        match block {
            Block::Heading { level, para } => {
                let flat = self.flat(&para.spans, style::bold(Role::Heading(*level)));
                let align = style::heading_align(para);
                let size = style::size(para.size);
                let x_first = left + if para.indent { INDENT } else { 0.0 };
                let mut units = self.para_units(i, "heading", &flat, size, align, x_first, left, right, true);
                let spacing = style::heading_spacing(*level);
                if let Some(u) = units.first_mut() {
                    u.space_before = spacing.before;
                }
                if let Some(u) = units.last_mut() {
                    u.height += spacing.after;
                }
                self.units.extend(units);
            }
            Block::Paragraph(p) => self.paragraph(i, "paragraph", p),
            Block::Note(p) => {
                let mut p = p.clone();
                p.size = Size::Small;
                let first = self.units.len();
                self.paragraph(i, "note", &p);
                if let Some(u) = self.units.get_mut(first) {
                    u.space_before = style::NOTE.before;
                }
            }
            Block::List(list) => {
                let marker = |k: usize| match list.style {
                    ListStyle::Numbered => format!("{})", list.start as usize + k),
                    ListStyle::Bulleted => "–".to_string(),
                };
                // The hanging indent grows when a marker ("100)") is wider than the default.
                let widest = (0..list.items.len())
                    .map(|k| measure(self.m, Style::Regular, BODY, &marker(k), &mut self.missing))
                    .fold(0.0f32, f32::max);
                let hang = HANG.max(widest + 0.3 * BODY);
                for (k, item) in list.items.iter().enumerate() {
                    let marker = marker(k);
                    let size = style::size(item.size);
                    let x_marker = left + if item.indent { INDENT } else { 0.0 };
                    let x_text = x_marker + hang;
                    let flat = self.flat(&item.spans, false);
                    let mut units =
                        self.para_units(i, "list item", &flat, size, item.align, x_text, x_text, right, false);
                    // A short item is not divided across pages (a long one is, by the widow and
                    // orphan rules): a page that opens inside an item opens without its marker,
                    // and `pdftotext` then reads the next items' markers before that text.
                    if units.len() <= SHORT_ITEM {
                        let n = units.len();
                        units.iter_mut().take(n.saturating_sub(1)).for_each(|u| u.keep_with_next = true);
                    }
                    let mw = measure(self.m, Style::Regular, size, &marker, &mut self.missing);
                    if let Some(u) = units.first_mut() {
                        u.runs.insert(
                            0,
                            Run {
                                x: x_marker,
                                y: baseline(size),
                                size,
                                style: Style::Regular,
                                text: marker,
                                space_extra: 0.0,
                                char_extra: 0.0,
                                width: mw,
                                actual: None,
                            },
                        );
                    }
                    self.units.extend(units);
                }
            }
            Block::Table(t) => self.table(i, t),
            Block::Signature(s) => self.signature(i, s),
            Block::PageBreak => {
                self.units.push(Unit { page_break: true, block: i, what: "page break", ..Unit::default() });
            }
        }
    }

    fn paragraph(&mut self, i: usize, what: &'static str, p: &Para) {
        let g = *self.g;
        let (left, right) = (g.left, g.width - g.right);
        let flat = self.flat(&p.spans, false);
        let x_first = left + if p.indent { INDENT } else { 0.0 };
        let size = style::size(p.size);
        let units = self.para_units(i, what, &flat, size, p.align, x_first, left, right, false);
        self.units.extend(units);
    }

    fn signature(&mut self, i: usize, s: &Signature) {
        let g = *self.g;
        let (left, right) = (g.left, g.width - g.right);
        let size = BODY;
        let lh = size * LEADING;
        let lw = measure(self.m, Style::Regular, size, &s.label, &mut self.missing);
        let nw = measure(self.m, Style::Regular, size, &s.name, &mut self.missing);
        let gap = 3.0 * MM;
        let min_line = 25.0 * MM;
        let by = baseline(size);
        let run = |x: f32, text: &str, width: f32| Run {
            x,
            y: by,
            size,
            style: Style::Regular,
            text: text.to_string(),
            space_extra: 0.0,
            char_extra: 0.0,
            width,
            actual: None,
        };
        let rule = |x1: f32, x2: f32| Rule { x1, y1: by + 1.5, x2, y2: by + 1.5, width: RULE };
        let unit = |runs: Vec<Run>, rules: Vec<Rule>| Unit {
            height: lh,
            runs,
            rules,
            keep_with_next: true,
            block: i,
            what: "signature",
            ..Unit::default()
        };
        let mut units = Vec::new();
        if lw + nw + 2.0 * gap + min_line <= right - left {
            // `label ______________ name` on one line.
            units.push(unit(
                vec![run(left, &s.label, lw), run(right - nw, &s.name, nw)],
                vec![rule(left + lw + gap, right - nw - gap)],
            ));
        } else {
            // Too long for one line: the label wraps above, then the line and the name.
            let flat = self.flat(&[Span::plain(s.label.clone())], false);
            units.extend(self.para_units(i, "signature", &flat, size, Align::Left, left, left, right, true));
            if nw + gap + min_line <= right - left {
                units.push(unit(vec![run(right - nw, &s.name, nw)], vec![rule(left, right - nw - gap)]));
            } else {
                units.push(unit(Vec::new(), vec![rule(left, right)]));
                let flat = self.flat(&[Span::plain(s.name.clone())], false);
                units.extend(self.para_units(i, "signature", &flat, size, Align::Right, left, left, right, true));
            }
        }
        if let Some(u) = units.first_mut() {
            u.space_before = style::SIGNATURE.before;
        }
        if let Some(u) = units.last_mut() {
            u.keep_with_next = false;
        }
        self.units.extend(units);
    }

    fn table(&mut self, i: usize, t: &Table) {
        let g = *self.g;
        let left = g.left;
        let total: u32 = t.widths.iter().sum::<u32>().max(1);
        let tw = g.text_width();
        let ncols = t.rows.iter().map(|r| r.len()).max().unwrap_or(0).max(t.widths.len());
        let col_w: Vec<f32> = (0..ncols)
            .map(|c| match t.widths.get(c) {
                Some(&w) => w as f32 / total as f32 * tw,
                None => 0.0,
            })
            .collect();
        let mut header_unit = None;
        for (r, row) in t.rows.iter().enumerate() {
            let is_header = t.header && r == 0;
            let mut x = left;
            let mut runs = Vec::new();
            let mut height = 0.0f32;
            for (c, w) in col_w.iter().enumerate() {
                let mut dy = CELL_PAD;
                if let Some(cell) = row.get(c) {
                    for p in cell {
                        let role = if is_header { Role::TableHeader } else { Role::TableCell };
                        let flat = self.flat(&p.spans, style::bold(role));
                        let size = style::size(p.size);
                        let inner_l = x + CELL_PAD;
                        let inner_r = x + w - CELL_PAD;
                        let first = inner_l + if p.indent { INDENT.min((inner_r - inner_l) / 3.0) } else { 0.0 };
                        for u in self.para_units(i, "table row", &flat, size, p.align, first, inner_l, inner_r, false) {
                            for mut run in u.runs {
                                run.y += dy;
                                runs.push(run);
                            }
                            dy += u.height;
                        }
                    }
                }
                height = height.max(dy + CELL_PAD);
                x += w;
            }
            let mut rules = Vec::new();
            if t.borders {
                let right = left + col_w.iter().sum::<f32>();
                rules.push(Rule { x1: left, y1: 0.0, x2: right, y2: 0.0, width: RULE });
                rules.push(Rule { x1: left, y1: height, x2: right, y2: height, width: RULE });
                let mut x = left;
                rules.push(Rule { x1: x, y1: 0.0, x2: x, y2: height, width: RULE });
                for w in &col_w {
                    x += w;
                    rules.push(Rule { x1: x, y1: 0.0, x2: x, y2: height, width: RULE });
                }
            }
            let unit = Unit {
                height,
                space_before: if r == 0 { style::TABLE.before } else { 0.0 },
                runs,
                rules,
                keep_with_next: is_header,
                repeat: if is_header { None } else { header_unit },
                block: i,
                what: "table row",
                page_break: false,
            };
            if is_header {
                header_unit = Some(self.units.len());
            }
            self.units.push(unit);
        }
        if let Some(u) = self.units.last_mut() {
            u.height += style::TABLE.after;
        }
    }
}

/// How a justified line fills its `slack`: (extra per word space, extra per glyph). Spaces take
/// it up to `TRACK_FROM` spaces each; then the glyphs, up to `track_max` points each, while the
/// word gap a reader sees (the space, its extra, the letter spacing after the word's last letter
/// and after the space) stays where it was; then spaces again. A negative slack (shrinking) goes
/// to the spaces alone. `glyphs`: the glyphs of the line but its last (whose spacing is past the
/// margin), spaces included.
fn spread(slack: f32, spaces: u32, glyphs: u32, space: f32, track_max: f32) -> (f32, f32) {
    let (n, k) = (spaces as f32, glyphs as f32);
    let word = TRACK_FROM * space;
    if slack <= n * word || k <= 2.0 * n {
        return (slack / n.max(1.0), 0.0);
    }
    // slack = n·(word − 2t) + k·t while t ≤ track_max.
    let track = ((slack - n * word) / (k - 2.0 * n)).min(track_max);
    ((slack - k * track) / n, track)
}

/// Baseline below the top of a line box: the line's share of leading above, then the ascent.
fn baseline(size: f32) -> f32 {
    size * (LEADING - 1.0) / 2.0 + size * 0.891
}

/// Place units on pages; `keep_with_next` chains move together when they can.
fn paginate(units: &[Unit], g: &Geometry) -> Result<Vec<Page>, FlowError> {
    let avail = g.text_height();
    let mut pages = vec![Page::default()];
    let mut used = 0.0f32; // points used on the current page
    let mut empty = true;
    // The page holds only a repeated table header: breaking again would repeat it forever.
    let mut fresh = false;
    let place = |page: &mut Page, u: &Unit, top: f32| {
        let top_y = g.height - g.top - top;
        for r in &u.runs {
            let mut r = r.clone();
            r.y = top_y - r.y;
            page.runs.push(r);
        }
        for rule in &u.rules {
            page.rules.push(Rule { y1: top_y - rule.y1, y2: top_y - rule.y2, ..*rule });
        }
    };
    let mut i = 0;
    while i < units.len() {
        let u = &units[i];
        if u.page_break {
            // A break at a page top or at the very end would only make an empty page.
            if !empty && i + 1 < units.len() {
                pages.push(Page::default());
                used = 0.0;
                empty = true;
            }
            i += 1;
            continue;
        }
        // The keep chain starting at i.
        let mut j = i;
        while units[j].keep_with_next && j + 1 < units.len() && !units[j + 1].page_break {
            j += 1;
        }
        let chain_h: f32 = units[i..=j]
            .iter()
            .enumerate()
            .map(|(k, u)| u.height + if k == 0 && empty { 0.0 } else { u.space_before })
            .sum();
        if used + chain_h <= avail + 0.01 {
            for u in &units[i..=j] {
                let sb = if empty { 0.0 } else { u.space_before };
                place(pages.last_mut().unwrap(), u, used + sb);
                used += sb + u.height;
                empty = false;
            }
            fresh = false;
            i = j + 1;
            continue;
        }
        if !empty && !fresh {
            pages.push(Page::default());
            used = 0.0;
            empty = true;
            if let Some(h) = u.repeat {
                place(pages.last_mut().unwrap(), &units[h], 0.0);
                used = units[h].height;
                empty = false;
                fresh = true;
            }
            continue;
        }
        // The chain does not fit an empty page: give up keeping it together, place one unit.
        if used + u.height > avail + 0.01 {
            return Err(FlowError::BlockTooTall { block: u.block, what: u.what });
        }
        place(pages.last_mut().unwrap(), u, used);
        used += u.height;
        empty = false;
        fresh = false;
        i += 1;
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Meta;

    /// Every char 500/1000 em, except the missing '\u{10FF}'.
    struct Fixed;
    impl Metrics for Fixed {
        fn advance(&self, _: Style, ch: char) -> Option<u16> {
            (ch != '\u{10FF}').then_some(500)
        }
    }

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            meta: Meta {
                title: "t".into(),
                author: "a".into(),
                subject: "s".into(),
                lang: "kk-KZ".into(),
                identity: "id".into(),
            },
            blocks,
        }
    }

    fn para(text: &str, align: Align) -> Para {
        Para { align, indent: true, size: Size::Normal, spans: vec![Span::plain(text)] }
    }

    fn no_space(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    const KK: &str = "Қазақстан Республикасының Еңбек кодексін, «Халықты әлеуметтік қорғау» туралы \
                      заңнаманы, № 360 бұйрықты – және өзге де нормативтік құқықтық актілерді білуге тиіс.";

    /// Where the pen stands after a run: its natural width, the extra of its spaces and the letter
    /// spacing after each of its glyphs.
    fn advance(r: &Run) -> f32 {
        r.width + r.text.matches(' ').count() as f32 * r.space_extra + r.text.chars().count() as f32 * r.char_extra
    }

    fn check_lines(pages: &[Page], g: &Geometry) {
        for p in pages {
            for r in &p.runs {
                // The spacing after the last glyph is no ink.
                let w = advance(r) - r.char_extra;
                assert!(r.x >= g.left - 0.01, "{r:?}");
                assert!(r.x + w <= g.width - g.right + 0.05, "run past the margin: {r:?}");
                assert!(r.y >= g.bottom - 0.01 || r.size == SMALL, "{r:?}");
            }
        }
    }

    #[test]
    fn lines_fit_and_lose_nothing() {
        let g = a4();
        let text = KK.repeat(12);
        let pages = flow(&doc(vec![Block::Paragraph(para(&text, Align::Justify))]), &Fixed, &g).unwrap();
        check_lines(&pages, &g);
        let joined: String =
            pages.iter().flat_map(|p| p.runs.iter().filter(|r| r.y > g.bottom).map(|r| r.text.as_str())).collect();
        assert_eq!(no_space(&joined), no_space(&text));
    }

    #[test]
    fn justified_lines_reach_the_margin_except_the_last() {
        let g = a4();
        let pages = flow(&doc(vec![Block::Paragraph(para(&KK.repeat(3), Align::Justify))]), &Fixed, &g).unwrap();
        let runs = &pages[0].runs;
        let right = g.width - g.right;
        for r in &runs[..runs.len() - 1] {
            let end = r.x + advance(r) - r.char_extra;
            assert!((end - right).abs() < 0.05, "{end} vs {right}: {r:?}");
        }
        assert_eq!(runs.last().unwrap().space_extra, 0.0);
    }

    #[test]
    fn a_long_word_is_broken_by_characters() {
        let g = a4();
        let word = "ә".repeat(200);
        let pages = flow(&doc(vec![Block::Paragraph(para(&word, Align::Left))]), &Fixed, &g).unwrap();
        check_lines(&pages, &g);
        assert!(pages[0].runs.len() >= 3);
        let joined: String = pages[0].runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(joined, word);
    }

    #[test]
    fn missing_glyphs_are_listed() {
        let g = a4();
        let err = flow(&doc(vec![Block::Paragraph(para("a\u{10FF}b", Align::Left))]), &Fixed, &g).unwrap_err();
        assert!(matches!(&err, FlowError::MissingGlyphs { chars } if chars.contains("U+10FF")), "{err}");
    }

    #[test]
    fn page_numbers_from_page_two_and_no_widow() {
        let g = a4();
        let blocks: Vec<Block> = (0..40).map(|_| Block::Paragraph(para(KK, Align::Justify))).collect();
        let pages = flow(&doc(blocks), &Fixed, &g).unwrap();
        assert!(pages.len() >= 2);
        check_lines(&pages, &g);
        assert!(!pages[0].runs.iter().any(|r| r.y < g.bottom));
        assert!(pages[1].runs.iter().any(|r| r.text == "2" && r.y < g.bottom));
        // Every page after the first starts with at least two lines of the same paragraph
        // or a paragraph's first line: the top line is never a lone last line.
        let tops: Vec<f32> = pages[1].runs.iter().map(|r| r.y).collect();
        assert!(tops.iter().filter(|&&y| y > g.bottom).count() > 1);
    }

    #[test]
    fn heading_is_kept_with_the_next_lines() {
        let g = a4();
        let mut blocks: Vec<Block> = Vec::new();
        // Fill the first page nearly full with one-line paragraphs.
        let lh = BODY * LEADING;
        let n = ((g.text_height() / lh) as usize) - 1;
        for _ in 0..n {
            blocks.push(Block::Paragraph(para("бір", Align::Left)));
        }
        blocks.push(Block::Heading { level: 2, para: para("Тақырып", Align::Left) });
        blocks.push(Block::Paragraph(para(&KK.repeat(2), Align::Justify)));
        let pages = flow(&doc(blocks), &Fixed, &g).unwrap();
        assert!(pages[1].runs.iter().any(|r| r.text == "Тақырып"));
        assert!(!pages[0].runs.iter().any(|r| r.text == "Тақырып"));
    }

    #[test]
    fn a_block_taller_than_a_page_is_an_error() {
        let g = a4();
        let cell = vec![Para {
            align: Align::Left,
            indent: false,
            size: Size::Normal,
            spans: vec![Span::plain("ә ".repeat(3000))],
        }];
        let t = Table { widths: vec![1, 1], borders: true, header: false, rows: vec![vec![cell.clone(), cell]] };
        let err = flow(&doc(vec![Block::Table(t)]), &Fixed, &g).unwrap_err();
        assert!(matches!(err, FlowError::BlockTooTall { block: 0, .. }), "{err}");
    }

    #[test]
    fn table_header_repeats_and_lists_are_numbered() {
        let g = a4();
        let cell =
            |s: &str| vec![Para { align: Align::Left, indent: false, size: Size::Small, spans: vec![Span::plain(s)] }];
        let mut rows = vec![vec![cell("Аты-жөні"), cell("Қолы")]];
        for k in 0..80 {
            rows.push(vec![cell(&format!("Қызметкер {k}")), cell("")]);
        }
        let t = Table { widths: vec![3, 1], borders: true, header: true, rows };
        let list = crate::doc::List {
            style: ListStyle::Numbered,
            start: 3,
            items: vec![para("бірінші", Align::Justify), para("екінші", Align::Justify)],
        };
        let pages = flow(&doc(vec![Block::List(list), Block::Table(t)]), &Fixed, &g).unwrap();
        assert!(pages.len() >= 2);
        assert!(pages[0].runs.iter().any(|r| r.text == "3)"));
        assert!(pages[0].runs.iter().any(|r| r.text == "4)"));
        for p in &pages {
            assert!(p.runs.iter().any(|r| r.text == "Аты-жөні" && r.style == Style::Bold));
        }
        check_lines(&pages, &g);
    }

    /// One-line paragraphs that fill page 1 but for its last two lines.
    fn leaving_two_lines(g: &Geometry) -> Vec<Block> {
        let fill = ((g.text_height() / (BODY * LEADING)) as usize) - 2;
        (0..fill).map(|_| Block::Paragraph(para("бір", Align::Left))).collect()
    }

    #[test]
    fn no_lone_last_line_at_a_page_top_and_page_breaks_work() {
        let g = a4();
        let mut blocks = leaving_two_lines(&g);
        // Three lines: two would fit, leaving the last alone on page 2 — it must move with one more.
        let three = "сөз ".repeat(60);
        blocks.push(Block::Paragraph(para(three.trim(), Align::Justify)));
        blocks.push(Block::PageBreak);
        blocks.push(Block::Paragraph(para("соңғы", Align::Left)));
        blocks.push(Block::PageBreak);
        let pages = flow(&doc(blocks), &Fixed, &g).unwrap();
        assert_eq!(pages.len(), 3);
        let body = |p: &Page| p.runs.iter().filter(|r| r.y > g.bottom).count();
        assert!(body(&pages[1]) >= 2, "page 2 starts with at least two lines of the paragraph");
        assert_eq!(body(&pages[2]), 1);
        assert_eq!(pages[2].runs.iter().find(|r| r.y > g.bottom).unwrap().text, "соңғы");
    }

    #[test]
    fn a_short_list_item_moves_whole_to_the_next_page() {
        let g = a4();
        let mut blocks = leaving_two_lines(&g);
        // Four lines: widow and orphan rules alone would put two on each page.
        let item = para("бірінші\nекінші\nүшінші\nтөртінші", Align::Justify);
        blocks.push(Block::List(crate::doc::List { style: ListStyle::Numbered, start: 1, items: vec![item] }));
        let pages = flow(&doc(blocks), &Fixed, &g).unwrap();
        assert_eq!(pages.len(), 2);
        let texts: Vec<&str> = pages[1].runs.iter().filter(|r| r.y > g.bottom).map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["1)", "бірінші", "екінші", "үшінші", "төртінші"]);
    }

    #[test]
    fn a_row_too_tall_under_a_repeated_header_is_an_error_not_a_loop() {
        let g = a4();
        let cell = |s: String| {
            vec![Para { align: Align::Left, indent: false, size: Size::Normal, spans: vec![Span::plain(s)] }]
        };
        let lh = BODY * LEADING;
        let lines = (g.text_height() / lh) as usize - 1; // fits an empty page, not one with a header
        let tall = vec!["ә"; lines].join("\n");
        let t = Table {
            widths: vec![1],
            borders: false,
            header: true,
            rows: vec![vec![cell("Тақырып".into())], vec![cell("бір".into())], vec![cell(tall)]],
        };
        let err = flow(&doc(vec![Block::Table(t)]), &Fixed, &g).unwrap_err();
        assert!(matches!(err, FlowError::BlockTooTall { .. }), "{err}");
    }

    #[test]
    fn long_signatures_and_markers_stay_inside_the_margins() {
        let g = a4();
        let long = "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігінің басшысы";
        let blocks = vec![
            Block::Signature(Signature {
                label: "Таныстым:".into(), name: "А. Б. Сейітқали".into()
            }),
            Block::Signature(Signature { label: long.into(), name: "А. Б. Сейітқали".into() }),
            Block::Signature(Signature { label: long.into(), name: long.repeat(2) }),
            Block::List(crate::doc::List {
                style: ListStyle::Numbered,
                start: 998,
                items: vec![para("бір", Align::Left), para("екі", Align::Left), para("үш", Align::Left)],
            }),
        ];
        let pages = flow(&doc(blocks), &Fixed, &g).unwrap();
        check_lines(&pages, &g);
        for r in &pages[0].rules {
            assert!(r.x1 >= g.left - 0.01 && r.x2 <= g.width - g.right + 0.01 && r.x1 < r.x2, "{r:?}");
        }
        let marker = pages[0].runs.iter().find(|r| r.text == "1000)").unwrap();
        let item = pages[0].runs.iter().find(|r| r.text == "үш").unwrap();
        assert!(marker.x + marker.width < item.x, "the marker does not run into the text");
    }

    #[test]
    fn mixed_styles_in_a_justified_line_stay_contiguous() {
        let g = a4();
        let mut spans = Vec::new();
        for k in 0..30 {
            spans.push(Span { text: format!("сөз{k} "), bold: k % 3 == 0, italic: k % 5 == 0 });
        }
        let p = Para { align: Align::Justify, indent: false, size: Size::Normal, spans };
        let pages = flow(&doc(vec![Block::Paragraph(p)]), &Fixed, &g).unwrap();
        let runs: Vec<&Run> = pages[0].runs.iter().filter(|r| r.y > g.bottom).collect();
        assert!(runs.iter().any(|r| r.style == Style::BoldItalic));
        for w in runs.windows(2) {
            if w[0].y == w[1].y {
                let end = w[0].x + advance(w[0]);
                assert!((end - w[1].x).abs() < 0.01, "{:?} then {:?}", w[0], w[1]);
            }
        }
        check_lines(&pages, &g);
    }

    /// The body runs of the pages, grouped by line (baseline), in order.
    fn body_lines<'p>(pages: &'p [Page], g: &Geometry) -> Vec<Vec<Vec<&'p Run>>> {
        pages
            .iter()
            .map(|p| {
                let mut lines: Vec<Vec<&Run>> = Vec::new();
                for r in p.runs.iter().filter(|r| r.y > g.bottom) {
                    match lines.last_mut() {
                        Some(l) if l[0].y == r.y => l.push(r),
                        _ => lines.push(vec![r]),
                    }
                }
                lines
            })
            .collect()
    }

    /// Text as extraction reads it: a run with `actual` reads as that.
    fn read(runs: &[&Run]) -> String {
        runs.iter().map(|r| r.actual.as_deref().unwrap_or(&r.text)).collect()
    }

    fn hyphenated(text: &str) -> String {
        crate::hyphen::Hyphenator::default().hyphenate(text).into_owned()
    }

    const LONG: &str = "Халықты әлеуметтік қорғау және жұмыспен қамту ұйымдарының басшылары, мамандары және \
                        басқа да қызметшілері лауазымдарының үлгілік біліктілік сипаттамаларын бекіту туралы \
                        медициналық-педагогикалық түзеу, психологиялық-әлеуметтік оңалту жұмыстарын ұйымдастыруды.";

    #[test]
    fn soft_hyphens_divide_words_with_a_drawn_hyphen_that_reads_as_the_whole_word() {
        let g = a4();
        let text = hyphenated(&LONG.repeat(4));
        let pages = flow(&doc(vec![Block::Paragraph(para(&text, Align::Justify))]), &Fixed, &g).unwrap();
        check_lines(&pages, &g);
        let runs: Vec<&Run> = pages.iter().flat_map(|p| p.runs.iter().filter(|r| r.y > g.bottom)).collect();
        assert!(runs.iter().all(|r| !r.text.contains(SOFT_HYPHEN)), "a soft hyphen is never drawn");
        let heads: Vec<&&Run> = runs.iter().filter(|r| r.actual.as_deref().is_some_and(|a| !a.is_empty())).collect();
        assert!(!heads.is_empty(), "Fixed metrics and 4 repeats divide some word");
        for h in &heads {
            let word = h.actual.as_deref().unwrap();
            let drawn = h.text.strip_suffix('-').expect("the divided word's first part ends with a drawn hyphen");
            assert!(word.starts_with(drawn) && word.len() > drawn.len(), "{h:?}");
            assert!(!word.contains(' ') && !word.contains(SOFT_HYPHEN), "{word}");
        }
        // Read as extraction does, the paragraph is its text without the soft hyphens.
        let want: String = text.chars().filter(|&c| c != SOFT_HYPHEN).collect();
        assert_eq!(no_space(&read(&runs)), no_space(&want));
    }

    #[test]
    fn at_most_two_hyphenated_lines_in_a_row_and_never_the_last_word() {
        let g = a4();
        let mut narrow = g;
        narrow.right = g.width - g.left - 60.0 * MM; // a narrow measure forces many hyphens
        let text = hyphenated(&LONG.repeat(3));
        let pages = flow(&doc(vec![Block::Paragraph(para(&text, Align::Justify))]), &Fixed, &narrow).unwrap();
        check_lines(&pages, &narrow);
        let lines: Vec<Vec<&Run>> = body_lines(&pages, &narrow).into_iter().flatten().collect();
        let ends_hyphen = |l: &[&Run]| l.last().is_some_and(|r| r.text.ends_with('-'));
        let flags: Vec<bool> = lines.iter().map(|l| ends_hyphen(l)).collect();
        assert!(flags.iter().filter(|&&f| f).count() >= 3, "{flags:?}");
        for w in flags.windows(3) {
            assert!(!(w[0] && w[1] && w[2]), "three hyphenated lines in a row: {flags:?}");
        }
        assert!(!flags[flags.len() - 2] && !flags[flags.len() - 1], "the last word is whole: {flags:?}");
    }

    #[test]
    fn a_divided_word_carries_at_least_three_letters_to_the_next_line() {
        let g = a4();
        let mut narrow = g;
        narrow.right = g.width - g.left - 60.0 * MM;
        let text = hyphenated(&"2017 жылғы бұйрығына және ұйымдастыруды, этика, социология негіздерін ".repeat(8));
        // The hyphenator gives two-letter points (`жыл·ғы`, `эти·ка`); the PDF may not use them.
        assert!(text.contains("жыл\u{AD}ғы") && text.contains("эти\u{AD}ка"), "{text}");
        let pages = flow(&doc(vec![Block::Paragraph(para(&text, Align::Justify))]), &Fixed, &narrow).unwrap();
        check_lines(&pages, &narrow);
        let tails: Vec<&Run> = pages.iter().flat_map(|p| &p.runs).filter(|r| r.actual.as_deref() == Some("")).collect();
        assert!(tails.len() >= 3, "a narrow measure divides words: {}", tails.len());
        for t in tails {
            let letters = t.text.chars().take_while(|c| c.is_alphabetic()).count();
            assert!(letters >= TAIL_MIN, "{:?} carried", t.text);
        }
    }

    #[test]
    fn a_line_too_loose_to_justify_keeps_its_natural_spaces_and_is_never_a_lone_word() {
        // A two-line item whose long last word may not be divided (`16) заманауи … практика` /
        // `жетістіктерін;`): the first line either holds one word or has holes, unless it is
        // set with its natural spaces.
        let g = a4();
        let text = format!("аааааааа {} {}", ["ввввв"; 5].join(" "), "б".repeat(25));
        let pages = flow(&doc(vec![Block::Paragraph(para(&text, Align::Justify))]), &Fixed, &g).unwrap();
        check_lines(&pages, &g);
        let lines: Vec<Vec<&Run>> = body_lines(&pages, &g).into_iter().flatten().collect();
        assert_eq!(lines.len(), 2);
        let first = &lines[0];
        assert_eq!(read(first).matches(' ').count(), 5, "six words on the first line, not one: {:?}", read(first));
        // The case: justified, even with the most letter spacing, its gaps would pass `LOOSE`.
        let space = 500.0 * BODY / 1000.0;
        let end = first.last().map(|r| r.x + advance(r)).unwrap();
        let slack = (g.width - g.right) - end;
        let glyphs = read(first).chars().count() as f32;
        assert!(space + (slack - glyphs * TRACK_MAX * BODY) / 5.0 > LOOSE * space, "slack {slack}");
        assert!(first.iter().all(|r| r.space_extra == 0.0 && r.char_extra == 0.0), "{first:?}");
    }

    #[test]
    fn justified_spaces_stay_within_bounds_where_hyphens_allow() {
        let g = a4();
        let space = 500.0 * BODY / 1000.0;
        let text = hyphenated(&LONG.repeat(6));
        let pages = flow(&doc(vec![Block::Paragraph(para(&text, Align::Justify))]), &Fixed, &g).unwrap();
        let lines: Vec<Vec<&Run>> = body_lines(&pages, &g).into_iter().flatten().collect();
        for l in &lines[..lines.len() - 1] {
            let extra = l[0].space_extra;
            assert!(extra >= -SHRINK * space - 0.01, "shrunk too much: {extra} {l:?}");
            assert!(extra <= space, "a gap over twice the space: {extra} in {:?}", read(l));
        }
    }

    #[test]
    fn a_divided_word_never_spans_a_page_break() {
        let g = a4();
        let blocks: Vec<Block> = (0..12).map(|_| Block::Paragraph(para(&hyphenated(LONG), Align::Justify))).collect();
        let pages = flow(&doc(blocks), &Fixed, &g).unwrap();
        assert!(pages.len() >= 2);
        for (n, page) in body_lines(&pages, &g).iter().enumerate() {
            let last = page.last().unwrap();
            let divided = last.last().unwrap().actual.as_deref().is_some_and(|a| !a.is_empty());
            assert!(!divided || n + 1 == pages.len(), "page {} ends with a divided word", n + 1);
        }
    }

    #[test]
    fn drawn_text_drops_soft_hyphens_and_controls_and_keeps_the_rest() {
        assert_eq!(drawn("мүге\u{AD}дек\u{AD}ті\u{AD}гі"), "мүгедектігі");
        assert_eq!(drawn("«Үміт»\u{85} № 388\t"), "«Үміт» № 388");
        assert_eq!(drawn("әлеуметтік қызмет"), "әлеуметтік қызмет");
        assert_eq!(drawn("a\u{7F}b\u{9F}c"), "abc");
    }

    #[test]
    fn ragged_text_ignores_soft_hyphens() {
        let g = a4();
        let text = hyphenated(&LONG.repeat(3));
        let pages = flow(&doc(vec![Block::Paragraph(para(&text, Align::Left))]), &Fixed, &g).unwrap();
        assert!(pages[0].runs.iter().all(|r| r.actual.is_none() && !r.text.contains(SOFT_HYPHEN)));
    }

    #[test]
    fn a_paragraph_a_little_wider_than_the_line_shrinks_its_spaces_rather_than_leave_one_word() {
        let g = a4();
        let space = 500.0 * BODY / 1000.0;
        let avail = g.text_width() - INDENT;
        // Words of five letters until the text is wider than the line, then the last word cut so
        // that it overflows by about half of what its spaces may shrink.
        let mut words = vec!["ааааа".to_string()];
        while measure(&Fixed, Style::Regular, BODY, &words.join(" "), &mut BTreeSet::new()) <= avail {
            words.push("ааааа".into());
        }
        let shrink = (words.len() - 1) as f32 * SHRINK * space;
        while measure(&Fixed, Style::Regular, BODY, &words.join(" "), &mut BTreeSet::new()) > avail + shrink / 2.0 {
            words.last_mut().unwrap().pop();
        }
        let text = words.join(" ");
        let over = measure(&Fixed, Style::Regular, BODY, &text, &mut BTreeSet::new()) - avail;
        assert!(over > 0.0 && over < shrink, "the case: {over} of {shrink}");
        let pages = flow(&doc(vec![Block::Paragraph(para(&text, Align::Justify))]), &Fixed, &g).unwrap();
        let lines: Vec<Vec<&Run>> = body_lines(&pages, &g).into_iter().flatten().collect();
        assert_eq!(lines.len(), 1, "one line, not a loose line and a lone word");
        let r = lines[0][0];
        assert!(r.space_extra < 0.0 && r.space_extra >= -SHRINK * space, "{r:?}");
        assert!((r.x + advance(r) - (g.width - g.right)).abs() < 0.05, "justified to the margin: {r:?}");
    }

    #[test]
    fn spaces_take_the_slack_up_to_twice_the_space_then_letters_a_little_then_spaces_again() {
        let (space, max) = (3.5, 0.35);
        // 6 spaces, 60 glyph gaps.
        assert_eq!(spread(12.0, 6, 60, space, max), (2.0, 0.0), "within twice the space: spaces alone");
        assert_eq!(spread(-3.0, 6, 60, space, max), (-0.5, 0.0), "shrinking: spaces alone");
        let (e, t) = spread(30.0, 6, 60, space, max);
        assert!(t > 0.0 && t < max, "{t}");
        assert!((e + 2.0 * t - space).abs() < 1e-4, "the gap a reader sees stays at twice the space: {e} {t}");
        assert!((6.0 * e + 60.0 * t - 30.0).abs() < 1e-3, "the slack is filled");
        let (e, t) = spread(60.0, 6, 60, space, max);
        assert_eq!(t, max, "letters take at most their bound");
        assert!((6.0 * e + 60.0 * t - 60.0).abs() < 1e-3 && e + 2.0 * t > space, "the rest goes to the spaces");
        assert_eq!(spread(30.0, 6, 10, space, max), (5.0, 0.0), "too few letters to help: spaces alone");
    }

    #[test]
    fn only_a_line_that_cannot_be_set_within_twice_the_space_is_letter_spaced() {
        let g = a4();
        let space = 500.0 * BODY / 1000.0;
        // Five words on the first line leave 54 pt over four spaces; the last word (never
        // divided, and here not hyphenated at all) is too long to come up.
        let text = format!("{} {}", ["аааааааааа"; 5].join(" "), "ә".repeat(20));
        let pages = flow(&doc(vec![Block::Paragraph(para(&text, Align::Justify))]), &Fixed, &g).unwrap();
        check_lines(&pages, &g);
        let lines: Vec<Vec<&Run>> = body_lines(&pages, &g).into_iter().flatten().collect();
        assert_eq!(lines.len(), 2);
        let r = lines[0][0];
        let slack = g.text_width() - INDENT - r.width;
        assert!(slack / 4.0 > 1.5 * space, "the case: {slack}");
        assert!(r.char_extra > 0.0 && r.char_extra <= TRACK_MAX * BODY + 1e-4, "{r:?}");
        assert!(r.space_extra + 2.0 * r.char_extra < slack / 4.0, "the word gaps are narrower: {r:?}");
        assert!((r.x + advance(r) - r.char_extra - (g.width - g.right)).abs() < 0.05, "still justified: {r:?}");
        assert_eq!(lines[1][0].char_extra, 0.0, "the last line is set solid");
        // An ordinary paragraph is not letter-spaced at all.
        let pages =
            flow(&doc(vec![Block::Paragraph(para(&hyphenated(&LONG.repeat(6)), Align::Justify))]), &Fixed, &g).unwrap();
        assert!(pages.iter().flat_map(|p| &p.runs).all(|r| r.char_extra == 0.0));
    }

    proptest::proptest! {
        #[test]
        fn prop_lines_never_exceed_width(words in proptest::collection::vec("[a-zәқ«»–]{1,30}", 1..80), narrow in 20.0f32..150.0) {
            let mut g = a4();
            g.right = g.width - g.left - narrow * MM;
            let text = words.join(" ");
            let pages = flow(&doc(vec![Block::Paragraph(para(&text, Align::Justify))]), &Fixed, &g).unwrap();
            check_lines(&pages, &g);
            let joined: String = pages.iter().flat_map(|p| p.runs.iter().filter(|r| r.y > g.bottom).map(|r| r.text.as_str())).collect();
            proptest::prop_assert_eq!(no_space(&joined), no_space(&text));
        }
    }
}
