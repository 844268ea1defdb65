//! Shared helpers: the binary, temp folders, external tools (a missing tool fails, never skips).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn lauazym() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lauazym"))
}

/// Run and return (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out: Output = cmd.output().expect("spawn lauazym");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// An external tool, or a failure that says how to install it.
pub fn tool(name: &str) -> Command {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|d| d.join(name).is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "`{name}` is not installed: run the README's test command (scripts/test.sh), or \
         apt-get install poppler-utils qpdf libreoffice-writer-nogui && pip install python-docx fonttools"
    );
    Command::new(name)
}

pub fn tool_out(cmd: &mut Command) -> String {
    let out = cmd.output().expect("spawn tool");
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into()
}

pub fn pdftotext(pdf: &Path) -> String {
    // `-raw`: content order, and no dehyphenation (the default mode drops the hyphen of a
    // compound such as `іс-қимыл` broken after it at a line end).
    tool_out(tool("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(pdf).arg("-"))
}

/// `pdftotext` in its default mode: reading order, and it joins a word whose line ends in `-`.
pub fn pdftotext_default(pdf: &Path) -> String {
    tool_out(tool("pdftotext").args(["-enc", "UTF-8"]).arg(pdf).arg("-"))
}

/// Text compared without hyphens at all: for renderings whose line-end hyphens extraction
/// cannot tell from a compound's own (LibreOffice's PDF of our optional hyphens; pdftotext's
/// default mode, which drops the hyphen of `іс-қимыл` broken after it). Our own PDFs are also
/// compared exactly, with `-raw` ([`pdftotext`] and [`norm`]).
pub fn unhyphenated(s: &str) -> String {
    norm(s).replace('-', "")
}

/// Collapse whitespace and undo line-end hyphen splits, so text compares across line breaking.
pub fn norm(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.replace("- ", "-").replace('\u{00AD}', "")
}

/// Every file below `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

pub fn sha256_hex(path: &Path) -> String {
    let out = tool_out(tool("sha256sum").arg(path));
    out.split_whitespace().next().unwrap().to_string()
}

/// The model of the embedded default, as JSON.
pub fn model_json() -> serde_json::Value {
    let (code, out, err) = run(lauazym().args(["model", "--json"]));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("model --json is JSON")
}

/// The law text the model holds for a position (every item of every section).
pub fn position_items(position: &serde_json::Value) -> Vec<String> {
    let mut items = Vec::new();
    for s in position["sections"].as_array().unwrap() {
        match s["state"].as_str().unwrap() {
            "whole" => {
                items.extend(s["items"].as_array().unwrap().iter().map(|i| i["text"].as_str().unwrap().to_string()))
            }
            "partial" => {
                items.extend(s["abzacs"].as_object().unwrap().values().map(|i| i["text"].as_str().unwrap().to_string()))
            }
            _ => {}
        }
    }
    items
}

/// Convert DOCX files to PDF with LibreOffice in a fresh profile (embedded fonts stay loaded for
/// a whole LibreOffice session, so a shared profile could let a fallback pass).
pub fn libreoffice_to_pdf(docx: &[PathBuf], outdir: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = tool("soffice");
    cmd.arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(outdir)
        .args(docx);
    let out = cmd.output().expect("spawn soffice");
    assert!(out.status.success(), "soffice: {}", String::from_utf8_lossy(&out.stderr));
}

/// python-docx reads the paragraphs (and table cells) back, in order.
pub fn docx_paragraphs(docx: &Path) -> Vec<String> {
    let script = r#"
import sys, json, docx
d = docx.Document(sys.argv[1])
out = []
body = d.element.body
for child in body.iterchildren():
    tag = child.tag.split('}')[1]
    if tag == 'p':
        out.append(docx.text.paragraph.Paragraph(child, d).text)
    elif tag == 'tbl':
        t = docx.table.Table(child, d)
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    out.append(p.text)
print(json.dumps(out, ensure_ascii=False))
"#;
    let out = tool_out(tool("python3").args(["-c", script]).arg(docx));
    serde_json::from_str(&out).expect("python-docx output")
}
