//! A profile as the web sends it (JSON, or a page's form) and its way into `org`'s validation.
//!
//! The shape mirrors the TOML profile key for key (`position`, `employee` arrays included), so a
//! field path in an error (`position[2].follows`) is also where the key sits in the file. No
//! profile rule lives here: the input is written as TOML (by the `toml` crate's serializer) and
//! parsed by `org::parse`, then resolved against the model, exactly as the CLI loads a file; each
//! problem's line in that TOML is mapped back to the field it came from.

use super::error::{Error, FieldProblem};
use crate::model::Model;
use crate::org::{self, Follows, Organisation};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name_kk: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_ru: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    pub bin: String,
    pub address: String,
    pub city: String,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_date: Option<String>,
    /// Kept from a profile written by hand; never accepted from a client, because it names a
    /// folder on this machine.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub template_dir: Option<String>,
    pub head: HeadInput,
    #[serde(default, rename = "position")]
    pub positions: Vec<PositionInput>,
    #[serde(default, rename = "employee")]
    pub employees: Vec<EmployeeInput>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadInput {
    pub position: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionInput {
    pub id: String,
    pub title: String,
    pub follows: FollowsInput,
    pub headcount: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_duties: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rights: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsibilities: Vec<String>,
}

/// The profile's own `follows` table: `{chapter, paragraph}`, `{points}` or `{point}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowsInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<u32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmployeeInput {
    pub name: String,
    pub position: String,
    pub personnel_no: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hire_date: Option<String>,
}

impl Profile {
    /// The input of a loaded organisation (for the edit form and the API's GET).
    pub fn of(o: &Organisation, template_dir: Option<String>) -> Profile {
        Profile {
            name_kk: o.name_kk.clone(),
            name_ru: o.name_ru.clone(),
            short_name: o.short_name.clone(),
            bin: o.bin.clone(),
            address: o.address.clone(),
            city: o.city.clone(),
            approval_date: o.approval_date.map(|d| d.to_string()),
            template_dir,
            head: HeadInput { position: o.head.position.clone(), name: o.head.name.clone() },
            positions: o
                .positions
                .iter()
                .map(|p| PositionInput {
                    id: p.id.clone(),
                    title: p.title.clone(),
                    follows: match &p.follows {
                        Follows::Paragraph { chapter, paragraph } => {
                            FollowsInput { chapter: Some(*chapter), paragraph: Some(*paragraph), ..Default::default() }
                        }
                        Follows::Points(points) => FollowsInput { points: Some(points.clone()), ..Default::default() },
                    },
                    headcount: p.headcount,
                    department: p.department.clone(),
                    extra_duties: p.extra_duties.clone(),
                    rights: p.rights.clone(),
                    responsibilities: p.responsibilities.clone(),
                })
                .collect(),
            employees: o
                .employees
                .iter()
                .map(|e| EmployeeInput {
                    name: e.name.clone(),
                    position: e.position.clone(),
                    personnel_no: e.personnel_no.clone(),
                    hire_date: e.hire_date.map(|d| d.to_string()),
                })
                .collect(),
        }
    }

    /// The input as TOML, by the `toml` crate's serializer: what `org::parse` validates (one key
    /// per line, so each problem's line names its field). The stored file is `org::to_toml`.
    pub fn to_toml(&self) -> Result<String, Error> {
        toml::to_string(self).map_err(|e| Error::internal(format!("serialising a profile: {e}")))
    }
}

/// The `template_dir` string of a stored profile, if it has one (kept across web edits).
pub fn template_dir_of(text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    table.get("template_dir")?.as_str().map(str::to_string)
}

/// Validate `profile` as the CLI would load it from `file`, and resolve it against `model`.
/// Returns the organisation and the text to store: `org::to_toml` of it, the canonical profile
/// (checked once more to read back as the CLI will read it).
pub fn validate(file: &str, profile: &Profile, model: &Model) -> Result<(Organisation, String), Error> {
    let org = check_text(file, &profile.to_toml()?, model)?;
    let text = org::to_toml(&org);
    let org = check_text(file, &text, model)?;
    Ok((org, text))
}

/// Validate a profile's TOML text (an import, or text built from input).
pub fn check_text(file: &str, text: &str, model: &Model) -> Result<Organisation, Error> {
    let lines = LineMap::of(text);
    let org = org::parse(file, text).map_err(|e| lines.error(e))?;
    org.resolve(model).map_err(|e| lines.error(e))?;
    Ok(org)
}

/// From a line of the generated TOML to the field written on it.
struct LineMap(Vec<(usize, String)>);

impl LineMap {
    fn of(text: &str) -> LineMap {
        let mut map = Vec::new();
        let line = |s: &Spanned<toml::Value>| text_pos(&org::Location::of(text, s.span().start)).map_or(0, |p| p.0);
        if let Ok(top) = toml::from_str::<Fields>(text) {
            for (key, v) in top.iter().filter(|(k, _)| !matches!(k.as_str(), "head" | "position" | "employee")) {
                map.push((line(v), key.clone()));
            }
        }
        if let Ok(spans) = toml::from_str::<SpanOrg>(text) {
            if let Some(head) = &spans.head {
                for (key, v) in head {
                    map.push((line(v), format!("head.{key}")));
                }
            }
            for (i, p) in spans.position.iter().enumerate() {
                for (key, v) in p {
                    map.push((line(v), format!("position[{i}].{key}")));
                }
            }
            for (i, e) in spans.employee.iter().enumerate() {
                for (key, v) in e {
                    map.push((line(v), format!("employee[{i}].{key}")));
                }
            }
        }
        map.sort();
        LineMap(map)
    }

    fn path(&self, line: usize) -> String {
        self.0.iter().rev().find(|(l, _)| *l <= line).map(|(_, p)| p.clone()).unwrap_or_default()
    }

    fn problem(&self, p: &org::Problem) -> FieldProblem {
        let at = text_pos(&p.at);
        let path = match (&p.kind, &p.at) {
            (org::ProblemKind::NoPositions, _) => "position".to_string(),
            (_, org::Location::Field(f)) => field_path(f),
            _ => at.map_or_else(String::new, |(line, _)| self.path(line)),
        };
        FieldProblem { path, line: at.map(|a| a.0), column: at.map(|a| a.1), message: p.kind.to_string() }
    }

    fn error(&self, e: org::Error) -> Error {
        let message = e.to_string();
        let problems = match &e {
            org::Error::Invalid { problems, .. } | org::Error::Unresolved { problems, .. } => {
                problems.iter().map(|p| self.problem(p)).collect()
            }
            org::Error::Toml { at, message: m, .. } => {
                let pos = text_pos(at);
                vec![FieldProblem {
                    path: pos.map_or_else(String::new, |(line, _)| self.path(line)),
                    line: pos.map(|p| p.0),
                    column: pos.map(|p| p.1),
                    message: m.clone(),
                }]
            }
            _ => Vec::new(),
        };
        Error::Invalid { message, problems }
    }
}

/// `line, column` of a location in a text file.
fn text_pos(at: &org::Location) -> Option<(usize, usize)> {
    match at {
        org::Location::Text { line, column } => Some((*line, *column)),
        _ => None,
    }
}

/// `org`'s field names (`positions[2].headcount`) in the TOML profile's shape (`position[2]…`).
fn field_path(f: &str) -> String {
    if let Some(rest) = f.strip_prefix("positions[") {
        format!("position[{rest}")
    } else if let Some(rest) = f.strip_prefix("employees[") {
        format!("employee[{rest}")
    } else {
        f.to_string()
    }
}

type Fields = BTreeMap<String, Spanned<toml::Value>>;

#[derive(Deserialize)]
struct SpanOrg {
    #[serde(default)]
    head: Option<Fields>,
    #[serde(default)]
    position: Vec<Fields>,
    #[serde(default)]
    employee: Vec<Fields>,
}

/// Problems that are found before the TOML exists: a form field that is not even of its type.
pub fn form_problem(path: &str, message: &str) -> FieldProblem {
    FieldProblem { path: path.to_string(), line: None, column: None, message: message.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        let act = crate::act::load(crate::DEFAULT_ACT.0, crate::DEFAULT_ACT.1.as_bytes()).unwrap();
        crate::model::consolidate(None, &[act]).unwrap()
    }

    #[test]
    fn the_sample_round_trips_through_the_input_shape() {
        let sample = org::sample();
        let p = Profile::of(&sample, None);
        let (org, _) = validate(org::SAMPLE.0, &p, &model()).unwrap();
        assert_eq!(Profile::of(&org, None), p);
        assert_eq!(
            org.positions,
            sample
                .positions
                .iter()
                .map(|sp| org::StaffPosition {
                    follows_at: org.positions.iter().find(|q| q.id == sp.id).unwrap().follows_at.clone(),
                    ..sp.clone()
                })
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn problems_name_their_fields() {
        let mut p = Profile::of(&org::sample(), None);
        p.bin = "123456789012".into();
        p.head.name = "Сапарова".into();
        p.positions[2].headcount = 0;
        p.employees[3].personnel_no = p.employees[0].personnel_no.clone();
        p.positions[4].follows = FollowsInput { points: Some(vec![999]), ..Default::default() };
        let Err(Error::Invalid { problems, .. }) = validate("orgs/x.toml", &p, &model()) else { panic!("invalid") };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["bin", "head.name", "position[2].headcount", "employee[3].personnel_no"]);
        assert!(problems[0].message.contains("not a valid BIN"), "{}", problems[0].message);
        // Resolution against the model comes once the profile itself is valid.
        let mut p = Profile::of(&org::sample(), None);
        p.positions[4].follows = FollowsInput { points: Some(vec![999]), ..Default::default() };
        let Err(Error::Invalid { problems, .. }) = validate("orgs/x.toml", &p, &model()) else { panic!("invalid") };
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "position[4].follows");
        assert!(problems[0].message.contains("point 999"), "{}", problems[0].message);
    }

    #[test]
    fn a_client_cannot_set_the_template_folder() {
        let json = r#"{"name_kk":"x","bin":"1","address":"a","city":"c","head":{"position":"p","name":"a b"},"template_dir":"/etc"}"#;
        assert!(serde_json::from_str::<Profile>(json).is_err());
    }
}
