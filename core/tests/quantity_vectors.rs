//! apimachinery's own quantity tables (`tests/vectors/quantity.tsv`), run natively and in
//! headless Chromium: every input parses to the same Format, prints the same `String()` and
//! rounds to the same `Value()` as k8s.io/apimachinery, or fails with the same error.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ctrcfg_core::quantity::Quantity;

const TABLE: &str = include_str!("../../tests/vectors/quantity.tsv");

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn apimachinery_quantity_tables() {
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in TABLE.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        rows += 1;
        let cells: Vec<&str> = line.split('\t').collect();
        let input = cells[0];
        let actual = match Quantity::parse(input) {
            Ok(q) => format!("{}\t{}\t{}", q.format().name(), q.canonical(), q.value()),
            Err(e) => format!("error\t{}", e.name()),
        };
        let expected = cells[1..].join("\t");
        if actual != expected {
            failures.push(format!("{input:?}: expected {expected:?}, got {actual:?}"));
        }
    }
    assert!(rows > 400, "only {rows} rows");
    assert!(failures.is_empty(), "{} of {rows} rows differ:\n{}", failures.len(), failures.join("\n"));
}
