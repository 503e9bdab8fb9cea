//! core never panics on any input: every prefix of every vector file, and byte-level
//! corruptions of them, go through every stage without a panic: `validate`, `render` and its JSON, the MCO's
//! merge on whatever configs decode (errors or not), the pools reader, base-file edits, and
//! the simulator with both of its outputs.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ctrcfg_core::gates::FeatureGates;
use ctrcfg_core::sim::groups::Grouping;
use ctrcfg_core::validate::{validate, Options};
use ctrcfg_core::{edit, merge, pools, render, report, sim};

const SOURCES: &[&str] = &[
    include_str!("../../tests/vectors/validate/corpus-stores.yaml"),
    include_str!("../../tests/vectors/validate/corpus-fields.yaml"),
    include_str!("../../tests/vectors/validate/corpus-documents.yaml"),
    include_str!("../../tests/vectors/render/layer-stores.json"),
    include_str!("../../tests/vectors/render/wrong-types.yaml"),
    include_str!("../../tests/vectors/render/three-configs-conflict.yaml"),
    include_str!("../../tests/vectors/render/custom-pool.pools.yaml"),
    include_str!("../../tests/scenarios/ml-models-ssd.yaml"),
    include_str!("../../tests/scenarios/typo-store-path.yaml"),
    include_str!("../../tests/scenarios/ocne-unclean-reboot.yaml"),
    include_str!("../../tests/scenarios/nfs-cache-vs-pulling.yaml"),
];

/// Characters that most often confuse YAML scanners and ctrcfg's own walkers.
const NOISE: &[&str] = &["\n", ":", "- ", "[", "{", "&a ", "*a", "!!int ", "\"", "'", "\t", "é", "#", "---\n", "? "];

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn prefixes_and_corruptions_never_panic() {
    let options = Options::default();
    let mut runs = 0;
    for source in SOURCES {
        let text: String = source.chars().take(3000).collect();
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(5).collect();
        for (n, &at) in bounds.iter().enumerate() {
            std::hint::black_box(validate(&text[..at], &options));
            let noise = NOISE[n % NOISE.len()];
            let corrupted = format!("{}{noise}{}", &text[..at], &text[at..]);
            let rendered = render(&corrupted, &options);
            std::hint::black_box(report::render_json(&rendered, &corrupted).to_json());
            let plan = merge::plan(&rendered.report.configs, &options.pools, &FeatureGates::default());
            for config in rendered.report.configs.iter().filter_map(|c| c.config.as_ref()) {
                let _ = std::hint::black_box(edit::storage_conf(&corrupted, &[config], &options.gates, "x"));
                let _ = std::hint::black_box(edit::crio_conf(&text[..at], &[config], &options.gates, "x"));
            }
            std::hint::black_box((plan, pools::read(&corrupted)));
            // Each grouping on every other input: both are covered, at the cost of one.
            let grouping = if runs % 4 == 0 { Grouping::Shared } else { Grouping::PerNode };
            if sim::compare::has_variants(&corrupted) {
                let c = sim::compare::compare(&corrupted);
                let json = sim::output::comparison_json(&c, &corrupted, grouping).to_json();
                std::hint::black_box((json, sim::output::comparison_text(&c, grouping)));
            } else {
                let sim = sim::simulate(&corrupted);
                let json = sim::output::json(&sim, &corrupted, grouping).to_json();
                std::hint::black_box((json, sim::output::text(&sim, grouping)));
            }
            runs += 2;
        }
    }
    assert!(runs > 1000, "only {runs} inputs");
}
