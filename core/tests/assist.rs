//! Hover and completion (`ctrcfg_core::assist`) on texts with a cursor, marked `|`.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ctrcfg_core::assist::{complete, hover, CompletionKind};
use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::release::Release;
use ctrcfg_core::validate::Options;

const CONFIG: &str = "apiVersion: machineconfiguration.openshift.io/v1
kind: ContainerRuntimeConfig
metadata:
  name: stores
spec:
  machineConfigPoolSelector:
    matchLabels:
      pools.operator.machineconfiguration.openshift.io/worker: \"\"
  containerRuntimeConfig:
    logLevel: debug
    overlaySize: 10Gi
    additionalImageStores:
    - path: /mnt/nfs-images
";

/// The text without its `|`, and the cursor's byte offset.
fn cursor(marked: &str) -> (String, usize) {
    let at = marked.find('|').expect("a cursor");
    (marked.replacen('|', "", 1), at)
}

fn at(release: Release, set: FeatureSet) -> Options {
    Options { gates: FeatureGates::new(set).at(release), ..Options::default() }
}

fn hover_at(marked: &str, options: &Options) -> Option<String> {
    let (text, offset) = cursor(marked);
    hover(&text, offset, options).map(|h| h.text)
}

fn labels(marked: &str, options: &Options) -> Vec<String> {
    let (text, offset) = cursor(marked);
    complete(&text, offset, options).into_iter().map(|c| c.label).collect()
}

/// The descriptions are the CRD's (openshift/api 2a3d7391,
/// `0000_80_machine-config_01_containerruntimeconfigs-CustomNoUpgrade.crd.yaml`).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn hover_gives_the_api_description_and_the_rendered_line() {
    let options = Options::default();
    let key = hover_at(&CONFIG.replace("logLevel:", "log|Level:"), &options).expect("a hover on the key");
    assert!(
        key.starts_with("spec.containerRuntimeConfig.logLevel\n\nlogLevel specifies the verbosity of the logs"),
        "{key}"
    );
    assert!(
        key.ends_with("On the nodes: /etc/crio/crio.conf.d/01-ctrcfg-logLevel line 3: log_level = \"debug\""),
        "{key}"
    );
    let size = hover_at(&CONFIG.replace("10Gi", "10|Gi"), &options).expect("a hover on the value");
    assert!(
        size.starts_with("spec.containerRuntimeConfig.overlaySize\n\noverlaySize specifies the maximum size"),
        "{size}"
    );
    assert!(size.ends_with("On the nodes: /etc/containers/storage.conf line 7: size = \"10Gi\""), "{size}");
    let path = hover_at(&CONFIG.replace("/mnt/nfs-images", "/mnt/|nfs-images"), &options).expect("a store path");
    assert!(path.starts_with("spec.containerRuntimeConfig.additionalImageStores[].path\n\npath specifies the absolute location of the additional image store."), "{path}");
    assert!(path.contains("additionalimagestores = [\"/mnt/nfs-images\"]"), "{path}");
    // Off any field: nothing.
    assert_eq!(hover_at(&format!("{CONFIG}|"), &options), None);
    assert_eq!(hover_at(&CONFIG.replace("worker: \"\"", "worker: \"|\""), &options), None, "a label is no field");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn hover_says_when_the_cluster_lacks_the_field() {
    let text = CONFIG.replace("logLevel: debug", "containerGomaxprocs|Behavior: Autosize");
    let at_4_22 = hover_at(&text, &at(Release::Ocp4_22, FeatureSet::Default)).expect("a hover");
    assert!(
        at_4_22.contains("Not in the CRD at OpenShift 4.22 with feature set Default: it needs the feature gate GomaxprocsInjection, which starts at latest."),
        "{at_4_22}"
    );
    let preview = hover_at(&text, &at(Release::Latest, FeatureSet::TechPreviewNoUpgrade)).expect("a hover");
    assert!(!preview.contains("Not in the CRD"), "{preview}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn field_names_valid_where_the_cursor_is() {
    let latest = Options::default();
    let typing = CONFIG.replace("    logLevel: debug\n", "    add|\n    logLevel: debug\n");
    // additionalImageStores is written already.
    assert_eq!(labels(&typing, &latest), ["additionalArtifactStores", "additionalLayerStores"]);
    // At 4.22 the Default set's CRD has no store lists; TechPreviewNoUpgrade's has.
    assert!(labels(&typing, &at(Release::Ocp4_22, FeatureSet::Default)).is_empty());
    assert_eq!(labels(&typing, &at(Release::Ocp4_22, FeatureSet::TechPreviewNoUpgrade)).len(), 2);
    // Every field not yet written, with the first sentence of its description.
    let (text, offset) = cursor(&CONFIG.replace("    logLevel: debug\n", "    |\n    logLevel: debug\n"));
    let all = complete(&text, offset, &latest);
    let names: Vec<&str> = all.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        names,
        ["additionalArtifactStores", "additionalLayerStores", "defaultRuntime", "logSizeMax", "pidsLimit"]
    );
    assert!(all.iter().all(|c| c.kind == CompletionKind::Field && (c.from, c.to) == (offset, offset)));
    assert_eq!(
        all[4].detail.as_deref(),
        Some("pidsLimit specifies the maximum number of processes allowed in a container")
    );
    // Top level, spec, and inside a list item (the marker's column and the key's).
    assert_eq!(labels("apiVersion: v1\n|", &latest), ["kind", "metadata", "spec", "status"]);
    // spec has both its fields written; without the second, it is offered.
    assert!(labels(&CONFIG.replace("  machineConfigPoolSelector:", "  |\n  machineConfigPoolSelector:"), &latest)
        .is_empty());
    assert_eq!(
        labels("kind: ContainerRuntimeConfig\nspec:\n  machineConfigPoolSelector: {}\n  con|\n", &latest),
        ["containerRuntimeConfig"]
    );
    assert_eq!(labels(&format!("{CONFIG}    - |"), &latest), ["path"]);
    let item = CONFIG.replace("    - path: /mnt/nfs-images\n", "    -\n      pa|\n");
    assert_eq!(labels(&item, &latest), ["path"]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn values_of_enumerated_fields() {
    let options = Options::default();
    let (text, offset) = cursor(&CONFIG.replace("logLevel: debug", "defaultRuntime: c|"));
    let runtime = complete(&text, offset, &options);
    assert_eq!(runtime.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), ["crun"]);
    assert_eq!((runtime[0].kind, runtime[0].from, runtime[0].to), (CompletionKind::Value, offset - 1, offset));
    assert_eq!(labels(&CONFIG.replace("logLevel: debug", "logLevel: |"), &options).len(), 7);
    assert_eq!(
        labels(&CONFIG.replace("kind: ContainerRuntimeConfig", "kind: Con|"), &options),
        ["ContainerRuntimeConfig"]
    );
    assert!(labels(&CONFIG.replace("10Gi", "1|"), &options).is_empty(), "a quantity has no list of values");
}

/// Any offset of any text, half a character included, gives an answer or nothing.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn never_panics_at_any_offset() {
    let options = Options::default();
    for text in [
        CONFIG,
        SCENARIO,
        "kind: Scenario\nevents:\n- pull: \n  -",
        "é: [\n  - ü",
        "- - -\n  : :\n{a: [b",
        "\u{feff}kind: x\n  - y:\n -",
    ] {
        for offset in 0..=text.len() + 2 {
            let _ = hover(text, offset, &options);
            let _ = complete(text, offset, &options);
        }
    }
}

const SCENARIO: &str = "kind: Scenario
pools:
- {name: worker, nodes: [worker-0, worker-1]}
- {name: infra, nodeCount: 2}
registry:
  images:
  - {ref: quay.io/acme/app:1, size: 300MB}
  artifacts:
  - {ref: quay.io/acme/llm:v2, size: 4GiB}
storage:
- {path: /mnt/nfs, images: [quay.io/acme/app:1], medium: nfs}
configs:
- apiVersion: machineconfiguration.openshift.io/v1
  kind: ContainerRuntimeConfig
  metadata: {name: cache}
  spec:
    machineConfigPoolSelector: {matchLabels: {pools.operator.machineconfiguration.openshift.io/worker: ''}}
    containerRuntimeConfig:
      additionalImageStores: [{path: /mnt/nfs}]
events:
- {pull: quay.io/acme/app:1, node: worker-0}
";

/// A scenario offers its own keys (sim::vocabulary, the reader's lists) and the names it
/// defines, read by the simulator's reader; its configs get a ContainerRuntimeConfig's fields.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn scenario_keys_and_the_names_it_defines() {
    let options = Options::default();
    let with = |line: &str| format!("{SCENARIO}{line}");
    assert_eq!(labels(&with("- pullA|"), &options), ["pullArtifact"]);
    assert_eq!(labels(&with("- pull: quay.io/acme/app:1\n  n|"), &options), ["node", "nodes"]);
    assert_eq!(
        labels(&with("- pull: quay.io/acme/app:1\n  node: |"), &options),
        ["worker-0", "worker-1", "infra-0", "infra-1"]
    );
    assert_eq!(labels(&with("- pull: q|"), &options), ["quay.io/acme/app:1"]);
    assert_eq!(labels(&with("- pullArtifact: |"), &options), ["quay.io/acme/llm:v2"]);
    assert_eq!(labels(&with("- fail: |"), &options), ["/mnt/nfs"]);
    assert_eq!(labels(&with("- reboot: worker-0\n  pool: |"), &options), ["worker", "infra"]);
    assert_eq!(labels(&with("- registry: |"), &options), ["up", "down"]);
    // Top-level keys not yet written.
    assert_eq!(labels(&format!("{SCENARIO}o|"), &options), ["openshiftVersion"]);
    assert_eq!(labels(&format!("{SCENARIO}openshiftVersion: |"), &options), ["4.22", "5.0", "latest"]);
    // Inside a config, the CRD's fields.
    let config = SCENARIO.replace("      additionalImageStores", "      log|\n      additionalImageStores");
    assert_eq!(labels(&config, &options), ["logLevel", "logSizeMax"]);
    let applied = with("- apply:\n    spec:\n      containerRuntimeConfig:\n        defaultRuntime: r|");
    assert_eq!(labels(&applied, &options), ["runc"]);
    // Nothing in a comment, whole-line or after a value.
    assert_eq!(labels(&with("# pull|"), &options), Vec::<String>::new());
    assert_eq!(labels(&with("- pull: quay.io/acme/app:1 # no|"), &options), Vec::<String>::new());
    assert_eq!(labels(&CONFIG.replace("    logLevel: debug", "    # log|"), &options), Vec::<String>::new());
}

/// Inside `variants:`, a variant's keys, its parts' keys as the scenario's own, a config's
/// fields in its configs, and the names its registry and storage define for the events.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn completion_inside_variants() {
    let options = Options::default();
    let variants = "variants:\n- name: ssd\n  registry:\n    images:\n    - {ref: quay.io/acme/model:v9, size: 8GiB}\n  storage:\n  - {path: /mnt/ssd, medium: ssd}\n";
    let with = |line: &str| format!("{SCENARIO}{variants}{line}");
    assert_eq!(labels(&with("- r|"), &options), ["registry"]);
    assert_eq!(labels(&with("  crio: {}\n  c|"), &options), ["configs"]);
    assert_eq!(labels(&with("  registry:\n    rate|"), &options), ["rateLimit"]);
    assert_eq!(labels(&with("  storage:\n  - path: /x\n    med|"), &options), ["medium"]);
    assert_eq!(labels(&with("  storage:\n  - path: /x\n    medium: s|"), &options), ["ssd"]);
    let config = with("  configs:\n  - spec:\n      containerRuntimeConfig:\n        log|");
    assert_eq!(labels(&config, &options), ["logLevel", "logSizeMax"]);
    // The events name what any design defines.
    let events = format!("{SCENARIO}- pull: q|\n{variants}");
    assert_eq!(labels(&events, &options), ["quay.io/acme/app:1", "quay.io/acme/model:v9"]);
    let events = format!("{SCENARIO}- fail: |\n{variants}");
    assert_eq!(labels(&events, &options), ["/mnt/nfs", "/mnt/ssd"]);
}
