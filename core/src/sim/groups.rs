//! What a fleet's simulation reports: steps and nodes that read the same are reported once, with
//! how many and which nodes ([`NodeList`]), and each pool has its figures. A pull on 10,000
//! nodes that all take one path is one step group, not 10,000 steps; the CLI's text and JSON,
//! the npm package and the Scenario view all group through this module, so they always agree.
//!
//! Times are not part of what makes two steps the same: once transfers share bandwidth, nodes
//! on the same path finish at different times, and grouping on time would give a row per node
//! again. A group carries the spread of its times instead ([`percentile`]).
//!
//! [`Grouping::PerNode`] keeps every step and node on its own (`ctrcfg simulate --per-node`).

use super::node_list::NodeList;
use super::percentile::{spread, Spread};
use super::trace::Trace;
use super::units::{count, fixed, human};
use super::{Outcome, Simulation, Source, Step};
use std::collections::HashMap;

/// Whether steps and nodes that read the same are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    Shared,
    PerNode,
}

/// Steps of one event that read the same.
#[derive(Clone, Debug, PartialEq)]
pub struct StepGroup {
    /// The first step's index in [`Simulation::steps`]: what every step of the group reads.
    pub first: usize,
    /// How many steps.
    pub steps: usize,
    /// The steps' nodes; empty for a step on no node (an outage, a retag, an apply).
    pub nodes: NodeList,
    /// How many steps the group's event had; for CRI-O's first start, which every node makes
    /// (a step only where it has something to say), how many nodes there are.
    pub of: usize,
    pub seconds: Spread,
    /// When the steps started and ended, in seconds from the scenario's start.
    pub start: Spread,
    pub end: Spread,
    /// The 429 answers of all the group's steps (a rate limit meets steps by when they run, so
    /// this is a sum, not what each step read).
    pub throttled: u64,
}

/// How many of an event's groups back a step is compared with: an event on many nodes has few
/// distinct paths, and the cap keeps a pathological one linear.
const LOOK_BACK: usize = 16;

/// Two texts read the same but for each naming its own node ("CRI-O started on worker-3").
fn same_words(a: &str, a_node: &str, b: &str, b_node: &str) -> bool {
    if a_node.is_empty() || b_node.is_empty() {
        return a == b;
    }
    a.split(a_node).eq(b.split(b_node))
}

/// Two lines read the same: a line worded at run time by its words (its node's name aside), not
/// its slot in the text table.
fn same_line(sim: &Simulation, (a, a_node): (&Trace, &str), (b, b_node): (&Trace, &str)) -> bool {
    match (a, b) {
        (Trace::Text(x), Trace::Text(y)) => match (sim.texts.get(*x as usize), sim.texts.get(*y as usize)) {
            (Some(x), Some(y)) => same_words(x, a_node, y, b_node),
            (x, y) => x == y,
        },
        _ => a == b,
    }
}

/// Whether two steps of one event, each on a node, read the same, their times and their own
/// node's name aside.
fn same(sim: &Simulation, a: &Step, b: &Step) -> bool {
    let (Some(an), Some(bn)) = (a.node(), b.node()) else { return false };
    let (an, bn) = (sim.nodes[an].name.as_str(), sim.nodes[bn].name.as_str());
    let (ta, tb) = (sim.trace(a), sim.trace(b));
    a.kind == b.kind
        && a.reference() == b.reference()
        && a.outcome == b.outcome
        && a.source() == b.source()
        && a.lazy == b.lazy
        && a.registry_bytes() == b.registry_bytes()
        && a.requests() == b.requests()
        && a.mounts() == b.mounts()
        && same_words(a.message(), an, b.message(), bn)
        && ta.len() == tb.len()
        && ta.iter().zip(tb).all(|(x, y)| same_line(sim, (x, an), (y, bn)))
}

/// A text of the group's first step with its node's name standing for all the group's nodes:
/// "CRI-O started on worker-[0-9999]".
fn for_all(sim: &Simulation, g: &StepGroup, text: String) -> String {
    let name = sim.steps[g.first].node().map_or("", |n| sim.nodes[n].name.as_str());
    if g.nodes.len() < 2 || name.is_empty() || !text.contains(name) {
        return text;
    }
    text.replace(name, &g.nodes.compact(|n| sim.nodes[n].name.as_str()))
}

/// The group's trace in words.
pub fn trace_lines(sim: &Simulation, g: &StepGroup) -> Vec<String> {
    sim.trace_lines(&sim.steps[g.first]).map(|line| for_all(sim, g, line)).collect()
}

/// The group's message.
pub fn message(sim: &Simulation, g: &StepGroup) -> String {
    for_all(sim, g, sim.steps[g.first].message().to_owned())
}

/// The steps in groups, in the order of their first steps.
pub fn step_groups(sim: &Simulation, grouping: Grouping) -> Vec<StepGroup> {
    let mut groups: Vec<StepGroup> = Vec::new();
    // Each group's seconds, starts and ends.
    let mut times: Vec<[Vec<f64>; 3]> = Vec::new();
    let mut section = 0;
    let close = |section: &mut [StepGroup]| {
        let total = section.iter().map(|g| g.steps).sum();
        section.iter_mut().for_each(|g| g.of = total);
    };
    for (i, st) in sim.steps.iter().enumerate() {
        if i > 0 && sim.steps[i - 1].event() != st.event() {
            close(&mut groups[section..]);
            section = groups.len();
        }
        let from = groups.len().saturating_sub(LOOK_BACK).max(section);
        let found = match grouping {
            Grouping::Shared => (from..groups.len()).rev().find(|&g| same(sim, &sim.steps[groups[g].first], st)),
            Grouping::PerNode => None,
        };
        let g = found.unwrap_or_else(|| {
            let zero = Spread { p50: 0.0, p95: 0.0, all: 0.0 };
            groups.push(StepGroup {
                first: i,
                steps: 0,
                nodes: NodeList::default(),
                of: 0,
                seconds: zero,
                start: zero,
                end: zero,
                throttled: 0,
            });
            times.push(Default::default());
            groups.len() - 1
        });
        groups[g].steps += 1;
        if let Some(n) = st.node() {
            groups[g].nodes.push(n);
        }
        groups[g].throttled += u64::from(st.throttled);
        let [seconds, start, end] = &mut times[g];
        seconds.push(st.seconds());
        start.push(st.start);
        end.push(st.end);
    }
    close(&mut groups[section..]);
    for (g, [mut seconds, mut start, mut end]) in groups.iter_mut().zip(times) {
        g.seconds = spread(&mut seconds).unwrap_or(g.seconds);
        g.start = spread(&mut start).unwrap_or(g.start);
        g.end = spread(&mut end).unwrap_or(g.end);
        // CRI-O starts on every node, though only a start with something to say is a step.
        if sim.steps[g.first].event().is_none() {
            g.of = sim.nodes.len();
        }
    }
    groups
}

/// Nodes of one pool that end the same: CRI-O's state, what their stores list, their
/// containers and what the registry served them.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeGroup {
    pub first: usize,
    pub nodes: NodeList,
    pub registry_bytes: u64,
    /// The spread of its nodes' modelled times (their steps' durations added up).
    pub seconds: Spread,
    /// The spread of when its nodes' last steps ended, in seconds from the scenario's start: a
    /// node that waited for bandwidth or for earlier events finishes later than its own steps
    /// took, and the per-node output is not the only one that should show it.
    pub finished: Spread,
}

/// What makes two nodes' end states the same: everything [`NodeGroup`]'s readers print but time.
#[derive(PartialEq, Eq, Hash)]
struct NodeKey<'a> {
    pool: Option<usize>,
    crio: &'a Result<(), String>,
    images: Vec<u32>,
    artifacts: Vec<u32>,
    listed: Vec<(u32, u8, usize)>,
    containers: usize,
    registry_bytes: u64,
}

fn source_key(s: Source) -> (u8, usize) {
    match s {
        Source::DefaultStore => (0, 0),
        Source::AdditionalImageStore(id) => (1, id),
        Source::AdditionalLayerStore(id) => (2, id),
        Source::AdditionalArtifactStore(id) => (3, id),
        Source::Registry => (4, 0),
    }
}

/// The nodes in groups, in the order of their first nodes.
pub fn node_groups(sim: &Simulation, grouping: Grouping) -> Vec<NodeGroup> {
    let mut groups: Vec<NodeGroup> = Vec::new();
    // Each group's nodes' seconds and finishing times.
    let mut times: Vec<[Vec<f64>; 2]> = Vec::new();
    let mut index: HashMap<NodeKey<'_>, usize> = HashMap::new();
    for (n, (node, m)) in sim.nodes.iter().zip(&sim.per_node).enumerate() {
        let key = NodeKey {
            pool: node.pool,
            crio: &node.crio,
            images: node.images().map(|(r, _)| r).collect(),
            artifacts: node.artifacts().map(|(r, _)| r).collect(),
            listed: sim
                .listed_artifacts(n)
                .into_iter()
                .map(|(r, s)| {
                    let (kind, id) = source_key(s);
                    (r, kind, id)
                })
                .collect(),
            containers: node.containers,
            registry_bytes: m.registry_bytes,
        };
        let new = groups.len();
        let g = match grouping {
            Grouping::Shared => *index.entry(key).or_insert(new),
            Grouping::PerNode => new,
        };
        if g == new {
            let zero = Spread { p50: 0.0, p95: 0.0, all: 0.0 };
            groups.push(NodeGroup {
                first: n,
                nodes: NodeList::default(),
                registry_bytes: m.registry_bytes,
                seconds: zero,
                finished: zero,
            });
            times.push(Default::default());
        }
        groups[g].nodes.push(n);
        let [seconds, finished] = &mut times[g];
        seconds.push(m.seconds);
        finished.push(m.finished);
    }
    for (g, [mut seconds, mut finished]) in groups.iter_mut().zip(times) {
        g.seconds = spread(&mut seconds).unwrap_or(g.seconds);
        g.finished = spread(&mut finished).unwrap_or(g.finished);
    }
    groups
}

/// One pool's figures: its nodes, what the registry served them, what failed on them, and the
/// spread of their modelled time.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolFigures {
    pub pool: usize,
    pub nodes: NodeList,
    pub registry_bytes: u64,
    pub failed_steps: usize,
    /// Nodes with at least one failed step.
    pub failed_nodes: usize,
    /// `None` for a pool without nodes.
    pub seconds: Option<Spread>,
}

/// Every pool's figures, in the scenario's pool order.
pub fn pool_figures(sim: &Simulation) -> Vec<PoolFigures> {
    let mut failed = vec![0usize; sim.nodes.len()];
    for st in sim.steps.iter().filter(|s| s.outcome == Outcome::Error) {
        if let Some(n) = st.node() {
            failed[n] += 1;
        }
    }
    (0..sim.pools.len())
        .map(|p| {
            let mut f = PoolFigures {
                pool: p,
                nodes: NodeList::default(),
                registry_bytes: 0,
                failed_steps: 0,
                failed_nodes: 0,
                seconds: None,
            };
            let mut times = Vec::new();
            for n in (0..sim.nodes.len()).filter(|&n| sim.nodes[n].pool == Some(p)) {
                f.nodes.push(n);
                f.registry_bytes = f.registry_bytes.saturating_add(sim.per_node[n].registry_bytes);
                f.failed_steps += failed[n];
                f.failed_nodes += usize::from(failed[n] > 0);
                times.push(sim.per_node[n].seconds);
            }
            f.seconds = spread(&mut times);
            f
        })
        .collect()
}

/// A spread in words: one figure when it is flat at the precision shown.
fn spread_words(s: &Spread) -> String {
    if s.is_flat(1) {
        format!("{} s", fixed(s.all, 1))
    } else {
        format!("p50 {} s, p95 {} s, all {} s", fixed(s.p50, 1), fixed(s.p95, 1), fixed(s.all, 1))
    }
}

/// Modelled seconds in words: one figure when the spread is flat at the precision shown.
pub fn seconds_words(s: &Spread) -> String {
    format!("{} (modelled)", spread_words(s))
}

/// A group's modelled time in words: how long, and from when to when (`2.6 s, 0.0→2.6 s`); when
/// its steps started together and took different times, from when (`p50 …, from 0.0 s`); when
/// they started at different times, when they ended (`p50 …, ending p50 …`).
fn time_words(g: &StepGroup) -> String {
    let long = spread_words(&g.seconds);
    let (start, end) = (fixed(g.start.all, 1), fixed(g.end.all, 1));
    match (g.start.is_flat(1), g.end.is_flat(1)) {
        (true, true) => format!("{long}, {start}→{end} s (modelled)"),
        (true, false) => format!("{long}, from {start} s (modelled)"),
        (false, _) => format!("{long}, ending {} (modelled)", spread_words(&g.end)),
    }
}

/// The facts of a group's step in words: where it came from, lazily or not, what the registry
/// served and in how many requests (each, when there are several steps), the 429 answers (of all
/// its steps) and the modelled time.
pub fn facts(sim: &Simulation, g: &StepGroup) -> Vec<String> {
    let step = &sim.steps[g.first];
    let mut facts = Vec::new();
    if let Some(s) = step.source() {
        facts.push(format!("from {}", sim.source_label(s)));
    }
    if step.lazy {
        facts.push("lazy".into());
    }
    if step.registry_bytes() > 0 {
        let each = if g.steps > 1 { " each" } else { "" };
        facts.push(format!("registry served {}{each}", human(step.registry_bytes())));
    }
    let requests = step.requests().total();
    if requests > 0 {
        let each = if g.steps > 1 { " each" } else { "" };
        facts.push(format!("{requests} registry request(s){each}"));
    }
    if g.throttled > 0 {
        facts.push(format!("{} answer(s) 429 Too Many Requests", g.throttled));
    }
    if g.seconds.all > 0.0 {
        facts.push(time_words(g));
    }
    facts
}

/// Where a group ran: ` on worker-3`, ` on worker-[0-9] (10 nodes)`,
/// ` on worker-[0-8999] (9 000 of 10 000 nodes)`, or nothing for a step on no node.
pub fn on_nodes(sim: &Simulation, g: &StepGroup) -> String {
    let list = g.nodes.compact(|n| sim.nodes[n].name.as_str());
    match g.nodes.len() {
        0 => String::new(),
        1 => format!(" on {list}"),
        c if c == g.of => format!(" on {list} ({} nodes)", count(c)),
        c => format!(" on {list} ({} of {} nodes)", count(c), count(g.of)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{simulate, StepKind};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Thirty workers and an infra node (which takes the workers' configs too); the NFS cache
    /// holds a:1 only, so b:1 comes from the registry, except where an earlier pull left it, and
    /// a Never pull of c:1 fails on every worker.
    const FLEET: &str = "kind: Scenario\nconfigs:\n- apiVersion: machineconfiguration.openshift.io/v1\n  kind: ContainerRuntimeConfig\n  metadata: {name: c}\n  spec:\n    machineConfigPoolSelector: {matchLabels: {pools.operator.machineconfiguration.openshift.io/worker: ''}}\n    containerRuntimeConfig: {additionalImageStores: [{path: /mnt/nfs}]}\npools:\n- {name: worker, nodeCount: 30}\n- {name: infra, nodes: [infra-a]}\nregistry:\n  images:\n  - {ref: quay.io/a:1, size: 100MB}\n  - {ref: quay.io/b:1, size: 200MB}\n  - {ref: quay.io/c:1, size: 1MB}\nstorage:\n- {path: /mnt/nfs, medium: nfs, shared: true, images: [quay.io/a:1]}\nevents:\n- {pull: quay.io/a:1}\n- {pull: quay.io/b:1, nodes: [worker-0, worker-1, worker-2, worker-5]}\n- {pull: quay.io/b:1}\n- {pull: quay.io/c:1, pool: worker, pullPolicy: Never}\n- {retag: quay.io/a:1}\n";

    #[test]
    fn steps_that_read_the_same_are_one_group_with_their_nodes() {
        let sim = simulate(FLEET);
        assert!(sim.ran, "{:?}", sim.diagnostics);
        let groups = step_groups(&sim, Grouping::Shared);
        let on: Vec<String> =
            groups.iter().map(|g| format!("{}{}", sim.steps[g.first].kind, on_nodes(&sim, g))).collect();
        assert_eq!(
            on,
            [
                "pull on worker-[0-29],infra-a (31 nodes)",
                "pull on worker-[0-2,5] (4 nodes)",
                "pull on worker-[0-2,5] (4 of 31 nodes)",
                "pull on worker-[3-4,6-29],infra-a (27 of 31 nodes)",
                "pull on worker-[0-29] (30 nodes)",
                "retag",
            ]
        );
        assert_eq!(groups.iter().map(|g| g.steps).sum::<usize>(), sim.steps.len());
        assert_eq!(sim.steps[groups[4].first].outcome, Outcome::Error);
        // Every step is in exactly one group, and the group's step reads as each of its steps.
        let mut seen = vec![false; sim.steps.len()];
        for g in &groups {
            for n in g.nodes.iter() {
                let event = sim.steps[g.first].event();
                let i = sim.steps.iter().position(|s| s.node() == Some(n) && s.event() == event).unwrap();
                assert!(same(&sim, &sim.steps[g.first], &sim.steps[i]) && !std::mem::replace(&mut seen[i], true));
            }
        }
        let pulled = facts(&sim, &groups[1]);
        assert_eq!(pulled[..2], ["from registry", "registry served 191 MiB each"]);
        assert!(pulled[2].ends_with(" registry request(s) each"), "{pulled:?}");
        assert!(pulled[3].ends_with(" s (modelled)") && pulled.len() == 4, "{pulled:?}");
        assert_eq!(facts(&sim, &groups[2]), ["from defaultStore"]);
    }

    #[test]
    fn words_naming_each_steps_own_node_still_group() {
        // A store every node lacks: CRI-O cannot start anywhere, and each node's start step and
        // each pull's message names its node.
        let text = FLEET.replace("shared: true, images", "exists: false, images");
        let sim = simulate(&text);
        let groups = step_groups(&sim, Grouping::Shared);
        let start = &groups[0];
        assert_eq!((sim.steps[start.first].kind, start.nodes.len(), start.of), (StepKind::Start, 31, 31));
        let line = &trace_lines(&sim, start)[0];
        assert!(
            line.starts_with(
                "CRI-O cannot start on worker-[0-29],infra-a: overlay: can't stat imageStore dir /mnt/nfs"
            ),
            "{line}"
        );
        let pull = &groups[1];
        assert_eq!((sim.steps[pull.first].outcome, pull.nodes.len()), (Outcome::Error, 31));
        assert!(
            message(&sim, pull).starts_with("CRI-O is not running on worker-[0-29],infra-a: "),
            "{}",
            message(&sim, pull)
        );
        // One node's words stay its own.
        let one = step_groups(&sim, Grouping::PerNode);
        assert!(trace_lines(&sim, &one[1])[0].starts_with("CRI-O cannot start on worker-1: "));
        assert!(
            same_words("on w-1 and w-1", "w-1", "on w-2 and w-2", "w-2")
                && !same_words("on w-1", "w-1", "on w-1", "w-2")
        );
    }

    #[test]
    fn per_node_keeps_every_step_and_node_on_its_own() {
        let sim = simulate(FLEET);
        let groups = step_groups(&sim, Grouping::PerNode);
        assert_eq!(groups.len(), sim.steps.len());
        assert!(groups.iter().enumerate().all(|(i, g)| g.first == i && g.steps == 1));
        assert_eq!(on_nodes(&sim, &groups[0]), " on worker-0");
        assert_eq!(node_groups(&sim, Grouping::PerNode).len(), 31);
        assert_eq!(node_groups(&sim, Grouping::PerNode)[30].nodes.compact(|n| sim.nodes[n].name.as_str()), "infra-a");
    }

    #[test]
    fn nodes_that_end_the_same_are_one_group_per_pool() {
        let sim = simulate(FLEET);
        let groups = node_groups(&sim, Grouping::Shared);
        let lists: Vec<(String, u64)> =
            groups.iter().map(|g| (g.nodes.compact(|n| sim.nodes[n].name.as_str()), g.registry_bytes)).collect();
        assert_eq!(lists, [("worker-[0-29]".to_owned(), 200_000_000), ("infra-a".to_owned(), 200_000_000)]);
        // When the nodes finished: each group's spread is of its own nodes' last steps' ends,
        // and the workers, who also waited for the others' second pull of b:1 and the failed
        // pull of c:1, finish later than their own steps add up to.
        for g in &groups {
            let last = g.nodes.iter().map(|n| sim.per_node[n].finished).fold(0.0, f64::max);
            assert_eq!(g.finished.all, last);
            assert!(g.finished.p50 <= g.finished.p95 && g.finished.p95 <= g.finished.all);
        }
        assert_eq!(groups[0].finished.all, sim.makespan());
        assert!(groups[0].finished.p50 > groups[0].seconds.p50, "{:?}", groups[0]);
    }

    #[test]
    fn a_groups_time_says_when_as_far_as_its_steps_agree() {
        let flat = |x| Spread { p50: x, p95: x, all: x };
        let mut g = StepGroup {
            first: 0,
            steps: 10,
            nodes: NodeList::default(),
            of: 10,
            seconds: flat(2.6),
            start: flat(1.0),
            end: flat(3.6),
            throttled: 0,
        };
        assert_eq!(time_words(&g), "2.6 s, 1.0→3.6 s (modelled)");
        (g.seconds, g.end) = (Spread { p50: 2.6, p95: 9.0, all: 9.0 }, Spread { p50: 3.6, p95: 10.0, all: 10.0 });
        assert_eq!(time_words(&g), "p50 2.6 s, p95 9.0 s, all 9.0 s, from 1.0 s (modelled)");
        g.start = Spread { p50: 1.0, p95: 4.0, all: 4.0 };
        assert_eq!(
            time_words(&g),
            "p50 2.6 s, p95 9.0 s, all 9.0 s, ending p50 3.6 s, p95 10.0 s, all 10.0 s (modelled)"
        );
    }

    #[test]
    fn a_rate_limit_does_not_split_a_group_and_its_429s_add_up() {
        let text = "kind: Scenario\npools:\n- {name: worker, nodeCount: 10}\nregistry:\n  bandwidth: 1GB/s\n  rateLimit: {requests: 4, window: 60s}\n  images:\n  - {ref: quay.io/a/app:1, size: 100MB}\nevents:\n- {pull: quay.io/a/app:1}\n";
        let sim = simulate(text);
        let [g] = &step_groups(&sim, Grouping::Shared)[..] else { panic!("one group") };
        assert_eq!(g.nodes.len(), 10);
        assert_eq!(g.throttled, sim.steps.iter().map(|s| u64::from(s.throttled)).sum::<u64>());
        assert!(g.throttled > 0 && g.end.p50 < g.end.all && g.start.is_flat(1));
        let words = facts(&sim, g);
        assert!(words.contains(&format!("{} answer(s) 429 Too Many Requests", g.throttled)), "{words:?}");
    }

    #[test]
    fn one_figure_for_a_flat_spread_and_three_otherwise() {
        let flat = Spread { p50: 2.6, p95: 2.6, all: 2.64 };
        assert_eq!(seconds_words(&flat), "2.6 s (modelled)");
        let wide = Spread { p50: 2.6, p95: 9.0, all: 12.25 };
        assert_eq!(seconds_words(&wide), "p50 2.6 s, p95 9.0 s, all 12.3 s (modelled)");
    }

    #[test]
    fn each_pool_has_its_figures() {
        let sim = simulate(FLEET);
        let pools = pool_figures(&sim);
        assert_eq!(pools.len(), 2);
        let worker = &pools[0];
        assert_eq!((worker.nodes.len(), worker.registry_bytes), (30, 6_000_000_000));
        assert_eq!((worker.failed_steps, worker.failed_nodes), (30, 30));
        let s = worker.seconds.unwrap();
        assert_eq!((s.p50 > 0.0, s.p50 <= s.p95, s.p95 <= s.all), (true, true, true));
        assert_eq!((pools[1].nodes.len(), pools[1].failed_steps, pools[1].registry_bytes), (1, 0, 200_000_000));
    }
}
