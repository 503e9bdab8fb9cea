//! One diagnostic shape and one verdict across commands (docs/diagnostics.md): the keys of every
//! JSON diagnostic of validate, render and simulate are the documented ones, `"valid"` agrees
//! with the exit status, and render places each diagnostic in its own file and document.

mod common;

use common::ctrcfg;
use serde_json::Value;

const CONFIG: &str = "apiVersion: machineconfiguration.openshift.io/v1
kind: ContainerRuntimeConfig
metadata:
  name: stores
spec:
  machineConfigPoolSelector:
    matchLabels:
      pools.operator.machineconfiguration.openshift.io/worker: \"\"
  containerRuntimeConfig:
    logSizeMax: 8192
";

/// Two documents with one name: a warning on each, and nothing else.
fn duplicated() -> String {
    let second = CONFIG.replace("logSizeMax: 8192", "pidsLimit: 2048");
    format!("{}---\n{second}", CONFIG.replace("logSizeMax: 8192", "pidsLimit: 1024"))
}

/// The keys of the table in docs/diagnostics.md, in order.
fn documented_keys() -> Vec<String> {
    let doc = include_str!("../../docs/diagnostics.md");
    let table = doc.lines().skip_while(|l| !l.starts_with("| key |")).skip(2).take_while(|l| l.starts_with('|'));
    table
        .flat_map(|row| {
            let cell = row.split('|').nth(1).unwrap_or_default().to_owned();
            cell.split(',').map(|k| k.trim().trim_matches('`').to_owned()).collect::<Vec<_>>()
        })
        .collect()
}

fn json(args: &[&str], stdin: &str) -> (Option<i32>, Value) {
    let out = ctrcfg(args, stdin);
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    (out.status.code(), value)
}

fn keys(diagnostic: &Value) -> Vec<String> {
    diagnostic.as_object().expect("an object").keys().cloned().collect()
}

#[test]
fn every_command_shares_the_documented_shape() {
    let expected = documented_keys();
    assert!(expected.len() >= 12 && expected.contains(&"endColumnUtf16".to_owned()), "{expected:?}");
    let scenario = "nodes: [w0]\nevents:\n- pull: nowhere.example/x:1\n  node: w0\n";
    let outputs = [
        json(&["validate", "--format", "json"], CONFIG).1,
        json(&["render", "--format", "json"], CONFIG).1,
        json(&["simulate", "--format", "json", "-"], scenario).1,
    ];
    for (i, out) in outputs.iter().enumerate() {
        let diagnostics = out["diagnostics"].as_array().expect("diagnostics");
        assert!(!diagnostics.is_empty(), "output {i} has no diagnostics: {out}");
        for d in diagnostics {
            // serde_json sorts object keys; compare as sets.
            let (mut got, mut want) = (keys(d), expected.clone());
            got.sort();
            want.sort();
            assert_eq!(got, want, "output {i}: {d}");
        }
    }
}

#[test]
fn valid_agrees_with_the_exit_status() {
    let text = duplicated();
    let (code, plain) = json(&["validate", "--format", "json"], &text);
    assert_eq!((code, &plain["valid"]), (Some(0), &Value::Bool(true)));
    assert!(plain["diagnostics"].as_array().unwrap().iter().all(|d| d["severity"] == "warning"));
    let (code, strict) = json(&["validate", "--strict", "--format", "json"], &text);
    assert_eq!((code, &strict["valid"]), (Some(1), &Value::Bool(false)));
    // render judges as validate does: an MCO error is invalid and exits 1.
    let (code, rendered) = json(&["render", "--format", "json"], CONFIG);
    assert_eq!((code, &rendered["valid"]), (Some(1), &Value::Bool(false)));
    let (code, rendered) = json(&["render", "--format", "json"], &text);
    assert_eq!((code, &rendered["valid"]), (Some(0), &Value::Bool(true)));
}

#[test]
fn render_places_diagnostics_in_their_own_file_and_document() {
    let dir = std::env::temp_dir().join(format!("ctrcfg-diagnostics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (first, second) = (dir.join("first.yaml"), dir.join("second.yaml"));
    std::fs::write(&first, CONFIG.replace("logSizeMax: 8192", "pidsLimit: 1024")).unwrap();
    let other = CONFIG.replace("name: stores", "name: other");
    std::fs::write(&second, format!("{other}---\n{}", other.replace("name: other", "name: third"))).unwrap();
    let (first, second) = (first.to_str().unwrap(), second.to_str().unwrap());
    let (code, out) = json(&["render", "--format", "json", first, second], "");
    assert_eq!(code, Some(1));
    let errors: Vec<(&str, u64, u64, u64, u64)> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            let n = |k: &str| d[k].as_u64().unwrap();
            (d["file"].as_str().unwrap(), n("document"), n("line"), n("column"), n("endColumn"))
        })
        .collect();
    assert_eq!(errors, [(second, 0, 10, 17, 21), (second, 1, 21, 17, 21)]);
    let text = String::from_utf8_lossy(&ctrcfg(&["render", first, second], "").stderr).into_owned();
    assert!(
        text.contains(&format!(
            "{second}:10:17: error[mco]: spec.containerRuntimeConfig.logSizeMax: invalid LogSizeMax"
        )),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What is wrong with ctrcfg's own inputs (a pools file, a scenario, `--existing`), YAML syntax
/// included, is ctrcfg's to say: the origin `ctrcfg`, never `lint` or `api`.
#[test]
fn ctrcfg_inputs_have_their_own_origin() {
    let dir = std::env::temp_dir().join(format!("ctrcfg-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.yaml");
    std::fs::write(&broken, "- name: worker\n  nodes: [a, b\n").unwrap();
    let broken = broken.to_str().unwrap();
    for flag in ["--pools", "--existing"] {
        let out = ctrcfg(&["validate", flag, broken, "-"], CONFIG);
        assert_eq!(out.status.code(), Some(2), "{flag}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(err.contains(&format!("{broken}:3:1: error[ctrcfg]: yaml: ")), "{flag}: {err}");
    }
    let out = ctrcfg(&["simulate", "-"], "nodes: [w0\n");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("<stdin>:2:1: error[ctrcfg]: yaml: "), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
