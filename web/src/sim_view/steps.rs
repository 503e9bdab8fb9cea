//! The steps as markup, grouped: steps of one event with the same kind, reference, outcome,
//! source, figures, trace, message and mounts are one row ("pull X on 9 000 of 10 000 nodes").
//! A fleet's million steps become one row per event and path taken. At most [`SHOWN_GROUPS`]
//! rows are written, plus up to as many failed ones after them, so that the page's "only
//! failed" filter never misses a failure; a line says how many were left out.
//!
//! Grouping rather than a virtualised list: every row stays in the DOM, so the browser's own
//! search and assistive technology find it, and a group says more than 10 000 identical rows
//! would. Each row's head carries its event's range in UTF-16 offsets (`data-from`, `data-to`),
//! which the page selects in the editor on a click.

use super::count;
use super::markup::{element, text};
use ctrcfg_core::sim::{Outcome, Simulation, Step};
use ctrcfg_core::text::LineIndex;
use std::fmt::Write;

/// Step groups written at most (and as many failed groups again after them).
pub const SHOWN_GROUPS: usize = 200;

/// How many of an event's groups back a step is compared with: an event on many nodes has few
/// distinct paths, and the cap keeps a pathological one linear.
const LOOK_BACK: usize = 16;

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

/// Counts every group of one event's steps against the event's total.
fn close(section: &mut [Group]) {
    let total = section.iter().map(|g| g.count).sum();
    for g in section {
        g.of = total;
    }
}

/// The rows of `sim`'s steps, and how many of them (shown or not) failed.
pub fn steps(out: &mut String, sim: &Simulation, source: &str) -> usize {
    let mut groups: Vec<Group> = Vec::new();
    let mut section = 0;
    for (i, st) in sim.steps.iter().enumerate() {
        if i == 0 || st.event.is_none() || sim.steps[i - 1].event != st.event {
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
    let index = LineIndex::new(source);
    let (mut failed, mut failed_after, mut written) = (0, 0, 0);
    for (i, g) in groups.iter().enumerate() {
        let st = &sim.steps[g.first];
        let error = st.outcome == Outcome::Error;
        failed += usize::from(error);
        if i >= SHOWN_GROUPS {
            if !error || failed_after >= SHOWN_GROUPS {
                continue;
            }
            failed_after += 1;
        }
        written += 1;
        row(out, sim, st, g, &index);
    }
    if written < groups.len() {
        let more = format!(
            "… and {} more group(s) of steps; ctrcfg simulate --format json prints every step",
            count(groups.len() - written)
        );
        out.push_str("<li class=\"steps-more\" id=\"steps-more\">");
        text(out, &more);
        out.push_str("</li>");
    }
    failed
}

fn row(out: &mut String, sim: &Simulation, st: &Step, g: &Group, index: &LineIndex<'_>) {
    let what = st.reference.map_or(String::new(), |r| format!(" {}", sim.refs.name(r)));
    let on = match (st.node, g.count) {
        (None, _) => String::new(),
        (Some(n), 1) => format!(" on {}", sim.nodes[n].name),
        (Some(_), c) if c == g.of => format!(" on {} nodes", count(c)),
        (Some(_), c) => format!(" on {} of {} nodes", count(c), count(g.of)),
    };
    let outcome = if st.outcome == Outcome::Ok { "ok" } else { "error" };
    let (from, to) = (index.utf16_offset(st.span.start), index.utf16_offset(st.span.end));
    let _ = write!(
        out,
        "<li class=\"step {outcome}\"><button type=\"button\" class=\"step-head\" data-from=\"{from}\" data-to=\"{to}\" title=\"Show the event in the editor\">"
    );
    element(out, "span", "outcome", outcome);
    element(out, "span", "what", &format!("{}{what}{on}", st.kind));
    element(out, "span", "facts", &sim.facts(st).join(" · "));
    out.push_str("</button><ul class=\"trace\">");
    for line in sim.trace_lines(st) {
        element(out, "li", "", &line);
    }
    out.push_str("</ul>");
    for m in &st.mounts {
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
    if !st.message.is_empty() {
        element(out, "p", "message", &st.message);
    }
    out.push_str("</li>");
}
