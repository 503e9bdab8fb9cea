//! `textDocument/publishDiagnostics`: core's validation, on the ContainerRuntimeConfig
//! documents only, each with its exact message and range, `source: "ctrcfg"` and its origin
//! (api, mco, crio, lint, ctrcfg) as `code`.

use crate::convert;
use crate::scope::Scope;
use ctrcfg_core::diag::{self, Severity};
use ctrcfg_core::text::EditorLines;
use ctrcfg_core::validate::{self, Options};
use gen_lsp_types::{Code, Diagnostic, DiagnosticSeverity};

pub const SOURCE: &str = "ctrcfg";

/// What to publish for `text`: empty when it holds no ContainerRuntimeConfig, so that a
/// file's earlier diagnostics clear and other YAML gets no word from ctrcfg.
pub fn of(text: &str, options: &Options) -> Vec<Diagnostic> {
    let report = validate::validate(text, options);
    let scope = Scope::new(text, &report.documents);
    if !scope.any() {
        return Vec::new();
    }
    let lines = EditorLines::new(text);
    report.diagnostics.iter().filter(|d| scope.covers(d)).map(|d| to_lsp(d, &lines)).collect()
}

/// One diagnostic: the message as Kubernetes prints it (`field: message`), and ctrcfg's note on
/// the next line, as `ctrcfg validate` prints it.
pub fn to_lsp(d: &diag::Diagnostic, lines: &EditorLines<'_>) -> Diagnostic {
    let mut message = d.display_message();
    if let Some(note) = &d.note {
        message.push_str(&format!("\nnote: {note}"));
    }
    Diagnostic {
        range: convert::range(lines, d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::Error,
            Severity::Warning => DiagnosticSeverity::Warning,
            Severity::Info => DiagnosticSeverity::Information,
        }),
        code: Some(Code::String(d.origin.as_str().to_owned())),
        source: Some(SOURCE.to_owned()),
        message: message.into(),
        ..Diagnostic::default()
    }
}
