//! Start-up over a pool, in time: for each pool and each image its nodes pulled or ran, when
//! half of the nodes (p50), 95 % of them (p95) and all of them had the image, and had a
//! container of it running. This is what a fleet question ("how long until the model serves on
//! every node?") asks, and what designs are compared on.

use super::percentile;
use super::scenario::Scenario;
use super::units::fixed;
use super::world::{Node, RefId};
use super::{Outcome, Step, StepKind};

/// Seconds, from the pool's first step on the image, until a share of the pool's nodes got
/// there; `None` when fewer nodes than that share ever did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Quantiles {
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub all: Option<f64>,
    /// How many of the pool's nodes got there at all.
    pub reached: usize,
}

/// One image on one pool.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolTiming {
    pub pool: String,
    pub reference: RefId,
    pub nodes: usize,
    /// When the pool's first step on the image started, in seconds from the scenario's start.
    pub since: f64,
    /// Until the image was on the node (a pull or a container start that found or pulled it).
    pub image: Quantiles,
    /// Until a container of it was running.
    pub running: Quantiles,
}

/// The quantiles of `times` out of `of` nodes (a pool's, or an event's), by
/// [`percentile::rank`], the one nearest-rank function of every output.
pub(super) fn quantiles(mut times: Vec<f64>, of: usize) -> Quantiles {
    percentile::sort(&mut times);
    Quantiles {
        p50: percentile::rank(&times, 50, of),
        p95: percentile::rank(&times, 95, of),
        all: percentile::rank(&times, 100, of),
        reached: times.len(),
    }
}

/// Per (pool, image): when it started, and each node's first arrival at each milestone.
struct Entry {
    pool: usize,
    reference: RefId,
    since: f64,
    image: Vec<f64>,
    running: Vec<f64>,
}

/// Gathers the pools' timings from the steps as they are finished, in one pass.
pub struct Collector<'s> {
    s: &'s Scenario,
    pool_of: Vec<Option<usize>>,
    /// Each node's place among its pool's nodes.
    slot: Vec<usize>,
    pool_size: Vec<usize>,
    entries: Vec<Entry>,
    index: std::collections::HashMap<(usize, RefId), usize>,
    /// The steps of one event mostly share a pool and an image: the last entry is tried first.
    last: Option<((usize, RefId), usize)>,
}

impl<'s> Collector<'s> {
    pub fn new(nodes: &[Node], s: &'s Scenario) -> Collector<'s> {
        let pools = s.options.pools.len();
        let pool_of: Vec<Option<usize>> = nodes.iter().map(|n| n.pool.filter(|&p| p < pools)).collect();
        let mut pool_size = vec![0usize; pools];
        let slot = pool_of
            .iter()
            .map(|p| match p {
                Some(p) => {
                    pool_size[*p] += 1;
                    pool_size[*p] - 1
                }
                None => usize::MAX,
            })
            .collect();
        Collector { s, pool_of, slot, pool_size, entries: Vec::new(), index: Default::default(), last: None }
    }

    /// A finished step: a pull or a container start on a pool's node counts.
    pub fn add(&mut self, st: &Step) {
        let (Some(n), Some(r)) = (st.node(), st.reference()) else { return };
        let run = match st.kind {
            StepKind::Run => true,
            StepKind::Pull => false,
            _ => return,
        };
        let Some(p) = self.pool_of.get(n).copied().flatten() else { return };
        let e = match self.last {
            Some((key, e)) if key == (p, r) => e,
            _ => {
                let (entries, size) = (&mut self.entries, self.pool_size[p]);
                *self.index.entry((p, r)).or_insert_with(|| {
                    entries.push(Entry {
                        pool: p,
                        reference: r,
                        since: st.start,
                        image: vec![f64::NAN; size],
                        running: vec![f64::NAN; size],
                    });
                    entries.len() - 1
                })
            }
        };
        self.last = Some(((p, r), e));
        if st.outcome != Outcome::Ok {
            return;
        }
        let (entry, k) = (&mut self.entries[e], self.slot[n]);
        if entry.image[k].is_nan() {
            entry.image[k] = st.end;
        }
        if run && entry.running[k].is_nan() {
            entry.running[k] = st.end;
        }
    }

    /// Every pool's timing for every image its nodes pulled or ran, pools in the scenario's
    /// order and images in the order the pool first met them.
    pub fn finish(mut self) -> Vec<PoolTiming> {
        crate::order::sort_by(&mut self.entries, |a, b| a.pool.cmp(&b.pool));
        let (s, pool_size) = (self.s, self.pool_size);
        self.entries
            .into_iter()
            .map(|e| {
                let of = pool_size[e.pool];
                let since = e.since;
                let after =
                    |v: Vec<f64>| v.into_iter().filter(|t| !t.is_nan()).map(|t| t - since).collect::<Vec<f64>>();
                PoolTiming {
                    pool: s.options.pools[e.pool].name.clone(),
                    reference: e.reference,
                    nodes: of,
                    since,
                    image: quantiles(after(e.image), of),
                    running: quantiles(after(e.running), of),
                }
            })
            .collect()
    }
}

/// The quantiles in words: `p50 12.3 s, p95 20.1 s, all 25.0 s`, with `—` for a share never
/// reached.
pub fn words(q: &Quantiles) -> String {
    let t = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), |x| format!("{} s", fixed(x, 1)));
    format!("p50 {}, p95 {}, all {}", t(q.p50), t(q.p95), t(q.all))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn nearest_rank_over_the_whole_pool() {
        // Ten nodes, nine of which got there at 1..9 s.
        let q = quantiles((1..=9).rev().map(f64::from).collect(), 10);
        assert_eq!((q.p50, q.p95, q.all, q.reached), (Some(5.0), None, None, 9));
        let q = quantiles((1..=20).map(f64::from).collect(), 20);
        assert_eq!((q.p50, q.p95, q.all), (Some(10.0), Some(19.0), Some(20.0)));
        assert_eq!(quantiles(Vec::new(), 0), Quantiles::default());
    }
}
