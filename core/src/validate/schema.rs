//! The ContainerRuntimeConfig CRD's structural schema, as static data.
//!
//! Source: openshift/api at 2a3d7391,
//! `machineconfiguration/v1/zz_generated.crd-manifests/0000_80_machine-config_01_containerruntimeconfigs-*.crd.yaml`.
//! The feature-set variants differ only in the gated properties, so one schema carries a gate per
//! property and [`Property::present`] filters it.

use crate::gates::{FeatureGates, Gate};
use crate::spelling::edits_within;

#[derive(Debug)]
pub enum Schema {
    Object(&'static ObjectSchema),
    Array(&'static ArraySchema),
    String(&'static StringSchema),
    /// `type: integer`.
    Integer,
    /// `x-kubernetes-int-or-string` with the resource.Quantity `pattern` on strings.
    Quantity,
    /// `type: object` with `additionalProperties: {type: string}`.
    StringMap,
    /// Accepted as is: parts of ObjectMeta and status that ctrcfg does not check.
    Any,
}

#[derive(Debug)]
pub struct Property {
    pub name: &'static str,
    pub schema: Schema,
    /// The property exists only in CRD variants that have this gate's fields.
    pub gate: Option<Gate>,
}

impl Property {
    pub fn present(&self, gates: &FeatureGates) -> bool {
        self.gate.is_none_or(|g| gates.crd_has(g))
    }
}

#[derive(Debug)]
pub struct ObjectSchema {
    pub properties: &'static [Property],
    pub required: &'static [&'static str],
}

impl ObjectSchema {
    pub fn property(&self, name: &str) -> Option<&'static Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// The property a mistyped `name` most likely means: the same name in another case, or the
    /// closest within [`close_enough`]'s edit distance (the first in schema order on a tie).
    /// Gated properties are candidates whatever the gates say, so that a caller can tell the
    /// user the field it meant is left out too. `None` for a property's exact name: that field
    /// is known, only gated off.
    pub fn closest(&self, name: &str) -> Option<&'static Property> {
        if self.property(name).is_some() {
            return None;
        }
        let name = name.to_ascii_lowercase();
        // A likely typo: one edit per four characters, at least one (`logLevl`,
        // `additonalImageStores`, `additionalImageStore`, but not `additionalStores`).
        let limit = (name.chars().count() / 4).max(1);
        self.properties
            .iter()
            .filter_map(|p| edits_within(&name, &p.name.to_ascii_lowercase(), limit).map(|d| (d, p)))
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, p)| p)
    }
}

#[derive(Debug)]
pub struct ArraySchema {
    pub items: Schema,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    /// The CEL rule `self.all(x, self.exists_one(y, x.path == y.path))` with this message.
    pub unique_paths: Option<&'static str>,
}

#[derive(Debug)]
pub struct StringSchema {
    pub enum_values: &'static [&'static str],
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// `StorePath`'s CEL rules: the character regex, no `//`, and (from openshift/api #2999)
    /// no `..` component.
    pub store_path: bool,
}

/// The CRD's `pattern` for resource.Quantity strings.
pub const QUANTITY_PATTERN: &str = r"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

/// CEL messages of `StorePath`.
pub const PATH_CHARS_MESSAGE: &str =
    "path must be absolute and contain only alphanumeric characters, '/', '.', '_', and '-'";
pub const PATH_SLASHES_MESSAGE: &str = "path must not contain consecutive forward slashes";
/// The third rule, from openshift/api #2999 ([`crate::release::Rule::ApiNoDotDot`]).
pub const PATH_DOT_DOT_MESSAGE: &str = "path must not contain '..' components";

const PLAIN: StringSchema = StringSchema { enum_values: &[], min_length: None, max_length: None, store_path: false };

static STRING: StringSchema = PLAIN;
static STORE_PATH: StringSchema =
    StringSchema { enum_values: &[], min_length: Some(1), max_length: Some(256), store_path: true };
static DEFAULT_RUNTIME: StringSchema = StringSchema { enum_values: &["crun", "runc"], ..PLAIN };
static GOMAXPROCS: StringSchema = StringSchema { enum_values: &["Autosize", "Disabled"], ..PLAIN };

static STORE: ObjectSchema = ObjectSchema {
    properties: &[Property { name: "path", schema: Schema::String(&STORE_PATH), gate: None }],
    required: &["path"],
};

const fn store_list(max_items: usize, message: &'static str) -> ArraySchema {
    ArraySchema {
        items: Schema::Object(&STORE),
        min_items: Some(1),
        max_items: Some(max_items),
        unique_paths: Some(message),
    }
}

static LAYER_STORES: ArraySchema = store_list(5, "additionalLayerStores must not contain duplicate paths");
static IMAGE_STORES: ArraySchema = store_list(10, "additionalImageStores must not contain duplicate paths");
static ARTIFACT_STORES: ArraySchema = store_list(10, "additionalArtifactStores must not contain duplicate paths");

const STORAGE: Option<Gate> = Some(Gate::AdditionalStorageConfig);

static CONTAINER_RUNTIME_CONFIG: ObjectSchema = ObjectSchema {
    properties: &[
        Property { name: "additionalArtifactStores", schema: Schema::Array(&ARTIFACT_STORES), gate: STORAGE },
        Property { name: "additionalImageStores", schema: Schema::Array(&IMAGE_STORES), gate: STORAGE },
        Property { name: "additionalLayerStores", schema: Schema::Array(&LAYER_STORES), gate: STORAGE },
        Property {
            name: "containerGomaxprocsBehavior",
            schema: Schema::String(&GOMAXPROCS),
            gate: Some(Gate::GomaxprocsInjection),
        },
        Property { name: "defaultRuntime", schema: Schema::String(&DEFAULT_RUNTIME), gate: None },
        Property { name: "logLevel", schema: Schema::String(&STRING), gate: None },
        Property { name: "logSizeMax", schema: Schema::Quantity, gate: None },
        Property { name: "overlaySize", schema: Schema::Quantity, gate: None },
        Property { name: "pidsLimit", schema: Schema::Integer, gate: None },
    ],
    required: &[],
};

static EXPRESSION_VALUES: ArraySchema =
    ArraySchema { items: Schema::String(&STRING), min_items: None, max_items: None, unique_paths: None };

static EXPRESSION: ObjectSchema = ObjectSchema {
    properties: &[
        Property { name: "key", schema: Schema::String(&STRING), gate: None },
        Property { name: "operator", schema: Schema::String(&STRING), gate: None },
        Property { name: "values", schema: Schema::Array(&EXPRESSION_VALUES), gate: None },
    ],
    required: &["key", "operator"],
};

static EXPRESSIONS: ArraySchema =
    ArraySchema { items: Schema::Object(&EXPRESSION), min_items: None, max_items: None, unique_paths: None };

static LABEL_SELECTOR: ObjectSchema = ObjectSchema {
    properties: &[
        Property { name: "matchExpressions", schema: Schema::Array(&EXPRESSIONS), gate: None },
        Property { name: "matchLabels", schema: Schema::StringMap, gate: None },
    ],
    required: &[],
};

static SPEC: ObjectSchema = ObjectSchema {
    properties: &[
        Property { name: "containerRuntimeConfig", schema: Schema::Object(&CONTAINER_RUNTIME_CONFIG), gate: None },
        Property { name: "machineConfigPoolSelector", schema: Schema::Object(&LABEL_SELECTOR), gate: None },
    ],
    required: &["containerRuntimeConfig"],
};

/// ObjectMeta as the API server decodes it: known fields pass, others are unknown.
static METADATA: ObjectSchema = ObjectSchema {
    properties: &[
        Property { name: "annotations", schema: Schema::StringMap, gate: None },
        Property { name: "creationTimestamp", schema: Schema::Any, gate: None },
        Property { name: "deletionGracePeriodSeconds", schema: Schema::Any, gate: None },
        Property { name: "deletionTimestamp", schema: Schema::Any, gate: None },
        Property { name: "finalizers", schema: Schema::Any, gate: None },
        Property { name: "generateName", schema: Schema::String(&STRING), gate: None },
        Property { name: "generation", schema: Schema::Any, gate: None },
        Property { name: "labels", schema: Schema::StringMap, gate: None },
        Property { name: "managedFields", schema: Schema::Any, gate: None },
        Property { name: "name", schema: Schema::String(&STRING), gate: None },
        Property { name: "namespace", schema: Schema::Any, gate: None },
        Property { name: "ownerReferences", schema: Schema::Any, gate: None },
        Property { name: "resourceVersion", schema: Schema::Any, gate: None },
        Property { name: "selfLink", schema: Schema::Any, gate: None },
        Property { name: "uid", schema: Schema::Any, gate: None },
    ],
    required: &[],
};

/// The whole object.
pub static ROOT: ObjectSchema = ObjectSchema {
    properties: &[
        Property { name: "apiVersion", schema: Schema::String(&STRING), gate: None },
        Property { name: "kind", schema: Schema::String(&STRING), gate: None },
        Property { name: "metadata", schema: Schema::Object(&METADATA), gate: None },
        Property { name: "spec", schema: Schema::Object(&SPEC), gate: None },
        Property { name: "status", schema: Schema::Any, gate: None },
    ],
    required: &["spec"],
};

/// The gate a property under `spec.containerRuntimeConfig` needs, if any.
pub fn gate_of(field: &str) -> Option<Gate> {
    CONTAINER_RUNTIME_CONFIG.property(field).and_then(|p| p.gate)
}

/// `^/[a-zA-Z0-9/._-]+$`, StorePath's first CEL rule.
pub fn path_chars_ok(path: &str) -> bool {
    path.len() > 1
        && path.starts_with('/')
        && path.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-'))
}

/// `self.split('/').filter(s, s == '..').size() != 0`: a whole component is `..`; `foo..bar`
/// is a name. The MCO (`strings.Split`) and CRI-O (`slices.Contains`) test the same.
pub fn has_dot_dot(path: &str) -> bool {
    path.split('/').any(|s| s == "..")
}

/// [`QUANTITY_PATTERN`], matched by hand so the wasm build carries no regex engine.
pub fn quantity_pattern_ok(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let Some(rest) = decimal(s) else { return false };
    match rest.as_bytes() {
        [] => true,
        [b'K' | b'M' | b'G' | b'T' | b'P' | b'E', b'i'] => true,
        [b'n' | b'u' | b'm' | b'k' | b'M' | b'G' | b'T' | b'P' | b'E'] => true,
        [b'e' | b'E', ..] => {
            let exp = &rest[1..];
            decimal(exp.strip_prefix(['+', '-']).unwrap_or(exp)) == Some("")
        }
        _ => false,
    }
}

/// `([0-9]+(\.[0-9]*)?)|(\.[0-9]+)` at the start of `s`; returns the rest.
fn decimal(s: &str) -> Option<&str> {
    let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &s[int_len..];
    match rest.strip_prefix('.') {
        Some(after) => {
            let frac_len = after.bytes().take_while(u8::is_ascii_digit).count();
            (int_len > 0 || frac_len > 0).then(|| &after[frac_len..])
        }
        None => (int_len > 0).then_some(rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn quantity_pattern_matches_the_crd_regex() {
        for ok in ["1", "10Gi", "+1.5G", "-1", ".5", "5.", "1e3", "1E-3", "1e1.5", "1.5e+.5", "100m", "8Ki"] {
            assert!(quantity_pattern_ok(ok), "{ok}");
        }
        for bad in ["", ".", "+", "Gi", "1Ki5", "1KB", "1gi", "1 G", "1e", "1e+", "--1", "1Zi", "0x10"] {
            assert!(!quantity_pattern_ok(bad), "{bad}");
        }
    }

    #[test]
    fn store_path_characters() {
        for ok in ["/a", "/var/lib/stargz-store", "/opt/layer_store-v1.0", "//x", "/."] {
            assert!(path_chars_ok(ok), "{ok}");
        }
        for bad in ["/", "", "a/b", "/a b", "/a@b", "/a:ref", "/é"] {
            assert!(!path_chars_ok(bad), "{bad}");
        }
    }

    #[test]
    fn closest_properties() {
        let closest = |name: &str| CONTAINER_RUNTIME_CONFIG.closest(name).map(|p| p.name);
        for typo in ["AdditionalImageStores", "additionalImageStore", "additonalImageStores", "additionalimagestores"] {
            assert_eq!(closest(typo), Some("additionalImageStores"), "{typo}");
        }
        assert_eq!(closest("additionalLayerStore"), Some("additionalLayerStores"));
        assert_eq!(closest("logLevl"), Some("logLevel"));
        assert_eq!(closest("pidLimit"), Some("pidsLimit"));
        assert_eq!(closest("OverlaySize"), Some("overlaySize"));
        // Too far from any field, and a known field's own name.
        for far in ["additionalStores", "storage", "foo", "logSize", "imageStores", "additionalImageStores"] {
            assert_eq!(closest(far), None, "{far}");
        }
        assert_eq!(ROOT.closest("Spec").map(|p| p.name), Some("spec"));
        assert_eq!(STORE.closest("paht").map(|p| p.name), Some("path"));
        assert_eq!(STORE.closest("size").map(|p| p.name), None);
    }

    /// openshift/api d729ac6e `AdditionalStorageConfig.yaml`: `/var/lib/foo..bar` is valid,
    /// `/var/lib/../../etc` and `/mnt/store/..` are not.
    #[test]
    fn dot_dot_components() {
        for bad in ["/var/lib/../../etc", "/mnt/store/..", "/..", "/a/../b"] {
            assert!(has_dot_dot(bad), "{bad}");
        }
        for ok in ["/var/lib/foo..bar", "/...", "/a/./b", "/a..", "/..a"] {
            assert!(!has_dot_dot(ok), "{ok}");
        }
    }
}
