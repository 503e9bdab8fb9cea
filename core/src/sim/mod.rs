//! The resolution simulator: where every image, layer and artifact comes from on each node, what
//! the registry serves, and what reboots, outages and plugin crashes do.
//!
//! It follows the upstream code (containers-storage, containers/image, CRI-O, the kubelet), which
//! in several places is not what the enhancement text says; those places are said in the trace.
//! Each node's configuration is read from the files the MCO renders for its pool (`merge`), never
//! from the raw configs, so whatever a multi-config merge loses is lost here too. Sizes and
//! durations come from the cost model in [`cost`], and the output labels them as modelled.
//! The simulation is pure and deterministic: the same scenario always gives the same result.

pub mod cost;
pub mod output;
pub mod scenario;
pub mod trace;
pub mod units;
pub mod world;

use crate::api::ContainerRuntimeConfig;
use crate::diag::Diagnostic;
use crate::text::Span;
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

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub index: usize,
    /// The event's index in the scenario; `None` for CRI-O's first start.
    pub event: Option<usize>,
    pub kind: &'static str,
    pub node: Option<usize>,
    pub reference: Option<RefId>,
    pub outcome: Outcome,
    pub source: Option<Source>,
    pub lazy: bool,
    pub registry_bytes: u64,
    /// Modelled duration of the step (`cost`).
    pub seconds: f64,
    /// The step's lines in [`Simulation::traces`] (one buffer for all steps, so a large
    /// scenario does not allocate per step); read them with [`Simulation::trace`].
    pub trace: std::ops::Range<u32>,
    pub message: String,
    pub mounts: Vec<Mount>,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeMetrics {
    pub registry_bytes: u64,
    pub seconds: f64,
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
    /// How often each source served a step (stores and the registry).
    pub hits: Vec<(Source, u64)>,
    pub diagnostics: Vec<Diagnostic>,
    pub refs: Refs,
    pub stores: Stores,
    /// False when the scenario had errors and nothing ran.
    pub ran: bool,
}

impl Simulation {
    pub fn trace(&self, step: &Step) -> &[Trace] {
        self.traces.get(step.trace.start as usize..step.trace.end as usize).unwrap_or_default()
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

    /// The facts of a step in words: where it came from, lazily or not, what the registry
    /// served and the modelled time.
    pub fn facts(&self, step: &Step) -> Vec<String> {
        let mut facts = Vec::new();
        if let Some(s) = step.source {
            facts.push(format!("from {}", self.source_label(s)));
        }
        if step.lazy {
            facts.push("lazy".into());
        }
        if step.registry_bytes > 0 {
            facts.push(format!("registry served {}", units::human(step.registry_bytes)));
        }
        if step.seconds > 0.0 {
            facts.push(format!("{} s (modelled)", units::fixed(step.seconds, 1)));
        }
        facts
    }

    /// A step's trace in words.
    pub fn trace_lines(&self, step: &Step) -> impl Iterator<Item = String> + '_ {
        self.trace(step).iter().map(|t| t.render(&self.refs, &self.stores, &self.texts))
    }

    pub fn registry_bytes(&self) -> u64 {
        self.per_node.iter().fold(0u64, |sum, m| sum.saturating_add(m.registry_bytes))
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
    let (scenario, diagnostics) = scenario::read(text);
    let errors = crate::diag::has_errors(&diagnostics);
    match scenario {
        Some(s) if !errors => {
            let mut world = World::new(&s);
            world.start_all();
            world.run();
            world.finish(diagnostics)
        }
        _ => Simulation {
            steps: Vec::new(),
            traces: Vec::new(),
            texts: Vec::new(),
            nodes: Vec::new(),
            per_node: Vec::new(),
            hits: Vec::new(),
            diagnostics,
            refs: Refs::default(),
            stores: Stores::default(),
            ran: false,
        },
    }
}

/// Go's `filepath.Clean`, which CRI-O applies to a sub path before matching file names against
/// `<clean>/`: `.` elements and repeated slashes go, `..` removes the element before it (and is
/// dropped after a leading `/`, kept at the start of a relative path), an empty result is `.`.
fn go_clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
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
    /// What the MCO says while planning the scenario's own configs.
    planned: Vec<Diagnostic>,
}

/// A step being built.
struct Draft {
    trace: Vec<Trace>,
    bytes: u64,
    seconds: f64,
    source: Option<Source>,
    lazy: bool,
    mounts: Vec<Mount>,
}

impl Draft {
    fn new(mut trace: Vec<Trace>) -> Draft {
        trace.clear();
        Draft { trace, bytes: 0, seconds: 0.0, source: None, lazy: false, mounts: Vec::new() }
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
                Node::new(name.clone(), pool, config)
            })
            .collect();
        let mut world = World {
            s,
            refs,
            stores,
            nodes,
            registry,
            registry_up: s.registry.reachable,
            configs: s.configs.clone(),
            steps: Vec::new(),
            traces: Vec::new(),
            texts: Vec::new(),
            scratch: Vec::new(),
            per_node: vec![NodeMetrics::default(); s.nodes.len()],
            hits: Vec::new(),
            pool_files: files_of(&plan),
            planned: plan.diagnostics,
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
                self.push(None, "start", Some(n), None, Span::default(), d, result);
            } else {
                self.scratch = d.trace;
            }
        }
    }

    fn finish(self, mut diagnostics: Vec<Diagnostic>) -> Simulation {
        // What the MCO reports about the scenario's configs (a pool past ten configs, a
        // MachineConfig taken over): the run goes on without what it refused.
        diagnostics.extend(self.planned);
        Simulation {
            steps: self.steps,
            traces: self.traces,
            texts: self.texts,
            nodes: self.nodes,
            per_node: self.per_node,
            hits: self.hits,
            diagnostics,
            refs: self.refs,
            stores: self.stores,
            ran: true,
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
                        self.push(Some(e), "pull", Some(n), Some(r), event.span, d, result.map(|()| String::new()));
                    }
                }
                Action::PullArtifact { reference, policy, nodes } => {
                    let r = self.refs.id(reference);
                    for n in nodes.iter() {
                        let mut d = self.draft();
                        let result = self.on_node(n).and_then(|()| self.ensure_artifact(n, r, *policy, &mut d));
                        self.push(
                            Some(e),
                            "pullArtifact",
                            Some(n),
                            Some(r),
                            event.span,
                            d,
                            result.map(|()| String::new()),
                        );
                    }
                }
                Action::Run { image, policy, volumes, nodes } => {
                    let r = self.refs.id(image);
                    for n in nodes.iter() {
                        let mut d = self.draft();
                        let result = self.on_node(n).and_then(|()| self.run_container(n, r, *policy, volumes, &mut d));
                        self.push(Some(e), "run", Some(n), Some(r), event.span, d, result);
                    }
                }
                Action::Remove { reference, nodes } => {
                    let r = self.refs.id(reference);
                    for n in nodes.iter() {
                        let mut d = self.draft();
                        let result = self.on_node(n).map(|()| self.remove(n, r, &mut d));
                        self.push(Some(e), "remove", Some(n), Some(r), event.span, d, result);
                    }
                }
                Action::Reboot { nodes, clean, repair_succeeds } => {
                    for n in nodes.iter() {
                        let mut d = self.draft();
                        let result = self.reboot(n, *clean, *repair_succeeds, &mut d.trace);
                        self.push(Some(e), "reboot", Some(n), None, event.span, d, result);
                    }
                }
                Action::Fail { path, nodes } | Action::Recover { path, nodes } => {
                    let up = matches!(event.action, Action::Recover { .. });
                    let kind = if up { "recover" } else { "fail" };
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
                    self.push(Some(e), kind, None, None, event.span, d, Ok(message));
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
                        if on { "startPlugin" } else { "stopPlugin" },
                        None,
                        None,
                        event.span,
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
                    self.push(Some(e), "retag", None, Some(r), event.span, d, Ok(message));
                }
                Action::Registry { up } => {
                    self.registry_up = *up;
                    let message = if *up {
                        "the registry is reachable"
                    } else {
                        "the registry is unreachable (down or air-gapped)"
                    };
                    let d = self.draft();
                    self.push(Some(e), "registry", None, None, event.span, d, Ok(message.into()));
                }
                Action::Apply { config, refused } => {
                    let mut d = self.draft();
                    let result = match config {
                        Some(c) => self.apply((**c).clone(), &mut d.trace),
                        None => Err(format!(
                            "the config is refused, nothing rolls out: {}",
                            refused
                                .iter()
                                .map(|x| format!("{} [{}]", x.display_message(), x.origin.as_str()))
                                .collect::<Vec<_>>()
                                .join("; ")
                        )),
                    };
                    self.push(Some(e), "apply", None, None, event.span, d, result);
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
        Draft::new(std::mem::take(&mut self.scratch))
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        event: Option<usize>,
        kind: &'static str,
        node: Option<usize>,
        reference: Option<RefId>,
        span: Span,
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
            m.seconds += d.seconds;
        }
        if let (Outcome::Ok, Some(source)) = (outcome, d.source) {
            match self.hits.iter_mut().find(|(s, _)| *s == source) {
                Some((_, count)) => *count += 1,
                None => self.hits.push((source, 1)),
            }
        }
        let start = self.traces.len();
        self.traces.append(&mut d.trace);
        self.scratch = d.trace;
        self.steps.push(Step {
            index: self.steps.len(),
            event,
            kind,
            node,
            reference,
            outcome,
            source: d.source,
            lazy: d.lazy,
            registry_bytes: d.bytes,
            seconds: d.seconds,
            trace: start as u32..self.traces.len() as u32,
            message,
            mounts: d.mounts,
            span,
        });
    }

    fn on_node(&self, n: usize) -> Result<()> {
        match &self.nodes[n].crio {
            Ok(()) => Ok(()),
            Err(e) => Err(format!("CRI-O is not running on {}: {e}", self.nodes[n].name)),
        }
    }

    /// CRI-O's start: containers-storage opens the overlay driver, which stats every image and
    /// layer store (a missing one is fatal: `storage/drivers/overlay/overlay.go`); CRI-O then
    /// opens each artifact store, skipping one it cannot open (`internal/ociartifact/store.go`).
    /// The enhancement's failure table says a missing path only warns; the code stops CRI-O.
    fn start_crio(&mut self, n: usize, trace: &mut Vec<Trace>) -> bool {
        let count = self.s.nodes.len();
        let config = self.nodes[n].config.clone();
        let mut result = Ok(());
        let image_stores: Vec<StoreId> = config.image_stores.iter().map(|p| self.stores.ensure(p, count)).collect();
        let layer_stores: Vec<StoreId> =
            config.layer_stores.iter().map(|(p, _)| self.stores.ensure(p, count)).collect();
        for (&id, p) in image_stores.iter().zip(&config.image_stores) {
            if result.is_ok() && !self.stores.all[id].exists(n) {
                result = Err(format!("overlay: can't stat imageStore dir {p}: stat {p}: no such file or directory"));
            }
        }
        for (&id, (p, _)) in layer_stores.iter().zip(&config.layer_stores) {
            if result.is_ok() && !self.stores.all[id].exists(n) {
                result =
                    Err(format!("overlay: can't stat additionallayerstore dir: stat {p}: no such file or directory"));
            }
        }
        // Storage comes up first; CRI-O opens artifact stores only once it has.
        let mut artifact_stores = Vec::new();
        let mut notable = result.is_err();
        for p in config.artifact_stores.iter().filter(|_| result.is_ok()) {
            let id = self.stores.ensure(p, count);
            let store = &mut self.stores.all[id];
            if !store.exists(n) && store.read_only {
                trace.push(Trace::ArtifactStoreSkipped { store: id as u32 });
                notable = true;
                continue;
            }
            if !store.exists(n) {
                store.create(n);
                notable = true;
                trace.push(self.text(format!(
                    "{p}/artifacts did not exist: CRI-O created it (libartifact NewArtifactStore runs MkdirAll) and uses it, empty"
                )));
            }
            artifact_stores.push(id);
        }
        match &result {
            Ok(()) => trace.push(self.text(format!("CRI-O started on {}", self.nodes[n].name))),
            Err(e) => trace.push(self.text(format!(
                "CRI-O cannot start on {}: {e} (the enhancement says a missing store only warns; containers-storage's overlay driver refuses to start)",
                self.nodes[n].name
            ))),
        }
        let node = &mut self.nodes[n];
        node.crio = result;
        node.image_stores = image_stores;
        node.layer_stores = layer_stores;
        node.artifact_stores = artifact_stores;
        notable
    }

    fn held(&self, r: RefId) -> Option<(Held, Gen)> {
        self.registry.get(r as usize).copied().flatten()
    }

    /// kubelet `ImageStatus` → containers-storage `Image()`: the default store first, then the
    /// additional image stores in order (`storage/store.go` `allImageStores`); the enhancement
    /// says the additional stores come first.
    fn find_image(&self, n: usize, r: RefId, trace: &mut Vec<Trace>) -> Option<Source> {
        let node = &self.nodes[n];
        let local = node.image(r);
        trace.push(Trace::DefaultStore { found: local.is_some() });
        if let Some(image) = local {
            // A lazily pulled image is a record in the default store whose layers the layer
            // store serves.
            return Some(match image.layers {
                Layers::Lazy(s) => Source::AdditionalLayerStore(s as StoreId),
                Layers::Own | Layers::ReadOnly(_) => Source::DefaultStore,
            });
        }
        for &id in &node.image_stores {
            let store = &self.stores.all[id];
            if !store.is_mounted(n) {
                trace.push(Trace::StoreUnmounted { store: id as u32 });
                continue;
            }
            let found = store.image(n, r).is_some();
            trace.push(Trace::ImageStore { store: id as u32, found });
            if found {
                return Some(Source::AdditionalImageStore(id));
            }
        }
        None
    }

    /// The kubelet's pull policy before any pull: `Some(Ok)` when `find` sees it on the node
    /// and the policy is not Always, `Some(Err)` for Never with nothing there, `None` to pull.
    fn before_pull(
        &self,
        n: usize,
        r: RefId,
        policy: PullPolicy,
        d: &mut Draft,
        find: fn(&Self, usize, RefId, &mut Vec<Trace>) -> Option<Source>,
    ) -> Option<Result<()>> {
        if policy == PullPolicy::Always {
            return None;
        }
        if let Some(source) = find(self, n, r, &mut d.trace) {
            d.trace.push(Trace::Present { policy });
            d.source = Some(source);
            return Some(Ok(()));
        }
        (policy == PullPolicy::Never).then(|| {
            d.trace.push(Trace::NeverPull);
            Err(format!(
                "ErrImageNeverPull: Container image {:?} is not present with pull policy of Never",
                self.refs.name(r)
            ))
        })
    }

    /// CRI-O's `ImageStatus`: containers-storage first, then, for a reference known as an
    /// artifact, the artifact stores.
    fn find_image_or_artifact(&self, n: usize, r: RefId, trace: &mut Vec<Trace>) -> Option<Source> {
        let found = self.find_image(n, r, trace);
        if found.is_some() || !self.is_artifact(n, r) {
            return found;
        }
        self.find_artifact(n, r, trace)
    }

    /// Whether a reference names an artifact: the registry says so, or an artifact store on the
    /// node holds it.
    fn is_artifact(&self, n: usize, r: RefId) -> bool {
        matches!(self.held(r), Some((Held::Artifact(_), _)))
            || self.nodes[n].artifact(r).is_some()
            || self.nodes[n].artifact_stores.iter().any(|&id| self.stores.all[id].artifact(n, r).is_some())
    }

    fn ensure_image(&mut self, n: usize, r: RefId, policy: PullPolicy, d: &mut Draft) -> Result<()> {
        if let Some(done) = self.before_pull(n, r, policy, d, Self::find_image_or_artifact) {
            return done;
        }
        self.pull_image(n, r, d)
    }

    fn registry_error(&self, r: RefId) -> String {
        let name = self.refs.name(r);
        let host = name.split('/').next().unwrap_or(name);
        format!("pinging container registry {host}: Get \"https://{host}/v2/\": dial tcp: connect: connection refused (modelled wording)")
    }

    /// A pull (CRI `PullImage`): the registry is asked for the manifest; layers already in any
    /// store are reused; layers with a TOC digest may be served lazily by an additional layer
    /// store; everything else is downloaded into the default store, the only one pulls write.
    fn pull_image(&mut self, n: usize, r: RefId, d: &mut Draft) -> Result<()> {
        d.trace.push(Trace::Manifest);
        d.seconds += cost::MANIFEST_SECONDS;
        if !self.registry_up {
            d.trace.push(Trace::RegistryDown);
            return Err(self.registry_error(r));
        }
        let (index, generation) = match self.held(r) {
            Some((Held::Image(i), g)) => (i, g),
            Some((Held::Artifact(_), _)) => {
                d.trace.push(self.text(
                    "the manifest is an OCI artifact, not an image: CRI-O falls back to an artifact pull (internal/storage/image.go shouldTryArtifact)".into(),
                ));
                return self.pull_artifact(n, r, d);
            }
            None => {
                d.trace.push(Trace::NotInRegistry);
                return Err(format!("reading manifest {}: manifest unknown", self.refs.name(r)));
            }
        };
        let image = &self.s.registry.images[index];
        let node = &self.nodes[n];
        if node.image(r).is_some_and(|i| i.generation == generation && self.layers_available(n, i.layers)) {
            d.trace.push(Trace::LayersReused { store: None });
            d.source = Some(Source::DefaultStore);
            return Ok(());
        }
        for &id in &node.image_stores {
            if self.stores.all[id].image(n, r) == Some(generation) {
                d.trace.push(Trace::LayersReused { store: Some(id as u32) });
                d.source = Some(Source::AdditionalImageStore(id));
                self.record_image(n, r, generation, Layers::ReadOnly(id as u32));
                return Ok(());
            }
        }
        if image.format.has_toc() {
            if image.format == Format::Nydus {
                d.trace.push(Trace::NydusUnverified);
            }
            for &id in &node.layer_stores {
                let store = &self.stores.all[id];
                if store.plugin.is_none() || !store.is_running(n) || !store.is_mounted(n) {
                    d.trace.push(Trace::LayerStoreNotServing { store: id as u32 });
                } else if !self.s.registry.range_requests {
                    d.trace.push(Trace::LayerStoreNoRange { store: id as u32 });
                } else {
                    d.trace.push(Trace::LayerStoreHit { store: id as u32, format: image.format });
                    let bytes = cost::lazy_metadata(image.size);
                    d.bytes = d.bytes.saturating_add(bytes);
                    d.seconds += cost::transfer(bytes, self.s.registry.bandwidth);
                    d.source = Some(Source::AdditionalLayerStore(id));
                    d.lazy = true;
                    self.record_image(n, r, generation, Layers::Lazy(id as u32));
                    return Ok(());
                }
            }
        } else if !node.layer_stores.is_empty() {
            d.trace.push(Trace::LayerStoreNoToc { format: image.format });
        }
        if image.format == Format::ZstdChunked && !node.config.partial_images {
            d.trace.push(Trace::PartialPullsOff);
        }
        d.trace.push(Trace::Downloaded { bytes: image.size });
        d.bytes = d.bytes.saturating_add(image.size);
        d.seconds += cost::pull_seconds(image.size, self.s.registry.bandwidth) - cost::MANIFEST_SECONDS;
        d.source = Some(Source::Registry);
        self.record_image(n, r, generation, Layers::Own);
        Ok(())
    }

    /// Whether an image record's layers can be read on node `n` now.
    fn layers_available(&self, n: usize, layers: Layers) -> bool {
        match layers {
            Layers::Own => true,
            Layers::Lazy(id) => {
                let store = &self.stores.all[id as usize];
                store.plugin.is_some() && store.is_running(n) && store.is_mounted(n)
            }
            Layers::ReadOnly(id) => self.stores.all[id as usize].is_mounted(n),
        }
    }

    fn record_image(&mut self, n: usize, r: RefId, generation: Gen, layers: Layers) {
        self.nodes[n].set_image(r, LocalImage { generation, layers });
    }

    /// CRI-O's artifact `Status`: the read-only stores first, in order, then the main store
    /// (`internal/ociartifact/store.go`).
    fn find_artifact(&self, n: usize, r: RefId, trace: &mut Vec<Trace>) -> Option<Source> {
        let node = &self.nodes[n];
        for &id in &node.artifact_stores {
            let store = &self.stores.all[id];
            if !store.is_mounted(n) {
                trace.push(Trace::StoreUnmounted { store: id as u32 });
                continue;
            }
            let found = store.artifact(n, r).is_some();
            trace.push(Trace::ArtifactStore { store: id as u32, found });
            if found {
                return Some(Source::AdditionalArtifactStore(id));
            }
        }
        let found = node.artifact(r).is_some();
        trace.push(Trace::MainArtifactStore { found });
        found.then_some(Source::DefaultStore)
    }

    fn ensure_artifact(&mut self, n: usize, r: RefId, policy: PullPolicy, d: &mut Draft) -> Result<()> {
        if let Some(done) = self.before_pull(n, r, policy, d, Self::find_artifact) {
            return done;
        }
        d.trace.push(Trace::Manifest);
        d.seconds += cost::MANIFEST_SECONDS;
        if !self.registry_up {
            d.trace.push(Trace::RegistryDown);
            return Err(self.registry_error(r));
        }
        self.pull_artifact(n, r, d)
    }

    /// CRI-O's artifact `Pull`: the registry has already been asked for the manifest
    /// (`EnsureNotContainerImage`); a read-only store that holds the artifact skips the pull,
    /// even when the tag has moved since; the main store is always pulled again.
    fn pull_artifact(&mut self, n: usize, r: RefId, d: &mut Draft) -> Result<()> {
        let (index, generation) = match self.held(r) {
            Some((Held::Artifact(i), g)) => (i, g),
            Some((Held::Image(_), _)) => {
                return Err(format!("{} is a container image, not an artifact", self.refs.name(r)))
            }
            None => {
                d.trace.push(Trace::NotInRegistry);
                return Err(format!("reading manifest {}: manifest unknown", self.refs.name(r)));
            }
        };
        for &id in &self.nodes[n].artifact_stores {
            let store = &self.stores.all[id];
            if !store.is_mounted(n) {
                d.trace.push(Trace::StoreUnmounted { store: id as u32 });
                continue;
            }
            let here = store.artifact(n, r);
            d.trace.push(Trace::ArtifactStore { store: id as u32, found: here.is_some() });
            if let Some(g) = here {
                d.trace.push(Trace::ArtifactSkipPull { store: id as u32 });
                if g != generation {
                    d.trace.push(Trace::StaleCopy { store: id as u32 });
                }
                d.source = Some(Source::AdditionalArtifactStore(id));
                return Ok(());
            }
        }
        let size = self.s.registry.artifacts[index].size;
        let present = self.nodes[n].artifact(r);
        d.trace.push(Trace::MainArtifactStore { found: present.is_some() });
        if present.is_some() {
            d.trace.push(Trace::MainStoreRepull);
        }
        if present == Some(generation) {
            d.trace.push(self.text("its blobs are already in the main store: nothing downloaded (modelled)".into()));
            d.source = Some(Source::DefaultStore);
        } else {
            d.trace.push(Trace::DownloadedArtifact { bytes: size });
            d.bytes = d.bytes.saturating_add(size);
            // Artifact layers are stored as blobs, never unpacked.
            d.seconds += cost::transfer(size, self.s.registry.bandwidth);
            d.source = Some(Source::Registry);
        }
        self.nodes[n].set_artifact(r, generation);
        Ok(())
    }

    /// The image's size and start-up fraction, when the registry describes it.
    fn image_shape(&self, r: RefId) -> (u64, f64) {
        match self.held(r) {
            Some((Held::Image(i), _)) => {
                let image = &self.s.registry.images[i];
                (image.size, image.startup_fraction)
            }
            _ => (0, 1.0),
        }
    }

    fn run_container(
        &mut self,
        n: usize,
        r: RefId,
        policy: PullPolicy,
        volumes: &[Volume],
        d: &mut Draft,
    ) -> Result<String> {
        self.ensure_image(n, r, policy, d)?;
        let (size, fraction) = self.image_shape(r);
        let startup = cost::startup_bytes(size, fraction);
        // Where the container reads its start-up bytes from, and the line that says so.
        let node = &self.nodes[n];
        let in_store = |id: u32| &self.stores.all[id as usize];
        let read_from: Option<(String, u64, bool)> = match node.image(r).map(|i| i.layers) {
            Some(Layers::Lazy(id)) => {
                let store = in_store(id);
                if store.plugin.is_none() || !store.is_running(n) || !store.is_mounted(n) {
                    return Err(format!(
                        "failed to access to the linked additional layer: {}: nothing serves this lazily pulled image's layers any more (its plugin stopped or its mount failed)",
                        store.path
                    ));
                }
                if !self.registry_up {
                    return Err(format!(
                        "lazy fetch of {} failed: the registry is unreachable, and the layer data a container reads on start is fetched on demand (modelled)",
                        self.refs.name(r)
                    ));
                }
                let line = format!(
                    "starting: {} of the image read on demand from the registry through {} (range requests)",
                    units::human(startup),
                    store.path
                );
                Some((line, self.s.registry.bandwidth, true))
            }
            Some(Layers::ReadOnly(id)) => {
                let store = in_store(id);
                if !store.is_mounted(n) {
                    return Err(format!(
                        "the layers of {} are in {}, whose mount has failed: the container cannot start (modelled wording)",
                        self.refs.name(r),
                        store.path
                    ));
                }
                let line = format!(
                    "starting: {} read from {} ({}, read-only)",
                    units::human(startup),
                    store.path,
                    store.medium.name()
                );
                Some((line, store.bandwidth, false))
            }
            Some(Layers::Own) => {
                // The default store reads at its own medium's speed when the scenario describes
                // the graphroot.
                let bandwidth = self.stores.find(&node.config.graphroot).map_or_else(
                    || cost::medium_bandwidth(scenario::Medium::Local),
                    |id| self.stores.all[id].bandwidth,
                );
                d.seconds += cost::transfer(startup, bandwidth);
                None
            }
            None => {
                let from =
                    node.image_stores.iter().map(|&id| &self.stores.all[id]).find(|store| store.image(n, r).is_some());
                let Some(store) = from else {
                    // What the pull found is an artifact: there is no root file system to run.
                    return Err(format!(
                        "{} is an OCI artifact, not a container image: it can only be mounted as an image volume (modelled wording)",
                        self.refs.name(r)
                    ));
                };
                (startup > 0).then(|| {
                    let line = format!(
                        "starting: {} read from {} ({}, read-only)",
                        units::human(startup),
                        store.path,
                        store.medium.name()
                    );
                    (line, store.bandwidth, false)
                })
            }
        };
        if let Some((line, bandwidth, lazy)) = read_from {
            let line = self.text(line);
            d.trace.push(line);
            d.seconds += cost::transfer(startup, bandwidth);
            if lazy {
                d.bytes = d.bytes.saturating_add(startup);
                d.lazy = true;
            }
        }
        d.seconds += cost::CONTAINER_START_SECONDS;
        let image_source = d.source;
        for v in volumes {
            self.mount_volume(n, v, d)?;
        }
        d.source = image_source;
        self.nodes[n].containers += 1;
        Ok(match volumes.len() {
            0 => "container started".to_owned(),
            n => format!("container started with {n} image volume(s)"),
        })
    }

    fn mount_volume(&mut self, n: usize, v: &Volume, d: &mut Draft) -> Result<()> {
        let r = self.refs.id(&v.reference);
        let is_artifact = matches!(self.held(r), Some((Held::Artifact(_), _)));
        let present =
            |w: &Self, trace: &mut Vec<Trace>| w.find_artifact(n, r, trace).or_else(|| w.find_image(n, r, trace));
        let mut t = Vec::new();
        let found = v.policy != PullPolicy::Always && present(self, &mut t).is_some();
        d.trace.append(&mut t);
        if !found {
            if v.policy == PullPolicy::Never {
                return Err(format!(
                    "ErrImageNeverPull: Container image {:?} is not present with pull policy of Never",
                    v.reference
                ));
            }
            if is_artifact {
                self.ensure_artifact(n, r, PullPolicy::Always, d)?;
            } else {
                self.pull_image(n, r, d)?;
            }
        }
        if !self.s.crio.oci_artifact_mount_support {
            d.trace.push(self.text(
                "oci_artifact_mount_support = false (the MCO's setting; CRI-O's own default is true): only images can be mounted".into(),
            ));
        }
        let artifact =
            if self.s.crio.oci_artifact_mount_support { self.find_artifact(n, r, &mut Vec::new()) } else { None };
        if artifact.is_some() {
            let files = self.artifact_files(r, v.sub_path.as_deref(), &mut d.trace)?;
            d.trace.push(Trace::Mounted { reference: r, files: files.len() as u32 });
            d.trace.push(Trace::NoUntar);
            d.mounts.push(Mount { reference: r, files: Some(files) });
            return Ok(());
        }
        if self.nodes[n].image(r).is_some() || self.find_image(n, r, &mut Vec::new()).is_some() {
            d.mounts.push(Mount { reference: r, files: None });
            return Ok(());
        }
        Err(format!("ImageVolumeMountFailed: image {:?} does not exist locally", v.reference))
    }

    /// Each layer is one read-only file named by its title, or else its CNAI model file path;
    /// a layer with neither is skipped with a warning. A sub path keeps the files below it.
    fn artifact_files(&self, r: RefId, sub_path: Option<&str>, trace: &mut Vec<Trace>) -> Result<Vec<MountedFile>> {
        let Some((Held::Artifact(i), _)) = self.held(r) else {
            trace.push(Trace::LayersUnknown);
            return Ok(Vec::new());
        };
        let mut files = Vec::new();
        for (layer, f) in self.s.registry.artifacts[i].files.iter().enumerate() {
            match f.title.as_ref().or(f.filepath.as_ref()) {
                Some(name) => files.push(MountedFile { path: name.clone(), size: f.size }),
                None => trace.push(Trace::TitleMissing { layer: layer as u32 }),
            }
        }
        let Some(sub) = sub_path.map(go_clean).filter(|p| p != ".") else {
            return Ok(files);
        };
        let prefix = format!("{sub}/");
        let kept: Vec<MountedFile> = files
            .into_iter()
            .filter_map(|f| {
                f.path.strip_prefix(&prefix).map(|rest| MountedFile { path: rest.to_owned(), size: f.size })
            })
            .collect();
        if kept.is_empty() {
            return Err(format!(
                "ImageVolumeMountFailed: sub path {:?} does not exist in OCI artifact volume {:?}",
                sub_path.unwrap_or_default(),
                self.refs.name(r)
            ));
        }
        Ok(kept)
    }

    /// CRI `RemoveImage` (crictl rmi): only the default store and the main artifact store are
    /// written; for something in a read-only store the call still succeeds.
    fn remove(&mut self, n: usize, r: RefId, d: &mut Draft) -> String {
        let name = self.refs.name(r).to_owned();
        let node = &mut self.nodes[n];
        if node.remove_image(r) {
            d.source = Some(Source::DefaultStore);
            return format!("removed {name} from defaultStore");
        }
        if node.remove_artifact(r) {
            d.source = Some(Source::DefaultStore);
            return format!("removed {name} from the main artifact store");
        }
        let image_store = node.image_stores.iter().copied().find(|&id| self.stores.all[id].image(n, r).is_some());
        if let Some(id) = image_store {
            d.source = Some(Source::AdditionalImageStore(id));
            return format!(
                "RemoveImage succeeded, but {name} stays: it lives in the read-only additional image store {} (containers-storage returns ErrNotAnImage and CRI-O treats it as success; podman would refuse with \"cannot remove read-only image\")",
                self.stores.all[id].path
            );
        }
        let artifact_store =
            node.artifact_stores.iter().copied().find(|&id| self.stores.all[id].artifact(n, r).is_some());
        if let Some(id) = artifact_store {
            d.source = Some(Source::AdditionalArtifactStore(id));
            return format!(
                "RemoveImage succeeded, but {name} stays and is still listed: CRI-O removes artifacts only from the main store, and this one is in the read-only store {}/artifacts",
                self.stores.all[id].path
            );
        }
        format!("{name} is not on the node; RemoveImage is idempotent and succeeds")
    }

    /// A reboot. After an unclean one CRI-O checks and repairs storage (`internal_repair`, on by
    /// default) and removes the whole graphroot only if that fails (cri-o
    /// `internal/lib/container_server.go`); the enhancement says it always wipes. Additional
    /// stores are never touched, unless they sit inside the graphroot.
    fn reboot(&mut self, n: usize, clean: bool, repair_succeeds: bool, trace: &mut Vec<Trace>) -> Result<String> {
        let graphroot = self.nodes[n].config.graphroot.clone();
        self.nodes[n].containers = 0;
        let mut message = String::from("clean reboot: storage kept");
        if !clean {
            trace.push(self.text(
                "unclean shutdown: the clean_shutdown_file is missing, so CRI-O checks storage and repairs it (internal_repair = true)".into(),
            ));
            if repair_succeeds {
                message = "unclean reboot: storage check found damage and repaired it; everything kept".into();
            } else {
                let (images, artifacts) = self.nodes[n].wipe();
                trace.push(self.text(format!(
                    "repair failed: CRI-O removed the whole graphroot {graphroot}: {images} image(s), {artifacts} artifact(s) in <graphroot>/artifacts, every layer and container"
                )));
                for id in self.stores.inside(&graphroot) {
                    let (i, a) = self.stores.all[id].clear(n);
                    trace.push(self.text(format!(
                        "{} sits inside the graphroot and went with it: {i} image(s), {a} artifact(s)",
                        self.stores.all[id].path
                    )));
                }
                let kept: Vec<String> = self.nodes[n]
                    .image_stores
                    .iter()
                    .chain(&self.nodes[n].artifact_stores)
                    .chain(&self.nodes[n].layer_stores)
                    .filter(|&&id| !crate::validate::lint::is_inside(&self.stores.all[id].path, &graphroot))
                    .map(|&id| self.stores.all[id].path.clone())
                    .collect();
                if !kept.is_empty() {
                    trace.push(self.text(format!("additional stores are not touched: {}", kept.join(", "))));
                }
                message = format!(
                    "unclean reboot: repair failed, graphroot wiped ({images} image(s), {artifacts} artifact(s))"
                );
            }
        }
        for id in 0..self.stores.all.len() {
            if self.stores.all[id].plugin.is_some() {
                // A node-local plugin's service starts before CRI-O on boot (stargz-store:
                // Before=crio.service); a shared one runs elsewhere and is not this node's to start.
                if !self.stores.all[id].shared {
                    self.stores.all[id].set_running(n, true);
                }
            }
        }
        self.start_crio(n, trace);
        match &self.nodes[n].crio {
            Ok(()) => Ok(message),
            Err(e) => Err(format!("{message}; CRI-O cannot start: {e}")),
        }
    }

    /// A config rolled out. It has passed the API server's and the MCO's validation; the MCO
    /// may still refuse to generate its MachineConfig (a pool past ten configs). Every pool
    /// whose files change reboots into it, `maxUnavailable` nodes at a time, each pool on its
    /// own; a node whose CRI-O then fails stops that pool's rollout (the MCO waits for the
    /// node to become Ready, and the pool goes Degraded).
    fn apply(&mut self, config: ContainerRuntimeConfig, trace: &mut Vec<Trace>) -> Result<String> {
        let name = config.name().to_owned();
        let (document, span) = (config.document, config.span);
        let previous = self.configs.clone();
        match self.configs.iter().position(|c| c.name() == name) {
            Some(i) => self.configs[i] = config,
            None => self.configs.push(config),
        }
        let (pool_configs, plan) = world::pool_configs(self.s, &self.configs);
        let about_it = |d: &&Diagnostic| d.document == document && d.span.start >= span.start && d.span.end <= span.end;
        let refused: Vec<String> = plan
            .diagnostics
            .iter()
            .filter(about_it)
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .map(|d| d.message.clone())
            .collect();
        if !refused.is_empty() {
            self.configs = previous;
            return Err(format!("the MCO accepts the config but generates nothing for it: {}", refused.join("; ")));
        }
        for d in plan.diagnostics.iter().filter(about_it) {
            let line = self.text(d.message.clone());
            trace.push(line);
        }
        let new_files = files_of(&plan);
        let mut rolled = Vec::new();
        let mut failures = Vec::new();
        for (p, pool) in self.s.options.pools.iter().enumerate() {
            if new_files.get(p) == self.pool_files.get(p) {
                continue;
            }
            let members: Vec<usize> = (0..self.nodes.len()).filter(|&n| self.nodes[n].pool == Some(p)).collect();
            let per_wave = plan.pools[p].rollout.max_unavailable.max(1);
            for wave in members.chunks(per_wave) {
                let mut broken = None;
                for &n in wave {
                    self.nodes[n].config = pool_configs[p].clone();
                    self.nodes[n].containers = 0;
                    self.start_crio(n, trace);
                    rolled.push(self.nodes[n].name.clone());
                    if let Err(e) = &self.nodes[n].crio {
                        broken.get_or_insert_with(|| format!("{}: {e}", self.nodes[n].name));
                    }
                }
                if let Some(b) = broken {
                    failures.push(format!("pool {} stopped after CRI-O did not come back on {b}", pool.name));
                    break;
                }
            }
        }
        self.pool_files = new_files;
        match (failures.is_empty(), rolled.is_empty()) {
            (false, _) => Err(format!(
                "rolled out to {} node(s) ({}); {}; a node that never becomes Ready stops its pool's rollout and the pool goes Degraded",
                rolled.len(),
                rolled.join(", "),
                failures.join("; ")
            )),
            (true, true) => Ok(format!("{name}: no node's files change, nothing reboots")),
            (true, false) => Ok(format!("{name}: rolled out; {} node(s) rebooted into it ({})", rolled.len(), rolled.join(", "))),
        }
    }
}
