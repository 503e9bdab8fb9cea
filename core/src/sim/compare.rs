//! Designs side by side: a scenario's `variants:` run on the same pools and events, each with its
//! own configs, CRI-O settings, registry and store tree, and the figures a design is chosen by
//! (what the registry serves and is asked, how soon the nodes start, what fails), with the best
//! one named and why.

use super::requests::Requests;
use super::scenario::read_variants;
use super::timeline::{self, Quantiles};
use super::{Outcome, Simulation, StepKind, World};
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
    /// The slowest roll-out: of the pull and run events, the one whose nodes took longest, from
    /// the event's start until each node's step had ended well (`reached` of its nodes did).
    /// `None` when nothing was pulled or run.
    pub startup: Option<Startup>,
    pub failed_steps: usize,
    pub failed_nodes: usize,
}

/// One event's roll-out over its nodes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Startup {
    /// The event's index in the scenario.
    pub event: usize,
    /// The nodes it ran on.
    pub nodes: usize,
    pub times: Quantiles,
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
    run_variants(text, true)
}

/// Each variant's cluster before its first event, as [`super::simulate_start`] gives it for a
/// scenario without variants: the store tree the variant describes and CRI-O's first start on
/// each node (the "before" a Scenario view shows next to [`compare`]'s "after").
pub fn compare_start(text: &str) -> Comparison {
    run_variants(text, false)
}

fn run_variants(text: &str, events: bool) -> Comparison {
    let (variants, mut diagnostics) = read_variants(text);
    let release = variants.first().map(|v| v.scenario.options.gates.release());
    if crate::diag::refused(&diagnostics) || variants.is_empty() {
        return Comparison { runs: Vec::new(), diagnostics, ran: false, release };
    }
    let mut runs = Vec::new();
    for v in variants {
        let mut world = World::new(&v.scenario);
        world.start_all();
        if events {
            world.run();
        }
        let mut sim = world.finish(Vec::new());
        let name = v.name.unwrap_or_default();
        for mut d in std::mem::take(&mut sim.diagnostics) {
            if !name.is_empty() {
                d.add_note(format!("in variant {name:?}"));
            }
            diagnostics.push(d);
        }
        runs.push((name, sim));
    }
    Comparison { runs, diagnostics, ran: true, release }
}

/// A variant's figures.
pub fn figures(sim: &Simulation) -> Figures {
    let mut failed = vec![false; sim.nodes.len()];
    let (mut failed_steps, mut throttled) = (0usize, 0u64);
    // Per pull or run event: when it started, its nodes, and when each that ended well did.
    let mut rollouts: Vec<(usize, f64, usize, Vec<f64>)> = Vec::new();
    for st in &sim.steps {
        throttled += u64::from(st.throttled);
        let ok = st.outcome == Outcome::Ok;
        failed_steps += usize::from(!ok);
        if let Some(n) = st.node() {
            failed[n] |= !ok;
        }
        let Some(e) = st.event().filter(|_| matches!(st.kind, StepKind::Pull | StepKind::Run)) else { continue };
        // An event's steps are consecutive.
        if rollouts.last().is_none_or(|r| r.0 != e) {
            rollouts.push((e, st.start, 0, Vec::new()));
        }
        if let Some(r) = rollouts.last_mut() {
            r.1 = r.1.min(st.start);
            r.2 += 1;
            if ok {
                r.3.push(st.end);
            }
        }
    }
    let startups = rollouts.into_iter().map(|(event, since, nodes, ends)| Startup {
        event,
        nodes,
        times: timeline::quantiles(ends.into_iter().map(|t| t - since).collect(), nodes),
    });
    let slowest = |a: &Startup| later(a.times.all);
    let startup = startups.fold(None, |worst: Option<Startup>, s| match worst {
        Some(w) if slowest(&w) >= slowest(&s) => Some(w),
        _ => Some(s),
    });
    Figures {
        registry_bytes: sim.registry_bytes(),
        requests: sim.requests(),
        throttled,
        startup,
        failed_steps,
        failed_nodes: failed.iter().filter(|&&f| f).count(),
    }
}

/// A share never reached is later than any time.
fn later(t: Option<f64>) -> f64 {
    t.unwrap_or(f64::INFINITY)
}

/// The best of the figures, and why: the fewest failed steps, then every node started soonest,
/// then 95 % of them, then the fewest registry bytes, then the fewest requests. `None` for no
/// figures; the first of equals wins.
pub fn best(all: &[Figures]) -> Option<(usize, &'static str)> {
    // Nothing pulled or run takes no time.
    let time = |f: &Figures, q: fn(&Quantiles) -> Option<f64>| f.startup.map_or(0.0, |s| later(q(&s.times)));
    let key =
        |f: &Figures| (f.failed_steps, time(f, |q| q.all), time(f, |q| q.p95), f.registry_bytes, f.requests.total());
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
            startup: Some(Startup { event: 0, nodes: 1, times: Quantiles { p50: all, p95: all, all, reached: 1 } }),
            failed_steps,
            failed_nodes: usize::from(failed_steps > 0),
        }
    }

    const TWO: &str = "kind: Scenario\npools:\n- {name: worker, nodeCount: 1}\nregistry:\n  images:\n  - {ref: quay.io/a:1, size: 1MB}\nevents:\n- {pull: quay.io/a:1}\nvariants:\n- name: plain\n- name: cached\n  storage:\n  - {path: /var/lib/containers/storage, images: []}\n  - {path: /mnt/cache, images: [quay.io/a:1]}\n  configs:\n  - apiVersion: machineconfiguration.openshift.io/v1\n    kind: ContainerRuntimeConfig\n    metadata: {name: c}\n    spec:\n      machineConfigPoolSelector:\n        matchLabels: {pools.operator.machineconfiguration.openshift.io/worker: \"\"}\n      containerRuntimeConfig:\n        additionalImageStores:\n        - path: /mnt/cache\n";

    #[test]
    fn each_variant_starts_with_its_own_store_tree_and_no_event_run() {
        let starts = compare_start(TWO);
        assert_eq!(starts.runs.len(), 2);
        assert!(starts.runs.iter().all(|(_, s)| s.steps.iter().all(|st| st.kind != StepKind::Pull)));
        let paths = |s: &Simulation| s.store_tree(0).iter().map(|t| t.path.clone()).collect::<Vec<_>>();
        assert!(!paths(&starts.runs[0].1).contains(&"/mnt/cache".to_owned()));
        assert!(paths(&starts.runs[1].1).contains(&"/mnt/cache".to_owned()));
        // After the events, the cached variant found the image in its store.
        let after = compare(TWO);
        assert!(after.runs[1].1.steps.iter().any(|st| st.kind == StepKind::Pull));
        assert!(compare_start("kind: Scenario\nevents: [{pull: x, node: nope}]\n").runs.is_empty());
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
