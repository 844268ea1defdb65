//! Kazakh hyphenation (тасымал): where a word of Kazakh text may be divided at a line end.
//!
//! It imports nothing of the crate: text in, break points (or text with U+00AD soft hyphens) out.
//! No tool an HR office has ships Kazakh patterns (Word, LibreOffice, TeX as packaged, pyphen), so
//! the rules are written out here from the orthography rather than learnt from a dictionary.
//!
//! **Source of the rules.** *Қазақ тілінің орфографиялық сөздігі* (А. Байтұрсынұлы атындағы Тіл
//! білімі институты, 2013), section «Тасымал», as restated in the school grammar (Қазақ тілі,
//! «Сөздердің тасымалдануы») and in А. Айғабылов's spelling handbook. The rules used:
//! 1. Words are divided by syllables (*буын жігі бойынша*); every syllable holds one vowel.
//!    Between two vowels a single consonant begins the next syllable (*ала-қан*); of two, one stays
//!    and one goes (*ор-на-лас-ты-ру*); of three, two stay and the third goes (*құмырс-қа*,
//!    *күңгірт-теу*). A Kazakh syllable never begins with two consonants, so one consonant goes
//!    whatever the length of the cluster (*министр-лік*, *пункт-тер*).
//! 2. Й and у between two vowels begin the next syllable (*жа-уап*, *қа-йың*, *ке-йін*, not
//!    *жау-ап*); before a consonant they close the syllable (*ау-дан*, *қай-та*).
//! 3. И and у written for the pairs ый/ій, ұу/үу are vowels and the next syllable starts with the
//!    following vowel (*бу-ын*, *су-ық*, *ки-ім*, *ти-ын*). Loans divide between vowels as well
//!    (*про-ект*, *по-эма*, *ма-те-ри-ал*), but never between и and a following я, ю, е, ё, which
//!    carry the glide of the и (*ар-мия*, *ко-мис-сия*, not *арми-я*).
//! 4. One letter is never left on a line nor carried to the next (*ала-қан*, not *а-лақан*;
//!    *ар-мия*): the default keeps two on each side; [`Hyphenator::new`] takes larger minimum
//!    fragments (an office may want 2 + 3). The PDF's own line breaker carries at least three
//!    letters whatever the points (`pdf::flow`'s `TAIL_MIN`): it can shrink word spaces where
//!    Word and LibreOffice cannot, so it does not need the shortest divisions.
//! 5. Words of one syllable are not divided (*төрт*, *пункт*, *спорт*).
//! 6. Abbreviations of capitals (*ҚР*, *БҰҰ*, *ҚазҰУ*), numbers and a number with its suffix
//!    (*13-тармақ*, *2022*, *№ 388*) are not divided; a word written with a hyphen is divided at
//!    its hyphen, and each part by syllables.
//! 7. Loans keep ъ and ь with the consonant before them (*съез-дің*, *кон-суль-тант*); Russian
//!    compound stems keep the cluster that opens their second element (*психо-про-фи-лак-ти-ка*,
//!    not *психоп-ро-*), as the Russian rules they come with require (Правила русской орфографии и
//!    пунктуации, 1956, § 116); *Қазақстан* is not divided inside *қст*, where the morpheme
//!    (*Қазақ-стан*) and the syllable rule (*Қазақс-тан*) disagree.
//!
//! Words in Latin script, or mixing scripts (an extraction artifact such as `қауiпсiздiгi` with a
//! Latin `i`), are left alone: Kazakh rules do not apply to them and a guess would be worse than
//! no break.

use std::borrow::Cow;

/// U+00AD SOFT HYPHEN: an optional break that shows a hyphen only at a line end.
pub const SOFT_HYPHEN: char = '\u{AD}';

/// Break points for Kazakh words, with minimum fragment lengths in letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hyphenator {
    left_min: usize,
    right_min: usize,
}

impl Default for Hyphenator {
    /// Two letters before the hyphen and two after: the orthography forbids only one. The DOCX
    /// needs them: Word and LibreOffice fill a line word by word and never shrink a space, so
    /// with three after `этика,` (*эти-ка*) had no point and its line of a must-know item came out
    /// 3.7 spaces wide in LibreOffice.
    fn default() -> Self {
        Hyphenator { left_min: 2, right_min: 2 }
    }
}

/// Compound-forming elements of Russian and international terms whose second element may open
/// with a cluster (*психо|профилактика*). Only elements that cannot be the start of a simple word
/// with a different division are listed.
const COMBINING_FORMS: &[&str] = &[
    "авто",
    "био",
    "гастро",
    "гео",
    "гидро",
    "демо",
    "кардио",
    "кинезо",
    "кино",
    "макро",
    "микро",
    "невро",
    "нейро",
    "орто",
    "пара",
    "психо",
    "радио",
    "социо",
    "стерео",
    "теле",
    "термо",
    "физио",
    "фото",
    "электро",
    "этно",
];

/// Stems whose division the rules above would get wrong, written with their break points; inside
/// the stem only these are allowed.
const STEMS: &[&str] = &["қа-зақстан"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Vowel,
    Consonant,
    /// ъ, ь: no sound of their own, they stay with the consonant before them.
    Sign,
}

fn is_vowel_letter(c: char) -> bool {
    matches!(c, 'а' | 'ә' | 'е' | 'ё' | 'и' | 'і' | 'о' | 'ө' | 'у' | 'ұ' | 'ү' | 'ы' | 'э' | 'ю' | 'я')
}

fn is_kazakh_letter(c: char) -> bool {
    matches!(c, 'а'..='я' | 'ё' | 'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// A character that belongs to a word for hyphenation: letters, digits, hyphens inside it.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_hyphen(c) || c == SOFT_HYPHEN
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// A letter of the words the hyphenator divides (Kazakh Cyrillic, either case): a soft hyphen it
/// puts in has such letters on both sides, up to the word's end or its next hyphen.
pub fn is_letter(c: char) -> bool {
    // Lower case first, and no ASCII char is one: `to_lowercase` is a table lookup.
    is_kazakh_letter(c) || (!c.is_ascii() && is_kazakh_letter(lower(c)))
}

impl Hyphenator {
    /// Minimum letters before and after a break; values below 2 are raised to 2 (rule 4).
    pub fn new(left_min: usize, right_min: usize) -> Hyphenator {
        Hyphenator { left_min: left_min.max(2), right_min: right_min.max(2) }
    }

    /// Break points inside one word (no spaces), as byte offsets: a hyphen may go before the
    /// character at each offset. A word with a hyphen is treated part by part; numbers,
    /// abbreviations, non-Cyrillic words and words already holding soft hyphens give none.
    pub fn points(&self, word: &str) -> Vec<usize> {
        let mut out = Vec::new();
        if word.contains(SOFT_HYPHEN) || word.chars().any(|c| c.is_numeric()) {
            return out;
        }
        if !word.chars().all(|c| is_hyphen(c) || is_letter(c)) {
            return out;
        }
        let mut start = 0;
        for part in word.split(is_hyphen) {
            self.part_points(part, start, &mut out);
            // The hyphen that ended this part (all three are 1 to 3 bytes; find its length).
            start += part.len();
            start += word[start..].chars().next().map_or(0, char::len_utf8);
        }
        out
    }

    /// Points of one hyphen-free part of Cyrillic letters, offset by `base` bytes.
    fn part_points(&self, part: &str, base: usize, out: &mut Vec<usize>) {
        if part.chars().filter(|c| c.is_uppercase()).count() >= 2 {
            return; // rule 6: an abbreviation of capitals
        }
        let chars: Vec<char> = part.chars().map(lower).collect();
        let n = chars.len();
        if n < self.left_min + self.right_min {
            return;
        }
        let mut points = syllable_points(&chars);
        apply_exceptions(&chars, &mut points);
        let offsets: Vec<usize> = part.char_indices().map(|(i, _)| i).collect();
        for p in points {
            if p >= self.left_min && n - p >= self.right_min {
                out.push(base + offsets[p]);
            }
        }
    }

    /// The text with a soft hyphen at every break point of every word. Text that already holds
    /// soft hyphens keeps them and gets no others in those words.
    pub fn hyphenate<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out: Option<String> = None;
        let mut copied = 0; // bytes of `text` already in `out`
        let mut i = 0;
        let bytes = text.len();
        while i < bytes {
            let c = match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            };
            if !is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
            let end = text[i..].find(|c: char| !is_word_char(c)).map_or(bytes, |k| i + k);
            let word = &text[i..end];
            let points = self.points(word);
            if !points.is_empty() {
                let o = out.get_or_insert_with(|| String::with_capacity(bytes + bytes / 8));
                o.push_str(&text[copied..i]);
                let mut last = 0;
                for p in points {
                    o.push_str(&word[last..p]);
                    o.push(SOFT_HYPHEN);
                    last = p;
                }
                o.push_str(&word[last..]);
                copied = end;
            }
            i = end;
        }
        match out {
            None => Cow::Borrowed(text),
            Some(mut o) => {
                o.push_str(&text[copied..]);
                Cow::Owned(o)
            }
        }
    }
}

/// Role of each letter (rules 2 and 3).
fn kinds(chars: &[char]) -> Vec<Kind> {
    let mut kinds = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let k = match c {
            'ъ' | 'ь' => Kind::Sign,
            // У after a vowel is the consonant [w] (ау-дан, жа-уап); at the start before a vowel
            // too (уа-қыт); after a consonant it stands for ұу/үу, a vowel (бу-ын, оқу-шы).
            'у' => {
                let after_vowel = i > 0 && kinds[i - 1] == Kind::Vowel;
                let opens = i == 0 && chars.get(1).is_some_and(|&n| is_vowel_letter(n));
                if after_vowel || opens {
                    Kind::Consonant
                } else {
                    Kind::Vowel
                }
            }
            c if is_vowel_letter(c) => Kind::Vowel,
            _ => Kind::Consonant,
        };
        kinds.push(k);
    }
    kinds
}

/// Syllable boundaries by rules 1–3, as char indices (a break goes before `chars[p]`), before
/// the minimum fragment lengths are applied.
fn syllable_points(chars: &[char]) -> Vec<usize> {
    let kinds = kinds(chars);
    let nuclei: Vec<usize> = (0..chars.len()).filter(|&i| kinds[i] == Kind::Vowel).collect();
    let mut points = Vec::new();
    for pair in nuclei.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        match (a + 1..b).rev().find(|&i| kinds[i] == Kind::Consonant) {
            // Rule 1: one consonant goes to the next line; signs after it go with it.
            Some(last) => points.push(last),
            None => {
                // Two vowels side by side (rule 3), except и + iotated vowel.
                if !(chars[a] == 'и' && matches!(chars[b], 'я' | 'ю' | 'е' | 'ё')) && a + 1 == b {
                    points.push(b);
                }
            }
        }
    }
    points
}

/// Rule 7: compound stems of loans and the stems listed in [`STEMS`].
fn apply_exceptions(chars: &[char], points: &mut Vec<usize>) {
    let starts_with = |prefix: &str| {
        let mut k = 0;
        for c in prefix.chars() {
            if chars.get(k) != Some(&c) {
                return None;
            }
            k += 1;
        }
        Some(k)
    };
    for form in COMBINING_FORMS {
        let Some(f) = starts_with(form) else { continue };
        // The second element must open with a cluster that can begin a word (an obstruent and a
        // sonorant, or с/ш/з before a consonant), and hold a vowel.
        let (Some(&c1), Some(&c2)) = (chars.get(f), chars.get(f + 1)) else { continue };
        let Some(first_vowel) = (f..chars.len()).find(|&i| is_vowel_letter(chars[i])) else { continue };
        let onset = !is_vowel_letter(c1)
            && !is_vowel_letter(c2)
            && (matches!(c2, 'р' | 'л' | 'в' | 'м' | 'н') || matches!(c1, 'с' | 'ш' | 'з'))
            && !matches!(c1, 'р' | 'л' | 'м' | 'н' | 'й' | 'ң' | 'ъ' | 'ь');
        if !onset {
            continue;
        }
        points.retain(|&p| p <= f || p > first_vowel);
        if !points.contains(&f) {
            points.push(f);
            points.sort_unstable();
        }
    }
    for stem in STEMS {
        let letters: String = stem.chars().filter(|&c| c != '-').collect();
        let Some(len) = starts_with(&letters) else { continue };
        points.retain(|&p| p >= len);
        let mut k = 0;
        let mut allowed = Vec::new();
        for c in stem.chars() {
            if c == '-' {
                allowed.push(k);
            } else {
                k += 1;
            }
        }
        points.extend(allowed);
        points.sort_unstable();
    }
}

#[cfg(test)]
mod tests;
