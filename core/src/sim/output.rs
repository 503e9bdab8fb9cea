//! `ctrcfg simulate`'s output: JSON (the contract) and a numbered, readable trace.

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
        ("trace".into(), Tree::Seq(sim.trace_lines(st).map(Tree::Str).collect())),
        ("message".into(), Tree::str(&st.message)),
    ];
    if !st.mounts.is_empty() {
        entries.push(("mounts".into(), Tree::Seq(st.mounts.iter().map(|m| mount(sim, m)).collect())));
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
                Tree::map([("registryBytes", bytes(m.registry_bytes)), ("seconds", seconds(m.seconds))]),
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

pub const MODEL_NOTE: &str = "registry bytes follow the scenario's sizes; seconds are modelled (ctrcfg's cost model: manifest round trip 0.2 s, bytes over the registry's or the medium's bandwidth, unpacking at 500 MB/s, 0.5 s per container start); transfers do not contend";

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
