//! What each field of a ContainerRuntimeConfig means, in the API's own words: the CRD's
//! descriptions (what `oc explain` prints), for hover docs in the playground and an editor.
//!
//! Source: openshift/api 2a3d7391,
//! `machineconfiguration/v1/zz_generated.crd-manifests/0000_80_machine-config_01_containerruntimeconfigs-CustomNoUpgrade.crd.yaml`
//! (the godoc of `machineconfiguration/v1/types.go`). The texts are the same at release-4.22
//! 9fda5179 and release-5.0 e543cc50, which lack only `containerGomaxprocsBehavior`; whether a
//! field exists at a level is the schema's and the gates' business, not this table's. `status`
//! is left out: nobody writes it.

use crate::gates::FeatureGates;
use crate::release::Rule;
use crate::validate::schema::{self, Schema, ROOT};

/// `(path, description)`, sorted by path; a list's items are `path[]`.
const FIELDS: &[(&str, &str)] = &[
    ("apiVersion", "APIVersion defines the versioned schema of this representation of an object.\nServers should convert recognized schemas to the latest internal value, and\nmay reject unrecognized values.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"),
    ("kind", "Kind is a string value representing the REST resource this object represents.\nServers may infer this from the endpoint the client submits requests to.\nCannot be updated.\nIn CamelCase.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"),
    ("spec", "spec contains the desired container runtime configuration."),
    ("spec.containerRuntimeConfig", "containerRuntimeConfig defines the tuneables of the container runtime."),
    ("spec.containerRuntimeConfig.additionalArtifactStores", "additionalArtifactStores configures additional read-only artifact storage locations for Open Container Initiative (OCI) artifacts.\n\nArtifacts are checked in order: additional stores first, then the default location (/var/lib/containers/storage/artifacts).\nStores are read-only.\nMaximum of 10 stores allowed.\nEach path must be unique.\n\nWhen omitted, only the default artifact location is used.\nWhen specified, at least one store must be provided."),
    ("spec.containerRuntimeConfig.additionalArtifactStores[]", "AdditionalArtifactStore defines an additional read-only storage location for Open Container Initiative (OCI) artifacts."),
    ("spec.containerRuntimeConfig.additionalArtifactStores[].path", "path specifies the absolute location of the additional artifact store.\nThe path must exist on the node before configuration is applied.\nWhen an artifact is requested, artifacts found at this location will be used instead of\nretrieving from the registry.\nThe path is required and must be between 1 and 256 characters long, begin with a forward slash,\nand only contain the characters a-z, A-Z, 0-9, '/', '.', '_', and '-'.\nConsecutive forward slashes are not permitted."),
    ("spec.containerRuntimeConfig.additionalImageStores", "additionalImageStores configures additional read-only container image store locations for Open Container Initiative (OCI) images.\n\nImages are checked in order: additional stores first, then the default location.\nStores are read-only.\nMaximum of 10 stores allowed.\nEach path must be unique.\n\nWhen omitted, only the default image location is used.\nWhen specified, at least one store must be provided."),
    ("spec.containerRuntimeConfig.additionalImageStores[]", "AdditionalImageStore defines an additional read-only storage location for Open Container Initiative (OCI) images."),
    ("spec.containerRuntimeConfig.additionalImageStores[].path", "path specifies the absolute location of the additional image store.\nThe path must exist on the node before configuration is applied.\nWhen a container image is requested, images found at this location will be used instead of\nretrieving from the registry.\nThe path is required and must be between 1 and 256 characters long, begin with a forward slash,\nand only contain the characters a-z, A-Z, 0-9, '/', '.', '_', and '-'.\nConsecutive forward slashes are not permitted."),
    ("spec.containerRuntimeConfig.additionalLayerStores", "additionalLayerStores configures additional read-only container image layer store locations for Open Container Initiative (OCI) images.\n\nLayers are checked in order: additional stores first, then the default location.\nStores are read-only.\nMaximum of 5 stores allowed.\nEach path must be unique.\n\nWhen omitted, only the default layer location is used.\nWhen specified, at least one store must be provided."),
    ("spec.containerRuntimeConfig.additionalLayerStores[]", "AdditionalLayerStore defines a read-only storage location for Open Container Initiative (OCI) container image layers."),
    ("spec.containerRuntimeConfig.additionalLayerStores[].path", "path specifies the absolute location of the additional layer store.\nThe path must exist on the node before configuration is applied.\nWhen a container image is requested, layers found at this location will be used instead of\nretrieving from the registry.\nThe path is required and must be between 1 and 256 characters long, begin with a forward slash,\nand only contain the characters a-z, A-Z, 0-9, '/', '.', '_', and '-'.\nConsecutive forward slashes are not permitted."),
    ("spec.containerRuntimeConfig.containerGomaxprocsBehavior", "containerGomaxprocsBehavior controls whether CRI-O automatically injects the GOMAXPROCS environment variable into containers\nbased on their CPU resource requests.\nValid values are \"Autosize\" and \"Disabled\".\nWhen set to \"Autosize\", CRI-O will automatically set GOMAXPROCS proportional to the container's CPU request,\ncalculated as max(ceil(cpu_request_in_cores * 2), 1). This helps Go applications optimize their runtime parallelism\nbased on the allocated CPU resources rather than the total node capacity.\nWhen set to \"Disabled\", GOMAXPROCS injection is disabled and containers will use Go's default GOMAXPROCS behavior.\nWhen omitted, this means no opinion and the platform is left to choose a reasonable default, which is subject to change over time.\nThe current default is \"Disabled\".\n\nContainers can override the injected GOMAXPROCS value by:\n- Setting GOMAXPROCS in the container image Dockerfile (ENV GOMAXPROCS=...)\n- Setting GOMAXPROCS in the pod spec (env or envFrom)\n- Calling runtime.GOMAXPROCS() programmatically in Go code\n- Adding the skip-gomaxprocs.crio.io annotation to the pod"),
    ("spec.containerRuntimeConfig.defaultRuntime", "defaultRuntime is the name of the OCI runtime to be used as the default for containers.\nAllowed values are `runc` and `crun`.\nWhen set to `runc`, OpenShift will use runc to execute the container\nWhen set to `crun`, OpenShift will use crun to execute the container\nWhen omitted, this means no opinion and the platform is left to choose a reasonable default,\nwhich is subject to change over time. Currently, the default is `crun`."),
    ("spec.containerRuntimeConfig.logLevel", "logLevel specifies the verbosity of the logs based on the level it is set to.\nOptions are fatal, panic, error, warn, info, and debug."),
    ("spec.containerRuntimeConfig.logSizeMax", "logSizeMax specifies the Maximum size allowed for the container log file.\nNegative numbers indicate that no size limit is imposed.\nIf it is positive, it must be >= 8192 to match/exceed conmon's read buffer."),
    ("spec.containerRuntimeConfig.overlaySize", "overlaySize specifies the maximum size of a container image.\nThis flag can be used to set quota on the size of container images. (default: 10GB)"),
    ("spec.containerRuntimeConfig.pidsLimit", "pidsLimit specifies the maximum number of processes allowed in a container"),
    ("spec.machineConfigPoolSelector", "machineConfigPoolSelector selects which pools the ContainerRuntimeConfig shoud apply to.\nA nil selector will result in no pools being selected."),
    ("spec.machineConfigPoolSelector.matchExpressions", "matchExpressions is a list of label selector requirements. The requirements are ANDed."),
    ("spec.machineConfigPoolSelector.matchExpressions[]", "A label selector requirement is a selector that contains values, a key, and an operator that\nrelates the key and values."),
    ("spec.machineConfigPoolSelector.matchExpressions[].key", "key is the label key that the selector applies to."),
    ("spec.machineConfigPoolSelector.matchExpressions[].operator", "operator represents a key's relationship to a set of values.\nValid operators are In, NotIn, Exists and DoesNotExist."),
    ("spec.machineConfigPoolSelector.matchExpressions[].values", "values is an array of string values. If the operator is In or NotIn,\nthe values array must be non-empty. If the operator is Exists or DoesNotExist,\nthe values array must be empty. This array is replaced during a strategic\nmerge patch."),
    ("spec.machineConfigPoolSelector.matchLabels", "matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels\nmap is equivalent to an element of matchExpressions, whose key field is \"key\", the\noperator is \"In\", and the values array contains only \"value\". The requirements are ANDed."),
];

/// The API's description of the field at `path` (`spec.containerRuntimeConfig.logLevel`,
/// `spec.containerRuntimeConfig.additionalImageStores[].path`), if it has one.
pub fn describe(path: &str) -> Option<&'static str> {
    FIELDS.binary_search_by(|(p, _)| (*p).cmp(path)).ok().map(|i| FIELDS[i].1)
}

/// What `ctrcfg explain FIELD` prints, shaped like `kubectl explain`: the field, its type and
/// description, whether the cluster's CRD has it at the chosen release and feature set, and
/// the fields under it. `Err` names a field the CRD does not have at all.
/// The leading `spec.` may be left out (`containerRuntimeConfig.additionalLayerStores`).
pub fn explain(field: &str, gates: &FeatureGates) -> Result<String, String> {
    let mut steps: Vec<&str> = field.split('.').filter(|s| !s.is_empty()).collect();
    if steps.first().is_some_and(|s| ROOT.property(s.strip_suffix("[]").unwrap_or(s)).is_none()) {
        steps.insert(0, "spec");
    }
    let mut schema = &Schema::Object(&ROOT);
    let mut path: Vec<&str> = Vec::new();
    let mut gate = None;
    for step in &steps {
        let step = step.strip_suffix("[]").unwrap_or(step);
        let object = match schema {
            Schema::Object(o) => o,
            Schema::Array(a) => match &a.items {
                Schema::Object(o) => {
                    path.push("[]");
                    o
                }
                _ => return Err(format!("field {field:?} does not exist")),
            },
            _ => return Err(format!("field {field:?} does not exist")),
        };
        let property = object.property(step).ok_or_else(|| format!("field {field:?} does not exist"))?;
        gate = gate.or(property.gate);
        path.push(property.name);
        schema = &property.schema;
    }
    let dotted = dotted(&path);
    let mut out = String::from(
        "GROUP:      machineconfiguration.openshift.io\nKIND:       ContainerRuntimeConfig\nVERSION:    v1\n\n",
    );
    let name = path.iter().rev().find(|s| **s != "[]").copied().unwrap_or("ContainerRuntimeConfig");
    out.push_str(&format!("FIELD: {name} <{}>\n", type_name(schema)));
    if let Some(gate) = gate {
        let state = if gates.crd_has(gate) { "in" } else { "not in" };
        out.push_str(&format!(
            "GATE:  {} ({state} the CRD at OpenShift {} with feature set {})\n",
            gate.name(),
            gates.release().name(),
            gates.set.name()
        ));
    }
    let limits = limits(schema);
    if !limits.is_empty() {
        out.push_str(&format!("LIMITS: {}\n", limits.join("; ")));
    }
    let rules = rules(schema, gates);
    if !rules.is_empty() {
        out.push_str("RULES (the API server's CEL validations):\n");
        out.extend(rules.iter().map(|r| format!("  - {r}\n")));
    }
    if let Some(gate) = gate.filter(|g| !gates.crd_has(*g)) {
        out.push_str(&format!(
            "\nNOT SERVED: the CRD at OpenShift {} with feature set {} has no such field (feature gate {})\n",
            gates.release().name(),
            gates.set.name(),
            gate.name()
        ));
    }
    let own = if dotted.is_empty() { describe_root() } else { describe(&dotted) };
    if let Some(text) = own {
        out.push_str(&format!("\nDESCRIPTION:\n{}\n", indented(text, "    ")));
    }
    let children = match schema {
        Schema::Object(o) => Some((o, dotted.clone())),
        Schema::Array(a) => match &a.items {
            Schema::Object(o) => Some((o, format!("{dotted}[]"))),
            _ => None,
        },
        _ => None,
    };
    if let Some((object, base)) = children {
        let shown: Vec<_> = object.properties.iter().filter(|p| p.present(gates)).collect();
        if !shown.is_empty() {
            out.push_str("\nFIELDS:\n");
        }
        for p in shown {
            let required = if object.required.contains(&p.name) { " -required-" } else { "" };
            out.push_str(&format!("  {}\t<{}>{required}\n", p.name, type_name(&p.schema)));
            let child = if base.is_empty() { p.name.to_owned() } else { format!("{base}.{}", p.name) };
            if let Some(text) = describe(&child) {
                out.push_str(&format!("{}\n\n", indented(text, "    ")));
            }
        }
    }
    Ok(out.trim_end().to_owned() + "\n")
}

/// The schema's bounds on a field's values, worded for a reader.
fn limits(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    match schema {
        Schema::Array(a) => {
            out.extend(a.min_items.map(|n| format!("at least {n} item{}", if n == 1 { "" } else { "s" })));
            out.extend(a.max_items.map(|n| format!("at most {n} items")));
        }
        Schema::String(s) => {
            out.extend(s.min_length.map(|n| format!("at least {n} character{}", if n == 1 { "" } else { "s" })));
            out.extend(s.max_length.map(|n| format!("at most {n} characters")));
            if !s.enum_values.is_empty() {
                out.push(format!("one of {}", s.enum_values.join(", ")));
            }
        }
        Schema::Quantity => out.push(format!("an integer, or a string matching {}", schema::QUANTITY_PATTERN)),
        _ => {}
    }
    out
}

/// The CEL rules on a field, each as the API server's message, at the release of `gates`.
fn rules(schema: &Schema, gates: &FeatureGates) -> Vec<&'static str> {
    match schema {
        Schema::Array(a) => a.unique_paths.into_iter().collect(),
        Schema::String(s) if s.store_path => {
            let mut out = vec![schema::PATH_CHARS_MESSAGE, schema::PATH_SLASHES_MESSAGE];
            if gates.release().has(Rule::ApiNoDotDot) {
                out.push(schema::PATH_DOT_DOT_MESSAGE);
            }
            out
        }
        _ => Vec::new(),
    }
}

/// The CRD's description of the object itself.
pub(crate) fn describe_root() -> Option<&'static str> {
    Some(
        "ContainerRuntimeConfig describes a customized Container Runtime configuration.\n\nCompatibility level 1: Stable within a major release for a minimum of 12 months or 3 minor releases (whichever is longer).",
    )
}

fn type_name(schema: &Schema) -> String {
    match schema {
        Schema::Object(_) | Schema::StringMap | Schema::Any => "Object".into(),
        Schema::Array(a) => format!("[]{}", type_name(&a.items)),
        Schema::String(s) if !s.enum_values.is_empty() => format!("string enum: {}", s.enum_values.join(", ")),
        Schema::String(_) => "string".into(),
        Schema::Integer => "integer".into(),
        Schema::Quantity => "Object".into(),
    }
}

fn indented(text: &str, by: &str) -> String {
    text.lines().map(|l| if l.is_empty() { String::new() } else { format!("{by}{l}") }).collect::<Vec<_>>().join("\n")
}

/// The dotted field path of a key path: `spec.containerRuntimeConfig.additionalImageStores[].path`.
pub(crate) fn dotted(path: &[&str]) -> String {
    let mut out = String::new();
    for step in path {
        if *step != "[]" && !out.is_empty() {
            out.push('.');
        }
        out.push_str(step);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{describe, FIELDS};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sorted_and_found() {
        assert!(FIELDS.windows(2).all(|w| w[0].0 < w[1].0), "FIELDS must stay sorted for the binary search");
        assert!(describe("spec.containerRuntimeConfig.pidsLimit").is_some_and(|d| d.starts_with("pidsLimit specifies")));
        assert!(describe("spec.containerRuntimeConfig.additionalLayerStores[].path").is_some());
        assert_eq!(describe("spec.nope"), None);
    }
}
