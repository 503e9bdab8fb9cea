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
//! - **A scenario with `variants:` is compared** (`sim::compare`): the answer carries the
//!   comparison table ([`comparison`]) and chart ([`compare_chart`]) of all variants, their
//!   names for the page's chooser, and the steps, charts and trees of the one variant the page
//!   asks for, drawn as a single scenario's are. Every variant's run is kept, so choosing
//!   another variant does not run the scenario again.
//!
//! The charts, the trees, the node table and the step rows are written here as markup (escaped
//! in one place, [`markup`]), which the page inserts as it is: the page's own wasm then carries
//! no drawing code for them (its size budget is tight), and inserting one string is cheaper on
//! the main thread than building hundreds of virtual nodes. What the page works with itself
//! (the diagnostics for the editor, the release, the node menu, counts) comes as plain fields.
//! [`Engine::answer`] writes the wire format; `state.rs` (`SimView::read`) reads it.

mod bar_chart;
mod bytes_chart;
mod compare_chart;
mod comparison;
mod hits_chart;
mod markup;
mod seconds_chart;
mod steps;
mod store_tree;

use comparison::Compared;
use ctrcfg_core::diag::Diagnostic;
use ctrcfg_core::release::Release;
use ctrcfg_core::sim::compare::{compare, compare_start, has_variants, Comparison};
use ctrcfg_core::sim::units::{count, fixed, human};
use ctrcfg_core::sim::{simulate, simulate_start, Outcome, Simulation};
use markup::element;

/// Rows of the per-node table.
pub const SHOWN_NODES: usize = 50;
/// Nodes offered in the store tree's menu.
pub const CHOOSABLE_NODES: usize = 200;

/// What a text's runs are, kept for the next request with the same text.
enum Runs {
    /// A scenario without variants: its run and its start (before the first event), boxed as
    /// the other holds its runs in vectors.
    Single(Box<(Simulation, Simulation)>),
    /// A scenario with variants: every variant's run, and each one's start (empty when the
    /// scenario had errors and nothing ran).
    Compared(Comparison, Comparison),
}

impl Runs {
    fn of(text: &str) -> Runs {
        if has_variants(text) {
            Runs::Compared(compare(text), compare_start(text))
        } else {
            Runs::Single(Box::new((simulate(text), simulate_start(text))))
        }
    }
}

/// The engine's side: the last text's runs.
#[derive(Default)]
pub struct Engine {
    last: Option<(String, Runs)>,
}

/// A request's fields before its text.
struct Request<'a> {
    id: &'a str,
    /// The node whose store tree is wanted.
    node: usize,
    /// The variant whose steps, charts and trees are wanted.
    variant: usize,
}

impl Engine {
    /// The view model for a request (`{id}\t{node}\t{variant}\n{text}`: a sequence number, the
    /// node whose store tree and the variant whose steps are wanted, the scenario text), in the
    /// wire format: one record a line, fields separated by tabs (escaped inside fields), the
    /// first record naming the request.
    pub fn answer(&mut self, request: &str) -> String {
        let (head, text) = request.split_once('\n').unwrap_or((request, ""));
        let mut fields = head.split('\t');
        let id = fields.next().unwrap_or("");
        let mut index = || fields.next().and_then(|f| f.parse().ok()).unwrap_or(0);
        let asked = Request { id, node: index(), variant: index() };
        if self.last.as_ref().is_none_or(|(t, _)| t != text) {
            // A fleet's steps are hundreds of megabytes: the old ones go before the new ones come.
            self.last = None;
            self.last = Some((text.to_owned(), Runs::of(text)));
        }
        let Some((text, runs)) = &self.last else { return String::new() };
        let mut out = Wire::default();
        match runs {
            Runs::Single(runs) => {
                let (sim, start) = &**runs;
                let said = Said { release: sim.release, diagnostics: &sim.diagnostics, variant: 0, compared: None };
                view(&mut out, &asked, text, sim.ran.then_some((sim, start)), &said);
            }
            Runs::Compared(c, starts) => {
                let variant = asked.variant.min(c.runs.len().saturating_sub(1));
                let shown =
                    c.runs.get(variant).zip(starts.runs.get(variant)).map(|((_, sim), (_, start))| (sim, start));
                let said = Said { release: c.release, diagnostics: &c.diagnostics, variant, compared: Some(c) };
                view(&mut out, &asked, text, shown.filter(|_| c.ran), &said);
            }
        }
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

/// What an answer says besides the run it draws: the scenario's level and diagnostics, and for
/// a scenario with variants their comparison and which variant is drawn.
struct Said<'a> {
    release: Option<Release>,
    diagnostics: &'a [Diagnostic],
    variant: usize,
    compared: Option<&'a Comparison>,
}

/// Writes the answer: the head record, the diagnostics, the comparison of the variants, then the
/// run drawn (`shown`, with its start; `None` when nothing ran).
fn view(out: &mut Wire, asked: &Request<'_>, text: &str, shown: Option<(&Simulation, &Simulation)>, said: &Said<'_>) {
    let release = said.release.map_or("", |r| r.name());
    let (mut summary, mut steps, mut failed_groups, mut node) = (String::new(), String::new(), 0, 0);
    if let Some((sim, _)) = shown {
        let failed = sim.steps.iter().filter(|s| s.outcome == Outcome::Error).count();
        summary = format!(
            "{} step(s), {} failed; the registry served {} (sizes from the scenario, durations modelled)",
            count(sim.steps.len()),
            count(failed),
            human(sim.registry_bytes())
        );
        if let Some((name, _)) = said.compared.and_then(|c| c.runs.get(said.variant)) {
            summary = format!("variant {name}: {summary}");
        }
        node = asked.node.min(sim.nodes.len().saturating_sub(1));
        failed_groups = steps::steps(&mut steps, sim, text);
    }
    let ran = if shown.is_some() { "1" } else { "0" };
    let head =
        [asked.id, ran, release, &summary, &node.to_string(), &failed_groups.to_string(), &said.variant.to_string()];
    out.record('R', &head);
    for d in said.diagnostics {
        let (start, end) = (d.span.start.to_string(), d.span.end.to_string());
        let note = d.note.as_deref().unwrap_or("");
        out.record('D', &[d.severity.as_str(), d.origin.as_str(), &start, &end, &d.display_message(), note]);
    }
    let Some((sim, start)) = shown else { return };
    if let Some(c) = said.compared {
        variants(out, c);
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

/// The variants' names (for the page's chooser), and their comparison as a table and a chart.
fn variants(out: &mut Wire, c: &Comparison) {
    let compared = Compared::of(c);
    for name in &compared.names {
        out.record('V', &[name]);
    }
    let mut table = String::new();
    comparison::comparison(&mut table, &compared);
    out.record('H', &["compare", &table]);
    let mut chart = String::new();
    compare_chart::compare_chart(&mut chart, &compared);
    out.record('H', &["compare-chart", &chart]);
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

    /// A decision scenario: three designs of one roll-out.
    pub const DESIGNS: &str = include_str!("../../../tests/scenarios/model-rollout-designs.yaml");

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

    #[test]
    fn a_scenario_with_variants_sends_their_comparison_and_the_chosen_variants_own_trace() {
        let mut engine = Engine::default();
        let first = engine.answer(&format!("1\t0\t0\n{DESIGNS}"));
        let second = engine.answer(&format!("2\t0\t1\n{DESIGNS}"));
        let names: Vec<String> = records(&second, 'V').into_iter().map(|v| v[0].clone()).collect();
        assert_eq!(names, ["plain", "stargz", "ssd-artifacts"]);
        let html = |answer: &str, what: &str| {
            records(answer, 'H').into_iter().find(|h| h[0] == what).map(|h| h[1].clone()).unwrap_or_default()
        };
        // The comparison is of all variants, whichever is chosen.
        assert_eq!(html(&first, "compare"), html(&second, "compare"));
        assert_eq!(html(&second, "compare").matches("<tr").count(), 4);
        assert_eq!(html(&second, "compare-chart").matches("<g class=\"chart-group\">").count(), 3);
        let head = &records(&second, 'R')[0];
        assert_eq!((head[0].as_str(), head[1].as_str(), head[6].as_str()), ("2", "1", "1"));
        assert!(head[3].starts_with("variant stargz: "), "{}", head[3]);
        // Each variant's steps are its own: only stargz reads through the layer store.
        assert!(html(&second, "steps").contains("additionalLayerStore /var/lib/stargz-store/store"));
        assert!(!html(&first, "steps").contains("additionalLayerStore"));
        assert!(html(&second, "after").contains("/var/lib/stargz-store/store"));
        // A variant past the last is the last.
        let past = engine.answer(&format!("3\t0\t9\n{DESIGNS}"));
        assert_eq!(records(&past, 'R')[0][6], "2");
        assert!(html(&past, "steps").contains("additionalArtifactStore /mnt/ssd-models"));
    }

    #[test]
    fn a_scenario_without_variants_has_no_comparison() {
        let answer = Engine::default().answer(&format!("1\t0\t2\n{FLEET}"));
        assert!(records(&answer, 'V').is_empty());
        assert!(records(&answer, 'H').iter().all(|h| !h[0].starts_with("compare")));
        assert_eq!(records(&answer, 'R')[0][6], "0");
    }

    #[test]
    fn a_variants_error_is_sent_with_the_variant_it_is_in_and_nothing_runs() {
        let text = format!("{FLEET}- {{fail: /mnt/cache}}\nvariants:\n- name: plain\n- name: cached\n  storage:\n  - {{path: /mnt/cache}}\n");
        let answer = Engine::default().answer(&format!("1\t0\t0\n{text}"));
        assert_eq!(records(&answer, 'R')[0][1], "0");
        let errors: Vec<Vec<String>> = records(&answer, 'D').into_iter().filter(|d| d[0] == "error").collect();
        assert_eq!(errors.len(), 1, "{answer}");
        assert!(errors[0][4].contains("/mnt/cache"), "{:?}", errors[0]);
        assert_eq!(errors[0][5], "in variant \"plain\" only");
        assert!(records(&answer, 'V').is_empty() && records(&answer, 'H').is_empty());
    }
}
