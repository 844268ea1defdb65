//! `lauazym serve` under load, on loopback: one PDF rendered per request.
//!
//! The service runs in this process on 127.0.0.1:0 over a fresh data folder (the sample); clients
//! are plain threads with one keep-alive connection each (a minimal HTTP/1.1 client, so what is
//! measured is the server, not a client library). Reported: p50/p99 latency and requests per
//! second with 1 and 32 concurrent clients, and for comparison the batch export's PDFs per second
//! for the same organisation on the same cores (`batch::run`, as `lauazym export`).
//!
//! Bounded in count and time: `LAUAZYM_BENCH_REQUESTS` per client count (default 600), and no
//! run longer than 30 s. `cargo bench --bench serve`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const LIMIT: Duration = Duration::from_secs(30);

/// One GET on a keep-alive connection; returns the body length.
fn get(conn: &mut BufReader<TcpStream>, host: &str, path: &str) -> usize {
    write!(conn.get_mut(), "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").expect("send");
    let mut line = String::new();
    conn.read_line(&mut line).expect("status line");
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    let mut length = 0usize;
    loop {
        line.clear();
        conn.read_line(&mut line).expect("header");
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some(v) = l.strip_prefix("content-length: ") {
            length = v.parse().expect("content-length");
        }
    }
    let mut body = vec![0; length];
    conn.read_exact(&mut body).expect("body");
    assert!(body.starts_with(b"%PDF"));
    length
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn load(addr: SocketAddr, paths: &[String], clients: usize, total: usize) {
    let host = addr.to_string();
    let per = total.div_ceil(clients);
    let started = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let host = host.clone();
            let paths = paths.to_vec();
            std::thread::spawn(move || {
                let mut conn = BufReader::new(TcpStream::connect(addr).expect("connect"));
                conn.get_ref().set_nodelay(true).ok();
                let mut lat = Vec::with_capacity(per);
                for i in 0..per {
                    if started.elapsed() > LIMIT {
                        break;
                    }
                    let t = Instant::now();
                    get(&mut conn, &host, &paths[(c + i) % paths.len()]);
                    lat.push(t.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut all: Vec<Duration> = handles.into_iter().flat_map(|h| h.join().expect("client")).collect();
    let wall = started.elapsed();
    all.sort();
    println!(
        "serve: {clients:>2} client(s): {:>5} requests in {:.2} s: {:>7.1} req/s, p50 {:>6.2} ms, p99 {:>6.2} ms",
        all.len(),
        wall.as_secs_f64(),
        all.len() as f64 / wall.as_secs_f64(),
        percentile(&all, 0.50).as_secs_f64() * 1e3,
        percentile(&all, 0.99).as_secs_f64() * 1e3,
    );
}

fn batch_pdfs_per_second() {
    use lauazym::export::{self, BatchFonts, Format, Inputs, Kinds};
    let act = lauazym::act::load(lauazym::DEFAULT_ACT.0, lauazym::DEFAULT_ACT.1.as_bytes()).expect("act");
    let model = lauazym::model::consolidate(None, &[act]).expect("model");
    // No profile given: the embedded sample, as `lauazym export` without --org (minus typical).
    let loaded = export::load(&Inputs { model: &model, orgs: vec![], typical: false });
    let fonts =
        BatchFonts::prepare(&lauazym::fonts::FontSet::embedded(), &loaded.chars, &[Format::Pdf], Default::default())
            .expect("fonts");
    let orgs = loaded.orgs;
    let jobs = export::plan(&model, &orgs, Kinds::ALL, &[Format::Pdf]);
    let dir = if std::path::Path::new("/dev/shm").is_dir() {
        tempfile::tempdir_in("/dev/shm").expect("scratch")
    } else {
        tempfile::tempdir().expect("scratch")
    };
    let started = Instant::now();
    let mut done = 0usize;
    while started.elapsed() < Duration::from_secs(5) && done < 2000 {
        let outcome = export::run(&model, &orgs, &fonts, &jobs, dir.path(), &|_| {});
        assert!(outcome.failures.is_empty());
        done += outcome.totals.documents;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "batch: {done} PDFs of the sample in {secs:.2} s on {} thread(s): {:.1} documents/s",
        rayon::current_num_threads(),
        done as f64 / secs
    );
}

fn main() {
    let total: usize = std::env::var("LAUAZYM_BENCH_REQUESTS").ok().and_then(|v| v.parse().ok()).unwrap_or(600);
    let dir = tempfile::tempdir().expect("data folder");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind loopback");
    let addr = listener.local_addr().expect("address");
    let access = lauazym::serve::guard::Access::for_address(addr, &[], None);
    let state = lauazym::serve::AppState::new(&dir.path().join("data"), access).expect("state");
    runtime.spawn(async move {
        axum::serve(listener, lauazym::serve::app(state)).await.expect("serve");
    });
    let org = lauazym::org::sample();
    let paths: Vec<String> = org
        .positions
        .iter()
        .map(|p| format!("/api/v1/orgs/sample/document?kind=job-description&position={}&format=pdf", p.id))
        .collect();
    // Warm up: the first request prepares the organisation (fonts subset once per profile version).
    let t = Instant::now();
    get(&mut BufReader::new(TcpStream::connect(addr).expect("connect")), &addr.to_string(), &paths[0]);
    println!("serve: first request (prepares the organisation) {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    println!("cores: {}", std::thread::available_parallelism().map_or(0, |n| n.get()));
    load(addr, &paths, 1, total);
    load(addr, &paths, 32, total);
    batch_pdfs_per_second();
}
