//! What the CLI integration tests share: running the built binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `ctrcfg` with `args`, feeding `stdin`.
pub fn ctrcfg(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ctrcfg"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ctrcfg");
    // A usage error exits before reading stdin: a closed pipe is not the test's concern.
    match child.stdin.take().expect("stdin").write_all(stdin.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("write stdin: {e}"),
        _ => {}
    }
    child.wait_with_output().expect("wait")
}
