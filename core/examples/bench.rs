//! `cargo run --release -p ctrcfg-core --example bench`: validations per second natively, on
//! one core, for a typical config and a 10 KB multi-document file. It prints figures and their
//! ratio to the target (50 000 typical configs per second); it asserts nothing, since these
//! machines are noisy. `scripts/bench` runs it beside the same loop in Chromium.

#[path = "../benches/workload.rs"]
#[allow(dead_code)] // each benchmark uses part of the shared workload
mod workload;

use std::time::Instant;

/// Issue 4's target for a typical config, natively on one core.
const TARGET_PER_SECOND: f64 = 50_000.0;

fn main() {
    let origin = Instant::now();
    let figures = workload::measure(|| origin.elapsed().as_secs_f64() * 1000.0, 1000.0);
    print!("{}", workload::table("native (release, one thread)", &figures));
    println!(
        "typical config: {:.1}x the target of {TARGET_PER_SECOND:.0}/s",
        figures[0].per_second / TARGET_PER_SECOND
    );
}
