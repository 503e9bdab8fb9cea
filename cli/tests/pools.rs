//! `--pools` (and a Scenario's `pools:`), through the built binary: when the node count is
//! assumed, which labels a pool has, the note on a selector that matches no pool, and `nodes`
//! with `nodeCount`.

mod common;

use common::ctrcfg;
use serde_json::{json, Value};
use std::path::PathBuf;

const WORKER: &str = "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: c\nspec:\n  machineConfigPoolSelector:\n    matchLabels:\n      pools.operator.machineconfiguration.openshift.io/worker: \"\"\n  containerRuntimeConfig:\n    additionalImageStores:\n    - path: /mnt/images\n";
const ASSUMED: &str = " (node count assumed; give --pools)";

fn pools_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ctrcfg-pools-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_string_lossy().into_owned()
}

fn pool_args(pools: &Option<String>) -> Vec<&str> {
    pools.as_deref().map_or_else(Vec::new, |p| vec!["--pools", p])
}

fn json_of(stdout: &[u8]) -> Value {
    serde_json::from_slice(stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(stdout)))
}

/// The count is assumed only when nothing gave it: the default pools, a short-form pool without
/// `nodes` or `nodeCount`, a MachineConfigPool without `status.machineCount`. Render JSON's
/// `nodesAssumed` and the text summary line say the same.
#[test]
fn the_node_count_is_assumed_only_when_nothing_gives_it() {
    let mcp = |status: &str| {
        format!("apiVersion: v1\nkind: List\nitems:\n- apiVersion: machineconfiguration.openshift.io/v1\n  kind: MachineConfigPool\n  metadata:\n    name: worker\n    labels: {{pools.operator.machineconfiguration.openshift.io/worker: \"\"}}\n  spec:\n    machineConfigSelector:\n      matchLabels: {{machineconfiguration.openshift.io/role: worker}}\n{status}")
    };
    let cases: [(&str, Option<String>, bool, Value); 6] = [
        ("default pools", None, true, json!([["worker-0"], ["worker-1"], ["worker-2"]])),
        (
            "short form, name only",
            Some("- {name: worker}\n".into()),
            true,
            json!([["worker-0"], ["worker-1"], ["worker-2"]]),
        ),
        ("short form, nodes", Some("- {name: worker, nodes: [a, b]}\n".into()), false, json!([["a"], ["b"]])),
        (
            "short form, nodeCount",
            Some("- {name: worker, nodeCount: 4, maxUnavailable: 2}\n".into()),
            false,
            json!([["worker-0", "worker-1"], ["worker-2", "worker-3"]]),
        ),
        (
            "oc get mcp with status.machineCount",
            Some(mcp("  status: {machineCount: 2}\n")),
            false,
            json!([["worker-0"], ["worker-1"]]),
        ),
        ("oc get mcp without a status", Some(mcp("")), true, json!([["worker-0"], ["worker-1"], ["worker-2"]])),
    ];
    for (i, (name, pools, assumed, waves)) in cases.into_iter().enumerate() {
        let pools = pools.map(|text| pools_file(&format!("count-{i}.yaml"), &text));
        let mut args = vec!["render", "--format", "json"];
        args.extend(pool_args(&pools));
        let out = ctrcfg(&args, WORKER);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let v = json_of(&out.stdout);
        let worker = v["pools"].as_array().unwrap().iter().find(|p| p["pool"] == "worker").expect("worker");
        assert_eq!(worker["rollout"]["nodesAssumed"], json!(assumed), "{name}");
        assert_eq!(worker["rollout"]["waveNodes"], waves, "{name}");

        let mut args = vec!["render"];
        args.extend(pool_args(&pools));
        let out = ctrcfg(&args, WORKER);
        let summary = String::from_utf8_lossy(&out.stderr);
        let line =
            summary.lines().find(|l| l.starts_with("pool worker: ")).unwrap_or_else(|| panic!("{name}: {summary}"));
        assert_eq!(line.contains(ASSUMED), assumed, "{name}: {line}");
    }
}

/// The MCO labels only the pools it creates (openshift/machine-config-operator 7ff337a4,
/// `manifests/worker.machineconfigpool.yaml` and `manifests/master.machineconfigpool.yaml`,
/// label added by PR #1937): a custom pool given by name alone has no label, so a config that
/// selects `pools.operator.machineconfiguration.openshift.io/infra` matches nothing until the
/// pool is given that label, in the short form's `labels` or in `oc get mcp`'s metadata.labels.
#[test]
fn a_custom_pool_has_only_the_labels_given() {
    let infra = WORKER.replace("io/worker: \"\"", "io/infra: \"\"");
    let bare = pools_file("bare.yaml", "- {name: worker}\n- {name: infra, nodes: [i0]}\n");
    let out = ctrcfg(&["validate", "--format", "json", "--pools", &bare, "-"], &infra);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out.stdout);
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["origin"].as_str(), d["field"].as_str(), d["message"].as_str()),
        (
            Some("mco"),
            Some("spec.machineConfigPoolSelector"),
            Some("could not find any MachineConfigPool set for ContainerRuntimeConfig c")
        )
    );
    assert_eq!(
        d["note"],
        "no pool's own metadata.labels match the selector; the pools: worker {machineconfiguration.openshift.io/mco-built-in: \"\", pools.operator.machineconfiguration.openshift.io/worker: \"\"}, infra (no labels)"
    );

    let labelled = pools_file(
        "labelled.yaml",
        "- {name: worker}\n- {name: infra, nodes: [i0], labels: {pools.operator.machineconfiguration.openshift.io/infra: \"\"}}\n",
    );
    let out = ctrcfg(&["render", "--format", "json", "--pools", &labelled, "-"], &infra);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json_of(&out.stdout);
    let names: Vec<&str> = v["pools"].as_array().unwrap().iter().filter_map(|p| p["pool"].as_str()).collect();
    assert!(names.contains(&"infra"), "{names:?}");

    let mcp = pools_file(
        "mcp.yaml",
        "apiVersion: machineconfiguration.openshift.io/v1\nkind: MachineConfigPool\nmetadata:\n  name: infra\n  labels:\n    pools.operator.machineconfiguration.openshift.io/infra: \"\"\nspec:\n  machineConfigSelector:\n    matchExpressions:\n    - {key: machineconfiguration.openshift.io/role, operator: In, values: [worker, infra]}\nstatus: {machineCount: 1}\n",
    );
    let out = ctrcfg(&["validate", "--pools", &mcp, "-"], &infra);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

/// A selector on the MachineConfig role label matches no pool: the MCO matches the pool's own
/// labels (`getPoolsForContainerRuntimeConfig`, `selector.Matches(labels.Set(p.Labels))`). The
/// message stays the MCO's; the text output prints ctrcfg's note under it.
#[test]
fn the_role_label_gets_a_note_naming_the_pool_label() {
    let by_role = WORKER.replace(
        "pools.operator.machineconfiguration.openshift.io/worker: \"\"",
        "machineconfiguration.openshift.io/role: worker",
    );
    let out = ctrcfg(&["validate", "-"], &by_role);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("<stdin>:6:3: error[mco]: spec.machineConfigPoolSelector: could not find any MachineConfigPool set for ContainerRuntimeConfig c\n  note: machineconfiguration.openshift.io/role is a MachineConfig's label, not a pool's: a config selects pools by their own metadata.labels; for the worker pool select pools.operator.machineconfiguration.openshift.io/worker: \"\"; the pools: master {"),
        "{text}"
    );
}

/// `nodes` and `nodeCount` together are refused, as ctrcfg's own error, in a --pools file and in
/// a Scenario's pools.
#[test]
fn nodes_and_node_count_are_mutually_exclusive() {
    let both = pools_file("both.yaml", "- name: worker\n  nodes: [a]\n  nodeCount: 3\n");
    // The config from a file: ctrcfg stops at the pools file before it would read stdin.
    let config = pools_file("config.yaml", WORKER);
    let out = ctrcfg(&["render", "--pools", &both, &config], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{both}:1:3: error[ctrcfg]: pools[0]: Invalid value: \"object\": nodes and nodeCount are mutually exclusive"
        )),
        "{err}"
    );

    let scenario = "kind: Scenario\npools:\n- {name: worker, nodeCount: 2, nodes: [a, b]}\n";
    let out = ctrcfg(&["simulate", "-"], scenario);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "<stdin>:3:3: error[ctrcfg]: pools[0]: Invalid value: \"object\": nodes and nodeCount are mutually exclusive"
        ),
        "{err}"
    );
}
