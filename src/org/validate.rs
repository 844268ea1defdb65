//! Validation, shared by every way a profile arrives: a TOML file, a workbook, a CSV file, or an
//! [`Organisation`] built in memory (the web form).
//!
//! Each reader turns its input into a [`Draft`] — the profile's values, each with the
//! [`Location`] it was written at — and reports what only it can see (TOML syntax, a cell of the
//! wrong type, an unknown column). [`check`] then applies the same rules to every draft and
//! collects every problem at once, so a BIN is judged the same way whether it was typed into a
//! TOML file, a spreadsheet cell or a browser form.

use super::{bin, Date, DateError, Employee, Follows, Head, Location, Organisation, Problem, ProblemKind};
use super::{Error, StaffPosition};
use crate::slug::slug;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A value and where it was written.
#[derive(Debug, Clone)]
pub(crate) struct At<T> {
    pub value: T,
    pub at: Location,
}

impl<T> At<T> {
    pub fn new(value: T, at: Location) -> At<T> {
        At { value, at }
    }
}

/// A date as a reader found it: the date, or what was written and why it is none.
pub(crate) type DateInput = Result<Date, (String, DateError)>;

/// A profile as read, before validation. A required value a reader could not find or read is
/// `None`, and the reader has already reported why in `problems` (the TOML reader never leaves
/// one out: serde refuses the file first).
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub file: String,
    /// Where problems about the whole profile are reported (no positions).
    pub origin: Location,
    pub name_kk: Option<At<String>>,
    pub name_ru: Option<At<String>>,
    pub short_name: Option<At<String>>,
    pub bin: Option<At<String>>,
    pub address: Option<At<String>>,
    pub city: Option<At<String>>,
    pub head_position: Option<At<String>>,
    pub head_name: Option<At<String>>,
    pub approval_date: Option<At<DateInput>>,
    /// As written, relative to the profile's folder.
    pub template_dir: Option<String>,
    pub positions: Vec<DraftPosition>,
    pub employees: Vec<DraftEmployee>,
    /// What the reader found wrong already.
    pub problems: Vec<Problem>,
}

impl Draft {
    pub fn new(file: &str, origin: Location) -> Draft {
        Draft {
            file: file.to_string(),
            origin,
            name_kk: None,
            name_ru: None,
            short_name: None,
            bin: None,
            address: None,
            city: None,
            head_position: None,
            head_name: None,
            approval_date: None,
            template_dir: None,
            positions: Vec::new(),
            employees: Vec::new(),
            problems: Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct DraftPosition {
    pub id: Option<At<String>>,
    pub title: Option<At<String>>,
    pub follows: Option<At<FollowsInput>>,
    pub headcount: Option<At<u32>>,
    pub department: Option<String>,
    pub extra_duties: Vec<String>,
    pub rights: Vec<String>,
    pub responsibilities: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct DraftEmployee {
    pub name: Option<At<String>>,
    pub position: Option<At<String>>,
    pub personnel_no: Option<At<String>>,
    pub hire_date: Option<At<DateInput>>,
}

/// The ways of naming a typical position, as written: `{ chapter, paragraph }`, `{ points }` or
/// `{ point }` (exactly one of them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FollowsInput {
    pub chapter: Option<u32>,
    pub paragraph: Option<u32>,
    pub points: Option<Vec<u32>>,
    pub point: Option<u32>,
}

impl From<&Follows> for FollowsInput {
    fn from(f: &Follows) -> FollowsInput {
        match f {
            Follows::Paragraph { chapter, paragraph } => {
                FollowsInput { chapter: Some(*chapter), paragraph: Some(*paragraph), ..FollowsInput::default() }
            }
            Follows::Points(points) => FollowsInput { points: Some(points.clone()), ..FollowsInput::default() },
        }
    }
}

/// Validates a draft: every problem, the reader's and the rules', sorted by where it is.
pub(crate) fn check(draft: Draft) -> Result<Organisation, Error> {
    let file = draft.file.clone();
    let mut v = Validator { problems: draft.problems.clone() };
    let org = v.organisation(draft);
    if v.problems.is_empty() {
        Ok(org)
    } else {
        // Stable: problems at equal places (form fields) stay in the order found.
        v.problems.sort_by_key(|p| p.at.order());
        Err(Error::Invalid { file, problems: v.problems })
    }
}

/// The draft of an organisation built in memory: every value located by its field name
/// (`bin`, `positions[2].headcount`, `employees[0].personnel_no`; indices from 0).
pub(crate) fn draft_of(org: &Organisation) -> Draft {
    let field = |name: &str| Location::Field(name.to_string());
    let at = |value: &str, name: &str| Some(At::new(value.to_string(), field(name)));
    let date = |d: &Option<Date>, name: &str| d.map(|d| At::new(Ok(d), field(name)));
    let mut draft = Draft::new(&org.file, field("positions"));
    draft.name_kk = at(&org.name_kk, "name_kk");
    draft.name_ru = org.name_ru.as_deref().and_then(|v| at(v, "name_ru"));
    draft.short_name = org.short_name.as_deref().and_then(|v| at(v, "short_name"));
    draft.bin = at(&org.bin, "bin");
    draft.address = at(&org.address, "address");
    draft.city = at(&org.city, "city");
    draft.head_position = at(&org.head.position, "head.position");
    draft.head_name = at(&org.head.name, "head.name");
    draft.approval_date = date(&org.approval_date, "approval_date");
    let dir = Path::new(&org.file).parent().unwrap_or(Path::new(""));
    draft.template_dir = org.template_dir.as_ref().map(|t| relative_to(t, dir));
    draft.positions = (org.positions.iter().enumerate())
        .map(|(i, p)| {
            let f = |key: &str| format!("positions[{i}].{key}");
            DraftPosition {
                id: at(&p.id, &f("id")),
                title: at(&p.title, &f("title")),
                follows: Some(At::new(FollowsInput::from(&p.follows), field(&f("follows")))),
                headcount: Some(At::new(p.headcount, field(&f("headcount")))),
                department: p.department.clone(),
                extra_duties: p.extra_duties.clone(),
                rights: p.rights.clone(),
                responsibilities: p.responsibilities.clone(),
            }
        })
        .collect();
    draft.employees = (org.employees.iter().enumerate())
        .map(|(i, e)| {
            let f = |key: &str| format!("employees[{i}].{key}");
            DraftEmployee {
                name: at(&e.name, &f("name")),
                position: at(&e.position, &f("position")),
                personnel_no: at(&e.personnel_no, &f("personnel_no")),
                hire_date: date(&e.hire_date, &f("hire_date")),
            }
        })
        .collect();
    draft
}

/// `template_dir` as a profile in `dir` writes it: relative to `dir` when it lies inside, as it
/// is otherwise (an absolute path stays absolute).
pub(crate) fn relative_to(path: &Path, dir: &Path) -> String {
    let shown = if dir.as_os_str().is_empty() { path } else { path.strip_prefix(dir).unwrap_or(path) };
    shown.to_string_lossy().into_owned()
}

struct Validator {
    problems: Vec<Problem>,
}

impl Validator {
    fn report(&mut self, at: &Location, kind: ProblemKind) {
        self.problems.push(Problem { at: at.clone(), kind });
    }

    /// The trimmed string, reporting it when empty; "" when the reader had none (already reported).
    fn required(&mut self, s: Option<At<String>>, key: &str) -> String {
        let Some(s) = s else { return String::new() };
        let value = s.value.trim().to_string();
        if value.is_empty() {
            self.report(&s.at, ProblemKind::Empty { key: key.to_string() });
        }
        value
    }

    fn date(&mut self, d: Option<At<DateInput>>, key: &str) -> Option<Date> {
        match d?.value_at() {
            (Ok(date), _) => Some(date),
            (Err((value, reason)), at) => {
                self.report(&at, ProblemKind::Date { key: key.to_string(), value, reason });
                None
            }
        }
    }

    fn organisation(&mut self, raw: Draft) -> Organisation {
        let file = raw.file.as_str();
        let name_kk = self.required(raw.name_kk, "name_kk");
        let name_ru = raw.name_ru.map(|s| self.required(Some(s), "name_ru"));
        let short_name = raw.short_name.map(|s| self.required(Some(s), "short_name"));
        let bin_value = raw.bin.as_ref().map_or(String::new(), |b| b.value.clone());
        if let Some(b) = &raw.bin {
            if let Err(reason) = bin::check(&b.value) {
                self.report(&b.at, ProblemKind::Bin { value: b.value.clone(), reason });
            }
        }
        let address = self.required(raw.address, "address");
        let city = self.required(raw.city, "city");
        let head_position = self.required(raw.head_position, "head.position");
        let head_name = match raw.head_name {
            Some(name) => {
                if name.value.split_whitespace().count() < 2 {
                    self.report(&name.at, ProblemKind::HeadName { name: name.value.clone() });
                }
                name.value.trim().to_string()
            }
            None => String::new(),
        };
        let head = Head { position: head_position, name: head_name };
        let approval_date = self.date(raw.approval_date, "approval_date");
        let dir = Path::new(file).parent().unwrap_or(Path::new(""));
        let template_dir: Option<PathBuf> = raw.template_dir.map(|t| dir.join(t));

        let mut first_at: BTreeMap<String, Location> = BTreeMap::new();
        let positions: Vec<StaffPosition> =
            raw.positions.into_iter().map(|p| self.position(p, &mut first_at)).collect();

        if positions.is_empty() {
            // A profile without positions would export nothing, silently.
            self.report(&raw.origin, ProblemKind::NoPositions);
        }
        let mut ids: Vec<&str> = Vec::new();
        for p in &positions {
            if !ids.contains(&p.id.as_str()) {
                ids.push(&p.id);
            }
        }
        let known = ids.join(", ");
        let mut numbers: BTreeMap<String, Location> = BTreeMap::new();
        let mut employees = Vec::with_capacity(raw.employees.len());
        for e in raw.employees {
            let name = self.required(e.name, "employee name");
            let position = e.position.as_ref().map_or(String::new(), |p| p.value.trim().to_string());
            if let Some(p) = &e.position {
                if !positions.iter().any(|sp| sp.id == position) {
                    self.report(
                        &p.at,
                        ProblemKind::UnknownPosition {
                            name: name.clone(),
                            position: position.clone(),
                            known: known.clone(),
                        },
                    );
                }
            }
            let at = e.personnel_no.as_ref().map(|n| n.at.clone());
            let personnel_no = self.required(e.personnel_no, &format!("personnel_no of employee \"{name}\""));
            if let (Some(at), false) = (at, personnel_no.is_empty()) {
                if let Some(first) = numbers.get(&personnel_no) {
                    let kind = ProblemKind::DuplicatePersonnelNo { number: personnel_no.clone(), first: first.clone() };
                    self.report(&at, kind);
                } else {
                    numbers.insert(personnel_no.clone(), at);
                }
            }
            let hire_date = self.date(e.hire_date, &format!("hire_date of employee \"{name}\""));
            let slug = slug(&format!("{personnel_no} {name}"));
            employees.push(Employee { name, position, personnel_no, hire_date, slug });
        }

        Organisation {
            file: file.to_string(),
            slug: slug(
                &Path::new(file).file_stem().map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned()),
            ),
            name_kk,
            name_ru,
            short_name,
            bin: bin_value,
            address,
            city,
            head,
            approval_date,
            template_dir,
            positions,
            employees,
        }
    }

    fn position(&mut self, p: DraftPosition, first_at: &mut BTreeMap<String, Location>) -> StaffPosition {
        let at = p.id.as_ref().map(|i| i.at.clone());
        let id = self.required(p.id, "position id");
        if let (Some(at), false) = (&at, id.is_empty()) {
            if slug(&id) != id {
                self.report(at, ProblemKind::PositionId { id: id.clone(), suggestion: slug(&id) });
            }
            match first_at.get(&id) {
                Some(first) => {
                    let kind = ProblemKind::DuplicatePositionId { id: id.clone(), first: first.clone() };
                    self.report(at, kind)
                }
                None => {
                    first_at.insert(id.clone(), at.clone());
                }
            }
        }
        let title = self.required(p.title, &format!("title of position \"{id}\""));
        let headcount = match p.headcount {
            Some(h) => {
                if h.value == 0 {
                    self.report(&h.at, ProblemKind::ZeroHeadcount { id: id.clone() });
                }
                h.value
            }
            None => 0,
        };
        let (follows, follows_at) = match p.follows {
            Some(f) => match follows(&f.value) {
                Ok(follows) => (follows, f.at),
                Err(reason) => {
                    self.report(&f.at, ProblemKind::Follows { id: id.clone(), reason });
                    (Follows::Points(Vec::new()), f.at)
                }
            },
            None => (Follows::Points(Vec::new()), at.unwrap_or(Location::Field(String::new()))),
        };
        StaffPosition {
            id,
            title,
            follows,
            follows_at,
            headcount,
            department: p.department.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
            extra_duties: p.extra_duties,
            rights: p.rights,
            responsibilities: p.responsibilities,
        }
    }
}

impl<T> At<T> {
    fn value_at(self) -> (T, Location) {
        (self.value, self.at)
    }
}

const FOLLOWS_SHAPES: &str = "{ chapter = 3, paragraph = 2 }, { points = [61, 62, 63] } or { point = 62 }";

fn follows(f: &FollowsInput) -> Result<Follows, String> {
    let by_paragraph = f.chapter.is_some() || f.paragraph.is_some();
    let ways = [by_paragraph, f.points.is_some(), f.point.is_some()].iter().filter(|&&w| w).count();
    if ways != 1 {
        return Err(format!("needs exactly one of {FOLLOWS_SHAPES}"));
    }
    if by_paragraph {
        return match (f.chapter, f.paragraph) {
            (Some(chapter @ 1..), Some(paragraph @ 1..)) => Ok(Follows::Paragraph { chapter, paragraph }),
            (Some(_), Some(_)) => Err("chapter and paragraph are numbered from 1".to_string()),
            _ => Err("needs both chapter and paragraph, e.g. { chapter = 3, paragraph = 2 }".to_string()),
        };
    }
    let mut points = f.points.clone().unwrap_or_default();
    points.extend(f.point);
    if points.is_empty() {
        return Err("points is empty; give the typical position's points, e.g. [61, 62, 63]".to_string());
    }
    if points.contains(&0) {
        return Err("points are numbered from 1".to_string());
    }
    points.sort_unstable();
    points.dedup();
    Ok(Follows::Points(points))
}
