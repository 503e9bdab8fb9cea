//! `cargo run --release -p ctrcfg-core --example fleet -- NODES PULLS > fleet.yaml`: prints the
//! benchmarks' fleet scenario (`benches/workload.rs`), so that a whole `ctrcfg simulate` process
//! can be timed on it (`./scripts/bench`, part `cli`).

#[path = "../benches/workload.rs"]
#[allow(dead_code)] // only the fleet of the shared workload
mod workload;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    match (args.next(), args.next()) {
        (Some(Ok(nodes)), Some(Ok(pulls))) => print!("{}", workload::fleet(nodes, pulls)),
        _ => {
            eprintln!("usage: fleet NODES PULLS");
            std::process::exit(2);
        }
    }
}
