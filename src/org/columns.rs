//! The columns and keys of an organisation spreadsheet, in Kazakh and in Russian: what the
//! template writes as headers, and what the readers recognise in a workbook or CSV file an HR
//! office made itself (1C exports, an old staff list), in any column order.
//!
//! A header is recognised when, lower-cased and with `ё` read as `е`, spaces collapsed and
//! `*`, `:` and `.` dropped, it is one of a field's names — or, written bilingually as the
//! template writes it (`Табель нөмірі / Табельный номер`), each half is.

/// Which part of the organisation a sheet (or a CSV block) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Part {
    /// Key/value rows: names, BIN, address, head, approval date.
    Organisation,
    /// The staff list: one row per position.
    Staff,
    /// One row per employee.
    Employees,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Organisation, Part::Staff, Part::Employees];

    /// The sheet's name in the template (Kazakh, as the documents are).
    pub fn sheet_name(self) -> &'static str {
        match self {
            Part::Organisation => "Ұйым",
            Part::Staff => "Штат кестесі",
            Part::Employees => "Қызметкерлер",
        }
    }

    /// Names a workbook's sheet may have for this part.
    fn sheet_names(self) -> &'static [&'static str] {
        match self {
            Part::Organisation => {
                &["ұйым", "организация", "ұйым туралы", "об организации", "organisation", "organization"]
            }
            Part::Staff => {
                &["штат кестесі", "штатное расписание", "штат", "лауазымдар", "должности", "staff", "positions"]
            }
            Part::Employees => &["қызметкерлер", "сотрудники", "работники", "персонал", "employees"],
        }
    }

    /// The part a sheet holds, by its name.
    pub fn of_sheet(name: &str) -> Option<Part> {
        let name = normalise(name);
        Part::ALL.into_iter().find(|p| p.sheet_names().contains(&name.as_str()))
    }

    /// The kind a CSV row gives in its first column.
    pub fn of_kind(value: &str) -> Option<Part> {
        match normalise(value).as_str() {
            "ұйым" | "организация" | "organisation" | "organization" => Some(Part::Organisation),
            "штат" | "лауазым" | "должность" | "position" | "staff" => Some(Part::Staff),
            "қызметкер" | "сотрудник" | "работник" | "employee" => Some(Part::Employees),
            _ => None,
        }
    }

    /// The kind the CSV writer puts in the first column.
    pub fn kind(self) -> &'static str {
        match self {
            Part::Organisation => "ұйым",
            Part::Staff => "штат",
            Part::Employees => "қызметкер",
        }
    }

    /// The columns (for the organisation: the keys) of this part, in template order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Part::Organisation => ORGANISATION,
            Part::Staff => STAFF,
            Part::Employees => EMPLOYEES,
        }
    }
}

/// Sheets a workbook may hold that carry no data: the template's instructions and its list of
/// typical positions.
pub(crate) fn is_auxiliary_sheet(name: &str) -> bool {
    matches!(normalise(name).as_str(), "нұсқаулық" | "инструкция" | "үлгілік лауазымдар" | "типовые должности")
}

/// Names a workbook's sheets may take, for the message about a sheet lauazym does not read.
pub(crate) fn sheet_names_hint() -> String {
    "«Ұйым» / «Организация», «Штат кестесі» / «Штатное расписание», «Қызметкерлер» / «Сотрудники»".to_string()
}

/// The first column of a CSV file: its header, and what a row gives there.
pub(crate) const KIND_HEADER: &str = "Түрі / Вид";
pub(crate) fn is_kind_header(value: &str) -> bool {
    matches!(normalise(value).as_str(), "түрі / вид" | "түрі" | "вид" | "kind" | "түрі/вид")
}

/// The key/value headers of the organisation sheet.
pub(crate) const KEY_HEADER: &str = "Өріс / Поле";
pub(crate) const VALUE_HEADER: &str = "Мәні / Значение";
pub(crate) fn is_key_header(value: &str) -> bool {
    halves(value).iter().all(|h| matches!(h.as_str(), "өріс" | "поле" | "key" | "атауы" | "реквизит"))
}
pub(crate) fn is_value_header(value: &str) -> bool {
    halves(value).iter().all(|h| matches!(h.as_str(), "мәні" | "значение" | "value"))
}

/// A column a reader knows. `Ignored` columns (a row number) are recognised and skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Key {
    NameKk,
    NameRu,
    ShortName,
    Bin,
    Address,
    City,
    HeadPosition,
    HeadName,
    ApprovalDate,
    TemplateDir,
    Id,
    Title,
    Points,
    Chapter,
    Paragraph,
    Headcount,
    Department,
    ExtraDuties,
    Rights,
    Responsibilities,
    Name,
    Position,
    PersonnelNo,
    HireDate,
    Ignored,
}

/// A column (or organisation key): its key, the Kazakh and Russian header the template writes,
/// other names it is known by, whether it must be there, and its width in the template.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub key: Key,
    pub kk: &'static str,
    pub ru: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
    pub width: f64,
}

impl Field {
    /// The header as the template writes it: `Табель нөмірі / Табельный номер`.
    pub fn header(&self) -> String {
        if self.kk == self.ru {
            self.kk.to_string()
        } else {
            format!("{} / {}", self.kk, self.ru)
        }
    }

    fn names(&self) -> impl Iterator<Item = String> + '_ {
        [self.kk, self.ru].into_iter().chain(self.aliases.iter().copied()).map(normalise)
    }
}

const fn field(
    key: Key,
    kk: &'static str,
    ru: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    width: f64,
) -> Field {
    Field { key, kk, ru, aliases, required, width }
}

const ORGANISATION: &[Field] = &[
    field(
        Key::NameKk,
        "Толық атауы (қазақша)",
        "Полное наименование (на казахском)",
        &["атауы", "ұйымның атауы", "наименование", "name_kk"],
        true,
        0.0,
    ),
    field(Key::NameRu, "Толық атауы (орысша)", "Полное наименование (на русском)", &["name_ru"], false, 0.0),
    field(Key::ShortName, "Қысқаша атауы", "Краткое наименование", &["short_name"], false, 0.0),
    field(Key::Bin, "БСН", "БИН", &["бсн бин", "bin"], true, 0.0),
    field(Key::Address, "Мекенжайы", "Адрес", &["мекенжай", "address"], true, 0.0),
    field(Key::City, "Елді мекен", "Населённый пункт", &["қала", "город", "city"], true, 0.0),
    field(Key::HeadPosition, "Басшының лауазымы", "Должность руководителя", &["head.position"], true, 0.0),
    field(Key::HeadName, "Басшының аты-жөні", "ФИО руководителя", &["басшы", "руководитель", "head.name"], true, 0.0),
    field(Key::ApprovalDate, "Бекіту күні", "Дата утверждения", &["approval_date"], false, 0.0),
    field(Key::TemplateDir, "Үлгілер қалтасы", "Папка шаблонов", &["template_dir"], false, 0.0),
];

const STAFF: &[Field] = &[
    field(Key::Ignored, "№", "№", &["№ р/с", "№ п/п", "р/с", "п/п", "n"], false, 6.0),
    field(Key::Id, "Лауазым коды", "Код должности", &["код", "id"], true, 26.0),
    field(Key::Title, "Лауазымы", "Должность", &["лауазым атауы", "наименование должности", "title"], true, 50.0),
    field(
        Key::Points,
        "Үлгілік лауазым тармақтары",
        "Пункты типовой должности",
        &["тармақтар", "пункты", "үлгілік лауазым", "типовая должность", "points"],
        false,
        42.0,
    ),
    field(Key::Chapter, "Тарау", "Глава", &["chapter"], false, 8.0),
    field(Key::Paragraph, "Параграф", "Параграф", &["§", "paragraph"], false, 10.0),
    field(
        Key::Headcount,
        "Штат саны",
        "Количество штатных единиц",
        &["штат бірлігі", "штатные единицы", "количество", "headcount"],
        true,
        12.0,
    ),
    field(
        Key::Department,
        "Бөлімше",
        "Подразделение",
        &["бөлім", "құрылымдық бөлімше", "отдел", "структурное подразделение", "department"],
        false,
        34.0,
    ),
    field(Key::ExtraDuties, "Қосымша міндеттер", "Дополнительные обязанности", &["extra_duties"], false, 40.0),
    field(Key::Rights, "Құқықтары", "Права", &["rights"], false, 40.0),
    field(Key::Responsibilities, "Жауапкершілігі", "Ответственность", &["responsibilities"], false, 40.0),
];

const EMPLOYEES: &[Field] = &[
    field(Key::Ignored, "№", "№", &["№ р/с", "№ п/п", "р/с", "п/п", "n"], false, 6.0),
    field(
        Key::Name,
        "Аты-жөні",
        "ФИО",
        &["тегі, аты, әкесінің аты", "фамилия, имя, отчество", "қызметкер", "сотрудник", "name"],
        true,
        36.0,
    ),
    field(Key::Position, "Лауазым коды", "Код должности", &["код", "position"], true, 26.0),
    field(
        Key::PersonnelNo,
        "Табель нөмірі",
        "Табельный номер",
        &["табель №", "таб. №", "таб №", "personnel_no"],
        true,
        16.0,
    ),
    field(
        Key::HireDate,
        "Жұмысқа қабылданған күні",
        "Дата приёма",
        &["қабылданған күні", "дата приема на работу", "дата приёма на работу", "hire_date"],
        false,
        18.0,
    ),
];

/// Lower case, `ё` as `е`, spaces collapsed, `*`, `:` and a final `.` dropped.
pub(crate) fn normalise(s: &str) -> String {
    let lowered: String = s
        .chars()
        .filter(|c| !matches!(c, '*' | ':'))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect();
    let collapsed = lowered.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_end_matches('.').trim().to_string()
}

/// The normalised halves of a bilingual header `kk / ru` (one element when it has no `/`).
fn halves(header: &str) -> Vec<String> {
    let whole = normalise(header);
    if whole.contains(" / ") {
        whole.split(" / ").map(|h| h.trim().to_string()).collect()
    } else {
        vec![whole]
    }
}

/// The field of `part` a header names, if any.
pub(crate) fn recognise(part: Part, header: &str) -> Option<&'static Field> {
    let whole = normalise(header);
    if whole.is_empty() {
        return None;
    }
    let fields = part.fields();
    if let Some(f) = fields.iter().find(|f| f.names().any(|n| n == whole)) {
        return Some(f);
    }
    // Bilingual: every half must name the same field.
    let parts = halves(header);
    let mut found: Option<&'static Field> = None;
    for half in &parts {
        let f = fields.iter().find(|f| f.names().any(|n| n == *half))?;
        if found.is_some_and(|g| g.key != f.key) {
            return None;
        }
        found = Some(f);
    }
    found
}

/// The headers of `part`, for messages: `«Лауазым коды / Код должности», …`.
pub(crate) fn headers_hint(part: Part) -> String {
    let known: Vec<String> =
        part.fields().iter().filter(|f| f.key != Key::Ignored).map(|f| format!("«{}»", f.header())).collect();
    known.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_in_kazakh_russian_or_both() {
        let key = |part, h: &str| recognise(part, h).map(|f| f.key);
        assert_eq!(key(Part::Employees, "Табель нөмірі"), Some(Key::PersonnelNo));
        assert_eq!(key(Part::Employees, "Табельный номер"), Some(Key::PersonnelNo));
        assert_eq!(key(Part::Employees, "  Табель нөмірі / Табельный номер *"), Some(Key::PersonnelNo));
        assert_eq!(key(Part::Employees, "ТАБЕЛЬНЫЙ  НОМЕР:"), Some(Key::PersonnelNo));
        assert_eq!(key(Part::Employees, "Дата приема"), Some(Key::HireDate)); // ё written as е
        assert_eq!(key(Part::Staff, "Штат саны"), Some(Key::Headcount));
        assert_eq!(key(Part::Staff, "Количество штатных единиц"), Some(Key::Headcount));
        assert_eq!(key(Part::Staff, "Лауазымы"), Some(Key::Title));
        assert_eq!(key(Part::Staff, "Должность"), Some(Key::Title));
        assert_eq!(key(Part::Staff, "№ п/п"), Some(Key::Ignored));
        // Halves that name two different fields are no header at all.
        assert_eq!(key(Part::Staff, "Лауазымы / Штат саны"), None);
        assert_eq!(key(Part::Staff, "Ескерту"), None);
        assert_eq!(key(Part::Organisation, "БСН / БИН"), Some(Key::Bin));
    }

    #[test]
    fn every_template_header_reads_back_as_its_own_field() {
        for part in Part::ALL {
            for f in part.fields() {
                assert_eq!(recognise(part, &f.header()).map(|g| g.key), Some(f.key), "{}", f.header());
            }
            assert_eq!(Part::of_sheet(part.sheet_name()), Some(part));
            assert_eq!(Part::of_kind(part.kind()), Some(part));
        }
    }
}
