//! A horizontal bar chart drawn as inline SVG (no chart library: a few rectangles and labels
//! cost less than any library would). Each bar has its label above it and its figure after it;
//! the figures, already worded by the engine, are also the chart's accessible name (`<title>`
//! and `aria-label`) and a table beside it for readers who want the numbers.

use crate::state::Chart;
use yew::prelude::*;

/// The drawing's width in SVG units; it scales to the pane.
const WIDTH: u32 = 400;
/// Each bar's row: its label, then the bar.
const ROW: u32 = 30;
/// The longest bar, leaving room for its figure after it.
const LONGEST: u32 = 280;

/// The chart `chart`, in a figure with the element id `id`.
pub fn bar_chart(chart: &Chart, id: &'static str) -> Html {
    let figures: Vec<String> = chart.bars.iter().map(|b| format!("{} {}", b.label, b.text)).collect();
    let name = if figures.is_empty() {
        format!("{}: nothing to draw", chart.title)
    } else {
        format!("{}: {}", chart.title, figures.join("; "))
    };
    let height = (chart.bars.len() as u32 * ROW).max(ROW);
    let bars = chart.bars.iter().enumerate().map(|(i, b)| {
        let y = i as u32 * ROW;
        let w = (b.length * LONGEST / 1000).max(1);
        html! {
            <g>
                <text x="0" y={(y + 11).to_string()} class="chart-label">{ &b.label }</text>
                <rect x="0" y={(y + 15).to_string()} width={w.to_string()} height="10" rx="2" class="chart-bar" />
                <text x={(w + 6).to_string()} y={(y + 24).to_string()} class="chart-figure">{ &b.text }</text>
            </g>
        }
    });
    let rows = chart.bars.iter().map(|b| html! { <tr><td>{ &b.label }</td><td>{ &b.text }</td></tr> });
    html! {
        <figure class="chart" {id}>
            <figcaption><span class="chart-title">{ &chart.title }</span>
                <span class="chart-note">{ format!(" ({})", chart.note) }</span></figcaption>
            <svg role="img" aria-label={name.clone()} viewBox={format!("0 0 {WIDTH} {height}")}
                width="100%" preserveAspectRatio="xMinYMin meet">
                <title>{ name }</title>
                { for bars }
            </svg>
            <details class="chart-data">
                <summary>{ "the figures as a table" }</summary>
                <table><tbody>{ for rows }</tbody></table>
            </details>
        </figure>
    }
}
