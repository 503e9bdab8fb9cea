//! Instruction-count driver (callgrind): runs one fixed workload a fixed number of times.
//! `cargo run --release -p ctrcfg-core --example icount -- <validate-typical|validate-multi|validate-multi-json|render-merge|render-only|simulate|none>`
//! (`validate-multi-json` adds the diagnostics' JSON, as the embed API's `ctrcfgValidate` and
//! `ctrcfg validate --format json` print it)

#[path = "../benches/workload.rs"]
#[allow(dead_code)]
mod workload;

use std::hint::black_box;

use ctrcfg_core::validate::{validate, Options};
use ctrcfg_core::{render, report};

fn main() {
    let which = std::env::args().nth(1).expect("workload name");
    let options = Options::default();
    match which.as_str() {
        "validate-typical" => {
            let text = workload::TYPICAL.to_owned();
            for _ in 0..2000 {
                black_box(validate(black_box(text.as_str()), &options));
            }
        }
        "validate-multi" => {
            let text = workload::multi_document(10_000);
            for _ in 0..100 {
                black_box(validate(black_box(text.as_str()), &options));
            }
        }
        "validate-multi-json" => {
            let text = workload::multi_document(10_000);
            for _ in 0..100 {
                let t = black_box(text.as_str());
                let validated = validate(t, &options);
                black_box(report::diagnostics(validated.diagnostics.iter(), t).to_json());
            }
        }
        "render-merge" => {
            let text = workload::MERGE.to_owned();
            for _ in 0..1000 {
                let t = black_box(text.as_str());
                let rendered = render(t, &options);
                black_box(report::render_json(&rendered, t).to_json());
            }
        }
        "render-only" => {
            let text = workload::MERGE.to_owned();
            for _ in 0..1000 {
                black_box(render(black_box(text.as_str()), &options));
            }
        }
        "simulate" => {
            let text = workload::fleet(1000, 100);
            for _ in 0..5 {
                let sim = black_box(ctrcfg_core::sim::simulate(black_box(&text)));
                assert!(sim.ran && sim.steps.len() == 1000 * 100);
            }
        }
        "none" => {}
        other => panic!("unknown workload {other}"),
    }
}
