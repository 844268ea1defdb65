//! Organisations: TOML profiles (names, BIN, head, staff list, employees).
//!
//! A profile is what an HR officer writes about their own organisation (DESIGN.md,
//! "Organisations"): its names, BIN, head, the positions of its staff list — each with the
//! organisation's own title and the typical position it follows — and its employees. This module
//! parses and validates profiles and maps their positions onto the consolidated [`Model`]
//! ([`Organisation::resolve`]). It knows nothing of templates, layout or output formats, and it
//! never supplies law text: titles here are the organisation's, not the act's.
//!
//! Errors name the file and the `line:column`. A profile's validation problems are collected all
//! at once ([`Error::Invalid`]) so that an HR officer fixes them in one go; TOML syntax and schema
//! errors (a typo in a key, a string where a number belongs) stop at the first, as the TOML parser
//! does.

mod bin;
mod date;

pub use bin::{check as check_bin, check_digit as bin_check_digit, BinError};
pub use date::{Date, DateError};

use crate::model::{self, Model};
use crate::slug::slug;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The fictional sample organisation, embedded so that a bare install has a default to export.
pub const SAMPLE: (&str, &str) = ("orgs/sample.toml", include_str!("../../orgs/sample.toml"));

/// The embedded sample, parsed.
pub fn sample() -> Organisation {
    parse(SAMPLE.0, SAMPLE.1).expect("the embedded sample profile is valid (tested below)")
}

// ---------------------------------------------------------------------------------------------
// The organisation as the rest of lauazym sees it.

/// A validated organisation profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    /// The profile file as given (for messages), e.g. `orgs/sample.toml`.
    pub file: String,
    /// Safe folder name for `out/<slug>/`: the slug of the profile's file stem. The file name is
    /// what the HR officer chose as a short handle, it is unique within a folder, and it does not
    /// change when the organisation is renamed; a Kazakh full name would make a 60-character slug.
    pub slug: String,
    /// Full name in Kazakh, as on the approval block.
    pub name_kk: String,
    pub name_ru: Option<String>,
    pub short_name: Option<String>,
    /// 12 digits, check digit verified.
    pub bin: String,
    pub address: String,
    pub city: String,
    pub head: Head,
    /// Date for the approval block (`БЕКІТЕМІН`), when the organisation fixes one.
    pub approval_date: Option<Date>,
    /// The organisation's own template folder, relative paths resolved against the profile's
    /// folder.
    pub template_dir: Option<PathBuf>,
    /// The staff list, in file order.
    pub positions: Vec<StaffPosition>,
    /// In file order.
    pub employees: Vec<Employee>,
}

/// The head of the organisation, who signs the approval block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Head {
    /// E.g. "Директор".
    pub position: String,
    /// Full name, surname first: "Сапарова Айгүл Бекқызы".
    pub name: String,
}

impl Head {
    /// The name as signed under Kazakh documents: "А. Сапарова".
    pub fn initials_surname(&self) -> String {
        initials_surname(&self.name)
    }
}

/// "Сапарова Айгүл Бекқызы" → "А. Сапарова": the given name's initial, then the surname, as names
/// are written beside a signature. The patronymic is left out, as is usual with the Kazakh
/// `-ұлы`/`-қызы` forms. A one-word name is returned as it is.
pub fn initials_surname(full_name: &str) -> String {
    let mut words = full_name.split_whitespace();
    match (words.next(), words.next()) {
        (Some(surname), Some(given)) => {
            let initial: String = given.chars().next().into_iter().flat_map(char::to_uppercase).collect();
            format!("{initial}. {surname}")
        }
        (Some(only), None) => only.to_string(),
        _ => String::new(),
    }
}

/// Which typical position a staff position follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Follows {
    /// `follows = { chapter = 3, paragraph = 2 }`
    Paragraph { chapter: u32, paragraph: u32 },
    /// `follows = { points = [61, 62, 63] }` or `follows = { point = 62 }`: any of the points of
    /// the typical position (sorted, no duplicates).
    Points(Vec<u32>),
}

impl fmt::Display for Follows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Follows::Paragraph { chapter, paragraph } => write!(f, "chapter {chapter} § {paragraph}"),
            Follows::Points(points) if points.len() == 1 => write!(f, "point {}", points[0]),
            Follows::Points(points) => write!(f, "points {}", join(points.iter())),
        }
    }
}

/// One position of the organisation's staff list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffPosition {
    /// Short key employees refer to, e.g. "social-worker-elderly". Always a valid slug
    /// (`[a-z0-9-]`), so it can name files as it is.
    pub id: String,
    /// The organisation's own title (Kazakh).
    pub title: String,
    pub follows: Follows,
    /// Where `follows` is written, for [`Organisation::resolve`]'s messages.
    pub follows_at: Location,
    /// At least 1.
    pub headcount: u32,
    pub department: Option<String>,
    /// Duties the organisation adds to the typical ones (its own words, not law text).
    pub extra_duties: Vec<String>,
    pub rights: Vec<String>,
    pub responsibilities: Vec<String>,
}

/// One employee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Employee {
    /// Full name, surname first.
    pub name: String,
    /// The [`StaffPosition::id`] the employee holds.
    pub position: String,
    /// Unique within the organisation.
    pub personnel_no: String,
    pub hire_date: Option<Date>,
    /// Safe folder name for `out/<org>/personnel/<slug>/`: slug of personnel number and name, so
    /// two people with the same name still get two folders.
    pub slug: String,
}

impl Employee {
    /// The name as signed: "Д. Омаров".
    pub fn initials_surname(&self) -> String {
        initials_surname(&self.name)
    }
}

/// A staff position with the typical position it follows and the people who hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Staffed<'a> {
    pub position: &'a StaffPosition,
    pub typical: &'a model::Position,
    /// In profile order.
    pub employees: Vec<&'a Employee>,
}

impl Organisation {
    /// The staff position with this id.
    pub fn position(&self, id: &str) -> Option<&StaffPosition> {
        self.positions.iter().find(|p| p.id == id)
    }

    /// The employees holding position `id`, in profile order.
    pub fn employees_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Employee> + 'a {
        self.employees.iter().filter(move |e| e.position == id)
    }

    /// Maps every staff position, in profile order, to the typical position of `model` it
    /// follows. Every position the model lacks is reported, all in one [`Error::Unresolved`].
    ///
    /// (Both borrows share one lifetime: a [`Staffed`] points into the profile and the model.)
    pub fn resolve<'a>(&'a self, model: &'a Model) -> Result<Vec<Staffed<'a>>, Error> {
        let mut staffed = Vec::with_capacity(self.positions.len());
        let mut problems = Vec::new();
        for position in &self.positions {
            match find_typical(model, position) {
                Ok(typical) => {
                    staffed.push(Staffed { position, typical, employees: self.employees_of(&position.id).collect() })
                }
                Err(kind) => problems.push(Problem { at: position.follows_at, kind }),
            }
        }
        if problems.is_empty() {
            Ok(staffed)
        } else {
            Err(Error::Unresolved { file: self.file.clone(), problems })
        }
    }
}

/// The typical position `sp` follows, or why the model has none.
fn find_typical<'m>(model: &'m Model, sp: &StaffPosition) -> Result<&'m model::Position, ProblemKind> {
    let not_in_model = |hint: String| ProblemKind::NotInModel { id: sp.id.clone(), follows: sp.follows.clone(), hint };
    match &sp.follows {
        Follows::Paragraph { chapter, paragraph } => {
            let at = |p: &&model::Position| {
                p.placement.as_ref().is_some_and(|pl| pl.chapter == *chapter && pl.paragraph == *paragraph)
            };
            if let Some(found) = model.positions.iter().find(at) {
                return Ok(found);
            }
            // Without a base act the model places only the few positions the acts name (DOMAIN.md),
            // so say which ones it does know and point to the way that always works.
            let mut known: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
            for pl in model.positions.iter().filter_map(|p| p.placement.as_ref()) {
                known.entry(pl.chapter).or_default().push(pl.paragraph);
            }
            let hint = if known.is_empty() {
                "the model places no position by chapter and §; follow it by points".to_string()
            } else {
                let chapters = known.iter().map(|(chapter, paragraphs)| match paragraphs.as_slice() {
                    [one] => format!("chapter {chapter} § {one}"),
                    many => format!("chapter {chapter} §§ {}", join(many.iter())),
                });
                format!("by chapter and § it knows only {}; follow others by points", join(chapters))
            };
            Err(not_in_model(hint))
        }
        Follows::Points(points) => {
            let mut found: Vec<&model::Position> = Vec::new();
            for &point in points {
                match model.position_of(point) {
                    None => return Err(not_in_model(format!("no position of the model holds point {point}"))),
                    Some(p) if !found.iter().any(|f| f.points == p.points) => found.push(p),
                    Some(_) => {}
                }
            }
            match found.as_slice() {
                [one] => Ok(one),
                _ => Err(ProblemKind::SplitPoints {
                    id: sp.id.clone(),
                    follows: sp.follows.clone(),
                    found: join(found.iter().map(|p| points_range(&p.points))),
                }),
            }
        }
    }
}

fn points_range(points: &[u32; 3]) -> String {
    format!("points {}–{}", points[0], points[2])
}

fn join<T: fmt::Display>(items: impl Iterator<Item = T>) -> String {
    items.map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

// ---------------------------------------------------------------------------------------------
// Errors.

/// `line:column` in a profile, both 1-based; the column counts characters, not bytes, as editors
/// do with Kazakh text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` of `text` (clamped to the text, snapped back to a character).
    pub fn of(text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Location { line: before.matches('\n').count() + 1, column: before[line_start..].chars().count() + 1 }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Something wrong with a profile, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {kind}")]
pub struct Problem {
    pub at: Location,
    pub kind: ProblemKind,
}

/// What is wrong. Messages are meant for the HR officer who wrote the profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    #[error("{key} is empty")]
    Empty { key: String },
    #[error("bin \"{value}\" is not a valid BIN: {reason}")]
    Bin { value: String, reason: BinError },
    #[error("{key} {value} is not a valid date: {reason}")]
    Date { key: String, value: String, reason: DateError },
    #[error("head name \"{name}\" should be the full name, surname first (\"Сапарова Айгүл Бекқызы\")")]
    HeadName { name: String },
    #[error("position id \"{id}\" may hold only a-z, 0-9 and '-' (e.g. \"{suggestion}\")")]
    PositionId { id: String, suggestion: String },
    #[error("position id \"{id}\" is used twice (first at {first})")]
    DuplicatePositionId { id: String, first: Location },
    #[error("position \"{id}\": headcount must be at least 1, found 0")]
    ZeroHeadcount { id: String },
    #[error("no [[position]]: the staff list needs at least one position to write documents for")]
    NoPositions,
    #[error("position \"{id}\": follows {reason}")]
    Follows { id: String, reason: String },
    #[error(
        "employee \"{name}\" is on position \"{position}\", which the organisation lacks (its positions: {known})"
    )]
    UnknownPosition { name: String, position: String, known: String },
    #[error("personnel number \"{number}\" is used twice (first at {first})")]
    DuplicatePersonnelNo { number: String, first: Location },
    #[error("position \"{id}\" follows {follows}, which the model does not have ({hint})")]
    NotInModel { id: String, follows: Follows, hint: String },
    #[error("position \"{id}\" follows {follows}, but they belong to different typical positions ({found})")]
    SplitPoints { id: String, follows: Follows, found: String },
}

/// Errors of this module; each names the profile file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}: cannot read the organisation profile: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: no organisation profiles (*.toml) in this folder")]
    NoProfiles { file: String },
    /// TOML syntax, a wrong type, a missing or unknown key.
    #[error("{file}:{at}: {message}")]
    Toml { file: String, at: Location, message: String },
    /// The profile is well-formed TOML but its content is wrong; every problem found.
    #[error("{}", list(file, "invalid organisation profile", problems))]
    Invalid { file: String, problems: Vec<Problem> },
    /// Positions that follow typical positions the model does not have.
    #[error("{}", list(file, "staff positions not in the model", problems))]
    Unresolved { file: String, problems: Vec<Problem> },
}

impl Error {
    /// The profile file the error is about.
    pub fn file(&self) -> &str {
        match self {
            Error::Read { file, .. }
            | Error::NoProfiles { file }
            | Error::Toml { file, .. }
            | Error::Invalid { file, .. }
            | Error::Unresolved { file, .. } => file,
        }
    }
}

/// One line per problem, each `file:line:col: message`, so editors and terminals can jump to them.
fn list(file: &str, what: &str, problems: &[Problem]) -> String {
    let mut out = format!("{file}: {what} ({} problem{})", problems.len(), if problems.len() == 1 { "" } else { "s" });
    for p in problems {
        out.push_str(&format!("\n  {file}:{p}"));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Loading.

/// Reads and validates the profile at `path`.
pub fn load(path: &Path) -> Result<Organisation, Error> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { file: file.clone(), source })?;
    parse(&file, &text)
}

/// `path` is a profile file, or a folder whose `*.toml` files are loaded in sorted order. One bad
/// profile does not hide the others: each gets its own result.
pub fn load_all(path: &Path) -> Vec<Result<Organisation, Error>> {
    if !path.is_dir() {
        return vec![load(path)];
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(source) => return vec![Err(Error::Read { file: path.display().to_string(), source })],
    };
    let mut files = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) if e.path().extension().is_some_and(|x| x == "toml") && !e.path().is_dir() => files.push(e.path()),
            Ok(_) => {}
            Err(source) => return vec![Err(Error::Read { file: path.display().to_string(), source })],
        }
    }
    if files.is_empty() {
        return vec![Err(Error::NoProfiles { file: path.display().to_string() })];
    }
    files.sort();
    files.iter().map(|f| load(f)).collect()
}

/// Parses and validates a profile; `file` names it in errors and anchors `template_dir`.
pub fn parse(file: &str, text: &str) -> Result<Organisation, Error> {
    let raw: RawOrg = toml::from_str(text).map_err(|e| Error::Toml {
        file: file.to_string(),
        at: Location::of(text, e.span().map_or(0, |s| s.start)),
        message: e.message().trim_end().to_string(),
    })?;
    let mut v = Validator { text, problems: Vec::new() };
    let org = v.organisation(file, raw);
    if v.problems.is_empty() {
        Ok(org)
    } else {
        v.problems.sort_by_key(|p| p.at);
        Err(Error::Invalid { file: file.to_string(), problems: v.problems })
    }
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
    follows: Spanned<RawFollows>,
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
struct RawFollows {
    chapter: Option<u32>,
    paragraph: Option<u32>,
    points: Option<Vec<u32>>,
    point: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEmployee {
    name: Spanned<String>,
    position: Spanned<String>,
    personnel_no: Spanned<String>,
    hire_date: Option<Spanned<toml::Value>>,
}

struct Validator<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn at<T>(&self, s: &Spanned<T>) -> Location {
        Location::of(self.text, s.span().start)
    }

    fn report<T>(&mut self, s: &Spanned<T>, kind: ProblemKind) {
        self.problems.push(Problem { at: self.at(s), kind });
    }

    /// The trimmed string, reporting it when empty.
    fn required(&mut self, s: Spanned<String>, key: &str) -> String {
        let value = s.get_ref().trim().to_string();
        if value.is_empty() {
            self.report(&s, ProblemKind::Empty { key: key.to_string() });
        }
        value
    }

    /// Dates may be written as TOML strings ("2024-01-15") or as TOML local dates (2024-01-15).
    fn date(&mut self, s: Option<Spanned<toml::Value>>, key: &str) -> Option<Date> {
        let s = s?;
        let (shown, parsed) = match s.get_ref() {
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
        match parsed {
            Ok(d) => Some(d),
            Err(reason) => {
                self.report(&s, ProblemKind::Date { key: key.to_string(), value: shown, reason });
                None
            }
        }
    }

    fn organisation(&mut self, file: &str, raw: RawOrg) -> Organisation {
        let name_kk = self.required(raw.name_kk, "name_kk");
        let name_ru = raw.name_ru.map(|s| self.required(s, "name_ru"));
        let short_name = raw.short_name.map(|s| self.required(s, "short_name"));
        if let Err(reason) = bin::check(raw.bin.get_ref()) {
            self.report(&raw.bin, ProblemKind::Bin { value: raw.bin.get_ref().clone(), reason });
        }
        let address = self.required(raw.address, "address");
        let city = self.required(raw.city, "city");
        let head_position = self.required(raw.head.position, "head.position");
        if raw.head.name.get_ref().split_whitespace().count() < 2 {
            self.report(&raw.head.name, ProblemKind::HeadName { name: raw.head.name.get_ref().clone() });
        }
        let head = Head { position: head_position, name: raw.head.name.into_inner().trim().to_string() };
        let approval_date = self.date(raw.approval_date, "approval_date");
        let dir = Path::new(file).parent().unwrap_or(Path::new(""));
        let template_dir = raw.template_dir.map(|t| dir.join(t));

        let mut first_at: BTreeMap<String, Location> = BTreeMap::new();
        let positions: Vec<StaffPosition> =
            raw.positions.into_iter().map(|p| self.position(p, &mut first_at)).collect();

        if positions.is_empty() {
            // A profile without positions would export nothing, silently.
            self.problems.push(Problem { at: Location { line: 1, column: 1 }, kind: ProblemKind::NoPositions });
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
            let position = e.position.get_ref().trim().to_string();
            if !positions.iter().any(|p| p.id == position) {
                self.report(
                    &e.position,
                    ProblemKind::UnknownPosition {
                        name: name.clone(),
                        position: position.clone(),
                        known: known.clone(),
                    },
                );
            }
            let at = self.at(&e.personnel_no);
            let personnel_no = self.required(e.personnel_no, &format!("personnel_no of employee \"{name}\""));
            if !personnel_no.is_empty() {
                if let Some(&first) = numbers.get(&personnel_no) {
                    self.problems.push(Problem {
                        at,
                        kind: ProblemKind::DuplicatePersonnelNo { number: personnel_no.clone(), first },
                    });
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
            bin: raw.bin.into_inner(),
            address,
            city,
            head,
            approval_date,
            template_dir,
            positions,
            employees,
        }
    }

    fn position(&mut self, p: RawPosition, first_at: &mut BTreeMap<String, Location>) -> StaffPosition {
        let at = self.at(&p.id);
        let id = self.required(p.id, "position id");
        if !id.is_empty() && slug(&id) != id {
            self.problems.push(Problem { at, kind: ProblemKind::PositionId { id: id.clone(), suggestion: slug(&id) } });
        }
        match first_at.get(&id) {
            Some(&first) if !id.is_empty() => {
                self.problems.push(Problem { at, kind: ProblemKind::DuplicatePositionId { id: id.clone(), first } })
            }
            _ => {
                first_at.insert(id.clone(), at);
            }
        }
        let title = self.required(p.title, &format!("title of position \"{id}\""));
        if *p.headcount.get_ref() == 0 {
            self.report(&p.headcount, ProblemKind::ZeroHeadcount { id: id.clone() });
        }
        let follows_at = self.at(&p.follows);
        let follows = match follows(p.follows.get_ref()) {
            Ok(f) => f,
            Err(reason) => {
                self.report(&p.follows, ProblemKind::Follows { id: id.clone(), reason: reason.to_string() });
                Follows::Points(Vec::new())
            }
        };
        StaffPosition {
            id,
            title,
            follows,
            follows_at,
            headcount: p.headcount.into_inner(),
            department: p.department.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
            extra_duties: p.extra_duties,
            rights: p.rights,
            responsibilities: p.responsibilities,
        }
    }
}

const FOLLOWS_SHAPES: &str = "{ chapter = 3, paragraph = 2 }, { points = [61, 62, 63] } or { point = 62 }";

fn follows(f: &RawFollows) -> Result<Follows, String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Placement, Section, SectionKind, SectionState};

    const BAD_BIN: &str = include_str!("../../tests/fixtures/orgs/bad-bin.toml");
    const MANY_PROBLEMS: &str = include_str!("../../tests/fixtures/orgs/many-problems.toml");
    const SYNTAX_ERROR: &str = include_str!("../../tests/fixtures/orgs/syntax-error.toml");
    const UNKNOWN_POSITION: &str = include_str!("../../tests/fixtures/orgs/unknown-position.toml");

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/orgs")
    }

    /// A typical position of three points starting at `first`, its sections not set.
    fn typical(first: u32, placement: Option<(u32, u32)>) -> model::Position {
        model::Position {
            points: [first, first + 1, first + 2],
            placement: placement.map(|(chapter, paragraph)| Placement { chapter, paragraph, inference: None }),
            title: None,
            sections: SectionKind::ALL.map(|kind| Section {
                kind,
                point: first + kind.offset(),
                state: SectionState::NotSet,
            }),
        }
    }

    /// Shaped like the seed act's model: positions of points 1–69 in threes, chapter 3 §§ 1–4 at
    /// points 58, 61, 64, 67 (DOMAIN.md).
    fn seed_like_model() -> Model {
        let placement = |first| match first {
            58 => Some((3, 1)),
            61 => Some((3, 2)),
            64 => Some((3, 3)),
            67 => Some((3, 4)),
            _ => None,
        };
        Model {
            review: Default::default(),
            base: None,
            acts: Vec::new(),
            corner: None,
            positions: (1..=69).step_by(3).map(|first| typical(first, placement(first))).collect(),
            changes: Vec::new(),
            inferences: Vec::new(),
        }
    }

    fn problems<T: fmt::Debug>(result: Result<T, Error>) -> Vec<String> {
        match result {
            Err(Error::Invalid { problems, .. }) => problems.iter().map(|p| p.to_string()).collect(),
            other => panic!("expected Error::Invalid, got {other:?}"),
        }
    }

    /// The smallest valid profile, to which each test adds one mistake.
    const MINIMAL: &str = r#"
name_kk = "«Шағын» орталығы (fictional)"
bin = "123456789013"
address = "Үлгі көшесі, 1"
city = "Үлгі қаласы"
[head]
position = "Директор"
name = "Сапарова Айгүл Бекқызы"
[[position]]
id = "director"
title = "Директор"
follows = { points = [1, 2, 3] }
headcount = 1
"#;

    #[test]
    fn the_sample_is_fictional_and_complete() {
        let org = sample();
        assert_eq!(org.file, "orgs/sample.toml");
        assert_eq!(org.slug, "sample");
        assert!(org.name_kk.contains("Үлгі") && org.name_kk.contains("ойдан шығарылған"));
        assert_eq!(check_bin(&org.bin), Ok(()));
        assert_eq!(org.head.position, "Директор");
        assert_eq!(org.head.initials_surname(), "А. Сапарова");
        assert_eq!(org.approval_date, Some(Date { year: 2022, month: 10, day: 17 }));
        assert_eq!(org.template_dir, None);
        let ids: Vec<&str> = org.positions.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "director",
                "deputy-director",
                "hydrokinesitherapy-instructor",
                "hippotherapy-instructor",
                "social-worker-elderly",
                "social-worker-psychoneuro"
            ]
        );
        assert_eq!(
            org.position("social-worker-elderly").unwrap().follows,
            Follows::Paragraph { chapter: 3, paragraph: 2 }
        );
        assert_eq!(org.position("hydrokinesitherapy-instructor").unwrap().follows, Follows::Points(vec![44]));
        assert_eq!(org.employees.len(), 7);
        assert_eq!(org.employees_of("social-worker-elderly").count(), 2);
        assert_eq!(org.employees[1].initials_surname(), "Д. Омаров");
        assert_eq!(org.employees[1].slug, "0002-omarov-daulet-serikuly");
    }

    #[test]
    fn the_sample_resolves_against_the_seed_model() {
        let org = sample();
        let model = seed_like_model();
        let staffed = org.resolve(&model).unwrap();
        let firsts: Vec<u32> = staffed.iter().map(|s| s.typical.first_point()).collect();
        assert_eq!(firsts, [1, 13, 43, 55, 61, 67]);
        let elderly = &staffed[4];
        assert_eq!(elderly.position.id, "social-worker-elderly");
        assert_eq!(elderly.typical.points, [61, 62, 63]);
        let names: Vec<&str> = elderly.employees.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Тоқтарова Сәуле Қайратқызы", "Әбенов Ерлан Бақытұлы"]);
    }

    #[test]
    fn initials_come_from_the_given_name() {
        assert_eq!(initials_surname("Сапарова Айгүл Бекқызы"), "А. Сапарова");
        assert_eq!(initials_surname("  Әбенов   ерлан "), "Е. Әбенов");
        assert_eq!(initials_surname("Сапарова"), "Сапарова");
        assert_eq!(initials_surname(""), "");
    }

    #[test]
    fn locations_are_lines_and_character_columns() {
        let text = "a = 1\nәә = 2\n";
        assert_eq!(Location::of(text, 0), Location { line: 1, column: 1 });
        assert_eq!(Location::of(text, 6), Location { line: 2, column: 1 });
        // "әә" is four bytes, two characters: byte 10 is the third character.
        assert_eq!(Location::of(text, 10), Location { line: 2, column: 3 });
        assert_eq!(Location::of(text, 7), Location { line: 2, column: 1 }); // inside "ә": snapped back
        assert_eq!(Location::of(text, 999), Location { line: 3, column: 1 });
        assert_eq!(Location { line: 2, column: 3 }.to_string(), "2:3");
    }

    #[test]
    fn a_toml_syntax_error_names_file_line_and_column() {
        let text = MINIMAL.replace("city = \"Үлгі қаласы\"", "city = \"Үлгі қаласы");
        let err = parse("orgs/broken.toml", &text).unwrap_err();
        // Line 5 is `city = "Үлгі қаласы` (line 1 is empty); the string runs to the end of the line.
        assert_eq!(err.to_string(), "orgs/broken.toml:5:20: invalid basic string, expected `\"`");
    }

    #[test]
    fn an_unknown_key_is_rejected_not_ignored() {
        let err = parse("tests/fixtures/orgs/syntax-error.toml", SYNTAX_ERROR).unwrap_err();
        assert_eq!(
            err.to_string(),
            "tests/fixtures/orgs/syntax-error.toml:15:1: unknown field `headcont`, expected one of `id`, `title`, \
             `follows`, `headcount`, `department`, `extra_duties`, `rights`, `responsibilities`"
        );
        assert!(matches!(err, Error::Toml { at: Location { line: 15, column: 1 }, .. }));
    }

    #[test]
    fn a_wrong_type_names_the_value() {
        let err = parse("o.toml", &MINIMAL.replace("headcount = 1", "headcount = \"one\"")).unwrap_err();
        assert_eq!(err.to_string(), "o.toml:13:13: invalid type: string \"one\", expected u32");
        let err = parse("o.toml", &MINIMAL.replace("bin = \"123456789013\"", "bin = 123456789013")).unwrap_err();
        assert_eq!(err.to_string(), "o.toml:3:7: invalid type: integer `123456789013`, expected a string");
    }

    #[test]
    fn a_missing_key_is_an_error() {
        let err = parse("o.toml", &MINIMAL.replace("city = \"Үлгі қаласы\"\n", "")).unwrap_err();
        assert!(err.to_string().starts_with("o.toml:") && err.to_string().ends_with("missing field `city`"), "{err}");
    }

    #[test]
    fn an_invalid_bin_says_which_rule_failed() {
        let err = parse("tests/fixtures/orgs/bad-bin.toml", BAD_BIN).unwrap_err();
        assert_eq!(
            err.to_string(),
            "tests/fixtures/orgs/bad-bin.toml: invalid organisation profile (1 problem)\n  \
             tests/fixtures/orgs/bad-bin.toml:3:7: bin \"123456789012\" is not a valid BIN: \
             check digit: the 12th digit should be 3, found 2"
        );
        let with = |bin: &str| problems(parse("o.toml", &MINIMAL.replace("123456789013", bin)));
        assert_eq!(
            with("1234567890"),
            ["3:7: bin \"1234567890\" is not a valid BIN: length: a BIN has 12 digits, found 10 characters"]
        );
        assert_eq!(
            with("12345678901O"),
            ["3:7: bin \"12345678901O\" is not a valid BIN: digits: a BIN has only digits, found 'O' at position 12"]
        );
    }

    #[test]
    fn dates_are_checked_as_strings_or_toml_dates() {
        let with = |date: &str| parse("o.toml", &format!("approval_date = {date}\n{MINIMAL}"));
        assert_eq!(with("\"2024-01-15\"").unwrap().approval_date, Some(Date { year: 2024, month: 1, day: 15 }));
        assert_eq!(with("2024-01-15").unwrap().approval_date, Some(Date { year: 2024, month: 1, day: 15 }));
        assert_eq!(
            problems(with("\"2024-04-31\"")),
            ["1:17: approval_date \"2024-04-31\" is not a valid date: day 31 is not in 2024-04 (30 days)"]
        );
        assert_eq!(
            problems(with("2024-01-15T09:00:00")),
            ["1:17: approval_date 2024-01-15T09:00:00 is not a valid date: expected YYYY-MM-DD, e.g. 2024-01-15"]
        );
        assert_eq!(
            problems(with("20240115")),
            ["1:17: approval_date 20240115 is not a valid date: expected YYYY-MM-DD, e.g. 2024-01-15"]
        );
    }

    #[test]
    fn every_problem_of_a_profile_is_reported_at_once() {
        let err = parse("many-problems.toml", MANY_PROBLEMS).unwrap_err();
        let Error::Invalid { ref problems, .. } = err else { panic!("{err:?}") };
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            lines,
            [
                "3:7: bin \"12345678901\" is not a valid BIN: length: a BIN has 12 digits, found 11 characters",
                "5:8: city is empty",
                "6:17: approval_date \"2023-02-29\" is not a valid date: day 29 is not in 2023-02 (28 days)",
                "10:8: head name \"Сапарова\" should be the full name, surname first (\"Сапарова Айгүл Бекқызы\")",
                "16:13: position \"social-worker\": headcount must be at least 1, found 0",
                "19:6: position id \"social-worker\" is used twice (first at 13:6)",
                "21:11: position \"social-worker\": follows needs both chapter and paragraph, e.g. \
                 { chapter = 3, paragraph = 2 }",
                "25:6: position id \"Әдіскер\" may hold only a-z, 0-9 and '-' (e.g. \"adisker\")",
                "27:11: position \"Әдіскер\": follows needs exactly one of { chapter = 3, paragraph = 2 }, \
                 { points = [61, 62, 63] } or { point = 62 }",
                "34:13: hire_date of employee \"Тоқтарова Сәуле Қайратқызы\" \"14.01.2019\" is not a valid date: \
                 expected YYYY-MM-DD, e.g. 2024-01-15",
                "38:12: employee \"Әбенов Ерлан Бақытұлы\" is on position \"nurse\", which the organisation lacks \
                 (its positions: social-worker, Әдіскер)",
                "39:16: personnel number \"0021\" is used twice (first at 33:16)",
            ]
        );
        // The whole message: one line per problem, each with the file, ready for an editor.
        let message = err.to_string();
        assert!(message.starts_with("many-problems.toml: invalid organisation profile (12 problems)\n"));
        assert!(message.contains("\n  many-problems.toml:5:8: city is empty\n"), "{message}");
    }

    #[test]
    fn a_profile_without_positions_is_reported() {
        let text = MINIMAL.split("[[position]]").next().unwrap();
        assert_eq!(
            problems(parse("o.toml", text)),
            ["1:1: no [[position]]: the staff list needs at least one position to write documents for"]
        );
    }

    #[test]
    fn follows_accepts_three_shapes() {
        let with = |f: &str| {
            parse("o.toml", &MINIMAL.replace("{ points = [1, 2, 3] }", f)).map(|o| o.positions[0].follows.clone())
        };
        assert_eq!(with("{ chapter = 3, paragraph = 2 }").unwrap(), Follows::Paragraph { chapter: 3, paragraph: 2 });
        assert_eq!(with("{ points = [63, 61, 62, 61] }").unwrap(), Follows::Points(vec![61, 62, 63]));
        assert_eq!(with("{ point = 62 }").unwrap(), Follows::Points(vec![62]));
        assert_eq!(
            problems(with("{ points = [] }")),
            ["12:11: position \"director\": follows points is empty; give the typical position's points, e.g. [61, 62, 63]"]
        );
        assert_eq!(
            problems(with("{ chapter = 0, paragraph = 2 }")),
            ["12:11: position \"director\": follows chapter and paragraph are numbered from 1"]
        );
        assert_eq!(
            problems(with("{}")),
            ["12:11: position \"director\": follows needs exactly one of { chapter = 3, paragraph = 2 }, \
              { points = [61, 62, 63] } or { point = 62 }"]
        );
    }

    #[test]
    fn template_dir_is_relative_to_the_profile() {
        let text = format!("template_dir = \"templates\"\n{MINIMAL}");
        assert_eq!(parse("orgs/a.toml", &text).unwrap().template_dir, Some(PathBuf::from("orgs/templates")));
        let text = format!("template_dir = \"/srv/t\"\n{MINIMAL}");
        assert_eq!(parse("orgs/a.toml", &text).unwrap().template_dir, Some(PathBuf::from("/srv/t")));
    }

    #[test]
    fn the_slug_comes_from_the_file_name() {
        assert_eq!(parse("orgs/Үлгі орталық.toml", MINIMAL).unwrap().slug, "ulgi-ortalyq");
        assert_eq!(parse("../../x.toml", MINIMAL).unwrap().slug, "x");
        assert_eq!(parse("<stdin>", MINIMAL).unwrap().slug, "stdin");
    }

    #[test]
    fn resolve_reports_every_position_the_model_lacks() {
        let org = parse("tests/fixtures/orgs/unknown-position.toml", UNKNOWN_POSITION).unwrap();
        let err = org.resolve(&seed_like_model()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "tests/fixtures/orgs/unknown-position.toml: staff positions not in the model (2 problems)\n  \
             tests/fixtures/orgs/unknown-position.toml:21:11: position \"methodologist\" follows chapter 5 § 1, \
             which the model does not have (by chapter and § it knows only chapter 3 §§ 1, 2, 3, 4; follow others \
             by points)\n  \
             tests/fixtures/orgs/unknown-position.toml:27:11: position \"archivist\" follows point 999, which the \
             model does not have (no position of the model holds point 999)"
        );
    }

    #[test]
    fn resolve_against_a_small_model() {
        let model = Model {
            review: Default::default(),
            base: None,
            acts: Vec::new(),
            corner: None,
            positions: vec![typical(1, None), typical(61, Some((3, 2)))],
            changes: Vec::new(),
            inferences: Vec::new(),
        };
        let with = |f: &str| parse("o.toml", &MINIMAL.replace("{ points = [1, 2, 3] }", f)).unwrap();
        let first = |org: &Organisation| org.resolve(&model).map(|s| s[0].typical.points);
        assert_eq!(first(&with("{ points = [1, 2, 3] }")).unwrap(), [1, 2, 3]);
        assert_eq!(first(&with("{ point = 2 }")).unwrap(), [1, 2, 3]);
        assert_eq!(first(&with("{ chapter = 3, paragraph = 2 }")).unwrap(), [61, 62, 63]);
        let err = first(&with("{ points = [3, 61] }")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "o.toml: staff positions not in the model (1 problem)\n  o.toml:12:11: position \"director\" follows \
             points 3, 61, but they belong to different typical positions (points 1–3, points 61–63)"
        );
        // A model without placements (e.g. no act gives chapter and §) says how to follow instead.
        let bare = Model { positions: vec![typical(1, None)], ..model.clone() };
        let org = with("{ chapter = 3, paragraph = 2 }");
        let Err(Error::Unresolved { problems, .. }) = org.resolve(&bare) else { panic!() };
        assert_eq!(
            problems[0].kind.to_string(),
            "position \"director\" follows chapter 3 § 2, which the model does not have (the model places no \
             position by chapter and §; follow it by points)"
        );
    }

    #[test]
    fn load_reads_a_file_and_load_all_a_folder_in_order() {
        let org = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE.0)).unwrap();
        assert_eq!(org, Organisation { file: org.file.clone(), ..sample() });

        let results = load_all(&fixtures());
        let names: Vec<String> = results
            .iter()
            .map(|r| match r {
                Ok(o) => o.slug.clone(),
                Err(e) => Path::new(e.file()).file_name().unwrap().to_string_lossy().into_owned(),
            })
            .collect();
        assert_eq!(names, ["bad-bin.toml", "many-problems.toml", "syntax-error.toml", "unknown-position"]);

        let missing = load(Path::new("no/such/org.toml")).unwrap_err();
        assert!(missing.to_string().starts_with("no/such/org.toml: cannot read the organisation profile: "));
    }

    #[test]
    fn an_empty_folder_is_an_error_not_silence() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a profile").unwrap();
        let results = load_all(dir.path());
        assert!(matches!(results.as_slice(), [Err(Error::NoProfiles { .. })]), "{results:?}");
    }

    proptest::proptest! {
        /// Whatever an HR officer (or a fuzzer) writes, parsing answers with a value or an error.
        #[test]
        fn parsing_never_panics(text in proptest::prelude::any::<String>()) {
            let _ = parse("p.toml", &text);
        }

        /// Same, closer to real profiles: the sample with one line replaced by arbitrary text.
        #[test]
        fn a_mangled_sample_never_panics(line in 0usize..120, junk in "[ -~әқңөұүһі\\n]{0,30}") {
            let mut lines: Vec<&str> = SAMPLE.1.lines().collect();
            let at = line % lines.len();
            lines[at] = &junk;
            let _ = parse("p.toml", &lines.join("\n"));
        }

        #[test]
        fn locations_never_panic(text in ".{0,40}", offset in 0usize..200) {
            let at = Location::of(&text, offset);
            proptest::prop_assert!(at.line >= 1 && at.column >= 1);
        }

        /// Every 11 digits have at most one check digit; a number with it passes, any other fails.
        #[test]
        fn exactly_one_last_digit_passes(first in proptest::array::uniform11(0u8..10)) {
            let stem: String = first.iter().map(|d| char::from(b'0' + d)).collect();
            let passing: Vec<u8> = (0..10).filter(|d| check_bin(&format!("{stem}{d}")).is_ok()).collect();
            match bin_check_digit(&first) {
                Some(c) => proptest::prop_assert_eq!(passing, vec![c]),
                None => proptest::prop_assert!(passing.is_empty()),
            }
        }
    }
}
