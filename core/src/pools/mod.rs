//! MachineConfigPools and how a ContainerRuntimeConfig's selector picks them.
//!
//! Source: openshift/machine-config-operator 7ff337a4,
//! `pkg/controller/container-runtime-config/container_runtime_config_controller.go`
//! `getPoolsForContainerRuntimeConfig`: the selector is matched against each pool's own
//! `metadata.labels`; a nil or empty selector matches no pool. The built-in pools' labels come from
//! the MCO's `manifests/{master,worker,arbiter}.machineconfigpool.yaml` (the
//! `pools.operator.machineconfiguration.openshift.io/<name>` label since MCO PR #1937, 8cc0f96c7);
//! the MCO creates `arbiter` only on a cluster whose control plane topology is
//! `HighlyAvailableArbiter` (`pkg/operator/sync.go` `syncMachineConfigPools`). A custom pool has
//! only the labels its admin gives it: nothing labels it for them.

pub mod read;

pub use read::{read, read_or_defaults};

use crate::api::LabelSelector;

/// A MachineConfigPool: the labels ContainerRuntimeConfigs select it by, the MachineConfig roles
/// it renders, and its nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pool {
    pub name: String,
    pub labels: Vec<(String, String)>,
    /// The `machineconfiguration.openshift.io/role` values of the MachineConfigs the pool takes
    /// (its `spec.machineConfigSelector`): its own name, and for a custom pool made the
    /// documented way also `worker`, so that worker MachineConfigs reach it too.
    pub roles: Vec<String>,
    pub nodes: Vec<String>,
    /// The nodes were not given; ctrcfg assumed [`ASSUMED_NODES`] of them.
    pub nodes_assumed: bool,
    pub max_unavailable: MaxUnavailable,
}

/// How many nodes assumed for a pool whose nodes are not given (a three-node pool, as in an
/// installer-provisioned cluster's control plane and default compute).
pub const ASSUMED_NODES: usize = 3;

/// `spec.maxUnavailable`: a count or a percentage of the pool's nodes; default 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxUnavailable {
    Count(u64),
    Percent(u64),
}

impl Default for MaxUnavailable {
    fn default() -> Self {
        MaxUnavailable::Count(1)
    }
}

impl MaxUnavailable {
    /// How many nodes update at once: `intstr.GetScaledValueFromIntOrPercent(.., nodes, false)`
    /// (a percentage rounds down), and never less than one, as the MCO's node controller does.
    pub fn resolve(self, nodes: usize) -> usize {
        let n = match self {
            MaxUnavailable::Count(c) => usize::try_from(c).unwrap_or(usize::MAX),
            MaxUnavailable::Percent(p) => usize::try_from(p.saturating_mul(nodes as u64) / 100).unwrap_or(usize::MAX),
        };
        n.max(1)
    }

    /// As written in a pool: `1` or `"25%"`.
    pub fn parse(text: &str) -> Option<MaxUnavailable> {
        match text.strip_suffix('%') {
            Some(p) => p.parse().ok().map(MaxUnavailable::Percent),
            None => text.parse().ok().map(MaxUnavailable::Count),
        }
    }
}

impl Pool {
    /// A pool with the MCO's default roles and [`ASSUMED_NODES`] assumed nodes named
    /// `<pool>-0`, `<pool>-1`, ...
    pub fn new(name: &str, labels: &[(&str, &str)]) -> Pool {
        Pool {
            name: name.to_owned(),
            labels: labels.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            roles: default_roles(name),
            nodes: assumed_nodes(name, ASSUMED_NODES),
            nodes_assumed: true,
            max_unavailable: MaxUnavailable::default(),
        }
    }

    fn label(&self, key: &str) -> Option<&str> {
        self.labels.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// The built-in pools (`master`, `worker`, `arbiter`) take their own role; a custom pool also
/// takes `worker`'s, as the OpenShift documentation's custom pools do (`machineConfigSelector`
/// role In [worker, <name>]).
pub fn default_roles(name: &str) -> Vec<String> {
    match name {
        "master" | "worker" | "arbiter" => vec![name.to_owned()],
        _ => vec!["worker".to_owned(), name.to_owned()],
    }
}

pub const POOL_LABEL_PREFIX: &str = "pools.operator.machineconfiguration.openshift.io/";

/// The label the MCO gives each pool it creates, `pools.operator.machineconfiguration.openshift.io/<name>`.
pub fn pool_label(name: &str) -> String {
    format!("{POOL_LABEL_PREFIX}{name}")
}

pub fn assumed_nodes(pool: &str, count: usize) -> Vec<String> {
    (0..count).map(|i| format!("{pool}-{i}")).collect()
}

/// The two pools every cluster has, with their real labels.
pub fn default_pools() -> Vec<Pool> {
    ["master", "worker"].into_iter().filter_map(built_in).collect()
}

/// A pool the MCO creates itself, with the labels of its manifest (in the sorted order `oc get`
/// prints them); `None` for any other name, a custom pool, which has only the labels given.
pub fn built_in(name: &str) -> Option<Pool> {
    const BUILT_IN: &str = "machineconfiguration.openshift.io/mco-built-in";
    const REQUIRED: &str = "operator.machineconfiguration.openshift.io/required-for-upgrade";
    let own = pool_label(name);
    let labels: &[(&str, &str)] = match name {
        "master" | "arbiter" => &[(BUILT_IN, ""), (REQUIRED, ""), (&own, "")],
        "worker" => &[(BUILT_IN, ""), (&own, "")],
        _ => return None,
    };
    Some(Pool::new(name, labels))
}

/// The pools a selector picks, in the order given; an error when the selector is malformed,
/// worded as apimachinery's `LabelSelectorAsSelector` words it.
pub fn select<'p>(selector: Option<&LabelSelector>, pools: &'p [Pool]) -> Result<Vec<&'p Pool>, String> {
    let Some(selector) = selector.filter(|s| !s.is_empty()) else {
        return Ok(Vec::new());
    };
    for expr in &selector.match_expressions {
        let op = expr.operator.value.as_str();
        match op {
            "In" | "NotIn" if expr.values.is_empty() => {
                return Err("for 'in', 'notin' operators, values set can't be empty".into());
            }
            "Exists" | "DoesNotExist" if !expr.values.is_empty() => {
                return Err("values set must be empty for exists and does not exist".into());
            }
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            other => return Err(format!("{other:?} is not a valid label selector operator")),
        }
    }
    let matches = |pool: &Pool| {
        selector.match_labels.iter().all(|(k, v)| pool.label(&k.value) == Some(v.value.as_str()))
            && selector.match_expressions.iter().all(|expr| {
                let value = pool.label(&expr.key.value);
                let listed = |v: &str| expr.values.iter().any(|x| x.value == v);
                match expr.operator.value.as_str() {
                    "In" => value.is_some_and(listed),
                    "NotIn" => !value.is_some_and(listed),
                    "Exists" => value.is_some(),
                    _ => value.is_none(),
                }
            })
    };
    Ok(pools.iter().filter(|p| matches(p)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{LabelSelectorRequirement, Spanned};
    use crate::text::Span;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn s(v: &str) -> Spanned<String> {
        Spanned { value: v.into(), span: Span::default(), key_span: Span::default() }
    }

    fn names(selected: Result<Vec<&Pool>, String>) -> Vec<String> {
        selected.unwrap().iter().map(|p| p.name.clone()).collect()
    }

    #[test]
    fn match_labels_pick_pools_by_their_own_labels() {
        let pools = default_pools();
        let worker = LabelSelector {
            match_labels: vec![(s("pools.operator.machineconfiguration.openshift.io/worker"), s(""))],
            ..Default::default()
        };
        assert_eq!(names(select(Some(&worker), &pools)), ["worker"]);
        let built_in = LabelSelector {
            match_labels: vec![(s("machineconfiguration.openshift.io/mco-built-in"), s(""))],
            ..Default::default()
        };
        assert_eq!(names(select(Some(&built_in), &pools)), ["master", "worker"]);
    }

    #[test]
    fn nil_and_empty_selectors_pick_nothing() {
        assert!(names(select(None, &default_pools())).is_empty());
        assert!(names(select(Some(&LabelSelector::default()), &default_pools())).is_empty());
    }

    #[test]
    fn expressions_and_their_errors() {
        let expr = |op: &str, values: &[&str]| LabelSelector {
            match_expressions: vec![LabelSelectorRequirement {
                key: s("pools.operator.machineconfiguration.openshift.io/master"),
                operator: s(op),
                values: values.iter().map(|v| s(v)).collect(),
                span: Span::default(),
            }],
            ..Default::default()
        };
        assert_eq!(names(select(Some(&expr("DoesNotExist", &[])), &default_pools())), ["worker"]);
        assert_eq!(names(select(Some(&expr("Exists", &[])), &default_pools())), ["master"]);
        assert_eq!(
            select(Some(&expr("Equals", &[])), &default_pools()).unwrap_err(),
            "\"Equals\" is not a valid label selector operator"
        );
        assert!(select(Some(&expr("In", &[])), &default_pools()).is_err());
    }
}
