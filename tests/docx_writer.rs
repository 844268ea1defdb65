//! The DOCX writer against real readers: LibreOffice (conversion to PDF with the embedded font),
//! python-docx (paragraphs, styles, page setup), and byte-for-byte determinism across threads.
//!
//! Liberation Serif is installed system-wide here, so a PDF in Liberation Serif would prove
//! nothing: the document is written with a renamed copy ("Lauazym Test Serif", renamed with
//! fontTools) that only the DOCX carries. Missing tools fail the test with the install command.

use lauazym::doc::{Align, Block, Document, List, ListStyle, Meta, Para, Signature, Size, Span, Table};
use lauazym::docx::{self, DocxFonts};
use lauazym::fonts::FontSet;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const TEST_FAMILY: &str = "Lauazym Test Serif";
const TEST_POSTSCRIPT: &str = "LauazymTestSerif";

fn para(text: &str) -> Para {
    Para { align: Align::Justify, indent: true, size: Size::Normal, spans: vec![Span::plain(text)] }
}

fn plain(align: Align, size: Size, text: &str) -> Para {
    Para { align, indent: false, size, spans: vec![Span::plain(text)] }
}

/// About two pages of a job description, with text from acts/2022-09-26-388.txt (points 2 and 8).
fn sample() -> Document {
    let right = |t: &str| plain(Align::Left, Size::Normal, t);
    let approval = Table {
        widths: vec![9, 7],
        borders: false,
        header: false,
        rows: vec![vec![
            vec![],
            vec![
                Para {
                    align: Align::Left, indent: false, size: Size::Normal, spans: vec![Span::bold("БЕКІТЕМІН")]
                },
                right("«Қарағанды облысының арнаулы әлеуметтік қызметтер көрсету орталығы» КММ директоры"),
                right("__________ А. Б. Сәрсенова"),
                right("2024 жылғы «___» __________"),
            ],
        ]],
    };
    let know = [
        "Қазақстан Республикасының Конституциясын;",
        "Еңбек кодексін;",
        "Мемлекеттік әлеуметтік жәрдемақылар туралы заңды;",
        "Тіл туралы заңды;",
        "Мемлекеттік атаулы әлеуметтік көмек туралы заңды;",
        "\"Халықтың көші-қоны туралы\" Қазақстан Республикасының Заңын (бұдан әрі – Халықтың көші-қоны туралы заң);",
        "Зейнетақымен қамсыздандыру туралы заңды;",
        "\"Рұқсаттар және хабарламалар туралы\" Қазақстан Республикасының Заңын (бұдан әрі – Рұқсаттар және хабарламалар туралы заң);",
        "Міндетті әлеуметтік сақтандыру туралы заңды;",
        "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы заңды;",
        "Халықты жұмыспен қамту туралы заңды;",
        "ұйымның бейінін, мамандануын және ерекшеліктерін; шаруашылық инфрақұрылымын;",
        "өңірдің (ауданның, қаланың) әлеуметтік-экономикалық даму ерекшеліктерін;",
        "еңбек нарығы дамуының негізгі үрдістері мен бағыттарын;",
        "жұмыспен қамтуға жәрдемдесудің белсенді шараларын іске асыру жөніндегі іс-шараларды және олардың тиімділігін бағалау әдістемесін әзірлеу тәртібін;",
        "Өрт қауiпсiздiгi қағидаларын.",
    ];
    let duties = [
        "ұйымның қарттар мен мүгедектігі бар адамдарға, оның ішінде мүгедектігі бар балаларға (бұдан әрі – қамқорлықтағылар) арнаулы әлеуметтік қызмет көрсету жөніндегі қызметін ағымдағы және перспективалық жоспарлауды ұйымдастырады;",
        "қаржы-шаруашылық қызметті ұйымдастырады, еңбек және ұжымдық шарттар жасау тәртібін сақтайды;",
        "әлеуметтік жұмыс, психология, социология, профпатология, кәсіптік бағдарлау негіздерін қолданады.",
    ];
    let mut blocks = vec![
        Block::Table(approval),
        Block::Heading {
            level: 1,
            para: Para {
                align: Align::Center,
                indent: false,
                size: Size::Normal,
                spans: vec![Span::bold("Әлеуметтік жұмыс жөніндегі маманның лауазымдық нұсқаулығы")],
            },
        },
        Block::Heading { level: 2, para: plain(Align::Left, Size::Normal, "1. Жалпы ережелер") },
        Block::Paragraph(para(
            "1. Осы лауазымдық нұсқаулық Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрінің 2022 жылғы 26 қыркүйектегі № 388 бұйрығымен өзгертілген үлгілік біліктілік сипаттамаларына сәйкес әзірленді.",
        )),
        Block::Paragraph(Para {
            align: Align::Justify,
            indent: true,
            size: Size::Normal,
            spans: vec![
                Span::plain("2. Маман "),
                Span::bold("білуге тиіс"),
                Span::plain(" "),
                Span { text: "(бұйрықтың өзі)".into(), bold: false, italic: true },
                Span::plain(" "),
                Span { text: "міндетті түрде".into(), bold: true, italic: true },
                Span::plain(":"),
            ],
        }),
        Block::List(List { style: ListStyle::Numbered, start: 1, items: know.iter().map(|t| para(t)).collect() }),
        Block::Note(plain(Align::Justify, Size::Small, "Ескерту: 2-тармақ 2022 жылғы 26 қыркүйектегі № 388 бұйрықтың 8-тармағы бойынша жазылды.")),
        Block::Heading { level: 2, para: plain(Align::Left, Size::Normal, "2. Лауазымдық міндеттері") },
        Block::List(List { style: ListStyle::Numbered, start: 4, items: duties.iter().map(|t| para(t)).collect() }),
        Block::List(List {
            style: ListStyle::Bulleted,
            start: 1,
            items: vec![para("демографиялық ахуалын;"), para("экономика негіздерін;")],
        }),
        Block::Table(Table {
            widths: vec![1, 4, 2],
            borders: true,
            header: true,
            rows: vec![
                vec![
                    vec![Para { align: Align::Center, indent: false, size: Size::Small, spans: vec![Span::bold("№")] }],
                    vec![Para { align: Align::Center, indent: false, size: Size::Small, spans: vec![Span::bold("Акт")] }],
                    vec![Para { align: Align::Center, indent: false, size: Size::Small, spans: vec![Span::bold("Тармақ")] }],
                ],
                vec![
                    vec![plain(Align::Center, Size::Small, "1")],
                    vec![plain(Align::Left, Size::Small, "№ 360 бұйрық")],
                    vec![plain(Align::Center, Size::Small, "8")],
                ],
            ],
        }),
        Block::PageBreak,
        Block::Heading { level: 2, para: plain(Align::Left, Size::Normal, "3. Танысу парағы") },
        Block::Signature(Signature { label: "Нұсқаулықпен таныстым:".into(), name: "Ә. Ғ. Құрманғазиева".into() }),
    ];
    // The title must not be alone on page 1: repeat the body so the document runs to ~2 pages.
    let extra: Vec<Block> = know.iter().take(6).map(|t| Block::Paragraph(para(&format!("Қосымша: {t}")))).collect();
    let at = blocks.len() - 3;
    blocks.splice(at..at, extra);
    Document {
        meta: Meta {
            title: "Әлеуметтік жұмыс жөніндегі маманның лауазымдық нұсқаулығы".into(),
            author: "«Қарағанды облысының арнаулы әлеуметтік қызметтер көрсету орталығы» КММ".into(),
            subject: "Лауазымдық нұсқаулық".into(),
            lang: "kk-KZ".into(),
            identity: "karaganda-center/job-description/social-worker/388".into(),
        },
        blocks,
    }
}

/// Every paragraph's text in reading order (table cells row by row).
fn texts(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { para, .. } | Block::Paragraph(para) | Block::Note(para) => out.push(para.text()),
            Block::List(list) => out.extend(list.items.iter().map(Para::text)),
            Block::Table(t) => out.extend(t.rows.iter().flatten().flatten().map(Para::text)),
            Block::Signature(s) => out.push(format!("{}\t\t{}", s.label, s.name)),
            Block::PageBreak => {}
        }
    }
    out
}

fn tool(name: &str, install: &str) -> PathBuf {
    let found = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file()));
    found.unwrap_or_else(|| panic!("`{name}` is required for this test: install it with `{install}`"))
}

fn python() -> PathBuf {
    let py = tool("python3", "apt-get install python3");
    let ok = Command::new(&py).args(["-c", "import docx, fontTools"]).output().map(|o| o.status.success());
    assert!(
        ok.unwrap_or(false),
        "python-docx and fontTools are required: `pip install python-docx fonttools` (Debian's python3-docx is too old)"
    );
    py
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Liberation Serif renamed to "Lauazym Test Serif" (name IDs 1, 3, 4, 6, 16), once per run.
fn renamed_fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| {
        let py = python();
        let dir = std::env::temp_dir().join(format!("lauazym-docx-fonts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let script = format!(
            r#"
import sys
from fontTools.ttLib import TTFont
for style in ["Regular", "Bold", "Italic", "BoldItalic"]:
    f = TTFont(r"{src}/LiberationSerif-" + style + ".ttf")
    for rec in f["name"].names:
        s = rec.toUnicode()
        s = s.replace("Liberation Serif", "{family}").replace("LiberationSerif", "{ps}")
        rec.string = s
    f.save(r"{dir}/{ps}-" + style + ".ttf")
"#,
            src = src.display(),
            dir = dir.display(),
            family = TEST_FAMILY,
            ps = TEST_POSTSCRIPT
        );
        run(Command::new(py).args(["-c", &script]));
        let fonts = FontSet::from_dir(&dir).expect("renamed fonts load");
        assert_eq!(fonts.family, TEST_FAMILY);
        fonts
    })
}

fn docx_fonts() -> &'static DocxFonts {
    static F: OnceLock<DocxFonts> = OnceLock::new();
    F.get_or_init(|| {
        let chars: BTreeSet<char> = texts(&sample()).concat().chars().collect();
        DocxFonts::prepare(renamed_fonts(), &chars).expect("fonts prepare")
    })
}

fn written(dir: &Path) -> PathBuf {
    let path = dir.join("sample.docx");
    std::fs::write(&path, docx::write(&sample(), docx_fonts()).unwrap()).unwrap();
    if let Some(keep) = std::env::var_os("LAUAZYM_KEEP_DOCX") {
        std::fs::copy(&path, keep).unwrap();
    }
    path
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// LibreOffice with a fresh profile (it keeps embedded fonts loaded for its whole session).
fn to_pdf(docx: &Path, dir: &Path) -> PathBuf {
    let soffice = tool("soffice", "apt-get install libreoffice-writer-nogui");
    let profile = dir.join("lo-profile");
    run(Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx));
    let pdf = docx.with_extension("pdf");
    assert!(pdf.is_file(), "LibreOffice wrote no PDF");
    if let Some(keep) = std::env::var_os("LAUAZYM_KEEP_PDF") {
        std::fs::copy(&pdf, keep).unwrap();
    }
    pdf
}

#[test]
fn libreoffice_renders_with_the_embedded_font() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = to_pdf(&written(dir.path()), dir.path());
    let pdffonts = run(Command::new(tool("pdffonts", "apt-get install poppler-utils")).arg(&pdf));
    let lines: Vec<&str> = pdffonts.lines().skip(2).collect();
    assert!(!lines.is_empty(), "no fonts in the PDF:\n{pdffonts}");
    for line in &lines {
        // "name type encoding emb sub uni object ID": every font is the renamed, embedded one.
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert!(cols[0].contains(TEST_POSTSCRIPT), "a fallback font was used:\n{pdffonts}");
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "not embedded:\n{pdffonts}");
    }
    // The sample uses all four faces, and each comes from the package.
    for face in ["-Bold ", "-Italic ", "-BoldItalic "] {
        assert!(pdffonts.contains(&format!("{TEST_POSTSCRIPT}{face}")), "no {face} face:\n{pdffonts}");
    }
    assert!(pdffonts.contains(&format!("+{TEST_POSTSCRIPT} ")), "no regular face:\n{pdffonts}");

    let text =
        run(Command::new(tool("pdftotext", "apt-get install poppler-utils")).args(["-layout"]).arg(&pdf).arg("-"));
    // Page numbers stand alone on their line; drop them so a paragraph across pages reads on.
    let body: String = text
        .lines()
        .map(|l| l.trim())
        .filter(|l| !l.chars().all(|c| c.is_ascii_digit()) || l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let flat = normalise(&body);
    for t in texts(&sample()) {
        for piece in t.split("\t\t") {
            let piece = normalise(piece);
            if !piece.is_empty() && !flat.contains(&piece) {
                // Table cells may sit side by side on a line; a cell's own text must still be whole.
                panic!("PDF text lacks {piece:?}\n--- text ---\n{text}");
            }
        }
    }
    assert!(flat.contains("1) Қазақстан Республикасының Конституциясын;"), "numbering 1):\n{text}");
    assert!(flat.contains("4) ұйымның"), "numbering starts at 4:\n{text}");
    assert!(flat.contains("– демографиялық"), "en dash bullets:\n{text}");
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 2, "expected at least two pages, got {pages}");
    assert!(text.lines().any(|l| l.trim() == "2"), "page number 2 in the footer:\n{text}");
}

#[test]
fn python_docx_reads_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = written(dir.path());
    let script = r#"
import sys, json, zipfile, io
import docx
from fontTools.ttLib import TTFont
d = docx.Document(sys.argv[1])
out = {"paragraphs": [], "cells": []}
body = d.element.body
for el in body.iterchildren():
    tag = el.tag.split('}')[1]
    if tag == 'p':
        p = docx.text.paragraph.Paragraph(el, d)
        out["paragraphs"].append([p.text, p.style.name])
    elif tag == 'tbl':
        t = docx.table.Table(el, d)
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    out["paragraphs"].append([p.text, p.style.name])
s = d.sections[0]
out["page"] = [s.page_width.twips, s.page_height.twips, s.left_margin.twips, s.right_margin.twips, s.top_margin.twips, s.bottom_margin.twips]
out["different_first_page"] = s.different_first_page_header_footer
out["footer"] = [p.text for p in s.footer.paragraphs]
out["title"] = d.core_properties.title
out["author"] = d.core_properties.author
out["normal"] = [d.styles["Normal"].font.name, d.styles["Normal"].font.size.pt]
z = zipfile.ZipFile(sys.argv[1])
out["entries"] = z.namelist()
out["dates"] = sorted(set(i.date_time for i in z.infolist()))
out["compressed"] = all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist())
# De-obfuscate the regular face with its key and read its name and coverage.
import re
ft = z.read("word/fontTable.xml").decode()
key = re.search(r'embedRegular r:id="(rId\d+)" w:fontKey="\{([0-9A-F-]+)\}"', ft)
rels = z.read("word/_rels/fontTable.xml.rels").decode()
target = re.search(r'Id="%s"[^>]*Target="([^"]+)"' % key.group(1), rels).group(1)
data = bytearray(z.read("word/" + target))
g = bytes.fromhex(key.group(2).replace("-", ""))[::-1]
for i in range(32):
    data[i] ^= g[i % 16]
f = TTFont(io.BytesIO(bytes(data)))
out["font_family"] = f["name"].getDebugName(1)
out["font_has_kazakh"] = all(ord(c) in f.getBestCmap() for c in "ӘәҒғҚқҢңӨөҰұҮүҺһІі")
out["font_fstype"] = f["OS/2"].fsType
out["styles_lang"] = 'w:lang w:val="kk-KZ"' in z.read("word/styles.xml").decode()
out["settings"] = z.read("word/settings.xml").decode()
print(json.dumps(out, ensure_ascii=False))
"#;
    let json = run(Command::new(python()).args(["-c", script]).arg(&path));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let got: Vec<(String, String)> = v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_str().unwrap().to_string()))
        .collect();
    // Non-empty paragraphs in order: exactly the tree's texts (the empty cell and the page
    // break paragraph carry no text).
    let nonempty: Vec<&str> = got.iter().map(|p| p.0.as_str()).filter(|t| !t.is_empty()).collect();
    let expected = texts(&sample());
    assert_eq!(nonempty, expected.iter().map(String::as_str).collect::<Vec<_>>());
    let style_of = |text: &str| got.iter().find(|p| p.0 == text).map(|p| p.1.as_str()).unwrap();
    assert_eq!(style_of("Әлеуметтік жұмыс жөніндегі маманның лауазымдық нұсқаулығы"), "Heading 1");
    assert_eq!(style_of("1. Жалпы ережелер"), "Heading 2");
    assert_eq!(style_of("Еңбек кодексін;"), "List Paragraph");
    assert_eq!(style_of(&expected[6]), "Body Text");
    assert_eq!(
        style_of("Ескерту: 2-тармақ 2022 жылғы 26 қыркүйектегі № 388 бұйрықтың 8-тармағы бойынша жазылды."),
        "Note"
    );
    assert_eq!(style_of("№ 360 бұйрық"), "Small");
    assert_eq!(v["page"], serde_json::json!([11906, 16838, 1701, 850, 1134, 1134]));
    assert_eq!(v["different_first_page"], true);
    assert_eq!(v["title"], "Әлеуметтік жұмыс жөніндегі маманның лауазымдық нұсқаулығы");
    assert_eq!(v["author"], "«Қарағанды облысының арнаулы әлеуметтік қызметтер көрсету орталығы» КММ");
    assert_eq!(v["normal"], serde_json::json!([TEST_FAMILY, 14.0]));
    assert_eq!(v["dates"], serde_json::json!([[1980, 1, 1, 0, 0, 0]]));
    assert_eq!(v["compressed"], true);
    assert_eq!(v["font_family"], TEST_FAMILY);
    assert_eq!(v["font_has_kazakh"], true);
    assert_eq!(v["font_fstype"], 0);
    assert_eq!(v["styles_lang"], true);
    let entries: Vec<&str> = v["entries"].as_array().unwrap().iter().map(|e| e.as_str().unwrap()).collect();
    assert_eq!(entries[0], "[Content_Types].xml");
    for n in 1..=4 {
        assert!(entries.contains(&format!("word/fonts/font{n}.odttf").as_str()), "{entries:?}");
    }
    let settings = v["settings"].as_str().unwrap();
    let (z, e, t) =
        (settings.find("<w:zoom"), settings.find("<w:embedTrueTypeFonts"), settings.find("<w:defaultTabStop"));
    assert!(z < e && e < t, "settings order: {settings}");
}

#[test]
fn same_bytes_twice_and_across_threads() {
    let fonts = docx_fonts();
    let doc = sample();
    let first = docx::write(&doc, fonts).unwrap();
    assert_eq!(first, docx::write(&doc, fonts).unwrap());
    let results: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    // Each thread first builds another document, so a thread-local counter
                    // left anywhere but at its start would show.
                    let mut other = sample();
                    other.blocks.truncate(4);
                    docx::write(&other, fonts).unwrap();
                    docx::write(&sample(), fonts).unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for r in results {
        assert!(r == first, "a thread wrote different bytes");
    }
    // And a fresh preparation of the same fonts gives the same package.
    let again = DocxFonts::prepare(renamed_fonts(), &texts(&sample()).concat().chars().collect()).unwrap();
    assert!(docx::write(&doc, &again).unwrap() == first, "prepare is not deterministic");
}
