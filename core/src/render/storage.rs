//! `/etc/containers/storage.conf` as the Machine Config Operator writes it.
//!
//! The MCO decodes its storage.conf template
//! (openshift/machine-config-operator `templates/common/_base/files/container-storage.yaml`),
//! sets the size and the additional stores and re-encodes it with BurntSushi/toml v1.5.0: two
//! spaces of indent per table level, keys in the order of containers-storage's `OptionsConfig`
//! struct, the numeric keys always present, comments gone. ctrcfg writes the same bytes
//! ([`super::toml`]).

use super::toml::{Document, TomlValue};
use super::{field, line_of, NodeFile, Setting, Source};
use crate::api::{ContainerRuntimeConfiguration, StoreKind};
use crate::gates::{FeatureGates, Gate};
use crate::text::Span;

/// Where the MCO writes the rendered storage configuration.
pub const STORAGE_CONF_PATH: &str = "/etc/containers/storage.conf";

/// The suffix that tells containers-storage a layer store is indexed by image reference. The
/// MCO appends it unless the path already ends with it (MCO PR #5888,
/// `pkg/controller/container-runtime-config/helpers.go`).
const REF_SUFFIX: &str = ":ref";

/// `/etc/containers/storage.conf` for a configuration, byte for byte as the MCO renders it, or
/// `None` when the MCO writes no storage.conf for it (`needsStorageUpdate` in helpers.go: a
/// non-zero overlaySize, or layer or image stores with the AdditionalStorageConfig gate on);
/// nodes then keep the template's file.
pub fn storage_conf(config: &ContainerRuntimeConfiguration, gates: &FeatureGates) -> Option<String> {
    let stores_on = gates.enabled(Gate::AdditionalStorageConfig);
    let size = config.overlay_size.as_ref().and_then(|q| q.value.parsed.as_ref().ok()).filter(|q| !q.is_zero());
    let has_stores = !config.stores(StoreKind::Layer).is_empty() || !config.stores(StoreKind::Image).is_empty();
    if size.is_none() && !(stores_on && has_stores) {
        return None;
    }
    let mut doc = Document::default();
    doc.table(0, "storage")
        .key(1, "driver", &"overlay".into())
        .key(1, "runroot", &"/run/containers/storage".into())
        .key(1, "graphroot", &"/var/lib/containers/storage".into())
        .table(1, "storage.options");
    for s in option_settings(config, gates) {
        doc.key(2, s.key, &s.value);
    }
    let zero = TomlValue::Int(0);
    doc.key(2, "force_mask", &zero)
        .key(2, "auto-userns-min-size", &zero)
        .key(2, "auto-userns-max-size", &zero)
        .table(2, "storage.options.overlay")
        .key(3, "skip_mount_home", &"true".into())
        .table(2, "storage.options.pull_options")
        .key(3, "enable_partial_images", &"false".into())
        .key(3, "ostree_repos", &"".into())
        .key(3, "use_hard_links", &"false".into());
    Some(doc.finish())
}

/// The `[storage.options]` keys a configuration sets, as `updateStorageConfig` sets them:
/// image stores, layer stores with `:ref`, and a non-zero overlaySize as `size` (that is,
/// `Options.Size`, not the overlay table's `size`).
pub fn option_settings(config: &ContainerRuntimeConfiguration, gates: &FeatureGates) -> Vec<Setting> {
    let mut out = Vec::new();
    if gates.enabled(Gate::AdditionalStorageConfig) {
        let list_span =
            |kind| config.store_list(kind).map_or(Span::default(), |l| Span::new(l.key_span.start, l.span.end));
        let images: Vec<&str> = config.store_paths(StoreKind::Image).collect();
        if !images.is_empty() {
            let value = TomlValue::Strings(images.into_iter().map(str::to_owned).collect());
            out.push(Setting {
                key: "additionalimagestores",
                value,
                field: StoreKind::Image.field(),
                span: list_span(StoreKind::Image),
            });
        }
        let layers: Vec<String> = config
            .store_paths(StoreKind::Layer)
            .map(|p| if p.ends_with(REF_SUFFIX) { p.to_owned() } else { format!("{p}{REF_SUFFIX}") })
            .collect();
        if !layers.is_empty() {
            let value = TomlValue::Strings(layers);
            out.push(Setting {
                key: "additionallayerstores",
                value,
                field: StoreKind::Layer.field(),
                span: list_span(StoreKind::Layer),
            });
        }
    }
    if let Some(q) = &config.overlay_size {
        if let Some(size) = q.value.parsed.as_ref().ok().filter(|p| !p.is_zero()) {
            let span = Span::new(q.key_span.start, q.span.end);
            out.push(Setting { key: "size", value: size.canonical().into(), field: "overlaySize", span });
        }
    }
    out
}

/// storage.conf as a node file, with each line the configuration set linked to its field.
pub fn file(config: &ContainerRuntimeConfiguration, gates: &FeatureGates) -> Option<NodeFile> {
    let contents = storage_conf(config, gates)?;
    let sources = option_settings(config, gates)
        .into_iter()
        .map(|s| Source { line: line_of(&contents, s.key), field: field(s.field), span: s.span })
        .collect();
    Some(NodeFile { path: STORAGE_CONF_PATH.to_owned(), contents, sources })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{QuantityField, Spanned, Store, StoreList};
    use crate::quantity::Quantity;
    use crate::text::Span;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn stores(paths: &[&str]) -> Option<StoreList> {
        let spanned = |p: &&str| Spanned { value: (*p).to_owned(), span: Span::default(), key_span: Span::default() };
        let items = paths
            .iter()
            .enumerate()
            .map(|(index, p)| Store { index, path: Some(spanned(p)), span: Span::default() })
            .collect();
        Some(StoreList { items, span: Span::default(), key_span: Span::default() })
    }

    fn overlay(text: &str) -> Option<Spanned<QuantityField>> {
        let field = QuantityField { raw: text.into(), is_string: true, parsed: Quantity::parse(text) };
        Some(Spanned { value: field, span: Span::default(), key_span: Span::default() })
    }

    fn render(config: &ContainerRuntimeConfiguration) -> Option<String> {
        storage_conf(config, &FeatureGates::default())
    }

    /// The MCO's bytes for overlaySize 10Gi with image and layer stores. Source: the verified
    /// BurntSushi/toml v1.5.0 output in shared/reference/upstream/mco.md §3
    /// (openshift/machine-config-operator 7ff337a4, `updateStorageConfig` in
    /// pkg/controller/container-runtime-config/helpers.go).
    #[test]
    fn storage_conf_matches_the_mco_bytes() {
        let config = ContainerRuntimeConfiguration {
            additional_image_stores: stores(&["/mnt/nfs-images", "/mnt/ssd"]),
            additional_layer_stores: stores(&["/var/lib/stargz-store"]),
            overlay_size: overlay("10Gi"),
            ..Default::default()
        };
        let expected = r#"[storage]
  driver = "overlay"
  runroot = "/run/containers/storage"
  graphroot = "/var/lib/containers/storage"
  [storage.options]
    additionalimagestores = ["/mnt/nfs-images", "/mnt/ssd"]
    additionallayerstores = ["/var/lib/stargz-store:ref"]
    size = "10Gi"
    force_mask = 0
    auto-userns-min-size = 0
    auto-userns-max-size = 0
    [storage.options.overlay]
      skip_mount_home = "true"
    [storage.options.pull_options]
      enable_partial_images = "false"
      ostree_repos = ""
      use_hard_links = "false"
"#;
        assert_eq!(render(&config).as_deref(), Some(expected));
    }

    /// MCO helpers_test.go `TestUpdateStorageConfig`, "path with :ref suffix is not doubled".
    #[test]
    fn ref_suffix_is_not_doubled_and_unset_lists_are_absent() {
        let config =
            ContainerRuntimeConfiguration { additional_layer_stores: stores(&["/a:ref", "/b"]), ..Default::default() };
        let out = render(&config).unwrap();
        assert!(out.contains("    additionallayerstores = [\"/a:ref\", \"/b:ref\"]\n"), "{out}");
        assert!(!out.contains("additionalimagestores") && !out.contains("    size = "));
    }

    #[test]
    fn no_storage_conf_without_layer_or_image_stores_or_size() {
        let mut config = ContainerRuntimeConfiguration {
            additional_artifact_stores: stores(&["/mnt/models"]),
            ..Default::default()
        };
        assert_eq!(render(&config), None);
        config.overlay_size = overlay("0");
        assert_eq!(render(&config), None);
    }

    /// MCO helpers_test.go `TestUpdateStorageConfig`, subtest "feature gate disabled ignores
    /// additional stores" (7ff337a4): with the gate off the lists are not rendered, and without
    /// an overlaySize no storage.conf is written at all.
    #[test]
    fn gate_off_renders_no_stores() {
        let off = FeatureGates::default().with(Gate::AdditionalStorageConfig, false);
        let mut config = ContainerRuntimeConfiguration {
            additional_layer_stores: stores(&["/var/lib/stargz-store"]),
            additional_image_stores: stores(&["/mnt/nfs-images"]),
            ..Default::default()
        };
        assert_eq!(storage_conf(&config, &off), None);
        config.overlay_size = overlay("10G");
        let out = storage_conf(&config, &off).unwrap();
        assert!(out.contains("    size = \"10G\"\n") && !out.contains("additional"), "{out}");
    }
}
