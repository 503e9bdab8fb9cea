//! What the API server says: strict decoding (unknown fields), the CRD's OpenAPI schema, its CEL
//! rules, and ObjectMeta's name rules.
//!
//! Messages follow apiextensions-apiserver's mapping of kube-openapi results to field errors
//! (`pkg/apiserver/validation/validation.go`, `kubeOpenAPIResultToFieldErrors`), field.Error's
//! formatting (apimachinery `pkg/util/validation/field/errors.go`, 1.34 and later) and the CEL
//! validator (`pkg/apiserver/schema/cel/validation.go`). Validators run in kube-openapi's order:
//! type, string (maxLength, minLength, pattern: the first failure ends the string checks),
//! array (items, then minItems, maxItems), enum, object (properties, then required). The server
//! skips CEL when a blocking error (Required, Unsupported, Too long, Too many, a type error) exists
//! and says so; ctrcfg still evaluates the rules and marks what the server will say later.
//!
//! An update is validated with ratcheting (KEP-4008, on by default since Kubernetes 1.30): a
//! failure at a place whose value the stored object already holds is let through. A node
//! inside an atomic list (every list of this CRD is one) is not correlated by item, so it is
//! judged by the nearest correlatable ancestor, the list: the list must be unchanged as a whole
//! (apiextensions-apiserver `pkg/apiserver/schema/cel/validation.go` `shouldRatchetError`;
//! apiserver `pkg/cel/common/equality.go` `correlateOldValueForChildAtNewIndex`). A ratcheted
//! CEL failure comes back as a warning with the same text (`warning.AddWarning`); a ratcheted
//! schema failure (length, items, enum, pattern) is dropped.

use super::schema::{self, ArraySchema, ObjectSchema, Schema, StringSchema, QUANTITY_PATTERN};
use crate::api::{API_VERSION, KIND};
use crate::diag::{FieldPath, Origin, Severity, Sink};
use crate::gates::FeatureGates;
use crate::parse::{Kind, Node, Value};
use crate::release::Rule;
use crate::text::Span;

/// Said by the API server after blocking errors, instead of running the CEL rules.
pub const CEL_SKIPPED: &str =
    "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";
/// ctrcfg's note on CEL results the server holds back until the blocking errors are fixed.
pub const CEL_DEFERRED_NOTE: &str = "the API server checks this rule once the errors reported with it are fixed";
/// ctrcfg's note on a CEL failure that ratcheting lets through on an update.
pub const RATCHETED_NOTE: &str = "ratcheted: the stored object already holds this value here, so the API server accepts the update and prints this as a warning; a create, or a change anywhere in this list, is refused";

/// Validates `node` as the API server does; `stored` is the object the cluster already holds
/// under the same name, when the text is an update of it.
pub fn check(node: &Node, stored: Option<&Node>, gates: &FeatureGates, sink: &mut Sink<'_>) {
    let mut walker = Walker { gates, sink, blocked: false, cel: Vec::new() };
    walker.type_meta(node);
    let prior = Prior { node: stored, unchanged: stored.is_some_and(|old| same_value(node, old)) };
    walker.object(node, &schema::ROOT, &FieldPath::default(), prior);
    walker.metadata(node);
    let Walker { blocked, cel, sink, .. } = walker;
    for Cel { field, message, span, ratcheted } in cel {
        if ratcheted {
            sink.push_noted(Severity::Warning, Origin::Api, Some(field), message, span, RATCHETED_NOTE);
        } else if blocked {
            sink.push_noted(Severity::Error, Origin::Api, Some(field), message, span, CEL_DEFERRED_NOTE);
        } else {
            sink.push(Severity::Error, Origin::Api, Some(field), message, span);
        }
    }
    if blocked {
        let message = format!("Invalid value: null: {CEL_SKIPPED}");
        sink.push(Severity::Info, Origin::Api, Some(FieldPath::root("<nil>")), message, node.span);
    }
}

struct Walker<'a, 's> {
    gates: &'a FeatureGates,
    sink: &'a mut Sink<'s>,
    /// A blocking error was reported: the server will not run the CEL rules.
    blocked: bool,
    /// CEL failures, held until we know whether the server would run CEL at all.
    cel: Vec<Cel>,
}

struct Cel {
    field: FieldPath,
    message: String,
    span: Span,
    ratcheted: bool,
}

/// Where a node stands against the stored object on an update (ratcheting).
#[derive(Clone, Copy)]
struct Prior<'n> {
    /// The stored value correlated with this node: same keys down from the root, never
    /// through a list's items.
    node: Option<&'n Node>,
    /// The nearest correlatable node (this one, or the list it is inside) is unchanged.
    unchanged: bool,
}

impl<'n> Prior<'n> {
    fn key(self, key: &str, value: &Node) -> Prior<'n> {
        match self.node {
            Some(old) => {
                let node = old.get(key).map(|e| &e.value);
                Prior { node, unchanged: node.is_some_and(|o| same_value(value, o)) }
            }
            None => Prior { node: None, unchanged: self.unchanged },
        }
    }

    /// An atomic list's items are not correlated; they are judged by the list.
    fn item(self) -> Prior<'n> {
        Prior { node: None, unchanged: self.unchanged }
    }
}

impl Walker<'_, '_> {
    fn error(&mut self, field: &FieldPath, message: String, span: Span, blocking: bool) {
        self.blocked |= blocking;
        self.sink.push(Severity::Error, Origin::Api, Some(field.clone()), message, span);
    }

    /// A schema value failure (length, items, enum, pattern): ratcheting drops it on an update
    /// that leaves the value as stored.
    fn value_error(&mut self, prior: Prior<'_>, field: &FieldPath, message: String, span: Span, blocking: bool) {
        if !prior.unchanged {
            self.error(field, message, span, blocking);
        }
    }

    fn cel(&mut self, prior: Prior<'_>, field: &FieldPath, message: String, span: Span) {
        self.cel.push(Cel { field: field.clone(), message, span, ratcheted: prior.unchanged });
    }

    /// kubectl maps `apiVersion`/`kind` to a resource before anything reaches the server.
    fn type_meta(&mut self, node: &Node) {
        let version = node.get("apiVersion");
        match version.and_then(|e| e.value.text()) {
            Some(API_VERSION) => {}
            // kubectl's own words (client-side validation, then the REST mapping).
            None => self.sink.push(
                Severity::Error,
                Origin::Api,
                Some(FieldPath::root("apiVersion")),
                "error validating data: apiVersion not set".into(),
                node.get("kind").map_or(node.span, |e| e.key.span),
            ),
            Some(other) => self.sink.push(
                Severity::Error,
                Origin::Api,
                Some(FieldPath::root("apiVersion")),
                format!("no matches for kind {} in version {}", go_quote(KIND), go_quote(other)),
                version.map_or(node.span, |e| e.value.span),
            ),
        }
    }

    /// ObjectMeta's rules for a cluster-scoped custom resource (apimachinery
    /// `pkg/api/validation/objectmeta.go` with `NameIsDNSSubdomain`).
    fn metadata(&mut self, node: &Node) {
        let meta = node.get("metadata").filter(|e| e.value.kind() == Kind::Object);
        let text = |key: &str| {
            meta.and_then(|m| m.value.get(key))
                .filter(|e| e.value.kind() == Kind::String)
                .map(|e| (scalar(&e.value), e.value.span))
        };
        let path = FieldPath::root("metadata").child("name");
        match (text("name"), text("generateName")) {
            (Some((name, span)), _) => {
                if let Some(problem) = dns_subdomain_problem(name) {
                    self.error(&path, format!("Invalid value: {}: {problem}", go_quote(name)), span, false);
                }
            }
            (None, Some(_)) => {}
            (None, None) => {
                let span = meta.map_or_else(|| node.get("kind").map_or(node.span, |e| e.key.span), |m| m.key.span);
                self.error(&path, "Required value: name or generateName is required".into(), span, false);
            }
        }
    }

    fn walk(&mut self, node: &Node, schema: &Schema, path: &FieldPath, prior: Prior<'_>) {
        match schema {
            Schema::Any => {}
            Schema::Object(object) => {
                if self.expect(node, Kind::Object, "object", path) {
                    self.object(node, object, path, prior);
                }
            }
            Schema::Array(array) => {
                if self.expect(node, Kind::Array, "array", path) {
                    self.array(node, array, path, prior);
                }
            }
            Schema::String(string) => {
                self.expect(node, Kind::String, "string", path);
                self.string(node, string, path, prior);
            }
            Schema::Integer => {
                self.expect(node, Kind::Integer, "integer", path);
            }
            Schema::Quantity => match node.kind() {
                Kind::Integer => {}
                Kind::String => {
                    let text = scalar(node);
                    if !schema::quantity_pattern_ok(text) {
                        let message = format!(
                            "Invalid value: {}: {path} in body should match '{QUANTITY_PATTERN}'",
                            go_quote(text)
                        );
                        self.value_error(prior, path, message, node.span, false);
                    }
                }
                other => self.type_error(path, node, other, "integer,string"),
            },
            Schema::StringMap => {
                if self.expect(node, Kind::Object, "object", path) {
                    if let Value::Map(entries) = &node.value {
                        for entry in entries {
                            let key = scalar(&entry.key);
                            self.expect(&entry.value, Kind::String, "string", &path.child(key));
                        }
                    }
                }
            }
        }
    }

    /// Reports a type error unless `node` is of `kind`; returns whether it is.
    fn expect(&mut self, node: &Node, kind: Kind, name: &str, path: &FieldPath) -> bool {
        let actual = node.kind();
        if actual == kind {
            return true;
        }
        self.type_error(path, node, actual, name);
        false
    }

    fn type_error(&mut self, path: &FieldPath, node: &Node, actual: Kind, expected: &str) {
        let actual = actual.as_str();
        let message = format!("Invalid value: \"{actual}\": {path} in body must be of type {expected}: \"{actual}\"");
        self.error(path, message, node.span, true);
    }

    fn object(&mut self, node: &Node, schema: &ObjectSchema, path: &FieldPath, prior: Prior<'_>) {
        let Value::Map(entries) = &node.value else { return };
        for entry in entries {
            let key = scalar(&entry.key);
            let child = path.child(key);
            match schema.property(key).filter(|p| p.present(self.gates)) {
                // Nulls are pruned before validation: an absent field, not a wrong type.
                Some(_) if entry.value.kind() == Kind::Null => {}
                Some(property) => self.walk(&entry.value, &property.schema, &child, prior.key(key, &entry.value)),
                None => self.unknown(&child, entry.key.span),
            }
        }
        for required in schema.required {
            if node.get(required).is_none_or(|e| e.value.kind() == Kind::Null) {
                let span = if path.as_str().is_empty() {
                    node.get("kind").map_or(node.span, |e| e.key.span)
                } else {
                    node.span
                };
                self.error(&path.child(required), "Required value".into(), span, true);
            }
        }
    }

    /// A field the CRD variant does not have. kubectl's default `--validate=strict` makes the
    /// server refuse the object; `--validate=warn` prints a warning and prunes the field.
    fn unknown(&mut self, path: &FieldPath, span: Span) {
        let message = format!("strict decoding error: unknown field \"{path}\"");
        self.sink.push(Severity::Error, Origin::Api, Some(path.clone()), message, span);
    }

    fn array(&mut self, node: &Node, schema: &ArraySchema, path: &FieldPath, prior: Prior<'_>) {
        let Value::Seq(items) = &node.value else { return };
        for (i, item) in items.iter().enumerate() {
            self.walk(item, &schema.items, &path.index(i), prior.item());
        }
        if let Some(min) = schema.min_items.filter(|&min| items.len() < min) {
            let message = format!("Invalid value: {}: {path} in body should have at least {min} items", items.len());
            self.value_error(prior, path, message, node.span, false);
        }
        if let Some(max) = schema.max_items.filter(|&max| items.len() > max) {
            let noun = if max == 1 { "item" } else { "items" };
            let message = format!("Too many: {}: must have at most {max} {noun}", items.len());
            self.value_error(prior, path, message, node.span, true);
        }
        if let Some(message) = schema.unique_paths {
            // self.all(x, self.exists_one(y, x.path == y.path)): one failure for the list,
            // shown at the first repeated path.
            let paths: Vec<(&str, Span)> = items
                .iter()
                .filter_map(|item| item.get("path"))
                .filter(|e| e.value.kind() == Kind::String)
                .map(|e| (scalar(&e.value), e.value.span))
                .collect();
            let repeated = paths.iter().enumerate().find(|(i, (p, _))| paths[..*i].iter().any(|(q, _)| q == p));
            if let Some((_, (_, span))) = repeated {
                self.cel(prior, path, format!("Invalid value: \"array\": {message}"), *span);
            }
        }
    }

    fn string(&mut self, node: &Node, schema: &StringSchema, path: &FieldPath, prior: Prior<'_>) {
        if node.kind() == Kind::String {
            let text = scalar(node);
            let length = text.chars().count();
            if let Some(max) = schema.max_length.filter(|&max| length > max) {
                let noun = if max == 1 { "byte" } else { "bytes" };
                self.value_error(prior, path, format!("Too long: may not be more than {max} {noun}"), node.span, true);
            } else if let Some(min) = schema.min_length.filter(|&min| length < min) {
                let message =
                    format!("Invalid value: {}: {path} in body should be at least {min} chars long", go_quote(text));
                self.value_error(prior, path, message, node.span, false);
            }
            if schema.store_path {
                // StorePath's CEL rules, in the CRD's order.
                let no_dot_dot = self.gates.release().has(Rule::ApiNoDotDot);
                let rules = [
                    (!schema::path_chars_ok(text), schema::PATH_CHARS_MESSAGE),
                    (text.contains("//"), schema::PATH_SLASHES_MESSAGE),
                    (no_dot_dot && schema::has_dot_dot(text), schema::PATH_DOT_DOT_MESSAGE),
                ];
                for (_, message) in rules.into_iter().filter(|(failed, _)| *failed) {
                    self.cel(prior, path, format!("Invalid value: \"string\": {message}"), node.span);
                }
            }
        }
        let in_enum = node.kind() == Kind::String && schema.enum_values.contains(&scalar(node));
        if !schema.enum_values.is_empty() && !in_enum {
            let supported: Vec<String> = schema.enum_values.iter().map(|v| go_quote(v)).collect();
            let message = format!("Unsupported value: {}: supported values: {}", bad_value(node), supported.join(", "));
            self.value_error(prior, path, message, node.span, true);
        }
    }
}

fn scalar(node: &Node) -> &str {
    node.text().unwrap_or_default()
}

/// Whether two values decode to the same JSON (reflect.DeepEqual on the unstructured object):
/// maps regardless of key order (the last of duplicate keys counts), lists in order, scalars
/// by type and text.
fn same_value(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Scalar(x), Value::Scalar(y)) => x.kind == y.kind && x.text == y.text,
        (Value::Seq(x), Value::Seq(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q)),
        (Value::Map(x), Value::Map(y)) => {
            fn keys(entries: &[crate::parse::Entry]) -> Vec<&str> {
                let mut keys: Vec<&str> = entries.iter().filter_map(|e| e.key_str()).collect();
                keys.sort_unstable();
                keys.dedup();
                keys
            }
            let names = keys(x);
            names == keys(y)
                && names.iter().all(|k| match (a.get(k), b.get(k)) {
                    (Some(p), Some(q)) => same_value(&p.value, &q.value),
                    _ => false,
                })
        }
        _ => false,
    }
}

/// A value as field.Error renders it (1.34+): strings quoted, numbers and booleans bare, null as
/// `null`, collections as JSON type names would be too long, so their kind.
fn bad_value(node: &Node) -> String {
    match node.kind() {
        Kind::String => go_quote(scalar(node)),
        Kind::Integer | Kind::Number => scalar(node).replace('_', ""),
        Kind::Boolean => {
            let truthy = matches!(
                scalar(node),
                "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON"
            );
            truthy.to_string()
        }
        Kind::Null => "null".into(),
        Kind::Array | Kind::Object => format!("\"{}\"", node.kind().as_str()),
    }
}

/// Go's `strconv.Quote` (`%q`): double quotes, `\"` and `\\`, the usual escapes, and `\u`/`\x`
/// forms for characters that are not printable.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() || c == '\u{feff}' => {
                let n = c as u32;
                if n > 0xffff {
                    out.push_str(&format!("\\U{n:08x}"));
                } else {
                    out.push_str(&format!("\\u{n:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// apimachinery `IsDNS1123Subdomain`'s complaint about `name`, if any.
fn dns_subdomain_problem(name: &str) -> Option<String> {
    const MAX: usize = 253;
    const FORMAT: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    let mut problems = Vec::new();
    if name.len() > MAX {
        problems.push(format!("must be no more than {MAX} characters"));
    }
    let label_ok = |label: &str| {
        let b = label.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|c| c.is_ascii_digit() || c.is_ascii_lowercase() || *c == b'-')
            && !b.iter().any(u8::is_ascii_uppercase)
    };
    if !name.split('.').all(label_ok) {
        problems.push(FORMAT.to_owned());
    }
    (!problems.is_empty()).then(|| problems.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn go_quote_escapes_like_strconv_quote() {
        assert_eq!(go_quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(go_quote("tab\there\n"), r#""tab\there\n""#);
        assert_eq!(go_quote("\u{1}é"), r#""\x01é""#);
        assert_eq!(go_quote("    "), "\"    \"");
    }

    #[test]
    fn dns_subdomain_names() {
        assert_eq!(dns_subdomain_problem("image-caches.v1"), None);
        assert!(dns_subdomain_problem("Image").is_some());
        assert!(dns_subdomain_problem("-a").is_some());
        assert!(dns_subdomain_problem("a..b").is_some());
        assert_eq!(dns_subdomain_problem(&"a".repeat(254)).as_deref(), Some("must be no more than 253 characters"));
    }
}
