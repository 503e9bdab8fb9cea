//! Mechanical fixes for what validation reports, as text edits an editor can apply: rename a
//! mistyped field to the known one it most likely means (the same "did you mean" as the API
//! server's unknown-field note, [`ObjectSchema::closest`]), drop a store whose path repeats an
//! earlier one, collapse `//` in a store path, and make a relative store path absolute when the
//! intent is clear. Each fix is one that leaves no judgement to make; anything else is left to
//! the user.

use crate::api::KIND;
use crate::decode;
use crate::gates::FeatureGates;
use crate::parse::{self, Kind, Node, Value};
use crate::text::Span;
use crate::validate::schema::{self, ArraySchema, ObjectSchema, Schema, ROOT};

/// One fix: what it does, the text it is about (a diagnostic's span overlaps it), and the
/// edits, which never overlap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub span: Span,
    pub edits: Vec<Edit>,
}

/// Replace the bytes of `span` with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

/// Every fix for the ContainerRuntimeConfigs of `text`, in text order.
pub fn fixes(text: &str, gates: &FeatureGates) -> Vec<Fix> {
    let parsed = parse::parse(text);
    let mut out = Vec::new();
    for object in decode::objects(&parsed.documents).iter().filter(|o| o.kind() == Some(KIND)) {
        Walk { text, gates, out: &mut out }.object(object.node, &ROOT);
    }
    out
}

struct Walk<'a> {
    text: &'a str,
    gates: &'a FeatureGates,
    out: &'a mut Vec<Fix>,
}

impl Walk<'_> {
    fn node(&mut self, node: &Node, schema: &Schema) {
        match schema {
            Schema::Object(o) => self.object(node, o),
            Schema::Array(a) => self.array(node, a),
            Schema::String(s) if s.store_path && node.kind() == Kind::String => self.path(node),
            _ => {}
        }
    }

    fn object(&mut self, node: &Node, schema: &ObjectSchema) {
        let Value::Map(entries) = &node.value else { return };
        for entry in entries {
            let Some(key) = entry.key_str() else { continue };
            match schema.property(key) {
                Some(property) => self.node(&entry.value, &property.schema),
                None => {
                    // Only to a field this CRD variant has: renaming to a gated-off one would
                    // trade one unknown field for another.
                    let Some(known) = schema.closest(key).filter(|p| p.present(self.gates)) else { continue };
                    self.out.push(Fix {
                        title: format!("Rename \"{key}\" to \"{}\"", known.name),
                        span: entry.key.span,
                        edits: vec![Edit { span: entry.key.span, text: known.name.to_owned() }],
                    });
                }
            }
        }
    }

    fn array(&mut self, node: &Node, schema: &ArraySchema) {
        let Value::Seq(items) = &node.value else { return };
        let mut seen: Vec<&str> = Vec::new();
        for item in items {
            self.node(item, &schema.items);
            let path = item.get("path").filter(|e| e.value.kind() == Kind::String).and_then(|e| e.value.text());
            let (Some(path), Some(_)) = (path, schema.unique_paths) else { continue };
            if !seen.contains(&path) {
                seen.push(path);
                continue;
            }
            let Some(lines) = self.item_lines(item) else { continue };
            self.out.push(Fix {
                title: format!("Remove the store that repeats path \"{path}\""),
                span: item.span,
                edits: vec![Edit { span: lines, text: String::new() }],
            });
        }
    }

    /// The whole lines of a block-style list item (`- path: ...` and any lines under it), or
    /// `None` when the item shares its lines with other text (flow style).
    fn item_lines(&self, item: &Node) -> Option<Span> {
        let text = self.text;
        let start = text[..item.span.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        if text[start..item.span.start].trim() != "-" {
            return None;
        }
        // A block map's span may already end past its last line's end (and the next line's
        // indentation).
        let end = text[..item.span.end].trim_end_matches([' ', '\t']).len();
        if text[..end].ends_with('\n') {
            return Some(Span::new(start, end));
        }
        let rest = &text[item.span.end..];
        let tail = rest.find('\n').map_or(rest.len(), |i| i + 1);
        if !rest[..tail].trim().is_empty() {
            return None;
        }
        Some(Span::new(start, item.span.end + tail))
    }

    /// A store path's fixes: `//` collapsed, or `/` put before a relative path that becomes a
    /// valid one with it (`var/lib/stargz-store`). A path starting with `.`, `~` or `$` is not
    /// clear: relative to what?
    fn path(&mut self, node: &Node) {
        let Some(path) = node.text() else { return };
        let raw = &self.text[node.span.start..node.span.end];
        let quote = usize::from(raw.starts_with(['"', '\'']));
        if path.contains("//") {
            let mut collapsed = raw.to_owned();
            while collapsed.contains("//") {
                collapsed = collapsed.replace("//", "/");
            }
            self.out.push(Fix {
                title: "Collapse the repeated slashes".into(),
                span: node.span,
                edits: vec![Edit { span: node.span, text: collapsed }],
            });
        }
        let absolute = format!("/{path}");
        let clear = path.starts_with(|c: char| c.is_ascii_alphanumeric())
            && schema::path_chars_ok(&absolute)
            && !absolute.contains("//")
            && !schema::has_dot_dot(&absolute);
        if clear {
            self.out.push(Fix {
                title: format!("Make the path absolute: \"{absolute}\""),
                span: node.span,
                edits: vec![Edit { span: Span::at(node.span.start + quote), text: "/".into() }],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gates::FeatureSet;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const HEAD: &str = "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: a\nspec:\n  containerRuntimeConfig:\n";

    /// The text with every fix applied, edits from the end so earlier spans stay right.
    fn applied(text: &str, gates: &FeatureGates) -> (Vec<String>, String) {
        let fixes = fixes(text, gates);
        let mut edits: Vec<&Edit> = fixes.iter().flat_map(|f| &f.edits).collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = text.to_owned();
        for e in edits {
            out.replace_range(e.span.start..e.span.end, &e.text);
        }
        (fixes.into_iter().map(|f| f.title).collect(), out)
    }

    #[test]
    fn mistyped_fields_are_renamed_to_a_known_one_of_this_variant() {
        let preview = FeatureGates::new(FeatureSet::TechPreviewNoUpgrade);
        let text = format!("{HEAD}    logLevl: info\n    additionalImageStore:\n    - paht: /a\n    far: x\n");
        let (titles, fixed) = applied(&text, &preview);
        assert_eq!(
            titles,
            ["Rename \"logLevl\" to \"logLevel\"", "Rename \"additionalImageStore\" to \"additionalImageStores\"",]
        );
        assert_eq!(
            fixed,
            format!("{HEAD}    logLevel: info\n    additionalImageStores:\n    - paht: /a\n    far: x\n")
        );
        // Once the list is known, its item's typo is found too.
        let (titles, _) = applied(&fixed, &preview);
        assert_eq!(titles, ["Rename \"paht\" to \"path\""]);
        // Where the gate leaves additionalImageStores out, no rename to it is offered.
        let at_4_22 = FeatureGates::new(FeatureSet::Default).at(crate::release::Release::Ocp4_22);
        let (titles, _) = applied(&text, &at_4_22);
        assert_eq!(titles, ["Rename \"logLevl\" to \"logLevel\""]);
    }

    #[test]
    fn store_paths_are_fixed_when_the_intent_is_clear() {
        let gates = FeatureGates::new(FeatureSet::TechPreviewNoUpgrade);
        let text = format!(
            "{HEAD}    additionalImageStores:\n    - path: /mnt//cache///a\n    - path: \"var/lib/images\"\n    - path: ./rel\n    - path: /mnt/x\n      readOnly: true\n    - path: /mnt/x\n    - path: /last\n"
        );
        let (titles, fixed) = applied(&text, &gates);
        assert_eq!(
            titles,
            [
                "Collapse the repeated slashes",
                "Make the path absolute: \"/var/lib/images\"",
                "Remove the store that repeats path \"/mnt/x\"",
            ]
        );
        assert_eq!(
            fixed,
            format!("{HEAD}    additionalImageStores:\n    - path: /mnt/cache/a\n    - path: \"/var/lib/images\"\n    - path: ./rel\n    - path: /mnt/x\n      readOnly: true\n    - path: /last\n")
        );
    }

    #[test]
    fn other_kinds_and_flow_lists_get_no_edit_that_could_break_them() {
        let gates = FeatureGates::new(FeatureSet::TechPreviewNoUpgrade);
        assert!(fixes("kind: ConfigMap\nspec:\n  logLevl: x\n", &gates).is_empty());
        let flow = format!("{HEAD}    additionalImageStores: [{{path: /a}}, {{path: /a}}]\n");
        assert!(fixes(&flow, &gates).is_empty());
    }
}
