//! The cost model against published measurements (docs/cost-model.md, "Checked against the
//! world"): each scenario in `tests/calibration/` sets up what a publication measured, and the
//! model must reproduce its ratio within the tolerance stated here. Ratios, not absolute times:
//! the machines differ, the shares should not.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ctrcfg_core::sim::{simulate, Outcome, Simulation};

fn run(text: &str) -> Simulation {
    let sim = simulate(text);
    assert!(sim.ran, "{:?}", sim.diagnostics);
    assert!(
        sim.steps.iter().all(|s| s.outcome == Outcome::Ok),
        "{:?}",
        sim.steps.iter().map(|s| s.message()).collect::<Vec<_>>()
    );
    sim
}

/// Seconds and registry bytes of event `e`'s first step.
fn step(sim: &Simulation, e: usize) -> (f64, u64) {
    let s = sim.steps.iter().find(|s| s.event() == Some(e)).expect("a step");
    (s.seconds(), s.registry_bytes())
}

/// The share of start-up (pull and container start) spent pulling.
fn pull_share(sim: &Simulation, pull: usize, run: usize) -> f64 {
    let (p, _) = step(sim, pull);
    let (r, _) = step(sim, run);
    p / (p + r)
}

const SLACKER: &str = include_str!("../../tests/calibration/slacker-hellobench.yaml");

/// Slacker (FAST '16): "pulling packages accounts for 76% of container start time".
/// Tolerance: ±10 percentage points.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn slacker_pulls_are_three_quarters_of_start_up() {
    let share = pull_share(&run(SLACKER), 0, 1);
    assert!((share - 0.76).abs() <= 0.10, "model {share:.3}, published 0.76");
}

/// Slacker: "only 6.4% of that data is read". A lazy start-up moves what is read plus the
/// layers' tables of contents (the model's 1 %): the registry serves at least 6.4 % of the full
/// pull's bytes and at most 1.5 points more.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn slacker_a_lazy_start_moves_what_is_read() {
    let sim = run(SLACKER);
    let full = step(&sim, 0).1 + step(&sim, 1).1;
    let lazy = step(&sim, 2).1 + step(&sim, 3).1;
    let share = lazy as f64 / full as f64;
    assert!((0.064..=0.079).contains(&share), "model {share:.4}, published 0.064");
}

/// stargz-snapshotter's benchmark: lazy pulling makes the pull much faster (here: under a
/// quarter of the legacy pull), the run slower, and start-up as a whole faster.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn stargz_trades_a_short_pull_for_a_longer_run() {
    let sim = run(include_str!("../../tests/calibration/stargz-snapshotter.yaml"));
    let (legacy_pull, legacy_run) = (step(&sim, 0).0, step(&sim, 1).0);
    let (lazy_pull, lazy_run) = (step(&sim, 2).0, step(&sim, 3).0);
    assert!(lazy_pull / legacy_pull < 0.25, "pull ratio {}", lazy_pull / legacy_pull);
    assert!(lazy_run / legacy_run > 1.0, "run ratio {}", lazy_run / legacy_run);
    assert!((lazy_pull + lazy_run) / (legacy_pull + legacy_run) < 1.0);
}

/// The seed epic: image pull about 70 % of start-up, on three nodes pulling at once.
/// Tolerance: ±10 percentage points.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn seed_epic_pulls_are_seventy_percent_of_start_up() {
    let share = pull_share(&run(include_str!("../../tests/calibration/seed-epic.yaml")), 0, 1);
    assert!((share - 0.70).abs() <= 0.10, "model {share:.3}, published 0.70");
}
