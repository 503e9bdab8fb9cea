//! Hover and completion: core's, the playground's own, inside ContainerRuntimeConfig
//! documents only (elsewhere `null` and an empty list, so another YAML server's answers stand).

use crate::convert;
use crate::scope::Scope;
use ctrcfg_core::assist::{self, CompletionKind};
use ctrcfg_core::parse;
use ctrcfg_core::text::{EditorLines, Span};
use ctrcfg_core::validate::Options;
use gen_lsp_types::{
    CompletionItem, CompletionItemKind, CompletionItemTextEdit, Contents, Hover, MarkupContent, MarkupKind, Position,
    TextEdit,
};

/// Whether `offset` is in a ContainerRuntimeConfig's document.
fn ours(text: &str, offset: usize) -> bool {
    let documents = parse::parse(text).documents;
    Scope::new(text, &documents).holds(&documents, offset)
}

pub fn hover(text: &str, at: Position, options: &Options) -> Option<Hover> {
    let lines = EditorLines::new(text);
    let offset = convert::offset(&lines, at);
    if !ours(text, offset) {
        return None;
    }
    let found = assist::hover(text, offset, options)?;
    Some(Hover {
        contents: Contents::MarkupContent(MarkupContent { kind: MarkupKind::PlainText, value: found.text }),
        range: Some(convert::range(&lines, found.span)),
    })
}

pub fn completion(text: &str, at: Position, options: &Options) -> Vec<CompletionItem> {
    let lines = EditorLines::new(text);
    let offset = convert::offset(&lines, at);
    if !ours(text, offset) {
        return Vec::new();
    }
    assist::complete(text, offset, options)
        .into_iter()
        .enumerate()
        .map(|(rank, c)| {
            let (kind, new_text) = match c.kind {
                CompletionKind::Field => (CompletionItemKind::Field, format!("{}: ", c.label)),
                CompletionKind::Value => (CompletionItemKind::Value, c.label.clone()),
            };
            let range = convert::range(&lines, Span::new(c.from, c.to));
            CompletionItem {
                label: c.label,
                kind: Some(kind),
                detail: c.detail,
                // Core's order is best first; clients sort by this text.
                sort_text: Some(format!("{rank:04}")),
                text_edit: Some(CompletionItemTextEdit::TextEdit(TextEdit { range, new_text })),
                ..CompletionItem::default()
            }
        })
        .collect()
}
