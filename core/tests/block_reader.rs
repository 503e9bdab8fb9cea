//! The fast block-YAML reader (`core/src/parse/block.rs`) against saphyr on the repository's own
//! YAML and thousands of edits of it, through `parse::both_readers`. Kept out of core's sources
//! because it reads files; native only for the same reason.
#![cfg(not(target_arch = "wasm32"))]

use ctrcfg_core::parse::both_readers;

/// Whether the fast reader takes `text`; when it does, it must read it as saphyr does.
fn agrees(text: &str) -> bool {
    match both_readers(text) {
        Some((fast, saphyr)) => {
            assert_eq!(fast, saphyr, "the fast reader differs from saphyr on:\n{text}");
            true
        }
        None => false,
    }
}

/// The repository's YAML, and thousands of one-line edits of what the reader takes (a line
/// dropped, doubled, indented by one more or one less space, given a comment, its `: ` closed
/// up, its dash dropped): wherever the fast reader takes a text, it agrees with saphyr.
#[test]
fn agrees_with_saphyr_on_the_repository_and_edits_of_it() {
    fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                yaml_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["tests", "examples", "docs"] {
        yaml_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 40, "{}", files.len());
    let (mut texts, mut taken, mut originals) = (0, 0, Vec::new());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        texts += 1;
        if !agrees(&text) {
            continue;
        }
        taken += 1;
        originals.push(file.clone());
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut variants = Vec::new();
        for i in 0..lines.len() {
            let with = |line: String| {
                let mut v: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
                v[i] = line;
                v.concat()
            };
            let line = lines[i];
            variants.push(with(String::new()));
            variants.push(with(format!("{line}{line}")));
            variants.push(with(format!(" {line}")));
            variants.push(with(line.strip_prefix(' ').unwrap_or(line).to_owned()));
            variants.push(with(line.replacen('\n', " # c\n", 1)));
            variants.push(with(line.replacen(": ", ":", 1)));
            variants.push(with(line.replacen("- ", "", 1)));
        }
        for v in variants {
            texts += 1;
            taken += usize::from(agrees(&v));
        }
    }
    assert!(taken > 500, "the fast reader took {taken} of {texts} texts");
    // The examples and the render vectors are block YAML: the reader must take most of them,
    // or it is not fast where it counts (25 of their 30 files when this was written).
    let configs = ["examples", "tests/vectors/render"]
        .iter()
        .map(|dir| originals.iter().filter(|f| f.starts_with(root.join(dir))).count())
        .sum::<usize>();
    assert!(configs >= 20, "the fast reader took {configs} of the examples and render vectors");
}
