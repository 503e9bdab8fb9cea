//! `cargo run --release -p ctrcfg-core --example sim_bench`: how long `simulate` takes for
//! fleets of 10 to 10,000 nodes with 100 pulls each (every pull event on every node at once, so
//! the nodes contend for the registry and the shared NFS cache), natively on one thread. It
//! prints figures, the growth per node-pull from size to size, and the ratios to the targets
//! (1,000 nodes × 100 pulls in at most 20 ms; 10,000 × 100 with contention in at most 200 ms);
//! it asserts nothing, since these machines are noisy.

#[path = "../benches/workload.rs"]
#[allow(dead_code)] // each benchmark uses part of the shared workload
mod workload;

use std::time::Instant;

const TARGET_THOUSAND_MS: f64 = 20.0;
const TARGET_TEN_THOUSAND_MS: f64 = 200.0;

fn main() {
    println!("simulate, native (release, one thread), best of the runs in about 1 s per size");
    println!(
        "{:>7} {:>8} {:>12} {:>12} {:>14} {:>16}",
        "nodes", "pulls", "node-pulls", "ms", "ns/node-pull", "modelled makespan"
    );
    let (mut at_thousand, mut at_ten_thousand) = (0.0, 0.0);
    for nodes in [10, 100, 1_000, 3_000, 10_000] {
        let text = workload::fleet(nodes, 100);
        let mut best = f64::MAX;
        let mut makespan = 0.0;
        let start = Instant::now();
        while start.elapsed().as_secs_f64() < 1.0 || best == f64::MAX {
            let t = Instant::now();
            let sim = std::hint::black_box(ctrcfg_core::sim::simulate(std::hint::black_box(&text)));
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            assert!(sim.ran && sim.steps.len() == nodes * 100);
            makespan = sim.makespan();
            best = best.min(ms);
        }
        match nodes {
            1_000 => at_thousand = best,
            10_000 => at_ten_thousand = best,
            _ => {}
        }
        let node_pulls = (nodes * 100) as f64;
        println!(
            "{nodes:>7} {:>8} {:>12} {best:>12.2} {:>14.0} {:>14.0} s",
            100,
            nodes * 100,
            best * 1e6 / node_pulls,
            makespan
        );
    }
    println!(
        "1,000 nodes × 100 pulls: {at_thousand:.2} ms, {:.2}x the target of {TARGET_THOUSAND_MS} ms (lower is better)",
        at_thousand / TARGET_THOUSAND_MS
    );
    println!(
        "10,000 nodes × 100 pulls with contention: {at_ten_thousand:.2} ms, {:.2}x the target of {TARGET_TEN_THOUSAND_MS} ms (lower is better)",
        at_ten_thousand / TARGET_TEN_THOUSAND_MS
    );
}
