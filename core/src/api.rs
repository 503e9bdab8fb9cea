//! The ContainerRuntimeConfig API (machineconfiguration.openshift.io/v1) as ctrcfg models it.
//!
//! Source: openshift/api `machineconfiguration/v1/types.go` (ContainerRuntimeConfig,
//! ContainerRuntimeConfigSpec, ContainerRuntimeConfiguration, StorePath) at 2a3d7391. Every
//! value keeps the spans it was read from, so any later stage can point back at the user's text.
//! Values are kept as written (a quantity keeps its text, an enum its string) so that validation
//! can quote them exactly as the API server and the MCO do.

use crate::quantity::{Quantity, QuantityError};
use crate::text::Span;

pub const API_VERSION: &str = "machineconfiguration.openshift.io/v1";
pub const KIND: &str = "ContainerRuntimeConfig";
/// The annotation that pins a config's MachineConfig name suffix.
pub const MC_NAME_SUFFIX_ANNOTATION: &str = "machineconfiguration.openshift.io/mc-name-suffix";

/// A value with the span of the YAML node it came from and of the key that introduced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    /// The value's text.
    pub span: Span,
    /// The key's text (`pidsLimit` in `pidsLimit: 10`); the value's span for list items.
    pub key_span: Span,
}

/// The three kinds of additional store the `AdditionalStorageConfig` feature gate adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StoreKind {
    Layer,
    Image,
    Artifact,
}

impl StoreKind {
    /// In the order the MCO validates them (`validateUserContainerRuntimeConfig`).
    pub const ALL: [StoreKind; 3] = [StoreKind::Layer, StoreKind::Image, StoreKind::Artifact];

    /// The JSON field name in `spec.containerRuntimeConfig`.
    pub const fn field(self) -> &'static str {
        match self {
            StoreKind::Layer => "additionalLayerStores",
            StoreKind::Image => "additionalImageStores",
            StoreKind::Artifact => "additionalArtifactStores",
        }
    }

    /// The Go field name, which the MCO's messages use.
    pub const fn go_field(self) -> &'static str {
        match self {
            StoreKind::Layer => "AdditionalLayerStores",
            StoreKind::Image => "AdditionalImageStores",
            StoreKind::Artifact => "AdditionalArtifactStores",
        }
    }

    /// The CRD's `maxItems` for the list.
    pub const fn max_items(self) -> usize {
        match self {
            StoreKind::Layer => 5,
            StoreKind::Image | StoreKind::Artifact => 10,
        }
    }

    /// A short noun for messages: "layer store".
    pub const fn noun(self) -> &'static str {
        match self {
            StoreKind::Layer => "layer store",
            StoreKind::Image => "image store",
            StoreKind::Artifact => "artifact store",
        }
    }
}

/// One `{path: ...}` item of a store list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    /// The item's position in the list as written (items the MCO could not decode are left
    /// out of the typed view, so this can differ from the position in `StoreList::items`).
    pub index: usize,
    /// `None` when the item has no (string) `path`.
    pub path: Option<Spanned<String>>,
    /// The span of the whole list item.
    pub span: Span,
}

impl Store {
    /// The path as the MCO reads it (empty when the item has none), and where to point: the
    /// path's value, or the whole item when it has no path.
    pub fn path_and_span(&self) -> (&str, Span) {
        self.path.as_ref().map_or(("", self.span), |p| (p.value.as_str(), p.span))
    }
}

/// A store list as written: its items and where the list is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreList {
    pub items: Vec<Store>,
    /// The list value.
    pub span: Span,
    /// The list's key.
    pub key_span: Span,
}

/// A quantity field (`logSizeMax`, `overlaySize`) as written, with its parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuantityField {
    /// The text as written; an integer is kept as its decimal digits.
    pub raw: String,
    /// Whether the YAML/JSON value was a string (only strings are checked against the CRD's
    /// pattern; integers always pass it).
    pub is_string: bool,
    pub parsed: Result<Quantity, QuantityError>,
}

/// `spec.containerRuntimeConfig`: what is rendered onto the nodes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerRuntimeConfiguration {
    pub span: Span,
    pub pids_limit: Option<Spanned<i64>>,
    pub log_level: Option<Spanned<String>>,
    pub log_size_max: Option<Spanned<QuantityField>>,
    pub overlay_size: Option<Spanned<QuantityField>>,
    pub default_runtime: Option<Spanned<String>>,
    pub container_gomaxprocs_behavior: Option<Spanned<String>>,
    pub additional_layer_stores: Option<StoreList>,
    pub additional_image_stores: Option<StoreList>,
    pub additional_artifact_stores: Option<StoreList>,
}

impl ContainerRuntimeConfiguration {
    pub fn store_list(&self, kind: StoreKind) -> Option<&StoreList> {
        match kind {
            StoreKind::Layer => self.additional_layer_stores.as_ref(),
            StoreKind::Image => self.additional_image_stores.as_ref(),
            StoreKind::Artifact => self.additional_artifact_stores.as_ref(),
        }
    }

    pub(crate) fn store_list_mut(&mut self, kind: StoreKind) -> &mut Option<StoreList> {
        match kind {
            StoreKind::Layer => &mut self.additional_layer_stores,
            StoreKind::Image => &mut self.additional_image_stores,
            StoreKind::Artifact => &mut self.additional_artifact_stores,
        }
    }

    pub fn stores(&self, kind: StoreKind) -> &[Store] {
        self.store_list(kind).map_or(&[], |l| l.items.as_slice())
    }

    /// The paths of one list, in the user's order, skipping items without a path.
    pub fn store_paths(&self, kind: StoreKind) -> impl Iterator<Item = &str> {
        self.stores(kind).iter().filter_map(|s| s.path.as_ref().map(|p| p.value.as_str()))
    }
}

/// `metav1.LabelSelector`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    pub match_labels: Vec<(Spanned<String>, Spanned<String>)>,
    pub match_expressions: Vec<LabelSelectorRequirement>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelSelectorRequirement {
    pub key: Spanned<String>,
    pub operator: Spanned<String>,
    pub values: Vec<Spanned<String>>,
    pub span: Span,
}

impl LabelSelector {
    /// Kubernetes' `LabelSelectorAsSelector(...).Empty()`: no requirements at all.
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }
}

/// A ContainerRuntimeConfig document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerRuntimeConfig {
    /// Index of the document in the input stream.
    pub document: usize,
    /// The whole object.
    pub span: Span,
    pub name: Option<Spanned<String>>,
    /// `metadata.uid`, when the document comes from a cluster (`oc get -o yaml`).
    pub uid: Option<String>,
    /// The annotation `machineconfiguration.openshift.io/mc-name-suffix`, which the MCO sets on
    /// a config to remember which MachineConfig name it was given (`""` for the base name).
    pub name_suffix: Option<Spanned<String>>,
    /// `spec.machineConfigPoolSelector`; `None` when absent or null (selects no pool).
    pub pool_selector: Option<LabelSelector>,
    /// `spec`'s span, or the object's when there is no spec.
    pub spec_span: Span,
    /// `None` when `spec.containerRuntimeConfig` is missing (the API requires it).
    pub config: Option<ContainerRuntimeConfiguration>,
}

impl ContainerRuntimeConfig {
    /// The name for messages; `""` when the document has none (the API server would refuse it).
    pub fn name(&self) -> &str {
        self.name.as_ref().map_or("", |n| n.value.as_str())
    }
}
