//! Consolidation: apply amending acts (date order) to an optional base act.
//!
//! Without a base the model holds exactly what the acts set: a whole-point replacement makes a
//! `Whole` section, abzac edits a `Partial` one, everything else stays `NotSet`. Positions are the
//! point triplets (3k+1, 3k+2, 3k+3) holding an edited point — an inference, recorded with its
//! reasons (DOMAIN.md). Chapter/§ placement comes from a base, or is inferred from where the
//! acts' title instructions stand.

use super::{
    ActId, ActInfo, Change, Inference, Item, Listed, Model, Notice, Placement, Position, Provenance, Section,
    SectionKind, SectionState, Title, Trail,
};
use crate::act::{self, Act, Edit, Instruction};
use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An edit whose target does not exist (in the base act or in what earlier edits set).
    #[error("{file}:{line}: {what}")]
    Target { file: String, line: u32, what: String },
    /// The base act is unusable as one (no appendix, or it contradicts the point triplets).
    #[error("{file}: base act: {what}")]
    Base { file: String, what: String },
    /// An amending act says it amends another act than the base.
    #[error("{file}: amends order No. {amends} of {date}, but the base act is No. {base} of {base_date}")]
    WrongBase { file: String, amends: String, date: String, base: String, base_date: String },
    /// The same act was loaded twice.
    #[error("order No. {number} of {date} is loaded twice ({first}, {second})")]
    Duplicate { number: String, date: String, first: String, second: String },
    /// The consolidated base already contains a loaded amending act (a footnote names it).
    #[error("{file}: order No. {number} of {date} is already applied in the base act {base} (its footnote on line {line}); load the base without it, or a base published before it")]
    AlreadyApplied { file: String, number: String, date: String, base: String, line: u32 },
    /// A base act was passed among the amending acts.
    #[error("{file}: not an amending act (it has no instructions)")]
    NotAmending { file: String },
}

/// What is known of one point while edits are applied.
#[derive(Debug, Clone, Default)]
struct PointState {
    /// Heading and every item are known (from a base or a whole-point replacement).
    whole: bool,
    /// Known abzacs by number (1 = heading line).
    abzacs: BTreeMap<u32, Item>,
}

fn kind_of(point: u32) -> SectionKind {
    SectionKind::ALL[((point + 2) % 3) as usize]
}

fn first_of(point: u32) -> u32 {
    // Point 0 does not exist (the grammar refuses it); saturate rather than underflow.
    point.saturating_sub(1) / 3 * 3 + 1
}

struct Ctx<'a> {
    act: &'a Act,
    ins: &'a Instruction,
}

impl Ctx<'_> {
    fn prov(&self, point: u32, abzac: Option<u32>) -> Provenance {
        Provenance {
            act: self.act.info.id.clone(),
            file: self.act.info.file.clone(),
            point,
            abzac,
            line: self.ins.line,
            instruction: self.ins.text.clone(),
            footnotes: Vec::new(),
        }
    }
    fn item(&self, point: u32, abzac: u32, text: &str) -> Item {
        Item { abzac, text: text.to_string(), provenance: self.prov(point, Some(abzac)) }
    }
    fn missing(&self, what: String) -> Error {
        Error::Target { file: self.act.info.file.clone(), line: self.ins.line, what }
    }
}

/// Shifts abzac keys `>= from` by `delta` (deletions and insertions renumber what follows).
fn renumber(map: &mut BTreeMap<u32, Item>, from: u32, delta: i64) {
    let moved: Vec<u32> = map.range(from..).map(|(k, _)| *k).collect();
    let mut items: Vec<Item> = moved.iter().filter_map(|k| map.remove(k)).collect();
    for it in &mut items {
        it.abzac = u32::try_from(i64::from(it.abzac) + delta).unwrap_or(0);
        map.insert(it.abzac, it.clone());
    }
}

fn change(c: &Ctx<'_>, point: u32, abzacs: Vec<u32>, new_text: Vec<String>) -> Change {
    Change {
        point,
        abzacs: abzacs.clone(),
        instruction: c.ins.text.clone(),
        new_text,
        old_text: Vec::new(),
        edit: c.ins.edit.clone(),
        provenance: c.prov(point, abzacs.first().copied()),
    }
}

/// The text an edit replaces or deletes, as known before it applies (the words themselves for a
/// word replacement); empty where the loaded acts do not know it.
fn old_text(points: &BTreeMap<u32, PointState>, edit: &Edit) -> Vec<String> {
    let texts = |p: &u32, nums: Option<&[u32]>| -> Vec<String> {
        points.get(p).map_or_else(Vec::new, |st| {
            st.abzacs
                .iter()
                .filter(|(n, _)| nums.is_none_or(|v| v.contains(n)))
                .map(|(_, it)| it.text.clone())
                .collect()
        })
    };
    match edit {
        Edit::ReplacePoint { point, .. } | Edit::DeletePoint { point } => texts(point, None),
        Edit::ReplaceAbzacs { point, abzacs, .. } | Edit::DeleteAbzacs { point, abzacs } => texts(point, Some(abzacs)),
        Edit::ReplaceSentence { point, abzac, .. } | Edit::DeleteSentence { point, abzac, .. } => {
            texts(point, Some(std::slice::from_ref(abzac)))
        }
        Edit::ReplaceSubpoint { point, label, .. } | Edit::DeleteSubpoint { point, label } => {
            subpoint(points.get(point), label).map(|(_, t)| vec![t]).unwrap_or_default()
        }
        Edit::ReplaceWords { from, .. } | Edit::ReplaceWordsThroughout { from, .. } => vec![from.clone()],
        _ => Vec::new(),
    }
}

/// The abzac of a point that is sub-point `label` (`3) …`): its number and text.
fn subpoint(st: Option<&PointState>, label: &str) -> Option<(u32, String)> {
    let prefix = format!("{label})");
    st?.abzacs.iter().find(|(_, it)| it.text.starts_with(&prefix)).map(|(n, it)| (*n, it.text.clone()))
}

/// The sentences of an abzac: split after `.`, `!` or `?` followed by a space and an uppercase
/// letter; `None` when the text has no such boundary to count by.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for k in 0..chars.len() {
        let (i, c) = chars[k];
        if matches!(c, '.' | '!' | '?')
            && chars.get(k + 1).is_some_and(|x| x.1 == ' ')
            && chars.get(k + 2).is_some_and(|x| x.1.is_uppercase())
        {
            out.push(text[start..=i].to_string());
            start = chars[k + 2].0;
        }
    }
    out.push(text[start..].to_string());
    out
}

/// A title instruction and where it was placed.
struct TitleAt {
    chapter: u32,
    paragraph: u32,
    title: Title,
    /// The point of the next instruction in the act (the position the title stands before).
    anchor: Option<(u32, u32)>,
}

/// Applies one instruction. `has_base`: a missing target is an error, not an unknown.
fn apply(
    c: &Ctx<'_>,
    points: &mut BTreeMap<u32, PointState>,
    has_base: bool,
    corner: &mut Option<Title>,
) -> Result<Option<Change>, Error> {
    let exists =
        |points: &BTreeMap<u32, PointState>, p: u32| points.get(&p).is_some_and(|s| s.whole || !s.abzacs.is_empty());
    Ok(Some(match &c.ins.edit {
        Edit::ReplacePoint { point, heading, items } => {
            if has_base && !exists(points, *point) {
                return Err(c.missing(format!("point {point} does not exist in the base act")));
            }
            let st = points.entry(*point).or_default();
            st.whole = true;
            st.abzacs.clear();
            st.abzacs.insert(1, c.item(*point, 1, heading));
            for (k, t) in items.iter().enumerate() {
                let n = k as u32 + 2;
                st.abzacs.insert(n, c.item(*point, n, t));
            }
            let mut new_text = vec![format!("{point}. {heading}")];
            new_text.extend(items.iter().cloned());
            change(c, *point, Vec::new(), new_text)
        }
        Edit::ReplaceAbzacs { point, abzacs, texts } => {
            let known = exists(points, *point);
            if has_base && !known {
                return Err(c.missing(format!("point {point} does not exist in the base act")));
            }
            let st = points.entry(*point).or_default();
            for (a, t) in abzacs.iter().zip(texts) {
                if st.whole && !st.abzacs.contains_key(a) {
                    return Err(c.missing(format!("point {point} has no abzac {a} (it has {})", st.abzacs.len())));
                }
                st.abzacs.insert(*a, c.item(*point, *a, t));
            }
            change(c, *point, abzacs.clone(), texts.clone())
        }
        Edit::ReplaceCorner { lines } => {
            *corner = Some(Title { text: lines.join("\n"), provenance: c.prov(0, None) });
            change(c, 0, Vec::new(), lines.clone())
        }
        Edit::ReplaceTitle { .. } => return Ok(None),
        Edit::DeletePoint { point } => {
            if has_base && !exists(points, *point) {
                return Err(c.missing(format!("point {point} does not exist in the base act")));
            }
            points.remove(point);
            change(c, *point, Vec::new(), Vec::new())
        }
        Edit::DeleteAbzacs { point, abzacs } => {
            if let Some(st) = points.get_mut(point) {
                // Highest first, so the numbers of the others still mean the same abzacs.
                let mut sorted = abzacs.clone();
                sorted.sort_unstable_by(|a, b| b.cmp(a));
                for a in sorted {
                    if st.abzacs.remove(&a).is_none() && st.whole {
                        return Err(c.missing(format!("point {point} has no abzac {a}")));
                    }
                    renumber(&mut st.abzacs, a + 1, -1);
                }
            } else if has_base {
                return Err(c.missing(format!("point {point} does not exist in the base act")));
            }
            change(c, *point, abzacs.clone(), Vec::new())
        }
        Edit::InsertAbzacs { point, after, texts } => {
            if let Some(st) = points.get_mut(point) {
                let at = match after {
                    Some(a) => a + 1,
                    None if st.whole => st.abzacs.keys().max().copied().unwrap_or(1) + 1,
                    // The end of a partly known point is unknown: the change sheet has it.
                    None => return Ok(Some(change(c, *point, Vec::new(), texts.clone()))),
                };
                if st.whole && at > st.abzacs.len() as u32 + 1 {
                    return Err(c.missing(format!("point {point} has no abzac {}", at - 1)));
                }
                renumber(&mut st.abzacs, at, texts.len() as i64);
                for (k, t) in texts.iter().enumerate() {
                    let n = at + k as u32;
                    st.abzacs.insert(n, c.item(*point, n, t));
                }
                let nums = (at..at + texts.len() as u32).collect();
                change(c, *point, nums, texts.clone())
            } else if has_base {
                return Err(c.missing(format!("point {point} does not exist in the base act")));
            } else {
                change(c, *point, Vec::new(), texts.clone())
            }
        }
        Edit::InsertPoint { label, after, heading, items } => {
            if has_base && !exists(points, *after) {
                return Err(
                    c.missing(format!("point {after} (before the new point {label}) does not exist in the base act"))
                );
            }
            // A point `13-1` has no place among the numbered triplets: the change sheet lists it.
            let mut new_text = vec![format!("{label}. {heading}")];
            new_text.extend(items.iter().cloned());
            change(c, *after, Vec::new(), new_text)
        }
        Edit::ReplaceWords { point, abzac, from, to } => {
            match points.get_mut(point) {
                Some(st) => {
                    let mut hit = false;
                    for (n, it) in st.abzacs.iter_mut() {
                        if abzac.is_none_or(|a| a == *n) && it.text.contains(from.as_str()) {
                            it.text = it.text.replace(from.as_str(), to);
                            it.provenance = c.prov(*point, Some(*n));
                            hit = true;
                        }
                    }
                    if !hit && (st.whole || abzac.is_some_and(|a| st.abzacs.contains_key(&a))) {
                        return Err(c.missing(format!("point {point}: the words \"{from}\" are not in the text")));
                    }
                }
                None if has_base => return Err(c.missing(format!("point {point} does not exist in the base act"))),
                None => {}
            }
            change(c, *point, abzac.iter().copied().collect(), vec![to.clone()])
        }
        Edit::ReplaceWordsThroughout { from, to } => {
            let mut hit = false;
            for (p, st) in points.iter_mut() {
                for (n, it) in st.abzacs.iter_mut() {
                    if it.text.contains(from.as_str()) {
                        it.text = it.text.replace(from.as_str(), to);
                        it.provenance = c.prov(*p, Some(*n));
                        hit = true;
                    }
                }
            }
            if !hit && has_base {
                return Err(c.missing(format!("the words \"{from}\" are nowhere in the text")));
            }
            change(c, 0, Vec::new(), vec![to.clone()])
        }
        Edit::ReplaceSubpoint { point, label, text } | Edit::InsertSubpoint { point, label, text } => {
            let insert = matches!(c.ins.edit, Edit::InsertSubpoint { .. });
            let st = points.get_mut(point);
            let known = st.as_ref().is_some_and(|s| s.whole);
            // A new `K-1)` goes after `K)`; a replaced `K)` is `K)` itself.
            let anchor_label = if insert { label.rsplit_once('-').map_or(label.as_str(), |(a, _)| a) } else { label };
            match (st, known) {
                (Some(st), true) => {
                    let Some((n, _)) = subpoint(Some(st), anchor_label) else {
                        return Err(c.missing(format!("point {point} has no sub-point {anchor_label})")));
                    };
                    if insert {
                        renumber(&mut st.abzacs, n + 1, 1);
                        st.abzacs.insert(n + 1, c.item(*point, n + 1, text));
                        change(c, *point, vec![n + 1], vec![text.clone()])
                    } else {
                        st.abzacs.insert(n, c.item(*point, n, text));
                        change(c, *point, vec![n], vec![text.clone()])
                    }
                }
                (None, _) if has_base => return Err(c.missing(format!("point {point} does not exist in the base act"))),
                // Sub-points of a point the acts know only partly cannot be located: listed.
                _ => change(c, *point, Vec::new(), vec![text.clone()]),
            }
        }
        Edit::DeleteSubpoint { point, label } => {
            match points.get_mut(point) {
                Some(st) if st.whole => {
                    let Some((n, _)) = subpoint(Some(st), label) else {
                        return Err(c.missing(format!("point {point} has no sub-point {label})")));
                    };
                    st.abzacs.remove(&n);
                    renumber(&mut st.abzacs, n + 1, -1);
                }
                None if has_base => return Err(c.missing(format!("point {point} does not exist in the base act"))),
                _ => {}
            }
            change(c, *point, Vec::new(), Vec::new())
        }
        Edit::ReplacePart { point, .. } | Edit::DeletePart { point, .. } => {
            // Parts (`бөлік`) are not abzacs: where the point's text is known, applying the edit
            // to the wrong abzacs would print stale law; refuse rather than guess.
            if exists(points, *point) || has_base {
                return Err(c.missing(format!(
                    "point {point}: a part (`бөлік`) edit cannot be placed among the point's abzacs; load the current text of the point instead"
                )));
            }
            let texts = match &c.ins.edit {
                Edit::ReplacePart { texts, .. } => texts.clone(),
                _ => Vec::new(),
            };
            change(c, *point, Vec::new(), texts)
        }
        Edit::ReplaceSentence { point, abzac, sentence, .. } | Edit::DeleteSentence { point, abzac, sentence } => {
            let new = match &c.ins.edit {
                Edit::ReplaceSentence { text, .. } => Some(text.clone()),
                _ => None,
            };
            match points.get_mut(point).and_then(|st| st.abzacs.get_mut(abzac)) {
                Some(it) => {
                    let mut ss = sentences(&it.text);
                    let k = *sentence as usize;
                    if k == 0 || k > ss.len() {
                        return Err(c.missing(format!(
                            "point {point} abzac {abzac} has {} sentence(s), not {sentence}",
                            ss.len()
                        )));
                    }
                    match &new {
                        Some(t) => ss[k - 1] = t.clone(),
                        None => {
                            ss.remove(k - 1);
                        }
                    }
                    it.text = ss.join(" ");
                    it.provenance = c.prov(*point, Some(*abzac));
                }
                None if has_base => {
                    return Err(c.missing(format!("point {point} has no abzac {abzac} in the base act")))
                }
                None => {}
            }
            change(c, *point, vec![*abzac], new.into_iter().collect())
        }
        Edit::DeleteParagraph { chapter, paragraph } => {
            if has_base {
                return Err(c.missing(format!(
                    "deleting chapter {chapter} § {paragraph} with its title: the position's documents would go; not applied by this loader"
                )));
            }
            change(c, 0, Vec::new(), Vec::new())
        }
        Edit::InsertedPoint { label, texts, .. } => {
            let after = label.split_once('-').and_then(|(a, _)| a.parse().ok()).unwrap_or(0);
            change(c, after, Vec::new(), texts.clone())
        }
        Edit::ReplaceAppendix => {
            return Err(c.missing(
                "the act replaces the whole appendix by an attachment its text does not carry: load the new appendix as --base".into(),
            ))
        }
        // The amended order's own text: listed by the caller, never a change of the characteristics.
        Edit::Order { .. } => return Ok(None),
    }))
}

/// Fills the model's points from a base act's appendix.
/// A base act's paragraph: chapter, paragraph, title, its three points.
type BaseParagraph = (u32, u32, Title, [u32; 3]);

fn load_base(base: &Act, points: &mut BTreeMap<u32, PointState>) -> Result<Vec<BaseParagraph>, Error> {
    let b = base.base.as_ref().ok_or_else(|| Error::Base {
        file: base.info.file.clone(),
        what: "it has no appendix of chapters and points".into(),
    })?;
    let prov = |point: u32, abzac: u32, line: u32| Provenance {
        act: base.info.id.clone(),
        file: base.info.file.clone(),
        point,
        abzac: Some(abzac),
        line,
        instruction: String::new(),
        footnotes: Vec::new(),
    };
    // A footnote is provenance of its unit: every abzac of a point, one abzac, or a title.
    let notes_on = |unit: act::Unit| -> Vec<act::Footnote> {
        b.footnotes.iter().filter(|f| f.unit == Some(unit)).cloned().collect()
    };
    let mut paragraphs: BTreeMap<(u32, u32), Vec<u32>> = BTreeMap::new();
    for p in &b.points {
        if kind_of(p.number).heading_kk() != p.heading.trim_end_matches(':').trim() {
            return Err(Error::Base {
                file: base.info.file.clone(),
                what: format!(
                    "point {} (line {}) is `{}` where the triplet rule expects `{}`",
                    p.number,
                    p.line,
                    p.heading,
                    kind_of(p.number).heading_kk()
                ),
            });
        }
        let mut st = PointState { whole: true, abzacs: BTreeMap::new() };
        let whole = notes_on(act::Unit::Point { point: p.number });
        let item = |n: u32, line: u32, text: &str| {
            let mut provenance = prov(p.number, n, line);
            provenance.footnotes =
                whole.iter().cloned().chain(notes_on(act::Unit::Abzac { point: p.number, abzac: n })).collect();
            Item { abzac: n, text: text.to_string(), provenance }
        };
        st.abzacs.insert(1, item(1, p.line, &p.heading));
        for (k, (line, t)) in p.items.iter().enumerate() {
            let n = k as u32 + 2;
            st.abzacs.insert(n, item(n, *line, t));
        }
        points.insert(p.number, st);
        paragraphs.entry((p.chapter, p.paragraph)).or_default().push(p.number);
    }
    let mut out = Vec::new();
    for t in &b.titles {
        let pts = paragraphs.get(&(t.chapter, t.paragraph)).cloned().unwrap_or_default();
        let first = pts.first().copied().map(first_of).unwrap_or(0);
        if pts.is_empty() || pts.iter().any(|&p| first_of(p) != first) {
            return Err(Error::Base {
                file: base.info.file.clone(),
                what: format!(
                    "chapter {} § {} (line {}) is not one point triplet: points {pts:?}",
                    t.chapter, t.paragraph, t.line
                ),
            });
        }
        let mut provenance = prov(first, 1, t.line);
        provenance.footnotes = notes_on(act::Unit::ParagraphTitle { chapter: t.chapter, paragraph: t.paragraph });
        let title = Title { text: bare_title(&t.text), provenance };
        out.push((t.chapter, t.paragraph, title, [first, first + 1, first + 2]));
    }
    Ok(out)
}

/// A paragraph title as a position's name: the act quotes `2-параграф. Қарттар … қызметкер`, the
/// position is called `Қарттар … қызметкер` (the change sheet keeps the full quotation).
fn bare_title(text: &str) -> String {
    let t = text.trim();
    match t.split_once("-параграф.") {
        Some((n, rest)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => rest.trim().to_string(),
        _ => t.to_string(),
    }
}

fn list(v: &[u32]) -> String {
    v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

/// The triplet rule with the evidence the loaded acts give for it.
fn triplet_inference(acts: &[&Act], has_base: bool) -> Inference {
    let mut must_know = Vec::new();
    let mut other_whole = Vec::new();
    let mut abz: [Vec<u32>; 3] = Default::default();
    for a in acts {
        for i in &a.instructions {
            match &i.edit {
                Edit::ReplacePoint { point, heading, .. } if heading.starts_with("Білуге тиіс") => {
                    must_know.push(*point)
                }
                Edit::ReplacePoint { point, .. } => other_whole.push(*point),
                Edit::ReplaceAbzacs { point, .. } => abz[(point % 3) as usize].push(*point),
                _ => {}
            }
        }
    }
    let mut reasons = Vec::new();
    let fit = must_know.iter().filter(|p| *p % 3 == 2).count();
    reasons.push(format!(
        "{fit} of {} whole-point replacements worded `Білуге тиіс:` (must know) are points ≡ 2 (mod 3): {}",
        must_know.len(),
        list(&must_know)
    ));
    if !other_whole.is_empty() {
        reasons.push(format!("whole-point replacements with another heading: {}", list(&other_whole)));
    }
    for (r, name) in [(1, "duties"), (0, "qualification requirements")] {
        if !abz[r].is_empty() {
            reasons
                .push(format!("abzac edits in points ≡ {r} (mod 3), the {name} of their positions: {}", list(&abz[r])));
        }
    }
    if !abz[2].is_empty() {
        reasons.push(format!("abzac edits in points ≡ 2 (mod 3): {}", list(&abz[2])));
    }
    reasons.push(if has_base {
        "the base act's point headings agree with it".to_string()
    } else {
        "no base act is loaded to confirm or contradict it".to_string()
    });
    Inference {
        claim: "each position is three consecutive points 3k+1, 3k+2, 3k+3: duties (`Лауазымдық міндеттері:`), must know (`Білуге тиіс:`), qualification requirements (`Біліктілікке қойылатын талаптар:`)".into(),
        reasons,
    }
}

/// Build the consolidated model. Without `base`, the model holds exactly what `acts` establish.
pub fn consolidate(base: Option<&Act>, acts: &[Act]) -> Result<Model, Error> {
    let mut ordered: Vec<&Act> = acts.iter().collect();
    for a in &ordered {
        if a.instructions.is_empty() {
            return Err(Error::NotAmending { file: a.info.file.clone() });
        }
    }
    // Date order; same-day acts by number, then as given (stable sort).
    ordered.sort_by(|a, b| {
        let num = |x: &Act| x.info.id.number.parse::<u64>().unwrap_or(u64::MAX);
        a.info.id.date.cmp(&b.info.id.date).then(num(a).cmp(&num(b)))
    });
    // The same act twice would apply every edit twice (and plan every document twice).
    for pair in ordered.windows(2) {
        if pair[0].info.id == pair[1].info.id {
            return Err(Error::Duplicate {
                number: pair[0].info.id.number.clone(),
                date: pair[0].info.id.date.clone(),
                first: pair[0].info.file.clone(),
                second: pair[1].info.file.clone(),
            });
        }
    }
    if let Some(b) = base {
        // An amending act given as the base: say so about the file the user named as base.
        if b.base.is_none() {
            return Err(Error::Base {
                file: b.info.file.clone(),
                what: "it has no appendix of chapters and points (is it an amending act? give it with --act)".into(),
            });
        }
        for a in &ordered {
            if let Some(am) =
                a.info.amends.as_ref().filter(|am| am.number != b.info.id.number || am.date != b.info.id.date)
            {
                return Err(Error::WrongBase {
                    file: a.info.file.clone(),
                    amends: am.number.clone(),
                    date: am.date.clone(),
                    base: b.info.id.number.clone(),
                    base_date: b.info.id.date.clone(),
                });
            }
        }
    }
    let mut points: BTreeMap<u32, PointState> = BTreeMap::new();
    let base_titles = match base {
        Some(b) => load_base(b, &mut points)?,
        None => Vec::new(),
    };
    let has_base = base.is_some();
    let mut corner = None;
    let mut changes: Vec<(ActId, Vec<Change>)> = Vec::new();
    let mut titles: Vec<TitleAt> = Vec::new();
    let mut listed: Vec<Listed> = Vec::new();
    let mut notices: Vec<Notice> = Vec::new();
    // Units set by replacement, per act date: the same unit set twice is worth a look.
    let mut set_by: BTreeMap<(u32, Option<u32>), (String, ActId, u32)> = BTreeMap::new();
    for act in &ordered {
        for o in &act.other {
            let whose = o
                .amends
                .as_ref()
                .map_or_else(|| "another order".to_string(), |a| format!("order No. {} of {}", a.number, a.date));
            for ins in &o.instructions {
                listed.push(Listed::of(
                    act,
                    ins,
                    format!("amends {whose} (the act's point on line {}), not the consolidated order", o.line),
                ));
            }
            notices.push(Notice {
                file: act.info.file.clone(),
                line: o.line,
                message: format!(
                    "the act also amends {whose}: {} instruction(s) listed, not applied",
                    o.instructions.len()
                ),
            });
        }
        for ins in &act.instructions {
            let units: Vec<(u32, Option<u32>)> = match &ins.edit {
                Edit::ReplacePoint { point, heading, .. } => {
                    let expected = kind_of(*point).heading_kk();
                    if !has_base && !heading.starts_with(expected) {
                        notices.push(Notice {
                            file: act.info.file.clone(),
                            line: ins.line,
                            message: format!(
                                "point {point} is given the heading `{heading}`, but the triplet rule expects `{expected}:` there"
                            ),
                        });
                    }
                    vec![(*point, None)]
                }
                Edit::ReplaceAbzacs { point, abzacs, .. } => abzacs.iter().map(|a| (*point, Some(*a))).collect(),
                _ => Vec::new(),
            };
            for u in units {
                let what = match u.1 {
                    Some(a) => format!("point {} abzac {a}", u.0),
                    None => format!("point {}", u.0),
                };
                if let Some((_, id, line)) = set_by.get(&u) {
                    if *id == act.info.id {
                        notices.push(Notice {
                            file: act.info.file.clone(),
                            line: ins.line,
                            message: format!("{what} is set twice in this act (also on line {line})"),
                        });
                    } else if id.date == act.info.id.date {
                        notices.push(Notice {
                            file: act.info.file.clone(),
                            line: ins.line,
                            message: format!(
                                "{what} is also set by order No. {} of the same date: which applies last is not in the texts (taken in number order)",
                                id.number
                            ),
                        });
                    }
                }
                set_by.insert(u, (act.info.file.clone(), act.info.id.clone(), ins.line));
            }
        }
    }
    // Acts that amend different orders: only one of them is the characteristics.
    let amended: std::collections::BTreeSet<(String, String)> =
        ordered.iter().filter_map(|a| a.info.amends.as_ref().map(|m| (m.number.clone(), m.date.clone()))).collect();
    if amended.len() > 1 {
        for a in &ordered {
            if let Some(m) = &a.info.amends {
                notices.push(Notice {
                    file: a.info.file.clone(),
                    line: 1,
                    message: format!(
                        "amends order No. {} of {}, while the loaded acts amend {} different orders",
                        m.number,
                        m.date,
                        amended.len()
                    ),
                });
            }
        }
    }
    // A consolidated base that already contains a loaded amending act (its footnotes say so).
    if let Some(bt) = base.and_then(|b| b.base.as_ref()) {
        for a in &ordered {
            if let Some(f) = bt.footnotes.iter().find(|f| f.act.as_ref() == Some(&a.info.id)) {
                return Err(Error::AlreadyApplied {
                    file: a.info.file.clone(),
                    number: a.info.id.number.clone(),
                    date: a.info.id.date.clone(),
                    base: base.map(|b| b.info.file.clone()).unwrap_or_default(),
                    line: f.line,
                });
            }
        }
    }
    for act in &ordered {
        let mut list = Vec::new();
        for (k, ins) in act.instructions.iter().enumerate() {
            let c = Ctx { act, ins };
            if let Edit::ReplaceTitle { chapter, paragraph, text } = &ins.edit {
                // DOMAIN.md: the title instruction stands right before the instructions for its
                // position; the next instruction that names a point anchors it.
                let anchor = act.instructions[k + 1..].iter().find_map(|n| n.edit.point().map(|p| (p, n.line)));
                let point = anchor.map_or(0, |a| a.0);
                let title = Title { text: bare_title(text), provenance: c.prov(point, None) };
                list.push(change(&c, point, Vec::new(), vec![text.clone()]));
                titles.push(TitleAt { chapter: *chapter, paragraph: *paragraph, title, anchor });
                continue;
            }
            if let Edit::Order { .. } = &ins.edit {
                listed.push(Listed::of(
                    act,
                    ins,
                    "edits the amended order's own text (title, preamble or operative points), not its appendix: not applied to positions".into(),
                ));
                continue;
            }
            let old = old_text(&points, &ins.edit);
            if let Some(mut ch) = apply(&c, &mut points, has_base, &mut corner)? {
                ch.old_text = old;
                list.push(ch);
            }
        }
        changes.push((act.info.id.clone(), list));
    }
    let mut inferences = vec![triplet_inference(&ordered, has_base)];

    // Positions: every triplet holding a known point.
    let mut positions: BTreeMap<u32, Position> = BTreeMap::new();
    for (&p, st) in &points {
        if p == 0 || (!st.whole && st.abzacs.is_empty()) {
            continue;
        }
        let first = first_of(p);
        positions.entry(first).or_insert_with(|| {
            let pts = [first, first + 1, first + 2];
            let sections = pts.map(|q| {
                let state = match points.get(&q) {
                    Some(s) if s.whole => {
                        let mut it = s.abzacs.values().cloned();
                        match it.next() {
                            Some(heading) => SectionState::Whole { heading, items: it.collect() },
                            None => SectionState::NotSet,
                        }
                    }
                    Some(s) if !s.abzacs.is_empty() => SectionState::Partial { abzacs: s.abzacs.clone() },
                    _ => SectionState::NotSet,
                };
                Section { kind: kind_of(q), point: q, state }
            });
            Position { points: pts, placement: None, title: None, sections }
        });
    }

    // Placement and titles: stated by a base; else inferred from the title instructions.
    for (chapter, paragraph, title, pts) in base_titles {
        if let Some(pos) = positions.get_mut(&pts[0]) {
            pos.placement = Some(Placement { chapter, paragraph, inference: None });
            pos.title = Some(title);
        }
    }
    if has_base {
        for t in &titles {
            let found = positions.values_mut().find(|p| {
                p.placement.as_ref().is_some_and(|pl| pl.chapter == t.chapter && pl.paragraph == t.paragraph)
            });
            match found {
                Some(pos) => pos.title = Some(t.title.clone()),
                None => {
                    return Err(Error::Target {
                        file: t.title.provenance.file.clone(),
                        line: t.title.provenance.line,
                        what: format!("chapter {} § {} does not exist in the base act", t.chapter, t.paragraph),
                    })
                }
            }
        }
    } else {
        place_by_titles(&titles, &mut positions, &mut inferences);
    }

    notices.extend(chapter_conflicts(&ordered, &positions));

    let info = |a: &Act| -> ActInfo { a.info.clone() };
    let review = Trail {
        acts: base.into_iter().chain(ordered.iter().copied()).map(|a| a.review.clone()).collect(),
        warnings: notices,
        listed,
    };
    Ok(Model {
        review,
        base: base.map(info),
        acts: ordered.iter().map(|a| info(a)).collect(),
        corner,
        positions: positions.into_values().collect(),
        changes,
        inferences,
    })
}

/// Instructions whose `K тарауда:` context disagrees with where the model places the point they
/// address (DOMAIN.md: the context numbers paragraphs, never points, so the point is applied as
/// numbered — and the disagreement is shown, never settled silently). A point's chapter is known
/// when its position is placed (by a base, or inferred from title instructions), or bounded by a
/// placed position: points are numbered through the whole appendix in chapter order, so a point
/// before chapter K's § 1 lies in an earlier chapter, and a point at or after a position of
/// chapter C lies in chapter C or later.
fn chapter_conflicts(acts: &[&Act], positions: &BTreeMap<u32, Position>) -> Vec<Notice> {
    let how = |pl: &Placement| if pl.inference.is_some() { "inferred" } else { "stated by the base" };
    let mut out = Vec::new();
    for act in acts {
        for ins in &act.instructions {
            let (Some(k), Some(p)) = (ins.chapter, ins.edit.point()) else { continue };
            let first = first_of(p);
            let placed = positions.values().filter_map(|pos| pos.placement.as_ref().map(|pl| (pos.points[0], pl)));
            let own = positions.get(&first).and_then(|pos| pos.placement.as_ref());
            let found = match own {
                Some(pl) if pl.chapter != k => Some(format!(
                    "point {p} is in chapter {} (§ {}, points {first}–{}, {})",
                    pl.chapter,
                    pl.paragraph,
                    first + 2,
                    how(pl)
                )),
                Some(_) => None,
                None => placed
                    .filter_map(|(f, pl)| {
                        if pl.chapter == k && pl.paragraph == 1 && f > first {
                            Some(format!(
                                "point {p} lies before chapter {k} § 1 (points {f}–{}, {}), so in an earlier chapter",
                                f + 2,
                                how(pl)
                            ))
                        } else if pl.chapter < k && f >= first {
                            Some(format!(
                                "point {p} lies at or before chapter {} § {} (points {f}–{}, {}), so in chapter {} or earlier",
                                pl.chapter,
                                pl.paragraph,
                                f + 2,
                                how(pl),
                                pl.chapter
                            ))
                        } else if pl.chapter > k && f <= first {
                            Some(format!(
                                "point {p} lies at or after chapter {} § {} (points {f}–{}, {}), so in chapter {} or later",
                                pl.chapter,
                                pl.paragraph,
                                f + 2,
                                how(pl),
                                pl.chapter
                            ))
                        } else {
                            None
                        }
                    })
                    .next(),
            };
            if let Some(why) = found {
                out.push(Notice {
                    file: act.info.file.clone(),
                    line: ins.line,
                    message: format!(
                        "the instruction for point {p} stands under the act's `{k} тарауда:` context (chapter {k}), but {why}: applied to point {p} as numbered (points are numbered through the whole appendix); check the act"
                    ),
                });
            }
        }
    }
    out
}

/// Places titled positions (each title before the instructions of one position) and, where the
/// anchors of a chapter agree on one offset, the untitled positions between § 1 and the last
/// anchored §. Nothing beyond the last anchor: the chapter's length is not in the acts.
fn place_by_titles(titles: &[TitleAt], positions: &mut BTreeMap<u32, Position>, inferences: &mut Vec<Inference>) {
    let mut by_chapter: BTreeMap<u32, Vec<&TitleAt>> = BTreeMap::new();
    for t in titles {
        by_chapter.entry(t.chapter).or_default().push(t);
    }
    for (chapter, ts) in by_chapter {
        let mut reasons = Vec::new();
        let mut anchors: BTreeMap<u32, u32> = BTreeMap::new();
        for t in &ts {
            let Some((point, line)) = t.anchor else {
                reasons.push(format!(
                    "the title of § {} (line {}) is followed by no point instruction: not placed",
                    t.paragraph, t.title.provenance.line
                ));
                continue;
            };
            let first = first_of(point);
            reasons.push(format!(
                "the title of § {} (line {}) stands right before the instruction for point {point} (line {line}), so § {} = points {}–{}",
                t.paragraph,
                t.title.provenance.line,
                t.paragraph,
                first,
                first + 2
            ));
            anchors.insert(t.paragraph, first);
            if let Some(pos) = positions.get_mut(&first) {
                pos.title = Some(t.title.clone());
            }
        }
        reasons.push(format!(
            "the chapter comes from the act's `{chapter} тарауда:` context; it numbers paragraphs, never points"
        ));
        let offsets: Vec<i64> = anchors.iter().map(|(&par, &first)| i64::from(first) - 3 * i64::from(par)).collect();
        let consistent = offsets.windows(2).all(|w| w[0] == w[1]) && !offsets.is_empty();
        let max_par = anchors.keys().max().copied().unwrap_or(0);
        let mut claim_parts = Vec::new();
        if consistent {
            let off = offsets[0];
            if anchors.len() > 1 {
                reasons.push("the anchors agree: consecutive paragraphs are consecutive point triplets".into());
            }
            for par in 1..=max_par {
                let first = off + 3 * i64::from(par);
                let Ok(first) = u32::try_from(first) else { continue };
                if first == 0 || !positions.contains_key(&first) {
                    continue;
                }
                claim_parts.push(format!("§ {par} = points {}–{}", first, first + 2));
                if !anchors.contains_key(&par) {
                    reasons.push(format!(
                        "§ {par} = points {}–{} follows by counting triplets from the anchors",
                        first,
                        first + 2
                    ));
                }
                anchors.insert(par, first);
            }
        } else {
            reasons.push("the anchors disagree on the offset between paragraphs and points: only the titled positions are placed".into());
            for (par, first) in &anchors {
                claim_parts.push(format!("§ {par} = points {}–{}", first, first + 2));
            }
        }
        reasons.push("a base act overrides this".into());
        let inference = Inference { claim: format!("chapter {chapter}: {}", claim_parts.join(", ")), reasons };
        for (par, first) in anchors {
            if let Some(pos) = positions.get_mut(&first) {
                pos.placement = Some(Placement { chapter, paragraph: par, inference: Some(inference.clone()) });
            }
        }
        inferences.push(inference);
    }
}

impl Listed {
    /// Instruction `ins` of `act`, recorded and shown but not applied, and why.
    fn of(act: &Act, ins: &Instruction, why: String) -> Listed {
        Listed {
            act: act.info.id.clone(),
            file: act.info.file.clone(),
            line: ins.line,
            instruction: ins.text.clone(),
            edit: ins.edit.clone(),
            why,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::act;

    fn seed_model() -> Model {
        let a = act::load("acts/2022-09-26-388.txt", crate::DEFAULT_ACT.1.as_bytes()).unwrap();
        consolidate(None, &[a]).unwrap()
    }

    #[test]
    fn seed_positions() {
        let m = seed_model();
        let firsts: Vec<u32> = m.positions.iter().map(|p| p.points[0]).collect();
        assert_eq!(firsts, vec![1, 4, 7, 13, 19, 22, 25, 28, 31, 34, 37, 40, 43, 46, 52, 55, 58, 61, 64, 67]);
        let count =
            |f: fn(&SectionState) -> bool| m.positions.iter().flat_map(|p| &p.sections).filter(|s| f(&s.state)).count();
        assert_eq!(count(|s| matches!(s, SectionState::Whole { .. })), 18);
        // 21 abzac edits in 16 points (22, 28, 34, 52 have several).
        assert_eq!(count(|s| matches!(s, SectionState::Partial { .. })), 16);
        let p2 = m.position_of(2).unwrap();
        match &p2.section(SectionKind::MustKnow).state {
            SectionState::Whole { heading, items } => {
                assert_eq!(heading.text, "Білуге тиіс:");
                assert_eq!(heading.abzac, 1);
                assert_eq!(items[0].abzac, 2);
                assert_eq!(items[0].provenance.line, 37);
                assert_eq!(items.len(), 21);
            }
            s => panic!("{s:?}"),
        }
        match &m.position_of(13).unwrap().section(SectionKind::Duties).state {
            SectionState::Partial { abzacs } => {
                assert_eq!(abzacs.keys().copied().collect::<Vec<_>>(), vec![3]);
                assert_eq!(abzacs[&3].provenance.instruction, "13-тармақта: үшінші абзац мынадай редакцияда жазылсын");
                assert_eq!(abzacs[&3].provenance.line, 148);
            }
            s => panic!("{s:?}"),
        }
        match &m.position_of(22).unwrap().section(SectionKind::Duties).state {
            SectionState::Partial { abzacs } => assert_eq!(abzacs.keys().copied().collect::<Vec<_>>(), vec![4, 7, 8]),
            s => panic!("{s:?}"),
        }
        assert!(matches!(
            m.position_of(57).unwrap().section(SectionKind::Requirements).state,
            SectionState::Partial { .. }
        ));
        assert_eq!(m.position_of(1).unwrap().section(SectionKind::Duties).state, SectionState::NotSet);
        assert_eq!(m.corner.as_ref().unwrap().text.lines().count(), 7);
    }

    fn fixture(name: &str) -> Act {
        let path = format!("{}/tests/fixtures/acts/{name}", env!("CARGO_MANIFEST_DIR"));
        act::load(name, &std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn with_a_base() {
        let base = fixture("base-small.txt");
        let m = consolidate(Some(&base), &[fixture("amend-small.txt")]).unwrap();
        assert_eq!(m.positions.len(), 2);
        let p1 = &m.positions[0];
        assert_eq!(p1.placement, Some(Placement { chapter: 1, paragraph: 1, inference: None }));
        // The position's name is the title without its "1-параграф." label.
        assert_eq!(p1.title.as_ref().unwrap().text, "Тест лауазымы бір");
        match &p1.section(SectionKind::MustKnow).state {
            SectionState::Whole { heading, items } => {
                assert_eq!(heading.text, "Білуге тиіс:");
                assert_eq!(items.len(), 3);
                assert_eq!(items[2].text, "тест білімі 2.3 (жаңа).");
                assert_eq!(items[2].provenance.act.number, "1");
            }
            s => panic!("{s:?}"),
        }
        let p2 = &m.positions[1];
        assert_eq!(p2.title.as_ref().unwrap().text, "Тест лауазымы екі (жаңа)");
        match &p2.section(SectionKind::Duties).state {
            SectionState::Whole { items, .. } => {
                let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
                assert_eq!(texts, ["тест міндеті 4.1;", "тест міндеті 4.2 (жаңа)", "тест міндеті 4.3."]);
                assert_eq!(items[0].provenance.act.number, "360");
                assert_eq!(items[1].provenance.line, 18);
            }
            s => panic!("{s:?}"),
        }
        match &p2.section(SectionKind::MustKnow).state {
            SectionState::Whole { items, .. } => assert_eq!(items[0].text, "тест білімдері 5.1."),
            s => panic!("{s:?}"),
        }
        assert!(matches!(p1.section(SectionKind::Requirements).state, SectionState::Whole { .. }));
    }

    /// tests/fixtures/acts/two-orders.txt (hand-written): point 1 of the act amends order No. 100,
    /// point 2 the characteristics (order No. 360) — its preamble first, then the appendix.
    #[test]
    fn an_act_amending_two_orders_applies_only_the_characteristics_block() {
        let a = fixture("two-orders.txt");
        assert_eq!(a.info.id, ActId { number: "ҚР ЕХӘҚМ-7/2024".into(), date: "2024-03-01".into() });
        assert_eq!(
            a.info.registration.as_ref().map(|r| (r.number.as_str(), r.date.as_str())),
            Some(("34001", "2024-03-04"))
        );
        let am = a.info.amends.as_ref().unwrap();
        assert_eq!(
            (am.number.as_str(), am.date.as_str(), am.registration.as_deref()),
            ("360", "2017-10-25", Some("16057"))
        );
        assert_eq!(a.info.effective.as_deref(), Some("2024-03-20"));
        let edits: Vec<&Edit> = a.instructions.iter().map(|i| &i.edit).collect();
        assert_eq!(
            edits,
            [
                &Edit::Order {
                    target: "кіріспесі".into(),
                    action: crate::act::grammar::Action::Replace,
                    texts: vec!["Тест заңының 16-бабына сәйкес БҰЙЫРАМЫН:".into()]
                },
                &Edit::ReplacePoint {
                    point: 2,
                    heading: "Білуге тиіс:".into(),
                    items: vec!["«Тест туралы» Заңды;".into(), "тест білімі 2.2 (жаңа).".into()]
                },
                &Edit::ReplaceAbzacs {
                    point: 4, abzacs: vec![3], texts: vec!["тест міндеті 4.3 (жаңа).".into()]
                },
            ]
        );
        assert_eq!(a.other.len(), 1);
        let o = &a.other[0];
        assert_eq!(o.amends.as_ref().map(|m| (m.number.as_str(), m.date.as_str())), Some(("100", "2019-02-05")));
        assert_eq!(
            o.instructions.iter().map(|i| &i.edit).collect::<Vec<_>>(),
            [
                &Edit::DeletePoint { point: 5 },
                &Edit::ReplaceWords { point: 7, abzac: None, from: "өтініш".into(), to: "өтінім".into() }
            ]
        );
        let m = consolidate(Some(&fixture("base-small.txt")), std::slice::from_ref(&a)).unwrap();
        // Point 5 of order No. 100 is not point 5 of the characteristics: it stays.
        assert!(matches!(m.position_of(5).unwrap().section(SectionKind::MustKnow).state, SectionState::Whole { .. }));
        match &m.position_of(4).unwrap().section(SectionKind::Duties).state {
            SectionState::Whole { items, .. } => {
                let t: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
                assert_eq!(t, ["тест міндеті 4.1;", "тест міндеті 4.3 (жаңа).", "тест міндеті 4.3."]);
            }
            s => panic!("{s:?}"),
        }
        let ch = &m.changes[0].1;
        assert_eq!(ch.len(), 2);
        assert_eq!(ch[1].old_text, ["тест міндеті 4.2;"]);
        assert_eq!(ch[0].old_text, ["Білуге тиіс:", "тест білімі 2.1;", "тест білімі 2.2."]);
        assert_eq!(m.review.listed.len(), 3);
        assert_eq!(m.review.listed.iter().filter(|l| l.why.contains("own text")).count(), 1);
        assert_eq!(m.review.listed.iter().filter(|l| l.why.contains("order No. 100 of 2019-02-05")).count(), 2);
        assert!(m.review.warnings.iter().any(|n| n.message.contains("also amends order No. 100")));
    }

    /// tests/fixtures/acts/base-consolidated.txt (hand-written): a current redaction with a
    /// `Жаңартылған` marker and a footnote after point 2 naming act No. 1 of 01.03.2023.
    #[test]
    fn a_consolidated_base_keeps_footnotes_as_provenance_and_refuses_an_act_twice() {
        let base = fixture("base-consolidated.txt");
        let bt = base.base.as_ref().unwrap();
        assert_eq!(bt.points.len(), 6);
        let p2 = &bt.points[1];
        assert_eq!(
            p2.items.iter().map(|i| i.1.as_str()).collect::<Vec<_>>(),
            ["тест білімі 2.1 (жаңа);", "тест білімі 2.2 (жаңа);", "тест білімі 2.3 (жаңа)."]
        );
        assert_eq!(bt.footnotes.len(), 2);
        assert_eq!(bt.footnotes[0].act, None);
        assert!(bt.footnotes[0].text.starts_with("Жаңартылған"));
        assert_eq!(bt.footnotes[1].point, Some(2));
        assert_eq!(bt.footnotes[1].act, Some(ActId { number: "1".into(), date: "2023-03-01".into() }));
        let e = consolidate(Some(&base), &[fixture("amend-small.txt")]).unwrap_err();
        assert!(matches!(&e, Error::AlreadyApplied { number, .. } if number == "1"), "{e}");
        assert!(e.to_string().contains("already applied in the base act"), "{e}");
    }

    /// The seed's `3 тарауда:` stands before point 57, whose triplet (55–57) lies before chapter
    /// 3 § 1 (points 58–60, inferred from the titles): a warning names the line, both chapters and
    /// the point; the instructions after it (58, 62, 67, 68) agree and say nothing.
    #[test]
    fn a_chapter_context_that_disagrees_with_the_placement_is_a_warning() {
        let m = seed_model();
        let ch: Vec<&Notice> = m.review.warnings.iter().filter(|n| n.message.contains("тарауда:")).collect();
        assert_eq!(ch.len(), 1, "{ch:#?}");
        assert_eq!(ch[0].line, 587);
        assert!(
            ch[0].message.contains("point 57 stands under the act's `3 тарауда:` context (chapter 3)")
                && ch[0].message.contains("before chapter 3 § 1 (points 58–60, inferred), so in an earlier chapter"),
            "{}",
            ch[0].message
        );
        // Point 57 is still applied as numbered.
        assert!(matches!(
            m.position_of(57).unwrap().section(SectionKind::Requirements).state,
            SectionState::Partial { .. }
        ));
        // The small base states chapter 1 § 2 = points 4–6; an act that puts point 4 under
        // `2 тарауда:` is warned about, with and without the base; point 5 under `1 тарауда:` is not.
        let path = format!("{}/tests/fixtures/acts/amend-small.txt", env!("CARGO_MANIFEST_DIR"));
        let text =
            std::fs::read_to_string(path).unwrap().replace("      :4-тармақта", "      2 тарауда:\n      :4-тармақта");
        let a = act::load("ctx.txt", text.as_bytes()).unwrap();
        let line = a.instructions.iter().find(|i| i.edit.point() == Some(4)).unwrap().line;
        for (base, how) in [(Some(fixture("base-small.txt")), "stated by the base"), (None, "inferred")] {
            let m = consolidate(base.as_ref(), std::slice::from_ref(&a)).unwrap();
            let ch: Vec<&Notice> = m.review.warnings.iter().filter(|n| n.message.contains("тарауда:")).collect();
            assert_eq!(ch.len(), 1, "{ch:#?}");
            assert_eq!((ch[0].file.as_str(), ch[0].line), ("ctx.txt", line));
            let want = format!("point 4 stands under the act's `2 тарауда:` context (chapter 2), but point 4 is in chapter 1 (§ 2, points 4–6, {how})");
            assert!(ch[0].message.contains(&want), "{}", ch[0].message);
        }
        let m = consolidate(Some(&fixture("base-small.txt")), &[fixture("amend-small.txt")]).unwrap();
        assert!(!m.review.warnings.iter().any(|n| n.message.contains("тарауда:")), "{:#?}", m.review.warnings);
    }

    /// tests/fixtures/acts/base-footnotes.txt (hand-written): footnotes after a chapter heading, a
    /// paragraph title, an abzac (named by the footnote, or only by where it stands), a whole point,
    /// and a mirror's note before its point. Each is provenance of its unit, never an item; an
    /// amending act that sets the unit again replaces that provenance.
    #[test]
    fn base_footnotes_bind_to_abzacs_titles_and_points() {
        use crate::act::{Bound, Unit};
        let base = fixture("base-footnotes.txt");
        let bt = base.base.as_ref().unwrap();
        let units: Vec<(u32, Option<Unit>, Bound, Option<&str>)> =
            bt.footnotes.iter().map(|f| (f.line, f.unit, f.bound, f.act.as_ref().map(|a| a.number.as_str()))).collect();
        assert_eq!(
            units,
            [
                (7, Some(Unit::Order), Bound::Follows, None),
                (15, Some(Unit::ChapterTitle { chapter: 1 }), Bound::Named, Some("7")),
                (19, Some(Unit::ParagraphTitle { chapter: 1, paragraph: 1 }), Bound::Follows, Some("3")),
                (27, Some(Unit::Abzac { point: 1, abzac: 3 }), Bound::Named, Some("5")),
                (47, Some(Unit::Abzac { point: 4, abzac: 3 }), Bound::Follows, Some("5")),
                (55, Some(Unit::Point { point: 5 }), Bound::Named, Some("3")),
                (57, Some(Unit::Point { point: 6 }), Bound::Named, Some("132")),
            ]
        );
        // No footnote became law text.
        let items = |n: usize| bt.points[n].items.iter().map(|i| i.1.as_str()).collect::<Vec<_>>();
        assert_eq!(items(0), ["тест міндеті 1.1;", "тест міндеті 1.2 (жаңа)."]);
        assert_eq!(items(3), ["тест міндеті 4.1;", "тест міндеті 4.2 (жаңа);", "тест міндеті 4.3."]);
        let m = consolidate(Some(&base), &[]).unwrap();
        let notes = |p: &Provenance| p.footnotes.iter().map(|f| f.line).collect::<Vec<_>>();
        let item = |p: u32, a: u32| {
            let pos = m.position_of(p).unwrap();
            let sec = pos.sections.iter().find(|s| s.point == p).unwrap();
            match &sec.state {
                SectionState::Whole { heading, items } => {
                    if a == 1 {
                        heading.clone()
                    } else {
                        items[a as usize - 2].clone()
                    }
                }
                s => panic!("{s:?}"),
            }
        };
        assert_eq!(notes(&m.position_of(1).unwrap().title.as_ref().unwrap().provenance), [19]);
        assert_eq!(notes(&m.position_of(4).unwrap().title.as_ref().unwrap().provenance), Vec::<u32>::new());
        assert_eq!(notes(&item(1, 3).provenance), [27]);
        assert_eq!(notes(&item(1, 2).provenance), Vec::<u32>::new());
        assert_eq!(notes(&item(4, 3).provenance), [47]);
        assert_eq!(notes(&item(4, 4).provenance), Vec::<u32>::new());
        assert!([1, 2].iter().all(|&a| notes(&item(5, a).provenance) == [55]));
        assert_eq!(notes(&item(6, 2).provenance), [57]);
        // amend-small sets point 4's third abzac again: the footnote no longer describes it.
        let m = consolidate(Some(&base), &[fixture("amend-small.txt")]).unwrap();
        let pos = m.position_of(4).unwrap();
        match &pos.sections[0].state {
            SectionState::Whole { items, .. } => {
                assert_eq!(items[1].text, "тест міндеті 4.2 (жаңа)");
                assert_eq!(items[1].provenance.act.number, "1");
                assert!(items[1].provenance.footnotes.is_empty());
                assert_eq!(notes(&items[0].provenance), Vec::<u32>::new());
            }
            s => panic!("{s:?}"),
        }
    }

    #[test]
    fn missing_target_in_base_is_an_error() {
        let base = fixture("base-small.txt");
        let e = consolidate(Some(&base), &[fixture("missing-point.txt")]).unwrap_err();
        assert!(
            matches!(&e, Error::Target { file, line: 18, what } if file == "missing-point.txt" && what.contains("point 13")),
            "{e}"
        );
        // Without the base the same act loads: it just sets what it says.
        assert!(consolidate(None, &[fixture("missing-point.txt")]).is_ok());
        // The seed amends Order 360 too, but the small base has no point 68.
        let seed = act::load("seed", crate::DEFAULT_ACT.1.as_bytes()).unwrap();
        assert!(matches!(consolidate(Some(&base), &[seed]), Err(Error::Target { .. })));
        // A base among the amending acts, an amending act as the base.
        assert!(matches!(consolidate(None, std::slice::from_ref(&base)), Err(Error::NotAmending { .. })));
    }

    #[test]
    fn the_same_act_twice_is_refused_and_an_amending_act_is_no_base() {
        let seed = || crate::act::load("a.txt", crate::DEFAULT_ACT.1.as_bytes()).unwrap();
        let err = consolidate(None, &[seed(), seed()]).unwrap_err().to_string();
        assert!(err.contains("No. 388") && err.contains("twice"), "{err}");
        let as_base = crate::act::load("base.txt", crate::DEFAULT_ACT.1.as_bytes()).unwrap();
        let err = consolidate(Some(&as_base), &[seed()]).unwrap_err().to_string();
        assert!(err.starts_with("base.txt: base act:") && err.contains("--act"), "{err}");
        assert!(matches!(consolidate(Some(&fixture("amend-small.txt")), &[]), Err(Error::Base { .. })));
    }

    #[test]
    fn acts_apply_in_date_order() {
        let seed = act::load("seed", crate::DEFAULT_ACT.1.as_bytes()).unwrap();
        let small = fixture("amend-small.txt");
        // Given out of order, act 388 (2022) still applies first: it rewrites point 5 wholly, so
        // act 1 (2023) then replaces words in a known text that lacks them — an error, not a skip.
        let e = consolidate(None, &[small.clone(), seed]).unwrap_err();
        assert!(
            matches!(&e, Error::Target { file, line: 23, what } if file == "amend-small.txt" && what.contains("тест білімі")),
            "{e}"
        );
        let m = consolidate(None, &[small]).unwrap();
        assert_eq!(m.acts[0].id.number, "1");
        // Without a base the words replacement has nothing to apply to: it is a change only.
        assert_eq!(m.changes[0].1.len(), 4);
        assert_eq!(m.position_of(5).unwrap().section(SectionKind::MustKnow).state, SectionState::NotSet);
    }

    #[test]
    fn json_is_deterministic() {
        let a = serde_json::to_string_pretty(&seed_model()).unwrap();
        let b = serde_json::to_string_pretty(&seed_model()).unwrap();
        assert_eq!(a, b);
        assert!(a.contains("\"state\": \"partial\""));
    }

    #[test]
    fn seed_placement() {
        let m = seed_model();
        let pl = |p: u32| m.position_of(p).unwrap().placement.as_ref().map(|x| (x.chapter, x.paragraph));
        assert_eq!(pl(58), Some((3, 1)));
        assert_eq!(pl(61), Some((3, 2)));
        assert_eq!(pl(64), Some((3, 3)));
        assert_eq!(pl(67), Some((3, 4)));
        assert_eq!(pl(55), None);
        assert!(m.position_of(61).unwrap().placement.as_ref().unwrap().inference.is_some());
        assert_eq!(
            m.position_of(61).unwrap().title.as_ref().unwrap().text,
            "Қарттар мен мүгедектігі бар адамды күту жөніндегі әлеуметтік қызметкер"
        );
        assert!(m.position_of(67).unwrap().title.as_ref().unwrap().text.starts_with("Психоневрологиялық аурулары бар"));
        // The change sheet keeps the act's full quotation, label included.
        assert!(m.changes[0].1.iter().any(|c| c.new_text.iter().any(|t| t.starts_with("2-параграф. Қарттар"))));
        assert!(m.position_of(58).unwrap().title.is_none());
        assert_eq!(m.inferences.len(), 2);
        assert_eq!(m.changes.len(), 1);
        assert_eq!(m.changes[0].1.len(), 42);
        assert!(m.changes[0].1.windows(2).all(|w| w[0].provenance.line < w[1].provenance.line));
    }
}
