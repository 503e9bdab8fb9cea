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
use crate::api::{ContainerRuntimeConfig, ContainerRuntimeConfiguration, LabelSelector, Spanned, StoreKind};
use crate::diag::{FieldPath, Origin, Severity, Sink};
use crate::paths::go_clean;
use crate::pools::read::ROLE_LABEL;
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
            let field = base.child(kind.field()).index(store.index).child("path");
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

/// The pool lookup, after the checks above. The MCO's message is kept as it is; when no pool
/// matches, ctrcfg's note ([`no_pool_note`]) lists the pools and their labels.
fn pool_failure(config: &ContainerRuntimeConfig, pools: &[Pool], valid: bool, sink: &mut Sink<'_>) {
    let field = FieldPath::root("spec").child("machineConfigPoolSelector");
    let span = config.pool_selector.as_ref().map_or(config.spec_span, |s| s.span);
    let (message, unmatched) = match pools::select(config.pool_selector.as_ref(), pools) {
        Err(e) => (format!("invalid label selector: {e}"), false),
        Ok(selected) if selected.is_empty() => {
            (format!("could not find any MachineConfigPool set for ContainerRuntimeConfig {}", config.name()), true)
        }
        Ok(_) => return,
    };
    let mut notes = Vec::new();
    if !valid {
        notes.push(LATER_NOTE.to_owned());
    }
    if unmatched {
        notes.push(no_pool_note(config.pool_selector.as_ref(), pools));
    }
    if notes.is_empty() {
        sink.push(Severity::Error, Origin::Mco, Some(field), message, span);
    } else {
        sink.push_noted(Severity::Error, Origin::Mco, Some(field), message, span, &notes.join("; "));
    }
}

/// How many pools, and labels of each, the note on a selector that matches no pool lists.
const LISTED_POOLS: usize = 8;
const LISTED_LABELS: usize = 8;

/// ctrcfg's note on a selector that matches no pool: why, and the pools there are with their
/// labels. `getPoolsForContainerRuntimeConfig` matches the selector against each pool's own
/// `metadata.labels` (`selector.Matches(labels.Set(p.Labels))`), so the MachineConfig role label,
/// which only a pool's `machineConfigSelector` reads, selects nothing.
fn no_pool_note(selector: Option<&LabelSelector>, pools: &[Pool]) -> String {
    let mut parts = Vec::new();
    match selector.filter(|s| !s.is_empty()) {
        None => parts.push("a missing or empty selector matches no pool".to_owned()),
        Some(s) => {
            let role_keyed = s.match_labels.iter().any(|(k, _)| k.value == ROLE_LABEL)
                || s.match_expressions.iter().any(|e| e.key.value == ROLE_LABEL);
            if role_keyed {
                parts.push(format!(
                    "{ROLE_LABEL} is a MachineConfig's label, not a pool's: a config selects pools by their own metadata.labels"
                ));
                parts.extend(role_hints(s, pools));
            } else {
                parts.push("no pool's own metadata.labels match the selector".to_owned());
            }
        }
    }
    parts.push(match pools.len() {
        0 => "there are no pools".to_owned(),
        _ => format!("the pools: {}", listed(pools.iter().map(pool_labels), pools.len(), LISTED_POOLS, "pools")),
    });
    parts.join("; ")
}

/// For each role the selector names: the pool label to select that pool by, or that the pool
/// has none.
fn role_hints(selector: &LabelSelector, pools: &[Pool]) -> Vec<String> {
    let mut roles: Vec<&str> = Vec::new();
    for (k, v) in &selector.match_labels {
        if k.value == ROLE_LABEL {
            roles.push(&v.value);
        }
    }
    for e in selector.match_expressions.iter().filter(|e| e.key.value == ROLE_LABEL && e.operator.value == "In") {
        roles.extend(e.values.iter().map(|v| v.value.as_str()));
    }
    let mut hints = Vec::new();
    let mut seen = Vec::new();
    for role in roles.into_iter().take(LISTED_POOLS) {
        if seen.contains(&role) {
            continue;
        }
        seen.push(role);
        let label = pools::pool_label(role);
        if pools.iter().any(|p| p.labels.iter().any(|(k, _)| *k == label)) {
            hints.push(format!("for the {role} pool select {label}: \"\""));
        } else if pools.iter().any(|p| p.name == role) {
            hints.push(format!("pool {role} has no {label} label: its admin adds one (oc label mcp {role} {label}=)"));
        }
    }
    hints
}

/// `name {key: "value", ...}`, or `name (no labels)`.
fn pool_labels(pool: &Pool) -> String {
    if pool.labels.is_empty() {
        return format!("{} (no labels)", shown_name(&pool.name));
    }
    let labels = pool.labels.iter().map(|(k, v)| format!("{}: {}", shown_name(k), go_quote(v)));
    format!("{} {{{}}}", shown_name(&pool.name), listed(labels, pool.labels.len(), LISTED_LABELS, "labels"))
}

/// A name or label key as it is when it could be one on a cluster, quoted otherwise.
fn shown_name(s: &str) -> Cow<'_, str> {
    let plain = !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '_' | '-'));
    if plain {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(go_quote(s))
    }
}

/// The first `cap` items joined with ", ", and how many more there are.
fn listed(items: impl Iterator<Item = String>, len: usize, cap: usize, noun: &str) -> String {
    let mut out: Vec<String> = items.take(cap).collect();
    if len > cap {
        out.push(format!("and {} more {noun}", len - cap));
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use crate::pools::{self, Pool};
    use crate::validate::{validate, Options};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn config(selector: &str, extra: &str) -> String {
        format!(
            "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata: {{name: c}}\nspec:\n  machineConfigPoolSelector: {selector}\n  containerRuntimeConfig: {{logLevel: info{extra}}}\n"
        )
    }

    /// The MCO's error (wording of openshift/machine-config-operator 7ff337a4,
    /// `pkg/controller/container-runtime-config/container_runtime_config_controller.go`
    /// `getPoolsForContainerRuntimeConfig`) and ctrcfg's note beside it, never inside it.
    fn lookup(selector: &str, extra: &str, pools: Vec<Pool>) -> String {
        let report = validate(&config(selector, extra), &Options { pools, ..Options::default() });
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.field.as_ref().is_some_and(|f| f.as_str() == "spec.machineConfigPoolSelector"))
            .expect("a pool lookup failure");
        assert_eq!(d.message, "could not find any MachineConfigPool set for ContainerRuntimeConfig c");
        d.note.clone().unwrap_or_default()
    }

    const DEFAULT_POOLS: &str = "the pools: master {machineconfiguration.openshift.io/mco-built-in: \"\", operator.machineconfiguration.openshift.io/required-for-upgrade: \"\", pools.operator.machineconfiguration.openshift.io/master: \"\"}, worker {machineconfiguration.openshift.io/mco-built-in: \"\", pools.operator.machineconfiguration.openshift.io/worker: \"\"}";

    /// Pools are matched on their own `metadata.labels` (`selector.Matches(labels.Set(p.Labels))`
    /// in `getPoolsForContainerRuntimeConfig`); the role label is on MachineConfigs.
    #[test]
    fn the_role_label_selects_no_pool_and_the_note_says_which_label_does() {
        let note =
            lookup("{matchLabels: {machineconfiguration.openshift.io/role: worker}}", "", pools::default_pools());
        assert_eq!(
            note,
            format!("machineconfiguration.openshift.io/role is a MachineConfig's label, not a pool's: a config selects pools by their own metadata.labels; for the worker pool select pools.operator.machineconfiguration.openshift.io/worker: \"\"; {DEFAULT_POOLS}")
        );
        let note = lookup(
            "{matchExpressions: [{key: machineconfiguration.openshift.io/role, operator: In, values: [master, worker, master]}]}",
            "",
            pools::default_pools(),
        );
        assert!(
            note.contains("for the master pool select pools.operator.machineconfiguration.openshift.io/master: \"\"; for the worker pool select pools.operator.machineconfiguration.openshift.io/worker: \"\"; the pools: "),
            "{note}"
        );
        // A custom pool nobody labelled: the note says so.
        let (pools, _) = pools::read("- {name: worker}\n- {name: infra}\n");
        let note = lookup("{matchLabels: {machineconfiguration.openshift.io/role: infra}}", "", pools);
        assert!(note.contains("pool infra has no pools.operator.machineconfiguration.openshift.io/infra label: its admin adds one (oc label mcp infra pools.operator.machineconfiguration.openshift.io/infra=); the pools: worker {machineconfiguration.openshift.io/mco-built-in: \"\", pools.operator.machineconfiguration.openshift.io/worker: \"\"}, infra (no labels)"), "{note}");
    }

    #[test]
    fn other_selectors_get_the_pools_and_their_labels() {
        let note = lookup(
            "{matchLabels: {pools.operator.machineconfiguration.openshift.io/infra: \"\"}}",
            "",
            pools::default_pools(),
        );
        assert_eq!(note, format!("no pool's own metadata.labels match the selector; {DEFAULT_POOLS}"));
        let note = lookup("{}", "", pools::default_pools());
        assert_eq!(note, format!("a missing or empty selector matches no pool; {DEFAULT_POOLS}"));
        let note = lookup("{matchLabels: {a: b}}", "", Vec::new());
        assert_eq!(note, "no pool's own metadata.labels match the selector; there are no pools");
        // An invalid config: the MCO reaches the pools only later, and both notes are kept.
        let note = lookup("{matchLabels: {a: b}}", ", pidsLimit: 5", pools::default_pools());
        assert!(note.starts_with(&format!("{}; no pool's own metadata.labels match", super::LATER_NOTE)), "{note}");
    }

    #[test]
    fn the_list_is_capped_for_large_pool_sets() {
        let many: String = (0..500).map(|i| format!("- {{name: p{i}}}\n")).collect();
        let (mut pools, _) = pools::read(&many);
        pools[0].labels = (0..20).map(|i| (format!("k{i}"), "v\n".to_owned())).collect();
        let note = lookup("{matchLabels: {a: b}}", "", pools);
        assert!(
            note.ends_with("the pools: p0 {k0: \"v\\n\", k1: \"v\\n\", k2: \"v\\n\", k3: \"v\\n\", k4: \"v\\n\", k5: \"v\\n\", k6: \"v\\n\", k7: \"v\\n\", and 12 more labels}, p1 (no labels), p2 (no labels), p3 (no labels), p4 (no labels), p5 (no labels), p6 (no labels), p7 (no labels), and 492 more pools"),
            "{note}"
        );
    }
}
