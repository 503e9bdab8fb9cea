//! The Scenario document: configs, pools and nodes, CRI-O settings, a registry, the virtual store
//! tree and a list of events. Reading it never fails hard: every problem is a diagnostic with the
//! field path and position, and what can be read is kept.

use super::units;
use super::vocabulary::{self, ACTIONS};
use crate::api::ContainerRuntimeConfig;
use crate::decode::Object;
use crate::diag::{Diagnostic, FieldPath, Severity};
use crate::gates::{FeatureGates, FeatureSet};
use crate::parse::{self, Kind, Node, Value};
use crate::pools::read::{list_pools, Reader};
use crate::pools::{default_pools, Pool};
use crate::release::Release;
use crate::text::Span;
use crate::validate::{check_object, Configs, Options, Stored};

pub const KIND: &str = "Scenario";
/// Most node-steps a scenario may run (events × the nodes each applies to), so that a mistyped
/// `nodeCount` cannot exhaust memory: 10,000 nodes × 1,000 events.
pub const MAX_STEPS: usize = 10_000_000;
/// Where CRI-O keeps images unless storage.conf says otherwise (the MCO's template).
pub const DEFAULT_GRAPHROOT: &str = "/var/lib/containers/storage";
/// The most layers an image may have (the OCI spec sets none; containers-storage's overlay
/// driver stacks at most 500 lower layers on a mount).
pub const MAX_LAYERS: u32 = 500;
/// Registry bandwidth when the scenario gives none (a model).
pub const DEFAULT_REGISTRY_BANDWIDTH: u64 = 100_000_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub options: Options,
    /// Configs rolled out before the first event (valid ones only).
    pub configs: Vec<ContainerRuntimeConfig>,
    /// Node names, in pool order; a node's index is its id.
    pub nodes: Vec<String>,
    pub crio: Crio,
    pub registry: Registry,
    pub storage: Vec<StoreEntry>,
    pub events: Vec<Event>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Crio {
    /// `[crio.image] oci_artifact_mount_support`. CRI-O's own default is true; OpenShift's MCO
    /// sets false, so a scenario defaults to false.
    pub oci_artifact_mount_support: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Registry {
    pub reachable: bool,
    pub range_requests: bool,
    /// Bytes per second the registry serves in all (its egress), shared by every transfer from it.
    pub bandwidth: u64,
    pub rate_limit: Option<RateLimit>,
    pub images: Vec<RegistryImage>,
    pub artifacts: Vec<RegistryArtifact>,
}

/// A registry's rate limit: at most `requests` manifest requests in each fixed window of
/// `window` seconds; a request past it is answered 429 Too Many Requests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    pub requests: u64,
    pub window: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Oci,
    Estargz,
    ZstdChunked,
    Nydus,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Oci => "oci",
            Format::Estargz => "estargz",
            Format::ZstdChunked => "zstd:chunked",
            Format::Nydus => "nydus",
        }
    }

    /// Whether its layers carry a TOC digest, which an additional layer store needs
    /// (containers/image `storage_dest.go` `tryReusingBlobAsPending`). Nydus is modelled as the
    /// enhancement describes it; whether its layers carry one is unverified.
    pub fn has_toc(self) -> bool {
        !matches!(self, Format::Oci)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RegistryImage {
    pub reference: String,
    pub format: Format,
    pub size: u64,
    /// The share of the image a container reads to start (lazy pulling fetches this much).
    pub startup_fraction: f64,
    /// How many layer blobs the image has (one unless the scenario says): a pull fetches each
    /// with its own request, up to [`super::cost::MAX_PARALLEL_DOWNLOADS`] at a time.
    pub layers: u32,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RegistryArtifact {
    pub reference: String,
    pub size: u64,
    pub files: Vec<ArtifactFile>,
    pub span: Span,
}

/// One layer of an artifact.
#[derive(Clone, Debug, PartialEq)]
pub struct ArtifactFile {
    /// `org.opencontainers.image.title`.
    pub title: Option<String>,
    /// `org.cnai.model.filepath`.
    pub filepath: Option<String>,
    pub media_type: String,
    pub size: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Medium {
    Local,
    Ssd,
    Nfs,
    Usb,
}

impl Medium {
    pub fn name(self) -> &'static str {
        match self {
            Medium::Local => "local",
            Medium::Ssd => "ssd",
            Medium::Nfs => "nfs",
            Medium::Usb => "usb",
        }
    }
}

/// A directory of the virtual store tree, on every node (or one copy all nodes share).
#[derive(Clone, Debug, PartialEq)]
pub struct StoreEntry {
    pub path: String,
    pub images: Vec<String>,
    pub artifacts: Vec<String>,
    pub medium: Medium,
    pub shared: bool,
    /// Read bandwidth; `None` takes the medium's modelled default.
    pub bandwidth: Option<u64>,
    /// A FUSE plugin serving this directory as an additional layer store (stargz-store).
    pub plugin: Option<String>,
    pub running: bool,
    pub exists: bool,
    pub read_only: bool,
    pub span: Span,
    /// Where the path was written, and the entry's field (`storage[2]`, or a variant's).
    pub path_span: Span,
    pub field: FieldPath,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PullPolicy {
    Always,
    IfNotPresent,
    Never,
}

impl PullPolicy {
    pub fn name(self) -> &'static str {
        match self {
            PullPolicy::Always => "Always",
            PullPolicy::IfNotPresent => "IfNotPresent",
            PullPolicy::Never => "Never",
        }
    }

    /// Kubernetes' default: Always for a `:latest` tag (or no tag), IfNotPresent otherwise.
    pub fn default_for(reference: &str) -> PullPolicy {
        let last = reference.rsplit('/').next().unwrap_or(reference);
        if reference.contains('@') || last.split_once(':').is_some_and(|(_, tag)| tag != "latest") {
            PullPolicy::IfNotPresent
        } else {
            PullPolicy::Always
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Volume {
    pub reference: String,
    pub policy: PullPolicy,
    pub sub_path: Option<String>,
}

/// The nodes an event applies to: every node (kept as a count, so that an event on a large
/// fleet costs nothing to hold), or a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Targets {
    All(usize),
    Some(Vec<usize>),
}

impl Targets {
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        let (all, list) = match self {
            Targets::All(n) => (0..*n, &[][..]),
            Targets::Some(list) => (0..0, list.as_slice()),
        };
        all.chain(list.iter().copied())
    }

    pub fn len(&self) -> usize {
        match self {
            Targets::All(n) => *n,
            Targets::Some(list) => list.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub action: Action,
    /// When the event starts, in seconds from the scenario's start (`at:`); without it, when
    /// every earlier event has ended.
    pub at: Option<f64>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Pull {
        reference: String,
        policy: PullPolicy,
        nodes: Targets,
    },
    PullArtifact {
        reference: String,
        policy: PullPolicy,
        nodes: Targets,
    },
    Run {
        image: String,
        policy: PullPolicy,
        volumes: Vec<Volume>,
        nodes: Targets,
    },
    Remove {
        reference: String,
        nodes: Targets,
    },
    Reboot {
        nodes: Targets,
        clean: bool,
        repair_succeeds: bool,
    },
    Fail {
        path: String,
        nodes: Targets,
    },
    Recover {
        path: String,
        nodes: Targets,
    },
    StopPlugin {
        path: String,
        nodes: Targets,
    },
    StartPlugin {
        path: String,
        nodes: Targets,
    },
    Retag {
        reference: String,
    },
    Registry {
        up: bool,
    },
    /// A config applied mid-scenario: `None` when it was refused, with the reasons.
    Apply {
        config: Option<Box<ContainerRuntimeConfig>>,
        refused: Vec<Diagnostic>,
    },
}

impl Event {
    /// How many steps the event runs: one per node it applies to, or one.
    pub fn steps(&self, scenario_nodes: usize) -> usize {
        match &self.action {
            Action::Pull { nodes, .. }
            | Action::PullArtifact { nodes, .. }
            | Action::Run { nodes, .. }
            | Action::Remove { nodes, .. }
            | Action::Reboot { nodes, .. } => nodes.len(),
            // A rollout may reboot every node.
            Action::Apply { .. } => scenario_nodes,
            _ => 1,
        }
    }
}

/// The scenario's field readers, on the reader the pools file uses too.
impl Reader {
    fn invalid(&mut self, field: &FieldPath, node: &Node, why: &str) {
        let shown = node.text().map_or_else(|| format!("\"{}\"", node.kind().as_str()), |t| format!("{t:?}"));
        self.push(Severity::Error, field.clone(), format!("Invalid value: {shown}: {why}"), node.span);
    }

    /// The entries of a map, reporting keys not in `known`; `None` (reported) for a non-map.
    fn map<'n>(&mut self, node: &'n Node, field: &FieldPath, known: &[&str]) -> Option<Vec<(&'n str, &'n Node)>> {
        let Value::Map(entries) = &node.value else {
            self.invalid(field, node, "must be an object");
            return None;
        };
        let mut out = Vec::new();
        for e in entries {
            let key = e.key.text().unwrap_or_default();
            if known.contains(&key) {
                out.push((key, &e.value));
            } else {
                self.push(
                    Severity::Error,
                    field.child(key),
                    format!("unknown field {key:?}; known: {}", known.join(", ")),
                    e.key.span,
                );
            }
        }
        Some(out)
    }

    fn string(&mut self, node: &Node, field: &FieldPath) -> Option<String> {
        match node.kind() {
            Kind::String => node.text().map(str::to_owned),
            _ => {
                self.invalid(field, node, "must be a string");
                None
            }
        }
    }

    fn boolean(&mut self, node: &Node, field: &FieldPath) -> Option<bool> {
        match (node.kind(), node.text()) {
            (Kind::Boolean, Some(t)) => {
                Some(matches!(t, "true" | "True" | "TRUE" | "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON"))
            }
            _ => {
                self.invalid(field, node, "must be true or false");
                None
            }
        }
    }

    /// A scalar read by `parse` (a size, a bandwidth, a duration); `what` names it when the
    /// node is not a scalar at all.
    fn unit<T>(
        &mut self,
        node: &Node,
        field: &FieldPath,
        what: &str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let parsed =
            node.text().filter(|_| node.as_scalar().is_some()).ok_or_else(|| format!("must be {what}")).and_then(parse);
        parsed.map_err(|why| self.invalid(field, node, &why)).ok()
    }

    fn size(&mut self, node: &Node, field: &FieldPath) -> Option<u64> {
        self.unit(node, field, "a size", units::size)
    }

    fn bandwidth(&mut self, node: &Node, field: &FieldPath) -> Option<u64> {
        self.unit(node, field, "a bandwidth", units::bandwidth)
    }

    fn duration(&mut self, node: &Node, field: &FieldPath) -> Option<f64> {
        self.unit(node, field, "a duration", units::duration)
    }

    fn strings(&mut self, node: &Node, field: &FieldPath) -> Vec<String> {
        match &node.value {
            Value::Seq(items) => {
                items.iter().enumerate().filter_map(|(i, n)| self.string(n, &field.index(i))).collect()
            }
            _ => {
                self.invalid(field, node, "must be a list of strings");
                Vec::new()
            }
        }
    }

    fn items<'n>(&mut self, node: &'n Node, field: &FieldPath) -> &'n [Node] {
        match &node.value {
            Value::Seq(items) => items,
            _ => {
                self.invalid(field, node, "must be a list");
                &[]
            }
        }
    }
}

/// One design of a scenario: with `variants:`, each variant's name and the scenario it makes
/// (the shared pools and events over its own configs, CRI-O settings, registry and store tree);
/// without, the one scenario, unnamed.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub name: Option<String>,
    pub scenario: Scenario,
}

/// Most variants a scenario may compare: each runs every event again.
pub const MAX_VARIANTS: usize = 8;

/// The scenario in `text`, and every problem with it: its first variant when it has
/// `variants:` (what a single run shows; [`read_variants`] gives them all). `None` when the text
/// holds no Scenario.
pub fn read(text: &str) -> (Option<Scenario>, Vec<Diagnostic>) {
    let (variants, diagnostics) = read_variants(text);
    (variants.into_iter().next().map(|v| v.scenario), diagnostics)
}

/// Every design of the scenario in `text` (one, unnamed, without `variants:`), and every
/// problem with it; empty when the text holds no Scenario. A problem the events have in every
/// variant is said once; one that only some variants have says which in its note.
pub fn read_variants(text: &str) -> (Vec<Variant>, Vec<Diagnostic>) {
    let parsed = parse::parse_input(text);
    let mut reader = Reader { document: 0, diagnostics: parsed.diagnostics };
    let Some((document, root)) = parsed.documents.iter().enumerate().find_map(|(i, d)| d.root.as_ref().map(|r| (i, r)))
    else {
        reader.push(
            Severity::Error,
            FieldPath::root("kind"),
            "Required value: the text holds no Scenario".into(),
            Span::at(0),
        );
        return (Vec::new(), reader.diagnostics);
    };
    reader.document = document;
    let variants = scenario(root, &mut reader);
    crate::order::sort_by(&mut reader.diagnostics, |a, b| (a.document, a.span.start).cmp(&(b.document, b.span.start)));
    (variants, reader.diagnostics)
}

/// What a variant may replace: the scenario's design, as opposed to its pools and events.
#[derive(Clone)]
struct Design {
    configs: Vec<ContainerRuntimeConfig>,
    crio: Crio,
    registry: Registry,
    storage: Vec<StoreEntry>,
}

fn scenario(root: &Node, r: &mut Reader) -> Vec<Variant> {
    let Some(entries) = r.map(root, &FieldPath::default(), &vocabulary::TOP) else { return Vec::new() };
    let get = |key: &str| entries.iter().rev().find(|(k, _)| *k == key).map(|(_, v)| *v);
    match get("kind").and_then(Node::text) {
        Some(KIND) => {}
        _ => {
            let span = get("kind").map_or(root.span, |n| n.span);
            r.push(Severity::Error, FieldPath::root("kind"), format!("Required value: must be {KIND:?}"), span);
            return Vec::new();
        }
    }
    let mut release = Release::default();
    if let Some(node) = get("openshiftVersion") {
        match node.text().and_then(Release::from_name) {
            Some(r) => release = r,
            None => {
                r.invalid(&FieldPath::root("openshiftVersion"), node, &format!("must be one of {}", Release::names()))
            }
        }
    }
    let mut gates = FeatureGates::new(FeatureSet::Default).at(release);
    if let Some(node) = get("featureSet") {
        match node.text().and_then(FeatureSet::from_name) {
            Some(set) => gates = FeatureGates::new(set).at(release),
            None => r.invalid(
                &FieldPath::root("featureSet"),
                node,
                "must be Default, TechPreviewNoUpgrade, DevPreviewNoUpgrade, OKD or CustomNoUpgrade",
            ),
        }
    }
    let pools: Vec<Pool> = match get("pools") {
        Some(node) => {
            let items = r.items(node, &FieldPath::root("pools"));
            list_pools(items, &FieldPath::root("pools"), r)
        }
        None => default_pools(),
    };
    let mut nodes: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for pool in &pools {
        for n in &pool.nodes {
            if !seen.insert(n.as_str()) {
                let span = get("pools").map_or(root.span, |p| p.span);
                r.push(
                    Severity::Error,
                    FieldPath::root("pools"),
                    format!("Duplicate value: node {n:?} is in two pools"),
                    span,
                );
            } else {
                nodes.push(n.clone());
            }
        }
    }
    let options = Options { gates, pools, stored: Stored::default() };
    let top = FieldPath::default();
    let base = Design {
        configs: get("configs").map_or_else(Vec::new, |n| configs(n, &top.child("configs"), &options, r)),
        crio: get("crio").map_or(Crio { oci_artifact_mount_support: false }, |n| crio(n, &top.child("crio"), r)),
        registry: get("registry").map_or_else(Registry::default, |n| registry(n, &top.child("registry"), r)),
        storage: get("storage").map_or_else(Vec::new, |n| store_entries(n, &top.child("storage"), r)),
    };
    let designs = match get("variants") {
        Some(node) => variants(node, &base, &options, r),
        None => vec![(None, base)],
    };
    let mut variants = Vec::new();
    let mut said: Vec<(Diagnostic, Vec<usize>)> = Vec::new();
    for (i, (name, design)) in designs.into_iter().enumerate() {
        let Design { configs, crio, registry, storage } = design;
        let mut scenario = Scenario {
            options: options.clone(),
            configs,
            nodes: nodes.clone(),
            crio,
            registry,
            storage,
            events: Vec::new(),
        };
        // The events are read against each design, since what they name (references, store
        // paths) is the design's; what they say is gathered and said once below.
        let mut own = Reader { document: r.document, diagnostics: Vec::new() };
        if let Some(node) = get("events") {
            scenario.events = events(node, &scenario, &mut own);
        }
        super::unlisted::check(&scenario, &mut own);
        for d in own.diagnostics {
            match said.iter_mut().find(|(x, _)| *x == d) {
                Some((_, in_variants)) => in_variants.push(i),
                None => said.push((d, vec![i])),
            }
        }
        variants.push(Variant { name, scenario });
    }
    let steps = variants.iter().map(|v| steps(&v.scenario)).fold(0usize, usize::saturating_add);
    if variants.len() > 1 && steps > MAX_STEPS {
        let span = get("variants").map_or(root.span, |n| n.span);
        r.push(
            Severity::Error,
            FieldPath::root("variants"),
            format!("Too many: the variants together run {steps} node-steps (each runs every event), more than the {MAX_STEPS} ctrcfg simulates"),
            span,
        );
    }
    say_once(said, &variants, r);
    variants
}

/// Says each diagnostic the variants' events gave once: as it is when every variant gave it,
/// else noting the variants that did.
fn say_once(said: Vec<(Diagnostic, Vec<usize>)>, variants: &[Variant], r: &mut Reader) {
    for (mut d, in_variants) in said {
        if in_variants.len() < variants.len() {
            let names: Vec<String> =
                in_variants.iter().filter_map(|&i| variants[i].name.as_deref()).map(|n| format!("{n:?}")).collect();
            d.add_note(format!("in variant {} only", names.join(", ")));
        }
        r.diagnostics.push(d);
    }
}

/// The node-steps a scenario's events run.
fn steps(s: &Scenario) -> usize {
    s.events.iter().map(|e| e.steps(s.nodes.len())).fold(0usize, usize::saturating_add)
}

/// The events, read against `s`, up to [`MAX_STEPS`] node-steps.
fn events(node: &Node, s: &Scenario, r: &mut Reader) -> Vec<Event> {
    let items = r.items(node, &FieldPath::root("events"));
    let mut events = Vec::new();
    let mut steps = 0usize;
    for (i, item) in items.iter().enumerate() {
        if let Some(event) = event(item, &FieldPath::root("events").index(i), s, r) {
            steps = steps.saturating_add(event.steps(s.nodes.len()));
            events.push(event);
        }
        if steps > MAX_STEPS {
            r.push(
                Severity::Error,
                FieldPath::root("events"),
                format!("Too many: the events run more than {MAX_STEPS} node-steps (events × the nodes each applies to), the most ctrcfg simulates"),
                node.span,
            );
            break;
        }
    }
    events
}

/// The `variants:` list: each a name and the design it makes from `base`, replacing what it
/// gives (its `configs`, `crio`, `registry` or `storage`) whole.
fn variants(node: &Node, base: &Design, options: &Options, r: &mut Reader) -> Vec<(Option<String>, Design)> {
    let path = FieldPath::root("variants");
    let items = r.items(node, &path);
    if items.is_empty() {
        if matches!(node.value, Value::Seq(_)) {
            r.invalid(&path, node, "must list at least one variant");
        }
        return Vec::new();
    }
    if items.len() > MAX_VARIANTS {
        r.push(
            Severity::Error,
            path.clone(),
            format!("Too many: {} variants, at most {MAX_VARIANTS}", items.len()),
            node.span,
        );
    }
    let mut out: Vec<(Option<String>, Design)> = Vec::new();
    for (i, item) in items.iter().take(MAX_VARIANTS).enumerate() {
        let path = path.index(i);
        let Some(entries) = r.map(item, &path, &vocabulary::VARIANT) else { continue };
        let mut name = None;
        let named = entries.iter().any(|(k, _)| *k == "name");
        let mut design = base.clone();
        for (key, value) in entries {
            let field = path.child(key);
            match key {
                "name" => match r.string(value, &field) {
                    Some(n) if n.trim().is_empty() => r.invalid(&field, value, "must not be empty"),
                    Some(n) if out.iter().any(|(m, _)| m.as_deref() == Some(n.as_str())) => {
                        r.push(Severity::Error, field, format!("Duplicate value: {n:?}"), value.span)
                    }
                    Some(n) => name = Some(n),
                    None => {}
                },
                "configs" => design.configs = configs(value, &field, options, r),
                "crio" => design.crio = crio(value, &field, r),
                "registry" => design.registry = registry(value, &field, r),
                _ => design.storage = store_entries(value, &field, r),
            }
        }
        match name {
            Some(name) => out.push((Some(name), design)),
            // A bad name is reported where it is read.
            None if !named => r.push(Severity::Error, path.child("name"), "Required value".into(), item.span),
            None => {}
        }
    }
    out
}

/// Configs rolled out before the first event; a scenario with a refused config does not run,
/// so every config kept is accepted.
fn configs(node: &Node, path: &FieldPath, options: &Options, r: &mut Reader) -> Vec<ContainerRuntimeConfig> {
    let mut configs = Configs::default();
    for item in r.items(node, path) {
        let object = Object { document: r.document, item: None, node: item };
        let start = r.diagnostics.len();
        if let Some(config) = check_object(&object, options, &mut r.diagnostics) {
            let accepted = !r.diagnostics[start..].iter().any(Diagnostic::refuses);
            configs.add(config, accepted, &mut r.diagnostics);
        }
    }
    configs.check(&options.pools, &mut r.diagnostics)
}

fn crio(node: &Node, path: &FieldPath, r: &mut Reader) -> Crio {
    let mut crio = Crio { oci_artifact_mount_support: false };
    for (key, value) in r.map(node, path, &vocabulary::CRIO).unwrap_or_default() {
        if key == "ociArtifactMountSupport" {
            crio.oci_artifact_mount_support = r.boolean(value, &path.child(key)).unwrap_or(false);
        }
    }
    crio
}

impl Default for Registry {
    /// A reachable registry that holds nothing, at [`DEFAULT_REGISTRY_BANDWIDTH`].
    fn default() -> Registry {
        Registry {
            reachable: true,
            range_requests: true,
            bandwidth: DEFAULT_REGISTRY_BANDWIDTH,
            rate_limit: None,
            images: Vec::new(),
            artifacts: Vec::new(),
        }
    }
}

fn registry(node: &Node, path: &FieldPath, r: &mut Reader) -> Registry {
    let mut registry = Registry::default();
    for (key, value) in r.map(node, path, &vocabulary::REGISTRY).unwrap_or_default() {
        let field = path.child(key);
        match key {
            "reachable" => registry.reachable = r.boolean(value, &field).unwrap_or(true),
            "rangeRequests" => registry.range_requests = r.boolean(value, &field).unwrap_or(true),
            "bandwidth" => registry.bandwidth = r.bandwidth(value, &field).unwrap_or(DEFAULT_REGISTRY_BANDWIDTH),
            "rateLimit" => registry.rate_limit = rate_limit(value, &field, r),
            "images" => {
                for (i, item) in r.items(value, &field).iter().enumerate() {
                    registry.images.extend(registry_image(item, &field.index(i), r));
                }
            }
            _ => {
                for (i, item) in r.items(value, &field).iter().enumerate() {
                    registry.artifacts.extend(registry_artifact(item, &field.index(i), r));
                }
            }
        }
    }
    registry
}

fn rate_limit(node: &Node, path: &FieldPath, r: &mut Reader) -> Option<RateLimit> {
    let entries = r.map(node, path, &vocabulary::RATE_LIMIT)?;
    let (mut requests, mut window) = (None, None);
    for key in vocabulary::RATE_LIMIT {
        if !entries.iter().any(|(k, _)| *k == key) {
            r.push(Severity::Error, path.child(key), "Required value".into(), node.span);
        }
    }
    for (key, value) in entries {
        let field = path.child(key);
        match key {
            "requests" => match value.text().and_then(|t| t.parse::<u64>().ok()) {
                Some(n) if n > 0 && value.kind() == Kind::Integer => requests = Some(n),
                _ => r.invalid(&field, value, "must be a whole number of requests, at least 1"),
            },
            _ => match r.duration(value, &field) {
                Some(w) if w > 0.0 => window = Some(w),
                Some(_) => r.invalid(&field, value, "must be longer than 0s"),
                None => {}
            },
        }
    }
    Some(RateLimit { requests: requests?, window: window? })
}

fn registry_image(node: &Node, path: &FieldPath, r: &mut Reader) -> Option<RegistryImage> {
    let entries = r.map(node, path, &vocabulary::IMAGE)?;
    let mut image = RegistryImage {
        reference: String::new(),
        format: Format::Oci,
        size: 0,
        startup_fraction: 1.0,
        layers: 1,
        span: node.span,
    };
    for (key, value) in entries {
        let field = path.child(key);
        match key {
            "ref" => image.reference = r.string(value, &field).unwrap_or_default(),
            "format" => match value.text() {
                Some("oci") => image.format = Format::Oci,
                Some("estargz") => image.format = Format::Estargz,
                Some("zstd:chunked") => image.format = Format::ZstdChunked,
                Some("nydus") => image.format = Format::Nydus,
                _ => r.invalid(&field, value, "must be oci, estargz, zstd:chunked or nydus"),
            },
            "size" => image.size = r.size(value, &field).unwrap_or(0),
            "layers" => match value.text().and_then(|t| t.parse::<u32>().ok()) {
                Some(n) if (1..=MAX_LAYERS).contains(&n) && value.kind() == Kind::Integer => image.layers = n,
                _ => r.invalid(&field, value, &format!("must be a whole number of layers from 1 to {MAX_LAYERS}")),
            },
            _ => match value.text().and_then(units::decimal).filter(|f| (0.0..=1.0).contains(f)) {
                Some(f) if matches!(value.kind(), Kind::Number | Kind::Integer) => image.startup_fraction = f,
                _ => r.invalid(&field, value, "must be a number from 0 to 1"),
            },
        }
    }
    if image.reference.is_empty() {
        r.push(Severity::Error, path.child("ref"), "Required value".into(), node.span);
        return None;
    }
    Some(image)
}

fn registry_artifact(node: &Node, path: &FieldPath, r: &mut Reader) -> Option<RegistryArtifact> {
    let entries = r.map(node, path, &vocabulary::ARTIFACT)?;
    let mut artifact = RegistryArtifact { reference: String::new(), size: 0, files: Vec::new(), span: node.span };
    for (key, value) in entries {
        let field = path.child(key);
        match key {
            "ref" => artifact.reference = r.string(value, &field).unwrap_or_default(),
            "size" => artifact.size = r.size(value, &field).unwrap_or(0),
            _ => {
                for (i, item) in r.items(value, &field).iter().enumerate() {
                    let field = field.index(i);
                    let Some(entries) = r.map(item, &field, &vocabulary::ARTIFACT_FILE) else {
                        continue;
                    };
                    let mut file = ArtifactFile {
                        title: None,
                        filepath: None,
                        media_type: "application/octet-stream".into(),
                        size: None,
                    };
                    for (key, value) in entries {
                        let f = field.child(key);
                        match key {
                            "title" => file.title = r.string(value, &f),
                            "filepath" => file.filepath = r.string(value, &f),
                            "mediaType" => file.media_type = r.string(value, &f).unwrap_or_default(),
                            _ => file.size = r.size(value, &f),
                        }
                    }
                    artifact.files.push(file);
                }
            }
        }
    }
    if artifact.reference.is_empty() {
        r.push(Severity::Error, path.child("ref"), "Required value".into(), node.span);
        return None;
    }
    Some(artifact)
}

fn store_entries(node: &Node, path: &FieldPath, r: &mut Reader) -> Vec<StoreEntry> {
    let mut out: Vec<StoreEntry> = Vec::new();
    for (i, item) in r.items(node, path).iter().enumerate() {
        let path = path.index(i);
        let Some(entries) = r.map(item, &path, &vocabulary::STORE) else { continue };
        let mut entry = StoreEntry {
            path: String::new(),
            images: Vec::new(),
            artifacts: Vec::new(),
            medium: Medium::Local,
            shared: false,
            bandwidth: None,
            plugin: None,
            running: true,
            exists: true,
            read_only: false,
            span: item.span,
            path_span: item.span,
            field: path.clone(),
        };
        for (key, value) in entries {
            let field = path.child(key);
            match key {
                "path" => {
                    entry.path = r.string(value, &field).unwrap_or_default();
                    entry.path_span = value.span;
                }
                "images" => entry.images = r.strings(value, &field),
                "artifacts" => entry.artifacts = r.strings(value, &field),
                "medium" => match value.text() {
                    Some("local") => entry.medium = Medium::Local,
                    Some("ssd") => entry.medium = Medium::Ssd,
                    Some("nfs") => entry.medium = Medium::Nfs,
                    Some("usb") => entry.medium = Medium::Usb,
                    _ => r.invalid(&field, value, "must be local, ssd, nfs or usb"),
                },
                "shared" => entry.shared = r.boolean(value, &field).unwrap_or(false),
                "bandwidth" => entry.bandwidth = r.bandwidth(value, &field),
                "plugin" => entry.plugin = r.string(value, &field),
                "running" => entry.running = r.boolean(value, &field).unwrap_or(true),
                "exists" => entry.exists = r.boolean(value, &field).unwrap_or(true),
                _ => entry.read_only = r.boolean(value, &field).unwrap_or(false),
            }
        }
        if !entry.path.starts_with('/') {
            r.push(
                Severity::Error,
                path.child("path"),
                format!("Invalid value: {:?}: must be an absolute path", entry.path),
                item.span,
            );
            continue;
        }
        entry.path = crate::paths::normalize(&entry.path);
        if out.iter().any(|e| e.path == entry.path) {
            r.push(Severity::Error, path.child("path"), format!("Duplicate value: {:?}", entry.path), item.span);
            continue;
        }
        out.push(entry);
    }
    out
}

fn event(node: &Node, path: &FieldPath, s: &Scenario, r: &mut Reader) -> Option<Event> {
    let known = [&ACTIONS[..], &vocabulary::EVENT_OPTIONS[..]].concat();
    let entries = r.map(node, path, &known)?;
    let get = |key: &str| entries.iter().rev().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let actions: Vec<&str> = entries.iter().map(|(k, _)| *k).filter(|k| ACTIONS.contains(k)).collect();
    let [action] = actions.as_slice() else {
        r.push(
            Severity::Error,
            path.clone(),
            format!("Invalid value: an event needs exactly one of {}; found {}", ACTIONS.join(", "), actions.len()),
            node.span,
        );
        return None;
    };
    let value = get(action)?;
    let field = path.child(action);
    let reboot_target = (*action == "reboot").then_some(value);
    let nodes = targets(get("node").or(reboot_target), get("nodes"), get("pool"), path, s, r)?;
    let policy_for = |r: &mut Reader, reference: &str| match get("pullPolicy") {
        None => Some(PullPolicy::default_for(reference)),
        Some(p) => policy(p, &path.child("pullPolicy"), r),
    };
    let action = match *action {
        "pull" | "pullArtifact" | "remove" | "retag" => {
            let reference = r.string(value, &field)?;
            known_ref(&reference, value, &field, s, r);
            match *action {
                "pull" => Action::Pull { policy: policy_for(r, &reference)?, reference, nodes },
                "pullArtifact" => Action::PullArtifact { policy: policy_for(r, &reference)?, reference, nodes },
                "remove" => Action::Remove { reference, nodes },
                _ => {
                    let in_registry = s.registry.images.iter().any(|i| i.reference == reference)
                        || s.registry.artifacts.iter().any(|a| a.reference == reference);
                    if !in_registry {
                        r.invalid(&field, value, "the registry has no such image or artifact to retag");
                        return None;
                    }
                    Action::Retag { reference }
                }
            }
        }
        "run" => run(value, &field, nodes, s, r)?,
        "reboot" => {
            let clean = match get("clean") {
                Some(c) => r.boolean(c, &path.child("clean"))?,
                None => true,
            };
            let repair_succeeds = match get("repair") {
                None => false,
                Some(v) => match v.text() {
                    Some("fails") => false,
                    Some("succeeds") => true,
                    _ => {
                        r.invalid(&path.child("repair"), v, "must be fails or succeeds");
                        return None;
                    }
                },
            };
            Action::Reboot { nodes, clean, repair_succeeds }
        }
        "fail" | "recover" | "stopPlugin" | "startPlugin" => {
            let store = crate::paths::normalize(&r.string(value, &field)?);
            let Some(entry) = s.storage.iter().find(|e| e.path == store) else {
                r.invalid(&field, value, "no such path in storage");
                return None;
            };
            if action.ends_with("Plugin") && entry.plugin.is_none() {
                r.invalid(&field, value, "this storage entry has no plugin");
                return None;
            }
            match *action {
                "fail" => Action::Fail { path: store, nodes },
                "recover" => Action::Recover { path: store, nodes },
                "stopPlugin" => Action::StopPlugin { path: store, nodes },
                _ => Action::StartPlugin { path: store, nodes },
            }
        }
        "registry" => match value.text() {
            Some("up") => Action::Registry { up: true },
            Some("down") => Action::Registry { up: false },
            _ => {
                r.invalid(&field, value, "must be up or down");
                return None;
            }
        },
        _ => {
            let object = Object { document: r.document, item: None, node: value };
            let mut found = Vec::new();
            let config = check_object(&object, &s.options, &mut found);
            // What CRI-O will refuse does not stop the apply: the nodes meet it when they
            // reboot into the config, and the diagnostic says so beside the event.
            // Its warnings and notes are said as an initial config's are.
            let (refused, said): (Vec<Diagnostic>, Vec<Diagnostic>) = found.into_iter().partition(Diagnostic::refuses);
            r.diagnostics.extend(said);
            Action::Apply { config: config.filter(|_| refused.is_empty()).map(Box::new), refused }
        }
    };
    let at = match get("at") {
        Some(v) => Some(r.duration(v, &path.child("at"))?),
        None => None,
    };
    Some(Event { action, at, span: node.span })
}

fn policy(node: &Node, field: &FieldPath, r: &mut Reader) -> Option<PullPolicy> {
    match node.text() {
        Some("Always") => Some(PullPolicy::Always),
        Some("IfNotPresent") => Some(PullPolicy::IfNotPresent),
        Some("Never") => Some(PullPolicy::Never),
        _ => {
            r.invalid(field, node, "must be Always, IfNotPresent or Never");
            None
        }
    }
}

/// Warns about a reference that neither the registry nor any store holds.
fn known_ref(reference: &str, node: &Node, field: &FieldPath, s: &Scenario, r: &mut Reader) {
    let known = s.registry.images.iter().any(|i| i.reference == reference)
        || s.registry.artifacts.iter().any(|a| a.reference == reference)
        || s.storage.iter().any(|e| e.images.iter().chain(&e.artifacts).any(|x| x == reference));
    if !known {
        r.push(
            Severity::Warning,
            field.clone(),
            format!(
                "{reference:?} is in neither registry.images, registry.artifacts nor any store: nothing can provide it"
            ),
            node.span,
        );
    }
}

/// The nodes an event applies to: `node`, `nodes` or `pool`; every node when none is given.
fn targets(
    node: Option<&Node>,
    nodes: Option<&Node>,
    pool: Option<&Node>,
    path: &FieldPath,
    s: &Scenario,
    r: &mut Reader,
) -> Option<Targets> {
    let mut names: Vec<(String, &Node, FieldPath)> = Vec::new();
    if let Some(n) = node {
        names.push((r.string(n, &path.child("node"))?, n, path.child("node")));
    }
    if let Some(list) = nodes {
        for (i, n) in r.items(list, &path.child("nodes")).iter().enumerate() {
            names.extend(r.string(n, &path.child("nodes").index(i)).map(|s| (s, n, path.child("nodes").index(i))));
        }
    }
    if let Some(p) = pool {
        let name = r.string(p, &path.child("pool"))?;
        let Some(pool) = s.options.pools.iter().find(|q| q.name == name) else {
            r.invalid(&path.child("pool"), p, "no such pool");
            return None;
        };
        let index: std::collections::HashMap<&str, usize> =
            s.nodes.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
        return Some(Targets::Some(pool.nodes.iter().filter_map(|n| index.get(n.as_str()).copied()).collect()));
    }
    if names.is_empty() {
        return Some(Targets::All(s.nodes.len()));
    }
    let mut out = Vec::new();
    for (name, n, field) in names {
        match s.nodes.iter().position(|m| *m == name) {
            Some(i) => out.push(i),
            None => {
                let known = if s.nodes.len() <= 8 { format!("; nodes: {}", s.nodes.join(", ")) } else { String::new() };
                r.invalid(&field, n, &format!("no such node{known}"));
                return None;
            }
        }
    }
    Some(Targets::Some(out))
}

fn run(value: &Node, field: &FieldPath, nodes: Targets, s: &Scenario, r: &mut Reader) -> Option<Action> {
    let entries = r.map(value, field, &vocabulary::RUN)?;
    let get = |key: &str| entries.iter().rev().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let Some(image_node) = get("image") else {
        r.push(Severity::Error, field.child("image"), "Required value".into(), value.span);
        return None;
    };
    let image = r.string(image_node, &field.child("image"))?;
    known_ref(&image, image_node, &field.child("image"), s, r);
    let image_policy = match get("pullPolicy") {
        Some(p) => policy(p, &field.child("pullPolicy"), r)?,
        None => PullPolicy::default_for(&image),
    };
    let mut volumes = Vec::new();
    if let Some(list) = get("volumes") {
        for (i, item) in r.items(list, &field.child("volumes")).iter().enumerate() {
            let vfield = field.child("volumes").index(i);
            let Some(entries) = r.map(item, &vfield, &vocabulary::VOLUME) else { continue };
            let Some((_, source)) = entries.iter().find(|(k, _)| *k == "image") else {
                r.push(
                    Severity::Error,
                    vfield.child("image"),
                    "Required value: only image volumes are modelled".into(),
                    item.span,
                );
                continue;
            };
            let ifield = vfield.child("image");
            let Some(entries) = r.map(source, &ifield, &vocabulary::VOLUME_SOURCE) else { continue };
            let mut reference = None;
            let mut vpolicy = None;
            let mut sub_path = None;
            for (key, v) in entries {
                match key {
                    "reference" => reference = r.string(v, &ifield.child(key)),
                    "pullPolicy" => vpolicy = policy(v, &ifield.child(key), r),
                    _ => sub_path = r.string(v, &ifield.child(key)),
                }
            }
            let Some(reference) = reference else {
                r.push(Severity::Error, ifield.child("reference"), "Required value".into(), source.span);
                continue;
            };
            known_ref(&reference, source, &ifield.child("reference"), s, r);
            let policy = vpolicy.unwrap_or_else(|| PullPolicy::default_for(&reference));
            volumes.push(Volume { reference, policy, sub_path });
        }
    }
    Some(Action::Run { image, policy: image_policy, volumes, nodes })
}
