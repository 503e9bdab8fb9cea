//! CRI-O drop-ins: one file per field under `/etc/crio/crio.conf.d/01-ctrcfg-<field>`, each with
//! its one key under `[crio.runtime]`, so they override the base `00-default`.
//!
//! Source: openshift/machine-config-operator 7ff337a4, helpers.go `createCRIODropinFiles` and
//! `needsCRIODropinUpdate`; the bytes are BurntSushi/toml v1.5.0's, as asserted by
//! helpers_test.go `TestCreateCRIODropinFiles`.

use super::toml::{Document, TomlValue};
use super::{field, line_of, NodeFile, Setting, Source};
use crate::api::{ContainerRuntimeConfiguration, Spanned, StoreKind};
use crate::gates::{FeatureGates, Gate};
use crate::text::Span;

/// The directory CRI-O reads drop-ins from, in lexical order after `00-default`.
pub const DROPIN_DIR: &str = "/etc/crio/crio.conf.d";

/// The drop-ins the MCO writes, in its order: logLevel, pidsLimit, logSizeMax, defaultRuntime,
/// additionalArtifactStores. A zero logSizeMax writes nothing; pidsLimit is written even when
/// 0; artifact stores only with the AdditionalStorageConfig gate on.
pub fn dropins(config: &ContainerRuntimeConfiguration, gates: &FeatureGates) -> Vec<NodeFile> {
    runtime_settings(config, gates).into_iter().map(dropin).collect()
}

/// The `[crio.runtime]` keys a configuration sets, one per drop-in, in the MCO's order.
pub fn runtime_settings(config: &ContainerRuntimeConfiguration, gates: &FeatureGates) -> Vec<Setting> {
    let mut out = Vec::new();
    let mut add = |field: &'static str, key: &'static str, value: TomlValue, span: Span| {
        out.push(Setting { key, value, field, span });
    };
    if let Some(level) = config.log_level.as_ref().filter(|l| !l.value.is_empty()) {
        add("logLevel", "log_level", level.value.as_str().into(), whole(level));
    }
    if let Some(pids) = &config.pids_limit {
        add("pidsLimit", "pids_limit", pids.value.into(), whole(pids));
    }
    if let Some(size) = &config.log_size_max {
        if let Some(bytes) = size.value.parsed.as_ref().ok().map(|q| q.value()).filter(|v| *v != 0) {
            add("logSizeMax", "log_size_max", bytes.into(), whole(size));
        }
    }
    if let Some(runtime) = config.default_runtime.as_ref().filter(|r| !r.value.is_empty()) {
        add("defaultRuntime", "default_runtime", runtime.value.as_str().into(), whole(runtime));
    }
    if gates.enabled(Gate::AdditionalStorageConfig) {
        if let Some(list) = config.store_list(StoreKind::Artifact).filter(|l| !l.items.is_empty()) {
            let paths = TomlValue::Strings(config.store_paths(StoreKind::Artifact).map(str::to_owned).collect());
            add(
                StoreKind::Artifact.field(),
                "additional_artifact_stores",
                paths,
                Span::new(list.key_span.start, list.span.end),
            );
        }
    }
    out
}

/// A field's key and value, which a source link selects.
fn whole<T>(field: &Spanned<T>) -> Span {
    Span::new(field.key_span.start, field.span.end)
}

fn dropin(Setting { key, value, field: name, span }: Setting) -> NodeFile {
    let contents = Document::default().table(0, "crio").table(1, "crio.runtime").key(2, key, &value).finish();
    let sources = vec![Source { line: line_of(&contents, key), field: field(name), span }];
    NodeFile { path: format!("{DROPIN_DIR}/01-ctrcfg-{name}"), contents, sources }
}
