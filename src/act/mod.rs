//! Acts: the published plain text of a legal act → repaired text → typed instructions.
//!
//! Three stages, each its own module: `repair` undoes the PDF-extraction artifacts (DOMAIN.md),
//! `grammar` reads the Kazakh amendment instructions, and this module ties them to the act's
//! identity read from its own header. It knows nothing of layout or fonts.

use crate::model::ActInfo;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}:{line}: {what}: {text}")]
    Instruction { file: String, line: u32, text: String, what: String },
}

/// A loaded act.
#[derive(Debug, Clone)]
pub struct Act {
    pub info: ActInfo,
}

/// Load an act from its published text. `file` names it in errors and provenance.
pub fn load(_file: &str, _bytes: &[u8]) -> Result<Act, Error> {
    todo!("act helper")
}
