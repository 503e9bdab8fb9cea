// Shared by `examples/bench.rs` (native) and `tests/wasm_bench.rs` (Chromium): the inputs the
// benchmark measures and the loop that measures them, given a clock in milliseconds.

use ctrcfg_core::validate::{validate, Options};

/// A typical config: the example the playground opens with.
pub const TYPICAL: &str = include_str!("../../tests/vectors/render/image-stores.yaml");

/// About 10 KB of documents: configs with full store lists and a few mistakes, as a CI would lint.
pub fn multi_document(target_bytes: usize) -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < target_bytes {
        text.push_str(&format!(
            "---\napiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: config-{i}\nspec:\n  machineConfigPoolSelector:\n    matchLabels:\n      pools.operator.machineconfiguration.openshift.io/worker: \"\"\n  containerRuntimeConfig:\n    logSizeMax: 64Mi\n    pidsLimit: 4096\n    additionalLayerStores:\n    - path: /var/lib/stargz-store\n    additionalImageStores:\n"
        ));
        for s in 0..6 {
            text.push_str(&format!(
                "    - path: /mnt/images-{s}{}\n",
                if s == 5 && i % 3 == 0 { "//typo" } else { "" }
            ));
        }
        text.push_str("    additionalArtifactStores:\n    - path: /mnt/models\n");
        i += 1;
    }
    text
}

pub struct Figure {
    pub name: &'static str,
    pub bytes: usize,
    pub per_second: f64,
    pub mb_per_second: f64,
}

/// Validates each input repeatedly for about `budget_ms` and reports the rate.
pub fn measure(now_ms: impl Fn() -> f64, budget_ms: f64) -> Vec<Figure> {
    let options = Options::default();
    let inputs: [(&'static str, String); 2] = [
        ("typical config (image-stores.yaml)", TYPICAL.to_owned()),
        ("10 KB multi-document file", multi_document(10_000)),
    ];
    inputs
        .iter()
        .map(|(name, text)| {
            let mut runs = 0u64;
            let start = now_ms();
            let mut elapsed = 0.0;
            while elapsed < budget_ms || runs < 10 {
                std::hint::black_box(validate(std::hint::black_box(text), &options));
                runs += 1;
                elapsed = now_ms() - start;
            }
            let per_second = runs as f64 / (elapsed / 1000.0);
            Figure { name, bytes: text.len(), per_second, mb_per_second: per_second * text.len() as f64 / 1e6 }
        })
        .collect()
}

pub fn table(target: &str, figures: &[Figure]) -> String {
    let mut out = format!("{target}\n{:<38} {:>8} {:>16} {:>10}\n", "input", "bytes", "validations/s", "MB/s");
    for f in figures {
        out.push_str(&format!("{:<38} {:>8} {:>16.0} {:>10.1}\n", f.name, f.bytes, f.per_second, f.mb_per_second));
    }
    out
}
