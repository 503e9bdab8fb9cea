//! A hostile case through core's entry point, as the CLI would run it: shared by the corpus
//! test (`core/tests/hostile.rs`) and the timing of each case (`scripts/bench`, part
//! `hostile`), so both run exactly the same code.

use super::cases::{Case, Entry};
use ctrcfg_core::diag::Diagnostic;
use ctrcfg_core::validate::{validate, Options};
use ctrcfg_core::{encoding, pools, sim};

/// The text the case's bytes read as, whether the verdict is clean, and every diagnostic.
pub fn run(case: &Case) -> (String, bool, Vec<Diagnostic>) {
    let text = encoding::decode(&case.input).into_owned();
    let (clean, diagnostics) = match case.entry {
        Entry::Validate => {
            let report = validate(&text, &Options::default());
            (!report.has_errors(), report.diagnostics)
        }
        // As `ctrcfg simulate` runs it: a scenario with variants is compared.
        Entry::Simulate if sim::compare::has_variants(&text) => {
            let comparison = sim::compare::compare(&text);
            (comparison.ran, comparison.diagnostics)
        }
        Entry::Simulate => {
            let simulation = sim::simulate(&text);
            (simulation.ran, simulation.diagnostics)
        }
        Entry::Pools => {
            let (_, diagnostics) = pools::read(&text);
            (diagnostics.is_empty(), diagnostics)
        }
    };
    (text, clean, diagnostics)
}

/// The best of a few runs of each case in milliseconds, with `now` as the clock, and a line
/// per case against its budget (`scale` times the native budget).
pub fn timings(now: impl Fn() -> f64, scale: f64) -> String {
    let mut out = String::new();
    let mut over = 0;
    let all = super::cases::cases();
    for case in &all {
        let mut best = f64::MAX;
        for _ in 0..5 {
            let start = now();
            std::hint::black_box(run(std::hint::black_box(case)));
            best = best.min(now() - start);
        }
        let budget = f64::from(case.budget_ms) * scale;
        if best > budget {
            over += 1;
        }
        let mark = if best > budget { "  OVER" } else { "" };
        out.push_str(&format!(
            "{:<62} {best:>8.2} ms of {budget:>4.0} ms ({:>3.0} %){mark}\n",
            case.name,
            100.0 * best / budget
        ));
    }
    out.push_str(&format!("{} of {} cases within their budget\n", all.len() - over, all.len()));
    out
}
