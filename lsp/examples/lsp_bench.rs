//! `cargo run --release -p ctrcfg-lsp --example lsp_bench -- target/release/ctrcfg`: the language
//! server as an editor runs it (the release binary, `ctrcfg lsp`, framed JSON-RPC over its
//! stdio): the time from sending `didChange` of a 10 KB file to reading its
//! `publishDiagnostics` (p50, p95 of 200 changes), and the server's resident memory with 100
//! files open. Figures only, for BENCHMARKS.md (`scripts/bench`, part `lsp`); it asserts
//! nothing, since these machines are noisy.

#[path = "../../core/benches/workload.rs"]
#[allow(dead_code)] // the server's benchmark uses only the 10 KB file
mod workload;

use lsp_server::{Message, Notification, Request};
use serde_json::json;
use std::io::BufReader;
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;

fn send(stdin: &mut ChildStdin, message: Message) {
    message.write(stdin).expect("the server reads");
}

/// Reads until the next `publishDiagnostics`; returns how many diagnostics it carries.
fn published(stdout: &mut BufReader<ChildStdout>) -> usize {
    loop {
        match Message::read(stdout).expect("the server writes") {
            Some(Message::Notification(n)) if n.method == "textDocument/publishDiagnostics" => {
                return n.params["diagnostics"].as_array().map_or(0, Vec::len)
            }
            Some(_) => {}
            None => panic!("the server closed its output"),
        }
    }
}

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap_or("VmRSS: 0 kB");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let binary = std::env::args().nth(1).unwrap_or_else(|| "target/release/ctrcfg".into());
    let mut child =
        Command::new(&binary).arg("lsp").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("ctrcfg lsp");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let init = json!({"processId": null, "rootUri": null, "capabilities": {}});
    send(&mut stdin, Request::new(1.into(), "initialize".into(), init).into());
    Message::read(&mut stdout).unwrap();
    send(&mut stdin, Notification::new("initialized".into(), json!({})).into());
    let text = workload::multi_document(10_000);
    let before = resident_kib(child.id());
    for i in 0..100 {
        let doc = json!({"uri": format!("file:///bench/{i}.yaml"), "languageId": "yaml", "version": 1, "text": text});
        send(&mut stdin, Notification::new("textDocument/didOpen".into(), json!({"textDocument": doc})).into());
        published(&mut stdout);
    }
    let open = resident_kib(child.id());
    let mut times = Vec::new();
    let mut count = 0;
    for version in 2..202 {
        // Each change differs (a comment line), as typing does.
        let changed = format!("# edit {version}\n{text}");
        let params = json!({"textDocument": {"uri": "file:///bench/0.yaml", "version": version}, "contentChanges": [{"text": changed}]});
        let start = Instant::now();
        send(&mut stdin, Notification::new("textDocument/didChange".into(), params).into());
        count = published(&mut stdout);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!("file: {} bytes, {count} diagnostics published", text.len());
    println!(
        "didChange -> publishDiagnostics: p50 {:.3} ms, p95 {:.3} ms (200 changes)",
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );
    println!("resident memory: {before} KiB after initialize, {open} KiB with 100 such files open");
    send(&mut stdin, Request::new(2.into(), "shutdown".into(), json!(null)).into());
    Message::read(&mut stdout).unwrap();
    send(&mut stdin, Notification::new("exit".into(), json!(null)).into());
    child.wait().unwrap();
}
