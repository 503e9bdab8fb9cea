//! The simulated cluster: each node's effective configuration (read from the files the MCO
//! renders), its default store, and the virtual store tree.

use super::scenario::{Medium, Scenario, StoreEntry, DEFAULT_GRAPHROOT};
use crate::merge;
use crate::paths::{is_inside, normalize};
use crate::render::crio::DROPIN_DIR;
use crate::render::STORAGE_CONF_PATH;
use std::collections::HashMap;

/// An interned image or artifact reference.
pub type RefId = u32;
/// A content generation: the registry's tag points at generation `n`; `retag` moves it on.
pub type Gen = u32;
pub type StoreId = usize;

/// What a node reads from its files at CRI-O start.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct NodeConfig {
    pub graphroot: String,
    pub image_stores: Vec<String>,
    /// Paths without the `:ref` suffix, and whether it was there.
    pub layer_stores: Vec<(String, bool)>,
    pub artifact_stores: Vec<String>,
    /// `[storage.options.pull_options] enable_partial_images`.
    pub partial_images: bool,
}

impl NodeConfig {
    /// The node's configuration from the files a node of its pool ends up with. Files the MCO
    /// does not write keep their template defaults (graphroot, no stores, partial pulls off).
    pub fn from_files(files: &[merge::EffectiveFile]) -> NodeConfig {
        let mut config = NodeConfig { graphroot: DEFAULT_GRAPHROOT.to_owned(), ..NodeConfig::default() };
        for f in files {
            let values = rendered_values(&f.file.contents);
            let get = |key: &str| values.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v);
            if f.file.path == STORAGE_CONF_PATH {
                if let Some(Rendered::Str(g)) = get("storage.graphroot") {
                    config.graphroot = g.clone();
                }
                config.image_stores = strings(get("storage.options.additionalimagestores"));
                config.layer_stores = strings(get("storage.options.additionallayerstores"))
                    .into_iter()
                    .map(|p| match p.strip_suffix(":ref") {
                        Some(path) => (path.to_owned(), true),
                        None => (p, false),
                    })
                    .collect();
                config.partial_images = matches!(
                    get("storage.options.pull_options.enable_partial_images"),
                    Some(Rendered::Str(v)) if v.eq_ignore_ascii_case("true")
                );
            } else if f.file.path.starts_with(DROPIN_DIR) {
                // Drop-ins are read in lexical order; a later one replaces the key.
                if let Some(a) = get("crio.runtime.additional_artifact_stores") {
                    config.artifact_stores = strings(Some(a));
                }
            }
        }
        config
    }
}

/// A value in a file the MCO rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rendered {
    Str(String),
    List(Vec<String>),
}

fn strings(value: Option<&Rendered>) -> Vec<String> {
    match value {
        Some(Rendered::List(items)) => items.clone(),
        _ => Vec::new(),
    }
}

/// The string and string-list values of a file in the MCO's own TOML encoding (BurntSushi/toml:
/// `[a.b]` headers, `key = "basic string"`, `key = ["a", "b"]`), by dotted key. Only files
/// ctrcfg renders are read here, so this reader understands exactly that encoding (a test
/// checks it against a full TOML parser on every render vector) and skips anything else; it
/// keeps a general TOML parser out of the playground.
pub fn rendered_values(contents: &str) -> Vec<(String, Rendered)> {
    let mut table = String::new();
    let mut out = Vec::new();
    for line in contents.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = header.trim().to_owned();
            continue;
        }
        let Some((key, value)) = line.split_once(" = ") else { continue };
        let key = if table.is_empty() { key.trim().to_owned() } else { format!("{table}.{}", key.trim()) };
        let value = if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            let mut items = Vec::new();
            let mut rest = list.trim();
            while !rest.is_empty() {
                let Some((item, after)) = basic_string(rest) else { break };
                items.push(item);
                rest = after.trim_start().strip_prefix(',').unwrap_or(after).trim_start();
            }
            Rendered::List(items)
        } else if let Some((s, after)) = basic_string(value) {
            if !after.trim().is_empty() {
                continue;
            }
            Rendered::Str(s)
        } else {
            continue;
        };
        out.push((key, value));
    }
    out
}

/// A TOML basic string at the start of `text` and what follows it.
fn basic_string(text: &str) -> Option<(String, &str)> {
    let body = text.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &body[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' | 'U' => {
                    let width = if body[i + 1..].starts_with('u') { 4 } else { 8 };
                    let hex: String = chars.by_ref().take(width).map(|(_, c)| c).collect();
                    out.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// A directory of the store tree as the simulation runs.
#[derive(Clone, Debug)]
pub struct Store {
    pub path: String,
    pub medium: Medium,
    pub bandwidth: u64,
    pub shared: bool,
    /// Whether the directory exists, per node (or once when shared): CRI-O creates a missing
    /// artifact store on the node it starts on.
    exists: Vec<bool>,
    pub read_only: bool,
    pub plugin: Option<String>,
    /// Per node, or one entry when shared.
    pub images: Vec<Vec<(RefId, Gen)>>,
    pub artifacts: Vec<Vec<(RefId, Gen)>>,
    pub mounted: Vec<bool>,
    pub running: Vec<bool>,
    /// Described in the scenario's `storage:`; otherwise assumed: an empty local directory.
    pub described: bool,
}

impl Store {
    fn slot(&self, node: usize) -> usize {
        if self.shared {
            0
        } else {
            node
        }
    }

    pub fn exists(&self, node: usize) -> bool {
        self.exists[self.slot(node)]
    }

    pub fn create(&mut self, node: usize) {
        let s = self.slot(node);
        self.exists[s] = true;
    }

    pub fn is_mounted(&self, node: usize) -> bool {
        self.mounted[self.slot(node)]
    }

    pub fn is_running(&self, node: usize) -> bool {
        self.running[self.slot(node)]
    }

    pub fn set_mounted(&mut self, node: usize, on: bool) {
        let s = self.slot(node);
        self.mounted[s] = on;
    }

    pub fn set_running(&mut self, node: usize, on: bool) {
        let s = self.slot(node);
        self.running[s] = on;
    }

    /// The image's generation here, if present and the store is readable.
    pub fn image(&self, node: usize, r: RefId) -> Option<Gen> {
        if !self.is_mounted(node) {
            return None;
        }
        self.images[self.slot(node)].iter().find(|(x, _)| *x == r).map(|(_, g)| *g)
    }

    pub fn artifact(&self, node: usize, r: RefId) -> Option<Gen> {
        if !self.is_mounted(node) {
            return None;
        }
        self.artifacts[self.slot(node)].iter().find(|(x, _)| *x == r).map(|(_, g)| *g)
    }

    /// What the directory holds for `node`, whether or not it is mounted now.
    pub fn images_on(&self, node: usize) -> &[(RefId, Gen)] {
        self.images.get(self.slot(node)).map_or(&[], Vec::as_slice)
    }

    pub fn artifacts_on(&self, node: usize) -> &[(RefId, Gen)] {
        self.artifacts.get(self.slot(node)).map_or(&[], Vec::as_slice)
    }

    pub fn artifact_list(&self, node: usize) -> &[(RefId, Gen)] {
        if self.is_mounted(node) {
            &self.artifacts[self.slot(node)]
        } else {
            &[]
        }
    }

    /// The directory is gone on `node` (a tmpfs after a reboot): contents and all. Returns how
    /// many images and artifacts it held.
    pub fn remove_dir(&mut self, node: usize) -> (usize, usize) {
        let s = self.slot(node);
        self.exists[s] = false;
        self.clear(node)
    }

    pub fn clear(&mut self, node: usize) -> (usize, usize) {
        let s = self.slot(node);
        let counts = (self.images[s].len(), self.artifacts[s].len());
        self.images[s].clear();
        self.artifacts[s].clear();
        counts
    }
}

/// An image in a node's default store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalImage {
    pub generation: Gen,
    pub layers: Layers,
}

/// Where an image record's layers live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layers {
    /// In the default store itself.
    Own,
    /// Served lazily by this additional layer store (its plugin must keep serving them).
    Lazy(u32),
    /// In this read-only additional image store (a pull with `Always` reused them).
    ReadOnly(u32),
}

#[derive(Clone, Debug)]
pub struct Node {
    pub name: String,
    pub pool: Option<usize>,
    pub config: NodeConfig,
    /// `Err` with containers-storage's error when CRI-O cannot start.
    pub crio: Result<(), String>,
    /// The default store's images and the main artifact store (`<graphroot>/artifacts`),
    /// indexed by reference: a lookup touches one entry however many images a node holds.
    images: Vec<Option<LocalImage>>,
    artifacts: Vec<Option<Gen>>,
    pub containers: usize,
    /// The stores CRI-O uses, resolved at its start, in configuration order.
    pub image_stores: Vec<StoreId>,
    pub layer_stores: Vec<StoreId>,
    /// Artifact stores it could open (others are skipped with a warning).
    pub artifact_stores: Vec<StoreId>,
}

fn slot<T>(v: &mut Vec<Option<T>>, r: RefId) -> &mut Option<T> {
    let i = r as usize;
    if v.len() <= i {
        v.resize_with(i + 1, || None);
    }
    &mut v[i]
}

impl Node {
    pub fn new(name: String, pool: Option<usize>, config: NodeConfig) -> Node {
        Node {
            name,
            pool,
            config,
            crio: Ok(()),
            images: Vec::new(),
            artifacts: Vec::new(),
            containers: 0,
            image_stores: Vec::new(),
            layer_stores: Vec::new(),
            artifact_stores: Vec::new(),
        }
    }

    /// Room for `refs` references in the node's stores, made when the nodes are made: the
    /// nodes' tables then lie one after another in memory, so an event walking every node reads
    /// them in order rather than chasing each node's own allocation.
    pub fn with_refs(mut self, refs: usize) -> Node {
        self.images.resize(refs, None);
        self.artifacts.resize(refs, None);
        self
    }

    pub fn image(&self, r: RefId) -> Option<LocalImage> {
        self.images.get(r as usize).copied().flatten()
    }

    pub fn set_image(&mut self, r: RefId, image: LocalImage) {
        *slot(&mut self.images, r) = Some(image);
    }

    pub fn remove_image(&mut self, r: RefId) -> bool {
        self.images.get_mut(r as usize).and_then(Option::take).is_some()
    }

    /// The default store's images, in reference order.
    pub fn images(&self) -> impl Iterator<Item = (RefId, LocalImage)> + '_ {
        self.images.iter().enumerate().filter_map(|(i, x)| x.map(|x| (i as RefId, x)))
    }

    pub fn artifact(&self, r: RefId) -> Option<Gen> {
        self.artifacts.get(r as usize).copied().flatten()
    }

    pub fn set_artifact(&mut self, r: RefId, generation: Gen) {
        *slot(&mut self.artifacts, r) = Some(generation);
    }

    pub fn remove_artifact(&mut self, r: RefId) -> bool {
        self.artifacts.get_mut(r as usize).and_then(Option::take).is_some()
    }

    pub fn artifacts(&self) -> impl Iterator<Item = (RefId, Gen)> + '_ {
        self.artifacts.iter().enumerate().filter_map(|(i, x)| x.map(|x| (i as RefId, x)))
    }

    /// Empties the default store and the main artifact store; returns how many of each there were.
    pub fn wipe(&mut self) -> (usize, usize) {
        let counts = (self.images().count(), self.artifacts().count());
        self.images.clear();
        self.artifacts.clear();
        counts
    }
}

/// Interned references, numbered in order of first appearance.
#[derive(Clone, Debug, Default)]
pub struct Refs {
    pub names: Vec<String>,
    index: HashMap<String, RefId>,
}

impl Refs {
    pub fn id(&mut self, name: &str) -> RefId {
        if let Some(id) = self.index.get(name) {
            return *id;
        }
        let id = self.names.len() as RefId;
        self.names.push(name.to_owned());
        self.index.insert(name.to_owned(), id);
        id
    }

    pub fn get(&self, name: &str) -> Option<RefId> {
        self.index.get(name).copied()
    }

    pub fn name(&self, id: RefId) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }
}

/// The store tree: every described directory, plus every configured path not described
/// (assumed to exist, empty, on local disk).
#[derive(Clone, Debug, Default)]
pub struct Stores {
    pub all: Vec<Store>,
}

impl Stores {
    pub fn new(entries: &[StoreEntry], nodes: usize, refs: &mut Refs) -> Stores {
        let mut stores = Stores::default();
        for e in entries {
            let slots = if e.shared { 1 } else { nodes.max(1) };
            let images: Vec<(RefId, Gen)> = e.images.iter().map(|r| (refs.id(r), 0)).collect();
            let artifacts: Vec<(RefId, Gen)> = e.artifacts.iter().map(|r| (refs.id(r), 0)).collect();
            stores.all.push(Store {
                path: e.path.clone(),
                medium: e.medium,
                bandwidth: e.bandwidth.unwrap_or_else(|| super::cost::medium_bandwidth(e.medium)),
                shared: e.shared,
                exists: vec![e.exists; slots],
                read_only: e.read_only,
                plugin: e.plugin.clone(),
                images: vec![images; slots],
                artifacts: vec![artifacts; slots],
                mounted: vec![true; slots],
                running: vec![e.running; slots],
                described: true,
            });
        }
        stores
    }

    pub fn find(&self, path: &str) -> Option<StoreId> {
        let path = normalize(path);
        self.all.iter().position(|s| s.path == path)
    }

    /// The store at `path`, adding an assumed one when the scenario does not describe it.
    pub fn ensure(&mut self, path: &str, nodes: usize) -> StoreId {
        if let Some(id) = self.find(path) {
            return id;
        }
        let slots = nodes.max(1);
        self.all.push(Store {
            path: normalize(path),
            medium: Medium::Local,
            bandwidth: super::cost::medium_bandwidth(Medium::Local),
            shared: false,
            exists: vec![true; slots],
            read_only: false,
            plugin: None,
            images: vec![Vec::new(); slots],
            artifacts: vec![Vec::new(); slots],
            mounted: vec![true; slots],
            running: vec![false; slots],
            described: false,
        });
        self.all.len() - 1
    }

    /// Stores physically inside `dir` (they go with it when CRI-O removes the graphroot).
    pub fn inside(&self, dir: &str) -> Vec<StoreId> {
        (0..self.all.len())
            .filter(|&i| is_inside(&self.all[i].path, dir) && self.all[i].path != normalize(dir))
            .collect()
    }
}

/// Each pool's effective node configuration under `configs` (read once per pool), and the plan.
pub fn pool_configs(
    scenario: &Scenario,
    configs: &[crate::api::ContainerRuntimeConfig],
) -> (Vec<NodeConfig>, merge::Plan) {
    let plan = merge::plan(configs, &scenario.options.pools, &scenario.options.gates);
    let configs = plan.pools.iter().map(|p| NodeConfig::from_files(&p.effective_files)).collect();
    (configs, plan)
}
