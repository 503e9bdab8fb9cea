//! Butane configs for the same files, for people who write Ignition by hand.
//!
//! Source: coreos/butane cb34e120 (`docs/specs.md`, `config/openshift/v4_22`,
//! `config/fcos/v1_7`): the latest stable `openshift` variant is 4.22.0 (Ignition 3.5.0, what
//! the MCO uses) and requires `metadata.name` and the role label; the latest stable `fcos`
//! variant is 1.7.0 (Ignition 3.6.0). Modes are written in decimal (420 is 0644), which both
//! variants read unambiguously.

use crate::pools::read::ROLE_LABEL;
use crate::render::ignition::FILE_MODE;
use crate::render::machine_config::MachineConfig;
use crate::tree::Tree;

pub const OPENSHIFT_VERSION: &str = "4.22.0";
pub const FCOS_VERSION: &str = "1.7.0";

/// A MachineConfig as an `openshift` Butane config.
pub fn openshift(mc: &MachineConfig) -> String {
    let files = mc.files.iter().map(|f| (f.path.as_str(), f.contents.as_str()));
    Tree::map([
        ("variant", Tree::str("openshift")),
        ("version", Tree::str(OPENSHIFT_VERSION)),
        (
            "metadata",
            Tree::map([("name", Tree::str(&mc.name)), ("labels", Tree::map([(ROLE_LABEL, Tree::str(&mc.role))]))]),
        ),
        ("storage", storage(files)),
    ])
    .to_yaml()
}

/// Files as an `fcos` Butane config, for a node outside OpenShift.
pub fn fcos<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    Tree::map([("variant", Tree::str("fcos")), ("version", Tree::str(FCOS_VERSION)), ("storage", storage(files))])
        .to_yaml()
}

fn storage<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Tree {
    let files = files
        .into_iter()
        .map(|(path, contents)| {
            Tree::map([
                ("path", Tree::str(path)),
                ("mode", Tree::Int(FILE_MODE)),
                ("overwrite", Tree::Bool(true)),
                ("contents", Tree::map([("inline", Tree::Text(contents.to_owned()))])),
            ])
        })
        .collect();
    Tree::map([("files", Tree::Seq(files))])
}
