//! Integration tests: run the built `lauazym` binary as a user would, and check its files with
//! tools nobody here wrote (pdftotext, pdffonts, qpdf, LibreOffice, python-docx).
mod check;
mod export;
mod faults;
mod malformed;
mod model;
mod orgs;
mod review;
mod util;
