//! ajv's verdict on documents against a JSON Schema (tests/schemas/validate.mjs, offline from
//! node_modules), for the tests of `ctrcfg schema` and of the SARIF output.

use std::path::{Path, PathBuf};
use std::process::Command;

const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Whether each document of `files` is valid against `schema`, in order.
pub fn verdicts(schema: &Path, files: &[PathBuf]) -> Vec<bool> {
    let out = Command::new("node")
        .arg(format!("{REPO}/tests/schemas/validate.mjs"))
        .arg(schema)
        .args(files)
        .current_dir(REPO)
        .output()
        .expect("node");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a verdict")["valid"].as_bool().expect("valid"))
        .collect()
}
