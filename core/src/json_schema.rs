//! The CRD's schema as a JSON Schema (draft-07), for editors (yaml-language-server) and any
//! JSON Schema validator: `ctrcfg schema`. It is written from the same static schema the API
//! server's checks walk (`validate::schema`), at a release and feature set, so a gated field is
//! in it exactly when the CRD the cluster serves has it, with the API's own descriptions
//! (`explain`). What JSON Schema can say is said: types, enums, lengths, item counts, the
//! Quantity pattern, StorePath's CEL rules as patterns, and duplicate stores (each item holds
//! only `path`, so equal items are equal paths). The MCO's checks and everything across
//! objects stay `validate`'s.

use crate::explain;
use crate::gates::FeatureGates;
use crate::release::Rule;
use crate::tree::Tree;
use crate::validate::schema::{ObjectSchema, Schema, StringSchema, QUANTITY_PATTERN, ROOT};

/// StorePath's first CEL rule, `^/[a-zA-Z0-9/._-]+$`.
const STORE_PATH_PATTERN: &str = "^/[a-zA-Z0-9/._-]+$";
/// What the second and third rules refuse: `//`, and a `..` component.
const CONSECUTIVE_SLASHES: &str = "//";
const DOT_DOT_COMPONENT: &str = "(^|/)\\.\\.(/|$)";

/// The JSON Schema of a ContainerRuntimeConfig as served at `gates`' release and feature set.
pub fn crd(gates: &FeatureGates) -> Tree {
    let title = format!(
        "ContainerRuntimeConfig (machineconfiguration.openshift.io/v1) at OpenShift {}, feature set {}",
        gates.release().name(),
        gates.set.name()
    );
    let root = object(&ROOT, "", gates)
        .with("$schema", Tree::str("http://json-schema.org/draft-07/schema#"))
        .with("title", Tree::str(title))
        .with("description", Tree::str(explain::describe_root().unwrap_or_default()));
    // The kind and group are the resource's own: a schema for this CRD only.
    with_property(
        with_property(root, "apiVersion", Tree::map([("const", Tree::str("machineconfiguration.openshift.io/v1"))])),
        "kind",
        Tree::map([("const", Tree::str(crate::api::KIND))]),
    )
}

/// `root` with its property `name`'s schema replaced by `schema` (the description kept).
fn with_property(root: Tree, name: &str, schema: Tree) -> Tree {
    let Tree::Map(mut entries) = root else { return root };
    if let Some((_, Tree::Map(properties))) = entries.iter_mut().find(|(k, _)| k == "properties") {
        if let Some((_, value)) = properties.iter_mut().find(|(k, _)| k == name) {
            let description = match value {
                Tree::Map(fields) => fields.iter().find(|(k, _)| k == "description").map(|(_, d)| d.clone()),
                _ => None,
            };
            *value = match description {
                Some(d) => schema.with("description", d),
                None => schema,
            };
        }
    }
    Tree::Map(entries)
}

fn node(schema: &Schema, path: &str, gates: &FeatureGates) -> Tree {
    match schema {
        Schema::Object(o) => object(o, path, gates),
        Schema::Array(a) => {
            let mut out =
                Tree::map([("type", Tree::str("array")), ("items", node(&a.items, &format!("{path}[]"), gates))]);
            if let Some(min) = a.min_items {
                out = out.with("minItems", count(min));
            }
            if let Some(max) = a.max_items {
                out = out.with("maxItems", count(max));
            }
            if a.unique_paths.is_some() {
                out = out.with("uniqueItems", Tree::Bool(true));
            }
            out
        }
        Schema::String(s) => string(s, gates),
        Schema::Integer => Tree::map([("type", Tree::str("integer"))]),
        Schema::Quantity => Tree::map([(
            "anyOf",
            Tree::Seq(vec![
                Tree::map([("type", Tree::str("integer"))]),
                Tree::map([("type", Tree::str("string")), ("pattern", Tree::str(QUANTITY_PATTERN))]),
            ]),
        )]),
        Schema::StringMap => Tree::map([
            ("type", Tree::str("object")),
            ("additionalProperties", Tree::map([("type", Tree::str("string"))])),
        ]),
        Schema::Any => Tree::empty_map(),
    }
}

fn object(o: &ObjectSchema, path: &str, gates: &FeatureGates) -> Tree {
    let properties = o
        .properties
        .iter()
        .filter(|p| p.present(gates))
        .map(|p| {
            let child = if path.is_empty() { p.name.to_owned() } else { format!("{path}.{}", p.name) };
            let schema = node(&p.schema, &child, gates);
            let schema = match explain::describe(&child) {
                Some(text) => schema.with("description", Tree::str(text)),
                None => schema,
            };
            (p.name.into(), schema)
        })
        .collect();
    let mut out = Tree::map([("type", Tree::str("object")), ("properties", Tree::Map(properties))]);
    if !o.required.is_empty() {
        out = out.with("required", Tree::Seq(o.required.iter().map(|r| Tree::str(*r)).collect()));
    }
    // Strict decoding: the API server refuses a field the CRD does not have.
    out.with("additionalProperties", Tree::Bool(false))
}

fn string(s: &StringSchema, gates: &FeatureGates) -> Tree {
    let mut out = Tree::map([("type", Tree::str("string"))]);
    if !s.enum_values.is_empty() {
        out = out.with("enum", Tree::Seq(s.enum_values.iter().map(|v| Tree::str(*v)).collect()));
    }
    if let Some(min) = s.min_length {
        out = out.with("minLength", count(min));
    }
    if let Some(max) = s.max_length {
        out = out.with("maxLength", count(max));
    }
    if s.store_path {
        let mut refused = vec![CONSECUTIVE_SLASHES];
        if gates.release().has(Rule::ApiNoDotDot) {
            refused.push(DOT_DOT_COMPONENT);
        }
        let nots = refused.into_iter().map(|p| Tree::map([("not", Tree::map([("pattern", Tree::str(p))]))]));
        out = out.with("pattern", Tree::str(STORE_PATH_PATTERN)).with("allOf", Tree::Seq(nots.collect()));
    }
    out
}

fn count(n: usize) -> Tree {
    Tree::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::crd;
    use crate::gates::{FeatureGates, FeatureSet};
    use crate::release::Release;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn gated_fields_follow_the_crd_served() {
        let at = |set, release| crd(&FeatureGates::new(set).at(release)).to_json();
        assert!(at(FeatureSet::Default, Release::Latest).contains("\"additionalLayerStores\""));
        assert!(!at(FeatureSet::Default, Release::Ocp4_22).contains("\"additionalLayerStores\""));
        assert!(at(FeatureSet::TechPreviewNoUpgrade, Release::Ocp4_22).contains("\"additionalLayerStores\""));
        // The '..' rule is openshift/api #2999's, at latest only.
        assert!(at(FeatureSet::Default, Release::Latest).contains(r#"(^|/)\\.\\.(/|$)"#));
        assert!(!at(FeatureSet::Default, Release::Ocp5_0).contains(r#"(^|/)\\.\\.(/|$)"#));
    }
}
