//! What `ctrcfg validate` reads (issue 16): files, directories walked recursively, `-` for
//! stdin, and what `kustomize build`, `helm template` and `oc get -o yaml` print; documents
//! of other kinds skipped and counted; `--ignore` and `--summary`.

mod common;

use common::ctrcfg;
use std::path::{Path, PathBuf};

const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const VALID: &str = include_str!("../../tests/vectors/render/image-stores.yaml");
const REFUSED: &str = include_str!("../../tests/vectors/render/refused.yaml");

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ctrcfg-inputs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn write(dir: &Path, relative: &str, text: &str) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Where each diagnostic was reported: the file names of the text output, in order.
fn files_reported(stdout: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in stdout.lines().filter(|l| !l.starts_with(' ')) {
        let file = line.split(':').next().unwrap_or_default().to_owned();
        if out.last() != Some(&file) {
            out.push(file);
        }
    }
    out
}

#[test]
fn a_directory_is_walked_recursively_in_name_order_with_only_its_yaml_and_json() {
    let dir = scratch("walk");
    write(&dir, "b/refused.yaml", REFUSED);
    write(&dir, "a/deep/er/refused.yml", REFUSED);
    write(
        &dir,
        "c.json",
        r#"{"kind": "ContainerRuntimeConfig", "metadata": {"name": "j"}, "spec": {"containerRuntimeConfig": {"pidsLimit": 1}, "machineConfigPoolSelector": {"matchLabels": {"pools.operator.machineconfiguration.openshift.io/worker": ""}}}}"#,
    );
    write(&dir, "notes.txt", REFUSED);
    write(&dir, "README.md", REFUSED);
    write(&dir, ".git/refused.yaml", REFUSED);
    write(&dir, ".hidden.yaml", REFUSED);
    write(&dir, "ok/valid.YAML", VALID);
    let out = ctrcfg(&["validate", "--summary", dir.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let d = dir.to_str().unwrap();
    assert_eq!(
        files_reported(&text(&out.stdout)),
        [format!("{d}/a/deep/er/refused.yml"), format!("{d}/b/refused.yaml"), format!("{d}/c.json")]
    );
    assert!(
        text(&out.stderr)
            .contains("ctrcfg: 4 files, 4 documents, 4 configs, 0 skipped (other kinds), 6 errors, 0 warnings\n"),
        "{}",
        text(&out.stderr)
    );
    // A link to a directory is not followed, so a link to the tree itself cannot loop the walk;
    // a link to a file is read.
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("ok/valid.YAML"), dir.join("linked.yaml")).unwrap();
    let out = ctrcfg(&["validate", "--summary", d], "");
    assert!(text(&out.stderr).contains("ctrcfg: 5 files,"), "{}", text(&out.stderr));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn files_directories_and_stdin_mix_and_a_missing_path_is_an_io_error() {
    let dir = scratch("mix");
    write(&dir, "tree/valid.yaml", VALID);
    let file = dir.join("refused.yaml");
    std::fs::write(&file, REFUSED).unwrap();
    let tree = dir.join("tree");
    let args = ["validate", "--summary", "-", tree.to_str().unwrap(), file.to_str().unwrap()];
    let out = ctrcfg(&args, REFUSED);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(files_reported(&text(&out.stdout)), ["<stdin>".to_owned(), file.to_string_lossy().into_owned()]);
    assert!(text(&out.stderr).contains("ctrcfg: 3 files, 3 documents, 3 configs,"), "{}", text(&out.stderr));
    let missing = dir.join("missing");
    let out = ctrcfg(&["validate", missing.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), format!("ctrcfg: {}: No such file or directory (os error 2)\n", missing.display()));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn ignore_leaves_out_names_anywhere_and_paths_under_the_directory() {
    let dir = scratch("ignore");
    write(&dir, "charts/x/templates/refused.yaml", REFUSED);
    write(&dir, "overlays/prod/refused.yaml", REFUSED);
    write(&dir, "overlays/dev/kustomization.yaml", REFUSED);
    write(&dir, "base/valid.yaml", VALID);
    let d = dir.to_str().unwrap();
    let run = |ignore: &[&str]| {
        let mut args = vec!["validate"];
        for i in ignore {
            args.extend(["--ignore", i]);
        }
        args.push(d);
        let out = ctrcfg(&args, "");
        files_reported(&text(&out.stdout)).into_iter().map(|f| f.replace(&format!("{d}/"), "")).collect::<Vec<_>>()
    };
    assert_eq!(
        run(&[]),
        ["charts/x/templates/refused.yaml", "overlays/dev/kustomization.yaml", "overlays/prod/refused.yaml"]
    );
    assert_eq!(run(&["charts/**", "kustomization.y?ml"]), ["overlays/prod/refused.yaml"]);
    assert_eq!(run(&["templates"]), ["overlays/dev/kustomization.yaml", "overlays/prod/refused.yaml"]);
    assert_eq!(run(&["overlays/*/refused.yaml", "[c]harts"]), ["overlays/dev/kustomization.yaml"]);
    let bad = ctrcfg(&["validate", "--ignore", "[abc", d], "");
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(text(&bad.stderr), "ctrcfg: --ignore: \"[abc\": a [ without its ]\n");
    std::fs::remove_dir_all(&dir).ok();
}

/// What `oc get ctrcfg -o yaml` prints (a `kind: List`, with status and managedFields), what
/// `kustomize build` prints (other kinds around the config), and `helm template`'s
/// `# Source:` documents, each as it comes out of the tool, on stdin as a pipeline gives it.
#[test]
fn cluster_and_tool_output_is_read_as_it_is() {
    let fixture = |name: &str| std::fs::read_to_string(Path::new(REPO).join("tests/inputs").join(name)).unwrap();
    let oc = ctrcfg(&["validate", "--summary", "-"], &fixture("oc-get-ctrcfg.yaml"));
    assert_eq!(oc.status.code(), Some(1));
    assert_eq!(
        text(&oc.stdout).lines().next(),
        Some("<stdin>:104:18: error[mco]: spec.containerRuntimeConfig.pidsLimit: invalid PidsLimit 10")
    );
    assert!(!text(&oc.stdout).contains("managedFields") && !text(&oc.stdout).contains("status"));
    assert!(text(&oc.stderr)
        .ends_with("ctrcfg: 1 file, 2 documents, 2 configs, 0 skipped (other kinds), 1 error, 0 warnings\n"));

    let kustomize = ctrcfg(&["validate", "--summary", "-"], &fixture("kustomize-build.yaml"));
    assert_eq!(kustomize.status.code(), Some(0), "{}", text(&kustomize.stdout));
    assert_eq!(
        text(&kustomize.stdout),
        "<stdin>:2:7: info[lint]: skipped kind \"Namespace\": ctrcfg reads only ContainerRuntimeConfig documents\n\
         <stdin>:11:7: info[lint]: skipped kind \"ConfigMap\": ctrcfg reads only ContainerRuntimeConfig documents\n\
         <stdin>:36:7: info[lint]: skipped kind \"MachineConfigPool\": ctrcfg reads only ContainerRuntimeConfig documents\n",
        "other kinds are notes, never errors"
    );
    assert_eq!(
        text(&kustomize.stderr),
        "ctrcfg: 0 errors, 0 warnings, 3 notes in 1 file\nctrcfg: 1 file, 4 documents, 1 config, 3 skipped (other kinds), 0 errors, 0 warnings\n"
    );

    let helm = ctrcfg(&["validate", "--summary", "--format", "json", "-"], &fixture("helm-template.yaml"));
    assert_eq!(helm.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&helm.stdout).unwrap();
    let errors: Vec<(&str, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| (d["origin"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(errors, [("api", 32), ("mco", 32)]);
    assert!(text(&helm.stderr)
        .ends_with("ctrcfg: 1 file, 3 documents, 1 config, 2 skipped (other kinds), 2 errors, 0 warnings\n"));
}
