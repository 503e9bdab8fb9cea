//! The three output formats of `ctrcfg validate`: compiler-style text, one JSON object, and
//! SARIF 2.1.0 for GitHub code scanning.

use ctrcfg_core::diag::{Diagnostic, Origin, Severity};
use ctrcfg_core::text::{LineIndex, Position};
use ctrcfg_core::validate::Report;
use serde_json::{json, Value};

pub struct Input {
    pub name: String,
    pub text: String,
}

pub struct Checked {
    pub input: Input,
    pub report: Report,
}

/// Where a diagnostic starts and ends, for output.
struct Located<'a> {
    d: &'a Diagnostic,
    start: Position,
    end: Position,
}

fn located(checked: &Checked) -> impl Iterator<Item = Located<'_>> {
    let index = LineIndex::new(&checked.input.text);
    checked.report.diagnostics.iter().map(move |d| Located {
        d,
        start: index.position(d.span.start),
        end: index.position(d.span.end.max(d.span.start)),
    })
}

/// `file:line:col: severity[origin]: field: message`, with notes on an indented line.
pub fn text(results: &[Checked]) -> String {
    let mut out = String::new();
    for checked in results {
        for l in located(checked) {
            out.push_str(&format!(
                "{}:{}:{}: {}[{}]: {}\n",
                checked.input.name,
                l.start.line,
                l.start.column,
                l.d.severity.as_str(),
                l.d.origin.as_str(),
                l.d.display_message()
            ));
            if let Some(note) = &l.d.note {
                out.push_str(&format!("  note: {note}\n"));
            }
        }
    }
    out
}

pub fn summary(results: &[Checked]) -> String {
    let count = |s: Severity| results.iter().flat_map(|r| &r.report.diagnostics).filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "ctrcfg: {}, {}, {} in {}",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Info), "note"),
        plural(results.len(), "file")
    )
}

/// One object: `{"valid": bool, "diagnostics": [...]}`.
pub fn json(results: &[Checked]) -> String {
    let mut diagnostics = Vec::new();
    for checked in results {
        for l in located(checked) {
            let mut entry = json!({
                "severity": l.d.severity.as_str(),
                "origin": l.d.origin.as_str(),
                "field": l.d.field.as_ref().map(|f| f.as_str()),
                "message": l.d.message,
                "document": l.d.document,
                "line": l.start.line,
                "column": l.start.column,
                "columnUtf16": l.start.column_utf16,
                "endLine": l.end.line,
                "endColumn": l.end.column,
                "file": checked.input.name,
            });
            if let Some(note) = &l.d.note {
                entry["note"] = Value::String(note.clone());
            }
            diagnostics.push(entry);
        }
    }
    let valid = !results.iter().any(|r| r.report.has_errors());
    let mut out = serde_json::to_string_pretty(&json!({ "valid": valid, "diagnostics": diagnostics }))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
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
        for l in located(checked) {
            let level = match l.d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let mut text = l.d.display_message();
            if let Some(note) = &l.d.note {
                text.push_str(&format!(" ({note})"));
            }
            let rule_index = RULES.iter().position(|(o, _, _)| *o == l.d.origin).unwrap_or(0);
            sarif_results.push(json!({
                "ruleId": l.d.origin.as_str(),
                "ruleIndex": rule_index,
                "level": level,
                "message": {"text": text},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": l.start.line,
                        "startColumn": l.start.column_utf16,
                        "endLine": l.end.line,
                        "endColumn": l.end.column_utf16,
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
