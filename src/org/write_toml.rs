//! Writing an [`Organisation`] as a TOML profile: the canonical form, laid out like
//! `orgs/sample.toml` (keys in a fixed order, one `[[position]]` and `[[employee]]` table each,
//! optional keys left out when empty) with short comments where an HR officer editing the file
//! needs them. `parse` reads it back to an equal organisation (tested below, for generated
//! profiles too); the same organisation always gives the same bytes.

use super::validate::relative_to;
use super::{Follows, Organisation};
use std::fmt::Write;
use std::path::Path;

/// The organisation as a TOML profile that [`super::parse`] reads back to an equal
/// [`Organisation`] (given the same `file`: `template_dir` is written relative to the profile's
/// folder, and the derived fields — slugs, `follows_at` — are recomputed on reading).
///
/// Values are written as they are, valid or not, so that writing an invalid organisation and
/// parsing it reports its problems rather than hiding them.
pub fn to_toml(org: &Organisation) -> String {
    let mut out = String::new();
    out.push_str(
        "# Organisation profile (lauazym). Titles are the organisation's own; duties, must-know and\n\
         # requirements come from the loaded acts through each position's `follows`.\n\n",
    );
    key(&mut out, "name_kk", &org.name_kk);
    if let Some(v) = &org.name_ru {
        key(&mut out, "name_ru", v);
    }
    if let Some(v) = &org.short_name {
        key(&mut out, "short_name", v);
    }
    key_commented(&mut out, "bin", &org.bin, "12 digits; the 12th is the check digit");
    key(&mut out, "address", &org.address);
    key(&mut out, "city", &org.city);
    if let Some(d) = org.approval_date {
        key_commented(&mut out, "approval_date", &d.to_string(), "on the approval block (БЕКІТЕМІН), YYYY-MM-DD");
    }
    if let Some(t) = &org.template_dir {
        let dir = Path::new(&org.file).parent().unwrap_or(Path::new(""));
        key_commented(&mut out, "template_dir", &relative_to(t, dir), "own templates, relative to this file");
    }

    out.push_str("\n[head]\n");
    key(&mut out, "position", &org.head.position);
    key_commented(&mut out, "name", &org.head.name, "surname, given name, patronymic");

    out.push_str(
        "\n# Staff list. `follows` names the typical position: `{ chapter = 3, paragraph = 2 }`,\n\
         # `{ points = [61, 62, 63] }` or any one of its points, `{ point = 62 }`.\n",
    );
    for p in &org.positions {
        out.push_str("\n[[position]]\n");
        key(&mut out, "id", &p.id);
        key(&mut out, "title", &p.title);
        let follows = match &p.follows {
            Follows::Paragraph { chapter, paragraph } => format!("{{ chapter = {chapter}, paragraph = {paragraph} }}"),
            Follows::Points(points) if points.len() == 1 => format!("{{ point = {} }}", points[0]),
            Follows::Points(points) => {
                let list: Vec<String> = points.iter().map(u32::to_string).collect();
                format!("{{ points = [{}] }}", list.join(", "))
            }
        };
        let _ = writeln!(out, "follows = {follows}");
        let _ = writeln!(out, "headcount = {}", p.headcount);
        if let Some(d) = &p.department {
            key(&mut out, "department", d);
        }
        list(&mut out, "extra_duties", &p.extra_duties);
        list(&mut out, "rights", &p.rights);
        list(&mut out, "responsibilities", &p.responsibilities);
    }

    if !org.employees.is_empty() {
        out.push_str("\n# Employees. `position` is a position id above; personnel numbers are unique.\n");
    }
    for e in &org.employees {
        out.push_str("\n[[employee]]\n");
        key(&mut out, "name", &e.name);
        key(&mut out, "position", &e.position);
        key(&mut out, "personnel_no", &e.personnel_no);
        if let Some(d) = e.hire_date {
            key(&mut out, "hire_date", &d.to_string());
        }
    }
    out
}

/// A TOML string literal for `s`, quoted and escaped by the toml crate itself.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn key(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {}", quoted(value));
}

fn key_commented(out: &mut String, key: &str, value: &str, comment: &str) {
    let _ = writeln!(out, "{key} = {}  # {comment}", quoted(value));
}

fn list(out: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{key} = [");
    for item in items {
        let _ = writeln!(out, "  {},", quoted(item));
    }
    out.push_str("]\n");
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::org::{bin_check_digit, parse, sample, validate, Date, Employee, Head, Location, StaffPosition};
    use proptest::prelude::*;

    /// The organisation with what depends on where it was read from (`follows_at`) blanked, so
    /// that organisations read from different files or formats compare by content.
    pub(crate) fn content(org: &Organisation) -> Organisation {
        let mut org = org.clone();
        for p in &mut org.positions {
            p.follows_at = Location::Field(String::new());
        }
        org
    }

    #[test]
    fn the_sample_round_trips_through_toml() {
        let org = sample();
        let text = to_toml(&org);
        let back = parse(&org.file, &text).unwrap();
        assert_eq!(content(&back), content(&org));
        // Canonical: writing what was read back gives the same bytes.
        assert_eq!(to_toml(&back), text);
    }

    #[test]
    fn the_canonical_form_reads_like_the_sample() {
        let text = to_toml(&sample());
        assert!(text.starts_with("# Organisation profile (lauazym)."), "{text}");
        for line in [
            "bin = \"123456789013\"  # 12 digits; the 12th is the check digit\n",
            "approval_date = \"2022-10-17\"  # on the approval block (БЕКІТЕМІН), YYYY-MM-DD\n",
            "\n[head]\nposition = \"Директор\"\n",
            "follows = { points = [1, 2, 3] }\nheadcount = 1\n",
            "follows = { point = 44 }\n",
            "follows = { chapter = 3, paragraph = 2 }\nheadcount = 3\n",
            "extra_duties = [\n  \"Бассейнге келушілерді есепке алу журналын жүргізеді.\",\n]\n",
            "[[employee]]\nname = \"Жұмабекова Гүлнар Ерланқызы\"\nposition = \"hydrokinesitherapy-instructor\"\n\
             personnel_no = \"0014\"\n\n",
        ] {
            assert!(text.contains(line), "missing {line:?} in\n{text}");
        }
        assert!(!text.contains("template_dir"), "absent optional keys are left out");
    }

    #[test]
    fn template_dir_is_written_relative_to_the_profile() {
        let org = parse("orgs/a.toml", &format!("template_dir = \"own/t\"\n{}", crate::org::SAMPLE.1)).unwrap();
        assert_eq!(org.template_dir.as_deref(), Some(std::path::Path::new("orgs/own/t")));
        let text = to_toml(&org);
        assert!(text.contains("template_dir = \"own/t\""), "{text}");
        assert_eq!(parse("orgs/a.toml", &text).unwrap().template_dir, org.template_dir);
    }

    #[test]
    fn an_invalid_organisation_is_written_as_it_is_so_parsing_reports_it() {
        let mut org = sample();
        org.bin = "12345678901\"2".to_string();
        org.positions[0].headcount = 0;
        let err = parse("x.toml", &to_toml(&org)).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("bin \"12345678901\"2\" is not a valid BIN"), "{message}");
        assert!(message.contains("position \"director\": headcount must be at least 1, found 0"), "{message}");
    }

    /// Text an HR officer might type: any printable character, Kazakh letters, quotes,
    /// backslashes, a `#`, and now and then a line break or a tab — never blank.
    fn text() -> impl Strategy<Value = String> {
        "[ -~әғқңөұүһіӘҒҚҢӨҰҮҺІ«»№\"'\\\\#\\n\\t]{0,12}[!-~әқңүі«»№]{1}[ -~әғқңөұүһіӘҒҚҢӨҰҮҺІ«»№\"'\\\\#\\n\\t]{0,12}"
    }

    /// A word without spaces, so a name has as many words as generated.
    fn word() -> impl Strategy<Value = String> {
        "[A-Za-zА-Яа-яӘәҚқҢңӨөҰұҮүІі'\\-]{1,12}"
    }

    fn date() -> impl Strategy<Value = Date> {
        (1901u16..2100, 1u8..13, 1u8..29).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
    }

    fn bin() -> impl Strategy<Value = String> {
        proptest::array::uniform11(0u8..10).prop_filter_map("no check digit", |first| {
            let check = bin_check_digit(&first)?;
            Some(first.iter().chain([check].iter()).map(|d| char::from(b'0' + d)).collect())
        })
    }

    fn follows() -> impl Strategy<Value = Follows> {
        prop_oneof![
            (1u32..20, 1u32..20).prop_map(|(chapter, paragraph)| Follows::Paragraph { chapter, paragraph }),
            proptest::collection::btree_set(1u32..400, 1..4).prop_map(|p| Follows::Points(p.into_iter().collect())),
        ]
    }

    fn position(i: usize) -> impl Strategy<Value = StaffPosition> {
        let list = || proptest::collection::vec(text(), 0..3);
        (
            "[a-z0-9]{0,4}(-[a-z0-9]{1,4}){0,2}",
            text(),
            follows(),
            1u32..50,
            proptest::option::of(text()),
            list(),
            list(),
            list(),
        )
            .prop_map(
                move |(id, title, follows, headcount, department, extra_duties, rights, responsibilities)| {
                    StaffPosition {
                        id: format!("p{i}{id}"),
                        title,
                        follows,
                        follows_at: Location::Field(String::new()),
                        headcount,
                        department,
                        extra_duties,
                        rights,
                        responsibilities,
                    }
                },
            )
    }

    /// Valid organisations of every shape: optional keys present or not, one to four positions,
    /// up to six employees, awkward text everywhere text is free.
    pub(crate) fn organisation() -> impl Strategy<Value = Organisation> {
        let positions = (1usize..5).prop_flat_map(|n| (0..n).map(position).collect::<Vec<_>>());
        let names = (word(), word(), proptest::option::of(word()));
        let employees = proptest::collection::vec(
            ((word(), word()), any::<proptest::sample::Index>(), "[0-9A-Za-z/-]{0,6}", proptest::option::of(date())),
            0..7,
        );
        let head = (text(), names);
        let optional = (proptest::option::of(text()), proptest::option::of(text()), proptest::option::of(date()));
        let template_dir = proptest::option::of(prop_oneof![Just("templates"), Just("/srv/lauazym/t")]);
        (text(), bin(), text(), text(), head, optional, template_dir, positions, employees).prop_map(
            |(name_kk, bin, address, city, head, optional, template_dir, positions, employees)| {
                let (position, (surname, given, patronymic)) = head;
                let (name_ru, short_name, approval_date) = optional;
                let head_name = [Some(surname), Some(given), patronymic].into_iter().flatten().collect::<Vec<_>>();
                let employees = (employees.into_iter().enumerate())
                    .map(|(i, ((surname, given), at, number, hire_date))| Employee {
                        name: format!("{surname} {given}"),
                        position: positions[at.index(positions.len())].id.clone(),
                        personnel_no: format!("{i:03}{number}"),
                        hire_date,
                        slug: String::new(),
                    })
                    .collect();
                Organisation {
                    file: "orgs/generated.toml".to_string(),
                    slug: String::new(),
                    name_kk,
                    name_ru,
                    short_name,
                    bin,
                    address,
                    city,
                    head: Head { position, name: head_name.join(" ") },
                    approval_date,
                    template_dir: template_dir.map(|t| std::path::Path::new("orgs").join(t)),
                    positions,
                    employees,
                }
            },
        )
    }

    proptest! {
        /// Whatever an organisation holds, `validate` accepts it (the generator makes only valid
        /// ones) and its TOML parses back to the same organisation, written again to the same bytes.
        #[test]
        fn generated_profiles_round_trip_through_toml(org in organisation()) {
            let org = validate(&org).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let text = to_toml(&org);
            let back = parse(&org.file, &text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            prop_assert_eq!(content(&back), content(&org));
            prop_assert_eq!(to_toml(&back), text);
        }
    }
}
