//! Writing an organisation as one CSV file (the layout `csv_file` reads): UTF-8 with a BOM and
//! `;` between fields — what Excel in a Kazakh or Russian locale opens correctly with a double
//! click — three blocks, each under its own `Түрі / Вид` header row.

use super::columns::{Key, Part, KEY_HEADER, KIND_HEADER, VALUE_HEADER};
use super::template::{organisation_value, position_value, representable, Cell};
use super::{Error, Organisation};

/// `org` as CSV bytes that [`super::load`] reads back to an equal organisation (list items as
/// in [`super::template::workbook`]: one per line of a field).
pub fn to_csv(org: &Organisation) -> Result<Vec<u8>, Error> {
    representable(org)?;
    let mut out = csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(vec![0xEF, 0xBB, 0xBF]);
    let fail = |e: csv::Error| Error::Workbook { file: org.file.clone(), message: format!("cannot write CSV: {e}") };
    let cell = |c: Option<Cell>| match c {
        Some(Cell::Text(t)) => t,
        Some(Cell::Number(n)) => format!("{n}"),
        Some(Cell::Date(d)) => format!("{:02}.{:02}.{:04}", d.day, d.month, d.year),
        None => String::new(),
    };

    out.write_record([KIND_HEADER, KEY_HEADER, VALUE_HEADER]).map_err(fail)?;
    let kind = Part::Organisation.kind();
    for f in Part::Organisation.fields() {
        if let Some(value) = organisation_value(org, f.key) {
            out.write_record([kind.to_string(), f.header(), cell(Some(value))]).map_err(fail)?;
        }
    }

    let fields: Vec<_> = Part::Staff.fields().iter().filter(|f| f.key != Key::Ignored).collect();
    let header = std::iter::once(KIND_HEADER.to_string()).chain(fields.iter().map(|f| f.header()));
    out.write_record(header).map_err(fail)?;
    for p in &org.positions {
        let row = std::iter::once(Part::Staff.kind().to_string())
            .chain(fields.iter().map(|f| cell(position_value(p, f.key))));
        out.write_record(row).map_err(fail)?;
    }

    if !org.employees.is_empty() {
        let fields: Vec<_> = Part::Employees.fields().iter().filter(|f| f.key != Key::Ignored).collect();
        let header = std::iter::once(KIND_HEADER.to_string()).chain(fields.iter().map(|f| f.header()));
        out.write_record(header).map_err(fail)?;
        for e in &org.employees {
            let value = |key: Key| match key {
                Key::Name => e.name.clone(),
                Key::Position => e.position.clone(),
                Key::PersonnelNo => e.personnel_no.clone(),
                Key::HireDate => cell(e.hire_date.map(Cell::Date)),
                _ => String::new(),
            };
            let row = std::iter::once(Part::Employees.kind().to_string()).chain(fields.iter().map(|f| value(f.key)));
            out.write_record(row).map_err(fail)?;
        }
    }
    out.into_inner().map_err(|e| Error::Workbook { file: org.file.clone(), message: format!("cannot write CSV: {e}") })
}
