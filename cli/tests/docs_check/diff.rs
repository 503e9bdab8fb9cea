//! A line diff of what a page shows against what ctrcfg printed, so a drifted example says
//! which lines changed rather than printing two long texts to compare by eye.

/// Lines kept around each change; the rest of a long output is one `…` line.
const CONTEXT: usize = 2;

/// The lines of `shown` and `actual`, each marked `-` (only shown), `+` (only printed) or ` `
/// (both), from a longest common subsequence, with only `CONTEXT` unchanged lines around each
/// change; identical texts give no `-` or `+` line.
pub fn lines(shown: &str, actual: &str) -> String {
    let a: Vec<&str> = shown.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // common[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut common = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i][j] = if a[i] == b[j] { common[i + 1][j + 1] + 1 } else { common[i + 1][j].max(common[i][j + 1]) };
        }
    }
    let mut marked: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            marked.push((' ', a[i]));
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && (i == a.len() || common[i][j + 1] > common[i + 1][j]) {
            marked.push(('+', b[j]));
            j += 1;
        } else {
            marked.push(('-', a[i]));
            i += 1;
        }
    }
    let changed: Vec<usize> = (0..marked.len()).filter(|&k| marked[k].0 != ' ').collect();
    let near = |k: usize| changed.iter().any(|&c| c.abs_diff(k) <= CONTEXT);
    let mut out = String::new();
    let mut skipped = false;
    for (k, (mark, line)) in marked.iter().enumerate() {
        if near(k) {
            out.push_str(&format!("{mark} {line}\n"));
            skipped = false;
        } else if !skipped {
            out.push_str("  …\n");
            skipped = true;
        }
    }
    out
}
