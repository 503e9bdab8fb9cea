// Shared by `examples/bench.rs` (native) and `tests/wasm_bench.rs` (Chromium): the inputs the
// benchmark measures and the loop that measures them, given a clock in milliseconds.

use ctrcfg_core::validate::{validate, Options};
use ctrcfg_core::{render, report};

/// A typical config: the example the playground opens with.
pub const TYPICAL: &str = include_str!("../../tests/vectors/render/image-stores.yaml");

/// Three configs on the worker pool, merged: what `ctrcfg render` does for a real pool.
pub const MERGE: &str = include_str!("../../tests/vectors/render/three-configs-conflict.yaml");

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

/// What is measured: validation alone, or a whole render (validation, MachineConfigs, merge,
/// rollout and the JSON `ctrcfg render --format json` prints, data URLs included).
#[derive(Clone, Copy)]
pub enum Op {
    Validate,
    Render,
}

/// Runs each case repeatedly for about `budget_ms` and reports the rate.
pub fn measure(now_ms: impl Fn() -> f64, budget_ms: f64) -> Vec<Figure> {
    let options = Options::default();
    let cases: [(&'static str, Op, String); 4] = [
        ("validate: typical config", Op::Validate, TYPICAL.to_owned()),
        ("validate: 10 KB multi-document file", Op::Validate, multi_document(10_000)),
        ("render: typical config", Op::Render, TYPICAL.to_owned()),
        ("render: three configs on one pool", Op::Render, MERGE.to_owned()),
    ];
    cases
        .iter()
        .map(|(name, op, text)| {
            let mut runs = 0u64;
            let start = now_ms();
            let mut elapsed = 0.0;
            while elapsed < budget_ms || runs < 10 {
                let text = std::hint::black_box(text.as_str());
                match op {
                    Op::Validate => {
                        std::hint::black_box(validate(text, &options));
                    }
                    Op::Render => {
                        let rendered = render(text, &options);
                        std::hint::black_box(report::render_json(&rendered, text).to_json());
                    }
                }
                runs += 1;
                elapsed = now_ms() - start;
            }
            let per_second = runs as f64 / (elapsed / 1000.0);
            Figure { name, bytes: text.len(), per_second, mb_per_second: per_second * text.len() as f64 / 1e6 }
        })
        .collect()
}

pub fn table(target: &str, figures: &[Figure]) -> String {
    let mut out = format!("{target}\n{:<40} {:>8} {:>16} {:>10}\n", "input", "bytes", "runs/s", "MB/s");
    for f in figures {
        out.push_str(&format!("{:<40} {:>8} {:>16.0} {:>10.1}\n", f.name, f.bytes, f.per_second, f.mb_per_second));
    }
    out
}

/// A scenario with `nodes` workers and `pulls` pull events, each on every node: a shared NFS
/// image cache holding a third of the images, a stargz-store layer store, and images of every
/// format, so that each pull takes one of the real paths (cache hit, lazy, full pull, reuse).
pub fn fleet(nodes: usize, pulls: usize) -> String {
    let mut text = format!(
        "kind: Scenario\nconfigs:\n- apiVersion: machineconfiguration.openshift.io/v1\n  kind: ContainerRuntimeConfig\n  metadata: {{name: fleet}}\n  spec:\n    machineConfigPoolSelector: {{matchLabels: {{pools.operator.machineconfiguration.openshift.io/worker: ''}}}}\n    containerRuntimeConfig:\n      additionalImageStores: [{{path: /mnt/nfs-images}}]\n      additionalLayerStores: [{{path: /var/lib/stargz-store/store}}]\npools:\n- {{name: worker, nodeCount: {nodes}}}\nregistry:\n  images:\n"
    );
    let formats = ["oci", "estargz", "zstd:chunked"];
    for i in 0..50 {
        text.push_str(&format!(
            "  - {{ref: quay.io/acme/app-{i}:1, format: {}, size: {}MiB, startupFraction: 0.1}}\n",
            formats[i % 3],
            100 + i
        ));
    }
    text.push_str("storage:\n- {path: /var/lib/stargz-store/store, plugin: stargz-store}\n- {path: /mnt/nfs-images, medium: nfs, shared: true, images: [");
    let cached: Vec<String> = (0..50).step_by(3).map(|i| format!("quay.io/acme/app-{i}:1")).collect();
    text.push_str(&cached.join(", "));
    text.push_str("]}\nevents:\n");
    for p in 0..pulls {
        let policy = if p % 10 == 9 { ", pullPolicy: Always" } else { "" };
        text.push_str(&format!("- {{pull: quay.io/acme/app-{}:1{policy}}}\n", p % 50));
    }
    text
}
