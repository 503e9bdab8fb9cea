//! What the Scenario view draws, computed where the engine runs: in the `sim_worker` Web Worker
//! (`web/src/bin/sim_worker.rs`, the only crate target that includes this file). A fleet scenario is a
//! million node-steps (about 100 ms of `simulate` in Chromium, over 200 MB of steps), so the
//! page never receives the simulation itself, only this view model, already cut to what it
//! draws:
//!
//! - **Steps are grouped, not listed.** Steps of one event with the same kind, reference,
//!   outcome, source, figures, trace, message and mounts are one row ("pull X on 9 000 of
//!   10 000 nodes"); a fleet's million steps become one row per event and path taken. At most
//!   [`SHOWN_GROUPS`] rows are sent, plus up to as many failed ones after them, so that the
//!   "only failed" filter never misses a failure; the page says how many were left out. Grouping
//!   rather than a virtualised list keeps every row in the DOM findable with the browser's own
//!   search and readable by assistive technology, and the groups say more than 10 000 identical
//!   rows would.
//! - **Per-node figures are aggregated.** The table lists the first [`SHOWN_NODES`] nodes; the
//!   byte and time charts draw a bar per node up to [`BAR_NODES`] nodes and a histogram of nodes
//!   beyond, and say so.
//! - **Store trees are for one node**, the one the page asks for, before (the cluster before the
//!   first event, `simulate_start`) and after; the last simulation is kept, so choosing another
//!   node does not run the scenario again.
//!
//! Everything is worded here (sizes, counts, trace lines), so the page only splits lines
//! ([`Engine::answer`] writes the wire format, `hooks/use_simulation.rs` reads it).

use ctrcfg_core::sim::units::{fixed, human};
use ctrcfg_core::sim::world::Layers;
use ctrcfg_core::sim::{simulate, simulate_start, Outcome, Simulation, Source, Step, StoreRole, TreeStore};

/// Step groups sent at most (and as many failed groups again after them).
pub const SHOWN_GROUPS: usize = 200;
/// Rows of the per-node table.
pub const SHOWN_NODES: usize = 50;
/// Up to this many nodes the charts draw a bar per node; beyond, a histogram.
pub const BAR_NODES: usize = 20;
/// The histogram's ranges.
const BUCKETS: usize = 10;
/// Nodes offered in the store tree's menu.
pub const CHOOSABLE_NODES: usize = 200;

/// The engine's side: the last simulation and its "before", kept for the next request with the
/// same text.
#[derive(Default)]
pub struct Engine {
    last: Option<(String, Simulation, Simulation)>,
}

impl Engine {
    /// The view model for a request (`{id}\t{node}\n{text}`: a sequence number, the node whose
    /// store tree is wanted, the scenario text), in the wire format: one record a line, fields
    /// separated by tabs (escaped inside fields), the first record naming the request.
    pub fn answer(&mut self, request: &str) -> String {
        let (head, text) = request.split_once('\n').unwrap_or((request, ""));
        let (id, node) = head.split_once('\t').unwrap_or((head, "0"));
        let node: usize = node.parse().unwrap_or(0);
        if self.last.as_ref().is_none_or(|(t, _, _)| t != text) {
            self.last = Some((text.to_owned(), simulate(text), simulate_start(text)));
        }
        let Some((_, sim, start)) = &self.last else { return String::new() };
        let mut out = Wire::default();
        view(&mut out, id, node, sim, start);
        out.0
    }
}

/// The wire format's writer.
#[derive(Default)]
struct Wire(String);

impl Wire {
    fn record(&mut self, tag: char, fields: &[&str]) {
        self.0.push(tag);
        for f in fields {
            self.0.push('\t');
            for c in f.chars() {
                match c {
                    '\\' => self.0.push_str("\\\\"),
                    '\t' => self.0.push_str("\\t"),
                    '\n' => self.0.push_str("\\n"),
                    c => self.0.push(c),
                }
            }
        }
        self.0.push('\n');
    }
}

/// `10 000`: a count with thin groups of three, as the page prints counts.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn view(out: &mut Wire, id: &str, node: usize, sim: &Simulation, start: &Simulation) {
    let release = sim.release.map_or("", |r| r.name());
    let failed = sim.steps.iter().filter(|s| s.outcome == Outcome::Error).count();
    let summary = format!(
        "{} step(s), {} failed; the registry served {} (sizes from the scenario, durations modelled)",
        count(sim.steps.len()),
        count(failed),
        human(sim.registry_bytes())
    );
    let node = node.min(sim.nodes.len().saturating_sub(1));
    out.record('R', &[id, if sim.ran { "1" } else { "0" }, release, &summary, &node.to_string()]);
    for d in &sim.diagnostics {
        let (start, end) = (d.span.start.to_string(), d.span.end.to_string());
        let message = d.display_message();
        let note = d.note.as_deref().unwrap_or("");
        out.record('D', &[d.severity.as_str(), d.origin.as_str(), &start, &end, &message, note]);
    }
    if !sim.ran {
        return;
    }
    nodes(out, sim);
    charts(out, sim);
    groups(out, sim);
    for (when, s) in [("before", start), ("after", sim)] {
        for store in s.store_tree(node) {
            tree_store(out, s, node, when, &store);
        }
    }
}

fn nodes(out: &mut Wire, sim: &Simulation) {
    for (n, m) in sim.nodes.iter().zip(&sim.per_node).take(SHOWN_NODES) {
        let crio = n.crio.as_ref().err().map_or("", String::as_str);
        let seconds = format!("{} s", fixed(m.seconds, 1));
        out.record('N', &[&n.name, crio, &human(m.registry_bytes), &seconds, &count(n.images().count())]);
    }
    if sim.nodes.len() > SHOWN_NODES {
        let more =
            format!("… and {} more node(s); the charts below count them all", count(sim.nodes.len() - SHOWN_NODES));
        out.record('n', &[&more]);
    }
    for n in sim.nodes.iter().take(CHOOSABLE_NODES) {
        out.record('O', &[&n.name]);
    }
}

/// A chart: its title and the note on how it is drawn, then its bars (label, length in
/// thousandths of the longest, the figure in words).
fn chart(out: &mut Wire, key: &str, title: &str, note: &str, bars: &[(String, f64, String)]) {
    out.record('C', &[key, title, note]);
    let top = bars.iter().map(|b| b.1).fold(0.0, f64::max);
    for (label, value, text) in bars {
        let length = if top > 0.0 { (value / top * 1000.0).round() as u32 } else { 0 };
        out.record('B', &[label, &length.to_string(), text]);
    }
}

fn charts(out: &mut Wire, sim: &Simulation) {
    let bytes: Vec<f64> = sim.per_node.iter().map(|m| m.registry_bytes as f64).collect();
    let seconds: Vec<f64> = sim.per_node.iter().map(|m| m.seconds).collect();
    let says_bytes = |x: f64| human(x as u64);
    let says_seconds = |x: f64| format!("{} s", fixed(x, 1));
    per_node(out, sim, "bytes", "Registry bytes per node (sizes from the scenario)", &bytes, &says_bytes);
    per_node(out, sim, "seconds", "Start-up seconds per node (modelled)", &seconds, &says_seconds);
    let mut hits: Vec<(String, f64, String)> = sim
        .hits
        .iter()
        .map(|(s, n)| (store_label(sim, *s), *n as f64, format!("{} hit(s)", count(*n as usize))))
        .collect();
    // The order the lookup goes in: the graphroot, additional stores, the registry last.
    let rank = |label: &str| {
        if label == "graphroot" {
            0
        } else if label == "registry" {
            2
        } else {
            1
        }
    };
    hits.sort_by_key(|h| rank(&h.0));
    let note = "steps each store served: images, layers (lazily) and artifacts";
    chart(out, "hits", "Hits per store", note, &hits);
}

fn store_label(sim: &Simulation, s: Source) -> String {
    match s {
        Source::DefaultStore => "graphroot".into(),
        Source::Registry => "registry".into(),
        other => sim.source_label(other),
    }
}

/// A bar per node, or beyond [`BAR_NODES`] nodes a histogram: nodes counted in [`BUCKETS`]
/// equal ranges of the figure.
fn per_node(out: &mut Wire, sim: &Simulation, key: &str, title: &str, values: &[f64], says: &dyn Fn(f64) -> String) {
    if values.len() <= BAR_NODES {
        let bars: Vec<_> = sim.nodes.iter().zip(values).map(|(n, &v)| (n.name.clone(), v, says(v))).collect();
        return chart(out, key, title, "a bar per node", &bars);
    }
    let (low, high) = values.iter().fold((f64::MAX, 0f64), |(l, h), &v| (l.min(v), h.max(v)));
    let width = (high - low) / BUCKETS as f64;
    let mut counts = [0usize; BUCKETS];
    for &v in values {
        let i = if width > 0.0 { ((v - low) / width) as usize } else { 0 };
        counts[i.min(BUCKETS - 1)] += 1;
    }
    let bars: Vec<_> = counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(i, &c)| {
            let from = low + width * i as f64;
            let label = if width > 0.0 { format!("{} – {}", says(from), says(from + width)) } else { says(low) };
            (label, c as f64, format!("{} node(s)", count(c)))
        })
        .collect();
    let note = format!(
        "{} nodes, too many for a bar each: nodes counted by range (a bar per node up to {BAR_NODES})",
        count(values.len())
    );
    chart(out, key, title, &note, &bars);
}

/// Whether two steps of one event read the same on the page.
fn same(sim: &Simulation, a: &Step, b: &Step) -> bool {
    a.kind == b.kind
        && a.reference == b.reference
        && a.outcome == b.outcome
        && a.source == b.source
        && a.lazy == b.lazy
        && a.registry_bytes == b.registry_bytes
        && a.seconds.to_bits() == b.seconds.to_bits()
        && a.message == b.message
        && a.mounts == b.mounts
        && sim.trace(a) == sim.trace(b)
}

/// A group of identical steps: its first step, how many, and how many steps its event had.
struct Group {
    first: usize,
    count: usize,
    of: usize,
}

/// How many of an event's groups back a step is compared with: an event on many nodes has few
/// distinct paths, and a cap keeps a pathological one linear.
const LOOK_BACK: usize = 16;

fn groups(out: &mut Wire, sim: &Simulation) {
    let mut groups: Vec<Group> = Vec::new();
    let mut section = 0;
    for (i, st) in sim.steps.iter().enumerate() {
        let new_event = i == 0 || st.event.is_none() || sim.steps[i - 1].event != st.event;
        if new_event {
            close(&mut groups[section..]);
            section = groups.len();
        }
        let from = groups.len().saturating_sub(LOOK_BACK).max(section);
        match groups[from..].iter_mut().rev().find(|g| same(sim, &sim.steps[g.first], st)) {
            Some(g) => g.count += 1,
            None => groups.push(Group { first: i, count: 1, of: 0 }),
        }
    }
    close(&mut groups[section..]);
    let mut failed_after = 0;
    let mut sent = 0;
    for (i, g) in groups.iter().enumerate() {
        let st = &sim.steps[g.first];
        let failed = st.outcome == Outcome::Error;
        if i >= SHOWN_GROUPS && !(failed && failed_after < SHOWN_GROUPS) {
            continue;
        }
        if i >= SHOWN_GROUPS {
            failed_after += 1;
        }
        sent += 1;
        group(out, sim, st, g);
    }
    if sent < groups.len() {
        let more = format!(
            "… and {} more group(s) of steps; ctrcfg simulate --format json prints every step",
            count(groups.len() - sent)
        );
        out.record('g', &[&more]);
    }
}

/// Counts every group of one event's steps against the event's total.
fn close(section: &mut [Group]) {
    let total = section.iter().map(|g| g.count).sum();
    for g in section {
        g.of = total;
    }
}

fn group(out: &mut Wire, sim: &Simulation, st: &Step, g: &Group) {
    let what = st.reference.map_or(String::new(), |r| format!(" {}", sim.refs.name(r)));
    let on = match (st.node, g.count) {
        (None, _) => String::new(),
        (Some(n), 1) => format!(" on {}", sim.nodes[n].name),
        (Some(_), c) if c == g.of => format!(" on {} nodes", count(c)),
        (Some(_), c) => format!(" on {} of {} nodes", count(c), count(g.of)),
    };
    let outcome = if st.outcome == Outcome::Ok { "ok" } else { "error" };
    let facts = sim.facts(st).join(" · ");
    let (start, end) = (st.span.start.to_string(), st.span.end.to_string());
    out.record('G', &[&format!("{}{what}{on}", st.kind), outcome, &facts, &start, &end]);
    for line in sim.trace_lines(st) {
        out.record('L', &[&line]);
    }
    for m in &st.mounts {
        if let Some(files) = &m.files {
            let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
            out.record('M', &[&format!("mounted {} read-only: {}", sim.refs.name(m.reference), names.join(", "))]);
        }
    }
    if !st.message.is_empty() {
        out.record('E', &[&st.message]);
    }
}

fn tree_store(out: &mut Wire, sim: &Simulation, n: usize, when: &str, t: &TreeStore) {
    let role = match t.role {
        StoreRole::Graphroot => "graphroot",
        StoreRole::ImageStore => "additional image store",
        StoreRole::LayerStore => "additional layer store",
        StoreRole::ArtifactStore => "additional artifact store",
    };
    let mut state: Vec<String> = Vec::new();
    if t.role == StoreRole::Graphroot {
        match &sim.nodes[n].crio {
            Ok(()) => state.push("CRI-O running".into()),
            Err(e) => state.push(format!("CRI-O failed: {e}")),
        }
    }
    match t.store.map(|id| &sim.stores.all[id]) {
        Some(s) => {
            state.push(s.medium.name().into());
            if s.shared {
                state.push("shared".into());
            }
            if !s.exists(n) {
                state.push("missing".into());
            } else if !s.is_mounted(n) {
                state.push("mount failed: looks empty".into());
            }
            if let Some(plugin) = &s.plugin {
                let running = if s.is_running(n) { "running" } else { "stopped" };
                state.push(format!("{plugin} {running}"));
            }
        }
        None if t.role != StoreRole::Graphroot => state.push("not described: an empty local directory".into()),
        None => {}
    }
    out.record('T', &[when, role, &t.path, &state.join(", ")]);
    let path = |id: u32| sim.stores.all.get(id as usize).map_or("?", |s| s.path.as_str());
    for &(r, generation, layers) in &t.images {
        let mut item = format!("image {}", sim.refs.name(r));
        if generation > 0 {
            item.push_str(&format!(" (retagged content, generation {generation})"));
        }
        match (t.role, layers) {
            (StoreRole::LayerStore, _) => item.push_str(": its layers, served lazily"),
            (_, Layers::Lazy(id)) => item.push_str(&format!(": layers served lazily by {}", path(id))),
            (_, Layers::ReadOnly(id)) => item.push_str(&format!(": layers in {}", path(id))),
            (_, Layers::Own) => {}
        }
        out.record('I', &[&item]);
    }
    for &(r, _) in &t.artifacts {
        let place = if t.role == StoreRole::Graphroot { " (in <graphroot>/artifacts)" } else { "" };
        out.record('I', &[&format!("artifact {}{place}", sim.refs.name(r))]);
    }
}
