//! The Kazakh amendment grammar (DOMAIN.md, "The amendment grammar" and "Forms real Kazakh
//! amending acts use"): repaired abzacs → typed edits, each with its 1-based source line.
//! Anything it cannot read is an error naming the file, the line and the text: an instruction is
//! never skipped.
//!
//! Forms are recognised on a *canonical head* (the instruction without its quoted new text):
//! `азат жол`/`азатжол` read as `абзац`, `N тармақ` as `N-тармақ`, `баяндалсын` as `жазылсын`,
//! `жаңа редакцияда` as `мынадай редакцияда`, `алынып` as `алып`, `жоғарғы` as `жоғары`. The new
//! text itself is never canonicalised: it is law text, kept as written (with «» or `"`).

use super::ordinal;
use super::repair::Abzac;
use super::Error;
use serde::Serialize;

/// What an instruction does, for the units the model only lists (the order's own text, points an
/// amendment inserted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Replace,
    Delete,
    Supplement,
    ReplaceWords,
}

/// One typed edit. Point numbers are those of the typical characteristics (unique across the
/// appendix); abzac numbers count the point's heading line as abzac 1 (DOMAIN.md). Every unit an
/// edit addresses is a field of its own.
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
    /// `N-тармақ алып тасталсын` (also `тақырыбымен бірге`).
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
    /// `бүкіл мәтін бойынша "…" деген сөздер "…" деген сөздермен ауыстырылсын`: throughout.
    ReplaceWordsThroughout { from: String, to: String },
    /// `N-тармақтың K) тармақшасы мынадай редакцияда жазылсын: "K) …"`.
    ReplaceSubpoint { point: u32, label: String, text: String },
    /// `N-тармақтың K) тармақшасы алып тасталсын`.
    DeleteSubpoint { point: u32, label: String },
    /// `мынадай мазмұндағы K-1) тармақшамен толықтырылсын: "K-1) …"`.
    InsertSubpoint { point: u32, label: String, text: String },
    /// `N-тармақтың <ordinal> бөлігі мынадай редакцияда жазылсын` (a part).
    ReplacePart { point: u32, part: u32, texts: Vec<String> },
    /// `N-тармақтың <ordinal> бөлігі алып тасталсын`.
    DeletePart { point: u32, part: u32 },
    /// `<ordinal> абзацындағы <ordinal> сөйлем мынадай редакцияда жазылсын: "…"`.
    ReplaceSentence { point: u32, abzac: u32, sentence: u32, text: String },
    /// `<ordinal> абзацындағы <ordinal> сөйлем алып тасталсын`.
    DeleteSentence { point: u32, abzac: u32, sentence: u32 },
    /// `N-параграф тақырыбымен бірге алып тасталсын`.
    DeleteParagraph { chapter: u32, paragraph: u32 },
    /// An edit of a point an amendment inserted (`13-1-тармақ …`): listed, never placed among
    /// the numbered point triplets.
    InsertedPoint { label: String, action: Action, texts: Vec<String> },
    /// `… қосымшасы осы бұйрыққа қосымшаға сәйкес жаңа редакцияда жазылсын`: the whole appendix
    /// is replaced by an attachment the act's text does not carry.
    ReplaceAppendix,
    /// An edit of the amended order's **own** text (its title, preamble or operative points):
    /// recorded and shown, never applied to the characteristics.
    Order { target: String, action: Action, texts: Vec<String> },
}

impl Edit {
    /// The point the edit addresses (`None` for a title, the corner or the order's own text).
    pub fn point(&self) -> Option<u32> {
        match self {
            Edit::ReplacePoint { point, .. }
            | Edit::ReplaceAbzacs { point, .. }
            | Edit::DeletePoint { point }
            | Edit::DeleteAbzacs { point, .. }
            | Edit::InsertAbzacs { point, .. }
            | Edit::ReplaceWords { point, .. }
            | Edit::ReplaceSubpoint { point, .. }
            | Edit::DeleteSubpoint { point, .. }
            | Edit::InsertSubpoint { point, .. }
            | Edit::ReplacePart { point, .. }
            | Edit::DeletePart { point, .. }
            | Edit::ReplaceSentence { point, .. }
            | Edit::DeleteSentence { point, .. } => Some(*point),
            Edit::InsertPoint { after, .. } => Some(*after),
            Edit::ReplaceTitle { .. }
            | Edit::ReplaceCorner { .. }
            | Edit::ReplaceWordsThroughout { .. }
            | Edit::DeleteParagraph { .. }
            | Edit::InsertedPoint { .. }
            | Edit::ReplaceAppendix
            | Edit::Order { .. } => None,
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

/// The verbs, canonical.
const REDACT: &str = " мынадай редакцияда жазылсын";
const DELETE: &str = " алып тасталсын";
const SUPPLEMENT: &str = " толықтырылсын";
const REPLACE: &str = " ауыстырылсын";

/// Canonical spelling of an instruction head (module docs): the forms real acts use for the same
/// thing read as one. Applied to instruction text only, never to quoted new text.
pub fn canonical(t: &str) -> String {
    const PAIRS: [(&str, &str); 20] = [
        ("азат жолдардың", "абзацтардың"),
        ("азатжолдардың", "абзацтардың"),
        ("азат жолдар", "абзацтар"),
        ("азатжолдар", "абзацтар"),
        ("азат жолдан", "абзацтан"),
        ("азатжолдан", "абзацтан"),
        ("азат жолмен", "абзацпен"),
        ("азатжолмен", "абзацпен"),
        ("азат жолда", "абзацта"),
        ("азатжолда", "абзацта"),
        ("азат жол", "абзац"),
        ("азатжол", "абзац"),
        ("жаңа редакцияда", "мынадай редакцияда"),
        ("редакцияда баяндалсын", "редакцияда жазылсын"),
        ("алынып тасталсын", "алып тасталсын"),
        ("жоғарғы бұрышы", "жоғары бұрышы"),
        ("тақырыбымен бірге алып", "алып"),
        ("абзацтағы", "абзацындағы"),
        ("-тармағы ", "-тармақ "),
        (" :", ":"),
    ];
    let mut s = t.split_whitespace().collect::<Vec<_>>().join(" ");
    for (a, b) in PAIRS {
        if s.contains(a) {
            s = s.replace(a, b);
        }
    }
    if s.ends_with("-тармағы") {
        s.truncate(s.len() - "ы".len() - "ғ".len());
        s.push('қ');
    }
    // `5 тармақ` → `5-тармақ` (also тарау, параграф).
    for noun in [" тармақ", " тарау", " параграф"] {
        let mut out = String::with_capacity(s.len());
        let mut rest = s.as_str();
        while let Some(k) = rest.find(noun) {
            let before = &rest[..k];
            out.push_str(before);
            if before.ends_with(|c: char| c.is_ascii_digit()) && noun != " тарау" {
                out.push('-');
                out.push_str(&noun[1..]);
            } else {
                out.push_str(noun);
            }
            rest = &rest[k + noun.len()..];
        }
        out.push_str(rest);
        s = out;
    }
    s
}

/// Splits a canonical instruction at its verb: `(head, rest after the verb and its colon)`.
fn split_verb<'a>(t: &'a str, verb: &str) -> Option<(&'a str, &'a str)> {
    let k = t.find(verb)?;
    let rest = t[k + verb.len()..].trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    Some((t[..k].trim(), rest.trim()))
}

/// Does the abzac open the order's next point (`2. … министрлігінің …`)? Quoted new texts start
/// with a quote, so this is never new wording.
pub fn is_order_point(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && t[digits..].starts_with(". ")
}

/// `1) …` / `1. …` numbering an instruction inside a block (not `3) тармақшасы`): the rest.
fn numbered_instruction(t: &str) -> Option<&str> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = t[digits..].strip_prefix(") ").or_else(|| t[digits..].strip_prefix(". "))?;
    (!rest.starts_with("тармақша") && looks_like_instruction(rest) && !rest.ends_with("енгізілсін:")).then_some(rest)
}

/// Could this abzac only be an instruction (so it cannot sit inside quoted new text)?
fn looks_like_instruction(t: &str) -> bool {
    if starts_quote(t) {
        return false;
    }
    if is_order_point(t) {
        return true;
    }
    // Cheap test first: every instruction form names one of these (text is most abzacs).
    const STEMS: [&str; 8] =
        ["жазылсын", "баяндалсын", "тасталсын", "толықтырылсын", "ауыстырылсын", "тармақта", "тарауда", "тармақ"];
    if !STEMS.iter().any(|k| t.contains(k)) {
        return false;
    }
    let c = canonical(t);
    is_order_point(&c)
        || chapter_context(&c).is_some()
        || point_context(&c).is_some()
        || (c.contains(REDACT) && c.len() < 300)
        || (c.contains(SUPPLEMENT) && c.len() < 300)
        || (c.contains(DELETE) && c.len() < 200)
        || (c.contains("деген сөз") && c.contains(REPLACE))
}

fn starts_quote(t: &str) -> bool {
    t.starts_with(['"', '«', '“', '„'])
}

/// `N` from `N-тармақ` exactly.
fn point_no(s: &str) -> Option<u32> {
    s.strip_suffix("-тармақ")?.parse().ok().filter(|&n| n > 0)
}

/// `N-M` from `N-M-тармақ` (a point an amendment inserted).
fn inserted_label(s: &str) -> Option<&str> {
    let l =
        s.strip_suffix("-тармақ").or_else(|| s.strip_suffix("-тармақта")).or_else(|| s.strip_suffix("-тармақтың"))?;
    let (a, b) = l.split_once('-')?;
    (a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok()).then_some(l)
}

/// `K тарауда:` (also `K-тарауда`, colon optional).
fn chapter_context(t: &str) -> Option<u32> {
    let t = t.strip_suffix(':').unwrap_or(t).trim_end();
    let n = t.strip_suffix(" тарауда").or_else(|| t.strip_suffix("-тарауда"))?;
    n.parse().ok()
}

/// `N-тармақта:` / `N-тармақтағы:` (the seed also has it without the colon, lines 339, 419).
fn point_context(t: &str) -> Option<u32> {
    let t = t.strip_suffix(':').unwrap_or(t).trim_end();
    t.strip_suffix("-тармақта").or_else(|| t.strip_suffix("-тармақтағы"))?.parse().ok().filter(|&n| n > 0)
}

/// `<ordinals> абзац(ы|тар|тары)` → the abzac numbers.
fn abzac_list(s: &str) -> Option<Vec<u32>> {
    // `4-абзацы`: the number in digits, glued.
    if let Some((n, noun)) = s.split_once("-абзац") {
        if !s.contains(' ') && matches!(noun, "" | "ы" | "тар" | "тары") {
            return ordinal::parse(n).map(|n| vec![n]);
        }
    }
    let (ords, noun) = s.rsplit_once(' ')?;
    if !matches!(noun, "абзац" | "абзацы" | "абзацтар" | "абзацтары") {
        return None;
    }
    ordinal::parse_list(ords)
}

/// Splits `N-тармақтың rest` → (N, rest).
fn point_genitive(s: &str) -> Option<(u32, &str)> {
    let (p, rest) = s.split_once("-тармақтың ").or_else(|| s.split_once("-тармақтағы "))?;
    Some((p.parse().ok().filter(|&n| n > 0)?, rest))
}

/// `K) тармақша(сы)` → `K` (also `K-1)`).
fn subpoint_label(s: &str) -> Option<String> {
    let (label, noun) = s.split_once(") ")?;
    let ok = !label.is_empty() && label.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (ok && noun.starts_with("тармақша")).then(|| label.to_string())
}

/// `<ordinal> бөлігі` → the part number.
fn part_no(s: &str) -> Option<u32> {
    let o = s.strip_suffix(" бөлігі").or_else(|| s.strip_suffix(" бөлік"))?;
    ordinal::parse(o)
}

/// `<ordinal> абзацындағы <ordinal> сөйлем(і)` → (abzac, sentence).
fn sentence_of(s: &str) -> Option<(u32, u32)> {
    let (a, rest) = s.split_once(" абзацындағы ")?;
    let o = rest.strip_suffix(" сөйлемі").or_else(|| rest.strip_suffix(" сөйлем"))?;
    Some((ordinal::parse(a)?, ordinal::parse(o)?))
}

/// A quoted new text: its abzacs and its visual lines.
struct Quoted {
    abzacs: Vec<String>,
    lines: Vec<String>,
    missing_open: bool,
}

fn strip_open(t: &str) -> Option<&str> {
    t.strip_prefix(['"', '«', '“', '„'])
}

fn strip_close(t: &str) -> Option<&str> {
    let t = t.trim_end();
    ["\";", "\".", "»;", "».", "”;", "”.", "“;", "“."].iter().find_map(|e| t.strip_suffix(e))
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
            let (body, missing_open) = match strip_open(&first) {
                Some(b) => (b.to_string(), false),
                // The seed's second text of a two-abzac edit (line 215) lacks its opening quote:
                // the source's slip, accepted and noted. The first text must have it.
                None if q > 0 => (first.clone(), true),
                None => return Err(self.err(start, "expected a quoted text (\"…\" or «…»)")),
            };
            let mut abzacs = vec![body];
            let mut lines = first_lines;
            loop {
                let last = abzacs.last_mut().expect("non-empty");
                if let Some(closed) = strip_close(last) {
                    *last = closed.to_string();
                    break;
                }
                // The last instruction of a block may close without `;` (`…"` then `2. …`).
                if last.ends_with(['"', '»', '”']) && (next >= self.abz.len() || is_order_point(&self.abz[next].text))
                {
                    last.pop();
                    break;
                }
                if next >= self.abz.len() || looks_like_instruction(&self.abz[next].text) {
                    let at = if next < self.abz.len() { next - 1 } else { start };
                    return Err(self.err(
                        at.max(start),
                        format!(
                            "unterminated quote opened on line {}: no closing `\";` before the next instruction or the end",
                            self.abz[start].line
                        ),
                    ));
                }
                abzacs.push(self.abz[next].text.clone());
                lines.extend(self.abz[next].lines.iter().map(|(_, l)| l.clone()));
                next += 1;
            }
            if let Some(f) = lines.first_mut() {
                if let Some(s) = strip_open(f) {
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

    /// Texts (possibly several abzacs) of an optional quotation after a verb.
    fn optional_texts(&self, i: usize, rest: &str) -> Result<(Vec<String>, usize), Error> {
        let has = !rest.is_empty() || self.abz.get(i + 1).is_some_and(|a| starts_quote(&a.text));
        if !has {
            return Ok((Vec::new(), i + 1));
        }
        let (q, next) = self.quotes(i, rest, 1)?;
        Ok((q.into_iter().next().map(|q| q.abzacs).unwrap_or_default(), next))
    }
}

/// What a block of instructions says besides its instructions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Block {
    pub instructions: Vec<Instruction>,
    /// The scope line (`көрсетілген бұйрықпен бекітілген … сипаттамаларында:`), when given.
    pub scope: Option<String>,
}

/// Is this the scope line that opens the instructions for the appendix?
fn is_scope(c: &str) -> bool {
    c.ends_with(':')
        && (c.contains("сипаттамаларында")
            || c.contains("қосымшасында")
            || c.ends_with("қосымшада:")
            || c.contains("бекітілген") && !c.contains("редакцияда"))
        && !c.contains(REDACT)
        && !c.contains(SUPPLEMENT)
}

/// Parses the instruction block (the abzacs after `… мынадай өзгерістер енгізілсін:`). Stops at
/// the order's next point (`2. …`) and returns the instructions and the index where it stopped.
pub fn parse(file: &str, abz: &[Abzac]) -> Result<(Vec<Instruction>, usize), Error> {
    parse_block(file, abz).map(|(b, i)| (b.instructions, i))
}

/// [`parse`], with the block's scope line.
pub fn parse_block(file: &str, abz: &[Abzac]) -> Result<(Block, usize), Error> {
    let p = Parser { file, abz };
    let mut out = Vec::new();
    let mut chapter: Option<u32> = None;
    let mut ctx: Option<(u32, String)> = None;
    // Instructions before a scope line address the amended order's own text (its title,
    // preamble, operative points); with no scope line in the block, only the forms that can
    // only mean the order (`тақырыбы`, `кіріспесі`, `бұйрықтың N-тармағы`) do.
    let end = abz
        .iter()
        .position(|a| is_order_point(&a.text) && numbered_instruction(&a.text).is_none())
        .unwrap_or(abz.len());
    let scope_at = abz[..end].iter().position(|a| a.text.trim_end().ends_with(':') && is_scope(&canonical(&a.text)));
    let mut scope = None;
    let mut i = 0;
    while i < abz.len() {
        let a = &abz[i];
        let raw = a.text.trim();
        let numbered = numbered_instruction(raw);
        if is_order_point(raw) && numbered.is_none() {
            return Ok((Block { instructions: out, scope }, i));
        }
        let c = canonical(numbered.unwrap_or(raw));
        let t = c.as_str();
        // Point 0 reads like every point reference but names nothing: say so, rather than let
        // the forms below reject it with a message about their own shape.
        if t.split_whitespace().next().is_some_and(|w| {
            w.split_once("-тармақ").is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b == b'0'))
        }) {
            return Err(p.err(i, "point 0: points are numbered from 1"));
        }
        let order_level = scope_at.is_some_and(|s| i < s)
            || t.starts_with("тақырыбы ")
            || t.starts_with("кіріспесі ")
            || t.starts_with("көрсетілген бұйрықтың ")
            || t.starts_with("көрсетілген қаулының ")
            || t.starts_with("бұйрықтың ");
        if order_level && Some(i) != scope_at {
            let (edit, next) = order_edit(&p, i, t)?;
            out.push(Instruction { line: a.line, text: head_of(t), chapter, edit, notes: Vec::new() });
            i = next;
            continue;
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
        if let Some(label) = t.strip_suffix(':').and_then(inserted_label) {
            return Err(p.err(i, format!("a context in point {label}, which an amendment inserted: its abzacs are not numbered by the loaded acts")));
        }
        // The scope line (`көрсетілген бұйрықпен бекітілген … сипаттамаларында:`, seed 19–21).
        if is_scope(t) {
            scope = Some(t.to_string());
            i += 1;
            continue;
        }
        // `…қосымшасы осы бұйрыққа қосымшаға сәйкес мынадай редакцияда жазылсын`.
        if t.contains("қосымшаға сәйкес") && t.contains(REDACT) {
            out.push(Instruction {
                line: a.line,
                text: head_of(t),
                chapter,
                edit: Edit::ReplaceAppendix,
                notes: Vec::new(),
            });
            i += 1;
            continue;
        }
        // The instruction as the act words it: abzac-level edits with their point context,
        // paragraph titles with their chapter context, point-level ones on their own.
        let with_ctx = |head: &str, point_level: bool| match (&ctx, chapter) {
            (_, Some(k)) if head.contains("-параграф") => format!("{k} тарауда: {head}"),
            (Some((_, c)), _) if !point_level => format!("{c} {head}"),
            _ => head.to_string(),
        };
        let ctx_point = |what: &str| -> Result<u32, Error> {
            ctx.as_ref().map(|c| c.0).ok_or_else(|| p.err(i, format!("{what} without a point context (`N-тармақта:`)")))
        };
        let mut notes = Vec::new();
        let mut clear_ctx = false;
        let mut extra: Vec<Edit> = Vec::new();
        let (edit, head, verb, next) = if let Some((head, rest)) = split_verb(t, REDACT) {
            // `rest` from the raw text: the new text is never canonicalised.
            let rest = raw_rest(numbered.unwrap_or(raw), rest);
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
            } else if let Some(label) = inserted_label(head) {
                let (texts, next) = p.optional_texts(i, rest)?;
                (Edit::InsertedPoint { label: label.to_string(), action: Action::Replace, texts }, head, REDACT, next)
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
                let point_or_ctx = |what: &str| match point {
                    Some(n) => Ok(n),
                    None => ctx_point(what),
                };
                if let Some(label) = subpoint_label(list) {
                    let point = point_or_ctx("a sub-point edit")?;
                    let (mut q, next) = p.quotes(i, rest, 1)?;
                    let text = p.single(i, q.remove(0))?;
                    (Edit::ReplaceSubpoint { point, label, text }, head, REDACT, next)
                } else if let Some(part) = part_no(list) {
                    let point = point_or_ctx("a part edit")?;
                    let (mut q, next) = p.quotes(i, rest, 1)?;
                    (Edit::ReplacePart { point, part, texts: q.remove(0).abzacs }, head, REDACT, next)
                } else if let Some((abzac, sentence)) = sentence_of(list) {
                    let point = point_or_ctx("a sentence edit")?;
                    let (mut q, next) = p.quotes(i, rest, 1)?;
                    let text = p.single(i, q.remove(0))?;
                    (Edit::ReplaceSentence { point, abzac, sentence, text }, head, REDACT, next)
                } else {
                    let abzacs = abzac_list(list).ok_or_else(|| unknown_unit(&p, i, list))?;
                    let point = point_or_ctx("an abzac edit")?;
                    // One quoted text per abzac, or one block of as many abzacs for all.
                    let (qs, next) = match p.quotes(i, rest, abzacs.len()) {
                        Ok(x) => x,
                        Err(e) => {
                            let (q, next) = match p.quotes(i, rest, 1) {
                                // One text of one abzac: the missing one is the error.
                                Ok(x) if x.0[0].abzacs.len() == 1 => return Err(e),
                                Ok(x) => x,
                                Err(_) => return Err(e),
                            };
                            if q[0].abzacs.len() != abzacs.len() {
                                return Err(p.err(
                                    i,
                                    format!("{} abzacs named, {} new texts given", abzacs.len(), q[0].abzacs.len()),
                                ));
                            }
                            let q = q.into_iter().next().expect("one");
                            let split = q
                                .abzacs
                                .into_iter()
                                .map(|a| Quoted { abzacs: vec![a], lines: Vec::new(), missing_open: false })
                                .collect();
                            (split, next)
                        }
                    };
                    let mut texts = Vec::new();
                    for (k, q) in qs.into_iter().enumerate() {
                        if q.missing_open {
                            notes.push(format!(
                                "text {} of {} lacks its opening quote in the source",
                                k + 1,
                                abzacs.len()
                            ));
                        }
                        texts.push(p.single(i, q)?);
                    }
                    (Edit::ReplaceAbzacs { point, abzacs, texts }, head, REDACT, next)
                }
            }
        } else if let Some(head) = t.strip_suffix(';').or_else(|| t.strip_suffix('.')).unwrap_or(t).strip_suffix(DELETE)
        {
            let head = head.trim();
            let edit = if let Some(n) = point_no(head) {
                clear_ctx = true;
                Edit::DeletePoint { point: n }
            } else if let Some(label) = inserted_label(head) {
                Edit::InsertedPoint { label: label.to_string(), action: Action::Delete, texts: Vec::new() }
            } else if let Some(par) = head.strip_suffix("-параграф").or_else(|| head.strip_suffix("-параграфы"))
            {
                let paragraph: u32 = par.parse().map_err(|_| p.err(i, "expected `N-параграф`"))?;
                let chapter =
                    chapter.ok_or_else(|| p.err(i, "a paragraph deletion without a chapter context (`K тарауда:`)"))?;
                clear_ctx = true;
                Edit::DeleteParagraph { chapter, paragraph }
            } else {
                let (point, list) = match point_genitive(head) {
                    Some((n, rest)) => (Some(n), rest),
                    None => (None, head),
                };
                let point_or_ctx = |what: &str| match point {
                    Some(n) => Ok(n),
                    None => ctx_point(what),
                };
                if let Some(label) = subpoint_label(list) {
                    Edit::DeleteSubpoint { point: point_or_ctx("a sub-point deletion")?, label }
                } else if let Some(part) = part_no(list) {
                    Edit::DeletePart { point: point_or_ctx("a part deletion")?, part }
                } else if let Some((abzac, sentence)) = sentence_of(list) {
                    Edit::DeleteSentence { point: point_or_ctx("a sentence deletion")?, abzac, sentence }
                } else {
                    let abzacs = abzac_list(list).ok_or_else(|| unknown_unit(&p, i, list))?;
                    Edit::DeleteAbzacs { point: point_or_ctx("an abzac deletion")?, abzacs }
                }
            };
            (edit, head, DELETE, i + 1)
        } else if let Some((head, rest)) = split_verb(t, SUPPLEMENT) {
            let rest = raw_rest(numbered.unwrap_or(raw), rest);
            let (edit, next) = supplement(&p, i, head, rest, ctx.as_ref().map(|c| c.0))?;
            (edit, head, SUPPLEMENT, next)
        } else if t.contains(REPLACE) && t.contains("деген сөз") {
            let mut edits = replace_words(&p, i, numbered.unwrap_or(raw), ctx.as_ref().map(|c| c.0))?;
            let first = edits.remove(0);
            extra = edits;
            (first, t.trim_end_matches([';', '.']), "", i + 1)
        } else {
            let token = t.split_whitespace().find(|w| !KNOWN_WORDS.contains(&w.trim_matches([':', ';', '.', ','])));
            return Err(p.err(
                i,
                match token {
                    Some(w) => format!("not an instruction this loader understands (at `{w}`)"),
                    None => "not an instruction this loader understands".to_string(),
                },
            ));
        };
        let point_level = matches!(
            edit,
            Edit::ReplacePoint { .. }
                | Edit::DeletePoint { .. }
                | Edit::InsertPoint { .. }
                | Edit::ReplaceCorner { .. }
        ) || head.contains("-тармақ");
        let worded = format!("{}{}", head.trim(), verb);
        let text = with_ctx(&worded, point_level);
        out.push(Instruction { line: a.line, text: text.clone(), chapter, edit, notes });
        for e in extra {
            out.push(Instruction { line: a.line, text: text.clone(), chapter, edit: e, notes: Vec::new() });
        }
        if clear_ctx {
            ctx = None;
        }
        i = next;
    }
    Ok((Block { instructions: out, scope }, i))
}

/// Words of instruction heads, for naming the first token an unknown instruction has beyond them.
const KNOWN_WORDS: [&str; 14] = [
    "мынадай",
    "редакцияда",
    "жазылсын",
    "алып",
    "тасталсын",
    "толықтырылсын",
    "мазмұндағы",
    "деген",
    "сөз",
    "сөздер",
    "ауыстырылсын",
    "абзац",
    "абзацы",
    "және",
];

/// The text after the verb in the raw (not canonical) instruction: quoted new text as written.
fn raw_rest<'a>(raw: &'a str, canonical_rest: &str) -> &'a str {
    if canonical_rest.is_empty() {
        return "";
    }
    // The quotation opens at the first quote after the verb's colon.
    match raw.find(['"', '«', '“', '„']) {
        Some(k) => raw[k..].trim(),
        None => canonical_rest_in(raw, canonical_rest),
    }
}

fn canonical_rest_in<'a>(raw: &'a str, rest: &str) -> &'a str {
    let squashed = rest.trim();
    raw.rfind(squashed).map_or("", |k| raw[k..].trim())
}

fn unknown_unit(p: &Parser<'_>, i: usize, list: &str) -> Error {
    match list.rsplit_once(' ') {
        Some((ords, noun)) if noun.starts_with("абзац") => p.err(
            i,
            format!(
                "unknown ordinal `{ords}` (supported: Kazakh ordinals 1–99 such as `үшінші`, `он бірінші`, `отызыншы`, or digits)"
            ),
        ),
        _ => p.err(
            i,
            format!(
                "unknown unit `{list}`: expected `N-тармақ`, `<ordinal> абзац(ы)`, `K) тармақшасы`, `<ordinal> бөлігі`, `<ordinal> абзацындағы <ordinal> сөйлем`, a paragraph title or the corner"
            ),
        ),
    }
}

/// The instruction head as shown (without its quoted text).
fn head_of(t: &str) -> String {
    let h = t.split(['"', '«']).next().unwrap_or(t).trim().trim_end_matches(':');
    h.to_string()
}

/// An edit of the amended order's own text: its target as worded, its action and its texts.
fn order_edit(p: &Parser<'_>, i: usize, t: &str) -> Result<(Edit, usize), Error> {
    let raw = p.abz[i].text.trim();
    if let Some((head, rest)) = split_verb(t, REDACT) {
        let (texts, next) = p.optional_texts(i, raw_rest(raw, rest))?;
        return Ok((Edit::Order { target: head.to_string(), action: Action::Replace, texts }, next));
    }
    if let Some(head) = t.trim_end_matches([';', '.']).strip_suffix(DELETE) {
        return Ok((Edit::Order { target: head.trim().to_string(), action: Action::Delete, texts: Vec::new() }, i + 1));
    }
    if let Some((head, rest)) = split_verb(t, SUPPLEMENT) {
        let (texts, next) = p.optional_texts(i, raw_rest(raw, rest))?;
        return Ok((Edit::Order { target: head.to_string(), action: Action::Supplement, texts }, next));
    }
    if t.contains(REPLACE) {
        return Ok((
            Edit::Order { target: head_of(t), action: Action::ReplaceWords, texts: vec![raw.to_string()] },
            i + 1,
        ));
    }
    Err(p.err(i, "an instruction on the amended order's own text that this loader does not understand"))
}

/// `толықтырылсын` forms.
fn supplement(p: &Parser<'_>, i: usize, head: &str, rest: &str, ctx: Option<u32>) -> Result<(Edit, usize), Error> {
    let bad =
        || p.err(i, "expected `мынадай мазмұндағы N-M-тармақпен`, `… K-1) тармақшамен` or `… абзацпен толықтырылсын`");
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
    let new_part = new_part.trim();
    // New sub-point: `мынадай мазмұндағы 3-1) тармақшамен`.
    if let Some((label, noun)) = new_part.split_once(") ") {
        if noun.starts_with("тармақша")
            && label.split('-').all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()))
        {
            let (mut q, next) = p.quotes(i, rest, 1)?;
            let text = p.single(i, q.remove(0))?;
            return Ok((Edit::InsertSubpoint { point, label: label.to_string(), text }, next));
        }
    }
    let mut after = match after_part.trim() {
        "" => None,
        s => Some(ordinal::parse(s.strip_suffix(" абзацтан кейін").ok_or_else(bad)?).ok_or_else(bad)?),
    };
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

/// A quoted string at the end of `s` (`… "A"` or `… «A»`): (before it, the text inside).
fn trailing_quote(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_end();
    let close = s.chars().next_back()?;
    let open = match close {
        '"' => '"',
        '»' => '«',
        '”' => '“',
        _ => return None,
    };
    let inner_end = s.len() - close.len_utf8();
    let k = if open == '"' {
        // With `"` both ways, the quoted text starts at the first quote after the previous
        // keyword (inner quotes pair up inside it).
        s[..inner_end].find('"')?
    } else {
        s[..inner_end].rfind(open)?
    };
    Some((&s[..k], &s[k + open.len_utf8()..inner_end]))
}

/// `[N-тармақта(ғы)] [<ord> абзацында(ғы)] "A" деген сөз(дер) "B" деген сөз(бен|дермен)
/// [, "C" деген сөз "D" деген сөзбен] ауыстырылсын;` and `бүкіл мәтін бойынша …` — one edit per
/// pair, in order.
fn replace_words(p: &Parser<'_>, i: usize, raw: &str, ctx: Option<u32>) -> Result<Vec<Edit>, Error> {
    let bad = |what: &str| {
        p.err(i, format!("expected `\"…\" деген сөз(дер) \"…\" деген сөз(бен|дермен) ауыстырылсын`: {what}"))
    };
    let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.trim_end_matches([';', '.']).trim_end();
    let body = t.strip_suffix("ауыстырылсын").ok_or_else(|| bad("the sentence must end in `ауыстырылсын`"))?;
    // Cut at every `деген сөз…` keyword: each piece before one ends in a quoted text.
    let mut pieces: Vec<&str> = Vec::new();
    let mut rest = body;
    while let Some(k) = rest.find("деген сөз") {
        pieces.push(&rest[..k]);
        let after = &rest[k + "деген сөз".len()..];
        let suffix_len = after.find(' ').unwrap_or(after.len());
        let suffix = &after[..suffix_len];
        if !matches!(suffix, "" | "дер" | "бен" | "дермен" | "бен," | "дермен," | "," | "дер,")
        {
            return Err(bad(&format!("unexpected `деген сөз{suffix}`")));
        }
        rest = &after[suffix_len..];
    }
    if !rest.trim().is_empty() || pieces.len() < 2 || pieces.len() % 2 != 0 {
        return Err(bad("the quoted texts do not pair up"));
    }
    let mut scope = "";
    let mut texts = Vec::new();
    for (k, piece) in pieces.iter().enumerate() {
        let piece = piece.trim().trim_start_matches(',').trim();
        let piece = piece.strip_prefix("және ").unwrap_or(piece);
        let (before, inner) = trailing_quote(piece).ok_or_else(|| bad("a text in quotes before `деген сөз`"))?;
        if k == 0 {
            scope = before.trim();
        } else if !before.trim().is_empty() {
            return Err(bad(&format!("unexpected `{}` between the quoted texts", before.trim())));
        }
        texts.push(inner.to_string());
    }
    let scope = canonical(scope);
    let pairs = texts.chunks(2).map(|c| (c[0].clone(), c[1].clone()));
    if scope.contains("бүкіл мәтін бойынша") || scope.contains("мәтіні бойынша") {
        return Ok(pairs.map(|(from, to)| Edit::ReplaceWordsThroughout { from, to }).collect());
    }
    let mut point = ctx;
    let mut abzac = None;
    for part in scope.split_inclusive("ғы ").map(str::trim) {
        if part.is_empty() {
            continue;
        }
        let part = part.trim_end_matches("ғы").trim_end_matches(':');
        if let Some(n) = part.strip_suffix("-тармақта").and_then(|n| n.parse().ok()) {
            point = Some(n);
        } else if let Some(o) = part.strip_suffix(" абзацында").or_else(|| part.strip_suffix(" абзацта"))
        {
            abzac = Some(ordinal::parse(o).ok_or_else(|| bad(&format!("unknown ordinal `{o}`")))?);
        } else {
            return Err(bad(&format!("unknown scope `{part}`")));
        }
    }
    let point = point.ok_or_else(|| p.err(i, "a word replacement without a point (`N-тармақта`)"))?;
    Ok(pairs.map(|(from, to)| Edit::ReplaceWords { point, abzac, from, to }).collect())
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

    /// The corpus of real forms (issue 8, DOMAIN.md "Forms real Kazakh amending acts use"): each
    /// instruction as an act words it, and the typed reading expected of it, checked by hand.
    #[test]
    fn corpus_of_real_forms() {
        let q = |s: &str| s.to_string();
        let cases: Vec<(&str, Vec<Edit>)> = vec![
            (
                "      2-тармақ жаңа редакцияда жазылсын:\n      \"2. Білуге тиіс:\n      Еңбек кодексін.\";",
                vec![Edit::ReplacePoint { point: 2, heading: q("Білуге тиіс:"), items: vec![q("Еңбек кодексін.")] }],
            ),
            (
                "      5 тармақ мынадай редакцияда баяндалсын:\n      «5. Білуге тиіс:\n      «Тіл туралы» Заңды.»;",
                vec![Edit::ReplacePoint { point: 5, heading: q("Білуге тиіс:"), items: vec![q("«Тіл туралы» Заңды.")] }],
            ),
            (
                "      13-тармақтың 3) тармақшасы мынадай редакцияда жазылсын:\n      \"3) құжаттарды қабылдайды;\";",
                vec![Edit::ReplaceSubpoint { point: 13, label: q("3"), text: q("3) құжаттарды қабылдайды;") }],
            ),
            (
                "      13-тармақтың үшінші абзацы жаңа редакцияда баяндалсын:\n      \"бір\";",
                vec![Edit::ReplaceAbzacs { point: 13, abzacs: vec![3], texts: vec![q("бір")] }],
            ),
            (
                "      13-тармақтың 4-азатжолы алынып тасталсын;",
                vec![Edit::DeleteAbzacs { point: 13, abzacs: vec![4] }],
            ),
            (
                "      13-тармақта:\n      екінші азат жолы мынадай редакцияда жазылсын:\n      «екі»;",
                vec![Edit::ReplaceAbzacs { point: 13, abzacs: vec![2], texts: vec![q("екі")] }],
            ),
            (
                "      22-тармақта:\n      алтыншы, жетінші және сегізінші абзацтар мынадай редакцияда жазылсын:\n      \"а\";\n      \"б\";\n      \"в\";",
                vec![Edit::ReplaceAbzacs { point: 22, abzacs: vec![6, 7, 8], texts: vec![q("а"), q("б"), q("в")] }],
            ),
            (
                "      22-тармақта:\n      алтыншы және жетінші абзацтар мынадай редакцияда жазылсын:\n      \"а;\n      б;\";",
                vec![Edit::ReplaceAbzacs { point: 22, abzacs: vec![6, 7], texts: vec![q("а;"), q("б;")] }],
            ),
            (
                "      мынадай мазмұндағы 13-1-тармақпен толықтырылсын:\n      \"13-1. Білуге тиіс:\n      Еңбек кодексін.\";\n      13-1-тармақ мынадай редакцияда жазылсын:\n      \"13-1. Білуге тиіс:\";",
                vec![
                    Edit::InsertPoint { label: q("13-1"), after: 13, heading: q("Білуге тиіс:"), items: vec![q("Еңбек кодексін.")] },
                    Edit::InsertedPoint { label: q("13-1"), action: Action::Replace, texts: vec![q("13-1. Білуге тиіс:")] },
                ],
            ),
            (
                "      13-тармақ мынадай мазмұндағы 3-1) тармақшамен толықтырылсын:\n      \"3-1) есеп береді;\";\n      13-тармақтың 3-1) тармақшасы алып тасталсын;",
                vec![
                    Edit::InsertSubpoint { point: 13, label: q("3-1"), text: q("3-1) есеп береді;") },
                    Edit::DeleteSubpoint { point: 13, label: q("3-1") },
                ],
            ),
            (
                "      13-тармақтың екінші бөлігі мынадай редакцияда жазылсын:\n      \"бөлік мәтіні.\";",
                vec![Edit::ReplacePart { point: 13, part: 2, texts: vec![q("бөлік мәтіні.")] }],
            ),
            (
                "      14-тармақта:\n      үшінші абзацтан кейін мынадай мазмұндағы абзацпен толықтырылсын:\n      \"жаңа абзац;\";",
                vec![Edit::InsertAbzacs { point: 14, after: Some(3), texts: vec![q("жаңа абзац;")] }],
            ),
            (
                "      14-тармақтың екінші абзацындағы екінші сөйлем мынадай редакцияда жазылсын:\n      \"Жаңа сөйлем.\";\n      14-тармақтың үшінші абзацтағы бірінші сөйлемі алып тасталсын;",
                vec![
                    Edit::ReplaceSentence { point: 14, abzac: 2, sentence: 2, text: q("Жаңа сөйлем.") },
                    Edit::DeleteSentence { point: 14, abzac: 3, sentence: 1 },
                ],
            ),
            (
                "      15-тармақта \"А\" деген сөздер \"Б\" деген сөздермен, \"В\" деген сөз \"Г\" деген сөзбен ауыстырылсын;",
                vec![
                    Edit::ReplaceWords { point: 15, abzac: None, from: q("А"), to: q("Б") },
                    Edit::ReplaceWords { point: 15, abzac: None, from: q("В"), to: q("Г") },
                ],
            ),
            (
                "      бүкіл мәтін бойынша «мүгедектер» деген сөз «мүгедектігі бар адамдар» деген сөздермен ауыстырылсын;",
                vec![Edit::ReplaceWordsThroughout { from: q("мүгедектер"), to: q("мүгедектігі бар адамдар") }],
            ),
            (
                "      16-тармақтағы \"\"Тіл туралы\" Заңды\" деген сөздер \"Тіл туралы заңды\" деген сөздермен ауыстырылсын;",
                vec![Edit::ReplaceWords { point: 16, abzac: None, from: q("\"Тіл туралы\" Заңды"), to: q("Тіл туралы заңды") }],
            ),
            (
                "      1) 2-тармақ алып тасталсын;\n      2) 5-тармақ тақырыбымен бірге алынып тасталсын;",
                vec![Edit::DeletePoint { point: 2 }, Edit::DeletePoint { point: 5 }],
            ),
            (
                "      3 тарауда:\n      2-параграф тақырыбымен бірге алып тасталсын;",
                vec![Edit::DeleteParagraph { chapter: 3, paragraph: 2 }],
            ),
            (
                "      оң жақ жоғарғы бұрышы мынадай редакцияда жазылсын:\n      \"Бекітілген\";",
                vec![Edit::ReplaceCorner { lines: vec![q("Бекітілген")] }],
            ),
            (
                "      тақырыбы мынадай редакцияда жазылсын:\n      \"Жаңа тақырып туралы\";\n      кіріспесі мынадай редакцияда жазылсын:\n      \"Жаңа кіріспе БҰЙЫРАМЫН:\";\n      1-тармақ мынадай редакцияда жазылсын:\n      \"1. Қоса беріліп отырған сипаттамалар бекітілсін.\";\n      көрсетілген бұйрықпен бекітілген сипаттамаларында:\n      2-тармақ алып тасталсын;",
                vec![
                    Edit::Order { target: q("тақырыбы"), action: Action::Replace, texts: vec![q("Жаңа тақырып туралы")] },
                    Edit::Order { target: q("кіріспесі"), action: Action::Replace, texts: vec![q("Жаңа кіріспе БҰЙЫРАМЫН:")] },
                    Edit::Order {
                        target: q("1-тармақ"),
                        action: Action::Replace,
                        texts: vec![q("1. Қоса беріліп отырған сипаттамалар бекітілсін.")],
                    },
                    Edit::DeletePoint { point: 2 },
                ],
            ),
            (
                "      көрсетілген бұйрықтың 3-тармағы алып тасталсын;\n      көрсетілген бұйрықпен бекітілген қосымшасында:\n      4-тармақ алып тасталсын;",
                vec![
                    Edit::Order { target: q("көрсетілген бұйрықтың 3-тармақ"), action: Action::Delete, texts: vec![] },
                    Edit::DeletePoint { point: 4 },
                ],
            ),
            (
                "      көрсетілген бұйрықпен бекітілген сипаттамалар осы бұйрыққа қосымшаға сәйкес жаңа редакцияда жазылсын.",
                vec![Edit::ReplaceAppendix],
            ),
        ];
        let mut wrong = Vec::new();
        for (text, expected) in &cases {
            match parse_text(text) {
                Ok(v) => {
                    let got: Vec<Edit> = v.into_iter().map(|i| i.edit).collect();
                    if &got != expected {
                        wrong.push(format!("{text}\n  got {got:?}\n  expected {expected:?}"));
                    }
                }
                Err(e) => wrong.push(format!("{text}\n  error {e}")),
            }
        }
        assert!(wrong.is_empty(), "{} of {} forms misread:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
    }

    /// A malformed variant of each form: an error naming the line and what was expected.
    #[test]
    fn malformed_forms_are_errors_naming_the_line() {
        for (text, line, needle) in [
            ("      2-тармақ жаңа редакцияда жазылсын:\n      \"3. Білуге тиіс:\";", 1, "must start with `2. `"),
            ("      13-тармақтың үшінші абзацы алып тасталсын;\n      отызбірінші абзацы алып тасталсын;", 2, "unknown ordinal `отызбірінші` (supported: Kazakh ordinals 1–99"),
            ("      3) тармақшасы мынадай редакцияда жазылсын:\n      \"3) а\";", 1, "without a point context"),
            ("      13-тармақтың бесінші бөлшегі алып тасталсын;", 1, "unknown unit `бесінші бөлшегі`"),
            ("      15-тармақта \"А\" деген сөздер \"Б\" деген ауыстырылсын;", 1, "ауыстырылсын"),
            ("      22-тармақта:\n      алтыншы және жетінші абзацтар мынадай редакцияда жазылсын:\n      \"а;\n      б;\n      в\";", 2, "2 abzacs named, 3 new texts given"),
            ("      2-параграф тақырыбымен бірге алып тасталсын;", 1, "without a chapter context"),
            ("      13-тармақтың екінші абзацындағы бірнеше сөйлем алып тасталсын;", 1, "unknown"),
            ("      2-тармақ мынадай редакцияда жазылсын:\n      «2. Білуге тиіс:\n      Еңбек кодексін;\n      5-тармақ алып тасталсын;", 3, "unterminated quote opened on line 2"),
            ("      бірдеңе өзгертілсін;", 1, "at `бірдеңе`"),
        ] {
            let e = parse_text(text).unwrap_err();
            assert!(matches!(e, Error::Instruction { line: l, .. } if l == line), "{text}: {e}");
            assert!(e.to_string().contains(needle), "{text}: {e}");
        }
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
        assert!(matches!(e, Error::Instruction { line: 3, .. }), "{e}");
        assert!(e.to_string().contains("opened on line 2"), "{e}");
        let e = parse_text("      бірдеңе жасалсын;").unwrap_err();
        assert!(matches!(e, Error::Instruction { line: 1, .. }), "{e}");
    }
}
