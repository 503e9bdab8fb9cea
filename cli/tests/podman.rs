//! A real containers-storage reads what ctrcfg renders: Debian's podman, with
//! `CONTAINERS_STORAGE_CONF` pointing at the storage.conf from `ctrcfg render --format files`
//! (graphroot and runroot moved into a temporary directory, nothing else changed).
//!
//! It must accept the file, list an image imported beforehand into the additional image store
//! as read-only, and pass the layer store to the overlay driver with `:ref`. `scripts/setup`
//! installs podman; the test runs podman as root (directly, or through `sudo -n`).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn podman(storage_conf: Option<&Path>, args: &[&str]) -> Output {
    let as_root = std::env::var("USER").as_deref() == Ok("root")
        || Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n");
    let mut cmd = if as_root {
        Command::new("podman")
    } else {
        let mut c = Command::new("sudo");
        c.args(["-n", "--preserve-env=CONTAINERS_STORAGE_CONF", "podman"]);
        c
    };
    if let Some(conf) = storage_conf {
        cmd.env("CONTAINERS_STORAGE_CONF", conf);
    }
    cmd.args(args).output().expect("podman is installed by scripts/setup")
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "podman failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A fresh directory for one test (tests run in parallel, so each has its own).
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ctrcfg-podman-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn podman_reads_the_rendered_storage_conf() {
    let dir = temp_dir("reads");
    let images = dir.join("images");
    let layers = dir.join("stargz-store");
    std::fs::create_dir_all(&layers).unwrap();
    let config = format!(
        "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: podman\nspec:\n  machineConfigPoolSelector:\n    matchLabels:\n      pools.operator.machineconfiguration.openshift.io/worker: \"\"\n  containerRuntimeConfig:\n    additionalImageStores:\n    - path: {}\n    additionalLayerStores:\n    - path: {}\n",
        images.display(),
        layers.display()
    );
    let input = dir.join("crc.yaml");
    std::fs::write(&input, config).unwrap();
    let root = dir.join("root");
    let out = Command::new(env!("CARGO_BIN_EXE_ctrcfg"))
        .args(["render", "--format", "files", "--out", root.to_str().unwrap(), input.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rendered = std::fs::read_to_string(root.join("etc/containers/storage.conf")).unwrap();
    let moved = rendered
        .replace("\"/run/containers/storage\"", &format!("{:?}", dir.join("run").display().to_string()))
        .replace("\"/var/lib/containers/storage\"", &format!("{:?}", dir.join("graph").display().to_string()));
    assert_ne!(moved, rendered);
    let conf = dir.join("storage.conf");
    std::fs::write(&conf, &moved).unwrap();

    // An image imported beforehand into the additional image store, with podman's own store flags.
    let rootfs = dir.join("rootfs");
    std::fs::create_dir_all(&rootfs).unwrap();
    std::fs::write(rootfs.join("hello"), "hi\n").unwrap();
    let tar = dir.join("rootfs.tar");
    let status =
        Command::new("tar").args(["-C", rootfs.to_str().unwrap(), "-cf", tar.to_str().unwrap(), "."]).status().unwrap();
    assert!(status.success());
    let ais_run = dir.join("images-run");
    let in_image_store = |args: &[&str]| {
        let store =
            ["--root", images.to_str().unwrap(), "--runroot", ais_run.to_str().unwrap(), "--storage-driver", "overlay"];
        podman(None, &[&store[..], args].concat())
    };
    ok(&in_image_store(&["import", tar.to_str().unwrap(), "localhost/ctrcfg/cached:1"]));

    let info: Value = serde_json::from_str(&ok(&podman(Some(&conf), &["info", "--format", "json"]))).unwrap();
    let store = &info["store"];
    assert_eq!(store["graphDriverName"], "overlay");
    assert_eq!(store["configFile"], conf.to_str().unwrap());
    assert_eq!(store["graphOptions"]["overlay.imagestore"], images.to_str().unwrap());
    assert_eq!(store["graphOptions"]["overlay.additionallayerstore"], format!("{}:ref", layers.display()));

    let listed: Value = serde_json::from_str(&ok(&podman(Some(&conf), &["images", "--format", "json"]))).unwrap();
    let cached = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["Names"].as_array().is_some_and(|n| n.iter().any(|n| n == "localhost/ctrcfg/cached:1")))
        .unwrap_or_else(|| panic!("image not listed: {listed}"));
    assert_eq!(cached["ReadOnly"], true);

    // Read-only: podman refuses to remove it (CRI-O's RemoveImage reports success instead).
    let rmi = podman(Some(&conf), &["rmi", "localhost/ctrcfg/cached:1"]);
    assert!(!rmi.status.success());
    assert!(String::from_utf8_lossy(&rmi.stderr).contains("cannot remove read-only image"));
    // The simulator reports CRI-O's behaviour (success, the image stays) and quotes podman's words.
    let scenario = format!(
        "kind: Scenario\npools: [{{name: worker, nodes: [n0]}}]\nstorage:\n- {{path: {}, images: [localhost/ctrcfg/cached:1]}}\nevents:\n- {{remove: localhost/ctrcfg/cached:1}}\n- {{pull: localhost/ctrcfg/cached:1, pullPolicy: Never}}\nconfigs:\n- {{apiVersion: machineconfiguration.openshift.io/v1, kind: ContainerRuntimeConfig, metadata: {{name: ro}}, spec: {{machineConfigPoolSelector: {{matchLabels: {{pools.operator.machineconfiguration.openshift.io/worker: ''}}}}, containerRuntimeConfig: {{additionalImageStores: [{{path: {}}}]}}}}}}\n",
        images.display(),
        images.display()
    );
    let scenario_file = dir.join("ro.yaml");
    std::fs::write(&scenario_file, scenario).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ctrcfg"))
        .args(["simulate", "--format", "json", scenario_file.to_str().unwrap()])
        .output()
        .unwrap();
    let sim: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sim["steps"][0]["outcome"], "ok");
    assert!(sim["steps"][0]["message"]
        .as_str()
        .unwrap()
        .contains("podman would refuse with \"cannot remove read-only image\""));
    assert_eq!(sim["steps"][1]["source"], format!("additionalImageStore:{}", images.display()));

    // A listed image store that does not exist stops containers-storage at start.
    let missing = moved.replace(
        &format!("{:?}", images.display().to_string()),
        &format!("{:?}", dir.join("typo").display().to_string()),
    );
    std::fs::write(&conf, missing).unwrap();
    let info = podman(Some(&conf), &["info"]);
    assert!(!info.status.success());
    let err = String::from_utf8_lossy(&info.stderr);
    assert!(err.contains(&format!("overlay: can't stat imageStore dir {}", dir.join("typo").display())), "{err}");

    let _ = in_image_store(&["rmi", "-a", "-f"]);
    let _ = std::fs::remove_dir_all(&dir);
}

fn ctrcfg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ctrcfg")).args(args).output().expect("run ctrcfg")
}

/// The simulator's start-up failure for a missing store path carries containers-storage's own
/// words: the same storage.conf makes podman (the same library) fail with the same text.
#[test]
fn simulated_start_failures_match_containers_storage() {
    let dir = temp_dir("start-failures");
    for (field, missing) in
        [("additionalImageStores", dir.join("typo-images")), ("additionalLayerStores", dir.join("typo-layers"))]
    {
        let missing = missing.display().to_string();
        let config = format!(
            "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: typo\nspec:\n  machineConfigPoolSelector:\n    matchLabels:\n      pools.operator.machineconfiguration.openshift.io/worker: \"\"\n  containerRuntimeConfig:\n    {field}:\n    - path: {missing}\n"
        );
        let indented: String = config.lines().map(|l| format!("  {l}\n")).collect();
        let scenario = format!(
            "kind: Scenario\npools: [{{name: worker, nodes: [n0]}}]\nregistry:\n  images: [{{ref: quay.io/x/y:1, size: 1MB}}]\nstorage:\n- {{path: {missing}, exists: false}}\nevents:\n- {{pull: quay.io/x/y:1}}\nconfigs:\n-\n{indented}"
        );
        let scenario_file = dir.join("scenario.yaml");
        std::fs::write(&scenario_file, scenario).unwrap();
        let out = ctrcfg(&["simulate", "--format", "json", scenario_file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let sim: Value = serde_json::from_slice(&out.stdout).unwrap();
        // CRI-O's first start fails, and says so in a `start` step; the pull then fails too.
        assert_eq!(sim["steps"][0]["event"], "start");
        let message = sim["steps"][0]["message"].as_str().unwrap().to_owned();
        let simulated = message.strip_prefix("CRI-O cannot start: ").unwrap_or_else(|| panic!("{message}"));
        assert!(sim["steps"][1]["message"].as_str().unwrap().ends_with(simulated));

        // The same config, rendered, handed to podman.
        let crc = dir.join("crc.yaml");
        std::fs::write(&crc, &config).unwrap();
        let root = dir.join("root");
        let out = ctrcfg(&["render", "--format", "files", "--out", root.to_str().unwrap(), crc.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let rendered = std::fs::read_to_string(root.join("etc/containers/storage.conf")).unwrap();
        let moved = rendered
            .replace("\"/run/containers/storage\"", &format!("{:?}", dir.join("run").display().to_string()))
            .replace("\"/var/lib/containers/storage\"", &format!("{:?}", dir.join("graph").display().to_string()));
        let conf = dir.join("storage.conf");
        std::fs::write(&conf, moved).unwrap();
        let info = podman(Some(&conf), &["info"]);
        assert!(!info.status.success(), "{field}: podman started with a missing store");
        let real = String::from_utf8_lossy(&info.stderr);
        let real = real.trim().strip_prefix("Error: ").unwrap_or(&real).to_owned();
        assert_eq!(simulated, real, "{field}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
