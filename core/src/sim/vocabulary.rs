//! The keys a Scenario document knows, per place: what the reader accepts
//! ([`super::scenario`]) and what an editor offers ([`crate::assist`]), from one list.

/// The event kinds: an event has exactly one of them.
pub const ACTIONS: [&str; 12] = [
    "pull",
    "pullArtifact",
    "run",
    "remove",
    "reboot",
    "fail",
    "recover",
    "stopPlugin",
    "startPlugin",
    "retag",
    "registry",
    "apply",
];
/// What an event may say besides its kind.
/// `at` is when the event starts (a duration from the scenario's start).
pub const EVENT_OPTIONS: [&str; 7] = ["node", "nodes", "pool", "pullPolicy", "clean", "repair", "at"];
pub const TOP: [&str; 11] = [
    "apiVersion",
    "kind",
    "openshiftVersion",
    "featureSet",
    "configs",
    "pools",
    "crio",
    "registry",
    "storage",
    "events",
    "variants",
];
/// What a variant names, and the parts of the scenario it may replace.
pub const VARIANT: [&str; 5] = ["name", "configs", "crio", "registry", "storage"];
pub const CRIO: [&str; 1] = ["ociArtifactMountSupport"];
pub const REGISTRY: [&str; 6] = ["reachable", "rangeRequests", "bandwidth", "rateLimit", "images", "artifacts"];
/// A registry's rate limit: so many manifest requests per window.
pub const RATE_LIMIT: [&str; 2] = ["requests", "window"];
pub const IMAGE: [&str; 5] = ["ref", "format", "size", "startupFraction", "layers"];
pub const ARTIFACT: [&str; 3] = ["ref", "size", "files"];
pub const ARTIFACT_FILE: [&str; 4] = ["title", "filepath", "mediaType", "size"];
pub const STORE: [&str; 10] =
    ["path", "images", "artifacts", "medium", "shared", "bandwidth", "plugin", "running", "exists", "readOnly"];
pub const RUN: [&str; 3] = ["image", "pullPolicy", "volumes"];
pub const VOLUME: [&str; 2] = ["name", "image"];
pub const VOLUME_SOURCE: [&str; 3] = ["reference", "pullPolicy", "subPath"];

/// The keys of the map at `path` (list items as `[]`), where the document has a fixed set;
/// events' keys are [`ACTIONS`] then [`EVENT_OPTIONS`].
pub fn keys_at(path: &[&str]) -> Option<Vec<&'static str>> {
    let path = &as_scenario_part(path);
    let keys: &[&str] = match path.as_slice() {
        [] => &TOP,
        ["variants", "[]"] => &VARIANT,
        ["crio"] => &CRIO,
        ["registry"] => &REGISTRY,
        ["registry", "rateLimit"] => &RATE_LIMIT,
        ["registry", "images", "[]"] => &IMAGE,
        ["registry", "artifacts", "[]"] => &ARTIFACT,
        ["registry", "artifacts", "[]", "files", "[]"] => &ARTIFACT_FILE,
        ["storage", "[]"] => &STORE,
        ["pools", "[]"] => &crate::pools::read::SHORT_FORM_KEYS,
        ["events", "[]"] => return Some([&ACTIONS[..], &EVENT_OPTIONS[..]].concat()),
        ["events", "[]", "run"] => &RUN,
        ["events", "[]", "run", "volumes", "[]"] => &VOLUME,
        ["events", "[]", "run", "volumes", "[]", "image"] => &VOLUME_SOURCE,
        _ => return None,
    };
    Some(keys.to_vec())
}

/// A path inside a variant's `crio`, `registry` or `storage` as the same path in the scenario's
/// own part, which the variant's replaces and which reads the same; any other path as it is.
pub fn as_scenario_part<'a>(path: &[&'a str]) -> Vec<&'a str> {
    match path {
        ["variants", "[]", rest @ ..] if matches!(rest.first(), Some(&("crio" | "registry" | "storage"))) => {
            rest.to_vec()
        }
        p => p.to_vec(),
    }
}
