//! ctrcfg's own advice: what the API server and the MCO let pass but an admin should know.
//! Warnings and notes only, never errors.

use super::mco::{LOG_LEVELS, MIN_LOG_SIZE, MIN_PIDS_LIMIT};
use super::schema::{gate_of, path_chars_ok, quantity_pattern_ok};
use crate::api::{ContainerRuntimeConfig, ContainerRuntimeConfiguration, StoreKind};
use crate::diag::{FieldPath, Origin, Severity, Sink};
use crate::gates::{FeatureGates, Gate};
use crate::paths::{is_inside, normalize};
use crate::quantity::QuantityError;
use crate::release::{Release, Rule};
use crate::text::Span;

/// CRI-O's graphroot: `graphroot` in storage.conf, as the MCO's template sets it.
pub const GRAPHROOT: &str = "/var/lib/containers/storage";

/// Whether a store at this (normalized) path is on the node's /run, a tmpfs that every boot
/// starts empty: its directory is gone after any reboot, clean or not. `/var/run` is a symlink
/// to `/run` on RHCOS (as on every systemd distribution), so it counts too.
pub fn on_tmpfs(normal: &str) -> bool {
    ["/run", "/var/run"].iter().any(|run| normal == *run || is_inside(normal, run))
}

/// What a store under /run means on a node. An image or layer store that is missing stops CRI-O
/// (containers-storage `storage/drivers/overlay/overlay.go` stats each at start), and the MCO
/// reboots every node of the pool to apply the config, so the pool goes down on its own
/// rollout. A missing artifact store is created empty by CRI-O (libartifact `NewArtifactStore`
/// runs `MkdirAll`) and CRI-O runs on, so only its contents are lost. A warning, not an error:
/// lint never refuses, and a unit ordered before crio.service can recreate the directory,
/// which ctrcfg cannot see from the config.
fn tmpfs_message(kind: StoreKind, normal: &str) -> String {
    let run =
        if normal == "/var/run" || normal.starts_with("/var/run/") { "/var/run, a symlink to /run" } else { "/run" };
    let (store, error) = match kind {
        StoreKind::Image => ("an additional image store", "overlay: can't stat imageStore dir"),
        StoreKind::Layer => ("an additional layer store", "overlay: can't stat additionallayerstore dir"),
        StoreKind::Artifact => {
            return format!("is under {run}, a tmpfs: every reboot, clean or not, removes this directory and what it holds, the MCO's reboot to apply this config included; CRI-O recreates it empty at start (libartifact NewArtifactStore runs MkdirAll) and runs on, so its artifacts must come from the registry again");
        }
    };
    format!(
        "is under {run}, a tmpfs: every reboot, clean or not, removes this directory, and CRI-O does not start while {store} is missing (`{error}`). The MCO reboots every node of the pool to apply this config, so the first node to reboot stays NotReady and the pool goes Degraded, unless something ordered before crio.service (a tmpfiles.d entry or a systemd unit in a MachineConfig) recreates the directory; a DaemonSet cannot, it needs CRI-O running"
    )
}

/// One store path, with what lint needs to talk about it.
struct Entry<'a> {
    kind: StoreKind,
    /// The store's index in its list; its field path is built only when lint names it.
    index: usize,
    path: &'a str,
    normal: String,
    span: Span,
}

/// Advice on `config`; what the API server, the MCO and CRI-O said about it is in the sink from
/// `start` on, and lint does not repeat it.
pub fn check(config: &ContainerRuntimeConfig, gates: &FeatureGates, start: usize, sink: &mut Sink<'_>) {
    let base = FieldPath::root("spec").child("containerRuntimeConfig");
    let Some(crc) = &config.config else { return };
    let errored: Vec<FieldPath> =
        sink.said_since(start).filter(|d| d.severity == Severity::Error).filter_map(|d| d.field.clone()).collect();
    let mut lint = Lint { sink, base: &base, release: gates.release(), errored };
    lint.gated_fields(crc, gates);
    lint.scalars(crc, gates);
    if !gates.enabled(Gate::AdditionalStorageConfig) {
        // The lists have no effect at all; gated_fields said so.
        return;
    }
    if let Some(list) = crc.store_list(StoreKind::Artifact) {
        let paths: Vec<String> =
            crc.store_paths(StoreKind::Artifact).map(|p| format!("{}/artifacts", normalize(p))).collect();
        if !paths.is_empty() {
            lint.say(Severity::Info, base.child(StoreKind::Artifact.field()), format!(
                "CRI-O reads each artifact store at <path>/artifacts, not at the path itself: here {} (cri-o internal/ociartifact/store.go)",
                paths.join(", ")), list.key_span);
        }
    }
    let entries: Vec<Entry<'_>> = StoreKind::ALL
        .iter()
        .flat_map(|&kind| {
            crc.stores(kind).iter().filter_map(move |s| {
                let p = s.path.as_ref().filter(|p| path_chars_ok(&p.value))?;
                Some(Entry { kind, index: s.index, path: &p.value, normal: normalize(&p.value), span: p.span })
            })
        })
        .collect();
    lint.stores(&entries);
}

/// The most stores a config the API server accepts can have, over all three lists.
const MOST_STORES: usize =
    StoreKind::Layer.max_items() + StoreKind::Image.max_items() + StoreKind::Artifact.max_items();

struct Lint<'a, 's> {
    sink: &'a mut Sink<'s>,
    base: &'a FieldPath,
    release: Release,
    /// Fields with an error already: their paths' normal forms are no news.
    errored: Vec<FieldPath>,
}

impl Lint<'_, '_> {
    /// `spec.containerRuntimeConfig.<kind>[i].path` of a store.
    fn field(&self, e: &Entry<'_>) -> FieldPath {
        self.base.child(e.kind.field()).index(e.index).child("path")
    }

    fn say(&mut self, severity: Severity, field: FieldPath, message: String, span: Span) {
        self.sink.push(severity, Origin::Lint, Some(field), message, span);
    }

    /// A field whose gate is off is absent from that CRD variant.
    fn gated_fields(&mut self, crc: &ContainerRuntimeConfiguration, gates: &FeatureGates) {
        let mut present: Vec<(&str, Span)> =
            StoreKind::ALL.iter().filter_map(|&k| crc.store_list(k).map(|l| (k.field(), l.key_span))).collect();
        if let Some(g) = &crc.container_gomaxprocs_behavior {
            present.push(("containerGomaxprocsBehavior", g.key_span));
        }
        for (field, span) in present {
            let Some(gate) = gate_of(field).filter(|g| !gates.enabled(*g)) else { continue };
            if !gate.exists_at(gates.release()) {
                let message = format!(
                    "{} has no {field}: its gate {} starts at {}. kubectl's default --validate=strict refuses the object; with --validate=warn the server prints `Warning: unknown field \"{}\"` and drops the field",
                    gates.release().label(),
                    gate.name(),
                    gate.since().label(),
                    self.base.child(field),
                );
                self.say(Severity::Warning, self.base.child(field), message, span);
                continue;
            }
            let renders = match gate {
                Gate::AdditionalStorageConfig => "the MCO validates it but does not render it",
                Gate::GomaxprocsInjection => "the MCO does not render it in any case",
            };
            if gates.crd_has(gate) {
                let message = format!(
                    "has no effect: the feature gate {} is off, so {renders} (the {} CRD variant has the field, so the API server accepts it)",
                    gate.name(),
                    gates.set,
                );
                self.say(Severity::Warning, self.base.child(field), message, span);
                continue;
            }
            let message = format!(
                "has no effect: the feature gate {} is off in feature set {}, so this CRD variant has no {field}. \
                 kubectl's default --validate=strict refuses the object; with --validate=warn the server prints \
                 `Warning: unknown field \"{}\"` and drops the field; {renders}",
                gate.name(),
                gates.set,
                self.base.child(field),
            );
            self.say(Severity::Warning, self.base.child(field), message, span);
        }
    }

    fn scalars(&mut self, crc: &ContainerRuntimeConfiguration, gates: &FeatureGates) {
        let gomaxprocs =
            crc.container_gomaxprocs_behavior.as_ref().filter(|_| gates.enabled(Gate::GomaxprocsInjection));
        if let Some(g) = gomaxprocs {
            self.say(
                Severity::Warning,
                self.base.child("containerGomaxprocsBehavior"),
                "has no effect on nodes: the MCO does not render containerGomaxprocsBehavior (openshift/machine-config-operator 7ff337a4 does not vendor it yet)".into(),
                g.key_span,
            );
        }
        if let Some(p) = &crc.pids_limit {
            if p.value != 0 && p.value < MIN_PIDS_LIMIT {
                self.say(Severity::Info, self.base.child("pidsLimit"),
                    "the API server accepts any pidsLimit; only the MCO requires 0 or at least 20, after the config is applied".into(), p.span);
            }
        }
        if let Some(level) = &crc.log_level {
            if !level.value.is_empty() && !LOG_LEVELS.contains(&level.value.as_str()) {
                self.say(
                    Severity::Info,
                    self.base.child("logLevel"),
                    "the API server accepts any logLevel; only the MCO checks it, after the config is applied".into(),
                    level.span,
                );
            }
        }
        for (name, field) in [("logSizeMax", &crc.log_size_max), ("overlaySize", &crc.overlay_size)] {
            let Some(field) = field else { continue };
            let q = match &field.value.parsed {
                Ok(q) => q,
                Err(e)
                    if *e != QuantityError::TooLarge
                        && field.value.is_string
                        && quantity_pattern_ok(&field.value.raw) =>
                {
                    self.say(Severity::Info, self.base.child(name),
                        "the CRD's pattern accepts this text but apimachinery cannot parse it, so the API server stores it and the MCO can never read the config".into(), field.span);
                    continue;
                }
                Err(_) => continue,
            };
            let value = q.value();
            let message = match name {
                "logSizeMax" if value == MIN_LOG_SIZE => Some(format!(
                    "the MCO's message says \"cannot be less than 8kB\", but its check is `<= {MIN_LOG_SIZE}`, so exactly {} is refused too; use more than {MIN_LOG_SIZE} bytes",
                    q.canonical()
                )),
                "logSizeMax" if value < 0 => Some(format!(
                    "a negative logSizeMax means no limit; the MCO writes it as is (log_size_max = {value})"
                )),
                _ if q.is_zero() => Some(format!("{name}: 0 makes the MCO write nothing for this field, as if unset")),
                _ => None,
            };
            if let Some(message) = message {
                self.say(Severity::Info, self.base.child(name), message, field.span);
            }
        }
    }

    fn stores(&mut self, entries: &[Entry<'_>]) {
        for (i, e) in entries.iter().enumerate() {
            // A path with an error already (`//`, `..`, a trailing slash CRI-O refuses): its
            // normal form is no news.
            if e.normal != e.path && !self.errored.contains(&self.field(e)) {
                self.say(
                    Severity::Info,
                    self.field(e),
                    format!(
                        "{:?} names the directory {:?}; the API compares paths as text, so write it that way",
                        e.path, e.normal
                    ),
                    e.span,
                );
            }
            if e.normal == GRAPHROOT || is_inside(&e.normal, GRAPHROOT) {
                self.say(Severity::Warning, self.field(e), format!(
                    "is inside CRI-O's graphroot {GRAPHROOT}: when CRI-O cannot repair its storage after an unclean shutdown it removes the whole graphroot, and this {} with it; read-only stores belong outside it",
                    e.kind.noun()), e.span);
            }
            if on_tmpfs(&e.normal) {
                self.say(Severity::Warning, self.field(e), tmpfs_message(e.kind, &e.normal), e.span);
            }
            // Pairs are compared only in lists the API server can accept: past its maxItems it
            // refuses the config ("Too many"), and a 10,000-store paste stays linear.
            if entries.len() <= MOST_STORES {
                for earlier in &entries[..i] {
                    self.pair(earlier, e);
                }
            }
        }
    }

    /// What two store paths say about each other; `later` comes after `earlier` in the config.
    fn pair(&mut self, earlier: &Entry<'_>, later: &Entry<'_>) {
        let same = earlier.normal == later.normal;
        if same && earlier.kind == later.kind {
            if earlier.path != later.path {
                self.say(Severity::Warning, self.field(later), format!(
                    "is the same directory as {} ({:?}): the API's duplicate check compares text, so both are accepted and the store is listed twice",
                    self.field(earlier), earlier.path), later.span);
            }
            return;
        }
        if same && self.release.has(Rule::McoStorePaths) {
            // The MCO refuses it: `path %q is used in both ...`.
            return;
        }
        if same {
            let (severity, meaning) = match (earlier.kind, later.kind) {
                (StoreKind::Image, StoreKind::Artifact) | (StoreKind::Artifact, StoreKind::Image) => (
                    Severity::Info,
                    "the API server and the MCO allow it here: containers-storage reads images from the directory's overlay-images and overlay-layers, CRI-O reads artifacts from its artifacts subdirectory, so one read-only tree can serve both",
                ),
                _ => (
                    Severity::Warning,
                    "the API server and the MCO allow it here, but a layer store is a FUSE plugin's mount point (such as stargz-store), laid out by reference and TOC digest, not a containers-storage tree: one directory cannot usefully be both",
                ),
            };
            let newer = Rule::McoStorePaths.since().label();
            self.say(
                severity,
                self.field(later),
                format!(
                    "is also used as {} ({}): {meaning}. From {newer} on, the MCO refuses it: `path {:?} is used in both {} and {}`",
                    self.field(earlier),
                    earlier.kind.noun(),
                    later.path,
                    earlier.kind.go_field(),
                    later.kind.go_field()
                ),
                later.span,
            );
            return;
        }
        let relation = if is_inside(&later.normal, &earlier.normal) {
            "is nested inside"
        } else if is_inside(&earlier.normal, &later.normal) {
            "contains"
        } else {
            return;
        };
        self.say(Severity::Warning, self.field(later), format!(
            "{relation} {} ({:?}): nested stores share one mount and fail together, and the outer store's tree holds the inner one",
            self.field(earlier), earlier.path), later.span);
    }
}
