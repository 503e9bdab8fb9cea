//! The README's quick start runs as written: each `$ ctrcfg ...` line in a `console` block of
//! its "Quick start" section is run from the repository root, and what it prints (stdout, then
//! stderr) must be the lines shown below it. `CTRCFG_BLESS=1` rewrites the shown output.

use std::process::Command;

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");

/// Each command of the quick start with the output shown for it, as (command, output) and the
/// byte range of the output in the README.
fn examples(readme: &str) -> Vec<(String, String, std::ops::Range<usize>)> {
    let start = readme.find("## Quick start").expect("a quick start section");
    let end = readme[start + 3..].find("\n## ").map_or(readme.len(), |e| start + 3 + e);
    let mut out = Vec::new();
    let mut at = start;
    while let Some(open) = readme[at..end].find("```console\n$ ") {
        let command_start = at + open + "```console\n$ ".len();
        let command_end = command_start + readme[command_start..].find('\n').expect("a line");
        let output_start = command_end + 1;
        let output_end = output_start + readme[output_start..].find("```").expect("a closed block");
        out.push((
            readme[command_start..command_end].to_owned(),
            readme[output_start..output_end].to_owned(),
            output_start..output_end,
        ));
        at = output_end + 3;
    }
    out
}

#[test]
fn the_quick_start_runs_as_written() {
    let mut readme = std::fs::read_to_string(README).expect("README.md");
    let found = examples(&readme);
    assert!(found.len() >= 2, "the quick start shows a validate and a render run");
    let mut blessed = Vec::new();
    for (command, shown, range) in found {
        let args: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(args[0], "ctrcfg", "{command}");
        let out = Command::new(env!("CARGO_BIN_EXE_ctrcfg"))
            .args(&args[1..])
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
            .output()
            .expect("run ctrcfg");
        let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        if printed != shown {
            if std::env::var_os("CTRCFG_BLESS").is_some() {
                blessed.push((range, printed));
                continue;
            }
            panic!("`{command}` prints\n{printed}\nthe README shows\n{shown}");
        }
    }
    for (range, printed) in blessed.into_iter().rev() {
        readme.replace_range(range, &printed);
        std::fs::write(README, &readme).expect("write README.md");
    }
}
