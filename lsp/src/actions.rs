//! `textDocument/codeAction`: core's mechanical fixes ([`ctrcfg_core::fix`]) whose text meets
//! the requested range, as quick fixes, each with the client's diagnostics it resolves.

use crate::convert;
use ctrcfg_core::fix;
use ctrcfg_core::text::EditorLines;
use ctrcfg_core::validate::Options;
use gen_lsp_types::{CodeAction, CodeActionKind, Diagnostic, Range, TextEdit, Uri, WorkspaceEdit};
use std::collections::HashMap;

pub fn actions(uri: &Uri, text: &str, range: Range, diagnostics: &[Diagnostic], options: &Options) -> Vec<CodeAction> {
    let lines = EditorLines::new(text);
    // The whole lines of the range: a client asks at the cursor, which is rarely on the fix's
    // own text.
    let whole = Range {
        start: gen_lsp_types::Position { line: range.start.line, character: 0 },
        end: gen_lsp_types::Position { line: range.end.line, character: u32::MAX },
    };
    let wanted = convert::span(&lines, whole);
    let meets = |a: ctrcfg_core::text::Span, b: ctrcfg_core::text::Span| a.start <= b.end && b.start <= a.end;
    fix::fixes(text, &options.gates)
        .into_iter()
        .filter(|f| meets(f.span, wanted))
        .map(|f| {
            let edits = f
                .edits
                .iter()
                .map(|e| TextEdit { range: convert::range(&lines, e.span), new_text: e.text.clone() })
                .collect();
            let resolved: Vec<Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.source.as_deref() == Some(crate::diagnostics::SOURCE))
                .filter(|d| meets(convert::span(&lines, d.range), f.span))
                .cloned()
                .collect();
            CodeAction {
                title: f.title,
                kind: Some(CodeActionKind::QuickFix),
                diagnostics: (!resolved.is_empty()).then_some(resolved),
                is_preferred: Some(true),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                ..CodeAction::default()
            }
        })
        .collect()
}
