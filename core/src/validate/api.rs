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

use super::schema::{self, ArraySchema, ObjectSchema, Property, Schema, StringSchema, QUANTITY_PATTERN};
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
    walker.object(node, root_place(node), &schema::ROOT, &Path::Root, prior);
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

/// Where the walker stands, as a chain of borrowed steps on the stack: most values are valid
/// and never named, so the [`FieldPath`] string is built only for a diagnostic.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn field(&self) -> FieldPath {
        match *self {
            Path::Root => FieldPath::default(),
            Path::Key(parent, key) => parent.field().child(key),
            Path::Index(parent, i) => parent.field().index(i),
        }
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.field().as_str())
    }
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
    fn error(&mut self, field: &Path<'_>, message: String, span: Span, blocking: bool) {
        self.blocked |= blocking;
        self.sink.push(Severity::Error, Origin::Api, Some(field.field()), message, span);
    }

    /// A schema value failure (length, items, enum, pattern): ratcheting drops it on an update
    /// that leaves the value as stored.
    fn value_error(&mut self, prior: Prior<'_>, field: &Path<'_>, message: String, span: Span, blocking: bool) {
        if !prior.unchanged {
            self.error(field, message, span, blocking);
        }
    }

    fn cel(&mut self, prior: Prior<'_>, field: &Path<'_>, message: String, span: Span) {
        self.cel.push(Cel { field: field.field(), message, span, ratcheted: prior.unchanged });
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
                root_place(node),
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
        let written = node.get("metadata");
        let meta = written.filter(|e| e.value.kind() == Kind::Object);
        let text = |key: &str| {
            meta.and_then(|m| m.value.get(key))
                .filter(|e| e.value.kind() == Kind::String)
                .map(|e| (scalar(&e.value), e.value.span))
        };
        let path = Path::Key(&Path::Key(&Path::Root, "metadata"), "name");
        match (text("name"), text("generateName")) {
            (Some((name, span)), _) => {
                if let Some(problem) = dns_subdomain_problem(name) {
                    self.error(&path, format!("Invalid value: {}: {problem}", go_quote(name)), span, false);
                }
            }
            (None, Some(_)) => {}
            (None, None) => {
                // The object that lacks the name: `metadata:` when written (even empty).
                let span = written.map_or_else(|| root_place(node), |m| m.key.span);
                self.error(&path, "Required value: name or generateName is required".into(), span, false);
            }
        }
    }

    /// Checks `node` against `schema`. `place` is where a diagnostic about the value as a whole
    /// points (a missing field of an object, a list's size): the key the value is written under,
    /// or the item itself in a list. A collection's own span starts at its first entry, which is
    /// another field's line.
    fn walk(&mut self, node: &Node, place: Span, schema: &Schema, path: &Path<'_>, prior: Prior<'_>) {
        match schema {
            Schema::Any => {}
            Schema::Object(object) => {
                if self.expect(node, Kind::Object, "object", path) {
                    self.object(node, place, object, path, prior);
                }
            }
            Schema::Array(array) => {
                if self.expect(node, Kind::Array, "array", path) {
                    self.array(node, place, array, path, prior);
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
                            self.expect(&entry.value, Kind::String, "string", &Path::Key(path, key));
                        }
                    }
                }
            }
        }
    }

    /// Reports a type error unless `node` is of `kind`; returns whether it is.
    fn expect(&mut self, node: &Node, kind: Kind, name: &str, path: &Path<'_>) -> bool {
        let actual = node.kind();
        if actual == kind {
            return true;
        }
        self.type_error(path, node, actual, name);
        false
    }

    fn type_error(&mut self, path: &Path<'_>, node: &Node, actual: Kind, expected: &str) {
        let actual = actual.as_str();
        let message = format!("Invalid value: \"{actual}\": {path} in body must be of type {expected}: \"{actual}\"");
        self.error(path, message, node.span, true);
    }

    fn object(&mut self, node: &Node, place: Span, schema: &ObjectSchema, path: &Path<'_>, prior: Prior<'_>) {
        let Value::Map(entries) = &node.value else { return };
        for entry in entries {
            let key = scalar(&entry.key);
            let child = Path::Key(path, key);
            match schema.property(key).filter(|p| p.present(self.gates)) {
                // Nulls are pruned before validation: an absent field, not a wrong type.
                Some(_) if entry.value.kind() == Kind::Null => {}
                Some(property) => {
                    let prior = prior.key(key, &entry.value);
                    self.walk(&entry.value, entry.key.span, &property.schema, &child, prior);
                }
                None => self.unknown(&child, key, schema, entry.key.span),
            }
        }
        for required in schema.required {
            let span = match node.get(required) {
                Some(entry) if entry.value.kind() != Kind::Null => continue,
                // Written with no value: dropped before validation (apiextensions-apiserver
                // `pkg/apiserver/schema/defaulting/prunenulls.go`), so absent to the server; the
                // key written empty is what the user sees.
                Some(entry) => entry.key.span,
                // Absent: the object that lacks it, where the field would go.
                None => place,
            };
            self.error(&Path::Key(path, required), "Required value".into(), span, true);
        }
    }

    /// A field the CRD variant does not have. kubectl's default `--validate=strict` makes the
    /// server refuse the object; `--validate=warn` prints a warning and prunes the field. The
    /// message is the server's; a known field of the same object with a close name is ctrcfg's
    /// note.
    fn unknown(&mut self, path: &Path<'_>, key: &str, schema: &ObjectSchema, span: Span) {
        let path = path.field();
        let message = format!("strict decoding error: unknown field \"{path}\"");
        match schema.closest(key).map(|property| self.did_you_mean(property)) {
            Some(note) => self.sink.push_noted(Severity::Error, Origin::Api, Some(path), message, span, &note),
            None => self.sink.push(Severity::Error, Origin::Api, Some(path), message, span),
        }
    }

    /// ctrcfg's note naming a close known field, and why that one would be unknown too when its
    /// gate leaves it out of this CRD variant.
    fn did_you_mean(&self, property: &Property) -> String {
        let name = property.name;
        let suggestion = format!("did you mean \"{name}\"?");
        let Some(gate) = property.gate.filter(|_| !property.present(self.gates)) else { return suggestion };
        let release = self.gates.release();
        if gate.exists_at(release) {
            format!(
                "{suggestion} This CRD variant has no {name} either: the feature gate {} is off in feature set {}",
                gate.name(),
                self.gates.set,
            )
        } else {
            format!(
                "{suggestion} {} has no {name} either: its gate {} starts at {}",
                release.label(),
                gate.name(),
                gate.since().label(),
            )
        }
    }

    fn array(&mut self, node: &Node, place: Span, schema: &ArraySchema, path: &Path<'_>, prior: Prior<'_>) {
        let Value::Seq(items) = &node.value else { return };
        for (i, item) in items.iter().enumerate() {
            self.walk(item, item.span, &schema.items, &Path::Index(path, i), prior.item());
        }
        // The list's size is about the list as a whole: its key, not its first item.
        if let Some(min) = schema.min_items.filter(|&min| items.len() < min) {
            let message = format!("Invalid value: {}: {path} in body should have at least {min} items", items.len());
            self.value_error(prior, path, message, place, false);
        }
        if let Some(max) = schema.max_items.filter(|&max| items.len() > max) {
            let noun = if max == 1 { "item" } else { "items" };
            let message = format!("Too many: {}: must have at most {max} {noun}", items.len());
            self.value_error(prior, path, message, place, true);
        }
        if let Some(message) = schema.unique_paths {
            // self.all(x, self.exists_one(y, x.path == y.path)): one failure for the list,
            // shown at the first repeated path.
            let mut seen = std::collections::HashSet::new();
            let repeated = items
                .iter()
                .filter_map(|item| item.get("path"))
                .filter(|e| e.value.kind() == Kind::String)
                .find(|e| !seen.insert(scalar(&e.value)));
            if let Some(repeated) = repeated {
                self.cel(prior, path, format!("Invalid value: \"array\": {message}"), repeated.value.span);
            }
        }
    }

    fn string(&mut self, node: &Node, schema: &StringSchema, path: &Path<'_>, prior: Prior<'_>) {
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

/// Where a diagnostic about the whole object points: its `kind` key (a document has no key of
/// its own, and `kind` names what the object is).
fn root_place(node: &Node) -> Span {
    node.get("kind").map_or(node.span, |e| e.key.span)
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
                crate::order::sort_by(&mut keys, |a, b| a.cmp(b));
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

    use crate::diag::Diagnostic;
    use crate::gates::FeatureSet;
    use crate::release::Release;
    use crate::validate::{validate, Options};

    const HEAD: &str =
        "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: x\n";

    fn api_errors(text: &str, gates: FeatureGates) -> Vec<Diagnostic> {
        let options = Options { gates, ..Options::default() };
        let report = validate(text, &options);
        report.diagnostics.into_iter().filter(|d| d.origin == Origin::Api && d.severity == Severity::Error).collect()
    }

    /// The text each error points at, with its field.
    fn pointed<'t>(text: &'t str, errors: &[Diagnostic]) -> Vec<(String, &'t str)> {
        errors.iter().map(|d| (d.display_message(), text[d.span.start..d.span.end].trim_end())).collect()
    }

    /// A value as a whole is pointed at by its key; a missing field by the key of the object
    /// that lacks it; a field written empty by its own key (tests/vectors/validate/corpus-positions.yaml
    /// has the lines and columns).
    #[test]
    fn whole_values_and_missing_fields_point_at_keys() {
        let text = format!(
            "{HEAD}spec:\n  machineConfigPoolSelector:\n    matchExpressions:\n    - values: [a]\n  containerRuntimeConfig:\n"
        );
        let errors = api_errors(&text, FeatureGates::default());
        assert_eq!(
            pointed(&text, &errors),
            [
                ("spec.machineConfigPoolSelector.matchExpressions[0].key: Required value".to_owned(), "values: [a]"),
                (
                    "spec.machineConfigPoolSelector.matchExpressions[0].operator: Required value".to_owned(),
                    "values: [a]"
                ),
                ("spec.containerRuntimeConfig: Required value".to_owned(), "containerRuntimeConfig"),
            ]
        );

        let stores: String = (1..=6).map(|i| format!("    - path: /l{i}\n")).collect();
        let text = format!("{HEAD}spec:\n  containerRuntimeConfig:\n    additionalLayerStores:\n{stores}    additionalImageStores: []\n");
        let errors = api_errors(&text, FeatureGates::default());
        assert_eq!(
            pointed(&text, &errors),
            [
                ("spec.containerRuntimeConfig.additionalLayerStores: Too many: 6: must have at most 5 items".to_owned(), "additionalLayerStores"),
                ("spec.containerRuntimeConfig.additionalImageStores: Invalid value: 0: spec.containerRuntimeConfig.additionalImageStores in body should have at least 1 items".to_owned(), "additionalImageStores"),
            ]
        );

        let text = format!("{HEAD}spec:\n  machineConfigPoolSelector: {{}}\n");
        assert_eq!(
            pointed(&text, &api_errors(&text, FeatureGates::default())),
            [("spec.containerRuntimeConfig: Required value".to_owned(), "spec")]
        );
        let text = "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n";
        assert_eq!(
            pointed(text, &api_errors(text, FeatureGates::default())),
            [
                ("spec: Required value".to_owned(), "kind"),
                ("metadata.name: Required value: name or generateName is required".to_owned(), "metadata"),
            ]
        );
    }

    fn notes(text: &str, gates: FeatureGates) -> Vec<(String, Option<String>)> {
        api_errors(text, gates).into_iter().map(|d| (d.message, d.note)).collect()
    }

    fn unknown(path: &str) -> String {
        format!("strict decoding error: unknown field \"{path}\"")
    }

    /// The message stays the API server's; the suggestion is ctrcfg's note.
    #[test]
    fn unknown_fields_note_a_close_known_field() {
        let text = format!(
            "{HEAD}  labls: {{}}\nspec:\n  machineConfigPoolSelector:\n    matchLabels: {{a: b}}\n  containerRuntimeConfig:\n    AdditionalImageStores: []\n    additionalImageStore: []\n    additonalImageStores: []\n    logFormat: json\n"
        );
        let base = "spec.containerRuntimeConfig";
        let did_you_mean = |name: &str| Some(format!("did you mean \"{name}\"?"));
        assert_eq!(
            notes(&text, FeatureGates::default()),
            [
                (unknown("metadata.labls"), did_you_mean("labels")),
                (unknown(&format!("{base}.AdditionalImageStores")), did_you_mean("additionalImageStores")),
                (unknown(&format!("{base}.additionalImageStore")), did_you_mean("additionalImageStores")),
                (unknown(&format!("{base}.additonalImageStores")), did_you_mean("additionalImageStores")),
                (unknown(&format!("{base}.logFormat")), None),
            ]
        );
    }

    /// A close field that this CRD variant leaves out too: the note says why
    /// (openshift/api features/features.go per release, as `crate::gates` models it).
    #[test]
    fn a_close_gated_off_field_is_named_with_its_gate() {
        let text = format!(
            "{HEAD}spec:\n  containerRuntimeConfig:\n    additionalImageStore: []\n    containerGomaxprocsBehaviour: Autosize\n"
        );
        let base = "spec.containerRuntimeConfig";
        let at_4_22 = FeatureGates::new(FeatureSet::Default).at(Release::Ocp4_22);
        assert_eq!(
            notes(&text, at_4_22),
            [
                (
                    unknown(&format!("{base}.additionalImageStore")),
                    Some("did you mean \"additionalImageStores\"? This CRD variant has no additionalImageStores either: the feature gate AdditionalStorageConfig is off in feature set Default".into())
                ),
                (
                    unknown(&format!("{base}.containerGomaxprocsBehaviour")),
                    Some("did you mean \"containerGomaxprocsBehavior\"? OpenShift 4.22 has no containerGomaxprocsBehavior either: its gate GomaxprocsInjection starts at latest upstream".into())
                ),
            ]
        );
        let preview = FeatureGates::new(FeatureSet::TechPreviewNoUpgrade);
        assert_eq!(
            notes(&text, preview),
            [
                (
                    unknown(&format!("{base}.additionalImageStore")),
                    Some("did you mean \"additionalImageStores\"?".into())
                ),
                (
                    unknown(&format!("{base}.containerGomaxprocsBehaviour")),
                    Some("did you mean \"containerGomaxprocsBehavior\"?".into())
                ),
            ]
        );
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
