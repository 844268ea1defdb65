use super::*;

/// The word with `·` at each break point `h` gives.
fn marked(h: &Hyphenator, word: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for p in h.points(word) {
        out.push_str(&word[last..p]);
        out.push('·');
        last = p;
    }
    out.push_str(&word[last..]);
    out
}

fn rule() -> Hyphenator {
    Hyphenator::new(2, 2)
}

const ACT_WORDS: &str = include_str!("act-words.txt");

fn act_words() -> impl Iterator<Item = &'static str> {
    ACT_WORDS.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

#[test]
fn every_word_of_the_act_divides_at_its_checked_points() {
    let mut wrong = Vec::new();
    let mut n = 0;
    for expected in act_words() {
        n += 1;
        let word: String = expected.chars().filter(|&c| c != '·').collect();
        let got = marked(&rule(), &word);
        if got != expected {
            wrong.push(format!("{word}: expected {expected}, got {got}"));
        }
    }
    assert!(n >= 300, "the checked list holds {n} words");
    assert!(wrong.is_empty(), "{} of {n} words differ:\n{}", wrong.len(), wrong.join("\n"));
}

/// The checked points of the act's words, dropping those that leave fewer than `left` / `right`
/// letters in their part of the word.
fn checked_points_kept(h: &Hyphenator, left: usize, right: usize) {
    for expected in act_words() {
        let word: String = expected.chars().filter(|&c| c != '·').collect();
        let mut want = String::new();
        for (k, part) in expected.split('-').enumerate() {
            if k > 0 {
                want.push('-');
            }
            let n = part.chars().filter(|&c| c != '·').count();
            let mut seen = 0;
            for c in part.chars() {
                if c == '·' {
                    if seen >= left && n - seen >= right {
                        want.push('·');
                    }
                } else {
                    seen += 1;
                    want.push(c);
                }
            }
        }
        assert_eq!(marked(h, &word), want, "{word} ({left} + {right})");
    }
}

#[test]
fn the_default_keeps_every_point_of_the_orthography() {
    // Two letters on each side: the orthography forbids only one.
    assert_eq!(Hyphenator::default(), Hyphenator::new(2, 2));
    checked_points_kept(&Hyphenator::default(), 2, 2);
}

#[test]
fn larger_minimum_fragments_drop_the_points_too_near_a_word_end() {
    for (left, right) in [(2, 3), (3, 3), (3, 4)] {
        checked_points_kept(&Hyphenator::new(left, right), left, right);
    }
}

#[test]
fn syllables_follow_the_orthographys_own_examples() {
    // The examples of the rules in the module doc, as the orthography gives them.
    for w in [
        "ала·қан",
        "ор·на·лас·ты·ру",
        "құ·мырс·қа",
        "күң·гірт·теу",
        "жаң·ғырт·ты",
        "Рес·пуб·ли·ка·мыз·да",
        "құр·мет·ті",
        "әке·лік",
        "жа·уап",
        "қа·йың",
        "са·уын",
        "ке·йін",
        "да·уыс",
        "са·уат",
        "да·йын·дық",
        "бу·ын",
        "су·ық",
        "қи·ын",
        "ки·ім",
        "ар·мия",
        "про·ект",
        "ро·яль",
        "по·э·ма",
        "съез·дің",
    ] {
        let word: String = w.chars().filter(|&c| c != '·').collect();
        assert_eq!(marked(&rule(), &word), w);
    }
}

#[test]
fn one_letter_is_never_left_nor_carried() {
    for w in ["ата", "ана", "ұя", "аю", "оқу", "атом", "ақыл", "отыр", "ұйым", "ою", "аял"]
    {
        assert_eq!(marked(&rule(), w), w, "{w}");
    }
    // Fragments are counted in letters of the part, never fewer than two.
    assert_eq!(Hyphenator::new(0, 1), Hyphenator::new(2, 2));
}

#[test]
fn monosyllables_numbers_abbreviations_and_latin_are_not_divided() {
    for w in [
        "төрт",
        "пункт",
        "спорт",
        "взвод",
        "2022",
        "29880",
        "13-тармақ",
        "2-тармақ",
        "1-тармақшасы",
        "ҚР",
        "БҰҰ",
        "ҚазҰУ",
        "ҚРЕХҚМ",
        "БҰЙЫРАМЫН",
        "Republic",
        "internet",
        "қауiпсiздiгi",
        "үкiметiнiң",
    ] {
        assert!(rule().points(w).is_empty(), "{w}: {}", marked(&rule(), w));
    }
}

#[test]
fn russian_origin_terms_of_the_act() {
    // Loans keep ъ, ь with their consonant and the opening cluster of a compound's second stem;
    // otherwise they divide by the Kazakh rule (one consonant goes).
    for w in [
        "пси·хо·про·фи·лак·ти·ка",
        "пси·хо·нев·ро·ло·гия·лық",
        "пси·хо·те·ра·пев·ти·ка·лық",
        "гид·ро·ки·не·зо·те·ра·пия",
        "де·мо·гра·фия·лық",
        "па·ра·граф",
        "проф·па·то·ло·гия",
        "кон·суль·тант",
        "кон·суль·та·ция·лық",
        "конс·ти·ту·ция",
        "инст·ру·мен·тал·дық",
        "экст·ре·мал·ды",
        "бюд·жет",
        "мо·ни·то·ринг",
        "кон·тин·гент",
        "ми·нистр·лі·гі",
        "ми·нист·рі",
        "стан·дарт·тар",
        "ко·декс·ті",
        "ко·мис·сия",
        "ма·те·ри·ал·дық",
        "ди·аг·нос·ти·ка",
        "па·циент·тер",
        "функ·ция·ла·рын",
        "де·пар·та·мен·ті·не",
        "ин·тер·нет",
        "Қа·зақстан",
        "Қа·зақстан·ның",
    ] {
        let word: String = w.chars().filter(|&c| c != '·').collect();
        assert_eq!(marked(&rule(), &word), w);
    }
    // A combining form at the start of a simple word changes nothing.
    for w in ["ав·тор·лық", "ав·то·мат", "би·о·ло·гия", "те·ле·фон", "па·рал·лель"]
    {
        let word: String = w.chars().filter(|&c| c != '·').collect();
        assert_eq!(marked(&rule(), &word), w);
    }
}

#[test]
fn hyphenated_words_divide_part_by_part_and_keep_their_hyphen() {
    assert_eq!(marked(&rule(), "медициналық-педагогикалық"), "ме·ди·ци·на·лық-пе·да·го·ги·ка·лық");
    assert_eq!(marked(&rule(), "іс-шаралар"), "іс-ша·ра·лар");
    // Never a break point next to the hyphen itself.
    for w in act_words().filter(|w| w.contains('-')) {
        assert!(!w.contains("·-") && !w.contains("-·"), "{w}");
    }
}

#[test]
fn capitalised_words_divide_like_lower_case() {
    assert_eq!(marked(&rule(), "Қазақстан"), "Қа·зақстан");
    assert_eq!(marked(&rule(), "Республикасының"), "Рес·пуб·ли·ка·сы·ның");
    assert_eq!(marked(&rule(), "Әлеуметтік"), "Әлеу·мет·тік");
}

#[test]
fn hyphenate_inserts_soft_hyphens_in_words_only() {
    let h = Hyphenator::default();
    let text = "2017 жылғы 25 қазандағы № 360 бұйрығына 13-тармақ, ҚР «Халықты әлеуметтік қорғау» (бұдан әрі).";
    let got = h.hyphenate(text);
    assert_eq!(
        got,
        "2017 жыл\u{AD}ғы 25 қа\u{AD}зан\u{AD}да\u{AD}ғы № 360 бұй\u{AD}ры\u{AD}ғы\u{AD}на 13-тармақ, ҚР \
         «Ха\u{AD}лық\u{AD}ты әлеу\u{AD}мет\u{AD}тік қор\u{AD}ғау» (бұ\u{AD}дан әрі)."
    );
    assert!(matches!(h.hyphenate("№ 388, 2022"), Cow::Borrowed(_)));
}

#[test]
fn existing_soft_hyphens_are_respected() {
    let h = Hyphenator::default();
    let text = "ұйым\u{AD}дастыруды және ұйымдастыру";
    assert_eq!(h.hyphenate(text), "ұйым\u{AD}дастыруды жә\u{AD}не ұйым\u{AD}дас\u{AD}ты\u{AD}ру");
}

#[test]
fn the_whole_act_hyphenated_gives_back_its_text_without_the_soft_hyphens() {
    let act = include_str!("../../acts/2022-09-26-388.txt");
    let h = Hyphenator::default();
    let hy = h.hyphenate(act);
    assert!(hy.matches(SOFT_HYPHEN).count() > 3000, "{}", hy.matches(SOFT_HYPHEN).count());
    let back: String = hy.chars().filter(|&c| c != SOFT_HYPHEN).collect();
    assert_eq!(back, act);
    // No soft hyphen beside a digit, a space, punctuation or another hyphen.
    let chars: Vec<char> = hy.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == SOFT_HYPHEN {
            let (a, b) = (chars[i - 1], chars[i + 1]);
            assert!(is_kazakh_letter(lower(a)) && is_kazakh_letter(lower(b)), "…{a}\u{AD}{b}…");
        }
    }
}

proptest::proptest! {
    #[test]
    fn prop_soft_hyphens_only_add(text in "[а-яәғқңөұүһі0-9A-Za-z №«»,.\\-]{0,80}", left in 2usize..4, right in 2usize..5) {
        let h = Hyphenator::new(left, right);
        let hy = h.hyphenate(&text);
        let back: String = hy.chars().filter(|&c| c != SOFT_HYPHEN).collect();
        proptest::prop_assert_eq!(&back, &text);
        // Idempotent: a hyphenated text gets no more.
        let again = h.hyphenate(&hy);
        proptest::prop_assert_eq!(again.as_ref(), hy.as_ref());
        // Every fragment between soft hyphens and word ends is at least `left`/`right` letters.
        for word in hy.split(|c: char| !is_word_char(c)) {
            for part in word.split(is_hyphen) {
                let pieces: Vec<&str> = part.split(SOFT_HYPHEN).collect();
                if pieces.len() > 1 {
                    proptest::prop_assert!(pieces[0].chars().count() >= left, "{}", part);
                    proptest::prop_assert!(pieces[pieces.len() - 1].chars().count() >= right, "{}", part);
                }
            }
        }
    }
}
