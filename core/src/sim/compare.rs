//! Designs side by side: a scenario's `variants:` run on the same pools and events, each with its
//! own configs, CRI-O settings, registry and store tree, and the figures a design is chosen by
//! (what the registry serves and is asked, how soon the nodes start, what fails), with the best
//! one named and why.

use super::percentile;
use super::requests::Requests;
use super::scenario::read_variants;
use super::timeline::Quantiles;
use super::{Outcome, Simulation, World};
use crate::diag::Diagnostic;
use crate::release::Release;

/// Every variant's simulation, and what reading and running them said.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// Each variant's name and run, in the scenario's order; empty when it did not run.
    pub runs: Vec<(String, Simulation)>,
    /// The reading's diagnostics, and what each run added (noting the variant).
    pub diagnostics: Vec<Diagnostic>,
    /// False when the scenario had errors and nothing ran.
    pub ran: bool,
    pub release: Option<Release>,
}

/// The figures one variant is compared by.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figures {
    pub registry_bytes: u64,
    pub requests: Requests,
    /// 429 answers over all steps.
    pub throttled: u64,
    /// From the scenario's start until a node's every pull and container start had ended well,
    /// over the nodes that pull or run anything (`reached` of them did).
    pub startup: Quantiles,
    /// Nodes that pull or run anything.
    pub starting: usize,
    pub failed_steps: usize,
    pub failed_nodes: usize,
}

/// Whether the text's scenario has `variants:` (so that a caller shows a comparison). Reads
/// only the top level of the text.
pub fn has_variants(text: &str) -> bool {
    let parsed = crate::parse::parse_input(text);
    parsed.documents.iter().find_map(|d| d.root.as_ref()).is_some_and(|r| r.get("variants").is_some())
}

/// Reads the scenario in `text` and runs each of its variants (a scenario without `variants:` is
/// one run, named after nothing: `""`). A scenario with errors is not run.
pub fn compare(text: &str) -> Comparison {
    let (variants, mut diagnostics) = read_variants(text);
    let release = variants.first().map(|v| v.scenario.options.gates.release());
    if crate::diag::refused(&diagnostics) || variants.is_empty() {
        return Comparison { runs: Vec::new(), diagnostics, ran: false, release };
    }
    let mut runs = Vec::new();
    for v in variants {
        let mut world = World::new(&v.scenario);
        world.start_all();
        world.run();
        let mut sim = world.finish(Vec::new());
        let name = v.name.unwrap_or_default();
        for mut d in std::mem::take(&mut sim.diagnostics) {
            if !name.is_empty() {
                d.note = Some(format!("in variant {name:?}"));
            }
            diagnostics.push(d);
        }
        runs.push((name, sim));
    }
    Comparison { runs, diagnostics, ran: true, release }
}

/// A variant's figures.
pub fn figures(sim: &Simulation) -> Figures {
    // Per node: when its last pull or container start ended, and whether one failed.
    let mut ready: Vec<Option<f64>> = vec![None; sim.nodes.len()];
    let mut failed = vec![false; sim.nodes.len()];
    let (mut failed_steps, mut throttled) = (0usize, 0u64);
    for st in &sim.steps {
        throttled += u64::from(st.throttled);
        let bad = st.outcome == Outcome::Error;
        failed_steps += usize::from(bad);
        let Some(n) = st.node else { continue };
        failed[n] |= bad;
        if matches!(st.kind, "pull" | "run") {
            ready[n] = Some(ready[n].map_or(st.end, |t: f64| t.max(st.end)));
        }
    }
    let starting = ready.iter().filter(|t| t.is_some()).count();
    let mut times: Vec<f64> = ready.iter().zip(&failed).filter(|(_, &f)| !f).filter_map(|(t, _)| *t).collect();
    percentile::sort(&mut times);
    let startup = Quantiles {
        p50: percentile::rank(&times, 50, starting),
        p95: percentile::rank(&times, 95, starting),
        all: percentile::rank(&times, 100, starting),
        reached: times.len(),
    };
    Figures {
        registry_bytes: sim.registry_bytes(),
        requests: sim.requests(),
        throttled,
        startup,
        starting,
        failed_steps,
        failed_nodes: failed.iter().filter(|&&f| f).count(),
    }
}

/// The best of the figures, and why: the fewest failed steps, then every node started soonest,
/// then 95 % of them, then the fewest registry bytes, then the fewest requests. `None` for no
/// figures; the first of equals wins.
pub fn best(all: &[Figures]) -> Option<(usize, &'static str)> {
    // A share never reached is later than any time.
    let time = |t: Option<f64>| t.unwrap_or(f64::INFINITY);
    let key =
        |f: &Figures| (f.failed_steps, time(f.startup.all), time(f.startup.p95), f.registry_bytes, f.requests.total());
    let mut best: Option<usize> = None;
    for (i, f) in all.iter().enumerate() {
        let better = match best {
            None => true,
            Some(b) => key(f).partial_cmp(&key(&all[b])) == Some(std::cmp::Ordering::Less),
        };
        if better {
            best = Some(i);
        }
    }
    let b = best?;
    let others = || all.iter().enumerate().filter(move |(i, _)| *i != b).map(|(_, f)| key(f));
    let k = key(&all[b]);
    let why = if others().any(|o| o == k) {
        "as good as another variant, and listed first"
    } else if others().all(|o| o.0 > k.0) {
        "the fewest failed steps"
    } else if others().all(|o| o.0 > k.0 || o.1 > k.1) {
        "every node running soonest"
    } else if others().all(|o| o.0 > k.0 || o.1 > k.1 || o.2 > k.2) {
        "95 % of the nodes running soonest"
    } else if others().all(|o| (o.0, o.1, o.2) != (k.0, k.1, k.2) || o.3 > k.3) {
        "the fewest registry bytes"
    } else {
        "the fewest registry requests"
    };
    Some((b, why))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn figures_of(failed_steps: usize, all: Option<f64>, bytes: u64) -> Figures {
        Figures {
            registry_bytes: bytes,
            requests: Requests::default(),
            throttled: 0,
            startup: Quantiles { p50: all, p95: all, all, reached: 1 },
            starting: 1,
            failed_steps,
            failed_nodes: usize::from(failed_steps > 0),
        }
    }

    #[test]
    fn the_best_fails_least_then_starts_soonest_then_serves_least() {
        let a = figures_of(1, Some(10.0), 0);
        let b = figures_of(0, Some(50.0), 9);
        let c = figures_of(0, Some(20.0), 9);
        let d = figures_of(0, Some(20.0), 5);
        assert_eq!(best(&[a, b]), Some((1, "the fewest failed steps")));
        assert_eq!(best(&[b, c]), Some((1, "every node running soonest")));
        assert_eq!(best(&[c, d, b]), Some((1, "the fewest registry bytes")));
        // Never reached is later than any time; the first of equals wins.
        assert_eq!(best(&[figures_of(0, None, 0), b]), Some((1, "every node running soonest")));
        assert_eq!(best(&[c, c]), Some((0, "as good as another variant, and listed first")));
        assert_eq!(best(&[]), None);
    }
}
