//! Composition: where the law (the consolidated model), an organisation's profile and the
//! templates meet, and document trees come out.
//!
//! This is the one module that knows both the law and the shape of a document: a change to a
//! template, to a legal sentence or to how a profile is printed is made here. It reads `model`,
//! `org` and `kk`, and produces `doc` trees; the writers never see anything of it.
//!
//! - `templates`: the handlebars set (embedded defaults, overridable file by file);
//! - `documents`: typed template contexts → the job description and the change sheet;
//! - `printable`: a loaded profile (or the typical set) as an organisation ready to print.

pub mod documents;
pub mod printable;
pub mod templates;

pub use documents::{OrgCtx, Signers, StaffCtx};
pub use printable::{position_slug, printable, typical, Employee, PrintableOrg, StaffedPosition};
pub use templates::Templates;
