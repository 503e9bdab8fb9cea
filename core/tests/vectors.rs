//! The shared vectors in `tests/vectors/`, run natively by `cargo test` and in headless
//! Chromium by `wasm-bindgen-test`, so both targets are held to the same expectations.
//!
//! Each vector is an input (`.yaml` or `.json`) and a `.out` file: the diagnostics as compiler
//! lines, then the storage.conf a node gets. Set `CTRCFG_BLESS=1` (native only) to rewrite the
//! `.out` files after a deliberate change, and review the diff.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use ctrcfg_core::text::LineIndex;
use ctrcfg_core::validate::Options;
use ctrcfg_core::{preview, StorageConf};

/// Every vector, embedded at compile time so that the wasm build needs no file system.
macro_rules! vectors {
    ($($name:literal . $ext:literal),* $(,)?) => {
        const VECTORS: &[(&str, &str, &str)] = &[$((
            concat!($name, ".", $ext),
            include_str!(concat!("../../tests/vectors/preview/", $name, ".", $ext)),
            include_str!(concat!("../../tests/vectors/preview/", $name, ".out")),
        )),*];
    };
}

vectors! {
    "image-stores"."yaml",
    "layer-stores"."json",
    "artifact-stores-only"."yaml",
    "syntax-error"."yaml",
    "wrong-types"."yaml",
}

fn report(input: &str) -> String {
    let preview = preview(input, &Options::default());
    let index = LineIndex::new(input);
    let mut out = String::new();
    for d in &preview.diagnostics {
        out.push_str(&d.to_compiler_line(&index));
        out.push('\n');
    }
    match preview.storage_conf {
        StorageConf::Rendered(text) => {
            out.push_str("--- /etc/containers/storage.conf\n");
            out.push_str(&text);
        }
        StorageConf::NotWritten => out.push_str("--- /etc/containers/storage.conf: not written\n"),
        StorageConf::Unavailable => out.push_str("--- /etc/containers/storage.conf: unavailable\n"),
    }
    out
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn preview_vectors() {
    let mut failures = Vec::new();
    for (name, input, expected) in VECTORS {
        let actual = report(input);
        if actual != *expected {
            #[cfg(not(target_arch = "wasm32"))]
            if std::env::var_os("CTRCFG_BLESS").is_some() {
                let stem = name.rsplit_once('.').map_or(*name, |(s, _)| s);
                let path = format!("{}/../tests/vectors/preview/{stem}.out", env!("CARGO_MANIFEST_DIR"));
                std::fs::write(path, &actual).expect("write blessed vector");
                continue;
            }
            failures.push(format!("{name}\n--- expected\n{expected}--- actual\n{actual}"));
        }
    }
    assert!(failures.is_empty(), "{} vector(s) differ:\n{}", failures.len(), failures.join("\n"));
}

/// A vector file that is not listed above would silently never run.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn every_vector_file_is_listed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/preview");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("vector directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".out"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = VECTORS.iter().map(|(n, _, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}
