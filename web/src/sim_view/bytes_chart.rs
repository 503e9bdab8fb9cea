//! Registry bytes per node: what each node downloaded (sizes from the scenario), a bar per node
//! or, in a fleet, nodes counted by range.

use super::bar_chart::{bar_chart, per_node};
use ctrcfg_core::sim::units::human;
use ctrcfg_core::sim::Simulation;

pub fn bytes_chart(out: &mut String, sim: &Simulation, names: &[&str]) {
    let values: Vec<f64> = sim.per_node.iter().map(|m| m.registry_bytes as f64).collect();
    let (note, bars) = per_node(names, &values, &|x| human(x as u64));
    bar_chart(out, "chart-bytes", "Registry bytes per node (sizes from the scenario)", &note, &bars);
}
