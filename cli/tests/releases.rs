//! `--openshift-version`, `--existing` and `--version`: the same text gets each release's
//! verdict, CRI-O's refusals are errors that still render, and updates ratchet.

mod common;

use common::ctrcfg;
use serde_json::Value;

fn config(store: &str, path: &str) -> String {
    format!(
        "apiVersion: machineconfiguration.openshift.io/v1
kind: ContainerRuntimeConfig
metadata:
  name: stores
spec:
  machineConfigPoolSelector:
    matchLabels:
      pools.operator.machineconfiguration.openshift.io/worker: \"\"
  containerRuntimeConfig:
    {store}:
    - path: {path}
"
    )
}

fn json(args: &[&str], stdin: &str) -> (Option<i32>, Value) {
    let out = ctrcfg(args, stdin);
    (out.status.code(), serde_json::from_slice(&out.stdout).expect("JSON"))
}

fn origins(v: &Value, severity: &str) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == severity)
        .map(|d| d["origin"].as_str().unwrap().to_owned())
        .collect()
}

/// The example: `/mnt/../etc/images` passes at 4.22 and 5.0 and is refused at latest
/// (openshift/api #2999 and MCO #6433).
#[test]
fn one_text_three_verdicts() {
    let text = config("additionalImageStores", "/mnt/../etc/images");
    for (release, set, code, errors) in [
        ("4.22", "TechPreviewNoUpgrade", 0, vec![]),
        ("5.0", "Default", 0, vec![]),
        ("latest", "Default", 1, vec!["api", "mco"]),
    ] {
        let args = ["validate", "--format", "json", "--openshift-version", release, "--feature-set", set, "-"];
        let (status, v) = json(&args, &text);
        assert_eq!(status, Some(code), "{release}: {v}");
        assert_eq!(v["valid"], code == 0, "{release}");
        assert_eq!(origins(&v, "error"), errors, "{release}: {v}");
    }
    // Without the flag, latest.
    let (status, _) = json(&["validate", "--format", "json", "-"], &text);
    assert_eq!(status, Some(1));
}

/// At 4.22 the gate is off in Default, so the field is unknown there.
#[test]
fn the_gate_table_follows_the_release() {
    let text = config("additionalImageStores", "/mnt/nfs-images");
    let (status, v) = json(&["validate", "--format", "json", "--openshift-version", "4.22", "-"], &text);
    assert_eq!(status, Some(1));
    let message = v["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("unknown field \"spec.containerRuntimeConfig.additionalImageStores\""), "{message}");
    let (status, _) = json(&["validate", "--format", "json", "--openshift-version", "5.0.3", "-"], &text);
    assert_eq!(status, Some(0));
}

/// A path only CRI-O refuses: validate exits 1 with an error of origin crio, and render still
/// prints the MachineConfig the MCO would generate (and exits 1), because the MCO renders it.
#[test]
fn crio_refusals_are_errors_that_still_render() {
    let text = config("additionalArtifactStores", "/mnt/models/");
    let (status, v) = json(&["validate", "--format", "json", "-"], &text);
    assert_eq!(status, Some(1));
    assert_eq!(v["valid"], false);
    assert_eq!(origins(&v, "error"), ["crio"]);
    let d = v["diagnostics"].as_array().unwrap().iter().find(|d| d["origin"] == "crio").unwrap();
    assert_eq!(d["field"], "spec.containerRuntimeConfig.additionalArtifactStores[0].path");
    assert_eq!(
        d["message"],
        "validating runtime config: additional_artifact_stores: path \"/mnt/models/\" must not have a trailing slash"
    );
    assert!(d["note"].as_str().unwrap().contains("NotReady"));

    let out = ctrcfg(&["render", "-"], &text);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("kind: MachineConfig"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[crio]"), "{stderr}");

    // 4.22's CRI-O only wants an absolute path.
    let args = ["validate", "--openshift-version", "4.22", "--feature-set", "TechPreviewNoUpgrade", "-"];
    assert_eq!(ctrcfg(&args, &text).status.code(), Some(0));
}

/// `--existing`: an update that leaves a stored `..` path as it is passes the API server with a
/// warning (ratcheting), while the MCO still refuses it.
#[test]
fn updates_ratchet_against_the_stored_object() {
    let dir = std::env::temp_dir().join(format!("ctrcfg-releases-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let stored = dir.join("stored.yaml");
    std::fs::write(&stored, config("additionalImageStores", "/var/lib/../secrets")).unwrap();
    let update = config("additionalImageStores", "/var/lib/../secrets")
        .replace("containerRuntimeConfig:\n", "containerRuntimeConfig:\n    logLevel: debug\n");
    let args = ["validate", "--format", "json", "--existing", stored.to_str().unwrap(), "-"];
    let (status, v) = json(&args, &update);
    assert_eq!(status, Some(1), "{v}");
    assert_eq!(origins(&v, "error"), ["mco"]);
    assert_eq!(origins(&v, "warning"), ["api"]);
    let (_, created) = json(&["validate", "--format", "json", "-"], &update);
    assert_eq!(origins(&created, "error"), ["api", "mco"]);

    std::fs::write(&stored, "kind: ConfigMap\n").unwrap();
    // Refused before stdin is read.
    let out = ctrcfg(&["validate", "--existing", stored.to_str().unwrap(), "-"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no ContainerRuntimeConfig"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn version_names_every_level_and_its_commits() {
    let out = ctrcfg(&["--version"], "");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "4.22 (Kubernetes and CRI-O 1.35)",
        "release-4.22 9fda5179",
        "release-5.0 e543cc50",
        "#2999",
        "#6433",
        "#10254",
        "from 5.0: CRI-O",
    ] {
        assert!(text.contains(needle), "{needle:?} in {text}");
    }
    let out = ctrcfg(&["validate", "--openshift-version", "4.21"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("known: 4.22, 5.0, latest"));
    let out = ctrcfg(&["validate", "--openshift-version", "5.0", "--feature-gates", "GomaxprocsInjection=true"], "");
    assert_eq!(out.status.code(), Some(2));
}
