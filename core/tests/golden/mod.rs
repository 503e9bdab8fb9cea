//! Golden files shared by the test harnesses: each result is compared with its `.out` file;
//! with `CTRCFG_BLESS=1` (native only) a file that differs is rewritten instead, for review.

/// Checks every `(name, actual, expected)`; `dir` is the `.out` files' folder below the
/// repository's `tests/`, and `what` names the items in the failure message.
pub fn check<'a>(dir: &str, what: &str, results: impl IntoIterator<Item = (&'a str, String, &'a str)>) {
    let mut failures = Vec::new();
    for (name, actual, expected) in results {
        if actual == expected {
            continue;
        }
        #[cfg(not(target_arch = "wasm32"))]
        if std::env::var_os("CTRCFG_BLESS").is_some() {
            let path = format!("{}/../tests/{dir}/{name}.out", env!("CARGO_MANIFEST_DIR"));
            std::fs::write(path, &actual).expect("write a blessed golden file");
            continue;
        }
        failures.push(format!("{name}\n--- expected\n{expected}--- actual\n{actual}"));
    }
    assert!(failures.is_empty(), "{} {what} differ:\n{}", failures.len(), failures.join("\n"));
}
