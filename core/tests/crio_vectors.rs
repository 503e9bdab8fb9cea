//! CRI-O's `additional_artifact_stores` check, case by case from `tests/vectors/crio/`, natively
//! and in headless Chromium. Each row: release, path, the error CRI-O returns (or `ok`), source.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ctrcfg_core::release::Release;
use ctrcfg_core::validate::crio::{artifact_store_error, startup_error};

const ROWS: &str = include_str!("../../tests/vectors/crio/artifact-store-paths.tsv");

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn artifact_store_paths() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for line in ROWS.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let [release, path, error, source] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("a row of four columns: {line:?}");
        };
        let release = Release::from_name(release).expect("a release");
        let want = (error != "ok").then_some(error);
        cases += 1;
        let got = artifact_store_error(release, path);
        if got.as_deref() != want {
            failures.push(format!("{release} {path:?} ({source}): want {want:?}, got {got:?}"));
        }
        // What CRI-O exits with for a list holding this entry after a valid one.
        let exit = startup_error(release, ["/mnt/ok", path]);
        let want_exit = want.map(|e| (1, format!("validating runtime config: {e}")));
        if exit != want_exit {
            failures.push(format!("{release} {path:?}: startup error {exit:?}, want {want_exit:?}"));
        }
    }
    assert!(cases >= 30, "only {cases} rows");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
