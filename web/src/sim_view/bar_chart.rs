//! A horizontal bar chart as inline SVG markup (no chart library: a few rectangles and labels
//! cost less than any library would, and are written here in the worker, so the page's own
//! wasm carries no chart code). Each bar has its label above it and its figure after it; the
//! figures, already worded, are also the chart's accessible name (`role="img"`, `<title>` and
//! `aria-label`) and a table below it for readers who want the numbers.

use super::markup::{element, text};
use std::fmt::Write;

/// The drawing's width in SVG units; it scales to the pane.
const WIDTH: u32 = 560;
/// Each bar's row: its label, then the bar.
const ROW: u32 = 30;
/// The longest bar, leaving room for its figure after it.
const LONGEST: f64 = 420.0;

/// A bar: its label, its value (bars are drawn against the largest), the value in words.
pub type Bar = (String, f64, String);

/// The chart with element id `id`: its title, a note on how it is drawn, and its bars.
pub fn bar_chart(out: &mut String, id: &str, title: &str, note: &str, bars: &[Bar]) {
    let figures: Vec<String> = bars.iter().map(|(label, _, figure)| format!("{label} {figure}")).collect();
    let name = if figures.is_empty() {
        format!("{title}: nothing to draw")
    } else {
        format!("{title}: {}", figures.join("; "))
    };
    let top = bars.iter().map(|b| b.1).fold(0.0, f64::max);
    let height = (bars.len() as u32 * ROW).max(ROW);
    let _ = write!(out, "<figure class=\"chart\" id=\"{id}\"><figcaption>");
    element(out, "span", "chart-title", title);
    element(out, "span", "chart-note", &format!(" ({note})"));
    out.push_str("</figcaption><svg role=\"img\" aria-label=\"");
    text(out, &name);
    let _ = write!(out, "\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">");
    element(out, "title", "", &name);
    for (i, (label, value, figure)) in bars.iter().enumerate() {
        let y = i as u32 * ROW;
        let w = if top > 0.0 { (value / top * LONGEST).round().max(1.0) } else { 1.0 };
        let _ = write!(out, "<text x=\"0\" y=\"{}\" class=\"chart-label\">", y + 11);
        text(out, label);
        let _ = write!(
            out,
            "</text><rect x=\"0\" y=\"{}\" width=\"{w}\" height=\"10\" rx=\"2\" class=\"chart-bar\"></rect><text x=\"{}\" y=\"{}\" class=\"chart-figure\">",
            y + 15,
            w + 6.0,
            y + 24
        );
        text(out, figure);
        out.push_str("</text>");
    }
    out.push_str("</svg><details class=\"chart-data\"><summary>the figures as a table</summary><table><tbody>");
    for (label, _, figure) in bars {
        out.push_str("<tr>");
        element(out, "td", "", label);
        element(out, "td", "", figure);
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></details></figure>");
}

/// Up to this many nodes a per-node chart draws a bar per node; beyond, a histogram.
pub const BAR_NODES: usize = 20;
/// The histogram's ranges.
const BUCKETS: usize = 10;

/// The bars of a per-node figure, and the note on how they are drawn: a bar per node up to
/// [`BAR_NODES`] nodes, beyond that nodes counted in [`BUCKETS`] equal ranges of the figure
/// (10 000 bars would say nothing a histogram does not).
pub fn per_node(names: &[&str], values: &[f64], says: &dyn Fn(f64) -> String) -> (String, Vec<Bar>) {
    if values.len() <= BAR_NODES {
        let bars = names.iter().zip(values).map(|(n, &v)| (n.to_string(), v, says(v))).collect();
        return ("a bar per node".into(), bars);
    }
    let (low, high) = values.iter().fold((f64::MAX, 0f64), |(l, h), &v| (l.min(v), h.max(v)));
    let width = (high - low) / BUCKETS as f64;
    let mut counts = [0usize; BUCKETS];
    for &v in values {
        let i = if width > 0.0 { ((v - low) / width) as usize } else { 0 };
        counts[i.min(BUCKETS - 1)] += 1;
    }
    let bars = counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(i, &c)| {
            let from = low + width * i as f64;
            let label = if width > 0.0 { format!("{} – {}", says(from), says(from + width)) } else { says(low) };
            (label, c as f64, format!("{} node(s)", super::count(c)))
        })
        .collect();
    let note = format!(
        "{} nodes, too many for a bar each: nodes counted by range; a bar per node up to {BAR_NODES}",
        super::count(values.len())
    );
    (note, bars)
}
