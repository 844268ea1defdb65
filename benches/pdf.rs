//! PDF writer speed and size, one thread, a two-page job description of the seed act's text.
//! `cargo bench --bench pdf` prints the time per PDF and, once, its size and page count.
//! Goal: ≤ 0.5 ms and ≤ 17 KB per PDF; the fonts are prepared once per batch (measured apart).

use std::collections::BTreeSet;

use criterion::{criterion_group, criterion_main, Criterion};
use lauazym::doc::{Align, Block, Document, List, ListStyle, Meta, Para, Signature, Size, Span, Table};
use lauazym::fonts::FontSet;
use lauazym::pdf::{self, Options, PdfFonts};

#[path = "../tests/support/act_text.rs"]
mod act_text;
use act_text::{act_paragraphs, body};

fn sample() -> Document {
    let paras = act_paragraphs(38, 22);
    let cell =
        |s: &str| vec![Para { align: Align::Left, indent: false, size: Size::Small, spans: vec![Span::plain(s)] }];
    let mut blocks = vec![Block::Heading {
        level: 1,
        para: Para {
            align: Align::Center,
            indent: false,
            size: Size::Normal,
            spans: vec![Span::bold("Әлеуметтік жұмыс жөніндегі маманның лауазымдық нұсқаулығы")],
        },
    }];
    blocks.extend(paras[..12].iter().map(|p| Block::Paragraph(body(p))));
    blocks.push(Block::List(List {
        style: ListStyle::Numbered,
        start: 1,
        items: paras[12..19].iter().map(|p| body(p)).collect(),
    }));
    blocks.push(Block::Table(Table {
        widths: vec![1, 5, 3, 3],
        borders: true,
        header: true,
        rows: vec![
            vec![cell("№"), cell("Аты-жөні"), cell("Қолы"), cell("Күні")],
            vec![cell("1"), cell("Әбілқасымова Гүлнұр Өмірзаққызы"), cell(""), cell("")],
        ],
    }));
    blocks.push(Block::Signature(Signature {
        label: "Нұсқаулықпен таныстым:".into(), name: "Ғ. Ж. Іскақова".into()
    }));
    Document {
        meta: Meta {
            title: "Лауазымдық нұсқаулық".into(),
            author: "«Үміт» орталығы".into(),
            subject: "Лауазымдық нұсқаулық".into(),
            lang: "kk-KZ".into(),
            identity: "bench/job-description/388".into(),
        },
        blocks,
    }
}

fn chars(doc: &Document) -> BTreeSet<char> {
    doc.chars()
}

fn bench(c: &mut Criterion) {
    let doc = sample();
    let set = chars(&doc);
    let fontset = FontSet::embedded();
    let fonts = PdfFonts::prepare(&fontset, &set).unwrap();
    for pdfa in [false, true] {
        let out = pdf::write(&doc, &fonts, &Options { pdfa }).unwrap();
        eprintln!("pdf (pdfa={pdfa}): {} bytes, {} pages, {} distinct chars", out.bytes.len(), out.pages, set.len());
    }
    // On a shared machine wall time includes waiting for a core; the thread's on-CPU time
    // (Linux schedstat, nanoseconds) does not. Printed beside criterion's figures.
    if let Some(t0) = cpu_ns() {
        let n = 2000;
        for _ in 0..n {
            std::hint::black_box(pdf::write(&doc, &fonts, &Options::default()).unwrap());
        }
        if let Some(t1) = cpu_ns() {
            eprintln!("pdf::write on-CPU time: {:.1} µs per PDF ({n} PDFs)", (t1 - t0) as f64 / n as f64 / 1000.0);
        }
    }
    c.bench_function("pdf::write 2 pages", |b| b.iter(|| pdf::write(&doc, &fonts, &Options::default()).unwrap()));
    c.bench_function("pdf::write 2 pages pdfa", |b| {
        b.iter(|| pdf::write(&doc, &fonts, &Options { pdfa: true }).unwrap())
    });
    c.bench_function("PdfFonts::prepare (once per batch)", |b| b.iter(|| PdfFonts::prepare(&fontset, &set).unwrap()));
}

fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

criterion_group!(benches, bench);
criterion_main!(benches);
