//! Parsed documents → typed [`ContainerRuntimeConfig`]s, with the API server's structural errors.
//!
//! Decoding is forgiving: a field of the wrong type is reported the way the API server reports it
//! (apiextensions-apiserver `kubeOpenAPIResultToFieldErrors` over kube-openapi's messages) and
//! left out, and decoding goes on, so that one pass finds every problem.

use crate::api::{
    ContainerRuntimeConfig, ContainerRuntimeConfiguration, Spanned, Store, StoreKind, KIND,
};
use crate::diag::{Diagnostic, FieldPath, Origin, Severity};
use crate::parse::{Document, Kind, Node, Value};
use crate::text::Span;

/// The configs found in `documents`; documents of other kinds are reported and skipped.
pub fn decode(documents: &[Document]) -> (Vec<ContainerRuntimeConfig>, Vec<Diagnostic>) {
    let mut configs = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, document) in documents.iter().enumerate() {
        let Some(root) = &document.root else { continue };
        let mut d = Decoder {
            document: index,
            diagnostics: &mut diagnostics,
        };
        if let Some(config) = d.config(root) {
            configs.push(config);
        }
    }
    (configs, diagnostics)
}

struct Decoder<'a> {
    document: usize,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Decoder<'_> {
    fn report(
        &mut self,
        severity: Severity,
        field: Option<FieldPath>,
        message: String,
        span: Span,
    ) {
        self.diagnostics.push(Diagnostic {
            severity,
            origin: Origin::Api,
            field,
            message,
            document: self.document,
            span,
        });
    }

    /// `F: Invalid value: "<actual>": F in body must be of type <expected>: "<actual>"`.
    fn type_error(&mut self, field: &FieldPath, node: &Node, expected: Kind) {
        let actual = node.kind().as_str();
        let message = format!(
            "Invalid value: \"{actual}\": {field} in body must be of type {}: \"{actual}\"",
            expected.as_str()
        );
        self.report(Severity::Error, Some(field.clone()), message, node.span);
    }

    fn required(&mut self, field: FieldPath, span: Span) {
        self.report(Severity::Error, Some(field), "Required value".into(), span);
    }

    /// The value of `key` when present and not null (the API server prunes nulls, so a null
    /// field is an absent one); a type mismatch is reported and yields `None`.
    fn field<'n>(
        &mut self,
        parent: &'n Node,
        key: &str,
        path: &FieldPath,
        expected: Kind,
    ) -> Option<&'n Node> {
        let node = &parent.get(key)?.value;
        match node.kind() {
            Kind::Null => None,
            kind if kind == expected => Some(node),
            _ => {
                self.type_error(path, node, expected);
                None
            }
        }
    }

    fn config(&mut self, root: &Node) -> Option<ContainerRuntimeConfig> {
        let kind = root
            .get("kind")
            .and_then(|e| e.value.as_scalar())
            .map(|s| s.text.as_str());
        if kind != Some(KIND) {
            let what = kind.map_or_else(
                || "a document without a kind".to_owned(),
                |k| format!("kind {k:?}"),
            );
            self.diagnostics.push(Diagnostic {
                severity: Severity::Info,
                origin: Origin::Lint,
                field: None,
                message: format!("skipped {what}: ctrcfg reads only {KIND} documents"),
                document: self.document,
                span: root.get("kind").map_or(root.span, |e| e.value.span),
            });
            return None;
        }
        let mut config = ContainerRuntimeConfig {
            document: self.document,
            ..Default::default()
        };
        let metadata = FieldPath::root("metadata");
        if let Some(meta) = self.field(root, "metadata", &metadata, Kind::Object) {
            let name_path = metadata.child("name");
            if let Some(name) = self.field(meta, "name", &name_path, Kind::String) {
                config.name = Some(string(name));
            }
        }
        let spec_path = FieldPath::root("spec");
        let Some(spec) = self.field(root, "spec", &spec_path, Kind::Object) else {
            if root
                .get("spec")
                .is_none_or(|e| e.value.kind() == Kind::Null)
            {
                self.required(spec_path, root.span);
            }
            return Some(config);
        };
        let crc_path = spec_path.child("containerRuntimeConfig");
        match self.field(spec, "containerRuntimeConfig", &crc_path, Kind::Object) {
            Some(crc) => config.config = Some(self.configuration(crc, &crc_path)),
            None if spec
                .get("containerRuntimeConfig")
                .is_none_or(|e| e.value.kind() == Kind::Null) =>
            {
                self.required(crc_path, spec.span);
            }
            None => {}
        }
        Some(config)
    }

    fn configuration(&mut self, node: &Node, path: &FieldPath) -> ContainerRuntimeConfiguration {
        let mut out = ContainerRuntimeConfiguration::default();
        for kind in StoreKind::ALL {
            let list_path = path.child(kind.field());
            if let Some(list) = self.field(node, kind.field(), &list_path, Kind::Array) {
                *out.stores_mut(kind) = Some(self.stores(list, &list_path));
            }
        }
        out
    }

    fn stores(&mut self, list: &Node, path: &FieldPath) -> Vec<Store> {
        let Value::Seq(items) = &list.value else {
            return Vec::new();
        };
        let mut stores = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_path = path.index(i);
            if item.kind() != Kind::Object {
                self.type_error(&item_path, item, Kind::Object);
                continue;
            }
            let path_field = item_path.child("path");
            let store_path = self
                .field(item, "path", &path_field, Kind::String)
                .map(string);
            if store_path.is_none()
                && item
                    .get("path")
                    .is_none_or(|e| e.value.kind() == Kind::Null)
            {
                self.required(path_field, item.span);
            }
            stores.push(Store {
                path: store_path,
                span: item.span,
            });
        }
        stores
    }
}

fn string(node: &Node) -> Spanned<String> {
    let text = node.as_scalar().map(|s| s.text.clone()).unwrap_or_default();
    Spanned {
        value: text,
        span: node.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn run(text: &str) -> (Vec<ContainerRuntimeConfig>, Vec<String>) {
        let parsed = parse(text);
        assert!(parsed.diagnostics.is_empty());
        let (configs, diagnostics) = decode(&parsed.documents);
        (
            configs,
            diagnostics
                .iter()
                .map(Diagnostic::display_message)
                .collect(),
        )
    }

    #[test]
    fn reads_store_paths_in_order() {
        let (configs, messages) = run(
            "kind: ContainerRuntimeConfig\nmetadata: {name: a}\nspec:\n  containerRuntimeConfig:\n    additionalImageStores:\n    - path: /b\n    - path: /a\n",
        );
        assert!(messages.is_empty(), "{messages:?}");
        let config = configs[0].config.as_ref().unwrap();
        assert_eq!(
            config.store_paths(StoreKind::Image).collect::<Vec<_>>(),
            ["/b", "/a"]
        );
        assert_eq!(configs[0].name.as_ref().unwrap().value, "a");
    }

    #[test]
    fn wrong_types_read_like_the_api_server() {
        let (_, messages) = run(
            "kind: ContainerRuntimeConfig\nspec:\n  containerRuntimeConfig:\n    additionalImageStores: /mnt\n    additionalLayerStores:\n    - path: 5\n    - {}\n",
        );
        assert_eq!(
            messages,
            [
                "spec.containerRuntimeConfig.additionalLayerStores[0].path: Invalid value: \"integer\": spec.containerRuntimeConfig.additionalLayerStores[0].path in body must be of type string: \"integer\"",
                "spec.containerRuntimeConfig.additionalLayerStores[1].path: Required value",
                "spec.containerRuntimeConfig.additionalImageStores: Invalid value: \"string\": spec.containerRuntimeConfig.additionalImageStores in body must be of type array: \"string\"",
            ]
        );
    }

    #[test]
    fn missing_spec_parts_are_required() {
        assert_eq!(
            run("kind: ContainerRuntimeConfig\n").1,
            ["spec: Required value"]
        );
        assert_eq!(
            run("kind: ContainerRuntimeConfig\nspec: {machineConfigPoolSelector: {}}\n").1,
            ["spec.containerRuntimeConfig: Required value"]
        );
    }

    #[test]
    fn other_kinds_are_skipped_with_a_note() {
        let (configs, messages) = run("kind: ConfigMap\n");
        assert!(configs.is_empty());
        assert_eq!(
            messages,
            ["skipped kind \"ConfigMap\": ctrcfg reads only ContainerRuntimeConfig documents"]
        );
    }
}
