//! What is said about the text and its objects as bytes and keys, before any field's rules:
//! - the API server's request limit: kubectl sends each object as its own JSON request, and a
//!   body over 3 MiB is refused before it is decoded;
//! - ctrcfg's lints on what kubectl reads without a word: the replacement character that
//!   invalid UTF-8 turns into ([`crate::encoding`]) and duplicate keys (the last one wins); and
//!   on a text with no objects at all, which kubectl refuses when it is all it is given.

use crate::diag::{Diagnostic, FieldPath, Origin, Severity, Sink};
use crate::parse::{Document, Kind, Node, Value};
use crate::text::Span;
use std::collections::HashSet;

/// The API server's limit on a request body (apiserver `DefaultMaxRequestSizeBytes`, 3 MiB,
/// the CVE-2019-11253 mitigation; k8s-messages.md §7).
pub const MAX_REQUEST_BYTES: usize = 3 * 1024 * 1024;

/// The API server's refusal of an object whose JSON is over [`MAX_REQUEST_BYTES`]: nothing
/// else is said about it, since the server never decodes it.
pub fn too_large(object: &Node, sink: &mut Sink<'_>) -> bool {
    let Some(size) = json_size(object, MAX_REQUEST_BYTES) else { return false };
    sink.push_noted(
        Severity::Error,
        Origin::Api,
        None,
        format!("Request entity too large: limit is {MAX_REQUEST_BYTES}"),
        Span { start: object.span.start, end: object.span.start },
        &format!("kubectl sends each object as JSON; this one is {size} bytes or more"),
    );
    true
}

/// A text without objects (an empty file, `---` alone, only comments, an empty `kind: List`).
/// kubectl refuses it when it is all it is given (kubernetes/kubernetes
/// `staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go`: `no objects passed to apply`), but
/// not as one file of a directory with others, so ctrcfg warns rather than fails.
pub fn no_objects(sink: &mut Sink<'_>) {
    let message = "no objects to check: `kubectl apply -f` given only this says \"error: no objects passed to apply\"";
    sink.push(Severity::Warning, Origin::Lint, None, message.to_owned(), Span::default());
}

/// Where invalid UTF-8 was read as U+FFFD: one warning at the first, with the count.
pub fn replacement_characters(text: &str, documents: &[Document], out: &mut Vec<Diagnostic>) {
    const REPLACEMENT: char = char::REPLACEMENT_CHARACTER;
    let Some(first) = text.find(REPLACEMENT) else { return };
    let document = documents.iter().position(|d| d.span.end > first).unwrap_or_default();
    let sink = &mut Sink { document, out };
    let count = text.matches(REPLACEMENT).count();
    let others = match count {
        1 => String::new(),
        n => format!(" ({n} in the text; this is the first)"),
    };
    sink.push(
        Severity::Warning,
        Origin::Lint,
        None,
        format!("U+FFFD, the replacement character{others}: bytes that are not UTF-8 read as it, and kubectl sends it to the API server as it is; was the file saved in another encoding?"),
        Span { start: first, end: first + REPLACEMENT.len_utf8() },
    );
}

/// Every key written twice in one mapping of `object`: kubectl's YAML decoding keeps the last
/// and drops the others silently (k8s-messages.md §4), so the earlier ones are warned about.
pub fn duplicate_keys(object: &Node, sink: &mut Sink<'_>) {
    walk(object, &FieldPath::default(), sink);
}

fn walk(node: &Node, path: &FieldPath, sink: &mut Sink<'_>) {
    match &node.value {
        Value::Scalar(_) => {}
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate().filter(|(_, n)| is_collection(n)) {
                walk(item, &path.index(i), sink);
            }
        }
        Value::Map(entries) => {
            let mut later: HashSet<&str> = HashSet::new();
            let mut dropped = Vec::new();
            for entry in entries.iter().rev() {
                let Some(key) = entry.key_str() else { continue };
                if !later.insert(key) {
                    dropped.push(entry);
                }
            }
            for entry in dropped.into_iter().rev() {
                let key = entry.key_str().unwrap_or_default();
                sink.push(
                    Severity::Warning,
                    Origin::Lint,
                    Some(path.child(key)),
                    format!("duplicate key {key:?}: a later {key:?} in this mapping replaces this one without a word, as kubectl reads YAML; kustomize (`oc apply -k`) refuses the file: mapping key {key:?} already defined"),
                    entry.key.span,
                );
            }
            for entry in entries.iter().filter(|e| is_collection(&e.value)) {
                walk(&entry.value, &path.child(entry.key_str().unwrap_or_default()), sink);
            }
        }
    }
}

fn is_collection(node: &Node) -> bool {
    matches!(node.value, Value::Seq(_) | Value::Map(_))
}

/// The size of `node` as compact JSON, as `json.Marshal` writes it (HTML-safe escapes, the last
/// of duplicate keys), if it is over `limit`; the count stops there.
fn json_size(node: &Node, limit: usize) -> Option<usize> {
    let mut size = 0;
    add_json(node, &mut size, limit);
    (size > limit).then_some(size)
}

fn add_json(node: &Node, size: &mut usize, limit: usize) {
    if *size > limit {
        return;
    }
    match &node.value {
        Value::Scalar(s) => {
            *size += match s.kind {
                Kind::String => quoted_len(&s.text),
                Kind::Null => 4,
                Kind::Boolean if matches!(s.text.to_ascii_lowercase().as_str(), "y" | "yes" | "true" | "on") => 4,
                Kind::Boolean => 5,
                _ => s.text.len(),
            }
        }
        Value::Seq(items) => {
            *size += 2 + items.len().saturating_sub(1);
            for item in items {
                add_json(item, size, limit);
            }
        }
        Value::Map(entries) => {
            let mut seen: HashSet<&str> = HashSet::new();
            let kept: Vec<_> = entries.iter().rev().filter(|e| seen.insert(e.key_str().unwrap_or_default())).collect();
            *size += 2 + kept.len().saturating_sub(1);
            for entry in kept {
                *size += quoted_len(entry.key_str().unwrap_or_default()) + 1;
                add_json(&entry.value, size, limit);
            }
        }
    }
}

/// A string's length as Go's encoding/json quotes it: `\"`, `\\`, `\n`-style escapes, and
/// `\u00XX` for other control characters, `<`, `>`, `&`, U+2028 and U+2029. Counted over bytes:
/// every character escaped is ASCII but the last two, which both start with byte E2.
fn quoted_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let escapes: usize = bytes
        .iter()
        .map(|b| match b {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' => 1,
            0..=0x1f | b'<' | b'>' | b'&' => 5,
            _ => 0,
        })
        .sum();
    let separators = if bytes.contains(&0xE2) { text.matches(['\u{2028}', '\u{2029}']).count() * 3 } else { 0 };
    text.len() + escapes + separators + 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        crate::parse::parse(text).documents.remove(0).root.expect("a document")
    }

    #[test]
    fn json_size_is_what_go_marshals() {
        // {"a":["x\u003cy",1,true,null],"b":"q\"\n"} is 42 bytes.
        let node = root("a: [\"x<y\", 1, yes, ~]\nb: \"q\\\"\\n\"\n");
        assert!(json_size(&node, 41).is_some());
        assert_eq!(json_size(&node, 42), None);
        // The last of duplicate keys counts: {"a":"longer"} is 14 bytes.
        assert_eq!(json_size(&root("a: x\na: longer\n"), 13), Some(14));
        assert_eq!(json_size(&root("a: x\na: longer\n"), 14), None);
    }

    #[test]
    fn duplicate_keys_are_warned_at_the_dropped_ones() {
        let mut out: Vec<Diagnostic> = Vec::new();
        let text = "spec:\n  k: 1\n  list:\n  - {a: 1, a: 2, a: 3}\n  k: 2\n";
        duplicate_keys(&root(text), &mut Sink { document: 0, out: &mut out });
        let said: Vec<(String, usize)> =
            out.iter().map(|d| (d.field.as_ref().unwrap().to_string(), d.span.start)).collect();
        assert_eq!(
            said,
            [
                ("spec.k".to_owned(), text.find("k: 1").unwrap()),
                ("spec.list[0].a".to_owned(), text.find("a: 1").unwrap()),
                ("spec.list[0].a".to_owned(), text.find("a: 2").unwrap()),
            ]
        );
    }
}
