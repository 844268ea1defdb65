//! Organisations as spreadsheets, tested as an HR office would use them: workbooks that another
//! program wrote (LibreOffice), a template filled in by another program (openpyxl), and a corpus
//! of the things spreadsheets do to data, each with the message and the cell it must name.

mod corpus;
mod libreoffice;
