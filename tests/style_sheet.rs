//! One style sheet, two formats: every attribute of the markup, rendered by our PDF writer and by
//! LibreOffice from our DOCX, must land in the same place, in the same face and size.
//!
//! Both PDFs are read back with `pdftotext -bbox` (poppler), a tool neither writer shares code
//! with. Every word of the test document is unique, so each word of our PDF is found in
//! LibreOffice's and compared: its left and right edges (alignment and indents; both to 2 pt),
//! its width (a bold word is wider, an 11 pt word narrower: face and size) and its height
//! relative to a body word (size). Vertical positions are not compared: Word and LibreOffice space
//! "1.15 lines" from the font's ascent and descent, the PDF writer from the type size, and that
//! difference is known and left alone here.

use lauazym::doc::{markup, Document, Meta};
use lauazym::docx::{self, DocxFonts};
use lauazym::fonts::FontSet;
use lauazym::pdf::{self, PdfFonts};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every markup attribute: heading levels and their alignments, paragraph alignments, indent,
/// small, inline bold and italic, notes, numbered and bulleted lists, a bordered table with a
/// header row, a signature. Each word occurs once (a digit suffix where Kazakh would repeat).
const MARKUP: &str = "
::h1
ОРТАЛЫҚ ТАҚЫРЫП
::h1 left
СОЛҒА ТУРАЛҒАН АТАУ
::h2
Екінші деңгейлі бөлім
::h2 center
Ортадағы бөлімше
::p left
Солға қисынды жол1.
::p center
Ортаға қойылған жол2.
::p right
Оңға ығысқан жол3.
::p justify
Бір жолдық туралау4.
::p indent
Шегініспен басталатын азат5.
::p small
Кішкентай әріппен терілген6.
::p small right
Ұсақ оң жақтағы7.
::p left
Қалыпты **жуан** сонан //көлбеу// тағы **//екеуі//** сөздер8.
::note
Ескертпе: 2022 жылғы дереккөз9.
::note center
Орталықтағы ескертпе10.
::list numbered 3
бірінші тармақша11
екінші тармақша12
::list bulleted
сызықшамен басталған13
::table 30,70 borders header
::row
::cell
Нөмірі14
::cell
Мазмұны15
::row
::cell
Жасуша16
::cell
::p right
Оңдағы17
::end
::signature
Танысқан18:
А. Б. Сәрсенов19
";

fn document() -> Document {
    Document {
        meta: Meta {
            title: "Стиль кестесі".into(),
            author: "lauazym".into(),
            subject: String::new(),
            lang: "kk-KZ".into(),
            identity: "test/style-sheet".into(),
        },
        blocks: markup::parse("style-sheet test", MARKUP).expect("the test markup parses"),
    }
}

fn tool(name: &str, install: &str) -> PathBuf {
    let found = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file()));
    found.unwrap_or_else(|| panic!("`{name}` is required for this test: install it with `{install}`"))
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("tool runs");
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A word on a page, as poppler places it (points, origin top left).
#[derive(Debug, Clone)]
struct Word {
    text: String,
    page: usize,
    x_min: f32,
    x_max: f32,
    height: f32,
}

fn attr(tag: &str, name: &str) -> f32 {
    let key = format!("{name}=\"");
    let at = tag.find(&key).unwrap_or_else(|| panic!("no {name} in {tag}")) + key.len();
    tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
}

/// `pdftotext -bbox` output → words, with XML entities undone.
fn words(pdf: &Path) -> Vec<Word> {
    let html = run(Command::new(tool("pdftotext", "apt-get install poppler-utils")).arg("-bbox").arg(pdf).arg("-"));
    let mut out = Vec::new();
    let mut page = 0;
    for piece in html.split('<').skip(1) {
        if piece.starts_with("page ") {
            page += 1;
        } else if let Some(tag) = piece.strip_prefix("word ") {
            let (attrs, text) = tag.split_once('>').unwrap();
            let text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
            out.push(Word {
                text,
                page,
                x_min: attr(attrs, "xMin"),
                x_max: attr(attrs, "xMax"),
                height: attr(attrs, "yMax") - attr(attrs, "yMin"),
            });
        }
    }
    out
}

#[test]
fn pdf_and_docx_agree_on_alignment_indents_faces_and_sizes() {
    let doc = document();
    let fonts = FontSet::embedded();
    let chars = doc.chars();
    let dir = tempfile::tempdir().unwrap();

    let ours = dir.path().join("ours.pdf");
    let pdf_fonts = PdfFonts::prepare(&fonts, &chars).unwrap();
    std::fs::write(&ours, pdf::write(&doc, &pdf_fonts, &Default::default()).unwrap().bytes).unwrap();

    let docx_path = dir.path().join("word.docx");
    let docx_fonts = DocxFonts::prepare(&fonts, &chars).unwrap();
    std::fs::write(&docx_path, docx::write(&doc, &docx_fonts).unwrap()).unwrap();
    let soffice = tool("soffice", "apt-get install libreoffice-writer-nogui");
    run(Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", dir.path().join("lo-profile").display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx_path));
    let theirs = dir.path().join("word.pdf");
    assert!(theirs.is_file(), "LibreOffice wrote no PDF");
    if let Some(keep) = std::env::var_os("LAUAZYM_KEEP_PDF") {
        std::fs::copy(&ours, Path::new(&keep).join("style-ours.pdf")).unwrap();
        std::fs::copy(&theirs, Path::new(&keep).join("style-libreoffice.pdf")).unwrap();
    }

    let ours = words(&ours);
    let theirs = words(&theirs);
    // Every word of the markup is on the page, once, in both.
    let expected: Vec<String> = MARKUP
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("::"))
        .flat_map(|l| l.replace("**", "").replace("//", "").split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect();
    for w in &expected {
        assert_eq!(ours.iter().filter(|o| &o.text == w).count(), 1, "«{w}» in our PDF: {ours:#?}");
        assert_eq!(theirs.iter().filter(|o| &o.text == w).count(), 1, "«{w}» in LibreOffice's PDF: {theirs:#?}");
    }

    // Poppler's word height comes from each font program's ascent and descent, which the two
    // writers' subsets state differently: compare heights relative to a body-text word.
    let reference = |words: &[Word]| words.iter().find(|w| w.text == "Солға").expect("reference word").height;
    let (our_unit, their_unit) = (reference(&ours), reference(&theirs));
    let mut problems = Vec::new();
    for o in &ours {
        let Some(t) = theirs.iter().find(|t| t.text == o.text) else {
            problems.push(format!("«{}»: only in our PDF", o.text));
            continue;
        };
        let width = |w: &Word| w.x_max - w.x_min;
        let checks = [
            ("page", o.page as f32, t.page as f32, 0.0),
            // Alignment and indents: the word's edges.
            ("left edge", o.x_min, t.x_min, 2.0),
            ("right edge", o.x_max, t.x_max, 2.0),
            // Face and size: a bold word is ~5 % wider, an 11 pt word 21 % narrower.
            ("width", width(o), width(t), 0.02 * width(o).max(10.0)),
            ("relative height", o.height / our_unit, t.height / their_unit, 0.03),
        ];
        for (what, ours, theirs, tolerance) in checks {
            if (ours - theirs).abs() > tolerance {
                problems.push(format!("«{}»: {what} {ours:.1} in our PDF, {theirs:.1} in LibreOffice's", o.text));
            }
        }
    }
    assert!(problems.is_empty(), "the formats disagree:\n{}", problems.join("\n"));
}
