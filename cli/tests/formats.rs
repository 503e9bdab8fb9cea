//! Each CI report format of `ctrcfg validate`, checked against what its consumer reads:
//! JUnit XML against Jenkins' JUnit schema (tests/schemas/junit-10.xsd, xunit-plugin 8c515de2,
//! with xmllint), GitHub Actions annotations against GitHub's documented workflow-command
//! syntax, and SARIF against the SARIF 2.1.0 JSON schema (tests/schemas/sarif-schema-2.1.0.json,
//! oasis-tcs/sarif-spec a560296c, with ajv).

mod ajv;
mod common;

use common::ctrcfg;
use std::path::{Path, PathBuf};
use std::process::Command;

const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every validate vector and the tool outputs, with a file name GitHub's and XML's escaping
/// must both get right.
fn inputs(name: &str) -> (PathBuf, Vec<String>) {
    let dir = std::env::temp_dir().join(format!("ctrcfg-formats-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let hostile = dir.join("a,b:c%25 <&'\">.yaml");
    std::fs::write(&hostile, "kind: ContainerRuntimeConfig\nmetadata: {name: \"100%\"}\nspec:\n  containerRuntimeConfig:\n    additionalImageStores:\n    - path: \"mnt/100%,a:b\"\n").unwrap();
    let mut paths = vec![
        Path::new(REPO).join("tests/vectors/render").to_string_lossy().into_owned(),
        Path::new(REPO).join("tests/inputs").to_string_lossy().into_owned(),
        hostile.to_string_lossy().into_owned(),
    ];
    paths.push("-".to_owned());
    (dir, paths)
}

/// Runs validate in `format` on [`inputs`], written under a directory of the test's own `name`.
fn run(format: &str, strict: bool, name: &str) -> (i32, String) {
    let (dir, paths) = inputs(name);
    let mut args = vec!["validate", "--format", format];
    if strict {
        args.push("--strict");
    }
    args.extend(paths.iter().map(String::as_str));
    let out = ctrcfg(&args, "kind: ContainerRuntimeConfig\nspec: [\n");
    std::fs::remove_dir_all(dir).ok();
    (out.status.code().unwrap_or(-1), text(&out.stdout))
}

fn write_temp(name: &str, contents: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("ctrcfg-formats-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn junit_is_valid_against_the_junit_schema_and_counts_failures() {
    for strict in [false, true] {
        let (code, xml) = run("junit", strict, "junit");
        assert_eq!(code, 1);
        let file = write_temp(&format!("junit-{strict}.xml"), &xml);
        let out = Command::new("xmllint")
            .args(["--noout", "--schema", &format!("{REPO}/tests/schemas/junit-10.xsd")])
            .arg(&file)
            .output()
            .expect("xmllint (scripts/setup installs libxml2-utils)");
        assert!(out.status.success(), "xmllint: {}{}", text(&out.stdout), text(&out.stderr));
        // The counts agree with the cases, as GitLab and Jenkins total them.
        let count = |tag: &str| xml.matches(tag).count();
        let header = xml.lines().nth(1).unwrap();
        assert!(header.contains(&format!("tests=\"{}\"", count("<testcase "))), "{header}");
        assert!(header.contains(&format!("failures=\"{}\"", count("<failure "))), "{header}");
        assert!(
            xml.contains("<testcase name=\"ContainerRuntimeConfig nfs-image-cache\""),
            "oc get's List items are cases"
        );
        assert!(
            xml.contains("<testsuite name=\"&lt;stdin&gt;\" tests=\"1\" failures=\"1\""),
            "a syntax error fails the file's case"
        );
        assert!(xml.contains("name=\"ContainerRuntimeConfig 100%\""));
        std::fs::remove_file(file).ok();
    }
    // A warning fails its case only with --strict.
    let warned = "js/tests/fixtures/graphroot-store.yaml";
    {
        let xml = |strict: &[&str]| {
            let mut args = vec!["validate", "--format", "junit"];
            args.extend(strict);
            args.push(warned);
            text(&Command::new(env!("CARGO_BIN_EXE_ctrcfg")).args(&args).current_dir(REPO).output().unwrap().stdout)
        };
        assert!(!xml(&[]).contains("<failure") && xml(&["--strict"]).contains("<failure"));
    }
}

/// One workflow command as GitHub documents it ("Workflow commands for GitHub Actions"):
/// `::error file={name},line={line},endLine={endLine},col={col},endColumn={endColumn},title={title}::{message}`,
/// with `%`, CR and LF escaped in the message and also `:` and `,` in properties.
struct Annotation {
    command: String,
    properties: Vec<(String, String)>,
    message: String,
}

fn unescape(text: &str) -> String {
    text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
}

fn annotation(line: &str) -> Annotation {
    let rest = line.strip_prefix("::").unwrap_or_else(|| panic!("not a workflow command: {line}"));
    let (head, message) = rest.split_once("::").unwrap_or_else(|| panic!("no ::message: {line}"));
    let (command, properties) = head.split_once(' ').unwrap_or((head, ""));
    assert!(["error", "warning", "notice"].contains(&command), "{line}");
    // Every % left in the message starts an escape.
    assert!(message.split('%').skip(1).all(|s| ["25", "0A", "0D"].iter().any(|e| s.starts_with(e))), "{line}");
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or_else(|| panic!("property without =: {line}"));
            assert!(["file", "line", "endLine", "col", "endColumn", "title"].contains(&k), "{k} in {line}");
            assert!(!v.contains(':') && !v.contains(','), "{line}");
            (k.to_owned(), unescape(v))
        })
        .collect();
    Annotation { command: command.to_owned(), properties, message: unescape(message) }
}

#[test]
fn github_annotations_follow_the_workflow_command_syntax() {
    let (code, out) = run("github", false, "github");
    assert_eq!(code, 1);
    let text_format = run("text", false, "github").1;
    let annotations: Vec<Annotation> = out.lines().map(annotation).collect();
    // One annotation per diagnostic of the text format, at the same place with the same words.
    let diagnostics: Vec<&str> = text_format.lines().filter(|l| !l.starts_with("  note: ")).collect();
    assert_eq!(annotations.len(), diagnostics.len());
    for (a, line) in annotations.iter().zip(&diagnostics) {
        let get = |k: &str| a.properties.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        let severity = match a.command.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "info",
        };
        let file = get("file").unwrap_or("<stdin>");
        let origin = get("title").and_then(|t| t.strip_prefix("ctrcfg ")).unwrap();
        let expected = format!("{file}:{}:{}: {severity}[{origin}]: ", get("line").unwrap(), get("col").unwrap());
        assert!(line.starts_with(&expected), "{line} / {expected}");
        let message = a.message.split("\nnote: ").next().unwrap();
        assert_eq!(&line[expected.len()..], message);
        assert!(get("endLine").unwrap().parse::<usize>().unwrap() >= get("line").unwrap().parse().unwrap());
    }
    let hostile: Vec<&Annotation> =
        annotations.iter().filter(|a| a.properties.iter().any(|(_, v)| v.ends_with("a,b:c%25 <&'\">.yaml"))).collect();
    assert!(hostile.iter().any(|a| a.message.contains("\"mnt/100%,a:b\"")), "the message unescapes to its text");
    assert!(out.contains("a%2Cb%3Ac%2525 <&'\">.yaml,"), "file= escaped as a property");
    assert!(out.contains("%0Anote: "), "a note goes on a second line of the message");
    assert!(annotations.iter().any(|a| a.properties.iter().all(|(k, _)| k != "file")), "stdin has no file");
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let (code, sarif) = run("sarif", true, "sarif");
    assert_eq!(code, 1);
    let schema = Path::new(REPO).join("tests/schemas/sarif-schema-2.1.0.json");
    let file = write_temp("sarif.json", &sarif);
    // The schema is not a formality: a log without its version fails it.
    let broken = write_temp("sarif-broken.json", &sarif.replacen("\"version\": \"2.1.0\",", "", 1));
    assert_eq!(ajv::verdicts(&schema, &[file.clone(), broken.clone()]), [true, false]);
    std::fs::remove_file(file).ok();
    std::fs::remove_file(broken).ok();
}
