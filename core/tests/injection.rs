//! No path, however invalid, can inject a TOML or YAML key into rendered output.
//!
//! Validation refuses such paths before anything is rendered, so these tests call the stages
//! directly with the configs decoded from hostile text, parse every output (TOML with
//! toml_edit's parser, YAML with ctrcfg's), and check that exactly the expected keys exist and
//! that each value reads back as written. The CLI tests repeat the TOML check with Python's
//! tomllib.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ctrcfg_core::api::StoreKind;
use ctrcfg_core::gates::FeatureGates;
use ctrcfg_core::merge;
use ctrcfg_core::parse::{self, Node, Value};
use ctrcfg_core::pools::default_pools;
use ctrcfg_core::render::ignition::decode_data_url;
use ctrcfg_core::render::{self, NodeFile};
use ctrcfg_core::tree::Tree;
use ctrcfg_core::validate::{validate, Options};
use ctrcfg_core::{butane, edit};
use toml_edit::DocumentMut;

const HOSTILE: &[&str] = &[
    "/a\"]\nadditionallayerstores = [\"/evil",
    "/a'\n[crio.runtime]\nlog_level = \"debug",
    "/x\\\"\\",
    "/mnt/#comment",
    "/a]\n[storage]\ndriver=\"vfs\"",
    "/p: {injected: true}",
    "/t\u{2028}x\u{0}y",
    "\n- path: /evil\n",
    "|\n  evil: 1",
];

fn yaml_quoted(s: &str) -> String {
    let mut out = String::new();
    ctrcfg_core::tree::json_string(s, false, &mut out);
    out
}

fn hostile_text(name: &str, level: &str) -> String {
    // At most five layer stores, so that a merged config stays within the API's limits.
    stores_text(name, level, HOSTILE, &HOSTILE[..5], HOSTILE)
}

/// A config on the worker pool with these stores, each path double-quoted.
fn stores_text<S: AsRef<str>>(name: &str, level: &str, images: &[S], layers: &[S], artifacts: &[S]) -> String {
    let list = |paths: &[S]| -> String {
        paths.iter().map(|p| format!("    - path: {}\n", yaml_quoted(p.as_ref()))).collect()
    };
    let (items, layers, artifacts) = (list(images), list(layers), list(artifacts));
    format!(
        "kind: ContainerRuntimeConfig\nmetadata: {{name: {}}}\nspec:\n  machineConfigPoolSelector: {{matchLabels: {{pools.operator.machineconfiguration.openshift.io/worker: ''}}}}\n  containerRuntimeConfig:\n    logLevel: {}\n    additionalImageStores:\n{items}    additionalLayerStores:\n{layers}    additionalArtifactStores:\n{artifacts}",
        yaml_quoted(name),
        yaml_quoted(level)
    )
}

fn toml_keys(doc: &toml_edit::Table, prefix: &str, out: &mut Vec<String>) {
    for (k, item) in doc.iter() {
        let path = if prefix.is_empty() { k.to_owned() } else { format!("{prefix}.{k}") };
        match item.as_table() {
            Some(t) => toml_keys(t, &path, out),
            None => out.push(path),
        }
    }
}

fn strings(item: &toml_edit::Item) -> Vec<String> {
    item.as_array().expect("an array").iter().map(|v| v.as_str().expect("a string").to_owned()).collect()
}

/// A rendered file holds exactly its own keys, and the stores read back as written: `images`
/// and `artifacts` whole, `layers` with CRI-O's `:ref` suffix.
fn check_toml(file: &NodeFile, images: &[String], layers: &[String], artifacts: &[String]) {
    let doc: DocumentMut = file.contents.parse().unwrap_or_else(|e| panic!("{}: {e}\n{}", file.path, file.contents));
    let mut keys = Vec::new();
    toml_keys(doc.as_table(), "", &mut keys);
    if file.path == render::STORAGE_CONF_PATH {
        assert_eq!(
            keys,
            [
                "storage.driver",
                "storage.runroot",
                "storage.graphroot",
                "storage.options.additionalimagestores",
                "storage.options.additionallayerstores",
                "storage.options.force_mask",
                "storage.options.auto-userns-min-size",
                "storage.options.auto-userns-max-size",
                "storage.options.overlay.skip_mount_home",
                "storage.options.pull_options.enable_partial_images",
                "storage.options.pull_options.ostree_repos",
                "storage.options.pull_options.use_hard_links",
            ]
        );
        assert_eq!(doc["storage"]["driver"].as_str(), Some("overlay"));
        assert_eq!(strings(&doc["storage"]["options"]["additionalimagestores"]), images);
        let layers: Vec<String> = layers.iter().map(|p| format!("{p}:ref")).collect();
        assert_eq!(strings(&doc["storage"]["options"]["additionallayerstores"]), layers);
    } else {
        assert_eq!(keys.len(), 1, "{}: {keys:?}", file.path);
        assert!(keys[0].starts_with("crio.runtime."), "{keys:?}");
        if file.path.ends_with("additionalArtifactStores") {
            assert_eq!(strings(&doc["crio"]["runtime"]["additional_artifact_stores"]), artifacts);
        }
    }
}

fn yaml_root(text: &str) -> Node {
    let parsed = parse::parse(text);
    assert!(parsed.diagnostics.is_empty(), "{:?}\n{text}", parsed.diagnostics);
    assert_eq!(parsed.documents.len(), 1, "{text}");
    parsed.documents.into_iter().next().and_then(|d| d.root).expect("a document")
}

fn keys(node: &Node) -> Vec<String> {
    match &node.value {
        Value::Map(entries) => entries.iter().map(|e| e.key.text().unwrap_or_default().to_owned()).collect(),
        _ => Vec::new(),
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn hostile_paths_inject_no_toml_or_yaml_key() {
    let text = hostile_text("evil\nname: x", "debug\"\n[crio]\nx = 1");
    let report = validate(&text, &Options::default());
    assert!(report.has_errors(), "validation must refuse hostile paths");
    let config = report.configs[0].config.as_ref().expect("decoded");
    assert_eq!(config.store_paths(StoreKind::Image).count(), HOSTILE.len());

    let files = render::files(config, &FeatureGates::default());
    assert_eq!(files.len(), 3, "storage.conf, logLevel and artifact drop-ins");
    let hostile: Vec<String> = HOSTILE.iter().map(|s| (*s).to_owned()).collect();
    files.iter().for_each(|f| check_toml(f, &hostile, &hostile[..5], &hostile));
    let level: DocumentMut = files[1].contents.parse().expect("toml");
    assert_eq!(level["crio"]["runtime"]["log_level"].as_str(), Some("debug\"\n[crio]\nx = 1"));

    // MachineConfig YAML, Butane and the merged config read back with only their own keys.
    let second =
        hostile_text("second\n- evil", "debug\"\n[crio]\nx = 1").replace("logLevel", "pidsLimit: 99\n    logLevel");
    let both = format!("{text}---\n{second}");
    let configs = validate(&both, &Options::default()).configs;
    let plan = merge::plan(&configs, &default_pools(), &FeatureGates::default());
    let worker = &plan.pools[1];
    assert_eq!(worker.machine_configs.len(), 2);
    for mc in &worker.machine_configs {
        let root = yaml_root(&mc.yaml());
        assert_eq!(keys(&root), ["apiVersion", "kind", "metadata", "spec"]);
        let owner = root.get("metadata").and_then(|m| m.value.get("ownerReferences")).expect("owner");
        let Value::Seq(refs) = &owner.value.value else { panic!("ownerReferences") };
        assert_eq!(refs[0].get("name").and_then(|n| n.value.text()), Some(mc.owner.as_str()));
        let json = mc.ignition().to_json();
        let sources: Vec<&str> =
            json.split("\"source\":\"").skip(1).map(|s| s.split('"').next().unwrap_or_default()).collect();
        for (source, file) in sources.iter().zip(&mc.files) {
            assert_eq!(decode_data_url(source).as_deref(), Some(file.contents.as_str()));
        }
        let b = yaml_root(&butane::openshift(mc));
        assert_eq!(keys(&b), ["variant", "version", "metadata", "storage"]);
    }
    let fcos = butane::fcos(files.iter().map(|f| (f.path.as_str(), f.contents.as_str())));
    let root = yaml_root(&fcos);
    assert_eq!(keys(&root), ["variant", "version", "storage"]);
    let merged = worker.merged.as_deref().expect("no conflicts: a merged config");
    let root = yaml_root(merged);
    assert_eq!(keys(&root), ["apiVersion", "kind", "metadata", "spec"]);
    let crc = root.get("spec").and_then(|s| s.value.get("containerRuntimeConfig")).expect("crc");
    assert_eq!(
        keys(&crc.value),
        ["pidsLimit", "logLevel", "additionalLayerStores", "additionalImageStores", "additionalArtifactStores"]
    );
    let merged_configs = validate(merged, &Options::default()).configs;
    let paths: Vec<&str> = merged_configs[0].config.as_ref().expect("crc").store_paths(StoreKind::Image).collect();
    assert_eq!(paths, HOSTILE);

    // A hostile value in a Tree string cannot open a key either, including characters that
    // YAML 1.1 readers (go-yaml, under Butane) take as line breaks, and ones no YAML reader
    // accepts raw; such text is never printed as a literal block.
    let tree = Tree::map([("a", Tree::str("x\nb: 1")), ("c", Tree::Text("y\nd: 2\n".into()))]);
    assert_eq!(keys(&yaml_root(&tree.to_yaml())), ["a", "c"]);
    for odd in
        ["\u{2028}ignition: {}", "\u{2029}x", "\u{85}x", "\u{7f}", "\u{9b}", "\u{fffe}", "\u{feff}x", "2001-12-14"]
    {
        let text = format!("# {odd}\n[crio]\n");
        let tree = Tree::map([("a", Tree::str(odd)), ("b", Tree::Text(text.clone()))]);
        let yaml = tree.to_yaml();
        assert!(
            !yaml.chars().any(|c| matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{7f}' | '\u{9b}' | '\u{fffe}' | '\u{feff}'
            )),
            "{yaml:?}"
        );
        let root = yaml_root(&yaml);
        assert_eq!(keys(&root), ["a", "b"]);
        assert_eq!(root.get("a").and_then(|e| e.value.text()), Some(odd));
        assert_eq!(root.get("b").and_then(|e| e.value.text()), Some(text.as_str()));
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn hostile_paths_in_a_base_file_edit_stay_values() {
    let text = hostile_text("evil", "debug");
    let configs = validate(&text, &Options::default()).configs;
    let config = configs[0].config.as_ref().expect("decoded");
    let base = "# mine\n[storage]\ndriver = \"overlay\"\n";
    let edited =
        edit::storage_conf(base, &[config], &FeatureGates::default(), "/etc/containers/storage.conf").expect("edits");
    let doc: DocumentMut = edited.contents.parse().expect("toml");
    let mut found = Vec::new();
    toml_keys(doc.as_table(), "", &mut found);
    assert_eq!(
        found,
        ["storage.driver", "storage.options.additionalimagestores", "storage.options.additionallayerstores"]
    );
    assert_eq!(strings(&doc["storage"]["options"]["additionalimagestores"]).len(), HOSTILE.len());
}

/// The playground's edit worker reads its requests, flat JSON objects of strings, with the YAML
/// parser (`tree::yaml_safe_json_object`): every hostile string reads back exactly, as one value.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_yaml_safe_json_object_reads_back_exactly() {
    let fields: Vec<(String, &str)> = HOSTILE.iter().enumerate().map(|(i, s)| (format!("k{i}"), *s)).collect();
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let text = ctrcfg_core::tree::yaml_safe_json_object(&borrowed);
    let root = yaml_root(&text);
    assert_eq!(keys(&root), fields.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(), "{text}");
    let Value::Map(entries) = &root.value else { panic!("not a map: {text}") };
    for ((_, value), entry) in fields.iter().zip(entries) {
        assert!(matches!(&entry.value.value, Value::Scalar(s) if s.text == **value), "{value:?} in {text}");
    }
}

/// The same, for paths proptest builds from the characters that matter to TOML and YAML
/// (quotes, brackets, `=`, `#`, `:`, line and paragraph separators, NUL, backslashes) and any
/// other character: every rendered file still holds only its own keys, every path reads back
/// exactly, and each MachineConfig's YAML and the Butane config have only their own top keys.
#[cfg(not(target_arch = "wasm32"))]
mod generated {
    use super::*;
    use proptest::prelude::*;

    fn hostile_path() -> impl Strategy<Value = String> {
        let special = prop::sample::select(vec![
            '"', '\'', '\\', '\n', '\r', '\t', '[', ']', '{', '}', '=', '#', ':', '-', ' ', ',', '\u{0}', '\u{2028}',
            '\u{85}', '\u{feff}',
        ]);
        prop::collection::vec(prop_oneof![3 => special, 1 => any::<char>()], 0..24)
            .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #[test]
        fn generated_paths_inject_no_toml_or_yaml_key(
            images in prop::collection::vec(hostile_path(), 1..10),
            layers in prop::collection::vec(hostile_path(), 1..5),
            artifacts in prop::collection::vec(hostile_path(), 1..10),
        ) {
            let text = stores_text("generated", "debug", &images, &layers, &artifacts);
            let report = validate(&text, &Options::default());
            let config = report.configs[0].config.as_ref().expect("decoded");
            prop_assert_eq!(config.store_paths(StoreKind::Image).collect::<Vec<_>>(), images.iter().map(String::as_str).collect::<Vec<_>>());
            let files = render::files(config, &FeatureGates::default());
            files.iter().for_each(|f| check_toml(f, &images, &layers, &artifacts));
            let plan = merge::plan(&report.configs, &default_pools(), &FeatureGates::default());
            for mc in plan.pools.iter().flat_map(|p| &p.machine_configs) {
                prop_assert_eq!(keys(&yaml_root(&mc.yaml())), ["apiVersion", "kind", "metadata", "spec"]);
                prop_assert_eq!(keys(&yaml_root(&butane::openshift(mc))), ["variant", "version", "metadata", "storage"]);
            }
            let fcos = butane::fcos(files.iter().map(|f| (f.path.as_str(), f.contents.as_str())));
            prop_assert_eq!(keys(&yaml_root(&fcos)), ["variant", "version", "storage"]);
        }
    }
}
