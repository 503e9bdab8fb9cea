//! A set of nodes written compactly, so that a step shared by 10,000 nodes is one line:
//! `worker-[0-8999,9001]`. The notation is the hostlist one of cluster tools (Slurm's
//! `scontrol show hostnames` expands it), which a person reads at a glance and a pipeline
//! expands with a few lines of code or an existing hostlist library:
//!
//! - items are separated by commas; an item is a name, or a prefix followed by `[ranges]`, the
//!   ranges being numbers or `a-b` (inclusive) separated by commas, each appended to the prefix;
//! - a name's trailing number joins a range only when it is written without leading zeros
//!   (`node-007` stays a name of its own), so every item expands back to exactly the names;
//! - nodes keep their order (the scenario's), and a node listed twice is written twice;
//! - a `\`, `,`, `[` or `]` inside a name is escaped with a `\` (node names from a scenario are
//!   free text, however rare those characters are in a cluster's names).
//!
//! `docs/simulate.md` documents the notation for the JSON's readers.

use std::ops::Range;

/// Nodes by index into the simulation's nodes, as runs of consecutive indices: a pool-wide step
/// on 10,000 nodes is one run, whatever order its steps were grouped in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeList {
    runs: Vec<Range<u32>>,
    len: usize,
}

impl NodeList {
    /// Adds node `n` after those already listed.
    pub fn push(&mut self, n: usize) {
        let n = n as u32;
        self.len += 1;
        match self.runs.last_mut() {
            Some(run) if run.end == n => run.end += 1,
            _ => self.runs.push(n..n + 1),
        }
    }

    /// How many nodes are listed (a node listed twice counts twice).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The node indices, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.runs.iter().flat_map(|r| r.clone().map(|n| n as usize))
    }

    /// The nodes in the compact notation, naming each index by `name`.
    pub fn compact<'a>(&self, name: impl Fn(usize) -> &'a str) -> String {
        compact(self.iter().map(name))
    }
}

/// A name split into the prefix and the trailing number that may join a range.
fn split(name: &str) -> Option<(&str, u64)> {
    let digits = name.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (prefix, number) = name.split_at(name.len() - digits);
    let canonical = !number.is_empty() && (number == "0" || !number.starts_with('0'));
    // A number too long for u64 stays part of a plain name.
    number.parse().ok().filter(|_| canonical).map(|n| (prefix, n))
}

fn escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(c, '\\' | ',' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The names, in order, in the compact notation of this module.
pub fn compact<'a>(names: impl Iterator<Item = &'a str>) -> String {
    // The item being built: a prefix and its ranges (first, last) of numbers.
    let mut pending: Option<(&str, Vec<(u64, u64)>)> = None;
    let mut out = String::new();
    let flush = |out: &mut String, item: Option<(&str, Vec<(u64, u64)>)>| {
        let Some((prefix, ranges)) = item else { return };
        if !out.is_empty() {
            out.push(',');
        }
        escaped(out, prefix);
        if let [(a, b)] = ranges[..] {
            if a == b {
                out.push_str(&a.to_string());
                return;
            }
        }
        out.push('[');
        for (i, (a, b)) in ranges.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&a.to_string());
            if a != b {
                out.push('-');
                out.push_str(&b.to_string());
            }
        }
        out.push(']');
    };
    for name in names {
        match split(name) {
            Some((prefix, n)) => match &mut pending {
                Some((p, ranges)) if *p == prefix => match ranges.last_mut() {
                    Some((_, last)) if last.checked_add(1) == Some(n) => *last = n,
                    _ => ranges.push((n, n)),
                },
                _ => {
                    flush(&mut out, pending.take());
                    pending = Some((prefix, vec![(n, n)]));
                }
            },
            None => {
                flush(&mut out, pending.take());
                if !out.is_empty() {
                    out.push(',');
                }
                escaped(&mut out, name);
            }
        }
    }
    flush(&mut out, pending);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The notation read back: every name, in order (what a pipeline does with it).
    fn expand(list: &str) -> Vec<String> {
        let mut names = Vec::new();
        let (mut item, mut ranges, mut inside) = (String::new(), String::new(), false);
        let mut chars = list.chars();
        let mut finish = |item: &mut String, ranges: &mut String, bracketed: bool| {
            if bracketed {
                for range in ranges.split(',') {
                    let (a, b) = range.split_once('-').unwrap_or((range, range));
                    let (a, b): (u64, u64) = (a.parse().unwrap(), b.parse().unwrap());
                    names.extend((a..=b).map(|n| format!("{item}{n}")));
                }
            } else {
                names.push(item.clone());
            }
            item.clear();
            ranges.clear();
        };
        let mut bracketed = false;
        while let Some(c) = chars.next() {
            match c {
                '\\' => item.push(chars.next().unwrap()),
                '[' => (inside, bracketed) = (true, true),
                ']' => inside = false,
                ',' if inside => ranges.push(','),
                ',' => {
                    finish(&mut item, &mut ranges, bracketed);
                    bracketed = false;
                }
                c if inside => ranges.push(c),
                c => item.push(c),
            }
        }
        if !list.is_empty() {
            finish(&mut item, &mut ranges, bracketed);
        }
        names
    }

    fn round_trip(names: &[&str]) -> String {
        let list = compact(names.iter().copied());
        assert_eq!(expand(&list), names, "{list}");
        list
    }

    #[test]
    fn runs_of_numbered_names_become_ranges() {
        let fleet: Vec<String> = (0..9000).chain(9001..9003).map(|i| format!("worker-{i}")).collect();
        let names: Vec<&str> = fleet.iter().map(String::as_str).collect();
        assert_eq!(round_trip(&names), "worker-[0-8999,9001-9002]");
        assert_eq!(round_trip(&["worker-3"]), "worker-3");
        assert_eq!(round_trip(&["worker-0", "worker-1", "infra-0", "gpu"]), "worker-[0-1],infra-0,gpu");
        assert_eq!(round_trip(&[]), "");
    }

    #[test]
    fn every_name_comes_back_exactly() {
        // Leading zeros, names that are only a number, repeats, order, and the notation's own
        // characters inside names.
        let odd = ["node-007", "node-8", "node-9", "12", "13", "w-1", "w-1", "w-0", "a,b", "c[1]", "d\\e", "f-", ""];
        assert_eq!(round_trip(&odd), "node-007,node-[8-9],[12-13],w-[1,1,0],a\\,b,c\\[1\\],d\\\\e,f-,");
        assert_eq!(
            round_trip(&["x-18446744073709551615", "x-99999999999999999999"]),
            "x-18446744073709551615,x-99999999999999999999"
        );
    }

    #[test]
    fn a_node_list_keeps_runs_of_indices() {
        let mut list = NodeList::default();
        for n in [0, 1, 2, 5, 6, 2] {
            list.push(n);
        }
        assert_eq!((list.len(), list.runs.len()), (6, 3));
        assert_eq!(list.iter().collect::<Vec<_>>(), [0, 1, 2, 5, 6, 2]);
        let names = ["w-0", "w-1", "w-2", "w-3", "w-4", "w-5", "w-6"];
        assert_eq!(list.compact(|n| names[n]), "w-[0-2,5-6,2]");
    }
}
