//! `ctrcfg lsp` as an editor starts it: the real binary, framed JSON-RPC (`Content-Length`
//! headers) over its stdin and stdout, from the handshake to `exit`.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdout, Command, Stdio};

fn send(stdin: &mut impl Write, message: Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

/// One framed message: headers up to the blank line, then exactly `Content-Length` bytes.
fn receive(stdout: &mut BufReader<ChildStdout>) -> Value {
    let mut length = None;
    loop {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "the server closed its output");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = Some(n.parse::<usize>().unwrap());
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    stdout.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn the_binary_speaks_framed_json_rpc_over_stdio() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ctrcfg"))
        .args(["lsp", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start ctrcfg lsp");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
    );
    let init = receive(&mut stdout);
    assert_eq!(
        (init["id"].clone(), init["result"]["capabilities"]["positionEncoding"].clone()),
        (json!(1), json!("utf-16"))
    );
    assert_eq!(init["result"]["serverInfo"]["name"], "ctrcfg");
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let text = "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: a\nspec:\n  containerRuntimeConfig:\n    logLevl: info\n";
    send(
        &mut stdin,
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///a.yaml", "languageId": "yaml", "version": 7, "text": text}}}),
    );
    let published = receive(&mut stdout);
    assert_eq!(published["method"], "textDocument/publishDiagnostics");
    assert_eq!(published["params"]["version"], 7);
    let diagnostics = published["params"]["diagnostics"].as_array().unwrap();
    let first = diagnostics.iter().find(|d| d["code"] == "api").expect("the unknown field");
    assert_eq!(first["range"], json!({"start": {"line": 6, "character": 4}, "end": {"line": 6, "character": 11}}));
    assert_eq!((first["code"].clone(), first["source"].clone()), (json!("api"), json!("ctrcfg")));
    send(&mut stdin, json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    assert_eq!(receive(&mut stdout), json!({"jsonrpc": "2.0", "id": 2, "result": null}));
    send(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn lsp_takes_no_other_arguments() {
    let out = Command::new(env!("CARGO_BIN_EXE_ctrcfg")).args(["lsp", "file.yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // clap's refusal, as for every command: the argument named, then the command's usage.
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.starts_with("ctrcfg: unexpected argument 'file.yaml' found"), "{said}");
    assert!(said.contains("Usage: ctrcfg lsp"), "{said}");
}
