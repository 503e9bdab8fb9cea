//! core never panics on any input: every prefix of every vector file, and byte-level
//! corruptions of them, go through `validate` and `preview` without a panic.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ctrcfg_core::validate::{validate, Options};

const SOURCES: &[&str] = &[
    include_str!("../../tests/vectors/validate/corpus-stores.yaml"),
    include_str!("../../tests/vectors/validate/corpus-fields.yaml"),
    include_str!("../../tests/vectors/validate/corpus-documents.yaml"),
    include_str!("../../tests/vectors/preview/layer-stores.json"),
    include_str!("../../tests/vectors/preview/wrong-types.yaml"),
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
            std::hint::black_box(ctrcfg_core::preview(&corrupted, &options));
            runs += 2;
        }
    }
    assert!(runs > 1000, "only {runs} inputs");
}
