//! Parsed documents → typed [`ContainerRuntimeConfig`]s.
//!
//! Decoding is lenient on purpose: it keeps every value it can type and leaves out the rest,
//! saying nothing. Whether the text is acceptable is `validate`'s job, which reads the same
//! documents against the CRD's schema; the typed values here feed the MCO's checks, the lint and
//! rendering, which see what the MCO would see.
//!
//! Input may be one object per document or `kind: List` documents with `items`, as `kubectl get
//! -o yaml` prints them.

use crate::api::{
    ContainerRuntimeConfig, ContainerRuntimeConfiguration, LabelSelector, LabelSelectorRequirement, QuantityField,
    Spanned, Store, StoreKind, StoreList, KIND, MC_NAME_SUFFIX_ANNOTATION,
};
use crate::parse::{Document, Entry, Kind, Node, Value};
use crate::quantity::Quantity;
use crate::text::Span;

/// An object found in the input: a top-level document or an item of a `kind: List`.
#[derive(Clone, Copy, Debug)]
pub struct Object<'a> {
    pub document: usize,
    /// The index inside a `kind: List`, when the object is one of its items.
    pub item: Option<usize>,
    pub node: &'a Node,
}

impl Object<'_> {
    pub fn kind(&self) -> Option<&str> {
        self.node.get("kind").and_then(|e| e.value.text())
    }
}

/// Every object of the stream, with `kind: List` documents opened into their items.
pub fn objects(documents: &[Document]) -> Vec<Object<'_>> {
    let mut out = Vec::new();
    for (document, doc) in documents.iter().enumerate() {
        // An empty document (`---` alone, or only comments) holds nothing.
        let Some(node) = doc.root.as_ref().filter(|n| n.kind() != Kind::Null) else { continue };
        let object = Object { document, item: None, node };
        if object.kind() == Some("List") {
            if let Some(Value::Seq(items)) = node.get("items").map(|e| &e.value.value) {
                out.extend(items.iter().enumerate().map(|(i, node)| Object { document, item: Some(i), node }));
                continue;
            }
        }
        out.push(object);
    }
    out
}

/// The typed view of one ContainerRuntimeConfig object.
pub fn decode(object: &Object<'_>) -> Option<ContainerRuntimeConfig> {
    if object.kind() != Some(KIND) {
        return None;
    }
    let root = object.node;
    let mut config = ContainerRuntimeConfig {
        document: object.document,
        span: root.span,
        spec_span: root.span,
        ..Default::default()
    };
    if let Some(metadata) = field(root, "metadata") {
        config.name = metadata.value.get("name").and_then(string);
        config.uid = metadata.value.get("uid").and_then(string).map(|u| u.value);
        config.name_suffix =
            field(&metadata.value, "annotations").and_then(|a| a.value.get(MC_NAME_SUFFIX_ANNOTATION)).and_then(string);
    }
    // Whatever lacks a field of spec (the MCO's pool selector) points at `spec:` itself: a
    // mapping's own span starts at its first key, which is another field's line.
    if let Some(spec) = root.get("spec") {
        config.spec_span = entry_span(spec);
    }
    let Some(spec) = field(root, "spec").filter(|s| s.value.kind() == Kind::Object) else {
        return Some(config);
    };
    config.pool_selector = field(&spec.value, "machineConfigPoolSelector").and_then(selector);
    config.config = field(&spec.value, "containerRuntimeConfig")
        .filter(|c| c.value.kind() == Kind::Object)
        .map(|c| configuration(&c.value));
    Some(config)
}

/// A present, non-null field (the API server prunes nulls, so a null field is an absent one).
fn field<'n>(node: &'n Node, key: &str) -> Option<&'n Entry> {
    node.get(key).filter(|e| e.value.kind() != Kind::Null)
}

/// A whole entry, from its key to the end of its value (a null value ends at the key).
fn entry_span(entry: &Entry) -> Span {
    Span::new(entry.key.span.start, entry.value.span.end.max(entry.key.span.end))
}

fn spanned<T>(entry: &Entry, value: T) -> Spanned<T> {
    Spanned { value, span: entry.value.span, key_span: entry.key.span }
}

fn string(entry: &Entry) -> Option<Spanned<String>> {
    (entry.value.kind() == Kind::String).then(|| spanned(entry, scalar_text(&entry.value)))
}

fn scalar_text(node: &Node) -> String {
    node.text().unwrap_or_default().to_owned()
}

fn configuration(node: &Node) -> ContainerRuntimeConfiguration {
    let mut out = ContainerRuntimeConfiguration { span: node.span, ..Default::default() };
    out.pids_limit = field(node, "pidsLimit").and_then(|e| {
        let value = (e.value.kind() == Kind::Integer).then(|| parse_int(&scalar_text(&e.value)))??;
        Some(spanned(e, value))
    });
    out.log_level = field(node, "logLevel").and_then(string);
    out.log_size_max = field(node, "logSizeMax").and_then(quantity);
    out.overlay_size = field(node, "overlaySize").and_then(quantity);
    out.default_runtime = field(node, "defaultRuntime").and_then(string);
    out.container_gomaxprocs_behavior = field(node, "containerGomaxprocsBehavior").and_then(string);
    for kind in StoreKind::ALL {
        *out.store_list_mut(kind) = field(node, kind.field()).and_then(store_list);
    }
    out
}

/// An integer as YAML 1.1 writes them (sign, `_` separators, 0x/0o/0b prefixes), if it fits i64.
fn parse_int(text: &str) -> Option<i64> {
    let digits = text.replace('_', "");
    let (negative, unsigned) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits.strip_prefix('+').unwrap_or(&digits)),
    };
    let (radix, body) = if let Some(b) = unsigned.strip_prefix("0x") {
        (16, b)
    } else if let Some(b) = unsigned.strip_prefix("0o") {
        (8, b)
    } else if let Some(b) = unsigned.strip_prefix("0b") {
        (2, b)
    } else if unsigned.len() > 1 && unsigned.starts_with('0') {
        (8, &unsigned[1..])
    } else {
        (10, unsigned)
    };
    let magnitude = i128::from_str_radix(body, radix).ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

fn quantity(entry: &Entry) -> Option<Spanned<QuantityField>> {
    let kind = entry.value.kind();
    if kind != Kind::String && kind != Kind::Integer {
        return None;
    }
    let raw = match kind {
        Kind::Integer => parse_int(&scalar_text(&entry.value))?.to_string(),
        _ => scalar_text(&entry.value),
    };
    let parsed = Quantity::parse(&raw);
    Some(spanned(entry, QuantityField { raw, is_string: kind == Kind::String, parsed }))
}

fn store_list(entry: &Entry) -> Option<StoreList> {
    let Value::Seq(items) = &entry.value.value else { return None };
    // An item the MCO's typed client could not decode (not an object, or a path that is not a
    // string) is left out; the API server's type errors report it.
    let items = items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.kind() == Kind::Object)
        .filter(|(_, item)| field(item, "path").is_none_or(|p| p.value.kind() == Kind::String))
        .map(|(index, item)| Store { index, path: field(item, "path").and_then(string), span: item.span })
        .collect();
    Some(StoreList { items, span: entry.value.span, key_span: entry.key.span })
}

fn selector(entry: &Entry) -> Option<LabelSelector> {
    let node = &entry.value;
    if node.kind() != Kind::Object {
        return None;
    }
    // The selector as a whole, so from its key: `matchLabels:` is not what a failed selection
    // is about.
    let mut out = LabelSelector { span: entry_span(entry), ..Default::default() };
    if let Some(Value::Map(labels)) = field(node, "matchLabels").map(|e| &e.value.value) {
        out.match_labels = labels.iter().map(|e| (spanned_key(e), spanned(e, scalar_text(&e.value)))).collect();
    }
    if let Some(Value::Seq(exprs)) = field(node, "matchExpressions").map(|e| &e.value.value) {
        out.match_expressions = exprs
            .iter()
            .filter_map(|expr| {
                let values = match field(expr, "values").map(|e| &e.value.value) {
                    Some(Value::Seq(values)) => values
                        .iter()
                        .map(|v| Spanned { value: scalar_text(v), span: v.span, key_span: v.span })
                        .collect(),
                    _ => Vec::new(),
                };
                Some(LabelSelectorRequirement {
                    key: field(expr, "key").and_then(string)?,
                    operator: field(expr, "operator").and_then(string)?,
                    values,
                    span: expr.span,
                })
            })
            .collect();
    }
    Some(out)
}

fn spanned_key(entry: &Entry) -> Spanned<String> {
    Spanned { value: scalar_text(&entry.key), span: entry.key.span, key_span: entry.key.span }
}

/// The span to point at for a whole object when nothing more precise exists.
pub fn object_span(object: &Object<'_>) -> Span {
    object.node.get("kind").map_or(object.node.span, |e| e.value.span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn decode_all(text: &str) -> Vec<ContainerRuntimeConfig> {
        let parsed = parse(text);
        assert!(parsed.diagnostics.is_empty());
        objects(&parsed.documents).iter().filter_map(decode).collect()
    }

    #[test]
    fn reads_every_field() {
        let configs = decode_all(
            "kind: ContainerRuntimeConfig\nmetadata: {name: a}\nspec:\n  machineConfigPoolSelector:\n    matchLabels: {pool: w}\n    matchExpressions: [{key: k, operator: In, values: [x, y]}]\n  containerRuntimeConfig:\n    pidsLimit: 0x800\n    logLevel: debug\n    logSizeMax: 10Gi\n    overlaySize: 1000\n    defaultRuntime: crun\n    additionalImageStores:\n    - path: /b\n    - path: /a\n",
        );
        let config = configs[0].config.as_ref().unwrap();
        assert_eq!(configs[0].name(), "a");
        assert_eq!(config.pids_limit.as_ref().unwrap().value, 2048);
        assert_eq!(config.log_level.as_ref().unwrap().value, "debug");
        assert_eq!(config.log_size_max.as_ref().unwrap().value.raw, "10Gi");
        let overlay = &config.overlay_size.as_ref().unwrap().value;
        assert_eq!((overlay.raw.as_str(), overlay.is_string), ("1000", false));
        assert_eq!(config.store_paths(StoreKind::Image).collect::<Vec<_>>(), ["/b", "/a"]);
        let selector = configs[0].pool_selector.as_ref().unwrap();
        assert_eq!(selector.match_labels[0].0.value, "pool");
        assert_eq!(selector.match_expressions[0].values.len(), 2);
    }

    #[test]
    fn wrong_types_are_left_out_silently() {
        let configs = decode_all(
            "kind: ContainerRuntimeConfig\nspec:\n  containerRuntimeConfig:\n    pidsLimit: lots\n    logSizeMax: [1]\n    additionalImageStores: /mnt\n",
        );
        let config = configs[0].config.as_ref().unwrap();
        assert!(config.pids_limit.is_none() && config.log_size_max.is_none());
        assert!(config.additional_image_stores.is_none());
    }

    #[test]
    fn lists_are_opened_and_other_kinds_ignored() {
        let configs = decode_all(
            "kind: List\nitems:\n- kind: ContainerRuntimeConfig\n  metadata: {name: x}\n- kind: ConfigMap\n---\nkind: ContainerRuntimeConfig\nmetadata: {name: z}\n",
        );
        let names: Vec<&str> = configs.iter().map(ContainerRuntimeConfig::name).collect();
        assert_eq!(names, ["x", "z"]);
        assert_eq!(configs[1].document, 1);
    }

    /// Spans of spec and the selector start at their keys (what the MCO's pool failure points
    /// at), not at the first key inside them.
    #[test]
    fn spec_and_selector_spans_start_at_their_keys() {
        let text = "kind: ContainerRuntimeConfig\nspec:\n  containerRuntimeConfig: {}\n  machineConfigPoolSelector:\n    matchLabels: {a: b}\n";
        let config = &decode_all(text)[0];
        let spec = &text[config.spec_span.start..config.spec_span.end];
        assert_eq!(spec.trim_end(), text.trim_end().trim_start_matches("kind: ContainerRuntimeConfig\n"));
        let selector = config.pool_selector.as_ref().unwrap();
        assert!(text[selector.span.start..selector.span.end].starts_with("machineConfigPoolSelector:\n    matchLabels"));
        // A null spec still names where spec is; no spec at all leaves the object's span.
        let text = "kind: ContainerRuntimeConfig\nspec:\n";
        let config = &decode_all(text)[0];
        assert_eq!(&text[config.spec_span.start..config.spec_span.end], "spec");
        let config = &decode_all("kind: ContainerRuntimeConfig\n")[0];
        assert_eq!(config.spec_span, config.span);
    }

    #[test]
    fn integers_follow_yaml_forms_and_overflow_is_dropped() {
        assert_eq!(parse_int("-1_000"), Some(-1000));
        assert_eq!(parse_int("0o17"), Some(15));
        assert_eq!(parse_int("0777"), Some(511));
        assert_eq!(parse_int("9223372036854775808"), None);
    }
}
