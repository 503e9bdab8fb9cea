//! The MachineConfig the MCO creates for a ContainerRuntimeConfig and a pool.
//!
//! Source: openshift/machine-config-operator 7ff337a4,
//! `container_runtime_config_controller.go` `syncContainerRuntimeConfig` (name from
//! `getManagedKeyCtrCfg`, role label = pool name via `MachineConfigFromIgnConfig`, annotations
//! replaced by the generated-by-controller-version one, a controller owner reference) and
//! openshift/api `machineconfiguration/v1` `MachineConfigSpec` (only `config` is omitempty, so
//! the controller sends all seven spec fields).

use super::ignition;
use super::NodeFile;
use crate::api::{API_VERSION, KIND};
use crate::pools::read::ROLE_LABEL;
use crate::tree::Tree;

pub const GENERATED_BY_ANNOTATION: &str = "machineconfiguration.openshift.io/generated-by-controller-version";
/// Stands for the controller's build hash (`version.Hash`), which ctrcfg cannot know.
pub const CONTROLLER_VERSION: &str = "<machine-config-controller version hash>";
/// Stands for the config's `metadata.uid` when the input has none (a config not yet created).
pub const UNKNOWN_UID: &str = "<uid assigned by the API server>";
/// `MaxMCNameSuffix` in `pkg/controller/common/constants.go`.
pub const MAX_NAME_SUFFIX: u32 = 9;

/// `99-<pool>-generated-containerruntime`, with `-<suffix>` for every config after the first.
pub fn name(pool: &str, suffix: u32) -> String {
    match suffix {
        0 => format!("99-{pool}-generated-containerruntime"),
        n => format!("99-{pool}-generated-containerruntime-{n}"),
    }
}

/// One generated MachineConfig.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MachineConfig {
    pub name: String,
    /// The pool it was generated for, which is also its role label.
    pub role: String,
    /// The owning ContainerRuntimeConfig's name, uid and document.
    pub owner: String,
    pub owner_uid: Option<String>,
    pub document: usize,
    /// The files, in the MCO's order.
    pub files: Vec<NodeFile>,
}

impl MachineConfig {
    /// `spec.config`: the Ignition the MCO marshals.
    pub fn ignition(&self) -> Tree {
        ignition::config(&self.files)
    }

    /// The object as the controller sends it; keys sorted as `oc get -o yaml` prints them.
    pub fn tree(&self) -> Tree {
        let owner = Tree::map([
            ("apiVersion", Tree::str(API_VERSION)),
            ("blockOwnerDeletion", Tree::Bool(true)),
            ("controller", Tree::Bool(true)),
            ("kind", Tree::str(KIND)),
            ("name", Tree::str(&self.owner)),
            ("uid", Tree::str(self.owner_uid.as_deref().unwrap_or(UNKNOWN_UID))),
        ]);
        Tree::map([
            ("apiVersion", Tree::str(API_VERSION)),
            ("kind", Tree::str("MachineConfig")),
            (
                "metadata",
                Tree::map([
                    ("annotations", Tree::map([(GENERATED_BY_ANNOTATION, Tree::str(CONTROLLER_VERSION))])),
                    ("labels", Tree::map([(ROLE_LABEL, Tree::str(&self.role))])),
                    ("name", Tree::str(&self.name)),
                    ("ownerReferences", Tree::Seq(vec![owner])),
                ]),
            ),
            (
                "spec",
                Tree::map([
                    ("baseOSExtensionsContainerImage", Tree::str("")),
                    ("config", self.ignition()),
                    ("extensions", Tree::Null),
                    ("fips", Tree::Bool(false)),
                    ("kernelArguments", Tree::Null),
                    ("kernelType", Tree::str("")),
                    ("osImageURL", Tree::str("")),
                ]),
            ),
        ])
        .sorted()
    }

    pub fn yaml(&self) -> String {
        self.tree().to_yaml()
    }
}
