//! Consolidation: apply amending acts (date order) to an optional base act.
use super::Model;
use crate::act::Act;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}:{line}: {what}")]
    Target { file: String, line: u32, what: String },
}

/// Build the consolidated model. Without `base`, the model holds exactly what `acts` establish.
pub fn consolidate(_base: Option<&Act>, _acts: &[Act]) -> Result<Model, Error> {
    todo!("act helper")
}
