//! The review trail as a person reads it: each repaired line before and after, each warning with
//! its candidates, each instruction listed but not applied. The command line prints these; the
//! text is made here so that every front end (CLI, web) shows the same.

use super::{Listed, Trail};
use crate::act::Review;
use serde::Serialize;
use std::fmt::Write;

/// Counts for summary lines and the export manifest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub repairs: usize,
    pub warnings: usize,
    /// Instructions recorded but applied to no position (the order's own text, other orders).
    pub listed: usize,
}

impl Trail {
    pub fn summary(&self) -> Summary {
        Summary { repairs: self.repairs(), warnings: self.warning_count(), listed: self.listed.len() }
    }

    /// The whole trail: repairs per act (before/after), warnings, listed instructions.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for a in &self.acts {
            out.push_str(&repairs(a));
        }
        for w in self.warning_lines() {
            let _ = writeln!(out, "warning: {w}");
        }
        for l in &self.listed {
            out.push_str(&listed(l));
        }
        out
    }
}

/// One act's repairs, each repaired line before (`-`) and after (`+`), then its warnings.
pub fn repairs(r: &Review) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} repair(s), {} warning(s); {}; abzac indent {}",
        r.file,
        r.repairs.len(),
        r.warnings.len(),
        if r.displaced {
            "the file carries the PDF displacement artifact"
        } else {
            "no displacement artifact found: the text is taken as given"
        },
        match r.indent {
            crate::act::Indent::Spaces(n) => format!("{n} spaces"),
            crate::act::Indent::Tab => "a tab".into(),
            crate::act::Indent::None => "none (abzacs by blank lines)".into(),
        }
    );
    let mut k = 0;
    while k < r.repairs.len() {
        let x = &r.repairs[k];
        // Several words moved on one line: one before/after for the line.
        let same: Vec<_> = r.repairs[k..].iter().take_while(|y| y.line == x.line).collect();
        let words: Vec<String> = same
            .iter()
            .map(|y| {
                format!(
                    "`{}` from column {} to {} ({}, {})",
                    y.word,
                    y.from_column,
                    y.to_column,
                    kebab(&y.tail),
                    kebab(&y.hole)
                )
            })
            .collect();
        let _ = writeln!(out, "{}:{}: moved {}", r.file, x.line, words.join("; "));
        let _ = writeln!(out, "  - {}", x.before.trim_end());
        let _ = writeln!(out, "  + {}", x.after.trim_end());
        k += same.len();
    }
    out
}

fn kebab<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn listed(l: &Listed) -> String {
    format!("listed, not applied: {}:{}: {} — {}\n", l.file, l.line, l.instruction, l.why)
}

#[cfg(test)]
mod tests {
    #[test]
    fn seed_report_shows_every_repaired_line_before_and_after() {
        let a = crate::act::load("seed.txt", crate::DEFAULT_ACT.1.as_bytes()).unwrap();
        let m = crate::model::consolidate(None, &[a]).unwrap();
        let r = m.review.report();
        assert!(r.starts_with("seed.txt: 120 repair(s), 3 warning(s); the file carries the PDF displacement artifact; abzac indent 6 spaces\n"), "{r}");
        assert_eq!(r.lines().filter(|l| l.starts_with("  - ")).count(), 120);
        assert_eq!(r.lines().filter(|l| l.starts_with("  + ")).count(), 120);
        assert!(r.contains("seed.txt:37: moved `2-тармақ` from column 36 to 7 (glued-to-punct, extra-indent)\n  -        мынадай редакцияда жазылсын:2-тармақ\n  +       2-тармақ мынадай редакцияда жазылсын:\n"), "{r}");
        assert_eq!(m.review.summary(), super::Summary { repairs: 120, warnings: 4, listed: 0 });
    }
}
