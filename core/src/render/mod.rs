//! Node files as the Machine Config Operator writes them, and where each line came from.
//!
//! Source: openshift/machine-config-operator 7ff337a4,
//! `pkg/controller/container-runtime-config/helpers.go` (`needsStorageUpdate`,
//! `updateStorageConfig`, `needsCRIODropinUpdate`, `createCRIODropinFiles`) and
//! `container_runtime_config_controller.go` (`syncContainerRuntimeConfig`). The MCO writes
//! storage.conf first, then one CRI-O drop-in per field; [`files`] returns them in that order.

pub mod crio;
pub mod ignition;
pub mod machine_config;
pub mod storage;
pub mod toml;

use crate::api::{ContainerRuntimeConfiguration, StoreKind};
use crate::diag::FieldPath;
use crate::gates::{FeatureGates, Gate};
use crate::text::Span;
use toml::TomlValue;

pub use storage::STORAGE_CONF_PATH;

/// A file the MCO writes onto a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeFile {
    /// Absolute path on the node.
    pub path: String,
    pub contents: String,
    /// Which input field produced which line, for links from the output back to the input.
    pub sources: Vec<Source>,
}

/// One line of a rendered file and the input field that produced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// 1-based line in the rendered file.
    pub line: usize,
    /// The input field, e.g. `spec.containerRuntimeConfig.additionalImageStores`.
    pub field: FieldPath,
    /// The field, key and value, in the input text.
    pub span: Span,
}

/// Every file the MCO writes for one configuration, in the MCO's order: storage.conf, then the
/// drop-ins. Empty when the configuration sets nothing the MCO renders.
pub fn files(config: &ContainerRuntimeConfiguration, gates: &FeatureGates) -> Vec<NodeFile> {
    let mut out = Vec::new();
    out.extend(storage::file(config, gates));
    out.extend(crio::dropins(config, gates));
    out
}

/// One key the MCO sets from one input field: what storage.conf and the drop-ins are made of,
/// and what `edit` sets in a user's own files.
#[derive(Clone, Debug)]
pub struct Setting {
    pub key: &'static str,
    pub value: TomlValue,
    /// The input field's name under `spec.containerRuntimeConfig`.
    pub field: &'static str,
    /// The field, key and value, in the input text.
    pub span: Span,
}

/// A field that is set but that the MCO writes nowhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unrendered {
    pub field: FieldPath,
    pub span: Span,
    pub reason: &'static str,
}

pub const GATE_OFF_REASON: &str =
    "the AdditionalStorageConfig feature gate is off: the MCO validates this field but does not render it";
pub const GOMAXPROCS_REASON: &str =
    "the MCO does not render containerGomaxprocsBehavior (it does not vendor the field)";

/// Fields that are set but reach no file: store lists while their gate is off, and
/// `containerGomaxprocsBehavior`, which the MCO never renders.
pub fn unrendered(config: &ContainerRuntimeConfiguration, gates: &FeatureGates) -> Vec<Unrendered> {
    let mut out = Vec::new();
    if !gates.enabled(Gate::AdditionalStorageConfig) {
        for kind in StoreKind::ALL {
            if let Some(list) = config.store_list(kind).filter(|l| !l.items.is_empty()) {
                out.push(Unrendered { field: field(kind.field()), span: list.span, reason: GATE_OFF_REASON });
            }
        }
    }
    if let Some(g) = &config.container_gomaxprocs_behavior {
        out.push(Unrendered { field: field("containerGomaxprocsBehavior"), span: g.span, reason: GOMAXPROCS_REASON });
    }
    out
}

/// `spec.containerRuntimeConfig.<name>`.
pub fn field(name: &str) -> FieldPath {
    FieldPath::root("spec").child("containerRuntimeConfig").child(name)
}

/// The 1-based line of `contents` whose key is `key` (`  key = ...`).
fn line_of(contents: &str, key: &str) -> usize {
    contents
        .lines()
        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|rest| rest.starts_with(" =")))
        .map_or(1, |i| i + 1)
}
