//! Feature sets and the feature gates that shape the ContainerRuntimeConfig CRD.
//!
//! Source: openshift/api `features/features.go` on each release's branch ([`Release`]).
//! - `AdditionalStorageConfig` gates the three store lists. It was TechPreviewNoUpgrade and
//!   DevPreviewNoUpgrade only when introduced (e54c5804f, 2026-03-03), and still is on
//!   release-4.22 (9fda5179); 833c6e735 (2026-07-24) promoted it to Default and OKD, which
//!   release-5.0 (e543cc50) and master (2a3d7391) have ([`Rule::StorageGateInDefault`]).
//! - `GomaxprocsInjection` gates `containerGomaxprocsBehavior`; TechPreviewNoUpgrade and
//!   DevPreviewNoUpgrade only, and only on master: neither the gate nor the field exists on the
//!   4.22 and 5.0 branches ([`Rule::GomaxprocsField`]).
//!
//! A gate that is off in a feature set removes its field from that set's CRD variant, so the API
//! server treats the field as unknown; the CustomNoUpgrade variant is generated with every gated
//! field (openshift/api `machineconfiguration/v1/zz_generated.crd-manifests/
//! 0000_80_machine-config_01_containerruntimeconfigs-CustomNoUpgrade.crd.yaml` has both
//! `additionalImageStores` and `containerGomaxprocsBehavior`), so there a field the gate leaves
//! off is accepted. With the gate off the MCO validates the store paths but does not render them.

use crate::release::{Release, Rule};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FeatureSet {
    Default,
    TechPreviewNoUpgrade,
    DevPreviewNoUpgrade,
    Okd,
    /// Only the gates named with `--feature-gates` are on.
    CustomNoUpgrade,
}

impl FeatureSet {
    pub const ALL: [FeatureSet; 5] = [
        FeatureSet::Default,
        FeatureSet::TechPreviewNoUpgrade,
        FeatureSet::DevPreviewNoUpgrade,
        FeatureSet::Okd,
        FeatureSet::CustomNoUpgrade,
    ];

    /// The name as written in a FeatureGate's `spec.featureSet` (`""` is Default there).
    pub const fn name(self) -> &'static str {
        match self {
            FeatureSet::Default => "Default",
            FeatureSet::TechPreviewNoUpgrade => "TechPreviewNoUpgrade",
            FeatureSet::DevPreviewNoUpgrade => "DevPreviewNoUpgrade",
            FeatureSet::Okd => "OKD",
            FeatureSet::CustomNoUpgrade => "CustomNoUpgrade",
        }
    }

    /// The names, for messages that list what is known.
    pub fn names() -> String {
        FeatureSet::ALL.map(FeatureSet::name).join(", ")
    }

    pub fn from_name(name: &str) -> Option<FeatureSet> {
        if name.is_empty() {
            return Some(FeatureSet::Default);
        }
        FeatureSet::ALL.into_iter().find(|s| s.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for FeatureSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gate {
    AdditionalStorageConfig,
    GomaxprocsInjection,
}

impl Gate {
    pub const ALL: [Gate; 2] = [Gate::AdditionalStorageConfig, Gate::GomaxprocsInjection];

    pub const fn name(self) -> &'static str {
        match self {
            Gate::AdditionalStorageConfig => "AdditionalStorageConfig",
            Gate::GomaxprocsInjection => "GomaxprocsInjection",
        }
    }

    pub fn from_name(name: &str) -> Option<Gate> {
        Gate::ALL.into_iter().find(|g| g.name() == name)
    }

    /// The oldest modelled release that has the gate.
    pub const fn since(self) -> Release {
        match self {
            Gate::AdditionalStorageConfig => Release::Ocp4_22,
            Gate::GomaxprocsInjection => Rule::GomaxprocsField.since(),
        }
    }

    /// Whether the release knows the gate at all.
    pub fn exists_at(self, release: Release) -> bool {
        release >= self.since()
    }

    /// Whether the gate is on in a feature set, per the release's gate table.
    pub fn enabled_in(self, set: FeatureSet, release: Release) -> bool {
        let preview = matches!(set, FeatureSet::TechPreviewNoUpgrade | FeatureSet::DevPreviewNoUpgrade);
        match (self, set) {
            _ if !self.exists_at(release) => false,
            (_, FeatureSet::CustomNoUpgrade) => false,
            (Gate::AdditionalStorageConfig, _) => preview || release.has(Rule::StorageGateInDefault),
            (Gate::GomaxprocsInjection, _) => preview,
        }
    }
}

/// The gates in force: a release's gate table for a feature set, plus explicit overrides
/// (`--feature-gates Gate=bool`). The release lives here because it decides the table, and the
/// rest of validation reads it from here ([`FeatureGates::release`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeatureGates {
    pub set: FeatureSet,
    release: Release,
    overrides: Vec<(Gate, bool)>,
}

impl Default for FeatureGates {
    fn default() -> Self {
        FeatureGates::new(FeatureSet::Default)
    }
}

impl FeatureGates {
    /// A feature set at the newest level ([`Release::Latest`]).
    pub fn new(set: FeatureSet) -> Self {
        FeatureGates { set, release: Release::Latest, overrides: Vec::new() }
    }

    /// The same set at another release; overrides of gates the release lacks are dropped.
    pub fn at(mut self, release: Release) -> Self {
        self.release = release;
        self.overrides.retain(|(g, _)| g.exists_at(release));
        self
    }

    pub fn release(&self) -> Release {
        self.release
    }

    /// Turns a gate on or off regardless of the feature set; the last override wins.
    pub fn with(mut self, gate: Gate, enabled: bool) -> Self {
        self.overrides.retain(|(g, _)| *g != gate);
        self.overrides.push((gate, enabled));
        self
    }

    pub fn enabled(&self, gate: Gate) -> bool {
        self.overrides
            .iter()
            .find(|(g, _)| *g == gate)
            .map_or_else(|| gate.enabled_in(self.set, self.release), |(_, on)| *on)
    }

    /// Whether the installed CRD variant has the gate's fields: CustomNoUpgrade's variant has
    /// every gated field; any other set's has them when the gate is on (an override to off
    /// models a release whose set had the gate off, such as Default in OpenShift 4.22).
    pub fn crd_has(&self, gate: Gate) -> bool {
        gate.exists_at(self.release) && (self.set == FeatureSet::CustomNoUpgrade || self.enabled(gate))
    }

    /// Parses `Gate=bool,Gate=bool` as `--feature-gates` takes it, for the release already set.
    /// The message of a refusal names no flag: the caller says where the list was given.
    pub fn parse_overrides(mut self, spec: &str) -> Result<Self, String> {
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) =
                part.split_once('=').ok_or_else(|| format!("{part:?} is not Gate=true or Gate=false"))?;
            let gate = Gate::from_name(name.trim()).ok_or_else(|| {
                let known: Vec<&str> = Gate::ALL.iter().map(|g| g.name()).collect();
                format!("unknown gate {:?}; known gates: {}", name.trim(), known.join(", "))
            })?;
            if !gate.exists_at(self.release) {
                return Err(format!(
                    "{} has no gate {:?} (it starts at {})",
                    self.release.label(),
                    gate.name(),
                    gate.since().label()
                ));
            }
            let on = match value.trim() {
                "true" => true,
                "false" => false,
                other => return Err(format!("{name}={other:?} must be true or false")),
            };
            self = self.with(gate, on);
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// openshift/api features/features.go: on release-4.22 9fda5179 AdditionalStorageConfig is
    /// `enable(inDevPreviewNoUpgrade(), inTechPreviewNoUpgrade())`; on release-5.0 e543cc50 and
    /// master 2a3d7391 `enable(inDefault(), inOKD(), inTechPreviewNoUpgrade(),
    /// inDevPreviewNoUpgrade())`; GomaxprocsInjection is registered on master only.
    #[test]
    fn gate_tables_per_release_match_upstream() {
        let at = |r: Release, set: FeatureSet| FeatureGates::new(set).at(r);
        for set in [FeatureSet::Default, FeatureSet::Okd] {
            assert!(!at(Release::Ocp4_22, set).enabled(Gate::AdditionalStorageConfig), "{set}");
            assert!(!at(Release::Ocp4_22, set).crd_has(Gate::AdditionalStorageConfig), "{set}");
            assert!(at(Release::Ocp5_0, set).enabled(Gate::AdditionalStorageConfig), "{set}");
        }
        for set in [FeatureSet::TechPreviewNoUpgrade, FeatureSet::DevPreviewNoUpgrade] {
            assert!(at(Release::Ocp4_22, set).enabled(Gate::AdditionalStorageConfig), "{set}");
            assert!(!at(Release::Ocp5_0, set).enabled(Gate::GomaxprocsInjection), "{set}");
            assert!(!at(Release::Ocp5_0, set).crd_has(Gate::GomaxprocsInjection), "{set}");
        }
        // CustomNoUpgrade's variant has every gated field the release knows.
        assert!(at(Release::Ocp4_22, FeatureSet::CustomNoUpgrade).crd_has(Gate::AdditionalStorageConfig));
        assert!(!at(Release::Ocp4_22, FeatureSet::CustomNoUpgrade).crd_has(Gate::GomaxprocsInjection));
        assert_eq!(
            at(Release::Ocp5_0, FeatureSet::Default).parse_overrides("GomaxprocsInjection=true").unwrap_err(),
            "OpenShift 5.0 has no gate \"GomaxprocsInjection\" (it starts at latest upstream)"
        );
    }

    #[test]
    fn gate_table_matches_upstream() {
        for set in
            [FeatureSet::Default, FeatureSet::Okd, FeatureSet::TechPreviewNoUpgrade, FeatureSet::DevPreviewNoUpgrade]
        {
            assert!(FeatureGates::new(set).enabled(Gate::AdditionalStorageConfig), "{set}");
        }
        assert!(!FeatureGates::new(FeatureSet::Default).enabled(Gate::GomaxprocsInjection));
        assert!(!FeatureGates::new(FeatureSet::Okd).enabled(Gate::GomaxprocsInjection));
        assert!(FeatureGates::new(FeatureSet::TechPreviewNoUpgrade).enabled(Gate::GomaxprocsInjection));
        assert!(!FeatureGates::new(FeatureSet::CustomNoUpgrade).enabled(Gate::AdditionalStorageConfig));
        // The CustomNoUpgrade CRD variant has every gated field; Default has only its gates' ones.
        assert!(FeatureGates::new(FeatureSet::CustomNoUpgrade).crd_has(Gate::GomaxprocsInjection));
        assert!(!FeatureGates::new(FeatureSet::Default).crd_has(Gate::GomaxprocsInjection));
    }

    #[test]
    fn overrides_parse_and_win() {
        let gates =
            FeatureGates::default().parse_overrides("AdditionalStorageConfig=false, GomaxprocsInjection=true").unwrap();
        assert!(!gates.enabled(Gate::AdditionalStorageConfig));
        assert!(gates.enabled(Gate::GomaxprocsInjection));
        assert_eq!(
            FeatureGates::default().parse_overrides("Nope=true").unwrap_err(),
            "unknown gate \"Nope\"; known gates: AdditionalStorageConfig, GomaxprocsInjection"
        );
        assert!(FeatureGates::default().parse_overrides("AdditionalStorageConfig=yes").is_err());
        assert_eq!(FeatureSet::from_name("techpreviewnoupgrade"), Some(FeatureSet::TechPreviewNoUpgrade));
        assert_eq!(FeatureSet::from_name("okd"), Some(FeatureSet::Okd));
    }
}
