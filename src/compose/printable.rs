//! An organisation ready to print: a loaded profile resolved against the model (or the typical
//! pseudo-organisation), with its template set and the contexts its documents are built from.

use super::documents::{date_plain, OrgCtx, StaffCtx, BLANK_DATE};
use super::templates::Templates;
use crate::model::{Model, Position};
use crate::{org, slug};
use std::sync::Arc;

/// An organisation ready to print: its context, its staffed positions and its templates.
pub struct PrintableOrg {
    pub ctx: OrgCtx,
    pub templates: Arc<Templates>,
    pub positions: Vec<StaffedPosition>,
    pub employees: Vec<Employee>,
    /// The profile file, for error messages and the manifest.
    pub source: String,
}

/// One position of an organisation (or of the typical set), resolved against the model.
pub struct StaffedPosition {
    /// 1-based order in the organisation's staff list (the `NN` of file names).
    pub number: usize,
    /// Index into `Model::positions`.
    pub typical: usize,
    pub slug: String,
    pub staff: StaffCtx,
}

/// An employee, for the personnel-file copies.
pub struct Employee {
    pub name: String,
    pub personnel_no: String,
    /// Folder name: personnel number and name, transliterated (`0002-omarov-daulet`).
    pub slug: String,
    /// Index into `PrintableOrg::positions`.
    pub position: usize,
}

/// The typical documents of every position of the model, under the pseudo-organisation "typical".
pub fn typical(model: &Model, templates: Arc<Templates>) -> PrintableOrg {
    let positions = model
        .positions
        .iter()
        .enumerate()
        .map(|(i, p)| StaffedPosition {
            number: i + 1,
            typical: i,
            slug: position_slug(p, None),
            staff: StaffCtx::default(),
        })
        .collect();
    PrintableOrg { ctx: OrgCtx::typical(), templates, positions, employees: vec![], source: "typical".into() }
}

/// The file-name part of a position: the organisation's own title, else the act's, else its points.
pub fn position_slug(p: &Position, own_title: Option<&str>) -> String {
    match own_title.or(p.title.as_ref().map(|t| t.text.as_str())) {
        Some(t) => slug::slug(t),
        None => format!("points-{}-{}", p.points[0], p.points[2]),
    }
}

/// A loaded profile, resolved against the model, ready to print with `templates`.
pub fn printable(o: &org::Organisation, model: &Model, templates: Arc<Templates>) -> Result<PrintableOrg, org::Error> {
    let staffed = o.resolve(model)?;
    let ctx = OrgCtx {
        slug: o.slug.clone(),
        name: o.name_kk.clone(),
        bin: Some(o.bin.to_string()),
        head_position: o.head.position.clone(),
        head_signature: o.head.initials_surname(),
        approval: true,
        approval_date: o.approval_date.map(|d| date_plain(&d.to_string())).unwrap_or_else(|| BLANK_DATE.to_string()),
    };
    let positions = staffed
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Ok(StaffedPosition {
                number: i + 1,
                typical: typical_index(o, model, s)?,
                slug: position_slug(s.typical, Some(&s.position.title)),
                staff: StaffCtx {
                    title: Some(s.position.title.clone()),
                    department: s.position.department.clone(),
                    headcount: Some(s.position.headcount),
                    extra_duties: s.position.extra_duties.clone(),
                    rights: s.position.rights.clone(),
                    responsibilities: s.position.responsibilities.clone(),
                    employees: s.employees.iter().map(|e| e.name.clone()).collect(),
                },
            })
        })
        .collect::<Result<Vec<_>, org::Error>>()?;
    let employees = o
        .employees
        .iter()
        .filter_map(|e| {
            let position = staffed.iter().position(|s| s.position.id == e.position)?;
            Some(Employee {
                name: e.name.clone(),
                personnel_no: e.personnel_no.clone(),
                slug: e.slug.clone(),
                position,
            })
        })
        .collect();
    Ok(PrintableOrg { ctx, templates, positions, employees, source: o.file.clone() })
}

/// Where a resolved position sits in `model.positions`. `resolve` hands out references into that
/// vector, so this always finds it; were it ever not so, the profile is refused by name rather
/// than printed with another position's law text.
fn typical_index(o: &org::Organisation, model: &Model, s: &org::Staffed) -> Result<usize, org::Error> {
    model.positions.iter().position(|q| std::ptr::eq(q, s.typical)).ok_or_else(|| org::Error::Unresolved {
        file: o.file.clone(),
        problems: vec![org::Problem {
            at: s.position.follows_at.clone(),
            kind: org::ProblemKind::NotInModel {
                id: s.position.id.clone(),
                follows: s.position.follows.clone(),
                hint: "resolved against another model".into(),
            },
        }],
    })
}
