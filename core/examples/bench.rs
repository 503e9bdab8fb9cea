//! `cargo run --release -p ctrcfg-core --example bench`: how long one `preview` takes (what the
//! playground runs on every keystroke) for small and large inputs, natively. Prints figures and
//! their ratio to a 16 ms frame; it asserts nothing, since these machines are noisy.

use std::hint::black_box;
use std::time::{Duration, Instant};

const EXAMPLE: &str = include_str!("../../tests/vectors/preview/image-stores.yaml");

/// A config with every store list at its maximum, repeated `docs` times as a stream.
fn big_stream(docs: usize) -> String {
    let mut text = String::new();
    for d in 0..docs {
        text.push_str(&format!(
            "---\napiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: c{d}\nspec:\n  containerRuntimeConfig:\n"
        ));
        for (field, n) in [("additionalLayerStores", 5), ("additionalImageStores", 10), ("additionalArtifactStores", 10)] {
            text.push_str(&format!("    {field}:\n"));
            for i in 0..n {
                text.push_str(&format!("    - path: /mnt/{field}/store-{i}\n"));
            }
        }
    }
    text
}

fn median_time(text: &str) -> Duration {
    let once = || {
        let start = Instant::now();
        black_box(ctrcfg_core::preview(black_box(text)));
        start.elapsed()
    };
    let first = once();
    let runs = (Duration::from_millis(300).as_nanos() / first.as_nanos().max(1)).clamp(5, 20_000) as usize;
    let mut times: Vec<Duration> = (0..runs).map(|_| once()).collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    println!("{:<44} {:>10} {:>12} {:>10} {:>14}", "input", "bytes", "median", "MB/s", "of a 16ms frame");
    for (name, text) in [
        ("example (tests/vectors/preview/image-stores)", EXAMPLE.to_owned()),
        ("10 configs, every list full", big_stream(10)),
        ("1000 configs, every list full", big_stream(1000)),
    ] {
        let t = median_time(&text);
        let mbps = text.len() as f64 / t.as_secs_f64() / 1e6;
        let frame = t.as_secs_f64() / 0.016;
        println!("{name:<44} {:>10} {:>10.1}µs {mbps:>10.1} {:>13.2}%", text.len(), t.as_secs_f64() * 1e6, frame * 100.0);
    }
}
