//! The `lauazym` command line: parse arguments, call the library, map outcomes to exit codes.
//!
//! Exit codes: 0 everything written; 1 some documents failed; 2 bad input or usage (an act or a
//! profile that does not load — other organisations are still written). A closed pipe
//! (`lauazym model --json | head`) ends quietly.

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use lauazym::compose::templates;
use lauazym::export::{self, Format, Kinds, Progress};
use lauazym::model::Model;
use lauazym::{act, model};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// mimalloc rather than glibc's allocator: a batch interleaves ~20–50 KB document buffers with
/// the small, long-lived rows of its manifest, and glibc's heap then fragments so that peak memory
/// grew ~4 KB per document written (114 MB for 24 000 documents); with mimalloc it grows only with
/// the manifest (~0.8 KB per file) and the batch runs ~10 % faster (`cargo bench --bench pipeline`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "lauazym",
    version,
    about = "Kazakh typical qualification characteristics → job descriptions (PDF, DOCX)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the consolidated model: a table, or the whole model as JSON.
    Model {
        #[command(flatten)]
        input: Input,
        /// The whole model as JSON (serde), to inspect or diff.
        #[arg(long)]
        json: bool,
    },
    /// Validate acts, profiles and templates without writing anything.
    Check {
        #[command(flatten)]
        input: Input,
    },
    /// Write every document into the output folder (default: the sample organisation plus the
    /// typical documents of every position, in PDF and DOCX).
    Export {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        output: Output,
    },
    /// The local web application for HR officers, and the HTTP API under /api/v1.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Show how the loader repaired an act: each repaired line before and after, with the
    /// evidence, and what it was not sure of (without ACT: the embedded default act).
    Repairs {
        /// The act's published text.
        act: Option<PathBuf>,
        /// Load the text exactly as given: list what would be repaired as warnings.
        #[arg(long)]
        no_repair: bool,
    },
    /// Copy the default templates into a folder, as a starting point for an organisation's own.
    Templates {
        /// Destination folder (created; existing files are not overwritten).
        #[arg(long, default_value = "templates-custom")]
        out: PathBuf,
    },
    /// Organisations as spreadsheets: the workbook template, and conversions.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Write the empty workbook an HR office fills in (its drop-down lists the typical positions
    /// of the loaded acts).
    Template {
        /// The workbook to write (.xlsx).
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        #[command(flatten)]
        acts: Acts,
    },
    /// Convert an organisation profile between TOML, XLSX and CSV (formats by extension).
    Convert {
        /// The profile to read (.toml, .xlsx or .csv); it is validated first.
        input: PathBuf,
        /// The file to write (.toml, .xlsx or .csv).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        acts: Acts,
    },
}

/// The acts a spreadsheet's list of typical positions comes from.
#[derive(Args)]
struct Acts {
    /// An amending act (repeatable; replaces the embedded default).
    #[arg(long = "act", value_name = "FILE")]
    acts: Vec<PathBuf>,
    /// The base act.
    #[arg(long, value_name = "FILE")]
    base: Option<PathBuf>,
}

#[cfg(feature = "serve")]
#[derive(Args)]
struct ServeArgs {
    /// Address to listen on. Any address other than loopback requires an access token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: std::net::SocketAddr,
    /// The data folder: orgs/*.toml and acts/*.txt, as the CLI reads them (created and seeded
    /// with the sample organisation on first start).
    #[arg(long, default_value = "lauazym-data")]
    data: PathBuf,
    /// A file holding the access token (or set LAUAZYM_TOKEN). Never given on the command line,
    /// where other users of the machine could read it.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Another name this server is reached by (checked against the Host header; repeatable).
    #[arg(long = "host-name", value_name = "NAME")]
    host_names: Vec<String>,
}

#[derive(Args)]
struct Input {
    /// An amending act in its published plain text (repeatable; replaces the embedded default).
    #[arg(long = "act", value_name = "FILE")]
    acts: Vec<PathBuf>,
    /// The base act: the full typical characteristics, in the same published format.
    #[arg(long, value_name = "FILE")]
    base: Option<PathBuf>,
    /// An organisation profile (TOML, XLSX or CSV) or a folder of them (repeatable; default: the sample).
    #[arg(long = "org", value_name = "FILE|DIR")]
    orgs: Vec<PathBuf>,
    /// Warnings of the loader and of consolidation are errors (nothing is written).
    #[arg(long)]
    strict: bool,
    /// Load acts exactly as given, repairing no extraction artifact (what would be repaired
    /// becomes a warning).
    #[arg(long)]
    no_repair: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Pdf,
    Docx,
    Both,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum KindArg {
    JobDescription,
    ChangeSheet,
    Personnel,
    All,
}

#[derive(Args)]
struct Output {
    /// Output folder.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    #[arg(long, value_enum, default_value = "both")]
    format: FormatArg,
    #[arg(long, value_enum, default_value = "all")]
    kind: KindArg,
    /// Worker threads (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
    /// No progress bar and no summary line.
    #[arg(long)]
    quiet: bool,
    /// Also write the typical documents when --org is given (always written without --org).
    #[arg(long)]
    typical: bool,
    /// Archival PDF/A-2b.
    #[arg(long)]
    pdfa: bool,
    /// Never divide words at line ends (default: Kazakh hyphenation of justified body text).
    #[arg(long)]
    no_hyphenation: bool,
    /// A folder with the four faces of another font family (Regular, Bold, Italic, BoldItalic).
    #[arg(long, value_name = "DIR")]
    font_dir: Option<PathBuf>,
}

/// Outcome of a command, mapped to the exit code.
enum Status {
    Ok,
    SomeFailed,
    BadInput,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Model { input, json } => cmd_model(&input, json),
        Command::Check { input } => cmd_check(&input),
        Command::Export { input, output } => cmd_export(&input, &output),
        #[cfg(feature = "serve")]
        Command::Serve(args) => cmd_serve(args),
        Command::Repairs { act, no_repair } => cmd_repairs(act.as_deref(), no_repair),
        Command::Templates { out } => cmd_templates(&out),
        Command::Org { command } => cmd_org(command),
    };
    match result {
        Ok(Status::Ok) => ExitCode::SUCCESS,
        Ok(Status::SomeFailed) => ExitCode::from(1),
        Ok(Status::BadInput) => ExitCode::from(2),
        Err(e) => {
            if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Load acts (or the embedded default) and the optional base, and consolidate.
fn load_model(input: &Input) -> anyhow::Result<Model> {
    let read = |p: &Path| std::fs::read(p).with_context(|| format!("{}: cannot read", p.display()));
    let opts = act::Options { repair: !input.no_repair };
    let base = match &input.base {
        Some(p) => Some(act::load_with(&p.display().to_string(), &read(p)?, opts)?),
        None => None,
    };
    let acts = if input.acts.is_empty() {
        vec![act::load_with(lauazym::DEFAULT_ACT.0, lauazym::DEFAULT_ACT.1.as_bytes(), opts)?]
    } else {
        input
            .acts
            .iter()
            .map(|p| Ok(act::load_with(&p.display().to_string(), &read(p)?, opts)?))
            .collect::<anyhow::Result<Vec<_>>>()?
    };
    let model = model::consolidate(base.as_ref(), &acts)?;
    if input.strict && model.review.warning_count() > 0 {
        anyhow::bail!(
            "--strict: {} warning(s):\n{}",
            model.review.warning_count(),
            model.review.warning_lines().join("\n")
        );
    }
    Ok(model)
}

fn cmd_model(input: &Input, json: bool) -> anyhow::Result<Status> {
    let model = load_model(input)?;
    let mut stdout = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut stdout, &model)?;
        writeln!(stdout)?;
    } else {
        write!(stdout, "{}", model::table(&model))?;
    }
    stdout.flush()?;
    Ok(Status::Ok)
}

fn cmd_check(input: &Input) -> anyhow::Result<Status> {
    let model = load_model(input)?;
    // Render every document tree (no writing) so template errors surface too, once per organisation.
    let loaded = export::load(&export::Inputs { model: &model, orgs: input.orgs.clone(), typical: false });
    let jobs = export::plan(&model, &loaded.orgs, Kinds::ALL, &[Format::Pdf]);
    for w in &loaded.warnings {
        eprintln!("warning: {w}");
    }
    for e in &loaded.errors {
        eprintln!("error: {e}");
    }
    print!("{}", model.review.report());
    let review = model.review.summary();
    println!(
        "checked {} act(s), {} position(s), {} organisation(s), {} document(s): {} problem(s), {} repair(s), {} warning(s), {} instruction(s) listed but not applied",
        model.acts.len(),
        model.positions.len(),
        loaded.orgs.len(),
        jobs.len(),
        loaded.errors.len(),
        review.repairs,
        review.warnings,
        review.listed
    );
    Ok(if loaded.errors.is_empty() { Status::Ok } else { Status::BadInput })
}

impl Output {
    /// The command line's choices as the library's options (ripgrep's low → high arguments).
    fn options(&self) -> export::Options {
        export::Options {
            out: self.out.clone(),
            formats: match self.format {
                FormatArg::Pdf => vec![Format::Pdf],
                FormatArg::Docx => vec![Format::Docx],
                FormatArg::Both => vec![Format::Pdf, Format::Docx],
            },
            kinds: match self.kind {
                KindArg::JobDescription => Kinds { job_description: true, change_sheet: false, personnel: false },
                KindArg::ChangeSheet => Kinds { job_description: false, change_sheet: true, personnel: false },
                KindArg::Personnel => Kinds { job_description: false, change_sheet: false, personnel: true },
                KindArg::All => Kinds::ALL,
            },
            pdf: lauazym::pdf::Options { pdfa: self.pdfa },
            font_dir: self.font_dir.clone(),
            jobs: self.jobs,
            hyphenation: !self.no_hyphenation,
        }
    }
}

fn cmd_export(input: &Input, output: &Output) -> anyhow::Result<Status> {
    let started = Instant::now();
    let model = load_model(input)?;
    let inputs =
        export::Inputs { model: &model, orgs: input.orgs.clone(), typical: input.orgs.is_empty() || output.typical };
    let bar = if output.quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    };
    let progress = |p: Progress| match p {
        Progress::Planned { documents } => bar.set_length(documents as u64),
        Progress::Done { .. } => bar.inc(1),
    };
    let report = export::export(&inputs, &output.options(), &progress)?;
    bar.finish_and_clear();
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    if report.planned == 0 {
        for e in &report.errors {
            eprintln!("error: {e}");
        }
        eprintln!("no documents to write; {} input error(s)", report.errors.len());
        return Ok(if report.errors.is_empty() { Status::Ok } else { Status::BadInput });
    }
    if let Some(e) = &report.manifest_error {
        eprintln!("error: writing the manifest: {e}");
    }
    for e in &report.errors {
        eprintln!("error: {e}");
    }
    for f in &report.failures {
        eprintln!("error: {} (from {}): {}", f.path, f.source, f.error);
    }
    for w in model.review.warning_lines() {
        eprintln!("warning: {w}");
    }
    if !output.quiet {
        let t = report.totals;
        let review = model.review.summary();
        eprintln!(
            "wrote {} documents ({} PDF pages, {:.1} MB) to {} in {:.2} s; {} failed, {} input error(s); {} repair(s), {} warning(s) (`lauazym check` lists them)",
            t.documents,
            t.pages,
            t.bytes as f64 / 1e6,
            output.out.display(),
            started.elapsed().as_secs_f64(),
            report.failures.len(),
            report.errors.len(),
            review.repairs,
            review.warnings
        );
    }
    Ok(match report.status() {
        export::Status::Ok => Status::Ok,
        export::Status::SomeFailed => Status::SomeFailed,
        export::Status::BadInput => Status::BadInput,
    })
}

/// `lauazym serve`: read the token (file or environment, never an argument), refuse a non-loopback
/// address without one (exit 2), then serve until Ctrl-C.
#[cfg(feature = "serve")]
fn cmd_serve(args: ServeArgs) -> anyhow::Result<Status> {
    let token = match &args.token_file {
        Some(f) => {
            Some(std::fs::read_to_string(f).with_context(|| format!("{}: cannot read the token file", f.display()))?)
        }
        None => std::env::var("LAUAZYM_TOKEN").ok(),
    };
    let config = lauazym::serve::Config { listen: args.listen, data: args.data, token, host_names: args.host_names };
    if let Err(e) = lauazym::serve::check_config(&config) {
        eprintln!("error: {e}");
        return Ok(Status::BadInput);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the server")?;
    runtime.block_on(lauazym::serve::run(config))?;
    Ok(Status::Ok)
}

fn cmd_repairs(path: Option<&Path>, no_repair: bool) -> anyhow::Result<Status> {
    let opts = act::Options { repair: !no_repair };
    let review = match path {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("{}: cannot read", p.display()))?;
            act::review(&p.display().to_string(), &bytes, opts)?
        }
        None => act::review(lauazym::DEFAULT_ACT.0, lauazym::DEFAULT_ACT.1.as_bytes(), opts)?,
    };
    let mut stdout = std::io::stdout().lock();
    write!(stdout, "{}", model::review::repairs(&review))?;
    for w in &review.warnings {
        writeln!(stdout, "warning: {}:{}: `{}`: {}", review.file, w.line, w.token, w.message)?;
        for c in &w.candidates {
            writeln!(stdout, "    candidate: {c}")?;
        }
    }
    stdout.flush()?;
    Ok(Status::Ok)
}

fn cmd_templates(out: &Path) -> anyhow::Result<Status> {
    for copied in templates::copy_defaults(out, export::write_atomic)? {
        match copied {
            templates::Copied::Wrote(path) => eprintln!("wrote {}", path.display()),
            templates::Copied::Kept(path) => eprintln!("kept {} (exists)", path.display()),
        }
    }
    Ok(Status::Ok)
}

/// `lauazym org template|convert`: all the work is in `org`; here only the model and messages.
fn cmd_org(command: OrgCommand) -> anyhow::Result<Status> {
    let model_of = |acts: Acts| {
        load_model(&Input { acts: acts.acts, base: acts.base, orgs: Vec::new(), strict: false, no_repair: false })
    };
    let result = match command {
        OrgCommand::Template { out, acts } => {
            let model = model_of(acts)?;
            lauazym::org::write_template(&out, &model).map(|()| format!("wrote {}", out.display()))
        }
        OrgCommand::Convert { input, out, acts } => {
            let model = model_of(acts)?;
            lauazym::org::convert(&input, &out, Some(&model)).map(|_| format!("wrote {}", out.display()))
        }
    };
    match result {
        Ok(done) => {
            eprintln!("{done}");
            Ok(Status::Ok)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(Status::BadInput)
        }
    }
}
