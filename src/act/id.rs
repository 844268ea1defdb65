//! The identity of an act, as read from its own header: number and date, registration, the act
//! it amends. It belongs to `act` (which reads it) and is listed by `model`, so neither module
//! needs the other to name an act.

use serde::Serialize;

/// Identity of a loaded act, read from its own header.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ActId {
    /// Order number, e.g. "388".
    pub number: String,
    /// Date of signature, ISO `YYYY-MM-DD`.
    pub date: String,
}

/// A loaded act as the model lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActInfo {
    pub id: ActId,
    pub file: String,
    pub title: String,
    pub issuer: String,
    pub registration: Option<Registration>,
    pub amends: Option<AmendedAct>,
    /// Date of entry into force, when known; `None` = unknown (never guessed).
    pub effective: Option<String>,
    /// How the act enters into force, as it says.
    pub effective_rule: Option<String>,
    pub instructions: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registration {
    pub number: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmendedAct {
    pub number: String,
    pub date: String,
    pub registration: Option<String>,
}
