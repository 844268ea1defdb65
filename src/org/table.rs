//! Tables of cells — a worksheet, or a block of a CSV file — read into a [`Draft`]: the header
//! row found (with a second header row or a row of column numbers under it), columns mapped in
//! any order, unknown columns reported, empty rows skipped, and every value read as what the
//! column means: what spreadsheets do to data (a BIN that became a number, a date that became a
//! serial number, a personnel number in E-notation) is read faithfully or reported at its cell.

use super::columns::{self, Field, Key, Part};
use super::validate::{At, DateInput, Draft, DraftEmployee, DraftPosition, FollowsInput};
use super::{Date, DateError, Location, Problem, ProblemKind};
use std::collections::BTreeMap;

/// A cell's value as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Empty,
    Text(String),
    Number(f64),
    /// A cell formatted as a date: year, month, day, and whether it has a time of day too.
    Date {
        year: u16,
        month: u8,
        day: u8,
        time: bool,
    },
    Bool(bool),
    /// A formula's error (`#REF!`, `#N/A`).
    Error(String),
}

impl Value {
    fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text, for headers and free text: numbers as a spreadsheet shows them in the
    /// General format.
    fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.trim().to_string(),
            Value::Number(n) => number_text(*n),
            Value::Date { year, month, day, .. } => format!("{day:02}.{month:02}.{year:04}"),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Error(e) => e.clone(),
        }
    }
}

/// A whole number without a fraction, others as Rust prints them (the shortest exact form).
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One row of a table: its cells from column 0, and where each is.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub cells: Vec<Value>,
    pub at: Vec<Location>,
    /// Where a problem about the row as a whole is reported (its first cell).
    pub start: Location,
}

impl Row {
    fn get(&self, column: usize) -> &Value {
        self.cells.get(column).unwrap_or(&Value::Empty)
    }

    fn at(&self, column: usize) -> Location {
        self.at.get(column).cloned().unwrap_or_else(|| self.start.clone())
    }

    fn is_blank(&self) -> bool {
        self.cells.iter().all(Value::is_blank)
    }
}

/// A table of one part of the organisation.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub part: Part,
    /// Where "no header row" is reported: the sheet's A1, the CSV block's first line.
    pub origin: Location,
    /// Names the table in messages: `sheet «Штат кестесі»`, `the staff rows`.
    pub name: String,
    pub rows: Vec<Row>,
}

/// What a reader found wrong, beyond the profile rules.
fn problem(draft: &mut Draft, at: Location, message: String) {
    draft.problems.push(Problem { at, kind: ProblemKind::Sheet { message } });
}

/// Reads the tables of a workbook or CSV file into `draft`.
pub(crate) fn read(tables: Vec<Table>, draft: &mut Draft) {
    for table in tables {
        match table.part {
            Part::Organisation => read_organisation(table, draft),
            Part::Staff | Part::Employees => read_list(table, draft),
        }
    }
}

/// The organisation's key/value rows: a key in the first column (or under «Өріс / Поле»), its
/// value in the next (or under «Мәні / Значение»).
fn read_organisation(table: Table, draft: &mut Draft) {
    let mut rows = table.rows.into_iter().filter(|r| !r.is_blank()).peekable();
    let (mut key_col, mut value_col) = (0, 1);
    if let Some(first) = rows.peek() {
        let k = first.cells.iter().position(|c| columns::is_key_header(&c.text()));
        let v = first.cells.iter().position(|c| columns::is_value_header(&c.text()));
        if let (Some(k), Some(v)) = (k, v) {
            (key_col, value_col) = (k, v);
            rows.next();
        }
    }
    let mut seen: BTreeMap<Key, Location> = BTreeMap::new();
    for row in rows {
        for (c, cell) in row.cells.iter().enumerate() {
            if c != key_col && c != value_col && !cell.is_blank() {
                let message = format!(
                    "nothing is read from this cell («{}»): the organisation sheet holds a key in one column and \
                     its value in the next",
                    cell.text()
                );
                problem(draft, row.at(c), message);
            }
        }
        let label = row.get(key_col).text();
        let Some(field) = columns::recognise(Part::Organisation, &label) else {
            let message = if label.is_empty() {
                "a value without a key in the column before it".to_string()
            } else {
                format!(
                    "«{label}» is not a key lauazym reads; the keys are {}",
                    columns::headers_hint(Part::Organisation)
                )
            };
            problem(draft, row.at(key_col), message);
            continue;
        };
        if let Some(first) = seen.get(&field.key) {
            problem(draft, row.at(key_col), format!("«{}» is given twice (first at {first})", field.header()));
            continue;
        }
        seen.insert(field.key, row.at(key_col));
        let value = row.get(value_col);
        let at = row.at(value_col);
        if value.is_blank() {
            if field.required {
                let kind = ProblemKind::Empty { key: format!("«{}»", field.header()) };
                draft.problems.push(Problem { at, kind });
            }
            continue;
        }
        let text = |draft: &mut Draft| text_value(draft, value, &at, field).map(|v| At::new(v, at.clone()));
        match field.key {
            Key::NameKk => draft.name_kk = text(draft),
            Key::NameRu => draft.name_ru = text(draft),
            Key::ShortName => draft.short_name = text(draft),
            Key::Bin => draft.bin = code_value(draft, value, &at, field, Some(12)).map(|v| At::new(v, at.clone())),
            Key::Address => draft.address = text(draft),
            Key::City => draft.city = text(draft),
            Key::HeadPosition => draft.head_position = text(draft),
            Key::HeadName => draft.head_name = text(draft),
            Key::ApprovalDate => {
                draft.approval_date = date_value(draft, value, &at, field).map(|v| At::new(v, at.clone()))
            }
            Key::TemplateDir => draft.template_dir = text(draft).map(|v| v.value),
            _ => {}
        }
    }
    for field in Part::Organisation.fields().iter().filter(|f| f.required && !seen.contains_key(&f.key)) {
        problem(draft, table.origin.clone(), format!("no row for «{}»", field.header()));
    }
}

/// The staff list or the employees: a header row, then a record per non-empty row.
fn read_list(table: Table, draft: &mut Draft) {
    let part = table.part;
    let recognised = |row: &Row| row.cells.iter().filter(|c| columns::recognise(part, &c.text()).is_some()).count();
    let Some(header_at) = table.rows.iter().position(|r| recognised(r) >= 2) else {
        let message = format!(
            "{}: no header row; expected columns {} (in Kazakh or Russian, any order)",
            table.name,
            columns::headers_hint(part)
        );
        problem(draft, table.origin.clone(), message);
        return;
    };
    // A second header row (the other language, or a row of column numbers 1, 2, 3…) right under it.
    let mut headers = vec![&table.rows[header_at]];
    let mut data_from = header_at + 1;
    if let Some(next) = table.rows.get(header_at + 1) {
        if recognised(next) >= 2 || is_numbering(next) {
            headers.push(next);
            data_from += 1;
        }
    }
    let mut map: BTreeMap<usize, &'static Field> = BTreeMap::new();
    let mut column_of: BTreeMap<Key, usize> = BTreeMap::new();
    let width = headers.iter().map(|h| h.cells.len()).max().unwrap_or(0);
    for c in 0..width {
        let texts: Vec<String> = headers.iter().map(|h| h.get(c).text()).filter(|t| !t.is_empty()).collect();
        let field = texts.iter().find_map(|t| columns::recognise(part, t));
        match field {
            Some(f) => {
                if let Some(&other) = column_of.get(&f.key) {
                    if f.key != Key::Ignored {
                        let message = format!(
                            "a second column «{}» (the first is column {}); keep one",
                            f.header(),
                            super::column_name(other as u32)
                        );
                        problem(draft, headers[0].at(c), message);
                        continue;
                    }
                }
                column_of.insert(f.key, c);
                map.insert(c, f);
            }
            None if texts.is_empty() || is_numbering(headers[headers.len() - 1]) && headers.len() == 1 => {}
            None => {
                // Column numbers under real headers say nothing about the column.
                let named: Vec<&String> = texts.iter().filter(|t| t.parse::<u32>().is_err()).collect();
                if let Some(name) = named.first() {
                    let message = format!(
                        "{}: column «{name}» is not one lauazym reads; the columns are {}",
                        table.name,
                        columns::headers_hint(part)
                    );
                    problem(draft, headers[0].at(c), message);
                }
            }
        }
    }
    for f in part.fields().iter().filter(|f| f.required && !column_of.contains_key(&f.key)) {
        problem(draft, headers[0].start.clone(), format!("{}: no column «{}»", table.name, f.header()));
    }
    if part == Part::Staff && !column_of.contains_key(&Key::Points) && !column_of.contains_key(&Key::Chapter) {
        let message = format!(
            "{}: no column saying which typical position each position follows: «{}», or «{}» and «{}»",
            table.name,
            field_of(Part::Staff, Key::Points).header(),
            field_of(Part::Staff, Key::Chapter).header(),
            field_of(Part::Staff, Key::Paragraph).header()
        );
        problem(draft, headers[0].start.clone(), message);
    }
    // Cells beyond the mapped columns that hold something are reported too: nothing is dropped.
    for row in table.rows.iter().skip(data_from).filter(|r| !r.is_blank()) {
        for (c, cell) in row.cells.iter().enumerate() {
            if !map.contains_key(&c) && !cell.is_blank() && c >= width {
                let message = format!("a value («{}») in a column without a header", cell.text());
                problem(draft, row.at(c), message);
            }
        }
        match part {
            Part::Staff => {
                let p = staff_row(draft, row, &column_of);
                draft.positions.push(p);
            }
            Part::Employees => {
                let e = employee_row(draft, row, &column_of);
                draft.employees.push(e);
            }
            Part::Organisation => {}
        }
    }
}

fn field_of(part: Part, key: Key) -> &'static Field {
    part.fields().iter().find(|f| f.key == key).expect("every key of a part has its field")
}

/// `1, 2, 3, …` under the headers, as Russian-style forms number their columns.
fn is_numbering(row: &Row) -> bool {
    let numbers: Vec<Option<u32>> = row
        .cells
        .iter()
        .filter(|c| !c.is_blank())
        .map(|c| match c {
            Value::Number(n) if n.fract() == 0.0 && *n >= 1.0 => Some(*n as u32),
            Value::Text(t) => t.trim().parse().ok(),
            _ => None,
        })
        .collect();
    numbers.len() >= 2 && numbers.iter().enumerate().all(|(i, n)| *n == Some(i as u32 + 1))
}

fn staff_row(draft: &mut Draft, row: &Row, column_of: &BTreeMap<Key, usize>) -> DraftPosition {
    let part = Part::Staff;
    let cell = |key: Key| column_of.get(&key).map(|&c| (row.get(c), row.at(c)));
    let text = |draft: &mut Draft, key: Key| {
        let (value, at) = cell(key)?;
        if value.is_blank() {
            if field_of(part, key).required {
                let kind = ProblemKind::Empty { key: format!("«{}»", field_of(part, key).header()) };
                draft.problems.push(Problem { at, kind });
            }
            return None;
        }
        text_value(draft, value, &at, field_of(part, key)).map(|v| At::new(v, at))
    };
    let id = text(draft, Key::Id);
    let title = text(draft, Key::Title);
    let department = text(draft, Key::Department).map(|d| d.value);
    let headcount = match cell(Key::Headcount) {
        Some((value, at)) if value.is_blank() => {
            let kind = ProblemKind::Empty { key: format!("«{}»", field_of(part, Key::Headcount).header()) };
            draft.problems.push(Problem { at, kind });
            None
        }
        Some((value, at)) => whole(draft, value, &at, field_of(part, Key::Headcount)).map(|n| At::new(n, at)),
        None => None,
    };
    let list = |key: Key| -> Vec<String> {
        cell(key).map_or_else(Vec::new, |(value, _)| {
            value.text().lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
        })
    };
    let (extra_duties, rights, responsibilities) =
        (list(Key::ExtraDuties), list(Key::Rights), list(Key::Responsibilities));

    let mut follows = FollowsInput::default();
    let mut follows_at = None;
    // A cell already reported leaves `follows` out, so the rule "exactly one way" stays quiet.
    let mut unreadable = false;
    if let Some((value, at)) = cell(Key::Points).filter(|(v, _)| !v.is_blank()) {
        follows_at = Some(at.clone());
        match points(value) {
            Ok(points) => follows.points = Some(points),
            Err(message) => {
                problem(draft, at, message);
                unreadable = true;
            }
        }
    }
    for (key, slot) in [(Key::Chapter, &mut follows.chapter), (Key::Paragraph, &mut follows.paragraph)] {
        if let Some((value, at)) = cell(key).filter(|(v, _)| !v.is_blank()) {
            follows_at.get_or_insert(at.clone());
            *slot = whole(draft, value, &at, field_of(part, key));
            unreadable |= slot.is_none();
        }
    }
    let follows = match follows_at {
        Some(_) if unreadable => None,
        Some(at) => Some(At::new(follows, at)),
        None => {
            let at =
                column_of.get(&Key::Points).or(column_of.get(&Key::Chapter)).map_or(row.start.clone(), |&c| row.at(c));
            let message = format!(
                "which typical position does this position follow? Fill «{}» (e.g. 61, 62, 63), or «{}» and «{}»",
                field_of(part, Key::Points).header(),
                field_of(part, Key::Chapter).header(),
                field_of(part, Key::Paragraph).header()
            );
            if column_of.contains_key(&Key::Points) || column_of.contains_key(&Key::Chapter) {
                problem(draft, at, message);
            }
            None
        }
    };
    DraftPosition { id, title, follows, headcount, department, extra_duties, rights, responsibilities }
}

fn employee_row(draft: &mut Draft, row: &Row, column_of: &BTreeMap<Key, usize>) -> DraftEmployee {
    let part = Part::Employees;
    let cell = |key: Key| column_of.get(&key).map(|&c| (row.get(c), row.at(c)));
    let required = |draft: &mut Draft, key: Key, code: bool| {
        let (value, at) = cell(key)?;
        let f = field_of(part, key);
        if value.is_blank() {
            let kind = ProblemKind::Empty { key: format!("«{}»", f.header()) };
            draft.problems.push(Problem { at, kind });
            return None;
        }
        let v = if code { code_value(draft, value, &at, f, None) } else { text_value(draft, value, &at, f) };
        v.map(|v| At::new(v, at))
    };
    let name = required(draft, Key::Name, false);
    let position = required(draft, Key::Position, false);
    let personnel_no = required(draft, Key::PersonnelNo, true);
    let hire_date = cell(Key::HireDate)
        .filter(|(v, _)| !v.is_blank())
        .and_then(|(value, at)| date_value(draft, value, &at, field_of(part, Key::HireDate)).map(|d| At::new(d, at)));
    DraftEmployee { name, position, personnel_no, hire_date }
}

// ---------------------------------------------------------------------------------------------
// Values.

fn report(draft: &mut Draft, at: &Location, field: &Field, found: &str, expected: &str) {
    problem(draft, at.clone(), format!("«{}»: expected {expected}, found {found}", field.header()));
}

/// Free text: a number or a date cell is taken as the spreadsheet shows it; a formula error is
/// reported.
fn text_value(draft: &mut Draft, value: &Value, at: &Location, field: &Field) -> Option<String> {
    match value {
        Value::Error(e) => {
            report(draft, at, field, &format!("the formula error {e}"), "text");
            None
        }
        other => Some(other.text()),
    }
}

/// A code of digits (a BIN: `digits = Some(12)`; a personnel number: `None`). A number cell is
/// read as its digits; a BIN that lost its leading zeros to a number cell gets them back (the
/// check digit then confirms it). E-notation (`1.23457E+11`) has lost digits and is refused.
fn code_value(draft: &mut Draft, value: &Value, at: &Location, field: &Field, digits: Option<usize>) -> Option<String> {
    let advice = "format the column as Text and type the number again";
    match value {
        Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e15 => {
            let text = format!("{}", *n as u64);
            Some(match digits {
                Some(d) if text.len() < d => format!("{text:0>d$}"),
                _ => text,
            })
        }
        Value::Number(n) => {
            report(draft, at, field, &format!("the number {n}"), &format!("whole digits; {advice}"));
            None
        }
        Value::Text(t) if is_e_notation(t.trim()) => {
            let message = format!(
                "«{}»: «{}» is a number the spreadsheet shortened to E-notation, its last digits are lost; {advice}",
                field.header(),
                t.trim()
            );
            problem(draft, at.clone(), message);
            None
        }
        other => text_value(draft, other, at, field),
    }
}

/// `1.23457E+11`, `1,23457E-05`: the shape a spreadsheet shows a long number in when the
/// column is too narrow, and writes into CSV — a digit, a decimal separator, digits, `E`, a sign,
/// digits. (`12E4` is not it: a personnel number may look like that.)
fn is_e_notation(t: &str) -> bool {
    let Some((mantissa, exponent)) = t.split_once(['e', 'E']) else { return false };
    let Some((int, frac)) = mantissa.split_once(['.', ',']) else { return false };
    let Some(exponent) = exponent.strip_prefix(['+', '-']) else { return false };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    digits(int) && digits(frac) && digits(exponent)
}

/// A whole number: a number cell, or text of digits.
fn whole(draft: &mut Draft, value: &Value, at: &Location, field: &Field) -> Option<u32> {
    let n = match value {
        Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX) => Some(*n as u32),
        Value::Text(t) => t.trim().parse::<u32>().ok(),
        _ => None,
    };
    if n.is_none() {
        report(draft, at, field, &format!("«{}»", value.text()), "a whole number");
    }
    n
}

/// A typical position's points: `61, 62, 63`, `61–63`, `44`, or a line of the template's list,
/// `61–63 Қарттар мен … әлеуметтік қызметкер` (the title after the numbers is the model's, not
/// read).
fn points(value: &Value) -> Result<Vec<u32>, String> {
    let text = match value {
        Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 => return Ok(vec![*n as u32]),
        other => other.text(),
    };
    let numbers_end =
        text.find(|c: char| !(c.is_ascii_digit() || c.is_whitespace() || ",;-–—".contains(c))).unwrap_or(text.len());
    let mut points = Vec::new();
    for piece in text[..numbers_end].split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
        let range: Vec<&str> = piece.split(['-', '–', '—']).map(str::trim).collect();
        let parse = |s: &str| {
            s.parse::<u32>().map_err(|_| format!("«{text}» is not a list of points, e.g. 61, 62, 63 or 61–63"))
        };
        match range.as_slice() {
            [one] => {
                for word in one.split_whitespace() {
                    points.push(parse(word)?);
                }
            }
            [from, to] => {
                let (from, to) = (parse(from)?, parse(to)?);
                if to < from || to - from > 50 {
                    return Err(format!("«{text}»: the range {from}–{to} runs backwards or is too long"));
                }
                points.extend(from..=to);
            }
            _ => return Err(format!("«{text}» is not a list of points, e.g. 61, 62, 63 or 61–63")),
        }
    }
    if points.is_empty() {
        return Err(format!("«{text}» gives no point numbers; write them as 61, 62, 63 or 61–63"));
    }
    Ok(points)
}

/// A date: a date cell, a serial number (days since 1899-12-30, as spreadsheets count), or text
/// `дд.мм.гггг` or `YYYY-MM-DD`; a time of day other than midnight is refused.
fn date_value(draft: &mut Draft, value: &Value, at: &Location, field: &Field) -> Option<DateInput> {
    let _ = (draft, at, field);
    let shown = value.text();
    let result = match value {
        Value::Date { year, month, day, time } => {
            if *time {
                Err(DateError::TimeOfDay)
            } else {
                Date::new(*year, *month, *day)
            }
        }
        Value::Number(n) => serial_date(*n),
        Value::Text(t) => text_date(t.trim()),
        Value::Error(_) | Value::Bool(_) | Value::Empty => Err(DateError::SheetFormat),
    };
    Some(result.map_err(|reason| (format!("«{shown}»"), reason)))
}

/// Days since 1899-12-30 (the 1900 date system as spreadsheets use it after 1900-03-01).
pub(crate) fn serial_date(n: f64) -> Result<Date, DateError> {
    if n.fract() != 0.0 {
        return Err(DateError::TimeOfDay);
    }
    if !(61.0..=2_958_465.0).contains(&n) {
        return Err(DateError::SheetFormat);
    }
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = n as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date::new(year, month, day)
}

/// Days since 1899-12-30 for a date, as a spreadsheet stores it.
pub(crate) fn date_serial(d: Date) -> f64 {
    let (y, m) = if d.month <= 2 {
        (i64::from(d.year) - 1, i64::from(d.month) + 9)
    } else {
        (i64::from(d.year), i64::from(d.month) - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468 + 25_569) as f64
}

/// `15.01.2024`, `15.01.2024 0:00`, `2024-01-15` (and `2024-01-15T00:00:00`).
pub(crate) fn text_date(t: &str) -> Result<Date, DateError> {
    let (date, time) = t.split_once([' ', 'T']).map_or((t, ""), |(d, rest)| (d, rest.trim()));
    if !time.is_empty() {
        let is_time = time.contains(':') && time.chars().all(|c| c.is_ascii_digit() || c == ':');
        if !is_time {
            return Err(DateError::SheetFormat);
        }
        if !time.split(':').all(|p| p.chars().all(|c| c == '0')) {
            return Err(DateError::TimeOfDay);
        }
    }
    if date.contains('-') {
        return Date::parse(date).map_err(|e| if e == DateError::Format { DateError::SheetFormat } else { e });
    }
    let parts: Vec<&str> = date.split('.').collect();
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 && (1..=2).contains(&d.len()) && (1..=2).contains(&m.len()) => {
            let num = |s: &str| s.parse::<u16>().map_err(|_| DateError::SheetFormat);
            Date::new(num(y)?, num(m)? as u8, num(d)? as u8)
        }
        [_, _, y] if y.len() == 2 => Err(DateError::TwoDigitYear),
        _ => Err(DateError::SheetFormat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates_are_days_since_1899_12_30() {
        assert_eq!(serial_date(45306.0), Ok(Date { year: 2024, month: 1, day: 15 }));
        assert_eq!(serial_date(61.0), Ok(Date { year: 1900, month: 3, day: 1 }));
        assert_eq!(serial_date(44835.0), Ok(Date { year: 2022, month: 10, day: 1 }));
        assert_eq!(serial_date(45306.5), Err(DateError::TimeOfDay));
        assert_eq!(serial_date(12.0), Err(DateError::SheetFormat));
        for d in [Date { year: 2024, month: 2, day: 29 }, Date { year: 1999, month: 12, day: 31 }] {
            assert_eq!(serial_date(date_serial(d)), Ok(d));
        }
    }

    #[test]
    fn text_dates_in_both_shapes() {
        assert_eq!(text_date("15.01.2024"), Ok(Date { year: 2024, month: 1, day: 15 }));
        assert_eq!(text_date("5.1.2024"), Ok(Date { year: 2024, month: 1, day: 5 }));
        assert_eq!(text_date("15.01.2024 0:00"), Ok(Date { year: 2024, month: 1, day: 15 }));
        assert_eq!(text_date("2024-01-15"), Ok(Date { year: 2024, month: 1, day: 15 }));
        assert_eq!(text_date("2024-01-15T00:00:00"), Ok(Date { year: 2024, month: 1, day: 15 }));
        assert_eq!(text_date("15.01.24"), Err(DateError::TwoDigitYear));
        assert_eq!(text_date("15.01.2024 9:30"), Err(DateError::TimeOfDay));
        assert_eq!(text_date("31.04.2024"), Err(DateError::Day { year: 2024, month: 4, day: 31, days: 30 }));
        assert_eq!(text_date("15 қаңтар"), Err(DateError::SheetFormat));
    }

    #[test]
    fn points_in_every_written_form() {
        let p = |s: &str| points(&Value::Text(s.to_string()));
        assert_eq!(p("61, 62, 63"), Ok(vec![61, 62, 63]));
        assert_eq!(p("61–63"), Ok(vec![61, 62, 63]));
        assert_eq!(
            p("61-63 Қарттар мен мүгедектігі бар адамды күту жөніндегі әлеуметтік қызметкер"),
            Ok(vec![61, 62, 63])
        );
        assert_eq!(p("44"), Ok(vec![44]));
        assert_eq!(points(&Value::Number(44.0)), Ok(vec![44]));
        assert!(p("Директор").is_err());
        assert!(p("63–61").is_err());
    }

    #[test]
    fn e_notation_is_told_from_digits() {
        assert!(is_e_notation("1.23457E+11"));
        assert!(is_e_notation("1,23457E+11"));
        assert!(is_e_notation("1,23457E-05"));
        assert!(!is_e_notation("1E5"));
        assert!(!is_e_notation("12E4"));
        assert!(!is_e_notation("123456789013"));
        assert!(!is_e_notation("E5"));
        assert!(!is_e_notation("0014-E"));
    }
}
