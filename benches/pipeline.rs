//! Batch scale: synthetic organisations × their positions × both formats, on 1 and 2 threads.
//!
//! Reports documents per second, the speed-up from 1 to 2 threads, peak memory (VmHWM) after a
//! small and a large batch (it must not grow with the number of organisations: jobs stream to
//! disk, documents are not held), and a "floor": the cost of just deflating and writing bytes of
//! the same size, so our time can be read as a multiple of it.
//!
//! `cargo bench --bench pipeline` (env `LAUAZYM_BENCH_ORGS`, default 500).

use lauazym::compose::{position_slug, OrgCtx, PrintableOrg, StaffCtx, StaffedPosition, Templates};
use lauazym::export::{self, Format, Kinds, Loaded, Options};

// The binary's allocator (see src/main.rs), so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Where the batch writes: tmpfs when there is one (override with `LAUAZYM_BENCH_DIR`). On this
/// machine class the disk is virtual and its write-back noise swamps the CPU work (two runs of
/// the same batch on disk differed by 40 %); tmpfs still pays every system call and copy.
fn scratch() -> tempfile::TempDir {
    match std::env::var_os("LAUAZYM_BENCH_DIR") {
        Some(dir) => tempfile::tempdir_in(dir).expect("scratch dir"),
        None if std::path::Path::new("/dev/shm").is_dir() => tempfile::tempdir_in("/dev/shm").expect("scratch dir"),
        None => tempfile::tempdir().expect("scratch dir"),
    }
}

fn synthetic(n: usize, model: &lauazym::model::Model, templates: &Arc<Templates>) -> Vec<PrintableOrg> {
    (0..n)
        .map(|i| {
            let positions: Vec<StaffedPosition> = (0..6)
                .map(|k| {
                    let typical = (i + k * 3) % model.positions.len();
                    StaffedPosition {
                        number: k + 1,
                        typical,
                        slug: position_slug(&model.positions[typical], None),
                        staff: StaffCtx {
                            title: Some(format!("Әлеуметтік қызметкер {}", k + 1)),
                            department: Some("Әлеуметтік-тұрмыстық бөлім".into()),
                            headcount: Some(2),
                            employees: vec![format!("Қызметкер {i}-{k}")],
                            ..StaffCtx::default()
                        },
                    }
                })
                .collect();
            PrintableOrg {
                ctx: OrgCtx {
                    slug: format!("org-{i:04}"),
                    name: format!("№ {i} арнаулы әлеуметтік қызметтер көрсету орталығы"),
                    bin: Some("990340000014".into()),
                    head_position: "Директор".into(),
                    head_signature: "А. Сапарова".into(),
                    approval: true,
                    approval_date: "2024 жылғы «15» қаңтар".into(),
                },
                // `LAUAZYM_BENCH_HYPHENATION=0`: as `lauazym export --no-hyphenation`, to see
                // what the hyphenation pass and the hyphenated line breaking cost.
                hyphenation: (std::env::var("LAUAZYM_BENCH_HYPHENATION").as_deref() != Ok("0"))
                    .then(lauazym::hyphen::Hyphenator::default),
                templates: templates.clone(),
                positions,
                employees: vec![],
                source: format!("synthetic-{i}"),
            }
        })
        .collect()
}

fn main() {
    let orgs_n: usize = std::env::var("LAUAZYM_BENCH_ORGS").ok().and_then(|v| v.parse().ok()).unwrap_or(500);
    let act = lauazym::act::load(lauazym::DEFAULT_ACT.0, lauazym::DEFAULT_ACT.1.as_bytes()).expect("seed loads");
    let model = lauazym::model::consolidate(None, &[act]).expect("seed consolidates");
    let templates = Arc::new(Templates::embedded());
    let fonts = lauazym::fonts::FontSet::embedded();
    let formats: Vec<Format> = match std::env::var("LAUAZYM_BENCH_FORMATS").as_deref() {
        Ok("pdf") => vec![Format::Pdf],
        Ok("docx") => vec![Format::Docx],
        _ => vec![Format::Pdf, Format::Docx],
    };
    let kinds = Kinds { job_description: true, change_sheet: true, personnel: false };

    let mut report = Vec::new();
    let mut rates = Vec::new();
    for (n, threads) in [(orgs_n / 5, 2), (orgs_n, 1), (orgs_n, 2)] {
        let orgs = synthetic(n, &model, &templates);
        let out = scratch();
        let options = Options { formats: formats.clone(), kinds, ..Options::new(out.path()) };
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        // The library's own pipeline after loading: pre-pass, fonts, plan, run, manifest.
        // The clock starts when the plan is made (after the pre-pass and the fonts, timed apart).
        let t0 = Instant::now();
        let planned = std::sync::Mutex::new(None);
        let progress = |p: export::Progress| {
            if let export::Progress::Planned { .. } = p {
                *planned.lock().expect("clock") = Some(Instant::now());
            }
        };
        let outcome = pool.install(|| {
            export::write_loaded(&model, Loaded::from_orgs(&model, orgs), &fonts, &options, &progress).expect("export")
        });
        let t = planned.lock().expect("clock").unwrap_or(t0);
        let prep = t - t0;
        let secs = t.elapsed().as_secs_f64();
        assert!(outcome.failures.is_empty() && outcome.errors.is_empty(), "{:?}", outcome.failures.first());
        let docs = outcome.totals.documents as f64;
        let pdfs: Vec<_> = outcome.manifest.files.iter().filter(|f| f.format == Format::Pdf).collect();
        let docxs: Vec<_> = outcome.manifest.files.iter().filter(|f| f.format == Format::Docx).collect();
        let avg = |v: &[&export::Entry]| v.iter().map(|f| f.bytes).sum::<u64>() as f64 / v.len().max(1) as f64;
        rates.push((n, threads, docs / secs));
        report.push(format!(
            "{n} orgs, {threads} thread(s): {} documents in {secs:.2} s = {:.0} documents/s; pre-pass and fonts {:.1} ms; \
             avg PDF {:.1} KB ({:.2} pages), avg DOCX {:.1} KB; peak RSS so far {} MB",
            outcome.totals.documents,
            docs / secs,
            prep.as_secs_f64() * 1e3,
            avg(&pdfs) / 1e3,
            outcome.totals.pages as f64 / pdfs.len().max(1) as f64,
            avg(&docxs) / 1e3,
            peak_rss_kb() / 1024
        ));
        if n == orgs_n && threads == 1 {
            // The floor: deflate and atomically write the same number of files of the same sizes.
            let sizes: Vec<u64> = outcome.manifest.files.iter().map(|f| f.bytes).collect();
            let floor_dir = scratch();
            let t = Instant::now();
            for (i, &s) in sizes.iter().enumerate() {
                let raw: Vec<u8> = (0..s * 3).map(|k| (k as u8).wrapping_mul(31) ^ (k >> 7) as u8).collect();
                let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
                enc.write_all(&raw).expect("deflate");
                let bytes = enc.finish().expect("deflate");
                export::write_atomic(&floor_dir.path().join(format!("{i}.bin")), &bytes).expect("write");
            }
            let floor = t.elapsed().as_secs_f64();
            report.push(format!(
                "floor (deflate 3× the output size and write it, 1 thread): {floor:.2} s; our run is {:.1}× the floor",
                secs / floor
            ));
        }
    }
    if let (Some(one), Some(two)) = (rates.iter().find(|r| r.1 == 1), rates.iter().rfind(|r| r.1 == 2)) {
        report.push(format!("speed-up 1 → 2 threads: {:.2}×", two.2 / one.2));
    }
    for line in report {
        println!("{line}");
    }
}
