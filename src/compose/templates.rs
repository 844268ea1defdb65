//! Handlebars templates: defaults compiled into the binary, overridable file by file.
//!
//! As mdBook does with its theme: a bare install renders with no files on disk, and an
//! organisation's template folder replaces only the files it contains (an override stops
//! receiving upstream fixes, so override as little as you can). All registration happens in
//! `Templates::new`, in one visible place; strict mode makes a misspelt variable an error rather
//! than a silent blank on an official document.

use handlebars::Handlebars;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Every template and partial, by name, with its embedded default.
pub const DEFAULTS: [(&str, &str); 6] = [
    ("job-description", include_str!("../../templates/job-description.hbs")),
    ("change-sheet", include_str!("../../templates/change-sheet.hbs")),
    ("approval", include_str!("../../templates/partials/approval.hbs")),
    ("act-reference", include_str!("../../templates/partials/act-reference.hbs")),
    ("acknowledgment", include_str!("../../templates/partials/acknowledgment.hbs")),
    ("section", include_str!("../../templates/partials/section.hbs")),
];

/// Where a template comes from (file path relative to a template folder).
pub fn relative_path(name: &str) -> String {
    match name {
        "job-description" | "change-sheet" => format!("{name}.hbs"),
        _ => format!("partials/{name}.hbs"),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{dir}: cannot read template folder: {source}")]
    Dir { dir: PathBuf, source: std::io::Error },
    #[error("{path}: cannot read template: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    /// A syntax error: handlebars names the template, line and column.
    #[error("{origin}: {source}")]
    Syntax { origin: String, source: Box<handlebars::TemplateError> },
    #[error("rendering {template}: {source}")]
    Render { template: String, source: Box<handlebars::RenderError> },
    #[error(transparent)]
    Markup(#[from] crate::doc::markup::Error),
}

/// A compiled set of templates (compiled once, shared by every job of a batch).
pub struct Templates {
    hb: Handlebars<'static>,
    /// Where each template came from: "embedded" or a file path.
    pub origins: Vec<(String, String)>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").field("origins", &self.origins).finish()
    }
}

impl Templates {
    /// The embedded defaults.
    pub fn embedded() -> Templates {
        Templates::new(DEFAULTS.iter().map(|(n, s)| (n.to_string(), "embedded".to_string(), s.to_string())).collect())
            .expect("embedded templates compile")
    }

    /// Defaults, with files found in `dir` replacing them one by one. Returns warnings for files
    /// in `dir` that match no template name (a misspelt override would otherwise be ignored).
    pub fn load(dir: Option<&Path>) -> Result<(Templates, Vec<String>), Error> {
        let mut set: Vec<(String, String, String)> =
            DEFAULTS.iter().map(|(n, s)| (n.to_string(), "embedded".to_string(), s.to_string())).collect();
        let mut warnings = Vec::new();
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(Error::Dir {
                    dir: dir.to_path_buf(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
                });
            }
            for entry in &mut set {
                let path = dir.join(relative_path(&entry.0));
                if path.is_file() {
                    entry.2 =
                        std::fs::read_to_string(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
                    entry.1 = path.display().to_string();
                }
            }
            let known: Vec<String> = DEFAULTS.iter().map(|(n, _)| relative_path(n)).collect();
            for sub in [dir.to_path_buf(), dir.join("partials")] {
                let Ok(rd) = std::fs::read_dir(&sub) else { continue };
                let mut names: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
                names.sort();
                for p in names.into_iter().filter(|p| p.extension().is_some_and(|e| e == "hbs")) {
                    let rel = p.strip_prefix(dir).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                    if !known.contains(&rel) {
                        warnings.push(format!(
                            "{}: not a known template name (known: {}); ignored",
                            p.display(),
                            known.join(", ")
                        ));
                    }
                }
            }
        }
        Ok((Templates::new(set)?, warnings))
    }

    fn new(set: Vec<(String, String, String)>) -> Result<Templates, Error> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.register_escape_fn(crate::doc::markup::escape);
        let mut origins = Vec::new();
        for (name, origin, src) in set {
            hb.register_template_string(&name, &src)
                .map_err(|e| Error::Syntax { origin: origin.clone(), source: Box::new(e) })?;
            origins.push((name, origin));
        }
        Ok(Templates { hb, origins })
    }

    /// Render `name` with `ctx` and parse the markup into blocks.
    pub fn blocks<T: Serialize>(&self, name: &str, ctx: &T) -> Result<Vec<crate::doc::Block>, Error> {
        let markup = self
            .hb
            .render(name, ctx)
            .map_err(|e| Error::Render { template: self.origin(name), source: Box::new(e) })?;
        Ok(crate::doc::markup::parse(&self.origin(name), &markup)?)
    }

    fn origin(&self, name: &str) -> String {
        self.origins
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, o)| format!("{name} ({o})"))
            .unwrap_or_else(|| name.into())
    }
}

/// What `copy_defaults` did with one template file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copied {
    Wrote(PathBuf),
    /// The file exists: an organisation's own template is never overwritten.
    Kept(PathBuf),
}

/// Copy the embedded defaults into `dir` as a starting point for an organisation's own templates
/// (as mdBook's `Theme::copy_theme`), at the paths `Templates::load` reads them from. Existing
/// files are kept; `write` should write each file whole or not at all (an atomic writer).
pub fn copy_defaults<E>(dir: &Path, write: impl Fn(&Path, &[u8]) -> Result<(), E>) -> Result<Vec<Copied>, E> {
    let mut done = Vec::new();
    for (name, src) in DEFAULTS {
        let path = dir.join(relative_path(name));
        if path.exists() {
            done.push(Copied::Kept(path));
            continue;
        }
        write(&path, src.as_bytes())?;
        done.push(Copied::Wrote(path));
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_templates_compile() {
        let t = Templates::embedded();
        assert_eq!(t.origins.len(), DEFAULTS.len());
    }

    #[test]
    fn a_folder_overrides_file_by_file_and_warns_about_unknown_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("partials")).unwrap();
        std::fs::write(dir.path().join("partials/approval.hbs"), "::p right\nМЕНІКІ\n").unwrap();
        std::fs::write(dir.path().join("job-descriptoin.hbs"), "typo").unwrap();
        let (t, warnings) = Templates::load(Some(dir.path())).unwrap();
        assert!(t.origins.iter().any(|(n, o)| n == "approval" && o.ends_with("partials/approval.hbs")));
        assert!(t.origins.iter().any(|(n, o)| n == "job-description" && o == "embedded"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("job-descriptoin.hbs"));
    }

    #[test]
    fn a_syntax_error_names_the_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("change-sheet.hbs"), "::p\n{{#each changes}}\n{{n}}\n").unwrap();
        let err = Templates::load(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("change-sheet.hbs"), "{err}");
        assert!(err.contains("line") || err.contains(':'), "{err}");
    }

    #[test]
    fn a_missing_variable_is_an_error_in_strict_mode() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("change-sheet.hbs"), "::p\n{{no_such_field}}\n").unwrap();
        let (t, _) = Templates::load(Some(dir.path())).unwrap();
        let err = t.blocks("change-sheet", &serde_json::json!({})).unwrap_err().to_string();
        assert!(err.contains("change-sheet") && err.contains("no_such_field"), "{err}");
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        assert!(Templates::load(Some(Path::new("/no/such/templates"))).is_err());
    }
}
