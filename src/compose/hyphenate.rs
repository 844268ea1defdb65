//! The hyphenation pass: soft hyphens (U+00AD) at the Kazakh hyphenator's points in the body text
//! of a document tree, once, before either writer sees it.
//!
//! Both writers then only translate: the PDF line breaker may break at a soft hyphen and draws a
//! hyphen there, the DOCX writer turns it into Word's optional hyphen. Only justified paragraphs,
//! list items and notes are hyphenated: that is where word spaces stretch. Headings, table cells
//! and signatures are set ragged or centred and keep their words whole.

use std::borrow::Cow;

use crate::doc::{Align, Block, Document, Para};
use crate::hyphen::Hyphenator;

pub fn hyphenate(doc: &mut Document, h: &Hyphenator) {
    for block in &mut doc.blocks {
        match block {
            Block::Paragraph(p) | Block::Note(p) => para(p, h),
            Block::List(l) => l.items.iter_mut().for_each(|p| para(p, h)),
            Block::Heading { .. } | Block::Table(_) | Block::Signature(_) | Block::PageBreak => {}
        }
    }
}

fn para(p: &mut Para, h: &Hyphenator) {
    if p.align != Align::Justify {
        return;
    }
    for span in &mut p.spans {
        if let Cow::Owned(text) = h.hyphenate(&span.text) {
            span.text = text;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{List, ListStyle, Meta, Signature, Size, Span};
    use crate::hyphen::SOFT_HYPHEN;

    fn p(align: Align, text: &str) -> Para {
        Para { align, indent: true, size: Size::Normal, spans: vec![Span::plain(text)] }
    }

    #[test]
    fn only_justified_body_text_gets_soft_hyphens() {
        let word = "ұйымдастыруды";
        let mut doc = Document {
            meta: Meta {
                title: "t".into(),
                author: "a".into(),
                subject: "s".into(),
                lang: "kk-KZ".into(),
                identity: "i".into(),
            },
            blocks: vec![
                Block::Heading { level: 2, para: p(Align::Justify, word) },
                Block::Paragraph(p(Align::Justify, word)),
                Block::Paragraph(p(Align::Left, word)),
                Block::List(List { style: ListStyle::Numbered, start: 1, items: vec![p(Align::Justify, word)] }),
                Block::Note(p(Align::Justify, word)),
                Block::Signature(Signature { label: word.into(), name: word.into() }),
            ],
        };
        hyphenate(&mut doc, &Hyphenator::default());
        let shy = |p: &Para| p.text().contains(SOFT_HYPHEN);
        let got: Vec<bool> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading { para, .. } => shy(para),
                Block::Paragraph(para) | Block::Note(para) => shy(para),
                Block::List(l) => shy(&l.items[0]),
                Block::Signature(s) => s.label.contains(SOFT_HYPHEN),
                _ => false,
            })
            .collect();
        assert_eq!(got, [false, true, false, true, true, false]);
        let Block::Paragraph(para) = &doc.blocks[1] else { unreachable!() };
        assert_eq!(para.text(), "ұйым\u{AD}дас\u{AD}ты\u{AD}ру\u{AD}ды".replace("\u{AD}ды", "ды"));
    }
}
