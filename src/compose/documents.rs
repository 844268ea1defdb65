//! The documents lauazym prints, as typed template contexts → blocks.
//!
//! Each context is a `Serialize` struct built once per organisation and extended per document
//! (as mdBook's render context, but typed). The law text it carries comes only from the model;
//! the rest comes from the organisation's profile. Where the acts are silent the context says so
//! in words that end up on the page — never a blank that could be mistaken for "nothing required".

use super::templates::{Error, Templates};
use crate::doc::{Document, Meta};
use crate::model::{ActId, ActInfo, Change, Item, Model, Position, SectionKind, SectionState};
use serde::Serialize;

pub use crate::kk::{date_of, date_plain};

/// The organisation as documents show it (built by the batch from a profile, or `typical()`).
#[derive(Debug, Clone, Serialize)]
pub struct OrgCtx {
    pub slug: String,
    pub name: String,
    pub bin: Option<String>,
    pub head_position: String,
    /// Initials and surname, as signed: "А. Сапарова".
    pub head_signature: String,
    /// Whether the document carries an approval block (organisation printouts do; typical ones
    /// carry the act's own corner note instead).
    pub approval: bool,
    /// "2024 жылғы 15 қаңтар", or a blank to fill in by hand.
    pub approval_date: String,
}

impl OrgCtx {
    /// The pseudo-organisation of typical documents: the text of the acts, nobody's approval.
    pub fn typical() -> OrgCtx {
        OrgCtx {
            slug: "typical".into(),
            name: "Үлгілік лауазымдық нұсқаулықтар".into(),
            bin: None,
            head_position: String::new(),
            head_signature: String::new(),
            approval: false,
            approval_date: String::new(),
        }
    }
}

/// A position as the organisation staffs it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StaffCtx {
    /// The organisation's own title of the position.
    pub title: Option<String>,
    pub department: Option<String>,
    pub headcount: Option<u32>,
    pub extra_duties: Vec<String>,
    pub rights: Vec<String>,
    pub responsibilities: Vec<String>,
    /// Names of the employees in this position (rows of the acknowledgment table).
    pub employees: Vec<String>,
}

/// Who signs the acknowledgment: the whole staff of the position, or one employee (personnel file).
#[derive(Debug, Clone)]
pub enum Signers<'a> {
    Staff,
    One(&'a str),
}

#[derive(Serialize)]
struct ActCtx {
    number: String,
    date_kk: String,
    issuer_of: String,
    registration: Option<RegCtx>,
    effective: Option<String>,
    effective_rule: String,
}

#[derive(Serialize)]
struct RegCtx {
    number: String,
}

#[derive(Serialize)]
struct PositionCtx {
    title: String,
    title_note: Option<String>,
}

#[derive(Serialize)]
struct ItemCtx {
    text: String,
}

#[derive(Serialize)]
struct SectionCtx {
    number: u32,
    heading: &'static str,
    items: Vec<ItemCtx>,
    not_set: Option<String>,
    notes: Vec<String>,
    org_heading: &'static str,
    org_items: Vec<String>,
}

#[derive(Serialize)]
struct AckRow {
    n: usize,
    name: String,
}

#[derive(Serialize)]
struct AckCtx {
    heading: &'static str,
    rows: Vec<AckRow>,
}

#[derive(Serialize)]
struct JobDescriptionCtx<'a> {
    org: &'a OrgCtx,
    corner: Option<Vec<String>>,
    position: PositionCtx,
    general: Vec<String>,
    sections: Vec<SectionCtx>,
    rights: Vec<String>,
    rights_number: u32,
    responsibilities: Vec<String>,
    responsibilities_number: u32,
    ack: AckCtx,
}

#[derive(Serialize)]
struct ChangeCtx {
    n: usize,
    instruction: String,
    new_text: Vec<String>,
    note: String,
}

#[derive(Serialize)]
struct ChangeSheetCtx<'a> {
    org: &'a OrgCtx,
    corner: Option<Vec<String>>,
    position: PositionCtx,
    act: ActCtx,
    changes: Vec<ChangeCtx>,
    ack: AckCtx,
}

/// An approval date left for the head to write by hand.
pub const BLANK_DATE: &str = "20___ жылғы «___» ______________";

fn act_ctx(info: &ActInfo) -> ActCtx {
    // The header names the issuer in the nominative ("… министрі"); a citation needs the genitive.
    let issuer_of = if info.issuer.ends_with("нің") || info.issuer.ends_with("ның") || info.issuer.is_empty() {
        info.issuer.clone()
    } else if info.issuer.ends_with('і') || info.issuer.ends_with('е') || info.issuer.ends_with('ә') {
        format!("{}нің", info.issuer)
    } else {
        format!("{}ның", info.issuer)
    };
    ActCtx {
        number: info.id.number.clone(),
        date_kk: date_of(&info.id.date),
        issuer_of,
        registration: info.registration.as_ref().map(|r| RegCtx { number: r.number.clone() }),
        effective: info.effective.as_ref().map(|d| date_of(d)),
        effective_rule: info.effective_rule.clone().unwrap_or_else(|| "жүктелген актіде көрсетілмеген.".into()),
    }
}

fn short_act(id: &ActId) -> String {
    format!("{} № {} бұйрық", date_of(&id.date), id.number)
}

fn points_label(p: &Position) -> String {
    format!("{}–{}-тармақтар", p.points[0], p.points[2])
}

fn position_ctx(p: &Position, staff: &StaffCtx) -> PositionCtx {
    let act_title = p.title.as_ref().map(|t| t.text.clone());
    match (&staff.title, act_title) {
        (Some(own), Some(act)) if *own != act => PositionCtx {
            title: own.clone(),
            title_note: Some(format!("Үлгілік біліктілік сипаттамаларындағы атауы: {act}")),
        },
        (Some(own), _) => PositionCtx { title: own.clone(), title_note: None },
        (None, Some(act)) => PositionCtx { title: act, title_note: None },
        (None, None) => PositionCtx {
            title: "Лауазым атауы жүктелген актілерде белгіленбеген".into(),
            title_note: Some(format!("Үлгілік біліктілік сипаттамаларының {}", points_label(p))),
        },
    }
}

fn ack(heading: &'static str, staff: &StaffCtx, signers: &Signers) -> AckCtx {
    let mut names: Vec<String> = match signers {
        Signers::One(name) => vec![name.to_string()],
        Signers::Staff => staff.employees.clone(),
    };
    if matches!(signers, Signers::Staff) {
        // Blank rows for vacancies, and at least three for a typical document.
        let rows = staff.headcount.map(|h| h as usize).unwrap_or(3).max(names.len());
        names.resize(rows, String::new());
    }
    AckCtx { heading, rows: names.into_iter().enumerate().map(|(i, name)| AckRow { n: i + 1, name }).collect() }
}

/// Provenance notes: one line per act, naming the point and the abzacs it set.
fn notes(point: u32, items: &[&Item], whole: bool) -> Vec<String> {
    let mut by_act: Vec<(&ActId, Vec<u32>, u32)> = Vec::new();
    for it in items {
        match by_act.iter_mut().find(|(a, _, _)| **a == it.provenance.act) {
            Some((_, abz, _)) => abz.push(it.abzac),
            None => by_act.push((&it.provenance.act, vec![it.abzac], it.provenance.line)),
        }
    }
    by_act
        .into_iter()
        .map(|(act, abz, line)| {
            if whole {
                return format!(
                    "Дереккөз: {}, {point}-тармақтың жаңа редакциясы (актінің {line}-жолы).",
                    short_act(act)
                );
            }
            let list = abz.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
            format!("Дереккөз: {}, {point}-тармақтың {list}-абзацы (актінің {line}-жолынан бастап).", short_act(act))
        })
        .collect()
}

fn section_ctx(number: u32, kind: SectionKind, p: &Position, staff: &StaffCtx) -> SectionCtx {
    let section = p.section(kind);
    let point = section.point;
    let (items, not_set, notes) = match &section.state {
        SectionState::Whole { heading, items } => {
            let mut all: Vec<&Item> = vec![heading];
            all.extend(items.iter());
            (items.iter().map(|i| ItemCtx { text: i.text.clone() }).collect(), None, notes(point, &all, true))
        }
        SectionState::Partial { abzacs } => {
            let known: Vec<&Item> = abzacs.values().collect();
            let numbers = abzacs.keys().map(u32::to_string).collect::<Vec<_>>().join(", ");
            (
                known.iter().map(|i| ItemCtx { text: i.text.clone() }).collect(),
                Some(format!(
                    "Жүктелген актілер {point}-тармақтың тек {numbers}-{} белгілейді; тармақтың қалған мәтіні жүктелген актілерде белгіленбеген.",
                    if abzacs.len() > 1 { "абзацтарын" } else { "абзацын" }
                )),
                notes(point, &known, false),
            )
        }
        SectionState::NotSet => (vec![], Some(format!("{point}-тармақ жүктелген актілерде белгіленбеген.")), vec![]),
    };
    let org_items = if kind == SectionKind::Duties { staff.extra_duties.clone() } else { vec![] };
    SectionCtx {
        number,
        heading: kind.heading_kk(),
        items,
        not_set,
        notes,
        org_heading: "Ұйым белгілеген қосымша міндеттер:",
        org_items,
    }
}

fn corner(model: &Model) -> Option<Vec<String>> {
    model.corner.as_ref().map(|c| c.text.lines().map(str::to_string).filter(|l| !l.trim().is_empty()).collect())
}

fn acts_label(model: &Model) -> String {
    model.acts.iter().map(|a| a.id.number.as_str()).collect::<Vec<_>>().join("+")
}

/// The job description of one position.
pub fn job_description(
    t: &Templates,
    model: &Model,
    p: &Position,
    org: &OrgCtx,
    staff: &StaffCtx,
    signers: &Signers,
) -> Result<Document, Error> {
    let position = position_ctx(p, staff);
    let mut general = Vec::new();
    if org.approval {
        general.push(match &org.bin {
            Some(bin) => format!("Ұйым: {}, БСН {bin}.", org.name),
            None => format!("Ұйым: {}.", org.name),
        });
    }
    general.push(format!("Лауазым: {}.", position.title));
    if let Some(d) = &staff.department {
        general.push(format!("Құрылымдық бөлімше: {d}."));
    }
    if let Some(h) = staff.headcount {
        general.push(format!("Штат саны: {h}."));
    }
    let placement =
        p.placement.as_ref().map(|pl| format!(", {}-тарау, {}-параграф", pl.chapter, pl.paragraph)).unwrap_or_default();
    let basis = match (&model.base, model.acts.first().and_then(|a| a.amends.as_ref())) {
        (Some(base), _) => format!("{} бекітілген", short_act(&base.id)),
        (None, Some(am)) => format!("{} № {} бұйрықпен бекітілген", date_of(&am.date), am.number),
        (None, None) => "жүктелген актілерде көрсетілген".into(),
    };
    general.push(format!("Негіздеме: {basis} үлгілік біліктілік сипаттамалары, {}{placement}.", points_label(p)));
    for a in &model.acts {
        general.push(format!(
            "Өзгерістер: {} (тіркеу № {}).",
            short_act(&a.id),
            a.registration.as_ref().map(|r| r.number.as_str()).unwrap_or("—")
        ));
    }
    let sections: Vec<SectionCtx> =
        SectionKind::ALL.iter().enumerate().map(|(i, &k)| section_ctx(i as u32 + 2, k, p, staff)).collect();
    let rights_number = 5;
    let responsibilities_number = if staff.rights.is_empty() { 5 } else { 6 };
    let ctx = JobDescriptionCtx {
        org,
        corner: corner(model),
        position,
        general,
        sections,
        rights: staff.rights.clone(),
        rights_number,
        responsibilities: staff.responsibilities.clone(),
        responsibilities_number,
        ack: ack("Нұсқаулықпен таныстым:", staff, signers),
    };
    let blocks = t.blocks("job-description", &ctx)?;
    Ok(Document {
        meta: Meta {
            title: format!("Лауазымдық нұсқаулық: {}", ctx.position.title),
            author: org.name.clone(),
            subject: format!("Үлгілік біліктілік сипаттамалары, {}", points_label(p)),
            lang: "kk-KZ".into(),
            identity: format!(
                "{}/job-description/{}/{}/{}",
                org.slug,
                p.points[0],
                acts_label(model),
                signer_key(signers)
            ),
        },
        blocks,
    })
}

fn signer_key(s: &Signers) -> String {
    match s {
        Signers::Staff => "staff".into(),
        Signers::One(name) => format!("one:{name}"),
    }
}

/// The changes one amending act made to one position, for the staff to sign as read.
#[allow(clippy::too_many_arguments)]
pub fn change_sheet(
    t: &Templates,
    model: &Model,
    act: &ActInfo,
    changes: &[&Change],
    p: &Position,
    org: &OrgCtx,
    staff: &StaffCtx,
    signers: &Signers,
) -> Result<Document, Error> {
    let position = position_ctx(p, staff);
    let changes = changes
        .iter()
        .enumerate()
        .map(|(i, c)| ChangeCtx {
            n: i + 1,
            instruction: c.instruction.clone(),
            new_text: c.new_text.clone(),
            note: format!("Дереккөз: {}, актінің {}-жолы.", short_act(&act.id), c.provenance.line),
        })
        .collect();
    let ctx = ChangeSheetCtx {
        org,
        corner: corner(model),
        position,
        act: act_ctx(act),
        changes,
        ack: ack("Өзгерістермен таныстым:", staff, signers),
    };
    let blocks = t.blocks("change-sheet", &ctx)?;
    Ok(Document {
        meta: Meta {
            title: format!("Лауазымдық нұсқаулыққа өзгерістер: {}", ctx.position.title),
            author: org.name.clone(),
            subject: short_act(&act.id),
            lang: "kk-KZ".into(),
            identity: format!("{}/change-sheet/{}/{}/{}", org.slug, p.points[0], act.id.number, signer_key(signers)),
        },
        blocks,
    })
}

/// Changes of `act` that touch position `p`.
pub fn changes_for<'m>(model: &'m Model, act: &ActId, p: &Position) -> Vec<&'m Change> {
    model
        .changes
        .iter()
        .filter(|(id, _)| id == act)
        .flat_map(|(_, cs)| cs.iter())
        .filter(|c| p.points.contains(&c.point))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::doc::Block;
    use crate::model::*;
    use std::collections::BTreeMap;

    fn prov(point: u32, abzac: u32, line: u32) -> Provenance {
        Provenance {
            act: ActId { number: "388".into(), date: "2022-09-26".into() },
            file: "acts/2022-09-26-388.txt".into(),
            point,
            abzac: Some(abzac),
            line,
            instruction: format!("{point}-тармақ"),
            footnotes: Vec::new(),
        }
    }

    fn item(point: u32, abzac: u32, text: &str) -> Item {
        Item { abzac, text: text.into(), provenance: prov(point, abzac, 10 + abzac) }
    }

    /// Position 61–63: duties partly set, must-know whole, requirements not set.
    pub(crate) fn model() -> Model {
        let info = ActInfo {
            id: ActId { number: "388".into(), date: "2022-09-26".into() },
            file: "acts/2022-09-26-388.txt".into(),
            title: "…өзгерістер енгізу туралы".into(),
            issuer: "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрі".into(),
            registration: Some(Registration { number: "29880".into(), date: "2022-09-28".into() }),
            amends: Some(AmendedAct {
                number: "360".into(),
                date: "2017-10-25".into(),
                registration: Some("16057".into()),
            }),
            effective: None,
            effective_rule: Some("алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң.".into()),
            instructions: 2,
        };
        let position = Position {
            points: [61, 62, 63],
            placement: Some(Placement { chapter: 3, paragraph: 2, inference: None }),
            title: Some(Title {
                text: "Қарттар мен мүгедектігі бар адамды күту жөніндегі әлеуметтік қызметкер".into(),
                provenance: prov(61, 0, 604),
            }),
            sections: [
                Section {
                    kind: SectionKind::Duties,
                    point: 61,
                    state: SectionState::Partial {
                        abzacs: BTreeMap::from([(3, item(61, 3, "қамқорлықтағыларға көмек көрсетеді;"))]),
                    },
                },
                Section {
                    kind: SectionKind::MustKnow,
                    point: 62,
                    state: SectionState::Whole {
                        heading: item(62, 1, "Білуге тиіс:"),
                        items: vec![
                            item(62, 2, "Қазақстан Республикасының Конституциясын;"),
                            item(62, 3, "Өрт қауiпсiздiгi қағидаларын."),
                        ],
                    },
                },
                Section { kind: SectionKind::Requirements, point: 63, state: SectionState::NotSet },
            ],
        };
        let change = Change {
            point: 62,
            abzacs: vec![],
            instruction: "62-тармақ мынадай редакцияда жазылсын".into(),
            new_text: vec!["62. Білуге тиіс:".into(), "Қазақстан Республикасының Конституциясын;".into()],
            old_text: vec![],
            edit: crate::act::Edit::DeletePoint { point: 62 },
            provenance: prov(62, 1, 607),
        };
        Model {
            review: Default::default(),
            base: None,
            acts: vec![info.clone()],
            corner: None,
            positions: vec![position],
            changes: vec![(info.id.clone(), vec![change])],
            inferences: vec![],
        }
    }

    fn texts(doc: &Document) -> String {
        let mut out = Vec::new();
        for b in &doc.blocks {
            match b {
                Block::Heading { para, .. } | Block::Paragraph(para) | Block::Note(para) => out.push(para.text()),
                Block::List(l) => out.extend(l.items.iter().map(|p| p.text())),
                Block::Table(t) => out.extend(t.rows.iter().flatten().flatten().map(|p| p.text())),
                Block::Signature(s) => out.push(format!("{} {}", s.label, s.name)),
                Block::PageBreak => {}
            }
        }
        out.join("\n")
    }

    #[test]
    fn a_typical_job_description_shows_the_law_and_says_what_is_not_set() {
        let m = model();
        let doc = job_description(
            &Templates::embedded(),
            &m,
            &m.positions[0],
            &OrgCtx::typical(),
            &StaffCtx::default(),
            &Signers::Staff,
        )
        .unwrap();
        let text = texts(&doc);
        for expected in [
            "ЛАУАЗЫМДЫҚ НҰСҚАУЛЫҚ",
            "Қарттар мен мүгедектігі бар адамды күту жөніндегі әлеуметтік қызметкер",
            "2. Лауазымдық міндеттері",
            "қамқорлықтағыларға көмек көрсетеді;",
            "тармақтың қалған мәтіні жүктелген актілерде белгіленбеген",
            "Қазақстан Республикасының Конституциясын;",
            "63-тармақ жүктелген актілерде белгіленбеген.",
            "Нұсқаулықпен таныстым:",
            "2017 жылғы 25 қазандағы № 360 бұйрықпен бекітілген",
        ] {
            assert!(text.contains(expected), "missing «{expected}» in\n{text}");
        }
        assert!(!text.contains("БЕКІТЕМІН"), "a typical document has no organisation to approve it");
        assert_eq!(doc.meta.lang, "kk-KZ");
    }

    #[test]
    fn an_organisation_printout_has_its_approval_block_and_its_staff_rows() {
        let m = model();
        let org = OrgCtx {
            slug: "x".into(),
            name: "«Үлгі» орталығы".into(),
            bin: Some("990340000014".into()),
            head_position: "Директор".into(),
            head_signature: "А. Сапарова".into(),
            approval: true,
            approval_date: date_plain("2024-01-15"),
        };
        let staff = StaffCtx {
            title: Some("Үйдегі күтім жөніндегі әлеуметтік қызметкер".into()),
            headcount: Some(3),
            employees: vec!["Құрманова Гүлнар".into()],
            extra_duties: vec!["ұйымның ішкі тәртібін сақтайды.".into()],
            ..StaffCtx::default()
        };
        let doc = job_description(&Templates::embedded(), &m, &m.positions[0], &org, &staff, &Signers::Staff).unwrap();
        let text = texts(&doc);
        for expected in [
            "БЕКІТЕМІН",
            "Директор",
            "А. Сапарова",
            "2024 жылғы «15» қаңтар",
            "Құрманова Гүлнар",
            "ұйымның ішкі тәртібін сақтайды.",
            "БСН 990340000014",
            "Үлгілік біліктілік сипаттамаларындағы атауы",
        ] {
            assert!(text.contains(expected), "missing «{expected}» in\n{text}");
        }
        let Some(Block::Table(ack)) = doc.blocks.iter().rev().find(|b| matches!(b, Block::Table(_))) else { panic!() };
        assert_eq!(ack.rows.len(), 1 + 3, "header + headcount rows");
        assert_eq!(doc.meta.author, "«Үлгі» орталығы");
    }

    #[test]
    fn a_change_sheet_quotes_the_new_wording_and_the_act() {
        let m = model();
        let changes = changes_for(&m, &m.acts[0].id, &m.positions[0]);
        assert_eq!(changes.len(), 1);
        let doc = change_sheet(
            &Templates::embedded(),
            &m,
            &m.acts[0],
            &changes,
            &m.positions[0],
            &OrgCtx::typical(),
            &StaffCtx::default(),
            &Signers::One("Құрманова Гүлнар"),
        )
        .unwrap();
        let text = texts(&doc);
        for expected in [
            "ЛАУАЗЫМДЫҚ НҰСҚАУЛЫҚҚА ӨЗГЕРІСТЕР",
            "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрінің 2022 жылғы 26 қыркүйектегі № 388 бұйрығы (Нормативтік құқықтық актілерді мемлекеттік тіркеу тізілімінде № 29880 болып тіркелген).",
            "62-тармақ мынадай редакцияда жазылсын:",
            "Қазақстан Республикасының Конституциясын;",
            "Ресми жариялану күні жүктелген актіде көрсетілмеген",
            "Құрманова Гүлнар",
        ] {
            assert!(text.contains(expected), "missing «{expected}» in\n{text}");
        }
    }

    #[test]
    fn kazakh_dates() {
        assert_eq!(date_of("2022-09-26"), "2022 жылғы 26 қыркүйектегі");
        assert_eq!(date_of("2017-10-25"), "2017 жылғы 25 қазандағы");
        assert_eq!(date_plain("2024-01-05"), "2024 жылғы «5» қаңтар");
        assert_eq!(date_of("not a date"), "not a date");
    }
}
