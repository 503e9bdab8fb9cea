//! A `storage:` entry whose path no config in force lists (and that is not the graphroot) is a
//! directory no node ever reads: a typo such as `/mnt/nsf` beside a configured `/mnt/nfs` would
//! silently turn every cache hit into a registry pull. Such an entry gets a warning positioned
//! on its path, naming the closest listed path when one is near.

use super::scenario::{Action, Scenario, StoreEntry, DEFAULT_GRAPHROOT};
use crate::api::{ContainerRuntimeConfig, StoreKind};
use crate::diag::Severity;
use crate::paths::{is_inside, normalize};
use crate::pools::read::Reader;
use crate::spelling::edits_within;

/// Edits beyond this are not a typo.
const MAX_EDITS: usize = 2;

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
        let field = entry.field.child("path");
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
        .filter_map(|l| edits_within(&entry.path, &l.path, MAX_EDITS).map(|d| (d, l)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, l)| l);
    let base = |p: &str| p.rsplit('/').next().unwrap_or_default().to_owned();
    by_edits
        .or_else(|| listed.iter().find(|l| !base(&l.path).is_empty() && base(&l.path) == base(&entry.path)))
        .or_else(|| listed.iter().filter(|l| is_inside(&entry.path, &l.path)).max_by_key(|l| l.path.len()))
}
