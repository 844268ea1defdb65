//! Reading a workbook (XLSX) with calamine into [`Table`]s: one sheet per part, recognised by
//! name in Kazakh or Russian; cells as the file stores them (a formula by its cached value), a
//! merged range's value given to each of its cells (a department merged down a group of rows
//! belongs to each row).

use super::columns::{self, Part};
use super::table::{Row, Table, Value};
use super::validate::Draft;
use super::{Error, Location, Problem, ProblemKind};
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

/// Reads the tables of the workbook `bytes` (named `file` in messages) into a draft.
pub(crate) fn draft(file: &str, bytes: &[u8]) -> Result<Draft, Error> {
    let unreadable = |e: &dyn std::fmt::Display| Error::Workbook { file: file.to_string(), message: e.to_string() };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let names = book.sheet_names();
    let first = names.first().cloned().unwrap_or_default();
    let origin = Location::Cell { sheet: first.clone(), sheet_index: 0, row: 0, column: 0 };
    let mut draft = Draft::new(file, origin.clone());
    if let Err(e) = book.load_merged_regions() {
        return Err(unreadable(&e));
    }
    let mut found: Vec<(Part, String)> = Vec::new();
    let mut tables = Vec::new();
    for (index, name) in names.iter().enumerate() {
        let at_a1 = Location::Cell { sheet: name.clone(), sheet_index: index, row: 0, column: 0 };
        let Some(part) = Part::of_sheet(name) else {
            if columns::is_auxiliary_sheet(name) {
                continue;
            }
            // A sheet laid out like the CSV file (a kind column), as a CSV opened and saved by a
            // spreadsheet program is: read it as the CSV is.
            let range = book.worksheet_range(name).map_err(|e| unreadable(&e))?;
            let merged: Vec<calamine::Dimensions> =
                book.merged_regions_by_sheet(name).into_iter().map(|(_, _, d)| *d).collect();
            let sheet = table(Part::Staff, name, index, &range, &merged);
            let first = sheet.rows.iter().find_map(|r| r.cells.iter().find(|c| **c != Value::Empty));
            if first.is_some_and(|c| matches!(c, Value::Text(t) if columns::is_kind_header(t))) {
                let label = format!("sheet «{name}», the «{{}}» rows");
                for t in super::csv_file::by_kind(sheet.rows, &label, at_a1.clone(), &mut draft) {
                    found.push((t.part, name.clone()));
                    tables.push(t);
                }
                continue;
            }
            {
                let message =
                    format!("sheet «{name}» is not one lauazym reads; the sheets are {}", columns::sheet_names_hint());
                draft.problems.push(Problem { at: at_a1, kind: ProblemKind::Sheet { message } });
            }
            continue;
        };
        if let Some((_, other)) = found.iter().find(|(p, _)| *p == part) {
            let message = format!("sheet «{name}» holds the same part as sheet «{other}»; keep one");
            draft.problems.push(Problem { at: at_a1, kind: ProblemKind::Sheet { message } });
            continue;
        }
        found.push((part, name.clone()));
        let range = book.worksheet_range(name).map_err(|e| unreadable(&e))?;
        let merged: Vec<calamine::Dimensions> =
            book.merged_regions_by_sheet(name).into_iter().map(|(_, _, d)| *d).collect();
        tables.push(table(part, name, index, &range, &merged));
    }
    for part in [Part::Organisation, Part::Staff] {
        if !found.iter().any(|(p, _)| *p == part) {
            let message = format!(
                "the workbook has no sheet «{}» (its sheets: {}); the sheets are {}",
                part.sheet_name(),
                names.iter().map(|n| format!("«{n}»")).collect::<Vec<_>>().join(", "),
                columns::sheet_names_hint()
            );
            draft.problems.push(Problem { at: origin.clone(), kind: ProblemKind::Sheet { message } });
        }
    }
    super::table::read(tables, &mut draft);
    Ok(draft)
}

fn table(
    part: Part,
    name: &str,
    index: usize,
    range: &calamine::Range<Data>,
    merged: &[calamine::Dimensions],
) -> Table {
    let cell_at = |row: u32, column: u32| Location::Cell { sheet: name.to_string(), sheet_index: index, row, column };
    let (start_row, start_col) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Row> = Vec::with_capacity(range.height());
    for (i, cells) in range.rows().enumerate() {
        let row = start_row + i as u32;
        let mut values = vec![Value::Empty; start_col as usize];
        values.extend(cells.iter().map(value));
        rows.push(Row {
            at: (0..values.len() as u32).map(|c| cell_at(row, c)).collect(),
            cells: values,
            start: cell_at(row, 0),
        });
    }
    // Rows before the range's first row are empty: keep indices absolute for merged ranges.
    let offset = start_row as usize;
    for d in merged {
        let (r0, c0) = d.start;
        let Some(top_left) = rows
            .get((r0 as usize).wrapping_sub(offset))
            .map(|r| r.cells.get(c0 as usize).cloned().unwrap_or(Value::Empty))
        else {
            continue;
        };
        // Within the cells the sheet holds: a merge over a whole column adds nothing below them.
        let last_row = d.end.0.min(start_row + range.height() as u32);
        let last_col = d.end.1.min(start_col + range.width() as u32);
        for r in d.start.0..=last_row {
            let Some(row) = rows.get_mut((r as usize).wrapping_sub(offset)) else { continue };
            for c in d.start.1..=last_col {
                let c = c as usize;
                if row.cells.len() <= c {
                    row.cells.resize(c + 1, Value::Empty);
                    let at_row = r;
                    row.at = (0..row.cells.len() as u32).map(|c| cell_at(at_row, c)).collect();
                }
                if row.cells[c] == Value::Empty {
                    row.cells[c] = top_left.clone();
                }
            }
        }
    }
    Table { part, origin: cell_at(0, 0), name: format!("sheet «{name}»"), rows }
}

fn value(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (year, month, day, h, m, s, ms) = dt.to_ymd_hms_milli();
            Value::Date { year, month, day, time: (h, m, s, ms) != (0, 0, 0, 0) }
        }
        // A duration is no date; shown as the number it is.
        Data::DateTime(dt) => Value::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}
