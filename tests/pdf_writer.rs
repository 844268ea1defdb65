//! The PDF writer checked with the tools a reader would use: `qpdf --check`, `pdffonts`,
//! `pdftotext`, `pdfinfo`. A missing tool fails the test with the command that installs it.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use lauazym::doc::{Align, Block, Document, List, ListStyle, Meta, Para, Signature, Size, Span, Table};
use lauazym::fonts::FontSet;
use lauazym::pdf::{self, Options, PdfFonts};

#[path = "support/act_text.rs"]
mod act_text;
use act_text::{act_paragraphs, body};

fn sample() -> Document {
    let paras = act_paragraphs(38, 22);
    let cell =
        |s: &str| vec![Para { align: Align::Left, indent: false, size: Size::Small, spans: vec![Span::plain(s)] }];
    let mut blocks = vec![
        Block::Heading {
            level: 1,
            para: Para {
                align: Align::Center,
                indent: false,
                size: Size::Normal,
                spans: vec![Span::bold("Әлеуметтік жұмыс жөніндегі маманның лауазымдық нұсқаулығы")],
            },
        },
        Block::Heading {
            level: 2,
            para: Para {
                align: Align::Left,
                indent: true,
                size: Size::Normal,
                spans: vec![Span::bold("1. Білуге тиіс:")],
            },
        },
    ];
    for p in &paras[..12] {
        blocks.push(Block::Paragraph(body(p)));
    }
    blocks.push(Block::List(List {
        style: ListStyle::Numbered,
        start: 1,
        items: paras[12..16].iter().map(|p| body(p)).collect(),
    }));
    blocks.push(Block::List(List {
        style: ListStyle::Bulleted,
        start: 1,
        items: paras[16..19].iter().map(|p| body(p)).collect(),
    }));
    blocks.push(Block::Note(Para {
        align: Align::Left,
        indent: false,
        size: Size::Small,
        spans: vec![Span::plain("Негіз: 2022 жылғы 26 қыркүйектегі № 388 бұйрық, 1-тармақ, «2-тармақ» абзацы.")],
    }));
    blocks.push(Block::Table(Table {
        widths: vec![1, 5, 3, 3],
        borders: true,
        header: true,
        rows: vec![
            vec![cell("№"), cell("Аты-жөні"), cell("Қолы"), cell("Күні")],
            vec![cell("1"), cell("Әбілқасымова Гүлнұр Өмірзаққызы"), cell(""), cell("")],
            vec![cell("2"), cell("Құрманғалиев Үсен Һәшімұлы"), cell(""), cell("")],
        ],
    }));
    blocks.push(Block::Signature(Signature {
        label: "Нұсқаулықпен таныстым:".into(), name: "Ғ. Ж. Іскақова".into()
    }));
    Document {
        meta: Meta {
            title: "Лауазымдық нұсқаулық — әлеуметтік жұмыс жөніндегі маман".into(),
            author: "«Үміт» арнаулы әлеуметтік қызметтер көрсету орталығы".into(),
            subject: "Лауазымдық нұсқаулық".into(),
            lang: "kk-KZ".into(),
            identity: "sample/job-description/social-worker/388".into(),
        },
        blocks,
    }
}

fn chars_of(doc: &Document) -> BTreeSet<char> {
    doc.chars()
}

fn tool(name: &str, args: &[&str], file: &Path) -> (bool, String) {
    let tail: &[&str] = if name == "pdftotext" { &["-"] } else { &[] };
    let out = Command::new(name).args(args).arg(file).args(tail).output().unwrap_or_else(|e| {
        panic!("cannot run `{name}` ({e}): install the PDF tools with `apt-get install poppler-utils qpdf`")
    });
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn normalise(s: &str) -> String {
    // Lines broken after a hyphen join without a space; other whitespace becomes one space.
    let joined = s.replace("-\n", "-");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn write_sample(opts: &Options) -> (Document, pdf::Output, tempfile::TempDir, std::path::PathBuf) {
    let doc = sample();
    let fonts = PdfFonts::prepare(&FontSet::embedded(), &chars_of(&doc)).unwrap();
    let out = pdf::write(&doc, &fonts, opts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.pdf");
    std::fs::write(&path, &out.bytes).unwrap();
    if let Ok(keep) = std::env::var("LAUAZYM_KEEP_PDF") {
        std::fs::write(keep, &out.bytes).unwrap();
    }
    (doc, out, dir, path)
}

#[test]
fn sample_passes_the_reader_tools() {
    let (doc, out, _dir, path) = write_sample(&Options::default());
    assert_eq!(out.pages, 2, "the sample is meant to fill two pages");

    let (ok, text) = tool("qpdf", &["--check"], &path);
    assert!(ok, "qpdf --check failed:\n{text}");
    assert!(!text.contains("WARNING") && text.contains("No syntax or stream encoding errors found"), "{text}");

    let (ok, fonts) = tool("pdffonts", &[], &path);
    assert!(ok, "{fonts}");
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type(2 words: CID TrueType) encoding emb sub uni object ID
        assert!(row.contains("CID TrueType") && row.contains("Identity-H"), "{row}");
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "emb/sub/uni in: {row}");
        assert_eq!(cols[0].as_bytes()[6], b'+', "subset tag in: {row}");
    }
    // Regular and bold are used; italic faces are not, and are not embedded.
    assert_eq!(rows.len(), 2, "{fonts}");

    let (ok, info) = tool("pdfinfo", &[], &path);
    assert!(ok, "{info}");
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.ends_with(" 2")), "{info}");
    assert!(info.contains(&doc.meta.title), "{info}");
    assert!(info.contains(&doc.meta.author), "{info}");
    assert!(!info.contains("PDF subtype"), "no PDF/X claim: {info}");

    let (ok, text) = tool("pdftotext", &["-enc", "UTF-8"], &path);
    assert!(ok, "{text}");
    let got = normalise(&text);
    for b in &doc.blocks {
        let paras: Vec<&Para> = match b {
            Block::Heading { para, .. } | Block::Paragraph(para) | Block::Note(para) => vec![para],
            Block::List(l) => l.items.iter().collect(),
            _ => vec![],
        };
        for p in paras {
            let want = normalise(&p.text());
            assert!(got.contains(&want), "pdftotext lost:\n{want}\n--- in ---\n{got}");
        }
    }
    for s in ["Әбілқасымова Гүлнұр Өмірзаққызы", "Нұсқаулықпен таныстым:", "Ғ. Ж. Іскақова", "1)", "4)", "–"]
    {
        assert!(got.contains(s), "{s} missing in {got}");
    }
}

#[test]
fn same_input_same_bytes() {
    let (_, a, _d1, _) = write_sample(&Options::default());
    let (_, b, _d2, _) = write_sample(&Options::default());
    assert_eq!(a.bytes, b.bytes);
    // Also across threads, with one shared font set.
    let doc = sample();
    let fonts = PdfFonts::prepare(&FontSet::embedded(), &chars_of(&doc)).unwrap();
    let bytes: Vec<Vec<u8>> = std::thread::scope(|s| {
        let hs: Vec<_> =
            (0..2).map(|_| s.spawn(|| pdf::write(&doc, &fonts, &Options::default()).unwrap().bytes)).collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(bytes[0], a.bytes);
    assert_eq!(bytes[1], a.bytes);
}

#[test]
fn pdfa_variant_is_clean_and_declares_itself() {
    let (doc, out, _dir, path) = write_sample(&Options { pdfa: true });
    assert!(out.bytes.starts_with(b"%PDF-1.7\n%"));
    assert!(out.bytes[10..14].iter().all(|&b| b >= 128), "binary comment line");
    let (ok, text) = tool("qpdf", &["--check"], &path);
    assert!(ok && !text.contains("WARNING") && text.contains("No syntax or stream encoding errors found"), "{text}");
    let (ok, meta) = tool("pdfinfo", &["-meta"], &path);
    assert!(ok, "{meta}");
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>") && meta.contains("<pdfaid:conformance>B"), "{meta}");
    assert!(meta.contains(&doc.meta.title.replace('&', "&amp;")), "{meta}");
    // The catalog sits in an object stream: read it back with lopdf.
    let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
    let catalog = pdf.catalog().unwrap();
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    let intent = intents[0].as_dict().unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    let icc = intent.get(b"DestinationOutputProfile").unwrap().as_reference().unwrap();
    let icc = pdf.get_object(icc).unwrap().as_stream().unwrap();
    assert_eq!(icc.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
    let xmp = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let xmp = pdf.get_object(xmp).unwrap().as_stream().unwrap();
    assert!(xmp.dict.get(b"Filter").is_err(), "PDF/A: the XMP stream stays uncompressed");
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"kk-KZ");
}

#[test]
fn a_missing_character_is_an_error_naming_it() {
    let mut doc = sample();
    let fonts = PdfFonts::prepare(&FontSet::embedded(), &chars_of(&doc)).unwrap();
    doc.blocks.push(Block::Paragraph(body("Жаңа әріп: Ꙁ")));
    let err = pdf::write(&doc, &fonts, &Options::default()).unwrap_err();
    assert!(err.to_string().contains("U+A640"), "{err}");
}
