//! The CI set-ups docs/ci.md shows and `.pre-commit-hooks.yaml` declares, each run as written on
//! the repository's vectors: the GitHub Actions step's `run:`, the GitLab job's `script:` (its
//! JUnit report where `artifacts:reports:junit` says) and the pre-commit hook's `entry` on the
//! files its `files` pattern selects. `npx --yes ctrcfg` is the npm package's command line,
//! which tests/npm holds to the native binary's bytes; here the native binary stands for it.

use ctrcfg_core::parse::{self, Node, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The body of the ```yaml fence of docs/ci.md whose info string has `marker`.
fn fence(marker: &str) -> String {
    let page = std::fs::read_to_string(Path::new(REPO).join("docs/ci.md")).unwrap();
    let open = page.lines().position(|l| l.starts_with("```yaml") && l.contains(marker)).expect(marker);
    page.lines().skip(open + 1).take_while(|l| !l.starts_with("```")).map(|l| format!("{l}\n")).collect()
}

fn root(yaml: &str) -> Node {
    let parsed = parse::parse(yaml);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    parsed.documents.into_iter().next().and_then(|d| d.root).expect("a document")
}

fn items(node: &Node) -> &[Node] {
    match &node.value {
        Value::Seq(items) => items,
        _ => panic!("a list"),
    }
}

fn at<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
    path.iter().fold(node, |n, key| &n.get(key).unwrap_or_else(|| panic!("{key}")).value)
}

/// A copy of the vectors to stand for a repository (`.` in the command lines).
fn repository(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ctrcfg-ci-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["render", "validate"] {
        let from = Path::new(REPO).join("tests/vectors").join(sub);
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).unwrap();
        }
    }
    dir
}

/// Runs a shell line `npx --yes ctrcfg ARGS [> FILE]` in `dir` with the built binary.
fn run_line(line: &str, dir: &Path) -> (Output, Option<PathBuf>) {
    let rest = line.strip_prefix("npx --yes ctrcfg ").unwrap_or_else(|| panic!("runs the npm package: {line}"));
    let (args, redirect) = match rest.split_once(" > ") {
        Some((args, file)) => (args, Some(dir.join(file.trim()))),
        None => (rest, None),
    };
    let out =
        Command::new(env!("CARGO_BIN_EXE_ctrcfg")).args(args.split_whitespace()).current_dir(dir).output().unwrap();
    if let Some(file) = &redirect {
        std::fs::write(file, &out.stdout).unwrap();
    }
    (out, redirect)
}

#[test]
fn the_github_actions_step_annotates_the_vectors() {
    let steps = root(&fence("ci=github-actions"));
    let step = items(&steps).iter().find(|s| s.get("run").is_some()).expect("a run step");
    let line = at(step, &["run"]).text().unwrap().trim().to_owned();
    let dir = repository("github");
    let (out, _) = run_line(&line, &dir);
    assert_eq!(out.status.code(), Some(1), "the vectors hold errors: the step fails the job");
    let annotations = text(&out.stdout);
    assert!(annotations.lines().count() > 10);
    assert!(
        annotations.lines().all(|l| ["::error ", "::warning ", "::notice "].iter().any(|c| l.starts_with(c))),
        "{annotations}"
    );
    assert!(annotations.contains("::error file=./render/refused.yaml,line=13,"), "{annotations}");
    assert!(text(&out.stderr).contains(" files, "), "--summary");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn the_gitlab_job_writes_the_junit_report_it_declares() {
    let job = root(&fence("ci=gitlab"));
    let job = at(&job, &["ctrcfg"]);
    let script = items(at(job, &["script"]));
    assert_eq!(script.len(), 1);
    let dir = repository("gitlab");
    let (out, report) = run_line(script[0].text().unwrap(), &dir);
    assert_eq!(out.status.code(), Some(1));
    let report = report.expect("the script writes a file");
    assert_eq!(report.file_name().unwrap().to_str(), at(job, &["artifacts", "reports", "junit"]).text());
    assert_eq!(at(job, &["artifacts", "when"]).text(), Some("always"), "the report is kept when the job fails");
    let lint = Command::new("xmllint")
        .args(["--noout", "--schema", &format!("{REPO}/tests/schemas/junit-10.xsd")])
        .arg(&report)
        .output()
        .expect("xmllint");
    assert!(lint.status.success(), "{}", text(&lint.stderr));
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .contains("<failure message=\"./render/refused.yaml:13:13: error[api]: "));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn the_pre_commit_hook_checks_the_staged_files_it_selects() {
    let hooks = std::fs::read_to_string(Path::new(REPO).join(".pre-commit-hooks.yaml")).unwrap();
    let hooks = root(&hooks);
    let hook = &items(&hooks)[0];
    assert_eq!(at(hook, &["id"]).text(), Some("ctrcfg"));
    assert_eq!(at(hook, &["language"]).text(), Some("system"));
    // pre-commit passes the staged files its `files` regex selects; this is that regex.
    assert_eq!(at(hook, &["files"]).text(), Some(r"\.(yaml|yml|json)$"));
    let selected = |name: &str| [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e));
    let entry: Vec<String> = at(hook, &["entry"]).text().unwrap().split_whitespace().map(str::to_owned).collect();
    assert_eq!(entry[0], "ctrcfg");
    // What pre-commit would pass: the staged files of a directory that its pattern selects.
    let staged = |dir: &str| -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(Path::new(REPO).join(dir))
            .unwrap()
            .flatten()
            .map(|e| format!("{dir}/{}", e.file_name().to_string_lossy()))
            .filter(|f| selected(f))
            .collect();
        files.sort();
        files
    };
    let run = |files: &[String]| {
        let out = Command::new(env!("CARGO_BIN_EXE_ctrcfg"))
            .args(&entry[1..])
            .args(files)
            .current_dir(REPO)
            .output()
            .unwrap();
        out.status.code()
    };
    let vectors = staged("tests/vectors/render");
    assert!(vectors.len() > 20 && !vectors.iter().any(|f| f.ends_with(".out")));
    assert_eq!(run(&vectors), Some(1), "the render vectors hold refused configs: the commit is stopped");
    assert_eq!(run(&staged("tests/inputs")), Some(1), "helm's output holds a mistake");
    let presets: Vec<String> = staged("examples")
        .into_iter()
        .filter(|f| !f.ends_with("mistakes.yaml") && !f.ends_with("pools.yaml"))
        .collect();
    assert_eq!(run(&presets), Some(0), "{presets:?}");
}
