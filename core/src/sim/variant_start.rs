//! Each variant's cluster before its first event, as [`super::simulate_start`] gives it for a
//! scenario without variants: the store tree a variant describes and CRI-O's first start on
//! each node. The playground's Scenario view shows a variant's store tree before and after; its
//! "after" is the variant's run in [`super::compare::compare`].

use super::scenario::read_variants;
use super::{Simulation, World};

/// Every variant's start, in the scenario's order; empty when the scenario has errors (as
/// `compare` then runs nothing).
pub fn compare_start(text: &str) -> Vec<Simulation> {
    let (variants, diagnostics) = read_variants(text);
    if crate::diag::refused(&diagnostics) {
        return Vec::new();
    }
    variants
        .iter()
        .map(|v| {
            let mut world = World::new(&v.scenario);
            world.start_all();
            world.finish(Vec::new())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const TWO: &str = "kind: Scenario\npools:\n- {name: worker, nodeCount: 1}\nregistry:\n  images:\n  - {ref: quay.io/a:1, size: 1MB}\nevents:\n- {pull: quay.io/a:1}\nvariants:\n- name: plain\n- name: cached\n  storage:\n  - {path: /var/lib/containers/storage, images: []}\n  - {path: /mnt/cache, images: [quay.io/a:1]}\n  configs:\n  - apiVersion: machineconfiguration.openshift.io/v1\n    kind: ContainerRuntimeConfig\n    metadata: {name: c}\n    spec:\n      machineConfigPoolSelector:\n        matchLabels: {pools.operator.machineconfiguration.openshift.io/worker: \"\"}\n      containerRuntimeConfig:\n        additionalImageStores:\n        - path: /mnt/cache\n";

    #[test]
    fn each_variant_starts_with_its_own_store_tree_and_no_event_run() {
        let starts = compare_start(TWO);
        assert_eq!(starts.len(), 2);
        assert!(starts.iter().all(|s| s.steps.iter().all(|st| st.kind != "pull")));
        let paths = |s: &Simulation| s.store_tree(0).iter().map(|t| t.path.clone()).collect::<Vec<_>>();
        assert!(!paths(&starts[0]).contains(&"/mnt/cache".to_owned()), "{:?}", paths(&starts[0]));
        assert!(paths(&starts[1]).contains(&"/mnt/cache".to_owned()), "{:?}", paths(&starts[1]));
        assert!(compare_start("kind: Scenario\nevents: [{pull: x, node: nope}]\n").is_empty());
    }
}
