//! Reading an organisation from one CSV file.
//!
//! **One file per organisation, with a kind column.** The first column of every row says what
//! the row is: `ұйым`/`организация` (a key and its value), `штат`/`должность` (a position of
//! the staff list), `қызметкер`/`сотрудник` (an employee). A row whose first cell is
//! `Түрі / Вид` is a header row for the rows of the kind that follow it, so the file reads as
//! three tables one under another — as `lauazym org convert` writes it and as it looks opened in
//! a spreadsheet. One file rather than two keeps `--org FILE` meaning one organisation, whatever
//! its format.
//!
//! Encodings: UTF-8 with or without a BOM, UTF-16 with a BOM, and Windows-1251 (what Excel in a
//! Russian locale writes as "CSV"). Windows-1251 has no ә, ғ, қ, ң, ө, ұ, ү, һ: Excel writes
//! `?` in their place, and such a file is refused with the cell where a letter was lost.
//! Separators: `;` (Excel in Kazakh and Russian locales), `,` or a tab, found from the first
//! line.

use super::columns::{self, Part};
use super::table::{Row, Table, Value};
use super::validate::Draft;
use super::{Error, Location, Problem, ProblemKind};

/// The text of a CSV file and the encoding it was in.
pub(crate) fn decode(bytes: &[u8]) -> (String, &'static encoding_rs::Encoding) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), encoding);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), encoding_rs::UTF_8),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1251.decode(bytes);
            (text.into_owned(), encoding_rs::WINDOWS_1251)
        }
    }
}

/// `;`, `,` or a tab: whichever the first non-empty line has most of outside quotes (`;` on a
/// tie, as Excel in Kazakh and Russian locales writes).
fn separator(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b';', b',', b'\t'][best]
}

/// Where each field of the record starting at byte `start` begins, as `line:column`, following
/// the quoting rules the csv crate reads by (a quoted field may hold separators, `""` and line
/// breaks).
fn field_locations(text: &str, start: usize, line: usize, sep: u8, fields: usize) -> Vec<Location> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(fields);
    let (mut i, mut line, mut column) = (start, line, 1usize);
    let mut quoted = false;
    let mut field_start = true;
    while out.len() < fields {
        if field_start {
            out.push(Location::line_col(line, column));
            field_start = false;
        }
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b'\n' => {
                line += 1;
                column = 0;
            }
            b if b == sep && !quoted => field_start = true,
            _ => {}
        }
        // Columns count characters: only a UTF-8 lead byte starts one.
        if b & 0xC0 != 0x80 {
            column += 1;
        }
        i += 1;
    }
    while out.len() < fields {
        out.push(Location::line_col(line, column));
    }
    out
}

/// Reads the CSV `bytes` (named `file` in messages) into a draft.
pub(crate) fn draft(file: &str, bytes: &[u8]) -> Result<Draft, Error> {
    let (text, encoding) = decode(bytes);
    let mut draft = Draft::new(file, Location::line_col(1, 1));
    let sep = separator(&text);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(sep).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let at = e.position().map_or(Location::line_col(1, 1), |p| Location::line_col(p.line() as usize, 1));
                let message = format!("not readable as CSV: {e}");
                draft.problems.push(Problem { at, kind: ProblemKind::Sheet { message } });
                break;
            }
        }
        let Some(position) = record.position() else { continue };
        let at = field_locations(&text, position.byte() as usize, position.line() as usize, sep, record.len());
        if encoding == encoding_rs::WINDOWS_1251 {
            for (field, at) in record.iter().zip(&at) {
                if lost_letter(field) {
                    let message = format!(
                        "«{}»: the file is in Windows-1251, which has no Kazakh letters ә, ғ, қ, ң, ө, ұ, ү, һ, and \
                         the spreadsheet wrote '?' in their place; save it as «CSV UTF-8» and try again",
                        field.trim()
                    );
                    draft.problems.push(Problem { at: at.clone(), kind: ProblemKind::Sheet { message } });
                }
            }
        }
        rows.push(Row {
            cells: record.iter().map(|f| Value::Text(f.to_string())).collect(),
            start: at.first().cloned().unwrap_or(Location::line_col(1, 1)),
            at,
        });
    }
    let tables = by_kind(rows, "the «{}» rows", Location::line_col(1, 1), &mut draft);
    super::table::read(tables, &mut draft);
    Ok(draft)
}

/// Splits rows whose first cell says their kind (`ұйым`, `штат`, `қызметкер`, or the header
/// `Түрі / Вид`) into the tables of the three parts, each header row going to the part of the
/// rows after it. `name` names a part's table in messages (`{}` is the kind).
pub(crate) fn by_kind(rows: Vec<Row>, name: &str, origin: Location, draft: &mut Draft) -> Vec<Table> {
    let mut tables: Vec<Table> = Part::ALL
        .into_iter()
        .map(|part| Table { part, origin: origin.clone(), name: name.replace("{}", part.kind()), rows: Vec::new() })
        .collect();
    let mut pending_headers: Vec<Row> = Vec::new();
    for mut row in rows {
        let kind = match row.cells.first() {
            Some(Value::Text(t)) => t.trim().to_string(),
            Some(Value::Empty) | None => String::new(),
            Some(other) => format!("{other:?}"),
        };
        if !row.cells.is_empty() {
            row.cells.remove(0);
        }
        if !row.at.is_empty() {
            row.at.remove(0);
        }
        if kind.is_empty()
            && row.cells.iter().all(|c| matches!(c, Value::Empty) || matches!(c, Value::Text(t) if t.trim().is_empty()))
        {
            continue;
        }
        if columns::is_kind_header(&kind) {
            pending_headers.push(row);
            continue;
        }
        let Some(part) = Part::of_kind(&kind) else {
            let message = format!(
                "the first column says what a row is: «ұйым» / «организация», «штат» / «должность» or «қызметкер» / \
                 «сотрудник» (a header row: «{}»), found «{kind}»",
                columns::KIND_HEADER
            );
            draft.problems.push(Problem { at: row.start.clone(), kind: ProblemKind::Sheet { message } });
            continue;
        };
        let table = &mut tables[part as usize];
        if table.rows.is_empty() {
            table.origin = pending_headers.first().map_or(row.start.clone(), |h| h.start.clone());
        }
        table.rows.append(&mut pending_headers);
        table.rows.push(row);
    }
    // A file without employees is a staff list alone; without the other two it is no profile.
    tables.retain(|t| t.part != Part::Employees || !t.rows.is_empty());
    tables
}
/// A `?` before a letter: where Windows-1251 lost a Kazakh letter («?азақстан» → «Қазақстан»).
fn lost_letter(field: &str) -> bool {
    let chars: Vec<char> = field.chars().collect();
    // Only a letter after it tells: a '?' after a word ends a question.
    chars.iter().enumerate().any(|(i, &c)| c == '?' && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_first_lines_commonest() {
        assert_eq!(separator("a;b;c\n"), b';');
        assert_eq!(separator("a,b,c\n"), b',');
        assert_eq!(separator("\"a;b\",c\n"), b',');
        assert_eq!(separator("a\tb\n"), b'\t');
        assert_eq!(separator("\n\na;b,c\n"), b';');
    }

    #[test]
    fn encodings_are_told_apart() {
        let (text, enc) = decode("\u{feff}Түрі;x".as_bytes());
        assert_eq!((text.as_str(), enc), ("Түрі;x", encoding_rs::UTF_8));
        let (text, enc) = decode("Түрі;x".as_bytes());
        assert_eq!((text.as_str(), enc), ("Түрі;x", encoding_rs::UTF_8));
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode("Вид;Должность");
        let (text, enc) = decode(&cp);
        assert_eq!((text.as_str(), enc), ("Вид;Должность", encoding_rs::WINDOWS_1251));
    }

    #[test]
    fn fields_are_located_by_line_and_character_column() {
        let text = "a;bb\nәә;\"x;y\";z\n";
        let at = field_locations(text, 5, 2, b';', 3);
        assert_eq!(at, [Location::line_col(2, 1), Location::line_col(2, 4), Location::line_col(2, 10)]);
    }

    proptest::proptest! {
        /// Whatever bytes arrive as a CSV upload, reading answers with a draft or an error.
        #[test]
        fn reading_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = draft("p.csv", &bytes).map(crate::org::validate::check);
        }

        /// Closer to real files: a valid CSV with one line replaced by arbitrary text.
        #[test]
        fn a_mangled_csv_never_panics(line in 0usize..40, junk in "[ -~әқ;,\"\t\n]{0,40}") {
            let org = crate::org::sample();
            let text = String::from_utf8(crate::org::to_csv(&org).unwrap()).unwrap();
            let mut lines: Vec<&str> = text.lines().collect();
            let at = line % lines.len();
            lines[at] = &junk;
            let _ = draft("p.csv", lines.join("\n").as_bytes()).map(crate::org::validate::check);
        }
    }

    #[test]
    fn a_lost_kazakh_letter_is_seen() {
        assert!(lost_letter("?азақстан"));
        assert!(lost_letter("Б?лім"));
        assert!(!lost_letter("Қайда?"));
        assert!(!lost_letter("? "));
    }
}
