//! The malformed-input corpus (`tests/malformed/`): every broken act, profile and template folder
//! listed in `tests/malformed/cases.toml` is run through `lauazym check` and/or `lauazym export`.
//! Each run must end with the expected exit code, an error that names the file (and the line, or
//! line:column, where the input has lines) with the key words of the problem, no panic, and no file
//! written. Every failing case is collected and reported at once.

use crate::util::*;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// Unique, for the failure list.
    name: String,
    /// `acts`, `orgs` or `templates`: what is broken (for the per-kind counts).
    kind: String,
    /// `--act` files, relative to `tests/malformed` (the command runs there, so messages name
    /// files as written here).
    #[serde(default)]
    act: Vec<String>,
    /// `--base` file.
    base: Option<String>,
    /// `--org` files or folders.
    #[serde(default)]
    org: Vec<String>,
    /// `check`, `export` or both.
    commands: Vec<String>,
    /// Expected exit code.
    exit: i32,
    /// Substrings stderr must contain.
    stderr: Vec<String>,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

/// Runs one command of one case; returns what went wrong, if anything.
fn run_case(case: &Case, command: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut cmd = lauazym();
    cmd.current_dir(corpus()).arg(command);
    for a in &case.act {
        cmd.arg("--act").arg(a);
    }
    if let Some(b) = &case.base {
        cmd.arg("--base").arg(b);
    }
    for o in &case.org {
        cmd.arg("--org").arg(o);
    }
    match command {
        "export" => {
            cmd.arg("--quiet").arg("--out").arg(&out);
        }
        "check" => {}
        other => return vec![format!("unknown command `{other}` in cases.toml")],
    }
    let (code, _, err) = run(&mut cmd);
    if code != case.exit {
        problems.push(format!("exit code {code}, expected {}", case.exit));
    }
    if err.contains("panicked") {
        problems.push("panicked".into());
    }
    for s in &case.stderr {
        if !err.contains(s.as_str()) {
            problems.push(format!("stderr lacks {s:?}"));
        }
    }
    if out.exists() {
        let written = files(&out);
        if !written.is_empty() {
            problems.push(format!("wrote {} file(s), e.g. {:?}", written.len(), &written[..written.len().min(3)]));
        }
    }
    if !problems.is_empty() {
        problems.push(format!("stderr was:\n{}", err.trim_end().replace('\n', "\n      ")));
    }
    problems
}

#[test]
fn malformed_inputs_fail_clearly_and_write_nothing() {
    let text = std::fs::read_to_string(corpus().join("cases.toml")).unwrap();
    let manifest: Manifest = toml::from_str(&text).expect("tests/malformed/cases.toml parses");

    // The manifest itself: unique names, known kinds, every input file exists, every corpus file
    // is used by some case, and each kind holds enough cases.
    let mut names = std::collections::BTreeSet::new();
    let mut used = std::collections::BTreeSet::new();
    for c in &manifest.case {
        assert!(names.insert(c.name.clone()), "case name {} is used twice", c.name);
        assert!(["acts", "orgs", "templates"].contains(&c.kind.as_str()), "{}: unknown kind {}", c.name, c.kind);
        assert!(!c.commands.is_empty(), "{}: no command", c.name);
        // The message names the broken input: its file name, or its folder for a template case.
        let names_input = c.act.iter().chain(&c.base).chain(&c.org).any(|f| {
            let p = Path::new(f);
            let name = p.file_name().unwrap().to_string_lossy();
            let folder = p.parent().unwrap().to_string_lossy();
            c.stderr.iter().any(|s| s.contains(name.as_ref()) || (c.kind == "templates" && s.contains(folder.as_ref())))
        });
        assert!(names_input, "{}: no expected substring names the input file", c.name);
        for f in c.act.iter().chain(&c.base).chain(&c.org) {
            let p = corpus().join(f);
            assert!(p.exists(), "{}: input {f} does not exist", c.name);
            used.insert(p.canonicalize().unwrap());
        }
    }
    for sub in ["acts", "orgs"] {
        for f in files(&corpus().join(sub)) {
            let p = corpus().join(sub).join(&f).canonicalize().unwrap();
            assert!(used.contains(&p), "tests/malformed/{sub}/{} is used by no case", f.display());
        }
    }
    for e in std::fs::read_dir(corpus().join("templates")).unwrap().flatten() {
        let profile = e.path().join("profile.toml").canonicalize().unwrap();
        assert!(used.contains(&profile), "{} is used by no case", e.path().display());
    }
    for (kind, min) in [("acts", 15), ("orgs", 15), ("templates", 8)] {
        let n = manifest.case.iter().filter(|c| c.kind == kind).count();
        assert!(n >= min, "{n} {kind} cases, at least {min} wanted");
    }

    let mut failures = Vec::new();
    for c in &manifest.case {
        for command in &c.commands {
            let problems = run_case(c, command);
            if !problems.is_empty() {
                failures.push(format!("{} ({command}):\n    {}", c.name, problems.join("\n    ")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} malformed-input runs failed:\n\n{}",
        failures.len(),
        manifest.case.iter().map(|c| c.commands.len()).sum::<usize>(),
        failures.join("\n\n")
    );
}
