//! The `ctrcfg validate` contract, run against the built binary: exit codes, stdin, and the
//! text, JSON and SARIF formats.

mod common;

use common::ctrcfg;
use serde_json::Value;
use std::process::Output;

const VALID: &str = include_str!("../../tests/vectors/render/image-stores.yaml");

/// An error on line 11 (a relative path) and a warning (a store inside the graphroot).
const INVALID: &str = "apiVersion: machineconfiguration.openshift.io/v1
kind: ContainerRuntimeConfig
metadata:
  name: broken
spec:
  machineConfigPoolSelector:
    matchLabels:
      pools.operator.machineconfiguration.openshift.io/worker: \"\"
  containerRuntimeConfig:
    additionalImageStores:
    - path: mnt/nfs
";

const WARNING_ONLY: &str = "apiVersion: machineconfiguration.openshift.io/v1
kind: ContainerRuntimeConfig
metadata:
  name: graphroot
spec:
  machineConfigPoolSelector:
    matchLabels:
      pools.operator.machineconfiguration.openshift.io/worker: \"\"
  containerRuntimeConfig:
    additionalImageStores:
    - path: /var/lib/containers/storage/cache
";

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ctrcfg-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write temp file");
    path.to_string_lossy().into_owned()
}

#[test]
fn a_valid_config_exits_0() {
    let out = ctrcfg(&["validate"], VALID);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out), "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("ctrcfg: 0 errors, 0 warnings"));
}

#[test]
fn errors_exit_1_with_compiler_style_lines() {
    let file = temp_file("broken.yaml", INVALID);
    let out = ctrcfg(&["validate", &file], "");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let expected_api = format!(
        "{file}:11:13: error[api]: spec.containerRuntimeConfig.additionalImageStores[0].path: Invalid value: \"string\": path must be absolute and contain only alphanumeric characters, '/', '.', '_', and '-'\n"
    );
    assert!(text.contains(&expected_api), "{text}");
    assert!(text.contains(&format!("{file}:11:13: error[mco]: ")), "{text}");
}

#[test]
fn strict_fails_on_warnings_only_with_the_flag() {
    assert_eq!(ctrcfg(&["validate", "-"], WARNING_ONLY).status.code(), Some(0));
    let out = ctrcfg(&["validate", "--strict", "-"], WARNING_ONLY);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("<stdin>:11:13: warning[lint]: "), "{}", stdout(&out));
}

#[test]
fn json_output_follows_the_contract() {
    let out = ctrcfg(&["validate", "--format", "json"], INVALID);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["valid"], Value::Bool(false));
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    let api = diags.iter().find(|d| d["origin"] == "api").expect("an api diagnostic");
    assert_eq!(api["severity"], "error");
    assert_eq!(api["field"], "spec.containerRuntimeConfig.additionalImageStores[0].path");
    assert_eq!(api["document"], 0);
    assert_eq!((api["line"].as_u64(), api["column"].as_u64()), (Some(11), Some(13)));
    assert!(api["message"].as_str().unwrap().starts_with("Invalid value: \"string\": path must be absolute"));
    let valid: Value = serde_json::from_slice(&ctrcfg(&["validate", "--format=json"], VALID).stdout).unwrap();
    assert_eq!(valid, serde_json::json!({"valid": true, "diagnostics": []}));
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let file = temp_file("sarif.yaml", INVALID);
    let out = ctrcfg(&["validate", "--format", "sarif", &file], "");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("SARIF JSON");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "ctrcfg");
    let rules: Vec<&str> =
        run["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(rules, ["api", "mco", "crio", "lint", "ctrcfg"]);
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], id);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], file.as_str());
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn feature_gates_change_the_verdict() {
    assert_eq!(ctrcfg(&["validate"], VALID).status.code(), Some(0));
    let off = ctrcfg(&["validate", "--feature-gates", "AdditionalStorageConfig=false"], VALID);
    assert_eq!(off.status.code(), Some(1));
    assert!(stdout(&off)
        .contains("strict decoding error: unknown field \"spec.containerRuntimeConfig.additionalImageStores\""));
    // The CustomNoUpgrade CRD has every gated field: accepted, with a warning that the MCO drops it.
    let custom = ctrcfg(&["validate", "--feature-set", "CustomNoUpgrade", "--strict"], VALID);
    assert_eq!(custom.status.code(), Some(1));
    assert!(stdout(&custom)
        .contains("the feature gate AdditionalStorageConfig is off, so the MCO validates it but does not render it"));
    assert_eq!(ctrcfg(&["validate", "--feature-set", "CustomNoUpgrade"], VALID).status.code(), Some(0));
}

#[test]
fn usage_and_io_errors_exit_2() {
    for args in [
        vec!["validate", "--format", "xml"],
        vec!["validate", "--feature-set", "Nope"],
        vec!["validate", "--feature-gates", "Unknown=true"],
        vec!["validate", "--bogus"],
        vec!["lint"],
        vec!["validate", "/nonexistent/ctrcfg/file.yaml"],
    ] {
        let out = ctrcfg(&args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("ctrcfg: "), "{args:?}");
    }
    assert_eq!(ctrcfg(&["--help"], "").status.code(), Some(0));
}

#[test]
fn yaml_syntax_errors_exit_1_with_a_position() {
    let out = ctrcfg(&["validate"], "kind: ContainerRuntimeConfig\nspec: [\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("<stdin>:3:1: error[api]: yaml: "), "{}", stdout(&out));
}

/// The help says which options each command takes, and a misplaced option is refused rather
/// than ignored.
#[test]
fn options_apply_where_the_help_says() {
    let help = stdout(&ctrcfg(&["--help"], ""));
    let section = |title: &str| -> String {
        help.split(title).nth(1).unwrap_or_default().split("\n\n").next().unwrap_or_default().to_owned()
    };
    let shared = section("Options for validate and render:");
    for flag in ["--openshift-version", "--feature-set", "--feature-gates", "--pools", "--existing"] {
        assert!(shared.contains(flag), "{flag} not under validate and render");
        let out = ctrcfg(&["simulate", flag, "x", "-"], "");
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("a scenario gives its own"), "{flag}");
    }
    assert!(!help.contains("in place"), "the base files are never edited in place");
    assert!(section("render options:").contains("never changes FILE"));
    for args in [
        vec!["render", "--butane-variant", "fcos"],
        vec!["render", "--format", "json", "--butane-variant", "openshift"],
        vec!["render", "--pool", "worker"],
        vec!["render", "--format", "butane", "--pool", "worker"],
    ] {
        let out = ctrcfg(&args, VALID);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("applies only with"), "{args:?}");
    }
    let fcos = ctrcfg(&["render", "--format", "butane", "--butane-variant", "fcos", "--pool", "worker"], VALID);
    assert_eq!(fcos.status.code(), Some(0), "{}", String::from_utf8_lossy(&fcos.stderr));
}

/// `ctrcfg explain` prints the CRD's own descriptions (openshift/api 2a3d7391), shaped like
/// `kubectl explain`, and says when the cluster's CRD lacks the field.
#[test]
fn explain_prints_the_api_description() {
    let out = ctrcfg(&["explain", "spec.containerRuntimeConfig.additionalImageStores"], "");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("FIELD: additionalImageStores <[]Object>\n"), "{text}");
    assert!(
        text.contains("\n    additionalImageStores configures additional read-only container image store locations")
    );
    assert!(
        text.contains("\nFIELDS:\n  path\t<string> -required-\n    path specifies the absolute location"),
        "{text}"
    );
    assert!(!text.contains("NOT SERVED"));
    let old = stdout(&ctrcfg(
        &["explain", "--openshift-version", "4.22", "spec.containerRuntimeConfig.additionalImageStores[].path"],
        "",
    ));
    assert!(old.contains("FIELD: path <string>\n"), "{old}");
    assert!(old.contains("NOT SERVED: the CRD at OpenShift 4.22 with feature set Default has no such field (feature gate AdditionalStorageConfig)"), "{old}");
    // Fields the CRD at 4.22 lacks are not listed under their parent either.
    let parent = stdout(&ctrcfg(&["explain", "--openshift-version", "4.22", "spec.containerRuntimeConfig"], ""));
    assert!(parent.contains("  pidsLimit\t<integer>") && !parent.contains("additionalImageStores"), "{parent}");
    let unknown = ctrcfg(&["explain", "spec.nope"], "");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("field \"spec.nope\" does not exist"));
}

/// The configs in `examples/` (the playground's presets, and the CLI's quick start) are valid,
/// except `mistakes.yaml`, which must keep its errors; `pools.yaml` is a pools file. (`embed.html`
/// is the docs widgets' example page, tested in Chromium.)
#[test]
fn the_examples_validate_as_their_names_say() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("examples/") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".yaml") {
            continue;
        }
        if name == "pools.yaml" {
            let out = ctrcfg(&["validate", "--pools", path.to_str().unwrap(), "-"], VALID);
            assert_eq!(out.status.code(), Some(0), "{name}");
            continue;
        }
        let out = ctrcfg(&["validate", path.to_str().unwrap()], "");
        let expected = if name == "mistakes.yaml" { 1 } else { 0 };
        assert_eq!(out.status.code(), Some(expected), "{name}: {}", stdout(&out));
        seen += 1;
    }
    assert!(seen >= 7, "{seen} example configs");
}
