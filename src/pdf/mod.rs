//! PDF writer (printpdf): document tree → PDF bytes.
