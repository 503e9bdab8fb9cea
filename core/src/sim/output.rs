//! `ctrcfg simulate`'s output: JSON (the contract) and a numbered, readable trace, both of the
//! step and node groups of [`groups`](super::groups).

use super::compare::{best, figures, Comparison, Figures, Startup};
use super::groups::{
    facts, message, node_groups, on_nodes, pool_figures, seconds_words, step_groups, trace_lines, Grouping, NodeGroup,
    PoolFigures, StepGroup,
};
use super::node_list::NodeList;
use super::percentile::Spread;
use super::requests::Requests;
use super::timeline::{self, PoolTiming, Quantiles};
use super::units::{count, fixed, human};
use super::world::Node;
use super::{Mount, Outcome, Simulation, Source};
use crate::report::diagnostics;
use crate::tree::Tree;
use std::borrow::Cow;

/// Seconds with millisecond precision, so that the same scenario always prints the same bytes.
fn seconds(s: f64) -> Tree {
    Tree::Num(fixed(s, 3))
}

/// A byte count, exact over the whole u64 range.
fn bytes(n: u64) -> Tree {
    Tree::Num(n.to_string())
}

fn source(sim: &Simulation, s: Option<Source>) -> Tree {
    s.map_or(Tree::Null, |s| Tree::Str(sim.source_label(s)))
}

fn mount(sim: &Simulation, m: &Mount) -> Tree {
    let files = match &m.files {
        Some(files) => Tree::Seq(
            files
                .iter()
                .map(|f| Tree::map([("path", Tree::str(&f.path)), ("size", f.size.map_or(Tree::Null, bytes))]))
                .collect(),
        ),
        None => Tree::Null,
    };
    Tree::map([
        ("reference", Tree::str(sim.refs.name(m.reference))),
        ("kind", Tree::str(if m.files.is_some() { "artifact" } else { "image" })),
        ("readOnly", Tree::Bool(true)),
        ("files", files),
    ])
}

/// A spread of times as `{"p50", "p95", "all"}`.
fn spread(s: &Spread) -> Tree {
    Tree::map([("p50", seconds(s.p50)), ("p95", seconds(s.p95)), ("all", seconds(s.all))])
}

/// A set of nodes as `nodes` (the compact notation of [`node_list`](super::node_list), `null`
/// for none) and `nodeCount`.
fn node_entries(sim: &Simulation, nodes: &NodeList) -> [(Cow<'static, str>, Tree); 2] {
    let list = if nodes.is_empty() { Tree::Null } else { Tree::Str(nodes.compact(|n| sim.nodes[n].name.as_str())) };
    [("nodes".into(), list), ("nodeCount".into(), Tree::Int(nodes.len() as i64))]
}

fn requests(r: &Requests) -> Tree {
    Tree::map([
        ("manifest", Tree::Int(i64::from(r.manifests))),
        ("blob", Tree::Int(i64::from(r.blobs))),
        ("range", Tree::Int(i64::from(r.ranges))),
        ("manifestBytes", bytes(r.manifest_bytes)),
    ])
}

fn quantiles(q: &Quantiles) -> Tree {
    let t = |x: Option<f64>| x.map_or(Tree::Null, seconds);
    Tree::map([("p50", t(q.p50)), ("p95", t(q.p95)), ("all", t(q.all)), ("reached", Tree::Int(q.reached as i64))])
}

fn timing(sim: &Simulation, t: &PoolTiming) -> Tree {
    Tree::map([
        ("pool", Tree::str(&t.pool)),
        ("ref", Tree::str(sim.refs.name(t.reference))),
        ("nodes", Tree::Int(t.nodes as i64)),
        ("since", seconds(t.since)),
        ("image", quantiles(&t.image)),
        ("running", quantiles(&t.running)),
    ])
}

fn step(sim: &Simulation, g: &StepGroup) -> Tree {
    let st = &sim.steps[g.first];
    let [nodes, node_count] = node_entries(sim, &g.nodes);
    let mut entries = vec![
        ("index".into(), Tree::Int(g.first as i64)),
        ("event".into(), Tree::str(st.kind.as_str())),
        ("eventIndex".into(), st.event().map_or(Tree::Null, |e| Tree::Int(e as i64))),
        nodes,
        node_count,
        ("ref".into(), st.reference().map_or(Tree::Null, |r| Tree::str(sim.refs.name(r)))),
        ("outcome".into(), Tree::str(if st.outcome == Outcome::Ok { "ok" } else { "error" })),
        ("source".into(), source(sim, st.source())),
        ("lazy".into(), Tree::Bool(st.lazy)),
        ("registryBytes".into(), bytes(st.registry_bytes())),
        ("seconds".into(), spread(&g.seconds)),
        ("start".into(), spread(&g.start)),
        ("end".into(), spread(&g.end)),
        ("trace".into(), Tree::Seq(trace_lines(sim, g).into_iter().map(Tree::Str).collect())),
        ("message".into(), Tree::Str(message(sim, g))),
    ];
    if !st.mounts().is_empty() {
        entries.push(("mounts".into(), Tree::Seq(st.mounts().iter().map(|m| mount(sim, m)).collect())));
    }
    if st.requests().total() > 0 {
        entries.push(("requests".into(), requests(st.requests())));
    }
    if g.throttled > 0 {
        entries.push(("throttled".into(), Tree::Int(g.throttled as i64)));
    }
    Tree::Map(entries)
}

fn crio_state(node: &Node) -> String {
    match &node.crio {
        Ok(()) => "running".to_owned(),
        Err(e) => format!("failed: {e}"),
    }
}

fn pool_name(sim: &Simulation, p: Option<usize>) -> Tree {
    p.and_then(|p| sim.pools.get(p)).map_or(Tree::Null, Tree::str)
}

fn node_group(sim: &Simulation, g: &NodeGroup) -> Tree {
    let n = &sim.nodes[g.first];
    let names = |ids: Vec<u32>| Tree::Seq(ids.into_iter().map(|r| Tree::str(sim.refs.name(r))).collect());
    let store = Tree::map([
        ("images", names(n.images().map(|(r, _)| r).collect())),
        ("artifacts", names(n.artifacts().map(|(r, _)| r).collect())),
    ]);
    let listed = Tree::Seq(
        sim.listed_artifacts(g.first)
            .into_iter()
            .map(|(r, s)| Tree::map([("ref", Tree::str(sim.refs.name(r))), ("source", Tree::Str(sim.source_label(s)))]))
            .collect(),
    );
    let [nodes, node_count] = node_entries(sim, &g.nodes);
    Tree::Map(vec![
        nodes,
        node_count,
        ("pool".into(), pool_name(sim, n.pool)),
        ("crio".into(), Tree::Str(crio_state(n))),
        ("defaultStore".into(), store),
        ("listedArtifacts".into(), listed),
        ("containers".into(), Tree::Int(n.containers as i64)),
        ("registryBytes".into(), bytes(g.registry_bytes)),
        ("seconds".into(), spread(&g.seconds)),
        ("finished".into(), spread(&g.finished)),
    ])
}

fn pool(sim: &Simulation, f: &PoolFigures) -> Tree {
    let [nodes, node_count] = node_entries(sim, &f.nodes);
    Tree::Map(vec![
        ("name".into(), pool_name(sim, Some(f.pool))),
        nodes,
        node_count,
        ("registryBytes".into(), bytes(f.registry_bytes)),
        ("failedSteps".into(), Tree::Int(f.failed_steps as i64)),
        ("failedNodes".into(), Tree::Int(f.failed_nodes as i64)),
        ("seconds".into(), f.seconds.as_ref().map_or(Tree::Null, spread)),
    ])
}

/// The whole result as the JSON contract of `ctrcfg simulate --format json` (documented in
/// `docs/simulate.md`): steps and nodes grouped unless `grouping` is [`Grouping::PerNode`],
/// which also adds each node's figures (`metrics.perNode`).
pub fn json(sim: &Simulation, text: &str, grouping: Grouping) -> Tree {
    let mut hits: Vec<(Cow<'static, str>, Tree)> =
        sim.hits.iter().map(|(s, n)| (sim.source_label(*s).into(), Tree::Int(*n as i64))).collect();
    crate::order::sort_by(&mut hits, |a, b| a.0.cmp(&b.0));
    let mut metrics = vec![
        ("registryBytes".into(), bytes(sim.registry_bytes())),
        ("pools".into(), Tree::Seq(pool_figures(sim).iter().map(|f| pool(sim, f)).collect())),
        ("cacheHits".into(), Tree::Map(hits)),
        ("requests".into(), requests(&sim.requests())),
        ("makespan".into(), seconds(sim.makespan())),
        ("timing".into(), Tree::Seq(sim.timings.iter().map(|t| timing(sim, t)).collect())),
    ];
    if grouping == Grouping::PerNode {
        let per_node = sim
            .nodes
            .iter()
            .zip(&sim.per_node)
            .map(|(n, m)| {
                (
                    n.name.clone().into(),
                    Tree::map([
                        ("registryBytes", bytes(m.registry_bytes)),
                        ("seconds", seconds(m.seconds)),
                        ("finished", seconds(m.finished)),
                        ("requests", Tree::Num(m.requests.total().to_string())),
                    ]),
                )
            })
            .collect();
        metrics.push(("perNode".into(), Tree::Map(per_node)));
    }
    metrics.push(("model".into(), Tree::str(MODEL_NOTE)));
    let release = sim.release.map_or(Tree::Null, |r| Tree::str(r.name()));
    // A scenario with errors did not run: it has no figures, not figures of zero.
    let metrics = if sim.ran { Tree::Map(metrics) } else { Tree::Null };
    let steps = step_groups(sim, grouping).iter().map(|g| step(sim, g)).collect();
    let nodes = node_groups(sim, grouping).iter().map(|g| node_group(sim, g)).collect();
    Tree::map([
        ("openshiftVersion", release),
        ("ran", Tree::Bool(sim.ran)),
        ("steps", Tree::Seq(steps)),
        ("metrics", metrics),
        ("nodes", Tree::Seq(nodes)),
        ("diagnostics", diagnostics(sim.diagnostics.iter(), text)),
    ])
}

pub const MODEL_NOTE: &str = "registry bytes follow the scenario's sizes; requests and seconds are modelled (ctrcfg's cost model, docs/cost-model.md: manifest round trip 0.2 s, concurrent transfers share the registry's and each shared store's bandwidth max-min fairly, each at most at the node's 10 Gbit/s link, unpacking at 500 MB/s, 0.5 s per container start, one step at a time per node)";

/// What the text says instead of a trace when the scenario has errors.
pub const NOT_RUN: &str =
    "the scenario did not run: it has errors, so nothing was simulated and there are no figures\n";

/// A numbered, readable trace of the step groups, then the registry's total and each pool's
/// figures with its node groups; or [`NOT_RUN`] when the scenario had errors. Every node is in a
/// pool (a scenario's nodes are its pools' nodes), so each is under its pool.
pub fn text(sim: &Simulation, grouping: Grouping) -> String {
    if !sim.ran {
        return NOT_RUN.to_owned();
    }
    let mut out = String::new();
    for (i, g) in step_groups(sim, grouping).iter().enumerate() {
        let st = &sim.steps[g.first];
        let on = on_nodes(sim, g);
        let what = st.reference().map_or(String::new(), |r| format!(" {}", sim.refs.name(r)));
        let outcome = if st.outcome == Outcome::Ok { "ok" } else { "ERROR" };
        let facts = facts(sim, g);
        let facts = if facts.is_empty() { String::new() } else { format!(" — {}", facts.join(", ")) };
        out.push_str(&format!("{}. {}{what}{on}: {outcome}{facts}\n", i + 1, st.kind));
        for line in trace_lines(sim, g) {
            out.push_str(&format!("   - {line}\n"));
        }
        for m in st.mounts() {
            if let Some(files) = &m.files {
                let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
                let listed = if names.is_empty() { "no files listed".to_owned() } else { names.join(", ") };
                out.push_str(&format!("   mounted {} (read-only): {listed}\n", sim.refs.name(m.reference)));
            }
        }
        if !st.message().is_empty() {
            out.push_str(&format!("   {}\n", message(sim, g)));
        }
    }
    out.push_str(&format!("registry served {} in total (sizes from the scenario)\n", human(sim.registry_bytes())));
    let r = sim.requests();
    out.push_str(&format!(
        "registry requests: {} manifest, {} blob, {} range; last step ended at {} s (modelled)\n",
        r.manifests,
        r.blobs,
        r.ranges,
        fixed(sim.makespan(), 1)
    ));
    let nodes = node_groups(sim, grouping);
    for f in pool_figures(sim) {
        out.push_str(&pool_line(sim, &f));
        for t in sim.timings.iter().filter(|t| sim.pools.get(f.pool) == Some(&t.pool)) {
            out.push_str(&format!(
                "  {} from {} s: image on nodes {}; running {}\n",
                sim.refs.name(t.reference),
                fixed(t.since, 1),
                timeline::words(&t.image),
                timeline::words(&t.running)
            ));
        }
        for g in nodes.iter().filter(|g| sim.nodes[g.first].pool == Some(f.pool)) {
            out.push_str(&node_line(sim, g));
        }
    }
    out
}

/// `pool worker: 10 nodes, registry served 10.0 GiB, no failed steps; time per node p50 …`.
fn pool_line(sim: &Simulation, f: &PoolFigures) -> String {
    let name = sim.pools.get(f.pool).map_or("", String::as_str);
    let Some(seconds) = &f.seconds else { return format!("pool {name}: no nodes\n") };
    let nodes = if f.nodes.len() == 1 { "1 node".to_owned() } else { format!("{} nodes", count(f.nodes.len())) };
    let failed = match f.failed_steps {
        0 => "no failed steps".to_owned(),
        n => format!("{} failed step(s) on {} node(s)", count(n), count(f.failed_nodes)),
    };
    format!(
        "pool {name}: {nodes}, registry served {}, {failed}; time per node {}\n",
        human(f.registry_bytes),
        seconds_words(seconds)
    )
}

/// `  worker-[1-9] (9 nodes): 1.0 GiB each, 13.1 s (modelled); CRI-O running; …`; for one
/// node, the line of that node alone.
fn node_line(sim: &Simulation, g: &NodeGroup) -> String {
    let n = &sim.nodes[g.first];
    let list = g.nodes.compact(|i| sim.nodes[i].name.as_str());
    let (many, each) = match g.nodes.len() {
        1 => (String::new(), ""),
        c => (format!(" ({} nodes)", count(c)), " each"),
    };
    let crio = match &n.crio {
        Ok(()) => "CRI-O running".to_owned(),
        Err(e) => format!("CRI-O failed: {e}"),
    };
    format!(
        "  {list}{many}: {}{each}, {}; {crio}; {} image(s), {} artifact(s) in its default store\n",
        human(g.registry_bytes),
        seconds_words(&g.seconds),
        n.images().count(),
        n.artifacts().count()
    )
}

/// The slowest roll-out: its event and quantiles.
fn startup(s: &Startup) -> Tree {
    let Tree::Map(mut entries) = quantiles(&s.times) else { return Tree::Null };
    entries.insert(0, ("event".into(), Tree::Int(s.event as i64)));
    entries.insert(1, ("nodes".into(), Tree::Int(s.nodes as i64)));
    Tree::Map(entries)
}

/// `ctrcfg simulate --format json` of a scenario with `variants:` (documented in
/// `docs/simulate.md`): each variant's steps, metrics and nodes as [`json`] gives them, under its
/// name, then the comparison (a row of figures per variant, the best one and why), with the
/// diagnostics of all once.
pub fn comparison_json(c: &Comparison, text: &str, grouping: Grouping) -> Tree {
    let variants = c
        .runs
        .iter()
        .map(|(name, sim)| {
            let Tree::Map(entries) = json(sim, text, grouping) else { return Tree::Null };
            let own = entries.into_iter().filter(|(k, _)| matches!(k.as_ref(), "steps" | "metrics" | "nodes"));
            Tree::Map([("name".into(), Tree::str(name))].into_iter().chain(own).collect())
        })
        .collect();
    let comparison = if c.ran {
        let all: Vec<Figures> = c.runs.iter().map(|(_, sim)| figures(sim)).collect();
        let best = best(&all);
        let rows = c
            .runs
            .iter()
            .zip(&all)
            .enumerate()
            .map(|(i, ((name, _), f))| {
                let mut requests = match self::requests(&f.requests) {
                    Tree::Map(entries) => entries,
                    _ => Vec::new(),
                };
                requests.insert(0, ("total".into(), Tree::Num(f.requests.total().to_string())));
                requests.push(("throttled".into(), Tree::Num(f.throttled.to_string())));
                Tree::map([
                    ("variant", Tree::str(name)),
                    ("best", Tree::Bool(best.is_some_and(|(b, _)| b == i))),
                    ("registryBytes", bytes(f.registry_bytes)),
                    ("requests", Tree::Map(requests)),
                    ("startup", f.startup.map_or(Tree::Null, |s| startup(&s))),
                    ("failedSteps", Tree::Int(f.failed_steps as i64)),
                    ("failedNodes", Tree::Int(f.failed_nodes as i64)),
                ])
            })
            .collect();
        Tree::map([
            ("variants", Tree::Seq(rows)),
            ("best", best.map_or(Tree::Null, |(b, _)| Tree::str(&c.runs[b].0))),
            ("why", best.map_or(Tree::Null, |(_, why)| Tree::str(why))),
            ("model", Tree::str(MODEL_NOTE)),
        ])
    } else {
        Tree::Null
    };
    Tree::map([
        ("openshiftVersion", c.release.map_or(Tree::Null, |r| Tree::str(r.name()))),
        ("ran", Tree::Bool(c.ran)),
        ("variants", Tree::Seq(variants)),
        ("comparison", comparison),
        ("diagnostics", diagnostics(c.diagnostics.iter(), text)),
    ])
}

/// Each variant's trace and figures as [`text`] gives them, under its name, then the
/// comparison table with the best variant marked; or [`NOT_RUN`].
pub fn comparison_text(c: &Comparison, grouping: Grouping) -> String {
    if !c.ran {
        return NOT_RUN.to_owned();
    }
    let mut out = String::new();
    for (name, sim) in &c.runs {
        out.push_str(&format!("== variant {name} ==\n"));
        out.push_str(&text(sim, grouping));
        out.push('\n');
    }
    out.push_str(&comparison_table(c));
    out
}

/// The comparison's columns after the variant's name, as the CLI's table and the Scenario
/// view head them.
pub const COMPARISON_COLUMNS: [&str; 7] =
    ["registry served", "requests", "429s", "start-up p50", "p95", "all nodes", "failed steps"];

/// Modelled seconds as the comparison words them; `—` for a share of the nodes never reached.
pub fn comparison_seconds(t: Option<f64>) -> String {
    t.map_or_else(|| "—".to_owned(), |x| format!("{} s", fixed(x, 1)))
}

/// A variant's figures in words, in [`COMPARISON_COLUMNS`]' order: the cells of its row in the
/// CLI's table and in the Scenario view's.
pub fn comparison_cells(f: &Figures) -> [String; 7] {
    let times = f.startup.map(|s| s.times);
    [
        human(f.registry_bytes),
        count(f.requests.total() as usize),
        count(f.throttled as usize),
        comparison_seconds(times.and_then(|t| t.p50)),
        comparison_seconds(times.and_then(|t| t.p95)),
        comparison_seconds(times.and_then(|t| t.all)),
        count(f.failed_steps),
    ]
}

/// The comparison as an aligned table, a row per variant, the best marked `*` and named below.
pub fn comparison_table(c: &Comparison) -> String {
    let all: Vec<Figures> = c.runs.iter().map(|(_, sim)| figures(sim)).collect();
    let best = best(&all);
    let head = std::iter::once("variant").chain(COMPARISON_COLUMNS);
    let mut rows: Vec<Vec<String>> = vec![head.map(str::to_owned).collect()];
    for (i, ((name, _), f)) in c.runs.iter().zip(&all).enumerate() {
        let mark = if best.is_some_and(|(b, _)| b == i) { "* " } else { "  " };
        rows.push(std::iter::once(format!("{mark}{name}")).chain(comparison_cells(f)).collect());
    }
    rows[0][0] = format!("  {}", rows[0][0]);
    let width = |col: usize| rows.iter().map(|r| r[col].chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..rows[0].len()).map(width).collect();
    let mut out = format!(
        "comparison of {} variants on the same events (bytes from the scenario's sizes; requests and times modelled; start-up: the slowest pull or run event, from its start until its nodes' steps ended well):\n",
        c.runs.len()
    );
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, &w))| {
                let pad = " ".repeat(w - cell.chars().count());
                // The name reads left to right; figures line up on their right.
                if i == 0 {
                    format!("{cell}{pad}")
                } else {
                    format!("{pad}{cell}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    if let Some((b, why)) = best {
        out.push_str(&format!("* best: {} ({why})\n", c.runs[b].0));
    }
    out
}

/// What `ctrcfg simulate --format json` prints for `text`: the comparison of a scenario with
/// `variants:`, else its one run (for the callers that print JSON alone: the npm package, the
/// docs embeds).
pub fn json_of(text: &str, grouping: Grouping) -> Tree {
    if super::compare::has_variants(text) {
        comparison_json(&super::compare::compare(text), text, grouping)
    } else {
        json(&super::simulate(text), text, grouping)
    }
}
