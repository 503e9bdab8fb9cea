//! The fluid model of shared bandwidth: the flows drawing on one capacity (the registry's
//! egress, one NFS server) share it max-min fairly, by weight, each at most at its own cap (the
//! node's link). Identical flows are one group with a count, so a pull on 10,000 nodes at once
//! is one group, not 10,000 flows: the work is in the number of groups.

/// Identical flows: `count` of them, each weighing `weight` connections and capped at `cap`
/// bytes per second.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Group {
    pub count: u64,
    pub weight: f64,
    pub cap: f64,
}

/// Each group's per-flow rate (bytes per second) when its flows share `capacity`: weighted
/// water-filling. Flows whose cap is below their fair share get their cap; what they leave is
/// shared among the others in proportion to their weights, and so on. Deterministic: ties keep
/// the groups' order. A capacity that is not positive, or a weight or cap that is not, is
/// taken as 1 so that every flow moves and the caller's loop ends.
pub fn share(capacity: f64, groups: &[Group], rates: &mut Vec<f64>) {
    rates.clear();
    rates.resize(groups.len(), 0.0);
    let positive = |x: f64| if x.is_finite() && x >= 1.0 { x } else { 1.0 };
    let mut order: Vec<usize> = (0..groups.len()).collect();
    let ratio = |i: usize| positive(groups[i].cap) / positive(groups[i].weight);
    crate::order::sort_by(&mut order, |&a, &b| ratio(a).total_cmp(&ratio(b)));
    let mut left = positive(capacity);
    let mut weights: f64 = groups.iter().map(|g| g.count as f64 * positive(g.weight)).sum();
    for (k, &i) in order.iter().enumerate() {
        let g = groups[i];
        let (weight, cap) = (positive(g.weight), positive(g.cap));
        if weights <= 0.0 {
            break;
        }
        let fair = left / weights * weight;
        if cap <= fair {
            rates[i] = cap;
            left = (left - g.count as f64 * cap).max(0.0);
            weights -= g.count as f64 * weight;
            continue;
        }
        // Nobody from here on is held back by a cap: they share what is left by weight.
        for &j in &order[k..] {
            rates[j] = (left / weights * positive(groups[j].weight)).max(f64::MIN_POSITIVE);
        }
        break;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn rates(capacity: f64, groups: &[Group]) -> Vec<f64> {
        let mut out = Vec::new();
        share(capacity, groups, &mut out);
        out
    }

    const OPEN: f64 = 1e12;

    #[test]
    fn two_flows_on_one_link_get_half_each() {
        let one = Group { count: 1, weight: 1.0, cap: OPEN };
        assert_eq!(rates(100.0, &[one, one]), [50.0, 50.0]);
        // The same two flows as one group of two.
        assert_eq!(rates(100.0, &[Group { count: 2, ..one }]), [50.0]);
    }

    #[test]
    fn a_flow_limited_elsewhere_leaves_the_rest_to_the_others() {
        let slow = Group { count: 1, weight: 1.0, cap: 10.0 };
        let fast = Group { count: 1, weight: 1.0, cap: OPEN };
        assert_eq!(rates(100.0, &[fast, slow]), [90.0, 10.0]);
        // Three capped at 10 among 10 flows of 100: the seven others share 70.
        let r = rates(100.0, &[Group { count: 3, ..slow }, Group { count: 7, ..fast }]);
        assert_eq!(r[0], 10.0);
        assert!((r[1] - 10.0).abs() < 1e-9, "{r:?}");
        // Every flow capped below its share: each gets its cap, and capacity is left over.
        assert_eq!(rates(1000.0, &[slow, slow]), [10.0, 10.0]);
    }

    /// A pull with six connections open weighs six flows against a pull with one.
    #[test]
    fn connections_weigh_in_the_share() {
        let six = Group { count: 1, weight: 6.0, cap: OPEN };
        let one = Group { count: 1, weight: 1.0, cap: OPEN };
        let r = rates(70.0, &[six, one]);
        assert!((r[0] - 60.0).abs() < 1e-9 && (r[1] - 10.0).abs() < 1e-9, "{r:?}");
    }

    #[test]
    fn degenerate_inputs_still_move() {
        let odd = Group { count: 3, weight: f64::NAN, cap: 0.0 };
        let r = rates(0.0, &[odd, Group { count: 0, weight: 1.0, cap: OPEN }]);
        assert!(r.iter().all(|x| x.is_finite() && *x > 0.0), "{r:?}");
        assert!(rates(100.0, &[]).is_empty());
    }
}
