//! The resolution simulator: where every image, layer and artifact comes from on each node, what
//! the registry serves, and what reboots, outages and plugin crashes do.
//!
//! It follows the upstream code (containers-storage, containers/image, CRI-O, the kubelet), which
//! in several places is not what the enhancement text says; those places are said in the trace.
//! Each node's configuration is read from the files the MCO renders for its pool (`merge`), never
//! from the raw configs, so whatever a multi-config merge loses is lost here too. Sizes and
//! durations come from the cost model in [`cost`], and the output labels them as modelled.
//! The simulation is pure and deterministic: the same scenario always gives the same result.

mod artifacts;
pub mod compare;
pub mod cost;
pub mod flow;
pub mod groups;
mod images;
mod lifecycle;
pub mod node_list;
pub mod output;
pub mod percentile;
pub mod requests;
pub mod scenario;
mod schedule;
pub mod timeline;
pub mod trace;
pub mod units;
mod unlisted;
pub mod vocabulary;
pub mod world;

use crate::api::ContainerRuntimeConfig;
use crate::diag::Diagnostic;
use crate::release::Release;
use crate::text::Span;
use cost::Stage;
use requests::Requests;
use scenario::{Action, Format, PullPolicy, Scenario, Volume};
use trace::Trace;
use world::{Gen, Layers, LocalImage, Node, NodeConfig, RefId, Refs, StoreId, Stores};

/// Where a step found what it needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The node's own store under the graphroot (images, and artifacts at `<graphroot>/artifacts`).
    DefaultStore,
    AdditionalImageStore(StoreId),
    AdditionalLayerStore(StoreId),
    AdditionalArtifactStore(StoreId),
    Registry,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Error,
}

/// A file an image volume shows the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountedFile {
    pub path: String,
    pub size: Option<u64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mount {
    pub reference: RefId,
    /// `None` for an image (its root file system), the files for an artifact.
    pub files: Option<Vec<MountedFile>>,
}

/// What a step is: the event it comes from, or CRI-O's first start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    Start,
    Pull,
    PullArtifact,
    Run,
    Remove,
    Reboot,
    Fail,
    Recover,
    StopPlugin,
    StartPlugin,
    Retag,
    Registry,
    Apply,
}

impl StepKind {
    /// The event's name as the scenario spells it (`start` for CRI-O's first start): what the
    /// outputs print.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Start => "start",
            StepKind::Pull => "pull",
            StepKind::PullArtifact => "pullArtifact",
            StepKind::Run => "run",
            StepKind::Remove => "remove",
            StepKind::Reboot => "reboot",
            StepKind::Fail => "fail",
            StepKind::Recover => "recover",
            StepKind::StopPlugin => "stopPlugin",
            StepKind::StartPlugin => "startPlugin",
            StepKind::Retag => "retag",
            StepKind::Registry => "registry",
            StepKind::Apply => "apply",
        }
    }
}

impl std::fmt::Display for StepKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a step did, as the resolution pass decided it: the same for every node of an event
/// that took the same path, so those steps share one ([`Step`] holds it behind an `Arc`).
#[derive(Debug)]
struct Facts {
    reference: Option<RefId>,
    source: Option<Source>,
    registry_bytes: u64,
    requests: Requests,
    /// The step's lines in [`Simulation::traces`].
    trace: std::ops::Range<u32>,
    message: String,
    mounts: Vec<Mount>,
}

/// Field by field, the message only when there is one: most steps have none, and a million
/// calls of `memcmp` on empty strings (what `String`'s own `==` makes) were a fifth of a fleet's
/// time in `perf` (BENCHMARKS.md, issue 15's speed).
impl PartialEq for Facts {
    fn eq(&self, other: &Facts) -> bool {
        self.reference == other.reference
            && self.source == other.source
            && self.registry_bytes == other.registry_bytes
            && self.requests == other.requests
            && self.trace == other.trace
            && self.message.len() == other.message.len()
            && (self.message.is_empty() || self.message == other.message)
            && self.mounts == other.mounts
    }
}

/// An index that may be absent, in 4 bytes: `u32::MAX` is none. The scenario reader's limits
/// (10,000 nodes, [`scenario::MAX_STEPS`]) keep every node and event index far below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Index32(u32);

impl Index32 {
    const NONE: Index32 = Index32(u32::MAX);

    fn new(i: Option<usize>) -> Index32 {
        i.and_then(|i| u32::try_from(i).ok()).map_or(Index32::NONE, Index32)
    }

    fn get(self) -> Option<usize> {
        (self != Index32::NONE).then_some(self.0 as usize)
    }
}

/// One step on one node (or on none), as the resolution and time passes left it.
///
/// A fleet has a step per node per event (a million for 10,000 nodes × 100 pulls), and
/// writing, faulting in and reading the steps was most of a large simulation's time, so a step
/// is kept small (40 bytes on 64-bit targets, from 216; a test holds it there). It holds only
/// what differs from node to node (its node, its times, its 429s) and what every reader filters
/// on (kind, outcome); what the resolution decided (reference, source, bytes, requests, trace,
/// message, mounts) is shared with every step of the event that did the same, and read through
/// accessors. The index, the duration and the event's place in the text are not stored (the
/// step's place in [`Simulation::steps`], [`Step::seconds`], [`Simulation::span`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    event: Index32,
    node: Index32,
    pub kind: StepKind,
    pub outcome: Outcome,
    /// Served lazily: a layer store's plugin fetches the image's data on demand.
    pub lazy: bool,
    /// How often the registry answered 429 Too Many Requests before serving it.
    pub throttled: u32,
    /// When the step started and ended, in modelled seconds from the scenario's start
    /// ([`schedule`]): it starts with its event, or when its node's earlier step ends.
    pub start: f64,
    pub end: f64,
    facts: std::sync::Arc<Facts>,
}

impl Step {
    /// The event's index in the scenario; `None` for CRI-O's first start.
    pub fn event(&self) -> Option<usize> {
        self.event.get()
    }

    /// The node it ran on; `None` for a step about the cluster (an apply, a store failing).
    pub fn node(&self) -> Option<usize> {
        self.node.get()
    }

    /// The image or artifact it was about.
    pub fn reference(&self) -> Option<RefId> {
        self.facts.reference
    }

    /// Where it found what it needed, when it looked.
    pub fn source(&self) -> Option<Source> {
        self.facts.source
    }

    /// What the registry served it.
    pub fn registry_bytes(&self) -> u64 {
        self.facts.registry_bytes
    }

    /// What it asked the registry for.
    pub fn requests(&self) -> &Requests {
        &self.facts.requests
    }

    /// Modelled duration of the step: `end - start`, waiting for bandwidth included.
    pub fn seconds(&self) -> f64 {
        self.end - self.start
    }

    /// What the step says in words (an error, or what happened); empty for most steps.
    pub fn message(&self) -> &str {
        &self.facts.message
    }

    /// The image volumes a container start mounted.
    pub fn mounts(&self) -> &[Mount] {
        &self.facts.mounts
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeMetrics {
    pub registry_bytes: u64,
    /// The node's steps' durations added up.
    pub seconds: f64,
    pub requests: Requests,
    /// When its last step ended.
    pub finished: f64,
}

/// What a directory of a node's store tree is to CRI-O.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreRole {
    Graphroot,
    ImageStore,
    LayerStore,
    ArtifactStore,
}

/// One directory of a node's store tree ([`Simulation::store_tree`]).
#[derive(Clone, Debug, PartialEq)]
pub struct TreeStore {
    pub role: StoreRole,
    pub path: String,
    /// The directory in [`Simulation::stores`] (mount, plugin, medium); `None` for a graphroot
    /// the scenario does not describe.
    pub store: Option<StoreId>,
    /// Image records with their generation and where their layers live; for a layer store,
    /// the images whose layers it serves.
    pub images: Vec<(RefId, Gen, Layers)>,
    pub artifacts: Vec<(RefId, Gen)>,
}

/// The result of a simulation.
#[derive(Clone, Debug)]
pub struct Simulation {
    pub steps: Vec<Step>,
    pub traces: Vec<Trace>,
    /// The words of `Trace::Text` lines.
    pub texts: Vec<String>,
    pub nodes: Vec<Node>,
    pub per_node: Vec<NodeMetrics>,
    /// The scenario's pool names, which [`Node::pool`] indexes.
    pub pools: Vec<String>,
    /// How often each source served a step (stores and the registry).
    pub hits: Vec<(Source, u64)>,
    pub diagnostics: Vec<Diagnostic>,
    pub refs: Refs,
    pub stores: Stores,
    /// False when the scenario had errors and nothing ran.
    pub ran: bool,
    /// The OpenShift level the scenario names (`openshiftVersion`); `None` when the text held
    /// no Scenario.
    pub release: Option<Release>,
    /// Per pool and image: when p50, p95 and all of its nodes had the image and ran it.
    pub timings: Vec<timeline::PoolTiming>,
    /// Each event's place in the scenario's text, by event index ([`Simulation::span`]).
    pub spans: Vec<Span>,
}

impl Simulation {
    pub fn trace(&self, step: &Step) -> &[Trace] {
        let lines = &step.facts.trace;
        self.traces.get(lines.start as usize..lines.end as usize).unwrap_or_default()
    }

    /// Where the step's event is in the scenario's text; nowhere for CRI-O's first start.
    pub fn span(&self, step: &Step) -> Span {
        step.event().and_then(|e| self.spans.get(e)).copied().unwrap_or_default()
    }

    /// What `crictl images` lists as artifacts on node `n`: the read-only stores first, in
    /// order, then the main store, de-duplicated by reference with the first (read-only) copy
    /// winning (cri-o `internal/ociartifact/store.go` `List`).
    pub fn listed_artifacts(&self, n: usize) -> Vec<(RefId, Source)> {
        let node = &self.nodes[n];
        let mut out: Vec<(RefId, Source)> = Vec::new();
        for &id in &node.artifact_stores {
            for &(r, _) in self.stores.all[id].artifact_list(n) {
                if !out.iter().any(|(x, _)| *x == r) {
                    out.push((r, Source::AdditionalArtifactStore(id)));
                }
            }
        }
        for (r, _) in node.artifacts() {
            if !out.iter().any(|(x, _)| *x == r) {
                out.push((r, Source::DefaultStore));
            }
        }
        out
    }

    /// A step's trace in words.
    pub fn trace_lines(&self, step: &Step) -> impl Iterator<Item = String> + '_ {
        self.trace(step).iter().map(|t| t.render(&self.refs, &self.stores, &self.texts))
    }

    /// Node `n`'s store tree as its configuration names it: the graphroot (its images, and the
    /// artifacts in `<graphroot>/artifacts`), then each additional image, layer and artifact
    /// store in configuration order, with what each holds for the node now. An out-of-range
    /// node has no tree.
    pub fn store_tree(&self, n: usize) -> Vec<TreeStore> {
        let Some(node) = self.nodes.get(n) else { return Vec::new() };
        let config = &node.config;
        let mut tree = vec![TreeStore {
            role: StoreRole::Graphroot,
            path: config.graphroot.clone(),
            store: self.stores.find(&config.graphroot),
            images: node.images().map(|(r, i)| (r, i.generation, i.layers)).collect(),
            artifacts: node.artifacts().collect(),
        }];
        let paths = config.image_stores.iter().map(|p| (StoreRole::ImageStore, p));
        let paths = paths.chain(config.layer_stores.iter().map(|(p, _)| (StoreRole::LayerStore, p)));
        let paths = paths.chain(config.artifact_stores.iter().map(|p| (StoreRole::ArtifactStore, p)));
        for (role, path) in paths {
            let store = self.stores.find(path);
            let held = store.map(|id| &self.stores.all[id]);
            let images = match (role, store) {
                // A layer store holds no image records: it serves the layers of those that name it.
                (StoreRole::LayerStore, Some(id)) => node
                    .images()
                    .filter(|(_, i)| i.layers == Layers::Lazy(id as u32))
                    .map(|(r, i)| (r, i.generation, i.layers))
                    .collect(),
                _ => held.map_or(Vec::new(), |s| s.images_on(n).iter().map(|&(r, g)| (r, g, Layers::Own)).collect()),
            };
            let artifacts = held.map_or(Vec::new(), |s| s.artifacts_on(n).to_vec());
            tree.push(TreeStore { role, path: path.clone(), store, images, artifacts });
        }
        tree
    }

    pub fn registry_bytes(&self) -> u64 {
        self.per_node.iter().fold(0u64, |sum, m| sum.saturating_add(m.registry_bytes))
    }

    /// Every request the registry saw (the steps on no node make none).
    pub fn requests(&self) -> Requests {
        let mut all = Requests::default();
        for m in &self.per_node {
            all.add(&m.requests);
        }
        all
    }

    /// When the last step ended.
    pub fn makespan(&self) -> f64 {
        self.steps.iter().fold(0.0, |t, s| if s.end > t { s.end } else { t })
    }

    pub fn source_label(&self, source: Source) -> String {
        let path = |s: StoreId| self.stores.all.get(s).map_or("?", |s| s.path.as_str());
        match source {
            Source::DefaultStore => "defaultStore".into(),
            Source::AdditionalImageStore(s) => format!("additionalImageStore:{}", path(s)),
            Source::AdditionalLayerStore(s) => format!("additionalLayerStore:{}", path(s)),
            Source::AdditionalArtifactStore(s) => format!("additionalArtifactStore:{}", path(s)),
            Source::Registry => "registry".into(),
        }
    }
}

/// Reads and runs the scenario in `text`. A scenario with errors is not run.
pub fn simulate(text: &str) -> Simulation {
    simulate_events(text, true)
}

/// The cluster as the scenario starts it, before its first event: the store tree it describes
/// and CRI-O's first start on each node (what a "before" picture shows next to [`simulate`]'s
/// "after").
pub fn simulate_start(text: &str) -> Simulation {
    simulate_events(text, false)
}

fn simulate_events(text: &str, events: bool) -> Simulation {
    let (scenario, diagnostics) = scenario::read(text);
    // A config CRI-O will refuse is a result to show, not a reason not to run.
    let errors = crate::diag::refused(&diagnostics);
    let release = scenario.as_ref().map(|s| s.options.gates.release());
    match scenario {
        Some(s) if !errors => {
            let mut world = World::new(&s);
            world.start_all();
            if events {
                world.run();
            }
            world.finish(diagnostics)
        }
        _ => Simulation {
            steps: Vec::new(),
            traces: Vec::new(),
            texts: Vec::new(),
            nodes: Vec::new(),
            per_node: Vec::new(),
            pools: Vec::new(),
            hits: Vec::new(),
            diagnostics,
            refs: Refs::default(),
            stores: Stores::default(),
            ran: false,
            release,
            timings: Vec::new(),
            spans: Vec::new(),
        },
    }
}

/// Each pool's effective files as (path, contents), in pool order.
fn files_of(plan: &crate::merge::Plan) -> Vec<Vec<(String, String)>> {
    plan.pools
        .iter()
        .map(|p| p.effective_files.iter().map(|e| (e.file.path.clone(), e.file.contents.clone())).collect())
        .collect()
}

/// Each node's pool (the first that lists it), by node index, in one pass.
fn node_pools(s: &Scenario) -> Vec<Option<usize>> {
    let index: std::collections::HashMap<&str, usize> =
        s.nodes.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let mut pools = vec![None; s.nodes.len()];
    for (p, pool) in s.options.pools.iter().enumerate() {
        for name in &pool.nodes {
            if let Some(&i) = index.get(name.as_str()) {
                pools[i].get_or_insert(p);
            }
        }
    }
    pools
}

/// What the registry holds for a reference.
#[derive(Clone, Copy, Debug)]
enum Held {
    Image(usize),
    Artifact(usize),
}

struct World<'s> {
    s: &'s Scenario,
    refs: Refs,
    stores: Stores,
    nodes: Vec<Node>,
    /// Per reference: what the registry holds, and the generation its tag points at.
    registry: Vec<Option<(Held, Gen)>>,
    registry_up: bool,
    configs: Vec<ContainerRuntimeConfig>,
    steps: Vec<Step>,
    traces: Vec<Trace>,
    texts: Vec<String>,
    /// The trace buffer drafts reuse, so that a step allocates nothing for its lines.
    scratch: Vec<Trace>,
    per_node: Vec<NodeMetrics>,
    hits: Vec<(Source, u64)>,
    /// Each pool's files under the configs in force: a pool reboots when they change.
    pool_files: Vec<Vec<(String, String)>>,
    /// Each step's work in time, for [`schedule`]; the ids of the distinct works; the stage
    /// buffer drafts reuse.
    work: schedule::Work,
    shape_ids: std::collections::HashMap<Vec<StageKey>, u32>,
    stage_scratch: Vec<Stage>,
    /// The facts of the last few distinct steps, most recent first: the steps of an event that
    /// did the same share them ([`Step`]).
    recent: Vec<std::sync::Arc<Facts>>,
}

/// How many recent facts a new step is compared with: an event's nodes take few paths, and
/// mostly in runs (the nodes of a pool are consecutive).
const RECENT_FACTS: usize = 4;

/// A stage as a hashable key (its seconds by their bits), for interning works.
type StageKey = (u8, u64, u64, u32);

fn stage_key(s: &Stage) -> StageKey {
    match *s {
        Stage::Wait(x) => (0, x.to_bits(), 0, 0),
        Stage::Manifest => (1, 0, 0, 0),
        Stage::Transfer { bytes, from: cost::From::Registry, streams } => (2, bytes, 0, streams),
        Stage::Transfer { bytes, from: cost::From::Store(id), streams } => (3, bytes, u64::from(id), streams),
    }
}

/// A step being built.
struct Draft {
    trace: Vec<Trace>,
    bytes: u64,
    /// Its work in time, run by [`schedule`] once every step is known.
    stages: Vec<Stage>,
    requests: Requests,
    source: Option<Source>,
    lazy: bool,
    mounts: Vec<Mount>,
}

impl Draft {
    fn new(mut trace: Vec<Trace>, mut stages: Vec<Stage>) -> Draft {
        trace.clear();
        stages.clear();
        Draft { trace, bytes: 0, stages, requests: Requests::default(), source: None, lazy: false, mounts: Vec::new() }
    }

    fn wait(&mut self, seconds: f64) {
        if seconds > 0.0 {
            self.stages.push(Stage::Wait(seconds));
        }
    }

    /// `bytes` from the registry, in `streams` connections at once.
    fn download(&mut self, bytes: u64, streams: u32) {
        self.stages.push(Stage::Transfer { bytes, from: cost::From::Registry, streams });
    }
}

type Result<T> = std::result::Result<T, String>;

impl<'s> World<'s> {
    fn new(s: &'s Scenario) -> World<'s> {
        let mut refs = Refs::default();
        let mut registry = Vec::new();
        for (i, image) in s.registry.images.iter().enumerate() {
            let id = refs.id(&image.reference) as usize;
            registry.resize(registry.len().max(id + 1), None);
            registry[id] = Some((Held::Image(i), 0));
        }
        for (i, artifact) in s.registry.artifacts.iter().enumerate() {
            let id = refs.id(&artifact.reference) as usize;
            registry.resize(registry.len().max(id + 1), None);
            registry[id] = Some((Held::Artifact(i), 0));
        }
        let stores = Stores::new(&s.storage, s.nodes.len(), &mut refs);
        let (pool_configs, plan) = world::pool_configs(s, &s.configs);
        let pool_of = node_pools(s);
        let nodes = s
            .nodes
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let pool = pool_of[i];
                let config =
                    pool.and_then(|p| pool_configs.get(p).cloned()).unwrap_or_else(|| NodeConfig::from_files(&[]));
                Node::new(name.clone(), pool, config).with_refs(refs.names.len())
            })
            .collect();
        // The steps to come, known from the events (at most MAX_STEPS, the reader's limit), so
        // that a fleet's steps are allocated once rather than copied as they grow.
        let expected = s
            .events
            .iter()
            .fold(s.nodes.len(), |sum, e| sum.saturating_add(e.steps(s.nodes.len())))
            .min(scenario::MAX_STEPS.saturating_add(s.nodes.len()));
        let mut world = World {
            s,
            refs,
            stores,
            nodes,
            registry,
            registry_up: s.registry.reachable,
            configs: s.configs.clone(),
            steps: Vec::with_capacity(expected),
            traces: Vec::new(),
            texts: Vec::new(),
            scratch: Vec::new(),
            per_node: vec![NodeMetrics::default(); s.nodes.len()],
            hits: Vec::new(),
            pool_files: files_of(&plan),
            work: schedule::Work {
                shape_of: Vec::with_capacity(expected),
                events: vec![(0, 0); s.events.len()],
                at: s.events.iter().map(|e| e.at).collect(),
                ..Default::default()
            },
            shape_ids: std::collections::HashMap::new(),
            stage_scratch: Vec::new(),
            recent: Vec::with_capacity(RECENT_FACTS),
        };
        for n in 0..world.nodes.len() {
            // The graphroot may be pre-filled, like any other directory of the tree.
            if let Some(root) = world.stores.find(&world.nodes[n].config.graphroot) {
                let store = &world.stores.all[root];
                let slot = if store.shared { 0 } else { n };
                let images = store.images[slot].clone();
                let artifacts = store.artifacts[slot].clone();
                for (r, generation) in images {
                    world.nodes[n].set_image(r, LocalImage { generation, layers: Layers::Own });
                }
                for (r, generation) in artifacts {
                    world.nodes[n].set_artifact(r, generation);
                }
            }
        }
        world
    }

    /// CRI-O's first start on every node. A node whose start has something to say (it failed,
    /// or skipped or created an artifact store) gets a `start` step before the first event.
    fn start_all(&mut self) {
        for n in 0..self.nodes.len() {
            let mut d = self.draft();
            let notable = self.start_crio(n, &mut d.trace);
            if notable {
                let result = match &self.nodes[n].crio {
                    Ok(()) => Ok(String::new()),
                    Err(e) => Err(format!("CRI-O cannot start: {e}")),
                };
                self.push(None, StepKind::Start, Some(n), None, d, result);
            } else {
                self.scratch = d.trace;
            }
        }
    }

    fn finish(mut self, mut diagnostics: Vec<Diagnostic>) -> Simulation {
        let bandwidths: Vec<u64> = self.stores.all.iter().map(|s| s.bandwidth).collect();
        let caps = schedule::Capacities {
            registry: self.s.registry.bandwidth,
            stores: &bandwidths,
            rate_limit: self.s.registry.rate_limit,
            nodes: self.nodes.len(),
        };
        let stopped = schedule::run(&self.work, &caps, &mut self.steps);
        if let Some(why) = stopped {
            diagnostics.push(Diagnostic {
                severity: crate::diag::Severity::Warning,
                origin: crate::diag::Origin::Ctrcfg,
                field: Some(crate::diag::FieldPath::root("events")),
                message: format!("{why}: the steps left unfinished end there, and later times are not modelled"),
                document: 0,
                span: Span::default(),
                note: None,
            });
        }
        // One pass over the timed steps: the nodes' totals, the pools' timings.
        let mut timings = timeline::Collector::new(&self.nodes, self.s);
        for st in &self.steps {
            if let Some(m) = st.node().and_then(|n| self.per_node.get_mut(n)) {
                m.seconds += st.seconds();
                m.finished = m.finished.max(st.end);
            }
            timings.add(st);
        }
        let timings = timings.finish();
        Simulation {
            timings,
            steps: self.steps,
            traces: self.traces,
            texts: self.texts,
            nodes: self.nodes,
            per_node: self.per_node,
            pools: self.s.options.pools.iter().map(|p| p.name.clone()).collect(),
            hits: self.hits,
            diagnostics,
            refs: self.refs,
            stores: self.stores,
            ran: true,
            release: Some(self.s.options.gates.release()),
            spans: self.s.events.iter().map(|e| e.span).collect(),
        }
    }

    fn run(&mut self) {
        let s = self.s;
        for (e, event) in s.events.iter().enumerate() {
            match &event.action {
                Action::Pull { reference, policy, nodes } => {
                    let r = self.refs.id(reference);
                    for n in nodes.iter() {
                        let mut d = self.draft();
                        let result = self.on_node(n).and_then(|()| self.ensure_image(n, r, *policy, &mut d));
                        self.push(Some(e), StepKind::Pull, Some(n), Some(r), d, result.map(|()| String::new()));
                    }
                }
                Action::PullArtifact { reference, policy, nodes } => {
                    let r = self.refs.id(reference);
                    for n in nodes.iter() {
                        let mut d = self.draft();
                        let result = self.on_node(n).and_then(|()| self.ensure_artifact(n, r, *policy, &mut d));
                        self.push(Some(e), StepKind::PullArtifact, Some(n), Some(r), d, result.map(|()| String::new()));
                    }
                }
                Action::Run { image, policy, volumes, nodes } => {
                    let r = self.refs.id(image);
                    for n in nodes.iter() {
                        let mut d = self.draft();
                        let result = self.on_node(n).and_then(|()| self.run_container(n, r, *policy, volumes, &mut d));
                        self.push(Some(e), StepKind::Run, Some(n), Some(r), d, result);
                    }
                }
                Action::Remove { reference, nodes } => {
                    let r = self.refs.id(reference);
                    for n in nodes.iter() {
                        let mut d = self.draft();
                        let result = self.on_node(n).map(|()| self.remove(n, r, &mut d));
                        self.push(Some(e), StepKind::Remove, Some(n), Some(r), d, result);
                    }
                }
                Action::Reboot { nodes, clean, repair_succeeds } => {
                    for n in nodes.iter() {
                        let mut d = self.draft();
                        d.wait(cost::REBOOT_SECONDS);
                        let result = self.reboot(n, *clean, *repair_succeeds, &mut d.trace);
                        self.push(Some(e), StepKind::Reboot, Some(n), None, d, result);
                    }
                }
                Action::Fail { path, nodes } | Action::Recover { path, nodes } => {
                    let up = matches!(event.action, Action::Recover { .. });
                    let kind = if up { StepKind::Recover } else { StepKind::Fail };
                    let id = self.stores.ensure(path, s.nodes.len());
                    let store = &mut self.stores.all[id];
                    let affected: Vec<usize> =
                        if store.shared { (0..s.nodes.len()).collect() } else { nodes.iter().collect() };
                    for &n in &affected {
                        store.set_mounted(n, up);
                    }
                    let what = if up { "is back" } else { "has failed: it looks empty and is skipped" };
                    let scope = if store.shared {
                        format!("shared by all {} nodes", affected.len())
                    } else {
                        format!("on {} node(s)", affected.len())
                    };
                    let message = format!("{path} ({}, {scope}) {what}", store.medium.name());
                    let d = self.draft();
                    self.push(Some(e), kind, None, None, d, Ok(message));
                }
                Action::StopPlugin { path, nodes } | Action::StartPlugin { path, nodes } => {
                    let on = matches!(event.action, Action::StartPlugin { .. });
                    let id = self.stores.ensure(path, s.nodes.len());
                    for n in nodes.iter() {
                        self.stores.all[id].set_running(n, on);
                    }
                    let count = if self.stores.all[id].shared { s.nodes.len() } else { nodes.len() };
                    let plugin = self.stores.all[id].plugin.clone().unwrap_or_default();
                    let message = if on {
                        format!("{plugin} serves {path} again on {count} node(s)")
                    } else {
                        format!("{plugin} stopped on {} node(s): {path} is an empty directory; layers it served are unreachable", nodes.len())
                    };
                    let d = self.draft();
                    self.push(
                        Some(e),
                        if on { StepKind::StartPlugin } else { StepKind::StopPlugin },
                        None,
                        None,
                        d,
                        Ok(message),
                    );
                }
                Action::Retag { reference } => {
                    let r = self.refs.id(reference);
                    let mut generation = 0;
                    if let Some(Some((_, g))) = self.registry.get_mut(r as usize) {
                        *g += 1;
                        generation = *g;
                    }
                    let message = format!("the registry moved {reference} to new content (generation {generation})");
                    let d = self.draft();
                    self.push(Some(e), StepKind::Retag, None, Some(r), d, Ok(message));
                }
                Action::Registry { up } => {
                    self.registry_up = *up;
                    let message = if *up {
                        "the registry is reachable"
                    } else {
                        "the registry is unreachable (down or air-gapped)"
                    };
                    let d = self.draft();
                    self.push(Some(e), StepKind::Registry, None, None, d, Ok(message.into()));
                }
                Action::Apply { config, refused } => {
                    let mut d = self.draft();
                    let result = match config {
                        Some(c) => self.apply((**c).clone(), &mut d),
                        None => Err(format!(
                            "the config is refused, nothing rolls out: {}",
                            refused
                                .iter()
                                .map(|x| format!("{} [{}]", x.display_message(), x.origin.as_str()))
                                .collect::<Vec<_>>()
                                .join("; ")
                        )),
                    };
                    self.push(Some(e), StepKind::Apply, None, None, d, result);
                }
            }
        }
    }

    /// A trace line worded now.
    fn text(&mut self, line: String) -> Trace {
        self.texts.push(line);
        Trace::Text(self.texts.len() as u32 - 1)
    }

    fn draft(&mut self) -> Draft {
        Draft::new(std::mem::take(&mut self.scratch), std::mem::take(&mut self.stage_scratch))
    }

    /// The id of a work, the same for the same stages: the last one is checked first, since
    /// the steps of one event mostly do the same.
    fn intern(&mut self, stages: &[Stage]) -> u32 {
        let work = &mut self.work;
        if let Some(&last) = work.shape_of.last() {
            if work.shapes[last as usize] == stages {
                return last;
            }
        }
        let key: Vec<StageKey> = stages.iter().map(stage_key).collect();
        if let Some(&id) = self.shape_ids.get(&key) {
            return id;
        }
        let id = work.shapes.len() as u32;
        work.shapes.push(stages.to_vec());
        self.shape_ids.insert(key, id);
        id
    }

    fn push(
        &mut self,
        event: Option<usize>,
        kind: StepKind,
        node: Option<usize>,
        reference: Option<RefId>,
        mut d: Draft,
        result: Result<String>,
    ) {
        let (outcome, message) = match result {
            Ok(m) => (Outcome::Ok, m),
            Err(m) => (Outcome::Error, m),
        };
        if let Some(n) = node {
            let m = &mut self.per_node[n];
            m.registry_bytes = m.registry_bytes.saturating_add(d.bytes);
            m.requests.add(&d.requests);
        }
        let shape = self.intern(&d.stages);
        let index = self.steps.len() as u32;
        let work = &mut self.work;
        work.shape_of.push(shape);
        match event.and_then(|e| work.events.get_mut(e)) {
            Some((first, count)) => {
                if *count == 0 {
                    *first = index;
                }
                *count += 1;
            }
            None => work.initial.push(index),
        }
        self.stage_scratch = std::mem::take(&mut d.stages);
        if let (Outcome::Ok, Some(source)) = (outcome, d.source) {
            match self.hits.iter_mut().find(|(s, _)| *s == source) {
                Some((_, count)) => *count += 1,
                None => self.hits.push((source, 1)),
            }
        }
        let trace = self.lines(&mut d.trace);
        let facts = Facts {
            reference,
            source: d.source,
            registry_bytes: d.bytes,
            requests: d.requests,
            trace,
            message,
            mounts: std::mem::take(&mut d.mounts),
        };
        self.scratch = d.trace;
        let facts = self.shared(facts);
        self.steps.push(Step {
            event: Index32::new(event),
            node: Index32::new(node),
            kind,
            outcome,
            lazy: d.lazy,
            throttled: 0,
            start: 0.0,
            end: 0.0,
            facts,
        });
    }

    /// Where `lines` are in the trace buffer: a recent step's lines when they read the same
    /// (the same event on the next node, mostly), so that a fleet's trace costs its distinct
    /// lines, not its node count; otherwise appended. Leaves `lines` empty.
    fn lines(&mut self, lines: &mut Vec<Trace>) -> std::ops::Range<u32> {
        let traces = &self.traces;
        let read = |f: &std::sync::Arc<Facts>| traces.get(f.trace.start as usize..f.trace.end as usize);
        if !lines.is_empty() {
            if let Some(f) = self.recent.iter().find(|f| read(f) == Some(&lines[..])) {
                let range = f.trace.clone();
                lines.clear();
                return range;
            }
        }
        let start = self.traces.len() as u32;
        self.traces.append(lines);
        start..self.traces.len() as u32
    }

    /// The facts of a recent step that did the same, or these, kept as recent.
    fn shared(&mut self, facts: Facts) -> std::sync::Arc<Facts> {
        if let Some(f) = self.recent.iter().find(|f| ***f == facts) {
            return std::sync::Arc::clone(f);
        }
        let facts = std::sync::Arc::new(facts);
        if self.recent.len() == RECENT_FACTS {
            self.recent.pop();
        }
        self.recent.insert(0, std::sync::Arc::clone(&facts));
        facts
    }

    /// The first of `stores` that holds `r` on node `n`, and its generation, checking them in
    /// order and tracing each check with `checked`; a store whose mount has failed looks empty
    /// and is skipped.
    fn first_holding(
        &self,
        n: usize,
        r: RefId,
        stores: &[StoreId],
        trace: &mut Vec<Trace>,
        holds: impl Fn(&world::Store, usize, RefId) -> Option<Gen>,
        checked: impl Fn(u32, bool) -> Trace,
    ) -> Option<(StoreId, Gen)> {
        for &id in stores {
            let store = &self.stores.all[id];
            if !store.is_mounted(n) {
                trace.push(Trace::StoreUnmounted { store: id as u32 });
                continue;
            }
            let here = holds(store, n, r);
            trace.push(checked(id as u32, here.is_some()));
            if let Some(generation) = here {
                return Some((id, generation));
            }
        }
        None
    }

    fn on_node(&self, n: usize) -> Result<()> {
        match &self.nodes[n].crio {
            Ok(()) => Ok(()),
            Err(e) => Err(format!("CRI-O is not running on {}: {e}", self.nodes[n].name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The names in each directory of node 0's tree, in tree order.
    fn names(sim: &Simulation) -> Vec<(StoreRole, String, Vec<String>)> {
        sim.store_tree(0)
            .into_iter()
            .map(|t| {
                let items = t.images.iter().map(|i| i.0).chain(t.artifacts.iter().map(|a| a.0));
                (t.role, t.path, items.map(|r| sim.refs.name(r).to_owned()).collect())
            })
            .collect()
    }

    #[test]
    fn the_unclean_reboot_empties_the_store_inside_the_graphroot() {
        let text = include_str!("../../../tests/scenarios/ocne-unclean-reboot.yaml");
        let (app, sidecar) =
            ("container-registry.oracle.com/olcne/app:1", "container-registry.oracle.com/olcne/sidecar:1");
        let tree = |root: &[&str], ro: &[&str]| {
            vec![
                (
                    StoreRole::Graphroot,
                    "/var/lib/containers/storage".to_owned(),
                    root.iter().map(|s| s.to_string()).collect(),
                ),
                (StoreRole::ImageStore, "/var/lib/preloaded-images".to_owned(), vec![sidecar.to_owned()]),
                (
                    StoreRole::ImageStore,
                    "/var/lib/containers/storage/ro-cache".to_owned(),
                    ro.iter().map(|s| s.to_string()).collect(),
                ),
            ]
        };
        assert_eq!(names(&simulate_start(text)), tree(&[app], &[app]));
        // The wipe took the read-only cache inside the graphroot; app:1 came back from the registry.
        assert_eq!(names(&simulate(text)), tree(&[app], &[]));
        assert!(simulate(text).store_tree(1).is_empty());
    }

    /// A fleet holds a step per node per event: the step's size is most of a large
    /// simulation's memory and time ([`Step`]).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_step_stays_small() {
        assert_eq!(std::mem::size_of::<Step>(), 40);
    }

    #[test]
    fn an_absent_index_reads_back_as_none() {
        for i in [None, Some(0), Some(9_999), Some(u32::MAX as usize - 1)] {
            assert_eq!(Index32::new(i).get(), i);
        }
    }

    #[test]
    fn a_layer_store_lists_the_images_it_serves() {
        let text = include_str!("../../../tests/scenarios/lazy-pull-estargz.yaml");
        let start = simulate_start(text);
        let sim = simulate(text);
        let layer = |s: &Simulation| s.store_tree(0).into_iter().find(|t| t.role == StoreRole::LayerStore);
        assert_eq!(layer(&start).map(|t| t.images.len()), Some(0));
        let served = layer(&sim).expect("a layer store").images;
        assert_eq!(served.len(), 1);
        assert!(matches!(served[0].2, Layers::Lazy(_)));
    }
}
