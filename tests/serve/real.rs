//! The built binary, on 127.0.0.1:0, spoken to over a real socket.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn http_get(addr: &str, path: &str, host: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn the_binary_serves_on_a_loopback_port_and_prints_its_address_first() {
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_lauazym"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(dir.path().join("data"))
        .env_remove("LAUAZYM_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut running = Running(child);
    let mut first = String::new();
    BufReader::new(running.0.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let url = first.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("{first}"));
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    assert!(addr.starts_with("127.0.0.1:"), "{first}");
    let answer = http_get(addr, "/api/v1/orgs", addr);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"sample\""));
    let refused = http_get(addr, "/api/v1/orgs", "rebind.example");
    assert!(refused.starts_with("HTTP/1.1 403"), "{refused}");
    assert!(dir.path().join("data/orgs/sample.toml").exists());
}

#[test]
fn a_non_loopback_address_without_a_token_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    // Refused before binding anything: no socket is opened on 0.0.0.0.
    let out = Command::new(env!("CARGO_BIN_EXE_lauazym"))
        .args(["serve", "--listen", "0.0.0.0:0", "--data"])
        .arg(dir.path().join("data"))
        .env_remove("LAUAZYM_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("access token") && err.contains("LAUAZYM_TOKEN"), "{err}");
    assert!(!dir.path().join("data").exists());
    // The token is never an argument.
    let out = Command::new(env!("CARGO_BIN_EXE_lauazym")).args(["serve", "--token", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
