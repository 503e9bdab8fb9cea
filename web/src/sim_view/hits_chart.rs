//! Hits per store: how many steps each place served (the graphroot, each additional image,
//! layer or artifact store, the registry), in the order CRI-O looks.

use super::bar_chart::{bar_chart, Bar};
use ctrcfg_core::sim::{Simulation, Source};

pub fn hits_chart(out: &mut String, sim: &Simulation) {
    let label = |s: Source| match s {
        Source::DefaultStore => "graphroot".to_owned(),
        Source::Registry => "registry".to_owned(),
        other => sim.source_label(other),
    };
    let rank = |s: &Source| match s {
        Source::DefaultStore => 0,
        Source::Registry => 2,
        _ => 1,
    };
    let mut hits = sim.hits.clone();
    hits.sort_by_key(|(s, _)| rank(s));
    let bars: Vec<Bar> =
        hits.iter().map(|&(s, n)| (label(s), n as f64, format!("{} hit(s)", super::count(n as usize)))).collect();
    let note = "steps each store served: images, layers (lazily) and artifacts";
    bar_chart(out, "chart-hits", "Hits per store", note, &bars);
}
