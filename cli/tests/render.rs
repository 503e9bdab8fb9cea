//! The `ctrcfg render` contract, run against the built binary: the JSON shape, exit codes,
//! `--format files`, base-file edits, every rendered TOML file read back by Python's tomllib,
//! and a real containers-storage (Debian's podman) reading the storage.conf ctrcfg renders.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

#[path = "../../tests/support/python.rs"]
mod python;

const TWO: &str = include_str!("../../tests/vectors/render/two-configs-one-pool.yaml");
const REFUSED: &str = include_str!("../../tests/vectors/render/refused.yaml");

fn ctrcfg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ctrcfg")).args(args).stdin(Stdio::null()).output().expect("run ctrcfg")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ctrcfg-render-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_string_lossy().into_owned()
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

#[test]
fn json_follows_the_contract() {
    let dir = temp_dir("json");
    let file = write(&dir, "two.yaml", TWO);
    let out = ctrcfg(&["render", "--format", "json", &file]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json_of(&out);
    let pool = &v["pools"][0];
    assert_eq!(pool["pool"], "worker");
    let names: Vec<&str> =
        pool["machineConfigs"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["99-worker-generated-containerruntime", "99-worker-generated-containerruntime-1"]);
    let first = &pool["machineConfigs"][0];
    assert!(first["yaml"].as_str().unwrap().contains("name: 99-worker-generated-containerruntime\n"));
    assert_eq!(first["files"][0]["path"], "/etc/containers/storage.conf");
    assert_eq!(first["files"][0]["mode"], 420);
    let effective = &pool["effectiveFiles"][0];
    assert_eq!(effective["from"], "99-worker-generated-containerruntime-1");
    assert!(effective["contents"].as_str().unwrap().contains("additionalimagestores = [\"/mnt/ssd-images\"]"));
    let lost: Vec<&str> = pool["lost"].as_array().unwrap().iter().map(|l| l["field"].as_str().unwrap()).collect();
    assert_eq!(
        lost,
        [
            "spec.containerRuntimeConfig.additionalImageStores",
            "spec.containerRuntimeConfig.additionalLayerStores",
            "spec.containerRuntimeConfig.overlaySize"
        ]
    );
    assert!(pool["merged"].as_str().unwrap().contains("- path: /mnt/nfs-images\n"));
    assert_eq!(pool["rollout"]["nodes"], 3);
    assert_eq!(pool["rollout"]["maxUnavailable"], 1);
    assert_eq!(pool["rollout"]["waves"], 3);
    assert!(v["diagnostics"].as_array().unwrap().iter().all(|d| d["severity"] != "error"));
    assert!(v.get("baseEdits").is_none());
}

#[test]
fn errors_refuse_rendering_with_positions() {
    let dir = temp_dir("refused");
    let file = write(&dir, "refused.yaml", REFUSED);
    let out = ctrcfg(&["render", "--format", "json", &file]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["pools"], json!([]));
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["severity"].as_str()),
        (Some(file.as_str()), Some(13), Some("error"))
    );
    let out = ctrcfg(&["render", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains(":13:13: error[api]: spec.containerRuntimeConfig.additionalImageStores[0].path"));
}

#[test]
fn files_are_written_under_their_absolute_paths() {
    let dir = temp_dir("files");
    let file = write(&dir, "two.yaml", TWO);
    let out_dir = dir.join("root");
    let out = ctrcfg(&["render", "--format", "files", "--out", out_dir.to_str().unwrap(), &file]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let storage = std::fs::read_to_string(out_dir.join("etc/containers/storage.conf")).unwrap();
    assert!(storage.contains("additionalimagestores = [\"/mnt/ssd-images\"]"));
    let level = std::fs::read_to_string(out_dir.join("etc/crio/crio.conf.d/01-ctrcfg-logLevel")).unwrap();
    assert_eq!(level, "[crio]\n  [crio.runtime]\n    log_level = \"debug\"\n");
    // Two pools with files need --pool.
    let both = TWO.replace(
        "pools.operator.machineconfiguration.openshift.io/worker",
        "machineconfiguration.openshift.io/mco-built-in",
    );
    let both_file = write(&dir, "both.yaml", &both);
    let out = ctrcfg(&["render", "--format", "files", "--out", out_dir.to_str().unwrap(), &both_file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("choose one with --pool"));
}

#[test]
fn a_base_storage_conf_is_edited_with_comments_kept() {
    let dir = temp_dir("base");
    let file = write(&dir, "two.yaml", TWO);
    let base = write(&dir, "storage.conf", "# OCNE node\n[storage]\ndriver = \"overlay\"\n[storage.options]\n# keep me\nmount_program = \"/usr/bin/fuse-overlayfs\"\n");
    let out = ctrcfg(&["render", "--format", "json", "--base-storage-conf", &base, &file]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let edit = &json_of(&out)["baseEdits"][0];
    assert_eq!(edit["path"], "/etc/containers/storage.conf");
    let contents = edit["contents"].as_str().unwrap();
    assert!(contents.starts_with("# OCNE node\n") && contents.contains("# keep me\n"), "{contents}");
    // Both configs apply in merge order: the later image store list wins, nothing else is lost.
    assert!(contents.contains("additionalimagestores = [\"/mnt/ssd-images\"]"), "{contents}");
    assert!(
        contents.contains("additionallayerstores = [\"/var/lib/stargz-store:ref\"]")
            && contents.contains("size = \"10G\"")
    );
    assert!(edit["diff"].as_str().unwrap().contains("+size = \"10G\"\n"));
}

/// Every TOML file rendered for every render vector, parsed by Python's tomllib (an independent
/// parser) and by toml_edit, must give the same values.
#[test]
fn python_tomllib_reads_every_rendered_file_by_value() {
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/render");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&vectors).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".yaml") || name.ends_with(".pools.yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut args = vec!["render".to_owned(), "--format".to_owned(), "json".to_owned()];
        for line in text.lines().take_while(|l| l.starts_with('#')) {
            if let Some(v) = line.strip_prefix("# feature-set: ") {
                args.extend(["--feature-set".to_owned(), v.trim().to_owned()]);
            }
            if let Some(v) = line.strip_prefix("# pools: ") {
                args.extend(["--pools".to_owned(), vectors.join(v.trim()).to_string_lossy().into_owned()]);
            }
        }
        args.push(path.to_string_lossy().into_owned());
        let out = Command::new(env!("CARGO_BIN_EXE_ctrcfg")).args(&args).output().unwrap();
        let v = json_of(&out);
        for pool in v["pools"].as_array().unwrap() {
            for mc in pool["machineConfigs"].as_array().unwrap() {
                for f in mc["files"].as_array().unwrap() {
                    let contents = f["contents"].as_str().unwrap();
                    let doc: toml_edit::DocumentMut = contents.parse().unwrap();
                    cases.push(json!({"name": format!("{name}:{}", f["path"]), "toml": contents, "expected": to_json(doc.as_item())}));
                }
            }
        }
    }
    assert!(cases.len() >= 20, "only {} files rendered", cases.len());
    let script = "import json, sys, tomllib\ncases = json.load(sys.stdin)\nbad = [c['name'] for c in cases if tomllib.loads(c['toml']) != c['expected']]\nprint(len(cases), 'files;', 'mismatch:', bad)\nsys.exit(1 if bad else 0)\n";
    python::assert_python_succeeds(script, &serde_json::to_string(&cases).unwrap());
}

fn to_json(item: &toml_edit::Item) -> Value {
    use toml_edit::Value as T;
    match item {
        toml_edit::Item::Table(t) => Value::Object(t.iter().map(|(k, v)| (k.to_owned(), to_json(v))).collect()),
        toml_edit::Item::Value(v) => match v {
            T::String(s) => json!(s.value()),
            T::Integer(i) => json!(i.value()),
            T::Boolean(b) => json!(b.value()),
            T::Array(a) => Value::Array(a.iter().map(|x| to_json(&toml_edit::Item::Value(x.clone()))).collect()),
            other => panic!("unexpected TOML value {other}"),
        },
        other => panic!("unexpected TOML item {other:?}"),
    }
}

#[test]
fn yaml_and_butane_formats() {
    let dir = temp_dir("formats");
    let file = write(&dir, "two.yaml", TWO);
    let out = ctrcfg(&["render", &file]);
    assert_eq!(out.status.code(), Some(0));
    let yaml = String::from_utf8_lossy(&out.stdout);
    let docs: Vec<&str> = yaml.split("---\n").collect();
    assert_eq!(docs.len(), 2);
    assert!(docs[1].contains("  name: 99-worker-generated-containerruntime-1\n"), "{}", docs[1]);
    assert!(docs[0].contains("source: data:text/plain;charset=utf-8;base64,"));
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("pool worker: 2 MachineConfig(s), 3 file(s)") && summary.contains("lost: stores"),
        "{summary}"
    );

    let out = ctrcfg(&["render", "--format", "butane", &file]);
    let butane = String::from_utf8_lossy(&out.stdout);
    assert!(
        butane.starts_with(
            "variant: openshift\nversion: 4.22.0\nmetadata:\n  name: 99-worker-generated-containerruntime\n"
        ),
        "{butane}"
    );
    assert!(butane.contains("      inline: |\n        [storage]\n          driver = \"overlay\"\n"), "{butane}");

    let out = ctrcfg(&["render", "--format", "butane", "--butane-variant", "fcos", &file]);
    let fcos = String::from_utf8_lossy(&out.stdout);
    assert!(fcos.starts_with("variant: fcos\nversion: 1.7.0\nstorage:\n  files:\n  - path: /etc/containers/storage.conf\n    mode: 420\n"), "{fcos}");
    assert!(fcos.contains("additionalimagestores = [\"/mnt/ssd-images\"]"));
}

#[test]
fn a_bad_pools_file_is_a_usage_error_with_a_position() {
    let dir = temp_dir("pools");
    let file = write(&dir, "two.yaml", TWO);
    let pools = write(&dir, "pools.yaml", "- name: worker\n  maxUnavailable: lots\n");
    let out = ctrcfg(&["render", "--pools", &pools, &file]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{pools}:2:19: error[ctrcfg]: pools[0].maxUnavailable: Invalid value: \"lots\"")),
        "{err}"
    );
    let good = write(&dir, "good.yaml", "- {name: worker, nodes: [a, b, c, d], maxUnavailable: \"50%\"}\n");
    let out = ctrcfg(&["render", "--format", "json", "--pools", &good, &file]);
    let rollout = &json_of(&out)["pools"][0]["rollout"];
    assert_eq!(
        (rollout["nodes"].as_u64(), rollout["maxUnavailable"].as_u64(), rollout["waves"].as_u64()),
        (Some(4), Some(2), Some(2))
    );
    assert_eq!(rollout["waveNodes"], json!([["a", "b"], ["c", "d"]]));
}

#[test]
fn validate_reads_pools_too() {
    let dir = temp_dir("validate-pools");
    let infra = TWO.replace(
        "pools.operator.machineconfiguration.openshift.io/worker",
        "pools.operator.machineconfiguration.openshift.io/infra",
    );
    let file = write(&dir, "infra.yaml", &infra);
    let out = ctrcfg(&["validate", "--format", "json", &file]);
    let v = json_of(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(v["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("could not find any MachineConfigPool set for ContainerRuntimeConfig"));
    // A custom pool has only the labels its admin gave it.
    let pools = write(
        &dir,
        "pools.yaml",
        "- {name: worker}\n- {name: infra, labels: {pools.operator.machineconfiguration.openshift.io/infra: \"\"}, nodeCount: 2}\n",
    );
    let out = ctrcfg(&["validate", "--pools", &pools, &file]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn files_never_leave_out_and_base_files_must_be_utf8() {
    let dir = temp_dir("guards");
    let file = write(&dir, "two.yaml", TWO);
    let out_dir = dir.join("root");
    std::fs::create_dir_all(out_dir.join("etc")).unwrap();
    std::os::unix::fs::symlink(&dir, out_dir.join("etc/containers")).unwrap();
    let out = ctrcfg(&["render", "--format", "files", "--out", out_dir.to_str().unwrap(), &file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is a symbolic link"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.join("storage.conf").exists(), "nothing was written through the link");

    let base = dir.join("latin1.conf");
    std::fs::write(&base, b"[storage]\n# caf\xe9\ndriver = \"overlay\"\n").unwrap();
    let out = ctrcfg(&["render", "--format", "json", "--base-storage-conf", base.to_str().unwrap(), &file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8 (at byte 15)"));

    let good = write(&dir, "storage.conf", "[storage]\ndriver = \"overlay\"\n");
    let out = ctrcfg(&["render", "--base-storage-conf", &good, &file]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("note: base files are edited for --format json, files and butane --butane-variant fcos"));
}
