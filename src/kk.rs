//! Kazakh calendar words: the one place that knows month names, for reading acts' dates and
//! writing documents' dates.

/// Month names (nominative). Acts date themselves in the locative (`қыркүйектегі`,
/// `қыркүйекте`), which starts with the nominative stem.
pub const MONTHS: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

/// Locative-attributive forms, as acts cite one another ("2017 жылғы 25 қазандағы").
const MONTHS_LOCATIVE: [&str; 12] = [
    "қаңтардағы",
    "ақпандағы",
    "наурыздағы",
    "сәуірдегі",
    "мамырдағы",
    "маусымдағы",
    "шілдедегі",
    "тамыздағы",
    "қыркүйектегі",
    "қазандағы",
    "қарашадағы",
    "желтоқсандағы",
];

fn ymd(iso: &str) -> Option<(&str, u32, usize)> {
    let mut it = iso.splitn(3, '-');
    let (y, m, d) = (it.next()?, it.next()?.parse::<usize>().ok()?, it.next()?.parse::<u32>().ok()?);
    (y.len() == 4 && (1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, d, m - 1))
}

/// "2022 жылғы 26 қыркүйектегі" (as acts cite one another).
pub fn date_of(iso: &str) -> String {
    match ymd(iso) {
        Some((y, d, m)) => format!("{y} жылғы {d} {}", MONTHS_LOCATIVE[m]),
        None => iso.to_string(),
    }
}

/// "2024 жылғы «15» қаңтар" (as an approval block dates a signature).
pub fn date_plain(iso: &str) -> String {
    match ymd(iso) {
        Some((y, d, m)) => format!("{y} жылғы «{d}» {}", MONTHS[m]),
        None => iso.to_string(),
    }
}
