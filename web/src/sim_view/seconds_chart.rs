//! Start-up seconds per node, as ctrcfg's cost model puts them (modelled, and labelled so):
//! pulls, lazy fetches and container starts, a bar per node or nodes counted by range.

use super::bar_chart::{bar_chart, per_node};
use ctrcfg_core::sim::units::fixed;
use ctrcfg_core::sim::Simulation;

pub fn seconds_chart(out: &mut String, sim: &Simulation, names: &[&str]) {
    let values: Vec<f64> = sim.per_node.iter().map(|m| m.seconds).collect();
    let (note, bars) = per_node(names, &values, &|x| format!("{} s", fixed(x, 1)));
    bar_chart(out, "chart-seconds", "Start-up seconds per node (modelled)", &note, &bars);
}
