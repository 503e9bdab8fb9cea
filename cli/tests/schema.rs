//! `ctrcfg explain` (the field's type, limits, rules, gate and description, offline) and
//! `ctrcfg schema` (the CRD as a JSON Schema for yaml-language-server), checked with ajv
//! against the shared vectors: every case the API server accepts, the schema accepts, and every
//! case the API server refuses for its shape (a type, an unknown field, a count, an enum, a
//! pattern), the schema refuses too.

mod ajv;
mod common;

use common::ctrcfg;
use ctrcfg_core::parse::{self, Node, Value};
use std::path::{Path, PathBuf};

const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn explain_prints_type_limits_rules_gate_and_the_hover_docs() {
    let out = ctrcfg(&["explain", "containerRuntimeConfig.additionalLayerStores"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for line in [
        "FIELD: additionalLayerStores <[]Object>\n",
        "GATE:  AdditionalStorageConfig (in the CRD at OpenShift latest with feature set Default)\n",
        "LIMITS: at least 1 item; at most 5 items\n",
        "  - additionalLayerStores must not contain duplicate paths\n",
        "  path\t<string> -required-\n",
    ] {
        assert!(shown.contains(line), "{line:?} in\n{shown}");
    }
    // The description is the one the playground's hover shows for the same field.
    let hover = ctrcfg_core::explain::describe("spec.containerRuntimeConfig.additionalLayerStores").unwrap();
    assert!(shown
        .contains(&hover.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n").replace("    \n", "\n")));
    // The path's rules follow the release: '..' components are refused from latest on.
    let path = |release: &str| {
        text(
            &ctrcfg(
                &["explain", "--openshift-version", release, "containerRuntimeConfig.additionalLayerStores.path"],
                "",
            )
            .stdout,
        )
    };
    assert!(path("latest").contains("LIMITS: at least 1 character; at most 256 characters\n"));
    assert!(path("latest").contains("  - path must not contain '..' components\n"));
    assert!(
        !path("5.0").contains("'..'")
            && path("5.0").contains("  - path must not contain consecutive forward slashes\n")
    );
    let old = text(
        &ctrcfg(&["explain", "--openshift-version", "4.22", "containerRuntimeConfig.additionalLayerStores"], "").stdout,
    );
    assert!(
        old.contains("GATE:  AdditionalStorageConfig (not in the CRD at OpenShift 4.22 with feature set Default)\n"),
        "{old}"
    );
    let enumerated = text(&ctrcfg(&["explain", "containerRuntimeConfig.defaultRuntime"], "").stdout);
    assert!(enumerated.contains("LIMITS: one of crun, runc\n") && !enumerated.contains("GATE:"), "{enumerated}");
}

/// The schema `ctrcfg schema ARGS` prints, in a file.
fn schema(args: &[&str], name: &str) -> PathBuf {
    let mut all = vec!["schema"];
    all.extend(args);
    let out = ctrcfg(&all, "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let path = std::env::temp_dir().join(format!("ctrcfg-schema-{}-{name}.json", std::process::id()));
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

fn scalar<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.get(key).and_then(|e| e.value.text())
}

/// What the API server refuses for a shape JSON Schema can say; the rest of its refusals
/// (ObjectMeta's name, the parts ctrcfg cannot read) are not the schema's.
fn refused_for_its_shape(expect: &str) -> bool {
    let api = expect.contains("error[api]") && !expect.contains("yaml: ");
    api && !expect.contains("metadata.name")
        && !expect.contains("apiVersion")
        && !expect.contains("error validating data")
}

#[test]
fn the_schema_accepts_what_the_api_server_accepts_and_refuses_wrong_shapes() {
    let dir = std::env::temp_dir().join(format!("ctrcfg-schema-cases-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let latest = schema(&[], "latest");
    let mut files = Vec::new();
    let mut refused = Vec::new();
    let mut names = Vec::new();
    for table in ["corpus-stores.yaml", "corpus-fields.yaml"] {
        let source = std::fs::read_to_string(Path::new(REPO).join("tests/vectors/validate").join(table)).unwrap();
        let parsed = parse::parse(&source);
        let root = parsed.documents[0].root.as_ref().unwrap();
        let Some(Value::Seq(cases)) = root.get("cases").map(|e| &e.value.value) else { panic!("{table}: cases") };
        for case in cases {
            // The schema here is latest's, Default's: cases of other levels, or of updates, are
            // their levels' business.
            let levels_ok = scalar(case, "featureSets").is_none()
                && case.get("releases").is_none_or(
                    |r| matches!(&r.value.value, Value::Seq(v) if v.iter().any(|x| x.text() == Some("latest"))),
                );
            let Some(input) = scalar(case, "input") else { continue };
            if !levels_ok
                || case.get("stored").is_some()
                || case.get("featureSets").is_some()
                || input.contains("\n---")
            {
                continue;
            }
            let expect = match case.get("expect").map(|e| &e.value.value) {
                Some(Value::Seq(lines)) => lines.iter().filter_map(|l| l.text()).collect::<Vec<_>>().join("\n"),
                _ => String::new(),
            };
            let file = dir.join(format!("case-{}.yaml", files.len()));
            std::fs::write(&file, input).unwrap();
            files.push(file);
            refused.push(refused_for_its_shape(&expect));
            names.push(format!("{table}: {}", scalar(case, "name").unwrap_or("?")));
        }
    }
    assert!(
        refused.iter().filter(|r| **r).count() >= 10 && refused.iter().filter(|r| !**r).count() >= 10,
        "{refused:?}"
    );
    let valid = ajv::verdicts(&latest, &files);
    let wrong: Vec<String> = names
        .iter()
        .zip(refused.iter().zip(&valid))
        .filter(|(_, (refused, valid))| **refused == **valid)
        .map(|(name, (refused, _))| {
            format!(
                "{name}: the API server {}",
                if *refused { "refuses it, the schema accepts" } else { "accepts it, the schema refuses" }
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Every example config is accepted, and at 4.22 Default the gated store lists are not in
    // the CRD, so a config that has them is refused.
    let stores = Path::new(REPO).join("examples/additional-stores.yaml");
    assert_eq!(ajv::verdicts(&latest, std::slice::from_ref(&stores)), [true]);
    assert_eq!(
        ajv::verdicts(&schema(&["--openshift-version", "4.22"], "4.22"), std::slice::from_ref(&stores)),
        [false]
    );
    let preview = schema(&["--openshift-version", "4.22", "--feature-set", "TechPreviewNoUpgrade"], "4.22-tp");
    assert_eq!(ajv::verdicts(&preview, &[stores]), [true]);
    std::fs::remove_dir_all(&dir).ok();
}
