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

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ctrcfg-podman-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn podman_reads_the_rendered_storage_conf() {
    let dir = temp_dir();
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
