//! The hostile-input corpus (`tests/hostile/cases.rs`) through the built binary, as a CI job or
//! a new user meets it: each case's bytes in a file, then `ctrcfg validate FILE`,
//! `ctrcfg simulate FILE` or `ctrcfg validate --pools FILE`. The exit status and every
//! diagnostic line must be what the case says core says.

#[path = "../../tests/hostile/cases.rs"]
#[allow(dead_code)] // the budgets are scripts/bench's
mod cases;
mod common;

use cases::{Case, Entry};

/// Runs the case's command on `file`: whether it exited as clean, and its diagnostic lines in
/// core's `line:col: ...` shape (a `note:` line folded into ` (+note)`).
fn run(case: &Case, file: &std::path::Path) -> (bool, i32, Vec<String>) {
    let file = file.to_str().expect("a UTF-8 temp path");
    let args: Vec<&str> = match case.entry {
        Entry::Validate => vec!["validate", file],
        Entry::Simulate => vec!["simulate", file],
        Entry::Pools => vec!["validate", "--pools", file],
    };
    // Nothing on stdin: the pools case reads no config from it.
    let out = common::ctrcfg(&args, "");
    let code = out.status.code().unwrap_or(-1);
    let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let prefix = format!("{file}:");
    let mut lines: Vec<String> = Vec::new();
    for line in printed.lines() {
        if let Some(diagnostic) = line.strip_prefix(&prefix) {
            lines.push(diagnostic.to_owned());
        } else if line.starts_with("  note: ") {
            if let Some(last) = lines.last_mut() {
                last.push_str(" (+note)");
            }
        }
    }
    // A pools file with a problem is a usage error (2): the command cannot judge configs.
    let clean_code = match case.entry {
        Entry::Pools if !case.clean => 2,
        _ if !case.clean => 1,
        _ => 0,
    };
    (code == clean_code, code, lines)
}

#[test]
fn every_hostile_case_gets_its_clear_answer_from_the_cli() {
    let dir = std::env::temp_dir().join(format!("ctrcfg-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut wrong = Vec::new();
    let cases = cases::cases();
    for (n, case) in cases.iter().enumerate() {
        let file = dir.join(format!("case-{n}.yaml"));
        std::fs::write(&file, &case.input).expect("write the case");
        let (exited_right, code, lines) = run(case, &file);
        let missing: Vec<&String> = case.says.iter().filter(|s| !lines.contains(s)).collect();
        if !exited_right || lines.len() != case.count || !missing.is_empty() {
            let shown: Vec<&String> = lines.iter().take(6).collect();
            wrong.push(format!(
                "{}: exit {code}, {} lines (want {}), missing {missing:#?}, got {shown:#?}",
                case.name,
                lines.len(),
                case.count
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(wrong.is_empty(), "{} of {} cases wrong:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}
