//! Reading pools from a file (`ctrcfg render --pools`, a scenario's `pools:`).
//!
//! Two shapes are read: MachineConfigPool objects as `oc get mcp -o yaml` prints them (a
//! `kind: List` included; labels from `metadata.labels`, node names `<pool>-0` … made up for
//! `status.machineCount` nodes), and ctrcfg's short form, a list (or `pools:` list) of
//! `{name, labels, roles, nodes | nodeCount, maxUnavailable}`. A short-form pool the MCO creates
//! (`master`, `worker`, `arbiter`) has its manifest's labels unless `labels` is given; a custom
//! pool has only the labels given. The node count is assumed ([`super::ASSUMED_NODES`]) only when
//! nothing gives it: no `nodes` or `nodeCount`, no `status.machineCount`.

use super::{assumed_nodes, MaxUnavailable, Pool};
use crate::decode::objects;
use crate::diag::Sink;
use crate::diag::{Diagnostic, FieldPath, Origin, Severity};
use crate::parse::{self, Kind, Node, Value};
use crate::text::Span;

/// The label that names a MachineConfig's role, which pools select MachineConfigs by.
pub const ROLE_LABEL: &str = "machineconfiguration.openshift.io/role";

/// The keys of a pool in the short form.
pub const SHORT_FORM_KEYS: [&str; 6] = ["name", "labels", "roles", "nodes", "nodeCount", "maxUnavailable"];

/// Reads a user's file of ctrcfg's own formats (pools here, scenarios in `sim::scenario`) and
/// collects what is wrong with it, as ctrcfg's lint.
pub(crate) struct Reader {
    pub document: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl Reader {
    pub fn push(&mut self, severity: Severity, field: FieldPath, message: String, span: Span) {
        Sink { document: self.document, out: &mut self.diagnostics }.push(
            severity,
            Origin::Ctrcfg,
            // The text as a whole (a scenario that is not a mapping) has no field to name.
            (!field.as_str().is_empty()).then_some(field),
            message,
            span,
        );
    }

    pub fn error(&mut self, field: FieldPath, message: String, span: Span) {
        self.push(Severity::Error, field, message, span);
    }
}

/// As [`read`], but a blank text (nothing pasted yet) is the default master and worker pools.
pub fn read_or_defaults(text: &str) -> (Vec<Pool>, Vec<Diagnostic>) {
    if text.trim().is_empty() {
        (super::default_pools(), Vec::new())
    } else {
        read(text)
    }
}

/// The pools in `text`, and what is wrong with it. A pool that cannot be read is left out.
pub fn read(text: &str) -> (Vec<Pool>, Vec<Diagnostic>) {
    let parsed = parse::parse_input(text);
    let mut reader = Reader { document: 0, diagnostics: parsed.diagnostics };
    let mut pools = Vec::new();
    for object in objects(&parsed.documents) {
        reader.document = object.document;
        let node = object.node;
        if object.kind() == Some("MachineConfigPool") {
            pools.extend(machine_config_pool(node, &mut reader));
            continue;
        }
        let list = match &node.value {
            Value::Seq(_) => Some(node),
            Value::Map(_) => node.get("pools").map(|e| &e.value),
            Value::Scalar(_) => None,
        };
        match list.map(|l| &l.value) {
            Some(Value::Seq(items)) => pools.extend(list_pools(items, &FieldPath::root("pools"), &mut reader)),
            _ => reader.error(
                FieldPath::root("pools"),
                "Invalid value: expected MachineConfigPool objects or a list of {name, labels, nodes, maxUnavailable}"
                    .into(),
                node.span,
            ),
        }
    }
    (pools, reader.diagnostics)
}

/// Pools in the short form, as a scenario's `pools:` also holds them.
pub(crate) fn list_pools(items: &[Node], path: &FieldPath, out: &mut Reader) -> Vec<Pool> {
    items.iter().enumerate().filter_map(|(i, item)| short_pool(item, &path.index(i), out)).collect()
}

fn short_pool(node: &Node, path: &FieldPath, out: &mut Reader) -> Option<Pool> {
    if node.kind() != Kind::Object {
        out.error(
            path.clone(),
            format!("Invalid value: {:?}: a pool must be an object", node.kind().as_str()),
            node.span,
        );
        return None;
    }
    // An empty name is no name: the API server requires one, and `""` would label nothing.
    let Some(name) =
        node.get("name").and_then(|e| e.value.text().filter(|n| e.value.kind() == Kind::String && !n.is_empty()))
    else {
        out.error(path.child("name"), "Required value: a pool needs a name".into(), node.span);
        return None;
    };
    // A pool the MCO creates has its manifest's labels; a custom pool only those given.
    let mut pool = super::built_in(name).unwrap_or_else(|| Pool::new(name, &[]));
    if node.get("nodes").is_some() && node.get("nodeCount").is_some() {
        out.error(
            path.clone(),
            format!("Invalid value: {}: nodes and nodeCount are mutually exclusive", shown(node)),
            node.span,
        );
    }
    for (key, value) in node_entries(node) {
        let field = path.child(key);
        match key {
            "name" => {}
            "labels" => pool.labels = string_map(value, &field, out),
            "roles" => pool.roles = strings(value, &field, out),
            "nodes" => {
                pool.nodes = strings(value, &field, out);
                pool.nodes_assumed = false;
            }
            "nodeCount" => match count(value) {
                Some(n) => {
                    pool.nodes = assumed_nodes(name, n);
                    pool.nodes_assumed = false;
                }
                None => out.error(field, format!("Invalid value: {}: {COUNT_RANGE}", shown(value)), value.span),
            },
            "maxUnavailable" => match max_unavailable(value) {
                Some(m) => pool.max_unavailable = m,
                None => out.error(
                    field,
                    format!(
                        "Invalid value: {}: must be a count of nodes or a percentage such as \"25%\"",
                        shown(value)
                    ),
                    value.span,
                ),
            },
            other => {
                out.error(field, format!("unknown field {other:?}: known: {}", SHORT_FORM_KEYS.join(", ")), value.span)
            }
        }
    }
    Some(pool)
}

/// The most nodes a pool may have (a mistyped fleet size stays cheap).
const MAX_NODES: usize = 100_000;
const COUNT_RANGE: &str = "must be a count from 0 to 100000";

/// A node count: an integer from 0 to [`MAX_NODES`].
fn count(node: &Node) -> Option<usize> {
    let n = node.text().filter(|_| node.kind() == Kind::Integer)?.parse::<usize>().ok()?;
    (n <= MAX_NODES).then_some(n)
}

fn machine_config_pool(node: &Node, out: &mut Reader) -> Option<Pool> {
    let path = FieldPath::root("metadata");
    let metadata = node.get("metadata").map(|e| &e.value);
    let Some(name) = metadata.and_then(|m| m.get("name")).and_then(|e| e.value.text()).filter(|n| !n.is_empty()) else {
        out.error(path.child("name"), "Required value: a MachineConfigPool needs a name".into(), node.span);
        return None;
    };
    let mut pool = Pool::new(name, &[]);
    pool.labels = metadata
        .and_then(|m| m.get("labels"))
        .map_or_else(Vec::new, |e| string_map(&e.value, &path.child("labels"), out));
    let spec = node.get("spec").map(|e| &e.value);
    if let Some(selector) = spec.and_then(|s| s.get("machineConfigSelector")).map(|e| &e.value) {
        let roles = selector_roles(selector);
        if !roles.is_empty() {
            pool.roles = roles;
        }
    }
    if let Some(m) = spec.and_then(|s| s.get("maxUnavailable")).map(|e| &e.value).filter(|v| v.kind() != Kind::Null) {
        match max_unavailable(m) {
            Some(m) => pool.max_unavailable = m,
            None => out.error(
                FieldPath::root("spec").child("maxUnavailable"),
                format!("Invalid value: {}: must be a count of nodes or a percentage such as \"25%\"", shown(m)),
                m.span,
            ),
        }
    }
    // Without `status.machineCount` (a pool written by hand, not read back) the count is assumed.
    let machine_count = node.get("status").and_then(|s| s.value.get("machineCount")).map(|e| &e.value);
    if let Some(value) = machine_count.filter(|v| v.kind() != Kind::Null) {
        match count(value) {
            Some(n) => {
                pool.nodes = assumed_nodes(name, n);
                pool.nodes_assumed = false;
            }
            None => out.error(
                FieldPath::root("status").child("machineCount"),
                format!("Invalid value: {}: {COUNT_RANGE}", shown(value)),
                value.span,
            ),
        }
    }
    Some(pool)
}

/// The roles a `machineConfigSelector` picks: `matchLabels` role, or `matchExpressions` role In.
fn selector_roles(selector: &Node) -> Vec<String> {
    let mut roles = Vec::new();
    if let Some(role) = selector.get("matchLabels").and_then(|e| e.value.get(ROLE_LABEL)).and_then(|e| e.value.text()) {
        roles.push(role.to_owned());
    }
    if let Some(Value::Seq(exprs)) = selector.get("matchExpressions").map(|e| &e.value.value) {
        for expr in exprs {
            let is_role = expr.get("key").and_then(|e| e.value.text()) == Some(ROLE_LABEL)
                && expr.get("operator").and_then(|e| e.value.text()) == Some("In");
            if let (true, Some(Value::Seq(values))) = (is_role, expr.get("values").map(|e| &e.value.value)) {
                roles.extend(values.iter().filter_map(|v| v.text()).map(str::to_owned));
            }
        }
    }
    roles
}

fn max_unavailable(node: &Node) -> Option<MaxUnavailable> {
    match node.kind() {
        Kind::Integer => MaxUnavailable::parse(node.text()?),
        Kind::String => MaxUnavailable::parse(node.text()?).filter(|m| matches!(m, MaxUnavailable::Percent(_))),
        _ => None,
    }
}

fn node_entries(node: &Node) -> impl Iterator<Item = (&str, &Node)> {
    let entries = match &node.value {
        Value::Map(entries) => entries.as_slice(),
        _ => &[],
    };
    entries.iter().filter_map(|e| Some((e.key.text()?, &e.value)))
}

fn string_map(node: &Node, path: &FieldPath, out: &mut Reader) -> Vec<(String, String)> {
    if node.kind() != Kind::Object {
        out.error(path.clone(), format!("Invalid value: {}: must be a map of strings", shown(node)), node.span);
        return Vec::new();
    }
    node_entries(node).map(|(k, v)| (k.to_owned(), v.text().unwrap_or_default().to_owned())).collect()
}

fn strings(node: &Node, path: &FieldPath, out: &mut Reader) -> Vec<String> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match item.kind() {
                Kind::String => item.text().map(str::to_owned),
                _ => {
                    out.error(path.index(i), format!("Invalid value: {}: must be a string", shown(item)), item.span);
                    None
                }
            })
            .collect(),
        _ => {
            out.error(path.clone(), format!("Invalid value: {}: must be a list of strings", shown(node)), node.span);
            Vec::new()
        }
    }
}

/// A value for a message: a scalar's text quoted, or the type of a collection.
fn shown(node: &Node) -> String {
    match node.text() {
        Some(t) => format!("{t:?}"),
        None => format!("\"{}\"", node.kind().as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn short_form_with_defaults_for_what_is_left_out() {
        let (pools, diags) =
            read("- {name: worker, nodes: [w0, w1], maxUnavailable: \"50%\"}\n- {name: infra, nodeCount: 2}\n- {name: gpu}\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(pools[0].labels, super::super::default_pools()[1].labels);
        assert_eq!((pools[0].nodes.clone(), pools[0].nodes_assumed), (vec!["w0".to_owned(), "w1".to_owned()], false));
        assert_eq!(pools[0].max_unavailable, MaxUnavailable::Percent(50));
        assert_eq!(pools[1].roles, ["worker", "infra"]);
        // nodeCount gives the count (not assumed) and names the nodes <pool>-0 … <pool>-(N-1).
        assert_eq!(
            (pools[1].nodes.clone(), pools[1].nodes_assumed),
            (vec!["infra-0".to_owned(), "infra-1".to_owned()], false)
        );
        // Nothing gave gpu's count: three nodes, assumed.
        assert_eq!(
            (pools[2].nodes.clone(), pools[2].nodes_assumed),
            (vec!["gpu-0".to_owned(), "gpu-1".to_owned(), "gpu-2".to_owned()], true)
        );
    }

    /// The MCO labels only the pools it creates, from their manifests
    /// (openshift/machine-config-operator 7ff337a4, `manifests/master.machineconfigpool.yaml`,
    /// `manifests/worker.machineconfigpool.yaml`, `manifests/arbiter.machineconfigpool.yaml`; the
    /// `pools.operator.machineconfiguration.openshift.io/<name>` label since PR #1937, 8cc0f96c7).
    /// A custom pool has only the labels its admin gave it; `labels` replaces a built-in pool's.
    #[test]
    fn only_the_pools_the_mco_creates_have_labels_nobody_gave() {
        let (pools, diags) = read(
            "- {name: master}\n- {name: arbiter}\n- {name: infra}\n- {name: gpu, labels: {pools.operator.machineconfiguration.openshift.io/gpu: \"\", team: ml}}\n- {name: worker, labels: {custom: \"yes\"}}\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let keys = |i: usize| pools[i].labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>();
        assert_eq!(
            keys(0),
            [
                "machineconfiguration.openshift.io/mco-built-in=",
                "operator.machineconfiguration.openshift.io/required-for-upgrade=",
                "pools.operator.machineconfiguration.openshift.io/master="
            ]
        );
        assert_eq!(
            keys(1),
            [
                "machineconfiguration.openshift.io/mco-built-in=",
                "operator.machineconfiguration.openshift.io/required-for-upgrade=",
                "pools.operator.machineconfiguration.openshift.io/arbiter="
            ]
        );
        // The arbiter pool's machineConfigSelector is role: arbiter alone.
        assert_eq!(pools[1].roles, ["arbiter"]);
        assert!(keys(2).is_empty(), "{:?}", keys(2));
        assert_eq!(pools[2].roles, ["worker", "infra"]);
        assert_eq!(keys(3), ["pools.operator.machineconfiguration.openshift.io/gpu=", "team=ml"]);
        assert_eq!(keys(4), ["custom=yes"]);
    }

    #[test]
    fn nodes_and_node_count_together_are_refused() {
        let text = "pools:\n- {name: worker, nodes: [a], nodeCount: 5}\n";
        let (pools, diags) = read(text);
        let lines: Vec<String> = diags.iter().map(|d| format!("{:?} {}", d.origin, d.display_message())).collect();
        assert_eq!(lines, ["Ctrcfg pools[0]: Invalid value: \"object\": nodes and nodeCount are mutually exclusive"]);
        assert_eq!(diags[0].severity, Severity::Error);
        assert_eq!(diags[0].span.start, "pools:\n- ".len());
        // The pool is still read, so that the rest of the file is checked.
        assert_eq!(pools.len(), 1);
        // Either alone is fine, in either order of keys.
        assert!(read("- {nodeCount: 1, name: worker}\n").1.is_empty());
        // Found by fuzzing (tests/fuzz-regressions/pools/): an empty name was a pool.
        for empty in ["- name: >\n", "- name: \"\"\n", "kind: MachineConfigPool\nmetadata: {name: ''}\n"] {
            let (pools, diags) = read(empty);
            assert!(pools.is_empty(), "{empty:?}: {pools:?}");
            assert!(
                diags[0].display_message().ends_with("name: Required value: a pool needs a name")
                    || diags[0].display_message().ends_with("name: Required value: a MachineConfigPool needs a name"),
                "{diags:?}"
            );
        }
        assert!(read("- {nodes: [], name: worker}\n").1.is_empty());
    }

    /// A pool as `oc get mcp -o yaml` prints it: roles from `machineConfigSelector`, node count
    /// from `status.machineCount`, `maxUnavailable` from the spec.
    #[test]
    fn machine_config_pool_objects() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: machineconfiguration.openshift.io/v1\n  kind: MachineConfigPool\n  metadata:\n    name: infra\n    labels: {pools.operator.machineconfiguration.openshift.io/infra: \"\"}\n  spec:\n    maxUnavailable: 2\n    machineConfigSelector:\n      matchExpressions:\n      - {key: machineconfiguration.openshift.io/role, operator: In, values: [worker, infra]}\n  status: {machineCount: 5}\n";
        let (pools, diags) = read(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(pools[0].roles, ["worker", "infra"]);
        assert_eq!(pools[0].nodes.len(), 5);
        assert!(!pools[0].nodes_assumed, "status.machineCount gives the count");
        assert_eq!(pools[0].max_unavailable, MaxUnavailable::Count(2));
        assert_eq!(
            pools[0].labels,
            [("pools.operator.machineconfiguration.openshift.io/infra".to_owned(), String::new())]
        );
        // Without a status (written by hand) the count is assumed; a pool's labels are only its own.
        let (pools, diags) = read("kind: MachineConfigPool\nmetadata: {name: worker}\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert!(pools[0].nodes_assumed && pools[0].labels.is_empty());
        assert_eq!(pools[0].nodes.len(), super::super::ASSUMED_NODES);
        let (_, diags) = read("kind: MachineConfigPool\nmetadata: {name: worker}\nstatus: {machineCount: many}\n");
        assert_eq!(
            diags.iter().map(Diagnostic::display_message).collect::<Vec<_>>(),
            ["status.machineCount: Invalid value: \"many\": must be a count from 0 to 100000"]
        );
    }

    #[test]
    fn bad_values_name_the_field_and_position() {
        let (pools, diags) = read("pools:\n- name: worker\n  maxUnavailable: lots\n  colour: blue\n");
        assert_eq!(pools.len(), 1);
        let fields: Vec<_> = diags.iter().map(|d| d.field.as_ref().unwrap().as_str().to_owned()).collect();
        assert_eq!(fields, ["pools[0].maxUnavailable", "pools[0].colour"]);
        assert_eq!(diags[0].span.start, "pools:\n- name: worker\n  maxUnavailable: ".len());
        assert!(read("42").1[0].message.contains("expected MachineConfigPool objects"));
    }

    #[test]
    fn percentages_round_down_but_never_below_one() {
        assert_eq!(MaxUnavailable::Percent(25).resolve(10), 2);
        assert_eq!(MaxUnavailable::Percent(10).resolve(3), 1);
        assert_eq!(MaxUnavailable::Count(0).resolve(3), 1);
        assert_eq!(MaxUnavailable::parse("x%"), None);
    }
}
