//! A readable table of the model for the CLI: one row per position.

use super::{Model, Section, SectionState};

/// `whole 388`, `partial 3,4 388`, `not set`: what the acts set for a section, and by which act.
fn cell(s: &Section) -> String {
    let acts = |it: &mut dyn Iterator<Item = &str>| {
        let mut v: Vec<&str> = it.collect();
        v.sort_unstable();
        v.dedup();
        v.join("+")
    };
    match &s.state {
        SectionState::Whole { heading, items } => {
            let by = acts(&mut std::iter::once(heading).chain(items).map(|i| i.provenance.act.number.as_str()));
            format!("whole ({by})")
        }
        SectionState::Partial { abzacs } => {
            let nums: Vec<String> = abzacs.keys().map(u32::to_string).collect();
            let by = acts(&mut abzacs.values().map(|i| i.provenance.act.number.as_str()));
            format!("partial ¶{} ({by})", nums.join(","))
        }
        SectionState::NotSet => "not set".into(),
    }
}

/// Renders the model as a plain-text table: points, chapter/§, title, and the three sections.
pub fn table(model: &Model) -> String {
    let header = ["points", "ch/§", "title", "duties", "must know", "requirements"].map(String::from);
    let mut rows = vec![header.to_vec()];
    for p in &model.positions {
        let place = match &p.placement {
            Some(pl) => format!("{}/§{}{}", pl.chapter, pl.paragraph, if pl.inference.is_some() { "*" } else { "" }),
            None => "—".into(),
        };
        let title = p.title.as_ref().map_or_else(|| "—".to_string(), |t| t.text.clone());
        let mut row = vec![format!("{}–{}", p.points[0], p.points[2]), place, title];
        row.extend(p.sections.iter().map(cell));
        rows.push(row);
    }
    let widths: Vec<usize> =
        (0..header.len()).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for (k, r) in rows.iter().enumerate() {
        let cells: Vec<String> =
            r.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count()))).collect();
        out.push_str(cells.join(" | ").trim_end());
        out.push('\n');
        if k == 0 {
            out.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-"));
            out.push('\n');
        }
    }
    if model.positions.iter().any(|p| p.placement.as_ref().is_some_and(|pl| pl.inference.is_some())) {
        out.push_str("* inferred placement (see inferences)\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_table() {
        let a = crate::act::load("seed", crate::DEFAULT_ACT.1.as_bytes()).unwrap();
        let m = crate::model::consolidate(None, &[a]).unwrap();
        let t = table(&m);
        assert_eq!(t.lines().count(), 2 + 20 + 1);
        assert!(t.lines().any(|l| l.starts_with("61–63") && l.contains("| 3/§2* |")), "{t}");
        assert!(t.contains("whole (388)"));
        assert!(t.contains("partial ¶4,7,8 (388)"));
        assert!(t.contains("not set"));
    }
}
