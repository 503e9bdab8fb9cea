#[path = "../benches/workload.rs"]
#[allow(dead_code)]
mod workload;
fn main() {
    let text = workload::fleet(10_000, 100);
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let sim = ctrcfg_core::sim::simulate(&text);
        println!("{} {:?}", sim.steps.len(), t.elapsed());
    }
}
