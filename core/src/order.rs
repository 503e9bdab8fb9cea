//! One stable sort for ctrcfg's own lists. The standard library's sort is generic over the
//! element and the comparison, so every `sort_by` call site compiles a copy of it (about 3.5 KB
//! of wasm each). Here only a sort of indices is compiled, once, and each caller applies the
//! order: 5.3 KB gzip less for the playground (BENCHMARKS.md, issue 11).

use std::cmp::Ordering;

/// The indices `0..n` in the stable order `cmp` gives them, or `None` when they are in order
/// already (most maps are built in key order), so that sorting them allocates nothing.
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Option<Vec<usize>> {
    if (1..n).all(|i| cmp(i - 1, i) != Ordering::Greater) {
        return None;
    }
    let mut ix: Vec<usize> = (0..n).collect();
    ix.sort_by(|&a, &b| cmp(a, b));
    Some(ix)
}

/// `items.sort_by(cmp)`, stable, without a copy of the sort per call site.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let Some(mut ix) = order(items.len(), &|a, b| cmp(&items[a], &items[b])) else { return };
    // Slot k takes the item now at ix[k]. Each cycle of that permutation is applied with swaps
    // in place; a slot done is marked `usize::MAX`.
    for start in 0..ix.len() {
        let mut k = start;
        while ix[k] != usize::MAX {
            let next = ix[k];
            ix[k] = usize::MAX;
            if next == start {
                break;
            }
            items.swap(k, next);
            k = next;
        }
    }
}

/// For each key, whether an earlier one in `keys` is equal: duplicates found with the one
/// sort above instead of a hash set, whose code would cost the page more (BENCHMARKS.md,
/// issue 14).
pub fn repeated(keys: &[&str]) -> Vec<bool> {
    let mut out = vec![false; keys.len()];
    let ix = order(keys.len(), &|a, b| keys[a].cmp(keys[b])).unwrap_or_else(|| (0..keys.len()).collect());
    // Stable: equal keys stay in their written order, so each run's first is the earliest.
    for pair in ix.windows(2) {
        if keys[pair[0]] == keys[pair[1]] {
            out[pair[1]] = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn repeated_marks_every_key_an_earlier_one_equals() {
        assert_eq!(super::repeated(&["b", "a", "b", "c", "a", "b"]), [false, false, true, false, true, true]);
        assert_eq!(super::repeated(&["a", "b"]), [false, false]);
        assert!(super::repeated(&[]).is_empty());
    }

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The same order as the standard library's stable sort, ties kept in place.
    #[test]
    fn stable() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e'), (2, 'f')];
        let mut w = v.clone();
        super::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
        w.sort_by_key(|a| a.0);
        assert_eq!(v, w);
        // Sorted, reversed, and with many ties, at every small length.
        for n in 0..40usize {
            for key in [|_: usize| 0, |i| (i * 7919) % 5, |i| 40 - i, |i| (i * 7919) % 40] {
                let mut v: Vec<(usize, usize)> = (0..n).map(|i| (key(i), i)).collect();
                let mut w = v.clone();
                super::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
                w.sort_by_key(|a| a.0);
                assert_eq!(v, w);
            }
        }
    }
}
