//! A simple reader for a base act: the full typical characteristics in the published format.
//! The appendix starts at its first chapter heading (`1-тарау. …`); inside it, `N-параграф. …`
//! titles a position, and `N. Лауазымдық міндеттері:` / `N. Білуге тиіс:` /
//! `N. Біліктілікке қойылатын талаптар:` open a point whose following abzacs are its items.
//! Everything before the first chapter (the order's own text) is header.

use super::repair::Abzac;
use super::Error;
use serde::Serialize;

/// One point of the base text: its heading line is abzac 1, its items abzacs 2.. (DOMAIN.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BasePoint {
    pub number: u32,
    pub line: u32,
    pub chapter: u32,
    pub paragraph: u32,
    /// `Білуге тиіс:` etc., without the `N. `.
    pub heading: String,
    /// Items with their source lines.
    pub items: Vec<(u32, String)>,
}

/// A paragraph (position) title of the base text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseTitle {
    pub chapter: u32,
    pub paragraph: u32,
    /// As written, `N-параграф. Title`.
    pub text: String,
    pub line: u32,
}

/// A consolidated text's footnote (`Ескерту. 2-тармақ жаңа редакцияда – ҚР … 26.09.2022 № 388
/// (…) бұйрығымен.`): provenance of the unit it follows, never law text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Footnote {
    pub line: u32,
    pub text: String,
    /// The point its unit is or lies in, when any.
    pub point: Option<u32>,
    /// The unit it is provenance of, when known.
    pub unit: Option<Unit>,
    /// How the unit was found.
    pub bound: Bound,
    /// The act that set the unit, when the footnote names exactly one.
    pub act: Option<super::ActId>,
}

/// A unit of the base text a footnote is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "unit", rename_all = "kebab-case")]
pub enum Unit {
    /// The order's own text before the appendix (the `Жаңартылған` marker, the preamble).
    Order,
    /// A chapter heading (`1-тарау. …`).
    ChapterTitle { chapter: u32 },
    /// A paragraph (position) title (`1-параграф. …`).
    ParagraphTitle { chapter: u32, paragraph: u32 },
    /// A whole point.
    Point { point: u32 },
    /// One abzac of a point (1 = its heading line).
    Abzac { point: u32, abzac: u32 },
}

/// How a footnote's unit was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    /// The footnote names it (`2-тармақ …`, `2-тармақтың үшінші абзацы …`, `1-параграфтың
    /// тақырыбы …`).
    Named,
    /// The footnote names no unit: the unit right before it (adilet writes footnotes after their
    /// unit).
    Follows,
    /// Neither: a mirror's note written before its unit that names none.
    Unknown,
}

/// The unit a footnote's own words name, in the chapter in force: `N-тармақ…` (any case), then
/// optionally `<ordinal> абзацы` / `N-абзацы`; `N-параграфтың тақырыбы`; `N-тараудың тақырыбы`.
fn named_unit(t: &str, chapter: u32) -> Option<Unit> {
    let w: Vec<&str> = t.split_whitespace().map(|x| x.trim_end_matches([',', ';', '.', ':'])).collect();
    let num = |x: &str, stems: &[&str]| -> Option<u32> {
        let digits = x.bytes().take_while(u8::is_ascii_digit).count();
        let rest = x[digits..].strip_prefix('-')?;
        stems.iter().any(|s| rest.starts_with(s)).then(|| x[..digits].parse().ok()).flatten()
    };
    let titled = |k: usize| w.get(k + 1).is_some_and(|x| x.starts_with("тақырыб"));
    for k in 0..w.len() {
        if let Some(p) = num(w[k], &["тармақ", "тармағ"]) {
            // `… абзацы` within the next three words: an ordinal (one or two words) or digits.
            for len in 1..=2 {
                let Some(a) = w.get(k + 1 + len) else { break };
                if a.starts_with("абзац") || a.starts_with("азат") {
                    if let Some(n) = super::ordinal::parse(&w[k + 1..k + 1 + len].join(" ")) {
                        return Some(Unit::Abzac { point: p, abzac: n });
                    }
                }
            }
            if let Some(n) = w.get(k + 1).and_then(|a| num(a, &["абзац"])) {
                return Some(Unit::Abzac { point: p, abzac: n });
            }
            return Some(Unit::Point { point: p });
        }
        if let Some(n) = num(w[k], &["параграф"]).filter(|_| titled(k)) {
            return Some(Unit::ParagraphTitle { chapter, paragraph: n });
        }
        if let Some(n) = num(w[k], &["тарау"]).filter(|_| titled(k)) {
            return Some(Unit::ChapterTitle { chapter: n });
        }
    }
    None
}

impl Unit {
    fn point(self) -> Option<u32> {
        match self {
            Unit::Point { point } | Unit::Abzac { point, .. } => Some(point),
            _ => None,
        }
    }
}

/// The appendix of a base act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseText {
    pub points: Vec<BasePoint>,
    pub titles: Vec<BaseTitle>,
    /// Footnotes of a consolidated text, and `Жаңартылған` markers (as footnotes without an act).
    pub footnotes: Vec<Footnote>,
}

/// `Ескерту. …`, a mirror's `ҚР … бұйрығымен N-тармақ жаңа редакцияда (бұр.ред.қара)`, or the
/// `Жаңартылған` marker under a consolidated text's title.
fn is_footnote(t: &str) -> bool {
    t.starts_with("Ескерту.")
        || t.starts_with("Ескерту:")
        || t.starts_with("Жаңартылған")
        || t.contains("(бұр.ред.қара)")
        || (t.starts_with("ҚР ") && (t.contains("бұйрығымен") || t.contains("бұйрықтарымен")))
}

/// The one act a footnote names (`DD.MM.YYYY № N`); `None` for several or none.
fn footnote_act(t: &str) -> Option<super::ActId> {
    let w: Vec<&str> = t.split_whitespace().collect();
    let mut found = Vec::new();
    for k in 0..w.len() {
        let parts: Vec<&str> = w[k].split('.').filter(|p| !p.is_empty()).collect();
        if parts.len() != 3 || w.get(k + 1) != Some(&"№") {
            continue;
        }
        let (d, m, y) =
            if parts[0].len() == 4 { (parts[2], parts[1], parts[0]) } else { (parts[0], parts[1], parts[2]) };
        let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<u32>()) else { continue };
        // Mirrors write `2020.17.04.` (year, day, month).
        let (d, m) = if m > 12 && d <= 12 { (m, d) } else { (d, m) };
        let Some(num) = w.get(k + 2) else { continue };
        found.push(super::ActId {
            number: num.trim_end_matches([',', '.', ';', ')']).to_string(),
            date: format!("{y:04}-{m:02}-{d:02}"),
        });
    }
    found.dedup();
    (found.len() == 1).then(|| found.remove(0))
}

const HEADINGS: [&str; 3] = ["Лауазымдық міндеттері:", "Білуге тиіс:", "Біліктілікке қойылатын талаптар:"];

/// `N<suffix> rest` → (N, rest).
fn numbered<'a>(t: &'a str, suffix: &str) -> Option<(u32, &'a str)> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let rest = t[digits..].strip_prefix(suffix)?;
    Some((t[..digits].parse().ok()?, rest.trim()))
}

/// Reads the appendix; `Ok(None)` when the text has no chapter heading (not a base act).
pub fn read(file: &str, abz: &[Abzac]) -> Result<Option<BaseText>, Error> {
    let Some(start) = abz.iter().position(|a| numbered(&a.text, "-тарау.").is_some()) else {
        return Ok(None);
    };
    let err = |a: &Abzac, what: &str| Error::Base {
        file: file.into(),
        line: a.line,
        text: a.text.chars().take(120).collect(),
        what: what.into(),
    };
    let mut out = BaseText { points: Vec::new(), titles: Vec::new(), footnotes: Vec::new() };
    for a in &abz[..start] {
        if is_footnote(a.text.trim()) {
            out.footnotes.push(Footnote {
                line: a.line,
                text: a.text.clone(),
                point: None,
                unit: Some(Unit::Order),
                bound: Bound::Follows,
                act: footnote_act(&a.text),
            });
        }
    }
    let mut chapter = 0;
    let mut paragraph = 0;
    // The unit the last abzac read belongs to: what a footnote after it is provenance of.
    let mut last: Option<Unit> = None;
    for a in &abz[start..] {
        let t = a.text.trim();
        if is_footnote(t) {
            let before = t.contains("(бұр.ред.қара)") || t.starts_with("ҚР ");
            let (unit, bound) = match named_unit(t, chapter) {
                Some(u) => (Some(u), Bound::Named),
                None if before => (None, Bound::Unknown),
                None => (last, if last.is_some() { Bound::Follows } else { Bound::Unknown }),
            };
            let point = unit.and_then(Unit::point);
            out.footnotes.push(Footnote {
                line: a.line,
                text: t.to_string(),
                point,
                unit,
                bound,
                act: footnote_act(t),
            });
            continue;
        }
        if let Some((n, _)) = numbered(t, "-тарау.") {
            chapter = n;
            paragraph = 0;
            last = Some(Unit::ChapterTitle { chapter });
        } else if let Some((n, _)) = numbered(t, "-параграф.") {
            paragraph = n;
            out.titles.push(BaseTitle { chapter, paragraph, text: t.to_string(), line: a.line });
            last = Some(Unit::ParagraphTitle { chapter, paragraph });
        } else if let Some((n, rest)) =
            numbered(t, ". ").filter(|(n, r)| *n > 0 && HEADINGS.iter().any(|h| r.starts_with(h)))
        {
            if out.points.last().is_some_and(|p| p.number >= n) {
                return Err(err(a, "point numbers must increase through the appendix"));
            }
            out.points.push(BasePoint {
                number: n,
                line: a.line,
                chapter,
                paragraph,
                heading: rest.to_string(),
                items: Vec::new(),
            });
            last = Some(Unit::Abzac { point: n, abzac: 1 });
        } else {
            match out.points.last_mut() {
                Some(p) => {
                    p.items.push((a.line, t.to_string()));
                    last = Some(Unit::Abzac { point: p.number, abzac: p.items.len() as u32 + 1 });
                }
                None => return Err(err(a, "text before the first point of the appendix")),
            }
        }
    }
    if out.points.is_empty() {
        return Err(err(&abz[start], "an appendix without points"));
    }
    Ok(Some(out))
}
