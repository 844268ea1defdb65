//! Slugs: safe ASCII file names transliterated from Kazakh and Russian.
//!
//! Every path segment that `batch` builds from user data (organisation, position, employee) goes
//! through [`slug`], so nothing a profile says can escape `--out` (DESIGN.md, "Batch and files"):
//! the result only ever holds `[a-z0-9-]`, so no `/`, `\`, `.` or `..` can appear. It knows nothing
//! of organisations or documents.

/// Longest slug, in bytes (= characters: a slug is ASCII). Long enough for a short Kazakh title,
/// short enough that `out/<org>/<kind>/<NN>-<position>.docx` stays far below path limits.
pub const MAX_LEN: usize = 60;

/// What a slug is when nothing of the input survives (e.g. only punctuation or Chinese text).
pub const FALLBACK: &str = "x";

/// ASCII transliteration of one Kazakh or Russian letter (lower or upper case), `None` for any
/// other character. The Kazakh letters follow a plain one-letter scheme (ә→a, ғ→g, қ→q, ң→n, ө→o,
/// ұ→u, ү→u, һ→h, і→i) rather than the 2021 official Latin alphabet, whose accented letters are
/// not ASCII; the Russian letters follow the usual passport-like scheme.
fn translit(c: char) -> Option<&'static str> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    Some(match lower {
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' => "g",
        'д' => "d",
        'е' | 'э' => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'і' => "i",
        'к' => "k",
        'қ' => "q",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'ң' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ұ' | 'ү' => "u",
        'ф' => "f",
        'х' => "kh",
        'һ' => "h",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// A safe ASCII slug of `s`: Kazakh and Russian letters transliterated, ASCII letters lower-cased,
/// digits kept, every run of anything else turned into one `-`, no `-` at either end, at most
/// [`MAX_LEN`] characters (cut at a `-` where there is one), never empty ([`FALLBACK`]).
///
/// `slug("Қарттарды күту бөлімі №2") == "qarttardy-kutu-bolimi-2"`.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A separator is only written when a letter or digit follows it, so runs collapse and neither
    // end can carry one.
    let mut pending_sep = false;
    for c in s.chars() {
        let piece: Option<&str> = if c.is_ascii_alphanumeric() {
            None
        } else {
            match translit(c) {
                // ъ and ь vanish without breaking the word: "объект" → "obekt".
                Some("") => continue,
                Some(t) => Some(t),
                None => {
                    pending_sep = true;
                    continue;
                }
            }
        };
        if pending_sep && !out.is_empty() {
            out.push('-');
        }
        pending_sep = false;
        match piece {
            Some(t) => out.push_str(t),
            None => out.push(c.to_ascii_lowercase()),
        }
    }
    if out.len() > MAX_LEN {
        // Cut at the last `-` that keeps the slug within the cap, so no word is chopped; a single
        // word longer than the cap is cut hard.
        let cut = match out[..=MAX_LEN].rfind('-') {
            Some(i) if i > 0 => i,
            _ => MAX_LEN,
        };
        out.truncate(cut);
        while out.ends_with('-') {
            out.pop();
        }
    }
    if out.is_empty() {
        out.push_str(FALLBACK);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kazakh_letters_have_one_letter_each() {
        assert_eq!(slug("әғқңөұүһі"), "agqnouuhi");
        assert_eq!(slug("ӘҒҚҢӨҰҮҺІ"), "agqnouuhi");
    }

    #[test]
    fn russian_letters_follow_the_usual_scheme() {
        assert_eq!(slug("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"), "abvgdeyozhziiklmnoprstufkhtschshshchyeyuya");
        assert_eq!(slug("Щёлково Объект"), "shchyolkovo-obekt");
    }

    #[test]
    fn titles_and_names_become_readable_slugs() {
        assert_eq!(slug("Қарттарды күту бөлімі №2"), "qarttardy-kutu-bolimi-2");
        assert_eq!(slug("Сапарова Айгүл Бекқызы"), "saparova-aigul-bekqyzy");
        assert_eq!(slug("social-worker-elderly"), "social-worker-elderly");
        assert_eq!(slug("  «Үлгі» орталығы  "), "ulgi-ortalygy");
    }

    #[test]
    fn path_tricks_are_flattened() {
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug(r"..\..\Windows"), "windows");
        assert_eq!(slug("."), FALLBACK);
        assert_eq!(slug(".."), FALLBACK);
        assert_eq!(slug(""), FALLBACK);
        assert_eq!(slug("中文"), FALLBACK);
    }

    #[test]
    fn long_input_is_cut_at_a_dash() {
        let title = "Психоневрологиялық аурулары бар мүгедектігі бар балаларды және 18 жастан асқан";
        let s = slug(title);
        assert_eq!(s, "psikhonevrologiyalyq-aurulary-bar-mugedektigi-bar-balalardy");
        assert!(s.len() <= MAX_LEN);
        // One word longer than the cap is cut hard.
        assert_eq!(slug(&"a".repeat(100)), "a".repeat(MAX_LEN));
    }

    proptest! {
        #[test]
        fn slugs_are_safe_ascii(s in any::<String>()) {
            let out = slug(&s);
            prop_assert!(!out.is_empty());
            prop_assert!(out.len() <= MAX_LEN);
            prop_assert!(out.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{out:?}");
            prop_assert!(!out.contains('/') && !out.contains('\\') && !out.contains(".."));
            prop_assert!(!out.starts_with('-') && !out.ends_with('-') && !out.contains("--"));
        }

        #[test]
        fn slugs_of_kazakh_text_are_safe(s in "[а-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ0-9 .,/\\\\«»-]{0,120}") {
            let out = slug(&s);
            prop_assert!(out.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{out:?}");
            prop_assert!(out.len() <= MAX_LEN && !out.is_empty());
            prop_assert_eq!(slug(&out), out.clone());
        }

        #[test]
        fn slugging_is_idempotent(s in any::<String>()) {
            let once = slug(&s);
            prop_assert_eq!(slug(&once), once.clone());
        }
    }
}
