//! `cargo run --release -p ctrcfg-core --example sim_bench`: how long `simulate` takes for
//! fleets of 10 to 10,000 nodes with 100 pulls each (every pull event on every node), natively
//! on one thread. It prints figures and the ratio to the target (1,000 nodes × 100 pulls in at
//! most 20 ms); it asserts nothing, since these machines are noisy.

#[path = "../benches/workload.rs"]
#[allow(dead_code)] // each benchmark uses part of the shared workload
mod workload;

use std::time::Instant;

const TARGET_MS: f64 = 20.0;

fn main() {
    println!("simulate, native (release, one thread), best of the runs in about 1 s per size");
    println!("{:>7} {:>8} {:>12} {:>12} {:>14}", "nodes", "pulls", "node-pulls", "ms", "node-pulls/s");
    let mut at_thousand = 0.0;
    for nodes in [10, 100, 1_000, 10_000] {
        let text = workload::fleet(nodes, 100);
        let mut best = f64::MAX;
        let start = Instant::now();
        while start.elapsed().as_secs_f64() < 1.0 || best == f64::MAX {
            let t = Instant::now();
            let sim = std::hint::black_box(ctrcfg_core::sim::simulate(std::hint::black_box(&text)));
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            assert!(sim.ran && sim.steps.len() == nodes * 100);
            best = best.min(ms);
        }
        if nodes == 1_000 {
            at_thousand = best;
        }
        println!(
            "{nodes:>7} {:>8} {:>12} {best:>12.2} {:>14.0}",
            100,
            nodes * 100,
            (nodes * 100) as f64 / (best / 1000.0)
        );
    }
    println!(
        "1,000 nodes × 100 pulls: {at_thousand:.2} ms, {:.2}x the target of {TARGET_MS} ms (lower is better)",
        at_thousand / TARGET_MS
    );
}
