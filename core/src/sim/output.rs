//! `ctrcfg simulate`'s output: JSON (the contract) and a numbered, readable trace.

use super::requests::Requests;
use super::timeline::{self, PoolTiming, Quantiles};
use super::units::{fixed, human};
use super::{Mount, Outcome, Simulation, Source, Step};
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

fn step(sim: &Simulation, st: &Step) -> Tree {
    let mut entries = vec![
        ("index".into(), Tree::Int(st.index as i64)),
        ("event".into(), Tree::str(st.kind)),
        ("eventIndex".into(), st.event.map_or(Tree::Null, |e| Tree::Int(e as i64))),
        ("node".into(), st.node.map_or(Tree::Null, |n| Tree::str(&sim.nodes[n].name))),
        ("ref".into(), st.reference.map_or(Tree::Null, |r| Tree::str(sim.refs.name(r)))),
        ("outcome".into(), Tree::str(if st.outcome == Outcome::Ok { "ok" } else { "error" })),
        ("source".into(), source(sim, st.source)),
        ("lazy".into(), Tree::Bool(st.lazy)),
        ("registryBytes".into(), bytes(st.registry_bytes)),
        ("seconds".into(), seconds(st.seconds)),
        ("start".into(), seconds(st.start)),
        ("end".into(), seconds(st.end)),
        ("trace".into(), Tree::Seq(sim.trace_lines(st).map(Tree::Str).collect())),
        ("message".into(), Tree::str(&st.message)),
    ];
    if !st.mounts.is_empty() {
        entries.push(("mounts".into(), Tree::Seq(st.mounts.iter().map(|m| mount(sim, m)).collect())));
    }
    if st.requests.total() > 0 {
        entries.push(("requests".into(), requests(&st.requests)));
    }
    if st.throttled > 0 {
        entries.push(("throttled".into(), Tree::Int(i64::from(st.throttled))));
    }
    Tree::Map(entries)
}

/// The whole result as the JSON contract of `ctrcfg simulate --format json`.
pub fn json(sim: &Simulation, text: &str) -> Tree {
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
    let mut hits: Vec<(Cow<'static, str>, Tree)> =
        sim.hits.iter().map(|(s, n)| (sim.source_label(*s).into(), Tree::Int(*n as i64))).collect();
    crate::order::sort_by(&mut hits, |a, b| a.0.cmp(&b.0));
    let metrics = Tree::map([
        ("registryBytes", bytes(sim.registry_bytes())),
        ("perNode", Tree::Map(per_node)),
        ("cacheHits", Tree::Map(hits)),
        ("requests", requests(&sim.requests())),
        ("makespan", seconds(sim.makespan())),
        ("timing", Tree::Seq(sim.timings.iter().map(|t| timing(sim, t)).collect())),
        ("model", Tree::str(MODEL_NOTE)),
    ]);
    let nodes = sim
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let names = |ids: Vec<u32>| Tree::Seq(ids.into_iter().map(|r| Tree::str(sim.refs.name(r))).collect());
            let store = Tree::map([
                ("images", names(n.images().map(|(r, _)| r).collect())),
                ("artifacts", names(n.artifacts().map(|(r, _)| r).collect())),
            ]);
            let crio = match &n.crio {
                Ok(()) => "running".to_owned(),
                Err(e) => format!("failed: {e}"),
            };
            let listed = Tree::Seq(
                sim.listed_artifacts(i)
                    .into_iter()
                    .map(|(r, s)| {
                        Tree::map([("ref", Tree::str(sim.refs.name(r))), ("source", Tree::Str(sim.source_label(s)))])
                    })
                    .collect(),
            );
            (
                n.name.clone().into(),
                Tree::map([
                    ("crio", Tree::Str(crio)),
                    ("defaultStore", store),
                    ("listedArtifacts", listed),
                    ("containers", Tree::Int(n.containers as i64)),
                ]),
            )
        })
        .collect();
    let release = sim.release.map_or(Tree::Null, |r| Tree::str(r.name()));
    // A scenario with errors did not run: it has no figures, not figures of zero.
    let metrics = if sim.ran { metrics } else { Tree::Null };
    Tree::map([
        ("openshiftVersion", release),
        ("ran", Tree::Bool(sim.ran)),
        ("steps", Tree::Seq(sim.steps.iter().map(|st| step(sim, st)).collect())),
        ("metrics", metrics),
        ("nodes", Tree::Map(nodes)),
        ("diagnostics", diagnostics(sim.diagnostics.iter(), text)),
    ])
}

pub const MODEL_NOTE: &str = "registry bytes follow the scenario's sizes; requests and seconds are modelled (ctrcfg's cost model, docs/cost-model.md: manifest round trip 0.2 s, concurrent transfers share the registry's and each shared store's bandwidth max-min fairly, each at most at the node's 10 Gbit/s link, unpacking at 500 MB/s, 0.5 s per container start, one step at a time per node)";

/// What the text says instead of a trace when the scenario has errors.
pub const NOT_RUN: &str =
    "the scenario did not run: it has errors, so nothing was simulated and there are no figures\n";

/// A numbered, readable trace, or [`NOT_RUN`] when the scenario had errors.
pub fn text(sim: &Simulation) -> String {
    if !sim.ran {
        return NOT_RUN.to_owned();
    }
    let mut out = String::new();
    for st in &sim.steps {
        let on = st.node.map_or(String::new(), |n| format!(" on {}", sim.nodes[n].name));
        let what = st.reference.map_or(String::new(), |r| format!(" {}", sim.refs.name(r)));
        let outcome = if st.outcome == Outcome::Ok { "ok" } else { "ERROR" };
        let facts = sim.facts(st);
        let facts = if facts.is_empty() { String::new() } else { format!(" — {}", facts.join(", ")) };
        out.push_str(&format!("{}. {}{what}{on}: {outcome}{facts}\n", st.index + 1, st.kind));
        for line in sim.trace_lines(st) {
            out.push_str(&format!("   - {line}\n"));
        }
        for m in &st.mounts {
            if let Some(files) = &m.files {
                let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
                let listed = if names.is_empty() { "no files listed".to_owned() } else { names.join(", ") };
                out.push_str(&format!("   mounted {} (read-only): {listed}\n", sim.refs.name(m.reference)));
            }
        }
        if !st.message.is_empty() {
            out.push_str(&format!("   {}\n", st.message));
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
    for t in &sim.timings {
        out.push_str(&format!(
            "  pool {} ({} node(s)), {} from {} s: image on nodes {}; running {}\n",
            t.pool,
            t.nodes,
            sim.refs.name(t.reference),
            fixed(t.since, 1),
            timeline::words(&t.image),
            timeline::words(&t.running)
        ));
    }
    for (n, m) in sim.nodes.iter().zip(&sim.per_node) {
        let crio = match &n.crio {
            Ok(()) => "CRI-O running".to_owned(),
            Err(e) => format!("CRI-O failed: {e}"),
        };
        out.push_str(&format!(
            "  {}: {}, {} s (modelled); {crio}; {} image(s), {} artifact(s) in its default store\n",
            n.name,
            human(m.registry_bytes),
            fixed(m.seconds, 1),
            n.images().count(),
            n.artifacts().count()
        ));
    }
    out
}
