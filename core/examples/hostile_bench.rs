//! The hostile-input corpus timed natively, each case against its budget (`scripts/bench`,
//! part `hostile`): the best of five runs, from the bytes as the CLI reads them.

#[path = "../../tests/hostile/cases.rs"]
#[allow(dead_code)] // the verdicts are the tests'
mod cases;
#[path = "../../tests/hostile/run.rs"]
mod run;

fn main() {
    let start = std::time::Instant::now();
    print!("{}", run::timings(|| start.elapsed().as_secs_f64() * 1000.0, 1.0));
}
