//! The comparison of a scenario's variants (`variants:`, `ctrcfg_core::sim::compare`) as a table:
//! a row per variant with the figures a design is chosen by, the cells worded as
//! `ctrcfg simulate` prints them (`sim::output::comparison_table`), the best row marked and the
//! reason said. Bytes follow the scenario's sizes; requests and times are modelled, and the
//! table says so.

use super::markup::{element, text};
use ctrcfg_core::sim::compare::{best, figures, Comparison, Figures};
use ctrcfg_core::sim::output::{comparison_cells, COMPARISON_COLUMNS};

/// What the comparison table and chart are drawn from: each variant's name and figures, and the
/// best one's index and why.
pub struct Compared<'a> {
    pub names: Vec<&'a str>,
    pub figures: Vec<Figures>,
    pub best: Option<(usize, &'static str)>,
}

impl Compared<'_> {
    pub fn of(c: &Comparison) -> Compared<'_> {
        let all: Vec<Figures> = c.runs.iter().map(|(_, s)| figures(s)).collect();
        Compared { names: c.runs.iter().map(|(n, _)| n.as_str()).collect(), best: best(&all), figures: all }
    }
}

pub fn comparison(out: &mut String, c: &Compared<'_>) {
    out.push_str("<table class=\"nodes compare\" id=\"sim-compare\"><thead><tr><th scope=\"col\">variant</th>");
    for column in COMPARISON_COLUMNS {
        element(out, "th", "", column);
    }
    out.push_str("</tr></thead><tbody>");
    for (i, (name, f)) in c.names.iter().zip(&c.figures).enumerate() {
        let best = c.best.is_some_and(|(b, _)| b == i);
        out.push_str(if best { "<tr class=\"best\"><th scope=\"row\">" } else { "<tr><th scope=\"row\">" });
        element(out, "span", "variant-name", name);
        if best {
            element(out, "span", "best-mark", " \u{2605} best");
        }
        out.push_str("</th>");
        for cell in comparison_cells(f) {
            element(out, "td", "", &cell);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if let Some((b, why)) = c.best {
        out.push_str("<p class=\"rollout\" id=\"compare-best\">");
        text(out, &format!("best: {} ({why})", c.names[b]));
        out.push_str("</p>");
    }
    element(
        out,
        "p",
        "compare-note",
        "Bytes from the scenario's sizes; requests and times modelled. Start-up: the slowest pull or run event, from its start until its nodes' steps ended well.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use ctrcfg_core::sim::compare::compare;
    use ctrcfg_core::sim::output::comparison_seconds;
    use ctrcfg_core::sim::units::human;

    #[test]
    fn a_row_per_variant_the_best_marked_and_why() {
        let c = compare(super::super::tests::DESIGNS);
        let compared = Compared::of(&c);
        let mut out = String::new();
        comparison(&mut out, &compared);
        // The head row, and a row per variant.
        assert_eq!(out.matches("<tr").count(), 4, "{out}");
        let (b, why) = compared.best.expect("a best");
        assert_eq!(out.matches("class=\"best\"").count(), 1, "{out}");
        let marked = &out[out.find("class=\"best\"").expect("a best row")..];
        assert!(marked.contains(&format!("<span class=\"variant-name\">{}</span>", compared.names[b])), "{out}");
        assert!(out.contains(&format!("best: {} ({why})", compared.names[b])), "{out}");
        for f in &compared.figures {
            assert!(out.contains(&format!("<td>{}</td>", human(f.registry_bytes))), "{out}");
        }
        assert!(out.contains("requests and times modelled"), "{out}");
    }

    #[test]
    fn a_share_never_reached_is_a_dash() {
        assert_eq!(comparison_seconds(None), "\u{2014}");
        assert_eq!(comparison_seconds(Some(2.25)), "2.3 s");
    }
}
