//! Kazakh ordinal numerals as amendments use them for abzacs (`үшінші абзац`, `он бірінші
//! абзацы`, `жиырмасыншы`). DOMAIN.md lists 1..30; tens up to 90 cost nothing more.

/// Ordinal forms of the units.
const UNITS: [(&str, u32); 9] = [
    ("бірінші", 1),
    ("екінші", 2),
    ("үшінші", 3),
    ("төртінші", 4),
    ("бесінші", 5),
    ("алтыншы", 6),
    ("жетінші", 7),
    ("сегізінші", 8),
    ("тоғызыншы", 9),
];

/// Ordinal forms of the tens. `жирмасыншы` is the seed's own spelling of 20 (DOMAIN.md).
const TENS_ORDINAL: [(&str, u32); 10] = [
    ("оныншы", 10),
    ("жиырмасыншы", 20),
    ("жирмасыншы", 20),
    ("отызыншы", 30),
    ("қырқыншы", 40),
    ("елуінші", 50),
    ("алпысыншы", 60),
    ("жетпісінші", 70),
    ("сексенінші", 80),
    ("тоқсаныншы", 90),
];

/// Cardinal tens that open a compound ordinal (`он бірінші` = 11).
const TENS_CARDINAL: [(&str, u32); 10] = [
    ("он", 10),
    ("жиырма", 20),
    ("жирма", 20),
    ("отыз", 30),
    ("қырық", 40),
    ("елу", 50),
    ("алпыс", 60),
    ("жетпіс", 70),
    ("сексен", 80),
    ("тоқсан", 90),
];

fn lookup(table: &[(&str, u32)], w: &str) -> Option<u32> {
    table.iter().find(|(k, _)| *k == w).map(|&(_, v)| v)
}

/// Parses one ordinal from whitespace-separated words (`"он бірінші"`). `None` if the words are
/// not exactly one ordinal.
pub fn parse(words: &str) -> Option<u32> {
    let w: Vec<String> = words.split_whitespace().map(str::to_lowercase).collect();
    // Digits (`3`, `3-`) as some acts number abzacs.
    if let [one] = w.as_slice() {
        let d = one.trim_end_matches('-');
        if !d.is_empty() && d.len() <= 3 && d.bytes().all(|b| b.is_ascii_digit()) {
            return d.parse().ok().filter(|&n| n > 0);
        }
    }
    match w.as_slice() {
        [one] => lookup(&UNITS, one).or_else(|| lookup(&TENS_ORDINAL, one)),
        [tens, unit] => Some(lookup(&TENS_CARDINAL, tens)? + lookup(&UNITS, unit)?),
        _ => None,
    }
}

/// Parses a list of ordinals joined by `және` or commas (`"жетінші және сегізінші"`).
pub fn parse_list(text: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    for part in text.split(',').flat_map(|p| p.split(" және ")) {
        let p = part.trim();
        if p.is_empty() {
            return None;
        }
        out.push(parse(p)?);
    }
    (!out.is_empty()).then_some(out)
}

/// The ordinal spelled out (for messages and generated test text).
pub fn spell(n: u32) -> Option<String> {
    let unit = |u: u32| UNITS.iter().find(|&&(_, v)| v == u).map(|&(k, _)| k);
    match n {
        1..=9 => unit(n).map(str::to_string),
        10..=99 if n % 10 == 0 => {
            TENS_ORDINAL.iter().find(|&&(k, v)| v == n && k != "жирмасыншы").map(|&(k, _)| k.to_string())
        }
        11..=99 => {
            let tens = TENS_CARDINAL.iter().find(|&&(k, v)| v == n / 10 * 10 && k != "жирма")?.0;
            Some(format!("{tens} {}", unit(n % 10)?))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_thirty() {
        assert_eq!(parse("бірінші"), Some(1));
        assert_eq!(parse("оныншы"), Some(10));
        assert_eq!(parse("он бірінші"), Some(11));
        assert_eq!(parse("он тоғызыншы"), Some(19));
        assert_eq!(parse("жиырмасыншы"), Some(20));
        assert_eq!(parse("жирмасыншы"), Some(20));
        assert_eq!(parse("жиырма бірінші"), Some(21));
        assert_eq!(parse("отызыншы"), Some(30));
        for n in 1..=99 {
            let s = spell(n).unwrap();
            assert_eq!(parse(&s), Some(n), "{s}");
        }
    }

    #[test]
    fn unknown_forms() {
        assert_eq!(parse("отызбірінші"), None);
        assert_eq!(parse("он"), None);
        assert_eq!(parse("бірінші екінші"), None);
        assert_eq!(parse_list("жетінші және сегізінші"), Some(vec![7, 8]));
        assert_eq!(parse_list("үшінші, төртінші және бесінші"), Some(vec![3, 4, 5]));
        assert_eq!(parse_list("және"), None);
        assert_eq!(parse("3"), Some(3));
        assert_eq!(parse("12-"), Some(12));
        assert_eq!(parse("0"), None);
        assert_eq!(parse_list("алтыншы, жетінші және сегізінші"), Some(vec![6, 7, 8]));
    }
}
