//! Validation vectors in `tests/vectors/validate/`, run natively and in headless Chromium.
//!
//! A vector file is YAML, read with ctrcfg's own parser:
//! ```yaml
//! source: where the cases come from (repository, path, commit)
//! featureSets: [Default, "CustomNoUpgrade:AdditionalStorageConfig=true"]  # each case runs in each; default [Default]
//! releases: ["4.22", "5.0", latest]  # each case runs at each OpenShift level; default [latest]
//! origin: api          # the origin `errorContains` and `valid` look at; default api
//! cases:
//! - name: ...
//!   featureSets, releases: # per case, instead of the file's
//!   stored: |            # the object as the cluster stores it: `input` is an update of it
//!   input: |             # the ContainerRuntimeConfig text
//!   errorContains: ...   # an error of `origin` (or all of them joined with ", ", as the API server
//!                        # joins them) whose `field: message` contains this (upstream's style)
//!   valid: true          # no error of `origin`
//!   expect: [...]        # or: every diagnostic, exactly, as `line:col: severity[origin]: field: message`,
//!                        # with ` (+note)` when ctrcfg adds a note
//! ```
//! `CTRCFG_BLESS=1` (native only) rewrites `expect` lists that differ; review the diff.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod verdict;

use ctrcfg_core::diag::{Diagnostic, Severity};
use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::parse::{parse, Node, Value};
use ctrcfg_core::release::Release;
use ctrcfg_core::text::LineIndex;
use ctrcfg_core::validate::{validate, Options, Stored};

macro_rules! vector_files {
    ($($name:literal),* $(,)?) => {
        const FILES: &[(&str, &str)] = &[$(
            ($name, include_str!(concat!("../../tests/vectors/validate/", $name))),
        )*];
    };
}

vector_files! {
    "openshift-api.yaml",
    "openshift-api-2999.yaml",
    "corpus-positions.yaml",
    "mco.yaml",
    "mco-6433.yaml",
    "corpus-pools.yaml",
    "corpus-stores.yaml",
    "corpus-fields.yaml",
    "corpus-gates.yaml",
    "corpus-documents.yaml",
    "corpus-lint.yaml",
    "levels.yaml",
    "corpus-verdict.yaml",
    "corpus-updates.yaml",
}

fn text<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.get(key).and_then(|e| e.value.as_scalar()).map(|s| s.text.as_str())
}

fn list<'a>(node: &'a Node, key: &str) -> Vec<&'a str> {
    match node.get(key).map(|e| &e.value.value) {
        Some(Value::Seq(items)) => items.iter().filter_map(|i| i.as_scalar()).map(|s| s.text.as_str()).collect(),
        _ => Vec::new(),
    }
}

fn options(spec: &str, release: &str, stored: Option<&str>) -> Options {
    let (set, gates) = spec.split_once(':').unwrap_or((spec, ""));
    let set = FeatureSet::from_name(set).unwrap_or_else(|| panic!("unknown feature set {set}"));
    let release = Release::from_name(release).unwrap_or_else(|| panic!("unknown release {release}"));
    let gates = FeatureGates::new(set).at(release).parse_overrides(gates).expect("gate overrides");
    let stored = stored.map(|text| {
        let (stored, problems) = Stored::parse(text);
        assert!(problems.is_empty() && !stored.is_empty(), "stored object: {problems:?}");
        stored
    });
    Options { gates, stored: stored.unwrap_or_default(), ..Options::default() }
}

fn line(index: &LineIndex<'_>, d: &Diagnostic) -> String {
    let mut s = d.to_compiler_line(index);
    if d.note.is_some() {
        s.push_str(" (+note)");
    }
    s
}

struct Outcome {
    cases: usize,
    failures: Vec<String>,
    /// (file, case name, actual lines) for `expect` lists that differ.
    blessable: Vec<(String, String, Vec<String>)>,
}

fn run() -> Outcome {
    let mut outcome = Outcome { cases: 0, failures: Vec::new(), blessable: Vec::new() };
    for (file, source) in FILES {
        let parsed = parse(source);
        assert!(parsed.diagnostics.is_empty(), "{file}: {:?}", parsed.diagnostics);
        let root = parsed.documents[0].root.as_ref().expect("a vector document");
        let sets = list(root, "featureSets");
        let sets = if sets.is_empty() { vec!["Default"] } else { sets };
        let releases = list(root, "releases");
        let releases = if releases.is_empty() { vec!["latest"] } else { releases };
        let origin = text(root, "origin").unwrap_or("api");
        let Some(Value::Seq(cases)) = root.get("cases").map(|e| &e.value.value) else { panic!("{file}: no cases") };
        for case in cases {
            let name = text(case, "name").unwrap_or("(unnamed)");
            let input = text(case, "input").unwrap_or_else(|| panic!("{file}: {name}: no input"));
            let case_sets = list(case, "featureSets");
            let case_sets = if case_sets.is_empty() { sets.clone() } else { case_sets };
            let case_releases = list(case, "releases");
            let case_releases = if case_releases.is_empty() { releases.clone() } else { case_releases };
            let runs = case_releases.iter().flat_map(|r| case_sets.iter().map(move |s| (*r, *s)));
            for (release, set) in runs {
                outcome.cases += 1;
                let options = options(set, release, text(case, "stored"));
                let report = validate(input, &options);
                let context = format!("{file}: {name} [{set} at {release}]");
                if let Err(e) = verdict::check(input, &options) {
                    outcome.failures.push(format!("{context}: validate and render disagree: {e}"));
                }
                let index = LineIndex::new(input);
                let errors: Vec<String> = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error && d.origin.as_str() == origin)
                    .map(Diagnostic::display_message)
                    .collect();
                let all: Vec<String> = report.diagnostics.iter().map(|d| line(&index, d)).collect();
                if let Some(needle) = text(case, "errorContains") {
                    // The API server joins a response's errors with ", " (ToAggregate).
                    if !errors.iter().any(|e| e.contains(needle)) && !errors.join(", ").contains(needle) {
                        outcome
                            .failures
                            .push(format!("{context}: no {origin} error contains {needle:?}; got {all:#?}"));
                    }
                }
                if text(case, "valid") == Some("true") && !errors.is_empty() {
                    outcome.failures.push(format!("{context}: expected no {origin} errors; got {all:#?}"));
                }
                if case.get("expect").is_some() {
                    let expected = list(case, "expect");
                    if expected != all {
                        outcome.failures.push(format!("{context}:\n  expected {expected:#?}\n  actual {all:#?}"));
                        outcome.blessable.push((file.to_string(), name.to_owned(), all));
                    }
                }
            }
        }
    }
    outcome
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn validation_vectors() {
    let outcome = run();
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("CTRCFG_BLESS").is_some() && !outcome.blessable.is_empty() {
        bless(&outcome.blessable);
        return;
    }
    assert!(outcome.cases >= 100, "only {} cases ran", outcome.cases);
    assert!(outcome.failures.is_empty(), "{} failing:\n{}", outcome.failures.len(), outcome.failures.join("\n\n"));
}

/// Rewrites the `expect:` list of each named case in place (native only).
#[cfg(not(target_arch = "wasm32"))]
fn bless(updates: &[(String, String, Vec<String>)]) {
    for (file, name, lines) in updates {
        let path = format!("{}/../tests/vectors/validate/{file}", env!("CARGO_MANIFEST_DIR"));
        let source = std::fs::read_to_string(&path).expect("read vector file");
        let marker = format!("- name: {name}\n");
        let start =
            source.find(&marker).unwrap_or_else(|| panic!("{file}: case {name:?} not found (quote-free names only)"));
        let expect_at = start + source[start..].find("  expect:").expect("an expect key");
        // The list ends at the first line that is not one of its items, so comments and the
        // next case after it stay as they are.
        let mut end = expect_at + source[expect_at..].find('\n').map_or(source.len() - expect_at, |i| i + 1);
        while source[end..].starts_with("  - ") {
            end += source[end..].find('\n').map_or(source.len() - end, |i| i + 1);
        }
        let mut block = String::from("  expect:\n");
        for l in lines {
            block.push_str(&format!("  - {}\n", serde_like_quote(l)));
        }
        if lines.is_empty() {
            block = "  expect: []\n".into();
        }
        let updated = format!("{}{}{}", &source[..expect_at], block, &source[end..]);
        std::fs::write(&path, updated).expect("write vector file");
    }
}

/// A YAML double-quoted scalar.
#[cfg(not(target_arch = "wasm32"))]
fn serde_like_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn every_vector_file_is_listed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/validate");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FILES.iter().map(|(n, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}
