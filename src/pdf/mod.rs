//! PDF writer (printpdf): document tree → PDF bytes.
//!
//! `flow` lays the document out into pages of positioned runs (pure, testable with a fake font);
//! `font` subsets the faces once per batch into [`PdfFonts`]; `emit` turns pages into printpdf
//! operations and the PDF objects into bytes. It reads only `layout` and `fonts`.

pub mod flow;
