//! The benchmark loop of `examples/bench.rs`, in headless Chromium. Ignored in normal runs;
//! `scripts/bench` runs it with `--include-ignored` and reads the figures from the log.
#![cfg(target_arch = "wasm32")]

#[path = "../benches/workload.rs"]
#[allow(dead_code)] // each benchmark uses part of the shared workload
mod workload;

use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
#[ignore = "a benchmark: scripts/bench runs it"]
fn validations_per_second_in_chromium() {
    let performance = web_sys::window().and_then(|w| w.performance()).expect("performance");
    let figures = workload::measure(|| performance.now(), 1000.0);
    for line in workload::table("wasm (release, Chromium)", &figures).lines() {
        console_log!("BENCH {line}");
    }
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: scripts/bench runs it"]
fn simulation_in_chromium() {
    let performance = web_sys::window().and_then(|w| w.performance()).expect("performance");
    console_log!("BENCH simulate, wasm (release, Chromium), best of the runs in about 1 s per size");
    // The sizes of the native `examples/sim_bench.rs`, so that the two growth tables line up.
    for nodes in [10, 100, 1_000, 3_000, 10_000] {
        let text = workload::fleet(nodes, 100);
        let mut best = f64::MAX;
        let start = performance.now();
        while performance.now() - start < 1000.0 || best == f64::MAX {
            let t = performance.now();
            let sim = std::hint::black_box(ctrcfg_core::sim::simulate(std::hint::black_box(&text)));
            best = best.min(performance.now() - t);
            assert!(sim.ran && sim.steps.len() == nodes * 100);
        }
        let per_node_pull = best * 1e6 / (nodes * 100) as f64;
        console_log!("BENCH sim {nodes:>7} nodes x 100 pulls: {best:.2} ms, {per_node_pull:.0} ns per node-pull");
        if nodes == 10_000 {
            // The target with contention in the browser: 400 ms.
            console_log!(
                "BENCH sim 10,000 nodes x 100 pulls: {:.2}x the target of 400 ms (lower is better)",
                best / 400.0
            );
        }
    }
}

#[path = "../../tests/hostile/cases.rs"]
#[allow(dead_code)] // the verdicts are the tests'
mod cases;
#[path = "../../tests/hostile/run.rs"]
mod run;

#[wasm_bindgen_test]
#[ignore = "a benchmark: scripts/bench runs it"]
fn hostile_cases_in_chromium() {
    let performance = web_sys::window().and_then(|w| w.performance()).expect("performance");
    console_log!("BENCH hostile, wasm (release, Chromium), best of 5, budgets twice the native ones");
    for line in run::timings(|| performance.now(), 2.0).lines() {
        console_log!("BENCH hostile {line}");
    }
}
