//! How close two spellings are, for "did you mean" notes (an unknown field's name, a scenario's
//! `storage:` path beside a configured one). One bounded edit distance serves both, so a long
//! or hostile input stays cheap.

/// Strings longer than this (in characters) are not compared: no field name or store path is
/// (a store path has at most 256 bytes).
const MAX_COMPARED: usize = 256;

/// The optimal-string-alignment distance between `a` and `b` in characters (insertions,
/// deletions, substitutions and swaps of two neighbours, one edit each), or `None` when it is
/// more than `limit` or either string is longer than [`MAX_COMPARED`].
pub fn edits_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() > MAX_COMPARED || b.len() > MAX_COMPARED || a.len().abs_diff(b.len()) > limit {
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
    prev.last().copied().filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::edits_within;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn distances() {
        let d = |a, b| edits_within(a, b, 10);
        assert_eq!(d("", ""), Some(0));
        assert_eq!(d("", "abc"), Some(3));
        assert_eq!(d("abc", ""), Some(3));
        assert_eq!(d("kitten", "sitting"), Some(3));
        assert_eq!(d("loglevl", "loglevel"), Some(1));
        // A swap of neighbours is one edit.
        assert_eq!(d("/mnt/nsf", "/mnt/nfs"), Some(1));
        assert_eq!(d("additionalimagestroes", "additionalimagestores"), Some(1));
        assert_eq!(d("ca", "abc"), Some(3));
        // Characters, not bytes.
        assert_eq!(d("pàth", "path"), Some(1));
    }

    #[test]
    fn bounded() {
        assert_eq!(edits_within("/mnt/xyz", "/mnt/nfs", 2), None, "three edits");
        assert_eq!(edits_within("/a", "/abcd", 2), None, "three insertions at least");
        let long = format!("/{}", "a".repeat(300));
        assert_eq!(edits_within(&long, &long, 2), None, "too long to compare");
    }
}
