//! The steps as markup, grouped by core (`ctrcfg_core::sim::groups`, the grouping the CLI's
//! output shares): steps of one event that read the same are one row ("pull X on 9 000 of
//! 10 000 nodes"). A fleet's million steps become one row per event and path taken. At most [`SHOWN_GROUPS`]
//! rows are written, plus up to as many failed ones after them, so that the page's "only
//! failed" filter never misses a failure; a line says how many were left out.
//!
//! Grouping rather than a virtualised list: every row stays in the DOM, so the browser's own
//! search and assistive technology find it, and a group says more than 10 000 identical rows
//! would. Each row's head carries its event's range in UTF-16 offsets (`data-from`, `data-to`),
//! which the page selects in the editor on a click.

use super::markup::{element, text};
use ctrcfg_core::sim::groups::{facts, message, step_groups, trace_lines, Grouping, StepGroup};
use ctrcfg_core::sim::units::count;
use ctrcfg_core::sim::{Outcome, Simulation};
use ctrcfg_core::text::LineIndex;
use std::fmt::Write;

/// Step groups written at most (and as many failed groups again after them).
pub const SHOWN_GROUPS: usize = 200;

/// The rows of `sim`'s steps, and how many of them (shown or not) failed.
pub fn steps(out: &mut String, sim: &Simulation, source: &str) -> usize {
    let groups = step_groups(sim, Grouping::Shared);
    let index = LineIndex::new(source);
    let (mut failed, mut failed_after, mut written) = (0, 0, 0);
    for (i, g) in groups.iter().enumerate() {
        let error = sim.steps[g.first].outcome == Outcome::Error;
        failed += usize::from(error);
        if i >= SHOWN_GROUPS {
            if !error || failed_after >= SHOWN_GROUPS {
                continue;
            }
            failed_after += 1;
        }
        written += 1;
        row(out, sim, g, &index);
    }
    if written < groups.len() {
        let more = format!(
            "… and {} more group(s) of steps; ctrcfg simulate prints every group, and with --per-node every step",
            count(groups.len() - written)
        );
        out.push_str("<li class=\"steps-more\" id=\"steps-more\">");
        text(out, &more);
        out.push_str("</li>");
    }
    failed
}

/// A group's row: "pull X on 9 000 of 10 000 nodes", its facts, trace, mounts and message. The
/// row names its nodes only for one node; the count says more than a list a row cannot hold.
fn row(out: &mut String, sim: &Simulation, g: &StepGroup, index: &LineIndex<'_>) {
    let st = &sim.steps[g.first];
    let what = st.reference().map_or(String::new(), |r| format!(" {}", sim.refs.name(r)));
    let on = match (st.node(), g.nodes.len()) {
        (None, _) => String::new(),
        (Some(n), 1) => format!(" on {}", sim.nodes[n].name),
        (Some(_), c) if c == g.of => format!(" on {} nodes", count(c)),
        (Some(_), c) => format!(" on {} of {} nodes", count(c), count(g.of)),
    };
    let outcome = if st.outcome == Outcome::Ok { "ok" } else { "error" };
    let span = sim.span(st);
    let (from, to) = (index.utf16_offset(span.start), index.utf16_offset(span.end));
    let _ = write!(
        out,
        "<li class=\"step {outcome}\"><button type=\"button\" class=\"step-head\" data-from=\"{from}\" data-to=\"{to}\" title=\"Show the event in the editor\">"
    );
    element(out, "span", "outcome", outcome);
    element(out, "span", "what", &format!("{}{what}{on}", st.kind));
    element(out, "span", "facts", &facts(sim, g).join(" · "));
    out.push_str("</button><ul class=\"trace\">");
    for line in trace_lines(sim, g) {
        element(out, "li", "", &line);
    }
    out.push_str("</ul>");
    for m in st.mounts() {
        if let Some(files) = &m.files {
            let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
            element(
                out,
                "p",
                "mount",
                &format!("mounted {} read-only: {}", sim.refs.name(m.reference), names.join(", ")),
            );
        }
    }
    if !st.message().is_empty() {
        element(out, "p", "message", &message(sim, g));
    }
    out.push_str("</li>");
}
