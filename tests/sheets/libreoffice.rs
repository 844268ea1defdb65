//! Workbooks another program wrote: LibreOffice turns our CSV into a workbook and re-saves our
//! own workbook and our template; openpyxl fills the template in as an HR officer would. Each is
//! read back by lauazym to exactly the organisation it holds. A missing tool fails the test and
//! says how to install it (scripts/test.sh installs them).

use lauazym::org::{self, Format, Organisation};
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn tool(name: &str) -> Command {
    let found =
        std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(name).is_file()));
    assert!(found, "`{name}` is not installed: run scripts/test.sh, or apt-get install libreoffice-calc-nogui && pip install openpyxl");
    Command::new(name)
}

/// `soffice --headless --convert-to xlsx` in a fresh profile; the converted file's path.
fn libreoffice_to_xlsx(input: &Path, outdir: &Path, infilter: Option<&str>) -> PathBuf {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = tool("soffice");
    cmd.arg(format!("-env:UserInstallation=file://{}", profile.path().display())).arg("--headless");
    if let Some(f) = infilter {
        cmd.arg(format!("--infilter={f}"));
    }
    cmd.args(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir"]).arg(outdir).arg(input);
    let out = cmd.output().expect("spawn soffice");
    assert!(out.status.success(), "soffice: {}", String::from_utf8_lossy(&out.stderr));
    let converted = outdir.join(input.file_stem().unwrap()).with_extension("xlsx");
    assert!(converted.is_file(), "soffice wrote no {}: {}", converted.display(), String::from_utf8_lossy(&out.stderr));
    converted
}

fn python(script: &str, args: &[&Path]) -> String {
    let out = tool("python3").arg("-c").arg(script).args(args).output().expect("spawn python3");
    assert!(out.status.success(), "python3: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What `org` is when read from `file`: the same, but for the file name and where it was read.
fn same(a: &Organisation, b: &Organisation) {
    assert_eq!(org::to_toml(a), org::to_toml(b));
    let strip = |o: &Organisation| {
        let mut o = o.clone();
        o.file = String::new();
        for p in &mut o.positions {
            p.follows_at = org::Location::Field(String::new());
        }
        o
    };
    assert_eq!(strip(a), strip(b));
}

#[test]
fn a_workbook_libreoffice_made_from_our_csv_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let sample = org::sample();
    let csv = dir.path().join("sample.csv");
    std::fs::write(&csv, org::to_csv(&sample).unwrap()).unwrap();
    // Separator ;, quote ", UTF-8 (76), from line 1, every column as Text (2) — as the template's
    // instructions ask, so personnel numbers keep their zeros.
    let columns: Vec<String> = (1..=12).map(|c| format!("{c}/2")).collect();
    let filter = format!("CSV:59,34,76,1,{}", columns.join("/"));
    let xlsx = libreoffice_to_xlsx(&csv, &dir.path().join("lo"), Some(&filter));
    let back = org::load(&xlsx).unwrap_or_else(|e| panic!("{e}"));
    same(&back, &sample);
}

#[test]
fn our_workbook_re_saved_by_libreoffice_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let sample = org::sample();
    let ours = dir.path().join("ours");
    std::fs::create_dir(&ours).unwrap();
    let xlsx = ours.join("sample.xlsx");
    std::fs::write(&xlsx, org::to_bytes(&sample, Format::Xlsx, None).unwrap()).unwrap();
    let resaved = libreoffice_to_xlsx(&xlsx, &dir.path().join("lo"), None);
    assert_ne!(std::fs::read(&resaved).unwrap(), std::fs::read(&xlsx).unwrap(), "LibreOffice wrote its own file");
    let back = org::load(&resaved).unwrap_or_else(|e| panic!("{e}"));
    same(&back, &sample);
}

/// The template as HR officers get it: re-saved by LibreOffice, filled in by openpyxl (another
/// program, typing values as a person would: text, numbers, a real date), then read.
#[test]
fn the_template_filled_in_by_another_program_reads() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_lauazym"))
        .args(["org", "template", "--out"])
        .arg(dir.path().join("template.xlsx"))
        .status()
        .unwrap();
    assert!(status.success());
    let resaved = libreoffice_to_xlsx(&dir.path().join("template.xlsx"), &dir.path().join("lo"), None);
    let filled = dir.path().join("filled.xlsx");
    let script = r#"
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
o = wb['Ұйым']
values = ['«Толтырылған» орталығы', None, None, '123456789013', 'Бірінші көше, 5', 'Үлгі қаласы',
          'Директор', 'Сапарова Айгүл Бекқызы', datetime.datetime(2023, 1, 9), None]
for row, v in enumerate(values, start=2):
    if v is not None:
        o.cell(row=row, column=2, value=v)
s = wb['Штат кестесі']
s.append(['', 'director', 'Директор', '1–3 Директор', None, None, 1, 'Басқару'])
s['A2'] = None
s.append([None, 'social-worker', 'Әлеуметтік қызметкер', None, 3, 2, 4, 'Үйде қызмет көрсету', 'Бірінші міндет\nЕкінші міндет'])
e = wb['Қызметкерлер']
e.append([None, 'Омаров Дәулет Серікұлы', 'social-worker', '0007', datetime.datetime(2021, 6, 1)])
wb.save(sys.argv[2])
"#;
    python(script, &[&resaved, &filled]);
    let org = org::load(&filled).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(org.name_kk, "«Толтырылған» орталығы");
    assert_eq!(org.approval_date.map(|d| d.to_string()).as_deref(), Some("2023-01-09"));
    assert_eq!(org.positions[0].follows, org::Follows::Points(vec![1, 2, 3]));
    assert_eq!(org.positions[1].follows, org::Follows::Paragraph { chapter: 3, paragraph: 2 });
    assert_eq!(org.positions[1].headcount, 4);
    assert_eq!(org.positions[1].extra_duties, ["Бірінші міндет", "Екінші міндет"]);
    assert_eq!(org.employees[0].personnel_no, "0007");
    assert_eq!(org.employees[0].hire_date.map(|d| d.to_string()).as_deref(), Some("2021-06-01"));
}

/// What an HR officer opening the template sees, as openpyxl reads it: bold frozen header rows,
/// text-formatted BIN and personnel-number cells, the drop-down lists, the instructions.
#[test]
fn the_template_has_what_it_promises() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    org::write_template(&path, &default_model()).unwrap();
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print('sheets', [ws.title + ('(hidden)' if ws.sheet_state == 'hidden' else '') for ws in wb.worksheets])
for name in ['Ұйым', 'Штат кестесі', 'Қызметкерлер']:
    ws = wb[name]
    print(name, 'freeze', ws.freeze_panes, 'bold', all(c.font.b for c in ws[1] if c.value))
    for dv in ws.data_validations.dataValidation:
        print(name, 'list', dv.type, dv.formula1, str(dv.sqref))
print('bin format', wb['Ұйым'].column_dimensions['B'].number_format)
print('personnel format', wb['Қызметкерлер'].column_dimensions['D'].number_format)
print('id format', wb['Штат кестесі'].column_dimensions['B'].number_format)
lists = wb['Үлгілік лауазымдар']
print('typical', lists.max_row - 1, lists['A2'].value)
print('instructions', wb['Нұсқаулық']['A1'].value)
"#;
    let out = python(script, &[&path]);
    let n = default_model().positions.len();
    let typical = format!("Штат кестесі list list 'Үлгілік лауазымдар'!$A$2:$A${} D2:D1001", n + 1);
    let count = format!("typical {n} 1–3 ");
    for line in [
        typical.as_str(),
        count.as_str(),
        "sheets ['Нұсқаулық', 'Ұйым', 'Штат кестесі', 'Қызметкерлер', 'Үлгілік лауазымдар(hidden)']",
        "Ұйым freeze A2 bold True",
        "Штат кестесі freeze A2 bold True",
        "Қызметкерлер freeze A2 bold True",
        "Штат кестесі list whole 1 G2:G1001",
        "Қызметкерлер list list 'Штат кестесі'!$B$2:$B$1001 C2:C1001",
        "bin format @",
        "personnel format @",
        "id format @",
        "instructions lauazym: ұйымның штат кестесі мен қызметкерлері",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
}

fn default_model() -> lauazym::model::Model {
    let act = lauazym::act::load(lauazym::DEFAULT_ACT.0, lauazym::DEFAULT_ACT.1.as_bytes()).unwrap();
    lauazym::model::consolidate(None, &[act]).unwrap()
}

#[test]
fn lauazym_check_names_the_cell_of_a_position_the_model_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let mut sample = org::sample();
    sample.positions[2].follows = org::Follows::Points(vec![999]);
    let xlsx = dir.path().join("lacks.xlsx");
    std::fs::write(&xlsx, org::to_bytes(&sample, Format::Xlsx, None).unwrap()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lauazym")).arg("check").arg("--org").arg(&xlsx).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("{}:'Штат кестесі'!D4: position \"hydrokinesitherapy-instructor\" follows point 999, which the model does not have", xlsx.display())), "{stderr}");
}

/// `org convert` goes every way and back without a change, and refuses an unknown extension.
#[test]
fn convert_goes_every_way() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&Path]| {
        Command::new(env!("CARGO_BIN_EXE_lauazym")).arg("org").arg("convert").args(args).output().unwrap()
    };
    let step = |from: &Path, to: &Path| {
        let out = run(&[from, Path::new("--out"), to]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    let p = |name: &str| dir.path().join(name);
    step(&manifest("orgs/sample.toml"), &p("a.xlsx"));
    step(&p("a.xlsx"), &p("b.csv"));
    step(&p("b.csv"), &p("c.toml"));
    step(&p("c.toml"), &p("d.toml"));
    assert_eq!(std::fs::read_to_string(p("c.toml")).unwrap(), org::to_toml(&org::sample()));
    let out = run(&[&manifest("orgs/sample.toml"), Path::new("--out"), &p("e.ods")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("e.ods: not a kind of profile lauazym writes"));
    assert!(!p("e.ods").exists());
}
