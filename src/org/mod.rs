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
mod columns;
mod csv_file;
mod date;
mod read_toml;
mod table;
pub mod template;
mod validate;
mod write_csv;
mod write_toml;
mod xlsx;

pub use bin::{check as check_bin, check_digit as bin_check_digit, BinError};
pub use date::{Date, DateError};
pub use read_toml::parse;
pub use write_csv::to_csv;
pub use write_toml::to_toml;

use crate::model::{self, Model};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

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
                Err(kind) => problems.push(Problem { at: position.follows_at.clone(), kind }),
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

/// Where a value was written, for messages: a profile names its problems as `file:line:column`
/// (TOML, CSV), `file:sheet!cell` (a workbook) or `file:field` (an organisation built in memory,
/// e.g. from the web form).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// `line:column` in a text file, both 1-based; the column counts characters, not bytes, as
    /// editors do with Kazakh text.
    Text { line: usize, column: usize },
    /// A cell of a workbook, shown as a spreadsheet shows it: `Штат!B3`, `'Штат кестесі'!B3`.
    /// `row` and `column` are 0-based (row 0 = `1`, column 0 = `A`); `sheet_index` is the
    /// sheet's place in the workbook, so problems sort in the workbook's order.
    Cell { sheet: String, sheet_index: usize, row: u32, column: u32 },
    /// A field of an [`Organisation`] built in memory: `bin`, `positions[2].headcount`,
    /// `employees[0].personnel_no` (indices from 0, names as in the TOML profile's Rust fields).
    Field(String),
}

impl Location {
    /// `line:column`, both 1-based.
    pub fn line_col(line: usize, column: usize) -> Location {
        Location::Text { line, column }
    }

    /// The location of byte `offset` of `text` (clamped to the text, snapped back to a character).
    pub fn of(text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Location::line_col(before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
    }

    /// The order problems are listed in: by line, by sheet then row then column; fields keep the
    /// order they were found in (a stable sort treats them as equal).
    pub(crate) fn order(&self) -> (u8, usize, usize, usize) {
        match *self {
            Location::Text { line, column } => (0, line, column, 0),
            Location::Cell { sheet_index, row, column, .. } => (1, sheet_index, row as usize, column as usize),
            Location::Field(_) => (2, 0, 0, 0),
        }
    }
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column index, as spreadsheets name columns.
pub fn column_name(column: u32) -> String {
    let mut n = column as u64 + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        name.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    name.iter().rev().collect()
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Text { line, column } => write!(f, "{line}:{column}"),
            Location::Cell { sheet, row, column, .. } => {
                // Quoted as in a formula when the name is more than letters, digits and `_`.
                if !sheet.is_empty() && sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    write!(f, "{sheet}!{}{}", column_name(*column), row + 1)
                } else {
                    write!(f, "'{}'!{}{}", sheet.replace('\'', "''"), column_name(*column), row + 1)
                }
            }
            Location::Field(name) => f.write_str(name),
        }
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
    /// What a spreadsheet reader found: a cell of the wrong kind, an unknown column or key.
    #[error("{message}")]
    Sheet { message: String },
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
    #[error("{file}: cannot write: {source}")]
    Write {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: cannot read the workbook: {message}")]
    Workbook { file: String, message: String },
    #[error("{file}: not a kind of profile lauazym writes; name the file *.toml, *.xlsx or *.csv")]
    UnknownFormat { file: String },
    #[error("{file}: no organisation profiles (*.toml, *.xlsx, *.csv) in this folder")]
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
            | Error::Workbook { file, .. }
            | Error::Write { file, .. }
            | Error::UnknownFormat { file }
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

/// The kinds of file an organisation comes in, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A TOML profile (`orgs/sample.toml`).
    Toml,
    /// A workbook: sheets for the organisation, the staff list and the employees.
    Xlsx,
    /// One CSV file with a kind column (see the `csv_file` module).
    Csv,
}

impl Format {
    /// The format a file name's extension says (case-insensitive), if it is one of the three.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(Format::Toml),
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Reads and validates the profile at `path`: TOML, a workbook (`.xlsx`) or CSV, by extension
/// (anything else is read as TOML, as before spreadsheets).
pub fn load(path: &Path) -> Result<Organisation, Error> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| Error::Read { file: file.clone(), source })?;
    parse_bytes(&file, Format::of(path).unwrap_or(Format::Toml), &bytes)
}

/// Parses and validates a profile held in memory (an upload): `file` names it in messages.
pub fn parse_bytes(file: &str, format: Format, bytes: &[u8]) -> Result<Organisation, Error> {
    match format {
        Format::Toml => {
            // The words std's read_to_string uses, so messages stay as they were.
            let text = std::str::from_utf8(bytes).map_err(|e| Error::Read {
                file: file.to_string(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("stream did not contain valid UTF-8 ({e})"),
                ),
            })?;
            parse(file, text)
        }
        Format::Xlsx => validate::check(xlsx::draft(file, bytes)?),
        Format::Csv => validate::check(csv_file::draft(file, bytes)?),
    }
}

/// `path` is a profile file, or a folder whose `*.toml`, `*.xlsx` and `*.csv` files are loaded in
/// sorted order (a spreadsheet program's lock files, `~$…` and `.~lock…`, are not profiles). One
/// bad profile does not hide the others: each gets its own result.
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
            Ok(e) => {
                let p = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                let lock = name.starts_with("~$") || name.starts_with(".~lock");
                if Format::of(&p).is_some() && !lock && !p.is_dir() {
                    files.push(p);
                }
            }
            Err(source) => return vec![Err(Error::Read { file: path.display().to_string(), source })],
        }
    }
    if files.is_empty() {
        return vec![Err(Error::NoProfiles { file: path.display().to_string() })];
    }
    files.sort();
    files.iter().map(|f| load(f)).collect()
}

/// The organisation as a file of `format`: what [`load`] reads back to an equal organisation.
/// `model` adds the typical positions' drop-down list to a workbook.
pub fn to_bytes(org: &Organisation, format: Format, model: Option<&Model>) -> Result<Vec<u8>, Error> {
    match format {
        Format::Toml => Ok(to_toml(org).into_bytes()),
        Format::Xlsx => template::workbook(org, model),
        Format::Csv => to_csv(org),
    }
}

/// Converts the profile `input` into `output` (TOML, XLSX or CSV each way, by extension). The
/// input is validated first, so an invalid profile is refused with all its problems; the output
/// is written atomically (nothing is left behind on failure).
pub fn convert(input: &Path, output: &Path, model: Option<&Model>) -> Result<Organisation, Error> {
    let format = Format::of(output).ok_or_else(|| Error::UnknownFormat { file: output.display().to_string() })?;
    let org = load(input)?;
    template::write_atomically(output, &to_bytes(&org, format, model)?)?;
    Ok(org)
}

/// Writes the empty workbook template to `path` (atomically), its drop-down lists from `model`.
pub fn write_template(path: &Path, model: &Model) -> Result<(), Error> {
    template::write_atomically(path, &template::template(model)?)
}

/// Validates an organisation built in memory — the web form's, or one a program assembled — by
/// exactly the rules a parsed profile passes, and returns it normalised as parsing would
/// (values trimmed, points sorted, slugs and `follows_at` recomputed; set those to anything).
/// Problems name the field: `bin`, `positions[2].headcount`, `employees[0].personnel_no`.
///
/// **The web service should call this** before saving (then save [`to_toml`] of the result):
/// its messages point to form fields, where round-tripping through [`to_toml`] and [`parse`]
/// would point to lines of a file the user never saw. An organisation that passes `validate`
/// also parses back from `to_toml` to an equal one (tested).
pub fn validate(org: &Organisation) -> Result<Organisation, Error> {
    validate::check(validate::draft_of(org))
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
        assert_eq!(Location::of(text, 0), Location::line_col(1, 1));
        assert_eq!(Location::of(text, 6), Location::line_col(2, 1));
        // "әә" is four bytes, two characters: byte 10 is the third character.
        assert_eq!(Location::of(text, 10), Location::line_col(2, 3));
        assert_eq!(Location::of(text, 7), Location::line_col(2, 1)); // inside "ә": snapped back
        assert_eq!(Location::of(text, 999), Location::line_col(3, 1));
        assert_eq!(Location::line_col(2, 3).to_string(), "2:3");
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
        assert!(matches!(err, Error::Toml { at: Location::Text { line: 15, column: 1 }, .. }));
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

    #[test]
    fn validate_judges_an_organisation_in_memory_by_the_same_rules_naming_fields() {
        let mut org = sample();
        org.bin = "123456789012".to_string();
        org.city = "  ".to_string();
        org.positions[2].headcount = 0;
        org.positions[3].follows = Follows::Points(vec![]);
        org.employees[4].position = "nurse".to_string();
        org.employees[5].personnel_no = " 0001 ".to_string();
        assert_eq!(
            problems(validate(&org)),
            [
                "bin: bin \"123456789012\" is not a valid BIN: check digit: the 12th digit should be 3, found 2",
                "city: city is empty",
                "positions[2].headcount: position \"hydrokinesitherapy-instructor\": headcount must be at least 1, \
                 found 0",
                "positions[3].follows: position \"hippotherapy-instructor\": follows points is empty; give the \
                 typical position's points, e.g. [61, 62, 63]",
                "employees[4].position: employee \"Тоқтарова Сәуле Қайратқызы\" is on position \"nurse\", which \
                 the organisation lacks (its positions: director, deputy-director, hydrokinesitherapy-instructor, \
                 hippotherapy-instructor, social-worker-elderly, social-worker-psychoneuro)",
                "employees[5].personnel_no: personnel number \"0001\" is used twice (first at \
                 employees[0].personnel_no)",
            ]
        );
    }

    #[test]
    fn validate_normalises_as_parsing_does() {
        let mut org = sample();
        org.slug = String::new();
        org.name_kk = format!("  {}  ", org.name_kk);
        org.positions[0].follows = Follows::Points(vec![3, 1, 2, 2]);
        org.employees[0].slug = String::new();
        let valid = validate(&org).unwrap();
        assert_eq!(valid.slug, "sample");
        assert_eq!(valid.name_kk, sample().name_kk);
        assert_eq!(valid.positions[0].follows, Follows::Points(vec![1, 2, 3]));
        assert_eq!(valid.positions[0].follows_at, Location::Field("positions[0].follows".to_string()));
        assert_eq!(valid.employees[0].slug, "0001-saparova-aigul-bekqyzy");
    }

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        let cell = |sheet: &str, row, column| Location::Cell { sheet: sheet.to_string(), sheet_index: 0, row, column };
        assert_eq!(cell("Штат", 2, 1).to_string(), "Штат!B3");
        assert_eq!(cell("Штат кестесі", 0, 26).to_string(), "'Штат кестесі'!AA1");
        assert_eq!(cell("O'Brien", 9, 701).to_string(), "'O''Brien'!ZZ10");
        assert_eq!(column_name(702), "AAA");
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
            let Location::Text { line, column } = Location::of(&text, offset) else { unreachable!() };
            proptest::prop_assert!(line >= 1 && column >= 1);
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
