//! The hyphenation pass: soft hyphens (U+00AD) at the Kazakh hyphenator's points in the body text
//! of a document tree, once, before either writer sees it.
//!
//! Both writers then only translate: the PDF line breaker may break at a soft hyphen and draws a
//! hyphen there, the DOCX writer turns it into Word's optional hyphen. Only justified paragraphs,
//! list items and notes are hyphenated: that is where word spaces stretch. Headings, table cells
//! and signatures are set ragged or centred and keep their words whole.
//!
//! The same texts come back again and again: the law items are shared by every organisation, and
//! a batch runs the pass twice per document (the pre-pass that learns the characters, then the
//! job). Each thread therefore remembers what it hyphenated, by text: a text is divided once per
//! thread, and a repeat costs one lookup and one copy instead of the syllable analysis of every
//! word.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use crate::doc::{Align, Block, Document, Para};
use crate::hyphen::Hyphenator;

/// Texts kept per thread before the memo starts afresh (the seed act's body texts are a few
/// hundred; this bounds the memory an unusual batch can hold).
const MEMO_TEXTS: usize = 8192;

/// A thread's hyphenated texts, for one hyphenator: `None` for a text that gets no soft hyphen.
struct Memo {
    h: Hyphenator,
    texts: HashMap<String, Option<String>>,
}

thread_local! {
    static MEMO: RefCell<Option<Memo>> = const { RefCell::new(None) };
}

/// `text` with its soft hyphens, or `None` when it has no break point.
fn hyphenated(text: &str, h: &Hyphenator) -> Option<String> {
    MEMO.with_borrow_mut(|memo| {
        let memo = match memo {
            Some(m) if m.h == *h && m.texts.len() < MEMO_TEXTS => m,
            _ => memo.insert(Memo { h: *h, texts: HashMap::new() }),
        };
        if let Some(done) = memo.texts.get(text) {
            return done.clone();
        }
        let done = match h.hyphenate(text) {
            Cow::Owned(t) => Some(t),
            Cow::Borrowed(_) => None,
        };
        memo.texts.insert(text.to_owned(), done.clone());
        done
    })
}

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
        if let Some(text) = hyphenated(&span.text, h) {
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
    fn a_remembered_text_is_divided_as_a_fresh_one_and_only_for_its_own_hyphenator() {
        let text = "медициналық-педагогикалық түзеу арқылы ұйымдастыруды";
        let (loose, strict) = (Hyphenator::default(), Hyphenator::new(4, 4));
        let want = |h: &Hyphenator| Some(h.hyphenate(text).into_owned());
        assert_ne!(want(&loose), want(&strict), "the case: two hyphenators that divide differently");
        for _ in 0..2 {
            assert_eq!(hyphenated(text, &loose), want(&loose));
            assert_eq!(hyphenated(text, &strict), want(&strict));
        }
        assert_eq!(hyphenated("№ 388", &loose), None, "a text without break points stays as it is");
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
        assert_eq!(para.text(), "ұйым\u{AD}дас\u{AD}ты\u{AD}ру\u{AD}ды");
    }
}
