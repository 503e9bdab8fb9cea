//! What the Machine Config Operator's controller says about a config it has been given.
//!
//! Source: openshift/machine-config-operator 7ff337a4 (the same code on release-4.22 9027c94c
//! and release-5.0 d20efd9b), `pkg/controller/container-runtime-config/helpers.go`
//! `validateUserContainerRuntimeConfig` and `validateStorePath`, and
//! `container_runtime_config_controller.go` `getPoolsForContainerRuntimeConfig`. The controller
//! checks pidsLimit, logSizeMax, overlaySize, logLevel and defaultRuntime in that order and stops
//! at the first failure; only then does it check every store path (layer, image, artifact; all
//! failures joined), and only a valid config is matched to pools. It writes the failure to the
//! config's status as a `Failure` condition with the message `Error: <message>`.
//!
//! From [`Rule::McoStorePaths`] (MCO #6433, c57770ac6) `validateStorePath` also refuses more
//! than 256 bytes (before the character check) and `..` components (after the `//` check), and
//! the function then refuses a path used in two store kinds, compared after `filepath.Clean`
//! and printed as written in the later list: layer/image in image order, then for each
//! artifact store layer/artifact and image/artifact.
//!
//! ctrcfg reports every failure at once and notes those the MCO will only reach after the
//! earlier ones are fixed. These checks run whatever the feature gates say: the MCO validates
//! store paths even when it will not render them, and configs embedded in a HyperShift NodePool
//! reach it without passing the CRD, so its words are what those users meet.

use super::api::go_quote;
use super::schema::{has_dot_dot, path_chars_ok};
use crate::api::{ContainerRuntimeConfig, ContainerRuntimeConfiguration, Spanned, StoreKind};
use crate::diag::{FieldPath, Origin, Severity, Sink};
use crate::paths::go_clean;
use crate::pools::{self, Pool};
use crate::quantity::QuantityError;
use crate::release::{Release, Rule};
use crate::text::Span;
use std::borrow::Cow;

/// `minPidsLimit` in helpers.go.
pub const MIN_PIDS_LIMIT: i64 = 20;
/// `minLogSize` in helpers.go; the check is `<=`, so 8192 itself is refused.
pub const MIN_LOG_SIZE: i64 = 8192;
pub const LOG_LEVELS: [&str; 7] = ["error", "fatal", "panic", "warn", "info", "debug", "trace"];
pub const LATER_NOTE: &str = "the MCO reports this only once the failure before it is fixed";
/// `storePathMaxLength` (#6433), in bytes as Go's `len` counts.
pub const MAX_PATH_BYTES: usize = 256;

struct Failure {
    field: FieldPath,
    message: String,
    span: Span,
}

pub fn check(config: &ContainerRuntimeConfig, pools: &[Pool], release: Release, sink: &mut Sink<'_>) {
    let base = FieldPath::root("spec").child("containerRuntimeConfig");
    let mut failures = Vec::new();
    let mut scalar = false;
    if let Some(crc) = &config.config {
        scalar_failures(crc, &base, &mut failures);
        scalar = !failures.is_empty();
        store_failures(crc, &base, release, &mut failures);
        if release.has(Rule::McoStorePaths) {
            cross_kind_failures(crc, &base, &mut failures);
        }
    }
    if let Some(crc) = &config.config {
        too_large(crc, &base, sink);
    }
    let valid = failures.is_empty();
    for (i, f) in failures.into_iter().enumerate() {
        // A scalar failure returns at once; store failures are joined (`errors.Join`) and
        // reported together.
        if i == 0 || !scalar {
            sink.push(Severity::Error, Origin::Mco, Some(f.field), f.message, f.span);
        } else {
            sink.push_noted(Severity::Error, Origin::Mco, Some(f.field), f.message, f.span, LATER_NOTE);
        }
    }
    pool_failure(config, pools, valid, sink);
}

/// A quantity beyond what ctrcfg holds: an error of ctrcfg's, since it cannot render or judge
/// the value (apimachinery's arbitrary-precision path reads it).
fn too_large(crc: &ContainerRuntimeConfiguration, base: &FieldPath, sink: &mut Sink<'_>) {
    for (name, field) in [("logSizeMax", &crc.log_size_max), ("overlaySize", &crc.overlay_size)] {
        if let Some(field) = field.as_ref().filter(|f| f.value.parsed == Err(QuantityError::TooLarge)) {
            sink.push(
                Severity::Error,
                Origin::Ctrcfg,
                Some(base.child(name)),
                QuantityError::TooLarge.to_string(),
                field.span,
            );
        }
    }
}

fn scalar_failures(crc: &ContainerRuntimeConfiguration, base: &FieldPath, out: &mut Vec<Failure>) {
    let mut fail = |name: &str, message: String, span: Span| {
        out.push(Failure { field: base.child(name), message, span });
    };
    if let Some(Spanned { value, span, .. }) = &crc.pids_limit {
        if *value != 0 && *value < MIN_PIDS_LIMIT {
            fail("pidsLimit", format!("invalid PidsLimit {value}"), *span);
        }
    }
    for (name, field) in [("logSizeMax", &crc.log_size_max), ("overlaySize", &crc.overlay_size)] {
        let Some(field) = field else { continue };
        match &field.value.parsed {
            // ctrcfg's own limit, said by `too_large` with its own origin: apimachinery reads
            // such a quantity, so the MCO's verdict on it is unknown here.
            Err(QuantityError::TooLarge) => {}
            // The MCO decodes the object with a typed client: a quantity apimachinery cannot
            // parse stops it from reading the config at all.
            Err(e) => fail(name, e.to_string(), field.span),
            Ok(q) if name == "logSizeMax" && q.value() > 0 && q.value() <= MIN_LOG_SIZE => {
                fail(
                    name,
                    format!("invalid LogSizeMax {}, cannot be less than 8kB", go_quote(&q.canonical())),
                    field.span,
                );
            }
            Ok(q) if name == "overlaySize" && q.value() < 0 => {
                fail(
                    name,
                    format!("invalid overlaySize {}, cannot be less than 0", go_quote(&q.canonical())),
                    field.span,
                );
            }
            Ok(_) => {}
        }
    }
    if let Some(Spanned { value, span, .. }) = &crc.log_level {
        if !value.is_empty() && !LOG_LEVELS.contains(&value.as_str()) {
            let message = format!(
                "invalid LogLevel {}, must be one of error, fatal, panic, warn, info, debug, or trace",
                go_quote(value)
            );
            fail("logLevel", message, *span);
        }
    }
    if let Some(Spanned { value, span, .. }) = &crc.default_runtime {
        if !["", "runc", "crun"].contains(&value.as_str()) {
            fail(
                "defaultRuntime",
                format!("invalid DefaultRuntime {}, must be one of crun, runc", go_quote(value)),
                *span,
            );
        }
    }
}

fn store_failures(crc: &ContainerRuntimeConfiguration, base: &FieldPath, release: Release, out: &mut Vec<Failure>) {
    let strict = release.has(Rule::McoStorePaths);
    for kind in StoreKind::ALL {
        for store in crc.stores(kind) {
            let field = base.child(kind.field()).index(store.index).child("path");
            let (path, span) = store.path_and_span();
            let message = if path.is_empty() {
                format!("invalid {}: path must not be empty", kind.go_field())
            } else if strict && path.len() > MAX_PATH_BYTES {
                format!(
                    "invalid {} path {}: must not exceed {MAX_PATH_BYTES} characters",
                    kind.go_field(),
                    go_quote(path)
                )
            } else if !path_chars_ok(path) {
                format!(
                    "invalid {} path {}: must be an absolute path containing only alphanumeric characters, '/', '.', '_', and '-'",
                    kind.go_field(),
                    go_quote(path)
                )
            } else if path.contains("//") {
                format!(
                    "invalid {} path {}: must not contain consecutive forward slashes",
                    kind.go_field(),
                    go_quote(path)
                )
            } else if strict && has_dot_dot(path) {
                format!("invalid {} path {}: must not contain '..' components", kind.go_field(), go_quote(path))
            } else {
                continue;
            };
            out.push(Failure { field, message, span });
        }
    }
}

/// One directory in two store kinds (#6433). Every store path takes part, valid or not, as in
/// the MCO (an empty path cleans to `.` and can collide too).
fn cross_kind_failures(crc: &ContainerRuntimeConfiguration, base: &FieldPath, out: &mut Vec<Failure>) {
    let kinds_in_use = StoreKind::ALL.iter().filter(|&&k| !crc.stores(k).is_empty()).count();
    if kinds_in_use < 2 {
        return;
    }
    let cleaned = |kind: StoreKind| -> Vec<Cow<'_, str>> {
        crc.stores(kind).iter().map(|s| go_clean(s.path_and_span().0)).collect()
    };
    let (layers, images) = (cleaned(StoreKind::Layer), cleaned(StoreKind::Image));
    let mut fail = |earlier: StoreKind, later: StoreKind, index: usize| {
        let store = &crc.stores(later)[index];
        let (path, span) = store.path_and_span();
        let message =
            format!("path {} is used in both {} and {}", go_quote(path), earlier.go_field(), later.go_field());
        let field = base.child(later.field()).index(store.index).child("path");
        out.push(Failure { field, message, span });
    };
    for (i, image) in images.iter().enumerate() {
        if layers.contains(image) {
            fail(StoreKind::Layer, StoreKind::Image, i);
        }
    }
    for (i, artifact) in cleaned(StoreKind::Artifact).iter().enumerate() {
        if layers.contains(artifact) {
            fail(StoreKind::Layer, StoreKind::Artifact, i);
        }
        if images.contains(artifact) {
            fail(StoreKind::Image, StoreKind::Artifact, i);
        }
    }
}

fn pool_failure(config: &ContainerRuntimeConfig, pools: &[Pool], valid: bool, sink: &mut Sink<'_>) {
    let field = FieldPath::root("spec").child("machineConfigPoolSelector");
    let span = config.pool_selector.as_ref().map_or(config.spec_span, |s| s.span);
    let message = match pools::select(config.pool_selector.as_ref(), pools) {
        Err(e) => format!("invalid label selector: {e}"),
        Ok(selected) if selected.is_empty() => {
            format!("could not find any MachineConfigPool set for ContainerRuntimeConfig {}", config.name())
        }
        Ok(_) => return,
    };
    if valid {
        sink.push(Severity::Error, Origin::Mco, Some(field), message, span);
    } else {
        sink.push_noted(Severity::Error, Origin::Mco, Some(field), message, span, LATER_NOTE);
    }
}
