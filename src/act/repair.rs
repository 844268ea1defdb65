//! Repair of PDF-extraction artifacts (DOMAIN.md, "Extraction artifacts in the text").
//!
//! Two steps. [`repair`] is line-preserving: on every line that shows a *marker* (where a
//! hyperlink word was taken from) it moves the word back from the end of the line. [`abzacs`]
//! then joins the visual lines into abzacs, ignoring page-break blank lines. Neither step knows
//! the amendment grammar.
//!
//! Markers, strongest first (a line with a strong marker ignores its weak ones):
//! - strong: a double space inside the text, a space before `;`/`:`/`,`/`.`/`)`, text that starts
//!   with such punctuation;
//! - weak: an abzac line indented 7 spaces instead of 6, a continuation line indented 1 space
//!   instead of 0 (the word was the first one of the line).
//!
//! A marker with no movable word at the end of its line is left alone (seed line 55).

use std::borrow::Cow;

/// Indentation of an abzac's first line in the published text.
pub const ABZAC_INDENT: usize = 6;

/// Punctuation that a removed word leaves a space before (or a line start at).
fn is_closing_punct(c: char) -> bool {
    matches!(c, ';' | ':' | ',' | '.' | ')')
}

/// A "word" for the invariants and for moving: letters, digits and hyphens.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// The words of a text, as the repair invariant counts them: maximal runs of letters, digits
/// and hyphens, also split at a lowercase→uppercase transition (a moved word lands glued, as in
/// `(бұданЗаңын`, seed line 64).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if is_word_char(c) {
            if let Some(p) = prev {
                if p.is_lowercase() && c.is_uppercase() && !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            cur.push(c);
            prev = Some(c);
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev = None;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// A run of two or more spaces at bytes `[i, j)` of the content: the word goes inside it.
    Gap(usize, usize),
    /// A run of spaces `[i, j)` before punctuation: the word goes right before the punctuation.
    BeforePunct(usize, usize),
    /// The content starts with punctuation: the word goes at the start, glued.
    StartPunct,
    /// 7-space indentation (abzac line) or 1-space (continuation): the word opened the line.
    Indent,
}

/// Strong markers of a content (indentation and trailing blanks already stripped).
fn strong_markers(content: &str) -> Vec<Marker> {
    let mut out = Vec::new();
    if content.starts_with(is_closing_punct) {
        out.push(Marker::StartPunct);
    }
    let b = content.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b' ' {
            let mut j = i;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            let next = content[j..].chars().next();
            if i > 0 && next.is_some_and(is_closing_punct) {
                out.push(Marker::BeforePunct(i, j));
            } else if j - i >= 2 && i > 0 && j < b.len() {
                out.push(Marker::Gap(i, j));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Takes the movable word off the end of `content`: the trailing run of word characters, or
/// its part from a lowercase→uppercase transition; the spaces before it go with it.
fn pop_tail_word(content: &mut String) -> Option<String> {
    let start = content.char_indices().rev().take_while(|&(_, c)| is_word_char(c)).last().map(|(i, _)| i)?;
    let run = &content[start..];
    // Split at the last lowercase→uppercase transition inside the run.
    let mut split = start;
    let mut prev: Option<char> = None;
    for (i, c) in run.char_indices() {
        if prev.is_some_and(|p| p.is_lowercase()) && c.is_uppercase() {
            split = start + i;
        }
        prev = Some(c);
    }
    let word = &content[split..];
    // A lone hyphen is no hyperlink; a word that is the whole line was not moved.
    if !word.chars().any(char::is_alphanumeric) || content[..split].trim().is_empty() {
        return None;
    }
    let word = word.to_string();
    content.truncate(split);
    let kept = content.trim_end_matches(' ').len();
    content.truncate(kept);
    Some(word)
}

/// Repairs one line; `None` when it needs nothing.
fn repair_line(line: &str) -> Option<String> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let content = line[indent..].trim_end();
    if content.is_empty() {
        return None;
    }
    let mut markers = strong_markers(content);
    let strong = !markers.is_empty();
    let weak = indent == ABZAC_INDENT + 1 || indent == 1;
    if !strong {
        if !weak {
            return None;
        }
        markers.push(Marker::Indent);
    }
    let mut rest = content.to_string();
    let mut moved = Vec::new();
    while moved.len() < markers.len() {
        match pop_tail_word(&mut rest) {
            Some(w) => moved.push(w),
            None => break,
        }
    }
    if moved.is_empty() {
        return None;
    }
    moved.reverse();
    // Words were appended in the order of their markers; pair them left to right.
    markers.truncate(moved.len());
    let mut out = String::with_capacity(line.len() + 2);
    let new_indent = match indent {
        i if i == ABZAC_INDENT + 1 => ABZAC_INDENT,
        1 => 0,
        i => i,
    };
    out.extend(std::iter::repeat_n(' ', new_indent));
    let mut cursor = 0;
    for (m, w) in markers.iter().zip(&moved) {
        match *m {
            Marker::StartPunct => out.push_str(w),
            Marker::Indent => {
                out.push_str(w);
                out.push(' ');
            }
            Marker::Gap(i, j) => {
                // The popped word may have taken this very gap with it (`a  b`): then the
                // word simply goes back to the end.
                let i = i.min(rest.len());
                out.push_str(&rest[cursor.min(i)..i]);
                out.push(' ');
                out.push_str(w);
                if j < rest.len() {
                    out.push(' ');
                }
                cursor = j.min(rest.len());
            }
            Marker::BeforePunct(i, j) => {
                out.push_str(&rest[cursor..i]);
                out.push(' ');
                out.push_str(w);
                cursor = j;
            }
        }
    }
    out.push_str(&rest[cursor..]);
    Some(out)
}

/// Moves hyperlink words back to where they were taken from. Line-preserving: the output has
/// the same lines, and a line without a marker is unchanged.
pub fn repair(text: &str) -> Cow<'_, str> {
    let mut changed = false;
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (body, cr) = match line.strip_suffix('\r') {
            Some(b) => (b, "\r"),
            None => (line, ""),
        };
        match repair_line(body) {
            Some(fixed) => {
                changed = true;
                out.push_str(&fixed);
            }
            None => out.push_str(body),
        }
        out.push_str(cr);
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// One abzac of the act: its visual lines joined, with where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abzac {
    /// 1-based line of the act file where the abzac starts.
    pub line: u32,
    /// Whether it opened with an abzac indentation (continuation-only text has none).
    pub indented: bool,
    /// The joined text, trimmed.
    pub text: String,
    /// The visual lines (trimmed, non-blank) with their 1-based line numbers; the corner text
    /// keeps its line structure from these.
    pub lines: Vec<(u32, String)>,
}

/// Joins a continuation onto an abzac: one space, except after an opening `(` at a line end
/// (seed line 52 `Заңын (` + `бұдан`) and before closing punctuation at a line start (line 90).
fn join(acc: &mut String, next: &str) {
    let trimmed = acc.trim_end().len();
    acc.truncate(trimmed);
    if !(acc.is_empty() || acc.ends_with('(') || next.starts_with(is_closing_punct)) {
        acc.push(' ');
    }
    acc.push_str(next);
}

/// Groups repaired lines into abzacs. Blank lines (PDF page breaks, spacing) never end an abzac;
/// only an indented line starts one.
pub fn abzacs(repaired: &str) -> Vec<Abzac> {
    let mut out: Vec<Abzac> = Vec::new();
    for (i, raw) in repaired.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let content = line.trim();
        if content.is_empty() {
            continue;
        }
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let starts = indent >= 2 || out.is_empty();
        if starts {
            out.push(Abzac {
                line: n,
                indented: indent >= 2,
                text: content.to_string(),
                lines: vec![(n, content.to_string())],
            });
        } else if let Some(last) = out.last_mut() {
            join(&mut last.text, content);
            last.lines.push((n, content.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEED: &str = include_str!("../../acts/2022-09-26-388.txt");

    fn fixed(line: &str) -> String {
        repair_line(line).unwrap_or_else(|| line.to_string())
    }

    fn sorted_words(t: &str) -> Vec<String> {
        let mut w = words(t);
        w.sort();
        w
    }

    #[test]
    fn shapes_from_domain_md() {
        assert_eq!(fixed("       мынадай редакцияда жазылсын:2-тармақ"), "      2-тармақ мынадай редакцияда жазылсын:");
        assert_eq!(fixed("      :13-тармақта"), "      13-тармақта:");
        assert_eq!(fixed("      Еңбек ;кодексін"), "      Еңбек кодексін;");
        assert_eq!(
            fixed("жәрдемақылар туралы\" Қазақстан Республикасының  (бұдан әрі – Мемлекеттік Заңын"),
            "жәрдемақылар туралы\" Қазақстан Республикасының Заңын (бұдан әрі – Мемлекеттік"
        );
    }

    #[test]
    fn glued_shapes() {
        assert_eq!(
            fixed("      \"Арнаулы әлеуметтік қызметтер туралы\" Қазақстан Республикасының  (бұданЗаңын"),
            "      \"Арнаулы әлеуметтік қызметтер туралы\" Қазақстан Республикасының Заңын (бұдан"
        );
        assert_eq!(
            fixed("министрінің 2015 жылғы 26 наурыздағы № 165  (бұйрығын"),
            "министрінің 2015 жылғы 26 наурыздағы № 165 бұйрығын ("
        );
        assert_eq!(
            fixed("      Арнаулы әлеуметтік қызметтер туралы ; заңды"),
            "      Арнаулы әлеуметтік қызметтер туралы заңды;"
        );
        assert_eq!(
            fixed("лауазымдарының үлгілік біліктілік :сипаттамаларында"),
            "лауазымдарының үлгілік біліктілік сипаттамаларында:"
        );
        assert_eq!(
            fixed("      Қазақстан Республикасының Қылмыстық  ( бұдан әрі – Қылмыстық кодекс)кодексін"),
            "      Қазақстан Республикасының Қылмыстық кодексін ( бұдан әрі – Қылмыстық кодекс)"
        );
    }

    #[test]
    fn weak_markers() {
        assert_eq!(
            fixed(" (бұдан әрі – Неке және отбасы туралы кодекс);Кодексін"),
            "Кодексін (бұдан әрі – Неке және отбасы туралы кодекс);"
        );
        assert_eq!(
            fixed("       екінші абзацы мынадай редакцияда жазылсын: \"бағдарламаларға 40-тармақтың"),
            "      40-тармақтың екінші абзацы мынадай редакцияда жазылсын: \"бағдарламаларға"
        );
        // No movable word at the end: a no-op (seed line 55).
        let l55 = " (бұдан әрі – Мемлекеттік атаулы әлеуметтік көмек туралы заң);";
        assert_eq!(fixed(l55), l55);
        // Strong beats weak (seed lines 121, 124).
        assert_eq!(
            fixed("       Мемлекеттік атаулы әлеуметтік көмек туралы ;заңды"),
            "      Мемлекеттік атаулы әлеуметтік көмек туралы заңды;"
        );
    }

    #[test]
    fn seed_reads_as_kazakh() {
        let r = repair(SEED);
        let joined: Vec<String> = abzacs(&r).into_iter().map(|a| a.text).collect();
        let all = joined.join("\n");
        for good in [
            "Қазақстан Республикасының Конституциясын;",
            "Еңбек кодексін;",
            "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы заңды;",
            "Қазақстан Республикасының Қылмыстық кодексін ( бұдан әрі – Қылмыстық кодекс);",
            "Қазақстан Республикасының Заңын (бұдан әрі – Арнаулы әлеуметтік қызметтер туралы заң);",
            "№ 360 бұйрығына (Нормативтік",
            "40-тармақтың екінші абзацы мынадай редакцияда жазылсын: \"бағдарламаларға сәйкес",
            "2-параграфтың тақырыбы мынадай редакцияда жазылсын:",
            "№ 165 бұйрығын (Нормативтік",
            "№ 134 бұйрығын (Нормативтік",
        ] {
            assert!(all.contains(good), "missing {good:?}");
        }
        for bad in [";заңды", ")кодексін", ";Конституциясын", "  ", " ;", " :", "бұданЗаңын", ":2-тармақ"]
        {
            assert!(!all.contains(bad), "left {bad:?}");
        }
    }

    #[test]
    fn seed_keeps_words_and_lines() {
        let r = repair(SEED);
        assert_eq!(sorted_words(&r), sorted_words(SEED));
        assert_eq!(r.split('\n').count(), SEED.split('\n').count());
        assert_eq!(repair(&r), r);
    }

    #[test]
    fn page_breaks_do_not_end_abzacs() {
        let text = "      мүгедектігі бар адамдармен, оның ішінде \n\n\n\nмүгедектігі бар балалармен;";
        let a = abzacs(text);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].text, "мүгедектігі бар адамдармен, оның ішінде мүгедектігі бар балалармен;");
        assert_eq!(a[0].line, 1);
    }

    proptest! {
        #[test]
        fn words_and_idempotence_on_random_lines(s in "[ а-яәғқңөұүһіА-Я;:(),.\"0-9-]{0,80}(\n[ а-яА-Я;:(),.0-9-]{0,60}){0,4}") {
            let r = repair(&s);
            prop_assert_eq!(sorted_words(&r), sorted_words(&s));
            let rr = repair(&r);
            prop_assert_eq!(rr.as_ref(), r.as_ref());
        }
    }
}
