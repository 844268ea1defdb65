//! Acts: the published plain text of a legal act → repaired text → typed instructions.
//!
//! Three stages, each its own module: `repair` undoes the PDF-extraction artifacts (DOMAIN.md),
//! `grammar` reads the Kazakh amendment instructions, and this module ties them to the act's
//! identity read from its own header. A base act (the full typical characteristics, with its
//! appendix of chapters, paragraphs and points) is read by `base`. It knows nothing of layout or
//! fonts.

pub mod base;
pub mod grammar;
pub mod id;
pub mod ordinal;
pub mod repair;
#[cfg(test)]
mod testgen;

pub use base::{BasePoint, BaseText, Bound, Footnote, Unit};
pub use grammar::{Edit, Instruction};
pub use id::{ActId, ActInfo, AmendedAct, Registration};
pub use repair::{Hole, Indent, Repair, Tail, Warning};
use serde::Serialize;

/// Larger inputs are refused: a published act is tens of kilobytes; 8 MB is certainly not one.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}: the file is empty")]
    Empty { file: String },
    #[error("{file}: {size} bytes is too large for an act (limit {limit} bytes)")]
    TooLarge { file: String, size: usize, limit: usize },
    #[error("{file}:{line}: not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { file: String, line: u32, offset: usize },
    #[error("{file}:{line}: binary data, not text (control character U+{code:04X})")]
    Binary { file: String, line: u32, code: u32 },
    #[error("{file}:{line}: act header: {what}")]
    Header { file: String, line: u32, what: String },
    #[error("{file}:{line}: {what}: {text}")]
    Instruction { file: String, line: u32, text: String, what: String },
    #[error("{file}:{line}: base act: {what}: {text}")]
    Base { file: String, line: u32, text: String, what: String },
}

/// What the loader did to the text and what it could not decide: the review trail of one act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub act: ActId,
    pub file: String,
    /// Whether the file carries the PDF displacement artifact (so that words were moved back).
    pub displaced: bool,
    /// The abzac indentation inferred from the file.
    pub indent: Indent,
    /// Every word moved back, with its evidence and the line before and after.
    pub repairs: Vec<Repair>,
    /// What the loader was not sure of (`--strict` makes these errors).
    pub warnings: Vec<Warning>,
}

/// How to load an act: the repair's options are all there is to choose (`--no-repair`).
pub use repair::Options;

/// A loaded act.
#[derive(Debug, Clone)]
pub struct Act {
    pub info: ActInfo,
    /// The repaired text (line-preserving: line N here is line N of the file).
    pub repaired: String,
    /// The repairs and warnings of loading it.
    pub review: Review,
    /// The amendment instructions in source order (empty for a base act).
    pub instructions: Vec<Instruction>,
    /// Instructions for other orders this act amends (another point of the order): listed,
    /// never applied to the characteristics.
    pub other: Vec<OtherOrder>,
    /// The appendix, when the act is a base act (the full typical characteristics).
    pub base: Option<BaseText>,
}

/// The instructions of one point of an act that amends another order than the one consolidated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherOrder {
    /// Line of the point's `… мынадай өзгерістер енгізілсін:`.
    pub line: u32,
    pub amends: Option<AmendedAct>,
    pub instructions: Vec<Instruction>,
}

impl Act {
    /// The act's identity.
    pub fn id(&self) -> &ActId {
        &self.info.id
    }
}

fn line_of(bytes: &[u8], offset: usize) -> u32 {
    let n = bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1;
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Checks the raw bytes: not empty, not absurdly large, UTF-8, no binary control characters.
fn check<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, Error> {
    if bytes.len() > MAX_BYTES {
        return Err(Error::TooLarge { file: file.into(), size: bytes.len(), limit: MAX_BYTES });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        file: file.into(),
        line: line_of(bytes, e.valid_up_to()),
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Empty { file: file.into() });
    }
    if let Some((off, c)) =
        text.char_indices().find(|&(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
    {
        return Err(Error::Binary { file: file.into(), line: line_of(text.as_bytes(), off), code: c as u32 });
    }
    Ok(text)
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A checked ISO date, or what is wrong with it.
fn iso(year: u32, month: u32, day: u32, token: &str) -> Result<String, String> {
    if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) {
        return Err(format!("`{token}` is not a date"));
    }
    if day == 0 || day > days_in(year, month) {
        return Err(format!("`{token}` is an impossible date ({year}-{month:02} has {} days)", days_in(year, month)));
    }
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

/// A date starting at word `k` of `w`: `YYYY жылғы D <month-locative>` or `DD.MM.YYYY [ж.|жылғы]`
/// → `Some(Ok((ISO date, words used)))`; `Some(Err(..))` for a date that cannot exist.
fn date_at(w: &[&str], k: usize) -> Option<Result<(String, usize), String>> {
    let first = *w.get(k)?;
    // Numeric: `01.03.2023` (`ж.`/`жылғы` may follow).
    let parts: Vec<&str> = first.trim_end_matches([',', ';']).split('.').filter(|p| !p.is_empty()).collect();
    if parts.len() == 3 && parts[0].len() <= 2 && parts[1].len() <= 2 && parts[2].len() == 4 {
        let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
        let n = nums?;
        let used = if matches!(w.get(k + 1), Some(&"ж.") | Some(&"жылғы") | Some(&"ж")) { 2 } else { 1 };
        return Some(iso(n[2], n[1], n[0], first).map(|d| (d, used)));
    }
    let year: u32 = first.parse().ok()?;
    if *w.get(k + 1)? != "жылғы" || !(1900..=2200).contains(&year) {
        return None;
    }
    let day: u32 = w.get(k + 2)?.parse().ok()?;
    let month = crate::kk::MONTHS.iter().position(|m| w.get(k + 3).is_some_and(|x| x.starts_with(m)))? + 1;
    let token = format!("{} {} {} {}", w[k], w[k + 1], w[k + 2], w[k + 3]);
    Some(iso(year, month as u32, day, &token).map(|d| (d, 4)))
}

/// A dated numbered reference: `<date> № N… <word>`, the number of one or more tokens
/// (`№ ҚР ДСМ-1/2023`) up to the first lowercase word.
struct Reference {
    at: usize,
    date: String,
    number: String,
    /// The word after the number (`бұйрығы`, `бұйрығына`, `болып`).
    next: String,
    /// Index of that word.
    next_at: usize,
}

/// Every dated numbered reference of `w`; a date that cannot exist is an error naming it.
fn references(w: &[&str]) -> Result<Vec<Reference>, String> {
    let mut out = Vec::new();
    for k in 0..w.len() {
        let Some(d) = date_at(w, k) else { continue };
        let (date, used) = d?;
        let mut m = k + used;
        if w.get(m) != Some(&"№") {
            continue;
        }
        m += 1;
        let start = m;
        let number_like = |t: &str, first: bool| {
            !t.starts_with(|c: char| c.is_lowercase()) && (first || !t.chars().any(char::is_lowercase))
        };
        while m < w.len() && number_like(w[m], m == start) && m - start < 4 {
            m += 1;
            // A number ends at its own punctuation (`№ 388.`).
            if w[m - 1].ends_with([',', '.', ';', ')']) {
                break;
            }
        }
        if m == start {
            continue;
        }
        let number = w[start..m].join(" ").trim_end_matches([',', '.', ';', ')']).to_string();
        let next = w.get(m).copied().unwrap_or("").to_string();
        out.push(Reference { at: k, date, number, next, next_at: m });
    }
    Ok(out)
}

/// Reads the act's identity from its header (the text before `БҰЙЫРАМЫН:`) and the first point
/// of the order (`… бұйрығына (… № 16057 болып тіркелген) мынадай өзгерістер енгізілсін:`).
fn header(file: &str, abz: &[repair::Abzac], order_start: usize, body: &str) -> Result<ActInfo, Error> {
    let head_text: Vec<&str> = abz[..order_start].iter().map(|a| a.text.as_str()).collect();
    let head_text = head_text.join(" ");
    let w: Vec<&str> = head_text.split_whitespace().collect();
    let line = abz.first().map_or(1, |a| a.line);
    let refs = references(&w).map_err(|what| Error::Header { file: file.into(), line, what })?;
    // The act's own number: the reference in the nominative (`№ 388 бұйрығы.`).
    let own = refs
        .iter()
        .find(|r| {
            r.next.starts_with("бұйрығы") && !r.next.starts_with("бұйрығына") && !r.next.starts_with("бұйрығымен")
        })
        .or_else(|| refs.iter().find(|r| r.next.trim_end_matches('.').ends_with('ы') || r.next.ends_with("і.")))
        .ok_or_else(|| Error::Header {
            file: file.into(),
            line,
            what: "no `YYYY жылғы D <month> № N бұйрығы` (or `DD.MM.YYYY № N бұйрығы`) identifying the act".into(),
        })?;
    let (k, date, number) = (own.at, own.date.clone(), own.number.clone());
    // Title: up to the last `туралы` before the act's date; issuer: from there to the date.
    let title_end = w[..k]
        .iter()
        .rposition(|x| x.trim_matches(['"', '»']) == "туралы" || x.ends_with("туралы\"") || x.ends_with("туралы»"))
        .map_or(0, |p| p + 1);
    let title = w[..title_end].join(" ");
    let issuer = w[title_end..k].join(" ");
    let registration = refs
        .iter()
        .find(|r| r.at > k && r.next == "болып" && w.get(r.next_at + 1).is_some_and(|x| x.starts_with("тіркелді")))
        .map(|r| Registration { number: r.number.clone(), date: r.date.clone() });
    let amends = amended(body).map_err(|what| Error::Header { file: file.into(), line, what })?;
    Ok(ActInfo {
        id: ActId { number, date },
        file: file.into(),
        title,
        issuer,
        registration,
        amends,
        effective: None,
        effective_rule: None,
        instructions: 0,
    })
}

/// The act an instruction block amends: `… № 360 бұйрығына` in its head, with its registration
/// number from the parenthesis that follows (`тізілімінде № 16057 болып тіркелген`).
fn amended(body: &str) -> Result<Option<AmendedAct>, String> {
    let bw: Vec<&str> = body.split_whitespace().collect();
    let target = |n: &str| ["бұйрығына", "қаулысына", "бұйрыққа", "шешіміне"].iter().any(|x| n.starts_with(x));
    Ok(references(&bw)?.into_iter().rev().find(|r| target(&r.next)).map(|r| {
        let after = &bw[r.next_at..];
        let reg = after
            .windows(4)
            .take(40)
            .find(|x| x[0].ends_with("тізілімінде") && x[1] == "№" && x[3] == "болып")
            .map(|x| x[2].to_string());
        AmendedAct { number: r.number, date: r.date, registration: reg }
    }))
}

/// The entry-into-force rule as the act words it (`Осы бұйрық … қолданысқа енгізіледі.`), and a
/// date only when the rule itself names one (`… бастап`). A rule that depends on the publication
/// date, which is not in the text, gives no date (DOMAIN.md: never guess).
fn effective(abz: &[repair::Abzac]) -> (Option<String>, Option<String>) {
    let Some(a) = abz.iter().rev().find(|a| a.text.contains("қолданысқа енгізіледі")) else {
        return (None, None);
    };
    let t = a.text.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let rule = if digits > 0 { t[digits..].trim_start_matches(". ").trim() } else { t };
    let w: Vec<&str> = rule.split_whitespace().collect();
    let date = (0..w.len()).find_map(|k| {
        let (d, used) = date_at(&w, k)?.ok()?;
        w.get(k + used).is_some_and(|x| x.starts_with("бастап")).then_some(d)
    });
    (date, Some(rule.to_string()))
}

/// Load an act from its published text. `file` names it in errors and provenance.
pub fn load(file: &str, bytes: &[u8]) -> Result<Act, Error> {
    load_with(file, bytes, Options::default())
}

/// The review trail of a text alone (its repairs and warnings), without reading its grammar: what
/// `lauazym repairs` shows, also for a text that does not load (e.g. with `--no-repair`).
pub fn review(file: &str, bytes: &[u8], opts: Options) -> Result<Review, Error> {
    let text = check(file, bytes)?;
    let r = repair::repair_with(text, opts);
    let id = ActId { number: String::new(), date: String::new() };
    Ok(Review {
        act: id,
        file: file.into(),
        displaced: r.displaced(),
        indent: r.indent,
        repairs: r.repairs,
        warnings: r.warnings,
    })
}

/// [`load`] with options (`--no-repair`).
pub fn load_with(file: &str, bytes: &[u8], opts: Options) -> Result<Act, Error> {
    let text = check(file, bytes)?;
    let fixed = repair::repair_with(text, opts);
    let displaced = fixed.displaced();
    let indent = fixed.indent;
    let (repairs, warnings) = (fixed.repairs, fixed.warnings);
    let repaired = fixed.text.into_owned();
    let abz = repair::abzacs(&repaired);
    // `БҰЙЫРАМЫН:` ("I ORDER:") ends the header of an order; a file without it is all header
    // up to its first order point.
    let order_start = abz
        .iter()
        .position(|a| a.text.trim_end_matches(':').trim() == "БҰЙЫРАМЫН")
        .or_else(|| abz.iter().position(|a| grammar::is_order_point(&a.text)))
        .unwrap_or(abz.len());
    // Each `… мынадай өзгерістер енгізілсін:` opens a block of instructions for one amended act.
    let heads: Vec<usize> =
        abz.iter().enumerate().filter(|(_, a)| a.text.trim_end().ends_with("енгізілсін:")).map(|(k, _)| k).collect();
    let instr_start = heads.first().map(|p| p + 1);
    let body: String = abz[..instr_start.unwrap_or(abz.len()).min(abz.len())]
        .iter()
        .map(|a| a.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let mut info = header(file, &abz, order_start.min(abz.len()), &body)?;
    let (date, rule) = effective(&abz);
    info.effective = date;
    info.effective_rule = rule;
    let mut blocks = Vec::new();
    for (n, &h) in heads.iter().enumerate() {
        let (block, _) = grammar::parse_block(file, &abz[h + 1..])?;
        let text = if n == 0 { body.clone() } else { abz[h].text.clone() };
        let amends = amended(&text).map_err(|what| Error::Header { file: file.into(), line: abz[h].line, what })?;
        blocks.push((h, amends, block));
    }
    // The block consolidated is the one for the characteristics (its scope line names them); the
    // others are listed, never dropped unseen (DOMAIN.md: one act may amend several orders).
    let target =
        blocks.iter().position(|b| b.2.scope.as_deref().is_some_and(|s| s.contains("сипаттамалар"))).unwrap_or(0);
    let mut other = Vec::new();
    let mut instructions = Vec::new();
    for (k, (h, amends, block)) in blocks.into_iter().enumerate() {
        if k == target {
            info.amends = amends.or(info.amends.take());
            instructions = block.instructions;
        } else {
            other.push(OtherOrder { line: abz[h].line, amends, instructions: block.instructions });
        }
    }
    let (instructions, base) = match instr_start {
        Some(s) => {
            if instructions.is_empty() {
                let a = &abz[s.min(abz.len() - 1)];
                return Err(Error::Instruction {
                    file: file.into(),
                    line: a.line,
                    text: a.text.clone(),
                    what: "an amending act with no instructions".into(),
                });
            }
            (instructions, None)
        }
        None => match base::read(file, &abz)? {
            Some(b) => (Vec::new(), Some(b)),
            None => {
                let a = abz.last().expect("non-empty text has an abzac");
                return Err(Error::Instruction {
                    file: file.into(),
                    line: a.line,
                    text: a.text.chars().take(120).collect(),
                    what: "neither amendment instructions (`… өзгерістер енгізілсін:`) nor an appendix of chapters (`N-тарау.`) found".into(),
                });
            }
        },
    };
    info.instructions = instructions.len();
    let review = Review { act: info.id.clone(), file: file.into(), displaced, indent, repairs, warnings };
    Ok(Act { info, repaired, review, instructions, other, base })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../acts/2022-09-26-388.txt");

    fn seed() -> Act {
        load("acts/2022-09-26-388.txt", SEED.as_bytes()).unwrap()
    }

    #[test]
    fn seed_identity() {
        let a = seed();
        let i = &a.info;
        assert_eq!(i.id, ActId { number: "388".into(), date: "2022-09-26".into() });
        assert_eq!(i.registration, Some(Registration { number: "29880".into(), date: "2022-09-28".into() }));
        assert_eq!(
            i.amends,
            Some(AmendedAct { number: "360".into(), date: "2017-10-25".into(), registration: Some("16057".into()) })
        );
        assert_eq!(i.issuer, "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрінің");
        assert!(
            i.title.starts_with("\"Халықты әлеуметтік")
                && i.title.ends_with("№ 360 бұйрығына өзгерістер енгізу туралы"),
            "{}",
            i.title
        );
        assert_eq!(i.effective, None);
        assert_eq!(
            i.effective_rule.as_deref(),
            Some("Осы бұйрық алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.")
        );
        assert_eq!(i.instructions, 42);
    }

    #[test]
    fn seed_instructions() {
        let a = seed();
        let count = |f: fn(&Edit) -> bool| a.instructions.iter().filter(|i| f(&i.edit)).count();
        assert_eq!(count(|e| matches!(e, Edit::ReplacePoint { .. })), 18);
        assert_eq!(count(|e| matches!(e, Edit::ReplaceAbzacs { .. })), 21);
        assert_eq!(count(|e| matches!(e, Edit::ReplaceTitle { .. })), 2);
        assert_eq!(count(|e| matches!(e, Edit::ReplaceCorner { .. })), 1);
        let find = |p: u32| a.instructions.iter().find(|i| i.edit.point() == Some(p)).unwrap();
        match &find(2).edit {
            Edit::ReplacePoint { heading, items, .. } => {
                assert_eq!(heading, "Білуге тиіс:");
                assert_eq!(
                    items[0],
                    "Қазақстан Республикасының Конституциясын (бұдан әрі – Қазақстан Республикасының Конституциясы);"
                );
                assert_eq!(items.last().unwrap(), "Қазақстан Республикасы Үкiметiнiң 2014 жылғы 9 қазандағы № 1077 қаулысымен бекітілген Өрт қауiпсiздiгi қағидаларын (бұдан әрі - Өрт қауiпсiздiгi қағидалары)");
            }
            e => panic!("{e:?}"),
        }
        assert_eq!(find(2).line, 37);
        assert_eq!(find(13).line, 148);
        match &find(22).edit {
            Edit::ReplaceAbzacs { abzacs, .. } => assert_eq!(abzacs, &[4]),
            e => panic!("{e:?}"),
        }
        let two = a
            .instructions
            .iter()
            .find(|i| matches!(&i.edit, Edit::ReplaceAbzacs { abzacs, .. } if abzacs.len() == 2))
            .unwrap();
        assert_eq!(two.line, 209);
        assert_eq!(two.notes.len(), 1);
        match &find(40).edit {
            Edit::ReplaceAbzacs { abzacs, texts, .. } => {
                assert_eq!(abzacs, &[2]);
                assert!(texts[0].starts_with("бағдарламаларға сәйкес"), "{}", texts[0]);
            }
            e => panic!("{e:?}"),
        }
        match &find(28).edit {
            Edit::ReplaceAbzacs { abzacs, .. } => assert_eq!(abzacs, &[5]),
            e => panic!("{e:?}"),
        }
        let corner = a.instructions.iter().find(|i| matches!(i.edit, Edit::ReplaceCorner { .. })).unwrap();
        assert_eq!(corner.line, 22);
        assert_eq!(
            corner.edit,
            Edit::ReplaceCorner {
                lines: [
                    "Қазақстан Республикасы",
                    "Еңбек және халықты әлеуметтік",
                    "қорғау министрі міндетін",
                    "атқарушының",
                    "2017 жылғы 25 қазандағы",
                    "№ 360 бұйрығымен",
                    "бекітілген"
                ]
                .map(String::from)
                .to_vec()
            }
        );
        let titles: Vec<_> = a
            .instructions
            .iter()
            .filter_map(|i| match &i.edit {
                Edit::ReplaceTitle { chapter, paragraph, text } => Some((*chapter, *paragraph, text.clone(), i.line)),
                _ => None,
            })
            .collect();
        assert_eq!(
            titles[0],
            (3, 2, "2-параграф. Қарттар мен мүгедектігі бар адамды күту жөніндегі әлеуметтік қызметкер".into(), 604)
        );
        assert_eq!(titles[1].1, 4);
        assert!(titles[1]
            .2
            .starts_with("4-параграф. Психоневрологиялық аурулары бар мүгедектігі бар балаларды және 18 жастан"));
        // Instructions are in source order.
        assert!(a.instructions.windows(2).all(|w| w[0].line < w[1].line));
    }

    fn fixture(name: &str) -> Result<Act, Error> {
        let path = format!("{}/tests/fixtures/acts/{name}", env!("CARGO_MANIFEST_DIR"));
        load(name, &std::fs::read(path).unwrap())
    }

    #[test]
    fn fixtures_load_or_fail_clearly() {
        let small = fixture("amend-small.txt").unwrap();
        assert_eq!(small.info.id, ActId { number: "1".into(), date: "2023-03-01".into() });
        assert_eq!(small.info.effective.as_deref(), Some("2023-03-15"));
        assert_eq!(small.info.registration, Some(Registration { number: "2".into(), date: "2023-03-02".into() }));
        assert_eq!(small.instructions.len(), 4);
        let base = fixture("base-small.txt").unwrap();
        assert_eq!(base.info.id, ActId { number: "360".into(), date: "2017-10-25".into() });
        assert_eq!(base.base.as_ref().unwrap().points.len(), 6);
        assert!(matches!(fixture("empty.txt"), Err(Error::Empty { .. })));
        assert!(matches!(fixture("garbage.bin"), Err(Error::NotUtf8 { .. } | Error::Binary { .. })));
        assert!(matches!(fixture("nul-bytes.txt"), Err(Error::Binary { line: 1, .. })));
        let e = fixture("truncated-quote.txt").unwrap_err();
        // The wrong line is the quote's last, which lacks its `";` (the message names where it opened).
        assert!(
            matches!(&e, Error::Instruction { line: 16, what, .. } if what.contains("unterminated quote opened on line 13")),
            "{e}"
        );
        let e = fixture("unknown-ordinal.txt").unwrap_err();
        assert!(
            matches!(&e, Error::Instruction { line: 18, text, what, .. } if text.contains("отызбірінші") && what.contains("unknown ordinal")),
            "{e}"
        );
        let e = fixture("unknown-instruction.txt").unwrap_err();
        assert!(matches!(&e, Error::Instruction { line: 18, .. }), "{e}");
        assert!(e.to_string().starts_with("unknown-instruction.txt:18: "), "{e}");
    }

    #[test]
    fn fifty_megabytes_is_refused_without_reading_it_as_text() {
        let big = "      Еңбек кодексін;\n".repeat(50 * 1024 * 1024 / 30 + 1);
        assert!(big.len() > 50 * 1024 * 1024);
        assert!(matches!(load("big.txt", big.as_bytes()), Err(Error::TooLarge { .. })));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, failure_persistence: None, ..Default::default() })]

        /// The fuzz target's property, for machines without nightly: bytes in, error or act out.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..3000)) {
            if let Ok(a) = load("p.txt", &bytes) {
                let _ = crate::model::consolidate(None, &[a]);
            }
        }

        /// The seed with a random cut and a random splice: near-valid acts reach deep paths.
        #[test]
        fn mutated_seed_never_panics(at in 0usize..SEED.len(), cut in 0usize..300, insert in "[ \n\";:()а-яА-Я0-9-]{0,24}") {
            let start = (0..=at).rev().find(|&i| SEED.is_char_boundary(i)).unwrap_or(0);
            let end = (start + cut..=SEED.len()).find(|&i| SEED.is_char_boundary(i)).unwrap_or(SEED.len());
            let text = format!("{}{insert}{}", &SEED[..start], &SEED[end..]);
            if let Ok(a) = load("m.txt", text.as_bytes()) {
                if let Ok(m) = crate::model::consolidate(None, &[a]) {
                    let _ = crate::model::table(&m);
                }
            }
        }
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(matches!(load("e.txt", b""), Err(Error::Empty { .. })));
        assert!(matches!(load("e.txt", b"  \n\n "), Err(Error::Empty { .. })));
        assert!(matches!(load("b.txt", &[0xff, 0xfe, 0x00, 0x41]), Err(Error::NotUtf8 { .. })));
        assert!(matches!(load("b.txt", b"abc\x00\x01def"), Err(Error::Binary { line: 1, .. })));
        let big = vec![b'a'; MAX_BYTES + 1];
        assert!(matches!(load("big.txt", &big), Err(Error::TooLarge { .. })));
        assert!(matches!(load("h.txt", "      БҰЙЫРАМЫН:\n      1. бірдеңе".as_bytes()), Err(Error::Header { .. })));
    }
}
