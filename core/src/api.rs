//! The ContainerRuntimeConfig API (machineconfiguration.openshift.io/v1) as ctrcfg models it.
//!
//! Source: openshift/api `machineconfiguration/v1/types.go` (ContainerRuntimeConfig,
//! ContainerRuntimeConfiguration, StorePath) at 2a3d7391. Every value keeps the span it was read
//! from, so any later stage can point back at the user's text.

use crate::text::Span;

pub const API_VERSION: &str = "machineconfiguration.openshift.io/v1";
pub const KIND: &str = "ContainerRuntimeConfig";

/// A value with the span of the YAML node it was decoded from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// The three kinds of additional store the `AdditionalStorageConfig` feature gate adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StoreKind {
    Layer,
    Image,
    Artifact,
}

impl StoreKind {
    pub const ALL: [StoreKind; 3] = [StoreKind::Layer, StoreKind::Image, StoreKind::Artifact];

    /// The JSON field name in `spec.containerRuntimeConfig`.
    pub const fn field(self) -> &'static str {
        match self {
            StoreKind::Layer => "additionalLayerStores",
            StoreKind::Image => "additionalImageStores",
            StoreKind::Artifact => "additionalArtifactStores",
        }
    }

    /// The CRD's `maxItems` for the list.
    pub const fn max_items(self) -> usize {
        match self {
            StoreKind::Layer => 5,
            StoreKind::Image | StoreKind::Artifact => 10,
        }
    }
}

/// One `{path: ...}` item of a store list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    /// `None` when the item has no (string) `path`.
    pub path: Option<Spanned<String>>,
    /// The span of the whole list item.
    pub span: Span,
}

/// `spec.containerRuntimeConfig`, the part of the spec that is rendered onto nodes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerRuntimeConfiguration {
    pub additional_layer_stores: Option<Vec<Store>>,
    pub additional_image_stores: Option<Vec<Store>>,
    pub additional_artifact_stores: Option<Vec<Store>>,
}

impl ContainerRuntimeConfiguration {
    pub fn stores(&self, kind: StoreKind) -> &[Store] {
        let list = match kind {
            StoreKind::Layer => &self.additional_layer_stores,
            StoreKind::Image => &self.additional_image_stores,
            StoreKind::Artifact => &self.additional_artifact_stores,
        };
        list.as_deref().unwrap_or_default()
    }

    pub(crate) fn stores_mut(&mut self, kind: StoreKind) -> &mut Option<Vec<Store>> {
        match kind {
            StoreKind::Layer => &mut self.additional_layer_stores,
            StoreKind::Image => &mut self.additional_image_stores,
            StoreKind::Artifact => &mut self.additional_artifact_stores,
        }
    }

    /// The paths of one list, in the user's order, skipping items without a path.
    pub fn store_paths(&self, kind: StoreKind) -> impl Iterator<Item = &str> {
        self.stores(kind)
            .iter()
            .filter_map(|s| s.path.as_ref().map(|p| p.value.as_str()))
    }
}

/// A ContainerRuntimeConfig document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerRuntimeConfig {
    /// Index of the document in the input stream.
    pub document: usize,
    pub name: Option<Spanned<String>>,
    /// `None` when `spec.containerRuntimeConfig` is missing (the API requires it).
    pub config: Option<ContainerRuntimeConfiguration>,
}
