//! Real Kazakh text for writer tests and benches: paragraphs of the seed act (shared by
//! `tests/pdf_writer.rs` and `benches/pdf.rs` through `#[path]`).
#![allow(dead_code)]

use lauazym::doc::{Align, Para, Size, Span};

pub const ACT: &str = include_str!("../../acts/2022-09-26-388.txt");

/// Paragraphs of the seed act's text from line `from` (1-based): an indented line opens a
/// paragraph, other lines continue it. The act's own artifacts do not matter here: it is
/// real Kazakh text with « », №, – and the specific letters.
pub fn act_paragraphs(from: usize, count: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in ACT.lines().skip(from - 1) {
        if line.trim().is_empty() {
            continue;
        }
        let text = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.starts_with("  ") || out.is_empty() {
            if out.len() == count {
                break;
            }
            out.push(text);
        } else {
            let last = out.last_mut().unwrap();
            last.push(' ');
            last.push_str(&text);
        }
    }
    out
}

pub fn body(text: &str) -> Para {
    Para { align: Align::Justify, indent: true, size: Size::Normal, spans: vec![Span::plain(text)] }
}
