//! What CRI-O says when it starts on a node with the files the MCO rendered: its own check of
//! `[crio.runtime] additional_artifact_stores`, which the MCO writes from
//! `additionalArtifactStores` (drop-in `01-ctrcfg-additionalArtifactStores`, only with the
//! gate on).
//!
//! Source: cri-o/cri-o `pkg/config/config.go` `RuntimeConfig.Validate`, wrapped by
//! `Config.Validate` as `validating runtime config: %w`; `cmd/crio/main.go` then exits through
//! `logrus.Fatal`. Entries are checked in list order and the first failure stops CRI-O.
//! - Before [`Rule::CrioArtifactStorePaths`] (release-1.35 41f610b2): only `filepath.IsAbs`.
//! - From it: cri-o #10254 (PR head 426a51c1: empty, over 256 bytes, the StorePath
//!   characters, `//`, `..`, wrapped as `additional_artifact_stores: %w`) plus the trailing-slash
//!   check that the release-1.36 backport #10298 shows in review, before the `//` check. The
//!   merged commits were not in any stored snapshot; docs/upstream.md says what was read. No
//!   check of `.` components was found in code, so `/mnt/./art` passes, as in the PR head.
//!
//! The API server and the MCO run first: a path either of them refuses never reaches a node, so
//! only paths they accept are checked here. Such a path stops CRI-O on every node of the pool.

use super::api::go_quote;
use super::schema::{has_dot_dot, path_chars_ok};
use crate::api::{ContainerRuntimeConfig, StoreKind};
use crate::diag::{Diagnostic, FieldPath, Origin, Severity, Sink};
use crate::gates::{FeatureGates, Gate};
use crate::release::{Release, Rule};

/// CRI-O's `storePathMaxLength`, in bytes as Go's `len` counts.
const MAX_LENGTH: usize = 256;

pub const FATAL_NOTE: &str = "CRI-O exits at start with this (level=fatal in the journal): the API server and the MCO accept the config, so it is rolled out, and the first node that reboots into it stays NotReady, which stops the pool";
pub const LATER_NOTE: &str = "CRI-O stops at the first refused entry; it reports this one once the one before is fixed";
pub const BLOCKED_NOTE: &str =
    "CRI-O would refuse this once the API server's and the MCO's errors are fixed and the config is rolled out";

/// What CRI-O's `RuntimeConfig.Validate` returns for one `additional_artifact_stores` entry.
pub fn artifact_store_error(release: Release, path: &str) -> Option<String> {
    if !release.has(Rule::CrioArtifactStorePaths) {
        return (!path.starts_with('/'))
            .then(|| format!("additional_artifact_stores entry must be absolute: {}", go_quote(path)));
    }
    let quoted = go_quote(path);
    let problem = if path.is_empty() {
        "path must not be empty".to_owned()
    } else if path.len() > MAX_LENGTH {
        format!("path {quoted} must not exceed {MAX_LENGTH} characters")
    } else if !path_chars_ok(path) {
        format!("path {quoted} must be absolute and contain only alphanumeric characters, '/', '.', '_', and '-'")
    } else if path.ends_with('/') {
        format!("path {quoted} must not have a trailing slash")
    } else if path.contains("//") {
        format!("path {quoted} must not contain consecutive forward slashes")
    } else if has_dot_dot(path) {
        format!("path {quoted} must not contain '..' components")
    } else {
        return None;
    };
    Some(format!("additional_artifact_stores: {problem}"))
}

/// The error CRI-O exits with for these entries, as `Config.Validate` wraps it, and the index
/// of the entry it is about.
pub fn startup_error<'p>(release: Release, paths: impl IntoIterator<Item = &'p str>) -> Option<(usize, String)> {
    paths.into_iter().enumerate().find_map(|(i, p)| artifact_store_error(release, p).map(|e| (i, exit_message(&e))))
}

/// A runtime-config error as CRI-O exits with it (`Config.Validate` wraps it).
fn exit_message(error: &str) -> String {
    format!("validating runtime config: {error}")
}

/// Reports what CRI-O will refuse among the paths the API server and the MCO let through
/// (what they said about this object is in the sink from `start` on).
pub fn check(config: &ContainerRuntimeConfig, gates: &FeatureGates, start: usize, sink: &mut Sink<'_>) {
    let Some(crc) = &config.config else { return };
    if !gates.enabled(Gate::AdditionalStorageConfig) {
        // The MCO does not render the artifact stores, so CRI-O never reads them.
        return;
    }
    if crc.stores(StoreKind::Artifact).is_empty() {
        return;
    }
    let base = FieldPath::root("spec").child("containerRuntimeConfig").child(StoreKind::Artifact.field());
    let refused_fields: Vec<FieldPath> =
        sink.said_since(start).filter(|d| d.refuses()).filter_map(|d| d.field.clone()).collect();
    let refused = sink.said_since(start).any(Diagnostic::refuses);
    let mut first = true;
    for store in crc.stores(StoreKind::Artifact) {
        let (path, span) = store.path_and_span();
        let Some(error) = artifact_store_error(gates.release(), path) else { continue };
        let field = base.index(store.index).child("path");
        if refused_fields.contains(&field) {
            continue;
        }
        let message = exit_message(&error);
        let note = match (refused, first) {
            (true, _) => BLOCKED_NOTE,
            (false, true) => FATAL_NOTE,
            (false, false) => LATER_NOTE,
        };
        first = false;
        sink.push_noted(Severity::Error, Origin::Crio, Some(field), message, span, note);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// cri-o 426a51c1 `pkg/config/config_test.go`, the additional_artifact_stores cases, and the
    /// trailing-slash check from the #10298 review diff.
    #[test]
    fn latest_checks_follow_cri_o() {
        let error = |p: &str| artifact_store_error(Release::Latest, p);
        assert_eq!(error("/mnt/nfs/store1"), None);
        assert_eq!(error("/var/lib/foo..bar"), None);
        assert_eq!(error(&format!("/{}", "a".repeat(255))), None);
        assert_eq!(error("/mnt/./art"), None, "no `.` check was found in code");
        assert_eq!(error("").as_deref(), Some("additional_artifact_stores: path must not be empty"));
        assert!(error("/var/lib/../../etc").unwrap().contains("'..'"));
        assert!(error("/var/lib/store@v1").unwrap().contains("must be absolute"));
        assert!(error("./relative/path").unwrap().contains("additional_artifact_stores"));
        assert!(error("/var//lib/store").unwrap().contains("consecutive forward slashes"));
        assert!(error(&format!("/{}", "a".repeat(256))).unwrap().contains("must not exceed 256 characters"));
        assert_eq!(
            error("/mnt/art/").as_deref(),
            Some("additional_artifact_stores: path \"/mnt/art/\" must not have a trailing slash")
        );
        // The trailing slash is checked before `//`.
        assert!(error("/mnt//art/").unwrap().ends_with("must not have a trailing slash"));
    }

    /// cri-o release-1.35 41f610b2 `pkg/config/config.go`: `filepath.IsAbs` only.
    #[test]
    fn release_1_35_only_wants_absolute_paths() {
        let error = |p: &str| artifact_store_error(Release::Ocp4_22, p);
        assert_eq!(error("/mnt/art/"), None);
        assert_eq!(error("/mnt/../art"), None);
        assert_eq!(
            error("relative/path").as_deref(),
            Some("additional_artifact_stores entry must be absolute: \"relative/path\"")
        );
        assert_eq!(
            startup_error(Release::Ocp4_22, ["/ok", "", "x"]),
            Some((1, "validating runtime config: additional_artifact_stores entry must be absolute: \"\"".into()))
        );
    }
}
