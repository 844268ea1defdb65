//! The Kazakh amendment grammar (DOMAIN.md, "The amendment grammar"): repaired abzacs → typed
//! edits, each with its 1-based source line. Anything it cannot read is an error naming the
//! file, the line and the text: an instruction is never skipped.

use super::ordinal;
use super::repair::Abzac;
use super::Error;
use serde::Serialize;

/// One typed edit. Point numbers are those of the typical characteristics (unique across the
/// appendix); abzac numbers count the point's heading line as abzac 1 (DOMAIN.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Edit {
    /// `N-тармақ мынадай редакцияда жазылсын: "N. heading" …` — `N. ` stripped from the heading.
    ReplacePoint { point: u32, heading: String, items: Vec<String> },
    /// `<ordinal> абзац(ы) мынадай редакцияда жазылсын: "…"` (one text per abzac, in order).
    ReplaceAbzacs { point: u32, abzacs: Vec<u32>, texts: Vec<String> },
    /// `N-параграфтың тақырыбы мынадай редакцияда жазылсын: "N-параграф. Title"`.
    ReplaceTitle { chapter: u32, paragraph: u32, text: String },
    /// `оң жақ жоғары бұрышы мынадай редакцияда жазылсын: "…"` — its line structure kept.
    ReplaceCorner { lines: Vec<String> },
    /// `N-тармақ алып тасталсын`.
    DeletePoint { point: u32 },
    /// `<ordinal> абзацы алып тасталсын`.
    DeleteAbzacs { point: u32, abzacs: Vec<u32> },
    /// `мынадай мазмұндағы N-M-тармақпен толықтырылсын: "N-M. …"`.
    InsertPoint { label: String, after: u32, heading: String, items: Vec<String> },
    /// `мынадай мазмұндағы абзацпен толықтырылсын` (at the end) or `<ordinal> абзацтан кейін …`
    /// (`after` = that abzac) — new abzacs in order.
    InsertAbzacs { point: u32, after: Option<u32>, texts: Vec<String> },
    /// `"…" деген сөздер "…" деген сөздермен ауыстырылсын` in a point or one of its abzacs.
    ReplaceWords { point: u32, abzac: Option<u32>, from: String, to: String },
}

impl Edit {
    /// The point the edit addresses (`None` for a title or the corner).
    pub fn point(&self) -> Option<u32> {
        match self {
            Edit::ReplacePoint { point, .. }
            | Edit::ReplaceAbzacs { point, .. }
            | Edit::DeletePoint { point }
            | Edit::DeleteAbzacs { point, .. }
            | Edit::InsertAbzacs { point, .. }
            | Edit::ReplaceWords { point, .. } => Some(*point),
            Edit::InsertPoint { after, .. } => Some(*after),
            Edit::ReplaceTitle { .. } | Edit::ReplaceCorner { .. } => None,
        }
    }
}

/// One instruction of an amending act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    /// 1-based line of the act file where the instruction starts.
    pub line: u32,
    /// The instruction as the act words it, with its point/chapter context, without the new text.
    pub text: String,
    /// The chapter context (`K тарауда:`) in force; it numbers paragraphs, never points.
    pub chapter: Option<u32>,
    pub edit: Edit,
    /// Slips of the source that were accepted (e.g. a missing opening quote).
    pub notes: Vec<String>,
}

const REDACT: &str = " мынадай редакцияда жазылсын:";
const DELETE: &str = " алып тасталсын";
const SUPPLEMENT: &str = " толықтырылсын:";
const REPLACE: &str = " ауыстырылсын";

/// Does the abzac open the order's next point (`2. … министрлігінің …`)? Quoted new texts start
/// with a quote, so this is never new wording.
pub fn is_order_point(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && t[digits..].starts_with(". ")
}

/// Could this abzac only be an instruction (so it cannot sit inside quoted new text)?
fn looks_like_instruction(t: &str) -> bool {
    is_order_point(t)
        || chapter_context(t).is_some()
        || point_context(t).is_some()
        || t.contains(REDACT)
        || t.contains(SUPPLEMENT)
        || (t.contains(DELETE) && t.len() < 200)
        || (t.contains("деген сөз") && t.contains(REPLACE))
}

/// `N` from `N-тармақ` exactly.
fn point_no(s: &str) -> Option<u32> {
    s.strip_suffix("-тармақ")?.parse().ok().filter(|&n| n > 0)
}

/// `K тарауда:` (also `K-тарауда`, colon optional).
fn chapter_context(t: &str) -> Option<u32> {
    let t = t.strip_suffix(':').unwrap_or(t).trim_end();
    let n = t.strip_suffix(" тарауда").or_else(|| t.strip_suffix("-тарауда"))?;
    n.parse().ok()
}

/// `N-тармақта:` (the seed also has it without the colon, lines 339, 419).
fn point_context(t: &str) -> Option<u32> {
    let t = t.strip_suffix(':').unwrap_or(t).trim_end();
    t.strip_suffix("-тармақта")?.parse().ok().filter(|&n| n > 0)
}

/// `<ordinals> абзац(ы|тар|тары)` → the abzac numbers.
fn abzac_list(s: &str) -> Option<Vec<u32>> {
    let (ords, noun) = s.rsplit_once(' ')?;
    if !matches!(noun, "абзац" | "абзацы" | "абзацтар" | "абзацтары") {
        return None;
    }
    ordinal::parse_list(ords)
}

/// Splits `N-тармақтың rest` → (N, rest).
fn point_genitive(s: &str) -> Option<(u32, &str)> {
    let (p, rest) = s.split_once("-тармақтың ")?;
    Some((p.parse().ok().filter(|&n| n > 0)?, rest))
}

/// A quoted new text: its abzacs and its visual lines.
struct Quoted {
    abzacs: Vec<String>,
    lines: Vec<String>,
    missing_open: bool,
}

fn strip_close(t: &str) -> Option<&str> {
    let t = t.trim_end();
    t.strip_suffix("\";").or_else(|| t.strip_suffix("\"."))
}

struct Parser<'a> {
    file: &'a str,
    abz: &'a [Abzac],
}

impl Parser<'_> {
    fn err(&self, i: usize, what: impl Into<String>) -> Error {
        let a = &self.abz[i.min(self.abz.len().saturating_sub(1))];
        Error::Instruction { file: self.file.to_string(), line: a.line, text: a.text.clone(), what: what.into() }
    }

    /// Reads `n` quoted texts. `rest` is what follows the verb's colon in abzac `i`. Returns the
    /// texts and the index of the next unread abzac.
    fn quotes(&self, i: usize, rest: &str, n: usize) -> Result<(Vec<Quoted>, usize), Error> {
        let mut out = Vec::with_capacity(n);
        let mut next = i + 1;
        // Visual lines of abzac `i` after the instruction head (the corner's text, seed 26–35).
        let head_lines: Vec<String> = {
            let lines = &self.abz[i].lines;
            let pos = lines.iter().position(|(_, l)| l.contains(':')).unwrap_or(0);
            let mut v: Vec<String> = lines[pos + 1..].iter().map(|(_, l)| l.clone()).collect();
            if let Some((_, tail)) = lines[pos].1.split_once(':') {
                if !tail.trim().is_empty() && !rest.is_empty() {
                    v.insert(0, tail.trim().to_string());
                }
            }
            v
        };
        let mut pending: Option<(String, Vec<String>, usize)> =
            (!rest.trim().is_empty()).then(|| (rest.trim().to_string(), head_lines, i));
        for q in 0..n {
            let (first, first_lines, start) = match pending.take() {
                Some(p) => p,
                None => {
                    if next >= self.abz.len() {
                        return Err(
                            self.err(i, format!("expected quoted text {} of {n}, found the end of the act", q + 1))
                        );
                    }
                    let a = &self.abz[next];
                    if looks_like_instruction(&a.text) {
                        return Err(self.err(next, format!("expected quoted text {} of {n}", q + 1)));
                    }
                    next += 1;
                    (a.text.clone(), a.lines.iter().map(|(_, l)| l.clone()).collect(), next - 1)
                }
            };
            let (body, missing_open) = match first.strip_prefix('"') {
                Some(b) => (b.to_string(), false),
                // The seed's second text of a two-abzac edit (line 215) lacks its opening quote:
                // the source's slip, accepted and noted. The first text must have it.
                None if q > 0 => (first.clone(), true),
                None => return Err(self.err(start, "expected a quoted text (\"…\")")),
            };
            let mut abzacs = vec![body];
            let mut lines = first_lines;
            loop {
                let last = abzacs.last_mut().expect("non-empty");
                if let Some(closed) = strip_close(last) {
                    *last = closed.to_string();
                    break;
                }
                if next >= self.abz.len() || looks_like_instruction(&self.abz[next].text) {
                    return Err(
                        self.err(start, "unterminated quote: no closing `\";` before the next instruction or the end")
                    );
                }
                abzacs.push(self.abz[next].text.clone());
                lines.extend(self.abz[next].lines.iter().map(|(_, l)| l.clone()));
                next += 1;
            }
            if let Some(f) = lines.first_mut() {
                if let Some(s) = f.strip_prefix('"') {
                    *f = s.to_string();
                }
            }
            if let Some(l) = lines.last_mut() {
                if let Some(s) = strip_close(l) {
                    *l = s.to_string();
                }
            }
            out.push(Quoted { abzacs, lines, missing_open });
        }
        Ok((out, next))
    }

    /// One abzac per quoted text, as abzac replacements and titles expect.
    fn single(&self, i: usize, q: Quoted) -> Result<String, Error> {
        if q.abzacs.len() != 1 {
            return Err(self.err(i, format!("expected the new text of one abzac, found {} abzacs", q.abzacs.len())));
        }
        Ok(q.abzacs.into_iter().next().unwrap_or_default())
    }

    /// Splits a whole point's new text into heading (with `N. ` stripped) and items.
    fn point_text(&self, i: usize, label: &str, q: Quoted) -> Result<(String, Vec<String>), Error> {
        let mut it = q.abzacs.into_iter();
        let first = it.next().unwrap_or_default();
        let heading = first
            .strip_prefix(label)
            .and_then(|s| s.strip_prefix(". "))
            .ok_or_else(|| self.err(i, format!("the new text of point {label} must start with `{label}. `")))?;
        Ok((heading.trim().to_string(), it.collect()))
    }
}

/// Parses the instruction block (the abzacs after `… мынадай өзгерістер енгізілсін:`). Stops at
/// the order's next point (`2. …`) and returns the instructions and the index where it stopped.
pub fn parse(file: &str, abz: &[Abzac]) -> Result<(Vec<Instruction>, usize), Error> {
    let p = Parser { file, abz };
    let mut out = Vec::new();
    let mut chapter: Option<u32> = None;
    let mut ctx: Option<(u32, String)> = None;
    let mut i = 0;
    while i < abz.len() {
        let a = &abz[i];
        let t = a.text.trim();
        if is_order_point(t) {
            return Ok((out, i));
        }
        // Point 0 reads like every point reference but names nothing: say so, rather than let
        // the forms below reject it with a message about their own shape.
        if t.split_whitespace().next().is_some_and(|w| {
            w.split_once("-тармақ").is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b == b'0'))
        }) {
            return Err(p.err(i, "point 0: points are numbered from 1"));
        }
        if let Some(k) = chapter_context(t) {
            chapter = Some(k);
            ctx = None;
            i += 1;
            continue;
        }
        if let Some(n) = point_context(t) {
            ctx = Some((n, t.to_string()));
            i += 1;
            continue;
        }
        // The scope line (`көрсетілген бұйрықпен бекітілген … сипаттамаларында:`, seed 19–21).
        if t.ends_with("сипаттамаларында:") || t.ends_with("қосымшада:") {
            i += 1;
            continue;
        }
        // The instruction as the act words it: abzac-level edits with their point context,
        // paragraph titles with their chapter context, point-level ones on their own.
        let with_ctx = |head: &str, point_level: bool| match (&ctx, chapter) {
            (_, Some(k)) if head.contains("-параграфтың") => format!("{k} тарауда: {head}"),
            (Some((_, c)), _) if !point_level => format!("{c} {head}"),
            _ => head.to_string(),
        };
        let ctx_point = |what: &str| -> Result<u32, Error> {
            ctx.as_ref().map(|c| c.0).ok_or_else(|| p.err(i, format!("{what} without a point context (`N-тармақта:`)")))
        };
        let mut notes = Vec::new();
        let mut clear_ctx = false;
        let (edit, head, verb, next) = if let Some((head, rest)) = t.split_once(REDACT) {
            let rest = rest.trim();
            if head == "оң жақ жоғары бұрышы" {
                let (mut q, next) = p.quotes(i, rest, 1)?;
                let q = q.remove(0);
                let lines = q.lines.into_iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
                (Edit::ReplaceCorner { lines }, head, REDACT, next)
            } else if let Some(n) = point_no(head) {
                let (mut q, next) = p.quotes(i, rest, 1)?;
                let (heading, items) = p.point_text(i, &n.to_string(), q.remove(0))?;
                clear_ctx = true;
                (Edit::ReplacePoint { point: n, heading, items }, head, REDACT, next)
            } else if let Some(par) = head.strip_suffix("-параграфтың тақырыбы") {
                let paragraph: u32 = par.parse().map_err(|_| p.err(i, "expected `N-параграфтың тақырыбы`"))?;
                let chapter =
                    chapter.ok_or_else(|| p.err(i, "a paragraph title without a chapter context (`K тарауда:`)"))?;
                let (mut q, next) = p.quotes(i, rest, 1)?;
                let text = p.single(i, q.remove(0))?;
                // A title opens another position: the point context of the previous one ends.
                clear_ctx = true;
                (Edit::ReplaceTitle { chapter, paragraph, text }, head, REDACT, next)
            } else {
                let (point, list) = match point_genitive(head) {
                    Some((n, rest)) => (Some(n), rest),
                    None => (None, head),
                };
                let abzacs = abzac_list(list).ok_or_else(|| match list.rsplit_once(' ') {
                    Some((ords, noun)) if noun.starts_with("абзац") => p.err(
                        i,
                        format!("unknown ordinal `{ords}` (expected Kazakh ordinals such as `үшінші`, `он бірінші`, `отызыншы`)"),
                    ),
                    _ => p.err(
                        i,
                        "expected `<ordinal> абзац(ы)`, `N-тармақ`, a paragraph title or the corner before `мынадай редакцияда жазылсын`",
                    ),
                })?;
                let point = match point {
                    Some(n) => n,
                    None => ctx_point("an abzac edit")?,
                };
                let (qs, next) = p.quotes(i, rest, abzacs.len())?;
                let mut texts = Vec::new();
                for (k, q) in qs.into_iter().enumerate() {
                    if q.missing_open {
                        notes.push(format!("text {} of {} lacks its opening quote in the source", k + 1, abzacs.len()));
                    }
                    texts.push(p.single(i, q)?);
                }
                (Edit::ReplaceAbzacs { point, abzacs, texts }, head, REDACT, next)
            }
        } else if let Some(head) = t.strip_suffix(';').or_else(|| t.strip_suffix('.')).unwrap_or(t).strip_suffix(DELETE)
        {
            let edit = if let Some(n) = point_no(head) {
                clear_ctx = true;
                Edit::DeletePoint { point: n }
            } else {
                let (point, list) = match point_genitive(head) {
                    Some((n, rest)) => (n, rest),
                    None => (ctx_point("an abzac deletion")?, head),
                };
                let abzacs = abzac_list(list)
                    .ok_or_else(|| p.err(i, "expected `N-тармақ` or `<ordinal> абзацы` before `алып тасталсын`"))?;
                Edit::DeleteAbzacs { point, abzacs }
            };
            (edit, head, DELETE, i + 1)
        } else if let Some((head, rest)) = t.split_once(SUPPLEMENT) {
            let rest = rest.trim();
            let (edit, next) = supplement(&p, i, head, rest, ctx.as_ref().map(|c| c.0))?;
            (edit, head, SUPPLEMENT, next)
        } else if t.contains(REPLACE) && t.contains("деген сөз") {
            let edit = replace_words(&p, i, t, ctx.as_ref().map(|c| c.0))?;
            (edit, t.trim_end_matches([';', '.']), "", i + 1)
        } else {
            return Err(p.err(i, "not an instruction this loader understands"));
        };
        let point_level = matches!(
            edit,
            Edit::ReplacePoint { .. }
                | Edit::DeletePoint { .. }
                | Edit::InsertPoint { .. }
                | Edit::ReplaceCorner { .. }
        ) || head.contains("-тармақ");
        let worded = format!("{}{}", head.trim(), verb.trim_end_matches(':'));
        out.push(Instruction { line: a.line, text: with_ctx(&worded, point_level), chapter, edit, notes });
        if clear_ctx {
            ctx = None;
        }
        i = next;
    }
    Ok((out, i))
}

/// `толықтырылсын` forms.
fn supplement(p: &Parser<'_>, i: usize, head: &str, rest: &str, ctx: Option<u32>) -> Result<(Edit, usize), Error> {
    let bad = || p.err(i, "expected `мынадай мазмұндағы N-M-тармақпен` or `… абзацпен толықтырылсын`");
    // New point: `мынадай мазмұндағы 13-1-тармақпен`.
    if let Some(label) = head.strip_prefix("мынадай мазмұндағы ").and_then(|s| s.strip_suffix("-тармақпен"))
    {
        let (base, sub) = label.split_once('-').ok_or_else(bad)?;
        let after: u32 = base.parse().map_err(|_| bad())?;
        sub.parse::<u32>().map_err(|_| bad())?;
        let (mut q, next) = p.quotes(i, rest, 1)?;
        let (heading, items) = p.point_text(i, label, q.remove(0))?;
        return Ok((Edit::InsertPoint { label: label.to_string(), after, heading, items }, next));
    }
    // `[N-тармақ] [<ord> абзацтан кейін] мынадай мазмұндағы [<ord>] абзац(пен|тармен)`.
    let (point, h) = match head.split_once("-тармақ ") {
        Some((n, h)) => (Some(n.parse::<u32>().map_err(|_| bad())?), h),
        None => (None, head),
    };
    let point = point.or(ctx).ok_or_else(|| p.err(i, "a new abzac without a point (`N-тармақ` or `N-тармақта:`)"))?;
    let (after_part, new_part) = h.split_once("мынадай мазмұндағы").ok_or_else(bad)?;
    let mut after = match after_part.trim() {
        "" => None,
        s => Some(ordinal::parse(s.strip_suffix(" абзацтан кейін").ok_or_else(bad)?).ok_or_else(bad)?),
    };
    let new_part = new_part.trim();
    let ord =
        new_part.strip_suffix("абзацпен").or_else(|| new_part.strip_suffix("абзацтармен")).ok_or_else(bad)?.trim();
    if !ord.is_empty() {
        // `мынадай мазмұндағы бесінші абзацпен`: the new abzac becomes the fifth.
        let n = ordinal::parse(ord).ok_or_else(bad)?;
        after = Some(n.saturating_sub(1));
    }
    let (q, next) = p.quotes(i, rest, 1)?;
    let texts = q.into_iter().next().map(|q| q.abzacs).unwrap_or_default();
    Ok((Edit::InsertAbzacs { point, after, texts }, next))
}

/// `[N-тармақта(ғы)] [<ord> абзацында(ғы)] "A" деген сөз(дер) "B" деген сөз(бен|дермен) ауыстырылсын;`
fn replace_words(p: &Parser<'_>, i: usize, t: &str, ctx: Option<u32>) -> Result<Edit, Error> {
    let bad = || p.err(i, "expected `\"…\" деген сөздер \"…\" деген сөздермен ауыстырылсын`");
    let (scope, quoted) = t.split_once('"').ok_or_else(bad)?;
    let (from, rest) = quoted.split_once('"').ok_or_else(bad)?;
    let rest = rest.trim_start();
    let rest = ["деген сөздер ", "деген сөз "].iter().find_map(|k| rest.strip_prefix(k)).ok_or_else(bad)?;
    let rest = rest.strip_prefix('"').ok_or_else(bad)?;
    let (to, tail) = rest.rsplit_once('"').ok_or_else(bad)?;
    let tail = tail.trim().trim_end_matches([';', '.']);
    if !matches!(tail, "деген сөздермен ауыстырылсын" | "деген сөзбен ауыстырылсын")
    {
        return Err(bad());
    }
    let mut point = ctx;
    let mut abzac = None;
    for part in scope.split_whitespace().collect::<Vec<_>>().join(" ").split_inclusive("ғы ").map(str::trim) {
        if part.is_empty() {
            continue;
        }
        let part = part.trim_end_matches("ғы").trim_end_matches(':');
        if let Some(n) = part.strip_suffix("-тармақта").and_then(|n| n.parse().ok()) {
            point = Some(n);
        } else if let Some(o) = part.strip_suffix(" абзацында").or_else(|| part.strip_suffix(" абзацта"))
        {
            abzac = Some(ordinal::parse(o).ok_or_else(bad)?);
        } else {
            return Err(bad());
        }
    }
    let point = point.ok_or_else(|| p.err(i, "a word replacement without a point (`N-тармақта`)"))?;
    Ok(Edit::ReplaceWords { point, abzac, from: from.to_string(), to: to.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::act::repair::abzacs;

    fn parse_text(t: &str) -> Result<Vec<Instruction>, Error> {
        parse("t.txt", &abzacs(t)).map(|(v, _)| v)
    }

    #[test]
    fn whole_point() {
        let v = parse_text("      2-тармақ мынадай редакцияда жазылсын:\n      \"2. Білуге тиіс:\n      Еңбек кодексін;\n      Тіл туралы заңды.\";").unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].line, 1);
        assert_eq!(
            v[0].edit,
            Edit::ReplacePoint {
                point: 2,
                heading: "Білуге тиіс:".into(),
                items: vec!["Еңбек кодексін;".into(), "Тіл туралы заңды.".into()]
            }
        );
        assert_eq!(v[0].text, "2-тармақ мынадай редакцияда жазылсын");
    }

    #[test]
    fn abzacs_in_context() {
        let t = "      13-тармақта:\n      үшінші абзац мынадай редакцияда жазылсын:\n      \"бір\";\n      жирмасыншы абзацы мынадай редакцияда жазылсын: \"екі\nүш\";";
        let v = parse_text(t).unwrap();
        assert_eq!(v[0].edit, Edit::ReplaceAbzacs { point: 13, abzacs: vec![3], texts: vec!["бір".into()] });
        assert_eq!(v[1].edit, Edit::ReplaceAbzacs { point: 13, abzacs: vec![20], texts: vec!["екі үш".into()] });
        assert_eq!(v[1].line, 4);
        assert_eq!(v[1].text, "13-тармақта: жирмасыншы абзацы мынадай редакцияда жазылсын");
    }

    #[test]
    fn two_abzacs_second_without_opening_quote() {
        let t = "      22-тармақта:\n      жетінші және сегізінші абзацтар мынадай редакцияда жазылсын: \"бір\";\n      екі\";";
        let v = parse_text(t).unwrap();
        assert_eq!(
            v[0].edit,
            Edit::ReplaceAbzacs { point: 22, abzacs: vec![7, 8], texts: vec!["бір".into(), "екі".into()] }
        );
        assert_eq!(v[0].notes.len(), 1);
    }

    #[test]
    fn title_needs_chapter() {
        let t = "      2-параграфтың тақырыбы мынадай редакцияда жазылсын:\n      \"2-параграф. Күтуші\";";
        assert!(parse_text(t).is_err());
        let v = parse_text(&format!("      3 тарауда:\n{t}")).unwrap();
        assert_eq!(v[0].edit, Edit::ReplaceTitle { chapter: 3, paragraph: 2, text: "2-параграф. Күтуші".into() });
    }

    #[test]
    fn corner_keeps_lines() {
        let t = "      оң жақ жоғары бұрышы мынадай редакцияда жазылсын:\n\n \n\n\"Бірінші жол\nЕкінші жол\n\nбекітілген\";";
        let v = parse_text(t).unwrap();
        assert_eq!(
            v[0].edit,
            Edit::ReplaceCorner {
                lines: vec!["Бірінші жол".into(), "Екінші жол".into(), "бекітілген".into()]
            }
        );
    }

    #[test]
    fn other_forms() {
        let t = "      5-тармақ алып тасталсын;\n      6-тармақта:\n      үшінші абзацы алып тасталсын;\n      мынадай мазмұндағы абзацпен толықтырылсын:\n      \"жаңа\";\n      мынадай мазмұндағы 13-1-тармақпен толықтырылсын:\n      \"13-1. Білуге тиіс:\n      Еңбек кодексін.\";\n      14-тармақтағы \"мүгедектер\" деген сөз \"мүгедектігі бар адамдар\" деген сөздермен ауыстырылсын;\n      15-тармақтағы екінші абзацындағы \"а\" деген сөздер \"б\" деген сөздермен ауыстырылсын;";
        let v = parse_text(t).unwrap();
        assert_eq!(v[0].edit, Edit::DeletePoint { point: 5 });
        assert_eq!(v[1].edit, Edit::DeleteAbzacs { point: 6, abzacs: vec![3] });
        assert_eq!(v[2].edit, Edit::InsertAbzacs { point: 6, after: None, texts: vec!["жаңа".into()] });
        assert_eq!(
            v[3].edit,
            Edit::InsertPoint {
                label: "13-1".into(),
                after: 13,
                heading: "Білуге тиіс:".into(),
                items: vec!["Еңбек кодексін.".into()]
            }
        );
        assert_eq!(
            v[4].edit,
            Edit::ReplaceWords {
                point: 14,
                abzac: None,
                from: "мүгедектер".into(),
                to: "мүгедектігі бар адамдар".into()
            }
        );
        assert_eq!(v[5].edit, Edit::ReplaceWords { point: 15, abzac: Some(2), from: "а".into(), to: "б".into() });
    }

    #[test]
    fn point_zero_is_named_as_such() {
        for t in [
            "      0-тармақ мынадай редакцияда жазылсын:\n      \"0. Білуге тиіс:\";",
            "      0-тармақ алып тасталсын;",
            "      0-тармақта:\n      үшінші абзацы алып тасталсын;",
        ] {
            let e = parse_text(t).unwrap_err().to_string();
            assert!(e.contains("point 0: points are numbered from 1"), "{t}: {e}");
        }
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse_text("      13-тармақта:\n      отызбірінші абзац мынадай редакцияда жазылсын:\n      \"бір\";")
            .unwrap_err();
        assert!(matches!(e, Error::Instruction { line: 2, .. }), "{e}");
        let e = parse_text("      2-тармақ мынадай редакцияда жазылсын:\n      \"2. Білуге тиіс:\n      Еңбек кодексін;\n      5-тармақ мынадай редакцияда жазылсын:\n      \"5. Білуге тиіс:\";").unwrap_err();
        assert!(matches!(e, Error::Instruction { line: 2, .. }), "{e}");
        let e = parse_text("      бірдеңе жасалсын;").unwrap_err();
        assert!(matches!(e, Error::Instruction { line: 1, .. }), "{e}");
    }
}
