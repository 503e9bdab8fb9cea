//! The render vectors in `tests/vectors/render/`, natively and in headless Chromium.
//!
//! Each `.yaml` holds ContainerRuntimeConfigs; comment lines at its top may set
//! `# feature-set: NAME`, `# feature-gates: Gate=bool,...` and `# pools: FILE` (a pools file
//! beside it). The `.out` file is the expected result in a readable form: diagnostics, then per
//! pool the rollout, the MachineConfigs in merge order, the files a node ends up with (byte for
//! byte) with their source links, lost settings, conflicts and the merged config.
//! `CTRCFG_BLESS=1` (native only) rewrites the `.out` files; review the diff.
//!
//! Besides the golden comparison every vector is checked for properties that must always hold:
//! each MachineConfig's data URLs decode to its files, its YAML reads back with the same
//! name, role and files, and a merged config validates and, rendered alone, loses nothing.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod golden;
mod verdict;

use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::parse::{self, Node, Value};
use ctrcfg_core::pools;
use ctrcfg_core::render::ignition::decode_data_url;
use ctrcfg_core::text::LineIndex;
use ctrcfg_core::validate::Options;
use ctrcfg_core::{render, Rendered};

macro_rules! vectors {
    ($($name:literal $(. $ext:literal)?),* $(,)?) => {
        const VECTORS: &[(&str, &str, &str)] = &[$((
            $name,
            include_str!(concat!("../../tests/vectors/render/", $name, vectors!(@ext $($ext)?))),
            include_str!(concat!("../../tests/vectors/render/", $name, ".out")),
        )),*];
    };
    (@ext) => { ".yaml" };
    (@ext $ext:literal) => { concat!(".", $ext) };
}

vectors! {
    "image-stores",
    "layer-stores"."json",
    "artifact-stores-only",
    "syntax-error",
    "wrong-types",
    "layer-store",
    "image-store",
    "artifact-store",
    "all-stores",
    "stores-and-overlay-size",
    "every-field",
    "quantities",
    "zero-quantities",
    "gate-off",
    "custom-no-upgrade",
    "two-configs-one-pool",
    "three-configs-conflict",
    "custom-pool",
    "annotated-suffixes",
    "over-the-limit",
    "refused",
    "duplicate-names",
}

const POOL_FILES: &[(&str, &str)] =
    &[("custom-pool.pools.yaml", include_str!("../../tests/vectors/render/custom-pool.pools.yaml"))];

fn options(input: &str) -> Options {
    let mut options = Options::default();
    let mut set = FeatureSet::Default;
    let mut gates = Vec::new();
    for line in input.lines().take_while(|l| l.starts_with('#')) {
        if let Some(v) = line.strip_prefix("# feature-set: ") {
            set = FeatureSet::from_name(v.trim()).expect("feature set");
        } else if let Some(v) = line.strip_prefix("# feature-gates: ") {
            gates.push(v.trim().to_owned());
        } else if let Some(v) = line.strip_prefix("# pools: ") {
            let text = POOL_FILES.iter().find(|(n, _)| *n == v.trim()).expect("pools file listed").1;
            let (p, diags) = pools::read(text);
            assert!(diags.is_empty(), "{diags:?}");
            options.pools = p;
        }
    }
    options.gates = gates.iter().fold(FeatureGates::new(set), |g, spec| g.parse_overrides(spec).expect("gates"));
    options
}

fn indented(text: &str, by: &str) -> String {
    text.lines().map(|l| if l.is_empty() { "\n".to_owned() } else { format!("{by}{l}\n") }).collect()
}

fn report(input: &str, rendered: &Rendered) -> String {
    let index = LineIndex::new(input);
    let mut out = String::new();
    for d in rendered.diagnostics() {
        out.push_str(&d.to_compiler_line(&index));
        out.push('\n');
    }
    let Some(plan) = &rendered.plan else {
        out.push_str("not rendered\n");
        return out;
    };
    for p in plan.pools.iter().filter(|p| !p.machine_configs.is_empty()) {
        let r = &p.rollout;
        out.push_str(&format!(
            "== pool {}: {} node(s){}, {} at a time, {} wave(s) {:?}, reboot {}, {} min (modelled)\n",
            p.pool.name,
            r.nodes.len(),
            if r.nodes_assumed { " assumed" } else { "" },
            r.max_unavailable,
            r.waves.len(),
            r.waves,
            r.reboot,
            r.modelled_minutes
        ));
        for mc in &p.machine_configs {
            let paths: Vec<&str> = mc.files.iter().map(|f| f.path.as_str()).collect();
            out.push_str(&format!("machineConfig {} role={} config={} files={paths:?}\n", mc.name, mc.role, mc.owner));
        }
        for e in &p.effective_files {
            out.push_str(&format!("--- {} (from {})\n", e.file.path, e.from));
            out.push_str(&e.file.contents);
            for s in &e.file.sources {
                out.push_str(&format!("  ^ line {}: {} @ {}\n", s.line, s.field, index.position(s.span.start).line));
            }
        }
        for l in &p.lost {
            out.push_str(&format!("lost {} {}: {}\n", l.config, l.field, l.reason));
        }
        for c in &p.conflicts {
            out.push_str(&format!("conflict {}: {} {:?}\n", c.field, c.message, c.values));
        }
        if let Some(merged) = &p.merged {
            out.push_str("merged:\n");
            out.push_str(&indented(merged, "  "));
        }
    }
    out
}

/// A map's value at a dotted path of keys.
fn at<'n>(node: &'n Node, path: &[&str]) -> &'n Node {
    path.iter().fold(node, |n, k| &n.get(k).unwrap_or_else(|| panic!("no key {k}")).value)
}

fn seq(node: &Node) -> &[Node] {
    match &node.value {
        Value::Seq(items) => items,
        _ => panic!("not a sequence"),
    }
}

fn check_properties(name: &str, rendered: &Rendered, options: &Options) {
    let Some(plan) = &rendered.plan else { return };
    for p in &plan.pools {
        for mc in &p.machine_configs {
            // The YAML reads back, and each data URL decodes to its file.
            let parsed = parse::parse(&mc.yaml());
            assert!(parsed.diagnostics.is_empty(), "{name}: {:?}", parsed.diagnostics);
            let root = parsed.documents[0].root.as_ref().expect("a document");
            assert_eq!(at(root, &["metadata", "name"]).text(), Some(mc.name.as_str()));
            assert_eq!(
                at(root, &["metadata", "labels", "machineconfiguration.openshift.io/role"]).text(),
                Some(mc.role.as_str())
            );
            let config = at(root, &["spec", "config"]);
            assert_eq!(at(config, &["ignition", "version"]).text(), Some("3.5.0"));
            let files = config.get("storage").and_then(|s| s.value.get("files")).map_or(&[][..], |f| seq(&f.value));
            assert_eq!(files.len(), mc.files.len(), "{name}");
            for (node, file) in files.iter().zip(&mc.files) {
                assert_eq!(at(node, &["path"]).text(), Some(file.path.as_str()));
                assert_eq!(at(node, &["mode"]).text(), Some("420"));
                assert_eq!(at(node, &["overwrite"]).text(), Some("true"));
                let url = at(node, &["contents", "source"]).text().expect("source");
                assert_eq!(decode_data_url(url).as_deref(), Some(file.contents.as_str()), "{name}: {}", file.path);
            }
        }
        // A merged config is valid and, rendered alone on the pool, loses nothing it sets.
        if let Some(merged) = &p.merged {
            let alone = render(merged, options);
            assert!(!alone.report.has_errors(), "{name}: merged config has errors: {:?}", alone.report.diagnostics);
            let plan = alone.plan.expect("merged renders");
            let pool = plan.pools.iter().find(|q| q.pool.name == p.pool.name).expect("pool");
            assert!(pool.lost.iter().all(|l| l.reason.starts_with("the ")), "{name}: merged loses {:?}", pool.lost);
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn render_vectors() {
    let results = VECTORS.iter().map(|(name, input, expected)| {
        let options = options(input);
        let rendered = render(input, &options);
        check_properties(name, &rendered, &options);
        if let Err(e) = verdict::check(input, &options) {
            panic!("{name}: validate and render disagree: {e}");
        }
        (*name, report(input, &rendered), *expected)
    });
    golden::check("vectors/render", "vector(s)", results);
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn every_vector_file_is_listed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/render");
    for entry in std::fs::read_dir(dir).expect("vector directory") {
        let file = entry.expect("entry").file_name().to_string_lossy().into_owned();
        let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
        let listed = VECTORS.iter().any(|(n, _, _)| *n == stem) || POOL_FILES.iter().any(|(n, _)| *n == file);
        assert!(listed, "{file} is not listed in render_vectors.rs");
    }
}

/// openshift/origin `test/extended/node/additional_storage_e2e.go` (035122bf), the node checks
/// of "combined-func-test": `cat` each file on the node and look for these substrings.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn origin_e2e_node_checks() {
    let input = include_str!("../../tests/vectors/render/all-stores.yaml");
    let plan = render(input, &Options::default()).plan.expect("renders");
    let worker = plan.pools.iter().find(|p| p.pool.name == "worker").expect("worker");
    let file = |path: &str| &worker.effective_files.iter().find(|e| e.file.path == path).expect(path).file.contents;
    let storage = file("/etc/containers/storage.conf");
    assert!(storage.contains("/var/lib/combined-imagestore"));
    assert!(storage.contains("additionallayerstores"));
    assert!(storage.contains("/var/lib/stargz-store/store:ref"));
    let artifacts = file("/etc/crio/crio.conf.d/01-ctrcfg-additionalArtifactStores");
    assert!(artifacts.contains(r#"additional_artifact_stores = ["/var/lib/combined-artifactstore"]"#));
    // The only MachineConfig name check origin makes (additional_artifact_stores.go TC10).
    assert!(worker.machine_configs.iter().all(|m| m.name.contains("containerruntime")));
}

/// The simulator reads rendered files with a small reader of the MCO's own encoding
/// (`sim::world::rendered_values`); on every file of every vector it must find exactly the
/// string and string-list values a full TOML parser (toml_edit) finds.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_simulators_reader_agrees_with_a_toml_parser() {
    use ctrcfg_core::sim::world::{rendered_values, Rendered};
    fn walk(table: &toml_edit::Table, prefix: &str, out: &mut Vec<(String, Rendered)>) {
        for (k, item) in table.iter() {
            let key = if prefix.is_empty() { k.to_owned() } else { format!("{prefix}.{k}") };
            match item {
                toml_edit::Item::Table(t) => walk(t, &key, out),
                toml_edit::Item::Value(toml_edit::Value::String(s)) => {
                    out.push((key, Rendered::Str(s.value().clone())))
                }
                toml_edit::Item::Value(toml_edit::Value::Array(a)) => {
                    out.push((key, Rendered::List(a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())))
                }
                _ => {}
            }
        }
    }
    let mut files = 0;
    for (name, input, _) in VECTORS {
        let Some(plan) = render(input, &options(input)).plan else { continue };
        for pool in &plan.pools {
            for e in &pool.effective_files {
                let doc: toml_edit::DocumentMut = e.file.contents.parse().expect("toml");
                let mut expected = Vec::new();
                walk(doc.as_table(), "", &mut expected);
                assert_eq!(rendered_values(&e.file.contents), expected, "{name}: {}", e.file.path);
                files += 1;
            }
        }
    }
    assert!(files > 20, "{files}");
    // Escapes the encoder may write.
    let text = "[a]\n  s = \"q\\\"\\\\\\n\\u00e9\"\n  l = [\"x\", \"y, z\"]\n  n = 0\n";
    let doc: toml_edit::DocumentMut = text.parse().expect("toml");
    let mut expected = Vec::new();
    walk(doc.as_table(), "", &mut expected);
    assert_eq!(rendered_values(text), expected);
}
