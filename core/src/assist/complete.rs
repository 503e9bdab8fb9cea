//! What may be written at the cursor: the field names of the object the cursor is in (those
//! the CRD has at the chosen release and feature set, and not yet written there), or the
//! allowed values of the field whose value is being typed.
//!
//! The text around the cursor is usually half-typed and does not parse, so the place is read
//! from block-style indentation: the keys of the lines above with less indentation are the
//! path. Flow style (`{...}`) gets no completion.

use super::{dotted, object_at};
use crate::diag::FieldPath;
use crate::explain;
use crate::gates::FeatureSet;
use crate::parse::{Node, Value};
use crate::pools::default_pools;
use crate::pools::read::{list_pools, Reader};
use crate::release::Release;
use crate::sim::vocabulary;
use crate::validate::mco::LOG_LEVELS;
use crate::validate::schema::{Schema, StringSchema};
use crate::validate::Options;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Field,
    Value,
}

/// One thing the cursor may become.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What is shown and inserted (a field name is inserted with `: `).
    pub label: String,
    pub kind: CompletionKind,
    /// The first sentence of the API's description, when it has one.
    pub detail: Option<String>,
    /// The byte range the completion replaces: the word being typed.
    pub from: usize,
    pub to: usize,
}

/// The completions at byte `offset` of `text`, best first; empty where nothing is known.
/// In a Scenario document the scenario's own keys and values are offered (node names, pool
/// names, image and artifact references, store paths that the scenario defines), and its
/// `configs` and `apply` events get a ContainerRuntimeConfig's.
pub fn complete(text: &str, offset: usize, options: &Options) -> Vec<Completion> {
    let Some(before) = text.get(..offset) else { return Vec::new() };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    let (indent, rest) = item_indent(line);
    // A line that starts a list item takes its parent from the item marker's column.
    let own_item = is_item(line);
    let dash = line.len() - line.trim_start_matches(' ').len();
    let mut keys = parent_keys(&text[..line_start], if own_item { dash + 1 } else { indent });
    if own_item {
        keys.push("[]".into());
    }
    // Nothing is offered in a comment.
    if line.trim_start().starts_with('#') || line.contains(" #") {
        return Vec::new();
    }
    let path: Vec<&str> = keys.iter().map(String::as_str).collect();
    let scenario = in_scenario(text, line_start);
    // Where a ContainerRuntimeConfig's fields apply: the whole document, or a scenario's
    // `configs` and `apply` events. Elsewhere in a scenario, its own keys and names.
    let config_path = match (scenario, path.as_slice()) {
        (
            true,
            ["configs", "[]", rest @ ..]
            | ["variants", "[]", "configs", "[]", rest @ ..]
            | ["events", "[]", "apply", rest @ ..],
        ) => Some(rest.to_vec()),
        (true, _) => None,
        (false, _) => Some(path.clone()),
    };
    match rest.trim_start().split_once(':') {
        // A value after `key:`.
        Some((key, value)) if !key.is_empty() => {
            let typed = value.trim();
            let from = offset - value.trim_start().len();
            let field = [&path[..], &[key.trim()]].concat();
            let allowed = match &config_path {
                Some(config) => config_values(&[&config[..], &[key.trim()]].concat()),
                // The scenario is read only for a value that names what it defines: reading a
                // 10,000-node fleet takes tens of milliseconds, too long for every keystroke.
                None => Names::values(&field, || Names::of(text, line_start)),
            };
            allowed
                .into_iter()
                .filter(|v| v.starts_with(typed))
                .map(|label| Completion { label, kind: CompletionKind::Value, detail: None, from, to: offset })
                .collect()
        }
        Some(_) => Vec::new(),
        // A key being typed.
        None => {
            let typed = rest.trim_start();
            if typed.contains([' ', '{', '[', '#']) {
                return Vec::new();
            }
            let written = sibling_keys(text, line_start, indent, own_item);
            let from = offset - typed.len();
            let field = |name: &str, detail: Option<String>| Completion {
                label: name.to_owned(),
                kind: CompletionKind::Field,
                detail,
                from,
                to: offset,
            };
            let fresh = |name: &str| name.starts_with(typed) && !written.contains(&name);
            match config_path {
                Some(config) => {
                    let Some(object) = object_at(&config) else { return Vec::new() };
                    object
                        .properties
                        .iter()
                        .filter(|p| p.present(&options.gates) && fresh(p.name))
                        .map(|p| {
                            let described = explain::describe(&dotted(&[&config[..], &[p.name]].concat()));
                            field(p.name, described.map(first_sentence))
                        })
                        .collect()
                }
                None => vocabulary::keys_at(&path)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|k| fresh(k))
                    .map(|k| field(k, None))
                    .collect(),
            }
        }
    }
}

/// Whether the document the line at `line_start` is in says `kind: Scenario`.
fn in_scenario(text: &str, line_start: usize) -> bool {
    let start = text[..line_start].rfind("\n---").map_or(0, |i| i + 4);
    let end = text[line_start..].find("\n---").map_or(text.len(), |i| line_start + i);
    text[start..end].lines().any(|l| l.trim_end() == "kind: Scenario")
}

/// The items of the list at `key` of a mapping; none when it is not a list.
fn items<'n>(node: Option<&'n Node>, key: &str) -> &'n [Node] {
    match node.and_then(|n| n.get(key)).map(|e| &e.value.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// What a scenario defines, for the values that name it.
struct Names {
    nodes: Vec<String>,
    pools: Vec<String>,
    images: Vec<String>,
    artifacts: Vec<String>,
    stores: Vec<String>,
}

impl Names {
    /// Read from the text without the line being typed (which may not parse yet): the names
    /// the scenario's own keys give, as the simulator reads them, pools by the same pools
    /// reader (so `nodeCount` names its nodes the same way). Not the simulator's whole reader,
    /// which the page would otherwise link for this alone (27 KB of wasm; BENCHMARKS.md).
    fn of(text: &str, line_start: usize) -> Names {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        let without = format!("{}{}", &text[..line_start], &text[line_end..]);
        let parsed = crate::parse::parse_input(&without);
        let root = parsed.documents.iter().find_map(|d| d.root.as_ref());
        let texts = |items: &[Node], key: &str| -> Vec<String> {
            items.iter().filter_map(|i| i.get(key)?.value.text().map(str::to_owned)).collect()
        };
        let pools = match root.and_then(|r| r.get("pools")) {
            Some(_) => {
                let mut reader = Reader { document: 0, diagnostics: Vec::new() };
                list_pools(items(root, "pools"), &FieldPath::root("pools"), &mut reader)
            }
            None => default_pools(),
        };
        // The scenario's own design and each variant's, without repeats.
        let designs: Vec<&Node> = root.into_iter().chain(items(root, "variants")).collect();
        let of_all = |part: &str, key: &str| {
            let mut all: Vec<String> = Vec::new();
            for d in &designs {
                let node = match part.split_once('.') {
                    Some((outer, inner)) => items(d.get(outer).map(|e| &e.value), inner),
                    None => items(Some(*d), part),
                };
                for t in texts(node, key) {
                    if !all.contains(&t) {
                        all.push(t);
                    }
                }
            }
            all
        };
        let mut nodes: Vec<String> = pools.iter().flat_map(|p| p.nodes.iter().cloned()).collect();
        nodes.dedup();
        Names {
            nodes,
            pools: pools.iter().map(|p| p.name.clone()).collect(),
            images: of_all("registry.images", "ref"),
            artifacts: of_all("registry.artifacts", "ref"),
            stores: of_all("storage", "path"),
        }
    }

    /// The values a scenario field allows; `names` reads what the scenario defines, called
    /// only for a field that names one of those.
    fn values(path: &[&str], names: impl FnOnce() -> Names) -> Vec<String> {
        let fixed = |values: &[&str]| values.iter().map(|v| (*v).to_owned()).collect();
        match vocabulary::as_scenario_part(path).as_slice() {
            ["kind"] => fixed(&[crate::sim::scenario::KIND]),
            ["openshiftVersion"] => Release::ALL.iter().map(|r| r.name().to_owned()).collect(),
            ["featureSet"] => FeatureSet::ALL.iter().map(|f| f.name().to_owned()).collect(),
            ["storage", "[]", "medium"] => fixed(&["local", "ssd", "nfs", "usb"]),
            ["events", "[]", "node" | "reboot"] | ["events", "[]", "nodes", "[]"] => names().nodes,
            ["events", "[]", "pool"] => names().pools,
            ["events", "[]", "pull" | "remove" | "retag"] | ["events", "[]", "run", "image"] => names().images,
            ["events", "[]", "pullArtifact"] => names().artifacts,
            ["events", "[]", "run", "volumes", "[]", "image", "reference"] => {
                let Names { images, artifacts, .. } = names();
                [images, artifacts].concat()
            }
            ["events", "[]", "fail" | "recover" | "stopPlugin" | "startPlugin"] => names().stores,
            ["events", "[]", "pullPolicy"] | ["events", "[]", "run", "pullPolicy"] => {
                fixed(&["Always", "IfNotPresent", "Never"])
            }
            ["events", "[]", "registry"] => fixed(&["up", "down"]),
            _ => Vec::new(),
        }
    }
}

/// The indentation a line's key sits at (a `- ` item marker counts as indentation), and the
/// rest of the line from the key.
fn item_indent(line: &str) -> (usize, &str) {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let after = &line[spaces..];
    if after == "-" {
        return (spaces + 2, "");
    }
    match after.strip_prefix("- ") {
        Some(rest) => {
            let more = rest.len() - rest.trim_start_matches(' ').len();
            (spaces + 2 + more, &rest[more..])
        }
        None => (spaces, after),
    }
}

/// Whether a line starts a list item (`- key: ...`, or a lone `-` with the item below).
fn is_item(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("- ") || trimmed.trim_end() == "-"
}

/// The keys of the lines above with less indentation, outermost first, with `[]` where a line
/// above starts a list item.
fn parent_keys(above: &str, mut indent: usize) -> Vec<String> {
    let mut path = Vec::new();
    for line in above.lines().rev() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') || line.trim() == "---" {
            if line.trim() == "---" {
                break;
            }
            continue;
        }
        let (at, rest) = item_indent(line);
        let dash = line.len() - line.trim_start_matches(' ').len();
        let item = is_item(line);
        if item && dash < indent && at == indent {
            // The item this line's key belongs to; the item's first key is a sibling.
            path.push("[]".to_owned());
            // The list's key may sit at the marker's own column.
            indent = dash + 1;
        } else if at < indent {
            let Some((key, _)) = rest.split_once(':') else { continue };
            path.push(key.trim().to_owned());
            // Pushed innermost first: a key inside a list item, then the item.
            if item {
                path.push("[]".to_owned());
                indent = dash + 1;
            } else {
                indent = at;
            }
        }
        if indent == 0 {
            break;
        }
    }
    path.reverse();
    path
}

/// The keys already written at `indent` in the block the line at `line_start` is in (for a
/// line that starts a list item, in that item only).
fn sibling_keys(text: &str, line_start: usize, indent: usize, own_item: bool) -> Vec<&str> {
    let (above, below) = text.split_at(line_start);
    let below = below.split_once('\n').map_or("", |(_, b)| b);
    let mut keys = if own_item { Vec::new() } else { block_keys(above.lines().rev(), indent, true) };
    keys.extend(block_keys(below.lines(), indent, false));
    keys
}

/// The keys at `indent` in `lines`, up to the end of their block: a line less indented, a
/// document separator, or a list item's start (included going up, where it starts the block;
/// excluded going down, where it starts the next item).
fn block_keys<'t>(lines: impl Iterator<Item = &'t str>, indent: usize, upward: bool) -> Vec<&'t str> {
    let mut keys = Vec::new();
    for line in lines {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (at, rest) = item_indent(line);
        let item = is_item(line);
        if at < indent || line.trim() == "---" || (item && at == indent && !upward) {
            break;
        }
        if at == indent {
            if let Some((key, _)) = rest.split_once(':') {
                keys.push(key.trim());
            }
            if item {
                break;
            }
        }
    }
    keys
}

/// The values a ContainerRuntimeConfig's field at `path` allows.
fn config_values(path: &[&str]) -> Vec<String> {
    let allowed: Vec<&str> = match path {
        ["apiVersion"] => vec![crate::api::API_VERSION],
        ["kind"] => vec![crate::api::KIND],
        ["spec", "containerRuntimeConfig", "logLevel"] => LOG_LEVELS.to_vec(),
        [parent @ .., last] => match object_at(parent).and_then(|o| o.property(last)).map(|p| &p.schema) {
            Some(Schema::String(StringSchema { enum_values, .. })) => enum_values.to_vec(),
            _ => Vec::new(),
        },
        [] => Vec::new(),
    };
    allowed.into_iter().map(str::to_owned).collect()
}

/// The first sentence of a description, for a completion's one-line detail.
fn first_sentence(description: &str) -> String {
    let line = description.split('\n').next().unwrap_or_default();
    line.split_once(". ").map_or(line, |(s, _)| s).trim_end_matches('.').to_owned()
}
