//! Designs side by side: a scenario's `variants:` read, run on the same events and compared,
//! natively and in headless Chromium. The two decision stories' figures are asserted from the
//! scenarios' own sizes and the cost model's constants, not from a recorded run.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ctrcfg_core::diag::{Diagnostic, Severity};
use ctrcfg_core::sim::compare::{best, compare, figures, has_variants, Comparison, Figures};
use ctrcfg_core::sim::groups::Grouping;
use ctrcfg_core::sim::scenario::{read_variants, MAX_VARIANTS};
use ctrcfg_core::sim::{output, simulate};

const MODEL: &str = include_str!("../../tests/scenarios/model-rollout-designs.yaml");
const NFS: &str = include_str!("../../tests/scenarios/nfs-cache-vs-pulling.yaml");
const GIB: u64 = 1 << 30;

fn run(text: &str) -> Comparison {
    let c = compare(text);
    assert!(c.ran, "{:?}", c.diagnostics);
    c
}

fn named(c: &Comparison, name: &str) -> Figures {
    figures(&c.runs.iter().find(|(n, _)| n == name).expect("a variant of that name").1)
}

fn best_name(c: &Comparison) -> String {
    let all: Vec<Figures> = c.runs.iter().map(|(_, s)| figures(s)).collect();
    best(&all).map(|(i, _)| c.runs[i].0.clone()).unwrap_or_default()
}

/// 500 nodes start a server (2 GiB) with an 8 GiB model as an image volume. Pulled, every node
/// takes both from the registry. Lazily pulled through stargz-store, the model server still
/// reads every weight (start-up fraction 1), so the registry serves the same bytes, in range
/// requests. From SSD artifact stores only the server comes from the registry, and that wins.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn model_on_500_nodes_plain_stargz_or_ssd_artifacts() {
    let c = run(MODEL);
    let names: Vec<&str> = c.runs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["plain", "stargz", "ssd-artifacts"]);
    let (plain, stargz, ssd) = (named(&c, "plain"), named(&c, "stargz"), named(&c, "ssd-artifacts"));
    assert_eq!(plain.registry_bytes, 500 * 10 * GIB);
    // Lazy: the same bytes, less the layer metadata a full pull does not fetch apart.
    assert!(stargz.registry_bytes >= 500 * 10 * GIB && stargz.registry_bytes < 500 * 10 * GIB + 500 * GIB / 10);
    assert!(stargz.requests.ranges > 500 * 1000, "{:?}", stargz.requests);
    assert_eq!(ssd.registry_bytes, 500 * 2 * GIB);
    assert_eq!(plain.requests.ranges + ssd.requests.ranges, 0);
    for f in [plain, stargz, ssd] {
        let s = f.startup.expect("a roll-out");
        assert_eq!((s.event, s.nodes, s.times.reached, f.failed_steps), (0, 500, 500, 0));
    }
    let all = |f: Figures| f.startup.and_then(|s| s.times.all).expect("every node started");
    // The registry's 10 Gbit/s is the bottleneck: 5,000 GiB take at least 4,295 s; 1,000 GiB 859 s.
    assert!(all(plain) > (500 * 10 * GIB) as f64 / 1.25e9, "{}", all(plain));
    assert!(all(ssd) > (500 * 2 * GIB) as f64 / 1.25e9 && all(ssd) < all(plain) / 4.0);
    assert_eq!(best_name(&c), "ssd-artifacts");
}

/// 200 nodes start a 4 GiB image twice (the second after image garbage collection, an hour
/// later). Each pulling, the registry serves 2 × 200 × 4 GiB; with the NFS cache nothing, and
/// the nodes share the NFS server's bandwidth to read their start-up fraction.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn nfs_cache_for_200_nodes_or_each_node_pulling() {
    let c = run(NFS);
    let (pulling, cache) = (named(&c, "each-node-pulls"), named(&c, "nfs-cache"));
    assert_eq!(pulling.registry_bytes, 2 * 200 * 4 * GIB);
    assert_eq!((cache.registry_bytes, cache.requests.total()), (0, 0));
    // The second roll-out starts at 1 h and is measured from then, not from the start.
    let slowest = |f: Figures| f.startup.expect("a roll-out");
    assert!(slowest(pulling).times.all.expect("all ran") < 3600.0);
    // The cache's 10 Gbit/s serves 200 × 20 % of 4 GiB: at least 137 s.
    let cached = slowest(cache).times.all.expect("all ran");
    assert!(cached > (200 * 4 * GIB) as f64 * 0.2 / 1.25e9, "{cached}");
    assert_eq!(best_name(&c), "nfs-cache");
}

fn scenario(variants: &str, events: &str) -> String {
    let events = if events.is_empty() { " []\n".to_owned() } else { format!("\n{events}") };
    format!(
        "kind: Scenario\npools:\n- {{name: worker, nodes: [w-0, w-1]}}\nregistry:\n  images:\n  - {{ref: quay.io/a/app:1, size: 1GiB}}\nstorage:\n- {{path: /mnt/nfs, medium: nfs}}\nevents:{events}variants:\n{variants}"
    )
}

fn errors(d: &[Diagnostic]) -> Vec<String> {
    d.iter().filter(|d| d.severity == Severity::Error).map(|d| d.display_message()).collect()
}

/// A variant replaces what it gives, whole, and keeps the rest; what the events say in every
/// variant is said once, and what only some say names them.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn variants_replace_parts_and_diagnostics_name_them() {
    let text = scenario(
        "- name: base\n- name: bigger\n  registry:\n    images:\n    - {ref: quay.io/a/app:1, size: 2GiB}\n- name: empty\n  registry: {}\n  storage: []\n",
        "- {pull: quay.io/a/app:1}\n- {pull: quay.io/a/none:1}\n",
    );
    let (variants, diagnostics) = read_variants(&text);
    let sizes: Vec<Vec<u64>> =
        variants.iter().map(|v| v.scenario.registry.images.iter().map(|i| i.size).collect()).collect();
    assert_eq!(sizes, [vec![GIB], vec![2 * GIB], vec![]]);
    assert_eq!(variants.iter().map(|v| v.scenario.storage.len()).collect::<Vec<_>>(), [1, 1, 0]);
    // The unknown reference is in every variant: one warning, no note. The known one is unknown
    // to "empty" alone.
    let said: Vec<(String, Option<String>)> = diagnostics
        .iter()
        .filter(|d| d.message.contains("nothing can provide it"))
        .map(|d| (d.display_message(), d.note.clone()))
        .collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(said[0].0.starts_with("events[0].pull: \"quay.io/a/app:1\" is in neither"));
    assert_eq!(said[0].1.as_deref(), Some("in variant \"empty\" only"));
    assert!(said[1].0.starts_with("events[1].pull: \"quay.io/a/none:1\""));
    assert_eq!(said[1].1, None);
    // The storage entry no config lists is the scenario's own, so every variant keeping it warns.
    let unlisted: Vec<_> = diagnostics.iter().filter(|d| d.message.contains("no node reads it")).collect();
    assert_eq!(unlisted.len(), 1);
    assert_eq!(unlisted[0].note.as_deref(), Some("in variant \"base\", \"bigger\" only"));
    let c = run(&text);
    assert_eq!(c.runs.len(), 3);
    assert_eq!(figures(&c.runs[1].1).registry_bytes, 2 * 2 * GIB);
}

/// An error in one variant's design is positioned at its own field, and stops the comparison.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_bad_variant_is_positioned_and_nothing_runs() {
    let bad_store = scenario(
        "- name: a\n- name: b\n  storage:\n  - {path: relative}\n",
        "- {pull: quay.io/a/app:1}\n- {fail: /mnt/nfs}\n",
    );
    let c = compare(&bad_store);
    assert!(!c.ran && c.runs.is_empty());
    let errs = errors(&c.diagnostics);
    assert!(
        errs.contains(&"variants[1].storage[0].path: Invalid value: \"relative\": must be an absolute path".to_owned()),
        "{errs:?}"
    );
    // Variant b has no /mnt/nfs to fail: the event's error names it.
    let fail = c.diagnostics.iter().find(|d| d.message.contains("no such path in storage")).expect("the event's error");
    assert_eq!(fail.note.as_deref(), Some("in variant \"b\" only"));
    assert_eq!(&bad_store[fail.span.start..fail.span.end], "/mnt/nfs");
    assert_eq!(output::comparison_text(&c, Grouping::Shared), output::NOT_RUN);

    let names = scenario("- name: a\n- name: a\n- {registry: {}}\n- name: ''\n- name: x\n  nodes: 3\n", "");
    let errs = errors(&read_variants(&names).1);
    for expected in [
        "variants[1].name: Duplicate value: \"a\"",
        "variants[2].name: Required value",
        "variants[3].name: Invalid value: \"\": must not be empty",
        "variants[4].nodes: unknown field \"nodes\"; known: name, configs, crio, registry, storage",
    ] {
        assert!(errs.iter().any(|e| e == expected), "{expected} not in {errs:?}");
    }
    let many: String = (0..=MAX_VARIANTS).map(|i| format!("- name: v{i}\n")).collect();
    let errs = errors(&read_variants(&scenario(&many, "")).1);
    assert_eq!(errs, [format!("variants: Too many: {} variants, at most {MAX_VARIANTS}", MAX_VARIANTS + 1)]);
    let errs = errors(&read_variants(&scenario("", "").replace("variants:\n", "variants: []\n")).1);
    assert_eq!(errs, ["variants: Invalid value: \"array\": must list at least one variant"]);
}

/// A scenario without variants is one unnamed run, the same as `simulate`'s; a comparison's
/// JSON is the same bytes every time and carries every variant's run and the best.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn json_of_a_comparison() {
    let single = include_str!("../../tests/scenarios/nfs-shared-cache.yaml");
    assert!(!has_variants(single) && has_variants(NFS));
    let c = run(single);
    assert_eq!(c.runs.len(), 1);
    assert_eq!(c.runs[0].0, "");
    let alone = output::json(&simulate(single), single, Grouping::Shared).to_json();
    let within = output::json(&c.runs[0].1, single, Grouping::Shared).to_json();
    let steps =
        |j: &str| j[j.find("\"steps\"").expect("steps")..j.find("\"diagnostics\"").expect("diagnostics")].to_owned();
    assert_eq!(steps(&alone), steps(&within));

    let a = output::comparison_json(&compare(NFS), NFS, Grouping::Shared).to_json();
    assert_eq!(a, output::comparison_json(&compare(NFS), NFS, Grouping::Shared).to_json());
    assert!(
        a.starts_with(
            "{\"openshiftVersion\":\"latest\",\"ran\":true,\"variants\":[{\"name\":\"each-node-pulls\",\"steps\":[{"
        ),
        "{}",
        &a[..200]
    );
    assert!(a.contains("\"best\":\"nfs-cache\",\"why\":\"every node running soonest\""));
    assert!(a.contains("{\"variant\":\"nfs-cache\",\"best\":true,\"registryBytes\":0,"));
}
