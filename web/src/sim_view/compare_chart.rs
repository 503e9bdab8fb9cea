//! The variants side by side as grouped horizontal bars: a group per variant, with what the
//! registry served and how long until every node of the slowest roll-out ran. Each measure is
//! drawn against its own largest (bytes and seconds share no scale), and the note says so; the
//! figures are worded as in the comparison table.

use super::bar_chart::{bar, close, label_at, open};
use super::comparison::Compared;
use ctrcfg_core::sim::output::comparison_seconds;
use ctrcfg_core::sim::units::human;

/// Each variant's group: its name, then a bar per measure.
const GROUP: u32 = 46;

pub fn compare_chart(out: &mut String, c: &Compared<'_>) {
    let bytes: Vec<f64> = c.figures.iter().map(|f| f.registry_bytes as f64).collect();
    let all: Vec<Option<f64>> = c.figures.iter().map(|f| f.startup.and_then(|s| s.times.all)).collect();
    let most = |values: &mut dyn Iterator<Item = f64>| values.fold(f64::MIN_POSITIVE, f64::max);
    let (most_bytes, most_seconds) = (most(&mut bytes.iter().copied()), most(&mut all.iter().flatten().copied()));
    let rows: Vec<[String; 3]> = c
        .names
        .iter()
        .zip(bytes.iter().zip(&all))
        .map(|(name, (&b, &t))| {
            [
                name.to_string(),
                format!("registry served {}", human(b as u64)),
                format!("all nodes {}", comparison_seconds(t)),
            ]
        })
        .collect();
    let figures: Vec<String> = rows.iter().map(|[name, b, t]| format!("{name}: {b}, {t}")).collect();
    let note = "a group per variant; bytes from the scenario's sizes, seconds modelled; each measure drawn against its own largest";
    let height = (c.names.len() as u32 * GROUP).max(GROUP);
    open(out, "chart-compare", "Variants side by side", note, &figures, height);
    for (i, ((row, &b), t)) in rows.iter().zip(&bytes).zip(&all).enumerate() {
        let y = i as u32 * GROUP;
        out.push_str("<g class=\"chart-group\">");
        label_at(out, y + 11, &row[0]);
        bar(out, y + 15, b / most_bytes, "chart-bar", &row[1]);
        bar(out, y + 29, t.map_or(0.0, |t| t / most_seconds), "chart-bar time", &row[2]);
        out.push_str("</g>");
    }
    let table: Vec<[&str; 3]> = rows.iter().map(|[a, b, c]| [a.as_str(), b.as_str(), c.as_str()]).collect();
    close(out, &table);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ctrcfg_core::sim::compare::compare;

    #[test]
    fn a_group_per_variant_each_measure_against_its_own_largest() {
        let c = compare(super::super::tests::DESIGNS);
        let compared = Compared::of(&c);
        let mut out = String::new();
        compare_chart(&mut out, &compared);
        assert_eq!(out.matches("<g class=\"chart-group\">").count(), 3, "{out}");
        // The largest of each measure is the full length, 420 units.
        assert_eq!(out.matches("width=\"420\" height=\"10\" rx=\"2\" class=\"chart-bar\"").count(), 1, "{out}");
        assert_eq!(out.matches("width=\"420\" height=\"10\" rx=\"2\" class=\"chart-bar time\"").count(), 1, "{out}");
        for (name, f) in compared.names.iter().zip(&compared.figures) {
            assert!(out.contains(&format!("{name}: registry served {}", human(f.registry_bytes))), "{out}");
        }
    }
}
