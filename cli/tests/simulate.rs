//! The `ctrcfg simulate` contract: formats, stdin, exit codes and the JSON shape.

mod common;

use common::ctrcfg;
use serde_json::{json, Value};

const LAZY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/scenarios/lazy-pull-estargz.yaml");

/// The keys of an object, in order.
fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn json_follows_the_contract() {
    let out = ctrcfg(&["simulate", "--format", "json", LAZY], "");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(keys(&v), ["openshiftVersion", "ran", "steps", "metrics", "nodes", "diagnostics"]);
    assert_eq!(v["ran"], true);
    let step = &v["steps"][0];
    assert_eq!(
        keys(step),
        [
            "index",
            "event",
            "eventIndex",
            "nodes",
            "nodeCount",
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
    assert_eq!((&step["event"], &step["nodes"], &step["nodeCount"]), (&json!("pull"), &json!("worker-0"), &json!(1)));
    // The lazy pull asked for the manifest, the config and each layer's footer and TOC.
    assert_eq!(step["requests"]["manifest"], 1);
    assert_eq!(step["requests"]["range"], 2);
    assert!(step["end"]["all"].as_f64().unwrap() >= step["start"]["all"].as_f64().unwrap());
    let timing = &v["metrics"]["timing"][0];
    assert_eq!((timing["pool"].as_str(), timing["ref"].as_str()), (Some("worker"), Some("quay.io/acme/model:v1")));
    assert!(timing["image"]["p50"].is_f64());
    assert_eq!(step["source"], "additionalLayerStore:/var/lib/stargz-store/store");
    assert_eq!(step["lazy"], true);
    assert_eq!(step["trace"][0], "checked defaultStore: not found");
    assert_eq!(keys(&step["seconds"]), ["p50", "p95", "all"]);
    assert!(step["seconds"]["all"].is_f64());
    let metrics = &v["metrics"];
    assert_eq!(keys(metrics), ["registryBytes", "pools", "cacheHits", "requests", "makespan", "timing", "model"]);
    let pool = &metrics["pools"][0];
    assert_eq!(keys(pool), ["name", "nodes", "nodeCount", "registryBytes", "failedSteps", "failedNodes", "seconds"]);
    assert_eq!(
        (&pool["name"], &pool["nodes"], &pool["nodeCount"]),
        (&json!("worker"), &json!("worker-[0-1]"), &json!(2))
    );
    assert_eq!(pool["registryBytes"], metrics["registryBytes"]);
    assert!(metrics["model"].as_str().unwrap().contains("modelled"));
    let node = &v["nodes"][0];
    assert_eq!(
        keys(node),
        [
            "nodes",
            "nodeCount",
            "pool",
            "crio",
            "defaultStore",
            "listedArtifacts",
            "containers",
            "registryBytes",
            "seconds",
            "finished"
        ]
    );
    assert_eq!((&node["nodes"], &node["crio"]), (&json!("worker-0"), &json!("running")));
    // A node finishes no sooner than its own steps add up to, and the last one at the makespan.
    let finished = |n: &Value| n["finished"]["all"].as_f64().unwrap();
    assert!(finished(node) >= node["seconds"]["all"].as_f64().unwrap());
    let last = v["nodes"].as_array().unwrap().iter().map(finished).fold(0.0, f64::max);
    assert_eq!(last, metrics["makespan"].as_f64().unwrap());
    assert_eq!(node["defaultStore"]["images"][0], "quay.io/acme/model:v1");
    assert!(v["diagnostics"].as_array().unwrap().is_empty());
}

const NFS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/scenarios/nfs-shared-cache.yaml");

/// A pull on ten nodes is one step with its nodes by default, and ten with `--per-node`, in
/// the text and in JSON, which then also has each node's figures.
#[test]
fn per_node_lists_every_step_and_node() {
    let shared = ctrcfg(&["simulate", "--format", "json", NFS], "");
    let each = ctrcfg(&["simulate", "--format=json", "--per-node", NFS], "");
    assert_eq!((shared.status.code(), each.status.code()), (Some(0), Some(0)));
    let (shared, each): (Value, Value) =
        (serde_json::from_slice(&shared.stdout).unwrap(), serde_json::from_slice(&each.stdout).unwrap());
    let first = &shared["steps"][0];
    assert_eq!((&first["nodes"], &first["nodeCount"]), (&json!("worker-[0-9]"), &json!(10)));
    let steps = each["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 24);
    assert!(steps.iter().enumerate().all(|(i, s)| s["index"] == json!(i) && s["nodeCount"].as_u64() <= Some(1)));
    let on: Vec<&str> = steps[..10].iter().map(|s| s["nodes"].as_str().unwrap()).collect();
    assert_eq!(on, (0..10).map(|i| format!("worker-{i}")).collect::<Vec<_>>());
    // The same steps either way: each group's nodeCount adds up to the steps listed one by one.
    let counted: u64 =
        shared["steps"].as_array().unwrap().iter().map(|s| s["nodeCount"].as_u64().unwrap().max(1)).sum();
    assert_eq!(counted, 24);
    assert!(shared["metrics"].get("perNode").is_none());
    let per_node = each["metrics"]["perNode"].as_object().unwrap();
    assert_eq!(per_node.len(), 10);
    let total: u64 = per_node.values().map(|n| n["registryBytes"].as_u64().unwrap()).sum();
    assert_eq!(json!(total), each["metrics"]["registryBytes"]);
    assert_eq!(each["nodes"].as_array().unwrap().len(), 10);
    assert_eq!(shared["metrics"]["pools"], each["metrics"]["pools"]);

    let text = ctrcfg(&["simulate", NFS], "");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("1. pull quay.io/acme/base:9 on worker-[0-9] (10 nodes): ok"), "{text}");
    assert!(
        text.contains("\npool worker: 10 nodes, registry served 10.0 GiB, no failed steps; time per node p50 "),
        "{text}"
    );
    let listed = ctrcfg(&["simulate", "--per-node", NFS], "");
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(listed.starts_with("1. pull quay.io/acme/base:9 on worker-0: ok"), "{listed}");
    assert!(listed.contains("\n10. pull quay.io/acme/base:9 on worker-9: ok"), "{listed}");
    assert!(listed.contains("\n  worker-9: 1.0 GiB, "), "{listed}");
    assert_eq!(listed.lines().filter(|l| l.starts_with("  worker-")).count(), 10);
    // A flag simulate does not take, and one only simulate takes.
    assert_eq!(ctrcfg(&["validate", "--per-node"], "").status.code(), Some(2));
    assert_eq!(ctrcfg(&["simulate", "--strict", NFS], "").status.code(), Some(2));
}

#[path = "../../core/benches/workload.rs"]
#[allow(dead_code)] // only the fleet of the shared workload
mod workload;

/// 100 pulls on 10,000 nodes (a million node-steps): the JSON a pipeline gets stays small
/// (it was 570 MB when every step was listed) and is the same bytes on every run.
#[test]
fn a_fleets_json_is_small_and_the_same_every_time() {
    let fleet = workload::fleet(10_000, 100);
    let run = || {
        let out = ctrcfg(&["simulate", "--format", "json", "-"], &fleet);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let (a, b) = (run(), run());
    assert!(a.len() < 5_000_000, "{} bytes", a.len());
    assert!(a == b, "two runs of one scenario printed different JSON");
    let v: Value = serde_json::from_slice(&a).unwrap();
    let counted: u64 = v["steps"].as_array().unwrap().iter().map(|s| s["nodeCount"].as_u64().unwrap()).sum();
    assert_eq!(counted, 1_000_000);
    assert_eq!(
        (&v["metrics"]["pools"][0]["nodes"], &v["metrics"]["pools"][0]["nodeCount"]),
        (&json!("worker-[0-9999]"), &json!(10_000))
    );
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

/// A scenario with `variants:` prints each variant's trace and the comparison, and its JSON
/// carries every variant's run and the comparison's rows, the best marked in both.
#[test]
fn variants_are_compared_in_text_and_json() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/scenarios/nfs-cache-vs-pulling.yaml");
    let out = ctrcfg(&["simulate", "--format", "json", file], "");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(keys(&v), ["openshiftVersion", "ran", "variants", "comparison", "diagnostics"]);
    let names: Vec<&str> = v["variants"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["each-node-pulls", "nfs-cache"]);
    assert_eq!(keys(&v["variants"][0]), ["name", "steps", "metrics", "nodes"]);
    let rows = v["comparison"]["variants"].as_array().unwrap();
    assert_eq!(
        keys(&rows[0]),
        ["variant", "best", "registryBytes", "requests", "startup", "failedSteps", "failedNodes"]
    );
    // Each row's bytes are its variant's own metrics.
    for (row, run) in rows.iter().zip(v["variants"].as_array().unwrap()) {
        assert_eq!(row["registryBytes"], run["metrics"]["registryBytes"]);
    }
    let best: Vec<&str> = rows.iter().filter(|r| r["best"] == true).map(|r| r["variant"].as_str().unwrap()).collect();
    assert_eq!(best, [v["comparison"]["best"].as_str().unwrap()]);
    assert_eq!(best, ["nfs-cache"]);

    let out = ctrcfg(&["simulate", file], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("== variant each-node-pulls ==\n1. run quay.io/acme/app:3 on worker-[0-199]"), "{text}");
    assert!(text.contains("\n== variant nfs-cache ==\n"));
    assert!(
        text.contains("\n* nfs-cache  ") && text.ends_with("* best: nfs-cache (every node running soonest)\n"),
        "{text}"
    );

    // An event only one variant cannot read stops the comparison, naming that variant.
    let bad =
        std::fs::read_to_string(file).unwrap().replace("- {remove: quay.io/acme/app:3}", "- {fail: /mnt/nfs-images}");
    let out = ctrcfg(&["simulate", "-"], &bad);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[ctrcfg]: events[1].fail: Invalid value: \"/mnt/nfs-images\": no such path in storage"),
        "{stderr}"
    );
    assert!(stderr.contains("note: in variant \"each-node-pulls\" only"), "{stderr}");
}
