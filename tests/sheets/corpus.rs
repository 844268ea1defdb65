//! The malformed-spreadsheet corpus: a small valid workbook, built here cell by cell with
//! rust_xlsxwriter (not with lauazym's own writer), and one change per case — each either read
//! faithfully (the expected value) or refused with the expected message at the expected cell.

use lauazym::org::{self, Format, Organisation};
use rust_xlsxwriter::{Format as XFormat, Formula, Workbook};

/// A cell as a spreadsheet may hold it.
#[derive(Clone, Debug)]
enum C {
    S(&'static str),
    N(f64),
    /// A serial date shown with a date format.
    D(f64),
    /// A formula and its cached result.
    F(&'static str, &'static str),
    E,
}

#[derive(Clone)]
struct Sheet {
    name: &'static str,
    rows: Vec<Vec<C>>,
    /// `(first_row, first_col, last_row, last_col)`, 0-based.
    merged: Vec<(u32, u16, u32, u16)>,
}

fn s(v: &'static str) -> C {
    C::S(v)
}

/// The valid base: an organisation, two positions, two employees.
fn base() -> Vec<Sheet> {
    vec![
        Sheet {
            name: "Ұйым",
            rows: vec![
                vec![s("Өріс / Поле"), s("Мәні / Значение")],
                vec![s("Толық атауы (қазақша)"), s("«Шағын» орталығы (ойдан шығарылған)")],
                vec![s("БСН"), s("123456789013")],
                vec![s("Мекенжайы"), s("Үлгі көшесі, 1")],
                vec![s("Елді мекен"), s("Үлгі қаласы")],
                vec![s("Басшының лауазымы"), s("Директор")],
                vec![s("Басшының аты-жөні"), s("Сапарова Айгүл Бекқызы")],
                vec![s("Бекіту күні"), s("17.10.2022")],
            ],
            merged: vec![],
        },
        Sheet {
            name: "Штат кестесі",
            rows: vec![
                vec![s("Лауазым коды"), s("Лауазымы"), s("Тармақтар"), s("Штат саны"), s("Бөлімше")],
                vec![s("director"), s("Директор"), s("1, 2, 3"), C::N(1.0), C::E],
                vec![
                    s("social-worker"),
                    s("Әлеуметтік қызметкер"),
                    s("61–63"),
                    C::N(3.0),
                    s("Үйде қызмет көрсету бөлімшесі"),
                ],
            ],
            merged: vec![],
        },
        Sheet {
            name: "Қызметкерлер",
            rows: vec![
                vec![s("Аты-жөні"), s("Лауазым коды"), s("Табель нөмірі"), s("Жұмысқа қабылданған күні")],
                vec![s("Сапарова Айгүл Бекқызы"), s("director"), s("0001"), s("01.09.2015")],
                vec![s("Омаров Дәулет Серікұлы"), s("social-worker"), s("0002"), C::E],
            ],
            merged: vec![],
        },
    ]
}

fn build(sheets: &[Sheet]) -> Vec<u8> {
    let mut book = Workbook::new();
    let date = XFormat::new().set_num_format("dd.mm.yyyy");
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name).unwrap();
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    C::S(v) => drop(ws.write_string(r, c, *v).unwrap()),
                    C::N(n) => drop(ws.write_number(r, c, *n).unwrap()),
                    C::D(n) => drop(ws.write_number_with_format(r, c, *n, &date).unwrap()),
                    C::F(f, result) => drop(ws.write_formula(r, c, Formula::new(*f).set_result(*result)).unwrap()),
                    C::E => {}
                }
            }
        }
        for &(r0, c0, r1, c1) in &sheet.merged {
            let first = match &sheet.rows[r0 as usize][c0 as usize] {
                C::S(v) => v.to_string(),
                _ => String::new(),
            };
            ws.merge_range(r0, c0, r1, c1, &first, &XFormat::new()).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn read(sheets: &[Sheet]) -> Result<Organisation, org::Error> {
    org::parse_bytes("hr.xlsx", Format::Xlsx, &build(sheets))
}

/// The base with one change: `f(sheets)`.
fn with(f: impl FnOnce(&mut Vec<Sheet>)) -> Vec<Sheet> {
    let mut sheets = base();
    f(&mut sheets);
    sheets
}

/// The error's message contains every one of `expected`, and lists exactly `count` problems.
fn refused(sheets: &[Sheet], count: usize, expected: &[&str]) {
    let err = read(sheets).expect_err("the workbook should be refused");
    let message = err.to_string();
    for e in expected {
        assert!(message.contains(e), "expected {e:?} in:\n{message}");
    }
    let n = message.lines().count() - 1;
    assert_eq!(n, count, "problem count in:\n{message}");
}

#[test]
fn the_base_workbook_reads() {
    let org = read(&base()).unwrap();
    assert_eq!(org.bin, "123456789013");
    assert_eq!(org.approval_date.map(|d| d.to_string()).as_deref(), Some("2022-10-17"));
    assert_eq!(org.positions[1].follows, org::Follows::Points(vec![61, 62, 63]));
    assert_eq!(org.positions[1].headcount, 3);
    assert_eq!(org.employees[0].personnel_no, "0001");
    assert_eq!(org.employees[0].hire_date.map(|d| d.to_string()).as_deref(), Some("2015-09-01"));
    assert_eq!(org.employees[1].hire_date, None);
}

#[test]
fn a_bin_stored_as_a_number_is_read_back_with_its_leading_zero() {
    // A BIN whose first digit is 0: a number cell keeps only 11 digits; the check digit, which
    // passes once the zero is restored, is the evidence.
    let first = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1];
    let check = org::bin_check_digit(&first).expect("this stem has a check digit");
    let bin: String = first.iter().chain([check].iter()).map(|d| char::from(b'0' + d)).collect();
    let number: f64 = bin.parse().unwrap();
    let org = read(&with(|w| w[0].rows[2][1] = C::N(number))).unwrap();
    assert_eq!(org.bin, bin);
    assert!(org.bin.starts_with('0') && org.bin.len() == 12);
    // A twelve-digit number is simply the BIN.
    assert_eq!(read(&with(|w| w[0].rows[2][1] = C::N(123456789013.0))).unwrap().bin, "123456789013");
}

#[test]
fn a_bin_in_e_notation_has_lost_digits() {
    refused(
        &with(|w| w[0].rows[2][1] = s_("1,23457E+11")),
        1,
        &["hr.xlsx:Ұйым!B3: «БСН / БИН»: «1,23457E+11» is a number the spreadsheet shortened to E-notation"],
    );
}

fn s_(v: &'static str) -> C {
    C::S(v)
}

#[test]
fn a_wrong_check_digit_names_its_cell() {
    refused(
        &with(|w| w[0].rows[2][1] = s("123456789012")),
        1,
        &["hr.xlsx:Ұйым!B3: bin \"123456789012\" is not a valid BIN: check digit: the 12th digit should be 3, found 2"],
    );
}

#[test]
fn a_personnel_number_stored_as_a_number_reads_as_its_digits() {
    let org = read(&with(|w| w[2].rows[2][2] = C::N(14.0))).unwrap();
    assert_eq!(org.employees[1].personnel_no, "14");
    refused(
        &with(|w| w[2].rows[2][2] = C::N(14.5)),
        1,
        &["hr.xlsx:Қызметкерлер!C3: «Табель нөмірі / Табельный номер»: expected whole digits"],
    );
}

#[test]
fn dates_as_date_cells_serial_numbers_or_text() {
    let hire = |c: C| read(&with(|w| w[2].rows[2][3] = c)).map(|o| o.employees[1].hire_date.map(|d| d.to_string()));
    assert_eq!(hire(C::D(45306.0)).unwrap().as_deref(), Some("2024-01-15"));
    assert_eq!(hire(C::N(45306.0)).unwrap().as_deref(), Some("2024-01-15"));
    assert_eq!(hire(s("15.01.2024")).unwrap().as_deref(), Some("2024-01-15"));
    assert_eq!(hire(s("2024-01-15")).unwrap().as_deref(), Some("2024-01-15"));
    refused(&with(|w| w[2].rows[2][3] = s("15.01.24")), 1, &["hr.xlsx:Қызметкерлер!D3: hire_date of employee \"Омаров Дәулет Серікұлы\" «15.01.24» is not a valid date: a two-digit year"]);
    refused(
        &with(|w| w[0].rows[7][1] = s("31.04.2022")),
        1,
        &["hr.xlsx:Ұйым!B8: approval_date «31.04.2022» is not a valid date: day 31 is not in 2022-04 (30 days)"],
    );
    refused(&with(|w| w[2].rows[2][3] = C::D(45306.5)), 1, &["Қызметкерлер!D3", "no time of day"]);
}

#[test]
fn a_merged_cell_gives_its_value_to_each_row_it_spans() {
    let sheets = with(|w| {
        w[1].rows[1][4] = s("Басқару");
        w[1].merged.push((1, 4, 2, 4));
    });
    let org = read(&sheets).unwrap();
    let departments: Vec<Option<&str>> = org.positions.iter().map(|p| p.department.as_deref()).collect();
    assert_eq!(departments, [Some("Басқару"), Some("Басқару")]);
}

#[test]
fn empty_rows_between_groups_and_trailing_spaces_are_nothing() {
    let sheets = with(|w| {
        w[1].rows.insert(2, vec![C::E, s("   "), C::E]);
        w[2].rows.insert(2, vec![]);
        w[2].rows[1][0] = s("Сапарова Айгүл Бекқызы   ");
        w[1].rows[1][0] = s(" director ");
    });
    let org = read(&sheets).unwrap();
    assert_eq!(org.positions.len(), 2);
    assert_eq!(org.employees.len(), 2);
    assert_eq!(org.employees[0].name, "Сапарова Айгүл Бекқызы");
    assert_eq!(org.positions[0].id, "director");
}

#[test]
fn a_formula_is_read_by_its_cached_value() {
    let org = read(&with(|w| w[1].rows[2][3] = C::F("=1+2", "3"))).unwrap();
    assert_eq!(org.positions[1].headcount, 3);
    refused(
        &with(|w| w[1].rows[2][3] = C::F("=1/0", "#DIV/0!")),
        1,
        &["hr.xlsx:'Штат кестесі'!D3: «Штат саны / Количество штатных единиц»", "#DIV/0!"],
    );
}

#[test]
fn a_second_header_row_or_a_row_of_column_numbers_is_skipped() {
    let russian = with(|w| {
        let ru =
            vec![s("Код должности"), s("Должность"), s("Пункты"), s("Количество штатных единиц"), s("Подразделение")];
        w[1].rows.insert(1, ru);
    });
    assert_eq!(read(&russian).unwrap().positions.len(), 2);
    let numbered = with(|w| w[2].rows.insert(1, vec![C::N(1.0), C::N(2.0), C::N(3.0), C::N(4.0)]));
    assert_eq!(read(&numbered).unwrap().employees.len(), 2);
}

#[test]
fn headers_in_russian_in_any_order_with_a_title_row_above() {
    let sheets = with(|w| {
        w[2].rows = vec![
            vec![s("Список сотрудников")],
            vec![s("Табельный номер"), s("ФИО"), s("Дата приема"), s("Код должности")],
            vec![s("0001"), s("Сапарова Айгүл Бекқызы"), s("01.09.2015"), s("director")],
        ];
    });
    let org = read(&sheets).unwrap();
    assert_eq!(org.employees.len(), 1);
    assert_eq!(org.employees[0].personnel_no, "0001");
}

#[test]
fn an_unknown_column_sheet_or_key_is_reported_not_dropped() {
    refused(
        &with(|w| w[1].rows[0].push(s("Ескерту"))),
        1,
        &["hr.xlsx:'Штат кестесі'!F1: sheet «Штат кестесі»: column «Ескерту» is not one lauazym reads"],
    );
    refused(
        &with(|w| w.push(Sheet { name: "Лист1", rows: vec![vec![s("x")]], merged: vec![] })),
        1,
        &["hr.xlsx:Лист1!A1: sheet «Лист1» is not one lauazym reads"],
    );
    refused(
        &with(|w| w[0].rows.push(vec![s("Телефон"), s("+7 700 000 00 00")])),
        1,
        &["hr.xlsx:Ұйым!A9: «Телефон» is not a key lauazym reads"],
    );
    refused(
        &with(|w| w[2].rows[0][2] = s("Нөмір")),
        2,
        &[
            "Қызметкерлер!C1: sheet «Қызметкерлер»: column «Нөмір» is not one lauazym reads",
            "no column «Табель нөмірі / Табельный номер»",
        ],
    );
}

#[test]
fn an_employee_on_a_position_the_staff_list_lacks() {
    refused(&with(|w| w[2].rows[2][1] = s("nurse")), 1, &["hr.xlsx:Қызметкерлер!B3: employee \"Омаров Дәулет Серікұлы\" is on position \"nurse\", which the organisation lacks (its positions: director, social-worker)"]);
}

#[test]
fn duplicate_personnel_numbers_name_both_cells() {
    refused(
        &with(|w| w[2].rows[2][2] = s("0001")),
        1,
        &["hr.xlsx:Қызметкерлер!C3: personnel number \"0001\" is used twice (first at Қызметкерлер!C2)"],
    );
}

#[test]
fn every_problem_of_a_workbook_is_reported_at_once_in_workbook_order() {
    let sheets = with(|w| {
        w[0].rows[2][1] = s("123456789012");
        w[1].rows[2][3] = C::N(0.0);
        w[1].rows[1][2] = s("Директор");
        w[2].rows[2][2] = s("0001");
    });
    let message = read(&sheets).unwrap_err().to_string();
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines[0], "hr.xlsx: invalid organisation profile (4 problems)");
    assert!(lines[1].starts_with("  hr.xlsx:Ұйым!B3: bin"), "{message}");
    assert!(lines[2].starts_with("  hr.xlsx:'Штат кестесі'!C2: «Директор» gives no point numbers"), "{message}");
    assert!(
        lines[3].starts_with("  hr.xlsx:'Штат кестесі'!D3: position \"social-worker\": headcount must be at least 1"),
        "{message}"
    );
    assert!(lines[4].starts_with("  hr.xlsx:Қызметкерлер!C3: personnel number"), "{message}");
}

#[test]
fn a_missing_sheet_or_key_is_named() {
    refused(&with(|w| drop(w.remove(0))), 1, &["hr.xlsx:'Штат кестесі'!A1: the workbook has no sheet «Ұйым»"]);
    refused(&with(|w| drop(w[0].rows.remove(2))), 1, &["hr.xlsx:Ұйым!A1: no row for «БСН / БИН»"]);
    refused(
        &with(|w| w[1].rows[1][3] = C::E),
        1,
        &["hr.xlsx:'Штат кестесі'!D2: «Штат саны / Количество штатных единиц» is empty"],
    );
}

#[test]
fn not_a_workbook_is_a_clear_error() {
    let err = org::parse_bytes("hr.xlsx", Format::Xlsx, b"not a zip").unwrap_err();
    assert!(err.to_string().starts_with("hr.xlsx: cannot read the workbook: "), "{err}");
}

// ---------------------------------------------------------------------------------------------
// CSV.

fn csv(text: &str) -> Result<Organisation, org::Error> {
    org::parse_bytes("hr.csv", Format::Csv, text.as_bytes())
}

const CSV: &str = "Түрі / Вид;Өріс / Поле;Мәні / Значение
ұйым;Толық атауы (қазақша);«Шағын» орталығы
ұйым;БСН;123456789013
ұйым;Мекенжайы;Үлгі көшесі, 1
ұйым;Елді мекен;Үлгі қаласы
ұйым;Басшының лауазымы;Директор
ұйым;Басшының аты-жөні;Сапарова Айгүл Бекқызы
Түрі / Вид;Лауазым коды;Лауазымы;Тармақтар;Штат саны
штат;director;Директор;1, 2, 3;1
Түрі / Вид;Аты-жөні;Лауазым коды;Табель нөмірі
қызметкер;Сапарова Айгүл Бекқызы;director;0001
";

#[test]
fn a_csv_file_reads_with_semicolons_commas_or_a_bom() {
    let org = csv(CSV).unwrap();
    assert_eq!((org.positions.len(), org.employees.len()), (1, 1));
    let commas =
        CSV.replace(';', ",").replace("1, 2, 3", "\"1, 2, 3\"").replace("Үлгі көшесі, 1", "\"Үлгі көшесі, 1\"");
    assert_eq!(csv(&commas).unwrap().address, "Үлгі көшесі, 1");
    assert_eq!(csv(&format!("\u{feff}{CSV}")).unwrap().name_kk, "«Шағын» орталығы");
}

#[test]
fn a_windows_1251_csv_from_a_russian_excel_reads() {
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sheets/fixtures/hr-office-1251.csv")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture is really Windows-1251");
    let org = org::parse_bytes("hr-office-1251.csv", Format::Csv, &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(org.name_kk, "Центр \"Образец\" (вымышленный пример)");
    assert_eq!(org.address, "ул. Образцовая, 1");
    assert_eq!(org.positions[1].follows, org::Follows::Points(vec![61, 62, 63]));
    assert_eq!(org.positions[1].headcount, 3);
    assert_eq!(org.employees[1].name, "Омаров Даулет Серикович");
    assert_eq!(org.employees[1].hire_date.map(|d| d.to_string()).as_deref(), Some("2018-03-12"));
}

#[test]
fn kazakh_letters_lost_to_windows_1251_are_reported_where_they_were() {
    // Excel in a Russian locale writes '?' for each letter Windows-1251 lacks.
    let lossy: String = CSV
        .chars()
        .map(|c| {
            let (_, _, unmappable) = encoding_rs::WINDOWS_1251.encode(c.encode_utf8(&mut [0; 4]));
            if unmappable {
                '?'
            } else {
                c
            }
        })
        .collect();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&lossy);
    assert!(!unmappable);
    let err = org::parse_bytes("hr.csv", Format::Csv, &bytes).unwrap_err().to_string();
    assert!(
        err.contains("hr.csv:2:28: ««Ша?ын» орталы?ы»: the file is in Windows-1251, which has no Kazakh letters"),
        "{err}"
    );
}

#[test]
fn a_csv_problem_names_line_and_column() {
    let err = csv(&CSV.replace("123456789013", "1.23457E+11")).unwrap_err().to_string();
    assert!(
        err.contains("hr.csv:3:10: «БСН / БИН»: «1.23457E+11» is a number the spreadsheet shortened to E-notation"),
        "{err}"
    );
    let err = csv(&CSV.replace("штат;director", "штатт;director")).unwrap_err().to_string();
    assert!(err.contains("hr.csv:9:1: the first column says what a row is"), "{err}");
}
