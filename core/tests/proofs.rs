//! Proofs about the output (issue 14), by property: for any valid config that proptest builds,
//! every rendered storage.conf and CRI-O drop-in reads back, with parsers that are not ctrcfg's
//! (toml_edit here, under shrinking; Python's `tomllib` for a batch of the same cases), to exactly
//! the stores configured, in order; every MachineConfig's Ignition carries each file as a data
//! URL that decodes to the file, in its YAML as in its tree; rendering and simulating are
//! deterministic.
//!
//! Native only: proptest and the Python interpreter are not in the browser.
#![cfg(not(target_arch = "wasm32"))]

use ctrcfg_core::diag::Severity;
use ctrcfg_core::parse::{self, Node, Value};
use ctrcfg_core::render::ignition::decode_data_url;
use ctrcfg_core::render::machine_config::MachineConfig;
use ctrcfg_core::sim::groups::Grouping;
use ctrcfg_core::tree::Tree;
use ctrcfg_core::validate::Options;
use ctrcfg_core::{render, sim};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

#[path = "../../tests/support/python.rs"]
mod python;

/// Where the MCO writes each list (`storage.conf` for images and layers, a CRI-O drop-in for
/// artifacts): see tests/vectors/render/*.out.
const STORAGE_CONF: &str = "/etc/containers/storage.conf";
const ARTIFACTS_DROP_IN: &str = "/etc/crio/crio.conf.d/01-ctrcfg-additionalArtifactStores";

/// One ContainerRuntimeConfig's three lists, each within the API's maxItems.
#[derive(Clone, Debug)]
struct Stores {
    layers: Vec<String>,
    images: Vec<String>,
    artifacts: Vec<String>,
}

impl Stores {
    fn text(&self) -> String {
        let list = |name: &str, paths: &[String]| {
            if paths.is_empty() {
                return String::new();
            }
            // Double-quoted through core's own JSON string writer, which YAML reads as is.
            let items: String = paths.iter().map(|p| format!("    - path: {}\n", json_str(p))).collect();
            format!("    {name}:\n{items}")
        };
        format!(
            "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: proof\nspec:\n  machineConfigPoolSelector:\n    matchLabels:\n      pools.operator.machineconfiguration.openshift.io/worker: \"\"\n  containerRuntimeConfig:\n{}{}{}",
            list("additionalLayerStores", &self.layers),
            list("additionalImageStores", &self.images),
            list("additionalArtifactStores", &self.artifacts),
        )
    }

    /// What each rendered file must hold, by its path: the TOML table path to the list and the
    /// list itself (layer stores carry CRI-O's `:ref` suffix; an empty list writes nothing).
    fn expected(&self) -> Vec<(&'static str, [&'static str; 3], Vec<String>)> {
        let mut files = Vec::new();
        if !self.images.is_empty() {
            files.push((STORAGE_CONF, ["storage", "options", "additionalimagestores"], self.images.clone()));
        }
        if !self.layers.is_empty() {
            let with_ref = self.layers.iter().map(|p| format!("{p}:ref")).collect();
            files.push((STORAGE_CONF, ["storage", "options", "additionallayerstores"], with_ref));
        }
        if !self.artifacts.is_empty() {
            files.push((ARTIFACTS_DROP_IN, ["crio", "runtime", "additional_artifact_stores"], self.artifacts.clone()));
        }
        files
    }
}

fn json_str(s: &str) -> String {
    let mut out = String::new();
    ctrcfg_core::tree::json_string(s, false, &mut out);
    out
}

/// An absolute path under `root` of one to three segments, none of them `.` or `..`: the kind of
/// path every rule accepts. Segments use the characters real mount points do, dots included.
fn store_path(root: &'static str) -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z0-9][a-z0-9._-]{0,7}", 1..4)
        .prop_map(move |segments| format!("{root}/{}", segments.join("/")))
}

/// Up to `max` distinct paths under `root`, none inside another (nested stores are refused).
/// Each list has a root of its own: a path in two lists is refused too.
fn store_list(root: &'static str, max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(store_path(root), 0..=max).prop_map(|paths| {
        let mut kept: Vec<String> = Vec::new();
        for p in paths {
            let nested = |a: &str, b: &str| a == b || a.starts_with(&format!("{b}/"));
            if !kept.iter().any(|k| nested(&p, k) || nested(k, &p)) {
                kept.push(p);
            }
        }
        kept
    })
}

fn stores() -> impl Strategy<Value = Stores> {
    (store_list("/var/lib/layers", 5), store_list("/mnt/images", 10), store_list("/mnt/artifacts", 10))
        .prop_map(|(layers, images, artifacts)| Stores { layers, images, artifacts })
        // A config with no field at all is refused (`spec.containerRuntimeConfig: Required value`).
        .prop_filter("a config sets at least one store", |s| !s.expected().is_empty())
}

/// Renders `stores`, failing on any error: the generator builds only valid configs.
fn rendered_files(stores: &Stores) -> Result<Vec<MachineConfig>, TestCaseError> {
    let text = stores.text();
    let rendered = render(&text, &Options::default());
    let errors: Vec<String> = rendered
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.display_message())
        .collect();
    prop_assert!(errors.is_empty(), "a valid config was refused: {errors:?}\n{text}");
    let plan = rendered.plan.ok_or_else(|| TestCaseError::fail("no plan for a valid config"))?;
    Ok(plan.pools.into_iter().flat_map(|p| p.machine_configs).collect())
}

/// The string list at `table.path` of a TOML document, read by toml_edit.
fn toml_list(contents: &str, path: [&str; 3]) -> Option<Vec<String>> {
    let doc: toml_edit::DocumentMut = contents.parse().ok()?;
    let array = doc.get(path[0])?.get(path[1])?.get(path[2])?.as_array()?;
    array.iter().map(|v| v.as_str().map(str::to_owned)).collect()
}

/// The data URLs of an Ignition tree's files, by path.
fn ignition_files(ignition: &Tree) -> Vec<(String, String)> {
    let field = |t: &Tree, key: &str| match t {
        Tree::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()),
        _ => None,
    };
    let Some(Tree::Seq(files)) = field(ignition, "storage").and_then(|s| field(&s, "files")) else { return Vec::new() };
    files
        .iter()
        .filter_map(|f| match (field(f, "path"), field(f, "contents").and_then(|c| field(&c, "source"))) {
            (Some(Tree::Str(path)), Some(Tree::Str(source))) => Some((path, source)),
            _ => None,
        })
        .collect()
}

/// The same, from a MachineConfig's printed YAML, read back by core's YAML parser (whose
/// quoting the YAML printer is proved against in tree.rs): `spec.config.storage.files`.
fn yaml_ignition_files(yaml: &str) -> Vec<(String, String)> {
    let parsed = parse::parse(yaml);
    let Some(doc) = parsed.documents.first().and_then(|d| d.root.as_ref()) else { return Vec::new() };
    let get = |n: &Node, key: &str| n.get(key).map(|e| e.value.clone());
    let files = get(doc, "spec")
        .and_then(|s| get(&s, "config"))
        .and_then(|c| get(&c, "storage"))
        .and_then(|s| get(&s, "files"));
    let Some(Node { value: Value::Seq(items), .. }) = files else { return Vec::new() };
    items
        .iter()
        .filter_map(|f| {
            let path = get(f, "path")?.text()?.to_owned();
            let source = get(f, "contents").and_then(|c| get(&c, "source"))?.text()?.to_owned();
            Some((path, source))
        })
        .collect()
}

fn check(stores: &Stores) -> Result<(), TestCaseError> {
    let machine_configs = rendered_files(stores)?;
    prop_assert_eq!(machine_configs.len(), 1, "one MachineConfig, for the worker pool");
    for mc in &machine_configs {
        for (path, list_path, expected) in stores.expected() {
            let file = mc.files.iter().find(|f| f.path == path);
            let file = file.ok_or_else(|| TestCaseError::fail(format!("{path} not rendered")))?;
            let found = toml_list(&file.contents, list_path);
            prop_assert_eq!(found.as_ref(), Some(&expected), "{} in {}", list_path.join("."), path);
        }
        // Every file, in the Ignition tree and in the printed YAML, is its data URL.
        let files: Vec<(String, String)> = mc.files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect();
        for urls in [ignition_files(&mc.ignition()), yaml_ignition_files(&mc.yaml())] {
            let decoded: Vec<(String, String)> = urls
                .into_iter()
                .map(|(path, url)| (path, decode_data_url(&url).unwrap_or_else(|| format!("undecodable: {url}"))))
                .collect();
            prop_assert_eq!(&decoded, &files);
        }
    }
    // Deterministic: the same text renders the same bytes.
    let again = rendered_files(stores)?;
    prop_assert_eq!(
        again.iter().map(MachineConfig::yaml).collect::<Vec<_>>(),
        machine_configs.iter().map(MachineConfig::yaml).collect::<Vec<_>>()
    );
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 256, ..Config::default() })]
    #[test]
    fn rendered_files_read_back_to_the_stores_in_order(stores in stores()) {
        check(&stores)?;
    }
}

/// Configs read back from a cluster carry the suffix annotation the MCO gave each one's
/// MachineConfig (MCO `getManagedKeyCtrCfg`), and the MCO merges a pool's MachineConfigs by name:
/// so what a node ends up with cannot depend on the order the configs are written in. (Without
/// the annotation it does, as in the MCO: suffixes are handed out in the order configs sync.)
/// Each config is `(its name's number, its stores, its suffix)`.
fn annotated(configs: &[(usize, Stores, u32)]) -> String {
    let header = |n: usize, suffix: u32| {
        format!(
            "  name: proof-{n}\n  annotations:\n    machineconfiguration.openshift.io/mc-name-suffix: \"{suffix}\"\n"
        )
    };
    let texts: Vec<String> = configs
        .iter()
        .map(|(n, stores, suffix)| stores.text().replace("  name: proof\n", &header(*n, *suffix)))
        .collect();
    texts.join("---\n")
}

/// A pool's name, its effective files (paths and bytes), and what its nodes lose to conflicts
/// (by config name and reason).
type PoolOutcome = (String, Vec<(String, String)>, Vec<String>);

fn outcome(text: &str) -> Vec<PoolOutcome> {
    let Some(plan) = render(text, &Options::default()).plan else { return Vec::new() };
    let pool = |p: &ctrcfg_core::merge::PoolPlan| {
        let files = p.effective_files.iter().map(|f| (f.file.path.clone(), f.file.contents.clone())).collect();
        let mut lost: Vec<String> = p.lost.iter().map(|l| format!("{}: {}", l.config, l.reason)).collect();
        lost.sort();
        (p.pool.name.clone(), files, lost)
    };
    plan.pools.iter().map(pool).collect()
}

proptest! {
    #![proptest_config(Config { cases: 64, ..Config::default() })]
    #[test]
    fn merging_annotated_configs_does_not_depend_on_their_order(
        configs in prop::collection::vec((stores(), 1u32..20), 2..5).prop_filter("distinct suffixes", |cs| {
            let mut suffixes: Vec<u32> = cs.iter().map(|(_, s)| *s).collect();
            suffixes.sort_unstable();
            suffixes.windows(2).all(|w| w[0] != w[1])
        }),
        rotate in 0usize..4,
    ) {
        let written: Vec<(usize, Stores, u32)> = configs.into_iter().enumerate().map(|(n, (stores, suffix))| (n, stores, suffix)).collect();
        let mut reordered = written.clone();
        reordered.reverse();
        let by = rotate % reordered.len();
        reordered.rotate_left(by);
        let forward = outcome(&annotated(&written));
        prop_assert!(!forward.is_empty(), "the configs were refused:\n{}", annotated(&written));
        prop_assert_eq!(outcome(&annotated(&reordered)), forward);
    }
}

/// The same kind of cases, read by Python's tomllib in one batch (one interpreter for all).
#[test]
fn python_tomllib_reads_the_stores_in_order() {
    let mut runner = TestRunner::deterministic();
    let mut cases = Vec::new();
    for _ in 0..200 {
        let stores = stores().new_tree(&mut runner).unwrap().current();
        let machine_configs = rendered_files(&stores).unwrap();
        for mc in &machine_configs {
            for (path, list_path, expected) in stores.expected() {
                let file = mc.files.iter().find(|f| f.path == path).unwrap();
                let keys: Vec<String> = list_path.iter().map(|k| json_str(k)).collect();
                let values: Vec<String> = expected.iter().map(|v| json_str(v)).collect();
                cases.push(format!("[{}, [{}], [{}]]", json_str(&file.contents), keys.join(","), values.join(",")));
            }
        }
    }
    assert!(cases.len() > 300, "only {} lists rendered", cases.len());
    let script = "import json, sys, tomllib\nbad = 0\ncases = json.load(sys.stdin)\nfor toml, keys, want in cases:\n    got = tomllib.loads(toml)\n    for k in keys:\n        got = got[k]\n    if got != want:\n        bad += 1\n        print('mismatch:', keys, got, want)\nprint(len(cases), 'lists,', bad, 'mismatched')\nsys.exit(1 if bad else 0)\n";
    python::assert_python_succeeds(script, &format!("[{}]", cases.join(",")));
}

/// Every seed scenario simulates to the same trace and the same JSON twice over.
#[test]
fn simulations_are_deterministic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let (a, b) = (sim::simulate(&text), sim::simulate(&text));
            for grouping in [Grouping::Shared, Grouping::PerNode] {
                assert_eq!(sim::output::text(&a, grouping), sim::output::text(&b, grouping), "{}", path.display());
                assert_eq!(
                    sim::output::json(&a, &text, grouping).to_json(),
                    sim::output::json(&b, &text, grouping).to_json(),
                    "{}",
                    path.display()
                );
            }
            seen += 1;
        }
    }
    assert!(seen >= 9, "only {seen} scenarios");
}
