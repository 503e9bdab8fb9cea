//! A `storage:` entry whose path no config in force lists (and that is not the graphroot) is a
//! directory no node ever reads: a typo such as `/mnt/nsf` beside a configured `/mnt/nfs` would
//! silently turn every cache hit into a registry pull. Such an entry gets a warning positioned
//! on its path, naming the closest listed path when one is near.

use super::scenario::{Action, Scenario, StoreEntry, DEFAULT_GRAPHROOT};
use crate::api::{ContainerRuntimeConfig, StoreKind};
use crate::diag::{FieldPath, Severity};
use crate::paths::{is_inside, normalize};
use crate::pools::read::Reader;

/// Edits beyond this are not a typo.
const MAX_EDITS: usize = 2;
/// Paths longer than this are not compared letter by letter (a store path has at most 256
/// characters), so that hostile input stays cheap.
const MAX_COMPARED: usize = 256;

/// A path a node reads, and where it comes from, in words.
struct Listed {
    path: String,
    origin: String,
}

/// Warns about each entry of `s.storage` that no node reads.
pub(super) fn check(s: &Scenario, r: &mut Reader) {
    let applied = s.events.iter().filter_map(|e| match &e.action {
        Action::Apply { config: Some(c), .. } => Some(&**c),
        _ => None,
    });
    let mut listed = vec![Listed { path: DEFAULT_GRAPHROOT.to_owned(), origin: "the graphroot".to_owned() }];
    for config in s.configs.iter().chain(applied) {
        listed.extend(paths_of(config));
    }
    for entry in &s.storage {
        if listed.iter().any(|l| l.path == entry.path) {
            continue;
        }
        let mut message = format!(
            "Invalid value: {:?}: no config lists this path and it is not the graphroot {DEFAULT_GRAPHROOT}, so no node reads it: what it holds is never found",
            entry.path
        );
        if let Some(near) = close_match(entry, &listed) {
            message.push_str(&format!("; did you mean {:?} ({})?", near.path, near.origin));
        }
        let field = FieldPath::root("storage").index(entry.index).child("path");
        r.push(Severity::Warning, field, message, entry.path_span);
    }
}

fn paths_of(config: &ContainerRuntimeConfig) -> Vec<Listed> {
    let Some(crc) = &config.config else { return Vec::new() };
    StoreKind::ALL
        .iter()
        .flat_map(|&kind| {
            crc.store_paths(kind).map(move |p| Listed {
                path: normalize(p),
                origin: format!("{} in config {:?}", kind.field(), config.name()),
            })
        })
        .collect()
}

/// The listed path `entry` most likely meant: the fewest edits (at most [`MAX_EDITS`]), else
/// one with the same last component, else the nearest listed directory that contains it
/// (an artifact store's entry written as `<path>/artifacts`).
fn close_match<'l>(entry: &StoreEntry, listed: &'l [Listed]) -> Option<&'l Listed> {
    let by_edits = listed
        .iter()
        .filter_map(|l| edits(&entry.path, &l.path).map(|d| (d, l)))
        .filter(|(d, _)| *d <= MAX_EDITS)
        .min_by_key(|(d, _)| *d)
        .map(|(_, l)| l);
    let base = |p: &str| p.rsplit('/').next().unwrap_or_default().to_owned();
    by_edits
        .or_else(|| listed.iter().find(|l| !base(&l.path).is_empty() && base(&l.path) == base(&entry.path)))
        .or_else(|| listed.iter().filter(|l| is_inside(&entry.path, &l.path)).max_by_key(|l| l.path.len()))
}

/// The optimal-string-alignment distance between `a` and `b` (insertions, deletions,
/// substitutions and swaps of two neighbours, each one edit), or `None` when it is surely more
/// than [`MAX_EDITS`] or either is too long to compare.
pub fn edits(a: &str, b: &str) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() > MAX_COMPARED || b.len() > MAX_COMPARED || a.len().abs_diff(b.len()) > MAX_EDITS {
        return None;
    }
    // Three rows of the distance table: two back, one back, and the one being filled.
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut prev, row);
    }
    prev.last().copied()
}

#[cfg(test)]
mod tests {
    use super::edits;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn edit_distance() {
        assert_eq!(edits("/mnt/nfs", "/mnt/nfs"), Some(0));
        assert_eq!(edits("/mnt/nsf", "/mnt/nfs"), Some(1), "a swap is one edit");
        assert_eq!(edits("/mnt/nfs-imgaes", "/mnt/nfs-images"), Some(1));
        assert_eq!(edits("/mnt/nf", "/mnt/nfs"), Some(1));
        assert_eq!(edits("/mnt/xyz", "/mnt/nfs"), Some(3));
        assert_eq!(edits("", "ab"), Some(2));
        assert_eq!(edits("/a", "/abcd"), None, "three insertions at least");
        let long = format!("/{}", "a".repeat(300));
        assert_eq!(edits(&long, &long), None);
    }
}
