//! The command line's front door (issue 16): each command's `--help` with examples, `--version`
//! with the levels modelled, suggestions for a mistyped flag or command, completion scripts
//! that the shells read, and man pages kept in docs/man/ as `ctrcfg man` prints them.

mod common;

use common::ctrcfg;
use std::path::Path;
use std::process::Command;

const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const COMMANDS: [&str; 7] = ["validate", "render", "simulate", "explain", "schema", "completions", "man"];

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn each_command_has_its_help_with_examples_that_run() {
    for command in COMMANDS {
        for asked in [vec![command, "--help"], vec!["help", command], vec![command, "-h"]] {
            let out = ctrcfg(&asked, "");
            assert_eq!(out.status.code(), Some(0), "{asked:?}");
            let help = text(&out.stdout);
            assert!(help.contains(&format!("Usage: ctrcfg {command} ")), "{asked:?}: {help}");
            assert!(help.contains("\nExamples:\n  ctrcfg "), "{asked:?}: {help}");
        }
    }
    // The examples of validate and explain run as shown (from the repository root).
    let help = text(&ctrcfg(&["explain", "--help"], "").stdout);
    for example in help.split("Examples:\n").nth(1).unwrap().lines() {
        let args: Vec<&str> = example.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_ctrcfg")).args(&args).current_dir(REPO).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{example}: {}", text(&out.stderr));
    }
}

#[test]
fn version_names_the_levels_both_ways() {
    let flag = ctrcfg(&["--version"], "");
    let word = ctrcfg(&["version"], "");
    assert_eq!(text(&flag.stdout), text(&word.stdout));
    let shown = text(&flag.stdout);
    assert!(shown.starts_with(&format!("ctrcfg {}\nOpenShift levels modelled", env!("CARGO_PKG_VERSION"))));
    assert!(shown.contains("  latest") && shown.contains("  5.0") && shown.contains("  4.22"), "{shown}");
}

#[test]
fn a_mistyped_flag_or_command_gets_a_suggestion_and_exit_2() {
    for (args, tip) in [
        (vec!["validate", "--strct"], "tip: a similar argument exists: '--strict'"),
        (vec!["validate", "--formt", "json"], "tip: a similar argument exists: '--format'"),
        (vec!["render", "--butane-varient", "fcos"], "tip: a similar argument exists: '--butane-variant'"),
        (vec!["valdate"], "tip: a similar subcommand exists: 'validate'"),
        (vec!["validate", "--format", "junitxml"], "[possible values: text, json, sarif, junit, github]"),
    ] {
        let out = ctrcfg(&args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.starts_with("ctrcfg: ") && err.contains(tip), "{args:?}: {err}");
    }
}

#[test]
fn flags_keep_their_meaning_last_value_wins_and_gates_add_up() {
    let valid = include_str!("../../tests/vectors/render/image-stores.yaml");
    let json = ctrcfg(&["validate", "--format", "sarif", "--format=json", "-"], valid);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("the last --format, json");
    assert_eq!(v, serde_json::json!({"valid": true, "diagnostics": []}));
    let gates = [
        "validate",
        "--feature-gates",
        "AdditionalStorageConfig=false",
        "--feature-gates",
        "GomaxprocsInjection=true",
        "-",
    ];
    let out = ctrcfg(&gates, valid);
    assert_eq!(out.status.code(), Some(1), "the first list still holds: {}", text(&out.stdout));
    let out = ctrcfg(&["validate", "--strict", "--strict", "--", "-"], valid);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn completion_scripts_name_every_command_and_the_shells_read_them() {
    for shell in ["bash", "zsh", "fish"] {
        let out = ctrcfg(&["completions", shell], "");
        assert_eq!(out.status.code(), Some(0));
        let script = text(&out.stdout);
        for word in COMMANDS.iter().chain(&[
            "--openshift-version",
            "--ignore",
            "--summary",
            "--butane-variant",
            "junit",
            "github",
        ]) {
            let word = if shell == "fish" { word.trim_start_matches("--") } else { word };
            assert!(script.contains(word), "{shell}: {word}");
        }
        let path = std::env::temp_dir().join(format!("ctrcfg-completion-{}.{shell}", std::process::id()));
        std::fs::write(&path, &script).unwrap();
        // Each shell that is installed parses its script without running it.
        if let Ok(check) = Command::new(shell).arg("-n").arg(&path).output() {
            assert!(check.status.success(), "{shell} -n: {}", text(&check.stderr));
        } else {
            assert_ne!(shell, "bash", "bash is always there");
        }
        std::fs::remove_file(path).ok();
    }
    let out = ctrcfg(&["completions", "powershell"], "");
    assert_eq!(out.status.code(), Some(2));
}

/// docs/man/ holds `ctrcfg man` and `ctrcfg man COMMAND` as printed; `CTRCFG_BLESS=1` rewrites
/// them. groff reads each without a warning.
#[test]
fn the_man_pages_in_docs_are_what_ctrcfg_man_prints() {
    let dir = Path::new(REPO).join("docs/man");
    let bless = std::env::var_os("CTRCFG_BLESS").is_some();
    let mut pages = vec![("ctrcfg.1".to_owned(), vec!["man"])];
    pages.extend(COMMANDS.iter().map(|c| (format!("ctrcfg-{c}.1"), vec!["man", c])));
    for (file, args) in pages {
        let out = ctrcfg(&args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
        let page = text(&out.stdout);
        assert!(page.contains(".TH ") && page.contains(".SH SYNOPSIS"), "{file}");
        let path = dir.join(&file);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &page).unwrap();
        }
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            kept == page,
            "docs/man/{file} is not what `ctrcfg {}` prints; CTRCFG_BLESS=1 rewrites it",
            args.join(" ")
        );
        let groff = Command::new("groff").args(["-man", "-Tutf8", "-ww", "-z"]).arg(&path).output();
        if let Ok(groff) = groff {
            assert!(groff.status.success() && groff.stderr.is_empty(), "groff on {file}: {}", text(&groff.stderr));
        }
    }
    let out = ctrcfg(&["man", "nope"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("the commands are validate, render, simulate, explain, schema, completions, man")
    );
}
