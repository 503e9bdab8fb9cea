//! The output formats of `ctrcfg validate`: compiler-style text, one JSON object, SARIF 2.1.0
//! for GitHub code scanning, JUnit XML ([`junit`]) and GitHub Actions annotations
//! ([`github`]); and the counts of `--summary`.

pub mod github;
pub mod junit;

use ctrcfg_core::diag::{Diagnostic, Origin, Severity};
use ctrcfg_core::report::{self, Place};
use ctrcfg_core::text::LineIndex;
use ctrcfg_core::tree::Tree;
use ctrcfg_core::validate::Report;
use serde_json::{json, Value};

pub struct Input {
    pub name: String,
    pub text: String,
}

pub struct Checked {
    pub input: Input,
    pub report: Report,
    /// How many objects of other kinds the file holds (each has its note, an info).
    pub skipped: usize,
}

impl Checked {
    /// Validates one input, counting the objects of other kinds (`helm template` and
    /// `kustomize build` print a repository's every object) for `--summary`.
    pub fn new(input: Input, options: &ctrcfg_core::validate::Options) -> Checked {
        let report = ctrcfg_core::validate::validate(&input.text, options);
        let skipped = report.diagnostics.iter().filter(|d| ctrcfg_core::validate::is_skip_note(d)).count();
        Checked { input, report, skipped }
    }
}

/// Each diagnostic of a checked file with its place in that file.
pub(crate) fn placed(checked: &Checked) -> impl Iterator<Item = (&Diagnostic, Place)> {
    let index = LineIndex::new(&checked.input.text);
    checked
        .report
        .diagnostics
        .iter()
        .map(move |d| (d, Place { file: Some(checked.input.name.clone()), ..Place::in_text(&index, d) }))
}

/// The one text shape of a diagnostic, for every command: `file:line:col: severity[origin]:
/// field: message`, and the note on an indented line.
pub fn line(d: &Diagnostic, at: &Place) -> String {
    let mut out = format!("{}:{}", at.file.as_deref().unwrap_or("<stdin>"), d.compiler_line_at(at.start));
    if let Some(note) = &d.note {
        out.push_str(&format!("\n  note: {note}"));
    }
    out
}

pub fn text(results: &[Checked]) -> String {
    let mut out = String::new();
    for (d, at) in results.iter().flat_map(placed) {
        out.push_str(&line(d, &at));
        out.push('\n');
    }
    out
}

fn count(results: &[Checked], severity: Severity) -> usize {
    results.iter().flat_map(|r| &r.report.diagnostics).filter(|d| d.severity == severity).count()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `--summary`: what was read and what was found, one line.
pub fn counts(results: &[Checked]) -> String {
    let documents: usize = results.iter().map(|r| ctrcfg_core::decode::objects(&r.report.documents).len()).sum();
    let configs: usize = results.iter().map(|r| r.report.configs.len()).sum();
    let skipped: usize = results.iter().map(|r| r.skipped).sum();
    format!(
        "ctrcfg: {}, {}, {}, {skipped} skipped (other kinds), {}, {}",
        plural(results.len(), "file"),
        plural(documents, "document"),
        plural(configs, "config"),
        plural(count(results, Severity::Error), "error"),
        plural(count(results, Severity::Warning), "warning"),
    )
}

pub fn summary(results: &[Checked]) -> String {
    let count = |s: Severity| count(results, s);
    format!(
        "ctrcfg: {}, {}, {} in {}",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Info), "note"),
        plural(results.len(), "file")
    )
}

/// One object: `{"valid": bool, "diagnostics": [...]}`, each diagnostic in core's one shape
/// (`report::diagnostic`). `valid` is the verdict the exit status gives, `--strict` included.
pub fn json(results: &[Checked], valid: bool) -> String {
    let diagnostics = results.iter().flat_map(placed).map(|(d, at)| report::diagnostic(d, &at)).collect();
    let mut out = report::validate_json(valid, Tree::Seq(diagnostics)).to_json_pretty();
    out.push('\n');
    out
}

const RULES: [(Origin, &str, &str); 5] = [
    (
        Origin::Api,
        "ApiServer",
        "What the Kubernetes API server says: strict decoding, the CRD's OpenAPI schema and CEL rules",
    ),
    (
        Origin::Mco,
        "MachineConfigOperator",
        "What the Machine Config Operator's controller reports on the config's status",
    ),
    (
        Origin::Crio,
        "CriO",
        "What CRI-O says when it starts on a node with the rendered files: it exits, and the node stays NotReady",
    ),
    (Origin::Lint, "Lint", "ctrcfg's advice on settings the API server and the MCO let pass"),
    (
        Origin::Ctrcfg,
        "Ctrcfg",
        "ctrcfg itself: an error in its own inputs, or a value it cannot model, so it cannot judge the config",
    ),
];

/// SARIF 2.1.0, one run, one rule per origin; columns in UTF-16 code units (SARIF's default).
pub fn sarif(results: &[Checked]) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|(origin, name, text)| json!({"id": origin.as_str(), "name": name, "shortDescription": {"text": text}}))
        .collect();
    let mut sarif_results = Vec::new();
    for checked in results {
        let uri = if checked.input.name == "<stdin>" { "stdin".to_owned() } else { checked.input.name.clone() };
        for (d, at) in placed(checked) {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let mut text = d.display_message();
            if let Some(note) = &d.note {
                text.push_str(&format!(" ({note})"));
            }
            let rule_index = RULES.iter().position(|(o, _, _)| *o == d.origin).unwrap_or(0);
            sarif_results.push(json!({
                "ruleId": d.origin.as_str(),
                "ruleIndex": rule_index,
                "level": level,
                "message": {"text": text},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": at.start.line,
                        "startColumn": at.start.column_utf16,
                        "endLine": at.end.line,
                        "endColumn": at.end.column_utf16,
                    }
                }}],
            }));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "ctrcfg",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/ctrcfg/ctrcfg",
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": sarif_results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}
