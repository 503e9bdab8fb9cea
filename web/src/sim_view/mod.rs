//! What the Scenario view draws, computed where the engine runs: in the `sim_worker` Web Worker
//! (`web/src/bin/sim_worker.rs`, the only target that includes this module). A fleet scenario
//! is a million node-steps (about 100 ms of `simulate` in Chromium, over 200 MB of steps), so
//! the page never receives the simulation itself, only this view model, cut to what it draws:
//!
//! - **Steps are grouped** ([`steps`], which says why grouping rather than a virtual list).
//! - **Per-node figures are aggregated.** The table lists the first [`SHOWN_NODES`] nodes; the
//!   byte and time charts draw a bar per node up to `BAR_NODES` nodes and a histogram beyond,
//!   and say so ([`bar_chart`]).
//! - **Store trees are for one node**, the one the page asks for, before (the cluster before the
//!   first event, `simulate_start`) and after; the last simulation is kept, so choosing another
//!   node does not run the scenario again.
//!
//! The charts, the trees, the node table and the step rows are written here as markup (escaped
//! in one place, [`markup`]), which the page inserts as it is: the page's own wasm then carries
//! no drawing code for them (its size budget is tight), and inserting one string is cheaper on
//! the main thread than building hundreds of virtual nodes. What the page works with itself
//! (the diagnostics for the editor, the release, the node menu, counts) comes as plain fields.
//! [`Engine::answer`] writes the wire format; `state.rs` (`SimView::read`) reads it.

mod bar_chart;
mod bytes_chart;
mod hits_chart;
mod markup;
mod seconds_chart;
mod steps;
mod store_tree;

use ctrcfg_core::sim::units::{count, fixed, human};
use ctrcfg_core::sim::{simulate, simulate_start, Outcome, Simulation};
use markup::element;

/// Rows of the per-node table.
pub const SHOWN_NODES: usize = 50;
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
            // A fleet's steps are hundreds of megabytes: the old ones go before the new ones come.
            self.last = None;
            self.last = Some((text.to_owned(), simulate(text), simulate_start(text)));
        }
        let Some((text, sim, start)) = &self.last else { return String::new() };
        let mut out = Wire::default();
        view(&mut out, id, node, text, sim, start);
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

fn view(out: &mut Wire, id: &str, node: usize, text: &str, sim: &Simulation, start: &Simulation) {
    let release = sim.release.map_or("", |r| r.name());
    let failed = sim.steps.iter().filter(|s| s.outcome == Outcome::Error).count();
    let summary = format!(
        "{} step(s), {} failed; the registry served {} (sizes from the scenario, durations modelled)",
        count(sim.steps.len()),
        count(failed),
        human(sim.registry_bytes())
    );
    let node = node.min(sim.nodes.len().saturating_sub(1));
    let mut steps = String::new();
    let failed_groups = if sim.ran { steps::steps(&mut steps, sim, text) } else { 0 };
    let head = [id, if sim.ran { "1" } else { "0" }, release, &summary, &node.to_string(), &failed_groups.to_string()];
    out.record('R', &head);
    for d in &sim.diagnostics {
        let (start, end) = (d.span.start.to_string(), d.span.end.to_string());
        let note = d.note.as_deref().unwrap_or("");
        out.record('D', &[d.severity.as_str(), d.origin.as_str(), &start, &end, &d.display_message(), note]);
    }
    if !sim.ran {
        return;
    }
    for n in sim.nodes.iter().take(CHOOSABLE_NODES) {
        out.record('O', &[&n.name]);
    }
    let names: Vec<&str> = sim.nodes.iter().map(|n| n.name.as_str()).collect();
    let mut charts = String::new();
    bytes_chart::bytes_chart(&mut charts, sim, &names);
    seconds_chart::seconds_chart(&mut charts, sim, &names);
    hits_chart::hits_chart(&mut charts, sim);
    out.record('H', &["charts", &charts]);
    let (before, after) = store_tree::store_tree(node, start, sim);
    out.record('H', &["before", &before]);
    out.record('H', &["after", &after]);
    out.record('H', &["nodes", &nodes(sim)]);
    out.record('H', &["steps", &steps]);
}

/// The per-node table, the first [`SHOWN_NODES`] nodes.
fn nodes(sim: &Simulation) -> String {
    let mut out = String::from(
        "<table class=\"nodes\" id=\"sim-nodes\"><thead><tr><th>node</th><th>CRI-O</th><th>from the registry</th><th>time (modelled)</th><th>images in its store</th></tr></thead><tbody>",
    );
    for (n, m) in sim.nodes.iter().zip(&sim.per_node).take(SHOWN_NODES) {
        out.push_str("<tr>");
        element(&mut out, "td", "", &n.name);
        match &n.crio {
            Ok(()) => out.push_str("<td><span class=\"ok\">running</span></td>"),
            Err(e) => {
                out.push_str("<td><span class=\"bad\" title=\"");
                markup::text(&mut out, e);
                out.push_str("\">failed</span></td>");
            }
        }
        element(&mut out, "td", "", &human(m.registry_bytes));
        element(&mut out, "td", "", &format!("{} s", fixed(m.seconds, 1)));
        element(&mut out, "td", "", &count(n.images().count()));
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if sim.nodes.len() > SHOWN_NODES {
        let more = format!("… and {} more node(s); the charts count them all", count(sim.nodes.len() - SHOWN_NODES));
        out.push_str("<p class=\"rollout\" id=\"nodes-more\">");
        markup::text(&mut out, &more);
        out.push_str("</p>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records of an answer with `tag`, their fields unescaped enough for these checks.
    fn records(answer: &str, tag: char) -> Vec<Vec<String>> {
        answer
            .lines()
            .filter(|l| l.starts_with(tag))
            .map(|l| l.split('\t').skip(1).map(|f| f.replace("\\n", "\n")).collect())
            .collect()
    }

    const FLEET: &str = "kind: Scenario\npools:\n- {name: worker, nodeCount: 30}\nregistry:\n  images:\n  - {ref: quay.io/a:1, size: 100MB}\nevents:\n- {pull: quay.io/a:1}\n- {pull: quay.io/a:1}\n";

    #[test]
    fn identical_steps_are_one_row_and_thirty_nodes_a_histogram() {
        let answer = Engine::default().answer(&format!("7\t0\n{FLEET}"));
        let head = &records(&answer, 'R')[0];
        assert_eq!(&head[..2], ["7", "1"]);
        assert!(head[3].starts_with("60 step(s), 0 failed"), "{}", head[3]);
        let html = records(&answer, 'H');
        let steps = &html.iter().find(|h| h[0] == "steps").expect("steps")[1];
        assert_eq!(steps.matches("<li class=\"step ").count(), 2, "{steps}");
        assert!(steps.contains("pull quay.io/a:1 on 30 nodes"), "{steps}");
        let charts = &html.iter().find(|h| h[0] == "charts").expect("charts")[1];
        assert!(charts.contains("30 nodes, too many for a bar each"), "{charts}");
        assert!(charts.contains("30 node(s)"), "{charts}");
        assert_eq!(records(&answer, 'O').len(), 30);
    }

    #[test]
    fn a_scenario_with_errors_sends_its_diagnostics_and_nothing_else() {
        let answer = Engine::default().answer("1\t0\nkind: Scenario\nevents: [{pull: x, node: nope}]\n");
        assert_eq!(records(&answer, 'R')[0][1], "0");
        assert!(!records(&answer, 'D').is_empty());
        assert!(records(&answer, 'H').is_empty());
    }
}
