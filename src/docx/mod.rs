//! DOCX writer (docx-rs): document tree → DOCX bytes.
