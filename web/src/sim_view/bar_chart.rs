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
    let top = bars.iter().map(|b| b.1).fold(0.0, f64::max);
    let height = (bars.len() as u32 * ROW).max(ROW);
    open(out, id, title, note, &figures, height);
    for (i, (label, value, figure)) in bars.iter().enumerate() {
        let y = i as u32 * ROW;
        label_at(out, y + 11, label);
        bar(out, y + 15, value / top.max(f64::MIN_POSITIVE), "chart-bar", figure);
    }
    let rows: Vec<[&str; 2]> = bars.iter().map(|(label, _, figure)| [label.as_str(), figure.as_str()]).collect();
    close(out, &rows);
}

/// Opens a chart: the caption (`title`, and `note` on how it is drawn), and the drawing of
/// `height` units, named by its `figures` in words.
pub fn open(out: &mut String, id: &str, title: &str, note: &str, figures: &[String], height: u32) {
    let name = if figures.is_empty() {
        format!("{title}: nothing to draw")
    } else {
        format!("{title}: {}", figures.join("; "))
    };
    let _ = write!(out, "<figure class=\"chart\" id=\"{id}\"><figcaption>");
    element(out, "span", "chart-title", title);
    element(out, "span", "chart-note", &format!(" ({note})"));
    out.push_str("</figcaption><svg role=\"img\" aria-label=\"");
    text(out, &name);
    let _ = write!(out, "\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">");
    element(out, "title", "", &name);
}

/// A label whose baseline is at `y`.
pub fn label_at(out: &mut String, y: u32, label: &str) {
    let _ = write!(out, "<text x=\"0\" y=\"{y}\" class=\"chart-label\">");
    text(out, label);
    out.push_str("</text>");
}

/// A bar whose top is at `y`, `share` of the longest (at least a sliver, so that a zero is
/// seen to be drawn), of class `class`, with its figure after it.
pub fn bar(out: &mut String, y: u32, share: f64, class: &str, figure: &str) {
    let w = (share * LONGEST).round().max(1.0);
    let _ = write!(
        out,
        "<rect x=\"0\" y=\"{y}\" width=\"{w}\" height=\"10\" rx=\"2\" class=\"{class}\"></rect><text x=\"{}\" y=\"{}\" class=\"chart-figure\">",
        w + 6.0,
        y + 9
    );
    text(out, figure);
    out.push_str("</text>");
}

/// Closes a chart: the drawing, then its figures as a table, a row of cells each.
pub fn close<const N: usize>(out: &mut String, rows: &[[&str; N]]) {
    out.push_str("</svg><details class=\"chart-data\"><summary>the figures as a table</summary><table><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            element(out, "td", "", cell);
        }
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
