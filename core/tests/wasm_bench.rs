//! The benchmark loop of `examples/bench.rs`, in headless Chromium. Ignored in normal runs;
//! `scripts/bench` runs it with `--include-ignored` and reads the figures from the log.
#![cfg(target_arch = "wasm32")]

#[path = "../benches/workload.rs"]
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
