//! Runs a Python script on a text given on its standard input, for the tests that read ctrcfg's
//! output with a parser that is not ctrcfg's (Python's `tomllib`): `core/tests/proofs.rs` and
//! `cli/tests/render.rs` include this file by path, as two crates' tests share no module.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `script` with `input` on its standard input, and fails the test, showing what the script
/// printed, unless it exits with success.
pub fn assert_python_succeeds(script: &str, input: &str) {
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 (scripts/setup installs it)");
    child.stdin.take().expect("a piped stdin").write_all(input.as_bytes()).expect("python3 reads its input");
    let out = child.wait_with_output().expect("python3 runs");
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}
