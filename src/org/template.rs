//! Writing workbooks with rust_xlsxwriter: the empty template an HR office fills in
//! (`lauazym org template`), and an organisation as a filled workbook (`lauazym org convert`).
//! Both are the same workbook — what the template promises is exactly what the reader reads:
//! an instructions sheet in Kazakh, then «Ұйым», «Штат кестесі» and «Қызметкерлер» with bold,
//! frozen, bilingual header rows, column widths, BIN, codes and personnel numbers formatted as
//! text (so a spreadsheet keeps their leading zeros), dates as dates, and drop-down lists: the
//! typical positions of the loaded model, the staff list's position codes.
//!
//! The bytes depend only on the organisation and the model: the document's creation date is
//! fixed, as everything lauazym writes is reproducible.

use super::columns::{Field, Key, Part, KEY_HEADER, VALUE_HEADER};
use super::table::date_serial;
use super::{Date, Error, Follows, Location, Organisation, Problem, ProblemKind};
use crate::model::Model;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    Formula, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

/// Rows the drop-down lists and column formats reach (the template has no data to size them by).
const ROWS: u32 = 1000;
const LIST_SHEET: &str = "Үлгілік лауазымдар";
const INSTRUCTIONS_SHEET: &str = "Нұсқаулық";

/// The instructions sheet's lines: short, in Kazakh, for the HR officer who fills the workbook.
const INSTRUCTIONS: &[&str] = &[
    "lauazym: ұйымның штат кестесі мен қызметкерлері",
    "",
    "1. «Ұйым» парағында ұйымның деректерін толтырыңыз: толық атауы, БСН (12 цифр), мекенжайы, басшысы, бекіту күні (күн.ай.жыл, мысалы 17.10.2022).",
    "2. «Штат кестесі» парағында әр лауазымға бір жол: лауазым коды (латын әріптері, цифрлар және «-», мысалы social-worker), ұйымдағы атауы, штат саны, бөлімше.",
    "3. Лауазым қай үлгілік лауазымға сәйкес келетінін «Үлгілік лауазым тармақтары» бағанында тізімнен таңдаңыз (немесе 61, 62, 63 деп жазыңыз), не «Тарау» мен «Параграф» бағандарын толтырыңыз.",
    "4. Қосымша міндеттерді, құқықтар мен жауапкершілікті бір ұяшыққа жазыңыз: әр тармақ жаңа жолдан (Alt+Enter).",
    "5. «Қызметкерлер» парағында әр қызметкерге бір жол: аты-жөні (тегі, аты, әкесінің аты), лауазым коды (штат кестесінен), табель нөмірі, жұмысқа қабылданған күні.",
    "6. Бағандардың тақырыптарын өзгертпеңіз, парақтардың атын ауыстырмаңыз. БСН мен табель нөмірі мәтін ретінде сақталады: алдыңғы нөлдер жоғалмайды.",
    "7. Тексеру: lauazym check --org ұйым.xlsx — қате болса, парақ пен ұяшық көрсетіледі (мысалы Қызметкерлер!D5).",
];

/// The empty template, with drop-down lists of `model`'s typical positions.
pub fn template(model: &Model) -> Result<Vec<u8>, Error> {
    build(None, Some(model)).map_err(|e| workbook_error("template", e))
}

/// `org` as a filled workbook, which [`super::load`] reads back to an equal organisation. With
/// a model, the points column also offers its typical positions.
///
/// A cell holds a list (extra duties, rights, responsibilities) one item per line, so an item
/// that itself holds a line break, or begins or ends with a space, cannot be kept: such an
/// organisation is refused, each item named, rather than changed.
pub fn workbook(org: &Organisation, model: Option<&Model>) -> Result<Vec<u8>, Error> {
    representable(org)?;
    build(Some(org), model).map_err(|e| workbook_error(&org.file, e))
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place, so a
/// failure never leaves a partial file. (`batch::write_atomic` does the same for documents; `org`
/// sits below `batch` in the flow, so it keeps its own.)
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let file = path.display().to_string();
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let io = |source| Error::Write { file: file.clone(), source };
    let (tmp, mut f) = tempfile_in(dir).map_err(io)?;
    let result = std::io::Write::write_all(&mut f, bytes).and_then(|()| f.sync_all()).and_then(|()| {
        drop(f);
        std::fs::rename(&tmp, path)
    });
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

/// A new file `.lauazym-<pid>-<n>.tmp` in `dir`.
fn tempfile_in(dir: &Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    loop {
        let name = format!(".lauazym-{}-{}.tmp", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        let path = dir.join(name);
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

fn workbook_error(file: &str, e: XlsxError) -> Error {
    Error::Workbook { file: file.to_string(), message: format!("cannot write it: {e}") }
}

/// Every list item a cell of one item per line can keep; the others, named.
pub(crate) fn representable(org: &Organisation) -> Result<(), Error> {
    let mut problems = Vec::new();
    for (i, p) in org.positions.iter().enumerate() {
        for (key, items) in
            [("extra_duties", &p.extra_duties), ("rights", &p.rights), ("responsibilities", &p.responsibilities)]
        {
            for (j, item) in items.iter().enumerate() {
                if item.contains(['\n', '\r']) || item.trim() != item || item.is_empty() {
                    let message = format!(
                        "position \"{}\": item {} of {key} ({item:?}) holds a line break or begins or ends with a \
                         space, which a spreadsheet cell of one item per line cannot keep; edit it in the TOML profile",
                        p.id,
                        j + 1
                    );
                    let at = Location::Field(format!("positions[{i}].{key}[{j}]"));
                    problems.push(Problem { at, kind: ProblemKind::Sheet { message } });
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid { file: org.file.clone(), problems })
    }
}

/// `61–63 Қарттар мен … әлеуметтік қызметкер`: a typical position as the drop-down lists it.
pub(crate) fn typical_label(p: &crate::model::Position) -> String {
    let title =
        p.title.as_ref().map_or("(атауы жүктелген актілерде жоқ)", |t| t.text.as_str());
    format!("{}–{} {}", p.points[0], p.points[2], title)
}

fn build(org: Option<&Organisation>, model: Option<&Model>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation date: the same input gives the same bytes.
    let created = ExcelDateTime::from_ymd(2022, 9, 26)?;
    book.set_properties(&DocProperties::new().set_title("lauazym").set_creation_datetime(&created));

    let header = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top).set_background_color(0xE8EEF4);
    let text = Format::new().set_num_format("@");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let wrap_text = Format::new().set_num_format("@").set_text_wrap().set_align(FormatAlign::Top);
    let date = Format::new().set_num_format("dd.mm.yyyy").set_align(FormatAlign::Left);

    // Instructions first: it is what an HR officer opening the file should read.
    let sheet = book.add_worksheet();
    sheet.set_name(INSTRUCTIONS_SHEET)?;
    sheet.set_column_width(0, 120)?;
    for (row, line) in INSTRUCTIONS.iter().enumerate() {
        let format = if row == 0 { Format::new().set_bold().set_font_size(14) } else { wrap.clone() };
        sheet.write_string_with_format(row as u32, 0, *line, &format)?;
        if row > 0 {
            sheet.set_row_height(row as u32, height(&[(line, 110.0)]))?;
        }
    }

    // The organisation: key / value.
    let sheet = book.add_worksheet();
    sheet.set_name(Part::Organisation.sheet_name())?;
    sheet.set_column_width(0, 44)?;
    sheet.set_column_width(1, 80)?;
    sheet.set_column_format(1, &wrap_text)?;
    sheet.write_string_with_format(0, 0, KEY_HEADER, &header)?;
    sheet.write_string_with_format(0, 1, VALUE_HEADER, &header)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_print_fit_to_pages(1, 0);
    for (i, field) in Part::Organisation.fields().iter().enumerate() {
        let row = i as u32 + 1;
        let label = if field.required { format!("{} *", field.header()) } else { field.header() };
        sheet.write_string_with_format(row, 0, &label, &wrap)?;
        let value = org.and_then(|org| organisation_value(org, field.key));
        let shown = match &value {
            Some(Cell::Text(v)) => v.as_str(),
            _ => "",
        };
        sheet.set_row_height(row, height(&[(&label, 44.0), (shown, 80.0)]))?;
        match value {
            Some(Cell::Text(v)) => {
                sheet.write_string_with_format(row, 1, v, &wrap_text)?;
            }
            Some(Cell::Date(d)) => {
                sheet.write_number_with_format(row, 1, date_serial(d), &date)?;
            }
            Some(Cell::Number(_)) | None => {}
        }
    }

    // The staff list.
    let staff = Part::Staff.fields();
    let sheet = book.add_worksheet();
    sheet.set_name(Part::Staff.sheet_name())?;
    for (c, f) in staff.iter().enumerate() {
        let c = c as u16;
        match f.key {
            Key::Id | Key::Points => sheet.set_column_format(c, &text)?,
            Key::Title | Key::Department | Key::ExtraDuties | Key::Rights | Key::Responsibilities => {
                sheet.set_column_format(c, &wrap)?
            }
            _ => sheet,
        };
    }
    // After the column formats, which would reset the widths.
    headers(sheet, staff, &header)?;
    let col = |key: Key| staff.iter().position(|f| f.key == key).map_or(0, |c| c as u16);
    let headcount = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(1))
        .set_error_message("Штат саны — 1-ден кем емес бүтін сан.")?;
    sheet.add_data_validation(1, col(Key::Headcount), ROWS, col(Key::Headcount), &headcount)?;
    if let Some(model) = model.filter(|m| !m.positions.is_empty()) {
        let last = model.positions.len() as u32 + 1;
        let list = DataValidation::new()
            .allow_list_formula(Formula::new(format!("='{LIST_SHEET}'!$A$2:$A${last}")))
            // A warning, not a stop: «61, 62, 63» typed by hand is as good as a line of the list.
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_message("Тізімде жоқ мән: тармақтарды 61, 62, 63 деп жазуға болады.")?;
        sheet.add_data_validation(1, col(Key::Points), ROWS, col(Key::Points), &list)?;
    }
    if let Some(org) = org {
        for (i, p) in org.positions.iter().enumerate() {
            let row = i as u32 + 1;
            let mut texts = Vec::new();
            for (c, f) in staff.iter().enumerate() {
                let c = c as u16;
                let format = if matches!(f.key, Key::Id | Key::Points) { &wrap_text } else { &wrap };
                let value = position_value(p, f.key);
                if let Some(Cell::Text(t)) = &value {
                    texts.push((t.clone(), f.width));
                }
                match value {
                    Some(Cell::Text(v)) => sheet.write_string_with_format(row, c, v, format)?,
                    Some(Cell::Number(n)) => sheet.write_number_with_format(row, c, n, &wrap)?,
                    Some(Cell::Date(_)) | None => sheet,
                };
            }
            let texts: Vec<(&str, f64)> = texts.iter().map(|(t, w)| (t.as_str(), *w)).collect();
            sheet.set_row_height(row, height(&texts))?;
        }
    }

    // The employees.
    let employees = Part::Employees.fields();
    let sheet = book.add_worksheet();
    sheet.set_name(Part::Employees.sheet_name())?;
    let col = |key: Key| employees.iter().position(|f| f.key == key).map_or(0, |c| c as u16);
    sheet.set_column_format(col(Key::Position), &text)?;
    sheet.set_column_format(col(Key::PersonnelNo), &text)?;
    sheet.set_column_format(col(Key::HireDate), &date)?;
    headers(sheet, employees, &header)?;
    let id_col = rust_xlsxwriter::utility::column_number_to_name(
        staff.iter().position(|f| f.key == Key::Id).unwrap_or(0) as u16,
    );
    let codes = DataValidation::new()
        .allow_list_formula(Formula::new(format!("='{}'!${id_col}$2:${id_col}${}", Part::Staff.sheet_name(), ROWS + 1)))
        .set_error_message("Лауазым коды «Штат кестесі» парағынан алынады.")?;
    sheet.add_data_validation(1, col(Key::Position), ROWS, col(Key::Position), &codes)?;
    if let Some(org) = org {
        for (i, e) in org.employees.iter().enumerate() {
            let row = i as u32 + 1;
            sheet.write_string_with_format(row, col(Key::Name), &e.name, &wrap)?;
            sheet.write_string_with_format(row, col(Key::Position), &e.position, &text)?;
            sheet.write_string_with_format(row, col(Key::PersonnelNo), &e.personnel_no, &text)?;
            if let Some(d) = e.hire_date {
                sheet.write_number_with_format(row, col(Key::HireDate), date_serial(d), &date)?;
            }
        }
    }

    // The typical positions for the drop-down, on a hidden sheet (a list longer than 255
    // characters cannot be written into the validation itself).
    if let Some(model) = model.filter(|m| !m.positions.is_empty()) {
        let sheet = book.add_worksheet();
        sheet.set_name(LIST_SHEET)?;
        sheet.set_column_width(0, 100)?;
        sheet.write_string_with_format(
            0,
            0,
            "Үлгілік лауазымдар (тармақтары мен атауы) / Типовые должности",
            &header,
        )?;
        for (i, p) in model.positions.iter().enumerate() {
            sheet.write_string(i as u32 + 1, 0, typical_label(p))?;
        }
        sheet.set_hidden(true);
    }
    // Open on the instructions.
    book.worksheet_from_index(0)?.set_active(true);
    book.save_to_buffer()
}

/// A row's height in points for wrapped text: the most lines any cell needs at its column's
/// width (in characters). Spreadsheet programs do not re-measure rows a file gives no height,
/// so without this, wrapped lines would overlap the next row.
fn height(cells: &[(&str, f64)]) -> f64 {
    let lines = |text: &str, width: f64| -> usize {
        let per_line = (width * 0.95).max(1.0) as usize;
        text.split('\n').map(|l| l.chars().count().div_ceil(per_line).max(1)).sum()
    };
    let most = cells.iter().map(|(t, w)| lines(t, *w)).max().unwrap_or(1).max(1);
    15.0 * most as f64 + 2.0
}

fn headers(sheet: &mut Worksheet, fields: &[Field], format: &Format) -> Result<(), XlsxError> {
    for (c, f) in fields.iter().enumerate() {
        let label = if f.required { format!("{} *", f.header()) } else { f.header() };
        sheet.write_string_with_format(0, c as u16, label, format)?;
        sheet.set_column_width(c as u16, f.width)?;
    }
    sheet.set_row_height(0, 45)?;
    sheet.set_freeze_panes(1, 0)?;
    // Printed: landscape, all columns on the page width, the header row on every page.
    sheet.set_landscape().set_print_fit_to_pages(1, 0).set_repeat_rows(0, 0)?;
    Ok(())
}

/// What a cell holds when an organisation is written.
pub(crate) enum Cell {
    Text(String),
    Number(f64),
    Date(Date),
}

pub(crate) fn organisation_value(org: &Organisation, key: Key) -> Option<Cell> {
    let text = |s: &str| Some(Cell::Text(s.to_string()));
    match key {
        Key::NameKk => text(&org.name_kk),
        Key::NameRu => org.name_ru.as_deref().and_then(text),
        Key::ShortName => org.short_name.as_deref().and_then(text),
        Key::Bin => text(&org.bin),
        Key::Address => text(&org.address),
        Key::City => text(&org.city),
        Key::HeadPosition => text(&org.head.position),
        Key::HeadName => text(&org.head.name),
        Key::ApprovalDate => org.approval_date.map(Cell::Date),
        Key::TemplateDir => org.template_dir.as_ref().map(|t| {
            let dir = Path::new(&org.file).parent().unwrap_or(Path::new(""));
            Cell::Text(super::validate::relative_to(t, dir))
        }),
        _ => None,
    }
}

pub(crate) fn position_value(p: &super::StaffPosition, key: Key) -> Option<Cell> {
    let lines = |items: &[String]| (!items.is_empty()).then(|| Cell::Text(items.join("\n")));
    match (key, &p.follows) {
        (Key::Id, _) => Some(Cell::Text(p.id.clone())),
        (Key::Title, _) => Some(Cell::Text(p.title.clone())),
        (Key::Points, Follows::Points(points)) => {
            Some(Cell::Text(points.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")))
        }
        (Key::Chapter, Follows::Paragraph { chapter, .. }) => Some(Cell::Number(f64::from(*chapter))),
        (Key::Paragraph, Follows::Paragraph { paragraph, .. }) => Some(Cell::Number(f64::from(*paragraph))),
        (Key::Headcount, _) => Some(Cell::Number(f64::from(p.headcount))),
        (Key::Department, _) => p.department.clone().map(Cell::Text),
        (Key::ExtraDuties, _) => lines(&p.extra_duties),
        (Key::Rights, _) => lines(&p.rights),
        (Key::Responsibilities, _) => lines(&p.responsibilities),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::write_toml::tests::{content, organisation};
    use crate::org::{parse_bytes, sample, to_bytes, to_toml, validate, Format};
    use proptest::prelude::*;

    /// The organisation as read from `file`: what a reader of another format must give back.
    fn as_read_from(org: &Organisation, file: &str) -> Organisation {
        Organisation { file: file.to_string(), ..content(org) }
    }

    fn round_trip(org: &Organisation, format: Format, file: &str) -> Result<Organisation, Error> {
        let bytes = to_bytes(org, format, None)?;
        parse_bytes(file, format, &bytes).map(|o| content(&o))
    }

    #[test]
    fn the_sample_round_trips_through_a_workbook_and_csv() {
        let org = sample();
        for (format, file) in [(Format::Xlsx, "orgs/sample.xlsx"), (Format::Csv, "orgs/sample.csv")] {
            let back = round_trip(&org, format, file).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(back, as_read_from(&org, file), "{format:?}");
            assert_eq!(to_toml(&back), to_toml(&org), "{format:?}");
        }
    }

    #[test]
    fn the_same_organisation_gives_the_same_bytes() {
        let a = to_bytes(&sample(), Format::Xlsx, None).unwrap();
        let b = to_bytes(&sample(), Format::Xlsx, None).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn a_list_item_a_cell_cannot_keep_is_refused_not_changed() {
        let mut org = sample();
        org.positions[1].rights = vec!["бірінші\nекінші".to_string()];
        let err = to_bytes(&org, Format::Xlsx, None).unwrap_err();
        assert!(
            err.to_string().contains("positions[1].rights[0]: position \"deputy-director\": item 1 of rights"),
            "{err}"
        );
        assert!(to_bytes(&org, Format::Csv, None).is_err());
    }

    /// The generated organisations, with list items as a cell of one item per line holds them.
    fn sheet_organisation() -> impl Strategy<Value = Organisation> {
        organisation().prop_map(|mut org| {
            let tidy = |items: &mut Vec<String>| {
                *items = items
                    .iter()
                    .map(|i| i.replace(['\n', '\r'], " ").trim().to_string())
                    .filter(|i| !i.is_empty())
                    .collect()
            };
            for p in &mut org.positions {
                tidy(&mut p.extra_duties);
                tidy(&mut p.rights);
                tidy(&mut p.responsibilities);
            }
            org
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// TOML → XLSX → TOML and TOML → CSV → TOML give the same organisation, the same TOML.
        #[test]
        fn generated_profiles_round_trip_through_xlsx_and_csv(org in sheet_organisation()) {
            let org = validate(&org).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for (format, file) in [(Format::Xlsx, "orgs/generated.xlsx"), (Format::Csv, "orgs/generated.csv")] {
                let back = round_trip(&org, format, file).map_err(|e| TestCaseError::fail(format!("{format:?}: {e}")))?;
                prop_assert_eq!(&back, &as_read_from(&org, file));
                prop_assert_eq!(to_toml(&back), to_toml(&org));
            }
        }
    }
}
