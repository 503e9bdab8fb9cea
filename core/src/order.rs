//! One stable sort for ctrcfg's own lists. The standard library's sort is generic over the
//! element and the comparison, so every `sort_by` call site compiles a copy of it (about 3.5 KB
//! of wasm each). Here only a sort of indices is compiled, once, and each caller applies the
//! order: 5.3 KB gzip less for the playground (BENCHMARKS.md, issue 11).

use std::cmp::Ordering;

/// The indices `0..n` in the stable order `cmp` gives them.
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut ix: Vec<usize> = (0..n).collect();
    ix.sort_by(|&a, &b| cmp(a, b));
    ix
}

/// The swaps that turn a list into the one `ix` orders (`ix[k]` is the index the k-th item
/// comes from), one cycle of the permutation at a time.
fn swaps(mut ix: Vec<usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for start in 0..ix.len() {
        let mut k = start;
        while ix[k] != start && ix[k] != usize::MAX {
            let next = ix[k];
            out.push((k, next));
            ix[k] = usize::MAX;
            k = next;
        }
        ix[k] = usize::MAX;
    }
    out
}

/// `items.sort_by(cmp)`, stable, without a copy of the sort per call site.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let ix = order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    for (a, b) in swaps(ix) {
        items.swap(a, b);
    }
}

#[cfg(test)]
mod tests {
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
        for n in 0..40usize {
            let mut v: Vec<(usize, usize)> = (0..n).map(|i| ((i * 7919) % 5, i)).collect();
            let mut w = v.clone();
            super::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
            w.sort_by_key(|a| a.0);
            assert_eq!(v, w);
        }
    }
}
