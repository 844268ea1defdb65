//! DOCX writer speed and size: one thread, a ~2-page job description with the embedded font.
//! Goal ≤ 1 ms and ≤ 50 KB per DOCX (first goal < 2 ms, < 60 KB).
//!
//! `cargo bench --bench docx` prints the package and font-part sizes before criterion's timings.
//!
//! Measured 2026-11-25 (2 shared cores, other builds running): 0.49 ms per DOCX (0.46–0.76 ms
//! under varying load; callgrind ~4.9 M instructions), 58 925 bytes, of which the four
//! embedded faces (198 glyphs each) are 50.4 KB (three faces, as a default batch embeds: ~38 KB);
//! `prepare` 4 ms once per batch.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use lauazym::doc::{Align, Block, Document, List, ListStyle, Meta, Para, Signature, Size, Span, Table};
use lauazym::docx::{self, DocxFonts};
use lauazym::fonts::FontSet;
use std::collections::BTreeSet;

fn para(text: &str) -> Para {
    Para { align: Align::Justify, indent: true, size: Size::Normal, spans: vec![Span::plain(text)] }
}

fn left(text: &str) -> Para {
    Para { align: Align::Left, indent: false, size: Size::Normal, spans: vec![Span::plain(text)] }
}

/// About two A4 pages: approval block, title, five sections of points with numbered lists.
fn document() -> Document {
    let items = [
        "Қазақстан Республикасының Конституциясын;",
        "Еңбек кодексін;",
        "Мемлекеттік әлеуметтік жәрдемақылар туралы заңды;",
        "\"Рұқсаттар және хабарламалар туралы\" Қазақстан Республикасының Заңын (бұдан әрі – Рұқсаттар және хабарламалар туралы заң);",
        "жұмыспен қамтуға жәрдемдесудің белсенді шараларын іске асыру жөніндегі іс-шараларды және олардың тиімділігін бағалау әдістемесін әзірлеу тәртібін;",
        "Өрт қауiпсiздiгi қағидаларын.",
    ];
    let mut blocks = vec![
        Block::Table(Table {
            widths: vec![9, 7],
            borders: false,
            header: false,
            rows: vec![vec![
                vec![],
                vec![
                    Para { spans: vec![Span::bold("БЕКІТЕМІН")], ..left("") },
                    left("«Қарағанды облысының арнаулы әлеуметтік қызметтер көрсету орталығы» КММ директоры"),
                    left("__________ А. Б. Сәрсенова"),
                    left("2024 жылғы «___» __________"),
                ],
            ]],
        }),
        Block::Heading {
            level: 1,
            para: Para {
                align: Align::Center,
                spans: vec![Span::bold("Әлеуметтік жұмыс жөніндегі маманның лауазымдық нұсқаулығы")],
                ..left("")
            },
        },
    ];
    for section in 1..=5 {
        blocks.push(Block::Heading {
            level: 2, para: left(&format!("{section}. Лауазымдық міндеттері"))
        });
        blocks.push(Block::Paragraph(para(
            "Осы лауазымдық нұсқаулық Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрінің 2022 жылғы 26 қыркүйектегі № 388 бұйрығымен өзгертілген үлгілік біліктілік сипаттамаларына сәйкес әзірленді.",
        )));
        blocks.push(Block::List(List {
            style: ListStyle::Numbered,
            start: 1,
            items: items.iter().map(|t| para(t)).collect(),
        }));
        blocks.push(Block::Note(Para {
            size: Size::Small,
            ..para("Ескерту: № 388 бұйрықтың 8-тармағы бойынша жазылды.")
        }));
    }
    blocks.push(Block::List(List {
        style: ListStyle::Bulleted,
        start: 1,
        items: vec![para("демографиялық ахуалын;")],
    }));
    blocks.push(Block::Signature(Signature {
        label: "Нұсқаулықпен таныстым:".into(),
        name: "Ә. Ғ. Құрманғазиева".into(),
    }));
    Document {
        meta: Meta {
            title: "Әлеуметтік жұмыс жөніндегі маманның лауазымдық нұсқаулығы".into(),
            author: "«Қарағанды облысының арнаулы әлеуметтік қызметтер көрсету орталығы» КММ".into(),
            subject: "Лауазымдық нұсқаулық".into(),
            lang: "kk-KZ".into(),
            identity: "bench/job-description/social-worker".into(),
        },
        blocks,
    }
}

fn bench(c: &mut Criterion) {
    let fonts = FontSet::embedded();
    let t = std::time::Instant::now();
    let docx_fonts = DocxFonts::prepare(&fonts, &BTreeSet::new()).unwrap();
    let prepare = t.elapsed();
    let doc = document();
    let bytes = docx::write(&doc, &docx_fonts).unwrap();
    println!("prepare (once per batch): {:.1} ms", prepare.as_secs_f64() * 1e3);
    println!("DOCX: {} bytes ({} blocks)", bytes.len(), doc.blocks.len());
    for f in docx_fonts.faces() {
        println!(
            "  {}: {} glyphs, {} bytes subset, {} bytes compressed",
            f.postscript, f.glyphs, f.bytes, f.compressed
        );
    }
    // What a batch embeds when it prints no bold italic (the default templates): three faces.
    let three = DocxFonts::prepare_faces(&fonts, &BTreeSet::new(), [true, true, true, false]).unwrap();
    println!("DOCX with the three faces a default batch uses: {} bytes", docx::write(&doc, &three).unwrap().len());
    c.bench_function("docx::write (2 pages, embedded font)", |b| {
        b.iter(|| docx::write(black_box(&doc), &docx_fonts).unwrap())
    });
    c.bench_function("docx::write (2 pages, three embedded faces)", |b| {
        b.iter(|| docx::write(black_box(&doc), &three).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
