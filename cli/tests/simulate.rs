//! The `ctrcfg simulate` contract: formats, stdin, exit codes and the JSON shape.

mod common;

use common::ctrcfg;
use serde_json::Value;

const LAZY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/scenarios/lazy-pull-estargz.yaml");

#[test]
fn json_follows_the_contract() {
    let out = ctrcfg(&["simulate", "--format", "json", LAZY], "");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ran"], true);
    let step = &v["steps"][0];
    let keys: Vec<&str> = step.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "index",
            "event",
            "eventIndex",
            "node",
            "ref",
            "outcome",
            "source",
            "lazy",
            "registryBytes",
            "seconds",
            "start",
            "end",
            "trace",
            "message",
            "requests"
        ]
    );
    // The lazy pull asked for the manifest, the config and each layer's footer and TOC.
    assert_eq!(step["requests"]["manifest"], 1);
    assert_eq!(step["requests"]["range"], 2);
    assert!(step["end"].as_f64().unwrap() >= step["start"].as_f64().unwrap());
    let timing = &v["metrics"]["timing"][0];
    assert_eq!((timing["pool"].as_str(), timing["ref"].as_str()), (Some("worker"), Some("quay.io/acme/model:v1")));
    assert!(timing["image"]["p50"].is_f64());
    assert_eq!(step["event"], "pull");
    assert_eq!(step["node"], "worker-0");
    assert_eq!(step["source"], "additionalLayerStore:/var/lib/stargz-store/store");
    assert_eq!(step["lazy"], true);
    assert_eq!(step["trace"][0], "checked defaultStore: not found");
    assert!(step["seconds"].is_f64());
    let total = v["metrics"]["registryBytes"].as_u64().unwrap();
    let per_node: u64 =
        v["metrics"]["perNode"].as_object().unwrap().values().map(|n| n["registryBytes"].as_u64().unwrap()).sum();
    assert_eq!(total, per_node);
    assert!(v["metrics"]["model"].as_str().unwrap().contains("modelled"));
    assert_eq!(v["nodes"]["worker-0"]["crio"], "running");
    assert_eq!(v["nodes"]["worker-0"]["defaultStore"]["images"][0], "quay.io/acme/model:v1");
    assert!(v["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn text_reads_stdin_and_bad_scenarios_exit_1() {
    let text = std::fs::read_to_string(LAZY).unwrap();
    let out = ctrcfg(&["simulate", "-"], &text);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("1. pull quay.io/acme/model:v1 on worker-0: ok — from additionalLayerStore:/var/lib/stargz-store/store, lazy"), "{stdout}");
    assert!(stdout.contains("(modelled)"));

    let out = ctrcfg(&["simulate", "-"], "kind: Scenario\nevents:\n- {pull: a:1, node: nowhere}\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("<stdin>:3:21: error[ctrcfg]: events[0].node: Invalid value: \"nowhere\": no such node"));
    // A scenario with errors did not run: no trace, no figures of a run.
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "the scenario did not run: it has errors, so nothing was simulated and there are no figures\n"
    );
    let bad = "kind: Scenario\nevents:\n- {pull: a:1, node: nowhere}\n";
    let out = ctrcfg(&["simulate", "--format", "json", "-"], bad);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((&v["ran"], &v["metrics"], &v["steps"]), (&Value::Bool(false), &Value::Null, &serde_json::json!([])));
    assert_eq!(v["diagnostics"][0]["severity"], "error");
    assert_eq!(ctrcfg(&["simulate", "a.yaml", "b.yaml"], "").status.code(), Some(2));
    assert_eq!(ctrcfg(&["simulate", "--format", "sarif", LAZY], "").status.code(), Some(2));
}
