//! The consolidated model: every position with its duties, must-know list and qualification
//! requirements as in force after the loaded acts, each element carrying its provenance.
//!
//! Built by `consolidate` from an optional base act plus amending acts in date order. Without a
//! base, the model holds exactly what the amending acts establish and marks everything else
//! `NotSet`: lauazym never fills in law text (DOMAIN.md). It knows nothing of layout or fonts.

use serde::Serialize;
use std::collections::BTreeMap;

/// The act-identity types live with the acts that carry them (`act::id`); the model lists them.
pub use crate::act::id::{ActId, ActInfo, AmendedAct, Registration};

/// Where an element of the model comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    pub act: ActId,
    /// The file the act was loaded from (as given, or the embedded default's name).
    pub file: String,
    /// Point (`тармақ`) of the typical characteristics the element belongs to.
    pub point: u32,
    /// Abzac within that point (1 = the point's own heading line), when the element is one.
    pub abzac: Option<u32>,
    /// 1-based line of the act file where the instruction that set the element starts.
    pub line: u32,
    /// The instruction as it reads in the repaired act (for change sheets and audits).
    pub instruction: String,
    /// A consolidated base's footnotes on this element (`Ескерту. …`: which act set it, when).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<crate::act::Footnote>,
}

/// One abzac of a point, with its text as in force and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub abzac: u32,
    pub text: String,
    pub provenance: Provenance,
}

/// The three sections of a position, in the order of its three points (DOMAIN.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// `Лауазымдық міндеттері:`
    Duties,
    /// `Білуге тиіс:`
    MustKnow,
    /// `Біліктілікке қойылатын талаптар:`
    Requirements,
}

impl SectionKind {
    pub const ALL: [SectionKind; 3] = [SectionKind::Duties, SectionKind::MustKnow, SectionKind::Requirements];

    /// The section heading as the typical characteristics word it.
    pub fn heading_kk(self) -> &'static str {
        match self {
            SectionKind::Duties => "Лауазымдық міндеттері",
            SectionKind::MustKnow => "Білуге тиіс",
            SectionKind::Requirements => "Біліктілікке қойылатын талаптар",
        }
    }

    /// Offset of the section's point within the position's three points.
    pub fn offset(self) -> u32 {
        match self {
            SectionKind::Duties => 0,
            SectionKind::MustKnow => 1,
            SectionKind::Requirements => 2,
        }
    }
}

/// What the loaded acts establish for one section (one point).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum SectionState {
    /// The whole point is known: its heading line (abzac 1) and every following abzac.
    Whole { heading: Item, items: Vec<Item> },
    /// Only some abzacs are known (an amendment replaced them); the others are not set by the
    /// loaded acts. Keyed by abzac number.
    Partial { abzacs: BTreeMap<u32, Item> },
    /// The loaded acts say nothing about this point.
    NotSet,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub kind: SectionKind,
    pub point: u32,
    #[serde(flatten)]
    pub state: SectionState,
}

/// Something the model concludes rather than reads: recorded with its reasons, overridden by a
/// base act that says otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inference {
    pub claim: String,
    pub reasons: Vec<String>,
}

/// Chapter (`тарау`) and paragraph (`параграф`) of a position, when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placement {
    pub chapter: u32,
    pub paragraph: u32,
    /// `None` when an act states it; `Some` when it is inferred.
    pub inference: Option<Inference>,
}

/// A title, as given by an act (with provenance).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Title {
    pub text: String,
    pub provenance: Provenance,
}

/// One position of the typical characteristics: three consecutive points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Its three points, e.g. `[61, 62, 63]`.
    pub points: [u32; 3],
    pub placement: Option<Placement>,
    /// `None`: the loaded acts give no title (an organisation's profile may).
    pub title: Option<Title>,
    /// Duties, must-know, requirements, in that order.
    pub sections: [Section; 3],
}

impl Position {
    pub fn section(&self, kind: SectionKind) -> &Section {
        &self.sections[kind.offset() as usize]
    }
    pub fn first_point(&self) -> u32 {
        self.points[0]
    }
}

/// One change an amending act makes, as a change sheet lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Points of the position it touches (to group changes by position).
    pub point: u32,
    /// `Some(n)` for an abzac edit, `None` for a whole point, a title or the corner.
    pub abzacs: Vec<u32>,
    /// What the act does, in Kazakh as the act words it (e.g. "62-тармақ мынадай редакцияда жазылсын").
    pub instruction: String,
    /// The new wording (empty for a deletion).
    pub new_text: Vec<String>,
    /// The wording it replaces or deletes, as known before it applied (the words themselves for
    /// a word replacement; empty where the loaded acts do not know it).
    pub old_text: Vec<String>,
    /// The typed edit: every unit it addresses in a field of its own (`op` names the kind).
    pub edit: crate::act::Edit,
    pub provenance: Provenance,
}

/// A consolidation warning an HR officer needs (the same unit set twice, acts amending different
/// orders, a heading against the inferred section, another order's instructions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub file: String,
    pub line: u32,
    pub message: String,
}

/// An instruction recorded and shown, but applied to no position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    pub act: ActId,
    pub file: String,
    pub line: u32,
    pub instruction: String,
    pub edit: crate::act::Edit,
    /// Why it is not applied.
    pub why: String,
}

/// The review trail: what the loader repaired and was unsure of, per act; what consolidation
/// warns about; and what it lists without applying.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Trail {
    pub acts: Vec<crate::act::Review>,
    pub warnings: Vec<Notice>,
    pub listed: Vec<Listed>,
}

impl Trail {
    /// Repairs over all acts.
    pub fn repairs(&self) -> usize {
        self.acts.iter().map(|a| a.repairs.len()).sum()
    }
    /// Loader and consolidation warnings.
    pub fn warning_count(&self) -> usize {
        self.acts.iter().map(|a| a.warnings.len()).sum::<usize>() + self.warnings.len()
    }
    /// Every warning as `file:line: message` lines, loader warnings first.
    pub fn warning_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for a in &self.acts {
            for w in &a.warnings {
                let mut s = format!("{}:{}: `{}`: {}", a.file, w.line, w.token, w.message);
                for c in &w.candidates {
                    s.push_str(&format!("\n    candidate: {c}"));
                }
                out.push(s);
            }
        }
        out.extend(self.warnings.iter().map(|n| format!("{}:{}: {}", n.file, n.line, n.message)));
        out
    }
}

/// The consolidated model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Model {
    /// Repairs, warnings and listed instructions: what a reviewer checks before printing.
    pub review: Trail,
    pub base: Option<ActInfo>,
    /// Amending acts in the order applied (date order).
    pub acts: Vec<ActInfo>,
    /// The upper-right corner approval note of the appendix, when an act sets it.
    pub corner: Option<Title>,
    /// Positions, ordered by first point.
    pub positions: Vec<Position>,
    /// Every change of every amending act, in act order then source order.
    pub changes: Vec<(ActId, Vec<Change>)>,
    /// Conclusions drawn rather than read (point triplets, chapter/§ placement).
    pub inferences: Vec<Inference>,
}

impl Model {
    /// The position that holds `point`, if any.
    pub fn position_of(&self, point: u32) -> Option<&Position> {
        self.positions.iter().find(|p| p.points.contains(&point))
    }
}

mod consolidate;
pub mod review;
mod table;
pub use consolidate::{consolidate, Error};
pub use table::table;
