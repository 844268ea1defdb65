//! Reading a TOML profile into a [`Draft`]: syntax and schema (a typo in a key, a string where a
//! number belongs) stop at the first error, as the TOML parser does; everything else is left to
//! [`validate::check`], which collects all problems.

use super::validate::{self, At, DateInput, Draft, DraftEmployee, DraftPosition, FollowsInput};
use super::{Date, DateError, Error, Location, Organisation};
use serde::Deserialize;
use toml::Spanned;

/// Parses and validates a profile; `file` names it in errors and anchors `template_dir`.
pub fn parse(file: &str, text: &str) -> Result<Organisation, Error> {
    let raw: RawOrg = toml::from_str(text).map_err(|e| Error::Toml {
        file: file.to_string(),
        at: Location::of(text, e.span().map_or(0, |s| s.start)),
        message: e.message().trim_end().to_string(),
    })?;
    validate::check(draft(file, text, raw))
}

// The profile as written. Unknown keys are rejected so a typo (`headcont`) is an error rather than
// a silently missing value. Fields that validation reports on are `Spanned` for their location.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrg {
    name_kk: Spanned<String>,
    name_ru: Option<Spanned<String>>,
    short_name: Option<Spanned<String>>,
    bin: Spanned<String>,
    address: Spanned<String>,
    city: Spanned<String>,
    head: RawHead,
    approval_date: Option<Spanned<toml::Value>>,
    template_dir: Option<String>,
    #[serde(default, rename = "position")]
    positions: Vec<RawPosition>,
    #[serde(default, rename = "employee")]
    employees: Vec<RawEmployee>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHead {
    position: Spanned<String>,
    name: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPosition {
    id: Spanned<String>,
    title: Spanned<String>,
    follows: Spanned<FollowsInput>,
    headcount: Spanned<u32>,
    department: Option<String>,
    #[serde(default)]
    extra_duties: Vec<String>,
    #[serde(default)]
    rights: Vec<String>,
    #[serde(default)]
    responsibilities: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmployee {
    name: Spanned<String>,
    position: Spanned<String>,
    personnel_no: Spanned<String>,
    hire_date: Option<Spanned<toml::Value>>,
}

fn draft(file: &str, text: &str, raw: RawOrg) -> Draft {
    let at = |s: Spanned<String>| {
        let location = Location::of(text, s.span().start);
        Some(At::new(s.into_inner(), location))
    };
    let date =
        |s: Option<Spanned<toml::Value>>| s.map(|s| At::new(date(s.get_ref()), Location::of(text, s.span().start)));
    let mut d = Draft::new(file, Location::line_col(1, 1));
    d.name_kk = at(raw.name_kk);
    d.name_ru = raw.name_ru.and_then(at);
    d.short_name = raw.short_name.and_then(at);
    d.bin = at(raw.bin);
    d.address = at(raw.address);
    d.city = at(raw.city);
    d.head_position = at(raw.head.position);
    d.head_name = at(raw.head.name);
    d.approval_date = date(raw.approval_date);
    d.template_dir = raw.template_dir;
    d.positions = (raw.positions.into_iter())
        .map(|p| DraftPosition {
            id: at(p.id),
            title: at(p.title),
            follows: Some(At::new(p.follows.get_ref().clone(), Location::of(text, p.follows.span().start))),
            headcount: Some(At::new(*p.headcount.get_ref(), Location::of(text, p.headcount.span().start))),
            department: p.department,
            extra_duties: p.extra_duties,
            rights: p.rights,
            responsibilities: p.responsibilities,
        })
        .collect();
    d.employees = (raw.employees.into_iter())
        .map(|e| DraftEmployee {
            name: at(e.name),
            position: at(e.position),
            personnel_no: at(e.personnel_no),
            hire_date: date(e.hire_date),
        })
        .collect();
    d
}

/// Dates may be written as TOML strings ("2024-01-15") or as TOML local dates (2024-01-15).
fn date(value: &toml::Value) -> DateInput {
    let (shown, parsed) = match value {
        toml::Value::String(text) => (format!("\"{text}\""), Date::parse(text)),
        toml::Value::Datetime(dt) => {
            let parsed = match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => Date::new(d.year, d.month, d.day),
                _ => Err(DateError::Format),
            };
            (dt.to_string(), parsed)
        }
        other => (other.to_string(), Err(DateError::Format)),
    };
    parsed.map_err(|reason| (shown, reason))
}
