//! p50, p95 and all nodes: the one place a set of per-node (or per-step) times becomes the
//! figures a fleet is judged by, for the JSON, the text and the Scenario view alike.
//!
//! Nearest rank, not interpolation: the p95 figure is a time that 95 % of the nodes actually
//! took at most (the time by which 95 % of them are done), never a value between two nodes that
//! no node took. "All nodes" is the slowest node: when the last one is done.

use std::cmp::Ordering;

/// The figures of one set of times, in seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub p50: f64,
    pub p95: f64,
    pub all: f64,
}

impl Spread {
    /// Whether every figure is the same at `decimals` digits, so that one number says it all.
    pub fn is_flat(&self, decimals: u32) -> bool {
        let f = |x| super::units::fixed(x, decimals);
        f(self.p50) == f(self.all)
    }
}

/// Sorts `times` in place, shortest first, as [`rank`] reads them.
pub fn sort(times: &mut [f64]) {
    crate::order::sort_by(times, |a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
}

/// The nearest-rank `percent` of `sorted` (shortest first) out of `of` nodes: the time by which
/// `ceil(percent × of / 100)` of them were done, or `None` when fewer than that ever were (a
/// pool's nodes that never got there count in `of`, not in `sorted`).
pub fn rank(sorted: &[f64], percent: usize, of: usize) -> Option<f64> {
    sorted.get((percent * of).div_ceil(100).max(1) - 1).copied()
}

/// The spread of `times` (reordered in place), or `None` for no times at all.
pub fn spread(times: &mut [f64]) -> Option<Spread> {
    sort(times);
    let of = times.len();
    let all = *times.last()?;
    Some(Spread { p50: rank(times, 50, of)?, p95: rank(times, 95, of)?, all })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn nearest_rank_over_any_order() {
        let mut times: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        assert_eq!(spread(&mut times), Some(Spread { p50: 50.0, p95: 95.0, all: 100.0 }));
        // Ten nodes: the 5th and the 10th (ceil(9.5)); one node is every figure.
        let mut ten = [3.0, 1.0, 2.0, 10.0, 4.0, 9.0, 5.0, 8.0, 6.0, 7.0];
        assert_eq!(spread(&mut ten), Some(Spread { p50: 5.0, p95: 10.0, all: 10.0 }));
        assert_eq!(spread(&mut [1.5]), Some(Spread { p50: 1.5, p95: 1.5, all: 1.5 }));
        assert_eq!(spread(&mut []), None);
        // Out of more nodes than got there: a share never reached has no time.
        let nine: Vec<f64> = (1..=9).map(f64::from).collect();
        assert_eq!((rank(&nine, 50, 10), rank(&nine, 95, 10), rank(&nine, 100, 10)), (Some(5.0), None, None));
    }

    #[test]
    fn flat_at_the_precision_shown() {
        let s = Spread { p50: 13.1, p95: 13.14, all: 13.14 };
        assert!(s.is_flat(1));
        assert!(!s.is_flat(2));
    }
}
