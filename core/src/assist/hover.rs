//! What the field under the cursor means (the API's own description) and, for a field the MCO
//! renders, the line it becomes on the nodes.

use super::{dotted, object_at};
use crate::explain;
use crate::parse::{self, Node, Value};
use crate::text::Span;
use crate::validate::{schema, Options};

/// Hover text for a span of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The key or value the text is about.
    pub span: Span,
    /// Plain text: the field path, the API's description, whether the field exists at the
    /// chosen release and feature set, and what it renders to.
    pub text: String,
}

/// The hover for byte `offset` of `text`, or `None` off any known field.
pub fn hover(text: &str, offset: usize, options: &Options) -> Option<Hover> {
    let parsed = parse::parse(text);
    let document = parsed.documents.iter().find(|d| d.span.start <= offset && offset <= d.span.end)?;
    let (path, span) = field_at(document.root.as_ref()?, offset)?;
    let field = dotted(&path);
    let description = explain::describe(&field)?;
    let mut out = format!("{field}\n\n{description}");
    if let Some(absent) = absent(&path, options) {
        out.push_str(&format!("\n\n{absent}"));
    }
    if let Some(rendered) = rendered(text, offset, options) {
        out.push_str(&format!("\n\nOn the nodes: {rendered}"));
    }
    Some(Hover { span, text: out })
}

/// The key path of the field whose key or value holds `offset` (list items as `[]`), and the
/// span of that key or value. The innermost field wins.
fn field_at(root: &Node, offset: usize) -> Option<(Vec<&str>, Span)> {
    let inside = |s: Span| s.start <= offset && offset <= s.end;
    let mut path = Vec::new();
    let mut at = None;
    let mut node = root;
    loop {
        match &node.value {
            Value::Map(entries) => {
                let entry = entries.iter().find(|e| inside(e.key.span) || inside(e.value.span))?;
                path.push(entry.key_str()?);
                if inside(entry.key.span) {
                    return Some((path, entry.key.span));
                }
                at = Some(entry.value.span);
                node = &entry.value;
            }
            Value::Seq(items) => {
                let Some(item) = items.iter().find(|i| inside(i.span)) else { return Some((path, at?)) };
                path.push("[]");
                node = item;
            }
            Value::Scalar(_) => return Some((path, at?)),
        }
    }
}

/// Why a field is not in the CRD the cluster serves, when it is not.
fn absent(path: &[&str], options: &Options) -> Option<String> {
    let (last, parent) = path.split_last()?;
    let property = object_at(parent)?.property(last)?;
    if property.present(&options.gates) {
        return None;
    }
    let gate = schema::gate_of(last)?;
    let release = options.gates.release();
    let since =
        if gate.exists_at(release) { String::new() } else { format!(", which starts at {}", gate.since().name()) };
    Some(format!(
        "Not in the CRD at OpenShift {} with feature set {}: it needs the feature gate {}{since}.",
        release.name(),
        options.gates.set.name(),
        gate.name()
    ))
}

/// The rendered line that `offset`'s field produces, as `path line N: text`, when the text
/// renders and some line's source holds the offset.
fn rendered(text: &str, offset: usize, options: &Options) -> Option<String> {
    let plan = crate::render(text, options).plan?;
    plan.pools.iter().flat_map(|p| &p.effective_files).find_map(|e| {
        let source = e.file.sources.iter().find(|s| s.span.start <= offset && offset < s.span.end)?;
        let line = e.file.contents.lines().nth(source.line.checked_sub(1)?)?;
        Some(format!("{} line {}: {}", e.file.path, source.line, line.trim()))
    })
}
